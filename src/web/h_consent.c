/* h_consent.c: the consent ledger's pages and API (V-2.x, K-2.x): record a consent for one
 * organisation, change it, withdraw it; and the notifications page. Each handler decodes, calls one use
 * case (app/consent.c) and renders or redirects. */
#include <jansson.h>
#include "web/web.h"
#include "util/date.h"
#include "util/limits.h"

#define T(msgid) bp_tr(c->lang, msgid)

static const char *guardian_name(const struct bp_case_view *v, int64_t id)
{
    size_t i;
    for (i = 0; i < v->n_guardians; i++)
        if (v->guardians[i].id == id)
            return v->guardians[i].name;
    return "";
}

/* Who gave the consent, in words: the guardians' names, or the adult student. */
static const char *given_by(struct bp_ctx *c, const struct bp_case_view *v, const struct bp_consent *k)
{
    if (k->giver == BP_CONSENT_BY_ADULT_STUDENT)
        return bp_label(c->lang, "consent_giver", "adult_student");
    if (k->n_guardians == 2)
        return bp_arena_printf(&c->arena, "%s %s %s", guardian_name(v, k->guardian_ids[0]), T(N_("och")),
                               guardian_name(v, k->guardian_ids[1]));
    return k->n_guardians ? guardian_name(v, k->guardian_ids[0]) : "";
}

struct bp_tv *bp_consent_rows(struct bp_ctx *c, const struct bp_case_view *v)
{
    struct bp_arena *a = &c->arena;
    struct bp_tv *list = bp_tv_list(a);
    struct bp_date today = bp_actor_today(&c->actor);
    size_t i;
    for (i = 0; i < v->n_consents; i++) {
        const struct bp_consent *k = &v->consents[i];
        struct bp_tv *o = bp_tv_obj(a);
        bool in_force = bp_consent_in_force(k, today);
        bp_tv_set_int(a, o, "id", k->id);
        bp_tv_set_str(a, o, "org", k->org_name);
        bp_tv_set_str(a, o, "given_by", given_by(c, v, k));
        bp_tv_set_str(a, o, "given_on", bp_date_text(a, k->given_on));
        bp_tv_set_str(a, o, "renew_on", k->has_renewal ? bp_date_text(a, k->renew_on) : NULL);
        bp_tv_set_str(a, o, "form", bp_label(c->lang, "consent_form", bp_consent_form_codes[k->form]));
        bp_tv_set_str(a, o, "scope", k->scope);
        bp_tv_set_str(a, o, "child_view", k->child_view);
        bp_tv_set_str(a, o, "maturity_note", k->maturity_note);
        bp_tv_set_bool(a, o, "covers_preparation", k->covers_preparation);
        bp_tv_set_str(a, o, "obtained_by", k->obtained_by_name);
        bp_tv_set_bool(a, o, "active", k->status == BP_CONSENT_ACTIVE);
        bp_tv_set_bool(a, o, "in_force", in_force);
        bp_tv_set_bool(a, o, "lapsed", k->status == BP_CONSENT_ACTIVE && !in_force);
        bp_tv_set_bool(a, o, "withdrawn", k->status == BP_CONSENT_WITHDRAWN);
        bp_tv_set_bool(a, o, "replaced", k->status == BP_CONSENT_REPLACED);
        if (k->status == BP_CONSENT_WITHDRAWN) {
            bp_tv_set_str(a, o, "withdrawn_on", bp_date_text(a, k->withdrawn_on));
            bp_tv_set_str(a, o, "withdrawn_by",
                          bp_label(c->lang, "withdrawer", bp_consent_withdrawer_codes[k->withdrawn_by]));
            bp_tv_set_str(a, o, "withdrawal_note", k->withdrawal_note);
        }
        bp_tv_set_str(a, o, "status",
                      in_force                            ? T(N_("Gäller"))
                      : k->status == BP_CONSENT_WITHDRAWN ? T(N_("Återkallat"))
                      : k->status == BP_CONSENT_REPLACED  ? T(N_("Ersatt av ett ändrat samtycke"))
                                                          : T(N_("Gäller inte (förnyelsedatum passerat)")));
        bp_consent_scan_row(c, v, k, o); /* consent scans */
        bp_tv_push(a, list, o);
    }
    return list;
}

