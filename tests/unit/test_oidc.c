/* test_oidc.c: an OpenID Connect ID token (issue 10 item 1): the claims' checks (src/domain/oidc.c) as a
 * table, and the signature (src/oidc/oidc.c, libcjose) on tokens this test signs with keys of its own:
 * the real provider of tests/http/oidc.test.mjs signs only good tokens, so a token signed by another key,
 * tampered with, or with alg "none" is made here. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>
#include <cjose/cjose.h>
#include <jansson.h>
#include "oidc/oidc.h"

#define ISS    "https://idp.example.se"
#define CLIENT "barnplan"
#define NONCE  "n-0S6_WzA2Mj"
#define NOW    1800000000

static void test_claims(void **state)
{
    static const struct {
        const char *name;
        struct bp_oidc_claims c;
        enum bp_oidc_refusal want;
    } rows[] = {
        {"good", {ISS, "hsa-1", NULL, NONCE, {CLIENT}, 1, NOW + 300, NOW}, BP_OIDC_OK},
        {"good, azp ours", {ISS, "hsa-1", CLIENT, NONCE, {CLIENT}, 1, NOW + 300, NOW}, BP_OIDC_OK},
        {"issuer other", {ISS "/x", "hsa-1", NULL, NONCE, {CLIENT}, 1, NOW + 300, NOW}, BP_OIDC_ISSUER},
        {"issuer missing", {NULL, "hsa-1", NULL, NONCE, {CLIENT}, 1, NOW + 300, NOW}, BP_OIDC_ISSUER},
        {"audience other", {ISS, "hsa-1", NULL, NONCE, {"other"}, 1, NOW + 300, NOW}, BP_OIDC_AUDIENCE},
        {"audience missing", {ISS, "hsa-1", NULL, NONCE, {NULL}, 0, NOW + 300, NOW}, BP_OIDC_AUDIENCE},
        {"two audiences, no azp",
         {ISS, "hsa-1", NULL, NONCE, {CLIENT, "other"}, 2, NOW + 300, NOW},
         BP_OIDC_AUDIENCE},
        {"two audiences, azp other",
         {ISS, "hsa-1", "other", NONCE, {CLIENT, "other"}, 2, NOW + 300, NOW},
         BP_OIDC_AUDIENCE},
        {"two audiences, azp ours",
         {ISS, "hsa-1", CLIENT, NONCE, {CLIENT, "other"}, 2, NOW + 300, NOW},
         BP_OIDC_OK},
        {"expired beyond the skew",
         {ISS, "hsa-1", NULL, NONCE, {CLIENT}, 1, NOW - 61, NOW - 600},
         BP_OIDC_EXPIRED},
        {"expired within the skew",
         {ISS, "hsa-1", NULL, NONCE, {CLIENT}, 1, NOW - 60, NOW - 600},
         BP_OIDC_OK},
        {"no exp", {ISS, "hsa-1", NULL, NONCE, {CLIENT}, 1, 0, NOW}, BP_OIDC_EXPIRED},
        {"issued in the future",
         {ISS, "hsa-1", NULL, NONCE, {CLIENT}, 1, NOW + 900, NOW + 61},
         BP_OIDC_ISSUED_AT},
        {"no iat", {ISS, "hsa-1", NULL, NONCE, {CLIENT}, 1, NOW + 300, 0}, BP_OIDC_ISSUED_AT},
        {"nonce other", {ISS, "hsa-1", NULL, "x", {CLIENT}, 1, NOW + 300, NOW}, BP_OIDC_NONCE},
        {"nonce missing", {ISS, "hsa-1", NULL, NULL, {CLIENT}, 1, NOW + 300, NOW}, BP_OIDC_NONCE},
        {"no subject", {ISS, NULL, NULL, NONCE, {CLIENT}, 1, NOW + 300, NOW}, BP_OIDC_SUBJECT},
        {"empty subject", {ISS, "", NULL, NONCE, {CLIENT}, 1, NOW + 300, NOW}, BP_OIDC_SUBJECT},
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        print_message("%s\n", rows[i].name);
        assert_int_equal(bp_oidc_claims_check(&rows[i].c, ISS, CLIENT, NONCE, NOW), rows[i].want);
    }
    /* the login's own nonce must be there: an empty expected nonce never matches */
    assert_int_equal(bp_oidc_claims_check(&rows[0].c, ISS, CLIENT, "", NOW), BP_OIDC_NONCE);
}

/* A JWKS (public part) of one key. */
static char *jwks_of(const cjose_jwk_t *k, const char *kid)
{
    cjose_err err;
    char *pub = cjose_jwk_to_json(k, false, &err), *out;
    json_t *key = json_loads(pub, 0, NULL), *set = json_object();
    json_object_set_new(key, "kid", json_string(kid));
    json_object_set_new(key, "use", json_string("sig"));
    json_object_set_new(set, "keys", json_pack("[o]", key));
    out = json_dumps(set, JSON_COMPACT);
    json_decref(set);
    free(pub);
    return out;
}

