/* family_events.c: what the family sees of carrying out and following up the plan (issue 10 items 3, 7;
 * docs/family-access.md sections 5.4, 5.5): the events that were reported and the coordinator's decisions
 * (event.list, V-9.4), what the child reported (event.child_reports, rule R2: under 12, or shared from 12,
 * V-9.3), and on the plan page the follow-ups (followup.record, V-10.3-V-10.7) and the next one
 * (followup.next, V-10.5), the child's words written down during the plan and before a follow-up
 * (plan.child_voices, followup.child_views, rule R2; V-9.2, V-10.2). Who the member is and what they may see
 * comes from app/family.c (the table); everything the role may not see is left out here, never on the page.
 * Must not hold a text users see. */
#include "app/app_impl.h"
#include "domain/family_prep.h"

struct bp_date bp_app_child_birth(const struct bp_child *child)
{
    struct bp_date birth = {0, 0, 0};
    (void)bp_date_parse(child->birth_date, &birth);
    return birth;
}

bool bp_app_family_may_share(const struct bp_family_case_view *v, struct bp_date today)
{
    return v->who.guardian_id == 0 && bp_family_prep_may_share(bp_app_child_birth(&v->child), today);
}

/* Who told, as the member may know it: never a name or an organisation (not in the table's fields). */
static const char *told_by(const struct bp_plan_event *e, const struct bp_actor *actor)
{
    if (e->reported_by == actor->user->id)
        return "own";
    if (e->reporter_child_id && !e->reporter_guardian_id)
        return "child";
    return e->reporter_guardian_id ? "guardian" : "org";
}

/* One event as the member may see it (event.list or event.child_reports), or false. */
static bool event_seen(const struct bp_family_case_view *v, struct bp_date today,
                       const struct bp_actor *actor, const struct bp_plan_event *e,
                       struct bp_family_event *out)
{
    bool by_child = e->reporter_child_id && !e->reporter_guardian_id;
    struct bp_family_scope scope = {.own = e->reported_by == actor->user->id, .invited = false};
    enum bp_family_item item = by_child ? BP_FI_EVENT_CHILD_REPORTS : BP_FI_EVENT_LIST;
    scope.shared =
        by_child && bp_family_prep_shared(bp_app_child_birth(&v->child), today, e->share_with_guardians);
    if (!bp_family_sees(item, (enum bp_family_role)v->who.role, scope) ||
        (v->who.protected_from && bp_family_table[item].hide))
        return false;
    memset(out, 0, sizeof(*out));
    out->item = (int)item;
    out->by = told_by(e, actor);
    out->e.id = e->id;
    out->e.what = e->what;
    out->e.happened_on = e->happened_on;
    out->e.decision = e->decision;
    out->e.decision_note = e->decision_note;
    out->e.decided_on = e->decided_on;
    out->e.share_with_guardians = by_child && e->share_with_guardians;
    return true;
}

enum bp_err bp_uc_family_events(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                int64_t case_id, struct bp_family_events_view *out, struct bp_audit *audit)
{
    struct bp_date today = bp_actor_today(actor);
    struct bp_plan_event *events;
    const bool *show;
    size_t n, i;
    enum bp_err rc = bp_uc_family_case(s, a, actor, case_id, "events", &out->c, audit);
    out->items = NULL;
    out->n = 0;
    audit->object = "plan_event";
    if (rc != BP_OK)
        return rc;
    show = out->c.who.show;
    if (!show[BP_FI_EVENT_REPORT] && !show[BP_FI_EVENT_LIST] && !show[BP_FI_EVENT_CHILD_REPORTS]) {
        audit->action = "denied"; /* a page this role does not have: as if it did not exist */
        return BP_ERR_NOT_FOUND;
    }
    if ((rc = bp_plan_event_list(s, a, case_id, false, &events, &n)) != BP_OK)
        return rc;
    out->items = bp_arena_alloc(a, sizeof(*out->items) * (n + 1));
    for (i = 0; i < n; i++)
        if (event_seen(&out->c, today, actor, &events[i], &out->items[out->n]))
            out->n++;
    out->may_report = out->c.has_plan && show[BP_FI_EVENT_REPORT] && out->c.kase.status == BP_CASE_OPEN;
    out->may_share = bp_app_family_may_share(&out->c, today);
    out->guardians_see = out->c.who.guardian_id == 0 && !out->may_share;
    return BP_OK;
}

