/* job.c: what the background jobs share: the stop signals (SIGTERM, SIGINT), the database opened for a
 * long-running process, and a sleep a stop cuts short. Must not do any job's work. */
#include <signal.h>
#include <stdio.h>
#include <time.h>
#include "jobs/jobs.h"

static volatile sig_atomic_t job_stopping;

static void on_stop(int sig)
{
    (void)sig;
    job_stopping = 1;
}

int bp_job_start(const char *name, const char *db_url, struct bp_store **store)
{
    struct sigaction sa;
    char err[512];
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_stop;
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    if (bp_app_store_open(db_url, store, err, sizeof(err)) != BP_OK) {
        fprintf(stderr, "barnplan: %s: database: %s\n", name, err);
        return 1;
    }
    bp_app_store_writer(*store, name); /* its audit chain's row (issue 11 item 3) */
    return 0;
}

bool bp_job_stopping(void)
{
    return job_stopping != 0;
}

void bp_job_sleep(int seconds)
{
    int i;
    for (i = 0; i < seconds && !job_stopping; i++) {
        struct timespec ts = {1, 0};
        nanosleep(&ts, NULL); /* a stop's signal cuts it short */
    }
}
