/* followup.c: following up the plan in the JSON API (V-10.x): read a follow-up meeting's follow-up, save it,
 * review an intervention, make the updated plan, and a new coordinating organisation's answer. Each handler
 * decodes with the field engine, calls one use case (app/followup.c, app/plan.c) and answers JSON. */
#include <jansson.h>
#include "api/api.h"

/* The follow-up as stored (its table's fields), the version it follows up, and the reviews. */
static json_t *followup_json(struct bp_ctx *c, const struct bp_followup_view *v)
{
    json_t *o = bp_api_record(c, &bp_record_followup, &v->followup), *reviews = json_array();
    size_t i;
    for (i = 0; i < v->n_reviews; i++) {
        json_t *r = bp_api_record(c, &bp_record_review, &v->reviews[i]);
        json_object_set_new(r, "intervention_id", json_integer(v->reviews[i].intervention_id));
        json_array_append_new(reviews, r);
    }
    json_object_set_new(o, "meeting_id", json_integer(v->meeting.id));
    json_object_set_new(o, "saved", json_boolean(v->saved));
    json_object_set_new(o, "version", v->has_plan ? json_integer(v->plan.version) : json_null());
    json_object_set_new(o, "interventions", json_integer((json_int_t)v->parts.n_interventions));
    json_object_set_new(o, "reviews", reviews);
    json_object_set_new(o, "new_plan", json_boolean(v->followup.new_plan_id != 0));
    return o;
}

void bp_h_api_followup(struct bp_ctx *c)
{
    struct bp_followup_view v;
    struct bp_audit audit;
    if (bp_followup_read(c, &v, &audit))
        bp_json_audited(c, followup_json(c, &v), &audit);
}

/* ---- the saves (api/write.c): 200 {"saved": true} ---- */

void bp_api_answer_saved(struct bp_ctx *c, int64_t id)
{
    bp_json(c, 200, json_pack("{s:b}", "saved", 1));
}

enum bp_err bp_api_followup_save(struct bp_ctx *c, const void *in, int64_t *id, struct bp_field_errors *errs)
{
    return bp_uc_followup_save(c->w->store, &c->arena, &c->actor, c->params[0], c->params[1], in, errs);
}

enum bp_err bp_api_followup_review(struct bp_ctx *c, const void *in, int64_t *id,
                                   struct bp_field_errors *errs)
{
    return bp_uc_review_save(c->w->store, &c->arena, &c->actor, c->params[0], c->params[1], c->params[2], in,
                             errs);
}

enum bp_err bp_api_coordination_answer(struct bp_ctx *c, const void *in, int64_t *id,
                                       struct bp_field_errors *errs)
{
    const struct bp_coordination_input *answer = in;
    return bp_uc_coordination_answer(c->w->store, &c->arena, &c->actor, c->params[0], answer->answer, errs);
}

/* V-10.5-V-10.7: the updated plan, a new draft version carried over from the followed-up one: 201
 * {"version": n}. */
void bp_h_api_followup_carry(struct bp_ctx *c)
{
    struct bp_field_errors errs = {0};
    int version = 0;
    enum bp_err rc =
        bp_uc_followup_carry(c->w->store, &c->arena, &c->actor, c->params[0], c->params[1], &version, &errs);
    bp_api_write_done(c, NULL, rc, &errs, 201, json_pack("{s:i}", "version", version));
}
