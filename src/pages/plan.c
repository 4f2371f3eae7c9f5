/* plan.c: the plan's pages (V-7.x, K-7.x, V-0.5, V-6.9, V-8a.2-V-8a.5, K-8.1): the plan with
 * a picture of the need areas (Västerbotten's three, Kronoberg's wellbeing wheel), a form for each part,
 * the edit page of an intervention, the printable copy. Each handler decodes, calls one
 * use case (app/plan.c) and renders or redirects. Must not decide who may edit what (the use cases do). */
#include <jansson.h>
#include "pages/pages.h"
#include "util/date.h"
#include "util/limits.h"

#define T(msgid) bp_tr(c->lang, msgid)

/* ---- shared helpers ---- */

static const struct bp_goal *goal_of(const struct bp_plan_view *v, int64_t id)
{
    size_t i;
    for (i = 0; i < v->parts.n_goals; i++)
        if (v->parts.goals[i].id == id)
            return &v->parts.goals[i];
    return NULL;
}

static bool is_member(const struct bp_user *u, int64_t org)
{
    size_t i;
    for (i = 0; i < u->n_orgs; i++)
        if (u->orgs[i].org_id == org)
            return true;
    return false;
}

/* The picture of the need areas: one segment per area, drawn once for three and once for eight areas
 * (computed offline: a wheel of radius 140, labels outside it). */
struct segment {
    const char *d;
    int nx, ny, lx, ly;
    const char *anchor;
};
static const struct segment wheel3[] = {
    {"M0 0 L0.0 -140.0 A140 140 0 0 1 121.2 70.0 Z", 76, -38, 145, -79, "start"},
    {"M0 0 L121.2 70.0 A140 140 0 0 1 -121.2 70.0 Z", 0, 94, 0, 173, "middle"},
    {"M0 0 L-121.2 70.0 A140 140 0 0 1 -0.0 -140.0 Z", -76, -38, -145, -79, "end"},
};
static const struct segment wheel8[] = {
    {"M0 0 L0.0 -140.0 A140 140 0 0 1 99.0 -99.0 Z", 34, -75, 64, -150, "start"},
    {"M0 0 L99.0 -99.0 A140 140 0 0 1 140.0 0.0 Z", 81, -28, 155, -59, "start"},
    {"M0 0 L140.0 0.0 A140 140 0 0 1 99.0 99.0 Z", 81, 40, 155, 69, "start"},
    {"M0 0 L99.0 99.0 A140 140 0 0 1 0.0 140.0 Z", 34, 87, 64, 160, "start"},
    {"M0 0 L0.0 140.0 A140 140 0 0 1 -99.0 99.0 Z", -34, 87, -64, 160, "end"},
    {"M0 0 L-99.0 99.0 A140 140 0 0 1 -140.0 0.0 Z", -81, 40, -155, 69, "end"},
    {"M0 0 L-140.0 0.0 A140 140 0 0 1 -99.0 -99.0 Z", -81, -28, -155, -59, "end"},
    {"M0 0 L-99.0 -99.0 A140 140 0 0 1 -0.0 -140.0 Z", -34, -75, -64, -150, "end"},
};
/* Light fills: the dark text on them and the white lines between them stay readable. */
static const char *const fills[] = {"#cfe3f6", "#d6efd8", "#fde2c4", "#e6dcf3",
                                    "#f9d6dc", "#d3eeee", "#f3ecc2", "#dfe3e8"};

/* The areas of the model with their goals, and the wheel's shapes. */
static struct bp_tv *areas_tv(struct bp_ctx *c, const struct bp_plan_view *v, bool draft)
{
    struct bp_arena *a = &c->arena;
    struct bp_tv *list = bp_tv_list(a);
    const char *const *codes;
    size_t n = bp_plan_areas(v->kase.model, &codes), i, j;
    const struct segment *seg = n == 8 ? wheel8 : wheel3;
    for (i = 0; i < n && i < 8; i++) {
        struct bp_tv *o = bp_tv_obj(a), *goals = bp_tv_list(a);
        size_t count = 0;
        for (j = 0; j < v->parts.n_goals; j++) {
            const struct bp_goal *g = &v->parts.goals[j];
            struct bp_tv *go;
            if (strcmp(g->area, codes[i]) != 0)
                continue;
            go = bp_tv_obj(a);
            bp_tv_set_int(a, go, "id", g->id);
            bp_tv_set_str(a, go, "need", g->need);
            bp_tv_set_str(a, go, "goal", g->goal);
            bp_tv_set_bool(a, go, "removable", draft);
            bp_tv_push(a, goals, go);
            count++;
        }
        bp_tv_set_str(a, o, "code", codes[i]);
        bp_tv_set_str(a, o, "label", bp_label(c->lang, "area", codes[i]));
        bp_tv_set(a, o, "goals", goals);
        bp_tv_set_bool(a, o, "has_goals", count > 0);
        bp_tv_set_int(a, o, "count", (int64_t)count);
        bp_tv_set_str(a, o, "d", seg[i].d);
        bp_tv_set_str(a, o, "fill", fills[i]);
        bp_tv_set_int(a, o, "nx", seg[i].nx);
        bp_tv_set_int(a, o, "ny", seg[i].ny);
        bp_tv_set_int(a, o, "lx", seg[i].lx);
        bp_tv_set_int(a, o, "ly", seg[i].ly);
        bp_tv_set_str(a, o, "anchor", seg[i].anchor);
        bp_tv_push(a, list, o);
    }
    return list;
}

/* ---- the forms (their fields: domain/forms.c's tables, drawn by http/fields.c) ---- */

/* The page's forms, each named as its record (the redirect's "saved" and the template use the name). */
static const struct bp_record_def *const plan_forms[] = {
    &bp_record_plan,       &bp_record_goal,      &bp_record_intervention,
    &bp_record_commitment, &bp_record_contact,   &bp_record_decision,
    &bp_record_decide,     &bp_record_signature, &bp_record_copy,
};

