/* test_trust_domain.c: the edges of the pure rules that decide who sees what (issue 11 item 10; docs/trust.md
 * section 10): the consent ledger as typed (parsing, withdrawal, limiting), protected identity at its limits,
 * the family table outside its range, and the access rule without an "asked" list. The tables of
 * test_access.c, test_consent.c, test_protection.c and test_family.c hold the ordinary cases; this file holds
 * what scripts/coverage.py and scripts/mutate.py found they miss. Pure: no storage, no clock. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>
#include "domain/access.h"
#include "domain/consent.h"
#include "domain/family.h"
#include "domain/protection.h"

static const struct bp_date TODAY = {2026, 11, 23};
static const struct bp_date BIRTH_10 = {2016, 5, 1};

static const struct bp_guardian joint[] = {
    {.id = 11, .name = "Sara", .custody = BP_CUSTODY_JOINT},
    {.id = 12, .name = "Johan", .custody = BP_CUSTODY_JOINT},
};

static const char *code_of(const struct bp_field_errors *e, const char *field)
{
    return bp_field_errors_find(e, field);
}

/* ---- consent as typed: bp_consent_validate (V-2.1, V-2.2, V-2.3, V-2.5) ---- */

static struct bp_consent_input typed(void)
{
    struct bp_consent_input in = {.org_id = "5",
                                  .giver = "guardians",
                                  .child_view = "Vill att skolan och BUP pratar.",
                                  .maturity_note = "Tio år.",
                                  .scope = "Närvaro, till BUP.",
                                  .form = "hlt_vasterbotten",
                                  .given_on = "2026-11-20",
                                  .renew_on = "",
                                  .guardian_ids = {"11", "12"},
                                  .n_guardian_ids = 2,
                                  .covers_preparation = true};
    return in;
}

static enum bp_err validate(const struct bp_consent_input *in, struct bp_consent *out,
                            struct bp_field_errors *errs)
{
    return bp_consent_validate(in, joint, 2, BIRTH_10, TODAY, out, errs);
}

static void test_validate_parses(void **state)
{
    struct bp_consent_input in = typed();
    struct bp_consent out;
    struct bp_field_errors errs;
    (void)state;
    assert_int_equal(validate(&in, &out, &errs), BP_OK);
    assert_int_equal(out.org_id, 5);
    assert_int_equal(out.giver, BP_CONSENT_BY_GUARDIANS);
    assert_int_equal(out.form, BP_FORM_HLT_VASTERBOTTEN);
    assert_int_equal(out.n_guardians, 2);
    assert_int_equal(out.guardian_ids[1], 12);
    assert_false(out.has_renewal);
    assert_int_equal(out.given_on.d, 20);
    in.renew_on = "2027-11-20";
    in.org_id = "123456789012345678"; /* 18 digits: the longest id */
    assert_int_equal(validate(&in, &out, &errs), BP_OK);
    assert_true(out.has_renewal);
    assert_int_equal(out.renew_on.y, 2027);
    assert_int_equal(out.org_id, INT64_C(123456789012345678));
}

struct typed_row {
    const char *name;
    void (*change)(struct bp_consent_input *in);
    const char *field, *code;
};

