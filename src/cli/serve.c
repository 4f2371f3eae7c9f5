/* serve.c: `barnplan serve`, the master process. It hands each part of the program its share of the
 * configuration (the HTTP server its struct bp_http_config with the route table of the pages and the API,
 * the mailer its mail settings, the use cases the address of links), checks the database's schema, opens
 * the listening socket, forks the HTTP workers, the scheduler and, when smtp_url is set, the mailer;
 * restarts whichever dies; on SIGHUP starts new workers (templates and static files read again) and lets the
 * old ones finish what they have, on the same listening socket, so that a restart loses no request (issue 11
 * item 7); and on SIGTERM/SIGINT passes the stop on and waits for every child to finish. Must not serve a
 * request or send a message itself. */
#include <errno.h>
#include <signal.h>
#include <stddef.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>
#include "auth/auth.h"
#include "cli/config.h"
#include "pages/pages.h"
#include "api/api.h"
#include "jobs/jobs.h"
#include "oidc/oidc.h"

static volatile sig_atomic_t stopping, restarting;

static void on_stop_signal(int sig)
{
    (void)sig;
    stopping = 1;
}

static void on_restart_signal(int sig)
{
    (void)sig;
    restarting = 1;
}

/* The background jobs (src/jobs), each a process of its own. */
enum job { JOB_AUDIT_WRITER, JOB_MAILER, JOB_SCHEDULER, JOB_COUNT };
static const char *const job_names[JOB_COUNT] = {"audit writer", "mailer", "scheduler"};
static const char *const job_comm[JOB_COUNT] = {"bp-audit-writer", "bp-mailer", "bp-scheduler"}; /* <= 15 */
static int audit_fd = -1; /* the audit writer's listening socket, the master's; -1: no audit writer */

struct children {
    pid_t *workers;
    pid_t *retiring; /* the workers restarts replaced, finishing what they have */
    int n, n_retiring;
    pid_t jobs[JOB_COUNT];
};

static pid_t spawn_worker(const struct bp_site *site, int fd)
{
    int slot = bp_accept_share_reserve(); /* its place in the fair share of the connections */
    pid_t pid = fork();
    if (pid == 0)
        _exit(bp_http_worker_run(site, fd, slot));
    bp_accept_share_assign(slot, (int)pid);
    return pid;
}

/* Starts a job, or none (0) when the configuration leaves it out. */
static pid_t spawn_job(const struct bp_config *cfg, const struct bp_mail_settings *ms, enum job j)
{
    pid_t pid;
    if ((j == JOB_MAILER && !cfg->smtp_url[0]) || (j == JOB_SCHEDULER && cfg->remind_every == 0) ||
        (j == JOB_AUDIT_WRITER && audit_fd < 0))
        return 0;
    pid = fork();
    if (pid == 0) {
        (void)prctl(PR_SET_NAME, job_comm[j]); /* what ps and top show; the tests tell the jobs by it */
        _exit(j == JOB_AUDIT_WRITER ? bp_audit_writer_run(cfg->db_url, audit_fd)
              : j == JOB_MAILER
                  ? bp_mailer_run(cfg->db_url, ms)
                  : bp_scheduler_run(cfg->db_url, cfg->remind_every, cfg->audit_alert_children_per_hour));
    }
    return pid;
}

/* A graceful restart (SIGHUP): the templates and static files are read again (the old ones stay if that
 * fails), a new worker is started for each old one, and the old ones get SIGTERM: they stop accepting and
 * finish the requests they have, while the new ones accept from the same listening socket, which the
 * master holds open throughout; a connection arriving meanwhile waits in its backlog, never refused. */
