/* fuzz_tmpl.c: the template engine (src/http/tmpl.c) on arbitrary template text. It must never crash,
 * loop or read out of bounds, and no value ever comes out unescaped: the template is rendered with
 * values full of < > " ' & and again with plain values of the same truthiness; since values never
 * contribute the markup characters < > " ', both outputs must hold exactly as many of each. */
#include <string.h>
#include "fuzz.h"
#include "http/tmpl.h"

static const char *tr(void *ud, int lang, const char *msgid)
{
    (void)ud;
    return lang ? "<t>" : msgid;
}

/* Counts the characters that make markup (an escaped value adds '&' through its entities, so '&' is
 * not counted). */
static void count_markup(const char *s, size_t counts[4])
{
    static const char marks[] = "<>\"'";
    size_t i;
    for (i = 0; i < 4; i++)
        counts[i] = 0;
    for (; *s; s++)
        for (i = 0; i < 4; i++)
            counts[i] += *s == marks[i];
}

static struct bp_tv *context(struct bp_arena *a, const char *v)
{
    struct bp_tv *ctx = bp_tv_obj(a), *list = bp_tv_list(a), *obj = bp_tv_obj(a);
    int i;
    bp_tv_set_str(a, obj, "a", v);
    bp_tv_set_int(a, obj, "n", 7);
    for (i = 0; i < 3; i++)
        bp_tv_push(a, list, i == 1 ? bp_tv_str(a, v) : obj);
    bp_tv_set(a, ctx, "list", list);
    bp_tv_set(a, ctx, "obj", obj);
    bp_tv_set_str(a, ctx, "a", v);
    bp_tv_set_bool(a, ctx, "yes", true);
    bp_tv_set_bool(a, ctx, "no", false);
    return ctx;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct bp_tmpl_set *set;
    struct bp_arena a;
    struct bp_buf out, out2;
    struct bp_tv *hostile, *plain;
    char err[256];
    int lang;

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
    hostile = context(&a, "<x>\"'&<script>");
    plain = context(&a, "xyzzy");
    for (lang = 0; lang < 2; lang++) {
        size_t c1[4], c2[4];
        bp_buf_init(&out, 1 << 20);
        bp_buf_init(&out2, 1 << 20);
        bp_tmpl_render(set, "t", lang, hostile, &out);
        bp_tmpl_render(set, "t", lang, plain, &out2);
        if (!bp_buf_failed(&out) && !bp_buf_failed(&out2)) {
            count_markup(bp_buf_str(&out), c1);
            count_markup(bp_buf_str(&out2), c2);
            FUZZ_CHECK(memcmp(c1, c2, sizeof(c1)) == 0);
        }
        bp_buf_release(&out);
        bp_buf_release(&out2);
    }
    bp_arena_release(&a);
    bp_tmpl_set_free(set);
    return 0;
}
