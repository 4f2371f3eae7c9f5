/* survey.c: the survey's pages (V-12.1-V-12.4): the public form a code opens (the child's with faces and
 * easy words, a guardian's), the case's invitations and the paper letter with a code and a QR code, and
 * the results as server-drawn bars and CSV, every count below five hidden. The public pages write no audit
 * entry and the access log names only the route. */
#include "pages/pages.h"
#include "domain/forms.h"

#define T(msgid) bp_tr(c->lang, msgid)

static const struct bp_record_def *form_of(enum bp_survey_respondent r)
{
    return r == BP_SURVEY_CHILD ? &bp_record_survey_child : &bp_record_survey_guardian;
}

/* The face for answer k (1..n) of a scale: its mouth's curve (16 frowns, 28 smiles); none for "don't know".
 */
static int face_mouth(size_t question, size_t k, size_t n)
{
    static const int faces[5] = {16, 19, 22, 25, 28};
    static const int change[3] = {16, 22, 28}, help[3] = {22, 25, 28};
    if (question == 3)
        return k <= 3 ? change[k - 1] : 0;
    if (question == 4)
        return k <= 3 ? help[k - 1] : 0;
    return k <= n ? faces[k - 1] : 0;
}

/* The chosen questions from the form's table: each a fieldset of radio buttons, a face beside each text. */
static struct bp_tv *questions_tv(struct bp_ctx *c, const struct bp_record_def *r,
                                  const struct bp_survey_input *in, const struct bp_field_errors *errs)
{
    struct bp_arena *a = &c->arena;
    struct bp_tv *list = bp_tv_list(a);
    size_t i, k;
    for (i = 0; i < BP_SURVEY_CHOSEN; i++) {
        const struct bp_field_def *f = &r->fields[i];
        struct bp_tv *q = bp_tv_obj(a), *opts = bp_tv_list(a);
        const char *err = bp_field_errors_find(errs, f->path);
        bp_tv_set_str(a, q, "id", bp_arena_printf(a, "survey-q%zu", i + 1));
        bp_tv_set_str(a, q, "name", f->path);
        bp_tv_set_str(a, q, "label", T(f->label));
        if (err)
            bp_tv_set_str(a, q, "error", bp_field_error_text(c->lang, f->path, err));
        for (k = 0; k < f->n_choices; k++) {
            struct bp_tv *o = bp_tv_obj(a);
            int mouth = face_mouth(i, k + 1, f->n_choices);
            bp_tv_set_str(a, o, "code", f->choices[k]);
            bp_tv_set_str(a, o, "label", bp_label(c->lang, f->choice_kind, f->choices[k]));
            bp_tv_set_bool(a, o, "selected", in && in->q[i] && strcmp(in->q[i], f->choices[k]) == 0);
            if (mouth)
                bp_tv_set_str(a, o, "mouth", bp_arena_printf(a, "M12 24 Q20 %d 28 24", mouth));
            bp_tv_set_str(a, o, "mood", mouth > 22 ? "happy" : mouth && mouth < 22 ? "sad" : "even");
            bp_tv_push(a, opts, o);
        }
        bp_tv_set(a, q, "options", opts);
        bp_tv_push(a, list, q);
    }
    return list;
}

/* The page to type a code on (also when a code was not found). */
static void code_page(struct bp_ctx *c, int status, const char *typed, bool not_found)
{
    struct bp_tv *d = bp_tv_obj(&c->arena);
    bp_tv_set_str(&c->arena, d, "code", typed ? typed : "");
    bp_tv_set_bool(&c->arena, d, "not_found", not_found);
    bp_render_page(c, "survey_code", N_("Enkät"), d);
    c->status = status;
}

/* The end: thanks, or this code has already answered (nothing stored then). */
static void done_page(struct bp_ctx *c, int status, bool already)
{
    struct bp_tv *d = bp_tv_obj(&c->arena);
    bp_tv_set_bool(&c->arena, d, "already", already);
    bp_render_page(c, "survey_done", already ? N_("Enkäten är redan besvarad") : N_("Tack för dina svar"), d);
    c->status = status;
}

static void form_page(struct bp_ctx *c, int status, const char *code, enum bp_survey_respondent who,
                      const struct bp_survey_input *in, const struct bp_field_errors *errs)
{
    struct bp_arena *a = &c->arena;
    const struct bp_record_def *r = form_of(who);
    const struct bp_form_src src = {.typed = in != NULL, .input = in};
    struct bp_tv *d = bp_tv_obj(a), *form = bp_form_view(c, r, &src, errs, NULL, NULL);
    bp_tv_set_str(a, d, "code", code);
    bp_tv_set_bool(a, d, "child", who == BP_SURVEY_CHILD);
    bp_tv_set(a, d, "questions", questions_tv(c, r, in, errs));
    bp_tv_set(a, d, "form", form);
    bp_tv_set_bool(a, d, "empty", bp_field_errors_find(errs, "survey") != NULL);
    bp_render_page(c, "survey",
                   who == BP_SURVEY_CHILD ? N_("Vad tycker du?") : N_("Vad tycker ni om hjälpen?"), d);
    c->status = status;
}

