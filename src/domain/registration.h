/* registration.h: the rules for registering a child with guardians and an initiative (a new case).
 * Pure: takes the raw strings of a form or a JSON body, returns the records to store or the list
 * of field errors. The web form and the API share it, so both give the same answers.
 * Requirements: V-1.1, V-1.2, V-1.3, V-0.8, V-1.4, K-0.8, K-1.1, K-1.2, K-1.3. */
#ifndef BP_REGISTRATION_H
#define BP_REGISTRATION_H
#include "util/arena.h"
#include "util/date.h"
#include "domain/model.h"
#include "domain/fields.h"
#include "util/limits.h"

#define BP_MAX_GUARDIANS_INPUT BP_MAX_GUARDIANS

/* The guardian's fields, in form and API order: X(name) for each, so that every reader of them
 * (the form, the JSON body) walks the same list. */
#define BP_GUARDIAN_FIELDS(X)                                                                                \
    X(name) X(id_number) X(custody) X(phone) X(email) X(address) X(interpreter_language)

struct bp_guardian_input {
#define BP_GUARDIAN_FIELD_DECL(k) const char *k;
    BP_GUARDIAN_FIELDS(BP_GUARDIAN_FIELD_DECL)
#undef BP_GUARDIAN_FIELD_DECL
    bool protected; /* skyddade personuppgifter (issue 10 item 10) */
};

struct bp_registration_input {
    /* child */
    const char *given_name, *family_name, *id_kind, *id_number, *birth_date, *language, *interpreter_language;
    bool needs_interpreter, picture_support;
    bool child_protected; /* skyddade personuppgifter (issue 10 item 10) */
    /* guardians: blocks whose fields are all empty are ignored */
    struct bp_guardian_input guardians[BP_MAX_GUARDIANS_INPUT];
    size_t n_guardians;
    /* initiative */
    const char *model, *route, *requested_by, *noticed_on, *reason, *org_id;
    const char *triggers[BP_TRIGGER_COUNT + 1];
    size_t n_triggers;
    bool insist_on_sip; /* the guardians insist on a SIP (K-0.8) */
};

struct bp_registration {
    struct bp_child child;
    struct bp_guardian guardians[BP_MAX_GUARDIANS_INPUT];
    size_t n_guardians;
    struct bp_case kase;
};

/* Validates `in` for `user` (whose memberships bound the initiating organisation) on `today`.
 * On success fills `out` (strings point into `a` or into `in`) and returns BP_OK; otherwise
 * BP_ERR_INVALID with every problem in `errs`. */
enum bp_err bp_registration_validate(struct bp_arena *a, const struct bp_registration_input *in,
                                     const struct bp_user *user, struct bp_date today,
                                     struct bp_registration *out, struct bp_field_errors *errs);

/* K-0.8: the guardians ask for a SIP after the registration. Only a Kronoberg case whose plan is not a SIP
 * yet ("sip.explained" "already_sip", BP_ERR_CONFLICT), and only once the professional has explained the
 * samverkansmöte's purpose and that Barnets plan has the same parts ("sip.explained" "required"). */
enum bp_err bp_sip_request_check(const struct bp_case *k, bool explained, struct bp_field_errors *errs);
/* Whether the guardians can still ask for a SIP in case k (a Kronoberg case whose plan is not one). */
bool bp_case_may_become_sip(const struct bp_case *k);

#endif
