/* family_prep.c: the family's own preparation page (issue 10 item 5): the child (7 and up) answers the
 * questions of V-3.7 with pictures, large text and easy Swedish, chooses how to take part (V-3.11, V-3.12),
 * whom they want there and where (V-3.9, V-3.14, V-3.15), and from 12 whether the guardians may read it
 * (R2); a guardian answers their own questions (V-4.1, V-4.2) and reads what R2 lets them of the child's.
 * The forms are the professionals' field tables (domain/forms_prep.c) in the child's words: the same
 * fields, paths and checks, a label, hint and choices of their own. What the member may see is decided in
 * app/family_prep.c; each item's element is marked data-item="<the table's id>". */
#include "pages/pages.h"

#define T(msgid) bp_tr(c->lang, msgid)

/* ---- the child's words over the professionals' tables ---- */

/* One field the family fills: its label and hint in their words (NULL label: the table's own), and for a
 * choice the hints beside its codes (in the table's order of codes). */
struct family_word {
    const char *name, *label, *hint;
    const char *const *choice_hints;
};

static const char *const participation_hints[BP_PART_COUNT] = {
    NULL,
    N_("Du är med från början till slut."),
    N_("Du är med en stund och får gå när du vill."),
    N_("Du är inte med. Det du har sagt tas med till mötet."),
    N_("En vuxen som du väljer pratar för dig."),
    N_("Du skriver ett brev. Det läses upp på mötet."),
};

static const struct family_word child_words[] = {
    {"answers.q1", NULL, NULL, NULL},
    {"answers.q2", NULL, NULL, NULL},
    {"answers.q3", NULL, NULL, NULL},
    {"answers.q4", NULL, NULL, NULL},
    {"answers.q5", NULL, NULL, NULL},
    {"participation", N_("Hur vill du vara med på mötet?"), N_("Du bestämmer själv."), participation_hints},
    {"rep_kind", N_("Vem ska prata för dig?"), NULL, NULL},
    {"rep_guardian_id", N_("Vilken vårdnadshavare?"), NULL, NULL},
    {"rep_name", N_("Vad heter den vuxna?"), NULL, NULL},
    {"letter_text", N_("Ditt brev"), N_("Brevet läses upp på mötet."), NULL},
    {"letter_note", N_("Eller: var finns ditt brev?"), N_("Till exempel: hos min lärare."), NULL},
    {"wanted_participants", N_("Vilka vill du ska vara med på mötet?"),
     N_("Skriv namnen på dem som är viktiga för dig."), NULL},
    {"place_wishes", N_("Var vill du att mötet ska vara? Vad behöver du där?"),
     N_("Till exempel ett rum som du känner, något att dricka eller något att pilla med."), NULL},
    {"setting", N_("Vill du träffas i ett rum eller med video?"), NULL, NULL},
    {"support_kind", N_("Vem vill du ha som stöd på mötet?"), NULL, NULL},
    {"support_name", N_("Vad heter den vuxna?"), NULL, NULL},
    {"support_relation", N_("Vem är den vuxna för dig?"), N_("Till exempel: min tränare eller min moster."),
     NULL},
    {"share_with_guardians", NULL, NULL, NULL},
};

static const struct family_word guardian_words[] = {
    {"answers.q1", NULL, NULL, NULL}, {"answers.q2", NULL, NULL, NULL}, {"answers.q3", NULL, NULL, NULL},
    {"answers.q4", NULL, NULL, NULL}, {"answers.q5", NULL, NULL, NULL},
};

/* The choices in the child's words (kinds without a row here keep the table's labels). */
static const struct {
    const char *kind, *code, *label;
} child_choices[] = {
    {"participation", "whole", N_("Hela mötet")},
    {"participation", "part", N_("En del av mötet")},
    {"participation", "heard", N_("Inte alls, men det jag säger tas med")},
    {"participation", "representative", N_("Någon annan pratar för mig")},
    {"participation", "letter", N_("Ett brev från mig läses upp")},
    {"setting", "undecided", N_("Jag vet inte, eller det spelar ingen roll")},
    {"setting", "physical", N_("I ett rum, tillsammans")},
    {"setting", "digital", N_("Med video på en skärm")},
    {"support_kind", "initiator", N_("Den som tog initiativet till mötet")},
    {"support_kind", "other_adult", N_("En annan vuxen som jag litar på")},
};

/* Error texts in the child's words, where the professionals' would speak of "the child". */
static const char *child_error(struct bp_ctx *c, const char *path, const char *code)
{
    if (strcmp(code, "letter_required") == 0)
        return T(N_("Skriv ditt brev, eller skriv var brevet finns."));
    return bp_field_error_text(c->lang, path, code);
}

