/* test_trust_family_consent.c: consent online for the family (src/app/family_consent.c; issue 10 item 4,
 * docs/family-access.md 5.6, the rows consent.*): the ledger as each role may see it, the signed paper only
 * for whom it may reach, and the family's withdraw, limit, give (each guardian confirms) and the young
 * person's own answer, each through the unit of work; on a real SQLite file (issue 11 item 10; docs/trust.md
 * section 10). Storage failures are real: a second connection adds a trigger that refuses a write, renames a
 * table a read needs, or holds the write lock.
 *
 * The case of trust_fixture.h, as in test_trust_app.c (Ella, 10; Sara and Johan, joint custody; social
 * services under a consent the fixture records as an adult student's; BUP asked), with family accounts of
 * this file's own: Johan, Sara, Ella, and Per, a parent without custody. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "trust_fixture.h"
#include "domain/family.h"

static struct {
    struct bp_user johan, sara, ella, per; /* family accounts */
    int64_t g3;                            /* Per: a parent without custody */
} fam;

static void family_account(struct bp_user *u, const char *name, int64_t guardian_id)
{
    char sql[256];
    *u = (struct bp_user){.username = name, .display_name = name, .email = ""};
    assert_ok(bp_user_add(fx.s, u, "hash"));
    snprintf(sql, sizeof(sql),
             "UPDATE users SET family_child_id = %lld, family_guardian_id = %s WHERE id = %lld",
             (long long)fx.child, guardian_id ? "?" : "NULL", (long long)u->id);
    if (guardian_id)
        snprintf(sql, sizeof(sql),
                 "UPDATE users SET family_child_id = %lld, family_guardian_id = %lld WHERE id = %lld",
                 (long long)fx.child, (long long)guardian_id, (long long)u->id);
    raw("%s", sql);
    u->family_child_id = fx.child;
    u->family_guardian_id = guardian_id;
}

static int setup(void **state)
{
    (void)state;
    trust_db_open("bp-trust-fam");
    memset(&fam, 0, sizeof(fam));
    trust_case_seed(true);
    {
        struct bp_guardian per = {.child_id = fx.child,
                                  .name = "Per",
                                  .custody = BP_CUSTODY_NONE,
                                  .phone = "",
                                  .email = "",
                                  .address = "",
                                  .interpreter_language = ""};
        assert_ok(bp_guardian_add(fx.s, &per));
        fam.g3 = per.id;
    }
    family_account(&fam.johan, "johan", fx.g2);
    family_account(&fam.sara, "sara", fx.g1);
    family_account(&fam.ella, "ella", 0);
    family_account(&fam.per, "per", fam.g3);
    trust_case_ask_others();
    return 0;
}

/* The child's birth date, so that the child's account takes the role of that age on 2026-11-19. */
static void born(const char *date)
{
    char sql[128];
    snprintf(sql, sizeof(sql), "UPDATE children SET birth_date = '%s'", date);
    raw("%s", sql);
}

static void fail_on(const char *table, const char *when)
{
    char sql[256];
    snprintf(sql, sizeof(sql), "CREATE TRIGGER t_fail BEFORE %s ON %s BEGIN SELECT RAISE(ABORT, 'test'); END",
             when, table);
    raw("%s", sql);
}

static void unfail(void)
{
    raw("DROP TRIGGER t_fail");
}

static enum bp_err consents(const struct bp_user *u, struct bp_family_consents_view *v, struct bp_audit *e)
{
    struct bp_actor a = actor_of(u);
    return bp_uc_family_consents(fx.s, &fx.a, &a, fx.kase, v, e);
}

static void add_scan(int64_t consent_id)
{
    static const unsigned char pdf[] = "%PDF-1.4 test";
    struct bp_consent_scan sc = {.consent_id = consent_id,
                                 .file_name = "samtycke.pdf",
                                 .content_type = "application/pdf",
                                 .size = sizeof(pdf) - 1,
                                 .data = pdf,
                                 .uploaded_by = fx.bo.id,
                                 .uploaded_at = T0};
    assert_ok(bp_consent_scan_add(fx.s, &sc));
}

/* A meeting for the family that invites guardian g (R5: what lets a parent without custody in). */
static void invite(int64_t g)
{
    char sql[512];
    snprintf(sql, sizeof(sql),
             "INSERT INTO meetings (case_id, kind, status, starts_at, ends_at, meeting_date, start_minute, "
             "end_minute, setting, called_by_user, created_at) VALUES (%lld, 'plan', 'planned', %lld, %lld, "
             "'2026-12-01', 600, 660, 'physical', %lld, %lld)",
             (long long)fx.kase, (long long)T0 + 86400 * 12, (long long)T0 + 86400 * 12 + 3600,
             (long long)fx.anna.id, (long long)T0);
    raw("%s", sql);
    snprintf(sql, sizeof(sql),
             "INSERT INTO meeting_invitees (meeting_id, kind, guardian_id, answer, attendance) VALUES "
             "((SELECT max(id) FROM meetings), 'guardian', %lld, 'pending', 'unrecorded')",
             (long long)g);
    raw("%s", sql);
}

static enum bp_err give(const struct bp_user *u, int64_t org, const char *scope, bool covers, bool *in_force,
                        struct bp_field_errors *errs);

/* ---- the ledger as each role sees it ---- */

