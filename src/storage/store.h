/* store.h: the one storage interface. Every query Barnplan makes is a named operation here; all SQL
 * lives under src/storage/. Two real backends sit behind it (SQLite and PostgreSQL, see driver.h),
 * chosen by the URL given to bp_store_open: "sqlite:PATH" or "postgres://...".
 *
 * Conventions:
 *  - Every function returns BP_OK or an error (BP_ERR_NOT_FOUND, BP_ERR_CONFLICT for a unique
 *    violation, BP_ERR_STORAGE for anything the database refused).
 *  - Records read are allocated from the caller's arena, strings included; nothing to free.
 *  - Writes do not open transactions of their own: the use case wraps what belongs together, its
 *    audit entry included, in bp_store_begin/commit (rollback on any error).
 *  - A store (one connection) belongs to one process and one thread.
 *  - Times are Unix seconds (int64); dates are "YYYY-MM-DD" text.
 *  - Text must be valid UTF-8 (else BP_ERR_INVALID). A write naming a row that does not exist (a
 *    foreign key) or an update of a missing row is BP_ERR_NOT_FOUND; deleting what is already gone is
 *    not an error. Lists take limit 0 as BP_MAX_PAGE_ROWS; a larger limit than a list allows is
 *    BP_ERR_TOO_LARGE. */
#ifndef BP_STORE_H
#define BP_STORE_H
#ifdef BP_LAYER_WEB /* set by src/http, src/pages and src/api */
#error "the web layer does not call storage: call a use case (app/app.h)"
#endif
#include "util/arena.h"
#include "util/limits.h"
#include "domain/model.h"
#include "domain/consent.h"
#include "domain/plan.h"           /* the plan */
#include "domain/followup.h"       /* following it up */
#include "domain/implementation.h" /* carrying it out */
#include "domain/meeting.h"        /* meetings */
#include "domain/preparation.h"    /* ---- preparation ---- */
#include "domain/records.h"
#include "domain/audit_chain.h"  /* the audit trail's chain */
#include "domain/closure.h"      /* closing a case */
#include "domain/survey.h"       /* the survey */
#include "domain/named_person.h" /* */
#include "domain/retention.h"    /* retention */
#include "domain/region.h"       /* what the region learns */

struct bp_store;

enum bp_err bp_store_open(const char *url, struct bp_store **out, char *errmsg, size_t errlen);
void bp_store_close(struct bp_store *s);
const char *bp_store_backend(const struct bp_store *s); /* "sqlite" or "postgres" */
/* Makes this connection fit to load much data into a new database (`barnplan demo`; issue 12 item 5): no
 * wait for the disk at each commit, a larger page cache. A commit acknowledged after this may be lost in a
 * crash: never call it on a connection that serves users. Outside a transaction. */
enum bp_err bp_store_bulk_load(struct bp_store *s);
/* The last error the database gave, for logs: never contains row data (no personal data). */
const char *bp_store_errmsg(const struct bp_store *s);
/* NULL while the store writes; once an fsync failed or a commit met an I/O error, why it refuses every write
 * until the process is restarted (the fsync rule, docs/architecture.md): error codes, no personal data. */
const char *bp_store_writes_stopped(const struct bp_store *s);

/* Migrations (migrations/<backend>/NNN_name.sql, compiled in). On a current schema nothing is created or
 * changed (any role may ask); when migrations are due and the connected role may not create tables (the
 * serving role of docs/scaling.md), BP_ERR_FORBIDDEN, nothing changed, and the error names the owner role. */
enum bp_err bp_store_migrate(struct bp_store *s, int *applied);
enum bp_err bp_store_schema_version(struct bp_store *s, int *current, int *latest);

enum bp_err bp_store_begin(struct bp_store *s); /* a write transaction */
enum bp_err bp_store_commit(struct bp_store *s);
void bp_store_rollback(struct bp_store *s);

/* Organisations */
enum bp_err bp_org_add(struct bp_store *s, struct bp_org *org); /* sets org->id */
enum bp_err bp_org_get(struct bp_store *s, struct bp_arena *a, int64_t id, struct bp_org *out);
/* All organisations, sorted by name. */
enum bp_err bp_org_list(struct bp_store *s, struct bp_arena *a, struct bp_org **out, size_t *n);
/* Changes an organisation's name, kind, principal and municipality; BP_ERR_NOT_FOUND: no such one. */
enum bp_err bp_org_update(struct bp_store *s, const struct bp_org *org);

/* ---- administration in the browser (issue 10 item 9; store_staff.c) ---- */
/* Every member of an organisation, disabled ones too, sorted by name, each with an invitation that still
 * works (not used, withdrawn or expired) or not, and whether they were invited there and never accepted. */
enum bp_err bp_org_staff(struct bp_store *s, struct bp_arena *a, int64_t org_id, int64_t now,
                         struct bp_staff_member **out, size_t *n);
/* A member's role in the organisation; BP_ERR_NOT_FOUND: the user is not a member of it. */
enum bp_err bp_membership_set_role(struct bp_store *s, int64_t user_id, int64_t org_id, enum bp_role role);
/* Ends the user's membership of the organisation (the account stays); BP_ERR_NOT_FOUND: not a member. */
enum bp_err bp_membership_remove(struct bp_store *s, int64_t user_id, int64_t org_id);
/* Withdraws at `at` every invitation of the user to the organisation that still works; *n of them. */
enum bp_err bp_staff_invite_withdraw(struct bp_store *s, struct bp_arena *a, int64_t user_id, int64_t org_id,
                                     int64_t at, size_t *n);
/* Stores an invitation (sets inv->id). */
enum bp_err bp_staff_invite_add(struct bp_store *s, struct bp_staff_invite *inv, const char *token_hash);
/* The invitation whose token hashes to token_hash; BP_ERR_NOT_FOUND: none. */
enum bp_err bp_staff_invite_by_hash(struct bp_store *s, struct bp_arena *a, const char *token_hash,
                                    struct bp_staff_invite *out);
/* An identity provider's login started from the invitation's page: its state's hash, and the invitation
 * that login is for (BP_ERR_NOT_FOUND: none). */
enum bp_err bp_staff_invite_set_login(struct bp_store *s, int64_t id, const char *state_hash);
enum bp_err bp_staff_invite_by_login(struct bp_store *s, struct bp_arena *a, const char *state_hash,
                                     struct bp_staff_invite *out);
/* Marks the invitation used at `at`, once: BP_ERR_NOT_FOUND when it was used already. */
enum bp_err bp_staff_invite_use(struct bp_store *s, int64_t id, int64_t at);

/* Users (professionals and administrators) */
enum bp_err bp_user_add(struct bp_store *s, struct bp_user *u, const char *password_hash); /* sets u->id */
/* Fills out (with its memberships) and, when not NULL, *password_hash. */
enum bp_err bp_user_get_by_username(struct bp_store *s, struct bp_arena *a, const char *username,
                                    struct bp_user *out, const char **password_hash);
