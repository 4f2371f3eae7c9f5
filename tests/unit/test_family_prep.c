/* test_family_prep.c: what of a preparation is the child's or a guardian's own to give online, and rule R2 at
 * the band edges (src/domain/family_prep.c; issue 10 item 5, docs/family-access.md section 4). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>
#include "domain/family_prep.h"

static const struct bp_date BORN = {2010, 6, 15};

static void test_r2_by_age_and_tick(void **state)
{
    static const struct {
        struct bp_date today;
        bool tick, shared, may_share;
    } rows[] = {
        {{2022, 6, 14}, false, true, false},  /* 11: the guardians see the words, no tick offered */
        {{2022, 6, 14}, true, true, false},   /* a tick changes nothing under 12 */
        {{2022, 6, 15}, false, false, true},  /* 12: only when shared */
        {{2022, 6, 15}, true, true, true},    /* shared */
        {{2028, 6, 14}, false, false, true},  /* 17 */
        {{2028, 6, 15}, false, false, false}, /* 18: the guardians' access has ended; no tick */
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        assert_int_equal(bp_family_prep_shared(BORN, rows[i].today, rows[i].tick), rows[i].shared);
        assert_int_equal(bp_family_prep_may_share(BORN, rows[i].today), rows[i].may_share);
    }
}

static void test_child_input_own(void **state)
{
    struct bp_child_prep_input in, out;
    (void)state;
    memset(&in, 0, sizeof(in));
    in.informed_on = "2024-01-01";
    in.how_informed = "the professional's words";
    in.adapted = in.interpreter_used = in.picture_support_used = in.done = true;
    in.answers[0] = "mitt svar";
    in.answers[4] = "femte";
    in.participation = "letter";
    in.letter_text = "brevet";
    in.wanted_participants = "mormor";
    in.setting = "digital";
    in.support_kind = "other_adult";
    in.support_name = "Nils";
    in.share_with_guardians = true;
    bp_child_prep_input_own(&out, &in);
    /* the professional's record and "done" are never the child's to give */
    assert_null(out.informed_on);
    assert_null(out.how_informed);
    assert_false(out.adapted || out.interpreter_used || out.picture_support_used || out.done);
    assert_string_equal(out.answers[0], "mitt svar");
    assert_string_equal(out.answers[4], "femte");
    assert_string_equal(out.participation, "letter");
    assert_string_equal(out.letter_text, "brevet");
    assert_string_equal(out.wanted_participants, "mormor");
    assert_string_equal(out.setting, "digital");
    assert_string_equal(out.support_name, "Nils");
    assert_true(out.share_with_guardians);
}

static void test_take_own_keeps_the_professionals_record(void **state)
{
    struct bp_child_prep stored, typed;
    struct bp_guardian_prep g_stored, g_typed;
    (void)state;
    memset(&stored, 0, sizeof(stored));
    memset(&typed, 0, sizeof(typed));
    stored.informed = true;
    stored.how_informed = "med bilder";
    stored.prepared_by = 7;
    stored.answers[1] = "gammalt";
    stored.share_with_guardians = true;
    typed.answers[1] = "nytt";
    typed.participation = BP_PART_LETTER;
    typed.letter_text = "brevet";
    typed.setting = BP_SETTING_DIGITAL;
    typed.prepared_by = 99;
    bp_child_prep_take_own(&stored, &typed);
    assert_string_equal(stored.answers[1], "nytt");
    assert_int_equal(stored.participation, BP_PART_LETTER);
    assert_string_equal(stored.letter_text, "brevet");
    assert_int_equal(stored.setting, BP_SETTING_DIGITAL);
    assert_true(stored.informed);
    assert_string_equal(stored.how_informed, "med bilder");
    assert_int_equal(stored.prepared_by, 7);
    assert_true(stored.share_with_guardians); /* the tick is written apart (bp_child_prep_online) */

    memset(&g_stored, 0, sizeof(g_stored));
    memset(&g_typed, 0, sizeof(g_typed));
    g_stored.informed = true;
    g_stored.done = false;
    g_stored.guardian_id = 3;
    g_typed.answers[2] = "drömmen";
    g_typed.guardian_id = 4;
    bp_guardian_prep_take_own(&g_stored, &g_typed);
    assert_string_equal(g_stored.answers[2], "drömmen");
    assert_int_equal(g_stored.guardian_id, 3);
    assert_true(g_stored.informed);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_r2_by_age_and_tick),
        cmocka_unit_test(test_child_input_own),
        cmocka_unit_test(test_take_own_keeps_the_professionals_record),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
