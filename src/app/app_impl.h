/* app_impl.h: what the files of the app layer share: the audit entry filler and the case access
 * loader. Internal to src/app/. Must not grow use cases (those are declared in app.h). */
#ifndef BP_APP_IMPL_H
#define BP_APP_IMPL_H
#include "app/app.h"
#include "domain/access.h"

void bp_app_audit_fill(struct bp_audit *e, const struct bp_actor *actor, const char *action,
                       const char *object);

/* A case with what the access rule needs, and the rule's decision for the actor. */
struct bp_case_access {
    struct bp_case kase;
    int64_t *orgs;
    size_t n_orgs;
    struct bp_consent *consents;
    size_t n_consents;
    struct bp_access_decision d;
};

/* Loads case_id and decides the actor's access (domain/access.c). Fills *audit's case, child and org,
 * and on a denial its action "denied" and detail (the reason). BP_ERR_NOT_FOUND: no such case;
 * BP_ERR_FORBIDDEN: less than `need` (BP_ACCESS_INTAKE or BP_ACCESS_FULL). */
enum bp_err bp_app_case_access(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                               int64_t case_id, enum bp_access need, struct bp_case_access *out,
                               struct bp_audit *audit);

/* Tells everyone involved in the case (bp_case_involved_users: its people, and every member of
 * organisation org_id, which the change concerns) but the actor that `kind` happened: one notification in the
 * app and one e-mail each, queued in the outbox, inside the caller's transaction, so that a committed change
 * is never without its message (V-2.8). The e-mail carries no personal data: a neutral subject and a link
 * behind login. */
enum bp_err bp_app_notify_involved(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                   int64_t case_id, int64_t org_id, const char *kind);

/* The work list's snapshot of a case (app/tasks.c): the parts the access check loaded, then the rest
 * (preparations, meetings, the plan) read from the store, only under full access (V-2.3). */
void bp_app_snapshot_base(struct bp_case_snapshot *snap, const struct bp_case_access *ca,
                          const struct bp_guardian *g, size_t ng);
enum bp_err bp_app_snapshot_rest(struct bp_store *s, struct bp_arena *a, const struct bp_case_access *ca,
                                 struct bp_case_snapshot *snap);
/* ---- the plan ---- */
/* Adds the case's current plan version and its pending decisions to the snapshot (app/plan.c): only
 * under full access, since the plan is shared information (V-2.3); with intake access they stay out. */
enum bp_err bp_app_snapshot_plan(struct bp_store *s, struct bp_arena *a, const struct bp_case_access *ca,
                                 struct bp_case_snapshot *snap);
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

/* Opens a case for a write by the actor: the audit entry (action, object) filled, access decided; a
 * refusal or a missing case is audited at once and returned. */
enum bp_err bp_app_open_for_write(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                  int64_t case_id, const char *action, const char *object,
                                  enum bp_access need, struct bp_case_access *ca, struct bp_audit *e);

/* Adds an account (in->password already hashed into password_hash) and its memberships in the caller's
 * transaction, without an audit entry (app/admin.c; the demo's accounts use it directly). */
enum bp_err bp_app_user_insert(struct bp_store *s, const struct bp_user_input *in, const char *password_hash,
                               int64_t *user_id);

/* Adds one timeline event in the caller's transaction. */
enum bp_err bp_app_event(struct bp_store *s, const struct bp_actor *actor, int64_t case_id, int64_t org_id,
                         const char *kind, const char *note);

#endif