/* Errors that belong to no form's field: where the summary links and what it calls them. */
static const struct {
    const char *path, *label, *anchor;
} other_paths[] = {
    {"plan.status", N_("Planen"), "plan-status"},
    {"plan.kind", N_("Typ av plan"), "plan-status"},
    {"plan.goals", N_("Mål"), "goals"},
    {"plan.interventions", N_("Insatser"), "interventions"},
    {"plan", N_("Ärendet"), "plan-status"},
    {"signature.org_id", N_("Verksamhet"), "signatures"},
    {"signature.method", N_("Hur skrevs planen under?"), "signatures"},
    {"signature.plan", N_("Planen"), "signatures"},
    {"copy.version", N_("Version av planen"), "copies"},
};

/* "goals.2.need" -> list "goals", index 2. */
static bool list_field(const char *name, const char *list, long *index)
{
    size_t n = strlen(list);
    char *end;
    if (strncmp(name, list, n) != 0 || name[n] != '.')
        return false;
    *index = strtol(name + n + 1, &end, 10);
    return end != name + n + 1 && *end == '.';
}

/* A line of the error summary for any error of the plan, with where it links to. */
static void summary_line(struct bp_ctx *c, const struct bp_plan_view *v, const struct bp_field_error *e,
                         struct bp_tv *summary)
{
    struct bp_arena *a = &c->arena;
    const char *msg = bp_field_error_text(c->lang, e->field, e->code), *label = T(N_("Planen")),
               *anchor = "plan-status";
    size_t i;
    long n;
    if (bp_form_summary_line(c, e, summary))
        return;
    for (i = 0; i < BP_ARRAY_LEN(other_paths); i++)
        if (strcmp(e->field, other_paths[i].path) == 0) {
            label = T(other_paths[i].label);
            anchor = other_paths[i].anchor;
        }
    if (list_field(e->field, "goals", &n)) { /* the finishing check names the part: "goals.2.need" */
        label = bp_arena_printf(a, "%s %ld", T(N_("Mål")), n + 1);
        anchor = "goals";
    } else if (list_field(e->field, "interventions", &n)) {
        label = bp_arena_printf(a, "%s %ld", T(N_("Insats")), n + 1);
        anchor = "interventions";
    } else if (list_field(e->field, "commitments", &n)) {
        label = bp_arena_printf(a, "%s %ld", T(N_("Åtagande")), n + 1);
        anchor = "commitments";
    } else if (strncmp(e->field, "contacts.", 9) == 0) {
        label = bp_arena_printf(a, "%s, %s", T(N_("Kontaktperson")),
                                bp_org_name_in(v->orgs, v->n_orgs, strtoll(e->field + 9, NULL, 10)));
        anchor = "contacts";
    }
    bp_summary_add(c, summary, anchor, label, msg);
}

/* The choices that depend on the case, for the forms' fields. */
static size_t plan_choices(struct bp_ctx *c, const struct bp_field_def *f, void *ud,
                           const struct bp_choice **out)
{
    const struct bp_plan_view *v = ud;
    struct bp_arena *a = &c->arena;
    struct bp_choice *ch;
    size_t i, n = 0;
    *out = NULL;
    if (strcmp(f->path, "goal.area") == 0) { /* the areas of the case's model (V-0.5) */
        const char *const *codes;
        size_t k = bp_plan_areas(v->kase.model, &codes);
        ch = bp_choices_alloc(a, k);
        for (i = 0; i < k; i++)
            ch[n++] = (struct bp_choice){codes[i], bp_label(c->lang, "area", codes[i])};
    } else if (f->kind == BP_FIELD_ORG || f->kind == BP_FIELD_ORGS) {
        /* V-8a.4: an intervention is added for one's own organisation only */
        bool own_only = strcmp(f->path, "intervention.org_id") == 0;
        ch = bp_choices_alloc(a, v->n_orgs);
        for (i = 0; i < v->n_orgs; i++)
            if (!own_only || is_member(&c->user, v->orgs[i].id))
                ch[n++] = (struct bp_choice){bp_id_text(a, v->orgs[i].id), v->orgs[i].name};
    } else if (f->kind == BP_FIELD_GUARDIAN) {
        ch = bp_choices_alloc(a, v->n_guardians);
        for (i = 0; i < v->n_guardians; i++)
            ch[n++] = (struct bp_choice){bp_id_text(a, v->guardians[i].id), v->guardians[i].name};
    } else if (strcmp(f->path, "decision.id") == 0) { /* the decisions still pending */
        ch = bp_choices_alloc(a, v->n_decisions);
        for (i = 0; i < v->n_decisions; i++)
            if (v->decisions[i].status != BP_DECISION_DECIDED)
                ch[n++] = (struct bp_choice){bp_id_text(a, v->decisions[i].id), v->decisions[i].what};
    } else if (strcmp(f->path, "copy.version") == 0) { /* V-8a.3: the finished versions, newest first */
        ch = bp_choices_alloc(a, v->n_versions);
        for (i = v->n_versions; i > 0; i--)
            if (v->versions[i - 1].status != BP_PLAN_DRAFT)
                ch[n++] = (struct bp_choice){
                    bp_id_text(a, v->versions[i - 1].version),
                    bp_arena_printf(a, "%s %d", T(N_("Versionsnummer")), v->versions[i - 1].version)};
    } else if (strcmp(f->path, "signature.version") == 0) { /* V-8a.2: the finished version in force */
        ch = bp_arena_alloc(a, sizeof(*ch));
        if (v->signing_version)
            ch[n++] =
                (struct bp_choice){bp_id_text(a, v->signing_version),
                                   bp_arena_printf(a, "%s %d", T(N_("Versionsnummer")), v->signing_version)};
    } else if (f->kind == BP_FIELD_REF) { /* a goal of this version */
        ch = bp_choices_alloc(a, v->parts.n_goals);
        for (i = 0; i < v->parts.n_goals; i++) {
            const struct bp_goal *g = &v->parts.goals[i];
            ch[n++] =
                (struct bp_choice){bp_id_text(a, g->id),
                                   bp_arena_printf(a, "%s: %s", bp_label(c->lang, "area", g->area), g->goal)};
        }
    } else {
        return 0;
    }
    *out = ch;
    return n;
}

