/* outbox.c: delivering the outbox (V-2.8, K-4.x): each due message is composed (src/mail/mail.c),
 * sent over SMTP (src/mail/smtp.c) and its outcome recorded. A message is never dropped: a failure
 * moves its next attempt later (bp_mail_retry_delay) and, after BP_MAIL_FAILING_AFTER attempts, marks
 * it "failing" for the administrator, while delivery goes on. One deliverer per database: the mailer
 * process of `barnplan serve` (jobs/mailer.c). Logs carry ids and SMTP codes only, never addresses. */
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

enum bp_err bp_uc_outbox_deliver(struct bp_store *s, struct bp_arena *a, const struct bp_mail_settings *cfg,
                                 int64_t now, size_t limit, size_t *sent, size_t *failed)
{
    struct bp_outbox_msg *due;
    size_t n, i;
    enum bp_err rc;

    *sent = *failed = 0;
    if ((rc = bp_outbox_due(s, a, now, limit, &due, &n)) != BP_OK)
        return rc;
    for (i = 0; i < n; i++) {
        struct bp_smtp_result res;
        enum bp_err send_rc = send_one(a, cfg, &due[i], now, &res);
        if ((rc = bp_store_begin(s)) != BP_OK)
            return rc;
        if (send_rc == BP_OK) {
            rc = bp_outbox_sent(s, due[i].id, now);
            (*sent)++;
        } else {
            int attempts = due[i].attempts + 1;
            char *why = bp_arena_printf(a, "%ld %s", res.code, res.error);
            rc = bp_outbox_retry(s, due[i].id, attempts, now + bp_mail_retry_delay(attempts),
                                 bp_mail_give_up(attempts), why);
            (*failed)++;
        }
        if (rc != BP_OK) {
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
