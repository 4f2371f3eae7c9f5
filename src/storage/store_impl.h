/* store_impl.h: what the files implementing store.h share (store.c, store_consent.c, ...): the store's
 * struct and the small helpers that bind parameters, run statements and read rows. Internal to
 * src/storage/: nothing else may include it. Must not hold SQL for any table. */
#ifndef BP_STORE_IMPL_H
#define BP_STORE_IMPL_H
#include "util/common.h"
#include "util/limits.h"
#include "storage/store.h"
#include "storage/driver.h"
#include "util/date.h"
#include "domain/protection.h"
#include "domain/audit_chain.h"

/* This connection's audit chain (migration 036): its id (0 until its first entry), last seq and hash. */
struct bp_chain_head {
    int64_t id, seq;
    uint8_t hash[BP_AUDIT_HASH_BYTES];
};

/* How a read's rows go into its caller's output (select_all's, select_one's or a decode's), whether they are
 * read at once (select_read) or queued in a batch (bp_store_batch_begin) and read by bp_store_batch_end. */
struct bp_store;
struct bp_batch_read;
/* A reader's own way of reading its rows (instead of a row table): ctx holds its outputs. */
typedef enum bp_err (*bp_batch_decode_fn)(struct bp_store *s, const struct bp_batch_read *rd,
                                          const struct bp_rows *rows, struct bp_arena *a);
struct bp_batch_read {
    const char *op;
    size_t size;
    const struct row *r;
    void **out; /* a list: *out, *nout */
    size_t *nout;
    void *item; /* one row: the item (out NULL) */
    const char *missing;
    bp_batch_decode_fn decode; /* or this, with its outputs in ctx */
    void *ctx[3];
};

struct bp_store {
    const struct bp_driver *drv;
    struct bp_conn *conn;
    bool in_tx;
    bool in_read; /* bp_store_read_begin */
    /* chain: as committed; chain_tx: with the open transaction's entries, kept by a commit, dropped by a
     * rollback (bp_store_begin copies chain into it); chain_dirty: the head row needs its update */
    struct bp_chain_head chain, chain_tx;
    bool chain_dirty;
    char writer[96];         /* audit_chains.writer: what this connection is, no personal data */
    struct bp_arena scratch; /* results nobody keeps (ids RETURNING, counts); reset per operation */
    struct {                 /* the reads queued since bp_store_batch_begin, all in one arena */
        bool open;
        size_t n;
        struct bp_arena *a;
        struct bp_stmt st[BP_STORE_BATCH_MAX];
        struct bp_batch_read rd[BP_STORE_BATCH_MAX];
    } batch;
    char errmsg[640];
};

/* ---- parameters, running, reading ---- */

static inline struct bp_param p_int(int64_t v)
{
    return (struct bp_param){.type = BP_PARAM_INT, .i = v};
}

static inline struct bp_param p_text(const char *v)
{
    return (struct bp_param){.type = v ? BP_PARAM_TEXT : BP_PARAM_NULL, .s = v};
}

static inline struct bp_param p_bool(bool v)
{
    return p_int(v ? 1 : 0);
}

/* An optional reference: 0 is stored as NULL. */
static inline struct bp_param p_ref(int64_t id)
{
    return id ? p_int(id) : (struct bp_param){.type = BP_PARAM_NULL};
}

static inline enum bp_err set_error(struct bp_store *s, enum bp_err err, const char *op, const char *what)
{
    snprintf(s->errmsg, sizeof(s->errmsg), "%s: %s", op, what);
    return err;
}

static inline enum bp_err run(struct bp_store *s, const char *op, struct bp_sql *q,
                              const struct bp_param *params, size_t n, struct bp_arena *a,
                              struct bp_rows *rows)
{
    enum bp_err err;
    size_t i;
    if (s->batch.open) /* a statement whose rows are read at once: not a batch's reader (store.h) */
        BUG("%s runs a statement of its own inside a batch of reads", op);
    for (i = 0; i < n; i++)
        if (params[i].type == BP_PARAM_TEXT && !bp_utf8_valid(params[i].s))
            return set_error(s, BP_ERR_INVALID, op, "a text value is not valid UTF-8");
    err = s->drv->query(s->conn, q, params, n, a, rows);
    if (err)
        set_error(s, err, op, s->drv->errmsg(s->conn));
    return err;
}
#define RUN(q, params, a, rows) run(s, __func__, (q), (params), BP_ARRAY_LEN(params), (a), (rows))
#define RUN0(q, a, rows)        run(s, __func__, (q), NULL, 0, (a), (rows))

