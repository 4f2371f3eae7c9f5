/* store_staff.c: administration in the browser (store.h; issue 10 item 9): an organisation's staff as its
 * administrator sees them, a member's role, a membership ended, and the colleagues' invitations
 * (staff_invites, migrations 025 and 034), found by their token's hash, used once, or withdrawn. */
#include "storage/store_impl.h"

static struct bp_sql q_org_staff = {
    "SELECT u.id, u.username, u.display_name, u.email, m.role, u.disabled, "
    "CASE WHEN EXISTS (SELECT 1 FROM staff_invites i WHERE i.user_id = u.id AND i.org_id = m.org_id "
    "AND i.used_at IS NULL AND i.withdrawn_at IS NULL AND i.expires_at > ?) THEN 1 ELSE 0 END, "
    "CASE WHEN EXISTS (SELECT 1 FROM staff_invites i WHERE i.user_id = u.id AND i.org_id = m.org_id) "
    "AND NOT EXISTS (SELECT 1 FROM staff_invites i WHERE i.user_id = u.id AND i.used_at IS NOT NULL) "
    "THEN 1 ELSE 0 END "
    "FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.org_id = ? ORDER BY u.display_name, u.id"};
static struct bp_sql q_membership_set_role = {
    "UPDATE memberships SET role = ? WHERE user_id = ? AND org_id = ? RETURNING user_id"};
static struct bp_sql q_membership_remove = {
    "DELETE FROM memberships WHERE user_id = ? AND org_id = ? RETURNING user_id"};
static struct bp_sql q_invite_withdraw = {
    "UPDATE staff_invites SET withdrawn_at = ? WHERE user_id = ? AND org_id = ? AND used_at IS NULL "
    "AND withdrawn_at IS NULL AND expires_at > ? RETURNING id"};
static struct bp_sql q_invite_add = {
    "INSERT INTO staff_invites (token_hash, user_id, org_id, invited_by, created_at, expires_at) "
    "VALUES (?, ?, ?, ?, ?, ?) RETURNING id"};
static struct bp_sql q_invite_by_hash = {"SELECT id, user_id, org_id, invited_by, created_at, expires_at, "
                                         "used_at, withdrawn_at FROM staff_invites "
                                         "WHERE token_hash = ?"};
static struct bp_sql q_invite_by_login = {"SELECT id, user_id, org_id, invited_by, created_at, expires_at, "
                                          "used_at, withdrawn_at FROM staff_invites "
                                          "WHERE login_state_hash = ?"};
static struct bp_sql q_invite_set_login = {
    "UPDATE staff_invites SET login_state_hash = ? WHERE id = ? RETURNING id"};
static struct bp_sql q_invite_use = {
    "UPDATE staff_invites SET used_at = ? WHERE id = ? AND used_at IS NULL RETURNING id"};

#define REC struct bp_staff_member
static const struct col staff_cols[] = {COL_INT(user_id),
                                        COL_STR(username),
                                        COL_STR(display_name),
                                        COL_STR(email),
                                        COL_CODE(role, bp_role_codes),
                                        COL_BOOL(disabled),
                                        COL_BOOL(invited),
                                        COL_BOOL(unaccepted)};
static const struct row staff_row = ROW(staff_cols, NULL);
#undef REC

#define REC struct bp_staff_invite
static const struct col invite_cols[] = {COL_INT(id),         COL_INT(user_id),     COL_INT(org_id),
                                         COL_INT(invited_by), COL_INT(created_at),  COL_INT(expires_at),
                                         COL_INT(used_at),    COL_INT(withdrawn_at)};
static const struct row invite_row = ROW(invite_cols, NULL);
#undef REC

enum bp_err bp_org_staff(struct bp_store *s, struct bp_arena *a, int64_t org_id, int64_t now,
                         struct bp_staff_member **out, size_t *n)
{
    struct bp_param params[] = {p_int(now), p_int(org_id)};
    return SELECT_ALL(&q_org_staff, params, a, &staff_row, out, n);
}

enum bp_err bp_membership_set_role(struct bp_store *s, int64_t user_id, int64_t org_id, enum bp_role role)
{
    const char *code = CODE_OF(bp_role_codes, role);
    struct bp_param params[] = {p_text(code), p_int(user_id), p_int(org_id)};
    if (!code)
        return set_error(s, BP_ERR_INVALID, __func__, "role out of range");
    return CHANGE_ONE(&q_membership_set_role, params);
}

enum bp_err bp_membership_remove(struct bp_store *s, int64_t user_id, int64_t org_id)
{
    struct bp_param params[] = {p_int(user_id), p_int(org_id)};
    return CHANGE_ONE(&q_membership_remove, params);
}

enum bp_err bp_staff_invite_withdraw(struct bp_store *s, struct bp_arena *a, int64_t user_id, int64_t org_id,
                                     int64_t at, size_t *n)
{
    struct bp_param params[] = {p_int(at), p_int(user_id), p_int(org_id), p_int(at)};
    int64_t *ids;
    return SELECT_IDS(&q_invite_withdraw, params, a, &ids, n);
}

enum bp_err bp_staff_invite_add(struct bp_store *s, struct bp_staff_invite *inv, const char *token_hash)
{
    struct bp_param params[] = {p_text(token_hash),     p_int(inv->user_id),    p_int(inv->org_id),
                                p_ref(inv->invited_by), p_int(inv->created_at), p_int(inv->expires_at)};
    return INSERT(&q_invite_add, params, &inv->id);
}

enum bp_err bp_staff_invite_by_hash(struct bp_store *s, struct bp_arena *a, const char *token_hash,
                                    struct bp_staff_invite *out)
{
    struct bp_param params[] = {p_text(token_hash)};
    return SELECT_ONE(&q_invite_by_hash, params, a, &invite_row, out, "no such invitation");
}

enum bp_err bp_staff_invite_use(struct bp_store *s, int64_t id, int64_t at)
{
    struct bp_param params[] = {p_int(at), p_int(id)};
    return CHANGE_ONE(&q_invite_use, params);
}

enum bp_err bp_staff_invite_by_login(struct bp_store *s, struct bp_arena *a, const char *state_hash,
                                     struct bp_staff_invite *out)
{
    struct bp_param params[] = {p_text(state_hash)};
    return SELECT_ONE(&q_invite_by_login, params, a, &invite_row, out, "no such invitation");
}

enum bp_err bp_staff_invite_set_login(struct bp_store *s, int64_t id, const char *state_hash)
{
    struct bp_param params[] = {p_text(state_hash), p_int(id)};
    return CHANGE_ONE(&q_invite_set_login, params);
}
