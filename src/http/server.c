/* server.c: the HTTP server on h2o. A master process opens the listening socket and forks one
 * worker per core; each worker has its own event loop, its own database connection and no shared
 * mutable state. A read's response waits for its audit entry: the entries of all requests handled
 * in one loop iteration are committed in one transaction (group commit), then the responses go out.
 * Must not log personal data: the access log has the route's name, never the path or the address. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <h2o.h>
#include <jansson.h>
#include <netinet/in.h>
#include <signal.h>
#include <strings.h>
#include <poll.h>
#include <stddef.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "http/http.h"
#include "domain/audit_wire.h"
#include "pdf/pdf.h"
#include "util/limits.h"

static h2o_globalconf_t h2o_config;
static h2o_context_t h2o_ctx;
static h2o_accept_ctx_t accept_ctx;
static struct bp_worker worker;
static volatile sig_atomic_t stopping;
static size_t in_flight;

/* What a connection is doing, as far as its timeouts go (issue 11 item 6; the configuration's
 * header_timeout, body_timeout, idle_timeout, send_timeout). h2o 2.2 keeps a request's bytes in the
 * socket's input until the request is whole, and what a response could not write yet in its write queue. */
enum conn_phase { PHASE_IDLE, PHASE_HEADERS, PHASE_BODY, PHASE_SENDING, PHASE_COUNT };
static const char *const phase_timeouts[PHASE_COUNT] = {"idle_timeout", "header_timeout", "body_timeout",
                                                        "send_timeout"};

/* Open connections, so that a stop can wait for the ones still sending a request, and the timeouts can
 * cut the idle and the slow ones. */
struct conn_track {
    struct conn_track *prev, *next;
    h2o_socket_t *sock;
    size_t bytes_seen;
    enum conn_phase phase;
    int64_t since; /* when it entered its phase */
    bool cut;
};
static struct conn_track conns = {&conns, &conns, NULL, 0, PHASE_IDLE, 0, false};
static size_t n_conns;
static int64_t last_sweep;

static struct bp_ctx *pending[BP_MAX_AUDIT_BATCH];
static size_t n_pending;

static void on_stop_signal(int sig)
{
    (void)sig;
    stopping = 1;
}

static int64_t now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static const char *const security_headers[][2] = {
    {"content-security-policy",
     "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; "
     "base-uri 'none'"},
    {"x-content-type-options", "nosniff"},
    {"referrer-policy", "no-referrer"},
    {"x-frame-options", "DENY"},
    {"cross-origin-opener-policy", "same-origin"},
    {"permissions-policy", "camera=(), microphone=(), geolocation=()"},
};

/* The pages that load static/code.js (bp_render, http/http.c) allow this site's own scripts and no other;
 * the rest as above (OWASP ASVS V14.2.1, V3.4.3). */
static const char csp_code_script[] =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'";

/* Behind TLS (the setting secure_cookies says the installation is served over it): browsers are to use only
 * HTTPS for a year, subdomains too (OWASP ASVS V3.4.1, docs/asvs.md). */
static const char hsts_name[] = "strict-transport-security";
static const char hsts_value[] = "max-age=31536000; includeSubDomains";

/* h2o answers some requests itself before any handler runs (413 for a body over BP_MAX_BODY); such
 * answers go through the host's fallback path, which gets the same security headers this way. */
static void register_fallback_headers(h2o_hostconf_t *host, bool tls)
{
    static h2o_iovec_t names[BP_ARRAY_LEN(security_headers) + 1];
    static h2o_headers_command_t cmds[BP_ARRAY_LEN(security_headers) + 2];
    size_t i;
    for (i = 0; i < BP_ARRAY_LEN(security_headers); i++) {
        names[i] = h2o_iovec_init(security_headers[i][0], strlen(security_headers[i][0]));
        cmds[i].cmd = H2O_HEADERS_CMD_SET;
        cmds[i].name = &names[i];
        cmds[i].value = h2o_iovec_init(security_headers[i][1], strlen(security_headers[i][1]));
    }
    if (tls) {
        names[i] = h2o_iovec_init(hsts_name, strlen(hsts_name));
        cmds[i].cmd = H2O_HEADERS_CMD_SET;
        cmds[i].name = &names[i];
        cmds[i].value = h2o_iovec_init(hsts_value, strlen(hsts_value));
        i++;
    }
    cmds[i].cmd = H2O_HEADERS_CMD_NULL;
    h2o_headers_register(&host->fallback_path, cmds);
}

static void add_header(h2o_req_t *req, const char *name, const char *value)
{
    h2o_add_header_by_str(&req->pool, &req->res.headers, name, strlen(name), 1, NULL, value, strlen(value));
}

static void log_request(struct bp_ctx *c)
{
    struct bp_buf *l = &worker.log;
    char when[32];
    time_t t = (time_t)(c->started_us / 1000000);
    struct tm tm;
    if (worker.log_fd < 0)
        return;
    gmtime_r(&t, &tm);
    (void)strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm); /* 20 characters always fit */
    /* no path, query, address or user: only the route's name (no personal data in logs) */
    bp_buf_addf(l, "%s %d %s %s %d %zu %lldus\n", when, (int)getpid(), c->method,
                c->route ? c->route->name : (strncmp(c->path, "/static/", 8) == 0 ? "static" : "-"),
                c->status, c->body.len, (long long)(now_us() - c->started_us));
}