enum bp_err bp_user_get(struct bp_store *s, struct bp_arena *a, int64_t id, struct bp_user *out);
enum bp_err bp_user_set_password(struct bp_store *s, int64_t user_id, const char *password_hash);
enum bp_err bp_user_set_disabled(struct bp_store *s, int64_t user_id, bool disabled);
enum bp_err bp_membership_add(struct bp_store *s, int64_t user_id, int64_t org_id, enum bp_role role);
/* An account's identity at an identity provider (issuer, subject); BP_ERR_CONFLICT: already linked. */
enum bp_err bp_identity_add(struct bp_store *s, int64_t user_id, const char *issuer, const char *subject,
                            int64_t now);
/* The account linked to (issuer, subject); BP_ERR_NOT_FOUND: none. */
enum bp_err bp_user_get_by_identity(struct bp_store *s, struct bp_arena *a, const char *issuer,
                                    const char *subject, struct bp_user *out);
/* A login under way at the provider, by its state's hash; take deletes it as it reads it (once only). */
enum bp_err bp_oidc_pending_add(struct bp_store *s, const char *state_hash, const char *nonce,
                                const char *verifier, int64_t now);
enum bp_err bp_oidc_pending_purge(struct bp_store *s, int64_t created_before);
enum bp_err bp_oidc_pending_take(struct bp_store *s, struct bp_arena *a, const char *state_hash,
                                 const char **nonce, const char **verifier, int64_t *created_at);

enum bp_err bp_session_add(struct bp_store *s, const char *token_hash, int64_t user_id,
                           const char *csrf_token, int64_t now, int64_t *id);
/* The session of a token and bp_user_get of its user in one statement (every request makes it);
 * BP_ERR_NOT_FOUND when there is no such session. */
enum bp_err bp_session_user_get(struct bp_store *s, struct bp_arena *a, const char *token_hash,
                                struct bp_session *session, struct bp_user *user);
enum bp_err bp_session_touch(struct bp_store *s, int64_t session_id, int64_t now);
enum bp_err bp_session_delete(struct bp_store *s, int64_t session_id);
enum bp_err bp_session_delete_for_user(struct bp_store *s, int64_t user_id); /* log out everywhere */
enum bp_err bp_session_purge(struct bp_store *s, int64_t idle_before, int64_t created_before);

/* Failed logins, for throttling per account and per address. */
enum bp_err bp_login_failure_add(struct bp_store *s, const char *username, const char *address, int64_t now);
enum bp_err bp_login_failure_count(struct bp_store *s, const char *username, const char *address,
                                   int64_t since, int64_t *by_username, int64_t *by_address);
enum bp_err bp_login_failure_clear(struct bp_store *s, const char *username);
/* Forgets failures older than before (they hold addresses and usernames; keep only the window). */
enum bp_err bp_login_failure_purge(struct bp_store *s, int64_t before);
/* The failures of one account from one address since `since` (V6.1.1: the strict limit is per pair). */
enum bp_err bp_login_failure_count_pair(struct bp_store *s, const char *username, const char *address,
                                        int64_t since, int64_t *n);

/* Browsers an account has logged in from (V6.1.1; the hash of the cookie bp_device's token). */
enum bp_err bp_login_device_add(struct bp_store *s, const char *token_hash, int64_t user_id, int64_t now);
/* *known: the browser logged in to the account at or after `since`. */
enum bp_err bp_login_device_known(struct bp_store *s, const char *token_hash, int64_t user_id, int64_t since,
                                  bool *known);
enum bp_err bp_login_device_purge(struct bp_store *s, int64_t before);

/* Children and guardians */
enum bp_err bp_child_add(struct bp_store *s, struct bp_child *c); /* sets c->id, c->created_at must be set */
enum bp_err bp_child_get(struct bp_store *s, struct bp_arena *a, int64_t id, struct bp_child *out);
enum bp_err bp_guardian_add(struct bp_store *s, struct bp_guardian *g); /* sets g->id */
enum bp_err bp_guardian_list(struct bp_store *s, struct bp_arena *a, int64_t child_id,
                             struct bp_guardian **out, size_t *n);
/* Issue 10 item 2: the guardians with this e-mail address, of any child (at most 20). */
enum bp_err bp_guardians_by_email(struct bp_store *s, struct bp_arena *a, const char *email,
                                  struct bp_guardian **out, size_t *n);

/* Issue 10 item 1: the guardians and the children with this personnummer ("YYYYMMDD-NNNN"), at most 20 each.
 */
enum bp_err bp_people_by_pnr(struct bp_store *s, struct bp_arena *a, const char *pnr, struct bp_guardian **gs,
                             size_t *ng, struct bp_child **cs, size_t *nc);

/* Family members' accounts and one-time codes (issue 10 items 2, 3; store_family.c, migration 024) */
/* The account of the child (guardian_id 0) or of one of the child's guardians, made on first use. */
enum bp_err bp_family_user_ensure(struct bp_store *s, int64_t child_id, int64_t guardian_id,
                                  int64_t *user_id);
/* Stores a one-time code's hash for user_id (kind "link" or "letter"), replacing the user's earlier codes
 * of that kind, and forgets every expired code. */
enum bp_err bp_family_code_add(struct bp_store *s, const char *code_hash, int64_t user_id, const char *kind,
                               int64_t created_by, int64_t now, int64_t expires_at);
/* Takes (deletes) a code: its account and kind. BP_ERR_NOT_FOUND: no such code, or it had expired. */
enum bp_err bp_family_code_take(struct bp_store *s, struct bp_arena *a, const char *code_hash, int64_t now,
                                int64_t *user_id, const char **kind);
/* The cases of a child, newest first. */
enum bp_err bp_family_case_ids(struct bp_store *s, struct bp_arena *a, int64_t child_id, int64_t **out,
                               size_t *n);
/* Issue 10 item 8, "who has looked": the reads of the child's data (action read or export), newest first, at
 * most `limit`: every professional's and own_user_id's own, never another family member's. Each entry's
 * username is the reader's display name, org_name the organisation they read for. */
enum bp_err bp_family_access_log(struct bp_store *s, struct bp_arena *a, int64_t child_id,
                                 int64_t own_user_id, size_t limit, struct bp_audit **out, size_t *n);
/* The language a family member chose (issue 10 item 11). */
enum bp_err bp_family_user_set_lang(struct bp_store *s, int64_t user_id, const char *lang);
/* Protected identity (issue 10 item 10): writes protected and protected_from of the child (by id), or of the
 * guardian (by id and child_id). */
enum bp_err bp_child_protection_set(struct bp_store *s, const struct bp_child *c);
enum bp_err bp_guardian_protection_set(struct bp_store *s, const struct bp_guardian *g);
/* A guardian's own phone and e-mail (issue 10 item 3, guardians.own_contact), by id and child_id. */
enum bp_err bp_guardian_contact_set(struct bp_store *s, const struct bp_guardian *g);

/* Cases */
enum bp_err bp_case_add(struct bp_store *s, struct bp_case *c); /* sets c->id; adds the initiating org */
/* Fills the joined names too (child_name, initiating_org_name, initiator_name). */
enum bp_err bp_case_get(struct bp_store *s, struct bp_arena *a, int64_t id, struct bp_case *out);
/* V-2.6: org_id takes part in the case, asked by by_user at `at` (added, or asked again after a withdrawal).
 */
