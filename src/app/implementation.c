/* implementation.c: the use cases of carrying out the plan (V-9.1-V-9.5): read what is under way, record
 * how an intervention goes (its own organisation only), what the child says, events that affect the plan
 * and the coordinator's decisions on them. Full access only (V-2.6: a consent withdrawn ends it at once,
 * V-9.5); every read audited; every write with its timeline event, notifications and audit entry in one
 * transaction (app/unit.c). Must not hold the rules (domain/implementation.c) or any text users see. */
#include "app/app_impl.h"

/* The version in force: the newest finished one (V-10.6: also while a new draft is written). BP_ERR_NOT_FOUND
 * when none is finished yet. */
static enum bp_err plan_in_force(struct bp_store *s, struct bp_arena *a, int64_t case_id, struct bp_plan *p)
{
    enum bp_err rc = bp_plan_current(s, a, case_id, p);
    if (rc == BP_OK && p->status == BP_PLAN_DRAFT)
        rc = p->version > 1 ? bp_plan_get_version(s, a, case_id, p->version - 1, p) : BP_ERR_NOT_FOUND;
    return rc;
}

/* The plan in force and its interventions; *has false when none is finished. */
static enum bp_err load_plan(struct bp_store *s, struct bp_arena *a, int64_t case_id, struct bp_plan *p,
                             struct bp_plan_parts *parts, bool *has)
{
    enum bp_err rc = plan_in_force(s, a, case_id, p);
    *has = rc == BP_OK;
    memset(parts, 0, sizeof(*parts));
    if (rc == BP_ERR_NOT_FOUND)
        return BP_OK;
    return rc != BP_OK ? rc : bp_plan_parts_get(s, a, p->id, parts);
}

static enum bp_err load_orgs(struct bp_store *s, struct bp_arena *a, const struct bp_case_access *ca,
                             struct bp_impl_view *out)
{
    size_t i;
    enum bp_err rc;
    out->orgs = bp_arena_alloc(a, sizeof(*out->orgs) * (ca->n_orgs ? ca->n_orgs : 1));
    for (i = 0; i < ca->n_orgs; i++) {
        if ((rc = bp_org_get(s, a, ca->orgs[i], &out->orgs[out->n_orgs])) != BP_OK)
            return rc;
        out->n_orgs++;
    }
    return BP_OK;
}

/* The planned follow-up meetings (an earlier follow-up names one of them, V-9.4). */
static enum bp_err load_followups(struct bp_store *s, struct bp_arena *a, int64_t case_id,
                                  struct bp_meeting **out, size_t *n)
{
    struct bp_meeting *ms;
    size_t all, i;
    enum bp_err rc = bp_meeting_list(s, a, case_id, &ms, &all);
    *out = bp_arena_alloc(a, (all ? all : 1) * sizeof(**out));
    *n = 0;
    for (i = 0; rc == BP_OK && i < all; i++)
        if (bp_event_meeting_fits(&ms[i]))
            (*out)[(*n)++] = ms[i];
    return rc;
}

