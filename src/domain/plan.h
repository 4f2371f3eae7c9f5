/* plan.h: the plan (SIP Barnets plan, Barnets plan, SIP): needs and goals by area, interventions with
 * their one responsible organisation, commitments, coordination, contacts, follow-up and summary
 * (V-7.x, K-7.x, V-0.5, V-6.9); what stops it from being finished; who may edit and read which part
 * (V-8a.4, K-7.3); pending decisions (V-5.8, V-8a.5) and signatures (V-8a.2).
 * Pure: raw form strings in, records and every field error out. No I/O, no clock ("today" is a
 * parameter); no UI text (the web layer labels the codes). Consent is decided elsewhere
 * (domain/consent.h) and comes in as a bool. */
#ifndef BP_PLAN_H
#define BP_PLAN_H
#include "util/arena.h"
#include "util/date.h"
#include "util/limits.h"
#include "domain/model.h"
#include "domain/fields.h"
#include "domain/meeting.h"

/* Areas of the child's needs. Västerbotten: health, learning, safety (V-0.5, HLT). Kronoberg: the
 * wellbeing wheel (Barnets bästa-hjulet): trygg, må bra, utvecklas, aktiv, respekterad,
 * ansvarstagande, delaktig, omvårdad. One table; each model allows its own slice. */
enum bp_area {
    BP_AREA_HEALTH,      /* "health": hälsa */
    BP_AREA_LEARNING,    /* "learning": lärande */
    BP_AREA_SAFETY,      /* "safety": trygghet */
    BP_AREA_SAFE,        /* "safe": trygg */
    BP_AREA_HEALTHY,     /* "healthy": må bra */
    BP_AREA_ACHIEVING,   /* "achieving": utvecklas */
    BP_AREA_ACTIVE,      /* "active": aktiv */
    BP_AREA_RESPECTED,   /* "respected": respekterad */
    BP_AREA_RESPONSIBLE, /* "responsible": ansvarstagande */
    BP_AREA_INCLUDED,    /* "included": delaktig */
    BP_AREA_NURTURED,    /* "nurtured": omvårdad */
    BP_AREA_COUNT
};
extern const char *const bp_area_codes[BP_AREA_COUNT];
/* Whether `code` is an area of `model`. */
bool bp_plan_area_allowed(enum bp_model model, const char *code);
/* The model's areas, in order: *codes points into bp_area_codes; returns how many. */
size_t bp_plan_areas(enum bp_model model, const char *const **codes);
/* Whether a plan kind belongs to the model: Västerbotten "sip_child_plan"; Kronoberg "child_plan", or
 * "sip" when the guardians insist (K-0.8). */
bool bp_plan_kind_allowed(enum bp_model model, const char *kind);

enum bp_plan_status {
    BP_PLAN_DRAFT,    /* "draft": being written, at or after the meeting */
    BP_PLAN_FINISHED, /* "finished": may be signed (V-8a.2) and shared (V-8a.3, K-8.1) */
    BP_PLAN_REPLACED, /* "replaced": a newer version exists (V-10.6) */
    BP_PLAN_STATUS_COUNT
};
extern const char *const bp_plan_status_codes[BP_PLAN_STATUS_COUNT];

enum bp_committer {
    BP_COMMIT_CHILD,    /* "child" */
    BP_COMMIT_GUARDIAN, /* "guardian": guardian_id */
    BP_COMMIT_OTHER,    /* "other": someone else, by name (V-7.3 "eventuellt andra") */
    BP_COMMITTER_COUNT
};
extern const char *const bp_committer_codes[BP_COMMITTER_COUNT];

/* V-7.1: a need of the child and the goal for it, in one area. */
struct bp_goal {
    int64_t id, plan_id;
    const char *area; /* a code of bp_area_codes allowed by the model */
    const char *need, *goal;
};

/* V-7.2, V-0.5: what is done, by exactly one responsible organisation, when and at what level. */
struct bp_intervention {
    int64_t id, plan_id;
    const char *what;
    int64_t org_id;          /* the one responsible organisation (V-7.2, V-8a.4) */
    int64_t contact_user_id; /* 0: none given */
    const char *contact_name;
    struct bp_date starts_on;
    bool has_end;
    struct bp_date ends_on;
    const char *level; /* how much and how often ("nivå", V-0.5) */
    int64_t goal_id;   /* 0: not linked to one goal */
    int64_t origin_id; /* V-9.1: the first row of its line, the same in every version's copy (itself for
                          the first); what is recorded on how it goes follows the line */
};

