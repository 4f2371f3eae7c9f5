/* meeting.c: the meetings' use cases (V-4.3-V-4.5, K-4.1-K-4.8, V-5.x, V-6.x, V-8a.6): plan, change,
 * invite, send, cancel, answer, decide after an absence, record the meeting as held. Meetings are the
 * case's shared information: full access (own consent) for everything, every read audited, every write
 * with its timeline event and audit entry in one transaction, the e-mails queued in the outbox inside it.
 * E-mails and calendar entries carry no personal data: a neutral title, the time, and a link behind login.
 * Must not hold the rules (domain/meeting.c) or any text users see in the app (http/messages.c). */
#include <time.h>
#include "app/app_impl.h"
#include "domain/checks.h"
#include "mail/ical.h"
#include "util/buf.h"

/* ---- helpers ---- */

int64_t bp_app_local_to_unix(struct bp_date d, int minute)
{
    struct tm tm = {0};
    tm.tm_year = d.y - 1900;
    tm.tm_mon = d.m - 1;
    tm.tm_mday = d.d;
    tm.tm_hour = minute / 60;
    tm.tm_min = minute % 60;
    tm.tm_isdst = -1;
    return (int64_t)mktime(&tm);
}

static struct bp_date parse_date(const char *s)
{
    struct bp_date d = {0};
    if (s)
        bp_date_parse(s, &d);
    return d;
}

/* Opens the case with full access for a read by the actor; the caller hands *e back to be committed. */
static enum bp_err open_case(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                             int64_t case_id, struct bp_case_access *ca, struct bp_audit *e)
{
    return bp_app_case_read(s, a, actor, case_id, "meeting", BP_ACCESS_FULL, ca, e);
}

/* The meeting of this case, or BP_ERR_NOT_FOUND. */
static enum bp_err load_meeting(struct bp_store *s, struct bp_arena *a, int64_t case_id, int64_t meeting_id,
                                struct bp_meeting *m, struct bp_invitee **inv, size_t *n)
{
    enum bp_err rc = bp_meeting_get(s, a, meeting_id, m);
    if (rc != BP_OK)
        return rc;
    if (m->case_id != case_id)
        return BP_ERR_NOT_FOUND;
    return inv ? bp_invitee_list(s, a, meeting_id, inv, n) : BP_OK;
}

static int64_t actor_org(const struct bp_case_access *ca)
{
    return ca->d.via_org_id;
}

/* ---- e-mail and calendar ---- */

/* The neutral title of the calendar entry: never the child's name or the reason (no personal data). */
static const char *neutral_summary(enum bp_meeting_kind kind)
{
    return kind == BP_MEETING_PREPARATION ? "Förberedande möte (Barnplan)" : "Samordningsmöte (Barnplan)";
}

struct mail_kind {
    const char *kind, *subject, *sv, *en;
};

static const struct mail_kind mail_kinds[] = {
    /* K-4.6: the invitation is binding, as for a SIP; V-6.2, K-4.7: who cannot come says so, with who
     * comes instead */
    {"meeting_invitation", "Barnplan: kallelse till möte",
     "Du är kallad till ett möte. Tiden finns i kalenderinbjudan. Kallelsen är bindande, som vid en SIP: "
     "kan du inte komma, svara i Barnplan och säg vem från din verksamhet som kommer i stället. Logga in i "
     "Barnplan för att se mer om mötet och svara.",
     "You are invited to a meeting. The time is in the calendar invitation. The invitation is binding, as "
     "for a SIP: if you cannot come, answer in Barnplan and say who from your organisation comes instead. "
     "Log in to Barnplan to see more and to answer."},
    {"meeting_changed", "Barnplan: ett möte har ändrats",
     "Ett möte som du är kallad till har ändrats. Den nya tiden finns i kalenderinbjudan.",
     "A meeting you are invited to has changed. The new time is in the calendar invitation."},
    {"meeting_cancelled", "Barnplan: ett möte är inställt", "Ett möte som du var kallad till är inställt.",
     "A meeting you were invited to has been cancelled."},
    {"meeting_declined", "Barnplan: någon kan inte komma till ett möte",
     "Någon som är kallad till ett möte som du har kallat till kan inte komma. Logga in i Barnplan och "
     "bestäm "
     "tillsammans med vårdnadshavaren om mötet ska ställas in eller genomföras.",
     "Someone invited to a meeting you called cannot attend. Log in to Barnplan and decide with the guardian "
     "whether to cancel or hold the meeting."},
};

static const struct mail_kind *mail_kind(const char *kind)
{
    const struct mail_kind *t =
        BP_FIND_NAME(struct mail_kind, mail_kinds, BP_ARRAY_LEN(mail_kinds), kind, kind);
    if (t)
        return t;
    BUG("no e-mail text for meeting mail kind %s", kind);
}

static const char *mail_body(struct bp_arena *a, const struct mail_kind *t, const struct bp_meeting *m)
{
    return bp_arena_printf(a, "%s\n\n%s/cases/%lld/meetings/%lld\n\n-- \n%s\n", t->sv, bp_app_public_url(),
                           (long long)m->case_id, (long long)m->id, t->en);
}

