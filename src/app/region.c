/* region.c: what the region learns (V-12.4): the heads of organisations and regional staff read the
 * process's measures as aggregates, every count below five hidden, with the survey's results for the same
 * filter. The store counts groups in SQL; the domain puts them in cells and hides (domain/region.c). The
 * read is audited as the reader's read of "region_statistics" with the organisation, never a case: no case
 * is read as such. Must not hand anything of a single case to the layers above. */
#include "app/app_impl.h"

/* The survey's results over the period's quarters (every quarter for every date): the patterns of each
 * quarter added up before anything is hidden. */
static enum bp_err survey_results(struct bp_store *s, struct bp_arena *a, const struct bp_region_filter *f,
                                  struct bp_survey_results *out)
{
    struct bp_survey_pattern *all = NULL;
    size_t n_all = 0, i, k;
    enum bp_err rc = BP_OK;
    size_t n_q = f->period.all ? 1 : f->period.n_quarters;
    for (i = 0; i < n_q && rc == BP_OK; i++) {
        struct bp_survey_filter sf = {
            .org_id = f->org_id, .model = f->model, .quarter = f->period.all ? "" : f->period.quarters[i]};
        struct bp_survey_pattern *p, *grown;
        size_t n;
        if ((rc = bp_survey_patterns(s, a, &sf, &p, &n)) != BP_OK || n == 0)
            continue;
        grown = bp_arena_alloc(a, (n_all + n) * sizeof(*grown));
        for (k = 0; k < n_all; k++)
            grown[k] = all[k];
        for (k = 0; k < n; k++)
            grown[n_all + k] = p[k];
        all = grown;
        n_all += n;
    }
    if (rc == BP_OK)
        bp_survey_aggregate(all, n_all, out);
    return rc;
}

/* The filter the actor may use: an organisation of theirs (else the region's, or their first), a model,
 * a period that parses (else every date). */
static void apply_filter(const struct bp_actor *actor, const struct bp_region_want *want,
                         struct bp_region_report *out)
{
    size_t i;
    struct bp_region_filter *f = &out->f;
    f->model = want->model >= 0 && want->model < BP_MODEL_COUNT ? want->model : -1;
    for (i = 0; i < out->n_orgs && out->orgs[i].id != want->org_id; i++)
        ;
    f->org_id = i < out->n_orgs ? want->org_id : out->region ? 0 : out->orgs[0].id;
    out->period = want->period ? want->period : "";
    if (!bp_region_period_parse(out->period, &f->period)) {
        out->period = "";
        (void)bp_region_period_parse(out->period, &f->period);
    }
    f->today = bp_date_today(actor->now);
    if (!f->period.all) {
        f->from_at = bp_app_local_to_unix(f->period.from, 0);
        f->to_at = bp_app_local_to_unix(f->period.to, 0);
    }
}

enum bp_err bp_uc_region_report(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                const struct bp_region_want *want, struct bp_region_report *out,
                                struct bp_audit *audit)
{
    struct bp_region_count *c = NULL;
    size_t n = 0, m;
    enum bp_err rc;
    memset(out, 0, sizeof(*out));
    if ((rc = bp_app_stats_open(s, a, actor, "region_statistics", audit, &out->region, &out->orgs,
                                &out->n_orgs)) != BP_OK)
        return rc;
    apply_filter(actor, want, out);
    audit->org_id = out->f.org_id;
    audit->detail = out->period[0] ? out->period : NULL;
    for (m = 0; m < BP_REGION_MEASURE_COUNT && rc == BP_OK; m++) {
        /* the child's two measures come from one query */
        if (m != BP_REGION_CHILD_HOW &&
            (rc = bp_region_counts(s, a, (enum bp_region_measure)m, &out->f, &c, &n)) != BP_OK)
            break;
        bp_region_tally((enum bp_region_measure)m, c, n, &out->dist[m]);
    }
    return rc == BP_OK ? survey_results(s, a, &out->f, &out->survey) : rc;
}
