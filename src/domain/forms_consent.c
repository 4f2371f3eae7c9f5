/* forms_consent.c: the consent ledger's records (domain/forms.h): the field tables of a consent as it is
 * recorded or changed, of its withdrawal, and of the scanned paper form attached to it (V-2.x, K-2.1).
 * Pure data: the words are Swedish msgids, translated where they are shown. Must not hold a rule
 * (domain/consent.c and domain/scan.c have them). */
#include "domain/forms_rows.h"
#include "domain/consent.h"
#include "domain/scan.h"
#include "util/limits.h"

/* ---- a consent for one organisation (V-2.1-V-2.3, V-2.5-V-2.7, K-2.1) ---- */
static const struct bp_field_def consent_fields[] = {
    ROW("consent", org_id, BP_FIELD_ORG, N_("Verksamhet som samtycket gäller"), .required = true,
        .none = N_("Välj verksamhet"), IN(bp_consent_input, org_id), OUT(BP_STORED_ID, bp_consent, org_id)),
    ROW("consent", giver, BP_FIELD_CHOICE, N_("Vem ger samtycket?"), .required = true,
        CHOICES("consent_giver", bp_consent_giver_codes), .radio = true, .initial = "guardians",
        IN(bp_consent_input, giver), OUT(BP_STORED_CODE, bp_consent, giver)),
    {.name = "guardian_ids",
     .path = "consent.guardians",
     .label = N_("Vårdnadshavare som samtycker"),
     .hint = N_("Vid gemensam vårdnad ska båda samtycka."),
     .kind = BP_FIELD_GUARDIANS,
     .max = BP_MAX_GUARDIANS,
     IN_LIST(bp_consent_input, guardian_ids, n_guardian_ids),
     OUT_IDS(bp_consent, guardian_ids, n_guardians)},
    ROW("consent", child_view, BP_FIELD_LONG_TEXT, N_("Barnets inställning"),
        .hint =
            N_("Vad tycker barnet om att verksamheterna delar uppgifter? Barnets inflytande växer med ålder "
               "och mognad."),
        .max = BP_MAX_LONG_TEXT, .required = true, IN(bp_consent_input, child_view),
        OUT(BP_STORED_STR, bp_consent, child_view)),
    ROW("consent", maturity_note, BP_FIELD_LONG_TEXT, N_("Bedömning av barnets ålder och mognad"),
        .max = BP_MAX_LONG_TEXT, IN(bp_consent_input, maturity_note),
        OUT(BP_STORED_STR, bp_consent, maturity_note)),
    ROW("consent", scope, BP_FIELD_LONG_TEXT, N_("Vilka uppgifter får delas, och med vilka?"),
        .hint = N_("Bara det som behövs för att hjälpa barnet."), .max = BP_MAX_LONG_TEXT, .required = true,
        IN(bp_consent_input, scope), OUT(BP_STORED_STR, bp_consent, scope)),
    ROW("consent", covers_preparation, BP_FIELD_BOOL,
        N_("Samtycket gäller också förberedande möte mellan yrkesverksamma"),
        IN(bp_consent_input, covers_preparation), OUT(BP_STORED_BOOL, bp_consent, covers_preparation)),
    ROW("consent", form, BP_FIELD_CHOICE, N_("Samtyckesblankett"), .required = true,
        CHOICES("consent_form", bp_consent_form_codes), IN(bp_consent_input, form),
        OUT(BP_STORED_CODE, bp_consent, form)),
    ROW("consent", given_on, BP_FIELD_DATE, N_("Datum för samtycket"), .required = true, .initial = "today",
        IN(bp_consent_input, given_on), OUT(BP_STORED_DATE, bp_consent, given_on)),
    ROW("consent", renew_on, BP_FIELD_DATE, N_("Förnyas senast (om samtycket är tidsbegränsat)"),
        IN(bp_consent_input, renew_on), OUT_DATE(bp_consent, renew_on, has_renewal)),
};
RECORD(bp_record_consent, "consent", "ConsentInput", "Consent", consent_fields);

/* ---- the terms a family member gives or narrows it on (issue 10 item 4, docs/family-access.md consent.give,
 * consent.limit; V-2.1, V-2.8) ---- */
static const struct bp_field_def limit_fields[] = {
    ROW("consent", scope, BP_FIELD_LONG_TEXT, N_("Vad får delas?"),
        .hint = N_("Skriv bara det som behövs för att hjälpa barnet."), .max = BP_MAX_LONG_TEXT,
        .required = true, IN(bp_consent_input, scope), OUT(BP_STORED_STR, bp_consent, scope)),
    ROW("consent", covers_preparation, BP_FIELD_BOOL,
        N_("Samtycket gäller också förberedande möte mellan yrkesverksamma"),
        IN(bp_consent_input, covers_preparation), OUT(BP_STORED_BOOL, bp_consent, covers_preparation)),
    ROW("consent", renew_on, BP_FIELD_DATE, N_("Samtycket gäller som längst till"),
        .hint = N_("Lämna tomt om det ska gälla tills vidare."), IN(bp_consent_input, renew_on),
        OUT_DATE(bp_consent, renew_on, has_renewal)),
};
RECORD(bp_record_consent_terms, "consent", NULL, NULL, limit_fields);

/* ---- the young person's own yes or no (docs/family-access.md consent.child_answer, V-2.2) ---- */
static const struct bp_field_def child_answer_fields[] = {
    ROW("consent", child_answer, BP_FIELD_CHOICE, N_("Vad tycker du?"), .required = true,
        .hint = N_("Ditt svar stoppar inte samtycket, men verksamheten får veta det och ska ta hänsyn till "
                   "det."),
        CHOICES("child_answer", bp_child_answer_codes), .radio = true,
        IN(bp_consent_child_answer_input, answer), OUT(BP_STORED_STR, bp_consent, child_answer)),
};
RECORD(bp_record_consent_child_answer, "consent", NULL, NULL, child_answer_fields);

/* ---- its withdrawal (V-2.8, V-2.9) ---- */
static const struct bp_field_def withdrawal_fields[] = {
    ROW("withdrawal", by, BP_FIELD_CHOICE, N_("Vem återkallar samtycket?"), .required = true,
        CHOICES("withdrawer", bp_consent_withdrawer_codes), .radio = true, IN(bp_withdrawal_input, by)),
    ROW("withdrawal", on, BP_FIELD_DATE, N_("Datum"), .required = true, .initial = "today",
        IN(bp_withdrawal_input, on)),
    ROW("withdrawal", note, BP_FIELD_LONG_TEXT, N_("Anteckning"), .max = BP_MAX_LONG_TEXT,
        IN(bp_withdrawal_input, note)),
};
RECORD(bp_record_withdrawal, "withdrawal", "Withdrawal", NULL, withdrawal_fields);

/* ---- the scanned paper form (V-2.5, K-2.1): the page reads the upload itself (app.h's bp_scan_input) ----
 */
static const char *const scan_media_types[] = {"application/pdf", "image/jpeg", "image/png"};
_Static_assert(BP_MAX_SCAN_BYTES == 10 * 1024 * 1024, "the hint of scan.file says 10 MB");
static const struct bp_field_def scan_fields[] = {
    ROW("scan", file, BP_FIELD_FILE, N_("Inskannad blankett"),
        .hint = N_("PDF, JPEG eller PNG, högst 10 MB."), .required = true, .choices = scan_media_types,
        .n_choices = BP_ARRAY_LEN(scan_media_types)),
};
RECORD(bp_record_scan, "scan", NULL, NULL, scan_fields);
