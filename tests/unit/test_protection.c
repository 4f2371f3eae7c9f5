/* test_protection.c: protected identity (src/domain/protection.c; issue 10 item 10, docs/family-access.md
 * section 6): the form's checks, who is protected from whom, whose contact details are withheld and from
 * whom, and the stored id lists. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>
#include "domain/protection.h"

/* Sara and Johan, the child's guardians; Eva, a third (an appointed guardian) */
static struct bp_guardian family[] = {{.id = 11, .name = "Sara"}, {.id = 12, .name = "Johan"}, {.id = 13}};

struct row {
    const char *name;
    struct bp_protection_input in;
    const char *field, *code; /* NULL: valid */
};

static const struct row rows[] = {
    {"nobody protected", {0}, NULL, NULL},
    {"the child, from Johan", {.child = true, .child_from = {"12"}, .n_child_from = 1}, NULL, NULL},
    {"the child, from nobody named", {.child = true}, NULL, NULL},
    {"Sara, from Johan",
     {.guardians = {"11"}, .n_guardians = 1, .guardians_from = {"12"}, .n_guardians_from = 1},
     NULL,
     NULL},
    {"a guardian of another child",
     {.child = true, .child_from = {"99"}, .n_child_from = 1},
     "protection.child_from",
     "not_guardian"},
    {"junk as a guardian", {.guardians = {"x"}, .n_guardians = 1}, "protection.guardians", "not_guardian"},
    {"Sara protected only from herself",
     {.guardians = {"11"}, .n_guardians = 1, .guardians_from = {"11"}, .n_guardians_from = 1},
     "protection.guardians_from",
     "self"},
};

static void test_validate_table(void **state)
{
    size_t i;
    (void)state;
    for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        struct bp_field_errors errs = {0};
        struct bp_protection p;
        enum bp_err rc = bp_protection_validate(&rows[i].in, family, 3, &p, &errs);
        if (!rows[i].field) {
            if (rc != BP_OK)
                fail_msg("%s: %s %s", rows[i].name, errs.items[0].field, errs.items[0].code);
        } else {
            if (rc != BP_ERR_INVALID || !bp_field_errors_find(&errs, rows[i].field) ||
                strcmp(bp_field_errors_find(&errs, rows[i].field), rows[i].code) != 0)
                fail_msg("%s: expected %s %s", rows[i].name, rows[i].field, rows[i].code);
        }
    }
}

/* A "from" list without anyone protected means nothing and is not kept. */
static void test_from_without_protection_is_dropped(void **state)
{
    struct bp_protection_input in = {
        .child_from = {"12"}, .n_child_from = 1, .guardians_from = {"12"}, .n_guardians_from = 1};
    struct bp_field_errors errs = {0};
    struct bp_protection p;
    (void)state;
    assert_int_equal(bp_protection_validate(&in, family, 3, &p, &errs), BP_OK);
    assert_int_equal(p.n_child_from, 0);
    assert_int_equal(p.n_guardians_from, 0);
}

/* Applied and read back: each protected guardian is protected from the listed ones but themselves. */
static void test_apply_and_read_back(void **state)
{
    struct bp_child child = {.id = 1};
    struct bp_guardian g[3];
    struct bp_protection p = {.child = true,
                              .child_from = {12},
                              .n_child_from = 1,
                              .guardians = {11, 13},
                              .n_guardians = 2,
                              .guardians_from = {11, 12},
                              .n_guardians_from = 2},
                         back;
    (void)state;
    memcpy(g, family, sizeof(g));
    bp_protection_apply(&p, &child, g, 3);
    assert_true(child.protected);
    assert_true(g[0].protected);
    assert_int_equal(g[0].n_protected_from, 1); /* Sara: from Johan, not from herself */
    assert_int_equal(g[0].protected_from[0], 12);
    assert_false(g[1].protected);
    assert_int_equal(g[2].n_protected_from, 2); /* Eva: from Sara and Johan */
    bp_protection_of(&child, g, 3, &back);
    assert_true(back.child);
    assert_int_equal(back.n_guardians, 2);
    assert_int_equal(back.n_guardians_from, 2);
    assert_true(bp_protected_any(&child, g, 3));
}

/* The family pages' question (bp_protected_from) and the professionals' (bp_protected_contact). */
static void test_protected_from_and_contact(void **state)
{
    struct bp_child child = {.id = 1, .protected = true, .protected_from = {12}, .n_protected_from = 1};
    struct bp_guardian g[3];
    (void)state;
    memcpy(g, family, sizeof(g));
    assert_true(bp_protected_from(&child, g, 3, 12));  /* the child is protected from Johan */
    assert_false(bp_protected_from(&child, g, 3, 11)); /* not from Sara */
    /* Sara, with whom the child lives, has her contact withheld; Johan's is not the child's */
    assert_true(bp_protected_contact(&child, &g[0]));
    assert_false(bp_protected_contact(&child, &g[1]));
    /* Sara herself protected from Eva: Eva is protected against, Sara never from herself */
    child = (struct bp_child){.id = 1};
    g[0].protected = true;
    g[0].protected_from[0] = 13;
    g[0].n_protected_from = 1;
    assert_true(bp_protected_from(&child, g, 3, 13));
    assert_false(bp_protected_from(&child, g, 3, 11));
    assert_true(bp_protected_contact(&child, &g[0]));
    assert_false(bp_protected_contact(&child, &g[2]));
    assert_false(bp_protected_any(&child, family, 3));
}

/* Only the initiating organisation sees the protected details. */
static void test_details_shown_to_the_initiator_only(void **state)
{
    struct bp_case k = {.initiating_org_id = 3};
    (void)state;
    assert_true(bp_protected_details_shown(&k, 3));
    assert_false(bp_protected_details_shown(&k, 5));
    assert_false(bp_protected_details_shown(&k, 0));
}

/* Registration: a protected guardian is protected from every other guardian registered with them. */
static void test_from_others(void **state)
{
    struct bp_guardian g[3];
    (void)state;
    memcpy(g, family, sizeof(g));
    g[1].protected = true;
    bp_protection_from_others(g, 3);
    assert_int_equal(g[1].n_protected_from, 2);
    assert_int_equal(g[1].protected_from[0], 11);
    assert_int_equal(g[1].protected_from[1], 13);
    assert_int_equal(g[0].n_protected_from, 0);
}

/* The stored lists: "11 12", junk skipped, at most BP_MAX_GUARDIANS kept. */
static void test_ids_text(void **state)
{
    int64_t ids[BP_MAX_GUARDIANS], in[] = {11, 12};
    char text[BP_PROTECTED_IDS_TEXT];
    (void)state;
    bp_protected_ids_format(in, 2, text, sizeof(text));
    assert_string_equal(text, "11 12");
    assert_int_equal(bp_protected_ids_parse(text, ids), 2);
    assert_int_equal(ids[1], 12);
    assert_int_equal(bp_protected_ids_parse("", ids), 0);
    assert_int_equal(bp_protected_ids_parse(NULL, ids), 0);
    assert_int_equal(bp_protected_ids_parse("x  7 -1 0 8", ids), 2);
    assert_int_equal(ids[0], 7);
    assert_int_equal(bp_protected_ids_parse("1 2 3 4 5 6", ids), BP_MAX_GUARDIANS);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_validate_table),
        cmocka_unit_test(test_from_without_protection_is_dropped),
        cmocka_unit_test(test_apply_and_read_back),
        cmocka_unit_test(test_protected_from_and_contact),
        cmocka_unit_test(test_details_shown_to_the_initiator_only),
        cmocka_unit_test(test_from_others),
        cmocka_unit_test(test_ids_text),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
