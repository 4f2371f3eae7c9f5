/* test_trust_unit.c: the unit of work every write on a case goes through (src/app/unit.c: the access check,
 * a refusal on record at once, the writes with their timeline events, notifications and audit entry in one
 * transaction, or none of it) and the consent ledger's use cases on it (src/app/consent.c: record, change,
 * withdraw, ask an organisation to take part, read one consent), on a real SQLite file (issue 11 item 10;
 * docs/trust.md section 10; V-2.1 to V-2.9). Storage failures are real: a second connection adds a trigger
 * that refuses a write, renames a table or column a read needs, or holds the write lock.
 *
 * The case of trust_fixture.h, as in test_trust_app.c: registered by the school (Anna); social services (Bo)
 * under consent; BUP (Dora) asked to take part (V-2.6); student health (Hanna) once asked and no more; Olle's
 * school not in it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "trust_fixture.h"

static int setup(void **state)
{
    (void)state;
    trust_db_open("bp-trust-unit");
    trust_case_seed(true);
    trust_case_ask_others();
    return 0;
}

/* Everything a write leaves: audit entries, timeline events, notifications, consents, asked organisations. */
struct trace {
    int64_t audit, events, notes, consents, case_orgs;
};

static struct trace trace(void)
{
    return (struct trace){count("SELECT count(*) FROM audit"), count("SELECT count(*) FROM events"),
                          count("SELECT count(*) FROM notifications"), count("SELECT count(*) FROM consents"),
                          count("SELECT count(*) FROM case_orgs")};
}

/* Nothing written since t. */
static void assert_unchanged(struct trace t)
{
    struct trace now = trace();
    assert_int_equal(now.audit, t.audit);
    assert_int_equal(now.events, t.events);
    assert_int_equal(now.notes, t.notes);
    assert_int_equal(now.consents, t.consents);
    assert_int_equal(now.case_orgs, t.case_orgs);
}

/* Only the refusal written since t, and it is the last audit entry. */
static void assert_refused(struct trace t, const char *entry)
{
    struct trace now = trace();
    assert_int_equal(now.audit, t.audit + 1);
    assert_int_equal(now.events, t.events);
    assert_int_equal(now.notes, t.notes);
    assert_int_equal(now.consents, t.consents);
    assert_string_equal(last_audit(), entry);
}

