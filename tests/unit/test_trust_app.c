/* test_trust_app.c: the access check every use case goes through, the audit entry and its commit
 * (src/app/access.c), and protected contact details withheld (src/app/protection.c), on a real SQLite file
 * (issue 11 item 10; docs/trust.md section 10). Storage failures are real too: a second connection to the
 * same file adds a trigger that refuses a write, renames a table a read needs, or holds the write lock, then
 * puts things back. Checks "nothing without its audit entry": an audit entry that cannot be committed rolls
 * back what it came with, and a refusal is on record as "denied".
 *
 * One case (trust_fixture.h), registered by the school; social services under consent; BUP asked to take part
 * (V-2.6); student health once asked and no more; a guardian protected (issue 10 item 10). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "trust_fixture.h"
#include "domain/protection.h"

static int setup(void **state)
{
    (void)state;
    trust_db_open("bp-trust-app");
    trust_case_seed(false);
    trust_case_ask_others();
    return 0;
}

/* ---- the actor ---- */

static void test_actor(void **state)
{
    struct bp_actor a;
    char addr[64];
    struct bp_user admin = {.id = 9, .is_admin = true};
    (void)state;
    bp_actor_cli(&a, "root", addr, sizeof(addr), T0);
    assert_string_equal(a.address, "cli:root");
    assert_null(a.user);
    assert_true(bp_actor_may_administer(&a)); /* the command line */
    bp_actor_cli(&a, "", addr, sizeof(addr), T0);
    assert_string_equal(addr, "cli:?");
    bp_actor_cli(&a, NULL, addr, sizeof(addr), T0);
    assert_string_equal(addr, "cli:?");
    a.channel = "web";
    assert_false(bp_actor_may_administer(&a)); /* not logged in, not the command line */
    a.channel = NULL;
    assert_false(bp_actor_may_administer(&a));
    a = actor_of(&fx.anna);
    assert_false(bp_actor_may_administer(&a));
    a.user = &admin;
    assert_true(bp_actor_may_administer(&a));
    a = actor_of(&fx.anna);
    assert_int_equal(bp_actor_today(&a).d, 19);
}

static void test_audit_fill(void **state)
{
    struct bp_audit e;
    struct bp_actor a = actor_of(&fx.anna);
    struct bp_membership two[2] = {{fx.school, BP_ROLE_PROFESSIONAL, "Skolan"},
                                   {fx.bup, BP_ROLE_PROFESSIONAL, "BUP"}};
    struct bp_user both = fx.anna;
    (void)state;
    bp_app_audit_fill(&e, &a, "read", "case");
    assert_int_equal(e.user_id, fx.anna.id);
    assert_int_equal(e.org_id, fx.school); /* one organisation: that one */
    assert_string_equal(e.channel, "web");
    assert_string_equal(e.address, "127.0.0.1");
    assert_string_equal(e.detail, "");
    both.orgs = two;
    both.n_orgs = 2;
    a.user = &both;
    bp_app_audit_fill(&e, &a, "read", "case");
    assert_int_equal(e.org_id, 0); /* several: the access check says which */
    a = (struct bp_actor){.now = T0};
    bp_app_audit_fill(&e, &a, "login_failed", "session");
    assert_int_equal(e.user_id, 0);
    assert_int_equal(e.org_id, 0);
    assert_string_equal(e.channel, "web");
    assert_string_equal(e.address, "");
    assert_int_equal(e.at, T0);
}

/* ---- the audit commit: all or nothing ---- */

static struct bp_audit entry(const char *action)
{
    struct bp_audit e;
    struct bp_actor a = actor_of(&fx.anna);
    bp_app_audit_fill(&e, &a, action, "case");
    e.case_id = fx.kase;
    return e;
}

