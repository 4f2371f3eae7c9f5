/* test_multipart.c: unit tests of util/multipart.c (multipart/form-data decoding, its limits and its
 * refusals) and domain/scan.c (which files a scanned consent form may be, V-2.5, K-2.1: recognised by
 * their first bytes; the display name). Pure tests: no files, no network. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "util/arena.h"
#include "util/buf.h"
#include "util/multipart.h"
#include "domain/scan.h"

#define B "----bp7MA4YWxkTrZu0gW"

static const struct bp_multipart_limits LIM = {BP_MAX_FORM_FIELDS, BP_MAX_FORM_VALUE, 1024};

static enum bp_err decode(struct bp_arena *a, const char *body, size_t len,
                          const struct bp_multipart_limits *lim, struct bp_form *f, struct bp_uploads *u)
{
    return bp_multipart_decode(a, B, body, len, lim ? lim : &LIM, f, u);
}

#define DECODE(a, lit, f, u) decode((a), (lit), sizeof(lit) - 1, NULL, (f), (u))

/* ------------------------------------------------------------------ boundary */

static void test_boundary(void **state)
{
    char b[BP_MAX_BOUNDARY + 1];
    char long_b[128];
    (void)state;
    assert_true(bp_multipart_boundary("multipart/form-data; boundary=abc123", b));
    assert_string_equal(b, "abc123");
    assert_true(bp_multipart_boundary("Multipart/Form-Data;boundary=\"a b'c\"", b));
    assert_string_equal(b, "a b'c");
    assert_true(bp_multipart_boundary("multipart/form-data; charset=utf-8; BOUNDARY=" B, b));
    assert_string_equal(b, B);
    /* not multipart/form-data, no boundary, empty, bad characters, a trailing space, too long */
    assert_false(bp_multipart_boundary("application/x-www-form-urlencoded", b));
    assert_false(bp_multipart_boundary("multipart/mixed; boundary=abc", b));
    assert_false(bp_multipart_boundary("multipart/form-data", b));
    assert_false(bp_multipart_boundary("multipart/form-data; boundary=", b));
    assert_false(bp_multipart_boundary("multipart/form-data; boundary=\"\"", b));
    /* the first well-formed boundary parameter counts; what follows it is not read */
    assert_true(bp_multipart_boundary("multipart/form-data; boundary=\"ab\"c\"", b));
    assert_string_equal(b, "ab");
    assert_false(bp_multipart_boundary("multipart/form-data; boundary=\"a<b\"", b));
    assert_false(bp_multipart_boundary("multipart/form-data; boundary=\"ab \"", b));
    assert_false(bp_multipart_boundary("multipart/form-data; boundary=\"unterminated", b));
    assert_false(bp_multipart_boundary(NULL, b));
    memset(long_b, 'x', sizeof(long_b));
    memcpy(long_b, "multipart/form-data; boundary=", 30);
    long_b[30 + BP_MAX_BOUNDARY + 1] = '\0'; /* 71 characters */
    assert_false(bp_multipart_boundary(long_b, b));
    long_b[30 + BP_MAX_BOUNDARY] = '\0'; /* 70: allowed */
    assert_true(bp_multipart_boundary(long_b, b));
    assert_int_equal(strlen(b), BP_MAX_BOUNDARY);
}

/* ------------------------------------------------------------------ decoding */

static void test_fields_and_a_file(void **state)
{
    static const char body[] =
        "preamble is ignored\r\n"
        "--" B "\r\n"
        "Content-Disposition: form-data; name=\"csrf\"\r\n\r\n"
        "tok3n\r\n"
        "--" B "\r\n"
        "content-disposition: form-data; name=\"note\"\r\n\r\n"
        "Åsa\r\nrad två\r\n"
        "--" B "\r\n"
        "Content-Disposition: form-data; name=\"scan.file\"; filename=\"blankett.pdf\"\r\n"
        "Content-Type: application/pdf\r\n\r\n"
        "%PDF-1.4\r\n\x00\xff--" B "x\r\n"
        "--" B "--\r\nepilogue";
    struct bp_arena a;
    struct bp_form f;
    struct bp_uploads u;
    const struct bp_upload *up;
    (void)state;
    bp_arena_init(&a, 0);
    assert_int_equal(DECODE(&a, body, &f, &u), BP_OK);
    assert_int_equal(f.count, 2);
    assert_string_equal(bp_form_get(&f, "csrf"), "tok3n");
    assert_string_equal(bp_form_get(&f, "note"), "Åsa\r\nrad två");
    assert_int_equal(u.count, 1);
    up = bp_upload_get(&u, "scan.file");
    assert_non_null(up);
    assert_string_equal(up->filename, "blankett.pdf");
    assert_string_equal(up->content_type, "application/pdf");
    /* the data is the part's bytes exactly, NUL and a near-delimiter included, pointing into the body */
    assert_int_equal(up->len, 14 + strlen(B) + 1);
    assert_memory_equal(up->data, "%PDF-1.4\r\n\x00\xff--", 14);
    assert_true(up->data > body && up->data < body + sizeof(body));
    assert_false(up->too_large);
    assert_null(bp_upload_get(&u, "other"));
    bp_arena_release(&a);
}

