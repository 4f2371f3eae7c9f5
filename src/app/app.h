/* app.h: the use cases of Barnplan. Each one is what a handler (web page, API call or CLI command)
 * calls: it checks access with the domain's pure functions, reads and writes through the store, and
 * produces the audit entry. Writes and their audit entry are one transaction here. For reads the
 * audit entry is handed back (out-parameter `audit`) and the caller must commit it before it shows
 * anything (http/server.c batches these commits). Must not know about HTTP, HTML or JSON. */
#ifndef BP_APP_H
#define BP_APP_H
#include "util/arena.h"
#include "util/date.h"
#include "auth/auth.h"        /* the survey's code length */
#include "auth/backup_file.h" /* backup and restore */
#include "domain/model.h"
#include "domain/registration.h"
#include "domain/meeting.h" /* meetings */
#include "domain/consent.h"
#include "domain/preparation.h"
#include "domain/followup.h"
#include "domain/records.h"
#include "auth/auth.h"
#include "mail/smtp.h"
#include "domain/plan.h"  /* the plan */
#include "domain/forms.h" /* the plan's parts: their field tables */
#include "domain/tasks.h"
#include "domain/scan.h"           /* consent scans */
#include "domain/implementation.h" /* carrying out the plan */
#include "domain/closure.h"        /* closing a case */
#include "domain/survey.h"         /* the survey */
#include "domain/named_person.h"   /* X-1, X-2, X-3 */
#include "domain/retention.h"      /* retention */
#include "domain/region.h"         /* what the region learns */
#include "domain/family.h"         /* the family pages */
#include "domain/protection.h"     /* protected identity */
#include "domain/audit_chain.h"    /* the audit trail's chain */

struct bp_store; /* storage/store.h: only the use cases and the composition root call it */

/* Opens the database at url for a long-running process (a worker, the mailer): BP_ERR_CONFLICT with a
 * message in err when its schema is not the binary's (run `barnplan migrate`). */
enum bp_err bp_app_store_open(const char *url, struct bp_store **out, char *err, size_t errlen);
void bp_app_store_close(struct bp_store *s);
/* NULL while the store writes; after an fsync failure, why it refuses every write until the process restarts
 * (the fsync rule, docs/architecture.md). A worker then answers 503 to all that writes, personal reads too
 * (their audit entries are writes), and says so in its log and on /healthz. */
const char *bp_app_writes_stopped(const struct bp_store *s);

/* Local date + minutes after midnight in Europe/Stockholm (the process's TZ) as unix seconds (app/meeting.c):
 * the meetings' times, the region's periods, the audit command's --from and --to. A minute past the day's
 * last (24 * 60) is the next day's first. */
int64_t bp_app_local_to_unix(struct bp_date d, int minute);

/* The audit entries one answer carries. The web layer commits all of them, with those of other answers, in
 * one transaction before any byte of the answer leaves (http/server.c). */
struct bp_audits {
    struct bp_audit *items;
    size_t n, cap;
};
/* Appends a copy of e (its strings are not copied: they live in the same arena). */
void bp_audits_add(struct bp_arena *a, struct bp_audits *l, const struct bp_audit *e);

/* Who is acting, from where, and when. */
struct bp_actor {
    const struct bp_user *user; /* NULL: not logged in */
    const char *address;        /* client address (for the audit trail) */
    const char *channel;        /* "web", "api", "cli" */
    int64_t now;                /* unix seconds */
    const char *device;         /* the browser's bp_device token (V6.1.1), or NULL */
};

/* The date today in Europe/Stockholm for an actor. */
struct bp_date bp_actor_today(const struct bp_actor *a);

/* ---- login and sessions ---- */
struct bp_login_result {
    char token[BP_TOKEN_LEN + 1]; /* the cookie value: only its hash is stored */
    char csrf[BP_TOKEN_LEN + 1];
    struct bp_user user;
    /* V6.1.1: after a password login, the browser's bp_device token (set it as that cookie, its lifetime
     * BP_LOGIN_DEVICE_SECONDS); "" when the login was not by password */
    char device[BP_TOKEN_LEN + 1];
};
/* BP_ERR_UNAUTHENTICATED for a wrong username or password (same answer, same time), BP_ERR_THROTTLED
 * after too many failures (auth/throttle.h: for the account from this address, for the account, from the
 * address; a browser the account knows, actor->device, by its own only). Audited either way. Any earlier
 * session token the client had is irrelevant: a new one is always made (no fixation). */
enum bp_err bp_uc_login(struct bp_store *s, struct bp_arena *a, const char *username, const char *password,
                        const struct bp_actor *actor, struct bp_login_result *out);
/* Resolves a session token: fills user and session, touches last_seen (at most once a minute).
 * BP_ERR_UNAUTHENTICATED when missing, expired (idle or absolute) or the user is disabled. */
enum bp_err bp_uc_session(struct bp_store *s, struct bp_arena *a, const char *token, int64_t now,
                          struct bp_user *user, struct bp_session *session);
/* Logs out this session, or every session of the user. Audited. */
enum bp_err bp_uc_logout(struct bp_store *s, const struct bp_actor *actor, int64_t session_id,
                         bool everywhere);

/* ---- logins through the identity provider (OpenID Connect; issue 10 item 1, app/oidc.c) ---- */
struct bp_oidc_settings; /* oidc/oidc.h */
/* Whom a provider logs in: the staff (SITHS, usually behind a broker) or the families (BankID through a
 * broker, mapped to a child or a guardian by the personnummer claim; issue 10 item 1). */
enum bp_oidc_for { BP_OIDC_STAFF, BP_OIDC_FAMILY, BP_OIDC_FOR_COUNT };
/* The installation's providers (serve, at start); an empty issuer: none (passwords, or one-time codes). */
void bp_app_set_oidc(enum bp_oidc_for who, const struct bp_oidc_settings *settings);
/* What the login page's button names ("SITHS", "BankID" unless configured), or NULL when none is configured.
 */
const char *bp_app_oidc_name(enum bp_oidc_for who);
/* Starts a login at the provider: *url is where to send the browser, state what it must bring back (also
 * put in its cookie). The state, nonce and PKCE verifier are kept server-side until the callback takes them.
 * BP_ERR_NOT_FOUND: no provider configured; BP_ERR_UNAVAILABLE: its discovery document could not be read. */
enum bp_err bp_uc_oidc_start(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                             enum bp_oidc_for who, const char **url, char state[static BP_TOKEN_LEN + 1]);
/* What the provider sent the browser back with, and the state of the browser's cookie. */
struct bp_oidc_return {
    const char *state, *code, *error, *cookie_state;
};
/* Finishes a login: the state once only and from the same browser, the code exchanged, the ID token's
 * signature and claims (iss, aud, exp, iat, nonce) checked, the account linked to (issuer, subject), then a
 * session exactly as a password login's (audited "login", detail "oidc"). BP_ERR_UNAUTHENTICATED with *why
 * ("unknown": no account has that identity; else what failed) is audited "login_failed", "oidc:<why>". */
enum bp_err bp_uc_oidc_callback(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                const struct bp_oidc_return *in, struct bp_login_result *out,
                                const char **why);
/* A family member's login through the families' provider: checked as the staff's, then mapped by the
 * personnummer claim to the child or a guardian who may log in (never by name or e-mail). One person: a
 * session (detail "family_oidc"). Several (a parent of two children): no session yet, but *choices, one
 * single-use code each (BP_FAMILY_CHOICE_SECONDS) for the page to offer; the chosen one logs in with
 * bp_uc_family_login. Nobody: BP_ERR_UNAUTHENTICATED, *why "unknown", audited "login_failed". */
struct bp_family_choice {
    char code[BP_SURVEY_CODE_CHARS + 1];
    const char *child_name; /* the child's given name */
    bool as_child;          /* the person is the child (else a guardian of the child) */
};
enum bp_err bp_uc_family_oidc_callback(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                       const struct bp_oidc_return *in, struct bp_login_result *out,
                                       struct bp_family_choice **choices, size_t *n_choices,
                                       const char **why);

/* ---- the family's own way in and own pages (issue 10 items 2, 3; app/family.c, docs/family-access.md) ----
 * A family member is an account bound to the child or to one of the child's guardians (migration 024). Its
 * role (domain/family.h) is worked out on every request; what it sees follows docs/family-access.md's table,
 * applied here, so that no page or answer gets what the role may not see. Every read is audited like a
 * professional's (detail "family:<role> <what>"); a foreign or forged id is BP_ERR_NOT_FOUND, audited
 * "denied". */
struct bp_family_code {
    char code[BP_SURVEY_CODE_CHARS + 1]; /* shown once, on the letter; only its hash is kept */
    bool child;                          /* for the child (else a guardian) */
    const char *name;                    /* whom it is for: the child's given name or the guardian's name */
    int64_t expires_at;
    enum bp_model model;
};
/* A professional with full access makes a printed letter's one-time code for the child (guardian_id 0) or
 * a guardian of the case's child (BP_FAMILY_LETTER_SECONDS; an earlier letter's code stops working).
 * BP_ERR_CONFLICT when the person does not log in (a child under 7, a guardian of an adult). Audited. */
enum bp_err bp_uc_family_letter(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                int64_t case_id, int64_t guardian_id, struct bp_family_code *out);
/* Anyone: sends a one-time link (BP_FAMILY_LINK_SECONDS) to each guardian with this e-mail address who may
 * log in. The same answer whether or not any has it (no one learns who is in Barnplan); audited without
 * the address. Throttled per client address like logins (BP_ERR_THROTTLED). */
enum bp_err bp_uc_family_link_request(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                      const char *email);
/* Anyone: logs in with a typed code or a link's code, once; then a session as any login's (detail
 * "family_link" or "family_code"). BP_ERR_UNAUTHENTICATED for an unknown, used or expired code (audited
 * "login_failed"); BP_ERR_THROTTLED after too many from the address. */
enum bp_err bp_uc_family_login(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                               const char *typed, struct bp_login_result *out);
/* The family member's language (issue 10 item 11), remembered on their account. */
enum bp_err bp_uc_family_set_lang(struct bp_store *s, const struct bp_actor *actor, const char *lang);

/* Who the family member is in a case, and which of the table's items they see there. */
struct bp_family_member {
    int role;                      /* enum bp_family_role */
    int64_t guardian_id;           /* 0: the child */
    const struct bp_guardian *own; /* the member's own guardian row, NULL for the child */
    bool show[BP_FI_COUNT];
    /* issue 10 item 10: the child or another guardian is protected from this member (every `hide` item is
     * left out, docs/family-access.md section 6); marker: the "Skyddade personuppgifter" marker is shown (to
     * the protected person and to a guardian of a protected child who is not the one protected from) */
    bool protected_from, marker; /* per item of the table (enum bp_family_item): seen at all */
    /* `:invited` (a parent without custody, R5): the plan and follow-up meetings a meeting_invitees row names
     * the member in; for such a role the case answers 404 while there is none */
    int64_t *invited;
    size_t n_invited;
};
struct bp_family_meeting {
    struct bp_meeting m;
    struct bp_invitee *invitees; /* meeting.who; empty when not shown */
    size_t n_invitees;
    const char *chair_name, *note_taker_name, *org_name; /* meeting.roles */
};
struct bp_family_case_view {
    struct bp_family_member who;
    struct bp_case kase; /* the initiative's names blanked unless case.initiative */
    struct bp_child child;
    struct bp_guardian *guardians; /* the member's own row, and the others' names (guardians.other_name) */
    size_t n_guardians;
    struct bp_org *orgs; /* case.orgs */
    size_t n_orgs;
    struct bp_family_meeting *meetings; /* page.meeting: plan and follow-up meetings, not cancelled, earliest
                                           first; a child's only those they are invited to */
    size_t n_meetings;
    const struct bp_family_meeting *next; /* the next one from today, or NULL */
    bool has_plan;                        /* a finished version in force (R6: never a draft) */
    struct bp_plan plan;
    struct bp_plan_parts parts;
    struct bp_pending_decision *decisions; /* plan.decisions */
    size_t n_decisions;
    struct bp_plan *versions; /* plan.versions: the finished ones, oldest first */
    size_t n_versions;
    struct bp_org *all_orgs; /* names for the plan's organisation ids */
    size_t n_all_orgs;
    const struct bp_signature *own_signature; /* signature.own: the member's answer to the version in force */
    bool may_sign;                            /* ... not given yet, and the case is open */
    bool survey_waiting; /* survey.status: the member's own survey invitation is not answered yet (V-12.1) */
};
/* family.todo (issue 10 item 3, "what is asked of them now"; app/family_todo.c): derived from the case the
 * member has just read (no audit entry of its own), each only while the member may do it. */
