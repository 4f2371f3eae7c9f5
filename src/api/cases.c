/* cases.c: the JSON API under /api/v1/ (described in docs/openapi.yaml). The same use cases, access
 * rules and audit as the pages; errors are JSON and name the field. */
#include <jansson.h>
#include <h2o.h>
#include "api/api.h"
#include "util/limits.h"
#include "domain/access.h"

void bp_h_api_login(struct bp_ctx *c)
{
    json_t *in = bp_api_body(c), *out;
    struct bp_field_errors errs = {0};
    struct bp_login_result r;
    const char *u, *p;
    enum bp_err rc;
    if (!in)
        return;
    u = bp_api_str(in, "username", "username", &errs);
    p = bp_api_str(in, "password", "password", &errs);
    if (!u)
        bp_field_errors_add(&errs, "username", "required");
    if (!p)
        bp_field_errors_add(&errs, "password", "required");
    if (errs.count) {
        bp_api_field_errors(c, &errs);
        json_decref(in);
        return;
    }
    rc = bp_uc_login(c->w->store, &c->arena, u, p, &c->actor, &r);
    json_decref(in);
    if (rc != BP_OK) {
        bp_fail_status(c,
                       rc == BP_ERR_THROTTLED         ? 429
                       : rc == BP_ERR_UNAUTHENTICATED ? 401
                                                      : 503,
                       rc == BP_ERR_THROTTLED         ? "throttled"
                       : rc == BP_ERR_UNAUTHENTICATED ? "login"
                                                      : "storage",
                       rc == BP_ERR_THROTTLED
                           ? "För många misslyckade försök. Vänta en kvart och försök igen."
                       : rc == BP_ERR_UNAUTHENTICATED ? "Fel användarnamn eller lösenord."
                                                      : "Databasen svarar inte just nu.");
        return;
    }
    bp_set_cookie(c, "bp_session", bp_arena_strdup(&c->arena, r.token), BP_SESSION_ABSOLUTE_SECONDS);
    bp_set_cookie(c, "bp_device", bp_arena_strdup(&c->arena, r.device), BP_LOGIN_DEVICE_SECONDS);
    out = json_object();
    json_object_set_new(out, "csrf_token", json_string(r.csrf));
    json_object_set_new(out, "username", json_string(r.user.username));
    bp_json(c, 200, out);
}

void bp_h_api_logout(struct bp_ctx *c)
{
    enum bp_err rc = bp_uc_logout(c->w->store, &c->actor, c->session.id,
                                  strcmp(bp_form_get(&c->form, "everywhere"), "1") == 0);
    if (bp_failed(c, rc))
        return;
    bp_set_cookie(c, "bp_session", "", 0);
    c->status = 204;
}

static json_t *org_json(int64_t id, const char *name, const char *role)
{
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(id));
    json_object_set_new(o, "name", json_string(name));
    if (role)
        json_object_set_new(o, "role", json_string(role));
    return o;
}

void bp_h_api_me(struct bp_ctx *c)
{
    json_t *o = json_object(), *orgs = json_array();
    size_t i;
    for (i = 0; i < c->user.n_orgs; i++)
        json_array_append_new(orgs, org_json(c->user.orgs[i].org_id, c->user.orgs[i].org_name,
                                             bp_role_codes[c->user.orgs[i].role]));
    json_object_set_new(o, "id", json_integer(c->user.id));
    json_object_set_new(o, "username", json_string(c->user.username));
    json_object_set_new(o, "display_name", json_string(c->user.display_name));
    json_object_set_new(o, "is_admin", json_boolean(c->user.is_admin));
    json_object_set_new(o, "organisations", orgs);
    json_object_set_new(o, "csrf_token", json_string(c->session.csrf_token));
    bp_json(c, 200, o);
}

