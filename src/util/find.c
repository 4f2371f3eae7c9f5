/* find.c: finding an item in an array by its id or its name (find.h). Pure. */
#include "util/find.h"

const void *bp_find_id(const void *items, size_t n, size_t size, size_t off, int64_t id)
{
    const char *p = items;
    size_t i;
    for (i = 0; i < n; i++, p += size) {
        int64_t v;
        memcpy(&v, p + off, sizeof(v));
        if (v == id)
            return p;
    }
    return NULL;
}

const void *bp_find_name(const void *items, size_t n, size_t size, size_t off, const char *name)
{
    const char *p = items;
    size_t i;
    for (i = 0; i < n; i++, p += size) {
        const char *v;
        memcpy(&v, p + off, sizeof(v));
        if (v && strcmp(v, name) == 0)
            return p;
    }
    return NULL;
}

bool bp_id_in(const int64_t *ids, size_t n, int64_t id)
{
    return bp_find_id(ids, n, sizeof(*ids), 0, id) != NULL;
}
