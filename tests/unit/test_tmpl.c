/* test_tmpl.c: the template engine (src/http/tmpl.c): escaping by default everywhere, sections,
 * inverted sections, partials, translations at compile time, and syntax errors at load time. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include "http/tmpl.h"

static const char *fake_tr(void *ud, int lang, const char *msgid)
{
    (void)ud;
    if (lang == 1 && strcmp(msgid, "Hej") == 0)
        return "Hello";
    return msgid;
}

struct fixture {
    struct bp_tmpl_set *set;
    struct bp_arena a;
    struct bp_buf out;
};

static char err[256];

static const char *render(struct fixture *f, const char *name, int lang, const struct bp_tv *ctx)
{
    bp_buf_reset(&f->out);
    bp_tmpl_render(f->set, name, lang, ctx, &f->out);
    return bp_buf_str(&f->out);
}

static void add(struct fixture *f, const char *name, const char *text)
{
    bp_tmpl_add(f->set, name, text, strlen(text));
}

static int setup(void **state)
{
    struct fixture *f = bp_xcalloc(1, sizeof(*f));
    f->set = bp_tmpl_set_new(2, fake_tr, NULL);
    bp_arena_init(&f->a, 4096);
    bp_buf_init(&f->out, 1 << 20);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    bp_tmpl_set_free(f->set);
    bp_arena_release(&f->a);
    bp_buf_release(&f->out);
    free(f);
    return 0;
}

static void test_escapes_every_value(void **state)
{
    struct fixture *f = *state;
    struct bp_tv *ctx = bp_tv_obj(&f->a), *list = bp_tv_list(&f->a), *child = bp_tv_obj(&f->a);
    add(f, "t", "<p title=\"{{x}}\">{{x}}</p>{{#list}}[{{.}}]{{/list}}{{child.name}}");
    assert_int_equal(bp_tmpl_compile(f->set, err, sizeof(err)), BP_OK);
    bp_tv_set_str(&f->a, ctx, "x", "<script>alert('x')</script>&\"");
    bp_tv_push(&f->a, list, bp_tv_str(&f->a, "<b>"));
    bp_tv_set(&f->a, ctx, "list", list);
    bp_tv_set_str(&f->a, child, "name", "\"><img src=x onerror=alert(1)>");
    bp_tv_set(&f->a, ctx, "child", child);
    assert_string_equal(render(f, "t", 0, ctx),
                        "<p title=\"&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;&quot;\">"
                        "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;&quot;</p>[&lt;b&gt;]"
                        "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;");
}

static void test_sections_and_scopes(void **state)
{
    struct fixture *f = *state;
    struct bp_tv *ctx = bp_tv_obj(&f->a), *items = bp_tv_list(&f->a);
    int i;
    add(f, "t",
        "{{#items}}{{n}}:{{title}};{{/items}}{{^items}}none{{/items}}{{#flag}}F{{/flag}}{{^flag}}f{{/flag}}"
        "{{#zero}}Z{{/zero}}{{#empty}}E{{/empty}}{{missing}}");
    assert_int_equal(bp_tmpl_compile(f->set, err, sizeof(err)), BP_OK);
    for (i = 1; i <= 3; i++) {
        struct bp_tv *o = bp_tv_obj(&f->a);
        bp_tv_set_int(&f->a, o, "n", i);
        bp_tv_push(&f->a, items, o);
    }
    bp_tv_set(&f->a, ctx, "items", items);
    bp_tv_set_str(&f->a, ctx, "title", "outer"); /* found from inside the section */
    bp_tv_set_bool(&f->a, ctx, "flag", false);
    bp_tv_set_int(&f->a, ctx, "zero", 0);
    bp_tv_set_str(&f->a, ctx, "empty", "");
    assert_string_equal(render(f, "t", 0, ctx), "1:outer;2:outer;3:outer;f");
    assert_string_equal(render(f, "t", 0, bp_tv_obj(&f->a)), "nonef");
}