static inline enum bp_err exec_script(struct bp_store *s, const char *op, const char *sql)
{
    enum bp_err err = s->drv->exec_script(s->conn, sql);
    if (err)
        set_error(s, err, op, s->drv->errmsg(s->conn));
    return err;
}

static inline struct bp_arena *scratch(struct bp_store *s)
{
    bp_arena_reset(&s->scratch);
    return &s->scratch;
}

/* Reads one row's cells left to right; a cell that does not parse sets bad, checked once per row. */
struct cursor {
    const struct bp_rows *rows;
    size_t row, col;
    bool bad;
};

static inline struct cursor cursor_at(const struct bp_rows *rows, size_t row)
{
    return (struct cursor){.rows = rows, .row = row};
}

static inline int64_t c_int(struct cursor *c)
{
    int64_t v = 0;
    if (!bp_rows_int64(c->rows, c->row, c->col++, &v))
        c->bad = true;
    return v;
}

static inline bool c_bool(struct cursor *c)
{
    bool v = false;
    if (!bp_rows_bool(c->rows, c->row, c->col++, &v))
        c->bad = true;
    return v;
}

static inline const char *c_str(struct cursor *c)
{
    return bp_rows_str(c->rows, c->row, c->col++);
}

static inline int c_code(struct cursor *c, const char *const *codes, size_t n)
{
    int v = bp_code_find(codes, n, c_str(c));
    if (v < 0) {
        c->bad = true;
        return 0;
    }
    return v;
}
#define C_CODE(c, table) c_code((c), (table), BP_ARRAY_LEN(table))

static inline enum bp_err bad_row(struct bp_store *s, const char *op, const struct cursor *c)
{
    char what[128];
    snprintf(what, sizeof(what), "column %zu holds a value this version cannot read", c->col);
    return set_error(s, BP_ERR_STORAGE, op, what);
}

/* The code of an enum value for writing; NULL when out of range. */
static inline const char *code_of(const char *const *codes, size_t n, int v)
{
    return v >= 0 && (size_t)v < n ? codes[v] : NULL;
}
#define CODE_OF(table, v) code_of((table), BP_ARRAY_LEN(table), (int)(v))

/* The id a RETURNING id statement gave back. */
static inline enum bp_err returned_id(struct bp_store *s, const char *op, const struct bp_rows *rows,
                                      int64_t *id)
{
    if (rows->nrows != 1 || rows->ncols != 1 || !bp_rows_int64(rows, 0, 0, id))
        return set_error(s, BP_ERR_STORAGE, op, "the insert returned no id");
    return BP_OK;
}

/* For UPDATE ... RETURNING id: no row means no such record. */
static inline enum bp_err one_row_or_not_found(struct bp_store *s, const char *op, const struct bp_rows *rows)
{
    if (rows->nrows == 0)
        return set_error(s, BP_ERR_NOT_FOUND, op, "no such row");
    return BP_OK;
}

static inline enum bp_err page(struct bp_store *s, const char *op, size_t limit, size_t max, size_t offset,
                               int64_t *lim, int64_t *off)
{
    if (limit > max)
        return set_error(s, BP_ERR_TOO_LARGE, op, "more rows asked for than the limit allows");
    if (offset > (size_t)INT64_MAX)
        return set_error(s, BP_ERR_INVALID, op, "offset out of range");
    *lim = limit ? (int64_t)limit : BP_MAX_PAGE_ROWS;
    *off = (int64_t)offset;
    return BP_OK;
}

/* A date column: NULL reads as {0}; text that is no date is a bad cell. */
static inline struct bp_date c_date(struct cursor *c)
{
    struct bp_date d = {0};
    const char *v = c_str(c);
    if (v && !bp_date_parse(v, &d))
        c->bad = true;
    return d;
}

/* ---- reading a row: one table of columns per record ---- */

enum col_kind {
    CK_INT,          /* int64_t */
    CK_INT32,        /* int, within [lo, hi] */
    CK_BITS,         /* uint32_t, within [lo, hi] */
    CK_SIZE,         /* size_t, within [lo, hi] */
    CK_BOOL,         /* bool */
    CK_STR,          /* const char *; NULL stays NULL */
    CK_NZ,           /* const char *; NULL reads as "" */
    CK_DATE,         /* struct bp_date (c_date) */
    CK_DATE_HAS,     /* the same, and the bool at aux says whether the column held a date */
    CK_CODE,         /* an enum, from its code table */
    CK_CODE_OR_NULL, /* the same; NULL leaves 0 */
    CK_CODE_WHEN,    /* the same, read only when the enum at aux (read before) is `when`; else skipped */
    CK_MINUTE,       /* int, a minute of the day written as text; NULL reads as -1 */
    CK_IDS, /* int64_t[BP_MAX_GUARDIANS] from ids separated by spaces (domain/protection.h), count at aux */
};

