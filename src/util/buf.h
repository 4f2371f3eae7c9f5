/* buf.h: the one string builder. It has a hard size cap and a sticky error: appending never
 * fails loudly, callers check bp_buf_failed() once at the end. Memory is malloc'd; release it
 * with bp_buf_release() (or hand it to an arena with bp_buf_in_arena()). */
#ifndef BP_BUF_H
#define BP_BUF_H
#include <stdarg.h>
#include "util/common.h"
#include "util/arena.h"

struct bp_buf {
    char *data; /* always NUL-terminated when not NULL */
    size_t len, cap, max;
    bool overflow; /* sticky: an append would have passed max */
};

void bp_buf_init(struct bp_buf *b, size_t max);
void bp_buf_release(struct bp_buf *b);
/* Registers bp_buf_release on the arena: `b` itself must live as long as the arena (not on a stack). */
void bp_buf_in_arena(struct bp_buf *b, struct bp_arena *a);
/* A new buffer allocated in the arena and released with it. */
struct bp_buf *bp_arena_buf(struct bp_arena *a, size_t max);
static inline bool bp_buf_failed(const struct bp_buf *b)
{
    return b->overflow;
}
static inline const char *bp_buf_str(const struct bp_buf *b)
{
    return b->data ? b->data : "";
}
void bp_buf_reset(struct bp_buf *b);

void bp_buf_add(struct bp_buf *b, const void *data, size_t n);
void bp_buf_adds(struct bp_buf *b, const char *s);
void bp_buf_addc(struct bp_buf *b, char c);
__attribute__((format(printf, 2, 3))) void bp_buf_addf(struct bp_buf *b, const char *fmt, ...);
__attribute__((format(printf, 2, 0))) void bp_buf_vaddf(struct bp_buf *b, const char *fmt, va_list ap);
/* Appends text with & < > " ' escaped, for HTML text and quoted attribute values. */
void bp_buf_add_html(struct bp_buf *b, const char *s, size_t n);
/* Appends percent-encoding for a URL query component. */
void bp_buf_add_urlenc(struct bp_buf *b, const char *s, size_t n);

#endif
