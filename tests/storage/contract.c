/* contract.c: the storage contract. Every function of store.h, run against a real SQLite file or a real
 * PostgreSQL server; the same test binary serves both, so the backends cannot drift apart. Must not reach
 * past store.h except where the contract is about the database itself (the append-only audit table,
 * SQLite's PRAGMAs), which goes through driver.h.
 *
 * Which database:
 *   contract sqlite     a fresh SQLite file made with mkstemp in $TMPDIR (or /tmp), removed at the end.
 *   contract postgres   the server in $BARNPLAN_TEST_PG_URL (scripts/pg-test.sh url). The test creates a
 *                       schema of its own, bp_test_<pid>_<time>, runs in it through search_path and drops
 *                       it at the end, so every run starts empty and runs can share a database. Without
 *                       the variable the test is skipped (exit 77), or fails when $CI is set.
 *   contract            the URL in $BARNPLAN_TEST_STORE_URL: unset, empty or just "sqlite:" means a fresh
 *                       temporary file as above; "sqlite:PATH" uses PATH, which must not exist yet and is
 *                       removed at the end; "postgres://..." works as for `contract postgres`. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "util/common.h"
#include "util/limits.h"
#include "storage/store.h"
#include "util/find.h"
#include "domain/access.h"
#include "storage/driver.h"
#include "../store_assert.h"

#define SKIP_EXIT 77
#define T0        INT64_C(1700000000) /* a fixed "now" for the tests */
static const struct bp_date TODAY = {2026, 11, 23};

static struct {
    char url[2048];
    char sqlite_path[1024]; /* a file to remove at the end */
    char pg_base[1536];     /* the server URL, for creating and dropping the schema */
    char pg_schema[64];
    struct bp_store *s;
    struct bp_arena a;
    int unique; /* makes names unique between tests */
} fx;

#define assert_err(expr, want)                                                                               \
    do {                                                                                                     \
        enum bp_err e_ = (expr);                                                                             \
        if (e_ != (want))                                                                                    \
            fail_msg("%s: got %s, want %s (%s)", #expr, bp_err_name(e_), bp_err_name(want),                  \
                     bp_store_errmsg(fx.s));                                                                 \
    } while (0)

/* ---- fixtures ---- */

static int64_t add_org(const char *name, enum bp_org_kind kind)
{
    struct bp_org o = {
        .name = name, .kind = kind, .principal = BP_PRINCIPAL_MUNICIPALITY, .municipality = "Växjö"};
    assert_ok(bp_org_add(fx.s, &o));
    assert_true(o.id > 0);
    return o.id;
}

static int64_t add_user(const char *stem, bool is_admin)
{
    char *username = bp_arena_printf(&fx.a, "%s-%d", stem, ++fx.unique);
    struct bp_user u = {.username = username,
                        .display_name = bp_arena_printf(&fx.a, "Name of %s", username),
                        .email = "x@example.org",
                        .is_admin = is_admin};
    assert_ok(bp_user_add(fx.s, &u, "hash-1"));
    assert_true(u.id > 0);
    return u.id;
}

static int64_t add_child(const char *given, const char *family)
{
    struct bp_child c = {.given_name = given,
                         .family_name = family,
                         .id_kind = BP_ID_PERSONNUMMER,
                         .id_number = "20150101-1234",
                         .birth_date = "2015-01-01",
                         .language = "svenska",
                         .created_at = T0};
    assert_ok(bp_child_add(fx.s, &c));
    assert_true(c.id > 0);
    return c.id;
}

static int64_t add_case(int64_t child, int64_t org, int64_t user, int64_t created_at,
                        enum bp_case_status status)
{
    struct bp_case c = {.child_id = child,
                        .model = BP_MODEL_VASTERBOTTEN,
                        .plan_kind = bp_plan_kind_for(BP_MODEL_VASTERBOTTEN, false),
                        .status = status,
                        .initiating_org_id = org,
                        .initiator_user_id = user,
                        .noticed_on = "2024-03-01",
                        .route = BP_ROUTE_HLT,
                        .requested_by = BP_REQ_PROFESSIONAL,
                        .triggers = 0x5,
                        .reason = "behöver samordning",
                        .created_at = created_at};
    assert_ok(bp_case_add(fx.s, &c));
    assert_true(c.id > 0);
    return c.id;
}

/* A consent of org in case k, given on `given` (renewal `renew`, {0}: none), obtained by user. */
static int64_t add_consent(int64_t k, int64_t org, int64_t user, struct bp_date given, struct bp_date renew)
{
    struct bp_consent c = {.case_id = k,
                           .org_id = org,
                           .giver = BP_CONSENT_BY_ADULT_STUDENT,
                           .scope = "Närvaro och betyg, till elevhälsan",
                           .child_view = "Vill att de pratar med varandra",
                           .covers_preparation = true,
                           .form = BP_FORM_HLT_VASTERBOTTEN,
                           .given_on = given,
                           .has_renewal = renew.y != 0,
                           .renew_on = renew,
                           .obtained_by = user,
                           .created_at = T0};
    assert_ok(bp_consent_add(fx.s, &c));
    assert_true(c.id > 0);
    return c.id;
}

static int64_t count(const char *table)
{
    int64_t n = -1;
    assert_ok(bp_store_count(fx.s, table, &n));
    return n;
}

/* A second, raw connection to the same database, for what store.h deliberately cannot do. */
static const struct bp_driver *raw_open(struct bp_conn **c)
{
    const char *conninfo = NULL;
    const struct bp_driver *drv = bp_driver_for_url(fx.url, &conninfo);
    char err[256];
    assert_non_null(drv);
    if (drv->open(conninfo, c, err, sizeof(err)) != BP_OK)
        fail_msg("raw open: %s", err);
    return drv;
}

/* ---- group setup: a fresh database ---- */

static int make_sqlite_temp(void)
{
    const char *dir = getenv("TMPDIR");
    int fd;
    snprintf(fx.sqlite_path, sizeof(fx.sqlite_path), "%s/barnplan-store-XXXXXX", dir && *dir ? dir : "/tmp");
    fd = mkstemp(fx.sqlite_path);
    if (fd < 0) {
        fprintf(stderr, "contract: cannot create a temporary file in %s\n", dir && *dir ? dir : "/tmp");
        return -1;
    }
    close(fd); /* an empty file is a new SQLite database */
    snprintf(fx.url, sizeof(fx.url), "sqlite:%s", fx.sqlite_path);
    return 0;
}

static int pg_admin(const char *sql)
{
    struct bp_conn *c = NULL;
    char err[512];
    int rc = 0;
    if (bp_driver_pg.open(fx.pg_base, &c, err, sizeof(err)) != BP_OK) {
        fprintf(stderr, "contract: cannot connect to BARNPLAN_TEST_PG_URL: %s\n", err);
        return -1;
    }
    if (bp_driver_pg.exec_script(c, sql) != BP_OK) {
        fprintf(stderr, "contract: %s: %s\n", sql, bp_driver_pg.errmsg(c));
        rc = -1;
    }
    bp_driver_pg.close(c);
    return rc;
}

static int make_pg_schema(const char *base)
{
    char sql[128];
    snprintf(fx.pg_base, sizeof(fx.pg_base), "%s", base);
    snprintf(fx.pg_schema, sizeof(fx.pg_schema), "bp_test_%ld_%lld", (long)getpid(), (long long)time(NULL));
    snprintf(sql, sizeof(sql), "CREATE SCHEMA %s", fx.pg_schema);
    if (pg_admin(sql) != 0) {
        fx.pg_schema[0] = '\0';
        return -1;
    }
    /* libpq URI parameters: options=-csearch_path=<schema>, percent-encoded. */
    snprintf(fx.url, sizeof(fx.url), "%s%soptions=-csearch_path%%3D%s", base, strchr(base, '?') ? "&" : "?",
             fx.pg_schema);
    return 0;
}

/* Returns -1 to run the tests, or the exit code to leave with. */
static int choose_database(int argc, char **argv)
{
    const char *mode = argc > 1 ? argv[1] : NULL;
    const char *url;
    struct stat st;

    if (mode && strcmp(mode, "sqlite") == 0)
        return make_sqlite_temp() ? 1 : -1;
    if (mode && strcmp(mode, "postgres") == 0) {
        url = getenv("BARNPLAN_TEST_PG_URL");
        if (!url || !*url) {
            const char *ci = getenv("CI");
            if (ci && *ci) {
                fprintf(stderr, "contract: FAIL: CI is set but BARNPLAN_TEST_PG_URL is not: start a server "
                                "with scripts/pg-test.sh start and export "
                                "BARNPLAN_TEST_PG_URL=\"$(scripts/pg-test.sh url)\"\n");
                return 1;
            }
            printf("contract: SKIP: BARNPLAN_TEST_PG_URL is not set (scripts/pg-test.sh start; export "
                   "BARNPLAN_TEST_PG_URL=\"$(scripts/pg-test.sh url)\")\n");
            return SKIP_EXIT;
        }
        return make_pg_schema(url) ? 1 : -1;
    }
    if (mode) {
        fprintf(stderr, "usage: %s [sqlite|postgres]\n", argv[0]);
        return 2;
    }
    url = getenv("BARNPLAN_TEST_STORE_URL");
    if (!url || !*url || strcmp(url, "sqlite:") == 0)
        return make_sqlite_temp() ? 1 : -1;
    if (strncmp(url, "sqlite:", 7) == 0) {
        if (stat(url + 7, &st) == 0) {
            fprintf(stderr, "contract: %s exists; the contract needs a new file\n", url + 7);
            return 1;
        }
        snprintf(fx.sqlite_path, sizeof(fx.sqlite_path), "%s", url + 7);
        snprintf(fx.url, sizeof(fx.url), "%s", url);
        return -1;
    }
    if (strncmp(url, "postgres://", 11) == 0 || strncmp(url, "postgresql://", 13) == 0)
        return make_pg_schema(url) ? 1 : -1;
    fprintf(stderr, "contract: BARNPLAN_TEST_STORE_URL must be sqlite:PATH or postgres://...\n");
    return 2;
}

static void remove_database(void)
{
    if (fx.sqlite_path[0]) {
        const char *suffixes[] = {"", "-wal", "-shm", "-journal"};
        size_t i;
        for (i = 0; i < BP_ARRAY_LEN(suffixes); i++) {
            char path[1100];
            snprintf(path, sizeof(path), "%s%s", fx.sqlite_path, suffixes[i]);
            unlink(path);
        }
    }
    if (fx.pg_schema[0]) {
        char sql[128];
        snprintf(sql, sizeof(sql), "DROP SCHEMA %s CASCADE", fx.pg_schema);
        pg_admin(sql);
    }
}

static int group_setup(void **state)
{
    char err[512];
    int current = -1, latest = -1, applied = -1;
    bp_arena_init(&fx.a, 0);
    if (bp_store_open(fx.url, &fx.s, err, sizeof(err)) != BP_OK) {
        fprintf(stderr, "contract: bp_store_open: %s\n", err);
        return -1;
    }
    /* An empty database has version 0; migrating applies every migration of the backend. */
    if (bp_store_schema_version(fx.s, &current, &latest) != BP_OK || current != 0 || latest < 1) {
        fprintf(stderr, "contract: schema_version before migrating: %d/%d %s\n", current, latest,
                bp_store_errmsg(fx.s));
        return -1;
    }
    /* the versions may have gaps while branches that own the numbers between are not merged yet */
    if (bp_store_migrate(fx.s, &applied) != BP_OK || applied < 1 || applied > latest ||
        bp_store_schema_version(fx.s, &current, &latest) != BP_OK || current != latest) {
        fprintf(stderr, "contract: migrate: applied %d of %d: %s\n", applied, latest, bp_store_errmsg(fx.s));
        return -1;
    }
    return 0;
}

static int group_teardown(void **state)
{
    bp_store_close(fx.s);
    fx.s = NULL;
    bp_arena_release(&fx.a);
    return 0;
}

static int test_setup(void **state)
{
    bp_arena_reset(&fx.a);
    return 0;
}

/* ---- the contract ---- */

static void test_migrate_again(void **state)
{
    int applied = -1, current = -1, latest = -1;
    assert_ok(bp_store_migrate(fx.s, &applied));
    assert_int_equal(applied, 0);
    assert_ok(bp_store_schema_version(fx.s, &current, &latest));
    assert_int_equal(current, latest);
    assert_true(latest >= 1);
    assert_true(count("schema_migrations") >= 1 && count("schema_migrations") <= latest);
}

static void test_open(void **state)
{
    struct bp_store *s = NULL;
    char err[256];
    assert_string_equal(bp_store_backend(fx.s), fx.pg_schema[0] ? "postgres" : "sqlite");
    assert_int_equal(bp_store_open("mysql://admin:hunter2@db/x", &s, err, sizeof(err)), BP_ERR_INVALID);
    assert_null(s);
    assert_null(strstr(err, "hunter2"));
    assert_int_equal(bp_store_open("sqlite:", &s, err, sizeof(err)), BP_ERR_INVALID);
    assert_int_equal(bp_store_open("sqlite:/nonexistent-dir-of-barnplan/x.db", &s, err, sizeof(err)),
                     BP_ERR_STORAGE);
    assert_null(s);
    bp_store_close(NULL);
}

static void test_orgs(void **state)
{
    struct bp_org got, *list;
    size_t n, i;
    int64_t zeta = add_org("Zeta skola", BP_ORG_SCHOOL);
    int64_t alpha = add_org("Alpha BVC", BP_ORG_CHILD_HEALTH);
    struct bp_org bad = {.name = "x", .kind = BP_ORG_KIND_COUNT, .principal = BP_PRINCIPAL_REGION};
    size_t pos_zeta = SIZE_MAX, pos_alpha = SIZE_MAX;

    assert_ok(bp_org_get(fx.s, &fx.a, zeta, &got));
    assert_int_equal(got.id, zeta);
    assert_string_equal(got.name, "Zeta skola");
    assert_int_equal(got.kind, BP_ORG_SCHOOL);
    assert_int_equal(got.principal, BP_PRINCIPAL_MUNICIPALITY);
    assert_string_equal(got.municipality, "Växjö");
    assert_err(bp_org_get(fx.s, &fx.a, 999999999, &got), BP_ERR_NOT_FOUND);
    assert_err(bp_org_add(fx.s, &bad), BP_ERR_INVALID);

    assert_ok(bp_org_list(fx.s, &fx.a, &list, &n));
    assert_true(n >= 2);
    for (i = 0; i < n; i++) {
        if (list[i].id == zeta)
            pos_zeta = i;
        if (list[i].id == alpha)
            pos_alpha = i;
        if (i > 0)
            assert_true(strcmp(list[i - 1].name, list[i].name) <= 0);
    }
    assert_true(pos_alpha < pos_zeta && pos_zeta < n);
    assert_int_equal(list[pos_alpha].kind, BP_ORG_CHILD_HEALTH);
}

static void test_users(void **state)
{
    int64_t id = add_user("anna", true);
    struct bp_user u, dup;
    const char *hash = NULL;

    assert_ok(bp_user_get(fx.s, &fx.a, id, &u));
    assert_int_equal(u.id, id);
    assert_true(u.is_admin);
    assert_false(u.disabled);
    assert_string_equal(u.email, "x@example.org");
    assert_int_equal(u.n_orgs, 0);
    assert_ok(bp_user_get_by_username(fx.s, &fx.a, u.username, &u, &hash));
    assert_int_equal(u.id, id);
    assert_string_equal(hash, "hash-1");
    assert_ok(bp_user_get_by_username(fx.s, &fx.a, u.username, &u, NULL));
    assert_err(bp_user_get_by_username(fx.s, &fx.a, "nobody-at-all", &u, &hash), BP_ERR_NOT_FOUND);
    assert_err(bp_user_get(fx.s, &fx.a, 999999999, &u), BP_ERR_NOT_FOUND);

    /* A duplicate username is a conflict, and the message does not repeat it. */
    dup = (struct bp_user){.username = "Kalle-Anka-4711", .display_name = "Kalle"};
    assert_ok(bp_user_add(fx.s, &dup, "h"));
    dup.id = 0;
    assert_err(bp_user_add(fx.s, &dup, "h"), BP_ERR_CONFLICT);
    assert_int_equal(dup.id, 0);
    assert_true(strlen(bp_store_errmsg(fx.s)) > 0);
    assert_null(strstr(bp_store_errmsg(fx.s), "Kalle"));
}

static void test_memberships(void **state)
{
    int64_t user = add_user("bo", false);
    int64_t school = add_org("Björkskolan", BP_ORG_SCHOOL);
    int64_t social = add_org("Alla barns socialtjänst", BP_ORG_SOCIAL_SERVICES);
    struct bp_user u;

    assert_ok(bp_membership_add(fx.s, user, school, BP_ROLE_MANAGER));
    assert_ok(bp_membership_add(fx.s, user, social, BP_ROLE_NAMED_PERSON));
    assert_err(bp_membership_add(fx.s, user, social, BP_ROLE_PROFESSIONAL), BP_ERR_CONFLICT);
    assert_err(bp_membership_add(fx.s, user, 999999999, BP_ROLE_PROFESSIONAL), BP_ERR_NOT_FOUND);
    assert_err(bp_membership_add(fx.s, user, school, BP_ROLE_COUNT), BP_ERR_INVALID);

    assert_ok(bp_user_get(fx.s, &fx.a, user, &u));
    assert_int_equal(u.n_orgs, 2);
    /* sorted by organisation name */
    assert_int_equal(u.orgs[0].org_id, social);
    assert_int_equal(u.orgs[0].role, BP_ROLE_NAMED_PERSON);
    assert_string_equal(u.orgs[0].org_name, "Alla barns socialtjänst");
    assert_int_equal(u.orgs[1].org_id, school);
    assert_int_equal(u.orgs[1].role, BP_ROLE_MANAGER);
    assert_string_equal(u.orgs[1].org_name, "Björkskolan");
    assert_ok(bp_user_get_by_username(fx.s, &fx.a, u.username, &u, NULL));
    assert_int_equal(u.n_orgs, 2);
}

static void test_user_updates(void **state)
{
    int64_t id = add_user("cecilia", false);
    struct bp_user u;
    const char *hash;

    assert_ok(bp_user_get(fx.s, &fx.a, id, &u));
    assert_ok(bp_user_set_password(fx.s, id, "$argon2id$v=19$new"));
    assert_ok(bp_user_get_by_username(fx.s, &fx.a, u.username, &u, &hash));
    assert_string_equal(hash, "$argon2id$v=19$new");
    assert_ok(bp_user_set_disabled(fx.s, id, true));
    assert_ok(bp_user_get(fx.s, &fx.a, id, &u));
    assert_true(u.disabled);
    assert_ok(bp_user_set_disabled(fx.s, id, false));
    assert_ok(bp_user_get(fx.s, &fx.a, id, &u));
    assert_false(u.disabled);
    assert_err(bp_user_set_password(fx.s, 999999999, "x"), BP_ERR_NOT_FOUND);
    assert_err(bp_user_set_disabled(fx.s, 999999999, true), BP_ERR_NOT_FOUND);
}

/* Administration in the browser (issue 10 item 9, migration 025): an organisation's staff, a member's role,
 * the invitations (by their token's hash and by their provider login's state, used once), an
 * organisation's new name, and the audit search limited to one organisation's members. */
static void test_staff(void **state)
{
    int64_t org = add_org("Personalskolan", BP_ORG_SCHOOL), other = add_org("Andra skolan", BP_ORG_SCHOOL);
    int64_t ada = add_user("ada", false), bo = add_user("bo", false);
    struct bp_staff_invite inv = {.user_id = ada,
                                  .org_id = org,
                                  .invited_by = bo,
                                  .created_at = 1000,
                                  .expires_at = 2000},
                           got;
    struct bp_staff_member *m;
    struct bp_audit e = {
        .at = 1500, .action = "read", .object = "case", .channel = "web", .address = "", .detail = ""};
    struct bp_audit_filter f = {.member_org_id = org};
    struct bp_audit *rows;
    struct bp_org o;
    size_t n;
    (void)state;

    assert_ok(bp_membership_add(fx.s, ada, org, BP_ROLE_PROFESSIONAL));
    assert_ok(bp_membership_add(fx.s, bo, other, BP_ROLE_ORG_ADMIN));
    assert_ok(bp_staff_invite_add(fx.s, &inv, "hash-of-the-token"));
    assert_true(inv.id > 0);
    assert_err(bp_staff_invite_add(fx.s, &inv, "hash-of-the-token"), BP_ERR_CONFLICT);
    assert_ok(bp_org_staff(fx.s, &fx.a, org, 1500, &m, &n));
    assert_int_equal(n, 1);
    assert_int_equal(m[0].user_id, ada);
    assert_int_equal(m[0].role, BP_ROLE_PROFESSIONAL);
    assert_true(m[0].invited);
    assert_ok(bp_org_staff(fx.s, &fx.a, org, 2000, &m, &n)); /* expired: no longer invited */
    assert_false(m[0].invited);

    assert_ok(bp_staff_invite_by_hash(fx.s, &fx.a, "hash-of-the-token", &got));
    assert_int_equal(got.user_id, ada);
    assert_int_equal(got.expires_at, 2000);
    assert_int_equal(got.used_at, 0);
    assert_err(bp_staff_invite_by_hash(fx.s, &fx.a, "another", &got), BP_ERR_NOT_FOUND);
    assert_err(bp_staff_invite_by_login(fx.s, &fx.a, "state", &got), BP_ERR_NOT_FOUND);
    assert_ok(bp_staff_invite_set_login(fx.s, inv.id, "state"));
    assert_ok(bp_staff_invite_by_login(fx.s, &fx.a, "state", &got));
    assert_int_equal(got.id, inv.id);
    assert_ok(bp_staff_invite_use(fx.s, inv.id, 1600));
    assert_err(bp_staff_invite_use(fx.s, inv.id, 1700), BP_ERR_NOT_FOUND); /* once */
    assert_ok(bp_staff_invite_by_hash(fx.s, &fx.a, "hash-of-the-token", &got));
    assert_int_equal(got.used_at, 1600);

    assert_ok(bp_membership_set_role(fx.s, ada, org, BP_ROLE_ORG_ADMIN));
    assert_err(bp_membership_set_role(fx.s, ada, other, BP_ROLE_MANAGER), BP_ERR_NOT_FOUND);
    assert_ok(bp_org_staff(fx.s, &fx.a, org, 1500, &m, &n));
    assert_int_equal(m[0].role, BP_ROLE_ORG_ADMIN);

    assert_ok(bp_org_get(fx.s, &fx.a, org, &o));
    o.name = "Nya Personalskolan";
    o.principal = BP_PRINCIPAL_PRIVATE;
    assert_ok(bp_org_update(fx.s, &o));
    assert_ok(bp_org_get(fx.s, &fx.a, org, &o));
    assert_string_equal(o.name, "Nya Personalskolan");
    assert_int_equal(o.principal, BP_PRINCIPAL_PRIVATE);
    o.id = 999999999;
    assert_err(bp_org_update(fx.s, &o), BP_ERR_NOT_FOUND);

    e.user_id = ada;
    assert_ok(bp_audit_add(fx.s, &e));
    e.user_id = bo;
    assert_ok(bp_audit_add(fx.s, &e));
    assert_ok(bp_audit_search(fx.s, &fx.a, &f, &rows, &n));
    assert_int_equal(n, 1);
    assert_int_equal(rows[0].user_id, ada);
    f.member_org_id = other;
    assert_ok(bp_audit_search(fx.s, &fx.a, &f, &rows, &n));
    assert_int_equal(n, 1);
    assert_int_equal(rows[0].user_id, bo);
}

