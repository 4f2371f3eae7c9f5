/* app_impl.h: what the files of the app layer share: the audit entry filler and the case access
 * loader. Internal to src/app/. Must not grow use cases (those are declared in app.h). */
#ifndef BP_APP_IMPL_H
#define BP_APP_IMPL_H
#include "app/app.h"
#include "storage/store.h"
#include "domain/access.h"
#include "util/find.h"

void bp_app_audit_fill(struct bp_audit *e, const struct bp_actor *actor, const char *action,
                       const char *object);
/* Ends the caller's transaction (access.c): when rc is BP_OK adds the entry e and commits, else (or when the
 * entry fails) rolls it all back; returns the outcome. */
enum bp_err bp_app_commit_with(struct bp_store *s, enum bp_err rc, const struct bp_audit *e);

/* Begins a session for out->user (app.c), whichever way they logged in: audited "login" with detail. With an
 * arena a (a password login), the browser is remembered in the same transaction (bp_app_device_remember). */
enum bp_err bp_app_session_start(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                 const char *detail, struct bp_login_result *out);
/* An identity provider's login started from an invitation (app/staff.c, bp_uc_invite_oidc_start) whose
 * state hashes to state_hash: links (issuer, subject) to the invited account and uses the invitation up,
 * in one transaction with its audit entry; fills *user. BP_ERR_NOT_FOUND: no such login, or the
 * invitation no longer works. */
enum bp_err bp_app_invite_link_identity(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                        const char *state_hash, const char *issuer, const char *subject,
                                        struct bp_user *user);
/* A failed password (identity.c): counted against the account and the address (bp_login_throttled) and
 * put on record (e), in one transaction of its own. */
enum bp_err bp_app_login_failure(struct bp_store *s, const char *username, const struct bp_actor *actor,
                                 const struct bp_audit *e);
/* Whether the failures counted under `key` in the window (bp_login_throttled; under `address` instead when
 * it is not NULL) stop the next attempt: then *out is true and the refusal is on record ("login_failed",
 * "session", `detail`, not counted again) in a transaction of its own (identity.c; the family's codes and
 * the providers' callbacks). */
enum bp_err bp_app_login_throttled(struct bp_store *s, const struct bp_actor *actor, const char *key,
                                   const char *address, const char *detail, bool *out);
/* V6.1.1 (identity.c, the rule in auth/throttle.c): a password attempt at username (user_id, 0 for no such
 * account) from actor: whether it is throttled, and the row name of the browser's own failures when it
 * is known to the account. */
struct bp_password_attempt {
    bool throttled;
    const char *device_key; /* NULL: the browser is not known to the account */
};
enum bp_err bp_app_password_throttled(struct bp_store *s, struct bp_arena *a, const char *username,
                                      int64_t user_id, const struct bp_actor *actor,
                                      struct bp_password_attempt *out);
/* A wrong password: counted against the account and the address (and the known browser), put on record
 * (e), in one transaction of its own. */
enum bp_err bp_app_password_failure(struct bp_store *s, const char *username, const struct bp_actor *actor,
                                    const struct bp_password_attempt *at, const struct bp_audit *e);
/* After a password login, inside the login's own transaction (bp_app_session_start's, so that the session,
 * its audit entry and the known browser are written together or not at all): the browser known to user_id
 * from now on; token is its bp_device cookie (the browser's own when it had a well-formed one, else new). */
enum bp_err bp_app_device_remember(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                   int64_t user_id, char token[static BP_TOKEN_LEN + 1]);
/* V-8a.2: the logged-in user confirms who they are again (identity.c; today their password). BP_OK, or
 * BP_ERR_INVALID with `field`'s error, the failure counted and audited like a failed login. */
enum bp_err bp_app_confirm_identity(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                    const char *password, const char *field, struct bp_field_errors *errs);

/* Which organisations' aggregates the actor may read (V-12.4; app/survey.c): every one for regional staff
 * and administrators (*region), else those the actor heads (the manager role). BP_ERR_FORBIDDEN: none. */
