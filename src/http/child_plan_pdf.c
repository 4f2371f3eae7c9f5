/* child_plan_pdf.c: the child's own PDF copy of the plan in force (issue 10 item 6; V-8a.3, K-8.1): the same
 * easy Swedish and pictures as the child's page (pages/family_child.c, templates/family_child_plan.html),
 * larger text, a picture beside each need area, each organisation and each part. Drawn by src/pdf like the
 * professionals' copy (plan_pdf.c); this file only gives it the words. It reads nothing itself: the view is
 * the member's, filtered by the use case (bp_uc_family_case) by docs/family-access.md, so an item the table
 * hides from the role is empty here too. */
#include "http/http.h"
#include "pdf/pdf.h"
#include "pdf/pictogram.h"
#include "util/limits.h"

#define T(msgid) bp_tr(c->lang, msgid)

/* The sections in the order of the child's page. */
enum { S_GOALS, S_WHO, S_FAMILY, S_WORDS, S_TALK, S_NEXT, S_DECISIONS, S_COUNT };

struct child_doc {
    struct bp_pdf_section s[S_COUNT];
    struct bp_pdf_para *p[S_COUNT];
    size_t n[S_COUNT];
};

static void add(struct child_doc *d, int s, const char *label, const char *text,
                const struct bp_pictogram *icon)
{
    d->p[s][d->n[s]++] = (struct bp_pdf_para){label, text, true, icon};
}

static const struct bp_org *org_of(const struct bp_family_case_view *v, int64_t id)
{
    size_t i;
    for (i = 0; i < v->n_all_orgs; i++)
        if (v->all_orgs[i].id == id)
            return &v->all_orgs[i];
    return NULL;
}

const struct bp_pictogram *bp_child_org_pictogram(const struct bp_family_case_view *v, int64_t org_id)
{
    const struct bp_org *o = org_of(v, org_id);
    return bp_pictogram_find("org", o ? bp_org_kind_codes[o->kind] : NULL);
}

/* "När: från 2026-12-01 till 2027-06-01\nHur mycket: Två lektioner i veckan" */
const char *bp_child_intervention_text(struct bp_ctx *c, const struct bp_intervention *iv)
{
    struct bp_arena *a = &c->arena;
    const char *s = iv->what;
    if (iv->contact_name && *iv->contact_name)
        s = bp_arena_printf(a, "%s\n%s: %s", s, T(N_("Vem")), iv->contact_name);
    s = bp_arena_printf(a, "%s\n%s: %s %s", s, T(N_("När")), T(N_("från")), bp_date_text(a, iv->starts_on));
    if (iv->has_end)
        s = bp_arena_printf(a, "%s %s %s", s, T(N_("till och med")), bp_date_text(a, iv->ends_on));
    if (iv->level && *iv->level)
        s = bp_arena_printf(a, "%s\n%s: %s", s, T(N_("Hur mycket")), iv->level);
    return s;
}

/* "Du", the guardian's name, or the other person's. */
const char *bp_child_committer(struct bp_ctx *c, const struct bp_family_case_view *v,
                               const struct bp_commitment *cm)
{
    if (cm->who == BP_COMMIT_CHILD)
        return v->who.guardian_id ? (v->child.given_name ? v->child.given_name : T(N_("Barnet")))
                                  : T(N_("Du"));
    if (cm->who == BP_COMMIT_GUARDIAN)
        return bp_guardian_name_in(v->guardians, v->n_guardians, cm->guardian_id);
    return cm->name;
}

