/* h_plan.c: the plan's pages and API (V-7.x, K-7.x, V-0.5, V-6.9, V-8a.2-V-8a.5, K-8.1): the plan with
 * a picture of the need areas (Västerbotten's three, Kronoberg's wellbeing wheel), a form for each part,
 * the edit page of an intervention, the printable copy, and the JSON API. Each handler decodes, calls one
 * use case (app/plan.c) and renders or redirects. Must not decide who may edit what (the use cases do). */
#include <jansson.h>
#include "web/web.h"
#include "util/date.h"
#include "util/limits.h"

#define T(msgid) bp_tr(c->lang, msgid)

/* ---- shared helpers ---- */

static const char *minute_text(struct bp_arena *a, int minute)
{
    return minute < 0 ? "" : bp_arena_printf(a, "%02d:%02d", minute / 60, minute % 60);
}

static const char *org_name(const struct bp_plan_view *v, int64_t id)
{
    size_t i;
    for (i = 0; i < v->n_orgs; i++)
        if (v->orgs[i].id == id)
            return v->orgs[i].name;
    return "";
}

static const char *guardian_name(const struct bp_plan_view *v, int64_t id)
{
    size_t i;
    for (i = 0; i < v->n_guardians; i++)
        if (v->guardians[i].id == id)
            return v->guardians[i].name;
    return "";
}

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

static struct bp_tv *option(struct bp_arena *a, const char *code, const char *label, bool selected)
{
    struct bp_tv *o = bp_tv_obj(a);
    bp_tv_set_str(a, o, "code", code);
    bp_tv_set_str(a, o, "label", label);
    bp_tv_set_bool(a, o, "selected", selected);
    return o;
}

static bool same(const char *a, const char *b)
{
    return a && b && strcmp(a, b) == 0;
}

/* ---- the forms ---- */

/* Every field of the plan's forms: which form, the template key, the field name (the same in the API's
 * errors) and the label the error summary names. */
struct fdef {
    const char *form, *key, *name, *label;
};
static const struct fdef fdefs[] = {
    {"shared", "coordinator_orgs", "plan.coordinator_orgs", N_("Samordnande verksamheter")},
    {"shared", "coordinator_name", "plan.coordinator_name", N_("Ansvarig person")},
    {"shared", "coordinator_user_id", "plan.coordinator_user_id", N_("Ansvarig person")},
    {"shared", "contact_if_fails", "plan.contact_if_fails", N_("Vem kontaktar man om planen inte fungerar?")},
    {"shared", "followup_on", "plan.followup_on", N_("Datum för uppföljning")},
    {"shared", "followup_time", "plan.followup_time", N_("Klockslag för uppföljning")},
    {"shared", "followup_place", "plan.followup_place", N_("Plats för uppföljning")},
    {"shared", "followup_participants", "plan.followup_participants", N_("Vilka deltar i uppföljningen?")},
    {"shared", "summary", "plan.summary", N_("Sammanfattning som barnet förstår")},
    {"goal", "area", "goal.area", N_("Område")},
    {"goal", "need", "goal.need", N_("Barnets behov")},
    {"goal", "goal", "goal.goal", N_("Mål")},
    {"intervention", "what", "intervention.what", N_("Insats")},
    {"intervention", "org_id", "intervention.org_id", N_("Ansvarig verksamhet")},
    {"intervention", "contact_user_id", "intervention.contact_user_id", N_("Kontaktperson för insatsen")},
    {"intervention", "contact_name", "intervention.contact_name", N_("Kontaktperson för insatsen")},
    {"intervention", "starts_on", "intervention.starts_on", N_("Startar")},
    {"intervention", "ends_on", "intervention.ends_on", N_("Slutar")},
    {"intervention", "level", "intervention.level", N_("Omfattning och nivå")},
    {"intervention", "goal_id", "intervention.goal_id", N_("Mål som insatsen hör till")},
    {"commitment", "who", "commitment.who", N_("Vem gör det?")},
    {"commitment", "guardian_id", "commitment.guardian_id", N_("Vårdnadshavare")},
    {"commitment", "name", "commitment.name", N_("Namn")},
    {"commitment", "what", "commitment.what", N_("Vad ska göras?")},
    {"commitment", "goal_id", "commitment.goal_id", N_("Mål som det hör till")},
    {"contact", "org_id", "contact.org_id", N_("Verksamhet")},
    {"contact", "name", "contact.name", N_("Kontaktperson")},
    {"contact", "phone", "contact.phone", N_("Telefon")},
    {"contact", "email", "contact.email", N_("E-post")},
    {"decision", "what", "decision.what", N_("Vad ska beslutas?")},
    {"decision", "org_id", "decision.org_id", N_("Verksamhet som beslutar")},
    {"decision", "user_id", "decision.user_id", N_("Beslutsfattare")},
    {"decision", "decider_name", "decision.decider_name", N_("Beslutsfattare")},
    {"decision", "due_on", "decision.due_on", N_("Beslut väntas senast")},
    {"decide", "id", "decision.id", N_("Beslut")},
    {"decide", "outcome", "decision.outcome", N_("Vad blev beslutet?")},
    {"decide", "decided_on", "decision.decided_on", N_("Datum för beslutet")},
    {"sign", "kind", "signature.kind", N_("Vem skriver under?")},
    {"sign", "guardian_id", "signature.guardian_id", N_("Vårdnadshavare")},
    {"sign", "name", "signature.name", N_("Namn")},
    {"sign", "method", "signature.method", N_("Hur skrevs planen under?")},
    {"sign", "signed_on", "signature.signed_on", N_("Datum")},
    {"sign", "org_id", "signature.org_id", N_("Verksamhet")},
    {"sign", "plan", "signature.plan", N_("Planen")},
    {"finish", "status", "plan.status", N_("Planen")},
    {"finish", "kind", "plan.kind", N_("Typ av plan")},
    {"finish", "goals", "plan.goals", N_("Mål")},
    {"finish", "interventions", "plan.interventions", N_("Insatser")},
    {"finish", "case", "plan", N_("Ärendet")},
};

static const struct fdef *fdef_by_name(const char *name)
{
    size_t i;
    for (i = 0; i < BP_ARRAY_LEN(fdefs); i++)
        if (strcmp(fdefs[i].name, name) == 0)
            return &fdefs[i];
    return NULL;
}

/* "goals.2.need" -> list "goals", index 2, member "need". */
static bool list_field(const char *name, const char *list, long *index, const char **member)
{
    size_t n = strlen(list);
    char *end;
    if (strncmp(name, list, n) != 0 || name[n] != '.')
        return false;
    *index = strtol(name + n + 1, &end, 10);
    if (end == name + n + 1 || *end != '.')
        return false;
    *member = end + 1;
    return true;
}