static void test_audit_commit(void **state)
{
    struct bp_audit e[3] = {entry("read"), entry("read"), entry("export")};
    int64_t before = raw_int("SELECT count(*) FROM audit");
    (void)state;
    assert_ok(bp_uc_audit_commit(fx.s, e, 0));
    assert_int_equal(raw_int("SELECT count(*) FROM audit"), before);
    assert_ok(bp_uc_audit_commit(fx.s, e, 3));
    assert_int_equal(raw_int("SELECT count(*) FROM audit"), before + 3);
    /* the third entry cannot be committed: none of the three is */
    raw("CREATE TRIGGER t_fail BEFORE INSERT ON audit WHEN NEW.action = 'export' "
        "BEGIN SELECT RAISE(ABORT, 'test: audit refused'); END");
    assert_int_equal(bp_uc_audit_commit(fx.s, e, 3), BP_ERR_STORAGE);
    assert_int_equal(raw_int("SELECT count(*) FROM audit"), before + 3);
    assert_ok(bp_uc_audit_commit(fx.s, e, 2)); /* the store is usable again */
    raw("DROP TRIGGER t_fail");
    assert_int_equal(raw_int("SELECT count(*) FROM audit"), before + 5);
}

/* A write and its audit entry commit together, or neither does (bp_app_commit_with). */
static void test_commit_with(void **state)
{
    struct bp_audit e = entry("update");
    struct bp_actor a = actor_of(&fx.anna);
    int64_t audits = raw_int("SELECT count(*) FROM audit"), events = raw_int("SELECT count(*) FROM events");
    (void)state;
    assert_ok(bp_store_begin(fx.s));
    assert_ok(bp_app_event(fx.s, &a, fx.kase, fx.school, "note", NULL));
    assert_ok(bp_app_commit_with(fx.s, BP_OK, &e));
    assert_int_equal(raw_int("SELECT count(*) FROM events"), events + 1);
    assert_int_equal(raw_int("SELECT count(*) FROM audit"), audits + 1);
    assert_int_equal(raw_int("SELECT count(*) FROM events WHERE note = ''"), 1); /* no note: empty */
    /* the write failed: rolled back, no audit entry */
    assert_ok(bp_store_begin(fx.s));
    assert_ok(bp_app_event(fx.s, &a, fx.kase, fx.school, "note", "n"));
    assert_int_equal(bp_app_commit_with(fx.s, BP_ERR_CONFLICT, &e), BP_ERR_CONFLICT);
    assert_int_equal(raw_int("SELECT count(*) FROM events"), events + 1);
    assert_int_equal(raw_int("SELECT count(*) FROM audit"), audits + 1);
    /* the audit entry failed: the write is rolled back with it */
    raw("CREATE TRIGGER t_fail BEFORE INSERT ON audit BEGIN SELECT RAISE(ABORT, 'test'); END");
    assert_ok(bp_store_begin(fx.s));
    a.user = NULL;
    assert_ok(bp_app_event(fx.s, &a, fx.kase, fx.school, "note", "n"));
    assert_int_equal(bp_app_commit_with(fx.s, BP_OK, &e), BP_ERR_STORAGE);
    raw("DROP TRIGGER t_fail");
    assert_int_equal(raw_int("SELECT count(*) FROM events"), events + 1);
    assert_int_equal(raw_int("SELECT count(*) FROM audit"), audits + 1);
}

/* ---- the audit list an answer carries ---- */

static void test_audits_add(void **state)
{
    struct bp_audits l = {0};
    struct bp_audit e = entry("read");
    int i;
    (void)state;
    for (i = 0; i < 9; i++) {
        e.case_id = i;
        bp_audits_add(&fx.a, &l, &e);
    }
    assert_int_equal(l.n, 9);
    assert_int_equal(l.cap, 16);
    for (i = 0; i < 9; i++)
        assert_int_equal(l.items[i].case_id, i); /* every one kept through the growth */
}

/* ---- the case as loaded: who takes part (V-2.6) ---- */

static void test_case_load(void **state)
{
    struct bp_case_access ca;
    struct bp_org *names;
    size_t n;
    (void)state;
    assert_ok(bp_app_case_load(fx.s, &fx.a, fx.kase, &ca));
    assert_int_equal(ca.n_all_orgs, 4);
    assert_int_equal(ca.n_orgs, 2); /* the school (initiating) and social services (a consent) */
    assert_int_equal(ca.orgs[0], fx.school);
    assert_int_equal(ca.orgs[1], fx.social);
    assert_true(ca.asked[1]);
    assert_int_equal(ca.n_asked_only, 1); /* BUP; student health was asked and is no more */
    assert_int_equal(ca.asked_only[0], fx.bup);
    assert_ok(bp_app_case_org_names(&fx.a, &ca, &names, &n));
    assert_int_equal(n, 2);
    assert_string_equal(names[1].name, "Socialtjänsten");
    assert_int_equal(bp_app_case_load(fx.s, &fx.a, fx.kase + 100, &ca), BP_ERR_NOT_FOUND);
}

