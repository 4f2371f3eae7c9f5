/* multipart.c: multipart/form-data decoding (RFC 7578, RFC 2046 section 5.1). Pure; every input
 * bounded by util/limits.h; malformed input is an error, never a crash (tests/fuzz/fuzz_multipart.c).
 * Must not copy file data or decide what a file is. */
#include "util/multipart.h"
#include "util/find.h"

#define PARAM_NAME_MAX 32

static char lower(char c)
{
    return (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
}

/* Whether s[0..n) starts with lit, ignoring ASCII case. */
static bool iprefix(const char *s, size_t n, const char *lit)
{
    size_t i, l = strlen(lit);
    if (n < l)
        return false;
    for (i = 0; i < l; i++)
        if (lower(s[i]) != lit[i])
            return false;
    return true;
}

static bool ieq(const char *s, size_t n, const char *lit)
{
    return n == strlen(lit) && iprefix(s, n, lit);
}

static const char *skip_ws(const char *p, const char *end)
{
    while (p < end && (*p == ' ' || *p == '\t'))
        p++;
    return p;
}

/* RFC 2046 bchars: what a boundary may hold (a space, but not as the last character). */
static bool bchar(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c != '\0' && strchr("'()+_,-./:=? ", c) != NULL);
}

/* The first occurrence of needle[0..nn) in hay[0..hn), or NULL. */
static const char *find(const char *hay, size_t hn, const char *needle, size_t nn)
{
    const char *p = hay, *end = hay + hn;
    while ((size_t)(end - p) >= nn) {
        p = memchr(p, needle[0], (size_t)(end - p) - nn + 1);
        if (!p)
            return NULL;
        if (memcmp(p, needle, nn) == 0)
            return p;
        p++;
    }
    return NULL;
}

/* One parameter of a header value (`; name=value` or `; name="quoted \" value"`) from *pp: 1 when
 * one was read, 0 at the end, -1 when malformed. The name is lower-cased into name; at most val_cap
 * bytes of the value go into val and *vlen is its full length. */
static int next_param(const char **pp, const char *end, char *name, char *val, size_t val_cap, size_t *vlen)
{
    const char *p = skip_ws(*pp, end);
    size_t n = 0, v = 0;
    if (p == end)
        return 0;
    if (*p != ';')
        return -1;
    p = skip_ws(p + 1, end);
    if (p == end) /* a trailing ';' */
        return 0;
    while (p < end && *p != '=' && *p != ';' && *p != ' ' && *p != '\t') {
        if (n == PARAM_NAME_MAX)
            return -1;
        name[n++] = lower(*p++);
    }
    name[n] = '\0';
    p = skip_ws(p, end);
    if (n == 0 || p == end || *p != '=')
        return -1;
    p = skip_ws(p + 1, end);
    if (p < end && *p == '"') {
        p++;
        while (p < end && *p != '"') {
            if (*p == '\\' && p + 1 < end)
                p++;
            if (v < val_cap)
                val[v] = *p;
            v++;
            p++;
        }
        if (p == end)
            return -1;
        p++;
    } else {
        while (p < end && *p != ';' && *p != ' ' && *p != '\t') {
            if (v < val_cap)
                val[v] = *p;
            v++;
            p++;
        }
        if (v == 0)
            return -1;
    }
    *vlen = v;
    *pp = p;
    return 1;
}

bool bp_multipart_boundary(const char *content_type, char *buf)
{
    const char *p, *end;
    char name[PARAM_NAME_MAX + 1], val[BP_MAX_BOUNDARY];
    size_t vlen, i;

    if (!content_type)
        return false;
    end = content_type + strlen(content_type);
    p = skip_ws(content_type, end);
    if (!iprefix(p, (size_t)(end - p), "multipart/form-data"))
        return false;
    p += strlen("multipart/form-data");
    while (next_param(&p, end, name, val, sizeof(val), &vlen) == 1) {
        if (strcmp(name, "boundary") != 0)
            continue;
        if (vlen == 0 || vlen > BP_MAX_BOUNDARY || val[vlen - 1] == ' ')
            return false;
        for (i = 0; i < vlen; i++)
            if (!bchar(val[i]))
                return false;
        memcpy(buf, val, vlen);
        buf[vlen] = '\0';
        return true;
    }
    return false;
}

/* What one part's header block says. */
struct part_head {
    char name[BP_MAX_FORM_NAME + 1];
    size_t name_len; /* full length; longer than BP_MAX_FORM_NAME: the part is dropped, as form.c does */
    bool is_file;
    char filename[BP_MAX_UPLOAD_NAME];
    size_t filename_len;
    char type[BP_MAX_UPLOAD_TYPE];
    size_t type_len;
};

