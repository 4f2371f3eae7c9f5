/* test_trust_audit.c: the audit trail's own use cases (src/app/audit.c: verify, extract, alerts, a refused
 * request on record) and its store (src/storage/store_audit.c: the chains, their heads, the extract's pages,
 * the alerts' keys), on a real SQLite file (trust_fixture.h; issue 11 items 3 and 10; docs/trust.md sections
 * 3 and 10). Every kind of tampering is done for real behind the triggers' back through a second connection
 * (an entry changed, removed, inserted, a head that lies, entries before the chain added or removed), and so
 * are the storage failures (a renamed table or column, a trigger that refuses a write, the write lock held);
 * each store connection writes a chain of its own, as an HTTP worker or a command does. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "trust_fixture.h"

#define MAX_STORES 10

static struct {
    struct bp_store *other[MAX_STORES]; /* the other writers (writer()) */
    size_t n_other;
    struct bp_user admin, ulla;
} aud;

/* Lets the raw connection change what the triggers guard (an attacker with the file would). */
static void untrigger(void)
{
    raw("DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete; DROP TRIGGER audit_chains_forward; "
        "DROP TRIGGER audit_chain_start_fixed; DROP TRIGGER audit_chain_start_no_delete");
}

static int setup(void **state)
{
    (void)state;
    trust_db_open("bp-trust-audit");
    memset(&aud, 0, sizeof(aud));
    aud.admin = (struct bp_user){
        .username = "admin", .display_name = "Admin", .email = "admin@example.se", .is_admin = true};
    assert_ok(bp_user_add(fx.s, &aud.admin, "hash"));
    aud.ulla = (struct bp_user){.username = "ulla", .display_name = "Ulla", .email = "ulla@example.se"};
    assert_ok(bp_user_add(fx.s, &aud.ulla, "hash"));
    trust_child_add();
    return 0;
}

static int teardown(void **state)
{
    size_t i;
    (void)state;
    for (i = 0; i < aud.n_other; i++)
        bp_store_close(aud.other[i]);
    trust_db_close();
    return 0;
}

/* Another writer (an HTTP worker, a command): a connection of its own, a chain of its own. */
static struct bp_store *writer(void)
{
    char err[256];
    assert_true(aud.n_other < MAX_STORES);
    if (bp_store_open(fx.url, &aud.other[aud.n_other], err, sizeof(err)) != BP_OK)
        fail_msg("open: %s", err);
    return aud.other[aud.n_other++];
}

static struct bp_audit entry(int64_t at, const char *detail)
{
    return (struct bp_audit){.at = at,
                             .user_id = aud.ulla.id,
                             .child_id = fx.child,
                             .action = "read",
                             .object = "case",
                             .channel = "web",
                             .address = "127.0.0.1",
                             .detail = detail};
}

/* n entries written by s (one transaction); the id of s's chain. */
static int64_t write_entries(struct bp_store *s, size_t n, int64_t at)
{
    struct bp_audit *e = calloc(n, sizeof(*e));
    size_t i;
    assert_non_null(e);
    for (i = 0; i < n; i++)
        e[i] = entry(at + (int64_t)i, "x");
    assert_int_equal(bp_uc_audit_commit(s, e, n), BP_OK);
    free(e);
    return raw_int("SELECT chain_id FROM audit ORDER BY id DESC LIMIT 1");
}

static struct bp_actor cli(void)
{
    static char addr[64];
    struct bp_actor a;
    bp_actor_cli(&a, "root", addr, sizeof(addr), T0 + 86400);
    return a;
}

static struct bp_actor web(const struct bp_user *u)
{
    return (struct bp_actor){.user = u, .address = "127.0.0.1", .channel = "web", .now = T0 + 86400};
}

/* ---- verify: what each problem reports ---- */

static struct {
    char text[2048];
    int calls, fire_at; /* at problem number fire_at, the raw connection runs sql (a writer, a failure) */
    const char *sql;
    struct bp_store *late; /* ... or this writer writes one entry, as if while the walk went on */
} seen;

static void on_problem(void *ctx, const struct bp_audit_problem *p)
{
    size_t len = strlen(seen.text);
    (void)ctx;
    snprintf(seen.text + len, sizeof(seen.text) - len, "%s%lld:%s %lld-%lld (%s)", len ? "; " : "",
             (long long)p->chain_id, p->what, (long long)p->seq, (long long)p->seq_last, p->why);
    if (++seen.calls == seen.fire_at) {
        if (seen.sql)
            raw("%s", seen.sql);
        if (seen.late)
            write_entries(seen.late, 1, T0 + 500);
    }
}

static enum bp_err verify(const struct bp_actor *a, struct bp_audit_verify_result *out)
{
    memset(&seen, 0, sizeof(seen));
    return bp_uc_audit_verify(fx.s, a, on_problem, NULL, out);
}

static enum bp_err verify_failing_at(int at, const char *sql, struct bp_audit_verify_result *out)
{
    struct bp_actor a = cli();
    memset(&seen, 0, sizeof(seen));
    seen.fire_at = at;
    seen.sql = sql;
    return bp_uc_audit_verify(fx.s, &a, on_problem, NULL, out);
}

