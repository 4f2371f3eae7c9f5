/* store_audit.c: the audit trail's hash chain (store.h; issue 11 item 3, migration 036): writing an entry
 * into this connection's chain (its head row moves in bp_store_commit, store.c), the reads that `audit
 * verify` and the extracts walk page by page, and the search of the trail. The hash itself is
 * domain/audit_chain.c's. */
#include <unistd.h>
#include "util/common.h"
#include "util/limits.h"
#include "storage/store.h"
#include "storage/driver.h"
#include "storage/store_impl.h"

static struct bp_sql q_audit_add = {
    "INSERT INTO audit (at, user_id, org_id, child_id, case_id, action, object, channel, address, detail, "
    "chain_id, seq, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"};
static struct bp_sql q_chain_start = {
    "INSERT INTO audit_chains (started_at, writer) VALUES (?, ?) RETURNING id"};

void bp_store_set_writer(struct bp_store *s, const char *what)
{
    snprintf(s->writer, sizeof(s->writer), "%.60s pid %ld", what ? what : "?", (long)getpid());
}

/* The parameters of q_audit_add for e as the next entry of the chain h (moved on to it), into p with the
 * hashes' text in prev_hex and hash_hex. */
#define AUDIT_PARAMS 14
static void audit_params(const struct bp_audit *e, struct bp_chain_head *h,
                         struct bp_param p[static AUDIT_PARAMS], char prev_hex[static BP_AUDIT_HASH_HEX],
                         char hash_hex[static BP_AUDIT_HASH_HEX])
{
    uint8_t hash[BP_AUDIT_HASH_BYTES];
    bp_audit_hash(e, h->id, h->seq + 1, h->hash, hash); /* zeros before the first */
    bp_audit_hash_hex(h->hash, prev_hex);
    bp_audit_hash_hex(hash, hash_hex);
    memcpy(p,
           (struct bp_param[AUDIT_PARAMS]){
               p_int(e->at), p_ref(e->user_id), p_ref(e->org_id), p_ref(e->child_id), p_ref(e->case_id),
               p_text(e->action), p_text(e->object), p_text(e->channel), p_text(e->address),
               p_text(e->detail), p_int(h->id), p_int(h->seq + 1), p_text(prev_hex), p_text(hash_hex)},
           AUDIT_PARAMS * sizeof(*p));
    h->seq++;
    memcpy(h->hash, hash, sizeof(hash));
}

static enum bp_err audit_add_in_tx(struct bp_store *s, const struct bp_audit *e)
{
    struct bp_chain_head *h = &s->chain_tx, next;
    struct bp_param params[AUDIT_PARAMS];
    char prev_hex[BP_AUDIT_HASH_HEX], hash_hex[BP_AUDIT_HASH_HEX];
    enum bp_err err;
    if (h->id == 0) { /* this connection's first entry: its chain begins, in this transaction */
        struct bp_param start[] = {p_int(e->at), p_text(s->writer)};
        if ((err = INSERT(&q_chain_start, start, &h->id)) != BP_OK)
            return err;
        h->seq = 0;
        memset(h->hash, 0, sizeof(h->hash));
    }
    next = *h;
    audit_params(e, &next, params, prev_hex, hash_hex);
    if ((err = EXEC(&q_audit_add, params)) != BP_OK)
        return err;
    *h = next;
    s->chain_dirty = true;
    return BP_OK;
}

enum bp_err bp_audit_add(struct bp_store *s, const struct bp_audit *e)
{
    bool own;
    enum bp_err err = begin_own(s, &own);
    if (err)
        return err;
    return end_own(s, own, audit_add_in_tx(s, e));
}

