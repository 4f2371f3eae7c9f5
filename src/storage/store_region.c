/* store_region.c: what the region learns (store.h; V-12.4): one grouped query per measure, so that the
 * database counts and only a few rows per group leave it, however many cases there are (no case is loaded).
 * Each row is (code, code2, a, b, n): domain/region.c puts the groups in their cells and hides the small
 * ones. Must not return anything of a single case: every row is a COUNT(*) of a group.
 *
 * Dates are 'YYYY-MM-DD' text on both backends, and neither shares a date function with the other, so a
 * day's number is worked out with integer arithmetic both do alike (DAYNUM, the proleptic Gregorian
 * calendar; only differences of two are used).
 *
 * A purged case (`barnplan purge`, app/purge.c) is counted from what it left: its anonymous row in
 * case_statistics (organisations in case_statistic_orgs) for the steps, the first meeting and closures,
 * and its groups in case_statistic_groups (migration 022, kept by bp_case_statistic_groups_add with the
 * same SQL as the live count) for the others. Each measure has a UNION ALL of the same groups from them,
 * filtered alike (organisation, model, the period by quarter: a period is a year or a quarter, so comparing
 * quarters is exact), so that live and purged cases are added up before anything is hidden
 * (docs/architecture.md, "When cases are purged"). */
#include "storage/store_impl.h"

#define YEAR_(x)  "CAST(SUBSTR(" x ", 1, 4) AS INTEGER)"
#define MONTH_(x) "CAST(SUBSTR(" x ", 6, 2) AS INTEGER)"
#define DAY_(x)   "CAST(SUBSTR(" x ", 9, 2) AS INTEGER)"
/* The year and month counted from March, so that the leap day ends the year. */
#define YM_(x) "(" YEAR_(x) " - CASE WHEN " MONTH_(x) " <= 2 THEN 1 ELSE 0 END)"
#define MM_(x) "(CASE WHEN " MONTH_(x) " > 2 THEN " MONTH_(x) " - 3 ELSE " MONTH_(x) " + 9 END)"
#define DAYNUM(x)                                                                                            \
    "(365 * " YM_(x) " + " YM_(x) " / 4 - " YM_(x) " / 100 + " YM_(x) " / 400 + (153 * " MM_(                \
        x) " + 2) / 5 + " DAY_(x) ")"

/* The cases the filter takes (alias c): the organisation's (0: all), the model's ('': both); then the
 * period on a date column. Their parameters: FILTER_PARAMS. */
#define CASE_WHERE                                                                                           \
    "(? = 0 OR EXISTS (SELECT 1 FROM case_orgs o WHERE o.case_id = c.id AND o.org_id = ?)) "                 \
    "AND (? = '' OR c.model = ?) "
#define PERIOD(col) "AND (? = '' OR " col " >= ?) AND (? = '' OR " col " < ?) "
/* The purged cases the filter takes (alias s), the same way; the period on a quarter column. Their
 * parameters: FILTER_PARAMS with the period's quarters. */
#define STAT_WHERE                                                                                           \
    "(? = 0 OR EXISTS (SELECT 1 FROM case_statistic_orgs o WHERE o.statistic_id = s.id AND o.org_id = ?)) "  \
    "AND (? = '' OR s.model = ?) "
/* The first day of a quarter column ('2026-Q3' -> '2026-07-01'). */
#define QUARTER_START(q)                                                                                     \
    "(SUBSTR(" q ", 1, 4) || CASE SUBSTR(" q ", 7, 1) WHEN '1' THEN '-01-01' WHEN '2' THEN '-04-01' "        \
    "WHEN '3' THEN '-07-01' ELSE '-10-01' END)"
#define FILTER_PARAMS(f, model, from, to)                                                                    \
    p_int((f)->org_id), p_int((f)->org_id), p_text(model), p_text(model), p_text(from), p_text(from),        \
        p_text(to), p_text(to)