struct bp_family_todo {
    int64_t meeting_id;   /* the next meeting, when the member's invitation to it waits for an answer */
    bool prepare;         /* the member's own questions before the coming meeting wait for answers */
    bool confirm_consent; /* an organisation asks for consent and this guardian has not answered */
    bool child_answer;    /* a young person of 15-17 has a consent in force without their own answer */
    bool sign;            /* the version in force waits for the member's answer */
    bool survey;          /* the member's survey waits */
    bool any;
};
enum bp_err bp_uc_family_todo(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                              const struct bp_family_case_view *v, struct bp_family_todo *out);
/* Whether the member's role sees any item of the preparation page (a route on which every item is none
 * answers 404; a parent without custody never, docs/family-access.md R5). */
bool bp_family_prep_seen(const struct bp_family_member *who);
/* The cases of the member's child they may open, newest first (page.cases). Audited. */
enum bp_err bp_uc_family_cases(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                               struct bp_family_case_view **out, size_t *n, struct bp_audit *audit);
/* One case as the member may see it: the summary, the meetings and the plan in force (page.case,
 * page.plan). `what` names the page in the audit detail ("case", "plan", "meeting"). */
enum bp_err bp_uc_family_case(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                              int64_t case_id, const char *what, struct bp_family_case_view *out,
                              struct bp_audit *audit);
/* One meeting of that case as the member may see it (page.meeting): *out as bp_uc_family_case's and *fm the
 * meeting in it. Another case's meeting, a preparation meeting or one a child is not invited to (K-4.1) is
 * BP_ERR_NOT_FOUND with *audit the refusal ("denied", object "meeting"); else *audit the read. */
/* page.closure_letter (V-11.3, V-11.4; app/family_closure.c): a closed case's letter to the family; the
 * closure (case.closure) only where the role sees it and nobody is protected from the member. Audited "read"
 * "closure"; a case still open, or a role without the page, BP_ERR_NOT_FOUND, audited "denied". */
struct bp_family_closure_view {
    struct bp_family_case_view c;
    bool has_closure;
    struct bp_closure closure;
};
enum bp_err bp_uc_family_closure(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                 int64_t case_id, struct bp_family_closure_view *out, struct bp_audit *audit);
enum bp_err bp_uc_family_meeting(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                 int64_t case_id, int64_t meeting_id, struct bp_family_case_view *out,
                                 const struct bp_family_meeting **fm, struct bp_audit *audit);
/* Issue 10 item 8, "who has looked": which professionals and organisations read the child's data, and when
 * (and the member's own reads; never another family member's), newest first, at most BP_MAX_PAGE_ROWS. Only
 * for the roles the table gives access.log (else BP_ERR_NOT_FOUND, audited); itself an audited read. */
enum bp_err bp_uc_family_access(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                int64_t case_id, struct bp_family_case_view *v, struct bp_audit **reads,
                                size_t *n, struct bp_audit *audit);
/* Issue 10 item 7 (app/family_plan.c). V-8a.2: the member answers the finished version in force for
 * themselves (typed: answer, reason and version; the rest is who they are), online (method "app"), once;
 * the errors are bp_signature_validate's on "signature.*". */
enum bp_err bp_uc_family_sign(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                              int64_t case_id, const struct bp_signature_input *typed,
                              struct bp_field_errors *errs);
struct bp_plan_view; /* the plan's section below */
/* V-8a.3, K-8.1: a finished version as the member may read it, for their own PDF copy; *audit the read of
 * "plan_pdf" (the copy received). A draft or a version the member may not read: BP_ERR_NOT_FOUND. */
enum bp_err bp_uc_family_plan_pdf(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                  int64_t case_id, int64_t version, struct bp_plan_view *out,
                                  struct bp_audit *audit);
/* V-12.1: a fresh code for the member's own unanswered survey invitation (the old one stops working), as
 * a printed letter makes; audited without the code. BP_ERR_NOT_FOUND: none waiting. */
enum bp_err bp_uc_family_survey(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                int64_t case_id, char code[static BP_SURVEY_CODE_CHARS + 1]);
/* guardians.own_contact (app/family_contact.c): whether a login at logged_in_at is recent enough to change
 * one's own contact details (BP_FAMILY_FRESH_SECONDS); and the change itself: a guardian's own phone and
 * e-mail, validated (BP_ERR_INVALID with errs; "login_again" on guardians.email when the login is too old),
 * audited, on the timeline without details, the old e-mail address told. */
bool bp_family_login_fresh(const struct bp_actor *actor, int64_t logged_in_at);
enum bp_err bp_uc_family_contact_save(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                      int64_t case_id, int64_t logged_in_at,
                                      const struct bp_guardian_input *in, struct bp_field_errors *errs);
/* ---- events and follow-ups on the family pages (issue 10 items 3, 7; app/family_events.c) ---- */
struct bp_family_event {
    struct bp_plan_event e; /* what, when, the decision and its note (V-9.4); who reported it left out */
    int item;               /* BP_FI_EVENT_LIST or BP_FI_EVENT_CHILD_REPORTS */
    const char *by;         /* who told: "own", "child", "guardian" or "org" (never a name) */
};
struct bp_family_events_view {
    struct bp_family_case_view c;
    struct bp_family_event *items; /* newest first: event.list, and event.child_reports by rule R2 */
    size_t n;
    bool may_report;    /* event.report: a finished plan in force and the case open */
    bool may_share;     /* the child from 12 to 17: the tick "Visa för mina vårdnadshavare" (R2) */
    bool guardians_see; /* the child under 12: the guardians read what they report whatever the tick */
};
/* /family/cases/{id}/events: the events the member may see, each item as the table says (a guardian sees
 * the child's reports under 12 or when the child shared them, R2; a child under 15 never a guardian's or a
 * professional's report). Audited "read" "plan_event", detail "family:<role> events"; a case of another
 * child BP_ERR_NOT_FOUND, audited "denied". */
enum bp_err bp_uc_family_events(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                int64_t case_id, struct bp_family_events_view *out, struct bp_audit *audit);
struct bp_family_review {
    const char *what;   /* the intervention reviewed, from the version followed up */
    struct bp_review r; /* V-10.4: its decision and note */
};
struct bp_family_followup {
    struct bp_followup
        f;            /* the fields of followup.record, .child_views, .guardians_view as the role sees them */
    int version;      /* the version it followed up */
    bool record;      /* followup.record shown */
    bool child_views; /* followup.child_views shown (R2) */
    const char *new_coordinator_org_name;
    struct bp_family_review *reviews; /* followup.record's review.decision, review.note (V-10.4) */
    size_t n_reviews;
};
struct bp_family_progress {
    const char *what;     /* the intervention (plan.interventions) */
    struct bp_progress p; /* its status and since when; the note (plan.progress_note) NULL when not shown */
};
struct bp_family_plan_view {
    struct bp_family_case_view c;
    struct bp_family_followup *followups; /* followup.record (V-10.3-V-10.7), V-10.2's words, oldest first */
    size_t n_followups;
    const struct bp_followup *next; /* followup.next (V-10.5): the latest one booked, or NULL */
    struct bp_child_voice *voices;  /* plan.child_voices (V-9.2) by rule R2, newest first: when and what */
    size_t n_voices;
    struct bp_family_progress *progress; /* plan.progress: the latest of each intervention in force */
    size_t n_progress;
};
/* The family's plan page: bp_uc_family_case's "plan", the child's words written down during the plan and the
 * follow-ups (two queries more, only here); the words by rule R2 (under 12, or the child's choice). */
enum bp_err bp_uc_family_plan_page(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                   int64_t case_id, struct bp_family_plan_view *out, struct bp_audit *audit);
/* ---- consent online (issue 10 item 4; app/family_consent.c, docs/family-access.md section 5.6) ---- */
struct bp_withdrawal_result;
struct bp_family_consent {
    struct bp_consent k; /* as the role may see it: consent.scope, consent.child_view, ... blanked when not */
    bool in_force;
    bool may_withdraw;     /* consent.withdraw is the role's and the consent is active */
    bool may_limit;        /* consent.limit is the role's, the consent is active and the case open */
    bool has_scan;         /* consent.scan: its signed paper is stored and the member may open it */
    bool may_child_answer; /* consent.child_answer: the young person (15-17) may answer, the consent active */
};
/* V-2.6: an organisation asked to take part, without a consent yet, and the confirmations so far
 * (consent.give) */
struct bp_family_ask {
    int64_t org_id;
    const char *org_name;
    const struct bp_consent_confirmation *mine;  /* the member's own, pending; NULL: none */
    const struct bp_consent_confirmation *other; /* the other guardian's, pending; NULL: none */
    bool may_give; /* consent.give is the role's, the case open, and the member has not confirmed */
};
struct bp_family_consents_view {
    struct bp_family_case_view v;    /* who the member is; the case, the child and the guardians unfiltered */
    struct bp_family_consent *items; /* the ledger, every row (in force, withdrawn, replaced) */
    size_t n;
    struct bp_family_ask *asks; /* when the role sees consent.give */
    size_t n_asks;
    bool may_withdraw; /* the role may withdraw a consent (consent.withdraw) */
};
/* The consent ledger of the member's child's case (consent.ledger): a role that does not see it, or a case
 * of another child, is BP_ERR_NOT_FOUND with *audit the refusal; else *audit the read ("consent"). */
enum bp_err bp_uc_family_consents(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                  int64_t case_id, struct bp_family_consents_view *out,
                                  struct bp_audit *audit);
/* consent.scan: the current scan of a consent in the member's ledger that they may open (has_scan), read and
 * audited ("read consent_scan"); anything else BP_ERR_NOT_FOUND, audited as denied. */
enum bp_err bp_uc_family_consent_scan_get(struct bp_store *s, struct bp_arena *a,
                                          const struct bp_actor *actor, int64_t case_id, int64_t consent_id,
                                          struct bp_consent_scan *out, struct bp_audit *audit);
/* V-2.8: the member withdraws consent_id today, as the professionals' withdrawal does
 * (bp_uc_consent_withdraw: at once, everyone involved told, V-2.9 closing proposed), withdrawal.by the
 * guardians, the child or the adult student. A role without consent.withdraw BP_ERR_FORBIDDEN, another
 * child's case or consent BP_ERR_NOT_FOUND, both audited "denied"; an inactive consent BP_ERR_INVALID (errs).
 */
enum bp_err bp_uc_family_consent_withdraw(struct bp_store *s, struct bp_arena *a,
                                          const struct bp_actor *actor, int64_t case_id, int64_t consent_id,
                                          struct bp_withdrawal_result *res, struct bp_field_errors *errs);
/* V-2.8 (a change; consent.limit): the member narrows active consent consent_id of an open case
 * (bp_consent_limit: the scope, the professionals' preparation left out, an earlier renewal date), which
 * takes effect at once for both guardians (product choice 12): a new row of the ledger replaces it, as a
 * professional's change does, everyone involved is told. *new_id the new row. Refusals as the withdrawal's;
 * a closed case BP_ERR_CONFLICT ("case_closed" on consent.scope); bad input BP_ERR_INVALID (errs). */
/* consent.child_answer (V-2.2, product choice): the young person of 15-17 records their own "yes" or "no"
 * beside the guardians' consent. It does not block the consent; a "no" notifies the organisation, to weigh.
 * Audited; on the timeline. Bad input BP_ERR_INVALID; an ended consent or closed case BP_ERR_CONFLICT. */
