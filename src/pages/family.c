/* family.c: the family's own way in and own pages (issue 10 items 2, 3): the login by a one-time code
 * (a letter's or a link's), the request for a link by e-mail, the child's cases, one case, its meetings and
 * the plan in force; and the professional's printed login letter. What a family member may see is decided
 * in app/family.c by docs/family-access.md's table; these handlers draw what they are given, each item in
 * an element marked data-item="<the table's id>" (the tests read them). */
#include "pages/pages.h"
#include "domain/form_inputs.h"
#include "util/limits.h"

#define T(msgid) bp_tr(c->lang, msgid)

/* ---- the way in ---- */

static void login_page(struct bp_ctx *c, int status, const struct bp_family_login_input *in,
                       const struct bp_family_link_input *link, const struct bp_field_errors *errs)
{
    struct bp_arena *a = &c->arena;
    struct bp_tv *d = bp_tv_obj(a);
    const struct bp_form_src login_src = {.input = in, .typed = in != NULL}, link_src = {.input = link};
    /* A link's code is after '#' (/family/login#kod=...: never sent, OWASP ASVS V14.2.1); static/code.js
     * puts it into the form, which only the button sends (mail scanners open links). A code in the query
     * is never read. */
    bp_tv_set_str(a, d, "login_csrf", bp_login_csrf_new(c));
    bp_tv_set(a, d, "login", bp_form_view(c, &bp_record_family_login, &login_src, errs, NULL, NULL));
    bp_tv_set(a, d, "link", bp_form_view(c, &bp_record_family_link, &link_src, errs, NULL, NULL));
    bp_tv_set_str(a, d, "oidc",
                  bp_app_oidc_name(BP_OIDC_FAMILY)); /* "Logga in med BankID" (issue 10 item 1) */
    bp_tv_set(a, d, "page", bp_page_ctx(c, N_("Logga in som barn eller vårdnadshavare")));
    bp_render(c, status, "family_login", d);
}

void bp_h_family_login_form(struct bp_ctx *c)
{
    if (c->logged_in && c->user.family_child_id) {
        bp_redirect(c, "/family");
        return;
    }
    login_page(c, 200, NULL, NULL, NULL);
}

void bp_h_family_login(struct bp_ctx *c)
{
    struct bp_family_login_input in = {0};
    struct bp_field_errors errs = {0};
    struct bp_login_result r;
    enum bp_err rc = BP_ERR_UNAUTHENTICATED;

    bp_form_read(c, &bp_record_family_login, &in);
    if (!bp_login_csrf_ok(c))
        bp_field_errors_add(&errs, "code", "csrf");
    else if (!in.code || !*in.code)
        bp_field_errors_add(&errs, "code", "required");
    else if ((rc = bp_uc_family_login(c->w->store, &c->arena, &c->actor, in.code, &r)) != BP_OK &&
             (rc == BP_ERR_UNAUTHENTICATED || rc == BP_ERR_THROTTLED))
        bp_field_errors_add(&errs, "code", rc == BP_ERR_THROTTLED ? "throttled" : "family_code");
    if (errs.count) {
        login_page(c, rc == BP_ERR_THROTTLED ? 429 : 401, &in, NULL, &errs);
        return;
    }
    if (bp_failed(c, rc))
        return;
    bp_session_begin(c, &r, "/family");
}

/* GET /family/login/oidc: to the families' identity provider (BankID through a broker). */
void bp_h_family_login_oidc(struct bp_ctx *c)
{
    enum bp_err rc = bp_oidc_redirect(c, BP_OIDC_FAMILY, "bp_oidc_family");
    if (rc != BP_OK)
        bp_failed(c, rc);
}

/* GET /family/login/oidc/callback: a session, a choice between the person's children, or the login page
 * saying that it did not work. */
void bp_h_family_login_oidc_callback(struct bp_ctx *c)
{
    const struct bp_oidc_return in = {bp_form_get(&c->form, "state"), bp_form_get(&c->form, "code"),
                                      bp_form_get(&c->form, "error"), bp_cookie(c, "bp_oidc_family")};
    struct bp_arena *a = &c->arena;
    struct bp_login_result r;
    struct bp_family_choice *choices;
    struct bp_field_errors errs = {0};
    struct bp_tv *d, *list;
    const char *why = NULL;
    size_t n, i;
    enum bp_err rc = bp_uc_family_oidc_callback(c->w->store, a, &c->actor, &in, &r, &choices, &n, &why);
    bp_set_cookie(c, "bp_oidc_family", "", 0);
    if (rc == BP_ERR_UNAUTHENTICATED || rc == BP_ERR_THROTTLED) {
        bp_field_errors_add(&errs, "code",
                            rc == BP_ERR_THROTTLED               ? "throttled"
                            : why && strcmp(why, "unknown") == 0 ? "family_unknown"
                                                                 : "oidc_failed");
        login_page(c, rc == BP_ERR_THROTTLED ? 429 : 403, NULL, NULL, &errs);
        return;
    }
    if (bp_failed(c, rc))
        return;
    if (!n) {
        bp_session_begin(c, &r, "/family");
        return;
    }
    d = bp_tv_obj(a);
    list = bp_tv_list(a);
    for (i = 0; i < n; i++) { /* a parent of two children: which one now (a code each, single-use) */
        struct bp_tv *o = bp_tv_obj(a);
        bp_tv_set_str(a, o, "code", choices[i].code);
        bp_tv_set_str(a, o, "name", choices[i].child_name);
        bp_tv_set_bool(a, o, "as_child", choices[i].as_child);
        bp_tv_push(a, list, o);
    }
    bp_tv_set(a, d, "choices", list);
    bp_tv_set_str(a, d, "login_csrf", bp_login_csrf_new(c));
    bp_render_page(c, "family_choose", N_("Vems sidor vill du se?"), d);
}

