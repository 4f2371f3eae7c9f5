/* test_region.c: what the region learns (domain/region.c, V-12.4): the step a case is at, the cells of
 * V-6.1's time to the first meeting and K-4.3's invitations (the three-week rules of domain/deadline.c), a
 * follow-up on time, adding up with every count below five hidden (one more when exactly one would be, the
 * survey's rule), a sum shown only of shown cells, and the periods. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>
#include "domain/region.h"

static void test_step(void **state)
{
    static const struct {
        unsigned flags;
        const char *step;
    } rows[] = {
        {0, "prepare_child"},
        {BP_REGION_GUARDIANS_PREPARED, "prepare_child"}, /* the child first (V-0.10's order) */
        {BP_REGION_CHILD_PREPARED, "prepare_guardians"},
        {BP_REGION_CHILD_PREPARED | BP_REGION_GUARDIANS_PREPARED, "prepare_professionals"},
        {BP_REGION_CHILD_PREPARED | BP_REGION_GUARDIANS_PREPARED | BP_REGION_MEETING_CALLED, "meeting"},
        {BP_REGION_MEETING_HELD, "implement"},
        {BP_REGION_PLAN_FINISHED | BP_REGION_MEETING_CALLED, "implement"},
        {BP_REGION_PLAN_FINISHED | BP_REGION_FOLLOWUP_HELD, "follow_up"},
        {BP_REGION_CLOSED, "closed"},
        {BP_REGION_STEP_FLAGS, "closed"},
    };
    size_t i, n;
    const char *const *codes = bp_region_cells(BP_REGION_STEPS, &n);
    (void)state;
    assert_int_equal(n, 7);
    for (i = 0; i < BP_ARRAY_LEN(rows); i++) {
        size_t cell = bp_region_step(rows[i].flags);
        assert_true(cell < n);
        assert_string_equal(codes[cell], rows[i].step);
    }
}

static void test_cells(void **state)
{
    static const struct {
        enum bp_region_measure m;
        bool held;
        int64_t days;
        const char *cell;
    } rows[] = {
        /* V-6.1: within three weeks of the need noticed, by week; later; none yet, before and after 21 days
         */
        {BP_REGION_FIRST_MEETING, true, 0, "days_0_7"},
        {BP_REGION_FIRST_MEETING, true, 7, "days_0_7"},
        {BP_REGION_FIRST_MEETING, true, 8, "days_8_14"},
        {BP_REGION_FIRST_MEETING, true, 21, "days_15_21"},
        {BP_REGION_FIRST_MEETING, true, 22, "days_22_42"},
        {BP_REGION_FIRST_MEETING, true, 42, "days_22_42"},
        {BP_REGION_FIRST_MEETING, true, 43, "days_43_up"},
        {BP_REGION_FIRST_MEETING, false, 21, "not_yet"},
        {BP_REGION_FIRST_MEETING, false, 22, "overdue"},
        /* K-4.3: at least three weeks before the meeting is in time */
        {BP_REGION_INVITATIONS, true, 21, "days_21_up"},
        {BP_REGION_INVITATIONS, true, 60, "days_21_up"},
        {BP_REGION_INVITATIONS, true, 20, "days_14_20"},
        {BP_REGION_INVITATIONS, true, 14, "days_14_20"},
        {BP_REGION_INVITATIONS, true, 13, "days_7_13"},
        {BP_REGION_INVITATIONS, true, 6, "days_0_6"},
        {BP_REGION_INVITATIONS, true, 0, "days_0_6"},
        /* V-10.1: held by the booked date (an earlier one too, V-9.4), later, or not at all */
        {BP_REGION_FOLLOWUPS, true, -10, "on_time"},
        {BP_REGION_FOLLOWUPS, true, 0, "on_time"},
        {BP_REGION_FOLLOWUPS, true, 1, "late_1_14"},
        {BP_REGION_FOLLOWUPS, true, 14, "late_1_14"},
        {BP_REGION_FOLLOWUPS, true, 15, "late_15_up"},
        {BP_REGION_FOLLOWUPS, false, 3, "not_held"},
    };
    size_t i;
    (void)state;
    for (i = 0; i < BP_ARRAY_LEN(rows); i++) {
        size_t n, cell = rows[i].m == BP_REGION_FIRST_MEETING
                             ? bp_region_first_meeting_cell(rows[i].held, rows[i].days)
                         : rows[i].m == BP_REGION_INVITATIONS
                             ? bp_region_invitation_cell(rows[i].days)
                             : bp_region_followup_cell(rows[i].held, rows[i].days);
        const char *const *codes = bp_region_cells(rows[i].m, &n);
        assert_true(cell < n);
        assert_string_equal(codes[cell], rows[i].cell);
    }
    /* the codes of the child's measures and the closures; a substitute for the child is no attendance */
    assert_int_equal(bp_region_code_cell(BP_REGION_CHILD_PRESENT, "present"), 0);
    assert_int_equal(bp_region_code_cell(BP_REGION_CHILD_PRESENT, "substitute"), 1);
    assert_int_equal(bp_region_code_cell(BP_REGION_CHILD_HOW, "letter"), 4);
    assert_int_equal(bp_region_code_cell(BP_REGION_CLOSURES, "not_needed"), 1);
    assert_int_equal(bp_region_code_cell(BP_REGION_CLOSURES, "reopen"), -1);
    assert_int_equal(bp_region_code_cell(BP_REGION_CLOSURES, NULL), -1);
}

