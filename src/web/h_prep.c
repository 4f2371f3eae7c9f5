/* h_prep.c: the pages and API of preparing the child (V-3.x) and the guardians (V-4.1, V-4.2): the
 * child's form, one form per guardian, the printable questions for the child, the "who is prepared"
 * row of the case page, and GET/POST under /api/v1/cases/{id}/preparation. Each handler decodes, calls
 * one use case (app/prep.c) and renders or redirects. Must not decide what is valid (the domain does),
 * nor log anything the child or the guardians said. */
#include <jansson.h>
#include "web/web.h"
#include "domain/checks.h"
#include "util/date.h"
#include "util/limits.h"

#define T(msgid) bp_tr(c->lang, msgid)

static const char *const child_answer_names[BP_PREP_QUESTIONS] = {
    "prep.answer_1", "prep.answer_2", "prep.answer_3", "prep.answer_4", "prep.answer_5"};
static const char *const guardian_answer_names[BP_PREP_QUESTIONS] = {
    "guardian_prep.answer_1", "guardian_prep.answer_2", "guardian_prep.answer_3", "guardian_prep.answer_4",
    "guardian_prep.answer_5"};

/* V-3.7: the questions to the child, in words a school child understands (the web layer's text). */
static const char *const child_questions[BP_PREP_QUESTIONS] = {
    N_("Vad är viktigt för dig för att du ska må bra hemma och i skolan?"),
    N_("Vilken hjälp vill du ha, för dig själv eller för din familj?"),
    N_("Om du fick önska: hur skulle det vara om ett eller två år?"),
    N_("Vilka vill du ska vara med på mötet?"),
    N_("Hur vill du vara med på mötet?"),
};
/* V-4.2: the questions to a guardian. */
static const char *const guardian_questions[BP_PREP_QUESTIONS] = {
    N_("Vad är viktigt för att det ska gå bra för ditt barn och er familj?"),
    N_("Vilken hjälp skulle du vilja ha för ditt barn och er familj?"),
    N_("Om du fick drömma ett eller två år framåt: vad skulle ha förändrats?"),
    N_("Vilka vill du ska vara med på mötet?"),
    N_("Vad är viktigt för att mötet ska kännas bra för dig?"),
};
/* The plain explanation under each way of taking part (V-3.11, V-3.12), by bp_participation. */
static const char *const participation_hints[BP_PART_COUNT] = {
    N_("Barnet har inte bestämt sig än."),
    N_("Barnet är med från början till slut."),
    N_("Barnet är med en stund och får gå när det vill."),
    N_("Barnet är inte med, men det barnet har sagt tas med till mötet."),
    N_("En vårdnadshavare eller en annan vuxen som barnet väljer talar för barnet."),
    N_("Barnet skriver ett brev som läses upp på mötet."),
};

static const char *updated_text(struct bp_ctx *c, int64_t at)
{
    char buf[17];
    bp_time_format_local(at, buf);
    return bp_arena_strdup(&c->arena, buf);
}

/* Answers a failed read: the refusal only once it is on record. */
static void read_failed(struct bp_ctx *c, enum bp_err rc, const struct bp_audit *audit)
{
    bp_fail(c, rc);
    if (rc == BP_ERR_FORBIDDEN || rc == BP_ERR_NOT_FOUND)
        bp_audit_then_respond(c, audit);
}

static bool load_view(struct bp_ctx *c, struct bp_prep_view *v)
{
    struct bp_audit audit;
    enum bp_err rc = bp_uc_prep_view(c->w->store, &c->arena, &c->actor, c->params[0], v, &audit);
    if (rc != BP_OK) {
        read_failed(c, rc, &audit);
        return false;
    }
    bp_audit_then_respond(c, &audit);
    return true;
}

static const struct bp_guardian_prep_record *guardian_prep_of(const struct bp_prep_view *v,
                                                              int64_t guardian_id)
{
    size_t i;
    for (i = 0; i < v->n_guardian_preps; i++)
        if (v->guardian_preps[i].p.guardian_id == guardian_id)
            return &v->guardian_preps[i];
    return NULL;
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
}