static void org_junk(struct bp_consent_input *in)
{
    in->org_id = "5a";
}
static void org_letters_first(struct bp_consent_input *in)
{
    in->org_id = "/5"; /* '/' is just below '0' */
}
static void org_colon(struct bp_consent_input *in)
{
    in->org_id = "5:"; /* ':' is just above '9' */
}
static void org_too_long(struct bp_consent_input *in)
{
    in->org_id = "1234567890123456789"; /* 19 digits */
}
static void org_empty(struct bp_consent_input *in)
{
    in->org_id = "";
}
static void org_null(struct bp_consent_input *in)
{
    in->org_id = NULL;
}
static void org_zero(struct bp_consent_input *in)
{
    in->org_id = "0";
}
static void giver_unknown(struct bp_consent_input *in)
{
    in->giver = "neighbour";
}
static void giver_null(struct bp_consent_input *in)
{
    in->giver = NULL;
}
static void form_unknown(struct bp_consent_input *in)
{
    in->form = "napkin";
}
static void form_null(struct bp_consent_input *in)
{
    in->form = NULL;
}
static void guardian_junk(struct bp_consent_input *in)
{
    in->guardian_ids[1] = "x";
}
static void guardians_three(struct bp_consent_input *in)
{
    in->guardian_ids[2] = "11";
    in->n_guardian_ids = 3;
}
static void guardians_one(struct bp_consent_input *in)
{
    in->n_guardian_ids = 1;
}
static void given_junk(struct bp_consent_input *in)
{
    in->given_on = "20 november";
}
static void given_empty(struct bp_consent_input *in)
{
    in->given_on = "";
}
static void renew_junk(struct bp_consent_input *in)
{
    in->renew_on = "snart";
}
static void renew_before(struct bp_consent_input *in)
{
    in->renew_on = "2026-11-20"; /* the day it is given: no later */
}
static void adult_ten(struct bp_consent_input *in)
{
    in->giver = "adult_student";
}

static void org_junk_form_unknown(struct bp_consent_input *in)
{
    in->org_id = "5a";
    in->form = "napkin";
}

static const struct typed_row typed_rows[] = {
    {"an org id with a letter is not an id", org_junk, "consent.org_id", "choice"},
    {"an org id starting below '0'", org_letters_first, "consent.org_id", "choice"},
    {"an org id ending above '9'", org_colon, "consent.org_id", "choice"},
    {"an org id of 19 digits", org_too_long, "consent.org_id", "choice"},
    {"no org id: required", org_empty, "consent.org_id", "required"},
    {"no org id at all: required", org_null, "consent.org_id", "required"},
    {"org id 0 is typed but not an id", org_zero, "consent.org_id", "choice"},
    {"an unknown giver", giver_unknown, "consent.giver", "choice"},
    {"no giver", giver_null, "consent.giver", "choice"},
    {"V-2.5: an unknown form", form_unknown, "consent.form", "choice"},
    {"V-2.5: no form", form_null, "consent.form", "choice"},
    {"V-2.1: a guardian id that is not an id", guardian_junk, "consent.guardians", "not_guardian"},
    {"V-2.1: more signers than there can be", guardians_three, "consent.guardians", "not_guardian"},
    {"V-2.1: one of two guardians with custody", guardians_one, "consent.guardians", "all_guardians"},
    {"a given date that is not a date", given_junk, "consent.given_on", "date"},
    {"no given date", given_empty, "consent.given_on", "required"},
    {"a renewal date that is not a date", renew_junk, "consent.renew_on", "date"},
    {"a renewal on the day it is given", renew_before, "consent.renew_on", "before_given"},
    {"a ten-year-old is no adult student", adult_ten, "consent.giver", "not_adult"},
    {"an org id with a letter, and an unknown form too", org_junk_form_unknown, "consent.org_id", "choice"},
    {"an unknown form, and an org id with a letter too", org_junk_form_unknown, "consent.form", "choice"},
};

static void test_validate_rows(void **state)
{
    size_t i;
    (void)state;
    for (i = 0; i < sizeof(typed_rows) / sizeof(typed_rows[0]); i++) {
        struct bp_consent_input in = typed();
        struct bp_consent out;
        struct bp_field_errors errs;
        const char *got;
        typed_rows[i].change(&in);
        if (validate(&in, &out, &errs) != BP_ERR_INVALID)
            fail_msg("%s: accepted", typed_rows[i].name);
        got = code_of(&errs, typed_rows[i].field);
        if (!got || strcmp(got, typed_rows[i].code) != 0)
            fail_msg("%s: %s is %s, want %s", typed_rows[i].name, typed_rows[i].field, got ? got : "(none)",
                     typed_rows[i].code);
    }
}

/* ---- bp_consent_check at its edges ---- */