enum bp_err bp_app_stats_scope(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                               bool *region, struct bp_org **orgs, size_t *n_orgs);
/* The opening of a read of aggregates (V-12.4): *audit filled as the read of `object`, no user
 * BP_ERR_UNAUTHENTICATED, no scope BP_ERR_FORBIDDEN with the entry "denied" "not_manager"; else the scope. */
enum bp_err bp_app_stats_open(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                              const char *object, struct bp_audit *audit, bool *region, struct bp_org **orgs,
                              size_t *n_orgs);

/* A case with what the access rule needs, and the rule's decision for the actor. */
struct bp_case_access {
    struct bp_case kase;
    int64_t *orgs; /* taking part: the initiating organisation and every one with a consent (any status) */
    bool *asked;   /* parallel to orgs: asked to take part (V-2.6) */
    size_t n_orgs;
    int64_t *asked_only; /* V-2.6: asked to take part, no consent recorded yet: not taking part */
    size_t n_asked_only;
    int64_t *all_orgs; /* every organisation of the case (both of the above), for the access rule */
    bool *all_asked;
    size_t n_all_orgs;
    struct bp_org *all_named; /* all_orgs with their names (bp_app_case_load only; else NULL) */
    struct bp_consent *consents;
    size_t n_consents;
    struct bp_access_decision d;
};

/* Protected identity (app/protection.c, issue 10 item 10). The child and the guardians of the loaded case for
 * a view: a protected person's phone, e-mail and address are "" (and contact_withheld set) unless the
 * reader sees the case through the initiating organisation (bp_protected_details_shown). */
enum bp_err bp_app_family_load(struct bp_store *s, struct bp_arena *a, const struct bp_case_access *ca,
                               struct bp_child *child, struct bp_guardian **g, size_t *n);
void bp_app_withhold_contacts(const struct bp_case_access *ca, const struct bp_child *child,
                              struct bp_guardian *g, size_t n);
/* A guardian invitee's e-mail is the guardian's: "" where the guardian's contact is withheld. */
void bp_app_withhold_invitees(const struct bp_guardian *g, size_t n, struct bp_invitee *inv, size_t n_inv);

/* Loads case_id with its organisations and consent ledger, deciding nothing (out->d stays empty): for the
 * background jobs, which act for no person. BP_ERR_NOT_FOUND: no such case. */
enum bp_err bp_app_case_load(struct bp_store *s, struct bp_arena *a, int64_t case_id,
                             struct bp_case_access *out);
/* What bp_app_case_load does after reading: orgs and asked_only from all_orgs and the consents (V-2.6). */
void bp_app_case_split(struct bp_arena *a, struct bp_case_access *ca);
/* The organisations taking part in the case bp_app_case_load loaded, with their names (read with it). */
enum bp_err bp_app_case_org_names(struct bp_arena *a, const struct bp_case_access *ca, struct bp_org **out,
                                  size_t *n);
/* The same picked from all[0..n_all), the case's organisations by id (ca->all_named);
 * BP_ERR_NOT_FOUND when one is not there. */
enum bp_err bp_app_case_orgs_named(struct bp_arena *a, const struct bp_case_access *ca,
                                   const struct bp_org *all, size_t n_all, struct bp_org **out, size_t *n);
/* The organisation id in orgs[0..n), sorted by id; NULL: not there. */
const struct bp_org *bp_app_org_find(const struct bp_org *orgs, size_t n, int64_t id);
/* The name of the case's organisation id as bp_app_case_load read it (ca->all_named); "" when it is not
 * among them or they were not read. */
const char *bp_app_case_org_name(const struct bp_case_access *ca, int64_t id);
/* Loads case_id and decides the actor's access (domain/access.c). Fills *audit's case, child and org,
 * and on a denial its action "denied" and detail (the reason). BP_ERR_NOT_FOUND: no such case;
 * BP_ERR_FORBIDDEN: less than `need` (BP_ACCESS_ASKED, BP_ACCESS_INTAKE or BP_ACCESS_FULL). */