static void restart_workers(const struct bp_http_config *http, struct bp_site *site, int fd,
                            struct children *ch)
{
    struct bp_site fresh;
    char err[512];
    int i;
    restarting = 0;
    if (bp_site_load(&fresh, http, err, sizeof(err)) == BP_OK) {
        bp_site_free(site);
        *site = fresh;
    } else {
        bp_site_free(&fresh);
        fprintf(stderr, "barnplan: restart keeps the templates it has: %s\n", err);
    }
    ch->retiring = bp_xrealloc(ch->retiring, (size_t)(ch->n_retiring + ch->n) * sizeof(*ch->retiring));
    for (i = 0; i < ch->n; i++) {
        pid_t old = ch->workers[i];
        ch->workers[i] = spawn_worker(site, fd);
        if (old > 0) {
            kill(old, SIGTERM);
            ch->retiring[ch->n_retiring++] = old;
        }
    }
    fprintf(stderr, "barnplan: restarted the workers\n");
}

/* Whether pid is a worker that a restart replaced (then it is not started again). */
static bool retired(struct children *ch, pid_t pid)
{
    int i;
    for (i = 0; i < ch->n_retiring; i++) {
        if (ch->retiring[i] == pid) {
            ch->retiring[i] = ch->retiring[--ch->n_retiring];
            return true;
        }
    }
    return false;
}

/* Waits for children until a stop is asked for; a child that ends before is started again. */
static void supervise(const struct bp_config *cfg, const struct bp_mail_settings *ms,
                      const struct bp_http_config *http, struct bp_site *site, int fd, struct children *ch)
{
    int i;
    while (!stopping) {
        int status;
        pid_t pid;
        if (restarting)
            restart_workers(http, site, fd, ch);
        pid = waitpid(-1, &status, 0);
        if (pid < 0) {
            if (errno == ECHILD)
                break;
            continue; /* EINTR: a signal; the loop's condition says whether it was the stop */
        }
        bp_accept_share_release((int)pid);
        if (retired(ch, pid))
            continue;
        for (i = 0; i < JOB_COUNT; i++) {
            if (pid != ch->jobs[i])
                continue;
            ch->jobs[i] = 0;
            if (!stopping) {
                fprintf(stderr, "barnplan: %s ended (status %d); starting another\n", job_names[i], status);
                sleep(1);
                ch->jobs[i] = spawn_job(cfg, ms, (enum job)i);
            }
        }
        for (i = 0; i < ch->n; i++) {
            if (ch->workers[i] != pid)
                continue;
            ch->workers[i] = 0;
            if (stopping)
                continue;
            fprintf(stderr, "barnplan: worker %d ended (status %d); starting another\n", (int)pid, status);
            sleep(1);
            ch->workers[i] = spawn_worker(site, fd);
        }
    }
}

/* Passes the stop on and waits for every child to finish what it has under way. */
static void stop_children(struct children *ch)
{
    int i, alive;
    for (i = 0; i < ch->n; i++)
        if (ch->workers[i] > 0)
            kill(ch->workers[i], SIGTERM);
    for (i = 0; i < ch->n_retiring; i++) /* a restart's old workers already have theirs */
        while (waitpid(ch->retiring[i], NULL, 0) < 0 && errno == EINTR)
            ;
    ch->n_retiring = 0;
    do {
        alive = 0;
        for (i = 0; i < ch->n; i++) {
            if (ch->workers[i] <= 0)
                continue;
            if (waitpid(ch->workers[i], NULL, 0) == ch->workers[i] || errno == ECHILD)
                ch->workers[i] = 0;
            else
                alive++;
        }
    } while (alive);
    /* the jobs after the workers: the audit writer commits the reads the workers were finishing */
    for (i = 0; i < JOB_COUNT; i++) {
        if (ch->jobs[i] <= 0)
            continue;
        kill(ch->jobs[i], SIGTERM);
        while (waitpid(ch->jobs[i], NULL, 0) < 0 && errno == EINTR)
            ;
    }
}

/* The audit writer's socket (issue 12 item 1): on SQLite with two workers or more, in Linux's abstract
 * namespace under a name the kernel picks (nothing on disk to clean up), kept open by the master so that a
 * restarted writer listens on the same name. Its name goes to the workers in http->audit_writer. Without it
 * (an error, said on stderr) each worker commits its own audit entries, as with one worker. */
