/* api.h: the JSON API (src/api): one file per area of the process, each handler thin (decode the body
 * with the field engine, call one use case, answer JSON); the writes that do only that share one handler
 * (api/write.c) and give their use case and answer. The route table (api/routes.c) is data the program's
 * entry hands to the server. Must not render a template. */
#ifndef BP_API_H
#define BP_API_H
#include "http/http.h"

extern const struct bp_http_route bp_api_routes[];
extern const size_t bp_n_api_routes;

/* A write the API makes alike with others: the body read into the record's input struct, one use case run
 * with it and the route's ids, and the answer. Its route (api/routes.c's API_WRITE) names it in its data and
 * shares the one handler bp_h_api_write (api/write.c): a body that is no object of the record is answered
 * there; then on success `answer`, else the field errors (422 invalid, 409 conflict, 403 a rule's refusal)
 * or the error. The body is freed only after the use case: the input's strings live in it. */
/* The use case, with the input and the route's ids (c->params); *id (0 before): what the answer names. */
typedef enum bp_err bp_api_run_fn(struct bp_ctx *c, const void *in, int64_t *id,
                                  struct bp_field_errors *errs);
/* The answer on success: its status and JSON. */
typedef void bp_api_answer_fn(struct bp_ctx *c, int64_t id);
struct bp_api_write {
    const struct bp_record_def *rec; /* the body's fields */
    size_t in_size;                  /* the size of rec's input struct */
    bp_api_run_fn *run;
    bp_api_answer_fn *answer;
};
void bp_h_api_write(struct bp_ctx *c);
/* The answers many writes share: 201 and 200 with bp_api_ok_json's {"id": id, "ok": true} ({"ok": true}
 * for 0), and 201 {"id": id} (the new record's). */
bp_api_answer_fn bp_api_answer_created, bp_api_answer_changed, bp_api_answer_new_id;

void bp_h_api_login(struct bp_ctx *c);
void bp_h_api_logout(struct bp_ctx *c);
void bp_h_api_me(struct bp_ctx *c);
void bp_h_api_orgs(struct bp_ctx *c);
void bp_h_api_cases(struct bp_ctx *c);
void bp_h_api_case_create(struct bp_ctx *c);
void bp_h_api_case_show(struct bp_ctx *c);
bp_api_run_fn bp_api_protection_set; /* issue 10 item 10 */
void bp_h_api_audit(struct bp_ctx *c);
/* a Kronoberg case's barnensbästa-ansvarig (api/named_person.c) */
void bp_h_api_bba(struct bp_ctx *c);
bp_api_run_fn bp_api_bba_name, bp_api_bba_decide;
bp_api_answer_fn bp_api_answer_bba;
/* administration (issue 10 item 9; api/staff.c) */
void bp_h_api_staff(struct bp_ctx *c);
bp_api_run_fn bp_api_staff_invite, bp_api_staff_role;
void bp_h_api_staff_disable(struct bp_ctx *c);
void bp_h_api_staff_enable(struct bp_ctx *c);
void bp_h_api_staff_invite_withdraw(struct bp_ctx *c);
void bp_h_api_staff_invite_resend(struct bp_ctx *c);
void bp_h_api_staff_remove(struct bp_ctx *c);
void bp_h_api_consents(struct bp_ctx *c);
bp_api_run_fn bp_api_consent_create, bp_api_consent_change;
void bp_h_api_consent_withdraw(struct bp_ctx *c);
bp_api_run_fn bp_api_case_ask; /* V-2.6 */
bp_api_answer_fn bp_api_answer_org;
void bp_h_api_notifications(struct bp_ctx *c);
void bp_h_api_plan(struct bp_ctx *c);
void bp_h_api_plan_finish(struct bp_ctx *c);
void bp_h_api_plan_version(struct bp_ctx *c);
void bp_h_api_plan_new_version(struct bp_ctx *c);
void bp_h_api_consent_scan_attach(struct bp_ctx *c);
void bp_h_api_signature_scan_attach(struct bp_ctx *c); /* V-8a.2 */
void bp_h_api_meetings(struct bp_ctx *c);
bp_api_run_fn bp_api_meeting_create, bp_api_meeting_invitee_add, bp_api_meeting_decision;
bp_api_answer_fn bp_api_answer_recorded;
void bp_h_api_meeting_show(struct bp_ctx *c);
void bp_h_api_meeting_change(struct bp_ctx *c);
void bp_h_api_meeting_send(struct bp_ctx *c);
void bp_h_api_meeting_cancel(struct bp_ctx *c);
void bp_h_api_meeting_answer(struct bp_ctx *c);
void bp_h_api_followup(struct bp_ctx *c);
bp_api_run_fn bp_api_followup_save, bp_api_followup_review, bp_api_coordination_answer;
bp_api_answer_fn bp_api_answer_saved;
void bp_h_api_followup_carry(struct bp_ctx *c);
void bp_h_api_prep(struct bp_ctx *c);
void bp_h_api_prep_child(struct bp_ctx *c);
void bp_h_api_prep_guardian(struct bp_ctx *c);
/* carrying out the plan (V-9.1-V-9.4; api/implementation.c) */
void bp_h_api_impl(struct bp_ctx *c);
void bp_h_api_impl_voices(struct bp_ctx *c);
bp_api_run_fn bp_api_impl_progress_add, bp_api_impl_voice_add, bp_api_impl_event_add,
    bp_api_impl_event_decide;
/* V-9.1: the latest word on how an intervention goes, or JSON null (the plan's answer has it too). */
struct json_t *bp_api_progress_json(struct bp_ctx *c, const struct bp_progress *p);
/* closing a case (api/closure.c; V-11.1-V-11.4) */
void bp_h_api_closure(struct bp_ctx *c);
bp_api_run_fn bp_api_case_close, bp_api_case_reopen;
bp_api_answer_fn bp_api_answer_closed, bp_api_answer_open;
bp_api_run_fn bp_api_case_follow_on;
bp_api_answer_fn bp_api_answer_follow_on;
/* what the region learns (api/region.c; V-12.4): the page's aggregates as JSON, small counts hidden */
void bp_h_api_region(struct bp_ctx *c);
void bp_h_api_survey_results(struct bp_ctx *c);

/* the family's own API (issue 10 item 3; api/family.c): the family pages' views as JSON, each item of
 * docs/family-access.md's table named by its id and there only when the member sees it */
void bp_h_api_family_cases(struct bp_ctx *c);
void bp_h_api_family_case(struct bp_ctx *c);
void bp_h_api_family_meeting(struct bp_ctx *c);
void bp_h_api_family_plan(struct bp_ctx *c);
void bp_h_api_family_access(struct bp_ctx *c);
void bp_h_api_family_consents(struct bp_ctx *c);
void bp_h_api_family_me(struct bp_ctx *c);
void bp_h_api_family_sign(struct bp_ctx *c);

/* The plan's parts (goals, interventions, commitments, pending decisions): their routes name the part
 * (app.h's struct bp_plan_part) and share these handlers (api/plan.c). */
void bp_h_api_plan_part_add(struct bp_ctx *c);
void bp_h_api_plan_part_update(struct bp_ctx *c);
void bp_h_api_plan_part_delete(struct bp_ctx *c);

/* The consent ledger (api/consent.c) and a consent's current scan, or JSON null (api/consent_scan.c), for
 * the case's answer too. */
struct json_t *bp_api_consents_json(struct bp_ctx *c, const struct bp_case_view *v);
struct json_t *bp_api_scan_json(const struct bp_case_view *v, int64_t consent_id);

#endif