/* When we meet next: the next meeting the member may see, else the plan's follow-up (V-7.7). */
const char *bp_child_next_text(struct bp_ctx *c, const struct bp_family_case_view *v)
{
    struct bp_arena *a = &c->arena;
    if (v->next) {
        const struct bp_meeting *m = &v->next->m;
        const char *s = bp_arena_printf(a, "%s %02d:%02d", bp_date_text(a, m->date), m->start_minute / 60,
                                        m->start_minute % 60);
        return m->place && *m->place ? bp_arena_printf(a, "%s\n%s: %s", s, T(N_("Var")), m->place) : s;
    }
    if (v->plan.has_followup) {
        const char *s = bp_date_text(a, v->plan.followup_on);
        if (v->plan.followup_minute >= 0)
            s = bp_arena_printf(a, "%s %02d:%02d", s, v->plan.followup_minute / 60,
                                v->plan.followup_minute % 60);
        return v->plan.followup_place && *v->plan.followup_place
                   ? bp_arena_printf(a, "%s\n%s: %s", s, T(N_("Var")), v->plan.followup_place)
                   : s;
    }
    return NULL;
}

static void talk(struct bp_ctx *c, const struct bp_family_case_view *v, struct child_doc *d)
{
    struct bp_arena *a = &c->arena;
    const struct bp_plan *p = &v->plan;
    const struct bp_pictogram *phone = bp_pictogram_find("part", "talk");
    size_t i;
    if (p->coordinator_name && *p->coordinator_name)
        add(d, S_TALK, p->coordinator_name,
            p->n_coordinator_orgs
                ? bp_arena_printf(a, "%s (%s)", T(N_("Håller ihop din plan")),
                                  bp_org_name_in(v->all_orgs, v->n_all_orgs, p->coordinator_orgs[0]))
                : T(N_("Håller ihop din plan")),
            bp_pictogram_find("part", "people"));
    for (i = 0; i < v->parts.n_contacts; i++) {
        const struct bp_plan_contact *pc = &v->parts.contacts[i];
        add(d, S_TALK, bp_org_name_in(v->all_orgs, v->n_all_orgs, pc->org_id),
            bp_arena_printf(a, "%s%s%s%s%s", pc->name, *pc->phone ? "\n" : "", pc->phone,
                            *pc->email ? "\n" : "", pc->email),
            bp_child_org_pictogram(v, pc->org_id));
    }
    if (p->contact_if_fails && *p->contact_if_fails)
        add(d, S_TALK, T(N_("Om planen inte hjälper dig")), p->contact_if_fails, phone);
}

static void parts(struct bp_ctx *c, const struct bp_family_case_view *v, struct child_doc *d)
{
    struct bp_arena *a = &c->arena;
    const char *next = bp_child_next_text(c, v);
    size_t i;
    for (i = 0; i < v->parts.n_goals; i++) {
        const struct bp_goal *g = &v->parts.goals[i];
        add(d, S_GOALS, bp_label(c->lang, "area", g->area),
            bp_arena_printf(a, "%s: %s\n%s: %s", T(N_("Du behöver hjälp med")), g->need, T(N_("Målet")),
                            g->goal),
            bp_pictogram_find("area", g->area));
    }
    for (i = 0; i < v->parts.n_interventions; i++)
        add(d, S_WHO, bp_org_name_in(v->all_orgs, v->n_all_orgs, v->parts.interventions[i].org_id),
            bp_child_intervention_text(c, &v->parts.interventions[i]),
            bp_child_org_pictogram(v, v->parts.interventions[i].org_id));
    for (i = 0; i < v->parts.n_commitments; i++)
        add(d, S_FAMILY, bp_child_committer(c, v, &v->parts.commitments[i]), v->parts.commitments[i].what,
            bp_pictogram_find("part", "people"));
    if (v->plan.child_view && *v->plan.child_view)
        add(d, S_WORDS, T(N_("Det här har du sagt")), v->plan.child_view, bp_pictogram_find("part", "words"));
    talk(c, v, d);
    if (next)
        add(d, S_NEXT, T(N_("Då ses vi")), next, bp_pictogram_find("part", "meeting"));
    for (i = 0; i < v->n_decisions; i++)
        add(d, S_DECISIONS, v->decisions[i].what,
            bp_arena_printf(
                a, "%s: %s", bp_org_name_in(v->all_orgs, v->n_all_orgs, v->decisions[i].org_id),
                bp_label(c->lang, "decision_status", bp_decision_status_codes[v->decisions[i].status])),
            NULL);
}

