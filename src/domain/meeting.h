/* meeting.h: meetings and invitations: the professionals' preparation (V-5.x), the meeting where the
 * plan is made (Västerbotten "SIP-möte", Kronoberg "samverkansmöte") and follow-up meetings; who is
 * invited and what they answer (V-4.3-V-4.5, K-4.1-K-4.8), the three-week rules (V-6.1, K-4.3, through
 * domain/deadline.h), absence by model (V-6.2; K-4.7, K-4.8), the chair's opening (V-6.3) and the
 * child's last word and debriefing (V-6.10, V-8a.6).
 * Pure: no I/O, no clock. Times are unix seconds the caller has converted from local date and time
 * (Europe/Stockholm); where a rule counts calendar days it takes the local `struct bp_date`, so
 * summer time cannot move a count. Must not hold UI text: codes only (http/messages.c labels them). */
#ifndef BP_MEETING_H
#define BP_MEETING_H
#include "util/arena.h"
#include "util/date.h"
#include "util/limits.h"
#include "domain/model.h"
#include "domain/fields.h"
#include "domain/consent.h"
#include "domain/deadline.h"
#include "domain/preparation.h"

/* More invitees than this and the invitation warns (V-3.10: keep the number of participants down). */
#define BP_MEETING_CALM_PARTICIPANTS 8

enum bp_meeting_kind {
    BP_MEETING_PREPARATION, /* "preparation": the professionals prepare together (V-5.x) */
    BP_MEETING_PLAN,        /* "plan": the meeting where the plan is made (V step 5, K-6.x) */
    BP_MEETING_FOLLOWUP,    /* "followup": evaluates the plan (V-7.7, V-10.x) */
    BP_MEETING_KIND_COUNT
};
extern const char *const bp_meeting_kind_codes[BP_MEETING_KIND_COUNT];

enum bp_meeting_status {
    BP_MEETING_PLANNED,   /* "planned" */
    BP_MEETING_HELD,      /* "held" */
    BP_MEETING_CANCELLED, /* "cancelled" */
    BP_MEETING_STATUS_COUNT
};
extern const char *const bp_meeting_status_codes[BP_MEETING_STATUS_COUNT];

enum bp_invitee_kind {
    BP_INVITEE_CHILD,        /* "child" */
    BP_INVITEE_GUARDIAN,     /* "guardian": guardian_id */
    BP_INVITEE_PROFESSIONAL, /* "professional": org_id, and user_id when a person is known */
    BP_INVITEE_OTHER,        /* "other_adult": someone important to the child (V-3.9), by name */
    BP_INVITEE_KIND_COUNT
};
extern const char *const bp_invitee_kind_codes[BP_INVITEE_KIND_COUNT];

enum bp_answer {
    BP_ANSWER_PENDING, /* "pending" */
    BP_ANSWER_YES,     /* "yes" */
    BP_ANSWER_NO,      /* "no": cannot attend */
    BP_ANSWER_COUNT
};
extern const char *const bp_answer_codes[BP_ANSWER_COUNT];

enum bp_attendance {
    BP_ATTEND_UNRECORDED, /* "unrecorded": the meeting has not been recorded as held */
    BP_ATTEND_PRESENT,    /* "present" */
    BP_ATTEND_SUBSTITUTE, /* "substitute": a substitute came instead (V-6.2) */
    BP_ATTEND_ABSENT,     /* "absent" */
    BP_ATTEND_COUNT
};
extern const char *const bp_attendance_codes[BP_ATTEND_COUNT];

/* K-4.8: the inviter and the guardian decide to cancel or hold the meeting. */
enum bp_absence_outcome {
    BP_ABSENCE_CANCEL, /* "cancel" */
    BP_ABSENCE_HOLD,   /* "hold" */
    BP_ABSENCE_OUTCOME_COUNT
};
extern const char *const bp_absence_outcome_codes[BP_ABSENCE_OUTCOME_COUNT];

