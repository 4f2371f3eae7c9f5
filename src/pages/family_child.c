/* family_child.c: the child's plan (issue 10 item 6): the finished version in force in easy Swedish, large
 * text, a picture for each need area and each organisation, who does what and when, the child's own words,
 * whom to talk to and when we meet next; printable, and the child's own PDF copy
 * (http/child_plan_pdf.c). For the child's own login (7-17), and for a guardian who reads it with a young
 * child. What the role may see is the use case's (bp_uc_family_case, by docs/family-access.md): an item the
 * table hides is empty in the view, so it is not drawn; each item's element is marked data-item="<id>". */
#include "pages/pages.h"
#include "pdf/pictogram.h"

#define T(msgid) bp_tr(c->lang, msgid)

/* A pictogram as the template's inline SVG (templates/family_child_icon.html), with its text alternative. */
static struct bp_tv *icon_tv(struct bp_ctx *c, const struct bp_pictogram *p, const char *what)
{
    struct bp_arena *a = &c->arena;
    struct bp_tv *o = bp_tv_obj(a), *circles = bp_tv_list(a);
    size_t i;
    bp_tv_set_str(a, o, "alt", bp_arena_printf(a, "%s: %s", T(N_("Bild")), what ? what : ""));
    bp_tv_set_str(a, o, "d", p->path);
    for (i = 0; i < BP_PICTOGRAM_CIRCLES && p->circles[i].r > 0; i++) {
        struct bp_tv *k = bp_tv_obj(a);
        bp_tv_set_int(a, k, "cx", (int64_t)p->circles[i].cx);
        bp_tv_set_int(a, k, "cy", (int64_t)p->circles[i].cy);
        bp_tv_set_int(a, k, "r", (int64_t)p->circles[i].r);
        bp_tv_set_bool(a, k, "filled", p->circles[i].filled);
        bp_tv_push(a, circles, k);
    }
    bp_tv_set(a, o, "circles", circles);
    return o;
}

/* One row of the page: a picture, a heading beside it, and its lines. */
static struct bp_tv *row(struct bp_ctx *c, struct bp_tv *list, const struct bp_pictogram *p, const char *alt,
                         const char *title, const char *text)
{
    struct bp_arena *a = &c->arena;
    struct bp_tv *o = bp_tv_obj(a), *lines = bp_tv_list(a);
    char *s = bp_arena_strdup(a, text ? text : ""), *line, *end;
    bp_tv_set(a, o, "icon", icon_tv(c, p, alt));
    bp_tv_set_str(a, o, "title", title);
    for (line = s; *line; line = end) { /* the PDF's lines, one a paragraph */
        end = line + strcspn(line, "\n");
        if (*end)
            *end++ = '\0';
        bp_tv_push(a, lines, bp_tv_str(a, line));
    }
    bp_tv_set(a, o, "lines", lines);
    bp_tv_push(a, list, o);
    return o;
}

static void plan_parts(struct bp_ctx *c, const struct bp_family_case_view *v, struct bp_tv *d)
{
    struct bp_arena *a = &c->arena;
    struct bp_tv *goals = bp_tv_list(a), *who = bp_tv_list(a), *family = bp_tv_list(a);
    size_t i;
    for (i = 0; i < v->parts.n_goals; i++) {
        const struct bp_goal *g = &v->parts.goals[i];
        const char *area = bp_label(c->lang, "area", g->area);
        row(c, goals, bp_pictogram_find("area", g->area), area, area,
            bp_arena_printf(a, "%s: %s\n%s: %s", T(N_("Du behöver hjälp med")), g->need, T(N_("Målet")),
                            g->goal));
    }
    for (i = 0; i < v->parts.n_interventions; i++) {
        const struct bp_intervention *iv = &v->parts.interventions[i];
        const struct bp_org *o = NULL;
        size_t k;
        for (k = 0; k < v->n_all_orgs; k++)
            if (v->all_orgs[k].id == iv->org_id)
                o = &v->all_orgs[k];
        row(c, who, bp_child_org_pictogram(v, iv->org_id),
            o ? bp_label(c->lang, "org_kind", bp_org_kind_codes[o->kind]) : NULL, o ? o->name : NULL,
            bp_child_intervention_text(c, iv));
    }
    for (i = 0; i < v->parts.n_commitments; i++) {
        const char *name = bp_child_committer(c, v, &v->parts.commitments[i]);
        row(c, family, bp_pictogram_find("part", "people"), name, name, v->parts.commitments[i].what);
    }
    bp_tv_set(a, d, "goals", goals);
    bp_tv_set_bool(a, d, "has_goals", v->parts.n_goals > 0);
    bp_tv_set(a, d, "who", who);
    bp_tv_set_bool(a, d, "has_who", v->parts.n_interventions > 0);
    bp_tv_set(a, d, "family", family);
    bp_tv_set_bool(a, d, "has_family", v->parts.n_commitments > 0);
}

