/* notify.c: telling the people of a case that something happened, in the app and by e-mail through
 * the outbox (V-2.8, V-8a.5). The e-mail texts are here, in Swedish with an English translation under
 * them, and hold no personal data: what happened, in neutral words, and a link that needs a login.
 * Must not send anything itself (the outbox's delivery does, src/mail/). */
#include "app/app_impl.h"
#include "util/buf.h"
#include "domain/plan.h"

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
    {"consent_given", "Barnplan: ett samtycke har getts",
     "Ett samtycke har getts i Barnplan för en verksamhet i ett ärende där du är med. Logga in för att läsa "
     "vad som får delas.",
     "A consent has been given in Barnplan for an organisation in a case you take part in. Log in to read "
     "what may be shared."},
    {"closure_proposed", "Barnplan: förslag att avsluta ett ärende",
     "Alla samtycken i ett ärende där du är med har återkallats. Ärendet föreslås avslutas.",
     "Every consent in a case you take part in has been withdrawn. The case is proposed for closure."},
    {"org_asked", "Barnplan: er verksamhet har ombetts delta",
     "Er verksamhet har ombetts delta i samordningen kring ett barn. Logga in för att se vem som frågade och "
     "hur ni når vårdnadshavarna. Registrera sedan vårdnadshavarnas samtycke för er verksamhet.",
     "Your organisation has been asked to take part in coordinating support for a child. Log in to see who "
     "asked and how to reach the guardians. Then record the guardians' consent for your organisation."},
    /* ---- following up the plan (V-10.7) ---- */
    {"coordination_asked", "Barnplan: er verksamhet föreslås samordna en plan",
     "Vid en uppföljning föreslogs att er verksamhet samordnar den uppdaterade planen i ett ärende. Logga in "
     "för att tacka ja eller nej.",
     "At a follow-up it was proposed that your organisation coordinates the updated plan in a case. Log in "
     "to accept or decline."},
    {"coordination_accepted", "Barnplan: en ny samordnande verksamhet har tackat ja",
     "En verksamhet har tackat ja till att samordna den uppdaterade planen i ett ärende där du är med.",
     "An organisation has accepted to coordinate the updated plan in a case you take part in."},
    {"coordination_declined", "Barnplan: en verksamhet har tackat nej till att samordna",
     "En verksamhet har tackat nej till att samordna den uppdaterade planen i ett ärende där du är med. "
     "Välj en annan samordnande verksamhet i planen.",
     "An organisation has declined to coordinate the updated plan in a case you take part in. Choose another "
     "coordinating organisation in the plan."},
    /* ---- reminders (app/reminders.c) ---- */
    {"invitation_soon", "Barnplan: påminnelse om en kallelse",
     "Snart ska kallelsen till ett möte skickas i ett ärende där du är med. Logga in för att se vad som "
     "återstår.",
     "Soon the invitation to a meeting must be sent in a case you take part in. Log in to see what remains."},
    {"task_late", "Barnplan: påminnelse om en försenad uppgift",
     "En uppgift i ett ärende där du är med är försenad. Logga in och se Mina uppgifter.",
     "A task in a case you take part in is late. Log in and see My tasks."},
    {"consent_renewal", "Barnplan: ett samtycke behöver förnyas",
     "Ett samtycke som din verksamhet har i ett ärende gäller snart inte längre. Logga in för att se när det "
     "behöver förnyas.",
     "A consent your organisation holds in a case will soon no longer apply. Log in to see when it must be "
     "renewed."},
    {"survey_unanswered", "Vad tycker du om hjälpen? En påminnelse",
     "För två veckor sedan fick du en enkät från Barnplan om hur vi har arbetat tillsammans. Om du vill "
     "svara, använd länken i det meddelandet. Enkäten är anonym, och det är frivilligt att svara.",
     "Two weeks ago you received a survey from Barnplan about how we have worked together. If you would "
     "like to answer, use the link in that message. The survey is anonymous, and answering is voluntary."},
    {"plan_unsigned", "Barnplan: alla har inte svarat på planen",
     "Alla har ännu inte skrivit under eller avstått från den plan som gäller i ett ärende som din "
     "verksamhet samordnar. Logga in för att se vem som inte har svarat.",
     "Not everyone has yet signed or declined the plan in force in a case your organisation coordinates. "
     "Log in to see who has not answered."},
    {"copies_missing", "Barnplan: familjen saknar sitt exemplar av planen",
     "Någon i familjen har ännu inte fått sitt exemplar av den plan som gäller i ett ärende som din "
     "verksamhet samordnar. Logga in för att se vem.",
     "Someone in the family has not yet received their copy of the plan in force in a case your "
     "organisation coordinates. Log in to see who."},
    {"followup_soon", "Barnplan: uppföljningen närmar sig",
     "Snart är det dags att följa upp en plan där din verksamhet samordnar. Fråga barnet och "
     "vårdnadshavarna hur insatserna har fungerat före mötet. Logga in för att se ärendet.",
     "Soon a plan your organisation coordinates is to be followed up. Ask the child and the guardians how "
     "the interventions have worked before the meeting. Log in to see the case."},
    /* ---- the survey (V-12.1, V-12.2) ---- */
    {"survey", "Vad tycker du om hjälpen?",
     "Vi vill gärna veta vad du tycker om hur vi har arbetat tillsammans. Enkäten är anonym: ingen kan se "
     "vad just du har svarat. Länken fungerar en gång.",
     "We would like to know what you think of how we have worked together. The survey is anonymous: nobody "
     "can see what you answered. The link works once."},
    /* ---- a family member's own login (issue 10 item 2) ---- */
    {"family_link", "Barnplan: din inloggningslänk",
     "Här är länken för att logga in på Barnplan och se ditt barns sidor. Den fungerar en gång och i 30 "
     "minuter. Om du inte bad om den kan du strunta i det här brevet.",
     "Here is the link to log in to Barnplan and see your child's pages. It works once and for 30 minutes. "
     "If "
     "you did not ask for it, you can ignore this e-mail."},
    {"consent_child_no", "Barnplan: en ung person har sagt nej till ett samtycke",
     "En ung person har på sina egna sidor sagt nej till att din verksamhet delar uppgifter, fast "
     "vårdnadshavarna har samtyckt. Samtycket gäller, men ni ska ta ställning till den unges åsikt. Logga in "
     "för att se ärendet.",
     "A young person has said on their own pages that they do not want your organisation to share "
     "information, although the guardians have consented. The consent stands, but you are to weigh the young "
     "person's view. Log in to see the case."},
    {"contact_changed", "Barnplan: dina kontaktuppgifter har ändrats",
     "Telefonnumret eller e-postadressen på dina sidor i Barnplan har just ändrats, och det här är den gamla "
     "adressen. Var det du, behöver du inte göra något. Var det inte du? Säg till den som arbetar med ert "
     "ärende.",
     "The phone number or e-mail address on your pages in Barnplan was just changed, and this is the old "
     "address. If it was you, there is nothing to do. If it was not you, tell the person who works with your "
     "case."},
    /* ---- the plan ---- */
    {"plan_finished", "Barnplan: en plan är klar att läsa",
     "En plan har färdigställts i ett ärende där du är med. Logga in för att läsa den, skriva under och "
     "skriva "
     "ut ditt eget exemplar.",
     "A plan has been finished in a case you take part in. Log in to read it, sign it and print your own "
     "copy."},
    {"responsibility_passed", "Barnplan: ni har fått ansvaret för kommande möten",
     "Er verksamhet har fått ansvaret för de kommande mötena i ett ärende, som den verksamhet som har störst "
     "ansvar för barnet. Logga in för att se ärendet.",
     "Your organisation has been given the responsibility for the coming meetings in a case, as the "
     "organisation with the greatest responsibility for the child. Log in to see the case."},
    /* ---- the barnensbästa-ansvarig (app/named_person.c) ---- */
    {"named_person_named", "Barnplan: du är barnensbästa-ansvarig för ett barn",
     "Du har utsetts till barnensbästa-ansvarig för ett barn i ett ärende. Logga in för att se ärendet och "
     "registrera hur barnets behov ska mötas: inom er verksamhet, av en annan verksamhet eller i samverkan.",
     "You have been named barnensbästa-ansvarig (the child's named person) in a case. Log in to see the case "
     "and record how the child's needs are to be met: within your organisation, by another organisation or "
     "together."},
    {"named_person_replaced", "Barnplan: rollen som barnensbästa-ansvarig har gått vidare",
     "Rollen som barnensbästa-ansvarig i ett ärende där du var barnensbästa-ansvarig har lämnats över till "
     "någon annan, till exempel när barnet börjar skolan. Logga in för att se vem.",
     "The role of barnensbästa-ansvarig in a case where you held it has passed to someone else, for example "
     "when the child starts school. Log in to see who."},
    {"bba_hand_over", "Barnplan: ett barns behov har lämnats över till er",
     "Barnensbästa-ansvarig har bedömt att ett barns behov helt hör till er verksamhet. Logga in för att se "
     "ärendet.",
     "The barnensbästa-ansvarig has found that a child's needs belong entirely to your organisation. Log in "
     "to "
     "see the case."},
    {"decision_taken_family", "Ett beslut från mötet har fattats",
     "Ett beslut som ni väntade på efter mötet har nu fattats. Den som kallade till mötet berättar vad det "
     "blev.",
     "A decision you were waiting for after the meeting has now been taken. The person who called the "
     "meeting "
     "will tell you what it was."},
    /* ---- carrying out the plan (V-9.2-V-9.4) ---- */
    {"plan_event_reported", "Barnplan: något har hänt som påverkar en plan",
     "Någon har rapporterat något som påverkar en plan som du samordnar. Logga in för att läsa det och "
     "besluta om ett tidigare uppföljningsmöte behövs.",
     "Someone has reported something that affects a plan you coordinate. Log in to read it and decide "
     "whether an earlier follow-up meeting is needed."},
    {"plan_event_decided", "Barnplan: beslut om en händelse i en plan",
     "Den som samordnar en plan där du är med har beslutat om en rapporterad händelse. Logga in för att läsa "
     "beslutet.",
     "The coordinator of a plan you take part in has decided on a reported event. Log in to read the "
     "decision."},
    {"child_voice_recorded", "Barnplan: barnets ord under genomförandet",
     "Någon har skrivit ner vad barnet har sagt eller frågat i en plan som du samordnar. Logga in för att "
     "läsa det.",
     "Someone has written down what the child has said or asked in a plan you coordinate. Log in to read "
     "it."},
    /* ---- closing a case (V-11.3, V-11.4) ---- */
    {"case_closed", "Barnplan: ett ärende har avslutats",
     "Ett ärende där du är med har avslutats. Logga in för att se varför och vem som var överens.",
     "A case you take part in has been closed. Log in to see why and who agreed."},
    {"case_reopened", "Barnplan: ett avslutat ärende har öppnats igen",
     "Ett avslutat ärende där du är med har öppnats igen. Logga in för att se varför.",
     "A closed case you take part in has been opened again. Log in to see why."},
    {"case_closed_family", "Planen är avslutad",
     "Planen som ni har varit med och gjort är nu avslutad. Tack för att ni var med.",
     "The plan you helped to make has now been closed. Thank you for taking part."},
    /* ---- administration in the browser (issue 10 item 9): the link is added after the text ---- */
    {"staff_invite", "Barnplan: du är inbjuden",
     "Din verksamhet har bjudit in dig till Barnplan. Öppna länken nedan inom tre dygn och välj ett "
     "lösenord. "
     "Länken fungerar en gång. Om du inte väntade dig det här kan du bortse från brevet.",
     "Your organisation has invited you to Barnplan. Open the link below within three days and choose a "
     "password. The link works once. If you did not expect this, you can ignore this message."},
    /* ---- the audit trail's alerts (issue 11 item 3): to the administrators, no child's data ---- */
    {"audit_alert_children", "Barnplan: ovanligt många barn lästa på en timme",
     "En användare har läst fler barns uppgifter på en timme än installationen tillåter utan larm "
     "(audit_alert_children_per_hour). Granska vad användaren har läst i loggen.",
     "A user has read more children's data in one hour than the installation allows without an alert "
     "(audit_alert_children_per_hour). Review what the user has read in the audit log."},
    {"audit_alert_outside", "Barnplan: läsning utanför användarens verksamheter",
     "En användare har läst eller försökt läsa ett ärende som ingen av användarens verksamheter är med i. "
     "Granska vad användaren har gjort i loggen.",
     "A user has read or tried to read a case that none of the user's organisations takes part in. Review "
     "what the user has done in the audit log."},
    {"decision_taken", "Barnplan: ett beslut har fattats",
     "Ett beslut som planen väntade på har fattats i ett ärende där du är med. Logga in för att läsa det.",
     "A decision the plan was waiting for has been taken in a case you take part in. Log in to read it."},
};