/* The warnings (V-3.5) next to their fields and in a box of their own; they never block. */
static void set_warnings(struct bp_ctx *c, struct bp_tv *d, struct bp_tv *vals,
                         const struct bp_field_errors *warns, const char *const *names,
                         const char *const *keys, const char *const *labels, size_t n)
{
    struct bp_arena *a = &c->arena;
    struct bp_field_view f = {c, warns, bp_tv_list(a)};
    struct bp_tv *warn = bp_tv_obj(a), *ignored = bp_tv_obj(a);
    size_t i;
    for (i = 0; i < n; i++)
        bp_field(&f, ignored, warn, keys[i], names[i], "", labels[i]);
    bp_tv_set(a, vals, "warn", warn);
    bp_tv_set(a, d, "warnings", f.summary);
    bp_tv_set_bool(a, d, "has_warnings", warns && warns->count > 0);
}

static void set_errors(struct bp_ctx *c, struct bp_tv *d, const struct bp_field_view *f,
                       const struct bp_field_errors *errs)
{
    struct bp_arena *a = &c->arena;
    if (errs && bp_field_errors_find(errs, "prep")) /* the case itself: closed */
        bp_tv_set_str(a, d, "case_error", bp_error_text(c->lang, bp_field_errors_find(errs, "prep")));
    bp_tv_set(a, d, "errors", f->summary);
    bp_tv_set_bool(a, d, "has_errors", errs && errs->count > 0);
}

/* ---- the child's preparation ---- */

static struct bp_tv *choices(struct bp_ctx *c, const char *kind, const char *const *codes, size_t from,
                             size_t n, const char *selected, const char *const *hints)
{
    struct bp_arena *a = &c->arena;
    struct bp_tv *list = bp_tv_list(a);
    size_t i;
    for (i = from; i < n; i++) {
        struct bp_tv *o = bp_tv_obj(a);
        bp_tv_set_str(a, o, "code", codes[i]);
        bp_tv_set_str(a, o, "label", bp_label(c->lang, kind, codes[i]));
        if (hints)
            bp_tv_set_str(a, o, "hint", bp_tr(c->lang, hints[i]));
        bp_tv_set_bool(a, o, "selected", selected && strcmp(selected, codes[i]) == 0);
        bp_tv_push(a, list, o);
    }
    return list;
}

