/* pages.h: the server-rendered pages (src/pages): one file per area of the process, each handler thin
 * (decode with the field engine, call one use case, render one template or redirect). The route table
 * (pages/routes.c) is data the program's entry hands to the server. Must not know JSON bodies beyond the
 * one download both the page and the API answer with. */
#ifndef BP_PAGES_H
#define BP_PAGES_H
#include "http/http.h"

extern const struct bp_http_route bp_page_routes[];
extern const size_t bp_n_page_routes;

void bp_h_root(struct bp_ctx *c);
void bp_h_health(struct bp_ctx *c);
void bp_h_lang(struct bp_ctx *c);
void bp_h_lang_keep(struct bp_ctx *c);
void bp_h_about(struct bp_ctx *c);
void bp_h_login_form(struct bp_ctx *c);
void bp_h_login(struct bp_ctx *c);
void bp_h_login_oidc(struct bp_ctx *c);          /* issue 10 item 1: to the identity provider */
void bp_h_login_oidc_callback(struct bp_ctx *c); /* and back */
void bp_h_logout(struct bp_ctx *c);
/* Login CSRF (pages/session.c): a random value in a cookie and in the form must agree (double submit). */
const char *bp_login_csrf_new(struct bp_ctx *c);
bool bp_login_csrf_ok(struct bp_ctx *c);
/* To an identity provider's login (who: the staff's or the families'); the state comes back in the browser's
 * short cookie `cookie` too. The start's error is returned for the caller to answer. */
enum bp_err bp_oidc_redirect(struct bp_ctx *c, enum bp_oidc_for who, const char *cookie);
/* A printed letter's single-use code (pages/survey.c): "address" (the public address of `path`), "code" in
 * groups of four to type, and its link as a QR code ("qr", "qr_size") to scan. */
void bp_letter_code(struct bp_ctx *c, struct bp_tv *d, const char *path, const char *code);
/* The survey's form for a code (pages/survey.c), or the page saying why not; the code only in the form's
 * body, never in a URL (OWASP ASVS V14.2.1). */
