/* signature_scan.c: the scanned paper of a signature recorded from paper (V-8a.2): the attach form,
 * attaching one (multipart/form-data, field "scan.file", the consent scan's field table) and the
 * download. Thin: decode, one use case (app/signature_scan.c), render or answer the bytes. */
#include "pages/pages.h"

/* The attach form (with its message after a refused upload), for the answer c->params[1]. */
static void render_form(struct bp_ctx *c, int status, const struct bp_field_errors *errs)
{
    struct bp_arena *a = &c->arena;
    struct bp_tv *d = bp_tv_obj(a);
    struct bp_plan_view v;
    struct bp_audit audit;
    const struct bp_signature *sg = NULL;
    size_t i;
    enum bp_err rc = bp_uc_plan_view(c->w->store, a, &c->actor, c->params[0], &v, &audit);
    for (i = 0; rc == BP_OK && i < v.n_signatures; i++)
        if (v.signatures[i].id == c->params[1])
            sg = &v.signatures[i];
    if (rc == BP_OK && !sg)
        rc = BP_ERR_NOT_FOUND;                /* the version in force's answers only */
    if (bp_read_failed(c, rc, &audit) || !sg) /* sg is found whenever rc is BP_OK */
        return;
    bp_tv_set_int(a, d, "signature_id", sg->id);
    bp_tv_set_str(a, d, "signer", sg->name);
    bp_tv_set_int(a, d, "version", sg->version);
    /* its errors are all on "scan.file" (no closed-case check here) */
    bp_scan_form_render(c, status, "plan_signature_scan", N_("Bifoga inskannad sida"), d, v.kase.id, &v.child,
                        errs, &audit);
}

void bp_h_signature_scan_form(struct bp_ctx *c)
{
    render_form(c, 200, NULL);
}

void bp_h_signature_scan_attach(struct bp_ctx *c)
{
    struct bp_scan_input in;
    struct bp_field_errors errs = {0};
    int64_t id = 0;
    int status = bp_upload_attach(c, bp_uc_signature_scan_attach, &in, &id, &errs);
    if (status > 0) /* 422: this use case does not check that the case is open */
        render_form(c, status, &errs);
    else if (status == 0)
        bp_redirect(
            c, bp_arena_printf(&c->arena, "/cases/%lld/plan?saved=scan#signatures", (long long)c->params[0]));
}

/* GET /cases/{id}/plan/signatures/{sid}/scan and the API's: the bytes after the audit entry is committed,
 * named underskrift-<sid>.<ext>. */
void bp_h_signature_scan_download(struct bp_ctx *c)
{
    bp_scan_download(c, bp_uc_signature_scan_get, "underskrift");
}
