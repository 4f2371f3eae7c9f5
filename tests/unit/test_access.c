/* test_access.c: the case-access rule of domain/access.c as tables: users (memberships, disabled,
 * not logged in) x organisations taking part in a case x the case's consent ledger x the organisation
 * the user acts for -> decision, reason and the organisation access goes through.
 *
 * The rule: an organisation sees the case's shared information only under a consent of its own in
 * force (V-2.3, V-2.6); then every participating organisation sees the plan (K-7.3, K-8.1). The
 * initiating organisation without consent sees only what it registered, to obtain consent (K-2.1,
 * K-2.2). Must not test anything but access.c: no storage, no web. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "domain/access.h"
#include "domain/checks.h" /* bp_user_administers_org */

/* Organisations of a small municipality and its region. */
enum {
    SCHOOL = 10,         /* Björkskolan, municipality */
    STUDENT_HEALTH = 20, /* elevhälsan, municipality */
    SOCIAL = 30,         /* socialtjänsten, municipality */
    BUP = 40,            /* child psychiatry, region */
    UNKNOWN_ORG = 99,
};

static struct bp_membership anna_orgs[] = {
    {SCHOOL, BP_ROLE_PROFESSIONAL, "Björkskolan"},
    {STUDENT_HEALTH, BP_ROLE_NAMED_PERSON, "Elevhälsan"},
};
static struct bp_membership bo_orgs[] = {{SOCIAL, BP_ROLE_PROFESSIONAL, "Socialtjänsten"}};
static struct bp_membership school_only[] = {{SCHOOL, BP_ROLE_MANAGER, "Björkskolan"}};

/* anna works at the school and in student health; bo in social services; cilla has left (disabled);
 * dan has an account but no organisation yet; a user with id 0 was never stored (not logged in). */
static const struct bp_user anna = {1, "anna", "Anna Ek", "anna@example.se", false, false, anna_orgs, 2};
static const struct bp_user bo = {2, "bo", "Bo Lind", "bo@example.se", false, false, bo_orgs, 1};
static const struct bp_user cilla = {3, "cilla", "Cilla Ås", "", false, true, school_only, 1};
static const struct bp_user dan = {4, "dan", "Dan Ö", "", false, false, NULL, 0};
static const struct bp_user nobody = {0, "", "", "", false, false, school_only, 1};
static const struct bp_user negative = {-7, "neg", "", "", false, false, school_only, 1};
static const struct bp_user admin_outsider = {5, "admin", "Admin", "", true, false, NULL, 0};

/* The state of one organisation's consent in a row's ledger. */
enum cstate { NONE = 0, IN_FORCE, WITHDRAWN, LAPSED, NOT_YET, REPLACED };

static const struct bp_date TODAY = {2026, 11, 23};

struct access_row {
    const char *name;
    const struct bp_user *user; /* NULL: no user */
    int64_t acting_org;         /* 0: any of the user's organisations */
    int64_t case_orgs[4];
    size_t n_case_orgs;
    int64_t initiating;
    struct {
        int64_t org;
        enum cstate state;
    } consents[4];
    enum bp_access want;
    enum bp_access_reason reason;
    int64_t via;   /* the organisation recorded in the audit entry */
    bool asked[4]; /* parallel to case_orgs: asked to take part (V-2.6) */
};

#define FULL   BP_ACCESS_FULL
#define INTAKE BP_ACCESS_INTAKE
#define DENIED BP_ACCESS_DENIED
#define ASKED  BP_ACCESS_ASKED

