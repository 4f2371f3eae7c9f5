/* closure.c: closing a case and opening it again (V-11.1-V-11.4, V-2.9), through the unit of work: the
 * status, the closure's record, the timeline event, the notifications and the family's e-mail, and the
 * audit entry are one transaction. Must not hold the rules (domain/closure.c) or text users see, but the
 * installation's closing text, which is configuration. */
#include "app/app_impl.h"

/* V-11.4: the default names no place: each installation sets its own (closure_text). */
static char closure_text[2048] =
    "Om ni behöver en ny plan kan ni höra av er till den verksamhet ni har kontakt med, till exempel "
    "förskolan, skolan, elevhälsan, vårdcentralen eller socialtjänsten. Ni är alltid välkomna att höra av "
    "er igen, med nya eller gamla frågor.";

void bp_app_set_closure_text(const char *text)
{
    if (text && *text)
        snprintf(closure_text, sizeof(closure_text), "%s", text);
}

const char *bp_app_closure_text(void)
{
    return closure_text;
}

static const char *const closed_events[BP_CLOSURE_REASON_COUNT] = {
    "closed_goals_reached", "closed_not_needed", "closed_consent_withdrawn"};

enum bp_err bp_uc_case_close(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                             int64_t case_id, const struct bp_closure_input *in, struct bp_field_errors *errs)
{
    struct bp_unit u;
    struct bp_closure cl;
    struct bp_guardian *g;
    size_t ng, told;
    enum bp_err rc;

    if ((rc = bp_unit_open_change(&u, s, a, actor, case_id, "update", "case", BP_ACCESS_INTAKE, errs,
                                  "closure")) != BP_OK)
        return rc;
    if ((rc = bp_guardian_list(s, a, u.ca.kase.child_id, &g, &ng)) != BP_OK)
        return rc;
    if ((rc = bp_closure_check(&u.ca.kase, g, ng, u.ca.orgs, u.ca.n_orgs, in, &cl, errs)) != BP_OK)
        return rc;
    if (bp_closure_is_joint(cl.reason) && u.ca.d.access != BP_ACCESS_FULL) {
        bp_field_errors_add(errs, "closure.reason",
                            "full_access"); /* a joint decision is the shared plan's */
        return BP_ERR_INVALID;
    }
    cl.user_id = actor->user->id;
    cl.org_id = u.ca.d.via_org_id;
    cl.at = actor->now;
    u.audit.detail = bp_closure_reason_codes[cl.reason];
    if ((rc = bp_unit_begin(&u)) != BP_OK)
        return rc;
    if ((rc = bp_app_cancel_planned_meetings(&u)) == BP_OK && /* nobody comes to a closed case's meeting */
        (rc = bp_case_set_status(s, case_id, BP_CASE_CLOSED)) == BP_OK &&
        (rc = bp_closure_add(s, &cl)) == BP_OK &&
        (rc = bp_app_notify_case_orgs(s, a, actor, case_id, u.ca.orgs, u.ca.n_orgs, "case_closed")) == BP_OK)
        rc = bp_app_tell_family(s, a, actor, case_id, g, ng, "case_closed_family", closure_text, &told);
    if (rc == BP_OK && cl.reason != BP_CLOSURE_CONSENT_WITHDRAWN) /* V-12.2: by the installation's setting */
        rc = bp_app_survey_offer(&u, BP_SURVEY_AT_CLOSURE, 0);
    bp_unit_event(&u, u.ca.d.via_org_id, closed_events[cl.reason], NULL);
    return bp_unit_finish(&u, rc);
}

enum bp_err bp_uc_case_reopen(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                              int64_t case_id, const struct bp_reopen_input *in, struct bp_field_errors *errs)
{
    struct bp_unit u;
    struct bp_closure cl;
    enum bp_err rc;