static const struct mail_text *text_for(const char *kind)
{
    const struct mail_text *t = BP_FIND_NAME(struct mail_text, texts, BP_ARRAY_LEN(texts), kind, kind);
    if (t)
        return t;
    BUG("no e-mail text for notification kind %s", kind);
}

/* Queues one e-mail of kind `kind` to `email` (user 0: not a user), in the caller's transaction. */
static enum bp_err queue_mail(struct bp_store *s, const struct bp_actor *actor, int64_t case_id,
                              int64_t user_id, const char *email, const char *kind, const struct mail_text *t,
                              const char *body)
{
    struct bp_outbox_msg m = {.created_at = actor->now,
                              .recipient = email,
                              .user_id = user_id,
                              .case_id = case_id,
                              .kind = kind,
                              .subject = t->subject,
                              .body = body,
                              .next_attempt_at = actor->now};
    return bp_outbox_add(s, &m);
}

/* The e-mail body for professionals: the text, the link behind login, the English text. */
static const char *body_with_link(struct bp_arena *a, const struct mail_text *t, int64_t case_id)
{
    struct bp_buf *body = bp_arena_buf(a, 4096);
    bp_buf_addf(body, "%s\n\n%s/cases/%lld\n\n-- \n%s\n", t->sv, public_url, (long long)case_id, t->en);
    if (bp_buf_failed(body))
        BUG("an e-mail text outgrew its buffer");
    return bp_buf_str(body);
}

