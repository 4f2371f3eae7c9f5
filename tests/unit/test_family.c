/* test_family.c: a family member's role by age and custody on a given day, and the table's cells
 * (src/domain/family.c over the table compiled from docs/family-access.md; issue 10 item 3). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include "domain/family.h"

static struct bp_date d(int y, int m, int day)
{
    struct bp_date x = {y, m, day};
    return x;
}

static void test_roles_by_age(void **state)
{
    static const struct {
        struct bp_date today;
        bool child;
        enum bp_custody custody;
        enum bp_family_role want;
    } rows[] = {
        /* born 2010-06-15: the day before and on each birthday that moves a band (section 2) */
        {{2017, 6, 14}, true, BP_CUSTODY_SOLE, BP_FR_CHILD_U7},
        {{2017, 6, 15}, true, BP_CUSTODY_SOLE, BP_FR_CHILD_7_11},
        {{2022, 6, 14}, true, BP_CUSTODY_SOLE, BP_FR_CHILD_7_11},
        {{2022, 6, 15}, true, BP_CUSTODY_SOLE, BP_FR_CHILD_12_14},
        {{2025, 6, 15}, true, BP_CUSTODY_SOLE, BP_FR_CHILD_15_17},
        {{2028, 6, 14}, true, BP_CUSTODY_SOLE, BP_FR_CHILD_15_17},
        {{2028, 6, 15}, true, BP_CUSTODY_SOLE, BP_FR_ADULT_STUDENT},
        /* the guardians: by custody, until the 18th birthday (section 7) */
        {{2020, 1, 1}, false, BP_CUSTODY_SOLE, BP_FR_GUARDIAN},
        {{2020, 1, 1}, false, BP_CUSTODY_APPOINTED, BP_FR_GUARDIAN},
        {{2020, 1, 1}, false, BP_CUSTODY_JOINT, BP_FR_GUARDIAN_JOINT},
        {{2028, 6, 14}, false, BP_CUSTODY_JOINT, BP_FR_GUARDIAN_JOINT},
        {{2028, 6, 15}, false, BP_CUSTODY_JOINT, BP_FR_DENIED},
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
        assert_int_equal(bp_family_role_of(rows[i].child, rows[i].custody, d(2010, 6, 15), rows[i].today),
                         rows[i].want);
    /* a leap-day child turns a year older on 1 March in a common year */
    assert_int_equal(bp_family_age(d(2012, 2, 29), d(2019, 2, 28)), 6);
    assert_int_equal(bp_family_age(d(2012, 2, 29), d(2019, 3, 1)), 7);
    /* no birth date: no role */
    assert_int_equal(bp_family_role_of(true, BP_CUSTODY_SOLE, d(0, 0, 0), d(2020, 1, 1)), BP_FR_DENIED);
}

static void test_cells(void **state)
{
    struct bp_family_scope all = {true, true, true}, not_own = {false, true, true},
                           none = {false, false, false};
    (void)state;
    /* R3: a child never sees a guardian's contact details or answers; the guardian sees their own */
    assert_false(bp_family_sees(BP_FI_GUARDIANS_OWN_CONTACT, BP_FR_CHILD_15_17, all));
    assert_true(bp_family_may_change(BP_FI_GUARDIANS_OWN_CONTACT, BP_FR_GUARDIAN, all));
    assert_false(bp_family_sees(BP_FI_GUARDIANS_OWN, BP_FR_GUARDIAN_JOINT, not_own)); /* R4 */
    assert_false(bp_family_sees(BP_FI_GUARDIAN_PREP_ANSWERS, BP_FR_ADULT_STUDENT, all));
    /* the child's personnummer: the guardians and the adult student only */
    assert_true(bp_family_sees(BP_FI_CHILD_ID_NUMBER, BP_FR_GUARDIAN, none));
    assert_false(bp_family_sees(BP_FI_CHILD_ID_NUMBER, BP_FR_CHILD_12_14, all));
    assert_true(bp_family_sees(BP_FI_CHILD_ID_NUMBER, BP_FR_ADULT_STUDENT, none));
    /* a child sees only the meetings they are invited to */
    assert_true(bp_family_sees(BP_FI_PAGE_MEETING, BP_FR_CHILD_7_11, all));
    assert_false(bp_family_sees(BP_FI_PAGE_MEETING, BP_FR_CHILD_7_11, none));
    /* R6: a draft is nobody's in the family; R2: the child's answers reach the guardians only when shared */
    assert_false(bp_family_sees(BP_FI_PLAN_DRAFT, BP_FR_GUARDIAN, all));
    assert_true(bp_family_sees(BP_FI_PREP_CHILD_ANSWERS, BP_FR_GUARDIAN, all));
    assert_false(bp_family_sees(BP_FI_PREP_CHILD_ANSWERS, BP_FR_GUARDIAN, none));
    /* from 12 the child withdraws a consent online; 7-11 tells the coordinator instead */
    assert_true(bp_family_may_change(BP_FI_CONSENT_WITHDRAW, BP_FR_CHILD_12_14, all));
    assert_false(bp_family_may_change(BP_FI_CONSENT_WITHDRAW, BP_FR_CHILD_7_11, all));
    /* no professional page for any family role; under 7 no login at all */
    for (int r = BP_FR_GUARDIAN; r < BP_FR_PROFESSIONAL; r++)
        assert_false(bp_family_sees(BP_FI_PAGE_PROFESSIONAL, (enum bp_family_role)r, all));
    assert_false(bp_family_role_logs_in(BP_FR_CHILD_U7));
    assert_true(bp_family_role_logs_in(BP_FR_CHILD_7_11));
    assert_false(bp_family_role_logs_in(BP_FR_PROFESSIONAL));
    assert_false(bp_family_role_logs_in(BP_FR_DENIED));
    assert_string_equal(bp_family_table[BP_FI_PLAN_CONTACTS].id, "plan.contacts");
    assert_true(bp_family_table[BP_FI_PLAN_CONTACTS].hide);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_roles_by_age), cmocka_unit_test(test_cells)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
