/* meeting.c: the meetings' pages (V-4.3-V-4.5, K-4.1-K-4.8, V-5.x, V-6.x, K-6.x, V-8a.6): the
 * meeting form, the meeting page with its invitees and the send step (errors and warnings, a warning
 * confirmed with "Skicka ändå"), answers and the K-4.8 decision, the chair's page (V-6.3, K-6.3, V-6.10),
 * the plain-language glossary (K-6.4), the screen summary (V-6.9) and the printable invitation letter.
 * Each handler decodes, calls one use case (app/meeting.c) and renders or redirects. Must not decide
 * anything about a meeting (domain/meeting.c) or run SQL. */
#include <jansson.h>
#include "pages/pages.h"
#include "util/date.h"
#include "util/limits.h"
#include "domain/access.h"

#define T(msgid) bp_tr(c->lang, msgid)

/* ---- shared ---- */

static const char *clock_text(struct bp_arena *a, int minute)
{
    return bp_arena_printf(a, "%02d:%02d", (minute / 60) % 24, minute % 60);
}

static const char *meeting_name(struct bp_ctx *c, enum bp_model model, enum bp_meeting_kind kind)
{
    return bp_label(c->lang, "meeting_name", bp_meeting_name_code(model, kind));
}

/* The field's name for a message: "Inbjuden 2" for invitees.1.*, else the label of the field. */
static const char *field_label(struct bp_ctx *c, const char *field)
{
    const char *digits = strncmp(field, "invitees.", 9) == 0 ? field + 9 : NULL;
    char *end = NULL;
    unsigned long n = digits ? strtoul(digits, &end, 10) : 0; /* not sscanf: %lu is undefined on overflow */
    if (digits && end != digits)
        return bp_arena_printf(&c->arena, "%s %lu", T(N_("Inbjuden")), n + 1);
    return bp_label(c->lang, "meeting_field", field);
}

/* A list of {field, code, message} for errors or warnings shown as a list. */
static struct bp_tv *message_list(struct bp_ctx *c, const struct bp_field_errors *e)
{
    struct bp_arena *a = &c->arena;
    struct bp_tv *list = bp_tv_list(a);
    size_t i;
    for (i = 0; e && i < e->count; i++) {
        struct bp_tv *o = bp_tv_obj(a);
        bp_tv_set_str(a, o, "field", e->items[i].field);
        bp_tv_set_str(a, o, "code", e->items[i].code);
        bp_tv_set_str(a, o, "message",
                      bp_arena_printf(a, "%s: %s", field_label(c, e->items[i].field),
                                      bp_error_text(c->lang, e->items[i].code)));
        bp_tv_push(a, list, o);
    }
    return list;
}

static bool load_view(struct bp_ctx *c, int64_t meeting_id, struct bp_meeting_detail *v)
{
    struct bp_audit audit;
    enum bp_err rc =
        bp_uc_meeting_view(c->w->store, &c->arena, &c->actor, c->params[0], meeting_id, v, &audit);
    return bp_read_ok(c, rc, &audit);
}

static const char *child_name(struct bp_ctx *c, const struct bp_meeting_detail *v)
{
    return bp_arena_printf(&c->arena, "%s %s", v->child.given_name, v->child.family_name);
}

static const char *invitee_name(struct bp_ctx *c, const struct bp_meeting_detail *v,
                                const struct bp_invitee *inv)
{
    if (inv->kind == BP_INVITEE_CHILD)
        return v->child.given_name;
    return inv->name && *inv->name ? inv->name
                                   : bp_label(c->lang, "invitee_kind", bp_invitee_kind_codes[inv->kind]);
}

/* Issue 10 item 11: the interpreter a family member needs, shown where they are invited; "" when none. */
static const char *invitee_interpreter(const struct bp_meeting_detail *v, const struct bp_invitee *inv)
{
    size_t i;
    if (inv->kind == BP_INVITEE_CHILD)
        return v->child.needs_interpreter && v->child.interpreter_language ? v->child.interpreter_language
                                                                           : "";
    for (i = 0; inv->kind == BP_INVITEE_GUARDIAN && i < v->n_guardians; i++)
        if (v->guardians[i].id == inv->guardian_id && v->guardians[i].interpreter_language)
            return v->guardians[i].interpreter_language;
    return "";
}

