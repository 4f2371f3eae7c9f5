/* staff.c: administration in the browser (issue 10 item 9): the administration's front page, the
 * organisations (the installation's administrator), an organisation's staff (its administrator: invite,
 * withdraw or send an invitation again, role, disable and enable, remove from the organisation after a
 * confirmation) and the invited colleague's page that sets a password. Thin: the use cases are in
 * app/staff.c; the forms are the tables of domain/forms_admin.c. */
#include "pages/pages.h"
#include "domain/checks.h"
#include "domain/form_inputs.h"

/* GET /admin: what the user may administer; nobody else has anything here. */
void bp_h_admin_home(struct bp_ctx *c)
{
    struct bp_arena *a = &c->arena;
    struct bp_tv *d = bp_tv_obj(a), *orgs = bp_tv_list(a);
    size_t i;
    for (i = 0; i < c->user.n_orgs; i++) {
        struct bp_tv *o;
        if (c->user.orgs[i].role != BP_ROLE_ORG_ADMIN)
            continue;
        o = bp_tv_obj(a);
        bp_tv_set_int(a, o, "id", c->user.orgs[i].org_id);
        bp_tv_set_str(a, o, "name", c->user.orgs[i].org_name);
        bp_tv_push(a, orgs, o);
    }
    if (!c->user.is_admin && !bp_user_first_admin_org(&c->user)) {
        bp_fail(c, BP_ERR_FORBIDDEN);
        return;
    }
    bp_tv_set(a, d, "orgs", orgs);
    bp_tv_set_bool(a, d, "has_orgs", bp_user_first_admin_org(&c->user) != 0);
    bp_render_page(c, "admin", N_("Administration"), d);
}

/* The organisations and the form that adds one (as typed, with its messages, after a failed save). */
static void render_orgs(struct bp_ctx *c, int status, const struct bp_org_input *in,
                        const struct bp_field_errors *errs)
{
    struct bp_arena *a = &c->arena;
    struct bp_tv *d = bp_tv_obj(a), *list = bp_tv_list(a), *summary = bp_tv_list(a);
    struct bp_org *orgs;
    size_t n, i;
    if (bp_failed(c, bp_uc_admin_orgs(c->w->store, a, &c->actor, &orgs, &n)))
        return;
    for (i = 0; i < n; i++) {
        struct bp_tv *o = bp_tv_obj(a);
        bp_tv_set_int(a, o, "id", orgs[i].id);
        bp_tv_set_str(a, o, "name", orgs[i].name);
        bp_tv_set_str(a, o, "kind", bp_label(c->lang, "org_kind", bp_org_kind_codes[orgs[i].kind]));
        bp_tv_set_str(a, o, "principal",
                      bp_label(c->lang, "principal", bp_principal_codes[orgs[i].principal]));
        bp_tv_set_str(a, o, "municipality", orgs[i].municipality ? orgs[i].municipality : "");
        bp_tv_push(a, list, o);
    }
    bp_tv_set(a, d, "page", bp_page_ctx(c, N_("Verksamheter")));
    bp_tv_set(a, d, "orgs", list);
    bp_tv_set(a, d, "org",
              bp_form_view(c, &bp_record_org, &(struct bp_form_src){.input = in}, errs, NULL, NULL));
    bp_form_summary_at(c, &bp_record_org, BP_NO_INDEX, errs, summary);
    bp_tv_set(a, d, "errors", summary);
    bp_tv_set_bool(a, d, "has_errors", errs && errs->count > 0);
    bp_render(c, status, "admin_orgs", d);
}

void bp_h_admin_orgs(struct bp_ctx *c)
{
    render_orgs(c, 200, NULL, NULL);
}

void bp_h_admin_org_create(struct bp_ctx *c)
{
    struct bp_org_input in = {0};
    struct bp_field_errors errs = {0};
    int64_t id = 0;
    enum bp_err rc;
    bp_form_read(c, &bp_record_org, &in);
    rc = bp_uc_org_save(c->w->store, &c->actor, 0, &in, &errs, &id);
    if (rc == BP_ERR_INVALID)
        render_orgs(c, 422, &in, &errs);
    else if (!bp_failed(c, rc))
        bp_redirect(c, bp_arena_printf(&c->arena, "/admin/orgs/%lld?saved=created", (long long)id));
}

/* Which of the organisation page's forms a failed write was (with its input and messages), and for a
 * member's role, whose. */
struct org_form {
    const struct bp_record_def *rec;
    const void *in;
    const struct bp_field_errors *errs;
    int64_t user_id;
};