void bp_h_api_orgs(struct bp_ctx *c)
{
    struct bp_org *orgs;
    size_t n, i;
    json_t *list;
    enum bp_err rc = bp_uc_org_list(c->w->store, &c->arena, &c->actor, &orgs, &n);
    if (bp_failed(c, rc))
        return;
    bp_sort_orgs_sv(orgs, n);
    list = json_array();
    for (i = 0; i < n; i++) {
        json_t *o = org_json(orgs[i].id, orgs[i].name, NULL);
        json_object_set_new(o, "kind", json_string(bp_org_kind_codes[orgs[i].kind]));
        json_object_set_new(o, "principal", json_string(bp_principal_codes[orgs[i].principal]));
        json_object_set_new(o, "municipality", json_string(orgs[i].municipality));
        json_array_append_new(list, o);
    }
    bp_json(c, 200, list);
}

static json_t *case_summary_json(const struct bp_case *k)
{
    json_t *o = json_object(), *triggers = json_array();
    size_t i;
    for (i = 0; i < BP_TRIGGER_COUNT; i++)
        if (k->triggers & (1u << i))
            json_array_append_new(triggers, json_string(bp_trigger_codes[i]));
    json_object_set_new(o, "id", json_integer(k->id));
    json_object_set_new(o, "child_id", json_integer(k->child_id));
    json_object_set_new(o, "child_name", bp_api_str_or_null(k->child_name));
    json_object_set_new(o, "model", json_string(bp_model_codes[k->model]));
    json_object_set_new(o, "plan_kind", json_string(k->plan_kind));
    json_object_set_new(o, "status", json_string(bp_case_status_codes[k->status]));
    json_object_set_new(o, "initiating_org_id", json_integer(k->initiating_org_id));
    json_object_set_new(o, "initiating_org_name", bp_api_str_or_null(k->initiating_org_name));
    json_object_set_new(o, "noticed_on", json_string(k->noticed_on));
    json_object_set_new(o, "route", json_string(bp_route_codes[k->route]));
    json_object_set_new(o, "requested_by", json_string(bp_requester_codes[k->requested_by]));
    json_object_set_new(o, "triggers", triggers);
    json_object_set_new(o, "created_at", json_integer(k->created_at));
    return o;
}

void bp_h_api_cases(struct bp_ctx *c)
{
    struct bp_case *cases;
    struct bp_audit audit;
    size_t n, i;
    int64_t limit = 50, offset = 0;
    json_t *list;
    enum bp_err rc;
    if (*bp_form_get(&c->form, "limit") &&
        !bp_parse_int64(bp_form_get(&c->form, "limit"), 1, BP_MAX_PAGE_ROWS, &limit)) {
        bp_api_bad(c, "limit", "range");
        return;
    }
    if (*bp_form_get(&c->form, "offset") &&
        !bp_parse_int64(bp_form_get(&c->form, "offset"), 0, 1000000000, &offset)) {
        bp_api_bad(c, "offset", "range");
        return;
    }
    rc =
        bp_uc_case_list(c->w->store, &c->arena, &c->actor, (size_t)limit, (size_t)offset, &cases, &n, &audit);
    if (bp_failed(c, rc))
        return;
    list = json_array();
    for (i = 0; i < n; i++)
        json_array_append_new(list, case_summary_json(&cases[i]));
    bp_json_audited(c, list, &audit);
}

/* A guardian as the reader may see them: a protected person's phone, e-mail and address are absent for
 * every organisation but the initiating one, which is named instead (issue 10 item 10). */
static json_t *guardian_json(struct bp_ctx *c, const struct bp_case_view *v, const struct bp_guardian *g)
{
    json_t *o = bp_api_record(c, &bp_record_guardian, g);
    json_object_set_new(o, "id", json_integer(g->id));
    if (g->contact_withheld) {
        json_object_del(o, "phone");
        json_object_del(o, "email");
        json_object_del(o, "address");
        json_object_set_new(o, "protected_contact", json_string(v->kase.initiating_org_name));
    }
    return o;
}

