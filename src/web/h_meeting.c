/* h_meeting.c: the meetings' pages and API (V-4.3-V-4.5, K-4.1-K-4.8, V-5.x, V-6.x, K-6.x, V-8a.6): the
 * meeting form, the meeting page with its invitees and the send step (errors and warnings, a warning
 * confirmed with "Skicka ändå"), answers and the K-4.8 decision, the chair's page (V-6.3, K-6.3, V-6.10),
 * the plain-language glossary (K-6.4), the screen summary (V-6.9) and the printable invitation letter.
 * Each handler decodes, calls one use case (app/meeting.c) and renders or redirects. Must not decide
 * anything about a meeting (domain/meeting.c) or run SQL. */
#include <jansson.h>
#include "web/web.h"
#include "util/date.h"
#include "util/limits.h"
#include "domain/access.h"

#define T(msgid) bp_tr(c->lang, msgid)

/* ---- shared ---- */

static const char *clock_text(struct bp_arena *a, int minute)
{
    return bp_arena_printf(a, "%02d:%02d", (minute / 60) % 24, minute % 60);
}

static const char *meeting_name(struct bp_ctx *c, enum bp_model model, enum bp_meeting_kind kind)
{
    return bp_label(c->lang, "meeting_name", bp_meeting_name_code(model, kind));
}

/* The field's name for a message: "Inbjuden 2" for invitees.1.*, else the label of the field. */
static const char *field_label(struct bp_ctx *c, const char *field)
{
    const char *digits = strncmp(field, "invitees.", 9) == 0 ? field + 9 : NULL;
    char *end = NULL;
    unsigned long n = digits ? strtoul(digits, &end, 10) : 0; /* not sscanf: %lu is undefined on overflow */
    if (digits && end != digits)
        return bp_arena_printf(&c->arena, "%s %lu", T(N_("Inbjuden")), n + 1);
    return bp_label(c->lang, "meeting_field", field);
}

/* A list of {field, code, message} for errors or warnings shown as a list. */
static struct bp_tv *message_list(struct bp_ctx *c, const struct bp_field_errors *e)
{
    struct bp_arena *a = &c->arena;
    struct bp_tv *list = bp_tv_list(a);
    size_t i;
    for (i = 0; e && i < e->count; i++) {
        struct bp_tv *o = bp_tv_obj(a);
        bp_tv_set_str(a, o, "field", e->items[i].field);
        bp_tv_set_str(a, o, "code", e->items[i].code);
        bp_tv_set_str(a, o, "message",
                      bp_arena_printf(a, "%s: %s", field_label(c, e->items[i].field),
                                      bp_error_text(c->lang, e->items[i].code)));
        bp_tv_push(a, list, o);
    }
    return list;
}

static bool load_view(struct bp_ctx *c, int64_t meeting_id, struct bp_meeting_detail *v)
{
    struct bp_audit audit;
    enum bp_err rc =
        bp_uc_meeting_view(c->w->store, &c->arena, &c->actor, c->params[0], meeting_id, v, &audit);
    if (rc != BP_OK) {
        bp_fail(c, rc);
        if (rc == BP_ERR_FORBIDDEN || rc == BP_ERR_NOT_FOUND)
            bp_audit_then_respond(c, &audit);
        return false;
    }
    bp_audit_then_respond(c, &audit);
    return true;
}

static const char *child_name(struct bp_ctx *c, const struct bp_meeting_detail *v)
{
    return bp_arena_printf(&c->arena, "%s %s", v->child.given_name, v->child.family_name);
}

static const char *invitee_name(struct bp_ctx *c, const struct bp_meeting_detail *v,
                                const struct bp_invitee *inv)
{
    if (inv->kind == BP_INVITEE_CHILD)
        return v->child.given_name;
    return inv->name && *inv->name ? inv->name
                                   : bp_label(c->lang, "invitee_kind", bp_invitee_kind_codes[inv->kind]);
}

static const char *org_name(const struct bp_meeting_detail *v, int64_t id)
{
    size_t i;
    for (i = 0; i < v->n_orgs; i++)
        if (v->orgs[i].id == id)
            return v->orgs[i].name;
    return "";
}

/* Common values of a meeting for every page. */
static struct bp_tv *meeting_tv(struct bp_ctx *c, const struct bp_meeting_detail *v)
{
    struct bp_arena *a = &c->arena;
    const struct bp_meeting *m = &v->m;
    struct bp_tv *o = bp_tv_obj(a);
    bp_tv_set_int(a, o, "id", m->id);
    bp_tv_set_int(a, o, "case_id", m->case_id);
    bp_tv_set_str(a, o, "name", meeting_name(c, v->kase.model, m->kind));
    bp_tv_set_str(a, o, "kind", bp_meeting_kind_codes[m->kind]);
    bp_tv_set_str(a, o, "status", bp_label(c->lang, "meeting_status", bp_meeting_status_codes[m->status]));
    bp_tv_set_bool(a, o, "planned", m->status == BP_MEETING_PLANNED);
    bp_tv_set_bool(a, o, "cancelled", m->status == BP_MEETING_CANCELLED);
    bp_tv_set_bool(a, o, "held", m->status == BP_MEETING_HELD);
    bp_tv_set_str(a, o, "date", bp_date_text(a, m->date));
    bp_tv_set_str(a, o, "start", clock_text(a, m->start_minute));
    bp_tv_set_str(a, o, "end", clock_text(a, m->end_minute));
    bp_tv_set_int(a, o, "minutes", (m->ends_at - m->starts_at) / 60);
    bp_tv_set_str(a, o, "place", m->place);
    bp_tv_set_bool(a, o, "digital", m->setting == BP_SETTING_DIGITAL);
    bp_tv_set_str(a, o, "setting", bp_label(c->lang, "meeting_setting", bp_setting_codes[m->setting]));
    bp_tv_set_str(a, o, "video_link", m->video_link);
    bp_tv_set_str(a, o, "purpose", m->purpose);
    bp_tv_set_str(a, o, "agenda", m->agenda);
    bp_tv_set_str(a, o, "caller", v->caller_name);
    bp_tv_set_str(a, o, "chair", v->chair_name);
    bp_tv_set_str(a, o, "note_taker", v->note_taker_name);
    bp_tv_set_str(a, o, "deadline_reason", m->deadline_reason);
    bp_tv_set_bool(a, o, "sent", m->invitation_sent_at != 0);
    bp_tv_set_str(a, o, "invited_on", bp_date_text(a, m->invited_on));
    bp_tv_set_int(a, o, "sequence", m->sequence);
    return o;
}

static void set_case(struct bp_ctx *c, struct bp_tv *d, const struct bp_meeting_detail *v)
{
    struct bp_arena *a = &c->arena;
    bp_tv_set_int(a, d, "case_id", v->kase.id);
    bp_tv_set_str(a, d, "child_name", child_name(c, v));
    bp_tv_set_str(a, d, "child_given_name", v->child.given_name);
    bp_tv_set_bool(a, d, "kronoberg", v->kase.model == BP_MODEL_KRONOBERG);
    bp_tv_set_bool(a, d, "hlt_route", v->kase.route == BP_ROUTE_HLT);
    bp_tv_set_str(a, d, "coordinator",
                  bp_label(c->lang, "coordinator_role", bp_coordinator_role_code(v->kase.model)));
}

