/* mailer.c: the process that delivers the outbox while `barnplan serve` runs (one per server, forked
 * by the master next to the workers, restarted when it dies). It polls once a second; a message
 * committed by a worker goes out within about a second. Logs counts only: no addresses, no subjects. */
#include <stdio.h>
#include <time.h>
#include "jobs/jobs.h"
#include "mail/mail.h"

int bp_mailer_run(const char *db_url, const struct bp_mail_settings *ms)
{
    struct bp_store *store = NULL;
    struct bp_arena a;

    if (bp_mail_global_init() != BP_OK) {
        fprintf(stderr, "barnplan: mailer: cannot start libcurl\n");
        return 1;
    }
    if (bp_job_start("mailer", db_url, &store) != 0) {
        bp_mail_global_release();
        return 1;
    }
    bp_arena_init(&a, 64 * 1024);
    while (!bp_job_stopping()) {
        size_t sent = 0, failed = 0;
        enum bp_err rc = bp_uc_outbox_deliver(store, &a, ms, (int64_t)time(NULL), 20, &sent, &failed);
        bp_arena_reset(&a);
        if (rc != BP_OK)
            fprintf(stderr, "barnplan: mailer: outbox: %s\n", bp_err_name(rc));
        if (failed)
            fprintf(stderr, "barnplan: mailer: %zu sent, %zu to be retried later\n", sent, failed);
        if (sent + failed == 0 || rc != BP_OK)
            bp_job_sleep(1);
    }
    bp_arena_release(&a);
    bp_app_store_close(store);
    bp_mail_global_release();
    return 0;
}
