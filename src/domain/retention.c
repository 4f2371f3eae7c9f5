/* retention.c: how long a closed case is kept and what is kept of it (retention.h; issue 9 item 8). */
#include "util/common.h"
#include "domain/retention.h"
#include "domain/deadline.h"
#include "domain/survey.h" /* the quarter */

const char *const bp_stat_deadline_codes[4] = {NULL, "met", "exception", "missed"};

int64_t bp_retention_until(int64_t closed_at, int days)
{
    return closed_at + (int64_t)days * 86400;
}

bool bp_retention_due(int64_t closed_at, int days, int64_t now)
{
    return days >= 0 && bp_retention_until(closed_at, days) <= now;
}

/* The case's first plan meeting that was not cancelled (held, or still planned), or NULL. */
static const struct bp_meeting *first_plan_meeting(const struct bp_meeting *ms, size_t n)
{
    const struct bp_meeting *first = NULL;
    size_t i;
    for (i = 0; i < n; i++)
        if (ms[i].kind == BP_MEETING_PLAN && ms[i].status != BP_MEETING_CANCELLED &&
            (!first || ms[i].starts_at < first->starts_at))
            first = &ms[i];
    return first;
}

void bp_case_statistic_of(const struct bp_case *k, struct bp_date closed_on, enum bp_closure_reason reason,
                          const struct bp_meeting *meetings, size_t n_meetings, int64_t plan_versions,
                          int64_t followups, const int64_t *orgs, size_t n_orgs,
                          struct bp_case_statistic *out)
{
    const struct bp_meeting *m = first_plan_meeting(meetings, n_meetings);
    struct bp_date noticed = {0};
    bool has_noticed = k->noticed_on && bp_date_parse(k->noticed_on, &noticed);
    size_t i;

    memset(out, 0, sizeof(*out));
    out->model = k->model;
    out->route = k->route;
    if (has_noticed)
        bp_survey_quarter(noticed, out->noticed_quarter);
    bp_survey_quarter(closed_on, out->closed_quarter);
    out->reason = reason;
    out->days_to_first_meeting = -1;
    out->deadline = BP_STAT_DEADLINE_NONE;
    if (m && has_noticed) {
        struct bp_date invited = m->invitation_sent_at ? m->invited_on : m->date;
        struct bp_deadline d = bp_deadline_meeting(k->model, noticed, invited, m->date,
                                                   m->deadline_reason && *m->deadline_reason);
        out->days_to_first_meeting = bp_days_between(noticed, m->date);
        out->deadline = d.status == BP_DEADLINE_OK          ? BP_STAT_DEADLINE_MET
                        : d.status == BP_DEADLINE_EXCEPTION ? BP_STAT_DEADLINE_EXCEPTION
                                                            : BP_STAT_DEADLINE_MISSED;
    }
    out->plan_versions = plan_versions;
    out->followups = followups;
    for (i = 0; i < n_orgs && i < BP_MAX_CASE_ORGS; i++)
        out->orgs[out->n_orgs++] = orgs[i];
}