static struct bp_consent checked(void)
{
    struct bp_consent c = {.org_id = 5,
                           .giver = BP_CONSENT_BY_GUARDIANS,
                           .guardian_ids = {11, 12},
                           .n_guardians = 2,
                           .child_view = "Bra.",
                           .scope = "Närvaro.",
                           .form = BP_FORM_HLT_VASTERBOTTEN,
                           .given_on = {2026, 11, 20}};
    return c;
}

static const char *check_code(const struct bp_consent *c, struct bp_date birth, const char *field)
{
    struct bp_field_errors errs;
    enum bp_err rc = bp_consent_check(c, joint, 2, birth, TODAY, &errs);
    const char *code = code_of(&errs, field);
    assert_int_equal(rc, code || errs.count ? BP_ERR_INVALID : BP_OK);
    return code;
}

static void test_check_edges(void **state)
{
    struct bp_consent c = checked();
    (void)state;
    assert_null(check_code(&c, BIRTH_10, "consent.form"));
    c.form = BP_CONSENT_FORM_COUNT;
    assert_string_equal(check_code(&c, BIRTH_10, "consent.form"), "choice");
    c = checked();
    c.form = BP_FORM_OTHER; /* the last form is a form */
    assert_null(check_code(&c, BIRTH_10, "consent.form"));
    c = checked();
    c.org_id = 0;
    assert_string_equal(check_code(&c, BIRTH_10, "consent.org_id"), "required");
    c.org_id = 1;
    assert_null(check_code(&c, BIRTH_10, "consent.org_id"));
    c = checked();
    c.given_on = (struct bp_date){2026, 2, 30};
    assert_string_equal(check_code(&c, BIRTH_10, "consent.given_on"), "required");
    c = checked();
    c.given_on = TODAY; /* today is not the future */
    assert_null(check_code(&c, BIRTH_10, "consent.given_on"));
    c.given_on = (struct bp_date){2026, 11, 24};
    assert_string_equal(check_code(&c, BIRTH_10, "consent.given_on"), "future");
    c = checked();
    c.has_renewal = true;
    c.renew_on = (struct bp_date){2027, 13, 1};
    assert_string_equal(check_code(&c, BIRTH_10, "consent.renew_on"), "before_given");
    c.renew_on = (struct bp_date){2026, 11, 21}; /* the day after: later */
    assert_null(check_code(&c, BIRTH_10, "consent.renew_on"));
    c = checked();
    c.n_guardians = 3;
    assert_string_equal(check_code(&c, BIRTH_10, "consent.guardians"), "required");
    c.n_guardians = 0;
    assert_string_equal(check_code(&c, BIRTH_10, "consent.guardians"), "required");
    c = checked();
    c.giver = BP_CONSENT_GIVER_COUNT;
    assert_string_equal(check_code(&c, BIRTH_10, "consent.giver"), "choice");
}

/* An adult student consents for themselves from the 18th birthday on (age in whole years). */
static void test_adult_student_age(void **state)
{
    struct bp_consent c = checked();
    (void)state;
    c.giver = BP_CONSENT_BY_ADULT_STUDENT;
    c.n_guardians = 0;
    c.given_on = (struct bp_date){2026, 6, 15};
    assert_null(check_code(&c, (struct bp_date){2008, 6, 15}, "consent.giver")); /* the birthday */
    assert_null(check_code(&c, (struct bp_date){2008, 5, 20}, "consent.giver")); /* a month after */
    assert_null(check_code(&c, (struct bp_date){2008, 6, 14}, "consent.giver")); /* a day after */
    assert_string_equal(check_code(&c, (struct bp_date){2008, 6, 16}, "consent.giver"), "not_adult");
    assert_string_equal(check_code(&c, (struct bp_date){2008, 7, 1}, "consent.giver"), "not_adult");
    assert_null(check_code(&c, (struct bp_date){2007, 7, 1}, "consent.giver")); /* 18 since last July */
}

/* ---- withdrawal (V-2.8) ---- */