/* ---- the consent form (new and change) ---- */

struct consent_form {
    const struct bp_case_view *v;
    const struct bp_consent *old; /* a change: the consent it replaces */
};

static void render_consent_form(struct bp_ctx *c, int status, const struct consent_form *cf,
                                const struct bp_consent_input *in, const struct bp_field_errors *errs)
{
    struct bp_arena *a = &c->arena;
    struct bp_field_view f = {c, errs, bp_tv_list(a)};
    struct bp_tv *d = bp_tv_obj(a), *vals = bp_tv_obj(a), *err = bp_tv_obj(a), *orgs = bp_tv_list(a);
    struct bp_tv *guardians = bp_tv_list(a);
    struct bp_org *all;
    size_t n, i, j;

    bp_field(&f, vals, err, "org_id", "consent.org_id", in->org_id, T(N_("Verksamhet")));
    bp_field(&f, vals, err, "giver", "consent.giver", in->giver, T(N_("Vem ger samtycket?")));
    bp_field(&f, vals, err, "guardians", "consent.guardians", "", T(N_("Vårdnadshavare som samtycker")));
    bp_field(&f, vals, err, "child_view", "consent.child_view", in->child_view, T(N_("Barnets inställning")));
    bp_field(&f, vals, err, "maturity_note", "consent.maturity_note", in->maturity_note,
             T(N_("Bedömning av barnets ålder och mognad")));
    bp_field(&f, vals, err, "scope", "consent.scope", in->scope,
             T(N_("Vilka uppgifter får delas, och med vilka?")));
    bp_field(&f, vals, err, "form", "consent.form", in->form, T(N_("Samtyckesblankett")));
    bp_field(&f, vals, err, "given_on", "consent.given_on", in->given_on, T(N_("Datum för samtycket")));
    bp_field(&f, vals, err, "renew_on", "consent.renew_on", in->renew_on, T(N_("Förnyas senast")));
    if (errs && bp_field_errors_find(errs, "consent")) /* the case itself: closed */
        bp_tv_set_str(a, d, "case_error", bp_error_text(c->lang, bp_field_errors_find(errs, "consent")));
    bp_tv_set_bool(a, vals, "covers_preparation", in->covers_preparation);
    bp_tv_set_bool(a, vals, "adult_student", in->giver && strcmp(in->giver, "adult_student") == 0);
    bp_tv_set(a, vals, "forms",
              bp_options(c, "consent_form", bp_consent_form_codes, BP_CONSENT_FORM_COUNT, in->form));
    if (bp_uc_org_list(c->w->store, a, &c->actor, &all, &n) != BP_OK)
        n = 0;
    bp_sort_orgs_sv(all, n);
    for (i = 0; i < n; i++) {
        struct bp_tv *o = bp_tv_obj(a);
        char *id = bp_arena_printf(a, "%lld", (long long)all[i].id);
        bp_tv_set_str(a, o, "code", id);
        bp_tv_set_str(a, o, "label", all[i].name);
        bp_tv_set_bool(a, o, "selected", in->org_id && strcmp(in->org_id, id) == 0);
        bp_tv_push(a, orgs, o);
    }
    for (i = 0; i < cf->v->n_guardians; i++) {
        struct bp_tv *o = bp_tv_obj(a);
        char *id = bp_arena_printf(a, "%lld", (long long)cf->v->guardians[i].id);
        bool checked = false;
        for (j = 0; j < in->n_guardian_ids; j++)
            checked |= strcmp(in->guardian_ids[j], id) == 0;
        bp_tv_set_str(a, o, "id", id);
        bp_tv_set_str(a, o, "name", cf->v->guardians[i].name);
        bp_tv_set_str(a, o, "custody",
                      bp_label(c->lang, "custody", bp_custody_codes[cf->v->guardians[i].custody]));
        bp_tv_set_bool(a, o, "checked", checked);
        bp_tv_push(a, guardians, o);
    }
    bp_tv_set(a, vals, "orgs", orgs);
    bp_tv_set(a, vals, "guardian_list", guardians);
    bp_tv_set(a, vals, "err", err);
    bp_tv_set(a, d, "page", bp_page_ctx(c, cf->old ? N_("Ändra samtycke") : N_("Registrera samtycke")));
    bp_tv_set_int(a, d, "case_id", cf->v->kase.id);
    bp_tv_set_str(a, d, "child_name",
                  bp_arena_printf(a, "%s %s", cf->v->child.given_name, cf->v->child.family_name));
    bp_tv_set_bool(a, d, "kronoberg", cf->v->kase.model == BP_MODEL_KRONOBERG);
    if (cf->old) {
        bp_tv_set_int(a, d, "consent_id", cf->old->id);
        bp_tv_set_str(a, d, "old_org", cf->old->org_name);
    }
    bp_tv_set(a, d, "consent", vals);
    bp_tv_set(a, d, "errors", f.summary);
    bp_tv_set_bool(a, d, "has_errors", errs && errs->count > 0);
    bp_render(c, status, "consent_form", d);
}