enum bp_err bp_audit_commit(struct bp_store *s, const struct bp_audit *e, size_t n)
{
    struct bp_chain_head h = s->chain;
    struct bp_stmt *st;
    struct bp_arena *a;
    char *hex;
    size_t i, failed;
    enum bp_err err;
    if (s->in_tx) /* GCOVR_EXCL_BR_LINE: BUG() ends the process; the callers commit outside a transaction */
        BUG("bp_audit_commit inside a transaction");
    if (n == 0)
        return BP_OK;
    if (h.id == 0) { /* the chain's row is begun first, with RETURNING: the old way, once per connection */
        if ((err = bp_store_begin(s)) != BP_OK)
            return err;
        for (i = 0; i < n && !err; i++)
            err = audit_add_in_tx(s, &e[i]);
        if (err) {
            bp_store_rollback(s);
            return err;
        }
        return bp_store_commit(s);
    }
    a = scratch(s);
    st = bp_arena_alloc(a, (n + 1) * sizeof(*st));
    for (i = 0; i < n; i++) {
        struct bp_param *p = bp_arena_alloc(a, AUDIT_PARAMS * sizeof(*p));
        audit_params(&e[i], &h, p, bp_arena_alloc(a, BP_AUDIT_HASH_HEX),
                     bp_arena_alloc(a, BP_AUDIT_HASH_HEX));
        st[i] = (struct bp_stmt){.q = &q_audit_add, .params = p, .nparams = AUDIT_PARAMS};
    }
    hex = bp_arena_alloc(a, BP_AUDIT_HASH_HEX);
    bp_audit_hash_hex(h.hash, hex);
    st[n] = (struct bp_stmt){.q = &bp_q_chain_head,
                             .params = memcpy(bp_arena_alloc(a, 3 * sizeof(struct bp_param)),
                                              (struct bp_param[]){p_int(h.seq), p_text(hex), p_int(h.id)},
                                              3 * sizeof(struct bp_param)),
                             .nparams = 3};
    err = bp_store_run_many(s, __func__, st, n + 1, true, a, &failed);
    /* On success the chain has moved on. On failure nothing of it is kept, unless the commit itself failed,
     * when whether it reached the disk is not known: the next entry begins a new chain either way (as
     * bp_store_commit does after a failed commit), never one that may have a gap or a fork. */
    if (err)
        memset(&s->chain, 0, sizeof(s->chain));
    else
        s->chain = h;
    return err;
}

/* ---- reading the chains back ---- */

static struct bp_sql q_chain_list = {
    "SELECT id, started_at, writer, head_seq, head_hash FROM audit_chains ORDER BY id"};

#define REC struct bp_audit_chain
static const struct col chain_cols[] = {COL_INT(id), COL_INT(started_at), COL_NZ(writer), COL_INT(head_seq),
                                        COL_NZ(head_hash)};
static const struct row chain_row = ROW(chain_cols, NULL);
#undef REC

enum bp_err bp_audit_chain_list(struct bp_store *s, struct bp_arena *a, struct bp_audit_chain **out,
                                size_t *n)
{
    return select_all(s, __func__, &q_chain_list, NULL, 0, a, sizeof(**out), &chain_row, (void **)out, n);
}

static struct bp_sql q_chain_get = {
    "SELECT id, started_at, writer, head_seq, head_hash FROM audit_chains WHERE id = ?"};

enum bp_err bp_audit_chain_get(struct bp_store *s, struct bp_arena *a, int64_t id, struct bp_audit_chain *out)
{
    return SELECT_ONE_BY_ID(&q_chain_get, id, a, &chain_row, out, "no such audit chain");
}

#define CHAIN_COLUMNS                                                                                        \
    "SELECT a.id, a.at, a.user_id, a.org_id, a.child_id, a.case_id, a.action, a.object, a.channel, "         \
    "a.address, a.detail, a.chain_id, a.seq, a.prev_hash, a.hash FROM audit a "
static struct bp_sql q_chain_entries = {
    CHAIN_COLUMNS
    "WHERE a.chain_id = ? AND a.seq >= ? AND (a.seq > ? OR a.id > ?) ORDER BY a.seq, a.id LIMIT ?"};