static const struct access_row rows[] = {
    /* V-2.6: each organisation under its own consent */
    {"V-2.6 initiating organisation with its own consent",
     &anna,
     0,
     {SCHOOL},
     1,
     SCHOOL,
     {{SCHOOL, IN_FORCE}},
     FULL,
     BP_ACCESS_OK_CONSENT,
     SCHOOL},
    {"V-2.6 another organisation's consent does not cover this one",
     &bo,
     0,
     {SCHOOL, SOCIAL},
     2,
     SCHOOL,
     {{SCHOOL, IN_FORCE}},
     DENIED,
     BP_ACCESS_NO_CONSENT,
     0},
    {"V-2.6 participating organisation with its own consent",
     &bo,
     0,
     {SCHOOL, SOCIAL},
     2,
     SCHOOL,
     {{SCHOOL, IN_FORCE}, {SOCIAL, IN_FORCE}},
     FULL,
     BP_ACCESS_OK_CONSENT,
     SOCIAL},
    {"K-7.3 one of four participating organisations, each with consent",
     &bo,
     0,
     {SCHOOL, STUDENT_HEALTH, BUP, SOCIAL},
     4,
     SCHOOL,
     {{SCHOOL, IN_FORCE}, {STUDENT_HEALTH, IN_FORCE}, {BUP, IN_FORCE}, {SOCIAL, IN_FORCE}},
     FULL,
     BP_ACCESS_OK_CONSENT,
     SOCIAL},
    {"V-2.3 consent of an organisation that does not take part gives nothing",
     &bo,
     0,
     {SCHOOL},
     1,
     SCHOOL,
     {{SOCIAL, IN_FORCE}},
     DENIED,
     BP_ACCESS_NOT_PARTICIPANT,
     0},
    /* K-2.1, K-2.2: the initiating organisation obtains consent and sees only what it registered */
    {"K-2.2 initiating organisation before any consent",
     &anna,
     0,
     {SCHOOL},
     1,
     SCHOOL,
     {{0}},
     INTAKE,
     BP_ACCESS_OK_INITIATOR,
     SCHOOL},
    {"K-2.2 initiating organisation whose consent was withdrawn",
     &anna,
     0,
     {SCHOOL, SOCIAL},
     2,
     SCHOOL,
     {{SCHOOL, WITHDRAWN}, {SOCIAL, IN_FORCE}},
     INTAKE,
     BP_ACCESS_OK_INITIATOR,
     SCHOOL},
    {"initiating organisation through the second membership, the first has consent: full wins",
     &anna,
     0,
     {SCHOOL, STUDENT_HEALTH},
     2,
     SCHOOL,
     {{STUDENT_HEALTH, IN_FORCE}},
     FULL,
     BP_ACCESS_OK_CONSENT,
     STUDENT_HEALTH},
    /* V-2.8: a withdrawal, a lapsed renewal date or a replaced row ends access */
    {"V-2.8 withdrawn consent ends access",
     &bo,
     0,
     {SCHOOL, SOCIAL},
     2,
     SCHOOL,
     {{SOCIAL, WITHDRAWN}},
     DENIED,
     BP_ACCESS_NO_CONSENT,
     0},
    {"consent past its renewal date",
     &bo,
     0,
     {SCHOOL, SOCIAL},
     2,
     SCHOOL,
     {{SOCIAL, LAPSED}},
     DENIED,
     BP_ACCESS_NO_CONSENT,
     0},
    {"consent given on a later date",
     &bo,
     0,
     {SCHOOL, SOCIAL},
     2,
     SCHOOL,
     {{SOCIAL, NOT_YET}},
     DENIED,
     BP_ACCESS_NO_CONSENT,
     0},
    {"V-2.8 a changed consent: the replaced row gives nothing, the new one does",
     &bo,
     0,
     {SCHOOL, SOCIAL},
     2,
     SCHOOL,
     {{SOCIAL, REPLACED}, {SOCIAL, IN_FORCE}},
     FULL,
     BP_ACCESS_OK_CONSENT,
     SOCIAL},
    {"V-2.8 a changed consent alone gives nothing",
     &bo,
     0,
     {SCHOOL, SOCIAL},
     2,
     SCHOOL,
     {{SOCIAL, REPLACED}},
     DENIED,
     BP_ACCESS_NO_CONSENT,
     0},
    /* none of the user's organisations takes part */
    {"professional whose organisation does not take part",
     &bo,
     0,
     {SCHOOL, STUDENT_HEALTH},
     2,
     SCHOOL,
     {{SCHOOL, IN_FORCE}, {STUDENT_HEALTH, IN_FORCE}},
     DENIED,
     BP_ACCESS_NOT_PARTICIPANT,
     0},
    {"case without organisations", &anna, 0, {0}, 0, SCHOOL, {{0}}, DENIED, BP_ACCESS_NOT_PARTICIPANT, 0},
    {"user without memberships",
     &dan,
     0,
     {SCHOOL},
     1,
     SCHOOL,
     {{SCHOOL, IN_FORCE}},
     DENIED,
     BP_ACCESS_NOT_PARTICIPANT,
     0},
    {"system administrator is no participant",
     &admin_outsider,
     0,
     {SCHOOL},
     1,
     SCHOOL,
     {{SCHOOL, IN_FORCE}},
     DENIED,
     BP_ACCESS_NOT_PARTICIPANT,
     0},
    /* no valid user */
    {"no user", NULL, 0, {SCHOOL}, 1, SCHOOL, {{SCHOOL, IN_FORCE}}, DENIED, BP_ACCESS_NO_USER, 0},
    {"user never stored (id 0)",
     &nobody,
     0,
     {SCHOOL},
     1,
     SCHOOL,
     {{SCHOOL, IN_FORCE}},
     DENIED,
     BP_ACCESS_NO_USER,
     0},
    {"negative user id",
     &negative,
     0,
     {SCHOOL},
     1,
     SCHOOL,
     {{SCHOOL, IN_FORCE}},
     DENIED,
     BP_ACCESS_NO_USER,
     0},
    {"disabled member of the initiating organisation",
     &cilla,
     0,
     {SCHOOL},
     1,
     SCHOOL,
     {{SCHOOL, IN_FORCE}},
     DENIED,
     BP_ACCESS_NO_USER,
     0},
    {"disabled user acting for the participating organisation",
     &cilla,
     SCHOOL,
     {SCHOOL},
     1,
     SCHOOL,
     {{SCHOOL, IN_FORCE}},
     DENIED,
     BP_ACCESS_NO_USER,
     0},
    /* acting for one organisation: decided for that organisation only */
    {"acting for the organisation with consent",
     &anna,
     SCHOOL,
     {SCHOOL},
     1,
     SCHOOL,
     {{SCHOOL, IN_FORCE}},
     FULL,
     BP_ACCESS_OK_CONSENT,
     SCHOOL},
    {"acting for the membership without consent, though the other has it",
     &anna,
     STUDENT_HEALTH,
     {SCHOOL, STUDENT_HEALTH},
     2,
     SCHOOL,
     {{SCHOOL, IN_FORCE}},
     DENIED,
     BP_ACCESS_NO_CONSENT,
     0},
    {"acting for an organisation that does not take part, though another membership does",
     &anna,
     STUDENT_HEALTH,
     {SCHOOL},
     1,
     SCHOOL,
     {{SCHOOL, IN_FORCE}},
     DENIED,
     BP_ACCESS_NOT_PARTICIPANT,
     0},
    {"acting for a participating organisation one is no member of",
     &anna,
     SOCIAL,
     {SOCIAL},
     1,
     SOCIAL,
     {{SOCIAL, IN_FORCE}},
     DENIED,
     BP_ACCESS_NOT_PARTICIPANT,
     0},
    {"acting for an unknown organisation",
     &bo,
     UNKNOWN_ORG,
     {SOCIAL, UNKNOWN_ORG},
     2,
     SOCIAL,
     {{UNKNOWN_ORG, IN_FORCE}},
     DENIED,
     BP_ACCESS_NOT_PARTICIPANT,
     0},
    {"acting for the initiating organisation without consent",
     &anna,
     SCHOOL,
     {SCHOOL},
     1,
     SCHOOL,
     {{0}},
     INTAKE,
     BP_ACCESS_OK_INITIATOR,
     SCHOOL},
    /* V-2.6: an organisation asked to take part, before its own consent: enough to reach the family */
    {"V-2.6 asked to take part, no consent yet",
     &bo,
     0,
     {SCHOOL, SOCIAL},
     2,
     SCHOOL,
     {{SCHOOL, IN_FORCE}},
     ASKED,
     BP_ACCESS_OK_ASKED,
     SOCIAL,
     {true, true}},
    {"V-2.6 asked, its consent lapsed: asked still, to renew it",
     &bo,
     0,
     {SCHOOL, SOCIAL},
     2,
     SCHOOL,
     {{SOCIAL, LAPSED}},
     ASKED,
     BP_ACCESS_OK_ASKED,
     SOCIAL,
     {true, true}},
    {"V-2.6 asked and consented: full",
     &bo,
     0,
     {SCHOOL, SOCIAL},
     2,
     SCHOOL,
     {{SOCIAL, IN_FORCE}},
     FULL,
     BP_ACCESS_OK_CONSENT,
     SOCIAL,
     {true, true}},
    {"V-2.8 consent withdrawn and not asked again: nothing",
     &bo,
     0,
     {SCHOOL, SOCIAL},
     2,
     SCHOOL,
     {{SOCIAL, WITHDRAWN}},
     DENIED,
     BP_ACCESS_NO_CONSENT,
     0,
     {true, false}},
    {"V-2.6 the initiating organisation asked too: intake before asked",
     &anna,
     0,
     {SCHOOL, SOCIAL},
     2,
     SCHOOL,
     {{0}},
     INTAKE,
     BP_ACCESS_OK_INITIATOR,
     SCHOOL,
     {true, true}},
    {"V-2.6 another organisation asked: not the user's",
     &bo,
     0,
     {SCHOOL, BUP},
     2,
     SCHOOL,
     {{0}},
     DENIED,
     BP_ACCESS_NOT_PARTICIPANT,
     0,
     {true, true}},
};