/* An intact trail: several writers' chains, every entry counted, no problem; the check itself on record. */
static void test_verify_intact(void **state)
{
    struct bp_audit_verify_result r;
    struct bp_actor a = cli();
    (void)state;
    write_entries(writer(), 3, T0);
    write_entries(writer(), 2, T0 + 10);
    bp_app_store_writer(fx.s, NULL); /* a writer that does not say what it is */
    assert_ok(verify(&a, &r));
    assert_string_equal(seen.text, "");
    assert_int_equal(r.problems, 0);
    assert_int_equal(r.chains, 3); /* the two writers and the check's own */
    assert_int_equal(r.entries, 6);
    assert_int_equal(r.before_chain, 0);
    assert_string_equal(last_audit(), "read audit verify");
    assert_int_equal(
        raw_int("SELECT user_id IS NULL AND channel = 'cli' FROM audit ORDER BY id DESC LIMIT 1"), 1);
    assert_true(raw_int("SELECT writer LIKE '? pid %%' FROM audit_chains ORDER BY id DESC LIMIT 1") == 1);
    /* an administrator on the web may too; the check's own chain grows by one, still intact */
    a = web(&aud.admin);
    assert_ok(verify(&a, &r));
    assert_int_equal(r.problems, 0);
    assert_int_equal(r.entries, 7);
    assert_int_equal(raw_int("SELECT head_seq FROM audit_chains WHERE id = 3"), 2);
}

/* Not an administrator: refused, the refusal on record, nothing read; when even that cannot be recorded,
 * the storage error. */
static void test_verify_refused(void **state)
{
    struct bp_audit_verify_result r;
    struct bp_actor ulla = web(&aud.ulla), nobody = {.address = "10.0.0.1", .channel = "web", .now = T0};
    struct bp_actor a = cli();
    (void)state;
    write_entries(writer(), 2, T0);
    r.chains = 99;
    assert_int_equal(verify(&ulla, &r), BP_ERR_FORBIDDEN);
    assert_int_equal(r.chains, 0);
    assert_int_equal(r.entries, 0);
    assert_string_equal(last_audit(), "denied audit verify");
    assert_int_equal(raw_int("SELECT user_id FROM audit ORDER BY id DESC LIMIT 1"), aud.ulla.id);
    assert_int_equal(verify(&nobody, &r), BP_ERR_UNAUTHENTICATED);
    assert_string_equal(last_audit(), "denied audit verify");
    assert_int_equal(raw_int("SELECT user_id IS NULL FROM audit ORDER BY id DESC LIMIT 1"), 1);
    raw("CREATE TRIGGER t_fail BEFORE INSERT ON audit BEGIN SELECT RAISE(ABORT, 'test'); END");
    assert_int_equal(verify(&ulla, &r), BP_ERR_STORAGE);
    assert_int_equal(verify(&a, &r), BP_ERR_STORAGE);
    assert_int_equal(r.chains, 0);
    assert_string_equal(seen.text, "");
    raw("DROP TRIGGER t_fail");
    assert_int_equal(raw_int("SELECT count(*) FROM audit"), 4); /* two entries, two refusals */
}

/* V16.3.3: a request refused because it looks like getting round a control (a wrong CSRF token, an over-long
 * form value), on record as "denied page <why>:<route>" with who sent it (bp_uc_request_refused); without a
 * route's name as "-"; when the entry cannot be recorded, the storage error. */
static void test_request_refused(void **state)
{
    struct bp_actor ulla = web(&aud.ulla), nobody = {.address = "10.0.0.1", .channel = "web", .now = T0};
    (void)state;
    assert_ok(bp_uc_request_refused(fx.s, &ulla, "csrf", "case_update"));
    assert_string_equal(last_audit(), "denied page csrf:case_update");
    assert_int_equal(raw_int("SELECT user_id FROM audit ORDER BY id DESC LIMIT 1"), aud.ulla.id);
    assert_ok(bp_uc_request_refused(fx.s, &nobody, "too_long", NULL));
    assert_string_equal(last_audit(), "denied page too_long:-");
    assert_int_equal(raw_int("SELECT user_id IS NULL FROM audit ORDER BY id DESC LIMIT 1"), 1);
    raw("CREATE TRIGGER t_fail BEFORE INSERT ON audit BEGIN SELECT RAISE(ABORT, 'test'); END");
    assert_int_equal(bp_uc_request_refused(fx.s, &ulla, "csrf", "login"), BP_ERR_STORAGE);
    raw("DROP TRIGGER t_fail");
    assert_int_equal(raw_int("SELECT count(*) FROM audit"), 2);
}