/* Each form of the page (forms.<form>): the one that failed as typed, the shared part as stored, the
 * others empty; every error beside its field, whichever form it came from (finishing names them all). */
static struct bp_tv *forms_tv(struct bp_ctx *c, const struct bp_plan_view *v, const char *failed,
                              const struct bp_field_errors *errs)
{
    struct bp_arena *a = &c->arena;
    struct bp_tv *forms = bp_tv_obj(a), *shared;
    size_t i;
    for (i = 0; i < BP_ARRAY_LEN(plan_forms); i++) {
        const struct bp_record_def *r = plan_forms[i];
        struct bp_form_src src = {.typed = failed && strcmp(failed, r->name) == 0,
                                  .stored = r == &bp_record_plan ? (const void *)&v->plan : NULL};
        bp_tv_set(a, forms, r->name, bp_form_view(c, r, &src, errs, plan_choices, (void *)v));
    }
    /* the coordinating organisations are named as the model names their role (V-7.4, K-7.1) */
    shared = (struct bp_tv *)bp_tv_get(bp_tv_get(forms, "plan"), "coordinator_orgs");
    bp_tv_set_str(
        a, shared, "label",
        bp_arena_printf(a, "%s: %s",
                        bp_label(c->lang, "coordinator_role", bp_coordinator_role_code(v->kase.model)),
                        T(N_("verksamhet"))));
    return forms;
}

/* ---- the plan page ---- */

/* V-7.4, V-7.5, V-7.7, V-6.9, K-7.1: coordination, whom to contact, the follow-up, the summary. */
static void coordination_tv(struct bp_ctx *c, const struct bp_plan_view *v, struct bp_tv *d)
{
    struct bp_arena *a = &c->arena;
    const struct bp_plan *p = &v->plan;
    struct bp_tv *coords = bp_tv_list(a);
    size_t i;
    for (i = 0; i < p->n_coordinator_orgs; i++)
        bp_tv_push(a, coords, bp_tv_str(a, bp_org_name_in(v->orgs, v->n_orgs, p->coordinator_orgs[i])));
    bp_tv_set(a, d, "coordinator_orgs", coords);
    bp_tv_set_bool(a, d, "has_coordinator_orgs", p->n_coordinator_orgs > 0);
    bp_tv_set_str(a, d, "coordinator_role",
                  bp_label(c->lang, "coordinator_role", bp_coordinator_role_code(v->kase.model)));
    bp_tv_record(c, d, &bp_record_plan,
                 p); /* the follow-up, whom to contact, the summary, the child's view */
}

/* V-7.2, V-8a.4: interventions, each with its one responsible organisation. */
static void intervention_tv(struct bp_ctx *c, struct bp_tv *o, const void *rec, size_t i, void *ud)
{
    const struct bp_intervention *iv = rec;
    const struct bp_plan_view *v = ud;
    const struct bp_goal *g = goal_of(v, iv->goal_id);
    bp_tv_set_int(&c->arena, o, "id", iv->id);
    bp_tv_set_int(&c->arena, o, "num", (int64_t)i + 1);
    bp_tv_set_str(&c->arena, o, "org", bp_org_name_in(v->orgs, v->n_orgs, iv->org_id));
    bp_tv_set_str(&c->arena, o, "goal", g ? g->goal : "");
    bp_tv_set_bool(&c->arena, o, "may_edit", v->may_edit_intervention[i]);
    if (v->latest_progress && v->latest_progress[i]) { /* V-9.1: how it goes, the latest word */
        const struct bp_progress *p = v->latest_progress[i];
        bp_tv_set_str(
            &c->arena, o, "progress",
            bp_arena_printf(&c->arena, "%s %s %s",
                            bp_label(c->lang, "progress_status", bp_progress_status_codes[p->status]),
                            T(N_("sedan")), bp_date_text(&c->arena, p->status_on)));
        bp_tv_set_str(&c->arena, o, "progress_note", p->note);
    }
}

/* V-7.3: what the child, a guardian or someone else will do. */
static void commitment_tv(struct bp_ctx *c, struct bp_tv *o, const void *rec, size_t i, void *ud)
{
    const struct bp_commitment *cm = rec;
    const struct bp_plan_view *v = ud;
    const struct bp_goal *g = goal_of(v, cm->goal_id);
    const char *who =
        cm->who == BP_COMMIT_CHILD ? T(N_("Barnet"))
        : cm->who == BP_COMMIT_GUARDIAN
            ? bp_arena_printf(&c->arena, "%s (%s)",
                              bp_guardian_name_in(v->guardians, v->n_guardians, cm->guardian_id),
                              T(N_("vårdnadshavare")))
            : cm->name;
    (void)i;
    bp_tv_set_int(&c->arena, o, "id", cm->id);
    bp_tv_set_str(&c->arena, o, "who", who);
    bp_tv_set_str(&c->arena, o, "goal", g ? g->goal : "");
    bp_tv_set_bool(&c->arena, o, "removable",
                   v->plan.status == BP_PLAN_DRAFT && v->kase.status == BP_CASE_OPEN);
}

/* V-7.6: one contact person per participating organisation (an empty row where one is missing). */
static struct bp_tv *contacts_tv(struct bp_ctx *c, const struct bp_plan_view *v)
{
    struct bp_arena *a = &c->arena;
    struct bp_tv *list = bp_tv_list(a);
    size_t i, j;
    for (i = 0; i < v->n_orgs; i++) {
        struct bp_tv *o = bp_tv_obj(a);
        bp_tv_set_str(a, o, "org", v->orgs[i].name);
        bp_tv_set_int(a, o, "org_id", v->orgs[i].id);
        for (j = 0; j < v->parts.n_contacts; j++) {
            const struct bp_plan_contact *pc = &v->parts.contacts[j];
            if (pc->org_id != v->orgs[i].id)
                continue;
            bp_tv_set_str(a, o, "name", pc->name);
            bp_tv_set_str(a, o, "phone", pc->phone);
            bp_tv_set_str(a, o, "email", pc->email);
        }
        bp_tv_push(a, list, o);
    }
    return list;
}

