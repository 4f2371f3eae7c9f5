/* test_util.c: unit tests of src/util: the arena (alignment, blocks, deferred cleanups), the capped
 * string builder and its escaping appenders, urlencoded form decoding with its limits, the UTF-8
 * helpers, civil-date arithmetic and parsing, and integer parsing. Pure tests: no files, no network;
 * the only environment touched is TZ, for the one function that reads local time. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <time.h>

#include "util/arena.h"
#include "util/buf.h"
#include "util/date.h"
#include "util/form.h"

/* ------------------------------------------------------------------ arena */

static void test_arena_alignment_and_zeroing(void **state)
{
    struct bp_arena a;
    unsigned char *prev = NULL;
    size_t prev_n = 0;
    (void)state;
    bp_arena_init(&a, 512);
    for (size_t n = 1; n <= 200; n++) {
        unsigned char *p = bp_arena_alloc(&a, n);
        assert_int_equal((uintptr_t)p % 16, 0);
        for (size_t i = 0; i < n; i++)
            assert_int_equal(p[i], 0);
        memset(p, 0xAB, n);
        /* the previous allocation is untouched by this one */
        for (size_t i = 0; prev && i < prev_n; i++)
            assert_int_equal(prev[i], 0xAB);
        prev = p;
        prev_n = n;
    }
    /* a zero-byte allocation is a valid, aligned pointer too */
    assert_non_null(bp_arena_alloc(&a, 0));
    assert_int_equal((uintptr_t)bp_arena_alloc(&a, 0) % 16, 0);
    bp_arena_release(&a);
}

static void test_arena_default_block_size(void **state)
{
    struct bp_arena a;
    (void)state;
    bp_arena_init(&a, 0);
    assert_true(a.block_size > 0);
    assert_non_null(bp_arena_alloc(&a, 100));
    bp_arena_release(&a);
}

/* An allocation bigger than a block gets its own block behind the head, so the head keeps its free
 * space: the next small allocation follows the previous one. */
static void test_arena_big_allocations(void **state)
{
    struct bp_arena a;
    char *small1, *big, *small2, *huge;
    (void)state;
    bp_arena_init(&a, 1024);
    small1 = bp_arena_alloc(&a, 16);
    big = bp_arena_alloc(&a, 100000);
    assert_int_equal((uintptr_t)big % 16, 0);
    for (size_t i = 0; i < 100000; i++)
        assert_int_equal(big[i], 0);
    memset(big, 'x', 100000);
    small2 = bp_arena_alloc(&a, 16);
    assert_ptr_equal(small2, small1 + 16);
    huge = bp_arena_alloc(&a, 8u << 20);
    memset(huge, 'y', 8u << 20);
    assert_int_equal(big[99999], 'x');
    bp_arena_release(&a);

    /* an oversized first allocation works on an empty arena too */
    bp_arena_init(&a, 64);
    big = bp_arena_alloc(&a, 4096);
    memset(big, 1, 4096);
    assert_non_null(bp_arena_alloc(&a, 8));
    bp_arena_reset(&a);
    assert_non_null(bp_arena_alloc(&a, 8));
    bp_arena_release(&a);
}

/* Many small allocations over many blocks; after reset the first block is reused. */
static void test_arena_many_blocks_and_reuse(void **state)
{
    struct bp_arena a;
    char *first, *again;
    char *ptrs[1000];
    (void)state;
    bp_arena_init(&a, 256);
    first = bp_arena_alloc(&a, 32);
    for (int i = 0; i < 1000; i++) {
        ptrs[i] = bp_arena_printf(&a, "string number %d", i);
    }
    for (int i = 0; i < 1000; i++) {
        char want[32];
        snprintf(want, sizeof(want), "string number %d", i);
        assert_string_equal(ptrs[i], want);
    }
    bp_arena_reset(&a);
    again = bp_arena_alloc(&a, 32);
    assert_ptr_equal(again, first);
    bp_arena_release(&a);
    assert_null(a.head);
}

struct defer_log {
    char order[16];
    size_t n;
};

/* What one deferred cleanup writes into the log; lives in the arena it is registered on. */
struct defer_note {
    struct defer_log *log;
    char letter;
};

static void note_defer(void *arg)
{
    struct defer_note *note = arg;
    note->log->order[note->log->n++] = note->letter;
}

static void add_note(struct bp_arena *a, struct defer_log *log, char letter)
{
    struct defer_note *note = bp_arena_alloc(a, sizeof(*note));
    note->log = log;
    note->letter = letter;
    bp_arena_defer(a, note_defer, note);
}

static void test_arena_defers_run_last_first(void **state)
{
    struct bp_arena a;
    struct defer_log log = {{0}, 0};
    (void)state;
    bp_arena_init(&a, 128);
    add_note(&a, &log, 'a');
    add_note(&a, &log, 'b');
    for (int i = 0; i < 50; i++)
        bp_arena_alloc(&a, 64); /* the records outlive block changes */
    add_note(&a, &log, 'c');
    bp_arena_reset(&a);
    assert_int_equal(log.n, 3);
    assert_memory_equal(log.order, "cba", 3);
    /* each cleanup runs once */
    bp_arena_reset(&a);
    assert_int_equal(log.n, 3);
    /* release runs the cleanups registered since */
    add_note(&a, &log, 'd');
    add_note(&a, &log, 'e');
    bp_arena_release(&a);
    assert_int_equal(log.n, 5);
    assert_memory_equal(log.order, "cbaed", 5);
}

