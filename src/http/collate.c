/* collate.c: Swedish sort order (ICU): å, ä, ö after z, and case and accents as Swedes expect. Used
 * for lists people scan by name. One collator per process, opened on first use. */
#include <unicode/ucol.h>
#include "http/http.h"

static UCollator *collator;

int bp_collate_sv(const char *a, const char *b)
{
    UErrorCode status = U_ZERO_ERROR;
    UCollationResult r;
    if (!collator) {
        collator = ucol_open("sv_SE", &status);
        if (U_FAILURE(status)) {
            collator = NULL;
            return strcmp(a, b);
        }
    }
    status = U_ZERO_ERROR;
    r = ucol_strcollUTF8(collator, a, -1, b, -1, &status);
    if (U_FAILURE(status))
        return strcmp(a, b);
    return r == UCOL_LESS ? -1 : r == UCOL_GREATER ? 1 : 0;
}

static int cmp_org(const void *x, const void *y)
{
    return bp_collate_sv(((const struct bp_org *)x)->name, ((const struct bp_org *)y)->name);
}

void bp_sort_orgs_sv(struct bp_org *orgs, size_t n)
{
    qsort(orgs, n, sizeof(*orgs), cmp_org);
}

static int cmp_membership(const void *x, const void *y)
{
    return bp_collate_sv(((const struct bp_membership *)x)->org_name,
                         ((const struct bp_membership *)y)->org_name);
}

void bp_sort_memberships_sv(struct bp_membership *m, size_t n)
{
    qsort(m, n, sizeof(*m), cmp_membership);
}
