/* driver.h: the small internal interface between store.c and one database backend (sqlite.c, pg.c),
 * a table of function pointers in the manner of git's refs backends. Internal to src/storage/ (and its
 * contract tests): nothing outside the storage layer may include it, and it must not grow operations
 * that know about Barnplan's tables; those belong in store.c, written once for both backends.
 *
 * Statements are written once with '?' placeholders in static struct bp_sql objects. Each gets a slot
 * number on first use, process-wide, so a driver can keep its prepared statement per connection in an
 * array indexed by slot. Results are materialised as text cells in the caller's arena. */
#ifndef BP_STORAGE_DRIVER_H
#define BP_STORAGE_DRIVER_H
#include "util/arena.h"

/* One SQL statement, portable between SQLite and PostgreSQL, with '?' placeholders. Declare as
 * `static struct bp_sql q_name = {"SELECT ..."};`: slot 0 means "not yet numbered". */
struct bp_sql {
    const char *text;
    _Atomic int slot;
};

/* Returns the statement's slot (1, 2, ...), numbering it on first use. */
int bp_sql_slot(struct bp_sql *q);

enum bp_param_type {
    BP_PARAM_NULL,
    BP_PARAM_INT,
    BP_PARAM_TEXT,
};

struct bp_param {
    enum bp_param_type type;
    int64_t i;
    const char *s; /* valid UTF-8, checked by store.c */
};

/* A result: nrows * ncols cells, row-major, each a NUL-terminated string in the arena or NULL for
 * SQL NULL. Integers come back as decimal text from both backends. */
struct bp_rows {
    const char **cells;
    size_t nrows, ncols;
};

static inline const char *bp_rows_cell(const struct bp_rows *r, size_t row, size_t col)
{
    if (row >= r->nrows || col >= r->ncols)
        BUG("cell %zu,%zu outside a %zux%zu result", row, col, r->nrows, r->ncols);
    return r->cells[row * r->ncols + col];
}
/* These return false for text that is not what was asked for (which means a schema mismatch);
 * SQL NULL reads as 0, false or NULL. */
bool bp_rows_int64(const struct bp_rows *r, size_t row, size_t col, int64_t *out);
bool bp_rows_bool(const struct bp_rows *r, size_t row, size_t col, bool *out);
const char *bp_rows_str(const struct bp_rows *r, size_t row, size_t col);

/* One statement of several run together (query_many): its rows come back in rows. */
struct bp_stmt {
    struct bp_sql *q;
    const struct bp_param *params;
    size_t nparams;
    struct bp_rows rows;
};

struct bp_conn;       /* one backend's connection, private to its file */
struct bp_store_copy; /* store.h */

