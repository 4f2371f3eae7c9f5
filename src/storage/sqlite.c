/* sqlite.c: the SQLite driver behind driver.h. One connection per store; several processes (the
 * server's workers) share one file, so it runs in WAL mode, takes the write lock at BEGIN IMMEDIATE and
 * waits out SQLITE_BUSY with a busy timeout. Before BEGIN IMMEDIATE, writers queue on flock() of a
 * lock file beside the database: the kernel wakes the next writer the moment the lock is free, where
 * SQLite's busy handler would sleep and poll (measured: two workers got fewer commits through than one). Must
 * not know Barnplan's tables (store.c does) and must not put row data in error messages. */
#include <errno.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>
#include <sqlite3.h>
#include "util/common.h"
#include "storage/driver.h"
#include "storage/store.h" /* struct bp_store_copy */

#define BUSY_TIMEOUT_MS 5000
#define COPY_READ       (256 * 1024) /* bytes read of a copy at a time */

/* A prepared statement. rowid: an INSERT of one row prepared without its "RETURNING id"
 * (without_returning_id); the query answers the row sqlite3_last_insert_rowid names. */
struct stmt {
    sqlite3_stmt *st;
    bool rowid;
};

struct bp_conn {
    sqlite3 *db;
    int lock_fd; /* PATH-writelock, flock()ed around write transactions; -1 for :memory: */
    bool locked;
    sqlite3_stmt *begin, *commit, *rollback; /* prepared once: sqlite3_exec would parse them every time */
    sqlite3_stmt *begin_read;                /* BEGIN (DEFERRED): a read transaction */
    struct stmt *stmts; /* indexed by bp_sql slot; prepared once, kept for the connection's life */
    size_t nstmts;
    char errmsg[512];
    char stopped[96]; /* why writes stopped (an fsync or commit I/O error, codes only); "" while they go on */
};

/* The fsync rule (docs/architecture.md): after an fsync fails, or any I/O error on COMMIT, the kernel may
 * already have dropped the pages it could not write while marking them clean, so a later fsync that
 * succeeds proves nothing (PostgreSQL's "fsyncgate", 2018). The connection then refuses every write,
 * every BEGIN and every statement that is not read-only, until the process is restarted. */
static void stop_writes_on_io_error(struct bp_conn *c, int rc, bool on_commit)
{
    if (c->stopped[0] || !(rc == SQLITE_IOERR_FSYNC || rc == SQLITE_IOERR_DIR_FSYNC ||
                           (on_commit && (rc & 0xff) == SQLITE_IOERR)))
        return;
    snprintf(c->stopped, sizeof(c->stopped), "sqlite: %s [%d]%s", sqlite3_errstr(rc), rc,
             on_commit ? " on commit" : "");
}

static enum bp_err refuse_if_stopped(struct bp_conn *c)
{
    if (!c->stopped[0])
        return BP_OK;
    snprintf(c->errmsg, sizeof(c->errmsg), "sqlite: writes stopped after an I/O error (%s)", c->stopped);
    return BP_ERR_STORAGE;
}

/* Records the error and maps it. SQLite's own text is kept only for the classes where it names a
 * constraint, column or SQL token (values are always bound, so they never appear there). */
static enum bp_err fail(struct bp_conn *c, int rc)
{
    int primary = rc & 0xff;
    stop_writes_on_io_error(c, rc, false);
    if (primary == SQLITE_CONSTRAINT || primary == SQLITE_ERROR)
        snprintf(c->errmsg, sizeof(c->errmsg), "sqlite: %s [%d]: %s", sqlite3_errstr(rc), rc,
                 sqlite3_errmsg(c->db));
    else
        snprintf(c->errmsg, sizeof(c->errmsg), "sqlite: %s [%d]", sqlite3_errstr(rc), rc);
    if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY)
        return BP_ERR_CONFLICT;
    if (rc == SQLITE_CONSTRAINT_FOREIGNKEY)
        return BP_ERR_NOT_FOUND;
    return BP_ERR_STORAGE;
}

