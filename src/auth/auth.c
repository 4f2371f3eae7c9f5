/* auth.c: password hashing, new passwords' guessability, tokens and the login rules. Uses libsodium and
 * zxcvbn-c only. */
#include <ctype.h>
#include <sodium.h>
#include <zxcvbn.h>
#include "auth/auth.h"
#include "util/limits.h"

static bool fast_hash; /* tests only: argon2id with the minimum cost; never in a hardened build (V13.4.2) */
static char dummy_hash[BP_PW_HASH_MAX];

enum bp_err bp_auth_init(void)
{
    const char *fast = getenv("BARNPLAN_FAST_HASH");
    if (sodium_init() < 0)
        return BP_ERR_INTERNAL;
#ifdef BP_FAST_HASH_ALLOWED
    fast_hash = fast && strcmp(fast, "1") == 0;
#else
    (void)fast; /* a production build: the interactive limits, whatever the environment says */
#endif
    return bp_password_hash("barnplan-dummy-password", dummy_hash);
}

bool bp_password_hash_fast(void)
{
    return fast_hash;
}

enum bp_err bp_password_hash(const char *password, char out[static BP_PW_HASH_MAX])
{
    unsigned long long ops = fast_hash ? crypto_pwhash_OPSLIMIT_MIN : crypto_pwhash_OPSLIMIT_INTERACTIVE;
    size_t mem = fast_hash ? crypto_pwhash_MEMLIMIT_MIN : crypto_pwhash_MEMLIMIT_INTERACTIVE;
    size_t n = strlen(password);
    if (n > BP_MAX_PASSWORD)
        return BP_ERR_TOO_LARGE;
    if (crypto_pwhash_str_alg(out, password, n, ops, mem, crypto_pwhash_ALG_ARGON2ID13) != 0)
        return BP_ERR_INTERNAL;
    return BP_OK;
}

bool bp_password_verify(const char *hash, const char *password)
{
    size_t n = strlen(password);
    if (n > BP_MAX_PASSWORD || !hash || strncmp(hash, "$argon2id$", 10) != 0)
        return false;
    return crypto_pwhash_str_verify(hash, password, n) == 0;
}

void bp_password_burn(const char *password)
{
    (void)bp_password_verify(dummy_hash, password);
}

static bool password_length_ok(const char *password)
{
    size_t n = strlen(password), chars = 0, i;
    if (n > BP_MAX_PASSWORD)
        return false;
    for (i = 0; i < n; i++)
        chars += ((unsigned char)password[i] & 0xC0) != 0x80;
    return chars >= BP_MIN_PASSWORD;
}

const char *const bp_password_context_words[] = {
    "barnplan", "barnetsplan",  "barnets plan", "sip",      "samverkan", "samordnad", "samordning",
    "vårdplan", "barnensbästa", "bba",          "lösenord", "losenord",  "region",    NULL};

#define CONTEXT_MAX 64 /* words in all: the fixed list and the caller's */

enum bp_password_verdict bp_password_check(const char *password, const char *const *extra)
{
    const char *words[CONTEXT_MAX + 1];
    ZxcMatch_t *info = NULL, *m;
    size_t n = 0, i;
    double bits;
    bool context = false;

    if (!password_length_ok(password))
        return BP_PASSWORD_TOO_SHORT;
    for (i = 0; bp_password_context_words[i] && n < CONTEXT_MAX; i++)
        words[n++] = bp_password_context_words[i];
    for (i = 0; extra && extra[i] && n < CONTEXT_MAX; i++)
        if (strlen(extra[i]) >= 3) /* a shorter word would be found everywhere */
            words[n++] = extra[i];
    words[n] = NULL;
    bits = ZxcvbnMatch(password, words, &info);
    for (m = info; m; m = m->Next) {
        int type = (int)m->Type & ~(int)MULTIPLE_MATCH;
        context = context || type == USER_MATCH || type == USER_LEET_MATCH;
    }
    ZxcvbnFreeInfo(info);
    if (bits >= BP_PASSWORD_MIN_BITS)
        return BP_PASSWORD_OK;
    return context ? BP_PASSWORD_CONTEXT : BP_PASSWORD_COMMON;
}

const char *bp_password_verdict_code(enum bp_password_verdict v)
{
    switch (v) {
    case BP_PASSWORD_TOO_SHORT:
        return "too_short";
    case BP_PASSWORD_CONTEXT:
        return "context_word";
    case BP_PASSWORD_COMMON:
        return "too_common";
    case BP_PASSWORD_OK:
        break;
    }
    return NULL;
}

bool bp_password_acceptable(const char *password)
{
    return bp_password_check(password, NULL) == BP_PASSWORD_OK;
}

void bp_token_new(char out[static BP_TOKEN_LEN + 1])
{
    unsigned char raw[32];
    randombytes_buf(raw, sizeof(raw));
    sodium_bin2base64(out, BP_TOKEN_LEN + 1, raw, sizeof(raw), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    sodium_memzero(raw, sizeof(raw));
}

void bp_token_hash(const char *token, char out[static BP_TOKEN_HASH_LEN + 1])
{
    unsigned char h[32];
    crypto_generichash(h, sizeof(h), (const unsigned char *)token, strlen(token), NULL, 0);
    sodium_bin2hex(out, BP_TOKEN_HASH_LEN + 1, h, sizeof(h));
}

/* Crockford's base32: 32 symbols, 5 bits each. */
static const char code_alphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

void bp_survey_code_new(char out[static BP_SURVEY_CODE_CHARS + 1])
{
    unsigned char raw[BP_SURVEY_CODE_CHARS];
    size_t i;
    randombytes_buf(raw, sizeof(raw));
    for (i = 0; i < BP_SURVEY_CODE_CHARS; i++)
        out[i] = code_alphabet[raw[i] & 31];
    out[BP_SURVEY_CODE_CHARS] = '\0';
    sodium_memzero(raw, sizeof(raw));
}

bool bp_survey_code_canonical(const char *typed, char out[static BP_SURVEY_CODE_CHARS + 1])
{
    size_t n = 0;
    const char *p;
    for (p = typed ? typed : ""; *p; p++) {
        char ch = (char)toupper((unsigned char)*p);
        if (ch == ' ' || ch == '-')
            continue;
        if (ch == 'O')
            ch = '0';
        else if (ch == 'I' || ch == 'L')
            ch = '1';
        if (n == BP_SURVEY_CODE_CHARS || !strchr(code_alphabet, ch))
            return false;
        out[n++] = ch;
    }
    out[n] = '\0';
    return n == BP_SURVEY_CODE_CHARS;
}

int64_t bp_random_id(void)
{
    uint64_t v;
    randombytes_buf(&v, sizeof(v));
    return (int64_t)(v >> 11) | 1; /* 53 bits, never 0 */
}

bool bp_token_equal(const char *a, const char *b)
{
    size_t n = strlen(a);
    if (n != strlen(b) || n == 0)
        return false;
    return sodium_memcmp(a, b, n) == 0;
}

bool bp_login_throttled(int64_t failures_for_username, int64_t failures_from_address)
{
    return failures_for_username >= BP_LOGIN_MAX_PER_ACCOUNT ||
           failures_from_address >= BP_LOGIN_MAX_PER_ADDRESS;
}

bool bp_session_alive(int64_t created_at, int64_t last_seen, int64_t now)
{
    return now - last_seen <= BP_SESSION_IDLE_SECONDS && now - created_at <= BP_SESSION_ABSOLUTE_SECONDS &&
           now >= created_at;
}
