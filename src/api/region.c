/* region.c: the JSON API of what the region learns (V-12.4): GET /api/v1/region (the process's measures
 * and the survey's results, as /region shows them) and GET /api/v1/survey/results (the survey's results,
 * as /survey/results). Each validates its filter (a JSON error names the field), calls the page's use case
 * (app/region.c, app/survey.c: the same access rule, fallback and audit entry) and answers the aggregates
 * it was given: a hidden count is null with "hidden": true, never its value. Must not count or hide
 * anything itself. */
#include <jansson.h>
#include "api/api.h"

/* A count as the page shows it: the number, or null and hidden. */
static void set_count(json_t *o, const char *key, int64_t n, bool shown)
{
    json_object_set_new(o, key, shown ? json_integer(n) : json_null());
    json_object_set_new(o, "hidden", json_boolean(!shown));
}

static json_t *measure_json(const struct bp_region_dist *d, enum bp_region_measure m)
{
    json_t *o = json_object(), *cells = json_array();
    size_t n, i;
    const char *const *codes = bp_region_cells(m, &n);
    int64_t kept;
    json_object_set_new(o, "measure", json_string(bp_region_measure_codes[m]));
    set_count(o, "total", d->total, d->total_shown);
    for (i = 0; i < n; i++) {
        json_t *cell = json_pack("{s:s}", "cell", codes[i]);
        set_count(cell, "count", d->count[i], d->total_shown && d->shown[i]);
        json_array_append_new(cells, cell);
    }
    json_object_set_new(o, "cells", cells);
    /* V-6.1, K-4.3, on time: the sum of the cells the rule kept, only when each of them is shown */
    json_object_set_new(o, "kept",
                        bp_region_group(d, bp_region_kept_mask(m), &kept) ? json_integer(kept) : json_null());
    return o;
}

/* The survey's results per kind of respondent, question and answer; comments (q7) when given. */
static json_t *survey_json(const struct bp_survey_results *res, const char **const *comments,
                           const size_t *n_comments)
{
    json_t *list = json_array();
    size_t who, q, k, n;
    for (who = 0; who < BP_SURVEY_RESPONDENT_COUNT; who++) {
        json_t *o = json_pack("{s:s}", "respondent", bp_survey_respondent_codes[who]), *qs = json_array();
        set_count(o, "total", res->total[who], res->total_shown[who]);
        for (q = 0; q < BP_SURVEY_CHOSEN; q++) {
            const struct bp_survey_cell *cell = &res->cells[who][q];
            const char *const *codes = bp_survey_scale(q, &n);
            bool shown = res->total_shown[who] && cell->shown;
            json_t *qo = json_pack("{s:s}", "question", bp_survey_question_keys[q]), *answers = json_array();
            set_count(qo, "answered", cell->n, shown);
            for (k = 0; k < n; k++) {
                json_t *a = json_pack("{s:s}", "answer", codes[k]);
                set_count(a, "count", cell->count[k], shown && cell->count_shown[k]);
                json_array_append_new(answers, a);
            }
            json_object_set_new(qo, "answers", answers);
            json_array_append_new(qs, qo);
        }
        json_object_set_new(o, "questions", qs);
        if (comments) {
            json_t *texts = json_array();
            for (k = 0; k < n_comments[who]; k++)
                json_array_append_new(texts, json_string(comments[who][k]));
            json_object_set_new(o, "comments", texts);
        }
        json_array_append_new(list, o);
    }
    return list;
}

/* The filter as applied, and the organisations the reader may choose (region: the whole region too). */
static json_t *scope_json(int64_t org_id, int model, bool region, const struct bp_org *orgs, size_t n_orgs)
{
    json_t *o = json_object(), *list = json_array();
    size_t i;
    json_object_set_new(o, "org_id", json_integer(org_id));
    json_object_set_new(o, "model", model >= 0 ? json_string(bp_model_codes[model]) : json_null());
    json_object_set_new(o, "region", json_boolean(region));
    for (i = 0; i < n_orgs; i++)
        json_array_append_new(list,
                              json_pack("{s:I, s:s}", "id", (json_int_t)orgs[i].id, "name", orgs[i].name));
    json_object_set_new(o, "organisations", list);
    return o;
}

