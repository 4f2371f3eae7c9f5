/* session.c: pages around the session: the front door, health, language switch, login, logout, and one's
 * own password changed. */
#include "pages/pages.h"
#include "util/limits.h"
#include "domain/form_inputs.h"

/* A local path to return to after login or a language switch; anything else becomes "/cases". */
static const char *safe_next(const char *next)
{
    const unsigned char *p;
    if (!next || next[0] != '/' || next[1] == '/' || strlen(next) > BP_MAX_REQUEST_TARGET)
        return "/cases";
    /* browsers drop tabs and newlines from URLs ("/\t/evil" is "//evil"), and a control character
     * has no place in a Location header: refuse them all, and backslashes anywhere */
    for (p = (const unsigned char *)next; *p; p++)
        if (*p < 0x20 || *p == 0x7F || *p == '\\')
            return "/cases";
    return next;
}

void bp_h_root(struct bp_ctx *c)
{
    bp_redirect(c, !c->logged_in ? "/login" : c->user.family_child_id ? "/family" : "/cases");
}

/* "ok", or 503 once this worker's store has stopped writing after an I/O error (the fsync rule). */
void bp_h_health(struct bp_ctx *c)
{
    c->content_type = "text/plain; charset=utf-8";
    if (bp_app_writes_stopped(c->w->store)) {
        c->status = 503;
        bp_buf_adds(&c->body,
                    "writes stopped: the database reported an I/O error; restart after checking the disk\n");
        return;
    }
    bp_buf_adds(&c->body, "ok\n");
}

/* The way of working, for everyone (no personal data): both regional models, the steps, the principles
 * and the legal basis (requirements section 0 and 13). */
void bp_h_about(struct bp_ctx *c)
{
    struct bp_tv *d = bp_tv_obj(&c->arena);
    bp_render_page(c, "about", N_("Om arbetssättet"), d);
}

/* The language switch: the cookie (bp_lang_remember), and with `keep` a family member's choice on their
 * account too (issue 10 item 11: for every device they log in on). */
static void lang_switch(struct bp_ctx *c, bool keep)
{
    int lang = bp_lang_from_code(bp_form_get(&c->form, "l"));
    bp_lang_remember(c, lang); /* an unknown code: no change */
    if (keep && lang >= 0 && c->logged_in && c->user.family_child_id &&
        bp_failed(c, bp_uc_family_set_lang(c->w->store, &c->actor, bp_languages[lang].code)))
        return;
    bp_redirect(c, safe_next(bp_form_get(&c->form, "next")));
}

/* The language chooser's links (layout_head.html): /lang?l=<code>&next=<this page>. A GET changes no state
 * on the server (issue 11 item 8): only the cookie. */
void bp_h_lang(struct bp_ctx *c)
{
    lang_switch(c, false);
}

/* A family member's chooser is a form (layout_head.html): POST /lang keeps the choice on the account. */
void bp_h_lang_keep(struct bp_ctx *c)
{
    lang_switch(c, true);
}

const char *bp_login_csrf_new(struct bp_ctx *c)
{
    char pre[BP_TOKEN_LEN + 1];
    bp_token_new(pre);
    bp_set_cookie(c, "bp_login", pre, 3600);
    return bp_arena_strdup(&c->arena, pre);
}

bool bp_login_csrf_ok(struct bp_ctx *c)
{
    const char *pre = bp_cookie(c, "bp_login");
    if (pre && bp_token_equal(pre, bp_form_get(&c->form, "login_csrf")))
        return true;
    /* V16.3.3: on record; the refusal stands whether or not the entry could be written */
    (void)bp_uc_request_refused(c->w->store, &c->actor, "csrf", c->route->name);
    return false;
}

void bp_session_begin(struct bp_ctx *c, const struct bp_login_result *r, const char *next)
{
    /* a new session id at every login; the old cookie (if any) is simply replaced */
    bp_set_cookie(c, "bp_session", bp_arena_strdup(&c->arena, r->token), BP_SESSION_ABSOLUTE_SECONDS);
    bp_set_cookie(c, "bp_login", "", 0);
    bp_redirect(c, next);
}

