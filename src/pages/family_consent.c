/* family_consent.c: consent online for the family (issue 10 item 4; V-2.x, K-2.x): the consent ledger
 * (GET /family/cases/{id}/consents), the confirmation before a withdrawal (GET .../consents/{id}/withdraw)
 * and the withdrawal itself (POST). What the member sees and may do is decided in app/family_consent.c by
 * docs/family-access.md's rows consent.*; these handlers draw it, each item in an element marked
 * data-item="<the table's id>". */
#include "pages/pages.h"
#include "domain/family.h"

#define T(msgid) bp_tr(c->lang, msgid)

/* The member and the child, and which of the page's items the role sees (show.<item>). */
static struct bp_tv *page_tv(struct bp_ctx *c, const struct bp_family_consents_view *fv)
{
    struct bp_arena *a = &c->arena;
    struct bp_tv *d = bp_tv_obj(a), *show = bp_tv_obj(a);
    const bool *seen = fv->v.who.show;
    bp_tv_set_bool(a, show, "child_name", seen[BP_FI_CHILD_NAME]);
    bp_tv_set_bool(a, show, "consent_scope", seen[BP_FI_CONSENT_SCOPE]);
    bp_tv_set_bool(a, show, "consent_child_view", seen[BP_FI_CONSENT_CHILD_VIEW]);
    bp_tv_set_bool(a, show, "consent_maturity_note", seen[BP_FI_CONSENT_MATURITY_NOTE]);
    bp_tv_set_bool(a, show, "consent_obtained_by", seen[BP_FI_CONSENT_OBTAINED_BY]);
    bp_tv_set(a, d, "show", show);
    bp_tv_set_int(a, d, "case_id", fv->v.kase.id);
    bp_tv_set_bool(a, d, "is_child", fv->v.who.guardian_id == 0);
    bp_tv_set_bool(a, d, "joint", fv->v.who.role == BP_FR_GUARDIAN_JOINT);
    if (seen[BP_FI_CHILD_NAME]) {
        bp_tv_set_str(a, d, "given_name", fv->v.child.given_name);
        bp_tv_set_str(a, d, "family_name", fv->v.child.family_name);
    }
    return d;
}

/* One row of the ledger, as the member may see it. */
static struct bp_tv *consent_tv(struct bp_ctx *c, const struct bp_family_consent *fc)
{
    struct bp_arena *a = &c->arena;
    const struct bp_consent *k = &fc->k;
    struct bp_tv *o = bp_tv_obj(a);
    bp_tv_record(c, o, &bp_record_consent, k); /* the dates, the scope, the child's view */
    bp_tv_set_int(a, o, "id", k->id);
    bp_tv_set_str(a, o, "org",
                  k->org_name ? k->org_name : T(N_("en verksamhet"))); /* protected (section 6) */
    bp_tv_set_str(a, o, "giver", bp_label(c->lang, "consent_giver", bp_consent_giver_codes[k->giver]));
    bp_tv_set_str(a, o, "obtained_by", k->obtained_by_name);
    bp_tv_set_bool(a, o, "in_force", fc->in_force);
    bp_tv_set_bool(a, o, "may_withdraw", fc->may_withdraw);
    bp_tv_set_bool(a, o, "may_limit", fc->may_limit);
    bp_tv_set_bool(a, o, "has_scan", fc->has_scan);
    bp_tv_set_bool(a, o, "may_child_answer", fc->may_child_answer);
    bp_consent_child_answer_tv(c, o, k); /* consent.child_answer, when the role sees it */
    bp_tv_set_str(a, o, "status",
                  fc->in_force                        ? T(N_("Gäller"))
                  : k->status == BP_CONSENT_WITHDRAWN ? T(N_("Återkallat"))
                  : k->status == BP_CONSENT_REPLACED  ? T(N_("Ersatt av ett ändrat samtycke"))
                                                      : T(N_("Gäller inte (förnyelsedatum passerat)")));
    if (k->status == BP_CONSENT_WITHDRAWN) {
        bp_tv_set_str(a, o, "withdrawn_on", bp_date_text(a, k->withdrawn_on));
        bp_tv_set_str(a, o, "withdrawn_by",
                      bp_label(c->lang, "withdrawer", bp_consent_withdrawer_codes[k->withdrawn_by]));
    }
    return o;
}

/* V-2.6: the organisations asking for consent, and where the member's and the other guardian's answers are.
 */
