/* tasks.c: the work lists (issue 4 item 9): "my tasks" across the actor's cases and the tasks of one
 * case, derived from each case's snapshot by domain/tasks.c; nothing is stored. Must not hold the
 * rules (when a task is due, whose it is): those are in the domain. Reads are audited like any read of
 * a child's case: one entry for the list. */
#include "app/app_impl.h"
#include "domain/tasks.h"
#include "util/limits.h"

void bp_app_snapshot_base(struct bp_case_snapshot *snap, const struct bp_case_access *ca,
                          const struct bp_guardian *g, size_t ng)
{
    memset(snap, 0, sizeof(*snap));
    snap->kase = &ca->kase;
    snap->guardians = g;
    snap->n_guardians = ng;
    snap->case_orgs = ca->orgs;
    snap->case_orgs_asked = ca->asked;
    snap->asked_only = ca->asked_only;
    snap->n_asked_only = ca->n_asked_only;
    snap->n_case_orgs = ca->n_orgs;
    snap->consents = ca->consents;
    snap->n_consents = ca->n_consents;
    snap->named_person_informed =
        ca->kase.named_person_informed_on &&
        bp_date_parse(ca->kase.named_person_informed_on, &snap->named_person_informed_on);
    if (ca->kase.named_person_assigned_at) /* */
        snap->named_person_named_on = bp_date_today(ca->kase.named_person_assigned_at);
    if (ca->kase.named_person_decided_at)
        snap->named_person_decided_on = bp_date_today(ca->kase.named_person_decided_at);
}

enum bp_err bp_app_load_preps(struct bp_store *s, struct bp_arena *a, int64_t case_id,
                              const struct bp_child_prep **child, const struct bp_guardian_prep **guardians,
                              size_t *n_guardians)
{
    struct bp_child_prep_record *cp = bp_arena_alloc(a, sizeof(*cp));
    struct bp_guardian_prep_record *gl;
    struct bp_guardian_prep *gp;
    size_t ng, i;
    enum bp_err rc = bp_child_prep_get(s, a, case_id, 0, cp);
    *child = NULL;
    *guardians = NULL;
    *n_guardians = 0;
    if (rc == BP_OK)
        *child = &cp->p;
    else if (rc != BP_ERR_NOT_FOUND)
        return rc;
    if ((rc = bp_guardian_prep_list(s, a, case_id, 0, &gl, &ng)) != BP_OK)
        return rc;
    gp = bp_arena_alloc(a, (ng ? ng : 1) * sizeof(*gp));
    for (i = 0; i < ng; i++)
        gp[i] = gl[i].p;
    *guardians = gp;
    *n_guardians = ng;
    return BP_OK;
}

/* ---- one case's snapshot: its reads in two batches (issue 12 item 3) ---- */

enum bp_err bp_app_snapshot_queue(struct bp_store *s, struct bp_arena *a, const struct bp_case_access *ca,
                                  struct bp_snapshot_reads *r)
{
    int64_t id = ca->kase.id;
    enum bp_err rc;
    memset(r, 0, sizeof(*r));
    if (ca->d.access != BP_ACCESS_FULL) /* V-2.3: what others share stays out without consent */
        return BP_OK;
    /* the coming meeting's preparations (V-3.2, V-4.1), the meetings, the plan (shared information, V-2.3)
     * and the decisions pending */
    if ((rc = bp_child_prep_get(s, a, id, 0, &r->child_prep)) != BP_OK ||
        (rc = bp_guardian_prep_list(s, a, id, 0, &r->guardian_preps, &r->n_guardian_preps)) != BP_OK ||
        (rc = bp_meeting_list(s, a, id, &r->meetings, &r->n_meetings)) != BP_OK ||
        (rc = bp_plan_current(s, a, id, &r->plan)) != BP_OK)
        return rc;
    return bp_decision_list(s, a, id, &r->decisions, &r->n_decisions);
}