static struct bp_tv *members_tv(struct bp_ctx *c, const struct bp_staff_view *v, const struct org_form *f)
{
    struct bp_arena *a = &c->arena;
    struct bp_tv *list = bp_tv_list(a);
    size_t i;
    for (i = 0; i < v->n; i++) {
        const struct bp_staff_member *m = &v->members[i];
        bool failed = f->rec == &bp_record_staff_role && f->user_id == m->user_id;
        struct bp_staff_role_input role = {bp_role_codes[m->role]};
        struct bp_tv *o = bp_tv_obj(a);
        const char *inst = bp_id_text(a, m->user_id);
        bp_tv_set_int(a, o, "id", m->user_id);
        bp_tv_set_str(a, o, "name", m->display_name);
        bp_tv_set_str(a, o, "username", m->username);
        bp_tv_set_str(a, o, "email", m->email ? m->email : "");
        bp_tv_set_str(a, o, "role", bp_label(c->lang, "role", bp_role_codes[m->role]));
        bp_tv_set_bool(a, o, "disabled", m->disabled);
        bp_tv_set_bool(a, o, "invited", m->invited);
        bp_tv_set_bool(a, o, "lapsed", m->unaccepted && !m->invited); /* withdrawn or expired: send again */
        bp_tv_set_bool(a, o, "self", m->user_id == c->user.id);
        bp_tv_set(a, o, "role_form",
                  bp_form_view(c, &bp_record_staff_role,
                               &(struct bp_form_src){.input = failed ? f->in : &role, .instance = inst},
                               failed ? f->errs : NULL, NULL, NULL));
        bp_tv_push(a, list, o);
    }
    return list;
}

/* What the last write did, as the redirect's `saved` names it: one notice of its own each. */
static void saved_tv(struct bp_ctx *c, struct bp_tv *d)
{
    static const char *const kinds[] = {"created",   "renamed", "invited", "role",   "disabled",
                                        "withdrawn", "resent",  "enabled", "removed"};
    int k = BP_CODE_FIND(kinds, bp_form_get(&c->form, "saved"));
    if (k >= 0) {
        bp_tv_set_bool(&c->arena, d, "saved", true);
        bp_tv_set_bool(&c->arena, d, bp_arena_printf(&c->arena, "saved_%s", kinds[k]), true);
    }
}

/* An organisation's page: its staff, the invitation's form, and for the installation's administrator the
 * organisation's own form. */
static void render_org(struct bp_ctx *c, int status, const struct org_form *f)
{
    struct bp_arena *a = &c->arena;
    struct bp_staff_view v;
    struct bp_audit audit;
    struct bp_tv *d = bp_tv_obj(a), *summary = bp_tv_list(a);
    struct bp_org_input stored;
    enum bp_err rc = bp_uc_staff_view(c->w->store, a, &c->actor, c->params[0], &v, &audit);
    if (bp_read_failed(c, rc, &audit))
        return;
    stored = (struct bp_org_input){v.org.name, bp_org_kind_codes[v.org.kind],
                                   bp_principal_codes[v.org.principal], v.org.municipality};
    bp_tv_set(a, d, "page", bp_page_ctx(c, N_("Verksamhetens personal")));
    bp_tv_set_int(a, d, "org_id", v.org.id);
    bp_tv_set_str(a, d, "org_name", v.org.name);
    bp_tv_set(a, d, "members", members_tv(c, &v, f));
    bp_tv_set(a, d, "invite",
              bp_form_view(c, &bp_record_invite,
                           &(struct bp_form_src){.input = f->rec == &bp_record_invite ? f->in : NULL},
                           f->rec == &bp_record_invite ? f->errs : NULL, NULL, NULL));
    bp_tv_set_bool(a, d, "may_rename", c->user.is_admin);
    bp_tv_set(a, d, "org",
              bp_form_view(c, &bp_record_org,
                           &(struct bp_form_src){.input = f->rec == &bp_record_org ? f->in : &stored},
                           f->rec == &bp_record_org ? f->errs : NULL, NULL, NULL));
    if (f->rec)
        bp_form_summary_at(c, f->rec, BP_NO_INDEX, f->errs, summary);
    bp_tv_set(a, d, "errors", summary);
    bp_tv_set_bool(a, d, "has_errors", f->errs && f->errs->count > 0);
    saved_tv(c, d);
    bp_render(c, status, "admin_org", d);
    bp_audit_then_respond(c, &audit);
}

void bp_h_admin_org(struct bp_ctx *c)
{
    render_org(c, 200, &(struct org_form){0});
}

/* After a write on the organisation's page: the page again with its messages, or back to it saying what
 * was done. */
static void org_after(struct bp_ctx *c, enum bp_err rc, const struct org_form *f, const char *saved)
{
    if (rc == BP_ERR_INVALID || (rc == BP_ERR_CONFLICT && f->errs->count))
        render_org(c, rc == BP_ERR_INVALID ? 422 : 409, f);
    else if (!bp_failed(c, rc))
        bp_redirect(c,
                    bp_arena_printf(&c->arena, "/admin/orgs/%lld?saved=%s", (long long)c->params[0], saved));
}