static void ask_row(struct bp_ctx *c, struct bp_tv *o, const void *item, size_t i, void *ud)
{
    const struct bp_family_ask *k = item;
    struct bp_arena *a = &c->arena;
    bp_tv_set_int(a, o, "org_id", k->org_id);
    bp_tv_set_str(a, o, "org",
                  k->org_name ? k->org_name : T(N_("en verksamhet"))); /* protected (section 6) */
    bp_tv_set_bool(a, o, "mine", k->mine != NULL);
    bp_tv_set_bool(a, o, "other", k->other != NULL);
    bp_tv_set_bool(a, o, "may_give", k->may_give);
}

static bool load(struct bp_ctx *c, struct bp_family_consents_view *fv, struct bp_audit *audit)
{
    enum bp_err rc = bp_uc_family_consents(c->w->store, &c->arena, &c->actor, c->params[0], fv, audit);
    return !bp_read_failed(c, rc, audit);
}

void bp_h_family_consents(struct bp_ctx *c)
{
    struct bp_family_consents_view fv;
    struct bp_audit audit;
    struct bp_tv *d, *list;
    const char *done = bp_form_get(&c->form, "withdrawn");
    size_t i;
    if (!load(c, &fv, &audit))
        return;
    d = page_tv(c, &fv);
    list = bp_tv_list(&c->arena);
    for (i = 0; i < fv.n; i++)
        bp_tv_push(&c->arena, list, consent_tv(c, &fv.items[i]));
    bp_tv_set(&c->arena, d, "consents", list);
    bp_tv_set(&c->arena, d, "asks", bp_tv_each(c, fv.asks, fv.n_asks, sizeof(*fv.asks), ask_row, NULL));
    bp_tv_set_bool(&c->arena, d, "has_asks", fv.n_asks > 0);
    bp_tv_set_bool(&c->arena, d, "has_consents", fv.n > 0);
    bp_tv_set_bool(&c->arena, d, "withdrawn", done && *done);
    done = bp_form_get(&c->form, "limited");
    bp_tv_set_bool(&c->arena, d, "limited", done && *done);
    done = bp_form_get(&c->form, "given");
    bp_tv_set_bool(&c->arena, d, "given", done && *done);
    done = bp_form_get(&c->form, "confirmed");
    bp_tv_set_bool(&c->arena, d, "confirmed", done && *done);
    done = bp_form_get(&c->form, "answered");
    bp_tv_set_bool(&c->arena, d, "answered", done && *done);
    bp_render_page(c, "family_consents", N_("Samtycken"), d);
    bp_audit_then_respond(c, &audit);
}

/* The consent of an action's page (item: consent.withdraw or consent.limit), read and audited; NULL when
 * refused, answered and on record: a forged id or an inactive consent 404, an action not the role's 403. */
static const struct bp_family_consent *action_page(struct bp_ctx *c, enum bp_family_item item,
                                                   struct bp_family_consents_view *fv, struct bp_audit *audit)
{
    size_t i;
    bool role_may;
    if (!load(c, fv, audit))
        return NULL;
    role_may = bp_family_may_change(item, (enum bp_family_role)fv->v.who.role,
                                    (struct bp_family_scope){.own = true, .invited = true, .shared = true});
    for (i = 0; i < fv->n && fv->items[i].k.id != c->params[1]; i++)
        ;
    if (i < fv->n && (item == BP_FI_CONSENT_WITHDRAW ? fv->items[i].may_withdraw
                      : item == BP_FI_CONSENT_LIMIT  ? fv->items[i].may_limit
                                                     : fv->items[i].may_child_answer))
        return &fv->items[i];
    audit->action = "denied";
    bp_read_failed(c, i < fv->n && !role_may ? BP_ERR_FORBIDDEN : BP_ERR_NOT_FOUND, audit);
    return NULL;
}

/* GET .../consents/{id}/withdraw: the question first (V-2.8: confirmation, then at once). */
void bp_h_family_consent_withdraw_form(struct bp_ctx *c)
{
    struct bp_family_consents_view fv;
    struct bp_audit audit;
    struct bp_tv *d;
    const struct bp_family_consent *fc = action_page(c, BP_FI_CONSENT_WITHDRAW, &fv, &audit);
    if (!fc)
        return;
    d = page_tv(c, &fv);
    bp_tv_set(&c->arena, d, "consent", consent_tv(c, fc));
    bp_render_page(c, "family_consent_withdraw", N_("Ta tillbaka samtycket"), d);
    bp_audit_then_respond(c, &audit);
}

