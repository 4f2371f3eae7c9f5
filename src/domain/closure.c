/* closure.c: the rules of closing a case and opening it again (domain/closure.h; V-11.1, V-11.2, V-2.9).
 * Pure: no I/O, no clock. Must not store or tell anyone (app/closure.c does). */
#include "domain/closure.h"
#include "util/find.h"
#include "domain/checks.h"

const char *const bp_closure_reason_codes[BP_CLOSURE_REASON_COUNT] = {"goals_reached", "not_needed",
                                                                      "consent_withdrawn"};

bool bp_closure_is_joint(enum bp_closure_reason r)
{
    return r == BP_CLOSURE_GOALS_REACHED || r == BP_CLOSURE_NOT_NEEDED;
}

enum bp_err bp_closure_check(const struct bp_case *k, const struct bp_guardian *guardians, size_t n_guardians,
                             const int64_t *orgs, size_t n_orgs, const struct bp_closure_input *in,
                             struct bp_closure *out, struct bp_field_errors *errs)
{
    int64_t gids[BP_MAX_GUARDIANS];
    size_t i, ng = n_guardians < BP_MAX_GUARDIANS ? n_guardians : BP_MAX_GUARDIANS;
    int r = in->reason && *in->reason ? BP_CODE_FIND(bp_closure_reason_codes, in->reason) : -1;
    size_t before = errs->count;

    memset(out, 0, sizeof(*out));
    out->case_id = k->id;
    for (i = 0; i < ng; i++) /* V-11.1: the guardians with custody, never a parent without (R5) */
        gids[i] = bp_has_custody(&guardians[i]) ? guardians[i].id : 0;
    if (!in->reason || !*in->reason)
        bp_field_errors_add(errs, "closure.reason", "required");
    else if (r < 0)
        bp_field_errors_add(errs, "closure.reason", "choice");
    else if (r == BP_CLOSURE_CONSENT_WITHDRAWN && !k->closure_proposed_at)
        bp_field_errors_add(errs, "closure.reason", "not_proposed"); /* V-2.9: a consent is still in force */
    out->reason = r < 0 ? BP_CLOSURE_GOALS_REACHED : (enum bp_closure_reason)r;
    (void)bp_check_ids_among(in->agreed_guardians, in->n_agreed_guardians, gids, ng, out->agreed_guardians,
                             &out->n_agreed_guardians, BP_MAX_GUARDIANS, "closure.agreed_guardians",
                             "not_guardian", errs);
    (void)bp_check_ids_among(in->agreed_orgs, in->n_agreed_orgs, orgs, n_orgs, out->agreed_orgs,
                             &out->n_agreed_orgs, BP_MAX_CASE_ORGS, "closure.agreed_orgs", "not_participant",
                             errs);
    out->agreed_child = in->agreed_child;
    if (r >= 0 && bp_closure_is_joint(out->reason) && !out->agreed_child && !out->n_agreed_guardians &&
        !out->n_agreed_orgs && !bp_field_errors_find(errs, "closure.agreed_orgs") &&
        !bp_field_errors_find(errs, "closure.agreed_guardians"))
        bp_field_errors_add(errs, "closure.agreed_orgs", "nobody_agreed"); /* V-11.1: a joint decision */
    if (r >= 0 && !bp_closure_is_joint(out->reason)) { /* V-11.2: nobody agrees to a withdrawal */
        out->agreed_child = false;
        out->n_agreed_guardians = out->n_agreed_orgs = 0;
    }
    if (bp_check_text(errs, "closure.note", in->note, BP_MAX_LONG_TEXT, false))
        out->note = in->note && *in->note ? in->note : NULL;
    return errs->count > before ? BP_ERR_INVALID : BP_OK;
}

enum bp_err bp_reopen_check(const struct bp_reopen_input *in, struct bp_closure *out,
                            struct bp_field_errors *errs)
{
    memset(out, 0, sizeof(*out));
    out->reopen = true;
    if (!bp_check_text(errs, "reopen.reason", in->reason, BP_MAX_LONG_TEXT, true))
        return BP_ERR_INVALID;
    out->note = in->reason;
    return BP_OK;
}

enum bp_err bp_follow_on_check(const struct bp_follow_on_input *in, struct bp_date today,
                               struct bp_date *noticed, struct bp_field_errors *errs)
{
    size_t before = errs->count;
    memset(noticed, 0, sizeof(*noticed));
    if (!in->noticed_on || !*in->noticed_on)
        bp_field_errors_add(errs, "new_case.noticed_on", "required");
    else if (!bp_date_parse(in->noticed_on, noticed))
        bp_field_errors_add(errs, "new_case.noticed_on", "date");
    else if (bp_days_from_civil(noticed->y, noticed->m, noticed->d) >
             bp_days_from_civil(today.y, today.m, today.d))
        bp_field_errors_add(errs, "new_case.noticed_on", "future");
    (void)bp_check_text(errs, "new_case.reason", in->reason, BP_MAX_LONG_TEXT, true);
    return errs->count > before ? BP_ERR_INVALID : BP_OK;
}