/* The access facts of a loaded case on `today`. */
struct bp_case_access_facts bp_app_access_facts(const struct bp_case_access *ca, struct bp_date today);
enum bp_err bp_app_case_access(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                               int64_t case_id, enum bp_access need, struct bp_case_access *out,
                               struct bp_audit *audit);
/* The same for a read by the actor: *audit becomes the read's entry on `object` (or the refusal's), which
 * the caller hands back to be committed; no user is BP_ERR_UNAUTHENTICATED. */
/* The copies ledger of the case (app/plan_copy.c) into out->copies and out->downloads. */
enum bp_err bp_app_plan_copies(struct bp_store *s, struct bp_arena *a, const struct bp_case *kase,
                               struct bp_plan_view *out);
enum bp_err bp_app_case_read(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                             int64_t case_id, const char *object, enum bp_access need,
                             struct bp_case_access *out, struct bp_audit *audit);

/* Tells everyone involved in the case (bp_case_involved_users: its people, and every member of
 * organisation org_id, which the change concerns) but the actor that `kind` happened: one notification in the
 * app and one e-mail each, queued in the outbox, inside the caller's transaction, so that a committed change
 * is never without its message (V-2.8). The e-mail carries no personal data: a neutral subject and a link
 * behind login. */
enum bp_err bp_app_notify_involved(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                   int64_t case_id, int64_t org_id, const char *kind);

/* Tells each professional of people[] but the actor that `kind` happened: a notification in the app and an
 * e-mail without personal data (a neutral text and a link behind login), in the caller's transaction. */
enum bp_err bp_app_notify_users(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                int64_t case_id, int64_t org_id, const char *kind,
                                const struct bp_user *people, size_t n);

/* The work list's snapshot of a case (app/tasks.c): the parts the access check loaded, then the rest
 * (preparations, meetings, the plan) read from the store, only under full access (V-2.3). */
void bp_app_snapshot_base(struct bp_case_snapshot *snap, const struct bp_case_access *ca,
                          const struct bp_guardian *g, size_t ng);
enum bp_err bp_app_snapshot_rest(struct bp_store *s, struct bp_arena *a, const struct bp_case_access *ca,
                                 struct bp_case_snapshot *snap);
/* bp_app_snapshot_rest in its two rounds of reads (issue 12 item 3), for a caller that adds reads of its
 * own to the first: _queue queues the first round in the caller's batch (bp_store_batch_begin);
 * after bp_store_batch_end, _finish reads the second round (in a batch of its own) and fills snap. r lives
 * as long as snap (it holds the preparation and the plan that snap points to). */
struct bp_snapshot_reads {
    struct bp_child_prep_record child_prep; /* id 0: none */
    struct bp_guardian_prep_record *guardian_preps;
    size_t n_guardian_preps;
    struct bp_meeting *meetings;
    size_t n_meetings;
    struct bp_plan plan; /* id 0: no plan yet */
    struct bp_pending_decision *decisions;
    size_t n_decisions;
};
enum bp_err bp_app_snapshot_queue(struct bp_store *s, struct bp_arena *a, const struct bp_case_access *ca,
                                  struct bp_snapshot_reads *r);
enum bp_err bp_app_snapshot_finish(struct bp_store *s, struct bp_arena *a, const struct bp_case_access *ca,
                                   const struct bp_snapshot_reads *r, struct bp_case_snapshot *snap);
/* Both: the guardians, then the rest (what the work list needs to know about one case). */
enum bp_err bp_app_load_snapshot(struct bp_store *s, struct bp_arena *a, const struct bp_case_access *ca,
                                 struct bp_case_snapshot *snap);
/* Issue 12 item 2: for the cases ids[0..n) (distinct) at once, what bp_app_case_access (need
 * BP_ACCESS_ASKED, no audit entry) and then bp_app_load_snapshot give for each, read with a few queries
 * per table whatever n is. ok[i]: the actor sees case ids[i] and snaps[i] is its snapshot; false where
 * the one-case check answers BP_ERR_NOT_FOUND or BP_ERR_FORBIDDEN. */
