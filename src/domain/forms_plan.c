/* forms_plan.c: the plan's records (domain/forms.h): the code tables of domain/plan.h and the field table
 * of each record a plan page or the API edits (V-7.x, V-8a.x, V-6.9, K-7.1). Pure data: the words are
 * Swedish msgids, translated where they are shown. Must not hold a rule (domain/plan.c has them). */
#include "domain/plan.h"
#include "util/limits.h"
#include "domain/forms_rows.h"

const char *const bp_area_codes[BP_AREA_COUNT] = {"health",      "learning",  "safety",  "safe",
                                                  "healthy",     "achieving", "active",  "respected",
                                                  "responsible", "included",  "nurtured"};
const char *const bp_plan_status_codes[BP_PLAN_STATUS_COUNT] = {"draft", "finished", "replaced"};
const char *const bp_committer_codes[BP_COMMITTER_COUNT] = {"child", "guardian", "other"};
const char *const bp_decision_status_codes[BP_DECISION_STATUS_COUNT] = {"pending", "decided"};
const char *const bp_signer_kind_codes[BP_SIGNER_KIND_COUNT] = {"professional", "guardian", "child", "other"};
const char *const bp_sign_answer_codes[BP_SIGN_ANSWER_COUNT] = {"signed", "declined"};
const char *const bp_sign_method_codes[BP_SIGN_METHOD_COUNT] = {"app", "wet"};
const char *const bp_copy_recipient_codes[BP_COPY_RECIPIENT_COUNT] = {"guardian", "child", "other"};
const char *const bp_copy_method_codes[BP_COPY_METHOD_COUNT] = {"handed", "letter"};

/* ---- the plan (V-7.4-V-7.7, V-6.9, K-7.1) ---- */
static const struct bp_field_def plan_fields[] = {
    ROW("plan", coordinator_orgs, BP_FIELD_ORGS, N_("Samordnande verksamheter"),
        .hint = N_("Helst den som har mest kontakt med barnet och vårdnadshavarna. Ansvaret kan delas."),
        .max = BP_MAX_COORDINATORS, .required = true,
        IN_LIST(bp_plan_input, coordinator_orgs, n_coordinator_orgs),
        OUT_IDS(bp_plan, coordinator_orgs, n_coordinator_orgs)),
    ROW("plan", coordinator_user_id, BP_FIELD_USER, N_("Ansvarig person"), .api_only = true,
        IN(bp_plan_input, coordinator_user_id), OUT(BP_STORED_ID, bp_plan, coordinator_user_id)),
    ROW("plan", coordinator_name, BP_FIELD_TEXT, N_("Ansvarig person"),
        .hint = N_("Kronoberg: den samverkansansvariga namnges i planen och är kontaktperson."),
        .max = BP_MAX_NAME, IN(bp_plan_input, coordinator_name),
        OUT(BP_STORED_STR, bp_plan, coordinator_name)),
    ROW("plan", contact_if_fails, BP_FIELD_LONG_TEXT, N_("Vem kontaktar man om planen inte fungerar?"),
        .max = BP_MAX_LONG_TEXT, .required = true, IN(bp_plan_input, contact_if_fails),
        OUT(BP_STORED_STR, bp_plan, contact_if_fails)),
    ROW("plan", followup_on, BP_FIELD_DATE, N_("Datum för uppföljning"), .required = true,
        IN(bp_plan_input, followup_on), OUT_DATE(bp_plan, followup_on, has_followup)),
    ROW("plan", followup_time, BP_FIELD_TIME, N_("Klockslag för uppföljning"),
        IN(bp_plan_input, followup_time), OUT(BP_STORED_MINUTE, bp_plan, followup_minute)),
    ROW("plan", followup_place, BP_FIELD_TEXT, N_("Plats för uppföljning"), .max = BP_MAX_SHORT_TEXT,
        .required = true, IN(bp_plan_input, followup_place), OUT(BP_STORED_STR, bp_plan, followup_place)),
    ROW("plan", followup_participants, BP_FIELD_LONG_TEXT, N_("Vilka deltar i uppföljningen?"),
        .max = BP_MAX_LONG_TEXT, .required = true, IN(bp_plan_input, followup_participants),
        OUT(BP_STORED_STR, bp_plan, followup_participants)),
    ROW("plan", summary, BP_FIELD_LONG_TEXT, N_("Sammanfattning som barnet förstår"),
        .hint = N_("Skriv kort och enkelt. Visa gärna på skärm och med bildstöd."), .max = BP_MAX_LONG_TEXT,
        .required = true, IN(bp_plan_input, summary), OUT(BP_STORED_STR, bp_plan, summary)),
    ROW("plan", child_view, BP_FIELD_LONG_TEXT, N_("Barnets egna ord om planen"),
        .hint = N_("Vad barnet själv tycker om planen och vill ska hända, så som barnet sa det."),
        .max = BP_MAX_LONG_TEXT, IN(bp_plan_input, child_view), OUT(BP_STORED_STR, bp_plan, child_view)),
};
RECORD(bp_record_plan, "plan", "PlanShared", "Plan", plan_fields);

