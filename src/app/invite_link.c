/* invite_link.c: a colleague invited by e-mail (issue 10 item 9) who logs in through the identity provider
 * instead of choosing a password: the provider's callback (app/oidc.c) finds no account for its (issuer,
 * subject) and asks here for the invitation whose page started that login. Apart from app/staff.c so that
 * the two use-case files do not call each other in a circle (staff.c starts the login through oidc.c). */
#include "app/app_impl.h"

enum bp_err bp_app_invite_link_identity(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                        const char *state_hash, const char *issuer, const char *subject,
                                        struct bp_user *user)
{
    struct bp_staff_invite inv;
    struct bp_audit e;
    enum bp_err rc = bp_staff_invite_by_login(s, a, state_hash, &inv);
    if (rc != BP_OK)
        return rc;
    if ((rc = bp_user_get(s, a, inv.user_id, user)) != BP_OK)
        return rc;
    if (inv.used_at || inv.withdrawn_at || actor->now >= inv.expires_at || user->disabled)
        return BP_ERR_NOT_FOUND;
    if ((rc = bp_store_begin(s)) != BP_OK)
        return rc;
    bp_app_audit_fill(&e, actor, "update", "user");
    e.user_id = inv.user_id;
    e.org_id = inv.org_id;
    e.detail = "invite_accepted identity"; /* that it was linked; the subject (an HSA-id) stays out */
    if ((rc = bp_staff_invite_use(s, inv.id, actor->now)) == BP_OK)
        rc = bp_identity_add(s, inv.user_id, issuer, subject, actor->now);
    return bp_app_commit_with(s, rc, &e);
}
