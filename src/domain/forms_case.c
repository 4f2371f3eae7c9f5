/* forms_case.c: the field tables (domain/forms.h) of registering a child with guardians and an
 * initiative (V-1.1-V-1.4, K-0.8, K-1.1), the case's K-1.2 forms, login and the audit search. Pure data:
 * the words are Swedish msgids; the rules stay in domain/registration.c and the use cases. */
#include "domain/forms_rows.h"
#include "domain/registration.h"
#include "domain/form_inputs.h"
#include "domain/named_person.h"
#include "domain/protection.h"
#include "util/limits.h"

/* The child's identity as the form asks for it: a samordningsnummer is recognised from the number. */
static const char *const id_kind_input_codes[] = {"personnummer", "reserve"};

/* ---- the child (V-1.1, V-1.2, V-0.8) ---- */
static const struct bp_field_def child_fields[] = {
    ROW("child", given_name, BP_FIELD_TEXT, N_("Förnamn"), .max = BP_MAX_NAME, .required = true,
        .required_in_api = true, .autocomplete = "off", IN(bp_registration_input, given_name)),
    ROW("child", family_name, BP_FIELD_TEXT, N_("Efternamn"), .max = BP_MAX_NAME, .required = true,
        .required_in_api = true, .autocomplete = "off", IN(bp_registration_input, family_name)),
    ROW("child", id_kind, BP_FIELD_CHOICE, N_("Identitet"), CHOICES("id_kind_input", id_kind_input_codes),
        .radio = true, IN(bp_registration_input, id_kind)),
    ROW("child", id_number, BP_FIELD_TEXT, N_("Personnummer, samordningsnummer eller reservnummer"),
        .hint = N_("Till exempel 20150314-1234. Vid reservidentitet: regionens reservnummer om det finns."),
        .max = BP_MAX_SHORT_TEXT, .autocomplete = "off", .inputmode = "numeric",
        IN(bp_registration_input, id_number)),
    ROW("child", birth_date, BP_FIELD_DATE, N_("Födelsedatum (bara vid reservidentitet)"),
        IN(bp_registration_input, birth_date)),
    ROW("child", language, BP_FIELD_TEXT, N_("Barnets språk"), .max = BP_MAX_SHORT_TEXT,
        IN(bp_registration_input, language)),
    ROW("child", needs_interpreter, BP_FIELD_BOOL, N_("Barnet behöver tolk"),
        IN(bp_registration_input, needs_interpreter)),
    ROW("child", interpreter_language, BP_FIELD_TEXT, N_("Tolkspråk för barnet"), .max = BP_MAX_SHORT_TEXT,
        IN(bp_registration_input, interpreter_language)),
    ROW("child", picture_support, BP_FIELD_BOOL, N_("Barnet behöver bildstöd"),
        IN(bp_registration_input, picture_support)),
    ROW("child", protected, BP_FIELD_BOOL, N_("Barnet har skyddade personuppgifter"),
        .hint = N_("Sekretessmarkering, skyddad folkbokföring eller fingerade personuppgifter. Bara er "
                   "verksamhet ser då vårdnadshavarnas kontaktuppgifter."),
        IN(bp_registration_input, child_protected)),
};
RECORD(bp_record_child, "child", "NewCaseChild", NULL, child_fields);