enum bp_err bp_uc_family_consent_child_answer(struct bp_store *s, struct bp_arena *a,
                                              const struct bp_actor *actor, int64_t case_id,
                                              int64_t consent_id,
                                              const struct bp_consent_child_answer_input *in,
                                              struct bp_field_errors *errs);
enum bp_err bp_uc_family_consent_limit(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                       int64_t case_id, int64_t consent_id, const struct bp_consent_input *in,
                                       int64_t *new_id, struct bp_field_errors *errs);
/* V-2.1, V-2.6 (consent.give): the member confirms the request of organisation org_id (asked to take part,
 * no consent yet) with the terms typed (scope, covers_preparation, renew_on; a second guardian's may only
 * narrow the first's, bp_consent_limit). Each guardian confirms for themselves; when every guardian has (the
 * adult student: at once), the consent is recorded as a row of the ledger (giver guardians or adult_student,
 * form "other", given today), the organisation takes part and everyone involved is told; *in_force says so.
 * Refusals as the withdrawal's (not asked: BP_ERR_NOT_FOUND, audited); already confirmed BP_ERR_CONFLICT
 * ("already_confirmed" on consent.scope); a closed case BP_ERR_CONFLICT; bad input BP_ERR_INVALID. */
enum bp_err bp_uc_family_consent_give(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                      int64_t case_id, int64_t org_id, const struct bp_consent_input *in,
                                      bool *in_force, struct bp_field_errors *errs);
/* OWASP ASVS V16.3.3: a request refused as a likely attempt to get round a control, put on record as
 * "denied" "page" with detail "<why>:<route>" (a route's name: no ids, no personal data). why: "csrf" (the
 * session's or the login form's CSRF token missing or wrong), "too_long" (a form value over
 * BP_MAX_FORM_VALUE, which no page's field lets a browser send), "too_many_fields". */
enum bp_err bp_uc_request_refused(struct bp_store *s, const struct bp_actor *actor, const char *why,
                                  const char *route);
/* A route the family member may not use (a professional page): put on record as denied. */
enum bp_err bp_uc_family_denied(struct bp_store *s, const struct bp_actor *actor, const char *route);

/* ---- the child's voice and the guardians' own answers online (issue 10 item 5; app/family_prep.c) ----
 * The preparation for the meeting where the plan is made (meeting_id 0), as docs/family-access.md section
 * 5.3 lets the member see it: the child (7 and up) their own answers, choices and letter; a guardian the
 * child's own words by rule R2 (under 12, or shared from 12), how the child takes part, and their own
 * answers only (R3, R4). A value the member may not see is blanked here, never on the page. */
struct bp_family_prep_view {
    struct bp_family_case_view c; /* who the member is; the case; the child's names; the guardians' names */
    bool is_child;
    bool has_child_prep; /* the child's preparation exists and the member sees some of it */
    struct bp_child_prep_record child_prep; /* blanked per item: */
    bool sees_answers, sees_participation, sees_wishes, sees_letter, sees_record;
    bool child_may_answer; /* the child, the case open and the preparation not marked done */
    bool may_share;        /* the child from 12 to 17: the tick "Visa för mina vårdnadshavare" (R2) */
    bool guardians_see; /* the child under 12: the guardians see the child's words whatever the tick (R2) */
    bool has_own_prep;  /* a guardian's own preparation (never anyone else's) */
    struct bp_guardian_prep_record own_prep;
    bool guardian_may_answer; /* a guardian, the case open and their preparation not marked done */
};
/* The member's preparation page: read audited (object "preparation", detail "family:<role> prep"); a case
 * of another child, or a role that sees no item of the page, is BP_ERR_NOT_FOUND (audited "denied"). */
enum bp_err bp_uc_family_prep(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                              int64_t case_id, struct bp_family_prep_view *out, struct bp_audit *audit);
/* The child answers online (prep.child_answers, change:own): only the child's own fields of `in` are taken
 * (bp_child_prep_input_own), checked by bp_child_prep_validate (errs with "prep.*" paths), and land in the
 * same record the professionals prepare with (meeting_id 0); their record of how the child was told stays.
 * One transaction with the timeline event "child_prep_online" (never the words) and the audit entry.
 * BP_ERR_FORBIDDEN for a member who is not the child (audited), BP_ERR_CONFLICT with "prep" "case_closed"
 * or "prep_done" when it can no longer change. */
enum bp_err bp_uc_family_child_prep_save(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                         int64_t case_id, const struct bp_child_prep_input *in,
                                         struct bp_field_errors *errs);
/* A guardian answers their own questions (guardian_prep.answers, change:own; V-4.1, V-4.2): only the five
 * answers of `in` ("guardian_prep.answer_N"), to their own preparation, with the event
 * "guardian_prep_online" (the guardian's name, never the words). As above otherwise ("guardian_prep"). */
enum bp_err bp_uc_family_guardian_prep_save(struct bp_store *s, struct bp_arena *a,
                                            const struct bp_actor *actor, int64_t case_id,
                                            const struct bp_guardian_prep_input *in,
                                            struct bp_field_errors *errs);

/* ---- cases ---- */
/* Registers a child with guardians and an initiative: validates (errs gets every field problem),
 * then stores child, guardians, case, the first timeline event and the audit entry in one
 * transaction. Nothing is written when anything fails. */
enum bp_err bp_uc_register_case(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                const struct bp_registration_input *in, int64_t *case_id,
                                struct bp_field_errors *errs);

struct bp_case_view {
    struct bp_case kase;
    struct bp_child child;
    struct bp_guardian *guardians;
    size_t n_guardians;
    struct bp_event *events;
    size_t n_events;
    struct bp_org *orgs; /* taking part */
    size_t n_orgs;
    struct bp_consent *consents; /* the ledger, oldest first */
    size_t n_consents;
    int access;         /* enum bp_access: BP_ACCESS_FULL; BP_ACCESS_INTAKE (registration and consents); or
                           BP_ACCESS_ASKED (V-2.6: the child, the guardians, the initiator, the own consents) */
    int64_t via_org_id; /* the organisation the actor sees it through */
    const int64_t *asked_orgs; /* the organisations asked to take part (V-2.6; under consent too) */
    size_t n_asked_orgs;
    struct bp_org *asked_waiting; /* V-2.6: asked, without a consent in force yet (not the initiating one) */
    size_t n_asked_waiting;
    bool has_ask; /* asked access: who asked the actor's organisation, and when */
    struct bp_case_ask ask;
    struct bp_task_list *tasks; /* every task of the case, with its deadline and status (app/tasks.c) */
    const struct bp_meeting_view *meetings; /* full access only: the case's meetings, earliest first */
    size_t n_meetings;
    bool has_prep_status; /* full access only: who is prepared for the coming meeting (V-4.3) */
    struct bp_prep_status prep_status;
    struct bp_consent_scan *scans; /* consent scans: the current scan of each consent, without bytes */
    size_t n_scans;
    const struct bp_plan *plan; /* full access: the newest version (the snapshot's), NULL: none stored */
    struct bp_plan *versions; /* case page, full access: the plan's stored versions, oldest first (V-10.6) */
    size_t n_versions;
    bool has_closure; /* closing a case: a closed case's closure (bp_uc_case_page reads it, one query) */
    struct bp_closure closure;
};
/* Loads one case for the actor under the access rule (domain/access.h): with BP_ACCESS_INTAKE only
 * the registration, the consent ledger and the organisation's own timeline events are filled.
 * BP_ERR_NOT_FOUND when there is no such case, and when the rule gives the actor no access at all (a refusal
 * looks like a case that does not exist, so ids cannot be probed); BP_ERR_FORBIDDEN when the actor sees
 * the intake but the call needs full access. A refusal is in *audit as "denied" with the reason. *audit is
 * always filled. */
enum bp_err bp_uc_case_view(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                            int64_t case_id, struct bp_case_view *out, struct bp_audit *audit);
/* The same for a part of the case that needs at least `need` (BP_ACCESS_INTAKE: the case's small forms,
 * its closure): an organisation only asked to take part (V-2.6) is refused, BP_ERR_FORBIDDEN, audited. */
enum bp_err bp_uc_case_view_need(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                 int64_t case_id, int need, struct bp_case_view *out, struct bp_audit *audit);
/* The case page: the case view and, under full access, who is prepared for the coming meeting, a read of
 * its own (object "prep_status"), and the plan's versions (V-10.6). Every entry is appended to *audits, a
 * refusal's too, and the caller commits them all before it shows anything. */
enum bp_err bp_uc_case_page(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                            int64_t case_id, struct bp_case_view *out, struct bp_audits *audits);
/* K-1.2: the organisation that took the initiative in Kronoberg records that it informed the
 * barnensbästa-ansvarig (`on`: "YYYY-MM-DD"). Field "named_person.on"; BP_ERR_CONFLICT
 * ("not_other_org") for a case that is not on that route. Intake access suffices. */
enum bp_err bp_uc_named_person_informed(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                        int64_t case_id, const char *on, struct bp_field_errors *errs);
/* K-0.8: the guardians ask for a SIP after the registration; the case's plan, and its draft, become a SIP
 * (bp_sip_request_check). Intake access suffices; on the timeline as "sip_requested". */
/* Issue 10 item 10: records who of the child and the guardians is protected (skyddade personuppgifter) and
 * from whom (bp_protection_validate's errors, BP_ERR_INVALID). Intake access suffices (the initiating
 * organisation, which registered them, may record it before any consent). Through the unit of work: the
 * audit entry's detail names the fields that changed, never their values; the timeline event
 * "protection_changed" has no note. */
enum bp_err bp_uc_protection_set(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                 int64_t case_id, const struct bp_protection_input *in,
                                 struct bp_field_errors *errs);
enum bp_err bp_uc_insist_on_sip(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                int64_t case_id, bool explained, struct bp_field_errors *errs);
/* K-1.2: at later meetings, responsibility passes to the organisation with the greatest responsibility
 * for the child: one taking part under its own consent. Kronoberg cases another organisation initiated;
 * full access. Field "responsibility.org_id". The organisation taking over is told. */
enum bp_err bp_uc_pass_responsibility(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                      int64_t case_id, const char *org_id, struct bp_field_errors *errs);
/* ---- Kronoberg's barnensbästa-ansvarig as a person (app/named_person.c; X-1, X-2, X-3, K-1.2) ---- */
/* Everything the BBA's page and answer show: the history of BBAs (the current one last, `current`), who may
 * be one (the members of the organisations taking part) with the suggestion for the child's age, what the
 * actor may do, and whether the current BBA's organisation has its consent in force, without which they
 * cannot see the case (X-2; the access rule is not weakened). */
struct bp_named_person_view {
    struct bp_case kase;
    int access; /* enum bp_access */
    struct bp_named_person *history;
    size_t n_history;
    const struct bp_named_person *current; /* NULL: nobody named yet */
    struct bp_bba_candidate *candidates;
    size_t n_candidates;
    long suggestion;     /* index in candidates, or -1 */
    int stage;           /* enum bp_bba_stage */
    struct bp_org *orgs; /* taking part: where a need may be handed over (X-3) */
    size_t n_orgs;
    bool current_sees_case; /* the current BBA's organisation takes part with its own consent in force */
    bool may_name;          /* no BBA yet, or the actor is the BBA or acts for the responsible organisation */
    bool may_decide;        /* the actor is the current BBA and has not recorded the decision (X-3) */
};
/* A Kronoberg case's BBA (intake access; audited as a read of "named_person"). A Västerbotten case is
 * BP_ERR_NOT_FOUND: nothing of this exists there. */
enum bp_err bp_uc_named_person_view(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                    int64_t case_id, struct bp_named_person_view *out,
                                    struct bp_audit *audit);
/* Names the BBA (X-1: the suggestion confirmed, or another member picked; "bba.user_id"), or hands the
 * role to the next person when the child moves on: then only the current BBA or someone acting for the
 * organisation responsible for the meetings may (else BP_ERR_FORBIDDEN, on record). The person is told in
 * the app and by e-mail, the one handing over too; K-1.2's "informed" is recorded with it. Intake access. */