/* A guardian in joint custody: everything of the ledger, the papers, the organisations asked. */
static void test_ledger_guardian(void **state)
{
    struct bp_family_consents_view v;
    struct bp_audit e;
    (void)state;
    add_scan(fx.social_consent);
    assert_ok(consents(&fam.johan, &v, &e));
    assert_string_equal(e.action, "read");
    assert_string_equal(e.object, "consent");
    assert_string_equal(e.detail, "family:guardian_joint consents");
    assert_int_equal(v.n, 1);
    assert_int_equal(v.items[0].k.id, fx.social_consent);
    assert_int_equal(v.items[0].k.org_id, fx.social);
    assert_string_equal(v.items[0].k.scope, "Närvaro");
    assert_int_equal(v.items[0].k.obtained_by, fx.bo.id);
    assert_true(v.items[0].in_force);
    assert_true(v.may_withdraw);
    assert_true(v.items[0].may_withdraw);
    assert_true(v.items[0].may_limit);
    assert_false(v.items[0].may_child_answer); /* the young person's own */
    assert_true(v.items[0].has_scan);          /* another giver's paper: the guardians see every one */
    assert_int_equal(v.n_asks, 1);             /* BUP, asked (V-2.6) */
    assert_int_equal(v.asks[0].org_id, fx.bup);
    assert_string_equal(v.asks[0].org_name, "BUP");
    assert_true(v.asks[0].may_give);
    assert_null(v.asks[0].mine);
    assert_null(v.asks[0].other);
    /* a closed case: the consent may still be withdrawn, no longer limited, nothing given */
    raw("UPDATE cases SET status = 'closed'");
    assert_ok(consents(&fam.johan, &v, &e));
    assert_true(v.items[0].may_withdraw);
    assert_false(v.items[0].may_limit);
    assert_false(v.asks[0].may_give);
    born("2010-05-01");
    assert_ok(consents(&fam.ella, &v, &e));
    assert_false(v.items[0].may_child_answer);
}

/* Confirmations of other organisations, and one that is nobody's guardian's, are not the member's. */
static void test_ledger_asks(void **state)
{
    struct bp_family_consents_view v;
    struct bp_audit e;
    struct bp_field_errors errs;
    bool in_force;
    char sql[256];
    (void)state;
    raw("UPDATE case_orgs SET asked_at = 1795000000, asked_by = 1 WHERE org_id = 4"); /* student health asked
                                                                                       */
    assert_ok(give(&fam.johan, fx.bup, "Närvaro", false, &in_force, &errs)); /* the first of the two */
    assert_false(in_force);
    snprintf(sql, sizeof(sql),
             "INSERT INTO consent_confirmations (case_id, org_id, guardian_id, user_id, scope, "
             "covers_preparation, confirmed_at) VALUES (%lld, %lld, NULL, %lld, 'Närvaro', 0, %lld)",
             (long long)fx.kase, (long long)fx.health, (long long)fam.ella.id, (long long)T0);
    raw("%s", sql); /* an adult student's, open */
    assert_ok(consents(&fam.sara, &v, &e));
    assert_int_equal(v.n_asks, 2);
    assert_int_equal(v.asks[0].org_id, fx.bup);
    assert_null(v.asks[0].mine);
    assert_non_null(v.asks[0].other);
    assert_int_equal(v.asks[0].other->guardian_id, fx.g2);
    assert_true(v.asks[0].may_give);
    assert_int_equal(v.asks[1].org_id, fx.health);
    assert_null(v.asks[1].mine);
    assert_null(v.asks[1].other); /* the adult student's counts for them alone */
    assert_ok(consents(&fam.johan, &v, &e));
    assert_non_null(v.asks[0].mine);
    assert_false(v.asks[0].may_give);
    assert_true(v.asks[1].may_give);
    /* the adult student: the guardians' confirmations are neither theirs nor another's */
    born("2007-05-01");
    assert_ok(consents(&fam.ella, &v, &e));
    assert_null(v.asks[0].mine);
    assert_null(v.asks[0].other);
    assert_true(v.asks[0].may_give);
    assert_non_null(v.asks[1].mine);
    assert_false(v.asks[1].may_give);
}

/* The child of 10: the ledger without its scope, the professional's assessment, the papers or the asks. */
static void test_ledger_child(void **state)
{
    struct bp_family_consents_view v;
    struct bp_audit e;
    (void)state;
    add_scan(fx.social_consent);
    raw("UPDATE consents SET child_answer = 'yes', maturity_note = 'Tio år.', child_view = 'Ja.'");
    assert_ok(consents(&fam.ella, &v, &e));
    assert_string_equal(e.detail, "family:child_7_11 consents");
    assert_int_equal(v.n, 1);
    assert_null(v.items[0].k.scope);
    assert_null(v.items[0].k.maturity_note);
    assert_null(v.items[0].k.child_answer);
    assert_string_equal(v.items[0].k.child_view, "Ja."); /* their own words */
    assert_int_equal(v.items[0].k.obtained_by, fx.bo.id);
    assert_false(v.may_withdraw);
    assert_false(v.items[0].may_limit);
    assert_false(v.items[0].has_scan);
    assert_int_equal(v.n_asks, 0);
    assert_null(v.asks);
    /* the adult student: their own paper only, and they may give */
    born("2007-05-01");
    assert_ok(consents(&fam.ella, &v, &e));
    assert_string_equal(e.detail, "family:adult_student consents");
    assert_true(v.items[0].has_scan); /* the fixture's consent is an adult student's */
    assert_string_equal(v.items[0].k.maturity_note, "Tio år.");
    assert_int_equal(v.n_asks, 1);
    raw("UPDATE consents SET giver = 'guardians'");
    assert_ok(consents(&fam.ella, &v, &e));
    assert_false(v.items[0].has_scan); /* the guardians' paper names them */
    /* from 15: their own answer beside the guardians' */
    born("2010-05-01");
    assert_ok(consents(&fam.ella, &v, &e));
    assert_true(v.items[0].may_child_answer);
    assert_string_equal(v.items[0].k.child_answer, "yes");
    assert_true(v.items[0].may_withdraw);
    assert_false(v.items[0].may_limit);
}

