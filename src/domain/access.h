/* access.h: the one pure function that decides what a professional may see of a case.
 *
 * The rule (V-2.3, V-2.6, K-7.3, K-8.1):
 *  - FULL: the professional acts for an organisation that takes part in the case and has a consent of
 *    its own in force for it. Only then does the case's shared information (preparations, meetings,
 *    the plan) reach the organisation.
 *  - INTAKE: the professional acts for the organisation that took the initiative and registered the
 *    child, but that organisation has no consent in force (yet, or any more). It sees what it
 *    registered itself and the consent ledger, so that it can obtain consent (K-2.1, K-2.2), and
 *    nothing another organisation has shared.
 *  - otherwise DENIED.
 * Tested by tables in tests/unit/test_access.c. No I/O, no clock ("today" is in the facts). */
#ifndef BP_ACCESS_H
#define BP_ACCESS_H
#include "domain/model.h"
#include "domain/consent.h"

enum bp_access {
    BP_ACCESS_DENIED = 0,
    BP_ACCESS_INTAKE, /* the initiating organisation without consent: registration and consents only */
    BP_ACCESS_FULL,   /* under the organisation's own consent in force */
};

enum bp_access_reason {
    BP_ACCESS_OK_CONSENT,      /* a member of a participating organisation with its own consent in force */
    BP_ACCESS_OK_INITIATOR,    /* a member of the initiating organisation, without consent */
    BP_ACCESS_NO_USER,         /* not logged in, or disabled */
    BP_ACCESS_NOT_PARTICIPANT, /* none of the user's organisations takes part */
    BP_ACCESS_NO_CONSENT,      /* the user's organisations take part but have no consent in force */
};

struct bp_access_decision {
    enum bp_access access;
    enum bp_access_reason reason;
    int64_t via_org_id; /* the organisation through which access is granted (for the audit entry) */
};

/* What the rule needs to know about one case. */
struct bp_case_access_facts {
    const int64_t *case_orgs; /* the organisations taking part */
    size_t n_case_orgs;
    int64_t initiating_org_id;
    const struct bp_consent *consents; /* the case's consent ledger (all rows) */
    size_t n_consents;
    struct bp_date today; /* Europe/Stockholm: consents lapse after their renewal date */
};

/* `acting_org_id`, when not 0, is the organisation the user is acting for right now; access is then
 * decided for that organisation only. Otherwise the best access any of the user's organisations has
 * (FULL before INTAKE). */
struct bp_access_decision bp_access_case(const struct bp_user *user, int64_t acting_org_id,
                                         const struct bp_case_access_facts *f);

#endif
