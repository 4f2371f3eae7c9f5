/* oidc.c: staff logins through the installation's identity provider over OpenID Connect (issue 10 item 1,
 * docs/identity-providers.md): the start (state, nonce and PKCE verifier kept server-side, once only) and
 * the callback (code exchange, the ID token's signature and claims, the account linked to the provider's
 * (issuer, subject), never to an e-mail claim), and `barnplan user link`. Each refusal is audited as
 * "login_failed" with detail "oidc:<why>" and creates no session; a login is the password login's session
 * (bp_app_session_start) with detail "oidc". Must not hold the protocol (src/oidc) or any text users see. */
#include "app/app_impl.h"
#include "auth/auth.h"
#include "oidc/oidc.h"
#include "util/limits.h"

/* One provider for the staff (SITHS) and one for the families (BankID), each with this process's copy of its
 * discovery document and keys. */
static struct slot {
    struct bp_oidc_settings settings;
    struct bp_oidc_provider provider;
    bool discovered;
} slots[BP_OIDC_FOR_COUNT];

void bp_app_set_oidc(enum bp_oidc_for who, const struct bp_oidc_settings *s)
{
    struct slot *sl = &slots[who];
    sl->settings = *s;
    if (!sl->settings.name[0])
        snprintf(sl->settings.name, sizeof(sl->settings.name), "%s",
                 who == BP_OIDC_FAMILY ? "BankID" : "SITHS");
    if (who == BP_OIDC_FAMILY && !sl->settings.pnr_claim[0])
        snprintf(sl->settings.pnr_claim, sizeof(sl->settings.pnr_claim), "personal_number");
    sl->discovered = false;
}

const char *bp_app_oidc_name(enum bp_oidc_for who)
{
    return slots[who].settings.issuer[0] ? slots[who].settings.name : NULL;
}

static bool provider_ready(struct slot *sl)
{
    if (!sl->discovered)
        sl->discovered = bp_oidc_discover(sl->settings.issuer, &sl->provider);
    return sl->discovered;
}

enum bp_err bp_uc_oidc_start(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                             enum bp_oidc_for who, const char **url, char state[static BP_TOKEN_LEN + 1])
{
    struct slot *sl = &slots[who];
    char nonce[BP_TOKEN_LEN + 1], verifier[BP_TOKEN_LEN + 1], state_hash[BP_TOKEN_HASH_LEN + 1],
        challenge[44];
    enum bp_err rc;

    *url = NULL;
    if (!sl->settings.issuer[0])
        return BP_ERR_NOT_FOUND;
    if (!provider_ready(sl))
        return BP_ERR_UNAVAILABLE;
    bp_token_new(state);
    bp_token_new(nonce);
    bp_token_new(verifier);
    bp_token_hash(state, state_hash);
    bp_oidc_pkce_challenge(verifier, challenge);
    if ((rc = bp_store_begin(s)) != BP_OK)
        return rc;
    /* logins never finished go when another starts: no sweeper, no table that only grows */
    if ((rc = bp_oidc_pending_purge(s, actor->now - BP_OIDC_PENDING_SECONDS)) != BP_OK ||
        (rc = bp_oidc_pending_add(s, state_hash, nonce, verifier, actor->now)) != BP_OK) {
        bp_store_rollback(s);
        return rc;
    }
    if ((rc = bp_store_commit(s)) != BP_OK)
        return rc;
    *url = bp_oidc_authorize_url(a, &sl->provider, &sl->settings, state, nonce, challenge);
    return *url ? BP_OK : BP_ERR_TOO_LARGE;
}

/* Where a refused callback is counted (issue 10 item 9): a staff login's per client address with the
 * failed passwords (bp_login_throttled's address limit), a family login's under the family's key of that
 * address (app/family.c), as their code logins are. */
static void failure_row(struct bp_arena *a, const struct bp_actor *actor, enum bp_oidc_for who,
                        const char **key, const char **address)
{
    *key = who == BP_OIDC_FAMILY ? bp_app_family_failure_key(a, actor) : "oidc";
    *address = who == BP_OIDC_FAMILY ? NULL : actor->address;
}

/* A refused callback: counted, on record, no session. */
static enum bp_err refuse(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                          enum bp_oidc_for who, int64_t user_id, const char *why, const char **out_why)
{
    struct bp_actor counted = *actor;
    struct bp_audit e;
    const char *key;
    enum bp_err rc;
    bp_app_audit_fill(&e, actor, "login_failed", "session");
    e.user_id = user_id;
    e.detail = bp_arena_printf(a, "oidc:%s", why);
    *out_why = why;
    failure_row(a, actor, who, &key, &counted.address);
    rc = bp_app_login_failure(s, key, &counted, &e);
    return rc ? rc : BP_ERR_UNAUTHENTICATED;
}

/* Too many refused callbacks from this address in the window: refused before anything is looked at or
 * asked of the provider, on record as "oidc:throttled" (not counted again). */
static enum bp_err throttled(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                             enum bp_oidc_for who, const char **why)
{
    const char *key, *address;
    bool too_many;
    enum bp_err rc;
    failure_row(a, actor, who, &key, &address);
    rc = bp_app_login_throttled(s, actor, key, address, "oidc:throttled", &too_many);
    if (too_many)
        *why = "throttled";
    return rc == BP_OK && too_many ? BP_ERR_THROTTLED : rc;
}