/* For the child, the guardians and other adults, who have no login: the time is in the calendar part,
 * the rest comes from the one who called (and the printed letter); no link. */
static const char *family_body(struct bp_arena *a, const char *kind)
{
    if (strcmp(kind, "meeting_cancelled") == 0)
        return "Ett möte som du var kallad till är inställt.\n\n-- \nA meeting you were invited to has been "
               "cancelled.\n";
    if (strcmp(kind, "meeting_changed") == 0)
        return "Ett möte som du är kallad till har ändrats. Den nya tiden finns i kalenderinbjudan.\n\n-- "
               "\nA "
               "meeting you are invited to has changed. The new time is in the calendar invitation.\n";
    (void)a;
    return "Välkommen till ett möte. Tiden finns i kalenderinbjudan. Den som har kallat berättar mer om "
           "mötet "
           "och vill gärna veta om du kan komma.\n\n-- \nWelcome to a meeting. The time is in the calendar "
           "invitation. The person who called the meeting will tell you more and would like to know whether "
           "you "
           "can come.\n";
}

/* The organizer: the caller's address when it is one, else a neutral no-reply address. */
static const char *organizer_email(struct bp_store *s, struct bp_arena *a, const struct bp_meeting *m)
{
    struct bp_user u;
    struct bp_field_errors e = {0};
    if (bp_user_get(s, a, m->called_by_user, &u) == BP_OK && u.email && *u.email &&
        bp_check_email(&e, "organizer", u.email))
        return u.email;
    return "noreply@barnplan.invalid";
}

/* Queues one e-mail of `kind` to every invitee with an address (only `only` when not 0), each with its own
 * calendar part (only the recipient as attendee: the others' addresses are not shared). */
static enum bp_err queue_mails(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                               const struct bp_meeting *m, const struct bp_invitee *inv, size_t n,
                               int64_t only, const char *kind, enum bp_ical_method method)
{
    const struct mail_kind *t = mail_kind(kind);
    const char *body = mail_body(a, t, m);
    const char *uid = bp_arena_printf(a, "meeting-%lld@barnplan", (long long)m->id);
    const char *url = bp_arena_printf(a, "%s/cases/%lld/meetings/%lld", bp_app_public_url(),
                                      (long long)m->case_id, (long long)m->id);
    const char *organizer = organizer_email(s, a, m);
    size_t i;
    enum bp_err rc;
    for (i = 0; i < n; i++) {
        const char *to[1] = {inv[i].email};
        struct bp_buf *ics;
        struct bp_ical_event ev = {.uid = uid,
                                   .sequence = m->sequence,
                                   .method = method,
                                   .start = m->starts_at,
                                   .end = m->ends_at,
                                   .summary = neutral_summary(m->kind),
                                   .description = "Kallelse från Barnplan. Logga in för att se mötet.",
                                   .url = url,
                                   .organizer_email = organizer,
                                   .organizer_name = "Barnplan",
                                   .attendee_emails = to,
                                   .n_attendees = 1,
                                   .stamp = actor->now};
        struct bp_outbox_msg msg;
        if (!inv[i].email || !*inv[i].email || (only && inv[i].id != only))
            continue;
        ics = bp_arena_buf(a, BP_MAX_ICS_BYTES);
        if ((rc = bp_ical_build(&ev, ics)) != BP_OK)
            return rc;
        msg = (struct bp_outbox_msg){.created_at = actor->now,
                                     .recipient = inv[i].email,
                                     .user_id = inv[i].user_id,
                                     .case_id = m->case_id,
                                     .kind = kind,
                                     .subject = t->subject,
                                     .body =
                                         inv[i].kind == BP_INVITEE_PROFESSIONAL ? body : family_body(a, kind),
                                     .ics = bp_buf_str(ics),
                                     .ics_method = method == BP_ICAL_CANCEL ? "CANCEL" : "REQUEST",
                                     .next_attempt_at = actor->now};
        if ((rc = bp_outbox_add(s, &msg)) != BP_OK)
            return rc;
    }
    return BP_OK;
}

/* In-app notifications of `kind` to the professional invitees who are users (not the actor). */
static enum bp_err notify_professionals(struct bp_store *s, const struct bp_actor *actor,
                                        const struct bp_meeting *m, const struct bp_invitee *inv, size_t n,
                                        const char *kind)
{
    size_t i;
    enum bp_err rc;
    for (i = 0; i < n; i++) {
        struct bp_notification nt = {.user_id = inv[i].user_id,
                                     .case_id = m->case_id,
                                     .org_id = inv[i].org_id,
                                     .kind = kind,
                                     .at = actor->now};
        if (inv[i].kind != BP_INVITEE_PROFESSIONAL || !inv[i].user_id || inv[i].user_id == actor->user->id)
            continue;
        if ((rc = bp_notification_add(s, &nt)) != BP_OK)
            return rc;
    }
    return BP_OK;
}

/* ---- reads ---- */

enum bp_err bp_uc_meeting_list(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                               int64_t case_id, struct bp_meeting **out, size_t *n, enum bp_model *model,
                               struct bp_audit *audit)
{
    struct bp_case_access ca;
    enum bp_err rc;
    *out = NULL;
    *n = 0;
    if ((rc = open_case(s, a, actor, case_id, &ca, audit)) != BP_OK)
        return rc;
    *model = ca.kase.model;
    return bp_meeting_list(s, a, case_id, out, n);
}

