/* forms_closure.c: the field tables (domain/forms.h) of closing a case and opening it again (V-11.1,
 * V-11.2). Pure data: the words are Swedish msgids; the rules are in domain/closure.c. */
#include "domain/forms_rows.h"
#include "domain/closure.h"

static const char *const closure_reason_hints[] = {
    N_("Barnet, vårdnadshavarna och verksamheterna är överens om att målen med samordningen är nådda."),
    N_("Barnet, vårdnadshavarna och verksamheterna är överens om att samordning inte längre behövs."),
    N_("Barnet och vårdnadshavarna har tagit tillbaka sitt samtycke. Går bara när inget samtycke finns "
       "kvar."),
};

static const struct bp_field_def closure_fields[] = {
    ROW("closure", reason, BP_FIELD_CHOICE, N_("Varför avslutas ärendet?"), .required = true,
        .required_in_api = true, CHOICES("closure_reason", bp_closure_reason_codes), .radio = true,
        .choice_hints = closure_reason_hints, IN(bp_closure_input, reason),
        OUT(BP_STORED_CODE, bp_closure, reason)),
    ROW("closure", agreed_child, BP_FIELD_BOOL, N_("Barnet är överens"),
        .hint = N_("Ett gemensamt beslut: markera alla som var överens."), IN(bp_closure_input, agreed_child),
        OUT(BP_STORED_BOOL, bp_closure, agreed_child)),
    ROW("closure", agreed_guardians, BP_FIELD_GUARDIANS, N_("Vårdnadshavare som är överens"),
        .max = BP_MAX_GUARDIANS, IN_LIST(bp_closure_input, agreed_guardians, n_agreed_guardians),
        OUT_IDS(bp_closure, agreed_guardians, n_agreed_guardians)),
    ROW("closure", agreed_orgs, BP_FIELD_ORGS, N_("Verksamheter som är överens"), .max = BP_MAX_CASE_ORGS,
        IN_LIST(bp_closure_input, agreed_orgs, n_agreed_orgs),
        OUT_IDS(bp_closure, agreed_orgs, n_agreed_orgs)),
    ROW("closure", note, BP_FIELD_LONG_TEXT, N_("Anteckning"),
        .hint = N_("Till exempel vad ni kom överens om. Skriv inte mer än det som behövs."),
        .max = BP_MAX_LONG_TEXT, IN(bp_closure_input, note), OUT(BP_STORED_STR, bp_closure, note)),
};
RECORD(bp_record_closure, "closure", "CaseClosure", NULL, closure_fields);

static const struct bp_field_def reopen_fields[] = {
    ROW("reopen", reason, BP_FIELD_LONG_TEXT, N_("Varför öppnas ärendet igen?"), .required = true,
        .required_in_api = true, .max = BP_MAX_LONG_TEXT, IN(bp_reopen_input, reason)),
};
RECORD(bp_record_reopen, "reopen", "CaseReopening", NULL, reopen_fields);

/* A new case for the child of a closed case, linking back to it. */
static const struct bp_field_def new_case_fields[] = {
    ROW("new_case", noticed_on, BP_FIELD_DATE, N_("Datum då det nya behovet uppmärksammades"),
        .required = true, .required_in_api = true, .initial = "today", IN(bp_follow_on_input, noticed_on)),
    ROW("new_case", reason, BP_FIELD_LONG_TEXT, N_("Beskriv behovet med egna ord"),
        .hint = N_("Skriv bara det som behövs för att förstå varför samordning behövs igen."),
        .max = BP_MAX_LONG_TEXT, .required = true, .required_in_api = true, IN(bp_follow_on_input, reason)),
};
RECORD(bp_record_new_case, "new_case", "CaseFollowOn", NULL, new_case_fields);
