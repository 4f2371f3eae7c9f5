/* cases.c: the case pages: "my cases", registering a child with guardians and an initiative, and
 * the case page with its timeline. Each handler decodes, calls one use case and renders. */
#include "pages/pages.h"
#include "util/find.h"
#include "domain/deadline.h"
#include "domain/access.h"
#include "util/date.h"
#include "util/limits.h"
#include "domain/form_inputs.h"

#define N_GUARDIAN_BLOCKS 2  /* blocks shown on the form; the rules allow up to BP_MAX_GUARDIANS */
#define CASES_PER_PAGE    50 /* rows of "my cases" on one page */

void bp_h_cases(struct bp_ctx *c)
{
    struct bp_arena *a = &c->arena;
    struct bp_tv *d = bp_tv_obj(a), *list = bp_tv_list(a);
    struct bp_case *cases;
    struct bp_audit audit;
    size_t n, i, shown;
    int64_t page = 1;
    enum bp_err rc;

    /* CASES_PER_PAGE at a time; one more is asked for to know whether there is a next page */
    if (*bp_form_get(&c->form, "page") && !bp_parse_int64(bp_form_get(&c->form, "page"), 1, 100000, &page))
        page = 1;
    rc = bp_uc_case_list(c->w->store, a, &c->actor, CASES_PER_PAGE + 1, (size_t)(page - 1) * CASES_PER_PAGE,
                         &cases, &n, &audit);
    if (bp_failed(c, rc))
        return;
    shown = n > CASES_PER_PAGE ? CASES_PER_PAGE : n;
    for (i = 0; i < shown; i++) {
        struct bp_tv *o = bp_tv_obj(a);
        bp_tv_set_int(a, o, "id", cases[i].id);
        bp_tv_set_str(a, o, "child_name", cases[i].child_name);
        bp_tv_set_str(a, o, "org", cases[i].initiating_org_name);
        bp_tv_set_str(a, o, "noticed_on", cases[i].noticed_on);
        bp_tv_set_str(a, o, "plan_kind", bp_label(c->lang, "plan_kind", cases[i].plan_kind));
        bp_tv_set_str(a, o, "status",
                      bp_label(c->lang, "case_status", bp_case_status_codes[cases[i].status]));
        bp_tv_push(a, list, o);
    }
    bp_tv_set(a, d, "page", bp_page_ctx(c, "Mina ärenden"));
    bp_tv_set(a, d, "cases", list);
    bp_tv_set_bool(a, d, "has_cases", n > 0);
    if (page > 1)
        bp_tv_set_int(a, d, "prev_page", page - 1);
    if (n > CASES_PER_PAGE)
        bp_tv_set_int(a, d, "next_page", page + 1);
    bp_tv_set_bool(a, d, "paged", page > 1 || n > CASES_PER_PAGE);
    bp_tv_set_int(a, d, "page_no", page);
    bp_tv_set_bool(a, d, "created", strcmp(bp_form_get(&c->form, "created"), "1") == 0);
    bp_render(c, 200, "cases", d);
    bp_audit_then_respond(c, &audit);
}

/* ---- the registration form (its fields: domain/forms_case.c's tables, drawn by http/fields.c) ---- */

#define T(msgid) bp_tr(c->lang, msgid)

/* The choices the registration gives itself: the organisations the user works in (V-1.1). */
static size_t registration_choices(struct bp_ctx *c, const struct bp_field_def *f, void *ud,
                                   const struct bp_choice **out)
{
    struct bp_choice *ch;
    size_t i;
    (void)ud;
    *out = NULL;
    if (f->kind != BP_FIELD_ORG)
        return 0;
    bp_sort_memberships_sv(c->user.orgs, c->user.n_orgs);
    ch = bp_choices_alloc(&c->arena, c->user.n_orgs);
    for (i = 0; i < c->user.n_orgs; i++)
        ch[i] = (struct bp_choice){bp_id_text(&c->arena, c->user.orgs[i].org_id), c->user.orgs[i].org_name};
    *out = ch;
    return c->user.n_orgs;
}

/* The form with the values of `in` (the page's defaults, or what was sent), each error beside its field
 * and in the summary, in the form's order. */