static void render_child_form(struct bp_ctx *c, int status, const struct bp_prep_view *v,
                              const struct bp_child_prep_input *in, const struct bp_field_errors *errs,
                              const struct bp_field_errors *warns)
{
    static const char *const warn_names[] = {"prep.interpreter_used", "prep.picture_support_used"};
    static const char *const warn_keys[] = {"interpreter_used", "picture_support_used"};
    struct bp_arena *a = &c->arena;
    struct bp_field_view f = {c, errs, bp_tv_list(a)};
    struct bp_tv *d = bp_tv_obj(a), *vals = bp_tv_obj(a), *err = bp_tv_obj(a), *qs = bp_tv_list(a);
    struct bp_tv *gl = bp_tv_list(a);
    const char *warn_labels[2] = {T(N_("Tolk")), T(N_("Bildstöd"))};
    size_t i;

    bp_field(&f, vals, err, "informed_on", "prep.informed_on", in->informed_on,
             T(N_("När berättade du för barnet om mötet?")));
    bp_field(&f, vals, err, "how_informed", "prep.how_informed", in->how_informed,
             T(N_("Vad berättade du, och hur?")));
    bp_field(&f, vals, err, "adapted", "prep.adapted", "",
             T(N_("Barnet fick veta det på ett sätt som barnet förstår")));
    for (i = 0; i < BP_PREP_QUESTIONS; i++) {
        struct bp_tv *q = bp_tv_obj(a), *qerr = bp_tv_obj(a);
        const char *question = T(child_questions[i]);
        const char *code = errs ? bp_field_errors_find(errs, child_answer_names[i]) : NULL;
        bp_field(&f, q, qerr, "value", child_answer_names[i], in->answers[i], question);
        bp_tv_set_int(a, q, "num", (int64_t)i + 1);
        bp_tv_set_str(a, q, "question", question);
        bp_tv_set_str(a, q, "error", code ? bp_error_text(c->lang, code) : NULL);
        bp_tv_push(a, qs, q);
    }
    bp_field(&f, vals, err, "participation", "prep.participation", in->participation,
             T(N_("Hur vill barnet vara med på mötet?")));
    bp_field(&f, vals, err, "rep_kind", "prep.rep_kind", in->rep_kind, T(N_("Vem talar för barnet?")));
    bp_field(&f, vals, err, "rep_guardian_id", "prep.rep_guardian_id", in->rep_guardian_id,
             T(N_("Vilken vårdnadshavare?")));
    bp_field(&f, vals, err, "rep_name", "prep.rep_name", in->rep_name, T(N_("Den vuxnes namn")));
    bp_field(&f, vals, err, "letter_text", "prep.letter_text", in->letter_text, T(N_("Barnets brev")));
    bp_field(&f, vals, err, "letter_note", "prep.letter_note", in->letter_note,
             T(N_("Eller: var finns brevet?")));
    bp_field(&f, vals, err, "wanted_participants", "prep.wanted_participants", in->wanted_participants,
             T(N_("Vilka vill barnet ha med på mötet?")));
    bp_field(&f, vals, err, "place_wishes", "prep.place_wishes", in->place_wishes,
             T(N_("Var och hur vill barnet att mötet ska vara?")));
    bp_field(&f, vals, err, "setting", "prep.setting", in->setting, T(N_("Digitalt eller på plats?")));
    bp_field(&f, vals, err, "support_kind", "prep.support_kind", in->support_kind,
             T(N_("Barnets stödperson på mötet")));
    bp_field(&f, vals, err, "support_name", "prep.support_name", in->support_name,
             T(N_("Stödpersonens namn")));
    bp_field(&f, vals, err, "support_relation", "prep.support_relation", in->support_relation,
             T(N_("Vem är stödpersonen för barnet?")));
    bp_tv_set_bool(a, vals, "adapted_checked", in->adapted);
    bp_tv_set_bool(a, vals, "interpreter_checked", in->interpreter_used);
    bp_tv_set_bool(a, vals, "picture_checked", in->picture_support_used);
    bp_tv_set(a, vals, "questions", qs);
    bp_tv_set(a, vals, "participations",
              choices(c, "participation", bp_participation_codes, 1, BP_PART_COUNT,
                      in->participation && *in->participation ? in->participation : NULL,
                      participation_hints));
    bp_tv_set(a, vals, "rep_kinds",
              choices(c, "rep_kind", bp_representative_kind_codes, 0, BP_REP_KIND_COUNT, in->rep_kind, NULL));
    bp_tv_set(a, vals, "settings",
              choices(c, "setting", bp_setting_codes, 0, BP_SETTING_COUNT,
                      in->setting && *in->setting ? in->setting : "undecided", NULL));
    bp_tv_set(a, vals, "support_kinds",
              choices(c, "support_kind", bp_support_kind_codes, 0, BP_SUPPORT_KIND_COUNT,
                      in->support_kind && *in->support_kind ? in->support_kind : "initiator", NULL));
    for (i = 0; i < v->n_guardians; i++) {
        struct bp_tv *o = bp_tv_obj(a);
        const char *id = bp_id_text(a, v->guardians[i].id);
        bp_tv_set_str(a, o, "code", id);
        bp_tv_set_str(a, o, "label", v->guardians[i].name);
        bp_tv_set_bool(a, o, "selected", in->rep_guardian_id && strcmp(in->rep_guardian_id, id) == 0);
        bp_tv_push(a, gl, o);
    }
    bp_tv_set(a, vals, "guardian_options", gl);
    bp_tv_set(a, vals, "err", err);
    set_warnings(c, d, vals, warns, warn_names, warn_keys, warn_labels, 2);
    set_errors(c, d, &f, errs);

    set_common(c, d, v, N_("Förbered barnet"));
    bp_tv_set_bool(a, d, "needs_interpreter", v->child.needs_interpreter);
    bp_tv_set_str(a, d, "interpreter_language", v->child.interpreter_language);
    bp_tv_set_bool(a, d, "picture_support", v->child.picture_support);
    bp_tv_set_bool(a, d, "saved", strcmp(bp_form_get(&c->form, "saved"), "1") == 0 && status == 200);
    if (v->has_child_prep) {
        struct bp_tv *by = bp_tv_obj(a);
        bp_tv_set_str(a, by, "name", v->child_prep.prepared_by_name);
        bp_tv_set_str(a, by, "org", v->child_prep.org_name);
        bp_tv_set_str(a, by, "at", updated_text(c, v->child_prep.updated_at));
        bp_tv_set_bool(a, by, "done", v->child_prep.p.done);
        bp_tv_set_str(a, by, "done_on", bp_date_text(a, v->child_prep.p.done_on));
        bp_tv_set(a, d, "prepared", by);
    }
    bp_tv_set(a, d, "prep", vals);
    bp_render(c, status, "prep_child", d);
}