/* Common values of a meeting for every page. */
static struct bp_tv *meeting_tv(struct bp_ctx *c, const struct bp_meeting_detail *v)
{
    struct bp_arena *a = &c->arena;
    const struct bp_meeting *m = &v->m;
    struct bp_tv *o = bp_tv_obj(a);
    bp_tv_record(c, o, &bp_record_meeting, m); /* kind (its code), date, times, setting, place, texts */
    bp_tv_set_int(a, o, "id", m->id);
    bp_tv_set_int(a, o, "case_id", m->case_id);
    bp_tv_set_str(a, o, "name", meeting_name(c, v->kase.model, m->kind));
    bp_tv_set_str(a, o, "status", bp_label(c->lang, "meeting_status", bp_meeting_status_codes[m->status]));
    /* "planned" draws the meeting's write forms: none on a closed case (read-only) */
    bp_tv_set_bool(a, o, "planned", m->status == BP_MEETING_PLANNED && v->kase.status == BP_CASE_OPEN);
    bp_tv_set_bool(a, o, "cancelled", m->status == BP_MEETING_CANCELLED);
    bp_tv_set_bool(a, o, "held", m->status == BP_MEETING_HELD);
    bp_tv_set_bool(a, o, "followup", m->kind == BP_MEETING_FOLLOWUP); /* V-10.x: its follow-up page */
    bp_tv_set_int(a, o, "minutes", (m->ends_at - m->starts_at) / 60);
    bp_tv_set_bool(a, o, "digital", m->setting == BP_SETTING_DIGITAL);
    bp_tv_set_str(a, o, "caller", v->caller_name);
    bp_tv_set_str(a, o, "chair", v->chair_name);
    bp_tv_set_str(a, o, "note_taker", v->note_taker_name);
    bp_tv_set_bool(a, o, "sent", m->invitation_sent_at != 0);
    bp_tv_set_str(a, o, "invited_on", bp_date_text(a, m->invited_on));
    bp_tv_set_int(a, o, "sequence", m->sequence);
    return o;
}

static void set_case(struct bp_ctx *c, struct bp_tv *d, const struct bp_meeting_detail *v)
{
    struct bp_arena *a = &c->arena;
    bp_tv_set_int(a, d, "case_id", v->kase.id);
    bp_tv_set_str(a, d, "child_name", child_name(c, v));
    bp_tv_set_str(a, d, "child_given_name", v->child.given_name);
    bp_tv_set_bool(a, d, "kronoberg", v->kase.model == BP_MODEL_KRONOBERG);
    bp_tv_set_bool(a, d, "hlt_route", v->kase.route == BP_ROUTE_HLT);
    bp_tv_set_bool(a, d, "case_closed", v->kase.status == BP_CASE_CLOSED); /* read-only */
    bp_tv_protected(a, d, &v->kase);                                       /* issue 10 item 10 */
    bp_tv_set_str(a, d, "coordinator",
                  bp_label(c->lang, "coordinator_role", bp_coordinator_role_code(v->kase.model)));
}

/* ---- the case page's list ---- */

struct bp_tv *bp_meeting_rows(struct bp_ctx *c, const struct bp_case_view *v)
{
    struct bp_arena *a = &c->arena;
    struct bp_tv *list = bp_tv_list(a);
    size_t i;
    /* loaded with the case under full access only, and audited with it */
    for (i = 0; i < v->n_meetings; i++) {
        const struct bp_meeting *m = v->meetings[i].meeting;
        struct bp_tv *o = bp_tv_obj(a);
        bp_tv_set_int(a, o, "id", m->id);
        bp_tv_set_int(a, o, "case_id", m->case_id);
        bp_tv_set_str(a, o, "name", meeting_name(c, v->kase.model, m->kind));
        bp_tv_set_str(a, o, "date", bp_date_text(a, m->date));
        bp_tv_set_str(a, o, "start", clock_text(a, m->start_minute));
        bp_tv_set_str(a, o, "status",
                      bp_label(c->lang, "meeting_status", bp_meeting_status_codes[m->status]));
        bp_tv_set_bool(a, o, "sent", m->invitation_sent_at != 0);
        bp_tv_push(a, list, o);
    }
    return list;
}

/* ---- the forms (their fields: domain/forms_meeting.c's tables, drawn by http/fields.c) ---- */

/* The choices that depend on the case and the model, for the forms' fields. */
static size_t meeting_choices(struct bp_ctx *c, const struct bp_field_def *f, void *ud,
                              const struct bp_choice **out)
{
    const struct bp_meeting_detail *v = ud;
    struct bp_arena *a = &c->arena;
    struct bp_choice *ch;
    size_t i, n = 0;
    *out = NULL;
    if (strcmp(f->path, "meeting.kind") == 0) { /* named as the model names them */
        ch = bp_choices_alloc(a, BP_MEETING_KIND_COUNT);
        for (i = 0; i < BP_MEETING_KIND_COUNT; i++)
            ch[n++] = (struct bp_choice){bp_meeting_kind_codes[i],
                                         meeting_name(c, v->kase.model, (enum bp_meeting_kind)i)};
    } else if (strcmp(f->path, "meeting.setting") == 0) { /* "undecided" is no choice on the form */
        ch = bp_choices_alloc(a, BP_SETTING_COUNT);
        for (i = BP_SETTING_PHYSICAL; i < BP_SETTING_COUNT; i++)
            ch[n++] = (struct bp_choice){bp_setting_codes[i],
                                         bp_label(c->lang, "meeting_setting", bp_setting_codes[i])};
    } else if (strcmp(f->path, "meeting.org_id") == 0) { /* one calls for one's own organisation */
        ch = bp_choices_alloc(a, c->user.n_orgs);
        for (i = 0; i < c->user.n_orgs; i++)
            ch[n++] = (struct bp_choice){bp_id_text(a, c->user.orgs[i].org_id), c->user.orgs[i].org_name};
    } else if (f->kind == BP_FIELD_ORG) { /* the organisations taking part */
        ch = bp_choices_alloc(a, v->n_orgs);
        for (i = 0; i < v->n_orgs; i++)
            ch[n++] = (struct bp_choice){bp_id_text(a, v->orgs[i].id), v->orgs[i].name};
    } else if (f->kind == BP_FIELD_USER) { /* the users of those organisations */
        ch = bp_choices_alloc(a, v->n_members);
        for (i = 0; i < v->n_members; i++)
            ch[n++] = (struct bp_choice){bp_id_text(a, v->members[i].id), v->members[i].display_name};
    } else if (f->kind == BP_FIELD_GUARDIAN) {
        ch = bp_choices_alloc(a, v->n_guardians);
        for (i = 0; i < v->n_guardians; i++)
            ch[n++] = (struct bp_choice){bp_id_text(a, v->guardians[i].id), v->guardians[i].name};
    } else {
        return 0;
    }
    *out = ch;
    return n;
}

