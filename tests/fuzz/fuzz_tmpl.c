/* fuzz_tmpl.c: the template engine (src/web/tmpl.c) on arbitrary template text. It must never crash,
 * loop or read out of bounds; a template that compiles renders within the output cap; and no value
 * ever comes out unescaped: the context's values hold "<x>", so "<x>" may appear in the output only
 * when the template text itself contains it. */
#include <string.h>
#include "fuzz.h"
#include "web/tmpl.h"

static const char *tr(void *ud, int lang, const char *msgid)
{
    (void)ud;
    return lang ? "<t>" : msgid;
}

static int contains(const uint8_t *data, size_t size, const char *needle)
{
    size_t n = strlen(needle), i;
    for (i = 0; i + n <= size; i++)
        if (memcmp(data + i, needle, n) == 0)
            return 1;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct bp_tmpl_set *set;
    struct bp_arena a;
    struct bp_buf out;
    struct bp_tv *ctx, *list, *obj;
    char err[256];
    int lang, i;

    if (size > 64 * 1024)
        return 0;
    set = bp_tmpl_set_new(2, tr, NULL);
    bp_tmpl_add(set, "p", "[{{a}}]", 7);
    bp_tmpl_add(set, "t", (const char *)data, size);
    if (bp_tmpl_compile(set, err, sizeof(err)) != BP_OK) {
        FUZZ_CHECK(err[0] != '\0');
        bp_tmpl_set_free(set);
        return 0;
    }
    bp_arena_init(&a, 4096);
    ctx = bp_tv_obj(&a);
    list = bp_tv_list(&a);
    obj = bp_tv_obj(&a);
    bp_tv_set_str(&a, obj, "a", "<x>");
    bp_tv_set_int(&a, obj, "n", 7);
    for (i = 0; i < 3; i++)
        bp_tv_push(&a, list, i == 1 ? bp_tv_str(&a, "<x>\"'&") : obj);
    bp_tv_set(&a, ctx, "list", list);
    bp_tv_set(&a, ctx, "obj", obj);
    bp_tv_set_str(&a, ctx, "a", "<x>");
    bp_tv_set_bool(&a, ctx, "yes", true);
    bp_tv_set_bool(&a, ctx, "no", false);
    for (lang = 0; lang < 2; lang++) {
        bp_buf_init(&out, 1 << 20);
        bp_tmpl_render(set, "t", lang, ctx, &out);
        if (!bp_buf_failed(&out) && !contains(data, size, "<x>"))
            FUZZ_CHECK(strstr(bp_buf_str(&out), "<x>") == NULL);
        bp_buf_release(&out);
    }
    bp_arena_release(&a);
    bp_tmpl_set_free(set);
    return 0;
}