static void read_child_form(struct bp_ctx *c, struct bp_child_prep_input *in)
{
    struct bp_arena *a = &c->arena;
    size_t i;
#define V(name) bp_trim(a, bp_form_get(&c->form, name))
    memset(in, 0, sizeof(*in));
    in->informed_on = V("prep.informed_on");
    in->how_informed = V("prep.how_informed");
    in->adapted = bp_form_has(&c->form, "prep.adapted", "1");
    in->interpreter_used = bp_form_has(&c->form, "prep.interpreter_used", "1");
    in->picture_support_used = bp_form_has(&c->form, "prep.picture_support_used", "1");
    for (i = 0; i < BP_PREP_QUESTIONS; i++)
        in->answers[i] = V(child_answer_names[i]);
    in->participation = V("prep.participation");
    in->rep_kind = V("prep.rep_kind");
    in->rep_guardian_id = V("prep.rep_guardian_id");
    in->rep_name = V("prep.rep_name");
    in->letter_text = V("prep.letter_text");
    in->letter_note = V("prep.letter_note");
    in->wanted_participants = V("prep.wanted_participants");
    in->place_wishes = V("prep.place_wishes");
    in->setting = V("prep.setting");
    in->support_kind = V("prep.support_kind");
    in->support_name = V("prep.support_name");
    in->support_relation = V("prep.support_relation");
    in->done = strcmp(bp_form_get(&c->form, "prep.action"), "done") == 0;
#undef V
}

/* The stored preparation as the form's input (a fresh one: nothing but the defaults). */
static void child_input_of(struct bp_ctx *c, const struct bp_prep_view *v, struct bp_child_prep_input *in)
{
    struct bp_arena *a = &c->arena;
    const struct bp_child_prep *p = &v->child_prep.p;
    size_t i;
    memset(in, 0, sizeof(*in));
    if (!v->has_child_prep) {
        in->setting = "undecided";
        in->support_kind = "initiator";
        in->participation = "";
        return;
    }
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
    if (!load_view(c, &v))
        return;
    child_input_of(c, &v, &in);
    if (v.has_child_prep) /* the warnings of what is stored (V-3.5) */
        (void)bp_child_prep_validate(&in, &v.child, v.guardians, v.n_guardians, c->user.id,
                                     bp_actor_today(&c->actor), &out, &errs, &warns);
    render_child_form(c, 200, &v, &in, NULL, &warns);
}

void bp_h_prep_child_save(struct bp_ctx *c)
{
    struct bp_child_prep_input in;
    struct bp_field_errors errs = {0}, warns = {0};
    struct bp_prep_view v;
    int64_t id = 0;
    enum bp_err rc;
    read_child_form(c, &in);
    rc = bp_uc_child_prep_save(c->w->store, &c->arena, &c->actor, c->params[0], &in, &id, &errs, &warns);
    if (rc == BP_OK) {
        bp_redirect(c, bp_arena_printf(&c->arena, "/cases/%lld/prep/child?saved=1", (long long)c->params[0]));
        return;
    }
    if ((rc != BP_ERR_INVALID && rc != BP_ERR_CONFLICT) || !errs.count) {
        bp_fail(c, rc);
        return;
    }
    if (load_view(c, &v)) /* the form again, as typed, with the messages */
        render_child_form(c, rc == BP_ERR_INVALID ? 422 : 409, &v, &in, &errs, &warns);
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
    for (i = 0; i < BP_PREP_QUESTIONS; i++) /* the template draws a picture beside each (V-3.5) */
        bp_tv_set_str(a, qs, bp_prep_question_keys[i], T(child_questions[i]));
    set_common(c, d, &v, N_("Frågor till barnet"));
    bp_tv_set_str(a, d, "given_name", v.child.given_name);
    bp_tv_set(a, d, "questions", qs);
    bp_render(c, 200, "prep_questions", d);
}

