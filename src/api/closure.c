/* closure.c: the JSON API of closing a case and opening it again (V-11.1-V-11.4): the closure's record with
 * the text the family gets, the closure and the reopening. Each handler decodes with the field engine
 * (domain/forms_closure.c), calls one use case (app/closure.c) and answers. */
#include <jansson.h>
#include "api/api.h"

/* GET: the case's status, its latest closure or reopening (or null), the cases before and after for the
 * same child, and the installation's text for the family (V-11.4). */
void bp_h_api_closure(struct bp_ctx *c)
{
    struct bp_case_view v;
    struct bp_audit audit;
    json_t *o, *cl = json_null();
    enum bp_err rc = bp_uc_closure_view(c->w->store, &c->arena, &c->actor, c->params[0], &v, &audit);
    if (bp_read_failed(c, rc, &audit))
        return;
    if (v.has_closure) {
        cl = bp_api_record(c, &bp_record_closure, &v.closure);
        json_object_set_new(cl, "action", json_string(v.closure.reopen ? "reopen" : "close"));
        if (v.closure.reopen)
            json_object_set_new(cl, "reason", json_null());
        json_object_set_new(cl, "at", json_integer(v.closure.at));
        json_object_set_new(cl, "user_name", bp_api_str_or_null(v.closure.user_name));
        json_object_set_new(cl, "org_id", json_integer(v.closure.org_id));
        json_object_set_new(cl, "org_name", bp_api_str_or_null(v.closure.org_name));
    }
    o = json_object();
    json_object_set_new(o, "case_id", json_integer(v.kase.id));
    json_object_set_new(o, "status", json_string(bp_case_status_codes[v.kase.status]));
    json_object_set_new(o, "closure_proposed", json_boolean(v.kase.closure_proposed_at != 0));
    json_object_set_new(o, "latest", cl);
    json_object_set_new(o, "previous_case_id",
                        v.kase.previous_case_id ? json_integer(v.kase.previous_case_id) : json_null());
    json_object_set_new(o, "next_case_id",
                        v.has_closure && v.closure.next_case_id ? json_integer(v.closure.next_case_id)
                                                                : json_null());
    json_object_set_new(o, "family_text", json_string(bp_app_closure_text()));
    bp_json_audited(c, o, &audit);
}

/* ---- the changes of the case's status (api/write.c): 200 {"case_id", "status"} ---- */

static void answer_status(struct bp_ctx *c, const char *status)
{
    bp_json(c, 200, json_pack("{s:I, s:s}", "case_id", (json_int_t)c->params[0], "status", status));
}

/* POST: closes the case (V-11.1, V-11.2); everyone is told (V-11.3), the family too (V-11.4). */
enum bp_err bp_api_case_close(struct bp_ctx *c, const void *in, int64_t *id, struct bp_field_errors *errs)
{
    return bp_uc_case_close(c->w->store, &c->arena, &c->actor, c->params[0], in, errs);
}

void bp_api_answer_closed(struct bp_ctx *c, int64_t id)
{
    answer_status(c, "closed");
}

/* POST: opens the closed case again, with a reason. */
enum bp_err bp_api_case_reopen(struct bp_ctx *c, const void *in, int64_t *id, struct bp_field_errors *errs)
{
    return bp_uc_case_reopen(c->w->store, &c->arena, &c->actor, c->params[0], in, errs);
}

void bp_api_answer_open(struct bp_ctx *c, int64_t id)
{
    answer_status(c, "open");
}

/* POST: a new case for the child of the closed case, linking back to it: 201 {"id": the new case}. */
enum bp_err bp_api_case_follow_on(struct bp_ctx *c, const void *in, int64_t *id, struct bp_field_errors *errs)
{
    return bp_uc_case_follow_on(c->w->store, &c->arena, &c->actor, c->params[0], in, id, errs);
}

void bp_api_answer_follow_on(struct bp_ctx *c, int64_t id)
{
    c->location = bp_arena_printf(&c->arena, "/api/v1/cases/%lld", (long long)id);
    bp_json(c, 201,
            json_pack("{s:I, s:I}", "id", (json_int_t)id, "previous_case_id", (json_int_t)c->params[0]));
}