    if ((rc = bp_unit_open_change(&u, s, a, actor, case_id, "update", "case", BP_ACCESS_INTAKE, errs,
                                  NULL)) != BP_OK)
        return rc;
    if (u.ca.kase.status != BP_CASE_CLOSED) {
        bp_field_errors_add(errs, "reopen.reason", "case_open");
        return BP_ERR_CONFLICT;
    }
    if ((rc = bp_reopen_check(in, &cl, errs)) != BP_OK)
        return rc;
    cl.case_id = case_id;
    cl.user_id = actor->user->id;
    cl.org_id = u.ca.d.via_org_id;
    cl.at = actor->now;
    u.audit.detail = "reopened";
    if ((rc = bp_unit_begin(&u)) != BP_OK)
        return rc;
    if ((rc = bp_case_set_status(s, case_id, BP_CASE_OPEN)) == BP_OK &&
        (rc = bp_closure_add(s, &cl)) == BP_OK)
        rc = bp_app_notify_case_orgs(s, a, actor, case_id, u.ca.orgs, u.ca.n_orgs, "case_reopened");
    bp_unit_event(&u, u.ca.d.via_org_id, "case_reopened", NULL);
    return bp_unit_finish(&u, rc);
}

enum bp_err bp_uc_case_follow_on(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                 int64_t case_id, const struct bp_follow_on_input *in, int64_t *new_id,
                                 struct bp_field_errors *errs)
{
    struct bp_unit u;
    struct bp_case k;
    struct bp_date noticed;
    struct bp_audit e;
    char day[11];
    enum bp_err rc;

    if ((rc = bp_unit_open_change(&u, s, a, actor, case_id, "update", "case", BP_ACCESS_INTAKE, errs,
                                  NULL)) != BP_OK)
        return rc;
    if (u.ca.kase.status != BP_CASE_CLOSED) {
        bp_field_errors_add(errs, "new_case.reason", "case_open"); /* reopen it, or go on in it */
        return BP_ERR_CONFLICT;
    }
    if ((rc = bp_follow_on_check(in, bp_actor_today(actor), &noticed, errs)) != BP_OK)
        return rc;
    bp_date_format(noticed, day);
    k = (struct bp_case){.child_id = u.ca.kase.child_id,
                         .model = u.ca.kase.model,
                         .plan_kind = bp_plan_kind_for(u.ca.kase.model, false),
                         .status = BP_CASE_OPEN,
                         .initiating_org_id = u.ca.d.via_org_id,
                         .initiator_user_id = actor->user->id,
                         .noticed_on = day,
                         .route = u.ca.kase.route,
                         .requested_by = BP_REQ_PROFESSIONAL,
                         .reason = in->reason,
                         .created_at = actor->now,
                         .previous_case_id = case_id};
    u.audit.detail = "successor_opened";
    if ((rc = bp_unit_begin(&u)) != BP_OK)
        return rc;
    if ((rc = bp_case_add(s, &k)) == BP_OK &&
        (rc = bp_app_event(s, actor, k.id, k.initiating_org_id, "case_opened", "")) == BP_OK) {
        bp_app_audit_fill(&e, actor, "create", "case"); /* the new case's own entry */
        e.org_id = k.initiating_org_id;
        e.child_id = k.child_id;
        e.case_id = k.id;
        e.detail = "follow_on";
        rc = bp_audit_add(s, &e);
    }
    bp_unit_event(&u, u.ca.d.via_org_id, "successor_opened", NULL);
    if ((rc = bp_unit_finish(&u, rc)) == BP_OK)
        *new_id = k.id;
    return rc;
}

enum bp_err bp_uc_closure_view(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                               int64_t case_id, struct bp_case_view *out, struct bp_audit *audit)
{
    enum bp_err rc = bp_uc_case_view_need(s, a, actor, case_id, BP_ACCESS_INTAKE, out, audit);
    if (rc != BP_OK)
        return rc;
    audit->detail = "closure";
    rc = bp_closure_latest(s, a, case_id, &out->closure);
    out->has_closure = rc == BP_OK;
    return rc == BP_ERR_NOT_FOUND ? BP_OK : rc;
}
