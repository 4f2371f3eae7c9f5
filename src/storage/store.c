/* store.c: every operation of store.h, written once on top of driver.h, so SQLite and PostgreSQL run the
 * same SQL. Statements are static, with '?' placeholders: values are always bound, never spliced into
 * SQL text. Must not hold backend-specific SQL (that goes in migrations/<backend>/ or the driver), must not
 * decide anything the domain decides, and must not put row data in error messages.
 *
 * Conventions beyond store.h: enum fields are stored as their code strings (model.c); 0 for an optional
 * id (an event's user, an audit entry's org) is stored as NULL; deleting a row that is already gone is
 * not an error; a limit of 0 means BP_MAX_PAGE_ROWS and a larger one is BP_ERR_TOO_LARGE; the audit
 * filter's time range is from <= at <= to, and its limit may go up to BP_MAX_AUDIT_ROWS. */
#include <time.h>
#include <unistd.h>
#include "util/common.h"
#include "util/limits.h"
#include "util/find.h"
#include "storage/store.h"
#include "storage/driver.h"
#include "storage/migrations.h"
#include "storage/store_impl.h"

/* ---- opening, migrations, transactions ---- */

/* driver.h: here, not in driver.c, which the drivers themselves use. */
const struct bp_driver *bp_driver_for_url(const char *url, const char **conninfo)
{
    static const char sqlite_prefix[] = "sqlite:";
    if (!url)
        return NULL;
    if (strncmp(url, sqlite_prefix, sizeof(sqlite_prefix) - 1) == 0) {
        *conninfo = url + sizeof(sqlite_prefix) - 1;
        return &bp_driver_sqlite;
    }
    if (strncmp(url, "postgres://", 11) == 0 || strncmp(url, "postgresql://", 13) == 0) {
        *conninfo = url;
        return &bp_driver_pg;
    }
    return NULL;
}

enum bp_err bp_store_open(const char *url, struct bp_store **out, char *errmsg, size_t errlen)
{
    char local[256];
    const char *conninfo = NULL;
    const struct bp_driver *drv = bp_driver_for_url(url, &conninfo);
    struct bp_conn *conn = NULL;
    struct bp_store *s;
    enum bp_err err;

    if (!errmsg || errlen == 0) {
        errmsg = local;
        errlen = sizeof(local);
    }
    *out = NULL;
    errmsg[0] = '\0';
    if (!drv) {
        /* The URL itself may hold a password: it is not repeated. */
        snprintf(errmsg, errlen, "store URL must start with sqlite:, postgres:// or postgresql://");
        return BP_ERR_INVALID;
    }
    err = drv->open(conninfo, &conn, errmsg, errlen);
    if (err)
        return err;
    s = bp_xcalloc(1, sizeof(*s));
    s->drv = drv;
    s->conn = conn;
    bp_arena_init(&s->scratch, 4096);
    snprintf(s->writer, sizeof(s->writer), "pid %ld", (long)getpid());
    *out = s;
    return BP_OK;
}

void bp_store_close(struct bp_store *s)
{
    if (!s)
        return;
    bp_store_rollback(s);
    bp_store_read_end(s);
    s->drv->close(s->conn);
    bp_arena_release(&s->scratch);
    free(s);
}

const char *bp_store_backend(const struct bp_store *s)
{
    return s->drv->name;
}

bool bp_store_row_locks(const struct bp_store *s)
{
    return s->drv->skip_locked;
}

const char *bp_store_errmsg(const struct bp_store *s)
{
    return s->errmsg;
}

const char *bp_store_writes_stopped(const struct bp_store *s)
{
    return s->drv->stopped(s->conn);
}

enum bp_err bp_store_read_begin(struct bp_store *s)
{
    enum bp_err err;
    if (s->in_tx || s->in_read)
        BUG("bp_store_read_begin inside a transaction");
    if (!s->drv->read_begin)
        return BP_OK;
    if ((err = s->drv->read_begin(s->conn)) != BP_OK)
        return set_error(s, err, __func__, s->drv->errmsg(s->conn));
    s->in_read = true;
    return BP_OK;
}

void bp_store_read_end(struct bp_store *s)
{
    if (!s->in_read)
        return;
    s->in_read = false;
    s->drv->read_end(s->conn);
}

enum bp_err bp_store_begin(struct bp_store *s)
{
    enum bp_err err;
    if (s->in_tx || s->in_read)
        BUG("bp_store_begin inside a transaction");
    err = s->drv->begin(s->conn);
    if (err)
        return set_error(s, err, __func__, s->drv->errmsg(s->conn));
    s->in_tx = true;
    s->chain_tx = s->chain;
    s->chain_dirty = false;
    return BP_OK;
}

/* The chain's head row (migration 036): the open transaction's last seq and hash (store_audit.c writes the
 * entries), once per transaction, just before its commit. */
struct bp_sql bp_q_chain_head = {"UPDATE audit_chains SET head_seq = ?, head_hash = ? WHERE id = ?"};

static enum bp_err audit_chain_flush(struct bp_store *s)
{
    char hex[BP_AUDIT_HASH_HEX];
    struct bp_param params[] = {p_int(s->chain_tx.seq), p_text(hex), p_int(s->chain_tx.id)};
    bp_audit_hash_hex(s->chain_tx.hash, hex);
    s->chain_dirty = false;
    return EXEC(&bp_q_chain_head, params);
}

enum bp_err bp_store_commit(struct bp_store *s)
{
    enum bp_err err;
    if (!s->in_tx)
        BUG("bp_store_commit outside a transaction");
    /* the chain's head row moves in the transaction of the entries it covers */
    if (s->chain_dirty && (err = audit_chain_flush(s)) != BP_OK) {
        bp_store_rollback(s);
        return err;
    }
    s->in_tx = false;
    err = s->drv->commit(s->conn);
    if (err) {
        /* whether a failed commit reached the disk (an fsync that failed after the write) is not known:
         * the next entry begins a new chain rather than guess the old one's head */
        memset(&s->chain, 0, sizeof(s->chain));
        return set_error(s, err, __func__, s->drv->errmsg(s->conn));
    }
    s->chain = s->chain_tx; /* only now: a failed commit keeps no entry of it in the chain */
    return BP_OK;
}

void bp_store_rollback(struct bp_store *s)
{
    if (!s->in_tx)
        return;
    s->in_tx = false;
    s->chain_dirty = false; /* chain_tx is dropped: the next begin copies chain again */
    s->drv->rollback(s->conn);
}

/* ---- several statements in one round trip (issue 12 item 3) ---- */

enum bp_err bp_store_run_many(struct bp_store *s, const char *op, struct bp_stmt *st, size_t n,
                              bool transaction, struct bp_arena *a, size_t *failed)
{
    enum bp_err err = BP_OK;
    size_t i, j;
    *failed = 0;
    for (i = 0; i < n; i++)
        for (j = 0; j < st[i].nparams; j++)
            if (st[i].params[j].type == BP_PARAM_TEXT && !bp_utf8_valid(st[i].params[j].s)) {
                *failed = i;
                return set_error(s, BP_ERR_INVALID, op, "a text value is not valid UTF-8");
            }
    if (s->drv->query_many) {
        err = s->drv->query_many(s->conn, st, n, transaction, a, failed);
        return err ? set_error(s, err, op, s->drv->errmsg(s->conn)) : BP_OK;
    }
    if (transaction && (err = s->drv->begin(s->conn)) != BP_OK)
        return set_error(s, err, op, s->drv->errmsg(s->conn));
    for (i = 0; i < n && !err; i++)
        if ((err = s->drv->query(s->conn, st[i].q, st[i].params, st[i].nparams, a, &st[i].rows)) != BP_OK)
            *failed = i;
    if (transaction && !err && (err = s->drv->commit(s->conn)) != BP_OK)
        *failed = n;
    else if (transaction && err)
        s->drv->rollback(s->conn);
    return err ? set_error(s, err, op, s->drv->errmsg(s->conn)) : BP_OK;
}

void bp_store_batch_begin(struct bp_store *s)
{
    if (s->batch.open)
        BUG("a batch of reads inside another");
    s->batch.open = true;
    s->batch.n = 0;
    s->batch.a = NULL;
}

