/* test_collate.c: Swedish sort order for names (ICU): å, ä, ö come after z, in that order. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include "http/http.h"

static void test_swedish_letters_sort_after_z(void **state)
{
    struct bp_org orgs[] = {
        {1, "Östra skolan", 0, 0, ""}, {2, "Ängby förskola", 0, 0, ""}, {3, "Åby vårdcentral", 0, 0, ""},
        {4, "Zätaskolan", 0, 0, ""},   {5, "anna skola", 0, 0, ""},     {6, "BUP Umeå", 0, 0, ""},
    };
    static const char *const want[] = {"anna skola",      "BUP Umeå",       "Zätaskolan",
                                       "Åby vårdcentral", "Ängby förskola", "Östra skolan"};
    size_t i;
    (void)state;
    bp_sort_orgs_sv(orgs, BP_ARRAY_LEN(orgs));
    for (i = 0; i < BP_ARRAY_LEN(want); i++)
        assert_string_equal(orgs[i].name, want[i]);
    assert_true(bp_collate_sv("z", "å") < 0);
    assert_true(bp_collate_sv("å", "ä") < 0);
    assert_true(bp_collate_sv("ä", "ö") < 0);
    assert_int_equal(bp_collate_sv("Åsa", "Åsa"), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_swedish_letters_sort_after_z)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