/* The sections with something in them. */
static void sections(struct bp_ctx *c, const struct bp_family_case_view *v, struct bp_pdf_doc *doc)
{
    static const char *const headings[S_COUNT] = {
        N_("Det här ska bli bättre"),  N_("Vem gör vad"),          N_("Det här gör du och din familj"),
        N_("Dina egna ord"),           N_("Vem du kan prata med"), N_("Nästa gång vi ses"),
        N_("Det här väntar på beslut")};
    struct child_doc *d = bp_arena_alloc(&c->arena, sizeof(*d));
    struct bp_pdf_section *out = bp_arena_alloc(&c->arena, sizeof(d->s));
    size_t cap = v->parts.n_goals + v->parts.n_interventions + v->parts.n_commitments + v->parts.n_contacts +
                 v->n_decisions + 4,
           i, k = 0;
    memset(d, 0, sizeof(*d));
    for (i = 0; i < S_COUNT; i++)
        d->p[i] = bp_arena_alloc(&c->arena, cap * sizeof(struct bp_pdf_para));
    parts(c, v, d);
    for (i = 0; i < S_COUNT; i++)
        if (d->n[i])
            out[k++] = (struct bp_pdf_section){T(headings[i]), d->p[i], d->n[i]};
    doc->sections = out;
    doc->n_sections = k;
}

/* The need areas of the plan's goals for the picture (the model's areas, each with its count). */
static void areas(struct bp_ctx *c, const struct bp_family_case_view *v, struct bp_pdf_doc *doc)
{
    const char *const *codes;
    size_t n = bp_plan_areas(v->kase.model, &codes), i, j;
    struct bp_pdf_area *out = bp_arena_alloc(&c->arena, (n + 1) * sizeof(*out));
    for (i = 0; i < n && i < 8 && v->parts.n_goals; i++) {
        out[i].label = bp_label(c->lang, "area", codes[i]);
        out[i].count = 0;
        for (j = 0; j < v->parts.n_goals; j++)
            out[i].count += strcmp(v->parts.goals[j].area, codes[i]) == 0;
    }
    doc->areas = out;
    doc->n_areas = i;
}

void bp_child_plan_pdf_answer(struct bp_ctx *c, const struct bp_family_case_view *v,
                              const struct bp_audit *audit)
{
    struct bp_arena *a = &c->arena;
    const struct bp_plan *pl = &v->plan;
    const char *version = bp_arena_printf(a, "%s %d · %s %s", T(N_("Version")), pl->version,
                                          T(N_("Planen blev klar")), bp_date_text(a, pl->finished_on));
    struct bp_pdf_doc d = {
        .title = v->child.given_name ? bp_arena_printf(a, "%s, %s", T(N_("Din plan")), v->child.given_name)
                                     : T(N_("Din plan")),
        .subtitle = pl->summary && *pl->summary
                        ? bp_arena_printf(a, "%s\n%s", T(N_("Det här ska hjälpa dig.")), pl->summary)
                        : T(N_("Det här ska hjälpa dig.")),
        .notice = T(N_("Planen är din. Visa den för dem du vill.")),
        .areas_heading = T(N_("Din plan i en bild")),
        .footer = version,
        .page = T(N_("Sida")),
        .page_of = T(N_("av")),
        .large = true,
    };
    unsigned char *pdf = NULL;
    size_t len = 0;
    enum bp_err rc;
    areas(c, v, &d);
    sections(c, v, &d);
    if ((rc = bp_pdf_render(&d, &pdf, &len)) != BP_OK) {
        bp_fail(c, rc);
        bp_audit_then_respond(c, audit);
        return;
    }
    bp_send_file(
        c, "application/pdf",
        bp_arena_printf(a, "planen-for-barn-%lld-version-%d.pdf", (long long)v->kase.id, pl->version), pdf,
        len, BP_MAX_PDF_BYTES + 1, audit);
    free(pdf);
}
