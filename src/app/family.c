/* family.c: the family member's own way in (a one-time link by e-mail, a code on a printed letter) and
 * their own pages, by docs/family-access.md (issue 10 items 2, 3). The table's cells are read through
 * domain/family.h; this file applies them to what it loads, so that a value a role may not see never
 * leaves the use case: the pages and any later API get the same filtered view. Must not hold a text users
 * see or a rule of the table. */
#include "app/app_impl.h"
#include "auth/auth.h"
#include "domain/family.h"
#include "domain/protection.h"
#include "domain/personnummer.h"
#include "domain/survey.h"
#include "util/limits.h"

/* ---- who the member is ---- */

/* The member's role in their child's record on `today` (domain/family.c), and their own guardian row. */
static enum bp_family_role role_of(const struct bp_child *child, const struct bp_guardian *gs, size_t n,
                                   int64_t guardian_id, struct bp_date today, const struct bp_guardian **own)
{
    struct bp_date birth = {0, 0, 0};
    size_t i;
    *own = NULL;
    if (!child->birth_date || !bp_date_parse(child->birth_date, &birth))
        return BP_FR_DENIED;
    if (!guardian_id)
        return bp_family_role_of(true, BP_CUSTODY_SOLE, birth, today);
    for (i = 0; i < n; i++)
        if (gs[i].id == guardian_id) {
            *own = &gs[i];
            return bp_family_role_of(false, gs[i].custody, birth, today);
        }
    return BP_FR_DENIED; /* no longer one of the child's guardians */
}

/* The role of a family account (its child and guardians read). */
static enum bp_err account_role(struct bp_store *s, struct bp_arena *a, const struct bp_user *u,
                                struct bp_date today, struct bp_child *child, struct bp_guardian **gs,
                                size_t *n, enum bp_family_role *role, const struct bp_guardian **own)
{
    enum bp_err rc;
    if ((rc = bp_child_get(s, a, u->family_child_id, child)) != BP_OK ||
        (rc = bp_guardian_list(s, a, u->family_child_id, gs, n)) != BP_OK)
        return rc;
    *role = role_of(child, *gs, *n, u->family_guardian_id, today, own);
    return BP_OK;
}

static const char *detail(struct bp_arena *a, enum bp_family_role role, const char *what)
{
    const char *r = role >= 0 && role < BP_FR_COUNT ? bp_family_role_codes[role] : "none";
    return bp_arena_printf(a, "family:%s %s", r, what);
}

/* ---- one-time codes ---- */

/* Throttling counts a family login's failures (and its link requests) per client address: there is no
 * username to count, and a code of 80 random bits is not guessed in BP_LOGIN_MAX_PER_ADDRESS tries. */
/* Family logins' failures (and link requests) are counted per client address, apart from the staff's: a
 * row named "family:<address>" without an address, so that a family mistyping at a school's shared address
 * does not lock the staff out there, nor the other way round. A code of 80 random bits is not guessed in
 * BP_LOGIN_MAX_PER_ADDRESS tries. */
const char *bp_app_family_failure_key(struct bp_arena *a, const struct bp_actor *actor)
{
    return bp_arena_printf(a, "family:%s", actor->address ? actor->address : "");
}

/* A failure counted and put on record (e), in one transaction of its own. */
static enum bp_err count_failure(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                 const struct bp_audit *e)
{
    enum bp_err rc;
    if ((rc = bp_store_begin(s)) != BP_OK)
        return rc;
    if ((rc = bp_login_failure_add(s, bp_app_family_failure_key(a, actor), NULL, actor->now)) != BP_OK ||
        (rc = bp_audit_add(s, e)) != BP_OK) {
        bp_store_rollback(s);
        return rc;
    }
    return bp_store_commit(s);
}

/* A new code for the account of (child, guardian), in the caller's transaction. */
static enum bp_err new_code(struct bp_store *s, const struct bp_actor *actor, int64_t child_id,
                            int64_t guardian_id, const char *kind, int64_t lifetime,
                            char code[static BP_SURVEY_CODE_CHARS + 1])
{
    char hash[BP_TOKEN_HASH_LEN + 1];
    int64_t user_id = 0;
    enum bp_err rc = bp_family_user_ensure(s, child_id, guardian_id, &user_id);
    bp_survey_code_new(code);
    bp_token_hash(code, hash);
    if (rc != BP_OK)
        return rc;
    return bp_family_code_add(s, hash, user_id, kind, actor->user ? actor->user->id : 0, actor->now,
                              actor->now + lifetime);
}

enum bp_err bp_uc_family_letter(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                int64_t case_id, int64_t guardian_id, struct bp_family_code *out)
{
    struct bp_unit u;
    struct bp_child child;
    struct bp_guardian *gs;
    const struct bp_guardian *own;
    size_t n;
    enum bp_family_role role;
    enum bp_err rc;

