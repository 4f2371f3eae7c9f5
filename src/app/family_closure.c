/* family_closure.c: the letter that tells the family the plan is closed (issue 10 item 3,
 * docs/family-access.md page.closure_letter; V-11.3, V-11.4): why, whether it was decided together, where to
 * turn, welcome back. The reason and who closed it are case.closure's, left out for a member someone is
 * protected from (they name the organisation, section 6). Must not hold a text users see. */
#include "app/app_impl.h"
#include "domain/family.h"

enum bp_err bp_uc_family_closure(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                 int64_t case_id, struct bp_family_closure_view *out, struct bp_audit *audit)
{
    enum bp_err rc = bp_uc_family_case(s, a, actor, case_id, "closure_letter", &out->c, audit);
    memset(&out->closure, 0, sizeof(out->closure));
    out->has_closure = false;
    audit->object = "closure";
    if (rc != BP_OK)
        return rc;
    if (!out->c.who.show[BP_FI_PAGE_CLOSURE_LETTER] || out->c.kase.status != BP_CASE_CLOSED) {
        audit->action = "denied"; /* nothing to tell yet, or not this member's page: as if it did not exist */
        return BP_ERR_NOT_FOUND;
    }
    rc = bp_closure_latest(s, a, case_id, &out->closure);
    if (rc == BP_ERR_NOT_FOUND)
        return BP_OK;
    out->has_closure = rc == BP_OK && out->c.who.show[BP_FI_CASE_CLOSURE] && !out->c.who.protected_from;
    if (out->has_closure && !out->c.who.show[BP_FI_CLOSURE_NOTE])
        out->closure.note = NULL;
    return rc;
}