static void test_sessions(void **state)
{
    int64_t alice = add_user("alice", false), bob = add_user("bob", false);
    int64_t s1, s2, s3, s4, s5;
    struct bp_session got;
    struct bp_user got_user;

    assert_ok(bp_session_add(fx.s, "hash-s1", alice, "csrf-1", T0, &s1));
    assert_ok(bp_session_add(fx.s, "hash-s2", alice, "csrf-2", T0, &s2));
    assert_ok(bp_session_add(fx.s, "hash-s3", bob, "csrf-3", T0, &s3));
    assert_err(bp_session_add(fx.s, "hash-s3", bob, "csrf-x", T0, &s4), BP_ERR_CONFLICT);
    assert_err(bp_session_add(fx.s, "hash-nouser", 999999999, "csrf-x", T0, &s4), BP_ERR_NOT_FOUND);

    assert_ok(bp_session_user_get(fx.s, &fx.a, "hash-s1", &got, &got_user));
    assert_int_equal(got.id, s1);
    assert_int_equal(got.user_id, alice);
    assert_int_equal(got.created_at, T0);
    assert_int_equal(got.last_seen, T0);
    assert_string_equal(got.csrf_token, "csrf-1");
    assert_int_equal(got_user.id, alice);
    assert_err(bp_session_user_get(fx.s, &fx.a, "hash-none", &got, &got_user), BP_ERR_NOT_FOUND);

    assert_ok(bp_session_touch(fx.s, s1, T0 + 60));
    assert_ok(bp_session_user_get(fx.s, &fx.a, "hash-s1", &got, &got_user));
    assert_int_equal(got.last_seen, T0 + 60);
    assert_int_equal(got.created_at, T0);
    assert_err(bp_session_touch(fx.s, 999999999, T0), BP_ERR_NOT_FOUND);

    assert_ok(bp_session_delete(fx.s, s1));
    assert_err(bp_session_user_get(fx.s, &fx.a, "hash-s1", &got, &got_user), BP_ERR_NOT_FOUND);
    assert_ok(bp_session_delete(fx.s, s1)); /* already gone: still fine */

    /* Log out everywhere touches only that user. */
    assert_ok(bp_session_delete_for_user(fx.s, alice));
    assert_err(bp_session_user_get(fx.s, &fx.a, "hash-s2", &got, &got_user), BP_ERR_NOT_FOUND);
    assert_ok(bp_session_user_get(fx.s, &fx.a, "hash-s3", &got, &got_user));
    assert_int_equal(got.id, s3);
    (void)s2;

    /* Purge: idle since before the first bound, or created before the second. */
    assert_ok(bp_session_add(fx.s, "hash-idle", bob, "c", T0 - 5000, &s4));
    assert_ok(bp_session_add(fx.s, "hash-old", bob, "c", T0 - 100000, &s5));
    assert_ok(bp_session_touch(fx.s, s5, T0)); /* active, but too old */
    assert_ok(bp_session_touch(fx.s, s3, T0 + 10));
    assert_ok(bp_session_purge(fx.s, T0 - 1000, T0 - 50000));
    assert_err(bp_session_user_get(fx.s, &fx.a, "hash-idle", &got, &got_user), BP_ERR_NOT_FOUND);
    assert_err(bp_session_user_get(fx.s, &fx.a, "hash-old", &got, &got_user), BP_ERR_NOT_FOUND);
    assert_ok(bp_session_user_get(fx.s, &fx.a, "hash-s3", &got, &got_user));
}

/* Issue 10 item 2: a family member's account is made once per person; a code is taken once, an expired one
 * not at all, and a newer code of the same kind replaces the older. */
static void test_family_codes(void **state)
{
    int64_t child = add_child("Saga", "Ström"), staff = add_user("fam-staff", false);
    struct bp_guardian g = {
        .child_id = child, .name = "Nora Ström", .custody = BP_CUSTODY_SOLE, .email = "Nora@Example.org"};
    struct bp_guardian *found;
    struct bp_user u;
    int64_t child_user, guardian_user, again, got;
    const char *kind;
    size_t n;
    (void)state;

    assert_ok(bp_guardian_add(fx.s, &g));
    assert_ok(bp_family_user_ensure(fx.s, child, 0, &child_user));
    assert_ok(bp_family_user_ensure(fx.s, child, g.id, &guardian_user));
    assert_ok(bp_family_user_ensure(fx.s, child, g.id, &again));
    assert_int_equal(again, guardian_user);
    assert_true(child_user != guardian_user);
    assert_ok(bp_user_get(fx.s, &fx.a, guardian_user, &u));
    assert_int_equal(u.family_child_id, child);
    assert_int_equal(u.family_guardian_id, g.id);
    assert_int_equal(u.n_orgs, 0);
    assert_ok(bp_user_get(fx.s, &fx.a, child_user, &u));
    assert_int_equal(u.family_guardian_id, 0);
    assert_ok(bp_guardians_by_email(fx.s, &fx.a, "nora@example.ORG", &found, &n));
    assert_int_equal(n, 1);
    assert_int_equal(found[0].id, g.id);

    assert_ok(bp_family_code_add(fx.s, "code-1", guardian_user, "letter", staff, T0, T0 + 100));
    assert_ok(bp_family_code_add(fx.s, "code-2", guardian_user, "link", 0, T0, T0 + 100));
    assert_ok(
        bp_family_code_add(fx.s, "code-3", guardian_user, "letter", staff, T0, T0 + 100)); /* replaces 1 */
    assert_err(bp_family_code_take(fx.s, &fx.a, "code-1", T0 + 1, &got, &kind), BP_ERR_NOT_FOUND);
    assert_ok(bp_family_code_take(fx.s, &fx.a, "code-3", T0 + 1, &got, &kind));
    assert_int_equal(got, guardian_user);
    assert_string_equal(kind, "letter");
    assert_err(bp_family_code_take(fx.s, &fx.a, "code-3", T0 + 1, &got, &kind), BP_ERR_NOT_FOUND); /* once */
    assert_err(bp_family_code_take(fx.s, &fx.a, "code-2", T0 + 100, &got, &kind),
               BP_ERR_NOT_FOUND); /* expired */
    assert_err(bp_family_code_take(fx.s, &fx.a, "code-2", T0 + 1, &got, &kind),
               BP_ERR_NOT_FOUND); /* and gone */
    assert_ok(bp_family_user_set_lang(fx.s, child_user, "ar"));
    assert_ok(bp_user_get(fx.s, &fx.a, child_user, &u));
    assert_string_equal(u.lang, "ar");
    assert_err(bp_family_user_set_lang(fx.s, staff, "ar"), BP_ERR_NOT_FOUND); /* staff choose by cookie */
}

static void test_login_failures(void **state)
{
    int64_t by_user = -1, by_addr = -1;
    int i;

    for (i = 0; i < 3; i++)
        assert_ok(bp_login_failure_add(fx.s, "eve", "192.0.2.1", T0 - 10 * i));
    assert_ok(bp_login_failure_add(fx.s, "eve", "192.0.2.2", T0 - 5000)); /* outside the window */
    assert_ok(bp_login_failure_add(fx.s, "mallory", "192.0.2.1", T0));
    assert_ok(bp_login_failure_add(fx.s, "mallory", NULL, T0));

    assert_ok(
        bp_login_failure_count(fx.s, "eve", "192.0.2.1", T0 - BP_LOGIN_WINDOW_SECONDS, &by_user, &by_addr));
    assert_int_equal(by_user, 3);
    assert_int_equal(by_addr, 4);
    assert_ok(bp_login_failure_count(fx.s, "eve", "192.0.2.2", 0, &by_user, &by_addr));
    assert_int_equal(by_user, 4);
    assert_int_equal(by_addr, 1);
    assert_ok(bp_login_failure_count(fx.s, "eve", "192.0.2.1", T0 + 1, &by_user, &by_addr));
    assert_int_equal(by_user, 0);
    assert_int_equal(by_addr, 0);
    assert_ok(bp_login_failure_count(fx.s, "nobody", "198.51.100.7", 0, &by_user, &by_addr));
    assert_int_equal(by_user, 0);
    assert_int_equal(by_addr, 0);

    assert_ok(bp_login_failure_clear(fx.s, "eve"));
    assert_ok(bp_login_failure_count(fx.s, "eve", "192.0.2.1", 0, &by_user, &by_addr));
    assert_int_equal(by_user, 0);
    assert_int_equal(by_addr, 1); /* mallory's */
    assert_ok(bp_login_failure_count(fx.s, "mallory", "192.0.2.1", 0, &by_user, &by_addr));
    assert_int_equal(by_user, 2);

    assert_ok(bp_login_failure_purge(fx.s, T0 + 1));
    assert_ok(bp_login_failure_count(fx.s, "mallory", "192.0.2.1", 0, &by_user, &by_addr));
    assert_int_equal(by_user, 0);
    assert_int_equal(by_addr, 0);
}

/* V6.1.1: the failures of one account from one address, and the browsers an account has logged in from. */
static void test_login_pairs_and_devices(void **state)
{
    const char *h1 = "1111111111111111111111111111111111111111111111111111111111111111";
    const char *h2 = "2222222222222222222222222222222222222222222222222222222222222222";
    int64_t n = -1;
    bool known = true;

    assert_ok(bp_login_failure_add(fx.s, "trudy", "192.0.2.9", T0));
    assert_ok(bp_login_failure_add(fx.s, "trudy", "192.0.2.9", T0 - 10));
    assert_ok(bp_login_failure_add(fx.s, "trudy", "192.0.2.8", T0));
    assert_ok(bp_login_failure_add(fx.s, "trudy", "192.0.2.9", T0 - 5000)); /* outside the window */
    assert_ok(bp_login_failure_count_pair(fx.s, "trudy", "192.0.2.9", T0 - BP_LOGIN_WINDOW_SECONDS, &n));
    assert_int_equal(n, 2);
    assert_ok(bp_login_failure_count_pair(fx.s, "trudy", "192.0.2.8", T0 - BP_LOGIN_WINDOW_SECONDS, &n));
    assert_int_equal(n, 1);
    assert_ok(bp_login_failure_count_pair(fx.s, "victor", "192.0.2.9", 0, &n));
    assert_int_equal(n, 0);

    assert_ok(bp_login_device_known(fx.s, h1, 7, 0, &known));
    assert_false(known);
    assert_ok(bp_login_device_add(fx.s, h1, 7, T0 - 100));
    assert_ok(bp_login_device_add(fx.s, h1, 8, T0 - 100)); /* a shared browser: known to two accounts */
    assert_ok(bp_login_device_known(fx.s, h1, 7, T0 - 1000, &known));
    assert_true(known);
    assert_ok(bp_login_device_known(fx.s, h1, 9, 0, &known));
    assert_false(known); /* not to a third */
    assert_ok(bp_login_device_known(fx.s, h2, 7, 0, &known));
    assert_false(known);
    assert_ok(bp_login_device_known(fx.s, h1, 7, T0, &known));
    assert_false(known);                             /* too long ago */
    assert_ok(bp_login_device_add(fx.s, h1, 7, T0)); /* a new login: the same row, later */
    assert_ok(bp_login_device_known(fx.s, h1, 7, T0, &known));
    assert_true(known);
    assert_ok(bp_login_device_purge(fx.s, T0 - 1));
    assert_ok(bp_login_device_known(fx.s, h1, 8, 0, &known));
    assert_false(known); /* purged */
    assert_ok(bp_login_device_known(fx.s, h1, 7, 0, &known));
    assert_true(known);
}

static void test_children_and_guardians(void **state)
{
    struct bp_child c = {.given_name = "Elsa",
                         .family_name = "Öström",
                         .id_kind = BP_ID_RESERVE,
                         .id_number = "R-2019-0042",
                         .birth_date = "2019-07-14",
                         .language = "arabiska",
                         .needs_interpreter = true,
                         .interpreter_language = "arabiska",
                         .picture_support = true,
                         .created_at = T0 + 7};
    struct bp_child minimal = {
        .given_name = "Liv", .family_name = "Berg", .id_kind = BP_ID_SAMORDNINGSNUMMER, .created_at = T0};
    struct bp_guardian g1 = {.name = "Fatima Öström",
                             .id_number = "19850101-1111",
                             .custody = BP_CUSTODY_JOINT,
                             .phone = "070-123 45 67",
                             .email = "f@example.org",
                             .address = "Storgatan 1",
                             .interpreter_language = "arabiska"};
    struct bp_guardian g2 = {.name = "Omar Öström", .custody = BP_CUSTODY_JOINT, .interpreter_language = ""};
    struct bp_guardian *list;
    struct bp_child got;
    size_t n;

    assert_ok(bp_child_add(fx.s, &c));
    assert_ok(bp_child_get(fx.s, &fx.a, c.id, &got));
    assert_int_equal(got.id, c.id);
    assert_string_equal(got.given_name, "Elsa");
    assert_string_equal(got.family_name, "Öström");
    assert_int_equal(got.id_kind, BP_ID_RESERVE);
    assert_string_equal(got.id_number, "R-2019-0042");
    assert_string_equal(got.birth_date, "2019-07-14");
    assert_string_equal(got.language, "arabiska");
    assert_true(got.needs_interpreter);
    assert_string_equal(got.interpreter_language, "arabiska");
    assert_true(got.picture_support);
    assert_int_equal(got.created_at, T0 + 7);

    assert_ok(bp_child_add(fx.s, &minimal));
    assert_ok(bp_child_get(fx.s, &fx.a, minimal.id, &got));
    assert_int_equal(got.id_kind, BP_ID_SAMORDNINGSNUMMER);
    assert_null(got.id_number);
    assert_null(got.birth_date);
    assert_null(got.language);
    assert_null(got.interpreter_language);
    assert_false(got.needs_interpreter);
    assert_false(got.picture_support);
    assert_err(bp_child_get(fx.s, &fx.a, 999999999, &got), BP_ERR_NOT_FOUND);

    g1.child_id = g2.child_id = c.id;
    assert_ok(bp_guardian_add(fx.s, &g1));
    assert_ok(bp_guardian_add(fx.s, &g2));
    assert_true(g1.id > 0 && g2.id > g1.id);
    assert_ok(bp_guardian_list(fx.s, &fx.a, c.id, &list, &n));
    assert_int_equal(n, 2);
    assert_int_equal(list[0].id, g1.id);
    assert_int_equal(list[0].child_id, c.id);
    assert_string_equal(list[0].name, "Fatima Öström");
    assert_string_equal(list[0].id_number, "19850101-1111");
    assert_int_equal(list[0].custody, BP_CUSTODY_JOINT);
    assert_string_equal(list[0].phone, "070-123 45 67");
    assert_string_equal(list[0].email, "f@example.org");
    assert_string_equal(list[0].address, "Storgatan 1");
    assert_string_equal(list[0].interpreter_language, "arabiska");
    assert_int_equal(list[1].id, g2.id);
    assert_null(list[1].id_number);
    assert_null(list[1].phone);
    assert_string_equal(list[1].interpreter_language, "");

    assert_ok(bp_guardian_list(fx.s, &fx.a, minimal.id, &list, &n));
    assert_int_equal(n, 0);
    g1.child_id = 999999999;
    assert_err(bp_guardian_add(fx.s, &g1), BP_ERR_NOT_FOUND);
    g2.custody = BP_CUSTODY_COUNT;
    assert_err(bp_guardian_add(fx.s, &g2), BP_ERR_INVALID);
}

static void test_cases(void **state)
{
    int64_t org = add_org("Förskolan Lärkan", BP_ORG_PRESCHOOL);
    int64_t bvc = add_org("BVC Centrum", BP_ORG_CHILD_HEALTH);
    int64_t user = add_user("dora", false);
    int64_t child = add_child("Nils", "Holgersson");
    struct bp_case k = {.child_id = child,
                        .model = BP_MODEL_KRONOBERG,
                        .plan_kind = "child_plan",
                        .status = BP_CASE_OPEN,
                        .initiating_org_id = org,
                        .initiator_user_id = user,
                        .noticed_on = "2024-02-29",
                        .route = BP_ROUTE_KRONOBERG_OTHER_ORG,
                        .requested_by = BP_REQ_GUARDIAN,
                        .triggers = (1u << 0) | (1u << 12),
                        .reason = "Oro för närvaro",
                        .created_at = T0 + 100};
    struct bp_case got, bad;
    struct bp_case_ask ask;
    struct bp_user u;
    int64_t *orgs;
    bool *asked;
    size_t n;

    assert_ok(bp_case_add(fx.s, &k));
    assert_true(k.id > 0);
    assert_ok(bp_case_orgs(fx.s, &fx.a, k.id, &orgs, &asked, &n));
    assert_int_equal(n,
                     1); /* the initiating organisation takes part from the start, asked by the initiator */
    assert_int_equal(orgs[0], org);
    assert_true(asked[0]);
    assert_ok(bp_case_org_ask_get(fx.s, &fx.a, k.id, org, &ask));
    assert_int_equal(ask.at, T0 + 100);

    assert_ok(bp_case_get(fx.s, &fx.a, k.id, &got));
    assert_int_equal(got.id, k.id);
    assert_int_equal(got.child_id, child);
    assert_int_equal(got.model, BP_MODEL_KRONOBERG);
    assert_string_equal(got.plan_kind, "child_plan");
    assert_int_equal(got.status, BP_CASE_OPEN);
    assert_int_equal(got.initiating_org_id, org);
    assert_int_equal(got.initiator_user_id, user);
    assert_string_equal(got.noticed_on, "2024-02-29");
    assert_int_equal(got.route, BP_ROUTE_KRONOBERG_OTHER_ORG);
    assert_int_equal(got.requested_by, BP_REQ_GUARDIAN);
    assert_int_equal(got.triggers, (1u << 0) | (1u << 12));
    assert_string_equal(got.reason, "Oro för närvaro");
    assert_int_equal(got.created_at, T0 + 100);
    assert_string_equal(got.child_name, "Nils Holgersson");
    assert_string_equal(got.initiating_org_name, "Förskolan Lärkan");
    assert_ok(bp_user_get(fx.s, &fx.a, user, &u));
    assert_string_equal(got.initiator_name, u.display_name);
    assert_err(bp_case_get(fx.s, &fx.a, 999999999, &got), BP_ERR_NOT_FOUND);

    /* V-2.6: asked to take part; a withdrawal un-asks (it stays among those taking part); asked again */
    assert_ok(bp_case_org_ask(fx.s, k.id, bvc, user, T0 + 200));
    assert_err(bp_case_org_ask(fx.s, k.id, 999999999, user, T0 + 200), BP_ERR_NOT_FOUND);
    assert_ok(bp_case_orgs(fx.s, &fx.a, k.id, &orgs, &asked, &n));
    assert_int_equal(n, 2);
    assert_true((orgs[0] == org && orgs[1] == bvc) || (orgs[0] == bvc && orgs[1] == org));
    assert_true(asked[0] && asked[1]);
    assert_ok(bp_case_org_ask_get(fx.s, &fx.a, k.id, bvc, &ask));
    assert_int_equal(ask.at, T0 + 200);
    assert_string_equal(ask.by_name, u.display_name);
    assert_ok(bp_case_org_unask(fx.s, k.id, bvc));
    assert_err(bp_case_org_ask_get(fx.s, &fx.a, k.id, bvc, &ask), BP_ERR_NOT_FOUND);
    assert_ok(bp_case_orgs(fx.s, &fx.a, k.id, &orgs, NULL, &n));
    assert_int_equal(n, 2);
    /* the same with names, by id, in one statement (the case page's access read, issue 12 item 2) */
    {
        struct bp_org *named;
        size_t i, lo = org < bvc ? 0 : 1;
        assert_ok(bp_case_orgs_named(fx.s, &fx.a, k.id, &named, &asked, &n));
        assert_int_equal(n, 2);
        assert_int_equal(named[lo].id, org);
        assert_string_equal(named[lo].name, "Förskolan Lärkan");
        assert_true(asked[lo]);
        assert_int_equal(named[1 - lo].id, bvc);
        assert_false(asked[1 - lo]); /* un-asked, still taking part */
        for (i = 0; i < n; i++)
            assert_true(named[i].name[0] != '\0' && named[i].municipality != NULL);
        assert_ok(bp_case_orgs_named(fx.s, &fx.a, 999999999, &named, &asked, &n));
        assert_int_equal(n, 0);
    }
    assert_ok(bp_case_org_ask(fx.s, k.id, bvc, user, T0 + 300));
    assert_ok(bp_case_org_ask_get(fx.s, &fx.a, k.id, bvc, &ask));
    assert_int_equal(ask.at, T0 + 300);
    assert_err(bp_case_orgs(fx.s, &fx.a, 999999999, &orgs, NULL, &n), BP_ERR_NOT_FOUND);

    bad = k;
    bad.id = 0;
    bad.triggers = 1u << BP_TRIGGER_COUNT;
    assert_err(bp_case_add(fx.s, &bad), BP_ERR_INVALID);
    bad.triggers = 0;
    bad.route = BP_ROUTE_COUNT;
    assert_err(bp_case_add(fx.s, &bad), BP_ERR_INVALID);
    bad.route = BP_ROUTE_HLT;
    bad.child_id = 999999999;
    assert_err(bp_case_add(fx.s, &bad), BP_ERR_NOT_FOUND);
    assert_int_equal(bad.id, 0);
}

/* Issue 12 item 2: the list is first looked for among the newest cases (a window of at least 1000); the
 * page must be the whole list's page whether the window holds it (a large organisation), holds part of it
 * (one case in 50) or none of it (only old cases), and past the window's reach (a deep page). */
static void test_case_list_window(void **state)
{
    enum { N = 1200 };
    int64_t w = add_org("Window big", BP_ORG_SCHOOL), sm = add_org("Window old", BP_ORG_SCHOOL);
    int64_t v = add_org("Window sparse", BP_ORG_SOCIAL_SERVICES);
    int64_t uw = add_user("window-w", false), us = add_user("window-s", false),
            uv = add_user("window-v", false);
    int64_t child = add_child("Vera", "Fönster");
    int64_t ids[N];
    struct bp_case *list;
    size_t n, i, k;
    (void)state;
    assert_ok(bp_membership_add(fx.s, uw, w, BP_ROLE_PROFESSIONAL));
    assert_ok(bp_membership_add(fx.s, us, sm, BP_ROLE_PROFESSIONAL));
    assert_ok(bp_membership_add(fx.s, uv, v, BP_ROLE_PROFESSIONAL));
    assert_ok(bp_store_begin(fx.s));
    for (i = 0; i < N; i++) { /* two cases a second: the later id first among equals */
        ids[i] = add_case(child, i < 5 ? sm : w, i < 5 ? us : uw, T0 + (int64_t)(i / 2), BP_CASE_OPEN);
        if (i % 50 == 7)
            assert_ok(bp_case_org_ask(fx.s, ids[i], v, uw, T0));
    }
    assert_ok(bp_store_commit(fx.s));

    /* the window (1000 cases for a page of 20 or 25) holds the page */
    assert_ok(bp_case_list_for_user(fx.s, &fx.a, uw, TODAY, BP_CASE_OPEN, 20, 0, &list, &n));
    assert_int_equal(n, 20);
    for (i = 0; i < n; i++)
        assert_int_equal(list[i].id, ids[N - 1 - i]);
    assert_ok(bp_case_list_for_user(fx.s, &fx.a, uw, TODAY, -1, 50, 450, &list, &n));
    assert_int_equal(n, 50);
    for (i = 0; i < n; i++)
        assert_int_equal(list[i].id, ids[N - 1 - 450 - i]);
    /* past its reach, and the last page of the big organisation's (1195 cases) */
    assert_ok(bp_case_list_for_user(fx.s, &fx.a, uw, TODAY, -1, 50, 1180, &list, &n));
    assert_int_equal(n, 15);
    for (i = 0; i < n; i++)
        assert_int_equal(list[i].id, ids[N - 1 - 1180 - i]);
    /* none of it: the five oldest cases */
    assert_ok(bp_case_list_for_user(fx.s, &fx.a, us, TODAY, BP_CASE_OPEN, 20, 0, &list, &n));
    assert_int_equal(n, 5);
    for (i = 0; i < n; i++)
        assert_int_equal(list[i].id, ids[4 - i]);
    /* part of it (20 of 24): one case in 50, asked to take part (V-2.6) */
    assert_ok(bp_case_list_for_user(fx.s, &fx.a, uv, TODAY, BP_CASE_OPEN, 25, 0, &list, &n));
    assert_int_equal(n, N / 50);
    for (k = 0, i = N; i-- > 0;)
        if (i % 50 == 7)
            assert_int_equal(list[k++].id, ids[i]);
    assert_int_equal(k, n);
}