/* Each kind of tampering, each in a chain of its own, reported where it is. */
static void test_verify_tampered(void **state)
{
    struct bp_audit_verify_result r;
    struct bp_actor a = cli();
    int64_t c[8];
    size_t i;
    (void)state;
    c[0] = write_entries(writer(), 3, T0);      /* an entry's detail changed */
    c[1] = write_entries(writer(), 4, T0 + 10); /* an entry's hash unreadable, a link then broken */
    c[2] = write_entries(writer(), 4, T0 + 20); /* an entry removed, another's copy inserted */
    c[3] = write_entries(writer(), 3, T0 + 30); /* the last entry removed */
    c[4] = write_entries(writer(), 2, T0 + 40); /* the head's hash unreadable */
    c[5] = write_entries(writer(), 2, T0 + 50); /* the head's hash another entry's */
    c[6] = write_entries(writer(), 2, T0 + 60); /* entries forged after the head */
    for (i = 0; i < 7; i++)
        assert_int_equal(c[i], (int64_t)i + 1);
    untrigger();
    raw("DROP INDEX audit_chain_seq");
    raw("UPDATE audit SET detail = 'y' WHERE chain_id = 1 AND seq = 2");
    raw("UPDATE audit SET hash = 'zz' WHERE chain_id = 2 AND seq = 2");
    raw("UPDATE audit SET prev_hash = 'zz' WHERE chain_id = 2 AND seq = 4");
    raw("DELETE FROM audit WHERE chain_id = 3 AND seq = 2");
    raw("INSERT INTO audit (at, user_id, child_id, action, object, channel, address, detail, chain_id, seq, "
        "prev_hash, hash) SELECT at, user_id, child_id, action, object, channel, address, detail, chain_id, "
        "seq, prev_hash, hash FROM audit WHERE chain_id = 3 AND seq = 3");
    raw("DELETE FROM audit WHERE chain_id = 4 AND seq = 3");
    raw("UPDATE audit_chains SET head_hash = 'zz' WHERE id = 5");
    raw("UPDATE audit_chains SET head_hash = (SELECT hash FROM audit WHERE chain_id = 6 AND seq = 1) "
        "WHERE id = 6");
    for (i = 0; i < 2; i++) /* seq 3 twice, after a head at 2 */
        raw("INSERT INTO audit (at, action, object, channel, chain_id, seq, prev_hash, hash) "
            "VALUES (%lld, 'read', 'case', 'web', 7, 3, '', '')",
            (long long)T0);
    raw("INSERT INTO audit (at, action, object, channel, chain_id, seq, prev_hash, hash) "
        "VALUES (%lld, 'read', 'case', 'web', 999, 1, '', '')",
        (long long)T0); /* a chain that does not exist */
    raw("INSERT INTO audit_chains (started_at, writer) VALUES (%lld, 'nothing written')",
        (long long)T0); /* a chain that wrote nothing: intact */
    assert_ok(verify(&a, &r));
    assert_string_equal(seen.text, "1:changed 2-2 (its hash does not match what it says); "
                                   "2:changed 2-2 (its hash does not match what it says); "
                                   "2:changed 2-2 (the next entry's link does not match it); "
                                   "2:changed 4-4 (its hash does not match what it says); "
                                   "3:removed 2-2 (the numbers jump over these entries); "
                                   "3:inserted 3-3 (a second entry with this number); "
                                   "4:removed 3-3 (the chain's head counts more entries); "
                                   "5:changed 2-2 (the last entry does not match the chain's head); "
                                   "6:changed 2-2 (the last entry does not match the chain's head); "
                                   "7:inserted 3-3 (after the chain's head); "
                                   "999:inserted 1-1 (its chain does not exist)");
    assert_int_equal(r.problems, 11);
    assert_int_equal(r.chains, 9); /* seven writers, the empty one, the check's own */
    /* 3 + 4 + (4 - 1 + 1) + 2 + 2 + 2 + 2 + the check's entry; the forged ones past the head are not counted
     */
    assert_int_equal(r.entries, 20);
}

/* Entries past the head as read when the walk began, written by their own writer while it went on: no
 * problem, since the head has moved too. */
static void test_verify_concurrent_writer(void **state)
{
    struct bp_audit_verify_result r;
    struct bp_actor a = cli();
    struct bp_store *late;
    (void)state;
    write_entries(writer(), 2, T0);
    late = writer();
    write_entries(late, 1, T0 + 10);
    untrigger();
    raw("UPDATE audit SET detail = 'y' WHERE chain_id = 1 AND seq = 1"); /* the problem the writer waits for
                                                                          */
    memset(&seen, 0, sizeof(seen));
    seen.fire_at = 1;
    seen.late = late;
    assert_ok(bp_uc_audit_verify(fx.s, &a, on_problem, NULL, &r));
    assert_string_equal(seen.text, "1:changed 1-1 (its hash does not match what it says)");
    assert_int_equal(r.problems, 1);
    assert_int_equal(raw_int("SELECT head_seq FROM audit_chains WHERE id = 2"), 2);
}

/* The entries written before the chain: added after it began, added among the old ones, removed. */
static void test_verify_before_chain(void **state)
{
    struct bp_audit_verify_result r;
    struct bp_actor a = cli();
    (void)state;
    untrigger();
    raw("INSERT INTO audit (at, action, object, channel) VALUES (%lld, 'read', 'case', 'web')",
        (long long)T0);
    assert_ok(verify(&a, &r));
    assert_string_equal(seen.text, "0:inserted 0-0 (entries without a chain written after the chain began)");
    assert_int_equal(r.before_chain, 1);
    /* the start says there were two, up to an id above the new one: one of the old ones is gone */
    raw("UPDATE audit_chain_start SET entries = 2, max_id = 1000");
    assert_ok(verify(&a, &r));
    assert_string_equal(seen.text, "0:removed 0-0 (fewer entries before the chain than when it began)");
    assert_int_equal(r.before_chain, 1);
    raw("UPDATE audit_chain_start SET entries = 0");
    assert_ok(verify(&a, &r));
    assert_string_equal(seen.text, "0:inserted 0-0 (more entries before the chain than when it began)");
    raw("UPDATE audit_chain_start SET entries = 1");
    assert_ok(verify(&a, &r));
    assert_string_equal(seen.text, "");
    assert_int_equal(r.problems, 0);
}

/* A chain longer than a page (BP_AUDIT_EXTRACT_PAGE) is walked page by page, every entry checked once. */
static void test_verify_pages(void **state)
{
    struct bp_audit_verify_result r;
    struct bp_actor a = cli();
    (void)state;
    write_entries(writer(), BP_AUDIT_EXTRACT_PAGE + 2, T0);
    untrigger();
    raw("UPDATE audit SET detail = 'y' WHERE chain_id = 1 AND seq = %d", BP_AUDIT_EXTRACT_PAGE + 1);
    assert_ok(verify(&a, &r));
    assert_int_equal(r.entries, BP_AUDIT_EXTRACT_PAGE + 3);
    assert_string_equal(seen.text, "1:changed 5001-5001 (its hash does not match what it says)");
}

