/* oidc.c: OpenID Connect's client side (oidc/oidc.h). Every request to the provider has a timeout and a size
 * limit; nothing of a token or a code is logged. */
#include <cjose/cjose.h>
#include <curl/curl.h>
#include <jansson.h>
#include <sodium.h>
#include "oidc/oidc.h"
#include "util/buf.h"

#define MAX_ANSWER (BP_OIDC_MAX_JWKS - 1)

static size_t on_data(char *p, size_t size, size_t n, void *user)
{
    struct bp_buf *b = user;
    bp_buf_add(b, p, size * n);
    return bp_buf_failed(b) ? 0 : size * n;
}

/* GET url (form NULL) or POST the urlencoded form, with HTTP basic auth when user is set; the answer's
 * body in b when the status is 200. */
static bool fetch(const char *url, const char *form, const char *user, const char *pass, struct bp_buf *b)
{
    CURL *h = curl_easy_init();
    long status = 0;
    bool ok = h != NULL;
#define SET(opt, val) ok = ok && curl_easy_setopt(h, opt, val) == CURLE_OK
    SET(CURLOPT_URL, url);
    SET(CURLOPT_PROTOCOLS_STR, "http,https");
    SET(CURLOPT_TIMEOUT, (long)BP_OIDC_TIMEOUT_SECONDS);
    SET(CURLOPT_NOSIGNAL, 1L);
    SET(CURLOPT_WRITEFUNCTION, on_data);
    SET(CURLOPT_WRITEDATA, b);
    if (form)
        SET(CURLOPT_POSTFIELDS, form);
    if (user) {
        SET(CURLOPT_HTTPAUTH, (long)CURLAUTH_BASIC);
        SET(CURLOPT_USERNAME, user);
        SET(CURLOPT_PASSWORD, pass);
    }
#undef SET
    ok = ok && curl_easy_perform(h) == CURLE_OK;
    ok = ok && curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status) == CURLE_OK && status == 200;
    if (h)
        curl_easy_cleanup(h);
    return ok && !bp_buf_failed(b);
}

static bool copy_str(json_t *o, const char *key, char *dst, size_t n)
{
    const char *v = json_string_value(json_object_get(o, key));
    if (!v || strlen(v) >= n)
        return false;
    memcpy(dst, v, strlen(v) + 1);
    return true;
}

bool bp_oidc_refresh_keys(struct bp_oidc_provider *p)
{
    struct bp_buf b;
    bool ok;
    bp_buf_init(&b, MAX_ANSWER);
    ok = fetch(p->jwks_uri, NULL, NULL, NULL, &b) && b.len < sizeof(p->jwks);
    if (ok)
        memcpy(p->jwks, bp_buf_str(&b), b.len + 1);
    bp_buf_release(&b);
    return ok;
}

bool bp_oidc_discover(const char *issuer, struct bp_oidc_provider *p)
{
    char url[BP_OIDC_MAX_URL + 64];
    char iss[BP_OIDC_MAX_URL];
    size_t n = strlen(issuer);
    struct bp_buf b;
    json_t *doc = NULL;
    bool ok;

    memset(p, 0, sizeof(*p));
    snprintf(url, sizeof(url), "%.*s/.well-known/openid-configuration",
             (int)(n && issuer[n - 1] == '/' ? n - 1 : n), issuer);
    bp_buf_init(&b, MAX_ANSWER);
    ok = fetch(url, NULL, NULL, NULL, &b);
    if (ok)
        doc = json_loadb(bp_buf_str(&b), b.len, 0, NULL);
    bp_buf_release(&b);
    ok = doc && copy_str(doc, "issuer", iss, sizeof(iss)) && strcmp(iss, issuer) == 0 &&
         copy_str(doc, "authorization_endpoint", p->authorization_endpoint,
                  sizeof(p->authorization_endpoint)) &&
         copy_str(doc, "token_endpoint", p->token_endpoint, sizeof(p->token_endpoint)) &&
         copy_str(doc, "jwks_uri", p->jwks_uri, sizeof(p->jwks_uri));
    json_decref(doc);
    return ok && bp_oidc_refresh_keys(p);
}