struct bp_driver {
    const char *name; /* "sqlite" or "postgres", also the migrations folder */
    /* conninfo: for SQLite the path after "sqlite:", for PostgreSQL the whole URL. errmsg gets a
     * reason on failure (never a password). */
    enum bp_err (*open)(const char *conninfo, struct bp_conn **out, char *errmsg, size_t errlen);
    void (*close)(struct bp_conn *c);
    /* Runs SQL text holding several statements, without parameters or results (migrations). */
    enum bp_err (*exec_script)(struct bp_conn *c, const char *sql);
    enum bp_err (*begin)(struct bp_conn *c); /* a write transaction: SQLite takes the write lock now */
    /* On failure the transaction is rolled back. */
    enum bp_err (*commit)(struct bp_conn *c);
    void (*rollback)(struct bp_conn *c);
    /* Runs one statement. BP_ERR_CONFLICT on a unique violation, BP_ERR_NOT_FOUND on a foreign key
     * naming a row that does not exist, BP_ERR_STORAGE otherwise. */
    enum bp_err (*query)(struct bp_conn *c, struct bp_sql *q, const struct bp_param *params, size_t nparams,
                         struct bp_arena *a, struct bp_rows *rows);
    /* Runs st[0..n) in order in one round trip to the server (PostgreSQL's pipeline mode), each with its
     * rows. transaction (outside an open one only): they are a transaction of their own, begun and
     * committed in the same round trip. On failure: the first failed statement's error, *failed its index
     * (n when the commit failed), none run after it and nothing of the transaction kept. NULL for a
     * backend with no round trip to save (SQLite): store.c runs them one by one. */
    enum bp_err (*query_many)(struct bp_conn *c, struct bp_stmt *st, size_t n, bool transaction,
                              struct bp_arena *a, size_t *failed);
    /* A read transaction around a page's reads, one snapshot for them all (outside a write transaction);
     * NULL where a backend has nothing to gain (PostgreSQL: each batch is one round trip already). */
    enum bp_err (*read_begin)(struct bp_conn *c);
    void (*read_end)(struct bp_conn *c);
    /* Round trips to the server since the connection was opened (0 for an embedded database). */
    uint64_t (*round_trips)(const struct bp_conn *c);
    /* The last error: a code and the names of the constraint, table or column, never row data. */
    const char *(*errmsg)(const struct bp_conn *c);
    /* After a purge, outside a transaction: gives the pages of deleted rows back so that no file of the
     * database keeps their bytes. SQLite: checkpoint the WAL into the file and truncate it, VACUUM (in
     * memory), truncate the WAL again (tables unused: the whole file is rewritten). PostgreSQL: VACUUM
     * (FULL, ANALYZE) of each table named (their indexes and TOAST too), VACUUM FULL of pg_statistic,
     * CHECKPOINT; a VACUUM that skips a table (a warning) is an error. What could not be done besides (a
     * reader kept the WAL, no right to CHECKPOINT) is written into warning ("" when everything was); only
     * a failure of the database is an error. */
    enum bp_err (*reclaim)(struct bp_conn *c, const char *const *tables, size_t n, char *warning,
                           size_t warning_len);
    /* Before a purge deletes anything: whether reclaim could rewrite every table named (and whatever else it
     * rewrites) as the connected role, without any being skipped. problem gets why not ("" when it could),
     * naming the role, the first table and the rule, never row data; only a failure of the database is an
     * error. NULL where every connection may (SQLite). */
    enum bp_err (*may_reclaim)(struct bp_conn *c, const char *const *tables, size_t n, char *problem,
                               size_t problem_len);
    /* store.h's bp_store_copy and bp_store_verify (issue 11 item 7); NULL where the backend has none
     * (PostgreSQL: pg_basebackup and WAL archiving). */
    enum bp_err (*copy)(struct bp_conn *c, struct bp_store_copy *to);
    enum bp_err (*verify)(struct bp_conn *c, char *problem, size_t problem_len);
    /* Why the connection refuses every write since an fsync failed or a COMMIT met an I/O error (the fsync
     * rule, docs/architecture.md), as error codes only; NULL while writes go on. */
    const char *(*stopped)(const struct bp_conn *c);
    /* Takes the lock that serialises concurrent migrators, inside the migration's transaction
     * (NULL: begin already does). */
    const char *migration_lock_sql;
    /* Settings for a connection that loads much data at once into a new database (`barnplan demo`): a
     * commit may be lost in a crash, since the load is started again from an empty database. */
    const char *bulk_load_sql;
    /* One parameter, a table name; returns one row with a count of such tables (0 or 1). */
    struct bp_sql *table_exists;
    /* No parameters; returns one row: the connected role's name, and 1 when it may create tables where
     * the migrations create them, else 0. NULL where every connection may (SQLite). */
    struct bp_sql *may_migrate;
    /* SELECT ... FOR UPDATE SKIP LOCKED is understood (PostgreSQL): several servers' jobs can claim rows of
     * one table at once without waiting for each other. false: one writer at a time (SQLite's BEGIN
     * IMMEDIATE) makes a plain UPDATE ... RETURNING a claim. */
    bool skip_locked;
};

/* A driver's functions, named <prefix>_open, <prefix>_close and so on in its file: the members of its
 * table from .open to .errmsg. */
#define BP_DRIVER_FUNCTIONS(prefix)                                                                          \
    .open = prefix##_open, .close = prefix##_close, .exec_script = prefix##_exec_script,                     \
    .begin = prefix##_begin, .commit = prefix##_commit, .rollback = prefix##_rollback,                       \
    .query = prefix##_query, .errmsg = prefix##_errmsg, .reclaim = prefix##_reclaim,                         \
    .stopped = prefix##_stopped

extern const struct bp_driver bp_driver_sqlite;
extern const struct bp_driver bp_driver_pg;

/* Whether s is well-formed UTF-8 (no overlong forms, surrogates or code points past U+10FFFF). */
bool bp_utf8_valid(const char *s);

/* The driver for a store URL ("sqlite:PATH", "postgres://...", "postgresql://..."), with *conninfo
 * set to what its open() takes; NULL for any other URL (store.c). */
const struct bp_driver *bp_driver_for_url(const char *url, const char **conninfo);

#endif