/* What a model does when an invitee cannot attend (requirements §13). */
enum bp_absence_rule {
    BP_ABSENCE_RULE_SUBSTITUTE,           /* "substitute": Västerbotten, V-6.2 */
    BP_ABSENCE_RULE_DECIDE_WITH_GUARDIAN, /* "decide_with_guardian": Kronoberg, K-4.7, K-4.8 */
    BP_ABSENCE_RULE_COUNT
};
extern const char *const bp_absence_rule_codes[BP_ABSENCE_RULE_COUNT];

/* What must happen next about one invitee who declined. */
enum bp_absence_step {
    BP_ABSENCE_STEP_NONE, /* "none": not declined, or nothing is required (the child is never forced, V-3.13)
                           */
    BP_ABSENCE_STEP_SUBSTITUTE, /* "substitute": a substitute shall be appointed (V-6.2) */
    BP_ABSENCE_STEP_DECIDE,     /* "decide": the inviter has been told (K-4.7) and decides with the guardian
                                   (K-4.8) */
    BP_ABSENCE_STEP_DONE,       /* "done": the substitute is named, or the decision is recorded */
    BP_ABSENCE_STEP_COUNT
};
extern const char *const bp_absence_step_codes[BP_ABSENCE_STEP_COUNT];

struct bp_meeting {
    int64_t id, case_id;
    enum bp_meeting_kind kind;
    enum bp_meeting_status status;
    int64_t starts_at, ends_at;   /* unix seconds */
    struct bp_date date;          /* the local date of starts_at (the deadline rules count it) */
    int start_minute, end_minute; /* local clock time, minutes after midnight (as entered) */
    const char *place;
    enum bp_setting setting; /* digital or physical (V-3.15, K-4.4) */
    bool setting_agreed;     /* K-4.4: decided by agreement between those involved */
    const char *video_link;  /* an https link to a secure video service, when digital (V-3.16) */
    const char *purpose;     /* why the meeting is needed (V-4.4a, K-4.2) */
    const char *agenda;      /* what will be discussed (V-4.4b) */
    int64_t called_by_user, called_by_org; /* who calls it (V-4.5, K-1.1, K-1.2) */
    int64_t chair_user_id;                 /* V-5.6; 0: the caller chairs (V-5.7) */
    int64_t note_taker_user_id;            /* V-5.6: documents the plan; appointed by the chair (V-5.7) */
    int sequence;                          /* the calendar update number (iCalendar SEQUENCE) */
    int64_t invitation_sent_at;            /* unix seconds; 0: not sent */
    struct bp_date invited_on;             /* the local date of invitation_sent_at (K-4.3 counts it) */
    const char *deadline_reason;           /* why outside three weeks (V-6.1) / what was agreed (K-4.3) */
    const char *child_not_invited_reason;  /* the child is invited when possible (K-4.1) */
    bool binding;                          /* K-4.6: the invitation is binding */
    /* after the meeting */
    bool child_asked;                 /* V-6.10: the child (or representative) was asked for a last word */
    const char *child_addition;       /* V-6.10: what the child added */
    const char *child_representative; /* V-8a.6: who represented an absent child */
    bool child_debriefed;             /* V-8a.6: the child was told afterwards what was said */
    struct bp_date debriefed_on;
};

struct bp_invitee {
    int64_t id, meeting_id;
    enum bp_invitee_kind kind;
    int64_t guardian_id; /* kind guardian */
    int64_t org_id;      /* kind professional */
    int64_t user_id;     /* kind professional, when a person is known */
    const char *name, *email;
    bool email_withheld; /* a view's: the e-mail is a protected guardian's (issue 10 item 10), left out */
    enum bp_answer answer;
    struct bp_date answered_on;  /* valid when answer is not pending */
    const char *decline_reason;  /* why not, for a no (K-4.7: what the inviter is told) */
    const char *substitute_name; /* V-6.2; "" when none */
    struct bp_date substituted_on;
    enum bp_attendance attendance;
};

/* K-4.8: the decision to cancel or hold after someone declined. */
struct bp_absence_decision {
    int64_t id, meeting_id, invitee_id;
    enum bp_absence_outcome outcome;
    int64_t guardian_id; /* decided together with this guardian */
    struct bp_date decided_on;
    const char *note;
    int64_t decided_by; /* the inviter (user id) */
};

/* ---- names and rules by model ---- */