/* Issue 12 item 2: each bp_*_many gives, for every id asked, what its one-id function gives, in the same
 * order: three cases (two of one child, one with nothing), an id of no case, ids given out of order. */
#define SAME_LIST(many, nmany, one, none, field)                                                             \
    do {                                                                                                     \
        size_t j_;                                                                                           \
        assert_int_equal((nmany), (none));                                                                   \
        for (j_ = 0; j_ < (none); j_++)                                                                      \
            assert_int_equal((many)[j_] field, (one)[j_] field);                                             \
    } while (0)

static void test_batch_reads(void **state)
{
    int64_t school = add_org("Batch-skolan", BP_ORG_SCHOOL),
            social = add_org("Batch-soc", BP_ORG_SOCIAL_SERVICES);
    int64_t user = add_user("batch", false), child = add_child("Bo", "Batch");
    int64_t c1 = add_case(child, school, user, T0, BP_CASE_OPEN),
            c2 = add_case(child, social, user, T0 + 1, BP_CASE_OPEN);
    int64_t c3 = add_case(add_child("Ann", "Batch"), school, user, T0 + 2, BP_CASE_OPEN);
    int64_t ids[] = {c3, c1, 424242, c2}, mids[4], m;
    enum { N = BP_ARRAY_LEN(ids) };
    struct bp_guardian g1 = {.child_id = child, .name = "Gun", .custody = BP_CUSTODY_JOINT},
                       g2 = {.child_id = child, .name = "Ake", .custody = BP_CUSTODY_JOINT};
    struct bp_case *cs[N];
    int64_t *orgs[N];
    bool *asked[N];
    struct bp_guardian *gs[N];
    struct bp_consent *ks[N];
    struct bp_child_prep_record *cps[N], cp;
    struct bp_guardian_prep_record *gps[N], gp;
    struct bp_meeting *ms[N];
    struct bp_invitee *invs[N];
    struct bp_absence_decision *ads[N];
    struct bp_followup *fus[N], fu = {.next_minute = -1, .updated_at = T0};
    struct bp_plan *ps[N], p;
    struct bp_pending_decision *ds[N],
        d = {.what = "Beslut", .decider_name = "Chefen", .status = BP_DECISION_PENDING};
    struct bp_plan_event *evs[N], ev = {.what = "Flytt", .happened_on = TODAY, .created_at = T0};
    size_t n[N], i, k;
    (void)state;

    assert_ok(bp_guardian_add(fx.s, &g2));
    assert_ok(bp_guardian_add(fx.s, &g1));
    assert_ok(bp_case_org_ask(fx.s, c1, social, user, T0));
    add_consent(c1, social, user, (struct bp_date){2026, 11, 2}, (struct bp_date){0});
    add_consent(c1, school, user, (struct bp_date){2026, 11, 1}, (struct bp_date){0});
    add_consent(c2, social, user, (struct bp_date){2026, 11, 1}, (struct bp_date){0});
    for (i = 0; i < 3; i++) { /* c1's meetings: the latest first in time, last in id */
        struct bp_meeting mt = {.case_id = c1,
                                .kind = i == 1 ? BP_MEETING_FOLLOWUP : BP_MEETING_PLAN,
                                .status = BP_MEETING_PLANNED,
                                .starts_at = T0 + 86400 * (int64_t)(3 - i),
                                .ends_at = T0 + 86400 * (int64_t)(3 - i) + 3600,
                                .date = {2026, 12, (int)(3 - i)},
                                .start_minute = 600,
                                .end_minute = 660,
                                .place = "Rummet",
                                .setting = BP_SETTING_PHYSICAL,
                                .purpose = "Planen",
                                .called_by_user = user,
                                .called_by_org = school,
                                .chair_user_id = user};
        struct bp_invitee v1 = {.kind = BP_INVITEE_GUARDIAN, .guardian_id = g1.id, .name = "Gun"},
                          v2 = {.kind = BP_INVITEE_PROFESSIONAL,
                                .org_id = social,
                                .user_id = user,
                                .name = "Soc"};
        struct bp_absence_decision ad = {
            .outcome = BP_ABSENCE_HOLD, .decided_on = {2026, 11, 20}, .note = "", .decided_by = user};
        assert_ok(bp_meeting_add(fx.s, &mt, T0));
        mids[i] = v1.meeting_id = v2.meeting_id = ad.meeting_id = mt.id;
        if (i == 2)
            continue;
        assert_ok(bp_invitee_add(fx.s, &v2));
        assert_ok(bp_invitee_add(fx.s, &v1));
        ad.invitee_id = v2.id;
        assert_ok(bp_absence_decision_add(fx.s, &ad, T0));
    }
    mids[3] = 434343;
    for (m = 0; m <= 1; m++) { /* preparations of the coming meeting and of the first one */
        memset(&cp, 0, sizeof(cp));
        cp.p = (struct bp_child_prep){.case_id = c1,
                                      .meeting_id = m ? mids[0] : 0,
                                      .participation = BP_PART_WHOLE,
                                      .setting = BP_SETTING_PHYSICAL,
                                      .support_kind = BP_SUPPORT_INITIATOR,
                                      .prepared_by = user};
        cp.created_at = cp.updated_at = T0;
        assert_ok(bp_child_prep_save(fx.s, &cp));
        memset(&gp, 0, sizeof(gp));
        gp.p = (struct bp_guardian_prep){
            .case_id = c1, .meeting_id = m ? mids[0] : 0, .guardian_id = g1.id, .prepared_by = user};
        gp.created_at = gp.updated_at = T0;
        assert_ok(bp_guardian_prep_save(fx.s, &gp));
        gp.p.id = 0;
        gp.p.guardian_id = g2.id;
        assert_ok(bp_guardian_prep_save(fx.s, &gp));
    }
    for (i = 1; i <= 2; i++) { /* c1's plan in two versions, c2's in one */
        p = (struct bp_plan){.case_id = c1,
                             .version = (int)i,
                             .status = BP_PLAN_DRAFT,
                             .kind = "sip_child_plan",
                             .followup_minute = -1};
        p.coordinator_orgs[p.n_coordinator_orgs++] = i == 2 ? social : school;
        if (i == 2)
            p.coordinator_orgs[p.n_coordinator_orgs++] = school;
        assert_ok(bp_plan_add(fx.s, &p, T0));
    }
    fu.case_id = c1;
    fu.meeting_id = mids[1];
    fu.plan_id = p.id;
    fu.updated_by = user;
    assert_ok(bp_followup_save(fx.s, &fu));
    p = (struct bp_plan){.case_id = c2,
                         .version = 1,
                         .status = BP_PLAN_DRAFT,
                         .kind = "sip_child_plan",
                         .followup_minute = -1};
    assert_ok(bp_plan_add(fx.s, &p, T0));
    for (i = 0; i < 3; i++) {
        d.id = 0;
        d.case_id = i == 2 ? c2 : c1;
        d.org_id = social;
        assert_ok(bp_decision_add(fx.s, &d, T0));
        ev.id = 0;
        ev.case_id = i == 2 ? c2 : c1;
        ev.org_id = social;
        ev.reported_by = user;
        ev.decision = BP_EVENT_UNDECIDED;
        assert_ok(bp_plan_event_add(fx.s, &ev));
    }
    ev.decision = BP_EVENT_BOOKED_ENOUGH; /* the last of c1's decided: no longer listed */
    ev.case_id = c2;
    ev.decided_by = user;
    ev.decided_on = TODAY;
    assert_ok(bp_plan_event_decide(fx.s, &ev));

    assert_ok(bp_case_get_many(fx.s, &fx.a, ids, N, cs, n));
    for (i = 0; i < N; i++) {
        struct bp_case one;
        enum bp_err rc = bp_case_get(fx.s, &fx.a, ids[i], &one);
        assert_int_equal(n[i], rc == BP_OK ? 1 : 0);
        if (n[i]) {
            assert_int_equal(cs[i]->id, one.id);
            assert_int_equal(cs[i]->child_id, one.child_id);
            assert_int_equal(cs[i]->created_at, one.created_at);
            assert_string_equal(cs[i]->child_name, one.child_name);
            assert_string_equal(cs[i]->initiator_name, one.initiator_name);
        }
    }
    assert_ok(bp_case_orgs_many(fx.s, &fx.a, ids, N, orgs, asked, n));
    for (i = 0; i < N; i++) {
        int64_t *o = NULL;
        bool *a = NULL;
        size_t no = 0;
        if (ids[i] != 424242)
            assert_ok(bp_case_orgs(fx.s, &fx.a, ids[i], &o, &a, &no));
        SAME_LIST(orgs[i], n[i], o, no, );
        SAME_LIST(asked[i], n[i], a, no, );
    }
    assert_int_equal(n[1], 2);
    assert_ok(bp_guardian_list_for_cases(fx.s, &fx.a, ids, N, gs, n));
    for (i = 0; i < N; i++) {
        struct bp_guardian *one = NULL;
        size_t none = 0;
        if (ids[i] != 424242)
            assert_ok(bp_guardian_list(fx.s, &fx.a, i == 0 ? cs[0]->child_id : child, &one, &none));
        SAME_LIST(gs[i], n[i], one, none, .id);
    }
    assert_int_equal(n[3], 2);
    assert_ok(bp_consent_list_many(fx.s, &fx.a, ids, N, ks, n));
    for (i = 0; i < N; i++) {
        struct bp_consent *one;
        size_t none;
        assert_ok(bp_consent_list(fx.s, &fx.a, ids[i], &one, &none));
        SAME_LIST(ks[i], n[i], one, none, .id);
        for (k = 0; k < none; k++)
            assert_string_equal(ks[i][k].org_name, one[k].org_name);
    }
    assert_int_equal(n[1], 2);
    assert_ok(bp_child_prep_get_many(fx.s, &fx.a, ids, N, cps, n));
    for (i = 0; i < N; i++) {
        enum bp_err rc = bp_child_prep_get(fx.s, &fx.a, ids[i], 0, &cp);
        assert_int_equal(n[i], rc == BP_OK ? 1 : 0);
        if (n[i])
            assert_int_equal(cps[i]->p.id, cp.p.id);
    }
    assert_int_equal(n[1], 1);
    assert_ok(bp_guardian_prep_list_many(fx.s, &fx.a, ids, N, gps, n));
    for (i = 0; i < N; i++) {
        struct bp_guardian_prep_record *one;
        size_t none;
        assert_ok(bp_guardian_prep_list(fx.s, &fx.a, ids[i], 0, &one, &none));
        SAME_LIST(gps[i], n[i], one, none, .p.id);
    }
    assert_int_equal(n[1], 2);
    assert_ok(bp_meeting_list_many(fx.s, &fx.a, ids, N, ms, n));
    for (i = 0; i < N; i++) {
        struct bp_meeting *one;
        size_t none;
        assert_ok(bp_meeting_list(fx.s, &fx.a, ids[i], &one, &none));
        SAME_LIST(ms[i], n[i], one, none, .id);
    }
    assert_int_equal(n[1], 3);
    assert_int_equal(ms[1][0].id, mids[2]);
    assert_ok(bp_invitee_list_many(fx.s, &fx.a, mids, 4, invs, n));
    for (i = 0; i < 4; i++) {
        struct bp_invitee *one;
        size_t none;
        assert_ok(bp_invitee_list(fx.s, &fx.a, mids[i], &one, &none));
        SAME_LIST(invs[i], n[i], one, none, .id);
        SAME_LIST(invs[i], n[i], one, none, .kind);
    }
    assert_int_equal(n[0], 2);
    assert_ok(bp_absence_decision_list_many(fx.s, &fx.a, mids, 4, ads, n));
    for (i = 0; i < 4; i++) {
        struct bp_absence_decision *one;
        size_t none;
        assert_ok(bp_absence_decision_list(fx.s, &fx.a, mids[i], &one, &none));
        SAME_LIST(ads[i], n[i], one, none, .id);
    }
    assert_int_equal(n[1], 1);
    assert_ok(bp_followup_list_many(fx.s, &fx.a, ids, N, fus, n));
    for (i = 0; i < N; i++) {
        struct bp_followup *one;
        size_t none;
        assert_ok(bp_followup_list(fx.s, &fx.a, ids[i], &one, &none));
        SAME_LIST(fus[i], n[i], one, none, .id);
    }
    assert_int_equal(n[1], 1);
    assert_ok(bp_plan_current_many(fx.s, &fx.a, ids, N, ps, n));
    for (i = 0; i < N; i++) {
        enum bp_err rc = bp_plan_current(fx.s, &fx.a, ids[i], &p);
        assert_int_equal(n[i], rc == BP_OK ? 1 : 0);
        if (!n[i])
            continue;
        assert_int_equal(ps[i]->id, p.id);
        assert_int_equal(ps[i]->version, p.version);
        SAME_LIST(ps[i]->coordinator_orgs, ps[i]->n_coordinator_orgs, p.coordinator_orgs,
                  p.n_coordinator_orgs, );
    }
    assert_int_equal(ps[1]->version, 2);
    assert_int_equal(ps[1]->n_coordinator_orgs, 2);
    assert_ok(bp_decision_list_many(fx.s, &fx.a, ids, N, ds, n));
    for (i = 0; i < N; i++) {
        struct bp_pending_decision *one;
        size_t none;
        assert_ok(bp_decision_list(fx.s, &fx.a, ids[i], &one, &none));
        SAME_LIST(ds[i], n[i], one, none, .id);
    }
    assert_int_equal(n[1], 2);
    assert_ok(bp_plan_event_undecided_many(fx.s, &fx.a, ids, N, evs, n));
    for (i = 0; i < N; i++) {
        struct bp_plan_event *one;
        size_t none;
        assert_ok(bp_plan_event_list(fx.s, &fx.a, ids[i], true, &one, &none));
        SAME_LIST(evs[i], n[i], one, none, .id);
    }
    assert_int_equal(n[1], 2);
    assert_int_equal(n[3], 0);
    assert_ok(bp_plan_event_undecided_many(fx.s, &fx.a, ids, 0, evs, n)); /* none asked: no query */
}

static void test_case_list_for_user(void **state)
{
    int64_t a = add_org("List A", BP_ORG_SCHOOL), b = add_org("List B", BP_ORG_STUDENT_HEALTH);
    int64_t c = add_org("List C", BP_ORG_HABILITATION);
    int64_t u1 = add_user("list-a", false), u2 = add_user("list-c", false), u3 = add_user("list-ab", false);
    int64_t u4 = add_user("list-none", false);
    int64_t child = add_child("Saga", "Lind");
    int64_t c1, c2, c3, c4, c5;
    struct bp_case *list;
    size_t n;

    assert_ok(bp_membership_add(fx.s, u1, a, BP_ROLE_PROFESSIONAL));
    assert_ok(bp_membership_add(fx.s, u2, c, BP_ROLE_PROFESSIONAL));
    assert_ok(bp_membership_add(fx.s, u3, a, BP_ROLE_PROFESSIONAL));
    assert_ok(bp_membership_add(fx.s, u3, b, BP_ROLE_MANAGER));
    c1 = add_case(child, a, u1, T0 + 100, BP_CASE_OPEN);
    c2 = add_case(child, b, u3, T0 + 200, BP_CASE_OPEN);
    assert_ok(
        bp_case_org_ask(fx.s, c2, a, u3, T0 + 200)); /* A joins B's case, under its own consent (V-2.6) */
    add_consent(c2, a, u3, (struct bp_date){2026, 11, 1}, (struct bp_date){0});
    c3 = add_case(child, b, u3, T0 + 300, BP_CASE_OPEN);
    c4 = add_case(child, a, u1, T0 + 400, BP_CASE_CLOSED);
    c5 = add_case(child, a, u1, T0 + 400, BP_CASE_OPEN); /* same time as c4: the later id first */

    assert_ok(bp_case_list_for_user(fx.s, &fx.a, u1, TODAY, -1, 0, 0, &list, &n));
    assert_int_equal(n, 4);
    assert_int_equal(list[0].id, c5);
    assert_int_equal(list[1].id, c4);
    assert_int_equal(list[2].id, c2);
    assert_int_equal(list[3].id, c1);
    assert_string_equal(list[0].child_name, "Saga Lind");
    assert_string_equal(list[0].initiating_org_name, "List A");
    assert_string_equal(list[2].initiating_org_name, "List B");
    assert_int_equal(list[2].triggers, 0x5);
    assert_int_equal(list[1].status, BP_CASE_CLOSED);

    assert_ok(bp_case_list_for_user(fx.s, &fx.a, u1, TODAY, BP_CASE_OPEN, 0, 0, &list, &n));
    assert_int_equal(n, 3);
    assert_int_equal(list[0].id, c5);
    assert_int_equal(list[1].id, c2);
    assert_int_equal(list[2].id, c1);
    assert_ok(bp_case_list_for_user(fx.s, &fx.a, u1, TODAY, BP_CASE_CLOSED, 0, 0, &list, &n));
    assert_int_equal(n, 1);
    assert_int_equal(list[0].id, c4);

    /* Visible only through a membership. */
    assert_ok(bp_case_list_for_user(fx.s, &fx.a, u2, TODAY, -1, 0, 0, &list, &n));
    assert_int_equal(n, 0);
    assert_null(list);
    assert_ok(bp_case_list_for_user(fx.s, &fx.a, u4, TODAY, -1, 0, 0, &list, &n));
    assert_int_equal(n, 0);

    /* In two of the user's organisations, a case is still listed once. */
    assert_ok(bp_case_list_for_user(fx.s, &fx.a, u3, TODAY, -1, 0, 0, &list, &n));
    assert_int_equal(n, 5);
    assert_int_equal(list[0].id, c5);
    assert_int_equal(list[1].id, c4);
    assert_int_equal(list[2].id, c3);
    assert_int_equal(list[3].id, c2);
    assert_int_equal(list[4].id, c1);

    /* Pages */
    assert_ok(bp_case_list_for_user(fx.s, &fx.a, u3, TODAY, -1, 2, 0, &list, &n));
    assert_int_equal(n, 2);
    assert_int_equal(list[0].id, c5);
    assert_int_equal(list[1].id, c4);
    assert_ok(bp_case_list_for_user(fx.s, &fx.a, u3, TODAY, -1, 2, 2, &list, &n));
    assert_int_equal(n, 2);
    assert_int_equal(list[0].id, c3);
    assert_int_equal(list[1].id, c2);
    assert_ok(bp_case_list_for_user(fx.s, &fx.a, u3, TODAY, -1, 2, 4, &list, &n));
    assert_int_equal(n, 1);
    assert_int_equal(list[0].id, c1);
    assert_ok(bp_case_list_for_user(fx.s, &fx.a, u3, TODAY, -1, 2, 10, &list, &n));
    assert_int_equal(n, 0);
    assert_err(bp_case_list_for_user(fx.s, &fx.a, u3, TODAY, -1, BP_MAX_PAGE_ROWS + 1, 0, &list, &n),
               BP_ERR_TOO_LARGE);
    assert_err(bp_case_list_for_user(fx.s, &fx.a, u3, TODAY, BP_CASE_STATUS_COUNT, 0, 0, &list, &n),
               BP_ERR_INVALID);
}

/* V-2.6, V-2.8: the ledger keeps every row; a withdrawal or a change moves an active row on once. */
static void test_consent_ledger(void **state)
{
    int64_t school = add_org("Samtyckesskolan", BP_ORG_SCHOOL),
            bup = add_org("BUP Test", BP_ORG_CHILD_PSYCHIATRY);
    int64_t user = add_user("samtycke", false);
    int64_t child = add_child("Nils", "Berg");
    int64_t k = add_case(child, school, user, T0, BP_CASE_OPEN);
    struct bp_guardian g1 = {.child_id = child, .name = "Mona Berg", .custody = BP_CUSTODY_JOINT};
    struct bp_guardian g2 = {.child_id = child, .name = "Per Berg", .custody = BP_CUSTODY_JOINT};
    struct bp_consent c, got, *list;
    size_t n;
    int64_t c1, c2;

    assert_ok(bp_guardian_add(fx.s, &g1));
    assert_ok(bp_guardian_add(fx.s, &g2));
    c = (struct bp_consent){.case_id = k,
                            .org_id = bup,
                            .giver = BP_CONSENT_BY_GUARDIANS,
                            .guardian_ids = {g1.id, g2.id},
                            .n_guardians = 2,
                            .child_view = "Vill att BUP och skolan pratar",
                            .maturity_note = "Tolv år",
                            .scope = "Skolans bedömning, till BUP",
                            .covers_preparation = false,
                            .form = BP_FORM_HLT_VASTERBOTTEN,
                            .given_on = {2026, 11, 2},
                            .has_renewal = true,
                            .renew_on = {2027, 11, 2},
                            .obtained_by = user,
                            .created_at = T0};
    assert_ok(bp_consent_add(fx.s, &c));
    c1 = c.id;
    assert_ok(bp_consent_get(fx.s, &fx.a, c1, &got));
    assert_int_equal(got.case_id, k);
    assert_int_equal(got.org_id, bup);
    assert_string_equal(got.org_name, "BUP Test");
    assert_string_equal(got.obtained_by_name, bp_arena_printf(&fx.a, "Name of samtycke-%d", fx.unique));
    assert_int_equal(got.giver, BP_CONSENT_BY_GUARDIANS);
    assert_int_equal(got.n_guardians, 2);
    assert_int_equal(got.guardian_ids[0], g1.id);
    assert_int_equal(got.guardian_ids[1], g2.id);
    assert_string_equal(got.scope, "Skolans bedömning, till BUP");
    assert_string_equal(got.maturity_note, "Tolv år");
    assert_false(got.covers_preparation);
    assert_int_equal(got.form, BP_FORM_HLT_VASTERBOTTEN);
    assert_int_equal(got.given_on.d, 2);
    assert_true(got.has_renewal);
    assert_int_equal(got.renew_on.y, 2027);
    assert_int_equal(got.status, BP_CONSENT_ACTIVE);
    assert_err(bp_consent_get(fx.s, &fx.a, 999999999, &got), BP_ERR_NOT_FOUND);

    /* a change: the new row replaces the active one, once */
    c2 = add_consent(k, bup, user, (struct bp_date){2026, 11, 10}, (struct bp_date){0});
    assert_ok(bp_consent_replace(fx.s, c1, c2, user));
    assert_err(bp_consent_replace(fx.s, c1, c2, user), BP_ERR_CONFLICT);
    assert_err(bp_consent_replace(fx.s, 999999999, c2, user), BP_ERR_NOT_FOUND);
    assert_ok(bp_consent_get(fx.s, &fx.a, c1, &got));
    assert_int_equal(got.status, BP_CONSENT_REPLACED);
    assert_int_equal(got.replaced_by, c2);
    assert_int_equal(got.ended_by_user, user);

    /* a withdrawal, once */
    assert_ok(bp_consent_get(fx.s, &fx.a, c2, &got));
    got.withdrawn_on = (struct bp_date){2026, 11, 20};
    got.withdrawn_by = BP_WITHDRAWN_BY_CHILD;
    got.withdrawal_note = "Barnet vill inte längre";
    got.ended_by_user = user;
    assert_ok(bp_consent_withdraw(fx.s, &got));
    assert_err(bp_consent_withdraw(fx.s, &got), BP_ERR_CONFLICT);
    assert_ok(bp_consent_get(fx.s, &fx.a, c2, &got));
    assert_int_equal(got.status, BP_CONSENT_WITHDRAWN);
    assert_int_equal(got.withdrawn_by, BP_WITHDRAWN_BY_CHILD);
    assert_int_equal(got.withdrawn_on.d, 20);
    assert_string_equal(got.withdrawal_note, "Barnet vill inte längre");

    /* the ledger is history: both rows, oldest first */
    assert_ok(bp_consent_list(fx.s, &fx.a, k, &list, &n));
    assert_int_equal(n, 2);
    assert_int_equal(list[0].id, c1);
    assert_int_equal(list[1].id, c2);
    assert_ok(bp_consent_list(fx.s, &fx.a, 999999999, &list, &n));
    assert_int_equal(n, 0);

    /* rows name real cases, organisations and users */
    c.id = 0;
    c.org_id = 999999999;
    assert_err(bp_consent_add(fx.s, &c), BP_ERR_NOT_FOUND);
    c.org_id = bup;
    c.form = BP_CONSENT_FORM_COUNT;
    assert_err(bp_consent_add(fx.s, &c), BP_ERR_INVALID);
}

