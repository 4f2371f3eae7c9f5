/* store_notify.c: who is involved in a case, the in-app notifications and the e-mail outbox of
 * store.h. A notification holds a kind and a case, never free text; an outbox row holds a message that
 * is never deleted or dropped, only marked sent (or failing, while delivery goes on). Must not decide
 * who is told what (app/notify.c does) nor talk SMTP (mail/ does). */
#include "storage/store_impl.h"

/* ---- the case's people ---- */

static struct bp_sql q_case_propose_closure = {
    "UPDATE cases SET closure_proposed_at = ? WHERE id = ? RETURNING id"};
static struct bp_sql q_case_named_person_informed = {
    "UPDATE cases SET named_person_informed_on = ?, named_person_informed_by = ? WHERE id = ? RETURNING id"};
static struct bp_sql q_case_set_responsible = {
    "UPDATE cases SET responsible_org_id = ? WHERE id = ? RETURNING id"};
static struct bp_sql q_case_set_plan_kind = {"UPDATE cases SET plan_kind = ? WHERE id = ? RETURNING id"};
static struct bp_sql q_draft_plan_kind = {"UPDATE plans SET kind = ? WHERE case_id = ? AND status = 'draft'"};
static struct bp_sql q_case_involved_users = {
    "SELECT id, username, display_name, email FROM users WHERE disabled = 0 AND id IN ("
    "SELECT initiator_user_id FROM cases WHERE id = ? "
    "UNION SELECT obtained_by FROM consents WHERE case_id = ? "
    "UNION SELECT ended_by_user FROM consents WHERE case_id = ? "
    "UNION SELECT user_id FROM events WHERE case_id = ? "
    "UNION SELECT user_id FROM case_named_persons WHERE case_id = ? " /* every BBA keeps following */
    "UNION SELECT user_id FROM memberships WHERE org_id = ?) ORDER BY id"};

enum bp_err bp_case_propose_closure(struct bp_store *s, int64_t case_id, int64_t at)
{
    struct bp_param params[] = {p_ref(at), p_int(case_id)};

    return CHANGE_ONE(&q_case_propose_closure, params);
}

enum bp_err bp_case_named_person_informed(struct bp_store *s, int64_t case_id, struct bp_date on,
                                          int64_t by_user)
{
    char day[11];
    struct bp_param params[] = {p_date(on, day), p_int(by_user), p_int(case_id)};

    if (params[0].type == BP_PARAM_NULL)
        return set_error(s, BP_ERR_INVALID, __func__, "no date");
    return CHANGE_ONE(&q_case_named_person_informed, params);
}

enum bp_err bp_case_set_responsible(struct bp_store *s, int64_t case_id, int64_t org_id)
{
    struct bp_param params[] = {p_ref(org_id), p_int(case_id)};
    return CHANGE_ONE(&q_case_set_responsible, params);
}

enum bp_err bp_case_set_plan_kind(struct bp_store *s, int64_t case_id, const char *kind)
{
    struct bp_param params[] = {p_text(kind), p_int(case_id)};
    enum bp_err rc = CHANGE_ONE(&q_case_set_plan_kind, params);
    return rc != BP_OK ? rc : EXEC(&q_draft_plan_kind, params);
}

#define REC struct bp_user
static const struct col involved_cols[] = {COL_INT(id), COL_STR(username), COL_STR(display_name),
                                           COL_STR(email)};
static const struct row involved_row = ROW(involved_cols, NULL);
#undef REC

enum bp_err bp_case_involved_users(struct bp_store *s, struct bp_arena *a, int64_t case_id, int64_t org_id,
                                   struct bp_user **out, size_t *n)
{
    struct bp_param params[] = {p_int(case_id), p_int(case_id), p_int(case_id),
                                p_int(case_id), p_int(case_id), p_ref(org_id)};

    return SELECT_ALL(&q_case_involved_users, params, a, &involved_row, out, n);
}

/* A SELECT of a list whose last parameter is its LIMIT: that parameter becomes limit as page() allows it
 * (0 is BP_MAX_PAGE_ROWS, more is BP_ERR_TOO_LARGE), and every row is read with r (select_all). */
