/* prep.c: the pages of preparing the child (V-3.x) and the guardians (V-4.1, V-4.2): the
 * child's form, one form per guardian, the printable questions for the child, the "who is prepared"
 * row of the case page, and GET/POST under /api/v1/cases/{id}/preparation. Each handler decodes, calls
 * one use case (app/prep.c) and renders or redirects. Must not decide what is valid (the domain does),
 * nor log anything the child or the guardians said. */
#include <jansson.h>
#include "pages/pages.h"
#include "domain/checks.h" /* bp_guardian_find */
#include "util/date.h"
#include "util/limits.h"

#define T(msgid) bp_tr(c->lang, msgid)

/* The meeting the preparation is for (V-10.2): "meeting" in the query or the form; 0 (none given) is the
 * meeting where the plan is made, -1 one that cannot be (the use case answers 404). */
static int64_t prep_meeting(struct bp_ctx *c)
{
    return bp_form_id(&c->form, "meeting");
}

/* "&meeting=M" for the links and redirects of a follow-up's preparation (V-10.2), else "". */
static const char *meeting_query(struct bp_ctx *c)
{
    int64_t m = prep_meeting(c);
    return m > 0 ? bp_arena_printf(&c->arena, "&meeting=%lld", (long long)m) : "";
}

/* Answers a failed read: the refusal only once it is on record. */
static bool load_view(struct bp_ctx *c, struct bp_prep_view *v)
{
    struct bp_audit audit;
    enum bp_err rc =
        bp_uc_prep_view(c->w->store, &c->arena, &c->actor, c->params[0], prep_meeting(c), v, &audit);
    return bp_read_ok(c, rc, &audit);
}

static bool guardian_missing(const struct bp_prep_status *s, int64_t id)
{
    size_t i;
    for (i = 0; i < s->n_missing && i < BP_ARRAY_LEN(s->missing); i++)
        if (s->missing[i] == id)
            return true;
    return false;
}

static void set_common(struct bp_ctx *c, struct bp_tv *d, const struct bp_prep_view *v, const char *title)
{
    struct bp_arena *a = &c->arena;
    bp_tv_set(a, d, "page", bp_page_ctx(c, title));
    bp_tv_set_int(a, d, "case_id", v->kase.id);
    bp_tv_set_str(a, d, "child_name", bp_arena_printf(a, "%s %s", v->child.given_name, v->child.family_name));
    bp_tv_set_str(a, d, "initiating_org", v->kase.initiating_org_name);
    bp_tv_set_bool(a, d, "case_closed", v->kase.status == BP_CASE_CLOSED); /* read-only: no form */
    bp_tv_protected(a, d, &v->kase);                                       /* issue 10 item 10 */
    bp_tv_set_bool(a, d, "saved", strcmp(bp_form_get(&c->form, "saved"), "1") == 0);
    if (v->meeting_id) /* V-10.2: the preparation again, for a follow-up meeting */
        bp_tv_set_int(a, d, "followup_meeting", v->meeting_id);
}

/* Who saved the preparation last, and whether it is done. */
static void set_prepared(struct bp_ctx *c, struct bp_tv *d, const char *name, const char *org, int64_t at,
                         bool done, struct bp_date done_on)
{
    struct bp_arena *a = &c->arena;
    struct bp_tv *by = bp_tv_obj(a);
    bp_tv_set_str(a, by, "name", name);
    bp_tv_set_str(a, by, "org", org);
    bp_tv_set_str(a, by, "at", bp_time_text(&c->arena, at));
    bp_tv_set_bool(a, by, "done", done);
    bp_tv_set_bool(a, by, "by_staff", name && *name); /* not the family's own save (issue 10 item 5) */
    bp_tv_set_str(a, by, "done_on", bp_date_text(a, done_on));
    bp_tv_set(a, d, "prepared", by);
}

/* ---- the forms (their fields: domain/forms_prep.c, drawn by http/fields.c) ---- */

/* The choices that depend on the case: the child's guardians; how the child takes part, without
 * "undecided" (V-3.11: the child decides, nothing is chosen for it). */