static enum bp_err parse_disposition(const char *p, const char *end, struct part_head *h)
{
    char pname[PARAM_NAME_MAX + 1];
    bool has_name = false;
    size_t vlen;
    int r;
    const char *t = skip_ws(p, end), *te = t;
    while (te < end && *te != ';' && *te != ' ' && *te != '\t')
        te++;
    if (!ieq(t, (size_t)(te - t), "form-data"))
        return BP_ERR_INVALID;
    p = te;
    for (;;) {
        char val[BP_MAX_UPLOAD_NAME + 1]; /* one more: val[BP_MAX_UPLOAD_NAME] shows where a cut falls */
        if ((r = next_param(&p, end, pname, val, sizeof(val), &vlen)) == 0)
            break;
        if (r < 0)
            return BP_ERR_INVALID;
        if (strcmp(pname, "name") == 0 && !has_name) {
            has_name = true;
            h->name_len = vlen;
            memcpy(h->name, val, vlen < BP_MAX_FORM_NAME ? vlen : BP_MAX_FORM_NAME);
            h->name[vlen < BP_MAX_FORM_NAME ? vlen : BP_MAX_FORM_NAME] = '\0';
        } else if (strcmp(pname, "filename") == 0 && !h->is_file) {
            h->is_file = true;
            h->filename_len = vlen < BP_MAX_UPLOAD_NAME ? vlen : BP_MAX_UPLOAD_NAME;
            if (vlen > BP_MAX_UPLOAD_NAME) /* cut, but not in the middle of a UTF-8 sequence */
                while (h->filename_len > 0 && ((unsigned char)val[h->filename_len] & 0xC0) == 0x80)
                    h->filename_len--;
            memcpy(h->filename, val, h->filename_len);
        }
    }
    return has_name && h->name_len > 0 ? BP_OK : BP_ERR_INVALID;
}

/* Parses the header lines in [p, end) (CRLF-separated, without the blank line). */
static enum bp_err parse_head(const char *p, const char *end, struct part_head *h)
{
    bool has_disposition = false;
    memset(h, 0, sizeof(*h));
    while (p < end) {
        const char *eol = find(p, (size_t)(end - p), "\r\n", 2), *colon;
        const char *le = eol ? eol : end;
        colon = memchr(p, ':', (size_t)(le - p));
        if (!colon || colon == p)
            return BP_ERR_INVALID;
        if (ieq(p, (size_t)(colon - p), "content-disposition")) {
            if (has_disposition || parse_disposition(colon + 1, le, h) != BP_OK)
                return BP_ERR_INVALID;
            has_disposition = true;
        } else if (ieq(p, (size_t)(colon - p), "content-type")) {
            const char *v = skip_ws(colon + 1, le), *ve = le;
            while (ve > v && (ve[-1] == ' ' || ve[-1] == '\t'))
                ve--;
            h->type_len = (size_t)(ve - v) < sizeof(h->type) ? (size_t)(ve - v) : sizeof(h->type);
            memcpy(h->type, v, h->type_len);
        }
        p = eol ? eol + 2 : end;
    }
    return has_disposition ? BP_OK : BP_ERR_INVALID;
}

/* A text part's value, with form.c's rules: at most max_value bytes, never a cut UTF-8 sequence. */
static void add_field(struct bp_arena *a, struct bp_form *form, size_t *cap, size_t max_fields,
                      size_t max_value, const struct part_head *h, const char *data, size_t len)
{
    struct bp_form_field *f;
    size_t keep;
    if (form->count == max_fields) {
        form->too_many = true;
        return;
    }
    if (form->count == *cap) {
        struct bp_form_field *nf;
        *cap = *cap ? *cap * 2 : 16;
        if (*cap > max_fields)
            *cap = max_fields;
        nf = bp_arena_alloc(a, *cap * sizeof(*nf));
        if (form->count)
            memcpy(nf, form->fields, form->count * sizeof(*nf));
        form->fields = nf;
    }
    f = &form->fields[form->count++];
    f->name = bp_utf8_sanitize(a, h->name, h->name_len, NULL);
    f->too_long = len > max_value;
    keep = f->too_long ? max_value : len;
    if (f->too_long) /* data[keep] is the first byte left out */
        while (keep > 0 && ((unsigned char)data[keep] & 0xC0) == 0x80)
            keep--;
    f->value = bp_utf8_sanitize(a, data, keep, &f->len);
}

