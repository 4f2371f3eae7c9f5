/* consent_scan.c: the scanned paper consent form (V-2.5, K-2.1) on the case page and the API: attach
 * one (multipart/form-data, field "scan.file") and download it. Thin: decode, one use case
 * (app/consent_scan.c), render or answer the bytes. Must not put the uploaded file name in a header or
 * trust the type the client claimed. */
#include <jansson.h>
#include "pages/pages.h"
#include "util/limits.h"

#define T(msgid) bp_tr(c->lang, msgid)

/* "230 kB", "1,4 MB" (Swedish decimal comma; English "1.4 MB"). */
static const char *size_text(struct bp_ctx *c, size_t n)
{
    if (n < 1000 * 1000) {
        size_t kb = (n + 999) / 1000;
        return bp_arena_printf(&c->arena, "%zu kB", kb ? kb : 1);
    }
    {
        size_t tenths = (n + 50000) / 100000;
        return bp_arena_printf(&c->arena, "%zu%s%zu MB", tenths / 10, c->lang == BP_LANG_EN ? "." : ",",
                               tenths % 10);
    }
}

void bp_consent_scan_row(struct bp_ctx *c, const struct bp_case_view *v, const struct bp_consent *k,
                         struct bp_tv *o)
{
    const struct bp_consent_scan *sc = bp_case_view_scan(v, k->id);
    if (!sc)
        return;
    bp_tv_set_str(&c->arena, o, "scan",
                  bp_arena_printf(&c->arena, "%s (%s, %s)", T(N_("Inskannad blankett")),
                                  bp_scan_label(bp_scan_type_of_mime(sc->content_type)),
                                  size_text(c, sc->size)));
    bp_tv_set_str(&c->arena, o, "scan_name", sc->file_name);
}

void bp_scan_form_render(struct bp_ctx *c, int status, const char *tmpl, const char *title, struct bp_tv *d,
                         int64_t case_id, const struct bp_child *child, const struct bp_field_errors *errs,
                         const struct bp_audit *audit)
{
    struct bp_arena *a = &c->arena;
    struct bp_form_src src = {0};
    bp_tv_set(a, d, "page", bp_page_ctx(c, title));
    bp_tv_set_int(a, d, "case_id", case_id);
    bp_tv_set_str(a, d, "child_name", bp_arena_printf(a, "%s %s", child->given_name, child->family_name));
    bp_tv_set(a, d, "scan", bp_form_view(c, &bp_record_scan, &src, errs, NULL, NULL));
    bp_tv_set(a, d, "errors", bp_form_summary(c, errs));
    bp_tv_set_bool(a, d, "has_errors", errs && bp_field_errors_find(errs, "scan.file")); /* else case_error */
    bp_render(c, status, tmpl, d);
    bp_audit_then_respond(c, audit);
}

/* The small page with the attach form and its message, after a refused upload. */
static void render_scan_form(struct bp_ctx *c, int status, const struct bp_field_errors *errs)
{
    struct bp_arena *a = &c->arena;
    struct bp_tv *d = bp_tv_obj(a);
    struct bp_case_view v;
    struct bp_consent k;
    struct bp_audit audit;
    const char *code = bp_field_errors_find(errs, "consent");
    enum bp_err rc = bp_uc_consent_get(c->w->store, a, &c->actor, c->params[0], c->params[1], &v, &k, &audit);
    if (bp_read_failed(c, rc, &audit))
        return;
    if (code) /* the case is closed */
        bp_tv_set_str(a, d, "case_error", bp_error_text(c->lang, code));
    bp_tv_set_int(a, d, "consent_id", k.id);
    bp_tv_set_str(a, d, "org", k.org_name);
    bp_scan_form_render(c, status, "consent_scan", N_("Bifoga inskannad blankett"), d, v.kase.id, &v.child,
                        errs, &audit);
}

void bp_h_consent_scan_attach(struct bp_ctx *c)
{
    struct bp_scan_input in;
    struct bp_field_errors errs = {0};
    int64_t id = 0;
    int status = bp_upload_attach(c, bp_uc_consent_scan_attach, &in, &id, &errs);
    if (status > 0)
        render_scan_form(c, status, &errs);
    else if (status == 0)
        bp_redirect(c, bp_arena_printf(&c->arena, "/cases/%lld?scan=added#consent-%lld",
                                       (long long)c->params[0], (long long)c->params[1]));
}

void bp_scan_download(struct bp_ctx *c, bp_scan_get_fn get, const char *stem)
{
    struct bp_consent_scan scan;
    struct bp_audit audit;
    enum bp_scan_type type;
    enum bp_err rc = get(c->w->store, &c->arena, &c->actor, c->params[0], c->params[1], &scan, &audit);
    if (bp_read_failed(c, rc, &audit))
        return;
    if ((type = bp_scan_type_of_mime(scan.content_type)) ==
        BP_SCAN_NONE) { /* the table's CHECK makes this a bug */
        bp_fail(c, BP_ERR_INTERNAL);
        return;
    }
    bp_send_file(c, bp_scan_mime(type),
                 bp_arena_printf(&c->arena, "%s-%lld.%s", stem, (long long)c->params[1], bp_scan_ext(type)),
                 scan.data, scan.size, BP_MAX_SCAN_BYTES + 1, &audit);
}

/* GET /cases/{id}/consents/{cid}/scan and the API's: samtycke-<cid>.<ext>. */
void bp_h_consent_scan_download(struct bp_ctx *c)
{
    bp_scan_download(c, bp_uc_consent_scan_get, "samtycke");
}
