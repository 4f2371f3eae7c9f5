/* named_person.c: a Kronoberg case's barnensbästa-ansvarig in the JSON API (X-1, X-2, X-3, K-1.2): who it is
 * and has been, the suggestion for the child's age and who may be named, naming them or handing the role
 * on, and the BBA's decision. Thin: decode with the field engine (bp_record_bba, bp_record_bba_decision),
 * call one use case (app/named_person.c), answer JSON. */
#include <jansson.h>
#include "api/api.h"
#include "domain/form_inputs.h"

static json_t *person_json(int64_t user_id, const char *name, int64_t org_id, const char *org_name)
{
    json_t *o = json_object();
    json_object_set_new(o, "user_id", json_integer(user_id));
    json_object_set_new(o, "name", bp_api_str_or_null(name));
    json_object_set_new(o, "org_id", json_integer(org_id));
    json_object_set_new(o, "org_name", bp_api_str_or_null(org_name));
    return o;
}

static json_t *history_json(const struct bp_named_person *h)
{
    json_t *o = person_json(h->user_id, h->user_name, h->org_id, h->org_name);
    json_object_set_new(o, "suggested", json_boolean(h->suggested));
    json_object_set_new(o, "assigned_at", json_integer(h->assigned_at));
    json_object_set_new(o, "assigned_by", json_integer(h->assigned_by));
    json_object_set_new(o, "assigned_by_name", bp_api_str_or_null(h->assigned_by_name));
    json_object_set_new(o, "ended_at", h->ended_at ? json_integer(h->ended_at) : json_null());
    json_object_set_new(o, "decision", bp_api_str_or_null(h->decision));
    json_object_set_new(o, "decision_org_id",
                        h->decision_org_id ? json_integer(h->decision_org_id) : json_null());
    json_object_set_new(o, "decision_org_name", bp_api_str_or_null(h->decision_org_name));
    json_object_set_new(o, "decided_at", h->decided_at ? json_integer(h->decided_at) : json_null());
    return o;
}

static json_t *view_json(const struct bp_named_person_view *v)
{
    json_t *o = json_object(), *hist = json_array(), *cands = json_array();
    size_t i;
    for (i = 0; i < v->n_history; i++)
        json_array_append_new(hist, history_json(&v->history[i]));
    for (i = 0; i < v->n_candidates; i++) {
        const struct bp_bba_candidate *k = &v->candidates[i];
        json_array_append_new(cands, person_json(k->user_id, k->name, k->org_id, k->org_name));
    }
    json_object_set_new(o, "current", v->current ? history_json(v->current) : json_null());
    json_object_set_new(o, "current_sees_case", json_boolean(v->current_sees_case));
    json_object_set_new(o, "stage", json_string(bp_bba_stage_codes[v->stage]));
    json_object_set_new(
        o, "suggestion",
        v->suggestion >= 0
            ? person_json(v->candidates[v->suggestion].user_id, v->candidates[v->suggestion].name,
                          v->candidates[v->suggestion].org_id, v->candidates[v->suggestion].org_name)
            : json_null());
    json_object_set_new(o, "candidates", cands);
    json_object_set_new(o, "history", hist);
    json_object_set_new(o, "may_name", json_boolean(v->may_name));
    json_object_set_new(o, "may_decide", json_boolean(v->may_decide));
    return o;
}

/* GET, and the answer of both writes: the BBA as it is now (an audited read). */
void bp_h_api_bba(struct bp_ctx *c)
{
    struct bp_named_person_view v;
    struct bp_audit audit;
    enum bp_err rc = bp_uc_named_person_view(c->w->store, &c->arena, &c->actor, c->params[0], &v, &audit);
    if (bp_read_failed(c, rc, &audit))
        return;
    bp_json_audited(c, view_json(&v), &audit);
}

/* ---- naming the BBA or handing the role on, and the BBA's decision (api/write.c) ---- */

/* The answer of both: the BBA as it is then (an audited read of its own). */
void bp_api_answer_bba(struct bp_ctx *c, int64_t id)
{
    bp_h_api_bba(c);
}

enum bp_err bp_api_bba_name(struct bp_ctx *c, const void *in, int64_t *id, struct bp_field_errors *errs)
{
    const struct bp_bba_input *bba = in;
    return bp_uc_named_person_name(c->w->store, &c->arena, &c->actor, c->params[0], bba->user_id, errs);
}

enum bp_err bp_api_bba_decide(struct bp_ctx *c, const void *in, int64_t *id, struct bp_field_errors *errs)
{
    const struct bp_bba_decision_input *decision = in;
    return bp_uc_named_person_decide(c->w->store, &c->arena, &c->actor, c->params[0], decision->decision,
                                     decision->org_id, errs);
}
