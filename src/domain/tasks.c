/* tasks.c: the work list derived from one case's snapshot. Pure. */
#include "domain/tasks.h"
#include "domain/checks.h"

const char *const bp_task_kind_codes[BP_TASK_KIND_COUNT] = {
    "obtain_consent",  "inform_named_person", "prepare_child",      "prepare_guardian", "call_preparation",
    "send_invitation", "answer_invitation",   "find_substitute",    "decide_absence",   "hold_meeting",
    "finish_plan",     "debrief_child",       "decision_feedback",  "hear_followup",    "accept_coordination",
    "decide_event",    "name_named_person",   "named_person_decide"};
const char *const bp_task_status_codes[BP_TASK_STATUS_COUNT] = {"late", "due_today", "open", "done_late",
                                                                "done"};

struct derive {
    const struct bp_case_snapshot *s;
    const struct bp_case *k;
    struct bp_date today;
    struct bp_task_list *out;
    bool has_noticed;
    struct bp_date noticed;
    const struct bp_meeting *plan_meeting; /* the first meeting where the plan is made, not cancelled */
    bool plan_meeting_held;
    bool has_invite_due; /* when the plan meeting's invitation is due (V-6.1, K-4.3) */
    struct bp_date invite_due;
};

static bool valid(struct bp_date d)
{
    return bp_date_valid(d.y, d.m, d.d);
}

static void put(struct derive *c, const struct bp_task *t)
{
    if (c->out->count < BP_ARRAY_LEN(c->out->items))
        c->out->items[c->out->count++] = *t;
    else
        c->out->truncated = true;
}

static struct bp_task task(const struct derive *c, enum bp_task_kind kind, int64_t org, int64_t user,
                           int64_t meeting_id, int64_t ref)
{
    struct bp_task t;
    memset(&t, 0, sizeof(t));
    t.kind = kind;
    t.case_id = c->k->id;
    t.org_id = org;
    t.user_id = user;
    t.meeting_id = meeting_id;
    t.ref_id = ref;
    t.reason = "";
    return t;
}

static void due(struct bp_task *t, bool has, struct bp_date d)
{
    t->has_due = has && valid(d);
    if (t->has_due)
        t->due = d;
}

static void open_task(struct derive *c, struct bp_task t)
{
    int64_t today = bp_day(c->today);
    if (!t.has_due || today < bp_day(t.due))
        t.status = BP_TASK_OPEN;
    else if (today == bp_day(t.due))
        t.status = BP_TASK_DUE_TODAY;
    else
        t.status = BP_TASK_LATE;
    if (t.status != BP_TASK_LATE)
        t.reason = ""; /* a reason explains lateness only */
    put(c, &t);
}

/* `late`: 1 or 0 when the rule decides it, -1 to compare the done date with the due date. A done task
 * without a known date, or done long ago, is left off. */
static void done_task(struct derive *c, struct bp_task t, struct bp_date done_on, int late)
{
    if (!valid(done_on) || bp_day(c->today) - bp_day(done_on) > BP_TASK_RECENT_DAYS)
        return;
    t.has_done = true;
    t.done_on = done_on;
    if (late < 0)
        late = t.has_due && bp_day(done_on) > bp_day(t.due);
    t.status = late ? BP_TASK_DONE_LATE : BP_TASK_DONE;
    if (!late)
        t.reason = "";
    put(c, &t);
}

static int64_t chair(const struct bp_meeting *m)
{
    return m->chair_user_id ? m->chair_user_id : m->called_by_user; /* V-5.7 */
}

/* ---- the case's dates ---- */

static void find_plan_meeting(struct derive *c)
{
    size_t i;
    for (i = 0; i < c->s->n_meetings; i++) {
        const struct bp_meeting *m = c->s->meetings[i].meeting;
        if (m->kind != BP_MEETING_PLAN || m->status == BP_MEETING_CANCELLED)
            continue;
        if (!c->plan_meeting || bp_day(m->date) < bp_day(c->plan_meeting->date))
            c->plan_meeting = m;
    }
    c->plan_meeting_held = c->plan_meeting && c->plan_meeting->status == BP_MEETING_HELD;
    if (c->k->model == BP_MODEL_KRONOBERG) {
        /* K-4.3: at least three weeks before the meeting; no meeting date, no due date */
        if (c->plan_meeting) {
            c->has_invite_due = true;
            c->invite_due = bp_date_add(c->plan_meeting->date, -BP_THREE_WEEKS_DAYS);
        }
    } else if (c->has_noticed) {
        /* V-6.1: the meeting within three weeks of the noticed date */
        c->has_invite_due = true;
        c->invite_due = bp_date_add(c->noticed, BP_THREE_WEEKS_DAYS);
    }
}

