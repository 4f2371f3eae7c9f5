/* test_access.c: the case-access rule of domain/access.c as tables: users (memberships, disabled,
 * not logged in) x organisations taking part in a case x the organisation the user acts for ->
 * decision, reason and the organisation access goes through.
 *
 * The rule today: a professional sees a case only when one of their organisations takes part in it.
 * That is the part of K-7.3 (the plan is available to all parties involved) and K-8.1 that access
 * covers; consent (V-2.3, V-2.6) will narrow the same function later and gets its own rows then.
 * Must not test anything but access.c: no storage, no web. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "domain/access.h"

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

struct access_row {
    const char *name;
    const struct bp_user *user; /* NULL: no user */
    int64_t acting_org;         /* 0: any of the user's organisations */
    int64_t case_orgs[4];
    size_t n_case_orgs;
    enum bp_access want;
    enum bp_access_reason reason;
    int64_t via; /* the organisation recorded in the audit entry */
};

#define GRANTED BP_ACCESS_GRANTED
#define DENIED  BP_ACCESS_DENIED

static const struct access_row rows[] = {
    /* K-7.3: a member of a participating organisation sees the case */
    {"K-7.3 member of the initiating organisation",
     &anna,
     0,
     {SCHOOL},
     1,
     GRANTED,
     BP_ACCESS_OK_MEMBER,
     SCHOOL},
    {"K-7.3 member of an organisation added later",
     &anna,
     0,
     {SOCIAL, STUDENT_HEALTH},
     2,
     GRANTED,
     BP_ACCESS_OK_MEMBER,
     STUDENT_HEALTH},
    {"K-7.3 member through either of two memberships: the first membership is named",
     &anna,
     0,
     {STUDENT_HEALTH, SCHOOL},
     2,
     GRANTED,
     BP_ACCESS_OK_MEMBER,
     SCHOOL},
    {"K-7.3 the organisation listed twice",
     &bo,
     0,
     {SOCIAL, SOCIAL},
     2,
     GRANTED,
     BP_ACCESS_OK_MEMBER,
     SOCIAL},
    {"K-7.3 one of four participating organisations",
     &bo,
     0,
     {SCHOOL, STUDENT_HEALTH, BUP, SOCIAL},
     4,
     GRANTED,
     BP_ACCESS_OK_MEMBER,
     SOCIAL},
    /* none of the user's organisations takes part */
    {"professional whose organisation does not take part",
     &bo,
     0,
     {SCHOOL, STUDENT_HEALTH},
     2,
     DENIED,
     BP_ACCESS_NOT_PARTICIPANT,
     0},
    {"case without organisations", &anna, 0, {0}, 0, DENIED, BP_ACCESS_NOT_PARTICIPANT, 0},
    {"user without memberships", &dan, 0, {SCHOOL}, 1, DENIED, BP_ACCESS_NOT_PARTICIPANT, 0},
    {"system administrator is no participant",
     &admin_outsider,
     0,
     {SCHOOL},
     1,
     DENIED,
     BP_ACCESS_NOT_PARTICIPANT,
     0},
    /* no valid user */
    {"no user", NULL, 0, {SCHOOL}, 1, DENIED, BP_ACCESS_NO_USER, 0},
    {"user never stored (id 0)", &nobody, 0, {SCHOOL}, 1, DENIED, BP_ACCESS_NO_USER, 0},
    {"negative user id", &negative, 0, {SCHOOL}, 1, DENIED, BP_ACCESS_NO_USER, 0},
    {"disabled member of the participating organisation",
     &cilla,
     0,
     {SCHOOL},
     1,
     DENIED,
     BP_ACCESS_NO_USER,
     0},
    {"disabled user acting for the participating organisation",
     &cilla,
     SCHOOL,
     {SCHOOL},
     1,
     DENIED,
     BP_ACCESS_NO_USER,
     0},
    /* acting for one organisation: decided for that organisation only */
    {"acting for the participating organisation",
     &anna,
     SCHOOL,
     {SCHOOL},
     1,
     GRANTED,
     BP_ACCESS_OK_MEMBER,
     SCHOOL},
    {"acting for the second membership, which takes part",
     &anna,
     STUDENT_HEALTH,
     {SCHOOL, STUDENT_HEALTH},
     2,
     GRANTED,
     BP_ACCESS_OK_MEMBER,
     STUDENT_HEALTH},
    {"acting for an organisation that does not take part, though another membership does",
     &anna,
     STUDENT_HEALTH,
     {SCHOOL},
     1,
     DENIED,
     BP_ACCESS_NOT_PARTICIPANT,
     0},
    {"acting for a participating organisation one is no member of",
     &anna,
     SOCIAL,
     {SOCIAL},
     1,
     DENIED,
     BP_ACCESS_NOT_PARTICIPANT,
     0},
    {"acting for an unknown organisation",
     &bo,
     UNKNOWN_ORG,
     {SOCIAL, UNKNOWN_ORG},
     2,
     DENIED,
     BP_ACCESS_NOT_PARTICIPANT,
     0},
    {"acting for the one membership", &bo, SOCIAL, {BUP, SOCIAL}, 2, GRANTED, BP_ACCESS_OK_MEMBER, SOCIAL},
};