/* Each read the check makes, failing for real: the error, not a verdict. */
static void test_verify_failures(void **state)
{
    struct bp_audit_verify_result r;
    (void)state;
    write_entries(fx.s, 1,
                  T0); /* the check's connection has its chain: a renamed writer column cannot stop it */
    write_entries(writer(), 2, T0);
    write_entries(writer(), 2, T0);
    untrigger();
    raw("UPDATE audit SET detail = 'y' WHERE chain_id = 2 AND seq = 1");
    raw("ALTER TABLE audit_chains RENAME COLUMN writer TO gone"); /* the list of chains */
    assert_int_equal(verify_failing_at(0, NULL, &r), BP_ERR_STORAGE);
    assert_int_equal(r.problems, 0);
    raw("ALTER TABLE audit_chains RENAME COLUMN gone TO writer");
    /* the next chain's entries */
    assert_int_equal(verify_failing_at(1, "ALTER TABLE audit RENAME COLUMN detail TO gone", &r),
                     BP_ERR_STORAGE);
    assert_int_equal(r.problems, 1);
    raw("ALTER TABLE audit RENAME COLUMN gone TO detail");
    /* the head read again for the entries past it */
    raw("INSERT INTO audit (at, action, object, channel, chain_id, seq, prev_hash, hash) "
        "VALUES (%lld, 'read', 'case', 'web', 3, 3, '', '')",
        (long long)T0);
    assert_int_equal(verify_failing_at(1, "ALTER TABLE audit_chains RENAME TO gone", &r), BP_ERR_STORAGE);
    raw("ALTER TABLE gone RENAME TO audit_chains");
    raw("DELETE FROM audit WHERE chain_id = 3 AND seq = 3");
    /* the entries of chains that do not exist, after the last chain's problem */
    raw("UPDATE audit SET detail = 'y' WHERE chain_id = 1 AND seq = 1");
    raw("UPDATE audit SET detail = 'x' WHERE chain_id = 2 AND seq = 1");
    raw("UPDATE audit SET detail = 'y' WHERE chain_id = 3 AND seq = 2");
    assert_int_equal(verify_failing_at(2, "ALTER TABLE audit RENAME COLUMN detail TO gone", &r),
                     BP_ERR_STORAGE);
    assert_int_equal(r.chains, 3);
    raw("ALTER TABLE audit RENAME COLUMN gone TO detail");
    /* the entries before the chain, after an orphan's problem */
    raw("INSERT INTO audit (at, action, object, channel, chain_id, seq, prev_hash, hash) "
        "VALUES (%lld, 'read', 'case', 'web', 999, 1, '', '')",
        (long long)T0);
    assert_int_equal(verify_failing_at(3, "ALTER TABLE audit_chain_start RENAME TO gone", &r),
                     BP_ERR_STORAGE);
    assert_string_equal(seen.text, "1:changed 1-1 (its hash does not match what it says); "
                                   "3:changed 2-2 (its hash does not match what it says); "
                                   "999:inserted 1-1 (its chain does not exist)");
    /* the start row gone, or unreadable */
    assert_int_equal(verify_failing_at(0, NULL, &r), BP_ERR_STORAGE);
    raw("CREATE TABLE audit_chain_start (id INTEGER PRIMARY KEY, entries INTEGER, max_id INTEGER)");
    assert_int_equal(verify_failing_at(0, NULL, &r), BP_ERR_STORAGE);
    assert_string_equal(bp_store_errmsg(fx.s), "bp_audit_unchained: audit_chain_start has no row");
    raw("INSERT INTO audit_chain_start VALUES (1, 0, 'many')");
    assert_int_equal(verify_failing_at(0, NULL, &r), BP_ERR_STORAGE);
    raw("UPDATE audit_chain_start SET max_id = 0");
    assert_ok(verify_failing_at(0, NULL, &r));
    assert_int_equal(r.problems, 3);
}

/* ---- the extracts ---- */

static struct {
    int pages, rows, stop_after;
    int64_t first_id, last_id, last_at;
    bool ordered;
    char first[128];
} got;

static bool on_page(void *ctx, const struct bp_audit *rows, size_t n)
{
    size_t i;
    (void)ctx;
    if (got.pages++ == 0)
        snprintf(got.first, sizeof(got.first), "%s %s %s %s %s", rows[0].action, rows[0].object,
                 rows[0].detail ? rows[0].detail : "-", rows[0].username ? rows[0].username : "-",
                 rows[0].org_name ? rows[0].org_name : "-");
    for (i = 0; i < n; i++) {
        if (got.rows &&
            (rows[i].at < got.last_at || (rows[i].at == got.last_at && rows[i].id <= got.last_id)))
            got.ordered = false;
        if (!got.rows)
            got.first_id = rows[i].id;
        got.last_at = rows[i].at;
        got.last_id = rows[i].id;
        got.rows++;
    }
    return got.pages != got.stop_after;
}

static enum bp_err extract(const struct bp_actor *a, int64_t child, int64_t from, int64_t to, int stop_after)
{
    memset(&got, 0, sizeof(got));
    got.ordered = true;
    got.stop_after = stop_after;
    return bp_uc_audit_extract(fx.s, a, child, from, to, on_page, NULL);
}

