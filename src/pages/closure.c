/* closure.c: the closure's pages (V-11.1-V-11.4): its record on the case page (reason, who agreed, who
 * recorded it, the case before and after for the same child) and the closing letter the family keeps
 * (where to turn if a new plan is needed, and that they are welcome back, in the installation's words).
 * The forms to close and reopen share the case's small-form handlers (pages/cases.c). Each handler calls
 * one use case (app/closure.c) and renders. */
#include "pages/pages.h"

/* Who agreed to a joint decision (V-11.1): the child, the guardians and the organisations by name. */
static struct bp_tv *agreed_tv(struct bp_ctx *c, const struct bp_case_view *v, const struct bp_closure *cl)
{
    struct bp_arena *a = &c->arena;
    struct bp_tv *list = bp_tv_list(a);
    size_t i;
    if (cl->agreed_child)
        bp_tv_push(a, list, bp_tv_str(a, bp_tr(c->lang, "Barnet")));
    for (i = 0; i < cl->n_agreed_guardians; i++)
        bp_tv_push(a, list,
                   bp_tv_str(a, bp_guardian_name_in(v->guardians, v->n_guardians, cl->agreed_guardians[i])));
    for (i = 0; i < cl->n_agreed_orgs; i++)
        bp_tv_push(a, list, bp_tv_str(a, bp_org_name_in(v->orgs, v->n_orgs, cl->agreed_orgs[i])));
    return list;
}

struct bp_tv *bp_closure_tv(struct bp_ctx *c, const struct bp_case_view *v)
{
    struct bp_arena *a = &c->arena;
    const struct bp_closure *cl = &v->closure;
    struct bp_tv *o;
    if (!v->has_closure && !v->kase.previous_case_id)
        return NULL;
    o = bp_tv_obj(a);
    if (v->kase.previous_case_id)
        bp_tv_set_int(a, o, "previous_case_id", v->kase.previous_case_id);
    if (!v->has_closure)
        return o;
    bp_tv_set_bool(a, o, "reopen", cl->reopen);
    bp_tv_set_bool(a, o, "closed", !cl->reopen);
    if (!cl->reopen)
        bp_tv_set_str(a, o, "reason",
                      bp_label(c->lang, "closure_reason", bp_closure_reason_codes[cl->reason]));
    bp_tv_set_bool(a, o, "joint", !cl->reopen && bp_closure_is_joint(cl->reason));
    bp_tv_set(a, o, "agreed", agreed_tv(c, v, cl));
    bp_tv_set_str(a, o, "note", cl->note);
    bp_tv_set_str(a, o, "at", bp_time_text(a, cl->at));
    bp_tv_set_str(a, o, "by", cl->user_name);
    bp_tv_set_str(a, o, "org", cl->org_name);
    if (cl->next_case_id)
        bp_tv_set_int(a, o, "next_case_id", cl->next_case_id);
    return o;
}

/* V-11.4: the family's closing letter, to print and hand over or send: only for a closed case. */
void bp_h_closure_letter(struct bp_ctx *c)
{
    struct bp_arena *a = &c->arena;
    struct bp_case_view v;
    struct bp_audit audit;
    struct bp_tv *d;
    enum bp_err rc = bp_uc_closure_view(c->w->store, a, &c->actor, c->params[0], &v, &audit);
    if (rc == BP_OK && (v.kase.status != BP_CASE_CLOSED || !v.has_closure))
        rc = BP_ERR_NOT_FOUND; /* nothing to tell yet; the read is on record all the same */
    if (!bp_read_ok(c, rc, &audit))
        return;
    d = bp_tv_obj(a);
    bp_tv_set_int(a, d, "case_id", v.kase.id);
    bp_tv_set_str(a, d, "child_given_name", v.child.given_name);
    bp_tv_set_str(a, d, "plan_kind", bp_label(c->lang, "plan_kind", v.kase.plan_kind));
    bp_tv_set_str(a, d, "closed_on", bp_time_text(a, v.closure.at));
    bp_tv_set(a, d, "closure", bp_closure_tv(c, &v));
    bp_tv_set_str(a, d, "closure_text", bp_app_closure_text());
    bp_tv_set_bool(a, d, "kronoberg", v.kase.model == BP_MODEL_KRONOBERG);
    bp_render_page(c, "closure_letter", N_("Planen är avslutad"), d);
}