static void test_empty_file_and_empty_value(void **state)
{
    static const char body[] = "--" B "\r\n"
                               "Content-Disposition: form-data; name=\"scan.file\"; filename=\"\"\r\n"
                               "Content-Type: application/octet-stream\r\n\r\n"
                               "\r\n--" B "\r\n"
                               "Content-Disposition: form-data; name=\"x\"\r\n\r\n"
                               "\r\n--" B "--";
    struct bp_arena a;
    struct bp_form f;
    struct bp_uploads u;
    (void)state;
    bp_arena_init(&a, 0);
    assert_int_equal(DECODE(&a, body, &f, &u), BP_OK);
    assert_int_equal(u.count, 1);
    assert_string_equal(u.files[0].filename, "");
    assert_int_equal(u.files[0].len, 0);
    assert_int_equal(f.count, 1);
    assert_string_equal(bp_form_get(&f, "x"), "");
    bp_arena_release(&a);
}

/* Text parts follow form.c's rules: cut at max_value and marked, never half a UTF-8 sequence, invalid
 * bytes replaced; too many fields is too_many. */
static void test_text_rules(void **state)
{
    static const char body[] = "--" B "\r\n"
                               "Content-Disposition: form-data; name=\"a\"\r\n\r\n"
                               "abcÅÄÖ\r\n--" B "\r\n"
                               "Content-Disposition: form-data; name=\"b\"\r\n\r\n"
                               "\xff\xfeok\r\n--" B "\r\n"
                               "Content-Disposition: form-data; name=\"c\"\r\n\r\n"
                               "3\r\n--" B "--";
    struct bp_multipart_limits small = {2, 4, 1024};
    struct bp_arena a;
    struct bp_form f;
    struct bp_uploads u;
    (void)state;
    bp_arena_init(&a, 0);
    assert_int_equal(decode(&a, body, sizeof(body) - 1, &small, &f, &u), BP_OK);
    assert_true(f.too_many);
    assert_int_equal(f.count, 2);
    assert_true(f.fields[0].too_long);
    assert_string_equal(f.fields[0].value, "abc"); /* "abcÅ" would cut Å in half */
    assert_false(f.fields[1].too_long);
    assert_string_equal(f.fields[1].value, "\xEF\xBF\xBD\xEF\xBF\xBDok");
    bp_arena_release(&a);
}

