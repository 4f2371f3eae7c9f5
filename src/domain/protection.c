/* protection.c: protected identity (domain/protection.h; issue 10 item 10). Pure: no I/O, no clock. */
#include <stdio.h>
#include <string.h>
#include "domain/protection.h"
#include "domain/checks.h"
#include "util/find.h"

void bp_protection_of(const struct bp_child *child, const struct bp_guardian *guardians, size_t n,
                      struct bp_protection *out)
{
    size_t i, j;
    memset(out, 0, sizeof(*out));
    out->child = child->protected;
    if (child->protected) {
        memcpy(out->child_from, child->protected_from, child->n_protected_from * sizeof(int64_t));
        out->n_child_from = child->n_protected_from;
    }
    for (i = 0; i < n && out->n_guardians < BP_MAX_GUARDIANS; i++) {
        if (!guardians[i].protected)
            continue;
        out->guardians[out->n_guardians++] = guardians[i].id;
        for (j = 0; j < guardians[i].n_protected_from; j++)
            if (!bp_id_in(out->guardians_from, out->n_guardians_from, guardians[i].protected_from[j]) &&
                out->n_guardians_from < BP_MAX_GUARDIANS)
                out->guardians_from[out->n_guardians_from++] = guardians[i].protected_from[j];
    }
}

enum bp_err bp_protection_validate(const struct bp_protection_input *in, const struct bp_guardian *guardians,
                                   size_t n, struct bp_protection *out, struct bp_field_errors *errs)
{
    int64_t ids[BP_MAX_GUARDIANS];
    size_t i, ng = n < BP_MAX_GUARDIANS ? n : BP_MAX_GUARDIANS, before = errs->count;
    memset(out, 0, sizeof(*out));
    for (i = 0; i < ng; i++)
        ids[i] = guardians[i].id;
    out->child = in->child;
    (void)bp_check_ids_among(in->child_from, in->n_child_from, ids, ng, out->child_from, &out->n_child_from,
                             BP_MAX_GUARDIANS, "protection.child_from", "not_guardian", errs);
    (void)bp_check_ids_among(in->guardians, in->n_guardians, ids, ng, out->guardians, &out->n_guardians,
                             BP_MAX_GUARDIANS, "protection.guardians", "not_guardian", errs);
    (void)bp_check_ids_among(in->guardians_from, in->n_guardians_from, ids, ng, out->guardians_from,
                             &out->n_guardians_from, BP_MAX_GUARDIANS, "protection.guardians_from",
                             "not_guardian", errs);
    if (!out->child)
        out->n_child_from = 0;
    if (!out->n_guardians)
        out->n_guardians_from = 0;
    /* one protected guardian "protected from" only themselves: a mistake, not a protection */
    if (out->n_guardians == 1 && out->n_guardians_from == 1 && out->guardians[0] == out->guardians_from[0])
        bp_field_errors_add(errs, "protection.guardians_from", "self");
    return errs->count > before ? BP_ERR_INVALID : BP_OK;
}

void bp_protection_apply(const struct bp_protection *p, struct bp_child *child, struct bp_guardian *guardians,
                         size_t n)
{
    size_t i, j;
    child->protected = p->child;
    child->n_protected_from = p->child ? p->n_child_from : 0;
    memcpy(child->protected_from, p->child_from, child->n_protected_from * sizeof(int64_t));
    for (i = 0; i < n; i++) {
        struct bp_guardian *g = &guardians[i];
        g->protected = bp_id_in(p->guardians, p->n_guardians, g->id);
        g->n_protected_from = 0;
        for (j = 0; g->protected && j < p->n_guardians_from; j++)
            if (p->guardians_from[j] != g->id)
                g->protected_from[g->n_protected_from++] = p->guardians_from[j];
    }
}

void bp_protection_from_others(struct bp_guardian *guardians, size_t n)
{
    size_t i, j;
    for (i = 0; i < n; i++) {
        guardians[i].n_protected_from = 0;
        for (j = 0; guardians[i].protected && j < n && guardians[i].n_protected_from < BP_MAX_GUARDIANS; j++)
            if (j != i)
                guardians[i].protected_from[guardians[i].n_protected_from++] = guardians[j].id;
    }
}

bool bp_protected_any(const struct bp_child *child, const struct bp_guardian *guardians, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++)
        if (guardians[i].protected)
            return true;
    return child->protected;
}

bool bp_protected_from(const struct bp_child *child, const struct bp_guardian *guardians, size_t n,
                       int64_t guardian_id)
{
    size_t i;
    if (child->protected && bp_id_in(child->protected_from, child->n_protected_from, guardian_id))
        return true;
    for (i = 0; i < n; i++)
        if (guardians[i].protected && guardians[i].id != guardian_id &&
            bp_id_in(guardians[i].protected_from, guardians[i].n_protected_from, guardian_id))
            return true;
    return false;
}

bool bp_protected_contact(const struct bp_child *child, const struct bp_guardian *g)
{
    return g->protected ||
           (child->protected && !bp_id_in(child->protected_from, child->n_protected_from, g->id));
}

bool bp_protected_details_shown(const struct bp_case *k, int64_t via_org_id)
{
    return via_org_id != 0 && via_org_id == k->initiating_org_id;
}

void bp_protected_ids_format(const int64_t *ids, size_t n, char *out, size_t cap)
{
    size_t i, len = 0;
    if (cap)
        out[0] = '\0';
    for (i = 0; i < n && len < cap; i++) {
        int w = snprintf(out + len, cap - len, "%s%lld", i ? " " : "", (long long)ids[i]);
        if ((size_t)w >= cap - len) { /* an error (w < 0) is huge as size_t: left out too */
            out[len] = '\0';          /* an id that does not fit is left out whole */
            return;
        }
        len += (size_t)w;
    }
}

size_t bp_protected_ids_parse(const char *s, int64_t *out)
{
    size_t n = 0;
    char word[24];
    while (s && *s && n < BP_MAX_GUARDIANS) {
        size_t len = strcspn(s, " ");
        int64_t id;
        if (len < sizeof(word)) { /* an empty word (two spaces) parses as no id */
            memcpy(word, s, len);
            word[len] = '\0';
            if (bp_parse_int64(word, 1, INT64_MAX, &id))
                out[n++] = id;
        }
        s += len;
        s += strspn(s, " ");
    }
    return n;
}