/* One column: where its value lands (offset into the record) and how it is read. Built with the COL_
 * macros below, which check the member's type at compile time. */
struct col {
    enum col_kind kind;
    size_t off;
    const char *const *codes; /* CK_CODE* */
    size_t ncodes;
    int64_t lo, hi; /* CK_INT32, CK_BITS, CK_SIZE */
    size_t aux;     /* CK_DATE_HAS: the flag's offset; CK_CODE_WHEN: the enum's */
    int when;       /* CK_CODE_WHEN */
};

/* The COL_ macros are for the record REC, which a file defines (#define REC struct bp_org) before a table
 * and its ROW and undefines after. COL_OFF is offsetof(REC, m), and a compile error unless m is a `type`;
 * COL_ENUM_OFF the same for an enum (int-sized, signed or not). */
// NOLINTNEXTLINE(bugprone-macro-parentheses): a type name in a _Generic association takes no parentheses
#define COL_OFF(m, type) (offsetof(REC, m) + _Generic(((REC *)0)->m, type : 0))
#define COL_ENUM_OFF(m)  (offsetof(REC, m) + _Generic(((REC *)0)->m, int : 0, unsigned : 0))

#define COL_INT(m)                                                                                           \
    {                                                                                                        \
        .kind = CK_INT, .off = COL_OFF(m, int64_t)                                                           \
    }
#define COL_INT32(m, min, max)                                                                               \
    {                                                                                                        \
        .kind = CK_INT32, .off = COL_OFF(m, int), .lo = (min), .hi = (max)                                   \
    }
#define COL_SMALL(m) COL_INT32(m, INT32_MIN, INT32_MAX)
#define COL_BITS(m, nbits)                                                                                   \
    {                                                                                                        \
        .kind = CK_BITS, .off = COL_OFF(m, uint32_t), .lo = 0, .hi = (INT64_C(1) << (nbits)) - 1             \
    }
#define COL_SIZE(m, min, max)                                                                                \
    {                                                                                                        \
        .kind = CK_SIZE, .off = COL_OFF(m, size_t), .lo = (min), .hi = (max)                                 \
    }
#define COL_BOOL(m)                                                                                          \
    {                                                                                                        \
        .kind = CK_BOOL, .off = COL_OFF(m, bool)                                                             \
    }
#define COL_STR(m)                                                                                           \
    {                                                                                                        \
        .kind = CK_STR, .off = COL_OFF(m, const char *)                                                      \
    }
#define COL_NZ(m)                                                                                            \
    {                                                                                                        \
        .kind = CK_NZ, .off = COL_OFF(m, const char *)                                                       \
    }
#define COL_DATE(m)                                                                                          \
    {                                                                                                        \
        .kind = CK_DATE, .off = COL_OFF(m, struct bp_date)                                                   \
    }
#define COL_DATE_HAS(m, has)                                                                                 \
    {                                                                                                        \
        .kind = CK_DATE_HAS, .off = COL_OFF(m, struct bp_date), .aux = COL_OFF(has, bool)                    \
    }
#define COL_MINUTE(m)                                                                                        \
    {                                                                                                        \
        .kind = CK_MINUTE, .off = COL_OFF(m, int)                                                            \
    }
#define COL_CODES_(k, m, t) .kind = (k), .off = COL_ENUM_OFF(m), .codes = (t), .ncodes = BP_ARRAY_LEN(t)
#define COL_CODE(m, table)                                                                                   \
    {                                                                                                        \
        COL_CODES_(CK_CODE, m, table)                                                                        \
    }
#define COL_CODE_OR_NULL(m, table)                                                                           \
    {                                                                                                        \
        COL_CODES_(CK_CODE_OR_NULL, m, table)                                                                \
    }
#define COL_CODE_WHEN(m, table, other, value)                                                                \
    {                                                                                                        \
        COL_CODES_(CK_CODE_WHEN, m, table), .aux = COL_ENUM_OFF(other), .when = (value)                      \
    }