/* The result of a code that does not open the form. */
static void code_failed(struct bp_ctx *c, enum bp_err rc, const char *code)
{
    if (rc == BP_ERR_CONFLICT)
        done_page(c, 409, true); /* V-12.1: a code answers once */
    else if (rc == BP_ERR_NOT_FOUND)
        code_page(c, 404, code, true);
    else
        bp_fail(c, rc);
}

/* GET /survey: the page to type the code on, always empty. A link's or a QR code's code is after '#'
 * (/survey#kod=...), which is never sent (OWASP ASVS V14.2.1); static/code.js puts it into the form and
 * sends it. A code in the query is never read. */
void bp_h_survey_form(struct bp_ctx *c)
{
    code_page(c, 200, "", false);
}

void bp_survey_open_page(struct bp_ctx *c, const char *code)
{
    enum bp_survey_respondent who;
    enum bp_err rc;
    static const struct bp_field_errors none;
    if (!code || !*code) {
        code_page(c, 200, "", false);
        return;
    }
    rc = bp_uc_survey_open(c->w->store, &c->arena, code, &who);
    if (rc != BP_OK)
        code_failed(c, rc, code);
    else
        form_page(c, 200, code, who, NULL, &none);
}

/* POST /survey/code: the code in the body opens the form (nothing is used up: answering does that). */
void bp_h_survey_open(struct bp_ctx *c)
{
    bp_survey_open_page(c, bp_form_get(&c->form, "code"));
}

void bp_h_survey_answer(struct bp_ctx *c)
{
    const char *code = bp_form_get(&c->form, "code");
    struct bp_survey_input in = {0};
    struct bp_field_errors errs = {0};
    enum bp_survey_respondent who;
    enum bp_err rc;
    bp_form_read(c, &bp_record_survey_guardian, &in); /* the same names and input for both forms */
    rc = bp_uc_survey_answer(c->w->store, &c->arena, c->actor.now, code, &in, &who, &errs);
    if (rc == BP_OK)
        done_page(c, 200, false);
    else if (rc == BP_ERR_INVALID)
        form_page(c, 422, code, who, &in, &errs);
    else
        code_failed(c, rc, code);
}

/* ---- the case's invitations and letters ---- */

static const char *invitee_name(struct bp_ctx *c, const struct bp_survey_case *v,
                                const struct bp_survey_invitation *inv)
{
    size_t i;
    for (i = 0; i < v->n_guardians; i++)
        if (v->guardians[i].id == inv->guardian_id)
            return v->guardians[i].name;
    return inv->respondent == BP_SURVEY_CHILD ? T("Barnet") : "";
}

/* An invitation of the case's survey; ud: the case (the guardians' names). */
static void invitation_row(struct bp_ctx *c, struct bp_tv *o, const void *item, size_t i, void *ud)
{
    const struct bp_survey_invitation *inv = item;
    struct bp_arena *a = &c->arena;
    bp_tv_set_int(a, o, "id", inv->id);
    bp_tv_set_str(a, o, "who", invitee_name(c, ud, inv));
    bp_tv_set_str(a, o, "occasion",
                  bp_label(c->lang, "survey_occasion", bp_survey_occasion_codes[inv->occasion]));
    bp_tv_set_int(a, o, "version", inv->plan_version);
    bp_tv_set_str(a, o, "date", bp_time_text(a, inv->created_at));
    bp_tv_set_bool(a, o, "used", inv->used);
    bp_tv_set_bool(a, o, "has_code", inv->has_code);
}

void bp_h_survey_case(struct bp_ctx *c)
{
    struct bp_arena *a = &c->arena;
    struct bp_survey_case v;
    struct bp_audit audit;
    struct bp_tv *d;
    enum bp_err rc = bp_uc_survey_invitations(c->w->store, a, &c->actor, c->params[0], &v, &audit);
    if (bp_read_failed(c, rc, &audit))
        return;
    d = bp_tv_obj(a);
    bp_tv_set_int(a, d, "case_id", c->params[0]);
    bp_tv_set_str(a, d, "child_name", v.kase.child_name);
    bp_tv_set(a, d, "invitations",
              bp_tv_each(c, v.invitations, v.n_invitations, sizeof(*v.invitations), invitation_row, &v));
    bp_render_page(c, "survey_case", N_("Enkät till barnet och vårdnadshavarna"), d);
    bp_audit_then_respond(c, &audit);
}

