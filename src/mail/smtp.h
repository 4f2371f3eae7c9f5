/* smtp.h: hands one composed message to a mail server over SMTP (libcurl), and says whether a failure
 * is worth retrying. The outbox's delivery loop is its caller (mail.h has the retry rule).
 * Must not: compose or change the message (mail.h does), log or return any of its content or
 * addresses, or ever send credentials over an unencrypted connection. */
#ifndef BP_SMTP_H
#define BP_SMTP_H
#include "util/common.h"

struct bp_smtp_config {
    const char *url; /* "smtp://127.0.0.1:2525" (STARTTLS when offered), "smtps://host:465" (TLS) */
    const char *username, *password; /* NULL: no AUTH; needs TLS (smtps:// or require_tls) */
    bool require_tls;                /* smtp://: refuse to send unless STARTTLS succeeds */
    long timeout_ms;                 /* the whole transaction; 0: 60 s; at most BP_MAX_SMTP_TIMEOUT_MS */
};

struct bp_smtp_result {
    long code;       /* the server's last SMTP reply code; 0 when none came (no connection) */
    bool permanent;  /* a 5xx reply or a configuration error: the same attempt will fail again */
    char error[128]; /* a short reason (libcurl's text for its error code), never message content */
};

/* Once per process, before any other thread exists and before bp_smtp_send: libcurl's global state
 * and libical's time zone table. */
enum bp_err bp_mail_global_init(void);
/* Frees what bp_mail_global_init and libical's time zone table hold (at exit; tests, leak checks). */
void bp_mail_global_release(void);

/* Sends `message` (len bytes of CRLF text from bp_mail_compose) from envelope_from to each of rcpts
 * (all or nothing: one refused recipient fails the whole transaction). libcurl does the dot-stuffing.
 * BP_OK: the server accepted the message. BP_ERR_UNAVAILABLE: it did not, `res` says why and whether
 * a retry can help (temporary: 4xx, no connection, a timeout). BP_ERR_INVALID: a bad address, no
 * recipient, credentials without TLS. BP_ERR_TOO_LARGE: over BP_MAX_MAIL_BYTES or BP_MAX_MAIL_RCPTS.
 * `res` is always filled. */
enum bp_err bp_smtp_send(const struct bp_smtp_config *c, const char *envelope_from, const char *const *rcpts,
                         size_t n_rcpts, const char *message, size_t len, struct bp_smtp_result *res);

#endif