enum bp_err bp_uc_impl_view(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                            int64_t case_id, struct bp_impl_view *out, struct bp_audit *audit)
{
    struct bp_case_access ca;
    size_t i;
    enum bp_err rc;
    memset(out, 0, sizeof(*out));
    if ((rc = bp_app_case_read(s, a, actor, case_id, "implementation", BP_ACCESS_FULL, &ca, audit)) != BP_OK)
        return rc;
    out->kase = ca.kase;
    out->via_org_id = ca.d.via_org_id;
    if ((rc = bp_child_get(s, a, ca.kase.child_id, &out->child)) != BP_OK ||
        (rc = load_orgs(s, a, &ca, out)) != BP_OK ||
        (rc = load_plan(s, a, case_id, &out->plan, &out->parts, &out->has_plan)) != BP_OK ||
        (rc = bp_progress_list(s, a, case_id, &out->progress, &out->n_progress)) != BP_OK ||
        (rc = bp_child_voice_list(s, a, case_id, (struct bp_date){0}, &out->voices, &out->n_voices)) !=
            BP_OK ||
        (rc = bp_plan_event_list(s, a, case_id, false, &out->events, &out->n_events)) != BP_OK ||
        (rc = load_followups(s, a, case_id, &out->followups, &out->n_followups)) != BP_OK)
        return rc;
    // NOLINTNEXTLINE(bugprone-sizeof-expression): an array of pointers, one per intervention
    out->latest = bp_arena_alloc(a, sizeof(*out->latest) * (out->parts.n_interventions + 1));
    out->may_record = bp_arena_alloc(a, sizeof(bool) * (out->parts.n_interventions + 1));
    for (i = 0; i < out->parts.n_interventions; i++) {
        const struct bp_intervention *iv = &out->parts.interventions[i];
        out->latest[i] = bp_progress_latest(out->progress, out->n_progress, iv->origin_id);
        out->may_record[i] = bp_progress_may_record(actor->user, iv);
    }
    out->is_coordinator = out->has_plan && bp_plan_is_coordinator(&out->plan, actor->user);
    return BP_OK;
}

enum bp_err bp_uc_child_voices_since(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                     int64_t case_id, struct bp_date since, struct bp_child_voice **out,
                                     size_t *n, struct bp_audit *audit)
{
    struct bp_case_access ca;
    enum bp_err rc;
    *out = NULL;
    *n = 0;
    if ((rc = bp_app_case_read(s, a, actor, case_id, "child_voice", BP_ACCESS_FULL, &ca, audit)) != BP_OK)
        return rc;
    return bp_child_voice_list(s, a, case_id, since, out, n);
}

/* ---- writes ---- */

/* A write about the plan in force (V-9.1-V-9.4): its unit of work, and the plan with its parts. */
struct plan_write {
    struct bp_unit u;
    struct bp_plan plan;
    struct bp_plan_parts parts;
};

/* Loads the plan in force of the opened unit's case into w: BP_ERR_CONFLICT, and "no_plan_in_force" on
 * `field`, when none is finished yet. */
static enum bp_err plan_for_report(struct plan_write *w, int64_t case_id, const char *field,
                                   struct bp_field_errors *errs)
{
    bool has;
    enum bp_err rc;
    if ((rc = load_plan(w->u.s, w->u.a, case_id, &w->plan, &w->parts, &has)) != BP_OK)
        return rc;
    if (!has) {
        bp_field_errors_add(errs, field, "no_plan_in_force");
        return BP_ERR_CONFLICT;
    }
    return BP_OK;
}

/* Opens the case for a write (full access, an open case) and loads the plan in force (plan_for_report). */
static enum bp_err open_write(struct plan_write *w, struct bp_store *s, struct bp_arena *a,
                              const struct bp_actor *actor, int64_t case_id, const char *object,
                              const char *field, struct bp_field_errors *errs)
{
    enum bp_err rc;
    if ((rc = bp_unit_open_change(&w->u, s, a, actor, case_id, "create", object, BP_ACCESS_FULL, errs,
                                  field)) != BP_OK)
        return rc;
    return plan_for_report(w, case_id, field, errs);
}

/* open_write for a family member telling the coordinator (issue 10 item 7, V-9.3): the table's event.report
 * decides, not the professionals' access rule. */
static enum bp_err open_family_report(struct plan_write *w, struct bp_store *s, struct bp_arena *a,
                                      const struct bp_actor *actor, int64_t case_id, bool *may_share,
                                      struct bp_field_errors *errs)
{
    struct bp_family_case_view v;
    enum bp_err rc;
    if ((rc = bp_unit_open_family_change(&w->u, s, a, actor, case_id, "create", "plan_event",
                                         BP_FI_EVENT_REPORT, &v, errs, "event.what")) != BP_OK)
        return rc;
    *may_share = bp_app_family_may_share(&v, bp_actor_today(actor)); /* rule R2: the child from 12 */
    return plan_for_report(w, case_id, "event.what", errs);
}

