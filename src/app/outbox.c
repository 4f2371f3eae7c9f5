/* outbox.c: delivering the outbox (V-2.8, K-4.x): each due message is composed (src/mail/mail.c),
 * sent over SMTP (src/mail/smtp.c) and its outcome recorded. A message is never dropped: a failure
 * moves its next attempt later (bp_mail_retry_delay) and, after BP_MAIL_FAILING_AFTER attempts, marks
 * it "failing" for the administrator, while delivery goes on. Logs carry ids and SMTP codes only, never
 * addresses.
 *
 * Deliverers: the mailer process of every `barnplan serve` (jobs/mailer.c). On PostgreSQL any number may run
 * on one database (issue 12 item 4, docs/scaling.md): each message is taken with its row locked for the
 * time of its sending (bp_outbox_take), so two mailers never send the same message, and a mailer that dies
 * mid-send releases it with its connection, to be sent again at once by another (at least once: the
 * Message-ID is the same, so mail programs show it once). On SQLite one server owns the database: holding its
 * single write lock through an SMTP conversation would stop every writer, so its mailer reads the due
 * messages without a lock and records each outcome after the sending, as one deliverer may. */
#include "app/app_impl.h"
#include "mail/mail.h"
#include "mail/smtp.h"
#include "util/buf.h"
#include "util/limits.h"

/* Sends one message; fills res. BP_OK when the server accepted it. */
static enum bp_err send_one(struct bp_arena *a, const struct bp_mail_settings *cfg,
                            const struct bp_outbox_msg *m, int64_t now, struct bp_smtp_result *res)
{
    struct bp_buf *msg = bp_arena_buf(a, BP_MAX_MAIL_BYTES);
    const char *rcpt[1] = {m->recipient};
    struct bp_mail_msg mm = {
        .from = cfg->from,
        .from_name = cfg->from_name,
        .to = m->recipient,
        .subject = m->subject,
        .text = m->body,
        .ics = m->ics,
        .ics_method =
            m->ics_method && strcmp(m->ics_method, "CANCEL") == 0 ? BP_ICAL_CANCEL : BP_ICAL_REQUEST,
        .message_id = bp_arena_printf(a, "<outbox-%lld.%lld@%s>", (long long)m->id, (long long)m->created_at,
                                      cfg->message_id_host),
        .date = now,
    };
    enum bp_err rc = bp_mail_compose(&mm, msg);
    memset(res, 0, sizeof(*res));
    if (rc != BP_OK) {
        res->permanent = true;
        snprintf(res->error, sizeof(res->error), "compose: %s", bp_err_name(rc));
        return rc;
    }
    return bp_smtp_send(&cfg->smtp, cfg->from, rcpt, 1, bp_buf_str(msg), msg->len, res);
}

/* Records the outcome of sending m, in the transaction that is open. */
static enum bp_err record(struct bp_store *s, struct bp_arena *a, const struct bp_outbox_msg *m,
                          enum bp_err send_rc, const struct bp_smtp_result *res, int64_t now, size_t *sent,
                          size_t *failed)
{
    int attempts = m->attempts + 1;

    if (send_rc == BP_OK) {
        (*sent)++;
        return bp_outbox_sent(s, m->id, now);
    }
    (*failed)++;
    return bp_outbox_retry(s, m->id, attempts, now + bp_mail_retry_delay(attempts), bp_mail_give_up(attempts),
                           bp_arena_printf(a, "%ld %s", res->code, res->error));
}

/* PostgreSQL: one message per transaction, its row locked while it is sent (several mailers at once). */
static enum bp_err deliver_locked(struct bp_store *s, struct bp_arena *a, const struct bp_mail_settings *cfg,
                                  int64_t now, size_t limit, size_t *sent, size_t *failed)
{
    while (*sent + *failed < limit) {
        struct bp_outbox_msg *m;
        struct bp_smtp_result res;
        size_t n;
        enum bp_err rc;

        if ((rc = bp_store_begin(s)) != BP_OK)
            return rc;
        if ((rc = bp_outbox_take(s, a, now, &m, &n)) != BP_OK || n == 0) {
            bp_store_rollback(s);
            return rc;
        }
        rc = record(s, a, m, send_one(a, cfg, m, now, &res), &res, now, sent, failed);
        if (rc != BP_OK) {
            bp_store_rollback(s);
            return rc;
        }
        if ((rc = bp_store_commit(s)) != BP_OK) /* sent but not recorded: sent again, the same Message-ID */
            return rc;
    }
    return BP_OK;
}

enum bp_err bp_uc_outbox_deliver(struct bp_store *s, struct bp_arena *a, const struct bp_mail_settings *cfg,
                                 int64_t now, size_t limit, size_t *sent, size_t *failed)
{
    struct bp_outbox_msg *due;
    size_t n, i;
    enum bp_err rc;

    *sent = *failed = 0;
    if (bp_store_row_locks(s))
        return deliver_locked(s, a, cfg, now, limit, sent, failed);
    if ((rc = bp_outbox_due(s, a, now, limit, &due, &n)) != BP_OK)
        return rc;
    for (i = 0; i < n; i++) {
        struct bp_smtp_result res;
        enum bp_err send_rc = send_one(a, cfg, &due[i], now, &res);
        if ((rc = bp_store_begin(s)) != BP_OK)
            return rc;
        if ((rc = record(s, a, &due[i], send_rc, &res, now, sent, failed)) != BP_OK) {
            bp_store_rollback(s);
            return rc;
        }
        if ((rc = bp_store_commit(s)) != BP_OK)
            return rc;
    }
    return BP_OK;
}

enum bp_err bp_uc_outbox_unsent(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                struct bp_outbox_msg **out, size_t *n, struct bp_audit *audit)
{
    bp_app_audit_fill(audit, actor, "read", "outbox");
    *out = NULL;
    *n = 0;
    if (!actor->user)
        return BP_ERR_UNAUTHENTICATED;
    if (!actor->user->is_admin) {
        audit->action = "denied";
        return BP_ERR_FORBIDDEN;
    }
    return bp_outbox_unsent(s, a, 100, out, n);
}
