/* route.c: matching a request against a route table (http.h's struct bp_http_route): patterns with "{id}"
 * for positive decimal ids, and the Allow list of a 405. Must not know any route: the table comes from
 * the program's entry. */
#include "http/http.h"

/* Matches one path against one pattern; "{id}" takes a positive decimal id. */
static bool match(const char *pattern, const char *path, int64_t *params)
{
    size_t np = 0;
    while (*pattern && *path) {
        if (pattern[0] == '{') {
            const char *end = strchr(pattern, '}');
            char digits[20];
            size_t n = 0;
            int64_t v;
            if (!end)
                return false;
            while (path[n] >= '0' && path[n] <= '9')
                n++;
            if (n == 0 || n >= sizeof(digits) || np == BP_MAX_ROUTE_PARAMS)
                return false;
            memcpy(digits, path, n);
            digits[n] = '\0';
            if (!bp_parse_int64(digits, 1, INT64_MAX, &v))
                return false;
            params[np++] = v;
            pattern = end + 1;
            path += n;
        } else if (*pattern == *path) {
            pattern++;
            path++;
        } else {
            return false;
        }
    }
    return *pattern == '\0' && *path == '\0';
}

const struct bp_http_route *bp_route_match(const struct bp_http_config *cfg, const char *method,
                                           const char *path, int64_t *params, bool *method_mismatch)
{
    size_t t, i;
    *method_mismatch = false;
    for (t = 0; t < cfg->n_tables; t++) {
        const struct bp_http_route *r = cfg->tables[t].routes;
        for (i = 0; i < cfg->tables[t].n; i++) {
            if (!match(r[i].pattern, path, params))
                continue;
            if (strcmp(r[i].method, method) == 0 ||
                (strcmp(method, "HEAD") == 0 && strcmp(r[i].method, "GET") == 0))
                return &r[i];
            *method_mismatch = true;
        }
    }
    return NULL;
}

/* Appends a route's method to the Allow list when it matches the path (GET brings HEAD). */
static size_t allow_one(const struct bp_http_route *r, const char *path, char *list, size_t size, size_t len)
{
    int64_t params[BP_MAX_ROUTE_PARAMS];
    if (!match(r->pattern, path, params) || strstr(list, r->method))
        return len;
    len += (size_t)snprintf(list + len, size - len, "%s%s", len ? ", " : "", r->method);
    if (strcmp(r->method, "GET") == 0)
        len += (size_t)snprintf(list + len, size - len, ", HEAD");
    if (len >= size)
        BUG("Allow list too long");
    return len;
}

const char *bp_route_allow(const struct bp_http_config *cfg, struct bp_arena *a, const char *path)
{
    char list[128] = "";
    size_t t, i, len = 0;
    for (t = 0; t < cfg->n_tables; t++)
        for (i = 0; i < cfg->tables[t].n; i++)
            len = allow_one(&cfg->tables[t].routes[i], path, list, sizeof(list), len);
    return bp_arena_strdup(a, list);
}
