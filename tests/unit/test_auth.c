/* test_auth.c: the secrets of login (src/auth): what a password may be, how it is stored and checked, how
 * random the tokens and codes are, when a session ends and when logins are throttled. The rows of
 * docs/asvs.md (OWASP ASVS 5.0, issue 11 item 9) that cite these tests name the requirement in each. */
#include <ctype.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <sodium.h>
#include "auth/auth.h"
#include "util/limits.h"

static int setup(void **state)
{
    (void)state;
    unsetenv("BARNPLAN_FAST_HASH"); /* the real cost first */
    return bp_auth_init() == BP_OK ? 0 : -1;
}

/* ASVS V6.2.1, V6.2.5: at least BP_MIN_PASSWORD (10) characters, counted as characters, not bytes; anything
 * else goes: no rule about upper case, digits or signs. */
static void test_password_length_only(void **state)
{
    (void)state;
    assert_int_equal(BP_MIN_PASSWORD, 10);
    assert_false(bp_password_acceptable(""));
    assert_false(bp_password_acceptable("123456789")); /* 9 */
    assert_true(bp_password_acceptable("1234567890")); /* 10 digits only */
    assert_true(bp_password_acceptable("aaaaaaaaaa")); /* lower case only */
    assert_true(bp_password_acceptable("          ")); /* spaces only */
    assert_true(bp_password_acceptable("hej på dig")); /* with a space and å */
    /* nine characters in 18 bytes are still nine: counted as characters */
    assert_false(bp_password_acceptable("åäöåäöåäö"));
    assert_true(bp_password_acceptable("åäöåäöåäöå"));
}

/* ASVS V6.2.8, V6.2.9: long passwords are kept whole (up to BP_MAX_PASSWORD bytes) and checked exactly as
 * given: no trimming, no case folding, no cutting. */
static void test_password_long_and_exact(void **state)
{
    char hash[BP_PW_HASH_MAX], h64[BP_PW_HASH_MAX];
    char max[BP_MAX_PASSWORD + 2];
    const char *pw = "  Två Ord med Mellanslag  ";
    const char *p64 = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-+";
    (void)state;
    /* the tests' minimum cost from here on (test_password_hash_is_argon2id, first, had the real one) */
    assert_int_equal(setenv("BARNPLAN_FAST_HASH", "1", 1), 0);
    assert_int_equal(bp_auth_init(), BP_OK);
    assert_int_equal(strlen(p64), 64);
    assert_int_equal(bp_password_hash(pw, hash), BP_OK);
    assert_true(bp_password_verify(hash, pw));
    assert_false(bp_password_verify(hash, "Två Ord med Mellanslag"));     /* trimmed */
    assert_false(bp_password_verify(hash, "  två ord med mellanslag  ")); /* case changed */
    assert_false(bp_password_verify(hash, "  Två Ord med Mellanslag "));  /* one space short */
    assert_true(bp_password_acceptable(p64));
    assert_int_equal(bp_password_hash(p64, h64), BP_OK);
    assert_true(bp_password_verify(h64, p64));
    assert_false(
        bp_password_verify(h64, "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-")); /* 63 */
    /* the bound: BP_MAX_PASSWORD bytes are accepted, one more is not */
    memset(max, 'x', sizeof(max));
    max[BP_MAX_PASSWORD] = '\0';
    assert_true(bp_password_acceptable(max));
    max[BP_MAX_PASSWORD] = 'x';
    max[BP_MAX_PASSWORD + 1] = '\0';
    assert_false(bp_password_acceptable(max));
    assert_int_equal(bp_password_hash(max, hash), BP_ERR_TOO_LARGE);
}

/* ASVS V11.4.2, V11.2.2: argon2id at libsodium's interactive limits, the algorithm and its cost written into
 * the stored string (so that a stronger cost can be told from a weaker one). */
static void test_password_hash_is_argon2id(void **state)
{
    char hash[BP_PW_HASH_MAX], again[BP_PW_HASH_MAX];
    (void)state;
    assert_int_equal(bp_password_hash("a-long-password-1", hash), BP_OK);
    assert_int_equal(strncmp(hash, "$argon2id$v=19$", 15), 0);
    assert_int_equal(crypto_pwhash_str_needs_rehash(hash, crypto_pwhash_OPSLIMIT_INTERACTIVE,
                                                    crypto_pwhash_MEMLIMIT_INTERACTIVE),
                     0);
    /* salted: the same password twice is two different strings */
    assert_int_equal(bp_password_hash("a-long-password-1", again), BP_OK);
    assert_string_not_equal(hash, again);
    assert_true(bp_password_verify(again, "a-long-password-1"));
}

/* ASVS V7.2.3, V11.5.1: session, CSRF and link tokens are 32 random bytes (256 bits), base64url; stored only
 * as the 64 hex digits of their BLAKE2b-256 hash. */