static void test_arena_strings(void **state)
{
    struct bp_arena a;
    char *s;
    (void)state;
    bp_arena_init(&a, 64);
    assert_null(bp_arena_strdup(&a, NULL));
    assert_string_equal(bp_arena_strdup(&a, ""), "");
    assert_string_equal(bp_arena_strdup(&a, "Västerbotten"), "Västerbotten");
    s = bp_arena_strndup(&a, "Kronoberg län", 9);
    assert_string_equal(s, "Kronoberg");
    s = bp_arena_printf(&a, "%s-%04d", "plan", 7);
    assert_string_equal(s, "plan-0007");
    /* longer than a block */
    s = bp_arena_printf(&a, "%0300d", 5);
    assert_int_equal(strlen(s), 300);
    assert_int_equal(s[299], '5');
    bp_arena_release(&a);
}

/* A buffer handed to an arena is released with it (LeakSanitizer would see it otherwise). */
static void test_buf_in_arena(void **state)
{
    struct bp_arena a;
    struct bp_buf b;
    (void)state;
    bp_arena_init(&a, 0);
    bp_buf_init(&b, 1 << 20);
    bp_buf_in_arena(&b, &a);
    for (int i = 0; i < 1000; i++)
        bp_buf_adds(&b, "grow the buffer past its first allocation ");
    assert_false(bp_buf_failed(&b));
    bp_arena_reset(&a);
    assert_null(b.data);
    bp_arena_release(&a);
}

/* ------------------------------------------------------------------ buf */

static void test_buf_cap_and_sticky_overflow(void **state)
{
    struct bp_buf b;
    (void)state;
    bp_buf_init(&b, 10);
    assert_string_equal(bp_buf_str(&b), "");
    bp_buf_adds(&b, "12345");
    bp_buf_addc(&b, '6');
    assert_false(bp_buf_failed(&b));
    bp_buf_adds(&b, "78901"); /* 11 > 10: refused whole, never cut */
    assert_true(bp_buf_failed(&b));
    assert_string_equal(bp_buf_str(&b), "123456");
    assert_int_equal(b.len, 6);
    bp_buf_addc(&b, '7'); /* would fit, but the error is sticky */
    bp_buf_addf(&b, "%d", 8);
    assert_true(bp_buf_failed(&b));
    assert_string_equal(bp_buf_str(&b), "123456");
    bp_buf_reset(&b);
    assert_false(bp_buf_failed(&b));
    assert_string_equal(bp_buf_str(&b), "");
    bp_buf_adds(&b, "1234567890"); /* exactly the cap */
    assert_false(bp_buf_failed(&b));
    assert_int_equal(b.len, 10);
    bp_buf_add(&b, "", 0); /* nothing more is still fine */
    assert_false(bp_buf_failed(&b));
    bp_buf_addc(&b, 'x');
    assert_true(bp_buf_failed(&b));
    assert_string_equal(bp_buf_str(&b), "1234567890");
    bp_buf_release(&b);
    assert_null(b.data);
    assert_int_equal(b.max, 10);
}

static void test_buf_cap_with_format_and_zero(void **state)
{
    struct bp_buf b;
    (void)state;
    bp_buf_init(&b, 8);
    bp_buf_addf(&b, "%s=%d", "n", 12345);
    assert_string_equal(bp_buf_str(&b), "n=12345");
    bp_buf_addf(&b, "%d", 42); /* 9 > 8 */
    assert_true(bp_buf_failed(&b));
    assert_string_equal(bp_buf_str(&b), "n=12345");
    bp_buf_release(&b);

    bp_buf_init(&b, 0);
    bp_buf_addc(&b, 'a');
    assert_true(bp_buf_failed(&b));
    assert_string_equal(bp_buf_str(&b), "");
    bp_buf_release(&b);

    /* a huge append does not wrap the size arithmetic */
    bp_buf_init(&b, 100);
    bp_buf_adds(&b, "abc");
    bp_buf_add(&b, "x", SIZE_MAX);
    assert_true(bp_buf_failed(&b));
    assert_string_equal(bp_buf_str(&b), "abc");
    bp_buf_release(&b);
}

static void test_buf_grows(void **state)
{
    struct bp_buf b;
    (void)state;
    bp_buf_init(&b, 1 << 20);
    for (int i = 0; i < 10000; i++)
        bp_buf_addf(&b, "%d,", i % 10);
    assert_false(bp_buf_failed(&b));
    assert_int_equal(b.len, 20000);
    assert_int_equal(strlen(bp_buf_str(&b)), 20000);
    assert_memory_equal(bp_buf_str(&b) + 19996, "8,9,", 4);
    bp_buf_release(&b);
}

struct esc_row {
    const char *in;
    size_t n; /* 0: strlen */
    const char *want;
};

static void check_escapes(void (*fn)(struct bp_buf *, const char *, size_t), const struct esc_row *rows,
                          size_t count)
{
    int bad = 0;
    for (size_t i = 0; i < count; i++) {
        struct bp_buf b;
        size_t n = rows[i].n ? rows[i].n : strlen(rows[i].in);
        bp_buf_init(&b, 4096);
        fn(&b, rows[i].in, n);
        if (bp_buf_failed(&b) || strcmp(bp_buf_str(&b), rows[i].want) != 0) {
            print_error("escaping row %zu: got \"%s\", want \"%s\"\n", i, bp_buf_str(&b), rows[i].want);
            bad++;
        }
        bp_buf_release(&b);
    }
    assert_int_equal(bad, 0);
}

static void test_buf_html(void **state)
{
    static const struct esc_row rows[] = {
        {"", 0, ""},
        {"plain text", 0, "plain text"},
        {"&", 0, "&amp;"},
        {"<script>alert('x')</script>", 0, "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"},
        {"a & b < c > d \" e ' f", 0, "a &amp; b &lt; c &gt; d &quot; e &#39; f"},
        {"\"onmouseover=\"x", 0, "&quot;onmouseover=&quot;x"},
        {"&amp;", 0, "&amp;amp;"},
        {"Åsa Öberg", 0, "Åsa Öberg"},
        {"a\0b", 3,
         "a\xEF\xBF\xBD"
         "b"},
        {"\0", 1, "\xEF\xBF\xBD"},
        {"<&>", 2, "&lt;&amp;"}, /* only n bytes */
    };
    (void)state;
    check_escapes(bp_buf_add_html, rows, BP_ARRAY_LEN(rows));
}