enum bp_err bp_store_batch_flush(struct bp_store *s)
{
    enum bp_err err = BP_OK;
    size_t i, n = s->batch.n, failed;
    s->batch.n = 0;
    if (n == 0)
        return BP_OK;
    if ((err = bp_store_run_many(s, "batch", s->batch.st, n, false, s->batch.a, &failed)) != BP_OK)
        return set_error(s, err, s->batch.rd[failed < n ? failed : 0].op, s->drv->errmsg(s->conn));
    for (i = 0; i < n && !err; i++) {
        const struct bp_batch_read *rd = &s->batch.rd[i];
        if ((err = read_rows(s, rd, &s->batch.st[i].rows, s->batch.a)) == BP_ERR_NOT_FOUND && rd->item)
            err = BP_OK; /* one item not there: it stays zeroed */
    }
    return err;
}

enum bp_err bp_store_batch_end(struct bp_store *s)
{
    enum bp_err err;
    if (!s->batch.open)
        BUG("bp_store_batch_end without a batch");
    err = bp_store_batch_flush(s);
    s->batch.open = false;
    s->batch.a = NULL;
    return err;
}

uint64_t bp_store_round_trips(const struct bp_store *s)
{
    return s->drv->round_trips ? s->drv->round_trips(s->conn) : 0;
}

static const struct bp_migration_set *migrations_for(const struct bp_store *s)
{
    const struct bp_migration_set *set = BP_FIND_NAME(struct bp_migration_set, bp_migration_sets,
                                                      bp_migration_set_count, backend, s->drv->name);
    if (set)
        return set;
    BUG("no migrations for backend %s", s->drv->name);
}

static const char create_schema_migrations[] = "CREATE TABLE IF NOT EXISTS schema_migrations ("
                                               "version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)";
static struct bp_sql q_migration_applied = {"SELECT COUNT(*) FROM schema_migrations WHERE version = ?"};
static struct bp_sql q_migration_record = {
    "INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)"};
static struct bp_sql q_schema_version = {"SELECT COALESCE(MAX(version), 0) FROM schema_migrations"};

enum bp_err bp_store_bulk_load(struct bp_store *s)
{
    if (s->in_tx)
        BUG("bp_store_bulk_load inside a transaction");
    return exec_script(s, __func__, s->drv->bulk_load_sql);
}

/* Applies one migration in its own transaction unless another process already has. */
static enum bp_err migrate_one(struct bp_store *s, const struct bp_migration *m, bool *applied)
{
    struct bp_param params[2] = {p_int(m->version), p_int((int64_t)time(NULL))};
    struct bp_rows rows;
    int64_t count = 0;
    enum bp_err err;

    *applied = false;
    err = bp_store_begin(s);
    if (err)
        goto out;
    if (s->drv->migration_lock_sql && (err = exec_script(s, __func__, s->drv->migration_lock_sql)))
        goto out;
    if ((err = exec_script(s, __func__, create_schema_migrations)))
        goto out;
    if ((err = select_int(s, __func__, &q_migration_applied, params, 1, &count,
                          "cannot read schema_migrations")))
        goto out;
    if (count == 0) {
        if ((err = exec_script(s, __func__, m->sql)))
            goto out;
        if ((err = RUN(&q_migration_record, params, scratch(s), &rows)))
            goto out;
        *applied = true;
    }
    err = bp_store_commit(s);
out:
    if (err) {
        char cause[sizeof(s->errmsg)];
        bp_store_rollback(s);
        *applied = false;
        memcpy(cause, s->errmsg, sizeof(cause));
        snprintf(s->errmsg, sizeof(s->errmsg), "migration %03d_%.60s: %.500s", m->version, m->name, cause);
    }
    return err;
}

/* Whether the connected role may create the migrations' tables; BP_ERR_FORBIDDEN, with the owner role named,
 * when not: the serving role would stop at the first CREATE with "permission denied for schema". */
static enum bp_err may_migrate(struct bp_store *s)
{
    struct bp_rows rows;
    int64_t may = 0;
    enum bp_err err;
    char why[300];
    if (!s->drv->may_migrate)
        return BP_OK;
    if ((err = RUN0(s->drv->may_migrate, scratch(s), &rows)))
        return err;
    if (rows.nrows == 1 && bp_rows_int64(&rows, 0, 1, &may) && may == 1)
        return BP_OK;
    snprintf(
        why, sizeof(why),
        "the database role %.63s may not create tables in the schema: migrations must be run as the role "
        "that owns the database and its schema (barnplan_owner, docs/scaling.md)",
        rows.nrows == 1 && bp_rows_str(&rows, 0, 0) ? bp_rows_str(&rows, 0, 0) : "?");
    return set_error(s, BP_ERR_FORBIDDEN, __func__, why);
}

enum bp_err bp_store_migrate(struct bp_store *s, int *applied)
{
    const struct bp_migration_set *set = migrations_for(s);
    enum bp_err err = BP_OK;
    int current = 0, latest = 0;
    size_t i;

    *applied = 0;
    if (s->in_tx)
        BUG("bp_store_migrate inside a transaction");
    /* A current schema needs nothing, not even schema_migrations' CREATE ... IF NOT EXISTS, which the serving
     * role may not run */
    if ((err = bp_store_schema_version(s, &current, &latest)) || current >= latest || (err = may_migrate(s)))
        return err;
    for (i = 0; i < set->n && !err; i++) {
        bool done;
        err = migrate_one(s, &set->list[i], &done);
        if (done)
            (*applied)++;
    }
    return err;
}

enum bp_err bp_store_schema_version(struct bp_store *s, int *current, int *latest)
{
    const struct bp_migration_set *set = migrations_for(s);
    struct bp_param params[] = {p_text("schema_migrations")};
    int64_t v = 0;
    enum bp_err err;

    *current = 0;
    *latest = set->n ? set->list[set->n - 1].version : 0;
    if ((err = select_int(s, __func__, s->drv->table_exists, params, 1, &v, "cannot read the catalogue")))
        return err;
    if (v == 0)
        return BP_OK; /* an empty database */
    if ((err = select_int(s, __func__, &q_schema_version, NULL, 0, &v, "cannot read schema_migrations")))
        return err;
    if (v < 0 || v > INT32_MAX)
        return set_error(s, BP_ERR_STORAGE, __func__, "cannot read schema_migrations");
    *current = (int)v;
    return BP_OK;
}

/* ---- organisations ---- */

#define ORG_COLUMNS "id, name, kind, principal, municipality"
static struct bp_sql q_org_add = {"INSERT INTO organisations (name, kind, principal, municipality) "
                                  "VALUES (?, ?, ?, ?) RETURNING id"};
static struct bp_sql q_org_get = {"SELECT " ORG_COLUMNS " FROM organisations WHERE id = ?"};
static struct bp_sql q_org_list = {"SELECT " ORG_COLUMNS " FROM organisations ORDER BY name, id"};
static struct bp_sql q_org_update = {
    "UPDATE organisations SET name = ?, kind = ?, principal = ?, municipality = ? "
    "WHERE id = ? RETURNING id"};

#define REC struct bp_org
static const struct col org_cols[] = {COL_INT(id), COL_STR(name), COL_CODE(kind, bp_org_kind_codes),
                                      COL_CODE(principal, bp_principal_codes), COL_STR(municipality)};
static const struct row org_row = ROW(org_cols, NULL);
#undef REC

enum bp_err bp_org_add(struct bp_store *s, struct bp_org *org)
{
    const char *kind = CODE_OF(bp_org_kind_codes, org->kind);
    const char *principal = CODE_OF(bp_principal_codes, org->principal);
    struct bp_param params[] = {p_text(org->name), p_text(kind), p_text(principal),
                                p_text(org->municipality)};

    if (!kind || !principal)
        return set_error(s, BP_ERR_INVALID, __func__, "kind or principal out of range");
    return INSERT(&q_org_add, params, &org->id);
}

/* The case's organisations with whether each was asked to take part (V-2.6), by id: what the access rule
 * and the case page both need, in one statement (issue 12 item 2). */
static struct bp_sql q_case_orgs_named = {"SELECT o.id, o.name, o.kind, o.principal, o.municipality, "
                                          "CASE WHEN co.asked_at IS NULL THEN 0 ELSE 1 END "
                                          "FROM case_orgs co JOIN organisations o ON o.id = co.org_id "
                                          "WHERE co.case_id = ? ORDER BY o.id"};