/* A line of the error summary for any field of the plan, with where it links to. */
static void summary_line(struct bp_ctx *c, const struct bp_plan_view *v, const struct bp_field_error *e,
                         struct bp_tv *summary)
{
    struct bp_arena *a = &c->arena;
    const struct fdef *f = fdef_by_name(e->field);
    const char *msg = bp_field_error_text(c->lang, e->field, e->code), *label, *anchor, *member;
    struct bp_tv *s = bp_tv_obj(a);
    long i;
    if (f && strcmp(f->form, "finish") != 0) {
        char *id = bp_arena_strdup(a, e->field), *p;
        for (p = id; *p; p++)
            if (*p == '.')
                *p = '-';
        label = T(f->label);
        anchor = id;
    } else if (list_field(e->field, "goals", &i, &member)) {
        label = bp_arena_printf(a, "%s %ld", T(N_("Mål")), i + 1);
        anchor = "goals";
    } else if (list_field(e->field, "interventions", &i, &member)) {
        label = bp_arena_printf(a, "%s %ld", T(N_("Insats")), i + 1);
        anchor = "interventions";
    } else if (list_field(e->field, "commitments", &i, &member)) {
        label = bp_arena_printf(a, "%s %ld", T(N_("Åtagande")), i + 1);
        anchor = "commitments";
    } else if (strncmp(e->field, "contacts.", 9) == 0) {
        int64_t org = strtoll(e->field + 9, NULL, 10);
        label = bp_arena_printf(a, "%s, %s", T(N_("Kontaktperson")), org_name(v, org));
        anchor = "contacts";
    } else {
        label = f ? T(f->label) : T(N_("Planen"));
        anchor = f && strcmp(f->key, "goals") == 0           ? "goals"
                 : f && strcmp(f->key, "interventions") == 0 ? "interventions"
                                                             : "plan-status";
    }
    bp_tv_set_str(a, s, "id", anchor);
    bp_tv_set_str(a, s, "message", bp_arena_printf(a, "%s: %s", label, msg));
    bp_tv_push(a, summary, s);
}

/* The value a fresh form shows. */
static const char *default_value(struct bp_ctx *c, const struct bp_plan_view *v, const struct fdef *f)
{
    struct bp_arena *a = &c->arena;
    const struct bp_plan *p = &v->plan;
    if (strcmp(f->form, "shared") == 0) {
        if (strcmp(f->key, "coordinator_name") == 0)
            return p->coordinator_name;
        if (strcmp(f->key, "coordinator_user_id") == 0)
            return bp_id_text(a, p->coordinator_user_id);
        if (strcmp(f->key, "contact_if_fails") == 0)
            return p->contact_if_fails;
        if (strcmp(f->key, "followup_on") == 0)
            return p->has_followup ? bp_date_text(a, p->followup_on) : "";
        if (strcmp(f->key, "followup_time") == 0)
            return minute_text(a, p->followup_minute);
        if (strcmp(f->key, "followup_place") == 0)
            return p->followup_place;
        if (strcmp(f->key, "followup_participants") == 0)
            return p->followup_participants;
        if (strcmp(f->key, "summary") == 0)
            return p->summary;
    }
    if ((strcmp(f->key, "signed_on") == 0 || strcmp(f->key, "decided_on") == 0))
        return bp_date_text(a, bp_actor_today(&c->actor));
    if (strcmp(f->form, "sign") == 0 && strcmp(f->key, "method") == 0)
        return "app";
    if (strcmp(f->form, "sign") == 0 && strcmp(f->key, "kind") == 0)
        return "professional";
    if (strcmp(f->form, "commitment") == 0 && strcmp(f->key, "who") == 0)
        return "child";
    return "";
}

/* Each form's values (as typed for the one that failed, else the defaults) and errors: forms.<form>. */
static struct bp_tv *forms_tv(struct bp_ctx *c, const struct bp_plan_view *v, const char *failed,
                              const struct bp_field_errors *errs)
{
    struct bp_arena *a = &c->arena;
    struct bp_field_view fv = {c, errs, bp_tv_list(a)}; /* its summary is not used: summary_line is */
    struct bp_tv *forms = bp_tv_obj(a);
    static const char *const names[] = {"shared",   "goal",   "intervention", "commitment", "contact",
                                        "decision", "decide", "sign",         "finish"};
    size_t i, j;
    for (i = 0; i < BP_ARRAY_LEN(names); i++) {
        struct bp_tv *vals = bp_tv_obj(a), *err = bp_tv_obj(a);
        for (j = 0; j < BP_ARRAY_LEN(fdefs); j++) {
            const struct fdef *f = &fdefs[j];
            const char *value;
            if (strcmp(f->form, names[i]) != 0)
                continue;
            value = same(failed, names[i]) ? bp_form_get(&c->form, f->name) : default_value(c, v, f);
            bp_field(&fv, vals, err, f->key, f->name, value, T(f->label));
        }
        bp_tv_set(a, vals, "err", err);
        bp_tv_set(a, forms, names[i], vals);
    }
    return forms;
}

/* ---- the plan page ---- */

/* Option lists whose selection follows the form's value. */
static struct bp_tv *org_options(struct bp_ctx *c, const struct bp_plan_view *v, const char *selected,
                                 bool own_only)
{
    struct bp_arena *a = &c->arena;
    struct bp_tv *list = bp_tv_list(a);
    size_t i;
    for (i = 0; i < v->n_orgs; i++) {
        const char *id = bp_id_text(a, v->orgs[i].id);
        if (own_only && !is_member(&c->user, v->orgs[i].id))
            continue;
        bp_tv_push(a, list, option(a, id, v->orgs[i].name, same(selected, id)));
    }
    return list;
}

static struct bp_tv *goal_options(struct bp_ctx *c, const struct bp_plan_view *v, const char *selected)
{
    struct bp_arena *a = &c->arena;
    struct bp_tv *list = bp_tv_list(a);
    size_t i;
    for (i = 0; i < v->parts.n_goals; i++) {
        const struct bp_goal *g = &v->parts.goals[i];
        const char *id = bp_id_text(a, g->id);
        bp_tv_push(a, list,
                   option(a, id, bp_arena_printf(a, "%s: %s", bp_label(c->lang, "area", g->area), g->goal),
                          same(selected, id)));
    }
    return list;
}

static struct bp_tv *guardian_options(struct bp_ctx *c, const struct bp_plan_view *v, const char *selected)
{
    struct bp_arena *a = &c->arena;
    struct bp_tv *list = bp_tv_list(a);
    size_t i;
    for (i = 0; i < v->n_guardians; i++) {
        const char *id = bp_id_text(a, v->guardians[i].id);
        bp_tv_push(a, list, option(a, id, v->guardians[i].name, same(selected, id)));
    }
    return list;
}

/* A form field's value as the form shows it: as typed when that form failed, else the default. */
static const char *fval(struct bp_ctx *c, const struct bp_plan_view *v, const char *failed, const char *form,
                        const char *key)
{
    size_t i;
    for (i = 0; i < BP_ARRAY_LEN(fdefs); i++)
        if (strcmp(fdefs[i].form, form) == 0 && strcmp(fdefs[i].key, key) == 0)
            return same(failed, form) ? bp_form_get(&c->form, fdefs[i].name) : default_value(c, v, &fdefs[i]);
    return NULL;
}
#define val(forms, form, key) fval(c, v, failed, form, key)