/* The use cases name an invitee's fields by its place among the invitees ("invitees.3.name"); the form
 * of one invitee, or of one answer, shows them beside its own fields ("invitee.name"). */
static const struct bp_field_errors *row_errors(struct bp_ctx *c, const struct bp_field_errors *errs,
                                                const char *record)
{
    struct bp_field_errors *out = bp_arena_alloc(&c->arena, sizeof(*out));
    size_t i;
    for (i = 0; errs && i < errs->count; i++) {
        const char *f = errs->items[i].field, *rest = NULL;
        if (strncmp(f, "invitees.", 9) == 0 && (rest = strchr(f + 9, '.')) != NULL)
            f = bp_arena_printf(&c->arena, "%s%s", record, rest);
        bp_field_errors_add(out, f, errs->items[i].code);
    }
    return out;
}

/* ---- the meeting form ---- */

/* Whether the form must ask for the deadline reason now: the rule applies and the date given (or, with
 * none, any date from today) is outside it. `kind`, `date` and `reason` as the form shows them. */
static bool reason_needed(struct bp_ctx *c, const struct bp_meeting_detail *v, const char *kind_code,
                          const char *date_text, const char *reason)
{
    struct bp_date noticed, today = bp_actor_today(&c->actor), date = today;
    enum bp_meeting_kind kind = BP_MEETING_PLAN;
    int k = kind_code ? bp_code_find(bp_meeting_kind_codes, BP_MEETING_KIND_COUNT, kind_code) : -1;
    bool has_reason = reason && *reason;
    if (k >= 0)
        kind = (enum bp_meeting_kind)k;
    if (kind == BP_MEETING_PREPARATION ||
        (kind == BP_MEETING_FOLLOWUP && v->kase.model != BP_MODEL_KRONOBERG))
        return has_reason;
    if (date_text && *date_text && !bp_date_parse(date_text, &date))
        return true;
    if (!bp_date_parse(v->kase.noticed_on, &noticed))
        noticed = today;
    if (v->kase.model == BP_MODEL_KRONOBERG && !(date_text && *date_text))
        return has_reason;
    return bp_deadline_meeting(v->kase.model, noticed, today, date, false).status != BP_DEADLINE_OK ||
           has_reason;
}

static bool reason_needed_in(struct bp_ctx *c, const struct bp_meeting_detail *v,
                             const struct bp_form_src *src)
{
    const struct bp_meeting *m = src->stored;
    if (src->typed)
        return reason_needed(c, v, bp_form_get(&c->form, "meeting.kind"),
                             bp_form_get(&c->form, "meeting.date"),
                             bp_trim(&c->arena, bp_form_get(&c->form, "meeting.deadline_reason")));
    return reason_needed(c, v, bp_meeting_kind_codes[m->kind], bp_date_text(&c->arena, m->date),
                         m->deadline_reason);
}

/* The error summary: each field's line links to it; what no field shows is named as the meeting page
 * names it; "meeting" (the case) stands above the form by itself. */
static struct bp_tv *form_summary(struct bp_ctx *c, const struct bp_field_errors *errs)
{
    struct bp_tv *summary = bp_tv_list(&c->arena);
    size_t i;
    for (i = 0; errs && i < errs->count; i++) {
        const struct bp_field_error *e = &errs->items[i];
        if (strcmp(e->field, "meeting") != 0 && !bp_form_summary_line(c, e, summary))
            bp_summary_add(c, summary, "meeting-form", field_label(c, e->field),
                           bp_field_error_text(c->lang, e->field, e->code));
    }
    return summary;
}