/* Whether the family pages show the meeting at all: plan and follow-up meetings, not cancelled (the
 * professionals' preparation meetings are theirs, docs/family-access.md meeting.preparation). */
bool bp_meeting_for_family(const struct bp_meeting *m);
/* Whether a meeting the family sees names this guardian among its invitees (R5: the parent without custody
 * sees the case only then, V-3.9, V-4.2 question 4). */
bool bp_meeting_invites_guardian(const struct bp_meeting *m, const struct bp_invitee *inv, size_t n,
                                 int64_t guardian_id);

/* The meeting's name as a code: "professionals_preparation"; "sip_meeting" (Västerbotten) or
 * "collaboration_meeting" (Kronoberg); "followup_meeting". */
const char *bp_meeting_name_code(enum bp_model model, enum bp_meeting_kind kind);
/* The coordinator's title as a code: "samordningsansvarig" (V-7.4) or "samverkansansvarig" (K-7.1). */
const char *bp_coordinator_role_code(enum bp_model model);
/* Who calls the meeting, as a code: "initiator" (V-4.5) or "named_person" (K-1.1; another organisation
 * may call the first meeting and informs the named person, K-1.2). */
const char *bp_caller_role_code(enum bp_model model);
enum bp_absence_rule bp_absence_rule_for(enum bp_model model);
/* The case's latest plan meeting that was not cancelled, among its meetings in date order (0: none). */
int64_t bp_meeting_latest_plan(const struct bp_meeting *ms, size_t n);

/* ---- the meeting form ---- */

struct bp_meeting_input {
    const char *kind, *date, *start, *end; /* "YYYY-MM-DD", "HH:MM", "HH:MM" (local time) */
    const char *place, *setting, *video_link, *purpose, *agenda;
    const char *org_id; /* the calling organisation; empty: the user's only one */
    const char *chair_user_id, *note_taker_user_id, *deadline_reason, *child_not_invited_reason;
    bool setting_agreed;
};

/* Validates the meeting form for `user` on `today`: formats and bounds, not yet the invitation's rules
 * (bp_invitation_check does those when it is sent). Fills kind, status "planned", date, start_minute,
 * end_minute, the texts, called_by_user/org, chair (the caller by default, V-5.7), binding (K-4.6).
 * The caller converts date + minutes to starts_at/ends_at in local time.
 * Field names: "meeting.kind", "meeting.date", "meeting.start", "meeting.end", "meeting.place",
 * "meeting.setting", "meeting.video_link", "meeting.purpose", "meeting.agenda", "meeting.org_id",
 * "meeting.chair_user_id", "meeting.note_taker_user_id", "meeting.deadline_reason",
 * "meeting.child_not_invited_reason". Codes: "required", "too_long", "invalid", "choice", "date",
 * "not_member", "url", "https", plus "time" (not HH:MM), "end_before_start", "past" (a date before
 * today). */
enum bp_err bp_meeting_validate(const struct bp_meeting_input *in, const struct bp_user *user,
                                struct bp_date today, struct bp_meeting *out, struct bp_field_errors *errs);

struct bp_invitee_input {
    const char *kind, *guardian_id, *org_id, *user_id, *name, *email;
};

/* Validates invitee row `index` ("invitees.N.kind", ".guardian_id", ".org_id", ".user_id", ".name",
 * ".email"). A guardian's name and e-mail default to the guardian record's. Codes: "required",
 * "choice", "not_guardian", "email", "too_long", "invalid". Field names are allocated from `a`. */
enum bp_err bp_invitee_validate(struct bp_arena *a, size_t index, const struct bp_invitee_input *in,
                                const struct bp_guardian *guardians, size_t n_guardians,
                                struct bp_invitee *out, struct bp_field_errors *errs);

/* ---- sending the invitation ---- */

struct bp_invitation_ctx {
    enum bp_model model;
    struct bp_date noticed; /* the case's noticed date (V-6.1 counts from it) */
    struct bp_date today;   /* the local date the invitation goes out (K-4.3 counts from it) */
    int64_t now;            /* unix seconds, for "not in the past" */
    const struct bp_guardian *guardians;
    size_t n_guardians;
    const struct bp_child_prep *child_prep; /* for this meeting; NULL: not started */
    const struct bp_guardian_prep *guardian_preps;
    size_t n_guardian_preps;
    const struct bp_consent *consents; /* the case's consents (V-2.7, V-5.2) */
    size_t n_consents;
};