/* Everything the plan page and the printed copy show. */
static struct bp_tv *plan_tv(struct bp_ctx *c, const struct bp_plan_view *v, const char *failed,
                             const struct bp_field_errors *errs)
{
    struct bp_arena *a = &c->arena;
    const struct bp_plan *p = &v->plan;
    bool draft = p->status == BP_PLAN_DRAFT, finished = p->status == BP_PLAN_FINISHED;
    struct bp_tv *d = bp_tv_obj(a), *forms = forms_tv(c, v, failed, errs), *summary = bp_tv_list(a);
    struct bp_tv *ivs = bp_tv_list(a), *cms = bp_tv_list(a), *contacts = bp_tv_list(a),
                 *coords = bp_tv_list(a);
    struct bp_tv *decisions = bp_tv_list(a), *pending = bp_tv_list(a), *sigs = bp_tv_list(a), *all_orgs;
    const char *role = bp_coordinator_role_code(v->kase.model);
    size_t i, j, n_pending = 0;

    if (errs)
        for (i = 0; i < errs->count; i++)
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
    bp_tv_set_str(a, d, "today", bp_date_text(a, bp_actor_today(&c->actor)));
    bp_tv_set_str(a, d, "coordinator_role", bp_label(c->lang, "coordinator_role", role));
    bp_tv_set(a, d, "areas", areas_tv(c, v, draft));
    bp_tv_set_bool(a, d, "wheel8", v->kase.model == BP_MODEL_KRONOBERG);

    /* V-7.4, K-7.1: coordination */
    for (i = 0; i < p->n_coordinator_orgs; i++)
        bp_tv_push(a, coords, bp_tv_str(a, org_name(v, p->coordinator_orgs[i])));
    bp_tv_set(a, d, "coordinator_orgs", coords);
    bp_tv_set_bool(a, d, "has_coordinator_orgs", p->n_coordinator_orgs > 0);
    bp_tv_set_str(a, d, "coordinator_name", p->coordinator_name);
    bp_tv_set_str(a, d, "contact_if_fails", p->contact_if_fails);
    bp_tv_set_str(a, d, "followup_on", p->has_followup ? bp_date_text(a, p->followup_on) : "");
    bp_tv_set_str(a, d, "followup_time", minute_text(a, p->followup_minute));
    bp_tv_set_str(a, d, "followup_place", p->followup_place);
    bp_tv_set_str(a, d, "followup_participants", p->followup_participants);
    bp_tv_set_str(a, d, "summary", p->summary);

    /* V-7.2, V-8a.4: interventions, each with its one responsible organisation */
    for (i = 0; i < v->parts.n_interventions; i++) {
        const struct bp_intervention *iv = &v->parts.interventions[i];
        const struct bp_goal *g = goal_of(v, iv->goal_id);
        struct bp_tv *o = bp_tv_obj(a);
        bp_tv_set_int(a, o, "id", iv->id);
        bp_tv_set_int(a, o, "num", (int64_t)i + 1);
        bp_tv_set_str(a, o, "what", iv->what);
        bp_tv_set_str(a, o, "org", org_name(v, iv->org_id));
        bp_tv_set_str(a, o, "contact", iv->contact_name);
        bp_tv_set_str(a, o, "starts_on", bp_date_text(a, iv->starts_on));
        bp_tv_set_str(a, o, "ends_on", iv->has_end ? bp_date_text(a, iv->ends_on) : "");
        bp_tv_set_str(a, o, "level", iv->level);
        bp_tv_set_str(a, o, "goal", g ? g->goal : "");
        bp_tv_set_bool(a, o, "may_edit", v->may_edit_intervention[i]);
        bp_tv_push(a, ivs, o);
    }
    bp_tv_set(a, d, "interventions", ivs);
    bp_tv_set_bool(a, d, "has_interventions", v->parts.n_interventions > 0);

    /* V-7.3 */
    for (i = 0; i < v->parts.n_commitments; i++) {
        const struct bp_commitment *cm = &v->parts.commitments[i];
        const struct bp_goal *g = goal_of(v, cm->goal_id);
        struct bp_tv *o = bp_tv_obj(a);
        const char *who =
            cm->who == BP_COMMIT_CHILD ? T(N_("Barnet"))
            : cm->who == BP_COMMIT_GUARDIAN
                ? bp_arena_printf(a, "%s (%s)", guardian_name(v, cm->guardian_id), T(N_("vårdnadshavare")))
                : cm->name;
        bp_tv_set_int(a, o, "id", cm->id);
        bp_tv_set_str(a, o, "who", who);
        bp_tv_set_str(a, o, "what", cm->what);
        bp_tv_set_str(a, o, "goal", g ? g->goal : "");
        bp_tv_set_bool(a, o, "removable", draft);
        bp_tv_push(a, cms, o);
    }
    bp_tv_set(a, d, "commitments", cms);
    bp_tv_set_bool(a, d, "has_commitments", v->parts.n_commitments > 0);

    /* V-7.6: one contact person per participating organisation */
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
        bp_tv_push(a, contacts, o);
    }
    bp_tv_set(a, d, "contacts", contacts);

    /* V-5.8, V-8a.5 */
    for (i = 0; i < v->n_decisions; i++) {
        const struct bp_pending_decision *pd = &v->decisions[i];
        struct bp_tv *o = bp_tv_obj(a);
        bool decided = pd->status == BP_DECISION_DECIDED;
        bp_tv_set_int(a, o, "id", pd->id);
        bp_tv_set_str(a, o, "what", pd->what);
        bp_tv_set_str(a, o, "org", org_name(v, pd->org_id));
        bp_tv_set_str(a, o, "decider", pd->decider_name);
        bp_tv_set_str(a, o, "due_on", pd->has_due ? bp_date_text(a, pd->due_on) : "");
        bp_tv_set_bool(a, o, "decided", decided);
        bp_tv_set_str(a, o, "status",
                      bp_label(c->lang, "decision_status", bp_decision_status_codes[pd->status]));
        bp_tv_set_str(a, o, "outcome", pd->outcome);
        bp_tv_set_str(a, o, "decided_on", decided ? bp_date_text(a, pd->decided_on) : "");
        bp_tv_push(a, decisions, o);
        if (!decided) {
            const char *id = bp_id_text(a, pd->id);
            bp_tv_push(a, pending, option(a, id, pd->what, same(val(forms, "decide", "id"), id)));
            n_pending++;
        }
    }
    bp_tv_set(a, d, "decisions", decisions);
    bp_tv_set_bool(a, d, "has_decisions", v->n_decisions > 0);
    bp_tv_set(a, d, "pending_options", pending);
    bp_tv_set_bool(a, d, "has_pending", n_pending > 0);

    /* V-8a.2 */
    for (i = 0; i < v->n_signatures; i++) {
        const struct bp_signature *sg = &v->signatures[i];
        struct bp_tv *o = bp_tv_obj(a);
        bp_tv_set_str(a, o, "name", sg->name);
        bp_tv_set_str(a, o, "kind", bp_label(c->lang, "signer", bp_signer_kind_codes[sg->kind]));
        bp_tv_set_str(a, o, "org", sg->org_id ? org_name(v, sg->org_id) : "");
        bp_tv_set_str(a, o, "method", bp_label(c->lang, "sign_method", bp_sign_method_codes[sg->method]));
        bp_tv_set_str(a, o, "signed_on", bp_date_text(a, sg->signed_on));
        bp_tv_push(a, sigs, o);
    }
    bp_tv_set(a, d, "signatures", sigs);
    bp_tv_set_bool(a, d, "has_signatures", v->n_signatures > 0);

    /* option lists, selected as the forms' values say */
    {
        struct bp_tv *shared = (struct bp_tv *)bp_tv_get(forms, "shared"), *list = bp_tv_list(a);
        for (i = 0; i < v->n_orgs; i++) {
            const char *id = bp_id_text(a, v->orgs[i].id);
            bool checked = false;
            if (same(failed, "shared"))
                checked = bp_form_has(&c->form, "plan.coordinator_orgs", id);
            else
                for (j = 0; j < p->n_coordinator_orgs; j++)
                    checked |= p->coordinator_orgs[j] == v->orgs[i].id;
            bp_tv_push(a, list, option(a, id, v->orgs[i].name, checked));
        }
        bp_tv_set(a, shared, "org_list", list);
    }
    all_orgs = org_options(c, v, val(forms, "decision", "org_id"), false);
    bp_tv_set(a, (struct bp_tv *)bp_tv_get(forms, "decision"), "orgs", all_orgs);
    bp_tv_set(a, (struct bp_tv *)bp_tv_get(forms, "contact"), "orgs",
              org_options(c, v, val(forms, "contact", "org_id"), false));
    bp_tv_set(a, (struct bp_tv *)bp_tv_get(forms, "intervention"), "orgs",
              org_options(c, v, val(forms, "intervention", "org_id"), true));
    bp_tv_set(a, (struct bp_tv *)bp_tv_get(forms, "intervention"), "goal_list",
              goal_options(c, v, val(forms, "intervention", "goal_id")));
    bp_tv_set(a, (struct bp_tv *)bp_tv_get(forms, "commitment"), "goal_list",
              goal_options(c, v, val(forms, "commitment", "goal_id")));
    bp_tv_set(a, (struct bp_tv *)bp_tv_get(forms, "commitment"), "guardian_list",
              guardian_options(c, v, val(forms, "commitment", "guardian_id")));
    bp_tv_set(
        a, (struct bp_tv *)bp_tv_get(forms, "commitment"), "who_list",
        bp_options(c, "committer", bp_committer_codes, BP_COMMITTER_COUNT, val(forms, "commitment", "who")));
    bp_tv_set(a, (struct bp_tv *)bp_tv_get(forms, "sign"), "guardian_list",
              guardian_options(c, v, val(forms, "sign", "guardian_id")));
    bp_tv_set(
        a, (struct bp_tv *)bp_tv_get(forms, "sign"), "kind_list",
        bp_options(c, "signer_kind", bp_signer_kind_codes, BP_SIGNER_KIND_COUNT, val(forms, "sign", "kind")));
    bp_tv_set(a, (struct bp_tv *)bp_tv_get(forms, "sign"), "method_list",
              bp_options(c, "sign_method", bp_sign_method_codes, BP_SIGN_METHOD_COUNT,
                         val(forms, "sign", "method")));
    {
        const char *const *codes;
        size_t n = bp_plan_areas(v->kase.model, &codes);
        bp_tv_set(a, (struct bp_tv *)bp_tv_get(forms, "goal"), "area_list",
                  bp_options(c, "area", codes, n, val(forms, "goal", "area")));
    }
    bp_tv_set(a, d, "forms", forms);
    bp_tv_set_bool(a, d, "has_goals", v->parts.n_goals > 0);
    return d;
}