/* ---- consent scans (migration 006; V-2.5, K-2.1) ---- */

/* The scanned paper form of a consent: the bytes come back exactly (NUL, high bytes, a large file), one
 * current scan per consent, a new one supersedes the old and both rows stay; nothing deletes a row. */
static void test_consent_scans(void **state)
{
    int64_t school = add_org("Skanningsskolan", BP_ORG_SCHOOL);
    int64_t user = add_user("skanner", false);
    int64_t child = add_child("Stina", "Skanner");
    int64_t k = add_case(child, school, user, T0, BP_CASE_OPEN);
    int64_t c1 = add_consent(k, school, user, (struct bp_date){2026, 11, 2}, (struct bp_date){0});
    int64_t c2 = add_consent(k, school, user, (struct bp_date){2026, 11, 3}, (struct bp_date){0});
    static const unsigned char pdf[] = "%PDF-1.4\n\x00\x01\xff\xfe binary \r\n%%EOF\n";
    size_t big_n = 3 * 1024 * 1024 + 7, i, n;
    unsigned char *big = bp_arena_alloc(&fx.a, big_n);
    struct bp_consent_scan sc, got, *list;
    struct bp_conn *c = NULL;
    const struct bp_driver *drv;
    int64_t first;

    assert_err(bp_consent_scan_get(fx.s, &fx.a, c1, &got), BP_ERR_NOT_FOUND);
    sc = (struct bp_consent_scan){.consent_id = c1,
                                  .file_name = "Samtycke Åsa.pdf",
                                  .content_type = "application/pdf",
                                  .size = sizeof(pdf) - 1,
                                  .data = pdf,
                                  .uploaded_by = user,
                                  .uploaded_at = T0};
    assert_ok(bp_consent_scan_add(fx.s, &sc));
    assert_true(sc.id > 0);
    first = sc.id;
    assert_ok(bp_consent_scan_get(fx.s, &fx.a, c1, &got));
    assert_int_equal(got.id, first);
    assert_int_equal(got.consent_id, c1);
    assert_string_equal(got.file_name, "Samtycke Åsa.pdf");
    assert_string_equal(got.content_type, "application/pdf");
    assert_int_equal(got.size, sizeof(pdf) - 1);
    assert_memory_equal(got.data, pdf, sizeof(pdf) - 1);
    assert_int_equal(got.uploaded_by, user);
    assert_string_equal(got.uploaded_by_name, bp_arena_printf(&fx.a, "Name of skanner-%d", fx.unique));
    assert_int_equal(got.uploaded_at, T0);
    assert_int_equal(got.superseded_at, 0);

    /* a new scan supersedes the old one; a large one round-trips byte for byte */
    for (i = 0; i < big_n; i++)
        big[i] = (unsigned char)(i * 7 + i / 251);
    big[0] = 0x89;
    sc = (struct bp_consent_scan){.consent_id = c1,
                                  .file_name = "skan.png",
                                  .content_type = "image/png",
                                  .size = big_n,
                                  .data = big,
                                  .uploaded_by = user,
                                  .uploaded_at = T0 + 60};
    assert_ok(bp_consent_scan_add(fx.s, &sc));
    assert_ok(bp_consent_scan_get(fx.s, &fx.a, c1, &got));
    assert_int_equal(got.id, sc.id);
    assert_int_equal(got.size, big_n);
    assert_memory_equal(got.data, big, big_n);
    assert_ok(bp_consent_scan_history(fx.s, &fx.a, c1, &list, &n));
    assert_int_equal(n, 2);
    assert_int_equal(list[0].id, sc.id);
    assert_int_equal(list[0].superseded_at, 0);
    assert_int_equal(list[1].id, first);
    assert_int_equal(list[1].superseded_at, T0 + 60);
    assert_null(list[0].data);

    /* the case's list: the current scan of each consent that has one, without bytes */
    sc = (struct bp_consent_scan){.consent_id = c2,
                                  .file_name = "b.jpg",
                                  .content_type = "image/jpeg",
                                  .size = 3,
                                  .data = (const unsigned char *)"\xff\xd8\xff",
                                  .uploaded_by = user,
                                  .uploaded_at = T0 + 120};
    assert_ok(bp_consent_scan_add(fx.s, &sc));
    assert_ok(bp_consent_scan_list(fx.s, &fx.a, k, &list, &n));
    assert_int_equal(n, 2);
    assert_int_equal(list[0].consent_id, c1);
    assert_string_equal(list[0].content_type, "image/png");
    assert_int_equal(list[0].size, big_n);
    assert_int_equal(list[1].consent_id, c2);
    assert_null(list[1].data);
    assert_ok(bp_consent_scan_list(fx.s, &fx.a, 999999999, &list, &n));
    assert_int_equal(n, 0);

    /* refused: no bytes, over the limit, a type that is none of ours, a consent that does not exist */
    sc.size = 0;
    assert_err(bp_consent_scan_add(fx.s, &sc), BP_ERR_INVALID);
    sc.size = (size_t)BP_MAX_SCAN_BYTES + 1;
    assert_err(bp_consent_scan_add(fx.s, &sc), BP_ERR_INVALID);
    sc.size = 3;
    sc.content_type = "text/html";
    assert_err(bp_consent_scan_add(fx.s, &sc), BP_ERR_INVALID);
    sc.content_type = "image/jpeg";
    sc.consent_id = 999999999;
    assert_err(bp_consent_scan_add(fx.s, &sc), BP_ERR_NOT_FOUND);
    assert_ok(bp_consent_scan_get(fx.s, &fx.a, c2, &got)); /* the failed attempts changed nothing */
    assert_int_equal(got.size, 3);

    /* rows are never deleted */
    drv = raw_open(&c);
    if (drv->exec_script(c, "DELETE FROM consent_scans") == BP_OK)
        fail_msg("the database let through a DELETE on consent_scans");
    drv->close(c);
    assert_ok(bp_consent_scan_history(fx.s, &fx.a, c1, &list, &n));
    assert_int_equal(n, 2);
}

/* V-2.6: the list of cases applies the access rule of domain/access.c; checked against it for every
 * user on a set of cases with consents in force, withdrawn, lapsed, not yet given and missing. */
static void test_case_list_follows_access_rule(void **state)
{
    int64_t a = add_org("Regel A", BP_ORG_SCHOOL), b = add_org("Regel B", BP_ORG_SOCIAL_SERVICES);
    int64_t ua = add_user("regel-a", false), ub = add_user("regel-b", false),
            uab = add_user("regel-ab", false);
    int64_t child = add_child("Ebba", "Holm");
    int64_t users[] = {ua, ub, uab};
    struct bp_consent w;
    int64_t cases[7];
    size_t i, j;

    assert_ok(bp_membership_add(fx.s, ua, a, BP_ROLE_PROFESSIONAL));
    assert_ok(bp_membership_add(fx.s, ub, b, BP_ROLE_PROFESSIONAL));
    assert_ok(bp_membership_add(fx.s, uab, a, BP_ROLE_PROFESSIONAL));
    assert_ok(bp_membership_add(fx.s, uab, b, BP_ROLE_PROFESSIONAL));
    for (i = 0; i < 7; i++) {
        cases[i] = add_case(child, a, ua, T0 + (int64_t)i, BP_CASE_OPEN);
        assert_ok(bp_case_org_ask(fx.s, cases[i], b, ua, T0 + (int64_t)i));
    }
    /* 0: B no longer asked, no consent; 1: B in force; 2: B withdrawn (which un-asks); 3: B lapsed
     * yesterday; 4: B from tomorrow; 5: B renewed until today; 6: B asked, no consent yet (V-2.6) */
    assert_ok(bp_case_org_unask(fx.s, cases[0], b));
    assert_ok(bp_case_org_unask(fx.s, cases[2], b));
    add_consent(cases[1], b, ua, (struct bp_date){2026, 11, 1}, (struct bp_date){0});
    assert_ok(bp_consent_get(
        fx.s, &fx.a, add_consent(cases[2], b, ua, (struct bp_date){2026, 11, 1}, (struct bp_date){0}), &w));
    w.withdrawn_on = (struct bp_date){2026, 11, 22};
    w.withdrawn_by = BP_WITHDRAWN_BY_GUARDIANS;
    w.ended_by_user = ua;
    assert_ok(bp_consent_withdraw(fx.s, &w));
    add_consent(cases[3], b, ua, (struct bp_date){2026, 1, 1}, (struct bp_date){2026, 11, 22});
    add_consent(cases[4], b, ua, (struct bp_date){2026, 11, 24}, (struct bp_date){0});
    add_consent(cases[5], b, ua, (struct bp_date){2026, 1, 1}, (struct bp_date){2026, 11, 23});

    for (i = 0; i < BP_ARRAY_LEN(users); i++) {
        struct bp_user u;
        struct bp_case *list;
        size_t n;
        assert_ok(bp_user_get(fx.s, &fx.a, users[i], &u));
        assert_ok(bp_case_list_for_user(fx.s, &fx.a, users[i], TODAY, -1, 0, 0, &list, &n));
        for (j = 0; j < 7; j++) {
            struct bp_consent *ledger;
            int64_t *orgs;
            bool *asked;
            size_t nl, no, k;
            bool listed = false;
            struct bp_case_access_facts f;
            struct bp_access_decision d;
            assert_ok(bp_consent_list(fx.s, &fx.a, cases[j], &ledger, &nl));
            assert_ok(bp_case_orgs(fx.s, &fx.a, cases[j], &orgs, &asked, &no));
            f = (struct bp_case_access_facts){orgs, no, a, ledger, nl, TODAY, asked};
            d = bp_access_case(&u, 0, &f);
            for (k = 0; k < n; k++)
                listed |= list[k].id == cases[j];
            if (listed != (d.access != BP_ACCESS_DENIED))
                fail_msg("user %zu case %zu: listed %d, access %d", i, j, listed, d.access);
        }
    }
    /* and the expected outcome for B alone: the cases with consent in force on TODAY, and those it is asked
     * to take part in (V-2.6: to record its own consent, renewal included) */
    {
        struct bp_case *list;
        size_t n;
        static const size_t want[] = {6, 5, 4, 3, 1};
        assert_ok(bp_case_list_for_user(fx.s, &fx.a, ub, TODAY, -1, 0, 0, &list, &n));
        assert_int_equal(n, BP_ARRAY_LEN(want));
        for (i = 0; i < BP_ARRAY_LEN(want); i++)
            assert_int_equal(list[i].id, cases[want[i]]);
    }
}

/* V-2.8: the people of a case, notifications and the outbox. */
/* X-1, X-2, X-3 (migration 016): the barnensbästa-ansvarig as a person. Naming a second one ends the first
 * (the history is kept, in order); at most one is current; the decision is recorded once; the current one
 * is read with the case; who may be one are the members of the organisations taking part; every BBA the
 * case has had is among the people involved (X-2), so they are told of the plan's main events. */
static void test_named_persons(void **state)
{
    int64_t bvc = add_org("BBA BVC", BP_ORG_CHILD_HEALTH), school = add_org("BBA Skola", BP_ORG_SCHOOL);
    int64_t outside = add_org("BBA utanför", BP_ORG_SCHOOL);
    int64_t initiator = add_user("bba-init", false), nurse = add_user("bba-nurse", false);
    int64_t principal = add_user("bba-principal", false), stranger = add_user("bba-no", false);
    int64_t k = add_case(add_child("Saga", "Ek"), bvc, initiator, T0, BP_CASE_OPEN);
    struct bp_named_person first = {.case_id = k,
                                    .user_id = nurse,
                                    .org_id = bvc,
                                    .suggested = true,
                                    .assigned_at = T0 + 10,
                                    .assigned_by = initiator};
    struct bp_named_person second = {.case_id = k,
                                     .user_id = principal,
                                     .org_id = school,
                                     .suggested = false,
                                     .assigned_at = T0 + 20,
                                     .assigned_by = nurse};
    struct bp_named_person *hist;
    struct bp_bba_candidate *cands;
    struct bp_user *people;
    struct bp_case kase;
    size_t n, i;
    bool nurse_involved = false;
    (void)state;

    assert_ok(bp_membership_add(fx.s, nurse, bvc, BP_ROLE_NAMED_PERSON));
    assert_ok(bp_membership_add(fx.s, principal, school, BP_ROLE_MANAGER));
    assert_ok(bp_membership_add(fx.s, stranger, outside, BP_ROLE_MANAGER));
    assert_ok(bp_case_org_ask(fx.s, k, school, 0, T0));
    add_consent(k, school, nurse, (struct bp_date){2026, 11, 1}, (struct bp_date){0});
    assert_ok(bp_case_org_ask(fx.s, k, outside, 0, T0)); /* V-2.6: only asked, no consent: not taking part */
    /* X-1: who may be BBA: the members of the organisations taking part, not the stranger's */
    assert_ok(bp_named_person_candidates(fx.s, &fx.a, k, &cands, &n));
    assert_int_equal(n, 2);
    assert_int_equal(cands[0].user_id, nurse); /* by organisation name: "BBA BVC" before "BBA Skola" */
    assert_int_equal(cands[0].org_kind, BP_ORG_CHILD_HEALTH);
    assert_int_equal(cands[0].role, BP_ROLE_NAMED_PERSON);
    assert_int_equal(cands[1].user_id, principal);
    assert_int_equal(cands[1].role, BP_ROLE_MANAGER);

    assert_ok(bp_case_get(fx.s, &fx.a, k, &kase));
    assert_int_equal(kase.named_person_user_id, 0); /* nobody named yet */
    assert_null(kase.named_person_decision);
    assert_ok(bp_named_person_add(fx.s, &first));
    assert_true(first.id > 0);
    assert_ok(bp_case_get(fx.s, &fx.a, k, &kase));
    assert_int_equal(kase.named_person_user_id, nurse);
    assert_int_equal(kase.named_person_org_id, bvc);
    assert_string_equal(kase.named_person_org_name, "BBA BVC");
    assert_int_equal(kase.named_person_assigned_at, T0 + 10);
    /* X-3: decided once, with who and when; a second decision finds no undecided row */
    assert_ok(bp_named_person_decide(fx.s, first.id, "collaborate", 0, T0 + 15, nurse));
    assert_err(bp_named_person_decide(fx.s, first.id, "own_org", 0, T0 + 16, nurse), BP_ERR_NOT_FOUND);
    /* the database refuses a decision it does not know, and a handover without its organisation */
    assert_ok(bp_named_person_add(fx.s, &second));
    assert_err(bp_named_person_decide(fx.s, second.id, "close", 0, T0 + 21, principal), BP_ERR_STORAGE);
    assert_err(bp_named_person_decide(fx.s, second.id, "hand_over", 0, T0 + 21, principal), BP_ERR_STORAGE);
    assert_ok(bp_named_person_decide(fx.s, second.id, "hand_over", bvc, T0 + 22, principal));
    /* X-1: the history is kept, in order; the first ended when the second was named */
    assert_ok(bp_named_person_list(fx.s, &fx.a, k, &hist, &n));
    assert_int_equal(n, 2);
    assert_int_equal(hist[0].user_id, nurse);
    assert_true(hist[0].suggested);
    assert_int_equal(hist[0].ended_at, T0 + 20);
    assert_string_equal(hist[0].decision, "collaborate");
    assert_int_equal(hist[0].decided_by, nurse);
    assert_int_equal(hist[0].decided_at, T0 + 15);
    assert_int_equal(hist[1].user_id, principal);
    assert_false(hist[1].suggested);
    assert_int_equal(hist[1].ended_at, 0);
    assert_string_equal(hist[1].decision, "hand_over");
    assert_int_equal(hist[1].decision_org_id, bvc);
    assert_string_equal(hist[1].decision_org_name, "BBA BVC");
    assert_string_equal(hist[1].assigned_by_name,
                        bp_arena_printf(&fx.a, "Name of bba-nurse-%d", fx.unique - 2));
    assert_ok(bp_case_get(fx.s, &fx.a, k, &kase));
    assert_int_equal(kase.named_person_user_id, principal);
    assert_string_equal(kase.named_person_decision, "hand_over");
    assert_int_equal(kase.named_person_decided_at, T0 + 22);
    /* X-2: the former BBA is still among the people involved (they did nothing on the timeline) */
    assert_ok(bp_case_involved_users(fx.s, &fx.a, k, 0, &people, &n));
    for (i = 0; i < n; i++)
        nurse_involved = nurse_involved || people[i].id == nurse;
    assert_true(nurse_involved);
    for (i = 0; i < n; i++)
        assert_int_not_equal(people[i].id, stranger);
}

static void test_notifications_and_outbox(void **state)
{
    int64_t org = add_org("Aviseringsorg", BP_ORG_SCHOOL);
    int64_t initiator = add_user("avis-init", false), obtainer = add_user("avis-obt", false);
    int64_t actor = add_user("avis-act", false), stranger = add_user("avis-no", false);
    int64_t gone = add_user("avis-gone", false);
    int64_t k = add_case(add_child("Alva", "Ros"), org, initiator, T0, BP_CASE_OPEN);
    struct bp_event ev = {.case_id = k, .at = T0, .user_id = actor, .org_id = org, .kind = "case_opened"};
    struct bp_event ev2 = {.case_id = k, .at = T0, .user_id = gone, .org_id = org, .kind = "case_opened"};
    struct bp_notification nt = {
        .user_id = initiator, .case_id = k, .org_id = org, .kind = "consent_withdrawn", .at = T0 + 5};
    struct bp_notification *nts;
    struct bp_outbox_msg m = {.created_at = T0,
                              .recipient = "lars@example.se",
                              .user_id = initiator,
                              .case_id = k,
                              .kind = "consent_withdrawn",
                              .subject = "Ämne",
                              .body = "Text\nrad två",
                              .next_attempt_at = T0 + 10};
    struct bp_outbox_msg m2, *due;
    struct bp_user *people;
    int64_t unread;
    size_t n;

    add_consent(k, org, obtainer, (struct bp_date){2026, 11, 1}, (struct bp_date){0});
    assert_ok(bp_event_add(fx.s, &ev));
    assert_ok(bp_event_add(fx.s, &ev2));
    assert_ok(bp_user_set_disabled(fx.s, gone, true));
    assert_ok(bp_case_involved_users(fx.s, &fx.a, k, 0, &people, &n));
    assert_int_equal(n, 3); /* initiator, obtainer, actor; not the stranger, not the disabled */
    assert_int_equal(people[0].id, initiator);
    assert_int_equal(people[1].id, obtainer);
    assert_int_equal(people[2].id, actor);
    assert_non_null(people[0].email);
    /* with the organisation a change concerns: its members too */
    {
        int64_t other = add_org("Berörd org", BP_ORG_SOCIAL_SERVICES);
        assert_ok(bp_membership_add(fx.s, stranger, other, BP_ROLE_PROFESSIONAL));
        assert_ok(bp_case_involved_users(fx.s, &fx.a, k, other, &people, &n));
        assert_int_equal(n, 4);
        assert_int_equal(people[3].id, stranger);
    }

    assert_ok(bp_notification_add(fx.s, &nt));
    nt.kind = "closure_proposed";
    nt.at = T0 + 6;
    nt.org_id = 0;
    assert_ok(bp_notification_add(fx.s, &nt));
    assert_ok(bp_notification_unread(fx.s, initiator, &unread));
    assert_int_equal(unread, 2);
    assert_ok(bp_notification_list(fx.s, &fx.a, initiator, 0, &nts, &n));
    assert_int_equal(n, 2);
    assert_string_equal(nts[0].kind, "closure_proposed");
    assert_null(nts[0].org_name);
    assert_string_equal(nts[1].org_name, "Aviseringsorg");
    assert_int_equal(nts[1].case_id, k);
    assert_ok(bp_notification_read_all(fx.s, initiator, T0 + 7));
    assert_ok(bp_notification_unread(fx.s, initiator, &unread));
    assert_int_equal(unread, 0);
    assert_ok(bp_notification_list(fx.s, &fx.a, initiator, 0, &nts, &n));
    assert_int_equal(nts[0].read_at, T0 + 7);
    assert_err(bp_notification_list(fx.s, &fx.a, initiator, BP_MAX_PAGE_ROWS + 1, &nts, &n),
               BP_ERR_TOO_LARGE);

    /* the outbox: due when its time has come; a retry moves it on; sent is final */
    assert_ok(bp_outbox_add(fx.s, &m));
    m2 = m;
    m2.recipient = "sara@example.se";
    m2.next_attempt_at = T0 + 20;
    assert_ok(bp_outbox_add(fx.s, &m2));
    assert_ok(bp_outbox_due(fx.s, &fx.a, T0 + 9, 0, &due, &n));
    assert_int_equal(n, 0);
    assert_ok(bp_outbox_due(fx.s, &fx.a, T0 + 20, 0, &due, &n));
    assert_int_equal(n, 2);
    assert_int_equal(due[0].id, m.id);
    assert_string_equal(due[0].body, "Text\nrad två");
    assert_null(due[0].ics);
    assert_int_equal(due[0].status, BP_OUTBOX_PENDING);
    assert_ok(bp_outbox_retry(fx.s, m.id, 1, T0 + 100, false, "451 try later"));
    assert_ok(bp_outbox_retry(fx.s, m2.id, 9, T0 + 200, true, "connection refused"));
    assert_ok(bp_outbox_due(fx.s, &fx.a, T0 + 100, 0, &due, &n));
    assert_int_equal(n, 1);
    assert_int_equal(due[0].attempts, 1);
    assert_string_equal(due[0].last_error, "451 try later");
    assert_ok(bp_outbox_sent(fx.s, m.id, T0 + 101));
    assert_err(bp_outbox_retry(fx.s, m.id, 2, T0 + 300, false, "x"), BP_ERR_NOT_FOUND); /* sent is final */
    assert_ok(bp_outbox_due(fx.s, &fx.a, T0 + 1000, 0, &due, &n));
    assert_int_equal(n, 1); /* failing is still delivered: never dropped */
    assert_int_equal(due[0].id, m2.id);
    assert_int_equal(due[0].status, BP_OUTBOX_FAILING);
    assert_ok(bp_outbox_list(fx.s, &fx.a, k, 0, &due, &n));
    assert_int_equal(n, 2);
    assert_int_equal(due[1].status, BP_OUTBOX_SENT);
    assert_int_equal(due[1].sent_at, T0 + 101);

    /* issue 12 item 4: a deliverer takes one due message at a time; on PostgreSQL another deliverer (another
     * server's mailer) skips it while it is held, and takes it once the first lets go without an outcome (a
     * mailer that died: its transaction ended with its connection) */
    assert_ok(bp_store_begin(fx.s));
    assert_ok(bp_outbox_take(fx.s, &fx.a, T0 + 199, &due, &n));
    assert_int_equal(n, 0); /* m2's next attempt is T0 + 200 */
    assert_ok(bp_outbox_take(fx.s, &fx.a, T0 + 200, &due, &n));
    assert_int_equal(n, 1);
    assert_int_equal(due[0].id, m2.id);
    assert_int_equal(due[0].attempts, 9);
    if (bp_store_row_locks(fx.s)) {
        struct bp_store *other = NULL;
        struct bp_outbox_msg *got;
        size_t n2;
        char err[256];
        if (bp_store_open(fx.url, &other, err, sizeof(err)) != BP_OK)
            fail_msg("second connection: %s", err);
        assert_ok(bp_store_begin(other));
        assert_ok(bp_outbox_take(other, &fx.a, T0 + 200, &got, &n2));
        assert_int_equal(n2, 0); /* held by the first: skipped, not waited for */
        bp_store_rollback(other);
        bp_store_rollback(fx.s); /* the first dies without an outcome */
        assert_ok(bp_store_begin(other));
        assert_ok(bp_outbox_take(other, &fx.a, T0 + 200, &got, &n2));
        assert_int_equal(n2, 1); /* due again at once: never lost */
        assert_int_equal(got[0].id, m2.id);
        assert_ok(bp_outbox_sent(other, m2.id, T0 + 201));
        assert_ok(bp_store_commit(other));
        bp_store_close(other);
    } else {
        assert_ok(bp_outbox_sent(fx.s, m2.id, T0 + 201));
        assert_ok(bp_store_commit(fx.s));
    }
    assert_ok(bp_outbox_due(fx.s, &fx.a, T0 + 1000, 0, &due, &n));
    assert_int_equal(n, 0);

    /* the closure proposal (V-2.9) */
    {
        struct bp_case got;
        assert_ok(bp_case_propose_closure(fx.s, k, T0 + 50));
        assert_ok(bp_case_get(fx.s, &fx.a, k, &got));
        assert_int_equal(got.closure_proposed_at, T0 + 50);
        assert_ok(bp_case_propose_closure(fx.s, k, 0));
        assert_ok(bp_case_get(fx.s, &fx.a, k, &got));
        assert_int_equal(got.closure_proposed_at, 0);
        assert_err(bp_case_propose_closure(fx.s, 999999999, T0), BP_ERR_NOT_FOUND);
    }
}

