/* audit_writer.c: the audit writer (issue 12 item 1). On SQLite, where one connection writes at a time, the
 * HTTP workers do not take turns at the write lock for their reads' audit entries: each sends its batch over
 * a Unix socket to this one process, which owns the write connection, commits the batches of every worker
 * that arrived together in one transaction (one fsync for all) and answers each batch with one byte: 'k' when
 * it is durable, 'f' when the commit failed. A worker answers its waiting reads only then
 * (docs/architecture.md, "Request lifecycle"). The socket is the master's (cli/serve.c), in Linux's abstract
 * namespace; a peer that is not this user is cut off at once. */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <sys/socket.h>
#include <unistd.h>
#include "domain/audit_wire.h"
#include "jobs/jobs.h"

enum { MAX_CLIENTS = 256 }; /* the workers, with room for those a restart replaces */

struct client {
    int fd;
    struct bp_buf in; /* what arrived and is not yet a whole frame */
    size_t frames;    /* whole frames taken from it this round, each owed one byte */
};

static struct client clients[MAX_CLIENTS];
static size_t n_clients;

static void drop(size_t i)
{
    close(clients[i].fd);
    bp_buf_release(&clients[i].in);
    clients[i] = clients[--n_clients];
}

static void take(int listen_fd)
{
    for (;;) {
        struct ucred cred;
        socklen_t len = sizeof(cred);
        int fd = accept4(listen_fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0)
            return;
        if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) != 0 || cred.uid != geteuid() ||
            n_clients == MAX_CLIENTS) {
            close(fd);
            continue;
        }
        clients[n_clients].fd = fd;
        bp_buf_init(&clients[n_clients].in, 4 + BP_AUDIT_WIRE_MAX_FRAME + 65536);
        clients[n_clients].frames = 0;
        n_clients++;
    }
}

/* Reads what a client sent, as much as its buffer holds: the rest waits in the socket until this round's
 * whole frames are taken (the buffer holds a whole frame and more, so it never fills with one unfinished
 * frame). False when the client has gone. */
static bool receive(struct client *c)
{
    char chunk[65536];
    for (;;) {
        size_t room = c->in.max - c->in.len;
        ssize_t got;
        if (room == 0)
            return true;
        got = read(c->fd, chunk, room < sizeof(chunk) ? room : sizeof(chunk));
        if (got > 0) {
            bp_buf_add(&c->in, chunk, (size_t)got);
            continue;
        }
        return got < 0 && (errno == EAGAIN || errno == EINTR);
    }
}

/* Every whole frame of every client into one list; a client whose frame is malformed is cut off. */
static void collect(struct bp_arena *a, struct bp_audit **all, size_t *n_all, size_t *cap)
{
    size_t i = 0;
    while (i < n_clients) {
        struct client *c = &clients[i];
        size_t off = 0, used, n;
        struct bp_audit *entries;
        enum bp_audit_wire_rc rc;
        c->frames = 0;
        while ((rc = bp_audit_wire_decode(a, c->in.data + off, c->in.len - off, &entries, &n, &used)) ==
               BP_AUDIT_WIRE_OK) {
            if (!*all || *n_all + n > *cap) {
                struct bp_audit *more;
                *cap = (*n_all + n) * 2;
                more = bp_arena_alloc(a, *cap * sizeof(*more));
                if (*n_all)
                    memcpy(more, *all, *n_all * sizeof(*more));
                *all = more;
            }
            memcpy(*all + *n_all, entries, n * sizeof(*entries));
            *n_all += n;
            off += used;
            c->frames++;
        }
        if (rc == BP_AUDIT_WIRE_BAD) {
            fprintf(stderr, "barnplan: audit writer: a worker sent a malformed batch; it is cut off\n");
            drop(i); /* its frames of this round are then committed without an answer: it fails them (503) */
            continue;
        }
        if (off) { /* keep the unfinished rest */
            memmove(c->in.data, c->in.data + off, c->in.len - off);
            c->in.len -= off;
        }
        i++;
    }
}

/* One byte per frame taken, in the order they came. */
static void answer(char byte)
{
    size_t i = 0;
    char bytes[256];
    memset(bytes, byte, sizeof(bytes));
    while (i < n_clients) {
        size_t left = clients[i].frames;
        bool gone = false;
        while (left > 0 && !gone) {
            ssize_t put = write(clients[i].fd, bytes, left < sizeof(bytes) ? left : sizeof(bytes));
            if (put > 0)
                left -= (size_t)put;
            else if (!(put < 0 && errno == EINTR))
                gone = true; /* a worker that does not read its answers is cut off; it fails what waits */
        }
        clients[i].frames = 0;
        if (gone)
            drop(i);
        else
            i++;
    }
}

int bp_audit_writer_run(const char *db_url, int listen_fd)
{
    struct bp_store *store;
    struct bp_arena a;
    struct pollfd fds[MAX_CLIENTS + 1];
    bool noted = false;
    int rc = bp_job_start("audit writer", db_url, &store);
    if (rc != 0)
        return rc;
    /* Ctrl-C reaches the whole process group: the writer stops only at the master's SIGTERM, after the
     * workers have finished the reads it commits for them (cli/serve.c, stop_children) */
    (void)signal(SIGINT, SIG_IGN);
    bp_arena_init(&a, 256 * 1024);
    while (!bp_job_stopping()) {
        struct bp_audit *all = NULL;
        size_t n_all = 0, cap = 0, i, n_fds;
        const char *why;
        fds[0] = (struct pollfd){.fd = listen_fd, .events = POLLIN};
        for (i = 0; i < n_clients; i++)
            fds[i + 1] = (struct pollfd){.fd = clients[i].fd, .events = POLLIN};
        n_fds = n_clients + 1;
        if (poll(fds, n_fds, 1000) <= 0)
            continue;
        for (i = n_fds - 1; i >= 1; i--) /* from the end: drop() moves the last client into the gap */
            if ((fds[i].revents & (POLLIN | POLLHUP | POLLERR)) && !receive(&clients[i - 1]))
                drop(i - 1);
        if (fds[0].revents & POLLIN)
            take(listen_fd);
        collect(&a, &all, &n_all, &cap);
        if (n_all > 0) {
            enum bp_err err = bp_uc_audit_commit(store, all, n_all);
            answer(err == BP_OK ? 'k' : 'f');
            if (err != BP_OK && !noted && (why = bp_app_writes_stopped(store))) {
                noted = true;
                fprintf(
                    stderr,
                    "barnplan: audit writer: writes stopped: the database reported an I/O error (%s); every "
                    "read is answered 503 until the server is restarted: check the disk first\n",
                    why);
            }
        }
        bp_arena_reset(&a);
    }
    while (n_clients)
        drop(0);
    bp_arena_release(&a);
    bp_app_store_close(store);
    return 0;
}
