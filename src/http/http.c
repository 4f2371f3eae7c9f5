/* http.c: request and response helpers shared by the handlers: cookies, headers, redirects, page
 * rendering, JSON, error pages, and the one mapping from error kinds to HTTP statuses. */
#include <h2o.h>
#include <jansson.h>
#include "http/http.h"
#include "util/limits.h"

const char *bp_header(const struct bp_ctx *c, const char *name)
{
    ssize_t i = h2o_find_header_by_str(&c->req->headers, name, strlen(name), -1);
    if (i < 0)
        return NULL;
    return bp_arena_strndup((struct bp_arena *)&c->arena, c->req->headers.entries[i].value.base,
                            c->req->headers.entries[i].value.len);
}

/* Over TLS (secure_cookies) every cookie is named with the __Host- prefix: the browser then takes it only
 * from this very host, with Secure and Path=/ and no Domain, so that a sibling host cannot plant one. */
static const char *cookie_name(const struct bp_ctx *c, const char *name, char *buf, size_t size)
{
    if (!c->w->site->cfg->secure_cookies)
        return name;
    if ((size_t)snprintf(buf, size, "__Host-%s", name) >= size)
        BUG("cookie name too long");
    return buf;
}

const char *bp_cookie(const struct bp_ctx *c, const char *unprefixed)
{
    char buf[64];
    const char *name = cookie_name(c, unprefixed, buf, sizeof(buf));
    ssize_t i = h2o_find_header(&c->req->headers, H2O_TOKEN_COOKIE, -1);
    size_t nlen = strlen(name);
    for (; i >= 0; i = h2o_find_header(&c->req->headers, H2O_TOKEN_COOKIE, i)) {
        const char *p = c->req->headers.entries[i].value.base;
        const char *end = p + c->req->headers.entries[i].value.len;
        if ((size_t)(end - p) > BP_MAX_COOKIE_BYTES)
            continue;
        while (p < end) {
            const char *semi = memchr(p, ';', (size_t)(end - p)), *eq;
            const char *pair_end = semi ? semi : end;
            while (p < pair_end && *p == ' ')
                p++;
            eq = memchr(p, '=', (size_t)(pair_end - p));
            if (eq && (size_t)(eq - p) == nlen && memcmp(p, name, nlen) == 0)
                return bp_arena_strndup((struct bp_arena *)&c->arena, eq + 1, (size_t)(pair_end - eq - 1));
            p = pair_end + 1;
        }
    }
    return NULL;
}

/* Every cookie is HttpOnly (no script reads any: the pages have none), SameSite=Lax, Path=/, no Domain; with
 * secure_cookies also Secure and named __Host- (cookie_name). */
void bp_set_cookie(struct bp_ctx *c, const char *name, const char *value, int max_age)
{
    char buf[64];
    if (c->n_set_cookies == BP_ARRAY_LEN(c->set_cookies))
        BUG("too many cookies in one response");
    c->set_cookies[c->n_set_cookies++] =
        bp_arena_printf(&c->arena, "%s=%s; Path=/; Max-Age=%d; SameSite=Lax; HttpOnly%s",
                        cookie_name(c, name, buf, sizeof(buf)), value, max_age,
                        c->w->site->cfg->secure_cookies ? "; Secure" : "");
}

void bp_lang_remember(struct bp_ctx *c, int lang)
{
    if (lang < 0 || lang >= BP_LANG_COUNT)
        return;
    c->lang = lang;
    bp_set_cookie(c, "bp_lang", bp_languages[lang].code, 365 * 86400);
}

void bp_redirect(struct bp_ctx *c, const char *location)
{
    c->status = 303;
    c->location = location;
    c->content_type = "text/plain; charset=utf-8";
    bp_buf_reset(&c->body);
}

bool bp_csrf_ok(struct bp_ctx *c)
{
    const char *sent;
    if (!c->logged_in)
        return false;
    if (c->is_api)
        sent = bp_header(c, "x-csrf-token");
    else
        sent = bp_form_get(&c->form, "csrf");
    return sent && bp_token_equal(sent, c->session.csrf_token);
}

/* The language chooser (layout_head.html): every language in its own name, the current one marked; each
 * a link to /lang that comes back to this page, or for a family member a form (POST /lang, with the session's
 * CSRF token) that also keeps the choice on their account: a GET changes nothing on the server. */