static void flush_log(void)
{
    size_t off = 0;
    while (off < worker.log.len) {
        ssize_t n = write(worker.log_fd, worker.log.data + off, worker.log.len - off);
        if (n <= 0) {
            if (n < 0 && errno == EINTR)
                continue;
            break;
        }
        off += (size_t)n;
    }
    bp_buf_reset(&worker.log);
}

static const char *reason_of(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 201:
        return "Created";
    case 204:
        return "No Content";
    case 303:
        return "See Other";
    case 304:
        return "Not Modified";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 409:
        return "Conflict";
    case 413:
        return "Payload Too Large";
    case 414:
        return "URI Too Long";
    case 415:
        return "Unsupported Media Type";
    case 422:
        return "Unprocessable Content";
    case 429:
        return "Too Many Requests";
    case 431:
        return "Request Header Fields Too Large";
    case 503:
        return "Service Unavailable";
    default:
        return status < 400 ? "OK" : "Error";
    }
}

static void on_conn_close(void *data);

/* A whole request arrived, or its answer went out: its connection starts a new phase (sweep() would otherwise
 * see a busy keep-alive connection idle at every look, and count its idle time from the first). */
static void connection_busy(h2o_req_t *req)
{
    h2o_socket_t *sock =
        req->conn->callbacks->get_socket ? req->conn->callbacks->get_socket(req->conn) : NULL;
    struct conn_track *t = sock && sock->on_close.cb == on_conn_close ? sock->on_close.data : NULL;
    if (t) {
        t->phase = PHASE_IDLE;
        t->since = now_us();
    }
}

static void send_response(struct bp_ctx *c)
{
    static h2o_generator_t generator = {NULL, NULL};
    h2o_req_t *req = c->req;
    h2o_iovec_t body;
    size_t i;

    if (bp_buf_failed(&c->body)) {
        /* a page over BP_MAX_PAGE_BYTES is a bug, not something to send half of */
        c->status = 500;
        c->content_type = "text/plain; charset=utf-8";
        bp_buf_release(&c->body);
        bp_buf_adds(&c->body, "Internal error\n");
    }
    req->res.status = c->status;
    req->res.reason = reason_of(c->status);
    for (i = 0; i < BP_ARRAY_LEN(security_headers); i++)
        add_header(req, security_headers[i][0],
                   i == 0 && c->code_script ? csp_code_script : security_headers[i][1]); /* [0]: the CSP */
    if (worker.site->cfg->secure_cookies)
        add_header(req, hsts_name, hsts_value);
    add_header(req, "cache-control", c->cache_control ? c->cache_control : "no-store");
    if (c->content_type)
        add_header(req, "content-type", c->content_type);
    if (c->location)
        add_header(req, "location", c->location);
    if (c->allow)
        add_header(req, "allow", c->allow);
    if (c->content_disposition) /* consent scans */
        add_header(req, "content-disposition", c->content_disposition);
    for (i = 0; i < c->n_set_cookies; i++)
        add_header(req, "set-cookie", c->set_cookies[i]);
    if (!c->cache_control)
        add_header(req, "vary", "Cookie");
    log_request(c);
    if (stopping) /* the client's next request goes to a new connection, which a running worker accepts */
        req->http1_is_persistent = 0;
    body = h2o_iovec_init(c->body.data ? c->body.data : "", c->body.len);
    req->res.content_length = body.len;
    h2o_start_response(req, &generator);
    if (h2o_memis(req->method.base, req->method.len, H2O_STRLIT("HEAD")))
        h2o_send(req, NULL, 0, H2O_SEND_STATE_FINAL);
    else
        h2o_send(req, &body, 1, H2O_SEND_STATE_FINAL);
    connection_busy(req); /* idle from now on, not from the request's arrival */
}

/* Answers a response that waited for its audit entries: as it is when they are durable; else nobody gets
 * the data, 503 instead. */
static void answer(struct bp_ctx *c, bool durable)
{
    if (!durable) {
        c->set_cookies[0] = NULL;
        c->n_set_cookies = 0;
        c->location = NULL;
        c->content_disposition = NULL; /* a PDF's 503 is a page, not the file */
        bp_fail(c, BP_ERR_STORAGE);
    }
    send_response(c);
    h2o_mem_release_shared(c);
}

/* ---- the audit writer's end (issue 12 item 1; jobs/audit_writer.c) ----
 * With an audit writer (SQLite, two workers or more) a batch goes to it as one frame (domain/audit_wire.h)
 * and waits, while this worker serves on, for the byte that says it is durable; batches are answered in the
 * order they were sent. When the writer cannot be reached, the worker commits the batch itself, as it does
 * without one; when it goes away, what waits for it gets 503 (committed or not, nothing was shown). */
struct batch {
    struct batch *next;
    int64_t sent_at; /* now_us() */
    size_t n;
    struct bp_ctx *ctx[];
};
static struct {
    int fd; /* -1: not connected */
    h2o_socket_t *sock;
    struct batch *head, *tail; /* sent, oldest first */
    struct bp_buf out;
    int64_t away_until; /* now_us() before which batches are committed here: the writer was lost */
} writer = {.fd = -1};

enum { WRITER_PATIENCE_US = 5 * 1000000 }; /* an answer later than this: the writer is lost */

