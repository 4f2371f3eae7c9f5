/* protection.h: protected identity (skyddade personuppgifter, issue 10 item 10; docs/family-access.md
 * section 6, docs/architecture.md "Protected identity"). A child or a guardian can be marked protected, with
 * whom the person is protected from (some of the child's guardians). Pure: no I/O, no clock.
 *
 * The rule for professionals: a protected person's address, phone and e-mail are shown only to the case's
 * initiating organisation, the one that registered them; every other organisation sees "Skyddade
 * personuppgifter: kontakta <initiating organisation>" instead, and the API leaves the fields out. A
 * protected child lives with the guardians it is not protected from, so their contact details are withheld
 * too. E-mails, calendar files, PDFs and log lines never carry them for anyone. */
#ifndef BP_PROTECTION_H
#define BP_PROTECTION_H
#include "domain/model.h"
#include "domain/fields.h"

/* The form's and the API's record (domain/forms_case.c, bp_record_protection): who is protected, from whom.
 * Every protected guardian is protected from each of guardians_from but themselves. */
struct bp_protection_input {
    bool child;
    const char *child_from[BP_MAX_GUARDIANS];
    size_t n_child_from;
    const char *guardians[BP_MAX_GUARDIANS];
    size_t n_guardians;
    const char *guardians_from[BP_MAX_GUARDIANS];
    size_t n_guardians_from;
};
struct bp_protection {
    bool child;
    int64_t child_from[BP_MAX_GUARDIANS];
    size_t n_child_from;
    int64_t guardians[BP_MAX_GUARDIANS];
    size_t n_guardians;
    int64_t guardians_from[BP_MAX_GUARDIANS];
    size_t n_guardians_from;
};

/* The record as the form shows it, from the stored child and guardians. */
void bp_protection_of(const struct bp_child *child, const struct bp_guardian *guardians, size_t n,
                      struct bp_protection *out);
/* Checks the input against the child's guardians: every id one of them ("not_guardian" on the list's path,
 * "protection.child_from" ...); a guardian protected from nobody but themselves is "self" on
 * "protection.guardians_from"; a "from" list without anyone protected is ignored. BP_ERR_INVALID with the
 * errors, or BP_OK and *out. */
enum bp_err bp_protection_validate(const struct bp_protection_input *in, const struct bp_guardian *guardians,
                                   size_t n, struct bp_protection *out, struct bp_field_errors *errs);
/* Writes the record into the stored child and guardians (protected, protected_from). */
void bp_protection_apply(const struct bp_protection *p, struct bp_child *child, struct bp_guardian *guardians,
                         size_t n);
/* Registration: a guardian marked protected is protected from every other guardian registered with them. */
void bp_protection_from_others(struct bp_guardian *guardians, size_t n);
/* Whether the child or any guardian is protected (the marker on the pages). */
bool bp_protected_any(const struct bp_child *child, const struct bp_guardian *guardians, size_t n);

/* For the family pages: whether guardian `guardian_id` is someone the child or another guardian is
 * protected from. Such a guardian sees none of the `hide` items of docs/family-access.md and never the
 * marker. */
bool bp_protected_from(const struct bp_child *child, const struct bp_guardian *guardians, size_t n,
                       int64_t guardian_id);
/* Whether guardian g's address, phone and e-mail are protected: g is protected, or the child is and g is
 * not one the child is protected from (the child lives with them). */
bool bp_protected_contact(const struct bp_child *child, const struct bp_guardian *g);
/* Whether a reader who sees the case through organisation via_org_id sees protected contact details: only
 * the initiating organisation (the one that registered them). */
bool bp_protected_details_shown(const struct bp_case *k, int64_t via_org_id);

/* The stored form of a "from" list: ids separated by single spaces ("" for none). Parsing skips anything
 * that is not a positive id and keeps at most BP_MAX_GUARDIANS. */
void bp_protected_ids_format(const int64_t *ids, size_t n, char *out, size_t cap);
size_t bp_protected_ids_parse(const char *s, int64_t *out);
#define BP_PROTECTED_IDS_TEXT (BP_MAX_GUARDIANS * 21)

#endif