enum bp_err bp_uc_named_person_name(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                    int64_t case_id, const char *user_id, struct bp_field_errors *errs);
/* X-3: the current BBA records their decision ("bba_decision.decision": own_org, hand_over, collaborate;
 * "bba_decision.org_id" for hand_over: another organisation taking part, which is told). Only the current
 * BBA (else BP_ERR_FORBIDDEN, on record); once (BP_ERR_CONFLICT "already_decided"). */
enum bp_err bp_uc_named_person_decide(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                      int64_t case_id, const char *decision, const char *org_id,
                                      struct bp_field_errors *errs);

/* The actor's cases ("my cases"): cases one of the actor's organisations takes part in. */
enum bp_err bp_uc_case_list(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                            size_t limit, size_t offset, struct bp_case **out, size_t *n,
                            struct bp_audit *audit);

/* ---- consent (app/consent.c; V-2.x, K-2.x) ---- */
/* Records a consent obtained by the actor for one organisation. The organisation then takes part in
 * the case. BP_ERR_CONFLICT (errs: "consent.org_id" "already_active") when that organisation already
 * has an active consent: change it instead. V-2.6: in Västerbotten only a member of that organisation
 * records it (asked to take part suffices); in Kronoberg the initiating organisation, or one under consent,
 * for any organisation (K-2.1, K-2.2). Otherwise "consent.org_id" "own_org_only". */
enum bp_err bp_uc_consent_record(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                 int64_t case_id, const struct bp_consent_input *in, int64_t *consent_id,
                                 struct bp_field_errors *errs);
/* Changes a consent (V-2.8): a new ledger row for the same organisation replaces the active one, and
 * everyone involved is told. */
enum bp_err bp_uc_consent_change(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                 int64_t case_id, int64_t consent_id, const struct bp_consent_input *in,
                                 int64_t *new_id, struct bp_field_errors *errs);
/* Records a withdrawal (V-2.8): that organisation's access ends at once, everyone involved is told in
 * the app and by e-mail, and when no consent is left in force the case is proposed for closure
 * (V-2.9). *res tells the caller what followed. */
struct bp_withdrawal_result {
    bool closure_proposed;  /* V-2.9: no consent left in force */
    bool actor_lost_access; /* the actor's own organisation can no longer open the case */
};
enum bp_err bp_uc_consent_withdraw(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                   int64_t case_id, int64_t consent_id, const struct bp_withdrawal_input *in,
                                   struct bp_withdrawal_result *res, struct bp_field_errors *errs);
/* V-2.6: asks organisation `org_id` (decimal) to take part: its members are told, see what they need to
 * reach the family (BP_ACCESS_ASKED) and record their own consent. Intake access, the case open. Field
 * "ask.org_id": "required", "choice" (no such organisation), "already_asked" (asked, or under consent). */
enum bp_err bp_uc_case_ask_org(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                               int64_t case_id, const char *org_id, struct bp_field_errors *errs);
/* Loads the case and one consent of it for a form: at least "asked" access (the organisation's own). */
enum bp_err bp_uc_consent_get(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                              int64_t case_id, int64_t consent_id, struct bp_case_view *view,
                              struct bp_consent *out, struct bp_audit *audit);

/* ---- consent scans (app/consent_scan.c; V-2.5, K-2.1) ---- */
/* A file as it arrived (util/multipart.h's struct bp_upload, or NULL when none was sent). */
struct bp_scan_input {
    bool present;          /* a file was chosen (false: no part, or an empty file name and no bytes) */
    const char *file_name; /* as given */
    const unsigned char *data;
    size_t len;
    bool too_large; /* the decoder dropped it: over BP_MAX_SCAN_BYTES */
};
/* A use case that attaches a scan to a record of the case (a consent's or a signature's, below): the
 * scan's id in *scan_id, or field errors. */
typedef enum bp_err (*bp_scan_attach_fn)(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                         int64_t case_id, int64_t owner_id, const struct bp_scan_input *in,
                                         int64_t *scan_id, struct bp_field_errors *errs);
/* A use case that reads a record's current scan with its bytes for download (below), *audit always filled. */
typedef enum bp_err (*bp_scan_get_fn)(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                      int64_t case_id, int64_t owner_id, struct bp_consent_scan *out,
                                      struct bp_audit *audit);
/* Attaches the scanned paper form to a consent of the case: at least intake access, the case open, a
 * PDF, JPEG or PNG (by its first bytes) of at most BP_MAX_SCAN_BYTES. A previous scan is superseded, not
 * deleted. The scan, the timeline event "consent_scan_added" and the audit entry ("create",
 * "consent_scan") are one transaction. Field errors on "scan.file": "file_required", "file_type",
 * "file_too_large"; on "consent": "case_closed". BP_ERR_NOT_FOUND: no such consent in this case. */
enum bp_err bp_uc_consent_scan_attach(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                      int64_t case_id, int64_t consent_id, const struct bp_scan_input *in,
                                      int64_t *scan_id, struct bp_field_errors *errs);
/* The consent's current scan with its bytes, for download: at least intake access; *audit ("read",
 * "consent_scan") is always filled and must be committed before a byte leaves. BP_ERR_NOT_FOUND: no
 * such consent in the case, or no scan. */
enum bp_err bp_uc_consent_scan_get(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                   int64_t case_id, int64_t consent_id, struct bp_consent_scan *out,
                                   struct bp_audit *audit);
/* ---- end consent scans ---- */
/* ---- meetings ---- */
/* Meetings and invitations (app/meeting.c; V-4.3-V-4.5, K-4.1-K-4.8, V-5.x, V-6.x, V-8a.6). Meetings are
 * the case's shared information: every use case needs full access (the actor's own consent). Reads hand
 * back the audit entry; writes, their timeline event, their e-mails and notifications and their audit
 * entry are one transaction. */
struct bp_meeting_detail {
    struct bp_case kase;
    struct bp_child child;
    struct bp_guardian *guardians;
    size_t n_guardians;
    struct bp_org *orgs; /* taking part */
    size_t n_orgs;
    struct bp_meeting m;
    struct bp_invitee *invitees;
    size_t n_invitees;
    struct bp_absence_decision *decisions;
    size_t n_decisions;
    enum bp_absence_step *steps; /* per invitee: what must happen next (V-6.2, K-4.7, K-4.8) */
    const char *caller_name, *chair_name, *note_taker_name;
    struct bp_user *members; /* the users of the organisations taking part (chair, note-taker, invitees) */
    size_t n_members;
    bool needs_debrief; /* V-8a.6 */
};
/* The case's meetings, earliest first, and the case's model (which names them). */
enum bp_err bp_uc_meeting_list(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                               int64_t case_id, struct bp_meeting **out, size_t *n, enum bp_model *model,
                               struct bp_audit *audit);
/* One meeting with its invitees; meeting_id 0: only the case part (for a new meeting's form). */
enum bp_err bp_uc_meeting_view(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                               int64_t case_id, int64_t meeting_id, struct bp_meeting_detail *out,
                               struct bp_audit *audit);
/* Plans a meeting (V-4.5: the actor calls it; V-5.7: chairs unless someone else is named). The
 * professionals' preparation needs a consent that covers it (V-2.7, V-5.2: "meeting.kind"
 * "preparation_consent"). */
enum bp_err bp_uc_meeting_plan(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                               int64_t case_id, const struct bp_meeting_input *in, int64_t *meeting_id,
                               struct bp_field_errors *errs);
/* Changes a planned meeting; once the invitation is sent, a change the calendars must see raises the
 * SEQUENCE and sends every invitee with an e-mail address the update (METHOD:REQUEST). */
enum bp_err bp_uc_meeting_edit(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                               int64_t case_id, int64_t meeting_id, const struct bp_meeting_input *in,
                               bool *update_sent, struct bp_field_errors *errs);
/* Adds an invitee (a professional's name and e-mail default to the user's); after the invitation was
 * sent the new invitee gets it at once. */
enum bp_err bp_uc_invitee_add(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                              int64_t case_id, int64_t meeting_id, const struct bp_invitee_input *in,
                              int64_t *invitee_id, struct bp_field_errors *errs);
enum bp_err bp_uc_invitee_remove(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                 int64_t case_id, int64_t meeting_id, int64_t invitee_id);
/* Sends the invitation (bp_invitation_check): BP_ERR_INVALID with errs when something stops it;
 * BP_ERR_CONFLICT with warns when there are warnings and !confirmed (they are shown and confirmed,
 * never silently ignored); else one e-mail with a calendar REQUEST per invitee with an address and a
 * notification to each professional invitee who is a user. `deadline` receives the three-week rule. */
enum bp_err bp_uc_meeting_send(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                               int64_t case_id, int64_t meeting_id, bool confirmed,
                               struct bp_deadline *deadline, struct bp_field_errors *errs,
                               struct bp_field_errors *warns);
/* Cancels a planned meeting: a METHOD:CANCEL e-mail to everyone who was invited. */
enum bp_err bp_uc_meeting_cancel(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                 int64_t case_id, int64_t meeting_id, struct bp_field_errors *errs);
/* Records an invitee's answer: a professional who is a user answers for themselves; the answers of the
 * child, the guardians and other adults are recorded by a professional. A no in Kronoberg tells the
 * inviter (K-4.7). *step receives what must happen next (V-6.2, K-4.8). */
enum bp_err bp_uc_invitee_answer(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                 int64_t case_id, int64_t meeting_id, int64_t invitee_id,
                                 const struct bp_answer_input *in, enum bp_absence_step *step,
                                 struct bp_field_errors *errs);
/* The member's own invitation to one of the case's meetings they see (meeting.own_answer): own NULL when the
 * meeting is not theirs to see or they are not invited; may_answer while it is planned, not begun, the case
 * open and the role's table cell allows it. Reads no more than the invitees of the meeting. */
struct bp_family_invitation {
    const struct bp_meeting *meeting;
    const struct bp_invitee *own;
    size_t index; /* own's place among the meeting's invitees */
    bool may_answer;
};
enum bp_err bp_uc_family_invitation(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                    const struct bp_family_case_view *v, int64_t meeting_id,
                                    struct bp_family_invitation *out);
/* meeting.own_answer (issue 10 item 3, K-4.7): a family member answers their own invitation to a planned
 * meeting they may see (errors on "answer.answer", "answer.reason"); a no tells the inviter. Not invited, or
 * another case's meeting: BP_ERR_NOT_FOUND, on record as denied; begun or no longer planned: BP_ERR_CONFLICT.
 */
enum bp_err bp_uc_family_meeting_answer(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                        int64_t case_id, int64_t meeting_id, const struct bp_answer_input *in,
                                        struct bp_field_errors *errs);
/* K-4.8: the inviter records the decision taken with the guardian; "cancel" cancels the meeting. */
enum bp_err bp_uc_absence_decide(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                 int64_t case_id, int64_t meeting_id, int64_t invitee_id,
                                 const struct bp_absence_decision_input *in, struct bp_field_errors *errs);
/* After the meeting: attendance, the child's last word (V-6.10), the representative (V-8a.6). */
enum bp_err bp_uc_meeting_held(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                               int64_t case_id, int64_t meeting_id, const struct bp_held_input *in,
                               struct bp_field_errors *errs);
/* V-8a.6: records that the child was told afterwards what was said. */
enum bp_err bp_uc_meeting_debrief(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                  int64_t case_id, int64_t meeting_id, const char *debriefed_on,
                                  struct bp_field_errors *errs);
/* ---- end meetings ---- */

/* ---- preparation (app/prep.c; V-3.x, V-4.1, V-4.2, V-4.3) ---- */
/* Everything about preparing for a meeting (the one where the plan is made: meeting_id NULL in storage;
 * or a follow-up meeting, V-10.2): the child's and the
 * guardians' preparations and who is prepared. Needs full access (the organisation's own consent in
 * force); every read is audited (object "preparation"), every write is one transaction with its
 * timeline event and audit entry; a refusal is audited as "denied". */