enum bp_err bp_app_snapshot_finish(struct bp_store *s, struct bp_arena *a, const struct bp_case_access *ca,
                                   const struct bp_snapshot_reads *r, struct bp_case_snapshot *snap)
{
    size_t first =
        r->n_meetings > BP_MAX_MEETINGS ? r->n_meetings - BP_MAX_MEETINGS : 0; /* the latest count */
    size_t n = r->n_meetings - first, i;
    struct bp_meeting_view *views = bp_arena_alloc(a, (n + 1) * sizeof(*views));
    struct bp_guardian_prep *gp = bp_arena_alloc(a, (r->n_guardian_preps + 1) * sizeof(*gp));
    struct bp_invitee **inv = bp_arena_alloc(a, (n + 1) * sizeof(*inv));
    struct bp_absence_decision **ad = bp_arena_alloc(a, (n + 1) * sizeof(*ad));
    size_t *ninv = bp_arena_alloc(a, (n + 1) * sizeof(*ninv)),
           *nad = bp_arena_alloc(a, (n + 1) * sizeof(*nad));
    struct bp_followup *fu = NULL;
    struct bp_plan_event *ev = NULL;
    size_t nfu = 0, nev = 0;
    bool followup = false;
    enum bp_err rc = BP_OK, end;

    if (ca->d.access != BP_ACCESS_FULL)
        return BP_OK;
    snap->child_preps = r->child_prep.p.id ? &r->child_prep.p : NULL;
    snap->n_child_preps = r->child_prep.p.id ? 1 : 0;
    for (i = 0; i < r->n_guardian_preps; i++)
        gp[i] = r->guardian_preps[i].p;
    snap->guardian_preps = gp;
    snap->n_guardian_preps = r->n_guardian_preps;
    snap->plan = r->plan.id ? &r->plan : NULL;
    snap->decisions = r->decisions;
    snap->n_decisions = r->n_decisions;
    /* the second round: each meeting's invitees and absence decisions, what was heard before a follow-up
     * (V-10.2: only cases that have one pay the query) and the plan's events not decided (V-9.3) */
    bp_store_batch_begin(s);
    for (i = 0; i < n && rc == BP_OK; i++) {
        const struct bp_meeting *m = &r->meetings[first + i];
        followup = followup || m->kind == BP_MEETING_FOLLOWUP;
        if ((rc = bp_invitee_list(s, a, m->id, &inv[i], &ninv[i])) == BP_OK)
            rc = bp_absence_decision_list(s, a, m->id, &ad[i], &nad[i]);
    }
    if (rc == BP_OK && followup)
        rc = bp_followup_list(s, a, ca->kase.id, &fu, &nfu);
    if (rc == BP_OK && snap->plan)
        rc = bp_plan_event_list(s, a, ca->kase.id, true, &ev, &nev);
    end = bp_store_batch_end(s);
    if ((rc = rc ? rc : end) != BP_OK)
        return rc;
    for (i = 0; i < n; i++)
        views[i] = (struct bp_meeting_view){&r->meetings[first + i], inv[i], ninv[i], ad[i], nad[i]};
    if (n) {
        snap->meetings = views;
        snap->n_meetings = n;
    }
    if (followup) {
        snap->followups = fu;
        snap->n_followups = nfu;
    }
    snap->open_events = ev;
    snap->n_open_events = nev;
    return snap->plan ? bp_app_snapshot_coordination(s, a, snap) : BP_OK; /* a draft after version 1 */
}

enum bp_err bp_app_snapshot_rest(struct bp_store *s, struct bp_arena *a, const struct bp_case_access *ca,
                                 struct bp_case_snapshot *snap)
{
    struct bp_snapshot_reads *r = bp_arena_alloc(a, sizeof(*r));
    enum bp_err rc, end;
    bp_store_batch_begin(s);
    rc = bp_app_snapshot_queue(s, a, ca, r);
    end = bp_store_batch_end(s);
    if ((rc = rc ? rc : end) != BP_OK)
        return rc;
    return bp_app_snapshot_finish(s, a, ca, r, snap);
}

