/* password.c: a new password's acceptability in its context (ASVS V6.2.4, V6.2.11, V6.2.12: the rule is
 * auth/auth.c's bp_password_check; here only which words the account brings to it), and the logged-in
 * professional changing their own password (ASVS V6.2.2, V6.2.3). */
#include <ctype.h>
#include "app/app_impl.h"
#include "auth/auth.h"
#include "util/limits.h"

#define WORDS_MAX 48

/* Splits text into its words (letters and digits, any other byte a separator; UTF-8 letters kept whole)
 * into words[*n...], each copied into the arena. */
static void add_words(struct bp_arena *a, const char *text, const char **words, size_t *n)
{
    const char *p = text, *start;
    if (!text)
        return;
    while (*p && *n < WORDS_MAX) {
        while (*p && !(isalnum((unsigned char)*p) || (unsigned char)*p >= 0x80))
            p++;
        start = p;
        while (*p && (isalnum((unsigned char)*p) || (unsigned char)*p >= 0x80))
            p++;
        if (p - start >= 3)
            words[(*n)++] = bp_arena_strndup(a, start, (size_t)(p - start));
    }
}

const char *bp_app_password_refusal(struct bp_arena *a, const char *password, const struct bp_user *u)
{
    const char *words[WORDS_MAX + 1];
    size_t n = 0, i;
    if (!password)
        return "too_short";
    if (u) {
        if (u->username && strlen(u->username) >= 3)
            words[n++] = u->username; /* whole, and in its parts ("anna.berg@region.se") */
        add_words(a, u->username, words, &n);
        add_words(a, u->display_name, words, &n);
        add_words(a, u->email, words, &n);
        for (i = 0; i < u->n_orgs; i++)
            add_words(a, u->orgs[i].org_name, words, &n);
    }
    words[n] = NULL;
    return bp_password_verdict_code(bp_password_check(password, words));
}

/* The account behind the actor, with its password hash; BP_ERR_FORBIDDEN for a family member's account
 * (their way in is a code or a link, never a password). */
static enum bp_err own_account(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                               struct bp_user *u, const char **hash)
{
    if (!actor->user)
        return BP_ERR_UNAUTHENTICATED;
    if (actor->user->family_child_id)
        return BP_ERR_FORBIDDEN;
    return bp_user_get_by_username(s, a, actor->user->username, u, hash);
}

enum bp_err bp_uc_own_password_exists(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                      bool *exists)
{
    const char *hash = NULL;
    struct bp_user u;
    enum bp_err rc = own_account(s, a, actor, &u, &hash);
    *exists = rc == BP_OK && hash && strncmp(hash, "$argon2id$", 10) == 0;
    return rc;
}

enum bp_err bp_uc_own_password_change(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                      const char *current, const char *password, const char *password_again,
                                      struct bp_field_errors *errs, struct bp_login_result *out)
{
    char hash_new[BP_PW_HASH_MAX];
    const char *why;
    struct bp_audit e;
    bool exists = false;
    enum bp_err rc = bp_uc_own_password_exists(s, a, actor, &exists);

    if (rc != BP_OK)
        return rc;
    if (!exists) /* logs in only through the identity provider: there is no password to change */
        return BP_ERR_CONFLICT;
    /* the current password first, counted and throttled as a login (identity.c): a stolen session alone
     * cannot change it */
    rc = bp_app_confirm_identity(s, a, actor, current, "current_password", errs);
    if (rc != BP_OK && rc != BP_ERR_INVALID)
        return rc;
    password = password ? password : "";
    password_again = password_again ? password_again : "";
    if ((why = bp_app_password_refusal(a, password, actor->user)) != NULL)
        bp_field_errors_add(errs, "password", why);
    else if (strcmp(password, password_again) != 0)
        bp_field_errors_add(errs, "password_again", "mismatch");
    if (rc == BP_ERR_INVALID || errs->count)
        return BP_ERR_INVALID;
    if ((rc = bp_password_hash(password, hash_new)) != BP_OK)
        return rc;
    if ((rc = bp_store_begin(s)) != BP_OK)
        return rc;
    bp_app_audit_fill(&e, actor, "update", "user");
    e.user_id = actor->user->id;
    e.detail = "password own"; /* that it changed, never what to */
    rc = bp_user_set_password(s, actor->user->id, hash_new);
    if (rc == BP_OK) /* whoever knew the old password is logged out everywhere, this browser too ... */
        rc = bp_session_delete_for_user(s, actor->user->id);
    if ((rc = bp_app_commit_with(s, rc, &e)) != BP_OK)
        return rc;
    out->user = *actor->user; /* ... and this browser goes on in a new session (audited "login") */
    return bp_app_session_start(s, NULL, actor, "password_change", out);
}
