/* identity.c: a failed password put on record (login and confirmation share it), and the logged-in user
 * confirming who they are again before an act that binds them (V-8a.2: signing the plan). Must not hold
 * the hashing or the throttling rule (auth/auth.c) or any text users see. */
#include "app/app_impl.h"
#include "auth/auth.h"
#include "auth/throttle.h"
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

enum bp_err bp_app_login_throttled(struct bp_store *s, const struct bp_actor *actor, const char *key,
                                   const char *address, const char *detail, bool *out)
{
    int64_t by_key = 0, by_addr = 0;
    struct bp_audit e;
    enum bp_err rc = bp_login_failure_count(s, key, address ? address : "",
                                            actor->now - BP_LOGIN_WINDOW_SECONDS, &by_key, &by_addr);
    *out = false;
    if (rc != BP_OK || !bp_login_throttled(0, address ? by_addr : by_key))
        return rc;
    *out = true;
    bp_app_audit_fill(&e, actor, "login_failed", "session");
    e.detail = detail;
    return bp_uc_audit_commit(s, &e, 1);
}

/* ---- password throttling (V6.1.1; the rule is auth/throttle.c) ---- */

/* The row name of a known browser's failures: its token's hash, apart from any username. */
static const char *device_key(struct bp_arena *a, const char *token_hash)
{
    return bp_arena_printf(a, "device:%s", token_hash);
}

/* The hash of the browser's bp_device token, when it has a well-formed one. */
static bool device_hash(const struct bp_actor *actor, char out[static BP_TOKEN_HASH_LEN + 1])
{
    if (!actor->device || strlen(actor->device) != BP_TOKEN_LEN)
        return false;
    bp_token_hash(actor->device, out);
    return true;
}

enum bp_err bp_app_password_throttled(struct bp_store *s, struct bp_arena *a, const char *username,
                                      int64_t user_id, const struct bp_actor *actor,
                                      struct bp_password_attempt *out)
{
    struct bp_login_counts n = {0};
    int64_t since = actor->now - BP_LOGIN_WINDOW_SECONDS, unused = 0;
    char hash[BP_TOKEN_HASH_LEN + 1];
    enum bp_err rc;

    memset(out, 0, sizeof(*out));
    if (user_id && device_hash(actor, hash)) {
        if ((rc = bp_login_device_known(s, hash, user_id, actor->now - BP_LOGIN_DEVICE_SECONDS,
                                        &n.known_device)) != BP_OK)
            return rc;
        if (n.known_device) {
            out->device_key = device_key(a, hash);
            if ((rc = bp_login_failure_count(s, out->device_key, "", since, &n.device, &unused)) != BP_OK)
                return rc;
        }
    }
    if ((rc = bp_login_failure_count(s, username, actor->address, since, &n.account, &n.address)) != BP_OK ||
        (rc = bp_login_failure_count_pair(s, username, actor->address, since, &n.pair)) != BP_OK)
        return rc;
    out->throttled = bp_password_login_throttled(&n);
    return BP_OK;
}

enum bp_err bp_app_password_failure(struct bp_store *s, const char *username, const struct bp_actor *actor,
                                    const struct bp_password_attempt *at, const struct bp_audit *e)
{
    enum bp_err rc;
    if ((rc = bp_store_begin(s)) != BP_OK)
        return rc;
    if ((rc = bp_login_failure_add(s, username, actor->address, actor->now)) != BP_OK ||
        (at->device_key && (rc = bp_login_failure_add(s, at->device_key, NULL, actor->now)) != BP_OK) ||
        (rc = bp_audit_add(s, e)) != BP_OK) {
        bp_store_rollback(s);
        return rc;
    }
    return bp_store_commit(s);
}

enum bp_err bp_app_device_remember(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                   int64_t user_id, char token[static BP_TOKEN_LEN + 1])
{
    char hash[BP_TOKEN_HASH_LEN + 1];
    enum bp_err rc;
    if (device_hash(actor, hash)) { /* the browser's token stays: a shared browser is known to each account */
        memcpy(token, actor->device, BP_TOKEN_LEN + 1);
    } else {
        bp_token_new(token);
        bp_token_hash(token, hash);
    }
    if ((rc = bp_login_device_purge(s, actor->now - BP_LOGIN_DEVICE_SECONDS)) != BP_OK ||
        (rc = bp_login_device_add(s, hash, user_id, actor->now)) != BP_OK)
        return rc;
    return bp_login_failure_clear(s, device_key(a, hash));
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
    struct bp_password_attempt at;
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
    if ((rc = bp_app_password_throttled(s, a, username, actor->user->id, actor, &at)) != BP_OK)
        return rc;
    if (at.throttled) {
        e.detail = "confirm_identity throttled";
        if ((rc = bp_uc_audit_commit(s, &e, 1)) != BP_OK)
            return rc;
        bp_field_errors_add(errs, field, "throttled");
        return BP_ERR_INVALID;
    }
    if ((rc = bp_user_get_by_username(s, a, username, &u, &hash)) != BP_OK)
        return rc;
    if (strlen(password) > BP_MAX_PASSWORD || !bp_password_verify(hash, password) || u.disabled) {
        if ((rc = bp_app_password_failure(s, username, actor, &at, &e)) != BP_OK)
            return rc;
        bp_field_errors_add(errs, field, "wrong_password");
        return BP_ERR_INVALID;
    }
    return bp_login_failure_clear(s, username);
}