/* Fails what waits for the writer (503) and commits here for the next second: a writer that died is being
 * started again by the master, one that hangs is given up on. */
static void writer_lost(void)
{
    struct batch *b;
    size_t i;
    if (writer.sock)
        h2o_socket_close(writer.sock); /* closes writer.fd */
    writer.sock = NULL;
    writer.fd = -1;
    while ((b = writer.head) != NULL) {
        writer.head = b->next;
        for (i = 0; i < b->n; i++)
            answer(b->ctx[i], false);
        free(b);
    }
    writer.tail = NULL;
    writer.away_until = now_us() + 1000000;
}

/* After each turn of the loop: an answer overdue means the writer is lost. */
static void writer_check(void)
{
    if (writer.head && now_us() - writer.head->sent_at > WRITER_PATIENCE_US) {
        fprintf(stderr, "barnplan[%d]: the audit writer did not answer: committing here for now\n",
                (int)getpid());
        writer_lost();
    }
}

static void on_writer_read(h2o_socket_t *sock, const char *err)
{
    size_t i, got;
    if (err) {
        writer_lost();
        return;
    }
    got = sock->input->size;
    for (i = 0; i < got; i++) {
        struct batch *b = writer.head;
        size_t j;
        if (!b) { /* a byte nobody waits for: the writer is not what it should be */
            h2o_buffer_consume(&sock->input, got);
            writer_lost();
            return;
        }
        writer.head = b->next;
        if (!writer.head)
            writer.tail = NULL;
        for (j = 0; j < b->n; j++)
            answer(b->ctx[j], sock->input->bytes[i] == 'k');
        free(b);
    }
    h2o_buffer_consume(&sock->input, got);
}

static bool writer_connect(void)
{
    const struct bp_http_config *cfg = worker.site->cfg;
    struct sockaddr_un addr;
    int fd;
    if (writer.fd >= 0)
        return true;
    memset(&addr, 0, sizeof(addr));
    addr.sun_family = AF_UNIX;
    memcpy(addr.sun_path, cfg->audit_writer, cfg->audit_writer_len);
    if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0)) < 0)
        return false;
    if (connect(fd, (struct sockaddr *)&addr,
                (socklen_t)(offsetof(struct sockaddr_un, sun_path) + cfg->audit_writer_len)) != 0) {
        close(fd);
        return false;
    }
    writer.fd = fd;
    writer.sock = h2o_evloop_socket_create(h2o_ctx.loop, fd, 0); /* h2o reads its answers into input */
    h2o_socket_read_start(writer.sock, on_writer_read);
    return true;
}

/* Writes the whole frame; the writer reads at once, so waiting for room is short (at most a second). */
static bool writer_send(const char *data, size_t len)
{
    while (len > 0) {
        struct pollfd p = {.fd = writer.fd, .events = POLLOUT};
        ssize_t put = write(writer.fd, data, len);
        if (put > 0) {
            data += put;
            len -= (size_t)put;
        } else if (put < 0 && errno == EINTR) {
            continue;
        } else if (!(put < 0 && errno == EAGAIN) || poll(&p, 1, 1000) <= 0) {
            return false;
        }
    }
    return true;
}

/* Sends the waiting responses' entries to the audit writer; false when they must be committed here. */
static bool to_writer(const struct bp_audit *entries, size_t total)
{
    struct batch *b;
    if (!worker.site->cfg->audit_writer_len || now_us() < writer.away_until)
        return false;
    if (!writer.out.max)
        bp_buf_init(&writer.out, 4 + BP_AUDIT_WIRE_MAX_FRAME + 1);
    bp_buf_reset(&writer.out);
    if (!bp_audit_wire_encode(&writer.out, entries, total) || !writer_connect())
        return false;
    if (!writer_send(writer.out.data, writer.out.len)) {
        writer_lost();
        return false;
    }
    b = bp_xmalloc(sizeof(*b) + n_pending * sizeof(b->ctx[0]));
    b->next = NULL;
    b->sent_at = now_us();
    b->n = n_pending;
    memcpy(b->ctx, pending, n_pending * sizeof(b->ctx[0]));
    if (writer.tail)
        writer.tail->next = b;
    else
        writer.head = b;
    writer.tail = b;
    return true;
}

/* Commits the audit entries of every waiting response in one transaction (here or, with one, in the audit
 * writer's), then answers them all. If the commit fails, nobody gets the data: each gets 503. */
static void flush_batch(void)
{
    static struct bp_audit *entries;
    static size_t cap;
    enum bp_err rc;
    size_t i, j, n = n_pending, total = 0;
    if (n == 0)
        return;
    for (i = 0; i < n; i++)
        total += pending[i]->audits.n;
    if (!entries || total > cap) { /* kept for the worker's life; grows only past a full batch */
        free(entries);
        cap = total > BP_MAX_AUDIT_BATCH ? total : BP_MAX_AUDIT_BATCH;
        entries = bp_xmalloc(cap * sizeof(*entries));
    }
    for (i = total = 0; i < n; i++)
        for (j = 0; j < pending[i]->audits.n; j++)
            entries[total++] = pending[i]->audits.items[j];
    if (to_writer(entries, total)) {
        n_pending = 0;
        return;
    }
    rc = bp_uc_audit_commit(worker.store, entries, total);
    n_pending = 0;
    for (i = 0; i < n; i++)
        answer(pending[i], rc == BP_OK);
}