    memset(out, 0, sizeof(*out));
    if ((rc = bp_unit_open(&u, s, a, actor, case_id, "create", "family_code", BP_ACCESS_FULL)) != BP_OK)
        return rc;
    if ((rc = bp_child_get(s, a, u.ca.kase.child_id, &child)) != BP_OK ||
        (rc = bp_guardian_list(s, a, u.ca.kase.child_id, &gs, &n)) != BP_OK)
        return rc;
    role = role_of(&child, gs, n, guardian_id, bp_actor_today(actor), &own);
    if (guardian_id && !own)
        return BP_ERR_NOT_FOUND;
    if (!bp_family_role_logs_in(role))
        return BP_ERR_CONFLICT;
    out->child = guardian_id == 0;
    out->name = own ? own->name : child.given_name;
    out->model = u.ca.kase.model;
    out->expires_at = actor->now + BP_FAMILY_LETTER_SECONDS;
    u.audit.detail = guardian_id ? "letter guardian" : "letter child"; /* never the code */
    if ((rc = bp_unit_begin(&u)) != BP_OK)
        return rc;
    rc = new_code(s, actor, child.id, guardian_id, "letter", BP_FAMILY_LETTER_SECONDS, out->code);
    return bp_unit_finish(&u, rc);
}

/* One guardian's link, when they may log in: the code made and the e-mail queued. */
static enum bp_err link_for(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                            const struct bp_guardian *g, size_t *sent)
{
    char code[BP_SURVEY_CODE_CHARS + 1];
    struct bp_child child;
    const struct bp_guardian *own;
    int64_t *cases;
    size_t n_cases;
    enum bp_err rc;
    if ((rc = bp_child_get(s, a, g->child_id, &child)) != BP_OK ||
        (rc = bp_family_case_ids(s, a, g->child_id, &cases, &n_cases)) != BP_OK)
        return rc;
    if (!n_cases || !bp_family_role_logs_in(role_of(&child, g, 1, g->id, bp_actor_today(actor), &own)))
        return BP_OK;
    if ((rc = new_code(s, actor, g->child_id, g->id, "link", BP_FAMILY_LINK_SECONDS, code)) != BP_OK)
        return rc;
    (*sent)++;
    return bp_app_mail_code(s, a, actor, cases[0], g->email, "family_link", "/family/login", code);
}

enum bp_err bp_uc_family_link_request(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                      const char *email)
{
    struct bp_guardian *gs;
    struct bp_audit e;
    size_t n, i, sent = 0;
    bool too_many;
    enum bp_err rc;

    if ((rc = bp_app_login_throttled(s, actor, bp_app_family_failure_key(a, actor), NULL,
                                     "family_link throttled", &too_many)) != BP_OK)
        return rc;
    if (too_many)
        return BP_ERR_THROTTLED;
    if (!email || !*email || strlen(email) > BP_MAX_SHORT_TEXT || !strchr(email, '@'))
        return BP_ERR_INVALID;
    if ((rc = bp_guardians_by_email(s, a, email, &gs, &n)) != BP_OK)
        return rc;
    bp_app_audit_fill(&e, actor, "create", "family_code");
    if ((rc = bp_store_begin(s)) != BP_OK)
        return rc;
    for (i = 0; i < n && rc == BP_OK; i++)
        rc = link_for(s, a, actor, &gs[i], &sent);
    /* every request counts against the address, so that nobody sends a family a stream of e-mails */
    e.detail = bp_arena_printf(a, "link %zu", sent);
    if (rc == BP_OK &&
        (rc = bp_login_failure_add(s, bp_app_family_failure_key(a, actor), NULL, actor->now)) == BP_OK)
        rc = bp_audit_add(s, &e);
    if (rc != BP_OK) {
        bp_store_rollback(s);
        return rc;
    }
    return bp_store_commit(s);
}

/* Takes the code in a transaction of its own: once taken it is gone, whatever happens next. */
static enum bp_err take_code(struct bp_store *s, struct bp_arena *a, const char *typed, int64_t now,
                             int64_t *user_id, const char **kind)
{
    char code[BP_SURVEY_CODE_CHARS + 1], hash[BP_TOKEN_HASH_LEN + 1];
    enum bp_err rc;
    if (!typed || strlen(typed) > BP_MAX_SHORT_TEXT || !bp_survey_code_canonical(typed, code))
        return BP_ERR_NOT_FOUND;
    bp_token_hash(code, hash);
    explicit_bzero(code, sizeof(code));
    if ((rc = bp_store_begin(s)) != BP_OK)
        return rc;
    rc = bp_family_code_take(s, a, hash, now, user_id, kind);
    if (rc == BP_OK || rc == BP_ERR_NOT_FOUND) {
        enum bp_err c = bp_store_commit(s); /* an expired code is deleted too */
        return c != BP_OK ? c : rc;
    }
    bp_store_rollback(s);
    return rc;
}

enum bp_err bp_uc_family_login(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                               const char *typed, struct bp_login_result *out)
{
    return bp_app_family_login_as(s, a, actor, typed, NULL, out);
}