static void read_consent_form(struct bp_ctx *c, struct bp_consent_input *in)
{
    struct bp_arena *a = &c->arena;
    size_t i;
#define V(name) bp_trim(a, bp_form_get(&c->form, name))
    memset(in, 0, sizeof(*in));
    in->org_id = V("consent.org_id");
    in->giver = V("consent.giver");
    in->child_view = V("consent.child_view");
    in->maturity_note = V("consent.maturity_note");
    in->scope = V("consent.scope");
    in->form = V("consent.form");
    in->given_on = V("consent.given_on");
    in->renew_on = V("consent.renew_on");
    in->covers_preparation = bp_form_has(&c->form, "consent.covers_preparation", "1");
    for (i = 0; i < c->form.count && in->n_guardian_ids < BP_ARRAY_LEN(in->guardian_ids); i++)
        if (strcmp(c->form.fields[i].name, "consent.guardians") == 0)
            in->guardian_ids[in->n_guardian_ids++] = c->form.fields[i].value;
#undef V
}

/* Loads the case (and the consent when consent_id is not 0) for a form page, or answers the failure. */
static bool load_for_form(struct bp_ctx *c, int64_t consent_id, struct bp_case_view *v,
                          struct bp_consent *old)
{
    struct bp_audit audit;
    enum bp_err rc = consent_id ? bp_uc_consent_get(c->w->store, &c->arena, &c->actor, c->params[0],
                                                    consent_id, v, old, &audit)
                                : bp_uc_case_view(c->w->store, &c->arena, &c->actor, c->params[0], v, &audit);
    if (rc != BP_OK) {
        bp_fail(c, rc);
        if (rc == BP_ERR_FORBIDDEN || rc == BP_ERR_NOT_FOUND)
            bp_audit_then_respond(c, &audit);
        return false;
    }
    bp_audit_then_respond(c, &audit);
    return true;
}

/* A new form: today's date, the model's regional form, and the guardians ticked (V-2.1: all of them). */
static void fresh_input(struct bp_ctx *c, const struct bp_case_view *v, struct bp_consent_input *in)
{
    size_t i;
    memset(in, 0, sizeof(*in));
    in->given_on = bp_date_text(&c->arena, bp_actor_today(&c->actor));
    in->form = bp_consent_form_codes[bp_consent_form_for(v->kase.model)];
    in->giver = "guardians";
    for (i = 0; i < v->n_guardians && i < BP_ARRAY_LEN(in->guardian_ids); i++)
        in->guardian_ids[in->n_guardian_ids++] =
            bp_arena_printf(&c->arena, "%lld", (long long)v->guardians[i].id);
}

void bp_h_consent_new(struct bp_ctx *c)
{
    struct bp_case_view v;
    struct bp_consent_input in;
    struct consent_form cf = {&v, NULL};
    if (!load_for_form(c, 0, &v, NULL))
        return;
    fresh_input(c, &v, &in);
    render_consent_form(c, 200, &cf, &in, NULL);
}