/* The record `r` with only the fields in `words`, in their words (the same paths, limits and checks). */
static const struct bp_record_def *in_words(struct bp_ctx *c, const struct bp_record_def *r,
                                            const struct family_word *words, size_t n_words, bool share)
{
    struct bp_field_def *fs = bp_arena_alloc(&c->arena, r->n_fields * sizeof(*fs));
    struct bp_record_def *out = bp_arena_alloc(&c->arena, sizeof(*out));
    size_t i, j, n = 0;
    for (i = 0; i < r->n_fields; i++)
        for (j = 0; j < n_words; j++) {
            if (strcmp(words[j].name, r->fields[i].name) != 0 ||
                (!share && strcmp(words[j].name, "share_with_guardians") == 0))
                continue;
            fs[n] = r->fields[i];
            if (words[j].label) {
                fs[n].label = words[j].label;
                fs[n].hint = words[j].hint;
                fs[n].choice_hints = words[j].choice_hints;
            }
            n++;
        }
    *out = *r;
    out->fields = fs;
    out->n_fields = n;
    return out;
}

static size_t child_choices_of(struct bp_ctx *c, const struct bp_field_def *f, void *ud,
                               const struct bp_choice **out)
{
    const struct bp_family_prep_view *v = ud;
    struct bp_choice *ch =
        bp_arena_alloc(&c->arena, (v->c.n_guardians + BP_ARRAY_LEN(child_choices)) * sizeof(*ch));
    size_t i, n = 0;
    for (i = 0; f->kind == BP_FIELD_GUARDIAN && i < v->c.n_guardians; i++)
        ch[n++] = (struct bp_choice){bp_id_text(&c->arena, v->c.guardians[i].id), v->c.guardians[i].name};
    for (i = 0; f->choice_kind && i < BP_ARRAY_LEN(child_choices); i++)
        if (strcmp(child_choices[i].kind, f->choice_kind) == 0)
            ch[n++] = (struct bp_choice){child_choices[i].code, T(child_choices[i].label)};
    *out = n ? ch : NULL;
    return n;
}

static const char *choice_text(struct bp_ctx *c, const char *kind, const char *code, bool child)
{
    size_t i;
    for (i = 0; child && i < BP_ARRAY_LEN(child_choices); i++)
        if (strcmp(child_choices[i].kind, kind) == 0 && strcmp(child_choices[i].code, code) == 0)
            return T(child_choices[i].label);
    return bp_label(c->lang, kind, code);
}

/* ---- the page ---- */

/* The form of `r` ("form"), its five questions as a list with their pictures ("questions"), and the error
 * summary in the same words. */
static void set_form(struct bp_ctx *c, struct bp_tv *d, const struct bp_record_def *r,
                     const struct bp_form_src *src, const struct bp_field_errors *errs, void *ud)
{
    struct bp_arena *a = &c->arena;
    struct bp_tv *form = bp_form_view(c, r, src, errs, ud ? child_choices_of : NULL, ud);
    struct bp_tv *questions = bp_tv_list(a), *summary = bp_tv_list(a);
    size_t i;
    for (i = 0; i < r->n_fields; i++) {
        const struct bp_field_def *f = &r->fields[i];
        struct bp_tv *o = (struct bp_tv *)bp_tv_get(form, f->name);
        const char *code = errs ? bp_field_errors_find(errs, f->path) : NULL;
        if (code) {
            const char *msg =
                ud ? child_error(c, f->path, code) : bp_field_error_text(c->lang, f->path, code);
            char *id = bp_arena_strdup(a, f->path), *p;
            for (p = id; *p; p++)
                if (*p == '.')
                    *p = '-';
            bp_tv_set_str(a, o, "error", msg);
            bp_summary_add(c, summary, id, T(f->label), msg);
        }
        if (strncmp(f->name, "answers.q", 9) == 0) { /* a picture beside each question (V-3.5) */
            bp_tv_set_bool(a, o, f->name + 8, true);
            bp_tv_push(a, questions, o);
        }
    }
    bp_tv_set(a, form, "questions", questions);
    bp_tv_set(a, d, "form", form);
    bp_tv_set(a, d, "errors", summary);
    bp_tv_set_bool(a, d, "has_errors", errs && errs->count > 0);
}

/* The questions of record r that were answered, each with its answer and its picture's key ("q1"). */
static struct bp_tv *answers_tv(struct bp_ctx *c, const struct bp_record_def *r,
                                const char *const answers[BP_PREP_QUESTIONS])
{
    struct bp_arena *a = &c->arena;
    struct bp_tv *list = bp_tv_list(a);
    size_t i;
    for (i = 0; i < BP_PREP_QUESTIONS; i++) {
        const struct bp_field_def *f = bp_record_field(r, bp_arena_printf(a, "answers.q%zu", i + 1));
        struct bp_tv *qa = bp_tv_obj(a);
        if (!f || !answers[i] || !*answers[i])
            continue;
        bp_tv_set_str(a, qa, "question", T(f->label));
        bp_tv_set_str(a, qa, "answer", answers[i]);
        bp_tv_set_bool(a, qa, bp_prep_question_keys[i], true);
        bp_tv_push(a, list, qa);
    }
    return list;
}