enum bp_err bp_case_org_ask(struct bp_store *s, int64_t case_id, int64_t org_id, int64_t by_user, int64_t at);
/* org_id's consent was withdrawn: it is no longer asked (it stays among those taking part). */
enum bp_err bp_case_org_unask(struct bp_store *s, int64_t case_id, int64_t org_id);
/* Who asked org_id to take part, and when. BP_ERR_NOT_FOUND: it is not asked (now). */
enum bp_err bp_case_org_ask_get(struct bp_store *s, struct bp_arena *a, int64_t case_id, int64_t org_id,
                                struct bp_case_ask *out);
/* The case's organisations with their names, each with whether it was asked to take part (V-2.6; asked
 * parallel to orgs), by id: one statement for the access rule and the case page. No rows: n 0 (no such case,
 * or none). Batchable. */
enum bp_err bp_case_orgs_named(struct bp_store *s, struct bp_arena *a, int64_t case_id, struct bp_org **orgs,
                               bool **asked, size_t *n);
/* The organisations taking part in a case, and (asked not NULL) whether each is asked to (V-2.6). */
enum bp_err bp_case_orgs(struct bp_store *s, struct bp_arena *a, int64_t case_id, int64_t **out, bool **asked,
                         size_t *n);
/* The cases the user may open, newest first; status < 0: any. The same rule as domain/access.c's
 * bp_access_case, as a filter: one of the user's organisations takes part and has its own consent in
 * force on `today`, is asked to take part, or is the initiating organisation (tests/storage/contract.c
 * checks they agree). */
enum bp_err bp_case_list_for_user(struct bp_store *s, struct bp_arena *a, int64_t user_id,
                                  struct bp_date today, int status, size_t limit, size_t offset,
                                  struct bp_case **out, size_t *n);

/* ---- several cases at once (issue 12 item 2): "Mina uppgifter" reads the data of all its cases in one
 * query per table, whatever their number. Each takes n distinct ids (any number) and fills out[i] and
 * n_out[i], arrays of n the caller gives, with what the one-id function named gives for ids[i], in its
 * order; an id with no rows gets NULL and 0. They decide no access: the caller asks only for what the
 * actor may see (tests/unit/test_batch.c compares them with the one-id functions). */
/* bp_case_get: one case or none (n_out 0: no such case). */
enum bp_err bp_case_get_many(struct bp_store *s, struct bp_arena *a, const int64_t *ids, size_t n,
                             struct bp_case **out, size_t *n_out);
/* bp_case_orgs (asked parallel to out; no rows: no such case, or one without organisations). */
enum bp_err bp_case_orgs_many(struct bp_store *s, struct bp_arena *a, const int64_t *ids, size_t n,
                              int64_t **out, bool **asked, size_t *n_out);
/* bp_guardian_list of each case's child. */
enum bp_err bp_guardian_list_for_cases(struct bp_store *s, struct bp_arena *a, const int64_t *case_ids,
                                       size_t n, struct bp_guardian **out, size_t *n_out);
/* bp_consent_list. */
enum bp_err bp_consent_list_many(struct bp_store *s, struct bp_arena *a, const int64_t *case_ids, size_t n,
                                 struct bp_consent **out, size_t *n_out);
/* bp_child_prep_get and bp_guardian_prep_list of the coming meeting (meeting_id 0). */
enum bp_err bp_child_prep_get_many(struct bp_store *s, struct bp_arena *a, const int64_t *case_ids, size_t n,
                                   struct bp_child_prep_record **out, size_t *n_out);
enum bp_err bp_guardian_prep_list_many(struct bp_store *s, struct bp_arena *a, const int64_t *case_ids,
                                       size_t n, struct bp_guardian_prep_record **out, size_t *n_out);
/* bp_meeting_list; bp_invitee_list and bp_absence_decision_list by meeting id; bp_followup_list. */
enum bp_err bp_meeting_list_many(struct bp_store *s, struct bp_arena *a, const int64_t *case_ids, size_t n,
                                 struct bp_meeting **out, size_t *n_out);
enum bp_err bp_invitee_list_many(struct bp_store *s, struct bp_arena *a, const int64_t *meeting_ids, size_t n,
                                 struct bp_invitee **out, size_t *n_out);
enum bp_err bp_absence_decision_list_many(struct bp_store *s, struct bp_arena *a, const int64_t *meeting_ids,
                                          size_t n, struct bp_absence_decision **out, size_t *n_out);
enum bp_err bp_followup_list_many(struct bp_store *s, struct bp_arena *a, const int64_t *case_ids, size_t n,
                                  struct bp_followup **out, size_t *n_out);
/* bp_plan_current (with its coordinating organisations); n_out 0: no plan yet. */
enum bp_err bp_plan_current_many(struct bp_store *s, struct bp_arena *a, const int64_t *case_ids, size_t n,
                                 struct bp_plan **out, size_t *n_out);
/* bp_decision_list; bp_plan_event_list with undecided_only. */
enum bp_err bp_decision_list_many(struct bp_store *s, struct bp_arena *a, const int64_t *case_ids, size_t n,
                                  struct bp_pending_decision **out, size_t *n_out);
enum bp_err bp_plan_event_undecided_many(struct bp_store *s, struct bp_arena *a, const int64_t *case_ids,
                                         size_t n, struct bp_plan_event **out, size_t *n_out);

/* K-1.2: records the day the barnensbästa-ansvarig was informed, and who recorded it. */
enum bp_err bp_case_named_person_informed(struct bp_store *s, int64_t case_id, struct bp_date on,
                                          int64_t by_user);
/* K-1.2: the organisation that calls later meetings (0: the initiating one again). */
enum bp_err bp_case_set_responsible(struct bp_store *s, int64_t case_id, int64_t org_id);
/* K-0.8: the case's plan kind ("sip"), and its draft plan's, if it has one. */
enum bp_err bp_case_set_plan_kind(struct bp_store *s, int64_t case_id, const char *kind);
/* Sets the case's closure proposal time (V-2.9): 0 clears it. */
enum bp_err bp_case_propose_closure(struct bp_store *s, int64_t case_id, int64_t at);
/* The people involved in a case: its initiator, everyone who obtained or ended a consent in it,
 * everyone who has acted on its timeline, every barnensbästa-ansvarig it has had, and (org_id not
 * 0) every member of the organisation a change concerns. Distinct user ids, enabled users only, with id,
 * username, display_name and email. */
enum bp_err bp_case_involved_users(struct bp_store *s, struct bp_arena *a, int64_t case_id, int64_t org_id,
                                   struct bp_user **out, size_t *n);

/* ---- the barnensbästa-ansvarig as a person (store_named_person.c) ---- */
/* Ends the case's current BBA (if any) at np->assigned_at and adds np as the current one; sets np->id. */
enum bp_err bp_named_person_add(struct bp_store *s, struct bp_named_person *np);
/* Records the X-3 decision on BBA row id (decision_org_id 0: none); BP_ERR_NOT_FOUND when the row is gone
 * or already has a decision. */
enum bp_err bp_named_person_decide(struct bp_store *s, int64_t id, const char *decision,
                                   int64_t decision_org_id, int64_t at, int64_t by_user);
