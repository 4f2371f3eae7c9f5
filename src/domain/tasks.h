/* tasks.h: the work list ("my tasks"), derived from a snapshot of one case and `today`; never stored.
 * Each task says what must be done (a code), by whom (an organisation, and a person when known),
 * by when, and whether it is open, due today, late, done on time or done late, with the recorded
 * reason when there is one. Dates are local calendar dates: days are counted, not hours, so the
 * summer-time changes cannot move a deadline.
 * Pure: no I/O, no clock. Must not decide access (domain/access.h) or store anything: the caller
 * reads the snapshot, calls bp_tasks_for_case, and filters with bp_task_falls_on. */
#ifndef BP_TASKS_H
#define BP_TASKS_H
#include "util/date.h"
#include "util/limits.h"
#include "domain/model.h"
#include "domain/consent.h"
#include "domain/preparation.h"
#include "domain/meeting.h"
#include "domain/plan.h"
#include "domain/followup.h"
#include "domain/implementation.h"

/* Done tasks stay on the list this many days, so one sees what was just done. */
#define BP_TASK_RECENT_DAYS 14
/* Product choices, not in the seeds: the plan is documented at the meeting (V-8a.1, V-6.9), so it is
 * due a week after it at the latest; the child is told what was said (V-8a.6) within a week. */
#define BP_PLAN_FINISH_DAYS 7
#define BP_DEBRIEF_DAYS     7

enum bp_task_kind {
    BP_TASK_OBTAIN_CONSENT,      /* "obtain_consent": one per organisation (V-2.6; K-2.1, K-2.2) */
    BP_TASK_INFORM_NAMED_PERSON, /* "inform_named_person": K-1.2 */
    BP_TASK_PREPARE_CHILD,       /* "prepare_child": V-3.2 */
    BP_TASK_PREPARE_GUARDIAN,    /* "prepare_guardian": one per guardian (V-4.1) */
    BP_TASK_CALL_PREPARATION,    /* "call_preparation": V-5.3 */
    BP_TASK_SEND_INVITATION,     /* "send_invitation": V-6.1, K-4.3 */
    BP_TASK_ANSWER_INVITATION,   /* "answer_invitation": a professional invitee (K-4.6, K-4.7) */
    BP_TASK_FIND_SUBSTITUTE,     /* "find_substitute": V-6.2 */
    BP_TASK_DECIDE_ABSENCE,      /* "decide_absence": cancel or hold, with the guardian (K-4.8) */
    BP_TASK_HOLD_MEETING,        /* "hold_meeting" */
    BP_TASK_FINISH_PLAN,         /* "finish_plan": V-7.x, V-8a.1 */
    BP_TASK_DEBRIEF_CHILD,       /* "debrief_child": V-8a.6 */
    BP_TASK_DECISION_FEEDBACK,   /* "decision_feedback": decide and so give feedback (V-8a.5) */
    BP_TASK_HEAR_FOLLOWUP, /* "hear_followup": hear the child and the guardians before a follow-up (V-10.2) */
    BP_TASK_ACCEPT_COORDINATION, /* "accept_coordination": a new coordinating organisation answers (V-10.7) */
    BP_TASK_DECIDE_EVENT, /* "decide_event": the coordinator decides on a reported event (V-9.3, V-9.4) */
    BP_TASK_NAME_NAMED_PERSON,   /* "name_named_person": a Kronoberg case without a BBA */
    BP_TASK_NAMED_PERSON_DECIDE, /* "named_person_decide": the BBA's decision tree */
    BP_TASK_KIND_COUNT
};
extern const char *const bp_task_kind_codes[BP_TASK_KIND_COUNT];

enum bp_task_status {
    BP_TASK_LATE,      /* "late" */
    BP_TASK_DUE_TODAY, /* "due_today" */
    BP_TASK_OPEN,      /* "open": on time, or without a date */
    BP_TASK_DONE_LATE, /* "done_late" */
    BP_TASK_DONE,      /* "done": on time */
    BP_TASK_STATUS_COUNT
};
extern const char *const bp_task_status_codes[BP_TASK_STATUS_COUNT];

struct bp_task {
    enum bp_task_kind kind;
    enum bp_task_status status;
    int64_t case_id;
    int64_t org_id;     /* the organisation it falls on */
    int64_t user_id;    /* the person, when known; 0: anyone in org_id */
    int64_t meeting_id; /* the meeting it is about; 0: none (yet) */
    int64_t ref_id;     /* consent: the organisation; guardian: the guardian; answer, substitute, absence:
                           the invitee; decision: the pending decision */
    bool has_due;
    struct bp_date due;
    bool has_done;
    struct bp_date done_on;
    const char *reason; /* the recorded reason when outside the rule (V-6.1, K-4.3); "" otherwise */
};