/* A member the child is protected from: the ledger hidden, each consent in force listed as "en verksamhet"
 * so that it can still be withdrawn; no paper, no asks (docs/family-access.md section 6). */
static void test_ledger_protected_from(void **state)
{
    struct bp_family_consents_view v;
    struct bp_audit e;
    struct bp_consent_input in = {.org_id = NULL};
    (void)state;
    (void)in;
    add_scan(fx.social_consent);
    raw("UPDATE children SET protected = 1");
    {
        char sql[128];
        snprintf(sql, sizeof(sql), "UPDATE children SET protected_from = '%lld'", (long long)fx.g2);
        raw("%s", sql);
    }
    /* a second consent, no longer in force: not listed */
    raw("INSERT INTO consents (case_id, org_id, giver, scope, covers_preparation, form, given_on, "
        "obtained_by, "
        "status, created_at, withdrawn_on, withdrawn_by, ended_by_user) SELECT case_id, 3, giver, scope, "
        "covers_preparation, form, given_on, obtained_by, 'withdrawn', created_at, '2026-11-10', "
        "'guardians', "
        "obtained_by FROM consents");
    assert_ok(consents(&fam.johan, &v, &e));
    assert_int_equal(v.n, 1);
    assert_int_equal(v.items[0].k.org_id, 0);
    assert_null(v.items[0].k.org_name);
    assert_int_equal(v.items[0].k.obtained_by, 0);
    assert_null(v.items[0].k.obtained_by_name);
    assert_true(v.items[0].may_withdraw);
    assert_false(v.items[0].has_scan);
    assert_int_equal(v.n_asks, 0);
    /* Sara is not: she sees both, the withdrawn one as such */
    assert_ok(consents(&fam.sara, &v, &e));
    assert_int_equal(v.n, 2);
    assert_false(v.items[1].in_force);
    assert_false(v.items[1].may_withdraw);
    assert_false(v.items[1].may_limit);
    assert_int_equal(v.items[1].k.org_id, fx.bup);
}

/* A parent without custody sees nothing of the ledger, invited or not; a case of another child is missing. */
static void test_ledger_refused(void **state)
{
    struct bp_family_consents_view v;
    struct bp_audit e;
    struct bp_actor a = actor_of(&fam.johan);
    (void)state;
    assert_int_equal(consents(&fam.per, &v, &e), BP_ERR_NOT_FOUND); /* R5: no invitation */
    assert_int_equal(v.n, 0);
    assert_null(v.items);
    assert_string_equal(e.action, "denied");
    invite(fam.g3);
    assert_int_equal(consents(&fam.per, &v, &e), BP_ERR_NOT_FOUND);
    assert_string_equal(e.action, "denied");
    assert_string_equal(e.object, "consent");
    assert_int_equal(v.n, 0);
    {
        char sql[128];
        snprintf(sql, sizeof(sql), "UPDATE children SET protected = 1, protected_from = '%lld'",
                 (long long)fam.g3);
        raw("%s", sql);
    }
    assert_int_equal(consents(&fam.per, &v, &e), BP_ERR_NOT_FOUND); /* nothing to withdraw: nothing listed */
    assert_string_equal(e.action, "denied");
    assert_int_equal(bp_uc_family_consents(fx.s, &fx.a, &a, fx.kase + 100, &v, &e), BP_ERR_NOT_FOUND);
}

static void test_ledger_failures(void **state)
{
    static const char *const breaks[][2] = {
        {"ALTER TABLE consents RENAME TO gone", "ALTER TABLE gone RENAME TO consents"},
        {"ALTER TABLE consent_scans RENAME TO gone", "ALTER TABLE gone RENAME TO consent_scans"},
        {"ALTER TABLE consent_confirmations RENAME TO gone",
         "ALTER TABLE gone RENAME TO consent_confirmations"},
        {"ALTER TABLE case_orgs RENAME TO gone", "ALTER TABLE gone RENAME TO case_orgs"},
    };
    struct bp_family_consents_view v;
    struct bp_audit e;
    size_t i;
    (void)state;
    for (i = 0; i < sizeof(breaks) / sizeof(breaks[0]); i++) {
        raw("%s", breaks[i][0]);
        assert_int_equal(consents(&fam.johan, &v, &e), BP_ERR_STORAGE);
        raw("%s", breaks[i][1]);
    }
    assert_ok(consents(&fam.johan, &v, &e));
}

/* ---- the signed paper ---- */

static enum bp_err scan(const struct bp_user *u, int64_t consent_id, struct bp_consent_scan *out,
                        struct bp_audit *e)
{
    struct bp_actor a = actor_of(u);
    return bp_uc_family_consent_scan_get(fx.s, &fx.a, &a, fx.kase, consent_id, out, e);
}