/* Everything that stops meeting `m` with `invitees` from being sent, and what deserves a warning.
 * Errors (field, code):
 *   "meeting.status" "not_planned"            a held or cancelled meeting
 *   "meeting.purpose" "required"              V-4.4a, K-4.2: why
 *   "meeting.agenda" "required"               V-4.4b: what will be discussed
 *   "meeting.invitees" "required"             V-4.4c: nobody invited
 *   "meeting.invitees" "too_many"             more than BP_MAX_INVITEES
 *   "meeting.called_by" "required"            V-4.5: who calls
 *   "meeting.child_not_invited_reason" "child_not_invited"   V-4.5, K-4.1: the child, or a reason
 *   "meeting.invitees" "guardians_not_invited"                V-4.5, K-4.1: every guardian
 *   "invitees.N.kind" "professionals_only"    V-5.1: the family is not at the professionals' preparation
 *   "invitees.N.kind" "duplicate"             the child or a guardian twice
 *   "invitees.N.guardian_id" "not_guardian", "invitees.N.org_id" "required", "invitees.N.name" "required"
 *   "meeting.kind" "preparation_consent"      V-2.7, V-5.2: not every organisation's consent covers it
 *   "meeting.end" "end_before_start"; "meeting.date" "past"
 *   "meeting.setting" "required"; "meeting.place" "required" (physical);
 *   "meeting.video_link" "required" / "url" / "https" (digital, V-3.16)
 *   "meeting.setting_agreed" "setting_agreed" K-4.4 (Kronoberg): digital or physical agreed together
 *   "meeting.deadline_reason" "late_meeting"  V-6.1: the plan meeting is more than three weeks after
 *                                              the need was noticed and no reason is written
 *   "meeting.deadline_reason" "short_notice"  K-4.3: less than three weeks' notice (plan and follow-up
 *                                              meetings) and no agreement is written
 * Warnings (never block):
 *   "prep.child" "child_not_prepared", "prep.guardians" "guardians_not_prepared"   V-4.3
 *   "meeting.invitees" "many_participants"    V-3.10: more than BP_MEETING_CALM_PARTICIPANTS
 *   "meeting.setting" "child_setting"         V-3.15: not what the child chose
 *   "meeting.child_not_invited_reason" "child_wants_to_attend"   V-3.11: the child chose to take part
 *   "meeting.note_taker_user_id" "no_note_taker"   V-5.6: nobody documents the plan yet
 * `deadline`, when not NULL, receives the three-week rule's result (for showing the limit; status OK
 * when no rule applies). Field names are allocated from `a`. */
enum bp_err bp_invitation_check(struct bp_arena *a, const struct bp_meeting *m,
                                const struct bp_invitee *invitees, size_t n,
                                const struct bp_invitation_ctx *ctx, struct bp_deadline *deadline,
                                struct bp_field_errors *errs, struct bp_field_errors *warns);

/* The send step's form: the warnings read and sent anyway (V-4.3, V-3.10). */
struct bp_send_input {
    bool confirm_warnings;
};

/* Whether a change to a sent invitation must reach the calendars again (time, place, setting, link or
 * status changed); the caller then stores sequence + 1 and sends the update. */
bool bp_meeting_calendar_changed(const struct bp_meeting *before, const struct bp_meeting *after);

/* ---- answers and absence ---- */

struct bp_answer_input {
    const char *answer, *reason, *substitute_name;
};

/* Who may record a professional invitee's answer (V-6.2, K-4.7: "the unit tells the one who invited"): the
 * invitee, a colleague in the invited organisation, or the one who called the meeting (told by phone).
 * Anyone may record the answer of the child, a guardian or another adult, who have no login. */
bool bp_may_answer_for(const struct bp_user *actor, const struct bp_meeting *m, const struct bp_invitee *inv);