enum bp_err bp_app_load_snapshots(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                  const int64_t *ids, size_t n, struct bp_case_snapshot *snaps, bool *ok);
/* The same for the scheduler: every case read whole (full access, no actor); ok[i] false: no such case. */
enum bp_err bp_app_load_snapshots_whole(struct bp_store *s, struct bp_arena *a, const int64_t *ids, size_t n,
                                        struct bp_case_snapshot *snaps, bool *ok);
/* The snapshot's plan's coordinators yet to accept (V-10.7; queries only for a draft after version 1). */
enum bp_err bp_app_snapshot_coordination(struct bp_store *s, struct bp_arena *a,
                                         struct bp_case_snapshot *snap);
/* Tells the administrators people[] that `kind` happened, with no case: a notification in the app and an
 * e-mail with its neutral text and a link to `path` behind login (app/notify.c; the audit alerts). */
enum bp_err bp_app_notify_admins(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                 const char *kind, const char *path, const struct bp_user *people, size_t n);
/* Queues a neutral e-mail of kind `kind` to someone who cannot log in (a guardian), with a link to
 * `path` on the public address; in the caller's transaction (app/notify.c). */
enum bp_err bp_app_mail_family_link(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                    int64_t case_id, const char *email, const char *kind, const char *path);
/* As bp_app_mail_family_link, with a single-use code: the link is `path#kod=<code>` (the code after '#',
 * never in the path or query: V14.2.1), and the text says to type the code at `path` (app/notify.c). */
enum bp_err bp_app_mail_code(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                             int64_t case_id, const char *email, const char *kind, const char *path,
                             const char *code);

/* ---- the plan ---- */
/* V-10.6: the next draft version after `from` (a copy of its shared fields, of plan kind `kind`), not stored;
 * bp_app_plan_store_copy stores it (sets next->id) with copies of `parts`, leaving out each intervention
 * whose review in reviews[] does not carry it over (app/plan.c). In the caller's transaction. */
struct bp_plan bp_app_plan_next(const struct bp_plan *from, const char *kind);
enum bp_err bp_app_plan_store_copy(struct bp_store *s, struct bp_arena *a, struct bp_plan *next,
                                   const struct bp_plan_parts *parts, const struct bp_review *reviews,
                                   size_t n_reviews, int64_t now);
/* ---- end of the plan ---- */

/* The preparations for the coming meeting (app/tasks.c): the child's (*child NULL when not started)
 * and the guardians' (V-3.x, V-4.1, V-4.2), for the work list and the invitation's V-4.3 check. */
enum bp_err bp_app_load_preps(struct bp_store *s, struct bp_arena *a, int64_t case_id,
                              const struct bp_child_prep **child, const struct bp_guardian_prep **guardians,
                              size_t *n_guardians);

/* V-8a.5: tells those who attended meeting meeting_id: who called, chaired and documented it, and the
 * invitees present (or through a substitute). Professionals in the app and by e-mail (kind), the family
 * and other adults by an e-mail without link or personal data (family_kind). *told counts them. */
enum bp_err bp_app_notify_attendees(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                    int64_t case_id, int64_t meeting_id, const char *kind,
                                    const char *family_kind, size_t *told);

/* V-11.3: tells everyone involved in the case, and every member of each organisation in orgs[], once each
 * (not the actor): in the app and by e-mail with a link behind login (kind). */
enum bp_err bp_app_notify_case_orgs(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                    int64_t case_id, const int64_t *orgs, size_t n_orgs, const char *kind);
/* V-11.4: an e-mail to each guardian with custody with an address (never a parent without, R5): kind's
 * neutral text, then `more` (the installation's text, never personal data), without a link (they cannot log
 * in). *told counts them. */
enum bp_err bp_app_tell_family(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                               int64_t case_id, const struct bp_guardian *guardians, size_t n,
                               const char *kind, const char *more, size_t *told);