struct bp_prep_view {
    struct bp_case kase;
    struct bp_child child;
    struct bp_guardian *guardians;
    size_t n_guardians;
    bool has_child_prep; /* false: the child's preparation has not been started */
    struct bp_child_prep_record child_prep;
    struct bp_guardian_prep_record *guardian_preps; /* by guardian id; guardians not started have none */
    size_t n_guardian_preps;
    struct bp_prep_status status;
    int64_t via_org_id;
    int64_t meeting_id; /* 0: the meeting where the plan is made; else a follow-up meeting (V-10.2) */
};
/* One guardian's preparation in the view, or NULL when it is not started. */
const struct bp_guardian_prep_record *bp_prep_view_guardian(const struct bp_prep_view *v,
                                                            int64_t guardian_id);
/* Loads the preparations of the case for a page or the API: for the meeting where the plan is made
 * (meeting_id 0), or for a follow-up meeting of the case (V-10.2: the preparation of V-3 again;
 * BP_ERR_NOT_FOUND for any other meeting). The saves below take the same meeting_id. */
enum bp_err bp_uc_prep_view(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                            int64_t case_id, int64_t meeting_id, struct bp_prep_view *out,
                            struct bp_audit *audit);
/* Saves the child's preparation (V-3.2: the initiating organisation is responsible; any organisation
 * with full access may record it, and the record shows who did). in->done marks it done. errs gets
 * every field error (BP_ERR_INVALID, nothing stored); warns the warnings, which never block (V-3.5).
 * BP_ERR_CONFLICT with "prep" "case_closed" for a closed case. */
enum bp_err bp_uc_child_prep_save(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                  int64_t case_id, int64_t meeting_id, const struct bp_child_prep_input *in,
                                  int64_t *id, struct bp_field_errors *errs, struct bp_field_errors *warns);
/* Saves one guardian's preparation (V-4.1, V-4.2), as above; in->guardian_id names the guardian. */
enum bp_err bp_uc_guardian_prep_save(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                     int64_t case_id, int64_t meeting_id,
                                     const struct bp_guardian_prep_input *in, int64_t *id,
                                     struct bp_field_errors *errs, struct bp_field_errors *warns);
/* ---- end preparation ---- */

/* ---- the plan ---- */
/* The plan (app/plan.c; V-7.x, K-7.x, V-8a.2-V-8a.5). The plan is shared information: every use case
 * needs full access (the actor's organisation has its own consent in force, bp_app_case_access); an
 * organisation with intake access only gets BP_ERR_FORBIDDEN, audited. Each write works on the case's
 * newest version (the first write stores draft version 1; a read never does), and the write, its timeline
 * event and its audit entry are one transaction; nothing is stored when anything fails. */
struct bp_plan_view {
    struct bp_case kase;
    struct bp_child child;
    struct bp_guardian *guardians;
    size_t n_guardians;
    struct bp_org *orgs; /* taking part, with names */
    size_t n_orgs;
    struct bp_plan plan;
    struct bp_plan_parts parts;
    bool *may_edit_intervention; /* V-8a.4: per intervention, whether the actor's organisation owns it */
    struct bp_pending_decision *decisions;
    size_t n_decisions;
    struct bp_signature
        *signatures; /* of the version in force: this one, or the finished one before a draft */
    size_t n_signatures;
    struct bp_signature *earlier_signatures; /* V-8a.2: the answers to older versions, shown as such */
    size_t n_earlier_signatures;
    struct bp_signer_row *signers; /* V-8a.2: who is expected to answer the version in force, and how */
    size_t n_signers;
    int signing_version; /* V-8a.2, V-10.6: the version one signs, the finished one in force; 0: none yet */
    int64_t coordination_pending[BP_MAX_COORDINATORS]; /* V-10.7: new coordinators yet to accept */
    size_t n_coordination_pending;
    struct bp_plan *versions; /* V-10.6: every stored version, oldest first (without coordinators) */
    size_t n_versions;
    int64_t via_org_id;
    /* V-9.1: per intervention, the latest word on how it goes (its line's, from any version), or NULL */
    const struct bp_progress **latest_progress;
    struct bp_plan_copy *copies; /* V-8a.3, K-8.1: copies handed over or posted, oldest first */
    size_t n_copies;
    struct bp_plan_download *downloads; /* the professionals' PDF downloads, oldest first */
    size_t n_downloads;
};
/* Loads the plan for reading. It writes nothing but *audit: an open case without a plan gets an empty
 * draft version 1 of the case's plan kind that is not stored (plan.id 0), and the first write stores it
 * (with its "plan_opened" event) in that write's transaction. A closed case without a plan is
 * BP_ERR_NOT_FOUND. *audit is always filled and the caller commits it before showing anything. */
enum bp_err bp_uc_plan_view(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                            int64_t case_id, struct bp_plan_view *out, struct bp_audit *audit);
/* V-10.6: a change to a finished plan starts a new draft version, a copy of it (its shared fields, goals,
 * interventions, commitments and contacts); the finished version stays in force, and is replaced only when
 * the new one is finished. BP_ERR_CONFLICT "plan.status" "draft_exists" when the newest version is a
 * draft (or there is none). *version: the new version's number. */
enum bp_err bp_uc_plan_new_version(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                   int64_t case_id, int *version, struct bp_field_errors *errs);
/* ---- following up the plan (app/followup.c; V-10.x) ---- */
struct bp_followup_view {
    struct bp_case kase;
    struct bp_child child;
    struct bp_guardian *guardians; /* each prepared again for the follow-up (V-10.2) */
    size_t n_guardians;
    struct bp_org *orgs; /* taking part, with names */
    size_t n_orgs;
    struct bp_meeting meeting; /* the follow-up meeting */
    bool has_previous;         /* V-10.3: the last meeting held before it */
    struct bp_meeting previous;
    bool has_previous_followup; /* ... and, when that was a follow-up, what it found */
    struct bp_followup previous_followup;
    bool has_plan;       /* false: no version finished yet, nothing to follow up */
    struct bp_plan plan; /* the version followed up (in force when the follow-up began) */
    struct bp_plan_parts parts;
    struct bp_pending_decision *decisions; /* V-10.3: the decisions taken and waited for */
    size_t n_decisions;
    bool saved;
    struct bp_followup followup; /* as saved; empty when not yet */
    struct bp_review *reviews;   /* V-10.4: the interventions reviewed so far */
    size_t n_reviews;
    struct bp_progress *progress; /* V-9.1: how the interventions have gone (the latest per line counts) */
    size_t n_progress;
    struct bp_child_voice *voices; /* V-9.2, V-10.2: what the child said since the version was finished */
    size_t n_voices;
};
/* The follow-up page of a follow-up meeting of the case (BP_ERR_NOT_FOUND for any other meeting); full
 * access, audited as a read of "followup". */
enum bp_err bp_uc_followup_view(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                int64_t case_id, int64_t meeting_id, struct bp_followup_view *out,
                                struct bp_audit *audit);
/* V-10.2, V-10.4, V-10.5, V-10.6, V-10.7: saves what was heard before the meeting, the checklist, the next
 * follow-up, whether coordination is still needed and by whom (bp_followup_validate's fields). A follow-up
 * needs a finished version ("followup.plan" "no_plan") and changes no more once the updated plan is made
 * ("followup.new_plan" "exists"): BP_ERR_CONFLICT. */
enum bp_err bp_uc_followup_save(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                int64_t case_id, int64_t meeting_id, const struct bp_followup_input *in,
                                struct bp_field_errors *errs);
/* V-10.4: one intervention of the version followed up, reviewed (BP_ERR_NOT_FOUND for any other). */
enum bp_err bp_uc_review_save(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                              int64_t case_id, int64_t meeting_id, int64_t intervention_id,
                              const struct bp_review_input *in, struct bp_field_errors *errs);
/* V-10.5, V-10.6, V-10.7: the updated plan, a new draft version that carries over the goals, the
 * commitments, the contacts and the interventions that continue or change (bp_followup_check_carry's
 * conditions, BP_ERR_CONFLICT), with the next follow-up written in and, when chosen, the new coordinating
 * organisation (told at once; it accepts before the version is finished). *version: its number. */
enum bp_err bp_uc_followup_carry(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                 int64_t case_id, int64_t meeting_id, int *version,
                                 struct bp_field_errors *errs);
/* V-10.7: a member of an organisation asked to coordinate the draft version answers ("accept" or
 * "decline", field "coordination.answer"); "coordination.org" "not_asked" when theirs is not asked. */
enum bp_err bp_uc_coordination_answer(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                      int64_t case_id, const char *answer, struct bp_field_errors *errs);

/* V-10.6: what changed from one version to another, part by part (goals by their need, interventions and
 * commitments by what they are, contacts by organisation, the shared fields), field by field from the
 * field tables. A field's before and after are its stored texts (bp_stored_text; several ids joined by
 * ", "); an item added or removed has no field. */
enum bp_plan_change_kind { BP_PLAN_ADDED, BP_PLAN_REMOVED, BP_PLAN_CHANGED };
struct bp_plan_change {
    enum bp_plan_change_kind kind;
    const struct bp_record_def *rec; /* the part: bp_record_goal, ..., bp_record_plan for the shared fields */
    const char *what;                /* the item: a goal's need, an intervention's what, a contact's org id */
    const struct bp_field_def *field; /* CHANGED: the field */
    const char *before, *after;
};
struct bp_plan_comparison {
    struct bp_plan_view view; /* the plan as read: the case, its organisations, the versions */
    struct bp_plan from, to;
    struct bp_plan_change *changes;
    size_t n_changes;
};
/* Compares versions `from` and `to` of the case's plan (full access; BP_ERR_NOT_FOUND when either is
 * not there). The read is in *audit (object "plan", detail "compare") for the caller to commit. */
enum bp_err bp_uc_plan_compare(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                               int64_t case_id, int64_t from, int64_t to, struct bp_plan_comparison *out,
                               struct bp_audit *audit);
/* V-10.6, V-8a.3: a finished version as its organisation's records system takes it: the canonical JSON
 * kept when it was finished, whose SHA-256 is the plan's content_sha256. Full access; BP_ERR_NOT_FOUND
 * for a draft or no such version. The read (object "plan_version") is in *audit for the caller to
 * commit. */
enum bp_err bp_uc_plan_version_export(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                      int64_t case_id, int64_t version, const char **content,
                                      struct bp_audit *audit);
/* V-8a.3, K-8.1: finished version `version` of the case's plan as the plan view (the case, its family and
 * organisations, that version's parts; the versions and the copies ledger), for its PDF. Full access;
 * BP_ERR_NOT_FOUND for a draft or no such version. The read (object "plan_pdf", detail "version <n>") is
 * in *audit for the caller to commit: it is also the download's line on the copies ledger. */
enum bp_err bp_uc_plan_version_view(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                    int64_t case_id, int64_t version, struct bp_plan_view *out,
                                    struct bp_audit *audit);
/* V-8a.3, K-8.1: a professional with full access records a copy of a finished version handed over or sent
 * as a letter to a guardian, the child or another participant (bp_plan_copy_validate's field errors), with
 * its timeline event and audit entry (object "plan_copy"). */
enum bp_err bp_uc_plan_copy_record(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                   int64_t case_id, const struct bp_plan_copy_input *in,
                                   struct bp_field_errors *errs);
/* The shared parts (V-7.4, V-7.5, V-7.7, V-6.9, K-7.1). BP_ERR_CONFLICT ("plan.status" "not_draft")
 * once the version is finished. */
enum bp_err bp_uc_plan_save(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                            int64_t case_id, const struct bp_plan_input *in, struct bp_field_errors *errs);
/* A goal (V-7.1): id 0 adds one. */
enum bp_err bp_uc_goal_save(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                            int64_t case_id, int64_t goal_id, const struct bp_goal_input *in, int64_t *id,
                            struct bp_field_errors *errs);
enum bp_err bp_uc_goal_remove(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                              int64_t case_id, int64_t goal_id, struct bp_field_errors *errs);
/* An intervention (V-7.2, V-0.5): id 0 adds one. V-8a.4: only a member of the responsible organisation
 * adds, edits or removes it; anyone else gets BP_ERR_FORBIDDEN with "intervention.org_id" "not_own_org",
 * and the attempt is audited as denied. */
enum bp_err bp_uc_intervention_save(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                    int64_t case_id, int64_t iv_id, const struct bp_intervention_input *in,
                                    int64_t *id, struct bp_field_errors *errs);
