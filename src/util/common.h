/* common.h: the few things every Barnplan source file needs: sizes, BUG(), the error enum,
 * and the banned-functions list. Must not grow into a grab bag: add a module instead. */
#ifndef BP_COMMON_H
#define BP_COMMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <stdio.h>
#include <stdlib.h>

#define BP_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* A programmer error: the program is wrong, not the input. Aborts with the place. */
#define BUG(...) bp_bug(__FILE__, __LINE__, __VA_ARGS__)
__attribute__((noreturn, format(printf, 3, 4))) void bp_bug(const char *file, int line, const char *fmt, ...);

/* Out of memory aborts (an application server may); a configured limit being hit never does. */
void *bp_xmalloc(size_t n);
void *bp_xcalloc(size_t n, size_t size);
void *bp_xrealloc(void *p, size_t n);
char *bp_xstrdup(const char *s);

/* Functions that can fail return one of these; 0 is success. One place (http/http.c) maps them
 * to HTTP statuses. */
enum bp_err {
    BP_OK = 0,
    BP_ERR_INVALID,         /* input failed validation; see the field errors */
    BP_ERR_NOT_FOUND,       /* no such record (or not visible to the caller) */
    BP_ERR_FORBIDDEN,       /* authenticated but not allowed */
    BP_ERR_UNAUTHENTICATED, /* no valid session or wrong credentials */
    BP_ERR_THROTTLED,       /* too many attempts */
    BP_ERR_CONFLICT,        /* unique constraint, stale state */
    BP_ERR_TOO_LARGE,       /* a named limit was hit */
    BP_ERR_STORAGE,         /* the database failed */
    BP_ERR_INTERNAL,        /* anything else; a bug or the environment */
    BP_ERR_UNAVAILABLE,     /* an outside service (the mail server) refused or did not answer */
};
const char *bp_err_name(enum bp_err e);

/* Parses a whole decimal string into *out; false on junk, overflow or range. */
bool bp_parse_int64(const char *s, int64_t min, int64_t max, int64_t *out);

/* Writes v in decimal into buf (NUL-terminated) and returns its length: printf's "%lld" without printf's
 * cost (pages write thousands of ids). */
#define BP_INT_TEXT_MAX 21
size_t bp_int_text(char buf[static BP_INT_TEXT_MAX], int64_t v);

#include "util/banned.h"
#endif