static void test_file_limits(void **state)
{
    static const char body[] = "--" B "\r\n"
                               "Content-Disposition: form-data; name=\"f\"; filename=\"big.png\"\r\n\r\n"
                               "0123456789\r\n--" B "--";
    struct bp_multipart_limits tiny = {BP_MAX_FORM_FIELDS, BP_MAX_FORM_VALUE, 9};
    struct bp_arena a;
    struct bp_form f;
    struct bp_uploads u;
    struct bp_buf many;
    size_t i;
    (void)state;
    bp_arena_init(&a, 0);
    /* over max_file: kept as too_large, without data, with its size */
    assert_int_equal(decode(&a, body, sizeof(body) - 1, &tiny, &f, &u), BP_OK);
    assert_int_equal(u.count, 1);
    assert_true(u.files[0].too_large);
    assert_null(u.files[0].data);
    assert_int_equal(u.files[0].len, 10);
    /* more files than BP_MAX_MULTIPART_FILES, more parts than BP_MAX_MULTIPART_PARTS */
    bp_buf_init(&many, 1 << 20);
    for (i = 0; i <= BP_MAX_MULTIPART_FILES; i++)
        bp_buf_addf(&many,
                    "--" B "\r\nContent-Disposition: form-data; name=\"f%zu\"; filename=\"x\"\r\n\r\nx\r\n",
                    i);
    bp_buf_adds(&many, "--" B "--");
    assert_int_equal(decode(&a, many.data, many.len, NULL, &f, &u), BP_ERR_TOO_LARGE);
    assert_int_equal(u.count, 0);
    assert_int_equal(f.count, 0);
    bp_buf_reset(&many);
    for (i = 0; i <= BP_MAX_MULTIPART_PARTS; i++)
        bp_buf_addf(&many, "--" B "\r\nContent-Disposition: form-data; name=\"t%zu\"\r\n\r\nx\r\n", i);
    bp_buf_adds(&many, "--" B "--");
    assert_int_equal(decode(&a, many.data, many.len, NULL, &f, &u), BP_ERR_TOO_LARGE);
    /* a header block over BP_MAX_PART_HEADER */
    bp_buf_reset(&many);
    bp_buf_adds(&many, "--" B "\r\nContent-Disposition: form-data; name=\"t\"\r\nX-Pad: ");
    for (i = 0; i < BP_MAX_PART_HEADER; i++)
        bp_buf_addc(&many, 'p');
    bp_buf_adds(&many, "\r\n\r\nx\r\n--" B "--");
    assert_int_equal(decode(&a, many.data, many.len, NULL, &f, &u), BP_ERR_TOO_LARGE);
    bp_buf_release(&many);
    bp_arena_release(&a);
}

/* Malformed bodies are errors, and leave nothing behind. */
static void test_malformed(void **state)
{
    static const char *const bad[] = {
        "",
        "no delimiter at all",
        "--" B "\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nnever closed",
        "--" B "\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nx\r\n--" B,       /* no CRLF, no -- */
        "--" B "\r\n\r\nno headers\r\n--" B "--",                                       /* no disposition */
        "--" B "\r\nContent-Type: text/plain\r\n\r\nx\r\n--" B "--",                    /* no disposition */
        "--" B "\r\nContent-Disposition: attachment; name=\"a\"\r\n\r\nx\r\n--" B "--", /* not form-data */
        "--" B "\r\nContent-Disposition: form-data\r\n\r\nx\r\n--" B "--",              /* no name */
        "--" B "\r\nContent-Disposition: form-data; name=\"\"\r\n\r\nx\r\n--" B "--",   /* empty name */
        "--" B "\r\nContent-Disposition: form-data; name=\"a\r\n\r\nx\r\n--" B "--",    /* open quote */
        "--" B "\r\nContent-Disposition: form-data; name=\"a\"\r\nno colon\r\n\r\nx\r\n--" B "--",
        "--" B "\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nx\r\n--" B "garbage",
        "--" B
        "\r\nContent-Disposition: form-data; name=\"a\"\r\nContent-Disposition: form-data; name=\"b\"\r\n\r\n"
        "x\r\n--" B "--", /* two dispositions */
    };
    struct bp_arena a;
    struct bp_form f;
    struct bp_uploads u;
    size_t i;
    (void)state;
    bp_arena_init(&a, 0);
    for (i = 0; i < BP_ARRAY_LEN(bad); i++) {
        enum bp_err rc = decode(&a, bad[i], strlen(bad[i]), NULL, &f, &u);
        if (rc != BP_ERR_INVALID)
            fail_msg("case %zu: expected BP_ERR_INVALID, got %d", i, (int)rc);
        assert_int_equal(f.count, 0);
        assert_int_equal(u.count, 0);
    }
    /* a NULL body is an empty one */
    assert_int_equal(bp_multipart_decode(&a, B, NULL, 0, &LIM, &f, &u), BP_ERR_INVALID);
    bp_arena_release(&a);
}