static const char *user_name(struct bp_store *s, struct bp_arena *a, int64_t id)
{
    struct bp_user u;
    if (!id || bp_user_get(s, a, id, &u) != BP_OK)
        return "";
    return u.display_name;
}

/* The people of the organisations taking part, each once. */
static enum bp_err load_members(struct bp_store *s, struct bp_arena *a, const struct bp_case_access *ca,
                                struct bp_meeting_detail *out)
{
    size_t i, j, k, cap = 0;
    enum bp_err rc;
    // NOLINTNEXTLINE(bugprone-sizeof-expression): per holds one pointer (a list) per organisation
    struct bp_user **per = bp_arena_alloc(a, sizeof(*per) * (ca->n_orgs + 1));
    size_t *nper = bp_arena_alloc(a, sizeof(*nper) * (ca->n_orgs + 1));
    for (i = 0; i < ca->n_orgs; i++) {
        if ((rc = bp_case_involved_users(s, a, ca->kase.id, ca->orgs[i], &per[i], &nper[i])) != BP_OK)
            return rc;
        cap += nper[i];
    }
    out->members = bp_arena_alloc(a, sizeof(*out->members) * (cap + 1));
    out->n_members = 0;
    for (i = 0; i < ca->n_orgs; i++)
        for (j = 0; j < nper[i]; j++) {
            bool seen = false;
            for (k = 0; k < out->n_members; k++)
                seen |= out->members[k].id == per[i][j].id;
            if (!seen)
                out->members[out->n_members++] = per[i][j];
        }
    return BP_OK;
}

static enum bp_err fill_view(struct bp_store *s, struct bp_arena *a, const struct bp_case_access *ca,
                             int64_t meeting_id, struct bp_meeting_detail *out)
{
    enum bp_err rc;
    size_t i;
    out->kase = ca->kase;
    if ((rc = bp_child_get(s, a, ca->kase.child_id, &out->child)) != BP_OK ||
        (rc = bp_guardian_list(s, a, ca->kase.child_id, &out->guardians, &out->n_guardians)) != BP_OK ||
        (rc = load_members(s, a, ca, out)) != BP_OK)
        return rc;
    if ((rc = bp_app_case_org_names(a, ca, &out->orgs, &out->n_orgs)) != BP_OK)
        return rc;
    if (!meeting_id)
        return BP_OK;
    if ((rc = load_meeting(s, a, ca->kase.id, meeting_id, &out->m, &out->invitees, &out->n_invitees)) !=
            BP_OK ||
        (rc = bp_absence_decision_list(s, a, meeting_id, &out->decisions, &out->n_decisions)) != BP_OK)
        return rc;
    out->steps = bp_arena_alloc(a, sizeof(*out->steps) * (out->n_invitees + 1));
    for (i = 0; i < out->n_invitees; i++) {
        const struct bp_absence_decision *d = NULL;
        size_t j;
        for (j = 0; j < out->n_decisions; j++)
            if (out->decisions[j].invitee_id == out->invitees[i].id)
                d = &out->decisions[j];
        out->steps[i] = bp_absence_next(ca->kase.model, out->m.kind, &out->invitees[i], d);
    }
    out->caller_name = user_name(s, a, out->m.called_by_user);
    out->chair_name = user_name(s, a, out->m.chair_user_id);
    out->note_taker_name = user_name(s, a, out->m.note_taker_user_id);
    out->needs_debrief = bp_meeting_needs_debrief(&out->m, out->invitees, out->n_invitees);
    return BP_OK;
}

enum bp_err bp_uc_meeting_view(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                               int64_t case_id, int64_t meeting_id, struct bp_meeting_detail *out,
                               struct bp_audit *audit)
{
    struct bp_case_access ca;
    enum bp_err rc;
    memset(out, 0, sizeof(*out));
    if ((rc = open_case(s, a, actor, case_id, &ca, audit)) != BP_OK ||
        (rc = fill_view(s, a, &ca, meeting_id, out)) != BP_OK)
        return rc;
    /* issue 10 item 10: a protected guardian's contact, and their e-mail as an invitee, for those who may */
    bp_app_withhold_contacts(&ca, &out->child, out->guardians, out->n_guardians);
    bp_app_withhold_invitees(out->guardians, out->n_guardians, out->invitees, out->n_invitees);
    return BP_OK;
}

/* ---- writes ---- */

/* Validates the form into *m and converts its local date and times. */
static enum bp_err validate_meeting(const struct bp_actor *actor, const struct bp_case_access *ca,
                                    const struct bp_meeting_input *in, struct bp_meeting *m,
                                    struct bp_field_errors *errs)
{
    enum bp_err rc = bp_meeting_validate(in, actor->user, bp_actor_today(actor), m, errs);
    m->case_id = ca->kase.id;
    if (rc == BP_OK && m->kind == BP_MEETING_PREPARATION) {
        /* V-2.7, V-5.2: the professionals prepare together only under a consent that covers it */
        int64_t org = m->called_by_org;
        if (!bp_consent_allows_preparation(ca->consents, ca->n_consents, &org, 1, bp_actor_today(actor))) {
            bp_field_errors_add(errs, "meeting.kind", "preparation_consent");
            rc = BP_ERR_INVALID;
        }
    }
    if (rc != BP_OK)
        return rc;
    m->starts_at = bp_app_local_to_unix(m->date, m->start_minute);
    m->ends_at = bp_app_local_to_unix(m->date, m->end_minute);
    return BP_OK;
}

