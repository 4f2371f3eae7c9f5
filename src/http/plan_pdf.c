/* plan_pdf.c: a finished plan version as PDF (V-8a.3: everyone's own copy; K-8.1), for the page's download
 * and the API's alike: the words of the model (its plan's name, samordningsansvarig or samverkansansvarig,
 * its need areas) in the reader's language, the need areas as a picture, the goals, the interventions with
 * their responsible organisation, coordination, contacts and the follow-up, and the version with its
 * SHA-256 in every page's footer. The fields of each part come from its field table, so a new field is in
 * the PDF at once. src/pdf draws it; this file only gives it the words. Must not read anything itself: the
 * use case (bp_uc_plan_version_view) has loaded the version and its audit entry. */
#include "http/http.h"
#include "pdf/pdf.h"
#include "record/record.h"
#include "util/limits.h"

#define T(msgid) bp_tr(c->lang, msgid)

/* A growing list of paragraphs in the request's arena. */
struct paras {
    struct bp_pdf_para *items;
    size_t n, cap;
};

static void para(struct bp_arena *a, struct paras *p, const char *label, const char *text, bool apart)
{
    if (p->n == p->cap) {
        struct bp_pdf_para *more = bp_arena_alloc(a, (p->cap * 2 + 8) * sizeof(*more));
        if (p->n)
            memcpy(more, p->items, p->n * sizeof(*more));
        p->items = more;
        p->cap = p->cap * 2 + 8;
    }
    p->items[p->n++] = (struct bp_pdf_para){label, text, apart};
}

static const char *goal_text(const struct bp_plan_view *v, int64_t id)
{
    size_t i;
    for (i = 0; i < v->parts.n_goals; i++)
        if (v->parts.goals[i].id == id)
            return v->parts.goals[i].goal;
    return "";
}

/* One stored value of field f as a reader sees it: names for ids, labels for codes. */
static const char *shown(struct bp_ctx *c, const struct bp_plan_view *v, const struct bp_field_def *f,
                         const char *text)
{
    int64_t id = 0;
    if (!*text)
        return text;
    switch (f->kind) {
    case BP_FIELD_ORG:
    case BP_FIELD_ORGS:
        return bp_parse_int64(text, 1, INT64_MAX, &id) ? bp_org_name_in(v->orgs, v->n_orgs, id) : "";
    case BP_FIELD_GUARDIAN:
        return bp_parse_int64(text, 1, INT64_MAX, &id) ? bp_guardian_name_in(v->guardians, v->n_guardians, id)
                                                       : "";
    case BP_FIELD_REF:
        return bp_parse_int64(text, 1, INT64_MAX, &id) ? goal_text(v, id) : "";
    case BP_FIELD_USER:
        return ""; /* the name beside it says who */
    case BP_FIELD_CHOICE:
        return f->choice_kind ? bp_label(c->lang, f->choice_kind, text) : text;
    case BP_FIELD_BOOL:
        return *text == '1' ? T(N_("Ja")) : T(N_("Nej"));
    default:
        return text;
    }
}

/* "Label: value" for each field of the record that has a value, one a line, but those named in skip. */
static const char *record_lines(struct bp_ctx *c, const struct bp_plan_view *v, const struct bp_record_def *r,
                                const void *rec, const char *const *skip, size_t n_skip)
{
    struct bp_buf *b = bp_arena_buf(&c->arena, BP_MAX_PAGE_BYTES);
    size_t i, j, k;
    for (i = 0; i < r->n_fields; i++) {
        const struct bp_field_def *f = &r->fields[i];
        const char *vals[BP_MAX_COORDINATORS + BP_MAX_GUARDIANS + 1], *sep = "", *label;
        size_t n;
        for (j = 0; j < n_skip && strcmp(skip[j], f->name) != 0; j++)
            ;
        if (j < n_skip || f->stored == BP_STORED_NONE || f->kind == BP_FIELD_USER)
            continue;
        n = bp_stored_text(&c->arena, f, rec, vals, BP_ARRAY_LEN(vals));
        if (!n || !*vals[0])
            continue;
        label = T(f->label);
        /* "Label: value", or after a question "Vilka deltar? value" */
        bp_buf_addf(b, "%s%s%s ", *bp_buf_str(b) ? "\n" : "", label,
                    *label && label[strlen(label) - 1] == '?' ? "" : ":");
        for (k = 0; k < n; k++, sep = ", ")
            bp_buf_addf(b, "%s%s", sep, shown(c, v, f, vals[k]));
    }
    return bp_buf_failed(b) ? "" : bp_buf_str(b);
}

