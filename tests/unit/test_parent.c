/* test_parent.c: the parent without custody (custody code "none", docs/family-access.md column P, rule R5)
 * across the domain rules: never a consent giver nor a confirmer (V-2.1), never prepared (V-4.1), expected
 * to sign only the version made at a meeting they were invited to (V-8a.2), role P seeing only what an
 * invitation shows (V-3.9, V-4.2 question 4). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>
#include "domain/checks.h"
#include "domain/closure.h"
#include "domain/consent.h"
#include "domain/family.h"
#include "domain/plan.h"
#include "domain/preparation.h"

static const struct bp_date TODAY = {2026, 11, 23};
static const struct bp_date BIRTH_10 = {2016, 5, 1};

/* a sole guardian and the other parent, without custody */
static const struct bp_guardian sole_and_parent[] = {
    {.id = 21, .name = "Leila", .custody = BP_CUSTODY_SOLE},
    {.id = 22, .name = "Karim", .custody = BP_CUSTODY_NONE},
};
/* joint custody, and a parent without custody (a third adult: e.g. after a court moved custody) */
static const struct bp_guardian joint_and_parent[] = {
    {.id = 11, .name = "Sara", .custody = BP_CUSTODY_JOINT},
    {.id = 12, .name = "Johan", .custody = BP_CUSTODY_JOINT},
    {.id = 13, .name = "Per", .custody = BP_CUSTODY_NONE},
};

static void test_code(void **state)
{
    struct bp_guardian g = {.custody = BP_CUSTODY_NONE};
    (void)state;
    assert_string_equal(bp_custody_codes[BP_CUSTODY_NONE], "none");
    assert_int_equal(BP_CODE_FIND(bp_custody_codes, "none"), BP_CUSTODY_NONE);
    assert_false(bp_has_custody(&g));
    g.custody = BP_CUSTODY_JOINT;
    assert_true(bp_has_custody(&g));
    g.custody = BP_CUSTODY_SOLE;
    assert_true(bp_has_custody(&g));
    g.custody = BP_CUSTODY_APPOINTED;
    assert_true(bp_has_custody(&g));
    assert_false(bp_has_custody(NULL));
    assert_int_equal(bp_custodians_count(joint_and_parent, 3), 2);
    assert_null(bp_custodian_find(joint_and_parent, 3, 13));
    assert_non_null(bp_guardian_find(joint_and_parent, 3, 13));
    assert_ptr_equal(bp_custodian_find(joint_and_parent, 3, 12), &joint_and_parent[1]);
}

/* column P: the role, and the `:invited` cells */
static void test_role(void **state)
{
    struct bp_family_scope invited = {.own = true, .invited = true, .shared = true},
                           not_invited = {.own = true, .invited = false, .shared = true};
    (void)state;
    assert_int_equal(bp_family_role_of(false, BP_CUSTODY_NONE, BIRTH_10, TODAY), BP_FR_PARENT);
    assert_int_equal(bp_family_role_of(false, BP_CUSTODY_NONE, BIRTH_10, (struct bp_date){2034, 5, 1}),
                     BP_FR_DENIED); /* section 7: at 18 the young adult invites whom they want */
    assert_true(bp_family_role_logs_in(BP_FR_PARENT));
    assert_false(bp_family_sees(BP_FI_PAGE_CASE, BP_FR_PARENT, not_invited)); /* R5 */
    assert_true(bp_family_sees(BP_FI_PAGE_CASE, BP_FR_PARENT, invited));
    assert_true(bp_family_sees(BP_FI_PAGE_MEETING, BP_FR_PARENT, invited));
    assert_true(bp_family_sees(BP_FI_PAGE_PLAN, BP_FR_PARENT, invited));
    assert_false(bp_family_sees(BP_FI_PAGE_PLAN, BP_FR_PARENT, not_invited));
    /* V-2.1: no consent; V-12.1: no survey; no steps, preparation, access log, child's id or birth date */
    assert_false(bp_family_may_change(BP_FI_CONSENT_GIVE, BP_FR_PARENT, invited));
    assert_false(bp_family_may_change(BP_FI_CONSENT_WITHDRAW, BP_FR_PARENT, invited));
    assert_false(bp_family_sees(BP_FI_CONSENT_LEDGER, BP_FR_PARENT, invited));
    assert_false(bp_family_may_change(BP_FI_SURVEY_ANSWER, BP_FR_PARENT, invited));
    assert_false(bp_family_may_change(BP_FI_EVENT_REPORT, BP_FR_PARENT, invited));
    assert_false(bp_family_sees(BP_FI_CASE_STEPS, BP_FR_PARENT, invited));
    assert_false(bp_family_sees(BP_FI_GUARDIAN_PREP_ANSWERS, BP_FR_PARENT, invited));
    assert_false(bp_family_sees(BP_FI_ACCESS_LOG, BP_FR_PARENT, invited));
    assert_false(bp_family_sees(BP_FI_CHILD_ID_NUMBER, BP_FR_PARENT, invited));
    assert_false(bp_family_sees(BP_FI_CHILD_BIRTH_DATE, BP_FR_PARENT, invited));
    /* V-8a.2: they may answer the version made at the meeting they were at */
    assert_true(bp_family_may_change(BP_FI_SIGNATURE_OWN, BP_FR_PARENT, invited));
}