enum bp_err bp_app_notify_users(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                int64_t case_id, int64_t org_id, const char *kind,
                                const struct bp_user *people, size_t n)
{
    const struct mail_text *t = text_for(kind);
    const char *body = body_with_link(a, t, case_id);
    size_t i;
    enum bp_err rc;
    for (i = 0; i < n; i++) {
        struct bp_notification nt = {
            .user_id = people[i].id, .case_id = case_id, .org_id = org_id, .kind = kind, .at = actor->now};
        if (actor->user && people[i].id == actor->user->id)
            continue; /* the one who recorded it knows */
        if ((rc = bp_notification_add(s, &nt)) != BP_OK)
            return rc;
        if (people[i].email && *people[i].email &&
            (rc = queue_mail(s, actor, case_id, people[i].id, people[i].email, kind, t, body)) != BP_OK)
            return rc;
    }
    return BP_OK;
}

enum bp_err bp_app_mail_family_link(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                    int64_t case_id, const char *email, const char *kind, const char *path)
{
    const struct mail_text *t = text_for(kind);
    char *body = bp_arena_printf(a, "%s\n\n%s%s\n\n-- \n%s\n", t->sv, public_url, path, t->en);
    return queue_mail(s, actor, case_id, 0, email, kind, t, body);
}

/* OWASP ASVS V14.2.1: the single-use secret is never in the URL's path or query, which proxies, logs and
 * browser histories keep: the link carries it after '#', which a browser never sends, and static/code.js on
 * the page fills the form's field from it; the e-mail also shows it to type when there is no script. */
