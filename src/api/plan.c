/* plan.c: the plan in the JSON API (V-7.x, K-7.x, V-8a.x): the plan with its parts, and each part written
 * as the field tables say. Each handler decodes with the field engine, calls one use case (app/plan.c) and
 * answers JSON. Must not decide who may edit what. */
#include <jansson.h>
#include "api/api.h"
#include "util/date.h"
#include "util/limits.h"

/* ---- the API: the same records, read and written as JSON ---- */

/* A record with its id, and what else the caller adds. */
static json_t *record_json(struct bp_ctx *c, const struct bp_record_def *r, const void *rec, int64_t id)
{
    json_t *o = bp_api_record(c, r, rec);
    json_object_set_new(o, "id", json_integer(id));
    return o;
}

/* V-8a.3, K-8.1: the copies ledger: the copies handed over or posted (the professionals' downloads are
 * downloads_json's). */
static json_t *copies_json(struct bp_ctx *c, const struct bp_plan_view *v)
{
    json_t *list = json_array();
    size_t i;
    for (i = 0; i < v->n_copies; i++) {
        const struct bp_plan_copy *cp = &v->copies[i];
        json_t *x = record_json(c, &bp_record_copy, cp, cp->id);
        json_object_set_new(x, "recorded_by", json_integer(cp->recorded_by));
        json_object_set_new(x, "recorded_by_name", json_string(cp->recorded_by_name));
        json_object_set_new(x, "org_id", cp->org_id ? json_integer(cp->org_id) : json_null());
        json_object_set_new(x, "at", json_integer(cp->created_at));
        json_array_append_new(list, x);
    }
    return list;
}

/* The professionals' PDF downloads: each on record by its audit entry. */
static json_t *downloads_json(const struct bp_plan_view *v)
{
    json_t *list = json_array();
    size_t i;
    for (i = 0; i < v->n_downloads; i++) {
        const struct bp_plan_download *d = &v->downloads[i];
        json_array_append_new(list, json_pack("{s:I,s:I,s:s,s:I,s:I}", "version", (json_int_t)d->version,
                                              "user_id", (json_int_t)d->user_id, "name", d->name, "org_id",
                                              (json_int_t)d->org_id, "at", (json_int_t)d->at));
    }
    return list;
}

/* V-8a.2: answers, each bound to its version and that version's hash. */
static json_t *answers_json(struct bp_ctx *c, const struct bp_signature *list, size_t n)
{
    json_t *arr = json_array();
    size_t i;
    for (i = 0; i < n; i++) {
        const struct bp_signature *sg = &list[i];
        json_t *x = bp_api_record(c, &bp_record_signature, sg);
        json_object_set_new(x, "id", json_integer(sg->id));
        json_object_set_new(x, "user_id", sg->user_id ? json_integer(sg->user_id) : json_null());
        json_object_set_new(x, "org_id", sg->org_id ? json_integer(sg->org_id) : json_null());
        json_object_set_new(x, "content_sha256", json_string(sg->content_sha256));
        json_object_set_new(x, "recorded_by", json_integer(sg->recorded_by));
        json_object_set_new(x, "recorded_at", json_integer(sg->created_at));
        json_object_set_new(x, "has_scan", json_boolean(sg->has_scan));
        json_array_append_new(arr, x);
    }
    return arr;
}

/* V-8a.2: the answers to the version in force and to older ones, and who is expected to answer. */
static void signatures_json(struct bp_ctx *c, const struct bp_plan_view *v, json_t *o)
{
    json_t *list = json_array();
    size_t i;
    json_object_set_new(o, "signing_version",
                        v->signing_version ? json_integer(v->signing_version) : json_null());
    json_object_set_new(o, "signatures", answers_json(c, v->signatures, v->n_signatures));
    json_object_set_new(o, "earlier_signatures",
                        answers_json(c, v->earlier_signatures, v->n_earlier_signatures));
    for (i = 0; i < v->n_signers; i++) {
        const struct bp_signer_row *r = &v->signers[i];
        json_t *x = json_object();
        json_object_set_new(x, "kind", json_string(bp_signer_kind_codes[r->kind]));
        json_object_set_new(x, "org_id", r->org_id ? json_integer(r->org_id) : json_null());
        json_object_set_new(x, "guardian_id", r->guardian_id ? json_integer(r->guardian_id) : json_null());
        json_object_set_new(x, "name", json_string(r->answer ? r->answer->name : r->name));
        json_object_set_new(
            x, "status", json_string(!r->answer ? "not_answered" : bp_sign_answer_codes[r->answer->answer]));
        json_object_set_new(x, "signature_id", r->answer ? json_integer(r->answer->id) : json_null());
        json_array_append_new(list, x);
    }
    json_object_set_new(o, "signers", list);
}