void bp_h_family_link(struct bp_ctx *c)
{
    struct bp_family_link_input in = {0};
    struct bp_field_errors errs = {0};
    enum bp_err rc = BP_ERR_INVALID;
    struct bp_tv *d;

    bp_form_read(c, &bp_record_family_link, &in);
    if (!bp_login_csrf_ok(c))
        bp_field_errors_add(&errs, "email", "csrf");
    else if ((rc = bp_uc_family_link_request(c->w->store, &c->arena, &c->actor, in.email)) ==
                 BP_ERR_INVALID ||
             rc == BP_ERR_THROTTLED)
        bp_field_errors_add(&errs, "email", rc == BP_ERR_THROTTLED ? "throttled" : "family_email");
    if (errs.count) {
        login_page(c, rc == BP_ERR_THROTTLED ? 429 : 422, NULL, &in, &errs);
        return;
    }
    if (bp_failed(c, rc))
        return;
    d = bp_tv_obj(&c->arena);
    bp_render_page(c, "family_link_sent", N_("Vi har skickat en länk"), d);
}

/* ---- the pages ---- */

/* show.<item>: the table's items the member sees ("plan.contacts" as show.plan_contacts). */
static struct bp_tv *show_tv(struct bp_ctx *c, const struct bp_family_member *who)
{
    struct bp_tv *o = bp_tv_obj(&c->arena);
    size_t i;
    for (i = 0; i < BP_FI_COUNT; i++)
        if (who->show[i]) {
            char *key = bp_arena_strdup(&c->arena, bp_family_table[i].id), *p;
            for (p = key; *p; p++)
                if (*p == '.')
                    *p = '_';
            bp_tv_set_bool(&c->arena, o, key, true);
        }
    return o;
}

static const char *meeting_when(struct bp_ctx *c, const struct bp_meeting *m)
{
    return bp_arena_printf(&c->arena, "%s %02d:%02d–%02d:%02d", bp_date_text(&c->arena, m->date),
                           m->start_minute / 60, m->start_minute % 60, m->end_minute / 60,
                           m->end_minute % 60);
}

static struct bp_tv *meeting_tv(struct bp_ctx *c, const struct bp_family_case_view *v,
                                const struct bp_family_meeting *fm)
{
    struct bp_arena *a = &c->arena;
    const struct bp_meeting *m = &fm->m;
    struct bp_tv *o = bp_tv_obj(a), *who = bp_tv_list(a);
    size_t i;
    bp_tv_set_int(a, o, "id", m->id);
    bp_tv_set_str(a, o, "name",
                  bp_label(c->lang, "meeting_name", bp_meeting_name_code(v->kase.model, m->kind)));
    bp_tv_set_str(a, o, "when", meeting_when(c, m));
    bp_tv_set_bool(a, o, "digital", m->setting == BP_SETTING_DIGITAL);
    bp_tv_set_str(a, o, "setting", bp_label(c->lang, "meeting_setting", bp_setting_codes[m->setting]));
    bp_tv_set_str(a, o, "place", m->place);
    bp_tv_set_str(a, o, "video_link", m->video_link);
    bp_tv_set_str(a, o, "purpose", m->purpose);
    bp_tv_set_str(a, o, "agenda", m->agenda);
    bp_tv_set_str(a, o, "child_not_invited_reason", m->child_not_invited_reason);
    bp_tv_set_str(a, o, "child_addition", m->child_addition);
    bp_tv_set_str(a, o, "chair", fm->chair_name);
    bp_tv_set_str(a, o, "note_taker", fm->note_taker_name);
    bp_tv_set_str(a, o, "org", fm->org_name);
    bp_tv_set_bool(a, o, "held", m->status == BP_MEETING_HELD);
    for (i = 0; i < fm->n_invitees; i++) {
        const struct bp_invitee *iv = &fm->invitees[i];
        struct bp_tv *p = bp_tv_obj(a);
        bp_tv_set_str(a, p, "name", iv->kind == BP_INVITEE_CHILD ? T(N_("Barnet")) : iv->name);
        bp_tv_set_str(a, p, "kind", bp_label(c->lang, "invitee_kind", bp_invitee_kind_codes[iv->kind]));
        bp_tv_set_str(a, p, "org",
                      iv->org_id ? bp_org_name_in(v->all_orgs, v->n_all_orgs, iv->org_id) : NULL);
        bp_tv_set_str(a, p, "substitute",
                      iv->substitute_name && *iv->substitute_name ? iv->substitute_name : NULL);
        bp_tv_push(a, who, p);
    }
    bp_tv_set(a, o, "invitees", who);
    bp_tv_set_bool(a, o, "has_invitees", fm->n_invitees > 0);
    return o;
}

static void goal_more(struct bp_ctx *c, struct bp_tv *o, const void *rec, size_t i, void *ud)
{
    const struct bp_goal *g = rec;
    (void)i;
    (void)ud;
    bp_tv_set_str(&c->arena, o, "area", bp_label(c->lang, "area", g->area)); /* the model's need area */
}

static void intervention_more(struct bp_ctx *c, struct bp_tv *o, const void *rec, size_t i, void *ud)
{
    const struct bp_intervention *iv = rec;
    const struct bp_family_case_view *v = ud;
    (void)i;
    bp_tv_set_str(&c->arena, o, "org", bp_org_name_in(v->all_orgs, v->n_all_orgs, iv->org_id));
}