static void render_meeting_form(struct bp_ctx *c, int status, const struct bp_meeting_detail *v,
                                int64_t meeting_id, const struct bp_form_src *src,
                                const struct bp_field_errors *errs)
{
    struct bp_arena *a = &c->arena;
    struct bp_tv *d = bp_tv_obj(a),
                 *form = bp_form_view(c, &bp_record_meeting, src, errs, meeting_choices, (void *)v);
    const char *case_error = errs ? bp_field_errors_find(errs, "meeting") : NULL;
    if (v->kase.model == BP_MODEL_KRONOBERG) /* K-4.3: the rule counts the notice, not the days since */
        bp_tv_set_str(
            a, (struct bp_tv *)bp_tv_get(form, "deadline_reason"), "hint",
            T(N_("Regeln: kallelsen ska skickas minst tre veckor före mötet. Om ni har kommit överens "
                 "om något annat, skriv vad och varför.")));
    set_case(c, d, v);
    bp_tv_set(a, d, "page", bp_page_ctx(c, meeting_id ? N_("Ändra mötet") : N_("Planera ett möte")));
    if (meeting_id)
        bp_tv_set_int(a, d, "meeting_id", meeting_id);
    else if (bp_form_id(&c->form, "event") > 0) /* V-9.4: booked for an event, back to its decision */
        bp_tv_set_int(a, d, "event_id", bp_form_id(&c->form, "event"));
    if (case_error)
        bp_tv_set_str(a, d, "case_error", bp_error_text(c->lang, case_error));
    bp_tv_set(a, d, "meeting", form);
    bp_tv_set_bool(a, d, "many_orgs", c->user.n_orgs > 1);
    bp_tv_set_bool(a, d, "reason_needed", reason_needed_in(c, v, src));
    bp_tv_set(a, d, "errors", form_summary(c, errs));
    bp_tv_set_bool(a, d, "has_errors", errs && errs->count > 0);
    bp_render(c, status, "meeting_form", d);
}

void bp_h_meeting_new(struct bp_ctx *c)
{
    struct bp_meeting_detail v;
    struct bp_meeting fresh;
    struct bp_form_src src = {.stored = &fresh};
    if (!load_view(c, 0, &v))
        return;
    memset(&fresh, 0, sizeof(fresh));
    fresh.kind = BP_MEETING_PLAN;
    if (bp_form_get(&c->form, "kind") && strcmp(bp_form_get(&c->form, "kind"), "followup") == 0)
        fresh.kind = BP_MEETING_FOLLOWUP; /* V-9.4: an earlier follow-up, booked from an event's decision */
    fresh.start_minute = fresh.end_minute = -1;
    fresh.chair_user_id = c->user.id; /* V-5.7: the caller chairs */
    if (c->user.n_orgs >= 1)
        fresh.called_by_org = c->user.orgs[0].org_id;
    render_meeting_form(c, 200, &v, 0, &src, NULL);
}

void bp_h_meeting_edit(struct bp_ctx *c)
{
    struct bp_meeting_detail v;
    struct bp_form_src src = {.typed = false};
    if (!load_view(c, c->params[1], &v))
        return;
    src.stored = &v.m;
    render_meeting_form(c, 200, &v, v.m.id, &src, NULL);
}

/* After a write: the meeting's page (`then` says what happened), or the form again with the messages. */
static void meeting_done(struct bp_ctx *c, enum bp_err rc, int64_t meeting_id,
                         const struct bp_field_errors *errs, const char *then)
{
    struct bp_meeting_detail v;
    struct bp_form_src typed = {.typed = true};
    if (rc == BP_OK)
        bp_redirect(c, bp_arena_printf(&c->arena, "/cases/%lld/meetings/%lld?%s", (long long)c->params[0],
                                       (long long)meeting_id, then));
    else if ((rc != BP_ERR_INVALID && rc != BP_ERR_CONFLICT) || errs->count == 0)
        bp_fail(c, rc);
    else if (load_view(c, meeting_id, &v))
        render_meeting_form(c, rc == BP_ERR_INVALID ? 422 : 409, &v, meeting_id, &typed, errs);
}

void bp_h_meeting_create(struct bp_ctx *c)
{
    struct bp_meeting_input in = {0};
    struct bp_field_errors errs = {0};
    int64_t id = 0, event = bp_form_id(&c->form, "event");
    enum bp_err rc;
    bp_form_read(c, &bp_record_meeting, &in);
    rc = bp_uc_meeting_plan(c->w->store, &c->arena, &c->actor, c->params[0], &in, &id, &errs);
    /* V-9.4: an earlier follow-up booked from an event: back to the event's decision, one step from it */
    if (rc == BP_OK && event > 0)
        bp_redirect(c,
                    bp_arena_printf(&c->arena, "/cases/%lld/implementation/events/%lld?meeting=%lld#decision",
                                    (long long)c->params[0], (long long)event, (long long)id));
    else
        meeting_done(c, rc, id, &errs, "saved=1");
}

