/* named_person.c: the page of a Kronoberg case's barnensbästa-ansvarig (X-1, X-2, X-3, K-1.1, K-1.2): who
 * it is and who it has been, the person suggested for the child's age, the form that names them (or hands
 * the role on when the child moves on) and the BBA's decision tree. Thin: the use cases are in
 * app/named_person.c; the forms are the tables bp_record_bba and bp_record_bba_decision. */
#include "pages/pages.h"
#include "domain/form_inputs.h"

/* The choices of both forms: the members of the organisations taking part ("Name, Organisation"), and
 * those organisations. */
static size_t bba_choices(struct bp_ctx *c, const struct bp_field_def *f, void *ud,
                          const struct bp_choice **out)
{
    const struct bp_named_person_view *v = ud;
    struct bp_arena *a = &c->arena;
    size_t n = f->kind == BP_FIELD_USER ? v->n_candidates : v->n_orgs, i;
    struct bp_choice *ch;
    if (f->kind != BP_FIELD_USER && f->kind != BP_FIELD_ORG)
        return 0; /* the decision's own codes */
    ch = bp_choices_alloc(a, n);
    for (i = 0; i < n; i++)
        ch[i] = f->kind == BP_FIELD_USER
                    ? (struct bp_choice){bp_id_text(a, v->candidates[i].user_id),
                                         bp_arena_printf(a, "%s, %s", v->candidates[i].name,
                                                         v->candidates[i].org_name)}
                    : (struct bp_choice){bp_id_text(a, v->orgs[i].id), v->orgs[i].name};
    *out = ch;
    return n;
}

/* The BBAs the case has had, oldest first, with their decisions. */
static void history_row(struct bp_ctx *c, struct bp_tv *o, const void *item, size_t i, void *ud)
{
    const struct bp_named_person *h = item;
    struct bp_arena *a = &c->arena;
    bp_tv_set_str(a, o, "name", h->user_name);
    bp_tv_set_str(a, o, "org", h->org_name);
    bp_tv_set_str(a, o, "from", bp_time_text(a, h->assigned_at));
    bp_tv_set_str(a, o, "by", h->assigned_by_name);
    bp_tv_set_bool(a, o, "suggested", h->suggested);
    if (h->ended_at)
        bp_tv_set_str(a, o, "to", bp_time_text(a, h->ended_at));
    if (h->decision) {
        bp_tv_set_str(a, o, "decision", bp_label(c->lang, "bba_decision", h->decision));
        bp_tv_set_str(a, o, "decided_at", bp_time_text(a, h->decided_at));
        bp_tv_set_str(a, o, "decision_org", h->decision_org_name);
    }
}

/* What the page says about the current BBA: who, whether they can see the case, their decision and
 * what happens after it. */
static void current_tv(struct bp_ctx *c, struct bp_tv *d, const struct bp_named_person_view *v)
{
    struct bp_arena *a = &c->arena;
    const struct bp_named_person *cur = v->current;
    bp_tv_set_bool(a, d, "has_current", cur != NULL);
    if (!cur)
        return;
    bp_tv_set_str(a, d, "current_name", cur->user_name);
    bp_tv_set_str(a, d, "current_org", cur->org_name);
    bp_tv_set_bool(a, d, "current_no_access", !v->current_sees_case);
    if (cur->decision) {
        bp_tv_set_str(a, d, "decision", bp_label(c->lang, "bba_decision", cur->decision));
        bp_tv_set_str(a, d, "decision_org", cur->decision_org_name);
        bp_tv_set_bool(a, d, "own_org", strcmp(cur->decision, "own_org") == 0);
        bp_tv_set_bool(a, d, "hand_over", strcmp(cur->decision, "hand_over") == 0);
        bp_tv_set_bool(a, d, "collaborate", strcmp(cur->decision, "collaborate") == 0);
    }
}