/* ?org= and ?model= as the pages take them, validated: an organisation's id (0: the region), a model's
 * code ("" or none: both). False when one is wrong, the answer made. */
static bool org_and_model(struct bp_ctx *c, int64_t *org_id, int *model)
{
    const char *org = bp_form_get(&c->form, "org"), *m = bp_form_get(&c->form, "model");
    *org_id = 0;
    *model = *m ? BP_CODE_FIND(bp_model_codes, m) : -1;
    if (*org && !bp_parse_int64(org, 0, INT64_MAX, org_id)) {
        bp_api_bad(c, "org", "invalid");
        return false;
    }
    if (*m && *model < 0) {
        bp_api_bad(c, "model", "choice");
        return false;
    }
    return true;
}

/* GET /api/v1/region?org=&model=&period=: as /region (without a period, this year's; "period=" every
 * date), every measure and the survey's results. */
void bp_h_api_region(struct bp_ctx *c)
{
    const struct bp_form_field *period = bp_form_field(&c->form, "period");
    struct bp_region_want want = {0};
    struct bp_region_period parsed;
    struct bp_region_report r;
    struct bp_audit audit;
    json_t *o, *measures;
    size_t m;
    if (!org_and_model(c, &want.org_id, &want.model))
        return;
    want.period = period ? period->value : bp_arena_printf(&c->arena, "%d", bp_actor_today(&c->actor).y);
    if (!bp_region_period_parse(want.period, &parsed)) {
        bp_api_bad(c, "period", "invalid");
        return;
    }
    if (bp_read_failed(c, bp_uc_region_report(c->w->store, &c->arena, &c->actor, &want, &r, &audit), &audit))
        return;
    o = scope_json(r.f.org_id, r.f.model, r.region, r.orgs, r.n_orgs);
    json_object_set_new(o, "period", json_string(r.period));
    measures = json_array();
    for (m = 0; m < BP_REGION_MEASURE_COUNT; m++)
        json_array_append_new(measures, measure_json(&r.dist[m], (enum bp_region_measure)m));
    json_object_set_new(o, "measures", measures);
    json_object_set_new(o, "survey", survey_json(&r.survey, NULL, NULL));
    bp_json_audited(c, o, &audit);
}

/* GET /api/v1/survey/results?org=&model=&quarter=: as /survey/results ("" or none: every quarter). */
void bp_h_api_survey_results(struct bp_ctx *c)
{
    struct bp_survey_filter want = {0};
    struct bp_survey_report r;
    struct bp_audit audit;
    json_t *o, *quarters;
    size_t i;
    if (!org_and_model(c, &want.org_id, &want.model))
        return;
    want.quarter = bp_form_get(&c->form, "quarter");
    if (*want.quarter && !bp_survey_quarter_valid(want.quarter)) {
        bp_api_bad(c, "quarter", "invalid");
        return;
    }
    if (bp_read_failed(c, bp_uc_survey_results(c->w->store, &c->arena, &c->actor, &want, &r, &audit), &audit))
        return;
    o = scope_json(r.f.org_id, r.f.model, r.region, r.orgs, r.n_orgs);
    json_object_set_new(o, "quarter", json_string(r.f.quarter));
    quarters = json_array();
    for (i = 0; i < r.n_quarters; i++)
        json_array_append_new(quarters, json_string(r.quarters[i]));
    json_object_set_new(o, "quarters", quarters);
    json_object_set_new(o, "respondents",
                        survey_json(&r.results, (const char **const *)r.comments, r.n_comments));
    bp_json_audited(c, o, &audit);
}
