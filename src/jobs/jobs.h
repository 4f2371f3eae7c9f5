/* jobs.h: the background jobs that `barnplan serve` runs beside the HTTP workers, each in a process of its
 * own: the mailer (the outbox's deliverer) now, the scheduler later. A job needs the use cases and its own
 * settings, never the HTTP layer. */
#ifndef BP_JOBS_H
#define BP_JOBS_H
#include "app/app.h"

/* Sends due messages of the outbox at db_url until SIGTERM or SIGINT, polling once a second; a failure is
 * retried later, never dropped. Returns the process's exit status. */
int bp_mailer_run(const char *db_url, const struct bp_mail_settings *ms);

#endif
