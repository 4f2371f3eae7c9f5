/* api_json.c: what every JSON API handler shares: reading the body, reading members with their
 * types checked, and answering field errors with the field's name. Must not know any one resource. */
#include <jansson.h>
#include <h2o.h>
#include "http/http.h"
#include "util/limits.h"

json_t *bp_api_str_or_null(const char *s)
{
    return s ? json_string(s) : json_null();
}

void bp_api_field_errors(struct bp_ctx *c, const struct bp_field_errors *errs)
{
    json_t *o = json_object(), *list = json_array();
    size_t i;
    for (i = 0; i < errs->count; i++) {
        json_t *e = json_object();
        json_object_set_new(e, "field", json_string(errs->items[i].field));
        json_object_set_new(e, "code", json_string(errs->items[i].code));
        json_object_set_new(
            e, "message",
            json_string(bp_field_error_text(c->lang, errs->items[i].field, errs->items[i].code)));
        json_array_append_new(list, e);
    }
    json_object_set_new(o, "error", json_string("invalid"));
    json_object_set_new(o, "fields", list);
    bp_json(c, 422, o);
}

void bp_api_bad(struct bp_ctx *c, const char *field, const char *code)
{
    struct bp_field_errors errs = {0};
    bp_field_errors_add(&errs, field, code);
    bp_api_field_errors(c, &errs);
}

json_t *bp_api_body(struct bp_ctx *c)
{
    json_error_t jerr;
    json_t *v;
    const char *ct = bp_header(c, "content-type");
    if (!ct || strncmp(ct, "application/json", 16) != 0) {
        bp_fail_status(c, 415, "unsupported_media_type", "Skicka JSON (Content-Type: application/json).");
        return NULL;
    }
    if (c->req->entity.len > BP_MAX_JSON_BODY) {
        bp_fail_status(c, 413, "too_large", "Det du skickade är för stort.");
        return NULL;
    }
    v = json_loadb(c->req->entity.base ? c->req->entity.base : "", c->req->entity.len, JSON_REJECT_DUPLICATES,
                   &jerr);
    if (!v || !json_is_object(v)) {
        json_decref(v);
        bp_api_bad(c, "body", "invalid_json");
        return NULL;
    }
    return v;
}

/* Member key of o when it has the type; NULL when it is missing or null, and when it has another type,
 * which is a "type" error on path. */
static json_t *member_of_type(json_t *o, const char *key, json_type type, const char *path,
                              struct bp_field_errors *errs)
{
    json_t *v = json_object_get(o, key);
    if (!v || json_is_null(v))
        return NULL;
    if (json_typeof(v) != type) {
        bp_field_errors_add(errs, path, "type");
        return NULL;
    }
    return v;
}

const char *bp_api_str(json_t *o, const char *key, const char *path, struct bp_field_errors *errs)
{
    json_t *v = member_of_type(o, key, JSON_STRING, path, errs);
    return v ? json_string_value(v) : NULL;
}

bool bp_api_bool(json_t *o, const char *key)
{
    return json_is_true(json_object_get(o, key));
}

const char *bp_api_id(struct bp_ctx *c, json_t *o, const char *key, const char *path,
                      struct bp_field_errors *errs)
{
    json_t *v = member_of_type(o, key, JSON_INTEGER, path, errs);
    return v ? bp_arena_printf(&c->arena, "%lld", (long long)json_integer_value(v)) : NULL;
}

void bp_api_write_failed(struct bp_ctx *c, enum bp_err rc, const struct bp_field_errors *errs)
{
    if ((rc == BP_ERR_INVALID || rc == BP_ERR_CONFLICT || rc == BP_ERR_FORBIDDEN) && errs && errs->count) {
        bp_api_field_errors(c, errs);
        c->status = rc == BP_ERR_INVALID ? 422 : rc == BP_ERR_CONFLICT ? 409 : 403;
        return;
    }
    bp_fail(c, rc);
}

void bp_api_write_done(struct bp_ctx *c, json_t *body, enum bp_err rc, const struct bp_field_errors *errs,
                       int ok_status, json_t *ok)
{
    json_decref(body);
    if (rc == BP_OK) {
        bp_json(c, ok_status, ok);
        return;
    }
    json_decref(ok);
    bp_api_write_failed(c, rc, errs);
}

json_t *bp_api_ok_json(int64_t id)
{
    return id ? json_pack("{s:I, s:b}", "id", (json_int_t)id, "ok", 1) : json_pack("{s:b}", "ok", 1);
}

json_t *bp_api_warnings(struct bp_ctx *c, const struct bp_field_errors *warns)
{
    json_t *list = json_array();
    size_t i;
    for (i = 0; i < warns->count; i++)
        json_array_append_new(list, json_pack("{s:s, s:s, s:s}", "field", warns->items[i].field, "code",
                                              warns->items[i].code, "message",
                                              bp_error_text(c->lang, warns->items[i].code)));
    return list;
}

void bp_json_audited(struct bp_ctx *c, json_t *v, const struct bp_audit *audit)
{
    bp_json(c, 200, v);
    bp_audit_then_respond(c, audit);
}