#define COL_IDS(m, n)                                                                                        \
    {                                                                                                        \
        .kind = CK_IDS, .off = COL_OFF(m, int64_t *), .aux = COL_OFF(n, size_t)                              \
    }

/* A record's reader: its size, its columns in the select's order, and what a table cannot say (fix, run
 * after the columns; may be NULL). */
struct row {
    size_t size;
    const struct col *cols;
    size_t ncols;
    void (*fix)(void *item);
};
#define ROW(cols, fix)                                                                                       \
    {                                                                                                        \
        sizeof(REC), (cols), BP_ARRAY_LEN(cols), (fix)                                                       \
    }

static inline void put_int(char *at, int v)
{
    memcpy(at, &v, sizeof(v));
}

static inline int get_int(const char *at)
{
    int v;
    memcpy(&v, at, sizeof(v));
    return v;
}

static inline void read_col(struct cursor *c, const struct col *col, char *item)
{
    char *at = item + col->off;
    switch (col->kind) {
    case CK_INT: {
        int64_t v = c_int(c);
        memcpy(at, &v, sizeof(v));
        break;
    }
    case CK_INT32:
    case CK_BITS:
    case CK_SIZE: {
        int64_t v = c_int(c);
        if (v < col->lo || v > col->hi) {
            c->bad = true;
            v = 0;
        }
        if (col->kind == CK_BITS) {
            uint32_t u = (uint32_t)v;
            memcpy(at, &u, sizeof(u));
        } else if (col->kind == CK_SIZE) {
            size_t z = (size_t)v;
            memcpy(at, &z, sizeof(z));
        } else {
            put_int(at, (int)v);
        }
        break;
    }
    case CK_BOOL: {
        bool v = c_bool(c);
        memcpy(at, &v, sizeof(v));
        break;
    }
    case CK_STR:
    case CK_NZ: {
        const char *v = c_str(c);
        if (!v && col->kind == CK_NZ)
            v = "";
        memcpy(at, &v, sizeof(v));
        break;
    }
    case CK_DATE:
    case CK_DATE_HAS: {
        struct bp_date v = c_date(c);
        bool has = v.y != 0;
        memcpy(at, &v, sizeof(v));
        if (col->kind == CK_DATE_HAS)
            memcpy(item + col->aux, &has, sizeof(has));
        break;
    }
    case CK_CODE:
        put_int(at, c_code(c, col->codes, col->ncodes));
        break;
    case CK_CODE_OR_NULL:
    case CK_CODE_WHEN:
        if (col->kind == CK_CODE_WHEN ? get_int(item + col->aux) == col->when
                                      : bp_rows_str(c->rows, c->row, c->col) != NULL)
            put_int(at, c_code(c, col->codes, col->ncodes));
        else
            c->col++;
        break;
    case CK_MINUTE: {
        const char *v = c_str(c);
        int64_t m = -1;
        if (v && !bp_parse_int64(v, 0, 24 * 60 - 1, &m))
            c->bad = true;
        put_int(at, (int)m);
        break;
    }
    case CK_IDS: {
        int64_t ids[BP_MAX_GUARDIANS];
        size_t n = bp_protected_ids_parse(c_str(c), ids);
        memcpy(at, ids, n * sizeof(ids[0]));
        memcpy(item + col->aux, &n, sizeof(n));
        break;
    }
    }
}

/* Reads one row into the zeroed item; a cell that does not parse sets c->bad. */
static inline void read_row(struct cursor *c, const struct row *r, void *item)
{
    size_t i;
    memset(item, 0, r->size);
    for (i = 0; i < r->ncols; i++)
        read_col(c, &r->cols[i], item);
    if (r->fix)
        r->fix(item);
}

/* Reads every row of a list with r into an array of items in the arena (size, the caller's item size, must
 * be r's); *out is NULL and *n 0 for no rows. A row that does not parse is bad_row's error. */
static inline enum bp_err read_all(struct bp_store *s, const char *op, const struct bp_rows *rows,
                                   struct bp_arena *a, size_t size, const struct row *r, void **out,
                                   size_t *n)
{
    char *items;
    size_t i;
    if (size != r->size)
        BUG("%s: the row reader is for items of %zu bytes, not %zu", op, r->size, size);
    *out = NULL;
    *n = 0;
    if (rows->nrows == 0)
        return BP_OK;
    items = bp_arena_alloc(a, rows->nrows * size);
    for (i = 0; i < rows->nrows; i++) {
        struct cursor c = cursor_at(rows, i);
        read_row(&c, r, items + i * size);
        if (c.bad)
            return bad_row(s, op, &c);
    }
    *out = items;
    *n = rows->nrows;
    return BP_OK;
}
#define READ_ALL(rows, a, r, out, n)                                                                         \
    read_all(s, __func__, (rows), (a), sizeof(**(out)), (r), (void **)(out), (n))