/* Rule R2 for the child's words a professional wrote down (plan.child_voices, followup.child_views): whether
 * the member sees one such record, the child's choice `shared` (under 12 the guardians see it anyway). */
static bool sees_words(const struct bp_family_case_view *v, struct bp_date today, enum bp_family_item item,
                       bool shared)
{
    struct bp_family_scope scope = {.own = v->who.guardian_id == 0, .invited = false};
    scope.shared = bp_family_prep_shared(bp_app_child_birth(&v->child), today, shared);
    return bp_family_sees(item, (enum bp_family_role)v->who.role, scope) &&
           !(v->who.protected_from && bp_family_table[item].hide);
}

static bool has_text(const char *s)
{
    return s && *s;
}

/* A follow-up as the member may see it: followup.record, followup.child_views (R2), followup.guardians_view
 * (never the child's, R3) and followup.next; *views whether the child's views are shown. */
static void blank_followup(const struct bp_family_case_view *v, struct bp_date today, struct bp_followup *f,
                           bool *views)
{
    const bool *show = v->who.show;
    *views = sees_words(v, today, BP_FI_FOLLOWUP_CHILD_VIEWS, f->child_share_with_guardians) &&
             (has_text(f->child_last_meeting) || has_text(f->child_interventions));
    if (!*views)
        f->child_last_meeting = f->child_interventions = NULL;
    if (!show[BP_FI_FOLLOWUP_GUARDIANS_VIEW])
        f->guardians_view = NULL;
    f->heard_by = f->updated_by = 0;
    if (!show[BP_FI_FOLLOWUP_RECORD]) {
        f->q_a = f->q_b = f->q_c = f->q_d = f->q_e = f->q_f = f->q_g = f->q_h = NULL;
        f->still_needed = BP_STILL_UNDECIDED;
        f->new_coordinator_org = 0;
    }
    if (!show[BP_FI_FOLLOWUP_NEXT]) {
        f->has_next = false;
        f->next_minute = -1;
        f->next_place = f->next_participants = NULL;
    }
}

/* The version a follow-up followed up, among the finished ones the member may read; 0: none of them. */
static int version_of(const struct bp_family_case_view *v, int64_t plan_id)
{
    size_t i;
    for (i = 0; i < v->n_versions; i++)
        if (v->versions[i].id == plan_id)
            return v->versions[i].version;
    return plan_id && v->has_plan && v->plan.id == plan_id ? v->plan.version : 0;
}

/* plan.child_voices (V-9.2): what the child said during the plan, as written down, by rule R2. */
static enum bp_err load_voices(struct bp_store *s, struct bp_arena *a, struct bp_date today,
                               struct bp_family_plan_view *out)
{
    struct bp_child_voice *all;
    size_t n, i;
    enum bp_err rc;
    if (!sees_words(&out->c, today, BP_FI_PLAN_CHILD_VOICES, true))
        return BP_OK; /* not this role's in any case */
    if ((rc = bp_child_voice_list(s, a, out->c.kase.id, (struct bp_date){0}, &all, &n)) != BP_OK)
        return rc;
    out->voices = all;
    for (i = 0; i < n; i++)
        if (sees_words(&out->c, today, BP_FI_PLAN_CHILD_VOICES, all[i].share_with_guardians)) {
            struct bp_child_voice kept = {.id = all[i].id, .said_on = all[i].said_on, .note = all[i].note};
            out->voices[out->n_voices++] = kept; /* who wrote it down is the professionals' */
        }
    return BP_OK;
}

/* followup.record's reviews (V-10.4): each intervention's decision and note, named from the version it
 * followed up (the version in force's parts, or that version's own, one query more, only when it is an older
 * one). */