void bp_oidc_pkce_challenge(const char *verifier, char out[static 44])
{
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, (const unsigned char *)verifier, strlen(verifier));
    sodium_bin2base64(out, 44, h, sizeof(h), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

static void param(struct bp_buf *b, const char *name, const char *value)
{
    bp_buf_addc(b, '&');
    bp_buf_adds(b, name);
    bp_buf_addc(b, '=');
    bp_buf_add_urlenc(b, value, strlen(value));
}

const char *bp_oidc_authorize_url(struct bp_arena *a, const struct bp_oidc_provider *p,
                                  const struct bp_oidc_settings *cfg, const char *state, const char *nonce,
                                  const char *challenge)
{
    struct bp_buf *b = bp_arena_buf(a, 4 * BP_OIDC_MAX_URL);
    bp_buf_adds(b, p->authorization_endpoint);
    bp_buf_adds(b, strchr(p->authorization_endpoint, '?') ? "&" : "?");
    bp_buf_adds(b, "response_type=code&scope=openid");
    param(b, "client_id", cfg->client_id);
    param(b, "redirect_uri", cfg->redirect_url);
    param(b, "state", state);
    param(b, "nonce", nonce);
    param(b, "code_challenge", challenge);
    param(b, "code_challenge_method", "S256");
    return bp_buf_failed(b) ? NULL : bp_buf_str(b);
}

const char *bp_oidc_exchange(struct bp_arena *a, const struct bp_oidc_provider *p,
                             const struct bp_oidc_settings *cfg, const char *code, const char *verifier)
{
    struct bp_buf *form = bp_arena_buf(a, 8192), *answer = bp_arena_buf(a, MAX_ANSWER);
    const char *out = NULL, *tok;
    json_t *doc;

    bp_buf_adds(form, "grant_type=authorization_code");
    param(form, "code", code);
    param(form, "redirect_uri", cfg->redirect_url);
    param(form, "code_verifier", verifier);
    if (bp_buf_failed(form) ||
        !fetch(p->token_endpoint, bp_buf_str(form), cfg->client_id, cfg->client_secret, answer))
        return NULL;
    doc = json_loadb(bp_buf_str(answer), answer->len, 0, NULL);
    tok = json_string_value(json_object_get(doc, "id_token"));
    if (tok)
        out = bp_arena_strdup(a, tok);
    json_decref(doc);
    return out;
}

static const char *claim_str(struct bp_arena *a, json_t *o, const char *key)
{
    const char *v = json_string_value(json_object_get(o, key));
    return v ? bp_arena_strdup(a, v) : NULL;
}

/* The claims Barnplan checks, from the verified payload. */
static bool read_claims(struct bp_arena *a, const uint8_t *payload, size_t n, const char *extra,
                        struct bp_oidc_claims *out)
{
    json_t *doc = json_loadb((const char *)payload, n, 0, NULL), *aud, *v;
    size_t i;
    if (!json_is_object(doc)) {
        json_decref(doc);
        return false;
    }
    out->iss = claim_str(a, doc, "iss");
    out->sub = claim_str(a, doc, "sub");
    out->azp = claim_str(a, doc, "azp");
    out->nonce = claim_str(a, doc, "nonce");
    out->extra = extra && *extra ? claim_str(a, doc, extra) : NULL;
    out->exp =
        json_is_integer(json_object_get(doc, "exp")) ? json_integer_value(json_object_get(doc, "exp")) : 0;
    out->iat =
        json_is_integer(json_object_get(doc, "iat")) ? json_integer_value(json_object_get(doc, "iat")) : 0;
    aud = json_object_get(doc, "aud");
    if (json_is_string(aud)) {
        out->aud[out->n_aud++] = bp_arena_strdup(a, json_string_value(aud));
    } else if (json_is_array(aud)) {
        json_array_foreach(aud, i, v)
        {
            if (json_is_string(v) && out->n_aud < BP_OIDC_MAX_AUD)
                out->aud[out->n_aud++] = bp_arena_strdup(a, json_string_value(v));
        }
    }
    json_decref(doc);
    return true;
}

static bool alg_allowed(const char *alg)
{
    return alg && (strcmp(alg, "RS256") == 0 || strcmp(alg, "PS256") == 0 || strcmp(alg, "ES256") == 0);
}

/* Does any key of the JWKS (with the token's kid, when both name one) verify jws? */
static bool any_key_verifies(cjose_jws_t *jws, const char *jwks, const char *kid)
{
    json_t *set = json_loads(jwks, 0, NULL), *k;
    cjose_err err;
    bool ok = false;
    size_t i;
    json_array_foreach(json_object_get(set, "keys"), i, k)
    {
        const char *use = json_string_value(json_object_get(k, "use"));
        const char *key_kid = json_string_value(json_object_get(k, "kid"));
        char *text;
        cjose_jwk_t *jwk;
        if (ok || (use && strcmp(use, "sig") != 0) || (kid && key_kid && strcmp(kid, key_kid) != 0))
            continue;
        text = json_dumps(k, JSON_COMPACT);
        jwk = text ? cjose_jwk_import(text, strlen(text), &err) : NULL;
        ok = jwk && cjose_jws_verify(jws, jwk, &err);
        cjose_jwk_release(jwk);
        free(text);
    }
    json_decref(set);
    return ok;
}

enum bp_oidc_verified bp_oidc_token_verify(struct bp_arena *a, const char *jwks, const char *id_token,
                                           const char *extra_claim, struct bp_oidc_claims *out)
{
    cjose_err err;
    cjose_jws_t *jws;
    cjose_header_t *hdr;
    uint8_t *payload = NULL;
    size_t n = 0;
    enum bp_oidc_verified rc = BP_OIDC_VERIFIED;

    memset(out, 0, sizeof(*out));
    if (!id_token || !(jws = cjose_jws_import(id_token, strlen(id_token), &err)))
        return BP_OIDC_MALFORMED;
    hdr = cjose_jws_get_protected(jws);
    if (!hdr || !alg_allowed(cjose_header_get(hdr, CJOSE_HDR_ALG, &err)))
        rc = BP_OIDC_ALGORITHM;
    else if (!any_key_verifies(jws, jwks, cjose_header_get(hdr, CJOSE_HDR_KID, &err)))
        rc = BP_OIDC_SIGNATURE;
    else if (!cjose_jws_get_plaintext(jws, &payload, &n, &err) ||
             !read_claims(a, payload, n, extra_claim, out))
        rc = BP_OIDC_MALFORMED;
    cjose_jws_release(jws);
    return rc;
}