static struct bp_tv *languages_tv(struct bp_ctx *c, const char *next)
{
    struct bp_arena *a = &c->arena;
    struct bp_tv *list = bp_tv_list(a);
    int l;
    for (l = 0; l < BP_LANG_COUNT; l++) {
        struct bp_tv *o = bp_tv_obj(a);
        bp_tv_set_str(a, o, "code", bp_languages[l].code);
        bp_tv_set_str(a, o, "name", bp_languages[l].name);
        bp_tv_set_str(a, o, "dir", bp_languages[l].dir);
        bp_tv_set_bool(a, o, "current", l == c->lang);
        bp_tv_set_str(a, o, "href", bp_arena_printf(a, "/lang?l=%s&next=%s", bp_languages[l].code, next));
        if (c->logged_in && c->user.family_child_id) {
            bp_tv_set_bool(a, o, "keep", true);
            bp_tv_set_str(a, o, "csrf", c->session.csrf_token);
            bp_tv_set_str(a, o, "path", c->path);
        }
        bp_tv_push(a, list, o);
    }
    return list;
}

void bp_tv_protected(struct bp_arena *a, struct bp_tv *d, const struct bp_case *k)
{
    bp_tv_set_bool(a, d, "protected_case", k->protected);
    if (k->protected)
        bp_tv_set_str(a, d, "protected_org", k->initiating_org_name);
}

struct bp_tv *bp_page_ctx(struct bp_ctx *c, const char *title_msgid)
{
    struct bp_arena *a = &c->arena;
    struct bp_tv *p = bp_tv_obj(a);
    struct bp_buf *next = bp_arena_buf(a, BP_MAX_REQUEST_TARGET * 3);
    bp_tv_set_str(a, p, "title", bp_tr(c->lang, title_msgid));
    bp_tv_set_str(a, p, "lang", bp_languages[c->lang].code);
    bp_tv_set_str(a, p, "dir", bp_languages[c->lang].dir);
    bp_buf_add_urlenc(next, c->path, strlen(c->path));
    bp_tv_set_str(a, p, "next", bp_buf_str(next));
    bp_tv_set(a, p, "langs", languages_tv(c, bp_buf_str(next)));
    bp_tv_set_bool(a, p, "logged_in", c->logged_in);
    if (c->logged_in) {
        struct bp_tv *u = bp_tv_obj(a), *orgs = bp_tv_list(a);
        size_t i;
        bp_tv_set_bool(a, p, "family", c->user.family_child_id != 0); /* issue 10: the family's own menu */
        bp_tv_set_str(a, u, "display_name", c->user.display_name);
        bp_tv_set_str(a, u, "username", c->user.username);
        bp_tv_set_bool(a, u, "is_admin", c->user.is_admin);
        bp_tv_set_bool(a, u, "survey_results", c->user.is_admin); /* V-12.4: heads and regional staff too */
        bp_tv_set_bool(a, u, "may_administer", c->user.is_admin); /* issue 10 item 9: an org's admin too */
        for (i = 0; i < c->user.n_orgs; i++) {
            bp_tv_push(a, orgs, bp_tv_str(a, c->user.orgs[i].org_name));
            if (c->user.orgs[i].role == BP_ROLE_ORG_ADMIN)
                bp_tv_set_bool(a, u, "may_administer", true);
            if (c->user.orgs[i].role == BP_ROLE_MANAGER || c->user.orgs[i].role == BP_ROLE_REGIONAL)
                bp_tv_set_bool(a, u, "survey_results", true);
        }
        bp_tv_set(a, u, "orgs", orgs);
        bp_tv_set(a, p, "user", u);
        bp_tv_set_str(a, p, "csrf", c->session.csrf_token);
    }
    return p;
}

void bp_render_page(struct bp_ctx *c, const char *name, const char *title_msgid, struct bp_tv *d)
{
    bp_tv_set(&c->arena, d, "page", bp_page_ctx(c, title_msgid));
    bp_render(c, 200, name, d);
}

/* The templates that load static/code.js (a single-use code from the link's fragment into the form, OWASP
 * ASVS V14.2.1). Their pages alone get a Content-Security-Policy that allows this site's scripts
 * (http/server.c); every other page allows none. */
static const char *const code_script_templates[] = {"family_login", "invite", "survey_code"};

void bp_render(struct bp_ctx *c, int status, const char *tmpl, struct bp_tv *data)
{
    const struct bp_tv *page = bp_tv_get(data, "page");
    size_t i;
    c->code_script = false; /* the page drawn last decides (an error page after another) */
    for (i = 0; i < BP_ARRAY_LEN(code_script_templates); i++)
        if (strcmp(tmpl, code_script_templates[i]) == 0)
            c->code_script = true;
    if (!page)
        bp_tv_set(&c->arena, data, "page", bp_page_ctx(c, "Barnplan"));
    c->status = status;
    c->content_type = "text/html; charset=utf-8";
    bp_buf_reset(&c->body);
    bp_tmpl_render(c->w->site->tmpl, tmpl, c->lang, data, &c->body);
}