/* V-7.3: what the child, a guardian or someone else will do. */
struct bp_commitment {
    int64_t id, plan_id;
    enum bp_committer who;
    int64_t guardian_id; /* who == guardian */
    const char *name;    /* who == other; the guardian's name for a guardian */
    const char *what;
    int64_t goal_id; /* 0: not linked */
};

/* V-7.6: one contact person per participating organisation. */
struct bp_plan_contact {
    int64_t org_id, user_id;
    const char *name, *phone, *email;
};
/* V-7.6: the contact person of one participating organisation, as typed. */
struct bp_plan_contact_input {
    const char *org_id, *name, *phone, *email;
};

struct bp_plan {
    int64_t id, case_id;
    int version; /* 1, 2, ... (V-10.6) */
    enum bp_plan_status status;
    const char *kind;                              /* bp_plan_kind_for (model.h) */
    int64_t coordinator_orgs[BP_MAX_COORDINATORS]; /* V-7.4: one, or shared in complex cases */
    size_t n_coordinator_orgs;
    int64_t coordinator_user_id; /* the named person (K-7.1, K-7.2); 0: none */
    const char *coordinator_name;
    const char *contact_if_fails; /* V-7.5 */
    bool has_followup;            /* V-7.7: followup_on is set */
    struct bp_date followup_on;
    int followup_minute;                                /* -1: no clock time given */
    const char *followup_place, *followup_participants; /* V-7.7 */
    const char *summary;                                /* V-6.9: in words the child understands */
    const char *child_view;                             /* V-2.2, K-6.2: the child's own words on the plan */
    struct bp_date finished_on;
    int64_t finished_by;
    /* V-10.6: a finished version's content, canonical JSON (RFC 8785), and its SHA-256 in 64 hex digits;
     * NULL for a draft (and for a version finished before migration 009). Read: only the hash. */
    const char *content, *content_sha256;
};

/* The parts of one plan version, for the finishing check. */
struct bp_plan_parts {
    const struct bp_goal *goals;
    size_t n_goals;
    const struct bp_intervention *interventions;
    size_t n_interventions;
    const struct bp_commitment *commitments;
    size_t n_commitments;
    const struct bp_plan_contact *contacts;
    size_t n_contacts;
};

/* What the plan's rules need to know about the case. */
struct bp_plan_ctx {
    enum bp_model model;
    struct bp_date today;
    const int64_t *case_orgs; /* the organisations taking part in the case */
    size_t n_case_orgs;
    const struct bp_guardian *guardians;
    size_t n_guardians;
};

/* ---- the forms, one part at a time ---- */

struct bp_plan_input {
    const char *coordinator_orgs[BP_MAX_COORDINATORS + 1];
    size_t n_coordinator_orgs;
    const char *coordinator_user_id, *coordinator_name, *contact_if_fails;
    const char *followup_on, *followup_time, *followup_place, *followup_participants, *summary;
    const char *child_view;
};

/* The plan's shared parts, as a draft: formats and bounds only (bp_plan_check_finish asks for what is
 * missing). Fills the shared fields of *out and leaves id, case, version, status and kind alone.
 * Field names "plan.coordinator_orgs", "plan.coordinator_user_id", "plan.coordinator_name",
 * "plan.contact_if_fails", "plan.followup_on", "plan.followup_time", "plan.followup_place",
 * "plan.followup_participants", "plan.summary". Codes: "choice", "not_participant", "too_many", "date",
 * "past", "time", "too_long", "invalid". */
enum bp_err bp_plan_validate(const struct bp_plan_input *in, const struct bp_plan_ctx *ctx,
                             struct bp_plan *out, struct bp_field_errors *errs);

struct bp_goal_input {
    const char *area, *need, *goal;
};
/* V-7.1, V-0.5: "goal.area" ("required", "choice", "area_model": an area of the other model),
 * "goal.need", "goal.goal" ("required"). */
enum bp_err bp_goal_validate(const struct bp_goal_input *in, enum bp_model model, struct bp_goal *out,
                             struct bp_field_errors *errs);