/* Every BBA the case has had, in order (the current one last), with the names joined. */
enum bp_err bp_named_person_list(struct bp_store *s, struct bp_arena *a, int64_t case_id,
                                 struct bp_named_person **out, size_t *n);
/* The enabled members of the organisations taking part in the case (at most BP_MAX_BBA_CANDIDATES), by
 * organisation and name: who may be BBA. */
enum bp_err bp_named_person_candidates(struct bp_store *s, struct bp_arena *a, int64_t case_id,
                                       struct bp_bba_candidate **out, size_t *n);

/* The consent ledger (store_consent.c). Rows are never deleted. */
enum bp_err bp_consent_add(struct bp_store *s, struct bp_consent *c); /* sets c->id; c->created_at set */
/* The case's ledger, oldest first, with org_name and obtained_by_name. */
enum bp_err bp_consent_list(struct bp_store *s, struct bp_arena *a, int64_t case_id, struct bp_consent **out,
                            size_t *n);
enum bp_err bp_consent_get(struct bp_store *s, struct bp_arena *a, int64_t id, struct bp_consent *out);
/* Records a withdrawal: only an active row changes (else BP_ERR_CONFLICT). */
enum bp_err bp_consent_withdraw(struct bp_store *s, const struct bp_consent *c);
/* Marks an active row replaced by a newer one (else BP_ERR_CONFLICT). */
enum bp_err bp_consent_replace(struct bp_store *s, int64_t id, int64_t replaced_by, int64_t by_user);
/* consent.child_answer (migration 035): writes k's child_answer and its date on the active row k->id. */
enum bp_err bp_consent_child_answer_set(struct bp_store *s, const struct bp_consent *k);
/* Consent given online (issue 10 item 4, migration 028; store_consent_confirm.c): a family member's
 * confirmation added (c->id set); the case's pending ones (consent_id NULL), oldest first; and the pending
 * ones of (case, org) closed by the consent they made. */
enum bp_err bp_consent_confirmation_add(struct bp_store *s, struct bp_consent_confirmation *c);
enum bp_err bp_consent_confirmations_pending(struct bp_store *s, struct bp_arena *a, int64_t case_id,
                                             struct bp_consent_confirmation **out, size_t *n);
enum bp_err bp_consent_confirmations_close(struct bp_store *s, int64_t case_id, int64_t org_id,
                                           int64_t consent_id);

/* ---- preparation (store_prep.c; V-3.x, V-4.1, V-4.2) ---- */
/* One preparation per case and meeting (and guardian); meeting_id 0 is the coming meeting (NULL in
 * the table). Saving inserts the row or updates the one there is; who saved it last is prepared_by
 * with the organisation org_id. Reads fill prepared_by_name and org_name. */
/* Sets r->p.id (an update keeps the first created_at). */
enum bp_err bp_child_prep_save(struct bp_store *s, struct bp_child_prep_record *r);
/* The case's preparation of the child for meeting_id (0: the coming meeting); BP_ERR_NOT_FOUND: none. */
enum bp_err bp_child_prep_get(struct bp_store *s, struct bp_arena *a, int64_t case_id, int64_t meeting_id,
                              struct bp_child_prep_record *out);
enum bp_err bp_guardian_prep_save(struct bp_store *s, struct bp_guardian_prep_record *r);
/* The guardians' preparations of the case for meeting_id, by guardian id. */
enum bp_err bp_guardian_prep_list(struct bp_store *s, struct bp_arena *a, int64_t case_id, int64_t meeting_id,
                                  struct bp_guardian_prep_record **out, size_t *n);
/* What the family gave on their own pages (issue 10 item 5, migration 029), after a save of the row `id`:
 * the child's R2 tick (share_with_guardians) and when they answered online (answered_online_at). A
 * professional's save (above) leaves both as they are. */
enum bp_err bp_child_prep_online(struct bp_store *s, int64_t id, bool share_with_guardians, int64_t at);
enum bp_err bp_guardian_prep_online(struct bp_store *s, int64_t id, int64_t at);
/* ---- end preparation ---- */

/* ---- consent scans (store_consent.c, migration 006; V-2.5, K-2.1) ---- */
/* The scanned paper form of one consent. A consent has at most one current scan; a new one supersedes
 * it, and no row is ever deleted. */
/* Stores scan (data, size bytes, at most BP_MAX_SCAN_BYTES) as the consent's current scan: the previous
 * current row is marked superseded at uploaded_at. Sets scan->id. */
enum bp_err bp_consent_scan_add(struct bp_store *s, struct bp_consent_scan *scan);
/* The current scans of a case's consents, without their bytes, by consent id. */
enum bp_err bp_consent_scan_list(struct bp_store *s, struct bp_arena *a, int64_t case_id,
                                 struct bp_consent_scan **out, size_t *n);
/* Every scan of one consent, newest first, without their bytes. */
enum bp_err bp_consent_scan_history(struct bp_store *s, struct bp_arena *a, int64_t consent_id,
                                    struct bp_consent_scan **out, size_t *n);
/* The consent's current scan with its bytes; BP_ERR_NOT_FOUND when it has none. */
enum bp_err bp_consent_scan_get(struct bp_store *s, struct bp_arena *a, int64_t consent_id,
                                struct bp_consent_scan *out);
/* V-8a.2: the scanned paper of a signature recorded from paper (migration 010), kept like a consent's:
 * scan->consent_id holds the signature's id. */
enum bp_err bp_signature_scan_add(struct bp_store *s, struct bp_consent_scan *scan);
enum bp_err bp_signature_scan_get(struct bp_store *s, struct bp_arena *a, int64_t signature_id,
                                  struct bp_consent_scan *out);
/* ---- end consent scans ---- */

/* The case timeline */
enum bp_err bp_event_add(struct bp_store *s, struct bp_event *e); /* sets e->id */
enum bp_err bp_event_list(struct bp_store *s, struct bp_arena *a, int64_t case_id, struct bp_event **out,
                          size_t *n);

/* Notifications in the app (store_notify.c): a kind and a case, never free text. */
enum bp_err bp_notification_add(struct bp_store *s, struct bp_notification *n);
/* The user's notifications, newest first. */
enum bp_err bp_notification_list(struct bp_store *s, struct bp_arena *a, int64_t user_id, size_t limit,
                                 struct bp_notification **out, size_t *n);
enum bp_err bp_notification_unread(struct bp_store *s, int64_t user_id, int64_t *count);
/* Marks every notification of the user read at `at`. */
enum bp_err bp_notification_read_all(struct bp_store *s, int64_t user_id, int64_t at);

/* The e-mail outbox (store_notify.c). Delivery claims due rows, sends, and records the outcome. */
enum bp_err bp_outbox_add(struct bp_store *s, struct bp_outbox_msg *m); /* sets m->id */
/* Unsent messages whose next attempt is due at `now`, oldest first. */
enum bp_err bp_outbox_due(struct bp_store *s, struct bp_arena *a, int64_t now, size_t limit,
                          struct bp_outbox_msg **out, size_t *n);