static enum bp_err add_upload(struct bp_arena *a, struct bp_uploads *up, size_t max_file,
                              const struct part_head *h, const char *data, size_t len)
{
    struct bp_upload *u;
    if (up->count == BP_MAX_MULTIPART_FILES)
        return BP_ERR_TOO_LARGE;
    if (!up->files)
        up->files = bp_arena_alloc(a, BP_MAX_MULTIPART_FILES * sizeof(*up->files));
    u = &up->files[up->count++];
    u->name = bp_utf8_sanitize(a, h->name, h->name_len, NULL);
    u->filename = bp_utf8_sanitize(a, h->filename, h->filename_len, NULL);
    u->content_type = bp_utf8_sanitize(a, h->type, h->type_len, NULL);
    u->len = len;
    u->too_large = len > max_file;
    u->data = u->too_large ? NULL : data;
    return BP_OK;
}

static enum bp_err decode(struct bp_arena *a, const char *boundary, const char *body, size_t len,
                          const struct bp_multipart_limits *lim, struct bp_form *form, struct bp_uploads *up)
{
    char delim[BP_MAX_BOUNDARY + 4];
    size_t bl = strlen(boundary), dl = bl + 4, pos, parts = 0, cap = 0;
    const char *d;

    if (bl == 0 || bl > BP_MAX_BOUNDARY)
        return BP_ERR_INVALID;
    memcpy(delim, "\r\n--", 4);
    memcpy(delim + 4, boundary, bl);
    /* the first delimiter: at the very start, or after a preamble */
    if (len >= bl + 2 && memcmp(body, delim + 2, bl + 2) == 0)
        pos = bl + 2;
    else if ((d = find(body, len, delim, dl)) != NULL)
        pos = (size_t)(d - body) + dl;
    else
        return BP_ERR_INVALID;

    for (;;) {
        struct part_head h;
        const char *he, *content;
        size_t window;
        enum bp_err rc;

        if (len - pos >= 2 && body[pos] == '-' && body[pos + 1] == '-')
            return BP_OK; /* the close delimiter; an epilogue is ignored */
        while (pos < len && (body[pos] == ' ' || body[pos] == '\t'))
            pos++;
        if (len - pos < 2 || body[pos] != '\r' || body[pos + 1] != '\n')
            return BP_ERR_INVALID;
        pos += 2;
        if (++parts > BP_MAX_MULTIPART_PARTS)
            return BP_ERR_TOO_LARGE;
        if (len - pos >= 2 && body[pos] == '\r' && body[pos + 1] == '\n')
            return BP_ERR_INVALID; /* no headers: no Content-Disposition */
        window = len - pos < BP_MAX_PART_HEADER + 4 ? len - pos : BP_MAX_PART_HEADER + 4;
        if (!(he = find(body + pos, window, "\r\n\r\n", 4)))
            return window == len - pos ? BP_ERR_INVALID : BP_ERR_TOO_LARGE;
        if ((rc = parse_head(body + pos, he, &h)) != BP_OK)
            return rc;
        content = he + 4;
        if (!(d = find(content, len - (size_t)(content - body), delim, dl)))
            return BP_ERR_INVALID;            /* no delimiter after the part: cut off */
        if (h.name_len <= BP_MAX_FORM_NAME) { /* longer names are dropped, as form.c does */
            if (h.is_file) {
                if ((rc = add_upload(a, up, lim->max_file, &h, content, (size_t)(d - content))) != BP_OK)
                    return rc;
            } else if (!form->too_many) {
                add_field(a, form, &cap, lim->max_fields, lim->max_value, &h, content, (size_t)(d - content));
            }
        }
        pos = (size_t)(d - body) + dl;
    }
}

enum bp_err bp_multipart_decode(struct bp_arena *a, const char *boundary, const char *body, size_t len,
                                const struct bp_multipart_limits *lim, struct bp_form *form,
                                struct bp_uploads *uploads)
{
    enum bp_err rc;
    memset(form, 0, sizeof(*form));
    memset(uploads, 0, sizeof(*uploads));
    rc = decode(a, boundary, body ? body : "", body ? len : 0, lim, form, uploads);
    if (rc != BP_OK) {
        memset(form, 0, sizeof(*form));
        memset(uploads, 0, sizeof(*uploads));
    }
    return rc;
}

const struct bp_upload *bp_upload_get(const struct bp_uploads *u, const char *name)
{
    return BP_FIND_NAME(struct bp_upload, u->files, u->count, name, name);
}