/* V-5.8, V-8a.5: pending decisions and those taken. */
static void decision_tv(struct bp_ctx *c, struct bp_tv *o, const void *rec, size_t i, void *ud)
{
    const struct bp_pending_decision *pd = rec;
    const struct bp_plan_view *v = ud;
    (void)i;
    bp_tv_set_int(&c->arena, o, "id", pd->id);
    bp_tv_set_str(&c->arena, o, "org", bp_org_name_in(v->orgs, v->n_orgs, pd->org_id));
    bp_tv_set_bool(&c->arena, o, "decided", pd->status == BP_DECISION_DECIDED);
}

/* V-8a.2: one answer as the page shows it: signed or declined, how, when, which version (its hash). */
static void answer_tv(struct bp_ctx *c, struct bp_tv *o, const struct bp_signature *sg, bool earlier)
{
    struct bp_arena *a = &c->arena;
    bool declined = sg->answer == BP_SIGN_DECLINED;
    bp_tv_set_bool(a, o, "answered", true);
    bp_tv_set_bool(a, o, "declined", declined);
    bp_tv_set_str(a, o, "answer", T(declined ? N_("Avstod") : N_("Skrev under")));
    bp_tv_set_str(a, o, "what",
                  bp_arena_printf(a, "%s %lld%s%s%s",
                                  T(declined ? N_("Avstod från version") : N_("Signerade version")),
                                  (long long)sg->version, earlier ? " (" : "",
                                  earlier ? T(N_("en äldre version")) : "", earlier ? ")" : ""));
    bp_tv_set_str(a, o, "method", bp_label(c->lang, "sign_method", bp_sign_method_codes[sg->method]));
    bp_tv_set_str(a, o, "signed_on", bp_date_text(a, sg->signed_on));
    bp_tv_set_str(a, o, "recorded_at", bp_time_text(a, sg->created_at));
    bp_tv_set_int(a, o, "answer_version", sg->version);
    bp_tv_set_str(a, o, "hash", sg->content_sha256);
    bp_tv_set_str(a, o, "reason", sg->reason);
    bp_tv_set_str(a, o, "role", sg->role);
    bp_tv_set_str(a, o, "signer_name", sg->name);
    bp_tv_set_int(a, o, "signature_id", sg->id);
    bp_tv_set_bool(a, o, "paper", sg->method == BP_SIGN_WET && !earlier); /* may get its scanned page */
    bp_tv_set_bool(a, o, "has_scan", sg->has_scan);
}

/* V-8a.2: who is expected to answer the version in force, each with their answer or "not answered". */
static void signer_row(struct bp_ctx *c, struct bp_tv *o, const void *item, size_t i, void *ud)
{
    const struct bp_signer_row *r = item;
    const struct bp_plan_view *v = ud;
    struct bp_arena *a = &c->arena;
    const char *name = r->answer && *r->answer->name ? r->answer->name : r->name;
    bp_tv_set_str(a, o, "kind", bp_label(c->lang, "signer", bp_signer_kind_codes[r->kind]));
    bp_tv_set_str(a, o, "name", *name ? name : bp_label(c->lang, "signer", bp_signer_kind_codes[r->kind]));
    bp_tv_set_str(a, o, "org", r->org_id ? bp_org_name_in(v->orgs, v->n_orgs, r->org_id) : "");
    if (r->answer)
        answer_tv(c, o, r->answer, false);
    else
        bp_tv_set_str(a, o, "answer", T(N_("Har inte svarat")));
}

/* V-8a.2: answers to older versions, shown as such ("Signerade version 1 (en äldre version)"). */
static void earlier_row(struct bp_ctx *c, struct bp_tv *o, const void *item, size_t i, void *ud)
{
    const struct bp_signature *sg = item;
    answer_tv(c, o, sg, true);
    bp_tv_set_str(&c->arena, o, "kind", bp_label(c->lang, "signer", bp_signer_kind_codes[sg->kind]));
}

struct bp_tv *bp_versions_tv(struct bp_ctx *c, const struct bp_plan *versions, size_t n, int shown)
{
    struct bp_arena *a = &c->arena;
    struct bp_tv *list = bp_tv_list(a);
    size_t i;
    for (i = 0; i < n; i++) {
        const struct bp_plan *p = &versions[i];
        struct bp_tv *o = bp_tv_obj(a);
        bp_tv_set_int(a, o, "version", p->version);
        bp_tv_set_str(a, o, "status", bp_label(c->lang, "plan_status", bp_plan_status_codes[p->status]));
        bp_tv_set_str(a, o, "finished_on", p->status != BP_PLAN_DRAFT ? bp_date_text(a, p->finished_on) : "");
        bp_tv_set_bool(a, o, "current", p->version == shown);
        bp_tv_set_bool(a, o, "in_force", p->status == BP_PLAN_FINISHED);
        bp_tv_set_bool(a, o, "exportable", p->status != BP_PLAN_DRAFT); /* V-8a.3: PDF and JSON */
        bp_tv_set_bool(a, o, "from_default", i + 2 == n); /* the comparison form: the last two */
        bp_tv_set_bool(a, o, "to_default", i + 1 == n);
        if (i > 0)
            bp_tv_set_int(a, o, "previous", versions[i - 1].version);
        bp_tv_push(a, list, o);
    }
    return list;
}

/* V-10.7: the new coordinating organisations yet to accept; "may_answer" when the reader is of one. */
static struct bp_tv *pending_coordinators_tv(struct bp_ctx *c, const struct bp_plan_view *v)
{
    struct bp_tv *list = bp_tv_list(&c->arena);
    size_t i;
    for (i = 0; i < v->n_coordination_pending; i++) {
        struct bp_tv *o = bp_tv_obj(&c->arena);
        bp_tv_set_str(&c->arena, o, "name", bp_org_name_in(v->orgs, v->n_orgs, v->coordination_pending[i]));
        bp_tv_set_bool(&c->arena, o, "may_answer", is_member(&c->user, v->coordination_pending[i]));
        bp_tv_push(&c->arena, list, o);
    }
    return list;
}