/* ---- the case page's list ---- */

struct bp_tv *bp_meeting_rows(struct bp_ctx *c, const struct bp_case_view *v)
{
    struct bp_arena *a = &c->arena;
    struct bp_tv *list = bp_tv_list(a);
    size_t i;
    /* loaded with the case under full access only, and audited with it */
    for (i = 0; i < v->n_meetings; i++) {
        const struct bp_meeting *m = v->meetings[i].meeting;
        struct bp_tv *o = bp_tv_obj(a);
        bp_tv_set_int(a, o, "id", m->id);
        bp_tv_set_int(a, o, "case_id", m->case_id);
        bp_tv_set_str(a, o, "name", meeting_name(c, v->kase.model, m->kind));
        bp_tv_set_str(a, o, "date", bp_date_text(a, m->date));
        bp_tv_set_str(a, o, "start", clock_text(a, m->start_minute));
        bp_tv_set_str(a, o, "status",
                      bp_label(c->lang, "meeting_status", bp_meeting_status_codes[m->status]));
        bp_tv_set_bool(a, o, "sent", m->invitation_sent_at != 0);
        bp_tv_push(a, list, o);
    }
    return list;
}

/* ---- the meeting form ---- */

static struct bp_tv *user_options(struct bp_ctx *c, const struct bp_meeting_detail *v, const char *selected,
                                  bool with_none)
{
    struct bp_arena *a = &c->arena;
    struct bp_tv *list = bp_tv_list(a);
    size_t i;
    if (with_none) {
        struct bp_tv *o = bp_tv_obj(a);
        bp_tv_set_str(a, o, "code", "");
        bp_tv_set_str(a, o, "label", T(N_("Ingen ännu")));
        bp_tv_push(a, list, o);
    }
    for (i = 0; i < v->n_members; i++) {
        struct bp_tv *o = bp_tv_obj(a);
        const char *id = bp_id_text(a, v->members[i].id);
        bp_tv_set_str(a, o, "code", id);
        bp_tv_set_str(a, o, "label", v->members[i].display_name);
        bp_tv_set_bool(a, o, "selected", selected && strcmp(selected, id) == 0);
        bp_tv_push(a, list, o);
    }
    return list;
}

/* Whether the form must ask for the deadline reason now: the rule applies and the date typed (or, with
 * none, any date from today) is outside it. */
static bool reason_needed(struct bp_ctx *c, const struct bp_meeting_detail *v,
                          const struct bp_meeting_input *in)
{
    struct bp_date noticed, today = bp_actor_today(&c->actor), date = today;
    enum bp_meeting_kind kind = BP_MEETING_PLAN;
    int k = in->kind ? bp_code_find(bp_meeting_kind_codes, BP_MEETING_KIND_COUNT, in->kind) : -1;
    if (k >= 0)
        kind = (enum bp_meeting_kind)k;
    if (kind == BP_MEETING_PREPARATION ||
        (kind == BP_MEETING_FOLLOWUP && v->kase.model != BP_MODEL_KRONOBERG))
        return in->deadline_reason && *in->deadline_reason;
    if (in->date && *in->date && !bp_date_parse(in->date, &date))
        return true;
    if (!bp_date_parse(v->kase.noticed_on, &noticed))
        noticed = today;
    if (v->kase.model == BP_MODEL_KRONOBERG && !(in->date && *in->date))
        return in->deadline_reason && *in->deadline_reason;
    return bp_deadline_meeting(v->kase.model, noticed, today, date, false).status != BP_DEADLINE_OK ||
           (in->deadline_reason && *in->deadline_reason);
}

static void render_meeting_form(struct bp_ctx *c, int status, const struct bp_meeting_detail *v,
                                int64_t meeting_id, const struct bp_meeting_input *in,
                                const struct bp_field_errors *errs)
{
    struct bp_arena *a = &c->arena;
    struct bp_field_view f = {c, errs, bp_tv_list(a)};
    struct bp_tv *d = bp_tv_obj(a), *vals = bp_tv_obj(a), *err = bp_tv_obj(a), *kinds = bp_tv_list(a),
                 *orgs = bp_tv_list(a);
    size_t i;

    bp_field(&f, vals, err, "kind", "meeting.kind", in->kind, T(N_("Vilket möte")));
    bp_field(&f, vals, err, "date", "meeting.date", in->date, T(N_("Datum")));
    bp_field(&f, vals, err, "start", "meeting.start", in->start, T(N_("Börjar")));
    bp_field(&f, vals, err, "end", "meeting.end", in->end, T(N_("Slutar")));
    bp_field(&f, vals, err, "setting", "meeting.setting", in->setting, T(N_("Digitalt eller på plats")));
    bp_field(&f, vals, err, "place", "meeting.place", in->place, T(N_("Plats")));
    bp_field(&f, vals, err, "video_link", "meeting.video_link", in->video_link,
             T(N_("Länk till säkert videomöte")));
    bp_field(&f, vals, err, "purpose", "meeting.purpose", in->purpose, T(N_("Varför mötet behövs")));
    bp_field(&f, vals, err, "agenda", "meeting.agenda", in->agenda, T(N_("Vad ska vi prata om")));
    bp_field(&f, vals, err, "org_id", "meeting.org_id", in->org_id, T(N_("Kallar för verksamheten")));
    bp_field(&f, vals, err, "chair_user_id", "meeting.chair_user_id", in->chair_user_id,
             T(N_("Mötesordförande")));
    bp_field(&f, vals, err, "note_taker_user_id", "meeting.note_taker_user_id", in->note_taker_user_id,
             T(N_("Dokumenterar")));
    bp_field(&f, vals, err, "deadline_reason", "meeting.deadline_reason", in->deadline_reason,
             T(N_("Varför tre veckor inte räcker")));
    bp_field(&f, vals, err, "child_not_invited_reason", "meeting.child_not_invited_reason",
             in->child_not_invited_reason, T(N_("Varför barnet inte är med")));
    bp_tv_set_bool(a, vals, "setting_agreed", in->setting_agreed);
    bp_tv_set_bool(a, vals, "physical", in->setting && strcmp(in->setting, "physical") == 0);
    bp_tv_set_bool(a, vals, "is_digital", in->setting && strcmp(in->setting, "digital") == 0);
    for (i = 0; i < BP_MEETING_KIND_COUNT; i++) {
        struct bp_tv *o = bp_tv_obj(a);
        bp_tv_set_str(a, o, "code", bp_meeting_kind_codes[i]);
        bp_tv_set_str(a, o, "label", meeting_name(c, v->kase.model, (enum bp_meeting_kind)i));
        bp_tv_set_bool(a, o, "selected", in->kind && strcmp(in->kind, bp_meeting_kind_codes[i]) == 0);
        bp_tv_push(a, kinds, o);
    }
    for (i = 0; i < c->user.n_orgs; i++) {
        struct bp_tv *o = bp_tv_obj(a);
        const char *id = bp_id_text(a, c->user.orgs[i].org_id);
        bp_tv_set_str(a, o, "code", id);
        bp_tv_set_str(a, o, "label", c->user.orgs[i].org_name);
        bp_tv_set_bool(a, o, "selected", in->org_id && strcmp(in->org_id, id) == 0);
        bp_tv_push(a, orgs, o);
    }
    bp_tv_set(a, vals, "kinds", kinds);
    bp_tv_set(a, vals, "orgs", orgs);
    bp_tv_set_bool(a, vals, "many_orgs", c->user.n_orgs > 1);
    bp_tv_set(a, vals, "chairs", user_options(c, v, in->chair_user_id, false));
    bp_tv_set(a, vals, "note_takers", user_options(c, v, in->note_taker_user_id, true));
    bp_tv_set_bool(a, vals, "reason_needed", reason_needed(c, v, in));
    bp_tv_set(a, vals, "err", err);
    set_case(c, d, v);
    bp_tv_set(a, d, "page", bp_page_ctx(c, meeting_id ? N_("Ändra mötet") : N_("Planera ett möte")));
    if (meeting_id)
        bp_tv_set_int(a, d, "meeting_id", meeting_id);
    if (errs && bp_field_errors_find(errs, "meeting"))
        bp_tv_set_str(a, d, "case_error", bp_error_text(c->lang, bp_field_errors_find(errs, "meeting")));
    bp_tv_set(a, d, "meeting", vals);
    bp_tv_set(a, d, "errors", f.summary);
    bp_tv_set_bool(a, d, "has_errors", errs && errs->count > 0);
    bp_render(c, status, "meeting_form", d);
}