/* ---- before the meeting ---- */

static void consent_tasks(struct derive *c)
{
    size_t i, j;
    bool kronoberg = c->k->model == BP_MODEL_KRONOBERG;
    /* the organisations taking part, then those only asked to (V-2.6): no consent of theirs yet */
    for (i = 0; i < c->s->n_case_orgs + c->s->n_asked_only; i++) {
        bool only_asked = i >= c->s->n_case_orgs;
        int64_t org = only_asked ? c->s->asked_only[i - c->s->n_case_orgs] : c->s->case_orgs[i];
        bool asked = only_asked || (c->s->case_orgs_asked && c->s->case_orgs_asked[i]);
        const struct bp_consent *in_force = NULL;
        bool withdrawn = false;
        struct bp_task t;
        for (j = 0; j < c->s->n_consents; j++) {
            const struct bp_consent *k = &c->s->consents[j];
            if (k->org_id != org)
                continue;
            if (bp_consent_in_force(k, c->today))
                in_force = k;
            else if (k->status == BP_CONSENT_WITHDRAWN)
                withdrawn = true;
        }
        /* V-2.6: each organisation obtains its own; K-2.1, K-2.2: in Kronoberg the named person or the
         * initiating organisation obtains it on the Kronobarnsmodellen form */
        if (kronoberg || org == c->k->initiating_org_id)
            t = task(c, BP_TASK_OBTAIN_CONSENT, c->k->initiating_org_id, c->k->initiator_user_id, 0, org);
        else
            t = task(c, BP_TASK_OBTAIN_CONSENT, org, 0, 0, org);
        if (c->plan_meeting)
            due(&t, true, c->plan_meeting->date);
        if (in_force)
            done_task(c, t, in_force->given_on, -1);
        /* a withdrawal is handled as V-2.8, V-2.9: not on the list again until the organisation is asked
         * again (V-2.6) */
        else if (!withdrawn || asked)
            open_task(c, t);
    }
}

static void named_person_task(struct derive *c)
{
    struct bp_task t;
    if (!bp_case_via_other_org(c->k))
        return;
    t = task(c, BP_TASK_INFORM_NAMED_PERSON, c->k->initiating_org_id, c->k->initiator_user_id, 0,
             0); /* K-1.2 */
    if (c->s->named_person_informed)
        done_task(c, t, c->s->named_person_informed_on, 0);
    else
        open_task(c, t);
}

/* a Kronoberg case gets a barnensbästa-ansvarig (the initiator names one); X-3: the BBA records
 * their decision, and the case is on their own list until they have. */
static void bba_tasks(struct derive *c)
{
    struct bp_task t;
    if (c->k->model != BP_MODEL_KRONOBERG)
        return;
    if (!c->k->named_person_user_id) {
        open_task(c,
                  task(c, BP_TASK_NAME_NAMED_PERSON, c->k->initiating_org_id, c->k->initiator_user_id, 0, 0));
        return;
    }
    t = task(c, BP_TASK_NAMED_PERSON_DECIDE, c->k->named_person_org_id, c->k->named_person_user_id, 0, 0);
    if (c->k->named_person_decision)
        done_task(c, t, c->s->named_person_decided_on, 0);
    else
        open_task(c, t);
}

static bool for_plan_meeting(const struct derive *c, int64_t meeting_id)
{
    return meeting_id == 0 || (c->plan_meeting && meeting_id == c->plan_meeting->id);
}

static void preparation_tasks(struct derive *c)
{
    size_t i, j;
    int64_t mid = c->plan_meeting ? c->plan_meeting->id : 0;
    const struct bp_child_prep *child = NULL;
    struct bp_task t;
    /* V-3.2: the initiating organisation prepares the child; V-4.1: the initiator prepares the guardians */
    for (i = 0; i < c->s->n_child_preps; i++)
        if (c->s->child_preps[i].done && for_plan_meeting(c, c->s->child_preps[i].meeting_id))
            child = &c->s->child_preps[i];
    t = task(c, BP_TASK_PREPARE_CHILD, c->k->initiating_org_id, c->k->initiator_user_id, mid, 0);
    due(&t, c->has_invite_due, c->invite_due); /* V-4.3: before the invitation */
    if (child)
        done_task(c, t, child->done_on, -1);
    else if (!c->plan_meeting_held)
        open_task(c, t);
    for (i = 0; i < c->s->n_guardians; i++) {
        const struct bp_guardian_prep *done = NULL;
        if (!bp_has_custody(&c->s->guardians[i]))
            continue; /* V-4.1: the guardians with custody are prepared, never a parent without */
        for (j = 0; j < c->s->n_guardian_preps; j++) {
            const struct bp_guardian_prep *p = &c->s->guardian_preps[j];
            if (p->done && p->guardian_id == c->s->guardians[i].id && for_plan_meeting(c, p->meeting_id))
                done = p;
        }
        t = task(c, BP_TASK_PREPARE_GUARDIAN, c->k->initiating_org_id, c->k->initiator_user_id, mid,
                 c->s->guardians[i].id);
        due(&t, c->has_invite_due, c->invite_due);
        if (done)
            done_task(c, t, done->done_on, -1);
        else if (!c->plan_meeting_held)
            open_task(c, t);
    }
}