/* ---- copies (V-8a.3, K-8.1) ---- */

/* One line of the ledger: who received a copy of which version, how and when. */
static struct bp_tv *copy_line(struct bp_ctx *c, const char *who, const char *role, int64_t version,
                               const char *how, const char *when, const char *by)
{
    struct bp_arena *a = &c->arena;
    struct bp_tv *o = bp_tv_obj(a);
    bp_tv_set_str(a, o, "who", who);
    bp_tv_set_str(a, o, "role", role);
    bp_tv_set_int(a, o, "version", version);
    bp_tv_set_str(a, o, "how", how);
    bp_tv_set_str(a, o, "when", when);
    bp_tv_set_str(a, o, "by", by);
    return o;
}

/* How and when someone received the version in force; how NULL: not yet. */
struct got {
    const char *how, *when;
};

/* Who has received the version in force: each guardian, the child, each organisation (a download by any
 * of its members), and anyone else a copy was recorded for. */
static void recipient(struct bp_ctx *c, struct bp_tv *list, const char *who, const char *role, struct got got)
{
    struct bp_tv *o = bp_tv_obj(&c->arena);
    bp_tv_set_str(&c->arena, o, "who", who);
    bp_tv_set_str(&c->arena, o, "role", role);
    bp_tv_set_bool(&c->arena, o, "received", got.how != NULL);
    bp_tv_set_str(&c->arena, o, "how", got.how ? got.how : "");
    bp_tv_set_str(&c->arena, o, "when", got.when ? got.when : "");
    bp_tv_push(&c->arena, list, o);
}

static struct got copy_for(struct bp_ctx *c, const struct bp_plan_view *v, int64_t version,
                           enum bp_copy_recipient r, int64_t guardian_id, const char *name)
{
    size_t i;
    for (i = v->n_copies; i > 0; i--) {
        const struct bp_plan_copy *cp = &v->copies[i - 1];
        if (cp->version == version && cp->recipient == r && cp->guardian_id == guardian_id &&
            (!name || strcmp(name, cp->name) == 0))
            return (struct got){bp_label(c->lang, "copy_method", bp_copy_method_codes[cp->method]),
                                bp_date_text(&c->arena, cp->given_on)};
    }
    return (struct got){NULL, NULL};
}

static struct got download_for(struct bp_ctx *c, const struct bp_plan_view *v, int64_t version,
                               int64_t org_id)
{
    size_t i;
    for (i = v->n_downloads; i > 0; i--) {
        const struct bp_plan_download *d = &v->downloads[i - 1];
        if (d->version == version && d->org_id == org_id)
            return (struct got){bp_arena_printf(&c->arena, "%s (%s)", T(N_("Nedladdad i appen")), d->name),
                                bp_time_text(&c->arena, d->at)};
    }
    return (struct got){NULL, NULL};
}

/* Whether a copy of the same version for the same other participant comes before copy i. */
static bool named_before(const struct bp_plan_view *v, size_t i)
{
    size_t j;
    for (j = 0; j < i; j++)
        if (v->copies[j].recipient == BP_COPY_OTHER && v->copies[j].version == v->copies[i].version &&
            strcmp(v->copies[j].name, v->copies[i].name) == 0)
            return true;
    return false;
}

static void copies_tv(struct bp_ctx *c, const struct bp_plan_view *v, struct bp_tv *d)
{
    struct bp_arena *a = &c->arena;
    struct bp_tv *ledger = bp_tv_list(a), *who = bp_tv_list(a);
    int64_t in_force = v->signing_version;
    size_t i;
    for (i = 0; i < v->n_copies; i++) {
        const struct bp_plan_copy *cp = &v->copies[i];
        bp_tv_push(a, ledger,
                   copy_line(c, cp->name,
                             bp_label(c->lang, "copy_recipient", bp_copy_recipient_codes[cp->recipient]),
                             cp->version, bp_label(c->lang, "copy_method", bp_copy_method_codes[cp->method]),
                             bp_date_text(a, cp->given_on), cp->recorded_by_name));
        if (cp->recipient == BP_COPY_OTHER && cp->version == in_force && !named_before(v, i))
            recipient(c, who, cp->name, T(N_("annan deltagare")),
                      copy_for(c, v, in_force, BP_COPY_OTHER, 0, cp->name));
    }
    for (i = 0; i < v->n_downloads; i++) {
        const struct bp_plan_download *dl = &v->downloads[i];
        bp_tv_push(a, ledger,
                   copy_line(c, dl->name, bp_org_name_in(v->orgs, v->n_orgs, dl->org_id), dl->version,
                             T(N_("Nedladdad i appen")), bp_time_text(a, dl->at), dl->name));
    }
    for (i = 0; in_force && i < v->n_guardians; i++)
        recipient(c, who, v->guardians[i].name, T(N_("vårdnadshavare")),
                  copy_for(c, v, in_force, BP_COPY_GUARDIAN, v->guardians[i].id, NULL));
    if (in_force)
        recipient(c, who, bp_arena_printf(a, "%s %s", v->child.given_name, v->child.family_name),
                  T(N_("barnet")), copy_for(c, v, in_force, BP_COPY_CHILD, 0, NULL));
    for (i = 0; in_force && i < v->n_orgs; i++)
        recipient(c, who, v->orgs[i].name, T(N_("verksamhet")), download_for(c, v, in_force, v->orgs[i].id));
    bp_tv_set(a, d, "copies", ledger);
    bp_tv_set_bool(a, d, "has_copies", v->n_copies + v->n_downloads > 0);
    bp_tv_set(a, d, "copy_recipients", who);
}