static void contact_more(struct bp_ctx *c, struct bp_tv *o, const void *rec, size_t i, void *ud)
{
    const struct bp_plan_contact *pc = rec;
    const struct bp_family_case_view *v = ud;
    (void)i;
    bp_tv_set_str(&c->arena, o, "org", bp_org_name_in(v->all_orgs, v->n_all_orgs, pc->org_id));
}

static void decision_more(struct bp_ctx *c, struct bp_tv *o, const void *rec, size_t i, void *ud)
{
    const struct bp_pending_decision *pd = rec;
    const struct bp_family_case_view *v = ud;
    (void)i;
    bp_tv_set_str(&c->arena, o, "org", bp_org_name_in(v->all_orgs, v->n_all_orgs, pd->org_id));
}

/* The plan in force (page.plan), its parts as the member may see them. */
static void plan_tv(struct bp_ctx *c, const struct bp_family_case_view *v, struct bp_tv *d)
{
    struct bp_arena *a = &c->arena;
    const struct bp_plan *p = &v->plan;
    struct bp_tv *coord = bp_tv_list(a), *versions = bp_tv_list(a);
    size_t i;
    bp_tv_set_bool(a, d, "has_plan", v->has_plan);
    if (!v->has_plan)
        return;
    bp_tv_set_str(a, d, "plan_kind", bp_label(c->lang, "plan_kind", p->kind));
    bp_tv_set_int(a, d, "version", p->version);
    bp_tv_set_str(a, d, "finished_on", bp_date_text(a, p->finished_on));
    bp_tv_set_str(a, d, "summary", p->summary);
    bp_tv_set_str(a, d, "child_view", p->child_view);
    bp_tv_set_str(a, d, "contact_if_fails", p->contact_if_fails);
    bp_tv_set_str(a, d, "coordinator_role",
                  bp_label(c->lang, "coordinator_role", bp_coordinator_role_code(v->kase.model)));
    for (i = 0; i < p->n_coordinator_orgs; i++)
        bp_tv_push(a, coord,
                   bp_tv_str(a, bp_org_name_in(v->all_orgs, v->n_all_orgs, p->coordinator_orgs[i])));
    bp_tv_set(a, d, "coordinator_orgs", coord);
    bp_tv_set_str(a, d, "coordinator_name", p->coordinator_name);
    bp_tv_set_bool(a, d, "has_followup", p->has_followup);
    bp_tv_set_str(a, d, "followup_on", p->has_followup ? bp_date_text(a, p->followup_on) : NULL);
    bp_tv_set_str(a, d, "followup_place", p->followup_place);
    bp_tv_set_str(a, d, "followup_participants", p->followup_participants);
    bp_tv_set(a, d, "goals",
              bp_tv_records(c, &bp_record_goal, v->parts.goals, v->parts.n_goals, sizeof(struct bp_goal),
                            goal_more, NULL));
    bp_tv_set(a, d, "interventions",
              bp_tv_records(c, &bp_record_intervention, v->parts.interventions, v->parts.n_interventions,
                            sizeof(struct bp_intervention), intervention_more, (void *)v));
    bp_tv_set(a, d, "commitments",
              bp_tv_records(c, &bp_record_commitment, v->parts.commitments, v->parts.n_commitments,
                            sizeof(struct bp_commitment), NULL, NULL));
    bp_tv_set(a, d, "contacts",
              bp_tv_records(c, &bp_record_contact, v->parts.contacts, v->parts.n_contacts,
                            sizeof(struct bp_plan_contact), contact_more, (void *)v));
    bp_tv_set(a, d, "decisions",
              bp_tv_records(c, &bp_record_decision, v->decisions, v->n_decisions,
                            sizeof(struct bp_pending_decision), decision_more, (void *)v));
    bp_tv_set_bool(a, d, "has_decisions", v->n_decisions > 0);
    for (i = 0; i < v->n_versions; i++) {
        struct bp_tv *o = bp_tv_obj(a);
        bp_tv_set_int(a, o, "version", v->versions[i].version);
        bp_tv_set_str(a, o, "finished_on", bp_date_text(a, v->versions[i].finished_on));
        bp_tv_push(a, versions, o);
    }
    bp_tv_set(a, d, "versions", versions);
    bp_tv_set_bool(a, d, "has_versions", v->n_versions > 1);
}

