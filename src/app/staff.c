/* staff.c: administration in the browser (app.h, issue 10 item 9): the installation's administrator
 * manages organisations, an organisation's administrator its own staff: invitations by e-mail (a one-time
 * link; only its token's hash is stored), withdrawn or sent again, roles, disabling and enabling an account,
 * ending a membership. Every change and its audit entry are one transaction; a refusal is on record as
 * "denied" before the answer, and looks like a missing page. */
#include "app/app_impl.h"
#include "domain/checks.h"
#include "domain/fields.h"
#include "domain/form_inputs.h"
#include "util/limits.h"

/* The entry of a change made from the browser: who acted (the actor's user), the organisation, and the
 * change and the account it concerns in the detail. */
static void staff_entry(struct bp_audit *e, struct bp_arena *a, const struct bp_actor *actor,
                        const char *action, const char *object, int64_t org_id, const char *what,
                        int64_t account)
{
    bp_app_audit_fill(e, actor, action, object);
    e->org_id = org_id;
    e->detail = !account ? what
                : *what  ? bp_arena_printf(a, "%s user %lld", what, (long long)account)
                         : bp_arena_printf(a, "user %lld", (long long)account);
}

/* Refused: on record as denied at once; the caller answers as if nothing were there. */
static enum bp_err deny(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor, int64_t org_id,
                        int64_t account, enum bp_err answer)
{
    struct bp_audit e;
    enum bp_err rc;
    staff_entry(&e, a, actor, "denied", "staff", org_id, "", account);
    rc = bp_uc_audit_commit(s, &e, 1);
    return rc ? rc : answer;
}

/* The organisation, when the actor administers it; else denied (404). */
static enum bp_err org_for_admin(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                 int64_t org_id, struct bp_org *org)
{
    enum bp_err rc;
    if (!actor->user)
        return BP_ERR_UNAUTHENTICATED;
    if (!bp_user_administers_org(actor->user, org_id))
        return deny(s, a, actor, org_id, 0, BP_ERR_NOT_FOUND);
    rc = bp_org_get(s, a, org_id, org);
    return rc == BP_ERR_NOT_FOUND ? deny(s, a, actor, org_id, 0, BP_ERR_NOT_FOUND) : rc;
}

/* A member of the organisation the actor administers, with their role there; a user of another
 * organisation (or the installation's administrator, for an organisation's administrator) is denied (404). */
static enum bp_err member_for_admin(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                    int64_t org_id, int64_t user_id, struct bp_user *u)
{
    struct bp_org org;
    enum bp_err rc;
    size_t i;
    if ((rc = org_for_admin(s, a, actor, org_id, &org)) != BP_OK)
        return rc;
    rc = bp_user_get(s, a, user_id, u);
    if (rc != BP_OK && rc != BP_ERR_NOT_FOUND)
        return rc;
    for (i = 0; rc == BP_OK && i < u->n_orgs; i++)
        if (u->orgs[i].org_id == org_id && (!u->is_admin || actor->user->is_admin))
            return BP_OK;
    return deny(s, a, actor, org_id, user_id, BP_ERR_NOT_FOUND);
}

/* The member's row on the organisation's staff list, with the whole list (the last administrator's rule),
 * when the actor administers the organisation and the user is a member there; else denied (404). */
static enum bp_err member_row(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                              int64_t org_id, int64_t user_id, struct bp_staff_view *v,
                              const struct bp_staff_member **m)
{
    struct bp_user u;
    enum bp_err rc;
    size_t i;
    memset(v, 0, sizeof(*v));
    if ((rc = member_for_admin(s, a, actor, org_id, user_id, &u)) != BP_OK ||
        (rc = bp_org_get(s, a, org_id, &v->org)) != BP_OK ||
        (rc = bp_org_staff(s, a, org_id, actor->now, &v->members, &v->n)) != BP_OK)
        return rc;
    for (i = 0; i < v->n; i++)
        if (v->members[i].user_id == user_id) {
            *m = &v->members[i];
            return BP_OK;
        }
    return deny(s, a, actor, org_id, user_id, BP_ERR_NOT_FOUND);
}