/* ---- a guardian (V-1.2): one instance per block, "guardians.0.name" ---- */
static const struct bp_field_def guardian_fields[] = {
    ROW("guardians", name, BP_FIELD_TEXT, N_("Namn"), .max = BP_MAX_NAME, .autocomplete = "off",
        IN(bp_guardian_input, name), OUT(BP_STORED_STR, bp_guardian, name)),
    ROW("guardians", id_number, BP_FIELD_TEXT, N_("Personnummer (om det finns)"), .max = BP_MAX_SHORT_TEXT,
        .autocomplete = "off", .inputmode = "numeric", IN(bp_guardian_input, id_number),
        OUT(BP_STORED_STR, bp_guardian, id_number)),
    ROW("guardians", custody, BP_FIELD_CHOICE, N_("Vårdnad"), CHOICES("custody", bp_custody_codes),
        .none = N_("Välj"), IN(bp_guardian_input, custody), OUT(BP_STORED_CODE, bp_guardian, custody)),
    ROW("guardians", phone, BP_FIELD_PHONE, N_("Telefon"), .max = BP_MAX_SHORT_TEXT, .autocomplete = "off",
        IN(bp_guardian_input, phone), OUT(BP_STORED_STR, bp_guardian, phone)),
    ROW("guardians", email, BP_FIELD_EMAIL, N_("E-post"), .max = BP_MAX_SHORT_TEXT, .autocomplete = "off",
        IN(bp_guardian_input, email), OUT(BP_STORED_STR, bp_guardian, email)),
    ROW("guardians", address, BP_FIELD_LONG_TEXT, N_("Adress"), .max = BP_MAX_LONG_TEXT,
        IN(bp_guardian_input, address), OUT(BP_STORED_STR, bp_guardian, address)),
    ROW("guardians", interpreter_language, BP_FIELD_TEXT, N_("Tolkspråk (lämna tomt om tolk inte behövs)"),
        .max = BP_MAX_SHORT_TEXT, IN(bp_guardian_input, interpreter_language),
        OUT(BP_STORED_STR, bp_guardian, interpreter_language)),
    ROW("guardians", protected, BP_FIELD_BOOL, N_("Vårdnadshavaren har skyddade personuppgifter"),
        .hint = N_("Skyddas då mot de andra vårdnadshavarna. Bara er verksamhet ser kontaktuppgifterna."),
        IN(bp_guardian_input, protected), OUT(BP_STORED_BOOL, bp_guardian, protected)),
};
const struct bp_record_def bp_record_guardian = {
    "guardians", "Guardian", NULL, guardian_fields, BP_ARRAY_LEN(guardian_fields), N_("Vårdnadshavare")};
/* A guardian's own phone and e-mail on the family pages (guardians.own_contact): the same two rows, once. */
enum { GUARDIAN_PHONE_ROW = 3 };
const struct bp_record_def bp_record_own_contact = {
    "guardians", NULL, NULL, guardian_fields + GUARDIAN_PHONE_ROW, 2, NULL};

/* ---- the initiative (V-1.3, V-1.4, K-0.8, K-1.1) ---- */
static const struct bp_field_def initiative_fields[] = {
    ROW("initiative", org_id, BP_FIELD_ORG, N_("Din verksamhet som tar initiativet"), .none = N_("Välj"),
        IN(bp_registration_input, org_id)),
    ROW("initiative", requested_by, BP_FIELD_CHOICE, N_("Vem bad om samordnat stöd?"),
        CHOICES("requester", bp_requester_codes), .radio = true, IN(bp_registration_input, requested_by)),
    ROW("initiative", noticed_on, BP_FIELD_DATE, N_("Datum då behovet uppmärksammades"), .required = true,
        .required_in_api = true, IN(bp_registration_input, noticed_on)),
    ROW("initiative", model, BP_FIELD_CHOICE, N_("Arbetssätt"), .required = true,
        CHOICES("model", bp_model_codes), .radio = true, IN(bp_registration_input, model)),
    ROW("initiative", route, BP_FIELD_CHOICE, N_("Väg"),
        .hint = N_("Västerbotten: via HLT-mötet eller utanför HLT. Kronoberg: barnensbästa-ansvarig kallar, "
                   "eller en annan verksamhet som då informerar barnensbästa-ansvarig."),
        .required = true, .required_in_api = true, CHOICES("route", bp_route_codes), .radio = true,
        IN(bp_registration_input, route)),
    ROW("initiative", insist_on_sip, BP_FIELD_BOOL,
        N_("Vårdnadshavarna vill ha en SIP (Kronoberg: planen görs då som SIP)"),
        IN(bp_registration_input, insist_on_sip)),
    ROW("initiative", triggers, BP_FIELD_CHOICE, N_("Varför behövs samordning? Markera det som stämmer."),
        CHOICES("trigger", bp_trigger_codes), .max = BP_TRIGGER_COUNT,
        IN_LIST(bp_registration_input, triggers, n_triggers)),
    ROW("initiative", reason, BP_FIELD_LONG_TEXT, N_("Beskriv behovet med egna ord"),
        .hint = N_("Skriv bara det som behövs för att förstå varför samordning behövs."),
        .max = BP_MAX_LONG_TEXT, .required = true, .required_in_api = true,
        IN(bp_registration_input, reason)),
};
RECORD(bp_record_initiative, "initiative", "NewCaseInitiative", NULL, initiative_fields);

