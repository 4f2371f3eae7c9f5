/* test_i18n.c: the English catalogue covers every Swedish text the pages and messages show, and the
 * templates in templates/ all compile. Runs on the real files (po/en.po compiled by the build). */
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_text_is_translated),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