/* Everything the plan page and the printed copy show. */
static struct bp_tv *plan_tv(struct bp_ctx *c, const struct bp_plan_view *v, const char *failed,
                             const struct bp_field_errors *errs)
{
    struct bp_arena *a = &c->arena;
    const struct bp_plan *p = &v->plan;
    bool closed = v->kase.status != BP_CASE_OPEN; /* read-only: no forms, only the closure's record */
    bool draft = !closed && p->status == BP_PLAN_DRAFT, finished = p->status == BP_PLAN_FINISHED;
    struct bp_tv *d = bp_tv_obj(a), *summary = bp_tv_list(a);
    size_t i, n_pending = 0;

    for (i = 0; errs && i < errs->count; i++)
        summary_line(c, v, &errs->items[i], summary);
    bp_tv_set(a, d, "errors", summary);
    bp_tv_set_bool(a, d, "has_errors", errs && errs->count > 0);
    bp_tv_set_int(a, d, "case_id", v->kase.id);
    bp_tv_set_str(a, d, "child_name", bp_arena_printf(a, "%s %s", v->child.given_name, v->child.family_name));
    bp_tv_set_bool(a, d, "kronoberg", v->kase.model == BP_MODEL_KRONOBERG);
    bp_tv_set_str(a, d, "plan_kind", bp_label(c->lang, "plan_kind", p->kind));
    bp_tv_set_str(a, d, "status", bp_label(c->lang, "plan_status", bp_plan_status_codes[p->status]));
    bp_tv_set_int(a, d, "version", p->version);
    bp_tv_set_bool(a, d, "draft", draft);
    bp_tv_set_bool(a, d, "finished", finished);
    bp_tv_set_str(a, d, "finished_on", finished ? bp_date_text(a, p->finished_on) : "");
    bp_tv_set_str(a, d, "content_sha256", p->content_sha256); /* V-10.6 */
    if (draft && p->version > 1) /* V-10.6: the finished version before it is in force until then */
        bp_tv_set_int(a, d, "previous_version", p->version - 1);
    bp_tv_set(a, d, "versions", bp_versions_tv(c, v->versions, v->n_versions, p->version));
    bp_tv_set_bool(a, d, "has_versions", v->n_versions > 1);
    bp_tv_set_bool(a, d, "may_compare", v->n_versions > 1);
    bp_tv_set(a, d, "coordination_pending", pending_coordinators_tv(c, v));
    bp_tv_set_bool(a, d, "has_coordination_pending", v->n_coordination_pending > 0);
    bp_tv_set_str(a, d, "today", bp_date_text(a, bp_actor_today(&c->actor)));
    bp_tv_set(a, d, "areas", areas_tv(c, v, draft));
    bp_tv_set_bool(a, d, "wheel8", v->kase.model == BP_MODEL_KRONOBERG);
    bp_tv_set_bool(a, d, "has_goals", v->parts.n_goals > 0);
    coordination_tv(c, v, d);
    bp_tv_set(a, d, "interventions",
              bp_tv_records(c, &bp_record_intervention, v->parts.interventions, v->parts.n_interventions,
                            sizeof(struct bp_intervention), intervention_tv, (void *)v));
    bp_tv_set_bool(a, d, "has_interventions", v->parts.n_interventions > 0);
    bp_tv_set(a, d, "commitments",
              bp_tv_records(c, &bp_record_commitment, v->parts.commitments, v->parts.n_commitments,
                            sizeof(struct bp_commitment), commitment_tv, (void *)v));
    bp_tv_set_bool(a, d, "has_commitments", v->parts.n_commitments > 0);
    bp_tv_set(a, d, "contacts", contacts_tv(c, v));
    bp_tv_set(a, d, "decisions",
              bp_tv_records(c, &bp_record_decision, v->decisions, v->n_decisions,
                            sizeof(struct bp_pending_decision), decision_tv, (void *)v));
    bp_tv_set_bool(a, d, "has_decisions", v->n_decisions > 0);
    for (i = 0; i < v->n_decisions; i++)
        n_pending += v->decisions[i].status != BP_DECISION_DECIDED;
    bp_tv_set_bool(a, d, "has_pending", n_pending > 0);
    bp_tv_set(a, d, "signers", /* V-8a.2 */
              bp_tv_each(c, v->signers, v->n_signers, sizeof(*v->signers), signer_row, (void *)v));
    bp_tv_set_bool(a, d, "has_signers", v->n_signers > 0);
    bp_tv_set(a, d, "earlier_signatures",
              bp_tv_each(c, v->earlier_signatures, v->n_earlier_signatures, sizeof(*v->earlier_signatures),
                         earlier_row, NULL));
    bp_tv_set_bool(a, d, "has_earlier_signatures", v->n_earlier_signatures > 0);
    bp_tv_set_int(a, d, "signing_version", v->signing_version); /* V-8a.2: the finished version in force */
    bp_tv_set_bool(a, d, "may_sign", !closed && v->signing_version > 0);
    bp_tv_set_bool(a, d, "case_closed", closed);
    bp_tv_protected(a, d, &v->kase); /* issue 10 item 10 */
    copies_tv(c, v, d);              /* V-8a.3, K-8.1 */
    bp_tv_set(a, d, "forms", closed ? bp_tv_obj(a) : forms_tv(c, v, failed, errs));
    return d;
}

/* Loads the plan for a page; answers the failure itself (an access denial is audited). */
static bool load_view(struct bp_ctx *c, struct bp_plan_view *v, struct bp_audit *audit)
{
    enum bp_err rc = bp_uc_plan_view(c->w->store, &c->arena, &c->actor, c->params[0], v, audit);
    if (bp_read_failed(c, rc, audit))
        return false;
    return true;
}

static const char *const saved_parts[] = {
    "plan",   "goal",      "intervention", "commitment",  "contact",      "decision", "decide",
    "finish", "signature", "removed",      "new_version", "coordination", "copy",     "scan"};