static void test_extract(void **state)
{
    struct bp_actor a = cli(), ulla = web(&aud.ulla);
    struct bp_org org = {.name = "Skolan",
                         .kind = BP_ORG_SCHOOL,
                         .principal = BP_PRINCIPAL_MUNICIPALITY,
                         .municipality = "Umeå"};
    (void)state;
    assert_ok(bp_org_add(fx.s, &org));
    /* a page and two more about the child, from T0 on, one a second */
    write_entries(writer(), BP_AUDIT_EXTRACT_PAGE + 2, T0);
    untrigger();
    raw("UPDATE audit SET org_id = %lld WHERE id = (SELECT MIN(id) FROM audit)", (long long)org.id);
    /* and one about no child, at T0 + 1 */
    raw("INSERT INTO audit (at, action, object, channel) VALUES (%lld, 'login', 'session', 'web')",
        (long long)T0 + 1);
    /* the child's, to no end: every one, oldest first, over two pages */
    assert_ok(extract(&a, fx.child, 0, 0, 0));
    assert_int_equal(got.pages, 2);
    assert_int_equal(got.rows, BP_AUDIT_EXTRACT_PAGE + 3); /* and the extract's own entry, about the child */
    assert_true(got.ordered);
    assert_string_equal(got.first, "read case x ulla Skolan");
    assert_string_equal(last_audit(), "export audit extract");
    assert_int_equal(raw_int("SELECT child_id FROM audit ORDER BY id DESC LIMIT 1"), fx.child);
    /* a time range, any child: the bounds are inclusive */
    assert_ok(extract(&a, 0, T0 + 1, T0 + 3, 0));
    assert_int_equal(got.pages, 1);
    assert_int_equal(got.rows, 4); /* three of the child's and the login */
    assert_true(got.ordered);
    assert_int_equal(got.last_at, T0 + 3);
    /* the child's within a range */
    assert_ok(extract(&a, fx.child, T0 + 1, T0 + 3, 0));
    assert_int_equal(got.rows, 3);
    /* the callback stops it after the first page */
    assert_ok(extract(&a, 0, 0, 0, 1));
    assert_int_equal(got.pages, 1);
    assert_int_equal(got.rows, BP_AUDIT_EXTRACT_PAGE);
    /* nothing in range: the callback is never called */
    assert_ok(extract(&a, fx.child, T0 - 100, T0 - 1, 0));
    assert_int_equal(got.pages, 0);
    /* every entry of a time range across pages, the extracts' own among them */
    assert_ok(extract(&a, 0, 0, 0, 0));
    assert_int_equal(got.pages, 2);
    assert_int_equal(got.rows, raw_int("SELECT count(*) FROM audit"));
    /* not an administrator: refused, on record with the child, nothing handed over */
    assert_int_equal(extract(&ulla, fx.child, 0, 0, 0), BP_ERR_FORBIDDEN);
    assert_int_equal(got.pages, 0);
    assert_string_equal(last_audit(), "denied audit extract");
    assert_int_equal(raw_int("SELECT child_id FROM audit ORDER BY id DESC LIMIT 1"), fx.child);
    /* a read that fails: the error */
    raw("ALTER TABLE organisations RENAME COLUMN name TO gone");
    assert_int_equal(extract(&a, fx.child, 0, 0, 0), BP_ERR_STORAGE);
    assert_int_equal(extract(&a, 0, 0, 0, 0), BP_ERR_STORAGE);
    assert_int_equal(got.pages, 0);
    raw("ALTER TABLE organisations RENAME COLUMN gone TO name");
    /* the extract's own entry cannot be committed: nothing handed over */
    raw("CREATE TRIGGER t_fail BEFORE INSERT ON audit BEGIN SELECT RAISE(ABORT, 'test'); END");
    assert_int_equal(extract(&a, fx.child, 0, 0, 0), BP_ERR_STORAGE);
    assert_int_equal(got.pages, 0);
    raw("DROP TRIGGER t_fail");
}

/* ---- the search (the audit page, `barnplan audit`) ---- */

/* How many entries the search finds for f, or -1 when it fails. */
static long search(struct bp_audit_filter f)
{
    struct bp_audit *rows;
    size_t n;
    if (bp_audit_search(fx.s, &fx.a, &f, &rows, &n) != BP_OK)
        return -1;
    return (long)n;
}

/* Each leading filter (case, child, user, username, none) with the rest as conditions, the time bounds,
 * an organisation's members, the page's limit. */