/* Reads the first row of rows with r into item; no row is BP_ERR_NOT_FOUND saying `missing`. With rest, the
 * cursor is left there after r's columns for the caller to read more and check bad; without, a cell that
 * does not parse is bad_row's error. */
static inline enum bp_err read_first(struct bp_store *s, const char *op, const struct bp_rows *rows,
                                     size_t size, const struct row *r, void *item, const char *missing,
                                     struct cursor *rest)
{
    struct cursor c;
    if (size != r->size)
        BUG("%s: the row reader is for items of %zu bytes, not %zu", op, r->size, size);
    memset(item, 0, size);
    if (rows->nrows == 0)
        return set_error(s, BP_ERR_NOT_FOUND, op, missing);
    c = cursor_at(rows, 0);
    read_row(&c, r, item);
    if (rest) {
        *rest = c;
        return BP_OK;
    }
    return c.bad ? bad_row(s, op, &c) : BP_OK;
}
#define READ_FIRST(rows, r, out, missing, rest)                                                              \
    read_first(s, __func__, (rows), sizeof(*(out)), (r), (out), (missing), (rest))

/* An audit entry (struct bp_audit), for the selects of its columns in this order: id, at, user_id, org_id,
 * child_id, case_id, action, object, channel, address, detail, a user's name, the organisation's name
 * (store_audit.c; the search, the extracts and a family's access log read it). */
extern const struct row bp_audit_row;

/* ---- one statement, run and read: what nearly every operation is ---- */

/* Runs q and leaves c at its first row (in rows) for the caller to read, checking c->bad; no row is
 * BP_ERR_NOT_FOUND saying `missing`. For a row no table describes (read_first reads one that is). */
static inline enum bp_err run_first(struct bp_store *s, const char *op, struct bp_sql *q,
                                    const struct bp_param *params, size_t n, struct bp_arena *a,
                                    struct bp_rows *rows, const char *missing, struct cursor *c)
{
    enum bp_err err = run(s, op, q, params, n, a, rows);
    if (err)
        return err;
    if (rows->nrows == 0)
        return set_error(s, BP_ERR_NOT_FOUND, op, missing);
    *c = cursor_at(rows, 0);
    return BP_OK;
}
#define RUN_FIRST(q, params, a, rows, missing, c)                                                            \
    run_first(s, __func__, (q), (params), BP_ARRAY_LEN(params), (a), (rows), (missing), (c))

/* Runs a statement whose rows nobody reads (INSERT without RETURNING, DELETE, a bulk UPDATE). */
static inline enum bp_err exec_one(struct bp_store *s, const char *op, struct bp_sql *q,
                                   const struct bp_param *params, size_t n)
{
    struct bp_rows rows;
    return run(s, op, q, params, n, scratch(s), &rows);
}
#define EXEC(q, params) exec_one(s, __func__, (q), (params), BP_ARRAY_LEN(params))

/* Runs q with (id, others[i]) for each of the n others: the link rows of one record (its organisations),
 * in order, stopping at the first failure. */
static inline enum bp_err exec_links(struct bp_store *s, const char *op, struct bp_sql *q, int64_t id,
                                     const int64_t *others, size_t n)
{
    enum bp_err err = BP_OK;
    size_t i;
    for (i = 0; err == BP_OK && i < n; i++) {
        struct bp_param params[] = {p_int(id), p_int(others[i])};
        err = exec_one(s, op, q, params, BP_ARRAY_LEN(params));
    }
    return err;
}

/* SELECT COUNT(*) ... (or any one integer in one row): *v is it, 0 on failure; no row, or no integer in it,
 * is a storage error saying `what`. */
static inline enum bp_err select_int(struct bp_store *s, const char *op, struct bp_sql *q,
                                     const struct bp_param *params, size_t n, int64_t *v, const char *what)
{
    struct bp_rows rows;
    enum bp_err err;
    *v = 0;
    if ((err = run(s, op, q, params, n, scratch(s), &rows)))
        return err;
    if (rows.nrows != 1 || !bp_rows_int64(&rows, 0, 0, v))
        return set_error(s, BP_ERR_STORAGE, op, what);
    return BP_OK;
}
#define COUNT(q, params, n) select_int(s, __func__, (q), (params), BP_ARRAY_LEN(params), (n), "no count")

