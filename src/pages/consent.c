/* consent.c: the consent ledger's pages (V-2.x, K-2.x): record a consent for one
 * organisation, change it, withdraw it; and the notifications page. Each handler decodes, calls one use
 * case (app/consent.c) and renders or redirects. */
#include <jansson.h>
#include "pages/pages.h"
#include "domain/access.h"
#include "util/date.h"
#include "util/limits.h"

#define T(msgid) bp_tr(c->lang, msgid)

void bp_consent_child_answer_tv(struct bp_ctx *c, struct bp_tv *o, const struct bp_consent *k)
{
    if (!k->child_answer) /* none given, or not for this reader (docs/family-access.md) */
        return;
    bp_tv_set_str(&c->arena, o, "child_answer", bp_label(c->lang, "child_answer", k->child_answer));
    bp_tv_set_str(&c->arena, o, "child_answered_on", bp_date_text(&c->arena, k->child_answered_on));
}

/* Who gave the consent, in words: the guardians' names, or the adult student. */
static const char *given_by(struct bp_ctx *c, const struct bp_case_view *v, const struct bp_consent *k)
{
    if (k->giver == BP_CONSENT_BY_ADULT_STUDENT)
        return bp_label(c->lang, "consent_giver", "adult_student");
    if (k->n_guardians == 2)
        return bp_arena_printf(
            &c->arena, "%s %s %s", bp_guardian_name_in(v->guardians, v->n_guardians, k->guardian_ids[0]),
            T(N_("och")), bp_guardian_name_in(v->guardians, v->n_guardians, k->guardian_ids[1]));
    return k->n_guardians ? bp_guardian_name_in(v->guardians, v->n_guardians, k->guardian_ids[0]) : "";
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
        bp_tv_record(c, o, &bp_record_consent, k); /* the dates, the form, the scope, the child's view */
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
        bp_consent_child_answer_tv(c, o, k);
        bp_tv_push(a, list, o);
    }
    return list;
}

/* ---- the consent form (new and change; its fields: domain/forms_consent.c, drawn by http/fields.c) ---- */

struct consent_form {
    const struct bp_case_view *v;
    const struct bp_consent *old; /* a change: the consent it replaces */
    struct bp_org *orgs;          /* every organisation, for a new one */
    size_t n_orgs;
};

/* The choices that depend on the case: the organisations, the child's guardians, who gives consent. */
static size_t consent_choices(struct bp_ctx *c, const struct bp_field_def *f, void *ud,
                              const struct bp_choice **out)
{
    const struct consent_form *cf = ud;
    struct bp_arena *a = &c->arena;
    struct bp_choice *ch = bp_arena_alloc(a, (cf->n_orgs + BP_MAX_GUARDIANS + 2) * sizeof(*ch));
    size_t i, n = 0;
    *out = ch;
    if (f->kind == BP_FIELD_ORG) {
        for (i = 0; i < cf->n_orgs; i++)
            ch[n++] = (struct bp_choice){bp_id_text(a, cf->orgs[i].id), cf->orgs[i].name};
    } else if (f->kind == BP_FIELD_GUARDIANS) {
        for (i = 0; i < cf->v->n_guardians && i < BP_MAX_GUARDIANS; i++) {
            const struct bp_guardian *g = &cf->v->guardians[i];
            if (!bp_has_custody(g))
                continue; /* V-2.1: a parent without custody gives no consent */
            ch[n++] = (struct bp_choice){
                bp_id_text(a, g->id),
                bp_arena_printf(a, "%s (%s)", g->name,
                                bp_label(c->lang, "custody", bp_custody_codes[g->custody]))};
        }
    } else if (strcmp(f->path, "consent.giver") == 0) { /* V-2.1: both in joint custody; an adult pupil */
        ch[n++] = (struct bp_choice){"guardians", T(N_("Vårdnadshavarna (båda vid gemensam vårdnad)"))};
        ch[n++] = (struct bp_choice){"adult_student", T(N_("Myndig elev (18 år eller äldre) för egen del"))};
    } else {
        *out = NULL;
    }
    return n;
}

/* The error summary, and an error of the case itself (closed) above the form. */
static void set_errors(struct bp_ctx *c, struct bp_tv *d, const struct bp_field_errors *errs,
                       const char *case_field)
{
    struct bp_arena *a = &c->arena;
    const char *code = errs ? bp_field_errors_find(errs, case_field) : NULL;
    if (code)
        bp_tv_set_str(a, d, "case_error", bp_error_text(c->lang, code));
    bp_tv_set(a, d, "errors", bp_form_summary(c, errs));
    bp_tv_set_bool(a, d, "has_errors", errs && errs->count > 0);
}