/* A ledger row in the given state on TODAY. */
static struct bp_consent consent_in(int64_t org, enum cstate st)
{
    struct bp_consent c = {.org_id = org, .status = BP_CONSENT_ACTIVE, .given_on = {2026, 11, 1}};
    switch (st) {
    case WITHDRAWN:
        c.status = BP_CONSENT_WITHDRAWN;
        break;
    case REPLACED:
        c.status = BP_CONSENT_REPLACED;
        break;
    case LAPSED:
        c.has_renewal = true;
        c.renew_on = (struct bp_date){2026, 11, 22};
        break;
    case NOT_YET:
        c.given_on = (struct bp_date){2026, 11, 24};
        break;
    default:
        break;
    }
    return c;
}

static struct bp_case_access_facts facts_of(const struct access_row *r, struct bp_consent ledger[4])
{
    size_t n = 0;
    for (size_t i = 0; i < 4; i++)
        if (r->consents[i].org)
            ledger[n++] = consent_in(r->consents[i].org, r->consents[i].state);
    return (struct bp_case_access_facts){r->case_orgs, r->n_case_orgs, r->initiating, ledger, n,
                                         TODAY,        r->asked};
}

static const char *access_name(enum bp_access a)
{
    return a == BP_ACCESS_FULL     ? "full"
           : a == BP_ACCESS_INTAKE ? "intake"
           : a == BP_ACCESS_ASKED  ? "asked"
                                   : "denied";
}