struct case_org_named {
    struct bp_org org;
    bool asked;
};
#define REC struct case_org_named
static const struct col case_org_named_cols[] = {COL_INT(org.id),
                                                 COL_STR(org.name),
                                                 COL_CODE(org.kind, bp_org_kind_codes),
                                                 COL_CODE(org.principal, bp_principal_codes),
                                                 COL_STR(org.municipality),
                                                 COL_BOOL(asked)};
static const struct row case_org_named_row = ROW(case_org_named_cols, NULL);
#undef REC

/* q_case_orgs_named's rows into ctx: struct bp_org **orgs, bool **asked, size_t *n. */
static enum bp_err case_orgs_named_read(struct bp_store *s, const struct bp_batch_read *rd,
                                        const struct bp_rows *rows, struct bp_arena *a)
{
    struct bp_org **orgs = rd->ctx[0];
    bool **asked = rd->ctx[1];
    size_t *n = rd->ctx[2], i;
    struct case_org_named *items;
    enum bp_err err = read_all(s, rd->op, rows, a, sizeof(*items), &case_org_named_row, (void **)&items, n);
    if (err)
        return err;
    *orgs = bp_arena_alloc(a, (*n + 1) * sizeof(**orgs));
    *asked = bp_arena_alloc(a, (*n + 1) * sizeof(**asked));
    for (i = 0; i < *n; i++) {
        (*orgs)[i] = items[i].org;
        (*asked)[i] = items[i].asked;
    }
    return BP_OK;
}

enum bp_err bp_case_orgs_named(struct bp_store *s, struct bp_arena *a, int64_t case_id, struct bp_org **orgs,
                               bool **asked, size_t *n)
{
    struct bp_param params[] = {p_int(case_id)};
    struct bp_batch_read rd = {.op = __func__, .decode = case_orgs_named_read, .ctx = {orgs, asked, n}};
    *orgs = NULL;
    *asked = NULL;
    *n = 0;
    return select_read(s, &q_case_orgs_named, params, 1, a, &rd);
}

enum bp_err bp_org_get(struct bp_store *s, struct bp_arena *a, int64_t id, struct bp_org *out)
{
    return SELECT_ONE_BY_ID(&q_org_get, id, a, &org_row, out, "no such organisation");
}

enum bp_err bp_org_list(struct bp_store *s, struct bp_arena *a, struct bp_org **out, size_t *n)
{
    return select_all(s, __func__, &q_org_list, NULL, 0, a, sizeof(**out), &org_row, (void **)out, n);
}

enum bp_err bp_org_update(struct bp_store *s, const struct bp_org *org)
{
    const char *kind = CODE_OF(bp_org_kind_codes, org->kind);
    const char *principal = CODE_OF(bp_principal_codes, org->principal);
    struct bp_param params[] = {p_text(org->name), p_text(kind), p_text(principal), p_text(org->municipality),
                                p_int(org->id)};

    if (!kind || !principal)
        return set_error(s, BP_ERR_INVALID, __func__, "kind or principal out of range");
    return CHANGE_ONE(&q_org_update, params);
}

/* ---- users ---- */

#define USER_COLUMNS                                                                                         \
    "id, username, display_name, email, is_admin, disabled, family_child_id, family_guardian_id, lang, "     \
    "password_hash"
static struct bp_sql q_user_add = {
    "INSERT INTO users (username, display_name, email, password_hash, is_admin, "
    "disabled) VALUES (?, ?, ?, ?, ?, ?) RETURNING id"};
static struct bp_sql q_user_by_username = {"SELECT " USER_COLUMNS " FROM users WHERE username = ?"};
static struct bp_sql q_user_by_id = {"SELECT " USER_COLUMNS " FROM users WHERE id = ?"};
static struct bp_sql q_user_memberships = {"SELECT m.org_id, m.role, o.name FROM memberships m "
                                           "JOIN organisations o ON o.id = m.org_id "
                                           "WHERE m.user_id = ? ORDER BY o.name, m.org_id"};
static struct bp_sql q_user_set_password = {"UPDATE users SET password_hash = ? WHERE id = ? RETURNING id"};
static struct bp_sql q_user_set_disabled = {"UPDATE users SET disabled = ? WHERE id = ? RETURNING id"};
static struct bp_sql q_membership_add = {"INSERT INTO memberships (user_id, org_id, role) VALUES (?, ?, ?)"};

enum bp_err bp_user_add(struct bp_store *s, struct bp_user *u, const char *password_hash)
{
    struct bp_param params[] = {p_text(u->username),   p_text(u->display_name), p_text(u->email),
                                p_text(password_hash), p_bool(u->is_admin),     p_bool(u->disabled)};

    return INSERT(&q_user_add, params, &u->id);
}

/* A user's columns (USER_COLUMNS) at the cursor. */
static void user_cols(struct cursor *c, struct bp_user *out, const char **password_hash)
{
    out->id = c_int(c);
    out->username = c_str(c);
    out->display_name = c_str(c);
    out->email = c_str(c);
    out->is_admin = c_bool(c);
    out->disabled = c_bool(c);
    out->family_child_id = c_int(c);
    out->family_guardian_id = c_int(c);
    out->lang = c_str(c);
    if (password_hash)
        *password_hash = c_str(c);
    else
        c->col++;
}

/* The memberships in rows' columns col.. (org_id, role, organisation's name); a row whose org_id is NULL
 * (a user without any, LEFT JOINed) holds none. */
static enum bp_err memberships_read(struct bp_store *s, const char *op, struct bp_arena *a,
                                    const struct bp_rows *rows, size_t col, struct bp_user *out)
{
    size_t i;
    out->orgs = NULL;
    out->n_orgs = 0;
    if (rows->nrows == 0)
        return BP_OK;
    out->orgs = bp_arena_alloc(a, rows->nrows * sizeof(*out->orgs));
    for (i = 0; i < rows->nrows; i++) {
        struct cursor c = cursor_at(rows, i);
        struct bp_membership *m = &out->orgs[out->n_orgs];
        c.col = col;
        if (!bp_rows_cell(rows, i, col))
            continue;
        m->org_id = c_int(&c);
        m->role = C_CODE(&c, bp_role_codes);
        m->org_name = c_str(&c);
        if (c.bad)
            return bad_row(s, op, &c);
        out->n_orgs++;
    }
    return BP_OK;
}

/* Reads the user row of q (params: one) and the user's memberships. */
static enum bp_err user_get(struct bp_store *s, const char *op, struct bp_arena *a, struct bp_sql *q,
                            struct bp_param key, struct bp_user *out, const char **password_hash)
{
    struct bp_param params[] = {key};
    struct bp_rows rows;
    struct cursor c;
    enum bp_err err;

    memset(out, 0, sizeof(*out));
    if (password_hash)
        *password_hash = NULL;
    if ((err = run_first(s, op, q, params, 1, a, &rows, "no such user", &c)))
        return err;
    user_cols(&c, out, password_hash);
    if (c.bad)
        return bad_row(s, op, &c);
    params[0] = p_int(out->id);
    if ((err = run(s, op, &q_user_memberships, params, 1, a, &rows)))
        return err;
    return memberships_read(s, op, a, &rows, 0, out);
}

enum bp_err bp_user_get_by_username(struct bp_store *s, struct bp_arena *a, const char *username,
                                    struct bp_user *out, const char **password_hash)
{
    return user_get(s, __func__, a, &q_user_by_username, p_text(username), out, password_hash);
}

enum bp_err bp_user_get(struct bp_store *s, struct bp_arena *a, int64_t id, struct bp_user *out)
{
    return user_get(s, __func__, a, &q_user_by_id, p_int(id), out, NULL);
}

enum bp_err bp_user_set_password(struct bp_store *s, int64_t user_id, const char *password_hash)
{
    struct bp_param params[] = {p_text(password_hash), p_int(user_id)};
    return CHANGE_ONE(&q_user_set_password, params);
}

enum bp_err bp_user_set_disabled(struct bp_store *s, int64_t user_id, bool disabled)
{
    struct bp_param params[] = {p_bool(disabled), p_int(user_id)};
    return CHANGE_ONE(&q_user_set_disabled, params);
}

