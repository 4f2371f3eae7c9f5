/* audit_query.c: the audit search's query (user, child, case, action, from, to, offset) read into a filter,
 * for the administrator's page and the API alike. Must not search: app/app.c's bp_uc_audit_search does. */
#include <time.h>
#include "http/http.h"
#include "util/date.h"
#include "domain/form_inputs.h"

/* A day's first (`next_day` false) or last second, local time; 0 for no date. */
static int64_t day_edge(const char *text, bool next_day)
{
    struct bp_date d;
    struct tm tm;
    if (!bp_date_parse(text, &d))
        return 0;
    tm = (struct tm){.tm_year = d.y - 1900, .tm_mon = d.m - 1, .tm_mday = d.d + next_day, .tm_isdst = -1};
    return (int64_t)mktime(&tm) - next_day;
}

void bp_audit_filter_from_form(struct bp_ctx *c, struct bp_audit_filter *f)
{
    struct bp_audit_query q = {0};
    int64_t v;
    bp_form_read(c, &bp_record_audit_query, &q);
    memset(f, 0, sizeof(*f));
    if (bp_parse_int64(q.child, 1, INT64_MAX, &v))
        f->child_id = v;
    if (bp_parse_int64(q.case_id, 1, INT64_MAX, &v))
        f->case_id = v;
    if (*q.user)
        f->username = q.user;
    if (*q.action)
        f->action = q.action;
    f->from = day_edge(q.from, false);
    f->to = day_edge(q.to, true);
    /* the next page's link: not a field of the search */
    if (bp_parse_int64(bp_form_get(&c->form, "offset"), 0, 1000000000, &v))
        f->offset = (size_t)v;
    f->limit = 100;
}
