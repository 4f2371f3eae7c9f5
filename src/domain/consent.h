/* consent.h: the consent ledger's rules (samtycke), organisation by organisation. Pure: no I/O, no
 * clock ("today" is a parameter). Requirements: V-2.1 guardian consent is required; V-2.2 the
 * child's view and a note on age and maturity; V-2.3 only what is necessary, only after consent;
 * V-2.5 / K-2.1 the regional form; V-2.6 consent applies only to the organisation that obtained it;
 * V-2.7 professionals prepare together only when consent covers it; V-2.8 / V-2.9 change and
 * withdrawal; K-2.2 the initiating organisation obtains it.
 *
 * The access rule (access.h) takes the case's consents; app/consent.c stores and audits them. */
#ifndef BP_CONSENT_H
#define BP_CONSENT_H
#include "util/date.h"
#include "domain/model.h"
#include "domain/registration.h"

/* Who gave the consent. */
enum bp_consent_giver {
    BP_CONSENT_BY_GUARDIANS,     /* the guardians with custody: both, in joint custody */
    BP_CONSENT_BY_ADULT_STUDENT, /* a pupil of 18 or more consents for themselves */
    BP_CONSENT_GIVER_COUNT
};

/* The regional paper form the consent was recorded on. */
enum bp_consent_form {
    BP_FORM_HLT_VASTERBOTTEN,   /* Samtyckesblankett Hälsa, lärande, trygghet Västerbotten (V-2.5) */
    BP_FORM_KRONOBARNSMODELLEN, /* Kronobarnsmodellen samtyckesblankett (K-2.1) */
    BP_FORM_OTHER,
    BP_CONSENT_FORM_COUNT
};

enum bp_consent_status {
    BP_CONSENT_ACTIVE,
    BP_CONSENT_WITHDRAWN, /* withdrawn by the child, the guardians or the adult student (V-2.8) */
    BP_CONSENT_REPLACED,  /* changed: a newer row of the ledger holds what applies now (V-2.8) */
    BP_CONSENT_STATUS_COUNT
};

/* Who withdrew a consent (V-2.8: "the child or the guardians"). */
enum bp_consent_withdrawer {
    BP_WITHDRAWN_BY_GUARDIANS,
    BP_WITHDRAWN_BY_CHILD,
    BP_WITHDRAWN_BY_ADULT_STUDENT,
    BP_WITHDRAWER_COUNT
};

extern const char *const bp_consent_giver_codes[BP_CONSENT_GIVER_COUNT];
extern const char *const bp_consent_form_codes[BP_CONSENT_FORM_COUNT];
extern const char *const bp_consent_status_codes[BP_CONSENT_STATUS_COUNT];
extern const char *const bp_consent_withdrawer_codes[BP_WITHDRAWER_COUNT];

#define BP_MAX_CONSENT_GIVERS 2

struct bp_consent {
    int64_t id, case_id, org_id;
    enum bp_consent_giver giver;
    int64_t guardian_ids[BP_MAX_CONSENT_GIVERS]; /* who signed, for BP_CONSENT_BY_GUARDIANS */
    size_t n_guardians;
    const char *child_view;    /* V-2.2: what the child thinks */
    const char *maturity_note; /* V-2.2: the assessment of age and maturity behind the weight given */
    const char *scope;         /* V-2.3: what may be shared, with whom */
    bool covers_preparation;   /* V-2.7: the professionals may prepare together */
    enum bp_consent_form form;
    struct bp_date given_on;
    bool has_renewal;
    struct bp_date renew_on; /* the consent lapses after this date unless renewed */
    int64_t obtained_by;     /* the professional who obtained it */
    enum bp_consent_status status;
    struct bp_date withdrawn_on;             /* BP_CONSENT_WITHDRAWN */
    enum bp_consent_withdrawer withdrawn_by; /* BP_CONSENT_WITHDRAWN */
    const char *withdrawal_note;             /* BP_CONSENT_WITHDRAWN, optional */
    int64_t ended_by_user;                   /* who recorded the withdrawal or the change */
    int64_t replaced_by;                     /* BP_CONSENT_REPLACED: the row that replaced it */
    int64_t created_at;
    /* consent.child_answer (migration 035): the young person's own "yes" or "no" (NULL: none) and when */
    const char *child_answer;
    struct bp_date child_answered_on;
    /* filled by reads that join */
    const char *org_name;
    const char *obtained_by_name;
};

/* One family member's confirmation of an organisation's request to take part (issue 10 item 4, consent.give;
 * migration 028): each guardian with custody confirms for themselves, the adult student for themselves. The
 * consent is recorded when the last one needed has confirmed (consent_id then names it; 0: pending). */