/* Takes the oldest due message for one deliverer (issue 12 item 4: a mailer on every server), inside
 * bp_store_begin: *n is 1 with it in *out, or 0. On PostgreSQL its row stays locked until the transaction
 * ends and other deliverers skip it (FOR UPDATE SKIP LOCKED), so it is sent by one at a time; a deliverer
 * that dies ends its transaction with its connection, and the message is due again at once (at least once,
 * never lost). On SQLite the transaction is the single write lock: every writer waits while it is held. */
enum bp_err bp_outbox_take(struct bp_store *s, struct bp_arena *a, int64_t now, struct bp_outbox_msg **out,
                           size_t *n);
/* true when the backend locks single rows (bp_outbox_take holds one row, not the database). */
bool bp_store_row_locks(const struct bp_store *s);
enum bp_err bp_outbox_sent(struct bp_store *s, int64_t id, int64_t at);
enum bp_err bp_outbox_retry(struct bp_store *s, int64_t id, int attempts, int64_t next_attempt_at,
                            bool failing, const char *error);
/* Messages not sent yet (pending or failing), newest first: the administrator's view. */
enum bp_err bp_outbox_unsent(struct bp_store *s, struct bp_arena *a, size_t limit, struct bp_outbox_msg **out,
                             size_t *n);
/* Messages to one recipient or of one case, newest first (the administrator's view and the tests'). */
enum bp_err bp_outbox_list(struct bp_store *s, struct bp_arena *a, int64_t case_id, size_t limit,
                           struct bp_outbox_msg **out, size_t *n);

/* The reminders (store_notify.c, issue 9 item 10). Records the reminder `key` as decided at `at`:
 * *decided is false, and nothing changes, when it was decided before (the key is unique). */
enum bp_err bp_reminder_decide(struct bp_store *s, const char *key, int64_t case_id, const char *kind,
                               int64_t at, bool *decided);
/* The keys of every reminder of the case decided before, sorted (strcmp), in *out (*n of them): the scheduler
 * skips those without taking the write lock. A key missing here is still decided once: bp_reminder_decide. */
enum bp_err bp_reminder_keys(struct bp_store *s, struct bp_arena *a, int64_t case_id, const char ***out,
                             size_t *n);
/* Up to `limit` ids of open cases above after_id, in id order: the scheduler's walk over the cases. */
enum bp_err bp_case_open_ids(struct bp_store *s, struct bp_arena *a, int64_t after_id, size_t limit,
                             int64_t **out, size_t *n);
/* The enabled members of an organisation, with id, username, display_name and email. */
enum bp_err bp_org_members(struct bp_store *s, struct bp_arena *a, int64_t org_id, struct bp_user **out,
                           size_t *n);

/* ---- following up the plan (store_followup.c; V-10.x) ---- */
/* Saves the follow-up of f->meeting_id (one per meeting: added, or changed in place); sets f->id. */
enum bp_err bp_followup_save(struct bp_store *s, struct bp_followup *f);
/* The follow-up of a meeting; BP_ERR_NOT_FOUND when none was saved. */
enum bp_err bp_followup_get(struct bp_store *s, struct bp_arena *a, int64_t meeting_id,
                            struct bp_followup *out);
/* The case's follow-ups, oldest first. */
enum bp_err bp_followup_list(struct bp_store *s, struct bp_arena *a, int64_t case_id,
                             struct bp_followup **out, size_t *n);
/* V-10.6: the updated version the follow-up led to (once: BP_ERR_NOT_FOUND when it has one). */
enum bp_err bp_followup_set_new_plan(struct bp_store *s, int64_t followup_id, int64_t plan_id);
/* V-10.4: an intervention's review, added or changed in place; the follow-up's reviews. */
enum bp_err bp_review_save(struct bp_store *s, const struct bp_review *r, int64_t by_user, int64_t at);
enum bp_err bp_review_list(struct bp_store *s, struct bp_arena *a, int64_t followup_id,
                           struct bp_review **out, size_t *n);
/* V-10.7: an organisation's answer to coordinating a version; the organisations that accepted it. */
enum bp_err bp_coordination_answer(struct bp_store *s, int64_t plan_id, int64_t org_id, bool accepted,
                                   int64_t by_user, int64_t at);
enum bp_err bp_coordination_accepted(struct bp_store *s, struct bp_arena *a, int64_t plan_id, int64_t **out,
                                     size_t *n);
/* ---- closing a case (store_closure.c; V-11.1-V-11.4) ---- */
/* Sets the case's status (open, closed). */
enum bp_err bp_case_set_status(struct bp_store *s, int64_t case_id, enum bp_case_status status);
/* Adds a closure or a reopening (sets c->id) with the guardians and organisations who agreed. */
enum bp_err bp_closure_add(struct bp_store *s, struct bp_closure *c);
/* The case's latest closure or reopening, with who recorded it and the new case for the child that links
 * back to the case (next_case_id); BP_ERR_NOT_FOUND: none. One query. */
enum bp_err bp_closure_latest(struct bp_store *s, struct bp_arena *a, int64_t case_id,
                              struct bp_closure *out);

/* ---- the plan ---- */
/* The plan (store_plan.c; V-7.x, K-7.x, V-8a.2, V-8a.5): one row per version, with its parts. The rules
 * (what may be finished, who may edit) are domain/plan.c's; these only store and read. */
/* Adds a version (sets p->id) with its coordinating organisations. */
enum bp_err bp_plan_add(struct bp_store *s, struct bp_plan *p, int64_t created_at);
/* The case's newest version; BP_ERR_NOT_FOUND when the case has no plan. */
enum bp_err bp_plan_current(struct bp_store *s, struct bp_arena *a, int64_t case_id, struct bp_plan *out);
/* V-10.6: one version of the case's plan (BP_ERR_NOT_FOUND when it has none such), and every version,
 * oldest first (without their coordinating organisations). */
enum bp_err bp_plan_get_version(struct bp_store *s, struct bp_arena *a, int64_t case_id, int version,
                                struct bp_plan *out);
enum bp_err bp_plan_versions(struct bp_store *s, struct bp_arena *a, int64_t case_id, struct bp_plan **out,
                             size_t *n);
/* V-10.6: a finished (or replaced) version's stored content (its hash is the plan's content_sha256);
 * BP_ERR_NOT_FOUND for a draft, a version the case does not have, or one finished before migration 009. */
enum bp_err bp_plan_version_content(struct bp_store *s, struct bp_arena *a, int64_t case_id, int version,
                                    const char **content);
/* Writes the shared parts (coordination, contact if it fails, follow-up, summary) and replaces the
 * coordinating organisations. */
enum bp_err bp_plan_update_shared(struct bp_store *s, const struct bp_plan *p);
/* Sets status, finished_on and finished_by, and, when given (finishing), the content and its hash. Once a
 * version is finished the database refuses every other change to it and to its parts (migration 009):
 * BP_ERR_STORAGE. */
enum bp_err bp_plan_set_status(struct bp_store *s, const struct bp_plan *p);
/* V-10.6: the case's finished versions older than `version` become replaced (a newer one is finished). */
enum bp_err bp_plan_replace_older(struct bp_store *s, int64_t case_id, int version);
/* The parts of one version, in the order they were added. */
enum bp_err bp_plan_parts_get(struct bp_store *s, struct bp_arena *a, int64_t plan_id,
                              struct bp_plan_parts *out);