static enum bp_err select_page(struct bp_store *s, const char *op, struct bp_sql *q, struct bp_param *params,
                               size_t n, size_t limit, struct bp_arena *a, size_t size, const struct row *r,
                               void **out, size_t *nout)
{
    int64_t off;
    enum bp_err err;

    *out = NULL;
    *nout = 0;
    if ((err = page(s, op, limit, BP_MAX_PAGE_ROWS, 0, &params[n - 1].i, &off)))
        return err;
    return select_all(s, op, q, params, n, a, size, r, out, nout);
}
#define SELECT_PAGE(q, params, limit, a, r, out, n)                                                          \
    select_page(s, __func__, (q), (params), BP_ARRAY_LEN(params), (limit), (a), sizeof(**(out)), (r),        \
                (void **)(out), (n))

/* ---- notifications ---- */

static struct bp_sql q_notification_add = {
    "INSERT INTO notifications (user_id, case_id, org_id, kind, at) VALUES (?, ?, ?, ?, ?) RETURNING id"};
static struct bp_sql q_notification_list = {
    "SELECT n.id, n.user_id, n.case_id, n.org_id, n.at, n.read_at, n.kind, o.name FROM notifications n "
    "LEFT JOIN organisations o ON o.id = n.org_id WHERE n.user_id = ? ORDER BY n.at DESC, n.id DESC LIMIT ?"};
static struct bp_sql q_notification_unread = {
    "SELECT COUNT(*) FROM notifications WHERE user_id = ? AND read_at IS NULL"};
static struct bp_sql q_notification_read_all = {
    "UPDATE notifications SET read_at = ? WHERE user_id = ? AND read_at IS NULL"};

enum bp_err bp_notification_add(struct bp_store *s, struct bp_notification *nt)
{
    struct bp_param params[] = {p_int(nt->user_id), p_ref(nt->case_id), p_ref(nt->org_id), p_text(nt->kind),
                                p_int(nt->at)};

    return INSERT(&q_notification_add, params, &nt->id);
}

#define REC struct bp_notification
static const struct col notification_cols[] = {COL_INT(id),     COL_INT(user_id), COL_INT(case_id),
                                               COL_INT(org_id), COL_INT(at),      COL_INT(read_at),
                                               COL_STR(kind),   COL_STR(org_name)};
static const struct row notification_row = ROW(notification_cols, NULL);
#undef REC

enum bp_err bp_notification_list(struct bp_store *s, struct bp_arena *a, int64_t user_id, size_t limit,
                                 struct bp_notification **out, size_t *n)
{
    struct bp_param params[] = {p_int(user_id), p_int(0)};

    return SELECT_PAGE(&q_notification_list, params, limit, a, &notification_row, out, n);
}

enum bp_err bp_notification_unread(struct bp_store *s, int64_t user_id, int64_t *count)
{
    struct bp_param params[] = {p_int(user_id)};
    return select_int(s, __func__, &q_notification_unread, params, 1, count, "the count returned no row");
}

enum bp_err bp_notification_read_all(struct bp_store *s, int64_t user_id, int64_t at)
{
    struct bp_param params[] = {p_int(at), p_int(user_id)};
    return EXEC(&q_notification_read_all, params);
}

/* ---- the outbox ---- */

#define OUTBOX_COLUMNS                                                                                       \
    "id, created_at, user_id, case_id, recipient, kind, subject, body, ics, ics_method, status, attempts, "  \
    "next_attempt_at, sent_at, last_error"
static struct bp_sql q_outbox_add = {
    "INSERT INTO outbox (created_at, recipient, user_id, case_id, kind, subject, body, ics, ics_method, "
    "status, attempts, next_attempt_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?) RETURNING id"};
static struct bp_sql q_outbox_due = {
    "SELECT " OUTBOX_COLUMNS " FROM outbox WHERE status IN ('pending', "
    "'failing') AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?"};
/* bp_outbox_take: the first due row, locked; on PostgreSQL the rows other deliverers hold are skipped */
#define OUTBOX_TAKE(lock)                                                                                    \
    "SELECT " OUTBOX_COLUMNS " FROM outbox WHERE status IN ('pending', 'failing') AND next_attempt_at <= ? " \
    "ORDER BY next_attempt_at, id LIMIT ?" lock
static struct bp_sql q_outbox_take_locked = {OUTBOX_TAKE(" FOR UPDATE SKIP LOCKED")};
static struct bp_sql q_outbox_take_single = {OUTBOX_TAKE("")};
static struct bp_sql q_outbox_sent = {
    "UPDATE outbox SET status = 'sent', sent_at = ?, last_error = NULL WHERE id = ? RETURNING id"};