/* The child's preparation as the member may see it (read only): the child's own once it is done, or what
 * R2 lets a guardian read; NULL when nothing of it is there to see (R7: no empty heading). */
static struct bp_tv *child_tv(struct bp_ctx *c, const struct bp_family_prep_view *v)
{
    struct bp_arena *a = &c->arena;
    const struct bp_child_prep *p = &v->child_prep.p;
    struct bp_tv *o = bp_tv_obj(a);
    bool answered = false, decided = v->sees_participation && p->participation != BP_PART_UNDECIDED;
    bool wishes = v->sees_wishes && (*p->wanted_participants || *p->place_wishes);
    bool letter = v->sees_letter && (*p->letter_text || *p->letter_note),
         record = v->sees_record && p->informed;
    size_t i;
    for (i = 0; i < BP_PREP_QUESTIONS; i++)
        answered |= v->sees_answers && *p->answers[i];
    if (!answered && !decided && !wishes && !letter && !record)
        return NULL;
    bp_tv_set(a, o, "answers", answers_tv(c, &bp_record_child_prep, p->answers));
    bp_tv_set_bool(a, o, "sees_answers", answered);
    bp_tv_set_bool(a, o, "shared", p->share_with_guardians);
    bp_tv_set_bool(a, o, "sees_participation", decided);
    bp_tv_set_str(a, o, "participation",
                  choice_text(c, "participation", bp_participation_codes[p->participation], v->is_child));
    if (p->participation == BP_PART_REPRESENTATIVE)
        bp_tv_set_str(a, o, "speaks_for", p->rep_name);
    bp_tv_set_str(a, o, "setting", choice_text(c, "setting", bp_setting_codes[p->setting], v->is_child));
    bp_tv_set_str(a, o, "support",
                  p->support_kind == BP_SUPPORT_OTHER_ADULT
                      ? bp_arena_printf(a, "%s (%s)", p->support_name, p->support_relation)
                      : choice_text(c, "support_kind", bp_support_kind_codes[p->support_kind], v->is_child));
    bp_tv_set_bool(a, o, "sees_wishes", wishes);
    bp_tv_set_str(a, o, "wanted_participants", p->wanted_participants);
    bp_tv_set_str(a, o, "place_wishes", p->place_wishes);
    bp_tv_set_bool(a, o, "sees_letter", letter);
    bp_tv_set_str(a, o, "letter_text", p->letter_text);
    bp_tv_set_str(a, o, "letter_note", p->letter_note);
    bp_tv_set_bool(a, o, "sees_record", record);
    bp_tv_set_str(a, o, "informed_on", p->informed ? bp_date_text(a, p->informed_on) : NULL);
    bp_tv_set_str(a, o, "how_informed", p->how_informed);
    bp_tv_set_bool(a, o, "done", p->done);
    return o;
}

/* A guardian's own answers (read only, once their preparation is done) and the professional's record of it.
 */
static struct bp_tv *own_tv(struct bp_ctx *c, const struct bp_family_prep_view *v)
{
    struct bp_arena *a = &c->arena;
    const struct bp_guardian_prep *p = &v->own_prep.p;
    struct bp_tv *o = bp_tv_obj(a);
    bp_tv_set(a, o, "answers", answers_tv(c, &bp_record_guardian_prep, p->answers));
    bp_tv_set_str(a, o, "informed_on", p->informed ? bp_date_text(a, p->informed_on) : NULL);
    bp_tv_set_bool(a, o, "done", p->done);
    return o;
}

