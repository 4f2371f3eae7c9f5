/* oidc.h: the client side of OpenID Connect (issue 10 item 1): the provider's discovery document and keys,
 * the authorization request's address, the code exchange (libcurl), and the ID token's signature (libcjose
 * against the provider's JWKS) with its claims read for domain/oidc.h's checks. Knows nothing of storage,
 * sessions or HTTP serving; the use cases (app/oidc.c) call it. Links util and domain. */
#ifndef BP_OIDC_H
#define BP_OIDC_H
#include "util/arena.h"
#include "domain/oidc.h"

#define BP_OIDC_MAX_URL         1000
#define BP_OIDC_MAX_JWKS        65536 /* the provider's keys, as JSON */
#define BP_OIDC_TIMEOUT_SECONDS 10    /* each request to the provider */

/* An installation's provider (the settings oidc_*); issuer "" : none configured. */
struct bp_oidc_settings {
    char issuer[BP_OIDC_MAX_URL];
    char client_id[256];
    char client_secret[256];
    char redirect_url[BP_OIDC_MAX_URL];
    char name[100];     /* what the login page's button names: "SITHS" by default */
    char pnr_claim[64]; /* families (issue 10 item 1): the ID token's claim with the personnummer */
};

/* What the discovery document says, and the keys behind its jwks_uri. */
struct bp_oidc_provider {
    char authorization_endpoint[BP_OIDC_MAX_URL];
    char token_endpoint[BP_OIDC_MAX_URL];
    char jwks_uri[BP_OIDC_MAX_URL];
    char jwks[BP_OIDC_MAX_JWKS];
};

/* Fetches ISSUER/.well-known/openid-configuration and its JWKS; the document's issuer must be ISSUER. */
bool bp_oidc_discover(const char *issuer, struct bp_oidc_provider *p);
/* Fetches the JWKS again (the provider may have rolled its keys). */
bool bp_oidc_refresh_keys(struct bp_oidc_provider *p);

/* The PKCE challenge of a verifier (S256: base64url of its SHA-256, RFC 7636). */
void bp_oidc_pkce_challenge(const char *verifier, char out[static 44]);

/* The address to send the browser to: the code flow with PKCE (S256), state and nonce, scope "openid". */
const char *bp_oidc_authorize_url(struct bp_arena *a, const struct bp_oidc_provider *p,
                                  const struct bp_oidc_settings *cfg, const char *state, const char *nonce,
                                  const char *challenge);

/* Exchanges the code at the token endpoint (client_secret_basic, the PKCE verifier); the ID token, or NULL.
 */
const char *bp_oidc_exchange(struct bp_arena *a, const struct bp_oidc_provider *p,
                             const struct bp_oidc_settings *cfg, const char *code, const char *verifier);

enum bp_oidc_verified {
    BP_OIDC_VERIFIED,
    BP_OIDC_MALFORMED, /* not a compact JWS, or its payload not the claims' JSON */
    BP_OIDC_ALGORITHM, /* an algorithm not allowed (none, HS*): only RS256, PS256, ES256 */
    BP_OIDC_SIGNATURE, /* no key of the JWKS verifies it */
};
/* Verifies the compact JWS id_token against the keys of jwks (JSON) and reads its claims into out (texts in
 * a), and the text claim named extra_claim (NULL: none) into out->extra. Claims are not checked here:
 * bp_oidc_claims_check does that. */
enum bp_oidc_verified bp_oidc_token_verify(struct bp_arena *a, const char *jwks, const char *id_token,
                                           const char *extra_claim, struct bp_oidc_claims *out);

#endif