static struct bp_sql q_outbox_retry = {"UPDATE outbox SET status = ?, attempts = ?, next_attempt_at = ?, "
                                       "last_error = ? WHERE id = ? AND status <> 'sent' RETURNING id"};
/* For the administrator: a family message's recipient is left out ("") when it is a protected guardian's, or
 * that of a guardian a protected child lives with (issue 10 item 10, bp_protected_contact; the administrator
 * does not need a protected person's address) */
static struct bp_sql q_outbox_unsent = {
    "SELECT id, created_at, user_id, case_id, CASE WHEN user_id IS NULL AND EXISTS (SELECT 1 FROM cases pc "
    "JOIN children pch ON pch.id = pc.child_id JOIN guardians pg ON pg.child_id = pc.child_id "
    "WHERE pc.id = outbox.case_id AND pg.email = outbox.recipient AND (pg.protected = 1 OR (pch.protected = "
    "1 "
    "AND (' ' || pch.protected_from || ' ') NOT LIKE ('% ' || pg.id || ' %')))) "
    "THEN '' ELSE recipient END, kind, subject, body, ics, ics_method, status, attempts, next_attempt_at, "
    "sent_at, last_error FROM outbox WHERE status IN ('pending', 'failing') AND ? = ? ORDER BY id DESC LIMIT "
    "?"};
static struct bp_sql q_outbox_list_case = {"SELECT " OUTBOX_COLUMNS
                                           " FROM outbox WHERE case_id = ? ORDER BY id DESC LIMIT ?"};

enum bp_err bp_outbox_add(struct bp_store *s, struct bp_outbox_msg *m)
{
    struct bp_param params[] = {p_int(m->created_at),     p_text(m->recipient), p_ref(m->user_id),
                                p_ref(m->case_id),        p_text(m->kind),      p_text(m->subject),
                                p_text(m->body),          p_text(m->ics),       p_text(m->ics_method),
                                p_int(m->next_attempt_at)};
    enum bp_err err;

    if ((err = INSERT(&q_outbox_add, params, &m->id)))
        return err;
    m->status = BP_OUTBOX_PENDING;
    return BP_OK;
}

#define REC struct bp_outbox_msg
static const struct col outbox_cols[] = {COL_INT(id),
                                         COL_INT(created_at),
                                         COL_INT(user_id),
                                         COL_INT(case_id),
                                         COL_STR(recipient),
                                         COL_STR(kind),
                                         COL_STR(subject),
                                         COL_STR(body),
                                         COL_STR(ics),
                                         COL_STR(ics_method),
                                         COL_CODE(status, bp_outbox_status_codes),
                                         COL_INT32(attempts, 0, INT32_MAX),
                                         COL_INT(next_attempt_at),
                                         COL_INT(sent_at),
                                         COL_STR(last_error)};
static const struct row outbox_row = ROW(outbox_cols, NULL);
#undef REC

/* The outbox rows q selects by one id, at most limit of them. */
static enum bp_err outbox_list(struct bp_store *s, const char *op, struct bp_sql *q, int64_t key,
                               size_t limit, struct bp_arena *a, struct bp_outbox_msg **out, size_t *n)
{
    struct bp_param params[] = {p_int(key), p_int(0)};

    return select_page(s, op, q, params, BP_ARRAY_LEN(params), limit, a, sizeof(**out), &outbox_row,
                       (void **)out, n);
}

enum bp_err bp_outbox_due(struct bp_store *s, struct bp_arena *a, int64_t now, size_t limit,
                          struct bp_outbox_msg **out, size_t *n)
{
    return outbox_list(s, __func__, &q_outbox_due, now, limit, a, out, n);
}

enum bp_err bp_outbox_take(struct bp_store *s, struct bp_arena *a, int64_t now, struct bp_outbox_msg **out,
                           size_t *n)
{
    return outbox_list(s, __func__, s->drv->skip_locked ? &q_outbox_take_locked : &q_outbox_take_single, now,
                       1, a, out, n);
}

enum bp_err bp_outbox_list(struct bp_store *s, struct bp_arena *a, int64_t case_id, size_t limit,
                           struct bp_outbox_msg **out, size_t *n)
{
    return outbox_list(s, __func__, &q_outbox_list_case, case_id, limit, a, out, n);
}

