/* upload.c: what the pages and the API share of an uploaded file: the request's file part handed to an
 * attach use case, and a consent's current scan in a case view (V-2.5, K-2.1). Must not check the file
 * (domain/scan.c does). */
#include "http/http.h"

const struct bp_consent_scan *bp_case_view_scan(const struct bp_case_view *v, int64_t consent_id)
{
    size_t i;
    for (i = 0; i < v->n_scans; i++)
        if (v->scans[i].consent_id == consent_id)
            return &v->scans[i];
    return NULL;
}

/* The file part `field` as the use cases take it (present false: no file chosen). */
static void upload_input(struct bp_ctx *c, const char *field, struct bp_scan_input *in)
{
    const struct bp_upload *u = bp_upload_get(&c->uploads, field);
    memset(in, 0, sizeof(*in));
    if (!u || (u->len == 0 && u->filename[0] == '\0'))
        return; /* no file chosen */
    in->present = true;
    in->file_name = u->filename;
    in->data = (const unsigned char *)u->data;
    in->len = u->len;
    in->too_large = u->too_large;
}

int bp_upload_attach(struct bp_ctx *c, bp_scan_attach_fn attach, struct bp_scan_input *in, int64_t *id,
                     struct bp_field_errors *errs)
{
    enum bp_err rc;
    upload_input(c, "scan.file", in);
    rc = attach(c->w->store, &c->arena, &c->actor, c->params[0], c->params[1], in, id, errs);
    if ((rc == BP_ERR_INVALID || rc == BP_ERR_CONFLICT) && errs->count)
        return rc == BP_ERR_CONFLICT ? 409 : 422;
    return bp_failed(c, rc) ? -1 : 0;
}
