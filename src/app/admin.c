/* admin.c: the administrator's use cases (app.h, "administration"): accounts and organisations, as the
 * `barnplan user` and `org` commands use them. Each change and its audit entry are one transaction; the
 * actor is the command line (or a logged-in administrator). Must not print, read the terminal or know
 * the operating system: the command (cli/main.c) does that and hands in the actor. Never puts a
 * password or its hash into the audit trail. */
#include "app/app_impl.h"
#include "util/limits.h"

/* The entry of an administrative change; account is the user it concerns (0: none). */
static void admin_entry(struct bp_audit *e, const struct bp_actor *actor, const char *action,
                        const char *object, int64_t account, const char *detail)
{
    bp_app_audit_fill(e, actor, action, object);
    e->user_id = account;
    e->detail = detail;
}

/* Anyone but the command line or an administrator: refused, and the attempt is on record. */
static enum bp_err refuse(struct bp_store *s, const struct bp_actor *actor, const char *object)
{
    struct bp_audit e;
    enum bp_err rc;
    bp_app_audit_fill(&e, actor, "denied", object);
    rc = bp_uc_audit_commit(s, &e, 1);
    return rc ? rc : BP_ERR_FORBIDDEN;
}

/* Commits when rc is BP_OK, else rolls back. */
static enum bp_err finish(struct bp_store *s, enum bp_err rc)
{
    if (rc != BP_OK) {
        bp_store_rollback(s);
        return rc;
    }
    return bp_store_commit(s);
}

enum bp_err bp_app_user_insert(struct bp_store *s, const struct bp_user_input *in, const char *password_hash,
                               int64_t *user_id)
{
    struct bp_user u = {0};
    enum bp_err rc;
    size_t i;
    u.username = in->username;
    u.display_name = in->display_name;
    u.email = in->email ? in->email : "";
    u.is_admin = in->is_admin;
    if ((rc = bp_user_add(s, &u, password_hash)) != BP_OK)
        return rc;
    for (i = 0; i < in->n_orgs; i++)
        if ((rc = bp_membership_add(s, u.id, in->org_ids[i], in->roles[i])) != BP_OK)
            return rc;
    *user_id = u.id;
    return BP_OK;
}

static bool text_ok(const char *t, size_t max, bool required)
{
    return t ? strlen(t) <= max && (!required || *t) : !required;
}

/* The new account's password in its context (its username, name and e-mail address). */
static bool password_fits(const struct bp_user_input *in)
{
    const struct bp_user u = {.username = in->username, .display_name = in->display_name, .email = in->email};
    struct bp_arena a;
    bool ok;
    bp_arena_init(&a, 1024);
    ok = bp_app_password_refusal(&a, in->password, &u) == NULL;
    bp_arena_release(&a);
    return ok;
}

enum bp_err bp_uc_user_add(struct bp_store *s, const struct bp_actor *actor, const struct bp_user_input *in,
                           int64_t *user_id)
{
    char hash[BP_PW_HASH_MAX];
    struct bp_audit e;
    int64_t id = 0;
    enum bp_err rc;
    size_t i;

    if (!bp_actor_may_administer(actor))
        return refuse(s, actor, "user");
    if (!text_ok(in->username, BP_MAX_SHORT_TEXT, true) || !text_ok(in->display_name, BP_MAX_NAME, true) ||
        !text_ok(in->email, BP_MAX_SHORT_TEXT, false) || !in->password)
        return BP_ERR_INVALID;
    if (!password_fits(in))
        return BP_ERR_INVALID;
    if ((rc = bp_password_hash(in->password, hash)) != BP_OK)
        return rc;
    if ((rc = bp_store_begin(s)) != BP_OK)
        return rc;
    rc = bp_app_user_insert(s, in, hash, &id);
    if (rc == BP_OK) {
        admin_entry(&e, actor, "create", "user", id, in->is_admin ? "admin" : "");
        rc = bp_audit_add(s, &e);
    }
    for (i = 0; rc == BP_OK && i < in->n_orgs; i++) { /* who may work in which organisation: access */
        admin_entry(&e, actor, "create", "membership", id, bp_role_codes[in->roles[i]]);
        e.org_id = in->org_ids[i];
        rc = bp_audit_add(s, &e);
    }
    if ((rc = finish(s, rc)) == BP_OK && user_id)
        *user_id = id;
    return rc;
}

enum bp_err bp_uc_user_passwd(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                              const char *username, const char *password)
{
    char hash[BP_PW_HASH_MAX];
    struct bp_user u;
    struct bp_audit e;
    enum bp_err rc;

