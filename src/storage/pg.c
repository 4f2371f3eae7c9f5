/* pg.c: the PostgreSQL driver behind driver.h, on libpq. Each statement is prepared once per connection
 * (its '?' placeholders rewritten to $1..$n) and run with text parameters and text results. Must not
 * know Barnplan's tables (store.c does) and must not put row data in error messages: PostgreSQL's
 * DETAIL lines and many primary messages quote values, so only the SQLSTATE and object names are kept. */
#include <libpq-fe.h>
#include "util/common.h"
#include "util/buf.h"
#include "storage/driver.h"

struct bp_conn {
    PGconn *pg;
    bool *prepared; /* indexed by bp_sql slot */
    size_t nprepared;
    bool in_tx;
    uint64_t round_trips; /* each PQexec, PQprepare, PQexecPrepared or pipeline's sync */
    char errmsg[512];
    int warnings;          /* WARNINGs since pg_reclaim last set it to 0 */
    char warning_state[6]; /* the first one's SQLSTATE */
};

/* Notices go nowhere, for the log must not receive text the server may have built from row data; but a
 * WARNING is counted, with its SQLSTATE (never its text), because some statements report work left undone
 * only so: VACUUM skips a table the role may not vacuum with a warning and succeeds (pg_reclaim). */
static void count_warning(void *arg, const PGresult *res)
{
    struct bp_conn *c = arg;
    const char *severity = PQresultErrorField(res, PG_DIAG_SEVERITY_NONLOCALIZED);
    const char *state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
    if (!severity || strcmp(severity, "WARNING") != 0)
        return;
    if (c->warnings++ == 0)
        snprintf(c->warning_state, sizeof(c->warning_state), "%s", state ? state : "?????");
}

/* Keeps the first line of libpq's own message (connection-level failures, which carry no row data). */
static void conn_error(struct bp_conn *c, const char *what)
{
    const char *msg = PQerrorMessage(c->pg);
    size_t n = strcspn(msg, "\n");
    snprintf(c->errmsg, sizeof(c->errmsg), "postgres: %s: %.*s", what, (int)n, msg);
}

static enum bp_err fail(struct bp_conn *c, const PGresult *res)
{
    const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
    const char *constraint, *table, *column, *primary;
    struct bp_buf b;
    enum bp_err err = BP_ERR_STORAGE;

    if (!state) {
        conn_error(c, "query failed");
        return BP_ERR_STORAGE;
    }
    constraint = PQresultErrorField(res, PG_DIAG_CONSTRAINT_NAME);
    table = PQresultErrorField(res, PG_DIAG_TABLE_NAME);
    column = PQresultErrorField(res, PG_DIAG_COLUMN_NAME);
    primary = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
    bp_buf_init(&b, sizeof(c->errmsg) - 1);
    bp_buf_addf(&b, "postgres: SQLSTATE %s", state);
    if (constraint)
        bp_buf_addf(&b, " constraint %s", constraint);
    if (table)
        bp_buf_addf(&b, " table %s", table);
    if (column)
        bp_buf_addf(&b, " column %s", column);
    /* Primary messages that never quote values: connection trouble (08), syntax and undefined objects
     * (42), resources (53), operator intervention (57) and our own RAISE (P0). */
    if (primary &&
        (strncmp(state, "08", 2) == 0 || strncmp(state, "42", 2) == 0 || strncmp(state, "53", 2) == 0 ||
         strncmp(state, "57", 2) == 0 || strncmp(state, "P0", 2) == 0))
        bp_buf_addf(&b, ": %s", primary);
    snprintf(c->errmsg, sizeof(c->errmsg), "%s", bp_buf_str(&b));
    bp_buf_release(&b);
    if (strcmp(state, "23505") == 0) /* unique_violation */
        err = BP_ERR_CONFLICT;
    else if (strcmp(state, "23503") == 0) /* foreign_key_violation */
        err = BP_ERR_NOT_FOUND;
    return err;
}

