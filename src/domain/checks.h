/* checks.h: the input checks the forms of process steps 3-8 share (preparation, meeting, plan): dates,
 * codes from a table, ids, clock times and https links. Each adds its field error and says whether the
 * value can be used. Pure: no I/O, no clock ("today" is always a parameter). Must not hold rules of
 * the process: those live in the module of their step. */
#ifndef BP_CHECKS_H
#define BP_CHECKS_H
#include "util/date.h"
#include "util/find.h"
#include "domain/fields.h"
#include "domain/model.h"
#include "domain/records.h" /* bp_staff_member */

/* The day number of a date (days since 1970-01-01), for comparing calendar dates. */
int64_t bp_day(struct bp_date d);
/* The date `days` calendar days after (or before, when negative) `d`. */
struct bp_date bp_date_add(struct bp_date d, int64_t days);

/* A "YYYY-MM-DD" date. Empty: "required" when required, else nothing. Junk: "date". Later than
 * *not_after (when not NULL): "future". Returns true when *out holds a valid date that passed. */
bool bp_check_date(struct bp_field_errors *e, const char *field, const char *v, bool required,
                   const struct bp_date *not_after, struct bp_date *out);

/* A code of `codes` (n entries). Empty: `def`, or "required" when def < 0. Unknown: "choice".
 * Returns the index, or -1 when it failed. */
int bp_check_code(struct bp_field_errors *e, const char *field, const char *v, const char *const *codes,
                  size_t n, int def);

/* A record id (a positive integer). Empty: 0, with "required" when required. Junk: "choice". */
int64_t bp_check_id(struct bp_field_errors *e, const char *field, const char *v, bool required);

/* The ids of a list as typed (empty items skipped, repeats kept once), each one of known[], into out (at
 * most cap); false, and `code` on `field`, at the first that is not. */
bool bp_check_ids_among(const char *const *typed, size_t n, const int64_t *known, size_t n_known,
                        int64_t *out, size_t *n_out, size_t cap, const char *field, const char *code,
                        struct bp_field_errors *errs);

/* "HH:MM" from 00:00 to 23:59 into minutes after midnight; false otherwise. */
bool bp_clock_parse(const char *s, int *minutes);

/* A link to a video meeting (V-3.16): "https://host/..." with a host and no user part, spaces, quotes
 * or angle brackets, at most BP_MAX_URL characters. Codes: "required", "too_long", "invalid", "url"
 * (not a link), "https" (a link, but not https). */
bool bp_check_https_url(struct bp_field_errors *e, const char *field, const char *v, bool required);

/* A guardian's id (bp_check_id, required) into *id, naming one of `guardians` ("not_guardian" when it names
 * none). Returns that guardian, or NULL when the id was empty, junk or not one of them. */
const struct bp_guardian *bp_check_guardian(struct bp_field_errors *e, const char *field, const char *v,
                                            const struct bp_guardian *guardians, size_t n, int64_t *id);
/* The guardian with this id among `guardians`, or NULL. */
const struct bp_guardian *bp_guardian_find(const struct bp_guardian *guardians, size_t n, int64_t id);
/* The same, only when that guardian has custody (bp_has_custody): never a parent without custody. */
const struct bp_guardian *bp_custodian_find(const struct bp_guardian *guardians, size_t n, int64_t id);
/* How many of `guardians` have custody. */
size_t bp_custodians_count(const struct bp_guardian *guardians, size_t n);
/* Whether the user (logged in, not disabled) is a member of organisation `org_id`; when acting_org_id is
 * not 0 the user acts for that organisation only, so it must be the same organisation. */
bool bp_user_acts_for(const struct bp_user *user, int64_t acting_org_id, int64_t org_id);
/* Whether the user manages organisation org_id's staff (issue 10 item 9): the installation's administrator
 * (users.is_admin) for every organisation, an organisation's administrator (role org_admin) for its own. */
bool bp_user_administers_org(const struct bp_user *user, int64_t org_id);
/* The first organisation the user is an administrator of (role org_admin), or 0. */
int64_t bp_user_first_admin_org(const struct bp_user *user);
/* Issue 10 item 9: whether a change to member `target_id` of an organisation (its staff: members[n]) by user
 * `actor_id` would leave it without an administrator of its own: the actor is the target, an administrator
 * (role org_admin) there, not one after the change (stays_admin false: demoted or removed), and no other
 * member that is not disabled is one. The last administrator cannot remove or demote themselves. */
bool bp_staff_change_leaves_no_admin(const struct bp_staff_member *members, size_t n, int64_t actor_id,
                                     int64_t target_id, bool stays_admin);

#endif
