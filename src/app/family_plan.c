/* family_plan.c: what a family member does with the plan (issue 10 item 7): answers the finished version in
 * force (signs or declines, V-8a.2) for themselves, downloads their own copy as PDF (V-8a.3, K-8.1), and
 * opens their own survey invitation (V-12.1: a fresh code, as a printed letter makes; the answer stays
 * anonymous). Telling the coordinator that something happened (V-9.3) is bp_uc_plan_event_report's, for a
 * family member too (app/implementation.c). Each through the member's unit of work (bp_unit_open_family):
 * the table of docs/family-access.md decides, and every act is audited. Must not hold a text users see. */
#include "app/app_impl.h"
#include "domain/family.h"
#include "domain/survey.h"

enum bp_err bp_uc_family_sign(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                              int64_t case_id, const struct bp_signature_input *typed,
                              struct bp_field_errors *errs)
{
    struct bp_family_case_view v;
    struct bp_signature_input in = *typed;
    struct bp_signature sg, *all;
    struct bp_plan_ctx ctx;
    struct bp_unit u;
    size_t n;
    int newest;
    enum bp_err rc;
    char today[11];

    if ((rc = bp_unit_open_family_change(&u, s, a, actor, case_id, "update", "signature", BP_FI_SIGNATURE_OWN,
                                         &v, errs, "signature.answer")) != BP_OK)
        return rc;
    if ((rc = bp_app_family_plan(s, a, &v, &newest)) != BP_OK ||
        (rc = bp_signature_list(s, a, case_id, &all, &n)) != BP_OK)
        return rc;
    if (!v.has_plan) {
        bp_field_errors_add(errs, "signature.answer", "no_plan_in_force");
        return BP_ERR_CONFLICT;
    }
    bp_date_format(bp_actor_today(actor), today);
    in.kind = v.who.guardian_id ? "guardian" : "child"; /* for themselves, never for another */
    in.guardian_id = v.who.guardian_id ? bp_arena_printf(a, "%lld", (long long)v.who.guardian_id) : NULL;
    in.signed_on = today;
    in.name = NULL;
    in.method = NULL;
    ctx = (struct bp_plan_ctx){.model = u.ca.kase.model,
                               .today = bp_actor_today(actor),
                               .case_orgs = u.ca.orgs,
                               .n_case_orgs = u.ca.n_orgs,
                               .guardians = v.guardians,
                               .n_guardians = v.n_guardians};
    if ((rc = bp_signature_validate(&in, &v.plan, newest, &ctx, actor->user, 0, all, n, &sg, errs)) !=
        BP_OK) {
        size_t i; /* the member's form has the answer and the reason: the rest is said beside the answer */
        for (i = 0; i < errs->count; i++)
            if (strcmp(errs->items[i].field, "signature.reason") != 0)
                errs->items[i].field = "signature.answer";
        return v.own_signature || (errs->count && strcmp(errs->items[0].code, "already_signed") == 0)
                   ? BP_ERR_CONFLICT
                   : rc;
    }
    if (sg.kind == BP_SIGNER_CHILD)
        sg.name = bp_arena_printf(a, "%s %s", v.child.given_name, v.child.family_name);
    if ((rc = bp_unit_begin(&u)) != BP_OK)
        return rc;
    rc = bp_signature_add(s, &sg, actor->now);
    bp_unit_event(&u, 0, sg.answer == BP_SIGN_DECLINED ? "plan_signature_declined" : "plan_signed", NULL);
    return bp_unit_finish(&u, rc);
}

enum bp_err bp_uc_family_plan_pdf(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                  int64_t case_id, int64_t version, struct bp_plan_view *out,
                                  struct bp_audit *audit)
{
    struct bp_family_case_view v;
    enum bp_err rc = bp_uc_family_case(s, a, actor, case_id, "plan_pdf", &v, audit);
    size_t i;
    memset(out, 0, sizeof(*out));
    audit->object = "plan_pdf"; /* the download is the copy received (V-8a.3), as a professional's is */
    if (rc != BP_OK)
        return rc;
    for (i = 0; i < v.n_versions && v.versions[i].version != version; i++)
        ;
    if (!v.has_plan || (version != v.plan.version && i == v.n_versions)) {
        audit->action = "denied"; /* a draft, or a version this member may not read (R6) */
        return BP_ERR_NOT_FOUND;
    }
    if (version != v.plan.version && (rc = bp_app_family_version(s, a, &v, v.versions[i].version)) != BP_OK)
        return rc;
    out->kase = v.kase;
    out->child = v.child;
    out->guardians = v.guardians;
    out->n_guardians = v.n_guardians;
    out->orgs = v.all_orgs;
    out->n_orgs = v.n_all_orgs;
    out->plan = v.plan;
    out->parts = v.parts;
    return BP_OK;
}

enum bp_err bp_uc_family_survey(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                int64_t case_id, char code[static BP_SURVEY_CODE_CHARS + 1])
{
    struct bp_family_case_view v;
    struct bp_survey_invitation *inv;
    char hash[BP_TOKEN_HASH_LEN + 1];
    struct bp_unit u;
    size_t n, i;
    enum bp_err rc;
    if ((rc = bp_unit_open_family(&u, s, a, actor, case_id, "update", "survey_invitation",
                                  BP_FI_SURVEY_ANSWER, &v)) != BP_OK ||
        (rc = bp_survey_invitation_list(s, a, case_id, &inv, &n)) != BP_OK)
        return rc;
    for (i = n; i-- > 0;) /* the newest unanswered invitation that is the member's own */
        if (!inv[i].used && inv[i].guardian_id == v.who.guardian_id &&
            inv[i].respondent == (v.who.guardian_id ? BP_SURVEY_GUARDIAN : BP_SURVEY_CHILD))
            break;
    if (i == (size_t)-1)
        return BP_ERR_NOT_FOUND;
    bp_survey_code_new(code);
    bp_token_hash(code, hash);
    u.audit.detail = "family"; /* never the code; the answer is not linked to it (V-12.1) */
    if ((rc = bp_unit_begin(&u)) != BP_OK)
        return rc;
    return bp_unit_finish(&u, bp_survey_invitation_set_code(s, case_id, inv[i].id, hash));
}