static enum bp_err exec_simple(struct bp_conn *c, const char *sql)
{
    PGresult *res = PQexec(c->pg, sql);
    c->round_trips++;
    ExecStatusType st = PQresultStatus(res);
    enum bp_err err = BP_OK;
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK)
        err = fail(c, res);
    PQclear(res);
    return err;
}

/* What every new (or reset) connection needs. */
static enum bp_err setup(struct bp_conn *c)
{
    PQsetNoticeReceiver(c->pg, count_warning, c);
    if (PQsetClientEncoding(c->pg, "UTF8") != 0) {
        conn_error(c, "cannot use UTF8");
        return BP_ERR_STORAGE;
    }
    return exec_simple(c, "SET client_min_messages = warning");
}

static enum bp_err pg_open(const char *url, struct bp_conn **out, char *errmsg, size_t errlen)
{
    struct bp_conn *c = bp_xcalloc(1, sizeof(*c));
    enum bp_err err = BP_ERR_STORAGE;

    *out = NULL;
    c->pg = PQconnectdb(url);
    if (!c->pg)
        BUG("libpq out of memory");
    if (PQstatus(c->pg) != CONNECTION_OK) {
        conn_error(c, "cannot connect");
        snprintf(errmsg, errlen, "%s", c->errmsg);
        goto out;
    }
    err = setup(c);
    if (err) {
        snprintf(errmsg, errlen, "%s", c->errmsg);
        goto out;
    }
    *out = c;
    c = NULL;
out:
    if (c) {
        PQfinish(c->pg);
        free(c);
    }
    return err;
}

static void pg_close(struct bp_conn *c)
{
    if (!c)
        return;
    PQfinish(c->pg);
    free(c->prepared);
    free(c);
}

/* A lost connection outside a transaction is reopened once; its prepared statements went with it. */
static enum bp_err ensure_connected(struct bp_conn *c)
{
    if (PQstatus(c->pg) == CONNECTION_OK)
        return BP_OK;
    if (c->in_tx) {
        conn_error(c, "connection lost in a transaction");
        return BP_ERR_STORAGE;
    }
    PQreset(c->pg);
    if (c->prepared)
        memset(c->prepared, 0, c->nprepared * sizeof(*c->prepared));
    if (PQstatus(c->pg) != CONNECTION_OK) {
        conn_error(c, "cannot reconnect");
        return BP_ERR_STORAGE;
    }
    return setup(c);
}

static enum bp_err pg_exec_script(struct bp_conn *c, const char *sql)
{
    enum bp_err err = ensure_connected(c);
    if (err)
        return err;
    return exec_simple(c, sql);
}

static enum bp_err pg_begin(struct bp_conn *c)
{
    enum bp_err err = pg_exec_script(c, "BEGIN");
    if (!err)
        c->in_tx = true;
    return err;
}

static void pg_rollback(struct bp_conn *c)
{
    PGresult *res;
    if (!c->in_tx)
        return;
    c->in_tx = false;
    res = PQexec(c->pg, "ROLLBACK");
    c->round_trips++;
    PQclear(res);
}

/* COMMIT's answer: of a transaction that an earlier error aborted it is ROLLBACK, not an error. */
static enum bp_err commit_result(struct bp_conn *c, const PGresult *res)
{
    if (PQresultStatus(res) != PGRES_COMMAND_OK)
        return fail(c, res);
    if (strcmp(PQcmdStatus((PGresult *)res), "COMMIT") != 0) {
        snprintf(c->errmsg, sizeof(c->errmsg), "postgres: the transaction had failed and was rolled back");
        return BP_ERR_STORAGE;
    }
    return BP_OK;
}

static enum bp_err pg_commit(struct bp_conn *c)
{
    PGresult *res = PQexec(c->pg, "COMMIT");
    enum bp_err err = commit_result(c, res);
    c->round_trips++;
    PQclear(res);
    if (err)
        pg_rollback(c);
    c->in_tx = false;
    return err;
}