void bp_h_admin_org_rename(struct bp_ctx *c)
{
    struct bp_org_input in = {0};
    struct bp_field_errors errs = {0};
    int64_t id;
    bp_form_read(c, &bp_record_org, &in);
    org_after(c, bp_uc_org_save(c->w->store, &c->actor, c->params[0], &in, &errs, &id),
              &(struct org_form){&bp_record_org, &in, &errs, 0}, "renamed");
}

void bp_h_admin_invite(struct bp_ctx *c)
{
    struct bp_invite_input in = {0};
    struct bp_field_errors errs = {0};
    bp_form_read(c, &bp_record_invite, &in);
    org_after(c, bp_uc_staff_invite(c->w->store, &c->arena, &c->actor, c->params[0], &in, &errs),
              &(struct org_form){&bp_record_invite, &in, &errs, 0}, "invited");
}

void bp_h_admin_staff_role(struct bp_ctx *c)
{
    struct bp_staff_role_input in = {0};
    struct bp_field_errors errs = {0};
    bp_form_read(c, &bp_record_staff_role, &in);
    org_after(
        c,
        bp_uc_staff_set_role(c->w->store, &c->arena, &c->actor, c->params[0], c->params[1], in.role, &errs),
        &(struct org_form){&bp_record_staff_role, &in, &errs, c->params[1]}, "role");
}

/* A button on a member's row (disable, enable, the invitation's withdraw and resend): the use case on the
 * organisation c->params[0] and its member c->params[1], with no form; `saved` says what was done. */
typedef enum bp_err (*staff_action_fn)(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                       int64_t org_id, int64_t user_id);

static void staff_action(struct bp_ctx *c, staff_action_fn action, const char *saved)
{
    struct bp_field_errors errs = {0};
    org_after(c, action(c->w->store, &c->arena, &c->actor, c->params[0], c->params[1]),
              &(struct org_form){NULL, NULL, &errs, 0}, saved);
}

void bp_h_admin_staff_disable(struct bp_ctx *c)
{
    staff_action(c, bp_uc_staff_disable, "disabled");
}

void bp_h_admin_staff_enable(struct bp_ctx *c)
{
    staff_action(c, bp_uc_staff_enable, "enabled");
}

void bp_h_admin_invite_withdraw(struct bp_ctx *c)
{
    staff_action(c, bp_uc_staff_invite_withdraw, "withdrawn");
}

void bp_h_admin_invite_resend(struct bp_ctx *c)
{
    staff_action(c, bp_uc_staff_invite_resend, "resent");
}

/* The removal's confirmation: who, what it means, one button; with the reason after a refusal. */
static void render_remove(struct bp_ctx *c, int status, const struct bp_field_errors *errs)
{
    struct bp_arena *a = &c->arena;
    struct bp_staff_view v;
    const struct bp_staff_member *m;
    struct bp_audit audit;
    struct bp_tv *d = bp_tv_obj(a);
    if (bp_failed(c,
                  bp_uc_staff_member(c->w->store, a, &c->actor, c->params[0], c->params[1], &v, &m, &audit)))
        return;
    bp_tv_set(a, d, "page", bp_page_ctx(c, N_("Ta bort från verksamheten")));
    bp_tv_set_int(a, d, "org_id", v.org.id);
    bp_tv_set_str(a, d, "org_name", v.org.name);
    bp_tv_set_int(a, d, "id", m->user_id);
    bp_tv_set_str(a, d, "name", m->display_name);
    bp_tv_set_str(a, d, "username", m->username);
    bp_tv_set_str(a, d, "role", bp_label(c->lang, "role", bp_role_codes[m->role]));
    bp_tv_set_bool(a, d, "self", m->user_id == c->user.id);
    if (errs && errs->count)
        bp_tv_set_str(a, d, "error", bp_field_error_text(c->lang, errs->items[0].field, errs->items[0].code));
    bp_render(c, status, "admin_remove", d);
    bp_audit_then_respond(c, &audit);
}

/* GET /admin/orgs/{id}/staff/{id}/remove: asks first (an audited read of the member). */
void bp_h_admin_staff_remove_form(struct bp_ctx *c)
{
    render_remove(c, 200, NULL);
}

/* POST /admin/orgs/{id}/staff/{id}/remove: the membership ends; back to the staff, or (one who removed
 * themselves) to their cases; the last administrator is told why not on the confirmation. */