static void test_partials_and_translation(void **state)
{
    struct fixture *f = *state;
    struct bp_tv *ctx = bp_tv_obj(&f->a);
    add(f, "head", "<h1>{{_ Hej}}</h1>");
    add(f, "page", "{{>head}}{{! a comment }}<p>{{name}}</p>");
    assert_int_equal(bp_tmpl_compile(f->set, err, sizeof(err)), BP_OK);
    bp_tv_set_str(&f->a, ctx, "name", "Åsa");
    assert_string_equal(render(f, "page", 0, ctx), "<h1>Hej</h1><p>Åsa</p>");
    assert_string_equal(render(f, "page", 1, ctx), "<h1>Hello</h1><p>Åsa</p>");
}

static void test_syntax_errors_are_caught_at_load(void **state)
{
    static const char *const bad[] = {
        "{{#a}}never closed", "{{/a}}",      "{{#a}}{{/b}}", "{{unterminated",
        "{{{raw}}}",          "{{>nosuch}}", "{{}}",         "{{a..b}}",
    };
    size_t i;
    (void)state;
    for (i = 0; i < BP_ARRAY_LEN(bad); i++) {
        struct bp_tmpl_set *s = bp_tmpl_set_new(1, NULL, NULL);
        bp_tmpl_add(s, "bad", bad[i], strlen(bad[i]));
        assert_int_equal(bp_tmpl_compile(s, err, sizeof(err)), BP_ERR_INVALID);
        assert_non_null(strstr(err, "bad"));
        bp_tmpl_set_free(s);
    }
}

static void test_self_including_partial_is_refused(void **state)
{
    struct fixture *f = *state;
    add(f, "a", "x{{>b}}");
    add(f, "b", "y{{>a}}");
    assert_int_equal(bp_tmpl_compile(f->set, err, sizeof(err)), BP_ERR_INVALID);
}

static void test_output_cap_is_sticky(void **state)
{
    struct fixture *f = *state;
    struct bp_tv *ctx = bp_tv_obj(&f->a), *items = bp_tv_list(&f->a);
    int i;
    add(f, "t", "{{#items}}0123456789{{/items}}");
    assert_int_equal(bp_tmpl_compile(f->set, err, sizeof(err)), BP_OK);
    for (i = 0; i < 1000; i++)
        bp_tv_push(&f->a, items, bp_tv_obj(&f->a));
    bp_tv_set(&f->a, ctx, "items", items);
    bp_buf_release(&f->out);
    bp_buf_init(&f->out, 100);
    render(f, "t", 0, ctx);
    assert_true(bp_buf_failed(&f->out));
}

/* Keys are names resolved to integers when the templates compile and when C code sets them (issue 12
 * item 2): a key built at run time, a buffer reused for another key, a name first set by a built key and
 * only later met as a literal, and objects with more keys than the lookup mask has bits all still find
 * exactly what the old string comparison found. */
static void test_keys_built_at_run_time(void **state)
{
    struct fixture *f = *state;
    struct bp_tv *ctx = bp_tv_obj(&f->a), *o = bp_tv_obj(&f->a), *o2 = bp_tv_obj(&f->a);
    char buf[32];
    int i;
    add(f, "t", "{{saved_plan}}|{{x}}|{{#o}}{{k7}},{{k70}},{{k99}},{{x}}{{/o}}|{{o.k0}}");
    assert_int_equal(bp_tmpl_compile(f->set, err, sizeof(err)), BP_OK);
    bp_tv_set_str(&f->a, ctx, bp_arena_printf(&f->a, "saved_%s", "plan"), "S");
    bp_tv_set_str(&f->a, ctx, "x", "literal");
    bp_tv_set_str(&f->a, ctx, bp_arena_strdup(&f->a, "x"), "built"); /* a later set shadows */
    for (i = 0; i < 80; i++) {
        snprintf(buf, sizeof(buf), "k%d", i); /* the same address, another name each time */
        bp_tv_set_int(&f->a, o, bp_arena_strdup(&f->a, buf), i);
    }
    bp_tv_set(&f->a, ctx, "o", o);
    assert_string_equal(render(f, "t", 0, ctx), "S|built|7,70,,built|0");

    /* an arena's address reused by the next request for another name (the per-request arenas do this) */
    {
        struct bp_arena b;
        struct bp_tv *r1, *r2;
        char *k1, *k2;
        bp_arena_init(&b, 4096);
        r1 = bp_tv_obj(&b);
        k1 = bp_arena_strdup(&b, "x");
        bp_tv_set_str(&b, r1, k1, "one");
        assert_string_equal(render(f, "t", 0, r1), "|one||");
        bp_arena_reset(&b);
        r2 = bp_tv_obj(&b);
        k2 = bp_arena_strdup(&b, "saved_plan");
        assert_ptr_equal(k1, k2); /* the same address, another name */
        bp_tv_set_str(&b, r2, k2, "two");
        assert_string_equal(render(f, "t", 0, r2), "two|||");
        assert_null(bp_tv_get(r2, "x"));
        bp_arena_release(&b);
    }

    /* a name no template holds, set as built text, then asked for by a literal seen for the first time */
    bp_tv_set_int(&f->a, o2, bp_arena_strdup(&f->a, "only_built_q7"), 5);
    assert_non_null(bp_tv_get(o2, "only_built_q7"));
    assert_non_null(bp_tv_get(o2, bp_arena_strdup(&f->a, "only_built_q7")));
    assert_null(bp_tv_get(o2, "only_built_q8"));
    for (i = 0; i < 80; i++) {
        snprintf(buf, sizeof(buf), "k%d", i);
        assert_non_null(bp_tv_get(o, buf));
    }
    assert_null(bp_tv_get(o, "k80"));
    assert_null(bp_tv_get(ctx, "k1")); /* one level only */
}