static void test_scan(void **state)
{
    struct bp_consent_scan sc;
    struct bp_audit e;
    char detail[64];
    (void)state;
    assert_int_equal(scan(&fam.johan, fx.social_consent, &sc, &e), BP_ERR_NOT_FOUND); /* no paper yet */
    assert_string_equal(e.action, "denied");
    add_scan(fx.social_consent);
    assert_ok(scan(&fam.johan, fx.social_consent, &sc, &e));
    assert_int_equal(sc.size, 13);
    assert_memory_equal(sc.data, "%PDF-1.4 test", 13);
    assert_string_equal(e.action, "read");
    assert_string_equal(e.object, "consent_scan");
    snprintf(detail, sizeof(detail), "family:guardian_joint consent %lld", (long long)fx.social_consent);
    assert_string_equal(e.detail, detail);
    assert_int_equal(scan(&fam.johan, 999, &sc, &e), BP_ERR_NOT_FOUND); /* a forged id */
    assert_string_equal(e.action, "denied");
    assert_int_equal(scan(&fam.ella, fx.social_consent, &sc, &e), BP_ERR_NOT_FOUND); /* not the child's */
    assert_string_equal(e.action, "denied");
    assert_int_equal(scan(&fam.per, fx.social_consent, &sc, &e), BP_ERR_NOT_FOUND);
    assert_null(sc.data);
}

/* ---- withdrawing (V-2.8, V-2.9) ---- */

static enum bp_err withdraw(const struct bp_user *u, int64_t consent_id, struct bp_withdrawal_result *res,
                            struct bp_field_errors *errs)
{
    struct bp_actor a = actor_of(u);
    return bp_uc_family_consent_withdraw(fx.s, &fx.a, &a, fx.kase, consent_id, res, errs);
}

static void test_withdraw(void **state)
{
    struct bp_withdrawal_result res;
    struct bp_field_errors errs;
    int64_t audits = count("SELECT count(*) FROM audit");
    char detail[96];
    (void)state;
    assert_ok(withdraw(&fam.johan, fx.social_consent, &res, &errs));
    assert_true(res.closure_proposed); /* the last one in force */
    assert_false(res.actor_lost_access);
    assert_string_equal(raw_text("SELECT status || ' ' || withdrawn_by || ' ' || withdrawn_on FROM consents"),
                        "withdrawn guardians 2026-11-19");
    assert_int_equal(count("SELECT ended_by_user FROM consents"), fam.johan.id);
    assert_int_equal(count("SELECT count(*) FROM events WHERE kind = 'consent_withdrawn'"), 1);
    assert_int_equal(count("SELECT count(*) FROM audit"), audits + 1);
    snprintf(detail, sizeof(detail), "update consent family:guardian_joint withdraw consent %lld",
             (long long)fx.social_consent);
    assert_string_equal(last_audit(), detail);
    /* again: no longer active */
    assert_int_equal(withdraw(&fam.sara, fx.social_consent, &res, &errs), BP_ERR_INVALID);
    assert_string_equal(bp_field_errors_find(&errs, "withdrawal.by"), "not_active");
    /* a forged id: as if missing, on record */
    assert_int_equal(withdraw(&fam.sara, 999, &res, &errs), BP_ERR_NOT_FOUND);
    assert_string_equal(last_audit(), "denied consent family:guardian_joint no_consent");
    /* the refusal cannot be recorded */
    fail_on("audit", "INSERT");
    assert_int_equal(withdraw(&fam.sara, 999, &res, &errs), BP_ERR_STORAGE);
    unfail();
    /* the child of 10 may not (7-11: through a report to the professionals) */
    audits = count("SELECT count(*) FROM audit");
    assert_int_equal(withdraw(&fam.ella, fx.social_consent, &res, &errs), BP_ERR_FORBIDDEN);
    assert_int_equal(count("SELECT count(*) FROM audit"), audits + 1);
}

/* Who withdraws, in the ledger's words: the young person themselves, or the adult student. */
static void test_withdraw_by_child(void **state)
{
    struct bp_withdrawal_result res;
    struct bp_field_errors errs;
    (void)state;
    born("2013-05-01");
    assert_ok(withdraw(&fam.ella, fx.social_consent, &res, &errs));
    assert_string_equal(raw_text("SELECT withdrawn_by FROM consents"), "child");
    born("2007-05-01");
    raw("UPDATE consents SET status = 'active', withdrawn_on = NULL, withdrawn_by = NULL, ended_by_user = "
        "NULL");
    assert_ok(withdraw(&fam.ella, fx.social_consent, &res, &errs));
    assert_string_equal(raw_text("SELECT withdrawn_by FROM consents"), "adult_student");
}

/* ---- limiting (V-2.8): a new row of the ledger, narrower, the old one replaced ---- */

static enum bp_err limit(const struct bp_user *u, int64_t consent_id, const char *scope, int64_t *id,
                         struct bp_field_errors *errs)
{
    struct bp_actor a = actor_of(u);
    struct bp_consent_input in = {.scope = scope};
    *id = 0;
    return bp_uc_family_consent_limit(fx.s, &fx.a, &a, fx.kase, consent_id, &in, id, errs);
}

