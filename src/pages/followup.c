/* followup.c: the follow-up page of a follow-up meeting (V-10.x): it opens with the previous meeting and
 * the plan in force (V-10.3), then what the child and the guardians said before (V-10.2), the checklist
 * a-h (V-10.4), a review form per intervention, the next follow-up (V-10.5) and the way on: an updated
 * plan (V-10.6) with perhaps a new coordinating organisation (V-10.7), or closing. And the new
 * coordinator's answer on the plan. Each handler decodes, calls one use case (app/followup.c, app/plan.c)
 * and renders or redirects. Must not decide what a follow-up needs (domain/followup.c). */
#include "pages/pages.h"

#define TITLE    N_("Uppföljning")
#define T(msgid) bp_tr(c->lang, msgid)

/* Which of the page's forms failed, and how. */
struct followup_state {
    const struct bp_field_errors *errs;
    int64_t review_failed; /* the intervention whose review form failed; 0: none */
    bool followup_failed;
};

/* The organisations taking part, for the new coordinator's select. */
static size_t org_choices(struct bp_ctx *c, const struct bp_field_def *f, void *ud,
                          const struct bp_choice **out)
{
    struct bp_followup_view *v = ud;
    struct bp_choice *ch;
    size_t i;
    *out = NULL;
    if (f->kind != BP_FIELD_ORG) /* the other choices are the table's own */
        return 0;
    ch = bp_arena_alloc(&c->arena, (v->n_orgs + 1) * sizeof(*ch));
    bp_sort_orgs_sv(v->orgs, v->n_orgs);
    for (i = 0; i < v->n_orgs; i++)
        ch[i] = (struct bp_choice){bp_id_text(&c->arena, v->orgs[i].id), v->orgs[i].name};
    *out = ch;
    return v->n_orgs;
}

struct rows_ctx {
    const struct bp_followup_view *v;
    const struct followup_state *st;
};

/* One intervention of the version followed up: its organisation, its review so far and the review form. */
static void intervention_more(struct bp_ctx *c, struct bp_tv *o, const void *rec, size_t i, void *ud)
{
    const struct bp_intervention *iv = rec;
    const struct rows_ctx *r = ud;
    const struct bp_review *rv = bp_review_of(r->v->reviews, r->v->n_reviews, iv->id);
    bool failed = r->st && r->st->review_failed == iv->id;
    struct bp_form_src src = {.typed = failed, .stored = rv, .instance = bp_id_text(&c->arena, iv->id)};
    (void)i;
    bp_tv_set_int(&c->arena, o, "id", iv->id);
    bp_tv_set_str(&c->arena, o, "org", bp_org_name_in(r->v->orgs, r->v->n_orgs, iv->org_id));
    bp_tv_set_str(&c->arena, o, "decision",
                  rv ? bp_label(c->lang, "review_decision", bp_review_decision_codes[rv->decision]) : "");
    { /* V-9.1: how it has gone, in its organisation's words */
        const struct bp_progress *pg = bp_progress_latest(r->v->progress, r->v->n_progress, iv->origin_id);
        if (pg) {
            struct bp_tv *po = bp_tv_obj(&c->arena);
            bp_tv_record(c, po, &bp_record_progress, pg);
            bp_tv_set(&c->arena, o, "progress", po);
        }
    }
    bp_tv_set(&c->arena, o, "form",
              bp_form_view(c, &bp_record_review, &src, failed ? r->st->errs : NULL, NULL, NULL));
}

/* A guardian's id, for the link to their preparation for the follow-up (V-10.2). */
static void guardian_more(struct bp_ctx *c, struct bp_tv *o, const void *rec, size_t i, void *ud)
{
    (void)i, (void)ud;
    bp_tv_set_int(&c->arena, o, "id", ((const struct bp_guardian *)rec)->id);
}

