/* store_backup.c: backup and restore's storage side (store.h; issue 11 item 7): the online copy and the
 * checks through the driver (sqlite.c), and the file a restore fills and moves into place. Knows SQLite's
 * files (the database, its -wal and -shm, Barnplan's -writelock) but no table. Never leaves a temporary
 * file of a restore behind, whatever the ending short of kill -9; never prints. */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <signal.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>
#include "storage/store_impl.h"
#include "util/stop_signals.h"

/* The byte of the -shm file every SQLite connection to a WAL database holds a shared lock on while it is
 * open (the "DMS" lock; https://sqlite.org/walformat.html, 2.3.2). */
#define SHM_DMS_BYTE 128

enum bp_err bp_store_copy(struct bp_store *s, struct bp_store_copy *to)
{
    enum bp_err err;
    if (s->in_tx)
        BUG("bp_store_copy inside a transaction");
    if (!s->drv->copy)
        return set_error(s, BP_ERR_INVALID, __func__,
                         "this backend has no online copy: use pg_basebackup and WAL archiving");
    if ((err = s->drv->copy(s->conn, to)) != BP_OK)
        return set_error(s, err, __func__, s->drv->errmsg(s->conn));
    return BP_OK;
}

enum bp_err bp_store_verify(struct bp_store *s, char *problem, size_t problem_len)
{
    enum bp_err err;
    problem[0] = '\0';
    if (!s->drv->verify)
        return set_error(s, BP_ERR_INVALID, __func__, "this backend has no integrity check here");
    if ((err = s->drv->verify(s->conn, problem, problem_len)) != BP_OK)
        return set_error(s, err, __func__, s->drv->errmsg(s->conn));
    return BP_OK;
}

/* The files of the restore under way, for bp_restore_file_abandon: written while the termination signals are
 * blocked around the temporary file's creation, emptied once it is placed or removed. Signal handlers read
 * them: plain arrays, no allocation. */
static char abandon_paths[4][4200];
static volatile sig_atomic_t abandon_armed;

struct bp_restore_file {
    char target[4096];
    char tmp[4096];
    char url[4104];
    int fd;
    bool placed;
};

/* PATH plus a suffix into out; false when it does not fit. */
static bool with_suffix(char *out, size_t n, const char *path, const char *suffix)
{
    return (size_t)snprintf(out, n, "%s%s", path, suffix) < n;
}

/* Names the temporary file and its side files for bp_restore_file_abandon. */
static void arm(const char *tmp)
{
    static const char *const suffixes[] = {"", "-wal", "-shm", "-writelock"};
    size_t i;
    for (i = 0; i < BP_ARRAY_LEN(suffixes); i++)
        with_suffix(abandon_paths[i], sizeof(abandon_paths[i]), tmp, suffixes[i]);
    abandon_armed = 1;
}

void bp_restore_file_abandon(void)
{
    size_t i;
    if (!abandon_armed)
        return;
    for (i = 0; i < BP_ARRAY_LEN(abandon_paths); i++)
        if (abandon_paths[i][0])
            unlink(abandon_paths[i]);
}

/* Removes PATH's -wal, -shm and -writelock (what SQLite and sqlite.c leave beside a database). */
static void remove_side_files(const char *path)
{
    static const char *const sides[] = {"-wal", "-shm", "-writelock"};
    char side[4200];
    size_t i;
    for (i = 0; i < BP_ARRAY_LEN(sides); i++)
        if (with_suffix(side, sizeof(side), path, sides[i]))
            unlink(side);
}

