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
 * else goes: no rule about upper case, digits or signs (what is easy to guess is refused as such, below). */
static void test_password_length_only(void **state)
{
    (void)state;
    assert_int_equal(BP_MIN_PASSWORD, 10);
    assert_int_equal(bp_password_check("", NULL), BP_PASSWORD_TOO_SHORT);
    assert_int_equal(bp_password_check("k7#Qz!p2w", NULL), BP_PASSWORD_TOO_SHORT);      /* 9, not guessable */
    assert_int_not_equal(bp_password_check("1234567890", NULL), BP_PASSWORD_TOO_SHORT); /* 10 */
    assert_int_not_equal(bp_password_check("          ", NULL), BP_PASSWORD_TOO_SHORT); /* spaces only */
    /* nine characters in 18 bytes are still nine: counted as characters */
    assert_int_equal(bp_password_check("åäöåäöåäö", NULL), BP_PASSWORD_TOO_SHORT);
    assert_int_not_equal(bp_password_check("åäöåäöåäöå", NULL), BP_PASSWORD_TOO_SHORT);
    /* one kind of character only, when not easy to guess: accepted */
    assert_true(bp_password_acceptable("83029174651937"));           /* digits only */
    assert_true(bp_password_acceptable("kvittrande hallon simmar")); /* lower case and spaces */
    assert_true(bp_password_acceptable("KVITTRANDE HALLON"));        /* upper case only */
    assert_true(bp_password_acceptable("hej på dig"));               /* with a space and å */
    assert_true(bp_password_acceptable("Tre små grodor"));
    assert_int_equal(bp_password_check("Tre små grodor", NULL), BP_PASSWORD_OK);
    assert_null(bp_password_verdict_code(BP_PASSWORD_OK));
    assert_string_equal(bp_password_verdict_code(BP_PASSWORD_TOO_SHORT), "too_short");
}

/* ASVS V6.2.4, V6.2.12: common and leaked passwords of the allowed length are refused (zxcvbn's list), and so
 * are their usual variants (a capital, digits or a sign added, l33t) and keyboard rows, sequences and
 * repeats; the reason is "too_common". */
static void test_password_common_refused(void **state)
{
    static const char *const common[] = {
        "password123", "1234567890",  "qwertyuiop",  "qwertyuiop123", "iloveyou12",   "Password1!",
        "superman123", "dragon12345", "Qwerty12345", "1q2w3e4r5t",    "aaaaaaaaaaaa", "abcdefghijkl",
        "sommar2020",  "hejsan12345", "P@ssw0rd123", "letmein1234",   "football2024", NULL};
    size_t i;
    (void)state;
    for (i = 0; common[i]; i++) {
        if (bp_password_check(common[i], NULL) != BP_PASSWORD_COMMON)
            fail_msg("%s should be refused as too common", common[i]);
        assert_false(bp_password_acceptable(common[i]));
    }
    assert_string_equal(bp_password_verdict_code(BP_PASSWORD_COMMON), "too_common");
    /* passphrases, with spaces or without, and long random passwords stay acceptable */
    assert_int_equal(bp_password_check("correct horse battery staple", NULL), BP_PASSWORD_OK);
    assert_int_equal(bp_password_check("correcthorsebatterystaple", NULL), BP_PASSWORD_OK);
    assert_int_equal(bp_password_check("  Två Ord med Mellanslag  ", NULL), BP_PASSWORD_OK);
    assert_int_equal(bp_password_check("Kx9#mq2LpZ", NULL), BP_PASSWORD_OK);
    assert_int_equal(bp_password_check("a-long-password-1", NULL), BP_PASSWORD_OK);
}

/* ASVS V6.1.2, V6.2.11: Barnplan's own words (bp_password_context_words) and the caller's (the account's
 * username, name, organisation) make a password easy to guess: refused with "context_word", in any case and
 * l33t; a password that merely contains one among enough else is not. */
static void test_password_context_words(void **state)
{
    static const char *const account[] = {"annberg", "Anna", "Bergström", "Lindskolan", NULL};
    static const char *const barnplan[] = {"barnplan2024", "Barnplan123",    "samverkan1",  "SAMVERKAN2025",
                                           "b4rnpl4n2024", "barnets plan 1", "sipsipsip12", NULL};
    size_t i;
    (void)state;
    for (i = 0; barnplan[i]; i++)
        if (bp_password_check(barnplan[i], NULL) != BP_PASSWORD_CONTEXT)
            fail_msg("%s should be refused for Barnplan's words", barnplan[i]);
    assert_string_equal(bp_password_verdict_code(BP_PASSWORD_CONTEXT), "context_word");
    /* the account's own words: acceptable for someone else, refused for this account */
    assert_int_equal(bp_password_check("Lindskolan2024!", NULL), BP_PASSWORD_OK);
    assert_int_equal(bp_password_check("Lindskolan2024!", account), BP_PASSWORD_CONTEXT);
    assert_int_equal(bp_password_check("annberg12345", account), BP_PASSWORD_CONTEXT);
    /* a context word among enough else: accepted (the demo accounts' password is one) */
    assert_int_equal(bp_password_check("Barnplan-demo-1", NULL), BP_PASSWORD_OK);
    assert_int_equal(bp_password_check("samverkan kring kvittrande hallon", account), BP_PASSWORD_OK);
    /* the words: those docs/asvs.md lists */
    for (i = 0; bp_password_context_words[i]; i++)
        ;
    assert_true(i >= 5);
    assert_string_equal(bp_password_context_words[0], "barnplan");
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
    assert_false(bp_password_verify(hash, "Två Ord med Mellanslag"));          /* trimmed */
    assert_false(bp_password_verify(hash, "  två ord med mellanslag  "));      /* case changed */
    assert_false(bp_password_verify(hash, "  Två Ord med Mellanslag "));       /* one space short */
    assert_int_not_equal(bp_password_check(p64, NULL), BP_PASSWORD_TOO_SHORT); /* a sequence, though */
    assert_true(
        bp_password_acceptable("Kvittrande hallon simmar i sjön vid Lindskolan en kall morgon i maj"));
    assert_int_equal(bp_password_hash(p64, h64), BP_OK);
    assert_true(bp_password_verify(h64, p64));
    assert_false(
        bp_password_verify(h64, "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-")); /* 63 */
    /* the bound: BP_MAX_PASSWORD bytes are accepted, one more is not */
    memset(max, 'x', sizeof(max));
    max[BP_MAX_PASSWORD] = '\0';
    assert_int_not_equal(bp_password_check(max, NULL), BP_PASSWORD_TOO_SHORT); /* a repeat, though */
    max[BP_MAX_PASSWORD] = 'x';
    max[BP_MAX_PASSWORD + 1] = '\0';
    assert_int_equal(bp_password_check(max, NULL), BP_PASSWORD_TOO_SHORT);
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
        cmocka_unit_test(test_password_common_refused),
        cmocka_unit_test(test_password_context_words),
        cmocka_unit_test(test_password_long_and_exact),
        cmocka_unit_test(test_tokens_are_random_256_bits),
        cmocka_unit_test(test_codes),
        cmocka_unit_test(test_session_alive),
        cmocka_unit_test(test_login_throttled),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