/* V-0.10: the step each case is at, as bits (domain/region.h) grouped; a purged case is closed. */
static struct bp_sql q_steps = {
    "SELECT '', '', x.flags, 0, COUNT(*) FROM (SELECT "
    "(CASE WHEN c.status = 'closed' THEN 1 ELSE 0 END) "
    "+ (CASE WHEN EXISTS (SELECT 1 FROM meetings m WHERE m.case_id = c.id AND m.kind = 'followup' "
    "AND m.status = 'held') THEN 2 ELSE 0 END) "
    "+ (CASE WHEN EXISTS (SELECT 1 FROM plans p WHERE p.case_id = c.id AND p.status <> 'draft') "
    "THEN 4 ELSE 0 END) "
    "+ (CASE WHEN EXISTS (SELECT 1 FROM meetings m WHERE m.case_id = c.id AND m.kind = 'plan' "
    "AND m.status = 'held') THEN 8 ELSE 0 END) "
    "+ (CASE WHEN EXISTS (SELECT 1 FROM meetings m WHERE m.case_id = c.id AND m.kind <> 'followup' "
    "AND m.status <> 'cancelled') THEN 16 ELSE 0 END) "
    "+ (CASE WHEN EXISTS (SELECT 1 FROM guardian_preps g WHERE g.case_id = c.id AND g.done = 1) "
    "THEN 32 ELSE 0 END) "
    "+ (CASE WHEN EXISTS (SELECT 1 FROM child_preps p WHERE p.case_id = c.id AND p.done = 1) "
    "THEN 64 ELSE 0 END) AS flags "
    "FROM cases c WHERE " CASE_WHERE PERIOD("c.noticed_on") "UNION ALL SELECT 1 FROM case_statistics s "
                                                            "WHERE " STAT_WHERE PERIOD(
                                                                "s.noticed_quarter") ") x GROUP BY x.flags"};

/* V-6.1: from the need noticed to the first plan meeting held (or to today when none is), for the cases
 * noticed in the period. The days are worked out once per pair of dates, after counting. */
#define FIRST_MEETING_LIVE                                                                                   \
    "SELECT x.h, " DAYNUM("x.d") " - " DAYNUM(                                                               \
        "x.noticed_on") " AS days, x.n FROM (SELECT y.noticed_on, "                                          \
                        "CASE WHEN y.held IS NULL THEN 0 ELSE 1 END AS h, COALESCE(y.held, ?) AS d, "        \
                        "COUNT(*) AS n FROM "                                                                \
                        "(SELECT c.noticed_on, (SELECT MIN(m.meeting_date) FROM meetings m WHERE m.case_id " \
                        "= c.id "                                                                            \
                        "AND m.kind = 'plan' AND m.status = 'held') AS held FROM cases c WHERE "             \
                        "c.noticed_on IS NOT NULL "                                                          \
                        "AND " CASE_WHERE PERIOD("c.noticed_on") ") y GROUP BY 1, 2, 3) x"
/* A purged case kept its days to the first plan meeting; without one it is counted to today from the
 * first day of the quarter the need was noticed in (the day itself is not kept). */
#define FIRST_MEETING_PURGED                                                                                 \
    "SELECT t.h, CASE WHEN t.h = 1 THEN t.days ELSE " DAYNUM("t.today") " - " DAYNUM(                        \
        "t.since") " END, t.n "                                                                              \
                   "FROM (SELECT CASE WHEN s.days_to_first_meeting IS NULL THEN 0 ELSE 1 END AS h, "         \
                   "s.days_to_first_meeting AS days, CAST(? AS TEXT) AS today, " QUARTER_START(              \
                       "s.noticed_quarter") " AS since, COUNT(*) AS n FROM case_statistics s WHERE "         \
                                            "s.noticed_quarter IS NOT NULL "                                 \
                                            "AND " STAT_WHERE PERIOD(                                        \
                                                "s.noticed_quarter") "GROUP BY 1, 2, 3, 4) t"