static void test_withdrawal(void **state)
{
    struct bp_consent c = checked();
    struct bp_withdrawal_input in = {.by = "child", .on = "2026-11-22", .note = "Vill inte längre."};
    struct bp_field_errors errs;
    (void)state;
    c.status = BP_CONSENT_ACTIVE;
    assert_int_equal(bp_consent_withdrawal_check(&c, &in, TODAY, &errs), BP_OK);
    assert_int_equal(c.status, BP_CONSENT_WITHDRAWN);
    assert_int_equal(c.withdrawn_by, BP_WITHDRAWN_BY_CHILD);
    assert_int_equal(c.withdrawn_on.d, 22);
    assert_string_equal(c.withdrawal_note, "Vill inte längre.");
    /* withdrawn already */
    assert_int_equal(bp_consent_withdrawal_check(&c, &in, TODAY, &errs), BP_ERR_INVALID);
    assert_string_equal(code_of(&errs, "withdrawal.by"), "not_active");

    c = checked();
    in = (struct bp_withdrawal_input){.by = "guardians", .on = "2026-11-23", .note = ""};
    assert_int_equal(bp_consent_withdrawal_check(&c, &in, TODAY, &errs), BP_OK); /* today, no note */
    assert_int_equal(c.withdrawn_by, BP_WITHDRAWN_BY_GUARDIANS);
    assert_null(c.withdrawal_note);

    c = checked();
    in = (struct bp_withdrawal_input){.by = "adult_student", .on = "2026-11-20", .note = NULL};
    assert_int_equal(bp_consent_withdrawal_check(&c, &in, TODAY, &errs), BP_OK); /* the day it was given */
    assert_int_equal(c.withdrawn_by, BP_WITHDRAWN_BY_ADULT_STUDENT);
    assert_null(c.withdrawal_note);

    struct {
        struct bp_withdrawal_input in;
        const char *field, *code;
    } bad[] = {
        {{.by = "", .on = "2026-11-22"}, "withdrawal.by", "required"},
        {{.by = NULL, .on = "2026-11-22"}, "withdrawal.by", "required"},
        {{.by = "teacher", .on = "2026-11-22"}, "withdrawal.by", "choice"},
        {{.by = "child", .on = ""}, "withdrawal.on", "required"},
        {{.by = "child", .on = NULL}, "withdrawal.on", "required"},
        {{.by = "child", .on = "igår"}, "withdrawal.on", "date"},
        {{.by = "child", .on = "2026-11-24"}, "withdrawal.on", "future"},
        {{.by = "child", .on = "2026-11-19"}, "withdrawal.on", "before_given"},
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        c = checked();
        if (bp_consent_withdrawal_check(&c, &bad[i].in, TODAY, &errs) != BP_ERR_INVALID)
            fail_msg("withdrawal row %zu accepted", i);
        assert_int_equal(c.status, BP_CONSENT_ACTIVE);
        assert_string_equal(code_of(&errs, bad[i].field), bad[i].code);
        assert_int_equal(errs.count, 1);
    }
}

/* ---- limiting (V-2.8, consent.limit), the terms a guardian confirms with no one before them ---- */

static void test_limit_without_scope_before(void **state)
{
    struct bp_consent widest = {.status = BP_CONSENT_ACTIVE, .covers_preparation = true}; /* no scope yet */
    struct bp_consent_input in = {.scope = "Bara närvaron.", .covers_preparation = true};
    struct bp_consent out;
    struct bp_field_errors errs;
    (void)state;
    assert_int_equal(bp_consent_limit(&widest, &in, TODAY, &out, &errs), BP_OK);
    assert_string_equal(out.scope, "Bara närvaron.");
    widest.scope = "Bara närvaron.";
    assert_int_equal(bp_consent_limit(&widest, &in, TODAY, &out, &errs), BP_ERR_INVALID);
    assert_string_equal(code_of(&errs, "consent.scope"), "unchanged");
    in.scope = "Bara närvaron, inte betygen.";
    assert_int_equal(bp_consent_limit(&widest, &in, TODAY, &out, &errs), BP_OK);
    in.renew_on = "2026-11-23"; /* today: earlier than for good */
    assert_int_equal(bp_consent_limit(&widest, &in, TODAY, &out, &errs), BP_OK);
    in.renew_on = "2026-11-22";
    assert_int_equal(bp_consent_limit(&widest, &in, TODAY, &out, &errs), BP_ERR_INVALID);
    assert_string_equal(code_of(&errs, "consent.renew_on"), "past");
}

