/* routes.c: the JSON API's route table: data, not branching. The program's entry hands it, with the
 * pages' (pages/routes.c), to the server (http/route.c matches them). */
#include "api/api.h"
#include "domain/form_inputs.h"

/* The routes of a part of the plan, added, changed and removed alike (app.h's bp_plan_part):
 * /plan/<parts> and /plan/<parts>/{id}. */
#define PLAN_ROUTE(method, parts, tail, handler, name, verb, part)                                           \
    {                                                                                                        \
        method, "/api/v1/cases/{id}/plan/" parts tail, handler, BP_ROUTE_API, "api_plan_" name verb, &(part) \
    }
#define PLAN_PART(parts, name, part)                                                                         \
    PLAN_ROUTE("POST", parts, "", bp_h_api_plan_part_add, name, "_add", part),                               \
        PLAN_ROUTE("POST", parts, "/{id}", bp_h_api_plan_part_update, name, "_update", part)
#define PLAN_PART_DELETE(parts, name, part)                                                                  \
    PLAN_ROUTE("DELETE", parts, "/{id}", bp_h_api_plan_part_delete, name, "_delete", part)

/* A write made alike with others (api/write.c): the body read into `input` (the tag of record `rec`'s input
 * struct), the use case `run`, and on success `answer`. The write is the route's data. */
#define API_WRITE(path, flags, name, rec, input, run, answer)                                                \
    {                                                                                                        \
        "POST", path, bp_h_api_write, flags, name, WRITE_DATA(rec, input, run, answer)                       \
    }
#define WRITE_DATA(rec, input, run, answer)                                                                  \
    &(const struct bp_api_write)                                                                             \
    {                                                                                                        \
        &(rec), sizeof(struct input), run, answer                                                            \
    }

/* The family's own API (api/family.c): a family member's session only. */
#define FAMILY_API (BP_ROUTE_API | BP_ROUTE_FAMILY_ONLY)

