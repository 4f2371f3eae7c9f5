/* access.c: case access. Pure; no I/O, no clock. */
#include "domain/access.h"

struct bp_access_decision bp_access_case(const struct bp_user *user, int64_t acting_org_id,
                                         const int64_t *case_orgs, size_t n_case_orgs)
{
    struct bp_access_decision d = {BP_ACCESS_DENIED, BP_ACCESS_NO_USER, 0};
    size_t i, j;
    if (!user || user->id <= 0 || user->disabled)
        return d;
    d.reason = BP_ACCESS_NOT_PARTICIPANT;
    for (i = 0; i < user->n_orgs; i++) {
        int64_t org = user->orgs[i].org_id;
        if (acting_org_id && org != acting_org_id)
            continue;
        for (j = 0; j < n_case_orgs; j++) {
            if (case_orgs[j] == org) {
                d.access = BP_ACCESS_GRANTED;
                d.reason = BP_ACCESS_OK_MEMBER;
                d.via_org_id = org;
                return d;
            }
        }
    }
    return d;
}