/* ---- protected identity at its limits ---- */

static void test_protection_of_limits(void **state)
{
    struct bp_child child = {.protected = true, .protected_from = {11, 12}, .n_protected_from = 2};
    struct bp_guardian g[BP_MAX_GUARDIANS + 1];
    struct bp_protection p;
    size_t i;
    (void)state;
    memset(g, 0, sizeof(g));
    for (i = 0; i < BP_MAX_GUARDIANS + 1; i++) {
        g[i].id = (int64_t)(20 + i);
        g[i].protected = true;
        g[i].protected_from[0] = (int64_t)(40 + i); /* each from someone else: more than fit */
        g[i].n_protected_from = 1;
    }
    bp_protection_of(&child, g, BP_MAX_GUARDIANS + 1, &p);
    assert_true(p.child);
    assert_int_equal(p.n_child_from, 2);
    assert_int_equal(p.child_from[1], 12);
    assert_int_equal(p.n_guardians, BP_MAX_GUARDIANS); /* never past the array */
    assert_int_equal(p.guardians[BP_MAX_GUARDIANS - 1], 20 + BP_MAX_GUARDIANS - 1);
    assert_int_equal(p.n_guardians_from, BP_MAX_GUARDIANS);
    /* one guardian protected from more than fit */
    memset(g, 0, sizeof(g));
    g[0] = (struct bp_guardian){.id = 1, .protected = true, .n_protected_from = BP_MAX_GUARDIANS};
    for (i = 0; i < BP_MAX_GUARDIANS; i++)
        g[0].protected_from[i] = (int64_t)(50 + i);
    g[1] = (struct bp_guardian){.id = 2, .protected = true, .protected_from = {60}, .n_protected_from = 1};
    child.protected = false;
    bp_protection_of(&child, g, 2, &p);
    assert_false(p.child);
    assert_int_equal(p.n_child_from, 0);
    assert_int_equal(p.n_guardians_from, BP_MAX_GUARDIANS);
    assert_int_equal(p.guardians_from[BP_MAX_GUARDIANS - 1], 50 + BP_MAX_GUARDIANS - 1);
}

static void test_protection_validate_self(void **state)
{
    struct bp_protection_input in = {
        .guardians = {"11"}, .n_guardians = 1, .guardians_from = {"12"}, .n_guardians_from = 1};
    struct bp_protection out;
    struct bp_field_errors errs = {0};
    (void)state;
    assert_int_equal(bp_protection_validate(&in, joint, 2, &out, &errs), BP_OK); /* from the other: fine */
    assert_int_equal(out.guardians_from[0], 12);
    in.guardians_from[0] = "11";
    assert_int_equal(bp_protection_validate(&in, joint, 2, &out, &errs), BP_ERR_INVALID);
    assert_string_equal(code_of(&errs, "protection.guardians_from"), "self");
    errs.count = 0;
    in.guardians_from[1] = "12"; /* from themselves and the other: a protection */
    in.n_guardians_from = 2;
    assert_int_equal(bp_protection_validate(&in, joint, 2, &out, &errs), BP_OK);
    in = (struct bp_protection_input){
        .guardians = {"11", "12"}, .n_guardians = 2, .guardians_from = {"11"}, .n_guardians_from = 1};
    assert_int_equal(bp_protection_validate(&in, joint, 2, &out, &errs), BP_OK); /* two protected */
    assert_int_equal(out.n_guardians, 2);
}

