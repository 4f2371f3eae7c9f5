/* prep.c: the preparations in the JSON API (V-3.x, V-4.1-V-4.3): read them, save the child's and a
 * guardian's. Each handler decodes with the field engine, calls one use case (app/prep.c) and answers
 * JSON. */
#include <jansson.h>
#include "api/api.h"
#include "domain/checks.h" /* bp_guardian_find */
#include "util/date.h"
#include "util/limits.h"

/* ---- the API ---- */

/* Who prepared, from which organisation, and when. */
static void who_json(json_t *o, int64_t by, const char *by_name, int64_t org, const char *org_name,
                     int64_t updated_at)
{
    json_object_set_new(o, "prepared_by", json_integer(by));
    json_object_set_new(o, "prepared_by_name", bp_api_str_or_null(by_name));
    json_object_set_new(o, "org_id", org ? json_integer(org) : json_null());
    json_object_set_new(o, "org_name", bp_api_str_or_null(org_name));
    json_object_set_new(o, "updated_at", json_integer(updated_at));
}

static json_t *done_on_json(struct bp_ctx *c, bool done, struct bp_date on)
{
    return done ? bp_api_str_or_null(bp_date_text(&c->arena, on)) : json_null();
}

/* The child's preparation: the fields of its table, the representative when the child is represented
 * (V-3.12), and who did it. */
static json_t *child_prep_json(struct bp_ctx *c, const struct bp_child_prep_record *r)
{
    const struct bp_child_prep *p = &r->p;
    json_t *o = bp_api_record(c, &bp_record_child_prep, p);
    json_object_set_new(o, "id", json_integer(p->id));
    if (p->participation == BP_PART_REPRESENTATIVE) {
        json_object_set_new(o, "rep_kind", json_string(bp_representative_kind_codes[p->rep_kind]));
        json_object_set_new(o, "rep_guardian_id",
                            p->rep_guardian_id ? json_integer(p->rep_guardian_id) : json_null());
        json_object_set_new(o, "rep_name", json_string(p->rep_name));
    }
    json_object_set_new(o, "done_on", done_on_json(c, p->done, p->done_on));
    who_json(o, p->prepared_by, r->prepared_by_name, r->org_id, r->org_name, r->updated_at);
    return o;
}

/* A guardian's preparation: the fields of its table (empty until started), and once started who did it. */
static json_t *guardian_prep_json(struct bp_ctx *c, const struct bp_guardian *g,
                                  const struct bp_guardian_prep_record *r)
{
    static const struct bp_guardian_prep none;
    json_t *o = bp_api_record(c, &bp_record_guardian_prep, r ? &r->p : &none);
    json_object_set_new(o, "guardian_id", json_integer(g->id));
    json_object_set_new(o, "guardian_name", json_string(g->name));
    json_object_set_new(o, "started", json_boolean(r != NULL));
    if (r) {
        json_object_set_new(o, "id", json_integer(r->p.id));
        json_object_set_new(o, "done_on", done_on_json(c, r->p.done, r->p.done_on));
        who_json(o, r->p.prepared_by, r->prepared_by_name, r->org_id, r->org_name, r->updated_at);
    }
    return o;
}

void bp_h_api_prep(struct bp_ctx *c)
{
    struct bp_prep_view v;
    struct bp_audit audit;
    json_t *out, *st, *missing, *gl;
    size_t i;
    enum bp_err rc = bp_uc_prep_view(c->w->store, &c->arena, &c->actor, c->params[0],
                                     bp_form_id(&c->form, "meeting"), &v, &audit);
    if (bp_read_failed(c, rc, &audit))
        return;
    st = json_object();
    missing = json_array();
    for (i = 0; i < v.status.n_missing && i < BP_ARRAY_LEN(v.status.missing); i++)
        json_array_append_new(missing, json_integer(v.status.missing[i]));
    json_object_set_new(st, "child_done", json_boolean(v.status.child_done));
    json_object_set_new(st, "guardians_missing", missing);
    json_object_set_new(st, "ready", json_boolean(v.status.ready));
    gl = json_array();
    for (i = 0; i < v.n_guardians; i++)
        if (bp_has_custody(&v.guardians[i])) /* V-4.1: never a parent without custody */
            json_array_append_new(
                gl, guardian_prep_json(c, &v.guardians[i], bp_prep_view_guardian(&v, v.guardians[i].id)));
    out = json_object();
    json_object_set_new(out, "case_id", json_integer(v.kase.id));
    json_object_set_new(out, "initiating_org_id", json_integer(v.kase.initiating_org_id));
    json_object_set_new(out, "status", st);
    json_object_set_new(out, "child", v.has_child_prep ? child_prep_json(c, &v.child_prep) : json_null());
    json_object_set_new(out, "guardians", gl);
    bp_json_audited(c, out, &audit);
}

/* Answers a save with its warnings, freeing the body its input was read from. */
static void api_write_done(struct bp_ctx *c, json_t *body, enum bp_err rc, int64_t id, bool done,
                           const struct bp_field_errors *errs, const struct bp_field_errors *warns)
{
    bp_api_write_done(c, body, rc, errs, 200,
                      json_pack("{s:I, s:b, s:o}", "id", (json_int_t)id, "done", done, "warnings",
                                bp_api_warnings(c, warns)));
}

void bp_h_api_prep_child(struct bp_ctx *c)
{
    struct bp_child_prep_input in = {0};
    struct bp_field_errors errs = {0}, warns = {0};
    json_t *body = bp_api_read(c, &bp_record_child_prep, &in);
    int64_t id = 0;
    enum bp_err rc;
    if (!body)
        return;
    rc = bp_uc_child_prep_save(c->w->store, &c->arena, &c->actor, c->params[0],
                               bp_form_id(&c->form, "meeting"), &in, &id, &errs, &warns);
    api_write_done(c, body, rc, id, in.done, &errs, &warns);
}

void bp_h_api_prep_guardian(struct bp_ctx *c)
{
    struct bp_guardian_prep_input in = {0};
    struct bp_field_errors errs = {0}, warns = {0};
    json_t *body = bp_api_read(c, &bp_record_guardian_prep, &in);
    int64_t id = 0;
    enum bp_err rc;
    if (!body)
        return;
    in.guardian_id = bp_id_text(&c->arena, c->params[1]);
    rc = bp_uc_guardian_prep_save(c->w->store, &c->arena, &c->actor, c->params[0],
                                  bp_form_id(&c->form, "meeting"), &in, &id, &errs, &warns);
    api_write_done(c, body, rc, id, in.done, &errs, &warns);
}