static size_t prep_choices(struct bp_ctx *c, const struct bp_field_def *f, void *ud,
                           const struct bp_choice **out)
{
    const struct bp_prep_view *v = ud;
    struct bp_arena *a = &c->arena;
    struct bp_choice *ch = bp_arena_alloc(a, (v->n_guardians + BP_PART_COUNT) * sizeof(*ch));
    size_t i, n = 0;
    *out = ch;
    if (f->kind == BP_FIELD_GUARDIAN) {
        for (i = 0; i < v->n_guardians; i++)
            ch[n++] = (struct bp_choice){bp_id_text(a, v->guardians[i].id), v->guardians[i].name};
    } else if (strcmp(f->path, "prep.participation") == 0) {
        for (i = BP_PART_UNDECIDED + 1; i < BP_PART_COUNT; i++)
            ch[n++] = (struct bp_choice){bp_participation_codes[i],
                                         bp_label(c->lang, "participation", bp_participation_codes[i])};
    } else {
        *out = NULL;
    }
    return n;
}

/* The form ("form"; its five answers also as a numbered list, "answers"), the error summary with an error
 * of the case itself (closed) above it, and the warnings (V-3.5): beside their fields and in a box of
 * their own; they never block. */
static void set_form(struct bp_ctx *c, struct bp_tv *d, const struct bp_record_def *r,
                     const struct bp_prep_view *v, const struct bp_form_src *src,
                     const struct bp_field_errors *errs, const struct bp_field_errors *warns)
{
    struct bp_arena *a = &c->arena;
    struct bp_tv *form = bp_form_view(c, r, src, errs, prep_choices, (void *)v), *answers = bp_tv_list(a);
    const char *code = errs ? bp_field_errors_find(errs, "prep") : NULL;
    size_t i;
    bp_form_warnings(c, form, r, errs, warns);
    for (i = 0; i < BP_PREP_QUESTIONS; i++) {
        const char *name = bp_arena_printf(a, "answers.%s", bp_prep_question_keys[i]);
        struct bp_tv *q = (struct bp_tv *)bp_tv_get(form, name);
        const struct bp_field_def *f = bp_record_field(r, name);
        if (!q || !f)
            continue;
        bp_tv_set_str(a, q, "label", bp_arena_printf(a, "%zu. %s", i + 1, T(f->label)));
        bp_tv_push(a, answers, q);
    }
    bp_tv_set(a, form, "answers", answers);
    bp_tv_set(a, d, "form", form);
    if (code)
        bp_tv_set_str(a, d, "case_error", bp_error_text(c->lang, code));
    bp_tv_set(a, d, "errors", bp_form_summary(c, errs));
    bp_tv_set_bool(a, d, "has_errors", errs && errs->count > 0);
    bp_tv_set(a, d, "warnings", bp_form_summary(c, warns));
    bp_tv_set_bool(a, d, "has_warnings", warns && warns->count > 0);
}

/* ---- the child's preparation ---- */

static void render_child_form(struct bp_ctx *c, int status, const struct bp_prep_view *v,
                              const struct bp_form_src *src, const struct bp_field_errors *errs,
                              const struct bp_field_errors *warns)
{
    struct bp_arena *a = &c->arena;
    struct bp_tv *d = bp_tv_obj(a);
    const struct bp_child_prep_record *r = &v->child_prep;
    set_common(c, d, v, N_("Förbered barnet"));
    set_form(c, d, &bp_record_child_prep, v, src, errs, warns);
    bp_tv_set_bool(a, d, "needs_interpreter", v->child.needs_interpreter);
    bp_tv_set_str(a, d, "interpreter_language", v->child.interpreter_language);
    bp_tv_set_bool(a, d, "picture_support", v->child.picture_support);
    if (v->has_child_prep)
        set_prepared(c, d, r->prepared_by_name, r->org_name, r->updated_at, r->p.done, r->p.done_on);
    if (v->has_child_prep &&
        r->answered_online_at) /* the child answered on their own page (issue 10 item 5) */
        bp_tv_set_str(a, d, "online_at", bp_time_text(a, r->answered_online_at));
    bp_render(c, status, "prep_child", d);
}

