/* test_closure.c: the rules of closing a case and opening it again (src/domain/closure.c; V-11.1, V-11.2,
 * V-2.9), as a table. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>
#include "domain/closure.h"

static const struct bp_guardian guardians[] = {{.id = 11, .name = "Sara"}, {.id = 12, .name = "Johan"}};
static const int64_t orgs[] = {3, 5};

struct row {
    const char *name;
    bool proposed; /* V-2.9: no consent left in force */
    struct bp_closure_input in;
    const char *field, *code; /* NULL: valid */
};

static const struct row rows[] = {
    {"V-11.1 no reason", false, {.agreed_child = true}, "closure.reason", "required"},
    {"an unknown reason", false, {.reason = "bored", .agreed_child = true}, "closure.reason", "choice"},
    {"V-11.1 goals reached, the child agreed",
     false,
     {.reason = "goals_reached", .agreed_child = true},
     NULL,
     NULL},
    {"V-11.1 not needed, a guardian agreed",
     false,
     {.reason = "not_needed", .agreed_guardians = {"12"}, .n_agreed_guardians = 1},
     NULL,
     NULL},
    {"V-11.1 not needed, an organisation agreed",
     false,
     {.reason = "not_needed", .agreed_orgs = {"5"}, .n_agreed_orgs = 1},
     NULL,
     NULL},
    {"V-11.1 a joint decision with nobody agreeing",
     false,
     {.reason = "not_needed"},
     "closure.agreed_orgs",
     "nobody_agreed"},
    {"V-11.1 another child's guardian",
     false,
     {.reason = "goals_reached", .agreed_guardians = {"99"}, .n_agreed_guardians = 1},
     "closure.agreed_guardians",
     "not_guardian"},
    {"V-11.1 an organisation not taking part",
     false,
     {.reason = "goals_reached", .agreed_orgs = {"4"}, .n_agreed_orgs = 1},
     "closure.agreed_orgs",
     "not_participant"},
    {"V-11.2 consent withdrawn before the ledger proposed it",
     false,
     {.reason = "consent_withdrawn"},
     "closure.reason",
     "not_proposed"},
    {"V-11.2, V-2.9 consent withdrawn once proposed", true, {.reason = "consent_withdrawn"}, NULL, NULL},
};

static void test_check_table(void **state)
{
    size_t i;
    (void)state;
    for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        struct bp_case k = {.id = 7, .closure_proposed_at = rows[i].proposed ? 1700000000 : 0};
        struct bp_field_errors errs = {0};
        struct bp_closure out;
        enum bp_err rc = bp_closure_check(&k, guardians, 2, orgs, 2, &rows[i].in, &out, &errs);
        print_message("%s\n", rows[i].name);
        if (!rows[i].field) {
            assert_int_equal(rc, BP_OK);
            assert_int_equal(errs.count, 0);
            assert_int_equal(out.case_id, 7);
        } else {
            assert_int_equal(rc, BP_ERR_INVALID);
            assert_int_equal(errs.count, 1);
            assert_string_equal(errs.items[0].field, rows[i].field);
            assert_string_equal(errs.items[0].code, rows[i].code);
        }
    }
}

static void test_who_agreed_is_kept(void **state)
{
    struct bp_case k = {.id = 7};
    struct bp_closure_input in = {.reason = "goals_reached",
                                  .agreed_child = true,
                                  .agreed_guardians = {"11", "12", "11"},
                                  .n_agreed_guardians = 3,
                                  .agreed_orgs = {"3", "5"},
                                  .n_agreed_orgs = 2,
                                  .note = "Närvaron är god."};
    struct bp_field_errors errs = {0};
    struct bp_closure out;
    (void)state;
    assert_int_equal(bp_closure_check(&k, guardians, 2, orgs, 2, &in, &out, &errs), BP_OK);
    assert_int_equal(out.reason, BP_CLOSURE_GOALS_REACHED);
    assert_true(out.agreed_child);
    assert_int_equal(out.n_agreed_guardians, 2); /* each once */
    assert_int_equal(out.agreed_guardians[0], 11);
    assert_int_equal(out.agreed_guardians[1], 12);
    assert_int_equal(out.n_agreed_orgs, 2);
    assert_string_equal(out.note, "Närvaron är god.");
}

static void test_nobody_agrees_to_a_withdrawal(void **state)
{
    struct bp_case k = {.id = 7, .closure_proposed_at = 1};
    struct bp_closure_input in = {
        .reason = "consent_withdrawn", .agreed_child = true, .agreed_orgs = {"3"}, .n_agreed_orgs = 1};
    struct bp_field_errors errs = {0};
    struct bp_closure out;
    (void)state;
    assert_int_equal(bp_closure_check(&k, guardians, 2, orgs, 2, &in, &out, &errs), BP_OK);
    assert_false(out.agreed_child); /* V-11.2: the family's withdrawal is not a joint decision */
    assert_int_equal(out.n_agreed_orgs, 0);
    assert_false(bp_closure_is_joint(out.reason));
}

static void test_reopen_needs_a_reason(void **state)
{
    struct bp_reopen_input none = {.reason = ""}, some = {.reason = "Frånvaron har ökat igen."};
    struct bp_field_errors errs = {0};
    struct bp_closure out;
    (void)state;
    assert_int_equal(bp_reopen_check(&none, &out, &errs), BP_ERR_INVALID);
    assert_string_equal(errs.items[0].field, "reopen.reason");
    assert_string_equal(errs.items[0].code, "required");
    errs.count = 0;
    assert_int_equal(bp_reopen_check(&some, &out, &errs), BP_OK);
    assert_true(out.reopen);
    assert_string_equal(out.note, "Frånvaron har ökat igen.");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_check_table),
        cmocka_unit_test(test_who_agreed_is_kept),
        cmocka_unit_test(test_nobody_agrees_to_a_withdrawal),
        cmocka_unit_test(test_reopen_needs_a_reason),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
