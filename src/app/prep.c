/* prep.c: the use cases of preparing the child (V-3.x) and the guardians (V-4.1, V-4.2) for the coming
 * meeting, and who is prepared (V-4.3). Full access only; every read audited, every write with its
 * timeline event and audit entry in one transaction. Must not hold the rules (domain/preparation.c) or
 * any text users see. */
#include "app/app_impl.h"
#include "domain/checks.h"

/* The child, the guardians and the preparations of the case for one meeting: 0 (NULL in storage) is the
 * meeting where the plan is made; else it must be a follow-up meeting of the case (V-10.2). */
static enum bp_err load(struct bp_store *s, struct bp_arena *a, const struct bp_case_access *ca,
                        int64_t meeting_id, struct bp_prep_view *out)
{
    enum bp_err rc;
    out->kase = ca->kase;
    out->via_org_id = ca->d.via_org_id;
    out->meeting_id = meeting_id;
    if (meeting_id) {
        struct bp_meeting m;
        if (meeting_id < 0 || (rc = bp_meeting_get(s, a, meeting_id, &m)) == BP_ERR_NOT_FOUND ||
            (rc == BP_OK && (m.case_id != ca->kase.id || m.kind != BP_MEETING_FOLLOWUP)))
            return BP_ERR_NOT_FOUND;
        if (rc != BP_OK)
            return rc;
    }
    if ((rc = bp_app_family_load(s, a, ca, &out->child, &out->guardians, &out->n_guardians)) != BP_OK ||
        (rc = bp_guardian_prep_list(s, a, ca->kase.id, meeting_id, &out->guardian_preps,
                                    &out->n_guardian_preps)) != BP_OK)
        return rc;
    rc = bp_child_prep_get(s, a, ca->kase.id, meeting_id, &out->child_prep);
    if (rc == BP_ERR_NOT_FOUND) {
        memset(&out->child_prep, 0, sizeof(out->child_prep));
        rc = BP_OK;
    } else if (rc == BP_OK) {
        out->has_child_prep = true;
    }
    return rc;
}

static struct bp_prep_status status_of(const struct bp_prep_view *v)
{
    struct bp_guardian_prep preps[BP_MAX_GUARDIANS];
    size_t i, n = 0;
    for (i = 0; i < v->n_guardian_preps && n < BP_ARRAY_LEN(preps); i++)
        preps[n++] = v->guardian_preps[i].p;
    return bp_prep_status_of(v->has_child_prep ? &v->child_prep.p : NULL, preps, n, v->guardians,
                             v->n_guardians);
}

enum bp_err bp_uc_prep_view(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                            int64_t case_id, int64_t meeting_id, struct bp_prep_view *out,
                            struct bp_audit *audit)
{
    struct bp_case_access ca;
    enum bp_err rc;
    memset(out, 0, sizeof(*out));
    if ((rc = bp_app_case_read(s, a, actor, case_id, "preparation", BP_ACCESS_FULL, &ca, audit)) != BP_OK)
        return rc;
    if ((rc = load(s, a, &ca, meeting_id, out)) != BP_OK)
        return rc;
    out->status = status_of(out);
    return BP_OK;
}

/* Opens the case for a write: full access, and an open case. */
static enum bp_err open_for_write(struct bp_unit *u, struct bp_store *s, struct bp_arena *a,
                                  const struct bp_actor *actor, int64_t case_id, int64_t meeting_id,
                                  const char *object, struct bp_prep_view *v, struct bp_field_errors *errs,
                                  struct bp_field_errors *warns)
{
    enum bp_err rc;
    warns->count = 0;
    memset(v, 0, sizeof(*v));
    if ((rc = bp_unit_open_change(u, s, a, actor, case_id, "update", object, BP_ACCESS_FULL, errs, "prep")) !=
        BP_OK)
        return rc;
    return bp_unit_lookup(u, load(s, a, &u->ca, meeting_id, v));
}