static void test_search(void **state)
{
    struct bp_org org = {.name = "Skolan",
                         .kind = BP_ORG_SCHOOL,
                         .principal = BP_PRINCIPAL_MUNICIPALITY,
                         .municipality = "Umeå"};
    struct bp_audit *rows;
    size_t n;
    (void)state;
    write_entries(writer(), 4, T0); /* ulla's reads about the child, T0 to T0 + 3 */
    untrigger();
    raw("UPDATE audit SET case_id = 7 WHERE at >= %lld", (long long)T0 + 2);
    raw("INSERT INTO audit (at, user_id, action, object, channel) VALUES (%lld, %lld, 'login', 'session', "
        "'web')",
        (long long)T0 + 10, (long long)aud.admin.id);
    assert_int_equal(search((struct bp_audit_filter){.case_id = 7}), 2);
    assert_int_equal(search((struct bp_audit_filter){.child_id = fx.child}), 4);
    assert_int_equal(search((struct bp_audit_filter){.child_id = fx.child, .case_id = 7}), 2);
    assert_int_equal(search((struct bp_audit_filter){.user_id = aud.ulla.id}), 4);
    assert_int_equal(search((struct bp_audit_filter){.username = "admin"}), 1);
    assert_int_equal(search((struct bp_audit_filter){.username = "admin", .action = "read"}), 0);
    assert_int_equal(search((struct bp_audit_filter){.action = "login"}), 1);
    assert_int_equal(search((struct bp_audit_filter){.from = T0 + 1, .to = T0 + 2}), 2); /* inclusive */
    assert_int_equal(search((struct bp_audit_filter){.from = T0 + 3}), 2);               /* to 0: open */
    /* newest first, the user's and the organisation's names with it */
    assert_ok(bp_audit_search(fx.s, &fx.a, &(struct bp_audit_filter){.user_id = aud.ulla.id, .limit = 2},
                              &rows, &n));
    assert_int_equal(n, 2);
    assert_int_equal(rows[0].at, T0 + 3);
    assert_string_equal(rows[0].username, "ulla");
    assert_ok(bp_audit_search(fx.s, &fx.a, &(struct bp_audit_filter){.user_id = aud.ulla.id, .offset = 3},
                              &rows, &n));
    assert_int_equal(n, 1);
    assert_int_equal(rows[0].at, T0);
    /* an organisation's members: ulla is one, the admin not */
    assert_ok(bp_org_add(fx.s, &org));
    assert_int_equal(search((struct bp_audit_filter){.member_org_id = org.id}), 0);
    assert_ok(bp_membership_add(fx.s, aud.ulla.id, org.id, BP_ROLE_PROFESSIONAL));
    assert_int_equal(search((struct bp_audit_filter){.member_org_id = org.id}), 4);
    /* a page larger than the limit is refused, and a failing read is the error */
    assert_int_equal(search((struct bp_audit_filter){.limit = BP_MAX_AUDIT_ROWS + 1}), -1);
    raw("ALTER TABLE organisations RENAME COLUMN name TO gone");
    assert_int_equal(search((struct bp_audit_filter){0}), -1);
    raw("ALTER TABLE organisations RENAME COLUMN gone TO name");
}

/* ---- writing the chain ---- */

static void test_chain_write(void **state)
{
    struct bp_store *w = writer();
    struct bp_audit e = entry(T0, "x");
    int64_t entries = raw_int("SELECT count(*) FROM audit");
    (void)state;
    bp_app_store_writer(w, "http worker");
    /* the chain's first entry cannot start it: nothing written, no chain, the second not tried */
    raw("CREATE TRIGGER t_fail BEFORE INSERT ON audit_chains BEGIN SELECT RAISE(ABORT, 'test'); END");
    assert_int_equal(bp_uc_audit_commit(w, (struct bp_audit[]){e, e}, 2), BP_ERR_STORAGE);
    raw("DROP TRIGGER t_fail");
    assert_int_equal(raw_int("SELECT count(*) FROM audit_chains"), 0);
    assert_int_equal(raw_int("SELECT count(*) FROM audit"), entries);
    /* outside a transaction: its own */
    assert_int_equal(bp_audit_add(w, &e), BP_OK);
    assert_int_equal(bp_audit_add(w, &e), BP_OK);
    assert_int_equal(raw_int("SELECT count(*) FROM audit_chains"), 1);
    assert_true(raw_int("SELECT writer LIKE 'http worker pid %%' FROM audit_chains") == 1);
    assert_int_equal(raw_int("SELECT head_seq FROM audit_chains"), 2);
    assert_int_equal(raw_int("SELECT count(*) FROM audit WHERE chain_id = 1 AND seq = 2 AND prev_hash = "
                             "(SELECT hash FROM audit WHERE chain_id = 1 AND seq = 1)"),
                     1);
    assert_int_equal(
        raw_int("SELECT count(*) FROM audit WHERE chain_id = 1 AND seq = 1 AND prev_hash = '%064d'", 0), 1);
    /* the entry refused: the head stays where it was */
    raw("CREATE TRIGGER t_fail BEFORE INSERT ON audit BEGIN SELECT RAISE(ABORT, 'test'); END");
    assert_int_equal(bp_audit_add(w, &e), BP_ERR_STORAGE);
    raw("DROP TRIGGER t_fail");
    assert_int_equal(raw_int("SELECT head_seq FROM audit_chains"), 2);
    assert_int_equal(bp_audit_add(w, &e), BP_OK); /* and the chain goes on from there */
    assert_int_equal(raw_int("SELECT max(seq) FROM audit WHERE chain_id = 1"), 3);
    /* a group commit (issue 12 item 3) of an existing chain: one entry refused keeps none of them, and the
     * next commit begins a new chain; the first stays whole */
    entries = raw_int("SELECT count(*) FROM audit");
    raw("CREATE TRIGGER t_fail BEFORE INSERT ON audit WHEN NEW.detail = 'refused' BEGIN SELECT RAISE(ABORT, "
        "'test'); END");
    assert_int_equal(bp_uc_audit_commit(w, (struct bp_audit[]){e, entry(T0, "refused")}, 2), BP_ERR_STORAGE);
    raw("DROP TRIGGER t_fail");
    assert_int_equal(raw_int("SELECT count(*) FROM audit"), entries);
    assert_int_equal(raw_int("SELECT head_seq FROM audit_chains WHERE id = 1"), 3);
    assert_int_equal(bp_uc_audit_commit(w, (struct bp_audit[]){e, e}, 2), BP_OK);
    assert_int_equal(raw_int("SELECT count(*) FROM audit_chains"), 2);
    assert_int_equal(raw_int("SELECT head_seq FROM audit_chains WHERE id = 2"), 2);
    assert_int_equal(bp_uc_audit_commit(w, (struct bp_audit[]){e, e, e}, 3), BP_OK); /* in one go */
    assert_int_equal(raw_int("SELECT head_seq FROM audit_chains WHERE id = 2"), 5);
    assert_int_equal(raw_int("SELECT count(*) FROM audit WHERE chain_id = 2 AND seq = 5 AND prev_hash = "
                             "(SELECT hash FROM audit WHERE chain_id = 2 AND seq = 4)"),
                     1);
}