void bp_survey_open_page(struct bp_ctx *c, const char *code);
/* After any login: the session's cookie (a new id every time), then to `next`. */
struct bp_login_result;
void bp_session_begin(struct bp_ctx *c, const struct bp_login_result *r, const char *next);
/* The family's own way in and pages (issue 10 items 2, 3; pages/family.c) */
void bp_h_family_login_form(struct bp_ctx *c);
void bp_h_family_login(struct bp_ctx *c);
void bp_h_family_link(struct bp_ctx *c);
void bp_h_family_login_oidc(struct bp_ctx *c);          /* issue 10 item 1: BankID through a broker */
void bp_h_family_login_oidc_callback(struct bp_ctx *c); /* and back */
void bp_h_family_cases(struct bp_ctx *c);
void bp_h_family_case(struct bp_ctx *c);
void bp_h_family_plan(struct bp_ctx *c);
/* issue 10 item 6: the child's plan in easy words with pictures, and its PDF (pages/family_child.c) */
void bp_h_family_child_plan(struct bp_ctx *c);
void bp_h_family_child_plan_pdf(struct bp_ctx *c);
void bp_h_family_meeting(struct bp_ctx *c);
void bp_h_family_meeting_answer(struct bp_ctx *c); /* meeting.own_answer */
void bp_h_family_glossary(struct bp_ctx *c);       /* page.glossary (K-6.4) */
void bp_h_family_closure_letter(struct bp_ctx *c); /* page.closure_letter (V-11.3, V-11.4) */
void bp_h_family_access(struct bp_ctx *c);         /* issue 10 item 8: who has looked */
/* issue 10 item 7: sign, download one's copy, tell the coordinator, answer the survey */
void bp_h_family_sign(struct bp_ctx *c);
void bp_h_family_plan_pdf(struct bp_ctx *c);
void bp_h_family_event(struct bp_ctx *c);
void bp_h_family_events(struct bp_ctx *c); /* issue 10 items 3, 7: what was told and decided (V-9.3, V-9.4) */
void bp_h_family_survey(struct bp_ctx *c);
void bp_h_family_contact_form(struct bp_ctx *c); /* guardians.own_contact */
void bp_h_family_contact(struct bp_ctx *c);
void bp_h_family_letter(struct bp_ctx *c); /* a professional prints a login letter */
/* Consent online for the family (issue 10 item 4; pages/family_consent.c) */
void bp_h_family_consents(struct bp_ctx *c);
void bp_h_family_consent_withdraw_form(struct bp_ctx *c);
void bp_h_family_consent_withdraw(struct bp_ctx *c);
void bp_h_family_consent_scan(struct bp_ctx *c); /* consent.scan */
void bp_h_family_consent_limit_form(struct bp_ctx *c);
void bp_h_family_consent_answer_form(struct bp_ctx *c); /* consent.child_answer */
void bp_h_family_consent_answer(struct bp_ctx *c);
void bp_h_family_consent_limit(struct bp_ctx *c);
void bp_h_family_consent_give_form(struct bp_ctx *c);
void bp_h_family_consent_give(struct bp_ctx *c);
/* The child's voice and the guardians' own answers online (issue 10 item 5; pages/family_prep.c) */
void bp_h_family_prep(struct bp_ctx *c);
void bp_h_family_prep_child(struct bp_ctx *c);
void bp_h_family_prep_guardian(struct bp_ctx *c);
void bp_h_logout_everywhere(struct bp_ctx *c);
void bp_h_password_form(struct bp_ctx *c); /* ASVS V6.2.2, V6.2.3 */
void bp_h_password_change(struct bp_ctx *c);
void bp_h_cases(struct bp_ctx *c);
void bp_h_case_new(struct bp_ctx *c);
void bp_h_case_create(struct bp_ctx *c);
void bp_h_case_show(struct bp_ctx *c);
/* K-1.2's two small forms on a case (the barnensbästa-ansvarig informed; responsibility for later
 * meetings): one pair of handlers, the route's data says which. */
struct bp_k12_form;
extern const struct bp_k12_form bp_k12_named_person, bp_k12_responsibility, bp_k12_sip; /* and K-0.8 */
extern const struct bp_k12_form bp_k12_ask;                                             /* V-2.6 */
extern const struct bp_k12_form bp_k12_protection; /* issue 10 item 10: skyddade personuppgifter */
/* Closing the case and opening it again (V-11.1, V-11.2): the same handlers; the closing letter
 * (V-11.4, pages/closure.c). */
extern const struct bp_k12_form bp_k12_closure, bp_k12_reopen, bp_k12_new_case;
void bp_h_closure_letter(struct bp_ctx *c);
/* The closure's record on the case page (pages/closure.c): reason, who agreed, who recorded it, the
 * links to the case before and after; NULL when the case has none to show. */
