/* test_i18n.c: the English catalogue covers every Swedish text the pages and messages show, and the
 * templates in templates/ all compile; every catalogue po/<code>.po has its line in BP_LANGUAGES and each
 * line its catalogue; Arabic is right to left and falls back to Swedish. Runs on the real files (the
 * catalogues compiled by the build). How much of the core Arabic covers: scripts/msgids.py (unit.msgids). */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include "http/http.h"

/* Texts that are the same in both languages. */
static const char *const same[] = {
    "Plan",   "Barnplan", "Region", "SIP Barnets plan", "SIP Barnets plan (Västerbotten)",
    "Status", "–" /* a select's empty choice */};

static int missing;

static void check(void *ud, const char *msgid)
{
    size_t i;
    (void)ud;
    for (i = 0; i < BP_ARRAY_LEN(same); i++)
        if (strcmp(msgid, same[i]) == 0)
            return;
    if (strcmp(bp_tr(BP_LANG_EN, msgid), msgid) == 0) {
        fprintf(stderr, "no English translation for: %s\n", msgid);
        missing++;
    }
}

static void test_every_text_is_translated(void **state)
{
    const char *src = getenv("BARNPLAN_SOURCE_DIR"), *loc = getenv("BARNPLAN_LOCALEDIR");
    struct bp_tmpl_set *set;
    char dir[4096], err[512];
    (void)state;
    assert_non_null(src);
    assert_non_null(loc);
    bp_i18n_init(loc, bp_messages_msgids);
    assert_string_equal(bp_tr(BP_LANG_EN, "Mina ärenden"), "My cases");
    assert_string_equal(bp_tr(BP_LANG_SV, "Mina ärenden"), "Mina ärenden");
    set = bp_tmpl_set_new(BP_LANG_COUNT, bp_tr_cb, NULL);
    snprintf(dir, sizeof(dir), "%s/templates", src);
    assert_int_equal(bp_tmpl_add_dir(set, dir, err, sizeof(err)), BP_OK);
    if (bp_tmpl_compile(set, err, sizeof(err)) != BP_OK)
        fail_msg("templates do not compile: %s", err);
    missing = 0;
    bp_tmpl_each_msgid(set, check, NULL);
    bp_messages_msgids(check, NULL);
    assert_int_equal(missing, 0);
    bp_tmpl_set_free(set);
}

/* Adding a language is adding a catalogue and a line: each without the other is a mistake. */
static void test_catalogues_and_languages_agree(void **state)
{
    const char *src = getenv("BARNPLAN_SOURCE_DIR");
    char dir[4096], code[32];
    bool seen[BP_LANG_COUNT] = {false};
    struct dirent *e;
    DIR *d;
    int l, n = 0;
    (void)state;
    assert_non_null(src);
    snprintf(dir, sizeof(dir), "%s/po", src);
    d = opendir(dir);
    assert_non_null(d);
    while ((e = readdir(d)) != NULL) {
        size_t len = strlen(e->d_name);
        if (len < 4 || len - 3 >= sizeof(code) || strcmp(e->d_name + len - 3, ".po") != 0)
            continue;
        memcpy(code, e->d_name, len - 3);
        code[len - 3] = '\0';
        l = bp_lang_from_code(code);
        if (l <= 0)
            fail_msg("po/%s has no line in BP_LANGUAGES (src/http/http.h)", e->d_name);
        seen[l] = true;
        n++;
    }
    closedir(d);
    for (l = 1; l < BP_LANG_COUNT; l++)
        if (!seen[l])
            fail_msg("BP_LANGUAGES has %s, but there is no po/%s.po", bp_languages[l].code,
                     bp_languages[l].code);
    assert_int_equal(n, BP_LANG_COUNT - 1); /* Swedish is the msgids, not a catalogue */
    assert_int_equal(bp_lang_from_code("sv"), BP_LANG_SV);
    assert_int_equal(bp_lang_from_code("xx"), -1);
    assert_int_equal(bp_lang_from_code(NULL), -1);
}

/* Arabic: right to left, its own words, and Swedish where its catalogue has none. */
static void test_arabic(void **state)
{
    (void)state;
    bp_i18n_init(getenv("BARNPLAN_LOCALEDIR"), bp_messages_msgids);
    assert_string_equal(bp_languages[BP_LANG_AR].code, "ar");
    assert_string_equal(bp_languages[BP_LANG_AR].dir, "rtl");
    assert_string_equal(bp_languages[BP_LANG_SV].dir, "ltr");
    assert_string_equal(bp_tr(BP_LANG_AR, "Logga in"), "تسجيل الدخول");
    assert_string_equal(bp_error_text(BP_LANG_AR, "required"), "املأ هذا الحقل.");
    assert_string_equal(bp_tr(BP_LANG_EN, "Logga in"), "Log in"); /* the catalogues are not mixed up */
    /* outside the core (the professionals' words): Swedish, never English */
    assert_string_equal(bp_label(BP_LANG_EN, "org_kind", "school"), "School");
    assert_string_equal(bp_label(BP_LANG_AR, "org_kind", "school"), "Skola");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_text_is_translated),
        cmocka_unit_test(test_catalogues_and_languages_agree),
        cmocka_unit_test(test_arabic),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
