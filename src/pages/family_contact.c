/* family_contact.c: a guardian's own phone and e-mail on the family pages (issue 10 item 3,
 * docs/family-access.md guardians.own_contact): GET /family/cases/{id}/contact shows the form (or, when the
 * login is older than BP_FAMILY_FRESH_SECONDS, asks to log in again), POST saves through
 * app/family_contact.c. Any other member, and any foreign case, answers 404 as a missing page. */
#include "pages/pages.h"
#include "domain/family.h"

/* The page, with the form as stored (typed NULL) or as typed with its errors. */
static void contact_page(struct bp_ctx *c, int status, const struct bp_family_case_view *v,
                         const struct bp_guardian_input *typed, const struct bp_field_errors *errs)
{
    struct bp_arena *a = &c->arena;
    struct bp_tv *d = bp_tv_obj(a);
    struct bp_form_src src = {.typed = typed != NULL, .stored = typed ? NULL : v->who.own, .input = typed};
    bp_tv_set_int(a, d, "case_id", v->kase.id);
    bp_tv_set_bool(a, d, "protected_marker", v->who.marker); /* issue 10 item 10 */
    bp_tv_set_bool(a, d, "fresh", bp_family_login_fresh(&c->actor, c->session.created_at));
    bp_tv_set(a, d, "form", bp_form_view(c, &bp_record_own_contact, &src, errs, NULL, NULL));
    bp_tv_set(a, d, "errors", bp_form_summary(c, errs));
    bp_tv_set_bool(a, d, "has_errors", errs && errs->count > 0);
    bp_tv_set(a, d, "page", bp_page_ctx(c, N_("Dina kontaktuppgifter")));
    bp_render(c, status, "family_contact", d);
}

/* The case as the member sees it, read and audited; false (answered) unless the member is a guardian who
 * may change their own contact details here. */
static bool load(struct bp_ctx *c, struct bp_family_case_view *v, struct bp_audit *audit)
{
    enum bp_err rc = bp_uc_family_case(c->w->store, &c->arena, &c->actor, c->params[0], "contact", v, audit);
    if (rc == BP_OK &&
        (!v->who.own || v->kase.status != BP_CASE_OPEN ||
         !bp_family_may_change(BP_FI_GUARDIANS_OWN_CONTACT, (enum bp_family_role)v->who.role,
                               (struct bp_family_scope){.own = true, .invited = true, .shared = true}))) {
        audit->action = "denied"; /* a page this member does not have: as if it did not exist */
        rc = BP_ERR_NOT_FOUND;
    }
    return !bp_read_failed(c, rc, audit);
}

void bp_h_family_contact_form(struct bp_ctx *c)
{
    struct bp_family_case_view v;
    struct bp_audit audit;
    if (!load(c, &v, &audit))
        return;
    contact_page(c, 200, &v, NULL, NULL);
    bp_audit_then_respond(c, &audit);
}

void bp_h_family_contact(struct bp_ctx *c)
{
    struct bp_guardian_input in = {0};
    struct bp_field_errors errs = {0};
    struct bp_family_case_view v;
    struct bp_audit audit;
    enum bp_err rc;
    bp_form_read(c, &bp_record_own_contact, &in);
    rc = bp_uc_family_contact_save(c->w->store, &c->arena, &c->actor, c->params[0], c->session.created_at,
                                   &in, &errs);
    if (rc == BP_OK) {
        bp_redirect(c, bp_arena_printf(&c->arena, "/family/cases/%lld?saved=contact#own-title",
                                       (long long)c->params[0]));
        return;
    }
    if (rc != BP_ERR_INVALID) {
        bp_failed(c, rc);
        return;
    }
    if (!load(c, &v, &audit))
        return;
    contact_page(c, 422, &v, &in, &errs);
    bp_audit_then_respond(c, &audit);
}
