/* meeting.c: the meetings in the JSON API (V-4.3-V-4.5, K-4.x, V-6.x): list, read, plan and change a
 * meeting, its invitees, answers, the K-4.8 decision, sending and cancelling the invitation. Each handler
 * decodes with the field engine, calls one use case (app/meeting.c) and answers JSON. Must not render a
 * template. */
#include <jansson.h>
#include "api/api.h"
#include "util/date.h"
#include "util/limits.h"
#include "domain/access.h"

/* ---- the API ---- */

/* What the list of meetings shows of each. */
static json_t *meeting_summary_json(const struct bp_meeting_detail *v, const struct bp_meeting *m)
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
    return o;
}

static json_t *str_or_empty(const char *s)
{
    return json_string(s ? s : "");
}

/* An invitee: the fields of its table (domain/forms_meeting.c), its answer and what must happen next. */
static json_t *invitee_json(struct bp_ctx *c, const struct bp_meeting_detail *v, size_t i)
{
    const struct bp_invitee *inv = &v->invitees[i];
    json_t *o = bp_api_record(c, &bp_record_invitee, inv);
    json_object_set_new(o, "id", json_integer(inv->id));
    json_object_set_new(o, "answer", json_string(bp_answer_codes[inv->answer]));
    json_object_set_new(o, "decline_reason", str_or_empty(inv->decline_reason));
    json_object_set_new(o, "substitute_name", str_or_empty(inv->substitute_name));
    json_object_set_new(o, "attendance", json_string(bp_attendance_codes[inv->attendance]));
    json_object_set_new(o, "next_step", json_string(bp_absence_step_codes[v->steps[i]]));
    if (inv->email_withheld) /* issue 10 item 10: a protected guardian's e-mail: none for others */
        json_object_set_new(o, "email", json_null());
    return o;
}

/* One meeting: the fields of its table, what the list shows, and what happened at and after it. */
static json_t *meeting_json(struct bp_ctx *c, const struct bp_meeting_detail *v)
{
    const struct bp_meeting *m = &v->m;
    json_t *o = bp_api_record(c, &bp_record_meeting, m), *list = json_array(), *summary;
    size_t i;
    summary = meeting_summary_json(v, m);
    json_object_update(o, summary);
    json_decref(summary);
    json_object_set_new(o, "called_by_user", json_integer(m->called_by_user));
    json_object_set_new(o, "called_by_org", json_integer(m->called_by_org));
    json_object_set_new(o, "child_asked", json_boolean(m->child_asked));
    json_object_set_new(o, "child_addition", str_or_empty(m->child_addition));
    json_object_set_new(o, "child_representative", str_or_empty(m->child_representative));
    json_object_set_new(o, "needs_debrief", json_boolean(v->needs_debrief));
    for (i = 0; i < v->n_invitees; i++)
        json_array_append_new(list, invitee_json(c, v, i));
    json_object_set_new(o, "invitees", list);
    return o;
}

/* Answers a read's failure with its audit entry; true when the read succeeded. */
static bool read_ok(struct bp_ctx *c, enum bp_err rc, struct bp_audit *audit)
{
    if (bp_read_failed(c, rc, audit))
        return false;
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
    if (!read_ok(c, rc, &audit))
        return;
    list = json_array();
    for (i = 0; i < n; i++)
        json_array_append_new(list, meeting_summary_json(&v, &ms[i]));
    bp_json_audited(c, list, &audit);
}

void bp_h_api_meeting_show(struct bp_ctx *c)
{
    struct bp_meeting_detail v;
    struct bp_audit audit;
    enum bp_err rc =
        bp_uc_meeting_view(c->w->store, &c->arena, &c->actor, c->params[0], c->params[1], &v, &audit);
    if (!read_ok(c, rc, &audit))
        return;
    bp_json_audited(c, meeting_json(c, &v), &audit);
}

/* ---- planning a meeting, adding an invitee, the K-4.8 decision (api/write.c): 201 ---- */