static void read_meeting_form(struct bp_ctx *c, struct bp_meeting_input *in)
{
    struct bp_arena *a = &c->arena;
#define V(name) bp_trim(a, bp_form_get(&c->form, name))
    memset(in, 0, sizeof(*in));
    in->kind = V("meeting.kind");
    in->date = V("meeting.date");
    in->start = V("meeting.start");
    in->end = V("meeting.end");
    in->place = V("meeting.place");
    in->setting = V("meeting.setting");
    in->video_link = V("meeting.video_link");
    in->purpose = V("meeting.purpose");
    in->agenda = V("meeting.agenda");
    in->org_id = V("meeting.org_id");
    in->chair_user_id = V("meeting.chair_user_id");
    in->note_taker_user_id = V("meeting.note_taker_user_id");
    in->deadline_reason = V("meeting.deadline_reason");
    in->child_not_invited_reason = V("meeting.child_not_invited_reason");
    in->setting_agreed = bp_form_has(&c->form, "meeting.setting_agreed", "1");
#undef V
}

static void input_of(struct bp_ctx *c, const struct bp_meeting *m, struct bp_meeting_input *in)
{
    struct bp_arena *a = &c->arena;
    memset(in, 0, sizeof(*in));
    in->kind = bp_meeting_kind_codes[m->kind];
    in->date = bp_date_text(a, m->date);
    in->start = clock_text(a, m->start_minute);
    in->end = clock_text(a, m->end_minute);
    in->place = m->place;
    in->setting = bp_setting_codes[m->setting];
    in->video_link = m->video_link;
    in->purpose = m->purpose;
    in->agenda = m->agenda;
    in->org_id = bp_id_text(a, m->called_by_org);
    in->chair_user_id = bp_id_text(a, m->chair_user_id);
    in->note_taker_user_id = bp_id_text(a, m->note_taker_user_id);
    in->deadline_reason = m->deadline_reason;
    in->child_not_invited_reason = m->child_not_invited_reason;
    in->setting_agreed = m->setting_agreed;
}

void bp_h_meeting_new(struct bp_ctx *c)
{
    struct bp_meeting_detail v;
    struct bp_meeting_input in = {0};
    if (!load_view(c, 0, &v))
        return;
    in.kind = "plan";
    in.start = "";
    in.chair_user_id = bp_id_text(&c->arena, c->user.id); /* V-5.7: the caller chairs */
    if (c->user.n_orgs >= 1)
        in.org_id = bp_id_text(&c->arena, c->user.orgs[0].org_id);
    render_meeting_form(c, 200, &v, 0, &in, NULL);
}

void bp_h_meeting_edit(struct bp_ctx *c)
{
    struct bp_meeting_detail v;
    struct bp_meeting_input in;
    if (!load_view(c, c->params[1], &v))
        return;
    input_of(c, &v.m, &in);
    render_meeting_form(c, 200, &v, v.m.id, &in, NULL);
}

static void form_again(struct bp_ctx *c, enum bp_err rc, int64_t meeting_id,
                       const struct bp_meeting_input *in, const struct bp_field_errors *errs)
{
    struct bp_meeting_detail v;
    if ((rc != BP_ERR_INVALID && rc != BP_ERR_CONFLICT) || errs->count == 0) {
        bp_fail(c, rc);
        return;
    }
    if (load_view(c, meeting_id, &v))
        render_meeting_form(c, rc == BP_ERR_INVALID ? 422 : 409, &v, meeting_id, in, errs);
}

void bp_h_meeting_create(struct bp_ctx *c)
{
    struct bp_meeting_input in;
    struct bp_field_errors errs = {0};
    int64_t id = 0;
    enum bp_err rc;
    read_meeting_form(c, &in);
    rc = bp_uc_meeting_plan(c->w->store, &c->arena, &c->actor, c->params[0], &in, &id, &errs);
    if (rc != BP_OK) {
        form_again(c, rc, 0, &in, &errs);
        return;
    }
    bp_redirect(c, bp_arena_printf(&c->arena, "/cases/%lld/meetings/%lld?saved=1", (long long)c->params[0],
                                   (long long)id));
}

void bp_h_meeting_change(struct bp_ctx *c)
{
    struct bp_meeting_input in;
    struct bp_field_errors errs = {0};
    bool update_sent = false;
    enum bp_err rc;
    read_meeting_form(c, &in);
    rc = bp_uc_meeting_edit(c->w->store, &c->arena, &c->actor, c->params[0], c->params[1], &in, &update_sent,
                            &errs);
    if (rc != BP_OK) {
        form_again(c, rc, c->params[1], &in, &errs);
        return;
    }
    bp_redirect(c, bp_arena_printf(&c->arena, "/cases/%lld/meetings/%lld?%s", (long long)c->params[0],
                                   (long long)c->params[1], update_sent ? "updated=1" : "saved=1"));
}

/* ---- the meeting page ---- */

struct page_state {
    const struct bp_field_errors *errs;  /* of the send step, an invitee or an answer */
    const struct bp_field_errors *warns; /* of the send step */
    const struct bp_invitee_input *invitee_in;
    const struct bp_deadline *deadline;
};