/* ---- issue 10 item 10: protected identity (skyddade personuppgifter), recorded later on the case ---- */
static const struct bp_field_def protection_fields[] = {
    ROW("protection", child, BP_FIELD_BOOL, N_("Barnet har skyddade personuppgifter"),
        IN(bp_protection_input, child), OUT(BP_STORED_BOOL, bp_protection, child)),
    ROW("protection", child_from, BP_FIELD_GUARDIANS, N_("Barnet skyddas mot"),
        .hint = N_("De vårdnadshavare som inte får veta var barnet finns."), .max = BP_MAX_GUARDIANS,
        IN_LIST(bp_protection_input, child_from, n_child_from),
        OUT_IDS(bp_protection, child_from, n_child_from)),
    ROW("protection", guardians, BP_FIELD_GUARDIANS, N_("Vårdnadshavare med skyddade personuppgifter"),
        .max = BP_MAX_GUARDIANS, IN_LIST(bp_protection_input, guardians, n_guardians),
        OUT_IDS(bp_protection, guardians, n_guardians)),
    ROW("protection", guardians_from, BP_FIELD_GUARDIANS, N_("Vårdnadshavarna skyddas mot"),
        .hint = N_("En vårdnadshavare skyddas aldrig mot sig själv."), .max = BP_MAX_GUARDIANS,
        IN_LIST(bp_protection_input, guardians_from, n_guardians_from),
        OUT_IDS(bp_protection, guardians_from, n_guardians_from)),
};
RECORD(bp_record_protection, "protection", "Protection", "Case.protection", protection_fields);

/* ---- V-2.6: another organisation asked to take part; it records its own consent ---- */
static const struct bp_field_def ask_fields[] = {
    ROW("ask", org_id, BP_FIELD_ORG, N_("Verksamhet"), .required = true, .none = N_("Välj verksamhet"),
        IN(bp_ask_input, org_id)),
};
RECORD(bp_record_ask, "ask", "AskInput", NULL, ask_fields);

/* ---- K-1.2: the barnensbästa-ansvarig informed; responsibility for later meetings ---- */
static const struct bp_field_def named_person_fields[] = {
    ROW("named_person", on, BP_FIELD_DATE, N_("Datum då barnensbästa-ansvarig informerades"),
        .required = true, .initial = "today", IN(bp_named_person_input, on)),
};
RECORD(bp_record_named_person, "named_person", NULL, NULL, named_person_fields);

static const struct bp_field_def responsibility_fields[] = {
    ROW("responsibility", org_id, BP_FIELD_ORG, N_("Verksamhet med störst ansvar för barnet"),
        .required = true, .none = N_("Välj verksamhet"), IN(bp_responsibility_input, org_id)),
};
RECORD(bp_record_responsibility, "responsibility", NULL, NULL, responsibility_fields);

/* ---- the barnensbästa-ansvarig named (or handed on), and their decision tree ---- */
static const struct bp_field_def bba_fields[] = {
    ROW("bba", user_id, BP_FIELD_USER, N_("Barnensbästa-ansvarig"),
        .hint =
            N_("Förslaget utgår från barnets ålder: barnmorskan före födseln, BVC-sjuksköterskan fram till "
               "förskoleklass, rektorn fram till 18 år och KAA för unga utanför gymnasiet."),
        .required = true, .required_in_api = true, .none = N_("Välj person"), IN(bp_bba_input, user_id)),
};
RECORD(bp_record_bba, "bba", "NamedPerson", NULL, bba_fields);

