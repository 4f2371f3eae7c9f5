/* routes.c: the route table (data, not branching) and the matcher. */
#include "web/web.h"

const struct bp_http_route bp_routes[] = {
    {"GET", "/", bp_h_root, BP_ROUTE_PUBLIC, "root"},
    {"GET", "/healthz", bp_h_health, BP_ROUTE_PUBLIC, "health"},
    {"GET", "/lang", bp_h_lang, BP_ROUTE_PUBLIC, "lang"},
    {"GET", "/about", bp_h_about, BP_ROUTE_PUBLIC, "about"},
    {"GET", "/login", bp_h_login_form, BP_ROUTE_PUBLIC, "login_form"},
    {"POST", "/login", bp_h_login, BP_ROUTE_PUBLIC | BP_ROUTE_NO_CSRF, "login"},
    {"POST", "/logout", bp_h_logout, 0, "logout"},
    {"POST", "/logout/everywhere", bp_h_logout_everywhere, 0, "logout_everywhere"},
    {"GET", "/cases", bp_h_cases, 0, "cases"},
    {"POST", "/cases", bp_h_case_create, 0, "case_create"},
    {"GET", "/cases/new", bp_h_case_new, 0, "case_new"},
    {"GET", "/cases/{id}", bp_h_case_show, 0, "case_show"},
    {"GET", "/cases/{id}/named-person", bp_h_named_person_form, 0, "named_person_form"},
    {"POST", "/cases/{id}/named-person", bp_h_named_person, 0, "named_person"},
    {"GET", "/cases/{id}/responsibility", bp_h_responsibility_form, 0, "responsibility_form"},
    {"POST", "/cases/{id}/responsibility", bp_h_responsibility, 0, "responsibility"},
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
    {"POST", "/cases/{id}/plan", bp_h_plan_save, 0, "plan_save"},
    {"GET", "/cases/{id}/plan/print", bp_h_plan_print, 0, "plan_print"},
    {"POST", "/cases/{id}/plan/goals", bp_h_plan_goal_add, 0, "plan_goal_add"},
    {"POST", "/cases/{id}/plan/goals/{id}/remove", bp_h_plan_goal_remove, 0, "plan_goal_remove"},
    {"POST", "/cases/{id}/plan/interventions", bp_h_plan_intervention_add, 0, "plan_intervention_add"},
    {"GET", "/cases/{id}/plan/interventions/{id}/edit", bp_h_plan_intervention_edit, 0,
     "plan_intervention_edit"},
    {"POST", "/cases/{id}/plan/interventions/{id}", bp_h_plan_intervention_update, 0,
     "plan_intervention_update"},
    {"POST", "/cases/{id}/plan/interventions/{id}/remove", bp_h_plan_intervention_remove, 0,
     "plan_intervention_remove"},
    {"POST", "/cases/{id}/plan/commitments", bp_h_plan_commitment_add, 0, "plan_commitment_add"},
    {"POST", "/cases/{id}/plan/commitments/{id}/remove", bp_h_plan_commitment_remove, 0,
     "plan_commitment_remove"},
    {"POST", "/cases/{id}/plan/contacts", bp_h_plan_contact_save, 0, "plan_contact_save"},
    {"POST", "/cases/{id}/plan/finish", bp_h_plan_finish, 0, "plan_finish"},
    {"POST", "/cases/{id}/plan/signatures", bp_h_plan_sign, 0, "plan_sign"},
    {"POST", "/cases/{id}/plan/decisions", bp_h_plan_decision_add, 0, "plan_decision_add"},
    {"POST", "/cases/{id}/plan/decisions/decided", bp_h_plan_decision_decide, 0, "plan_decision_decide"},
    /* ---- end of the plan ---- */
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
    /* ---- end meetings ---- */
    /* ---- preparation ---- */
    {"GET", "/cases/{id}/prep/child", bp_h_prep_child_form, 0, "prep_child_form"},
    {"POST", "/cases/{id}/prep/child", bp_h_prep_child_save, 0, "prep_child_save"},
    {"GET", "/cases/{id}/prep/child/questions", bp_h_prep_child_questions, 0, "prep_child_questions"},
    {"GET", "/cases/{id}/prep/guardians/{id}", bp_h_prep_guardian_form, 0, "prep_guardian_form"},
    {"POST", "/cases/{id}/prep/guardians/{id}", bp_h_prep_guardian_save, 0, "prep_guardian_save"},
    /* ---- end preparation ---- */
    {"GET", "/admin/audit", bp_h_audit, 0, "audit"},
    {"GET", "/admin/outbox", bp_h_admin_outbox, 0, "admin_outbox"},

    {"POST", "/api/v1/session", bp_h_api_login, BP_ROUTE_API | BP_ROUTE_PUBLIC | BP_ROUTE_NO_CSRF,
     "api_login"},
    {"DELETE", "/api/v1/session", bp_h_api_logout, BP_ROUTE_API, "api_logout"},
    {"GET", "/api/v1/me", bp_h_api_me, BP_ROUTE_API, "api_me"},
    {"GET", "/api/v1/organisations", bp_h_api_orgs, BP_ROUTE_API, "api_orgs"},
    {"GET", "/api/v1/cases", bp_h_api_cases, BP_ROUTE_API, "api_cases"},
    {"POST", "/api/v1/cases", bp_h_api_case_create, BP_ROUTE_API, "api_case_create"},
    {"GET", "/api/v1/cases/{id}", bp_h_api_case_show, BP_ROUTE_API, "api_case_show"},
    {"GET", "/api/v1/cases/{id}/consents", bp_h_api_consents, BP_ROUTE_API, "api_consents"},
    {"POST", "/api/v1/cases/{id}/consents", bp_h_api_consent_create, BP_ROUTE_API, "api_consent_create"},
    {"POST", "/api/v1/cases/{id}/consents/{id}/change", bp_h_api_consent_change, BP_ROUTE_API,
     "api_consent_change"},
    {"POST", "/api/v1/cases/{id}/consents/{id}/withdrawal", bp_h_api_consent_withdraw, BP_ROUTE_API,
     "api_consent_withdraw"},
    /* consent scans (V-2.5, K-2.1) */
    {"POST", "/api/v1/cases/{id}/consents/{id}/scan", bp_h_api_consent_scan_attach, BP_ROUTE_API,
     "api_consent_scan_attach"},
    {"GET", "/api/v1/cases/{id}/consents/{id}/scan", bp_h_consent_scan_download, BP_ROUTE_API,
     "api_consent_scan_download"},
    {"GET", "/api/v1/notifications", bp_h_api_notifications, BP_ROUTE_API, "api_notifications"},
    /* ---- meetings ---- */
    {"GET", "/api/v1/cases/{id}/meetings", bp_h_api_meetings, BP_ROUTE_API, "api_meetings"},
    {"POST", "/api/v1/cases/{id}/meetings", bp_h_api_meeting_create, BP_ROUTE_API, "api_meeting_create"},
    {"GET", "/api/v1/cases/{id}/meetings/{id}", bp_h_api_meeting_show, BP_ROUTE_API, "api_meeting_show"},
    {"POST", "/api/v1/cases/{id}/meetings/{id}/change", bp_h_api_meeting_change, BP_ROUTE_API,
     "api_meeting_change"},
    {"POST", "/api/v1/cases/{id}/meetings/{id}/invitees", bp_h_api_meeting_invitee_add, BP_ROUTE_API,
     "api_meeting_invitee_add"},
    {"POST", "/api/v1/cases/{id}/meetings/{id}/send", bp_h_api_meeting_send, BP_ROUTE_API,
     "api_meeting_send"},
    {"POST", "/api/v1/cases/{id}/meetings/{id}/cancel", bp_h_api_meeting_cancel, BP_ROUTE_API,
     "api_meeting_cancel"},
    {"POST", "/api/v1/cases/{id}/meetings/{id}/invitees/{id}/answer", bp_h_api_meeting_answer, BP_ROUTE_API,
     "api_meeting_answer"},
    {"POST", "/api/v1/cases/{id}/meetings/{id}/invitees/{id}/decision", bp_h_api_meeting_decision,
     BP_ROUTE_API, "api_meeting_decision"},
    /* ---- end meetings ---- */
    /* ---- preparation ---- */
    {"GET", "/api/v1/cases/{id}/preparation", bp_h_api_prep, BP_ROUTE_API, "api_prep"},
    {"POST", "/api/v1/cases/{id}/preparation/child", bp_h_api_prep_child, BP_ROUTE_API, "api_prep_child"},
    {"POST", "/api/v1/cases/{id}/preparation/guardians/{id}", bp_h_api_prep_guardian, BP_ROUTE_API,
     "api_prep_guardian"},
    /* ---- end preparation ---- */
    {"GET", "/api/v1/audit", bp_h_api_audit, BP_ROUTE_API, "api_audit"},
    /* ---- the plan ---- */
    {"GET", "/api/v1/cases/{id}/plan", bp_h_api_plan, BP_ROUTE_API, "api_plan"},
    {"POST", "/api/v1/cases/{id}/plan", bp_h_api_plan_save, BP_ROUTE_API, "api_plan_save"},
    {"POST", "/api/v1/cases/{id}/plan/goals", bp_h_api_plan_goal_add, BP_ROUTE_API, "api_plan_goal_add"},
    {"POST", "/api/v1/cases/{id}/plan/goals/{id}", bp_h_api_plan_goal_update, BP_ROUTE_API,
     "api_plan_goal_update"},
    {"DELETE", "/api/v1/cases/{id}/plan/goals/{id}", bp_h_api_plan_goal_delete, BP_ROUTE_API,
     "api_plan_goal_delete"},
    {"POST", "/api/v1/cases/{id}/plan/interventions", bp_h_api_plan_intervention_add, BP_ROUTE_API,
     "api_plan_intervention_add"},
    {"POST", "/api/v1/cases/{id}/plan/interventions/{id}", bp_h_api_plan_intervention_update, BP_ROUTE_API,
     "api_plan_intervention_update"},
    {"DELETE", "/api/v1/cases/{id}/plan/interventions/{id}", bp_h_api_plan_intervention_delete, BP_ROUTE_API,
     "api_plan_intervention_delete"},
    {"POST", "/api/v1/cases/{id}/plan/commitments", bp_h_api_plan_commitment_add, BP_ROUTE_API,
     "api_plan_commitment_add"},
    {"POST", "/api/v1/cases/{id}/plan/commitments/{id}", bp_h_api_plan_commitment_update, BP_ROUTE_API,
     "api_plan_commitment_update"},
    {"DELETE", "/api/v1/cases/{id}/plan/commitments/{id}", bp_h_api_plan_commitment_delete, BP_ROUTE_API,
     "api_plan_commitment_delete"},
    {"POST", "/api/v1/cases/{id}/plan/contacts", bp_h_api_plan_contact_save, BP_ROUTE_API,
     "api_plan_contact_save"},
    {"POST", "/api/v1/cases/{id}/plan/finish", bp_h_api_plan_finish, BP_ROUTE_API, "api_plan_finish"},
    {"POST", "/api/v1/cases/{id}/plan/signatures", bp_h_api_plan_sign, BP_ROUTE_API, "api_plan_sign"},
    {"POST", "/api/v1/cases/{id}/plan/decisions", bp_h_api_plan_decision_add, BP_ROUTE_API,
     "api_plan_decision_add"},
    {"POST", "/api/v1/cases/{id}/plan/decisions/{id}", bp_h_api_plan_decision_update, BP_ROUTE_API,
     "api_plan_decision_update"},
    /* ---- end of the plan ---- */
};
const size_t bp_n_routes = BP_ARRAY_LEN(bp_routes);