static struct bp_tv *invitee_rows(struct bp_ctx *c, const struct bp_meeting_detail *v)
{
    struct bp_arena *a = &c->arena;
    struct bp_tv *list = bp_tv_list(a);
    size_t i;
    for (i = 0; i < v->n_invitees; i++) {
        const struct bp_invitee *inv = &v->invitees[i];
        struct bp_tv *o = bp_tv_obj(a);
        bp_tv_set_int(a, o, "id", inv->id);
        bp_tv_set_int(a, o, "index", (int64_t)i);
        bp_tv_set_str(a, o, "name", invitee_name(c, v, inv));
        bp_tv_set_str(a, o, "kind", bp_label(c->lang, "invitee_kind", bp_invitee_kind_codes[inv->kind]));
        bp_tv_set_str(a, o, "org", inv->kind == BP_INVITEE_PROFESSIONAL ? org_name(v, inv->org_id) : "");
        bp_tv_set_bool(a, o, "has_email", inv->email && *inv->email);
        bp_tv_set_str(a, o, "answer", bp_label(c->lang, "answer", bp_answer_codes[inv->answer]));
        bp_tv_set_bool(a, o, "pending", inv->answer == BP_ANSWER_PENDING);
        bp_tv_set_bool(a, o, "declined", inv->answer == BP_ANSWER_NO);
        bp_tv_set_str(a, o, "decline_reason", inv->decline_reason);
        bp_tv_set_str(a, o, "substitute_name", inv->substitute_name);
        bp_tv_set_str(a, o, "attendance",
                      bp_label(c->lang, "attendance", bp_attendance_codes[inv->attendance]));
        bp_tv_set_bool(a, o, "attendance_recorded", inv->attendance != BP_ATTEND_UNRECORDED);
        /* a professional who is a user answers for themselves; the family's answers are recorded */
        bp_tv_set_bool(a, o, "can_answer",
                       v->m.status == BP_MEETING_PLANNED && !(inv->kind == BP_INVITEE_PROFESSIONAL &&
                                                              inv->user_id && inv->user_id != c->user.id));
        bp_tv_set_bool(a, o, "can_substitute",
                       inv->kind == BP_INVITEE_PROFESSIONAL || inv->kind == BP_INVITEE_OTHER);
        bp_tv_set_str(a, o, "step", bp_label(c->lang, "absence_step", bp_absence_step_codes[v->steps[i]]));
        bp_tv_set_bool(a, o, "needs_substitute", v->steps[i] == BP_ABSENCE_STEP_SUBSTITUTE);
        bp_tv_set_bool(a, o, "needs_decision", v->steps[i] == BP_ABSENCE_STEP_DECIDE);
        bp_tv_set_bool(a, o, "step_done", v->steps[i] == BP_ABSENCE_STEP_DONE);
        bp_tv_push(a, list, o);
    }
    return list;
}

static struct bp_tv *guardian_options(struct bp_ctx *c, const struct bp_meeting_detail *v)
{
    struct bp_arena *a = &c->arena;
    struct bp_tv *list = bp_tv_list(a);
    size_t i;
    for (i = 0; i < v->n_guardians; i++) {
        struct bp_tv *o = bp_tv_obj(a);
        bp_tv_set_str(a, o, "code", bp_id_text(a, v->guardians[i].id));
        bp_tv_set_str(a, o, "label", v->guardians[i].name);
        bp_tv_push(a, list, o);
    }
    return list;
}

static struct bp_tv *org_options(struct bp_ctx *c, const struct bp_meeting_detail *v)
{
    struct bp_arena *a = &c->arena;
    struct bp_tv *list = bp_tv_list(a);
    size_t i;
    for (i = 0; i < v->n_orgs; i++) {
        struct bp_tv *o = bp_tv_obj(a);
        bp_tv_set_str(a, o, "code", bp_id_text(a, v->orgs[i].id));
        bp_tv_set_str(a, o, "label", v->orgs[i].name);
        bp_tv_push(a, list, o);
    }
    return list;
}

static void render_meeting_page(struct bp_ctx *c, int status, const struct bp_meeting_detail *v,
                                const struct page_state *ps)
{
    struct bp_arena *a = &c->arena;
    struct bp_tv *d = bp_tv_obj(a);
    const char *q = c->query;
    set_case(c, d, v);
    bp_tv_set(a, d, "page", bp_page_ctx(c, meeting_name(c, v->kase.model, v->m.kind)));
    bp_tv_set(a, d, "meeting", meeting_tv(c, v));
    bp_tv_set(a, d, "invitees", invitee_rows(c, v));
    bp_tv_set_bool(a, d, "has_invitees", v->n_invitees > 0);
    bp_tv_set(a, d, "guardian_options", guardian_options(c, v));
    bp_tv_set(a, d, "org_options", org_options(c, v));
    bp_tv_set(a, d, "user_options", user_options(c, v, NULL, true));
    bp_tv_set(a, d, "invitee_kinds",
              bp_options(c, "invitee_kind", bp_invitee_kind_codes, BP_INVITEE_KIND_COUNT,
                         ps && ps->invitee_in ? ps->invitee_in->kind : "professional"));
    bp_tv_set(a, d, "outcomes",
              bp_options(c, "absence_outcome", bp_absence_outcome_codes, BP_ABSENCE_OUTCOME_COUNT, NULL));
    bp_tv_set_str(a, d, "today", bp_date_text(a, bp_actor_today(&c->actor)));
    bp_tv_set_bool(a, d, "saved", strstr(q, "saved=1") != NULL);
    bp_tv_set_bool(a, d, "sent_now", strstr(q, "sent=1") != NULL);
    bp_tv_set_bool(a, d, "updated", strstr(q, "updated=1") != NULL);
    bp_tv_set_bool(a, d, "needs_debrief", v->needs_debrief);
    if (ps && ps->errs && ps->errs->count) {
        bp_tv_set(a, d, "errors", message_list(c, ps->errs));
        bp_tv_set_bool(a, d, "has_errors", true);
    }
    if (ps && ps->warns && ps->warns->count) {
        bp_tv_set(a, d, "warnings", message_list(c, ps->warns));
        bp_tv_set_bool(a, d, "has_warnings", true);
    }
    if (ps && ps->deadline && ps->deadline->status != BP_DEADLINE_OK)
        bp_tv_set_str(a, d, "deadline_limit", bp_date_text(a, ps->deadline->limit));
    bp_render(c, status, "meeting", d);
}

void bp_h_meeting_show(struct bp_ctx *c)
{
    struct bp_meeting_detail v;
    if (load_view(c, c->params[1], &v))
        render_meeting_page(c, 200, &v, NULL);
}

static void page_again(struct bp_ctx *c, enum bp_err rc, const struct page_state *ps)
{
    struct bp_meeting_detail v;
    if ((rc != BP_ERR_INVALID && rc != BP_ERR_CONFLICT) ||
        (ps->errs->count == 0 && (!ps->warns || ps->warns->count == 0))) {
        bp_fail(c, rc);
        return;
    }
    if (load_view(c, c->params[1], &v))
        render_meeting_page(c, rc == BP_ERR_INVALID ? 422 : 409, &v, ps);
}

