/* store_closure.c: closing a case and opening it again (store.h; V-11.1-V-11.4): the case's status, the
 * closures and reopenings (never changed or deleted: the triggers of migration 014 refuse it) with who
 * agreed to a joint decision, and the link from a new case for the child back to the closed one. Must not
 * decide whether a case may close (domain/closure.c does). */
#include "storage/store_impl.h"

static struct bp_sql q_case_set_status = {"UPDATE cases SET status = ? WHERE id = ? RETURNING id"};
static struct bp_sql q_closure_add = {
    "INSERT INTO case_closures (case_id, action, reason, agreed_child, note, user_id, org_id, at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id"};
static struct bp_sql q_closure_party_add = {
    "INSERT INTO case_closure_parties (closure_id, guardian_id, org_id) VALUES (?, ?, ?)"};
/* The case's latest closure or reopening, one row per party who agreed (at least one row), with the new
 * case for the child that links back to this one: one query, read only for a closed case's page. */
static struct bp_sql q_closure_latest = {
    "SELECT l.id, l.action, l.reason, l.agreed_child, l.note, l.user_id, l.org_id, l.at, u.display_name, "
    "o.name, (SELECT MAX(n.id) FROM cases n WHERE n.previous_case_id = l.case_id), p.guardian_id, p.org_id "
    "FROM (SELECT * FROM case_closures WHERE case_id = ? ORDER BY id DESC LIMIT 1) l "
    "JOIN users u ON u.id = l.user_id JOIN organisations o ON o.id = l.org_id "
    "LEFT JOIN case_closure_parties p ON p.closure_id = l.id "
    "ORDER BY p.guardian_id, p.org_id"};

enum bp_err bp_case_set_status(struct bp_store *s, int64_t case_id, enum bp_case_status status)
{
    const char *code = CODE_OF(bp_case_status_codes, status);
    struct bp_param params[] = {p_text(code), p_int(case_id)};
    if (!code)
        return set_error(s, BP_ERR_INVALID, __func__, "status out of range");
    return CHANGE_ONE(&q_case_set_status, params);
}

enum bp_err bp_closure_add(struct bp_store *s, struct bp_closure *c)
{
    const char *reason = c->reopen ? NULL : CODE_OF(bp_closure_reason_codes, c->reason);
    struct bp_param params[] = {p_int(c->case_id), p_text(c->reopen ? "reopen" : "close"),
                                p_text(reason),    p_bool(c->agreed_child),
                                p_text(c->note),   p_int(c->user_id),
                                p_int(c->org_id),  p_int(c->at)};
    enum bp_err err;
    size_t i;

    if (!c->reopen && !reason)
        return set_error(s, BP_ERR_INVALID, __func__, "reason out of range");
    if (c->n_agreed_guardians > BP_MAX_GUARDIANS || c->n_agreed_orgs > BP_MAX_CASE_ORGS)
        return set_error(s, BP_ERR_INVALID, __func__, "too many parties");
    if ((err = INSERT(&q_closure_add, params, &c->id)))
        return err;
    for (i = 0; i < c->n_agreed_guardians && !err; i++) {
        struct bp_param party[] = {p_int(c->id), p_int(c->agreed_guardians[i]), p_ref(0)};
        err = EXEC(&q_closure_party_add, party);
    }
    for (i = 0; i < c->n_agreed_orgs && !err; i++) {
        struct bp_param party[] = {p_int(c->id), p_ref(0), p_int(c->agreed_orgs[i])};
        err = EXEC(&q_closure_party_add, party);
    }
    return err;
}

enum bp_err bp_closure_latest(struct bp_store *s, struct bp_arena *a, int64_t case_id, struct bp_closure *out)
{
    struct bp_param params[] = {p_int(case_id)};
    struct bp_rows rows;
    enum bp_err err;
    size_t i;

    memset(out, 0, sizeof(*out));
    if ((err = RUN(&q_closure_latest, params, a, &rows)))
        return err;
    if (rows.nrows == 0)
        return set_error(s, BP_ERR_NOT_FOUND, __func__, "no closure");
    for (i = 0; i < rows.nrows; i++) {
        struct cursor c = cursor_at(&rows, i);
        const char *action, *reason;
        int64_t gid, oid;
        out->id = c_int(&c);
        action = c_str(&c);
        reason = c_str(&c);
        out->agreed_child = c_bool(&c);
        out->note = c_str(&c);
        out->user_id = c_int(&c);
        out->org_id = c_int(&c);
        out->at = c_int(&c);
        out->user_name = c_str(&c);
        out->org_name = c_str(&c);
        out->next_case_id = c_int(&c);
        gid = c_int(&c);
        oid = c_int(&c);
        out->reopen = action && strcmp(action, "reopen") == 0;
        if (!out->reopen) {
            int r = BP_CODE_FIND(bp_closure_reason_codes, reason ? reason : "");
            if (r < 0)
                c.bad = true;
            else
                out->reason = (enum bp_closure_reason)r;
        }
        if (gid && out->n_agreed_guardians < BP_MAX_GUARDIANS)
            out->agreed_guardians[out->n_agreed_guardians++] = gid;
        if (oid && out->n_agreed_orgs < BP_MAX_CASE_ORGS)
            out->agreed_orgs[out->n_agreed_orgs++] = oid;
        if (c.bad)
            return bad_row(s, __func__, &c);
    }
    out->case_id = case_id;
    return BP_OK;
}