static char *sign(const cjose_jwk_t *k, const char *alg, const char *kid, const char *payload)
{
    cjose_err err;
    cjose_header_t *h = cjose_header_new(&err);
    cjose_jws_t *jws;
    const char *ser = NULL;
    char *out;
    cjose_header_set(h, CJOSE_HDR_ALG, alg, &err);
    cjose_header_set(h, CJOSE_HDR_KID, kid, &err);
    jws = cjose_jws_sign(k, h, (const uint8_t *)payload, strlen(payload), &err);
    assert_non_null(jws);
    assert_true(cjose_jws_export(jws, &ser, &err));
    out = strdup(ser);
    cjose_jws_release(jws);
    cjose_header_release(h);
    return out;
}

static void test_signature(void **state)
{
    static const uint8_t e[] = {1, 0, 1};
    const char *payload = "{\"iss\":\"" ISS "\",\"sub\":\"hsa-1\",\"aud\":\"" CLIENT "\",\"nonce\":\"" NONCE
                          "\",\"exp\":1800000300,\"iat\":1800000000}";
    cjose_err err;
    cjose_jwk_t *ours = cjose_jwk_create_RSA_random(2048, e, sizeof(e), &err);
    cjose_jwk_t *other = cjose_jwk_create_RSA_random(2048, e, sizeof(e), &err);
    char *jwks = jwks_of(ours, "k1"), *good = sign(ours, "RS256", "k1", payload);
    char *foreign = sign(other, "RS256", "k1", payload), *tampered = strdup(good), *dot;
    struct bp_arena a;
    struct bp_oidc_claims c;
    (void)state;
    bp_arena_init(&a, 1 << 16);

    assert_int_equal(bp_oidc_token_verify(&a, jwks, good, NULL, &c), BP_OIDC_VERIFIED);
    assert_string_equal(c.sub, "hsa-1");
    assert_string_equal(c.aud[0], CLIENT);
    assert_int_equal(c.exp, 1800000300);
    assert_int_equal(bp_oidc_claims_check(&c, ISS, CLIENT, NONCE, NOW), BP_OIDC_OK);

    /* a token signed by another key (a second provider, or a forger) under the same kid */
    assert_int_equal(bp_oidc_token_verify(&a, jwks, foreign, NULL, &c), BP_OIDC_SIGNATURE);
    assert_null(c.sub);
    /* the payload changed after signing: one letter of its base64url */
    dot = strchr(tampered, '.') + 5;
    *dot = *dot == 'A' ? 'B' : 'A';
    assert_int_equal(bp_oidc_token_verify(&a, jwks, tampered, NULL, &c), BP_OIDC_SIGNATURE);
    /* "none" and garbage */
    {
        char none[1024];
        char *b = strdup(good);
        *strrchr(b, '.') = '\0';
        snprintf(none, sizeof(none), "eyJhbGciOiJub25lIn0%s.", strchr(b, '.'));
        assert_int_not_equal(bp_oidc_token_verify(&a, jwks, none, NULL, &c), BP_OIDC_VERIFIED);
        free(b);
    }
    /* a shared-key algorithm (HS256) is not on the list (RS256, PS256, ES256): OWASP ASVS V9.1.2 */
    {
        cjose_jwk_t *shared = cjose_jwk_create_oct_random(256, &err);
        char *hs = sign(shared, "HS256", "k1", payload);
        assert_non_null(hs);
        assert_int_not_equal(bp_oidc_token_verify(&a, jwks, hs, NULL, &c), BP_OIDC_VERIFIED);
        free(hs);
        cjose_jwk_release(shared);
    }
    assert_int_equal(bp_oidc_token_verify(&a, jwks, "not a token", NULL, &c), BP_OIDC_MALFORMED);
    assert_int_equal(bp_oidc_token_verify(&a, jwks, NULL, NULL, &c), BP_OIDC_MALFORMED);
    /* a key the JWKS does not have at all */
    assert_int_equal(bp_oidc_token_verify(&a, "{\"keys\":[]}", good, NULL, &c), BP_OIDC_SIGNATURE);

    free(jwks);
    free(good);
    free(foreign);
    free(tampered);
    cjose_jwk_release(ours);
    cjose_jwk_release(other);
    bp_arena_release(&a);
}

static void test_pkce(void **state)
{
    char ch[44];
    (void)state;
    /* S256: base64url(SHA-256(verifier)) without padding; the expected value from Python's hashlib */
    bp_oidc_pkce_challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gXk-cQ7hjI", ch);
    assert_string_equal(ch, "uix_lYG6KjOuP0z4SCtcCuEPcnxPAR_p7xz4FDqRADc");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_claims),
        cmocka_unit_test(test_signature),
        cmocka_unit_test(test_pkce),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