enum bp_err bp_app_family_login_as(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                   const char *typed, const char *how, struct bp_login_result *out)
{
    struct bp_child child;
    struct bp_guardian *gs;
    const struct bp_guardian *own;
    const char *kind = "";
    int64_t user_id = 0;
    size_t n;
    enum bp_family_role role = BP_FR_DENIED;
    struct bp_audit e;
    bool too_many;
    enum bp_err rc;

    memset(out, 0, sizeof(*out));
    if ((rc = bp_app_login_throttled(s, actor, bp_app_family_failure_key(a, actor), NULL, "family throttled",
                                     &too_many)) != BP_OK)
        return rc;
    if (too_many)
        return BP_ERR_THROTTLED;
    bp_app_audit_fill(&e, actor, "login_failed", "session");
    e.detail = "family unknown_code"; /* unknown, used or expired: the same answer */
    rc = take_code(s, a, typed, actor->now, &user_id, &kind);
    if (rc == BP_OK) {
        e.user_id = user_id;
        e.detail = "family disabled";
        if ((rc = bp_user_get(s, a, user_id, &out->user)) != BP_OK)
            return rc;
        if (!out->user.disabled && out->user.family_child_id &&
            (rc = account_role(s, a, &out->user, bp_actor_today(actor), &child, &gs, &n, &role, &own)) !=
                BP_OK)
            return rc;
        e.detail = detail(a, role, "no_login");
        if (!out->user.disabled && bp_family_role_logs_in(role))
            return bp_app_session_start(s, NULL, actor,
                                        how                         ? how
                                        : strcmp(kind, "link") == 0 ? "family_link"
                                                                    : "family_code",
                                        out);
    } else if (rc != BP_ERR_NOT_FOUND) {
        return rc;
    }
    memset(&out->user, 0, sizeof(out->user));
    if ((rc = count_failure(s, a, actor, &e)) != BP_OK)
        return rc;
    return BP_ERR_UNAUTHENTICATED;
}

/* One person a verified personnummer is: a session when they are the only one, else a choice with a code. */
static enum bp_err person_found(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                const struct bp_child *child, int64_t guardian_id,
                                struct bp_family_choice *ch)
{
    memset(ch, 0, sizeof(*ch));
    ch->child_name = child->given_name;
    ch->as_child = guardian_id == 0;
    return new_code(s, actor, child->id, guardian_id, "link", BP_FAMILY_CHOICE_SECONDS, ch->code);
}

enum bp_err bp_app_family_by_pnr(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                 const char *pnr, struct bp_login_result *out,
                                 struct bp_family_choice **choices, size_t *n)
{
    struct bp_date today = bp_actor_today(actor);
    struct bp_pnr p;
    struct bp_guardian *gs;
    struct bp_child *cs, child;
    const struct bp_guardian *own;
    size_t ng, nc, i;
    enum bp_err rc;

    *n = 0;
    if (!pnr || strlen(pnr) > 20 || bp_pnr_parse(pnr, today, &p) != BP_PNR_OK)
        return BP_ERR_NOT_FOUND;
    if ((rc = bp_people_by_pnr(s, a, p.normalized, &gs, &ng, &cs, &nc)) != BP_OK)
        return rc;
    *choices = bp_arena_alloc(a, sizeof(**choices) * (ng + nc + 1));
    if ((rc = bp_store_begin(s)) != BP_OK)
        return rc;
    for (i = 0; rc == BP_OK && i < nc; i++) /* the person is a child of a case (7 and up) */
        if (bp_family_role_logs_in(role_of(&cs[i], NULL, 0, 0, today, &own)))
            rc = person_found(s, a, actor, &cs[i], 0, &(*choices)[(*n)++]);
    for (i = 0; rc == BP_OK && i < ng; i++) /* ... or a guardian of one */
        if ((rc = bp_child_get(s, a, gs[i].child_id, &child)) == BP_OK &&
            bp_family_role_logs_in(role_of(&child, &gs[i], 1, gs[i].id, today, &own)))
            rc = person_found(s, a, actor, &child, gs[i].id, &(*choices)[(*n)++]);
    if (rc != BP_OK || (rc = bp_store_commit(s)) != BP_OK) {
        bp_store_rollback(s);
        return rc;
    }
    if (*n != 1)
        return *n ? BP_OK : BP_ERR_NOT_FOUND;
    /* the only one: logged in at once (the code is used up as a letter's would be) */
    *n = 0;
    return bp_app_family_login_as(s, a, actor, (*choices)[0].code, "family_oidc", out);
}

enum bp_err bp_uc_family_set_lang(struct bp_store *s, const struct bp_actor *actor, const char *lang)
{
    if (!actor->user || !actor->user->family_child_id)
        return BP_ERR_UNAUTHENTICATED;
    return bp_family_user_set_lang(s, actor->user->id, lang);
}

enum bp_err bp_uc_family_denied(struct bp_store *s, const struct bp_actor *actor, const char *route)
{
    struct bp_audit e;
    bp_app_audit_fill(&e, actor, "denied", "page");
    e.detail = route; /* a route's name: no ids, no personal data */
    return bp_uc_audit_commit(s, &e, 1);
}

/* ---- what the member sees ---- */

