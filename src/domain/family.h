/* family.h: what a family member sees and may change (issue 10 item 3), by the table of
 * docs/family-access.md (compiled into family_table.c by scripts/family-table.py at build time, so that
 * the code and the tests read the same rows). Pure: no I/O, no clock (today is a parameter).
 *
 * A family member's role is worked out on every request from the case's records and today's date, never
 * stored (docs/family-access.md section 7): a birthday or a custody change takes effect at the next one. */
#ifndef BP_FAMILY_H
#define BP_FAMILY_H
#include "domain/model.h"
#include "util/date.h"
#include "family_table.h" /* generated: enum bp_family_item */

enum bp_family_role { /* the columns of the table, in its order */
                      BP_FR_DENIED = -1,
                      BP_FR_GUARDIAN, /* sole or appointed custody */
                      BP_FR_GUARDIAN_JOINT,
                      BP_FR_PARENT, /* without custody (custody code "none", R5): what an invitation shows */
                      BP_FR_CHILD_U7,
                      BP_FR_CHILD_7_11,
                      BP_FR_CHILD_12_14,
                      BP_FR_CHILD_15_17,
                      BP_FR_ADULT_STUDENT,
                      BP_FR_PROFESSIONAL,
                      BP_FR_COUNT
};
extern const char *const bp_family_role_codes[BP_FR_COUNT];

enum bp_cell { BP_CELL_NONE, BP_CELL_SEE, BP_CELL_CHANGE };
enum bp_cell_scope {
    BP_CELL_ALL,     /* no suffix */
    BP_CELL_OWN,     /* only the member's own record */
    BP_CELL_INVITED, /* only what a meeting they are invited to shows */
    BP_CELL_SHARED,  /* rule R2: while the child is under 12, or what the child chose to share */
};
struct bp_family_cell {
    enum bp_cell cell;
    enum bp_cell_scope scope;
};
struct bp_family_row {
    const char *id; /* "plan.contacts": the data-item of its element on the family pages */
    bool hide;      /* left out for a member someone is protected from (section 6) */
    struct bp_family_cell cells[BP_FR_COUNT];
};
extern const struct bp_family_row bp_family_table[BP_FI_COUNT];

/* Who a family login is: the child (guardian_id 0) or one of the child's guardians. */
struct bp_family_person {
    int64_t child_id;
    int64_t guardian_id;
};

/* The role on `today`: for the child by age (birth date), for a guardian by custody; BP_FR_DENIED for a
 * guardian once the child is 18 (section 7) or when the birth date is unknown for the child. */
enum bp_family_role bp_family_role_of(bool is_child, enum bp_custody custody, struct bp_date birth,
                                      struct bp_date today);
/* Whole years between birth and today. */
int bp_family_age(struct bp_date birth, struct bp_date today);

/* What a record is to the member: their own, on a meeting they are invited to, shared with them (R2). */
struct bp_family_scope {
    bool own, invited, shared;
};
/* Whether the member (role) may see an instance of item with these facts; bp_family_may_change likewise
 * for changing it. */
bool bp_family_sees(enum bp_family_item item, enum bp_family_role role, struct bp_family_scope s);
bool bp_family_may_change(enum bp_family_item item, enum bp_family_role role, struct bp_family_scope s);
/* Whether a role logs in at all (the child under 7 does not, section 2). */
bool bp_family_role_logs_in(enum bp_family_role role);
#endif