void bp_h_meeting_change(struct bp_ctx *c)
{
    struct bp_meeting_input in = {0};
    struct bp_field_errors errs = {0};
    bool update_sent = false;
    enum bp_err rc;
    bp_form_read(c, &bp_record_meeting, &in);
    rc = bp_uc_meeting_edit(c->w->store, &c->arena, &c->actor, c->params[0], c->params[1], &in, &update_sent,
                            &errs);
    meeting_done(c, rc, c->params[1], &errs, update_sent ? "updated=1" : "saved=1");
}

/* ---- the meeting page ---- */

struct page_state {
    const struct bp_field_errors *errs;  /* of the send step, an invitee or an answer */
    const struct bp_field_errors *warns; /* of the send step */
    const char *form;                    /* the form that failed: "invitee", "answer", "absence"... */
    const struct bp_deadline *deadline;
};

/* One of the page's forms: the one that failed as typed, with its errors beside its fields; a row's form
 * (an answer, a decision) so only in the row of the invitee it was sent for. */
static struct bp_tv *page_form(struct bp_ctx *c, const struct bp_meeting_detail *v,
                               const struct page_state *ps, const struct bp_record_def *r, int64_t row)
{
    bool failed = ps && ps->form && strcmp(ps->form, r->name) == 0 && (!row || row == c->params[2]);
    struct bp_form_src src = {.typed = failed, .instance = row ? bp_id_text(&c->arena, row) : NULL};
    return bp_form_view(c, r, &src, failed ? row_errors(c, ps->errs, r->name) : NULL, meeting_choices,
                        (void *)v);
}

/* What an invitee's row needs besides the invitee: the meeting, and on its page the forms' state. */
struct invitee_rows_of {
    const struct bp_meeting_detail *v;
    const struct page_state *ps;
    bool with_forms;
};

static void invitee_row(struct bp_ctx *c, struct bp_tv *o, const void *item, size_t i, void *ud)
{
    const struct bp_invitee *inv = item;
    const struct invitee_rows_of *x = ud;
    const struct bp_meeting_detail *v = x->v;
    struct bp_arena *a = &c->arena;
    /* V-6.2, K-4.7: the invitee, a colleague or the caller records a professional's answer; anyone the
     * family's */
    bool can_answer = v->m.status == BP_MEETING_PLANNED && v->kase.status == BP_CASE_OPEN &&
                      bp_may_answer_for(&c->user, &v->m, inv);
    bp_tv_set_int(a, o, "id", inv->id);
    bp_tv_set_int(a, o, "index", (int64_t)i);
    bp_tv_set_str(a, o, "name", invitee_name(c, v, inv));
    bp_tv_set_str(a, o, "kind", bp_label(c->lang, "invitee_kind", bp_invitee_kind_codes[inv->kind]));
    bp_tv_set_str(a, o, "org",
                  inv->kind == BP_INVITEE_PROFESSIONAL ? bp_org_name_in(v->orgs, v->n_orgs, inv->org_id)
                                                       : "");
    bp_tv_set_bool(a, o, "has_email", (inv->email && *inv->email) || inv->email_withheld);
    bp_tv_set_str(a, o, "interpreter", invitee_interpreter(v, inv));
    bp_tv_set_str(a, o, "answer", bp_label(c->lang, "answer", bp_answer_codes[inv->answer]));
    bp_tv_set_str(a, o, "decline_reason", inv->decline_reason);
    bp_tv_set_str(a, o, "substitute_name", inv->substitute_name);
    bp_tv_set_bool(a, o, "can_answer", can_answer);
    bp_tv_set_bool(a, o, "can_substitute",
                   inv->kind == BP_INVITEE_PROFESSIONAL || inv->kind == BP_INVITEE_OTHER);
    bp_tv_set_str(a, o, "step", bp_label(c->lang, "absence_step", bp_absence_step_codes[v->steps[i]]));
    bp_tv_set_bool(a, o, "needs_substitute", v->steps[i] == BP_ABSENCE_STEP_SUBSTITUTE);
    bp_tv_set_bool(a, o, "needs_decision",
                   v->steps[i] == BP_ABSENCE_STEP_DECIDE && v->kase.status == BP_CASE_OPEN);
    bp_tv_set_bool(a, o, "step_done", v->steps[i] == BP_ABSENCE_STEP_DONE);
    if (x->with_forms && can_answer)
        bp_tv_set(a, o, "answer_form", page_form(c, v, x->ps, &bp_record_answer, inv->id));
    if (x->with_forms && v->steps[i] == BP_ABSENCE_STEP_DECIDE)
        bp_tv_set(a, o, "absence_form", page_form(c, v, x->ps, &bp_record_absence, inv->id));
}

/* The invitees; with `ps`, each row's forms: the answer and the K-4.8 decision. */
static struct bp_tv *invitee_rows(struct bp_ctx *c, const struct bp_meeting_detail *v,
                                  const struct page_state *ps, bool with_forms)
{
    struct invitee_rows_of x = {v, ps, with_forms};
    return bp_tv_each(c, v->invitees, v->n_invitees, sizeof(*v->invitees), invitee_row, &x);
}