/* Matches one path against one pattern; "{id}" takes a positive decimal id. */
static bool match(const char *pattern, const char *path, int64_t *params)
{
    size_t np = 0;
    while (*pattern && *path) {
        if (pattern[0] == '{') {
            const char *end = strchr(pattern, '}');
            char digits[20];
            size_t n = 0;
            int64_t v;
            if (!end)
                return false;
            while (path[n] >= '0' && path[n] <= '9')
                n++;
            if (n == 0 || n >= sizeof(digits) || np == BP_MAX_ROUTE_PARAMS)
                return false;
            memcpy(digits, path, n);
            digits[n] = '\0';
            if (!bp_parse_int64(digits, 1, INT64_MAX, &v))
                return false;
            params[np++] = v;
            pattern = end + 1;
            path += n;
        } else if (*pattern == *path) {
            pattern++;
            path++;
        } else {
            return false;
        }
    }
    return *pattern == '\0' && *path == '\0';
}

const struct bp_http_route *bp_route_match(const char *method, const char *path, int64_t *params,
                                           bool *method_mismatch)
{
    size_t i;
    *method_mismatch = false;
    for (i = 0; i < bp_n_routes; i++) {
        if (!match(bp_routes[i].pattern, path, params))
            continue;
        if (strcmp(bp_routes[i].method, method) == 0 ||
            (strcmp(method, "HEAD") == 0 && strcmp(bp_routes[i].method, "GET") == 0))
            return &bp_routes[i];
        *method_mismatch = true;
    }
    return NULL;
}

const char *bp_route_allow(struct bp_arena *a, const char *path)
{
    char list[128] = "";
    int64_t params[BP_MAX_ROUTE_PARAMS];
    size_t i, len = 0;
    for (i = 0; i < bp_n_routes; i++) {
        if (!match(bp_routes[i].pattern, path, params) || strstr(list, bp_routes[i].method))
            continue;
        len += (size_t)snprintf(list + len, sizeof(list) - len, "%s%s", len ? ", " : "", bp_routes[i].method);
        if (strcmp(bp_routes[i].method, "GET") == 0)
            len += (size_t)snprintf(list + len, sizeof(list) - len, ", HEAD");
        if (len >= sizeof(list))
            BUG("Allow list too long");
    }
    return bp_arena_strdup(a, list);
}
