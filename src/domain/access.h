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
 *  - ASKED: the professional acts for an organisation that has been asked to take part (V-2.6: in
 *    Västerbotten every organisation obtains and records its own consent) and has no consent in force.
 *    It sees only what it needs to reach the family and to record its own consent: the child's name and
 *    birth date, the guardians' contacts, who took the initiative and who asked, and its own consents.
 *  - otherwise DENIED (an organisation whose consent was withdrawn sees nothing until it is asked again).
 * Tested by tables in tests/unit/test_access.c. No I/O, no clock ("today" is in the facts). */
#ifndef BP_ACCESS_H
#define BP_ACCESS_H
#include "domain/model.h"
#include "domain/consent.h"

enum bp_access {
    BP_ACCESS_DENIED = 0,
    BP_ACCESS_ASKED,  /* asked to take part, no consent in force: reaching the family, its own consent */
    BP_ACCESS_INTAKE, /* the initiating organisation without consent: registration and consents only */
    BP_ACCESS_FULL,   /* under the organisation's own consent in force */
};

enum bp_access_reason {
    BP_ACCESS_OK_CONSENT,      /* a member of a participating organisation with its own consent in force */
    BP_ACCESS_OK_INITIATOR,    /* a member of the initiating organisation, without consent */
    BP_ACCESS_OK_ASKED,        /* a member of an organisation asked to take part, without consent */
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
    const bool *asked;    /* parallel to case_orgs: asked to take part and not withdrawn since; NULL: none */
};

/* `acting_org_id`, when not 0, is the organisation the user is acting for right now; access is then
 * decided for that organisation only. Otherwise the best access any of the user's organisations has
 * (FULL before INTAKE before ASKED). */
struct bp_access_decision bp_access_case(const struct bp_user *user, int64_t acting_org_id,
                                         const struct bp_case_access_facts *f);

/* V-2.6, K-2.1, K-2.2: may one with access `d` record (or change) the consent for organisation org_id?
 * Västerbotten: only a member of that organisation, for its own part. Kronoberg: the initiating organisation
 * or one under consent may record it for any organisation it names on the Kronobarnsmodellen form; an
 * organisation only asked, for itself. */
bool bp_access_may_record_consent(const struct bp_user *user, enum bp_model model,
                                  const struct bp_access_decision *d, int64_t org_id);

#endif
