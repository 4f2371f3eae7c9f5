/* jobs.h: the background jobs that `barnplan serve` runs beside the HTTP workers, each in a process of its
 * own: the mailer (the outbox's deliverer) and the scheduler (the reminders). A job needs the use cases and
 * its own settings, never the HTTP layer. */
#ifndef BP_JOBS_H
#define BP_JOBS_H
#include "app/app.h"

/* Sends due messages of the outbox at db_url until SIGTERM or SIGINT, polling once a second; a failure is
 * retried later, never dropped. Returns the process's exit status. */
int bp_mailer_run(const char *db_url, const struct bp_mail_settings *ms);

/* Decides the due reminders (bp_uc_remind) at once and then every `every` seconds, until SIGTERM or
 * SIGINT. Returns the process's exit status. */
int bp_scheduler_run(const char *db_url, int every);

#endif