/* The page: the form of the member who may still answer (as typed after a refusal), else what they see. */
static void render(struct bp_ctx *c, int status, const struct bp_family_prep_view *v, bool typed,
                   const struct bp_field_errors *errs)
{
    struct bp_arena *a = &c->arena;
    struct bp_tv *d = bp_tv_obj(a), *show = bp_tv_obj(a), *child;
    struct bp_child_prep_input rep = {0};
    struct bp_form_src src = {typed, NULL, NULL, NULL};
    const char *code = errs ? bp_field_errors_find(errs, v->is_child ? "prep" : "guardian_prep") : NULL;
    bp_tv_set_bool(a, show, "child_name", v->c.who.show[BP_FI_CHILD_NAME]);
    bp_tv_set(a, d, "show", show); /* family_summary */
    bp_tv_set_int(a, d, "case_id", v->c.kase.id);
    bp_tv_set_str(a, d, "given_name", v->c.child.given_name);
    bp_tv_set_str(a, d, "family_name", v->c.child.family_name);
    bp_tv_set_bool(a, d, "is_child", v->is_child);
    bp_tv_set_bool(a, d, "closed", v->c.kase.status != BP_CASE_OPEN);
    bp_tv_set_bool(a, d, "saved", status == 200 && strcmp(bp_form_get(&c->form, "saved"), "1") == 0);
    bp_tv_set_bool(a, d, "may_share", v->may_share);
    bp_tv_set_bool(a, d, "guardians_see", v->guardians_see);
    bp_tv_set_str(a, d, "initiator", v->c.kase.initiator_name);
    if (code)
        bp_tv_set_str(a, d, "case_error", bp_error_text(c->lang, code));
    if (v->child_may_answer) {
        const struct bp_child_prep *p = &v->child_prep.p;
        if (p->participation == BP_PART_REPRESENTATIVE) { /* the three the table does not keep */
            rep.rep_kind = bp_representative_kind_codes[p->rep_kind];
            rep.rep_guardian_id = bp_id_text(a, p->rep_guardian_id);
            rep.rep_name = p->rep_kind == BP_REP_OTHER_ADULT ? p->rep_name : "";
        }
        src.stored = v->has_child_prep ? p : NULL;
        src.input = &rep;
        set_form(c, d,
                 in_words(c, &bp_record_child_prep, child_words, BP_ARRAY_LEN(child_words), v->may_share),
                 &src, errs, (void *)v);
        bp_tv_set_bool(a, d, "child_form", true);
    } else if (v->guardian_may_answer) {
        src.stored = v->has_own_prep ? &v->own_prep.p : NULL;
        set_form(c, d,
                 in_words(c, &bp_record_guardian_prep, guardian_words, BP_ARRAY_LEN(guardian_words), false),
                 &src, errs, NULL);
        bp_tv_set_bool(a, d, "guardian_form", true);
    }
    if (v->has_child_prep && !v->child_may_answer && (child = child_tv(c, v)) != NULL)
        bp_tv_set(a, d, "child", child);
    if (v->has_own_prep && !v->guardian_may_answer)
        bp_tv_set(a, d, "own", own_tv(c, v));
    bp_tv_set(a, d, "page",
              bp_page_ctx(c, v->is_child ? N_("Inför mötet") : N_("Förberedelser inför mötet")));
    bp_render(c, status, "family_prep", d);
}

static bool load(struct bp_ctx *c, struct bp_family_prep_view *v)
{
    struct bp_audit audit;
    enum bp_err rc = bp_uc_family_prep(c->w->store, &c->arena, &c->actor, c->params[0], v, &audit);
    return bp_read_ok(c, rc, &audit);
}

void bp_h_family_prep(struct bp_ctx *c)
{
    struct bp_family_prep_view v;
    if (load(c, &v))
        render(c, 200, &v, false, NULL);
}

/* After a save: back to the page; a refusal with field errors: the form again as typed, beside each field. */
static void saved(struct bp_ctx *c, enum bp_err rc, const struct bp_field_errors *errs)
{
    struct bp_family_prep_view v;
    if (rc == BP_OK) {
        bp_redirect(c,
                    bp_arena_printf(&c->arena, "/family/cases/%lld/prep?saved=1", (long long)c->params[0]));
        return;
    }
    if ((rc != BP_ERR_INVALID && rc != BP_ERR_CONFLICT) || !errs->count) {
        bp_fail(c, rc);
        return;
    }
    if (load(c, &v))
        render(c, rc == BP_ERR_INVALID ? 422 : 409, &v, rc == BP_ERR_INVALID, errs);
}

void bp_h_family_prep_child(struct bp_ctx *c)
{
    struct bp_child_prep_input in = {0};
    struct bp_field_errors errs = {0};
    bp_form_read(c, in_words(c, &bp_record_child_prep, child_words, BP_ARRAY_LEN(child_words), true), &in);
    saved(c, bp_uc_family_child_prep_save(c->w->store, &c->arena, &c->actor, c->params[0], &in, &errs),
          &errs);
}

void bp_h_family_prep_guardian(struct bp_ctx *c)
{
    struct bp_guardian_prep_input in = {0};
    struct bp_field_errors errs = {0};
    bp_form_read(
        c, in_words(c, &bp_record_guardian_prep, guardian_words, BP_ARRAY_LEN(guardian_words), false), &in);
    saved(c, bp_uc_family_guardian_prep_save(c->w->store, &c->arena, &c->actor, c->params[0], &in, &errs),
          &errs);
}