/* POST: who of the child and the guardians is protected, and from whom (issue 10 item 10). */
enum bp_err bp_api_protection_set(struct bp_ctx *c, const void *in, int64_t *id, struct bp_field_errors *errs)
{
    *id = c->params[0]; /* the answer names the case */
    return bp_uc_protection_set(c->w->store, &c->arena, &c->actor, c->params[0], in, errs);
}

void bp_h_api_case_show(struct bp_ctx *c)
{
    struct bp_case_view v;
    struct bp_audit audit;
    json_t *o, *guardians, *events, *orgs;
    size_t i;
    enum bp_err rc = bp_uc_case_view(c->w->store, &c->arena, &c->actor, c->params[0], &v, &audit);
    if (rc == BP_ERR_FORBIDDEN || rc == BP_ERR_NOT_FOUND) {
        bp_fail(c, rc);
        bp_audit_then_respond(c, &audit);
        return;
    }
    if (bp_failed(c, rc))
        return;
    o = case_summary_json(&v.kase);
    json_object_set_new(o, "reason", json_string(v.kase.reason));
    json_object_set_new(o, "initiator_name", bp_api_str_or_null(v.kase.initiator_name));
    json_object_set_new(o, "child",
                        json_pack("{sI ss? ss? ss ss? ss? ss? sb ss? sb}", "id", (json_int_t)v.child.id,
                                  "given_name", v.child.given_name, "family_name", v.child.family_name,
                                  "id_kind", bp_id_kind_codes[v.child.id_kind], "id_number",
                                  v.child.id_number, "birth_date", v.child.birth_date, "language",
                                  v.child.language, "needs_interpreter", v.child.needs_interpreter,
                                  "interpreter_language", v.child.interpreter_language, "picture_support",
                                  v.child.picture_support));
    json_object_set_new(json_object_get(o, "child"), "protected", json_boolean(v.child.protected));
    guardians = json_array();
    for (i = 0; i < v.n_guardians; i++)
        json_array_append_new(guardians, guardian_json(c, &v, &v.guardians[i]));
    json_object_set_new(o, "guardians", guardians);
    if (v.access != BP_ACCESS_ASKED) { /* issue 10 item 10: who is protected, from whom */
        struct bp_protection p;
        bp_protection_of(&v.child, v.guardians, v.n_guardians, &p);
        json_object_set_new(o, "protection", bp_api_record(c, &bp_record_protection, &p));
    }
    events = json_array();
    for (i = 0; i < v.n_events; i++)
        json_array_append_new(events, json_pack("{sI ss? ss? ss? ss?}", "at", (json_int_t)v.events[i].at,
                                                "kind", v.events[i].kind, "user_name", v.events[i].user_name,
                                                "org_name", v.events[i].org_name, "note", v.events[i].note));
    json_object_set_new(o, "timeline", events);
    orgs = json_array();
    for (i = 0; i < v.n_orgs; i++)
        json_array_append_new(orgs, org_json(v.orgs[i].id, v.orgs[i].name, NULL));
    json_object_set_new(o, "organisations", orgs);
    json_object_set_new(o, "access",
                        json_string(v.access == BP_ACCESS_FULL     ? "full"
                                    : v.access == BP_ACCESS_INTAKE ? "intake"
                                                                   : "asked"));
    if (v.has_ask) /* V-2.6: who asked the actor's organisation to take part */
        json_object_set_new(o, "asked",
                            json_pack("{sI ss? ss?}", "at", (json_int_t)v.ask.at, "by_name", v.ask.by_name,
                                      "by_email", v.ask.by_email));
    json_object_set_new(o, "consents", bp_api_consents_json(c, &v));
    json_object_set_new(o, "closure_proposed", json_boolean(v.kase.closure_proposed_at != 0));
    bp_json_audited(c, o, &audit);
}