enum bp_err bp_membership_add(struct bp_store *s, int64_t user_id, int64_t org_id, enum bp_role role)
{
    const char *code = CODE_OF(bp_role_codes, role);
    struct bp_param params[] = {p_int(user_id), p_int(org_id), p_text(code)};
    if (!code)
        return set_error(s, BP_ERR_INVALID, __func__, "role out of range");
    return EXEC(&q_membership_add, params);
}

/* ---- sessions ---- */

static struct bp_sql q_session_add = {"INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, "
                                      "last_seen) VALUES (?, ?, ?, ?, ?) RETURNING id"};
static struct bp_sql q_session_touch = {"UPDATE sessions SET last_seen = ? WHERE id = ? RETURNING id"};
static struct bp_sql q_session_delete = {"DELETE FROM sessions WHERE id = ?"};
static struct bp_sql q_session_delete_for_user = {"DELETE FROM sessions WHERE user_id = ?"};
static struct bp_sql q_session_purge = {"DELETE FROM sessions WHERE last_seen < ? OR created_at < ?"};

enum bp_err bp_session_add(struct bp_store *s, const char *token_hash, int64_t user_id,
                           const char *csrf_token, int64_t now, int64_t *id)
{
    struct bp_param params[] = {p_text(token_hash), p_int(user_id), p_text(csrf_token), p_int(now),
                                p_int(now)};
    return INSERT(&q_session_add, params, id);
}

#define REC struct bp_session
static const struct col session_cols[] = {COL_INT(id), COL_INT(user_id), COL_INT(created_at),
                                          COL_INT(last_seen), COL_STR(csrf_token)};
static const struct row session_row = ROW(session_cols, NULL);
#undef REC

/* The session of a token, its user and the user's memberships in one statement: a row per membership (one
 * with NULLs for a user without any), the session's and the user's columns in each. */
static struct bp_sql q_session_user = {
    "SELECT s.id, s.user_id, s.created_at, s.last_seen, s.csrf_token, u.id, u.username, u.display_name, "
    "u.email, u.is_admin, u.disabled, u.family_child_id, u.family_guardian_id, u.lang, NULL, m.org_id, "
    "m.role, "
    "o.name FROM sessions s JOIN users u ON u.id = s.user_id LEFT JOIN memberships m ON m.user_id = u.id "
    "LEFT JOIN organisations o ON o.id = m.org_id WHERE s.token_hash = ? ORDER BY o.name, m.org_id"};

enum bp_err bp_session_user_get(struct bp_store *s, struct bp_arena *a, const char *token_hash,
                                struct bp_session *session, struct bp_user *user)
{
    struct bp_param params[] = {p_text(token_hash)};
    struct bp_rows rows;
    struct cursor c;
    enum bp_err err;

    memset(session, 0, sizeof(*session));
    memset(user, 0, sizeof(*user));
    if ((err = RUN(&q_session_user, params, a, &rows)) ||
        (err = READ_FIRST(&rows, &session_row, session, "no such session", &c)))
        return err;
    user_cols(&c, user, NULL);
    if (c.bad)
        return bad_row(s, __func__, &c);
    return memberships_read(s, __func__, a, &rows, c.col, user);
}

enum bp_err bp_session_touch(struct bp_store *s, int64_t session_id, int64_t now)
{
    struct bp_param params[] = {p_int(now), p_int(session_id)};
    return CHANGE_ONE(&q_session_touch, params);
}

enum bp_err bp_session_delete(struct bp_store *s, int64_t session_id)
{
    struct bp_param params[] = {p_int(session_id)};
    return EXEC(&q_session_delete, params);
}

enum bp_err bp_session_delete_for_user(struct bp_store *s, int64_t user_id)
{
    struct bp_param params[] = {p_int(user_id)};
    return EXEC(&q_session_delete_for_user, params);
}

enum bp_err bp_session_purge(struct bp_store *s, int64_t idle_before, int64_t created_before)
{
    struct bp_param params[] = {p_int(idle_before), p_int(created_before)};
    return EXEC(&q_session_purge, params);
}

/* ---- identities at a provider (issue 10 item 1) and logins under way there ---- */

static struct bp_sql q_identity_add = {
    "INSERT INTO user_identities (user_id, issuer, subject, created_at) VALUES (?, ?, ?, ?)"};
static struct bp_sql q_identity_user = {
    "SELECT user_id FROM user_identities WHERE issuer = ? AND subject = ?"};
static struct bp_sql q_oidc_pending_add = {
    "INSERT INTO oidc_pending (state_hash, nonce, verifier, created_at) VALUES (?, ?, ?, ?)"};
static struct bp_sql q_oidc_pending_purge = {"DELETE FROM oidc_pending WHERE created_at < ?"};
static struct bp_sql q_oidc_pending_take = {
    "DELETE FROM oidc_pending WHERE state_hash = ? RETURNING nonce, verifier, created_at"};

enum bp_err bp_identity_add(struct bp_store *s, int64_t user_id, const char *issuer, const char *subject,
                            int64_t now)
{
    struct bp_param params[] = {p_int(user_id), p_text(issuer), p_text(subject), p_int(now)};
    return EXEC(&q_identity_add, params);
}

enum bp_err bp_user_get_by_identity(struct bp_store *s, struct bp_arena *a, const char *issuer,
                                    const char *subject, struct bp_user *out)
{
    struct bp_param params[] = {p_text(issuer), p_text(subject)};
    struct bp_rows rows;
    struct cursor c;
    enum bp_err err;
    int64_t id;

    memset(out, 0, sizeof(*out));
    if ((err = RUN_FIRST(&q_identity_user, params, a, &rows, "no such identity", &c)))
        return err;
    id = c_int(&c);
    if (c.bad)
        return bad_row(s, __func__, &c);
    return bp_user_get(s, a, id, out);
}

enum bp_err bp_oidc_pending_add(struct bp_store *s, const char *state_hash, const char *nonce,
                                const char *verifier, int64_t now)
{
    struct bp_param params[] = {p_text(state_hash), p_text(nonce), p_text(verifier), p_int(now)};
    return EXEC(&q_oidc_pending_add, params);
}

enum bp_err bp_oidc_pending_purge(struct bp_store *s, int64_t created_before)
{
    struct bp_param params[] = {p_int(created_before)};
    return EXEC(&q_oidc_pending_purge, params);
}

enum bp_err bp_oidc_pending_take(struct bp_store *s, struct bp_arena *a, const char *state_hash,
                                 const char **nonce, const char **verifier, int64_t *created_at)
{
    struct bp_param params[] = {p_text(state_hash)};
    struct bp_rows rows;
    struct cursor c;
    enum bp_err err;

    if ((err = RUN_FIRST(&q_oidc_pending_take, params, a, &rows, "no such login under way", &c)))
        return err;
    *nonce = c_str(&c);
    *verifier = c_str(&c);
    *created_at = c_int(&c);
    return c.bad ? bad_row(s, __func__, &c) : BP_OK;
}

/* ---- failed logins ---- */

static struct bp_sql q_login_failure_add = {
    "INSERT INTO login_failures (username, address, at) VALUES (?, ?, ?)"};
static struct bp_sql q_login_failure_count = {
    "SELECT (SELECT COUNT(*) FROM login_failures WHERE username = ? AND at >= ?), "
    "(SELECT COUNT(*) FROM login_failures WHERE address = ? AND at >= ?)"};
static struct bp_sql q_login_failure_clear = {"DELETE FROM login_failures WHERE username = ?"};
static struct bp_sql q_login_failure_purge = {"DELETE FROM login_failures WHERE at < ?"};

enum bp_err bp_login_failure_add(struct bp_store *s, const char *username, const char *address, int64_t now)
{
    struct bp_param params[] = {p_text(username), p_text(address), p_int(now)};
    return EXEC(&q_login_failure_add, params);
}

enum bp_err bp_login_failure_count(struct bp_store *s, const char *username, const char *address,
                                   int64_t since, int64_t *by_username, int64_t *by_address)
{
    struct bp_param params[] = {p_text(username), p_int(since), p_text(address), p_int(since)};
    struct bp_rows rows;
    struct cursor c;
    enum bp_err err;

    *by_username = *by_address = 0;
    if ((err = RUN(&q_login_failure_count, params, scratch(s), &rows)))
        return err;
    if (rows.nrows != 1)
        return set_error(s, BP_ERR_STORAGE, __func__, "no count");
    c = cursor_at(&rows, 0);
    *by_username = c_int(&c);
    *by_address = c_int(&c);
    return c.bad ? bad_row(s, __func__, &c) : BP_OK;
}

