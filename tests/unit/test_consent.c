/* test_consent.c: the consent ledger's rules (src/domain/consent.c), as tables. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>
#include "domain/consent.h"

static const struct bp_date TODAY = {2026, 11, 23};
static const struct bp_date BIRTH_10 = {2016, 5, 1};   /* ten years old */
static const struct bp_date BIRTH_18 = {2008, 11, 20}; /* eighteen on the day the consent is given */

static const struct bp_guardian joint[] = {
    {.id = 11, .name = "Sara", .custody = BP_CUSTODY_JOINT},
    {.id = 12, .name = "Johan", .custody = BP_CUSTODY_JOINT},
};
static const struct bp_guardian sole[] = {{.id = 21, .name = "Leila", .custody = BP_CUSTODY_SOLE}};

static struct bp_consent valid(void)
{
    struct bp_consent c = {
        .case_id = 1,
        .org_id = 5,
        .giver = BP_CONSENT_BY_GUARDIANS,
        .guardian_ids = {11, 12},
        .n_guardians = 2,
        .child_view = "Tycker att det är bra att skolan och BUP pratar med varandra.",
        .maturity_note = "Tio år, förstår vad samtycket gäller.",
        .scope = "Skolans närvaro och elevhälsans bedömning, till BUP och socialtjänsten.",
        .covers_preparation = true,
        .form = BP_FORM_HLT_VASTERBOTTEN,
        .given_on = {2026, 11, 20},
        .obtained_by = 3,
        .status = BP_CONSENT_ACTIVE,
    };
    return c;
}

struct row {
    const char *name;
    void (*change)(struct bp_consent *c);
    const struct bp_guardian *guardians;
    size_t n_guardians;
    struct bp_date birth;
    const char *field, *code; /* NULL: valid */
};

static void nothing(struct bp_consent *c)
{
    (void)c;
}
static void one_of_two(struct bp_consent *c)
{
    c->n_guardians = 1;
}
static void no_guardian(struct bp_consent *c)
{
    c->n_guardians = 0;
}
static void stranger(struct bp_consent *c)
{
    c->guardian_ids[1] = 99;
}
static void sole_guardian(struct bp_consent *c)
{
    c->guardian_ids[0] = 21;
    c->n_guardians = 1;
}
static void adult_student(struct bp_consent *c)
{
    c->giver = BP_CONSENT_BY_ADULT_STUDENT;
    c->n_guardians = 0;
}
static void no_scope(struct bp_consent *c)
{
    c->scope = "";
}
static void no_child_view(struct bp_consent *c)
{
    c->child_view = NULL;
}
static void future(struct bp_consent *c)
{
    c->given_on = (struct bp_date){2026, 11, 24};
}
static void renewal_before(struct bp_consent *c)
{
    c->has_renewal = true;
    c->renew_on = (struct bp_date){2026, 11, 20};
}
static void renewal_after(struct bp_consent *c)
{
    c->has_renewal = true;
    c->renew_on = (struct bp_date){2027, 11, 20};
}
static void kronoberg_form(struct bp_consent *c)
{
    c->form = BP_FORM_KRONOBARNSMODELLEN;
}
static void no_org(struct bp_consent *c)
{
    c->org_id = 0;
}

static const struct row rows[] = {
    {"V-2.1 both guardians in joint custody consent", nothing, joint, 2, BIRTH_10, NULL, NULL},
    {"V-2.1 one of two guardians in joint custody is not enough", one_of_two, joint, 2, BIRTH_10,
     "consent.guardians", "all_guardians"},
    {"V-2.1 no guardian at all", no_guardian, joint, 2, BIRTH_10, "consent.guardians", "required"},
    {"V-2.1 someone who is not the child's guardian", stranger, joint, 2, BIRTH_10, "consent.guardians",
     "not_guardian"},
    {"V-2.1 a sole guardian consents alone", sole_guardian, sole, 1, BIRTH_10, NULL, NULL},
    {"V-2.2 an adult student consents for themselves", adult_student, joint, 2, BIRTH_18, NULL, NULL},
    {"V-2.2 a child under 18 cannot consent in the guardians' place", adult_student, joint, 2, BIRTH_10,
     "consent.giver", "not_adult"},
    {"V-2.2 the child's view is recorded", no_child_view, joint, 2, BIRTH_10, "consent.child_view",
     "required"},
    {"V-2.3 what may be shared is written down", no_scope, joint, 2, BIRTH_10, "consent.scope", "required"},
    {"V-2.6 consent belongs to one organisation", no_org, joint, 2, BIRTH_10, "consent.org_id", "required"},
    {"a consent cannot be dated in the future", future, joint, 2, BIRTH_10, "consent.given_on", "future"},
    {"a renewal date before the consent", renewal_before, joint, 2, BIRTH_10, "consent.renew_on",
     "before_given"},
    {"a renewal date after the consent", renewal_after, joint, 2, BIRTH_10, NULL, NULL},
    {"K-2.1 the Kronobarnsmodellen form", kronoberg_form, joint, 2, BIRTH_10, NULL, NULL},
};