static void test_events(void **state)
{
    int64_t org = add_org("Händelseorg", BP_ORG_SOCIAL_SERVICES);
    int64_t user = add_user("ellen", false);
    int64_t k = add_case(add_child("Tove", "Ek"), org, user, T0, BP_CASE_OPEN);
    struct bp_event e1 = {.case_id = k,
                          .at = T0 + 50,
                          .user_id = user,
                          .org_id = org,
                          .kind = "meeting_held",
                          .note = "Möte hölls"};
    struct bp_event e2 = {.case_id = k, .at = T0 + 10, .user_id = user, .org_id = org, .kind = "case_opened"};
    struct bp_event e3 = {.case_id = k, .at = T0 + 50, .kind = "deadline_passed"}; /* no user: the system */
    struct bp_event *list;
    struct bp_user u;
    size_t n;

    assert_ok(bp_event_add(fx.s, &e1));
    assert_ok(bp_event_add(fx.s, &e2));
    assert_ok(bp_event_add(fx.s, &e3));
    assert_true(e1.id > 0 && e2.id > e1.id && e3.id > e2.id);
    assert_ok(bp_event_list(fx.s, &fx.a, k, &list, &n));
    assert_int_equal(n, 3);
    /* in time order, ties in the order added */
    assert_int_equal(list[0].id, e2.id);
    assert_int_equal(list[1].id, e1.id);
    assert_int_equal(list[2].id, e3.id);
    assert_int_equal(list[0].at, T0 + 10);
    assert_string_equal(list[0].kind, "case_opened");
    assert_null(list[0].note);
    assert_string_equal(list[1].note, "Möte hölls");
    assert_int_equal(list[1].case_id, k);
    assert_int_equal(list[1].user_id, user);
    assert_int_equal(list[1].org_id, org);
    assert_ok(bp_user_get(fx.s, &fx.a, user, &u));
    assert_string_equal(list[1].user_name, u.display_name);
    assert_string_equal(list[1].org_name, "Händelseorg");
    assert_int_equal(list[2].user_id, 0);
    assert_int_equal(list[2].org_id, 0);
    assert_null(list[2].user_name);
    assert_null(list[2].org_name);

    assert_ok(bp_event_list(fx.s, &fx.a, 999999999, &list, &n));
    assert_int_equal(n, 0);
    e1.case_id = 999999999;
    assert_err(bp_event_add(fx.s, &e1), BP_ERR_NOT_FOUND);
}

static void audit(int64_t at, int64_t user, int64_t child, int64_t case_id, const char *action)
{
    struct bp_audit e = {.at = at,
                         .user_id = user,
                         .org_id = user ? 1 : 0,
                         .child_id = child,
                         .case_id = case_id,
                         .action = action,
                         .object = case_id ? "case" : "child",
                         .channel = "web",
                         .address = "2001:db8::1",
                         .detail = "GET /cases/:id"};
    assert_ok(bp_audit_add(fx.s, &e));
}

static void test_audit(void **state)
{
    /* Times and ids of their own, so other tests' entries do not match. */
    const int64_t t = INT64_C(4000000000);
    const int64_t child1 = 880001, child2 = 880002, case1 = 770001, case2 = 770002;
    int64_t ua = add_user("auditor-a", false), ub = add_user("auditor-b", false);
    struct bp_audit_filter f;
    struct bp_audit *list;
    struct bp_user a_user;
    size_t n;

    assert_ok(bp_user_get(fx.s, &fx.a, ua, &a_user));
    audit(t + 1, ua, child1, case1, "read");
    audit(t + 2, ua, child1, 0, "update");
    audit(t + 3, ub, child2, case2, "read");
    audit(t + 4, ub, child1, case1, "export");
    audit(t + 5, 0, 0, 0, "login_failed");
    audit(t + 5, ua, child2, case2, "denied");

    f = (struct bp_audit_filter){.from = t};
    assert_ok(bp_audit_search(fx.s, &fx.a, &f, &list, &n));
    assert_int_equal(n, 6);
    assert_int_equal(list[0].at, t + 5); /* newest first; ties: the later entry first */
    assert_string_equal(list[0].action, "denied");
    assert_string_equal(list[1].action, "login_failed");
    assert_int_equal(list[1].user_id, 0);
    assert_int_equal(list[1].org_id, 0);
    assert_null(list[1].username);
    assert_int_equal(list[5].at, t + 1);
    assert_int_equal(list[5].user_id, ua);
    assert_int_equal(list[5].org_id, 1);
    assert_int_equal(list[5].child_id, child1);
    assert_int_equal(list[5].case_id, case1);
    assert_string_equal(list[5].object, "case");
    assert_string_equal(list[5].channel, "web");
    assert_string_equal(list[5].address, "2001:db8::1");
    assert_string_equal(list[5].detail, "GET /cases/:id");
    assert_string_equal(list[5].username, a_user.username);
    assert_true(list[5].id > 0 && list[4].id > list[5].id);

    f = (struct bp_audit_filter){.user_id = ua};
    assert_ok(bp_audit_search(fx.s, &fx.a, &f, &list, &n));
    assert_int_equal(n, 3);
    assert_string_equal(list[0].action, "denied");
    assert_string_equal(list[2].action, "read");

    f = (struct bp_audit_filter){.username = a_user.username};
    assert_ok(bp_audit_search(fx.s, &fx.a, &f, &list, &n));
    assert_int_equal(n, 3);
    f = (struct bp_audit_filter){.username = "no-such-user"};
    assert_ok(bp_audit_search(fx.s, &fx.a, &f, &list, &n));
    assert_int_equal(n, 0);

    f = (struct bp_audit_filter){.child_id = child1};
    assert_ok(bp_audit_search(fx.s, &fx.a, &f, &list, &n));
    assert_int_equal(n, 3);
    assert_string_equal(list[0].action, "export");

    f = (struct bp_audit_filter){.case_id = case2};
    assert_ok(bp_audit_search(fx.s, &fx.a, &f, &list, &n));
    assert_int_equal(n, 2);
    assert_string_equal(list[0].action, "denied");
    assert_string_equal(list[1].action, "read");

    f = (struct bp_audit_filter){.action = "read", .from = t};
    assert_ok(bp_audit_search(fx.s, &fx.a, &f, &list, &n));
    assert_int_equal(n, 2);
    assert_int_equal(list[0].at, t + 3);

    /* from <= at <= to */
    f = (struct bp_audit_filter){.from = t + 2, .to = t + 4};
    assert_ok(bp_audit_search(fx.s, &fx.a, &f, &list, &n));
    assert_int_equal(n, 3);
    assert_int_equal(list[0].at, t + 4);
    assert_int_equal(list[2].at, t + 2);

    /* Filters combine. */
    f = (struct bp_audit_filter){.case_id = case1, .child_id = child1, .user_id = ub, .action = "export"};
    assert_ok(bp_audit_search(fx.s, &fx.a, &f, &list, &n));
    assert_int_equal(n, 1);
    assert_int_equal(list[0].at, t + 4);
    f = (struct bp_audit_filter){.child_id = child1, .username = a_user.username, .to = t + 1};
    assert_ok(bp_audit_search(fx.s, &fx.a, &f, &list, &n));
    assert_int_equal(n, 1);
    assert_string_equal(list[0].action, "read");
    f = (struct bp_audit_filter){.user_id = ua, .action = "export"};
    assert_ok(bp_audit_search(fx.s, &fx.a, &f, &list, &n));
    assert_int_equal(n, 0);
    f = (struct bp_audit_filter){.case_id = case2, .child_id = child1};
    assert_ok(bp_audit_search(fx.s, &fx.a, &f, &list, &n));
    assert_int_equal(n, 0);
    f = (struct bp_audit_filter){.case_id = case1, .user_id = ua};
    assert_ok(bp_audit_search(fx.s, &fx.a, &f, &list, &n));
    assert_int_equal(n, 1);
    assert_int_equal(list[0].at, t + 1);
    f = (struct bp_audit_filter){.user_id = ua, .username = "no-such-user"};
    assert_ok(bp_audit_search(fx.s, &fx.a, &f, &list, &n));
    assert_int_equal(n, 0);

    /* Pages */
    f = (struct bp_audit_filter){.from = t, .limit = 4, .offset = 4};
    assert_ok(bp_audit_search(fx.s, &fx.a, &f, &list, &n));
    assert_int_equal(n, 2);
    assert_int_equal(list[0].at, t + 2);
    f.limit = BP_MAX_AUDIT_ROWS; /* an export */
    assert_ok(bp_audit_search(fx.s, &fx.a, &f, &list, &n));
    assert_int_equal(n, 2);
    f.limit = BP_MAX_AUDIT_ROWS + 1;
    assert_err(bp_audit_search(fx.s, &fx.a, &f, &list, &n), BP_ERR_TOO_LARGE);
}

static void test_audit_append_only(void **state)
{
    static const char *const refused[] = {"UPDATE audit SET action = 'changed'", "DELETE FROM audit",
                                          "DELETE FROM audit WHERE id = (SELECT MIN(id) FROM audit)",
                                          "TRUNCATE audit"};
    int64_t before;
    struct bp_conn *c = NULL;
    const struct bp_driver *drv;
    size_t i;

    audit(T0, 0, 0, 0, "login");
    before = count("audit");
    drv = raw_open(&c);
    for (i = 0; i < BP_ARRAY_LEN(refused); i++) {
        if (strncmp(refused[i], "TRUNCATE", 8) == 0 && strcmp(drv->name, "postgres") != 0)
            continue; /* SQLite has no TRUNCATE */
        if (drv->exec_script(c, refused[i]) == BP_OK)
            fail_msg("the database let through: %s", refused[i]);
        assert_non_null(strstr(drv->errmsg(c), "append-only"));
    }
    drv->close(c);
    assert_int_equal(count("audit"), before);
}

/* Issue 11 item 3: each connection writes its own hash chain; a rolled-back transaction leaves no gap (the
 * chain's head in memory rolls back with it, even the chain's own start), and the head row is the last entry.
 */
static void check_chain(struct bp_store *s, int64_t *chain_id, int64_t want_entries)
{
    struct bp_audit_chain *chains;
    struct bp_audit *rows;
    uint8_t prev[BP_AUDIT_HASH_BYTES] = {0}, h[BP_AUDIT_HASH_BYTES], link[BP_AUDIT_HASH_BYTES];
    char hex[BP_AUDIT_HASH_HEX];
    size_t n, i, nc;
    assert_ok(bp_audit_chain_list(s, &fx.a, &chains, &nc));
    assert_true(nc >= 1);
    *chain_id = chains[nc - 1].id; /* the newest */
    assert_ok(bp_audit_chain_entries(s, &fx.a, *chain_id, INT64_MIN, 0, 100, &rows, &n));
    assert_int_equal(n, want_entries);
    assert_int_equal(chains[nc - 1].head_seq, want_entries);
    for (i = 0; i < n; i++) {
        assert_int_equal(rows[i].seq, (int64_t)i + 1);
        assert_true(bp_audit_hash_parse(rows[i].prev_hash, link));
        assert_memory_equal(link, prev, sizeof(prev));
        bp_audit_hash(&rows[i], *chain_id, rows[i].seq, prev, h);
        bp_audit_hash_hex(h, hex);
        assert_string_equal(rows[i].hash, hex);
        memcpy(prev, h, sizeof(h));
    }
    assert_string_equal(chains[nc - 1].head_hash, n ? rows[n - 1].hash : "");
}

static void test_audit_chain(void **state)
{
    struct bp_audit e = {.at = T0, .action = "read", .object = "case", .channel = "web", .address = "::1"};
    struct bp_store *w = NULL, *v = NULL;
    int64_t chain_w, chain_v;
    char err[256];

    if (bp_store_open(fx.url, &w, err, sizeof(err)) != BP_OK ||
        bp_store_open(fx.url, &v, err, sizeof(err)) != BP_OK)
        fail_msg("connections: %s", err);
    bp_store_set_writer(w, "contract w");
    /* the chain's start rolled back with its first entry: the next begins it again */
    assert_ok(bp_store_begin(w));
    assert_ok(bp_audit_add(w, &e));
    bp_store_rollback(w);
    assert_ok(bp_audit_add(w, &e)); /* a transaction of its own */
    check_chain(w, &chain_w, 1);
    /* two entries rolled back leave no gap */
    assert_ok(bp_store_begin(w));
    assert_ok(bp_audit_add(w, &e));
    assert_ok(bp_audit_add(w, &e));
    bp_store_rollback(w);
    /* another connection's chain, interleaved */
    assert_ok(bp_audit_add(v, &e));
    e.detail = "second";
    assert_ok(bp_store_begin(w));
    assert_ok(bp_audit_add(w, &e));
    e.user_id = 7;
    assert_ok(bp_audit_add(w, &e));
    assert_ok(bp_store_commit(w));
    check_chain(v, &chain_v, 1);
    assert_true(chain_v != chain_w);
    {
        struct bp_audit *rows;
        size_t n;
        assert_ok(bp_audit_chain_entries(w, &fx.a, chain_w, INT64_MIN, 0, 100, &rows, &n));
        assert_int_equal(n, 3);
        assert_string_equal(rows[2].detail, "second");
        assert_int_equal(rows[2].user_id, 7);
    }
    bp_store_close(v);
    bp_store_close(w);
}

/* Issue 12 item 3: a batch of reads gives what the readers give one by one, in one round trip to
 * PostgreSQL (pipeline mode); a one-row read that finds nothing leaves its output zeroed. */
static void test_read_batch(void **state)
{
    int64_t school = add_org("Pipeline-skolan", BP_ORG_SCHOOL), user = add_user("pipe", false);
    int64_t child = add_child("Pia", "Pipeline"), kase = add_case(child, school, user, T0, BP_CASE_OPEN);
    struct bp_guardian g = {.child_id = child, .name = "Per", .custody = BP_CUSTODY_JOINT}, *gs, *gs_b;
    struct bp_child c, c_b;
    struct bp_org o, o_b, none_b, many[BP_STORE_BATCH_MAX + 8];
    struct bp_case k, k_b;
    struct bp_event *ev, *ev_b;
    size_t ng, ng_b, nev, nev_b, i;
    uint64_t trips;
    bool pg = fx.pg_schema[0] != 0;
    (void)state;

    assert_ok(bp_guardian_add(fx.s, &g));
    /* one by one first: every statement is prepared once per connection before the counted batch */
    assert_ok(bp_child_get(fx.s, &fx.a, child, &c));
    assert_ok(bp_guardian_list(fx.s, &fx.a, child, &gs, &ng));
    assert_ok(bp_org_get(fx.s, &fx.a, school, &o));
    assert_ok(bp_case_get(fx.s, &fx.a, kase, &k));
    assert_ok(bp_event_list(fx.s, &fx.a, kase, &ev, &nev));
    assert_err(bp_org_get(fx.s, &fx.a, 999999999, &none_b), BP_ERR_NOT_FOUND);

    trips = bp_store_round_trips(fx.s);
    bp_store_batch_begin(fx.s);
    assert_ok(bp_child_get(fx.s, &fx.a, child, &c_b));
    assert_ok(bp_guardian_list(fx.s, &fx.a, child, &gs_b, &ng_b));
    assert_ok(bp_org_get(fx.s, &fx.a, 999999999, &none_b)); /* nothing found: zeroed, not an error */
    assert_ok(bp_org_get(fx.s, &fx.a, school, &o_b));
    assert_ok(bp_case_get(fx.s, &fx.a, kase, &k_b));
    assert_ok(bp_event_list(fx.s, &fx.a, kase, &ev_b, &nev_b));
    assert_int_equal(c_b.id, 0); /* queued, not yet read */
    assert_null(gs_b);
    assert_ok(bp_store_batch_end(fx.s));
    assert_int_equal(bp_store_round_trips(fx.s) - trips, pg ? 1 : 0);
    assert_int_equal(c_b.id, child);
    assert_string_equal(c_b.given_name, c.given_name);
    assert_int_equal(ng_b, ng);
    assert_int_equal(ng_b, 1);
    assert_string_equal(gs_b[0].name, "Per");
    assert_int_equal(none_b.id, 0);
    assert_string_equal(o_b.name, "Pipeline-skolan");
    assert_int_equal(k_b.child_id, child);
    assert_int_equal(k_b.initiating_org_id, school);
    assert_int_equal(nev_b, nev);

    /* on a new connection, where no statement is prepared yet: the same */
    {
        struct bp_store *fresh = NULL;
        char err[256];
        struct bp_guardian *gs_f;
        size_t ng_f;
        if (bp_store_open(fx.url, &fresh, err, sizeof(err)) != BP_OK)
            fail_msg("connection: %s", err);
        memset(&c_b, 0, sizeof(c_b));
        bp_store_batch_begin(fresh);
        assert_ok(bp_child_get(fresh, &fx.a, child, &c_b));
        assert_ok(bp_guardian_list(fresh, &fx.a, child, &gs_f, &ng_f));
        assert_ok(bp_store_batch_end(fresh));
        assert_int_equal(c_b.id, child);
        assert_int_equal(ng_f, 1);
        bp_store_close(fresh);
    }

    /* more reads than one round trip carries: sent in turns, every one filled */
    trips = bp_store_round_trips(fx.s);
    bp_store_batch_begin(fx.s);
    for (i = 0; i < BP_ARRAY_LEN(many); i++)
        assert_ok(bp_org_get(fx.s, &fx.a, school, &many[i]));
    assert_ok(bp_store_batch_end(fx.s));
    assert_int_equal(bp_store_round_trips(fx.s) - trips, pg ? 2 : 0);
    for (i = 0; i < BP_ARRAY_LEN(many); i++)
        assert_int_equal(many[i].id, school);

    /* text that is not UTF-8 is refused when queued, and the batch goes on */
    bp_store_batch_begin(fx.s);
    assert_err(bp_staff_invite_by_hash(fx.s, &fx.a, "\xff\xfe", (struct bp_staff_invite[1]){0}),
               BP_ERR_INVALID);
    assert_ok(bp_org_get(fx.s, &fx.a, school, &o_b));
    assert_ok(bp_store_batch_end(fx.s));
    assert_int_equal(o_b.id, school);
}

/* Issue 12 item 2: inside a read transaction every read sees the database as at its first read (SQLite);
 * on PostgreSQL it is nothing, and each read sees what is committed. A write cannot begin inside one. */
static void test_read_transaction(void **state)
{
    int64_t org = add_org("Ögonblicksbild", BP_ORG_SCHOOL);
    struct bp_org o = {
        .id = org, .name = "Ändrad", .kind = BP_ORG_SCHOOL, .principal = BP_PRINCIPAL_MUNICIPALITY};
    struct bp_store *other = NULL;
    struct bp_org got;
    char err[256];
    bool sqlite = fx.pg_schema[0] == 0;
    (void)state;

    if (bp_store_open(fx.url, &other, err, sizeof(err)) != BP_OK)
        fail_msg("connection: %s", err);
    assert_ok(bp_store_read_begin(fx.s));
    assert_ok(bp_org_get(fx.s, &fx.a, org, &got));
    assert_string_equal(got.name, "Ögonblicksbild");
    assert_ok(bp_org_update(other, &o)); /* another connection commits a change meanwhile */
    assert_ok(bp_org_get(fx.s, &fx.a, org, &got));
    assert_string_equal(got.name, sqlite ? "Ögonblicksbild" : "Ändrad");
    bp_store_read_end(fx.s);
    assert_ok(bp_org_get(fx.s, &fx.a, org, &got));
    assert_string_equal(got.name, "Ändrad");
    bp_store_read_end(fx.s);         /* outside one: nothing */
    assert_ok(bp_store_begin(fx.s)); /* and writes go on after it */
    bp_store_rollback(fx.s);
    bp_store_close(other);
}

/* V-8a.5, issue 12 item 2 (migration 040): the plan's PDF downloads are the case's audit entries "read
 * plan_pdf" for its child, oldest first, at most BP_MAX_COPIES; other reads of the case and other cases'
 * downloads are not among them however many there are. */
static void test_plan_downloads(void **state)
{
    int64_t school = add_org("Nedladdningsskolan", BP_ORG_SCHOOL), user = add_user("pdf", false);
    int64_t child = add_child("Dana", "Nedladdning"), kase = add_case(child, school, user, T0, BP_CASE_OPEN);
    int64_t other_child = add_child("Eli", "Annan"),
            other = add_case(other_child, school, user, T0, BP_CASE_OPEN);
    struct bp_audit e = {.user_id = user,
                         .child_id = child,
                         .case_id = kase,
                         .action = "read",
                         .object = "case",
                         .channel = "web",
                         .address = "::1"};
    struct bp_plan_download *d;
    size_t n, i;
    (void)state;

    for (i = 0; i < 50; i++) { /* the case's other reads */
        e.at = T0 + (int64_t)i;
        assert_ok(bp_audit_add(fx.s, &e));
    }
    e.object = "plan_pdf";
    for (i = 0; i < BP_MAX_COPIES + 3; i++) {
        e.at = T0 + 100 + (int64_t)i;
        e.detail = bp_arena_printf(&fx.a, "version %zu", i + 1);
        assert_ok(bp_audit_add(fx.s, &e));
    }
    e.case_id = other; /* another case's download */
    e.child_id = other_child;
    assert_ok(bp_audit_add(fx.s, &e));
    e.case_id = kase;
    e.child_id = child;
    e.action = "denied";
    assert_ok(bp_audit_add(fx.s, &e));
    assert_ok(bp_plan_download_list(fx.s, &fx.a, child, kase, &d, &n));
    assert_int_equal(n, BP_MAX_COPIES);
    for (i = 0; i < n; i++) {
        assert_int_equal(d[i].at, T0 + 100 + (int64_t)i);
        assert_int_equal(d[i].user_id, user);
        assert_non_null(d[i].name);
    }
    assert_ok(bp_plan_download_list(fx.s, &fx.a, other_child, other, &d, &n));
    assert_int_equal(n, 1);
    assert_ok(bp_plan_download_list(fx.s, &fx.a, child, other, &d, &n)); /* the child is not that case's */
    assert_int_equal(n, 0);
}