/* ---- the alerts ---- */

static void read_of(int64_t user, int64_t child, int64_t case_id, int64_t at, const char *action)
{
    raw("INSERT INTO audit (at, user_id, child_id, case_id, action, object, channel) "
        "VALUES (%lld, %lld, NULLIF(%lld, 0), NULLIF(%lld, 0), '%s', 'case', 'web')",
        (long long)at, (long long)user, (long long)child, (long long)case_id, action);
}

#define HOUR (T0 / 3600 * 3600)

/* Ulla reads three children in an hour (over two a hour is an alert), and a case none of her organisations
 * takes part in; user 999, no longer there, reads one too. */
static void alert_data(void)
{
    read_of(aud.ulla.id, 101, 0, HOUR + 10, "read");
    read_of(aud.ulla.id, 102, 0, HOUR + 20, "read");
    read_of(aud.ulla.id, 103, 0, HOUR + 30, "read");
    read_of(aud.ulla.id, 104, 0, HOUR + 40, "denied"); /* a refusal is no read of a child */
    read_of(aud.ulla.id, 0, 77, HOUR + 50, "read");
    read_of(999, 0, 78, HOUR + 60, "denied");
}

static void test_alerts(void **state)
{
    size_t decided = 9;
    int64_t audits;
    (void)state;
    /* nothing to tell */
    assert_ok(bp_uc_audit_alerts(fx.s, &fx.a, HOUR + 100, 2, &decided));
    assert_int_equal(decided, 0);
    alert_data();
    audits = raw_int("SELECT count(*) FROM audit");
    assert_ok(bp_uc_audit_alerts(fx.s, &fx.a, HOUR + 100, 2, &decided));
    assert_int_equal(decided, 3);
    assert_int_equal(raw_int("SELECT count(*) FROM audit_alerts"), 3);
    assert_int_equal(raw_int("SELECT count(*) FROM audit_alerts WHERE kind = 'children' AND user_id = %lld "
                             "AND entries = 3 AND hour = %lld AND decided_at = %lld",
                             (long long)aud.ulla.id, (long long)(HOUR / 3600), (long long)(HOUR + 100)),
                     1);
    /* the administrator told: in the app and by e-mail, with the user's page, never a child */
    assert_int_equal(raw_int("SELECT count(*) FROM notifications WHERE user_id = %lld AND kind = "
                             "'audit_alert_children'",
                             (long long)aud.admin.id),
                     1);
    assert_int_equal(raw_int("SELECT count(*) FROM notifications WHERE user_id = %lld AND kind = "
                             "'audit_alert_outside'",
                             (long long)aud.admin.id),
                     2);
    assert_int_equal(
        raw_int("SELECT count(*) FROM notifications WHERE user_id <> %lld", (long long)aud.admin.id), 0);
    assert_int_equal(raw_int("SELECT count(*) FROM outbox WHERE recipient = 'admin@example.se' AND kind = "
                             "'audit_alert_children' AND body LIKE '%%/admin/audit?user=ulla%%'"),
                     1);
    assert_int_equal(raw_int("SELECT count(*) FROM outbox WHERE kind = 'audit_alert_outside' AND body LIKE "
                             "'%%/admin/audit?user=' || char(10) || '%%'"),
                     1); /* user 999 has no username left */
    /* and on record, one entry each, by the job */
    assert_int_equal(raw_int("SELECT count(*) FROM audit"), audits + 3);
    assert_string_equal(
        raw_text("SELECT group_concat(action || ' ' || object || ' ' || channel || ' ' || detail, "
                 "'; ') FROM (SELECT * FROM audit WHERE object = 'audit_alert' ORDER BY id)"),
        "create audit_alert job children user 2 hour 498611: 3; "
        "create audit_alert job outside user 2 hour 498611: 1; "
        "create audit_alert job outside user 999 hour 498611: 1");
    /* once only: the next run (still in the hour, or the one after) tells nothing again */
    assert_ok(bp_uc_audit_alerts(fx.s, &fx.a, HOUR + 200, 2, &decided));
    assert_int_equal(decided, 0);
    assert_ok(bp_uc_audit_alerts(fx.s, &fx.a, HOUR + 3600 + 10, 2, &decided));
    assert_int_equal(decided, 0);
    assert_int_equal(raw_int("SELECT count(*) FROM audit"), audits + 3);
    assert_int_equal(raw_int("SELECT count(*) FROM notifications"), 3);
    /* two hours on, that hour is no longer looked at */
    raw("DELETE FROM audit_alerts");
    assert_ok(bp_uc_audit_alerts(fx.s, &fx.a, HOUR + 7200, 2, &decided));
    assert_int_equal(decided, 0);
    /* children_per_hour 0: only the outside reads; 3 children is not over 3 */
    assert_ok(bp_uc_audit_alerts(fx.s, &fx.a, HOUR + 100, 0, &decided));
    assert_int_equal(decided, 2);
    raw("DELETE FROM audit_alerts");
    assert_ok(bp_uc_audit_alerts(fx.s, &fx.a, HOUR + 100, 3, &decided));
    assert_int_equal(decided, 2);
}