/* Whom to talk to (plan.coordinator, plan.contacts, plan.contact_if_fails) and when we meet next. */
static void talk_parts(struct bp_ctx *c, const struct bp_family_case_view *v, struct bp_tv *d)
{
    struct bp_arena *a = &c->arena;
    const struct bp_plan *p = &v->plan;
    struct bp_tv *contacts = bp_tv_list(a), *decisions = bp_tv_list(a);
    const char *next = bp_child_next_text(c, v);
    size_t i;
    if (p->coordinator_name && *p->coordinator_name)
        bp_tv_set(a, d, "coordinator",
                  row(c, bp_tv_list(a), bp_pictogram_find("part", "people"), p->coordinator_name,
                      p->coordinator_name,
                      p->n_coordinator_orgs
                          ? bp_org_name_in(v->all_orgs, v->n_all_orgs, p->coordinator_orgs[0])
                          : NULL));
    for (i = 0; i < v->parts.n_contacts; i++) {
        const struct bp_plan_contact *pc = &v->parts.contacts[i];
        const char *org = bp_org_name_in(v->all_orgs, v->n_all_orgs, pc->org_id);
        struct bp_tv *o = row(c, contacts, bp_child_org_pictogram(v, pc->org_id), org, org, pc->name);
        bp_tv_set_str(a, o, "phone", *pc->phone ? pc->phone : NULL);
        bp_tv_set_str(a, o, "email", *pc->email ? pc->email : NULL);
    }
    bp_tv_set(a, d, "contacts", contacts);
    bp_tv_set_bool(a, d, "has_contacts", v->parts.n_contacts > 0);
    if (p->contact_if_fails && *p->contact_if_fails)
        bp_tv_set(a, d, "if_fails",
                  row(c, bp_tv_list(a), bp_pictogram_find("part", "talk"),
                      T(N_("Om planen inte hjälper dig")), T(N_("Om planen inte hjälper dig")),
                      p->contact_if_fails));
    if (next)
        bp_tv_set(a, d, "next_time",
                  row(c, bp_tv_list(a), bp_pictogram_find("part", "meeting"), T(N_("Nästa gång vi ses")),
                      T(N_("Då ses vi")), next));
    bp_tv_set_bool(a, d, "next_is_meeting", v->next != NULL);
    for (i = 0; i < v->n_decisions; i++) /* plan.decisions: from 12 (the table) */
        bp_tv_push(
            a, decisions,
            bp_tv_str(a, bp_arena_printf(a, "%s (%s): %s", v->decisions[i].what,
                                         bp_org_name_in(v->all_orgs, v->n_all_orgs, v->decisions[i].org_id),
                                         bp_label(c->lang, "decision_status",
                                                  bp_decision_status_codes[v->decisions[i].status]))));
    bp_tv_set(a, d, "decisions", decisions);
    bp_tv_set_bool(a, d, "has_decisions", v->n_decisions > 0);
}

static bool load(struct bp_ctx *c, const char *what, const char *object, struct bp_family_case_view *v,
                 struct bp_audit *audit)
{
    enum bp_err rc = bp_uc_family_case(c->w->store, &c->arena, &c->actor, c->params[0], what, v, audit);
    audit->object = object;
    if (bp_read_failed(c, rc, audit))
        return false;
    if (!v->has_plan) { /* R6: no finished version yet; a draft is not theirs to read */
        audit->action = "denied";
        bp_read_failed(c, BP_ERR_NOT_FOUND, audit);
        return false;
    }
    return true;
}

/* GET /family/cases/{id}/plan/child */
void bp_h_family_child_plan(struct bp_ctx *c)
{
    struct bp_arena *a = &c->arena;
    struct bp_family_case_view v;
    struct bp_audit audit;
    struct bp_tv *d;
    if (!load(c, "child_plan", "plan", &v, &audit))
        return;
    d = bp_tv_obj(a);
    bp_tv_set_int(a, d, "case_id", v.kase.id);
    bp_tv_set_str(a, d, "given_name", v.child.given_name);
    bp_tv_set_bool(a, d, "is_child", v.who.guardian_id == 0);
    bp_tv_set_int(a, d, "version", v.plan.version);
    bp_tv_set_str(a, d, "finished_on", bp_date_text(a, v.plan.finished_on));
    bp_tv_set_str(a, d, "summary", v.plan.summary && *v.plan.summary ? v.plan.summary : NULL);
    bp_tv_set_str(a, d, "child_view", v.plan.child_view && *v.plan.child_view ? v.plan.child_view : NULL);
    bp_tv_set(a, d, "words_icon", icon_tv(c, bp_pictogram_find("part", "words"), T(N_("Dina egna ord"))));
    bp_tv_set_bool(a, d, "protected_marker", v.who.marker); /* issue 10 item 10 */
    plan_parts(c, &v, d);
    talk_parts(c, &v, d);
    bp_render_page(c, "family_child_plan", N_("Din plan"), d);
    bp_audit_then_respond(c, &audit);
}

/* GET /family/cases/{id}/plan/child.pdf: the child's own copy, the download audited as the family's other
 * copy is ("read plan_pdf", the detail naming the role): the copy received (V-8a.3). */
void bp_h_family_child_plan_pdf(struct bp_ctx *c)
{
    struct bp_family_case_view v;
    struct bp_audit audit;
    if (!load(c, "child_plan_pdf", "plan_pdf", &v, &audit))
        return;
    bp_child_plan_pdf_answer(c, &v, &audit);
}
