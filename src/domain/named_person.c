/* named_person.c: the barnensbästa-ansvarig's suggestion by the child's age and the codes of the
 * decision tree. Pure: table-tested in tests/unit/test_named_person.c. */
#include "domain/named_person.h"

const char *const bp_bba_stage_codes[BP_BBA_STAGE_COUNT] = {"before_birth", "child_health", "school", "youth",
                                                            "none"};
const char *const bp_bba_decision_codes[BP_BBA_DECISION_COUNT] = {"own_org", "hand_over", "collaborate"};

/* Whether `today` is on or after 1 July of the year the child turns `age`: the school year's start. */
static bool school_year_reached(struct bp_date birth, struct bp_date today, int age)
{
    return today.y > birth.y + age || (today.y == birth.y + age && today.m >= 7);
}

/* Whether the child has turned `age` on `today`. */
static bool has_turned(struct bp_date birth, struct bp_date today, int age)
{
    if (today.y != birth.y + age)
        return today.y > birth.y + age;
    return today.m > birth.m || (today.m == birth.m && today.d >= birth.d);
}

enum bp_bba_stage bp_bba_stage(const char *birth_date, struct bp_date today, bool in_school)
{
    struct bp_date b;
    if (!birth_date || !bp_date_parse(birth_date, &b))
        return BP_BBA_NONE;
    if (bp_days_from_civil(b.y, b.m, b.d) > bp_days_from_civil(today.y, today.m, today.d))
        return BP_BBA_BEFORE_BIRTH;
    if (!school_year_reached(b, today, 6))
        return BP_BBA_CHILD_HEALTH; /* until förskoleklass */
    if (has_turned(b, today, 20))
        return BP_BBA_NONE;
    if (has_turned(b, today, 18))
        return BP_BBA_YOUTH;
    if (!school_year_reached(b, today, 16) || in_school)
        return BP_BBA_SCHOOL;
    return BP_BBA_YOUTH; /* outside upper-secondary school */
}

enum bp_org_kind bp_bba_org_kind(enum bp_bba_stage stage)
{
    static const enum bp_org_kind kinds[BP_BBA_STAGE_COUNT] = {
        BP_ORG_MATERNITY_CARE, BP_ORG_CHILD_HEALTH, BP_ORG_SCHOOL, BP_ORG_YOUTH_OUTREACH, BP_ORG_KIND_COUNT};
    return stage < BP_BBA_STAGE_COUNT ? kinds[stage] : BP_ORG_KIND_COUNT;
}

/* Lower is better: the role barnensbästa-ansvarig, then the stage's usual role, then anyone. */
static int role_rank(enum bp_bba_stage stage, enum bp_role role)
{
    enum bp_role usual = stage == BP_BBA_SCHOOL ? BP_ROLE_MANAGER : BP_ROLE_PROFESSIONAL;
    if (role == BP_ROLE_NAMED_PERSON)
        return 0;
    return role == usual ? 1 : 2;
}

static bool better(const struct bp_bba_candidate *x, const struct bp_bba_candidate *best,
                   enum bp_bba_stage st, int64_t initiating_org_id)
{
    int rx = role_rank(st, x->role), rb = role_rank(st, best->role);
    bool ix = x->org_id == initiating_org_id, ib = best->org_id == initiating_org_id;
    if (rx != rb)
        return rx < rb;
    if (ix != ib)
        return ix;
    return x->user_id < best->user_id;
}

long bp_bba_suggest(const char *birth_date, struct bp_date today, const struct bp_bba_candidate *c, size_t n,
                    int64_t initiating_org_id, int64_t exclude_user, enum bp_bba_stage *stage)
{
    bool in_school = false;
    enum bp_org_kind kind;
    long best = -1;
    size_t i;
    for (i = 0; i < n; i++)
        in_school = in_school || c[i].org_kind == BP_ORG_SCHOOL;
    *stage = bp_bba_stage(birth_date, today, in_school);
    kind = bp_bba_org_kind(*stage);
    for (i = 0; i < n; i++) {
        if (c[i].org_kind != kind || c[i].user_id == exclude_user)
            continue;
        if (best < 0 || better(&c[i], &c[best], *stage, initiating_org_id))
            best = (long)i;
    }
    return best;
}