static void show_plan(struct bp_ctx *c, int status, const char *failed, const struct bp_field_errors *errs)
{
    struct bp_plan_view v;
    struct bp_audit audit;
    struct bp_tv *d;
    const char *saved = bp_form_get(&c->form, "saved");
    if (!load_view(c, &v, &audit))
        return;
    d = plan_tv(c, &v, failed, errs);
    if (v.plan.status == BP_PLAN_DRAFT)
        bp_set_child_voice(c, d); /* V-7.1: the plan is written from what the child said */
    bp_tv_set(&c->arena, d, "page", bp_page_ctx(c, N_("Barnets plan")));
    if (status == 200 && saved && BP_CODE_FIND(saved_parts, saved) >= 0)
        bp_tv_set_bool(&c->arena, d,
                       strcmp(saved, "finish") == 0        ? "finished_notice"
                       : strcmp(saved, "new_version") == 0 ? "new_version_notice"
                                                           : "saved_notice",
                       true);
    bp_render(c, status, "plan", d);
    bp_audit_then_respond(c, &audit);
}

void bp_h_plan_show(struct bp_ctx *c)
{
    show_plan(c, 200, NULL, NULL);
}

void bp_h_plan_print(struct bp_ctx *c)
{
    struct bp_plan_view v;
    struct bp_audit audit;
    struct bp_tv *d;
    if (!load_view(c, &v, &audit))
        return;
    audit.detail = "print"; /* V-8a.3: a participant's own copy */
    d = plan_tv(c, &v, NULL, NULL);
    bp_render_page(c, "plan_print", N_("Barnets plan, utskrift"), d);
    bp_audit_then_respond(c, &audit);
}

/* After a write: back to the plan, or the plan again with the messages next to the fields. */
static void after_write(struct bp_ctx *c, enum bp_err rc, const char *form, const char *anchor,
                        const struct bp_field_errors *errs)
{
    if (rc == BP_OK) {
        bp_redirect(c, bp_arena_printf(&c->arena, "/cases/%lld/plan?saved=%s#%s", (long long)c->params[0],
                                       form, anchor));
        return;
    }
    if ((rc == BP_ERR_INVALID || rc == BP_ERR_CONFLICT || rc == BP_ERR_FORBIDDEN) && errs->count) {
        show_plan(c, rc == BP_ERR_INVALID ? 422 : rc == BP_ERR_CONFLICT ? 409 : 403, form, errs);
        return;
    }
    bp_fail(c, rc);
}

/* ---- the writes from the page: one handler per form; each reads its record's fields ---- */

/* A part of the plan added from its form, or removed by its button: the route names the part
 * (bp_http_route.data: app.h's struct bp_plan_part); the form is the record's name, its section the
 * name's plural (V-7.1-V-7.3, V-5.8). */
void bp_h_plan_part_add(struct bp_ctx *c)
{
    const struct bp_plan_part *p = c->route->data;
    void *in = bp_arena_alloc(&c->arena, p->in_size); /* zeroed */
    struct bp_field_errors errs = {0};
    bp_form_read(c, p->rec, in);
    after_write(c, p->save(c->w->store, &c->arena, &c->actor, c->params[0], 0, in, NULL, &errs), p->rec->name,
                p->section, &errs);
}

void bp_h_plan_part_remove(struct bp_ctx *c)
{
    const struct bp_plan_part *p = c->route->data;
    struct bp_field_errors errs = {0};
    after_write(c, p->remove(c->w->store, &c->arena, &c->actor, c->params[0], c->params[1], &errs), "removed",
                p->section, &errs);
}

/* The edit page of one intervention: only for its own organisation (V-8a.4). */
static void render_intervention(struct bp_ctx *c, int status, const struct bp_plan_view *v,
                                const struct bp_intervention *iv, bool typed,
                                const struct bp_field_errors *errs)
{
    struct bp_arena *a = &c->arena;
    struct bp_tv *d = bp_tv_obj(a), *summary = bp_tv_list(a);
    struct bp_form_src src = {.typed = typed, .stored = iv};
    size_t i;
    for (i = 0; errs && i < errs->count; i++)
        summary_line(c, v, &errs->items[i], summary);
    bp_tv_set(a, d, "page", bp_page_ctx(c, N_("Ändra insats")));
    bp_tv_set_int(a, d, "case_id", v->kase.id);
    bp_tv_set_int(a, d, "intervention_id", iv->id);
    bp_tv_set_bool(a, d, "case_closed", v->kase.status == BP_CASE_CLOSED); /* read-only: no form */
    bp_tv_protected(a, d, &v->kase);                                       /* issue 10 item 10 */
    bp_tv_set_str(a, d, "child_name", bp_arena_printf(a, "%s %s", v->child.given_name, v->child.family_name));
    bp_tv_set(a, d, "intervention",
              bp_form_view(c, &bp_record_intervention, &src, errs, plan_choices, (void *)v));
    bp_tv_set(a, d, "errors", summary);
    bp_tv_set_bool(a, d, "has_errors", errs && errs->count > 0);
    bp_render(c, status, "plan_intervention", d);
}

static const struct bp_intervention *find_iv(const struct bp_plan_view *v, int64_t id, size_t *index)
{
    size_t i;
    for (i = 0; i < v->parts.n_interventions; i++)
        if (v->parts.interventions[i].id == id) {
            *index = i;
            return &v->parts.interventions[i];
        }
    return NULL;
}

/* The edit page of intervention params[1], fresh or as typed with its messages; only for its own
 * organisation (V-8a.4). */
static void intervention_page(struct bp_ctx *c, int status, bool typed, const struct bp_field_errors *errs)
{
    struct bp_plan_view v;
    struct bp_audit audit;
    const struct bp_intervention *iv;
    size_t i;
    if (!load_view(c, &v, &audit))
        return;
    if (!(iv = find_iv(&v, c->params[1], &i))) {
        bp_fail(c, BP_ERR_NOT_FOUND);
    } else if (!v.may_edit_intervention[i]) { /* V-8a.4: another organisation's intervention */
        audit.action = "denied";
        audit.detail = "not_own_org";
        bp_fail_status(c, 403, "forbidden", N_("Bara den ansvariga verksamheten kan ändra sin insats."));
    } else {
        render_intervention(c, status, &v, iv, typed, errs);
    }
    bp_audit_then_respond(c, &audit);
}