enum bp_err bp_uc_child_prep_save(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                  int64_t case_id, int64_t meeting_id, const struct bp_child_prep_input *in,
                                  int64_t *id, struct bp_field_errors *errs, struct bp_field_errors *warns)
{
    struct bp_unit u;
    struct bp_prep_view v;
    struct bp_child_prep_record r;
    enum bp_err rc;

    if ((rc = open_for_write(&u, s, a, actor, case_id, meeting_id, "child_prep", &v, errs, warns)) != BP_OK)
        return rc;
    memset(&r, 0, sizeof(r));
    if ((rc = bp_child_prep_validate(in, &v.child, v.guardians, v.n_guardians, actor->user->id,
                                     bp_actor_today(actor), &r.p, errs, warns)) != BP_OK)
        return rc;
    r.p.case_id = case_id;
    r.p.meeting_id = meeting_id;
    r.org_id = u.ca.d.via_org_id;
    r.created_at = actor->now;
    r.updated_at = actor->now;
    if (!v.has_child_prep)
        u.audit.action = "create";
    u.audit.detail = r.p.done ? "done" : "under_way";
    if ((rc = bp_unit_begin(&u)) != BP_OK)
        return rc;
    rc = bp_child_prep_save(s, &r);
    /* the timeline says that and who, never what the child said */
    bp_unit_event(&u, r.org_id, r.p.done ? "child_prep_done" : "child_prep_saved", NULL);
    if ((rc = bp_unit_finish(&u, rc)) == BP_OK)
        *id = r.p.id;
    return rc;
}

enum bp_err bp_uc_guardian_prep_save(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                     int64_t case_id, int64_t meeting_id,
                                     const struct bp_guardian_prep_input *in, int64_t *id,
                                     struct bp_field_errors *errs, struct bp_field_errors *warns)
{
    struct bp_unit u;
    struct bp_prep_view v;
    struct bp_guardian_prep_record r;
    const struct bp_guardian *g;
    enum bp_err rc;
    size_t i;

    if ((rc = open_for_write(&u, s, a, actor, case_id, meeting_id, "guardian_prep", &v, errs, warns)) !=
        BP_OK)
        return rc;
    memset(&r, 0, sizeof(r));
    if ((rc = bp_guardian_prep_validate(in, v.guardians, v.n_guardians, actor->user->id,
                                        bp_actor_today(actor), &r.p, errs, warns)) != BP_OK) {
        enum bp_err arc = BP_ERR_NOT_FOUND;
        if (bp_field_errors_find(errs, "guardian_prep.guardian_id")) /* another case's guardian: on record */
            arc = bp_unit_lookup(&u, BP_ERR_NOT_FOUND);
        return arc == BP_ERR_NOT_FOUND ? rc : arc;
    }
    g = bp_guardian_find(v.guardians, v.n_guardians, r.p.guardian_id);
    r.p.case_id = case_id;
    r.p.meeting_id = meeting_id;
    r.org_id = u.ca.d.via_org_id;
    r.created_at = actor->now;
    r.updated_at = actor->now;
    u.audit.action = "create";
    for (i = 0; i < v.n_guardian_preps; i++)
        if (v.guardian_preps[i].p.guardian_id == r.p.guardian_id)
            u.audit.action = "update";
    u.audit.detail = r.p.done ? "done" : "under_way";
    if ((rc = bp_unit_begin(&u)) != BP_OK)
        return rc;
    rc = bp_guardian_prep_save(s, &r);
    /* the guardian's name says whose; never what they said */
    bp_unit_event(&u, r.org_id, r.p.done ? "guardian_prep_done" : "guardian_prep_saved", g ? g->name : "");
    if ((rc = bp_unit_finish(&u, rc)) == BP_OK)
        *id = r.p.id;
    return rc;
}

const struct bp_guardian_prep_record *bp_prep_view_guardian(const struct bp_prep_view *v, int64_t guardian_id)
{
    size_t i;
    for (i = 0; i < v->n_guardian_preps; i++)
        if (v->guardian_preps[i].p.guardian_id == guardian_id)
            return &v->guardian_preps[i];
    return NULL;
}