/* ---- a need and its goal (V-7.1; the areas depend on the case's model) ---- */
static const struct bp_field_def goal_fields[] = {
    ROW("goal", area, BP_FIELD_CHOICE, N_("Område"), .required = true, .required_in_api = true,
        .choice_kind = "area", .choices = bp_area_codes, .none = N_("Välj område"), IN(bp_goal_input, area),
        OUT(BP_STORED_STR, bp_goal, area)),
    ROW("goal", need, BP_FIELD_LONG_TEXT, N_("Barnets behov"), .max = BP_MAX_LONG_TEXT, .required = true,
        .required_in_api = true, IN(bp_goal_input, need), OUT(BP_STORED_STR, bp_goal, need)),
    ROW("goal", goal, BP_FIELD_LONG_TEXT, N_("Mål"), .hint = N_("Vad ska vara annorlunda när målet är nått?"),
        .max = BP_MAX_LONG_TEXT, .required = true, .required_in_api = true, IN(bp_goal_input, goal),
        OUT(BP_STORED_STR, bp_goal, goal)),
};
RECORD(bp_record_goal, "goal", "Goal", "Plan.goals[]", goal_fields);

/* ---- an intervention with its one responsible organisation (V-7.2, V-0.5, V-8a.4) ---- */
static const struct bp_field_def intervention_fields[] = {
    ROW("intervention", what, BP_FIELD_LONG_TEXT, N_("Insats"), .hint = N_("Vad görs för barnet?"),
        .max = BP_MAX_LONG_TEXT, .required = true, .required_in_api = true, IN(bp_intervention_input, what),
        OUT(BP_STORED_STR, bp_intervention, what)),
    ROW("intervention", org_id, BP_FIELD_ORG, N_("Ansvarig verksamhet"),
        .hint = N_("Varje insats har exakt en ansvarig verksamhet. Du kan bara lägga till insatser för din "
                   "egen verksamhet."),
        .max = BP_MAX_INTERVENTION_ORGS, .required = true, .required_in_api = true,
        .none = N_("Välj verksamhet"), IN_LIST(bp_intervention_input, org_ids, n_org_ids),
        OUT(BP_STORED_ID, bp_intervention, org_id)),
    ROW("intervention", contact_user_id, BP_FIELD_USER, N_("Kontaktperson för insatsen"), .api_only = true,
        IN(bp_intervention_input, contact_user_id), OUT(BP_STORED_ID, bp_intervention, contact_user_id)),
    ROW("intervention", contact_name, BP_FIELD_TEXT, N_("Kontaktperson för insatsen"), .max = BP_MAX_NAME,
        IN(bp_intervention_input, contact_name), OUT(BP_STORED_STR, bp_intervention, contact_name)),
    ROW("intervention", starts_on, BP_FIELD_DATE, N_("Startar"), .required = true, .required_in_api = true,
        IN(bp_intervention_input, starts_on), OUT(BP_STORED_DATE, bp_intervention, starts_on)),
    ROW("intervention", ends_on, BP_FIELD_DATE, N_("Slutar"), IN(bp_intervention_input, ends_on),
        OUT_DATE(bp_intervention, ends_on, has_end)),
    ROW("intervention", level, BP_FIELD_LONG_TEXT, N_("Omfattning och nivå"),
        .hint = N_("Hur mycket och hur ofta, till exempel två timmar i veckan."), .max = BP_MAX_LONG_TEXT,
        .required = true, .required_in_api = true, IN(bp_intervention_input, level),
        OUT(BP_STORED_STR, bp_intervention, level)),
    ROW("intervention", goal_id, BP_FIELD_REF, N_("Mål som insatsen hör till"),
        .none = N_("Inget särskilt mål"), IN(bp_intervention_input, goal_id),
        OUT(BP_STORED_ID, bp_intervention, goal_id)),
};
RECORD(bp_record_intervention, "intervention", "Intervention", "Plan.interventions[]", intervention_fields);