/* ---- a guardian's preparation ---- */

static void render_guardian_form(struct bp_ctx *c, int status, const struct bp_prep_view *v,
                                 const struct bp_guardian *g, const struct bp_guardian_prep_input *in,
                                 const struct bp_field_errors *errs, const struct bp_field_errors *warns)
{
    static const char *const warn_names[] = {"guardian_prep.interpreter_used"};
    static const char *const warn_keys[] = {"interpreter_used"};
    struct bp_arena *a = &c->arena;
    struct bp_field_view f = {c, errs, bp_tv_list(a)};
    struct bp_tv *d = bp_tv_obj(a), *vals = bp_tv_obj(a), *err = bp_tv_obj(a), *qs = bp_tv_list(a);
    const char *warn_labels[1] = {T(N_("Tolk"))};
    const struct bp_guardian_prep_record *r = guardian_prep_of(v, g->id);
    size_t i;

    bp_field(&f, vals, err, "informed_on", "guardian_prep.informed_on", in->informed_on,
             T(N_("När pratade du med vårdnadshavaren?")));
    for (i = 0; i < BP_PREP_QUESTIONS; i++) {
        struct bp_tv *q = bp_tv_obj(a), *qerr = bp_tv_obj(a);
        const char *question = T(guardian_questions[i]);
        const char *code = errs ? bp_field_errors_find(errs, guardian_answer_names[i]) : NULL;
        bp_field(&f, q, qerr, "value", guardian_answer_names[i], in->answers[i], question);
        bp_tv_set_int(a, q, "num", (int64_t)i + 1);
        bp_tv_set_str(a, q, "question", question);
        bp_tv_set_str(a, q, "error", code ? bp_error_text(c->lang, code) : NULL);
        bp_tv_push(a, qs, q);
    }
    bp_tv_set_bool(a, vals, "interpreter_checked", in->interpreter_used);
    bp_tv_set(a, vals, "questions", qs);
    bp_tv_set(a, vals, "err", err);
    set_warnings(c, d, vals, warns, warn_names, warn_keys, warn_labels, 1);
    set_errors(c, d, &f, errs);
    if (errs && bp_field_errors_find(errs, "guardian_prep.guardian_id"))
        bp_tv_set_str(a, d, "case_error",
                      bp_error_text(c->lang, bp_field_errors_find(errs, "guardian_prep.guardian_id")));

    set_common(c, d, v, N_("Förbered vårdnadshavaren"));
    bp_tv_set_int(a, d, "guardian_id", g->id);
    bp_tv_set_str(a, d, "guardian_name", g->name);
    bp_tv_set_str(a, d, "interpreter_language", g->interpreter_language);
    bp_tv_set_bool(a, d, "saved", strcmp(bp_form_get(&c->form, "saved"), "1") == 0 && status == 200);
    if (r) {
        struct bp_tv *by = bp_tv_obj(a);
        bp_tv_set_str(a, by, "name", r->prepared_by_name);
        bp_tv_set_str(a, by, "org", r->org_name);
        bp_tv_set_str(a, by, "at", updated_text(c, r->updated_at));
        bp_tv_set_bool(a, by, "done", r->p.done);
        bp_tv_set_str(a, by, "done_on", bp_date_text(a, r->p.done_on));
        bp_tv_set(a, d, "prepared", by);
    }
    bp_tv_set(a, d, "gprep", vals);
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
    struct bp_guardian_prep_input in;
    struct bp_guardian_prep out;
    struct bp_field_errors errs = {0}, warns = {0};
    const struct bp_guardian_prep_record *r;
    const struct bp_guardian *g;
    size_t i;
    if (!load_view(c, &v) || !(g = route_guardian(c, &v)))
        return;
    memset(&in, 0, sizeof(in));
    in.guardian_id = bp_id_text(a, g->id);
    in.informed_on = "";
    if ((r = guardian_prep_of(&v, g->id))) {
        in.informed_on = r->p.informed ? bp_date_text(a, r->p.informed_on) : "";
        for (i = 0; i < BP_PREP_QUESTIONS; i++)
            in.answers[i] = r->p.answers[i];
        in.interpreter_used = r->p.interpreter_used;
        in.done = r->p.done;
        (void)bp_guardian_prep_validate(&in, v.guardians, v.n_guardians, c->user.id,
                                        bp_actor_today(&c->actor), &out, &errs, &warns);
    }
    render_guardian_form(c, 200, &v, g, &in, NULL, &warns);
}

