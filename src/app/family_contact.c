/* family_contact.c: a guardian changes their own phone and e-mail (issue 10 item 3, docs/family-access.md
 * guardians.own_contact, change:own), so that notices and one-time links reach them. Product choice (the
 * table's row): only within BP_FAMILY_FRESH_SECONDS of logging in, since the e-mail address is a way in
 * (a link by e-mail, issue 10 item 2); audited; the old address is told by e-mail; the case's timeline says
 * that it happened, never what. Must not hold a text users see. */
#include "app/app_impl.h"
#include "domain/family.h"
#include "domain/fields.h"

bool bp_family_login_fresh(const struct bp_actor *actor, int64_t logged_in_at)
{
    return logged_in_at > 0 && actor->now - logged_in_at <= BP_FAMILY_FRESH_SECONDS;
}

enum bp_err bp_uc_family_contact_save(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                      int64_t case_id, int64_t logged_in_at,
                                      const struct bp_guardian_input *in, struct bp_field_errors *errs)
{
    struct bp_family_case_view v;
    struct bp_guardian g;
    struct bp_unit u;
    const char *old_email;
    enum bp_err rc;

    errs->count = 0;
    rc = bp_unit_open_family(&u, s, a, actor, case_id, "update", "guardian", BP_FI_GUARDIANS_OWN_CONTACT, &v);
    if (rc == BP_OK && !v.who.own) { /* change:own: a guardian's own row */
        rc = bp_unit_deny(&u, "family:not_own");
        if (rc == BP_OK)
            rc = BP_ERR_FORBIDDEN;
    }
    if (rc != BP_OK) /* refused and on record; the page is not this member's at all: as if it did not exist */
        return rc == BP_ERR_FORBIDDEN ? BP_ERR_NOT_FOUND : rc;
    if (!bp_family_login_fresh(actor, logged_in_at)) {
        bp_field_errors_add(errs, "guardians.email", "login_again");
        return BP_ERR_INVALID;
    }
    bp_check_text(errs, "guardians.phone", in->phone, BP_MAX_SHORT_TEXT, false);
    bp_check_email(errs, "guardians.email", in->email);
    if (errs->count)
        return BP_ERR_INVALID;
    g = *v.who.own;
    old_email = g.email;
    g.phone = in->phone ? in->phone : "";
    g.email = in->email ? in->email : "";
    u.audit.detail = bp_arena_printf(a, "family:%s own contact", bp_family_role_codes[v.who.role]);
    if ((rc = bp_unit_begin(&u)) != BP_OK)
        return rc;
    rc = bp_guardian_contact_set(s, &g);
    bp_unit_event(&u, 0, "guardian_contact_changed", NULL);
    if (rc == BP_OK && old_email && *old_email && strcmp(old_email, g.email) != 0)
        rc = bp_app_mail_family_link(s, a, actor, case_id, old_email, "contact_changed", "/family/login");
    return bp_unit_finish(&u, rc);
}
