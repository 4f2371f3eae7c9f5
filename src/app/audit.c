/* audit.c: the audit trail's own use cases beyond the search (app.h; issue 11 item 3): verifying the hash
 * chains entry by entry, and the extracts, both over the whole trail a page at a time. */
#include "app/app_impl.h"

void bp_app_store_writer(struct bp_store *s, const char *what)
{
    bp_store_set_writer(s, what);
}

enum bp_err bp_uc_request_refused(struct bp_store *s, const struct bp_actor *actor, const char *why,
                                  const char *route)
{
    char detail[160];
    struct bp_audit e;
    bp_app_audit_fill(&e, actor, "denied", "page");
    (void)snprintf(detail, sizeof(detail), "%s:%s", why, route ? route : "-"); /* a route's name: short */
    e.detail = detail;
    return bp_uc_audit_commit(s, &e, 1);
}

/* The opening both share: administrators only, and the use itself on record before anything is read. */
static enum bp_err audit_use(struct bp_store *s, const struct bp_actor *actor, const char *action,
                             int64_t child_id, const char *detail)
{
    struct bp_audit e;
    enum bp_err rc;
    bp_app_audit_fill(&e, actor, action, "audit");
    e.child_id = child_id;
    e.detail = detail;
    if (!bp_actor_may_administer(actor)) {
        e.action = "denied";
        rc = bp_uc_audit_commit(s, &e, 1);
        return rc ? rc : actor->user ? BP_ERR_FORBIDDEN : BP_ERR_UNAUTHENTICATED;
    }
    return bp_uc_audit_commit(s, &e, 1);
}

/* Walking one chain: where it is, and the problems it hands on. */
struct walk {
    bp_audit_problem_fn fn;
    void *ctx;
    struct bp_audit_verify_result *out;
    int64_t chain_id, expected;        /* the seq the next entry should have */
    uint8_t prev[BP_AUDIT_HASH_BYTES]; /* the hash of entry expected - 1 (zeros before the first) */
    int64_t beyond_head; /* the highest seq found beyond the head as read when the walk began (0: none) */
};

static void problem(struct walk *w, int64_t seq, int64_t seq_last, const char *what, const char *why)
{
    struct bp_audit_problem p = {w->chain_id, seq, seq_last, what, why};
    w->out->problems++;
    w->fn(w->ctx, &p);
}

static void check_entry(struct walk *w, const struct bp_audit *e, int64_t head_seq)
{
    uint8_t stored[BP_AUDIT_HASH_BYTES], prev[BP_AUDIT_HASH_BYTES], again[BP_AUDIT_HASH_BYTES];
    bool intact;
    if (e->seq > head_seq) { /* written since the walk began, or inserted: decided at the end */
        w->beyond_head = e->seq > w->beyond_head ? e->seq : w->beyond_head;
        return;
    }
    w->out->entries++;
    if (e->seq < w->expected) {
        problem(w, e->seq, e->seq, "inserted", "a second entry with this number");
        return;
    }
    if (e->seq > w->expected)
        problem(w, w->expected, e->seq - 1, "removed", "the numbers jump over these entries");
    intact = bp_audit_hash_parse(e->hash, stored) && bp_audit_hash_parse(e->prev_hash, prev);
    if (intact) {
        bp_audit_hash(e, w->chain_id, e->seq, prev, again);
        intact = memcmp(again, stored, sizeof(again)) == 0;
    }
    if (!intact)
        problem(w, e->seq, e->seq, "changed", "its hash does not match what it says");
    else if (e->seq == w->expected && memcmp(prev, w->prev, sizeof(prev)) != 0)
        problem(w, e->seq - 1, e->seq - 1, "changed", "the next entry's link does not match it");
    if (!bp_audit_hash_parse(e->hash, w->prev))
        memset(w->prev, 0, sizeof(w->prev));
    w->expected = e->seq + 1;
}

/* Walks chain c's entries page by page (c->id 0: entries naming a chain that has no row). */
static enum bp_err verify_chain(struct bp_store *s, struct bp_arena *a, struct walk *w,
                                const struct bp_audit_chain *c)
{
    int64_t after_seq = INT64_MIN, after_id = 0;
    enum bp_err rc;
    w->chain_id = c->id;
    w->expected = 1;
    w->beyond_head = 0;
    memset(w->prev, 0, sizeof(w->prev)); /* the first entry's link is 32 zero bytes */
    for (;;) {
        struct bp_audit *rows;
        size_t n, i;
        bp_arena_reset(a);
        if ((rc = bp_audit_chain_entries(s, a, c->id, after_seq, after_id, BP_AUDIT_EXTRACT_PAGE, &rows, &n)))
            return rc;
        for (i = 0; i < n; i++) {
            if (c->id == 0) { /* no chain row: every entry is foreign */
                w->chain_id = rows[i].chain_id;
                problem(w, rows[i].seq, rows[i].seq, "inserted", "its chain does not exist");
                continue;
            }
            check_entry(w, &rows[i], c->head_seq);
        }
        if (n < BP_AUDIT_EXTRACT_PAGE)
            break;
        after_seq = rows[n - 1].seq;
        after_id = rows[n - 1].id;
    }
    if (c->id == 0)
        return BP_OK;
    if (w->expected - 1 < c->head_seq)
        problem(w, w->expected, c->head_seq, "removed", "the chain's head counts more entries");
    else if (c->head_seq > 0) { /* expected - 1 == head_seq: the walk never counts beyond the head */
        uint8_t head[BP_AUDIT_HASH_BYTES];
        if (!bp_audit_hash_parse(c->head_hash, head) || memcmp(head, w->prev, sizeof(head)) != 0)
            problem(w, c->head_seq, c->head_seq, "changed", "the last entry does not match the chain's head");
    }
    if (w->beyond_head) { /* entries past the head: its writer's since the walk began, when the head says so
                           */
        struct bp_audit_chain now;
        if ((rc = bp_audit_chain_get(s, a, c->id, &now)) != BP_OK)
            return rc;
        if (now.head_seq < w->beyond_head)
            problem(w, now.head_seq + 1, w->beyond_head, "inserted", "after the chain's head");
    }
    return BP_OK;
}