#undef val

/* Loads the plan for a page; answers the failure itself (an access denial is audited). */
static bool load_view(struct bp_ctx *c, struct bp_plan_view *v, struct bp_audit *audit)
{
    enum bp_err rc = bp_uc_plan_view(c->w->store, &c->arena, &c->actor, c->params[0], v, audit);
    if (rc != BP_OK) {
        bp_fail(c, rc);
        if (rc == BP_ERR_FORBIDDEN || rc == BP_ERR_NOT_FOUND)
            bp_audit_then_respond(c, audit);
        return false;
    }
    return true;
}

static const char *const saved_parts[] = {"shared",   "goal",   "intervention", "commitment", "contact",
                                          "decision", "decide", "finish",       "sign",       "removed"};

static void show_plan(struct bp_ctx *c, int status, const char *failed, const struct bp_field_errors *errs)
{
    struct bp_plan_view v;
    struct bp_audit audit;
    struct bp_tv *d;
    const char *saved = bp_form_get(&c->form, "saved");
    if (!load_view(c, &v, &audit))
        return;
    d = plan_tv(c, &v, failed, errs);
    bp_tv_set(&c->arena, d, "page", bp_page_ctx(c, N_("Barnets plan")));
    if (status == 200 && saved && BP_CODE_FIND(saved_parts, saved) >= 0)
        bp_tv_set_bool(&c->arena, d, strcmp(saved, "finish") == 0 ? "finished_notice" : "saved_notice", true);
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
    bp_tv_set(&c->arena, d, "page", bp_page_ctx(c, N_("Barnets plan, utskrift")));
    bp_render(c, 200, "plan_print", d);
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

#define FORM(name) bp_trim(&c->arena, bp_form_get(&c->form, name))

static void read_shared_form(struct bp_ctx *c, struct bp_plan_input *in)
{
    size_t i;
    memset(in, 0, sizeof(*in));
    for (i = 0; i < c->form.count; i++)
        if (strcmp(c->form.fields[i].name, "plan.coordinator_orgs") == 0) {
            if (in->n_coordinator_orgs == BP_ARRAY_LEN(in->coordinator_orgs))
                break;
            in->coordinator_orgs[in->n_coordinator_orgs++] = c->form.fields[i].value;
        }
    in->coordinator_name = FORM("plan.coordinator_name");
    in->contact_if_fails = FORM("plan.contact_if_fails");
    in->followup_on = FORM("plan.followup_on");
    in->followup_time = FORM("plan.followup_time");
    in->followup_place = FORM("plan.followup_place");
    in->followup_participants = FORM("plan.followup_participants");
    in->summary = FORM("plan.summary");
}

void bp_h_plan_save(struct bp_ctx *c)
{
    struct bp_plan_input in;
    struct bp_field_errors errs = {0};
    read_shared_form(c, &in);
    after_write(c, bp_uc_plan_save(c->w->store, &c->arena, &c->actor, c->params[0], &in, &errs), "shared",
                "coordination", &errs);
}

void bp_h_plan_goal_add(struct bp_ctx *c)
{
    struct bp_goal_input in = {FORM("goal.area"), FORM("goal.need"), FORM("goal.goal")};
    struct bp_field_errors errs = {0};
    after_write(c, bp_uc_goal_save(c->w->store, &c->arena, &c->actor, c->params[0], 0, &in, NULL, &errs),
                "goal", "goals", &errs);
}

void bp_h_plan_goal_remove(struct bp_ctx *c)
{
    struct bp_field_errors errs = {0};
    after_write(c, bp_uc_goal_remove(c->w->store, &c->arena, &c->actor, c->params[0], c->params[1], &errs),
                "removed", "goals", &errs);
}

static void read_intervention_form(struct bp_ctx *c, struct bp_intervention_input *in)
{
    size_t i;
    memset(in, 0, sizeof(*in));
    in->what = FORM("intervention.what");
    for (i = 0; i < c->form.count; i++)
        if (strcmp(c->form.fields[i].name, "intervention.org_id") == 0) {
            if (in->n_org_ids == BP_ARRAY_LEN(in->org_ids))
                break;
            in->org_ids[in->n_org_ids++] = c->form.fields[i].value;
        }
    in->contact_name = FORM("intervention.contact_name");
    in->starts_on = FORM("intervention.starts_on");
    in->ends_on = FORM("intervention.ends_on");
    in->level = FORM("intervention.level");
    in->goal_id = FORM("intervention.goal_id");
}

void bp_h_plan_intervention_add(struct bp_ctx *c)
{
    struct bp_intervention_input in;
    struct bp_field_errors errs = {0};
    read_intervention_form(c, &in);
    after_write(c,
                bp_uc_intervention_save(c->w->store, &c->arena, &c->actor, c->params[0], 0, &in, NULL, &errs),
                "intervention", "interventions", &errs);
}

/* The edit page of one intervention: only for its own organisation (V-8a.4). */
static void render_intervention(struct bp_ctx *c, int status, const struct bp_plan_view *v,
                                const struct bp_intervention *iv, bool typed,
                                const struct bp_field_errors *errs)
{
    struct bp_arena *a = &c->arena;
    struct bp_field_view fv = {c, errs, bp_tv_list(a)};
    struct bp_tv *d = bp_tv_obj(a), *vals = bp_tv_obj(a), *err = bp_tv_obj(a);
    const char *org = typed ? bp_form_get(&c->form, "intervention.org_id") : bp_id_text(a, iv->org_id);
    const char *goal = typed ? bp_form_get(&c->form, "intervention.goal_id") : bp_id_text(a, iv->goal_id);
#define F(key, value, label)                                                                                 \
    bp_field(&fv, vals, err, key, "intervention." key,                                                       \
             typed ? bp_form_get(&c->form, "intervention." key) : (value), T(label))
    F("what", iv->what, N_("Insats"));
    F("org_id", org, N_("Ansvarig verksamhet"));
    F("contact_name", iv->contact_name, N_("Kontaktperson för insatsen"));
    F("starts_on", bp_date_text(a, iv->starts_on), N_("Startar"));
    F("ends_on", iv->has_end ? bp_date_text(a, iv->ends_on) : "", N_("Slutar"));
    F("level", iv->level, N_("Omfattning och nivå"));
    F("goal_id", goal, N_("Mål som insatsen hör till"));
#undef F
    bp_tv_set(a, vals, "err", err);
    bp_tv_set(a, vals, "orgs", org_options(c, v, org, true));
    bp_tv_set(a, vals, "goal_list", goal_options(c, v, goal));
    bp_tv_set(a, d, "page", bp_page_ctx(c, N_("Ändra insats")));
    bp_tv_set_int(a, d, "case_id", v->kase.id);
    bp_tv_set_int(a, d, "intervention_id", iv->id);
    bp_tv_set_str(a, d, "child_name", bp_arena_printf(a, "%s %s", v->child.given_name, v->child.family_name));
    bp_tv_set(a, d, "intervention", vals);
    bp_tv_set(a, d, "errors", fv.summary);
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

void bp_h_plan_intervention_edit(struct bp_ctx *c)
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
        render_intervention(c, 200, &v, iv, false, NULL);
    }
    bp_audit_then_respond(c, &audit);
}

