/* oidc.h: the checks of an OpenID Connect ID token's claims (issue 10 item 1, OpenID Connect Core 3.1.3.7),
 * written once. Pure: the token's signature is checked before (src/oidc), "now" is a parameter. */
#ifndef BP_DOMAIN_OIDC_H
#define BP_DOMAIN_OIDC_H
#include "util/common.h"

#define BP_OIDC_MAX_AUD            8
#define BP_OIDC_CLOCK_SKEW_SECONDS 60 /* the provider's clock and ours may differ by this much */

/* The claims of a verified ID token that Barnplan checks; a missing text is NULL, a missing time 0. */
struct bp_oidc_claims {
    const char *iss, *sub, *azp, *nonce;
    const char *aud[BP_OIDC_MAX_AUD];
    size_t n_aud;
    int64_t exp, iat;
    const char *extra; /* the claim asked for by name (a family login: the personnummer), or NULL */
};

/* Why a token is refused; its code (bp_oidc_refusal_codes) is the audit entry's detail. */
enum bp_oidc_refusal {
    BP_OIDC_OK,
    BP_OIDC_ISSUER,    /* iss is not the configured issuer */
    BP_OIDC_AUDIENCE,  /* the client id is not in aud, or azp names another client */
    BP_OIDC_EXPIRED,   /* exp is past (with the skew), or missing */
    BP_OIDC_ISSUED_AT, /* iat missing or in the future (with the skew) */
    BP_OIDC_NONCE,     /* not the nonce this login sent */
    BP_OIDC_SUBJECT,   /* no subject */
};
extern const char *const bp_oidc_refusal_codes[];

/* The first claim that does not hold, or BP_OIDC_OK. */
enum bp_oidc_refusal bp_oidc_claims_check(const struct bp_oidc_claims *c, const char *issuer,
                                          const char *client_id, const char *nonce, int64_t now);

#endif
