/* implementation.c: the pages of carrying out the plan, "Genomförande" (V-9.1-V-9.4): the interventions
 * of the plan in force with how each goes; a page per intervention where its own organisation tells how it
 * goes; what the child said or asked; events that affect the plan, and the coordinator's page to decide on
 * one. Each handler decodes, calls one use case (app/implementation.c) and renders or redirects. Must not
 * decide who may do what (the use cases do). */
#include "pages/pages.h"
#include "util/date.h"
#include "util/find.h"

#define T(msgid) bp_tr(c->lang, msgid)

static const struct bp_record_def *const impl_forms[] = {&bp_record_child_voice, &bp_record_plan_event};

/* The planned follow-up meetings an earlier follow-up can name (V-9.4), for the decision's select. */
static size_t impl_choices(struct bp_ctx *c, const struct bp_field_def *f, void *ud,
                           const struct bp_choice **out)
{
    const struct bp_impl_view *v = ud;
    struct bp_choice *ch;
    const char *name;
    size_t i;
    *out = NULL;
    if (strcmp(f->path, "event_decision.meeting_id") != 0)
        return 0;
    name = bp_label(c->lang, "meeting_name", bp_meeting_name_code(v->kase.model, BP_MEETING_FOLLOWUP));
    ch = bp_choices_alloc(&c->arena, v->n_followups);
    for (i = 0; i < v->n_followups; i++) {
        char on[11];
        bp_date_format(v->followups[i].date, on);
        ch[i] = (struct bp_choice){bp_id_text(&c->arena, v->followups[i].id),
                                   bp_arena_printf(&c->arena, "%s %s", name, on)};
    }
    *out = ch;
    return v->n_followups;
}

/* What is common to the pages: the child, the case, the error summary. */
static struct bp_tv *base_tv(struct bp_ctx *c, const struct bp_impl_view *v,
                             const struct bp_field_errors *errs)
{
    struct bp_arena *a = &c->arena;
    struct bp_tv *d = bp_tv_obj(a);
    bp_tv_set_int(a, d, "case_id", v->kase.id);
    bp_tv_set_str(a, d, "child_name", bp_arena_printf(a, "%s %s", v->child.given_name, v->child.family_name));
    bp_tv_set(a, d, "errors", errs ? bp_form_summary(c, errs) : bp_tv_list(a));
    bp_tv_set_bool(a, d, "has_errors", errs && errs->count > 0);
    bp_tv_set_bool(a, d, "has_plan", v->has_plan);
    /* a closed case is read-only (V-11.1): no form on these pages */
    bp_tv_set_bool(a, d, "case_closed", v->kase.status == BP_CASE_CLOSED);
    bp_tv_protected(a, d, &v->kase); /* issue 10 item 10 */
    bp_tv_set_int(a, d, "version", v->plan.version);
    bp_tv_set_str(a, d, "coordinator_name", v->plan.coordinator_name); /* K-7.1: the named person */
    bp_tv_set_str(a, d, "coordinator_role",
                  bp_label(c->lang, "coordinator_role", bp_coordinator_role_code(v->kase.model)));
    return d;
}

/* A progress as a reader sees it: the status's label, since when, the note, who and which organisation. */
static void progress_tv(struct bp_ctx *c, struct bp_tv *o, const void *rec, size_t i, void *ud)
{
    const struct bp_progress *p = rec;
    const struct bp_impl_view *v = ud;
    (void)i;
    bp_tv_set_str(&c->arena, o, "status_code", bp_progress_status_codes[p->status]);
    bp_tv_set_str(&c->arena, o, "org", bp_org_name_in(v->orgs, v->n_orgs, p->org_id));
    bp_tv_set_str(&c->arena, o, "by", p->recorded_by_name);
}

static void intervention_tv(struct bp_ctx *c, struct bp_tv *o, const void *rec, size_t i, void *ud)
{
    const struct bp_intervention *iv = rec;
    const struct bp_impl_view *v = ud;
    bp_tv_set_int(&c->arena, o, "id", iv->id);
    bp_tv_set_str(&c->arena, o, "org", bp_org_name_in(v->orgs, v->n_orgs, iv->org_id));
    bp_tv_set_bool(&c->arena, o, "may_record", v->may_record[i] && v->kase.status == BP_CASE_OPEN);
    if (v->latest[i]) {
        struct bp_tv *l = bp_tv_obj(&c->arena);
        bp_tv_record(c, l, &bp_record_progress, v->latest[i]);
        progress_tv(c, l, v->latest[i], 0, ud);
        bp_tv_set(&c->arena, o, "latest", l);
    }
}