static void test_buf_urlencode(void **state)
{
    static const struct esc_row rows[] = {
        {"", 0, ""},
        {"abcXYZ019-_.~", 0, "abcXYZ019-_.~"},
        {"a b", 0, "a%20b"},
        {"a+b&c=d/e?f#g%", 0, "a%2Bb%26c%3Dd%2Fe%3Ff%23g%25"},
        {"Växjö", 0, "V%C3%A4xj%C3%B6"},
        {"\0\xff", 2, "%00%FF"},
    };
    (void)state;
    check_escapes(bp_buf_add_urlenc, rows, BP_ARRAY_LEN(rows));
}

/* Escaping respects the cap like every other append. */
static void test_buf_escaping_respects_cap(void **state)
{
    struct bp_buf b;
    (void)state;
    bp_buf_init(&b, 8);
    bp_buf_add_html(&b, "<<<", 3); /* 12 bytes */
    assert_true(bp_buf_failed(&b));
    assert_true(b.len <= 8);
    bp_buf_release(&b);
    bp_buf_init(&b, 8);
    bp_buf_add_urlenc(&b, "\x01\x02\x03", 3); /* 9 bytes */
    assert_true(bp_buf_failed(&b));
    assert_true(b.len <= 8);
    bp_buf_release(&b);
}

/* ------------------------------------------------------------------ form */

static void decode(struct bp_arena *a, const char *s, size_t max_fields, size_t max_value, struct bp_form *f)
{
    bp_form_decode(a, s, strlen(s), max_fields, max_value, f);
}

/* Every field's value is NUL-terminated, as long as its len, valid UTF-8 without NUL, and at most
 * max_value bytes before invalid bytes were replaced (each replacement is 3 bytes); names are
 * non-empty and at most BP_MAX_FORM_NAME bytes before replacement. */
static void check_form_invariants(struct bp_arena *a, const struct bp_form *f, size_t max_fields,
                                  size_t max_value)
{
    assert_true(f->count <= max_fields);
    for (size_t i = 0; i < f->count; i++) {
        const struct bp_form_field *ff = &f->fields[i];
        assert_int_equal(strlen(ff->value), ff->len);
        assert_true(ff->len <= 3 * max_value);
        assert_string_equal(bp_utf8_sanitize(a, ff->value, ff->len, NULL), ff->value);
        assert_true(strlen(ff->name) > 0 && strlen(ff->name) <= 3 * BP_MAX_FORM_NAME);
        assert_string_equal(bp_utf8_sanitize(a, ff->name, strlen(ff->name), NULL), ff->name);
    }
}

static void test_form_basic_decoding(void **state)
{
    struct bp_arena a;
    struct bp_form f;
    (void)state;
    bp_arena_init(&a, 0);
    decode(&a, "a=1&name=Anna+Ek&city=V%C3%A4xj%C3%B6&mixed=%41%62%2B%26%3D&lower=%c3%a5", 200, 1000, &f);
    assert_int_equal(f.count, 5);
    assert_false(f.too_many);
    assert_string_equal(bp_form_get(&f, "a"), "1");
    assert_string_equal(bp_form_get(&f, "name"), "Anna Ek");
    assert_string_equal(bp_form_get(&f, "city"), "Växjö");
    assert_string_equal(bp_form_get(&f, "mixed"), "Ab+&=");
    assert_string_equal(bp_form_get(&f, "lower"), "å");
    assert_int_equal(bp_form_field(&f, "city")->len, strlen("Växjö"));
    assert_false(bp_form_field(&f, "city")->too_long);
    assert_null(bp_form_field(&f, "absent"));
    assert_string_equal(bp_form_get(&f, "absent"), "");
    check_form_invariants(&a, &f, 200, 1000);
    bp_arena_release(&a);
}

static void test_form_names_are_decoded(void **state)
{
    struct bp_arena a;
    struct bp_form f;
    (void)state;
    bp_arena_init(&a, 0);
    decode(&a, "guardians.0.name=Karin&first+name=x&%67uardian=y", 200, 1000, &f);
    assert_int_equal(f.count, 3);
    assert_string_equal(bp_form_get(&f, "guardians.0.name"), "Karin");
    assert_string_equal(bp_form_get(&f, "first name"), "x");
    assert_string_equal(bp_form_get(&f, "guardian"), "y");
    bp_arena_release(&a);
}

static void test_form_bad_percent_escapes_stay_literal(void **state)
{
    struct bp_arena a;
    struct bp_form f;
    (void)state;
    bp_arena_init(&a, 0);
    decode(&a, "a=%&b=%4&c=%zz&d=%4g&e=100%25&f=%%41", 200, 1000, &f);
    assert_string_equal(bp_form_get(&f, "a"), "%");
    assert_string_equal(bp_form_get(&f, "b"), "%4");
    assert_string_equal(bp_form_get(&f, "c"), "%zz");
    assert_string_equal(bp_form_get(&f, "d"), "%4g");
    assert_string_equal(bp_form_get(&f, "e"), "100%");
    assert_string_equal(bp_form_get(&f, "f"), "%A");
    bp_arena_release(&a);
}

static void test_form_repeated_names(void **state)
{
    struct bp_arena a;
    struct bp_form f;
    (void)state;
    bp_arena_init(&a, 0);
    decode(&a, "triggers=a&triggers=c&triggers=m&x=1", 200, 1000, &f);
    assert_int_equal(f.count, 4);
    assert_string_equal(bp_form_get(&f, "triggers"), "a"); /* the first */
    assert_true(bp_form_has(&f, "triggers", "a"));
    assert_true(bp_form_has(&f, "triggers", "c"));
    assert_true(bp_form_has(&f, "triggers", "m"));
    assert_false(bp_form_has(&f, "triggers", "b"));
    assert_false(bp_form_has(&f, "x", "a"));
    assert_false(bp_form_has(&f, "nothing", ""));
    bp_arena_release(&a);
}

