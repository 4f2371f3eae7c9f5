/* driver.c: what both database drivers share: statement slots, reading text cells, choosing a driver by
 * URL and checking UTF-8. Must not talk to a database itself. */
#include <stdatomic.h>
#include "util/common.h"
#include "storage/driver.h"

static atomic_int next_slot;

int bp_sql_slot(struct bp_sql *q)
{
    int slot = atomic_load(&q->slot);
    if (slot == 0) {
        int expected = 0;
        int mine = atomic_fetch_add(&next_slot, 1) + 1;
        /* Another thread may have numbered it first; then its number wins and ours stays unused. */
        if (atomic_compare_exchange_strong(&q->slot, &expected, mine))
            slot = mine;
        else
            slot = expected;
    }
    return slot;
}

bool bp_rows_int64(const struct bp_rows *r, size_t row, size_t col, int64_t *out)
{
    const char *cell = bp_rows_cell(r, row, col);
    if (!cell) {
        *out = 0;
        return true;
    }
    return bp_parse_int64(cell, INT64_MIN, INT64_MAX, out);
}

bool bp_rows_bool(const struct bp_rows *r, size_t row, size_t col, bool *out)
{
    int64_t v;
    if (!bp_rows_int64(r, row, col, &v) || (v != 0 && v != 1))
        return false;
    *out = v == 1;
    return true;
}

const char *bp_rows_str(const struct bp_rows *r, size_t row, size_t col)
{
    return bp_rows_cell(r, row, col);
}

bool bp_utf8_valid(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        uint32_t cp;
        size_t n, i;
        if (*p < 0x80) {
            p++;
            continue;
        } else if ((*p & 0xE0) == 0xC0) {
            n = 1;
            cp = *p & 0x1F;
        } else if ((*p & 0xF0) == 0xE0) {
            n = 2;
            cp = *p & 0x0F;
        } else if ((*p & 0xF8) == 0xF0) {
            n = 3;
            cp = *p & 0x07;
        } else {
            return false;
        }
        for (i = 1; i <= n; i++) {
            if ((p[i] & 0xC0) != 0x80) /* also stops at the terminating NUL */
                return false;
            cp = (cp << 6) | (p[i] & 0x3F);
        }
        if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000))
            return false; /* overlong */
        if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return false;
        p += n + 1;
    }
    return true;
}
