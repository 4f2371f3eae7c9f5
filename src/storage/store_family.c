/* store_family.c: the family members' accounts and their one-time codes (store.h, issue 10 items 2, 3;
 * migration 024). Decides nothing about who may see what (domain/family.c and app/family.c do). */
#include "storage/store_impl.h"

static struct bp_sql q_family_user = {"SELECT id FROM users WHERE family_child_id = ? "
                                      "AND COALESCE(family_guardian_id, 0) = ?"};
/* No password verifies '!' (it is no argon2id string); no memberships: only the family pages. */
static struct bp_sql q_family_user_add = {
    "INSERT INTO users (username, display_name, email, password_hash, is_admin, disabled, family_child_id, "
    "family_guardian_id) VALUES (?, '', NULL, '!', 0, 0, ?, ?) RETURNING id"};
static struct bp_sql q_code_expired = {"DELETE FROM family_codes WHERE expires_at <= ?"};
static struct bp_sql q_code_replace = {"DELETE FROM family_codes WHERE user_id = ? AND kind = ?"};
static struct bp_sql q_code_add = {"INSERT INTO family_codes (code_hash, user_id, kind, created_by, "
                                   "created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)"};
static struct bp_sql q_code_take = {"DELETE FROM family_codes WHERE code_hash = ? "
                                    "RETURNING user_id, kind, expires_at"};
static struct bp_sql q_case_ids = {"SELECT id FROM cases WHERE child_id = ? ORDER BY id DESC"};
static struct bp_sql q_set_lang = {"UPDATE users SET lang = ? WHERE id = ? AND family_child_id IS NOT NULL "
                                   "RETURNING id"};

enum bp_err bp_family_user_ensure(struct bp_store *s, int64_t child_id, int64_t guardian_id, int64_t *user_id)
{
    struct bp_param key[] = {p_int(child_id), p_int(guardian_id)};
    struct bp_rows rows;
    enum bp_err err;
    char name[64];
    if ((err = RUN(&q_family_user, key, scratch(s), &rows)))
        return err;
    if (rows.nrows == 1)
        return bp_rows_int64(&rows, 0, 0, user_id) ? BP_OK
                                                   : set_error(s, BP_ERR_STORAGE, __func__, "bad user id");
    /* a username no one types: the family logs in by link, code or provider, never by name */
    (void)snprintf(name, sizeof(name), "family-%lld-%lld", (long long)child_id, (long long)guardian_id);
    {
        struct bp_param params[] = {p_text(name), p_int(child_id), p_ref(guardian_id)};
        return INSERT(&q_family_user_add, params, user_id);
    }
}

enum bp_err bp_family_code_add(struct bp_store *s, const char *code_hash, int64_t user_id, const char *kind,
                               int64_t created_by, int64_t now, int64_t expires_at)
{
    struct bp_param expired[] = {p_int(now)}, replace[] = {p_int(user_id), p_text(kind)};
    struct bp_param params[] = {p_text(code_hash), p_int(user_id), p_text(kind),
                                p_ref(created_by), p_int(now),     p_int(expires_at)};
    enum bp_err err;
    if ((err = EXEC(&q_code_expired, expired)) || (err = EXEC(&q_code_replace, replace)))
        return err;
    return EXEC(&q_code_add, params);
}

enum bp_err bp_family_code_take(struct bp_store *s, struct bp_arena *a, const char *code_hash, int64_t now,
                                int64_t *user_id, const char **kind)
{
    struct bp_param params[] = {p_text(code_hash)};
    struct bp_rows rows;
    struct cursor c;
    int64_t expires_at;
    enum bp_err err;
    if ((err = RUN_FIRST(&q_code_take, params, a, &rows, "no such code", &c)))
        return err;
    *user_id = c_int(&c);
    *kind = c_str(&c);
    expires_at = c_int(&c);
    if (c.bad)
        return bad_row(s, __func__, &c);
    return expires_at > now ? BP_OK : set_error(s, BP_ERR_NOT_FOUND, __func__, "the code had expired");
}

enum bp_err bp_family_case_ids(struct bp_store *s, struct bp_arena *a, int64_t child_id, int64_t **out,
                               size_t *n)
{
    struct bp_param params[] = {p_int(child_id)};
    return SELECT_IDS(&q_case_ids, params, a, out, n);
}

enum bp_err bp_family_user_set_lang(struct bp_store *s, int64_t user_id, const char *lang)
{
    struct bp_param params[] = {p_text(lang), p_int(user_id)};
    return CHANGE_ONE(&q_set_lang, params);
}

/* Issue 10 item 8: the reads of the child's data, newest first: the professionals' and the member's own,
 * never another family member's (docs/family-access.md section 8). username carries the reader's display
 * name, org_name the organisation they read for. */
static struct bp_sql q_access_log = {
    "SELECT a.id, a.at, a.user_id, a.org_id, a.child_id, a.case_id, a.action, a.object, a.channel, "
    "a.address, "
    "a.detail, u.display_name, o.name FROM audit a LEFT JOIN users u ON u.id = a.user_id "
    "LEFT JOIN organisations o ON o.id = a.org_id WHERE a.child_id = ? AND a.action IN ('read', 'export') "
    "AND (u.family_child_id IS NULL OR a.user_id = ?) ORDER BY a.at DESC, a.id DESC LIMIT ?"};

enum bp_err bp_family_access_log(struct bp_store *s, struct bp_arena *a, int64_t child_id,
                                 int64_t own_user_id, size_t limit, struct bp_audit **out, size_t *n)
{
    struct bp_param params[] = {p_int(child_id), p_int(own_user_id), p_int((int64_t)limit)};
    return SELECT_ALL(&q_access_log, params, a, &bp_audit_row, out, n);
}