enum bp_err bp_app_mail_code(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                             int64_t case_id, const char *email, const char *kind, const char *path,
                             const char *code)
{
    const struct mail_text *t = text_for(kind);
    char *body =
        bp_arena_printf(a,
                        "%s\n\n%s%s#kod=%s\n\nOm sidan inte fyller i koden själv: gå till %s%s och skriv "
                        "koden\n%s\n\n-- \n%s\n\nIf the page does not fill in the code itself: go to %s%s "
                        "and type the code above.\n",
                        t->sv, public_url, path, code, public_url, path, code, t->en, public_url, path);
    return queue_mail(s, actor, case_id, 0, email, kind, t, body);
}

enum bp_err bp_app_notify_admins(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                 const char *kind, const char *path, const struct bp_user *people, size_t n)
{
    const struct mail_text *t = text_for(kind);
    const char *body = bp_arena_printf(a, "%s\n\n%s%s\n\n-- \n%s\n", t->sv, public_url, path, t->en);
    size_t i;
    enum bp_err rc;
    for (i = 0; i < n; i++) {
        struct bp_notification nt = {.user_id = people[i].id, .kind = kind, .at = actor->now};
        if ((rc = bp_notification_add(s, &nt)) != BP_OK)
            return rc;
        if (people[i].email && *people[i].email &&
            (rc = queue_mail(s, actor, 0, people[i].id, people[i].email, kind, t, body)) != BP_OK)
            return rc;
    }
    return BP_OK;
}

enum bp_err bp_app_notify_involved(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                   int64_t case_id, int64_t org_id, const char *kind)
{
    struct bp_user *people;
    size_t n;
    enum bp_err rc;
    if ((rc = bp_case_involved_users(s, a, case_id, org_id, &people, &n)) != BP_OK)
        return rc;
    return bp_app_notify_users(s, a, actor, case_id, org_id, kind, people, n);
}