struct bp_intervention_input {
    const char *what;
    const char *org_ids[BP_MAX_INTERVENTION_ORGS]; /* every value given: exactly one is valid */
    size_t n_org_ids;
    const char *contact_user_id, *contact_name, *starts_on, *ends_on, *level, *goal_id;
};
/* V-7.2, V-0.5: "intervention.what", "intervention.org_id" ("required", "one_org": more than one
 * responsible organisation, "not_participant", "choice"), "intervention.contact_user_id",
 * "intervention.contact_name", "intervention.starts_on", "intervention.ends_on" ("end_before_start"),
 * "intervention.level", "intervention.goal_id" ("choice": not a goal of this plan). */
enum bp_err bp_intervention_validate(const struct bp_intervention_input *in, const struct bp_plan_ctx *ctx,
                                     const struct bp_goal *goals, size_t n_goals, struct bp_intervention *out,
                                     struct bp_field_errors *errs);

struct bp_commitment_input {
    const char *who, *guardian_id, *name, *what, *goal_id;
};
/* V-7.3: "commitment.who", "commitment.guardian_id" ("not_guardian"), "commitment.name",
 * "commitment.what", "commitment.goal_id". */
enum bp_err bp_commitment_validate(const struct bp_commitment_input *in, const struct bp_plan_ctx *ctx,
                                   const struct bp_goal *goals, size_t n_goals, struct bp_commitment *out,
                                   struct bp_field_errors *errs);

/* ---- finishing ---- */

/* Every field error that stops the draft from being finished:
 *   "plan.status" "not_draft"; "plan.kind" "choice" (K-0.8)
 *   "plan.goals" "goal_required" (V-7.1); "goals.N.area" "area_model"; "goals.N.need"/"goals.N.goal"
 * "required" "plan.interventions" "intervention_required" (V-7.2) "interventions.N.org_id" "required" (V-7.2:
 * exactly one responsible organisation) / "not_participant" "interventions.N.what", "interventions.N.level"
 * (V-0.5), "interventions.N.starts_on" "required" "interventions.N.ends_on" "end_before_start";
 * "interventions.N.goal_id" "choice" "commitments.N.what" "required", "commitments.N.guardian_id"
 * "not_guardian" (V-7.3) "plan.coordinator_orgs" "required" / "not_participant" (V-7.4)
 *   "plan.coordinator_name" "coordinator_person" (Kronoberg: the samverkansansvarig is named, K-7.1, K-7.2)
 *   "plan.contact_if_fails" "required" (V-7.5)
 *   "contacts.<org_id>.name" "contact_required" (V-7.6: one contact person per participating organisation)
 *   "plan.followup_on" "required" / "past", "plan.followup_place" / "plan.followup_participants"
 *   "required" (V-7.7)
 *   "plan.summary" "required" (V-6.9)
 * Field names are allocated from `a`. BP_OK, or BP_ERR_INVALID with every error (up to the list's size). */
enum bp_err bp_plan_check_finish(struct bp_arena *a, const struct bp_plan *plan,
                                 const struct bp_plan_parts *parts, const struct bp_plan_ctx *ctx,
                                 struct bp_field_errors *errs);

/* ---- who may do what ---- */

/* Only a draft is edited; a finished plan changes through a new version (V-10.6). */
bool bp_plan_editable(const struct bp_plan *plan);
/* V-8a.4: only members of the intervention's responsible organisation edit it (acting for it, when
 * acting_org_id is given); a coordinator of another organisation may not. Also the rule for adding an
 * intervention: `iv` then holds the organisation it is for. */
bool bp_intervention_may_edit(const struct bp_user *user, int64_t acting_org_id,
                              const struct bp_intervention *iv);
/* The shared parts (goals, commitments, coordination, contacts, follow-up, summary): a member of any
 * participating organisation whose consent is in force (`consent_ok`, from bp_consent_covers_org). */
bool bp_plan_may_edit_shared(const struct bp_user *user, int64_t acting_org_id, const int64_t *case_orgs,
                             size_t n_case_orgs, bool consent_ok);
/* K-7.3, K-8.1, V-8a.3: every participating organisation may read the plan, under its own consent
 * (V-2.3, V-2.6). */
bool bp_plan_may_read(const struct bp_user *user, int64_t acting_org_id, const int64_t *case_orgs,
                      size_t n_case_orgs, bool consent_ok);

