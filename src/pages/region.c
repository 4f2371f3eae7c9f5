/* region.c: what the region learns (V-12.4): /region, the process's measures and the survey's results as
 * aggregates, each a bar chart drawn by the server (SVG, no script) beside a table with its caption that
 * says the same in text, and /region.csv with the same counts. A count below five is hidden in both (the
 * use case hid it: this file only draws what it was given). */
#include "pages/pages.h"
#include "domain/forms.h"

#define T(msgid) bp_tr(c->lang, msgid)

#define CHART_ROW     24  /* px per bar */
#define CHART_BAR_MAX 240 /* px for the largest count */
#define MAX_CHARTS    (BP_REGION_MEASURE_COUNT + BP_SURVEY_RESPONDENT_COUNT * BP_SURVEY_CHOSEN)

/* One chart (and one block of the CSV): a measure, or one survey question for one kind of respondent. */
struct chart {
    const char *id, *title, *note; /* id: the CSV's measure ("steps", "survey.child.q1") */
    int64_t total;
    bool total_shown;
    size_t n;
    const int64_t *count;
    const bool *shown;
    const char *const *codes;
    const char **labels;
    const char *kept_label; /* the rule kept (V-6.1, K-4.3, on time): a sum of shown cells, or NULL */
    int64_t kept;
};

/* A label of the region's with the model's own word when one model is chosen ("meeting.kronoberg"). */
static const char *model_label(struct bp_ctx *c, const char *kind, const char *code, int model)
{
    if (model >= 0 && model < BP_MODEL_COUNT) {
        const char *key = bp_arena_printf(&c->arena, "%s.%s", code, bp_model_codes[model]);
        const char *l = bp_label(c->lang, kind, key);
        if (l != key)
            return l;
    }
    return bp_label(c->lang, kind, code);
}

static void measure_chart(struct bp_ctx *c, const struct bp_region_report *r, enum bp_region_measure m,
                          struct chart *ch)
{
    struct bp_arena *a = &c->arena;
    const char *code = bp_region_measure_codes[m];
    const char *kind = bp_arena_printf(a, "region_%s", code);
    const struct bp_region_dist *d = &r->dist[m];
    size_t i;
    *ch = (struct chart){.id = code,
                         .title = model_label(c, "region_measure", code, r->f.model),
                         .note = bp_label(c->lang, "region_note", code),
                         .total = d->total,
                         .total_shown = d->total_shown,
                         .count = d->count,
                         .shown = d->shown};
    ch->codes = bp_region_cells(m, &ch->n);
    ch->labels = bp_arena_alloc(a, ch->n * sizeof(*ch->labels));
    for (i = 0; i < ch->n; i++)
        ch->labels[i] = model_label(c, kind, ch->codes[i], r->f.model);
    if (bp_region_group(d, bp_region_kept_mask(m), &ch->kept))
        ch->kept_label = bp_label(c->lang, "region_kept", code);
}

static void survey_chart(struct bp_ctx *c, const struct bp_survey_results *res, size_t who, size_t q,
                         struct chart *ch)
{
    struct bp_arena *a = &c->arena;
    const struct bp_field_def *f = &bp_record_survey_guardian.fields[q];
    const struct bp_survey_cell *cell = &res->cells[who][q];
    size_t i;
    *ch = (struct chart){
        .id = bp_arena_printf(a, "survey.%s.%s", bp_survey_respondent_codes[who], bp_survey_question_keys[q]),
        .title = bp_arena_printf(a, "%s: %s",
                                 bp_label(c->lang, "survey_respondent", bp_survey_respondent_codes[who]),
                                 T(f->label)),
        .total = cell->n,
        .total_shown = cell->shown,
        .count = cell->count,
        .shown = cell->count_shown};
    ch->codes = bp_survey_scale(q, &ch->n);
    ch->labels = bp_arena_alloc(a, ch->n * sizeof(*ch->labels));
    for (i = 0; i < ch->n; i++)
        ch->labels[i] = bp_label(c->lang, f->choice_kind, f->choices[i]);
}