static void voice_tv(struct bp_ctx *c, struct bp_tv *o, const void *rec, size_t i, void *ud)
{
    const struct bp_child_voice *cv = rec;
    const struct bp_impl_view *v = ud;
    (void)i;
    bp_tv_set_str(&c->arena, o, "by", cv->recorded_by_name);
    bp_tv_set_str(&c->arena, o, "org", bp_org_name_in(v->orgs, v->n_orgs, cv->org_id));
}

/* The earlier follow-up an event led to (V-9.4): its link, and whether its invitation is still to be sent
 * (as in part 1, from the meeting's page) while it is planned on an open case. */
static void meeting_tv(struct bp_ctx *c, struct bp_tv *o, const struct bp_impl_view *v, int64_t meeting_id)
{
    const struct bp_meeting *m = BP_FIND_ID(struct bp_meeting, v->followups, v->n_followups, id, meeting_id);
    bp_tv_set_int(&c->arena, o, "meeting_id", meeting_id);
    if (m)
        bp_tv_set_str(&c->arena, o, "meeting_on", bp_date_text(&c->arena, m->date));
    bp_tv_set_bool(&c->arena, o, "invite_pending",
                   m && !m->invitation_sent_at && v->kase.status == BP_CASE_OPEN);
}

static void event_tv(struct bp_ctx *c, struct bp_tv *o, const void *rec, size_t i, void *ud)
{
    const struct bp_plan_event *e = rec;
    const struct bp_impl_view *v = ud;
    struct bp_arena *a = &c->arena;
    (void)i;
    bp_tv_set_int(a, o, "id", e->id);
    bp_tv_set_str(a, o, "by", e->reported_by_name);
    bp_tv_set_str(a, o, "org", bp_org_name_in(v->orgs, v->n_orgs, e->org_id));
    bp_tv_set_str(a, o, "reported_at", bp_time_text(a, e->created_at));
    bp_tv_set_bool(a, o, "decided", e->decision != BP_EVENT_UNDECIDED);
    bp_tv_set_bool(a, o, "may_decide",
                   v->is_coordinator && e->decision == BP_EVENT_UNDECIDED && v->kase.status == BP_CASE_OPEN);
    if (e->decision != BP_EVENT_UNDECIDED) {
        bp_tv_set_str(a, o, "decision",
                      bp_label(c->lang, "event_decision", bp_event_decision_codes[e->decision]));
        bp_tv_set_str(a, o, "decision_note", e->decision_note);
        bp_tv_set_str(a, o, "decided_by", e->decided_by_name);
        bp_tv_set_str(a, o, "decided_on", bp_date_text(a, e->decided_on));
        if (e->meeting_id)
            meeting_tv(c, o, v, e->meeting_id);
    }
}

static bool load(struct bp_ctx *c, struct bp_impl_view *v, struct bp_audit *audit)
{
    return !bp_read_failed(c, bp_uc_impl_view(c->w->store, &c->arena, &c->actor, c->params[0], v, audit),
                           audit);
}

/* The "Genomförande" page, fresh or with the failed form (`failed`, a record's name) as typed. */
static void show(struct bp_ctx *c, int status, const char *failed, const struct bp_field_errors *errs)
{
    struct bp_impl_view v;
    struct bp_audit audit;
    struct bp_arena *a = &c->arena;
    struct bp_tv *d, *forms;
    size_t i;
    const char *saved = bp_form_get(&c->form, "saved");
    if (!load(c, &v, &audit))
        return;
    d = base_tv(c, &v, errs);
    forms = bp_tv_obj(a);
    for (i = 0; i < BP_ARRAY_LEN(impl_forms); i++) {
        struct bp_form_src src = {.typed = failed && strcmp(failed, impl_forms[i]->name) == 0};
        bp_tv_set(a, forms, impl_forms[i]->name, bp_form_view(c, impl_forms[i], &src, errs, NULL, NULL));
    }
    bp_tv_set(a, d, "forms", forms);
    bp_tv_set(a, d, "interventions",
              bp_tv_records(c, &bp_record_intervention, v.parts.interventions, v.parts.n_interventions,
                            sizeof(struct bp_intervention), intervention_tv, &v));
    bp_tv_set_bool(a, d, "has_interventions", v.parts.n_interventions > 0);
    bp_tv_set(
        a, d, "voices",
        bp_tv_records(c, &bp_record_child_voice, v.voices, v.n_voices, sizeof(*v.voices), voice_tv, &v));
    bp_tv_set_bool(a, d, "has_voices", v.n_voices > 0);
    bp_tv_set(a, d, "events",
              bp_tv_records(c, &bp_record_plan_event, v.events, v.n_events, sizeof(*v.events), event_tv, &v));
    bp_tv_set_bool(a, d, "has_events", v.n_events > 0);
    bp_tv_set_bool(a, d, "is_coordinator", v.is_coordinator);
    if (status == 200 && saved)
        bp_tv_set_bool(a, d, strcmp(saved, "event") == 0 ? "event_notice" : "saved_notice", true);
    bp_tv_set(a, d, "page", bp_page_ctx(c, N_("Genomförande")));
    bp_render(c, status, "implementation", d);
    bp_audit_then_respond(c, &audit);
}