static void render_form(struct bp_ctx *c, int status, const struct bp_registration_input *in,
                        const struct bp_field_errors *errs)
{
    struct bp_arena *a = &c->arena;
    struct bp_tv *d = bp_tv_obj(a), *guardians = bp_tv_list(a), *summary = bp_tv_list(a);
    const struct bp_form_src src = {.input = in};
    size_t i;

    bp_tv_set(a, d, "child", bp_form_view(c, &bp_record_child, &src, errs, NULL, NULL));
    bp_form_summary_at(c, &bp_record_child, BP_NO_INDEX, errs, summary);
    for (i = 0; i < N_GUARDIAN_BLOCKS; i++) {
        const struct bp_form_src g = {.input = &in->guardians[i]};
        bp_tv_push(a, guardians, bp_form_view_at(c, &bp_record_guardian, i, &g, errs, NULL, NULL));
        bp_form_summary_at(c, &bp_record_guardian, i, errs, summary);
    }
    bp_tv_set(a, d, "initiative",
              bp_form_view(c, &bp_record_initiative, &src, errs, registration_choices, NULL));
    bp_form_summary_at(c, &bp_record_initiative, BP_NO_INDEX, errs, summary);

    bp_tv_set(a, d, "page", bp_page_ctx(c, "Nytt initiativ"));
    bp_tv_set(a, d, "guardians", guardians);
    bp_tv_set_bool(a, d, "several_orgs", c->user.n_orgs > 1);
    bp_tv_set(a, d, "errors", summary);
    bp_tv_set_bool(a, d, "has_errors", errs && errs->count > 0);
    bp_render(c, status, "case_new", d);
}

void bp_h_case_new(struct bp_ctx *c)
{
    struct bp_registration_input in;
    char today[11];
    memset(&in, 0, sizeof(in));
    bp_date_format(bp_actor_today(&c->actor), today);
    in.noticed_on = bp_arena_strdup(&c->arena, today);
    in.model = bp_model_codes[c->w->site->cfg->default_model];
    in.route = c->w->site->cfg->default_model == BP_MODEL_KRONOBERG ? "named_person" : "hlt";
    in.id_kind = "personnummer";
    in.requested_by = "professional";
    if (c->user.n_orgs == 1)
        in.org_id = bp_arena_printf(&c->arena, "%lld", (long long)c->user.orgs[0].org_id);
    render_form(c, 200, &in, NULL);
}

/* Reads the registration form. Values are trimmed; nothing is dropped, so the form can be shown
 * again exactly as typed (a value over the field's limit is kept up to BP_MAX_FORM_VALUE). */
static void read_form(struct bp_ctx *c, struct bp_registration_input *in)
{
    size_t i;
    memset(in, 0, sizeof(*in));
    bp_form_read(c, &bp_record_child, in);
    for (i = 0; i < N_GUARDIAN_BLOCKS; i++)
        bp_form_read_at(c, &bp_record_guardian, i, &in->guardians[i]);
    in->n_guardians = N_GUARDIAN_BLOCKS;
    bp_form_read(c, &bp_record_initiative, in);
}

void bp_h_case_create(struct bp_ctx *c)
{
    struct bp_registration_input in;
    struct bp_field_errors errs;
    int64_t case_id = 0;
    enum bp_err rc;
    read_form(c, &in);
    rc = bp_uc_register_case(c->w->store, &c->arena, &c->actor, &in, &case_id, &errs);
    if (rc == BP_ERR_INVALID) {
        render_form(c, 422, &in, &errs);
        return;
    }
    if (bp_failed(c, rc))
        return;
    bp_redirect(c, bp_arena_printf(&c->arena, "/cases/%lld?created=1", (long long)case_id));
}

/* ---- the case page ---- */

/* The three-week rule of the case's model, shown with the initiative: in Västerbotten the meeting is
 * held within three weeks of the date the need was noticed (V-6.1), with the last date and the days
 * left; in Kronoberg the invitation goes out at least three weeks before the meeting (K-4.3). */
static void set_meeting_deadline(struct bp_ctx *c, struct bp_tv *o, const struct bp_case *k)
{
    struct bp_arena *a = &c->arena;
    struct bp_date noticed, today = bp_actor_today(&c->actor);
    struct bp_deadline d;
    char limit[11];
    if (k->model == BP_MODEL_KRONOBERG || !bp_date_parse(k->noticed_on, &noticed)) {
        bp_tv_set_bool(a, o, "invite_rule", k->model == BP_MODEL_KRONOBERG);
        return;
    }
    d = bp_deadline_meeting(k->model, noticed, today, today, false);
    bp_date_format(d.limit, limit);
    bp_tv_set_str(a, o, "meeting_by", bp_arena_strdup(a, limit));
    bp_tv_set_int(a, o, "days_left", bp_days_between(today, d.limit));
    bp_tv_set_bool(a, o, "meeting_late", bp_days_between(today, d.limit) < 0);
}

/* The eight steps of V-0.10, for the picture of where the case is. */
static const char *const steps[] = {
    N_("Initiativ"),
    N_("Förberedelse med barnet"),
    N_("Förberedelse med vårdnadshavare"),
    N_("Förberedelse mellan yrkesverksamma"),
    N_("Möte"),
    N_("Genomförande"),
    N_("Uppföljning"),
    N_("Avslut"),
};