/* The fsync rule (docs/architecture.md): once the store stops writing after an I/O error, the worker says
 * so once in its log (error codes only) and keeps answering, 503 to everything that writes, until restarted.
 */
static void note_writes_stopped(void)
{
    static bool noted;
    const char *why;
    if (noted || !(why = bp_app_writes_stopped(worker.store)))
        return;
    noted = true;
    fprintf(stderr,
            "barnplan[%d]: writes stopped: the database reported an I/O error (%s); this worker answers 503 "
            "to every request that writes until it is restarted: check the disk first\n",
            (int)getpid(), why);
}

static void dispose_ctx(void *p)
{
    struct bp_ctx *c = p;
    bp_arena_release(&c->arena);
    in_flight--;
}

static void finish(struct bp_ctx *c)
{
    if (c->audits.n) {
        if (n_pending == BP_MAX_AUDIT_BATCH)
            flush_batch();
        h2o_mem_addref_shared(c);
        pending[n_pending++] = c;
        return;
    }
    send_response(c);
}

static const struct bp_static_file *find_static(const char *path)
{
    size_t i;
    for (i = 0; i < worker.site->n_files; i++)
        if (strcmp(worker.site->files[i].path, path) == 0)
            return &worker.site->files[i];
    return NULL;
}

static void serve_static(struct bp_ctx *c, const struct bp_static_file *f)
{
    const char *inm = bp_header(c, "if-none-match");
    c->cache_control = "public, max-age=86400";
    if (inm && strcmp(inm, f->etag) == 0) {
        c->status = 304;
        return;
    }
    c->status = 200;
    c->content_type = f->content_type;
    bp_buf_add(&c->body, f->body, f->len);
    add_header(c->req, "etag", f->etag);
}

static bool headers_within_limits(h2o_req_t *req)
{
    size_t i, bytes = 0;
    if (req->headers.size > BP_MAX_HEADER_COUNT)
        return false;
    for (i = 0; i < req->headers.size; i++)
        bytes += req->headers.entries[i].name->len + req->headers.entries[i].value.len;
    return bytes <= BP_MAX_HEADER_BYTES;
}

static const char *peer_address(struct bp_ctx *c)
{
    struct sockaddr_storage ss;
    char buf[INET6_ADDRSTRLEN] = "";
    socklen_t len = c->req->conn->callbacks->get_peername(c->req->conn, (struct sockaddr *)&ss);
    if (len && ss.ss_family == AF_INET)
        inet_ntop(AF_INET, &((struct sockaddr_in *)&ss)->sin_addr, buf, sizeof(buf));
    else if (len && ss.ss_family == AF_INET6)
        inet_ntop(AF_INET6, &((struct sockaddr_in6 *)&ss)->sin6_addr, buf, sizeof(buf));
    return bp_arena_strdup(&c->arena, buf);
}

/* ---- the client's address (OWASP ASVS V15.3.4) ---- */

struct ip_addr {
    int family;
    unsigned char bytes[16];
};
static struct ip_addr trusted[BP_MAX_TRUSTED_PROXIES]; /* the setting trusted_proxy, per worker */
static size_t n_trusted;

/* An address of len characters (white space around it allowed): false when it is none. */
static bool parse_ip(const char *s, size_t len, struct ip_addr *out)
{
    char buf[INET6_ADDRSTRLEN];
    while (len && (*s == ' ' || *s == '\t'))
        s++, len--;
    while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
        len--;
    if (len == 0 || len >= sizeof(buf))
        return false;
    memcpy(buf, s, len);
    buf[len] = '\0';
    memset(out, 0, sizeof(*out));
    out->family = AF_INET;
    if (inet_pton(AF_INET, buf, out->bytes) == 1)
        return true;
    out->family = AF_INET6;
    return inet_pton(AF_INET6, buf, out->bytes) == 1;
}

static bool is_trusted(const struct ip_addr *ip)
{
    size_t i;
    for (i = 0; i < n_trusted; i++)
        if (trusted[i].family == ip->family && memcmp(trusted[i].bytes, ip->bytes, sizeof(ip->bytes)) == 0)
            return true;
    return false;
}

/* The setting's list (validated by cli/config.c: addresses separated by commas or white space). */
static void load_trusted(const char *list)
{
    const char *p = list ? list : "";
    n_trusted = 0;
    while (*p && n_trusted < BP_MAX_TRUSTED_PROXIES) {
        size_t len;
        while (*p == ',' || *p == ' ' || *p == '\t')
            p++;
        len = strcspn(p, ", \t");
        if (len && parse_ip(p, len, &trusted[n_trusted]))
            n_trusted++;
        p += len;
    }
}

/* Who is asking: the socket's peer, unless that is a trusted proxy (trusted_proxy): then the right-most
 * address of X-Forwarded-For (all its header lines, in order) that is not itself a trusted proxy. From an
 * untrusted peer the header is ignored; a header from a trusted proxy that is not a list of addresses (or
 * too long a one) is ignored too, and the peer's address used. */
