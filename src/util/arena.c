/* arena.c: block allocator behind bp_arena. Must not be shared between threads. */
#include "util/arena.h"

struct bp_arena_block {
    struct bp_arena_block *next;
    size_t used, size;
    _Alignas(16) unsigned char data[];
};

struct bp_arena_defer {
    struct bp_arena_defer *next;
    void (*fn)(void *);
    void *arg;
};

void bp_arena_init(struct bp_arena *a, size_t block_size)
{
    a->head = NULL;
    a->defers = NULL;
    a->block_size = block_size ? block_size : 16384;
}

static void run_defers(struct bp_arena *a)
{
    while (a->defers) {
        struct bp_arena_defer *d = a->defers;
        a->defers = d->next;
        d->fn(d->arg);
    }
}

void bp_arena_reset(struct bp_arena *a)
{
    struct bp_arena_block *b, *keep = NULL;
    run_defers(a);
    for (b = a->head; b;) {
        struct bp_arena_block *next = b->next;
        if (!next && b->size == a->block_size) {
            keep = b; /* the first, standard-sized block is reused */
        } else {
            free(b);
        }
        b = next;
    }
    if (keep)
        keep->used = 0;
    a->head = keep;
}

void bp_arena_release(struct bp_arena *a)
{
    bp_arena_reset(a);
    free(a->head);
    a->head = NULL;
}

void *bp_arena_alloc_raw(struct bp_arena *a, size_t n)
{
    struct bp_arena_block *b = a->head;
    size_t need = (n + 15) & ~(size_t)15;
    void *p;
    if (need < n)
        BUG("arena allocation overflow");
    if (!b || b->size - b->used < need) {
        size_t size = need > a->block_size ? need : a->block_size;
        b = bp_xmalloc(sizeof(*b) + size);
        b->size = size;
        b->used = 0;
        if (size > a->block_size && a->head) {
            /* an oversized block goes behind the head so the head keeps its free space */
            b->next = a->head->next;
            a->head->next = b;
        } else {
            b->next = a->head;
            a->head = b;
        }
    }
    p = b->data + b->used;
    b->used += need;
    return p;
}

void *bp_arena_alloc(struct bp_arena *a, size_t n)
{
    return memset(bp_arena_alloc_raw(a, n), 0, n);
}

char *bp_arena_strndup(struct bp_arena *a, const char *s, size_t n)
{
    char *p = bp_arena_alloc_raw(a, n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *bp_arena_strdup(struct bp_arena *a, const char *s)
{
    return s ? bp_arena_strndup(a, s, strlen(s)) : NULL;
}

char *bp_arena_printf(struct bp_arena *a, const char *fmt, ...)
{
    va_list ap, ap2;
    int n;
    char *p;
    va_start(ap, fmt);
    va_copy(ap2, ap);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        BUG("bad format %s", fmt);
    p = bp_arena_alloc_raw(a, (size_t)n + 1);
    vsnprintf(p, (size_t)n + 1, fmt, ap2);
    va_end(ap2);
    return p;
}

void bp_arena_defer(struct bp_arena *a, void (*fn)(void *), void *arg)
{
    struct bp_arena_defer *d = bp_arena_alloc(a, sizeof(*d));
    d->fn = fn;
    d->arg = arg;
    d->next = a->defers;
    a->defers = d;
}