static struct bp_sql q_first_meeting = {"SELECT '', '', z.h, z.days, SUM(z.n) FROM (" FIRST_MEETING_LIVE
                                        " UNION ALL " FIRST_MEETING_PURGED ") z GROUP BY z.h, z.days"};

/* A purged case's groups of the measures below, kept by the purge (bp_case_statistic_groups_add, migration
 * 022) with the quarter of the date the period filters on; the same filters as STAT_WHERE. */
#define GROUPS_KEPT(measure)                                                                                 \
    "FROM case_statistic_groups g JOIN case_statistics s ON s.id = g.statistic_id WHERE g.measure = "        \
    "'" measure "' AND " STAT_WHERE PERIOD("g.quarter")
/* The quarter of a date column ('2026-08-14' -> '2026-Q3'). */
#define QUARTER_OF(d)                                                                                        \
    "(SUBSTR(" d ", 1, 4) || '-Q' || CAST((CAST(SUBSTR(" d ", 6, 2) AS INTEGER) + 2) / 3 AS TEXT))"
#define KEEP_GROUPS                                                                                          \
    "INSERT INTO case_statistic_groups (statistic_id, measure, quarter, code, code2, days, n) "

/* K-4.3: from the invitation to a Kronoberg plan or follow-up meeting not cancelled, dated in the period. */
#define INVITED_MEETINGS                                                                                     \
    "SELECT m.meeting_date, m.invited_on, COUNT(*) AS n FROM meetings m JOIN cases c ON c.id = m.case_id "   \
    "WHERE c.model = 'kronoberg' AND m.kind IN ('plan', 'followup') AND m.invited_on IS NOT NULL "           \
    "AND m.status <> 'cancelled' AND "
#define INVITED_DAYS DAYNUM("x.meeting_date") " - " DAYNUM("x.invited_on")
static struct bp_sql q_invitations = {
    "SELECT '', '', 0, z.days, SUM(z.n) FROM (SELECT " INVITED_DAYS
    " AS days, x.n FROM (" INVITED_MEETINGS CASE_WHERE
        PERIOD("m.meeting_date") "GROUP BY 1, 2) x UNION ALL SELECT g.days, g.n " GROUPS_KEPT(
            "invitations") ") z GROUP BY z.days"};
static struct bp_sql q_keep_invitations = {
    KEEP_GROUPS
    "SELECT CAST(? AS BIGINT), 'invitations', y.q, '', '', y.days, SUM(y.n) FROM (SELECT " QUARTER_OF(
        "x.meeting_date") " AS q, " INVITED_DAYS " AS days, x.n FROM (" INVITED_MEETINGS
                          "m.case_id = ? GROUP BY 1, 2) x) y GROUP BY y.q, y.days"};

/* The child at each plan or follow-up meeting held in the period (the child invitee's attendance), and how
 * the child was to take part (the meeting's preparation; the plan meeting's may be the one made before it
 * was booked). */
#define CHILD_AT_MEETINGS                                                                                    \
    "COALESCE((SELECT i.attendance FROM meeting_invitees i WHERE i.meeting_id = m.id "                       \
    "AND i.kind = 'child' ORDER BY i.id LIMIT 1), 'not_invited') AS attendance, "                            \
    "COALESCE((SELECT p.participation FROM child_preps p WHERE p.case_id = m.case_id "                       \
    "AND (p.meeting_id = m.id OR (p.meeting_id IS NULL AND m.kind = 'plan')) "                               \
    "ORDER BY COALESCE(p.meeting_id, 0) DESC LIMIT 1), 'not_prepared') AS participation "                    \
    "FROM meetings m JOIN cases c ON c.id = m.case_id "                                                      \
    "WHERE m.status = 'held' AND m.kind IN ('plan', 'followup') AND "
static struct bp_sql q_child = {
    "SELECT z.attendance, z.participation, 0, 0, SUM(z.n) FROM (SELECT x.attendance, x.participation, "
    "COUNT(*) AS n FROM (SELECT " CHILD_AT_MEETINGS CASE_WHERE PERIOD(
        "m.meeting_date") ") x GROUP BY "
                          "x.attendance, x.participation UNION ALL SELECT g.code, g.code2, g.n " GROUPS_KEPT(
                              "child") ") z GROUP BY z.attendance, z.participation"};
