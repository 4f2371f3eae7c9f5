/* buf.c: bp_buf, the capped string builder with escaping appenders. Pure: no I/O. */
#include "util/buf.h"

void bp_buf_init(struct bp_buf *b, size_t max)
{
    b->data = NULL;
    b->len = b->cap = 0;
    b->max = max;
    b->overflow = false;
}

void bp_buf_release(struct bp_buf *b)
{
    free(b->data);
    bp_buf_init(b, b->max);
}

static void release_cb(void *p)
{
    bp_buf_release(p);
}

void bp_buf_in_arena(struct bp_buf *b, struct bp_arena *a)
{
    bp_arena_defer(a, release_cb, b);
}

struct bp_buf *bp_arena_buf(struct bp_arena *a, size_t max)
{
    struct bp_buf *b = bp_arena_alloc(a, sizeof(*b));
    bp_buf_init(b, max);
    bp_buf_in_arena(b, a);
    return b;
}

void bp_buf_reset(struct bp_buf *b)
{
    b->len = 0;
    b->overflow = false;
    if (b->data)
        b->data[0] = '\0';
}

static bool grow(struct bp_buf *b, size_t extra)
{
    size_t want;
    if (b->overflow)
        return false;
    if (extra > b->max || b->len > b->max - extra) {
        b->overflow = true;
        return false;
    }
    want = b->len + extra + 1;
    if (want > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < want)
            cap *= 2;
        b->data = bp_xrealloc(b->data, cap);
        b->cap = cap;
    }
    return true;
}

void bp_buf_add(struct bp_buf *b, const void *data, size_t n)
{
    if (!grow(b, n))
        return;
    memcpy(b->data + b->len, data, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void bp_buf_adds(struct bp_buf *b, const char *s)
{
    bp_buf_add(b, s, strlen(s));
}

void bp_buf_addc(struct bp_buf *b, char c)
{
    bp_buf_add(b, &c, 1);
}

void bp_buf_vaddf(struct bp_buf *b, const char *fmt, va_list ap)
{
    va_list ap2;
    int n;
    va_copy(ap2, ap);
    n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0)
        BUG("bad format %s", fmt);
    if (!grow(b, (size_t)n))
        return;
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
}

void bp_buf_addf(struct bp_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    bp_buf_vaddf(b, fmt, ap);
    va_end(ap);
}

void bp_buf_add_html(struct bp_buf *b, const char *s, size_t n)
{
    size_t i, start = 0;
    for (i = 0; i < n; i++) {
        const char *rep;
        switch (s[i]) {
        case '&':
            rep = "&amp;";
            break;
        case '<':
            rep = "&lt;";
            break;
        case '>':
            rep = "&gt;";
            break;
        case '"':
            rep = "&quot;";
            break;
        case '\'':
            rep = "&#39;";
            break;
        case '\0':
            rep = "\xEF\xBF\xBD";
            break;
        default:
            continue;
        }
        bp_buf_add(b, s + start, i - start);
        bp_buf_adds(b, rep);
        start = i + 1;
    }
    bp_buf_add(b, s + start, n - start);
}

void bp_buf_add_urlenc(struct bp_buf *b, const char *s, size_t n)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t i;
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
            c == '_' || c == '.' || c == '~') {
            bp_buf_addc(b, (char)c);
        } else {
            char e[3] = {'%', hex[c >> 4], hex[c & 15]};
            bp_buf_add(b, e, 3);
        }
    }
}