static void call_preparation_task(struct derive *c)
{
    size_t i;
    const struct bp_meeting *called = NULL;
    struct bp_task t;
    if (!c->s->preparation_requested)
        return;
    for (i = 0; i < c->s->n_meetings; i++) {
        const struct bp_meeting *m = c->s->meetings[i].meeting;
        if (m->kind == BP_MEETING_PREPARATION && m->status != BP_MEETING_CANCELLED && m->invitation_sent_at)
            called = m;
    }
    /* V-5.3: one organisation's need is enough; the initiator calls */
    t = task(c, BP_TASK_CALL_PREPARATION, c->k->initiating_org_id, c->k->initiator_user_id,
             called ? called->id : 0, 0);
    if (c->plan_meeting)
        due(&t, true, bp_date_add(c->plan_meeting->date, -1));
    if (called)
        done_task(c, t, called->invited_on, -1);
    else if (!c->plan_meeting_held)
        open_task(c, t);
}

/* The invitation of meeting `m`: when it is due, and whether sending it when it was sent broke the
 * rule (1), kept it (0), or is judged by the due date (-1). */
static int invitation_rule(const struct derive *c, const struct bp_meeting *m, struct bp_task *t)
{
    bool kronoberg = c->k->model == BP_MODEL_KRONOBERG;
    if (m->kind == BP_MEETING_PLAN && !kronoberg) {
        struct bp_date limit = bp_date_add(c->noticed, BP_THREE_WEEKS_DAYS);
        due(t, c->has_noticed, limit); /* V-6.1 */
        return c->has_noticed ? bp_day(m->date) > bp_day(limit) : 0;
    }
    if (kronoberg && m->kind != BP_MEETING_PREPARATION) {
        due(t, true, bp_date_add(m->date, -BP_THREE_WEEKS_DAYS)); /* K-4.3 */
        return -1;
    }
    due(t, true, m->date);
    return -1;
}

static void invitation_tasks(struct derive *c)
{
    size_t i;
    if (!c->plan_meeting) {
        /* no meeting planned yet: the initiator (V-4.5) or the named person (K-1.1) calls it */
        struct bp_task t =
            task(c, BP_TASK_SEND_INVITATION, c->k->initiating_org_id, c->k->initiator_user_id, 0, 0);
        due(&t, c->has_invite_due, c->invite_due);
        open_task(c, t);
    }
    for (i = 0; i < c->s->n_meetings; i++) {
        const struct bp_meeting *m = c->s->meetings[i].meeting;
        struct bp_task t = task(c, BP_TASK_SEND_INVITATION, m->called_by_org, m->called_by_user, m->id, 0);
        int late;
        if (m->status == BP_MEETING_CANCELLED)
            continue;
        late = invitation_rule(c, m, &t);
        if (!bp_text_empty(m->deadline_reason))
            t.reason = m->deadline_reason;
        if (m->invitation_sent_at) {
            done_task(c, t, m->invited_on, late);
        } else if (m->status == BP_MEETING_PLANNED) {
            open_task(c, t);
        }
    }
}