const struct bp_http_route bp_api_routes[] = {
    {"POST", "/api/v1/session", bp_h_api_login, BP_ROUTE_API | BP_ROUTE_PUBLIC | BP_ROUTE_NO_CSRF,
     "api_login"},
    {"DELETE", "/api/v1/session", bp_h_api_logout, BP_ROUTE_API, "api_logout"},
    {"GET", "/api/v1/me", bp_h_api_me, BP_ROUTE_API, "api_me"},
    /* issue 10 item 3: the family's own API, a family member's session only (a professional's: 404) */
    {"GET", "/api/v1/family/me", bp_h_api_family_me, FAMILY_API, "api_family_me"},
    {"GET", "/api/v1/family/cases", bp_h_api_family_cases, FAMILY_API, "api_family_cases"},
    {"POST", "/api/v1/family/cases/{id}/plan/signature", bp_h_api_family_sign, FAMILY_API, "api_family_sign"},
    /* the family member tells the coordinator (V-9.3): the same use case as staff, which decides by the actor
     */
    API_WRITE("/api/v1/family/cases/{id}/events", FAMILY_API, "api_family_event", bp_record_plan_event,
              bp_plan_event_input, bp_api_impl_event_add, bp_api_answer_created),
    {"GET", "/api/v1/family/cases/{id}", bp_h_api_family_case, FAMILY_API, "api_family_case"},
    {"GET", "/api/v1/family/cases/{id}/meetings/{id}", bp_h_api_family_meeting, FAMILY_API,
     "api_family_meeting"},
    {"GET", "/api/v1/family/cases/{id}/plan", bp_h_api_family_plan, FAMILY_API, "api_family_plan"},
    {"GET", "/api/v1/family/cases/{id}/access", bp_h_api_family_access, FAMILY_API, "api_family_access"},
    {"GET", "/api/v1/family/cases/{id}/consents", bp_h_api_family_consents, FAMILY_API,
     "api_family_consents"},
    {"GET", "/api/v1/organisations", bp_h_api_orgs, BP_ROUTE_API, "api_orgs"},
    {"GET", "/api/v1/cases", bp_h_api_cases, BP_ROUTE_API, "api_cases"},
    {"POST", "/api/v1/cases", bp_h_api_case_create, BP_ROUTE_API, "api_case_create"},
    {"GET", "/api/v1/cases/{id}", bp_h_api_case_show, BP_ROUTE_API, "api_case_show"},
    API_WRITE("/api/v1/cases/{id}/protection", BP_ROUTE_API, "api_protection_set", bp_record_protection,
              bp_protection_input, bp_api_protection_set, bp_api_answer_changed),
    /* closing a case (V-11.1-V-11.4) */
    {"GET", "/api/v1/cases/{id}/closure", bp_h_api_closure, BP_ROUTE_API, "api_closure"},
    API_WRITE("/api/v1/cases/{id}/closure", BP_ROUTE_API, "api_case_close", bp_record_closure,
              bp_closure_input, bp_api_case_close, bp_api_answer_closed),
    API_WRITE("/api/v1/cases/{id}/reopening", BP_ROUTE_API, "api_case_reopen", bp_record_reopen,
              bp_reopen_input, bp_api_case_reopen, bp_api_answer_open),
    API_WRITE("/api/v1/cases/{id}/successor", BP_ROUTE_API, "api_case_follow_on", bp_record_new_case,
              bp_follow_on_input, bp_api_case_follow_on, bp_api_answer_follow_on),
    {"GET", "/api/v1/cases/{id}/consents", bp_h_api_consents, BP_ROUTE_API, "api_consents"},
    /* the barnensbästa-ansvarig as a person */
    {"GET", "/api/v1/cases/{id}/bba", bp_h_api_bba, BP_ROUTE_API, "api_bba"},
    API_WRITE("/api/v1/cases/{id}/bba", BP_ROUTE_API, "api_bba_name", bp_record_bba, bp_bba_input,
              bp_api_bba_name, bp_api_answer_bba),
    API_WRITE("/api/v1/cases/{id}/bba/decision", BP_ROUTE_API, "api_bba_decide", bp_record_bba_decision,
              bp_bba_decision_input, bp_api_bba_decide, bp_api_answer_bba),
    /* administration (issue 10 item 9): an organisation's administrator and its own staff */
    {"GET", "/api/v1/admin/orgs/{id}/staff", bp_h_api_staff, BP_ROUTE_API, "api_staff"},
    API_WRITE("/api/v1/admin/orgs/{id}/invites", BP_ROUTE_API, "api_staff_invite", bp_record_invite,
              bp_invite_input, bp_api_staff_invite, bp_api_answer_created),
    API_WRITE("/api/v1/admin/orgs/{id}/staff/{id}/role", BP_ROUTE_API, "api_staff_role", bp_record_staff_role,
              bp_staff_role_input, bp_api_staff_role, bp_api_answer_changed),
    {"POST", "/api/v1/admin/orgs/{id}/staff/{id}/disable", bp_h_api_staff_disable, BP_ROUTE_API,
     "api_staff_disable"},
    {"POST", "/api/v1/admin/orgs/{id}/staff/{id}/enable", bp_h_api_staff_enable, BP_ROUTE_API,
     "api_staff_enable"},
    {"POST", "/api/v1/admin/orgs/{id}/staff/{id}/invite/withdraw", bp_h_api_staff_invite_withdraw,
     BP_ROUTE_API, "api_staff_invite_withdraw"},
    {"POST", "/api/v1/admin/orgs/{id}/staff/{id}/invite/resend", bp_h_api_staff_invite_resend, BP_ROUTE_API,
     "api_staff_invite_resend"},
    {"POST", "/api/v1/admin/orgs/{id}/staff/{id}/remove", bp_h_api_staff_remove, BP_ROUTE_API,
     "api_staff_remove"},
    API_WRITE("/api/v1/cases/{id}/asks", BP_ROUTE_API, "api_case_ask", bp_record_ask, bp_ask_input,
              bp_api_case_ask, bp_api_answer_org), /* V-2.6 */
    API_WRITE("/api/v1/cases/{id}/consents", BP_ROUTE_API, "api_consent_create", bp_record_consent,
              bp_consent_input, bp_api_consent_create, bp_api_answer_new_id),
    API_WRITE("/api/v1/cases/{id}/consents/{id}/change", BP_ROUTE_API, "api_consent_change",
              bp_record_consent, bp_consent_input, bp_api_consent_change, bp_api_answer_new_id),
    {"POST", "/api/v1/cases/{id}/consents/{id}/withdrawal", bp_h_api_consent_withdraw, BP_ROUTE_API,
     "api_consent_withdraw"},
    /* consent scans (V-2.5, K-2.1) */
    {"POST", "/api/v1/cases/{id}/consents/{id}/scan", bp_h_api_consent_scan_attach, BP_ROUTE_API,
     "api_consent_scan_attach"},
    {"GET", "/api/v1/notifications", bp_h_api_notifications, BP_ROUTE_API, "api_notifications"},
    /* ---- meetings ---- */
    {"GET", "/api/v1/cases/{id}/meetings", bp_h_api_meetings, BP_ROUTE_API, "api_meetings"},
    API_WRITE("/api/v1/cases/{id}/meetings", BP_ROUTE_API, "api_meeting_create", bp_record_meeting,
              bp_meeting_input, bp_api_meeting_create, bp_api_answer_new_id),
    {"GET", "/api/v1/cases/{id}/meetings/{id}", bp_h_api_meeting_show, BP_ROUTE_API, "api_meeting_show"},
    {"POST", "/api/v1/cases/{id}/meetings/{id}/change", bp_h_api_meeting_change, BP_ROUTE_API,
     "api_meeting_change"},
    API_WRITE("/api/v1/cases/{id}/meetings/{id}/invitees", BP_ROUTE_API, "api_meeting_invitee_add",
              bp_record_invitee, bp_invitee_input, bp_api_meeting_invitee_add, bp_api_answer_new_id),
    {"POST", "/api/v1/cases/{id}/meetings/{id}/send", bp_h_api_meeting_send, BP_ROUTE_API,
     "api_meeting_send"},
    {"POST", "/api/v1/cases/{id}/meetings/{id}/cancel", bp_h_api_meeting_cancel, BP_ROUTE_API,
     "api_meeting_cancel"},
    {"POST", "/api/v1/cases/{id}/meetings/{id}/invitees/{id}/answer", bp_h_api_meeting_answer, BP_ROUTE_API,
     "api_meeting_answer"},
    API_WRITE("/api/v1/cases/{id}/meetings/{id}/invitees/{id}/decision", BP_ROUTE_API, "api_meeting_decision",
              bp_record_absence, bp_absence_decision_input, bp_api_meeting_decision, bp_api_answer_recorded),
    /* following up the plan (V-10.x) */
    {"GET", "/api/v1/cases/{id}/meetings/{id}/followup", bp_h_api_followup, BP_ROUTE_API, "api_followup"},
    API_WRITE("/api/v1/cases/{id}/meetings/{id}/followup", BP_ROUTE_API, "api_followup_save",
              bp_record_followup, bp_followup_input, bp_api_followup_save, bp_api_answer_saved),
    API_WRITE("/api/v1/cases/{id}/meetings/{id}/followup/interventions/{id}", BP_ROUTE_API,
              "api_followup_review", bp_record_review, bp_review_input, bp_api_followup_review,
              bp_api_answer_saved),
    {"POST", "/api/v1/cases/{id}/meetings/{id}/followup/plan", bp_h_api_followup_carry, BP_ROUTE_API,
     "api_followup_carry"},
    API_WRITE("/api/v1/cases/{id}/plan/coordination", BP_ROUTE_API, "api_coordination_answer",
              bp_record_coordination, bp_coordination_input, bp_api_coordination_answer, bp_api_answer_saved),
    /* ---- end meetings ---- */
    /* ---- preparation ---- */
    {"GET", "/api/v1/cases/{id}/preparation", bp_h_api_prep, BP_ROUTE_API, "api_prep"},
    {"POST", "/api/v1/cases/{id}/preparation/child", bp_h_api_prep_child, BP_ROUTE_API, "api_prep_child"},
    {"POST", "/api/v1/cases/{id}/preparation/guardians/{id}", bp_h_api_prep_guardian, BP_ROUTE_API,
     "api_prep_guardian"},
    /* ---- end preparation ---- */
    {"GET", "/api/v1/audit", bp_h_api_audit, BP_ROUTE_API, "api_audit"},
    /* what the region learns (V-12.4) */
    {"GET", "/api/v1/region", bp_h_api_region, BP_ROUTE_API, "api_region"},
    {"GET", "/api/v1/survey/results", bp_h_api_survey_results, BP_ROUTE_API, "api_survey_results"},
    /* ---- carrying out the plan (V-9.1-V-9.4) ---- */
    {"GET", "/api/v1/cases/{id}/implementation", bp_h_api_impl, BP_ROUTE_API, "api_impl"},
    {"GET", "/api/v1/cases/{id}/implementation/voices", bp_h_api_impl_voices, BP_ROUTE_API,
     "api_impl_voices"},
    API_WRITE("/api/v1/cases/{id}/implementation/voices", BP_ROUTE_API, "api_impl_voice_add",
              bp_record_child_voice, bp_child_voice_input, bp_api_impl_voice_add, bp_api_answer_created),
    API_WRITE("/api/v1/cases/{id}/implementation/interventions/{id}/progress", BP_ROUTE_API,
              "api_impl_progress_add", bp_record_progress, bp_progress_input, bp_api_impl_progress_add,
              bp_api_answer_created),
    API_WRITE("/api/v1/cases/{id}/implementation/events", BP_ROUTE_API, "api_impl_event_add",
              bp_record_plan_event, bp_plan_event_input, bp_api_impl_event_add, bp_api_answer_created),
    API_WRITE("/api/v1/cases/{id}/implementation/events/{id}/decision", BP_ROUTE_API, "api_impl_event_decide",
              bp_record_event_decision, bp_event_decision_input, bp_api_impl_event_decide,
              bp_api_answer_changed),
    /* ---- the plan ---- */
    {"GET", "/api/v1/cases/{id}/plan", bp_h_api_plan, BP_ROUTE_API, "api_plan"},
    {"GET", "/api/v1/cases/{id}/plan/versions/{id}", bp_h_api_plan_version, BP_ROUTE_API, "api_plan_version"},
    {"GET", "/api/v1/cases/{id}/plan/versions/{id}/pdf", bp_h_plan_pdf, BP_ROUTE_API, "api_plan_pdf"},
    {"POST", "/api/v1/cases/{id}/plan/copies", bp_h_api_plan_part_add, BP_ROUTE_API, "api_plan_copy_add",
     &bp_plan_copy_part},
    {"POST", "/api/v1/cases/{id}/plan/versions", bp_h_api_plan_new_version, BP_ROUTE_API,
     "api_plan_new_version"},
    {"POST", "/api/v1/cases/{id}/plan", bp_h_api_plan_part_add, BP_ROUTE_API, "api_plan_save",
     &bp_plan_shared_part},
    PLAN_PART("goals", "goal", bp_plan_goal_part),
    PLAN_PART_DELETE("goals", "goal", bp_plan_goal_part),
    PLAN_PART("interventions", "intervention", bp_plan_intervention_part),
    PLAN_PART_DELETE("interventions", "intervention", bp_plan_intervention_part),
    PLAN_PART("commitments", "commitment", bp_plan_commitment_part),
    PLAN_PART_DELETE("commitments", "commitment", bp_plan_commitment_part),
    {"POST", "/api/v1/cases/{id}/plan/contacts", bp_h_api_plan_part_add, BP_ROUTE_API,
     "api_plan_contact_save", &bp_plan_contact_part},
    {"POST", "/api/v1/cases/{id}/plan/finish", bp_h_api_plan_finish, BP_ROUTE_API, "api_plan_finish"},
    {"POST", "/api/v1/cases/{id}/plan/signatures", bp_h_api_plan_part_add, BP_ROUTE_API, "api_plan_sign",
     &bp_plan_signature_part},
    {"POST", "/api/v1/cases/{id}/plan/signatures/{id}/scan", bp_h_api_signature_scan_attach, BP_ROUTE_API,
     "api_signature_scan_attach"},
    PLAN_PART("decisions", "decision", bp_plan_decision_part),
};
const size_t bp_n_api_routes = BP_ARRAY_LEN(bp_api_routes);