enum bp_err bp_uc_intervention_remove(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                      int64_t case_id, int64_t iv_id, struct bp_field_errors *errs);
/* What the child, a guardian or someone else will do (V-7.3): id 0 adds one. */
enum bp_err bp_uc_commitment_save(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                  int64_t case_id, int64_t cm_id, const struct bp_commitment_input *in,
                                  int64_t *id, struct bp_field_errors *errs);
enum bp_err bp_uc_commitment_remove(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                    int64_t case_id, int64_t cm_id, struct bp_field_errors *errs);
/* The contact person of one participating organisation (V-7.6): "contact.org_id" ("required",
 * "not_participant"), "contact.name" ("required"), "contact.phone", "contact.email". */
enum bp_err bp_uc_plan_contact_save(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                    int64_t case_id, const struct bp_plan_contact_input *in,
                                    struct bp_field_errors *errs);
/* Finishes the draft (bp_plan_check_finish): every problem as a field error, nothing stored on failure.
 * Everyone involved is told (K-8.1: every participating party gets access to the plan). */
enum bp_err bp_uc_plan_finish(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                              int64_t case_id, struct bp_field_errors *errs);
/* V-8a.2: an answer (signed or declined) to the finished version in force, bound to its number and hash.
 * A professional answers for themselves after confirming who they are again (bp_app_confirm_identity: the
 * password in in->password, throttled and audited like a login); a guardian's, the child's or another
 * participant's answer is recorded from paper by a professional. */
enum bp_err bp_uc_plan_sign(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                            int64_t case_id, const struct bp_signature_input *in,
                            struct bp_field_errors *errs);
/* V-8a.2: the scanned paper of an answer recorded from paper (method wet), like a consent's scan (the
 * same file rules and field errors on "scan.file", and "not_paper" for an answer given in the app); full
 * access. BP_ERR_NOT_FOUND: no such answer in the case. Attaching supersedes an earlier scan. */
enum bp_err bp_uc_signature_scan_attach(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                        int64_t case_id, int64_t signature_id, const struct bp_scan_input *in,
                                        int64_t *scan_id, struct bp_field_errors *errs);
/* Its download: *audit ("read", "plan_signature_scan") is always filled and committed before a byte
 * leaves. BP_ERR_NOT_FOUND: no such answer, or no scan. */
enum bp_err bp_uc_signature_scan_get(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                     int64_t case_id, int64_t signature_id, struct bp_consent_scan *out,
                                     struct bp_audit *audit);
/* Pending decisions (V-5.8, V-8a.5): add one, or update it; when it becomes decided the people of the
 * case are told ("decision_taken"). */
enum bp_err bp_uc_decision_save(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                int64_t case_id, int64_t decision_id, const struct bp_decision_input *in,
                                int64_t *id, struct bp_field_errors *errs);
/* A part of the plan that is added, changed and removed alike (V-7.1-V-7.3, V-5.8): its field table, the
 * size of its input struct and its use cases (above). The pages and the API name a part in their routes
 * (bp_http_route.data) and share one handler per verb; a page's form is the record's name ("goal") and
 * its section the name's plural ("goals"). */
struct bp_plan_part {
    const struct bp_record_def *rec;
    size_t in_size;
    enum bp_err (*save)(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor, int64_t case_id,
                        int64_t id, const void *in, int64_t *new_id,
                        struct bp_field_errors *errs); /* 0 adds */
    enum bp_err (*remove)(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                          int64_t case_id, int64_t id,
                          struct bp_field_errors *errs); /* NULL: never removed */
    const char *section; /* the plan's section it belongs to, the pages' anchor: "goals", "coordination" */
    bool in_place;       /* one per plan or organisation, saved where it is: the API answers 200, not 201 */
};
extern const struct bp_plan_part bp_plan_goal_part, bp_plan_intervention_part, bp_plan_commitment_part,
    bp_plan_decision_part, bp_plan_shared_part, bp_plan_contact_part, bp_plan_signature_part,
    bp_plan_copy_part;
/* ---- end of the plan ---- */

/* ---- closing a case (app/closure.c; V-11.1-V-11.4, V-2.9) ---- */
/* The installation's text for the family when a case closes: where to turn if a new plan is needed, and
 * that they are welcome back (V-11.4; the setting closure_text). */
void bp_app_set_closure_text(const char *text);
const char *bp_app_closure_text(void);
/* Closes the case (domain/closure.c's bp_closure_check: every problem as a field error, nothing stored).
 * A joint decision (goals reached, not needed; V-11.1) needs full access ("closure.reason" "full_access"
 * otherwise); consent withdrawn (V-11.2) only once the ledger proposed it (V-2.9), and the initiating
 * organisation may close it then with intake access. A closed case is BP_ERR_CONFLICT "closure"
 * "case_closed". The status, the closure, the timeline event, the notifications of everyone involved and
 * every organisation's members (V-11.3), its planned meetings cancelled (CANCEL to those invited), the
 * family's e-mail with the installation's text (V-11.4) and the audit entry are one transaction. */
enum bp_err bp_uc_case_close(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                             int64_t case_id, const struct bp_closure_input *in,
                             struct bp_field_errors *errs);
/* Opens a closed case again with a reason ("reopen.reason" required; an open case is BP_ERR_CONFLICT
 * "reopen.reason" "case_open"). Intake access suffices. Recorded, audited, on the timeline, everyone told. */
enum bp_err bp_uc_case_reopen(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                              int64_t case_id, const struct bp_reopen_input *in,
                              struct bp_field_errors *errs);
/* A new case for the child of a closed case (bp_follow_on_check), linking back to it: the same child and
 * guardians, model and route, initiated by the actor's organisation, which must then obtain consent
 * (V-2.x). An open case is BP_ERR_CONFLICT "new_case.reason" "case_open". The new case with its first event,
 * the old case's event "successor_opened" and an audit entry for each are one transaction. */
enum bp_err bp_uc_case_follow_on(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                 int64_t case_id, const struct bp_follow_on_input *in, int64_t *new_id,
                                 struct bp_field_errors *errs);
/* The case with its latest closure or reopening (has_closure), for the closure's forms, the closing letter
 * and the API: bp_uc_case_view's read, *audit's detail "closure". */
enum bp_err bp_uc_closure_view(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                               int64_t case_id, struct bp_case_view *out, struct bp_audit *audit);
/* ---- the survey (app/survey.c; V-12.1-V-12.4) ---- */
/* Whether the survey is offered at closure too (the installation's `survey_at_closure`); off by default. */
void bp_app_set_survey_at_closure(bool on);
/* A case's invitations for the professional who prints letters: full access; the read is in *audit. */
struct bp_survey_case {
    struct bp_case kase;
    struct bp_guardian *guardians;
    size_t n_guardians;
    struct bp_survey_invitation *invitations; /* oldest first */
    size_t n_invitations;
};
enum bp_err bp_uc_survey_invitations(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                     int64_t case_id, struct bp_survey_case *out, struct bp_audit *audit);
/* A paper letter for an unused invitation of the case: a new code (the one sent before stops working),
 * shown once, on the letter, and never stored (only its hash). Audited ("update" "survey_invitation",
 * detail "letter"). BP_ERR_NOT_FOUND: no such invitation; BP_ERR_CONFLICT: it was answered. */
struct bp_survey_letter {
    char code[BP_SURVEY_CODE_CHARS + 1];
    enum bp_survey_respondent respondent;
    enum bp_model model;
};
enum bp_err bp_uc_survey_letter(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                int64_t case_id, int64_t invitation_id, struct bp_survey_letter *out);
/* The public survey: whom the typed code's invitation is for. BP_ERR_NOT_FOUND: no such code;
 * BP_ERR_CONFLICT: already answered. No audit entry and no log line (V-12.1: anonymous). */
enum bp_err bp_uc_survey_open(struct bp_store *s, struct bp_arena *a, const char *typed,
                              enum bp_survey_respondent *respondent);
/* Stores the answer with only its coarse dimensions and marks the invitation used, in one transaction; as
 * bp_uc_survey_open for the code, BP_ERR_INVALID with errs for the answers. Nothing is audited. */
enum bp_err bp_uc_survey_answer(struct bp_store *s, struct bp_arena *a, int64_t now, const char *typed,
                                const struct bp_survey_input *in, enum bp_survey_respondent *respondent,
                                struct bp_field_errors *errs);
/* The results (V-12.4) for an organisation the actor heads (manager), or for any organisation or the whole
 * region (org_id 0) for regional staff and administrators; others BP_ERR_FORBIDDEN. A filter the actor may
 * not use falls back to what they may (out->f). Every count below five is hidden, free texts too. */
struct bp_survey_report {
    struct bp_survey_filter f; /* as applied */
    bool region;               /* the actor may read the region's and every organisation's */
    struct bp_org *orgs;       /* the organisations the actor may choose */
    size_t n_orgs;
    struct bp_survey_results results;
    /* q7 of each kind of respondent, sorted by text: none when fewer than five, or when that kind's answers
     * are hidden */
    const char **comments[BP_SURVEY_RESPONDENT_COUNT];
    size_t n_comments[BP_SURVEY_RESPONDENT_COUNT];
    const char **quarters; /* the quarters with answers, newest first */
    size_t n_quarters;
};
enum bp_err bp_uc_survey_results(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                 const struct bp_survey_filter *want, struct bp_survey_report *out,
                                 struct bp_audit *audit);

/* ---- what the region learns (app/region.c; V-12.4) ---- */
/* The filter as asked for: an organisation (0: the region), a model (-1: both), a period ("", "2026",
 * "2026-Q4"). */
struct bp_region_want {
    int64_t org_id;
    int model;
    const char *period;
};
/* Every measure as aggregates, each count below five hidden (domain/region.c), and the survey's results for
 * the same filter. */
struct bp_region_report {
    struct bp_region_filter f; /* as applied */
    const char *period;        /* as applied: "" every date, else a year or a quarter */
    bool region;               /* the actor may read the region's and every organisation's */
    struct bp_org *orgs;       /* the organisations the actor may choose */
    size_t n_orgs;
    struct bp_region_dist dist[BP_REGION_MEASURE_COUNT];
    struct bp_survey_results survey;
};
/* The report for an organisation the actor heads (manager), or any organisation or the region for regional
 * staff and administrators; others BP_ERR_FORBIDDEN. A filter the actor may not use falls back to what they
 * may (out->f, as bp_uc_survey_results). One audit entry: "read" "region_statistics" with the organisation,
 * no case (aggregates name none). */
enum bp_err bp_uc_region_report(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                const struct bp_region_want *want, struct bp_region_report *out,
                                struct bp_audit *audit);

/* ---- notifications (app/notify.c) ---- */
/* The actor's notifications, newest first; marks them read when mark_read. */
enum bp_err bp_uc_notifications(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                bool mark_read, struct bp_notification **out, size_t *n);
/* The address links in e-mails point at, without a trailing slash ("https://barnplan.example.se"). */
void bp_app_set_public_url(const char *url);
const char *bp_app_public_url(void); /* meetings: the links in invitations */

/* ---- work lists (app/tasks.c) ---- */
/* One task of "my tasks", with what the list shows of its case. */
struct bp_my_task {
    struct bp_task task;
    const char *child_name;
    enum bp_model model;
};
/* The actor's tasks over their open cases (at most BP_MAX_TASK_CASES cases, BP_MAX_MY_TASKS tasks):
 * theirs by name, or their organisation's. One audit entry ("read", "task_list"). */
enum bp_err bp_uc_my_tasks(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                           struct bp_my_task **out, size_t *n, struct bp_audit *audit);

/* ---- the outbox (app/outbox.c) ---- */
struct bp_mail_settings {
    struct bp_smtp_config smtp;
    const char *from;            /* the envelope and From address */
    const char *from_name;       /* "Barnplan" */
    const char *message_id_host; /* the right side of Message-IDs */
};
/* The messages not sent yet, for administrators only (audited: they hold e-mail addresses). */
enum bp_err bp_uc_outbox_unsent(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                struct bp_outbox_msg **out, size_t *n, struct bp_audit *audit);
/* Sends up to `limit` due messages; counts what was sent and what failed (and will be retried). On
 * PostgreSQL several deliverers may run at once on one database, each message sent by one (outbox.c). */
