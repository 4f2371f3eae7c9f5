/* identity.c: a failed password put on record (login and confirmation share it), and the logged-in user
 * confirming who they are again before an act that binds them (V-8a.2: signing the plan). Must not hold
 * the hashing or the throttling rule (auth/auth.c) or any text users see. */
#include "app/app_impl.h"
#include "auth/auth.h"
#include "util/limits.h"

/* A failed password: counted against the account and the address (bp_login_throttled) and put on record
 * (e), in one transaction of its own. */
enum bp_err bp_app_login_failure(struct bp_store *s, const char *username, const struct bp_actor *actor,
                                 const struct bp_audit *e)
{
    enum bp_err rc;
    if ((rc = bp_store_begin(s)) != BP_OK)
        return rc;
    if ((rc = bp_login_failure_add(s, username, actor->address, actor->now)) != BP_OK ||
        (rc = bp_audit_add(s, e)) != BP_OK) {
        bp_store_rollback(s);
        return rc;
    }
    return bp_store_commit(s);
}

/* V-8a.2: the logged-in professional confirms who they are again before an act that binds them (signing
 * the plan). Today by their password, checked and throttled exactly as a login (the same failure counts,
 * the same audit action "login_failed", detail "confirm_identity"); the password is only compared, never
 * kept or logged. This is the one place that decides it: a fresh login through the identity provider
 * (the people issue) replaces the password here, with the same answer to the caller. A refusal is
 * BP_ERR_INVALID with `field` "required", "wrong_password" or "throttled". */
enum bp_err bp_app_confirm_identity(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                    const char *password, const char *field, struct bp_field_errors *errs)
{
    int64_t by_user = 0, by_addr = 0;
    const char *hash = NULL, *username;
    struct bp_user u;
    struct bp_audit e;
    enum bp_err rc;

    if (!actor->user)
        return BP_ERR_UNAUTHENTICATED;
    if (!password || !*password) {
        bp_field_errors_add(errs, field, "required");
        return BP_ERR_INVALID;
    }
    username = actor->user->username;
    bp_app_audit_fill(&e, actor, "login_failed", "session");
    e.detail = "confirm_identity";
    rc = bp_login_failure_count(s, username, actor->address, actor->now - BP_LOGIN_WINDOW_SECONDS, &by_user,
                                &by_addr);
    if (rc != BP_OK)
        return rc;
    if (bp_login_throttled(by_user, by_addr)) {
        e.detail = "confirm_identity throttled";
        if ((rc = bp_uc_audit_commit(s, &e, 1)) != BP_OK)
            return rc;
        bp_field_errors_add(errs, field, "throttled");
        return BP_ERR_INVALID;
    }
    if ((rc = bp_user_get_by_username(s, a, username, &u, &hash)) != BP_OK)
        return rc;
    if (strlen(password) > BP_MAX_PASSWORD || !bp_password_verify(hash, password) || u.disabled) {
        if ((rc = bp_app_login_failure(s, username, actor, &e)) != BP_OK)
            return rc;
        bp_field_errors_add(errs, field, "wrong_password");
        return BP_ERR_INVALID;
    }
    return bp_login_failure_clear(s, username);
}
