/* access.c: what every use case shares: the actor's day and rights, the audit entry (filled, or committed on
 * its own), the access check that loads a case for the actor (domain/access.h decides), a timeline event,
 * and the list of audit entries an answer carries. The other files of src/app call it; it calls none of
 * them. */
#include "app/app_impl.h"
#include "util/limits.h"

struct bp_date bp_actor_today(const struct bp_actor *a)
{
    return bp_date_today(a->now);
}

void bp_actor_cli(struct bp_actor *out, const char *os_user, char *addr, size_t addr_len, int64_t now)
{
    snprintf(addr, addr_len, "cli:%.*s", BP_MAX_SHORT_TEXT, os_user && *os_user ? os_user : "?");
    *out = (struct bp_actor){.user = NULL, .address = addr, .channel = "cli", .now = now};
}

bool bp_actor_may_administer(const struct bp_actor *a)
{
    if (a->user)
        return a->user->is_admin;
    /* the command line: whoever can run it can read the database anyway */
    return a->channel && strcmp(a->channel, "cli") == 0;
}

void bp_app_audit_fill(struct bp_audit *e, const struct bp_actor *actor, const char *action,
                       const char *object)
{
    memset(e, 0, sizeof(*e));
    e->at = actor->now;
    e->user_id = actor->user ? actor->user->id : 0;
    e->org_id = actor->user && actor->user->n_orgs == 1 ? actor->user->orgs[0].org_id : 0;
    e->action = action;
    e->object = object;
    e->channel = actor->channel ? actor->channel : "web";
    e->address = actor->address ? actor->address : "";
    e->detail = "";
}

enum bp_err bp_app_commit_with(struct bp_store *s, enum bp_err rc, const struct bp_audit *e)
{
    if (rc == BP_OK)
        rc = bp_audit_add(s, e);
    if (rc != BP_OK) {
        bp_store_rollback(s);
        return rc;
    }
    return bp_store_commit(s);
}

enum bp_err bp_uc_audit_commit(struct bp_store *s, const struct bp_audit *entries, size_t n)
{
    return bp_audit_commit(s, entries, n);
}

static const char *const access_reason_codes[] = {
    [BP_ACCESS_OK_CONSENT] = "consent",    [BP_ACCESS_OK_INITIATOR] = "intake",
    [BP_ACCESS_NO_USER] = "no_user",       [BP_ACCESS_NOT_PARTICIPANT] = "not_participant",
    [BP_ACCESS_NO_CONSENT] = "no_consent", [BP_ACCESS_OK_ASKED] = "asked",
};

struct bp_case_access_facts bp_app_access_facts(const struct bp_case_access *ca, struct bp_date today)
{
    return (struct bp_case_access_facts){.case_orgs = ca->all_orgs,
                                         .n_case_orgs = ca->n_all_orgs,
                                         .asked = ca->all_asked,
                                         .initiating_org_id = ca->kase.initiating_org_id,
                                         .consents = ca->consents,
                                         .n_consents = ca->n_consents,
                                         .today = today};
}

/* V-2.6: an organisation only asked (no consent recorded yet) does not take part: the plan, its contacts,
 * the closure and the meetings count the others. The access rule sees them all (bp_app_access_facts). */
static void split_asked_only(struct bp_arena *a, struct bp_case_access *ca)
{
    size_t i, j;
    ca->orgs = bp_arena_alloc(a, (ca->n_all_orgs + 1) * sizeof(*ca->orgs));
    ca->asked = bp_arena_alloc(a, (ca->n_all_orgs + 1) * sizeof(*ca->asked));
    ca->asked_only = bp_arena_alloc(a, (ca->n_all_orgs + 1) * sizeof(*ca->asked_only));
    for (i = 0; i < ca->n_all_orgs; i++) {
        int64_t org = ca->all_orgs[i];
        bool consented = org == ca->kase.initiating_org_id;
        for (j = 0; j < ca->n_consents && !consented; j++)
            consented = ca->consents[j].org_id == org;
        if (consented) {
            ca->orgs[ca->n_orgs] = org;
            ca->asked[ca->n_orgs++] = ca->all_asked[i];
        } else if (ca->all_asked[i]) {
            ca->asked_only[ca->n_asked_only++] = org;
        }
    }
}

void bp_app_case_split(struct bp_arena *a, struct bp_case_access *ca)
{
    split_asked_only(a, ca);
}