static enum bp_err load_reviews(struct bp_store *s, struct bp_arena *a, const struct bp_family_case_view *c,
                                struct bp_family_followup *ff)
{
    const struct bp_plan_parts *pp = &c->parts;
    struct bp_plan_parts older;
    struct bp_review *rs;
    size_t n, i, j;
    enum bp_err rc = bp_review_list(s, a, ff->f.id, &rs, &n);
    if (rc != BP_OK || n == 0)
        return rc;
    if (ff->f.plan_id != c->plan.id) {
        if ((rc = bp_plan_parts_get(s, a, ff->f.plan_id, &older)) != BP_OK)
            return rc;
        pp = &older;
    }
    ff->reviews = bp_arena_alloc(a, sizeof(*ff->reviews) * n);
    for (i = 0; i < n; i++) {
        for (j = 0; j < pp->n_interventions && pp->interventions[j].id != rs[i].intervention_id; j++)
            ;
        ff->reviews[ff->n_reviews].what = j < pp->n_interventions ? pp->interventions[j].what : NULL;
        ff->reviews[ff->n_reviews++].r = rs[i];
    }
    return BP_OK;
}

/* plan.progress (V-9.1): the latest progress recorded on each intervention of the version in force, its note
 * only where plan.progress_note is the role's, never who recorded it. One query, on this page only. */
static enum bp_err load_progress(struct bp_store *s, struct bp_arena *a, struct bp_family_plan_view *out)
{
    const struct bp_plan_parts *parts = &out->c.parts;
    struct bp_progress *ps;
    size_t n, i, j;
    enum bp_err rc;
    if (!out->c.who.show[BP_FI_PLAN_PROGRESS])
        return BP_OK;
    if ((rc = bp_progress_list(s, a, out->c.kase.id, &ps, &n)) != BP_OK) /* newest first */
        return rc;
    out->progress = bp_arena_alloc(a, sizeof(*out->progress) * (parts->n_interventions + 1));
    for (j = 0; j < parts->n_interventions; j++) {
        for (i = 0; i < n && ps[i].origin_id != parts->interventions[j].origin_id; i++)
            ;
        if (i == n)
            continue;
        out->progress[out->n_progress].what = parts->interventions[j].what;
        out->progress[out->n_progress].p = ps[i];
        out->progress[out->n_progress].p.recorded_by = 0;
        out->progress[out->n_progress].p.recorded_by_name = NULL;
        if (!out->c.who.show[BP_FI_PLAN_PROGRESS_NOTE])
            out->progress[out->n_progress].p.note = NULL;
        out->n_progress++;
    }
    return BP_OK;
}

enum bp_err bp_uc_family_plan_page(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                   int64_t case_id, struct bp_family_plan_view *out, struct bp_audit *audit)
{
    struct bp_date today = bp_actor_today(actor);
    struct bp_followup *fs;
    size_t n, i;
    enum bp_err rc = bp_uc_family_case(s, a, actor, case_id, "plan", &out->c, audit);
    out->followups = NULL;
    out->n_followups = 0;
    out->next = NULL;
    out->voices = NULL;
    out->n_voices = 0;
    out->progress = NULL;
    out->n_progress = 0;
    audit->object = "plan";
    if (rc != BP_OK || !out->c.has_plan)
        return rc;
    /* one query each, on the family's plan page only */
    if ((rc = load_voices(s, a, today, out)) != BP_OK || (rc = load_progress(s, a, out)) != BP_OK ||
        (rc = bp_followup_list(s, a, case_id, &fs, &n)) != BP_OK)
        return rc;
    out->followups = bp_arena_alloc(a, sizeof(*out->followups) * (n + 1));
    for (i = 0; i < n; i++) { /* oldest first */
        struct bp_family_followup *ff = &out->followups[out->n_followups];
        int version = version_of(&out->c, fs[i].plan_id);
        bool views;
        if (!version)
            continue; /* a version the member may not read (R6) */
        blank_followup(&out->c, today, &fs[i], &views);
        if (fs[i].has_next)
            out->next = &fs[i]; /* the latest booked (V-10.5) */
        if (!out->c.who.show[BP_FI_FOLLOWUP_RECORD] && !views && !has_text(fs[i].guardians_view))
            continue;
        ff->f = fs[i];
        ff->version = version;
        ff->record = out->c.who.show[BP_FI_FOLLOWUP_RECORD];
        ff->reviews = NULL;
        ff->n_reviews = 0;
        if (ff->record && (rc = load_reviews(s, a, &out->c, ff)) != BP_OK)
            return rc;
        ff->child_views = views;
        ff->new_coordinator_org_name =
            fs[i].new_coordinator_org
                ? bp_org_name_in(out->c.all_orgs, out->c.n_all_orgs, fs[i].new_coordinator_org)
                : NULL;
        out->n_followups++;
    }
    return BP_OK;
}