void bp_h_plan_intervention_update(struct bp_ctx *c)
{
    struct bp_intervention_input in;
    struct bp_field_errors errs = {0};
    enum bp_err rc;
    read_intervention_form(c, &in);
    rc = bp_uc_intervention_save(c->w->store, &c->arena, &c->actor, c->params[0], c->params[1], &in, NULL,
                                 &errs);
    if (rc == BP_ERR_INVALID && errs.count) {
        struct bp_plan_view v;
        struct bp_audit audit;
        const struct bp_intervention *iv;
        size_t i;
        if (!load_view(c, &v, &audit))
            return;
        if ((iv = find_iv(&v, c->params[1], &i)))
            render_intervention(c, 422, &v, iv, true, &errs);
        else
            bp_fail(c, BP_ERR_NOT_FOUND);
        bp_audit_then_respond(c, &audit);
        return;
    }
    after_write(c, rc, "intervention", "interventions", &errs);
}

void bp_h_plan_intervention_remove(struct bp_ctx *c)
{
    struct bp_field_errors errs = {0};
    after_write(
        c, bp_uc_intervention_remove(c->w->store, &c->arena, &c->actor, c->params[0], c->params[1], &errs),
        "removed", "interventions", &errs);
}

void bp_h_plan_commitment_add(struct bp_ctx *c)
{
    struct bp_commitment_input in = {FORM("commitment.who"), FORM("commitment.guardian_id"),
                                     FORM("commitment.name"), FORM("commitment.what"),
                                     FORM("commitment.goal_id")};
    struct bp_field_errors errs = {0};
    after_write(c,
                bp_uc_commitment_save(c->w->store, &c->arena, &c->actor, c->params[0], 0, &in, NULL, &errs),
                "commitment", "commitments", &errs);
}

void bp_h_plan_commitment_remove(struct bp_ctx *c)
{
    struct bp_field_errors errs = {0};
    after_write(c,
                bp_uc_commitment_remove(c->w->store, &c->arena, &c->actor, c->params[0], c->params[1], &errs),
                "removed", "commitments", &errs);
}

void bp_h_plan_contact_save(struct bp_ctx *c)
{
    struct bp_plan_contact_input in = {FORM("contact.org_id"), FORM("contact.name"), FORM("contact.phone"),
                                       FORM("contact.email")};
    struct bp_field_errors errs = {0};
    after_write(c, bp_uc_plan_contact_save(c->w->store, &c->arena, &c->actor, c->params[0], &in, &errs),
                "contact", "contacts", &errs);
}