void bp_h_impl_show(struct bp_ctx *c)
{
    show(c, 200, NULL, NULL);
}

static int status_of(enum bp_err rc)
{
    return rc == BP_ERR_INVALID ? 422 : rc == BP_ERR_CONFLICT ? 409 : 403;
}

/* Whether a failed write is shown again with its messages beside the fields. */
static bool show_again(enum bp_err rc, const struct bp_field_errors *errs)
{
    return (rc == BP_ERR_INVALID || rc == BP_ERR_CONFLICT || rc == BP_ERR_FORBIDDEN) && errs->count;
}

/* After a write from the main page: back to it (`saved` is the query's value and the anchor), or it again
 * with the messages beside the fields. */
static void after_write(struct bp_ctx *c, enum bp_err rc, const char *form, const char *saved,
                        const struct bp_field_errors *errs)
{
    if (rc == BP_OK)
        bp_redirect(c, bp_arena_printf(&c->arena, "/cases/%lld/implementation?saved=%s#%s",
                                       (long long)c->params[0], saved, form));
    else if (show_again(rc, errs))
        show(c, status_of(rc), form, errs);
    else
        bp_fail(c, rc);
}

/* After a write from an item's page (an intervention, an event): back to the main page (`saved`: the
 * query's value and the anchor), or the item's page again with the messages. */
typedef void (*item_page_fn)(struct bp_ctx *c, int status, bool typed, const struct bp_field_errors *errs);
static void after_item_write(struct bp_ctx *c, enum bp_err rc, const char *saved, item_page_fn page,
                             const struct bp_field_errors *errs)
{
    if (rc == BP_OK)
        bp_redirect(c, bp_arena_printf(&c->arena, "/cases/%lld/implementation?saved=%s",
                                       (long long)c->params[0], saved));
    else if (show_again(rc, errs))
        page(c, status_of(rc), true, errs);
    else
        bp_fail(c, rc);
}

void bp_h_impl_voice_add(struct bp_ctx *c)
{
    struct bp_child_voice_input in = {0};
    struct bp_field_errors errs = {0};
    bp_form_read(c, &bp_record_child_voice, &in);
    after_write(c, bp_uc_child_voice_add(c->w->store, &c->arena, &c->actor, c->params[0], &in, NULL, &errs),
                "voice", "voice", &errs);
}

void bp_h_impl_event_add(struct bp_ctx *c)
{
    struct bp_plan_event_input in = {0};
    struct bp_field_errors errs = {0};
    bp_form_read(c, &bp_record_plan_event, &in);
    after_write(c, bp_uc_plan_event_report(c->w->store, &c->arena, &c->actor, c->params[0], &in, NULL, &errs),
                "event", "event", &errs);
}

/* ---- one intervention: how it goes (V-9.1) ---- */

static void intervention_page(struct bp_ctx *c, int status, bool typed, const struct bp_field_errors *errs)
{
    struct bp_impl_view v;
    struct bp_audit audit;
    struct bp_arena *a = &c->arena;
    struct bp_form_src src = {.typed = typed};
    struct bp_tv *d, *history = bp_tv_list(a);
    const struct bp_intervention *iv;
    size_t i, k = 0;
    if (!load(c, &v, &audit))
        return;
    if (!(iv = BP_FIND_ID(struct bp_intervention, v.parts.interventions, v.parts.n_interventions, id,
                          c->params[1]))) {
        bp_fail(c, BP_ERR_NOT_FOUND);
        bp_audit_then_respond(c, &audit);
        return;
    }
    k = (size_t)(iv - v.parts.interventions);
    d = base_tv(c, &v, errs);
    bp_tv_record(c, d, &bp_record_intervention, iv);
    bp_tv_set_int(a, d, "intervention_id", iv->id);
    bp_tv_set_str(a, d, "org", bp_org_name_in(v.orgs, v.n_orgs, iv->org_id));
    bp_tv_set_bool(a, d, "may_record", v.may_record[k] && v.kase.status == BP_CASE_OPEN);
    for (i = 0; i < v.n_progress; i++) /* its line's history, from every version (V-9.1) */
        if (v.progress[i].origin_id == iv->origin_id) {
            struct bp_tv *o = bp_tv_obj(a);
            bp_tv_record(c, o, &bp_record_progress, &v.progress[i]);
            progress_tv(c, o, &v.progress[i], i, &v);
            bp_tv_push(a, history, o);
        }
    bp_tv_set(a, d, "history", history);
    bp_tv_set(a, d, "progress", bp_form_view(c, &bp_record_progress, &src, errs, NULL, NULL));
    bp_tv_set(a, d, "page", bp_page_ctx(c, N_("Hur går insatsen?")));
    bp_render(c, status, "implementation_intervention", d);
    bp_audit_then_respond(c, &audit);
}

