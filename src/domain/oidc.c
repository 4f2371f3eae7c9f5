/* oidc.c: the ID token's claims (domain/oidc.h). Pure. */
#include "domain/oidc.h"

const char *const bp_oidc_refusal_codes[] = {"ok",        "issuer", "audience", "expired",
                                             "issued_at", "nonce",  "subject"};

static bool same(const char *a, const char *b)
{
    return a && b && strcmp(a, b) == 0;
}

static bool audience_ok(const struct bp_oidc_claims *c, const char *client_id)
{
    size_t i;
    bool found = false;
    for (i = 0; i < c->n_aud; i++)
        found = found || same(c->aud[i], client_id);
    /* several audiences: the token must have been issued to us (azp), else anyone of them could replay it */
    if (c->n_aud > 1 && !same(c->azp, client_id))
        return false;
    return found && (!c->azp || same(c->azp, client_id));
}

enum bp_oidc_refusal bp_oidc_claims_check(const struct bp_oidc_claims *c, const char *issuer,
                                          const char *client_id, const char *nonce, int64_t now)
{
    if (!same(c->iss, issuer))
        return BP_OIDC_ISSUER;
    if (!audience_ok(c, client_id))
        return BP_OIDC_AUDIENCE;
    if (c->exp <= 0 || now > c->exp + BP_OIDC_CLOCK_SKEW_SECONDS)
        return BP_OIDC_EXPIRED;
    if (c->iat <= 0 || c->iat > now + BP_OIDC_CLOCK_SKEW_SECONDS)
        return BP_OIDC_ISSUED_AT;
    if (!nonce || !*nonce || !same(c->nonce, nonce))
        return BP_OIDC_NONCE;
    if (!c->sub || !*c->sub)
        return BP_OIDC_SUBJECT;
    return BP_OIDC_OK;
}