void bp_h_consent_edit(struct bp_ctx *c)
{
    struct bp_case_view v;
    struct bp_consent old;
    struct bp_consent_input in;
    struct consent_form cf = {&v, &old};
    size_t i;
    if (!load_for_form(c, c->params[1], &v, &old))
        return;
    memset(&in, 0, sizeof(in));
    // NOLINTNEXTLINE(clang-analyzer-core.CallAndMessage): old is loaded: route ids are at least 1 (routes.c)
    in.org_id = bp_arena_printf(&c->arena, "%lld", (long long)old.org_id);
    in.giver = bp_consent_giver_codes[old.giver];
    in.child_view = old.child_view;
    in.maturity_note = old.maturity_note;
    in.scope = old.scope;
    in.form = bp_consent_form_codes[old.form];
    in.given_on = bp_date_text(&c->arena, bp_actor_today(&c->actor)); /* the change is given today */
    in.renew_on = old.has_renewal ? bp_date_text(&c->arena, old.renew_on) : "";
    in.covers_preparation = old.covers_preparation;
    for (i = 0; i < old.n_guardians; i++)
        in.guardian_ids[in.n_guardian_ids++] =
            bp_arena_printf(&c->arena, "%lld", (long long)old.guardian_ids[i]);
    render_consent_form(c, 200, &cf, &in, NULL);
}

/* After a failed write: the form again, as typed, with the messages. */
static void consent_form_again(struct bp_ctx *c, enum bp_err rc, int64_t consent_id,
                               const struct bp_consent_input *in, const struct bp_field_errors *errs)
{
    struct bp_case_view v;
    struct bp_consent old;
    struct consent_form cf = {&v, consent_id ? &old : NULL};
    if (rc != BP_ERR_INVALID && rc != BP_ERR_CONFLICT) {
        bp_fail(c, rc);
        return;
    }
    if (!load_for_form(c, consent_id, &v, &old))
        return;
    render_consent_form(c, rc == BP_ERR_INVALID ? 422 : 409, &cf, in, errs);
}

void bp_h_consent_create(struct bp_ctx *c)
{
    struct bp_consent_input in;
    struct bp_field_errors errs = {0};
    int64_t id = 0;
    enum bp_err rc;
    read_consent_form(c, &in);
    rc = bp_uc_consent_record(c->w->store, &c->arena, &c->actor, c->params[0], &in, &id, &errs);
    if (rc != BP_OK) {
        consent_form_again(c, rc, 0, &in, &errs);
        return;
    }
    bp_redirect(c,
                bp_arena_printf(&c->arena, "/cases/%lld?consent=recorded#consents", (long long)c->params[0]));
}

void bp_h_consent_change(struct bp_ctx *c)
{
    struct bp_consent_input in;
    struct bp_field_errors errs = {0};
    int64_t id = 0;
    enum bp_err rc;
    read_consent_form(c, &in);
    rc = bp_uc_consent_change(c->w->store, &c->arena, &c->actor, c->params[0], c->params[1], &in, &id, &errs);
    if (rc != BP_OK) {
        consent_form_again(c, rc, c->params[1], &in, &errs);
        return;
    }
    bp_redirect(c,
                bp_arena_printf(&c->arena, "/cases/%lld?consent=changed#consents", (long long)c->params[0]));
}

/* ---- withdrawal ---- */

