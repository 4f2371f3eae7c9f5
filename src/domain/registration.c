/* registration.c: validation of a new child + guardians + initiative. Pure. */
#include "domain/registration.h"
#include "domain/personnummer.h"
#include "domain/checks.h"
#include "util/form.h"

static const char *pnr_code(enum bp_pnr_result r)
{
    switch (r) {
    case BP_PNR_FORMAT:
        return "pnr_format";
    case BP_PNR_DATE:
        return "pnr_date";
    case BP_PNR_CHECKSUM:
        return "pnr_checksum";
    case BP_PNR_FUTURE:
        return "future";
    case BP_PNR_OK:
        break;
    }
    return NULL;
}

static bool guardian_empty(const struct bp_guardian_input *g)
{
    return bp_text_empty(g->name) && bp_text_empty(g->id_number) && bp_text_empty(g->phone) &&
           bp_text_empty(g->email) && bp_text_empty(g->address) && bp_text_empty(g->interpreter_language);
}

static void validate_child(struct bp_arena *a, const struct bp_registration_input *in, struct bp_date today,
                           struct bp_child *c, struct bp_field_errors *e)
{
    int kind = BP_CODE_FIND(bp_id_kind_codes, bp_text_empty(in->id_kind) ? "personnummer" : in->id_kind);
    int64_t today_days = bp_days_from_civil(today.y, today.m, today.d);

    bp_check_text(e, "child.given_name", in->given_name, BP_MAX_NAME, true);
    bp_check_text(e, "child.family_name", in->family_name, BP_MAX_NAME, true);
    c->given_name = in->given_name;
    c->family_name = in->family_name;
    if (kind < 0) {
        bp_field_errors_add(e, "child.id_kind", "choice");
    } else if (kind == BP_ID_RESERVE) {
        struct bp_date bd;
        c->id_kind = BP_ID_RESERVE;
        c->id_number = bp_text_empty(in->id_number) ? "" : in->id_number;
        bp_check_text(e, "child.id_number", in->id_number, BP_MAX_SHORT_TEXT, false);
        if (bp_text_empty(in->birth_date)) {
            bp_field_errors_add(e, "child.birth_date", "required");
        } else if (!bp_date_parse(in->birth_date, &bd)) {
            bp_field_errors_add(e, "child.birth_date", "date");
        } else if (bp_days_from_civil(bd.y, bd.m, bd.d) > today_days) {
            bp_field_errors_add(e, "child.birth_date", "future");
        } else {
            c->birth_date = in->birth_date;
        }
    } else {
        /* personnummer or samordningsnummer: the number itself tells which */
        struct bp_pnr p;
        enum bp_pnr_result r;
        if (bp_text_empty(in->id_number)) {
            bp_field_errors_add(e, "child.id_number", "required");
        } else if ((r = bp_pnr_parse(in->id_number, today, &p)) != BP_PNR_OK) {
            bp_field_errors_add(e, "child.id_number", pnr_code(r));
        } else {
            char bd[11];
            c->id_kind = p.kind;
            c->id_number = bp_arena_strdup(a, p.normalized);
            bp_date_format(p.birth, bd);
            c->birth_date = bp_arena_strdup(a, bd);
        }
    }
    bp_check_text(e, "child.language", in->language, BP_MAX_SHORT_TEXT, false);
    c->language = in->language ? in->language : "";
    c->needs_interpreter = in->needs_interpreter;
    c->picture_support = in->picture_support;
    c->protected = in->child_protected; /* issue 10 item 10 */
    c->interpreter_language = in->interpreter_language ? in->interpreter_language : "";
    if (in->needs_interpreter)
        bp_check_text(e, "child.interpreter_language", in->interpreter_language, BP_MAX_SHORT_TEXT, true);
    else
        bp_check_text(e, "child.interpreter_language", in->interpreter_language, BP_MAX_SHORT_TEXT, false);
}

static void validate_guardians(struct bp_arena *a, const struct bp_registration_input *in,
                               struct bp_date today, struct bp_registration *out, struct bp_field_errors *e)
{
    size_t i, joint = 0, first_joint = 0;
    out->n_guardians = 0;
    for (i = 0; i < in->n_guardians && i < BP_MAX_GUARDIANS_INPUT; i++) {
        const struct bp_guardian_input *g = &in->guardians[i];
        struct bp_guardian *og = &out->guardians[out->n_guardians];
        int custody;
        char *f;
#define GF(name) (f = bp_arena_printf(a, "guardians.%zu.%s", i, name))
        if (guardian_empty(g))
            continue;
        bp_check_text(e, GF("name"), g->name, BP_MAX_NAME, true);
        og->name = g->name;
        og->id_number = "";
        if (!bp_text_empty(g->id_number)) {
            struct bp_pnr p;
            enum bp_pnr_result r = bp_pnr_parse(g->id_number, today, &p);
            if (r != BP_PNR_OK)
                bp_field_errors_add(e, GF("id_number"), pnr_code(r));
            else
                og->id_number = bp_arena_strdup(a, p.normalized);
        }
        custody = BP_CODE_FIND(bp_custody_codes, g->custody);
        if (custody < 0) {
            bp_field_errors_add(e, GF("custody"), bp_text_empty(g->custody) ? "required" : "choice");
        } else {
            og->custody = (enum bp_custody)custody;
            if (custody == BP_CUSTODY_JOINT && joint++ == 0)
                first_joint = i;
        }
        bp_check_text(e, GF("phone"), g->phone, BP_MAX_SHORT_TEXT, false);
        bp_check_email(e, GF("email"), g->email);
        bp_check_text(e, GF("address"), g->address, BP_MAX_LONG_TEXT, false);
        bp_check_text(e, GF("interpreter_language"), g->interpreter_language, BP_MAX_SHORT_TEXT, false);
        og->phone = g->phone ? g->phone : "";
        og->email = g->email ? g->email : "";
        og->address = g->address ? g->address : "";
        og->interpreter_language = g->interpreter_language ? g->interpreter_language : "";
        og->protected = g->protected;
        out->n_guardians++;
#undef GF
    }
    if (bp_custodians_count(out->guardians, out->n_guardians) ==
        0) /* a parent without custody is no guardian */
        bp_field_errors_add(e, "guardians.0.name", "guardian_required");
    else if (joint == 1) /* joint custody: both guardians consent (V-2.1, glossary), so both are registered */
        bp_field_errors_add(
            e, bp_arena_printf(a, "guardians.%zu.name", first_joint == 0 ? (size_t)1 : (size_t)0),
            "second_guardian");
}