/* Which of the eight steps are behind the case, read off its tasks (domain/tasks.c): the initiative is
 * taken; the child and the guardians prepared; the meeting held (the professionals' preparation before
 * it then counts as behind too); the plan finished (made at a meeting), so it is being carried out.
 * Follow-up and closing come with part 2 of the process. */
static bool task_done(const struct bp_task_list *l, enum bp_task_kind kind, bool all)
{
    size_t i;
    bool any = false;
    for (i = 0; l && i < l->count; i++) {
        bool d;
        if (l->items[i].kind != kind)
            continue;
        d = l->items[i].status == BP_TASK_DONE || l->items[i].status == BP_TASK_DONE_LATE;
        if (all && !d)
            return false;
        any |= d;
    }
    return any;
}

static void steps_done(const struct bp_task_list *l, bool closed, bool done[8])
{
    done[0] = true;
    done[1] = task_done(l, BP_TASK_PREPARE_CHILD, true);
    done[2] = task_done(l, BP_TASK_PREPARE_GUARDIAN, true);
    /* a finished plan was made at a meeting, recorded as held or not */
    done[4] = task_done(l, BP_TASK_HOLD_MEETING, false) || task_done(l, BP_TASK_FINISH_PLAN, false);
    done[3] = done[4] || task_done(l, BP_TASK_CALL_PREPARATION, false);
    done[5] = closed; /* carried out: until the follow-up closes it (part 2) */
    done[6] = closed;
    done[7] = closed;
}

/* The child, as the case page shows it. */
static struct bp_tv *child_tv(struct bp_ctx *c, const struct bp_child *ch)
{
    struct bp_arena *a = &c->arena;
    struct bp_tv *o = bp_tv_obj(a);
    bp_tv_set_str(a, o, "name", bp_arena_printf(a, "%s %s", ch->given_name, ch->family_name));
    bp_tv_set_str(a, o, "id_kind", bp_label(c->lang, "id_kind", bp_id_kind_codes[ch->id_kind]));
    bp_tv_set_str(a, o, "id_number", ch->id_number);
    bp_tv_set_str(a, o, "birth_date", ch->birth_date);
    bp_tv_set_str(a, o, "language", ch->language);
    bp_tv_set_bool(a, o, "needs_interpreter", ch->needs_interpreter);
    bp_tv_set_str(a, o, "interpreter_language", ch->interpreter_language);
    bp_tv_set_bool(a, o, "picture_support", ch->picture_support);
    bp_tv_set_bool(a, o, "protected", ch->protected); /* issue 10 item 10 */
    return o;
}

/* Issue 10 item 2: a login letter for a guardian; for a parent without custody only once a meeting invites
 * them (R5): before that their pages would show nothing, and the letter's code would run out unused. */
static bool letter_offered(const struct bp_case_view *v, const struct bp_guardian *g)
{
    size_t i;
    for (i = 0; !bp_has_custody(g) && i < v->n_meetings; i++)
        if (bp_meeting_invites_guardian(v->meetings[i].meeting, v->meetings[i].invitees,
                                        v->meetings[i].n_invitees, g->id))
            return true;
    return bp_has_custody(g);
}

static struct bp_tv *guardians_tv(struct bp_ctx *c, const struct bp_case_view *v)
{
    struct bp_arena *a = &c->arena;
    struct bp_tv *list = bp_tv_list(a);
    size_t i;
    for (i = 0; i < v->n_guardians; i++) {
        struct bp_tv *o = bp_tv_obj(a);
        bp_tv_record(c, o, &bp_record_guardian, &v->guardians[i]);
        bp_tv_set_int(a, o, "id", v->guardians[i].id); /* issue 10 item 2: a login letter for them */
        bp_tv_set_bool(a, o, "letter", letter_offered(v, &v->guardians[i]));
        /* issue 10 item 10: whom to contact instead of the protected details (bp_app_withhold_contacts) */
        bp_tv_set_bool(a, o, "contact_withheld", v->guardians[i].contact_withheld);
        bp_tv_set_str(a, o, "protected_org", v->kase.initiating_org_name);
        bp_tv_push(a, list, o);
    }
    return list;
}