static struct bp_sql q_keep_child = {
    KEEP_GROUPS
    "SELECT CAST(? AS BIGINT), 'child', x.q, x.attendance, x.participation, 0, COUNT(*) FROM "
    "(SELECT " QUARTER_OF("m.meeting_date") " AS q, " CHILD_AT_MEETINGS
                                            "m.case_id = ?) x GROUP BY x.q, x.attendance, x.participation"};

/* V-7.7, V-10.1: each follow-up a finished plan booked in the period, before today (once per case and
 * date, however many versions carried it), and the first follow-up meeting held after the plan was
 * finished; a closed case that did not hold it is left out (nothing was owed), so a purged case keeps the
 * ones held. */
#define FOLLOWUP_HELD                                                                                        \
    "(SELECT MIN(m.meeting_date) FROM meetings m WHERE m.case_id = z.case_id AND m.kind = 'followup' "       \
    "AND m.status = 'held' AND m.meeting_date >= z.since) AS held"
#define FOLLOWUP_BOOKED                                                                                      \
    "SELECT p.case_id, p.followup_on AS booked, c.status, MIN(p.finished_on) AS since FROM plans p "         \
    "JOIN cases c ON c.id = p.case_id WHERE p.status <> 'draft' AND p.followup_on IS NOT NULL "              \
    "AND p.followup_on < ? AND "
#define FOLLOWUPS_LIVE                                                                                       \
    "SELECT x.h, " DAYNUM("x.d") " - " DAYNUM(                                                               \
        "x.booked") " AS days, x.n FROM (SELECT y.booked, "                                                  \
                    "CASE WHEN y.held IS NULL THEN 0 ELSE 1 END AS h, COALESCE(y.held, ?) AS d, COUNT(*) "   \
                    "AS n FROM "                                                                             \
                    "(SELECT z.booked, z.status, " FOLLOWUP_HELD                                             \
                    " FROM (" FOLLOWUP_BOOKED CASE_WHERE PERIOD(                                             \
                        "p.followup_on") "GROUP BY p.case_id, p.followup_on, c.status) z) y "                \
                                         "WHERE y.held IS NOT NULL OR y.status = 'open' GROUP BY 1, 2, 3) x"
static struct bp_sql q_followups = {
    "SELECT '', '', w.h, w.days, SUM(w.n) FROM (" FOLLOWUPS_LIVE
    " UNION ALL SELECT 1, g.days, g.n " GROUPS_KEPT("followups") ") w GROUP BY w.h, w.days"};
static struct bp_sql q_keep_followups = {
    KEEP_GROUPS "SELECT CAST(? AS BIGINT), 'followups', x.q, '', '', x.days, COUNT(*) FROM "
                "(SELECT " QUARTER_OF("y.booked") " AS q, " DAYNUM("y.held") " - " DAYNUM(
                    "y.booked") " AS days FROM (SELECT z.booked, " FOLLOWUP_HELD " FROM (" FOLLOWUP_BOOKED
                                "p.case_id = ? GROUP BY p.case_id, p.followup_on, c.status) z) y "
                                "WHERE y.held IS NOT NULL) x GROUP BY x.q, x.days"};

/* V-11.1, V-11.2: the closures made in the period, by reason (a case closed twice counts twice; a purged
 * case kept its last closure, by quarter). */
static struct bp_sql q_closures = {
    "SELECT x.reason, '', 0, 0, SUM(x.n) FROM (SELECT cl.reason, COUNT(*) AS n FROM case_closures cl "
    "JOIN cases c ON c.id = cl.case_id WHERE cl.action = 'close' AND " CASE_WHERE
    "AND (? = 0 OR cl.at >= ?) AND (? = 0 OR cl.at < ?) GROUP BY 1 "
    "UNION ALL SELECT s.closure_reason, COUNT(*) FROM case_statistics s WHERE " STAT_WHERE PERIOD(
        "s.closed_quarter") "GROUP BY 1) x GROUP BY 1"};