static void open_audit_socket(struct bp_http_config *http)
{
    struct sockaddr_un addr;
    socklen_t len = sizeof(sa_family_t);
    int fd;
    if (strncmp(http->db_url, "sqlite:", 7) != 0 || http->workers < 2)
        return;
    memset(&addr, 0, sizeof(addr));
    addr.sun_family = AF_UNIX;
    if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0)) < 0 ||
        bind(fd, (struct sockaddr *)&addr, len) != 0 || listen(fd, 64) != 0 ||
        (len = sizeof(addr), getsockname(fd, (struct sockaddr *)&addr, &len)) != 0 ||
        len > sizeof(http->audit_writer) + offsetof(struct sockaddr_un, sun_path) ||
        len <= offsetof(struct sockaddr_un, sun_path)) {
        fprintf(stderr, "barnplan: no audit writer (%s): each worker commits its own audit entries\n",
                strerror(errno));
        if (fd >= 0)
            close(fd);
        return;
    }
    http->audit_writer_len = len - offsetof(struct sockaddr_un, sun_path);
    memcpy(http->audit_writer, addr.sun_path, http->audit_writer_len);
    audit_fd = fd;
}

/* Each open connection is a file descriptor: the soft limit goes up to the hard one (often 1024 and far
 * more), so that a thousand slow clients do not keep everyone else out (issue 11 item 6). */
static void raise_fd_limit(void)
{
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
        rl.rlim_cur = rl.rlim_max;
        (void)setrlimit(RLIMIT_NOFILE, &rl); /* cannot fail: raising the soft limit to the hard one */
    }
}

/* Checks the configuration's database and schema, loads what the workers share, opens the socket. */
static int prepare(const struct bp_http_config *http, struct bp_site *site, int *fd)
{
    struct bp_store *store;
    char err[512];
    if (bp_site_load(site, http, err, sizeof(err)) != BP_OK) {
        fprintf(stderr, "barnplan: %s\n", err);
        return 1;
    }
    if (bp_app_store_open(http->db_url, &store, err, sizeof(err)) != BP_OK) {
        fprintf(stderr, "barnplan: database: %s\n", err);
        return 1;
    }
    bp_app_store_close(store);
    if ((*fd = bp_http_listen(http->listen, err, sizeof(err))) < 0) {
        fprintf(stderr, "barnplan: %s\n", err);
        return 1;
    }
    return 0;
}

struct bp_http_config bp_http_config_of(const struct bp_config *cfg)
{
    static struct bp_route_table tables[2]; /* the pages' and the API's: the composition of the site */
    tables[0] = (struct bp_route_table){bp_page_routes, bp_n_page_routes};
    tables[1] = (struct bp_route_table){bp_api_routes, bp_n_api_routes};
    return (struct bp_http_config){
        .db_url = cfg->db_url,
        .listen = cfg->listen,
        .workers = cfg->workers,
        .datadir = cfg->datadir,
        .localedir = cfg->localedir,
        .default_model = cfg->default_model,
        .secure_cookies = cfg->secure_cookies,
        .access_log = cfg->access_log,
        .trusted_proxy = cfg->trusted_proxy,
        .timeouts = {cfg->header_timeout, cfg->body_timeout, cfg->idle_timeout, cfg->send_timeout},
        .tables = tables,
        .n_tables = BP_ARRAY_LEN(tables)};
}