/* Everything a family page of one case shows: the child, the member, the organisations, the meetings. */
static struct bp_tv *case_tv(struct bp_ctx *c, const struct bp_family_case_view *v)
{
    struct bp_arena *a = &c->arena;
    struct bp_tv *d = bp_tv_obj(a), *orgs = bp_tv_list(a), *gs = bp_tv_list(a), *ms = bp_tv_list(a);
    size_t i;
    bp_tv_set(a, d, "show", show_tv(c, &v->who));
    bp_tv_set_bool(a, d, "protected_marker", v->who.marker); /* issue 10 item 10 */
    bp_tv_set_int(a, d, "case_id", v->kase.id);
    bp_tv_set_bool(a, d, "is_child", v->who.guardian_id == 0);
    bp_tv_set_bool(a, d, "closed", v->kase.status != BP_CASE_OPEN);
    bp_tv_set_bool(a, d, "has_prep", v->kase.status == BP_CASE_OPEN && bp_family_prep_seen(&v->who));
    bp_tv_set_str(a, d, "given_name", v->child.given_name);
    bp_tv_set_str(a, d, "family_name", v->child.family_name);
    bp_tv_set_str(a, d, "birth_date", v->child.birth_date);
    bp_tv_set_str(a, d, "id_number", v->child.id_number);
    bp_tv_set_str(a, d, "initiative_org", v->kase.initiating_org_name);
    bp_tv_set_str(a, d, "initiator", v->kase.initiator_name);
    bp_tv_set_str(a, d, "noticed_on", v->kase.noticed_on);
    bp_tv_set_str(a, d, "bba", v->kase.named_person_name);
    bp_tv_set_str(a, d, "bba_org", v->kase.named_person_org_name);
    bp_tv_set_bool(a, d, "kronoberg", v->kase.model == BP_MODEL_KRONOBERG);
    for (i = 0; i < v->n_orgs; i++)
        bp_tv_push(a, orgs, bp_tv_str(a, v->orgs[i].name));
    bp_tv_set(a, d, "orgs", orgs);
    for (i = 0; i < v->n_guardians; i++) {
        const struct bp_guardian *g = &v->guardians[i];
        struct bp_tv *o = bp_tv_obj(a);
        bp_tv_set_bool(a, o, "own", g->id == v->who.guardian_id);
        bp_tv_set_bool(a, o, "custodian",
                       bp_has_custody(g)); /* a parent without custody is no vårdnadshavare */
        bp_tv_set_str(a, o, "name", g->name);
        bp_tv_set_str(a, o, "custody", bp_label(c->lang, "custody", bp_custody_codes[g->custody]));
        bp_tv_set_str(a, o, "id_number", g->id_number);
        bp_tv_set_str(a, o, "address", g->address);
        bp_tv_set_str(a, o, "phone", g->phone);
        bp_tv_set_str(a, o, "email", g->email);
        bp_tv_push(a, gs, o);
    }
    bp_tv_set(a, d, "guardians", gs);
    for (i = 0; i < v->n_meetings; i++)
        bp_tv_push(a, ms, meeting_tv(c, v, &v->meetings[i]));
    bp_tv_set(a, d, "meetings", ms);
    bp_tv_set_bool(a, d, "has_meetings", v->n_meetings > 0);
    if (v->next)
        bp_tv_set(a, d, "next", meeting_tv(c, v, v->next));
    bp_tv_set_bool(a, d, "survey_waiting", v->survey_waiting);
    bp_tv_set_bool(a, d, "may_report",
                   v->has_plan && v->who.show[BP_FI_EVENT_REPORT] && v->kase.status == BP_CASE_OPEN);
    plan_tv(c, v, d);
    return d;
}

/* family.todo: what waits for the member (each a link on the case page). */
static struct bp_tv *todo_tv(struct bp_ctx *c, const struct bp_family_todo *t)
{
    struct bp_tv *o = bp_tv_obj(&c->arena);
    bp_tv_set_bool(&c->arena, o, "any", t->any);
    if (t->meeting_id)
        bp_tv_set_int(&c->arena, o, "meeting_id", t->meeting_id);
    bp_tv_set_bool(&c->arena, o, "prepare", t->prepare);
    bp_tv_set_bool(&c->arena, o, "confirm_consent", t->confirm_consent);
    bp_tv_set_bool(&c->arena, o, "child_answer", t->child_answer);
    bp_tv_set_bool(&c->arena, o, "sign", t->sign);
    bp_tv_set_bool(&c->arena, o, "survey", t->survey);
    return o;
}

void bp_h_family_cases(struct bp_ctx *c)
{
    struct bp_family_case_view *vs;
    struct bp_audit audit;
    struct bp_tv *d = bp_tv_obj(&c->arena), *list = bp_tv_list(&c->arena);
    size_t n, i;
    enum bp_err rc = bp_uc_family_cases(c->w->store, &c->arena, &c->actor, &vs, &n, &audit);
    if (bp_read_failed(c, rc, &audit))
        return;
    for (i = 0; i < n; i++) {
        struct bp_tv *o = bp_tv_obj(&c->arena);
        bp_tv_set_int(&c->arena, o, "id", vs[i].kase.id);
        bp_tv_set_str(&c->arena, o, "given_name", vs[i].child.given_name);
        bp_tv_set_str(&c->arena, o, "plan_kind", bp_label(c->lang, "plan_kind", vs[i].kase.plan_kind));
        bp_tv_set_bool(&c->arena, o, "closed", vs[i].kase.status != BP_CASE_OPEN);
        bp_tv_push(&c->arena, list, o);
    }
    bp_tv_set(&c->arena, d, "cases", list);
    bp_tv_set_bool(&c->arena, d, "has_cases", n > 0);
    bp_render_page(c, "family_cases", N_("Mina sidor"), d);
    bp_audit_then_respond(c, &audit);
}

void bp_h_family_case(struct bp_ctx *c)
{
    struct bp_family_case_view v;
    struct bp_audit audit;
    struct bp_tv *d;
    const struct bp_form_src src = {0};
    struct bp_family_todo todo;
    const char *saved;
    if (!bp_family_case_read(c, "case", &v, &audit))
        return;
    if (bp_failed(c, bp_uc_family_todo(c->w->store, &c->arena, &c->actor, &v, &todo)))
        return;
    d = case_tv(c, &v);
    bp_tv_set(&c->arena, d, "todo", todo_tv(c, &todo));
    bp_tv_set(&c->arena, d, "event", bp_form_view(c, &bp_record_plan_event, &src, NULL, NULL, NULL));
    saved = bp_form_get(&c->form, "saved");
    bp_tv_set_bool(&c->arena, d, "saved_event", saved && strcmp(saved, "event") == 0);
    bp_tv_set_bool(&c->arena, d, "saved_contact", saved && strcmp(saved, "contact") == 0);
    bp_render_page(c, "family_case", N_("Barnets ärende"), d);
    bp_audit_then_respond(c, &audit);
}

