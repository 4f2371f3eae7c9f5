/* implementation.h: carrying out the plan (V step 6, V-9.1-V-9.4): how each intervention goes, told by
 * its own organisation; what the child says or asks meanwhile; events that affect the plan, and the
 * coordinator's decision on each (an earlier follow-up, with the meeting booked for it, or the booked one
 * is enough). Pure: raw form strings in, records and field errors out; no I/O, no clock ("today" is a
 * parameter), no UI text. A finished version's interventions never change (V-10.6): these records point at
 * them, and an intervention's line (origin) follows it into the versions after. */
#ifndef BP_IMPLEMENTATION_H
#define BP_IMPLEMENTATION_H
#include "util/date.h"
#include "domain/fields.h"
#include "domain/model.h"
#include "domain/plan.h"

enum bp_progress_status {
    BP_PROGRESS_STARTED, /* "started" */
    BP_PROGRESS_ONGOING, /* "ongoing" */
    BP_PROGRESS_DONE,    /* "done" */
    BP_PROGRESS_PAUSED,  /* "paused" */
    BP_PROGRESS_STATUS_COUNT
};
extern const char *const bp_progress_status_codes[BP_PROGRESS_STATUS_COUNT];

/* V-9.1: one word from the responsible organisation on how its intervention goes. */
struct bp_progress {
    int64_t id, case_id;
    int64_t intervention_id; /* the row of the version in force it was recorded on */
    int64_t origin_id; /* the intervention's line: the same in every version (bp_intervention.origin_id) */
    int64_t org_id;    /* the responsible organisation */
    enum bp_progress_status status;
    struct bp_date status_on; /* since when */
    const char *note;
    int64_t recorded_by;
    const char *recorded_by_name;
    int64_t created_at;
};
struct bp_progress_input {
    const char *status, *status_on, *note;
};
/* "progress.status" ("required", "choice"), "progress.status_on" ("required", "date", "future": after
 * today), "progress.note". */
enum bp_err bp_progress_validate(const struct bp_progress_input *in, struct bp_date today,
                                 struct bp_progress *out, struct bp_field_errors *errs);

/* V-9.2: what the child said or asked while the plan is carried out. */
struct bp_child_voice {
    int64_t id, case_id, org_id;
    struct bp_date said_on;
    const char *note;
    int64_t recorded_by;
    const char *recorded_by_name;
    int64_t created_at;
    bool share_with_guardians; /* rule R2 (migration 032): the child from 12 lets the guardians read it */
};
struct bp_child_voice_input {
    const char *note, *said_on;
    bool share_with_guardians;
};
/* "voice.note" ("required", at most BP_MAX_CHILD_VOICE), "voice.said_on" ("required", "date", "future"). */
enum bp_err bp_child_voice_validate(const struct bp_child_voice_input *in, struct bp_date today,
                                    struct bp_child_voice *out, struct bp_field_errors *errs);

enum bp_event_decision {
    BP_EVENT_UNDECIDED,        /* not yet decided (NULL in storage) */
    BP_EVENT_EARLIER_FOLLOWUP, /* "earlier_followup": an earlier follow-up meeting is needed (V-9.4) */
    BP_EVENT_BOOKED_ENOUGH,    /* "booked_enough": the booked follow-up is enough */
    BP_EVENT_DECISION_COUNT
};
/* The codes of the decisions taken ("earlier_followup", "booked_enough"); [0] is "" (undecided). */
extern const char *const bp_event_decision_codes[BP_EVENT_DECISION_COUNT];

/* V-9.3, V-9.4: an event that affects the plan, and the coordinator's decision on it. */
struct bp_plan_event {
    int64_t id, case_id, org_id; /* the organisation of the one who reported it */
    const char *what;
    struct bp_date happened_on;
    int64_t reported_by;
    const char *reported_by_name;
    int64_t created_at;
    enum bp_event_decision decision;
    const char *decision_note;
    int64_t decided_by;
    const char *decided_by_name;
    struct bp_date decided_on;
    int64_t meeting_id; /* the earlier follow-up meeting it led to; 0: none */
    /* issue 10 item 7: a family member's report (org_id 0): the reporter's family account is the child
     * (reporter_child_id set, reporter_guardian_id 0) or a guardian; 0 and 0 for a professional's */
    int64_t reporter_child_id, reporter_guardian_id;
    bool share_with_guardians; /* rule R2 (migration 032): the child from 12 lets the guardians read it */
};
struct bp_plan_event_input {
    const char *what, *happened_on;
    bool share_with_guardians; /* the family's form only (bp_record_family_event) */
};
/* "event.what" ("required"), "event.happened_on" ("required", "date", "future"). */
enum bp_err bp_plan_event_validate(const struct bp_plan_event_input *in, struct bp_date today,
                                   struct bp_plan_event *out, struct bp_field_errors *errs);

struct bp_event_decision_input {
    const char *decision, *note, *meeting_id;
};
/* V-9.4: "event_decision.decision" ("required", "choice"); "event_decision.note" (required when the booked
 * follow-up is enough: why); "event_decision.meeting_id" ("meeting_required": an earlier follow-up names the
 * meeting booked for it; "choice": not one of `meetings`, the case's planned follow-up meetings).
 * "event_decision.decision" "already_decided" when ev is decided. Fills out's decision, note and meeting. */
enum bp_err bp_event_decide_validate(const struct bp_event_decision_input *in, const struct bp_plan_event *ev,
                                     const struct bp_meeting *meetings, size_t n_meetings,
                                     struct bp_plan_event *out, struct bp_field_errors *errs);
/* Whether meeting m can be the earlier follow-up of an event: a follow-up meeting still planned. */
bool bp_event_meeting_fits(const struct bp_meeting *m);

/* V-9.3, V-9.4: whether `user` is the plan's coordinator: the named person the plan records
 * (coordinator_user_id), or, when it names none, a member of a coordinating organisation. */
bool bp_plan_is_coordinator(const struct bp_plan *plan, const struct bp_user *user);

/* V-9.1: whether `user` may record how intervention iv goes: a member of its responsible organisation
 * (the same rule as V-8a.4's bp_intervention_may_edit). */
bool bp_progress_may_record(const struct bp_user *user, const struct bp_intervention *iv);

/* The latest progress of the line `origin_id` among `list` (newest last), or NULL. */
const struct bp_progress *bp_progress_latest(const struct bp_progress *list, size_t n, int64_t origin_id);

#endif