/* Rewrites '?' placeholders to $1..$n, leaving quoted text and comments alone. */
static char *rewrite_placeholders(const char *sql, struct bp_arena *a, size_t *nparams)
{
    struct bp_buf b;
    const char *p;
    int n = 0;
    char *out;

    bp_buf_init(&b, 1024 * 1024);
    for (p = sql; *p; p++) {
        if (*p == '\'' || *p == '"') {
            const char *end = strchr(p + 1, *p);
            size_t len = end ? (size_t)(end - p) + 1 : strlen(p);
            bp_buf_add(&b, p, len);
            p += len - 1;
        } else if (p[0] == '-' && p[1] == '-') {
            size_t len = strcspn(p, "\n");
            bp_buf_add(&b, p, len);
            p += len - 1;
        } else if (*p == '?') {
            bp_buf_addf(&b, "$%d", ++n);
        } else {
            bp_buf_addc(&b, *p);
        }
    }
    if (bp_buf_failed(&b))
        BUG("statement too long: %.60s", sql);
    out = bp_arena_strdup(a, bp_buf_str(&b));
    bp_buf_release(&b);
    *nparams = (size_t)n;
    return out;
}

static enum bp_err prepare(struct bp_conn *c, struct bp_sql *q, const char *name, size_t nparams,
                           struct bp_arena *a)
{
    size_t slot = (size_t)bp_sql_slot(q), counted;
    const char *text;
    PGresult *res;
    enum bp_err err = BP_OK;

    if (slot >= c->nprepared) {
        size_t n = slot + 32;
        c->prepared = bp_xrealloc(c->prepared, n * sizeof(*c->prepared));
        memset(c->prepared + c->nprepared, 0, (n - c->nprepared) * sizeof(*c->prepared));
        c->nprepared = n;
    }
    if (c->prepared[slot])
        return BP_OK;
    text = rewrite_placeholders(q->text, a, &counted);
    if (counted != nparams)
        BUG("statement has %zu parameters, %zu given: %s", counted, nparams, q->text);
    res = PQprepare(c->pg, name, text, 0, NULL);
    c->round_trips++;
    if (PQresultStatus(res) == PGRES_COMMAND_OK)
        c->prepared[slot] = true;
    else
        err = fail(c, res);
    PQclear(res);
    return err;
}

/* The statement's name on the connection, prepared there first if it is not yet; its parameters as text. */
static enum bp_err bind(struct bp_conn *c, struct bp_sql *q, const struct bp_param *params, size_t nparams,
                        struct bp_arena *a, char name[static 32], const char ***values)
{
    size_t i;
    enum bp_err err;
    snprintf(name, 32, "bp_%d", bp_sql_slot(q));
    if ((err = prepare(c, q, name, nparams, a)) != BP_OK)
        return err;
    *values = nparams ? bp_arena_alloc(a, nparams * sizeof(**values)) : NULL;
    for (i = 0; i < nparams; i++) {
        if (params[i].type == BP_PARAM_INT)
            (*values)[i] = bp_arena_printf(a, "%lld", (long long)params[i].i);
        else if (params[i].type == BP_PARAM_TEXT)
            (*values)[i] = params[i].s;
        else
            (*values)[i] = NULL;
    }
    return BP_OK;
}

/* A statement's result as rows of text cells in a. */
static enum bp_err take_rows(struct bp_conn *c, const PGresult *res, struct bp_arena *a, struct bp_rows *rows)
{
    ExecStatusType st = PQresultStatus(res);
    size_t r, i, ncols, nrows;
    memset(rows, 0, sizeof(*rows));
    if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK)
        return fail(c, res);
    ncols = (size_t)PQnfields(res);
    nrows = (size_t)PQntuples(res);
    rows->ncols = ncols;
    rows->nrows = nrows;
    if (ncols && nrows)
        rows->cells = bp_arena_alloc(a, ncols * nrows * sizeof(*rows->cells));
    for (r = 0; r < nrows; r++)
        for (i = 0; i < ncols; i++)
            if (!PQgetisnull(res, (int)r, (int)i))
                rows->cells[r * ncols + i] = bp_arena_strndup(a, PQgetvalue(res, (int)r, (int)i),
                                                              (size_t)PQgetlength(res, (int)r, (int)i));
    return BP_OK;
}