enum bp_err bp_goal_add(struct bp_store *s, struct bp_goal *g); /* sets g->id */
enum bp_err bp_goal_update(struct bp_store *s, const struct bp_goal *g);
/* Deletes a goal; interventions and commitments linked to it lose the link. */
enum bp_err bp_goal_delete(struct bp_store *s, int64_t plan_id, int64_t goal_id);
/* Sets iv->id. iv->origin_id (not 0) names the line a copy continues (V-9.1); a list gives every
 * intervention its line (its own id for the first of a line). */
enum bp_err bp_intervention_add(struct bp_store *s, struct bp_intervention *iv);
enum bp_err bp_intervention_update(struct bp_store *s, const struct bp_intervention *iv);
enum bp_err bp_intervention_delete(struct bp_store *s, int64_t plan_id, int64_t id);
enum bp_err bp_commitment_add(struct bp_store *s, struct bp_commitment *cm); /* sets cm->id */
enum bp_err bp_commitment_update(struct bp_store *s, const struct bp_commitment *cm);
enum bp_err bp_commitment_delete(struct bp_store *s, int64_t plan_id, int64_t id);
/* Sets the contact person of one organisation (replacing the one it had). */
enum bp_err bp_plan_contact_set(struct bp_store *s, int64_t plan_id, const struct bp_plan_contact *pc);
/* Pending decisions of a case, oldest first. */
enum bp_err bp_decision_add(struct bp_store *s, struct bp_pending_decision *d, int64_t created_at);
enum bp_err bp_decision_update(struct bp_store *s, const struct bp_pending_decision *d);
enum bp_err bp_decision_list(struct bp_store *s, struct bp_arena *a, int64_t case_id,
                             struct bp_pending_decision **out, size_t *n);
/* Signatures of one version, oldest first. */
enum bp_err bp_signature_add(struct bp_store *s, struct bp_signature *sg, int64_t created_at);
/* V-8a.2: the answers to every version of a case, oldest version first. */
enum bp_err bp_signature_list(struct bp_store *s, struct bp_arena *a, int64_t case_id,
                              struct bp_signature **out, size_t *n);
/* The copies ledger (V-8a.3, K-8.1, migration 011): a copy handed over or posted, and the case's copies
 * (at most BP_MAX_COPIES, oldest first, with the recorder's name); the professionals' PDF downloads are
 * the case's audit entries "read plan_pdf" (at most BP_MAX_COPIES, oldest first, with the user's name). */
enum bp_err bp_plan_copy_add(struct bp_store *s, struct bp_plan_copy *c);
enum bp_err bp_plan_copy_list(struct bp_store *s, struct bp_arena *a, int64_t case_id,
                              struct bp_plan_copy **out, size_t *n);
enum bp_err bp_plan_download_list(struct bp_store *s, struct bp_arena *a, int64_t child_id, int64_t case_id,
                                  struct bp_plan_download **out, size_t *n);
/* ---- end of the plan ---- */

/* ---- carrying out the plan (V-9.1-V-9.4; store_implementation.c) ---- */
/* Each list is newest first, at most BP_MAX_IMPL_ROWS rows, with the recorder's name. */
enum bp_err bp_progress_add(struct bp_store *s, struct bp_progress *p); /* sets p->id */
enum bp_err bp_progress_list(struct bp_store *s, struct bp_arena *a, int64_t case_id,
                             struct bp_progress **out, size_t *n);
enum bp_err bp_child_voice_add(struct bp_store *s, struct bp_child_voice *v); /* sets v->id */
/* What the child said on or after `since` (a zero date: all). */
enum bp_err bp_child_voice_list(struct bp_store *s, struct bp_arena *a, int64_t case_id, struct bp_date since,
                                struct bp_child_voice **out, size_t *n);
enum bp_err bp_plan_event_add(struct bp_store *s, struct bp_plan_event *e); /* sets e->id */
/* Records the decision on an undecided event: BP_ERR_NOT_FOUND when it is not the case's or already decided.
 */
enum bp_err bp_plan_event_decide(struct bp_store *s, const struct bp_plan_event *e);
/* The case's events; with `undecided_only`, those still waiting for the coordinator's decision. */
enum bp_err bp_plan_event_list(struct bp_store *s, struct bp_arena *a, int64_t case_id, bool undecided_only,
                               struct bp_plan_event **out, size_t *n);
/* V-9.3: the members (not disabled) of the coordinating organisations of version plan_id. */
enum bp_err bp_plan_coordinator_members(struct bp_store *s, struct bp_arena *a, int64_t plan_id,
                                        struct bp_user **out, size_t *n);
/* ---- end of carrying out the plan ---- */

/* ---- a read transaction: one snapshot for a page's reads (issue 12 item 2) ----
 * Every read between bp_store_read_begin and bp_store_read_end sees the database as it was at the first
 * of them. SQLite: BEGIN (deferred), so its WAL read lock is taken once instead of by every statement;
 * PostgreSQL: nothing (each statement reads what is committed; a batch is one round trip). No write may
 * begin inside one (BUG()); bp_store_read_end outside one does nothing. */
enum bp_err bp_store_read_begin(struct bp_store *s);
void bp_store_read_end(struct bp_store *s);

/* ---- a batch of reads: one round trip to PostgreSQL for several (issue 12 item 3) ----
 * Between bp_store_batch_begin and bp_store_batch_end, the batchable readers only queue
 * their statement: their outputs are filled by bp_store_batch_end (PostgreSQL: all in one round trip with
 * libpq's pipeline mode; SQLite: one after the other, as ever), and must not be read before. They return
 * BP_OK at once (BP_ERR_INVALID for text that is not UTF-8); a one-row reader that finds nothing leaves its
 * output zeroed (id 0) instead of BP_ERR_NOT_FOUND. Every read of a batch uses one arena. Any other
 * statement inside a batch is a bug (BUG()), so a reader that needs its rows at once cannot be queued by
 * mistake. bp_store_batch_end returns the first error of the reads. The batchable readers are those that
 * are one SELECT read with a row table (select_all, select_one in store_impl.h) or queue their own decoder:
 * bp_case_get, bp_case_orgs (no rows: n 0), bp_case_orgs_named, bp_consent_list, bp_child_get,
 * bp_guardian_list, bp_event_list, bp_org_get, bp_consent_scan_list, bp_child_prep_get,
 * bp_guardian_prep_list, bp_meeting_list, bp_plan_current, bp_decision_list, bp_invitee_list,
 * bp_absence_decision_list, bp_followup_list, bp_plan_event_list and others of that one-statement form. */
#define BP_STORE_BATCH_MAX 32 /* reads sent in one round trip; more go in turns */
void bp_store_batch_begin(struct bp_store *s);
enum bp_err bp_store_batch_end(struct bp_store *s);
/* Round trips to the database server since the store was opened (0 for SQLite): the tests count them. */
uint64_t bp_store_round_trips(const struct bp_store *s);

/* Audit trail: append-only; nothing in Barnplan updates or deletes an entry. Each entry is hash-chained
 * (store_audit.c, migration 036): the connection's own chain, created with its first entry; the chain's
 * head row moves in the same transaction (bp_store_commit), and a rollback forgets what the transaction
 * added. Outside a transaction the entry gets one of its own. */