/* show[]: each item the role sees in at least one instance (the record's own facts filter further); for a
 * member someone is protected from, none of the `hide` items. */
static void items_seen(struct bp_family_member *who, const struct bp_child *child, struct bp_date today)
{
    struct bp_date birth = {0, 0, 0};
    struct bp_family_scope any = {.own = true, .invited = true, .shared = false};
    size_t i;
    /* R2: the child's own words reach the guardians while the child is under 12 */
    any.shared = bp_date_parse(child->birth_date, &birth) && bp_family_age(birth, today) < 12;
    for (i = 0; i < BP_FI_COUNT; i++)
        who->show[i] = bp_family_sees((enum bp_family_item)i, (enum bp_family_role)who->role, any) &&
                       !(who->protected_from && bp_family_table[i].hide);
}

/* The child as the role may see them. */
static void filter_child(const bool *show, struct bp_child *c)
{
    if (!show[BP_FI_CHILD_NAME])
        c->given_name = c->family_name = NULL;
    if (!show[BP_FI_CHILD_ID_NUMBER])
        c->id_number = NULL;
    if (!show[BP_FI_CHILD_BIRTH_DATE])
        c->birth_date = NULL;
    if (!show[BP_FI_CHILD_SUPPORT]) {
        c->language = c->interpreter_language = NULL;
        c->needs_interpreter = c->picture_support = false;
    }
}

/* The member's own guardian row (guardians.own, guardians.own_contact) and the others' names
 * (guardians.other_name); nothing else of another guardian reaches a family member (R3, R4). */
static void filter_guardians(const struct bp_family_member *who, struct bp_guardian *gs, size_t *n)
{
    size_t i, k = 0;
    for (i = 0; i < *n; i++) {
        struct bp_guardian g = gs[i];
        bool own = g.id == who->guardian_id;
        if (own ? !who->show[BP_FI_GUARDIANS_OWN] : !who->show[BP_FI_GUARDIANS_OTHER_NAME])
            continue;
        if (!own) {
            g.id_number = g.address = g.interpreter_language = NULL;
        }
        if (!own || !who->show[BP_FI_GUARDIANS_OWN_CONTACT])
            g.phone = g.email = NULL;
        gs[k++] = g;
    }
    *n = k;
}

static void filter_case(const bool *show, struct bp_case *k)
{
    k->reason = NULL; /* initiative.why: not on the family pages yet */
    k->triggers = 0;
    k->child_name = NULL;
    if (!show[BP_FI_CASE_INITIATIVE]) {
        k->initiating_org_id = k->initiator_user_id = 0;
        k->initiating_org_name = k->initiator_name = k->noticed_on = NULL;
    }
    if (!show[BP_FI_CASE_BBA]) {
        k->named_person_user_id = k->named_person_org_id = 0;
        k->named_person_name = k->named_person_org_name = NULL;
    }
    k->named_person_decision = NULL;
    k->responsible_org_name = NULL;
}

static bool invites(const struct bp_family_member *who, const struct bp_invitee *v, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++)
        if ((who->guardian_id && v[i].kind == BP_INVITEE_GUARDIAN && v[i].guardian_id == who->guardian_id) ||
            (!who->guardian_id && v[i].kind == BP_INVITEE_CHILD))
            return true;
    return false;
}

/* Whether the role's cell of `item` is narrowed to invitations (`:invited`: the parent without custody, R5).
 */
static bool by_invitation(enum bp_family_item item, int role)
{
    return role >= 0 && role < BP_FR_COUNT && bp_family_table[item].cells[role].scope == BP_CELL_INVITED;
}

/* who->invited: the case's meetings whose invitees name the member (V-3.9, V-4.2 question 4: the guardians
 * agreed to invite them). */
static enum bp_err invited_meetings(struct bp_store *s, struct bp_arena *a, int64_t case_id,
                                    struct bp_family_member *who)
{
    struct bp_meeting *ms;
    struct bp_invitee *inv;
    size_t n, n_inv, i;
    enum bp_err rc = bp_meeting_list(s, a, case_id, &ms, &n);
    who->n_invited = 0;
    if (rc != BP_OK)
        return rc;
    who->invited = bp_arena_alloc(a, sizeof(*who->invited) * (n + 1));
    for (i = 0; i < n && rc == BP_OK; i++)
        if (bp_meeting_for_family(&ms[i]) && (rc = bp_invitee_list(s, a, ms[i].id, &inv, &n_inv)) == BP_OK &&
            bp_meeting_invites_guardian(&ms[i], inv, n_inv, who->guardian_id))
            who->invited[who->n_invited++] = ms[i].id;
    return rc;
}

