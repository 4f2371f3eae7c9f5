/* implementation.c: carrying out the plan in the JSON API (V-9.1-V-9.4): what is under way, how an
 * intervention goes, what the child said (since a date, for the follow-up), events and the coordinator's
 * decisions. Each handler decodes with the field engine, calls one use case (app/implementation.c) and
 * answers JSON. Must not decide who may do what. */
#include <jansson.h>
#include "api/api.h"
#include "util/date.h"

/* A record with its id, who recorded it (id and name) and when. */
static json_t *entry_json(struct bp_ctx *c, const struct bp_record_def *r, const void *rec, int64_t id,
                          int64_t by, const char *by_name, int64_t org_id, int64_t at)
{
    json_t *o = bp_api_record(c, r, rec);
    json_object_set_new(o, "id", json_integer(id));
    json_object_set_new(o, "recorded_by", json_integer(by));
    json_object_set_new(o, "recorded_by_name", bp_api_str_or_null(by_name));
    json_object_set_new(o, "org_id", json_integer(org_id));
    json_object_set_new(o, "recorded_at", bp_api_str_or_null(bp_time_text(&c->arena, at)));
    return o;
}

json_t *bp_api_progress_json(struct bp_ctx *c, const struct bp_progress *p)
{
    json_t *o;
    if (!p)
        return json_null();
    o = entry_json(c, &bp_record_progress, p, p->id, p->recorded_by, p->recorded_by_name, p->org_id,
                   p->created_at);
    json_object_set_new(o, "intervention_id", json_integer(p->intervention_id));
    json_object_set_new(o, "origin_id", json_integer(p->origin_id));
    return o;
}

static json_t *voice_json(struct bp_ctx *c, const struct bp_child_voice *v)
{
    return entry_json(c, &bp_record_child_voice, v, v->id, v->recorded_by, v->recorded_by_name, v->org_id,
                      v->created_at);
}

static json_t *event_json(struct bp_ctx *c, const struct bp_plan_event *e)
{
    json_t *o = entry_json(c, &bp_record_plan_event, e, e->id, e->reported_by, e->reported_by_name, e->org_id,
                           e->created_at);
    bool decided = e->decision != BP_EVENT_UNDECIDED;
    json_object_set_new(o, "decision",
                        decided ? json_string(bp_event_decision_codes[e->decision]) : json_null());
    json_object_set_new(o, "decision_note", decided ? bp_api_str_or_null(e->decision_note) : json_null());
    json_object_set_new(o, "decided_by", decided ? json_integer(e->decided_by) : json_null());
    json_object_set_new(o, "decided_by_name", decided ? bp_api_str_or_null(e->decided_by_name) : json_null());
    json_object_set_new(o, "decided_on",
                        decided ? json_string(bp_date_text(&c->arena, e->decided_on)) : json_null());
    json_object_set_new(o, "meeting_id", e->meeting_id ? json_integer(e->meeting_id) : json_null());
    return o;
}

void bp_h_api_impl(struct bp_ctx *c)
{
    struct bp_impl_view v;
    struct bp_audit audit;
    json_t *out, *list;
    size_t i;
    enum bp_err rc = bp_uc_impl_view(c->w->store, &c->arena, &c->actor, c->params[0], &v, &audit);
    if (bp_read_failed(c, rc, &audit))
        return;
    out = json_object();
    json_object_set_new(out, "case_id", json_integer(v.kase.id));
    json_object_set_new(out, "plan_version", v.has_plan ? json_integer(v.plan.version) : json_null());
    json_object_set_new(out, "is_coordinator", json_boolean(v.is_coordinator));
    list = json_array();
    for (i = 0; i < v.parts.n_interventions; i++) {
        const struct bp_intervention *iv = &v.parts.interventions[i];
        json_t *x = bp_api_record(c, &bp_record_intervention, iv);
        json_object_set_new(x, "id", json_integer(iv->id));
        json_object_set_new(x, "origin_id", json_integer(iv->origin_id));
        json_object_set_new(x, "may_record", json_boolean(v.may_record[i]));
        json_object_set_new(x, "progress", bp_api_progress_json(c, v.latest[i]));
        json_array_append_new(list, x);
    }
    json_object_set_new(out, "interventions", list);
    list = json_array();
    for (i = 0; i < v.n_progress; i++)
        json_array_append_new(list, bp_api_progress_json(c, &v.progress[i]));
    json_object_set_new(out, "progress", list);
    list = json_array();
    for (i = 0; i < v.n_voices; i++)
        json_array_append_new(list, voice_json(c, &v.voices[i]));
    json_object_set_new(out, "child_voices", list);
    list = json_array();
    for (i = 0; i < v.n_events; i++)
        json_array_append_new(list, event_json(c, &v.events[i]));
    json_object_set_new(out, "events", list);
    bp_json_audited(c, out, &audit);
}

/* V-9.2, V-10.x: what the child said since ?since=YYYY-MM-DD (all without it). */
void bp_h_api_impl_voices(struct bp_ctx *c)
{
    struct bp_child_voice *list;
    struct bp_audit audit;
    struct bp_date since = {0};
    const char *q = bp_form_get(&c->form, "since");
    json_t *out;
    size_t n, i;
    enum bp_err rc;
    if (q && *q && !bp_date_parse(q, &since)) {
        bp_api_bad(c, "since", "date");
        return;
    }
    rc = bp_uc_child_voices_since(c->w->store, &c->arena, &c->actor, c->params[0], since, &list, &n, &audit);
    if (bp_read_failed(c, rc, &audit))
        return;
    out = json_array();
    for (i = 0; i < n; i++)
        json_array_append_new(out, voice_json(c, &list[i]));
    bp_json_audited(c, json_pack("{s:o}", "child_voices", out), &audit);
}

/* ---- the writes (api/write.c): 201 {"id": the new one, "ok": true}, 200 {"ok": true} for a decision ---- */

enum bp_err bp_api_impl_progress_add(struct bp_ctx *c, const void *in, int64_t *id,
                                     struct bp_field_errors *errs)
{
    return bp_uc_progress_add(c->w->store, &c->arena, &c->actor, c->params[0], c->params[1], in, id, errs);
}

enum bp_err bp_api_impl_voice_add(struct bp_ctx *c, const void *in, int64_t *id, struct bp_field_errors *errs)
{
    return bp_uc_child_voice_add(c->w->store, &c->arena, &c->actor, c->params[0], in, id, errs);
}

/* A staff member's or, on the family's route, a family member's (the use case decides by the actor). */
enum bp_err bp_api_impl_event_add(struct bp_ctx *c, const void *in, int64_t *id, struct bp_field_errors *errs)
{
    return bp_uc_plan_event_report(c->w->store, &c->arena, &c->actor, c->params[0], in, id, errs);
}

enum bp_err bp_api_impl_event_decide(struct bp_ctx *c, const void *in, int64_t *id,
                                     struct bp_field_errors *errs)
{
    return bp_uc_plan_event_decide(c->w->store, &c->arena, &c->actor, c->params[0], c->params[1], in, errs);
}