/* Records invitee `index`'s answer on `today` into *out (a copy of `invitee`). Field names
 * "invitees.N.answer", "invitees.N.reason", "invitees.N.substitute_name". A no needs a reason, except
 * from the child (V-3.13: never forced); a substitute may be named with the no or later (V-6.2), but
 * not for the child or a guardian ("no_substitute"). Codes: "required", "choice", "too_long", "invalid". */
enum bp_err bp_answer_validate(struct bp_arena *a, size_t index, const struct bp_invitee *invitee,
                               const struct bp_answer_input *in, struct bp_date today, struct bp_invitee *out,
                               struct bp_field_errors *errs);

/* What must happen next about `invitee` of a meeting of `kind` (§13): Västerbotten, a professional or
 * another adult who declined needs a substitute (V-6.2); Kronoberg, the inviter is told (K-4.7) and
 * decides with the guardian to cancel or hold (K-4.8) the plan or follow-up meeting. `decision` is the
 * decision recorded about this invitee, or NULL. */
enum bp_absence_step bp_absence_next(enum bp_model model, enum bp_meeting_kind kind,
                                     const struct bp_invitee *invitee,
                                     const struct bp_absence_decision *decision);

struct bp_absence_decision_input {
    const char *outcome, *guardian_id, *decided_on, *note;
};

/* K-4.8: validates the decision. Field names "absence.outcome", "absence.guardian_id",
 * "absence.decided_on", "absence.note". Codes: "required", "choice", "not_guardian", "date", "future",
 * "too_long", "invalid". */
enum bp_err bp_absence_decision_validate(const struct bp_absence_decision_input *in,
                                         const struct bp_guardian *guardians, size_t n_guardians,
                                         int64_t user_id, struct bp_date today,
                                         struct bp_absence_decision *out, struct bp_field_errors *errs);

/* ---- at the meeting ---- */

/* V-6.3: what the chair says first: why (the purpose), how it is structured (step codes), how long. */
struct bp_opening {
    const char *purpose, *agenda;
    int64_t minutes;
    const char *const *steps; /* codes, e.g. "introductions" (V-6.4), "summary" (V-6.9), "child_last_word" */
    size_t n_steps;
};
void bp_meeting_opening(const struct bp_meeting *m, struct bp_opening *out);

/* Whether the child was at the meeting (an invitee of kind child, present). */
bool bp_meeting_child_present(const struct bp_invitee *invitees, size_t n);

struct bp_held_input {
    const char *attendance[BP_MAX_INVITEES]; /* per invitee, in order */
    bool child_asked;
    const char *child_addition, *child_representative;
};

/* Records meeting `m` as held on `today`: every invitee's attendance ("invitees.N.attendance"; a
 * substitute needs the invitee's substitute_name: "invitees.N.substitute_name" "required"), and for
 * the plan and follow-up meetings the child's last word ("closing.child_asked" "ask_child", V-6.10) and,
 * when the child was absent, who represented the child ("closing.child_representative" "required",
 * V-8a.6). "meeting.status" "not_planned"; "meeting.date" "not_yet" before the meeting's date;
 * "invitees.N.attendance" "no_substitute" for a child or guardian; "meeting.invitees" "too_many".
 * Fills *out (status held) and out_invitees[0..n) (attendance). */
enum bp_err bp_meeting_held_validate(struct bp_arena *a, const struct bp_meeting *m,
                                     const struct bp_invitee *invitees, size_t n,
                                     const struct bp_held_input *in, struct bp_date today,
                                     struct bp_meeting *out, struct bp_invitee *out_invitees,
                                     struct bp_field_errors *errs);

/* V-8a.6: whether someone must still tell the child what was said: a held plan or follow-up meeting the
 * child did not attend, not yet debriefed. */
bool bp_meeting_needs_debrief(const struct bp_meeting *m, const struct bp_invitee *invitees, size_t n);

/* The form of the debriefing (V-8a.6): the day the child was told. */
struct bp_debrief_input {
    const char *debriefed_on;
};

/* V-8a.6: records that the child was told, on `debriefed_on` ("closing.debriefed_on": "required", "date",
 * "future", "before_meeting"). */
enum bp_err bp_debrief_validate(const struct bp_meeting *m, const char *debriefed_on, struct bp_date today,
                                struct bp_meeting *out, struct bp_field_errors *errs);

#endif