enum bp_err bp_uc_admin_orgs(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                             struct bp_org **out, size_t *n)
{
    if (!actor->user)
        return BP_ERR_UNAUTHENTICATED;
    if (!actor->user->is_admin)
        return deny(s, a, actor, 0, 0, BP_ERR_FORBIDDEN);
    return bp_org_list(s, a, out, n);
}

enum bp_err bp_uc_org_save(struct bp_store *s, const struct bp_actor *actor, int64_t org_id,
                           const struct bp_org_input *in, struct bp_field_errors *errs, int64_t *id)
{
    struct bp_org org = {.id = org_id, .name = in->name, .municipality = in->municipality};
    struct bp_audit e;
    int kind, principal;
    enum bp_err rc;
    if (!actor->user || !actor->user->is_admin)
        return actor->user ? bp_uc_org_add(s, actor, &org) : BP_ERR_UNAUTHENTICATED; /* refused, on record */
    bp_check_text(errs, "org.name", in->name, BP_MAX_NAME, true);
    bp_check_text(errs, "org.municipality", in->municipality, BP_MAX_NAME, false);
    kind = bp_check_code(errs, "org.kind", in->kind, bp_org_kind_codes, BP_ORG_KIND_COUNT, -1);
    principal =
        bp_check_code(errs, "org.principal", in->principal, bp_principal_codes, BP_PRINCIPAL_COUNT, -1);
    if (errs->count)
        return BP_ERR_INVALID;
    org.kind = (enum bp_org_kind)kind;
    org.principal = (enum bp_principal)principal;
    if (!org_id) {
        rc = bp_uc_org_add(s, actor, &org);
        *id = org.id;
        return rc;
    }
    if ((rc = bp_store_begin(s)) != BP_OK)
        return rc;
    bp_app_audit_fill(&e, actor, "update", "organisation");
    e.org_id = org_id;
    *id = org_id;
    return bp_app_commit_with(s, bp_org_update(s, &org), &e);
}

enum bp_err bp_uc_staff_view(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                             int64_t org_id, struct bp_staff_view *out, struct bp_audit *audit)
{
    enum bp_err rc;
    memset(out, 0, sizeof(*out));
    staff_entry(audit, a, actor, "read", "staff", org_id, "", 0);
    if (!actor->user)
        return BP_ERR_UNAUTHENTICATED;
    rc =
        bp_user_administers_org(actor->user, org_id) ? bp_org_get(s, a, org_id, &out->org) : BP_ERR_NOT_FOUND;
    if (rc == BP_ERR_NOT_FOUND)
        audit->action = "denied"; /* the web layer commits it with the 404 */
    if (rc != BP_OK)
        return rc;
    return bp_org_staff(s, a, org_id, actor->now, &out->members, &out->n);
}

/* The invitation's e-mail address as the account's username: trimmed by the form, lower case. */
static char *username_of(struct bp_arena *a, const char *email)
{
    char *u = bp_arena_strdup(a, email);
    char *p;
    for (p = u; *p; p++)
        if (*p >= 'A' && *p <= 'Z')
            *p = (char)(*p - 'A' + 'a');
    return u;
}

/* In the caller's transaction: an invitation (a new token) and its e-mail to `email`. */
static enum bp_err invite_send(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                               struct bp_staff_invite *inv, const char *email)
{
    char token[BP_TOKEN_LEN + 1], hash[BP_TOKEN_HASH_LEN + 1];
    enum bp_err rc;
    bp_token_new(token);
    bp_token_hash(token, hash);
    *inv = (struct bp_staff_invite){.user_id = inv->user_id,
                                    .org_id = inv->org_id,
                                    .invited_by = actor->user->id,
                                    .created_at = actor->now,
                                    .expires_at = actor->now + BP_INVITE_SECONDS};
    if ((rc = bp_staff_invite_add(s, inv, hash)) != BP_OK)
        return rc;
    return bp_app_mail_code(s, a, actor, 0, email, "staff_invite", "/invite", token);
}