void bp_h_plan_finish(struct bp_ctx *c)
{
    struct bp_field_errors errs = {0};
    after_write(c, bp_uc_plan_finish(c->w->store, &c->arena, &c->actor, c->params[0], &errs), "finish", "top",
                &errs);
}

void bp_h_plan_sign(struct bp_ctx *c)
{
    struct bp_signature_input in = {FORM("signature.kind"), FORM("signature.guardian_id"),
                                    FORM("signature.name"), FORM("signature.method"),
                                    FORM("signature.signed_on")};
    struct bp_field_errors errs = {0};
    after_write(c, bp_uc_plan_sign(c->w->store, &c->arena, &c->actor, c->params[0], &in, &errs), "sign",
                "signatures", &errs);
}

void bp_h_plan_decision_add(struct bp_ctx *c)
{
    struct bp_decision_input in = {0};
    struct bp_field_errors errs = {0};
    in.what = FORM("decision.what");
    in.org_id = FORM("decision.org_id");
    in.decider_name = FORM("decision.decider_name");
    in.due_on = FORM("decision.due_on");
    in.status = "pending";
    after_write(c, bp_uc_decision_save(c->w->store, &c->arena, &c->actor, c->params[0], 0, &in, NULL, &errs),
                "decision", "decisions", &errs);
}

/* V-8a.5: the decision is taken; the other fields keep what they were (the use case fills them). */
void bp_h_plan_decision_decide(struct bp_ctx *c)
{
    struct bp_decision_input in = {0};
    struct bp_field_errors errs = {0};
    int64_t id = 0;
    enum bp_err rc;
    in.status = "decided";
    in.outcome = FORM("decision.outcome");
    in.decided_on = FORM("decision.decided_on");
    if (!bp_parse_int64(FORM("decision.id") ? FORM("decision.id") : "", 1, INT64_MAX, &id)) {
        bp_field_errors_add(&errs, "decision.id", "required");
        rc = BP_ERR_INVALID;
    } else {
        rc = bp_uc_decision_save(c->w->store, &c->arena, &c->actor, c->params[0], id, &in, NULL, &errs);
    }
    after_write(c, rc, "decide", "decisions", &errs);
}

/* ---- the API ---- */

static json_t *date_json(struct bp_date d, bool has)
{
    char buf[11];
    if (!has || !bp_date_valid(d.y, d.m, d.d))
        return json_null();
    bp_date_format(d, buf);
    return json_string(buf);
}

static json_t *plan_json(struct bp_ctx *c, const struct bp_plan_view *v)
{
    const struct bp_plan *p = &v->plan;
    json_t *o = json_object(), *list, *coord = json_array();
    size_t i;
    json_object_set_new(o, "id", p->id ? json_integer(p->id) : json_null()); /* null: not stored yet */
    json_object_set_new(o, "case_id", json_integer(p->case_id));
    json_object_set_new(o, "version", json_integer(p->version));
    json_object_set_new(o, "status", json_string(bp_plan_status_codes[p->status]));
    json_object_set_new(o, "kind", bp_api_str_or_null(p->kind));
    json_object_set_new(o, "model", json_string(bp_model_codes[v->kase.model]));
    json_object_set_new(o, "coordinator_role", json_string(bp_coordinator_role_code(v->kase.model)));
    for (i = 0; i < p->n_coordinator_orgs; i++)
        json_array_append_new(coord, json_integer(p->coordinator_orgs[i]));
    json_object_set_new(o, "coordinator_orgs", coord);
    json_object_set_new(o, "coordinator_user_id",
                        p->coordinator_user_id ? json_integer(p->coordinator_user_id) : json_null());
    json_object_set_new(o, "coordinator_name", bp_api_str_or_null(p->coordinator_name));
    json_object_set_new(o, "contact_if_fails", bp_api_str_or_null(p->contact_if_fails));
    json_object_set_new(o, "followup_on", date_json(p->followup_on, p->has_followup));
    json_object_set_new(o, "followup_time",
                        p->followup_minute >= 0 ? json_string(minute_text(&c->arena, p->followup_minute))
                                                : json_null());
    json_object_set_new(o, "followup_place", bp_api_str_or_null(p->followup_place));
    json_object_set_new(o, "followup_participants", bp_api_str_or_null(p->followup_participants));
    json_object_set_new(o, "summary", bp_api_str_or_null(p->summary));
    json_object_set_new(o, "finished_on", date_json(p->finished_on, p->status != BP_PLAN_DRAFT));
    {
        const char *const *codes;
        size_t n = bp_plan_areas(v->kase.model, &codes);
        list = json_array();
        for (i = 0; i < n; i++)
            json_array_append_new(list, json_string(codes[i]));
        json_object_set_new(o, "areas", list);
    }
    list = json_array();
    for (i = 0; i < v->parts.n_goals; i++) {
        const struct bp_goal *g = &v->parts.goals[i];
        json_t *x = json_object();
        json_object_set_new(x, "id", json_integer(g->id));
        json_object_set_new(x, "area", json_string(g->area));
        json_object_set_new(x, "need", json_string(g->need));
        json_object_set_new(x, "goal", json_string(g->goal));
        json_array_append_new(list, x);
    }
    json_object_set_new(o, "goals", list);
    list = json_array();
    for (i = 0; i < v->parts.n_interventions; i++) {
        const struct bp_intervention *iv = &v->parts.interventions[i];
        json_t *x = json_object();
        json_object_set_new(x, "id", json_integer(iv->id));
        json_object_set_new(x, "what", json_string(iv->what));
        json_object_set_new(x, "org_id", json_integer(iv->org_id));
        json_object_set_new(x, "org_name", json_string(org_name(v, iv->org_id)));
        json_object_set_new(x, "contact_user_id",
                            iv->contact_user_id ? json_integer(iv->contact_user_id) : json_null());
        json_object_set_new(x, "contact_name", bp_api_str_or_null(iv->contact_name));
        json_object_set_new(x, "starts_on", date_json(iv->starts_on, true));
        json_object_set_new(x, "ends_on", date_json(iv->ends_on, iv->has_end));
        json_object_set_new(x, "level", bp_api_str_or_null(iv->level));
        json_object_set_new(x, "goal_id", iv->goal_id ? json_integer(iv->goal_id) : json_null());
        json_object_set_new(x, "may_edit", json_boolean(v->may_edit_intervention[i]));
        json_array_append_new(list, x);
    }
    json_object_set_new(o, "interventions", list);
    list = json_array();
    for (i = 0; i < v->parts.n_commitments; i++) {
        const struct bp_commitment *cm = &v->parts.commitments[i];
        json_t *x = json_object();
        json_object_set_new(x, "id", json_integer(cm->id));
        json_object_set_new(x, "who", json_string(bp_committer_codes[cm->who]));
        json_object_set_new(x, "guardian_id", cm->guardian_id ? json_integer(cm->guardian_id) : json_null());
        json_object_set_new(x, "name", bp_api_str_or_null(cm->name));
        json_object_set_new(x, "what", json_string(cm->what));
        json_object_set_new(x, "goal_id", cm->goal_id ? json_integer(cm->goal_id) : json_null());
        json_array_append_new(list, x);
    }
    json_object_set_new(o, "commitments", list);
    list = json_array();
    for (i = 0; i < v->parts.n_contacts; i++) {
        const struct bp_plan_contact *pc = &v->parts.contacts[i];
        json_t *x = json_object();
        json_object_set_new(x, "org_id", json_integer(pc->org_id));
        json_object_set_new(x, "org_name", json_string(org_name(v, pc->org_id)));
        json_object_set_new(x, "name", bp_api_str_or_null(pc->name));
        json_object_set_new(x, "phone", bp_api_str_or_null(pc->phone));
        json_object_set_new(x, "email", bp_api_str_or_null(pc->email));
        json_array_append_new(list, x);
    }
    json_object_set_new(o, "contacts", list);
    list = json_array();
    for (i = 0; i < v->n_decisions; i++) {
        const struct bp_pending_decision *d = &v->decisions[i];
        json_t *x = json_object();
        json_object_set_new(x, "id", json_integer(d->id));
        json_object_set_new(x, "what", json_string(d->what));
        json_object_set_new(x, "org_id", json_integer(d->org_id));
        json_object_set_new(x, "decider_name", bp_api_str_or_null(d->decider_name));
        json_object_set_new(x, "due_on", date_json(d->due_on, d->has_due));
        json_object_set_new(x, "status", json_string(bp_decision_status_codes[d->status]));
        json_object_set_new(x, "outcome", bp_api_str_or_null(d->outcome));
        json_object_set_new(x, "decided_on", date_json(d->decided_on, d->status == BP_DECISION_DECIDED));
        json_array_append_new(list, x);
    }
    json_object_set_new(o, "decisions", list);
    list = json_array();
    for (i = 0; i < v->n_signatures; i++) {
        const struct bp_signature *sg = &v->signatures[i];
        json_t *x = json_object();
        json_object_set_new(x, "kind", json_string(bp_signer_kind_codes[sg->kind]));
        json_object_set_new(x, "name", bp_api_str_or_null(sg->name));
        json_object_set_new(x, "user_id", sg->user_id ? json_integer(sg->user_id) : json_null());
        json_object_set_new(x, "org_id", sg->org_id ? json_integer(sg->org_id) : json_null());
        json_object_set_new(x, "guardian_id", sg->guardian_id ? json_integer(sg->guardian_id) : json_null());
        json_object_set_new(x, "method", json_string(bp_sign_method_codes[sg->method]));
        json_object_set_new(x, "signed_on", date_json(sg->signed_on, true));
        json_array_append_new(list, x);
    }
    json_object_set_new(o, "signatures", list);
    return o;
}