/* ---- what the child, a guardian or someone else will do (V-7.3) ---- */
static const struct bp_field_def commitment_fields[] = {
    ROW("commitment", who, BP_FIELD_CHOICE, N_("Vem gör det?"), .required = true, .required_in_api = true,
        CHOICES("committer", bp_committer_codes), .initial = "child", IN(bp_commitment_input, who),
        OUT(BP_STORED_CODE, bp_commitment, who)),
    ROW("commitment", guardian_id, BP_FIELD_GUARDIAN, N_("Vårdnadshavare"),
        .hint = N_("Om det är en vårdnadshavare."), .none = N_("Välj vårdnadshavare"),
        IN(bp_commitment_input, guardian_id), OUT(BP_STORED_ID, bp_commitment, guardian_id)),
    ROW("commitment", name, BP_FIELD_TEXT, N_("Namn"), .hint = N_("Om det är någon annan."),
        .max = BP_MAX_NAME, IN(bp_commitment_input, name), OUT(BP_STORED_STR, bp_commitment, name)),
    ROW("commitment", what, BP_FIELD_LONG_TEXT, N_("Vad ska göras?"), .max = BP_MAX_LONG_TEXT,
        .required = true, .required_in_api = true, IN(bp_commitment_input, what),
        OUT(BP_STORED_STR, bp_commitment, what)),
    ROW("commitment", goal_id, BP_FIELD_REF, N_("Mål som det hör till"), .none = N_("Inget särskilt mål"),
        IN(bp_commitment_input, goal_id), OUT(BP_STORED_ID, bp_commitment, goal_id)),
};
RECORD(bp_record_commitment, "commitment", "Commitment", "Plan.commitments[]", commitment_fields);

/* ---- the contact person of one organisation (V-7.6) ---- */
static const struct bp_field_def contact_fields[] = {
    ROW("contact", org_id, BP_FIELD_ORG, N_("Verksamhet"), .required = true, .required_in_api = true,
        .none = N_("Välj verksamhet"), IN(bp_plan_contact_input, org_id),
        OUT(BP_STORED_ID, bp_plan_contact, org_id)),
    ROW("contact", name, BP_FIELD_TEXT, N_("Kontaktperson"), .max = BP_MAX_NAME, .required = true,
        .required_in_api = true, IN(bp_plan_contact_input, name), OUT(BP_STORED_STR, bp_plan_contact, name)),
    ROW("contact", phone, BP_FIELD_PHONE, N_("Telefon"), .max = BP_MAX_SHORT_TEXT,
        IN(bp_plan_contact_input, phone), OUT(BP_STORED_STR, bp_plan_contact, phone)),
    ROW("contact", email, BP_FIELD_EMAIL, N_("E-post"), .max = BP_MAX_SHORT_TEXT,
        IN(bp_plan_contact_input, email), OUT(BP_STORED_STR, bp_plan_contact, email)),
};
RECORD(bp_record_contact, "contact", "Contact", "Plan.contacts[]", contact_fields);