struct bp_tv *bp_closure_tv(struct bp_ctx *c, const struct bp_case_view *v);
void bp_h_k12_form(struct bp_ctx *c);
void bp_h_k12(struct bp_ctx *c);
/* a Kronoberg case's barnensbästa-ansvarig (pages/named_person.c) */
void bp_h_bba_show(struct bp_ctx *c);
void bp_h_bba_name(struct bp_ctx *c);
void bp_h_bba_decide(struct bp_ctx *c);
void bp_h_audit(struct bp_ctx *c);
void bp_h_admin_outbox(struct bp_ctx *c);
/* Administration in the browser (issue 10 item 9; pages/staff.c, and the members' activity in admin.c) */
void bp_h_admin_home(struct bp_ctx *c);
void bp_h_admin_orgs(struct bp_ctx *c);
void bp_h_admin_org_create(struct bp_ctx *c);
void bp_h_admin_org(struct bp_ctx *c);
void bp_h_admin_org_rename(struct bp_ctx *c);
void bp_h_admin_org_audit(struct bp_ctx *c);
void bp_h_admin_invite(struct bp_ctx *c);
void bp_h_admin_staff_role(struct bp_ctx *c);
void bp_h_admin_staff_disable(struct bp_ctx *c);
void bp_h_admin_staff_enable(struct bp_ctx *c);
void bp_h_admin_invite_withdraw(struct bp_ctx *c);
void bp_h_admin_invite_resend(struct bp_ctx *c);
void bp_h_admin_staff_remove_form(struct bp_ctx *c);
void bp_h_admin_staff_remove(struct bp_ctx *c);
void bp_h_invite_form(struct bp_ctx *c);
void bp_h_invite_accept(struct bp_ctx *c);
void bp_h_invite_oidc(struct bp_ctx *c);
void bp_h_consent_new(struct bp_ctx *c);
void bp_h_consent_create(struct bp_ctx *c);
void bp_h_consent_edit(struct bp_ctx *c);
void bp_h_consent_change(struct bp_ctx *c);
void bp_h_consent_withdraw_form(struct bp_ctx *c);
void bp_h_consent_withdraw(struct bp_ctx *c);
void bp_h_notifications(struct bp_ctx *c);
void bp_h_notifications_read(struct bp_ctx *c);
void bp_h_tasks(struct bp_ctx *c);
void bp_h_plan_show(struct bp_ctx *c);
void bp_h_plan_print(struct bp_ctx *c);
/* The plan's parts (goals, interventions, commitments, decisions): the route names the part. */
void bp_h_plan_part_add(struct bp_ctx *c);
void bp_h_plan_part_remove(struct bp_ctx *c);
void bp_h_plan_intervention_edit(struct bp_ctx *c);
void bp_h_plan_intervention_update(struct bp_ctx *c);
void bp_h_plan_finish(struct bp_ctx *c);
void bp_h_plan_new_version(struct bp_ctx *c);
void bp_h_plan_compare(struct bp_ctx *c);
void bp_h_plan_decision_decide(struct bp_ctx *c);
/* carrying out the plan, "Genomförande" (V-9.1-V-9.4; pages/implementation.c) */
void bp_h_impl_show(struct bp_ctx *c);
void bp_h_impl_voice_add(struct bp_ctx *c);
void bp_h_impl_event_add(struct bp_ctx *c);
void bp_h_impl_intervention(struct bp_ctx *c);
void bp_h_impl_progress_add(struct bp_ctx *c);
void bp_h_impl_event(struct bp_ctx *c);
void bp_h_impl_event_decide(struct bp_ctx *c);
void bp_h_consent_scan_attach(struct bp_ctx *c);
void bp_h_consent_scan_download(struct bp_ctx *c);
/* The download of a record's scan (the use case `get` on c->params[0] and [1]): its bytes named
 * <stem>-<params[1]>.<ext>, never the name uploaded, after the audit entry (pages/consent_scan.c). */
void bp_scan_download(struct bp_ctx *c, bp_scan_get_fn get, const char *stem);
/* The young person's own yes or no beside a consent (consent.child_answer): child_answer and its date. */
void bp_consent_child_answer_tv(struct bp_ctx *c, struct bp_tv *o, const struct bp_consent *k);
/* A scan's attach form (the field table domain/forms_consent.c's bp_record_scan, with its message after a
 * refused upload) on the page `tmpl` titled `title` (a msgid), d already naming the record; then the
 * read's audit entry (pages/consent_scan.c). */
void bp_scan_form_render(struct bp_ctx *c, int status, const char *tmpl, const char *title, struct bp_tv *d,
                         int64_t case_id, const struct bp_child *child, const struct bp_field_errors *errs,
                         const struct bp_audit *audit);
