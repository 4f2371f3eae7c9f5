/* family.c: the family member's role and the table's cells (docs/family-access.md). */
#include "domain/family.h"

const char *const bp_family_role_codes[BP_FR_COUNT] = {
    "guardian",    "guardian_joint", "parent",        "child_u7",     "child_7_11",
    "child_12_14", "child_15_17",    "adult_student", "professional",
};

int bp_family_age(struct bp_date birth, struct bp_date today)
{
    int age = today.y - birth.y;
    if (today.m < birth.m || (today.m == birth.m && today.d < birth.d))
        age--;
    return age;
}

enum bp_family_role bp_family_role_of(bool is_child, enum bp_custody custody, struct bp_date birth,
                                      struct bp_date today)
{
    int age;
    if (!bp_date_valid(birth.y, birth.m, birth.d))
        return BP_FR_DENIED;
    age = bp_family_age(birth, today);
    if (!is_child) {
        if (age >= 18) /* the guardians' access ends on the 18th birthday (section 7) */
            return BP_FR_DENIED;
        if (custody == BP_CUSTODY_NONE) /* a parent without custody: only what an invitation shows (R5) */
            return BP_FR_PARENT;
        return custody == BP_CUSTODY_JOINT ? BP_FR_GUARDIAN_JOINT : BP_FR_GUARDIAN;
    }
    if (age < 7)
        return BP_FR_CHILD_U7;
    if (age < 12)
        return BP_FR_CHILD_7_11;
    if (age < 15)
        return BP_FR_CHILD_12_14;
    if (age < 18)
        return BP_FR_CHILD_15_17;
    return BP_FR_ADULT_STUDENT;
}

static bool in_scope(struct bp_family_cell c, struct bp_family_scope s)
{
    switch (c.scope) { /* GCOVR_EXCL_BR_LINE: gcc's branch for a value outside the enum; c is a cell of the
                        * const table, which holds only the four scopes (test_trust_domain takes each case) */
    case BP_CELL_OWN:
        return s.own;
    case BP_CELL_INVITED:
        return s.invited;
    case BP_CELL_SHARED:
        return s.shared;
    case BP_CELL_ALL:
        break;
    }
    return true;
}

static struct bp_family_cell cell_of(enum bp_family_item item, enum bp_family_role role)
{
    struct bp_family_cell none = {BP_CELL_NONE, BP_CELL_ALL};
    if ((int)item < 0 || item >= BP_FI_COUNT || role < 0 || role >= BP_FR_COUNT)
        return none;
    return bp_family_table[item].cells[role];
}

bool bp_family_sees(enum bp_family_item item, enum bp_family_role role, struct bp_family_scope s)
{
    struct bp_family_cell c = cell_of(item, role);
    return c.cell != BP_CELL_NONE && in_scope(c, s);
}

bool bp_family_may_change(enum bp_family_item item, enum bp_family_role role, struct bp_family_scope s)
{
    struct bp_family_cell c = cell_of(item, role);
    return c.cell == BP_CELL_CHANGE && in_scope(c, s);
}

bool bp_family_role_logs_in(enum bp_family_role role)
{
    return role >= 0 && role < BP_FR_PROFESSIONAL && role != BP_FR_CHILD_U7;
}