void bp_letter_code(struct bp_ctx *c, struct bp_tv *d, const char *path, const char *code)
{
    struct bp_arena *a = &c->arena;
    int size = 0;
    /* the code after '#', never sent to the server (OWASP ASVS V14.2.1): static/code.js fills it in */
    const char *qr =
        bp_qr_svg_path(a, bp_arena_printf(a, "%s%s#kod=%s", bp_app_public_url(), path, code), &size);
    bp_tv_set_str(a, d, "address", bp_arena_printf(a, "%s%s", bp_app_public_url(), path));
    bp_tv_set_str(a, d, "code",
                  bp_arena_printf(a, "%.4s-%.4s-%.4s-%.4s", code, code + 4, code + 8, code + 12));
    bp_tv_set_str(a, d, "qr", qr ? qr : "");
    bp_tv_set_int(a, d, "qr_size", size);
}

void bp_h_survey_letter(struct bp_ctx *c)
{
    struct bp_arena *a = &c->arena;
    struct bp_survey_letter l;
    struct bp_tv *d;
    enum bp_err rc = bp_uc_survey_letter(c->w->store, a, &c->actor, c->params[0], c->params[1], &l);
    if (bp_failed(c, rc))
        return;
    d = bp_tv_obj(a);
    bp_tv_set_int(a, d, "case_id", c->params[0]);
    bp_tv_set_bool(a, d, "child", l.respondent == BP_SURVEY_CHILD);
    bp_letter_code(c, d, "/survey", l.code);
    bp_render_page(c, "survey_letter", N_("Brev med enkät"), d);
}

/* ---- the results (V-12.4) ---- */

/* The filter as asked for: ?org=&model=&quarter= (a value the actor may not use falls back in the use case).
 */
static void read_filter(struct bp_ctx *c, struct bp_survey_filter *f)
{
    const char *org = bp_form_get(&c->form, "org"), *model = bp_form_get(&c->form, "model");
    const char *quarter = bp_form_get(&c->form, "quarter");
    f->org_id = org ? strtoll(org, NULL, 10) : 0;
    f->model = model && *model ? BP_CODE_FIND(bp_model_codes, model) : -1;
    f->quarter = quarter ? quarter : "";
}

/* One question's cell for one kind of respondent: its answers with a bar each, or nothing below five. */
static struct bp_tv *cell_tv(struct bp_ctx *c, size_t q, const struct bp_survey_cell *cell)
{
    struct bp_arena *a = &c->arena;
    const struct bp_field_def *f = &bp_record_survey_guardian.fields[q];
    struct bp_tv *o = bp_tv_obj(a), *rows = bp_tv_list(a);
    size_t k;
    bp_tv_set_str(a, o, "label", T(f->label));
    bp_tv_set_bool(a, o, "shown", cell->shown);
    bp_tv_set_int(a, o, "n", cell->n);
    for (k = 0; cell->shown && k < f->n_choices; k++) {
        struct bp_tv *r = bp_tv_obj(a);
        bp_tv_set_str(a, r, "label", bp_label(c->lang, f->choice_kind, f->choices[k]));
        bp_tv_set_bool(a, r, "shown", cell->count_shown[k]);
        bp_tv_set_int(a, r, "count", cell->count[k]);
        bp_tv_set_int(a, r, "width", cell->count_shown[k] ? cell->count[k] * 200 / cell->n : 0);
        bp_tv_push(a, rows, r);
    }
    bp_tv_set(a, o, "answers", rows);
    return o;
}

static struct bp_tv *group_tv(struct bp_ctx *c, const struct bp_survey_report *r,
                              enum bp_survey_respondent who)
{
    struct bp_arena *a = &c->arena;
    const struct bp_survey_results *res = &r->results;
    struct bp_tv *o = bp_tv_obj(a), *qs = bp_tv_list(a), *comments = bp_tv_list(a);
    size_t q;
    for (q = 0; q < r->n_comments[who]; q++)
        bp_tv_push(a, comments, bp_tv_str(a, r->comments[who][q]));
    bp_tv_set(a, o, "comments", comments);
    bp_tv_set_bool(a, o, "has_comments", r->n_comments[who] > 0);
    bp_tv_set_str(a, o, "name", bp_label(c->lang, "survey_respondent", bp_survey_respondent_codes[who]));
    bp_tv_set_bool(a, o, "shown", res->total_shown[who]);
    bp_tv_set_int(a, o, "total", res->total[who]);
    for (q = 0; res->total_shown[who] && q < BP_SURVEY_CHOSEN; q++)
        bp_tv_push(a, qs, cell_tv(c, q, &res->cells[who][q]));
    bp_tv_set(a, o, "questions", qs);
    return o;
}