static void test_limit(void **state)
{
    struct bp_field_errors errs;
    int64_t id, audits;
    char detail[96];
    (void)state;
    assert_ok(limit(&fam.sara, fx.social_consent, "Bara närvaro", &id, &errs));
    assert_true(id > fx.social_consent);
    assert_string_equal(raw_text("SELECT scope FROM consents ORDER BY id DESC LIMIT 1"), "Bara närvaro");
    assert_int_equal(count("SELECT obtained_by FROM consents ORDER BY id DESC LIMIT 1"), fx.bo.id);
    assert_int_equal(count("SELECT created_at FROM consents ORDER BY id DESC LIMIT 1"), T0 + 86400);
    assert_string_equal(raw_text("SELECT status FROM consents WHERE id = 1"), "replaced");
    assert_int_equal(count("SELECT replaced_by FROM consents WHERE id = 1"), id);
    assert_int_equal(count("SELECT count(*) FROM events WHERE kind = 'consent_changed'"), 1);
    assert_true(count("SELECT count(*) FROM notifications WHERE kind = 'consent_changed'") > 0);
    snprintf(detail, sizeof(detail), "update consent family:guardian_joint limit consent %lld",
             (long long)fx.social_consent);
    assert_string_equal(last_audit(), detail);
    /* the replaced one; the same terms again; no scope */
    audits = count("SELECT count(*) FROM audit");
    assert_int_equal(limit(&fam.sara, fx.social_consent, "Mindre", &id, &errs), BP_ERR_INVALID);
    assert_string_equal(bp_field_errors_find(&errs, "consent.scope"), "not_active");
    assert_int_equal(limit(&fam.sara, count("SELECT max(id) FROM consents"), "Bara närvaro", &id, &errs),
                     BP_ERR_INVALID);
    assert_string_equal(bp_field_errors_find(&errs, "consent.scope"), "unchanged");
    assert_int_equal(count("SELECT count(*) FROM audit"), audits);
    /* a forged id; a closed case; a child of 16 (not theirs to limit) */
    assert_int_equal(limit(&fam.sara, 999, "x", &id, &errs), BP_ERR_NOT_FOUND);
    assert_string_equal(last_audit(), "denied consent family:guardian_joint no_consent");
    raw("UPDATE cases SET status = 'closed'");
    assert_int_equal(limit(&fam.sara, count("SELECT max(id) FROM consents"), "x", &id, &errs),
                     BP_ERR_CONFLICT);
    assert_string_equal(bp_field_errors_find(&errs, "consent.scope"), "case_closed");
    raw("UPDATE cases SET status = 'open'");
    born("2010-05-01");
    assert_int_equal(limit(&fam.ella, count("SELECT max(id) FROM consents"), "x", &id, &errs),
                     BP_ERR_FORBIDDEN);
    assert_int_equal(count("SELECT count(*) FROM consents"), 2);
}

static void test_limit_fails(void **state)
{
    struct bp_field_errors errs;
    int64_t id;
    (void)state;
    fail_on("consents", "INSERT");
    assert_int_equal(limit(&fam.sara, fx.social_consent, "Mindre", &id, &errs), BP_ERR_STORAGE);
    unfail();
    fail_on("consents", "UPDATE");
    assert_int_equal(limit(&fam.sara, fx.social_consent, "Mindre", &id, &errs), BP_ERR_STORAGE);
    unfail();
    assert_int_equal(count("SELECT count(*) FROM consents"), 1);
    assert_string_equal(raw_text("SELECT status FROM consents"), "active");
    assert_int_equal(count("SELECT count(*) FROM events"), 0);
}

/* ---- the young person's own answer (V-2.2) ---- */

static enum bp_err answer(const struct bp_user *u, int64_t consent_id, const char *what,
                          struct bp_field_errors *errs)
{
    struct bp_actor a = actor_of(u);
    struct bp_consent_child_answer_input in = {.answer = what};
    return bp_uc_family_consent_child_answer(fx.s, &fx.a, &a, fx.kase, consent_id, &in, errs);
}

static void test_child_answer(void **state)
{
    struct bp_field_errors errs;
    char detail[96];
    (void)state;
    born("2010-05-01");
    /* a no: recorded, the organisation told to weigh it; it does not block the consent */
    assert_ok(answer(&fam.ella, fx.social_consent, "no", &errs));
    assert_string_equal(
        raw_text("SELECT child_answer || ' ' || child_answered_on || ' ' || status FROM consents"),
        "no 2026-11-19 active");
    assert_int_equal(count("SELECT count(*) FROM events WHERE kind = 'consent_child_answered'"), 1);
    assert_true(count("SELECT count(*) FROM notifications WHERE kind = 'consent_child_no'") > 0);
    snprintf(detail, sizeof(detail), "update consent family:child_15_17 child_answer no consent %lld",
             (long long)fx.social_consent);
    assert_string_equal(last_audit(), detail);
    /* a yes: recorded, nobody told */
    raw("DELETE FROM notifications");
    assert_ok(answer(&fam.ella, fx.social_consent, "yes", &errs));
    assert_string_equal(raw_text("SELECT child_answer FROM consents"), "yes");
    assert_int_equal(count("SELECT count(*) FROM notifications"), 0);
    /* typed wrong */
    assert_int_equal(answer(&fam.ella, fx.social_consent, NULL, &errs), BP_ERR_INVALID);
    assert_string_equal(bp_field_errors_find(&errs, "consent.child_answer"), "required");
    assert_int_equal(answer(&fam.ella, fx.social_consent, "", &errs), BP_ERR_INVALID);
    assert_string_equal(bp_field_errors_find(&errs, "consent.child_answer"), "required");
    assert_int_equal(answer(&fam.ella, fx.social_consent, "kanske", &errs), BP_ERR_INVALID);
    assert_string_equal(bp_field_errors_find(&errs, "consent.child_answer"), "choice");
    /* a forged id; a guardian (not theirs); a closed case; a consent no longer active */
    assert_int_equal(answer(&fam.ella, 999, "no", &errs), BP_ERR_NOT_FOUND);
    assert_string_equal(last_audit(), "denied consent family:child_15_17 no_consent");
    assert_int_equal(answer(&fam.johan, fx.social_consent, "no", &errs), BP_ERR_FORBIDDEN);
    raw("UPDATE cases SET status = 'closed'");
    assert_int_equal(answer(&fam.ella, fx.social_consent, "no", &errs), BP_ERR_CONFLICT);
    assert_string_equal(bp_field_errors_find(&errs, "consent.child_answer"), "case_closed");
    raw("UPDATE cases SET status = 'open'");
    raw("UPDATE consents SET status = 'withdrawn', withdrawn_on = '2026-11-19', withdrawn_by = 'child', "
        "ended_by_user = 1");
    assert_int_equal(answer(&fam.ella, fx.social_consent, "no", &errs), BP_ERR_CONFLICT);
    assert_string_equal(bp_field_errors_find(&errs, "consent.child_answer"), "not_active");
    assert_string_equal(raw_text("SELECT child_answer FROM consents"), "yes");
    /* the write refused */
    raw("UPDATE consents SET status = 'active'");
    fail_on("consents", "UPDATE");
    assert_int_equal(answer(&fam.ella, fx.social_consent, "no", &errs), BP_ERR_STORAGE);
    unfail();
    assert_string_equal(raw_text("SELECT child_answer FROM consents"), "yes");
}