/* ---- pending decisions (V-5.8, V-8a.5): the API's record; the page adds one with the first four ---- */
static const struct bp_field_def decision_fields[] = {
    ROW("decision", what, BP_FIELD_LONG_TEXT, N_("Vad ska beslutas?"), .max = BP_MAX_LONG_TEXT,
        .required = true, IN(bp_decision_input, what), OUT(BP_STORED_STR, bp_pending_decision, what)),
    ROW("decision", org_id, BP_FIELD_ORG, N_("Verksamhet som beslutar"), .required = true,
        .none = N_("Välj verksamhet"), IN(bp_decision_input, org_id),
        OUT(BP_STORED_ID, bp_pending_decision, org_id)),
    ROW("decision", user_id, BP_FIELD_USER, N_("Beslutsfattare"), .api_only = true,
        IN(bp_decision_input, user_id), OUT(BP_STORED_ID, bp_pending_decision, user_id)),
    ROW("decision", decider_name, BP_FIELD_TEXT, N_("Beslutsfattare"), .max = BP_MAX_NAME,
        IN(bp_decision_input, decider_name), OUT(BP_STORED_STR, bp_pending_decision, decider_name)),
    ROW("decision", due_on, BP_FIELD_DATE, N_("Beslut väntas senast"), IN(bp_decision_input, due_on),
        OUT_DATE(bp_pending_decision, due_on, has_due)),
    ROW("decision", status, BP_FIELD_CHOICE, N_("Status"), .api_only = true,
        CHOICES("decision_status", bp_decision_status_codes), IN(bp_decision_input, status),
        OUT(BP_STORED_CODE, bp_pending_decision, status)),
    ROW("decision", outcome, BP_FIELD_LONG_TEXT, N_("Vad blev beslutet?"), .max = BP_MAX_LONG_TEXT,
        .api_only = true, IN(bp_decision_input, outcome), OUT(BP_STORED_STR, bp_pending_decision, outcome)),
    ROW("decision", decided_on, BP_FIELD_DATE, N_("Datum för beslutet"), .api_only = true,
        IN(bp_decision_input, decided_on), OUT(BP_STORED_DATE, bp_pending_decision, decided_on)),
};
RECORD(bp_record_decision, "decision", "Decision", "Plan.decisions[]", decision_fields);

/* The page's form for a decision taken: which one, the outcome and the day (V-8a.5). */
static const struct bp_field_def decide_fields[] = {
    ROW("decision", id, BP_FIELD_REF, N_("Beslut"), .required = true, .none = N_("Välj beslut"),
        IN(bp_decide_input, id)),
    ROW("decision", outcome, BP_FIELD_LONG_TEXT, N_("Vad blev beslutet?"), .max = BP_MAX_LONG_TEXT,
        .required = true, IN(bp_decide_input, outcome)),
    ROW("decision", decided_on, BP_FIELD_DATE, N_("Datum för beslutet"), .required = true, .initial = "today",
        IN(bp_decide_input, decided_on)),
};
RECORD(bp_record_decide, "decide", NULL, NULL, decide_fields);

/* ---- signatures (V-8a.2) ---- */
static const struct bp_field_def signature_fields[] = {
    ROW("signature", version, BP_FIELD_REF, N_("Version som skrivs under"), .required = true,
        .required_in_api = true, IN(bp_signature_input, version), OUT(BP_STORED_ID, bp_signature, version)),
    ROW("signature", kind, BP_FIELD_CHOICE, N_("Vem svarar?"), .required = true, .required_in_api = true,
        CHOICES("signer_kind", bp_signer_kind_codes), .initial = "professional", IN(bp_signature_input, kind),
        OUT(BP_STORED_CODE, bp_signature, kind)),
    ROW("signature", guardian_id, BP_FIELD_GUARDIAN, N_("Vårdnadshavare"), .none = N_("Välj vårdnadshavare"),
        IN(bp_signature_input, guardian_id), OUT(BP_STORED_ID, bp_signature, guardian_id)),
    ROW("signature", name, BP_FIELD_TEXT, N_("Namn"),
        .hint = N_("För en annan deltagare, till exempel barnets stödperson."), .max = BP_MAX_NAME,
        IN(bp_signature_input, name), OUT(BP_STORED_STR, bp_signature, name)),
    ROW("signature", role, BP_FIELD_TEXT, N_("Roll eller relation till barnet"),
        .hint = N_("För en annan deltagare, till exempel stödperson eller morfar."), .max = BP_MAX_NAME,
        IN(bp_signature_input, role), OUT(BP_STORED_STR, bp_signature, role)),
    ROW("signature", answer, BP_FIELD_CHOICE, N_("Svar"), .required = true, .radio = true,
        CHOICES("sign_answer", bp_sign_answer_codes), .initial = "signed", IN(bp_signature_input, answer),
        OUT(BP_STORED_CODE, bp_signature, answer)),
    ROW("signature", reason, BP_FIELD_LONG_TEXT, N_("Skäl att avstå (om det finns)"), .max = BP_MAX_LONG_TEXT,
        IN(bp_signature_input, reason), OUT(BP_STORED_STR, bp_signature, reason)),
    ROW("signature", method, BP_FIELD_CHOICE, N_("Hur skrevs planen under?"), .api_only = true,
        CHOICES("sign_method", bp_sign_method_codes), IN(bp_signature_input, method),
        OUT(BP_STORED_CODE, bp_signature, method)),
    ROW("signature", signed_on, BP_FIELD_DATE, N_("Datum"), .required = true, .initial = "today",
        IN(bp_signature_input, signed_on), OUT(BP_STORED_DATE, bp_signature, signed_on)),
    ROW("signature", password, BP_FIELD_TEXT, N_("Ditt lösenord"),
        .hint = N_("När du själv svarar bekräftar du vem du är med ditt lösenord. Det sparas inte."),
        PASSWORD("current-password"), IN(bp_signature_input, password)),
};
RECORD(bp_record_signature, "signature", "Signature", "Plan.signatures[]", signature_fields);

