/* closure.h: closing a case and opening it again (V-11.1-V-11.4, V-2.9). Pure: no I/O, no clock. A case
 * closes for one of three reasons: the goals of coordination are reached or coordination is no longer
 * needed, both a joint decision of the child, the guardians and the organisations, where who agreed is
 * recorded (V-11.1); or the child and the guardians withdrew their consent (V-11.2), which the ledger has
 * only proposed (V-2.9) until the case's coordinator or initiator closes it. A closed case is read-only
 * (app/unit.c's bp_unit_case_open); it opens again with a reason. app/closure.c stores and audits. */
#ifndef BP_CLOSURE_H
#define BP_CLOSURE_H
#include "domain/model.h"
#include "domain/fields.h"
#include "util/limits.h"
#include "util/date.h"

enum bp_closure_reason {
    BP_CLOSURE_GOALS_REACHED,     /* målen uppnådda (V-11.1) */
    BP_CLOSURE_NOT_NEEDED,        /* samordning behövs inte längre (V-11.1) */
    BP_CLOSURE_CONSENT_WITHDRAWN, /* samtycket återkallat (V-11.2, V-2.9) */
    BP_CLOSURE_REASON_COUNT
};
extern const char *const bp_closure_reason_codes[BP_CLOSURE_REASON_COUNT];

/* The closure form as typed ("closure.reason", "closure.agreed_child", "closure.agreed_guardians",
 * "closure.agreed_orgs", "closure.note"). */
struct bp_closure_input {
    const char *reason;
    bool agreed_child;
    const char *agreed_guardians[BP_MAX_GUARDIANS];
    size_t n_agreed_guardians;
    const char *agreed_orgs[BP_MAX_CASE_ORGS];
    size_t n_agreed_orgs;
    const char *note;
};

/* The reopening form ("reopen.reason": why the case opens again). */
struct bp_reopen_input {
    const char *reason;
};

/* A new case for the child of a closed case, linking back to it ("new_case.noticed_on": the day the new
 * need was noticed; "new_case.reason": why coordination is needed again). */
struct bp_follow_on_input {
    const char *noticed_on, *reason;
};

/* A closure or a reopening, as stored. */
struct bp_closure {
    int64_t id, case_id;
    bool reopen;                   /* a reopening (note: its reason); otherwise a closure */
    enum bp_closure_reason reason; /* a closure's */
    bool agreed_child;             /* V-11.1 */
    int64_t agreed_guardians[BP_MAX_GUARDIANS];
    size_t n_agreed_guardians;
    int64_t agreed_orgs[BP_MAX_CASE_ORGS];
    size_t n_agreed_orgs;
    const char *note;
    int64_t user_id, org_id, at;
    const char *user_name, *org_name; /* filled by reads */
    int64_t next_case_id;             /* filled by reads: the new case for the child that links back; 0 */
};

/* Whether the reason is a joint decision where who agreed is recorded (V-11.1). */
bool bp_closure_is_joint(enum bp_closure_reason r);

/* Checks a closure of case k (its guardians and organisations taking part) and fills *out's reason, who
 * agreed and note. errs: "closure.reason" required, choice, not_proposed (consent withdrawn, but the
 * ledger has not proposed the closure: a consent is still in force); "closure.agreed_orgs" nobody_agreed
 * (a joint decision with nobody recorded as agreeing); "closure.agreed_guardians" not_guardian;
 * "closure.agreed_orgs" not_participant; "closure.note" too long or not text. BP_ERR_INVALID on any. */
enum bp_err bp_closure_check(const struct bp_case *k, const struct bp_guardian *guardians, size_t n_guardians,
                             const int64_t *orgs, size_t n_orgs, const struct bp_closure_input *in,
                             struct bp_closure *out, struct bp_field_errors *errs);

/* Checks a reopening: "reopen.reason" required and text. */
enum bp_err bp_reopen_check(const struct bp_reopen_input *in, struct bp_closure *out,
                            struct bp_field_errors *errs);

/* Checks a new case for the child (today: the actor's date): "new_case.noticed_on" required, date, future;
 * "new_case.reason" required and text. *noticed receives the date. */
enum bp_err bp_follow_on_check(const struct bp_follow_on_input *in, struct bp_date today,
                               struct bp_date *noticed, struct bp_field_errors *errs);

#endif