static void filter_meeting(const struct bp_family_member *who, struct bp_family_meeting *fm)
{
    const bool *show = who->show;
    struct bp_meeting *m = &fm->m;
    size_t i;
    if (!show[BP_FI_MEETING_WHERE])
        m->place = m->video_link = NULL;
    if (!show[BP_FI_MEETING_WHY])
        m->purpose = m->agenda = NULL;
    m->deadline_reason = NULL; /* meeting.deadline_reason: the professionals' */
    if (!show[BP_FI_MEETING_CHILD_NOT_INVITED_REASON])
        m->child_not_invited_reason = NULL;
    if (!show[BP_FI_CLOSING_CHILD_ADDITION])
        m->child_addition = NULL;
    if (!show[BP_FI_CLOSING_REPRESENTATION])
        m->child_representative = NULL;
    if (!show[BP_FI_MEETING_ROLES])
        fm->chair_name = fm->note_taker_name = fm->org_name = NULL;
    if (!show[BP_FI_MEETING_WHO])
        fm->n_invitees = 0;
    for (i = 0; i < fm->n_invitees; i++) {
        struct bp_invitee *v = &fm->invitees[i];
        bool own = who->guardian_id ? v->kind == BP_INVITEE_GUARDIAN && v->guardian_id == who->guardian_id
                                    : v->kind == BP_INVITEE_CHILD;
        v->email = NULL; /* meeting.invitee_emails */
        if (!own)
            v->decline_reason = NULL; /* meeting.others_reasons */
    }
}

static const char *user_name(struct bp_store *s, struct bp_arena *a, int64_t id)
{
    struct bp_user u;
    return id && bp_user_get(s, a, id, &u) == BP_OK ? u.display_name : NULL;
}

/* page.meeting: the plan and follow-up meetings the member may see, earliest first. */
static enum bp_err load_meetings(struct bp_store *s, struct bp_arena *a, struct bp_date today,
                                 struct bp_family_case_view *out)
{
    struct bp_meeting *ms;
    size_t n, i;
    int64_t today_days = bp_days_from_civil(today.y, today.m, today.d);
    enum bp_err rc = bp_meeting_list(s, a, out->kase.id, &ms, &n);
    if (rc != BP_OK)
        return rc;
    out->meetings = bp_arena_alloc(a, sizeof(*out->meetings) * (n + 1));
    for (i = 0; i < n && out->who.show[BP_FI_PAGE_MEETING]; i++) {
        struct bp_family_meeting *fm = &out->meetings[out->n_meetings];
        struct bp_org org;
        if (!bp_meeting_for_family(&ms[i]))
            continue;
        memset(fm, 0, sizeof(*fm));
        fm->m = ms[i];
        if ((rc = bp_invitee_list(s, a, ms[i].id, &fm->invitees, &fm->n_invitees)) != BP_OK)
            return rc;
        if (by_invitation(BP_FI_PAGE_MEETING, out->who.role) &&
            !invites(&out->who, fm->invitees, fm->n_invitees))
            continue;
        fm->chair_name = user_name(s, a, ms[i].chair_user_id ? ms[i].chair_user_id : ms[i].called_by_user);
        fm->note_taker_name = user_name(s, a, ms[i].note_taker_user_id);
        fm->org_name = bp_org_get(s, a, ms[i].called_by_org, &org) == BP_OK ? org.name : NULL;
        filter_meeting(&out->who, fm);
        if (!out->next && bp_days_from_civil(ms[i].date.y, ms[i].date.m, ms[i].date.d) >= today_days &&
            ms[i].status == BP_MEETING_PLANNED)
            out->next = fm;
        out->n_meetings++;
    }
    return BP_OK;
}

/* The parts of the plan a role may not see, blanked (page.plan and its items). */
static void filter_plan(struct bp_family_case_view *out)
{
    const bool *show = out->who.show;
    if (!show[BP_FI_PLAN_GOALS])
        out->parts.n_goals = 0;
    if (!show[BP_FI_PLAN_INTERVENTIONS])
        out->parts.n_interventions = 0;
    if (!show[BP_FI_PLAN_COMMITMENTS])
        out->parts.n_commitments = 0;
    if (!show[BP_FI_PLAN_CONTACTS])
        out->parts.n_contacts = 0;
    if (!show[BP_FI_PLAN_COORDINATOR]) {
        out->plan.n_coordinator_orgs = 0;
        out->plan.coordinator_name = "";
    }
    if (!show[BP_FI_PLAN_CONTACT_IF_FAILS])
        out->plan.contact_if_fails = "";
    if (!show[BP_FI_PLAN_FOLLOWUP]) {
        out->plan.has_followup = false;
        out->plan.followup_place = out->plan.followup_participants = "";
    }
    if (!show[BP_FI_PLAN_SUMMARY])
        out->plan.summary = "";
    if (!show[BP_FI_PLAN_CHILD_VIEW])
        out->plan.child_view = "";
}

enum bp_err bp_app_family_version(struct bp_store *s, struct bp_arena *a, struct bp_family_case_view *out,
                                  int version)
{
    enum bp_err rc;
    if ((rc = bp_plan_get_version(s, a, out->kase.id, version, &out->plan)) != BP_OK ||
        (rc = bp_plan_parts_get(s, a, out->plan.id, &out->parts)) != BP_OK)
        return rc;
    filter_plan(out);
    return BP_OK;
}