static struct bp_consent by(const int64_t *ids, size_t n)
{
    struct bp_consent c = {.case_id = 1,
                           .org_id = 5,
                           .giver = BP_CONSENT_BY_GUARDIANS,
                           .n_guardians = n,
                           .child_view = "Bra.",
                           .scope = "Skolans närvaro.",
                           .form = BP_FORM_HLT_VASTERBOTTEN,
                           .given_on = {2026, 11, 20}};
    memcpy(c.guardian_ids, ids, n * sizeof(*ids));
    return c;
}

static const char *check(const struct bp_consent *c, const struct bp_guardian *gs, size_t n)
{
    static struct bp_field_errors errs;
    if (bp_consent_check(c, gs, n, BIRTH_10, TODAY, &errs) == BP_OK)
        return NULL;
    return bp_field_errors_find(&errs, "consent.guardians");
}

/* V-2.1: the guardians with custody consent; a parent without custody neither consents nor is missed */
static void test_consent(void **state)
{
    static const int64_t leila[] = {21}, leila_karim[] = {21, 22}, karim[] = {22}, both[] = {11, 12},
                         sara_per[] = {11, 13};
    struct bp_consent c;
    (void)state;
    c = by(leila, 1);
    assert_null(check(&c, sole_and_parent, 2)); /* the sole guardian alone is enough */
    c = by(leila_karim, 2);
    assert_string_equal(check(&c, sole_and_parent, 2), "not_guardian");
    c = by(karim, 1);
    assert_string_equal(check(&c, sole_and_parent, 2), "not_guardian");
    c = by(both, 2);
    assert_null(check(&c, joint_and_parent, 3));
    c = by(sara_per, 2);
    assert_string_equal(check(&c, joint_and_parent, 3), "not_guardian");
    /* migration 028: confirmations online; the parent's row is never waited for */
    assert_true(bp_consent_all_confirmed(sole_and_parent, 2, leila, 1));
    assert_false(bp_consent_all_confirmed(sole_and_parent, 2, karim, 1));
    assert_false(bp_consent_all_confirmed(joint_and_parent, 3, sara_per, 2));
    assert_true(bp_consent_all_confirmed(joint_and_parent, 3, both, 2));
    assert_false(bp_consent_all_confirmed(&sole_and_parent[1], 1, karim, 1)); /* nobody with custody */
}

/* V-4.1, V-4.3: the parent without custody is not prepared, and the invitation does not wait for them */
static void test_preparation(void **state)
{
    struct bp_child_prep child = {.done = true};
    struct bp_guardian_prep leila = {.guardian_id = 21, .done = true};
    struct bp_guardian_prep_input in = {.guardian_id = "22"};
    struct bp_guardian_prep out;
    struct bp_field_errors errs, warns;
    (void)state;
    assert_true(bp_prep_ready(&child, &leila, 1, sole_and_parent, 2));
    assert_int_equal(bp_prep_status_of(&child, NULL, 0, sole_and_parent, 2).n_missing, 1);
    assert_int_equal(bp_guardian_prep_validate(&in, sole_and_parent, 2, 7, TODAY, &out, &errs, &warns),
                     BP_ERR_INVALID);
    assert_string_equal(bp_field_errors_find(&errs, "guardian_prep.guardian_id"), "not_guardian");
}

/* V-8a.2: expected to sign only the version made at a meeting the parent was invited to */
static void test_signers(void **state)
{
    static const int64_t orgs[] = {5};
    struct bp_plan_ctx ctx = {BP_MODEL_VASTERBOTTEN, TODAY, orgs, 1, sole_and_parent, 2};
    struct bp_invitee invited[] = {{.kind = BP_INVITEE_GUARDIAN, .guardian_id = 22}};
    struct bp_signer_row *rows;
    struct bp_arena a;
    size_t n, i, karim = 0;
    (void)state;
    bp_arena_init(&a, 4096);
    n = bp_signers_expected(&a, &ctx, NULL, 0, NULL, 0, NULL, 0, &rows);
    assert_int_equal(n, 3); /* the organisation, Leila, the child */
    for (i = 0; i < n; i++)
        assert_int_not_equal(rows[i].guardian_id, 22);
    n = bp_signers_expected(&a, &ctx, NULL, 0, invited, 1, NULL, 0, &rows);
    assert_int_equal(n, 4);
    for (i = 0; i < n; i++)
        karim += rows[i].kind == BP_SIGNER_GUARDIAN && rows[i].guardian_id == 22;
    assert_int_equal(karim, 1);
    bp_arena_release(&a);
}

/* V-11.1: who agreed to close the case: the guardians with custody, never the parent without */
static void test_closure(void **state)
{
    struct bp_case k = {.id = 1, .status = BP_CASE_OPEN};
    struct bp_closure_input in = {
        .reason = "goals_reached", .agreed_guardians = {"21"}, .n_agreed_guardians = 1};
    struct bp_closure out;
    struct bp_field_errors errs = {0};
    (void)state;
    assert_int_equal(bp_closure_check(&k, sole_and_parent, 2, NULL, 0, &in, &out, &errs), BP_OK);
    assert_int_equal(out.n_agreed_guardians, 1);
    in.agreed_guardians[1] = "22";
    in.n_agreed_guardians = 2;
    errs.count = 0;
    assert_int_equal(bp_closure_check(&k, sole_and_parent, 2, NULL, 0, &in, &out, &errs), BP_ERR_INVALID);
    assert_string_equal(bp_field_errors_find(&errs, "closure.agreed_guardians"), "not_guardian");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_code),        cmocka_unit_test(test_role),    cmocka_unit_test(test_consent),
        cmocka_unit_test(test_preparation), cmocka_unit_test(test_signers), cmocka_unit_test(test_closure),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