/* In the caller's transaction: the account, its membership, the invitation and its e-mail. */
static enum bp_err invite_write(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                struct bp_user *u, struct bp_staff_invite *inv, enum bp_role role)
{
    enum bp_err rc;
    if ((rc = bp_user_add(s, u, "!")) != BP_OK) /* no argon2id hash: no password logs in until it is set */
        return rc;
    if ((rc = bp_membership_add(s, u->id, inv->org_id, role)) != BP_OK)
        return rc;
    inv->user_id = u->id;
    return invite_send(s, a, actor, inv, u->email);
}

enum bp_err bp_uc_staff_invite(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                               int64_t org_id, const struct bp_invite_input *in, struct bp_field_errors *errs)
{
    struct bp_org org;
    struct bp_user u = {0}, existing;
    struct bp_staff_invite inv = {0};
    struct bp_audit e;
    int role;
    enum bp_err rc;
    if ((rc = org_for_admin(s, a, actor, org_id, &org)) != BP_OK)
        return rc;
    bp_check_text(errs, "invite.display_name", in->display_name, BP_MAX_NAME, true);
    if (bp_check_text(errs, "invite.email", in->email, BP_MAX_SHORT_TEXT, true))
        bp_check_email(errs, "invite.email", in->email);
    role = bp_check_code(errs, "invite.role", in->role, bp_role_codes, BP_ROLE_COUNT, -1);
    if (errs->count)
        return BP_ERR_INVALID;
    u = (struct bp_user){
        .username = username_of(a, in->email), .display_name = in->display_name, .email = in->email};
    if ((rc = bp_user_get_by_username(s, a, u.username, &existing, NULL)) != BP_ERR_NOT_FOUND) {
        if (rc == BP_OK)
            bp_field_errors_add(errs, "invite.email", "taken");
        return rc == BP_OK ? BP_ERR_CONFLICT : rc;
    }
    inv = (struct bp_staff_invite){.org_id = org_id};
    if ((rc = bp_store_begin(s)) != BP_OK)
        return rc;
    rc = invite_write(s, a, actor, &u, &inv, (enum bp_role)role);
    staff_entry(&e, a, actor, "create", "staff", org_id,
                bp_arena_printf(a, "invited %s", bp_role_codes[role]), u.id);
    return bp_app_commit_with(s, rc, &e);
}

enum bp_err bp_uc_staff_set_role(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                 int64_t org_id, int64_t user_id, const char *role,
                                 struct bp_field_errors *errs)
{
    struct bp_staff_view v;
    const struct bp_staff_member *m;
    struct bp_audit e;
    int r;
    enum bp_err rc;
    if ((rc = member_row(s, a, actor, org_id, user_id, &v, &m)) != BP_OK)
        return rc;
    if ((r = bp_check_code(errs, "staff.role", role, bp_role_codes, BP_ROLE_COUNT, -1)) < 0)
        return BP_ERR_INVALID;
    if (bp_staff_change_leaves_no_admin(v.members, v.n, actor->user->id, user_id, r == BP_ROLE_ORG_ADMIN)) {
        bp_field_errors_add(errs, "staff.role", "last_admin");
        return BP_ERR_CONFLICT;
    }
    if ((rc = bp_store_begin(s)) != BP_OK)
        return rc;
    staff_entry(&e, a, actor, "update", "staff", org_id, bp_arena_printf(a, "role %s", bp_role_codes[r]),
                user_id);
    return bp_app_commit_with(s, bp_membership_set_role(s, user_id, org_id, (enum bp_role)r), &e);
}

/* Disables or enables a member's account. Disabling ends every session at once (its next request finds none:
 * access ends now, not when a session times out); enabling lets the account log in again, and the sessions
 * that disabling ended stay ended. Enabling an account that is not disabled is BP_ERR_CONFLICT. */
static enum bp_err set_disabled(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                int64_t org_id, int64_t user_id, bool disabled)
{
    struct bp_user u;
    struct bp_audit e;
    enum bp_err rc;
    if ((rc = member_for_admin(s, a, actor, org_id, user_id, &u)) != BP_OK)
        return rc;
    if (!disabled && !u.disabled)
        return BP_ERR_CONFLICT;
    if ((rc = bp_store_begin(s)) != BP_OK)
        return rc;
    staff_entry(&e, a, actor, "update", "staff", org_id, disabled ? "disabled" : "enabled", user_id);
    rc = bp_user_set_disabled(s, user_id, disabled);
    if (rc == BP_OK && disabled)
        rc = bp_session_delete_for_user(s, user_id);
    return bp_app_commit_with(s, rc, &e);
}

