/* routes.c: the pages' route table: data, not branching. The program's entry hands it, with the API's
 * (api/routes.c), to the server (http/route.c matches them). The scanned consent form's download is
 * here for both paths: the page and the API answer it alike. */
#include "pages/pages.h"

/* A part of the plan added from its form, or removed by its button (app.h's bp_plan_part). */
#define PLAN_PART(parts, name, part)                                                                         \
    {                                                                                                        \
        "POST", "/cases/{id}/plan/" parts, bp_h_plan_part_add, 0, "plan_" name "_add", &(part)               \
    }
#define PLAN_PART_REMOVE(parts, name, part)                                                                  \
    {                                                                                                        \
        "POST", "/cases/{id}/plan/" parts "/{id}/remove", bp_h_plan_part_remove, 0, "plan_" name "_remove",  \
            &(part)                                                                                          \
    }

const struct bp_http_route bp_page_routes[] = {
    {"GET", "/", bp_h_root, BP_ROUTE_PUBLIC, "root"},
    {"GET", "/healthz", bp_h_health, BP_ROUTE_PUBLIC, "health"},
    {"GET", "/lang", bp_h_lang, BP_ROUTE_PUBLIC, "lang"},
    {"GET", "/about", bp_h_about, BP_ROUTE_PUBLIC, "about"},
    {"GET", "/login", bp_h_login_form, BP_ROUTE_PUBLIC, "login_form"},
    {"POST", "/login", bp_h_login, BP_ROUTE_PUBLIC | BP_ROUTE_NO_CSRF, "login"},
    {"GET", "/login/oidc", bp_h_login_oidc, BP_ROUTE_PUBLIC, "login_oidc"},
    {"GET", "/login/oidc/callback", bp_h_login_oidc_callback, BP_ROUTE_PUBLIC, "login_oidc_callback"},
    {"POST", "/logout", bp_h_logout, BP_ROUTE_FAMILY, "logout"},
    /* issue 10 items 2, 3: the family's own way in and pages (docs/family-access.md) */
    {"GET", "/family/login", bp_h_family_login_form, BP_ROUTE_PUBLIC, "family_login_form"},
    {"POST", "/family/login", bp_h_family_login, BP_ROUTE_PUBLIC | BP_ROUTE_NO_CSRF, "family_login"},
    {"POST", "/family/link", bp_h_family_link, BP_ROUTE_PUBLIC | BP_ROUTE_NO_CSRF, "family_link"},
    {"GET", "/family/login/oidc", bp_h_family_login_oidc, BP_ROUTE_PUBLIC, "family_login_oidc"},
    {"GET", "/family/login/oidc/callback", bp_h_family_login_oidc_callback, BP_ROUTE_PUBLIC,
     "family_login_oidc_callback"},
    {"GET", "/family", bp_h_family_cases, BP_ROUTE_FAMILY_ONLY, "family_cases"},
    {"GET", "/family/cases/{id}", bp_h_family_case, BP_ROUTE_FAMILY_ONLY, "family_case"},
    {"GET", "/family/cases/{id}/plan", bp_h_family_plan, BP_ROUTE_FAMILY_ONLY, "family_plan"},
    /* issue 10 item 6: the child's plan */
    {"GET", "/family/cases/{id}/plan/child", bp_h_family_child_plan, BP_ROUTE_FAMILY_ONLY,
     "family_child_plan"},
    {"GET", "/family/cases/{id}/plan/child.pdf", bp_h_family_child_plan_pdf, BP_ROUTE_FAMILY_ONLY,
     "family_child_plan_pdf"},
    {"GET", "/family/cases/{id}/meetings/{id}", bp_h_family_meeting, BP_ROUTE_FAMILY_ONLY, "family_meeting"},
    {"GET", "/family/cases/{id}/access", bp_h_family_access, BP_ROUTE_FAMILY_ONLY, "family_access"},
    {"POST", "/family/cases/{id}/plan/signature", bp_h_family_sign, BP_ROUTE_FAMILY_ONLY, "family_sign"},
    {"GET", "/family/cases/{id}/plan/versions/{id}.pdf", bp_h_family_plan_pdf, BP_ROUTE_FAMILY_ONLY,
     "family_plan_pdf"},
    {"GET", "/family/cases/{id}/events", bp_h_family_events, BP_ROUTE_FAMILY_ONLY, "family_events"},
    {"POST", "/family/cases/{id}/events", bp_h_family_event, BP_ROUTE_FAMILY_ONLY, "family_event"},
    {"POST", "/family/cases/{id}/survey", bp_h_family_survey, BP_ROUTE_FAMILY_ONLY, "family_survey"},
    /* issue 10 item 4: consent online (docs/family-access.md section 5.6) */
    {"GET", "/family/cases/{id}/consents", bp_h_family_consents, BP_ROUTE_FAMILY_ONLY, "family_consents"},
    {"GET", "/family/cases/{id}/consents/{id}/withdraw", bp_h_family_consent_withdraw_form,
     BP_ROUTE_FAMILY_ONLY, "family_consent_withdraw_form"},
    {"POST", "/family/cases/{id}/consents/{id}/withdraw", bp_h_family_consent_withdraw, BP_ROUTE_FAMILY_ONLY,
     "family_consent_withdraw"},
    {"GET", "/family/cases/{id}/consents/{id}/limit", bp_h_family_consent_limit_form, BP_ROUTE_FAMILY_ONLY,
     "family_consent_limit_form"},
    {"POST", "/family/cases/{id}/consents/{id}/limit", bp_h_family_consent_limit, BP_ROUTE_FAMILY_ONLY,
     "family_consent_limit"},
    {"GET", "/family/cases/{id}/asks/{id}/consent", bp_h_family_consent_give_form, BP_ROUTE_FAMILY_ONLY,
     "family_consent_give_form"},
    {"POST", "/family/cases/{id}/asks/{id}/consent", bp_h_family_consent_give, BP_ROUTE_FAMILY_ONLY,
     "family_consent_give"},
    /* issue 10 item 5: the child's voice and the guardians' own answers (pages/family_prep.c) */
    {"GET", "/family/cases/{id}/prep", bp_h_family_prep, BP_ROUTE_FAMILY_ONLY, "family_prep"},
    {"POST", "/family/cases/{id}/prep/child", bp_h_family_prep_child, BP_ROUTE_FAMILY_ONLY,
     "family_prep_child"},
    {"POST", "/family/cases/{id}/prep/guardian", bp_h_family_prep_guardian, BP_ROUTE_FAMILY_ONLY,
     "family_prep_guardian"},
    {"POST", "/logout/everywhere", bp_h_logout_everywhere, 0, "logout_everywhere"},
    {"GET", "/cases", bp_h_cases, 0, "cases"},
    {"POST", "/cases", bp_h_case_create, 0, "case_create"},
    {"GET", "/cases/new", bp_h_case_new, 0, "case_new"},
    {"GET", "/cases/{id}", bp_h_case_show, 0, "case_show"},
    {"GET", "/cases/{id}/named-person", bp_h_k12_form, 0, "named_person_form", &bp_k12_named_person},
    {"POST", "/cases/{id}/named-person", bp_h_k12, 0, "named_person", &bp_k12_named_person},
    /* the barnensbästa-ansvarig as a person */
    {"GET", "/cases/{id}/bba", bp_h_bba_show, 0, "bba_show"},
    {"POST", "/cases/{id}/bba", bp_h_bba_name, 0, "bba_name"},
    {"POST", "/cases/{id}/bba/decision", bp_h_bba_decide, 0, "bba_decide"},
    {"POST", "/cases/{id}/family/letter", bp_h_family_letter, 0, "family_letter"}, /* issue 10 item 2 */
    {"GET", "/cases/{id}/ask", bp_h_k12_form, 0, "ask_form", &bp_k12_ask},         /* V-2.6 */
    {"POST", "/cases/{id}/ask", bp_h_k12, 0, "ask", &bp_k12_ask},
    {"GET", "/cases/{id}/responsibility", bp_h_k12_form, 0, "responsibility_form", &bp_k12_responsibility},
    {"POST", "/cases/{id}/responsibility", bp_h_k12, 0, "responsibility", &bp_k12_responsibility},
    {"GET", "/cases/{id}/protection", bp_h_k12_form, 0, "protection_form", &bp_k12_protection},
    {"POST", "/cases/{id}/protection", bp_h_k12, 0, "protection", &bp_k12_protection},
    {"GET", "/cases/{id}/sip", bp_h_k12_form, 0, "sip_form", &bp_k12_sip},
    {"POST", "/cases/{id}/sip", bp_h_k12, 0, "sip", &bp_k12_sip},
    /* closing a case (V-11.1-V-11.4) */
    {"GET", "/cases/{id}/closure", bp_h_k12_form, 0, "closure_form", &bp_k12_closure},
    {"POST", "/cases/{id}/closure", bp_h_k12, 0, "closure", &bp_k12_closure},
    {"GET", "/cases/{id}/closure/letter", bp_h_closure_letter, 0, "closure_letter"},
    {"GET", "/cases/{id}/reopen", bp_h_k12_form, 0, "reopen_form", &bp_k12_reopen},
    {"POST", "/cases/{id}/reopen", bp_h_k12, 0, "reopen", &bp_k12_reopen},
    {"GET", "/cases/{id}/new-case", bp_h_k12_form, 0, "new_case_form", &bp_k12_new_case},
    {"POST", "/cases/{id}/new-case", bp_h_k12, 0, "new_case", &bp_k12_new_case},
    {"GET", "/cases/{id}/consents/new", bp_h_consent_new, 0, "consent_new"},
    {"POST", "/cases/{id}/consents", bp_h_consent_create, 0, "consent_create"},
    {"GET", "/cases/{id}/consents/{id}/change", bp_h_consent_edit, 0, "consent_edit"},
    {"POST", "/cases/{id}/consents/{id}/change", bp_h_consent_change, 0, "consent_change"},
    {"GET", "/cases/{id}/consents/{id}/withdraw", bp_h_consent_withdraw_form, 0, "consent_withdraw_form"},
    {"POST", "/cases/{id}/consents/{id}/withdraw", bp_h_consent_withdraw, 0, "consent_withdraw"},
    /* consent scans (V-2.5, K-2.1) */
    {"POST", "/cases/{id}/consents/{id}/scan", bp_h_consent_scan_attach, 0, "consent_scan_attach"},
    {"GET", "/cases/{id}/consents/{id}/scan", bp_h_consent_scan_download, 0, "consent_scan_download"},
    {"GET", "/notifications", bp_h_notifications, 0, "notifications"},
    {"POST", "/notifications/read", bp_h_notifications_read, 0, "notifications_read"},
    /* ---- the plan ---- */
    {"GET", "/cases/{id}/plan", bp_h_plan_show, 0, "plan_show"},
    {"POST", "/cases/{id}/plan", bp_h_plan_part_add, 0, "plan_save", &bp_plan_shared_part},
    {"GET", "/cases/{id}/plan/print", bp_h_plan_print, 0, "plan_print"},
    PLAN_PART("goals", "goal", bp_plan_goal_part),
    PLAN_PART_REMOVE("goals", "goal", bp_plan_goal_part),
    PLAN_PART("interventions", "intervention", bp_plan_intervention_part),
    {"GET", "/cases/{id}/plan/interventions/{id}/edit", bp_h_plan_intervention_edit, 0,
     "plan_intervention_edit"},
    {"POST", "/cases/{id}/plan/interventions/{id}", bp_h_plan_intervention_update, 0,
     "plan_intervention_update"},
    PLAN_PART_REMOVE("interventions", "intervention", bp_plan_intervention_part),
    PLAN_PART("commitments", "commitment", bp_plan_commitment_part),
    PLAN_PART_REMOVE("commitments", "commitment", bp_plan_commitment_part),
    {"POST", "/cases/{id}/plan/contacts", bp_h_plan_part_add, 0, "plan_contact_save", &bp_plan_contact_part},
    {"POST", "/cases/{id}/plan/finish", bp_h_plan_finish, 0, "plan_finish"},
    {"POST", "/cases/{id}/plan/versions", bp_h_plan_new_version, 0, "plan_new_version"},
    {"GET", "/cases/{id}/plan/compare", bp_h_plan_compare, 0, "plan_compare"},
    {"GET", "/cases/{id}/plan/versions/{id}.pdf", bp_h_plan_pdf, 0, "plan_pdf"},
    {"POST", "/cases/{id}/plan/copies", bp_h_plan_part_add, 0, "plan_copy_add", &bp_plan_copy_part},
    {"POST", "/cases/{id}/plan/signatures", bp_h_plan_part_add, 0, "plan_sign", &bp_plan_signature_part},
    {"GET", "/cases/{id}/plan/signatures/{id}/scan/new", bp_h_signature_scan_form, 0, "signature_scan_form"},
    {"POST", "/cases/{id}/plan/signatures/{id}/scan", bp_h_signature_scan_attach, 0, "signature_scan_attach"},
    {"GET", "/cases/{id}/plan/signatures/{id}/scan", bp_h_signature_scan_download, 0,
     "signature_scan_download"},
    {"POST", "/cases/{id}/plan/decisions", bp_h_plan_part_add, 0, "plan_decision_add",
     &bp_plan_decision_part},
    {"POST", "/cases/{id}/plan/decisions/decided", bp_h_plan_decision_decide, 0, "plan_decision_decide"},
    /* ---- end of the plan ---- */
    /* ---- carrying out the plan (V-9.1-V-9.4) ---- */
    {"GET", "/cases/{id}/implementation", bp_h_impl_show, 0, "impl_show"},
    {"POST", "/cases/{id}/implementation/voices", bp_h_impl_voice_add, 0, "impl_voice_add"},
    {"POST", "/cases/{id}/implementation/events", bp_h_impl_event_add, 0, "impl_event_add"},
    {"GET", "/cases/{id}/implementation/interventions/{id}", bp_h_impl_intervention, 0, "impl_intervention"},
    {"POST", "/cases/{id}/implementation/interventions/{id}", bp_h_impl_progress_add, 0, "impl_progress_add"},
    {"GET", "/cases/{id}/implementation/events/{id}", bp_h_impl_event, 0, "impl_event"},
    {"POST", "/cases/{id}/implementation/events/{id}", bp_h_impl_event_decide, 0, "impl_event_decide"},
    /* ---- end of carrying out the plan ---- */
    {"GET", "/tasks", bp_h_tasks, 0, "tasks"},
    /* ---- meetings ---- */
    {"GET", "/cases/{id}/meetings/new", bp_h_meeting_new, 0, "meeting_new"},
    {"POST", "/cases/{id}/meetings", bp_h_meeting_create, 0, "meeting_create"},
    {"GET", "/cases/{id}/meetings/{id}", bp_h_meeting_show, 0, "meeting_show"},
    {"GET", "/cases/{id}/meetings/{id}/edit", bp_h_meeting_edit, 0, "meeting_edit"},
    {"POST", "/cases/{id}/meetings/{id}/edit", bp_h_meeting_change, 0, "meeting_change"},
    {"POST", "/cases/{id}/meetings/{id}/invitees", bp_h_meeting_invitee_add, 0, "meeting_invitee_add"},
    {"POST", "/cases/{id}/meetings/{id}/invitees/{id}/remove", bp_h_meeting_invitee_remove, 0,
     "meeting_invitee_remove"},
    {"POST", "/cases/{id}/meetings/{id}/invitees/{id}/answer", bp_h_meeting_answer, 0, "meeting_answer"},
    {"POST", "/cases/{id}/meetings/{id}/invitees/{id}/decision", bp_h_meeting_decision, 0,
     "meeting_decision"},
    {"POST", "/cases/{id}/meetings/{id}/send", bp_h_meeting_send, 0, "meeting_send"},
    {"POST", "/cases/{id}/meetings/{id}/cancel", bp_h_meeting_cancel, 0, "meeting_cancel"},
    {"GET", "/cases/{id}/meetings/{id}/chair", bp_h_meeting_chair, 0, "meeting_chair"},
    {"POST", "/cases/{id}/meetings/{id}/held", bp_h_meeting_held, 0, "meeting_held"},
    {"POST", "/cases/{id}/meetings/{id}/debrief", bp_h_meeting_debrief, 0, "meeting_debrief"},
    {"GET", "/cases/{id}/meetings/{id}/glossary", bp_h_meeting_glossary, 0, "meeting_glossary"},
    {"GET", "/cases/{id}/meetings/{id}/screen", bp_h_meeting_screen, 0, "meeting_screen"},
    {"GET", "/cases/{id}/meetings/{id}/letter", bp_h_meeting_letter, 0, "meeting_letter"},
    /* following up the plan (V-10.x) */
    {"GET", "/cases/{id}/meetings/{id}/followup", bp_h_followup_show, 0, "followup_show"},
    {"POST", "/cases/{id}/meetings/{id}/followup", bp_h_followup_save, 0, "followup_save"},
    {"POST", "/cases/{id}/meetings/{id}/followup/interventions/{id}", bp_h_followup_review, 0,
     "followup_review"},
    {"POST", "/cases/{id}/meetings/{id}/followup/plan", bp_h_followup_carry, 0, "followup_carry"},
    {"POST", "/cases/{id}/plan/coordination", bp_h_coordination_answer, 0, "coordination_answer"},
    /* ---- end meetings ---- */
    /* ---- preparation ---- */
    {"GET", "/cases/{id}/prep/child", bp_h_prep_child_form, 0, "prep_child_form"},
    {"POST", "/cases/{id}/prep/child", bp_h_prep_child_save, 0, "prep_child_save"},
    {"GET", "/cases/{id}/prep/child/questions", bp_h_prep_child_questions, 0, "prep_child_questions"},
    {"GET", "/cases/{id}/prep/guardians/{id}", bp_h_prep_guardian_form, 0, "prep_guardian_form"},
    {"POST", "/cases/{id}/prep/guardians/{id}", bp_h_prep_guardian_save, 0, "prep_guardian_save"},
    /* ---- end preparation ---- */
    /* ---- the survey (V-12.x): the form is public, reached by its code; answering needs no session ---- */
    {"GET", "/survey", bp_h_survey_form, BP_ROUTE_PUBLIC, "survey_form"},
    {"POST", "/survey", bp_h_survey_answer, BP_ROUTE_PUBLIC | BP_ROUTE_NO_CSRF, "survey_answer"},
    {"GET", "/survey/results", bp_h_survey_results, 0, "survey_results"},
    {"GET", "/cases/{id}/survey", bp_h_survey_case, 0, "survey_case"},
    {"POST", "/cases/{id}/survey/{id}/letter", bp_h_survey_letter, 0, "survey_letter"},
    /* ---- end of the survey ---- */
    /* ---- what the region learns (V-12.4) ---- */
    {"GET", "/region", bp_h_region, 0, "region"},
    {"GET", "/region.csv", bp_h_region_csv, 0, "region_csv"},
    /* ---- end of what the region learns ---- */
    {"GET", "/admin/audit", bp_h_audit, 0, "audit"},
    {"GET", "/admin/outbox", bp_h_admin_outbox, 0, "admin_outbox"},
    /* ---- administration in the browser (issue 10 item 9) ---- */
    {"GET", "/admin", bp_h_admin_home, 0, "admin_home"},
    {"GET", "/admin/orgs", bp_h_admin_orgs, 0, "admin_orgs"},
    {"POST", "/admin/orgs", bp_h_admin_org_create, 0, "admin_org_create"},
    {"GET", "/admin/orgs/{id}", bp_h_admin_org, 0, "admin_org"},
    {"POST", "/admin/orgs/{id}", bp_h_admin_org_rename, 0, "admin_org_rename"},
    {"GET", "/admin/orgs/{id}/audit", bp_h_admin_org_audit, 0, "admin_org_audit"},
    {"POST", "/admin/orgs/{id}/invites", bp_h_admin_invite, 0, "admin_invite"},
    {"POST", "/admin/orgs/{id}/staff/{id}/role", bp_h_admin_staff_role, 0, "admin_staff_role"},
    {"POST", "/admin/orgs/{id}/staff/{id}/disable", bp_h_admin_staff_disable, 0, "admin_staff_disable"},
    /* the invited colleague: the link is the key; GET only shows the form (mail scanners fetch links) */
    {"GET", "/invite", bp_h_invite_form, BP_ROUTE_PUBLIC, "invite_form"},
    {"POST", "/invite", bp_h_invite_accept, BP_ROUTE_PUBLIC | BP_ROUTE_NO_CSRF, "invite_accept"},
    {"POST", "/invite/oidc", bp_h_invite_oidc, BP_ROUTE_PUBLIC | BP_ROUTE_NO_CSRF, "invite_oidc"},
    {"GET", "/api/v1/cases/{id}/consents/{id}/scan", bp_h_consent_scan_download, BP_ROUTE_API,
     "api_consent_scan_download"},
    {"GET", "/api/v1/cases/{id}/plan/signatures/{id}/scan", bp_h_signature_scan_download, BP_ROUTE_API,
     "api_signature_scan_download"},
};
const size_t bp_n_page_routes = BP_ARRAY_LEN(bp_page_routes);