static void back_to_meeting(struct bp_ctx *c, const char *flag)
{
    bp_redirect(c, bp_arena_printf(&c->arena, "/cases/%lld/meetings/%lld%s%s", (long long)c->params[0],
                                   (long long)c->params[1], *flag ? "?" : "", flag));
}

void bp_h_meeting_invitee_add(struct bp_ctx *c)
{
    struct bp_arena *a = &c->arena;
    struct bp_invitee_input in = {bp_trim(a, bp_form_get(&c->form, "invitee.kind")),
                                  bp_trim(a, bp_form_get(&c->form, "invitee.guardian_id")),
                                  bp_trim(a, bp_form_get(&c->form, "invitee.org_id")),
                                  bp_trim(a, bp_form_get(&c->form, "invitee.user_id")),
                                  bp_trim(a, bp_form_get(&c->form, "invitee.name")),
                                  bp_trim(a, bp_form_get(&c->form, "invitee.email"))};
    struct bp_field_errors errs = {0};
    struct page_state ps = {&errs, NULL, &in, NULL};
    int64_t id;
    enum bp_err rc =
        bp_uc_invitee_add(c->w->store, a, &c->actor, c->params[0], c->params[1], &in, &id, &errs);
    if (rc != BP_OK) {
        page_again(c, rc, &ps);
        return;
    }
    back_to_meeting(c, "");
}

void bp_h_meeting_invitee_remove(struct bp_ctx *c)
{
    enum bp_err rc =
        bp_uc_invitee_remove(c->w->store, &c->arena, &c->actor, c->params[0], c->params[1], c->params[2]);
    if (rc != BP_OK) {
        bp_fail(c, rc);
        return;
    }
    back_to_meeting(c, "");
}

void bp_h_meeting_send(struct bp_ctx *c)
{
    struct bp_field_errors errs = {0}, warns = {0};
    struct bp_deadline dl;
    struct page_state ps = {&errs, &warns, NULL, &dl};
    bool confirmed = bp_form_has(&c->form, "confirm_warnings", "1");
    enum bp_err rc = bp_uc_meeting_send(c->w->store, &c->arena, &c->actor, c->params[0], c->params[1],
                                        confirmed, &dl, &errs, &warns);
    if (rc != BP_OK) {
        page_again(c, rc, &ps);
        return;
    }
    back_to_meeting(c, "sent=1");
}

void bp_h_meeting_cancel(struct bp_ctx *c)
{
    struct bp_field_errors errs = {0};
    struct page_state ps = {&errs, NULL, NULL, NULL};
    enum bp_err rc =
        bp_uc_meeting_cancel(c->w->store, &c->arena, &c->actor, c->params[0], c->params[1], &errs);
    if (rc != BP_OK) {
        page_again(c, rc, &ps);
        return;
    }
    back_to_meeting(c, "");
}

void bp_h_meeting_answer(struct bp_ctx *c)
{
    struct bp_arena *a = &c->arena;
    struct bp_answer_input in = {bp_trim(a, bp_form_get(&c->form, "answer.answer")),
                                 bp_trim(a, bp_form_get(&c->form, "answer.reason")),
                                 bp_trim(a, bp_form_get(&c->form, "answer.substitute_name"))};
    struct bp_field_errors errs = {0};
    struct page_state ps = {&errs, NULL, NULL, NULL};
    enum bp_absence_step step;
    enum bp_err rc = bp_uc_invitee_answer(c->w->store, a, &c->actor, c->params[0], c->params[1], c->params[2],
                                          &in, &step, &errs);
    if (rc != BP_OK) {
        page_again(c, rc, &ps);
        return;
    }
    back_to_meeting(c, "");
}

void bp_h_meeting_decision(struct bp_ctx *c)
{
    struct bp_arena *a = &c->arena;
    struct bp_absence_decision_input in = {bp_trim(a, bp_form_get(&c->form, "absence.outcome")),
                                           bp_trim(a, bp_form_get(&c->form, "absence.guardian_id")),
                                           bp_trim(a, bp_form_get(&c->form, "absence.decided_on")),
                                           bp_trim(a, bp_form_get(&c->form, "absence.note"))};
    struct bp_field_errors errs = {0};
    struct page_state ps = {&errs, NULL, NULL, NULL};
    enum bp_err rc =
        bp_uc_absence_decide(c->w->store, a, &c->actor, c->params[0], c->params[1], c->params[2], &in, &errs);
    if (rc != BP_OK) {
        page_again(c, rc, &ps);
        return;
    }
    back_to_meeting(c, "");
}

/* ---- the chair's page, the glossary, the screen summary, the letter ---- */

static struct bp_tv *opening_steps(struct bp_ctx *c, const struct bp_opening *op)
{
    struct bp_tv *list = bp_tv_list(&c->arena);
    size_t i;
    for (i = 0; i < op->n_steps; i++)
        bp_tv_push(&c->arena, list, bp_tv_str(&c->arena, bp_label(c->lang, "meeting_step", op->steps[i])));
    return list;
}

static void render_chair(struct bp_ctx *c, int status, const struct bp_meeting_detail *v,
                         const struct bp_field_errors *errs)
{
    struct bp_arena *a = &c->arena;
    struct bp_tv *d = bp_tv_obj(a), *rows = invitee_rows(c, v), *opts = bp_tv_list(a);
    struct bp_opening op;
    size_t i;
    bp_meeting_opening(&v->m, &op);
    for (i = 1; i < BP_ATTEND_COUNT; i++) {
        struct bp_tv *o = bp_tv_obj(a);
        bp_tv_set_str(a, o, "code", bp_attendance_codes[i]);
        bp_tv_set_str(a, o, "label", bp_label(c->lang, "attendance", bp_attendance_codes[i]));
        bp_tv_push(a, opts, o);
    }
    set_case(c, d, v);
    bp_tv_set(a, d, "page", bp_page_ctx(c, N_("Ordförandens sida")));
    bp_tv_set(a, d, "meeting", meeting_tv(c, v));
    bp_tv_set(a, d, "invitees", rows);
    bp_tv_set(a, d, "attendance_options", opts);
    bp_tv_set(a, d, "steps", opening_steps(c, &op));
    bp_tv_set_int(a, d, "minutes", op.minutes);
    bp_tv_set_bool(a, d, "family_meeting", v->m.kind != BP_MEETING_PREPARATION);
    bp_tv_set_bool(a, d, "needs_debrief", v->needs_debrief);
    bp_tv_set_str(a, d, "today", bp_date_text(a, bp_actor_today(&c->actor)));
    if (errs && errs->count) {
        bp_tv_set(a, d, "errors", message_list(c, errs));
        bp_tv_set_bool(a, d, "has_errors", true);
    }
    bp_render(c, status, "meeting_chair", d);
}