/* The stored preparation as the form's input: the representative only when the child is represented. */
static void child_input_of(struct bp_ctx *c, const struct bp_child_prep *p, struct bp_child_prep_input *in)
{
    struct bp_arena *a = &c->arena;
    size_t i;
    memset(in, 0, sizeof(*in));
    in->informed_on = p->informed ? bp_date_text(a, p->informed_on) : "";
    in->how_informed = p->how_informed;
    in->adapted = p->adapted;
    in->interpreter_used = p->interpreter_used;
    in->picture_support_used = p->picture_support_used;
    for (i = 0; i < BP_PREP_QUESTIONS; i++)
        in->answers[i] = p->answers[i];
    in->participation = p->participation == BP_PART_UNDECIDED ? "" : bp_participation_codes[p->participation];
    if (p->participation == BP_PART_REPRESENTATIVE) {
        in->rep_kind = bp_representative_kind_codes[p->rep_kind];
        in->rep_guardian_id = bp_id_text(a, p->rep_guardian_id);
        in->rep_name = p->rep_kind == BP_REP_OTHER_ADULT ? p->rep_name : "";
    }
    in->letter_text = p->letter_text;
    in->letter_note = p->letter_note;
    in->wanted_participants = p->wanted_participants;
    in->place_wishes = p->place_wishes;
    in->setting = bp_setting_codes[p->setting];
    in->support_kind = bp_support_kind_codes[p->support_kind];
    in->support_name = p->support_name;
    in->support_relation = p->support_relation;
    in->done = p->done;
}

void bp_h_prep_child_form(struct bp_ctx *c)
{
    struct bp_prep_view v;
    struct bp_child_prep_input in;
    struct bp_child_prep out;
    struct bp_field_errors errs = {0}, warns = {0};
    struct bp_form_src src = {false, NULL, NULL};
    if (!load_view(c, &v))
        return;
    if (v.has_child_prep) { /* what is stored, with its warnings (V-3.5) */
        child_input_of(c, &v.child_prep.p, &in);
        (void)bp_child_prep_validate(&in, &v.child, v.guardians, v.n_guardians, c->user.id,
                                     bp_actor_today(&c->actor), &out, &errs, &warns);
        src.input = &in;
    }
    render_child_form(c, 200, &v, &src, NULL, &warns);
}

void bp_h_prep_child_save(struct bp_ctx *c)
{
    struct bp_child_prep_input in = {0};
    struct bp_field_errors errs = {0}, warns = {0};
    struct bp_form_src typed = {true, NULL, NULL};
    struct bp_prep_view v;
    int64_t id = 0;
    enum bp_err rc;
    bp_form_read(c, &bp_record_child_prep, &in);
    in.done = strcmp(bp_form_get(&c->form, "prep.action"), "done") == 0; /* the button pressed */
    rc = bp_uc_child_prep_save(c->w->store, &c->arena, &c->actor, c->params[0], prep_meeting(c), &in, &id,
                               &errs, &warns);
    if (rc == BP_OK) {
        bp_redirect(c, bp_arena_printf(&c->arena, "/cases/%lld/prep/child?saved=1%s", (long long)c->params[0],
                                       meeting_query(c)));
        return;
    }
    if ((rc != BP_ERR_INVALID && rc != BP_ERR_CONFLICT) || !errs.count) {
        bp_fail(c, rc);
        return;
    }
    if (load_view(c, &v)) /* the form again, as typed, with the messages */
        render_child_form(c, rc == BP_ERR_INVALID ? 422 : 409, &v, &typed, &errs, &warns);
}

/* ---- the printable questions for the child (V-3.5, V-3.7) ---- */

void bp_h_prep_child_questions(struct bp_ctx *c)
{
    struct bp_arena *a = &c->arena;
    struct bp_prep_view v;
    struct bp_tv *d, *qs;
    size_t i;
    if (!load_view(c, &v))
        return;
    d = bp_tv_obj(a);
    qs = bp_tv_obj(a);
    for (i = 0; i < BP_PREP_QUESTIONS; i++) { /* the template draws a picture beside each (V-3.5) */
        const struct bp_field_def *f = bp_record_field(
            &bp_record_child_prep, bp_arena_printf(a, "answers.%s", bp_prep_question_keys[i]));
        bp_tv_set_str(a, qs, bp_prep_question_keys[i], f ? T(f->label) : "");
    }
    set_common(c, d, &v, N_("Frågor till barnet"));
    bp_tv_set_str(a, d, "given_name", v.child.given_name);
    bp_tv_set(a, d, "questions", qs);
    bp_render(c, 200, "prep_questions", d);
}