enum bp_err bp_uc_meeting_plan(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                               int64_t case_id, const struct bp_meeting_input *in, int64_t *meeting_id,
                               struct bp_field_errors *errs)
{
    struct bp_unit u;
    struct bp_meeting m;
    enum bp_err rc;
    if ((rc = bp_unit_open_change(&u, s, a, actor, case_id, "create", "meeting", BP_ACCESS_FULL, errs,
                                  "meeting")) != BP_OK)
        return rc;
    if ((rc = validate_meeting(actor, &u.ca, in, &m, errs)) != BP_OK)
        return rc;
    if ((rc = bp_unit_begin(&u)) != BP_OK)
        return rc;
    rc = bp_meeting_add(s, &m, actor->now);
    bp_unit_event(&u, actor_org(&u.ca), "meeting_planned", NULL);
    if ((rc = bp_unit_finish(&u, rc)) == BP_OK)
        *meeting_id = m.id;
    return rc;
}

/* Opens a planned meeting of the case for a write. */
static enum bp_err open_meeting(struct bp_unit *u, struct bp_store *s, struct bp_arena *a,
                                const struct bp_actor *actor, int64_t case_id, int64_t meeting_id,
                                struct bp_meeting *m, struct bp_invitee **inv, size_t *n,
                                struct bp_field_errors *errs, bool must_be_planned)
{
    enum bp_err rc;
    if ((rc = bp_unit_open_change(u, s, a, actor, case_id, "update", "meeting", BP_ACCESS_FULL, errs,
                                  NULL)) != BP_OK)
        return rc;
    if ((rc = load_meeting(s, a, case_id, meeting_id, m, inv, n)) != BP_OK)
        return bp_unit_lookup(u, rc);
    if (!bp_unit_case_open(u, errs, "meeting"))
        return BP_ERR_CONFLICT;
    if (must_be_planned && m->status != BP_MEETING_PLANNED) {
        bp_field_errors_add(errs, "meeting.status", "not_planned");
        return BP_ERR_CONFLICT;
    }
    return BP_OK;
}

/* Opens a planned meeting of the case for a write on one of its invitees: *i is the invitee's index in
 * *inv, and an invitee the meeting does not have is BP_ERR_NOT_FOUND. */
static enum bp_err open_invitee(struct bp_unit *u, struct bp_store *s, struct bp_arena *a,
                                const struct bp_actor *actor, int64_t case_id, int64_t meeting_id,
                                int64_t invitee_id, struct bp_meeting *m, struct bp_invitee **inv, size_t *n,
                                size_t *i, struct bp_field_errors *errs)
{
    enum bp_err rc = open_meeting(u, s, a, actor, case_id, meeting_id, m, inv, n, errs, true);
    if (rc != BP_OK)
        return rc;
    for (*i = 0; *i < *n && (*inv)[*i].id != invitee_id; (*i)++)
        ;
    return *i == *n ? bp_unit_lookup(u, BP_ERR_NOT_FOUND) : BP_OK;
}

enum bp_err bp_uc_meeting_edit(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                               int64_t case_id, int64_t meeting_id, const struct bp_meeting_input *in,
                               bool *update_sent, struct bp_field_errors *errs)
{
    struct bp_unit u;
    struct bp_meeting old, m;
    struct bp_invitee *inv;
    size_t n;
    enum bp_err rc;
    *update_sent = false;
    if ((rc = open_meeting(&u, s, a, actor, case_id, meeting_id, &old, &inv, &n, errs, true)) != BP_OK)
        return rc;
    if ((rc = validate_meeting(actor, &u.ca, in, &m, errs)) != BP_OK)
        return rc;
    /* what the form does not change stays: the caller, the invitation, the record of the meeting */
    m.id = old.id;
    m.called_by_user = old.called_by_user;
    m.sequence = old.sequence;
    m.invitation_sent_at = old.invitation_sent_at;
    m.invited_on = old.invited_on;
    if (old.invitation_sent_at && bp_meeting_calendar_changed(&old, &m)) {
        m.sequence = old.sequence + 1; /* the calendars see the change as an update of the same entry */
        *update_sent = true;
    }
    if ((rc = bp_unit_begin(&u)) != BP_OK)
        return rc;
    rc = bp_meeting_update(s, &m);
    bp_unit_event(&u, actor_org(&u.ca), "meeting_changed", NULL);
    if (rc == BP_OK && *update_sent)
        rc = queue_mails(s, a, actor, &m, inv, n, 0, "meeting_changed", BP_ICAL_REQUEST);
    if (rc == BP_OK && *update_sent)
        rc = notify_professionals(s, actor, &m, inv, n, "meeting_changed");
    return bp_unit_finish(&u, rc);
}