static const char *raw_text_events(void)
{
    static char out[512];
    sqlite3_stmt *st;
    out[0] = '\0';
    assert_int_equal(sqlite3_prepare_v2(fx.raw,
                                        "SELECT group_concat(kind || ':' || COALESCE(note, ''), ' ') FROM "
                                        "(SELECT * FROM events WHERE kind LIKE 'e_' ORDER BY id)",
                                        -1, &st, NULL),
                     SQLITE_OK);
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
        snprintf(out, sizeof(out), "%s", (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    return out;
}

/* ---- the unit of work ---- */

static enum bp_err open_unit(struct bp_unit *u, const struct bp_actor *a, int64_t case_id,
                             enum bp_access need)
{
    return bp_unit_open(u, fx.s, &fx.a, a, case_id, "update", "meeting", need);
}

static void test_unit_open(void **state)
{
    struct bp_unit u;
    struct bp_actor anna = actor_of(&fx.anna), dora = actor_of(&fx.dora), olle = actor_of(&fx.olle);
    struct bp_actor nobody = {.address = "127.0.0.1", .channel = "web", .now = T0};
    struct trace t = trace();
    (void)state;
    assert_int_equal(open_unit(&u, &nobody, fx.kase, BP_ACCESS_ASKED), BP_ERR_UNAUTHENTICATED);
    assert_false(u.opened);
    assert_unchanged(t);
    /* V-2.6: BUP, only asked, may not change what needs full access: refused, on record */
    assert_int_equal(open_unit(&u, &dora, fx.kase, BP_ACCESS_FULL), BP_ERR_FORBIDDEN);
    assert_false(u.opened);
    assert_refused(t, "denied meeting asked");
    /* not taking part: as if the case did not exist, on record */
    t = trace();
    assert_int_equal(open_unit(&u, &olle, fx.kase, BP_ACCESS_ASKED), BP_ERR_NOT_FOUND);
    assert_refused(t, "denied meeting not_participant");
    t = trace();
    assert_int_equal(open_unit(&u, &olle, fx.kase + 100, BP_ACCESS_ASKED), BP_ERR_NOT_FOUND);
    assert_refused(t, "denied meeting no_such_case");
    /* the refusal cannot be recorded: the storage error, not the refusal */
    t = trace();
    raw("CREATE TRIGGER t_fail BEFORE INSERT ON audit BEGIN SELECT RAISE(ABORT, 'test'); END");
    assert_int_equal(open_unit(&u, &dora, fx.kase, BP_ACCESS_FULL), BP_ERR_STORAGE);
    assert_int_equal(open_unit(&u, &olle, fx.kase, BP_ACCESS_ASKED), BP_ERR_STORAGE);
    raw("DROP TRIGGER t_fail");
    assert_unchanged(t);
    /* a read that fails: no refusal on record, the unit not open */
    raw("ALTER TABLE case_orgs RENAME TO gone");
    assert_int_equal(open_unit(&u, &anna, fx.kase, BP_ACCESS_INTAKE), BP_ERR_STORAGE);
    raw("ALTER TABLE gone RENAME TO case_orgs");
    assert_false(u.opened);
    assert_unchanged(t);
    /* the initiating school: open, nothing written yet */
    assert_ok(open_unit(&u, &anna, fx.kase, BP_ACCESS_INTAKE));
    assert_true(u.opened);
    assert_false(u.begun);
    assert_int_equal(u.ca.kase.id, fx.kase);
    assert_string_equal(u.audit.action, "update");
    assert_string_equal(u.audit.object, "meeting");
    assert_int_equal(u.audit.case_id, fx.kase);
    assert_unchanged(t);
}

static void test_unit_open_change(void **state)
{
    struct bp_unit u;
    struct bp_field_errors errs;
    struct bp_actor anna = actor_of(&fx.anna), olle = actor_of(&fx.olle);
    (void)state;
    errs.count = 3; /* emptied first */
    assert_ok(bp_unit_open_change(&u, fx.s, &fx.a, &anna, fx.kase, "update", "case", BP_ACCESS_INTAKE, &errs,
                                  "case.reason"));
    assert_int_equal(errs.count, 0);
    assert_true(bp_unit_case_open(&u, &errs, "x"));
    assert_int_equal(errs.count, 0);
    assert_int_equal(bp_unit_open_change(&u, fx.s, &fx.a, &olle, fx.kase, "update", "case", BP_ACCESS_INTAKE,
                                         &errs, "case.reason"),
                     BP_ERR_NOT_FOUND);
    raw("UPDATE cases SET status = 'closed'");
    assert_int_equal(bp_unit_open_change(&u, fx.s, &fx.a, &anna, fx.kase, "update", "case", BP_ACCESS_INTAKE,
                                         &errs, "case.reason"),
                     BP_ERR_CONFLICT);
    assert_string_equal(bp_field_errors_find(&errs, "case.reason"), "case_closed");
    assert_int_equal(errs.count, 1);
    /* no field: a closed case opens, for the caller to decide */
    assert_ok(bp_unit_open_change(&u, fx.s, &fx.a, &anna, fx.kase, "update", "case", BP_ACCESS_INTAKE, &errs,
                                  NULL));
    assert_int_equal(errs.count, 0);
    assert_int_equal(u.ca.kase.status, BP_CASE_CLOSED);
}

/* The effects, in the order asked for, with the write and the audit entry, in one commit. */
static void test_unit_finish(void **state)
{
    struct bp_unit u;
    struct bp_actor anna = actor_of(&fx.anna);
    struct trace t = trace();
    (void)state;
    assert_ok(open_unit(&u, &anna, fx.kase, BP_ACCESS_INTAKE));
    assert_ok(bp_unit_begin(&u));
    assert_true(u.begun);
    raw_int("SELECT 1"); /* (the raw connection reads, the write is not visible yet) */
    assert_ok(bp_case_propose_closure(fx.s, fx.kase, T0));
    bp_unit_event(&u, fx.school, "e1", "one");
    bp_unit_notify(&u, fx.school, "consent_changed");
    bp_unit_event(&u, fx.social, "e2", NULL);
    bp_unit_event(&u, 0, "e3", "three");
    bp_unit_event(&u, fx.school, "e4", NULL); /* the fifth effect: the list grows, keeping the first four */
    bp_unit_notify(&u, fx.social, "consent_withdrawn");
    assert_int_equal(u.n_effects, 6);
    assert_int_equal(u.cap, 8);
    assert_int_equal(count("SELECT count(*) FROM events"), t.events); /* nothing before the finish */
    assert_ok(bp_unit_finish(&u, BP_OK));
    assert_false(u.begun);
    assert_int_equal(u.n_effects, 0);
    assert_string_equal(raw_text_events(), "e1:one e2: e3:three e4:");
    assert_int_equal(count("SELECT count(*) FROM notifications WHERE kind = 'consent_changed'"),
                     count("SELECT count(*) FROM notifications WHERE kind = 'consent_withdrawn'"));
    assert_true(
        count("SELECT count(*) FROM notifications WHERE kind IN ('consent_changed', 'consent_withdrawn')") >
        0);
    assert_int_equal(count("SELECT count(*) FROM audit"), t.audit + 1);
    assert_string_equal(last_audit(), "update meeting intake");
    assert_int_equal(count("SELECT closure_proposed_at FROM cases"), T0);
    /* the unit may begin again: nothing left of the first */
    assert_ok(bp_unit_begin(&u));
    assert_ok(bp_unit_finish(&u, BP_OK));
    assert_int_equal(count("SELECT count(*) FROM audit"), t.audit + 2);
    assert_int_equal(count("SELECT count(*) FROM events"), t.events + 4);
}

/* The write failed, an effect failed, the audit entry failed: nothing of it kept. */
static void finish_fails(const char *breaks, const char *repairs, enum bp_err rc, enum bp_err expect)
{
    struct bp_unit u;
    struct bp_actor anna = actor_of(&fx.anna);
    struct trace t = trace();
    if (breaks)
        raw("%s", breaks);
    assert_ok(open_unit(&u, &anna, fx.kase, BP_ACCESS_INTAKE));
    assert_ok(bp_unit_begin(&u));
    assert_ok(bp_case_propose_closure(fx.s, fx.kase, T0));
    bp_unit_event(&u, fx.school, "e1", NULL);
    bp_unit_notify(&u, fx.school, "consent_changed");
    assert_int_equal(bp_unit_finish(&u, rc), expect);
    if (repairs)
        raw("%s", repairs);
    assert_false(u.begun);
    assert_unchanged(t);
    assert_int_equal(count("SELECT count(*) FROM cases WHERE closure_proposed_at IS NOT NULL AND "
                           "closure_proposed_at <> 0"),
                     0);
}

static void test_unit_finish_fails(void **state)
{
    struct bp_unit u;
    struct bp_actor anna = actor_of(&fx.anna);
    struct trace t;
    (void)state;
    finish_fails(NULL, NULL, BP_ERR_CONFLICT, BP_ERR_CONFLICT);
    finish_fails("CREATE TRIGGER t_fail BEFORE INSERT ON events BEGIN SELECT RAISE(ABORT, 'test'); END",
                 "DROP TRIGGER t_fail", BP_OK, BP_ERR_STORAGE);
    finish_fails(
        "CREATE TRIGGER t_fail BEFORE INSERT ON notifications BEGIN SELECT RAISE(ABORT, 'test'); END",
        "DROP TRIGGER t_fail", BP_OK, BP_ERR_STORAGE);
    finish_fails("CREATE TRIGGER t_fail BEFORE INSERT ON audit BEGIN SELECT RAISE(ABORT, 'test'); END",
                 "DROP TRIGGER t_fail", BP_OK, BP_ERR_STORAGE);
    /* without a begin: only the outcome, nothing written */
    t = trace();
    assert_ok(open_unit(&u, &anna, fx.kase, BP_ACCESS_INTAKE));
    bp_unit_event(&u, fx.school, "e1", NULL);
    assert_int_equal(bp_unit_finish(&u, BP_ERR_INVALID), BP_ERR_INVALID);
    assert_ok(bp_unit_finish(&u, BP_OK));
    assert_unchanged(t);
}

/* A lookup under the opened case that finds nothing: answered like a missing case, on record like one. */
static void test_unit_not_found(void **state)
{
    struct bp_unit u;
    struct bp_actor anna = actor_of(&fx.anna);
    struct trace t = trace();
    (void)state;
    assert_ok(open_unit(&u, &anna, fx.kase, BP_ACCESS_INTAKE));
    assert_ok(bp_unit_begin(&u));
    assert_ok(bp_case_propose_closure(fx.s, fx.kase, T0));
    bp_unit_event(&u, fx.school, "e1", NULL);
    assert_int_equal(bp_unit_finish(&u, BP_ERR_NOT_FOUND), BP_ERR_NOT_FOUND);
    assert_refused(t, "denied meeting not_found");
    assert_int_equal(count("SELECT count(*) FROM cases WHERE closure_proposed_at = 1795000000"), 0);
    /* one refusal per unit: a second lookup that fails is not recorded again */
    assert_int_equal(bp_unit_finish(&u, BP_ERR_NOT_FOUND), BP_ERR_NOT_FOUND);
    assert_int_equal(count("SELECT count(*) FROM audit"), t.audit + 1);
}

/* A rule refused the write after the unit began: rolled back, the attempt on record. */
static void test_unit_refuse(void **state)
{
    struct bp_unit u;
    struct bp_actor anna = actor_of(&fx.anna);
    struct trace t = trace();
    (void)state;
    assert_ok(open_unit(&u, &anna, fx.kase, BP_ACCESS_INTAKE));
    assert_ok(bp_unit_begin(&u));
    assert_ok(bp_case_propose_closure(fx.s, fx.kase, T0));
    bp_unit_event(&u, fx.school, "e1", NULL);
    assert_int_equal(bp_unit_deny(&u, "other_org"), BP_ERR_FORBIDDEN);
    assert_false(u.begun);
    assert_false(u.opened);
    assert_int_equal(u.n_effects, 0);
    assert_refused(t, "denied meeting other_org");
    assert_int_equal(count("SELECT count(*) FROM cases WHERE closure_proposed_at = 1795000000"), 0);
    /* before a begin: only the refusal */
    t = trace();
    assert_ok(open_unit(&u, &anna, fx.kase, BP_ACCESS_INTAKE));
    assert_ok(bp_unit_refuse(&u, "rule"));
    assert_refused(t, "denied meeting rule");
    /* the refusal cannot be recorded: the storage error */
    t = trace();
    assert_ok(open_unit(&u, &anna, fx.kase, BP_ACCESS_INTAKE));
    raw("CREATE TRIGGER t_fail BEFORE INSERT ON audit BEGIN SELECT RAISE(ABORT, 'test'); END");
    assert_int_equal(bp_unit_deny(&u, "other_org"), BP_ERR_STORAGE);
    raw("DROP TRIGGER t_fail");
    assert_unchanged(t);
}

/* ---- the consent ledger's use cases (V-2.1 to V-2.9) ---- */

static char g1s[24], g2s[24], bups[24], schools[24];

static struct bp_consent_input typed(const char *org)
{
    snprintf(g1s, sizeof(g1s), "%lld", (long long)fx.g1);
    snprintf(g2s, sizeof(g2s), "%lld", (long long)fx.g2);
    snprintf(bups, sizeof(bups), "%lld", (long long)fx.bup);
    snprintf(schools, sizeof(schools), "%lld", (long long)fx.school);
    return (struct bp_consent_input){.org_id = org ? org : bups,
                                     .giver = "guardians",
                                     .scope = "Närvaro",
                                     .child_view = "Vill att skolan och BUP pratar.",
                                     .maturity_note = "Tio år.",
                                     .form = "hlt_vasterbotten",
                                     .given_on = "2026-11-19",
                                     .guardian_ids = {g1s, g2s},
                                     .n_guardian_ids = 2};
}

static enum bp_err record(const struct bp_user *u, const struct bp_consent_input *in, int64_t *id,
                          struct bp_field_errors *errs)
{
    struct bp_actor a = actor_of(u);
    *id = 0;
    return bp_uc_consent_record(fx.s, &fx.a, &a, fx.kase, in, id, errs);
}

/* V-2.6: BUP, asked to take part, records its own consent: in the ledger, taking part from now on, a
 * pending proposal to close withdrawn, on the timeline, on record. */
static void test_consent_record(void **state)
{
    struct bp_consent_input in = typed(NULL);
    struct bp_field_errors errs;
    struct trace t = trace();
    int64_t id;
    (void)state;
    raw("UPDATE cases SET closure_proposed_at = 1795000000");
    assert_ok(record(&fx.dora, &in, &id, &errs));
    assert_true(id > 0);
    assert_int_equal(count("SELECT count(*) FROM consents"), t.consents + 1);
    assert_int_equal(count("SELECT org_id FROM consents ORDER BY id DESC LIMIT 1"), fx.bup);
    assert_int_equal(count("SELECT obtained_by FROM consents ORDER BY id DESC LIMIT 1"), fx.dora.id);
    assert_int_equal(count("SELECT created_at FROM consents ORDER BY id DESC LIMIT 1"), T0 + 86400);
    assert_int_equal(count("SELECT count(*) FROM cases WHERE closure_proposed_at IS NULL OR "
                           "closure_proposed_at = 0"),
                     1);
    assert_int_equal(count("SELECT count(*) FROM events WHERE kind = 'consent_recorded'"), 1);
    assert_string_equal(last_audit(), "create consent asked");
    assert_int_equal(count("SELECT org_id FROM audit ORDER BY id DESC LIMIT 1"), fx.bup);
    /* a second one while it is in force */
    t = trace();
    assert_int_equal(record(&fx.dora, &in, &id, &errs), BP_ERR_CONFLICT);
    assert_string_equal(bp_field_errors_find(&errs, "consent.org_id"), "already_active");
    /* another organisation's (V-2.6: each records its own in Västerbotten) */
    in = typed(schools);
    assert_int_equal(record(&fx.dora, &in, &id, &errs), BP_ERR_INVALID);
    assert_string_equal(bp_field_errors_find(&errs, "consent.org_id"), "own_org_only");
    /* no such organisation; no organisation that parses; a field missing */
    in = typed("9999");
    assert_int_equal(record(&fx.dora, &in, &id, &errs), BP_ERR_INVALID);
    assert_string_equal(bp_field_errors_find(&errs, "consent.org_id"), "choice");
    in = typed("x");
    assert_int_equal(record(&fx.dora, &in, &id, &errs), BP_ERR_INVALID);
    assert_string_equal(bp_field_errors_find(&errs, "consent.org_id"), "choice");
    in = typed(NULL);
    in.form = "";
    assert_int_equal(record(&fx.dora, &in, &id, &errs), BP_ERR_INVALID);
    assert_string_equal(bp_field_errors_find(&errs, "consent.form"), "choice");
    assert_null(bp_field_errors_find(&errs, "consent.org_id"));
    /* the school, initiating, records its own: the child born on no known date is no obstacle */
    raw("UPDATE children SET birth_date = NULL");
    in = typed(schools);
    assert_ok(record(&fx.anna, &in, &id, &errs));
    assert_int_equal(count("SELECT count(*) FROM cases WHERE closure_proposed_at IS NULL OR "
                           "closure_proposed_at = 0"),
                     1);
    assert_int_equal(count("SELECT count(*) FROM consents"), t.consents + 1);
    assert_int_equal(count("SELECT count(*) FROM audit"), t.audit + 1);
    assert_int_equal(id, count("SELECT max(id) FROM consents"));
    /* BUP's withdrawn, BUP asked again: a new one may be recorded */
    {
        struct bp_actor dora = actor_of(&fx.dora), anna = actor_of(&fx.anna);
        struct bp_withdrawal_input w = {.by = "guardians", .on = "2026-11-19"};
        struct bp_withdrawal_result res;
        assert_ok(bp_uc_consent_withdraw(fx.s, &fx.a, &dora, fx.kase,
                                         count("SELECT id FROM consents WHERE "
                                               "org_id = 3"),
                                         &w, &res, &errs));
        assert_ok(bp_uc_case_ask_org(fx.s, &fx.a, &anna, fx.kase, bups, &errs));
    }
    in = typed(NULL);
    assert_ok(record(&fx.dora, &in, &id, &errs));
    assert_int_equal(count("SELECT count(*) FROM consents WHERE org_id = 3 AND status = 'active'"), 1);
}

static void test_consent_record_refused(void **state)
{
    struct bp_consent_input in = typed(NULL);
    struct bp_field_errors errs;
    struct bp_actor nobody = {.address = "127.0.0.1", .channel = "web", .now = T0};
    struct trace t = trace();
    int64_t id = 7;
    (void)state;
    assert_int_equal(record(&fx.olle, &in, &id, &errs), BP_ERR_NOT_FOUND);
    assert_refused(t, "denied consent not_participant");
    assert_int_equal(id, 0);
    t = trace();
    assert_int_equal(bp_uc_consent_record(fx.s, &fx.a, &nobody, fx.kase, &in, &id, &errs),
                     BP_ERR_UNAUTHENTICATED);
    raw("UPDATE cases SET status = 'closed'");
    assert_int_equal(record(&fx.dora, &in, &id, &errs), BP_ERR_CONFLICT);
    assert_string_equal(bp_field_errors_find(&errs, "consent"), "case_closed");
    assert_unchanged(t);
}

/* Each read and write failing for real: the error, nothing recorded, no audit entry. */
static void record_fails(const char *breaks, const char *repairs)
{
    struct bp_consent_input in = typed(NULL);
    struct bp_field_errors errs;
    struct trace t = trace();
    int64_t id;
    raw("%s", breaks);
    assert_int_equal(record(&fx.dora, &in, &id, &errs), BP_ERR_STORAGE);
    raw("%s", repairs);
    assert_unchanged(t);
    assert_int_equal(id, 0);
}

static void test_consent_record_fails(void **state)
{
    (void)state;
    raw("UPDATE cases SET closure_proposed_at = 1795000000");
    record_fails("ALTER TABLE children RENAME COLUMN language TO gone",
                 "ALTER TABLE children RENAME COLUMN gone TO language");
    record_fails("ALTER TABLE guardians RENAME TO gone", "ALTER TABLE gone RENAME TO guardians");
    record_fails("ALTER TABLE organisations RENAME COLUMN municipality TO gone",
                 "ALTER TABLE organisations RENAME COLUMN gone TO municipality");
    { /* the organisation chosen, not in the case, cannot be read (the case's own are read with it) */
        char outsider[24];
        struct bp_consent_input in;
        struct bp_field_errors errs;
        struct trace t = trace();
        int64_t id;
        snprintf(outsider, sizeof(outsider), "%lld", (long long)fx.outsider);
        in = typed(outsider);
        raw("UPDATE organisations SET kind = 'x' || kind WHERE id = %lld", (long long)fx.outsider);
        assert_int_equal(record(&fx.dora, &in, &id, &errs), BP_ERR_STORAGE);
        raw("UPDATE organisations SET kind = substr(kind, 2) WHERE id = %lld", (long long)fx.outsider);
        assert_unchanged(t);
    }
    record_fails("CREATE TRIGGER t_fail BEFORE INSERT ON consents BEGIN SELECT RAISE(ABORT, 'test'); END",
                 "DROP TRIGGER t_fail");
    record_fails("CREATE TRIGGER t_fail BEFORE UPDATE ON case_orgs BEGIN SELECT RAISE(ABORT, 'test'); END; "
                 "CREATE TRIGGER t_fail2 BEFORE INSERT ON case_orgs BEGIN SELECT RAISE(ABORT, 'test'); END",
                 "DROP TRIGGER t_fail; DROP TRIGGER t_fail2");
    record_fails("CREATE TRIGGER t_fail BEFORE UPDATE ON cases BEGIN SELECT RAISE(ABORT, 'test'); END",
                 "DROP TRIGGER t_fail");
    record_fails("CREATE TRIGGER t_fail BEFORE INSERT ON events BEGIN SELECT RAISE(ABORT, 'test'); END",
                 "DROP TRIGGER t_fail");
    assert_int_equal(count("SELECT closure_proposed_at FROM cases"), 1795000000);
}

static enum bp_err change(const struct bp_user *u, int64_t consent_id, const struct bp_consent_input *in,
                          int64_t *id, struct bp_field_errors *errs)
{
    struct bp_actor a = actor_of(u);
    *id = 0;
    return bp_uc_consent_change(fx.s, &fx.a, &a, fx.kase, consent_id, in, id, errs);
}

/* A change is a new row of the ledger for the same organisation, the old one replaced; everyone involved
 * is told at once (V-2.8). */
static void test_consent_change(void **state)
{
    struct bp_consent_input in = typed(schools); /* the organisation typed is not the one kept */
    struct bp_field_errors errs;
    struct trace t = trace();
    int64_t id;
    (void)state;
    in.scope = "Närvaro och betyg";
    assert_ok(change(&fx.bo, fx.social_consent, &in, &id, &errs));
    assert_true(id > fx.social_consent);
    assert_int_equal(count("SELECT org_id FROM consents ORDER BY id DESC LIMIT 1"), fx.social);
    assert_string_equal(raw_text("SELECT scope FROM consents ORDER BY id DESC LIMIT 1"), "Närvaro och betyg");
    assert_int_equal(count("SELECT replaced_by FROM consents WHERE id = 1"), id);
    assert_string_equal(raw_text("SELECT status FROM consents WHERE id = 1"), "replaced");
    assert_int_equal(count("SELECT count(*) FROM events WHERE kind = 'consent_changed'"), 1);
    assert_true(count("SELECT count(*) FROM notifications WHERE kind = 'consent_changed'") > 0);
    assert_int_equal(count("SELECT count(*) FROM audit"), t.audit + 1);
    assert_string_equal(last_audit(), "update consent consent");
    /* the old one again: no longer in force */
    t = trace();
    assert_int_equal(change(&fx.bo, fx.social_consent, &in, &id, &errs), BP_ERR_CONFLICT);
    assert_string_equal(bp_field_errors_find(&errs, "consent.org_id"), "not_active");
    assert_unchanged(t);
    /* one that does not exist, or another case's: as if missing, on record */
    assert_int_equal(change(&fx.bo, 999, &in, &id, &errs), BP_ERR_NOT_FOUND);
    assert_refused(t, "denied consent not_found");
    /* typed wrong */
    t = trace();
    in.given_on = "2027-01-01";
    assert_int_equal(change(&fx.bo, id ? id : count("SELECT max(id) FROM consents"), &in, &id, &errs),
                     BP_ERR_INVALID);
    assert_string_equal(bp_field_errors_find(&errs, "consent.given_on"), "future");
    assert_int_equal(change(&fx.olle, fx.social_consent, &in, &id, &errs), BP_ERR_NOT_FOUND);
    assert_int_equal(count("SELECT count(*) FROM audit"), t.audit + 1);
    assert_int_equal(count("SELECT count(*) FROM consents"), t.consents);
}

static void test_consent_change_fails(void **state)
{
    static const char *const breaks[][2] = {
        {"CREATE TRIGGER t_fail BEFORE INSERT ON consents BEGIN SELECT RAISE(ABORT, 'test'); END",
         "DROP TRIGGER t_fail"},
        {"CREATE TRIGGER t_fail BEFORE UPDATE ON consents BEGIN SELECT RAISE(ABORT, 'test'); END",
         "DROP TRIGGER t_fail"},
        {"CREATE TRIGGER t_fail BEFORE INSERT ON notifications BEGIN SELECT RAISE(ABORT, 'test'); END",
         "DROP TRIGGER t_fail"},
        {"ALTER TABLE guardians RENAME TO gone", "ALTER TABLE gone RENAME TO guardians"},
    };
    struct bp_consent_input in = typed(NULL);
    struct bp_field_errors errs;
    size_t i;
    int64_t id;
    (void)state;
    for (i = 0; i < sizeof(breaks) / sizeof(breaks[0]); i++) {
        struct trace t = trace();
        raw("%s", breaks[i][0]);
        assert_int_equal(change(&fx.bo, fx.social_consent, &in, &id, &errs), BP_ERR_STORAGE);
        raw("%s", breaks[i][1]);
        assert_unchanged(t);
        assert_string_equal(raw_text("SELECT status FROM consents WHERE id = 1"), "active");
    }
}

static enum bp_err withdraw(const struct bp_user *u, int64_t consent_id, const char *by,
                            struct bp_withdrawal_result *res, struct bp_field_errors *errs)
{
    struct bp_actor a = actor_of(u);
    struct bp_withdrawal_input in = {.by = by, .on = "2026-11-19", .note = "Vill inte längre"};
    return bp_uc_consent_withdraw(fx.s, &fx.a, &a, fx.kase, consent_id, &in, res, errs);
}

/* V-2.8, V-2.9: the last consent withdrawn: the organisation no longer asked, everyone told, closing
 * proposed; social services themselves can no longer open the case. */
static void test_consent_withdraw(void **state)
{
    struct bp_withdrawal_result res;
    struct bp_field_errors errs;
    struct trace t = trace();
    (void)state;
    assert_ok(withdraw(&fx.bo, fx.social_consent, "guardians", &res, &errs));
    assert_true(res.closure_proposed);
    assert_true(res.actor_lost_access);
    assert_string_equal(
        raw_text("SELECT status || ' ' || withdrawn_by || ' ' || withdrawal_note FROM consents"),
        "withdrawn guardians Vill inte längre");
    assert_int_equal(count("SELECT ended_by_user FROM consents"), fx.bo.id);
    assert_int_equal(count("SELECT count(*) FROM case_orgs WHERE org_id = 2 AND asked_at IS NOT NULL"), 0);
    assert_int_equal(count("SELECT closure_proposed_at FROM cases"), T0 + 86400);
    assert_string_equal(raw_text("SELECT group_concat(kind, ' ') FROM (SELECT kind FROM events ORDER BY id)"),
                        "consent_withdrawn closure_proposed");
    assert_true(count("SELECT count(*) FROM notifications WHERE kind = 'consent_withdrawn'") > 0);
    assert_true(count("SELECT count(*) FROM notifications WHERE kind = 'closure_proposed'") > 0);
    assert_int_equal(count("SELECT count(*) FROM audit"), t.audit + 1);
    assert_string_equal(last_audit(), "update consent consent");
    /* again: no longer active */
    assert_int_equal(withdraw(&fx.anna, fx.social_consent, "guardians", &res, &errs), BP_ERR_INVALID);
    assert_string_equal(bp_field_errors_find(&errs, "withdrawal.by"), "not_active");
    /* one that does not exist: as if missing, on record */
    t = trace();
    assert_int_equal(withdraw(&fx.anna, 999, "guardians", &res, &errs), BP_ERR_NOT_FOUND);
    assert_refused(t, "denied consent not_found");
    assert_int_equal(withdraw(&fx.olle, fx.social_consent, "guardians", &res, &errs), BP_ERR_NOT_FOUND);
}

/* Another consent still in force: no proposal; the school keeps its access; a closed case too (the family
 * may withdraw after closure), without a proposal. */
static void test_consent_withdraw_not_last(void **state)
{
    struct bp_consent_input in = typed(NULL);
    struct bp_withdrawal_result res;
    struct bp_field_errors errs;
    int64_t bup;
    (void)state;
    assert_ok(record(&fx.dora, &in, &bup, &errs));
    assert_ok(withdraw(&fx.anna, fx.social_consent, "child", &res, &errs));
    assert_false(res.closure_proposed);
    assert_false(res.actor_lost_access);
    assert_int_equal(count("SELECT count(*) FROM events WHERE kind = 'closure_proposed'"), 0);
    assert_int_equal(count("SELECT count(*) FROM case_orgs WHERE org_id = 3 AND asked_at IS NOT NULL"), 1);
    raw("UPDATE cases SET status = 'closed'");
    assert_ok(withdraw(&fx.dora, bup, "guardians", &res, &errs));
    assert_false(res.closure_proposed);
    assert_true(res.actor_lost_access);
    assert_int_equal(count("SELECT count(*) FROM events WHERE kind = 'closure_proposed'"), 0);
    assert_int_equal(count("SELECT count(*) FROM consents WHERE status = 'active'"), 0);
}

static void test_consent_withdraw_fails(void **state)
{
    static const char *const breaks[][2] = {
        {"CREATE TRIGGER t_fail BEFORE UPDATE ON consents BEGIN SELECT RAISE(ABORT, 'test'); END",
         "DROP TRIGGER t_fail"},
        {"CREATE TRIGGER t_fail BEFORE UPDATE ON case_orgs BEGIN SELECT RAISE(ABORT, 'test'); END; "
         "CREATE TRIGGER t_fail2 BEFORE DELETE ON case_orgs BEGIN SELECT RAISE(ABORT, 'test'); END",
         "DROP TRIGGER t_fail; DROP TRIGGER t_fail2"},
        {"CREATE TRIGGER t_fail BEFORE UPDATE ON cases BEGIN SELECT RAISE(ABORT, 'test'); END",
         "DROP TRIGGER t_fail"},
    };
    struct bp_withdrawal_result res;
    struct bp_field_errors errs;
    size_t i;
    (void)state;
    for (i = 0; i < sizeof(breaks) / sizeof(breaks[0]); i++) {
        struct trace t = trace();
        raw("%s", breaks[i][0]);
        assert_int_equal(withdraw(&fx.bo, fx.social_consent, "guardians", &res, &errs), BP_ERR_STORAGE);
        raw("%s", breaks[i][1]);
        assert_unchanged(t);
        assert_string_equal(raw_text("SELECT status FROM consents"), "active");
    }
}

static enum bp_err ask(const struct bp_user *u, const char *org, struct bp_field_errors *errs)
{
    struct bp_actor a = actor_of(u);
    return bp_uc_case_ask_org(fx.s, &fx.a, &a, fx.kase, org, errs);
}

/* V-2.6: the school asks student health (asked once, no more) again: asked, on the timeline, only its
 * members told, on record. */
static void test_ask_org(void **state)
{
    char health[24];
    struct bp_field_errors errs;
    struct trace t = trace();
    (void)state;
    snprintf(health, sizeof(health), "%lld", (long long)fx.health);
    assert_ok(ask(&fx.anna, health, &errs));
    assert_int_equal(count("SELECT count(*) FROM case_orgs WHERE org_id = 4 AND asked_at IS NOT NULL"), 1);
    assert_int_equal(count("SELECT count(*) FROM events WHERE kind = 'org_asked' AND org_id = 4"), 1);
    assert_int_equal(count("SELECT count(*) FROM notifications WHERE kind = 'org_asked'"), 1);
    assert_int_equal(count("SELECT user_id FROM notifications WHERE kind = 'org_asked'"), fx.hanna.id);
    assert_int_equal(count("SELECT count(*) FROM audit"), t.audit + 1);
    assert_string_equal(last_audit(), "update case org_asked");
    /* asked already */
    t = trace();
    assert_int_equal(ask(&fx.anna, health, &errs), BP_ERR_CONFLICT);
    assert_string_equal(bp_field_errors_find(&errs, "ask.org_id"), "already_asked");
    assert_int_equal(ask(&fx.anna, NULL, &errs), BP_ERR_INVALID);
    assert_string_equal(bp_field_errors_find(&errs, "ask.org_id"), "required");
    assert_int_equal(ask(&fx.anna, "", &errs), BP_ERR_INVALID);
    assert_string_equal(bp_field_errors_find(&errs, "ask.org_id"), "required");
    assert_int_equal(ask(&fx.anna, "x", &errs), BP_ERR_INVALID);
    assert_string_equal(bp_field_errors_find(&errs, "ask.org_id"), "choice");
    assert_int_equal(ask(&fx.anna, "9999", &errs), BP_ERR_INVALID);
    assert_string_equal(bp_field_errors_find(&errs, "ask.org_id"), "choice");
    assert_unchanged(t);
    /* BUP, only asked itself, may not ask others: refused, on record */
    assert_int_equal(ask(&fx.dora, health, &errs), BP_ERR_FORBIDDEN);
    assert_refused(t, "denied case asked");
    /* a closed case */
    t = trace();
    raw("UPDATE cases SET status = 'closed'");
    assert_int_equal(ask(&fx.anna, "5", &errs), BP_ERR_CONFLICT);
    assert_string_equal(bp_field_errors_find(&errs, "ask.org_id"), "case_closed");
    assert_unchanged(t);
}

static void test_ask_org_fails(void **state)
{
    static const char *const breaks[][2] = {
        {"ALTER TABLE organisations RENAME COLUMN municipality TO gone",
         "ALTER TABLE organisations RENAME COLUMN gone TO municipality"},
        {"CREATE TRIGGER t_fail BEFORE UPDATE ON case_orgs BEGIN SELECT RAISE(ABORT, 'test'); END; "
         "CREATE TRIGGER t_fail2 BEFORE INSERT ON case_orgs BEGIN SELECT RAISE(ABORT, 'test'); END",
         "DROP TRIGGER t_fail; DROP TRIGGER t_fail2"},
        {"ALTER TABLE memberships RENAME TO gone", "ALTER TABLE gone RENAME TO memberships"},
        {"CREATE TRIGGER t_fail BEFORE INSERT ON notifications BEGIN SELECT RAISE(ABORT, 'test'); END",
         "DROP TRIGGER t_fail"},
    };
    struct bp_field_errors errs;
    size_t i;
    (void)state;
    for (i = 0; i < sizeof(breaks) / sizeof(breaks[0]); i++) {
        struct trace t = trace();
        raw("%s", breaks[i][0]);
        assert_int_equal(ask(&fx.anna, "4", &errs), BP_ERR_STORAGE);
        raw("%s", breaks[i][1]);
        assert_unchanged(t);
    }
    { /* the organisation asked, not in the case, cannot be read (the case's own are read with it) */
        char outsider[24];
        struct trace t = trace();
        snprintf(outsider, sizeof(outsider), "%lld", (long long)fx.outsider);
        raw("UPDATE organisations SET kind = 'x' || kind WHERE id = %lld", (long long)fx.outsider);
        assert_int_equal(ask(&fx.anna, outsider, &errs), BP_ERR_STORAGE);
        raw("UPDATE organisations SET kind = substr(kind, 2) WHERE id = %lld", (long long)fx.outsider);
        assert_unchanged(t);
    }
}

/* Reading one consent: the case's read, the entry's object the consent. */
static void test_consent_get(void **state)
{
    struct bp_actor bo = actor_of(&fx.bo), olle = actor_of(&fx.olle);
    struct bp_case_view view;
    struct bp_consent k;
    struct bp_audit e;
    (void)state;
    assert_ok(bp_uc_consent_get(fx.s, &fx.a, &bo, fx.kase, fx.social_consent, &view, &k, &e));
    assert_int_equal(k.id, fx.social_consent);
    assert_string_equal(k.scope, "Närvaro");
    assert_string_equal(e.action, "read");
    assert_string_equal(e.object, "consent");
    assert_int_equal(bp_uc_consent_get(fx.s, &fx.a, &bo, fx.kase, 999, &view, &k, &e), BP_ERR_NOT_FOUND);
    assert_int_equal(bp_uc_consent_get(fx.s, &fx.a, &olle, fx.kase, fx.social_consent, &view, &k, &e),
                     BP_ERR_NOT_FOUND);
    assert_string_equal(e.action, "denied");
    assert_string_equal(e.object, "case");
}

/* ---- the write lock held elsewhere: BEGIN fails after the busy timeout (5 s each; last, since they wait)
 * ---- */

static void test_locked(void **state)
{
    struct bp_unit u;
    struct bp_actor anna = actor_of(&fx.anna);
    struct bp_consent_input in = typed(NULL);
    struct bp_withdrawal_result res;
    struct bp_field_errors errs;
    struct trace t = trace();
    int64_t id;
    (void)state;
    raw("BEGIN IMMEDIATE");
    assert_ok(open_unit(&u, &anna, fx.kase, BP_ACCESS_INTAKE));
    assert_int_equal(bp_unit_begin(&u), BP_ERR_STORAGE);
    assert_false(u.begun);
    assert_int_equal(record(&fx.dora, &in, &id, &errs), BP_ERR_STORAGE);
    assert_int_equal(change(&fx.bo, fx.social_consent, &in, &id, &errs), BP_ERR_STORAGE);
    assert_int_equal(withdraw(&fx.bo, fx.social_consent, "guardians", &res, &errs), BP_ERR_STORAGE);
    assert_int_equal(ask(&fx.anna, "4", &errs), BP_ERR_STORAGE);
    raw("ROLLBACK");
    assert_unchanged(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_unit_open, setup, trust_teardown),
        cmocka_unit_test_setup_teardown(test_unit_open_change, setup, trust_teardown),
        cmocka_unit_test_setup_teardown(test_unit_finish, setup, trust_teardown),
        cmocka_unit_test_setup_teardown(test_unit_finish_fails, setup, trust_teardown),
        cmocka_unit_test_setup_teardown(test_unit_not_found, setup, trust_teardown),
        cmocka_unit_test_setup_teardown(test_unit_refuse, setup, trust_teardown),
        cmocka_unit_test_setup_teardown(test_consent_record, setup, trust_teardown),
        cmocka_unit_test_setup_teardown(test_consent_record_refused, setup, trust_teardown),
        cmocka_unit_test_setup_teardown(test_consent_record_fails, setup, trust_teardown),
        cmocka_unit_test_setup_teardown(test_consent_change, setup, trust_teardown),
        cmocka_unit_test_setup_teardown(test_consent_change_fails, setup, trust_teardown),
        cmocka_unit_test_setup_teardown(test_consent_withdraw, setup, trust_teardown),
        cmocka_unit_test_setup_teardown(test_consent_withdraw_not_last, setup, trust_teardown),
        cmocka_unit_test_setup_teardown(test_consent_withdraw_fails, setup, trust_teardown),
        cmocka_unit_test_setup_teardown(test_ask_org, setup, trust_teardown),
        cmocka_unit_test_setup_teardown(test_ask_org_fails, setup, trust_teardown),
        cmocka_unit_test_setup_teardown(test_consent_get, setup, trust_teardown),
        cmocka_unit_test_setup_teardown(test_locked, setup, trust_teardown),
    };
    if (getenv("BP_TEST_QUICK")) /* scripts/mutate.py: the 5 s waits only when nothing else failed */
        cmocka_set_skip_filter("test_locked");
    return cmocka_run_group_tests(tests, trust_template_make, trust_template_remove);
}