/* plan.versions `:invited` (R5): only the versions made at a meeting the member was invited to
 * (bp_plan_made_at), kept in vs[0..*k). */
static enum bp_err made_at_invited(struct bp_store *s, struct bp_arena *a,
                                   const struct bp_family_case_view *out, struct bp_plan *vs, size_t *k)
{
    struct bp_meeting *ms;
    struct bp_followup *fs;
    size_t n_ms, n_fs, i, kept = 0;
    enum bp_err rc;
    if ((rc = bp_meeting_list(s, a, out->kase.id, &ms, &n_ms)) != BP_OK ||
        (rc = bp_followup_list(s, a, out->kase.id, &fs, &n_fs)) != BP_OK)
        return rc;
    for (i = 0; i < *k; i++)
        if (bp_id_in(out->who.invited, out->who.n_invited, bp_plan_made_at(vs[i].id, fs, n_fs, ms, n_ms)))
            vs[kept++] = vs[i];
    *k = kept;
    return BP_OK;
}

enum bp_err bp_app_family_plan(struct bp_store *s, struct bp_arena *a, struct bp_family_case_view *out,
                               int *newest)
{
    const bool *show = out->who.show;
    struct bp_plan *vs;
    size_t n, i, k = 0;
    enum bp_err rc = bp_plan_versions(s, a, out->kase.id, &vs, &n);
    *newest = n ? vs[n - 1].version : 0;
    if (rc != BP_OK || !show[BP_FI_PAGE_PLAN])
        return rc;
    out->versions = vs;
    for (i = 0; i < n; i++)
        if (vs[i].status != BP_PLAN_DRAFT)
            vs[k++] = vs[i];
    if (by_invitation(BP_FI_PAGE_PLAN, out->who.role) && (rc = made_at_invited(s, a, out, vs, &k)) != BP_OK)
        return rc;
    out->n_versions = show[BP_FI_PLAN_VERSIONS] ? k : 0;
    for (i = k; i-- > 0;)
        if (vs[i].status == BP_PLAN_FINISHED) {
            if ((rc = bp_app_family_version(s, a, out, vs[i].version)) != BP_OK)
                return rc;
            out->has_plan = true;
            break;
        }
    if (out->has_plan && show[BP_FI_PLAN_DECISIONS])
        return bp_decision_list(s, a, out->kase.id, &out->decisions, &out->n_decisions);
    return BP_OK;
}

/* survey.status: whether the member's own invitation waits for an answer (never the other guardian's). */
static enum bp_err survey_status(struct bp_store *s, struct bp_arena *a, struct bp_family_case_view *out)
{
    struct bp_survey_invitation *inv;
    size_t n, i;
    enum bp_err rc;
    if (!out->who.show[BP_FI_SURVEY_STATUS])
        return BP_OK;
    if ((rc = bp_survey_invitation_list(s, a, out->kase.id, &inv, &n)) != BP_OK)
        return rc;
    for (i = 0; i < n; i++)
        if (!inv[i].used && inv[i].guardian_id == out->who.guardian_id &&
            (inv[i].respondent == BP_SURVEY_GUARDIAN) == (out->who.guardian_id != 0))
            out->survey_waiting = true;
    return BP_OK;
}

/* signature.own: the member's own answer to the version in force, and whether they may still give it. */
static enum bp_err own_signature(struct bp_store *s, struct bp_arena *a, struct bp_family_case_view *out)
{
    struct bp_signature *all;
    size_t n, i;
    enum bp_err rc;
    if (!out->has_plan || !out->who.show[BP_FI_SIGNATURE_OWN])
        return BP_OK;
    if ((rc = bp_signature_list(s, a, out->kase.id, &all, &n)) != BP_OK)
        return rc;
    for (i = 0; i < n; i++)
        if (all[i].version == out->plan.version &&
            (out->who.guardian_id
                 ? all[i].kind == BP_SIGNER_GUARDIAN && all[i].guardian_id == out->who.guardian_id
                 : all[i].kind == BP_SIGNER_CHILD))
            out->own_signature = &all[i];
    out->may_sign = !out->own_signature && out->kase.status == BP_CASE_OPEN;
    return BP_OK;
}

/* Opens the member's child's case, or refuses it as missing (audited): a case of another child, or a role
 * that has no login (any more). */
enum bp_err bp_app_family_open(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                               int64_t case_id, const char *what, struct bp_family_case_view *out,
                               struct bp_audit *audit)
{
    struct bp_date today = bp_actor_today(actor);
    const struct bp_guardian *own = NULL;
    enum bp_family_role role = BP_FR_DENIED;
    enum bp_err rc;