/* The case's organisations picked by id from its list (issue 12 item 3: one statement for all of them). */
static void test_org_find(void **state)
{
    const struct bp_org orgs[] = {
        {.id = 3, .name = "a"}, {.id = 5, .name = "b"}, {.id = 8, .name = "c"}, {.id = 13, .name = "d"}};
    struct bp_case_access ca = {0};
    struct bp_org *out;
    size_t i, n;
    (void)state;
    for (i = 0; i < 4; i++)
        assert_ptr_equal(bp_app_org_find(orgs, 4, orgs[i].id), &orgs[i]);
    assert_null(bp_app_org_find(orgs, 4, 1));
    assert_null(bp_app_org_find(orgs, 4, 4));
    assert_null(bp_app_org_find(orgs, 4, 20));
    assert_null(bp_app_org_find(orgs, 0, 3));
    /* a name as the case's load read it; "" for one not among them, or when they were not read */
    assert_string_equal(bp_app_case_org_name(&ca, 5), "");
    ca.all_named = (struct bp_org *)orgs;
    ca.n_all_orgs = 4;
    assert_string_equal(bp_app_case_org_name(&ca, 8), "c");
    assert_string_equal(bp_app_case_org_name(&ca, 4), "");
    ca.orgs = (int64_t[]){13, 5};
    ca.n_orgs = 2;
    assert_ok(bp_app_case_orgs_named(&fx.a, &ca, orgs, 4, &out, &n));
    assert_int_equal(n, 2);
    assert_string_equal(out[0].name, "d");
    assert_string_equal(out[1].name, "b");
    ca.orgs = (int64_t[]){5, 6}; /* one gone meanwhile: as bp_org_get's BP_ERR_NOT_FOUND */
    assert_int_equal(bp_app_case_orgs_named(&fx.a, &ca, orgs, 4, &out, &n), BP_ERR_NOT_FOUND);
    assert_int_equal(n, 0);
}

/* Each read the load makes, failing for real: the error comes back, nothing is decided. */
static void test_case_load_failures(void **state)
{
    static const char *const tables[] = {"case_orgs", "organisations", "consents"};
    struct bp_case_access ca;
    struct bp_org *names;
    size_t i, n;
    (void)state;
    for (i = 0; i < BP_ARRAY_LEN(tables); i++) {
        char sql[128];
        snprintf(sql, sizeof(sql), "ALTER TABLE %s RENAME TO gone", tables[i]);
        raw("%s", sql);
        assert_int_equal(bp_app_case_load(fx.s, &fx.a, fx.kase, &ca), BP_ERR_STORAGE);
        snprintf(sql, sizeof(sql), "ALTER TABLE gone RENAME TO %s", tables[i]);
        raw("%s", sql);
    }
    assert_ok(bp_app_case_load(fx.s, &fx.a, fx.kase, &ca));
    raw("ALTER TABLE organisations RENAME TO gone");
    /* the load read the names with the organisations: no second read */
    assert_ok(bp_app_case_org_names(&fx.a, &ca, &names, &n));
    assert_int_equal(n, 2);
    assert_string_equal(names[1].name, "Socialtjänsten");
    raw("ALTER TABLE gone RENAME TO organisations");
}

/* ---- the access check (V-2.3, V-2.6): FULL, INTAKE, ASKED, a refusal that looks like a missing case ---- */

static enum bp_err read_case(const struct bp_user *u, int64_t case_id, enum bp_access need,
                             struct bp_audit *e, struct bp_case_access *ca)
{
    struct bp_actor a = actor_of(u);
    return bp_app_case_read(fx.s, &fx.a, &a, case_id, "case", need, ca, e);
}