enum bp_err bp_api_meeting_create(struct bp_ctx *c, const void *in, int64_t *id, struct bp_field_errors *errs)
{
    return bp_uc_meeting_plan(c->w->store, &c->arena, &c->actor, c->params[0], in, id, errs);
}

enum bp_err bp_api_meeting_invitee_add(struct bp_ctx *c, const void *in, int64_t *id,
                                       struct bp_field_errors *errs)
{
    return bp_uc_invitee_add(c->w->store, &c->arena, &c->actor, c->params[0], c->params[1], in, id, errs);
}

enum bp_err bp_api_meeting_decision(struct bp_ctx *c, const void *in, int64_t *id,
                                    struct bp_field_errors *errs)
{
    return bp_uc_absence_decide(c->w->store, &c->arena, &c->actor, c->params[0], c->params[1], c->params[2],
                                in, errs);
}

void bp_api_answer_recorded(struct bp_ctx *c, int64_t id)
{
    bp_json(c, 201, json_pack("{s:b}", "recorded", 1));
}

void bp_h_api_meeting_change(struct bp_ctx *c)
{
    struct bp_meeting_input in = {0};
    struct bp_field_errors errs = {0};
    json_t *body = bp_api_read(c, &bp_record_meeting, &in);
    bool update_sent = false;
    enum bp_err rc;
    if (!body)
        return;
    rc = bp_uc_meeting_edit(c->w->store, &c->arena, &c->actor, c->params[0], c->params[1], &in, &update_sent,
                            &errs);
    bp_api_write_done(c, body, rc, &errs, 200,
                      json_pack("{s:I, s:b}", "id", (json_int_t)c->params[1], "update_sent", update_sent));
}

/* Warnings are shown and confirmed (confirm_warnings: true), never silently ignored (V-4.3, V-3.10). */
static json_t *warnings_json(struct bp_ctx *c, const struct bp_field_errors *warns)
{
    return json_pack("{s:s, s:o}", "error", "confirm_warnings", "warnings", bp_api_warnings(c, warns));
}

void bp_h_api_meeting_send(struct bp_ctx *c)
{
    struct bp_send_input in = {0};
    struct bp_field_errors errs = {0}, warns = {0};
    struct bp_deadline dl;
    json_t *body = bp_api_read(c, &bp_record_send, &in);
    enum bp_err rc;
    if (!body)
        return;
    rc = bp_uc_meeting_send(c->w->store, &c->arena, &c->actor, c->params[0], c->params[1],
                            in.confirm_warnings, &dl, &errs, &warns);
    if (rc == BP_ERR_CONFLICT && errs.count == 0 && warns.count) {
        json_decref(body);
        bp_json(c, 409, warnings_json(c, &warns));
        return;
    }
    bp_api_write_done(c, body, rc, &errs, 200,
                      json_pack("{s:b, s:I}", "sent", 1, "warnings_confirmed", (json_int_t)warns.count));
}

void bp_h_api_meeting_cancel(struct bp_ctx *c)
{
    struct bp_field_errors errs = {0};
    enum bp_err rc =
        bp_uc_meeting_cancel(c->w->store, &c->arena, &c->actor, c->params[0], c->params[1], &errs);
    bp_api_write_done(c, NULL, rc, &errs, 200, json_pack("{s:s}", "status", "cancelled"));
}

void bp_h_api_meeting_answer(struct bp_ctx *c)
{
    struct bp_answer_input in = {0};
    struct bp_field_errors errs = {0};
    enum bp_absence_step step = BP_ABSENCE_STEP_NONE;
    json_t *body = bp_api_read(c, &bp_record_answer, &in);
    enum bp_err rc;
    if (!body)
        return;
    rc = bp_uc_invitee_answer(c->w->store, &c->arena, &c->actor, c->params[0], c->params[1], c->params[2],
                              &in, &step, &errs);
    bp_api_write_done(c, body, rc, &errs, 200, json_pack("{s:s}", "next_step", bp_absence_step_codes[step]));
}