static struct bp_sql q_orphan_entries = {
    CHAIN_COLUMNS "WHERE a.chain_id IS NOT NULL AND a.chain_id NOT IN (SELECT id FROM audit_chains) "
                  "AND a.seq >= ? AND (a.seq > ? OR a.id > ?) ORDER BY a.seq, a.id LIMIT ?"};

#define REC struct bp_audit
static const struct col chained_cols[] = {
    COL_INT(id),      COL_INT(at),       COL_INT(user_id), COL_INT(org_id),    COL_INT(child_id),
    COL_INT(case_id), COL_STR(action),   COL_STR(object),  COL_STR(channel),   COL_STR(address),
    COL_STR(detail),  COL_INT(chain_id), COL_INT(seq),     COL_STR(prev_hash), COL_STR(hash)};
static const struct row chained_row = ROW(chained_cols, NULL);
#undef REC

enum bp_err bp_audit_chain_entries(struct bp_store *s, struct bp_arena *a, int64_t chain_id,
                                   int64_t after_seq, int64_t after_id, size_t limit, struct bp_audit **out,
                                   size_t *n)
{
    if (chain_id) {
        struct bp_param params[] = {p_int(chain_id), p_int(after_seq), p_int(after_seq), p_int(after_id),
                                    p_int((int64_t)limit)};
        return SELECT_ALL(&q_chain_entries, params, a, &chained_row, out, n);
    } else {
        struct bp_param params[] = {p_int(after_seq), p_int(after_seq), p_int(after_id),
                                    p_int((int64_t)limit)};
        return SELECT_ALL(&q_orphan_entries, params, a, &chained_row, out, n);
    }
}

static struct bp_sql q_unchained = {
    "SELECT st.entries, st.max_id, (SELECT COUNT(*) FROM audit WHERE chain_id IS NULL), "
    "(SELECT COUNT(*) FROM audit WHERE chain_id IS NULL AND id > st.max_id) FROM audit_chain_start st"};

enum bp_err bp_audit_unchained(struct bp_store *s, struct bp_audit_unchained *out)
{
    struct bp_rows rows;
    struct cursor c;
    enum bp_err err;
    memset(out, 0, sizeof(*out));
    if ((err = RUN0(&q_unchained, scratch(s), &rows)))
        return err;
    if (rows.nrows != 1)
        return set_error(s, BP_ERR_STORAGE, __func__, "audit_chain_start has no row");
    c = cursor_at(&rows, 0);
    out->at_start = c_int(&c);
    out->max_id_at_start = c_int(&c);
    out->now = c_int(&c);
    out->above_max_id = c_int(&c);
    return c.bad ? bad_row(s, __func__, &c) : BP_OK;
}

/* ---- searching the audit trail ---- */

/* The columns bp_audit_row reads, of the entries a WHERE that follows chooses: the search's and the
 * extracts'. */
#define AUDIT_SELECT                                                                                         \
    "SELECT a.id, a.at, a.user_id, a.org_id, a.child_id, a.case_id, a.action, a.object, a.channel, "         \
    "a.address, a.detail, u.username, o.name FROM audit a LEFT JOIN users u ON u.id = a.user_id "            \
    "LEFT JOIN organisations o ON o.id = a.org_id WHERE "
/* The search: one statement per leading filter, so that each can walk its own (x, at) index newest first;
 * the remaining filters are the same optional conditions in all of them. */
#define AUDIT_REST                                                                                           \
    "a.at >= ? AND a.at <= ? "                                                                               \
    "AND (CAST(? AS BIGINT) = 0 OR a.case_id = ?) "                                                          \
    "AND (CAST(? AS BIGINT) = 0 OR a.child_id = ?) "                                                         \
    "AND (CAST(? AS BIGINT) = 0 OR a.user_id = ?) "                                                          \
    "AND (CAST(? AS TEXT) IS NULL OR u.username = ?) "                                                       \
    "AND (CAST(? AS TEXT) IS NULL OR a.action = ?) "                                                         \
    "AND (CAST(? AS BIGINT) = 0 OR a.user_id IN (SELECT user_id FROM memberships WHERE org_id = ?)) "        \
    "ORDER BY a.at DESC, a.id DESC LIMIT ? OFFSET ?"