enum bp_err bp_audit_add(struct bp_store *s, const struct bp_audit *e);
/* e[0..n) in a transaction of their own, committed (outside a transaction only): on PostgreSQL in one
 * round trip. What bp_store_begin, bp_audit_add for each and bp_store_commit do; after a failure (none of
 * them kept) the connection's next entry begins a new chain. */
enum bp_err bp_audit_commit(struct bp_store *s, const struct bp_audit *e, size_t n);
/* What this connection is, for its chain's row (audit_chains.writer): "http worker", "scheduler", "cli
 * audit"; the process id is added. No personal data. Takes effect for a chain not yet started. */
void bp_store_set_writer(struct bp_store *s, const char *what);

/* ---- checking the chain and reading the whole trail (store_audit.c; issue 11 item 3) ---- */
struct bp_audit_chain {
    int64_t id, started_at, head_seq;
    const char *writer, *head_hash;
};
/* Every chain, by id; one chain (BP_ERR_NOT_FOUND: no such row). */
enum bp_err bp_audit_chain_list(struct bp_store *s, struct bp_arena *a, struct bp_audit_chain **out,
                                size_t *n);
enum bp_err bp_audit_chain_get(struct bp_store *s, struct bp_arena *a, int64_t id,
                               struct bp_audit_chain *out);
/* Up to limit entries of chain chain_id (0: entries naming a chain that has no row) after (seq, id) =
 * (after_seq, after_id), in seq order then id, every column including the chain's. */
enum bp_err bp_audit_chain_entries(struct bp_store *s, struct bp_arena *a, int64_t chain_id,
                                   int64_t after_seq, int64_t after_id, size_t limit, struct bp_audit **out,
                                   size_t *n);
/* The entries before the chain: how many there were when it began and the highest id then (migration
 * 036's audit_chain_start), how many there are now without a chain, and how many of those have a higher id.
 */
struct bp_audit_unchained {
    int64_t at_start, max_id_at_start, now, above_max_id;
};
enum bp_err bp_audit_unchained(struct bp_store *s, struct bp_audit_unchained *out);
/* The extracts (`barnplan audit extract`): every entry about child_id (0: any) with from <= at <= to, in
 * time order, handed to fn one page at a time (no limit on the total; each page's strings live until fn
 * returns); fn (domain/audit_chain.h) returns false to stop early (still BP_OK). */
/* The alerts (issue 11 item 3, migration 037) among the entries with from <= at < to: per user and hour
 * (at / 3600), kind "children" when they read more than children_per_hour distinct children (0: never), and
 * "outside" for their reads and refused reads of cases none of their organisations takes part in (entries:
 * how many); ordered by user, hour, kind. */
struct bp_audit_alert {
    const char *kind;
    int64_t user_id, hour, entries;
};
enum bp_err bp_audit_alert_candidates(struct bp_store *s, struct bp_arena *a, int64_t from, int64_t to,
                                      int64_t children_per_hour, struct bp_audit_alert **out, size_t *n);
/* Decides alert al once: *fresh is false when its (kind, user, hour) was decided before. */
enum bp_err bp_audit_alert_decide(struct bp_store *s, const struct bp_audit_alert *al, int64_t at,
                                  bool *fresh);
/* The installation's administrators (not disabled): id, username, display name, e-mail. */
enum bp_err bp_admins(struct bp_store *s, struct bp_arena *a, struct bp_user **out, size_t *n);
enum bp_err bp_audit_extract(struct bp_store *s, int64_t child_id, int64_t from, int64_t to,
                             bp_audit_page_fn fn, void *ctx);
/* Newest first. */
enum bp_err bp_audit_search(struct bp_store *s, struct bp_arena *a, const struct bp_audit_filter *f,
                            struct bp_audit **out, size_t *n);

/* ---- meetings ---- */
/* Meetings and invitations (store_meeting.c; V-4.x, V-5.x, V-6.x, K-4.x). A meeting is never deleted:
 * it is cancelled. */
enum bp_err bp_meeting_add(struct bp_store *s, struct bp_meeting *m, int64_t created_at); /* sets m->id */
/* Writes every field of m but id and case_id. BP_ERR_NOT_FOUND: no such meeting. */
enum bp_err bp_meeting_update(struct bp_store *s, const struct bp_meeting *m);
enum bp_err bp_meeting_get(struct bp_store *s, struct bp_arena *a, int64_t id, struct bp_meeting *out);
/* The case's meetings, earliest first. */
enum bp_err bp_meeting_list(struct bp_store *s, struct bp_arena *a, int64_t case_id, struct bp_meeting **out,
                            size_t *n);
enum bp_err bp_invitee_add(struct bp_store *s, struct bp_invitee *v); /* sets v->id */
/* Writes name, email, answer, decline reason, substitute and attendance. */
enum bp_err bp_invitee_update(struct bp_store *s, const struct bp_invitee *v);
/* Removes an invitee of the meeting (not one a K-4.8 decision refers to: BP_ERR_NOT_FOUND). */
enum bp_err bp_invitee_remove(struct bp_store *s, int64_t meeting_id, int64_t invitee_id);
/* The meeting's invitees in the order they were added. */
enum bp_err bp_invitee_list(struct bp_store *s, struct bp_arena *a, int64_t meeting_id,
                            struct bp_invitee **out, size_t *n);
enum bp_err bp_absence_decision_add(struct bp_store *s, struct bp_absence_decision *d, int64_t created_at);
enum bp_err bp_absence_decision_list(struct bp_store *s, struct bp_arena *a, int64_t meeting_id,
                                     struct bp_absence_decision **out, size_t *n);
/* ---- end meetings ---- */

/* ---- the survey (store_survey.c; V-12.x) ---- */
/* An invitation (sets inv->id); its code's hash or NULL. */
enum bp_err bp_survey_invitation_add(struct bp_store *s, struct bp_survey_invitation *inv);
/* The case's invitations, oldest first (with whether each has a code and was used; never which answer). */
enum bp_err bp_survey_invitation_list(struct bp_store *s, struct bp_arena *a, int64_t case_id,
                                      struct bp_survey_invitation **out, size_t *n);
/* The invitation whose code hashes to token_hash (with its case's model); BP_ERR_NOT_FOUND: none. */
enum bp_err bp_survey_invitation_by_hash(struct bp_store *s, struct bp_arena *a, const char *token_hash,
                                         struct bp_survey_invitation *out);
/* A new code for an unused invitation of the case (a letter): the old one stops working.
 * BP_ERR_NOT_FOUND: no such unused invitation in the case. */
enum bp_err bp_survey_invitation_set_code(struct bp_store *s, int64_t case_id, int64_t id,
                                          const char *token_hash);
/* Marks the invitation used; BP_ERR_NOT_FOUND when it already was (answered at the same moment). */
enum bp_err bp_survey_invitation_use(struct bp_store *s, int64_t id);
/* Stores one anonymous answer under its (random) id with its organisations. */
enum bp_err bp_survey_answer_add(struct bp_store *s, const struct bp_survey_answer *ans);
/* How many answers the filter takes gave each combination of chosen answers. */
enum bp_err bp_survey_patterns(struct bp_store *s, struct bp_arena *a, const struct bp_survey_filter *f,
                               struct bp_survey_pattern **out, size_t *n);