enum bp_err bp_uc_invitee_add(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                              int64_t case_id, int64_t meeting_id, const struct bp_invitee_input *in,
                              int64_t *invitee_id, struct bp_field_errors *errs)
{
    struct bp_unit u;
    struct bp_meeting m;
    struct bp_invitee *inv, v;
    struct bp_guardian *g;
    size_t n, ng;
    enum bp_err rc;
    if ((rc = open_meeting(&u, s, a, actor, case_id, meeting_id, &m, &inv, &n, errs, true)) != BP_OK)
        return rc;
    if (n >= BP_MAX_INVITEES) {
        bp_field_errors_add(errs, "meeting.invitees", "too_many");
        return BP_ERR_INVALID;
    }
    if ((rc = bp_guardian_list(s, a, u.ca.kase.child_id, &g, &ng)) != BP_OK)
        return rc;
    if ((rc = bp_invitee_validate(a, n, in, g, ng, &v, errs)) != BP_OK)
        return rc;
    if (v.kind == BP_INVITEE_PROFESSIONAL) {
        /* V-4.5: professionals of organisations that take part in the case */
        if (!bp_id_in(u.ca.orgs, u.ca.n_orgs, v.org_id)) {
            bp_field_errors_add(errs, bp_arena_printf(a, "invitees.%zu.org_id", n), "choice");
            return BP_ERR_INVALID;
        }
        if (v.user_id) {
            struct bp_user usr;
            size_t i;
            bool member = false;
            if ((rc = bp_user_get(s, a, v.user_id, &usr)) != BP_OK && rc != BP_ERR_NOT_FOUND)
                return rc;
            for (i = 0; rc == BP_OK && i < usr.n_orgs; i++)
                member |= usr.orgs[i].org_id == v.org_id;
            if (!member) {
                bp_field_errors_add(errs, bp_arena_printf(a, "invitees.%zu.user_id", n), "not_member");
                return BP_ERR_INVALID;
            }
            if (!*v.name)
                v.name = usr.display_name;
            if (!*v.email && usr.email)
                v.email = usr.email;
        }
    }
    v.meeting_id = meeting_id;
    if ((rc = bp_unit_begin(&u)) != BP_OK)
        return rc;
    rc = bp_invitee_add(s, &v);
    bp_unit_event(&u, actor_org(&u.ca), "meeting_invitee_added", NULL);
    if (rc == BP_OK && m.invitation_sent_at) /* already sent: the newcomer gets it now */
        rc = queue_mails(s, a, actor, &m, &v, 1, 0, "meeting_invitation", BP_ICAL_REQUEST);
    if (rc == BP_OK && m.invitation_sent_at)
        rc = notify_professionals(s, actor, &m, &v, 1, "meeting_invitation");
    if ((rc = bp_unit_finish(&u, rc)) == BP_OK)
        *invitee_id = v.id;
    return rc;
}

enum bp_err bp_uc_invitee_remove(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                 int64_t case_id, int64_t meeting_id, int64_t invitee_id)
{
    struct bp_field_errors errs = {0};
    struct bp_unit u;
    struct bp_meeting m;
    struct bp_invitee *inv;
    size_t n, i;
    enum bp_err rc;
    if ((rc = open_invitee(&u, s, a, actor, case_id, meeting_id, invitee_id, &m, &inv, &n, &i, &errs)) !=
        BP_OK)
        return rc;
    m.sequence++; /* a removed invitee who had the invitation gets a cancel */
    if ((rc = bp_unit_begin(&u)) != BP_OK)
        return rc;
    rc = bp_invitee_remove(s, meeting_id, invitee_id);
    bp_unit_event(&u, actor_org(&u.ca), "meeting_invitee_removed", NULL);
    if (rc == BP_OK && m.invitation_sent_at)
        rc = queue_mails(s, a, actor, &m, &inv[i], 1, 0, "meeting_cancelled", BP_ICAL_CANCEL);
    if (rc == BP_OK && m.invitation_sent_at)
        rc = bp_meeting_update(s, &m);
    return bp_unit_finish(&u, rc);
}