static struct bp_pdf_section section(const char *heading, const struct paras *p)
{
    return (struct bp_pdf_section){heading, p->items, p->n};
}

/* The goals by need area, and the picture's segments: how many goals each area has (V-0.5). */
static void goals(struct bp_ctx *c, const struct bp_plan_view *v, struct bp_pdf_doc *d, struct paras *p)
{
    struct bp_arena *a = &c->arena;
    struct bp_pdf_area *areas = bp_arena_alloc(a, 8 * sizeof(*areas));
    const char *const *codes;
    size_t n = bp_plan_areas(v->kase.model, &codes), i, j;
    for (i = 0; i < n && i < 8; i++) {
        areas[i].label = bp_label(c->lang, "area", codes[i]);
        for (j = 0; j < v->parts.n_goals; j++) {
            const struct bp_goal *g = &v->parts.goals[j];
            if (strcmp(g->area, codes[i]) != 0)
                continue;
            areas[i].count++;
            para(a, p, areas[i].label,
                 bp_arena_printf(a, "%s: %s\n%s: %s", T(N_("Behov")), g->need, T(N_("Mål")), g->goal), true);
        }
    }
    d->areas = areas;
    d->n_areas = i;
}

static const char *const iv_skip[] = {"what"};
static const char *const cm_skip[] = {"who", "guardian_id", "name", "what"};
static const char *const followup[] = {"coordinator_orgs", "coordinator_name", "contact_if_fails", "summary",
                                       "child_view"};

/* The document's sections: each part of the version, in the order of the plan page. */
static void sections(struct bp_ctx *c, const struct bp_plan_view *v, struct bp_pdf_doc *d)
{
    struct bp_arena *a = &c->arena;
    const struct bp_plan *pl = &v->plan;
    struct paras *p = bp_arena_alloc(a, 7 * sizeof(*p));
    struct bp_pdf_section *s = bp_arena_alloc(a, 7 * sizeof(*s));
    size_t i;
    para(a, &p[0], NULL, *pl->summary ? pl->summary : "–", false);
    if (pl->child_view && *pl->child_view)
        para(a, &p[0], T(N_("Barnets egna ord om planen")), pl->child_view, true);
    goals(c, v, d, &p[1]);
    for (i = 0; i < v->parts.n_interventions; i++) /* V-7.2, V-8a.4: each with its organisation */
        para(a, &p[2], v->parts.interventions[i].what,
             record_lines(c, v, &bp_record_intervention, &v->parts.interventions[i], iv_skip, 1), true);
    for (i = 0; i < v->parts.n_commitments; i++) {
        const struct bp_commitment *cm = &v->parts.commitments[i];
        const char *who = cm->who == BP_COMMIT_CHILD ? T(N_("Barnet"))
                          : cm->who == BP_COMMIT_GUARDIAN
                              ? bp_guardian_name_in(v->guardians, v->n_guardians, cm->guardian_id)
                              : cm->name;
        const char *more = record_lines(c, v, &bp_record_commitment, cm, cm_skip, BP_ARRAY_LEN(cm_skip));
        para(a, &p[3], who, *more ? bp_arena_printf(a, "%s\n%s", cm->what, more) : cm->what, true);
    }
    for (i = 0; i < pl->n_coordinator_orgs; i++) /* V-7.4, K-7.1 */
        para(a, &p[4], T(N_("Verksamhet")), bp_org_name_in(v->orgs, v->n_orgs, pl->coordinator_orgs[i]),
             false);
    if (pl->coordinator_name && *pl->coordinator_name)
        para(a, &p[4], T(N_("Ansvarig person")), pl->coordinator_name, false);
    para(a, &p[4], T(N_("Om planen inte fungerar, kontakta")), pl->contact_if_fails, true);
    for (i = 0; i < v->parts.n_contacts; i++) { /* V-7.6 */
        const struct bp_plan_contact *pc = &v->parts.contacts[i];
        para(a, &p[5], bp_org_name_in(v->orgs, v->n_orgs, pc->org_id),
             bp_arena_printf(a, "%s%s%s%s%s", pc->name, *pc->phone ? " · " : "", pc->phone,
                             *pc->email ? " · " : "", pc->email),
             false);
    }
    para(a, &p[6], NULL, record_lines(c, v, &bp_record_plan, pl, followup, BP_ARRAY_LEN(followup)), false);
    s[0] = section(T(N_("Sammanfattning")), &p[0]);
    s[1] = section(T(N_("Barnets behov och mål")), &p[1]);
    s[2] = section(T(N_("Insatser")), &p[2]);
    s[3] = section(T(N_("Vad barnet, vårdnadshavarna och andra gör")), &p[3]);
    s[4] = section(bp_label(c->lang, "coordinator_role", bp_coordinator_role_code(v->kase.model)), &p[4]);
    s[5] = section(T(N_("Kontaktpersoner")), &p[5]);
    s[6] = section(T(N_("Uppföljning")), &p[6]);
    d->sections = s;
    d->n_sections = 7;
}