static void test_tally_hides(void **state)
{
    struct bp_region_dist d;
    int64_t sum;
    (void)state;
    {
        /* V-6.1: 9 within a week, 6 in the second, 2 after three to six weeks: the 2 is hidden with the empty
         * cells, so the total (17) less the shown (15) is spread over five hidden cells */
        const struct bp_region_count c[] = {
            {NULL, NULL, 1, 3, 5}, {NULL, NULL, 1, 5, 4}, {NULL, NULL, 1, 10, 6}, {NULL, NULL, 1, 30, 2}};
        bp_region_tally(BP_REGION_FIRST_MEETING, c, BP_ARRAY_LEN(c), &d);
        assert_true(d.total_shown);
        assert_int_equal(d.total, 17);
        assert_true(d.shown[0]);
        assert_int_equal(d.count[0], 9);
        assert_true(d.shown[1]);
        assert_int_equal(d.count[1], 6);
        assert_false(d.shown[3]);
        assert_int_equal(d.count[3], 0);
        /* "within three weeks" would add the hidden third week: not shown */
        assert_false(bp_region_group(&d, bp_region_kept_mask(BP_REGION_FIRST_MEETING), &sum));
    }
    {
        /* V-11.1: 12, 6 and 3 closures: the 3 is hidden, and the next smallest (6) too, or the total (21)
         * less the others would give it */
        const struct bp_region_count c[] = {{"goals_reached", NULL, 0, 0, 12},
                                            {"not_needed", NULL, 0, 0, 6},
                                            {"consent_withdrawn", NULL, 0, 0, 3}};
        bp_region_tally(BP_REGION_CLOSURES, c, BP_ARRAY_LEN(c), &d);
        assert_int_equal(d.total, 21);
        assert_true(d.shown[0]);
        assert_false(d.shown[1]);
        assert_int_equal(d.count[1], 0);
        assert_false(d.shown[2]);
        assert_int_equal(d.count[2], 0);
    }
    {
        /* two counts below five: both hidden, nothing more */
        const struct bp_region_count c[] = {{"goals_reached", NULL, 0, 0, 12},
                                            {"not_needed", NULL, 0, 0, 3},
                                            {"consent_withdrawn", NULL, 0, 0, 1},
                                            {"no_such_reason", NULL, 0, 0, 40}};
        bp_region_tally(BP_REGION_CLOSURES, c, BP_ARRAY_LEN(c), &d);
        assert_int_equal(d.total, 16); /* a code this version does not know counts nowhere */
        assert_true(d.shown[0]);
        assert_int_equal(d.count[0], 12);
        assert_false(d.shown[1]);
        assert_false(d.shown[2]);
    }
    {
        /* below five in all: nothing at all */
        const struct bp_region_count c[] = {{NULL, NULL, BP_REGION_CLOSED, 0, 4}};
        bp_region_tally(BP_REGION_STEPS, c, BP_ARRAY_LEN(c), &d);
        assert_false(d.total_shown);
        assert_int_equal(d.total, 0);
        assert_false(d.shown[6]);
        assert_int_equal(d.count[6], 0);
    }
    {
        /* K-4.3: every cell shown: "in time" is its own cell's count */
        const struct bp_region_count c[] = {{NULL, NULL, 0, 25, 7}, {NULL, NULL, 0, 21, 5}};
        bp_region_tally(BP_REGION_INVITATIONS, c, BP_ARRAY_LEN(c), &d);
        assert_true(bp_region_group(&d, bp_region_kept_mask(BP_REGION_INVITATIONS), &sum));
        assert_int_equal(sum, 12);
    }
    {
        /* the child's two measures from one query's rows */
        const struct bp_region_count c[] = {{"present", "whole", 0, 0, 6}, {"absent", "letter", 0, 0, 5}};
        bp_region_tally(BP_REGION_CHILD_HOW, c, BP_ARRAY_LEN(c), &d);
        assert_int_equal(d.count[0], 6);
        assert_int_equal(d.count[4], 5);
        bp_region_tally(BP_REGION_CHILD_PRESENT, c, BP_ARRAY_LEN(c), &d);
        assert_int_equal(d.count[0], 6);
        assert_int_equal(d.count[1], 5);
    }
}

static void test_period(void **state)
{
    struct bp_region_period p;
    (void)state;
    assert_true(bp_region_period_parse("", &p));
    assert_true(p.all);
    assert_true(bp_region_period_parse("2026", &p));
    assert_false(p.all);
    assert_int_equal(p.from.y, 2026);
    assert_int_equal(p.to.y, 2027);
    assert_int_equal(p.n_quarters, 4);
    assert_string_equal(p.quarters[0], "2026-Q1");
    assert_string_equal(p.quarters[3], "2026-Q4");
    assert_true(bp_region_period_parse("2026-Q4", &p));
    assert_int_equal(p.from.m, 10);
    assert_int_equal(p.to.y, 2027);
    assert_int_equal(p.to.m, 1);
    assert_true(bp_region_period_parse("2025-Q1", &p));
    assert_int_equal(p.to.m, 4);
    assert_string_equal(p.quarters[0], "2025-Q1");
    assert_false(bp_region_period_parse("2026-Q5", &p));
    assert_false(bp_region_period_parse("26", &p));
    assert_false(bp_region_period_parse("2026-12-06", &p));
    assert_false(bp_region_period_parse("' OR 1=1", &p));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_step),
        cmocka_unit_test(test_cells),
        cmocka_unit_test(test_tally_hides),
        cmocka_unit_test(test_period),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