/* The ID token verified against the provider's keys (fetched again once if none verifies: keys roll). */
static const char *verified(struct bp_arena *a, struct slot *sl, const char *id_token,
                            struct bp_oidc_claims *c)
{
    const char *extra = sl->settings.pnr_claim[0] ? sl->settings.pnr_claim : NULL;
    enum bp_oidc_verified v = bp_oidc_token_verify(a, sl->provider.jwks, id_token, extra, c);
    if (v == BP_OIDC_SIGNATURE && bp_oidc_refresh_keys(&sl->provider))
        v = bp_oidc_token_verify(a, sl->provider.jwks, id_token, extra, c);
    return v == BP_OIDC_VERIFIED    ? NULL
           : v == BP_OIDC_SIGNATURE ? "signature"
           : v == BP_OIDC_ALGORITHM ? "algorithm"
                                    : "malformed";
}

/* Everything a callback checks before it knows who it is: the state once only and from the same browser,
 * the code exchanged, the ID token's signature and claims. BP_OK with *c, or the refusal (on record). */
static enum bp_err verify_return(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                 enum bp_oidc_for who, const struct bp_oidc_return *in,
                                 struct bp_oidc_claims *c, const char **why)
{
    struct slot *sl = &slots[who];
    char state_hash[BP_TOKEN_HASH_LEN + 1];
    const char *nonce, *verifier, *id_token, *bad;
    enum bp_oidc_refusal r;
    int64_t started;
    enum bp_err rc;

    *why = NULL;
    if (!sl->settings.issuer[0])
        return BP_ERR_NOT_FOUND;
    if ((rc = throttled(s, a, actor, who, why)) != BP_OK)
        return rc;
    if (!in->state || strlen(in->state) != BP_TOKEN_LEN)
        return refuse(s, a, actor, who, 0, "state", why);
    bp_token_hash(in->state, state_hash);
    /* taken at once: the same state is accepted once, whatever happens next (a replayed callback) */
    rc = bp_oidc_pending_take(s, a, state_hash, &nonce, &verifier, &started);
    if (rc == BP_ERR_NOT_FOUND)
        return refuse(s, a, actor, who, 0, "replay", why);
    if (rc != BP_OK)
        return rc;
    if (started < actor->now - BP_OIDC_PENDING_SECONDS)
        return refuse(s, a, actor, who, 0, "state_expired", why);
    /* the browser that started the login must be the one that returns (login CSRF) */
    if (!in->cookie_state || !bp_token_equal(in->cookie_state, in->state))
        return refuse(s, a, actor, who, 0, "browser", why);
    if (in->error && *in->error)
        return refuse(s, a, actor, who, 0, "provider_error", why);
    if (!in->code || !*in->code || strlen(in->code) > BP_MAX_OIDC_CODE)
        return refuse(s, a, actor, who, 0, "code", why);
    if (!provider_ready(sl) ||
        !(id_token = bp_oidc_exchange(a, &sl->provider, &sl->settings, in->code, verifier)))
        return refuse(s, a, actor, who, 0, "exchange", why);
    if ((bad = verified(a, sl, id_token, c)) != NULL)
        return refuse(s, a, actor, who, 0, bad, why);
    if ((r = bp_oidc_claims_check(c, sl->settings.issuer, sl->settings.client_id, nonce, actor->now)) !=
        BP_OIDC_OK)
        return refuse(s, a, actor, who, 0, bp_oidc_refusal_codes[r], why);
    return BP_OK;
}

enum bp_err bp_uc_oidc_callback(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                const struct bp_oidc_return *in, struct bp_login_result *out,
                                const char **why)
{
    struct bp_oidc_claims c;
    enum bp_err rc;

    memset(out, 0, sizeof(*out));
    if ((rc = verify_return(s, a, actor, BP_OIDC_STAFF, in, &c, why)) != BP_OK)
        return rc;
    rc = bp_user_get_by_identity(s, a, c.iss, c.sub, &out->user);
    if (rc == BP_ERR_NOT_FOUND) { /* a colleague invited by e-mail links their login on first use (item 9) */
        char state_hash[BP_TOKEN_HASH_LEN + 1];
        bp_token_hash(in->state, state_hash);
        rc = bp_app_invite_link_identity(s, a, actor, state_hash, c.iss, c.sub, &out->user);
    }
    if (rc == BP_ERR_NOT_FOUND || (rc == BP_OK && out->user.family_child_id)) {
        memset(&out->user, 0, sizeof(out->user));
        return refuse(s, a, actor, BP_OIDC_STAFF, 0, "unknown", why);
    }
    if (rc != BP_OK)
        return rc;
    if (out->user.disabled) {
        int64_t id = out->user.id;
        memset(&out->user, 0, sizeof(out->user));
        return refuse(s, a, actor, BP_OIDC_STAFF, id, "disabled", why);
    }
    return bp_app_session_start(s, NULL, actor, "oidc", out);
}

enum bp_err bp_uc_family_oidc_callback(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                       const struct bp_oidc_return *in, struct bp_login_result *out,
                                       struct bp_family_choice **choices, size_t *n_choices, const char **why)
{
    struct bp_oidc_claims c;
    enum bp_err rc;

    memset(out, 0, sizeof(*out));
    *choices = NULL;
    *n_choices = 0;
    if ((rc = verify_return(s, a, actor, BP_OIDC_FAMILY, in, &c, why)) != BP_OK)
        return rc;
    rc = bp_app_family_by_pnr(s, a, actor, c.extra, out, choices, n_choices);
    if (rc == BP_ERR_NOT_FOUND) /* no child or guardian with that personnummer who may log in */
        return refuse(s, a, actor, BP_OIDC_FAMILY, 0, c.extra ? "unknown" : "no_personal_number", why);
    return rc;
}