void bp_h_plan_intervention_edit(struct bp_ctx *c)
{
    intervention_page(c, 200, false, NULL);
}

void bp_h_plan_intervention_update(struct bp_ctx *c)
{
    struct bp_intervention_input in = {0};
    struct bp_field_errors errs = {0};
    enum bp_err rc;
    bp_form_read(c, &bp_record_intervention, &in);
    rc = bp_uc_intervention_save(c->w->store, &c->arena, &c->actor, c->params[0], c->params[1], &in, NULL,
                                 &errs);
    if (rc == BP_ERR_INVALID && errs.count) {
        intervention_page(c, 422, true, &errs);
        return;
    }
    after_write(c, rc, "intervention", "interventions", &errs);
}

/* V-10.6: "Ändra planen": a new draft version, a copy of the finished one. */
void bp_h_plan_new_version(struct bp_ctx *c)
{
    struct bp_field_errors errs = {0};
    int version = 0;
    after_write(c, bp_uc_plan_new_version(c->w->store, &c->arena, &c->actor, c->params[0], &version, &errs),
                "new_version", "top", &errs);
}

void bp_h_plan_finish(struct bp_ctx *c)
{
    struct bp_field_errors errs = {0};
    after_write(c, bp_uc_plan_finish(c->w->store, &c->arena, &c->actor, c->params[0], &errs), "finish", "top",
                &errs);
}

/* V-8a.5: the decision is taken; the other fields keep what they were (the use case fills them). */
void bp_h_plan_decision_decide(struct bp_ctx *c)
{
    struct bp_decide_input form = {0};
    struct bp_decision_input in = {0};
    struct bp_field_errors errs = {0};
    int64_t id = 0;
    enum bp_err rc;
    bp_form_read(c, &bp_record_decide, &form);
    in.status = "decided";
    in.outcome = form.outcome;
    in.decided_on = form.decided_on;
    if (!bp_parse_int64(form.id, 1, INT64_MAX, &id)) {
        bp_field_errors_add(&errs, "decision.id", "required");
        rc = BP_ERR_INVALID;
    } else {
        rc = bp_uc_decision_save(c->w->store, &c->arena, &c->actor, c->params[0], id, &in, NULL, &errs);
    }
    after_write(c, rc, "decide", "decisions", &errs);
}

/* ---- versions (V-10.6) ---- */

/* The stored text of an organisation field as the organisations' names ("12, 13" -> "BUP, Skolan"). */
static const char *org_names(struct bp_ctx *c, const struct bp_plan_view *v, const char *ids)
{
    const char *out = "", *p = ids;
    while (*p) {
        char *end;
        long long id = strtoll(p, &end, 10);
        if (end == p)
            break;
        out = *out ? bp_arena_printf(&c->arena, "%s, %s", out, bp_org_name_in(v->orgs, v->n_orgs, id))
                   : bp_org_name_in(v->orgs, v->n_orgs, id);
        p = end + strspn(end, ", ");
    }
    return out;
}

/* A value as the comparison shows it: names for organisations, nothing for a user's id (the name beside
 * it in the table says who), the text otherwise. */
static const char *shown(struct bp_ctx *c, const struct bp_plan_view *v, const struct bp_field_def *f,
                         const char *text)
{
    if (f->kind == BP_FIELD_ORG || f->kind == BP_FIELD_ORGS)
        return org_names(c, v, text);
    return f->kind == BP_FIELD_USER ? "" : text;
}

static const char *const change_codes[] = {"added", "removed", "changed"};

/* A change between the two versions; ud: the plan view (the organisations' names). */
static void change_row(struct bp_ctx *c, struct bp_tv *o, const void *item, size_t i, void *ud)
{
    const struct bp_plan_change *ch = item;
    const struct bp_plan_view *v = ud;
    struct bp_arena *a = &c->arena;
    bp_tv_set_str(a, o, "part", bp_label(c->lang, "plan_part", ch->rec->name));
    bp_tv_set_str(a, o, "what", ch->rec == &bp_record_contact ? org_names(c, v, ch->what) : ch->what);
    bp_tv_set_str(a, o, "change", bp_label(c->lang, "plan_change", change_codes[ch->kind]));
    bp_tv_set_str(a, o, "change_code", change_codes[ch->kind]);
    if (ch->field) {
        bp_tv_set_str(a, o, "field", T(ch->field->label));
        bp_tv_set_str(a, o, "before", shown(c, v, ch->field, ch->before));
        bp_tv_set_str(a, o, "after", shown(c, v, ch->field, ch->after));
    }
}

void bp_h_plan_compare(struct bp_ctx *c)
{
    struct bp_arena *a = &c->arena;
    struct bp_plan_comparison cmp;
    struct bp_audit audit;
    const char *from = bp_form_get(&c->form, "from"), *to = bp_form_get(&c->form, "to");
    struct bp_tv *d;
    enum bp_err rc =
        bp_uc_plan_compare(c->w->store, a, &c->actor, c->params[0], from ? strtoll(from, NULL, 10) : 0,
                           to ? strtoll(to, NULL, 10) : 0, &cmp, &audit);
    if (bp_read_failed(c, rc, &audit))
        return;
    d = bp_tv_obj(a);
    bp_tv_set_int(a, d, "case_id", c->params[0]);
    bp_tv_set_str(a, d, "child_name",
                  bp_arena_printf(a, "%s %s", cmp.view.child.given_name, cmp.view.child.family_name));
    bp_tv_set_int(a, d, "from", cmp.from.version);
    bp_tv_set_int(a, d, "to", cmp.to.version);
    bp_tv_set(a, d, "changes",
              bp_tv_each(c, cmp.changes, cmp.n_changes, sizeof(*cmp.changes), change_row, &cmp.view));
    bp_tv_set_bool(a, d, "has_changes", cmp.n_changes > 0);
    bp_render_page(c, "plan_compare", N_("Jämför versioner av planen"), d);
    bp_audit_then_respond(c, &audit);
}