static void test_form_missing_equals_and_empty_pairs(void **state)
{
    struct bp_arena a;
    struct bp_form f;
    (void)state;
    bp_arena_init(&a, 0);
    decode(&a, "&&flag&&x=1&=orphan&=&y=&&", 200, 1000, &f);
    assert_int_equal(f.count, 3); /* flag, x, y; empty pairs and empty names are dropped */
    assert_non_null(bp_form_field(&f, "flag"));
    assert_string_equal(bp_form_get(&f, "flag"), "");
    assert_int_equal(bp_form_field(&f, "flag")->len, 0);
    assert_string_equal(bp_form_get(&f, "x"), "1");
    assert_string_equal(bp_form_get(&f, "y"), "");
    assert_true(bp_form_has(&f, "y", ""));
    /* a value may hold '=' */
    decode(&a, "eq=a=b=c", 200, 1000, &f);
    assert_string_equal(bp_form_get(&f, "eq"), "a=b=c");
    /* nothing at all */
    bp_form_decode(&a, "", 0, 200, 1000, &f);
    assert_int_equal(f.count, 0);
    assert_false(f.too_many);
    bp_form_decode(&a, NULL, 0, 200, 1000, &f);
    assert_int_equal(f.count, 0);
    bp_arena_release(&a);
}

/* Only `len` bytes are read: the data need not be NUL-terminated. */
static void test_form_reads_only_len_bytes(void **state)
{
    struct bp_arena a;
    struct bp_form f;
    char data[] = {'a', '=', '1', '&', 'b', '=', '2'};
    (void)state;
    bp_arena_init(&a, 0);
    bp_form_decode(&a, data, 3, 200, 1000, &f);
    assert_int_equal(f.count, 1);
    assert_string_equal(bp_form_get(&f, "a"), "1");
    bp_form_decode(&a, data, sizeof(data), 200, 1000, &f);
    assert_int_equal(f.count, 2);
    assert_string_equal(bp_form_get(&f, "b"), "2");
    bp_form_decode(&a, data, 5, 200, 1000, &f); /* "a=1&b": b without '=' */
    assert_int_equal(f.count, 2);
    assert_string_equal(bp_form_get(&f, "b"), "");
    bp_arena_release(&a);
}

static void test_form_field_count_limit(void **state)
{
    struct bp_arena a;
    struct bp_form f;
    struct bp_buf b;
    (void)state;
    bp_arena_init(&a, 0);
    decode(&a, "a=1&b=2&c=3", 3, 1000, &f);
    assert_int_equal(f.count, 3);
    assert_false(f.too_many);
    decode(&a, "a=1&b=2&c=3&d=4", 3, 1000, &f);
    assert_true(f.too_many);
    assert_int_equal(f.count, 3);
    decode(&a, "a=1&&&b=2&&c=3&&&", 3, 1000, &f); /* empty pairs do not count */
    assert_false(f.too_many);
    decode(&a, "a=1", 0, 1000, &f);
    assert_true(f.too_many);
    assert_int_equal(f.count, 0);

    /* the real limit, across many growths of the field array */
    bp_buf_init(&b, 1 << 20);
    for (int i = 0; i < BP_MAX_FORM_FIELDS; i++)
        bp_buf_addf(&b, "%sf%d=%d", i ? "&" : "", i, i);
    bp_form_decode(&a, bp_buf_str(&b), b.len, BP_MAX_FORM_FIELDS, BP_MAX_FORM_VALUE, &f);
    assert_false(f.too_many);
    assert_int_equal(f.count, BP_MAX_FORM_FIELDS);
    assert_string_equal(bp_form_get(&f, "f199"), "199");
    assert_string_equal(f.fields[137].name, "f137");
    bp_buf_adds(&b, "&one=more");
    bp_form_decode(&a, bp_buf_str(&b), b.len, BP_MAX_FORM_FIELDS, BP_MAX_FORM_VALUE, &f);
    assert_true(f.too_many);
    bp_buf_release(&b);
    bp_arena_release(&a);
}

struct cut_row {
    const char *name;
    const char *body;
    size_t max_value;
    bool too_long;
    const char *value;
};