void bp_h_admin_staff_remove(struct bp_ctx *c)
{
    struct bp_field_errors errs = {0};
    enum bp_err rc = bp_uc_staff_remove(c->w->store, &c->arena, &c->actor, c->params[0], c->params[1], &errs);
    if (rc == BP_ERR_CONFLICT && errs.count)
        render_remove(c, 409, &errs);
    else if (!bp_failed(c, rc) && c->params[1] == c->user.id)
        bp_redirect(c, "/cases");
    else if (rc == BP_OK)
        bp_redirect(c, bp_arena_printf(&c->arena, "/admin/orgs/%lld?saved=removed", (long long)c->params[0]));
}

/* ---- the invited colleague (public: the link is the key) ---- */

/* The invitation's page: the form (the token, a password twice, or the provider), with the organisation's
 * name once a token in the body was found; or, `dead`, the token does not work. */
static void render_invite(struct bp_ctx *c, int status, bool dead, const char *org_name,
                          const struct bp_invite_accept_input *in, const struct bp_field_errors *errs)
{
    struct bp_arena *a = &c->arena;
    struct bp_tv *d = bp_tv_obj(a), *summary = bp_tv_list(a);
    bp_tv_set(a, d, "page", bp_page_ctx(c, dead ? N_("Länken fungerar inte") : N_("Välj ditt lösenord")));
    bp_tv_set_bool(a, d, "dead", dead);
    if (!dead) {
        if (org_name) /* once a token in the body was found */
            bp_tv_set_str(a, d, "org_name", org_name);
        bp_tv_set(a, d, "accept",
                  bp_form_view(c, &bp_record_invite_accept,
                               &(struct bp_form_src){.input = in, .typed = in != NULL}, errs, NULL, NULL));
        if (bp_app_oidc_name(BP_OIDC_STAFF)) /* or the region's login, linked to the account on first use */
            bp_tv_set_str(a, d, "oidc", bp_app_oidc_name(BP_OIDC_STAFF));
    }
    bp_form_summary_at(c, &bp_record_invite_accept, BP_NO_INDEX, errs, summary);
    bp_tv_set(a, d, "errors", summary);
    bp_tv_set_bool(a, d, "has_errors", errs && errs->count > 0);
    bp_render(c, status, "invite", d);
}

/* GET /invite: the empty form. The e-mail's link carries the token after '#' (/invite#kod=..., never sent:
 * OWASP ASVS V14.2.1) and static/code.js fills it in; a token in the query is never read. Nothing is used
 * up by opening the page (mail scanners open links). */
void bp_h_invite_form(struct bp_ctx *c)
{
    render_invite(c, 200, false, NULL, NULL, NULL);
}

/* POST /invite: the token from the body; the password set, the invitation used up, and logged in as after a
 * password login. */
void bp_h_invite_accept(struct bp_ctx *c)
{
    struct bp_invite_accept_input in = {0};
    struct bp_field_errors errs = {0};
    struct bp_login_result r;
    const char *org_name = NULL;
    enum bp_err rc;
    bp_form_read(c, &bp_record_invite_accept, &in);
    if (!in.token || !*in.token) { /* nothing pasted: said beside the field, the form kept */
        bp_field_errors_add(&errs, "token", "required");
        in.password = in.password_again = "";
        render_invite(c, 422, false, NULL, &in, &errs);
        return;
    }
    rc = bp_uc_invite_accept(c->w->store, &c->arena, &c->actor, in.token, in.password, in.password_again,
                             &errs, &r);
    if (rc == BP_ERR_INVALID &&
        bp_uc_invite_check(c->w->store, &c->arena, &c->actor, in.token, &org_name) == BP_OK) {
        in.password = in.password_again = ""; /* a password is never drawn back */
        render_invite(c, 422, false, org_name, &in, &errs);
        return;
    }
    if (rc == BP_ERR_NOT_FOUND || rc == BP_ERR_INVALID) {
        render_invite(c, 404, true, NULL, NULL, NULL);
        return;
    }
    if (bp_failed(c, rc))
        return;
    bp_set_cookie(c, "bp_session", bp_arena_strdup(&c->arena, r.token), BP_SESSION_ABSOLUTE_SECONDS);
    bp_redirect(c, "/cases");
}

/* POST /invite/oidc: the invited colleague logs in through the identity provider instead; the callback
 * links that login to the account (app/invite_link.c). */
void bp_h_invite_oidc(struct bp_ctx *c)
{
    char state[BP_TOKEN_LEN + 1];
    const char *url;
    enum bp_err rc = bp_uc_invite_oidc_start(c->w->store, &c->arena, &c->actor,
                                             bp_form_get(&c->form, "token"), &url, state);
    if (rc == BP_ERR_NOT_FOUND) {
        render_invite(c, 404, true, NULL, NULL, NULL);
        return;
    }
    if (bp_failed(c, rc))
        return;
    bp_set_cookie(c, "bp_oidc", bp_arena_strdup(&c->arena, state), BP_OIDC_PENDING_SECONDS);
    bp_redirect(c, url);
}
