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

/* The coming meeting's preparations (V-3.2, V-4.1). */
static enum bp_err snapshot_preps(struct bp_store *s, struct bp_arena *a, struct bp_case_snapshot *snap)
{
    const struct bp_child_prep *child;
    enum bp_err rc =
        bp_app_load_preps(s, a, snap->kase->id, &child, &snap->guardian_preps, &snap->n_guardian_preps);
    snap->child_preps = child;
    snap->n_child_preps = child ? 1 : 0;
    return rc;
}

/* The case's meetings with their invitees and absence decisions. */
static enum bp_err snapshot_meetings(struct bp_store *s, struct bp_arena *a, struct bp_case_snapshot *snap)
{
    struct bp_meeting *ms;
    struct bp_meeting_view *views;
    size_t n, i;
    enum bp_err rc;
    if ((rc = bp_meeting_list(s, a, snap->kase->id, &ms, &n)) != BP_OK || n == 0)
        return rc;
    if (n > BP_MAX_MEETINGS) /* the latest ones count */
        ms += n - BP_MAX_MEETINGS, n = BP_MAX_MEETINGS;
    views = bp_arena_alloc(a, n * sizeof(*views));
    for (i = 0; i < n; i++) {
        struct bp_invitee *inv;
        struct bp_absence_decision *d;
        size_t ni, nd;
        if ((rc = bp_invitee_list(s, a, ms[i].id, &inv, &ni)) != BP_OK ||
            (rc = bp_absence_decision_list(s, a, ms[i].id, &d, &nd)) != BP_OK)
            return rc;
        views[i] = (struct bp_meeting_view){&ms[i], inv, ni, d, nd};
    }
    snap->meetings = views;
    snap->n_meetings = n;
    for (i = 0; i < n && ms[i].kind != BP_MEETING_FOLLOWUP; i++)
        ;
    if (i < n) { /* V-10.2: what was heard before a follow-up (only cases that have one pay the query) */
        struct bp_followup *f;
        if ((rc = bp_followup_list(s, a, snap->kase->id, &f, &snap->n_followups)) != BP_OK)
            return rc;
        snap->followups = f;
    }
    return BP_OK;
}

enum bp_err bp_app_snapshot_rest(struct bp_store *s, struct bp_arena *a, const struct bp_case_access *ca,
                                 struct bp_case_snapshot *snap)
{
    enum bp_err rc;
    if (ca->d.access != BP_ACCESS_FULL) /* V-2.3: what others share stays out without consent */
        return BP_OK;
    if ((rc = snapshot_preps(s, a, snap)) != BP_OK || (rc = snapshot_meetings(s, a, snap)) != BP_OK)
        return rc;
    return bp_app_snapshot_plan(s, a, ca, snap);
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

/* The tasks of one case, computed for the actor's access. */
static enum bp_err case_tasks(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                              int64_t case_id, struct bp_task_list *out, struct bp_audit *audit)
{
    struct bp_case_access ca;
    struct bp_case_snapshot snap;
    enum bp_err rc;
    if ((rc = bp_app_case_access(s, a, actor, case_id, BP_ACCESS_ASKED, &ca, audit)) != BP_OK)
        return rc;
    if ((rc = bp_app_load_snapshot(s, a, &ca, &snap)) != BP_OK)
        return rc;
    bp_tasks_for_case(&snap, bp_actor_today(actor), out);
    return BP_OK;
}

enum bp_err bp_uc_my_tasks(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                           struct bp_my_task **out, size_t *n, struct bp_audit *audit)
{
    struct bp_case *cases;
    struct bp_task_list *list = bp_arena_alloc_raw(a, sizeof(*list)); /* bp_tasks_for_case sets it */
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
    *out = bp_arena_alloc_raw(a, cap * sizeof(**out)); /* filled up to *n below */
    for (i = 0; i < n_cases && *n < cap; i++) {
        struct bp_audit ignored; /* one entry for the whole list: the one in *audit */
        list->count = 0;
        rc = case_tasks(s, a, actor, cases[i].id, list, &ignored);
        if (rc == BP_ERR_FORBIDDEN || rc == BP_ERR_NOT_FOUND)
            continue; /* the list's rule and the access rule agree; a race with a withdrawal is possible */
        if (rc != BP_OK)
            return rc;
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