static void test_form_value_limit(void **state)
{
    static const struct cut_row rows[] = {
        {"shorter", "v=abcd", 5, false, "abcd"},
        {"exactly the limit", "v=abcde", 5, false, "abcde"},
        {"one byte over", "v=abcdef", 5, true, "abcde"},
        {"far over", "v=abcdefghijklmnopqrstuvwxyz", 5, true, "abcde"},
        {"percent escapes count decoded", "v=%41%42%43%44%45", 5, false, "ABCDE"},
        {"percent escapes over", "v=%41%42%43%44%45%46", 5, true, "ABCDE"},
        {"plus counts as one", "v=a+b+c", 5, false, "a b c"},
        /* the kept prefix never ends inside a UTF-8 sequence */
        {"two-byte character across the cut", "v=aaaa%C3%A5", 5, true, "aaaa"},
        {"two-byte character before the cut", "v=aaa%C3%A5x", 5, true, "aaa\xC3\xA5"},
        {"two-byte character ending at the cut", "v=aaa%C3%A5", 5, false, "aaa\xC3\xA5"},
        {"three-byte character, cut after its first byte", "v=aaaa%E2%82%AC", 5, true, "aaaa"},
        {"three-byte character, cut after its second byte", "v=aaa%E2%82%AC", 5, true, "aaa"},
        {"four-byte character, cut after one byte", "v=a%F0%9F%98%80", 2, true, "a"},
        {"four-byte character, cut after three bytes", "v=a%F0%9F%98%80", 4, true, "a"},
        {"four-byte character fits", "v=a%F0%9F%98%80x", 5, true, "a\xF0\x9F\x98\x80"},
        {"raw (unescaped) UTF-8 across the cut", "v=\xC3\xA5\xC3\xA5\xC3\xA5", 5, true, "\xC3\xA5\xC3\xA5"},
        {"only a multi-byte character, cut", "v=%E2%82%AC", 2, true, ""},
        {"limit zero", "v=a", 0, true, ""},
        {"limit zero, empty value", "v=", 0, false, ""},
    };
    int bad = 0;
    (void)state;
    for (size_t i = 0; i < BP_ARRAY_LEN(rows); i++) {
        struct bp_arena a;
        struct bp_form f;
        const struct bp_form_field *v;
        bp_arena_init(&a, 0);
        decode(&a, rows[i].body, 10, rows[i].max_value, &f);
        check_form_invariants(&a, &f, 10, rows[i].max_value);
        v = bp_form_field(&f, "v");
        if (!v || v->too_long != rows[i].too_long || strcmp(v->value, rows[i].value) != 0 ||
            v->len != strlen(rows[i].value) || strstr(v->value, "\xEF\xBF\xBD")) {
            print_error("%s: got \"%s\" too_long=%d, want \"%s\" too_long=%d\n", rows[i].name,
                        v ? v->value : "(none)", v ? v->too_long : -1, rows[i].value, rows[i].too_long);
            bad++;
        }
        bp_arena_release(&a);
    }
    assert_int_equal(bad, 0);
}