static const char *client_address(struct bp_ctx *c, const char *peer)
{
    struct bp_buf *xff;
    struct ip_addr ip;
    char out[INET6_ADDRSTRLEN];
    const char *all, *end;
    size_t i, hops = 0;
    bool any = false;
    if (n_trusted == 0 || !parse_ip(peer, strlen(peer), &ip) || !is_trusted(&ip))
        return peer;
    xff = bp_arena_buf(&c->arena, BP_MAX_HEADER_BYTES + 1);
    for (i = 0; i < c->req->headers.size; i++) {
        const h2o_header_t *h = &c->req->headers.entries[i];
        if (h->name->len == 15 && strncasecmp(h->name->base, "x-forwarded-for", 15) == 0) {
            if (any)
                bp_buf_adds(xff, ",");
            bp_buf_add(xff, h->value.base, h->value.len);
            any = true;
        }
    }
    if (!any || bp_buf_failed(xff))
        return peer;
    all = bp_buf_str(xff);
    end = all + strlen(all);
    while (end > all) {
        const char *start = end;
        while (start > all && start[-1] != ',')
            start--;
        if (++hops > BP_MAX_FORWARDED_HOPS || !parse_ip(start, (size_t)(end - start), &ip))
            return peer;
        if (!is_trusted(&ip) || start == all) /* the client, or the left-most: every hop was a proxy */
            break;
        end = start - 1;
    }
    if (!inet_ntop(ip.family, ip.bytes, out, sizeof(out)))
        return peer;
    return bp_arena_strdup(&c->arena, out);
}

static bool is_form(struct bp_ctx *c)
{
    const char *ct = bp_header(c, "content-type");
    return ct && strncmp(ct, "application/x-www-form-urlencoded", 33) == 0;
}

/* ---- consent scans: multipart/form-data bodies (util/multipart.h) ---- */
static bool is_multipart(struct bp_ctx *c)
{
    const char *ct = bp_header(c, "content-type");
    return ct && strncasecmp(ct, "multipart/", 10) == 0;
}

/* Fills c->form and c->uploads from a multipart body; false when it answered an error. */
static bool decode_multipart(struct bp_ctx *c)
{
    static const struct bp_multipart_limits lim = {BP_MAX_FORM_FIELDS, BP_MAX_FORM_VALUE, BP_MAX_SCAN_BYTES};
    char boundary[BP_MAX_BOUNDARY + 1];
    enum bp_err rc = BP_ERR_INVALID;
    if (bp_multipart_boundary(bp_header(c, "content-type"), boundary))
        rc = bp_multipart_decode(&c->arena, boundary, c->req->entity.base, c->req->entity.len, &lim, &c->form,
                                 &c->uploads);
    if (rc == BP_ERR_TOO_LARGE)
        bp_fail_status(c, 413, "too_many_parts", "Formuläret har för många delar.");
    else if (rc != BP_OK)
        bp_fail_status(c, 400, "bad_multipart",
                       "Formuläret kunde inte läsas. Ladda om sidan och försök igen.");
    return rc == BP_OK;
}
/* ---- end consent scans ---- */

/* Everything a request goes through before its handler: limits, route, session, form, CSRF. */
/* Who is asking: the session's user, if any; a family member on a professional route, a professional on
 * the family's API, and anyone not logged in on a private route are answered here (false). */
static bool authenticate(struct bp_ctx *c)
{
    const char *token;
    c->actor.address = c->address;
    c->actor.channel = c->is_api ? "api" : "web";
    c->actor.now = c->started_us / 1000000;
    c->actor.device = bp_cookie(c, "bp_device"); /* V6.1.1: a browser known to an account (app/identity.c) */
    token = bp_cookie(c, "bp_session");
    if (token) {
        enum bp_err rc = bp_uc_session(worker.store, &c->arena, token, c->actor.now, &c->user, &c->session);
        if (rc == BP_OK) {
            c->logged_in = true;
            c->actor.user = &c->user;
            if (c->user.family_child_id && c->user.lang && bp_lang_from_code(c->user.lang) >= 0)
                c->lang = bp_lang_from_code(c->user.lang); /* the family member's remembered choice */
        } else if (rc != BP_ERR_UNAUTHENTICATED) {
            bp_fail(c, rc);
            return false;
        }
    }
    if (c->logged_in && c->user.family_child_id && !(c->route->flags & (BP_ROUTE_PUBLIC | BP_ROUTE_FAMILY))) {
        /* a family member on a professional page or API: as if it did not exist, and on record */
        enum bp_err rc = bp_uc_family_denied(worker.store, &c->actor, c->route->name);
        bp_fail(c, rc == BP_OK ? BP_ERR_NOT_FOUND : rc);
        return false;
    }
    if (c->logged_in && !c->user.family_child_id &&
        (c->route->flags & BP_ROUTE_FAMILY_ONLY) == BP_ROUTE_FAMILY_ONLY) {
        if (c->is_api) { /* the family API to a professional: as if it did not exist, and on record */
            enum bp_err rc = bp_uc_family_denied(worker.store, &c->actor, c->route->name);
            bp_fail(c, rc == BP_OK ? BP_ERR_NOT_FOUND : rc);
            return false;
        }
        c->logged_in = false; /* a professional's session is not a family member's */
    }
    if (!c->logged_in && !(c->route->flags & BP_ROUTE_PUBLIC)) {
        if (c->is_api) {
            bp_fail(c, BP_ERR_UNAUTHENTICATED);
        } else {
            struct bp_buf *loc = bp_arena_buf(&c->arena, BP_MAX_REQUEST_TARGET * 4);
            bp_buf_adds(loc, (c->route->flags & BP_ROUTE_FAMILY_ONLY) == BP_ROUTE_FAMILY_ONLY
                                 ? "/family/login?next="
                                 : "/login?next=");
            bp_buf_add_urlenc(loc, c->path, strlen(c->path));
            bp_redirect(c, bp_buf_str(loc));
        }
        return false;
    }
    return true;
}