static void test_tokens_are_random_256_bits(void **state)
{
    enum { N = 1000 };
    static char tokens[N][BP_TOKEN_LEN + 1];
    unsigned char raw[64];
    size_t raw_len = 0, i, j;
    char h1[BP_TOKEN_HASH_LEN + 1], h2[BP_TOKEN_HASH_LEN + 1];
    (void)state;
    for (i = 0; i < N; i++) {
        bp_token_new(tokens[i]);
        assert_int_equal(strlen(tokens[i]), BP_TOKEN_LEN);
        assert_int_equal(
            strspn(tokens[i], "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
            BP_TOKEN_LEN);
        for (j = 0; j < i; j++)
            assert_string_not_equal(tokens[i], tokens[j]);
    }
    assert_int_equal(sodium_base642bin(raw, sizeof(raw), tokens[0], BP_TOKEN_LEN, NULL, &raw_len, NULL,
                                       sodium_base64_VARIANT_URLSAFE_NO_PADDING),
                     0);
    assert_int_equal(raw_len, 32);
    bp_token_hash(tokens[0], h1);
    bp_token_hash(tokens[1], h2);
    assert_int_equal(strlen(h1), BP_TOKEN_HASH_LEN);
    assert_string_not_equal(h1, h2);
    assert_true(bp_token_equal(tokens[0], tokens[0]));
    assert_false(bp_token_equal(tokens[0], tokens[1]));
    assert_false(bp_token_equal("", ""));
}

/* ASVS V6.5.3, V6.5.4, V6.6.3: the family's and the survey's codes: 16 characters of an alphabet of 32 (80
 * bits) from libsodium's CSPRNG (Crockford's base32); what is typed is made canonical before it is compared.
 */
static void test_codes(void **state)
{
    enum { N = 500 };
    static char codes[N][BP_SURVEY_CODE_CHARS + 1];
    char canon[BP_SURVEY_CODE_CHARS + 1], typed[64];
    size_t i, j;
    (void)state;
    for (i = 0; i < N; i++) {
        bp_survey_code_new(codes[i]);
        assert_int_equal(strlen(codes[i]), BP_SURVEY_CODE_CHARS);
        assert_null(strpbrk(codes[i], "ILOU")); /* Crockford's base32: none of these */
        for (j = 0; j < i; j++)
            assert_string_not_equal(codes[i], codes[j]);
    }
    snprintf(typed, sizeof(typed), "%.4s-%.4s %.4s-%.4s", codes[0], codes[0] + 4, codes[0] + 8,
             codes[0] + 12);
    for (i = 0; typed[i]; i++)
        typed[i] = (char)tolower((unsigned char)typed[i]);
    assert_true(bp_survey_code_canonical(typed, canon));
    assert_string_equal(canon, codes[0]);
    assert_false(bp_survey_code_canonical("too-short", canon));
}

/* ASVS V7.3.1, V7.3.2: a session dies after 30 minutes without a request and 10 hours after it began,
 * whatever happens in between. */
static void test_session_alive(void **state)
{
    const int64_t t0 = 1800000000;
    (void)state;
    assert_int_equal(BP_SESSION_IDLE_SECONDS, 30 * 60);
    assert_int_equal(BP_SESSION_ABSOLUTE_SECONDS, 10 * 3600);
    assert_true(bp_session_alive(t0, t0, t0));
    assert_true(bp_session_alive(t0, t0, t0 + 30 * 60));
    assert_false(bp_session_alive(t0, t0, t0 + 30 * 60 + 1)); /* idle */
    /* busy all day: alive until the tenth hour, then not, however recent the last request */
    assert_true(bp_session_alive(t0, t0 + 10 * 3600 - 1, t0 + 10 * 3600));
    assert_false(bp_session_alive(t0, t0 + 10 * 3600, t0 + 10 * 3600 + 1));
    assert_false(bp_session_alive(t0, t0, t0 - 1)); /* a clock that went back */
}

/* ASVS V6.3.1: 5 failures for an account or 20 from an address in the window refuse the next attempt. */
static void test_login_throttled(void **state)
{
    (void)state;
    assert_false(bp_login_throttled(0, 0));
    assert_false(bp_login_throttled(BP_LOGIN_MAX_PER_ACCOUNT - 1, BP_LOGIN_MAX_PER_ADDRESS - 1));
    assert_true(bp_login_throttled(BP_LOGIN_MAX_PER_ACCOUNT, 0));
    assert_true(bp_login_throttled(0, BP_LOGIN_MAX_PER_ADDRESS));
    assert_int_equal(BP_LOGIN_MAX_PER_ACCOUNT, 5);
    assert_int_equal(BP_LOGIN_MAX_PER_ADDRESS, 20);
    assert_int_equal(BP_LOGIN_WINDOW_SECONDS, 15 * 60);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_password_hash_is_argon2id),
        cmocka_unit_test(test_password_length_only),
        cmocka_unit_test(test_password_long_and_exact),
        cmocka_unit_test(test_tokens_are_random_256_bits),
        cmocka_unit_test(test_codes),
        cmocka_unit_test(test_session_alive),
        cmocka_unit_test(test_login_throttled),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