static struct bp_sql q_audit_by_case = {AUDIT_SELECT "a.case_id = ? AND " AUDIT_REST};
static struct bp_sql q_audit_by_child = {AUDIT_SELECT "a.child_id = ? AND " AUDIT_REST};
static struct bp_sql q_audit_by_user = {AUDIT_SELECT "a.user_id = ? AND " AUDIT_REST};
static struct bp_sql q_audit_by_username = {
    AUDIT_SELECT "a.user_id = (SELECT id FROM users WHERE username = ?) AND " AUDIT_REST};
static struct bp_sql q_audit_all = {AUDIT_SELECT AUDIT_REST};

#define REC struct bp_audit
static const struct col audit_cols[] = {
    COL_INT(id),      COL_INT(at),       COL_INT(user_id), COL_INT(org_id),  COL_INT(child_id),
    COL_INT(case_id), COL_STR(action),   COL_STR(object),  COL_STR(channel), COL_STR(address),
    COL_STR(detail),  COL_STR(username), COL_STR(org_name)};
const struct row bp_audit_row = ROW(audit_cols, NULL);
#undef REC

enum bp_err bp_audit_search(struct bp_store *s, struct bp_arena *a, const struct bp_audit_filter *f,
                            struct bp_audit **out, size_t *n)
{
    /* AUDIT_REST's optional conditions in its order, each given twice: whether it is set, and its value */
    const struct bp_param optional[] = {p_int(f->case_id),   p_int(f->child_id), p_int(f->user_id),
                                        p_text(f->username), p_text(f->action),  p_int(f->member_org_id)};
    struct bp_param params[18];
    struct bp_sql *q = &q_audit_all;
    size_t np = 0, i;
    int64_t lim, off;
    enum bp_err err;

    *out = NULL;
    *n = 0;
    if ((err = page(s, __func__, f->limit, BP_MAX_AUDIT_ROWS, f->offset, &lim, &off)))
        return err;
    /* The most selective filter leads. */
    if (f->case_id) {
        q = &q_audit_by_case;
        params[np++] = p_int(f->case_id);
    } else if (f->child_id) {
        q = &q_audit_by_child;
        params[np++] = p_int(f->child_id);
    } else if (f->user_id) {
        q = &q_audit_by_user;
        params[np++] = p_int(f->user_id);
    } else if (f->username) {
        q = &q_audit_by_username;
        params[np++] = p_text(f->username);
    }
    params[np++] = p_int(f->from);
    params[np++] = p_int(f->to ? f->to : INT64_MAX);
    for (i = 0; i < BP_ARRAY_LEN(optional); i++) {
        params[np++] = optional[i];
        params[np++] = optional[i];
    }
    params[np++] = p_int(lim);
    params[np++] = p_int(off);
    return select_all(s, __func__, q, params, np, a, sizeof(**out), &bp_audit_row, (void **)out, n);
}

/* ---- the extracts: every entry of a child, or of a time range, page by page ---- */

/* Keyset paging on (at, id): each page starts where the last ended, walking audit_child_at or audit_at. */
static struct bp_sql q_extract_child = {
    AUDIT_SELECT "a.child_id = ? AND a.at >= ? AND a.at <= ? AND (a.at > ? OR a.id > ?) "
                 "ORDER BY a.at, a.id LIMIT ?"};
static struct bp_sql q_extract_time = {
    AUDIT_SELECT "a.at >= ? AND a.at <= ? AND (a.at > ? OR a.id > ?) ORDER BY a.at, a.id LIMIT ?"};