/* ---- a guardian's preparation ---- */

static void render_guardian_form(struct bp_ctx *c, int status, const struct bp_prep_view *v,
                                 const struct bp_guardian *g, const struct bp_form_src *src,
                                 const struct bp_field_errors *errs, const struct bp_field_errors *warns)
{
    struct bp_arena *a = &c->arena;
    struct bp_tv *d = bp_tv_obj(a);
    const struct bp_guardian_prep_record *r = bp_prep_view_guardian(v, g->id);
    set_common(c, d, v, N_("Förbered vårdnadshavaren"));
    set_form(c, d, &bp_record_guardian_prep, v, src, errs, warns);
    bp_tv_set_int(a, d, "guardian_id", g->id);
    bp_tv_set_str(a, d, "guardian_name", g->name);
    bp_tv_set_str(a, d, "interpreter_language", g->interpreter_language);
    if (r)
        set_prepared(c, d, r->prepared_by_name, r->org_name, r->updated_at, r->p.done, r->p.done_on);
    if (r && r->answered_online_at) /* the guardian answered on their own page (issue 10 item 5) */
        bp_tv_set_str(a, d, "online_at", bp_time_text(a, r->answered_online_at));
    bp_render(c, status, "prep_guardian", d);
}

static const struct bp_guardian *route_guardian(struct bp_ctx *c, const struct bp_prep_view *v)
{
    const struct bp_guardian *g = bp_guardian_find(v->guardians, v->n_guardians, c->params[1]);
    if (!g)
        bp_fail(c, BP_ERR_NOT_FOUND);
    return g;
}

void bp_h_prep_guardian_form(struct bp_ctx *c)
{
    struct bp_arena *a = &c->arena;
    struct bp_prep_view v;
    struct bp_guardian_prep_input in = {0};
    struct bp_guardian_prep out;
    struct bp_field_errors errs = {0}, warns = {0};
    struct bp_form_src src = {false, NULL, NULL};
    const struct bp_guardian_prep_record *r;
    const struct bp_guardian *g;
    size_t i;
    if (!load_view(c, &v) || !(g = route_guardian(c, &v)))
        return;
    if ((r = bp_prep_view_guardian(&v, g->id))) { /* what is stored, with its warning */
        in.guardian_id = bp_id_text(a, g->id);
        in.informed_on = r->p.informed ? bp_date_text(a, r->p.informed_on) : "";
        for (i = 0; i < BP_PREP_QUESTIONS; i++)
            in.answers[i] = r->p.answers[i];
        in.interpreter_used = r->p.interpreter_used;
        in.done = r->p.done;
        (void)bp_guardian_prep_validate(&in, v.guardians, v.n_guardians, c->user.id,
                                        bp_actor_today(&c->actor), &out, &errs, &warns);
        src.input = &in;
    }
    render_guardian_form(c, 200, &v, g, &src, NULL, &warns);
}

void bp_h_prep_guardian_save(struct bp_ctx *c)
{
    struct bp_arena *a = &c->arena;
    struct bp_guardian_prep_input in = {0};
    struct bp_field_errors errs = {0}, warns = {0};
    struct bp_form_src typed = {true, NULL, NULL};
    struct bp_prep_view v;
    const struct bp_guardian *g;
    int64_t id = 0;
    enum bp_err rc;
    bp_form_read(c, &bp_record_guardian_prep, &in);
    in.guardian_id = bp_id_text(a, c->params[1]);
    in.done = strcmp(bp_form_get(&c->form, "guardian_prep.action"), "done") == 0; /* the button pressed */
    rc = bp_uc_guardian_prep_save(c->w->store, a, &c->actor, c->params[0], prep_meeting(c), &in, &id, &errs,
                                  &warns);
    if (rc == BP_OK) {
        bp_redirect(c, bp_arena_printf(a, "/cases/%lld/prep/guardians/%lld?saved=1%s",
                                       (long long)c->params[0], (long long)c->params[1], meeting_query(c)));
        return;
    }
    if ((rc != BP_ERR_INVALID && rc != BP_ERR_CONFLICT) || !errs.count) {
        bp_fail(c, rc);
        return;
    }
    if (bp_field_errors_find(&errs, "guardian_prep.guardian_id")) { /* not this child's guardian */
        bp_fail(c, BP_ERR_NOT_FOUND);
        return;
    }
    if (load_view(c, &v) && (g = route_guardian(c, &v)))
        render_guardian_form(c, rc == BP_ERR_INVALID ? 422 : 409, &v, g, &typed, &errs, &warns);
}

