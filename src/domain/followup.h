/* followup.h: following up the plan (V-10.x). A follow-up belongs to one follow-up meeting: before it the
 * coordinator hears the child and the guardians about the last meeting and the interventions (V-10.2);
 * at it the chair goes through the checklist a-h (V-10.4) question by question and each intervention of
 * the version in force (continue, change, replace, end); the next follow-up is booked (V-10.5); if
 * coordination is still needed, an updated plan carries over what remains (V-10.6) and may have a new
 * coordinating organisation, which must accept (V-10.7). Pure: no I/O, no clock; codes only, the words
 * are http/messages.c's. */
#ifndef BP_FOLLOWUP_H
#define BP_FOLLOWUP_H
#include "util/date.h"
#include "domain/fields.h"
#include "domain/plan.h"

/* V-10.4 a-h: the questions' codes ("a" ... "h"); their words are labels of kind "followup_question". */
#define BP_FOLLOWUP_QUESTIONS 8

enum bp_review_decision {
    BP_REVIEW_CONTINUE, /* "continue": as it is */
    BP_REVIEW_CHANGE,   /* "change": carried over, to be changed in the updated plan */
    BP_REVIEW_REPLACE,  /* "replace": not carried over; a new one takes its place */
    BP_REVIEW_END,      /* "end": done or no longer needed; not carried over */
    BP_REVIEW_DECISION_COUNT
};
extern const char *const bp_review_decision_codes[BP_REVIEW_DECISION_COUNT];

enum bp_still_needed {
    BP_STILL_UNDECIDED, /* "undecided" */
    BP_STILL_YES,       /* "yes": an updated plan (V-10.6) */
    BP_STILL_NO,        /* "no": the case may close (V-11.1) */
    BP_STILL_NEEDED_COUNT
};
extern const char *const bp_still_needed_codes[BP_STILL_NEEDED_COUNT];

struct bp_followup {
    int64_t id, case_id, meeting_id;
    int64_t plan_id; /* the version followed up */
    /* V-10.2: heard before the meeting */
    const char *child_last_meeting, *child_interventions, *guardians_view;
    bool child_share_with_guardians; /* rule R2 (migration 032): the child from 12 lets the guardians read it
                                      */
    bool heard;
    struct bp_date heard_on;
    int64_t heard_by;
    /* V-10.4 a-h */
    const char *q_a, *q_b, *q_c, *q_d, *q_e, *q_f, *q_g, *q_h;
    /* V-10.5: the next follow-up, written into the updated plan */
    bool has_next;
    struct bp_date next_on;
    int next_minute; /* -1: no clock time */
    const char *next_place, *next_participants;
    enum bp_still_needed still_needed; /* V-10.6 */
    int64_t new_coordinator_org;       /* V-10.7; 0: the same */
    int64_t new_plan_id;               /* the updated version it led to; 0: none yet */
    int64_t updated_by, updated_at;
};

struct bp_followup_input {
    const char *child_last_meeting, *child_interventions, *guardians_view, *heard_on;
    bool child_share_with_guardians;
    const char *q_a, *q_b, *q_c, *q_d, *q_e, *q_f, *q_g, *q_h;
    const char *next_on, *next_time, *next_place, *next_participants;
    const char *still_needed, *new_coordinator_org;
};

/* V-10.4: one intervention of the version followed up, reviewed. */
struct bp_review {
    int64_t followup_id, intervention_id;
    enum bp_review_decision decision;
    const char *note;
};

struct bp_review_input {
    const char *decision, *note;
};

/* V-10.7: a new coordinating organisation's answer ("accept", "decline"). */
extern const char *const bp_coordination_answer_codes[2];
struct bp_coordination_input {
    const char *answer;
};

/* What the rules need to know. */
struct bp_followup_ctx {
    struct bp_date today;
    struct bp_date meeting_on; /* the follow-up meeting's date */
    const int64_t *case_orgs;  /* organisations taking part: a new coordinator is one of them */
    size_t n_case_orgs;
};

/* The follow-up as typed: texts within their limits (bp_record_copy_texts), "followup.heard_on" ("date",
 * "future"), "followup.next_on" ("date", "not_after_meeting": the next one comes after this one),
 * "followup.next_time" ("time"), "followup.still_needed" ("choice"), "followup.new_coordinator_org"
 * ("not_participant"). Fills *out but for ids and who. */
enum bp_err bp_followup_validate(const struct bp_followup_input *in, const struct bp_followup_ctx *ctx,
                                 struct bp_followup *out, struct bp_field_errors *errs);

/* "review.decision" ("required", "choice"), "review.note" (too long). */
enum bp_err bp_review_validate(const struct bp_review_input *in, struct bp_review *out,
                               struct bp_field_errors *errs);

/* V-10.6: whether an intervention with this review goes on into the updated plan (no review: it does). */
bool bp_review_carries(const struct bp_review *r);

/* V-10.5, V-10.6: whether the updated plan may be made from the follow-up: coordination still needed
 * ("followup.still_needed" "not_needed"), the next follow-up booked ("followup.next_on" "required"), every
 * intervention of the version followed up reviewed ("review.decision" "missing"), none made before
 * ("followup.new_plan" "exists"). */
enum bp_err bp_followup_check_carry(const struct bp_followup *f, const struct bp_plan_parts *followed,
                                    const struct bp_review *reviews, size_t n_reviews,
                                    struct bp_field_errors *errs);

/* The review of an intervention among reviews, or NULL. */
const struct bp_review *bp_review_of(const struct bp_review *reviews, size_t n, int64_t intervention_id);

/* V-8a.2: the meeting where plan version `plan_id` was made: the follow-up meeting whose follow-up
 * carried the plan over into it (V-10.6), else the case's latest plan meeting not cancelled (0: none).
 * `fs`: the case's follow-ups; `ms`: its meetings in date order. */
int64_t bp_plan_made_at(int64_t plan_id, const struct bp_followup *fs, size_t n_fs,
                        const struct bp_meeting *ms, size_t n_ms);

/* V-10.7: the draft's coordinating organisations that did not coordinate the version before it and have
 * not accepted: each must accept before the draft is finished. accepted[]: the organisations that have.
 * Writes them to out (at most cap); returns how many. */
size_t bp_coordination_pending(const struct bp_plan *draft, const struct bp_plan *before,
                               const int64_t *accepted, size_t n_accepted, int64_t *out, size_t cap);

#endif
