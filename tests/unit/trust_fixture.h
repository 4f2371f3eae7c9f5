/* trust_fixture.h: the real SQLite file the trust unit tests run on (test_trust_app.c, test_trust_unit.c,
 * test_trust_family_consent.c, test_trust_audit.c; issue 11 item 10, docs/trust.md section 10), and the case
 * most of them seed in it. trust_fixture.c is linked into those four executables (tests/unit/CMakeLists.txt).
 *
 * One migrated database per test file (trust_template_make and trust_template_remove, the group setup and
 * teardown: migrating takes longer than the tests), copied for each test by trust_db_open and opened twice:
 * fx.s, the store the use cases run on, and fx.raw, a second connection for what a test does behind the
 * store's back (a trigger that refuses a write, a renamed table or column, the write lock held, tampering).
 *
 * The case (trust_case_seed, then trust_case_ask_others): registered by the school (Anna); social services
 * (Bo) under a consent recorded as an adult student's; BUP (Dora) asked to take part (V-2.6); student health
 * (Hanna's organisation) once asked and no more; Olle's school not in it. The child Ella (born 2016-05-01)
 * and her guardians Sara (protected) and Johan, in joint custody. A file that seeds more keeps that part
 * itself. */
#ifndef BP_TEST_TRUST_FIXTURE_H
#define BP_TEST_TRUST_FIXTURE_H
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>
#include "app/app_impl.h"
#include "../store_assert.h"

#define T0 INT64_C(1795000000) /* 2026-11-18 */

struct trust_fx {
    char path[256];
    char url[300];
    struct bp_store *s; /* the one the use cases run on */
    struct bp_arena a;
    sqlite3 *raw; /* the second connection: triggers, renames, the write lock, tampering */
    int64_t school, social, bup, health, outsider;
    struct bp_user anna, bo, dora, olle; /* school, social services, BUP, an organisation not in the case */
    struct bp_membership anna_m[1], bo_m[1], dora_m[1], olle_m[1];
    struct bp_user hanna; /* student health: only when trust_case_seed is asked for her */
    struct bp_membership hanna_m[1];
    int64_t child, g1, g2, kase, social_consent;
};
extern struct trust_fx fx;

/* cmocka group setup and teardown: the migrated database every test's copy starts from. */
int trust_template_make(void **state);
int trust_template_remove(void **state);
/* Zeroes fx, copies the template to a new file $TMPDIR/<stem>-XXXXXX and opens fx.s and fx.raw on it (the
 * latter with a 10 s busy timeout) and the arena fx.a. */
void trust_db_open(const char *stem);
/* Closes fx.raw, fx.s and fx.a and removes the file with its -wal, -shm and -writelock. */
void trust_db_close(void);
/* cmocka teardown: trust_db_close. */
int trust_teardown(void **state);

/* The organisations, their users (Hanna at student health when with_hanna), the child Ella, her guardians,
 * the case, social services asked and its consent (fx.social_consent). */
void trust_case_seed(bool with_hanna);
/* BUP asked to take part; student health asked and no longer. */
void trust_case_ask_others(void);
/* Adds the child Ella (the case's child) as fx.child. */
void trust_child_add(void);

int64_t add_org(const char *name);
void add_user(struct bp_user *u, struct bp_membership *m, const char *name, int64_t org);
/* A guardian of fx.child in joint custody. */
int64_t add_guardian(const char *name, bool protected);
/* u on the web, a day after T0. */
struct bp_actor actor_of(const struct bp_user *u);

/* SQL on fx.raw, formatted as printf does; fails the test when it fails. */
__attribute__((format(printf, 1, 2))) void raw(const char *fmt, ...);
/* The first column of the first row of the formatted query, or -1 without a row. */
__attribute__((format(printf, 1, 2))) int64_t raw_int(const char *fmt, ...);
/* The count a query returns (raw_int of sql as it is). */
int64_t count(const char *sql);
/* The first column of the first row as text ("" without a row or for NULL); valid until the next call. */
const char *raw_text(const char *sql);
/* The last audit entry as "action object detail"; valid until the next raw_text or last_audit. */
const char *last_audit(void);

#endif
