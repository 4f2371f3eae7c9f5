/* followup.c: the use cases of following up the plan (V-10.x): the follow-up page's view (the meeting, the
 * previous meeting and its decisions, the version in force with its interventions, what was said and
 * decided so far), saving the follow-up and each intervention's review, the updated version carried over
 * from it, and a new coordinating organisation's answer (V-10.7). Full access for all of it; every read
 * audited (object "followup"), every write one transaction with its event and audit entry. Must not hold
 * the rules (domain/followup.c). */
#include "app/app_impl.h"
#include "domain/followup.h"

/* The finished version in force (newest finished one); BP_ERR_NOT_FOUND when none is finished yet. */
static enum bp_err version_in_force(struct bp_store *s, struct bp_arena *a, int64_t case_id,
                                    struct bp_plan *out)
{
    struct bp_plan *all;
    size_t n, i;
    enum bp_err rc = bp_plan_versions(s, a, case_id, &all, &n);
    for (i = n; rc == BP_OK && i > 0; i--)
        if (all[i - 1].status == BP_PLAN_FINISHED)
            return bp_plan_get_version(s, a, case_id, all[i - 1].version, out);
    return rc == BP_OK ? BP_ERR_NOT_FOUND : rc;
}

/* The case's version with this row id. */
static enum bp_err version_by_id(struct bp_store *s, struct bp_arena *a, int64_t case_id, int64_t plan_id,
                                 struct bp_plan *out)
{
    struct bp_plan *all;
    size_t n, i;
    enum bp_err rc = bp_plan_versions(s, a, case_id, &all, &n);
    for (i = 0; rc == BP_OK && i < n; i++)
        if (all[i].id == plan_id)
            return bp_plan_get_version(s, a, case_id, all[i].version, out);
    return rc == BP_OK ? BP_ERR_NOT_FOUND : rc;
}

/* V-10.3: the last meeting held before this one (not a preparation among professionals). */
static const struct bp_meeting *previous_meeting(const struct bp_meeting *ms, size_t n,
                                                 const struct bp_meeting *m)
{
    const struct bp_meeting *best = NULL;
    size_t i;
    for (i = 0; i < n; i++)
        if (ms[i].id != m->id && ms[i].status == BP_MEETING_HELD && ms[i].kind != BP_MEETING_PREPARATION &&
            ms[i].starts_at < m->starts_at && (!best || ms[i].starts_at > best->starts_at))
            best = &ms[i];
    return best;
}

/* Loads everything of the view for the case the unit (or read) opened. */
static enum bp_err load(struct bp_store *s, struct bp_arena *a, const struct bp_case_access *ca,
                        int64_t meeting_id, struct bp_followup_view *out)
{
    struct bp_meeting *ms;
    const struct bp_meeting *prev;
    size_t n, i;
    enum bp_err rc;
    out->kase = ca->kase;
    if ((rc = bp_app_family_load(s, a, ca, &out->child, &out->guardians, &out->n_guardians)) != BP_OK ||
        (rc = bp_app_case_org_names(a, ca, &out->orgs, &out->n_orgs)) != BP_OK ||
        (rc = bp_meeting_list(s, a, ca->kase.id, &ms, &n)) != BP_OK)
        return rc;
    for (i = 0; i < n && ms[i].id != meeting_id; i++)
        ;
    if (i == n || ms[i].kind != BP_MEETING_FOLLOWUP)
        return BP_ERR_NOT_FOUND; /* not this case's follow-up meeting: as if it did not exist */
    out->meeting = ms[i];
    if ((prev = previous_meeting(ms, n, &out->meeting)) != NULL) {
        out->has_previous = true;
        out->previous = *prev;
        rc = bp_followup_get(s, a, prev->id, &out->previous_followup);
        out->has_previous_followup = rc == BP_OK;
        if (rc != BP_OK && rc != BP_ERR_NOT_FOUND)
            return rc;
    }
    rc = bp_followup_get(s, a, meeting_id, &out->followup);
    if (rc == BP_OK) {
        out->saved = true; /* the version it follows up, as when it was first saved */
        rc = version_by_id(s, a, ca->kase.id, out->followup.plan_id, &out->plan);
    } else if (rc == BP_ERR_NOT_FOUND) {
        memset(&out->followup, 0, sizeof(out->followup));
        out->followup.next_minute = -1;
        rc = version_in_force(s, a, ca->kase.id, &out->plan);
    }
    if (rc == BP_ERR_NOT_FOUND) /* nothing finished to follow up yet */
        return BP_OK;
    if (rc != BP_OK)
        return rc;
    out->has_plan = true;
    if ((rc = bp_plan_parts_get(s, a, out->plan.id, &out->parts)) != BP_OK ||
        (rc = bp_decision_list(s, a, ca->kase.id, &out->decisions, &out->n_decisions)) != BP_OK ||
        (rc = bp_progress_list(s, a, ca->kase.id, &out->progress, &out->n_progress)) != BP_OK ||
        (rc = bp_child_voice_list(s, a, ca->kase.id, out->plan.finished_on, &out->voices, &out->n_voices)) !=
            BP_OK)
        return rc;
    return out->saved ? bp_review_list(s, a, out->followup.id, &out->reviews, &out->n_reviews) : BP_OK;
}