static int journal_mode_row(void *arg, int ncols, char **values, char **names)
{
    char *mode = arg;
    if (ncols == 1 && values[0])
        snprintf(mode, 16, "%s", values[0]);
    return 0;
}

/* Whether sqlite3_config has run in this process (see sqlite_open). */
static bool sqlite_configured;

static enum bp_err sqlite_open(const char *path, struct bp_conn **out, char *errmsg, size_t errlen)
{
    struct bp_conn *c = NULL;
    enum bp_err err = BP_ERR_STORAGE;
    char mode[16] = "";
    bool in_memory;
    int rc;

    *out = NULL;
    if (!*path) {
        snprintf(errmsg, errlen, "sqlite: the URL names no file (sqlite:PATH)");
        err = BP_ERR_INVALID;
        goto out;
    }
    in_memory = strcmp(path, ":memory:") == 0;
    if (!in_memory) {
        /* The file holds personal data: create it readable by its owner only. SQLite gives the -wal
         * and -shm files the database file's permissions. */
        int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
        if (fd >= 0)
            close(fd);
    }
    /* No count of SQLite's memory: the count takes a mutex around every allocation, and nothing reads it.
     * Only before SQLite's first use in this process (the master's first open; forked workers inherit it). */
    if (!sqlite_configured) {
        sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
        sqlite_configured = true;
    }
    c = bp_xcalloc(1, sizeof(*c));
    c->lock_fd = -1;
    if (!in_memory) {
        char lock_path[4096];
        if ((size_t)snprintf(lock_path, sizeof(lock_path), "%s-writelock", path) >= sizeof(lock_path)) {
            snprintf(errmsg, errlen, "sqlite: the path is too long");
            goto out;
        }
        c->lock_fd = open(lock_path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
        if (c->lock_fd < 0) {
            snprintf(errmsg, errlen, "sqlite: cannot open the write lock file: %s", strerror(errno));
            goto out;
        }
    }
    rc =
        sqlite3_open_v2(path, &c->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc != SQLITE_OK) {
        snprintf(errmsg, errlen, "sqlite: cannot open the database: %s", sqlite3_errstr(rc));
        goto out;
    }
    sqlite3_extended_result_codes(c->db, 1);
    sqlite3_busy_timeout(c->db, BUSY_TIMEOUT_MS);
    sqlite3_db_config(c->db, SQLITE_DBCONFIG_DEFENSIVE, 1, (int *)NULL);
    /* WAL lets readers in other processes run beside the one writer; synchronous=FULL syncs the WAL at
     * every commit, so an acknowledged write survives a power cut. */
    rc = sqlite3_exec(c->db, "PRAGMA journal_mode = WAL", journal_mode_row, mode, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_exec(c->db,
                          "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA trusted_schema = OFF; "
                          "PRAGMA secure_delete = ON;",
                          NULL, NULL, NULL);
    if (rc != SQLITE_OK) {
        fail(c, rc);
        snprintf(errmsg, errlen, "%s", c->errmsg);
        goto out;
    }
    /* reads through a memory map instead of pread() for every page another worker's commit made stale */
    sqlite3_exec(c->db, "PRAGMA mmap_size = 268435456", NULL, NULL, NULL);
    if ((rc = sqlite3_prepare_v3(c->db, "BEGIN IMMEDIATE", -1, SQLITE_PREPARE_PERSISTENT, &c->begin, NULL)) !=
            SQLITE_OK ||
        (rc = sqlite3_prepare_v3(c->db, "BEGIN", -1, SQLITE_PREPARE_PERSISTENT, &c->begin_read, NULL)) !=
            SQLITE_OK ||
        (rc = sqlite3_prepare_v3(c->db, "COMMIT", -1, SQLITE_PREPARE_PERSISTENT, &c->commit, NULL)) !=
            SQLITE_OK ||
        (rc = sqlite3_prepare_v3(c->db, "ROLLBACK", -1, SQLITE_PREPARE_PERSISTENT, &c->rollback, NULL)) !=
            SQLITE_OK) {
        fail(c, rc);
        snprintf(errmsg, errlen, "%s", c->errmsg);
        goto out;
    }
    if (!in_memory && strcmp(mode, "wal") != 0) {
        snprintf(errmsg, errlen, "sqlite: the database cannot use WAL mode (it is in %s mode)", mode);
        goto out;
    }
    *out = c;
    c = NULL;
    err = BP_OK;
out:
    if (c) {
        sqlite3_finalize(c->begin);
        sqlite3_finalize(c->begin_read);
        sqlite3_finalize(c->commit);
        sqlite3_finalize(c->rollback);
        sqlite3_close(c->db);
        if (c->lock_fd >= 0)
            close(c->lock_fd);
        free(c);
    }
    return err;
}

static void sqlite_close(struct bp_conn *c)
{
    size_t i;
    if (!c)
        return;
    for (i = 0; i < c->nstmts; i++)
        sqlite3_finalize(c->stmts[i].st);
    free(c->stmts);
    sqlite3_finalize(c->begin);
    sqlite3_finalize(c->begin_read);
    sqlite3_finalize(c->commit);
    sqlite3_finalize(c->rollback);
    /* Keeps the query planner's statistics current, as SQLite recommends at close: a write, so not once
     * writes have stopped (the fsync rule). */
    if (!c->stopped[0])
        sqlite3_exec(c->db, "PRAGMA optimize", NULL, NULL, NULL);
    sqlite3_close(c->db);
    if (c->lock_fd >= 0)
        close(c->lock_fd);
    free(c);
}

static enum bp_err sqlite_exec_script(struct bp_conn *c, const char *sql)
{
    int rc;
    if (refuse_if_stopped(c) != BP_OK)
        return BP_ERR_STORAGE;
    rc = sqlite3_exec(c->db, sql, NULL, NULL, NULL);
    if (rc != SQLITE_OK)
        return fail(c, sqlite3_extended_errcode(c->db));
    return BP_OK;
}

/* Runs one of the prepared transaction statements. */
static int step_control(sqlite3_stmt *st)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

static void write_unlock(struct bp_conn *c)
{
    if (c->locked) {
        flock(c->lock_fd, LOCK_UN);
        c->locked = false;
    }
}

/* Queues for the write lock file (see the top of the file). */
static enum bp_err write_lock(struct bp_conn *c)
{
    if (c->lock_fd >= 0 && !c->locked) {
        while (flock(c->lock_fd, LOCK_EX) != 0) {
            if (errno != EINTR) {
                snprintf(c->errmsg, sizeof(c->errmsg), "sqlite: write lock: %s", strerror(errno));
                return BP_ERR_STORAGE;
            }
        }
        c->locked = true;
    }
    return BP_OK;
}

/* A read transaction: the first read takes the WAL snapshot and the later ones keep it, instead of a read
 * lock taken and let go by every statement. COMMIT ends it (nothing to write). */
static enum bp_err sqlite_read_begin(struct bp_conn *c)
{
    return step_control(c->begin_read) == SQLITE_OK ? BP_OK : fail(c, sqlite3_extended_errcode(c->db));
}

static void sqlite_read_end(struct bp_conn *c)
{
    if (step_control(c->commit) != SQLITE_OK)
        step_control(c->rollback);
}

static enum bp_err sqlite_begin(struct bp_conn *c)
{
    enum bp_err err;
    if ((err = refuse_if_stopped(c)) != BP_OK || (err = write_lock(c)) != BP_OK)
        return err;
    /* IMMEDIATE takes the write lock now (waiting up to the busy timeout), so a transaction never fails
     * half-way because another process wrote first. */
    err = step_control(c->begin) == SQLITE_OK ? BP_OK : fail(c, sqlite3_extended_errcode(c->db));
    if (err)
        write_unlock(c);
    return err;
}

static void sqlite_rollback(struct bp_conn *c)
{
    if (!sqlite3_get_autocommit(c->db))
        step_control(c->rollback);
    write_unlock(c);
}

static enum bp_err sqlite_commit(struct bp_conn *c)
{
    int rc = step_control(c->commit); /* extended codes (sqlite3_extended_result_codes at open) */
    enum bp_err err = BP_OK;
    if (rc != SQLITE_OK) {
        stop_writes_on_io_error(c, rc, true);
        err = fail(c, rc);
        sqlite_rollback(c);
    }
    write_unlock(c);
    return err;
}

/* "INSERT INTO ... VALUES (...) RETURNING id" of one row: SQLite runs a RETURNING clause as a trigger, and a
 * statement with a trigger keeps a statement journal inside a transaction (a copy of every page it changes,
 * allocated and freed per statement); sqlite3_last_insert_rowid gives the same id without it. Returns the
 * length of the statement without " RETURNING id", or 0 for every other statement (an upsert's or an
 * INSERT ... SELECT's ids are not the last rowid). */
static size_t without_returning_id(const char *sql)
{
    static const char tail[] = " RETURNING id";
    size_t n = strlen(sql), t = sizeof(tail) - 1;
    if (strncmp(sql, "INSERT INTO ", 12) != 0 || n <= t || strcmp(sql + n - t, tail) != 0 ||
        strstr(sql, " SELECT ") || strstr(sql, "), (") || strstr(sql, " ON CONFLICT"))
        return 0;
    return n - t;
}

static struct stmt *prepared(struct bp_conn *c, struct bp_sql *q, int *rc)
{
    size_t slot = (size_t)bp_sql_slot(q), cut;
    struct stmt *p;
    if (slot >= c->nstmts) {
        size_t n = slot + 32;
        c->stmts = bp_xrealloc(c->stmts, n * sizeof(*c->stmts));
        memset(c->stmts + c->nstmts, 0, (n - c->nstmts) * sizeof(*c->stmts));
        c->nstmts = n;
    }
    p = &c->stmts[slot];
    if (!p->st) {
        cut = without_returning_id(q->text);
        *rc =
            sqlite3_prepare_v3(c->db, q->text, cut ? (int)cut : -1, SQLITE_PREPARE_PERSISTENT, &p->st, NULL);
        if (*rc != SQLITE_OK)
            return NULL;
        p->rowid = cut > 0;
    }
    *rc = SQLITE_OK;
    return p;
}

/* An integer cell as decimal text in a (what sqlite3_column_text gives for it). */
static const char *int_cell(struct bp_arena *a, int64_t v)
{
    char buf[24], *p = buf + sizeof(buf) - 1;
    uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
    *p = '\0';
    do
        *--p = (char)('0' + u % 10);
    while ((u /= 10) != 0);
    if (v < 0)
        *--p = '-';
    return bp_arena_strndup(a, p, (size_t)(buf + sizeof(buf) - 1 - p));
}

static enum bp_err sqlite_query(struct bp_conn *c, struct bp_sql *q, const struct bp_param *params,
                                size_t nparams, struct bp_arena *a, struct bp_rows *rows)
{
    enum bp_err err = BP_OK;
    const char **cells = NULL;
    size_t ncells = 0, cap = 0, ncols, i;
    struct stmt *p;
    sqlite3_stmt *st;
    int rc;

    memset(rows, 0, sizeof(*rows));
    if (!(p = prepared(c, q, &rc)))
        return fail(c, rc);
    st = p->st;
    if (!sqlite3_stmt_readonly(st) && (err = refuse_if_stopped(c)) != BP_OK)
        return err;
    if ((size_t)sqlite3_bind_parameter_count(st) != nparams)
        BUG("statement has %d parameters, %zu given: %s", sqlite3_bind_parameter_count(st), nparams, q->text);
    for (i = 0; i < nparams && rc == SQLITE_OK; i++) {
        int idx = (int)i + 1;
        if (params[i].type == BP_PARAM_INT)
            rc = sqlite3_bind_int64(st, idx, params[i].i);
        else if (params[i].type == BP_PARAM_TEXT && params[i].s)
            rc = sqlite3_bind_text(st, idx, params[i].s, -1, SQLITE_STATIC); /* cleared below */
        else
            rc = sqlite3_bind_null(st, idx);
    }
    if (rc != SQLITE_OK) {
        err = fail(c, rc);
        goto out;
    }
    ncols = (size_t)sqlite3_column_count(st);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (ncells + ncols > cap) {
            cap = cap ? cap * 2 : 16 * (ncols ? ncols : 1);
            cells = bp_xrealloc(cells, cap * sizeof(*cells));
        }
        for (i = 0; i < ncols; i++) {
            const unsigned char *text;
            if (sqlite3_column_type(st, (int)i) == SQLITE_INTEGER) { /* the text SQLite would make, without
                                                                      * its allocation */
                cells[ncells++] = int_cell(a, sqlite3_column_int64(st, (int)i));
                continue;
            }
            text = sqlite3_column_text(st, (int)i);
            if (!text && sqlite3_errcode(c->db) == SQLITE_NOMEM)
                BUG("sqlite out of memory");
            cells[ncells++] =
                text ? bp_arena_strndup(a, (const char *)text, (size_t)sqlite3_column_bytes(st, (int)i))
                     : NULL;
        }
    }
    if (rc != SQLITE_DONE) {
        err = fail(c, rc);
        goto out;
    }
    if (p->rowid) { /* the row RETURNING id would have given */
        rows->ncols = 1;
        rows->nrows = sqlite3_changes(c->db) > 0;
        if (rows->nrows) {
            rows->cells = bp_arena_alloc(a, sizeof(*rows->cells));
            rows->cells[0] = bp_arena_printf(a, "%lld", (long long)sqlite3_last_insert_rowid(c->db));
        }
        goto out;
    }
    rows->ncols = ncols;
    rows->nrows = ncols ? ncells / ncols : 0;
    if (ncells) {
        rows->cells = bp_arena_alloc(a, ncells * sizeof(*cells));
        memcpy(rows->cells, cells, ncells * sizeof(*cells));
    }
out:
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    free(cells);
    return err;
}

static const char *sqlite_errmsg(const struct bp_conn *c)
{
    return c->errmsg;
}

/* PRAGMA wal_checkpoint(TRUNCATE): false when a reader in another process kept it from finishing. */
static enum bp_err checkpoint_truncate(struct bp_conn *c, bool *complete)
{
    int log = 0, done = 0;
    int rc = sqlite3_wal_checkpoint_v2(c->db, NULL, SQLITE_CHECKPOINT_TRUNCATE, &log, &done);
    *complete = rc == SQLITE_OK && log == 0;
    if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
        return BP_OK;
    return rc == SQLITE_OK ? BP_OK : fail(c, rc);
}

/* secure_delete (set at open) has already overwritten the deleted rows in the pages; VACUUM rewrites the
 * file without free pages, in memory rather than in a temporary file; the checkpoints move every page into
 * the file and truncate the -wal, which held the rows' earlier images. */
static enum bp_err sqlite_reclaim(struct bp_conn *c, const char *const *tables, size_t n, char *warning,
                                  size_t warning_len)
{
    enum bp_err err;
    bool first = false, second = false;
    int rc;
    (void)tables;
    (void)n;
    warning[0] = '\0';
    if ((err = refuse_if_stopped(c)) != BP_OK || (err = write_lock(c)) != BP_OK)
        return err;
    if ((err = checkpoint_truncate(c, &first)) == BP_OK) {
        rc = sqlite3_exec(c->db, "PRAGMA temp_store = MEMORY; VACUUM; PRAGMA temp_store = DEFAULT;", NULL,
                          NULL, NULL);
        err = rc == SQLITE_OK ? checkpoint_truncate(c, &second) : fail(c, sqlite3_extended_errcode(c->db));
    }
    write_unlock(c);
    if (err != BP_OK)
        return err;
    if (!second)
        snprintf(warning, warning_len,
                 "another process was reading the database, so its -wal file could not be emptied: run "
                 "`barnplan purge` again when the server is stopped");
    return BP_OK;
}

/* ---- the online copy (store.h's bp_store_copy; issue 11 item 7) ---- */

#define COPY_FIRST_STEP 256 /* pages per step at first (1 MiB at 4 KiB pages); doubled at each restart */
#define COPY_BUSY_TRIES 500 /* 10 ms apart: 5 s of a lock held elsewhere before giving up */

/* Copies the database into dst a step of pages at a time, reporting the pages done. A change by another
 * connection between two steps makes SQLite start over; each restart doubles the step, so that a busy server
 * cannot keep the copy from ending (at worst it is one step, one read transaction, like `.backup`). */
static enum bp_err copy_pages(struct bp_conn *c, sqlite3 *dst, struct bp_store_copy *to)
{
    sqlite3_backup *b = sqlite3_backup_init(dst, "main", c->db, "main");
    int step = to->step_pages > 0 ? to->step_pages : COPY_FIRST_STEP, busy = 0, rc, last_remaining = -1;
    if (!b)
        return fail(c, sqlite3_extended_errcode(dst));
    for (;;) {
        rc = sqlite3_backup_step(b, step);
        if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) {
            if (++busy > COPY_BUSY_TRIES)
                break;
            sqlite3_sleep(10);
            continue;
        }
        if (rc != SQLITE_OK && rc != SQLITE_DONE)
            break;
        if (rc == SQLITE_OK && last_remaining >= 0 && sqlite3_backup_remaining(b) >= last_remaining &&
            step > 0) {
            /* what remains did not fall: SQLite started over after another connection's write */
            step = step > INT32_MAX / 2 ? -1 : 2 * step;
            to->restarts++;
        }
        last_remaining = sqlite3_backup_remaining(b);
        if (to->progress)
            to->progress(to->arg, "copy",
                         (uint64_t)(sqlite3_backup_pagecount(b) - sqlite3_backup_remaining(b)),
                         (uint64_t)sqlite3_backup_pagecount(b));
        if (rc == SQLITE_DONE)
            break;
        if (to->pause_ms > 0)
            sqlite3_sleep(to->pause_ms);
    }
    sqlite3_backup_finish(b);
    return rc == SQLITE_DONE ? BP_OK : fail(c, rc);
}