enum bp_err bp_login_failure_clear(struct bp_store *s, const char *username)
{
    struct bp_param params[] = {p_text(username)};
    return EXEC(&q_login_failure_clear, params);
}

enum bp_err bp_login_failure_purge(struct bp_store *s, int64_t before)
{
    struct bp_param params[] = {p_int(before)};
    return EXEC(&q_login_failure_purge, params);
}

static struct bp_sql q_login_failure_count_pair = {
    "SELECT COUNT(*) FROM login_failures WHERE username = ? AND address = ? AND at >= ?"};

enum bp_err bp_login_failure_count_pair(struct bp_store *s, const char *username, const char *address,
                                        int64_t since, int64_t *n)
{
    struct bp_param params[] = {p_text(username), p_text(address), p_int(since)};
    return COUNT(&q_login_failure_count_pair, params, n);
}

/* ---- browsers an account logged in from (V6.1.1) ---- */

static struct bp_sql q_login_device_add = {
    "INSERT INTO login_devices (token_hash, user_id, last_login) VALUES (?, ?, ?) "
    "ON CONFLICT (token_hash, user_id) DO UPDATE SET last_login = excluded.last_login"};
static struct bp_sql q_login_device_known = {
    "SELECT COUNT(*) FROM login_devices WHERE token_hash = ? AND user_id = ? AND last_login >= ?"};
static struct bp_sql q_login_device_purge = {"DELETE FROM login_devices WHERE last_login < ?"};

enum bp_err bp_login_device_add(struct bp_store *s, const char *token_hash, int64_t user_id, int64_t now)
{
    struct bp_param params[] = {p_text(token_hash), p_int(user_id), p_int(now)};
    return EXEC(&q_login_device_add, params);
}

enum bp_err bp_login_device_known(struct bp_store *s, const char *token_hash, int64_t user_id, int64_t since,
                                  bool *known)
{
    struct bp_param params[] = {p_text(token_hash), p_int(user_id), p_int(since)};
    int64_t n;
    enum bp_err err = COUNT(&q_login_device_known, params, &n);
    *known = n > 0;
    return err;
}

enum bp_err bp_login_device_purge(struct bp_store *s, int64_t before)
{
    struct bp_param params[] = {p_int(before)};
    return EXEC(&q_login_device_purge, params);
}

/* ---- children and guardians ---- */

#define CHILD_COLUMNS                                                                                        \
    "id, given_name, family_name, id_kind, id_number, birth_date, language, needs_interpreter, "             \
    "interpreter_language, picture_support, created_at, protected, protected_from, protected_any"
static struct bp_sql q_child_add = {"INSERT INTO children (given_name, family_name, id_kind, id_number, "
                                    "birth_date, language, needs_interpreter, interpreter_language, "
                                    "picture_support, created_at, protected, protected_any) "
                                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id"};
static struct bp_sql q_child_get = {"SELECT " CHILD_COLUMNS " FROM children WHERE id = ?"};

#define GUARDIAN_COLUMNS                                                                                     \
    "id, child_id, name, id_number, custody, phone, email, address, interpreter_language, protected, "       \
    "protected_from"
static struct bp_sql q_guardian_add = {
    "INSERT INTO guardians (child_id, name, id_number, custody, phone, email, "
    "address, interpreter_language, protected) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
    "RETURNING id"};
/* Protected identity (issue 10 item 10): who is protected, and from whom */
static struct bp_sql q_child_protection = {
    "UPDATE children SET protected = ?, protected_from = ?, protected_any = ? WHERE id = ?"};
static struct bp_sql q_guardian_protection = {
    "UPDATE guardians SET protected = ?, protected_from = ? WHERE id = ? AND child_id = ?"};
static struct bp_sql q_guardian_contact = {
    "UPDATE guardians SET phone = ?, email = ? WHERE id = ? AND child_id = ?"};
static struct bp_sql q_guardian_list = {"SELECT " GUARDIAN_COLUMNS " FROM guardians WHERE child_id = ? "
                                        "ORDER BY id"};
/* The guardians of each case's child: the case id, then GUARDIAN_COLUMNS of g. */
static struct bp_sql q_guardian_list_for_cases = {
    "SELECT c.id, g.id, g.child_id, g.name, g.id_number, g.custody, g.phone, g.email, g.address, "
    "g.interpreter_language, g.protected, g.protected_from FROM cases c JOIN guardians g ON g.child_id = "
    "c.child_id WHERE c.id IN " IDS_IN " ORDER BY c.id, g.id"};

#define REC struct bp_child
static const struct col child_cols[] = {COL_INT(id),
                                        COL_STR(given_name),
                                        COL_STR(family_name),
                                        COL_CODE(id_kind, bp_id_kind_codes),
                                        COL_STR(id_number),
                                        COL_STR(birth_date),
                                        COL_STR(language),
                                        COL_BOOL(needs_interpreter),
                                        COL_STR(interpreter_language),
                                        COL_BOOL(picture_support),
                                        COL_INT(created_at),
                                        COL_BOOL(protected),
                                        COL_IDS(protected_from, n_protected_from),
                                        COL_BOOL(protected_any)};
static const struct row child_row = ROW(child_cols, NULL);
#undef REC

#define REC struct bp_guardian
static const struct col guardian_cols[] = {COL_INT(id),
                                           COL_INT(child_id),
                                           COL_STR(name),
                                           COL_STR(id_number),
                                           COL_CODE(custody, bp_custody_codes),
                                           COL_STR(phone),
                                           COL_STR(email),
                                           COL_STR(address),
                                           COL_STR(interpreter_language),
                                           COL_BOOL(protected),
                                           COL_IDS(protected_from, n_protected_from)};
static const struct row guardian_row = ROW(guardian_cols, NULL);
#undef REC

enum bp_err bp_child_add(struct bp_store *s, struct bp_child *c)
{
    const char *id_kind = CODE_OF(bp_id_kind_codes, c->id_kind);
    struct bp_param params[] = {p_text(c->given_name),
                                p_text(c->family_name),
                                p_text(id_kind),
                                p_text(c->id_number),
                                p_text(c->birth_date),
                                p_text(c->language),
                                p_bool(c->needs_interpreter),
                                p_text(c->interpreter_language),
                                p_bool(c->picture_support),
                                p_int(c->created_at),
                                p_bool(c->protected),
                                p_bool(c->protected_any)};

    if (!id_kind)
        return set_error(s, BP_ERR_INVALID, __func__, "id_kind out of range");
    return INSERT(&q_child_add, params, &c->id);
}

enum bp_err bp_child_get(struct bp_store *s, struct bp_arena *a, int64_t id, struct bp_child *out)
{
    return SELECT_ONE_BY_ID(&q_child_get, id, a, &child_row, out, "no such child");
}

enum bp_err bp_guardian_add(struct bp_store *s, struct bp_guardian *g)
{
    const char *custody = CODE_OF(bp_custody_codes, g->custody);
    struct bp_param params[] = {
        p_int(g->child_id),  p_text(g->name),  p_text(g->id_number), p_text(custody),
        p_text(g->phone),    p_text(g->email), p_text(g->address),   p_text(g->interpreter_language),
        p_bool(g->protected)};