/* The member's answer to the version in force (signature.own): the form, or what they answered. */
static void signature_tv(struct bp_ctx *c, const struct bp_family_case_view *v, struct bp_tv *d,
                         const struct bp_signature_input *typed, const struct bp_field_errors *errs)
{
    struct bp_arena *a = &c->arena;
    const struct bp_signature *own = v->own_signature;
    const struct bp_form_src src = {.input = typed, .typed = typed != NULL};
    bp_tv_set_bool(a, d, "may_sign", v->may_sign);
    if (v->may_sign)
        bp_tv_set(a, d, "sign", bp_form_view(c, &bp_record_family_signature, &src, errs, NULL, NULL));
    if (own) {
        bp_tv_set_bool(a, d, "signed", own->answer == BP_SIGN_SIGNED);
        bp_tv_set_str(a, d, "signed_on", bp_date_text(a, own->signed_on));
    }
    bp_tv_set_bool(a, d, "answered", own != NULL);
    if (!v->may_sign && errs &&
        errs->count) /* answered already, or the case closed: said where the form was */
        bp_tv_set_str(a, d, "sign_error", bp_error_text(c->lang, errs->items[0].code));
}

/* A follow-up's reviews of the interventions (V-10.4): what, the decision, the note. */
static struct bp_tv *reviews_tv(struct bp_ctx *c, const struct bp_family_followup *ff)
{
    struct bp_tv *list = bp_tv_list(&c->arena);
    size_t i;
    for (i = 0; i < ff->n_reviews; i++) {
        const struct bp_review *r = &ff->reviews[i].r;
        struct bp_tv *o = bp_tv_obj(&c->arena);
        bp_tv_set_str(&c->arena, o, "what", ff->reviews[i].what);
        bp_tv_set_str(&c->arena, o, "decision",
                      bp_label(c->lang, "review_decision", bp_review_decision_codes[r->decision]));
        bp_tv_set_str(&c->arena, o, "note", r->note && *r->note ? r->note : NULL);
        bp_tv_push(&c->arena, list, o);
    }
    return list;
}

/* followup.next (V-10.5) and followup.record (V-10.3-V-10.7), each with the version it followed up, the words
 * before it (followup.child_views, followup.guardians_view, V-10.2) and the child's words
 * (plan.child_voices). */
static void followups_tv(struct bp_ctx *c, const struct bp_family_plan_view *v, struct bp_tv *d)
{
    struct bp_arena *a = &c->arena;
    struct bp_tv *list = bp_tv_list(a);
    const struct bp_followup *nx = v->next;
    size_t i;
    if (nx) {
        struct bp_tv *o = bp_tv_obj(a);
        bp_tv_set_str(a, o, "on", bp_date_text(a, nx->next_on));
        if (nx->next_minute >= 0)
            bp_tv_set_str(a, o, "time",
                          bp_arena_printf(a, "%02d:%02d", nx->next_minute / 60, nx->next_minute % 60));
        bp_tv_set_str(a, o, "place", nx->next_place && *nx->next_place ? nx->next_place : NULL);
        bp_tv_set_str(a, o, "participants",
                      nx->next_participants && *nx->next_participants ? nx->next_participants : NULL);
        bp_tv_set(a, d, "next_followup", o);
    }
    for (i = 0; i < v->n_followups; i++) {
        const struct bp_family_followup *ff = &v->followups[i];
        struct bp_tv *o = bp_tv_obj(a);
        bp_tv_record(c, o, &bp_record_followup, &ff->f);
        bp_tv_set_int(a, o, "version", ff->version);
        bp_tv_set_str(a, o, "new_org", ff->new_coordinator_org_name);
        bp_tv_set_bool(a, o, "decided", ff->f.still_needed != BP_STILL_UNDECIDED);
        bp_tv_set_bool(a, o, "record", ff->record);
        bp_tv_set_bool(a, o, "child_views", ff->child_views);
        bp_tv_set(a, o, "reviews", reviews_tv(c, ff));
        bp_tv_set_bool(a, o, "has_reviews", ff->n_reviews > 0);
        bp_tv_push(a, list, o);
    }
    bp_tv_set(a, d, "followups", list);
    bp_tv_set_bool(a, d, "has_followups", v->n_followups > 0);
    list = bp_tv_list(a);
    for (i = 0; i < v->n_voices; i++) { /* plan.child_voices (V-9.2, R2) */
        struct bp_tv *o = bp_tv_obj(a);
        bp_tv_set_str(a, o, "said_on", bp_date_text(a, v->voices[i].said_on));
        bp_tv_set_str(a, o, "note", v->voices[i].note);
        bp_tv_push(a, list, o);
    }
    bp_tv_set(a, d, "voices", list);
    bp_tv_set_bool(a, d, "has_voices", v->n_voices > 0);
    list = bp_tv_list(a);
    for (i = 0; i < v->n_progress; i++) { /* plan.progress, plan.progress_note (V-9.1) */
        const struct bp_progress *p = &v->progress[i].p;
        struct bp_tv *o = bp_tv_obj(a);
        bp_tv_set_str(a, o, "what", v->progress[i].what);
        bp_tv_set_str(a, o, "status",
                      bp_label(c->lang, "progress_status", bp_progress_status_codes[p->status]));
        bp_tv_set_str(a, o, "status_on", bp_date_text(a, p->status_on));
        bp_tv_set_str(a, o, "note", p->note && *p->note ? p->note : NULL);
        bp_tv_push(a, list, o);
    }
    bp_tv_set(a, d, "progress", list);
    bp_tv_set_bool(a, d, "has_progress", v->n_progress > 0);
}

