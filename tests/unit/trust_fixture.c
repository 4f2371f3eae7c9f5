/* trust_fixture.c: the SQLite file, the second connection and the case of the trust unit tests (see
 * trust_fixture.h). */
#include "trust_fixture.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct trust_fx fx;

static char template_path[256];

static const char *tmpdir(void)
{
    return getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
}

int trust_template_make(void **state)
{
    struct bp_store *s;
    char err[256], url[300];
    int fd, applied;
    (void)state;
    snprintf(template_path, sizeof(template_path), "%s/bp-trust-template-XXXXXX", tmpdir());
    fd = mkstemp(template_path);
    if (fd < 0)
        return -1;
    close(fd);
    unlink(template_path);
    snprintf(url, sizeof(url), "sqlite:%s", template_path);
    if (bp_store_open(url, &s, err, sizeof(err)) != BP_OK || bp_store_migrate(s, &applied) != BP_OK)
        return -1;
    bp_store_close(s); /* the last connection: the WAL is checkpointed into the file */
    return 0;
}

static void remove_db(const char *path)
{
    static const char *const sides[] = {"", "-wal", "-shm", "-writelock"};
    char side[300];
    size_t i;
    for (i = 0; i < 4; i++) {
        snprintf(side, sizeof(side), "%s%s", path, sides[i]);
        unlink(side);
    }
}

int trust_template_remove(void **state)
{
    (void)state;
    remove_db(template_path);
    return 0;
}

static void copy_template(int fd)
{
    char buf[65536];
    ssize_t n;
    FILE *in = fopen(template_path, "rb");
    assert_non_null(in);
    while ((n = (ssize_t)fread(buf, 1, sizeof(buf), in)) > 0)
        assert_int_equal(write(fd, buf, (size_t)n), n);
    fclose(in);
}

void trust_db_open(const char *stem)
{
    char err[256];
    int fd;
    memset(&fx, 0, sizeof(fx));
    snprintf(fx.path, sizeof(fx.path), "%s/%s-XXXXXX", tmpdir(), stem);
    fd = mkstemp(fx.path);
    assert_true(fd >= 0);
    copy_template(fd);
    close(fd);
    snprintf(fx.url, sizeof(fx.url), "sqlite:%s", fx.path);
    if (bp_store_open(fx.url, &fx.s, err, sizeof(err)) != BP_OK)
        fail_msg("open: %s", err);
    assert_int_equal(sqlite3_open(fx.path, &fx.raw), SQLITE_OK);
    sqlite3_busy_timeout(fx.raw, 10000);
    bp_arena_init(&fx.a, 0);
}

void trust_db_close(void)
{
    sqlite3_close(fx.raw);
    bp_store_close(fx.s);
    bp_arena_release(&fx.a);
    remove_db(fx.path);
}

int trust_teardown(void **state)
{
    (void)state;
    trust_db_close();
    return 0;
}

void trust_child_add(void)
{
    struct bp_child c = {.given_name = "Ella",
                         .family_name = "Ek",
                         .id_kind = BP_ID_PERSONNUMMER,
                         .id_number = "20160501-1234",
                         .birth_date = "2016-05-01",
                         .language = "svenska",
                         .created_at = T0};
    assert_ok(bp_child_add(fx.s, &c));
    fx.child = c.id;
}

void trust_case_seed(bool with_hanna)
{
    struct bp_case k = {.model = BP_MODEL_VASTERBOTTEN,
                        .status = BP_CASE_OPEN,
                        .noticed_on = "2026-11-01",
                        .route = BP_ROUTE_HLT,
                        .requested_by = BP_REQ_PROFESSIONAL,
                        .triggers = 1,
                        .reason = "samordning",
                        .created_at = T0};
    struct bp_consent consent = {.org_id = 0,
                                 .giver = BP_CONSENT_BY_ADULT_STUDENT,
                                 .scope = "Närvaro",
                                 .form = BP_FORM_HLT_VASTERBOTTEN,
                                 .given_on = {2026, 11, 1},
                                 .created_at = T0};
    fx.school = add_org("Skolan");
    fx.social = add_org("Socialtjänsten");
    fx.bup = add_org("BUP");
    fx.health = add_org("Elevhälsan");
    fx.outsider = add_org("Annan skola");
    add_user(&fx.anna, fx.anna_m, "anna", fx.school);
    add_user(&fx.bo, fx.bo_m, "bo", fx.social);
    add_user(&fx.dora, fx.dora_m, "dora", fx.bup);
    add_user(&fx.olle, fx.olle_m, "olle", fx.outsider);
    if (with_hanna)
        add_user(&fx.hanna, fx.hanna_m, "hanna", fx.health);
    trust_child_add();
    fx.g1 = add_guardian("Sara", true);
    fx.g2 = add_guardian("Johan", false);
    k.child_id = fx.child;
    k.plan_kind = bp_plan_kind_for(BP_MODEL_VASTERBOTTEN, false);
    k.initiating_org_id = fx.school;
    k.initiator_user_id = fx.anna.id;
    assert_ok(bp_case_add(fx.s, &k));
    fx.kase = k.id;
    consent.case_id = fx.kase;
    consent.org_id = fx.social;
    consent.obtained_by = fx.bo.id;
    assert_ok(bp_case_org_ask(fx.s, fx.kase, fx.social, fx.anna.id, T0));
    assert_ok(bp_consent_add(fx.s, &consent));
    fx.social_consent = consent.id;
}

