/* test_named_person.c: the barnensbästa-ansvarig suggested for the child's age and the organisations
 * taking part, at the boundaries: before birth, the day of birth, förskoleklass (1 July of the year
 * the child turns 6), compulsory school done (16), 18 and 20; and who among the members is suggested. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>
#include "domain/named_person.h"

static struct bp_date D(const char *s) {
    struct bp_date d;
    if (!bp_date_parse(s, &d))
        fail_msg("bad date %s", s);
    return d;
}

/* Members of the organisations taking part: a midwife, a BVC nurse, a preschool teacher, a school's
 * principal and teacher and BBA-designated teacher in another school, the KAA officer. */
enum {
    MVC = 1,
    BVC = 2,
    PRESCHOOL = 3,
    SCHOOL = 4,
    SCHOOL2 = 5,
    KAA = 6
};
static const struct bp_bba_candidate everyone[] = {
    {10, "Barnmorska", MVC, "MVC", BP_ORG_MATERNITY_CARE, BP_ROLE_PROFESSIONAL},
    {11, "BVC-sjuksköterska", BVC, "BVC", BP_ORG_CHILD_HEALTH, BP_ROLE_PROFESSIONAL},
    {12, "Förskollärare", PRESCHOOL, "Förskolan", BP_ORG_PRESCHOOL, BP_ROLE_PROFESSIONAL},
    {13, "Lärare", SCHOOL, "Skolan", BP_ORG_SCHOOL, BP_ROLE_PROFESSIONAL},
    {14, "Rektor", SCHOOL, "Skolan", BP_ORG_SCHOOL, BP_ROLE_MANAGER},
    {15, "KAA-handläggare", KAA, "KAA", BP_ORG_YOUTH_OUTREACH, BP_ROLE_PROFESSIONAL},
};

struct row {
    const char *name;
    const char *birth, *today;
    const struct bp_bba_candidate *cands;
    size_t n;
    int64_t initiating, exclude;
    enum bp_bba_stage stage;
    int64_t want_user; /* 0: nobody */
};

static const struct bp_bba_candidate no_school[] = {
    {11, "BVC-sjuksköterska", BVC, "BVC", BP_ORG_CHILD_HEALTH, BP_ROLE_PROFESSIONAL},
    {15, "KAA-handläggare", KAA, "KAA", BP_ORG_YOUTH_OUTREACH, BP_ROLE_PROFESSIONAL},
};
/* two schools: the one where a person has the role barnensbästa-ansvarig wins over a principal */
static const struct bp_bba_candidate two_schools[] = {
    {14, "Rektor", SCHOOL, "Skolan", BP_ORG_SCHOOL, BP_ROLE_MANAGER},
    {16, "Utsedd BBA", SCHOOL2, "Skolan 2", BP_ORG_SCHOOL, BP_ROLE_NAMED_PERSON},
};
/* two principals: the initiating organisation's, then the lower id */
static const struct bp_bba_candidate two_principals[] = {
    {14, "Rektor", SCHOOL, "Skolan", BP_ORG_SCHOOL, BP_ROLE_MANAGER},
    {17, "Rektor 2", SCHOOL2, "Skolan 2", BP_ORG_SCHOOL, BP_ROLE_MANAGER},
};
/* a school with only teachers: one of them is suggested (the principal is not in Barnplan) */
static const struct bp_bba_candidate teachers[] = {
    {19, "Lärare B", SCHOOL, "Skolan", BP_ORG_SCHOOL, BP_ROLE_PROFESSIONAL},
    {13, "Lärare A", SCHOOL, "Skolan", BP_ORG_SCHOOL, BP_ROLE_PROFESSIONAL},
};