void bp_h_prep_guardian_save(struct bp_ctx *c)
{
    struct bp_arena *a = &c->arena;
    struct bp_guardian_prep_input in;
    struct bp_field_errors errs = {0}, warns = {0};
    struct bp_prep_view v;
    const struct bp_guardian *g;
    int64_t id = 0;
    enum bp_err rc;
    size_t i;
    memset(&in, 0, sizeof(in));
    in.guardian_id = bp_id_text(a, c->params[1]);
    in.informed_on = bp_trim(a, bp_form_get(&c->form, "guardian_prep.informed_on"));
    for (i = 0; i < BP_PREP_QUESTIONS; i++)
        in.answers[i] = bp_trim(a, bp_form_get(&c->form, guardian_answer_names[i]));
    in.interpreter_used = bp_form_has(&c->form, "guardian_prep.interpreter_used", "1");
    in.done = strcmp(bp_form_get(&c->form, "guardian_prep.action"), "done") == 0;
    rc = bp_uc_guardian_prep_save(c->w->store, a, &c->actor, c->params[0], &in, &id, &errs, &warns);
    if (rc == BP_OK) {
        bp_redirect(c, bp_arena_printf(a, "/cases/%lld/prep/guardians/%lld?saved=1", (long long)c->params[0],
                                       (long long)c->params[1]));
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
        render_guardian_form(c, rc == BP_ERR_INVALID ? 422 : 409, &v, g, &in, &errs, &warns);
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
        struct bp_tv *o = bp_tv_obj(a);
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

/* ---- the API ---- */

static json_t *answers_json(const char *const *answers)
{
    json_t *o = json_object();
    size_t i;
    for (i = 0; i < BP_PREP_QUESTIONS; i++)
        json_object_set_new(o, bp_prep_question_keys[i], json_string(answers[i] ? answers[i] : ""));
    return o;
}

static json_t *date_or_null(struct bp_date d)
{
    char buf[11];
    if (!bp_date_valid(d.y, d.m, d.d))
        return json_null();
    bp_date_format(d, buf);
    return json_string(buf);
}

static void who_json(json_t *o, int64_t by, const char *by_name, int64_t org, const char *org_name,
                     int64_t updated_at)
{
    json_object_set_new(o, "prepared_by", json_integer(by));
    json_object_set_new(o, "prepared_by_name", bp_api_str_or_null(by_name));
    json_object_set_new(o, "org_id", org ? json_integer(org) : json_null());
    json_object_set_new(o, "org_name", bp_api_str_or_null(org_name));
    json_object_set_new(o, "updated_at", json_integer(updated_at));
}

static json_t *child_prep_json(const struct bp_child_prep_record *r)
{
    const struct bp_child_prep *p = &r->p;
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(p->id));
    json_object_set_new(o, "informed_on", p->informed ? date_or_null(p->informed_on) : json_null());
    json_object_set_new(o, "how_informed", json_string(p->how_informed));
    json_object_set_new(o, "adapted", json_boolean(p->adapted));
    json_object_set_new(o, "interpreter_used", json_boolean(p->interpreter_used));
    json_object_set_new(o, "picture_support_used", json_boolean(p->picture_support_used));
    json_object_set_new(o, "answers", answers_json(p->answers));
    json_object_set_new(o, "participation", json_string(bp_participation_codes[p->participation]));
    if (p->participation == BP_PART_REPRESENTATIVE) {
        json_object_set_new(o, "rep_kind", json_string(bp_representative_kind_codes[p->rep_kind]));
        json_object_set_new(o, "rep_guardian_id",
                            p->rep_guardian_id ? json_integer(p->rep_guardian_id) : json_null());
        json_object_set_new(o, "rep_name", json_string(p->rep_name));
    }
    json_object_set_new(o, "letter_text", json_string(p->letter_text));
    json_object_set_new(o, "letter_note", json_string(p->letter_note));
    json_object_set_new(o, "wanted_participants", json_string(p->wanted_participants));
    json_object_set_new(o, "place_wishes", json_string(p->place_wishes));
    json_object_set_new(o, "setting", json_string(bp_setting_codes[p->setting]));
    json_object_set_new(o, "support_kind", json_string(bp_support_kind_codes[p->support_kind]));
    json_object_set_new(o, "support_name", json_string(p->support_name));
    json_object_set_new(o, "support_relation", json_string(p->support_relation));
    json_object_set_new(o, "done", json_boolean(p->done));
    json_object_set_new(o, "done_on", p->done ? date_or_null(p->done_on) : json_null());
    who_json(o, p->prepared_by, r->prepared_by_name, r->org_id, r->org_name, r->updated_at);
    return o;
}

static json_t *guardian_prep_json(const struct bp_guardian *g, const struct bp_guardian_prep_record *r)
{
    json_t *o = json_object();
    json_object_set_new(o, "guardian_id", json_integer(g->id));
    json_object_set_new(o, "guardian_name", json_string(g->name));
    json_object_set_new(o, "started", json_boolean(r != NULL));
    json_object_set_new(o, "done", json_boolean(r && r->p.done));
    if (r) {
        json_object_set_new(o, "id", json_integer(r->p.id));
        json_object_set_new(o, "informed_on", r->p.informed ? date_or_null(r->p.informed_on) : json_null());
        json_object_set_new(o, "answers", answers_json(r->p.answers));
        json_object_set_new(o, "interpreter_used", json_boolean(r->p.interpreter_used));
        json_object_set_new(o, "done_on", r->p.done ? date_or_null(r->p.done_on) : json_null());
        who_json(o, r->p.prepared_by, r->prepared_by_name, r->org_id, r->org_name, r->updated_at);
    }
    return o;
}

void bp_h_api_prep(struct bp_ctx *c)
{
    struct bp_prep_view v;
    struct bp_audit audit;
    json_t *out, *st, *missing, *gl;
    size_t i;
    enum bp_err rc = bp_uc_prep_view(c->w->store, &c->arena, &c->actor, c->params[0], &v, &audit);
    if (rc != BP_OK) {
        read_failed(c, rc, &audit);
        return;
    }
    st = json_object();
    missing = json_array();
    for (i = 0; i < v.status.n_missing && i < BP_ARRAY_LEN(v.status.missing); i++)
        json_array_append_new(missing, json_integer(v.status.missing[i]));
    json_object_set_new(st, "child_done", json_boolean(v.status.child_done));
    json_object_set_new(st, "guardians_missing", missing);
    json_object_set_new(st, "ready", json_boolean(v.status.ready));
    gl = json_array();
    for (i = 0; i < v.n_guardians; i++)
        json_array_append_new(gl,
                              guardian_prep_json(&v.guardians[i], guardian_prep_of(&v, v.guardians[i].id)));
    out = json_object();
    json_object_set_new(out, "case_id", json_integer(v.kase.id));
    json_object_set_new(out, "initiating_org_id", json_integer(v.kase.initiating_org_id));
    json_object_set_new(out, "status", st);
    json_object_set_new(out, "child", v.has_child_prep ? child_prep_json(&v.child_prep) : json_null());
    json_object_set_new(out, "guardians", gl);
    bp_json(c, 200, out);
    bp_audit_then_respond(c, &audit);
}

/* The answers of a JSON body: {"q1": "...", ..., "q5": "..."}; errors on prefix.answer_N. */
static void read_answers_json(json_t *body, const char *const *names, const char **answers,
                              struct bp_field_errors *errs)
{
    json_t *o = json_object_get(body, "answers");
    size_t i;
    if (o && !json_is_null(o) && !json_is_object(o)) {
        bp_field_errors_add(errs, names[0], "type");
        return;
    }
    for (i = 0; i < BP_PREP_QUESTIONS; i++)
        answers[i] = o ? bp_api_str(o, bp_prep_question_keys[i], names[i], errs) : NULL;
}

static void api_write_done(struct bp_ctx *c, enum bp_err rc, int64_t id, bool done,
                           const struct bp_field_errors *errs, const struct bp_field_errors *warns)
{
    json_t *out, *wl;
    size_t i;
    if (rc != BP_OK) {
        if ((rc == BP_ERR_INVALID || rc == BP_ERR_CONFLICT) && errs->count) {
            bp_api_field_errors(c, errs);
            c->status = rc == BP_ERR_CONFLICT ? 409 : 422;
        } else {
            bp_fail(c, rc);
        }
        return;
    }
    wl = json_array();
    for (i = 0; i < warns->count; i++) {
        json_t *w = json_object();
        json_object_set_new(w, "field", json_string(warns->items[i].field));
        json_object_set_new(w, "code", json_string(warns->items[i].code));
        json_object_set_new(w, "message", json_string(bp_error_text(c->lang, warns->items[i].code)));
        json_array_append_new(wl, w);
    }
    out = json_object();
    json_object_set_new(out, "id", json_integer(id));
    json_object_set_new(out, "done", json_boolean(done));
    json_object_set_new(out, "warnings", wl);
    bp_json(c, 200, out);
}

void bp_h_api_prep_child(struct bp_ctx *c)
{
    struct bp_child_prep_input in;
    struct bp_field_errors errs = {0}, warns = {0};
    json_t *body = bp_api_body(c);
    int64_t id = 0;
    enum bp_err rc;
    if (!body)
        return;
    memset(&in, 0, sizeof(in));
    in.informed_on = bp_api_str(body, "informed_on", "prep.informed_on", &errs);
    in.how_informed = bp_api_str(body, "how_informed", "prep.how_informed", &errs);
    in.adapted = bp_api_bool(body, "adapted");
    in.interpreter_used = bp_api_bool(body, "interpreter_used");
    in.picture_support_used = bp_api_bool(body, "picture_support_used");
    read_answers_json(body, child_answer_names, in.answers, &errs);
    in.participation = bp_api_str(body, "participation", "prep.participation", &errs);
    in.rep_kind = bp_api_str(body, "rep_kind", "prep.rep_kind", &errs);
    in.rep_guardian_id = bp_api_id(c, body, "rep_guardian_id", "prep.rep_guardian_id", &errs);
    in.rep_name = bp_api_str(body, "rep_name", "prep.rep_name", &errs);
    in.letter_text = bp_api_str(body, "letter_text", "prep.letter_text", &errs);
    in.letter_note = bp_api_str(body, "letter_note", "prep.letter_note", &errs);
    in.wanted_participants = bp_api_str(body, "wanted_participants", "prep.wanted_participants", &errs);
    in.place_wishes = bp_api_str(body, "place_wishes", "prep.place_wishes", &errs);
    in.setting = bp_api_str(body, "setting", "prep.setting", &errs);
    in.support_kind = bp_api_str(body, "support_kind", "prep.support_kind", &errs);
    in.support_name = bp_api_str(body, "support_name", "prep.support_name", &errs);
    in.support_relation = bp_api_str(body, "support_relation", "prep.support_relation", &errs);
    in.done = bp_api_bool(body, "done");
    if (errs.count) {
        json_decref(body);
        bp_api_field_errors(c, &errs);
        return;
    }
    rc = bp_uc_child_prep_save(c->w->store, &c->arena, &c->actor, c->params[0], &in, &id, &errs, &warns);
    api_write_done(c, rc, id, in.done, &errs, &warns);
    json_decref(body); /* the input's strings lived in it */
}

void bp_h_api_prep_guardian(struct bp_ctx *c)
{
    struct bp_guardian_prep_input in;
    struct bp_field_errors errs = {0}, warns = {0};
    json_t *body = bp_api_body(c);
    int64_t id = 0;
    enum bp_err rc;
    if (!body)
        return;
    memset(&in, 0, sizeof(in));
    in.guardian_id = bp_id_text(&c->arena, c->params[1]);
    in.informed_on = bp_api_str(body, "informed_on", "guardian_prep.informed_on", &errs);
    read_answers_json(body, guardian_answer_names, in.answers, &errs);
    in.interpreter_used = bp_api_bool(body, "interpreter_used");
    in.done = bp_api_bool(body, "done");
    if (errs.count) {
        json_decref(body);
        bp_api_field_errors(c, &errs);
        return;
    }
    rc = bp_uc_guardian_prep_save(c->w->store, &c->arena, &c->actor, c->params[0], &in, &id, &errs, &warns);
    api_write_done(c, rc, id, in.done, &errs, &warns);
    json_decref(body);
}