static void test_protection_apply_child(void **state)
{
    struct bp_protection p = {.child = false, .child_from = {11}, .n_child_from = 1};
    struct bp_child child = {.protected = true, .n_protected_from = 1};
    struct bp_guardian g[2] = {joint[0], joint[1]};
    (void)state;
    bp_protection_apply(&p, &child, g, 2);
    assert_false(child.protected);
    assert_int_equal(child.n_protected_from, 0); /* a "from" list without protection is not kept */
    p.child = true;
    bp_protection_apply(&p, &child, g, 2);
    assert_true(child.protected);
    assert_int_equal(child.n_protected_from, 1);
    assert_int_equal(child.protected_from[0], 11);
}

static void test_protection_from_others_limit(void **state)
{
    struct bp_guardian g[BP_MAX_GUARDIANS + 2];
    size_t i;
    (void)state;
    memset(g, 0, sizeof(g));
    for (i = 0; i < BP_MAX_GUARDIANS + 2; i++)
        g[i].id = (int64_t)(i + 1);
    g[0].protected = true;
    bp_protection_from_others(g, BP_MAX_GUARDIANS + 2);
    assert_int_equal(g[0].n_protected_from, BP_MAX_GUARDIANS); /* never past the array */
    assert_int_equal(g[0].protected_from[0], 2);
    assert_int_equal(g[1].n_protected_from, 0);
}

static void test_protected_from_self(void **state)
{
    struct bp_child child = {0};
    struct bp_guardian g[2] = {joint[0], joint[1]};
    (void)state;
    g[0].protected = true;
    g[0].protected_from[0] = 11; /* a stored list naming the guardian themselves */
    g[0].n_protected_from = 1;
    assert_false(bp_protected_from(&child, g, 2, 11)); /* one is never protected from oneself */
    g[0].protected_from[0] = 12;
    assert_true(bp_protected_from(&child, g, 2, 12));
    assert_false(bp_protected_from(&child, g, 2, 13)); /* someone else: not named */
    g[0].protected = false;
    assert_false(bp_protected_from(&child, g, 2, 12));
}

static void test_ids_format_limits(void **state)
{
    const int64_t ids[] = {7, 123456};
    char out[16] = "xx";
    (void)state;
    bp_protected_ids_format(ids, 2, out, 0); /* no room at all: nothing written */
    assert_string_equal(out, "xx");
    bp_protected_ids_format(ids, 2, out, 1);
    assert_string_equal(out, "");
    bp_protected_ids_format(ids, 2, out, 2); /* "7" fits, " 123456" does not: left out whole */
    assert_string_equal(out, "7");
    bp_protected_ids_format(ids, 2, out, 9); /* "7 123456" is 8 characters and the terminator: fits */
    assert_string_equal(out, "7 123456");
    bp_protected_ids_format(ids, 2, out, 8);
    assert_string_equal(out, "7");
}

static void test_ids_parse_edges(void **state)
{
    int64_t out[BP_MAX_GUARDIANS];
    (void)state;
    assert_int_equal(bp_protected_ids_parse("  12  13", out), 2); /* leading and double spaces */
    assert_int_equal(out[0], 12);
    assert_int_equal(out[1], 13);
    assert_int_equal(bp_protected_ids_parse("123456789012345678901234 5", out), 1); /* a word too long */
    assert_int_equal(out[0], 5);
    assert_int_equal(
        bp_protected_ids_parse("1234567890123456789012345678901234567890123456789012345678901234567890"
                               "1234567890123456789012345678901234567890123456789012345678901234567890 7",
                               out),
        1); /* far too long: skipped, never copied */
    assert_int_equal(out[0], 7);
    assert_int_equal(bp_protected_ids_parse("12345678901234567890123 6", out), 1); /* 23: fits, no int64 */
    assert_int_equal(out[0], 6);
    assert_int_equal(bp_protected_ids_parse("1 2 3 4 5", out), BP_MAX_GUARDIANS);
    assert_int_equal(bp_protected_ids_parse(NULL, out), 0);
}