enum bp_err bp_uc_staff_disable(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                int64_t org_id, int64_t user_id)
{
    return set_disabled(s, a, actor, org_id, user_id, true);
}

enum bp_err bp_uc_staff_enable(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                               int64_t org_id, int64_t user_id)
{
    return set_disabled(s, a, actor, org_id, user_id, false);
}

enum bp_err bp_uc_staff_invite_withdraw(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                        int64_t org_id, int64_t user_id)
{
    struct bp_user u;
    struct bp_audit e;
    size_t n = 0;
    enum bp_err rc;
    if ((rc = member_for_admin(s, a, actor, org_id, user_id, &u)) != BP_OK)
        return rc;
    if ((rc = bp_store_begin(s)) != BP_OK)
        return rc;
    staff_entry(&e, a, actor, "update", "staff", org_id, "invite_withdrawn", user_id);
    rc = bp_staff_invite_withdraw(s, a, user_id, org_id, actor->now, &n);
    return bp_app_commit_with(s, rc == BP_OK && !n ? BP_ERR_CONFLICT : rc, &e); /* none that works: nothing */
}

enum bp_err bp_uc_staff_invite_resend(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                      int64_t org_id, int64_t user_id)
{
    struct bp_staff_view v;
    const struct bp_staff_member *m;
    struct bp_staff_invite inv = {.user_id = user_id, .org_id = org_id};
    struct bp_audit e;
    size_t n;
    enum bp_err rc;
    if ((rc = member_row(s, a, actor, org_id, user_id, &v, &m)) != BP_OK)
        return rc;
    if (!m->unaccepted || m->disabled || !m->email)
        return BP_ERR_CONFLICT; /* accepted already (or never invited here): nothing to send again */
    if ((rc = bp_store_begin(s)) != BP_OK)
        return rc;
    staff_entry(&e, a, actor, "update", "staff", org_id, "invite_resent", user_id);
    if ((rc = bp_staff_invite_withdraw(s, a, user_id, org_id, actor->now, &n)) ==
        BP_OK) /* the old link dies */
        rc = invite_send(s, a, actor, &inv, m->email);
    return bp_app_commit_with(s, rc, &e);
}

enum bp_err bp_uc_staff_member(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                               int64_t org_id, int64_t user_id, struct bp_staff_view *out,
                               const struct bp_staff_member **member, struct bp_audit *audit)
{
    enum bp_err rc = member_row(s, a, actor, org_id, user_id, out, member);
    staff_entry(audit, a, actor, "read", "staff", org_id, "", user_id);
    return rc;
}

enum bp_err bp_uc_staff_remove(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                               int64_t org_id, int64_t user_id, struct bp_field_errors *errs)
{
    struct bp_staff_view v;
    const struct bp_staff_member *m;
    struct bp_audit e;
    size_t n;
    enum bp_err rc;
    if ((rc = member_row(s, a, actor, org_id, user_id, &v, &m)) != BP_OK)
        return rc;
    if (bp_staff_change_leaves_no_admin(v.members, v.n, actor->user->id, user_id, false)) {
        bp_field_errors_add(errs, "staff.remove", "last_admin");
        return BP_ERR_CONFLICT;
    }
    if ((rc = bp_store_begin(s)) != BP_OK)
        return rc;
    staff_entry(&e, a, actor, "update", "staff", org_id, "removed", user_id);
    /* the account stays (other memberships); its access here ends at its next request, which loads the
     * memberships again; a link still unused dies with the membership */
    if ((rc = bp_staff_invite_withdraw(s, a, user_id, org_id, actor->now, &n)) == BP_OK)
        rc = bp_membership_remove(s, user_id, org_id);
    return bp_app_commit_with(s, rc, &e);
}