static json_t *plan_json(struct bp_ctx *c, const struct bp_plan_view *v)
{
    const struct bp_plan *p = &v->plan;
    json_t *o = bp_api_record(c, &bp_record_plan, p), *list;
    const char *const *codes;
    size_t i, n;
    json_object_set_new(o, "id", p->id ? json_integer(p->id) : json_null()); /* null: not stored yet */
    json_object_set_new(o, "case_id", json_integer(p->case_id));
    json_object_set_new(o, "version", json_integer(p->version));
    json_object_set_new(o, "status", json_string(bp_plan_status_codes[p->status]));
    json_object_set_new(o, "kind", bp_api_str_or_null(p->kind));
    json_object_set_new(o, "model", json_string(bp_model_codes[v->kase.model]));
    json_object_set_new(o, "coordinator_role", json_string(bp_coordinator_role_code(v->kase.model)));
    json_object_set_new(o, "finished_on",
                        p->status != BP_PLAN_DRAFT ? json_string(bp_date_text(&c->arena, p->finished_on))
                                                   : json_null());
    json_object_set_new(o, "content_sha256", bp_api_str_or_null(p->content_sha256)); /* V-10.6 */
    n = bp_plan_areas(v->kase.model, &codes);
    list = json_array();
    for (i = 0; i < n; i++)
        json_array_append_new(list, json_string(codes[i]));
    json_object_set_new(o, "areas", list);
    list = json_array();
    for (i = 0; i < v->parts.n_goals; i++)
        json_array_append_new(list,
                              record_json(c, &bp_record_goal, &v->parts.goals[i], v->parts.goals[i].id));
    json_object_set_new(o, "goals", list);
    list = json_array();
    for (i = 0; i < v->parts.n_interventions; i++) {
        const struct bp_intervention *iv = &v->parts.interventions[i];
        json_t *x = record_json(c, &bp_record_intervention, iv, iv->id);
        json_object_set_new(x, "org_name", json_string(bp_org_name_in(v->orgs, v->n_orgs, iv->org_id)));
        json_object_set_new(x, "may_edit", json_boolean(v->may_edit_intervention[i]));
        json_object_set_new(x, "progress", /* V-9.1: the latest word on how it goes */
                            bp_api_progress_json(c, v->latest_progress ? v->latest_progress[i] : NULL));
        json_array_append_new(list, x);
    }
    json_object_set_new(o, "interventions", list);
    list = json_array();
    for (i = 0; i < v->parts.n_commitments; i++)
        json_array_append_new(list, record_json(c, &bp_record_commitment, &v->parts.commitments[i],
                                                v->parts.commitments[i].id));
    json_object_set_new(o, "commitments", list);
    list = json_array();
    for (i = 0; i < v->parts.n_contacts; i++) {
        json_t *x = bp_api_record(c, &bp_record_contact, &v->parts.contacts[i]);
        json_object_set_new(x, "org_name",
                            json_string(bp_org_name_in(v->orgs, v->n_orgs, v->parts.contacts[i].org_id)));
        json_array_append_new(list, x);
    }
    json_object_set_new(o, "contacts", list);
    list = json_array();
    for (i = 0; i < v->n_decisions; i++)
        json_array_append_new(list,
                              record_json(c, &bp_record_decision, &v->decisions[i], v->decisions[i].id));
    json_object_set_new(o, "decisions", list);
    list = json_array();
    for (i = 0; i < v->n_signatures; i++) {
        const struct bp_signature *sg = &v->signatures[i];
        json_t *x = bp_api_record(c, &bp_record_signature, sg);
        json_object_set_new(x, "user_id", sg->user_id ? json_integer(sg->user_id) : json_null());
        json_object_set_new(x, "org_id", sg->org_id ? json_integer(sg->org_id) : json_null());
        json_array_append_new(list, x);
    }
    json_object_set_new(o, "signatures", list);
    json_object_set_new(o, "version_in_force",
                        v->signing_version ? json_integer(v->signing_version) : json_null());
    json_object_set_new(o, "copies", copies_json(c, v));
    json_object_set_new(o, "downloads", downloads_json(v));
    signatures_json(c, v, o);
    return o;
}