/* V-8a.2: the scanned paper of a signature recorded from paper (pages/signature_scan.c). */
void bp_h_signature_scan_form(struct bp_ctx *c);
void bp_h_signature_scan_attach(struct bp_ctx *c);
void bp_h_signature_scan_download(struct bp_ctx *c);
void bp_h_meeting_new(struct bp_ctx *c);
void bp_h_meeting_create(struct bp_ctx *c);
void bp_h_meeting_show(struct bp_ctx *c);
void bp_h_meeting_edit(struct bp_ctx *c);
void bp_h_meeting_change(struct bp_ctx *c);
void bp_h_meeting_invitee_add(struct bp_ctx *c);
void bp_h_meeting_invitee_remove(struct bp_ctx *c);
void bp_h_meeting_send(struct bp_ctx *c);
void bp_h_meeting_cancel(struct bp_ctx *c);
void bp_h_meeting_answer(struct bp_ctx *c);
void bp_h_meeting_decision(struct bp_ctx *c);
void bp_h_meeting_chair(struct bp_ctx *c);
void bp_h_meeting_held(struct bp_ctx *c);
void bp_h_meeting_debrief(struct bp_ctx *c);
void bp_h_meeting_glossary(struct bp_ctx *c);
void bp_h_meeting_screen(struct bp_ctx *c);
void bp_h_meeting_letter(struct bp_ctx *c);
void bp_h_followup_show(struct bp_ctx *c);
void bp_h_followup_save(struct bp_ctx *c);
void bp_h_followup_review(struct bp_ctx *c);
void bp_h_followup_carry(struct bp_ctx *c);
void bp_h_coordination_answer(struct bp_ctx *c);
void bp_h_prep_child_form(struct bp_ctx *c);
void bp_h_prep_child_save(struct bp_ctx *c);
void bp_h_prep_child_questions(struct bp_ctx *c);
void bp_h_prep_guardian_form(struct bp_ctx *c);
void bp_h_prep_guardian_save(struct bp_ctx *c);
/* the survey (V-12.x): public form and answer, the case's invitations and letters, the results */
void bp_h_survey_form(struct bp_ctx *c);
void bp_h_survey_open(struct bp_ctx *c);
void bp_h_survey_answer(struct bp_ctx *c);
void bp_h_survey_case(struct bp_ctx *c);
void bp_h_survey_letter(struct bp_ctx *c);
void bp_h_survey_results(struct bp_ctx *c);
/* what the region learns (V-12.4): the measures as aggregates, and their CSV */
void bp_h_region(struct bp_ctx *c);
void bp_h_region_csv(struct bp_ctx *c);

/* The case page's parts that other areas draw: the rows of a task list (pages/tasks.c), the consent
 * ledger (pages/consent.c) and each consent's scan (pages/consent_scan.c), the case's meetings
 * (pages/meeting.c), who is prepared (pages/prep.c; NULL when it cannot be shown), the plan's versions
 * (pages/plan.c). */
struct bp_tv *bp_task_rows(struct bp_ctx *c, const struct bp_task_list *list);
struct bp_tv *bp_consent_rows(struct bp_ctx *c, const struct bp_case_view *v);
void bp_consent_scan_row(struct bp_ctx *c, const struct bp_case_view *v, const struct bp_consent *k,
                         struct bp_tv *o);
struct bp_tv *bp_meeting_rows(struct bp_ctx *c, const struct bp_case_view *v);
struct bp_tv *bp_prep_rows(struct bp_ctx *c, const struct bp_case_view *v);
/* V-10.6: the plan's versions for templates/plan_versions.html (pages/plan.c); `shown` is the version
 * the page shows (0: none). */
struct bp_tv *bp_versions_tv(struct bp_ctx *c, const struct bp_plan *versions, size_t n, int shown);
/* What the child said in the preparation (V-3.7, V-3.9, V-3.11, V-3.12, V-3.14), for the chair's page
 * and the plan (V-6.10, V-7.1): set as "child_voice" in d, read under the access rule and audited with the
 * page's other entries; nothing when the child's preparation has not been started or may not be read. */
void bp_set_child_voice(struct bp_ctx *c, struct bp_tv *d);

#endif