/* INSERT ... RETURNING id: *id is the new row's. */
static inline enum bp_err insert_one(struct bp_store *s, const char *op, struct bp_sql *q,
                                     const struct bp_param *params, size_t n, int64_t *id)
{
    struct bp_rows rows;
    enum bp_err err = run(s, op, q, params, n, scratch(s), &rows);
    return err ? err : returned_id(s, op, &rows, id);
}
#define INSERT(q, params, id) insert_one(s, __func__, (q), (params), BP_ARRAY_LEN(params), (id))

/* UPDATE (or DELETE) of one row ... RETURNING id: no row is BP_ERR_NOT_FOUND. */
static inline enum bp_err change_one(struct bp_store *s, const char *op, struct bp_sql *q,
                                     const struct bp_param *params, size_t n)
{
    struct bp_rows rows;
    enum bp_err err = run(s, op, q, params, n, scratch(s), &rows);
    return err ? err : one_row_or_not_found(s, op, &rows);
}
#define CHANGE_ONE(q, params) change_one(s, __func__, (q), (params), BP_ARRAY_LEN(params))

/* ---- a batch of reads (store.h, bp_store_batch_begin) ---- */

/* Runs st[0..n) as driver.h's query_many does (one round trip on PostgreSQL; one by one on SQLite), errors
 * named after op. */
enum bp_err bp_store_run_many(struct bp_store *s, const char *op, struct bp_stmt *st, size_t n,
                              bool transaction, struct bp_arena *a, size_t *failed);

/* The chain's head row moves (store.c; bp_store_commit and bp_audit_commit): head_seq, head_hash, id. */
extern struct bp_sql bp_q_chain_head;

/* Sends what is queued and reads each statement's rows into its caller's output (store.c). */
enum bp_err bp_store_batch_flush(struct bp_store *s);

/* Queues q (its parameters copied into a, the batch's one arena) with how its rows are to be read. */
static inline enum bp_err batch_add(struct bp_store *s, struct bp_sql *q, const struct bp_param *params,
                                    size_t n, struct bp_arena *a, const struct bp_batch_read *rd)
{
    struct bp_param *copy = n ? bp_arena_alloc(a, n * sizeof(*copy)) : NULL;
    enum bp_err err;
    size_t i;
    if (s->batch.a && s->batch.a != a)
        BUG("%s: the reads of one batch go into one arena", rd->op);
    for (i = 0; i < n; i++) {
        if (params[i].type == BP_PARAM_TEXT && !bp_utf8_valid(params[i].s))
            return set_error(s, BP_ERR_INVALID, rd->op, "a text value is not valid UTF-8");
        copy[i] = params[i];
        if (params[i].type == BP_PARAM_TEXT)
            copy[i].s = bp_arena_strdup(a, params[i].s);
    }
    if (s->batch.n == BP_STORE_BATCH_MAX && (err = bp_store_batch_flush(s)) != BP_OK)
        return err;
    s->batch.a = a;
    s->batch.st[s->batch.n] = (struct bp_stmt){.q = q, .params = copy, .nparams = n};
    s->batch.rd[s->batch.n++] = *rd;
    return BP_OK;
}

/* Reads a statement's rows into its caller's output as rd says: with rd's own decode, as a list (read_all)
 * or as one item (read_first). */
static inline enum bp_err read_rows(struct bp_store *s, const struct bp_batch_read *rd,
                                    const struct bp_rows *rows, struct bp_arena *a)
{
    if (rd->decode)
        return rd->decode(s, rd, rows, a);
    if (rd->out)
        return read_all(s, rd->op, rows, a, rd->size, rd->r, rd->out, rd->nout);
    return read_first(s, rd->op, rows, rd->size, rd->r, rd->item, rd->missing, NULL);
}

/* Runs q and reads its rows as rd says (read_rows); inside a batch, queues q for the batch's end to read so.
 */
static inline enum bp_err select_read(struct bp_store *s, struct bp_sql *q, const struct bp_param *params,
                                      size_t n, struct bp_arena *a, const struct bp_batch_read *rd)
{
    struct bp_rows rows;
    enum bp_err err;
    if (s->batch.open)
        return batch_add(s, q, params, n, a, rd);
    if ((err = run(s, rd->op, q, params, n, a, &rows)))
        return err;
    return read_rows(s, rd, &rows, a);
}