static void test_check_table(void **state)
{
    size_t i;
    (void)state;
    for (i = 0; i < BP_ARRAY_LEN(rows); i++) {
        struct bp_consent c = valid();
        struct bp_field_errors errs;
        enum bp_err rc;
        rows[i].change(&c);
        rc = bp_consent_check(&c, rows[i].guardians, rows[i].n_guardians, rows[i].birth, TODAY, &errs);
        if (!rows[i].field) {
            if (rc != BP_OK)
                fail_msg("%s: refused (%s %s)", rows[i].name, errs.items[0].field, errs.items[0].code);
            continue;
        }
        if (rc != BP_ERR_INVALID || errs.count != 1 || strcmp(errs.items[0].field, rows[i].field) != 0 ||
            strcmp(errs.items[0].code, rows[i].code) != 0)
            fail_msg("%s: wanted %s %s, got %zu errors (%s %s)", rows[i].name, rows[i].field, rows[i].code,
                     errs.count, errs.count ? errs.items[0].field : "-",
                     errs.count ? errs.items[0].code : "-");
    }
}

/* V-2.5, K-2.1: each model has its regional form. */
static void test_form_for_model(void **state)
{
    (void)state;
    assert_int_equal(bp_consent_form_for(BP_MODEL_VASTERBOTTEN), BP_FORM_HLT_VASTERBOTTEN);
    assert_int_equal(bp_consent_form_for(BP_MODEL_KRONOBERG), BP_FORM_KRONOBARNSMODELLEN);
}

/* V-2.6: an organisation sees the shared information only under its own consent in force; another
 * organisation's consent does not count, nor a withdrawn or lapsed one. */
static void test_covers_only_its_own_organisation(void **state)
{
    struct bp_consent c[3] = {valid(), valid(), valid()};
    (void)state;
    c[0].org_id = 5;
    c[1].org_id = 6;
    c[1].status = BP_CONSENT_WITHDRAWN;
    c[2].org_id = 7;
    c[2].has_renewal = true;
    c[2].renew_on = (struct bp_date){2026, 11, 22}; /* lapsed yesterday */
    assert_true(bp_consent_covers_org(c, 3, 5, TODAY));
    assert_false(bp_consent_covers_org(c, 3, 6, TODAY));                          /* withdrawn */
    assert_false(bp_consent_covers_org(c, 3, 7, TODAY));                          /* past its renewal date */
    assert_false(bp_consent_covers_org(c, 3, 8, TODAY));                          /* none of its own */
    assert_true(bp_consent_covers_org(c, 3, 7, (struct bp_date){2026, 11, 22}));  /* on the day itself */
    assert_false(bp_consent_covers_org(c, 3, 5, (struct bp_date){2026, 11, 19})); /* before it was given */
}

/* V-2.7, V-5.2: the professionals prepare together only when every organisation's consent covers it. */
static void test_preparation_needs_every_organisations_consent(void **state)
{
    struct bp_consent c[2] = {valid(), valid()};
    int64_t both[] = {5, 6}, one[] = {5};
    (void)state;
    c[0].org_id = 5;
    c[1].org_id = 6;
    c[1].covers_preparation = false;
    assert_true(bp_consent_allows_preparation(c, 2, one, 1, TODAY));
    assert_false(bp_consent_allows_preparation(c, 2, both, 2, TODAY));
    c[1].covers_preparation = true;
    assert_true(bp_consent_allows_preparation(c, 2, both, 2, TODAY));
    c[1].status = BP_CONSENT_WITHDRAWN;
    assert_false(bp_consent_allows_preparation(c, 2, both, 2, TODAY));
    assert_false(bp_consent_allows_preparation(c, 2, both, 0, TODAY));
}

