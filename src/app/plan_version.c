/* plan_version.c: a plan's versions as others read them (V-10.6, V-8a.3): the export of a finished
 * version's content (kept by app/plan_content.c when it was finished), and the comparison of any two
 * versions, part by part and field by field from the field tables (record/record.h). */
#include "app/app_impl.h"
#include "record/record.h"

enum bp_err bp_uc_plan_version_export(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                      int64_t case_id, int64_t version, const char **content,
                                      struct bp_audit *audit)
{
    struct bp_case_access ca;
    enum bp_err rc = bp_app_case_read(s, a, actor, case_id, "plan_version", BP_ACCESS_FULL, &ca, audit);
    if (rc != BP_OK)
        return rc;
    if (version < 1 || version > INT32_MAX)
        return BP_ERR_NOT_FOUND;
    audit->detail = bp_arena_printf(a, "version %lld", (long long)version);
    return bp_plan_version_content(s, a, case_id, (int)version, content);
}

enum bp_err bp_uc_plan_version_view(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                    int64_t case_id, int64_t version, struct bp_plan_view *out,
                                    struct bp_audit *audit)
{
    enum bp_err rc = bp_uc_plan_view(s, a, actor, case_id, out, audit);
    audit->object = "plan_pdf";
    if (rc != BP_OK)
        return rc;
    if (version < 1 || version > INT32_MAX)
        return BP_ERR_NOT_FOUND;
    audit->detail = bp_arena_printf(a, "version %lld", (long long)version);
    if ((rc = bp_plan_get_version(s, a, case_id, (int)version, &out->plan)) != BP_OK)
        return rc;
    if (out->plan.status == BP_PLAN_DRAFT) /* a draft is nobody's copy */
        return BP_ERR_NOT_FOUND;
    if ((rc = bp_plan_parts_get(s, a, out->plan.id, &out->parts)) != BP_OK)
        return rc;
    /* a finished version: nobody edits its interventions */
    out->may_edit_intervention = bp_arena_alloc(a, sizeof(bool) * (out->parts.n_interventions + 1));
    return BP_OK;
}

/* ---- comparing two versions ---- */

struct compare {
    struct bp_arena *a;
    struct bp_plan_change *items;
    size_t n, cap;
};

static void add_change(struct compare *c, enum bp_plan_change_kind kind, const struct bp_record_def *r,
                       const char *what, const struct bp_field_def *f, const char *before, const char *after)
{
    if (c->n == c->cap) {
        struct bp_plan_change *more = bp_arena_alloc(c->a, (c->cap * 2 + 8) * sizeof(*more));
        if (c->n)
            memcpy(more, c->items, c->n * sizeof(*more));
        c->items = more;
        c->cap = c->cap * 2 + 8;
    }
    c->items[c->n++] = (struct bp_plan_change){kind, r, what, f, before, after};
}

/* Field f's stored text in rec, several values joined by ", ". */
static const char *field_text(struct bp_arena *a, const struct bp_field_def *f, const void *rec)
{
    const char *v[BP_MAX_COORDINATORS + BP_MAX_GUARDIANS + 1];
    size_t n = bp_stored_text(a, f, rec, v, BP_ARRAY_LEN(v)), i;
    const char *out = n ? v[0] : "";
    for (i = 1; i < n; i++)
        out = bp_arena_printf(a, "%s, %s", out, v[i]);
    return out ? out : "";
}

/* Every field of the same item in two versions that differs; references to another part (an
 * intervention's goal) are left out, since each version has its own rows. */
static void compare_record(struct compare *c, const struct bp_record_def *r, const char *what, const void *x,
                           const void *y)
{
    size_t i;
    for (i = 0; i < r->n_fields; i++) {
        const struct bp_field_def *f = &r->fields[i];
        const char *before, *after;
        if (f->stored == BP_STORED_NONE || f->kind == BP_FIELD_REF)
            continue;
        before = field_text(c->a, f, x);
        after = field_text(c->a, f, y);
        if (strcmp(before, after) != 0)
            add_change(c, BP_PLAN_CHANGED, r, what, f, before, after);
    }
}

/* The items of one part in two versions, matched by their key (the first unmatched with the same key). */
static void compare_list(struct compare *c, const struct bp_record_def *r, const void *xs, size_t nx,
                         const void *ys, size_t ny, size_t size, const char *key)
{
    const struct bp_field_def *kf = bp_record_field(r, key);
    bool *used = bp_arena_alloc(c->a, ny + 1);
    size_t i, j;
    for (i = 0; i < nx; i++) {
        const char *x = (const char *)xs + i * size, *kx = field_text(c->a, kf, x);
        for (j = 0; j < ny; j++)
            if (!used[j] && strcmp(kx, field_text(c->a, kf, (const char *)ys + j * size)) == 0)
                break;
        if (j == ny) {
            add_change(c, BP_PLAN_REMOVED, r, kx, NULL, "", "");
            continue;
        }
        used[j] = true;
        compare_record(c, r, kx, x, (const char *)ys + j * size);
    }
    for (j = 0; j < ny; j++)
        if (!used[j])
            add_change(c, BP_PLAN_ADDED, r, field_text(c->a, kf, (const char *)ys + j * size), NULL, "", "");
}

#define COMPARE_PART(c, rec, px, py, items, count, key)                                                      \
    compare_list((c), &(rec), (px)->items, (px)->count, (py)->items, (py)->count, sizeof(*(px)->items), (key))

enum bp_err bp_uc_plan_compare(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                               int64_t case_id, int64_t from, int64_t to, struct bp_plan_comparison *out,
                               struct bp_audit *audit)
{
    struct bp_plan_parts px, py;
    struct compare c = {a, NULL, 0, 0};
    enum bp_err rc = bp_uc_plan_view(s, a, actor, case_id, &out->view, audit);
    if (rc != BP_OK)
        return rc;
    audit->detail = bp_arena_printf(a, "compare %lld %lld", (long long)from, (long long)to);
    if (from < 1 || to < 1 || from > INT32_MAX || to > INT32_MAX)
        return BP_ERR_NOT_FOUND;
    if ((rc = bp_plan_get_version(s, a, case_id, (int)from, &out->from)) != BP_OK ||
        (rc = bp_plan_get_version(s, a, case_id, (int)to, &out->to)) != BP_OK ||
        (rc = bp_plan_parts_get(s, a, out->from.id, &px)) != BP_OK ||
        (rc = bp_plan_parts_get(s, a, out->to.id, &py)) != BP_OK)
        return rc;
    compare_record(&c, &bp_record_plan, "", &out->from, &out->to);
    COMPARE_PART(&c, bp_record_goal, &px, &py, goals, n_goals, "need");
    COMPARE_PART(&c, bp_record_intervention, &px, &py, interventions, n_interventions, "what");
    COMPARE_PART(&c, bp_record_commitment, &px, &py, commitments, n_commitments, "what");
    COMPARE_PART(&c, bp_record_contact, &px, &py, contacts, n_contacts, "org_id");
    out->changes = c.items;
    out->n_changes = c.n;
    return BP_OK;
}