/* Tells the plan's coordinator (V-9.3): the named person, else the coordinating organisations' members. */
static enum bp_err tell_coordinator(struct bp_unit *u, const struct bp_plan *p, const char *kind)
{
    struct bp_user *people, one;
    size_t n = 1;
    enum bp_err rc;
    if (p->coordinator_user_id) {
        rc = bp_user_get(u->s, u->a, p->coordinator_user_id, &one);
        people = &one;
        if (rc == BP_OK && one.disabled)
            n = 0;
    } else {
        rc = bp_plan_coordinator_members(u->s, u->a, p->id, &people, &n);
    }
    if (rc != BP_OK)
        return rc;
    return bp_app_notify_users(u->s, u->a, u->actor, u->ca.kase.id,
                               p->n_coordinator_orgs ? p->coordinator_orgs[0] : 0, kind, people, n);
}

/* Finishes a report the coordinator is told of at once (V-9.2, V-9.3), `rc` the outcome of storing it:
 * the coordinator told, the timeline event `kind` for org_id (that it happened, never what was said). */
static enum bp_err reported(struct plan_write *w, enum bp_err rc, int64_t org_id, const char *kind)
{
    if (rc == BP_OK)
        rc = tell_coordinator(&w->u, &w->plan, kind);
    bp_unit_event(&w->u, org_id, kind, NULL);
    return bp_unit_finish(&w->u, rc);
}

enum bp_err bp_uc_progress_add(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                               int64_t case_id, int64_t iv_id, const struct bp_progress_input *in,
                               int64_t *id, struct bp_field_errors *errs)
{
    struct plan_write w;
    struct bp_progress pr;
    const struct bp_intervention *iv;
    enum bp_err rc = open_write(&w, s, a, actor, case_id, "progress", "progress.status", errs);
    if (rc != BP_OK)
        return rc;
    if (!(iv = BP_FIND_ID(struct bp_intervention, w.parts.interventions, w.parts.n_interventions, id, iv_id)))
        return bp_unit_lookup(&w.u, BP_ERR_NOT_FOUND);
    if (!bp_progress_may_record(actor->user, iv)) { /* V-9.1: each organisation its own part */
        bp_field_errors_add(errs, "progress.status", "not_own_org");
        return bp_unit_deny(&w.u, "not_own_org");
    }
    if ((rc = bp_progress_validate(in, bp_actor_today(actor), &pr, errs)) != BP_OK)
        return rc;
    pr.case_id = case_id;
    pr.intervention_id = iv->id;
    pr.origin_id = iv->origin_id;
    pr.org_id = iv->org_id;
    pr.recorded_by = actor->user->id;
    pr.created_at = actor->now;
    w.u.audit.detail = bp_progress_status_codes[pr.status];
    if ((rc = bp_unit_begin(&w.u)) != BP_OK)
        return rc;
    rc = bp_progress_add(s, &pr);
    bp_unit_event(&w.u, iv->org_id, "progress_recorded", NULL);
    if ((rc = bp_unit_finish(&w.u, rc)) == BP_OK && id)
        *id = pr.id;
    return rc;
}

enum bp_err bp_uc_child_voice_add(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                  int64_t case_id, const struct bp_child_voice_input *in, int64_t *id,
                                  struct bp_field_errors *errs)
{
    struct plan_write w;
    struct bp_child_voice v;
    enum bp_err rc = open_write(&w, s, a, actor, case_id, "child_voice", "voice.note", errs);
    if (rc != BP_OK)
        return rc;
    if ((rc = bp_child_voice_validate(in, bp_actor_today(actor), &v, errs)) != BP_OK)
        return rc;
    v.case_id = case_id;
    v.org_id = w.u.ca.d.via_org_id;
    v.recorded_by = actor->user->id;
    v.created_at = actor->now;
    if ((rc = bp_unit_begin(&w.u)) != BP_OK)
        return rc;
    rc = bp_child_voice_add(s, &v); /* V-9.2: the coordinator sees what the child said */
    if ((rc = reported(&w, rc, v.org_id, "child_voice_recorded")) == BP_OK && id)
        *id = v.id;
    return rc;
}