/* The entries written before the chain (migration 036): only their number can be checked. */
static enum bp_err verify_before(struct bp_store *s, struct walk *w)
{
    struct bp_audit_unchained u;
    enum bp_err rc = bp_audit_unchained(s, &u);
    if (rc)
        return rc;
    w->chain_id = 0;
    w->out->before_chain = u.now;
    if (u.above_max_id > 0)
        problem(w, 0, 0, "inserted", "entries without a chain written after the chain began");
    if (u.now - u.above_max_id < u.at_start)
        problem(w, 0, 0, "removed", "fewer entries before the chain than when it began");
    else if (u.now - u.above_max_id > u.at_start)
        problem(w, 0, 0, "inserted", "more entries before the chain than when it began");
    return BP_OK;
}

enum bp_err bp_uc_audit_verify(struct bp_store *s, const struct bp_actor *actor, bp_audit_problem_fn fn,
                               void *ctx, struct bp_audit_verify_result *out)
{
    struct walk w = {.fn = fn, .ctx = ctx, .out = out};
    struct bp_arena lists, page;
    struct bp_audit_chain *chains, orphans = {0};
    size_t n, i;
    enum bp_err rc;
    memset(out, 0, sizeof(*out));
    if ((rc = audit_use(s, actor, "read", 0, "verify")) != BP_OK)
        return rc;
    bp_arena_init(&lists, 64 * 1024);
    bp_arena_init(&page, 1 << 20);
    rc = bp_audit_chain_list(s, &lists, &chains, &n);
    for (i = 0; rc == BP_OK && i < n; i++)
        rc = verify_chain(s, &page, &w, &chains[i]);
    out->chains = n;
    if (rc == BP_OK)
        rc = verify_chain(s, &page, &w, &orphans);
    if (rc == BP_OK)
        rc = verify_before(s, &w);
    bp_arena_release(&page);
    bp_arena_release(&lists);
    return rc;
}

enum bp_err bp_uc_audit_extract(struct bp_store *s, const struct bp_actor *actor, int64_t child_id,
                                int64_t from, int64_t to, bp_audit_page_fn fn, void *ctx)
{
    enum bp_err rc = audit_use(s, actor, "export", child_id, "extract");
    if (rc != BP_OK)
        return rc;
    return bp_audit_extract(s, child_id, from, to ? to : INT64_MAX, fn, ctx);
}

/* Decides one alert: nothing when its key was decided before. */
static enum bp_err decide_alert(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                const struct bp_audit_alert *al, const struct bp_user *admins,
                                size_t n_admins, size_t *decided)
{
    struct bp_user who;
    struct bp_audit e;
    const char *kind = strcmp(al->kind, "children") == 0 ? "audit_alert_children" : "audit_alert_outside";
    const char *path;
    bool fresh;
    enum bp_err rc;
    if ((rc = bp_user_get(s, a, al->user_id, &who)) != BP_OK && rc != BP_ERR_NOT_FOUND)
        return rc;
    path = bp_arena_printf(a, "/admin/audit?user=%s", rc == BP_OK ? who.username : "");
    if ((rc = bp_store_begin(s)) != BP_OK)
        return rc;
    rc = bp_audit_alert_decide(s, al, actor->now, &fresh);
    if (rc == BP_OK && !fresh) { /* decided before */
        bp_store_rollback(s);
        return BP_OK;
    }
    if (rc == BP_OK)
        rc = bp_app_notify_admins(s, a, actor, kind, path, admins, n_admins);
    bp_app_audit_fill(&e, actor, "create", "audit_alert");
    e.detail = bp_arena_printf(a, "%s user %lld hour %lld: %lld", al->kind, (long long)al->user_id,
                               (long long)al->hour, (long long)al->entries);
    if ((rc = bp_app_commit_with(s, rc, &e)) == BP_OK) /* the entry, then the commit; or all rolled back */
        (*decided)++;
    return rc;
}

enum bp_err bp_uc_audit_alerts(struct bp_store *s, struct bp_arena *a, int64_t now, int children_per_hour,
                               size_t *decided)
{
    const struct bp_actor actor = {.user = NULL, .address = "scheduler", .channel = "job", .now = now};
    struct bp_audit_alert *al;
    struct bp_user *admins;
    size_t n, n_admins, i;
    enum bp_err rc;
    *decided = 0;
    /* the hour before and this one so far: an hour is looked at until it is over, each alert decided once */
    rc = bp_audit_alert_candidates(s, a, (now / 3600 - 1) * 3600, now + 1, children_per_hour, &al, &n);
    if (rc != BP_OK || n == 0)
        return rc;
    if ((rc = bp_admins(s, a, &admins, &n_admins)) != BP_OK)
        return rc;
    for (i = 0; i < n && rc == BP_OK; i++)
        rc = decide_alert(s, a, &actor, &al[i], admins, n_admins, decided);
    return rc;
}