/* Each step failing for real: the error, and nothing of that alert kept (its key, the notifications, the
 * e-mails and its audit entry are one transaction), nor any alert after it. */
static void alert_fails(const char *breaks, const char *repairs)
{
    size_t decided = 9;
    int64_t audits = raw_int("SELECT count(*) FROM audit");
    raw("%s", breaks);
    assert_int_equal(bp_uc_audit_alerts(fx.s, &fx.a, HOUR + 100, 2, &decided), BP_ERR_STORAGE);
    raw("%s", repairs);
    assert_int_equal(decided, 0);
    assert_int_equal(raw_int("SELECT count(*) FROM audit_alerts"), 0);
    assert_int_equal(raw_int("SELECT count(*) FROM notifications"), 0);
    assert_int_equal(raw_int("SELECT count(*) FROM outbox"), 0);
    assert_int_equal(raw_int("SELECT count(*) FROM audit"), audits);
}

static void test_alerts_failures(void **state)
{
    size_t decided = 9;
    (void)state;
    /* nothing to tell: the administrators are not even read */
    raw("ALTER TABLE users RENAME COLUMN is_admin TO gone");
    assert_ok(bp_uc_audit_alerts(fx.s, &fx.a, HOUR + 100, 2, &decided));
    raw("ALTER TABLE users RENAME COLUMN gone TO is_admin");
    assert_int_equal(decided, 0);
    alert_data();
    alert_fails("ALTER TABLE case_orgs RENAME TO gone", "ALTER TABLE gone RENAME TO case_orgs");
    alert_fails("ALTER TABLE users RENAME COLUMN is_admin TO gone",
                "ALTER TABLE users RENAME COLUMN gone TO is_admin");
    alert_fails("ALTER TABLE users RENAME COLUMN lang TO gone",
                "ALTER TABLE users RENAME COLUMN gone TO lang");
    alert_fails("ALTER TABLE audit_alerts RENAME TO gone", "ALTER TABLE gone RENAME TO audit_alerts");
    alert_fails("ALTER TABLE notifications RENAME TO gone", "ALTER TABLE gone RENAME TO notifications");
    alert_fails("CREATE TRIGGER t_fail BEFORE INSERT ON audit WHEN NEW.object = 'audit_alert' "
                "BEGIN SELECT RAISE(ABORT, 'test'); END",
                "DROP TRIGGER t_fail");
    /* the second alert fails: the first stays decided, the third is not tried */
    raw("CREATE TRIGGER t_fail BEFORE INSERT ON audit WHEN NEW.detail LIKE 'outside user 2 %%' "
        "BEGIN SELECT RAISE(ABORT, 'test'); END");
    assert_int_equal(bp_uc_audit_alerts(fx.s, &fx.a, HOUR + 100, 2, &decided), BP_ERR_STORAGE);
    raw("DROP TRIGGER t_fail");
    assert_int_equal(decided, 1);
    assert_int_equal(raw_int("SELECT count(*) FROM audit_alerts"), 1);
    assert_ok(bp_uc_audit_alerts(fx.s, &fx.a, HOUR + 100, 2, &decided));
    assert_int_equal(decided, 2);
}

/* ---- the write lock held elsewhere: BEGIN fails after the busy timeout (5 s each; last, since they wait)
 * ---- */

static void test_locked(void **state)
{
    struct bp_store *w = writer();
    struct bp_audit e = entry(T0, "x");
    size_t decided = 9;
    (void)state;
    alert_data();
    raw("BEGIN IMMEDIATE");
    assert_int_equal(bp_audit_add(w, &e), BP_ERR_STORAGE);
    assert_int_equal(bp_uc_audit_alerts(fx.s, &fx.a, HOUR + 100, 2, &decided), BP_ERR_STORAGE);
    raw("ROLLBACK");
    assert_int_equal(decided, 0);
    assert_int_equal(raw_int("SELECT count(*) FROM audit_alerts"), 0);
    assert_int_equal(raw_int("SELECT count(*) FROM audit_chains"), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_verify_intact, setup, teardown),
        cmocka_unit_test_setup_teardown(test_verify_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_request_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_verify_tampered, setup, teardown),
        cmocka_unit_test_setup_teardown(test_verify_concurrent_writer, setup, teardown),
        cmocka_unit_test_setup_teardown(test_verify_before_chain, setup, teardown),
        cmocka_unit_test_setup_teardown(test_verify_pages, setup, teardown),
        cmocka_unit_test_setup_teardown(test_verify_failures, setup, teardown),
        cmocka_unit_test_setup_teardown(test_extract, setup, teardown),
        cmocka_unit_test_setup_teardown(test_search, setup, teardown),
        cmocka_unit_test_setup_teardown(test_chain_write, setup, teardown),
        cmocka_unit_test_setup_teardown(test_alerts, setup, teardown),
        cmocka_unit_test_setup_teardown(test_alerts_failures, setup, teardown),
        cmocka_unit_test_setup_teardown(test_locked, setup, teardown),
    };
    if (getenv("BP_TEST_QUICK")) /* scripts/mutate.py: the 5 s waits only when nothing else failed */
        cmocka_set_skip_filter("test_locked");
    return cmocka_run_group_tests(tests, trust_template_make, trust_template_remove);
}