void bp_h_api_plan(struct bp_ctx *c)
{
    struct bp_plan_view v;
    struct bp_audit audit;
    enum bp_err rc = bp_uc_plan_view(c->w->store, &c->arena, &c->actor, c->params[0], &v, &audit);
    if (rc != BP_OK) {
        bp_fail(c, rc);
        if (rc == BP_ERR_FORBIDDEN || rc == BP_ERR_NOT_FOUND)
            bp_audit_then_respond(c, &audit);
        return;
    }
    bp_json(c, 200, plan_json(c, &v));
    bp_audit_then_respond(c, &audit);
}

/* Answers a write: 200/201 with the id, or the field errors (422 invalid, 409 conflict, 403 another
 * organisation's intervention), or the error. */
static void api_done(struct bp_ctx *c, json_t *body, enum bp_err rc, int64_t id, int ok_status,
                     const struct bp_field_errors *errs)
{
    json_decref(body); /* the input's strings lived in it */
    if (rc == BP_OK) {
        json_t *out = json_object();
        if (id)
            json_object_set_new(out, "id", json_integer(id));
        json_object_set_new(out, "ok", json_true());
        bp_json(c, ok_status, out);
        return;
    }
    if ((rc == BP_ERR_INVALID || rc == BP_ERR_CONFLICT || rc == BP_ERR_FORBIDDEN) && errs->count) {
        bp_api_field_errors(c, errs);
        c->status = rc == BP_ERR_INVALID ? 422 : rc == BP_ERR_CONFLICT ? 409 : 403;
        return;
    }
    bp_fail(c, rc);
}

/* Reads an array of integer ids into decimal strings. */
static void api_ids(struct bp_ctx *c, json_t *body, const char *key, const char *field, const char **out,
                    size_t max, size_t *n, struct bp_field_errors *errs)
{
    json_t *arr = json_object_get(body, key), *x;
    size_t i;
    *n = 0;
    if (!arr || json_is_null(arr))
        return;
    if (!json_is_array(arr)) {
        bp_field_errors_add(errs, field, "type");
        return;
    }
    json_array_foreach(arr, i, x)
    {
        if (!json_is_integer(x)) {
            bp_field_errors_add(errs, field, "type");
            return;
        }
        if (*n == max) {
            bp_field_errors_add(errs, field, "too_many");
            return;
        }
        out[(*n)++] = bp_arena_printf(&c->arena, "%lld", (long long)json_integer_value(x));
    }
}

#define S(key, field) bp_api_str(body, key, field, &errs)
#define I(key, field) bp_api_id(c, body, key, field, &errs)
#define BODY_OR_RETURN()                                                                                     \
    struct bp_field_errors errs = {0};                                                                       \
    json_t *body = bp_api_body(c);                                                                           \
    if (!body)                                                                                               \
    return
#define TYPES_OR_RETURN()                                                                                    \
    do {                                                                                                     \
        if (errs.count) {                                                                                    \
            json_decref(body);                                                                               \
            bp_api_field_errors(c, &errs);                                                                   \
            return;                                                                                          \
        }                                                                                                    \
    } while (0)

void bp_h_api_plan_save(struct bp_ctx *c)
{
    struct bp_plan_input in = {0};
    BODY_OR_RETURN();
    api_ids(c, body, "coordinator_orgs", "plan.coordinator_orgs", in.coordinator_orgs,
            BP_ARRAY_LEN(in.coordinator_orgs), &in.n_coordinator_orgs, &errs);
    in.coordinator_user_id = I("coordinator_user_id", "plan.coordinator_user_id");
    in.coordinator_name = S("coordinator_name", "plan.coordinator_name");
    in.contact_if_fails = S("contact_if_fails", "plan.contact_if_fails");
    in.followup_on = S("followup_on", "plan.followup_on");
    in.followup_time = S("followup_time", "plan.followup_time");
    in.followup_place = S("followup_place", "plan.followup_place");
    in.followup_participants = S("followup_participants", "plan.followup_participants");
    in.summary = S("summary", "plan.summary");
    TYPES_OR_RETURN();
    api_done(c, body, bp_uc_plan_save(c->w->store, &c->arena, &c->actor, c->params[0], &in, &errs), 0, 200,
             &errs);
}