void bp_json(struct bp_ctx *c, int status, struct json_t *v)
{
    char *s = json_dumps(v, JSON_COMPACT | JSON_ENSURE_ASCII);
    const char *p;
    json_decref(v);
    c->status = status;
    c->content_type = "application/json";
    bp_buf_reset(&c->body);
    if (!s) {
        c->status = 500;
        bp_buf_adds(&c->body, "{\"error\":\"internal\"}");
        return;
    }
    /* < > & ' only ever appear inside JSON strings: write them as \u escapes, so that no JSON answer
     * can be read as markup by anything that sniffs */
    for (p = s; *p; p++) {
        if (*p == '<')
            bp_buf_adds(&c->body, "\\u003c");
        else if (*p == '>')
            bp_buf_adds(&c->body, "\\u003e");
        else if (*p == '&')
            bp_buf_adds(&c->body, "\\u0026");
        else if (*p == '\'')
            bp_buf_adds(&c->body, "\\u0027");
        else
            bp_buf_addc(&c->body, *p);
    }
    free(s);
}

/* The one mapping from error kinds to HTTP statuses and the Swedish message people see. */
static const struct {
    int status;
    const char *msg;
} err_info[] = {
    [BP_OK] = {200, NULL},
    [BP_ERR_INVALID] = {422, N_("Uppgifterna är inte rätt ifyllda.")},
    [BP_ERR_NOT_FOUND] = {404, N_("Sidan finns inte, eller så har du inte tillgång till den.")},
    [BP_ERR_FORBIDDEN] = {403, N_("Du har inte behörighet till det här ärendet eller den här sidan.")},
    [BP_ERR_UNAUTHENTICATED] = {401, N_("Du behöver logga in.")},
    [BP_ERR_THROTTLED] = {429, N_("För många försök. Vänta en stund och försök igen.")},
    [BP_ERR_CONFLICT] = {409, N_("Uppgiften finns redan eller har ändrats av någon annan.")},
    [BP_ERR_TOO_LARGE] = {413, N_("Det du skickade är för stort.")},
    [BP_ERR_STORAGE] = {503,
                        N_("Databasen svarar inte just nu. Försök igen om en stund. Inget har sparats.")},
    [BP_ERR_INTERNAL] = {500, N_("Något gick fel hos oss. Försök igen.")},
};

void bp_fail_status(struct bp_ctx *c, int status, const char *code, const char *msg_sv)
{
    if (c->is_api) {
        json_t *o = json_object();
        json_object_set_new(o, "error", json_string(code));
        json_object_set_new(o, "message", json_string(bp_tr(c->lang, msg_sv)));
        bp_json(c, status, o);
    } else {
        struct bp_tv *d = bp_tv_obj(&c->arena);
        bp_tv_set(&c->arena, d, "page", bp_page_ctx(c, "Något gick inte att göra"));
        bp_tv_set_str(&c->arena, d, "message", bp_tr(c->lang, msg_sv));
        bp_tv_set_int(&c->arena, d, "status", status);
        bp_render(c, status, "error", d);
    }
}

void bp_fail(struct bp_ctx *c, enum bp_err err)
{
    if ((size_t)err >= BP_ARRAY_LEN(err_info) || err == BP_OK)
        err = BP_ERR_INTERNAL;
    bp_fail_status(c, err_info[err].status, bp_err_name(err), err_info[err].msg);
}

void bp_audit_then_respond(struct bp_ctx *c, const struct bp_audit *e)
{
    bp_audits_add(&c->arena, &c->audits, e);
}

void bp_send_file(struct bp_ctx *c, const char *content_type, const char *file_name, const void *data,
                  size_t len, size_t max, const struct bp_audit *audit)
{
    c->status = 200;
    c->content_type = content_type;
    c->content_disposition = bp_arena_printf(&c->arena, "attachment; filename=\"%s\"", file_name);
    if (max)
        c->body.max = max; /* a file, not a page: BP_MAX_PAGE_BYTES does not apply */
    bp_buf_add(&c->body, data, len);
    bp_audit_then_respond(c, audit);
}

void bp_fail_read(struct bp_ctx *c, enum bp_err rc, const struct bp_audit *audit)
{
    bp_fail(c, rc);
    if (rc == BP_ERR_FORBIDDEN || rc == BP_ERR_NOT_FOUND)
        bp_audit_then_respond(c, audit);
}

bool bp_failed(struct bp_ctx *c, enum bp_err rc)
{
    if (rc != BP_OK)
        bp_fail(c, rc);
    return rc != BP_OK;
}

bool bp_read_failed(struct bp_ctx *c, enum bp_err rc, const struct bp_audit *audit)
{
    if (rc != BP_OK)
        bp_fail_read(c, rc, audit);
    return rc != BP_OK;
}

bool bp_read_ok(struct bp_ctx *c, enum bp_err rc, const struct bp_audit *audit)
{
    if (bp_read_failed(c, rc, audit))
        return false;
    bp_audit_then_respond(c, audit);
    return true;
}