/* The login form, its fields from domain/forms_case.c's table; a refusal is one notice above them that
 * the username field points to (never which of the two was wrong). */
static void login_page(struct bp_ctx *c, int status, const struct bp_login_input *in, const char *error_code)
{
    struct bp_arena *a = &c->arena;
    struct bp_tv *d = bp_tv_obj(a), *form;
    const struct bp_form_src src = {.input = in};
    const char *next = bp_form_get(&c->form, "next");
    bp_tv_set(a, d, "page", bp_page_ctx(c, "Logga in"));
    bp_tv_set_str(a, d, "login_csrf", bp_login_csrf_new(c));
    bp_tv_set_str(a, d, "next", safe_next(next));
    form = bp_form_view(c, &bp_record_login, &src, NULL, NULL, NULL);
    if (error_code) {
        bp_tv_set_str(a, d, "error", bp_error_text(c->lang, error_code));
        bp_tv_set_str(a, (struct bp_tv *)bp_tv_get(form, "username"), "describedby", "login-error");
    }
    bp_tv_set(a, d, "login", form);
    if (bp_app_oidc_name(BP_OIDC_STAFF))
        bp_tv_set_str(a, d, "oidc", bp_app_oidc_name(BP_OIDC_STAFF)); /* the button: "Logga in med SITHS" */
    bp_render(c, status, "login", d);
}

void bp_h_login_form(struct bp_ctx *c)
{
    if (c->logged_in) {
        bp_redirect(c, "/cases");
        return;
    }
    login_page(c, 200, NULL, NULL);
}

void bp_h_login(struct bp_ctx *c)
{
    struct bp_login_input in = {0};
    struct bp_login_result r;
    enum bp_err rc;

    bp_form_read(c, &bp_record_login, &in);
    if (!bp_login_csrf_ok(c)) {
        login_page(c, 403, &in, "csrf");
        return;
    }
    rc = bp_uc_login(c->w->store, &c->arena, in.username, in.password, &c->actor, &r);
    if (rc == BP_ERR_UNAUTHENTICATED || rc == BP_ERR_THROTTLED) {
        login_page(c, rc == BP_ERR_THROTTLED ? 429 : 401, &in,
                   rc == BP_ERR_THROTTLED ? "throttled" : "login");
        return;
    }
    if (bp_failed(c, rc))
        return;
    bp_set_cookie(c, "bp_device", bp_arena_strdup(&c->arena, r.device), BP_LOGIN_DEVICE_SECONDS);
    bp_session_begin(c, &r, safe_next(bp_form_get(&c->form, "next")));
}

enum bp_err bp_oidc_redirect(struct bp_ctx *c, enum bp_oidc_for who, const char *cookie)
{
    char state[BP_TOKEN_LEN + 1];
    const char *url;
    enum bp_err rc = bp_uc_oidc_start(c->w->store, &c->arena, &c->actor, who, &url, state);
    if (rc != BP_OK)
        return rc;
    bp_set_cookie(c, cookie, bp_arena_strdup(&c->arena, state), BP_OIDC_PENDING_SECONDS);
    bp_redirect(c, url);
    return BP_OK;
}

/* GET /login/oidc: to the identity provider; the state comes back in the browser's short cookie too. */
void bp_h_login_oidc(struct bp_ctx *c)
{
    enum bp_err rc = bp_oidc_redirect(c, BP_OIDC_STAFF, "bp_oidc");
    if (rc == BP_ERR_UNAVAILABLE)
        login_page(c, 503, NULL, "oidc_unavailable");
    else if (rc != BP_OK)
        bp_failed(c, rc);
}

/* GET /login/oidc/callback: the provider's answer; a session like a password login's, or the login page
 * saying why not (an identity no account is linked to has words of its own). */