/* V16.3.3: a refusal that looks like getting round a control, on record (bp_uc_request_refused); false when
 * it could not be recorded (then answered with the error). */
static bool refused(struct bp_ctx *c, const char *why)
{
    enum bp_err rc = bp_uc_request_refused(worker.store, &c->actor, why, c->route ? c->route->name : NULL);
    if (rc != BP_OK)
        bp_fail(c, rc);
    return rc == BP_OK;
}

/* A form value over BP_MAX_FORM_VALUE: no page's field lets a browser type that much (maxlength). */
static bool form_value_too_long(const struct bp_form *f)
{
    size_t i;
    for (i = 0; i < f->count; i++)
        if (f->fields[i].too_long)
            return true;
    return false;
}

static void dispatch(struct bp_ctx *c)
{
    h2o_req_t *req = c->req;
    const struct bp_static_file *sf;
    bool mismatch;

    c->is_api = strncmp(c->path, "/api/", 5) == 0; /* before any answer: API errors are JSON */
    if (req->path.len > BP_MAX_REQUEST_TARGET) {
        bp_fail_status(c, 414, "uri_too_long", "Adressen är för lång.");
        return;
    }
    if (!headers_within_limits(req)) {
        bp_fail_status(c, 431, "headers_too_large", "För många eller för stora rubrikfält i förfrågan.");
        return;
    }
    c->lang = bp_lang_from_code(bp_cookie(c, "bp_lang")); /* the chooser's choice (bp_lang_remember) */
    if (c->lang < 0)
        c->lang = BP_LANG_SV;

    if (strncmp(c->path, "/static/", 8) == 0 && (sf = find_static(c->path)) != NULL &&
        (strcmp(c->method, "GET") == 0 || strcmp(c->method, "HEAD") == 0)) {
        serve_static(c, sf);
        return;
    }
    c->route = bp_route_match(worker.site->cfg, c->method, c->path, c->params, &mismatch);
    if (!c->route) {
        if (mismatch) {
            c->allow = bp_route_allow(worker.site->cfg, &c->arena, c->path);
            bp_fail_status(c, 405, "method_not_allowed", "Metoden är inte tillåten här.");
        } else
            bp_fail(c, BP_ERR_NOT_FOUND);
        return;
    }

    if (!authenticate(c))
        return;

    if (req->entity.base && is_form(c))
        bp_form_decode(&c->arena, req->entity.base, req->entity.len, BP_MAX_FORM_FIELDS, BP_MAX_FORM_VALUE,
                       &c->form);
    else if (req->entity.base && is_multipart(c)) { /* consent scans */
        if (!decode_multipart(c))
            return;
    } else
        bp_form_decode(&c->arena, c->query, strlen(c->query), BP_MAX_FORM_FIELDS, BP_MAX_FORM_VALUE,
                       &c->form);
    if (c->form.too_many) {
        if (!refused(c, "too_many_fields"))
            return;
        bp_fail_status(c, 413, "too_many_fields", "Formuläret har för många fält.");
        return;
    }
    if (strcmp(c->method, "GET") != 0 && strcmp(c->method, "HEAD") != 0 &&
        !(c->route->flags & BP_ROUTE_NO_CSRF) && !bp_csrf_ok(c)) {
        if (!refused(c, "csrf"))
            return;
        bp_fail_status(c, 403, "csrf", "Formuläret hade gått ut. Ladda om sidan och försök igen.");
        return;
    }
    if (form_value_too_long(&c->form) && !refused(c, "too_long")) /* then the field says "too long" */
        return;
    c->route->handler(c);
}

static int on_req(h2o_handler_t *self, h2o_req_t *req)
{
    struct bp_ctx *c = h2o_mem_alloc_shared(&req->pool, sizeof(*c), dispose_ctx);
    (void)self;
    memset(c, 0, sizeof(*c));
    in_flight++;
    c->w = &worker;
    c->req = req;
    c->started_us = now_us();
    c->status = 200;
    bp_arena_init(&c->arena, 16384);
    bp_buf_init(&c->body, BP_MAX_PAGE_BYTES);
    bp_buf_in_arena(&c->body, &c->arena);
    c->method = bp_arena_strndup(&c->arena, req->method.base, req->method.len);
    c->path = bp_arena_strndup(&c->arena, req->path_normalized.base, req->path_normalized.len);
    c->query = req->query_at != SIZE_MAX ? bp_arena_strndup(&c->arena, req->path.base + req->query_at + 1,
                                                            req->path.len - req->query_at - 1)
                                         : "";
    c->address = client_address(c, peer_address(c));
    connection_busy(req);
    dispatch(c);
    finish(c);
    return 0;
}

static void on_accept(h2o_socket_t *listener, const char *err);
static h2o_socket_t *accept_sock; /* the listening socket, in this worker's loop */
static bool accept_paused;        /* holding more than its share of the connections (http/accept_share.c) */

