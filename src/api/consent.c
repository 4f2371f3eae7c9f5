/* consent.c: the consent ledger in the JSON API (V-2.x, K-2.x): list, record, change and withdraw
 * consents, and the user's notifications. Each handler decodes with the field engine, calls one use case
 * (app/consent.c) and answers JSON. */
#include <jansson.h>
#include "api/api.h"
#include "domain/form_inputs.h"
#include "util/date.h"
#include "util/limits.h"

/* ---- the API ---- */

/* A row of the ledger: the fields of its table (bp_api_record), and what the ledger adds. */
static json_t *consent_json(struct bp_ctx *c, const struct bp_consent *k, struct bp_date today)
{
    struct bp_arena *a = &c->arena;
    json_t *o = bp_api_record(c, &bp_record_consent, k);
    json_object_set_new(o, "id", json_integer(k->id));
    json_object_set_new(o, "org_name", bp_api_str_or_null(k->org_name));
    json_object_set_new(o, "obtained_by", json_integer(k->obtained_by));
    json_object_set_new(o, "obtained_by_name", bp_api_str_or_null(k->obtained_by_name));
    json_object_set_new(o, "status", json_string(bp_consent_status_codes[k->status]));
    json_object_set_new(o, "in_force", json_boolean(bp_consent_in_force(k, today)));
    json_object_set_new(o, "child_answer", k->child_answer ? json_string(k->child_answer) : json_null());
    if (k->status == BP_CONSENT_WITHDRAWN) {
        json_object_set_new(o, "withdrawn_on", json_string(bp_date_text(a, k->withdrawn_on)));
        json_object_set_new(o, "withdrawn_by", json_string(bp_consent_withdrawer_codes[k->withdrawn_by]));
        json_object_set_new(o, "withdrawal_note", bp_api_str_or_null(k->withdrawal_note));
    }
    if (k->replaced_by)
        json_object_set_new(o, "replaced_by", json_integer(k->replaced_by));
    return o;
}

json_t *bp_api_consents_json(struct bp_ctx *c, const struct bp_case_view *v)
{
    json_t *list = json_array();
    size_t i;
    for (i = 0; i < v->n_consents; i++) {
        json_t *o = consent_json(c, &v->consents[i], bp_actor_today(&c->actor));
        json_object_set_new(o, "scan", bp_api_scan_json(v, v->consents[i].id)); /* consent scans */
        json_array_append_new(list, o);
    }
    return list;
}

void bp_h_api_consents(struct bp_ctx *c)
{
    struct bp_case_view v;
    struct bp_audit audit;
    enum bp_err rc = bp_uc_case_view(c->w->store, &c->arena, &c->actor, c->params[0], &v, &audit);
    if (bp_read_failed(c, rc, &audit))
        return;
    audit.object = "consent";
    bp_json_audited(c, bp_api_consents_json(c, &v), &audit);
}

/* ---- recording and changing a consent (api/write.c): 201 {"id": the new row of the ledger} ---- */

enum bp_err bp_api_consent_create(struct bp_ctx *c, const void *in, int64_t *id, struct bp_field_errors *errs)
{
    return bp_uc_consent_record(c->w->store, &c->arena, &c->actor, c->params[0], in, id, errs);
}

/* V-2.8: a change is a new row of the ledger that replaces the active one (the route's second id). */
enum bp_err bp_api_consent_change(struct bp_ctx *c, const void *in, int64_t *id, struct bp_field_errors *errs)
{
    return bp_uc_consent_change(c->w->store, &c->arena, &c->actor, c->params[0], c->params[1], in, id, errs);
}

void bp_h_api_consent_withdraw(struct bp_ctx *c)
{
    struct bp_field_errors errs = {0};
    struct bp_withdrawal_input in = {0};
    struct bp_withdrawal_result res;
    json_t *body = bp_api_read(c, &bp_record_withdrawal, &in), *out;
    enum bp_err rc;
    if (!body)
        return;
    rc = bp_uc_consent_withdraw(c->w->store, &c->arena, &c->actor, c->params[0], c->params[1], &in, &res,
                                &errs);
    json_decref(body);
    if (rc != BP_OK) {
        bp_api_write_failed(c, rc, &errs);
        return;
    }
    out = json_object();
    json_object_set_new(out, "closure_proposed", json_boolean(res.closure_proposed));
    json_object_set_new(out, "access_ended", json_boolean(res.actor_lost_access));
    bp_json(c, 200, out);
}

/* V-2.6: asks an organisation to take part; it records its own consent. 201 {"org_id": the one asked}. */
enum bp_err bp_api_case_ask(struct bp_ctx *c, const void *in, int64_t *org, struct bp_field_errors *errs)
{
    const struct bp_ask_input *ask = in;
    enum bp_err rc = bp_uc_case_ask_org(c->w->store, &c->arena, &c->actor, c->params[0], ask->org_id, errs);
    if (rc == BP_OK)
        bp_parse_int64(ask->org_id, 1, INT64_MAX, org);
    return rc;
}

void bp_api_answer_org(struct bp_ctx *c, int64_t org)
{
    bp_json(c, 201, json_pack("{s:I}", "org_id", (json_int_t)org));
}

void bp_h_api_notifications(struct bp_ctx *c)
{
    struct bp_notification *list;
    size_t n, i;
    json_t *out;
    enum bp_err rc = bp_uc_notifications(c->w->store, &c->arena, &c->actor, false, &list, &n);
    if (bp_failed(c, rc))
        return;
    out = json_array();
    for (i = 0; i < n; i++) {
        json_t *o = json_object();
        json_object_set_new(o, "id", json_integer(list[i].id));
        json_object_set_new(o, "kind", json_string(list[i].kind));
        json_object_set_new(o, "case_id", json_integer(list[i].case_id));
        json_object_set_new(o, "org_name", bp_api_str_or_null(list[i].org_name));
        json_object_set_new(o, "at", json_integer(list[i].at));
        json_object_set_new(o, "read", json_boolean(list[i].read_at != 0));
        json_array_append_new(out, o);
    }
    bp_json(c, 200, out);
}