void bp_h_api_plan(struct bp_ctx *c)
{
    struct bp_plan_view v;
    struct bp_audit audit;
    enum bp_err rc = bp_uc_plan_view(c->w->store, &c->arena, &c->actor, c->params[0], &v, &audit);
    if (bp_read_failed(c, rc, &audit))
        return;
    bp_json_audited(c, plan_json(c, &v), &audit);
}

/* Answers a write: 200/201 with the id, or the field errors (422 invalid, 409 conflict, 403 another
 * organisation's intervention), or the error. */
static void api_done(struct bp_ctx *c, json_t *body, enum bp_err rc, int64_t id, int ok_status,
                     const struct bp_field_errors *errs)
{
    bp_api_write_done(c, body, rc, errs, ok_status, bp_api_ok_json(id));
}

/* ---- the parts the API adds, changes and removes alike (V-7.1-V-7.3, V-5.8) ----
 * A route names its part (bp_http_route.data: app.h's struct bp_plan_part); one handler per verb reads the
 * part's record and calls its use case with the route's ids: /cases/{case}/plan/<part>s[/{id}]. */

static void part_save(struct bp_ctx *c, int64_t part_id)
{
    const struct bp_plan_part *p = c->route->data;
    void *in = bp_arena_alloc(&c->arena, p->in_size); /* zeroed */
    struct bp_field_errors errs = {0};
    int64_t id = 0;
    enum bp_err rc;
    json_t *body = bp_api_read(c, p->rec, in);
    if (!body)
        return;
    rc = p->save(c->w->store, &c->arena, &c->actor, c->params[0], part_id, in, &id, &errs);
    api_done(c, body, rc, id, part_id || p->in_place ? 200 : 201, &errs);
}

void bp_h_api_plan_part_add(struct bp_ctx *c)
{
    part_save(c, 0);
}

void bp_h_api_plan_part_update(struct bp_ctx *c)
{
    part_save(c, c->params[1]);
}

void bp_h_api_plan_part_delete(struct bp_ctx *c)
{
    const struct bp_plan_part *p = c->route->data;
    struct bp_field_errors errs = {0};
    api_done(c, NULL, p->remove(c->w->store, &c->arena, &c->actor, c->params[0], c->params[1], &errs), 0, 200,
             &errs);
}

/* V-10.6: a new draft version, a copy of the finished one: 201 {"version": n}. */
void bp_h_api_plan_new_version(struct bp_ctx *c)
{
    struct bp_field_errors errs = {0};
    int version = 0;
    enum bp_err rc = bp_uc_plan_new_version(c->w->store, &c->arena, &c->actor, c->params[0], &version, &errs);
    bp_api_write_done(c, NULL, rc, &errs, 201, json_pack("{s:i}", "version", version));
}

void bp_h_api_plan_finish(struct bp_ctx *c)
{
    struct bp_field_errors errs = {0};
    api_done(c, NULL, bp_uc_plan_finish(c->w->store, &c->arena, &c->actor, c->params[0], &errs), 0, 200,
             &errs);
}

/* V-10.6, V-8a.3: a finished version for an organisation's own records system, byte for byte as it was
 * hashed when finished: its SHA-256 is the plan's content_sha256. */
void bp_h_api_plan_version(struct bp_ctx *c)
{
    const char *content;
    struct bp_audit audit;
    enum bp_err rc = bp_uc_plan_version_export(c->w->store, &c->arena, &c->actor, c->params[0], c->params[1],
                                               &content, &audit);
    if (bp_read_failed(c, rc, &audit))
        return;
    bp_send_file(c, "application/json; charset=utf-8",
                 bp_arena_printf(&c->arena, "plan-%lld-version-%lld.json", (long long)c->params[0],
                                 (long long)c->params[1]),
                 content, strlen(content), 0, &audit);
}