/* Issue 12 item 3: bp_audit_commit writes entries and moves the chain's head in one round trip to
 * PostgreSQL; a failed entry keeps none of them, and the next commit begins a new chain. */
static void test_audit_commit(void **state)
{
    struct bp_audit e[3] = {
        {.at = T0, .action = "read", .object = "case", .channel = "web", .address = "::1"},
        {.at = T0 + 1,
         .action = "read",
         .object = "plan",
         .channel = "web",
         .address = "::1",
         .detail = "v2"},
        {.at = T0 + 2, .action = "read", .object = "prep_status", .channel = "web", .address = "::1"}};
    struct bp_audit bad[2] = {e[0], {.at = T0, .action = NULL, .object = "case", .channel = "web"}};
    struct bp_store *w = NULL;
    int64_t chain, second, audits;
    uint64_t trips;
    char err[256];
    (void)state;

    if (bp_store_open(fx.url, &w, err, sizeof(err)) != BP_OK)
        fail_msg("connection: %s", err);
    bp_store_set_writer(w, "contract commit");
    assert_ok(bp_audit_commit(w, e, 1)); /* the chain begins */
    check_chain(w, &chain, 1);
    assert_ok(bp_audit_commit(w, e, 3)); /* its statements are prepared now */
    trips = bp_store_round_trips(w);
    assert_ok(bp_audit_commit(w, e, 3));
    assert_int_equal(bp_store_round_trips(w) - trips, fx.pg_schema[0] ? 1 : 0);
    check_chain(w, &chain, 7);
    audits = count("audit");
    assert_int_not_equal(bp_audit_commit(w, bad, 2), BP_OK); /* action NOT NULL */
    assert_int_equal(count("audit"), audits);
    assert_ok(bp_audit_commit(w, e + 1, 2)); /* after a failure: a new chain, the old one whole */
    check_chain(w, &second, 2);
    assert_true(second != chain);
    {
        struct bp_audit_chain old;
        assert_ok(bp_audit_chain_get(w, &fx.a, chain, &old));
        assert_int_equal(old.head_seq, 7);
    }
    assert_int_equal(count("audit"), audits + 2);
    bp_store_close(w);
}

static void test_transactions(void **state)
{
    struct bp_org o = {.name = "Rolled back", .kind = BP_ORG_OTHER, .principal = BP_PRINCIPAL_PRIVATE};
    int64_t orgs = count("organisations"), cases = count("cases"), case_orgs = count("case_orgs");
    int64_t user = add_user("tx", false), child = add_child("Ida", "Al");
    struct bp_org got;
    int64_t k;

    orgs = count("organisations");
    assert_ok(bp_store_begin(fx.s));
    assert_ok(bp_org_add(fx.s, &o));
    k = add_case(child, o.id, user, T0, BP_CASE_OPEN); /* joins the caller's transaction */
    bp_store_rollback(fx.s);
    assert_err(bp_org_get(fx.s, &fx.a, o.id, &got), BP_ERR_NOT_FOUND);
    assert_err(bp_case_get(fx.s, &fx.a, k, (struct bp_case[1]){0}), BP_ERR_NOT_FOUND);
    assert_int_equal(count("organisations"), orgs);
    assert_int_equal(count("cases"), cases);
    assert_int_equal(count("case_orgs"), case_orgs);
    bp_store_rollback(fx.s); /* outside a transaction: nothing */

    /* A failed statement, then rollback: nothing of the transaction remains. */
    assert_ok(bp_store_begin(fx.s));
    assert_ok(bp_org_add(fx.s, &o));
    assert_err(bp_org_get(fx.s, &fx.a, 999999999, &got), BP_ERR_NOT_FOUND);
    assert_err(bp_session_add(fx.s, "t", 999999999, "c", T0, &k), BP_ERR_NOT_FOUND);
    bp_store_rollback(fx.s);
    assert_int_equal(count("organisations"), orgs);

    o.name = "Committed";
    assert_ok(bp_store_begin(fx.s));
    assert_ok(bp_org_add(fx.s, &o));
    assert_ok(bp_store_commit(fx.s));
    assert_ok(bp_org_get(fx.s, &fx.a, o.id, &got));
    assert_string_equal(got.name, "Committed");
    assert_int_equal(count("organisations"), orgs + 1);
}

static void test_two_connections(void **state)
{
    struct bp_org o = {.name = "Seen later", .kind = BP_ORG_PRIMARY_CARE, .principal = BP_PRINCIPAL_REGION};
    struct bp_store *other = NULL;
    struct bp_org got;
    char err[256];

    if (bp_store_open(fx.url, &other, err, sizeof(err)) != BP_OK)
        fail_msg("second connection: %s", err);
    assert_ok(bp_store_begin(fx.s));
    assert_ok(bp_org_add(fx.s, &o));
    /* Not committed: the other connection (another worker process) reads around it. */
    assert_int_equal(bp_org_get(other, &fx.a, o.id, &got), BP_ERR_NOT_FOUND);
    assert_ok(bp_store_commit(fx.s));
    assert_int_equal(bp_org_get(other, &fx.a, o.id, &got), BP_OK);
    assert_string_equal(got.name, "Seen later");
    bp_store_close(other);
}

static void test_text_round_trip(void **state)
{
    static const char *const texts[] = {
        "O'Brien \"citat\" \\ backslash ; -- DROP TABLE children; /* */",
        "Åsa Ängström-Öberg, Malmö: åäö ÅÄÖ é ü ß",
        "👧🏽 emoji 🧒 and a ? question mark and $1 dollar",
        "tab\tnew\nline\r\nend",
        "",
    };
    char *long_text = bp_arena_alloc(&fx.a, BP_MAX_LONG_TEXT + 1);
    struct bp_child c, got;
    struct bp_org o = {.kind = BP_ORG_OTHER, .principal = BP_PRINCIPAL_PRIVATE}, og;
    size_t i;

    memset(long_text, 'x', BP_MAX_LONG_TEXT);
    for (i = 0; i < BP_ARRAY_LEN(texts); i++) {
        c = (struct bp_child){.given_name = texts[i],
                              .family_name = texts[(i + 1) % BP_ARRAY_LEN(texts)],
                              .id_kind = BP_ID_RESERVE,
                              .language = texts[i],
                              .created_at = T0};
        assert_ok(bp_child_add(fx.s, &c));
        assert_ok(bp_child_get(fx.s, &fx.a, c.id, &got));
        assert_string_equal(got.given_name, c.given_name);
        assert_string_equal(got.family_name, c.family_name);
        assert_string_equal(got.language, c.language);
        o.name = texts[i];
        assert_ok(bp_org_add(fx.s, &o));
        assert_ok(bp_org_get(fx.s, &fx.a, o.id, &og));
        assert_string_equal(og.name, texts[i]);
    }
    o.name = long_text;
    assert_ok(bp_org_add(fx.s, &o));
    assert_ok(bp_org_get(fx.s, &fx.a, o.id, &og));
    assert_int_equal(strlen(og.name), BP_MAX_LONG_TEXT);

    /* Text must be UTF-8 (C strings cannot hold NUL): both backends refuse the same way. */
    o.name = "bad \xC3\x28 byte";
    assert_err(bp_org_add(fx.s, &o), BP_ERR_INVALID);
    o.name = "surrogate \xED\xA0\x80";
    assert_err(bp_org_add(fx.s, &o), BP_ERR_INVALID);
    o.name = "overlong \xC0\xAF";
    assert_err(bp_org_add(fx.s, &o), BP_ERR_INVALID);
    o.name = "cut \xF0\x9F\x91";
    assert_err(bp_org_add(fx.s, &o), BP_ERR_INVALID);
}

static void test_count(void **state)
{
    static const char *const tables[] = {"organisations",  "users",    "memberships", "sessions",
                                         "login_failures", "children", "guardians",   "cases",
                                         "case_orgs",      "events",   "audit",       "schema_migrations"};
    int64_t n;
    size_t i;
    for (i = 0; i < BP_ARRAY_LEN(tables); i++)
        assert_true(count(tables[i]) >= 0);
    assert_true(count("users") > 0);
    assert_err(bp_store_count(fx.s, "users; DROP TABLE users", &n), BP_ERR_INVALID);
    assert_err(bp_store_count(fx.s, "sqlite_master", &n), BP_ERR_INVALID);
    assert_err(bp_store_count(fx.s, "pg_user", &n), BP_ERR_INVALID);
    assert_err(bp_store_count(fx.s, "", &n), BP_ERR_INVALID);
    assert_err(bp_store_count(fx.s, NULL, &n), BP_ERR_INVALID);
}

static const char *raw_value(const struct bp_driver *drv, struct bp_conn *c, struct bp_sql *q)
{
    struct bp_rows rows;
    assert_int_equal(drv->query(c, q, NULL, 0, &fx.a, &rows), BP_OK);
    assert_int_equal(rows.nrows, 1);
    return bp_rows_str(&rows, 0, 0);
}

static void test_sqlite_settings(void **state)
{
    static struct bp_sql q_journal = {"PRAGMA journal_mode"};
    static struct bp_sql q_sync = {"PRAGMA synchronous"};
    static struct bp_sql q_fk = {"PRAGMA foreign_keys"};
    static struct bp_sql q_busy = {"PRAGMA busy_timeout"};
    struct bp_conn *c = NULL;
    const struct bp_driver *drv;
    struct stat st;

    if (strcmp(bp_store_backend(fx.s), "sqlite") != 0)
        skip();
    drv = raw_open(&c);
    assert_string_equal(raw_value(drv, c, &q_journal), "wal");
    assert_string_equal(raw_value(drv, c, &q_sync), "2"); /* FULL */
    assert_string_equal(raw_value(drv, c, &q_fk), "1");
    assert_string_equal(raw_value(drv, c, &q_busy), "5000");
    drv->close(c);
    assert_int_equal(stat(fx.sqlite_path, &st), 0);
    assert_int_equal(st.st_mode & 077, 0); /* personal data: the owner's only */
}

/* ---- the plan ---- */
/* V-7.1-V-7.7: a plan version with its parts round-trips on both backends; V-8a.4: an intervention
 * always has its one responsible organisation; V-8a.5: pending decisions; V-8a.2: signatures. */
static void test_plan(void **state)
{
    int64_t school, social, user, child, k;
    struct bp_plan p = {0}, got;
    struct bp_plan_parts parts;
    struct bp_goal g = {0}, g2 = {0};
    struct bp_intervention iv = {0}, bad = {0};
    struct bp_commitment cm = {0};
    struct bp_plan_contact pc = {0};
    struct bp_pending_decision d = {0}, *ds;
    struct bp_signature sg = {0}, *sgs;
    size_t n;
    (void)state;

    school = add_org("Plan-skolan", BP_ORG_SCHOOL);
    social = add_org("Plan-socialtjänsten", BP_ORG_SOCIAL_SERVICES);
    user = add_user("planner", false);
    child = add_child("Plan", "Barn");
    k = add_case(child, school, user, T0, BP_CASE_OPEN);

    assert_err(bp_plan_current(fx.s, &fx.a, k, &got), BP_ERR_NOT_FOUND);
    p = (struct bp_plan){
        .case_id = k, .version = 1, .status = BP_PLAN_DRAFT, .kind = "sip_child_plan", .followup_minute = -1};
    p.coordinator_orgs[p.n_coordinator_orgs++] = school;
    assert_ok(bp_plan_add(fx.s, &p, T0));
    assert_true(p.id > 0);
    assert_ok(bp_plan_current(fx.s, &fx.a, k, &got));
    assert_int_equal(got.id, p.id);
    assert_int_equal(got.version, 1);
    assert_int_equal(got.status, BP_PLAN_DRAFT);
    assert_false(got.has_followup);
    assert_int_equal(got.followup_minute, -1);
    assert_int_equal(got.n_coordinator_orgs, 1);
    assert_null(got.summary);

    /* V-7.4 shared coordination, V-7.5, V-7.7, V-6.9 */
    p.coordinator_orgs[p.n_coordinator_orgs++] = social;
    p.coordinator_user_id = user;
    p.coordinator_name = "Åsa Öberg";
    p.contact_if_fails = "Ring skolkuratorn";
    p.has_followup = true;
    p.followup_on = (struct bp_date){2027, 1, 15};
    p.followup_minute = 13 * 60 + 30;
    p.followup_place = "Skolan, rum 3";
    p.followup_participants = "Alla som var med";
    p.summary = "Vi hjälps åt";
    assert_ok(bp_plan_update_shared(fx.s, &p));
    assert_ok(bp_plan_current(fx.s, &fx.a, k, &got));
    assert_int_equal(got.n_coordinator_orgs, 2);
    assert_int_equal(got.coordinator_user_id, user);
    assert_string_equal(got.coordinator_name, "Åsa Öberg");
    assert_true(got.has_followup);
    assert_int_equal(got.followup_on.d, 15);
    assert_int_equal(got.followup_minute, 13 * 60 + 30);
    assert_string_equal(got.followup_place, "Skolan, rum 3");
    assert_string_equal(got.summary, "Vi hjälps åt");

    g = (struct bp_goal){.plan_id = p.id, .area = "learning", .need = "Läsa", .goal = "Läser själv"};
    assert_ok(bp_goal_add(fx.s, &g));
    g2 = (struct bp_goal){.plan_id = p.id, .area = "health", .need = "Sova", .goal = "Sover gott"};
    assert_ok(bp_goal_add(fx.s, &g2));
    g.goal = "Läser en bok själv";
    assert_ok(bp_goal_update(fx.s, &g));
    iv = (struct bp_intervention){.plan_id = p.id,
                                  .what = "Lästräning",
                                  .org_id = school,
                                  .contact_name = "Anna",
                                  .starts_on = {2026, 12, 1},
                                  .level = "Varje dag",
                                  .goal_id = g2.id};
    assert_ok(bp_intervention_add(fx.s, &iv));
    bad = iv;
    bad.org_id = 0; /* V-7.2: no intervention without its responsible organisation */
    assert_err(bp_intervention_add(fx.s, &bad), BP_ERR_INVALID);
    bad.org_id = 999999999;
    assert_err(bp_intervention_add(fx.s, &bad), BP_ERR_NOT_FOUND);
    iv.has_end = true;
    iv.ends_on = (struct bp_date){2027, 6, 1};
    assert_ok(bp_intervention_update(fx.s, &iv));
    cm = (struct bp_commitment){
        .plan_id = p.id, .who = BP_COMMIT_CHILD, .what = "Läser tio minuter", .goal_id = g2.id};
    assert_ok(bp_commitment_add(fx.s, &cm));
    cm.what = "Läser en kvart";
    assert_ok(bp_commitment_update(fx.s, &cm));
    pc = (struct bp_plan_contact){.org_id = school, .user_id = user, .name = "Anna", .phone = "090-1"};
    assert_ok(bp_plan_contact_set(fx.s, p.id, &pc));
    pc.phone = "090-2";
    assert_ok(bp_plan_contact_set(fx.s, p.id, &pc)); /* one per organisation (V-7.6) */
    assert_ok(bp_goal_delete(fx.s, p.id, g2.id));    /* links go, the parts stay */

    assert_ok(bp_plan_parts_get(fx.s, &fx.a, p.id, &parts));
    assert_int_equal(parts.n_goals, 1);
    assert_string_equal(parts.goals[0].goal, "Läser en bok själv");
    assert_int_equal(parts.n_interventions, 1);
    assert_int_equal(parts.interventions[0].org_id, school);
    assert_int_equal(parts.interventions[0].goal_id, 0);
    assert_true(parts.interventions[0].has_end);
    assert_int_equal(parts.interventions[0].starts_on.m, 12);
    assert_int_equal(parts.n_commitments, 1);
    assert_int_equal(parts.commitments[0].who, BP_COMMIT_CHILD);
    assert_string_equal(parts.commitments[0].what, "Läser en kvart");
    assert_int_equal(parts.commitments[0].goal_id, 0);
    assert_int_equal(parts.n_contacts, 1);
    assert_string_equal(parts.contacts[0].phone, "090-2");
    assert_int_equal(count("plan_interventions"), 1);

    assert_ok(bp_intervention_delete(fx.s, p.id, iv.id));
    assert_ok(bp_commitment_delete(fx.s, p.id, cm.id));
    assert_ok(bp_plan_parts_get(fx.s, &fx.a, p.id, &parts));
    assert_int_equal(parts.n_interventions, 0);
    assert_int_equal(parts.n_commitments, 0);

    p.status = BP_PLAN_FINISHED;
    p.finished_on = TODAY;
    p.finished_by = user;
    p.content = "{}";
    p.content_sha256 = "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a";
    assert_ok(bp_plan_set_status(fx.s, &p));
    assert_ok(bp_plan_current(fx.s, &fx.a, k, &got));
    assert_int_equal(got.status, BP_PLAN_FINISHED);
    assert_int_equal(got.finished_by, user);
    assert_int_equal(got.finished_on.d, TODAY.d);

    /* V-8a.5 */
    d = (struct bp_pending_decision){.case_id = k,
                                     .what = "Beslut om stödboende",
                                     .org_id = social,
                                     .decider_name = "Enhetschefen",
                                     .has_due = true,
                                     .due_on = {2026, 12, 10},
                                     .status = BP_DECISION_PENDING};
    assert_ok(bp_decision_add(fx.s, &d, T0));
    d.status = BP_DECISION_DECIDED;
    d.outcome = "Beviljat";
    d.decided_on = TODAY;
    assert_ok(bp_decision_update(fx.s, &d));
    assert_ok(bp_decision_list(fx.s, &fx.a, k, &ds, &n));
    assert_int_equal(n, 1);
    assert_int_equal(ds[0].status, BP_DECISION_DECIDED);
    assert_string_equal(ds[0].outcome, "Beviljat");
    assert_int_equal(ds[0].meeting_id, 0);
    assert_true(ds[0].has_due);

    /* V-8a.2: an answer names the finished version and its hash */
    sg = (struct bp_signature){.plan_id = p.id,
                               .version = 1,
                               .kind = BP_SIGNER_PROFESSIONAL,
                               .user_id = user,
                               .org_id = school,
                               .name = "Anna",
                               .role = "",
                               .reason = "",
                               .method = BP_SIGN_APP,
                               .signed_on = TODAY,
                               .recorded_by = user,
                               .content_sha256 = p.content_sha256};
    assert_ok(bp_signature_add(fx.s, &sg, T0));
    sg = (struct bp_signature){.plan_id = p.id,
                               .version = 1,
                               .kind = BP_SIGNER_OTHER,
                               .name = "Stina Stöd",
                               .role = "stödperson",
                               .answer = BP_SIGN_DECLINED,
                               .reason = "Vill läsa den hemma först",
                               .method = BP_SIGN_WET,
                               .signed_on = TODAY,
                               .recorded_by = user,
                               .content_sha256 = p.content_sha256};
    assert_ok(bp_signature_add(fx.s, &sg, T0));
    sg.id = 0;
    sg.content_sha256 = "0000"; /* not the version's hash: the database refuses it */
    assert_err(bp_signature_add(fx.s, &sg, T0), BP_ERR_STORAGE);
    sg.content_sha256 = p.content_sha256;
    sg.version = 2; /* not the row's version */
    assert_err(bp_signature_add(fx.s, &sg, T0), BP_ERR_STORAGE);
    assert_ok(bp_signature_list(fx.s, &fx.a, k, &sgs, &n));
    assert_int_equal(n, 2);
    assert_int_equal(sgs[0].kind, BP_SIGNER_PROFESSIONAL);
    assert_int_equal(sgs[0].org_id, school);
    assert_int_equal(sgs[0].answer, BP_SIGN_SIGNED);
    assert_string_equal(sgs[0].content_sha256, p.content_sha256);
    assert_int_equal(sgs[0].created_at, T0);
    assert_false(sgs[0].has_scan);
    assert_int_equal(sgs[1].method, BP_SIGN_WET);
    assert_int_equal(sgs[1].kind, BP_SIGNER_OTHER);
    assert_string_equal(sgs[1].role, "stödperson");
    assert_int_equal(sgs[1].answer, BP_SIGN_DECLINED);
    assert_string_equal(sgs[1].reason, "Vill läsa den hemma först");

    /* a second version is the current one */
    p.status = BP_PLAN_REPLACED;
    assert_ok(bp_plan_set_status(fx.s, &p));
    got = (struct bp_plan){
        .case_id = k, .version = 2, .status = BP_PLAN_DRAFT, .kind = "sip_child_plan", .followup_minute = -1};
    assert_ok(bp_plan_add(fx.s, &got, T0));
    assert_err(bp_plan_add(fx.s, &got, T0), BP_ERR_CONFLICT); /* one row per version */
    assert_ok(bp_plan_current(fx.s, &fx.a, k, &got));
    assert_int_equal(got.version, 2);
    assert_int_equal(count("plans"), 2);

    /* K-0.8: the case's plan kind, and its draft's, become a SIP */
    {
        struct bp_case kc;
        assert_ok(bp_case_set_plan_kind(fx.s, k, "sip"));
        assert_ok(bp_case_get(fx.s, &fx.a, k, &kc));
        assert_string_equal(kc.plan_kind, "sip");
        assert_ok(bp_plan_current(fx.s, &fx.a, k, &got));
        assert_string_equal(got.kind, "sip");
        assert_err(bp_case_set_plan_kind(fx.s, 999999999, "sip"), BP_ERR_NOT_FOUND);
    }
}
/* V-10.6: a finished version and its parts cannot be changed, through the store or in plain SQL, on either
 * backend; the only change left is that a newer finished version replaces it. */
