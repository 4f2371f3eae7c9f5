/* protection.c: protected identity (skyddade personuppgifter, issue 10 item 10; domain/protection.h).
 * Recording who is protected and from whom (a write through the unit of work), and the one place the use
 * cases leave a protected person's contact details out for a reader who may not see them: every view that
 * hands the child's guardians to the web layer loads them through bp_app_family_load. */
#include <string.h>
#include "app/app_impl.h"
#include "domain/protection.h"
#include "domain/checks.h"

void bp_app_withhold_contacts(const struct bp_case_access *ca, const struct bp_child *child,
                              struct bp_guardian *g, size_t n)
{
    size_t i;
    if (bp_protected_details_shown(&ca->kase, ca->d.via_org_id))
        return;
    for (i = 0; i < n; i++)
        if (bp_protected_contact(child, &g[i])) {
            g[i].phone = g[i].email = g[i].address = "";
            g[i].contact_withheld = true;
        }
}

enum bp_err bp_app_family_load(struct bp_store *s, struct bp_arena *a, const struct bp_case_access *ca,
                               struct bp_child *child, struct bp_guardian **g, size_t *n)
{
    enum bp_err rc;
    if ((rc = bp_child_get(s, a, ca->kase.child_id, child)) != BP_OK ||
        (rc = bp_guardian_list(s, a, ca->kase.child_id, g, n)) != BP_OK)
        return rc;
    bp_app_withhold_contacts(ca, child, *g, *n);
    return BP_OK;
}

void bp_app_withhold_invitees(const struct bp_guardian *g, size_t n, struct bp_invitee *inv, size_t n_inv)
{
    size_t i;
    for (i = 0; i < n_inv; i++) {
        const struct bp_guardian *x;
        if (inv[i].kind != BP_INVITEE_GUARDIAN)
            continue;
        x = bp_guardian_find(g, n, inv[i].guardian_id);
        if (x && x->contact_withheld) {
            inv[i].email = "";
            inv[i].email_withheld = true;
        }
    }
}

/* The audit entry's detail: the fields that changed, never their values. */
static const char *changed_fields(struct bp_arena *a, const struct bp_protection *was,
                                  const struct bp_protection *now)
{
    const char *d = "";
#define CHANGED(m, n) (was->n != now->n || memcmp(was->m, now->m, now->n * sizeof(now->m[0])) != 0)
    if (was->child != now->child)
        d = "protection.child";
    if (CHANGED(child_from, n_child_from))
        d = bp_arena_printf(a, "%s%sprotection.child_from", d, *d ? " " : "");
    if (CHANGED(guardians, n_guardians))
        d = bp_arena_printf(a, "%s%sprotection.guardians", d, *d ? " " : "");
    if (CHANGED(guardians_from, n_guardians_from))
        d = bp_arena_printf(a, "%s%sprotection.guardians_from", d, *d ? " " : "");
#undef CHANGED
    return d;
}

enum bp_err bp_uc_protection_set(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                 int64_t case_id, const struct bp_protection_input *in,
                                 struct bp_field_errors *errs)
{
    struct bp_unit u;
    struct bp_child child;
    struct bp_guardian *g = NULL;
    struct bp_protection was, now;
    size_t n = 0, i;
    enum bp_err rc = bp_unit_open_change(&u, s, a, actor, case_id, "update", "protection", BP_ACCESS_INTAKE,
                                         errs, "protection.child");
    if (rc != BP_OK)
        return rc;
    if ((rc = bp_child_get(s, a, u.ca.kase.child_id, &child)) != BP_OK ||
        (rc = bp_guardian_list(s, a, u.ca.kase.child_id, &g, &n)) != BP_OK ||
        (rc = bp_protection_validate(in, g, n, &now, errs)) != BP_OK)
        return rc;
    bp_protection_of(&child, g, n, &was);
    bp_protection_apply(&now, &child, g, n);
    child.protected_any = bp_protected_any(&child, g, n);
    u.audit.detail = changed_fields(a, &was, &now);
    if ((rc = bp_unit_begin(&u)) != BP_OK)
        return rc;
    rc = bp_child_protection_set(s, &child);
    for (i = 0; i < n && rc == BP_OK; i++)
        rc = bp_guardian_protection_set(s, &g[i]);
    bp_unit_event(&u, u.ca.d.via_org_id, "protection_changed", NULL); /* that, never what */
    return bp_unit_finish(&u, rc);
}