static void show_plan(struct bp_ctx *c, int status, const struct bp_signature_input *typed,
                      const struct bp_field_errors *errs)
{
    struct bp_family_plan_view pv;
    const struct bp_family_case_view *v = &pv.c;
    struct bp_audit audit;
    struct bp_tv *d;
    enum bp_err rc = bp_uc_family_plan_page(c->w->store, &c->arena, &c->actor, c->params[0], &pv, &audit);
    if (bp_read_failed(c, rc, &audit))
        return;
    if (!v->has_plan) { /* R6: no finished version yet; a draft is not theirs to read */
        bp_read_failed(c, BP_ERR_NOT_FOUND, &audit);
        return;
    }
    d = case_tv(c, v);
    followups_tv(c, &pv, d);
    signature_tv(c, v, d, typed, errs);
    bp_tv_set_bool(&c->arena, d, "saved_signature", status == 200 && bp_form_get(&c->form, "saved"));
    bp_tv_set(&c->arena, d, "page", bp_page_ctx(c, N_("Barnets plan")));
    bp_render(c, status, "family_plan", d);
    bp_audit_then_respond(c, &audit);
}

void bp_h_family_plan(struct bp_ctx *c)
{
    show_plan(c, 200, NULL, NULL);
}

/* POST /family/cases/{id}/plan/signature (V-8a.2) */
void bp_h_family_sign(struct bp_ctx *c)
{
    struct bp_signature_input in = {0};
    struct bp_field_errors errs = {0};
    enum bp_err rc;
    bp_form_read(c, &bp_record_family_signature, &in);
    in.version = bp_form_get(&c->form, "version");
    rc = bp_uc_family_sign(c->w->store, &c->arena, &c->actor, c->params[0], &in, &errs);
    if (rc == BP_OK)
        bp_redirect(
            c, bp_arena_printf(&c->arena, "/family/cases/%lld/plan?saved=1#sign", (long long)c->params[0]));
    else if (errs.count)
        show_plan(c, rc == BP_ERR_INVALID ? 422 : 409, &in, &errs);
    else
        bp_failed(c, rc);
}

/* GET /family/cases/{id}/plan/versions/{n}.pdf: the member's own copy (V-8a.3, K-8.1). */
void bp_h_family_plan_pdf(struct bp_ctx *c)
{
    bp_plan_pdf_download(c, bp_uc_family_plan_pdf);
}

/* Who told, in the member's words (never a name: not in the table's fields). */
static const char *told_by(struct bp_ctx *c, const char *by)
{
    if (strcmp(by, "own") == 0)
        return T(N_("Du berättade"));
    if (strcmp(by, "child") == 0)
        return T(N_("Barnet berättade"));
    return strcmp(by, "guardian") == 0 ? T(N_("En vårdnadshavare berättade"))
                                       : T(N_("Någon som arbetar med planen berättade"));
}

/* One of event.list and event.child_reports (V-9.3, V-9.4), with its item's data-item. */
static void event_row(struct bp_ctx *c, struct bp_tv *o, const void *item, size_t i, void *ud)
{
    const struct bp_family_event *fe = item;
    struct bp_arena *a = &c->arena;
    bp_tv_set_str(a, o, "item", bp_family_table[fe->item].id);
    bp_tv_set_str(a, o, "what", fe->e.what);
    bp_tv_set_str(a, o, "happened_on", bp_date_text(a, fe->e.happened_on));
    bp_tv_set_str(a, o, "by", told_by(c, fe->by));
    bp_tv_set_bool(a, o, "shared", fe->e.share_with_guardians);
    if (fe->e.decision != BP_EVENT_UNDECIDED) {
        bp_tv_set_str(a, o, "decision",
                      bp_label(c->lang, "event_decision", bp_event_decision_codes[fe->e.decision]));
        bp_tv_set_str(a, o, "decided_on", bp_date_text(a, fe->e.decided_on));
        bp_tv_set_str(a, o, "note", fe->e.decision_note && *fe->e.decision_note ? fe->e.decision_note : NULL);
    }
}

static void events_tv(struct bp_ctx *c, const struct bp_family_events_view *v, struct bp_tv *d)
{
    struct bp_arena *a = &c->arena;
    bp_tv_set(a, d, "events", bp_tv_each(c, v->items, v->n, sizeof(*v->items), event_row, NULL));
    bp_tv_set_bool(a, d, "has_events", v->n > 0);
    bp_tv_set_bool(a, d, "may_report", v->may_report);
    bp_tv_set_bool(a, d, "may_share", v->may_share);
    bp_tv_set_bool(a, d, "guardians_see", v->guardians_see);
}

static void show_events(struct bp_ctx *c, int status, const struct bp_plan_event_input *typed,
                        const struct bp_field_errors *errs)
{
    struct bp_family_events_view v;
    struct bp_audit audit;
    struct bp_tv *d;
    const struct bp_form_src src = {.input = typed, .typed = typed != NULL};
    enum bp_err rc = bp_uc_family_events(c->w->store, &c->arena, &c->actor, c->params[0], &v, &audit);
    if (bp_read_failed(c, rc, &audit))
        return;
    d = case_tv(c, &v.c);
    events_tv(c, &v, d);
    bp_tv_set(&c->arena, d, "event", bp_form_view(c, &bp_record_family_event, &src, errs, NULL, NULL));
    bp_tv_set_bool(&c->arena, d, "saved_event", status == 200 && bp_form_get(&c->form, "saved") != NULL);
    bp_tv_set(&c->arena, d, "page", bp_page_ctx(c, N_("Har något hänt?")));
    bp_render(c, status, "family_events", d);
    bp_audit_then_respond(c, &audit);
}