static size_t all_charts(struct bp_ctx *c, const struct bp_region_report *r, struct chart *out)
{
    size_t n = 0, m, who, q;
    for (m = 0; m < BP_REGION_MEASURE_COUNT; m++)
        measure_chart(c, r, (enum bp_region_measure)m, &out[n++]);
    for (who = 0; who < BP_SURVEY_RESPONDENT_COUNT; who++)
        for (q = 0; q < BP_SURVEY_CHOSEN; q++)
            survey_chart(c, &r->survey, who, q, &out[n++]);
    return n;
}

/* The chart's rows with their bars' geometry (the largest shown count fills CHART_BAR_MAX). */
static struct bp_tv *chart_tv(struct bp_ctx *c, const struct chart *ch)
{
    struct bp_arena *a = &c->arena;
    struct bp_tv *o = bp_tv_obj(a), *rows = bp_tv_list(a);
    int64_t max = 0;
    size_t i;
    for (i = 0; i < ch->n; i++)
        if (ch->shown[i] && ch->count[i] > max)
            max = ch->count[i];
    for (i = 0; i < ch->n; i++) {
        struct bp_tv *row = bp_tv_obj(a);
        int64_t width = ch->shown[i] && max > 0 ? ch->count[i] * CHART_BAR_MAX / max : 0;
        bp_tv_set_str(a, row, "label", ch->labels[i]);
        bp_tv_set_bool(a, row, "shown", ch->shown[i]);
        bp_tv_set_int(a, row, "count", ch->count[i]);
        bp_tv_set_int(a, row, "y", (int64_t)i * CHART_ROW + 4);
        bp_tv_set_int(a, row, "ty", (int64_t)i * CHART_ROW + 17);
        bp_tv_set_int(a, row, "width", width);
        bp_tv_set_int(a, row, "tx", 266 + width);
        bp_tv_push(a, rows, row);
    }
    bp_tv_set_str(a, o, "id", ch->id);
    bp_tv_set_str(a, o, "anchor", bp_arena_printf(a, "m-%s", ch->id));
    bp_tv_set_str(a, o, "title", ch->title);
    if (ch->note && strcmp(ch->note, ch->id) != 0)
        bp_tv_set_str(a, o, "note", ch->note);
    bp_tv_set_bool(a, o, "shown", ch->total_shown);
    bp_tv_set_int(a, o, "total", ch->total);
    bp_tv_set_int(a, o, "height", (int64_t)ch->n * CHART_ROW + 8);
    bp_tv_set(a, o, "rows", rows);
    if (ch->kept_label) {
        bp_tv_set_str(a, o, "kept_label", ch->kept_label);
        bp_tv_set_int(a, o, "kept", ch->kept);
    }
    return o;
}

static void option(struct bp_arena *a, struct bp_tv *list, const char *code, const char *name, bool selected)
{
    struct bp_tv *o = bp_tv_obj(a);
    bp_tv_set_str(a, o, "code", code);
    bp_tv_set_str(a, o, "name", name);
    bp_tv_set_bool(a, o, "selected", selected);
    bp_tv_push(a, list, o);
}

/* The filter's choices: the organisations the reader may choose, the models, the last five years and
 * their quarters. */
static struct bp_tv *filter_tv(struct bp_ctx *c, const struct bp_region_report *r)
{
    struct bp_arena *a = &c->arena;
    struct bp_tv *d = bp_tv_obj(a), *orgs = bp_tv_list(a), *models = bp_tv_list(a), *periods = bp_tv_list(a);
    int year = bp_actor_today(&c->actor).y, y, q;
    size_t i;
    if (r->region)
        option(a, orgs, "0", T(N_("Hela regionen")), r->f.org_id == 0);
    for (i = 0; i < r->n_orgs; i++)
        option(a, orgs, bp_arena_printf(a, "%lld", (long long)r->orgs[i].id), r->orgs[i].name,
               r->orgs[i].id == r->f.org_id);
    option(a, models, "", T(N_("Båda")), r->f.model < 0);
    for (i = 0; i < BP_MODEL_COUNT; i++)
        option(a, models, bp_model_codes[i], bp_label(c->lang, "model", bp_model_codes[i]),
               (int)i == r->f.model);
    option(a, periods, "", T(N_("Hela tiden")), r->period[0] == '\0');
    for (y = year; y > year - 5; y--) {
        const char *code = bp_arena_printf(a, "%d", y);
        option(a, periods, code, code, strcmp(code, r->period) == 0);
        for (q = 4; q >= 1; q--) {
            code = bp_arena_printf(a, "%d-Q%d", y, q);
            option(a, periods, code, code, strcmp(code, r->period) == 0);
        }
    }
    bp_tv_set(a, d, "orgs", orgs);
    bp_tv_set(a, d, "models", models);
    bp_tv_set(a, d, "periods", periods);
    bp_tv_set_str(a, d, "query",
                  bp_arena_printf(a, "org=%lld&model=%s&period=%s", (long long)r->f.org_id,
                                  r->f.model >= 0 ? bp_model_codes[r->f.model] : "", r->period));
    return d;
}