#define ALL everyone, 6
static const struct row rows[] = {
    {"X-1 before birth: the midwife", "2027-01-10", "2026-12-06", ALL, 0, 0, BP_BBA_BEFORE_BIRTH, 10},
    {"X-1 born today: the BVC nurse", "2026-12-06", "2026-12-06", ALL, 0, 0, BP_BBA_CHILD_HEALTH, 11},
    {"X-1 a toddler in preschool: still the BVC nurse", "2023-05-01", "2026-12-06", ALL, 0, 0,
     BP_BBA_CHILD_HEALTH, 11},
    {"X-1 the spring of the year the child turns 6: the BVC nurse", "2020-02-01", "2026-06-30", ALL, 0, 0,
     BP_BBA_CHILD_HEALTH, 11},
    {"X-1 förskoleklass from 1 July of the year the child turns 6: the principal", "2020-12-31", "2026-07-01",
     ALL, 0, 0, BP_BBA_SCHOOL, 14},
    {"X-1 a school child: the principal, not the teacher", "2015-03-14", "2026-12-06", ALL, 0, 0,
     BP_BBA_SCHOOL, 14},
    {"X-1 the role barnensbästa-ansvarig wins over the principal", "2015-03-14", "2026-12-06", two_schools, 2,
     0, 0, BP_BBA_SCHOOL, 16},
    {"X-1 two principals: the initiating organisation's", "2015-03-14", "2026-12-06", two_principals, 2,
     SCHOOL2, 0, BP_BBA_SCHOOL, 17},
    {"X-1 two principals, neither initiating: the lower id", "2015-03-14", "2026-12-06", two_principals, 2, 0,
     0, BP_BBA_SCHOOL, 14},
    {"X-1 no principal in Barnplan: a teacher, the lower id", "2015-03-14", "2026-12-06", teachers, 2, 0, 0,
     BP_BBA_SCHOOL, 13},
    {"X-1 a school child, no school taking part: nobody", "2015-03-14", "2026-12-06", no_school, 2, 0, 0,
     BP_BBA_SCHOOL, 0},
    {"X-1 16, in upper-secondary school: the principal", "2010-03-14", "2026-12-06", ALL, 0, 0, BP_BBA_SCHOOL,
     14},
    {"X-1 16, outside upper-secondary school: the KAA officer", "2010-03-14", "2026-12-06", no_school, 2, 0,
     0, BP_BBA_YOUTH, 15},
    {"X-1 15 in the spring of year 9, no school taking part: still the school", "2011-03-14", "2026-06-30",
     no_school, 2, 0, 0, BP_BBA_SCHOOL, 0},
    {"X-1 the day before 18: the principal", "2008-12-07", "2026-12-06", ALL, 0, 0, BP_BBA_SCHOOL, 14},
    {"X-1 18 today: the KAA officer", "2008-12-06", "2026-12-06", ALL, 0, 0, BP_BBA_YOUTH, 15},
    {"X-1 19: the KAA officer", "2007-06-01", "2026-12-06", ALL, 0, 0, BP_BBA_YOUTH, 15},
    {"X-1 20 today: nobody (KAA ends)", "2006-12-06", "2026-12-06", ALL, 0, 0, BP_BBA_NONE, 0},
    {"X-1 no birth date: nobody", NULL, "2026-12-06", ALL, 0, 0, BP_BBA_NONE, 0},
    {"X-1 a bad birth date: nobody", "2015-02-30", "2026-12-06", ALL, 0, 0, BP_BBA_NONE, 0},
    {"X-1 handover: the current BBA is not suggested again", "2015-03-14", "2026-12-06", two_principals, 2, 0,
     14, BP_BBA_SCHOOL, 17},
    {"X-1 handover: another member of the school", "2015-03-14", "2026-12-06", ALL, 0, 14, BP_BBA_SCHOOL, 13},
    {"X-1 no members at all: nobody", "2015-03-14", "2026-12-06", NULL, 0, 0, 0, BP_BBA_NONE, 0},
};

static void test_table(void **state)
{
    size_t i;
    (void)state;
    for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        const struct row *r = &rows[i];
        enum bp_bba_stage st = BP_BBA_STAGE_COUNT;
        long got = bp_bba_suggest(r->birth, D(r->today), r->cands, r->n, r->initiating, r->exclude, &st);
        int64_t user = got >= 0 ? r->cands[got].user_id : 0;
        if (user != r->want_user || (r->cands && st != r->stage))
            fail_msg("%s: got user %lld stage %s, want %lld %s", r->name, (long long)user,
                     bp_bba_stage_codes[st], (long long)r->want_user, bp_bba_stage_codes[r->stage]);
    }
}

static void test_stage_codes_and_kinds(void **state)
{
    (void)state;
    /* the stage's organisation kind */
    assert_int_equal(bp_bba_org_kind(BP_BBA_BEFORE_BIRTH), BP_ORG_MATERNITY_CARE);
    assert_int_equal(bp_bba_org_kind(BP_BBA_CHILD_HEALTH), BP_ORG_CHILD_HEALTH);
    assert_int_equal(bp_bba_org_kind(BP_BBA_SCHOOL), BP_ORG_SCHOOL);
    assert_int_equal(bp_bba_org_kind(BP_BBA_YOUTH), BP_ORG_YOUTH_OUTREACH);
    assert_int_equal(bp_bba_org_kind(BP_BBA_NONE), BP_ORG_KIND_COUNT);
    /* the decision tree's three codes */
    assert_int_equal(BP_CODE_FIND(bp_bba_decision_codes, "own_org"), BP_BBA_OWN_ORG);
    assert_int_equal(BP_CODE_FIND(bp_bba_decision_codes, "hand_over"), BP_BBA_HAND_OVER);
    assert_int_equal(BP_CODE_FIND(bp_bba_decision_codes, "collaborate"), BP_BBA_COLLABORATE);
    assert_int_equal(BP_CODE_FIND(bp_bba_decision_codes, "close"), -1);
    /* the new organisation kinds have codes */
    assert_string_equal(bp_org_kind_codes[BP_ORG_MATERNITY_CARE], "maternity_care");
    assert_string_equal(bp_org_kind_codes[BP_ORG_YOUTH_OUTREACH], "youth_outreach");
    assert_string_equal(bp_org_kind_codes[BP_ORG_OTHER], "other");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table),
        cmocka_unit_test(test_stage_codes_and_kinds),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
