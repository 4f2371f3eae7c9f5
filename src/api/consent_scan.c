/* api/consent_scan.c: the scanned consent form in the JSON API (V-2.5, K-2.1). */
#include <jansson.h>
#include "api/api.h"
#include "util/limits.h"

struct json_t *bp_api_scan_json(const struct bp_case_view *v, int64_t consent_id)
{
    const struct bp_consent_scan *sc = bp_case_view_scan(v, consent_id);
    json_t *o;
    if (!sc)
        return json_null();
    o = json_object();
    json_object_set_new(o, "id", json_integer(sc->id));
    json_object_set_new(o, "file_name", json_string(sc->file_name));
    json_object_set_new(o, "content_type", json_string(sc->content_type));
    json_object_set_new(o, "size", json_integer((json_int_t)sc->size));
    json_object_set_new(o, "uploaded_at", json_integer(sc->uploaded_at));
    json_object_set_new(o, "uploaded_by_name", bp_api_str_or_null(sc->uploaded_by_name));
    return o;
}

/* An attach (the use case `uc`): 201 with what was stored under `owner` (the consent's or the
 * signature's id), or the field errors (422; 409 for a closed case), or the error. */
static void attach(struct bp_ctx *c, bp_scan_attach_fn uc, const char *owner)
{
    struct bp_scan_input in;
    struct bp_field_errors errs = {0};
    int64_t id = 0;
    int status = bp_upload_attach(c, uc, &in, &id, &errs);
    json_t *out;
    if (status > 0) {
        bp_api_field_errors(c, &errs);
        c->status = status;
        return;
    }
    if (status < 0)
        return;
    out = json_object();
    json_object_set_new(out, "id", json_integer(id));
    json_object_set_new(out, owner, json_integer(c->params[1]));
    json_object_set_new(out, "content_type", json_string(bp_scan_mime(bp_scan_sniff(in.data, in.len))));
    json_object_set_new(out, "size", json_integer((json_int_t)in.len));
    bp_json(c, 201, out);
}

void bp_h_api_consent_scan_attach(struct bp_ctx *c)
{
    attach(c, bp_uc_consent_scan_attach, "consent_id");
}

/* V-8a.2: the scanned paper of a signature recorded from paper. */
void bp_h_api_signature_scan_attach(struct bp_ctx *c)
{
    attach(c, bp_uc_signature_scan_attach, "signature_id");
}
