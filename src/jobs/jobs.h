/* jobs.h: the background jobs that `barnplan serve` runs beside the HTTP workers, each in a process of its
 * own: the mailer (the outbox's deliverer) and the scheduler (the reminders). A job needs the use cases and
 * its own settings, never the HTTP layer. */
#ifndef BP_JOBS_H
#define BP_JOBS_H
#include "app/app.h"

/* What every job does first: SIGTERM and SIGINT ask it to stop, and the database is opened for a
 * long-running process. Returns 0, or 1 (the exit status) with a message on stderr. */
int bp_job_start(const char *name, const char *db_url, struct bp_store **store);
/* Whether a stop was asked for; a sleep of whole seconds that a stop cuts short. */
bool bp_job_stopping(void);
void bp_job_sleep(int seconds);

/* Sends due messages of the outbox at db_url until SIGTERM or SIGINT, polling once a second; a failure is
 * retried later, never dropped. Returns the process's exit status. */
int bp_mailer_run(const char *db_url, const struct bp_mail_settings *ms);

/* Decides the due reminders (bp_uc_remind) at once and then every `every` seconds, until SIGTERM or
 * SIGINT. Returns the process's exit status. */
int bp_scheduler_run(const char *db_url, int every, int alert_children_per_hour);

/* The audit writer (issue 12 item 1): commits the audit entries the HTTP workers send over the listening Unix
 * socket listen_fd (already bound and listening), all that arrived together in one transaction, and answers
 * each batch when it is durable, until SIGTERM or SIGINT. Returns the process's exit status. */
int bp_audit_writer_run(const char *db_url, int listen_fd);

#endif