/* Pauses or resumes accepting as the worker's share of the connections says. */
static void balance_accept(void)
{
    bool over = bp_accept_share_over(n_conns);
    if (over == accept_paused || stopping)
        return;
    accept_paused = over;
    if (over)
        h2o_socket_read_stop(accept_sock);
    else
        h2o_socket_read_start(accept_sock, on_accept);
    bp_accept_share_paused(over);
}

static void on_conn_close(void *data)
{
    struct conn_track *t = data;
    t->prev->next = t->next;
    t->next->prev = t->prev;
    n_conns--;
    free(t);
    balance_accept();
}

static void on_accept(h2o_socket_t *listener, const char *err)
{
    h2o_socket_t *sock;
    struct conn_track *t;
    if (err != NULL || stopping)
        return;
    if ((sock = h2o_evloop_socket_accept(listener)) == NULL)
        return;
    t = bp_xcalloc(1, sizeof(*t));
    t->sock = sock;
    t->since = now_us(); /* idle until its first byte */
    t->next = &conns;
    t->prev = conns.prev;
    conns.prev->next = t;
    conns.prev = t;
    n_conns++;
    sock->on_close.cb = on_conn_close;
    sock->on_close.data = t;
    h2o_accept(&accept_ctx, sock);
    balance_accept();
}

/* Whether the bytes of a request so far hold the blank line that ends its headers. */
static bool headers_complete(const h2o_buffer_t *in)
{
    size_t i, n = in->size < H2O_MAX_REQLEN ? in->size : H2O_MAX_REQLEN;
    for (i = 1; i < n; i++)
        if (in->bytes[i] == '\n' &&
            (in->bytes[i - 1] == '\n' || (i >= 2 && in->bytes[i - 1] == '\r' && in->bytes[i - 2] == '\n')))
            return true;
    return false;
}

static enum conn_phase phase_of(const struct conn_track *t)
{
    if (h2o_socket_is_writing(t->sock))
        return PHASE_SENDING;
    if (t->sock->input->size == 0)
        return PHASE_IDLE;
    if (t->phase == PHASE_BODY || headers_complete(t->sock->input))
        return PHASE_BODY;
    return PHASE_HEADERS;
}

/* A shutdown of the socket, which h2o then sees as the client's end and closes (its memory with it). A
 * client that does not read gets a reset rather than an orderly end: an end would wait behind the bytes it
 * does not take, which the kernel would keep sending after the close. */
static void cut_connection(int fd, enum conn_phase ph)
{
    if (ph == PHASE_SENDING) {
        const struct linger reset = {1, 0};
        (void)setsockopt(fd, SOL_SOCKET, SO_LINGER, &reset, sizeof(reset)); /* a valid option on a socket */
    }
    (void)shutdown(fd, SHUT_RDWR); /* fails only for a socket already gone */
}

/* Cuts the connections that spent longer in their phase than its timeout allows (cut_connection); four
 * times a second. */
static void sweep(void)
{
    const struct bp_timeouts *to = &worker.site->cfg->timeouts;
    const int limits[PHASE_COUNT] = {to->idle, to->header, to->body, to->send};
    size_t cut[PHASE_COUNT] = {0};
    int64_t now = now_us();
    struct conn_track *t;
    int p;
    if (now - last_sweep < 250000)
        return;
    last_sweep = now;
    for (t = conns.next; t != &conns; t = t->next) {
        enum conn_phase ph = phase_of(t);
        if (ph != t->phase) {
            t->phase = ph;
            t->since = now;
        } else if (!t->cut && now - t->since > (int64_t)limits[ph] * 1000000) {
            t->cut = true;
            cut_connection(h2o_socket_get_fd(t->sock), ph);
            cut[ph]++;
        }
    }
    for (p = 0; p < PHASE_COUNT; p++) /* counts and the setting's name only: no address, no personal data */
        if (cut[p])
            fprintf(stderr, "barnplan[%d]: cut %zu connection%s (%s)\n", (int)getpid(), cut[p],
                    cut[p] == 1 ? "" : "s", phase_timeouts[p]);
}

/* Whether any connection has sent bytes since the last call (a request still arriving). */
static bool connections_active(void)
{
    struct conn_track *t;
    bool active = false;
    for (t = conns.next; t != &conns; t = t->next) {
        if (t->sock->bytes_read != t->bytes_seen) {
            t->bytes_seen = t->sock->bytes_read;
            active = true;
        }
    }
    return active;
}

int bp_http_listen(const char *listen_spec, char *err, size_t errlen)
{
    char host[256];
    const char *colon = strrchr(listen_spec, ':');
    int64_t port;
    struct sockaddr_in addr;
    int fd, on = 1;
    if (!colon || (size_t)(colon - listen_spec) >= sizeof(host) ||
        !bp_parse_int64(colon + 1, 1, 65535, &port)) {
        snprintf(err, errlen, "listen: expected HOST:PORT, got %s", listen_spec);
        return -1;
    }
    memcpy(host, listen_spec, (size_t)(colon - listen_spec));
    host[colon - listen_spec] = '\0';
    memset(&addr, 0, sizeof(addr));
    addr.sin_family = AF_INET;
    addr.sin_port = htons((uint16_t)port);
    if (inet_pton(AF_INET, host, &addr.sin_addr) != 1) {
        snprintf(err, errlen, "listen: %s is not an IPv4 address", host);
        return -1;
    }
    if ((fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) < 0 ||
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on)) != 0 ||
        bind(fd, (struct sockaddr *)&addr, sizeof(addr)) != 0 || listen(fd, SOMAXCONN) != 0) {
        snprintf(err, errlen, "listen on %s: %s", listen_spec, strerror(errno));
        if (fd >= 0)
            close(fd);
        return -1;
    }
    fcntl(fd, F_SETFL, O_NONBLOCK);
    return fd;
}