static const char *access_name(enum bp_access a)
{
    return a == BP_ACCESS_GRANTED ? "granted" : "denied";
}

static const char *reason_name(enum bp_access_reason r)
{
    switch (r) {
    case BP_ACCESS_OK_MEMBER:
        return "ok_member";
    case BP_ACCESS_NO_USER:
        return "no_user";
    case BP_ACCESS_NOT_PARTICIPANT:
        return "not_participant";
    }
    return "?";
}

static void test_access_table(void **state)
{
    int bad = 0;
    (void)state;
    for (size_t i = 0; i < BP_ARRAY_LEN(rows); i++) {
        const struct access_row *r = &rows[i];
        struct bp_access_decision d = bp_access_case(r->user, r->acting_org, r->case_orgs, r->n_case_orgs);
        if (d.access != r->want || d.reason != r->reason || d.via_org_id != r->via) {
            print_error("%s: got %s/%s via %lld, want %s/%s via %lld\n", r->name, access_name(d.access),
                        reason_name(d.reason), (long long)d.via_org_id, access_name(r->want),
                        reason_name(r->reason), (long long)r->via);
            bad++;
        }
    }
    assert_int_equal(bad, 0);
}

/* The rule stated once more, as plainly as possible, to compare the function with. */
static bool oracle_granted(const struct bp_user *u, int64_t acting, const int64_t *orgs, size_t n)
{
    if (!u || u->id <= 0 || u->disabled)
        return false;
    for (size_t i = 0; i < u->n_orgs; i++)
        for (size_t j = 0; j < n; j++)
            if (u->orgs[i].org_id == orgs[j] && (acting == 0 || acting == orgs[j]))
                return true;
    return false;
}

static bool is_member(const struct bp_user *u, int64_t org)
{
    for (size_t i = 0; u && i < u->n_orgs; i++)
        if (u->orgs[i].org_id == org)
            return true;
    return false;
}

/* Every user x every subset of the organisations x every acting organisation: the decision matches
 * the rule, a grant names an organisation the user belongs to and that takes part (and is the acting
 * one when given), and a denial names none. */
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
            for (size_t a = 0; a < BP_ARRAY_LEN(acting); a++) {
                struct bp_access_decision d = bp_access_case(users[u], acting[a], orgs, n);
                bool want = oracle_granted(users[u], acting[a], orgs, n);
                assert_int_equal(d.access == BP_ACCESS_GRANTED, want);
                if (want) {
                    bool takes_part = false;
                    assert_int_equal(d.reason, BP_ACCESS_OK_MEMBER);
                    assert_true(is_member(users[u], d.via_org_id));
                    for (size_t k = 0; k < n; k++)
                        takes_part |= orgs[k] == d.via_org_id;
                    assert_true(takes_part);
                    if (acting[a])
                        assert_int_equal(d.via_org_id, acting[a]);
                } else {
                    assert_int_equal(d.via_org_id, 0);
                    assert_int_not_equal(d.reason, BP_ACCESS_OK_MEMBER);
                }
            }
        }
    }
}

/* An empty list may come as NULL from a store that found no rows. */
static void test_access_null_case_list(void **state)
{
    struct bp_access_decision d = bp_access_case(&anna, 0, NULL, 0);
    (void)state;
    assert_int_equal(d.access, BP_ACCESS_DENIED);
    assert_int_equal(d.reason, BP_ACCESS_NOT_PARTICIPANT);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_access_table),
        cmocka_unit_test(test_access_exhaustive),
        cmocka_unit_test(test_access_null_case_list),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