/* ---- the unit of work (app/unit.c): every write use case on a case ----
 *
 *     struct bp_unit u;
 *     if ((rc = bp_unit_open(&u, s, a, actor, case_id, "update", "meeting", BP_ACCESS_FULL)) != BP_OK)
 *         return rc;                    // refused (already on record), not found, or a storage error
 *     ...validate from u.ca, fill errs; return BP_ERR_INVALID without writing...
 *     if ((rc = bp_unit_begin(&u)) != BP_OK)
 *         return rc;
 *     rc = bp_meeting_update(s, &m);    // the writes themselves
 *     bp_unit_event(&u, org, "meeting_changed", NULL);
 *     return bp_unit_finish(&u, rc);   // events, notifications, audit entry, commit; or roll back
 */
struct bp_unit_effect {
    bool notify; /* false: a timeline event; true: everyone involved is told (bp_app_notify_involved) */
    int64_t org_id;
    const char *kind;
    const char *note; /* the event's note (NULL: none); never what someone said */
};
struct bp_unit {
    struct bp_store *s;
    struct bp_arena *a;
    const struct bp_actor *actor;
    struct bp_case_access ca; /* the case as the access check loaded it */
    struct bp_audit audit;    /* the write's entry: action and object from bp_unit_open, detail free to set */
    bool opened; /* the case was opened for the actor: a refusal from here on is this unit's to record */
    bool begun;
    struct bp_unit_effect *effects;
    size_t n_effects, cap;
};
/* Opens case_id for a write by the actor under the access rule (need). A refusal or a missing case is
 * audited at once and returned (BP_ERR_FORBIDDEN, BP_ERR_NOT_FOUND); so is BP_ERR_UNAUTHENTICATED. */
enum bp_err bp_unit_open(struct bp_unit *u, struct bp_store *s, struct bp_arena *a,
                         const struct bp_actor *actor, int64_t case_id, const char *action,
                         const char *object, enum bp_access need);
/* bp_unit_open for a change to an open case: errs is emptied first, and a closed case is BP_ERR_CONFLICT
 * with "case_closed" on `field` (bp_unit_case_open). With field NULL a closed case opens too: the caller
 * checks it later (after what must be found first), or the change is allowed on a closed case. */
enum bp_err bp_unit_open_change(struct bp_unit *u, struct bp_store *s, struct bp_arena *a,
                                const struct bp_actor *actor, int64_t case_id, const char *action,
                                const char *object, enum bp_access need, struct bp_field_errors *errs,
                                const char *field);
/* The same for a family member's write (app/family.c, issue 10): the member's child's case, and an action the
 * table (docs/family-access.md) gives the member's role (`item`, an enum bp_family_item, as `change`); a
 * refusal is audited at once: another child's case BP_ERR_NOT_FOUND, an action not theirs BP_ERR_FORBIDDEN.
 * *v is the member's view of the case (bp_uc_family_case's, before its content is loaded); u->ca the case
 * with its organisations and consents. The audit entry's detail names the role. */
enum bp_err bp_unit_open_family(struct bp_unit *u, struct bp_store *s, struct bp_arena *a,
                                const struct bp_actor *actor, int64_t case_id, const char *action,
                                const char *object, int item, struct bp_family_case_view *v);
/* bp_unit_open_family for a change to an open case, as bp_unit_open_change: errs emptied first, a closed
 * case BP_ERR_CONFLICT with "case_closed" on `field`. */
enum bp_err bp_unit_open_family_change(struct bp_unit *u, struct bp_store *s, struct bp_arena *a,
                                       const struct bp_actor *actor, int64_t case_id, const char *action,
                                       const char *object, int item, struct bp_family_case_view *v,
                                       struct bp_field_errors *errs, const char *field);
/* Opens the member's child's case for a read (app/family.c): who they are and what they see (v->who), the
 * case, the child and the guardians unfiltered; a case of another child is BP_ERR_NOT_FOUND with *audit
 * the refusal's entry, which the caller commits. */
enum bp_err bp_app_family_open(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                               int64_t case_id, const char *what, struct bp_family_case_view *out,
                               struct bp_audit *audit);
/* The row a family login's failure is counted under (per client address, apart from the staff's); the
 * family's code login and its provider's login share it. */
