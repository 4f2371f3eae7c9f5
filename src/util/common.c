/* common.c: BUG(), checked allocation, error names, integer parsing. No I/O beyond stderr on BUG. */
#include <errno.h>
#include <stdarg.h>
#include "util/common.h"

void bp_bug(const char *file, int line, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "BUG: %s:%d: ", file, line);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    abort();
}

static void *check(void *p)
{
    if (!p) {
        fputs("barnplan: out of memory\n", stderr);
        abort();
    }
    return p;
}

void *bp_xmalloc(size_t n)
{
    return check(malloc(n ? n : 1));
}

void *bp_xcalloc(size_t n, size_t size)
{
    return check(calloc(n ? n : 1, size ? size : 1));
}

void *bp_xrealloc(void *p, size_t n)
{
    return check(realloc(p, n ? n : 1));
}

char *bp_xstrdup(const char *s)
{
    return check(strdup(s));
}

const char *bp_err_name(enum bp_err e)
{
    static const char *const names[] = {
        [BP_OK] = "ok",
        [BP_ERR_INVALID] = "invalid",
        [BP_ERR_NOT_FOUND] = "not_found",
        [BP_ERR_FORBIDDEN] = "forbidden",
        [BP_ERR_UNAUTHENTICATED] = "unauthenticated",
        [BP_ERR_THROTTLED] = "throttled",
        [BP_ERR_CONFLICT] = "conflict",
        [BP_ERR_TOO_LARGE] = "too_large",
        [BP_ERR_STORAGE] = "storage",
        [BP_ERR_INTERNAL] = "internal",
        [BP_ERR_UNAVAILABLE] = "unavailable",
    };
    if ((size_t)e >= BP_ARRAY_LEN(names) || !names[e])
        return "unknown";
    return names[e];
}

bool bp_parse_int64(const char *s, int64_t min, int64_t max, int64_t *out)
{
    char *end;
    long long v;
    if (!s || !*s || (*s != '-' && (*s < '0' || *s > '9')))
        return false;
    errno = 0;
    v = strtoll(s, &end, 10);
    if (errno || *end || v < min || v > max)
        return false;
    *out = v;
    return true;
}

size_t bp_int_text(char buf[static BP_INT_TEXT_MAX], int64_t v)
{
    char tmp[BP_INT_TEXT_MAX];
    uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    size_t n = 0, len = 0;
    do {
        tmp[n++] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0)
        buf[len++] = '-';
    while (n)
        buf[len++] = tmp[--n];
    buf[len] = '\0';
    return len;
}