static const char *reason_name(enum bp_access_reason r)
{
    switch (r) {
    case BP_ACCESS_OK_CONSENT:
        return "ok_consent";
    case BP_ACCESS_OK_INITIATOR:
        return "ok_initiator";
    case BP_ACCESS_NO_USER:
        return "no_user";
    case BP_ACCESS_NOT_PARTICIPANT:
        return "not_participant";
    case BP_ACCESS_NO_CONSENT:
        return "no_consent";
    case BP_ACCESS_OK_ASKED:
        return "ok_asked";
    }
    return "?";
}

static void test_access_table(void **state)
{
    int bad = 0;
    (void)state;
    for (size_t i = 0; i < BP_ARRAY_LEN(rows); i++) {
        const struct access_row *r = &rows[i];
        struct bp_consent ledger[4];
        struct bp_case_access_facts f = facts_of(r, ledger);
        struct bp_access_decision d = bp_access_case(r->user, r->acting_org, &f);
        if (d.access != r->want || d.reason != r->reason || d.via_org_id != r->via) {
            print_error("%s: got %s/%s via %lld, want %s/%s via %lld\n", r->name, access_name(d.access),
                        reason_name(d.reason), (long long)d.via_org_id, access_name(r->want),
                        reason_name(r->reason), (long long)r->via);
            bad++;
        }
    }
    assert_int_equal(bad, 0);
}

static bool is_member(const struct bp_user *u, int64_t org)
{
    for (size_t i = 0; u && i < u->n_orgs; i++)
        if (u->orgs[i].org_id == org)
            return true;
    return false;
}

/* The rule stated once more, as plainly as possible, to compare the function with. */
static enum bp_access oracle(const struct bp_user *u, int64_t acting, const int64_t *orgs, const bool *asked,
                             size_t n, int64_t initiating, unsigned consented)
{
    enum bp_access best = DENIED;
    static const int64_t all_orgs[] = {SCHOOL, STUDENT_HEALTH, SOCIAL, BUP};
    if (!u || u->id <= 0 || u->disabled)
        return DENIED;
    for (size_t j = 0; j < n; j++) {
        bool has_consent = false;
        if (!is_member(u, orgs[j]) || (acting && acting != orgs[j]))
            continue;
        for (size_t k = 0; k < 4; k++)
            has_consent |= (consented & (1u << k)) && all_orgs[k] == orgs[j];
        if (has_consent)
            return FULL;
        if (orgs[j] == initiating)
            best = INTAKE;
        else if (asked[j] && best == DENIED) /* V-2.6 */
            best = ASKED;
    }
    return best;
}