static void render_withdraw_form(struct bp_ctx *c, int status, const struct bp_case_view *v,
                                 const struct bp_consent *k, const struct bp_withdrawal_input *in,
                                 const struct bp_field_errors *errs)
{
    struct bp_arena *a = &c->arena;
    struct bp_field_view f = {c, errs, bp_tv_list(a)};
    struct bp_tv *d = bp_tv_obj(a), *vals = bp_tv_obj(a), *err = bp_tv_obj(a);
    bp_field(&f, vals, err, "by", "withdrawal.by", in->by, T(N_("Vem återkallar samtycket?")));
    bp_field(&f, vals, err, "on", "withdrawal.on", in->on, T(N_("Datum")));
    bp_field(&f, vals, err, "note", "withdrawal.note", in->note, T(N_("Anteckning")));
    bp_tv_set(a, vals, "options",
              bp_options(c, "withdrawer", bp_consent_withdrawer_codes, BP_WITHDRAWER_COUNT, in->by));
    bp_tv_set(a, vals, "err", err);
    bp_tv_set(a, d, "page", bp_page_ctx(c, N_("Återkalla samtycke")));
    bp_tv_set_int(a, d, "case_id", v->kase.id);
    // NOLINTNEXTLINE(clang-analyzer-core.CallAndMessage): callers load k (route ids are at least 1, routes.c)
    bp_tv_set_int(a, d, "consent_id", k->id);
    bp_tv_set_str(a, d, "org", k->org_name);
    bp_tv_set_str(a, d, "child_name", bp_arena_printf(a, "%s %s", v->child.given_name, v->child.family_name));
    bp_tv_set(a, d, "withdrawal", vals);
    bp_tv_set(a, d, "errors", f.summary);
    bp_tv_set_bool(a, d, "has_errors", errs && errs->count > 0);
    bp_render(c, status, "consent_withdraw", d);
}

void bp_h_consent_withdraw_form(struct bp_ctx *c)
{
    struct bp_case_view v;
    struct bp_consent k;
    struct bp_withdrawal_input in = {0};
    if (!load_for_form(c, c->params[1], &v, &k))
        return;
    in.on = bp_date_text(&c->arena, bp_actor_today(&c->actor));
    render_withdraw_form(c, 200, &v, &k, &in, NULL);
}

void bp_h_consent_withdraw(struct bp_ctx *c)
{
    struct bp_arena *a = &c->arena;
    struct bp_withdrawal_input in = {bp_trim(a, bp_form_get(&c->form, "withdrawal.by")),
                                     bp_trim(a, bp_form_get(&c->form, "withdrawal.on")),
                                     bp_trim(a, bp_form_get(&c->form, "withdrawal.note"))};
    struct bp_field_errors errs = {0};
    struct bp_withdrawal_result res;
    enum bp_err rc =
        bp_uc_consent_withdraw(c->w->store, a, &c->actor, c->params[0], c->params[1], &in, &res, &errs);
    if (rc == BP_ERR_INVALID) {
        struct bp_case_view v;
        struct bp_consent k;
        if (load_for_form(c, c->params[1], &v, &k))
            render_withdraw_form(c, 422, &v, &k, &in, &errs);
        return;
    }
    if (rc != BP_OK) {
        bp_fail(c, rc);
        return;
    }
    if (res.actor_lost_access) /* the case is closed to this organisation now */
        bp_redirect(c, "/cases?consent=withdrawn");
    else
        bp_redirect(c, bp_arena_printf(a, "/cases/%lld?consent=withdrawn%s#consents", (long long)c->params[0],
                                       res.closure_proposed ? "&closure=proposed" : ""));
}

/* ---- notifications ---- */

/* Shows the notifications; GET never writes: they are marked read by the page's button (below). */
void bp_h_notifications(struct bp_ctx *c)
{
    struct bp_arena *a = &c->arena;
    struct bp_notification *list;
    struct bp_tv *d = bp_tv_obj(a), *rows = bp_tv_list(a);
    size_t n, i;
    bool unread = false;
    enum bp_err rc = bp_uc_notifications(c->w->store, a, &c->actor, false, &list, &n);
    if (rc != BP_OK) {
        bp_fail(c, rc);
        return;
    }
    for (i = 0; i < n; i++) {
        struct bp_tv *o = bp_tv_obj(a);
        char at[17];
        bp_time_format_local(list[i].at, at);
        bp_tv_set_str(a, o, "at", bp_arena_strdup(a, at));
        bp_tv_set_str(a, o, "what", bp_label(c->lang, "notification", list[i].kind));
        bp_tv_set_str(a, o, "org", list[i].org_name);
        bp_tv_set_int(a, o, "case_id", list[i].case_id);
        bp_tv_set_bool(a, o, "unread", list[i].read_at == 0);
        bp_tv_push(a, rows, o);
        unread |= list[i].read_at == 0;
    }
    bp_tv_set(a, d, "page", bp_page_ctx(c, N_("Aviseringar")));
    bp_tv_set(a, d, "notifications", rows);
    bp_tv_set_bool(a, d, "has_notifications", n > 0);
    bp_tv_set_bool(a, d, "has_unread", unread);
    bp_render(c, 200, "notifications", d);
}