static void test_form_invalid_utf8_becomes_replacement(void **state)
{
    struct bp_arena a;
    struct bp_form f;
    (void)state;
    bp_arena_init(&a, 0);
    decode(&a, "a=%FF&b=x%C3y&c=%00&d=%ED%A0%80&e=%C0%AF&%FF=n", 200, 1000, &f);
    assert_string_equal(bp_form_get(&f, "a"), "\xEF\xBF\xBD");
    assert_string_equal(bp_form_get(&f, "b"), "x\xEF\xBF\xBDy");
    assert_string_equal(bp_form_get(&f, "c"), "\xEF\xBF\xBD"); /* a NUL never reaches a value */
    assert_int_equal(bp_form_field(&f, "c")->len, 3);
    assert_string_equal(bp_form_get(&f, "d"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
    assert_string_equal(bp_form_get(&f, "e"), "\xEF\xBF\xBD\xEF\xBF\xBD");
    assert_string_equal(bp_form_get(&f, "\xEF\xBF\xBD"), "n"); /* names are sanitized too */
    for (size_t i = 0; i < f.count; i++)
        assert_true(bp_utf8_valid_text(f.fields[i].value, f.fields[i].len));
    check_form_invariants(&a, &f, 200, 1000);

    /* replacement may make a value longer than max_value bytes, never longer than 3 times it */
    decode(&a, "v=%FF%FF%FF%FF%FF", 10, 5, &f);
    assert_false(f.fields[0].too_long);
    assert_int_equal(f.fields[0].len, 15);
    check_form_invariants(&a, &f, 10, 5);
    bp_arena_release(&a);
}

static void test_form_name_limit(void **state)
{
    struct bp_arena a;
    struct bp_form f;
    struct bp_buf b;
    char name64[BP_MAX_FORM_NAME + 1], name65[BP_MAX_FORM_NAME + 2];
    (void)state;
    memset(name64, 'n', BP_MAX_FORM_NAME);
    name64[BP_MAX_FORM_NAME] = '\0';
    memset(name65, 'm', BP_MAX_FORM_NAME + 1);
    name65[BP_MAX_FORM_NAME + 1] = '\0';
    bp_arena_init(&a, 0);
    bp_buf_init(&b, 1 << 16);

    /* BP_MAX_FORM_NAME bytes are kept, one more and the pair is dropped */
    bp_buf_addf(&b, "%s=kept&%s=dropped&after=1", name64, name65);
    decode(&a, bp_buf_str(&b), 200, 1000, &f);
    assert_string_equal(bp_form_get(&f, name64), "kept");
    assert_null(bp_form_field(&f, name65));
    assert_string_equal(bp_form_get(&f, "after"), "1");
    assert_int_equal(f.count, 2);

    /* the limit is on decoded bytes: 64 escaped bytes (192 encoded) are kept */
    bp_buf_reset(&b);
    for (int i = 0; i < BP_MAX_FORM_NAME; i++)
        bp_buf_adds(&b, "%6E");
    bp_buf_adds(&b, "=escaped");
    decode(&a, bp_buf_str(&b), 200, 1000, &f);
    assert_int_equal(f.count, 1);
    assert_string_equal(bp_form_get(&f, name64), "escaped");

    /* and more than BP_FORM_NAME_ENCODED_MAX encoded bytes is dropped before decoding */
    bp_buf_reset(&b);
    for (int i = 0; i < BP_FORM_NAME_ENCODED_MAX + 1; i++)
        bp_buf_addc(&b, 'z');
    bp_buf_adds(&b, "=x&ok=1");
    decode(&a, bp_buf_str(&b), 200, 1000, &f);
    assert_int_equal(f.count, 1);
    assert_string_equal(bp_form_get(&f, "ok"), "1");
    bp_buf_release(&b);
    bp_arena_release(&a);
}

/* The limits only cut: decoded with small limits, a body gives the same fields in the same order as
 * with large ones, each value a byte prefix of the uncut value (so a cut never splits a UTF-8
 * sequence into U+FFFD), and equal when not cut. Many pseudo-random bodies over the bytes that
 * matter, from a fixed seed; tests/fuzz/fuzz_form.c checks the same on what libFuzzer finds. */
static void test_form_limits_only_cut(void **state)
{
    static const char alphabet[] = {'a',    '=',    '&',    '+',    '%',    'C',    '3',
                                    'A',    '5',    'E',    '2',    '8',    '0',    'F',
                                    '9',    '\xC3', '\xA5', '\xE2', '\x82', '\xAC', '\x80',
                                    '\xF0', '\x9F', '\x98', '\xF3', '\xBF', '\xFF', '\0'};
    uint32_t x = 2463534242u;
    (void)state;
    for (int round = 0; round < 20000; round++) {
        struct bp_arena a;
        struct bp_form small, full;
        char body[48];
        size_t len, max_fields, max_value;
        x ^= x << 13, x ^= x >> 17, x ^= x << 5;
        len = x % sizeof(body);
        max_fields = 1 + (x >> 8) % 6;
        max_value = (x >> 16) % 20;
        for (size_t i = 0; i < len; i++) {
            x ^= x << 13, x ^= x >> 17, x ^= x << 5;
            body[i] = alphabet[x % sizeof(alphabet)];
        }
        bp_arena_init(&a, 0);
        bp_form_decode(&a, body, len, max_fields, max_value, &small);
        bp_form_decode(&a, body, len, 1000, 1000, &full);
        check_form_invariants(&a, &small, max_fields, max_value);
        check_form_invariants(&a, &full, 1000, 1000);
        assert_true(small.count <= full.count);
        assert_true(small.too_many || small.count == full.count);
        for (size_t i = 0; i < small.count; i++) {
            const struct bp_form_field *sf = &small.fields[i], *ff = &full.fields[i];
            assert_string_equal(sf->name, ff->name);
            assert_true(sf->len <= ff->len);
            if (memcmp(sf->value, ff->value, sf->len) != 0)
                fail_msg("round %d: \"%s\" is no prefix of \"%s\"", round, sf->value, ff->value);
            if (!sf->too_long)
                assert_int_equal(sf->len, ff->len);
        }
        bp_arena_release(&a);
    }
}

/* ------------------------------------------------------------------ UTF-8 helpers */

static void test_utf8_chars(void **state)
{
    (void)state;
    assert_int_equal(bp_utf8_chars("", 0), 0);
    assert_int_equal(bp_utf8_chars("abc", 3), 3);
    assert_int_equal(bp_utf8_chars("åäö", 6), 3);
    assert_int_equal(bp_utf8_chars("€", 3), 1);
    assert_int_equal(bp_utf8_chars("\xF0\x9F\x98\x80", 4), 1);
    assert_int_equal(bp_utf8_chars("\xff\xfe", 2), 2); /* an invalid byte counts as one */
    assert_int_equal(bp_utf8_chars("\xE2\x82", 2), 2); /* a cut sequence: its bytes */
}

static void test_utf8_valid_text(void **state)
{
    static const struct {
        const char *s;
        size_t n;
        bool valid;
    } rows[] = {
        {"", 0, true},
        {"Åsa från Växjö", 0, true},
        {"tab\there\r\nnewline", 0, true},
        {"\xF0\x9F\x98\x80", 0, true},
        {"\xEF\xBF\xBD", 0, true},
        {"a\0b", 3, false},
        {"\x01", 0, false},
        {"\x1b[31m", 0, false},
        {"\x7f", 0, false},
        {"\xff", 0, false},
        {"\xc3", 0, false},
        {"\xc3(", 0, false},
        {"\xc0\x80", 0, false},
        {"\xed\xa0\x80", 0, false},
        {"\xf4\x90\x80\x80", 0, false},
        {"\xf8\x88\x80\x80\x80", 0, false},
    };
    (void)state;
    for (size_t i = 0; i < BP_ARRAY_LEN(rows); i++) {
        size_t n = rows[i].n ? rows[i].n : strlen(rows[i].s);
        if (bp_utf8_valid_text(rows[i].s, n) != rows[i].valid)
            fail_msg("row %zu: want %d", i, rows[i].valid);
    }
}

static void test_utf8_sanitize_and_trim(void **state)
{
    struct bp_arena a;
    size_t n;
    char *s;
    (void)state;
    bp_arena_init(&a, 0);
    s = bp_utf8_sanitize(&a,
                         "a\xff"
                         "b\0c\xc3",
                         6, &n);
    assert_string_equal(s, "a\xEF\xBF\xBD"
                           "b\xEF\xBF\xBD"
                           "c\xEF\xBF\xBD");
    assert_int_equal(n, strlen(s));
    s = bp_utf8_sanitize(&a, "åäö", 6, NULL);
    assert_string_equal(s, "åäö");
    s = bp_utf8_sanitize(&a, "", 0, &n);
    assert_string_equal(s, "");
    assert_int_equal(n, 0);
    assert_string_equal(bp_trim(&a, "  Anna Ek \t\r\n"), "Anna Ek");
    assert_string_equal(bp_trim(&a, "\n\tx"), "x");
    assert_string_equal(bp_trim(&a, "   "), "");
    assert_string_equal(bp_trim(&a, ""), "");
    assert_string_equal(bp_trim(&a, "inner  space"), "inner  space");
    bp_arena_release(&a);
}

/* ------------------------------------------------------------------ dates */

static void test_days_from_civil_known_values(void **state)
{
    (void)state;
    assert_int_equal(bp_days_from_civil(1970, 1, 1), 0);
    assert_int_equal(bp_days_from_civil(1970, 1, 2), 1);
    assert_int_equal(bp_days_from_civil(1969, 12, 31), -1);
    assert_int_equal(bp_days_from_civil(2000, 3, 1), 11017);
    assert_int_equal(bp_days_from_civil(2024, 6, 15), 19889);
    assert_int_equal(bp_days_from_civil(1800, 1, 1), -62091);
    assert_int_equal(bp_days_from_civil(2200, 12, 31), 84370);
}

/* Every day from 1800 to 2200: the conversions are inverse, every date is valid, and consecutive
 * day numbers are consecutive dates. */
static void test_days_round_trip(void **state)
{
    int64_t first = bp_days_from_civil(1800, 1, 1), last = bp_days_from_civil(2200, 12, 31);
    struct bp_date prev = bp_civil_from_days(first - 1);
    int leap_days = 0;
    (void)state;
    assert_int_equal(prev.y, 1799);
    for (int64_t z = first; z <= last; z++) {
        struct bp_date d = bp_civil_from_days(z);
        assert_true(bp_date_valid(d.y, d.m, d.d));
        assert_int_equal(bp_days_from_civil(d.y, d.m, d.d), z);
        if (d.d == 1) {
            assert_true(prev.m == d.m - 1 || (d.m == 1 && prev.m == 12 && prev.y == d.y - 1));
            assert_false(bp_date_valid(prev.y, prev.m, prev.d + 1)); /* prev was a month's last day */
        } else {
            assert_int_equal(prev.d, d.d - 1);
            assert_int_equal(prev.m, d.m);
        }
        leap_days += d.m == 2 && d.d == 29;
        prev = d;
    }
    /* 1800-2200: 101 multiples of 4, less 1800, 1900, 2100, 2200 */
    assert_int_equal(leap_days, 97);
}

static void test_leap_years(void **state)
{
    static const struct {
        int y;
        bool leap;
    } rows[] = {{2024, true}, {2023, false}, {2000, true},  {1900, false}, {2100, false},
                {1804, true}, {1800, false}, {2200, false}, {2196, true}};
    (void)state;
    for (size_t i = 0; i < BP_ARRAY_LEN(rows); i++) {
        assert_int_equal(bp_date_valid(rows[i].y, 2, 29), rows[i].leap);
        assert_true(bp_date_valid(rows[i].y, 2, 28));
        assert_false(bp_date_valid(rows[i].y, 2, 30));
        assert_int_equal(bp_days_from_civil(rows[i].y, 3, 1) - bp_days_from_civil(rows[i].y, 2, 28),
                         rows[i].leap ? 2 : 1);
    }
}

static void test_date_valid_bounds(void **state)
{
    (void)state;
    assert_true(bp_date_valid(2024, 1, 31));
    assert_false(bp_date_valid(2024, 4, 31));
    assert_true(bp_date_valid(2024, 12, 31));
    assert_false(bp_date_valid(2024, 0, 1));
    assert_false(bp_date_valid(2024, 13, 1));
    assert_false(bp_date_valid(2024, 1, 0));
    assert_false(bp_date_valid(2024, 1, -1));
    assert_false(bp_date_valid(1799, 12, 31));
    assert_true(bp_date_valid(1800, 1, 1));
    assert_true(bp_date_valid(2200, 12, 31));
    assert_false(bp_date_valid(2201, 1, 1));
}

static void test_date_parse(void **state)
{
    static const struct {
        const char *s;
        bool ok;
    } rows[] = {
        {"2024-02-29", true},        {"2024-06-15", true},  {"1800-01-01", true},    {"2200-12-31", true},
        {"2024-02-30", false},       {"2023-02-29", false}, {"2024-2-1", false},     {"20240201", false},
        {"2024-02-1", false},        {"2024-002-1", false}, {"2024-02-01 ", false},  {" 2024-02-01", false},
        {"2024/02/01", false},       {"2024-13-01", false}, {"2024-00-10", false},   {"2024-01-00", false},
        {"2024-01-32", false},       {"+024-01-01", false}, {"-024-01-01", false},   {"2024-+1-01", false},
        {"2024-01-+1", false},       {"1799-12-31", false}, {"2201-01-01", false},   {"", false},
        {"2024-01-01T00:00", false}, {"abcd-ef-gh", false}, {"2024-01-01\n", false},
    };
    int bad = 0;
    (void)state;
    for (size_t i = 0; i < BP_ARRAY_LEN(rows); i++) {
        struct bp_date d = {1, 2, 3};
        bool ok = bp_date_parse(rows[i].s, &d);
        if (ok != rows[i].ok) {
            print_error("bp_date_parse(\"%s\") = %d\n", rows[i].s, ok);
            bad++;
        } else if (!ok && (d.y != 1 || d.m != 2 || d.d != 3)) {
            print_error("bp_date_parse(\"%s\") changed its output on failure\n", rows[i].s);
            bad++;
        } else if (ok) {
            char back[11];
            bp_date_format(d, back);
            if (strcmp(back, rows[i].s) != 0) {
                print_error("\"%s\" formats back as \"%s\"\n", rows[i].s, back);
                bad++;
            }
        }
    }
    assert_false(bp_date_parse(NULL, &(struct bp_date){0}));
    assert_int_equal(bad, 0);
}

static void test_date_format(void **state)
{
    char out[11];
    (void)state;
    bp_date_format((struct bp_date){2024, 2, 1}, out);
    assert_string_equal(out, "2024-02-01");
    bp_date_format((struct bp_date){1800, 12, 31}, out);
    assert_string_equal(out, "1800-12-31");
    bp_date_format((struct bp_date){987, 1, 2}, out);
    assert_string_equal(out, "0987-01-02");
}

/* The one clock-dependent function: local dates in a fixed zone (a POSIX rule, so that no time zone
 * database is needed): Swedish time is UTC+1, and UTC+2 in summer. */
static void test_date_today_and_local_time(void **state)
{
    char *saved = getenv("TZ") ? bp_xstrdup(getenv("TZ")) : NULL;
    char out[17];
    struct bp_date d;
    (void)state;
    setenv("TZ", "CET-1CEST,M3.5.0,M10.5.0/3", 1);
    tzset();
    d = bp_date_today(0);
    assert_int_equal(d.y, 1970);
    assert_int_equal(d.m, 1);
    assert_int_equal(d.d, 1);
    d = bp_date_today(1718490600); /* 2024-06-15 22:30 UTC = 2024-06-16 00:30 in Sweden */
    assert_int_equal(d.y, 2024);
    assert_int_equal(d.m, 6);
    assert_int_equal(d.d, 16);
    bp_time_format_local(1718490600, out);
    assert_string_equal(out, "2024-06-16 00:30");
    bp_time_format_local(1704067199, out); /* 2023-12-31 23:59:59 UTC */
    assert_string_equal(out, "2024-01-01 00:59");
    if (saved) {
        setenv("TZ", saved, 1);
        free(saved);
    } else {
        unsetenv("TZ");
    }
    tzset();
}

/* ------------------------------------------------------------------ common */

/* bp_int_text agrees with printf's "%lld" at the edges and in between. */
static void test_int_text(void **state)
{
    static const int64_t cases[] = {0, 1, -1, 9, 10, -10, 99, 100, 12345, -987654321, INT64_MAX, INT64_MIN};
    char got[BP_INT_TEXT_MAX], want[32];
    (void)state;
    for (size_t i = 0; i < BP_ARRAY_LEN(cases); i++) {
        size_t n = bp_int_text(got, cases[i]);
        snprintf(want, sizeof(want), "%lld", (long long)cases[i]);
        assert_string_equal(got, want);
        assert_int_equal(n, strlen(want));
    }
}

static void test_parse_int64(void **state)
{
    static const struct {
        const char *s;
        int64_t min, max;
        bool ok;
        int64_t want;
    } rows[] = {
        {"0", 0, 10, true, 0},
        {"10", 0, 10, true, 10},
        {"11", 0, 10, false, 0},
        {"-1", 0, 10, false, 0},
        {"-5", -10, 10, true, -5},
        {"9223372036854775807", INT64_MIN, INT64_MAX, true, INT64_MAX},
        {"-9223372036854775808", INT64_MIN, INT64_MAX, true, INT64_MIN},
        {"9223372036854775808", INT64_MIN, INT64_MAX, false, 0},
        {"", 0, 10, false, 0},
        {"-", -10, 10, false, 0},
        {"+1", 0, 10, false, 0},
        {" 1", 0, 10, false, 0},
        {"1 ", 0, 10, false, 0},
        {"1x", 0, 10, false, 0},
        {"0x10", 0, 100, false, 0},
        {"007", 0, 10, true, 7},
    };
    (void)state;
    for (size_t i = 0; i < BP_ARRAY_LEN(rows); i++) {
        int64_t v = 12345;
        bool ok = bp_parse_int64(rows[i].s, rows[i].min, rows[i].max, &v);
        if (ok != rows[i].ok)
            fail_msg("bp_parse_int64(\"%s\") = %d", rows[i].s, ok);
        assert_int_equal(v, ok ? rows[i].want : 12345);
    }
    assert_false(bp_parse_int64(NULL, 0, 10, &(int64_t){0}));
}

static void test_err_names(void **state)
{
    (void)state;
    assert_string_equal(bp_err_name(BP_OK), "ok");
    assert_string_equal(bp_err_name(BP_ERR_INVALID), "invalid");
    assert_string_equal(bp_err_name(BP_ERR_TOO_LARGE), "too_large");
    assert_string_equal(bp_err_name(BP_ERR_INTERNAL), "internal");
    assert_string_equal(bp_err_name((enum bp_err)1000), "unknown");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_arena_alignment_and_zeroing),
        cmocka_unit_test(test_arena_default_block_size),
        cmocka_unit_test(test_arena_big_allocations),
        cmocka_unit_test(test_arena_many_blocks_and_reuse),
        cmocka_unit_test(test_arena_defers_run_last_first),
        cmocka_unit_test(test_arena_strings),
        cmocka_unit_test(test_buf_in_arena),
        cmocka_unit_test(test_buf_cap_and_sticky_overflow),
        cmocka_unit_test(test_buf_cap_with_format_and_zero),
        cmocka_unit_test(test_buf_grows),
        cmocka_unit_test(test_buf_html),
        cmocka_unit_test(test_buf_urlencode),
        cmocka_unit_test(test_buf_escaping_respects_cap),
        cmocka_unit_test(test_form_basic_decoding),
        cmocka_unit_test(test_form_names_are_decoded),
        cmocka_unit_test(test_form_bad_percent_escapes_stay_literal),
        cmocka_unit_test(test_form_repeated_names),
        cmocka_unit_test(test_form_missing_equals_and_empty_pairs),
        cmocka_unit_test(test_form_reads_only_len_bytes),
        cmocka_unit_test(test_form_field_count_limit),
        cmocka_unit_test(test_form_value_limit),
        cmocka_unit_test(test_form_invalid_utf8_becomes_replacement),
        cmocka_unit_test(test_form_name_limit),
        cmocka_unit_test(test_form_limits_only_cut),
        cmocka_unit_test(test_utf8_chars),
        cmocka_unit_test(test_utf8_valid_text),
        cmocka_unit_test(test_utf8_sanitize_and_trim),
        cmocka_unit_test(test_days_from_civil_known_values),
        cmocka_unit_test(test_days_round_trip),
        cmocka_unit_test(test_leap_years),
        cmocka_unit_test(test_date_valid_bounds),
        cmocka_unit_test(test_date_parse),
        cmocka_unit_test(test_date_format),
        cmocka_unit_test(test_date_today_and_local_time),
        cmocka_unit_test(test_parse_int64),
        cmocka_unit_test(test_int_text),
        cmocka_unit_test(test_err_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