static enum bp_err pg_query(struct bp_conn *c, struct bp_sql *q, const struct bp_param *params,
                            size_t nparams, struct bp_arena *a, struct bp_rows *rows)
{
    char name[32];
    const char **values;
    PGresult *res;
    enum bp_err err;

    memset(rows, 0, sizeof(*rows));
    if ((err = ensure_connected(c)) != BP_OK ||
        (err = bind(c, q, params, nparams, a, name, &values)) != BP_OK)
        return err;
    res = PQexecPrepared(c->pg, name, (int)nparams, values, NULL, NULL, 0);
    c->round_trips++;
    err = take_rows(c, res, a, rows);
    PQclear(res);
    return err;
}

/* ---- several statements in one round trip (libpq's pipeline mode, PostgreSQL 14 and later) ---- */

/* Reads one command's answer in the pipeline: its result, then the NULL that ends it. */
static PGresult *next_result(struct bp_conn *c)
{
    PGresult *res = PQgetResult(c->pg), *extra;
    while (res && (extra = PQgetResult(c->pg)) != NULL) /* a command has one result; keep the first */
        PQclear(extra);
    return res;
}

/* After the sync has been sent: every command's answer up to the sync's, so that the connection is idle. */
static void drain_to_sync(struct bp_conn *c)
{
    PGresult *res;
    for (;;) {
        res = PQgetResult(c->pg);
        if (!res) {
            if (PQstatus(c->pg) != CONNECTION_OK)
                return;
            continue; /* the end of one command's results */
        }
        if (PQresultStatus(res) == PGRES_PIPELINE_SYNC) {
            PQclear(res);
            return;
        }
        PQclear(res);
    }
}

static enum bp_err send_text(struct bp_conn *c, const char *sql)
{
    if (PQsendQueryParams(c->pg, sql, 0, NULL, NULL, NULL, NULL, 0))
        return BP_OK;
    conn_error(c, "cannot send");
    return BP_ERR_STORAGE;
}

static enum bp_err pg_query_many(struct bp_conn *c, struct bp_stmt *st, size_t n, bool transaction,
                                 struct bp_arena *a, size_t *failed)
{
    char name[32];
    const char **values;
    enum bp_err err = BP_OK;
    size_t i, sent = 0;
    PGresult *res;

    *failed = 0;
    for (i = 0; i < n; i++)
        memset(&st[i].rows, 0, sizeof(st[i].rows));
    if (transaction && c->in_tx)
        BUG("query_many(transaction) inside a transaction");
    if ((err = ensure_connected(c)) != BP_OK)
        return err;
    for (i = 0; i < n; i++) { /* statements not yet prepared are, one round trip each, once per connection */
        snprintf(name, sizeof(name), "bp_%d", bp_sql_slot(st[i].q));
        if ((err = prepare(c, st[i].q, name, st[i].nparams, a)) != BP_OK) {
            *failed = i;
            return err;
        }
    }
    if (!PQenterPipelineMode(c->pg)) {
        conn_error(c, "cannot enter pipeline mode");
        return BP_ERR_STORAGE;
    }
    if (transaction)
        err = send_text(c, "BEGIN");
    for (i = 0; i < n && !err; i++, sent++) {
        if ((err = bind(c, st[i].q, st[i].params, st[i].nparams, a, name, &values)) != BP_OK)
            break;
        if (!PQsendQueryPrepared(c->pg, name, (int)st[i].nparams, values, NULL, NULL, 0)) {
            conn_error(c, "cannot send");
            err = BP_ERR_STORAGE;
        }
    }
    if (!err && transaction)
        err = send_text(c, "COMMIT");
    if (!PQpipelineSync(c->pg) && !err) {
        conn_error(c, "cannot send");
        err = BP_ERR_STORAGE;
    }
    c->round_trips++;
    if (err) { /* a statement could not even be sent: nothing is taken as done */
        *failed = sent;
        drain_to_sync(c);
        PQexitPipelineMode(c->pg);
        if (transaction) {
            c->in_tx = true;
            pg_rollback(c);
        }
        return err;
    }
    if (transaction && (res = next_result(c)) != NULL) { /* BEGIN */
        if (PQresultStatus(res) != PGRES_COMMAND_OK)
            err = fail(c, res);
        PQclear(res);
    }
    for (i = 0; i < n && !err; i++) {
        res = next_result(c);
        if (!res) {
            conn_error(c, "no answer");
            err = BP_ERR_STORAGE;
        } else {
            err = take_rows(c, res, a, &st[i].rows);
            PQclear(res);
        }
        if (err)
            *failed = i;
    }
    if (!err && transaction) {
        res = next_result(c);
        err = res ? commit_result(c, res) : BP_ERR_STORAGE;
        if (!res)
            conn_error(c, "no answer to COMMIT");
        PQclear(res);
        *failed = n;
    }
    drain_to_sync(c);
    if (!PQexitPipelineMode(c->pg) && PQstatus(c->pg) == CONNECTION_OK)
        BUG("pipeline not idle after its sync");
    if (err) {
        for (i = 0; i < n; i++)
            memset(&st[i].rows, 0, sizeof(st[i].rows));
        if (transaction) { /* an aborted transaction block stays open past the sync */
            c->in_tx = true;
            pg_rollback(c);
        }
    }
    return err;
}