    if (!custody)
        return set_error(s, BP_ERR_INVALID, __func__, "custody out of range");
    return INSERT(&q_guardian_add, params, &g->id);
}

enum bp_err bp_child_protection_set(struct bp_store *s, const struct bp_child *c)
{
    char from[BP_PROTECTED_IDS_TEXT];
    bp_protected_ids_format(c->protected_from, c->n_protected_from, from, sizeof(from));
    {
        struct bp_param params[] = {p_bool(c->protected), p_text(from), p_bool(c->protected_any),
                                    p_int(c->id)};
        return EXEC(&q_child_protection, params);
    }
}

enum bp_err bp_guardian_protection_set(struct bp_store *s, const struct bp_guardian *g)
{
    char from[BP_PROTECTED_IDS_TEXT];
    bp_protected_ids_format(g->protected_from, g->n_protected_from, from, sizeof(from));
    {
        struct bp_param params[] = {p_bool(g->protected), p_text(from), p_int(g->id), p_int(g->child_id)};
        return EXEC(&q_guardian_protection, params);
    }
}

enum bp_err bp_guardian_contact_set(struct bp_store *s, const struct bp_guardian *g)
{
    struct bp_param params[] = {p_text(g->phone), p_text(g->email), p_int(g->id), p_int(g->child_id)};
    return EXEC(&q_guardian_contact, params);
}

enum bp_err bp_guardian_list(struct bp_store *s, struct bp_arena *a, int64_t child_id,
                             struct bp_guardian **out, size_t *n)
{
    return SELECT_ALL_BY_ID(&q_guardian_list, child_id, a, &guardian_row, out, n);
}

enum bp_err bp_guardian_list_for_cases(struct bp_store *s, struct bp_arena *a, const int64_t *case_ids,
                                       size_t n, struct bp_guardian **out, size_t *n_out)
{
    return SELECT_GROUPED(&q_guardian_list_for_cases, case_ids, n, a, &guardian_row, 0, out, n_out);
}

/* Issue 10 item 1: a family login through BankID finds the person by personnummer. */
static struct bp_sql q_guardians_by_pnr = {"SELECT " GUARDIAN_COLUMNS " FROM guardians WHERE id_number = ? "
                                           "ORDER BY id LIMIT 20"};
static struct bp_sql q_children_by_pnr = {"SELECT " CHILD_COLUMNS " FROM children WHERE id_number = ? "
                                          "ORDER BY id LIMIT 20"};

enum bp_err bp_people_by_pnr(struct bp_store *s, struct bp_arena *a, const char *pnr, struct bp_guardian **gs,
                             size_t *ng, struct bp_child **cs, size_t *nc)
{
    struct bp_param params[] = {p_text(pnr)};
    enum bp_err err = SELECT_ALL(&q_guardians_by_pnr, params, a, &guardian_row, gs, ng);
    return err ? err : SELECT_ALL(&q_children_by_pnr, params, a, &child_row, cs, nc);
}

/* Issue 10 item 2: the guardians with this e-mail address (any child), for a family member's link. */
static struct bp_sql q_guardians_by_email = {"SELECT " GUARDIAN_COLUMNS " FROM guardians "
                                             "WHERE lower(email) = lower(?) ORDER BY id LIMIT 20"};

enum bp_err bp_guardians_by_email(struct bp_store *s, struct bp_arena *a, const char *email,
                                  struct bp_guardian **out, size_t *n)
{
    struct bp_param params[] = {p_text(email)};
    return SELECT_ALL(&q_guardians_by_email, params, a, &guardian_row, out, n);
}

/* ---- cases ---- */

#define CASE_COLUMNS                                                                                         \
    "c.id, c.child_id, c.model, c.plan_kind, c.status, c.initiating_org_id, c.initiator_user_id, "           \
    "c.noticed_on, c.route, c.requested_by, c.triggers, c.reason, c.created_at, "                            \
    "ch.given_name || ' ' || ch.family_name, o.name"
static struct bp_sql q_case_add = {
    "INSERT INTO cases (child_id, model, plan_kind, status, initiating_org_id, "
    "initiator_user_id, noticed_on, route, requested_by, triggers, reason, "
    "created_at, previous_case_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id"};
/* A case with what only its own page shows; key: columns before CASE_COLUMNS (a batch's id). */
#define CASE_GET_QUERY(key, where)                                                                           \
    {                                                                                                        \
        "SELECT " key CASE_COLUMNS                                                                           \
        ", u.display_name, c.closure_proposed_at, c.named_person_informed_on, c.responsible_org_id, "        \
        "(SELECT r.name FROM organisations r WHERE r.id = c.responsible_org_id), " /* X-1, X-3: the current  \
                                                                                      barnensbästa-ansvarig \
                                                                                      (one row at most: a    \
                                                                                      unique partial index)  \
                                                                                    */                       \
        "np.user_id, np.org_id, (SELECT nu.display_name FROM users nu WHERE nu.id = np.user_id), "           \
        "(SELECT nx.name FROM organisations nx WHERE nx.id = np.org_id), np.decision, np.assigned_at, "      \
        "np.decided_at, c.previous_case_id, "                                                                \
        "ch.protected_any " /* issue 10 item 10: the pages' marker, from the row joined anyway */            \
        "FROM cases c "                                                                                      \
        "JOIN children ch ON ch.id = c.child_id "                                                            \
        "JOIN organisations o ON o.id = c.initiating_org_id "                                                \
        "JOIN users u ON u.id = c.initiator_user_id "                                                        \
        "LEFT JOIN case_named_persons np ON np.case_id = c.id AND np.ended_at IS NULL " where                \
    }
static struct bp_sql q_case_get = CASE_GET_QUERY("", "WHERE c.id = ?");
static struct bp_sql q_case_get_many = CASE_GET_QUERY("c.id, ", "WHERE c.id IN " IDS_IN " ORDER BY c.id");
static struct bp_sql q_case_orgs_many = {
    "SELECT case_id, org_id, CASE WHEN asked_at IS NULL THEN 0 ELSE 1 END "
    "FROM case_orgs WHERE case_id IN " IDS_IN " ORDER BY case_id, org_id"};
/* V-2.6: an organisation joins a case asked to take part; asking again (after a withdrawal) renews it */
static struct bp_sql q_case_org_ask = {
    "INSERT INTO case_orgs (case_id, org_id, asked_by, asked_at) VALUES (?, ?, ?, ?) "
    "ON CONFLICT (case_id, org_id) DO UPDATE SET asked_by = excluded.asked_by, asked_at = excluded.asked_at"};
static struct bp_sql q_case_org_unask = {
    "UPDATE case_orgs SET asked_by = NULL, asked_at = NULL WHERE case_id = ? AND org_id = ?"};
static struct bp_sql q_case_orgs = {"SELECT org_id, CASE WHEN asked_at IS NULL THEN 0 ELSE 1 END FROM "
                                    "case_orgs WHERE case_id = ? ORDER BY org_id"};
static struct bp_sql q_case_org_ask_get = {
    "SELECT co.asked_at, u.display_name, u.email FROM case_orgs co LEFT JOIN users u ON u.id = co.asked_by "
    "WHERE co.case_id = ? AND co.org_id = ? AND co.asked_at IS NOT NULL"};
static struct bp_sql q_case_exists = {"SELECT id FROM cases WHERE id = ?"};
/* The user's organisations' cases, found through case_orgs(org_id, case_id, asked_at), sorted and cut to
 * the page on the covering index cases(id, created_at, status), and only then joined for the names: the
 * work grows with the number of cases the user can see, not with all cases, and the joins with the page
 * size. The tests are in the order of their cost (issue 12 item 2): asked_at is in the index (migration
 * 039), and nearly every row passes there, so few rows pay the initiator's or the consent's probe. */
static struct bp_sql q_case_list_for_user = {
    "SELECT " CASE_COLUMNS " FROM ("
    "SELECT v.id FROM cases v "
    "WHERE v.id IN (SELECT co.case_id FROM memberships m JOIN case_orgs co ON co.org_id = m.org_id "
    "WHERE m.user_id = ? AND (co.asked_at IS NOT NULL "
    "OR EXISTS (SELECT 1 FROM cases i WHERE i.id = co.case_id AND i.initiating_org_id = co.org_id) "
    "OR EXISTS (SELECT 1 FROM consents k WHERE k.case_id = co.case_id "
    "AND k.org_id = co.org_id AND k.status = 'active' AND k.given_on <= ? "
    "AND (k.renew_on IS NULL OR k.renew_on >= ?)))) "
    "AND (CAST(? AS TEXT) IS NULL OR v.status = ?) "
    "ORDER BY v.created_at DESC, v.id DESC LIMIT ? OFFSET ?) page "
    "JOIN cases c ON c.id = page.id "
    "JOIN children ch ON ch.id = c.child_id "
    "JOIN organisations o ON o.id = c.initiating_org_id "
    "ORDER BY c.created_at DESC, c.id DESC"};

/* Issue 12 item 2: the same list, looked for among the newest cases only (a window of ? cases, on the index
 * cases(created_at)): a user whose organisations take part in many cases finds a page there at a small
 * fraction of the cost of sorting them all. The window is a prefix of the whole order, so the visible cases
 * in it are a prefix of the whole list: when the page is full it is the page the query above gives (same
 * rows, same order); when not, bp_case_list_for_user asks the query above. */
static struct bp_sql q_case_list_recent = {
    "SELECT " CASE_COLUMNS " FROM ("
    "SELECT v.id FROM (SELECT w.id, w.created_at, w.status FROM cases w "
    "ORDER BY w.created_at DESC, w.id DESC LIMIT ?) v "
    "WHERE (CAST(? AS TEXT) IS NULL OR v.status = ?) "
    "AND EXISTS (SELECT 1 FROM memberships m JOIN case_orgs co ON co.org_id = m.org_id "
    "WHERE m.user_id = ? AND co.case_id = v.id AND (co.asked_at IS NOT NULL "
    "OR EXISTS (SELECT 1 FROM cases i WHERE i.id = co.case_id AND i.initiating_org_id = co.org_id) "
    "OR EXISTS (SELECT 1 FROM consents k WHERE k.case_id = co.case_id "
    "AND k.org_id = co.org_id AND k.status = 'active' AND k.given_on <= ? "
    "AND (k.renew_on IS NULL OR k.renew_on >= ?)))) "
    "ORDER BY v.created_at DESC, v.id DESC LIMIT ? OFFSET ?) page "
    "JOIN cases c ON c.id = page.id "
    "JOIN children ch ON ch.id = c.child_id "
    "JOIN organisations o ON o.id = c.initiating_org_id "
    "ORDER BY c.created_at DESC, c.id DESC"};
/* The window: 40 cases for each row up to the page's end (a user who sees one case in 40 fills it), at least
 * 1000; past 20,000 the whole list is as cheap. */
#define CASE_WINDOW_PER_ROW 40
#define CASE_WINDOW_MIN     1000
#define CASE_WINDOW_MAX     20000

#define REC struct bp_case
#define CASE_COLS                                                                                            \
    COL_INT(id), COL_INT(child_id), COL_CODE(model, bp_model_codes), COL_STR(plan_kind),                     \
        COL_CODE(status, bp_case_status_codes), COL_INT(initiating_org_id), COL_INT(initiator_user_id),      \
        COL_STR(noticed_on), COL_CODE(route, bp_route_codes), COL_CODE(requested_by, bp_requester_codes),    \
        COL_BITS(triggers, BP_TRIGGER_COUNT), COL_STR(reason), COL_INT(created_at), COL_STR(child_name),     \
        COL_STR(initiating_org_name)
static const struct col case_cols[] = {CASE_COLS};
static const struct row case_row = ROW(case_cols, NULL);

/* Reads q_case_get's columns: CASE_COLUMNS and what only the case's own page shows. */
static const struct col case_full_cols[] = {CASE_COLS,
                                            COL_STR(initiator_name),
                                            COL_INT(closure_proposed_at),
                                            COL_STR(named_person_informed_on),
                                            COL_INT(responsible_org_id),
                                            COL_STR(responsible_org_name),
                                            COL_INT(named_person_user_id),
                                            COL_INT(named_person_org_id),
                                            COL_STR(named_person_name),
                                            COL_STR(named_person_org_name),
                                            COL_STR(named_person_decision),
                                            COL_INT(named_person_assigned_at),
                                            COL_INT(named_person_decided_at),
                                            COL_INT(previous_case_id),
                                            COL_BOOL(protected)};
static const struct row case_full_row = ROW(case_full_cols, NULL);
#undef CASE_COLS
#undef REC

enum bp_err bp_case_add(struct bp_store *s, struct bp_case *k)
{
    const char *model = CODE_OF(bp_model_codes, k->model);
    const char *status = CODE_OF(bp_case_status_codes, k->status);
    const char *route = CODE_OF(bp_route_codes, k->route);
    const char *requested_by = CODE_OF(bp_requester_codes, k->requested_by);
    struct bp_param params[] = {p_int(k->child_id),          p_text(model),
                                p_text(k->plan_kind),        p_text(status),
                                p_int(k->initiating_org_id), p_int(k->initiator_user_id),
                                p_text(k->noticed_on),       p_text(route),
                                p_text(requested_by),        p_int(k->triggers),
                                p_text(k->reason),           p_int(k->created_at),
                                p_ref(k->previous_case_id)};
    struct bp_rows rows;
    enum bp_err err;
    int64_t id = 0;
    bool own;