/* ---- giving (V-2.1, V-2.6): each guardian confirms; in force when every guardian with custody has ---- */

static enum bp_err give(const struct bp_user *u, int64_t org, const char *scope, bool covers, bool *in_force,
                        struct bp_field_errors *errs)
{
    struct bp_actor a = actor_of(u);
    struct bp_consent_input in = {.scope = scope, .covers_preparation = covers};
    return bp_uc_family_consent_give(fx.s, &fx.a, &a, fx.kase, org, &in, in_force, errs);
}

static void test_give(void **state)
{
    struct bp_field_errors errs;
    struct bp_family_consents_view v;
    struct bp_audit e;
    bool in_force = true;
    char detail[96];
    (void)state;
    raw("UPDATE cases SET closure_proposed_at = 1795000000");
    /* Johan first: confirmed, not in force */
    assert_ok(give(&fam.johan, fx.bup, "Närvaro", true, &in_force, &errs));
    assert_false(in_force);
    assert_int_equal(count("SELECT count(*) FROM consent_confirmations WHERE consent_id IS NULL"), 1);
    assert_int_equal(count("SELECT count(*) FROM consents WHERE org_id = 3"), 0);
    assert_int_equal(count("SELECT count(*) FROM events WHERE kind = 'consent_confirmed'"), 1);
    snprintf(detail, sizeof(detail), "create consent family:guardian_joint confirm consent org %lld",
             (long long)fx.bup);
    assert_string_equal(last_audit(), detail);
    /* again: already confirmed */
    assert_int_equal(give(&fam.johan, fx.bup, "Närvaro", true, &in_force, &errs), BP_ERR_CONFLICT);
    assert_string_equal(bp_field_errors_find(&errs, "consent.scope"), "already_confirmed");
    /* Sara sees his, and may not widen it (nor leave the scope out) */
    assert_ok(consents(&fam.sara, &v, &e));
    assert_non_null(v.asks[0].other);
    assert_null(v.asks[0].mine);
    assert_int_equal(give(&fam.sara, fx.bup, "", false, &in_force, &errs), BP_ERR_INVALID);
    assert_int_equal(errs.count, 1);
    assert_string_equal(bp_field_errors_find(&errs, "consent.scope"), "required");
    raw("UPDATE consent_confirmations SET covers_preparation = 0");
    assert_int_equal(give(&fam.sara, fx.bup, "", true, &in_force, &errs), BP_ERR_INVALID);
    assert_int_equal(errs.count, 2);
    /* his terms as they are: in force, in the ledger as the guardians' (not Per's: no custody) */
    assert_ok(give(&fam.sara, fx.bup, "Närvaro", false, &in_force, &errs));
    assert_true(in_force);
    assert_string_equal(
        raw_text("SELECT giver || ' ' || scope || ' ' || covers_preparation || ' ' || form || ' ' "
                 "|| given_on || ' ' || status FROM consents WHERE org_id = 3"),
        "guardians Närvaro 0 other 2026-11-19 active");
    assert_int_equal(count("SELECT guardian1_id + guardian2_id FROM consents WHERE org_id = 3"),
                     fx.g1 + fx.g2);
    assert_int_equal(count("SELECT obtained_by FROM consents WHERE org_id = 3"), fam.sara.id);
    assert_int_equal(count("SELECT count(*) FROM consent_confirmations WHERE consent_id IS NULL"), 0);
    assert_int_equal(
        count("SELECT count(*) FROM cases WHERE closure_proposed_at IS NULL OR closure_proposed_at "
              "= 0"),
        1);
    assert_true(count("SELECT count(*) FROM notifications WHERE kind = 'consent_given'") > 0);
    snprintf(detail, sizeof(detail), "create consent family:guardian_joint give consent org %lld",
             (long long)fx.bup);
    assert_string_equal(last_audit(), detail);
    /* BUP takes part now: nothing left to give */
    assert_int_equal(give(&fam.sara, fx.bup, "Närvaro", false, &in_force, &errs), BP_ERR_NOT_FOUND);
    snprintf(detail, sizeof(detail), "denied consent family:guardian_joint not_asked");
    assert_string_equal(last_audit(), detail);
}

/* A guardian with sole custody (the other parent has none): in force at once, in the ledger as theirs alone;
 * given for the second organisation asked. */
