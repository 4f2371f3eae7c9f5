/* shim.c: fault injection for the trust suite (issue 11 item 4; docs/trust.md section 4). A shared library
 * loaded with LD_PRELOAD into `barnplan serve` that fails the Nth call of one kind in the process that was
 * armed (a worker), and only that call:
 *   sqlite  sqlite3_step, sqlite3_prepare_v2, sqlite3_prepare_v3, sqlite3_exec return an error code
 *           (default SQLITE_IOERR) without running
 *   write   write, pwrite, pwrite64 on a regular file (the database, its -wal and -shm) return -1 with
 *           errno EIO (default) or the code given, e.g. ENOSPC; sockets and pipes are not counted
 *   fsync   fsync, fdatasync return -1 with errno EIO
 *   malloc  malloc, calloc, realloc return NULL with errno ENOMEM (calls from inside libc itself, which do
 *           not go through the PLT, are not counted)
 * Arming, without restarting the server: the driver writes "SEQ KIND N [CODE]" into the file named by
 * BP_FAULT_CTL and sends SIGUSR2 to the worker. The handler first reports the arming that ends, then reads
 * the new one and resets the counter; N = 0 only counts. The report goes to BP_FAULT_CTL.out, written
 * whole and renamed into place: "SEQ KIND COUNT FIRED" (FIRED 1 when the Nth call came and failed), where
 * SEQ is the new arming's, so that the driver knows the worker has it before it sends the request.
 * Only processes that got the signal count: the master and the other children never do.
 * Test code, built only in the dev build (tests/trust/fault.cmake); never linked into barnplan. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

enum kind { K_OFF, K_SQLITE, K_WRITE, K_FSYNC, K_MALLOC };
static const char *const kind_names[] = {"off", "sqlite", "write", "fsync", "malloc"};

static volatile sig_atomic_t armed_kind;
static volatile long target, counted, fired, code, seq;
static __thread int inside; /* our own calls (the handler's read) are not counted */
static char ctl_path[4000]; /* BP_FAULT_CTL, copied at load: getenv is not for signal handlers */

extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);

static void *next_fn(const char *name)
{
    return dlsym(RTLD_NEXT, name);
}

/* Whether this call of kind k is the one to fail. */
static int hit(enum kind k)
{
    if (armed_kind != (sig_atomic_t)k || inside)
        return 0;
    counted++;
    if (target > 0 && counted == target) {
        fired = 1;
        return 1;
    }
    return 0;
}

/* Whether this call of kind k fails, with errno set to e. */
static int fails_with(enum kind k, int e)
{
    if (!hit(k))
        return 0;
    errno = e;
    return 1;
}

/* ---- the handler: async-signal-safe only (open, read, write, rename, close) ---- */

static size_t put_long(char *p, long v)
{
    char tmp[24];
    size_t n = 0, i;
    unsigned long u = v < 0 ? (unsigned long)-v : (unsigned long)v;
    do {
        tmp[n++] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    i = 0;
    if (v < 0)
        p[i++] = '-';
    while (n)
        p[i++] = tmp[--n];
    return i;
}

static const char *parse_long(const char *p, long *out)
{
    long v = 0;
    int neg = 0;
    while (*p == ' ')
        p++;
    if (*p == '-') {
        neg = 1;
        p++;
    }
    if (*p < '0' || *p > '9')
        return NULL;
    while (*p >= '0' && *p <= '9')
        v = v * 10 + (*p++ - '0');
    *out = neg ? -v : v;
    return p;
}

static void on_arm(int sig)
{
    const char *ctl = ctl_path;
    char buf[128], out[4200], tmp[4200], line[128];
    const char *p;
    long s = 0, n = 0, c = 0;
    int fd, k, saved = errno;
    ssize_t r;
    size_t len, i;
    (void)sig;
    inside++;
    if (!ctl[0])
        goto done;
    fd = open(ctl, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        goto done;
    r = read(fd, buf, sizeof(buf) - 1);
    close(fd);
    if (r <= 0)
        goto done;
    buf[r] = '\0';
    if (!(p = parse_long(buf, &s)))
        goto done;
    while (*p == ' ')
        p++;
    for (k = 0; k < (int)(sizeof(kind_names) / sizeof(kind_names[0])); k++) {
        len = strlen(kind_names[k]);
        if (strncmp(p, kind_names[k], len) == 0 && (p[len] == ' ' || p[len] == '\n' || p[len] == '\0'))
            break;
    }
    if (k == (int)(sizeof(kind_names) / sizeof(kind_names[0])))
        goto done;
    p += strlen(kind_names[k]);
    if ((p = parse_long(p, &n)) != NULL && parse_long(p, &c) == NULL)
        c = 0;
    /* the report of the arming that ends, under the new sequence number */
    len = 0;
    len += put_long(line + len, s);
    line[len++] = ' ';
    memcpy(line + len, kind_names[armed_kind], strlen(kind_names[armed_kind]));
    len += strlen(kind_names[armed_kind]);
    line[len++] = ' ';
    len += put_long(line + len, counted);
    line[len++] = ' ';
    len += put_long(line + len, fired);
    line[len++] = '\n';
    armed_kind = K_OFF;
    target = n;
    code = c;
    counted = 0;
    fired = 0;
    seq = s;
    armed_kind = k;
    i = strlen(ctl);
    memcpy(out, ctl, i);
    memcpy(out + i, ".out", 5);
    memcpy(tmp, out, i + 4);
    memcpy(tmp + i + 4, ".tmp", 5);
    fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd >= 0) {
        (void)!write(fd, line, len);
        close(fd);
        rename(tmp, out);
    }
done:
    inside--;
    errno = saved;
}

__attribute__((constructor)) static void shim_init(void)
{
    struct sigaction sa;
    const char *ctl = getenv("BP_FAULT_CTL");
    if (!ctl || strlen(ctl) >= sizeof(ctl_path))
        return;
    memcpy(ctl_path, ctl, strlen(ctl) + 1);
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_arm;
    sa.sa_flags = SA_RESTART;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGUSR2, &sa, NULL);
}