static void test_long_names(void **state)
{
    struct bp_arena a;
    struct bp_form f;
    struct bp_uploads u;
    struct bp_buf body;
    size_t i;
    (void)state;
    bp_arena_init(&a, 0);
    bp_buf_init(&body, 1 << 16);
    /* a field name over BP_MAX_FORM_NAME is dropped (as form.c does); a file name is cut to
     * BP_MAX_UPLOAD_NAME bytes, never inside a UTF-8 sequence */
    bp_buf_adds(&body, "--" B "\r\nContent-Disposition: form-data; name=\"");
    for (i = 0; i <= BP_MAX_FORM_NAME; i++)
        bp_buf_addc(&body, 'n');
    bp_buf_adds(&body, "\"\r\n\r\nx\r\n--" B "\r\nContent-Disposition: form-data; name=\"f\"; filename=\"");
    for (i = 0; i < BP_MAX_UPLOAD_NAME; i++)
        bp_buf_adds(&body, "ö");
    bp_buf_adds(&body, "\"\r\n\r\n%PDF-\r\n--" B "--");
    assert_int_equal(decode(&a, body.data, body.len, NULL, &f, &u), BP_OK);
    assert_int_equal(f.count, 0);
    assert_int_equal(u.count, 1);
    assert_true(strlen(u.files[0].filename) <= BP_MAX_UPLOAD_NAME);
    assert_int_equal(strlen(u.files[0].filename), BP_MAX_UPLOAD_NAME - 1); /* 127 "ö": the 128th is cut */
    bp_buf_release(&body);
    bp_arena_release(&a);
}

/* ------------------------------------------------------------------ scans (V-2.5, K-2.1) */

static void test_scan_sniff(void **state)
{
    static const unsigned char pdf[] = "%PDF-1.7\n", jpeg[] = {0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, 'J', 'F'},
                               png[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 13};
    static const unsigned char text[] = "Det här är ingen PDF, bara text med namnet blankett.pdf";
    (void)state;
    assert_int_equal(bp_scan_sniff(pdf, sizeof(pdf) - 1), BP_SCAN_PDF);
    assert_int_equal(bp_scan_sniff(jpeg, sizeof(jpeg)), BP_SCAN_JPEG);
    assert_int_equal(bp_scan_sniff(png, sizeof(png)), BP_SCAN_PNG);
    assert_int_equal(bp_scan_sniff(text, sizeof(text) - 1), BP_SCAN_NONE);
    assert_int_equal(bp_scan_sniff(pdf, 4), BP_SCAN_NONE); /* "%PDF" without the dash: too short */
    assert_int_equal(bp_scan_sniff(png, 7), BP_SCAN_NONE);
    assert_int_equal(bp_scan_sniff(jpeg, 2), BP_SCAN_NONE);
    assert_int_equal(bp_scan_sniff(NULL, 0), BP_SCAN_NONE);
    assert_string_equal(bp_scan_mime(BP_SCAN_PDF), "application/pdf");
    assert_string_equal(bp_scan_ext(BP_SCAN_JPEG), "jpg");
    assert_string_equal(bp_scan_label(BP_SCAN_PNG), "PNG");
    assert_null(bp_scan_mime(BP_SCAN_NONE));
    assert_int_equal(bp_scan_type_of_mime("image/png"), BP_SCAN_PNG);
    assert_int_equal(bp_scan_type_of_mime("text/html"), BP_SCAN_NONE);
    assert_int_equal(bp_scan_type_of_mime(NULL), BP_SCAN_NONE);
}

static void test_scan_display_name(void **state)
{
    struct bp_arena a;
    char longname[600];
    (void)state;
    bp_arena_init(&a, 0);
    assert_string_equal(bp_scan_display_name(&a, "C:\\Users\\x\\Samtycke Åsa.pdf"), "Samtycke Åsa.pdf");
    assert_string_equal(bp_scan_display_name(&a, "../../etc/passwd"), "passwd");
    assert_string_equal(bp_scan_display_name(&a, " a\tb\x01\xff.png "), "a_b_\xEF\xBF\xBD.png");
    assert_string_equal(bp_scan_display_name(&a, NULL), "");
    memset(longname, 'x', sizeof(longname) - 1);
    longname[sizeof(longname) - 1] = '\0';
    assert_int_equal(strlen(bp_scan_display_name(&a, longname)), BP_MAX_UPLOAD_NAME);
    bp_arena_release(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_boundary),
        cmocka_unit_test(test_fields_and_a_file),
        cmocka_unit_test(test_empty_file_and_empty_value),
        cmocka_unit_test(test_text_rules),
        cmocka_unit_test(test_file_limits),
        cmocka_unit_test(test_malformed),
        cmocka_unit_test(test_long_names),
        cmocka_unit_test(test_scan_sniff),
        cmocka_unit_test(test_scan_display_name),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