void bp_h_notifications_read(struct bp_ctx *c)
{
    struct bp_notification *list;
    size_t n;
    enum bp_err rc = bp_uc_notifications(c->w->store, &c->arena, &c->actor, true, &list, &n);
    if (rc != BP_OK) {
        bp_fail(c, rc);
        return;
    }
    bp_redirect(c, "/notifications");
}

/* ---- the API ---- */

static json_t *consent_json(const struct bp_consent *k, struct bp_date today)
{
    json_t *o = json_object(), *g = json_array();
    char buf[11];
    size_t i;
    for (i = 0; i < k->n_guardians; i++)
        json_array_append_new(g, json_integer(k->guardian_ids[i]));
    json_object_set_new(o, "id", json_integer(k->id));
    json_object_set_new(o, "org_id", json_integer(k->org_id));
    json_object_set_new(o, "org_name", bp_api_str_or_null(k->org_name));
    json_object_set_new(o, "giver", json_string(bp_consent_giver_codes[k->giver]));
    json_object_set_new(o, "guardian_ids", g);
    json_object_set_new(o, "child_view", bp_api_str_or_null(k->child_view));
    json_object_set_new(o, "maturity_note", bp_api_str_or_null(k->maturity_note));
    json_object_set_new(o, "scope", bp_api_str_or_null(k->scope));
    json_object_set_new(o, "covers_preparation", json_boolean(k->covers_preparation));
    json_object_set_new(o, "form", json_string(bp_consent_form_codes[k->form]));
    bp_date_format(k->given_on, buf);
    json_object_set_new(o, "given_on", json_string(buf));
    if (k->has_renewal) {
        bp_date_format(k->renew_on, buf);
        json_object_set_new(o, "renew_on", json_string(buf));
    } else {
        json_object_set_new(o, "renew_on", json_null());
    }
    json_object_set_new(o, "obtained_by", json_integer(k->obtained_by));
    json_object_set_new(o, "obtained_by_name", bp_api_str_or_null(k->obtained_by_name));
    json_object_set_new(o, "status", json_string(bp_consent_status_codes[k->status]));
    json_object_set_new(o, "in_force", json_boolean(bp_consent_in_force(k, today)));
    if (k->status == BP_CONSENT_WITHDRAWN) {
        bp_date_format(k->withdrawn_on, buf);
        json_object_set_new(o, "withdrawn_on", json_string(buf));
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
        json_t *o = consent_json(&v->consents[i], bp_actor_today(&c->actor));
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
    if (rc != BP_OK) {
        bp_fail(c, rc);
        if (rc == BP_ERR_FORBIDDEN || rc == BP_ERR_NOT_FOUND)
            bp_audit_then_respond(c, &audit);
        return;
    }
    audit.object = "consent";
    bp_json(c, 200, bp_api_consents_json(c, &v));
    bp_audit_then_respond(c, &audit);
}

static bool read_consent_json(struct bp_ctx *c, json_t *body, struct bp_consent_input *in,
                              struct bp_field_errors *errs)
{
    json_t *g = json_object_get(body, "guardian_ids"), *v;
    size_t i;
    memset(in, 0, sizeof(*in));
    in->org_id = bp_api_id(c, body, "org_id", "consent.org_id", errs);
    in->giver = bp_api_str(body, "giver", "consent.giver", errs);
    in->child_view = bp_api_str(body, "child_view", "consent.child_view", errs);
    in->maturity_note = bp_api_str(body, "maturity_note", "consent.maturity_note", errs);
    in->scope = bp_api_str(body, "scope", "consent.scope", errs);
    in->form = bp_api_str(body, "form", "consent.form", errs);
    in->given_on = bp_api_str(body, "given_on", "consent.given_on", errs);
    in->renew_on = bp_api_str(body, "renew_on", "consent.renew_on", errs);
    in->covers_preparation = bp_api_bool(body, "covers_preparation");
    if (g && !json_is_array(g)) {
        bp_field_errors_add(errs, "consent.guardians", "type");
    } else {
        json_array_foreach(g, i, v)
        {
            if (i >= BP_ARRAY_LEN(in->guardian_ids) || !json_is_integer(v)) {
                bp_field_errors_add(errs, "consent.guardians", "not_guardian");
                break;
            }
            in->guardian_ids[in->n_guardian_ids++] =
                bp_arena_printf(&c->arena, "%lld", (long long)json_integer_value(v));
        }
    }
    return errs->count == 0;
}

/* Answers a failed consent write: field errors (422, or 409 for a conflict) or the error. */
static void api_write_failed(struct bp_ctx *c, enum bp_err rc, const struct bp_field_errors *errs)
{
    if ((rc == BP_ERR_INVALID || rc == BP_ERR_CONFLICT) && errs->count) {
        bp_api_field_errors(c, errs);
        c->status = rc == BP_ERR_CONFLICT ? 409 : 422;
        return;
    }
    bp_fail(c, rc);
}

static void api_consent_write(struct bp_ctx *c, bool change)
{
    struct bp_consent_input in;
    struct bp_field_errors errs = {0};
    json_t *body = bp_api_body(c), *out;
    int64_t id = 0;
    enum bp_err rc;
    if (!body)
        return;
    if (!read_consent_json(c, body, &in, &errs)) {
        json_decref(body);
        bp_api_field_errors(c, &errs);
        return;
    }
    rc = change ? bp_uc_consent_change(c->w->store, &c->arena, &c->actor, c->params[0], c->params[1], &in,
                                       &id, &errs)
                : bp_uc_consent_record(c->w->store, &c->arena, &c->actor, c->params[0], &in, &id, &errs);
    if (rc != BP_OK) {
        api_write_failed(c, rc, &errs);
        json_decref(body);
        return;
    }
    json_decref(body); /* the input's strings lived in it */
    out = json_object();
    json_object_set_new(out, "id", json_integer(id));
    bp_json(c, 201, out);
}

void bp_h_api_consent_create(struct bp_ctx *c)
{
    api_consent_write(c, false);
}

void bp_h_api_consent_change(struct bp_ctx *c)
{
    api_consent_write(c, true);
}

void bp_h_api_consent_withdraw(struct bp_ctx *c)
{
    struct bp_field_errors errs = {0};
    struct bp_withdrawal_input in;
    struct bp_withdrawal_result res;
    json_t *body = bp_api_body(c), *out;
    enum bp_err rc;
    if (!body)
        return;
    in.by = bp_api_str(body, "by", "withdrawal.by", &errs);
    in.on = bp_api_str(body, "on", "withdrawal.on", &errs);
    in.note = bp_api_str(body, "note", "withdrawal.note", &errs);
    if (errs.count) {
        json_decref(body);
        bp_api_field_errors(c, &errs);
        return;
    }
    rc = bp_uc_consent_withdraw(c->w->store, &c->arena, &c->actor, c->params[0], c->params[1], &in, &res,
                                &errs);
    if (rc != BP_OK) {
        api_write_failed(c, rc, &errs);
        json_decref(body);
        return;
    }
    json_decref(body);
    out = json_object();
    json_object_set_new(out, "closure_proposed", json_boolean(res.closure_proposed));
    json_object_set_new(out, "access_ended", json_boolean(res.actor_lost_access));
    bp_json(c, 200, out);
}

void bp_h_api_notifications(struct bp_ctx *c)
{
    struct bp_notification *list;
    size_t n, i;
    json_t *out;
    enum bp_err rc = bp_uc_notifications(c->w->store, &c->arena, &c->actor, false, &list, &n);
    if (rc != BP_OK) {
        bp_fail(c, rc);
        return;
    }
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