static void set_case(struct bp_ctx *c, struct bp_tv *d, const struct bp_case_view *v, const char *title)
{
    struct bp_arena *a = &c->arena;
    bp_tv_set(a, d, "page", bp_page_ctx(c, title));
    bp_tv_set_int(a, d, "case_id", v->kase.id);
    bp_tv_set_str(a, d, "child_name", bp_arena_printf(a, "%s %s", v->child.given_name, v->child.family_name));
    bp_tv_set_bool(a, d, "case_closed", v->kase.status == BP_CASE_CLOSED); /* read-only: no form */
    bp_tv_protected(a, d, &v->kase);                                       /* issue 10 item 10 */
}

static void render_consent_form(struct bp_ctx *c, int status, struct consent_form *cf,
                                const struct bp_form_src *src, const struct bp_field_errors *errs)
{
    struct bp_arena *a = &c->arena;
    struct bp_tv *d = bp_tv_obj(a);
    size_t i, kept;
    if (bp_uc_org_list(c->w->store, a, &c->actor, &cf->orgs, &cf->n_orgs) != BP_OK)
        cf->n_orgs = 0;
    /* V-2.6: in Västerbotten, and for an organisation asked to take part, one's own organisations only */
    for (i = kept = 0; i < cf->n_orgs; i++)
        if (bp_access_may_record_consent(&c->user, cf->v->kase.model,
                                         &(struct bp_access_decision){cf->v->access, 0, cf->v->via_org_id},
                                         cf->orgs[i].id))
            cf->orgs[kept++] = cf->orgs[i];
    cf->n_orgs = kept;
    bp_sort_orgs_sv(cf->orgs, cf->n_orgs);
    set_errors(c, d, errs, "consent");
    set_case(c, d, cf->v, cf->old ? N_("Ändra samtycke") : N_("Registrera samtycke"));
    bp_tv_set_bool(a, d, "kronoberg", cf->v->kase.model == BP_MODEL_KRONOBERG);
    if (cf->old) {
        bp_tv_set_int(a, d, "consent_id", cf->old->id);
        bp_tv_set_str(a, d, "old_org", cf->old->org_name);
    }
    bp_tv_set(a, d, "consent", bp_form_view(c, &bp_record_consent, src, errs, consent_choices, cf));
    bp_render(c, status, "consent_form", d);
}

/* Loads the case (and the consent when consent_id is not 0) for a form page, or answers the failure. */
static bool load_for_form(struct bp_ctx *c, int64_t consent_id, struct bp_case_view *v,
                          struct bp_consent *old)
{
    struct bp_audit audit;
    enum bp_err rc = consent_id ? bp_uc_consent_get(c->w->store, &c->arena, &c->actor, c->params[0],
                                                    consent_id, v, old, &audit)
                                : bp_uc_case_view(c->w->store, &c->arena, &c->actor, c->params[0], v, &audit);
    return bp_read_ok(c, rc, &audit);
}

/* A new form: today's date, the model's regional form, and the guardians ticked (V-2.1: all of them). */
void bp_h_consent_new(struct bp_ctx *c)
{
    struct bp_case_view v;
    struct bp_consent_input in = {0};
    struct consent_form cf = {&v, NULL, NULL, 0};
    struct bp_form_src src = {false, NULL, &in};
    size_t i;
    if (!load_for_form(c, 0, &v, NULL))
        return;
    in.form = bp_consent_form_codes[bp_consent_form_for(v.kase.model)];
    if (v.access != BP_ACCESS_FULL || v.kase.model == BP_MODEL_VASTERBOTTEN) /* V-2.6: its own, as a rule */
        in.org_id = bp_id_text(&c->arena, v.via_org_id);
    for (i = 0; i < v.n_guardians && in.n_guardian_ids < BP_ARRAY_LEN(in.guardian_ids); i++)
        if (bp_has_custody(&v.guardians[i])) /* V-2.1: the guardians with custody, never a parent without */
            in.guardian_ids[in.n_guardian_ids++] = bp_id_text(&c->arena, v.guardians[i].id);
    render_consent_form(c, 200, &cf, &src, NULL);
}

/* A change: what the consent says, given today. */
void bp_h_consent_edit(struct bp_ctx *c)
{
    struct bp_case_view v;
    struct bp_consent old;
    struct consent_form cf = {&v, &old, NULL, 0};
    struct bp_form_src src = {false, &old, NULL};
    if (!load_for_form(c, c->params[1], &v, &old))
        return;
    old.given_on = bp_actor_today(&c->actor);
    render_consent_form(c, 200, &cf, &src, NULL);
}