static void render_meeting_page(struct bp_ctx *c, int status, const struct bp_meeting_detail *v,
                                const struct page_state *ps)
{
    struct bp_arena *a = &c->arena;
    struct bp_tv *d = bp_tv_obj(a);
    const char *q = c->query;
    set_case(c, d, v);
    bp_tv_set(a, d, "page", bp_page_ctx(c, meeting_name(c, v->kase.model, v->m.kind)));
    bp_tv_set(a, d, "meeting", meeting_tv(c, v));
    bp_tv_set(a, d, "invitees", invitee_rows(c, v, ps, true));
    bp_tv_set_bool(a, d, "has_invitees", v->n_invitees > 0);
    bp_tv_set(a, d, "invitee_form", page_form(c, v, ps, &bp_record_invitee, 0));
    bp_tv_set(a, d, "send_form", page_form(c, v, ps, &bp_record_send, 0));
    bp_tv_set(a, d, "debrief_form", page_form(c, v, ps, &bp_record_debrief, 0));
    bp_tv_set_bool(a, d, "saved", strstr(q, "saved=1") != NULL);
    bp_tv_set_bool(a, d, "sent_now", strstr(q, "sent=1") != NULL);
    bp_tv_set_bool(a, d, "updated", strstr(q, "updated=1") != NULL);
    bp_tv_set_bool(a, d, "needs_debrief", v->needs_debrief && v->kase.status == BP_CASE_OPEN);
    if (ps && ps->errs && ps->errs->count) {
        bp_tv_set(a, d, "errors", message_list(c, ps->errs));
        bp_tv_set_bool(a, d, "has_errors", true);
    }
    if (ps && ps->warns && ps->warns->count) {
        bp_tv_set(a, d, "warnings", message_list(c, ps->warns));
        bp_tv_set_bool(a, d, "has_warnings", true);
    }
    if (ps && ps->deadline && ps->deadline->status != BP_DEADLINE_OK)
        bp_tv_set_str(a, d, "deadline_limit", bp_date_text(a, ps->deadline->limit));
    bp_render(c, status, "meeting", d);
}

void bp_h_meeting_show(struct bp_ctx *c)
{
    struct bp_meeting_detail v;
    if (load_view(c, c->params[1], &v))
        render_meeting_page(c, 200, &v, NULL);
}

/* After a write from the meeting page: back to it, or the page again with what stopped it. */
static void page_done(struct bp_ctx *c, enum bp_err rc, const struct page_state *ps, const char *flag)
{
    struct bp_meeting_detail v;
    if (rc == BP_OK) {
        bp_redirect(c, bp_arena_printf(&c->arena, "/cases/%lld/meetings/%lld%s%s", (long long)c->params[0],
                                       (long long)c->params[1], *flag ? "?" : "", flag));
        return;
    }
    if ((rc != BP_ERR_INVALID && rc != BP_ERR_CONFLICT) ||
        (ps->errs->count == 0 && (!ps->warns || ps->warns->count == 0))) {
        bp_fail(c, rc);
        return;
    }
    if (load_view(c, c->params[1], &v))
        render_meeting_page(c, rc == BP_ERR_INVALID ? 422 : 409, &v, ps);
}

/* The same for a form with errors only (no warnings): back to the meeting's page. */
static void form_done(struct bp_ctx *c, enum bp_err rc, const struct bp_field_errors *errs, const char *form)
{
    const struct page_state ps = {errs, NULL, form, NULL};
    page_done(c, rc, &ps, "");
}

void bp_h_meeting_invitee_add(struct bp_ctx *c)
{
    struct bp_invitee_input in = {0};
    struct bp_field_errors errs = {0};
    int64_t id;
    bp_form_read(c, &bp_record_invitee, &in);
    form_done(
        c, bp_uc_invitee_add(c->w->store, &c->arena, &c->actor, c->params[0], c->params[1], &in, &id, &errs),
        &errs, "invitee");
}

void bp_h_meeting_invitee_remove(struct bp_ctx *c)
{
    struct bp_field_errors errs = {0};
    form_done(
        c, bp_uc_invitee_remove(c->w->store, &c->arena, &c->actor, c->params[0], c->params[1], c->params[2]),
        &errs, NULL);
}

void bp_h_meeting_send(struct bp_ctx *c)
{
    struct bp_send_input in = {0};
    struct bp_field_errors errs = {0}, warns = {0};
    struct bp_deadline dl;
    struct page_state ps = {&errs, &warns, "send", &dl};
    enum bp_err rc;
    bp_form_read(c, &bp_record_send, &in);
    rc = bp_uc_meeting_send(c->w->store, &c->arena, &c->actor, c->params[0], c->params[1],
                            in.confirm_warnings, &dl, &errs, &warns);
    page_done(c, rc, &ps, "sent=1");
}