/* An object of many keys is looked up through an index (issue 12 item 2): every key found, the newest set
 * of a key wins whether it came before the index was built, between its rebuilds or after. */
static void test_many_keys_and_shadowing(void **state)
{
    struct fixture *f = *state;
    struct bp_tv *ctx = bp_tv_obj(&f->a), *inner = bp_tv_obj(&f->a);
    struct bp_buf t, want;
    char key[16];
    int i;
    bp_buf_init(&t, 1 << 16);
    bp_buf_init(&want, 1 << 16);
    for (i = 0; i < 60; i++)
        bp_buf_addf(&t, "{{k%d}},", i);
    bp_buf_adds(&t, "{{#inner}}{{k1}}{{k2}}{{/inner}}");
    add(f, "t", bp_buf_str(&t));
    assert_int_equal(bp_tmpl_compile(f->set, err, sizeof(err)), BP_OK);
    bp_tv_set_int(&f->a, ctx, "k1", -1); /* shadowed before the index exists */
    for (i = 0; i < 60; i++) {
        snprintf(key, sizeof(key), "k%d", i);
        bp_tv_set_int(&f->a, ctx, bp_arena_strdup(&f->a, key), i);
        if (i == 20)
            bp_tv_set_int(&f->a, ctx, "k5", 500); /* between builds */
    }
    bp_tv_set_int(&f->a, ctx, "k30", 3000); /* after the last build */
    bp_tv_set_int(&f->a, inner, "k2", 22);
    bp_tv_set(&f->a, ctx, "inner", inner);
    for (i = 0; i < 60; i++)
        bp_buf_addf(&want, "%d,", i == 5 ? 500 : i == 30 ? 3000 : i);
    bp_buf_adds(&want, "122");
    assert_string_equal(render(f, "t", 0, ctx), bp_buf_str(&want));
    assert_null(bp_tv_get(ctx, "k60"));
    bp_buf_release(&t);
    bp_buf_release(&want);
}

static void collect(void *ud, const char *msgid)
{
    (*(int *)ud)++;
    assert_string_equal(msgid, "Hej");
}

static void test_each_msgid(void **state)
{
    struct fixture *f = *state;
    int n = 0;
    add(f, "t", "{{#x}}{{_ Hej}}{{/x}}");
    assert_int_equal(bp_tmpl_compile(f->set, err, sizeof(err)), BP_OK);
    bp_tmpl_each_msgid(f->set, collect, &n);
    assert_int_equal(n, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_escapes_every_value, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sections_and_scopes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_partials_and_translation, setup, teardown),
        cmocka_unit_test(test_syntax_errors_are_caught_at_load),
        cmocka_unit_test_setup_teardown(test_self_including_partial_is_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_output_cap_is_sticky, setup, teardown),
        cmocka_unit_test_setup_teardown(test_each_msgid, setup, teardown),
        cmocka_unit_test_setup_teardown(test_keys_built_at_run_time, setup, teardown),
        cmocka_unit_test_setup_teardown(test_many_keys_and_shadowing, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