enum bp_err bp_audit_extract(struct bp_store *s, int64_t child_id, int64_t from, int64_t to,
                             bp_audit_page_fn fn, void *ctx)
{
    struct bp_arena a;
    int64_t last_at = from, last_id = 0;
    enum bp_err err = BP_OK;
    bp_arena_init(&a, 1 << 20);
    for (;;) {
        struct bp_audit *rows;
        size_t n;
        bp_arena_reset(&a);
        if (child_id) {
            struct bp_param params[] = {p_int(child_id), p_int(last_at), p_int(to),
                                        p_int(last_at),  p_int(last_id), p_int(BP_AUDIT_EXTRACT_PAGE)};
            err = SELECT_ALL(&q_extract_child, params, &a, &bp_audit_row, &rows, &n);
        } else {
            struct bp_param params[] = {p_int(last_at), p_int(to), p_int(last_at), p_int(last_id),
                                        p_int(BP_AUDIT_EXTRACT_PAGE)};
            err = SELECT_ALL(&q_extract_time, params, &a, &bp_audit_row, &rows, &n);
        }
        if (err || n == 0 || !fn(ctx, rows, n) || n < BP_AUDIT_EXTRACT_PAGE)
            break;
        last_at = rows[n - 1].at;
        last_id = rows[n - 1].id;
    }
    bp_arena_release(&a);
    return err;
}

/* ---- the alerts (migration 037) ---- */

static struct bp_sql q_alert_candidates = {
    "SELECT 'children', user_id, at / 3600, COUNT(DISTINCT child_id) FROM audit "
    "WHERE at >= ? AND at < ? AND action = 'read' AND user_id IS NOT NULL AND child_id IS NOT NULL "
    "AND CAST(? AS BIGINT) > 0 GROUP BY user_id, at / 3600 HAVING COUNT(DISTINCT child_id) > ? "
    "UNION ALL "
    "SELECT 'outside', a.user_id, a.at / 3600, COUNT(*) FROM audit a "
    "WHERE a.at >= ? AND a.at < ? AND a.action IN ('read', 'denied') AND a.user_id IS NOT NULL "
    "AND a.case_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM case_orgs co JOIN memberships m "
    "ON m.org_id = co.org_id WHERE co.case_id = a.case_id AND m.user_id = a.user_id) "
    "GROUP BY a.user_id, a.at / 3600 ORDER BY 2, 3, 1"};
static struct bp_sql q_alert_decide = {
    "INSERT INTO audit_alerts (kind, user_id, hour, entries, decided_at) VALUES (?, ?, ?, ?, ?) "
    "ON CONFLICT (kind, user_id, hour) DO NOTHING RETURNING id"};

#define REC struct bp_audit_alert
static const struct col alert_cols[] = {COL_STR(kind), COL_INT(user_id), COL_INT(hour), COL_INT(entries)};
static const struct row alert_row = ROW(alert_cols, NULL);
#undef REC

enum bp_err bp_audit_alert_candidates(struct bp_store *s, struct bp_arena *a, int64_t from, int64_t to,
                                      int64_t children_per_hour, struct bp_audit_alert **out, size_t *n)
{
    struct bp_param params[] = {p_int(from), p_int(to), p_int(children_per_hour), p_int(children_per_hour),
                                p_int(from), p_int(to)};
    return SELECT_ALL(&q_alert_candidates, params, a, &alert_row, out, n);
}

enum bp_err bp_audit_alert_decide(struct bp_store *s, const struct bp_audit_alert *al, int64_t at,
                                  bool *fresh)
{
    struct bp_param params[] = {p_text(al->kind), p_int(al->user_id), p_int(al->hour), p_int(al->entries),
                                p_int(at)};
    struct bp_rows rows;
    enum bp_err err = RUN(&q_alert_decide, params, scratch(s), &rows);
    *fresh = err == BP_OK && rows.nrows == 1;
    return err;
}