    memset(out, 0, sizeof(*out));
    bp_app_audit_fill(audit, actor, "read", "case");
    if (!actor->user || !actor->user->family_child_id)
        return BP_ERR_UNAUTHENTICATED;
    rc = bp_case_get(s, a, case_id, &out->kase);
    if (rc == BP_OK && out->kase.child_id == actor->user->family_child_id)
        rc = account_role(s, a, actor->user, today, &out->child, &out->guardians, &out->n_guardians, &role,
                          &own);
    else if (rc == BP_OK || rc == BP_ERR_NOT_FOUND)
        rc = BP_ERR_NOT_FOUND;
    if (rc == BP_OK && !bp_family_role_logs_in(role))
        rc = BP_ERR_NOT_FOUND;
    if (actor->channel && strcmp(actor->channel, "api") == 0)
        what = bp_arena_printf(a, "api_%s", what); /* the family API's read of the same view */
    out->who.guardian_id = actor->user->family_guardian_id;
    if (rc == BP_OK && by_invitation(BP_FI_PAGE_CASE, role) &&
        (rc = invited_meetings(s, a, case_id, &out->who)) == BP_OK && !out->who.n_invited)
        rc = BP_ERR_NOT_FOUND; /* R5: nothing of the case until a meeting invites them */
    audit->detail = detail(a, role, what);
    if (rc != BP_ERR_NOT_FOUND) {
        audit->case_id = out->kase.id;
        audit->child_id = out->kase.child_id;
    }
    if (rc == BP_ERR_NOT_FOUND) {
        audit->action = "denied";
        audit->case_id = case_id > 0 ? case_id : 0;
        audit->detail = detail(a, role,
                               !out->kase.id                                 ? "no_case"
                               : role == BP_FR_PARENT && !out->who.n_invited ? "not_invited"
                                                                             : "not_own");
    }
    if (rc != BP_OK)
        return rc;
    out->who.role = role;
    out->who.protected_from =
        out->who.guardian_id &&
        bp_protected_from(&out->child, out->guardians, out->n_guardians, out->who.guardian_id);
    out->who.marker =
        !out->who.protected_from && bp_protected_any(&out->child, out->guardians, out->n_guardians);
    items_seen(&out->who, &out->child, today);
    out->who.own = own;
    return BP_OK;
}

enum bp_err bp_app_family_meetings(struct bp_store *s, struct bp_arena *a, struct bp_date today,
                                   struct bp_family_case_view *v)
{
    return load_meetings(s, a, today, v);
}

enum bp_err bp_uc_family_case(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                              int64_t case_id, const char *what, struct bp_family_case_view *out,
                              struct bp_audit *audit)
{
    struct bp_case_access ca;
    int newest;
    enum bp_err rc = bp_app_family_open(s, a, actor, case_id, what, out, audit);
    if (rc != BP_OK)
        return rc;
    if ((rc = bp_app_case_load(s, a, case_id, &ca)) != BP_OK ||
        (rc = bp_app_case_org_names(a, &ca, &out->all_orgs, &out->n_all_orgs)) != BP_OK ||
        (rc = load_meetings(s, a, bp_actor_today(actor), out)) != BP_OK ||
        (rc = bp_app_family_plan(s, a, out, &newest)) != BP_OK || (rc = own_signature(s, a, out)) != BP_OK ||
        (rc = survey_status(s, a, out)) != BP_OK)
        return rc;
    if (out->who.show[BP_FI_CASE_ORGS]) {
        out->orgs = out->all_orgs;
        out->n_orgs = out->n_all_orgs;
    }
    filter_child(out->who.show, &out->child);
    filter_guardians(&out->who, out->guardians, &out->n_guardians);
    filter_case(out->who.show, &out->kase);
    return BP_OK;
}

enum bp_err bp_uc_family_meeting(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                 int64_t case_id, int64_t meeting_id, struct bp_family_case_view *out,
                                 const struct bp_family_meeting **fm, struct bp_audit *audit)
{
    size_t i;
    enum bp_err rc = bp_uc_family_case(s, a, actor, case_id, "meeting", out, audit);
    *fm = NULL;
    if (rc != BP_OK)
        return rc;
    audit->object = "meeting";
    for (i = 0; i < out->n_meetings && out->meetings[i].m.id != meeting_id; i++)
        ;
    if (i ==
        out->n_meetings) { /* another case's, a preparation meeting, or one the child is not invited to */
        audit->action = "denied";
        return BP_ERR_NOT_FOUND;
    }
    *fm = &out->meetings[i];
    return BP_OK;
}

enum bp_err bp_uc_family_cases(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                               struct bp_family_case_view **out, size_t *n, struct bp_audit *audit)
{
    int64_t *ids;
    size_t n_ids, i;
    enum bp_err rc;
    *out = NULL;
    *n = 0;
    bp_app_audit_fill(audit, actor, "read", "case_list");
    if (!actor->user || !actor->user->family_child_id)
        return BP_ERR_UNAUTHENTICATED;
    audit->child_id = actor->user->family_child_id;
    if ((rc = bp_family_case_ids(s, a, actor->user->family_child_id, &ids, &n_ids)) != BP_OK)
        return rc;
    *out = bp_arena_alloc(a, sizeof(**out) * (n_ids + 1));
    for (i = 0; i < n_ids; i++) {
        struct bp_audit one;
        struct bp_family_case_view *v = &(*out)[*n];
        if ((rc = bp_app_family_open(s, a, actor, ids[i], "cases", v, &one)) == BP_ERR_NOT_FOUND)
            continue;
        if (rc != BP_OK)
            return rc;
        audit->detail = one.detail;
        filter_child(v->who.show, &v->child);
        filter_case(v->who.show, &v->kase);
        (*n)++;
    }
    return BP_OK;
}

