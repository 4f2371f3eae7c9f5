/* scan.c: what a scanned consent form may be (V-2.5, K-2.1). Pure; table-tested in
 * tests/unit/test_multipart.c. Must not trust a client's file name or claimed type. */
#include "domain/scan.h"
#include "util/form.h"

static const char *const mimes[BP_SCAN_TYPE_COUNT] = {NULL, "application/pdf", "image/jpeg", "image/png"};
static const char *const exts[BP_SCAN_TYPE_COUNT] = {NULL, "pdf", "jpg", "png"};
static const char *const labels[BP_SCAN_TYPE_COUNT] = {NULL, "PDF", "JPEG", "PNG"};

enum bp_scan_type bp_scan_sniff(const unsigned char *data, size_t len)
{
    static const unsigned char png[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    if (!data)
        return BP_SCAN_NONE;
    if (len >= 5 && memcmp(data, "%PDF-", 5) == 0)
        return BP_SCAN_PDF;
    if (len >= 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF)
        return BP_SCAN_JPEG;
    if (len >= sizeof(png) && memcmp(data, png, sizeof(png)) == 0)
        return BP_SCAN_PNG;
    return BP_SCAN_NONE;
}

const char *bp_scan_mime(enum bp_scan_type t)
{
    return t < BP_SCAN_TYPE_COUNT ? mimes[t] : NULL;
}

enum bp_scan_type bp_scan_type_of_mime(const char *mime)
{
    int t;
    for (t = BP_SCAN_PDF; t < BP_SCAN_TYPE_COUNT; t++)
        if (mime && strcmp(mime, mimes[t]) == 0)
            return (enum bp_scan_type)t;
    return BP_SCAN_NONE;
}

const char *bp_scan_ext(enum bp_scan_type t)
{
    return t < BP_SCAN_TYPE_COUNT ? exts[t] : NULL;
}

const char *bp_scan_label(enum bp_scan_type t)
{
    return t < BP_SCAN_TYPE_COUNT ? labels[t] : NULL;
}

const char *bp_scan_display_name(struct bp_arena *a, const char *name)
{
    const char *base = name ? name : "", *p;
    char *clean, *q;
    size_t n;
    for (p = base; *p; p++)
        if (*p == '/' || *p == '\\')
            base = p + 1;
    n = strlen(base);
    if (n > BP_MAX_UPLOAD_NAME) { /* cut, but not in the middle of a UTF-8 sequence */
        n = BP_MAX_UPLOAD_NAME;
        while (n > 0 && ((unsigned char)base[n] & 0xC0) == 0x80)
            n--;
    }
    clean = bp_utf8_sanitize(a, base, n, NULL);
    for (q = clean; *q; q++)
        if ((unsigned char)*q < 0x20 || *q == 0x7F)
            *q = '_';
    return bp_trim(a, clean);
}