enum bp_err bp_uc_meeting_send(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                               int64_t case_id, int64_t meeting_id, bool confirmed,
                               struct bp_deadline *deadline, struct bp_field_errors *errs,
                               struct bp_field_errors *warns)
{
    struct bp_invitation_ctx ctx;
    struct bp_unit u;
    struct bp_meeting m;
    struct bp_invitee *inv;
    struct bp_guardian *g;
    const struct bp_child_prep *child_prep;
    const struct bp_guardian_prep *guardian_preps;
    size_t n, ng, n_guardian_preps;
    enum bp_err rc;
    warns->count = 0;
    memset(deadline, 0, sizeof(*deadline));
    if ((rc = open_meeting(&u, s, a, actor, case_id, meeting_id, &m, &inv, &n, errs, false)) != BP_OK)
        return rc;
    if ((rc = bp_guardian_list(s, a, u.ca.kase.child_id, &g, &ng)) != BP_OK)
        return rc;
    if ((rc = bp_app_load_preps(s, a, case_id, &child_prep, &guardian_preps, &n_guardian_preps)) != BP_OK)
        return rc;
    ctx = (struct bp_invitation_ctx){
        .model = u.ca.kase.model,
        .noticed = parse_date(u.ca.kase.noticed_on),
        .today = bp_actor_today(actor),
        .now = actor->now,
        .guardians = g,
        .n_guardians = ng,
        /* V-4.3: the invitation goes out once the child and the guardians are prepared (else a warning) */
        .child_prep = child_prep,
        .guardian_preps = guardian_preps,
        .n_guardian_preps = n_guardian_preps,
        .consents = u.ca.consents,
        .n_consents = u.ca.n_consents,
    };
    rc = bp_invitation_check(a, &m, inv, n, &ctx, deadline, errs, warns);
    if (m.invitation_sent_at && rc == BP_OK) {
        bp_field_errors_add(errs, "meeting.status", "already_sent");
        return BP_ERR_CONFLICT;
    }
    if (rc != BP_OK)
        return rc;
    if (warns->count && !confirmed) /* shown and confirmed, never silently ignored */
        return BP_ERR_CONFLICT;
    m.invitation_sent_at = actor->now;
    m.invited_on = bp_actor_today(actor);
    if ((rc = bp_unit_begin(&u)) != BP_OK)
        return rc;
    rc = bp_meeting_update(s, &m);
    bp_unit_event(&u, actor_org(&u.ca), "meeting_invited", NULL);
    if (rc == BP_OK)
        rc = queue_mails(s, a, actor, &m, inv, n, 0, "meeting_invitation", BP_ICAL_REQUEST);
    if (rc == BP_OK)
        rc = notify_professionals(s, actor, &m, inv, n, "meeting_invitation");
    if (warns->count) /* the confirmed warnings are on record */
        u.audit.detail = "warnings_confirmed";
    return bp_unit_finish(&u, rc);
}

/* Cancels m inside the caller's transaction: status, sequence, the CANCEL e-mails. */
static enum bp_err cancel_in_tx(struct bp_unit *u, struct bp_meeting *m, const struct bp_invitee *inv,
                                size_t n)
{
    struct bp_store *s = u->s;
    struct bp_arena *a = u->a;
    const struct bp_actor *actor = u->actor;
    enum bp_err rc;
    bool sent = m->invitation_sent_at != 0;
    m->status = BP_MEETING_CANCELLED;
    if (sent)
        m->sequence++;
    rc = bp_meeting_update(s, m);
    bp_unit_event(u, actor_org(&u->ca), "meeting_cancelled", NULL);
    if (rc == BP_OK && sent)
        rc = queue_mails(s, a, actor, m, inv, n, 0, "meeting_cancelled", BP_ICAL_CANCEL);
    if (rc == BP_OK && sent)
        rc = notify_professionals(s, actor, m, inv, n, "meeting_cancelled");
    return rc;
}

enum bp_err bp_app_cancel_planned_meetings(struct bp_unit *u)
{
    struct bp_meeting *ms;
    size_t n, i;
    enum bp_err rc;
    if ((rc = bp_meeting_list(u->s, u->a, u->ca.kase.id, &ms, &n)) != BP_OK)
        return rc;
    for (i = 0; i < n && rc == BP_OK; i++) {
        struct bp_invitee *inv;
        size_t ni;
        if (ms[i].status != BP_MEETING_PLANNED)
            continue;
        if ((rc = bp_invitee_list(u->s, u->a, ms[i].id, &inv, &ni)) == BP_OK)
            rc = cancel_in_tx(u, &ms[i], inv, ni);
    }
    return rc;
}

enum bp_err bp_uc_meeting_cancel(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                 int64_t case_id, int64_t meeting_id, struct bp_field_errors *errs)
{
    struct bp_unit u;
    struct bp_meeting m;
    struct bp_invitee *inv;
    size_t n;
    enum bp_err rc;
    if ((rc = open_meeting(&u, s, a, actor, case_id, meeting_id, &m, &inv, &n, errs, true)) != BP_OK)
        return rc;
    if ((rc = bp_unit_begin(&u)) != BP_OK)
        return rc;
    rc = cancel_in_tx(&u, &m, inv, n);
    return bp_unit_finish(&u, rc);
}

/* K-4.7: the one who called the meeting is told that someone declined, in the app and by e-mail. */
static enum bp_err tell_inviter(struct bp_unit *u, const struct bp_meeting *m)
{
    struct bp_notification nt = {.user_id = m->called_by_user,
                                 .case_id = u->ca.kase.id,
                                 .org_id = m->called_by_org,
                                 .kind = "meeting_declined",
                                 .at = u->actor->now};
    struct bp_user caller;
    const struct mail_kind *t = mail_kind("meeting_declined");
    enum bp_err rc = bp_notification_add(u->s, &nt);
    if (rc == BP_OK && (rc = bp_user_get(u->s, u->a, m->called_by_user, &caller)) == BP_OK && caller.email &&
        *caller.email) {
        struct bp_outbox_msg msg = {.created_at = u->actor->now,
                                    .recipient = caller.email,
                                    .user_id = caller.id,
                                    .case_id = u->ca.kase.id,
                                    .kind = t->kind,
                                    .subject = t->subject,
                                    .body = mail_body(u->a, t, m),
                                    .next_attempt_at = u->actor->now};
        rc = bp_outbox_add(u->s, &msg);
    }
    return rc;
}