/* The invitation a token names, and why it does not work (NULL: it does). */
static enum bp_err invite_find(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                               const char *token, struct bp_staff_invite *inv, struct bp_user *u,
                               const char **why)
{
    char hash[BP_TOKEN_HASH_LEN + 1];
    enum bp_err rc;
    *why = "unknown";
    memset(inv, 0, sizeof(*inv));
    if (!token || strlen(token) != BP_TOKEN_LEN)
        return BP_OK;
    bp_token_hash(token, hash);
    if ((rc = bp_staff_invite_by_hash(s, a, hash, inv)) != BP_OK)
        return rc == BP_ERR_NOT_FOUND ? BP_OK : rc;
    if ((rc = bp_user_get(s, a, inv->user_id, u)) != BP_OK)
        return rc;
    *why = inv->used_at                    ? "used"
           : inv->withdrawn_at             ? "withdrawn"
           : actor->now >= inv->expires_at ? "expired"
           : u->disabled                   ? "disabled"
                                           : NULL;
    return BP_OK;
}

enum bp_err bp_uc_invite_check(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                               const char *token, const char **org_name)
{
    struct bp_staff_invite inv;
    struct bp_user u;
    struct bp_org org;
    const char *why;
    enum bp_err rc = invite_find(s, a, actor, token, &inv, &u, &why);
    if (rc != BP_OK)
        return rc;
    if (why)
        return BP_ERR_NOT_FOUND;
    if ((rc = bp_org_get(s, a, inv.org_id, &org)) != BP_OK)
        return rc;
    *org_name = org.name;
    return BP_OK;
}

enum bp_err bp_uc_invite_accept(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                const char *token, const char *password, const char *password_again,
                                struct bp_field_errors *errs, struct bp_login_result *out)
{
    char pw_hash[BP_PW_HASH_MAX];
    struct bp_staff_invite inv;
    struct bp_audit e;
    const char *why, *refusal;
    enum bp_err rc = invite_find(s, a, actor, token, &inv, &out->user, &why);
    if (rc != BP_OK)
        return rc;
    password = password ? password : "";
    password_again = password_again ? password_again : "";
    if (!why && (refusal = bp_app_password_refusal(a, password, &out->user)) != NULL)
        bp_field_errors_add(errs, "password", refusal);
    else if (!why && strcmp(password, password_again) != 0)
        bp_field_errors_add(errs, "password_again", "mismatch");
    if (!why && errs->count)
        return BP_ERR_INVALID;
    if (!why && (rc = bp_password_hash(password, pw_hash)) != BP_OK)
        return rc;
    if ((rc = bp_store_begin(s)) != BP_OK)
        return rc;
    bp_app_audit_fill(&e, actor, why ? "login_failed" : "update", why ? "session" : "user");
    e.user_id = inv.user_id;
    e.org_id = inv.org_id;
    e.detail = why ? bp_arena_printf(a, "invite:%s", why) : "invite_accepted";
    if (!why &&
        (rc = bp_staff_invite_use(s, inv.id, actor->now)) == BP_OK) /* once: a second POST finds it used */
        rc = bp_user_set_password(s, inv.user_id, pw_hash);
    if ((rc = bp_app_commit_with(s, rc, &e)) != BP_OK)
        return rc;
    return why ? BP_ERR_NOT_FOUND : bp_app_session_start(s, NULL, actor, "invite", out);
}

enum bp_err bp_uc_invite_oidc_start(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                    const char *token, const char **url, char state[static BP_TOKEN_LEN + 1])
{
    char state_hash[BP_TOKEN_HASH_LEN + 1];
    struct bp_staff_invite inv;
    struct bp_user u;
    const char *why;
    enum bp_err rc = invite_find(s, a, actor, token, &inv, &u, &why);
    if (rc != BP_OK)
        return rc;
    if (why || !bp_app_oidc_name(BP_OIDC_STAFF))
        return BP_ERR_NOT_FOUND;
    if ((rc = bp_uc_oidc_start(s, a, actor, BP_OIDC_STAFF, url, state)) != BP_OK)
        return rc;
    bp_token_hash(state, state_hash);
    if ((rc = bp_store_begin(s)) != BP_OK)
        return rc;
    rc = bp_staff_invite_set_login(s, inv.id, state_hash);
    if (rc != BP_OK) {
        bp_store_rollback(s);
        return rc;
    }
    return bp_store_commit(s);
}