/* ---- the case page's "who is prepared" row (V-4.3) ---- */

struct bp_tv *bp_prep_rows(struct bp_ctx *c, const struct bp_case_view *v)
{
    struct bp_arena *a = &c->arena;
    const struct bp_prep_status *st = &v->prep_status;
    struct bp_tv *d, *list;
    size_t i;
    /* loaded with the case (full access only); bp_uc_case_page put its read on the answer's record */
    if (!v->has_prep_status)
        return NULL;
    d = bp_tv_obj(a);
    list = bp_tv_list(a);
    for (i = 0; i < v->n_guardians; i++) {
        struct bp_tv *o;
        if (!bp_has_custody(&v->guardians[i]))
            continue; /* V-4.1: a parent without custody is not prepared */
        o = bp_tv_obj(a);
        bp_tv_set_int(a, o, "id", v->guardians[i].id);
        bp_tv_set_str(a, o, "name", v->guardians[i].name);
        bp_tv_set_bool(a, o, "done", !guardian_missing(st, v->guardians[i].id));
        bp_tv_push(a, list, o);
    }
    bp_tv_set_bool(a, d, "child_done", st->child_done);
    bp_tv_set_bool(a, d, "ready", st->ready);
    bp_tv_set_str(a, d, "child_given_name", v->child.given_name);
    bp_tv_set(a, d, "guardians", list);
    return d;
}

/* ---- what the child said, for the chair's page and the plan (V-6.10, V-7.1) ---- */

void bp_set_child_voice(struct bp_ctx *c, struct bp_tv *d)
{
    struct bp_arena *a = &c->arena;
    struct bp_prep_view v;
    struct bp_audit audit;
    const struct bp_child_prep *p = &v.child_prep.p;
    struct bp_tv *o, *answers;
    size_t i;
    if (bp_uc_prep_view(c->w->store, a, &c->actor, c->params[0], 0, &v, &audit) != BP_OK)
        return; /* the page shows what it may without it */
    bp_audit_then_respond(c, &audit);
    if (!v.has_child_prep)
        return;
    o = bp_tv_obj(a);
    answers = bp_tv_list(a);
    bp_tv_record(c, o, &bp_record_child_prep, p); /* the letter, the wishes, how the child takes part */
    for (i = 0; i < BP_PREP_QUESTIONS; i++) {
        const struct bp_field_def *f =
            bp_record_field(&bp_record_child_prep, bp_arena_printf(a, "answers.q%zu", i + 1));
        struct bp_tv *qa = bp_tv_obj(a);
        if (!f || !p->answers[i] || !*p->answers[i])
            continue;
        bp_tv_set_str(a, qa, "question", T(f->label));
        bp_tv_set_str(a, qa, "answer", p->answers[i]);
        bp_tv_push(a, answers, qa);
    }
    bp_tv_set(a, o, "answers", answers);
    if (p->participation == BP_PART_REPRESENTATIVE)
        bp_tv_set_str(a, o, "speaks_for",
                      p->rep_kind == BP_REP_GUARDIAN
                          ? bp_guardian_name_in(v.guardians, v.n_guardians, p->rep_guardian_id)
                          : p->rep_name);
    bp_tv_set_bool(a, o, "done", p->done);
    if (v.child_prep.answered_online_at) /* given by the child on their own page (issue 10 item 5) */
        bp_tv_set_str(a, o, "online_at", bp_time_text(a, v.child_prep.answered_online_at));
    bp_tv_set(a, d, "child_voice", o);
}