void trust_case_ask_others(void)
{
    assert_ok(bp_case_org_ask(fx.s, fx.kase, fx.bup, fx.anna.id, T0));
    assert_ok(bp_case_org_ask(fx.s, fx.kase, fx.health, fx.anna.id, T0));
    assert_ok(bp_case_org_unask(fx.s, fx.kase, fx.health));
}

int64_t add_org(const char *name)
{
    struct bp_org o = {
        .name = name, .kind = BP_ORG_SCHOOL, .principal = BP_PRINCIPAL_MUNICIPALITY, .municipality = "Umeå"};
    assert_ok(bp_org_add(fx.s, &o));
    return o.id;
}

void add_user(struct bp_user *u, struct bp_membership *m, const char *name, int64_t org)
{
    *u = (struct bp_user){.username = name, .display_name = name, .email = "x@example.se"};
    assert_ok(bp_user_add(fx.s, u, "hash"));
    assert_ok(bp_membership_add(fx.s, u->id, org, BP_ROLE_PROFESSIONAL));
    m[0] = (struct bp_membership){.org_id = org, .role = BP_ROLE_PROFESSIONAL, .org_name = name};
    u->orgs = m;
    u->n_orgs = 1;
}

int64_t add_guardian(const char *name, bool protected)
{
    struct bp_guardian g = {.child_id = fx.child,
                            .name = name,
                            .custody = BP_CUSTODY_JOINT,
                            .phone = "070-1",
                            .email = "g@example.se",
                            .address = "Gatan 1",
                            .interpreter_language = "",
                            .protected = protected};
    assert_ok(bp_guardian_add(fx.s, &g));
    return g.id;
}

struct bp_actor actor_of(const struct bp_user *u)
{
    return (struct bp_actor){.user = u, .address = "127.0.0.1", .channel = "web", .now = T0 + 86400};
}

/* fmt with ap into sql; fails the test when it does not fit. */
__attribute__((format(printf, 3, 0))) static void format_sql(char *sql, size_t size, const char *fmt,
                                                             va_list ap)
{
    int n = vsnprintf(sql, size, fmt, ap);
    assert_true(n >= 0 && (size_t)n < size);
}

void raw(const char *fmt, ...)
{
    char sql[8192], *err = NULL;
    va_list ap;
    va_start(ap, fmt);
    format_sql(sql, sizeof(sql), fmt, ap);
    va_end(ap);
    if (sqlite3_exec(fx.raw, sql, NULL, NULL, &err) != SQLITE_OK)
        fail_msg("%s: %s", sql, err ? err : "?");
}

static int64_t int_of(const char *sql)
{
    sqlite3_stmt *st;
    int64_t v = -1;
    assert_int_equal(sqlite3_prepare_v2(fx.raw, sql, -1, &st, NULL), SQLITE_OK);
    if (sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

int64_t raw_int(const char *fmt, ...)
{
    char sql[8192];
    va_list ap;
    va_start(ap, fmt);
    format_sql(sql, sizeof(sql), fmt, ap);
    va_end(ap);
    return int_of(sql);
}

int64_t count(const char *sql)
{
    return int_of(sql);
}

static const char *text_of(char *out, size_t size, const char *sql)
{
    sqlite3_stmt *st;
    out[0] = '\0';
    assert_int_equal(sqlite3_prepare_v2(fx.raw, sql, -1, &st, NULL), SQLITE_OK);
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
        snprintf(out, size, "%s", (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    return out;
}

const char *raw_text(const char *sql)
{
    static char out[512];
    return text_of(out, sizeof(out), sql);
}

const char *last_audit(void)
{
    static char out[512];
    return text_of(
        out, sizeof(out),
        "SELECT action || ' ' || object || ' ' || COALESCE(detail, '') FROM audit ORDER BY id DESC "
        "LIMIT 1");
}