enum bp_err bp_app_load_snapshot(struct bp_store *s, struct bp_arena *a, const struct bp_case_access *ca,
                                 struct bp_case_snapshot *snap)
{
    struct bp_guardian *g;
    size_t ng;
    enum bp_err rc;
    if ((rc = bp_guardian_list(s, a, ca->kase.child_id, &g, &ng)) != BP_OK)
        return rc;
    bp_app_snapshot_base(snap, ca, g, ng);
    return bp_app_snapshot_rest(s, a, ca, snap);
}

/* ---- many cases at once (issue 12 item 2) ---- */

#define ALLOC_N(a, p, n) ((p) = bp_arena_alloc((a), ((n) + 1) * sizeof(*(p))))

/* The rest of bp_app_snapshot_rest for the cases at[0..n) of snaps (full access), one query per table. */
static enum bp_err snapshots_rest(struct bp_store *s, struct bp_arena *a, const int64_t *ids,
                                  const size_t *at, size_t n, struct bp_case_snapshot *snaps)
{
    struct bp_child_prep_record **cp;
    struct bp_guardian_prep_record **gp;
    struct bp_meeting **ms;
    struct bp_invitee **inv;
    struct bp_absence_decision **ad;
    struct bp_followup **fu;
    struct bp_plan **plans;
    struct bp_pending_decision **dec;
    struct bp_plan_event **ev;
    size_t *ncp, *ngp, *nms, *ninv, *nad, *nfu, *nplans, *ndec, *nev, *first;
    int64_t *mids, *with_followup, *with_plan;
    size_t i, j, nm = 0, nw = 0, np = 0;
    enum bp_err rc;

    ALLOC_N(a, cp, n), ALLOC_N(a, ncp, n), ALLOC_N(a, gp, n), ALLOC_N(a, ngp, n), ALLOC_N(a, ms, n);
    ALLOC_N(a, nms, n), ALLOC_N(a, plans, n), ALLOC_N(a, nplans, n), ALLOC_N(a, dec, n), ALLOC_N(a, ndec, n);
    ALLOC_N(a, first, n);
    if ((rc = bp_child_prep_get_many(s, a, ids, n, cp, ncp)) != BP_OK ||
        (rc = bp_guardian_prep_list_many(s, a, ids, n, gp, ngp)) != BP_OK ||
        (rc = bp_meeting_list_many(s, a, ids, n, ms, nms)) != BP_OK ||
        (rc = bp_plan_current_many(s, a, ids, n, plans, nplans)) != BP_OK ||
        (rc = bp_decision_list_many(s, a, ids, n, dec, ndec)) != BP_OK)
        return rc;
    for (i = 0; i < n; i++) { /* the latest BP_MAX_MEETINGS count, as in bp_app_snapshot_finish */
        first[i] = nms[i] > BP_MAX_MEETINGS ? nms[i] - BP_MAX_MEETINGS : 0;
        nm += nms[i] - first[i];
    }
    ALLOC_N(a, mids, nm), ALLOC_N(a, inv, nm), ALLOC_N(a, ninv, nm), ALLOC_N(a, ad, nm), ALLOC_N(a, nad, nm);
    ALLOC_N(a, with_followup, n), ALLOC_N(a, with_plan, n), ALLOC_N(a, fu, n), ALLOC_N(a, nfu, n);
    ALLOC_N(a, ev, n), ALLOC_N(a, nev, n);
    for (nm = 0, i = 0; i < n; i++) {
        bool followup = false;
        for (j = first[i]; j < nms[i]; j++) {
            mids[nm++] = ms[i][j].id;
            followup = followup || ms[i][j].kind == BP_MEETING_FOLLOWUP;
        }
        if (followup) /* V-10.2: only cases with a follow-up meeting read the follow-ups, as one by one */
            with_followup[nw++] = ids[i];
        if (nplans[i]) /* V-9.3: events come after a plan */
            with_plan[np++] = ids[i];
    }
    if ((rc = bp_invitee_list_many(s, a, mids, nm, inv, ninv)) != BP_OK ||
        (rc = bp_absence_decision_list_many(s, a, mids, nm, ad, nad)) != BP_OK ||
        (rc = bp_followup_list_many(s, a, with_followup, nw, fu, nfu)) != BP_OK ||
        (rc = bp_plan_event_undecided_many(s, a, with_plan, np, ev, nev)) != BP_OK)
        return rc;
    for (nm = 0, nw = 0, np = 0, i = 0; i < n; i++) {
        struct bp_case_snapshot *snap = &snaps[at[i]];
        struct bp_guardian_prep *g = bp_arena_alloc(a, (ngp[i] + 1) * sizeof(*g));
        struct bp_meeting_view *views = bp_arena_alloc(a, (nms[i] - first[i] + 1) * sizeof(*views));
        for (j = 0; j < ngp[i]; j++)
            g[j] = gp[i][j].p;
        snap->child_preps = ncp[i] ? &cp[i]->p : NULL;
        snap->n_child_preps = ncp[i] ? 1 : 0;
        snap->guardian_preps = g;
        snap->n_guardian_preps = ngp[i];
        for (j = first[i]; j < nms[i]; j++, nm++)
            views[j - first[i]] = (struct bp_meeting_view){&ms[i][j], inv[nm], ninv[nm], ad[nm], nad[nm]};
        if (nms[i]) {
            snap->meetings = views;
            snap->n_meetings = nms[i] - first[i];
        }
        if (nw < n && with_followup[nw] == ids[i]) {
            snap->followups = fu[nw];
            snap->n_followups = nfu[nw++];
        }
        snap->decisions = dec[i];
        snap->n_decisions = ndec[i];
        if (!nplans[i])
            continue;
        snap->plan = plans[i];
        snap->open_events = ev[np];
        snap->n_open_events = nev[np++];
        if ((rc = bp_app_snapshot_coordination(s, a, snap)) != BP_OK) /* a draft after version 1: rare */
            return rc;
    }
    return BP_OK;
}