struct bp_consent_confirmation {
    int64_t id, case_id, org_id;
    int64_t guardian_id; /* 0: the adult student */
    int64_t user_id;     /* the family account that confirmed */
    const char *scope;
    bool covers_preparation;
    bool has_renewal;
    struct bp_date renew_on;
    int64_t confirmed_at;
    int64_t consent_id;
};

/* A consent as typed into the form or sent to the API: raw strings. */
struct bp_consent_input {
    const char *org_id, *giver, *child_view, *maturity_note, *scope, *form, *given_on, *renew_on;
    const char *guardian_ids[BP_MAX_GUARDIANS];
    size_t n_guardian_ids;
    bool covers_preparation;
};

/* The young person's own answer as typed (consent.child_answer): "yes" or "no". */
struct bp_consent_child_answer_input {
    const char *answer;
};
extern const char *const bp_child_answer_codes[2]; /* "yes", "no" */

/* A withdrawal as typed: who withdrew, on which date, an optional note. */
struct bp_withdrawal_input {
    const char *by, *on, *note;
};

/* The regional form expected for a case's model (V-2.5, K-2.1). */
enum bp_consent_form bp_consent_form_for(enum bp_model model);

/* Checks a consent about to be recorded for a child with these guardians, born on `birth`, on `today`.
 * Field names: "consent.org_id", "consent.giver", "consent.guardians", "consent.scope",
 * "consent.child_view", "consent.maturity_note", "consent.given_on", "consent.renew_on", "consent.form".
 * Codes as in registration.h, plus "all_guardians" (someone with custody has not consented, V-2.1),
 * "not_guardian", "not_adult" (an adult student must be 18), "before_given". */
enum bp_err bp_consent_check(const struct bp_consent *c, const struct bp_guardian *guardians,
                             size_t n_guardians, struct bp_date birth, struct bp_date today,
                             struct bp_field_errors *errs);

/* Parses `in` into `out` (strings point into `in`) and checks it with bp_consent_check. Every problem
 * goes into `errs` (also those of unparsable fields); BP_ERR_INVALID then. `out->case_id`,
 * `obtained_by` and `status` are the caller's. */
enum bp_err bp_consent_validate(const struct bp_consent_input *in, const struct bp_guardian *guardians,
                                size_t n_guardians, struct bp_date birth, struct bp_date today,
                                struct bp_consent *out, struct bp_field_errors *errs);

/* Checks a withdrawal of consent `c` on `today` and fills c's withdrawal fields when it holds. Fields
 * "withdrawal.by", "withdrawal.on", "withdrawal.note"; "not_active" (on "withdrawal.by") when the
 * consent is no longer active, "before_given" when the date is before the consent was given. */
enum bp_err bp_consent_withdrawal_check(struct bp_consent *c, const struct bp_withdrawal_input *in,
                                        struct bp_date today, struct bp_field_errors *errs);

/* V-2.8 (a change), docs/family-access.md consent.limit: a family member narrows active consent `old`: *out
 * is a copy with the typed scope, covers_preparation and renew_on. Narrower only: the professionals'
 * preparation (V-2.7) may be left out, never added; a renewal date may come earlier (from today on), never
 * later or away. The scope is required; its words are the family's (the professionals are told and read
 * it). Errors: "not_active" and "unchanged" on consent.scope, "not_narrower" on the field that would widen
 * it, "date" and "past" on consent.renew_on. */
enum bp_err bp_consent_limit(const struct bp_consent *old, const struct bp_consent_input *in,
                             struct bp_date today, struct bp_consent *out, struct bp_field_errors *errs);

/* consent.give (issue 10 item 4): whether every guardian of the child with custody is among confirmed[]
 * (V-2.1: both, in joint custody; a parent without custody never counts); false without a guardian with
 * custody. */
bool bp_consent_all_confirmed(const struct bp_guardian *guardians, size_t n, const int64_t *confirmed,
                              size_t n_confirmed);

/* Whether the consent is in force on `today`: active, given, and not past its renewal date. */
bool bp_consent_in_force(const struct bp_consent *c, struct bp_date today);

/* Whether organisation `org_id` may see the case's shared information on `today`: only under a
 * consent of its own that is in force (V-2.6, V-2.3). */
bool bp_consent_covers_org(const struct bp_consent *consents, size_t n, int64_t org_id, struct bp_date today);

/* Whether the professionals of `orgs` may prepare together (V-2.7, V-5.2): every one of them under a
 * consent in force that covers preparation. */
bool bp_consent_allows_preparation(const struct bp_consent *consents, size_t n, const int64_t *orgs,
                                   size_t n_orgs, struct bp_date today);

/* After a withdrawal: true when no consent of the case is in force any more, which proposes closing
 * the case (V-2.9, V-11.2). */
bool bp_consent_all_withdrawn(const struct bp_consent *consents, size_t n, struct bp_date today);

#endif