/* ---- pending decisions (V-5.8, V-8a.5) ---- */

enum bp_decision_status {
    BP_DECISION_PENDING, /* "pending" */
    BP_DECISION_DECIDED, /* "decided" */
    BP_DECISION_STATUS_COUNT
};
extern const char *const bp_decision_status_codes[BP_DECISION_STATUS_COUNT];

struct bp_pending_decision {
    int64_t id, case_id, meeting_id; /* the meeting where it came up */
    const char *what;                /* what is to be decided */
    int64_t org_id, user_id;         /* by whom: the organisation, and the person when known */
    const char *decider_name;
    bool has_due;
    struct bp_date due_on;
    enum bp_decision_status status;
    const char *outcome;
    struct bp_date decided_on;
};

struct bp_decision_input {
    const char *what, *org_id, *user_id, *decider_name, *due_on, *status, *outcome, *decided_on;
};
/* The page's form for a decision taken (V-8a.5): which one, what was decided and when. */
struct bp_decide_input {
    const char *id, *outcome, *decided_on;
};

/* "decision.what", "decision.org_id" ("required", "choice", "not_participant"), "decision.user_id",
 * "decision.decider_name", "decision.due_on" ("date", "past"), "decision.status", "decision.outcome"
 * (required once decided), "decision.decided_on" ("required", "date", "future"). */
enum bp_err bp_decision_validate(const struct bp_decision_input *in, const struct bp_plan_ctx *ctx,
                                 struct bp_pending_decision *out, struct bp_field_errors *errs);

/* V-8a.5: who is told when the decision is taken: the meeting's invitees who attended (present, or
 * through a substitute). Writes their indexes into out[0..max) and returns how many there are. */
size_t bp_decision_recipients(const struct bp_invitee *invitees, size_t n, size_t *out, size_t max);

/* ---- signatures (V-8a.2) ---- */

enum bp_signer_kind {
    BP_SIGNER_PROFESSIONAL, /* "professional": the logged-in user answers for themselves */
    BP_SIGNER_GUARDIAN,     /* "guardian" */
    BP_SIGNER_CHILD,        /* "child" */
    BP_SIGNER_OTHER,        /* "other": another adult at the meeting (the child's support person), by name */
    BP_SIGNER_KIND_COUNT
};
extern const char *const bp_signer_kind_codes[BP_SIGNER_KIND_COUNT];

enum bp_sign_method {
    BP_SIGN_APP, /* "app": a professional in Barnplan, after confirming who they are again */
    BP_SIGN_WET, /* "wet": on paper, recorded by a professional (a guardian, the child, another adult) */
    BP_SIGN_METHOD_COUNT
};
extern const char *const bp_sign_method_codes[BP_SIGN_METHOD_COUNT];

enum bp_sign_answer {
    BP_SIGN_SIGNED,   /* "signed" */
    BP_SIGN_DECLINED, /* "declined": the participant chose not to sign (a reason when one was given) */
    BP_SIGN_ANSWER_COUNT
};
extern const char *const bp_sign_answer_codes[BP_SIGN_ANSWER_COUNT];

/* One participant's answer to one finished version: bound to the version and its content's hash. */
struct bp_signature {
    int64_t id, plan_id;
    int64_t version;
    enum bp_signer_kind kind;
    int64_t user_id, org_id; /* professional */
    int64_t guardian_id;     /* guardian */
    const char *name;
    const char *role; /* other: role or relation to the child ("stödperson") */
    enum bp_sign_method method;
    enum bp_sign_answer answer;
    const char *reason; /* declined: why, when given; "" otherwise */
    struct bp_date signed_on;
    int64_t recorded_by;
    int64_t created_at;
    const char *content_sha256; /* the version's hash when it was answered (V-10.6) */
    bool has_scan;              /* a scanned page of the paper is attached */
};

struct bp_signature_input {
    const char *version, *kind, *guardian_id, *name, *role, *answer, *reason, *method, *signed_on;
    const char *password; /* a professional confirms who they are (checked by the use case, never stored) */
};