enum bp_err bp_uc_invitee_answer(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                 int64_t case_id, int64_t meeting_id, int64_t invitee_id,
                                 const struct bp_answer_input *in, enum bp_absence_step *step,
                                 struct bp_field_errors *errs)
{
    struct bp_unit u;
    struct bp_meeting m;
    struct bp_invitee *inv, v;
    size_t n, i;
    enum bp_err rc;
    *step = BP_ABSENCE_STEP_NONE;
    if ((rc = open_invitee(&u, s, a, actor, case_id, meeting_id, invitee_id, &m, &inv, &n, &i, errs)) !=
        BP_OK)
        return rc;
    if (!bp_may_answer_for(actor->user, &m, &inv[i])) { /* V-6.2, K-4.7 */
        bp_field_errors_add(errs, bp_arena_printf(a, "invitees.%zu.answer", i), "answer_for_self");
        return BP_ERR_INVALID;
    }
    if ((rc = bp_answer_validate(a, i, &inv[i], in, bp_actor_today(actor), &v, errs)) != BP_OK)
        return rc;
    *step = bp_absence_next(u.ca.kase.model, m.kind, &v, NULL);
    if ((rc = bp_unit_begin(&u)) != BP_OK)
        return rc;
    rc = bp_invitee_update(s, &v);
    bp_unit_event(&u, actor_org(&u.ca), v.answer == BP_ANSWER_NO ? "meeting_declined" : "meeting_answered",
                  NULL);
    if (rc == BP_OK && *step == BP_ABSENCE_STEP_DECIDE && inv[i].answer != BP_ANSWER_NO)
        rc = tell_inviter(&u, &m);
    return bp_unit_finish(&u, rc);
}

enum bp_err bp_uc_family_invitation(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                    const struct bp_family_case_view *v, int64_t meeting_id,
                                    struct bp_family_invitation *out)
{
    enum bp_invitee_kind kind = v->who.guardian_id ? BP_INVITEE_GUARDIAN : BP_INVITEE_CHILD;
    struct bp_invitee *inv;
    size_t n, i;
    enum bp_err rc;
    memset(out, 0, sizeof(*out));
    for (i = 0; i < v->n_meetings && !out->meeting; i++)
        out->meeting = v->meetings[i].m.id == meeting_id ? &v->meetings[i].m : NULL;
    if (!out->meeting)
        return BP_OK;
    if ((rc = bp_invitee_list(s, a, meeting_id, &inv, &n)) != BP_OK)
        return rc;
    for (i = 0; i < n && !out->own; i++)
        if (inv[i].kind == kind && (kind == BP_INVITEE_CHILD || inv[i].guardian_id == v->who.guardian_id)) {
            out->own = &inv[i];
            out->index = i;
        }
    out->may_answer =
        out->own && out->meeting->status == BP_MEETING_PLANNED && out->meeting->starts_at >= actor->now &&
        v->kase.status == BP_CASE_OPEN &&
        bp_family_may_change(BP_FI_MEETING_OWN_ANSWER, (enum bp_family_role)v->who.role,
                             (struct bp_family_scope){.own = true, .invited = true, .shared = true});
    return BP_OK;
}

/* Issue 10 item 3 (docs/family-access.md meeting.own_answer, K-4.7): a family member answers their own
 * invitation to a plan or follow-up meeting they may see; a no tells the inviter as a professional's record
 * of it does. The child is never pressed for a reason (V-3.13); nobody in the family names a substitute. */
enum bp_err bp_uc_family_meeting_answer(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                        int64_t case_id, int64_t meeting_id, const struct bp_answer_input *in,
                                        struct bp_field_errors *errs)
{
    struct bp_family_case_view v;
    struct bp_answer_input own = *in;
    struct bp_unit u;
    struct bp_family_invitation fi;
    struct bp_invitee nv;
    const struct bp_meeting *m;
    size_t i;
    enum bp_err rc;