/* GET /family/cases/{id}/events: what has been told and decided, and the form to tell (V-9.3, V-9.4). */
void bp_h_family_events(struct bp_ctx *c)
{
    show_events(c, 200, NULL, NULL);
}

/* POST /family/cases/{id}/events: the member tells the coordinator that something happened (V-9.3), from
 * the events page (back=events; the child from 12 may tick "Visa för mina vårdnadshavare") or the case page.
 */
void bp_h_family_event(struct bp_ctx *c)
{
    struct bp_plan_event_input in = {0};
    struct bp_field_errors errs = {0};
    struct bp_family_case_view v;
    struct bp_audit audit;
    struct bp_tv *d;
    const struct bp_form_src src = {.input = &in, .typed = true};
    const char *back = bp_form_get(&c->form, "back");
    bool from_events = back && strcmp(back, "events") == 0;
    enum bp_err rc;
    bp_form_read(c, &bp_record_family_event, &in);
    rc = bp_uc_plan_event_report(c->w->store, &c->arena, &c->actor, c->params[0], &in, NULL, &errs);
    if (rc == BP_OK) {
        bp_redirect(c, bp_arena_printf(&c->arena,
                                       from_events ? "/family/cases/%lld/events?saved=1#event"
                                                   : "/family/cases/%lld?saved=event#event",
                                       (long long)c->params[0]));
        return;
    }
    if (errs.count && from_events) {
        show_events(c, rc == BP_ERR_INVALID ? 422 : 409, &in, &errs);
        return;
    }
    if (!errs.count || !bp_family_case_read(c, "case", &v, &audit)) {
        if (!errs.count)
            bp_failed(c, rc);
        return;
    }
    d = case_tv(c, &v);
    bp_tv_set(&c->arena, d, "event", bp_form_view(c, &bp_record_plan_event, &src, &errs, NULL, NULL));
    bp_tv_set(&c->arena, d, "page", bp_page_ctx(c, N_("Barnets ärende")));
    bp_render(c, rc == BP_ERR_INVALID ? 422 : 409, "family_case", d);
    bp_audit_then_respond(c, &audit);
}

/* POST /family/cases/{id}/survey: the member's own survey, anonymous as ever (V-12.1). */
void bp_h_family_survey(struct bp_ctx *c)
{
    char code[BP_SURVEY_CODE_CHARS + 1];
    enum bp_err rc = bp_uc_family_survey(c->w->store, &c->arena, &c->actor, c->params[0], code);
    if (bp_failed(c, rc))
        return;
    /* the survey's form at once: the code only in its body, never in a URL (OWASP ASVS V14.2.1) */
    bp_survey_open_page(c, code);
    explicit_bzero(code, sizeof(code));
}

/* The meeting page, with the member's own answer (meeting.own_answer): as stored, or as typed with errors. */
static void meeting_page(struct bp_ctx *c, int status, const struct bp_answer_input *typed,
                         const struct bp_field_errors *errs)
{
    struct bp_family_case_view v;
    const struct bp_family_meeting *fm;
    struct bp_family_invitation fi;
    struct bp_audit audit;
    struct bp_tv *d, *o;
    enum bp_err rc =
        bp_uc_family_meeting(c->w->store, &c->arena, &c->actor, c->params[0], c->params[1], &v, &fm, &audit);
    if (bp_read_failed(c, rc, &audit))
        return;
    if (bp_failed(c, bp_uc_family_invitation(c->w->store, &c->arena, &c->actor, &v, c->params[1], &fi)))
        return;
    d = case_tv(c, &v);
    bp_tv_set(&c->arena, d, "meeting", meeting_tv(c, &v, fm));
    if (fi.own) {
        struct bp_form_src src = {.typed = typed != NULL, .input = typed};
        o = bp_tv_obj(&c->arena);
        bp_tv_set_bool(&c->arena, o, "answered", fi.own->answer != BP_ANSWER_PENDING);
        bp_tv_set_str(&c->arena, o, "answer", bp_label(c->lang, "answer", bp_answer_codes[fi.own->answer]));
        bp_tv_set_str(&c->arena, o, "answered_on", bp_date_text(&c->arena, fi.own->answered_on));
        bp_tv_set_bool(&c->arena, o, "may_answer", fi.may_answer);
        bp_tv_set_bool(&c->arena, o, "saved", bp_form_get(&c->form, "saved") != NULL);
        bp_tv_set(&c->arena, o, "answer_form",
                  bp_form_view(c, &bp_record_family_answer, &src, errs, NULL, NULL));
        bp_tv_set(&c->arena, d, "invitation", o);
    }
    bp_tv_set(&c->arena, d, "errors", bp_form_summary(c, errs));
    bp_tv_set_bool(&c->arena, d, "has_errors", errs && errs->count > 0);
    bp_tv_set(&c->arena, d, "page", bp_page_ctx(c, N_("Möte")));
    bp_render(c, status, "family_meeting", d);
    bp_audit_then_respond(c, &audit);
}

void bp_h_family_meeting(struct bp_ctx *c)
{
    meeting_page(c, 200, NULL, NULL);
}

/* POST /family/cases/{id}/meetings/{id}/answer: the member's own answer (meeting.own_answer, K-4.7). */
void bp_h_family_meeting_answer(struct bp_ctx *c)
{
    struct bp_answer_input in = {0};
    struct bp_field_errors errs = {0};
    enum bp_err rc;
    bp_form_read(c, &bp_record_family_answer, &in);
    rc = bp_uc_family_meeting_answer(c->w->store, &c->arena, &c->actor, c->params[0], c->params[1], &in,
                                     &errs);
    if (rc == BP_OK)
        bp_redirect(c, bp_arena_printf(&c->arena, "/family/cases/%lld/meetings/%lld?saved=1#answer",
                                       (long long)c->params[0], (long long)c->params[1]));
    else if (errs.count)
        meeting_page(c, rc == BP_ERR_INVALID ? 422 : 409, &in, &errs);
    else
        bp_failed(c, rc);
}