enum bp_err bp_restore_file_new(const char *target, struct bp_restore_file **out, char *err, size_t errlen)
{
    struct bp_restore_file *f = bp_xcalloc(1, sizeof(*f));
    char dir[4096], base[4096];
    sigset_t was;
    *out = NULL;
    f->fd = -1;
    /* ".NAME.restore-XXXXXX" in the target's folder, so that the last step is one rename */
    if (!*target || !with_suffix(f->target, sizeof(f->target), target, "") ||
        !with_suffix(dir, sizeof(dir), target, "") || !with_suffix(base, sizeof(base), target, "") ||
        (size_t)snprintf(f->tmp, sizeof(f->tmp), "%s/.%s.restore-XXXXXX", dirname(dir), basename(base)) +
                16 >=
            sizeof(f->tmp)) {
        snprintf(err, errlen, "no target path, or too long a one");
        free(f);
        return BP_ERR_INVALID;
    }
    /* Ctrl-C between mkstemp and arm would leave the file unnamed to the handler: the termination signals
     * wait until it is armed (the CLI is single-threaded) */
    bp_stop_signals_hold(&was);
    if ((f->fd = mkstemp(f->tmp)) < 0) { /* mode 0600 */
        int e = errno;
        bp_stop_signals_release(&was);
        snprintf(err, errlen, "cannot create a file beside %s: %s", target, strerror(e));
        free(f);
        return BP_ERR_INVALID;
    }
    arm(f->tmp);
    bp_stop_signals_release(&was);
    snprintf(f->url, sizeof(f->url), "sqlite:%s", f->tmp);
    *out = f;
    return BP_OK;
}

enum bp_err bp_restore_file_write(struct bp_restore_file *f, const void *data, size_t n)
{
    const unsigned char *p = data;
    while (n) {
        ssize_t w = write(f->fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return BP_ERR_INTERNAL;
        p += w;
        n -= (size_t)w;
    }
    return BP_OK;
}

const char *bp_restore_file_url(const struct bp_restore_file *f)
{
    return f->url;
}

/* Whether a process has the database at path open: SQLite holds a shared lock on the DMS byte of its -shm
 * file for as long as a connection is open (a running server's workers always are). */
static bool in_use(const char *path)
{
    char shm[4200];
    struct flock l = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = SHM_DMS_BYTE, .l_len = 1};
    int fd;
    bool used;
    if (!with_suffix(shm, sizeof(shm), path, "-shm") || (fd = open(shm, O_RDONLY | O_CLOEXEC)) < 0)
        return false;
    used = fcntl(fd, F_GETLK, &l) == 0 && l.l_type != F_UNLCK;
    close(fd);
    return used;
}

/* Syncs the folder that holds path, so that a rename in it survives a power cut. */
static bool sync_dir(const char *path)
{
    char copy[4096];
    int fd;
    bool ok;
    if (!with_suffix(copy, sizeof(copy), path, ""))
        return false;
    if ((fd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
        return false;
    ok = fsync(fd) == 0;
    close(fd);
    return ok;
}

enum bp_err bp_restore_file_place(struct bp_restore_file *f, bool force, char *err, size_t errlen)
{
    struct stat st;
    bool exists = lstat(f->target, &st) == 0;
    if (exists && !force) {
        snprintf(err, errlen, "%s exists: restore replaces a database only with --force", f->target);
        return BP_ERR_CONFLICT;
    }
    if (exists && in_use(f->target)) {
        snprintf(err, errlen, "%s is open in another process (a running server?): stop it first", f->target);
        return BP_ERR_CONFLICT;
    }
    if (fsync(f->fd) != 0) {
        snprintf(err, errlen, "cannot sync the restored database: %s", strerror(errno));
        return BP_ERR_INTERNAL;
    }
    remove_side_files(f->tmp);
    remove_side_files(f->target); /* the old database's log must never be replayed onto the new one */
    if (rename(f->tmp, f->target) != 0) {
        snprintf(err, errlen, "cannot move the restored database into place: %s", strerror(errno));
        return BP_ERR_INTERNAL;
    }
    f->placed = true;
    abandon_armed = 0;
    if (!sync_dir(f->target)) {
        snprintf(err, errlen, "the restored database is in place, but its folder could not be synced: %s",
                 strerror(errno));
        return BP_ERR_INTERNAL;
    }
    return BP_OK;
}

void bp_restore_file_free(struct bp_restore_file *f)
{
    if (!f)
        return;
    if (f->fd >= 0)
        close(f->fd);
    if (!f->placed) {
        unlink(f->tmp);
        remove_side_files(f->tmp);
    }
    abandon_armed = 0;
    free(f);
}