    if (!bp_actor_may_administer(actor))
        return refuse(s, actor, "user");
    if (!password || !bp_password_acceptable(password))
        return BP_ERR_INVALID;
    if ((rc = bp_user_get_by_username(s, a, username, &u, NULL)) != BP_OK)
        return rc;
    if (bp_app_password_refusal(a, password, &u)) /* the account's own words too */
        return BP_ERR_INVALID;
    if ((rc = bp_password_hash(password, hash)) != BP_OK)
        return rc;
    if ((rc = bp_store_begin(s)) != BP_OK)
        return rc;
    admin_entry(&e, actor, "update", "user", u.id, "password"); /* that it changed, never what to */
    rc = bp_user_set_password(s, u.id, hash);
    if (rc == BP_OK) /* whoever knew the old password is logged out */
        rc = bp_session_delete_for_user(s, u.id);
    if (rc == BP_OK)
        rc = bp_audit_add(s, &e);
    return finish(s, rc);
}

enum bp_err bp_uc_user_disable(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                               const char *username)
{
    struct bp_user u;
    struct bp_audit e;
    enum bp_err rc;

    if (!bp_actor_may_administer(actor))
        return refuse(s, actor, "user");
    if ((rc = bp_user_get_by_username(s, a, username, &u, NULL)) != BP_OK)
        return rc;
    if ((rc = bp_store_begin(s)) != BP_OK)
        return rc;
    admin_entry(&e, actor, "update", "user", u.id, "disabled");
    rc = bp_user_set_disabled(s, u.id, true);
    if (rc == BP_OK) /* the account's access ends now, not when its sessions time out */
        rc = bp_session_delete_for_user(s, u.id);
    if (rc == BP_OK)
        rc = bp_audit_add(s, &e);
    return finish(s, rc);
}

enum bp_err bp_uc_sessions_end_all(struct bp_store *s, const struct bp_actor *actor)
{
    struct bp_audit e;
    enum bp_err rc;

    if (!bp_actor_may_administer(actor))
        return refuse(s, actor, "session");
    if ((rc = bp_store_begin(s)) != BP_OK)
        return rc;
    admin_entry(&e, actor, "update", "session", 0, "all_ended");
    rc = bp_session_purge(s, INT64_MAX, INT64_MAX); /* idle since before the end of time: all of them */
    if (rc == BP_OK)
        rc = bp_audit_add(s, &e);
    return finish(s, rc);
}

enum bp_err bp_uc_user_link(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                            const char *username, const char *issuer, const char *subject)
{
    struct bp_user u;
    struct bp_audit e;
    enum bp_err rc;

    if (!bp_actor_may_administer(actor))
        return refuse(s, actor, "user");
    if (!issuer || !subject || !*issuer || !*subject || strlen(issuer) > BP_MAX_SHORT_TEXT ||
        strlen(subject) > BP_MAX_SHORT_TEXT)
        return BP_ERR_INVALID;
    if ((rc = bp_user_get_by_username(s, a, username, &u, NULL)) != BP_OK)
        return rc;
    if ((rc = bp_store_begin(s)) != BP_OK)
        return rc;
    admin_entry(&e, actor, "update", "user", u.id, "identity"); /* that it was linked; the HSA-id stays out */
    rc = bp_identity_add(s, u.id, issuer, subject, actor->now);
    if (rc == BP_OK)
        rc = bp_audit_add(s, &e);
    return finish(s, rc);
}

enum bp_err bp_uc_org_add(struct bp_store *s, const struct bp_actor *actor, struct bp_org *org)
{
    struct bp_audit e;
    enum bp_err rc;

    if (!bp_actor_may_administer(actor))
        return refuse(s, actor, "organisation");
    if (!text_ok(org->name, BP_MAX_NAME, true) || !text_ok(org->municipality, BP_MAX_NAME, false))
        return BP_ERR_INVALID;
    if ((rc = bp_store_begin(s)) != BP_OK)
        return rc;
    rc = bp_org_add(s, org);
    if (rc == BP_OK) {
        admin_entry(&e, actor, "create", "organisation", 0, "");
        e.org_id = org->id;
        rc = bp_audit_add(s, &e);
    }
    return finish(s, rc);
}

enum bp_err bp_uc_org_list(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                           struct bp_org **out, size_t *n)
{
    (void)actor; /* every logged-in user and the command line sees the organisations */
    return bp_org_list(s, a, out, n);
}