/* bp_app_load_snapshots, or (actor NULL) every case read whole, as the scheduler needs. */
static enum bp_err load_snapshots(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                  const int64_t *ids, size_t n, struct bp_case_snapshot *snaps, bool *ok)
{
    struct bp_case **kase;
    int64_t **orgs, *full;
    bool **asked;
    struct bp_consent **consents;
    struct bp_guardian **g;
    struct bp_case_access *ca;
    size_t *nk, *no, *nc, *ng, *at, i, nf = 0;
    enum bp_err rc;

    ALLOC_N(a, kase, n), ALLOC_N(a, nk, n), ALLOC_N(a, orgs, n), ALLOC_N(a, asked, n), ALLOC_N(a, no, n);
    ALLOC_N(a, consents, n), ALLOC_N(a, nc, n), ALLOC_N(a, g, n), ALLOC_N(a, ng, n), ALLOC_N(a, ca, n);
    ALLOC_N(a, full, n), ALLOC_N(a, at, n);
    if ((rc = bp_case_get_many(s, a, ids, n, kase, nk)) != BP_OK ||
        (rc = bp_case_orgs_many(s, a, ids, n, orgs, asked, no)) != BP_OK ||
        (rc = bp_consent_list_many(s, a, ids, n, consents, nc)) != BP_OK ||
        (rc = bp_guardian_list_for_cases(s, a, ids, n, g, ng)) != BP_OK)
        return rc;
    for (i = 0; i < n; i++) { /* bp_app_case_load and bp_app_case_access, without the audit entry */
        struct bp_case_access_facts f;
        ok[i] = false;
        if (!nk[i])
            continue; /* no such case: BP_ERR_NOT_FOUND */
        ca[i].kase = *kase[i];
        ca[i].all_orgs = no[i] ? orgs[i] : NULL;
        ca[i].all_asked = no[i] ? asked[i] : NULL;
        ca[i].n_all_orgs = no[i];
        ca[i].consents = consents[i];
        ca[i].n_consents = nc[i];
        bp_app_case_split(a, &ca[i]);
        if (actor) {
            f = bp_app_access_facts(&ca[i], bp_actor_today(actor));
            ca[i].d = bp_access_case(actor->user, 0, &f);
        } else {
            ca[i].d.access = BP_ACCESS_FULL; /* the scheduler reads the whole case to know what is due */
        }
        if (ca[i].d.access < BP_ACCESS_ASKED)
            continue;
        ok[i] = true;
        bp_app_snapshot_base(&snaps[i], &ca[i], g[i], ng[i]);
        if (ca[i].d.access == BP_ACCESS_FULL) { /* V-2.3: what others share stays out without consent */
            full[nf] = ids[i];
            at[nf++] = i;
        }
    }
    return snapshots_rest(s, a, full, at, nf, snaps);
}