enum bp_err bp_uc_outbox_deliver(struct bp_store *s, struct bp_arena *a, const struct bp_mail_settings *cfg,
                                 int64_t now, size_t limit, size_t *sent, size_t *failed);

/* ---- reminders (app/reminders.c) ---- */
/* One run of the scheduler at `now`: decides every reminder due today over all open cases (V-6.1, K-4.3,
 * late tasks, consents up for renewal, follow-ups coming up), each once; counts those decided now. */
enum bp_err bp_uc_remind(struct bp_store *s, struct bp_arena *a, int64_t now, size_t *decided);

/* ---- audit ---- */
/* Searches the audit trail: administrators and the command line only (bp_actor_may_administer). The
 * search itself is audited: *audit, which the caller commits before it shows anything. */
enum bp_err bp_uc_audit_search(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                               const struct bp_audit_filter *f, struct bp_audit **out, size_t *n,
                               struct bp_audit *audit);

/* Commits a batch of audit entries in one transaction. */
enum bp_err bp_uc_audit_commit(struct bp_store *s, const struct bp_audit *entries, size_t n);

/* ---- the audit trail's hash chain and extracts (app/audit.c; issue 11 item 3) ---- */
/* Names what this process's connection writes as (its audit chain's row): "http worker", "scheduler",
 * "cli audit". No personal data. */
void bp_app_store_writer(struct bp_store *s, const char *what);
/* One thing `audit verify` found: in chain chain_id (0: entries before the chain) from seq to seq_last,
 * what ("changed", "removed", "inserted") and why (English, for the administrator; no row data). */
struct bp_audit_problem {
    int64_t chain_id, seq, seq_last;
    const char *what, *why;
};
typedef void (*bp_audit_problem_fn)(void *ctx, const struct bp_audit_problem *p);
struct bp_audit_verify_result {
    size_t chains, problems;
    int64_t entries, before_chain; /* entries checked in chains; entries written before the chain */
};
/* `barnplan audit verify`: checks every chain (seq contiguous from 1, each prev_hash the entry before's
 * hash, each hash recomputed from its entry, the head row's seq and hash the last entry's) and the count of
 * entries before the chain; each problem is handed to fn. Administrators and the command line only; the
 * check itself is audited ("read audit", detail "verify"), committed before it starts. BP_OK when it could
 * check (out->problems says whether the trail is intact). */
enum bp_err bp_uc_audit_verify(struct bp_store *s, const struct bp_actor *actor, bp_audit_problem_fn fn,
                               void *ctx, struct bp_audit_verify_result *out);
/* The extracts (`barnplan audit extract`): every entry about child_id (0: every child) with from <= at <= to
 * (to 0: no end), oldest first, handed to fn a page at a time, with no limit on the total. Administrators
 * and the command line only; audited ("export audit", the child, detail "extract"), committed first. */
enum bp_err bp_uc_audit_extract(struct bp_store *s, const struct bp_actor *actor, int64_t child_id,
                                int64_t from, int64_t to, bp_audit_page_fn fn, void *ctx);
/* The scheduler's check of the trail (and `barnplan remind`'s): over the last hour and this one so far,
 * each user who read more than children_per_hour distinct children in an hour (0: no such alert), or read
 * or tried to read a case none of their organisations takes part in, is told to the administrators once per
 * kind, user and hour: the alert's unique key (audit_alerts, migration 037), the notifications and
 * e-mails (no child's data) and the audit entry ("create audit_alert", channel "job") in one transaction.
 * *decided counts the new ones. */
enum bp_err bp_uc_audit_alerts(struct bp_store *s, struct bp_arena *a, int64_t now, int children_per_hour,
                               size_t *decided);

/* ---- administration (app/admin.c) ---- */
/* The administrator's commands (`barnplan user ...`, `org ...`, `audit`). Their actor is the command line:
 * no Barnplan user, channel "cli" and address "cli:<operating-system user>" (bp_actor_cli); a logged-in
 * administrator may call them too, anyone else gets BP_ERR_FORBIDDEN, audited as denied. Each change and
 * its audit entry are one transaction. An entry about an account has that account's id as its user_id
 * (object "user" or "membership"; who acted is the channel and the address), one about an organisation
 * its org_id (object "organisation"). Never a password or its hash in the trail: detail names what
 * changed ("password", "disabled", "admin", a role code). */

/* The command-line actor: address "cli:<os_user>" written into addr (at least BP_MAX_SHORT_TEXT + 5
 * bytes; a longer name is cut), channel "cli", no user. */
void bp_actor_cli(struct bp_actor *out, const char *os_user, char *addr, size_t addr_len, int64_t now);
/* True for the command line and for a logged-in administrator. */
bool bp_actor_may_administer(const struct bp_actor *a);

struct bp_user_input {
    const char *username, *display_name, *email, *password;
    bool is_admin;
    const int64_t *org_ids; /* the organisations the account works in, with its role in each */
    const enum bp_role *roles;
    size_t n_orgs;
};
/* Adds an account with its memberships. BP_ERR_INVALID: no username or name, a too long text, or a
 * password bp_app_password_refusal refuses (with in's username and name); BP_ERR_CONFLICT: the username is
 * taken; BP_ERR_NOT_FOUND: no such organisation. Audited: "create" "user" (detail "admin" for an
 * administrator), and "create" "membership" per organisation (its org_id, detail the role). */
enum bp_err bp_uc_user_add(struct bp_store *s, const struct bp_actor *actor, const struct bp_user_input *in,
                           int64_t *user_id);
/* Why a new password for account u (NULL: no account's words) is refused, as a field error code (NULL: it
 * is not): "too_short", "context_word" (easy to guess from Barnplan's words, or u's username, name, e-mail
 * address or organisations) or "too_common" (auth.h, bp_password_check; ASVS V6.2.4, V6.2.11, V6.2.12). */
const char *bp_app_password_refusal(struct bp_arena *a, const char *password, const struct bp_user *u);
/* ASVS V6.2.2: whether the logged-in professional's account has a password of its own (false: they log in
 * only through the identity provider). BP_ERR_FORBIDDEN: a family member's account. */
enum bp_err bp_uc_own_password_exists(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                      bool *exists);
/* ASVS V6.2.2, V6.2.3: the logged-in professional changes their own password: the current one (checked and
 * throttled as a login, bp_app_confirm_identity: errs "current_password" "required", "wrong_password" or
 * "throttled"), the new one (bp_app_password_refusal: errs "password") twice alike (errs "password_again"
 * "mismatch"); BP_ERR_INVALID with errs. BP_ERR_CONFLICT: the account has no password (the identity
 * provider's only). On success every session of the account ends and this browser gets a new one in out
 * (audited "update" "user" detail "password own", then "login" detail "password_change"). */
enum bp_err bp_uc_own_password_change(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                      const char *current, const char *password, const char *password_again,
                                      struct bp_field_errors *errs, struct bp_login_result *out);
/* Sets a new password and ends the account's sessions. BP_ERR_INVALID: bp_app_password_refusal says no;
 * BP_ERR_NOT_FOUND: no such user. Audited: "update" "user", detail "password". */
enum bp_err bp_uc_user_passwd(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                              const char *username, const char *password);
/* Disables the account and ends its sessions at once. BP_ERR_NOT_FOUND: no such user. Audited:
 * "update" "user", detail "disabled". */
enum bp_err bp_uc_user_disable(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                               const char *username);
/* Ends every session of every account at once, staff and family (OWASP ASVS V7.4.5): after a break-in, or a
 * lost device whose owner is not known. Everyone logs in again. Audited: "update" "session", detail
 * "all_ended". */
enum bp_err bp_uc_sessions_end_all(struct bp_store *s, const struct bp_actor *actor);
/* Links the account to its identity at a provider (issuer, subject: for SITHS the HSA-id), so that a login
 * there is a login to it. BP_ERR_INVALID: an empty or too long issuer or subject; BP_ERR_NOT_FOUND: no such
 * user; BP_ERR_CONFLICT: the identity is linked already. Audited: "update" "user", detail "identity". */
enum bp_err bp_uc_user_link(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                            const char *username, const char *issuer, const char *subject);
/* Adds an organisation (sets org->id). BP_ERR_INVALID: no name, or a name or municipality over
 * BP_MAX_NAME. Audited: "create" "organisation". */
enum bp_err bp_uc_org_add(struct bp_store *s, const struct bp_actor *actor, struct bp_org *org);
/* Every organisation, sorted by name (not personal data: not audited). */
enum bp_err bp_uc_org_list(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                           struct bp_org **out, size_t *n);

/* ---- administration in the browser (issue 10 item 9; app/staff.c) ----
 * The installation's administrator (users.is_admin) manages the organisations and every organisation's
 * staff; an organisation's administrator (role org_admin) its own staff only (bp_user_administers_org).
 * Anyone else, or an organisation's administrator reaching for another organisation or for a user who is
 * not a member of it, gets BP_ERR_NOT_FOUND (the organisations' list: BP_ERR_FORBIDDEN), committed as
 * "denied" at once. Each change and its audit entry are one transaction; the entry's user is the one who
 * acted, its org_id the organisation, its detail the change and the account ("disabled user 42"). */
struct bp_org_input;
struct bp_invite_input;
struct bp_staff_view {
    struct bp_org org;
    struct bp_staff_member *members;
    size_t n;
};
/* Every organisation, for the installation's administrator (not personal data: not audited). */
enum bp_err bp_uc_admin_orgs(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                             struct bp_org **out, size_t *n);
/* Adds (org_id 0; sets *id) or changes an organisation from its form. BP_ERR_INVALID with errs. Audited
 * "create"/"update" "organisation". */
enum bp_err bp_uc_org_save(struct bp_store *s, const struct bp_actor *actor, int64_t org_id,
                           const struct bp_org_input *in, struct bp_field_errors *errs, int64_t *id);
/* The organisation and its members; audited "read" "staff" (*audit, committed before the answer). */
enum bp_err bp_uc_staff_view(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                             int64_t org_id, struct bp_staff_view *out, struct bp_audit *audit);
/* Invites a colleague: an account (username the e-mail address, no usable password), its membership, an
 * invitation (BP_INVITE_SECONDS, only the token's hash kept) and the e-mail with the link, one transaction.
 * BP_ERR_INVALID / BP_ERR_CONFLICT (the address has an account: "invite.email" "taken") with errs. */
enum bp_err bp_uc_staff_invite(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                               int64_t org_id, const struct bp_invite_input *in,
                               struct bp_field_errors *errs);
/* Changes a member's role in the organisation. BP_ERR_INVALID with errs ("staff.role"); BP_ERR_CONFLICT
 * ("staff.role" "last_admin"): the organisation's last administrator demoting themselves. */
enum bp_err bp_uc_staff_set_role(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                 int64_t org_id, int64_t user_id, const char *role,
                                 struct bp_field_errors *errs);
/* Disables a member's account and ends every session of it in the same transaction: its next request is
 * refused (bp_uc_session). */
enum bp_err bp_uc_staff_disable(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                int64_t org_id, int64_t user_id);
/* Enables a disabled member's account again (audited "update staff enabled user <id>"): it logs in again;
 * the sessions that disabling ended stay ended. BP_ERR_CONFLICT: not disabled. */
enum bp_err bp_uc_staff_enable(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                               int64_t org_id, int64_t user_id);
/* Withdraws the member's invitation that still works: its link stops working at once (refused as
 * "invite:withdrawn"; audited "update staff invite_withdrawn user <id>"). BP_ERR_CONFLICT: none works. */
enum bp_err bp_uc_staff_invite_withdraw(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                        int64_t org_id, int64_t user_id);
/* Sends a member invited here who never accepted a new invitation (a new link by e-mail, BP_INVITE_SECONDS);
 * every earlier link is withdrawn in the same transaction (audited "update staff invite_resent user <id>").
 * BP_ERR_CONFLICT: accepted already, not invited here, or the account disabled. */
