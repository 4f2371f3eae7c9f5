/* purge.c: retention (app.h, "retention"; issue 9 item 8). `barnplan purge` removes the personal data of
 * closed cases past the installation's retention time: each case in one transaction that first keeps its
 * anonymous statistics and its audit entry (action "purge", object "case", the case's and the child's ids,
 * no personal data), then removes every row of the case and, with the child's last case, the child and the
 * guardians. Then the database gives the freed pages back so that no file keeps the bytes; a purge the
 * connected role could not give them back for is refused before any case goes. The audit trail is never
 * touched. Must not print: the command reports (cli/main.c). */
#include "app/app_impl.h"

/* The due cases are read this many at a time. */
#define PURGE_BATCH 1000

/* Fills *item with the case's counts and, unless dry, purges it in one transaction. */
static enum bp_err purge_one(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor, bool dry,
                             int64_t case_id, struct bp_purge_item *item)
{
    struct bp_case k;
    struct bp_closure cl;
    struct bp_meeting *ms;
    struct bp_plan *versions;
    struct bp_followup *fus;
    int64_t *orgs;
    size_t n_ms, n_versions, n_fus, n_orgs;
    struct bp_case_statistic st;
    struct bp_audit e;
    enum bp_err rc;

    memset(item, 0, sizeof(*item));
    item->case_id = case_id;
    if ((rc = bp_case_get(s, a, case_id, &k)) != BP_OK ||
        (rc = bp_closure_latest(s, a, case_id, &cl)) != BP_OK ||
        (rc = bp_purge_count(s, a, case_id, k.child_id, &item->counts, &item->n_counts)) != BP_OK)
        return rc;
    item->closed_at = cl.at;
    item->child_removed = item->counts[item->n_counts - 1].rows > 0; /* "children" is the last */
    if (dry)
        return BP_OK;
    if ((rc = bp_meeting_list(s, a, case_id, &ms, &n_ms)) != BP_OK ||
        (rc = bp_plan_versions(s, a, case_id, &versions, &n_versions)) != BP_OK ||
        (rc = bp_followup_list(s, a, case_id, &fus, &n_fus)) != BP_OK ||
        (rc = bp_case_orgs(s, a, case_id, &orgs, NULL, &n_orgs)) != BP_OK)
        return rc;
    bp_case_statistic_of(&k, bp_date_today(cl.at), cl.reason, ms, n_ms, (int64_t)n_versions, (int64_t)n_fus,
                         orgs, n_orgs, &st);
    st.id = bp_random_id(); /* never a sequence: the table keeps no order of purging */
    bp_app_audit_fill(&e, actor, "purge", "case");
    e.case_id = case_id;
    e.child_id = k.child_id;
    e.detail =
        item->child_removed ? "child_removed" : "child_kept"; /* the child's other case keeps the child */
    if ((rc = bp_store_begin(s)) != BP_OK)
        return rc;
    if ((rc = bp_case_statistic_add(s, &st)) == BP_OK &&
        (rc = bp_case_statistic_groups_add(s, st.id, case_id, bp_date_today(actor->now))) == BP_OK &&
        (rc = bp_audit_add(s, &e)) == BP_OK) {
        bool removed = false;
        rc = bp_purge_case(s, case_id, k.child_id, &removed);
        item->child_removed = removed;
    }
    if (rc != BP_OK) {
        bp_store_rollback(s);
        return rc;
    }
    return bp_store_commit(s);
}

/* The one case asked for: closed and past its time, or a refusal in out. */
static enum bp_err the_case(struct bp_store *s, struct bp_arena *a, const struct bp_purge_options *o,
                            int64_t now, struct bp_purge_report *out)
{
    struct bp_case k;
    struct bp_closure cl;
    enum bp_err rc;
    if ((rc = bp_case_get(s, a, o->case_id, &k)) != BP_OK)
        return rc;
    if (k.status != BP_CASE_CLOSED) {
        out->refusal = BP_PURGE_CASE_OPEN;
        return BP_ERR_CONFLICT;
    }
    if ((rc = bp_closure_latest(s, a, o->case_id, &cl)) != BP_OK)
        return rc;
    if (!bp_retention_due(cl.at, o->retention_days, now)) {
        out->refusal = BP_PURGE_NOT_DUE;
        out->kept_until = bp_retention_until(cl.at, o->retention_days);
        return BP_ERR_CONFLICT;
    }
    return BP_OK;
}

/* Every closed case whose closure was at or before closed_before, in id order, read a batch at a time. */
static enum bp_err due_cases(struct bp_store *s, struct bp_arena *a, int64_t closed_before, int64_t **out,
                             size_t *n)
{
    int64_t *all = NULL, *batch;
    size_t cap = 0, got;
    enum bp_err rc;
    *n = 0;
    do {
        if ((rc = bp_purge_due_cases(s, a, closed_before, *n ? all[*n - 1] : 0, PURGE_BATCH, &batch, &got)) !=
            BP_OK)
            return rc;
        if (*n + got > cap) {
            int64_t *grown = bp_arena_alloc(a, (cap = 2 * (*n + got)) * sizeof(*grown));
            if (*n)
                memcpy(grown, all, *n * sizeof(*grown));
            all = grown;
        }
        if (got)
            memcpy(all + *n, batch, got * sizeof(*batch));
        *n += got;
    } while (got == PURGE_BATCH);
    *out = all;
    return BP_OK;
}

enum bp_err bp_uc_purge(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                        const struct bp_purge_options *o, struct bp_purge_report *out)
{
    int64_t one = o->case_id;
    int64_t *ids = &one;
    size_t n = 1, i;
    enum bp_err rc;

    memset(out, 0, sizeof(*out));
    if (!bp_actor_may_administer(actor)) {
        struct bp_audit e;
        bp_app_audit_fill(&e, actor, "denied", "purge");
        rc = bp_uc_audit_commit(s, &e, 1);
        return rc ? rc : BP_ERR_FORBIDDEN;
    }
    if (o->retention_days < 0) {
        out->refusal = BP_PURGE_NO_RETENTION;
        return BP_ERR_INVALID;
    }
    /* Before any case goes: a purge whose space could not be given back would leave the rows' bytes in the
     * files (PostgreSQL skips a table the role may not VACUUM). A dry run only warns. */
    if ((rc = bp_store_may_reclaim(s, out->reclaim_warning, sizeof(out->reclaim_warning))) != BP_OK)
        return rc;
    if (out->reclaim_warning[0] && !o->dry_run) {
        out->refusal = BP_PURGE_CANNOT_RECLAIM;
        return BP_ERR_FORBIDDEN;
    }
    if (o->case_id) {
        if ((rc = the_case(s, a, o, actor->now, out)) != BP_OK)
            return rc;
    } else if ((rc = due_cases(s, a, bp_retention_until(actor->now, -o->retention_days), &ids, &n)) !=
               BP_OK) {
        return rc;
    }
    out->items = bp_arena_alloc(a, (n ? n : 1) * sizeof(*out->items));
    for (i = 0; i < n; i++) {
        if ((rc = purge_one(s, a, actor, o->dry_run, ids[i], &out->items[i])) != BP_OK)
            return rc;
        out->n = i + 1;
        if (o->progress)
            o->progress(o->progress_arg, i + 1, n);
    }
    if (o->dry_run || out->n == 0)
        return BP_OK;
    return bp_store_reclaim(s, out->reclaim_warning, sizeof(out->reclaim_warning));
}