const char *bp_app_family_failure_key(struct bp_arena *a, const struct bp_actor *actor);
/* Issue 10 item 1: the people a verified personnummer is in Barnplan (app/family.c): one who may log in gets
 * a session in out (detail "family_oidc"); several get a choice each (see bp_uc_family_oidc_callback).
 * BP_ERR_NOT_FOUND: nobody who may log in (pnr NULL or no personnummer). */
enum bp_err bp_app_family_by_pnr(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                 const char *pnr, struct bp_login_result *out,
                                 struct bp_family_choice **choices, size_t *n);
/* bp_uc_family_login with the login's audit detail `how` (NULL: by the code's kind). */
enum bp_err bp_app_family_login_as(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                   const char *typed, const char *how, struct bp_login_result *out);
/* The family member's child's birth date (app/family_events.c; the member's role was worked out from it, so
 * it parses). */
struct bp_date bp_app_child_birth(const struct bp_child *child);
/* Rule R2 (app/family_events.c): whether the member is the child from 12 to 17, who chooses whether the
 * guardians read their own words (the tick "Visa för mina vårdnadshavare"). */
bool bp_app_family_may_share(const struct bp_family_case_view *v, struct bp_date today);
/* The member's plan (app/family.c): every finished version they may read and the one in force with its parts,
 * as their role may see them; *newest the case's newest version number (a draft's too). Version `version`
 * instead (bp_app_family_version), filtered alike. */
enum bp_err bp_app_family_plan(struct bp_store *s, struct bp_arena *a, struct bp_family_case_view *out,
                               int *newest);
enum bp_err bp_app_family_version(struct bp_store *s, struct bp_arena *a, struct bp_family_case_view *out,
                                  int version);
/* Whether the case is open; when not, `field` gets "case_closed" (the caller answers BP_ERR_CONFLICT). */
bool bp_unit_case_open(const struct bp_unit *u, struct bp_field_errors *errs, const char *field);
/* Begins the transaction the writes, the effects and the audit entry share. */
enum bp_err bp_unit_begin(struct bp_unit *u);
/* A timeline event (kind, for organisation org_id, with a note or NULL) and "tell everyone involved"
 * (bp_app_notify_involved), written by bp_unit_finish in the order they were asked for. */
void bp_unit_event(struct bp_unit *u, int64_t org_id, const char *kind, const char *note);
void bp_unit_notify(struct bp_unit *u, int64_t org_id, const char *kind);
/* When rc is BP_OK: writes the effects and the audit entry and commits; otherwise (or when any of that
 * fails) rolls back. Returns the outcome. Without bp_unit_begin it only returns rc. Either way the unit
 * may begin again (the effects are gone). */
enum bp_err bp_unit_finish(struct bp_unit *u, enum bp_err rc);
/* Closing a case (app/closure.c): cancels each of its planned meetings in the unit's transaction, as
 * bp_uc_meeting_cancel does (the invitees of a sent invitation get the calendar's CANCEL; app/meeting.c). */
enum bp_err bp_app_cancel_planned_meetings(struct bp_unit *u);
/* Rolls back what the unit began and commits its audit entry alone as a refusal (action "denied", the
 * detail); the commit's result. At most one refusal per unit: the unit is no longer open after it. */
enum bp_err bp_unit_refuse(struct bp_unit *u, const char *detail);
/* The result rc of looking up an object under the opened case (a meeting, a consent, an intervention...):
 * BP_ERR_NOT_FOUND, a missing object or another case's, is answered like a missing case and is on record
 * like one (detail "not_found"; issue 11 item 1), with anything begun rolled back; any other rc is returned
 * as it is. Never BP_OK for an rc that is not (inline, so that the analyser sees it). bp_unit_finish does the
 * same for a BP_ERR_NOT_FOUND it is handed. */
