/* mailer.c: the process that delivers the outbox while `barnplan serve` runs (one per server, forked
 * by the master next to the workers, restarted when it dies). It polls once a second; a message
 * committed by a worker goes out within about a second. Logs counts only: no addresses, no subjects. */
#include <signal.h>
#include <time.h>
#include <stdio.h>
#include "jobs/jobs.h"
#include "mail/mail.h"

static volatile sig_atomic_t mailer_stopping;

static void on_stop(int sig)
{
    (void)sig;
    mailer_stopping = 1;
}

int bp_mailer_run(const char *db_url, const struct bp_mail_settings *ms)
{
    struct sigaction sa;
    struct bp_store *store = NULL;
    struct bp_arena a;
    char err[512];

    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_stop;
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    if (bp_mail_global_init() != BP_OK) {
        fprintf(stderr, "barnplan: mailer: cannot start libcurl\n");
        return 1;
    }
    if (bp_app_store_open(db_url, &store, err, sizeof(err)) != BP_OK) {
        fprintf(stderr, "barnplan: mailer: database: %s\n", err);
        bp_mail_global_release();
        return 1;
    }
    bp_arena_init(&a, 64 * 1024);
    while (!mailer_stopping) {
        size_t sent = 0, failed = 0;
        enum bp_err rc = bp_uc_outbox_deliver(store, &a, ms, (int64_t)time(NULL), 20, &sent, &failed);
        bp_arena_reset(&a);
        if (rc != BP_OK)
            fprintf(stderr, "barnplan: mailer: outbox: %s\n", bp_err_name(rc));
        if (failed)
            fprintf(stderr, "barnplan: mailer: %zu sent, %zu to be retried later\n", sent, failed);
        if (sent + failed == 0 || rc != BP_OK) {
            struct timespec ts = {1, 0};
            nanosleep(&ts, NULL); /* SIGTERM cuts it short */
        }
    }
    bp_arena_release(&a);
    bp_app_store_close(store);
    bp_mail_global_release();
    return 0;
}