    errs->count = 0;
    if ((rc = bp_unit_open_family(&u, s, a, actor, case_id, "update", "meeting_invitee",
                                  BP_FI_MEETING_OWN_ANSWER, &v)) != BP_OK ||
        (rc = bp_app_family_meetings(s, a, bp_actor_today(actor), &v)) != BP_OK ||
        (rc = bp_uc_family_invitation(s, a, actor, &v, meeting_id, &fi)) != BP_OK)
        return rc;
    if (!fi.own) { /* another case's meeting, one the member may not see, or not invited to it (R1) */
        rc = bp_unit_deny(&u, bp_arena_printf(a, "family:%s not_invited", bp_family_role_codes[v.who.role]));
        return rc == BP_ERR_FORBIDDEN || rc == BP_OK ? BP_ERR_NOT_FOUND : rc;
    }
    m = fi.meeting;
    i = fi.index;
    if (!fi.may_answer) {
        bp_field_errors_add(errs, "answer.answer", "meeting_not_planned");
        return BP_ERR_CONFLICT;
    }
    own.substitute_name = NULL;
    if ((rc = bp_answer_validate(a, i, fi.own, &own, bp_actor_today(actor), &nv, errs)) != BP_OK) {
        size_t e; /* the member's form names its fields answer.answer and answer.reason */
        for (e = 0; e < errs->count; e++)
            errs->items[e].field =
                strstr(errs->items[e].field, ".reason") ? "answer.reason" : "answer.answer";
        return rc;
    }
    u.audit.detail = bp_arena_printf(a, "family:%s answer %s meeting %lld", bp_family_role_codes[v.who.role],
                                     bp_answer_codes[nv.answer], (long long)meeting_id);
    if ((rc = bp_unit_begin(&u)) != BP_OK)
        return rc;
    rc = bp_invitee_update(s, &nv);
    bp_unit_event(&u, 0, nv.answer == BP_ANSWER_NO ? "meeting_declined" : "meeting_answered", NULL);
    if (rc == BP_OK && fi.own->answer != BP_ANSWER_NO &&
        bp_absence_next(u.ca.kase.model, m->kind, &nv, NULL) == BP_ABSENCE_STEP_DECIDE)
        rc = tell_inviter(&u, m);
    return bp_unit_finish(&u, rc);
}

enum bp_err bp_uc_absence_decide(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                 int64_t case_id, int64_t meeting_id, int64_t invitee_id,
                                 const struct bp_absence_decision_input *in, struct bp_field_errors *errs)
{
    struct bp_unit u;
    struct bp_meeting m;
    struct bp_invitee *inv;
    struct bp_guardian *g;
    struct bp_absence_decision d;
    size_t n, ng, i;
    enum bp_err rc;
    if ((rc = open_invitee(&u, s, a, actor, case_id, meeting_id, invitee_id, &m, &inv, &n, &i, errs)) !=
        BP_OK)
        return rc;
    if (bp_absence_next(u.ca.kase.model, m.kind, &inv[i], NULL) != BP_ABSENCE_STEP_DECIDE) {
        bp_field_errors_add(errs, "absence.outcome", "no_decision_needed");
        return BP_ERR_CONFLICT;
    }
    if ((rc = bp_guardian_list(s, a, u.ca.kase.child_id, &g, &ng)) != BP_OK)
        return rc;
    if ((rc = bp_absence_decision_validate(in, g, ng, actor->user->id, bp_actor_today(actor), &d, errs)) !=
        BP_OK)
        return rc;
    d.meeting_id = meeting_id;
    d.invitee_id = invitee_id;
    if ((rc = bp_unit_begin(&u)) != BP_OK)
        return rc;
    rc = bp_absence_decision_add(s, &d, actor->now);
    bp_unit_event(&u, actor_org(&u.ca), "meeting_absence_decided", NULL);
    if (rc == BP_OK && d.outcome == BP_ABSENCE_CANCEL)
        rc = cancel_in_tx(&u, &m, inv, n);
    return bp_unit_finish(&u, rc);
}

enum bp_err bp_uc_meeting_held(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                               int64_t case_id, int64_t meeting_id, const struct bp_held_input *in,
                               struct bp_field_errors *errs)
{
    struct bp_unit u;
    struct bp_meeting m, out;
    struct bp_invitee *inv, *out_inv;
    size_t n, i;
    enum bp_err rc;
    if ((rc = open_meeting(&u, s, a, actor, case_id, meeting_id, &m, &inv, &n, errs, false)) != BP_OK)
        return rc;
    out_inv = bp_arena_alloc(a, sizeof(*out_inv) * (n + 1));
    if ((rc = bp_meeting_held_validate(a, &m, inv, n, in, bp_actor_today(actor), &out, out_inv, errs)) !=
        BP_OK)
        return rc;
    if ((rc = bp_unit_begin(&u)) != BP_OK)
        return rc;
    rc = bp_meeting_update(s, &out);
    for (i = 0; rc == BP_OK && i < n; i++)
        rc = bp_invitee_update(s, &out_inv[i]);
    if (rc == BP_OK && m.kind == BP_MEETING_FOLLOWUP) /* V-12.2: the survey again, in connection with it */
        rc = bp_app_survey_offer(&u, BP_SURVEY_AT_FOLLOW_UP, 0);
    bp_unit_event(&u, actor_org(&u.ca), "meeting_held", NULL);
    return bp_unit_finish(&u, rc);
}

enum bp_err bp_uc_meeting_debrief(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                  int64_t case_id, int64_t meeting_id, const char *debriefed_on,
                                  struct bp_field_errors *errs)
{
    struct bp_unit u;
    struct bp_meeting m, out;
    enum bp_err rc;
    if ((rc = open_meeting(&u, s, a, actor, case_id, meeting_id, &m, NULL, NULL, errs, false)) != BP_OK)
        return rc;
    if ((rc = bp_debrief_validate(&m, debriefed_on, bp_actor_today(actor), &out, errs)) != BP_OK)
        return rc;
    if ((rc = bp_unit_begin(&u)) != BP_OK)
        return rc;
    rc = bp_meeting_update(s, &out);
    bp_unit_event(&u, actor_org(&u.ca), "meeting_debriefed", NULL);
    return bp_unit_finish(&u, rc);
}
