/* plan_copy.c: the copies ledger (V-8a.3: everyone gets their own copy; K-8.1: the samverkansansvarig sees
 * that every party has the plan): who has received a copy of which finished version, how and when. A
 * professional's PDF download is on it through the download's audit entry (a GET writes nothing else); a
 * printed copy handed over or a letter to a guardian, the child or another participant is recorded by a
 * professional with full access, through the unit of work with its timeline event and audit entry. Must
 * not hold the rules of a copy (domain/plan.c) or any text users see. */
#include "app/app_impl.h"

/* The version a download's audit detail names ("version 3"), or 0. */
static int64_t download_version(const char *detail)
{
    int64_t v = 0;
    if (detail && strncmp(detail, "version ", 8) == 0 && bp_parse_int64(detail + 8, 1, INT32_MAX, &v))
        return v;
    return 0;
}

enum bp_err bp_app_plan_copies(struct bp_store *s, struct bp_arena *a, const struct bp_case *kase,
                               struct bp_plan_view *out)
{
    size_t i;
    enum bp_err rc = bp_plan_copy_list(s, a, kase->id, &out->copies, &out->n_copies);
    if (rc == BP_OK)
        rc = bp_plan_download_list(s, a, kase->child_id, kase->id, &out->downloads, &out->n_downloads);
    for (i = 0; rc == BP_OK && i < out->n_downloads; i++)
        out->downloads[i].version = download_version(out->downloads[i].detail);
    return rc;
}

enum bp_err bp_uc_plan_copy_record(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                   int64_t case_id, const struct bp_plan_copy_input *in,
                                   struct bp_field_errors *errs)
{
    struct bp_unit u;
    struct bp_guardian *guardians = NULL;
    struct bp_plan *versions = NULL;
    struct bp_plan_copy copy;
    struct bp_plan_ctx rules;
    size_t n_guardians = 0, n_versions = 0;
    enum bp_err rc;
    if ((rc = bp_unit_open_change(&u, s, a, actor, case_id, "create", "plan_copy", BP_ACCESS_FULL, errs,
                                  "copy.version")) != BP_OK)
        return rc; /* a refusal is on record (V-2.6) */
    if ((rc = bp_guardian_list(s, a, u.ca.kase.child_id, &guardians, &n_guardians)) != BP_OK ||
        (rc = bp_plan_versions(s, a, case_id, &versions, &n_versions)) != BP_OK)
        return rc;
    rules = (struct bp_plan_ctx){u.ca.kase.model, bp_actor_today(actor), u.ca.orgs, u.ca.n_orgs, guardians,
                                 n_guardians};
    if ((rc = bp_plan_copy_validate(in, &rules, versions, n_versions, &copy, errs)) != BP_OK)
        return rc;
    if (copy.recipient == BP_COPY_CHILD && !*copy.name) {
        struct bp_child child;
        if ((rc = bp_child_get(s, a, u.ca.kase.child_id, &child)) != BP_OK)
            return rc;
        copy.name = bp_arena_printf(a, "%s %s", child.given_name, child.family_name);
    }
    copy.case_id = case_id;
    copy.recorded_by = actor->user->id;
    copy.org_id = u.ca.d.via_org_id;
    copy.created_at = actor->now;
    u.audit.detail = bp_arena_printf(a, "version %lld", (long long)copy.version);
    if ((rc = bp_unit_begin(&u)) != BP_OK)
        return rc;
    rc = bp_plan_copy_add(s, &copy);
    bp_unit_event(&u, u.ca.d.via_org_id, "plan_copy_recorded", NULL);
    return bp_unit_finish(&u, rc);
}