static void test_case_access(void **state)
{
    struct bp_case_access ca;
    struct bp_audit e;
    struct bp_actor nobody = {.now = T0};
    (void)state;
    assert_ok(read_case(&fx.bo, fx.kase, BP_ACCESS_FULL, &e, &ca));
    assert_int_equal(ca.d.access, BP_ACCESS_FULL);
    assert_string_equal(e.action, "read");
    assert_string_equal(e.detail, "consent");
    assert_int_equal(e.org_id, fx.social);
    assert_int_equal(e.child_id, fx.child);
    assert_int_equal(e.case_id, fx.kase);

    assert_ok(read_case(&fx.anna, fx.kase, BP_ACCESS_INTAKE, &e, &ca)); /* exactly what is needed */
    assert_string_equal(e.detail, "intake");
    assert_int_equal(read_case(&fx.anna, fx.kase, BP_ACCESS_FULL, &e, &ca), BP_ERR_FORBIDDEN);
    assert_string_equal(e.action, "denied");
    assert_string_equal(e.detail, "intake");

    assert_ok(read_case(&fx.dora, fx.kase, BP_ACCESS_ASKED, &e, &ca));
    assert_string_equal(e.detail, "asked");
    assert_int_equal(e.org_id, fx.bup);
    assert_int_equal(read_case(&fx.dora, fx.kase, BP_ACCESS_INTAKE, &e, &ca), BP_ERR_FORBIDDEN);

    /* not taking part: as if the case did not exist (case ids cannot be probed) */
    assert_int_equal(read_case(&fx.olle, fx.kase, BP_ACCESS_ASKED, &e, &ca), BP_ERR_NOT_FOUND);
    assert_string_equal(e.action, "denied");
    assert_string_equal(e.detail, "not_participant");
    assert_int_equal(e.child_id, fx.child);
    assert_int_equal(read_case(&fx.olle, fx.kase + 100, BP_ACCESS_ASKED, &e, &ca), BP_ERR_NOT_FOUND);
    assert_string_equal(e.action, "denied");
    assert_string_equal(e.detail, "no_such_case");
    assert_int_equal(e.case_id, fx.kase + 100);

    assert_int_equal(bp_app_case_read(fx.s, &fx.a, &nobody, fx.kase, "case", BP_ACCESS_ASKED, &ca, &e),
                     BP_ERR_UNAUTHENTICATED);

    /* a storage failure is not a refusal: no "denied" on record for it */
    raw("ALTER TABLE case_orgs RENAME TO gone");
    assert_int_equal(read_case(&fx.bo, fx.kase, BP_ACCESS_FULL, &e, &ca), BP_ERR_STORAGE);
    assert_string_equal(e.action, "read");
    raw("ALTER TABLE gone RENAME TO case_orgs");
}

/* ---- protected contact details (issue 10 item 10) ---- */

static void test_withhold(void **state)
{
    struct bp_case_access ca;
    struct bp_audit e;
    struct bp_child child;
    struct bp_guardian *g;
    size_t n;
    struct bp_invitee inv[4] = {
        {.kind = BP_INVITEE_GUARDIAN, .guardian_id = 0, .email = "a@x.se"}, /* filled below */
        {.kind = BP_INVITEE_GUARDIAN, .guardian_id = 0, .email = "b@x.se"},
        {.kind = BP_INVITEE_GUARDIAN, .guardian_id = 999, .email = "c@x.se"}, /* not a guardian of the case */
        {.kind = BP_INVITEE_PROFESSIONAL, .guardian_id = 0, .email = "d@x.se"},
    };
    (void)state;
    inv[0].guardian_id = fx.g1;
    inv[1].guardian_id = fx.g2;
    /* social services under consent: Sara (protected) without her details, Johan with his */
    assert_ok(read_case(&fx.bo, fx.kase, BP_ACCESS_FULL, &e, &ca));
    assert_ok(bp_app_family_load(fx.s, &fx.a, &ca, &child, &g, &n));
    assert_int_equal(n, 2);
    assert_string_equal(g[0].phone, "");
    assert_string_equal(g[0].address, "");
    assert_true(g[0].contact_withheld);
    assert_string_equal(g[1].phone, "070-1");
    assert_false(g[1].contact_withheld);
    bp_app_withhold_invitees(g, n, inv, 4);
    assert_string_equal(inv[0].email, "");
    assert_true(inv[0].email_withheld);
    assert_string_equal(inv[1].email, "b@x.se");
    assert_string_equal(inv[2].email, "c@x.se");
    assert_string_equal(inv[3].email, "d@x.se");
    assert_false(inv[3].email_withheld);
    /* the initiating organisation sees them */
    assert_ok(read_case(&fx.anna, fx.kase, BP_ACCESS_INTAKE, &e, &ca));
    assert_ok(bp_app_family_load(fx.s, &fx.a, &ca, &child, &g, &n));
    assert_string_equal(g[0].phone, "070-1");
    assert_false(g[0].contact_withheld);
    /* failures of the two reads */
    raw("ALTER TABLE children RENAME TO gone");
    assert_int_equal(bp_app_family_load(fx.s, &fx.a, &ca, &child, &g, &n), BP_ERR_STORAGE);
    raw("ALTER TABLE gone RENAME TO children");
    raw("ALTER TABLE guardians RENAME TO gone");
    assert_int_equal(bp_app_family_load(fx.s, &fx.a, &ca, &child, &g, &n), BP_ERR_STORAGE);
    raw("ALTER TABLE gone RENAME TO guardians");
}