static void invitee_tasks(struct derive *c, const struct bp_meeting_view *v)
{
    const struct bp_meeting *m = v->meeting;
    struct bp_date day_before = bp_date_add(m->date, -1);
    bool planned = m->status == BP_MEETING_PLANNED;
    size_t i;
    if (!m->invitation_sent_at)
        return;
    for (i = 0; i < v->n_invitees; i++) {
        const struct bp_invitee *inv = &v->invitees[i];
        const struct bp_absence_decision *d =
            BP_FIND_ID(struct bp_absence_decision, v->decisions, v->n_decisions, invitee_id, inv->id);
        enum bp_absence_step step = bp_absence_next(c->k->model, m->kind, inv, d);
        struct bp_task t;
        /* K-4.6, K-4.7: a professional answers the binding invitation */
        if (inv->kind == BP_INVITEE_PROFESSIONAL && m->status != BP_MEETING_CANCELLED) {
            t = task(c, BP_TASK_ANSWER_INVITATION, inv->org_id, inv->user_id, m->id, inv->id);
            due(&t, true, day_before);
            if (inv->answer != BP_ANSWER_PENDING)
                done_task(c, t, inv->answered_on, -1);
            else if (planned)
                open_task(c, t);
        }
        if (step == BP_ABSENCE_STEP_NONE)
            continue;
        if (c->k->model == BP_MODEL_KRONOBERG) {
            /* K-4.8: the inviter decides with the guardian */
            t = task(c, BP_TASK_DECIDE_ABSENCE, m->called_by_org, m->called_by_user, m->id, inv->id);
            due(&t, true, day_before);
            if (step == BP_ABSENCE_STEP_DONE && d)
                done_task(c, t, d->decided_on, -1);
            else if (planned)
                open_task(c, t);
        } else {
            /* V-6.2: the invitee's organisation appoints a substitute; for another adult, the inviter */
            if (inv->kind == BP_INVITEE_PROFESSIONAL)
                t = task(c, BP_TASK_FIND_SUBSTITUTE, inv->org_id, inv->user_id, m->id, inv->id);
            else
                t = task(c, BP_TASK_FIND_SUBSTITUTE, m->called_by_org, m->called_by_user, m->id, inv->id);
            due(&t, true, day_before);
            if (step == BP_ABSENCE_STEP_DONE)
                done_task(c, t, inv->substituted_on, -1);
            else if (planned && m->status != BP_MEETING_CANCELLED)
                open_task(c, t);
        }
    }
}

/* ---- the meeting and after ---- */

static void meeting_tasks(struct derive *c, const struct bp_meeting_view *v)
{
    const struct bp_meeting *m = v->meeting;
    struct bp_task t;
    if (m->status == BP_MEETING_CANCELLED)
        return;
    t = task(c, BP_TASK_HOLD_MEETING, m->called_by_org, chair(m), m->id, 0);
    due(&t, true, m->date);
    if (m->status == BP_MEETING_HELD)
        done_task(c, t, m->date, 0);
    else if (m->invitation_sent_at)
        open_task(c, t);

    /* V-8a.6: an absent child is told afterwards what was said */
    if (m->status == BP_MEETING_HELD && m->kind != BP_MEETING_PREPARATION &&
        !bp_meeting_child_present(v->invitees, v->n_invitees)) {
        t = task(c, BP_TASK_DEBRIEF_CHILD, m->called_by_org, chair(m), m->id, 0);
        due(&t, true, bp_date_add(m->date, BP_DEBRIEF_DAYS));
        if (m->child_debriefed)
            done_task(c, t, m->debriefed_on, -1);
        else
            open_task(c, t);
    }
}

static void finish_plan_task(struct derive *c)
{
    const struct bp_meeting *held = NULL;
    const struct bp_plan *p = c->s->plan;
    struct bp_task t;
    size_t i;
    for (i = 0; i < c->s->n_meetings; i++) {
        const struct bp_meeting *m = c->s->meetings[i].meeting;
        if (m->kind == BP_MEETING_PLAN && m->status == BP_MEETING_HELD &&
            (!held || bp_day(m->date) > bp_day(held->date)))
            held = m;
    }
    if (!held)
        return;
    /* V-5.6: the note-taker documents the plan; V-8a.1 the meeting is documented in it */
    t = task(c, BP_TASK_FINISH_PLAN, held->called_by_org,
             held->note_taker_user_id ? held->note_taker_user_id : chair(held), held->id, p ? p->id : 0);
    due(&t, true, bp_date_add(held->date, BP_PLAN_FINISH_DAYS));
    if (p && p->status != BP_PLAN_DRAFT)
        done_task(c, t, p->finished_on, -1);
    else
        open_task(c, t);
}

static void decision_tasks(struct derive *c)
{
    size_t i;
    for (i = 0; i < c->s->n_decisions; i++) {
        const struct bp_pending_decision *d = &c->s->decisions[i];
        struct bp_task t = task(c, BP_TASK_DECISION_FEEDBACK, d->org_id, d->user_id, d->meeting_id, d->id);
        due(&t, d->has_due, d->due_on);
        if (d->status == BP_DECISION_DECIDED)
            done_task(c, t, d->decided_on, -1); /* V-8a.5: the attendees are told as it is recorded */
        else
            open_task(c, t);
    }
}

