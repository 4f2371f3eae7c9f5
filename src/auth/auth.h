/* auth.h: the secrets of login: argon2id password hashes, session tokens and CSRF tokens
 * (libsodium), and the throttling rule. Knows nothing of HTTP or storage. Secrets passed in are
 * wiped by the caller; nothing here logs. */
#ifndef BP_AUTH_H
#define BP_AUTH_H
#include "util/common.h"

/* Call once before anything else here (and before fork). */
enum bp_err bp_auth_init(void);
/* Whether BARNPLAN_FAST_HASH=1 is honoured (argon2id at its minimum cost): only in a build with the CMake
 * option BP_FAST_HASH, which a hardened build never has (V13.4.2). */
bool bp_password_hash_fast(void);

#define BP_PW_HASH_MAX 128 /* crypto_pwhash_STRBYTES */
/* Hashes a password with argon2id (libsodium's interactive limits, or the minimum when
 * BARNPLAN_FAST_HASH=1 is set for tests). */
enum bp_err bp_password_hash(const char *password, char out[static BP_PW_HASH_MAX]);
bool bp_password_verify(const char *hash, const char *password);
/* Verifies against a fixed dummy hash, so that an unknown username costs the same time. */
void bp_password_burn(const char *password);
/* Whether a new password is acceptable, and why not (ASVS V6.2.1, V6.2.4, V6.2.11, V6.2.12; never a rule
 * about kinds of characters, V6.2.5). In this order:
 *   BP_PASSWORD_TOO_SHORT  fewer than BP_MIN_PASSWORD characters, or more than BP_MAX_PASSWORD bytes;
 *   BP_PASSWORD_CONTEXT    easy to guess (below BP_PASSWORD_MIN_BITS) and built on one of the context words:
 *                          bp_password_context_words and the caller's `extra` (the account's username, its
 *                          name and organisations; NULL-terminated, may be NULL), any case, l33t included;
 *   BP_PASSWORD_COMMON     easy to guess otherwise: a common or leaked password (zxcvbn's list of some 30 000
 *                          from leaks, with English words and names), a keyboard row, a sequence, a repeat, a
 *                          date, or such a thing with a few characters added.
 * The estimate is zxcvbn's (Dropbox's method, zxcvbn-c): it runs on this machine, the password goes nowhere.
 */
enum bp_password_verdict { BP_PASSWORD_OK, BP_PASSWORD_TOO_SHORT, BP_PASSWORD_CONTEXT, BP_PASSWORD_COMMON };
/* About 2^28 guesses (some 270 million): above zxcvbn's "safely unguessable" line of 10^8, which the
 * throttled login (bp_login_throttled) and argon2id keep far out of reach. */
#define BP_PASSWORD_MIN_BITS 28.0
/* ASVS V6.1.2: the words of Barnplan's own context (docs/asvs.md § Passwords), NULL-terminated. */
extern const char *const bp_password_context_words[];
enum bp_password_verdict bp_password_check(const char *password, const char *const *extra);
/* The field error code of a verdict: NULL, "too_short", "context_word" or "too_common". */
const char *bp_password_verdict_code(enum bp_password_verdict v);
/* bp_password_check(password, NULL) == BP_PASSWORD_OK. */
bool bp_password_acceptable(const char *password);

#define BP_TOKEN_LEN      43 /* 32 random bytes, base64url without padding */
#define BP_TOKEN_HASH_LEN 64 /* hex of a 32-byte BLAKE2b hash */
/* A fresh random token (session id, CSRF token). */
void bp_token_new(char out[static BP_TOKEN_LEN + 1]);
/* The form a session token is stored in: hex(BLAKE2b-256(token)). */
void bp_token_hash(const char *token, char out[static BP_TOKEN_HASH_LEN + 1]);
/* V-12.x: a survey invitation's single-use code, BP_SURVEY_CODE_CHARS letters and digits that are easy to
 * read and type (no 0/O, 1/I/L; 80 random bits), and its typed form made canonical (upper case, spaces and
 * dashes dropped, O read as 0 and I or L as 1) into out: false when it cannot be a code. Its hash is
 * bp_token_hash's. */
#define BP_SURVEY_CODE_CHARS 16
void bp_survey_code_new(char out[static BP_SURVEY_CODE_CHARS + 1]);
bool bp_survey_code_canonical(const char *typed, char out[static BP_SURVEY_CODE_CHARS + 1]);
/* A random positive id below 2^53 (an anonymous answer's: never a sequence). */
int64_t bp_random_id(void);

/* Constant-time comparison of two NUL-terminated tokens. */
bool bp_token_equal(const char *a, const char *b);

/* The throttling rule for failed logins in the last BP_LOGIN_WINDOW_SECONDS. Pure. */
bool bp_login_throttled(int64_t failures_for_username, int64_t failures_from_address);

/* Whether a session is still valid at `now`. Pure. */
bool bp_session_alive(int64_t created_at, int64_t last_seen, int64_t now);

#endif