enum bp_err bp_uc_plan_event_report(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                    int64_t case_id, const struct bp_plan_event_input *in, int64_t *id,
                                    struct bp_field_errors *errs)
{
    struct plan_write w;
    struct bp_plan_event ev;
    bool may_share = false;
    enum bp_err rc;
    if (!actor->user)
        return BP_ERR_UNAUTHENTICATED;
    rc = actor->user->family_child_id
             ? open_family_report(&w, s, a, actor, case_id, &may_share, errs)
             : open_write(&w, s, a, actor, case_id, "plan_event", "event.what", errs);
    if (rc != BP_OK)
        return rc;
    if ((rc = bp_plan_event_validate(in, bp_actor_today(actor), &ev, errs)) != BP_OK)
        return rc;
    ev.share_with_guardians = ev.share_with_guardians && may_share; /* the child's own tick only (R2) */
    ev.case_id = case_id;
    ev.org_id = w.u.ca.d.via_org_id; /* 0: a family member (issue 10 item 7) */
    ev.reported_by = actor->user->id;
    ev.created_at = actor->now;
    if ((rc = bp_unit_begin(&w.u)) != BP_OK)
        return rc;
    rc = bp_plan_event_add(s, &ev); /* V-9.3: the coordinator is told at once */
    if ((rc = reported(&w, rc, ev.org_id, "plan_event_reported")) == BP_OK && id)
        *id = ev.id;
    return rc;
}

enum bp_err bp_uc_plan_event_decide(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                    int64_t case_id, int64_t event_id,
                                    const struct bp_event_decision_input *in, struct bp_field_errors *errs)
{
    struct plan_write w;
    struct bp_plan_event *events, decided;
    const struct bp_plan_event *ev;
    struct bp_meeting *followups;
    size_t n, n_followups;
    enum bp_err rc = open_write(&w, s, a, actor, case_id, "plan_event", "event_decision.decision", errs);
    if (rc != BP_OK)
        return rc;
    w.u.audit.action = "update";
    if ((rc = bp_plan_event_list(s, a, case_id, false, &events, &n)) != BP_OK ||
        (rc = load_followups(s, a, case_id, &followups, &n_followups)) != BP_OK)
        return rc;
    if (!(ev = BP_FIND_ID(struct bp_plan_event, events, n, id, event_id)))
        return bp_unit_lookup(&w.u, BP_ERR_NOT_FOUND);
    if (!bp_plan_is_coordinator(&w.plan, actor->user)) { /* V-9.4: only the coordinator decides */
        bp_field_errors_add(errs, "event_decision.decision", "not_coordinator");
        return bp_unit_deny(&w.u, "not_coordinator");
    }
    if ((rc = bp_event_decide_validate(in, ev, followups, n_followups, &decided, errs)) != BP_OK)
        return rc;
    decided.decided_by = actor->user->id;
    decided.decided_on = bp_actor_today(actor);
    w.u.audit.detail = bp_event_decision_codes[decided.decision];
    if ((rc = bp_unit_begin(&w.u)) != BP_OK)
        return rc;
    rc = bp_plan_event_decide(s, &decided);
    if (rc == BP_ERR_NOT_FOUND) { /* decided by someone else a moment ago */
        bp_field_errors_add(errs, "event_decision.decision", "already_decided");
        rc = BP_ERR_CONFLICT;
    }
    bp_unit_event(&w.u, w.u.ca.d.via_org_id, "plan_event_decided", NULL);
    bp_unit_notify(&w.u, 0, "plan_event_decided"); /* everyone involved hears what was decided */
    return bp_unit_finish(&w.u, rc);
}