/* Issue 10 item 7: a family member answers the version in force for themselves (who and when are theirs). */
static const struct bp_field_def family_signature_fields[] = {
    ROW("signature", answer, BP_FIELD_CHOICE, N_("Ditt svar"), .required = true, .radio = true,
        CHOICES("sign_answer", bp_sign_answer_codes), .initial = "signed", IN(bp_signature_input, answer)),
    ROW("signature", reason, BP_FIELD_LONG_TEXT, N_("Vill du säga varför? (om du inte skriver under)"),
        .max = BP_MAX_LONG_TEXT, IN(bp_signature_input, reason)),
};
RECORD(bp_record_family_signature, "family_signature", "FamilySignature", NULL, family_signature_fields);

/* ---- copies handed over or posted (V-8a.3, K-8.1) ---- */
static const struct bp_field_def copy_fields[] = {
    ROW("copy", version, BP_FIELD_REF, N_("Version av planen"), .required = true, .required_in_api = true,
        IN(bp_plan_copy_input, version), OUT(BP_STORED_ID, bp_plan_copy, version)),
    ROW("copy", recipient, BP_FIELD_CHOICE, N_("Vem fick exemplaret?"), .required = true,
        .required_in_api = true, CHOICES("copy_recipient", bp_copy_recipient_codes), .initial = "guardian",
        IN(bp_plan_copy_input, recipient), OUT(BP_STORED_CODE, bp_plan_copy, recipient)),
    ROW("copy", guardian_id, BP_FIELD_GUARDIAN, N_("Vilken vårdnadshavare?"),
        .none = N_("Välj vårdnadshavare"), IN(bp_plan_copy_input, guardian_id),
        OUT(BP_STORED_ID, bp_plan_copy, guardian_id)),
    ROW("copy", name, BP_FIELD_TEXT, N_("Namn på mottagaren"),
        .hint = N_("Om det är någon annan som deltar."), .max = BP_MAX_NAME, IN(bp_plan_copy_input, name),
        OUT(BP_STORED_STR, bp_plan_copy, name)),
    ROW("copy", method, BP_FIELD_CHOICE, N_("Hur fick de exemplaret?"), .required = true,
        .required_in_api = true, CHOICES("copy_method", bp_copy_method_codes), .initial = "handed",
        IN(bp_plan_copy_input, method), OUT(BP_STORED_CODE, bp_plan_copy, method)),
    ROW("copy", given_on, BP_FIELD_DATE, N_("Datum då exemplaret lämnades ut"), .required = true,
        .initial = "today", IN(bp_plan_copy_input, given_on), OUT(BP_STORED_DATE, bp_plan_copy, given_on)),
};
RECORD(bp_record_copy, "copy", "Copy", "Plan.copies[]", copy_fields);