/* ---- the family table outside its range ---- */

static void test_family_out_of_range(void **state)
{
    struct bp_family_scope all = {true, true, true};
    (void)state;
    assert_false(bp_family_sees((enum bp_family_item) - 1, BP_FR_GUARDIAN, all));
    assert_false(bp_family_sees(BP_FI_COUNT, BP_FR_GUARDIAN, all));
    assert_false(bp_family_sees(BP_FI_CHILD_ID_NUMBER, (enum bp_family_role) - 1, all));
    assert_false(bp_family_sees(BP_FI_CHILD_ID_NUMBER, BP_FR_COUNT, all));
    assert_true(bp_family_sees(BP_FI_CHILD_ID_NUMBER, BP_FR_COUNT - 1, all) ==
                (bp_family_table[BP_FI_CHILD_ID_NUMBER].cells[BP_FR_COUNT - 1].cell != BP_CELL_NONE));
    assert_false(bp_family_may_change(BP_FI_COUNT, BP_FR_GUARDIAN, all));
    assert_false(bp_family_role_logs_in((enum bp_family_role) - 1));
    assert_false(bp_family_role_logs_in(BP_FR_PROFESSIONAL));
    assert_false(bp_family_role_logs_in(BP_FR_CHILD_U7));
    assert_true(bp_family_role_logs_in(BP_FR_GUARDIAN));
    assert_true(bp_family_role_logs_in(BP_FR_ADULT_STUDENT));
}

/* Every cell of the table, every scope: sees and may_change follow the cell and its scope exactly. */
static void test_family_every_cell(void **state)
{
    int item, role, bits;
    (void)state;
    for (item = 0; item < BP_FI_COUNT; item++)
        for (role = 0; role < BP_FR_COUNT; role++)
            for (bits = 0; bits < 8; bits++) {
                struct bp_family_scope s = {bits & 1, (bits & 2) != 0, (bits & 4) != 0};
                struct bp_family_cell c = bp_family_table[item].cells[role];
                bool in = c.scope == BP_CELL_ALL || (c.scope == BP_CELL_OWN && s.own) ||
                          (c.scope == BP_CELL_INVITED && s.invited) ||
                          (c.scope == BP_CELL_SHARED && s.shared);
                if (bp_family_sees((enum bp_family_item)item, (enum bp_family_role)role, s) !=
                        (c.cell != BP_CELL_NONE && in) ||
                    bp_family_may_change((enum bp_family_item)item, (enum bp_family_role)role, s) !=
                        (c.cell == BP_CELL_CHANGE && in))
                    fail_msg("%s, role %s, scope %d", bp_family_table[item].id, bp_family_role_codes[role],
                             bits);
            }
}

/* ---- the access rule without a list of who was asked (V-2.6) ---- */

static void test_access_no_asked_list(void **state)
{
    static struct bp_membership school[] = {{10, BP_ROLE_PROFESSIONAL, "Skolan"}};
    static const struct bp_user anna = {1, "anna", "Anna", "", false, false, school, 1};
    const int64_t orgs[] = {30, 10};
    struct bp_case_access_facts f = {
        .case_orgs = orgs, .n_case_orgs = 2, .initiating_org_id = 30, .today = TODAY};
    struct bp_access_decision d = bp_access_case(&anna, 0, &f);
    (void)state;
    assert_int_equal(d.access, BP_ACCESS_DENIED);
    assert_int_equal(d.reason, BP_ACCESS_NO_CONSENT);
}

/* ---- consent.give: every guardian with custody has confirmed (V-2.1) ---- */

