/* unit.c: the unit of work every write use case on a case goes through (app_impl.h): open the case under
 * the access rule (a refusal is on record at once, and nothing else is written), begin; then finish with
 * the timeline events, the notifications (in the app and, through the outbox, by e-mail) and the audit
 * entry, and commit; or roll everything back. Must not know any one use case. */
#include "app/app_impl.h"

enum bp_err bp_unit_open(struct bp_unit *u, struct bp_store *s, struct bp_arena *a,
                         const struct bp_actor *actor, int64_t case_id, const char *action,
                         const char *object, enum bp_access need)
{
    enum bp_err rc;
    memset(u, 0, sizeof(*u));
    u->s = s;
    u->a = a;
    u->actor = actor;
    if (!actor->user)
        return BP_ERR_UNAUTHENTICATED;
    bp_app_audit_fill(&u->audit, actor, action, object);
    rc = bp_app_case_access(s, a, actor, case_id, need, &u->ca, &u->audit);
    if (rc == BP_ERR_FORBIDDEN || rc == BP_ERR_NOT_FOUND) {
        enum bp_err arc = bp_uc_audit_commit(s, &u->audit, 1); /* the refusal is on record; nothing else */
        return arc ? arc : rc;
    }
    u->opened = rc == BP_OK;
    return rc;
}

enum bp_err bp_unit_open_change(struct bp_unit *u, struct bp_store *s, struct bp_arena *a,
                                const struct bp_actor *actor, int64_t case_id, const char *action,
                                const char *object, enum bp_access need, struct bp_field_errors *errs,
                                const char *field)
{
    enum bp_err rc;
    errs->count = 0;
    if ((rc = bp_unit_open(u, s, a, actor, case_id, action, object, need)) != BP_OK)
        return rc;
    return !field || bp_unit_case_open(u, errs, field) ? BP_OK : BP_ERR_CONFLICT;
}

bool bp_unit_case_open(const struct bp_unit *u, struct bp_field_errors *errs, const char *field)
{
    if (u->ca.kase.status == BP_CASE_OPEN)
        return true;
    bp_field_errors_add(errs, field, "case_closed");
    return false;
}

enum bp_err bp_unit_begin(struct bp_unit *u)
{
    enum bp_err rc = bp_store_begin(u->s);
    u->begun = rc == BP_OK;
    return rc;
}

static void add_effect(struct bp_unit *u, bool notify, int64_t org_id, const char *kind, const char *note)
{
    if (u->n_effects == u->cap) {
        size_t cap = u->cap ? 2 * u->cap : 4;
        struct bp_unit_effect *e = bp_arena_alloc(u->a, cap * sizeof(*e));
        if (u->n_effects)
            memcpy(e, u->effects, u->n_effects * sizeof(*e));
        u->effects = e;
        u->cap = cap;
    }
    u->effects[u->n_effects++] = (struct bp_unit_effect){notify, org_id, kind, note};
}

void bp_unit_event(struct bp_unit *u, int64_t org_id, const char *kind, const char *note)
{
    add_effect(u, false, org_id, kind, note);
}

void bp_unit_notify(struct bp_unit *u, int64_t org_id, const char *kind)
{
    add_effect(u, true, org_id, kind, NULL);
}

enum bp_err bp_unit_refuse(struct bp_unit *u, const char *detail)
{
    if (u->begun)
        bp_store_rollback(u->s);
    u->begun = false;
    u->opened = false; /* one refusal on record per unit */
    u->n_effects = 0;
    u->audit.action = "denied";
    u->audit.detail = detail;
    return bp_uc_audit_commit(u->s, &u->audit, 1);
}

enum bp_err bp_unit_deny(struct bp_unit *u, const char *detail)
{
    enum bp_err arc = bp_unit_refuse(u, detail);
    return arc ? arc : BP_ERR_FORBIDDEN;
}

enum bp_err bp_unit_finish(struct bp_unit *u, enum bp_err rc)
{
    size_t i;
    if (rc == BP_ERR_NOT_FOUND)
        return bp_unit_lookup(u, rc);
    if (!u->begun)
        return rc;
    for (i = 0; rc == BP_OK && i < u->n_effects; i++) {
        const struct bp_unit_effect *e = &u->effects[i];
        rc = e->notify ? bp_app_notify_involved(u->s, u->a, u->actor, u->ca.kase.id, e->org_id, e->kind)
                       : bp_app_event(u->s, u->actor, u->ca.kase.id, e->org_id, e->kind, e->note);
    }
    if (rc == BP_OK)
        rc = bp_audit_add(u->s, &u->audit);
    u->begun = false;
    u->n_effects = 0;
    if (rc != BP_OK) {
        bp_store_rollback(u->s);
        return rc;
    }
    return bp_store_commit(u->s);
}
