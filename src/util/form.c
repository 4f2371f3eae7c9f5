/* form.c: urlencoded form decoding and small UTF-8 helpers. Pure functions; every input bounded. */
#include "util/form.h"
#include "util/find.h"

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Decodes s[0..n) ('+' is space, %XX a byte) into dst, at most max bytes; returns the decoded
 * length it would have had (so a longer result means it was cut). */
static size_t url_decode(const char *s, size_t n, char *dst, size_t max)
{
    size_t i, out = 0;
    for (i = 0; i < n; i++) {
        char c = s[i];
        if (c == '+') {
            c = ' ';
        } else if (c == '%' && i + 2 < n && hexval(s[i + 1]) >= 0 && hexval(s[i + 2]) >= 0) {
            c = (char)(hexval(s[i + 1]) * 16 + hexval(s[i + 2]));
            i += 2;
        }
        if (out < max)
            dst[out] = c;
        out++;
    }
    return out;
}

void bp_form_decode(struct bp_arena *a, const char *data, size_t len, size_t max_fields, size_t max_value,
                    struct bp_form *out)
{
    size_t pos = 0, cap = 0;
    out->fields = NULL;
    out->count = 0;
    out->too_many = false;
    while (pos < len) {
        const char *pair = data + pos, *amp = memchr(pair, '&', len - pos);
        size_t plen = amp ? (size_t)(amp - pair) : len - pos;
        const char *eq = memchr(pair, '=', plen);
        size_t nlen = eq ? (size_t)(eq - pair) : plen;
        pos += plen + 1;
        if (plen == 0 || nlen == 0 || nlen > BP_FORM_NAME_ENCODED_MAX)
            continue;
        if (out->count == max_fields) {
            out->too_many = true;
            return;
        }
        if (out->count == cap) {
            struct bp_form_field *nf;
            cap = cap ? cap * 2 : 16;
            if (cap > max_fields)
                cap = max_fields;
            nf = bp_arena_alloc(a, cap * sizeof(*nf));
            if (out->count)
                memcpy(nf, out->fields, out->count * sizeof(*nf));
            out->fields = nf;
        }
        {
            struct bp_form_field *f = &out->fields[out->count];
            char name[BP_FORM_NAME_ENCODED_MAX + 1];
            size_t vn = eq ? plen - nlen - 1 : 0, dn, keep;
            char *tmp;
            size_t namelen = url_decode(pair, nlen, name, sizeof(name) - 1);
            if (namelen > BP_MAX_FORM_NAME)
                continue; /* limits.h: longer names are dropped (decoded is never longer than encoded) */
            f->name = bp_utf8_sanitize(a, name, namelen, NULL);
            keep = vn < max_value ? vn : max_value; /* decoded is never longer than encoded */
            tmp = bp_arena_alloc(a, keep + 1);
            /* one byte more than is kept, so that tmp[keep] shows where a cut falls */
            dn = eq ? url_decode(eq + 1, vn, tmp, keep + 1) : 0;
            f->too_long = dn > max_value;
            if (dn > keep)
                dn = keep;
            if (f->too_long) {
                /* do not cut a UTF-8 sequence in half: tmp[dn] is the first byte left out */
                while (dn > 0 && ((unsigned char)tmp[dn] & 0xC0) == 0x80)
                    dn--;
            }
            f->value = bp_utf8_sanitize(a, tmp, dn, &f->len);
        }
        out->count++;
    }
}

const struct bp_form_field *bp_form_field(const struct bp_form *f, const char *name)
{
    return BP_FIND_NAME(struct bp_form_field, f->fields, f->count, name, name);
}

const char *bp_form_get(const struct bp_form *f, const char *name)
{
    const struct bp_form_field *ff = bp_form_field(f, name);
    return ff ? ff->value : "";
}

int64_t bp_form_id(const struct bp_form *f, const char *name)
{
    const char *v = bp_form_get(f, name);
    int64_t id;
    if (!*v)
        return 0;
    return bp_parse_int64(v, 1, INT64_MAX, &id) ? id : -1;
}

bool bp_form_has(const struct bp_form *f, const char *name, const char *value)
{
    size_t i;
    for (i = 0; i < f->count; i++)
        if (strcmp(f->fields[i].name, name) == 0 && strcmp(f->fields[i].value, value) == 0)
            return true;
    return false;
}

static size_t seq_len(const unsigned char *s, size_t n)
{
    if (s[0] < 0x80)
        return 1;
    if (s[0] >= 0xC2 && s[0] <= 0xDF)
        return n >= 2 && (s[1] & 0xC0) == 0x80 ? 2 : 0;
    if (s[0] >= 0xE0 && s[0] <= 0xEF) {
        if (n < 3 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80)
            return 0;
        if ((s[0] == 0xE0 && s[1] < 0xA0) || (s[0] == 0xED && s[1] >= 0xA0))
            return 0;
        return 3;
    }
    if (s[0] >= 0xF0 && s[0] <= 0xF4) {
        if (n < 4 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80 || (s[3] & 0xC0) != 0x80)
            return 0;
        if ((s[0] == 0xF0 && s[1] < 0x90) || (s[0] == 0xF4 && s[1] >= 0x90))
            return 0;
        return 4;
    }
    return 0;
}

size_t bp_utf8_chars(const char *s, size_t n)
{
    size_t i = 0, count = 0;
    while (i < n) {
        size_t l = seq_len((const unsigned char *)s + i, n - i);
        i += l ? l : 1;
        count++;
    }
    return count;
}

bool bp_utf8_valid_text(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        unsigned char c = (unsigned char)s[i];
        size_t l;
        if (c < 0x20 && c != '\t' && c != '\r' && c != '\n')
            return false;
        if (c == 0x7F)
            return false;
        l = seq_len((const unsigned char *)s + i, n - i);
        if (!l)
            return false;
        i += l;
    }
    return true;
}

char *bp_utf8_sanitize(struct bp_arena *a, const char *s, size_t n, size_t *out_len)
{
    char *out = bp_arena_alloc(a, n * 3 + 1), *p = out;
    size_t i = 0;
    while (i < n) {
        size_t l = seq_len((const unsigned char *)s + i, n - i);
        if (l && s[i] != '\0') {
            memcpy(p, s + i, l);
            p += l;
            i += l;
        } else {
            memcpy(p, "\xEF\xBF\xBD", 3);
            p += 3;
            i++;
        }
    }
    *p = '\0';
    if (out_len)
        *out_len = (size_t)(p - out);
    return out;
}

const char *bp_trim(struct bp_arena *a, const char *s)
{
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
        n--;
    while (n && (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')) {
        s++;
        n--;
    }
    return bp_arena_strndup(a, s, n);
}