#define REC struct bp_region_count
static const struct col count_cols[] = {COL_STR(code), COL_STR(code2), COL_INT(a), COL_INT(b), COL_INT(n)};
static const struct row count_row = ROW(count_cols, NULL);
#undef REC

enum bp_err bp_region_counts(struct bp_store *s, struct bp_arena *a, enum bp_region_measure m,
                             const struct bp_region_filter *f, struct bp_region_count **out, size_t *n)
{
    char from[11] = "", to[11] = "", today[11], from_q[8] = "", to_q[8] = "";
    const char *model = f->model >= 0 && f->model < BP_MODEL_COUNT ? bp_model_codes[f->model] : "";
    *out = NULL;
    *n = 0;
    if (!f->period.all) {
        bp_date_format(f->period.from, from);
        bp_date_format(f->period.to, to);
        bp_survey_quarter(f->period.from, from_q);
        bp_survey_quarter(f->period.to, to_q);
    }
    bp_date_format(f->today, today);
    switch (m) {
    case BP_REGION_STEPS: {
        struct bp_param params[] = {FILTER_PARAMS(f, model, from, to), FILTER_PARAMS(f, model, from_q, to_q)};
        return SELECT_ALL(&q_steps, params, a, &count_row, out, n);
    }
    case BP_REGION_FIRST_MEETING: {
        struct bp_param params[] = {p_text(today), FILTER_PARAMS(f, model, from, to), p_text(today),
                                    FILTER_PARAMS(f, model, from_q, to_q)};
        return SELECT_ALL(&q_first_meeting, params, a, &count_row, out, n);
    }
    case BP_REGION_INVITATIONS: {
        struct bp_param params[] = {FILTER_PARAMS(f, model, from, to), FILTER_PARAMS(f, model, from_q, to_q)};
        return SELECT_ALL(&q_invitations, params, a, &count_row, out, n);
    }
    case BP_REGION_CHILD_PRESENT:
    case BP_REGION_CHILD_HOW: {
        struct bp_param params[] = {FILTER_PARAMS(f, model, from, to), FILTER_PARAMS(f, model, from_q, to_q)};
        return SELECT_ALL(&q_child, params, a, &count_row, out, n);
    }
    case BP_REGION_FOLLOWUPS: {
        struct bp_param params[] = {p_text(today), p_text(today), FILTER_PARAMS(f, model, from, to),
                                    FILTER_PARAMS(f, model, from_q, to_q)};
        return SELECT_ALL(&q_followups, params, a, &count_row, out, n);
    }
    case BP_REGION_CLOSURES: {
        int64_t from_at = f->period.all ? 0 : f->from_at, to_at = f->period.all ? 0 : f->to_at;
        struct bp_param params[] = {
            p_int(f->org_id), p_int(f->org_id), p_text(model),
            p_text(model),    p_int(from_at),   p_int(from_at),
            p_int(to_at),     p_int(to_at),     FILTER_PARAMS(f, model, from_q, to_q)};
        return SELECT_ALL(&q_closures, params, a, &count_row, out, n);
    }
    case BP_REGION_MEASURE_COUNT:
        break;
    }
    return set_error(s, BP_ERR_INVALID, __func__, "no such measure");
}

enum bp_err bp_case_statistic_groups_add(struct bp_store *s, int64_t statistic_id, int64_t case_id,
                                         struct bp_date today)
{
    char day[11];
    enum bp_err err;
    struct bp_param of_case[] = {p_int(statistic_id), p_int(case_id)};
    struct bp_param followups[] = {p_int(statistic_id), p_text(day), p_int(case_id)};
    bp_date_format(today, day);
    if ((err = EXEC(&q_keep_invitations, of_case)) || (err = EXEC(&q_keep_child, of_case)))
        return err;
    return EXEC(&q_keep_followups, followups);
}