    if (!model || !status || !route || !requested_by)
        return set_error(s, BP_ERR_INVALID, __func__, "model, status, route or requested_by out of range");
    if (k->triggers >= (UINT32_C(1) << BP_TRIGGER_COUNT))
        return set_error(s, BP_ERR_INVALID, __func__, "unknown trigger bits");
    if ((err = begin_own(s, &own)))
        return err;
    err = RUN(&q_case_add, params, scratch(s), &rows);
    if (!err)
        err = returned_id(s, __func__, &rows, &id);
    if (!err) { /* the initiating organisation takes part from the start */
        struct bp_param org[] = {p_int(id), p_int(k->initiating_org_id), p_ref(k->initiator_user_id),
                                 p_int(k->created_at)};
        err = RUN(&q_case_org_ask, org, scratch(s), &rows);
    }
    err = end_own(s, own, err);
    if (!err)
        k->id = id;
    return err;
}

enum bp_err bp_case_get(struct bp_store *s, struct bp_arena *a, int64_t id, struct bp_case *out)
{
    return SELECT_ONE_BY_ID(&q_case_get, id, a, &case_full_row, out, "no such case");
}

enum bp_err bp_case_get_many(struct bp_store *s, struct bp_arena *a, const int64_t *ids, size_t n,
                             struct bp_case **out, size_t *n_out)
{
    return SELECT_GROUPED(&q_case_get_many, ids, n, a, &case_full_row, 1, out, n_out);
}

enum bp_err bp_case_org_ask(struct bp_store *s, int64_t case_id, int64_t org_id, int64_t by_user, int64_t at)
{
    struct bp_param params[] = {p_int(case_id), p_int(org_id), p_ref(by_user), p_int(at)};
    return EXEC(&q_case_org_ask, params);
}

enum bp_err bp_case_org_unask(struct bp_store *s, int64_t case_id, int64_t org_id)
{
    struct bp_param params[] = {p_int(case_id), p_int(org_id)};
    return EXEC(&q_case_org_unask, params);
}

#define REC struct bp_case_ask
static const struct col case_ask_cols[] = {COL_INT(at), COL_STR(by_name), COL_STR(by_email)};
static const struct row case_ask_row = ROW(case_ask_cols, NULL);
#undef REC

enum bp_err bp_case_org_ask_get(struct bp_store *s, struct bp_arena *a, int64_t case_id, int64_t org_id,
                                struct bp_case_ask *out)
{
    struct bp_param params[] = {p_int(case_id), p_int(org_id)};
    return SELECT_ONE(&q_case_org_ask_get, params, a, &case_ask_row, out, "not asked");
}

/* The organisations of rows (q_case_orgs) into ctx: int64_t **out, bool **asked (may be NULL), size_t *n. */
static enum bp_err case_orgs_read(struct bp_store *s, const struct bp_batch_read *rd,
                                  const struct bp_rows *rows, struct bp_arena *a)
{
    int64_t **out = rd->ctx[0];
    bool **asked = rd->ctx[1];
    size_t *n = rd->ctx[2], i;
    *out = rows->nrows ? bp_arena_alloc(a, rows->nrows * sizeof(**out)) : NULL;
    if (asked)
        *asked = rows->nrows ? bp_arena_alloc(a, rows->nrows * sizeof(**asked)) : NULL;
    for (i = 0; i < rows->nrows; i++) {
        struct cursor c = cursor_at(rows, i);
        (*out)[i] = c_int(&c);
        if (asked)
            (*asked)[i] = c_int(&c) != 0;
        if (c.bad)
            return bad_row(s, rd->op, &c);
    }
    *n = rows->nrows;
    return BP_OK;
}

enum bp_err bp_case_orgs(struct bp_store *s, struct bp_arena *a, int64_t case_id, int64_t **out, bool **asked,
                         size_t *n)
{
    struct bp_param params[] = {p_int(case_id)};
    struct bp_batch_read rd = {.op = __func__, .decode = case_orgs_read, .ctx = {out, asked, n}};
    struct bp_rows rows;
    enum bp_err err;

    *out = NULL;
    *n = 0;
    if (asked)
        *asked = NULL;
    /* in a batch, no rows is n 0 (the case's own read in the batch says whether it exists) */
    if ((err = select_read(s, &q_case_orgs, params, 1, a, &rd)) || s->batch.open || *n)
        return err;
    /* Every case has its initiating organisation, so no rows means no case. */
    if ((err = RUN(&q_case_exists, params, scratch(s), &rows)))
        return err;
    return rows.nrows ? BP_OK : set_error(s, BP_ERR_NOT_FOUND, __func__, "no such case");
}

struct case_org_row {
    int64_t org_id;
    bool asked;
};
#define REC struct case_org_row
static const struct col case_org_cols[] = {COL_INT(org_id), COL_BOOL(asked)};
static const struct row case_org_row = ROW(case_org_cols, NULL);
#undef REC

enum bp_err bp_case_orgs_many(struct bp_store *s, struct bp_arena *a, const int64_t *ids, size_t n,
                              int64_t **out, bool **asked, size_t *n_out)
{
    struct case_org_row **rows = bp_arena_alloc(a, (n + 1) * sizeof(*rows));
    size_t i, j;
    enum bp_err err = SELECT_GROUPED(&q_case_orgs_many, ids, n, a, &case_org_row, 0, rows, n_out);
    if (err)
        return err;
    for (i = 0; i < n; i++) {
        out[i] = bp_arena_alloc(a, (n_out[i] + 1) * sizeof(**out));
        asked[i] = bp_arena_alloc(a, (n_out[i] + 1) * sizeof(**asked));
        for (j = 0; j < n_out[i]; j++) {
            out[i][j] = rows[i][j].org_id;
            asked[i][j] = rows[i][j].asked;
        }
    }
    return BP_OK;
}

enum bp_err bp_case_list_for_user(struct bp_store *s, struct bp_arena *a, int64_t user_id,
                                  struct bp_date today, int status, size_t limit, size_t offset,
                                  struct bp_case **out, size_t *n)
{
    char day[11];
    const char *status_code = status < 0 ? NULL : CODE_OF(bp_case_status_codes, status);
    int64_t lim, off;
    enum bp_err err;