void bp_h_meeting_chair(struct bp_ctx *c)
{
    struct bp_meeting_detail v;
    if (load_view(c, c->params[1], &v))
        render_chair(c, 200, &v, NULL);
}

void bp_h_meeting_held(struct bp_ctx *c)
{
    struct bp_arena *a = &c->arena;
    struct bp_held_input in;
    struct bp_field_errors errs = {0};
    struct bp_meeting_detail v;
    size_t i;
    enum bp_err rc;
    memset(&in, 0, sizeof(in));
    for (i = 0; i < BP_MAX_INVITEES; i++)
        in.attendance[i] = bp_trim(a, bp_form_get(&c->form, bp_arena_printf(a, "attendance.%zu", i)));
    in.child_asked = bp_form_has(&c->form, "closing.child_asked", "1");
    in.child_addition = bp_trim(a, bp_form_get(&c->form, "closing.child_addition"));
    in.child_representative = bp_trim(a, bp_form_get(&c->form, "closing.child_representative"));
    rc = bp_uc_meeting_held(c->w->store, a, &c->actor, c->params[0], c->params[1], &in, &errs);
    if (rc == BP_OK) {
        back_to_meeting(c, "");
        return;
    }
    if ((rc != BP_ERR_INVALID && rc != BP_ERR_CONFLICT) || errs.count == 0) {
        bp_fail(c, rc);
        return;
    }
    if (load_view(c, c->params[1], &v))
        render_chair(c, rc == BP_ERR_INVALID ? 422 : 409, &v, &errs);
}

void bp_h_meeting_debrief(struct bp_ctx *c)
{
    struct bp_field_errors errs = {0};
    struct page_state ps = {&errs, NULL, NULL, NULL};
    enum bp_err rc =
        bp_uc_meeting_debrief(c->w->store, &c->arena, &c->actor, c->params[0], c->params[1],
                              bp_trim(&c->arena, bp_form_get(&c->form, "closing.debriefed_on")), &errs);
    if (rc != BP_OK) {
        page_again(c, rc, &ps);
        return;
    }
    back_to_meeting(c, "");
}

void bp_h_meeting_glossary(struct bp_ctx *c)
{
    struct bp_meeting_detail v;
    struct bp_tv *d;
    if (!load_view(c, c->params[1], &v))
        return;
    d = bp_tv_obj(&c->arena);
    set_case(c, d, &v);
    bp_tv_set(&c->arena, d, "page", bp_page_ctx(c, N_("Ord vi använder på mötet")));
    bp_tv_set(&c->arena, d, "meeting", meeting_tv(c, &v));
    bp_render(c, 200, "meeting_glossary", d);
}

/* V-6.9: what has been decided so far, from the plan being written at the meeting, in plain words. The
 * plan's read has its own audit entry, committed before anything of it is shown. */
static void set_screen_plan(struct bp_ctx *c, struct bp_tv *d)
{
    struct bp_arena *a = &c->arena;
    struct bp_plan_view pv;
    struct bp_audit audit;
    struct bp_tv *goals = bp_tv_list(a), *ivs = bp_tv_list(a);
    size_t i, j;
    if (bp_uc_plan_view(c->w->store, a, &c->actor, c->params[0], &pv, &audit) != BP_OK ||
        bp_uc_audit_commit(c->w->store, &audit, 1) != BP_OK)
        return; /* the screen shows the meeting without the plan */
    for (i = 0; i < pv.parts.n_goals; i++) {
        struct bp_tv *o = bp_tv_obj(a);
        bp_tv_set_str(a, o, "area", bp_label(c->lang, "area", pv.parts.goals[i].area));
        bp_tv_set_str(a, o, "goal", pv.parts.goals[i].goal);
        bp_tv_push(a, goals, o);
    }
    for (i = 0; i < pv.parts.n_interventions; i++) {
        struct bp_tv *o = bp_tv_obj(a);
        bp_tv_set_str(a, o, "what", pv.parts.interventions[i].what);
        for (j = 0; j < pv.n_orgs; j++)
            if (pv.orgs[j].id == pv.parts.interventions[i].org_id)
                bp_tv_set_str(a, o, "org", pv.orgs[j].name);
        bp_tv_push(a, ivs, o);
    }
    bp_tv_set_bool(a, d, "has_plan",
                   pv.parts.n_goals || pv.parts.n_interventions || (pv.plan.summary && *pv.plan.summary));
    bp_tv_set_str(a, d, "plan_summary", pv.plan.summary);
    bp_tv_set(a, d, "plan_goals", goals);
    bp_tv_set(a, d, "plan_interventions", ivs);
    if (pv.plan.has_followup) {
        bp_tv_set_str(a, d, "followup_on", bp_date_text(a, pv.plan.followup_on));
        bp_tv_set_str(a, d, "followup_place", pv.plan.followup_place);
    }
}

void bp_h_meeting_screen(struct bp_ctx *c)
{
    struct bp_meeting_detail v;
    struct bp_opening op;
    struct bp_tv *d;
    if (!load_view(c, c->params[1], &v))
        return;
    bp_meeting_opening(&v.m, &op);
    d = bp_tv_obj(&c->arena);
    set_case(c, d, &v);
    bp_tv_set(&c->arena, d, "page", bp_page_ctx(c, N_("Sammanfattning på skärmen")));
    bp_tv_set(&c->arena, d, "meeting", meeting_tv(c, &v));
    bp_tv_set(&c->arena, d, "steps", opening_steps(c, &op));
    set_screen_plan(c, d);
    bp_render(c, 200, "meeting_screen", d);
}

void bp_h_meeting_letter(struct bp_ctx *c)
{
    struct bp_meeting_detail v;
    struct bp_tv *d, *who;
    size_t i;
    if (!load_view(c, c->params[1], &v))
        return;
    d = bp_tv_obj(&c->arena);
    who = bp_tv_list(&c->arena);
    for (i = 0; i < v.n_invitees; i++) {
        struct bp_tv *o = bp_tv_obj(&c->arena);
        bp_tv_set_str(&c->arena, o, "name", invitee_name(c, &v, &v.invitees[i]));
        bp_tv_set_str(&c->arena, o, "org",
                      v.invitees[i].kind == BP_INVITEE_PROFESSIONAL ? org_name(&v, v.invitees[i].org_id)
                                                                    : "");
        bp_tv_push(&c->arena, who, o);
    }
    set_case(c, d, &v);
    bp_tv_set(&c->arena, d, "page", bp_page_ctx(c, N_("Kallelse")));
    bp_tv_set(&c->arena, d, "meeting", meeting_tv(c, &v));
    bp_tv_set(&c->arena, d, "who", who);
    bp_render(c, 200, "meeting_letter", d);
}

/* ---- the API ---- */

static json_t *str_or_empty(const char *s)
{
    return json_string(s ? s : "");
}