/* V-10.3: the meeting before and what it left: the version in force and the decisions waited for. */
static void set_previous(struct bp_ctx *c, struct bp_tv *d, const struct bp_followup_view *v)
{
    struct bp_arena *a = &c->arena;
    struct bp_tv *coord = bp_tv_list(a), *decisions = bp_tv_list(a);
    size_t i;
    if (v->has_previous) {
        bp_tv_set_str(
            a, d, "previous_name",
            bp_label(c->lang, "meeting_name", bp_meeting_name_code(v->kase.model, v->previous.kind)));
        bp_tv_set_str(a, d, "previous_date", bp_date_text(a, v->previous.date));
    }
    if (v->has_previous_followup) {
        struct bp_tv *o = bp_tv_obj(a);
        bp_tv_record(c, o, &bp_record_followup, &v->previous_followup);
        bp_tv_set(a, d, "previous_followup", o);
    }
    for (i = 0; i < v->plan.n_coordinator_orgs; i++) {
        struct bp_tv *o = bp_tv_obj(a);
        bp_tv_set_str(a, o, "name", bp_org_name_in(v->orgs, v->n_orgs, v->plan.coordinator_orgs[i]));
        bp_tv_push(a, coord, o);
    }
    bp_tv_set(a, d, "coordinators", coord);
    bp_tv_set(a, d, "goals",
              bp_tv_records(c, &bp_record_goal, v->parts.goals, v->parts.n_goals, sizeof(*v->parts.goals),
                            NULL, NULL));
    for (i = 0; i < v->n_decisions; i++) {
        struct bp_tv *o = bp_tv_obj(a);
        bp_tv_record(c, o, &bp_record_decision, &v->decisions[i]);
        bp_tv_push(a, decisions, o);
    }
    bp_tv_set(a, d, "decisions", decisions);
    bp_tv_set(a, d, "voices",
              bp_tv_records(c, &bp_record_child_voice, v->voices, v->n_voices, sizeof(*v->voices), NULL,
                            NULL)); /* V-9.2, V-10.2 */
    bp_tv_set_bool(a, d, "has_voices", v->n_voices > 0);
    bp_tv_set_bool(a, d, "has_decisions", v->n_decisions > 0);
}

static void render(struct bp_ctx *c, int status, struct bp_followup_view *v, const struct followup_state *st,
                   const struct bp_audit *audit)
{
    struct bp_arena *a = &c->arena;
    struct bp_tv *d = bp_tv_obj(a), *summary = bp_tv_list(a);
    struct bp_form_src src = {.typed = st && st->followup_failed, .stored = v->saved ? &v->followup : NULL};
    struct rows_ctx rows = {v, st};
    bool open = v->kase.status == BP_CASE_OPEN;
    size_t i;
    bp_tv_set(a, d, "page", bp_page_ctx(c, TITLE));
    bp_tv_set_int(a, d, "case_id", v->kase.id);
    bp_tv_set_int(a, d, "meeting_id", v->meeting.id);
    bp_tv_set_str(a, d, "child_name", bp_arena_printf(a, "%s %s", v->child.given_name, v->child.family_name));
    bp_tv_set_str(a, d, "meeting_date", bp_date_text(a, v->meeting.date));
    bp_tv_set_bool(a, d, "kronoberg", v->kase.model == BP_MODEL_KRONOBERG);
    bp_tv_set_bool(a, d, "has_plan", v->has_plan);
    bp_tv_set_int(a, d, "version", v->plan.version);
    bp_tv_set_bool(a, d, "case_closed", !open); /* a closed case is read-only (V-11.1) */
    bp_tv_protected(a, d, &v->kase);            /* issue 10 item 10 */
    bp_tv_set_bool(a, d, "done", v->followup.new_plan_id != 0);
    bp_tv_set_bool(a, d, "carry",
                   open && v->followup.still_needed == BP_STILL_YES && !v->followup.new_plan_id);
    bp_tv_set_bool(a, d, "may_close", open && v->followup.still_needed == BP_STILL_NO);
    set_previous(c, d, v);
    bp_tv_set(a, d, "guardians",
              bp_tv_records(c, &bp_record_guardian, v->guardians, v->n_guardians, sizeof(*v->guardians),
                            guardian_more, NULL));
    bp_tv_set(a, d, "interventions",
              bp_tv_records(c, &bp_record_intervention, v->parts.interventions, v->parts.n_interventions,
                            sizeof(*v->parts.interventions), intervention_more, &rows));
    bp_tv_set(a, d, "followup",
              bp_form_view(c, &bp_record_followup, &src, st && st->followup_failed ? st->errs : NULL,
                           org_choices, v));
    for (i = 0; st && i < st->errs->count; i++) { /* a field's line, or the way on's (V-10.6) */
        const struct bp_field_error *e = &st->errs->items[i];
        if (!bp_form_summary_line(c, e, summary))
            bp_summary_add(c, summary, "carry", T(N_("Uppdaterad plan")),
                           bp_field_error_text(c->lang, e->field, e->code));
    }
    bp_tv_set(a, d, "errors", summary);
    bp_tv_set_bool(a, d, "has_errors", st && st->errs->count > 0);
    bp_render(c, status, "followup", d);
    bp_audit_then_respond(c, audit);
}