/* A SELECT of a list: every row read with r into an array in a (read_all). */
static inline enum bp_err select_all(struct bp_store *s, const char *op, struct bp_sql *q,
                                     const struct bp_param *params, size_t n, struct bp_arena *a, size_t size,
                                     const struct row *r, void **out, size_t *nout)
{
    *out = NULL;
    *nout = 0;
    return select_read(s, q, params, n, a, &(struct bp_batch_read){op, size, r, out, nout, NULL, NULL});
}
#define SELECT_ALL(q, params, a, r, out, n)                                                                  \
    select_all(s, __func__, (q), (params), BP_ARRAY_LEN(params), (a), sizeof(**(out)), (r), (void **)(out),  \
               (n))

/* A SELECT of one column of ids: every row's first cell into an array in a (*n of them). */
static inline enum bp_err select_ids(struct bp_store *s, const char *op, struct bp_sql *q,
                                     const struct bp_param *params, size_t np, struct bp_arena *a,
                                     int64_t **out, size_t *n)
{
    struct bp_rows rows;
    enum bp_err err;
    size_t i;
    *out = NULL;
    *n = 0;
    if ((err = run(s, op, q, params, np, a, &rows)))
        return err;
    *out = bp_arena_alloc(a, (rows.nrows ? rows.nrows : 1) * sizeof(**out));
    for (i = 0; i < rows.nrows; i++) {
        struct cursor c = cursor_at(&rows, i);
        (*out)[i] = c_int(&c);
        if (c.bad)
            return bad_row(s, op, &c);
    }
    *n = rows.nrows;
    return BP_OK;
}
#define SELECT_IDS(q, params, a, out, n)                                                                     \
    select_ids(s, __func__, (q), (params), BP_ARRAY_LEN(params), (a), (out), (n))

/* A SELECT of one row, read with r into the zeroed item (read_first). */
static inline enum bp_err select_one(struct bp_store *s, const char *op, struct bp_sql *q,
                                     const struct bp_param *params, size_t n, struct bp_arena *a, size_t size,
                                     const struct row *r, void *item, const char *missing)
{
    memset(item, 0, size);
    return select_read(s, q, params, n, a, &(struct bp_batch_read){op, size, r, NULL, NULL, item, missing});
}
#define SELECT_ONE(q, params, a, r, out, missing)                                                            \
    select_one(s, __func__, (q), (params), BP_ARRAY_LEN(params), (a), sizeof(*(out)), (r), (out), (missing))

/* The most common reads: a list (select_all) or one row (select_one) by one id, a case's or a meeting's, say.
 */
#define SELECT_ALL_BY_ID(q, id, a, r, out, n)                                                                \
    select_all(s, __func__, (q), (const struct bp_param[]){p_int(id)}, 1, (a), sizeof(**(out)), (r),         \
               (void **)(out), (n))
#define SELECT_ONE_BY_ID(q, id, a, r, out, missing)                                                          \
    select_one(s, __func__, (q), (const struct bp_param[]){p_int(id)}, 1, (a), sizeof(*(out)), (r), (out),   \
               (missing))

/* ---- several ids at once (issue 12 item 2) ----
 * A list read for many cases (or meetings) in one statement: its first column is the id the row belongs
 * to, then the one-id list's columns; WHERE ... IN IDS_IN takes BP_BATCH_IDS parameters (the unused ones
 * 0, which no row has) and ORDER BY puts the id first, then the one-id list's order. */
#define BP_BATCH_IDS 100
#define IDS_10_      "?, ?, ?, ?, ?, ?, ?, ?, ?, ?"
#define IDS_IN                                                                                               \
    "(" IDS_10_ ", " IDS_10_ ", " IDS_10_ ", " IDS_10_ ", " IDS_10_ ", " IDS_10_ ", " IDS_10_ ", " IDS_10_   \
    ", " IDS_10_ ", " IDS_10_ ")"

/* A list by one id and the same list for many ids, from one description so that the two cannot drift apart:
 * q selects cols_from (the columns and the FROM clause) WHERE key = ? ORDER BY order; q_many, for
 * select_grouped, selects key first, WHERE key IN IDS_IN, ORDER BY key and then order. */