/* V-8a.2: every participant is offered to sign the finished version in force (`plan`; a draft when none
 * is finished yet); `newest` is the number of the newest version (a draft that follows it, or itself).
 * "signature.plan" "not_finished"; "signature.version" ("required", "draft": the draft being written,
 * "replaced": an older version, "choice"); "signature.kind" ("required", "choice", "already_signed": the
 * participant has answered this version); "signature.guardian_id" ("required", "not_guardian");
 * "signature.name" and "signature.role" ("required" for another participant); "signature.answer"
 * "choice"; "signature.method" "choice" (a professional answers in the app, the others are recorded from
 * paper); "signature.signed_on" ("required", "date", "future"); "signature.org_id" "not_member" (a
 * professional answers for an organisation of theirs). `existing` are the version's answers so far. */
enum bp_err bp_signature_validate(const struct bp_signature_input *in, const struct bp_plan *plan, int newest,
                                  const struct bp_plan_ctx *ctx, const struct bp_user *user,
                                  int64_t acting_org_id, const struct bp_signature *existing,
                                  size_t n_existing, struct bp_signature *out, struct bp_field_errors *errs);

/* ---- copies (V-8a.3, K-8.1) ---- */

/* Who received a copy that a professional records: a guardian, the child, or another participant. A
 * professional's own download is on the ledger through its audit entry (app/plan_copy.c). */
enum bp_copy_recipient { BP_COPY_GUARDIAN, BP_COPY_CHILD, BP_COPY_OTHER, BP_COPY_RECIPIENT_COUNT };
extern const char *const bp_copy_recipient_codes[BP_COPY_RECIPIENT_COUNT];
enum bp_copy_method {
    BP_COPY_HANDED, /* "handed": a printed copy handed over */
    BP_COPY_LETTER, /* "letter": sent as a letter */
    BP_COPY_METHOD_COUNT
};
extern const char *const bp_copy_method_codes[BP_COPY_METHOD_COUNT];

struct bp_plan_copy {
    int64_t id, case_id, plan_id;
    int64_t version; /* the finished version the copy is of */
    enum bp_copy_recipient recipient;
    int64_t guardian_id; /* a guardian's copy */
    const char *name;    /* the guardian's or the child's name as recorded, or the other participant's */
    enum bp_copy_method method;
    struct bp_date given_on;
    int64_t recorded_by, org_id, created_at; /* who recorded it, for which organisation, when */
    const char *recorded_by_name;            /* filled by the list */
};

struct bp_plan_copy_input {
    const char *version, *recipient, *guardian_id, *name, *method, *given_on;
};

/* V-8a.3, K-8.1: a copy of a finished version handed over or posted. "copy.version" ("required",
 * "choice": no finished version with that number); "copy.recipient" ("required", "choice");
 * "copy.guardian_id" ("required", "not_guardian"); "copy.name" ("required" for another participant,
 * "too_long"); "copy.method" ("required", "choice"); "copy.given_on" ("required", "date", "future").
 * `versions` are the plan's versions. The guardian's name comes from the guardians; the child's is the
 * caller's. */
enum bp_err bp_plan_copy_validate(const struct bp_plan_copy_input *in, const struct bp_plan_ctx *ctx,
                                  const struct bp_plan *versions, size_t n_versions, struct bp_plan_copy *out,
                                  struct bp_field_errors *errs);
/* V-8a.2: one row of "who is expected to answer the version in force": each participating organisation
 * (its contact person as the plan names them, when it does), each guardian, the child, each other adult
 * invited to the meeting where the version was made (the child's support person; matched to an answer by
 * name), and everyone else who answered (a second professional of an organisation, another adult).
 * `answer` is the answer, or NULL when not answered yet. */
struct bp_signer_row {
    enum bp_signer_kind kind;
    int64_t org_id, guardian_id;
    const char *name; /* the contact person, the guardian; "" for the child and an organisation without one */
    const struct bp_signature *answer;
};
/* `invitees`: those of the meeting where the version was made (bp_plan_made_at); only the other adults
 * count, and a parent without custody (BP_CUSTODY_NONE) who was invited there (the guardians with custody
 * always). Writes the rows into *out (arena) and returns how many there are. */
size_t bp_signers_expected(struct bp_arena *a, const struct bp_plan_ctx *ctx,
                           const struct bp_plan_contact *contacts, size_t n_contacts,
                           const struct bp_invitee *invitees, size_t n_invitees,
                           const struct bp_signature *answers, size_t n_answers, struct bp_signer_row **out);

#endif