/* Loads the page's view (an audited read) and draws it, or answers the failed read. */
static void show(struct bp_ctx *c, int status, const struct followup_state *st)
{
    struct bp_followup_view v;
    struct bp_audit audit;
    if (bp_followup_read(c, &v, &audit))
        render(c, status, &v, st, &audit);
}

void bp_h_followup_show(struct bp_ctx *c)
{
    show(c, 200, NULL);
}

/* After a write: back to the page, or the page again with the messages and the form as typed. */
static void after(struct bp_ctx *c, enum bp_err rc, const struct bp_field_errors *errs, int64_t review,
                  const char *saved)
{
    struct followup_state st = {errs, review, review == 0};
    if (rc == BP_OK) {
        bp_redirect(c, bp_arena_printf(&c->arena, "/cases/%lld/meetings/%lld/followup?saved=%s#%s",
                                       (long long)c->params[0], (long long)c->params[1], saved, saved));
        return;
    }
    if ((rc != BP_ERR_INVALID && rc != BP_ERR_CONFLICT) || errs->count == 0) {
        bp_fail(c, rc);
        return;
    }
    show(c, rc == BP_ERR_INVALID ? 422 : 409, &st);
}

void bp_h_followup_save(struct bp_ctx *c)
{
    struct bp_followup_input in = {0};
    struct bp_field_errors errs = {0};
    enum bp_err rc;
    bp_form_read(c, &bp_record_followup, &in);
    rc = bp_uc_followup_save(c->w->store, &c->arena, &c->actor, c->params[0], c->params[1], &in, &errs);
    after(c, rc, &errs, 0, "followup");
}

void bp_h_followup_review(struct bp_ctx *c)
{
    struct bp_review_input in = {0};
    struct bp_field_errors errs = {0};
    enum bp_err rc;
    bp_form_read(c, &bp_record_review, &in);
    rc = bp_uc_review_save(c->w->store, &c->arena, &c->actor, c->params[0], c->params[1], c->params[2], &in,
                           &errs);
    after(c, rc, &errs, c->params[2], "interventions");
}

void bp_h_followup_carry(struct bp_ctx *c)
{
    struct bp_field_errors errs = {0};
    int version = 0;
    enum bp_err rc =
        bp_uc_followup_carry(c->w->store, &c->arena, &c->actor, c->params[0], c->params[1], &version, &errs);
    if (rc == BP_OK) {
        bp_redirect(
            c, bp_arena_printf(&c->arena, "/cases/%lld/plan?saved=new_version", (long long)c->params[0]));
        return;
    }
    after(c, rc, &errs, 0, "carry");
}

/* V-10.7: the new coordinating organisation answers on the plan page. */
void bp_h_coordination_answer(struct bp_ctx *c)
{
    struct bp_field_errors errs = {0};
    enum bp_err rc = bp_uc_coordination_answer(c->w->store, &c->arena, &c->actor, c->params[0],
                                               bp_form_get(&c->form, "answer"), &errs);
    if (rc == BP_OK) {
        bp_redirect(c, bp_arena_printf(&c->arena, "/cases/%lld/plan?saved=coordination#coordination",
                                       (long long)c->params[0]));
        return;
    }
    bp_fail(c, rc);
}