enum bp_err bp_uc_followup_view(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                int64_t case_id, int64_t meeting_id, struct bp_followup_view *out,
                                struct bp_audit *audit)
{
    struct bp_case_access ca;
    enum bp_err rc;
    memset(out, 0, sizeof(*out));
    if ((rc = bp_app_case_read(s, a, actor, case_id, "followup", BP_ACCESS_FULL, &ca, audit)) != BP_OK)
        return rc;
    audit->detail = bp_arena_printf(a, "meeting %lld", (long long)meeting_id);
    return load(s, a, &ca, meeting_id, out);
}

/* Opens the case for a change to the follow-up of meeting_id, with the view loaded. */
static enum bp_err open_for_write(struct bp_unit *u, struct bp_store *s, struct bp_arena *a,
                                  const struct bp_actor *actor, int64_t case_id, int64_t meeting_id,
                                  const char *detail, struct bp_followup_view *v,
                                  struct bp_field_errors *errs)
{
    enum bp_err rc;
    memset(v, 0, sizeof(*v));
    if ((rc = bp_unit_open_change(u, s, a, actor, case_id, "update", "followup", BP_ACCESS_FULL, errs,
                                  "followup")) != BP_OK)
        return rc;
    u->audit.detail = detail;
    if ((rc = load(s, a, &u->ca, meeting_id, v)) != BP_OK)
        return bp_unit_lookup(u, rc);
    if (!v->has_plan) { /* V-10.1: a follow-up follows up a finished plan */
        bp_field_errors_add(errs, "followup.plan", "no_plan");
        return BP_ERR_CONFLICT;
    }
    if (v->followup.new_plan_id) { /* what led to the updated plan stays as it was */
        bp_field_errors_add(errs, "followup.new_plan", "exists");
        return BP_ERR_CONFLICT;
    }
    return BP_OK;
}

enum bp_err bp_uc_followup_save(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                int64_t case_id, int64_t meeting_id, const struct bp_followup_input *in,
                                struct bp_field_errors *errs)
{
    struct bp_unit u;
    struct bp_followup_view v;
    struct bp_followup f;
    struct bp_followup_ctx ctx;
    enum bp_err rc;
    if ((rc = open_for_write(&u, s, a, actor, case_id, meeting_id, "followup", &v, errs)) != BP_OK)
        return rc;
    ctx = (struct bp_followup_ctx){bp_actor_today(actor), v.meeting.date, u.ca.orgs, u.ca.n_orgs};
    memset(&f, 0, sizeof(f));
    if ((rc = bp_followup_validate(in, &ctx, &f, errs)) != BP_OK)
        return rc;
    f.case_id = case_id;
    f.meeting_id = meeting_id;
    f.plan_id = v.plan.id;
    f.heard_by = f.heard ? (v.followup.heard ? v.followup.heard_by : actor->user->id) : 0;
    f.updated_by = actor->user->id;
    f.updated_at = actor->now;
    u.audit.action = v.saved ? "update" : "create";
    if ((rc = bp_unit_begin(&u)) != BP_OK)
        return rc;
    rc = bp_followup_save(s, &f);
    bp_unit_event(&u, u.ca.d.via_org_id, "followup_saved", NULL);
    return bp_unit_finish(&u, rc);
}

