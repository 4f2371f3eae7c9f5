/* test_retention.c: how long a closed case is kept and what its anonymous statistics hold
 * (src/domain/retention.c; issue 9 item 8, V-6.1, K-4.3), as tables. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>
#include "domain/retention.h"

#define DAY 86400

static void test_due(void **state)
{
    static const struct {
        const char *name;
        int64_t closed_at;
        int days;
        int64_t now;
        bool due;
    } rows[] = {
        {"0 days: due at once", 1000, 0, 1000, true},
        {"one day: not yet a second before", 1000, 1, 1000 + DAY - 1, false},
        {"one day: due on the second", 1000, 1, 1000 + DAY, true},
        {"ten years", 1000, 3650, 1000 + 3650LL * DAY, true},
        {"not set: never", 1000, BP_RETENTION_UNSET, 1000 + 100000LL * DAY, false},
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        print_message("%s\n", rows[i].name);
        assert_int_equal(bp_retention_due(rows[i].closed_at, rows[i].days, rows[i].now), rows[i].due);
    }
}

static struct bp_meeting meeting(enum bp_meeting_kind kind, enum bp_meeting_status status, int y, int m,
                                 int d, const char *reason)
{
    struct bp_meeting mt = {.kind = kind, .status = status, .date = {y, m, d}, .deadline_reason = reason};
    mt.starts_at = ((int64_t)y * 400 + m * 31 + d) * DAY; /* order is all that counts */
    return mt;
}

static void test_statistic(void **state)
{
    static const int64_t orgs[] = {3, 5};
    struct bp_case k = {.id = 77,
                        .child_id = 99,
                        .model = BP_MODEL_VASTERBOTTEN,
                        .noticed_on = "2026-03-30",
                        .route = BP_ROUTE_HLT};
    struct bp_meeting ms[] = {
        meeting(BP_MEETING_PLAN, BP_MEETING_CANCELLED, 2026, 4, 2, ""),   /* cancelled: not the first */
        meeting(BP_MEETING_PREPARATION, BP_MEETING_HELD, 2026, 4, 3, ""), /* not a plan meeting */
        meeting(BP_MEETING_PLAN, BP_MEETING_HELD, 2026, 4, 25, "Mamma kunde inte förrän då."),
        meeting(BP_MEETING_FOLLOWUP, BP_MEETING_HELD, 2026, 6, 1, ""),
    };
    struct bp_case_statistic st;
    (void)state;
    bp_case_statistic_of(&k, (struct bp_date){2026, 10, 1}, BP_CLOSURE_NOT_NEEDED, ms, 4, 2, 1, orgs, 2, &st);
    assert_string_equal(st.noticed_quarter, "2026-Q1");
    assert_string_equal(st.closed_quarter, "2026-Q4");
    assert_int_equal(st.days_to_first_meeting, 26);
    assert_int_equal(st.deadline, BP_STAT_DEADLINE_EXCEPTION); /* V-6.1: outside three weeks, with a reason */
    assert_int_equal(st.plan_versions, 2);
    assert_int_equal(st.followups, 1);
    assert_int_equal(st.n_orgs, 2);
    assert_int_equal(st.reason, BP_CLOSURE_NOT_NEEDED);

    ms[2].deadline_reason = "";
    bp_case_statistic_of(&k, (struct bp_date){2026, 10, 1}, BP_CLOSURE_NOT_NEEDED, ms, 4, 2, 1, orgs, 2, &st);
    assert_int_equal(st.deadline, BP_STAT_DEADLINE_MISSED);

    ms[2].date = (struct bp_date){2026, 4, 20}; /* V-6.1: within three weeks */
    bp_case_statistic_of(&k, (struct bp_date){2026, 10, 1}, BP_CLOSURE_NOT_NEEDED, ms, 4, 2, 1, orgs, 2, &st);
    assert_int_equal(st.days_to_first_meeting, 21);
    assert_int_equal(st.deadline, BP_STAT_DEADLINE_MET);

    k.noticed_on = NULL; /* nothing to count from */
    bp_case_statistic_of(&k, (struct bp_date){2026, 10, 1}, BP_CLOSURE_GOALS_REACHED, ms, 2, 1, 0, orgs, 1,
                         &st);
    assert_string_equal(st.noticed_quarter, "");
    assert_int_equal(st.days_to_first_meeting, -1);
    assert_int_equal(st.deadline, BP_STAT_DEADLINE_NONE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_due),
        cmocka_unit_test(test_statistic),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