/* ---- recording a protection: the audit entry names the fields, never the values ---- */

static enum bp_err protect(const struct bp_user *u, struct bp_protection_input *in,
                           struct bp_field_errors *errs)
{
    struct bp_actor a = actor_of(u);
    return bp_uc_protection_set(fx.s, &fx.a, &a, fx.kase, in, errs);
}

static void test_protection_set(void **state)
{
    char g1[24], g2[24];
    struct bp_protection_input in = {0};
    struct bp_field_errors errs;
    (void)state;
    snprintf(g1, sizeof(g1), "%lld", (long long)fx.g1);
    snprintf(g2, sizeof(g2), "%lld", (long long)fx.g2);
    /* Sara was protected (from no one): now the child too, from Johan */
    in.child = true;
    in.child_from[0] = g2;
    in.n_child_from = 1;
    in.guardians[0] = g1;
    in.n_guardians = 1;
    assert_ok(protect(&fx.anna, &in, &errs));
    assert_string_equal(last_audit(), "update protection protection.child protection.child_from");
    assert_int_equal(raw_int("SELECT count(*) FROM events WHERE kind = 'protection_changed'"), 1);
    /* Sara protected from Johan */
    in.guardians_from[0] = g2;
    in.n_guardians_from = 1;
    assert_ok(protect(&fx.anna, &in, &errs));
    assert_string_equal(last_audit(), "update protection protection.guardians_from");
    /* the child from Sara instead of Johan (same count, other id), Johan protected instead of Sara */
    in.child_from[0] = g1;
    in.guardians[0] = g2;
    in.guardians_from[0] = g1;
    assert_ok(protect(&fx.anna, &in, &errs));
    assert_string_equal(
        last_audit(),
        "update protection protection.child_from protection.guardians protection.guardians_from");
    /* both protected: only the list of the protected changed */
    in.guardians[1] = g1;
    in.n_guardians = 2;
    assert_ok(protect(&fx.anna, &in, &errs));
    assert_string_equal(last_audit(), "update protection protection.guardians");
    /* nothing at all: every field */
    memset(&in, 0, sizeof(in));
    assert_ok(protect(&fx.anna, &in, &errs));
    assert_string_equal(last_audit(),
                        "update protection protection.child protection.child_from protection.guardians "
                        "protection.guardians_from");
    /* nothing changed: nothing named */
    assert_ok(protect(&fx.anna, &in, &errs));
    assert_string_equal(last_audit(), "update protection ");
    /* only the flag on the child */
    in.child = true;
    assert_ok(protect(&fx.anna, &in, &errs));
    assert_string_equal(last_audit(), "update protection protection.child");
}