static inline enum bp_err bp_unit_lookup(struct bp_unit *u, enum bp_err rc)
{
    enum bp_err arc;
    if (rc != BP_ERR_NOT_FOUND || !u->opened)
        return rc;
    arc = bp_unit_refuse(u, "not_found");
    return arc != BP_OK ? arc : rc;
}
/* A rule of the process refused the write after the unit began (V-8a.4: another organisation's
 * intervention): rolls back and puts the attempt on record as "denied" with detail. BP_ERR_FORBIDDEN. */
enum bp_err bp_unit_deny(struct bp_unit *u, const char *detail);

/* V-2.8, V-2.9: withdraws consent k of the opened unit u, whoever withdraws it (a professional recording it,
 * app/consent.c; the family online, app/family_consent.c): the check (bp_consent_withdrawal_check: errs,
 * BP_ERR_INVALID), then the withdrawal, the organisation no longer asked, the timeline event, everyone
 * involved told at once, and closing proposed when no consent is left in force; bp_unit_finish. */
enum bp_err bp_app_consent_withdraw(struct bp_unit *u, struct bp_consent *k,
                                    const struct bp_withdrawal_input *in, struct bp_withdrawal_result *res,
                                    struct bp_field_errors *errs);

/* Stores an uploaded scan for owner_id (a consent, or a signature recorded from paper; `owner` names it
 * in the audit entry's detail, "consent 12") in the opened unit u: the file rules (domain/scan.c) first
 * (BP_ERR_INVALID with "scan.file" "file_required", "file_too_large" or "file_type"), then the scan
 * (`add`), the timeline event `event` for org_id and the audit entry in one transaction; the scan's id in
 * *scan_id. In consent_scan.c. */
enum bp_err bp_app_scan_attach(struct bp_unit *u, const struct bp_scan_input *in, const char *owner,
                               int64_t owner_id,
                               enum bp_err (*add)(struct bp_store *, struct bp_consent_scan *),
                               int64_t org_id, const char *event, int64_t *scan_id,
                               struct bp_field_errors *errs);

/* V-12.2: offers the survey to the child and each guardian of the unit's case, in its transaction (a
 * finished plan, a follow-up; a closure only when the installation says so, bp_app_set_survey_at_closure).
 * A guardian with an e-mail address gets the link at once; the child and the others get a letter the
 * professional prints from the case (/cases/{id}/survey). The follow-up and the closure call this too. */
enum bp_err bp_app_survey_offer(struct bp_unit *u, enum bp_survey_occasion occasion, int plan_version);

/* Adds an account (in->password already hashed into password_hash) and its memberships in the caller's
 * transaction, without an audit entry (app/admin.c; the demo's accounts use it directly). */
enum bp_err bp_app_user_insert(struct bp_store *s, const struct bp_user_input *in, const char *password_hash,
                               int64_t *user_id);

/* Adds one timeline event in the caller's transaction. */
enum bp_err bp_app_event(struct bp_store *s, const struct bp_actor *actor, int64_t case_id, int64_t org_id,
                         const char *kind, const char *note);

/* V-10.6: sets p->content to the version's canonical JSON (p and its parts, from the field tables) and
 * p->content_sha256 to its SHA-256 in hex (app/plan_content.c). */
enum bp_err bp_app_plan_content(struct bp_arena *a, struct bp_plan *p, const struct bp_plan_parts *parts);

/* The meetings of an opened family view (page.meeting), as bp_uc_family_case loads them (app/family.c). */
enum bp_err bp_app_family_meetings(struct bp_store *s, struct bp_arena *a, struct bp_date today,
                                   struct bp_family_case_view *v);
/* family.todo's parts (app/family_todo.c): the member's own preparation open and not answered online yet
 * (app/family_prep.c); an organisation's request waiting for this guardian's consent, and a consent in force
 * waiting for the young person's own answer (app/family_consent.c). */
enum bp_err bp_app_family_prep_waiting(struct bp_store *s, struct bp_arena *a, struct bp_date today,
                                       const struct bp_family_case_view *c, bool *waiting);
enum bp_err bp_app_family_consent_waiting(struct bp_store *s, struct bp_arena *a,
                                          const struct bp_actor *actor, const struct bp_family_case_view *v,
                                          bool *confirm, bool *answer);

#endif