static uint64_t pg_round_trips(const struct bp_conn *c)
{
    return c->round_trips;
}

static const char *pg_errmsg(const struct bp_conn *c)
{
    return c->errmsg;
}

/* The fsync rule needs nothing here: PostgreSQL itself stops at an fsync failure (a PANIC, since version 12
 * with data_sync_retry off, its default) and recovers from its WAL at restart; until then every statement
 * fails on the lost connection. */
static const char *pg_stopped(const struct bp_conn *c)
{
    (void)c;
    return NULL;
}

/* to_regclass follows search_path, as the statements do. */
static struct bp_sql q_table_exists = {
    "SELECT CASE WHEN to_regclass(CAST(? AS TEXT)) IS NULL THEN 0 ELSE 1 END"};

/* Runs one VACUUM of `what` and makes a warning a failure: PostgreSQL skips a table the role may not
 * vacuum with a warning only, which would leave the purged rows' bytes in its files. */
static enum bp_err vacuum(struct bp_conn *c, const char *sql, const char *what)
{
    enum bp_err err;
    c->warnings = 0;
    if ((err = exec_simple(c, sql)) != BP_OK)
        return err;
    if (c->warnings == 0)
        return BP_OK;
    snprintf(c->errmsg, sizeof(c->errmsg),
             "postgres: VACUUM of %s gave %d warning(s) (SQLSTATE %s): it may have skipped the table, whose "
             "files may then keep the purged rows' bytes; VACUUM (FULL) it as its owner",
             what, c->warnings, c->warning_state);
    return BP_ERR_STORAGE;
}

/* Names one of ours, safe to put into SQL as it is. */
static void check_table_name(const char *table)
{
    if (strspn(table, "abcdefghijklmnopqrstuvwxyz_") != strlen(table))
        BUG("not a table name of ours: %s", table);
}

/* Migrations create tables in the current schema (the first schema of search_path that exists), which takes
 * CREATE on it: the owner role of docs/scaling.md has it, the serving role not. */
static struct bp_sql q_may_migrate = {
    "SELECT current_user, CASE WHEN has_schema_privilege(current_schema(), 'CREATE') THEN 1 ELSE 0 END"};

/* VACUUM (FULL) writes each table and its indexes and TOAST anew and drops the old files; ANALYZE replaces
 * the statistics sampled from the deleted rows; VACUUM FULL of pg_statistic drops its dead rows, the old
 * statistics' sampled values; CHECKPOINT writes every page still in shared buffers to its file. Each
 * statement alone: VACUUM cannot run in a transaction block. A VACUUM that warns (a table skipped) fails:
 * pg_may_reclaim should have refused the purge before it began. */
