/* forms_followup.c: the field tables (domain/forms.h) of following up the plan (V-10.2, V-10.4, V-10.5,
 * V-10.6, V-10.7): the follow-up of one meeting and the review of one intervention. Pure data: the words
 * are Swedish msgids; the rules stay in domain/followup.c. */
#include "domain/forms_rows.h"
#include "domain/followup.h"
#include "util/limits.h"

const char *const bp_review_decision_codes[BP_REVIEW_DECISION_COUNT] = {"continue", "change", "replace",
                                                                        "end"};
const char *const bp_still_needed_codes[BP_STILL_NEEDED_COUNT] = {"undecided", "yes", "no"};
const char *const bp_coordination_answer_codes[2] = {"accept", "decline"};

#define QUESTION(m, label_, ...)                                                                             \
    ROW("followup", m, BP_FIELD_LONG_TEXT, label_, .max = BP_MAX_LONG_TEXT, IN(bp_followup_input, m),        \
        OUT(BP_STORED_STR, bp_followup, m), __VA_ARGS__)

static const struct bp_field_def followup_fields[] = {
    /* V-10.2: before the meeting */
    QUESTION(child_last_meeting, N_("Hur upplevde barnet förra mötet?")),
    QUESTION(child_interventions, N_("Hur tycker barnet att insatserna har fungerat?")),
    /* rule R2 (issue 10): the child's own choice about their two answers above, as the professional heard it
     */
    ROW("followup", child_share_with_guardians, BP_FIELD_BOOL,
        N_("Barnet vill att vårdnadshavarna får läsa det"),
        .hint = N_("Från 12 år bestämmer barnet om vårdnadshavarna får läsa det på sina sidor. Under 12 år "
                   "kan de läsa det ändå."),
        IN(bp_followup_input, child_share_with_guardians),
        OUT(BP_STORED_BOOL, bp_followup, child_share_with_guardians)),
    QUESTION(guardians_view, N_("Vad tycker vårdnadshavarna om insatserna?")),
    ROW("followup", heard_on, BP_FIELD_DATE, N_("Datum då barnet och vårdnadshavarna fick säga sitt"),
        IN(bp_followup_input, heard_on), OUT_DATE(bp_followup, heard_on, heard)),
    /* V-10.4 a-h */
    QUESTION(q_a, N_("a. Har alla gjort det de åtog sig i planen?")),
    QUESTION(q_b, N_("b. Hur fungerar insatserna? Ges de på rätt sätt och i rätt ordning?")),
    QUESTION(q_c, N_("c. Behöver någon insats ändras, ersättas eller planeras om?")),
    QUESTION(q_d, N_("d. Vilka resultat ser vi? Har insatserna den effekt vi ville?")),
    QUESTION(q_e, N_("e. Tillgodoses barnets mål och behov?")),
    QUESTION(q_f, N_("f. Har barnets mål och behov förändrats?")),
    QUESTION(q_g, N_("g. Behövs andra insatser?")),
    QUESTION(q_h, N_("h. Det här fungerar"),
             .hint =
                 N_("Om målen inte är nådda: lyft fram det som faktiskt fungerar och förmedla hopp om att "
                    "barnets situation blir bättre.")),
    /* V-10.5: the next follow-up */
    ROW("followup", next_on, BP_FIELD_DATE, N_("Datum för nästa uppföljning"), IN(bp_followup_input, next_on),
        OUT_DATE(bp_followup, next_on, has_next)),
    ROW("followup", next_time, BP_FIELD_TIME, N_("Klockslag för nästa uppföljning"),
        IN(bp_followup_input, next_time), OUT(BP_STORED_MINUTE, bp_followup, next_minute)),
    ROW("followup", next_place, BP_FIELD_TEXT, N_("Plats för nästa uppföljning"), .max = BP_MAX_SHORT_TEXT,
        IN(bp_followup_input, next_place), OUT(BP_STORED_STR, bp_followup, next_place)),
    ROW("followup", next_participants, BP_FIELD_LONG_TEXT, N_("Vilka deltar i nästa uppföljning?"),
        .max = BP_MAX_LONG_TEXT, IN(bp_followup_input, next_participants),
        OUT(BP_STORED_STR, bp_followup, next_participants)),
    /* V-10.6, V-10.7 */
    ROW("followup", still_needed, BP_FIELD_CHOICE, N_("Behövs samordningen fortfarande?"),
        CHOICES("still_needed", bp_still_needed_codes), .radio = true, .initial = "undecided",
        IN(bp_followup_input, still_needed), OUT(BP_STORED_CODE, bp_followup, still_needed)),
    ROW("followup", new_coordinator_org, BP_FIELD_ORG,
        N_("Ny samordnande verksamhet för den uppdaterade planen"),
        .hint = N_("Lämna tomt om samma verksamhet fortsätter. En ny verksamhet tackar ja innan planen "
                   "färdigställs."),
        .none = N_("Samma som nu"), IN(bp_followup_input, new_coordinator_org),
        OUT(BP_STORED_ID, bp_followup, new_coordinator_org)),
};
RECORD(bp_record_followup, "followup", "FollowUpInput", "FollowUp", followup_fields);

static const struct bp_field_def review_fields[] = {
    ROW("review", decision, BP_FIELD_CHOICE, N_("Hur går vi vidare med insatsen?"), .required = true,
        .required_in_api = true, CHOICES("review_decision", bp_review_decision_codes), .radio = true,
        IN(bp_review_input, decision), OUT(BP_STORED_CODE, bp_review, decision)),
    ROW("review", note, BP_FIELD_LONG_TEXT, N_("Kommentar"), .max = BP_MAX_LONG_TEXT,
        IN(bp_review_input, note), OUT(BP_STORED_STR, bp_review, note)),
};
RECORD(bp_record_review, "review", "ReviewInput", "FollowUp.reviews[]", review_fields);

/* V-10.7: a new coordinating organisation's answer. */
static const struct bp_field_def coordination_fields[] = {
    ROW("coordination", answer, BP_FIELD_CHOICE, N_("Tar er verksamhet på sig att samordna planen?"),
        .required = true, .required_in_api = true,
        CHOICES("coordination_answer", bp_coordination_answer_codes), .radio = true,
        IN(bp_coordination_input, answer)),
};
RECORD(bp_record_coordination, "coordination", "CoordinationAnswer", NULL, coordination_fields);