/* The initiative: the model, the route, who asked, the three-week rule, the triggers (V-1.3). */
static struct bp_tv *initiative_tv(struct bp_ctx *c, const struct bp_case *k)
{
    struct bp_arena *a = &c->arena;
    struct bp_tv *o = bp_tv_obj(a), *triggers = bp_tv_list(a);
    size_t i;
    bp_tv_set_str(a, o, "model", bp_label(c->lang, "model", bp_model_codes[k->model]));
    bp_tv_set_str(a, o, "plan_kind", bp_label(c->lang, "plan_kind", k->plan_kind));
    bp_tv_set_str(a, o, "route", bp_label(c->lang, "route", bp_route_codes[k->route]));
    bp_tv_set_str(a, o, "requested_by", bp_label(c->lang, "requester", bp_requester_codes[k->requested_by]));
    bp_tv_set_str(a, o, "noticed_on", k->noticed_on);
    set_meeting_deadline(c, o, k);
    /* K-1.2: another organisation took the initiative: it informs the barnensbästa-ansvarig */
    bp_tv_set_bool(a, o, "other_org_route", bp_case_via_other_org(k));
    bp_tv_set_bool(a, o, "may_become_sip",
                   k->status == BP_CASE_OPEN && bp_case_may_become_sip(k)); /* K-0.8 */
    bp_tv_set_str(a, o, "named_person_informed_on", k->named_person_informed_on);
    /* the barnensbästa-ansvarig, a person (read with the case: no query of its own) */
    bp_tv_set_bool(a, o, "kronoberg", k->model == BP_MODEL_KRONOBERG);
    bp_tv_set_str(a, o, "bba_name", k->named_person_name);
    bp_tv_set_str(a, o, "bba_org", k->named_person_org_name);
    bp_tv_set_str(a, o, "responsible_org",
                  k->responsible_org_name ? k->responsible_org_name : k->initiating_org_name);
    bp_tv_set_str(a, o, "reason", k->reason);
    bp_tv_set_str(a, o, "org", k->initiating_org_name);
    bp_tv_set_str(a, o, "initiator", k->initiator_name);
    bp_tv_set_str(a, o, "status", bp_label(c->lang, "case_status", bp_case_status_codes[k->status]));
    for (i = 0; i < BP_TRIGGER_COUNT; i++)
        if (k->triggers & (1u << i))
            bp_tv_push(a, triggers, bp_tv_str(a, bp_label(c->lang, "trigger", bp_trigger_codes[i])));
    bp_tv_set(a, o, "triggers", triggers);
    bp_tv_set_bool(a, o, "has_triggers", k->triggers != 0);
    return o;
}

/* The timeline and the organisations taking part: a row each (bp_tv_each). */
static void event_row(struct bp_ctx *c, struct bp_tv *o, const void *item, size_t i, void *ud)
{
    const struct bp_event *e = item;
    struct bp_arena *a = &c->arena;
    bp_tv_set_str(a, o, "at", bp_time_text(a, e->at));
    bp_tv_set_str(a, o, "what", bp_label(c->lang, "event", e->kind));
    bp_tv_set_str(a, o, "who", e->user_name);
    bp_tv_set_str(a, o, "org", e->org_name);
    bp_tv_set_str(a, o, "note", e->note);
}

static void org_row(struct bp_ctx *c, struct bp_tv *o, const void *item, size_t i, void *ud)
{
    const struct bp_org *org = item;
    struct bp_arena *a = &c->arena;
    bp_tv_set_str(a, o, "name", org->name);
    bp_tv_set_str(a, o, "kind", bp_label(c->lang, "org_kind", bp_org_kind_codes[org->kind]));
    bp_tv_set_str(a, o, "principal", bp_label(c->lang, "principal", bp_principal_codes[org->principal]));
}

/* The eight steps with the ones behind and the current one. */
static struct bp_tv *steps_tv(struct bp_ctx *c, const struct bp_case_view *v)
{
    struct bp_arena *a = &c->arena;
    struct bp_tv *list = bp_tv_list(a);
    bool done[BP_ARRAY_LEN(steps)];
    size_t current = BP_ARRAY_LEN(steps), i;
    steps_done(v->tasks, v->kase.status == BP_CASE_CLOSED, done);
    for (i = 0; i < BP_ARRAY_LEN(steps) && current == BP_ARRAY_LEN(steps); i++)
        if (!done[i])
            current = i;
    for (i = 0; i < BP_ARRAY_LEN(steps); i++) {
        struct bp_tv *o = bp_tv_obj(a);
        bp_tv_set_int(a, o, "num", (int64_t)i + 1);
        bp_tv_set_str(a, o, "label", bp_tr(c->lang, steps[i]));
        bp_tv_set_bool(a, o, "current", i == current);
        bp_tv_set_bool(a, o, "done", done[i]);
        bp_tv_push(a, list, o);
    }
    return list;
}