static void test_all_confirmed(void **state)
{
    const struct bp_guardian with_parent[] = {
        {.id = 11, .custody = BP_CUSTODY_JOINT},
        {.id = 12, .custody = BP_CUSTODY_JOINT},
        {.id = 13, .custody = BP_CUSTODY_NONE}, /* a parent without custody never confirms */
    };
    const struct bp_guardian no_custody[] = {{.id = 13, .custody = BP_CUSTODY_NONE}};
    const int64_t both[] = {11, 12}, one[] = {11}, other[] = {12};
    (void)state;
    assert_true(bp_consent_all_confirmed(with_parent, 3, both, 2));
    assert_false(bp_consent_all_confirmed(with_parent, 3, one, 1));
    assert_false(bp_consent_all_confirmed(with_parent, 3, other, 1));
    assert_false(bp_consent_all_confirmed(with_parent, 3, NULL, 0));
    assert_false(bp_consent_all_confirmed(no_custody, 1, NULL, 0)); /* no one with custody: no consent */
    assert_false(bp_consent_all_confirmed(NULL, 0, NULL, 0));
}

/* Only the child's own guardians count, never more than BP_MAX_GUARDIANS, never past the list given. */
static void test_protection_validate_bounds(void **state)
{
    struct bp_guardian g[BP_MAX_GUARDIANS + 1];
    struct bp_protection_input in = {.guardians = {"13"}, .n_guardians = 1};
    struct bp_protection out;
    struct bp_field_errors errs = {0};
    char last[24];
    size_t i;
    (void)state;
    memset(g, 0, sizeof(g));
    for (i = 0; i < BP_MAX_GUARDIANS + 1; i++)
        g[i].id = (int64_t)(11 + i);
    /* two guardians given: the third in the array (13) is not one of them */
    assert_int_equal(bp_protection_validate(&in, g, 2, &out, &errs), BP_ERR_INVALID);
    assert_string_equal(bp_field_errors_find(&errs, "protection.guardians"), "not_guardian");
    errs.count = 0;
    assert_int_equal(bp_protection_validate(&in, g, 3, &out, &errs), BP_OK);
    /* more guardians than a form holds: the one past BP_MAX_GUARDIANS is not among them */
    snprintf(last, sizeof(last), "%d", 11 + BP_MAX_GUARDIANS);
    in.guardians[0] = last;
    assert_int_equal(bp_protection_validate(&in, g, BP_MAX_GUARDIANS + 1, &out, &errs), BP_ERR_INVALID);
    errs.count = 0;
    snprintf(last, sizeof(last), "%d", 11 + BP_MAX_GUARDIANS - 1);
    assert_int_equal(bp_protection_validate(&in, g, BP_MAX_GUARDIANS + 1, &out, &errs), BP_OK);
}

static void test_protected_any(void **state)
{
    struct bp_child child = {0};
    struct bp_guardian g[2] = {joint[0], joint[1]};
    (void)state;
    assert_false(bp_protected_any(&child, g, 2));
    g[1].protected = true; /* a guardian, not the child */
    assert_true(bp_protected_any(&child, g, 2));
    assert_false(bp_protected_any(&child, g, 1));
    g[1].protected = false;
    child.protected = true;
    assert_true(bp_protected_any(&child, g, 2));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_validate_parses),
        cmocka_unit_test(test_validate_rows),
        cmocka_unit_test(test_check_edges),
        cmocka_unit_test(test_adult_student_age),
        cmocka_unit_test(test_withdrawal),
        cmocka_unit_test(test_limit_without_scope_before),
        cmocka_unit_test(test_protection_of_limits),
        cmocka_unit_test(test_protection_validate_self),
        cmocka_unit_test(test_protection_apply_child),
        cmocka_unit_test(test_protection_from_others_limit),
        cmocka_unit_test(test_protected_from_self),
        cmocka_unit_test(test_ids_format_limits),
        cmocka_unit_test(test_ids_parse_edges),
        cmocka_unit_test(test_family_out_of_range),
        cmocka_unit_test(test_family_every_cell),
        cmocka_unit_test(test_access_no_asked_list),
        cmocka_unit_test(test_all_confirmed),
        cmocka_unit_test(test_protection_validate_bounds),
        cmocka_unit_test(test_protected_any),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