static void test_plan_version_frozen(void **state)
{
    static const char hash[] = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    int64_t school = add_org("Fryst skola", BP_ORG_SCHOOL), user = add_user("frysaren", false);
    int64_t k = add_case(add_child("Fryst", "Barn"), school, user, T0, BP_CASE_OPEN);
    struct bp_plan p = {.case_id = k,
                        .version = 1,
                        .status = BP_PLAN_DRAFT,
                        .kind = "sip_child_plan",
                        .followup_minute = -1,
                        .summary = "Före"},
                   got;
    struct bp_goal g = {.area = "learning", .need = "Läsa", .goal = "Läser själv"};
    struct bp_plan_contact pc = {.org_id = school, .name = "Anna"};
    const char *refused[8];
    struct bp_conn *c;
    const struct bp_driver *drv;
    size_t i;
    char sql[8][160];
    (void)state;

    assert_ok(bp_plan_add(fx.s, &p, T0));
    g.plan_id = p.id;
    assert_ok(bp_goal_add(fx.s, &g));
    p.status = BP_PLAN_FINISHED;
    p.finished_on = TODAY;
    p.finished_by = user;
    p.content = "{\"summary\":\"Före\"}";
    p.content_sha256 = hash;
    assert_ok(bp_plan_set_status(fx.s, &p));
    assert_ok(bp_plan_current(fx.s, &fx.a, k, &got));
    assert_string_equal(got.content_sha256, hash);

    /* through the store */
    p.summary = "Efter";
    assert_err(bp_plan_update_shared(fx.s, &p), BP_ERR_STORAGE);
    g.goal = "Ändrat";
    assert_err(bp_goal_update(fx.s, &g), BP_ERR_STORAGE);
    assert_err(
        bp_goal_add(fx.s, &(struct bp_goal){.plan_id = p.id, .area = "health", .need = "x", .goal = "y"}),
        BP_ERR_STORAGE);
    assert_err(bp_plan_contact_set(fx.s, p.id, &pc), BP_ERR_STORAGE);

    /* in plain SQL */
    snprintf(sql[0], sizeof(sql[0]), "UPDATE plans SET summary = 'Efter' WHERE id = %lld", (long long)p.id);
    snprintf(sql[1], sizeof(sql[1]), "UPDATE plans SET content_sha256 = 'x' WHERE id = %lld",
             (long long)p.id);
    snprintf(sql[2], sizeof(sql[2]), "UPDATE plans SET status = 'draft' WHERE id = %lld", (long long)p.id);
    snprintf(sql[3], sizeof(sql[3]), "DELETE FROM plans WHERE id = %lld", (long long)p.id);
    snprintf(sql[4], sizeof(sql[4]), "UPDATE plan_goals SET goal = 'Ändrat' WHERE plan_id = %lld",
             (long long)p.id);
    snprintf(sql[5], sizeof(sql[5]), "DELETE FROM plan_goals WHERE plan_id = %lld", (long long)p.id);
    snprintf(sql[6], sizeof(sql[6]),
             "INSERT INTO plan_coordinator_orgs (plan_id, org_id) VALUES (%lld, %lld)", (long long)p.id,
             (long long)school);
    snprintf(sql[7], sizeof(sql[7]),
             "UPDATE plans SET status = 'replaced', summary = 'Efter' WHERE id = %lld", (long long)p.id);
    for (i = 0; i < BP_ARRAY_LEN(refused); i++)
        refused[i] = sql[i];
    drv = raw_open(&c);
    for (i = 0; i < BP_ARRAY_LEN(refused); i++) {
        if (drv->exec_script(c, refused[i]) == BP_OK)
            fail_msg("the database let through: %s", refused[i]);
        assert_non_null(strstr(drv->errmsg(c), "plan_version_finished"));
    }
    drv->close(c);
    assert_ok(bp_plan_current(fx.s, &fx.a, k, &got));
    assert_string_equal(got.summary, "Före");
    assert_string_equal(got.content_sha256, hash);

    /* replaced by a newer version: that status, nothing else; then nothing at all */
    assert_ok(bp_plan_replace_older(fx.s, k, 1)); /* nothing older than version 1 */
    assert_ok(bp_plan_current(fx.s, &fx.a, k, &got));
    assert_int_equal(got.status, BP_PLAN_FINISHED);
    assert_ok(bp_plan_replace_older(fx.s, k, 2));
    assert_ok(bp_plan_current(fx.s, &fx.a, k, &got));
    assert_int_equal(got.status, BP_PLAN_REPLACED);
    assert_string_equal(got.content_sha256, hash);
    p.summary = "Före";
    p.status = BP_PLAN_FINISHED;
    p.content = NULL;
    p.content_sha256 = NULL;
    assert_err(bp_plan_set_status(fx.s, &p), BP_ERR_STORAGE);
}
/* ---- end of the plan ---- */
/* ---- closing a case (V-11.1-V-11.4) ---- */
/* A closure with who agreed, a reopening, the status, and a new case for the child that links back, on both
 * backends; the database itself refuses to change or delete a closure's record. */
static void test_closure(void **state)
{
    int64_t school = add_org("Avslutsskolan", BP_ORG_SCHOOL),
            social = add_org("Avslutssoc", BP_ORG_SOCIAL_SERVICES);
    int64_t user = add_user("avslutaren", false), child = add_child("Avslut", "Barn");
    int64_t k = add_case(child, school, user, T0, BP_CASE_OPEN);
    struct bp_guardian g = {.child_id = child, .name = "Vera Barn", .custody = BP_CUSTODY_JOINT};
    struct bp_closure cl = {.case_id = k,
                            .reason = BP_CLOSURE_NOT_NEEDED,
                            .agreed_child = true,
                            .n_agreed_guardians = 1,
                            .agreed_orgs = {school, social},
                            .n_agreed_orgs = 2,
                            .note = "Överens på mötet.",
                            .user_id = user,
                            .org_id = school,
                            .at = T0 + 10},
                      re = {.case_id = k,
                            .reopen = true,
                            .note = "Behovet är tillbaka.",
                            .user_id = user,
                            .org_id = school,
                            .at = T0 + 20},
                      got;
    struct bp_case kase, next;
    struct bp_conn *c;
    const struct bp_driver *drv;
    char sql[3][120];
    size_t i;
    (void)state;

    assert_ok(bp_guardian_add(fx.s, &g));
    assert_ok(bp_case_org_ask(fx.s, k, social, 0, T0));
    cl.agreed_guardians[0] = g.id;
    assert_err(bp_closure_latest(fx.s, &fx.a, k, &got), BP_ERR_NOT_FOUND);
    assert_ok(bp_closure_add(fx.s, &cl));
    assert_ok(bp_case_set_status(fx.s, k, BP_CASE_CLOSED));
    assert_ok(bp_case_get(fx.s, &fx.a, k, &kase));
    assert_int_equal(kase.status, BP_CASE_CLOSED);
    assert_ok(bp_closure_latest(fx.s, &fx.a, k, &got));
    assert_false(got.reopen);
    assert_int_equal(got.reason, BP_CLOSURE_NOT_NEEDED);
    assert_true(got.agreed_child);
    assert_int_equal(got.n_agreed_guardians, 1);
    assert_int_equal(got.agreed_guardians[0], g.id);
    assert_int_equal(got.n_agreed_orgs, 2);
    assert_true(bp_id_in(got.agreed_orgs, 2, school) && bp_id_in(got.agreed_orgs, 2, social));
    assert_string_equal(got.note, "Överens på mötet.");
    assert_string_equal(got.org_name, "Avslutsskolan");
    assert_int_equal(got.at, T0 + 10);
    assert_int_equal(got.next_case_id, 0);

    /* a new case for the same child links back to the closed one */
    next = kase;
    next.id = 0;
    next.status = BP_CASE_OPEN;
    next.previous_case_id = k;
    next.created_at = T0 + 15;
    assert_ok(bp_case_add(fx.s, &next));
    assert_ok(bp_case_get(fx.s, &fx.a, next.id, &kase));
    assert_int_equal(kase.previous_case_id, k);
    assert_ok(bp_closure_latest(fx.s, &fx.a, k, &got));
    assert_int_equal(got.next_case_id, next.id);

    /* reopened: the latest record is the reopening, the closure stays in the history */
    assert_ok(bp_closure_add(fx.s, &re));
    assert_ok(bp_case_set_status(fx.s, k, BP_CASE_OPEN));
    assert_ok(bp_closure_latest(fx.s, &fx.a, k, &got));
    assert_true(got.reopen);
    assert_string_equal(got.note, "Behovet är tillbaka.");
    assert_int_equal(got.n_agreed_orgs, 0);
    assert_err(bp_case_set_status(fx.s, 999999999, BP_CASE_CLOSED), BP_ERR_NOT_FOUND);

    /* in plain SQL: a closure is history */
    snprintf(sql[0], sizeof(sql[0]), "UPDATE case_closures SET reason = 'goals_reached' WHERE id = %lld",
             (long long)cl.id);
    snprintf(sql[1], sizeof(sql[1]), "DELETE FROM case_closures WHERE id = %lld", (long long)re.id);
    snprintf(sql[2], sizeof(sql[2]), "UPDATE case_closures SET note = 'x' WHERE case_id = %lld",
             (long long)k);
    drv = raw_open(&c);
    for (i = 0; i < BP_ARRAY_LEN(sql); i++) {
        if (drv->exec_script(c, sql[i]) == BP_OK)
            fail_msg("the database let through: %s", sql[i]);
        assert_non_null(strstr(drv->errmsg(c), "a closure is history"));
    }
    drv->close(c);
    assert_ok(bp_closure_latest(fx.s, &fx.a, k, &got));
    assert_true(got.reopen);
}
/* ---- end closing a case ---- */
/* ---- meetings ---- */
/* Meetings, invitees and K-4.8 decisions round-trip on both backends (V-4.x, V-6.2, K-4.7, K-4.8). */
static void test_meetings(void **state)
{
    int64_t school = add_org("Mötesskolan", BP_ORG_SCHOOL),
            social = add_org("Mötessoc", BP_ORG_SOCIAL_SERVICES);
    int64_t user = add_user("mote", false);
    int64_t child = add_child("Maja", "Möte");
    int64_t k = add_case(child, school, user, T0, BP_CASE_OPEN);
    struct bp_guardian g = {.child_id = child, .name = "Mira Möte", .custody = BP_CUSTODY_SOLE};
    struct bp_meeting m = {0}, got, *list;
    struct bp_invitee v1 = {0}, v2 = {0}, *inv;
    struct bp_absence_decision d = {0}, *ds;
    size_t n;

    (void)state;
    assert_ok(bp_guardian_add(fx.s, &g));
    m = (struct bp_meeting){.case_id = k,
                            .kind = BP_MEETING_PLAN,
                            .status = BP_MEETING_PLANNED,
                            .starts_at = 1783670400,
                            .ends_at = 1783674000,
                            .date = {2026, 7, 10},
                            .start_minute = 600,
                            .end_minute = 660,
                            .place = "Skolans bibliotek",
                            .setting = BP_SETTING_PHYSICAL,
                            .setting_agreed = true,
                            .purpose = "Göra en plan ihop",
                            .agenda = "Skolan och fritiden",
                            .called_by_user = user,
                            .called_by_org = school,
                            .chair_user_id = user,
                            .binding = true};
    assert_ok(bp_meeting_add(fx.s, &m, T0));
    assert_true(m.id > 0);
    assert_ok(bp_meeting_get(fx.s, &fx.a, m.id, &got));
    assert_int_equal(got.case_id, k);
    assert_int_equal(got.kind, BP_MEETING_PLAN);
    assert_int_equal(got.starts_at, 1783670400);
    assert_int_equal(got.date.d, 10);
    assert_int_equal(got.start_minute, 600);
    assert_string_equal(got.place, "Skolans bibliotek");
    assert_string_equal(got.video_link, "");
    assert_true(got.setting_agreed);
    assert_int_equal(got.note_taker_user_id, 0);
    assert_int_equal(got.invitation_sent_at, 0);
    assert_int_equal(got.invited_on.y, 0);

    got.sequence = 2;
    got.invitation_sent_at = T0 + 10;
    got.invited_on = (struct bp_date){2026, 6, 1};
    got.deadline_reason = "Vårdnadshavarna kunde inte tidigare";
    got.status = BP_MEETING_HELD;
    got.child_asked = true;
    got.child_addition = "Jag vill ha rast ute";
    assert_ok(bp_meeting_update(fx.s, &got));
    assert_ok(bp_meeting_get(fx.s, &fx.a, m.id, &got));
    assert_int_equal(got.sequence, 2);
    assert_int_equal(got.status, BP_MEETING_HELD);
    assert_int_equal(got.invited_on.m, 6);
    assert_string_equal(got.child_addition, "Jag vill ha rast ute");
    assert_string_equal(got.deadline_reason, "Vårdnadshavarna kunde inte tidigare");
    got.id = 999999999;
    assert_err(bp_meeting_update(fx.s, &got), BP_ERR_NOT_FOUND);
    assert_err(bp_meeting_get(fx.s, &fx.a, 999999999, &got), BP_ERR_NOT_FOUND);
    assert_ok(bp_meeting_list(fx.s, &fx.a, k, &list, &n));
    assert_int_equal(n, 1);
    assert_int_equal(list[0].id, m.id);

    v1 = (struct bp_invitee){.meeting_id = m.id,
                             .kind = BP_INVITEE_GUARDIAN,
                             .guardian_id = g.id,
                             .name = "Mira Möte",
                             .email = "mira@example.org"};
    v2 = (struct bp_invitee){.meeting_id = m.id,
                             .kind = BP_INVITEE_PROFESSIONAL,
                             .org_id = social,
                             .user_id = user,
                             .name = "Socialsekreterare"};
    assert_ok(bp_invitee_add(fx.s, &v1));
    assert_ok(bp_invitee_add(fx.s, &v2));
    v2.answer = BP_ANSWER_NO;
    v2.answered_on = (struct bp_date){2026, 6, 2};
    v2.decline_reason = "Semester";
    v2.substitute_name = "Kollega";
    v2.attendance = BP_ATTEND_SUBSTITUTE;
    assert_ok(bp_invitee_update(fx.s, &v2));
    assert_ok(bp_invitee_list(fx.s, &fx.a, m.id, &inv, &n));
    assert_int_equal(n, 2);
    assert_int_equal(inv[0].guardian_id, g.id);
    assert_int_equal(inv[0].answer, BP_ANSWER_PENDING);
    assert_int_equal(inv[1].answer, BP_ANSWER_NO);
    assert_int_equal(inv[1].answered_on.d, 2);
    assert_string_equal(inv[1].substitute_name, "Kollega");
    assert_int_equal(inv[1].attendance, BP_ATTEND_SUBSTITUTE);

    d = (struct bp_absence_decision){.meeting_id = m.id,
                                     .invitee_id = v2.id,
                                     .outcome = BP_ABSENCE_HOLD,
                                     .guardian_id = g.id,
                                     .decided_on = {2026, 6, 3},
                                     .note = "Vi kör",
                                     .decided_by = user};
    assert_ok(bp_absence_decision_add(fx.s, &d, T0));
    assert_ok(bp_absence_decision_list(fx.s, &fx.a, m.id, &ds, &n));
    assert_int_equal(n, 1);
    assert_int_equal(ds[0].outcome, BP_ABSENCE_HOLD);
    assert_int_equal(ds[0].decided_on.d, 3);
    /* an invitee a decision refers to stays; another can be removed */
    assert_err(bp_invitee_remove(fx.s, m.id, v2.id), BP_ERR_NOT_FOUND);
    assert_ok(bp_invitee_remove(fx.s, m.id, v1.id));
    assert_err(bp_invitee_remove(fx.s, m.id, v1.id), BP_ERR_NOT_FOUND);
    assert_ok(bp_invitee_list(fx.s, &fx.a, m.id, &inv, &n));
    assert_int_equal(n, 1);
}
/* ---- end meetings ---- */

/* ---- preparation ---- */
/* V-3.x, V-4.1, V-4.2: one preparation per case and meeting (and guardian), saved while under way and
 * updated in place when marked done; meeting_id 0 is the coming meeting. */
static void test_preparations(void **state)
{
    int64_t school = add_org("Förberedelseskolan", BP_ORG_SCHOOL);
    int64_t user = add_user("forbered", false), other = add_user("forbered2", false);
    int64_t child = add_child("Alva", "Lind");
    int64_t k = add_case(child, school, user, T0, BP_CASE_OPEN);
    struct bp_guardian g1 = {.child_id = child, .name = "Eva Lind", .custody = BP_CUSTODY_JOINT};
    struct bp_guardian g2 = {.child_id = child, .name = "Olof Lind", .custody = BP_CUSTODY_JOINT};
    struct bp_child_prep_record r, got;
    struct bp_guardian_prep_record gr, *gl;
    size_t n;
    int64_t first;

    assert_ok(bp_guardian_add(fx.s, &g1));
    assert_ok(bp_guardian_add(fx.s, &g2));
    assert_err(bp_child_prep_get(fx.s, &fx.a, k, 0, &got), BP_ERR_NOT_FOUND);

    memset(&r, 0, sizeof(r));
    r.p = (struct bp_child_prep){
        .case_id = k,
        .informed = true,
        .informed_on = {2026, 11, 20},
        .how_informed = "Med bilder, hemma",
        .adapted = true,
        .picture_support_used = true,
        .answers = {"Att kompisarna är snälla", "", "Att jag går i skolan", "Mamma", "Bara en stund"},
        .participation = BP_PART_REPRESENTATIVE,
        .rep_kind = BP_REP_GUARDIAN,
        .rep_guardian_id = g1.id,
        .rep_name = "Eva Lind",
        .wanted_participants = "Mamma och fröken",
        .place_wishes = "I skolans lilla rum, med saft",
        .setting = BP_SETTING_PHYSICAL,
        .support_kind = BP_SUPPORT_OTHER_ADULT,
        .support_name = "Moster Lisa",
        .support_relation = "moster",
        .prepared_by = user};
    r.org_id = school;
    r.created_at = T0;
    r.updated_at = T0;
    assert_ok(bp_child_prep_save(fx.s, &r));
    assert_true(r.p.id > 0);
    first = r.p.id;
    assert_ok(bp_child_prep_get(fx.s, &fx.a, k, 0, &got));
    assert_int_equal(got.p.id, first);
    assert_int_equal(got.p.meeting_id, 0);
    assert_true(got.p.informed);
    assert_int_equal(got.p.informed_on.d, 20);
    assert_string_equal(got.p.how_informed, "Med bilder, hemma");
    assert_true(got.p.adapted);
    assert_false(got.p.interpreter_used);
    assert_true(got.p.picture_support_used);
    assert_string_equal(got.p.answers[0], "Att kompisarna är snälla");
    assert_string_equal(got.p.answers[1], "");
    assert_string_equal(got.p.answers[4], "Bara en stund");
    assert_int_equal(got.p.participation, BP_PART_REPRESENTATIVE);
    assert_int_equal(got.p.rep_kind, BP_REP_GUARDIAN);
    assert_int_equal(got.p.rep_guardian_id, g1.id);
    assert_string_equal(got.p.rep_name, "Eva Lind");
    assert_string_equal(got.p.place_wishes, "I skolans lilla rum, med saft");
    assert_int_equal(got.p.setting, BP_SETTING_PHYSICAL);
    assert_int_equal(got.p.support_kind, BP_SUPPORT_OTHER_ADULT);
    assert_string_equal(got.p.support_relation, "moster");
    assert_int_equal(got.p.prepared_by, user);
    assert_int_equal(got.org_id, school);
    assert_string_equal(got.org_name, "Förberedelseskolan");
    assert_false(got.p.done);
    assert_int_equal(got.p.done_on.y, 0);

    /* marked done later, by another professional: the same row, updated */
    r.p.done = true;
    r.p.done_on = (struct bp_date){2026, 11, 23};
    r.p.participation = BP_PART_LETTER;
    r.p.letter_note = "Brevet finns hos mentorn";
    r.p.prepared_by = other;
    r.updated_at = T0 + 60;
    r.created_at = T0 + 60;
    assert_ok(bp_child_prep_save(fx.s, &r));
    assert_int_equal(r.p.id, first);
    assert_ok(bp_child_prep_get(fx.s, &fx.a, k, 0, &got));
    assert_true(got.p.done);
    assert_int_equal(got.p.done_on.d, 23);
    assert_int_equal(got.p.participation, BP_PART_LETTER);
    assert_int_equal(got.p.rep_guardian_id, 0); /* a representative only for that choice */
    assert_string_equal(got.p.letter_note, "Brevet finns hos mentorn");
    assert_int_equal(got.p.prepared_by, other);
    assert_int_equal(got.created_at, T0);
    assert_int_equal(got.updated_at, T0 + 60);

    /* another meeting is another preparation (no foreign key to the meetings table) */
    r.p.id = 0;
    r.p.meeting_id = 4242;
    assert_ok(bp_child_prep_save(fx.s, &r));
    assert_true(r.p.id != first);
    assert_ok(bp_child_prep_get(fx.s, &fx.a, k, 4242, &got));
    assert_int_equal(got.p.meeting_id, 4242);
    assert_ok(bp_child_prep_get(fx.s, &fx.a, k, 0, &got));
    assert_int_equal(got.p.id, first);

    /* codes out of range and rows that do not exist */
    r.p.setting = BP_SETTING_COUNT;
    assert_err(bp_child_prep_save(fx.s, &r), BP_ERR_INVALID);
    r.p.setting = BP_SETTING_DIGITAL;
    r.p.id = 0;
    r.p.case_id = 999999999;
    assert_err(bp_child_prep_save(fx.s, &r), BP_ERR_NOT_FOUND);

    /* the guardians, one row each */
    assert_ok(bp_guardian_prep_list(fx.s, &fx.a, k, 0, &gl, &n));
    assert_int_equal(n, 0);
    memset(&gr, 0, sizeof(gr));
    gr.p = (struct bp_guardian_prep){.case_id = k,
                                     .guardian_id = g2.id,
                                     .answers = {"Lugn", "Hjälp med läxor", "", "", "Att bli lyssnad på"},
                                     .prepared_by = user};
    gr.org_id = school;
    gr.created_at = gr.updated_at = T0;
    assert_ok(bp_guardian_prep_save(fx.s, &gr));
    first = gr.p.id;
    gr.p.guardian_id = g1.id;
    gr.p.id = 0;
    gr.p.informed = true;
    gr.p.informed_on = (struct bp_date){2026, 11, 21};
    gr.p.interpreter_used = true;
    gr.p.done = true;
    gr.p.done_on = (struct bp_date){2026, 11, 22};
    assert_ok(bp_guardian_prep_save(fx.s, &gr));
    assert_true(gr.p.id != first);
    gr.p.guardian_id = g2.id; /* the second guardian marked done: an update */
    gr.updated_at = T0 + 5;
    assert_ok(bp_guardian_prep_save(fx.s, &gr));
    assert_int_equal(gr.p.id, first);
    assert_ok(bp_guardian_prep_list(fx.s, &fx.a, k, 0, &gl, &n));
    assert_int_equal(n, 2);
    assert_int_equal(gl[0].p.guardian_id < gl[1].p.guardian_id, 1);
    assert_true(gl[0].p.done && gl[1].p.done);
    assert_true(gl[0].p.interpreter_used);
    assert_int_equal(gl[0].p.informed_on.d, 21);
    assert_string_equal(gl[0].org_name, "Förberedelseskolan");
    assert_string_equal(gl[0].prepared_by_name, bp_arena_printf(&fx.a, "Name of forbered-%d", fx.unique - 1));
    assert_ok(bp_guardian_prep_list(fx.s, &fx.a, k, 4242, &gl, &n));
    assert_int_equal(n, 0);
    gr.p.guardian_id = 999999999;
    gr.p.id = 0;
    assert_err(bp_guardian_prep_save(fx.s, &gr), BP_ERR_NOT_FOUND);
}
/* ---- end preparation ---- */

/* V-9.1-V-9.4: what happens while the plan is carried out is added beside the frozen version, never in it;
 * an intervention's copy in a new draft keeps its line; an event is decided once. */
