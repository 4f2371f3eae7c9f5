/* access.h: the one pure function that decides whether a professional may see a case.
 * Today: when one of the professional's organisations takes part in the case (the initiating
 * organisation and any organisation added to it). Consent rules (V-2.6) come with the consent
 * ledger and will narrow this function, not be added beside it. Tested by tables in
 * tests/unit/test_access.c. */
#ifndef BP_ACCESS_H
#define BP_ACCESS_H
#include "domain/model.h"

enum bp_access {
    BP_ACCESS_DENIED = 0,
    BP_ACCESS_GRANTED,
};

enum bp_access_reason {
    BP_ACCESS_OK_MEMBER,       /* a member of a participating organisation */
    BP_ACCESS_NO_USER,         /* not logged in, or disabled */
    BP_ACCESS_NOT_PARTICIPANT, /* none of the user's organisations takes part */
};

struct bp_access_decision {
    enum bp_access access;
    enum bp_access_reason reason;
    int64_t via_org_id; /* the organisation through which access is granted (for the audit entry) */
};

/* `case_orgs` lists the organisations taking part in the case. `acting_org_id`, when not 0, is the
 * organisation the user is acting for right now; access is then decided for that organisation only. */
struct bp_access_decision bp_access_case(const struct bp_user *user, int64_t acting_org_id,
                                         const int64_t *case_orgs, size_t n_case_orgs);

#endif