static void api_goal(struct bp_ctx *c, int64_t goal_id)
{
    struct bp_goal_input in;
    int64_t id = 0;
    BODY_OR_RETURN();
    in.area = S("area", "goal.area");
    in.need = S("need", "goal.need");
    in.goal = S("goal", "goal.goal");
    TYPES_OR_RETURN();
    enum bp_err rc =
        bp_uc_goal_save(c->w->store, &c->arena, &c->actor, c->params[0], goal_id, &in, &id, &errs);
    api_done(c, body, rc, id, goal_id ? 200 : 201, &errs);
}

void bp_h_api_plan_goal_add(struct bp_ctx *c)
{
    api_goal(c, 0);
}

void bp_h_api_plan_goal_update(struct bp_ctx *c)
{
    api_goal(c, c->params[1]);
}

void bp_h_api_plan_goal_delete(struct bp_ctx *c)
{
    struct bp_field_errors errs = {0};
    api_done(c, NULL, bp_uc_goal_remove(c->w->store, &c->arena, &c->actor, c->params[0], c->params[1], &errs),
             0, 200, &errs);
}

static void api_intervention(struct bp_ctx *c, int64_t iv_id)
{
    struct bp_intervention_input in = {0};
    int64_t id = 0;
    BODY_OR_RETURN();
    in.what = S("what", "intervention.what");
    if (json_object_get(body, "org_ids"))
        api_ids(c, body, "org_ids", "intervention.org_id", in.org_ids, BP_ARRAY_LEN(in.org_ids),
                &in.n_org_ids, &errs);
    else if ((in.org_ids[0] = I("org_id", "intervention.org_id")))
        in.n_org_ids = 1;
    in.contact_user_id = I("contact_user_id", "intervention.contact_user_id");
    in.contact_name = S("contact_name", "intervention.contact_name");
    in.starts_on = S("starts_on", "intervention.starts_on");
    in.ends_on = S("ends_on", "intervention.ends_on");
    in.level = S("level", "intervention.level");
    in.goal_id = I("goal_id", "intervention.goal_id");
    TYPES_OR_RETURN();
    enum bp_err rc =
        bp_uc_intervention_save(c->w->store, &c->arena, &c->actor, c->params[0], iv_id, &in, &id, &errs);
    api_done(c, body, rc, id, iv_id ? 200 : 201, &errs);
}

void bp_h_api_plan_intervention_add(struct bp_ctx *c)
{
    api_intervention(c, 0);
}

void bp_h_api_plan_intervention_update(struct bp_ctx *c)
{
    api_intervention(c, c->params[1]);
}

void bp_h_api_plan_intervention_delete(struct bp_ctx *c)
{
    struct bp_field_errors errs = {0};
    api_done(c, NULL,
             bp_uc_intervention_remove(c->w->store, &c->arena, &c->actor, c->params[0], c->params[1], &errs),
             0, 200, &errs);
}

static void api_commitment(struct bp_ctx *c, int64_t cm_id)
{
    struct bp_commitment_input in;
    int64_t id = 0;
    BODY_OR_RETURN();
    in.who = S("who", "commitment.who");
    in.guardian_id = I("guardian_id", "commitment.guardian_id");
    in.name = S("name", "commitment.name");
    in.what = S("what", "commitment.what");
    in.goal_id = I("goal_id", "commitment.goal_id");
    TYPES_OR_RETURN();
    enum bp_err rc =
        bp_uc_commitment_save(c->w->store, &c->arena, &c->actor, c->params[0], cm_id, &in, &id, &errs);
    api_done(c, body, rc, id, cm_id ? 200 : 201, &errs);
}

void bp_h_api_plan_commitment_add(struct bp_ctx *c)
{
    api_commitment(c, 0);
}

void bp_h_api_plan_commitment_update(struct bp_ctx *c)
{
    api_commitment(c, c->params[1]);
}

void bp_h_api_plan_commitment_delete(struct bp_ctx *c)
{
    struct bp_field_errors errs = {0};
    api_done(c, NULL,
             bp_uc_commitment_remove(c->w->store, &c->arena, &c->actor, c->params[0], c->params[1], &errs), 0,
             200, &errs);
}

void bp_h_api_plan_contact_save(struct bp_ctx *c)
{
    struct bp_plan_contact_input in;
    BODY_OR_RETURN();
    in.org_id = I("org_id", "contact.org_id");
    in.name = S("name", "contact.name");
    in.phone = S("phone", "contact.phone");
    in.email = S("email", "contact.email");
    TYPES_OR_RETURN();
    api_done(c, body, bp_uc_plan_contact_save(c->w->store, &c->arena, &c->actor, c->params[0], &in, &errs), 0,
             200, &errs);
}

void bp_h_api_plan_finish(struct bp_ctx *c)
{
    struct bp_field_errors errs = {0};
    api_done(c, NULL, bp_uc_plan_finish(c->w->store, &c->arena, &c->actor, c->params[0], &errs), 0, 200,
             &errs);
}

void bp_h_api_plan_sign(struct bp_ctx *c)
{
    struct bp_signature_input in;
    BODY_OR_RETURN();
    in.kind = S("kind", "signature.kind");
    in.guardian_id = I("guardian_id", "signature.guardian_id");
    in.name = S("name", "signature.name");
    in.method = S("method", "signature.method");
    in.signed_on = S("signed_on", "signature.signed_on");
    TYPES_OR_RETURN();
    api_done(c, body, bp_uc_plan_sign(c->w->store, &c->arena, &c->actor, c->params[0], &in, &errs), 0, 201,
             &errs);
}

static void api_decision(struct bp_ctx *c, int64_t decision_id)
{
    struct bp_decision_input in;
    int64_t id = 0;
    BODY_OR_RETURN();
    in.what = S("what", "decision.what");
    in.org_id = I("org_id", "decision.org_id");
    in.user_id = I("user_id", "decision.user_id");
    in.decider_name = S("decider_name", "decision.decider_name");
    in.due_on = S("due_on", "decision.due_on");
    in.status = S("status", "decision.status");
    in.outcome = S("outcome", "decision.outcome");
    in.decided_on = S("decided_on", "decision.decided_on");
    TYPES_OR_RETURN();
    enum bp_err rc =
        bp_uc_decision_save(c->w->store, &c->arena, &c->actor, c->params[0], decision_id, &in, &id, &errs);
    api_done(c, body, rc, id, decision_id ? 200 : 201, &errs);
}

void bp_h_api_plan_decision_add(struct bp_ctx *c)
{
    api_decision(c, 0);
}

void bp_h_api_plan_decision_update(struct bp_ctx *c)
{
    api_decision(c, c->params[1]);
}