void bp_h_family_consent_withdraw(struct bp_ctx *c)
{
    struct bp_field_errors errs = {0};
    struct bp_withdrawal_result res;
    enum bp_err rc = bp_uc_family_consent_withdraw(c->w->store, &c->arena, &c->actor, c->params[0],
                                                   c->params[1], &res, &errs);
    if (bp_failed(c, rc == BP_ERR_INVALID ? BP_ERR_CONFLICT : rc)) /* withdrawn already */
        return;
    bp_redirect(c, bp_arena_printf(&c->arena, "/family/cases/%lld/consents?withdrawn=1%s",
                                   (long long)c->params[0], res.closure_proposed ? "&closure=proposed" : ""));
}

/* GET .../consents/{id}/scan: the signed paper form (consent.scan, V-2.5, K-2.1), samtycke-<id>.<ext>. */
void bp_h_family_consent_scan(struct bp_ctx *c)
{
    bp_scan_download(c, bp_uc_family_consent_scan_get, "samtycke");
}

/* ---- the forms on one consent: limiting (consent.limit) and the young person's answer
 * (consent.child_answer) ---- */

/* One consent's form page: its record's fields as stored on the consent, or as typed with their errors. */
struct consent_form {
    enum bp_family_item item;
    const struct bp_record_def *record;
    const char *tmpl, *title, *done; /* the template, its title (msgid), the ledger's query after saving */
};
static const struct consent_form limit_form = {BP_FI_CONSENT_LIMIT, &bp_record_consent_terms,
                                               "family_consent_limit", N_("Begränsa samtycket"), "limited"};
static const struct consent_form answer_form = {BP_FI_CONSENT_CHILD_ANSWER, &bp_record_consent_child_answer,
                                                "family_consent_answer", N_("Vad tycker du om samtycket?"),
                                                "answered"};

static void form_page(struct bp_ctx *c, int status, const struct consent_form *f,
                      const struct bp_family_consents_view *fv, const struct bp_family_consent *fc,
                      const void *typed, const struct bp_field_errors *errs)
{
    struct bp_arena *a = &c->arena;
    struct bp_tv *d = page_tv(c, fv);
    struct bp_form_src src = {.typed = typed != NULL, .stored = typed ? NULL : &fc->k, .input = typed};
    bp_tv_set(a, d, "consent", consent_tv(c, fc));
    bp_tv_set(a, d, "action_form", bp_form_view(c, f->record, &src, errs, NULL, NULL));
    bp_tv_set(a, d, "errors", bp_form_summary(c, errs));
    bp_tv_set_bool(a, d, "has_errors", errs && errs->count > 0);
    bp_tv_set(a, d, "page", bp_page_ctx(c, f->title));
    bp_render(c, status, f->tmpl, d);
}

/* Loads the consent (an audited read) and draws its form page: as stored (typed NULL), or as typed. */
static void show_form(struct bp_ctx *c, int status, const struct consent_form *f, const void *typed,
                      const struct bp_field_errors *errs)
{
    struct bp_family_consents_view fv;
    struct bp_audit audit;
    const struct bp_family_consent *fc = action_page(c, f->item, &fv, &audit);
    if (!fc)
        return;
    form_page(c, status, f, &fv, fc, typed, errs);
    bp_audit_then_respond(c, &audit);
}

/* After the form's use case: back to the ledger, or the form again as typed with its errors. */
static void after_form(struct bp_ctx *c, const struct consent_form *f, enum bp_err rc, const void *typed,
                       const struct bp_field_errors *errs)
{
    if (rc == BP_ERR_INVALID) {
        show_form(c, 422, f, typed, errs);
        return;
    }
    if (bp_failed(c, rc))
        return;
    bp_redirect(
        c, bp_arena_printf(&c->arena, "/family/cases/%lld/consents?%s=1", (long long)c->params[0], f->done));
}

void bp_h_family_consent_limit_form(struct bp_ctx *c)
{
    show_form(c, 200, &limit_form, NULL, NULL);
}

void bp_h_family_consent_limit(struct bp_ctx *c)
{
    struct bp_consent_input in = {0};
    struct bp_field_errors errs = {0};
    int64_t id = 0;
    bp_form_read(c, &bp_record_consent_terms, &in);
    after_form(c, &limit_form,
               bp_uc_family_consent_limit(c->w->store, &c->arena, &c->actor, c->params[0], c->params[1], &in,
                                          &id, &errs),
               &in, &errs);
}