    *out = NULL;
    *n = 0;
    if (status >= 0 && !status_code)
        return set_error(s, BP_ERR_INVALID, __func__, "status out of range");
    if ((err = page(s, __func__, limit, BP_MAX_PAGE_ROWS, offset, &lim, &off)))
        return err;
    if (!bp_date_valid(today.y, today.m, today.d))
        return set_error(s, BP_ERR_INVALID, __func__, "today is no date");
    bp_date_format(today, day);
    if (off <= CASE_WINDOW_MAX / CASE_WINDOW_PER_ROW - lim) {
        int64_t window = CASE_WINDOW_PER_ROW * (off + lim);
        struct bp_param params[] = {p_int(window < CASE_WINDOW_MIN ? CASE_WINDOW_MIN : window),
                                    p_text(status_code),
                                    p_text(status_code),
                                    p_int(user_id),
                                    p_text(day),
                                    p_text(day),
                                    p_int(lim),
                                    p_int(off)};
        if ((err = SELECT_ALL(&q_case_list_recent, params, a, &case_row, out, n)) || *n == (size_t)lim)
            return err;
    }
    {
        struct bp_param params[] = {p_int(user_id),      p_text(day), p_text(day), p_text(status_code),
                                    p_text(status_code), p_int(lim),  p_int(off)};
        return SELECT_ALL(&q_case_list_for_user, params, a, &case_row, out, n);
    }
}

/* ---- the case timeline ---- */

static struct bp_sql q_event_add = {"INSERT INTO events (case_id, at, user_id, org_id, kind, note) "
                                    "VALUES (?, ?, ?, ?, ?, ?) RETURNING id"};
static struct bp_sql q_event_list = {"SELECT e.id, e.case_id, e.at, e.user_id, e.org_id, e.kind, e.note, "
                                     "u.display_name, o.name FROM events e "
                                     "LEFT JOIN users u ON u.id = e.user_id "
                                     "LEFT JOIN organisations o ON o.id = e.org_id "
                                     "WHERE e.case_id = ? ORDER BY e.at, e.id"};

#define REC struct bp_event
static const struct col event_cols[] = {COL_INT(id),      COL_INT(case_id),   COL_INT(at),
                                        COL_INT(user_id), COL_INT(org_id),    COL_STR(kind),
                                        COL_STR(note),    COL_STR(user_name), COL_STR(org_name)};
static const struct row event_row = ROW(event_cols, NULL);
#undef REC

enum bp_err bp_event_add(struct bp_store *s, struct bp_event *e)
{
    struct bp_param params[] = {p_int(e->case_id), p_int(e->at),    p_ref(e->user_id),
                                p_ref(e->org_id),  p_text(e->kind), p_text(e->note)};
    return INSERT(&q_event_add, params, &e->id);
}

enum bp_err bp_event_list(struct bp_store *s, struct bp_arena *a, int64_t case_id, struct bp_event **out,
                          size_t *n)
{
    return SELECT_ALL_BY_ID(&q_event_list, case_id, a, &event_row, out, n);
}

/* ---- counts ---- */

/* The tables bp_store_count may name: table names cannot be bound, so only these are ever in SQL text. */
static struct {
    const char *table;
    struct bp_sql q;
} counts[] = {
    {"organisations", {"SELECT COUNT(*) FROM organisations"}},
    {"users", {"SELECT COUNT(*) FROM users"}},
    {"memberships", {"SELECT COUNT(*) FROM memberships"}},
    {"sessions", {"SELECT COUNT(*) FROM sessions"}},
    {"login_failures", {"SELECT COUNT(*) FROM login_failures"}},
    {"login_devices", {"SELECT COUNT(*) FROM login_devices"}},
    {"children", {"SELECT COUNT(*) FROM children"}},
    {"guardians", {"SELECT COUNT(*) FROM guardians"}},
    {"cases", {"SELECT COUNT(*) FROM cases"}},
    {"case_orgs", {"SELECT COUNT(*) FROM case_orgs"}},
    {"events", {"SELECT COUNT(*) FROM events"}},
    {"audit", {"SELECT COUNT(*) FROM audit"}},
    {"schema_migrations", {"SELECT COUNT(*) FROM schema_migrations"}},
    {"consents", {"SELECT COUNT(*) FROM consents"}},
    {"consent_scans", {"SELECT COUNT(*) FROM consent_scans"}},
    {"notifications", {"SELECT COUNT(*) FROM notifications"}},
    {"outbox", {"SELECT COUNT(*) FROM outbox"}},
    {"child_preps", {"SELECT COUNT(*) FROM child_preps"}},
    {"guardian_preps", {"SELECT COUNT(*) FROM guardian_preps"}},
    {"meetings", {"SELECT COUNT(*) FROM meetings"}},
    {"meeting_invitees", {"SELECT COUNT(*) FROM meeting_invitees"}},
    {"plans", {"SELECT COUNT(*) FROM plans"}},
    {"plan_goals", {"SELECT COUNT(*) FROM plan_goals"}},
    {"plan_interventions", {"SELECT COUNT(*) FROM plan_interventions"}},
    {"pending_decisions", {"SELECT COUNT(*) FROM pending_decisions"}},
    {"survey_invitations", {"SELECT COUNT(*) FROM survey_invitations"}},
    {"survey_answers", {"SELECT COUNT(*) FROM survey_answers"}},
};

enum bp_err bp_store_count(struct bp_store *s, const char *table, int64_t *n)
{
    size_t i;

    *n = 0;
    for (i = 0; i < BP_ARRAY_LEN(counts); i++)
        if (table && strcmp(counts[i].table, table) == 0)
            break;
    if (i == BP_ARRAY_LEN(counts))
        return set_error(s, BP_ERR_INVALID, __func__, "not a table that can be counted");
    return select_int(s, __func__, &counts[i].q, NULL, 0, n, "no count");
}