/* Decodes a registration body ({child, guardians[], initiative}) with the tables of forms_case.c: the
 * shape first (each part an object, at most BP_MAX_GUARDIANS guardians), then each part's members. */
static bool decode_registration(struct bp_ctx *c, json_t *body, struct bp_registration_input *in,
                                struct bp_field_errors *errs)
{
    json_t *child = json_object_get(body, "child"), *guardians = json_object_get(body, "guardians");
    json_t *ini = json_object_get(body, "initiative"), *g;
    size_t i;
    memset(in, 0, sizeof(*in));
    if (!json_is_object(child))
        bp_field_errors_add(errs, "child", child ? "type" : "required");
    if (!json_is_object(ini))
        bp_field_errors_add(errs, "initiative", ini ? "type" : "required");
    if (guardians && !json_is_array(guardians))
        bp_field_errors_add(errs, "guardians", "type");
    else if (guardians && json_array_size(guardians) > BP_MAX_GUARDIANS)
        bp_field_errors_add(errs, "guardians", "too_many");
    if (errs->count)
        return false;
    bp_api_decode(c, child, &bp_record_child, in, errs);
    json_array_foreach(guardians, i, g)
    {
        if (!json_is_object(g))
            bp_field_errors_add(errs, bp_arena_printf(&c->arena, "guardians.%zu", i), "type");
        else
            bp_api_decode_at(c, g, &bp_record_guardian, i, &in->guardians[i], errs);
        in->n_guardians = i + 1;
    }
    bp_api_decode(c, ini, &bp_record_initiative, in, errs);
    if (!in->model)
        in->model = bp_model_codes[c->w->site->cfg->default_model];
    return errs->count == 0;
}

void bp_h_api_case_create(struct bp_ctx *c)
{
    struct bp_registration_input in;
    struct bp_field_errors errs = {0};
    json_t *body = bp_api_body(c), *out;
    int64_t case_id = 0;
    enum bp_err rc;
    if (!body)
        return;
    if (!decode_registration(c, body, &in, &errs)) {
        bp_api_field_errors(c, &errs);
        json_decref(body);
        return;
    }
    rc = bp_uc_register_case(c->w->store, &c->arena, &c->actor, &in, &case_id, &errs);
    json_decref(body);
    if (rc == BP_ERR_INVALID) {
        bp_api_field_errors(c, &errs);
        return;
    }
    if (bp_failed(c, rc))
        return;
    out = json_object();
    json_object_set_new(out, "id", json_integer(case_id));
    c->location = bp_arena_printf(&c->arena, "/api/v1/cases/%lld", (long long)case_id);
    bp_json(c, 201, out);
}

void bp_h_api_audit(struct bp_ctx *c)
{
    struct bp_audit_filter f;
    struct bp_audit *rows, audit;
    size_t n, i;
    json_t *list;
    enum bp_err rc;
    bp_audit_filter_from_form(c, &f);
    rc = bp_uc_audit_search(c->w->store, &c->arena, &c->actor, &f, &rows, &n, &audit);
    if (rc != BP_OK) {
        bp_fail(c, rc);
        if (rc == BP_ERR_FORBIDDEN)
            bp_audit_then_respond(c, &audit);
        return;
    }
    list = json_array();
    for (i = 0; i < n; i++) {
        const struct bp_audit *e = &rows[i];
        json_array_append_new(list, json_pack("{sI sI sI ss? sI ss? sI sI ss? ss? ss? ss? ss?}", "id",
                                              (json_int_t)e->id, "at", (json_int_t)e->at, "user_id",
                                              (json_int_t)e->user_id, "username", e->username, "org_id",
                                              (json_int_t)e->org_id, "org_name", e->org_name, "child_id",
                                              (json_int_t)e->child_id, "case_id", (json_int_t)e->case_id,
                                              "action", e->action, "object", e->object, "channel", e->channel,
                                              "address", e->address, "detail", e->detail));
    }
    bp_json_audited(c, list, &audit);
}