/* GET /family/cases/{id}/meetings/{id}/glossary: the words used at the meeting, explained (page.glossary,
 * K-6.4); the professionals' page with the family's crumbs. */
void bp_h_family_glossary(struct bp_ctx *c)
{
    struct bp_family_case_view v;
    const struct bp_family_meeting *fm;
    struct bp_audit audit;
    struct bp_tv *d;
    enum bp_err rc =
        bp_uc_family_meeting(c->w->store, &c->arena, &c->actor, c->params[0], c->params[1], &v, &fm, &audit);
    if (rc == BP_OK && !v.who.show[BP_FI_PAGE_GLOSSARY]) {
        audit.action = "denied";
        rc = BP_ERR_NOT_FOUND;
    }
    if (bp_read_failed(c, rc, &audit))
        return;
    d = case_tv(c, &v);
    bp_tv_set_bool(&c->arena, d, "family", true);
    bp_tv_set(&c->arena, d, "meeting", meeting_tv(c, &v, fm));
    bp_render_page(c, "meeting_glossary", N_("Ord vi använder på mötet"), d);
    bp_audit_then_respond(c, &audit);
}

/* GET /family/cases/{id}/closure/letter: the plan is closed; why, and welcome back (V-11.3, V-11.4). */
void bp_h_family_closure_letter(struct bp_ctx *c)
{
    struct bp_arena *a = &c->arena;
    struct bp_family_closure_view fv;
    struct bp_audit audit;
    struct bp_tv *d;
    enum bp_err rc = bp_uc_family_closure(c->w->store, a, &c->actor, c->params[0], &fv, &audit);
    if (bp_read_failed(c, rc, &audit))
        return;
    d = case_tv(c, &fv.c);
    bp_tv_set_bool(a, d, "family", true);
    bp_tv_set_str(a, d, "child_given_name", fv.c.child.given_name);
    bp_tv_set_str(a, d, "plan_kind", bp_label(c->lang, "plan_kind", fv.c.kase.plan_kind));
    if (fv.closure.at)
        bp_tv_set_str(a, d, "closed_on", bp_time_text(a, fv.closure.at));
    if (fv.has_closure) {
        struct bp_tv *o = bp_tv_obj(a);
        bp_tv_set_str(a, o, "reason",
                      bp_label(c->lang, "closure_reason", bp_closure_reason_codes[fv.closure.reason]));
        bp_tv_set_bool(a, o, "joint", bp_closure_is_joint(fv.closure.reason));
        bp_tv_set_str(a, o, "org", fv.closure.org_name);
        bp_tv_set_str(a, o, "by", fv.closure.user_name);
        bp_tv_set(a, d, "closure", o);
    }
    bp_tv_set_str(a, d, "closure_text", bp_app_closure_text());
    bp_render_page(c, "closure_letter", N_("Planen är avslutad"), d);
    bp_audit_then_respond(c, &audit);
}

/* Issue 10 item 8: who has read the child's data, and when, from the audit trail. */
void bp_h_family_access(struct bp_ctx *c)
{
    struct bp_arena *a = &c->arena;
    struct bp_family_case_view v;
    struct bp_audit audit, *reads;
    struct bp_tv *d, *rows = bp_tv_list(a);
    size_t n, i;
    enum bp_err rc = bp_uc_family_access(c->w->store, a, &c->actor, c->params[0], &v, &reads, &n, &audit);
    if (bp_read_failed(c, rc, &audit))
        return;
    for (i = 0; i < n; i++) {
        struct bp_tv *o = bp_tv_obj(a);
        bp_tv_set_str(a, o, "at", bp_time_text(a, reads[i].at));
        bp_tv_set_bool(a, o, "own", reads[i].user_id == c->user.id);
        bp_tv_set_str(a, o, "who", reads[i].username);
        bp_tv_set_str(a, o, "org", reads[i].org_name);
        bp_tv_set_str(a, o, "what", bp_label(c->lang, "audit_object", reads[i].object));
        bp_tv_push(a, rows, o);
    }
    d = case_tv(c, &v);
    bp_tv_set(a, d, "reads", rows);
    bp_tv_set_bool(a, d, "has_reads", n > 0);
    bp_tv_set_bool(a, d, "more", n == BP_MAX_PAGE_ROWS);
    bp_render_page(c, "family_access", N_("Vem har läst"), d);
    bp_audit_then_respond(c, &audit);
}

/* POST /cases/{id}/family/letter: a professional prints a login letter for the child or a guardian. */
void bp_h_family_letter(struct bp_ctx *c)
{
    struct bp_arena *a = &c->arena;
    struct bp_family_code l;
    struct bp_tv *d;
    const char *g = bp_form_get(&c->form, "guardian");
    enum bp_err rc =
        bp_uc_family_letter(c->w->store, a, &c->actor, c->params[0], g ? strtoll(g, NULL, 10) : 0, &l);
    if (bp_failed(c, rc))
        return;
    d = bp_tv_obj(a);
    bp_tv_set_int(a, d, "case_id", c->params[0]);
    bp_tv_set_bool(a, d, "child", l.child);
    bp_tv_set_str(a, d, "name", l.name);
    bp_letter_code(c, d, "/family/login", l.code);
    bp_tv_set_str(a, d, "valid_until", bp_time_text(a, l.expires_at));
    bp_render_page(c, "family_letter", N_("Brev med inloggningskod"), d);
}