/* V-10.2: before each follow-up meeting the coordinator hears the child and the guardians. */
static void followup_tasks(struct derive *c)
{
    const struct bp_plan *p = c->s->plan;
    size_t i, j;
    for (i = 0; i < c->s->n_meetings; i++) {
        const struct bp_meeting *m = c->s->meetings[i].meeting;
        const struct bp_followup *f = NULL;
        struct bp_task t;
        if (m->kind != BP_MEETING_FOLLOWUP || m->status == BP_MEETING_CANCELLED)
            continue;
        for (j = 0; j < c->s->n_followups; j++)
            if (c->s->followups[j].meeting_id == m->id)
                f = &c->s->followups[j];
        t = task(c, BP_TASK_HEAR_FOLLOWUP,
                 p && p->n_coordinator_orgs ? p->coordinator_orgs[0] : m->called_by_org,
                 p && p->coordinator_user_id ? p->coordinator_user_id : m->called_by_user, m->id, 0);
        due(&t, true, bp_date_add(m->date, -1));
        if (f && f->heard)
            done_task(c, t, f->heard_on, -1);
        else if (m->status == BP_MEETING_PLANNED)
            open_task(c, t);
    }
    for (i = 0; i < c->s->n_coordination_pending; i++) /* V-10.7 */
        open_task(c,
                  task(c, BP_TASK_ACCEPT_COORDINATION, c->s->coordination_pending[i], 0, 0, p ? p->id : 0));
}

/* V-9.3, V-9.4: each reported event waits for the coordinator's decision (the named person, else each
 * coordinating organisation); a decided event is no longer in the snapshot. */
static void event_tasks(struct derive *c)
{
    const struct bp_plan *p = c->s->plan;
    size_t i, j;
    for (i = 0; p && i < c->s->n_open_events; i++) {
        const struct bp_plan_event *e = &c->s->open_events[i];
        if (p->coordinator_user_id) {
            open_task(c, task(c, BP_TASK_DECIDE_EVENT,
                              p->n_coordinator_orgs ? p->coordinator_orgs[0] : e->org_id,
                              p->coordinator_user_id, 0, e->id));
            continue;
        }
        for (j = 0; j < p->n_coordinator_orgs; j++)
            open_task(c, task(c, BP_TASK_DECIDE_EVENT, p->coordinator_orgs[j], 0, 0, e->id));
    }
}

/* Most urgent first: by status (late, due today, open, done late, done), then due date (none last). */
static bool before(const struct bp_task *a, const struct bp_task *b)
{
    if (a->status != b->status)
        return a->status < b->status;
    if (a->has_due != b->has_due)
        return a->has_due;
    if (a->has_due && bp_day(a->due) != bp_day(b->due))
        return bp_day(a->due) < bp_day(b->due);
    return a->kind < b->kind;
}

static void sort(struct bp_task_list *l)
{
    size_t i, j;
    for (i = 1; i < l->count; i++) {
        struct bp_task t = l->items[i];
        for (j = i; j > 0 && before(&t, &l->items[j - 1]); j--)
            l->items[j] = l->items[j - 1];
        l->items[j] = t;
    }
}

void bp_tasks_for_case(const struct bp_case_snapshot *s, struct bp_date today, struct bp_task_list *out)
{
    struct derive c;
    size_t i;
    out->count = 0; /* the items are written as they are added: clearing 128 of them cost 11k instructions */
    out->truncated = false;
    if (!s->kase || s->kase->status != BP_CASE_OPEN)
        return;
    memset(&c, 0, sizeof(c));
    c.s = s;
    c.k = s->kase;
    c.today = today;
    c.out = out;
    c.has_noticed = s->kase->noticed_on && bp_date_parse(s->kase->noticed_on, &c.noticed);
    find_plan_meeting(&c);

    consent_tasks(&c);
    named_person_task(&c);
    bba_tasks(&c);
    preparation_tasks(&c);
    call_preparation_task(&c);
    invitation_tasks(&c);
    for (i = 0; i < s->n_meetings; i++) {
        invitee_tasks(&c, &s->meetings[i]);
        meeting_tasks(&c, &s->meetings[i]);
    }
    finish_plan_task(&c);
    decision_tasks(&c);
    followup_tasks(&c);
    event_tasks(&c);
    sort(out);
}

bool bp_task_falls_on(const struct bp_task *t, const struct bp_user *user)
{
    if (!user || user->id <= 0 || user->disabled)
        return false;
    if (t->user_id)
        return t->user_id == user->id;
    return bp_user_acts_for(user, 0, t->org_id);
}