/* Answers the PDF of the version in v (the use case loaded it; audit is its read) or the failure. */
static void plan_pdf_answer(struct bp_ctx *c, const struct bp_plan_view *v, const struct bp_audit *audit)
{
    struct bp_arena *a = &c->arena;
    const struct bp_plan *pl = &v->plan;
    const char *version = bp_arena_printf(a, "%s %d · %s %s", T(N_("Versionsnummer")), pl->version,
                                          T(N_("Färdigställd")), bp_date_text(a, pl->finished_on));
    struct bp_pdf_doc d = {
        .title = bp_arena_printf(a, "%s: %s %s", bp_label(c->lang, "plan_kind", pl->kind),
                                 v->child.given_name, v->child.family_name),
        .subtitle = pl->status == BP_PLAN_REPLACED
                        ? bp_arena_printf(a, "%s · %s", version, T(N_("Ersatt av en nyare version")))
                        : version,
        .notice = T(N_("Sekretesskyddade uppgifter. Förvara utskriften så att ingen obehörig kan läsa den.")),
        .areas_heading = T(N_("Barnets behov, område för område")),
        .footer = bp_arena_printf(a, "%s\nSHA-256: %s", version,
                                  pl->content_sha256 && *pl->content_sha256 ? pl->content_sha256 : "–"),
        .page = T(N_("Sida")),
        .page_of = T(N_("av")),
    };
    unsigned char *pdf = NULL;
    size_t len = 0;
    enum bp_err rc;
    sections(c, v, &d);
    if ((rc = bp_pdf_render(&d, &pdf, &len)) != BP_OK) {
        bp_fail(c, rc);
        bp_audit_then_respond(c, audit);
        return;
    }
    bp_send_file(c, "application/pdf",
                 bp_arena_printf(a, "plan-%lld-version-%d.pdf", (long long)v->kase.id, pl->version), pdf, len,
                 BP_MAX_PDF_BYTES + 1, audit);
    free(pdf);
}

void bp_plan_pdf_download(struct bp_ctx *c, bp_plan_version_read_fn read)
{
    struct bp_plan_view v;
    struct bp_audit audit;
    enum bp_err rc = read(c->w->store, &c->arena, &c->actor, c->params[0], c->params[1], &v, &audit);
    if (bp_read_failed(c, rc, &audit))
        return;
    plan_pdf_answer(c, &v, &audit);
}

void bp_h_plan_pdf(struct bp_ctx *c)
{
    bp_plan_pdf_download(c, bp_uc_plan_version_view);
}