enum bp_err bp_outbox_unsent(struct bp_store *s, struct bp_arena *a, size_t limit, struct bp_outbox_msg **out,
                             size_t *n)
{
    struct bp_param params[] = {p_int(1), p_int(1), p_int(0)};

    return SELECT_PAGE(&q_outbox_unsent, params, limit, a, &outbox_row, out, n);
}

enum bp_err bp_outbox_sent(struct bp_store *s, int64_t id, int64_t at)
{
    struct bp_param params[] = {p_int(at), p_int(id)};

    return CHANGE_ONE(&q_outbox_sent, params);
}

enum bp_err bp_outbox_retry(struct bp_store *s, int64_t id, int attempts, int64_t next_attempt_at,
                            bool failing, const char *error)
{
    struct bp_param params[] = {p_text(failing ? "failing" : "pending"), p_int(attempts),
                                p_int(next_attempt_at), p_text(error), p_int(id)};

    return CHANGE_ONE(&q_outbox_retry, params);
}

/* ---- reminders ---- */

static struct bp_sql q_reminder_decide = {
    "INSERT INTO reminders (key, case_id, kind, decided_at) VALUES (?, ?, ?, ?) ON CONFLICT (key) DO NOTHING "
    "RETURNING id"};
static struct bp_sql q_reminder_keys = {"SELECT key FROM reminders WHERE case_id = ?"};
static struct bp_sql q_case_open_ids = {
    "SELECT id FROM cases WHERE status <> 'closed' AND id > ? ORDER BY id LIMIT ?"};
static struct bp_sql q_admins = {
    "SELECT id, username, display_name, email FROM users WHERE disabled = 0 AND is_admin = 1 ORDER BY id"};
static struct bp_sql q_org_members = {
    "SELECT id, username, display_name, email FROM users WHERE disabled = 0 AND id IN ("
    "SELECT user_id FROM memberships WHERE org_id = ?) ORDER BY id"};

enum bp_err bp_reminder_decide(struct bp_store *s, const char *key, int64_t case_id, const char *kind,
                               int64_t at, bool *decided)
{
    struct bp_param params[] = {p_text(key), p_int(case_id), p_text(kind), p_int(at)};
    struct bp_rows rows;
    enum bp_err err = RUN(&q_reminder_decide, params, scratch(s), &rows);
    *decided = err == BP_OK && rows.nrows == 1;
    return err;
}

static int key_order(const void *x, const void *y)
{
    return strcmp(*(const char *const *)x, *(const char *const *)y);
}

enum bp_err bp_reminder_keys(struct bp_store *s, struct bp_arena *a, int64_t case_id, const char ***out,
                             size_t *n)
{
    struct bp_param params[] = {p_int(case_id)};
    struct bp_rows rows;
    enum bp_err err;
    size_t i;
    *out = NULL;
    *n = 0;
    if ((err = RUN(&q_reminder_keys, params, a, &rows)) != BP_OK)
        return err;
    *out = bp_arena_alloc(a, (rows.nrows ? rows.nrows : 1) * sizeof(**out));
    for (i = 0; i < rows.nrows; i++)
        (*out)[i] = bp_rows_cell(&rows, i, 0);
    *n = rows.nrows;
    /* in the byte order strcmp uses, whatever the database's collation */
    qsort(*out, *n, sizeof(**out), key_order);
    return BP_OK;
}

enum bp_err bp_case_open_ids(struct bp_store *s, struct bp_arena *a, int64_t after_id, size_t limit,
                             int64_t **out, size_t *n)
{
    struct bp_param params[] = {p_int(after_id), p_int(limit ? (int64_t)limit : 1)};

    return SELECT_IDS(&q_case_open_ids, params, a, out, n);
}

enum bp_err bp_admins(struct bp_store *s, struct bp_arena *a, struct bp_user **out, size_t *n)
{
    return select_all(s, __func__, &q_admins, NULL, 0, a, sizeof(**out), &involved_row, (void **)out, n);
}

enum bp_err bp_org_members(struct bp_store *s, struct bp_arena *a, int64_t org_id, struct bp_user **out,
                           size_t *n)
{
    return SELECT_ALL_BY_ID(&q_org_members, org_id, a, &involved_row, out, n);
}