static void test_protection_set_refused(void **state)
{
    struct bp_protection_input in = {.guardians = {"999"}, .n_guardians = 1};
    struct bp_field_errors errs;
    int64_t audits;
    (void)state;
    /* not the initiating organisation, nor under consent: as if missing, the refusal on record */
    assert_int_equal(protect(&fx.olle, &in, &errs), BP_ERR_NOT_FOUND);
    assert_string_equal(last_audit(), "denied protection not_participant");
    /* not a guardian of the child */
    assert_int_equal(protect(&fx.anna, &in, &errs), BP_ERR_INVALID);
    assert_string_equal(bp_field_errors_find(&errs, "protection.guardians"), "not_guardian");
    /* reads and writes that fail: nothing recorded, no audit entry */
    audits = raw_int("SELECT count(*) FROM audit");
    in.guardians[0] = NULL;
    in.n_guardians = 0;
    in.child = true;
    raw("ALTER TABLE children RENAME COLUMN language TO gone"); /* the child's read, not the case's */
    assert_int_equal(protect(&fx.anna, &in, &errs), BP_ERR_STORAGE);
    raw("ALTER TABLE children RENAME COLUMN gone TO language");
    raw("ALTER TABLE guardians RENAME TO gone");
    assert_int_equal(protect(&fx.anna, &in, &errs), BP_ERR_STORAGE);
    raw("ALTER TABLE gone RENAME TO guardians");
    raw("CREATE TRIGGER t_fail BEFORE UPDATE ON children BEGIN SELECT RAISE(ABORT, 'test'); END");
    assert_int_equal(protect(&fx.anna, &in, &errs), BP_ERR_STORAGE);
    raw("DROP TRIGGER t_fail");
    raw("CREATE TRIGGER t_fail BEFORE UPDATE ON guardians BEGIN SELECT RAISE(ABORT, 'test'); END");
    assert_int_equal(protect(&fx.anna, &in, &errs), BP_ERR_STORAGE);
    raw("DROP TRIGGER t_fail");
    assert_int_equal(raw_int("SELECT count(*) FROM audit"), audits);
    assert_int_equal(raw_int("SELECT count(*) FROM children WHERE protected"), 0);
}

/* ---- the write lock held elsewhere: BEGIN fails after the busy timeout (5 s; last, since it waits) ---- */

static void test_begin_fails(void **state)
{
    struct bp_audit e = entry("read");
    struct bp_protection_input in = {.child = true};
    struct bp_field_errors errs;
    int64_t audits = raw_int("SELECT count(*) FROM audit");
    (void)state;
    raw("BEGIN IMMEDIATE");
    assert_int_equal(bp_uc_audit_commit(fx.s, &e, 1), BP_ERR_STORAGE);
    assert_int_equal(protect(&fx.anna, &in, &errs), BP_ERR_STORAGE);
    raw("ROLLBACK");
    assert_int_equal(raw_int("SELECT count(*) FROM audit"), audits);
    assert_int_equal(raw_int("SELECT count(*) FROM children WHERE protected"), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_actor, setup, trust_teardown),
        cmocka_unit_test_setup_teardown(test_audit_fill, setup, trust_teardown),
        cmocka_unit_test_setup_teardown(test_audit_commit, setup, trust_teardown),
        cmocka_unit_test_setup_teardown(test_commit_with, setup, trust_teardown),
        cmocka_unit_test_setup_teardown(test_audits_add, setup, trust_teardown),
        cmocka_unit_test_setup_teardown(test_case_load, setup, trust_teardown),
        cmocka_unit_test_setup_teardown(test_case_load_failures, setup, trust_teardown),
        cmocka_unit_test_setup_teardown(test_org_find, setup, trust_teardown),
        cmocka_unit_test_setup_teardown(test_case_access, setup, trust_teardown),
        cmocka_unit_test_setup_teardown(test_withhold, setup, trust_teardown),
        cmocka_unit_test_setup_teardown(test_protection_set, setup, trust_teardown),
        cmocka_unit_test_setup_teardown(test_protection_set_refused, setup, trust_teardown),
        cmocka_unit_test_setup_teardown(test_begin_fails, setup, trust_teardown),
    };
    if (getenv("BP_TEST_QUICK")) /* scripts/mutate.py: the 5 s wait only when nothing else failed */
        cmocka_set_skip_filter("test_begin_fails");
    return cmocka_run_group_tests(tests, trust_template_make, trust_template_remove);
}