void bp_h_meeting_cancel(struct bp_ctx *c)
{
    struct bp_field_errors errs = {0};
    form_done(c, bp_uc_meeting_cancel(c->w->store, &c->arena, &c->actor, c->params[0], c->params[1], &errs),
              &errs, NULL);
}

void bp_h_meeting_answer(struct bp_ctx *c)
{
    struct bp_answer_input in = {0};
    struct bp_field_errors errs = {0};
    enum bp_absence_step step;
    bp_form_read(c, &bp_record_answer, &in);
    form_done(c,
              bp_uc_invitee_answer(c->w->store, &c->arena, &c->actor, c->params[0], c->params[1],
                                   c->params[2], &in, &step, &errs),
              &errs, "answer");
}

void bp_h_meeting_decision(struct bp_ctx *c)
{
    struct bp_absence_decision_input in = {0};
    struct bp_field_errors errs = {0};
    bp_form_read(c, &bp_record_absence, &in);
    form_done(c,
              bp_uc_absence_decide(c->w->store, &c->arena, &c->actor, c->params[0], c->params[1],
                                   c->params[2], &in, &errs),
              &errs, "absence");
}

void bp_h_meeting_debrief(struct bp_ctx *c)
{
    struct bp_debrief_input in = {0};
    struct bp_field_errors errs = {0};
    bp_form_read(c, &bp_record_debrief, &in);
    form_done(c,
              bp_uc_meeting_debrief(c->w->store, &c->arena, &c->actor, c->params[0], c->params[1],
                                    in.debriefed_on, &errs),
              &errs, "debrief");
}

/* ---- the chair's page, the glossary, the screen summary, the letter ---- */

static struct bp_tv *opening_steps(struct bp_ctx *c, const struct bp_opening *op)
{
    struct bp_tv *list = bp_tv_list(&c->arena);
    size_t i;
    for (i = 0; i < op->n_steps; i++)
        bp_tv_push(&c->arena, list, bp_tv_str(&c->arena, bp_label(c->lang, "meeting_step", op->steps[i])));
    return list;
}

/* The chair's page; after a failed "held", the closing form as typed and its errors beside its fields. */
static void render_chair(struct bp_ctx *c, int status, const struct bp_meeting_detail *v,
                         const struct bp_field_errors *errs)
{
    struct bp_arena *a = &c->arena;
    struct bp_tv *d = bp_tv_obj(a), *opts = bp_tv_list(a);
    struct bp_form_src src = {.typed = errs != NULL};
    struct bp_opening op;
    size_t i;
    bp_meeting_opening(&v->m, &op);
    for (i = 1; i < BP_ATTEND_COUNT; i++) {
        struct bp_tv *o = bp_tv_obj(a);
        bp_tv_set_str(a, o, "code", bp_attendance_codes[i]);
        bp_tv_set_str(a, o, "label", bp_label(c->lang, "attendance", bp_attendance_codes[i]));
        bp_tv_push(a, opts, o);
    }
    set_case(c, d, v);
    bp_tv_set(a, d, "page", bp_page_ctx(c, N_("Ordförandens sida")));
    bp_tv_set(a, d, "meeting", meeting_tv(c, v));
    bp_tv_set(a, d, "invitees", invitee_rows(c, v, NULL, false));
    bp_tv_set(a, d, "attendance_options", opts);
    bp_tv_set(a, d, "closing_form", bp_form_view(c, &bp_record_closing, &src, errs, NULL, NULL));
    bp_tv_set(a, d, "steps", opening_steps(c, &op));
    bp_tv_set_int(a, d, "minutes", op.minutes);
    bp_tv_set_bool(a, d, "family_meeting", v->m.kind != BP_MEETING_PREPARATION);
    bp_tv_set_bool(a, d, "needs_debrief", v->needs_debrief && v->kase.status == BP_CASE_OPEN);
    if (v->m.kind != BP_MEETING_PREPARATION)
        bp_set_child_voice(c, d); /* V-6.10: what the child said, before the child's last word */
    if (errs && errs->count) {
        bp_tv_set(a, d, "errors", message_list(c, errs));
        bp_tv_set_bool(a, d, "has_errors", true);
    }
    bp_render(c, status, "meeting_chair", d);
}

void bp_h_meeting_chair(struct bp_ctx *c)
{
    struct bp_meeting_detail v;
    if (load_view(c, c->params[1], &v))
        render_chair(c, 200, &v, NULL);
}

/* V-6.10, V-8a.6: who was there (one select per invitee, "attendance.<index>") and the child's last word. */
void bp_h_meeting_held(struct bp_ctx *c)
{
    struct bp_arena *a = &c->arena;
    struct bp_held_input in = {0};
    struct bp_field_errors errs = {0};
    struct bp_meeting_detail v;
    size_t i;
    enum bp_err rc;
    for (i = 0; i < BP_MAX_INVITEES; i++)
        in.attendance[i] = bp_trim(a, bp_form_get(&c->form, bp_arena_printf(a, "attendance.%zu", i)));
    bp_form_read(c, &bp_record_closing, &in);
    rc = bp_uc_meeting_held(c->w->store, a, &c->actor, c->params[0], c->params[1], &in, &errs);
    if (rc == BP_OK) {
        page_done(c, rc, NULL, "");
        return;
    }
    if ((rc != BP_ERR_INVALID && rc != BP_ERR_CONFLICT) || errs.count == 0) {
        bp_fail(c, rc);
        return;
    }
    if (load_view(c, c->params[1], &v))
        render_chair(c, rc == BP_ERR_INVALID ? 422 : 409, &v, &errs);
}