/* The filter's choices, each marked when chosen. */
static struct bp_tv *filter_tv(struct bp_ctx *c, const struct bp_survey_report *r)
{
    struct bp_arena *a = &c->arena;
    struct bp_tv *d = bp_tv_obj(a), *orgs = bp_tv_list(a), *models = bp_tv_list(a), *quarters = bp_tv_list(a);
    size_t i;
    bp_tv_set_bool(a, d, "region", r->region);
    bp_tv_set_bool(a, d, "region_selected", r->f.org_id == 0);
    for (i = 0; i < r->n_orgs; i++) {
        struct bp_tv *o = bp_tv_obj(a);
        bp_tv_set_int(a, o, "id", r->orgs[i].id);
        bp_tv_set_str(a, o, "name", r->orgs[i].name);
        bp_tv_set_bool(a, o, "selected", r->orgs[i].id == r->f.org_id);
        bp_tv_push(a, orgs, o);
    }
    for (i = 0; i < BP_MODEL_COUNT; i++) {
        struct bp_tv *o = bp_tv_obj(a);
        bp_tv_set_str(a, o, "code", bp_model_codes[i]);
        bp_tv_set_str(a, o, "name", bp_label(c->lang, "model", bp_model_codes[i]));
        bp_tv_set_bool(a, o, "selected", (int)i == r->f.model);
        bp_tv_push(a, models, o);
    }
    for (i = 0; i < r->n_quarters; i++) {
        struct bp_tv *o = bp_tv_obj(a);
        bp_tv_set_str(a, o, "code", r->quarters[i]);
        bp_tv_set_bool(a, o, "selected", strcmp(r->quarters[i], r->f.quarter) == 0);
        bp_tv_push(a, quarters, o);
    }
    bp_tv_set(a, d, "orgs", orgs);
    bp_tv_set(a, d, "models", models);
    bp_tv_set(a, d, "quarters", quarters);
    bp_tv_set_str(a, d, "query",
                  bp_arena_printf(a, "org=%lld&model=%s&quarter=%s", (long long)r->f.org_id,
                                  r->f.model >= 0 ? bp_model_codes[r->f.model] : "", r->f.quarter));
    return d;
}

/* The CSV: one line per kind of respondent, question and answer; a hidden count is an empty field. */
static void results_csv(struct bp_ctx *c, const struct bp_survey_report *r)
{
    size_t who, q, k;
    c->content_type = "text/csv; charset=utf-8";
    c->content_disposition = "attachment; filename=\"enkat.csv\"";
    bp_buf_adds(&c->body, "respondent,question,answer,count\r\n");
    for (who = 0; who < BP_SURVEY_RESPONDENT_COUNT; who++) {
        const char *rc = bp_survey_respondent_codes[who];
        if (r->results.total_shown[who])
            bp_buf_addf(&c->body, "%s,total,,%lld\r\n", rc, (long long)r->results.total[who]);
        else
            bp_buf_addf(&c->body, "%s,total,,\r\n", rc);
        for (q = 0; q < BP_SURVEY_CHOSEN; q++) {
            const struct bp_survey_cell *cell = &r->results.cells[who][q];
            size_t n;
            const char *const *codes = bp_survey_scale(q, &n);
            for (k = 0; k < n; k++) {
                bp_buf_addf(&c->body, "%s,%s,%s,", rc, bp_survey_question_keys[q], codes[k]);
                if (cell->count_shown[k])
                    bp_buf_addf(&c->body, "%lld", (long long)cell->count[k]);
                bp_buf_adds(&c->body, "\r\n");
            }
        }
    }
}

void bp_h_survey_results(struct bp_ctx *c)
{
    struct bp_arena *a = &c->arena;
    struct bp_survey_filter want;
    struct bp_survey_report r;
    struct bp_audit audit;
    struct bp_tv *d, *groups;
    const char *format = bp_form_get(&c->form, "format");
    enum bp_err rc;
    read_filter(c, &want);
    rc = bp_uc_survey_results(c->w->store, a, &c->actor, &want, &r, &audit);
    if (!bp_read_ok(c, rc, &audit))
        return;
    if (format && strcmp(format, "csv") == 0) {
        results_csv(c, &r);
        return;
    }
    d = bp_tv_obj(a);
    groups = bp_tv_list(a);
    bp_tv_push(a, groups, group_tv(c, &r, BP_SURVEY_CHILD));
    bp_tv_push(a, groups, group_tv(c, &r, BP_SURVEY_GUARDIAN));
    bp_tv_set(a, d, "filter", filter_tv(c, &r));
    bp_tv_set(a, d, "groups", groups);
    bp_render_page(c, "survey_results", N_("Enkätresultat"), d);
}
