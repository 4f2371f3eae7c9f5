/* access.c: case access under the consent ledger. Pure; no I/O, no clock. */
#include "domain/access.h"
#include "domain/checks.h"
#include "util/find.h"

/* Whether org takes part in the case, and whether it is asked to. */
static bool takes_part(const struct bp_case_access_facts *f, int64_t org, bool *asked)
{
    size_t i;
    for (i = 0; i < f->n_case_orgs; i++) {
        if (f->case_orgs[i] == org) {
            *asked = f->asked && f->asked[i];
            return true;
        }
    }
    return false;
}

struct bp_access_decision bp_access_case(const struct bp_user *user, int64_t acting_org_id,
                                         const struct bp_case_access_facts *f)
{
    struct bp_access_decision d = {BP_ACCESS_DENIED, BP_ACCESS_NO_USER, 0};
    size_t i;
    if (!user || user->id <= 0 || user->disabled)
        return d;
    d.reason = BP_ACCESS_NOT_PARTICIPANT;
    for (i = 0; i < user->n_orgs; i++) {
        int64_t org = user->orgs[i].org_id;
        bool asked = false;
        if ((acting_org_id && org != acting_org_id) || !takes_part(f, org, &asked))
            continue;
        if (bp_consent_covers_org(f->consents, f->n_consents, org, f->today)) {
            d.access = BP_ACCESS_FULL;
            d.reason = BP_ACCESS_OK_CONSENT;
            d.via_org_id = org;
            return d;
        }
        if (org == f->initiating_org_id) {
            d.access = BP_ACCESS_INTAKE;
            d.reason = BP_ACCESS_OK_INITIATOR;
            d.via_org_id = org;
        } else if (asked && d.access == BP_ACCESS_DENIED) {
            d.access = BP_ACCESS_ASKED;
            d.reason = BP_ACCESS_OK_ASKED;
            d.via_org_id = org;
        } else if (d.access == BP_ACCESS_DENIED) {
            d.reason = BP_ACCESS_NO_CONSENT;
        }
    }
    return d;
}

bool bp_access_may_record_consent(const struct bp_user *user, enum bp_model model,
                                  const struct bp_access_decision *d, int64_t org_id)
{
    if (!user || d->access == BP_ACCESS_DENIED)
        return false;
    if (bp_user_acts_for(user, 0, org_id))
        return true;
    return model == BP_MODEL_KRONOBERG && d->access >= BP_ACCESS_INTAKE;
}
