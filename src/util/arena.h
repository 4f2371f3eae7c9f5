/* arena.h: a memory pool that lives as long as one request (or one command) and is freed once.
 * Deferred cleanups release non-memory resources (buffers, statements) when the arena is reset.
 * Allocation aborts on out-of-memory; there is no other failure. */
#ifndef BP_ARENA_H
#define BP_ARENA_H
#include <stdarg.h>
#include "util/common.h"

struct bp_arena_block;
struct bp_arena_defer;

struct bp_arena {
    struct bp_arena_block *head;
    struct bp_arena_defer *defers;
    size_t block_size;
};

void bp_arena_init(struct bp_arena *a, size_t block_size);
/* Runs the deferred cleanups (last registered first) and frees every block but the first. */
void bp_arena_reset(struct bp_arena *a);
/* Like reset, and frees the first block too. */
void bp_arena_release(struct bp_arena *a);

void *bp_arena_alloc(struct bp_arena *a, size_t n); /* 16-byte aligned, zeroed */
/* Like bp_arena_alloc, but the memory is not cleared: for callers that write every byte they read
 * (strings, template values; issue 12 item 2). */
void *bp_arena_alloc_raw(struct bp_arena *a, size_t n);
char *bp_arena_strdup(struct bp_arena *a, const char *s);
char *bp_arena_strndup(struct bp_arena *a, const char *s, size_t n);
__attribute__((format(printf, 2, 3))) char *bp_arena_printf(struct bp_arena *a, const char *fmt, ...);
void bp_arena_defer(struct bp_arena *a, void (*fn)(void *), void *arg);

#endif