enum bp_err bp_app_notify_case_orgs(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                    int64_t case_id, const int64_t *orgs, size_t n_orgs, const char *kind)
{
    struct bp_user *all = NULL;
    size_t n_all = 0, cap = 0, i, j, k;
    enum bp_err rc;
    for (i = 0; i <= n_orgs; i++) { /* the case's people once, with each organisation's members */
        struct bp_user *people;
        size_t n;
        if ((rc = bp_case_involved_users(s, a, case_id, i < n_orgs ? orgs[i] : 0, &people, &n)) != BP_OK)
            return rc;
        for (j = 0; j < n; j++) {
            for (k = 0; k < n_all && all[k].id != people[j].id; k++)
                ;
            if (k < n_all)
                continue;
            if (n_all == cap) {
                struct bp_user *more = bp_arena_alloc(a, (cap = cap ? 2 * cap : 16) * sizeof(*more));
                if (n_all)
                    memcpy(more, all, n_all * sizeof(*more));
                all = more;
            }
            all[n_all++] = people[j];
        }
    }
    return bp_app_notify_users(s, a, actor, case_id, 0, kind, all, n_all);
}

enum bp_err bp_app_tell_family(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                               int64_t case_id, const struct bp_guardian *guardians, size_t n,
                               const char *kind, const char *more, size_t *told)
{
    const struct mail_text *t = text_for(kind);
    const char *body = bp_arena_printf(a, "%s\n\n%s\n\n-- \n%s\n", t->sv, more ? more : "", t->en);
    size_t i;
    enum bp_err rc;
    *told = 0;
    for (i = 0; i < n; i++) {
        if (!guardians[i].email || !*guardians[i].email || !bp_has_custody(&guardians[i]))
            continue; /* the guardians with custody: a parent without hears through an invitation (R5) */
        if ((rc = queue_mail(s, actor, case_id, 0, guardians[i].email, kind, t, body)) != BP_OK)
            return rc;
        (*told)++;
    }
    return BP_OK;
}

enum bp_err bp_app_notify_attendees(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                    int64_t case_id, int64_t meeting_id, const char *kind,
                                    const char *family_kind, size_t *told)
{
    const struct mail_text *family = text_for(family_kind);
    struct bp_invitee *inv;
    struct bp_meeting m;
    int64_t ran[3];
    size_t n, n_rec, i, j, *idx;
    enum bp_err rc;

    *told = 0;
    if ((rc = bp_meeting_get(s, a, meeting_id, &m)) != BP_OK)
        return rc;
    /* who called, chaired and documented the meeting were there too */
    ran[0] = m.called_by_user;
    ran[1] = m.chair_user_id;
    ran[2] = m.note_taker_user_id;
    for (i = 0; i < 3; i++) {
        struct bp_user u;
        bool seen = ran[i] == 0;
        for (j = 0; j < i && !seen; j++)
            seen = ran[j] == ran[i];
        if (seen)
            continue;
        if ((rc = bp_user_get(s, a, ran[i], &u)) != BP_OK)
            return rc;
        if (!u.disabled &&
            (rc = bp_app_notify_users(s, a, actor, case_id, m.called_by_org, kind, &u, 1)) != BP_OK)
            return rc;
        (*told)++;
    }
    if ((rc = bp_invitee_list(s, a, meeting_id, &inv, &n)) != BP_OK || n == 0)
        return rc;
    idx = bp_arena_alloc(a, n * sizeof(*idx));
    n_rec = bp_decision_recipients(inv, n, idx, n);
    for (i = 0; i < n_rec; i++) {
        const struct bp_invitee *p = &inv[idx[i]];
        if (p->user_id && (p->user_id == ran[0] || p->user_id == ran[1] || p->user_id == ran[2]))
            continue; /* told above */
        if (p->user_id) {
            struct bp_user u;
            if ((rc = bp_user_get(s, a, p->user_id, &u)) != BP_OK)
                return rc;
            if (!u.disabled &&
                (rc = bp_app_notify_users(s, a, actor, case_id, p->org_id, kind, &u, 1)) != BP_OK)
                return rc;
        } else if (p->email && *p->email) {
            /* the family and other adults cannot log in: a neutral text without a link (no personal data) */
            char *body = bp_arena_printf(a, "%s\n\n-- \n%s\n", family->sv, family->en);
            if ((rc = queue_mail(s, actor, case_id, 0, p->email, family_kind, family, body)) != BP_OK)
                return rc;
        }
        (*told)++;
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