void bp_h_meeting_glossary(struct bp_ctx *c)
{
    struct bp_meeting_detail v;
    struct bp_tv *d;
    if (!load_view(c, c->params[1], &v))
        return;
    d = bp_tv_obj(&c->arena);
    set_case(c, d, &v);
    bp_tv_set(&c->arena, d, "meeting", meeting_tv(c, &v));
    bp_render_page(c, "meeting_glossary", N_("Ord vi använder på mötet"), d);
}

/* V-6.9: what has been decided so far, from the plan being written at the meeting, in plain words. The
 * plan's read has its own audit entry, committed with the meeting's before the page leaves. */
static void set_screen_plan(struct bp_ctx *c, struct bp_tv *d)
{
    struct bp_arena *a = &c->arena;
    struct bp_plan_view pv;
    struct bp_audit audit;
    struct bp_tv *goals = bp_tv_list(a), *ivs = bp_tv_list(a);
    size_t i, j;
    if (bp_uc_plan_view(c->w->store, a, &c->actor, c->params[0], &pv, &audit) != BP_OK)
        return; /* the screen shows the meeting without the plan */
    bp_audit_then_respond(c, &audit);
    for (i = 0; i < pv.parts.n_goals; i++) {
        struct bp_tv *o = bp_tv_obj(a);
        bp_tv_set_str(a, o, "area", bp_label(c->lang, "area", pv.parts.goals[i].area));
        bp_tv_set_str(a, o, "goal", pv.parts.goals[i].goal);
        bp_tv_push(a, goals, o);
    }
    for (i = 0; i < pv.parts.n_interventions; i++) {
        struct bp_tv *o = bp_tv_obj(a);
        bp_tv_set_str(a, o, "what", pv.parts.interventions[i].what);
        for (j = 0; j < pv.n_orgs; j++)
            if (pv.orgs[j].id == pv.parts.interventions[i].org_id)
                bp_tv_set_str(a, o, "org", pv.orgs[j].name);
        bp_tv_push(a, ivs, o);
    }
    bp_tv_set_bool(a, d, "has_plan",
                   pv.parts.n_goals || pv.parts.n_interventions || (pv.plan.summary && *pv.plan.summary));
    bp_tv_set_str(a, d, "plan_summary", pv.plan.summary);
    bp_tv_set(a, d, "plan_goals", goals);
    bp_tv_set(a, d, "plan_interventions", ivs);
    if (pv.plan.has_followup) {
        bp_tv_set_str(a, d, "followup_on", bp_date_text(a, pv.plan.followup_on));
        bp_tv_set_str(a, d, "followup_place", pv.plan.followup_place);
    }
}

void bp_h_meeting_screen(struct bp_ctx *c)
{
    struct bp_meeting_detail v;
    struct bp_opening op;
    struct bp_tv *d;
    if (!load_view(c, c->params[1], &v))
        return;
    bp_meeting_opening(&v.m, &op);
    d = bp_tv_obj(&c->arena);
    set_case(c, d, &v);
    bp_tv_set(&c->arena, d, "meeting", meeting_tv(c, &v));
    bp_tv_set(&c->arena, d, "steps", opening_steps(c, &op));
    set_screen_plan(c, d);
    bp_render_page(c, "meeting_screen", N_("Sammanfattning på skärmen"), d);
}

void bp_h_meeting_letter(struct bp_ctx *c)
{
    struct bp_meeting_detail v;
    struct bp_tv *d, *who;
    size_t i;
    if (!load_view(c, c->params[1], &v))
        return;
    d = bp_tv_obj(&c->arena);
    who = bp_tv_list(&c->arena);
    for (i = 0; i < v.n_invitees; i++) {
        struct bp_tv *o = bp_tv_obj(&c->arena);
        bp_tv_set_str(&c->arena, o, "name", invitee_name(c, &v, &v.invitees[i]));
        bp_tv_set_str(&c->arena, o, "org",
                      v.invitees[i].kind == BP_INVITEE_PROFESSIONAL
                          ? bp_org_name_in(v.orgs, v.n_orgs, v.invitees[i].org_id)
                          : "");
        bp_tv_push(&c->arena, who, o);
    }
    set_case(c, d, &v);
    bp_tv_set(&c->arena, d, "meeting", meeting_tv(c, &v));
    bp_tv_set(&c->arena, d, "who", who);
    bp_render_page(c, "meeting_letter", N_("Kallelse"), d);
}