static void test_implementation(void **state)
{
    int64_t school = add_org("Genomförandeskolan", BP_ORG_SCHOOL),
            social = add_org("Genomförandesoc", BP_ORG_SOCIAL_SERVICES);
    int64_t anna = add_user("genomforare", false), bertil = add_user("rapportor", false);
    int64_t k = add_case(add_child("Genom", "Förande"), school, anna, T0, BP_CASE_OPEN);
    struct bp_plan p = {.case_id = k,
                        .version = 1,
                        .status = BP_PLAN_DRAFT,
                        .kind = "sip_child_plan",
                        .followup_minute = -1,
                        .summary = "Plan"},
                   p2;
    struct bp_intervention iv = {.what = "Stöd",
                                 .org_id = school,
                                 .starts_on = TODAY,
                                 .level = "Varje vecka"},
                           copy;
    struct bp_plan_parts parts;
    struct bp_progress pr = {.case_id = k,
                             .org_id = school,
                             .status = BP_PROGRESS_STARTED,
                             .status_on = TODAY,
                             .note = "Början",
                             .recorded_by = anna,
                             .created_at = T0},
                       *prs;
    struct bp_child_voice v1 = {.case_id = k,
                                .org_id = social,
                                .said_on = {2026, 11, 1},
                                .note = "Undrar",
                                .recorded_by = bertil,
                                .created_at = T0},
                          v2 = {.case_id = k,
                                .org_id = social,
                                .said_on = TODAY,
                                .note = "Glad",
                                .recorded_by = bertil,
                                .created_at = T0},
                          *vs;
    struct bp_plan_event ev = {.case_id = k,
                               .org_id = social,
                               .what = "Flytt",
                               .happened_on = TODAY,
                               .reported_by = bertil,
                               .created_at = T0},
                         *evs;
    struct bp_user *members;
    size_t n;
    (void)state;

    assert_ok(bp_membership_add(fx.s, anna, school, BP_ROLE_PROFESSIONAL));
    assert_ok(bp_plan_add(fx.s, &p, T0));
    p.coordinator_orgs[0] = school;
    p.n_coordinator_orgs = 1;
    assert_ok(bp_plan_update_shared(fx.s, &p));
    iv.plan_id = p.id;
    assert_ok(bp_intervention_add(fx.s, &iv));
    assert_ok(bp_plan_parts_get(fx.s, &fx.a, p.id, &parts));
    assert_int_equal(parts.interventions[0].origin_id, iv.id); /* the first of its line */
    p.status = BP_PLAN_FINISHED;
    p.finished_on = TODAY;
    p.finished_by = anna;
    assert_ok(bp_plan_set_status(fx.s, &p));

    /* V-9.1: recorded on the frozen version's intervention, in a table of its own */
    pr.intervention_id = pr.origin_id = iv.id;
    assert_ok(bp_progress_add(fx.s, &pr));
    pr.status = BP_PROGRESS_ONGOING;
    pr.note = "Går bra";
    assert_ok(bp_progress_add(fx.s, &pr));
    assert_ok(bp_progress_list(fx.s, &fx.a, k, &prs, &n));
    assert_int_equal(n, 2);
    assert_int_equal(prs[0].status, BP_PROGRESS_ONGOING); /* newest first */
    assert_string_equal(prs[0].recorded_by_name,
                        bp_arena_printf(&fx.a, "Name of genomforare-%d", fx.unique - 1));
    assert_ptr_equal(bp_progress_latest(prs, n, iv.id), &prs[0]);

    /* a new draft's copy keeps the line */
    p2 = p;
    p2.id = 0;
    p2.version = 2;
    p2.status = BP_PLAN_DRAFT;
    assert_ok(bp_plan_add(fx.s, &p2, T0));
    copy = parts.interventions[0];
    copy.plan_id = p2.id;
    assert_ok(bp_intervention_add(fx.s, &copy));
    assert_ok(bp_plan_parts_get(fx.s, &fx.a, p2.id, &parts));
    assert_true(parts.interventions[0].id != iv.id);
    assert_int_equal(parts.interventions[0].origin_id, iv.id);

    /* V-9.2: since a date */
    assert_ok(bp_child_voice_add(fx.s, &v1));
    assert_ok(bp_child_voice_add(fx.s, &v2));
    assert_ok(bp_child_voice_list(fx.s, &fx.a, k, (struct bp_date){0}, &vs, &n));
    assert_int_equal(n, 2);
    assert_string_equal(vs[0].note, "Glad");
    assert_ok(bp_child_voice_list(fx.s, &fx.a, k, (struct bp_date){2026, 11, 10}, &vs, &n));
    assert_int_equal(n, 1);
    assert_string_equal(vs[0].note, "Glad");

    /* V-9.3, V-9.4: an event waits, is decided once; an earlier follow-up without its meeting is refused */
    assert_ok(bp_plan_event_add(fx.s, &ev));
    assert_ok(bp_plan_event_list(fx.s, &fx.a, k, true, &evs, &n));
    assert_int_equal(n, 1);
    assert_int_equal(evs[0].decision, BP_EVENT_UNDECIDED);
    ev.decision = BP_EVENT_EARLIER_FOLLOWUP;
    ev.decided_by = anna;
    ev.decided_on = TODAY;
    ev.decision_note = "";
    assert_err(bp_plan_event_decide(fx.s, &ev), BP_ERR_STORAGE);
    ev.decision = BP_EVENT_BOOKED_ENOUGH;
    ev.decision_note = "Räcker";
    assert_ok(bp_plan_event_decide(fx.s, &ev));
    assert_err(bp_plan_event_decide(fx.s, &ev), BP_ERR_NOT_FOUND);
    assert_ok(bp_plan_event_list(fx.s, &fx.a, k, true, &evs, &n));
    assert_int_equal(n, 0);
    assert_ok(bp_plan_event_list(fx.s, &fx.a, k, false, &evs, &n));
    assert_int_equal(n, 1);
    assert_int_equal(evs[0].decision, BP_EVENT_BOOKED_ENOUGH);
    assert_string_equal(evs[0].decision_note, "Räcker");
    assert_int_equal(evs[0].decided_by, anna);
    assert_int_equal(evs[0].meeting_id, 0);

    /* V-9.3: who is told when the plan names no person: the coordinating organisation's members */
    assert_ok(bp_plan_coordinator_members(fx.s, &fx.a, p.id, &members, &n));
    assert_int_equal(n, 1);
    assert_int_equal(members[0].id, anna);
}

/* V-12.4: what the region learns: each measure's groups counted in SQL the same on both backends (the day
 * arithmetic of store_region.c included: V-6.1's days from the need noticed, K-4.3's from the invitation),
 * only the organisation's cases, only the period's. */
static int64_t region_meeting(int64_t k, enum bp_meeting_kind kind, enum bp_meeting_status status,
                              struct bp_date date, struct bp_date invited, int64_t user)
{
    struct bp_meeting m = {.case_id = k,
                           .kind = kind,
                           .status = status,
                           .starts_at = T0,
                           .ends_at = T0 + 3600,
                           .date = date,
                           .start_minute = 600,
                           .end_minute = 660,
                           .place = "Skolan",
                           .setting = BP_SETTING_PHYSICAL,
                           .called_by_user = user,
                           .invitation_sent_at = invited.y ? T0 : 0,
                           .invited_on = invited,
                           .binding = true};
    assert_ok(bp_meeting_add(fx.s, &m, T0));
    assert_ok(bp_meeting_update(fx.s, &m)); /* the add leaves the invitation and the status to updates */
    return m.id;
}

static const struct bp_region_count *region_row(const struct bp_region_count *c, size_t n, const char *code,
                                                int64_t a, int64_t b)
{
    size_t i;
    for (i = 0; i < n; i++)
        if ((!code || strcmp(c[i].code, code) == 0) && c[i].a == a && c[i].b == b)
            return &c[i];
    return NULL;
}

/* What a purge keeps of case k (app/purge.c): its statistics row under org, and its groups. */
static void region_keep(int64_t id, int64_t k, enum bp_model model, int64_t org, struct bp_date today)
{
    struct bp_case_statistic st = {.id = id,
                                   .model = model,
                                   .route = BP_ROUTE_HLT,
                                   .noticed_quarter = "2024-Q1",
                                   .closed_quarter = "2024-Q2",
                                   .reason = BP_CLOSURE_GOALS_REACHED,
                                   .days_to_first_meeting = -1,
                                   .orgs = {org},
                                   .n_orgs = 1};
    assert_ok(bp_case_statistic_add(fx.s, &st));
    assert_ok(bp_case_statistic_groups_add(fx.s, id, k, today));
}

static void test_region_counts(void **state)
{
    int64_t org = add_org("Regionskolan", BP_ORG_SCHOOL), other = add_org("Annan region", BP_ORG_SCHOOL);
    int64_t user = add_user("regionen", false);
    int64_t k1 = add_case(add_child("Ett", "Region"), org, user, T0, BP_CASE_OPEN);
    int64_t k2 = add_case(add_child("Två", "Region"), org, user, T0, BP_CASE_OPEN);
    int64_t k4 = add_case(add_child("Fyra", "Region"), other, user, T0, BP_CASE_OPEN);
    struct bp_case kb = {.child_id = add_child("Tre", "Region"),
                         .model = BP_MODEL_KRONOBERG,
                         .plan_kind = "child_plan",
                         .status = BP_CASE_CLOSED,
                         .initiating_org_id = org,
                         .initiator_user_id = user,
                         .noticed_on = "2024-03-01",
                         .route = BP_ROUTE_KRONOBERG_NAMED_PERSON,
                         .requested_by = BP_REQ_PROFESSIONAL,
                         .reason = "samverkan",
                         .created_at = T0};
    struct bp_plan p = {.case_id = k1,
                        .version = 1,
                        .status = BP_PLAN_DRAFT,
                        .kind = "sip_child_plan",
                        .followup_minute = -1,
                        .has_followup = true,
                        .followup_on = {2024, 5, 1}};
    struct bp_invitee child = {.kind = BP_INVITEE_CHILD, .name = "Tre", .attendance = BP_ATTEND_PRESENT};
    struct bp_closure cl = {
        .reason = BP_CLOSURE_GOALS_REACHED, .user_id = user, .org_id = org, .at = T0 + 10};
    struct bp_region_filter f = {.org_id = org, .model = -1, .today = {2024, 6, 1}};
    struct bp_region_count *c;
    const struct bp_region_count *r;
    size_t n;
    (void)state;
    assert_ok(bp_case_add(fx.s, &kb));
    (void)k2; /* the initiating organisation takes part in its cases (bp_case_add) */
    (void)k4;
    assert_true(bp_region_period_parse("", &f.period));
    /* k1: its plan meeting held 14 days after the need was noticed, a plan finished on the day with a
     * follow-up booked for 1 May, held two days late */
    region_meeting(k1, BP_MEETING_PLAN, BP_MEETING_HELD, (struct bp_date){2024, 3, 15}, (struct bp_date){0},
                   user);
    region_meeting(k1, BP_MEETING_FOLLOWUP, BP_MEETING_HELD, (struct bp_date){2024, 5, 3},
                   (struct bp_date){0}, user);
    assert_ok(bp_plan_add(fx.s, &p, T0));
    p.status = BP_PLAN_FINISHED;
    p.finished_on = (struct bp_date){2024, 3, 15};
    p.finished_by = user;
    assert_ok(bp_plan_set_status(fx.s, &p));
    /* Kronoberg: invited 29 days before a meeting held 60 days after the need was noticed, the child there;
     * then closed, the goals reached */
    child.meeting_id = region_meeting(kb.id, BP_MEETING_PLAN, BP_MEETING_HELD, (struct bp_date){2024, 4, 30},
                                      (struct bp_date){2024, 4, 1}, user);
    assert_ok(bp_invitee_add(fx.s, &child));
    assert_ok(bp_invitee_update(fx.s, &child));
    cl.case_id = kb.id;
    assert_ok(bp_closure_add(fx.s, &cl));

    assert_ok(bp_region_counts(fx.s, &fx.a, BP_REGION_STEPS, &f, &c, &n));
    assert_int_equal(n, 3); /* k1 followed up, k2 nothing yet, kb closed; not the other organisation's k4 */
    assert_non_null(
        region_row(c, n, NULL, BP_REGION_CLOSED | BP_REGION_MEETING_HELD | BP_REGION_MEETING_CALLED, 0));
    assert_non_null(region_row(c, n, NULL, 0, 0));
    assert_non_null(r = region_row(c, n, NULL,
                                   BP_REGION_FOLLOWUP_HELD | BP_REGION_PLAN_FINISHED |
                                       BP_REGION_MEETING_HELD | BP_REGION_MEETING_CALLED,
                                   0));
    assert_int_equal(r->n, 1);

    assert_ok(bp_region_counts(fx.s, &fx.a, BP_REGION_FIRST_MEETING, &f, &c, &n));
    assert_int_equal(n, 3);
    assert_non_null(region_row(c, n, NULL, 1, 14)); /* V-6.1: 1 March to 15 March */
    assert_non_null(region_row(c, n, NULL, 1, 60)); /* 1 March to 30 April, a leap year's February behind */
    assert_non_null(region_row(c, n, NULL, 0, 92)); /* none yet: 1 March to today, 1 June */

    assert_ok(bp_region_counts(fx.s, &fx.a, BP_REGION_INVITATIONS, &f, &c, &n));
    assert_int_equal(n, 1);
    assert_non_null(region_row(c, n, NULL, 0, 29)); /* K-4.3: 1 April to 30 April */

    assert_ok(bp_region_counts(fx.s, &fx.a, BP_REGION_CHILD_PRESENT, &f, &c, &n));
    assert_int_equal(n, 2); /* the held plan meetings; k1's follow-up too */
    assert_non_null(r = region_row(c, n, "present", 0, 0));
    assert_string_equal(r->code2, "not_prepared");
    assert_non_null(r = region_row(c, n, "not_invited", 0, 0));
    assert_int_equal(r->n, 2);

    assert_ok(bp_region_counts(fx.s, &fx.a, BP_REGION_FOLLOWUPS, &f, &c, &n));
    assert_int_equal(n, 1);
    assert_non_null(region_row(c, n, NULL, 1, 2)); /* booked 1 May, held 3 May */

    assert_ok(bp_region_counts(fx.s, &fx.a, BP_REGION_CLOSURES, &f, &c, &n));
    assert_int_equal(n, 1);
    assert_non_null(r = region_row(c, n, "goals_reached", 0, 0));
    assert_int_equal(r->n, 1);

    /* a period without any of it, and Kronoberg alone */
    assert_true(bp_region_period_parse("2024-Q3", &f.period));
    f.from_at = T0 + 100;
    f.to_at = T0 + 200;
    assert_ok(bp_region_counts(fx.s, &fx.a, BP_REGION_STEPS, &f, &c, &n));
    assert_int_equal(n, 0);
    assert_ok(bp_region_counts(fx.s, &fx.a, BP_REGION_CLOSURES, &f, &c, &n));
    assert_int_equal(n, 0);
    assert_true(bp_region_period_parse("2024-Q1", &f.period));
    f.model = BP_MODEL_KRONOBERG;
    assert_ok(bp_region_counts(fx.s, &fx.a, BP_REGION_STEPS, &f, &c, &n));
    assert_int_equal(n, 1);
    assert_int_equal(c[0].n, 1);

    /* issue 9 item 8: what a purge keeps of k1's and kb's meetings and follow-ups (migration 022) counts as
     * the cases did: the cases are still here, so every group of theirs counts twice now */
    region_keep(8001, k1, BP_MODEL_VASTERBOTTEN, org, f.today);
    region_keep(8002, kb.id, BP_MODEL_KRONOBERG, org, f.today);
    f.model = -1;
    assert_true(bp_region_period_parse("2024-Q2", &f.period));
    assert_ok(bp_region_counts(fx.s, &fx.a, BP_REGION_INVITATIONS, &f, &c, &n));
    assert_int_equal(n, 1);
    assert_int_equal(region_row(c, n, NULL, 0, 29)->n, 2); /* K-4.3: the meeting of 30 April */
    assert_ok(bp_region_counts(fx.s, &fx.a, BP_REGION_FOLLOWUPS, &f, &c, &n));
    assert_int_equal(n, 1);
    assert_int_equal(region_row(c, n, NULL, 1, 2)->n, 2); /* booked 1 May, held 3 May */
    assert_true(bp_region_period_parse("", &f.period));
    assert_ok(bp_region_counts(fx.s, &fx.a, BP_REGION_CHILD_PRESENT, &f, &c, &n));
    assert_int_equal(n, 2);
    assert_non_null(r = region_row(c, n, "present", 0, 0));
    assert_string_equal(r->code2, "not_prepared");
    assert_int_equal(r->n, 2);
    assert_int_equal(region_row(c, n, "not_invited", 0, 0)->n, 4);
    assert_true(
        bp_region_period_parse("2024-Q1", &f.period)); /* no meeting dated then, no follow-up booked */
    assert_ok(bp_region_counts(fx.s, &fx.a, BP_REGION_INVITATIONS, &f, &c, &n));
    assert_int_equal(n, 0);
    assert_ok(bp_region_counts(fx.s, &fx.a, BP_REGION_FOLLOWUPS, &f, &c, &n));
    assert_int_equal(n, 0);
    f.org_id = other; /* kept under the organisation's statistics row only */
    assert_true(bp_region_period_parse("", &f.period));
    assert_ok(bp_region_counts(fx.s, &fx.a, BP_REGION_CHILD_PRESENT, &f, &c, &n));
    assert_int_equal(n, 0);
}

/* V-12.4 after a purge (issue 9 item 8): a purged case's anonymous row in case_statistics counts in the
 * measures it can answer, with the same filters: the organisation (case_statistic_orgs), the model, the
 * period by quarter (noticed for the steps and the first meeting, closed for closures). */
static void stat_add(int64_t id, enum bp_model model, int64_t org, const char *noticed, const char *closed,
                     enum bp_closure_reason reason, int64_t days)
{
    struct bp_case_statistic st = {.id = id,
                                   .model = model,
                                   .route = model == BP_MODEL_KRONOBERG ? BP_ROUTE_KRONOBERG_NAMED_PERSON
                                                                        : BP_ROUTE_HLT,
                                   .reason = reason,
                                   .days_to_first_meeting = days,
                                   .deadline = days >= 0 ? BP_STAT_DEADLINE_MET : BP_STAT_DEADLINE_NONE,
                                   .plan_versions = 1,
                                   .orgs = {org},
                                   .n_orgs = 1};
    memcpy(st.noticed_quarter, noticed, 8);
    memcpy(st.closed_quarter, closed, 8);
    assert_ok(bp_case_statistic_add(fx.s, &st));
}

static void test_region_purged_counts(void **state)
{
    int64_t org = add_org("Gallrade skolan", BP_ORG_SCHOOL), other = add_org("Andra skolan", BP_ORG_SCHOOL);
    struct bp_region_filter f = {.org_id = org, .model = -1, .today = {2024, 6, 1}};
    struct bp_region_count *c;
    const struct bp_region_count *r;
    size_t n;
    (void)state;
    stat_add(9001, BP_MODEL_VASTERBOTTEN, org, "2024-Q1", "2024-Q2", BP_CLOSURE_GOALS_REACHED, 10);
    stat_add(9002, BP_MODEL_KRONOBERG, org, "2024-Q1", "2024-Q2", BP_CLOSURE_NOT_NEEDED, -1);
    stat_add(9003, BP_MODEL_VASTERBOTTEN, other, "2024-Q1", "2024-Q2", BP_CLOSURE_GOALS_REACHED, 10);
    stat_add(9004, BP_MODEL_VASTERBOTTEN, org, "2023-Q4", "2024-Q1", BP_CLOSURE_GOALS_REACHED, 30);

    assert_true(bp_region_period_parse("2024-Q1", &f.period));
    assert_ok(bp_region_counts(fx.s, &fx.a, BP_REGION_STEPS, &f, &c, &n));
    assert_int_equal(n, 1); /* closed: 9001 and 9002; not the other organisation's, not last quarter's */
    assert_non_null(r = region_row(c, n, NULL, BP_REGION_CLOSED, 0));
    assert_int_equal(r->n, 2);

    assert_ok(bp_region_counts(fx.s, &fx.a, BP_REGION_FIRST_MEETING, &f, &c, &n));
    assert_int_equal(n, 2);
    assert_non_null(region_row(c, n, NULL, 1, 10));  /* the kept days */
    assert_non_null(region_row(c, n, NULL, 0, 152)); /* none: 1 January (the quarter's first day) to 1 June */

    assert_ok(bp_region_counts(fx.s, &fx.a, BP_REGION_CLOSURES, &f, &c, &n));
    assert_int_equal(n, 1); /* 9004, closed in the quarter; not 9001 and 9002, closed in the next */
    assert_non_null(r = region_row(c, n, "goals_reached", 0, 0));
    assert_int_equal(r->n, 1);
    assert_true(bp_region_period_parse("2024", &f.period));
    f.from_at = T0 + 100;
    f.to_at = T0 + 200;
    assert_ok(bp_region_counts(fx.s, &fx.a, BP_REGION_CLOSURES, &f, &c, &n));
    assert_int_equal(n, 2);
    assert_non_null(r = region_row(c, n, "goals_reached", 0, 0));
    assert_int_equal(r->n, 2); /* 9001 and 9004, closed in 2024 */
    assert_non_null(r = region_row(c, n, "not_needed", 0, 0));
    assert_int_equal(r->n, 1);

    f.model = BP_MODEL_KRONOBERG;
    assert_ok(bp_region_counts(fx.s, &fx.a, BP_REGION_STEPS, &f, &c, &n));
    assert_int_equal(n, 1);
    assert_int_equal(c[0].n, 1);

    f.model = -1; /* every date: the organisation's three, the other's one */
    assert_true(bp_region_period_parse("", &f.period));
    assert_ok(bp_region_counts(fx.s, &fx.a, BP_REGION_STEPS, &f, &c, &n));
    assert_non_null(r = region_row(c, n, NULL, BP_REGION_CLOSED, 0));
    assert_int_equal(r->n, 3);
    f.org_id = other;
    assert_ok(bp_region_counts(fx.s, &fx.a, BP_REGION_STEPS, &f, &c, &n));
    assert_int_equal(n, 1);
    assert_int_equal(c[0].n, 1);
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_migrate_again, test_setup),
        cmocka_unit_test_setup(test_open, test_setup),
        cmocka_unit_test_setup(test_orgs, test_setup),
        cmocka_unit_test_setup(test_users, test_setup),
        cmocka_unit_test_setup(test_memberships, test_setup),
        cmocka_unit_test_setup(test_family_codes, test_setup),
        cmocka_unit_test_setup(test_user_updates, test_setup),
        cmocka_unit_test_setup(test_staff, test_setup),
        cmocka_unit_test_setup(test_sessions, test_setup),
        cmocka_unit_test_setup(test_login_failures, test_setup),
        cmocka_unit_test_setup(test_login_pairs_and_devices, test_setup),
        cmocka_unit_test_setup(test_children_and_guardians, test_setup),
        cmocka_unit_test_setup(test_cases, test_setup),
        cmocka_unit_test_setup(test_case_list_for_user, test_setup),
        cmocka_unit_test_setup(test_case_list_window, test_setup), /* issue 12 item 2 */
        cmocka_unit_test_setup(test_consent_ledger, test_setup),
        cmocka_unit_test_setup(test_consent_scans, test_setup), /* consent scans */
        cmocka_unit_test_setup(test_case_list_follows_access_rule, test_setup),
        cmocka_unit_test_setup(test_notifications_and_outbox, test_setup),
        cmocka_unit_test_setup(test_named_persons, test_setup), /* X-1, X-2, X-3 */
        cmocka_unit_test_setup(test_events, test_setup),
        cmocka_unit_test_setup(test_audit, test_setup),
        cmocka_unit_test_setup(test_audit_append_only, test_setup),
        cmocka_unit_test_setup(test_transactions, test_setup),
        cmocka_unit_test_setup(test_audit_chain, test_setup),
        cmocka_unit_test_setup(test_read_batch, test_setup),
        cmocka_unit_test_setup(test_audit_commit, test_setup),
        cmocka_unit_test_setup(test_read_transaction, test_setup),
        cmocka_unit_test_setup(test_plan_downloads, test_setup),
        cmocka_unit_test_setup(test_two_connections, test_setup),
        cmocka_unit_test_setup(test_text_round_trip, test_setup),
        cmocka_unit_test_setup(test_count, test_setup),
        cmocka_unit_test_setup(test_meetings, test_setup), /* meetings */
        cmocka_unit_test_setup(test_sqlite_settings, test_setup),
        cmocka_unit_test_setup(test_plan, test_setup),                 /* the plan */
        cmocka_unit_test_setup(test_plan_version_frozen, test_setup),  /* V-10.6 */
        cmocka_unit_test_setup(test_implementation, test_setup),       /* V-9.1-V-9.4 */
        cmocka_unit_test_setup(test_closure, test_setup),              /* V-11.1-V-11.4 */
        cmocka_unit_test_setup(test_region_counts, test_setup),        /* V-12.4 */
        cmocka_unit_test_setup(test_region_purged_counts, test_setup), /* V-12.4, issue 9 item 8 */
        cmocka_unit_test_setup(test_preparations, test_setup),         /* ---- preparation ---- */
        cmocka_unit_test_setup(test_batch_reads,
                               test_setup), /* issue 12 item 2; last: it adds to every table */
    };
    int rc = choose_database(argc, argv);
    if (rc >= 0)
        return rc;
    rc = cmocka_run_group_tests_name(fx.pg_schema[0] ? "storage contract (postgres)"
                                                     : "storage contract (sqlite)",
                                     tests, group_setup, group_teardown);
    remove_database();
    return rc;
}