/* V-2.6: the organisations asked to take part that have no consent in force yet (the case page's ledger). */
static struct bp_tv *asked_waiting_tv(struct bp_ctx *c, const struct bp_case_view *v)
{
    struct bp_arena *a = &c->arena;
    struct bp_tv *list = bp_tv_list(a);
    size_t i;
    for (i = 0; i < v->n_asked_waiting; i++)
        bp_tv_push(a, list, bp_tv_str(a, v->asked_waiting[i].name));
    return list;
}

/* V-2.6: the case as an organisation asked to take part sees it: the family's contacts, who asked, its own
 * consents and tasks. */
static void render_asked(struct bp_ctx *c, const struct bp_case_view *v)
{
    struct bp_arena *a = &c->arena;
    struct bp_tv *d = bp_tv_obj(a), *ask = bp_tv_obj(a);
    size_t i;
    bp_tv_set(a, d, "page", bp_page_ctx(c, "Ärende"));
    bp_tv_set_int(a, d, "id", v->kase.id);
    bp_tv_set_int(a, d, "case_id", v->kase.id);
    bp_tv_set(a, d, "child", child_tv(c, &v->child));
    bp_tv_set(a, d, "guardians", guardians_tv(c, v));
    bp_tv_set(a, d, "initiative", initiative_tv(c, &v->kase));
    bp_tv_set(a, d, "consents", bp_consent_rows(c, v));
    bp_tv_set_bool(a, d, "has_consents", v->n_consents > 0);
    bp_tv_set(a, d, "tasks", bp_task_rows(c, v->tasks));
    bp_tv_set_bool(a, d, "has_tasks", v->tasks && v->tasks->count > 0);
    bp_tv_set_bool(a, d, "case_closed", v->kase.status == BP_CASE_CLOSED);
    bp_tv_protected(a, d, &v->kase);     /* issue 10 item 10 */
    bp_tv_set_bool(a, d, "asked", true); /* the ledger's own notice and button are above */
    bp_tv_set_str(a, d, "consent_notice", bp_form_get(&c->form, "consent"));
    for (i = 0; i < c->user.n_orgs; i++)
        if (c->user.orgs[i].org_id == v->via_org_id)
            bp_tv_set_str(a, d, "via_org", c->user.orgs[i].org_name);
    if (v->has_ask) {
        bp_tv_set_str(a, ask, "by", v->ask.by_name);
        bp_tv_set_str(a, ask, "email", v->ask.by_email);
        bp_tv_set_str(a, ask, "at", bp_time_text(a, v->ask.at));
        bp_tv_set(a, d, "ask", ask);
    }
    bp_render(c, 200, "case_asked", d);
}