void bp_h_impl_intervention(struct bp_ctx *c)
{
    intervention_page(c, 200, false, NULL);
}

void bp_h_impl_progress_add(struct bp_ctx *c)
{
    struct bp_progress_input in = {0};
    struct bp_field_errors errs = {0};
    enum bp_err rc;
    bp_form_read(c, &bp_record_progress, &in);
    rc = bp_uc_progress_add(c->w->store, &c->arena, &c->actor, c->params[0], c->params[1], &in, NULL, &errs);
    after_item_write(c, rc, "progress#interventions", intervention_page, &errs);
}

/* ---- the coordinator's decision on an event (V-9.4) ---- */

/* V-9.4: the earlier follow-up just booked for the event (`meeting` in the query, one of the planned
 * follow-ups): shown above the decision (`booked`), and the decision's form filled in for it. */
static bool booked_now(struct bp_ctx *c, const struct bp_impl_view *v, struct bp_tv *d,
                       struct bp_event_decision_input *in)
{
    int64_t id = bp_form_id(&c->form, "meeting");
    struct bp_tv *o;
    if (id <= 0 || !BP_FIND_ID(struct bp_meeting, v->followups, v->n_followups, id, id))
        return false;
    o = bp_tv_obj(&c->arena);
    meeting_tv(c, o, v, id);
    bp_tv_set(&c->arena, d, "booked", o);
    *in = (struct bp_event_decision_input){bp_event_decision_codes[BP_EVENT_EARLIER_FOLLOWUP], NULL,
                                           bp_id_text(&c->arena, id)};
    return true;
}

static void event_page(struct bp_ctx *c, int status, bool typed, const struct bp_field_errors *errs)
{
    struct bp_impl_view v;
    struct bp_audit audit;
    struct bp_arena *a = &c->arena;
    struct bp_form_src src = {.typed = typed};
    struct bp_event_decision_input booked;
    struct bp_tv *d;
    const struct bp_plan_event *e;
    if (!load(c, &v, &audit))
        return;
    if (!(e = BP_FIND_ID(struct bp_plan_event, v.events, v.n_events, id, c->params[1]))) {
        bp_fail(c, BP_ERR_NOT_FOUND);
        bp_audit_then_respond(c, &audit);
        return;
    }
    d = base_tv(c, &v, errs);
    bp_tv_record(c, d, &bp_record_plan_event, e);
    event_tv(c, d, e, 0, &v);
    bp_tv_set_bool(a, d, "is_coordinator", v.is_coordinator);
    if (e->decision == BP_EVENT_UNDECIDED && booked_now(c, &v, d, &booked))
        src.input = &booked; /* one step from the decision: the earlier follow-up, the meeting chosen */
    bp_tv_set(a, d, "decision_form",
              bp_form_view(c, &bp_record_event_decision, &src, errs, impl_choices, &v));
    bp_tv_set(a, d, "page", bp_page_ctx(c, N_("Beslut om händelsen")));
    bp_render(c, status, "implementation_event", d);
    bp_audit_then_respond(c, &audit);
}

void bp_h_impl_event(struct bp_ctx *c)
{
    event_page(c, 200, false, NULL);
}

void bp_h_impl_event_decide(struct bp_ctx *c)
{
    struct bp_event_decision_input in = {0};
    struct bp_field_errors errs = {0};
    enum bp_err rc;
    bp_form_read(c, &bp_record_event_decision, &in);
    rc = bp_uc_plan_event_decide(c->w->store, &c->arena, &c->actor, c->params[0], c->params[1], &in, &errs);
    after_item_write(c, rc, "decision#events", event_page, &errs);
}