int bp_http_worker_run(const struct bp_site *site, int listen_fd, int slot)
{
    const struct bp_http_config *cfg = site->cfg;
    h2o_hostconf_t *host;
    h2o_pathconf_t *pathconf;
    h2o_handler_t *handler;
    char err[256];
    enum bp_err rc;
    int64_t deadline, last_activity;

    (void)signal(SIGTERM, on_stop_signal); /* fails only for an invalid signal number */
    (void)signal(SIGINT, on_stop_signal);
    /* Out of memory aborts by design (bp_xmalloc), in jansson too: else a JSON body it could not parse for
     * want of memory would be answered as invalid (422), and an answer missing a member as complete. */
    json_set_alloc_funcs(bp_xmalloc, free);
    worker.site = site;
    load_trusted(cfg->trusted_proxy);
    rc = bp_app_store_open(cfg->db_url, &worker.store, err, sizeof(err));
    if (rc != BP_OK) {
        fprintf(stderr, "barnplan[%d]: database: %s\n", (int)getpid(), err);
        return 1;
    }
    bp_app_store_writer(worker.store, "http worker"); /* its audit chain's row (issue 11 item 3) */
    bp_buf_init(&worker.log, 1024 * 1024);
    if (cfg->access_log && strcmp(cfg->access_log, "-") == 0)
        worker.log_fd = STDERR_FILENO;
    else if (cfg->access_log && cfg->access_log[0])
        worker.log_fd = open(cfg->access_log, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640);
    else
        worker.log_fd = -1;

    h2o_config_init(&h2o_config);
    h2o_config.max_request_entity_size = BP_MAX_BODY;
    /* h2o's own limit on reading one request, from when it starts waiting for it: only a backstop here,
     * above anything the timeouts of sweep() allow together */
    h2o_config.http1.req_timeout =
        ((uint64_t)cfg->timeouts.idle + (uint64_t)cfg->timeouts.header + (uint64_t)cfg->timeouts.body + 1) *
        1000;
    h2o_config.http1.upgrade_to_http2 =
        0; /* HTTP/1.1 only on plain TCP; TLS and HTTP/2 belong to the proxy */
    h2o_config.server_name = h2o_iovec_init(H2O_STRLIT("barnplan"));
    host = h2o_config_register_host(&h2o_config, h2o_iovec_init(H2O_STRLIT("default")), 65535);
    register_fallback_headers(host, cfg->secure_cookies);
    pathconf = h2o_config_register_path(host, "/", 0);
    handler = h2o_create_handler(pathconf, sizeof(*handler));
    handler->on_req = on_req;

    h2o_context_init(&h2o_ctx, h2o_evloop_create(), &h2o_config);
    accept_ctx.ctx = &h2o_ctx;
    accept_ctx.hosts = h2o_config.hosts;
    accept_sock = h2o_evloop_socket_create(h2o_ctx.loop, listen_fd, H2O_SOCKET_FLAG_DONT_READ);
    h2o_socket_read_start(accept_sock, on_accept);
    bp_accept_share_join(slot);

    while (!stopping) {
        /* sweep()'s pace; paused, a worker looks again soon whether it is back within its share, for
         * while it is paused the others take every connection */
        h2o_evloop_run(h2o_ctx.loop, accept_paused ? 2 : 250);
        flush_batch();
        writer_check();
        flush_log();
        sweep();
        note_writes_stopped();
        balance_accept(); /* the others' connections may have ended meanwhile */
    }
    /* graceful: stop accepting, let the requests under way finish (at most 10 s) */
    bp_accept_share_leave();
    if (!accept_paused)
        h2o_socket_read_stop(accept_sock);
    h2o_socket_close(accept_sock);
    h2o_context_request_shutdown(&h2o_ctx);
    /* wait while requests are being answered or still arriving: a connection that sent nothing
     * for a second is idle (keep-alive) and is closed with the process */
    deadline = now_us() + 10 * 1000000;
    (void)connections_active();
    last_activity = now_us();
    while (now_us() < deadline && (in_flight > 0 || (n_conns > 0 && now_us() - last_activity < 1000000))) {
        h2o_evloop_run(h2o_ctx.loop, 100);
        flush_batch();
        writer_check();
        flush_log();
        sweep();
        if (connections_active())
            last_activity = now_us();
    }
    flush_batch();
    while (writer.head && now_us() - writer.head->sent_at <= WRITER_PATIENCE_US) /* the last answers */
        h2o_evloop_run(h2o_ctx.loop, 100);
    writer_lost(); /* 503 to any it never answered */
    bp_buf_release(&writer.out);
    flush_log();
    bp_app_store_close(worker.store);
    bp_buf_release(&worker.log);
    bp_pdf_shutdown(); /* the font caches of any PDF made (V-8a.3): nothing left for LeakSanitizer */
    return 0;
}