static void test_give_sole(void **state)
{
    struct bp_field_errors errs;
    bool in_force = false;
    char sql[128];
    (void)state;
    snprintf(sql, sizeof(sql), "UPDATE guardians SET custody = CASE id WHEN %lld THEN 'sole' ELSE 'none' END",
             (long long)fx.g2);
    raw("%s", sql);
    raw("UPDATE case_orgs SET asked_at = 1795000000, asked_by = 1 WHERE org_id = 4");
    assert_ok(give(&fam.johan, fx.health, "Närvaro", false, &in_force, &errs));
    assert_true(in_force);
    assert_string_equal(
        raw_text("SELECT giver || ' ' || guardian1_id || ' ' || COALESCE(guardian2_id, '-') FROM "
                 "consents WHERE org_id = 4"),
        bp_arena_printf(&fx.a, "guardians %lld -", (long long)fx.g2));
    assert_string_equal(last_audit(), "create consent family:guardian give consent org 4");
}

/* The adult student gives for themselves: in force at once. */
static void test_give_adult_student(void **state)
{
    struct bp_field_errors errs;
    bool in_force = false;
    (void)state;
    born("2007-05-01");
    assert_ok(give(&fam.ella, fx.bup, "Närvaro", false, &in_force, &errs));
    assert_true(in_force);
    assert_string_equal(
        raw_text("SELECT giver || ' ' || COALESCE(guardian1_id, 0) FROM consents WHERE org_id = 3"),
        "adult_student 0");
    assert_int_equal(count("SELECT closure_proposed_at IS NULL FROM cases"), 1);
}

static void test_give_refused(void **state)
{
    struct bp_field_errors errs;
    bool in_force = true;
    (void)state;
    /* not asked: the school takes part already; a forged organisation */
    assert_int_equal(give(&fam.johan, fx.school, "Närvaro", false, &in_force, &errs), BP_ERR_NOT_FOUND);
    assert_false(in_force);
    assert_string_equal(last_audit(), "denied consent family:guardian_joint not_asked");
    assert_int_equal(give(&fam.johan, 999, "Närvaro", false, &in_force, &errs), BP_ERR_NOT_FOUND);
    fail_on("audit", "INSERT");
    assert_int_equal(give(&fam.johan, 999, "Närvaro", false, &in_force, &errs), BP_ERR_STORAGE);
    unfail();
    /* the child of 16 may not; a closed case */
    born("2010-05-01");
    assert_int_equal(give(&fam.ella, fx.bup, "Närvaro", false, &in_force, &errs), BP_ERR_FORBIDDEN);
    raw("UPDATE cases SET status = 'closed'");
    assert_int_equal(give(&fam.johan, fx.bup, "Närvaro", false, &in_force, &errs), BP_ERR_CONFLICT);
    assert_string_equal(bp_field_errors_find(&errs, "consent.scope"), "case_closed");
    assert_int_equal(count("SELECT count(*) FROM consent_confirmations"), 0);
}

static void test_give_fails(void **state)
{
    static const char *const breaks[][2] = {
        {"consent_confirmations", "INSERT"},
        {"consents", "INSERT"},
        {"consent_confirmations", "UPDATE"},
        {"case_orgs", "UPDATE"},
        {"cases", "UPDATE"},
    };
    struct bp_field_errors errs;
    bool in_force;
    size_t i;
    (void)state;
    raw("UPDATE cases SET closure_proposed_at = 1795000000");
    assert_int_equal(give(&fam.ella, fx.bup, "Närvaro", false, &in_force, &errs), BP_ERR_FORBIDDEN);
    born("2007-05-01"); /* the adult student: in force at once, every write in one go */
    raw("ALTER TABLE consent_confirmations RENAME TO gone");
    assert_int_equal(give(&fam.ella, fx.bup, "Närvaro", false, &in_force, &errs), BP_ERR_STORAGE);
    raw("ALTER TABLE gone RENAME TO consent_confirmations");
    for (i = 0; i < sizeof(breaks) / sizeof(breaks[0]); i++) {
        fail_on(breaks[i][0], breaks[i][1]);
        assert_int_equal(give(&fam.ella, fx.bup, "Närvaro", false, &in_force, &errs), BP_ERR_STORAGE);
        unfail();
        assert_int_equal(count("SELECT count(*) FROM consent_confirmations"), 0);
        assert_int_equal(count("SELECT count(*) FROM consents"), 1);
        assert_int_equal(count("SELECT closure_proposed_at FROM cases"), 1795000000);
    }
}

/* ---- what waits for the member: a confirmation to give, an answer to say ---- */

static void waiting(const struct bp_user *u, enum bp_err expect, bool confirm, bool answer_)
{
    struct bp_family_case_view v;
    struct bp_audit e;
    struct bp_actor a = actor_of(u);
    bool c = !confirm, an = !answer_;
    assert_ok(bp_app_family_open(fx.s, &fx.a, &a, fx.kase, "case", &v, &e));
    assert_int_equal(bp_app_family_consent_waiting(fx.s, &fx.a, &a, &v, &c, &an), expect);
    if (expect == BP_OK) {
        assert_int_equal(c, confirm);
        assert_int_equal(an, answer_);
    }
}