static enum bp_err pg_reclaim(struct bp_conn *c, const char *const *tables, size_t n, char *warning,
                              size_t warning_len)
{
    char sql[256];
    enum bp_err err;
    size_t i;
    warning[0] = '\0';
    if ((err = ensure_connected(c)) != BP_OK)
        return err;
    for (i = 0; i < n; i++) {
        check_table_name(tables[i]);
        snprintf(sql, sizeof(sql), "VACUUM (FULL, ANALYZE) %s", tables[i]);
        if ((err = vacuum(c, sql, tables[i])) != BP_OK)
            return err;
    }
    if ((err = vacuum(c, "VACUUM FULL pg_catalog.pg_statistic", "pg_statistic")) != BP_OK)
        return err;
    if (exec_simple(c, "CHECKPOINT") != BP_OK)
        snprintf(warning, warning_len,
                 "CHECKPOINT was refused (%s): the purged rows stay in shared buffers and the WAL until the "
                 "server's next checkpoint; a superuser or a member of pg_checkpoint can run CHECKPOINT now",
                 c->errmsg);
    return BP_OK;
}

/* The relations of $1 (a text array of names) that the connected role may not VACUUM. PostgreSQL 15 lets a
 * table's owner vacuum it, and whoever has the owner's privileges (a member of the owner role, a superuser:
 * pg_has_role's USAGE), and the database's owner every table but the shared catalogs; it skips any other with
 * a warning. (PostgreSQL 17 adds the MAINTAIN privilege, which this does not count: it refuses such a role
 * rather than let a table be skipped.) */
static const char q_may_not_vacuum[] =
    "SELECT current_user, c.relname FROM pg_database d "
    "JOIN pg_class c ON c.oid = ANY (CAST($1 AS regclass[])) WHERE d.datname = current_database() "
    "AND NOT (pg_has_role(c.relowner, 'USAGE') OR (pg_has_role(d.datdba, 'USAGE') AND NOT c.relisshared)) "
    "ORDER BY c.relname";

static enum bp_err pg_may_reclaim(struct bp_conn *c, const char *const *tables, size_t n, char *problem,
                                  size_t problem_len)
{
    struct bp_buf names;
    const char *values[1];
    PGresult *res;
    enum bp_err err;
    size_t i;
    problem[0] = '\0';
    if ((err = ensure_connected(c)) != BP_OK)
        return err;
    bp_buf_init(&names, 16 * 1024);
    bp_buf_addc(&names, '{');
    for (i = 0; i < n; i++) {
        check_table_name(tables[i]);
        bp_buf_addf(&names, "%s,", tables[i]);
    }
    bp_buf_addf(&names, "pg_catalog.pg_statistic}"); /* pg_reclaim rewrites it too */
    if (bp_buf_failed(&names))
        BUG("%zu table names are too long", n);
    values[0] = bp_buf_str(&names);
    res = PQexecParams(c->pg, q_may_not_vacuum, 1, NULL, values, NULL, NULL, 0);
    bp_buf_release(&names);
    if (PQresultStatus(res) != PGRES_TUPLES_OK)
        err = fail(c, res);
    else if (PQntuples(res) > 0)
        snprintf(
            problem, problem_len,
            "the database role %s may not VACUUM %d of the %zu tables a purge rewrites (%s the first): "
            "PostgreSQL lets only a table's owner (or a member of the owner role), the database's owner "
            "or a superuser do it, and skips the others with a warning, which would leave the purged rows' "
            "bytes in their files; run barnplan purge as the owner role (barnplan_owner, docs/scaling.md)",
            PQgetvalue(res, 0, 0), PQntuples(res), n + 1, PQgetvalue(res, 0, 1));
    PQclear(res);
    return err;
}

const struct bp_driver bp_driver_pg = {
    .name = "postgres",
    BP_DRIVER_FUNCTIONS(pg),
    .may_reclaim = pg_may_reclaim,
    /* Serialises concurrent migrators (several workers starting at once); released at commit. The key
     * is arbitrary but fixed: "bp" "mi" in ASCII. */
    .migration_lock_sql = "SELECT pg_advisory_xact_lock(1651534185)",
    .bulk_load_sql = "SET synchronous_commit = off",
    .table_exists = &q_table_exists,
    .may_migrate = &q_may_migrate,
    .skip_locked = true,
    .query_many = pg_query_many,
    .round_trips = pg_round_trips,
};