/* ---- SQLite ---- */

typedef struct sqlite3 sqlite3;
typedef struct sqlite3_stmt sqlite3_stmt;
#define SHIM_SQLITE_IOERR 10

static int sqlite_code(void)
{
    return code ? (int)code : SHIM_SQLITE_IOERR;
}

int sqlite3_step(sqlite3_stmt *st)
{
    static int (*real)(sqlite3_stmt *);
    if (hit(K_SQLITE))
        return sqlite_code();
    if (!real)
        real = (int (*)(sqlite3_stmt *))next_fn("sqlite3_step");
    return real(st);
}

int sqlite3_prepare_v2(sqlite3 *db, const char *sql, int n, sqlite3_stmt **st, const char **tail)
{
    static int (*real)(sqlite3 *, const char *, int, sqlite3_stmt **, const char **);
    if (hit(K_SQLITE)) {
        if (st)
            *st = NULL;
        return sqlite_code();
    }
    if (!real)
        real = (int (*)(sqlite3 *, const char *, int, sqlite3_stmt **, const char **))next_fn(
            "sqlite3_prepare_v2");
    return real(db, sql, n, st, tail);
}

int sqlite3_prepare_v3(sqlite3 *db, const char *sql, int n, unsigned flags, sqlite3_stmt **st,
                       const char **tail)
{
    static int (*real)(sqlite3 *, const char *, int, unsigned, sqlite3_stmt **, const char **);
    if (hit(K_SQLITE)) {
        if (st)
            *st = NULL;
        return sqlite_code();
    }
    if (!real)
        real = (int (*)(sqlite3 *, const char *, int, unsigned, sqlite3_stmt **, const char **))next_fn(
            "sqlite3_prepare_v3");
    return real(db, sql, n, flags, st, tail);
}

int sqlite3_exec(sqlite3 *db, const char *sql, int (*cb)(void *, int, char **, char **), void *arg,
                 char **err)
{
    static int (*real)(sqlite3 *, const char *, int (*)(void *, int, char **, char **), void *, char **);
    if (hit(K_SQLITE)) {
        if (err)
            *err = NULL;
        return sqlite_code();
    }
    if (!real)
        real = (int (*)(sqlite3 *, const char *, int (*)(void *, int, char **, char **), void *,
                        char **))next_fn("sqlite3_exec");
    return real(db, sql, cb, arg, err);
}

/* ---- writes to files ---- */

static int regular_file(int fd)
{
    struct stat st;
    return fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
}

static int write_fails(int fd)
{
    if (armed_kind != K_WRITE || inside || !regular_file(fd))
        return 0;
    if (!hit(K_WRITE))
        return 0;
    errno = code ? (int)code : EIO;
    return 1;
}

ssize_t write(int fd, const void *buf, size_t n)
{
    static ssize_t (*real)(int, const void *, size_t);
    if (write_fails(fd))
        return -1;
    if (!real)
        real = (ssize_t(*)(int, const void *, size_t))next_fn("write");
    return real(fd, buf, n);
}

ssize_t pwrite(int fd, const void *buf, size_t n, off_t off)
{
    static ssize_t (*real)(int, const void *, size_t, off_t);
    if (write_fails(fd))
        return -1;
    if (!real)
        real = (ssize_t(*)(int, const void *, size_t, off_t))next_fn("pwrite");
    return real(fd, buf, n, off);
}

ssize_t pwrite64(int fd, const void *buf, size_t n, off64_t off)
{
    static ssize_t (*real)(int, const void *, size_t, off64_t);
    if (write_fails(fd))
        return -1;
    if (!real)
        real = (ssize_t(*)(int, const void *, size_t, off64_t))next_fn("pwrite64");
    return real(fd, buf, n, off);
}

/* ---- fsync ---- */

int fsync(int fd)
{
    static int (*real)(int);
    if (fails_with(K_FSYNC, EIO))
        return -1;
    if (!real)
        real = (int (*)(int))next_fn("fsync");
    return real(fd);
}

int fdatasync(int fd)
{
    static int (*real)(int);
    if (fails_with(K_FSYNC, EIO))
        return -1;
    if (!real)
        real = (int (*)(int))next_fn("fdatasync");
    return real(fd);
}

/* ---- memory ---- */

void *malloc(size_t n)
{
    if (fails_with(K_MALLOC, ENOMEM))
        return NULL;
    return __libc_malloc(n);
}

void *calloc(size_t n, size_t size)
{
    if (fails_with(K_MALLOC, ENOMEM))
        return NULL;
    return __libc_calloc(n, size);
}

void *realloc(void *p, size_t n)
{
    if (fails_with(K_MALLOC, ENOMEM))
        return NULL;
    return __libc_realloc(p, n);
}