/* Every user x every subset of participating organisations x every subset with consent x every acting
 * organisation: the decision matches the rule; a grant names an organisation the user belongs to, that
 * takes part (and is the acting one when given), and has consent (FULL) or took the initiative
 * (INTAKE); a denial names none. */
static void test_access_exhaustive(void **state)
{
    static const struct bp_user *const users[] = {NULL, &anna,   &bo,       &cilla,
                                                  &dan, &nobody, &negative, &admin_outsider};
    static const int64_t all_orgs[] = {SCHOOL, STUDENT_HEALTH, SOCIAL, BUP};
    static const int64_t acting[] = {0, SCHOOL, STUDENT_HEALTH, SOCIAL, BUP, UNKNOWN_ORG};
    (void)state;
    for (size_t u = 0; u < BP_ARRAY_LEN(users); u++) {
        for (unsigned mask = 0; mask < 16; mask++) {
            int64_t orgs[4];
            size_t n = 0;
            for (size_t k = 0; k < 4; k++)
                if (mask & (1u << k))
                    orgs[n++] = all_orgs[k];
            for (unsigned cmask = 0; cmask < 16; cmask++) {
                struct bp_consent ledger[8];
                size_t nc = 0;
                for (size_t k = 0; k < 4; k++) {
                    ledger[nc++] = consent_in(all_orgs[k], (cmask & (1u << k)) ? IN_FORCE : WITHDRAWN);
                }
                for (size_t a = 0; a < BP_ARRAY_LEN(acting) * 16; a++) {
                    bool asked[4];
                    for (size_t k = 0; k < 4; k++)
                        asked[k] = (a / BP_ARRAY_LEN(acting)) & (1u << k);
                    struct bp_case_access_facts f = {orgs, n, SCHOOL, ledger, nc, TODAY, asked};
                    struct bp_access_decision d =
                        bp_access_case(users[u], acting[a % BP_ARRAY_LEN(acting)], &f);
                    enum bp_access want =
                        oracle(users[u], acting[a % BP_ARRAY_LEN(acting)], orgs, asked, n, SCHOOL, cmask);
                    assert_int_equal(d.access, want);
                    if (want != DENIED) {
                        bool takes_part = false;
                        assert_true(is_member(users[u], d.via_org_id));
                        for (size_t k = 0; k < n; k++)
                            takes_part |= orgs[k] == d.via_org_id;
                        assert_true(takes_part);
                        if (acting[a % BP_ARRAY_LEN(acting)])
                            assert_int_equal(d.via_org_id, acting[a % BP_ARRAY_LEN(acting)]);
                        if (want == INTAKE)
                            assert_int_equal(d.via_org_id, SCHOOL);
                    } else {
                        assert_int_equal(d.via_org_id, 0);
                    }
                }
            }
        }
    }
}

/* An empty list may come as NULL from a store that found no rows. */
static void test_access_null_lists(void **state)
{
    struct bp_case_access_facts f = {NULL, 0, SCHOOL, NULL, 0, TODAY};
    struct bp_access_decision d = bp_access_case(&anna, 0, &f);
    (void)state;
    assert_int_equal(d.access, BP_ACCESS_DENIED);
    assert_int_equal(d.reason, BP_ACCESS_NOT_PARTICIPANT);
}

/* V-2.6: in Västerbotten an organisation's consent is recorded by its own staff; K-2.1, K-2.2: in Kronoberg
 * the initiating organisation (or one under consent) records it for those it names; asked, only its own. */
/* Issue 10 item 9: who manages an organisation's staff. The installation's administrator every one; an
 * organisation's administrator (role org_admin) their own only; any other role, or a disabled account, none.
 */