void bp_h_family_consent_answer_form(struct bp_ctx *c)
{
    show_form(c, 200, &answer_form, NULL, NULL);
}

void bp_h_family_consent_answer(struct bp_ctx *c)
{
    struct bp_consent_child_answer_input in = {0};
    struct bp_field_errors errs = {0};
    bp_form_read(c, &bp_record_consent_child_answer, &in);
    after_form(c, &answer_form,
               bp_uc_family_consent_child_answer(c->w->store, &c->arena, &c->actor, c->params[0],
                                                 c->params[1], &in, &errs),
               &in, &errs);
}

/* ---- giving (consent.give) ---- */

static void give_page(struct bp_ctx *c, int status, const struct bp_family_consents_view *fv,
                      const struct bp_family_ask *ask, const struct bp_consent_input *typed,
                      const struct bp_field_errors *errs)
{
    struct bp_arena *a = &c->arena;
    struct bp_tv *d = page_tv(c, fv);
    struct bp_consent other = {0};
    struct bp_form_src src = {.typed = typed != NULL, .input = typed};
    if (!typed && ask->other) { /* the other guardian's terms: to confirm as they are, or narrow */
        other.scope = ask->other->scope;
        other.covers_preparation = ask->other->covers_preparation;
        other.has_renewal = ask->other->has_renewal;
        other.renew_on = ask->other->renew_on;
        src.stored = &other;
    }
    bp_tv_set_int(a, d, "org_id", ask->org_id);
    bp_tv_set_str(a, d, "org", ask->org_name);
    bp_tv_set_bool(a, d, "other_confirmed", ask->other != NULL);
    bp_tv_set(a, d, "terms_form", bp_form_view(c, &bp_record_consent_terms, &src, errs, NULL, NULL));
    bp_tv_set(a, d, "errors", bp_form_summary(c, errs));
    bp_tv_set_bool(a, d, "has_errors", errs && errs->count > 0);
    bp_tv_set(a, d, "page", bp_page_ctx(c, N_("Ge samtycke")));
    bp_render(c, status, "family_consent_give", d);
}

/* The ask of the page (the route's organisation id), read and audited; NULL when refused and answered. */
static const struct bp_family_ask *ask_page(struct bp_ctx *c, struct bp_family_consents_view *fv,
                                            struct bp_audit *audit)
{
    size_t i;
    if (!load(c, fv, audit))
        return NULL;
    for (i = 0; i < fv->n_asks && fv->asks[i].org_id != c->params[1]; i++)
        ;
    if (i < fv->n_asks && fv->asks[i].may_give)
        return &fv->asks[i];
    audit->action = "denied";
    bp_read_failed(
        c,
        !bp_family_may_change(BP_FI_CONSENT_GIVE, (enum bp_family_role)fv->v.who.role,
                              (struct bp_family_scope){.own = true, .invited = true, .shared = true})
            ? BP_ERR_FORBIDDEN
            : BP_ERR_NOT_FOUND,
        audit);
    return NULL;
}

void bp_h_family_consent_give_form(struct bp_ctx *c)
{
    struct bp_family_consents_view fv;
    struct bp_audit audit;
    const struct bp_family_ask *ask = ask_page(c, &fv, &audit);
    if (!ask)
        return;
    give_page(c, 200, &fv, ask, NULL, NULL);
    bp_audit_then_respond(c, &audit);
}

void bp_h_family_consent_give(struct bp_ctx *c)
{
    struct bp_consent_input in = {0};
    struct bp_field_errors errs = {0};
    bool in_force = false;
    enum bp_err rc;
    bp_form_read(c, &bp_record_consent_terms, &in);
    rc = bp_uc_family_consent_give(c->w->store, &c->arena, &c->actor, c->params[0], c->params[1], &in,
                                   &in_force, &errs);
    if (rc == BP_ERR_INVALID) {
        struct bp_family_consents_view fv;
        struct bp_audit audit;
        const struct bp_family_ask *ask = ask_page(c, &fv, &audit);
        if (!ask)
            return;
        give_page(c, 422, &fv, ask, &in, &errs);
        bp_audit_then_respond(c, &audit);
        return;
    }
    if (bp_failed(c, rc))
        return;
    bp_redirect(c, bp_arena_printf(&c->arena, "/family/cases/%lld/consents?%s=1", (long long)c->params[0],
                                   in_force ? "given" : "confirmed"));
}