struct bp_task_list {
    struct bp_task items[BP_MAX_TASKS];
    size_t count;
    bool truncated; /* more than BP_MAX_TASKS */
};

/* One meeting with what hangs on it. */
struct bp_meeting_view {
    const struct bp_meeting *meeting;
    const struct bp_invitee *invitees;
    size_t n_invitees;
    const struct bp_absence_decision *decisions; /* K-4.8 */
    size_t n_decisions;
};

/* Everything about one case the work list needs. Arrays may be empty; pointers may be NULL when their
 * count is 0. Preparations belong to the meeting where the plan is made (meeting_id 0: not yet tied). */
struct bp_case_snapshot {
    const struct bp_case *kase; /* model, route, noticed_on, initiating organisation and user */
    const struct bp_guardian *guardians;
    size_t n_guardians;
    const int64_t *case_orgs;
    const bool *case_orgs_asked; /* parallel to case_orgs: asked to take part (V-2.6); NULL: none */
    size_t n_case_orgs;
    const int64_t *asked_only; /* V-2.6: asked to take part, no consent recorded yet (not in case_orgs) */
    size_t n_asked_only;
    const struct bp_consent *consents;
    size_t n_consents;
    const struct bp_child_prep *child_preps;
    size_t n_child_preps;
    const struct bp_guardian_prep *guardian_preps;
    size_t n_guardian_preps;
    const struct bp_meeting_view *meetings;
    size_t n_meetings;
    const struct bp_plan *plan; /* the current version; NULL: none yet */
    const struct bp_pending_decision *decisions;
    size_t n_decisions;
    const struct bp_plan_event *open_events; /* V-9.3: events waiting for the coordinator's decision */
    size_t n_open_events;
    bool preparation_requested; /* V-5.3: an organisation sees a need for the professionals' preparation */
    const struct bp_followup *followups; /* V-10.2: the follow-ups saved so far (loaded when there is a
                                            follow-up meeting) */
    size_t n_followups;
    const int64_t *coordination_pending; /* V-10.7: the draft's new coordinators yet to accept */
    size_t n_coordination_pending;
    bool named_person_informed; /* K-1.2 */
    struct bp_date named_person_informed_on;
    struct bp_date named_person_named_on;   /* the day the current BBA (kase) was named */
    struct bp_date named_person_decided_on; /* the day they recorded their decision, when they have */
};

/* The open tasks of the case and those done in the last BP_TASK_RECENT_DAYS, most urgent first: late,
 * due today, open, then done; earlier due dates first. A closed case has none.
 *
 * When each is due:
 *   send_invitation: the meeting where the plan is made, Västerbotten: the date three weeks after the
 *     need was noticed (V-6.1: the meeting's last day; done late when the meeting falls after it);
 *     Kronoberg: three weeks before the meeting (K-4.3; no date before a meeting date is set);
 *     a Kronoberg follow-up meeting: three weeks before it (K-4.3); other meetings: their date.
 *   prepare_child, prepare_guardian: when the invitation is due (V-4.3).
 *   obtain_consent: the plan meeting's date, when set (V-2.3: nothing is shared before).
 *   call_preparation: the day before the plan meeting, when set.
 *   answer_invitation, find_substitute, decide_absence: the day before the meeting.
 *   hold_meeting: its date. finish_plan: BP_PLAN_FINISH_DAYS after the meeting. debrief_child:
 *   BP_DEBRIEF_DAYS after the meeting. decision_feedback: the decision's due date, when set.
 *   hear_followup: the day before a planned follow-up meeting, for the plan's coordinator (V-10.2); done
 *   when what they said is recorded. accept_coordination: no date (V-10.7).
 *   decide_event: no date; open from the moment the event is reported until the coordinator decides
 *   (V-9.3, V-9.4): the plan's named coordinator, else each coordinating organisation.
 *   name_named_person (Kronoberg, nobody named: the initiator) and named_person_decide (the current BBA,
 *   until their X-3 decision is recorded): no date. */
void bp_tasks_for_case(const struct bp_case_snapshot *s, struct bp_date today, struct bp_task_list *out);

/* Whether the task is on `user`'s list: theirs by name, or their organisation's when no person is set. */
bool bp_task_falls_on(const struct bp_task *t, const struct bp_user *user);

#endif