/* The follow-up's row, stored now if the page saved nothing yet (a review may come first). */
static enum bp_err ensure_saved(struct bp_store *s, const struct bp_actor *actor, struct bp_followup_view *v)
{
    if (v->saved)
        return BP_OK;
    v->followup.case_id = v->kase.id;
    v->followup.meeting_id = v->meeting.id;
    v->followup.plan_id = v->plan.id;
    v->followup.updated_by = actor->user->id;
    v->followup.updated_at = actor->now;
    return bp_followup_save(s, &v->followup);
}

enum bp_err bp_uc_review_save(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                              int64_t case_id, int64_t meeting_id, int64_t intervention_id,
                              const struct bp_review_input *in, struct bp_field_errors *errs)
{
    struct bp_unit u;
    struct bp_followup_view v;
    struct bp_review r;
    size_t i;
    enum bp_err rc;
    if ((rc = open_for_write(&u, s, a, actor, case_id, meeting_id, "review", &v, errs)) != BP_OK)
        return rc;
    for (i = 0; i < v.parts.n_interventions && v.parts.interventions[i].id != intervention_id; i++)
        ;
    if (i == v.parts.n_interventions)
        return bp_unit_lookup(&u, BP_ERR_NOT_FOUND); /* not an intervention of the version followed up */
    memset(&r, 0, sizeof(r));
    if ((rc = bp_review_validate(in, &r, errs)) != BP_OK)
        return rc;
    r.intervention_id = intervention_id;
    if ((rc = bp_unit_begin(&u)) != BP_OK)
        return rc;
    if ((rc = ensure_saved(s, actor, &v)) == BP_OK) {
        r.followup_id = v.followup.id;
        rc = bp_review_save(s, &r, actor->user->id, actor->now);
    }
    bp_unit_event(&u, u.ca.d.via_org_id, "followup_reviewed", NULL);
    return bp_unit_finish(&u, rc);
}

enum bp_err bp_uc_followup_carry(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                 int64_t case_id, int64_t meeting_id, int *version,
                                 struct bp_field_errors *errs)
{
    struct bp_unit u;
    struct bp_followup_view v;
    struct bp_plan newest, next;
    enum bp_err rc;
    if ((rc = open_for_write(&u, s, a, actor, case_id, meeting_id, "carry_over", &v, errs)) != BP_OK)
        return rc;
    u.audit.object = "plan";
    u.audit.action = "create";
    if ((rc = bp_followup_check_carry(&v.followup, &v.parts, v.reviews, v.n_reviews, errs)) != BP_OK)
        return rc;
    if ((rc = bp_plan_current(s, a, case_id, &newest)) != BP_OK)
        return rc;
    if (newest.status == BP_PLAN_DRAFT) { /* V-10.6: one updated plan at a time */
        bp_field_errors_add(errs, "plan.status", "draft_exists");
        return BP_ERR_CONFLICT;
    }
    next = bp_app_plan_next(&newest, u.ca.kase.plan_kind);
    next.has_followup = true; /* V-10.5: the next follow-up, booked at this one, is in the plan */
    next.followup_on = v.followup.next_on;
    next.followup_minute = v.followup.next_minute;
    next.followup_place = v.followup.next_place;
    next.followup_participants = v.followup.next_participants;
    if (v.followup.new_coordinator_org) { /* V-10.7: it accepts before the version is finished */
        next.coordinator_orgs[0] = v.followup.new_coordinator_org;
        next.n_coordinator_orgs = 1;
        next.coordinator_user_id = 0;
        next.coordinator_name = "";
        next.contact_if_fails = ""; /* V-7.5: the new coordinator says whom to contact; finishing asks */
    }
    if ((rc = bp_unit_begin(&u)) != BP_OK)
        return rc;
    rc = bp_app_plan_store_copy(s, a, &next, &v.parts, v.reviews, v.n_reviews, actor->now);
    if (rc == BP_OK)
        rc = bp_followup_set_new_plan(s, v.followup.id, next.id);
    if (rc == BP_OK)
        *version = next.version;
    bp_unit_event(&u, u.ca.d.via_org_id, "plan_new_version", NULL);
    if (v.followup.new_coordinator_org)
        bp_unit_notify(&u, v.followup.new_coordinator_org, "coordination_asked");
    return bp_unit_finish(&u, rc);
}
