/* fuzz_form.c: fuzz target for bp_form_decode (util/form.c), the decoder of every urlencoded body
 * and query string. Decodes each input twice, with small limits (so that the field and value limits
 * are hit often) and with the real ones, then touches every field and checks the contract of form.h.
 * Must not keep state between inputs. */
#include "fuzz.h"
#include "util/buf.h"
#include "util/form.h"

#define SMALL_FIELDS 8
#define SMALL_VALUE  16
#define MAX_INPUT    (1024 * 1024) /* longer inputs teach nothing new and only slow a session down */

static bool is_valid_utf8(struct bp_arena *a, const char *s, size_t n)
{
    size_t out;
    const char *clean = bp_utf8_sanitize(a, s, n, &out);
    return out == n && memcmp(clean, s, n) == 0;
}

static void touch_fields(struct bp_arena *a, const struct bp_form *f, size_t max_fields, size_t max_value)
{
    struct bp_buf html, url;
    FUZZ_CHECK(f->count <= max_fields);
    FUZZ_CHECK(f->count == 0 || f->fields != NULL);
    bp_buf_init(&html, 64 * MAX_INPUT);
    bp_buf_init(&url, 64 * MAX_INPUT);
    for (size_t i = 0; i < f->count; i++) {
        const struct bp_form_field *ff = &f->fields[i];
        size_t nlen = strlen(ff->name);
        /* names: present, bounded, valid UTF-8 */
        FUZZ_CHECK(nlen > 0);
        FUZZ_CHECK(nlen <= 3 * BP_MAX_FORM_NAME);
        FUZZ_CHECK(is_valid_utf8(a, ff->name, nlen));
        /* values: NUL-terminated at len, no NUL inside, valid UTF-8, bounded */
        FUZZ_CHECK(strlen(ff->value) == ff->len);
        FUZZ_CHECK(ff->len <= 3 * max_value);
        FUZZ_CHECK(is_valid_utf8(a, ff->value, ff->len));
        FUZZ_CHECK(bp_utf8_chars(ff->value, ff->len) <= ff->len);
        /* look-ups find a field of that name, and the first one */
        FUZZ_CHECK(strcmp(bp_form_field(f, ff->name)->name, ff->name) == 0);
        FUZZ_CHECK(bp_form_field(f, ff->name) <= ff);
        FUZZ_CHECK(bp_form_has(f, ff->name, ff->value));
        /* what templates and links do with values: escaping leaves nothing active */
        bp_buf_reset(&html);
        bp_buf_add_html(&html, ff->value, ff->len);
        FUZZ_CHECK(!bp_buf_failed(&html));
        FUZZ_CHECK(strpbrk(bp_buf_str(&html), "<>\"'") == NULL);
        bp_buf_reset(&url);
        bp_buf_add_urlenc(&url, ff->value, ff->len);
        FUZZ_CHECK(!bp_buf_failed(&url));
        FUZZ_CHECK(url.len >= ff->len);
        (void)bp_trim(a, ff->value);
        (void)bp_utf8_valid_text(ff->value, ff->len);
    }
    bp_buf_release(&html);
    bp_buf_release(&url);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct bp_arena a;
    struct bp_form small, full;
    const char *s = (const char *)data;

    if (size > MAX_INPUT)
        return 0;
    bp_arena_init(&a, 0);
    bp_form_decode(&a, s, size, SMALL_FIELDS, SMALL_VALUE, &small);
    touch_fields(&a, &small, SMALL_FIELDS, SMALL_VALUE);
    bp_form_decode(&a, s, size, BP_MAX_FORM_FIELDS, BP_MAX_FORM_VALUE, &full);
    touch_fields(&a, &full, BP_MAX_FORM_FIELDS, BP_MAX_FORM_VALUE);

    /* The small limits only cut: the same fields in the same order, each value a prefix of the full
     * one (a cut never splits a UTF-8 sequence, which would turn its first bytes into U+FFFD), and
     * equal when neither was cut. */
    FUZZ_CHECK(small.count <= full.count);
    FUZZ_CHECK(small.too_many || small.count == full.count);
    FUZZ_CHECK(!full.too_many || small.too_many);
    for (size_t i = 0; i < small.count; i++) {
        const struct bp_form_field *sf = &small.fields[i], *ff = &full.fields[i];
        FUZZ_CHECK(strcmp(sf->name, ff->name) == 0);
        FUZZ_CHECK(sf->len <= ff->len);
        FUZZ_CHECK(memcmp(sf->value, ff->value, sf->len) == 0);
        if (!sf->too_long && !ff->too_long)
            FUZZ_CHECK(sf->len == ff->len);
        FUZZ_CHECK(!ff->too_long || sf->too_long);
    }
    bp_arena_release(&a);
    return 0;
}
