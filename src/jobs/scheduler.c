/* scheduler.c: the process that decides reminders while `barnplan serve` runs (issue 9, item 10), forked
 * by the master beside the workers and the mailer, restarted when it dies. Every `every` seconds it runs
 * bp_uc_remind over the open cases; what it decides goes out through the outbox (the mailer). A restart
 * at any moment decides nothing twice (each reminder's key is unique in the database). Logs counts only. */
#include <signal.h>
#include <time.h>
#include <stdio.h>
#include "jobs/jobs.h"

static volatile sig_atomic_t scheduler_stopping;

static void on_stop(int sig)
{
    (void)sig;
    scheduler_stopping = 1;
}

int bp_scheduler_run(const char *db_url, int every)
{
    struct sigaction sa;
    struct bp_store *store = NULL;
    struct bp_arena a;
    char err[512];

    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_stop;
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    if (bp_app_store_open(db_url, &store, err, sizeof(err)) != BP_OK) {
        fprintf(stderr, "barnplan: scheduler: database: %s\n", err);
        return 1;
    }
    bp_arena_init(&a, 64 * 1024);
    while (!scheduler_stopping) {
        size_t decided = 0;
        int slept;
        enum bp_err rc = bp_uc_remind(store, &a, (int64_t)time(NULL), &decided);
        bp_arena_reset(&a);
        if (rc != BP_OK)
            fprintf(stderr, "barnplan: scheduler: %s\n", bp_err_name(rc));
        else if (decided)
            fprintf(stderr, "barnplan: scheduler: %zu reminders decided\n", decided);
        for (slept = 0; slept < every && !scheduler_stopping; slept++) {
            struct timespec ts = {1, 0};
            nanosleep(&ts, NULL); /* SIGTERM cuts it short */
        }
    }
    bp_arena_release(&a);
    bp_app_store_close(store);
    return 0;
}