void bp_h_login_oidc_callback(struct bp_ctx *c)
{
    const struct bp_oidc_return in = {bp_form_get(&c->form, "state"), bp_form_get(&c->form, "code"),
                                      bp_form_get(&c->form, "error"), bp_cookie(c, "bp_oidc")};
    struct bp_login_result r;
    const char *why = NULL;
    enum bp_err rc = bp_uc_oidc_callback(c->w->store, &c->arena, &c->actor, &in, &r, &why);

    bp_set_cookie(c, "bp_oidc", "", 0);
    if (rc == BP_ERR_THROTTLED) {
        login_page(c, 429, NULL, "throttled");
        return;
    }
    if (rc == BP_ERR_UNAUTHENTICATED) {
        login_page(c, 403, NULL, why && strcmp(why, "unknown") == 0 ? "oidc_unknown" : "oidc_failed");
        return;
    }
    if (bp_failed(c, rc))
        return;
    bp_session_begin(c, &r, "/cases");
}

static void logout(struct bp_ctx *c, bool everywhere)
{
    enum bp_err rc = bp_uc_logout(c->w->store, &c->actor, c->session.id, everywhere);
    if (bp_failed(c, rc))
        return;
    bp_set_cookie(c, "bp_session", "", 0);
    bp_redirect(c, c->user.family_child_id ? "/family/login" : "/login");
}

void bp_h_logout(struct bp_ctx *c)
{
    logout(c, false);
}

void bp_h_logout_everywhere(struct bp_ctx *c)
{
    logout(c, true);
}

/* ---- ASVS V6.2.2, V6.2.3: the logged-in professional changes their own password ---- */

static void password_page(struct bp_ctx *c, int status, bool exists,
                          const struct bp_password_change_input *in, const struct bp_field_errors *errs)
{
    struct bp_arena *a = &c->arena;
    struct bp_tv *d = bp_tv_obj(a), *summary = bp_tv_list(a);
    bp_tv_set(a, d, "page", bp_page_ctx(c, N_("Byt lösenord")));
    bp_tv_set_bool(a, d, "has_password", exists);
    bp_tv_set_bool(a, d, "no_password", !exists);
    bp_tv_set_bool(a, d, "saved", exists && status == 200 && bp_form_get(&c->form, "saved") != NULL);
    if (exists)
        bp_tv_set(a, d, "change",
                  bp_form_view(c, &bp_record_password_change, &(struct bp_form_src){.input = in}, errs, NULL,
                               NULL));
    bp_form_summary_at(c, &bp_record_password_change, BP_NO_INDEX, errs, summary);
    bp_tv_set(a, d, "errors", summary);
    bp_tv_set_bool(a, d, "has_errors", errs && errs->count > 0);
    bp_render(c, status, "password", d);
}

/* GET /account/password: the form, or for an account that logs in only through the identity provider the
 * plain explanation that there is no password here to change. */
void bp_h_password_form(struct bp_ctx *c)
{
    bool exists = false;
    if (!bp_failed(c, bp_uc_own_password_exists(c->w->store, &c->arena, &c->actor, &exists)))
        password_page(c, 200, exists, NULL, NULL);
}

/* POST /account/password: changed, every other session ended and this browser in a new one; or the form
 * again with its errors beside the fields, the passwords never drawn back. */
void bp_h_password_change(struct bp_ctx *c)
{
    struct bp_password_change_input in = {0};
    struct bp_field_errors errs = {0};
    struct bp_login_result r;
    enum bp_err rc;

    bp_form_read(c, &bp_record_password_change, &in);
    rc = bp_uc_own_password_change(c->w->store, &c->arena, &c->actor, in.current_password, in.password,
                                   in.password_again, &errs, &r);
    in.current_password = in.password = in.password_again = ""; /* a password is never drawn back */
    if (rc == BP_ERR_INVALID) {
        const char *current = bp_field_errors_find(&errs, "current_password");
        password_page(c, current && strcmp(current, "throttled") == 0 ? 429 : 422, true, &in, &errs);
        return;
    }
    if (rc == BP_ERR_CONFLICT) {
        password_page(c, 409, false, NULL, NULL);
        return;
    }
    if (bp_failed(c, rc))
        return;
    bp_set_cookie(c, "bp_session", bp_arena_strdup(&c->arena, r.token), BP_SESSION_ABSOLUTE_SECONDS);
    bp_redirect(c, "/account/password?saved=1#saved");
}