/* The free texts (q7) of one kind of respondent the filter takes, sorted by their text (never by arrival),
 * at most limit. */
enum bp_err bp_survey_comments(struct bp_store *s, struct bp_arena *a, const struct bp_survey_filter *f,
                               enum bp_survey_respondent who, size_t limit, const char ***out, size_t *n);
/* Writes the quarter's answers again, in the order of their random ids, in the answering transaction: a
 * table then keeps no order of arrival (PostgreSQL's heap keeps rows where they were written, and each row's
 * xmin names its transaction: after this every row of the quarter has the same, shared with the invitation
 * just used, so it points at all of them alike). */
enum bp_err bp_survey_reorder(struct bp_store *s, struct bp_arena *a, const char *quarter);
/* The quarters that have answers, newest first. */
enum bp_err bp_survey_quarters(struct bp_store *s, struct bp_arena *a, const char ***out, size_t *n);

/* ---- retention (store_purge.c; issue 9 item 8) ---- */
/* Up to `limit` closed cases above after_id whose latest closure was at or before closed_before, in id order.
 */
enum bp_err bp_purge_due_cases(struct bp_store *s, struct bp_arena *a, int64_t closed_before,
                               int64_t after_id, size_t limit, int64_t **out, size_t *n);
/* What a purge of the case would remove, table by table (the child and the guardians only when no other
 * case of the child remains). */
enum bp_err bp_purge_count(struct bp_store *s, struct bp_arena *a, int64_t case_id, int64_t child_id,
                           struct bp_purge_count **out, size_t *n);
/* Removes every row of the case in every table, and the child (child_id) and the guardians when no other
 * case of the child remains (*child_removed); a newer case linked back to it loses the link. Inside the
 * caller's transaction, after the purge's audit entry (action "purge", object "case", the case's id): the
 * database refuses the purge without it (migration 018), and for a case that is not closed. */
enum bp_err bp_purge_case(struct bp_store *s, int64_t case_id, int64_t child_id, bool *child_removed);
/* Keeps a purged case's anonymous statistics (st->id set by the caller, random) with its organisations. */
enum bp_err bp_case_statistic_add(struct bp_store *s, const struct bp_case_statistic *st);
/* Keeps, under the statistics row statistic_id, the groups case_id counts in the region's measures that
 * case_statistics cannot answer (K-4.3's invitations, the child at the meetings, follow-ups held by the
 * plans' dates before today), each with its period's quarter (store_region.c, migration 022). */
enum bp_err bp_case_statistic_groups_add(struct bp_store *s, int64_t statistic_id, int64_t case_id,
                                         struct bp_date today);
/* After purging, outside a transaction: no file of the database keeps the removed rows' bytes (driver.h's
 * reclaim). *warning says what could not be done ("" when everything was). */
enum bp_err bp_store_reclaim(struct bp_store *s, char *warning, size_t warning_len);
/* Before purging (issue 12): whether bp_store_reclaim could rewrite every table a purge touches as the
 * connected role. *problem says why not ("" when it could: always on SQLite); the role rule, no row data. */
enum bp_err bp_store_may_reclaim(struct bp_store *s, char *problem, size_t problem_len);
/* ---- what the region learns (store_region.c; V-12.4) ---- */
/* One measure's groups for the filter, counted in SQL (domain/region.h says what each row's columns
 * hold); CHILD_PRESENT and CHILD_HOW share one query (attendance in code, participation in code2). */
enum bp_err bp_region_counts(struct bp_store *s, struct bp_arena *a, enum bp_region_measure m,
                             const struct bp_region_filter *f, struct bp_region_count **out, size_t *n);

/* ---- backup and restore (store_backup.c, sqlite.c; issue 11 item 7) ---- */
/* Where bp_store_copy sends the copy: begin with its size, then its bytes in order (a failure stops it). */
struct bp_store_copy {
    enum bp_err (*begin)(void *arg, uint64_t size);
    enum bp_err (*write)(void *arg, const void *data, size_t n);
    /* phase "copy" (pages copied of the pages there are) then "read" (bytes); NULL: none */
    void (*progress)(void *arg, const char *phase, uint64_t done, uint64_t total);
    void *arg;
    int step_pages; /* pages per step at first (0: 256); doubled at each restart */
    int pause_ms;   /* a pause between two steps, to spare a busy server's disk (0: none) */
    int restarts;   /* out: how often a write by another connection made the copy start over */
};
/* SQLite: an online copy of the whole database with SQLite's backup API, a step of pages at a time, so that
 * the server goes on reading and writing between the steps (a write in between starts the copy over, with
 * larger steps, so that it always ends). The copy goes into a temporary file (0600) in the database's own
 * folder whose name is removed the moment SQLite has opened it: no ending, kill -9 included, leaves a
 * plaintext copy behind, and no plaintext is ever written where the backup goes. Outside a transaction.
 * BP_ERR_INVALID on PostgreSQL, whose backups are pg_basebackup and WAL archiving (docs/trust.md, 7). */
enum bp_err bp_store_copy(struct bp_store *s, struct bp_store_copy *to);
/* SQLite's PRAGMA integrity_check and foreign_key_check: problem is "" when both pass, else what the first
 * failing one says (table and page numbers, never row data). BP_ERR_INVALID on PostgreSQL. */
enum bp_err bp_store_verify(struct bp_store *s, char *problem, size_t problem_len);

/* A SQLite database being restored: a temporary file (0600) beside the target path, filled with
 * bp_restore_file_write, opened for its checks with bp_store_open(bp_restore_file_url(f)) and closed again,
 * then moved into place in one rename (bp_restore_file_place). bp_restore_file_free removes the temporary
 * file and its -wal, -shm and -writelock unless it was placed, on every path. */
struct bp_restore_file;
enum bp_err bp_restore_file_new(const char *target, struct bp_restore_file **out, char *err, size_t errlen);
enum bp_err bp_restore_file_write(struct bp_restore_file *f, const void *data, size_t n);
const char *bp_restore_file_url(const struct bp_restore_file *f); /* "sqlite:<temporary file>" */
/* Syncs the file and renames it over target. Refused (BP_ERR_CONFLICT, err says why) when target exists and
 * force is false, or when a process has the target database open (a running server: SQLite's shared lock on
 * its -shm file); the target's old -wal and -shm go first, so that no old log is replayed onto the new file.
 */
enum bp_err bp_restore_file_place(struct bp_restore_file *f, bool force, char *err, size_t errlen);
void bp_restore_file_free(struct bp_restore_file *f);
/* For a signal handler (async-signal-safe: unlink only): removes the temporary file of the restore under way
 * and its side files, so that an interrupted restore (Ctrl-C, SIGTERM) leaves no plaintext behind. */
void bp_restore_file_abandon(void);

/* Counts, for `barnplan check` and the demo generator. */
enum bp_err bp_store_count(struct bp_store *s, const char *table, int64_t *n);

#endif