/* Hands the copy's bytes, read from fd, to `to`. */
static enum bp_err copy_out(int fd, const struct bp_store_copy *to)
{
    struct stat st;
    uint64_t done = 0;
    enum bp_err err;
    unsigned char *buf;
    if (fstat(fd, &st) != 0 || lseek(fd, 0, SEEK_SET) != 0)
        return BP_ERR_INTERNAL;
    if ((err = to->begin(to->arg, (uint64_t)st.st_size)) != BP_OK)
        return err;
    buf = bp_xmalloc(COPY_READ);
    while (done < (uint64_t)st.st_size) {
        ssize_t r = read(fd, buf, COPY_READ);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0) {
            err = BP_ERR_INTERNAL;
            break;
        }
        if ((err = to->write(to->arg, buf, (size_t)r)) != BP_OK)
            break;
        done += (uint64_t)r;
        if (to->progress)
            to->progress(to->arg, "read", done, (uint64_t)st.st_size);
    }
    free(buf);
    return err;
}

static enum bp_err sqlite_copy(struct bp_conn *c, struct bp_store_copy *to)
{
    const char *path = sqlite3_db_filename(c->db, "main");
    char tmp[4096];
    sqlite3 *dst = NULL;
    enum bp_err err;
    int fd, rc;
    if (!path || !*path || (size_t)snprintf(tmp, sizeof(tmp), "%s.copy-XXXXXX", path) >= sizeof(tmp)) {
        snprintf(c->errmsg, sizeof(c->errmsg), "sqlite: a database in memory, or too long a path");
        return BP_ERR_INVALID;
    }
    if ((fd = mkstemp(tmp)) < 0) { /* mode 0600 */
        snprintf(c->errmsg, sizeof(c->errmsg), "sqlite: cannot create the copy beside the database: %s",
                 strerror(errno));
        return BP_ERR_STORAGE;
    }
    rc = sqlite3_open_v2(tmp, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
    unlink(tmp); /* from here on only the two descriptors know the copy */
    if (rc == SQLITE_OK)
        rc = sqlite3_exec(dst,
                          "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; "
                          "PRAGMA locking_mode = EXCLUSIVE;",
                          NULL, NULL, NULL);
    if (rc != SQLITE_OK) {
        snprintf(c->errmsg, sizeof(c->errmsg), "sqlite: cannot open the copy: %s", sqlite3_errstr(rc));
        err = BP_ERR_STORAGE;
    } else {
        err = copy_pages(c, dst, to);
    }
    if (sqlite3_close(dst) != SQLITE_OK && err == BP_OK)
        err = fail(c, SQLITE_ERROR);
    if (err == BP_OK)
        err = copy_out(fd, to);
    if (ftruncate(fd, 0) != 0 && err == BP_OK) /* the blocks go back at once, not at close */
        err = BP_ERR_INTERNAL;
    close(fd);
    return err;
}

/* The first line of a check's answer that is not "ok"; "" when every row is "ok" or there is none. */
static int check_row(void *arg, int ncols, char **values, char **names)
{
    char *problem = arg;
    int i;
    (void)names;
    if (problem[0] || (ncols == 1 && values[0] && strcmp(values[0], "ok") == 0))
        return 0;
    problem[0] = '\0';
    for (i = 0; i < ncols; i++) {
        size_t len = strlen(problem);
        snprintf(problem + len, 256 - len, "%s%s", i ? " " : "", values[i] ? values[i] : "NULL");
    }
    return 0;
}

/* integrity_check reads every page and index; foreign_key_check answers table, rowid, parent, key number:
 * no row data. */
static enum bp_err sqlite_verify(struct bp_conn *c, char *problem, size_t problem_len)
{
    static const char *const checks[] = {"PRAGMA integrity_check", "PRAGMA foreign_key_check"};
    char found[256];
    size_t i;
    problem[0] = '\0';
    for (i = 0; i < BP_ARRAY_LEN(checks); i++) {
        found[0] = '\0';
        if (sqlite3_exec(c->db, checks[i], check_row, found, NULL) != SQLITE_OK)
            return fail(c, sqlite3_extended_errcode(c->db));
        if (found[0]) {
            snprintf(problem, problem_len, "%s: %s", checks[i] + 7, found);
            return BP_OK;
        }
    }
    return BP_OK;
}

static const char *sqlite_stopped(const struct bp_conn *c)
{
    return c->stopped[0] ? c->stopped : NULL;
}

static struct bp_sql q_table_exists = {
    "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = ?"};

const struct bp_driver bp_driver_sqlite = {
    .name = "sqlite",
    BP_DRIVER_FUNCTIONS(sqlite),
    .read_begin = sqlite_read_begin,
    .read_end = sqlite_read_end,
    .copy = sqlite_copy,
    .verify = sqlite_verify,
    .migration_lock_sql = NULL, /* BEGIN IMMEDIATE already serialises writers */
    /* no fsync per commit; a page cache of 256 MiB so that the indexes' pages stay in memory; statement
     * journals in memory (in a long transaction they spill to a temporary file, two writes per page of
     * every INSERT) */
    .bulk_load_sql = "PRAGMA synchronous = OFF; PRAGMA cache_size = -262144; PRAGMA temp_store = MEMORY;",
    .table_exists = &q_table_exists,
};