void bp_h_case_show(struct bp_ctx *c)
{
    struct bp_arena *a = &c->arena;
    struct bp_case_view v;
    struct bp_tv *d;
    /* its audit entries (a refusal's too) go with the answer: nothing leaves before they are on record */
    enum bp_err rc = bp_uc_case_page(c->w->store, a, &c->actor, c->params[0], &v, &c->audits);
    if (bp_failed(c, rc))
        return;
    if (v.access == BP_ACCESS_ASKED) {
        render_asked(c, &v);
        return;
    }
    d = bp_tv_obj(a);
    bp_tv_set(a, d, "page", bp_page_ctx(c, "Ärende"));
    bp_tv_set_int(a, d, "id", v.kase.id);
    bp_tv_set_int(a, d, "case_id", v.kase.id);
    bp_tv_set(a, d, "child", child_tv(c, &v.child));
    bp_tv_set(a, d, "guardians", guardians_tv(c, &v));
    bp_tv_set(a, d, "initiative", initiative_tv(c, &v.kase));
    bp_tv_set(a, d, "events", bp_tv_each(c, v.events, v.n_events, sizeof(*v.events), event_row, NULL));
    bp_tv_set(a, d, "orgs", bp_tv_each(c, v.orgs, v.n_orgs, sizeof(*v.orgs), org_row, NULL));
    bp_tv_set(a, d, "steps", steps_tv(c, &v));
    bp_tv_set(a, d, "consents", bp_consent_rows(c, &v));
    bp_tv_set(a, d, "tasks", bp_task_rows(c, v.tasks));
    bp_tv_set_bool(a, d, "has_tasks", v.tasks && v.tasks->count > 0);
    bp_tv_set_bool(a, d, "has_consents", v.n_consents > 0);
    bp_tv_set_bool(a, d, "full_access", v.access == BP_ACCESS_FULL);
    /* V-2.6: in Västerbotten each organisation is asked, and records its own consent */
    bp_tv_set_bool(a, d, "may_ask", v.kase.model == BP_MODEL_VASTERBOTTEN && v.kase.status == BP_CASE_OPEN);
    bp_tv_set(a, d, "asked_waiting", asked_waiting_tv(c, &v));
    bp_tv_set_bool(a, d, "has_asked_waiting", v.n_asked_waiting > 0);
    bp_tv_set_bool(a, d, "asked_notice", strcmp(bp_form_get(&c->form, "asked"), "1") == 0);
    /* ---- meetings ---- */
    bp_tv_set(a, d, "meetings", bp_meeting_rows(c, &v));
    /* ---- end meetings ---- */
    if (v.access == BP_ACCESS_FULL) /* ---- preparation ---- who is prepared (V-4.3) */
        bp_tv_set(a, d, "prep", bp_prep_rows(c, &v));
    bp_tv_set(a, d, "versions", bp_versions_tv(c, v.versions, v.n_versions, 0));
    bp_tv_set_bool(a, d, "has_versions", v.n_versions > 0);
    bp_tv_set_bool(a, d, "may_compare", v.n_versions > 1);
    bp_tv_set_bool(a, d, "closure_proposed", v.kase.closure_proposed_at != 0);
    bp_tv_set_bool(a, d, "case_closed", v.kase.status == BP_CASE_CLOSED); /* read-only: no write forms */
    bp_tv_protected(a, d, &v.kase);                                       /* issue 10 item 10 */
    bp_tv_set(a, d, "closure", bp_closure_tv(c, &v));
    bp_tv_set_bool(a, d, "closed_notice", strcmp(bp_form_get(&c->form, "closed"), "1") == 0);
    bp_tv_set_bool(a, d, "reopened_notice", strcmp(bp_form_get(&c->form, "reopened"), "1") == 0);
    bp_tv_set_bool(a, d, "successor_notice", strcmp(bp_form_get(&c->form, "successor"), "1") == 0);
    bp_tv_set_str(a, d, "consent_notice", bp_form_get(&c->form, "consent"));
    bp_tv_set_bool(a, d, "scan_added",
                   strcmp(bp_form_get(&c->form, "scan"), "added") == 0); /* consent scans */
    bp_tv_set_bool(a, d, "created", strcmp(bp_form_get(&c->form, "created"), "1") == 0);
    /* issue 10 item 10: the initiating organisation (intake) and those under consent record protection */
    bp_tv_set_bool(a, d, "may_protect", v.kase.status == BP_CASE_OPEN);
    bp_tv_set_bool(a, d, "protection_notice", strcmp(bp_form_get(&c->form, "protection"), "1") == 0);
    bp_render(c, 200, "case", d);
}

/* ---- K-1.2: the barnensbästa-ansvarig informed; responsibility for later meetings ---- */

/* One of the case's small forms: its fields (as sent, or fresh when `in` is NULL), the summary. */
static struct bp_tv *small_form(struct bp_ctx *c, const struct bp_record_def *r, const void *in,
                                const void *stored, const struct bp_field_errors *errs, bp_choices_fn choices,
                                void *ud)
{
    struct bp_arena *a = &c->arena;
    struct bp_tv *d = bp_tv_obj(a), *summary = bp_tv_list(a);
    const struct bp_form_src src = {.input = in, .stored = in ? NULL : stored};
    bp_tv_set(a, d, r->name, bp_form_view(c, r, &src, errs, choices, ud));
    bp_form_summary_at(c, r, BP_NO_INDEX, errs, summary);
    bp_tv_set_int(a, d, "case_id", c->params[0]);
    bp_tv_set(a, d, "errors", summary);
    bp_tv_set_bool(a, d, "has_errors", errs && errs->count > 0);
    return d;
}

/* The organisations taking part in the case, for the responsibility's select and the closure's
 * checkboxes; the child's guardians for the closure's (V-11.1: who agreed). */
static size_t case_org_choices(struct bp_ctx *c, const struct bp_field_def *f, void *ud,
                               const struct bp_choice **out)
{
    struct bp_case_view *v = ud;
    struct bp_choice *ch = bp_arena_alloc(&c->arena, (v->n_orgs + v->n_guardians + 1) * sizeof(*ch));
    size_t i, n = 0;
    *out = ch;
    if (f->kind == BP_FIELD_GUARDIANS) { /* a parent without custody is no party to the decision (R5) */
        for (i = 0; i < v->n_guardians; i++)
            if (bp_has_custody(&v->guardians[i]))
                ch[n++] = (struct bp_choice){bp_id_text(&c->arena, v->guardians[i].id), v->guardians[i].name};
        return n;
    }
    if (f->kind != BP_FIELD_ORG && f->kind != BP_FIELD_ORGS) {
        *out = NULL; /* the table's own choices (the closure's reasons) */
        return 0;
    }
    bp_sort_orgs_sv(v->orgs, v->n_orgs);
    for (i = 0; i < v->n_orgs; i++)
        ch[i] = (struct bp_choice){bp_id_text(&c->arena, v->orgs[i].id), v->orgs[i].name};
    *out = ch;
    return v->n_orgs;
}