static json_t *meeting_json(const struct bp_meeting_detail *v, const struct bp_meeting *m, bool full)
{
    json_t *o = json_object();
    char buf[11];
    json_object_set_new(o, "id", json_integer(m->id));
    json_object_set_new(o, "case_id", json_integer(m->case_id));
    json_object_set_new(o, "kind", json_string(bp_meeting_kind_codes[m->kind]));
    json_object_set_new(o, "name_code", json_string(bp_meeting_name_code(v->kase.model, m->kind)));
    json_object_set_new(o, "status", json_string(bp_meeting_status_codes[m->status]));
    bp_date_format(m->date, buf);
    json_object_set_new(o, "date", json_string(buf));
    json_object_set_new(o, "starts_at", json_integer(m->starts_at));
    json_object_set_new(o, "ends_at", json_integer(m->ends_at));
    json_object_set_new(o, "sequence", json_integer(m->sequence));
    json_object_set_new(o, "invitation_sent", json_boolean(m->invitation_sent_at != 0));
    if (!full)
        return o;
    json_object_set_new(o, "place", str_or_empty(m->place));
    json_object_set_new(o, "setting", json_string(bp_setting_codes[m->setting]));
    json_object_set_new(o, "setting_agreed", json_boolean(m->setting_agreed));
    json_object_set_new(o, "video_link", str_or_empty(m->video_link));
    json_object_set_new(o, "purpose", str_or_empty(m->purpose));
    json_object_set_new(o, "agenda", str_or_empty(m->agenda));
    json_object_set_new(o, "called_by_user", json_integer(m->called_by_user));
    json_object_set_new(o, "called_by_org", json_integer(m->called_by_org));
    json_object_set_new(o, "chair_user_id", json_integer(m->chair_user_id));
    json_object_set_new(o, "note_taker_user_id", json_integer(m->note_taker_user_id));
    json_object_set_new(o, "deadline_reason", str_or_empty(m->deadline_reason));
    json_object_set_new(o, "child_asked", json_boolean(m->child_asked));
    json_object_set_new(o, "child_addition", str_or_empty(m->child_addition));
    json_object_set_new(o, "child_representative", str_or_empty(m->child_representative));
    json_object_set_new(o, "needs_debrief", json_boolean(v->needs_debrief));
    return o;
}

static json_t *invitees_json(const struct bp_meeting_detail *v)
{
    json_t *list = json_array();
    size_t i;
    for (i = 0; i < v->n_invitees; i++) {
        const struct bp_invitee *inv = &v->invitees[i];
        json_t *o = json_object();
        json_object_set_new(o, "id", json_integer(inv->id));
        json_object_set_new(o, "kind", json_string(bp_invitee_kind_codes[inv->kind]));
        json_object_set_new(o, "guardian_id", json_integer(inv->guardian_id));
        json_object_set_new(o, "org_id", json_integer(inv->org_id));
        json_object_set_new(o, "user_id", json_integer(inv->user_id));
        json_object_set_new(o, "name", str_or_empty(inv->name));
        json_object_set_new(o, "email", str_or_empty(inv->email));
        json_object_set_new(o, "answer", json_string(bp_answer_codes[inv->answer]));
        json_object_set_new(o, "decline_reason", str_or_empty(inv->decline_reason));
        json_object_set_new(o, "substitute_name", str_or_empty(inv->substitute_name));
        json_object_set_new(o, "attendance", json_string(bp_attendance_codes[inv->attendance]));
        json_object_set_new(o, "next_step", json_string(bp_absence_step_codes[v->steps[i]]));
        json_array_append_new(list, o);
    }
    return list;
}

static void api_failed(struct bp_ctx *c, enum bp_err rc, const struct bp_field_errors *errs)
{
    if ((rc == BP_ERR_INVALID || rc == BP_ERR_CONFLICT) && errs->count) {
        bp_api_field_errors(c, errs);
        c->status = rc == BP_ERR_CONFLICT ? 409 : 422;
        return;
    }
    bp_fail(c, rc);
}

/* Answers a read's failure with its audit entry; true when the read succeeded. */
static bool api_read(struct bp_ctx *c, enum bp_err rc, struct bp_audit *audit)
{
    if (rc != BP_OK) {
        bp_fail(c, rc);
        if (rc == BP_ERR_FORBIDDEN || rc == BP_ERR_NOT_FOUND)
            bp_audit_then_respond(c, audit);
        return false;
    }
    return true;
}

void bp_h_api_meetings(struct bp_ctx *c)
{
    struct bp_meeting_detail v;
    struct bp_audit audit;
    struct bp_meeting *ms;
    size_t n, i;
    json_t *list;
    enum bp_err rc;
    memset(&v, 0, sizeof(v));
    rc = bp_uc_meeting_list(c->w->store, &c->arena, &c->actor, c->params[0], &ms, &n, &v.kase.model, &audit);
    if (!api_read(c, rc, &audit))
        return;
    list = json_array();
    for (i = 0; i < n; i++)
        json_array_append_new(list, meeting_json(&v, &ms[i], false));
    bp_json(c, 200, list);
    bp_audit_then_respond(c, &audit);
}

void bp_h_api_meeting_show(struct bp_ctx *c)
{
    struct bp_meeting_detail v;
    struct bp_audit audit;
    json_t *o;
    enum bp_err rc =
        bp_uc_meeting_view(c->w->store, &c->arena, &c->actor, c->params[0], c->params[1], &v, &audit);
    if (!api_read(c, rc, &audit))
        return;
    o = meeting_json(&v, &v.m, true);
    json_object_set_new(o, "invitees", invitees_json(&v));
    bp_json(c, 200, o);
    bp_audit_then_respond(c, &audit);
}

static void read_meeting_json(struct bp_ctx *c, json_t *b, struct bp_meeting_input *in,
                              struct bp_field_errors *e)
{
    memset(in, 0, sizeof(*in));
    in->kind = bp_api_str(b, "kind", "meeting.kind", e);
    in->date = bp_api_str(b, "date", "meeting.date", e);
    in->start = bp_api_str(b, "start", "meeting.start", e);
    in->end = bp_api_str(b, "end", "meeting.end", e);
    in->place = bp_api_str(b, "place", "meeting.place", e);
    in->setting = bp_api_str(b, "setting", "meeting.setting", e);
    in->video_link = bp_api_str(b, "video_link", "meeting.video_link", e);
    in->purpose = bp_api_str(b, "purpose", "meeting.purpose", e);
    in->agenda = bp_api_str(b, "agenda", "meeting.agenda", e);
    in->org_id = bp_api_id(c, b, "org_id", "meeting.org_id", e);
    in->chair_user_id = bp_api_id(c, b, "chair_user_id", "meeting.chair_user_id", e);
    in->note_taker_user_id = bp_api_id(c, b, "note_taker_user_id", "meeting.note_taker_user_id", e);
    in->deadline_reason = bp_api_str(b, "deadline_reason", "meeting.deadline_reason", e);
    in->child_not_invited_reason =
        bp_api_str(b, "child_not_invited_reason", "meeting.child_not_invited_reason", e);
    in->setting_agreed = bp_api_bool(b, "setting_agreed");
}