enum bp_err bp_app_load_snapshots(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                  const int64_t *ids, size_t n, struct bp_case_snapshot *snaps, bool *ok)
{
    return load_snapshots(s, a, actor, ids, n, snaps, ok);
}

enum bp_err bp_app_load_snapshots_whole(struct bp_store *s, struct bp_arena *a, const int64_t *ids, size_t n,
                                        struct bp_case_snapshot *snaps, bool *ok)
{
    return load_snapshots(s, a, NULL, ids, n, snaps, ok);
}

enum bp_err bp_uc_my_tasks(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                           struct bp_my_task **out, size_t *n, struct bp_audit *audit)
{
    struct bp_case *cases;
    struct bp_task_list *list = bp_arena_alloc_raw(a, sizeof(*list)); /* bp_tasks_for_case sets it */
    struct bp_case_snapshot *snaps;
    int64_t *ids;
    bool *ok;
    size_t n_cases, i, j, cap = BP_MAX_MY_TASKS;
    enum bp_err rc;

    *out = NULL;
    *n = 0;
    bp_app_audit_fill(audit, actor, "read", "task_list");
    if (!actor->user)
        return BP_ERR_UNAUTHENTICATED;
    rc = bp_case_list_for_user(s, a, actor->user->id, bp_actor_today(actor), BP_CASE_OPEN, BP_MAX_TASK_CASES,
                               0, &cases, &n_cases);
    if (rc != BP_OK)
        return rc;
    /* Issue 12 item 2: every case's data in a few queries; one audit entry for the whole list (*audit).
     * A case the access rule refuses is left out (a race with a withdrawal is possible). */
    ALLOC_N(a, ids, n_cases), ALLOC_N(a, snaps, n_cases), ALLOC_N(a, ok, n_cases);
    for (i = 0; i < n_cases; i++)
        ids[i] = cases[i].id;
    if ((rc = bp_app_load_snapshots(s, a, actor, ids, n_cases, snaps, ok)) != BP_OK)
        return rc;
    *out = bp_arena_alloc_raw(a, cap * sizeof(**out)); /* filled up to *n below */
    for (i = 0; i < n_cases && *n < cap; i++) {
        if (!ok[i])
            continue;
        list->count = 0;
        bp_tasks_for_case(&snaps[i], bp_actor_today(actor), list);
        for (j = 0; j < list->count && *n < cap; j++) {
            if (!bp_task_falls_on(&list->items[j], actor->user))
                continue;
            (*out)[*n].task = list->items[j];
            (*out)[*n].child_name = cases[i].child_name;
            (*out)[*n].model = cases[i].model;
            (*n)++;
        }
    }
    return BP_OK;
}
