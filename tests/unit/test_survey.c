/* test_survey.c: the survey's pure rules (domain/survey.c, auth's codes): an answer's check (V-12.3), the
 * quarter an answer keeps instead of a date (V-12.1), and adding up with every count below five hidden,
 * one more when exactly one would be (V-12.4). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>
#include "domain/survey.h"
#include "auth/auth.h"

static void test_validate(void **state)
{
    struct bp_survey_input in = {{"5", "1", "", "better", "dont_know", NULL, "Mer tid"}};
    struct bp_survey_answer out;
    struct bp_field_errors errs;
    (void)state;
    /* V-12.3: each scale's codes become 1..n, not answered is 0 */
    assert_int_equal(bp_survey_validate(&in, &out, &errs), BP_OK);
    assert_int_equal(out.q[0], 5);
    assert_int_equal(out.q[1], 1);
    assert_int_equal(out.q[2], 0);
    assert_int_equal(out.q[3], 3);
    assert_int_equal(out.q[4], 4);
    assert_int_equal(out.q[5], 0);
    assert_string_equal(out.better, "Mer tid");
    in.q[3] = "5"; /* a face's code is no answer to the change question */
    assert_int_equal(bp_survey_validate(&in, &out, &errs), BP_ERR_INVALID);
    assert_string_equal(bp_field_errors_find(&errs, "survey.q4"), "choice");
    memset(&in, 0, sizeof(in));
    assert_int_equal(bp_survey_validate(&in, &out, &errs), BP_ERR_INVALID);
    assert_string_equal(bp_field_errors_find(&errs, "survey"), "empty");
}

static void test_quarter(void **state)
{
    char q[8];
    (void)state;
    /* V-12.1: an answer keeps its quarter, nothing finer */
    bp_survey_quarter((struct bp_date){2026, 1, 1}, q);
    assert_string_equal(q, "2026-Q1");
    bp_survey_quarter((struct bp_date){2026, 3, 31}, q);
    assert_string_equal(q, "2026-Q1");
    bp_survey_quarter((struct bp_date){2026, 4, 1}, q);
    assert_string_equal(q, "2026-Q2");
    bp_survey_quarter((struct bp_date){2026, 12, 6}, q);
    assert_string_equal(q, "2026-Q4");
    assert_true(bp_survey_quarter_valid("2026-Q4"));
    assert_false(bp_survey_quarter_valid("2026-Q5"));
    assert_false(bp_survey_quarter_valid("2026-12-06"));
    assert_false(bp_survey_quarter_valid("' OR 1=1"));
}

static void test_below_five_hidden(void **state)
{
    /* guardians: q1 "5" by 7, "4" by 5, "1" by 1; children: 4 in all */
    const struct bp_survey_pattern p[] = {
        {BP_SURVEY_GUARDIAN, {5, 0, 0, 0, 0, 0}, 7},
        {BP_SURVEY_GUARDIAN, {4, 0, 0, 0, 0, 0}, 5},
        {BP_SURVEY_GUARDIAN, {1, 0, 0, 0, 0, 0}, 1},
        {BP_SURVEY_CHILD, {5, 5, 5, 3, 3, 5}, 4},
    };
    struct bp_survey_results r;
    const struct bp_survey_cell *c;
    (void)state;
    bp_survey_aggregate(p, 4, &r);
    /* V-12.4: four children: nothing at all */
    assert_false(r.total_shown[BP_SURVEY_CHILD]);
    assert_int_equal(r.total[BP_SURVEY_CHILD], 0);
    assert_false(r.cells[BP_SURVEY_CHILD][0].shown);
    assert_int_equal(r.cells[BP_SURVEY_CHILD][0].count[4], 0);
    assert_true(r.total_shown[BP_SURVEY_GUARDIAN]);
    assert_int_equal(r.total[BP_SURVEY_GUARDIAN], 13);
    c = &r.cells[BP_SURVEY_GUARDIAN][0];
    assert_true(c->shown);
    assert_int_equal(c->n, 13);
    assert_true(c->count_shown[4]);
    assert_int_equal(c->count[4], 7);
    assert_true(c->count_shown[3]);
    assert_int_equal(c->count[3], 5);
    assert_false(c->count_shown[0]); /* one guardian: hidden */
    assert_int_equal(c->count[0], 0);
    /* a question nobody answered: hidden */
    assert_false(r.cells[BP_SURVEY_GUARDIAN][1].shown);
}

static void test_one_hidden_takes_another(void **state)
{
    /* every face chosen by five or more but one, chosen by 2: the total would give it away */
    const struct bp_survey_pattern p[] = {
        {BP_SURVEY_GUARDIAN, {1, 0, 0, 0, 0, 0}, 6}, {BP_SURVEY_GUARDIAN, {2, 0, 0, 0, 0, 0}, 9},
        {BP_SURVEY_GUARDIAN, {3, 0, 0, 0, 0, 0}, 5}, {BP_SURVEY_GUARDIAN, {4, 0, 0, 0, 0, 0}, 8},
        {BP_SURVEY_GUARDIAN, {5, 0, 0, 0, 0, 0}, 2},
    };
    struct bp_survey_results r;
    const struct bp_survey_cell *c = &r.cells[BP_SURVEY_GUARDIAN][0];
    (void)state;
    bp_survey_aggregate(p, 5, &r);
    assert_true(c->shown);
    assert_false(c->count_shown[4]);
    assert_false(c->count_shown[2]); /* the smallest shown one goes too (V-12.4) */
    assert_int_equal(c->count[2], 0);
    assert_true(c->count_shown[0] && c->count_shown[1] && c->count_shown[3]);
}

static void test_codes(void **state)
{
    char a[BP_SURVEY_CODE_CHARS + 1], b[BP_SURVEY_CODE_CHARS + 1], canon[BP_SURVEY_CODE_CHARS + 1];
    char typed[64];
    (void)state;
    bp_survey_code_new(a);
    bp_survey_code_new(b);
    assert_int_equal(strlen(a), BP_SURVEY_CODE_CHARS);
    assert_string_not_equal(a, b);
    /* typed as printed, in lower case, with dashes and spaces */
    snprintf(typed, sizeof(typed), "%.4s-%.4s %.4s-%.4s", a, a + 4, a + 8, a + 12);
    for (char *p = typed; *p; p++)
        *p = (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
    assert_true(bp_survey_code_canonical(typed, canon));
    assert_string_equal(canon, a);
    assert_true(bp_survey_code_canonical("O1IL-0000-0000-0000", canon)); /* O is 0, I and L are 1 */
    assert_string_equal(canon, "0111000000000000");
    assert_false(bp_survey_code_canonical("ABC", canon));
    assert_false(bp_survey_code_canonical("UUUU-0000-0000-0000", canon)); /* U is not in the alphabet */
    assert_false(bp_survey_code_canonical("0000-0000-0000-0000-0", canon));
    assert_true(bp_random_id() > 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_validate),
        cmocka_unit_test(test_quarter),
        cmocka_unit_test(test_below_five_hidden),
        cmocka_unit_test(test_one_hidden_takes_another),
        cmocka_unit_test(test_codes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