static void api_meeting_write(struct bp_ctx *c, bool change)
{
    struct bp_meeting_input in;
    struct bp_field_errors errs = {0};
    json_t *body = bp_api_body(c), *out;
    int64_t id = c->params[1];
    bool update_sent = false;
    enum bp_err rc;
    if (!body)
        return;
    read_meeting_json(c, body, &in, &errs);
    if (errs.count) {
        json_decref(body);
        bp_api_field_errors(c, &errs);
        return;
    }
    rc = change ? bp_uc_meeting_edit(c->w->store, &c->arena, &c->actor, c->params[0], id, &in, &update_sent,
                                     &errs)
                : bp_uc_meeting_plan(c->w->store, &c->arena, &c->actor, c->params[0], &in, &id, &errs);
    json_decref(body);
    if (rc != BP_OK) {
        api_failed(c, rc, &errs);
        return;
    }
    out = json_object();
    json_object_set_new(out, "id", json_integer(id));
    if (change)
        json_object_set_new(out, "update_sent", json_boolean(update_sent));
    bp_json(c, change ? 200 : 201, out);
}

void bp_h_api_meeting_create(struct bp_ctx *c)
{
    api_meeting_write(c, false);
}

void bp_h_api_meeting_change(struct bp_ctx *c)
{
    api_meeting_write(c, true);
}

void bp_h_api_meeting_invitee_add(struct bp_ctx *c)
{
    struct bp_field_errors errs = {0};
    struct bp_invitee_input in;
    json_t *body = bp_api_body(c), *out;
    int64_t id = 0;
    enum bp_err rc;
    if (!body)
        return;
    in.kind = bp_api_str(body, "kind", "invitee.kind", &errs);
    in.guardian_id = bp_api_id(c, body, "guardian_id", "invitee.guardian_id", &errs);
    in.org_id = bp_api_id(c, body, "org_id", "invitee.org_id", &errs);
    in.user_id = bp_api_id(c, body, "user_id", "invitee.user_id", &errs);
    in.name = bp_api_str(body, "name", "invitee.name", &errs);
    in.email = bp_api_str(body, "email", "invitee.email", &errs);
    if (errs.count) {
        json_decref(body);
        bp_api_field_errors(c, &errs);
        return;
    }
    rc = bp_uc_invitee_add(c->w->store, &c->arena, &c->actor, c->params[0], c->params[1], &in, &id, &errs);
    json_decref(body);
    if (rc != BP_OK) {
        api_failed(c, rc, &errs);
        return;
    }
    out = json_object();
    json_object_set_new(out, "id", json_integer(id));
    bp_json(c, 201, out);
}

void bp_h_api_meeting_send(struct bp_ctx *c)
{
    struct bp_field_errors errs = {0}, warns = {0};
    struct bp_deadline dl;
    json_t *body = bp_api_body(c), *out;
    bool confirmed;
    enum bp_err rc;
    if (!body)
        return;
    confirmed = bp_api_bool(body, "confirm_warnings");
    json_decref(body);
    rc = bp_uc_meeting_send(c->w->store, &c->arena, &c->actor, c->params[0], c->params[1], confirmed, &dl,
                            &errs, &warns);
    if (rc == BP_ERR_CONFLICT && errs.count == 0 && warns.count) {
        /* warnings: shown and confirmed (confirm_warnings: true), never silently ignored */
        json_t *list = json_array();
        size_t i;
        for (i = 0; i < warns.count; i++) {
            json_t *w = json_object();
            json_object_set_new(w, "field", json_string(warns.items[i].field));
            json_object_set_new(w, "code", json_string(warns.items[i].code));
            json_object_set_new(w, "message", json_string(bp_error_text(c->lang, warns.items[i].code)));
            json_array_append_new(list, w);
        }
        out = json_object();
        json_object_set_new(out, "error", json_string("confirm_warnings"));
        json_object_set_new(out, "warnings", list);
        bp_json(c, 409, out);
        return;
    }
    if (rc != BP_OK) {
        api_failed(c, rc, &errs);
        return;
    }
    out = json_object();
    json_object_set_new(out, "sent", json_true());
    json_object_set_new(out, "warnings_confirmed", json_integer((json_int_t)warns.count));
    bp_json(c, 200, out);
}

void bp_h_api_meeting_cancel(struct bp_ctx *c)
{
    struct bp_field_errors errs = {0};
    enum bp_err rc =
        bp_uc_meeting_cancel(c->w->store, &c->arena, &c->actor, c->params[0], c->params[1], &errs);
    json_t *out;
    if (rc != BP_OK) {
        api_failed(c, rc, &errs);
        return;
    }
    out = json_object();
    json_object_set_new(out, "status", json_string("cancelled"));
    bp_json(c, 200, out);
}

void bp_h_api_meeting_answer(struct bp_ctx *c)
{
    struct bp_field_errors errs = {0};
    struct bp_answer_input in;
    enum bp_absence_step step;
    json_t *body = bp_api_body(c), *out;
    enum bp_err rc;
    if (!body)
        return;
    in.answer = bp_api_str(body, "answer", "answer.answer", &errs);
    in.reason = bp_api_str(body, "reason", "answer.reason", &errs);
    in.substitute_name = bp_api_str(body, "substitute_name", "answer.substitute_name", &errs);
    if (errs.count) {
        json_decref(body);
        bp_api_field_errors(c, &errs);
        return;
    }
    rc = bp_uc_invitee_answer(c->w->store, &c->arena, &c->actor, c->params[0], c->params[1], c->params[2],
                              &in, &step, &errs);
    json_decref(body);
    if (rc != BP_OK) {
        api_failed(c, rc, &errs);
        return;
    }
    out = json_object();
    json_object_set_new(out, "next_step", json_string(bp_absence_step_codes[step]));
    bp_json(c, 200, out);
}

void bp_h_api_meeting_decision(struct bp_ctx *c)
{
    struct bp_field_errors errs = {0};
    struct bp_absence_decision_input in;
    json_t *body = bp_api_body(c), *out;
    enum bp_err rc;
    if (!body)
        return;
    in.outcome = bp_api_str(body, "outcome", "absence.outcome", &errs);
    in.guardian_id = bp_api_id(c, body, "guardian_id", "absence.guardian_id", &errs);
    in.decided_on = bp_api_str(body, "decided_on", "absence.decided_on", &errs);
    in.note = bp_api_str(body, "note", "absence.note", &errs);
    if (errs.count) {
        json_decref(body);
        bp_api_field_errors(c, &errs);
        return;
    }
    rc = bp_uc_absence_decide(c->w->store, &c->arena, &c->actor, c->params[0], c->params[1], c->params[2],
                              &in, &errs);
    json_decref(body);
    if (rc != BP_OK) {
        api_failed(c, rc, &errs);
        return;
    }
    out = json_object();
    json_object_set_new(out, "recorded", json_true());
    bp_json(c, 201, out);
}