/* V-2.6: the organisations that may be asked to take part: every one not asked yet (or no longer, after a
 * withdrawal), in Swedish order. */
static size_t ask_choices(struct bp_ctx *c, const struct bp_field_def *f, void *ud,
                          const struct bp_choice **out)
{
    const struct bp_case_view *v = ud;
    struct bp_org *orgs;
    struct bp_choice *ch;
    size_t n = 0, i, j;
    *out = NULL;
    if (f->kind != BP_FIELD_ORG || bp_uc_org_list(c->w->store, &c->arena, &c->actor, &orgs, &n) != BP_OK)
        return 0;
    bp_sort_orgs_sv(orgs, n);
    ch = bp_arena_alloc(&c->arena, (n + 1) * sizeof(*ch));
    for (i = j = 0; i < n; i++)
        if (!bp_id_in(v->asked_orgs, v->n_asked_orgs, orgs[i].id))
            ch[j++] = (struct bp_choice){bp_id_text(&c->arena, orgs[i].id), orgs[i].name};
    *out = ch;
    return j;
}

/* What differs between the case's small forms (the route's data): K-1.2's two, K-0.8's, asking an
 * organisation to take part (V-2.6), and closing and reopening the case (V-11.x). */
struct bp_k12_form {
    const struct bp_record_def *rec;
    const char *title, *tmpl, *then; /* then: the case page's flag after a success */
    const char *anchor;              /* where the case page opens then; NULL: the initiative */
    size_t in_size;
    enum bp_err (*save)(struct bp_ctx *c, const void *in, struct bp_field_errors *errs);
    bp_choices_fn choices; /* NULL: the organisations taking part and the guardians */
    /* the stored record a fresh form shows (NULL: the table's initial values) */
    const void *(*stored)(struct bp_ctx *c, const struct bp_case_view *v);
};

static enum bp_err save_named_person(struct bp_ctx *c, const void *in, struct bp_field_errors *errs)
{
    const struct bp_named_person_input *x = in;
    return bp_uc_named_person_informed(c->w->store, &c->arena, &c->actor, c->params[0], x->on, errs);
}

static enum bp_err save_responsibility(struct bp_ctx *c, const void *in, struct bp_field_errors *errs)
{
    const struct bp_responsibility_input *x = in;
    return bp_uc_pass_responsibility(c->w->store, &c->arena, &c->actor, c->params[0], x->org_id, errs);
}

static enum bp_err save_ask(struct bp_ctx *c, const void *in, struct bp_field_errors *errs)
{
    const struct bp_ask_input *x = in;
    return bp_uc_case_ask_org(c->w->store, &c->arena, &c->actor, c->params[0], x->org_id, errs);
}

static enum bp_err save_sip(struct bp_ctx *c, const void *in, struct bp_field_errors *errs)
{
    const struct bp_sip_input *x = in;
    return bp_uc_insist_on_sip(c->w->store, &c->arena, &c->actor, c->params[0], x->explained, errs);
}

static enum bp_err save_protection(struct bp_ctx *c, const void *in, struct bp_field_errors *errs)
{
    return bp_uc_protection_set(c->w->store, &c->arena, &c->actor, c->params[0], in, errs);
}

/* Issue 10 item 10: the form shows who is protected now (the stored child and guardians). */
static const void *stored_protection(struct bp_ctx *c, const struct bp_case_view *v)
{
    struct bp_protection *p = bp_arena_alloc(&c->arena, sizeof(*p));
    bp_protection_of(&v->child, v->guardians, v->n_guardians, p);
    return p;
}

static enum bp_err save_closure(struct bp_ctx *c, const void *in, struct bp_field_errors *errs)
{
    return bp_uc_case_close(c->w->store, &c->arena, &c->actor, c->params[0], in, errs);
}

static enum bp_err save_reopen(struct bp_ctx *c, const void *in, struct bp_field_errors *errs)
{
    return bp_uc_case_reopen(c->w->store, &c->arena, &c->actor, c->params[0], in, errs);
}

static enum bp_err save_follow_on(struct bp_ctx *c, const void *in, struct bp_field_errors *errs)
{
    int64_t id = 0; /* the closed case's page links to it */
    return bp_uc_case_follow_on(c->w->store, &c->arena, &c->actor, c->params[0], in, &id, errs);
}