/* The page: fresh, or one of its two forms as typed with its messages (rec says which). */
static void render_bba(struct bp_ctx *c, int status, const struct bp_record_def *rec, const void *in,
                       const struct bp_field_errors *errs)
{
    struct bp_arena *a = &c->arena;
    struct bp_named_person_view v;
    struct bp_audit audit;
    struct bp_tv *d, *summary = bp_tv_list(a);
    struct bp_bba_input fresh = {0};
    enum bp_err rc = bp_uc_named_person_view(c->w->store, a, &c->actor, c->params[0], &v, &audit);
    if (bp_read_failed(c, rc, &audit))
        return;
    d = bp_tv_obj(a);
    if (v.suggestion >= 0) /* the suggestion is what the form starts with */
        fresh.user_id = bp_id_text(a, v.candidates[v.suggestion].user_id);
    bp_tv_set(a, d, "page", bp_page_ctx(c, "Barnensbästa-ansvarig"));
    bp_tv_set_int(a, d, "case_id", c->params[0]);
    bp_tv_set(a, d, "bba",
              bp_form_view(c, &bp_record_bba,
                           &(struct bp_form_src){.input = rec == &bp_record_bba ? in : &fresh},
                           rec == &bp_record_bba ? errs : NULL, bba_choices, &v));
    bp_tv_set(a, d, "bba_decision",
              bp_form_view(c, &bp_record_bba_decision,
                           &(struct bp_form_src){.input = rec == &bp_record_bba_decision ? in : NULL},
                           rec == &bp_record_bba_decision ? errs : NULL, bba_choices, &v));
    if (rec)
        bp_form_summary_at(c, rec, BP_NO_INDEX, errs, summary);
    bp_tv_set(a, d, "errors", summary);
    bp_tv_set_bool(a, d, "has_errors", errs && errs->count > 0);
    bp_tv_set_str(a, d, "stage", bp_label(c->lang, "bba_stage", bp_bba_stage_codes[v.stage]));
    if (v.suggestion >= 0) {
        bp_tv_set_str(a, d, "suggested_name", v.candidates[v.suggestion].name);
        bp_tv_set_str(a, d, "suggested_org", v.candidates[v.suggestion].org_name);
    }
    current_tv(c, d, &v);
    bp_tv_set(a, d, "history", bp_tv_each(c, v.history, v.n_history, sizeof(*v.history), history_row, NULL));
    bp_tv_set_bool(a, d, "has_history", v.n_history > 0);
    bp_tv_set_bool(a, d, "may_name", v.may_name);
    bp_tv_set_bool(a, d, "may_decide", v.may_decide);
    bp_tv_set_bool(a, d, "named", strcmp(bp_form_get(&c->form, "saved"), "1") == 0);
    bp_render(c, status, "bba", d);
    bp_audit_then_respond(c, &audit);
}

void bp_h_bba_show(struct bp_ctx *c)
{
    render_bba(c, 200, NULL, NULL, NULL);
}

/* After a write: the page again (with its messages, or the success), or the failure. */
static void after_write(struct bp_ctx *c, enum bp_err rc, const struct bp_record_def *rec, const void *in,
                        const struct bp_field_errors *errs)
{
    if (rc == BP_ERR_INVALID || (rc == BP_ERR_CONFLICT && errs->count))
        render_bba(c, rc == BP_ERR_INVALID ? 422 : 409, rec, in, errs);
    else if (!bp_failed(c, rc))
        bp_redirect(c, bp_arena_printf(&c->arena, "/cases/%lld/bba?saved=1", (long long)c->params[0]));
}

void bp_h_bba_name(struct bp_ctx *c)
{
    struct bp_bba_input in = {0};
    struct bp_field_errors errs = {0};
    bp_form_read(c, &bp_record_bba, &in);
    after_write(c,
                bp_uc_named_person_name(c->w->store, &c->arena, &c->actor, c->params[0], in.user_id, &errs),
                &bp_record_bba, &in, &errs);
}

void bp_h_bba_decide(struct bp_ctx *c)
{
    struct bp_bba_decision_input in = {0};
    struct bp_field_errors errs = {0};
    bp_form_read(c, &bp_record_bba_decision, &in);
    after_write(c,
                bp_uc_named_person_decide(c->w->store, &c->arena, &c->actor, c->params[0], in.decision,
                                          in.org_id, &errs),
                &bp_record_bba_decision, &in, &errs);
}