static void test_administers_org(void **state)
{
    struct bp_membership orgs[] = {{.org_id = 3, .role = BP_ROLE_ORG_ADMIN},
                                   {.org_id = 5, .role = BP_ROLE_MANAGER}};
    struct bp_user oa = {.id = 7, .orgs = orgs, .n_orgs = 2}, admin = {.id = 1, .is_admin = true};
    struct bp_user pro = {.id = 8, .orgs = &orgs[1], .n_orgs = 1};
    (void)state;
    assert_true(bp_user_administers_org(&oa, 3));
    assert_false(bp_user_administers_org(&oa, 5)); /* a manager there: no staff administration */
    assert_false(bp_user_administers_org(&oa, 4));
    assert_false(bp_user_administers_org(&oa, 0));
    assert_true(bp_user_administers_org(&admin, 4));
    assert_false(bp_user_administers_org(&pro, 5));
    assert_false(bp_user_administers_org(NULL, 3));
    assert_int_equal(bp_user_first_admin_org(&oa), 3);
    assert_int_equal(bp_user_first_admin_org(&pro), 0);
    oa.disabled = admin.disabled = true;
    assert_false(bp_user_administers_org(&oa, 3));
    assert_false(bp_user_administers_org(&admin, 3));
    assert_int_equal(bp_user_first_admin_org(&oa), 0);
}

/* Issue 10 item 9: the last administrator of an organisation cannot remove or demote themselves; another
 * administrator (not disabled) there, or someone else acting, or the role kept, lets it through. */
static void test_last_admin(void **state)
{
    struct bp_staff_member m[] = {{.user_id = 7, .role = BP_ROLE_ORG_ADMIN},
                                  {.user_id = 8, .role = BP_ROLE_ORG_ADMIN, .disabled = true},
                                  {.user_id = 9, .role = BP_ROLE_PROFESSIONAL}};
    (void)state;
    assert_true(bp_staff_change_leaves_no_admin(m, 3, 7, 7, false));
    assert_false(bp_staff_change_leaves_no_admin(m, 3, 7, 7, true));  /* the role kept */
    assert_false(bp_staff_change_leaves_no_admin(m, 3, 1, 7, false)); /* the installation's administrator */
    assert_false(bp_staff_change_leaves_no_admin(m, 3, 9, 9, false)); /* not an administrator */
    m[1].disabled = false;
    assert_false(bp_staff_change_leaves_no_admin(m, 3, 7, 7, false)); /* another one remains */
    m[1].role = BP_ROLE_MANAGER;
    assert_true(bp_staff_change_leaves_no_admin(m, 3, 7, 7, false));
}

static void test_may_record_consent(void **state)
{
    struct bp_access_decision full = {FULL, BP_ACCESS_OK_CONSENT, SCHOOL};
    struct bp_access_decision intake = {INTAKE, BP_ACCESS_OK_INITIATOR, SCHOOL};
    struct bp_access_decision asked = {ASKED, BP_ACCESS_OK_ASKED, SOCIAL};
    struct bp_access_decision denied = {DENIED, BP_ACCESS_NO_CONSENT, 0};
    (void)state;
    assert_true(bp_access_may_record_consent(&anna, BP_MODEL_VASTERBOTTEN, &full, SCHOOL));
    assert_true(bp_access_may_record_consent(&anna, BP_MODEL_VASTERBOTTEN, &full, STUDENT_HEALTH));
    assert_false(bp_access_may_record_consent(&anna, BP_MODEL_VASTERBOTTEN, &full, SOCIAL));
    assert_false(bp_access_may_record_consent(&anna, BP_MODEL_VASTERBOTTEN, &intake, BUP));
    assert_true(bp_access_may_record_consent(&bo, BP_MODEL_VASTERBOTTEN, &asked, SOCIAL));
    assert_false(bp_access_may_record_consent(&bo, BP_MODEL_VASTERBOTTEN, &asked, BUP));
    assert_true(bp_access_may_record_consent(&anna, BP_MODEL_KRONOBERG, &intake, SOCIAL));
    assert_true(bp_access_may_record_consent(&anna, BP_MODEL_KRONOBERG, &full, BUP));
    assert_false(bp_access_may_record_consent(&bo, BP_MODEL_KRONOBERG, &asked, BUP));
    assert_true(bp_access_may_record_consent(&bo, BP_MODEL_KRONOBERG, &asked, SOCIAL));
    assert_false(bp_access_may_record_consent(&bo, BP_MODEL_KRONOBERG, &denied, SOCIAL));
    assert_false(bp_access_may_record_consent(NULL, BP_MODEL_KRONOBERG, &full, SOCIAL));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_access_table),      cmocka_unit_test(test_access_exhaustive),
        cmocka_unit_test(test_access_null_lists), cmocka_unit_test(test_may_record_consent),
        cmocka_unit_test(test_administers_org),   cmocka_unit_test(test_last_admin),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