/* Whether the role sees anything of the page an action is on (docs/family-access.md section 3: a refused
 * action is 403 on a page the role may see, else 404 as if it did not exist; e.g. the parent without
 * custody's consent or survey POSTs, R5). Read from the table without protection's `hide`: a member someone
 * is protected from still has the consents page ("en verksamhet", section 6). */
static bool action_page_seen(enum bp_family_item item, const struct bp_family_member *who)
{
    static const enum bp_family_item consents[] = {BP_FI_CONSENT_LEDGER, BP_FI_CONSENT_GIVE,
                                                   BP_FI_CONSENT_LIMIT, BP_FI_CONSENT_WITHDRAW},
                                     events[] = {BP_FI_EVENT_REPORT, BP_FI_EVENT_LIST,
                                                 BP_FI_EVENT_CHILD_REPORTS},
                                     survey[] = {BP_FI_SURVEY_ANSWER, BP_FI_SURVEY_STATUS};
    struct bp_family_scope any = {.own = true, .invited = true, .shared = true};
    const enum bp_family_item *page = NULL;
    size_t n = 0, i;
    bool seen = false;
    if (item == BP_FI_CONSENT_GIVE || item == BP_FI_CONSENT_LIMIT || item == BP_FI_CONSENT_WITHDRAW)
        page = consents, n = BP_ARRAY_LEN(consents);
    else if (item == BP_FI_EVENT_REPORT)
        page = events, n = BP_ARRAY_LEN(events);
    else if (item == BP_FI_SURVEY_ANSWER)
        page = survey, n = BP_ARRAY_LEN(survey);
    else
        return true; /* the preparation's and the plan's: the pages' own use cases say */
    for (i = 0; i < n; i++)
        seen |= bp_family_sees(page[i], (enum bp_family_role)who->role, any);
    return seen;
}

enum bp_err bp_unit_open_family(struct bp_unit *u, struct bp_store *s, struct bp_arena *a,
                                const struct bp_actor *actor, int64_t case_id, const char *action,
                                const char *object, int item, struct bp_family_case_view *v)
{
    struct bp_audit read;
    struct bp_family_scope own = {.own = true, .invited = true, .shared = true};
    enum bp_err rc;
    memset(u, 0, sizeof(*u));
    u->s = s;
    u->a = a;
    u->actor = actor;
    rc = bp_app_family_open(s, a, actor, case_id, object, v, &read);
    u->audit = read;
    u->audit.action = rc == BP_OK ? action : read.action;
    u->audit.object = object;
    if (rc == BP_OK &&
        !bp_family_may_change((enum bp_family_item)item, (enum bp_family_role)v->who.role, own)) {
        /* a page the member may see, an action the table does not give them; or no such page for them */
        rc = action_page_seen((enum bp_family_item)item, &v->who) ? BP_ERR_FORBIDDEN : BP_ERR_NOT_FOUND;
        u->audit.action = "denied";
    }
    if (rc == BP_ERR_FORBIDDEN || rc == BP_ERR_NOT_FOUND) {
        enum bp_err arc = bp_uc_audit_commit(s, &u->audit, 1); /* the refusal is on record; nothing else */
        return arc ? arc : rc;
    }
    if (rc != BP_OK)
        return rc;
    return bp_app_case_load(s, a, case_id, &u->ca);
}

enum bp_err bp_unit_open_family_change(struct bp_unit *u, struct bp_store *s, struct bp_arena *a,
                                       const struct bp_actor *actor, int64_t case_id, const char *action,
                                       const char *object, int item, struct bp_family_case_view *v,
                                       struct bp_field_errors *errs, const char *field)
{
    enum bp_err rc;
    errs->count = 0;
    if ((rc = bp_unit_open_family(u, s, a, actor, case_id, action, object, item, v)) != BP_OK)
        return rc;
    return bp_unit_case_open(u, errs, field) ? BP_OK : BP_ERR_CONFLICT;
}

enum bp_err bp_uc_family_access(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                int64_t case_id, struct bp_family_case_view *v, struct bp_audit **reads,
                                size_t *n, struct bp_audit *audit)
{
    enum bp_err rc = bp_app_family_open(s, a, actor, case_id, "access", v, audit);
    *reads = NULL;
    *n = 0;
    audit->object = "access_log";
    if (rc == BP_OK && !v->who.show[BP_FI_ACCESS_LOG]) {
        audit->action = "denied"; /* a page this role does not have: as if it did not exist */
        rc = BP_ERR_NOT_FOUND;
    }
    if (rc != BP_OK)
        return rc;
    filter_child(v->who.show, &v->child);
    return bp_family_access_log(s, a, v->kase.child_id, actor->user->id, BP_MAX_PAGE_ROWS, reads, n);
}
