/* scheduler.c: the process that decides reminders while `barnplan serve` runs (issue 9, item 10), forked
 * by the master beside the workers and the mailer, restarted when it dies. Every `every` seconds it runs
 * bp_uc_remind over the open cases; what it decides goes out through the outbox (the mailer). A restart
 * at any moment decides nothing twice (each reminder's key is unique in the database). Then it checks the
 * audit trail for its alerts (issue 11 item 3, bp_uc_audit_alerts), decided once each the same way. Logs
 * counts only. */
#include <stdio.h>
#include <time.h>
#include "jobs/jobs.h"

int bp_scheduler_run(const char *db_url, int every, int alert_children_per_hour)
{
    struct bp_store *store = NULL;
    struct bp_arena a;

    if (bp_job_start("scheduler", db_url, &store) != 0)
        return 1;
    bp_arena_init(&a, 64 * 1024);
    while (!bp_job_stopping()) {
        size_t decided = 0, alerts = 0;
        enum bp_err rc = bp_uc_remind(store, &a, (int64_t)time(NULL), &decided);
        bp_arena_reset(&a);
        if (rc != BP_OK)
            fprintf(stderr, "barnplan: scheduler: %s\n", bp_err_name(rc));
        else if (decided)
            fprintf(stderr, "barnplan: scheduler: %zu reminders decided\n", decided);
        /* the audit trail's alerts (issue 11 item 3): counts only in the log */
        rc = bp_uc_audit_alerts(store, &a, (int64_t)time(NULL), alert_children_per_hour, &alerts);
        bp_arena_reset(&a);
        if (rc != BP_OK)
            fprintf(stderr, "barnplan: scheduler: audit alerts: %s\n", bp_err_name(rc));
        else if (alerts)
            fprintf(stderr, "barnplan: scheduler: %zu audit alerts decided\n", alerts);
        bp_job_sleep(every);
    }
    bp_arena_release(&a);
    bp_app_store_close(store);
    return 0;
}