/* ?org=&model=&period= as asked for; what the reader may not use falls back in the use case. Without a
 * period, this year's (every date is one choice away, "period=", and costs more on a large region). */
static enum bp_err report(struct bp_ctx *c, struct bp_region_report *r, struct bp_audit *audit)
{
    const char *org = bp_form_get(&c->form, "org"), *model = bp_form_get(&c->form, "model");
    const struct bp_form_field *period = bp_form_field(&c->form, "period");
    struct bp_region_want want = {
        .org_id = org ? strtoll(org, NULL, 10) : 0,
        .model = model && *model ? BP_CODE_FIND(bp_model_codes, model) : -1,
        .period = period ? period->value : bp_arena_printf(&c->arena, "%d", bp_actor_today(&c->actor).y)};
    return bp_uc_region_report(c->w->store, &c->arena, &c->actor, &want, r, audit);
}

void bp_h_region(struct bp_ctx *c)
{
    struct bp_arena *a = &c->arena;
    struct bp_region_report r;
    struct bp_audit audit;
    struct chart charts[MAX_CHARTS];
    struct bp_tv *d, *measures, *survey;
    size_t n, i;
    if (!bp_read_ok(c, report(c, &r, &audit), &audit))
        return;
    n = all_charts(c, &r, charts);
    d = bp_tv_obj(a);
    measures = bp_tv_list(a);
    survey = bp_tv_list(a);
    for (i = 0; i < n; i++)
        bp_tv_push(a, i < BP_REGION_MEASURE_COUNT ? measures : survey, chart_tv(c, &charts[i]));
    bp_tv_set(a, d, "filter", filter_tv(c, &r));
    bp_tv_set(a, d, "measures", measures);
    bp_tv_set(a, d, "survey", survey);
    bp_tv_set_bool(a, d, "survey_shown", r.survey.total_shown[0] || r.survey.total_shown[1]);
    bp_render_page(c, "region", N_("Statistik: vad vi lär oss"), d);
}

/* The CSV: measure,cell,count; each measure's total first; a hidden count is an empty field. */
void bp_h_region_csv(struct bp_ctx *c)
{
    struct bp_region_report r;
    struct bp_audit audit;
    struct chart charts[MAX_CHARTS];
    size_t n, i, k;
    if (!bp_read_ok(c, report(c, &r, &audit), &audit))
        return;
    n = all_charts(c, &r, charts);
    c->content_type = "text/csv; charset=utf-8";
    c->content_disposition = "attachment; filename=\"statistik.csv\"";
    bp_buf_adds(&c->body, "measure,cell,count\r\n");
    for (i = 0; i < n; i++) {
        const struct chart *ch = &charts[i];
        bp_buf_addf(&c->body, "%s,total,", ch->id);
        if (ch->total_shown)
            bp_buf_addf(&c->body, "%lld", (long long)ch->total);
        bp_buf_adds(&c->body, "\r\n");
        for (k = 0; k < ch->n; k++) {
            bp_buf_addf(&c->body, "%s,%s,", ch->id, ch->codes[k]);
            if (ch->total_shown && ch->shown[k])
                bp_buf_addf(&c->body, "%lld", (long long)ch->count[k]);
            bp_buf_adds(&c->body, "\r\n");
        }
    }
}