enum bp_err bp_app_case_load(struct bp_store *s, struct bp_arena *a, int64_t case_id,
                             struct bp_case_access *out)
{
    enum bp_err rc;
    size_t i;
    memset(out, 0, sizeof(*out));
    /* one round trip (issue 12 item 3). Queuing fails only for text that is not UTF-8, and these take an id:
     * what the reads find, or their errors, come with the batch's end */
    bp_store_batch_begin(s);
    (void)bp_case_get(s, a, case_id, &out->kase);
    (void)bp_case_orgs_named(s, a, case_id, &out->all_named, &out->all_asked, &out->n_all_orgs);
    (void)bp_consent_list(s, a, case_id, &out->consents, &out->n_consents);
    if ((rc = bp_store_batch_end(s)) != BP_OK)
        return rc;
    if (out->kase.id == 0)
        return BP_ERR_NOT_FOUND;
    out->all_orgs = bp_arena_alloc(a, (out->n_all_orgs + 1) * sizeof(*out->all_orgs));
    for (i = 0; i < out->n_all_orgs; i++)
        out->all_orgs[i] = out->all_named[i].id;
    split_asked_only(a, out);
    return BP_OK;
}

/* The organisation id among orgs[0..n) (by id, as bp_app_case_load reads them); NULL: not there. */
const struct bp_org *bp_app_org_find(const struct bp_org *orgs, size_t n, int64_t id)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (orgs[mid].id == id)
            return &orgs[mid];
        if (orgs[mid].id < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

const char *bp_app_case_org_name(const struct bp_case_access *ca, int64_t id)
{
    const struct bp_org *o = ca->all_named ? bp_app_org_find(ca->all_named, ca->n_all_orgs, id) : NULL;
    return o ? o->name : "";
}

enum bp_err bp_app_case_orgs_named(struct bp_arena *a, const struct bp_case_access *ca,
                                   const struct bp_org *all, size_t n_all, struct bp_org **out, size_t *n)
{
    size_t i;
    *out = bp_arena_alloc(a, sizeof(**out) * (ca->n_orgs + 1));
    *n = 0;
    for (i = 0; i < ca->n_orgs; i++) {
        const struct bp_org *o = bp_app_org_find(all, n_all, ca->orgs[i]);
        if (!o)
            return BP_ERR_NOT_FOUND;
        (*out)[i] = *o;
    }
    *n = ca->n_orgs;
    return BP_OK;
}

enum bp_err bp_app_case_org_names(struct bp_arena *a, const struct bp_case_access *ca, struct bp_org **out,
                                  size_t *n)
{
    return bp_app_case_orgs_named(a, ca, ca->all_named, ca->n_all_orgs, out, n);
}

enum bp_err bp_app_case_access(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                               int64_t case_id, enum bp_access need, struct bp_case_access *out,
                               struct bp_audit *audit)
{
    struct bp_case_access_facts f;
    enum bp_err rc;

    audit->case_id = case_id;
    rc = bp_app_case_load(s, a, case_id, out);
    if (rc != BP_OK) {
        if (rc == BP_ERR_NOT_FOUND) {
            audit->action = "denied";
            audit->detail = "no_such_case";
        }
        return rc;
    }
    audit->child_id = out->kase.child_id;
    f = bp_app_access_facts(out, bp_actor_today(actor));
    out->d = bp_access_case(actor->user, 0, &f);
    audit->detail = access_reason_codes[out->d.reason];
    if (out->d.access < need) {
        audit->action = "denied";
        /* One who may not see the case at all is answered as if it did not exist, so that case ids cannot
         * be probed; one who sees its intake, or is asked to take part, is told that this part needs
         * consent. */
        return out->d.access == BP_ACCESS_DENIED ? BP_ERR_NOT_FOUND : BP_ERR_FORBIDDEN;
    }
    audit->org_id = out->d.via_org_id;
    return BP_OK;
}

enum bp_err bp_app_event(struct bp_store *s, const struct bp_actor *actor, int64_t case_id, int64_t org_id,
                         const char *kind, const char *note)
{
    struct bp_event ev = {.case_id = case_id,
                          .at = actor->now,
                          .user_id = actor->user ? actor->user->id : 0,
                          .org_id = org_id,
                          .kind = kind,
                          .note = note ? note : ""};
    return bp_event_add(s, &ev);
}

void bp_audits_add(struct bp_arena *a, struct bp_audits *l, const struct bp_audit *e)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 4;
        struct bp_audit *items = bp_arena_alloc(a, cap * sizeof(*items));
        if (l->n)
            memcpy(items, l->items, l->n * sizeof(*items));
        l->items = items;
        l->cap = cap;
    }
    l->items[l->n++] = *e;
}

enum bp_err bp_app_case_read(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                             int64_t case_id, const char *object, enum bp_access need,
                             struct bp_case_access *out, struct bp_audit *audit)
{
    bp_app_audit_fill(audit, actor, "read", object);
    if (!actor->user)
        return BP_ERR_UNAUTHENTICATED;
    return bp_app_case_access(s, a, actor, case_id, need, out, audit);
}