static void validate_initiative(const struct bp_registration_input *in, const struct bp_user *user,
                                struct bp_date today, struct bp_case *k, struct bp_field_errors *e)
{
    int model = BP_CODE_FIND(bp_model_codes, in->model);
    int route = BP_CODE_FIND(bp_route_codes, in->route);
    int req =
        BP_CODE_FIND(bp_requester_codes, bp_text_empty(in->requested_by) ? "professional" : in->requested_by);
    int64_t org_id = 0;
    struct bp_date noticed;
    size_t i;

    if (model < 0)
        bp_field_errors_add(e, "initiative.model", bp_text_empty(in->model) ? "required" : "choice");
    if (route < 0)
        bp_field_errors_add(e, "initiative.route", bp_text_empty(in->route) ? "required" : "choice");
    else if (model >= 0 && !bp_route_allowed((enum bp_model)model, (enum bp_route)route))
        bp_field_errors_add(e, "initiative.route", "route_model");
    if (req < 0)
        bp_field_errors_add(e, "initiative.requested_by", "choice");
    if (bp_text_empty(in->noticed_on))
        bp_field_errors_add(e, "initiative.noticed_on", "required");
    else if (!bp_date_parse(in->noticed_on, &noticed))
        bp_field_errors_add(e, "initiative.noticed_on", "date");
    else if (bp_days_from_civil(noticed.y, noticed.m, noticed.d) >
             bp_days_from_civil(today.y, today.m, today.d))
        bp_field_errors_add(e, "initiative.noticed_on", "future");
    bp_check_text(e, "initiative.reason", in->reason, BP_MAX_LONG_TEXT, true);

    k->triggers = 0;
    for (i = 0; i < in->n_triggers && i < BP_TRIGGER_COUNT + 1; i++) {
        int t = BP_CODE_FIND(bp_trigger_codes, in->triggers[i]);
        if (t < 0) {
            bp_field_errors_add(e, "initiative.triggers", "choice");
            break;
        }
        k->triggers |= 1u << t;
    }

    if (bp_text_empty(in->org_id)) {
        if (user && user->n_orgs == 1)
            org_id = user->orgs[0].org_id;
        else
            bp_field_errors_add(e, "initiative.org_id", "required");
    } else if (!bp_parse_int64(in->org_id, 1, INT64_MAX, &org_id)) {
        bp_field_errors_add(e, "initiative.org_id", "choice");
    }
    if (org_id) {
        bool member = false;
        for (i = 0; user && i < user->n_orgs; i++)
            member |= user->orgs[i].org_id == org_id;
        if (!member) {
            bp_field_errors_add(e, "initiative.org_id", "not_member"); /* V-1.1: one's own organisation */
            org_id = 0;
        }
    }

    k->model = model < 0 ? BP_MODEL_VASTERBOTTEN : (enum bp_model)model;
    k->route = route < 0 ? BP_ROUTE_HLT : (enum bp_route)route;
    k->requested_by = req < 0 ? BP_REQ_PROFESSIONAL : (enum bp_requester)req;
    k->plan_kind = bp_plan_kind_for(k->model, in->insist_on_sip);
    k->status = BP_CASE_OPEN;
    k->noticed_on = in->noticed_on;
    k->reason = in->reason;
    k->initiating_org_id = org_id;
    k->initiator_user_id = user ? user->id : 0;
}

enum bp_err bp_registration_validate(struct bp_arena *a, const struct bp_registration_input *in,
                                     const struct bp_user *user, struct bp_date today,
                                     struct bp_registration *out, struct bp_field_errors *errs)
{
    memset(out, 0, sizeof(*out));
    errs->count = 0;
    validate_child(a, in, today, &out->child, errs);
    validate_guardians(a, in, today, out, errs);
    validate_initiative(in, user, today, &out->kase, errs);
    return errs->count ? BP_ERR_INVALID : BP_OK;
}

bool bp_case_may_become_sip(const struct bp_case *k)
{
    return k->model == BP_MODEL_KRONOBERG && strcmp(k->plan_kind, bp_plan_kind_for(k->model, true)) != 0;
}

enum bp_err bp_sip_request_check(const struct bp_case *k, bool explained, struct bp_field_errors *errs)
{
    if (!bp_case_may_become_sip(k)) {
        bp_field_errors_add(errs, "sip.explained", "already_sip");
        return BP_ERR_CONFLICT;
    }
    if (!explained) {
        bp_field_errors_add(errs, "sip.explained", "required");
        return BP_ERR_INVALID;
    }
    return BP_OK;
}