static const struct bp_field_def bba_decision_fields[] = {
    ROW("bba_decision", decision, BP_FIELD_CHOICE, N_("Hur ska barnets behov mötas?"),
        CHOICES("bba_decision", bp_bba_decision_codes), .radio = true, .required = true,
        .required_in_api = true, IN(bp_bba_decision_input, decision)),
    ROW("bba_decision", org_id, BP_FIELD_ORG, N_("Verksamhet som behovet hör till (vid överlämning)"),
        .none = N_("Välj verksamhet"), IN(bp_bba_decision_input, org_id)),
};
RECORD(bp_record_bba_decision, "bba_decision", "NamedPersonDecision", NULL, bba_decision_fields);

/* ---- K-0.8: the guardians ask for a SIP after all ---- */
static const struct bp_field_def sip_fields[] = {
    ROW("sip", explained, BP_FIELD_BOOL,
        N_("Vi har förklarat syftet med samverkansmötet och att Barnets plan har samma delar som en SIP. "
           "Vårdnadshavarna vill ändå ha en SIP."),
        .required = true, IN(bp_sip_input, explained)),
};
RECORD(bp_record_sip, "sip", NULL, NULL, sip_fields);

/* ---- login and the audit search: plain names, as clients and links send them ---- */

static const struct bp_field_def login_fields[] = {
    PLAIN("username", BP_FIELD_TEXT, N_("Användarnamn"), .max = BP_MAX_SHORT_TEXT, .autocomplete = "username",
          .verbatim = true, IN(bp_login_input, username)),
    PLAIN("password", BP_FIELD_TEXT, N_("Lösenord"), PASSWORD("current-password"),
          IN(bp_login_input, password)),
};
RECORD(bp_record_login, "login", NULL, NULL, login_fields);

/* Issue 10 item 2: a family member's one-time code (a letter's or a link's), and the e-mail a link goes to.
 */
static const struct bp_field_def family_login_fields[] = {
    PLAIN("code", BP_FIELD_TEXT, N_("Kod"),
          .hint =
              N_("Koden står i brevet du fick, eller i länken i e-posten. Stora eller små bokstäver spelar "
                 "ingen roll."),
          .max = 40, .required = true, .autocomplete = "one-time-code", .verbatim = true,
          IN(bp_family_login_input, code)),
};
RECORD(bp_record_family_login, "family_login", NULL, NULL, family_login_fields);
static const struct bp_field_def family_link_fields[] = {
    PLAIN("email", BP_FIELD_TEXT, N_("Din e-postadress"),
          .hint = N_("Den adress som verksamheten har fått av dig."), .max = BP_MAX_SHORT_TEXT,
          .required = true, .autocomplete = "email", .inputmode = "email", .verbatim = true,
          IN(bp_family_link_input, email)),
};
RECORD(bp_record_family_link, "family_link", NULL, NULL, family_link_fields);

static const char *const audit_action_codes[] = {"read",  "create",       "update", "denied",
                                                 "login", "login_failed", "logout"};

static const struct bp_field_def audit_query_fields[] = {
    PLAIN("user", BP_FIELD_TEXT, N_("Användarnamn"), .max = BP_MAX_SHORT_TEXT, IN(bp_audit_query, user)),
    PLAIN("child", BP_FIELD_TEXT, N_("Barn (id)"), .max = 20, .inputmode = "numeric",
          IN(bp_audit_query, child)),
    PLAIN("case", BP_FIELD_TEXT, N_("Ärende (id)"), .max = 20, .inputmode = "numeric",
          IN(bp_audit_query, case_id)),
    PLAIN("action", BP_FIELD_CHOICE, N_("Händelse"), CHOICES("audit_action", audit_action_codes),
          .none = N_("Alla"), IN(bp_audit_query, action)),
    PLAIN("from", BP_FIELD_DATE, N_("Från och med"), IN(bp_audit_query, from)),
    PLAIN("to", BP_FIELD_DATE, N_("Till och med"), IN(bp_audit_query, to)),
};
RECORD(bp_record_audit_query, "audit", NULL, NULL, audit_query_fields);
