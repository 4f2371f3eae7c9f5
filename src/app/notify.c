/* notify.c: telling the people of a case that something happened, in the app and by e-mail through
 * the outbox (V-2.8, V-8a.5). The e-mail texts are here, in Swedish with an English translation under
 * them, and hold no personal data: what happened, in neutral words, and a link that needs a login.
 * Must not send anything itself (the outbox's delivery does, src/mail/). */
#include "app/app_impl.h"
#include "util/buf.h"

static char public_url[256] = "http://127.0.0.1:8080";

void bp_app_set_public_url(const char *url)
{
    size_t n;
    if (!url || !*url)
        return;
    snprintf(public_url, sizeof(public_url), "%s", url);
    n = strlen(public_url);
    while (n > 0 && public_url[n - 1] == '/')
        public_url[--n] = '\0';
}

/* ---- meetings ---- */
const char *bp_app_public_url(void)
{
    return public_url;
}
/* ---- end meetings ---- */

struct mail_text {
    const char *kind, *subject, *sv, *en;
};

static const struct mail_text texts[] = {
    {"consent_withdrawn", "Barnplan: ett samtycke har återkallats",
     "Ett samtycke har återkallats i ett ärende där du är med. Den verksamhet som samtycket gällde kan inte "
     "längre se ärendets delade uppgifter.",
     "A consent has been withdrawn in a case you take part in. The organisation it concerned can no longer "
     "see the case's shared information."},
    {"consent_changed", "Barnplan: ett samtycke har ändrats",
     "Ett samtycke har ändrats i ett ärende där du är med. Läs vad som gäller nu innan du delar något.",
     "A consent has been changed in a case you take part in. Read what applies now before you share "
     "anything."},
    {"closure_proposed", "Barnplan: förslag att avsluta ett ärende",
     "Alla samtycken i ett ärende där du är med har återkallats. Ärendet föreslås avslutas.",
     "Every consent in a case you take part in has been withdrawn. The case is proposed for closure."},
};

static const struct mail_text *text_for(const char *kind)
{
    size_t i;
    for (i = 0; i < BP_ARRAY_LEN(texts); i++)
        if (strcmp(texts[i].kind, kind) == 0)
            return &texts[i];
    BUG("no e-mail text for notification kind %s", kind);
}

enum bp_err bp_app_notify_involved(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                   int64_t case_id, int64_t org_id, const char *kind)
{
    const struct mail_text *t = text_for(kind);
    struct bp_buf *body = bp_arena_buf(a, 4096);
    struct bp_user *people;
    size_t n, i;
    enum bp_err rc;

    if ((rc = bp_case_involved_users(s, a, case_id, org_id, &people, &n)) != BP_OK)
        return rc;
    bp_buf_addf(body, "%s\n\n%s/cases/%lld\n\n-- \n%s\n", t->sv, public_url, (long long)case_id, t->en);
    if (bp_buf_failed(body))
        BUG("an e-mail text outgrew its buffer");
    for (i = 0; i < n; i++) {
        struct bp_notification nt = {
            .user_id = people[i].id, .case_id = case_id, .org_id = org_id, .kind = kind, .at = actor->now};
        if (actor->user && people[i].id == actor->user->id)
            continue; /* the one who recorded it knows */
        if ((rc = bp_notification_add(s, &nt)) != BP_OK)
            return rc;
        if (people[i].email && *people[i].email) {
            struct bp_outbox_msg m = {.created_at = actor->now,
                                      .recipient = people[i].email,
                                      .user_id = people[i].id,
                                      .case_id = case_id,
                                      .kind = kind,
                                      .subject = t->subject,
                                      .body = bp_buf_str(body),
                                      .next_attempt_at = actor->now};
            if ((rc = bp_outbox_add(s, &m)) != BP_OK)
                return rc;
        }
    }
    return BP_OK;
}

enum bp_err bp_uc_notifications(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                bool mark_read, struct bp_notification **out, size_t *n)
{
    enum bp_err rc;
    *out = NULL;
    *n = 0;
    if (!actor->user)
        return BP_ERR_UNAUTHENTICATED;
    if ((rc = bp_notification_list(s, a, actor->user->id, 50, out, n)) != BP_OK || !mark_read || *n == 0)
        return rc;
    if ((rc = bp_store_begin(s)) != BP_OK)
        return rc;
    if ((rc = bp_notification_read_all(s, actor->user->id, actor->now)) != BP_OK) {
        bp_store_rollback(s);
        return rc;
    }
    return bp_store_commit(s);
}