static void test_waiting(void **state)
{
    struct bp_field_errors errs;
    bool in_force;
    (void)state;
    waiting(&fam.ella, BP_OK, false, false); /* 10: neither */
    waiting(&fam.johan, BP_OK, true, false); /* BUP asked */
    assert_ok(give(&fam.johan, fx.bup, "Närvaro", false, &in_force, &errs));
    waiting(&fam.johan, BP_OK, false, false); /* his confirmation given */
    waiting(&fam.sara, BP_OK, true, false);
    raw("UPDATE case_orgs SET asked_at = 1795000000, asked_by = 1 WHERE org_id = 4"); /* a second ask */
    waiting(&fam.sara, BP_OK, true, false);
    waiting(&fam.johan, BP_OK, true, false); /* the second one waits for him */
    born("2010-05-01");
    waiting(&fam.ella, BP_OK, false, true); /* 16: the consent in force has no answer of theirs */
    raw("UPDATE consents SET child_answer = 'yes'");
    waiting(&fam.ella, BP_OK, false, false);
    /* one not in force yet, then a second in force without an answer, after one with */
    raw("INSERT INTO consents (case_id, org_id, giver, scope, covers_preparation, form, given_on, "
        "obtained_by, "
        "status, created_at) SELECT case_id, 4, giver, scope, covers_preparation, form, '2027-01-01', "
        "obtained_by, "
        "status, created_at FROM consents WHERE org_id = 2");
    raw("INSERT INTO consents (case_id, org_id, giver, scope, covers_preparation, form, given_on, "
        "obtained_by, "
        "status, created_at) SELECT case_id, 3, giver, scope, covers_preparation, form, given_on, "
        "obtained_by, "
        "status, created_at FROM consents WHERE org_id = 2");
    waiting(&fam.ella, BP_OK, false, true);
    raw("UPDATE consents SET child_answer = NULL WHERE org_id = 2");
    waiting(&fam.ella, BP_OK, false, true); /* both without: the first is enough */
    raw("DELETE FROM consents WHERE org_id IN (3, 4)");
    raw("UPDATE consents SET child_answer = 'yes'");
    raw("ALTER TABLE consents RENAME TO gone");
    waiting(&fam.ella, BP_ERR_STORAGE, false, false);
    waiting(&fam.johan, BP_ERR_STORAGE, false, false);
    raw("ALTER TABLE gone RENAME TO consents");
    raw("ALTER TABLE consent_confirmations RENAME TO gone");
    waiting(&fam.johan, BP_ERR_STORAGE, false, false);
    raw("ALTER TABLE gone RENAME TO consent_confirmations");
    raw("UPDATE cases SET status = 'closed'");
    waiting(&fam.ella, BP_OK, false, false);
    waiting(&fam.sara, BP_OK, false, false);
    raw("ALTER TABLE consents RENAME TO gone"); /* on a closed case nothing waits: nothing is read */
    waiting(&fam.johan, BP_OK, false, false);
    waiting(&fam.ella, BP_OK, false, false);
    raw("ALTER TABLE gone RENAME TO consents");
}

/* ---- the write lock held elsewhere: BEGIN fails after the busy timeout (5 s each; last, since they wait)
 * ---- */

static void test_locked(void **state)
{
    struct bp_field_errors errs;
    struct bp_withdrawal_result res;
    bool in_force;
    int64_t id;
    (void)state;
    born("2010-05-01");
    raw("BEGIN IMMEDIATE");
    assert_int_equal(limit(&fam.sara, fx.social_consent, "Mindre", &id, &errs), BP_ERR_STORAGE);
    assert_int_equal(answer(&fam.ella, fx.social_consent, "no", &errs), BP_ERR_STORAGE);
    assert_int_equal(give(&fam.johan, fx.bup, "Närvaro", false, &in_force, &errs), BP_ERR_STORAGE);
    raw("ROLLBACK");
    (void)res;
    assert_int_equal(count("SELECT count(*) FROM consents"), 1);
    assert_int_equal(count("SELECT count(*) FROM consent_confirmations"), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_ledger_guardian, setup, trust_teardown),
        cmocka_unit_test_setup_teardown(test_ledger_asks, setup, trust_teardown),
        cmocka_unit_test_setup_teardown(test_ledger_child, setup, trust_teardown),
        cmocka_unit_test_setup_teardown(test_ledger_protected_from, setup, trust_teardown),
        cmocka_unit_test_setup_teardown(test_ledger_refused, setup, trust_teardown),
        cmocka_unit_test_setup_teardown(test_ledger_failures, setup, trust_teardown),
        cmocka_unit_test_setup_teardown(test_scan, setup, trust_teardown),
        cmocka_unit_test_setup_teardown(test_withdraw, setup, trust_teardown),
        cmocka_unit_test_setup_teardown(test_withdraw_by_child, setup, trust_teardown),
        cmocka_unit_test_setup_teardown(test_limit, setup, trust_teardown),
        cmocka_unit_test_setup_teardown(test_limit_fails, setup, trust_teardown),
        cmocka_unit_test_setup_teardown(test_child_answer, setup, trust_teardown),
        cmocka_unit_test_setup_teardown(test_give, setup, trust_teardown),
        cmocka_unit_test_setup_teardown(test_give_sole, setup, trust_teardown),
        cmocka_unit_test_setup_teardown(test_give_adult_student, setup, trust_teardown),
        cmocka_unit_test_setup_teardown(test_give_refused, setup, trust_teardown),
        cmocka_unit_test_setup_teardown(test_give_fails, setup, trust_teardown),
        cmocka_unit_test_setup_teardown(test_waiting, setup, trust_teardown),
        cmocka_unit_test_setup_teardown(test_locked, setup, trust_teardown),
    };
    if (getenv("BP_TEST_QUICK")) /* scripts/mutate.py: the 5 s waits only when nothing else failed */
        cmocka_set_skip_filter("test_locked");
    return cmocka_run_group_tests(tests, trust_template_make, trust_template_remove);
}