/* V-2.9: when the child and guardians withdraw every consent, the case is proposed for closure. */
static void test_all_withdrawn_proposes_closure(void **state)
{
    struct bp_consent c[2] = {valid(), valid()};
    (void)state;
    c[1].org_id = 6;
    assert_false(bp_consent_all_withdrawn(c, 2, TODAY));
    c[0].status = BP_CONSENT_WITHDRAWN;
    assert_false(bp_consent_all_withdrawn(c, 2, TODAY));
    c[1].status = BP_CONSENT_WITHDRAWN;
    assert_true(bp_consent_all_withdrawn(c, 2, TODAY));
    assert_false(bp_consent_all_withdrawn(c, 0, TODAY)); /* no consent yet is not a withdrawal */
}

/* docs/family-access.md consent.limit (issue 10 item 4): the family narrows a consent, never widens it. */
static void test_limit_only_narrows(void **state)
{
    static const struct {
        const char *name, *scope, *renew_on;
        bool covers_preparation, was_renewed;
        const char *field, *code; /* NULL: taken */
    } limits[] = {
        {"the preparation left out", "Skolans närvaro.", "", false, false, NULL, NULL},
        {"a renewal date set", "Skolans närvaro.", "2027-01-01", true, false, NULL, NULL},
        {"a new text", "Bara närvaron.", "", true, false, NULL, NULL},
        {"nothing changed", "Skolans närvaro.", "", true, false, "consent.scope", "unchanged"},
        {"no scope", "", "", false, false, "consent.scope", "required"},
        {"the preparation added", "Skolans närvaro.", "", true, false, "consent.covers_preparation",
         "not_narrower"},
        {"a later renewal date", "Skolans närvaro.", "2027-06-01", true, true, "consent.renew_on",
         "not_narrower"},
        {"the renewal date taken away", "Skolans närvaro.", "", true, true, "consent.renew_on",
         "not_narrower"},
        {"an earlier renewal date", "Skolans närvaro.", "2026-12-01", true, true, NULL, NULL},
        {"a renewal date past", "Skolans närvaro.", "2026-11-01", true, false, "consent.renew_on", "past"},
        {"not a date", "Skolans närvaro.", "snart", true, false, "consent.renew_on", "date"},
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof(limits) / sizeof(limits[0]); i++) {
        struct bp_consent old = valid(), out;
        struct bp_consent_input in = {.scope = limits[i].scope, .renew_on = limits[i].renew_on};
        struct bp_field_errors errs = {0};
        enum bp_err rc;
        old.scope = "Skolans närvaro.";
        old.covers_preparation = strcmp(limits[i].name, "the preparation added") != 0; /* else covered */
        old.has_renewal = limits[i].was_renewed;
        old.renew_on = (struct bp_date){2027, 2, 1};
        in.covers_preparation = limits[i].covers_preparation;
        rc = bp_consent_limit(&old, &in, TODAY, &out, &errs);
        if (!limits[i].field) {
            if (rc != BP_OK)
                fail_msg("%s: refused (%s %s)", limits[i].name, errs.items[0].field, errs.items[0].code);
            assert_int_equal(out.org_id, old.org_id);
            assert_int_equal(out.n_guardians, old.n_guardians);
            assert_true(!out.covers_preparation || old.covers_preparation);
        } else {
            assert_int_equal(rc, BP_ERR_INVALID);
            if (!bp_field_errors_find(&errs, limits[i].field) ||
                strcmp(bp_field_errors_find(&errs, limits[i].field), limits[i].code) != 0)
                fail_msg("%s: expected %s %s", limits[i].name, limits[i].field, limits[i].code);
        }
    }
}

static void test_limit_needs_an_active_consent(void **state)
{
    struct bp_consent old = valid(), out;
    struct bp_consent_input in = {.scope = "Mindre."};
    struct bp_field_errors errs = {0};
    (void)state;
    old.status = BP_CONSENT_WITHDRAWN;
    assert_int_equal(bp_consent_limit(&old, &in, TODAY, &out, &errs), BP_ERR_INVALID);
    assert_string_equal(bp_field_errors_find(&errs, "consent.scope"), "not_active");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_check_table),
        cmocka_unit_test(test_form_for_model),
        cmocka_unit_test(test_covers_only_its_own_organisation),
        cmocka_unit_test(test_preparation_needs_every_organisations_consent),
        cmocka_unit_test(test_all_withdrawn_proposes_closure),
        cmocka_unit_test(test_limit_only_narrows),
        cmocka_unit_test(test_limit_needs_an_active_consent),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