const struct bp_k12_form bp_k12_named_person = {&bp_record_named_person,
                                                N_("Barnensbästa-ansvarig informerad"),
                                                "named_person",
                                                "informed",
                                                NULL,
                                                sizeof(struct bp_named_person_input),
                                                save_named_person};
const struct bp_k12_form bp_k12_responsibility = {&bp_record_responsibility,
                                                  N_("Ansvar för kommande möten"),
                                                  "responsibility",
                                                  "passed",
                                                  NULL,
                                                  sizeof(struct bp_responsibility_input),
                                                  save_responsibility};
const struct bp_k12_form bp_k12_ask = {&bp_record_ask, N_("Be en verksamhet delta"), "ask",    "asked",
                                       "consents",     sizeof(struct bp_ask_input),  save_ask, ask_choices};
const struct bp_k12_form bp_k12_sip = {&bp_record_sip, N_("Vårdnadshavarna begär en SIP"), "sip",   "sip",
                                       NULL,           sizeof(struct bp_sip_input),        save_sip};
const struct bp_k12_form bp_k12_protection = {
    &bp_record_protection, N_("Skyddade personuppgifter"),     "protection",    "protection",
    "protection-title",    sizeof(struct bp_protection_input), save_protection, NULL,
    stored_protection};
const struct bp_k12_form bp_k12_closure = {
    &bp_record_closure, N_("Avsluta ärendet"),           "closure",   "closed",
    "closure",          sizeof(struct bp_closure_input), save_closure};
const struct bp_k12_form bp_k12_new_case = {
    &bp_record_new_case, N_("Nytt ärende för barnet"),      "new_case",    "successor",
    "closure",           sizeof(struct bp_follow_on_input), save_follow_on};
const struct bp_k12_form bp_k12_reopen = {
    &bp_record_reopen, N_("Öppna ärendet igen"),       "reopen",   "reopened",
    "closure",         sizeof(struct bp_reopen_input), save_reopen};

/* The form on the case (read under the access rule and audited, as the case page): fresh, or as typed
 * with its messages. */
static void render_k12(struct bp_ctx *c, int status, const struct bp_k12_form *f, const void *in,
                       const struct bp_field_errors *errs)
{
    struct bp_arena *a = &c->arena;
    struct bp_tv *d;
    struct bp_case_view v;
    struct bp_audit audit;
    enum bp_err rc =
        bp_uc_case_view_need(c->w->store, a, &c->actor, c->params[0], BP_ACCESS_INTAKE, &v, &audit);
    if (bp_read_failed(c, rc, &audit))
        return;
    d = small_form(c, f->rec, in, f->stored ? f->stored(c, &v) : NULL, errs,
                   f->choices ? f->choices : case_org_choices, &v);
    bp_tv_set(a, d, "page", bp_page_ctx(c, f->title));
    bp_tv_set_str(a, d, "current",
                  v.kase.responsible_org_name ? v.kase.responsible_org_name : v.kase.initiating_org_name);
    bp_tv_set_bool(a, d, "case_closed", v.kase.status == BP_CASE_CLOSED); /* no write form then */
    bp_tv_protected(a, d, &v.kase);                                       /* issue 10 item 10 */
    bp_tv_set_bool(a, d, "closure_proposed", v.kase.closure_proposed_at != 0);
    bp_tv_set_str(a, d, "plan_kind", bp_label(c->lang, "plan_kind", v.kase.plan_kind));
    bp_tv_set_str(a, d, "coordinator_role",
                  bp_label(c->lang, "coordinator_role", bp_coordinator_role_code(v.kase.model)));
    bp_render(c, status, f->tmpl, d);
    bp_audit_then_respond(c, &audit);
}

void bp_h_k12_form(struct bp_ctx *c)
{
    render_k12(c, 200, c->route->data, NULL, NULL);
}

/* After the write: the case page, the form again with the messages, or the failure. */
void bp_h_k12(struct bp_ctx *c)
{
    const struct bp_k12_form *f = c->route->data;
    struct bp_field_errors errs = {0};
    void *in = bp_arena_alloc(&c->arena, f->in_size); /* zeroed */
    enum bp_err rc;
    bp_form_read(c, f->rec, in);
    rc = f->save(c, in, &errs);
    if (rc == BP_ERR_INVALID || (rc == BP_ERR_CONFLICT && errs.count))
        render_k12(c, rc == BP_ERR_INVALID ? 422 : 409, f, in, &errs);
    else if (!bp_failed(c, rc))
        bp_redirect(c, bp_arena_printf(&c->arena, "/cases/%lld?%s=1#%s", (long long)c->params[0], f->then,
                                       f->anchor ? f->anchor : "initiative-title"));
}