#define LIST_AND_MANY(q, q_many, cols_from, key, order)                                                      \
    static struct bp_sql q = {"SELECT " cols_from " WHERE " key " = ? ORDER BY " order};                     \
    static struct bp_sql q_many = {"SELECT " key ", " cols_from " WHERE " key " IN " IDS_IN " ORDER BY " key \
                                   ", " order}

/* Runs q for ids (any number, BP_BATCH_IDS per statement) and reads each row with r into out[i], n_out[i]
 * for the ids[i] its first column names, in the rows' order; at most per_id of them (0: all). An id with
 * no rows gets NULL and 0; one given twice gets the same rows both times. On failure every id gets NULL
 * and 0. */
static inline enum bp_err select_grouped(struct bp_store *s, const char *op, struct bp_sql *q,
                                         const int64_t *ids, size_t n, struct bp_arena *a, size_t size,
                                         const struct row *r, size_t per_id, void **out, size_t *n_out)
{
    struct bp_param params[BP_BATCH_IDS];
    enum bp_err err = BP_OK;
    size_t start, i, j;
    if (size != r->size)
        BUG("%s: the row reader is for items of %zu bytes, not %zu", op, r->size, size);
    for (i = 0; i < n; i++) {
        out[i] = NULL;
        n_out[i] = 0;
    }
    for (start = 0; start < n && !err; start += BP_BATCH_IDS) {
        size_t m = n - start < BP_BATCH_IDS ? n - start : BP_BATCH_IDS, k = start;
        struct bp_rows rows;
        size_t *at, *filled;
        for (j = 0; j < BP_BATCH_IDS; j++)
            params[j] = p_int(j < m ? ids[start + j] : 0);
        if ((err = run(s, op, q, params, BP_BATCH_IDS, a, &rows)))
            break;
        at = bp_arena_alloc(a, (rows.nrows + 1) * sizeof(*at));
        filled = bp_arena_alloc(a, m * sizeof(*filled));
        for (i = 0; i < rows.nrows && !err;
             i++) { /* whose row it is; rows come grouped, so k is mostly right */
            struct cursor c = cursor_at(&rows, i);
            int64_t id = c_int(&c);
            if (c.bad) {
                err = bad_row(s, op, &c);
                break;
            }
            if (ids[k] != id)
                for (k = start; k < start + m && ids[k] != id; k++)
                    ;
            if (k == start + m) {
                err = set_error(s, BP_ERR_STORAGE, op, "a row of an id not asked for");
                break;
            }
            at[i] = per_id && n_out[k] >= per_id ? SIZE_MAX : k;
            if (at[i] != SIZE_MAX)
                n_out[k]++;
        }
        for (k = start; k < start + m && !err; k++)
            if (n_out[k])
                out[k] = bp_arena_alloc(a, n_out[k] * size);
        for (i = 0; i < rows.nrows && !err; i++) {
            struct cursor c = cursor_at(&rows, i);
            if ((k = at[i]) == SIZE_MAX)
                continue;
            c.col = 1;
            read_row(&c, r, (char *)out[k] + filled[k - start]++ * size);
            if (c.bad)
                err = bad_row(s, op, &c);
        }
    }
    for (i = 0; i < n; i++) {
        if (err) { /* nothing half read is handed out */
            out[i] = NULL;
            n_out[i] = 0;
        }
        for (j = 0; j < i && !n_out[i] && !err; j++) /* an id given twice: its rows went to the first */
            if (ids[j] == ids[i]) {
                out[i] = out[j];
                n_out[i] = n_out[j];
            }
    }
    return err;
}
#define SELECT_GROUPED(q, ids, n, a, r, per_id, out, n_out)                                                  \
    select_grouped(s, __func__, (q), (ids), (n), (a), sizeof(**(out)), (r), (per_id), (void **)(out), (n_out))

/* A date parameter; an invalid (zero) date is NULL. */
static inline struct bp_param p_date(struct bp_date d, char buf[static 11])
{
    if (!bp_date_valid(d.y, d.m, d.d))
        return p_text(NULL);
    bp_date_format(d, buf);
    return p_text(buf);
}

/* For the few operations of several statements: their own transaction unless the caller has one. */
static inline enum bp_err begin_own(struct bp_store *s, bool *own)
{
    *own = !s->in_tx;
    return *own ? bp_store_begin(s) : BP_OK;
}

static inline enum bp_err end_own(struct bp_store *s, bool own, enum bp_err err)
{
    if (!own)
        return err;
    if (err) {
        bp_store_rollback(s);
        return err;
    }
    return bp_store_commit(s);
}

#endif