enum bp_err bp_uc_staff_invite_resend(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                      int64_t org_id, int64_t user_id);
/* One member as the organisation's administrator sees them (the removal's confirmation): out->org and the
 * staff list, *member its row; *audit "read staff user <id>" for the caller to commit. A refusal is
 * committed as denied here (BP_ERR_NOT_FOUND). */
enum bp_err bp_uc_staff_member(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                               int64_t org_id, int64_t user_id, struct bp_staff_view *out,
                               const struct bp_staff_member **member, struct bp_audit *audit);
/* Ends a member's membership of the organisation (audited "update staff removed user <id>"), withdrawing
 * an unused invitation there: access to the organisation's cases ends at the account's next request; the
 * account stays for its other memberships. The last administrator cannot remove themselves:
 * BP_ERR_CONFLICT with errs ("staff.remove" "last_admin"); the same rule refuses demoting oneself in
 * bp_uc_staff_set_role ("staff.role" "last_admin"). */
enum bp_err bp_uc_staff_remove(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                               int64_t org_id, int64_t user_id, struct bp_field_errors *errs);
/* Whether an invitation link still works (GET: writes nothing); *org_name for the page. BP_ERR_NOT_FOUND:
 * unknown, used, withdrawn, expired or the account disabled. */
enum bp_err bp_uc_invite_check(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                               const char *token, const char **org_name);
/* The invited colleague sets a password (bp_app_password_refusal, twice alike: errs "password",
 * "password_again"), the invitation is used up, and a session begins as a password login's (audited
 * "login", detail "invite"). A link that does not work: BP_ERR_NOT_FOUND, audited "login_failed" with
 * detail "invite:<why>" (unknown, used, withdrawn, expired, disabled). */
enum bp_err bp_uc_invite_accept(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                const char *token, const char *password, const char *password_again,
                                struct bp_field_errors *errs, struct bp_login_result *out);
/* With an identity provider configured: the invited colleague logs in there instead of choosing a password
 * (bp_uc_oidc_start, *url and state as there); the callback (bp_uc_oidc_callback) finds no account for the
 * provider's (issuer, subject) and links it to the invitation's account, using the invitation up, then
 * begins the session (audited "update" "user" "invite_accepted identity", then "login" "oidc").
 * BP_ERR_NOT_FOUND: the link does not work (or no provider). */
enum bp_err bp_uc_invite_oidc_start(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                    const char *token, const char **url, char state[static BP_TOKEN_LEN + 1]);

/* ---- carrying out the plan (V-9.1-V-9.5; app/implementation.c) ----
 * Everything needs full access (the organisation's own consent in force, V-2.6, V-9.5); a refusal looks
 * like a missing case and is audited. Every read is audited (object "implementation"); every write, its
 * timeline event, its notifications and its audit entry are one transaction. The plan in force is the
 * newest finished version (also while a new draft is written, V-10.6); its interventions never change:
 * what is recorded points at them, and follows each one's line into later versions. */
struct bp_impl_view {
    struct bp_case kase;
    struct bp_child child;
    struct bp_org *orgs; /* taking part, with names */
    size_t n_orgs;
    bool has_plan;       /* a finished version is in force */
    struct bp_plan plan; /* that version (coordinator, follow-up) */
    struct bp_plan_parts parts;
    const struct bp_progress **latest; /* per intervention of parts: the latest progress, or NULL */
    bool *may_record;                  /* per intervention: the actor's organisation is responsible (V-9.1) */
    struct bp_progress *progress;      /* every recorded progress, newest first */
    size_t n_progress;
    struct bp_child_voice *voices; /* V-9.2, newest first */
    size_t n_voices;
    struct bp_plan_event *events; /* V-9.3, V-9.4, newest first */
    size_t n_events;
    struct bp_meeting *followups; /* planned follow-up meetings, for a decision on an earlier one */
    size_t n_followups;
    bool is_coordinator; /* V-9.4: the actor decides on events */
    int64_t via_org_id;
};
enum bp_err bp_uc_impl_view(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                            int64_t case_id, struct bp_impl_view *out, struct bp_audit *audit);
/* V-9.1: the responsible organisation's word on intervention iv_id of the plan in force. BP_ERR_NOT_FOUND:
 * not an intervention of it; BP_ERR_CONFLICT "progress.status" "no_plan_in_force"; BP_ERR_FORBIDDEN
 * "progress.status" "not_own_org" for anyone else (audited as denied); BP_ERR_INVALID with the fields. */
enum bp_err bp_uc_progress_add(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                               int64_t case_id, int64_t iv_id, const struct bp_progress_input *in,
                               int64_t *id, struct bp_field_errors *errs);
/* V-9.2: anyone involved records what the child said or asked; the coordinator is told. */
enum bp_err bp_uc_child_voice_add(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                  int64_t case_id, const struct bp_child_voice_input *in, int64_t *id,
                                  struct bp_field_errors *errs);
/* V-9.2, V-10.x: what the child said on or after `since` (a zero date: all), for the follow-up's summary. */
enum bp_err bp_uc_child_voices_since(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                     int64_t case_id, struct bp_date since, struct bp_child_voice **out,
                                     size_t *n, struct bp_audit *audit);
/* V-9.3: anyone involved reports an event that affects the plan. The coordinator (bp_plan_is_coordinator:
 * the named person, else the coordinating organisations' members) is told at once, in the app and by an
 * e-mail without personal data, and has a task until they decide. BP_ERR_CONFLICT "event.what"
 * "no_plan_in_force" before a plan is finished. */
enum bp_err bp_uc_plan_event_report(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                    int64_t case_id, const struct bp_plan_event_input *in, int64_t *id,
                                    struct bp_field_errors *errs);
/* V-9.4: the coordinator decides on event event_id: an earlier follow-up (naming the follow-up meeting
 * booked for it, app/meeting.c) or the booked one is enough (with why). BP_ERR_FORBIDDEN
 * "event_decision.decision" "not_coordinator" for anyone else (audited as denied); BP_ERR_CONFLICT
 * "already_decided"; BP_ERR_NOT_FOUND: not the case's event. Everyone involved is told. */
enum bp_err bp_uc_plan_event_decide(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                    int64_t case_id, int64_t event_id,
                                    const struct bp_event_decision_input *in, struct bp_field_errors *errs);
/* ---- end of carrying out the plan ---- */

/* ---- retention (app/purge.c; issue 9 item 8) ---- */
/* `barnplan purge`: the command line (or an administrator) removes the personal data of closed cases whose
 * closure is older than the installation's retention time, or of the one case asked for. Each case is one
 * transaction: its anonymous statistics (case_statistics), its audit entry ("purge" "case", the case's and
 * the child's ids, no personal data), every row of the case in every table, and the child and the guardians
 * with the child's last case; the survey's answers stay (nothing links them to the case), the audit trail
 * stays whole. Afterwards the database gives the freed pages back (bp_store_reclaim). A dry run counts what
 * would go and changes nothing. */
struct bp_purge_options {
    int retention_days; /* the installation's setting; BP_RETENTION_UNSET: refused */
    int64_t case_id;    /* 0: every case past its time */
    bool dry_run;
    void (*progress)(void *arg, size_t done, size_t total); /* after each case; NULL: none */
    void *progress_arg;
};
enum bp_purge_refusal {
    BP_PURGE_OK,
    BP_PURGE_NO_RETENTION, /* no retention time set (BP_ERR_INVALID) */
    BP_PURGE_CASE_OPEN,    /* the case asked for is open (BP_ERR_CONFLICT) */
    BP_PURGE_NOT_DUE,      /* the case asked for is kept until kept_until (BP_ERR_CONFLICT) */
    /* the database role could not give the space back (PostgreSQL: not the tables' owner; BP_ERR_FORBIDDEN,
     * reclaim_warning says why); a dry run gets that as a warning instead */
    BP_PURGE_CANNOT_RECLAIM,
};
struct bp_purge_item {
    int64_t case_id, closed_at;
    bool child_removed; /* the child and the guardians went (would go) too: it was the child's last case */
    struct bp_purge_count *counts; /* per table: the rows removed (would be) */
    size_t n_counts;
};
struct bp_purge_report {
    struct bp_purge_item *items; /* the cases purged (a dry run: that would be), in id order */
    size_t n;
    enum bp_purge_refusal refusal;
    int64_t kept_until;
    char reclaim_warning[640]; /* what reclaiming the space could not (or would not) do; "" */
};
/* BP_ERR_NOT_FOUND: no such case; BP_ERR_FORBIDDEN: not the command line or an administrator (audited as
 * denied), or BP_PURGE_CANNOT_RECLAIM; a refusal as above; nothing is changed by any of them. A failure while
 * giving the space back (BP_ERR_STORAGE after out->n cases were purged) leaves those cases purged. */
enum bp_err bp_uc_purge(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                        const struct bp_purge_options *o, struct bp_purge_report *out);

/* ---- demo data ---- */
struct bp_demo_options {
    size_t children; /* how many children (each with guardians and an open case) */
    enum bp_model default_model;
    uint32_t seed;
    bool quiet;
    /* called after every transaction of children (10,000) and at the end, when not NULL */
    void (*progress)(void *arg, size_t done, size_t total);
    void *progress_arg;
};
/* Creates organisations, staff with the demo passwords (printed to `out`), children, guardians and
 * cases. Refuses (BP_ERR_CONFLICT) when the database already has organisations. The connection is made fit
 * for a bulk load (bp_store_bulk_load): for a new database only, never on a server's connection. */
enum bp_err bp_demo_generate(struct bp_store *s, const struct bp_demo_options *o, FILE *out);

/* ---- backup and restore (app/backup.c; issue 11 item 7, docs/trust.md section 7) ---- */
/* `barnplan backup`: the command line (or an administrator) copies the SQLite database while the server
 * serves (bp_store_copy) and seals it with the key into fd (auth/backup_file.h). The entry ("backup"
 * "database", detail the key's id) is committed before the first page is copied: no copy without its record,
 * and the backup holds its own entry. The command makes and names the file (cli/main.c). */
struct bp_backup_options {
    int fd; /* the backup file, empty, open for writing */
    const struct bp_backup_key *key;
    /* phases "copy" (pages), "seal" (bytes); NULL: none */
    void (*progress)(void *arg, const char *phase, uint64_t done, uint64_t total);
    void *progress_arg;
    int step_pages, pause_ms; /* store.h's struct bp_store_copy */
    int restarts;             /* out: the copy's restarts */
};
/* BP_ERR_INVALID: not SQLite (PostgreSQL's backups are pg_basebackup and WAL archiving); BP_ERR_FORBIDDEN:
 * not the command line or an administrator (audited as denied). *out gets the header written. */
enum bp_err bp_uc_backup(struct bp_store *s, const struct bp_actor *actor, struct bp_backup_options *o,
                         struct bp_backup_header *out);

/* `barnplan restore`: opens the backup in fd with the key, writes the database into a temporary file beside
 * target (never anywhere else), checks it (SQLite's integrity_check and foreign_key_check, the schema
 * version against the header's and this program's, the audit trail: restore_audit_verify in backup.c),
 * brings an older schema up to date, adds the entry "restore" "database" to the restored trail, and moves it
 * into place in one rename. Any refusal leaves nothing behind and says why in problem. */
struct bp_restore_options {
    int fd; /* the backup file, open for reading */
    const struct bp_backup_key *key;
    const char *target; /* the database file to make */
    bool force;         /* replace an existing target (never one a process has open) */
    void (*progress)(void *arg, const char *phase, uint64_t done, uint64_t total); /* "open" (bytes) */
    void *progress_arg;
};
struct bp_restore_report {
    struct bp_backup_header header; /* what the backup's header says (when it could be read) */
    int migrations;                 /* migrations applied to bring an older backup up to date */
    char problem[640];              /* why it was refused */
};
/* BP_ERR_INVALID: the backup is refused (wrong key, changed, cut short, fails a check); BP_ERR_CONFLICT: the
 * target exists without force, or is in use; BP_ERR_FORBIDDEN: not the command line or an administrator. */
enum bp_err bp_uc_restore(const struct bp_actor *actor, const struct bp_restore_options *o,
                          struct bp_restore_report *out);

#endif
