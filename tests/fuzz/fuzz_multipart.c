/* fuzz_multipart.c: fuzz target for util/multipart.c, the decoder of every multipart/form-data body
 * (the scanned consent form, V-2.5, K-2.1), and for what the use case does with a file (domain/scan.c).
 * An input is a Content-Type line, "\n", then the body. Decodes each body with small limits (so that
 * they are hit often) and with the real ones and checks the contract of multipart.h. Must not keep
 * state between inputs. */
#include "fuzz.h"
#include "util/multipart.h"
#include "domain/scan.h"

#define MAX_INPUT (1024 * 1024)

static bool is_valid_utf8(struct bp_arena *a, const char *s, size_t n)
{
    size_t out;
    const char *clean = bp_utf8_sanitize(a, s, n, &out);
    return out == n && memcmp(clean, s, n) == 0;
}

static void check(struct bp_arena *a, enum bp_err rc, const char *body, size_t len,
                  const struct bp_multipart_limits *lim, const struct bp_form *f, const struct bp_uploads *u)
{
    FUZZ_CHECK(rc == BP_OK || rc == BP_ERR_INVALID || rc == BP_ERR_TOO_LARGE);
    if (rc != BP_OK) {
        FUZZ_CHECK(f->count == 0 && u->count == 0 && !f->too_many);
        return;
    }
    FUZZ_CHECK(f->count <= lim->max_fields);
    FUZZ_CHECK(u->count <= BP_MAX_MULTIPART_FILES);
    FUZZ_CHECK(f->count + u->count <= BP_MAX_MULTIPART_PARTS);
    for (size_t i = 0; i < f->count; i++) {
        const struct bp_form_field *ff = &f->fields[i];
        size_t nlen = strlen(ff->name);
        FUZZ_CHECK(nlen > 0 && nlen <= 3 * BP_MAX_FORM_NAME);
        FUZZ_CHECK(is_valid_utf8(a, ff->name, nlen));
        FUZZ_CHECK(strlen(ff->value) == ff->len); /* a NUL in a part became U+FFFD */
        FUZZ_CHECK(ff->len <= 3 * lim->max_value);
        FUZZ_CHECK(is_valid_utf8(a, ff->value, ff->len));
        FUZZ_CHECK(bp_form_field(f, ff->name) <= ff);
    }
    for (size_t i = 0; i < u->count; i++) {
        const struct bp_upload *up = &u->files[i];
        FUZZ_CHECK(strlen(up->name) > 0);
        FUZZ_CHECK(is_valid_utf8(a, up->name, strlen(up->name)));
        FUZZ_CHECK(is_valid_utf8(a, up->filename, strlen(up->filename)));
        FUZZ_CHECK(strlen(up->filename) <= 3 * BP_MAX_UPLOAD_NAME);
        FUZZ_CHECK(strlen(up->content_type) <= 3 * BP_MAX_UPLOAD_TYPE);
        FUZZ_CHECK(up->too_large == (up->len > lim->max_file));
        FUZZ_CHECK(up->len <= len);
        if (up->too_large) {
            FUZZ_CHECK(up->data == NULL);
        } else {
            FUZZ_CHECK(up->data >= body && up->data + up->len <= body + len);
            (void)bp_scan_sniff((const unsigned char *)up->data, up->len);
        }
        {
            const char *shown = bp_scan_display_name(a, up->filename);
            FUZZ_CHECK(strlen(shown) <= 3 * BP_MAX_UPLOAD_NAME);
            FUZZ_CHECK(strpbrk(shown, "/\\\r\n\t") == NULL);
        }
        FUZZ_CHECK(bp_upload_get(u, up->name) <= up);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const struct bp_multipart_limits small = {4, 8, 16};
    static const struct bp_multipart_limits full = {BP_MAX_FORM_FIELDS, BP_MAX_FORM_VALUE, BP_MAX_SCAN_BYTES};
    struct bp_arena a;
    struct bp_form f1, f2;
    struct bp_uploads u1, u2;
    char boundary[BP_MAX_BOUNDARY + 1];
    const char *s = (const char *)data, *nl;
    char *ct;
    size_t ctlen;
    enum bp_err r1, r2;

    if (size > MAX_INPUT)
        return 0;
    nl = memchr(s, '\n', size);
    ctlen = nl ? (size_t)(nl - s) : size;
    bp_arena_init(&a, 0);
    ct = bp_arena_strndup(&a, s, ctlen);
    if (bp_multipart_boundary(ct, boundary)) {
        const char *body = nl ? nl + 1 : s + size;
        size_t len = size - (size_t)(body - s);
        FUZZ_CHECK(strlen(boundary) >= 1 && strlen(boundary) <= BP_MAX_BOUNDARY);
        r1 = bp_multipart_decode(&a, boundary, body, len, &small, &f1, &u1);
        check(&a, r1, body, len, &small, &f1, &u1);
        r2 = bp_multipart_decode(&a, boundary, body, len, &full, &f2, &u2);
        check(&a, r2, body, len, &full, &f2, &u2);
        /* the limits on values and files do not change the structure: both parse or neither does */
        FUZZ_CHECK(r1 == r2);
        FUZZ_CHECK(u1.count == u2.count);
        FUZZ_CHECK(f1.count <= f2.count);
        for (size_t i = 0; i < u1.count; i++)
            FUZZ_CHECK(u1.files[i].len == u2.files[i].len);
    }
    bp_arena_release(&a);
    return 0;
}