/* After a write: the case page, or the form again, as typed, with the messages. */
static void consent_done(struct bp_ctx *c, enum bp_err rc, int64_t consent_id,
                         const struct bp_field_errors *errs, const char *what)
{
    struct bp_case_view v;
    struct bp_consent old;
    struct consent_form cf = {&v, consent_id ? &old : NULL, NULL, 0};
    struct bp_form_src src = {true, NULL, NULL};
    if (rc == BP_OK)
        bp_redirect(
            c, bp_arena_printf(&c->arena, "/cases/%lld?consent=%s#consents", (long long)c->params[0], what));
    else if (rc != BP_ERR_INVALID && rc != BP_ERR_CONFLICT)
        bp_fail(c, rc);
    else if (load_for_form(c, consent_id, &v, &old))
        render_consent_form(c, rc == BP_ERR_INVALID ? 422 : 409, &cf, &src, errs);
}

void bp_h_consent_create(struct bp_ctx *c)
{
    struct bp_consent_input in = {0};
    struct bp_field_errors errs = {0};
    int64_t id = 0;
    bp_form_read(c, &bp_record_consent, &in);
    consent_done(c, bp_uc_consent_record(c->w->store, &c->arena, &c->actor, c->params[0], &in, &id, &errs), 0,
                 &errs, "recorded");
}

void bp_h_consent_change(struct bp_ctx *c)
{
    struct bp_consent_input in = {0};
    struct bp_field_errors errs = {0};
    int64_t id = 0;
    bp_form_read(c, &bp_record_consent, &in);
    consent_done(
        c,
        bp_uc_consent_change(c->w->store, &c->arena, &c->actor, c->params[0], c->params[1], &in, &id, &errs),
        c->params[1], &errs, "changed");
}

/* ---- withdrawal ---- */

static void render_withdraw_form(struct bp_ctx *c, int status, const struct bp_case_view *v,
                                 const struct bp_consent *k, const struct bp_field_errors *errs)
{
    struct bp_arena *a = &c->arena;
    struct bp_tv *d = bp_tv_obj(a);
    struct bp_form_src src = {errs != NULL, NULL, NULL};
    set_errors(c, d, errs, "consent");
    set_case(c, d, v, N_("Återkalla samtycke"));
    // NOLINTNEXTLINE(clang-analyzer-core.CallAndMessage): callers load k (route ids are at least 1, routes.c)
    bp_tv_set_int(a, d, "consent_id", k->id);
    bp_tv_set_str(a, d, "org", k->org_name);
    bp_tv_set(a, d, "form", bp_form_view(c, &bp_record_withdrawal, &src, errs, NULL, NULL));
    bp_render(c, status, "consent_withdraw", d);
}

void bp_h_consent_withdraw_form(struct bp_ctx *c)
{
    struct bp_case_view v;
    struct bp_consent k;
    if (load_for_form(c, c->params[1], &v, &k))
        render_withdraw_form(c, 200, &v, &k, NULL);
}

void bp_h_consent_withdraw(struct bp_ctx *c)
{
    struct bp_arena *a = &c->arena;
    struct bp_withdrawal_input in = {0};
    struct bp_field_errors errs = {0};
    struct bp_withdrawal_result res;
    enum bp_err rc;
    bp_form_read(c, &bp_record_withdrawal, &in);
    rc = bp_uc_consent_withdraw(c->w->store, a, &c->actor, c->params[0], c->params[1], &in, &res, &errs);
    if (rc == BP_ERR_INVALID) {
        struct bp_case_view v;
        struct bp_consent k;
        if (load_for_form(c, c->params[1], &v, &k))
            render_withdraw_form(c, 422, &v, &k, &errs);
        return;
    }
    if (bp_failed(c, rc))
        return;
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
    if (bp_failed(c, rc))
        return;
    for (i = 0; i < n; i++) {
        struct bp_tv *o = bp_tv_obj(a);
        bp_tv_set_str(a, o, "at", bp_time_text(a, list[i].at));
        bp_tv_set_str(a, o, "what", bp_label(c->lang, "notification", list[i].kind));
        bp_tv_set_str(a, o, "org", list[i].org_name);
        bp_tv_set_int(a, o, "case_id", list[i].case_id);
        bp_tv_set_bool(a, o, "unread", list[i].read_at == 0);
        bp_tv_push(a, rows, o);
        unread |= list[i].read_at == 0;
    }
    bp_tv_set(a, d, "notifications", rows);
    bp_tv_set_bool(a, d, "has_notifications", n > 0);
    bp_tv_set_bool(a, d, "has_unread", unread);
    bp_render_page(c, "notifications", N_("Aviseringar"), d);
}

void bp_h_notifications_read(struct bp_ctx *c)
{
    struct bp_notification *list;
    size_t n;
    enum bp_err rc = bp_uc_notifications(c->w->store, &c->arena, &c->actor, true, &list, &n);
    if (bp_failed(c, rc))
        return;
    bp_redirect(c, "/notifications");
}