/* One identity provider's settings (none when the issuer is empty). */
static void set_provider(enum bp_oidc_for who, const char *issuer, const char *client_id, const char *secret,
                         const char *redirect_url, const char *name, const char *pnr_claim)
{
    struct bp_oidc_settings o;
    memset(&o, 0, sizeof(o));
    snprintf(o.issuer, sizeof(o.issuer), "%s", issuer);
    snprintf(o.client_id, sizeof(o.client_id), "%s", client_id);
    snprintf(o.client_secret, sizeof(o.client_secret), "%s", secret);
    snprintf(o.redirect_url, sizeof(o.redirect_url), "%s", redirect_url);
    snprintf(o.name, sizeof(o.name), "%s", name);
    snprintf(o.pnr_claim, sizeof(o.pnr_claim), "%s", pnr_claim);
    bp_app_set_oidc(who, &o);
}

/* The staff's provider (oidc_*) and the families' (oidc_family_*; issue 10 item 1). */
static void set_oidc(const struct bp_config *cfg)
{
    set_provider(BP_OIDC_STAFF, cfg->oidc_issuer, cfg->oidc_client_id, cfg->oidc_client_secret,
                 cfg->oidc_redirect_url, cfg->oidc_name, "");
    set_provider(BP_OIDC_FAMILY, cfg->oidc_family_issuer, cfg->oidc_family_client_id,
                 cfg->oidc_family_client_secret, cfg->oidc_family_redirect_url, cfg->oidc_family_name,
                 cfg->oidc_family_claim);
}

int bp_serve(const struct bp_config *cfg)
{
    struct bp_http_config http = bp_http_config_of(cfg);
    const struct bp_mail_settings ms = {
        .smtp = {.url = cfg->smtp_url,
                 .username = cfg->smtp_username[0] ? cfg->smtp_username : NULL,
                 .password = cfg->smtp_password[0] ? cfg->smtp_password : NULL,
                 .require_tls = cfg->smtp_require_tls,
                 .timeout_ms = 30000},
        .from = cfg->smtp_from,
        .from_name = "Barnplan",
        .message_id_host = "barnplan",
    };
    struct children ch = {NULL, NULL, cfg->workers, 0, {0}};
    struct bp_site site;
    struct sigaction sa;
    int fd = -1, i;

    raise_fd_limit();
    if (bp_password_hash_fast()) /* V13.4.2: a test build, said where the operator sees it */
        fprintf(stderr, "barnplan: warning: BARNPLAN_FAST_HASH=1: passwords are hashed at argon2id's "
                        "minimum cost (a test build; never in production)\n");
    if (prepare(&http, &site, &fd) != 0) {
        bp_site_free(&site);
        return 1;
    }
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_stop_signal;
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    sa.sa_handler = on_restart_signal; /* no SA_RESTART: waitpid returns, and the restart is done at once */
    sigaction(SIGHUP, &sa, NULL);
    (void)signal(SIGPIPE, SIG_IGN); /* fails only for an invalid signal number */
    bp_app_set_public_url(cfg->public_url);
    bp_app_set_closure_text(cfg->closure_text);
    bp_app_set_survey_at_closure(cfg->survey_at_closure);
    set_oidc(cfg);
    open_audit_socket(&http); /* site.cfg points at http: the workers see the name */
    bp_accept_share_init(ch.n);
    ch.workers = bp_xcalloc((size_t)ch.n, sizeof(*ch.workers));
    for (i = 0; i < ch.n; i++) /* the workers first; they may send to the audit writer's socket at once */
        ch.workers[i] = spawn_worker(&site, fd);
    for (i = 0; i < JOB_COUNT; i++)
        ch.jobs[i] = spawn_job(cfg, &ms, (enum job)i);
    fprintf(stderr, "barnplan: serving http://%s/ with %d worker%s (%s)\n", cfg->listen, ch.n,
            ch.n == 1 ? "" : "s", strncmp(cfg->db_url, "sqlite:", 7) == 0 ? "SQLite" : "PostgreSQL");
    supervise(cfg, &ms, &http, &site, fd, &ch);
    stop_children(&ch);
    close(fd);
    if (audit_fd >= 0)
        close(audit_fd);
    free(ch.workers);
    free(ch.retiring);
    bp_site_free(&site);
    fprintf(stderr, "barnplan: stopped\n");
    return 0;
}
