/* forms_implementation.c: the records of carrying out the plan (domain/forms.h, V-9.1-V-9.4): the code
 * tables of domain/implementation.h and the field table of each form. Pure data: the words are Swedish
 * msgids, translated where they are shown. Must not hold a rule (domain/implementation.c has them). */
#include "domain/implementation.h"
#include "util/limits.h"
#include "domain/forms_rows.h"

const char *const bp_progress_status_codes[BP_PROGRESS_STATUS_COUNT] = {"started", "ongoing", "done",
                                                                        "paused"};
const char *const bp_event_decision_codes[BP_EVENT_DECISION_COUNT] = {"", "earlier_followup",
                                                                      "booked_enough"};
/* the decisions one can take (the form's choices): the codes after "" */
static const char *const decision_choices[] = {"earlier_followup", "booked_enough"};

/* ---- V-9.1: how an intervention goes, told by its own organisation ---- */
static const struct bp_field_def progress_fields[] = {
    ROW("progress", status, BP_FIELD_CHOICE, N_("Hur går insatsen?"), .required = true,
        .required_in_api = true, CHOICES("progress_status", bp_progress_status_codes), .radio = true,
        IN(bp_progress_input, status), OUT(BP_STORED_CODE, bp_progress, status)),
    ROW("progress", status_on, BP_FIELD_DATE, N_("Sedan datum"), .required = true, .required_in_api = true,
        .initial = "today", IN(bp_progress_input, status_on), OUT(BP_STORED_DATE, bp_progress, status_on)),
    ROW("progress", note, BP_FIELD_LONG_TEXT, N_("Kommentar"),
        .hint = N_("Kort om hur det går. Skriv det som de andra i planen behöver veta."),
        .max = BP_MAX_LONG_TEXT, IN(bp_progress_input, note), OUT(BP_STORED_STR, bp_progress, note)),
};
RECORD(bp_record_progress, "progress", "Progress", "ProgressEntry", progress_fields);

/* ---- V-9.2: what the child said or asked ---- */
static const struct bp_field_def voice_fields[] = {
    ROW("voice", note, BP_FIELD_LONG_TEXT, N_("Vad har barnet sagt eller frågat?"),
        .hint = N_("Skriv kort, gärna med barnets egna ord. Det tas upp vid uppföljningen."),
        .max = BP_MAX_CHILD_VOICE, .required = true, .required_in_api = true, IN(bp_child_voice_input, note),
        OUT(BP_STORED_STR, bp_child_voice, note)),
    ROW("voice", said_on, BP_FIELD_DATE, N_("När sa barnet det?"), .required = true, .required_in_api = true,
        .initial = "today", IN(bp_child_voice_input, said_on), OUT(BP_STORED_DATE, bp_child_voice, said_on)),
    /* rule R2 (issue 10): the child's own choice, as the professional heard it */
    ROW("voice", share_with_guardians, BP_FIELD_BOOL, N_("Barnet vill att vårdnadshavarna får läsa det"),
        .hint = N_("Från 12 år bestämmer barnet om vårdnadshavarna får läsa det på sina sidor. Under 12 år "
                   "kan de läsa det ändå."),
        IN(bp_child_voice_input, share_with_guardians),
        OUT(BP_STORED_BOOL, bp_child_voice, share_with_guardians)),
};
RECORD(bp_record_child_voice, "voice", "ChildVoice", "ChildVoiceEntry", voice_fields);

/* ---- V-9.3: an event that affects the plan ---- */
#define EVENT_ROWS                                                                                           \
    ROW("event", what, BP_FIELD_LONG_TEXT, N_("Vad har hänt?"),                                              \
        .hint =                                                                                              \
            N_("Något som påverkar planen, till exempel en flytt, en ny diagnos eller att en insats inte " \
               "kan ges."),                                                                                  \
        .max = BP_MAX_LONG_TEXT, .required = true, .required_in_api = true, IN(bp_plan_event_input, what),   \
        OUT(BP_STORED_STR, bp_plan_event, what)),                                                            \
        ROW("event", happened_on, BP_FIELD_DATE, N_("När hände det?"), .required = true,                     \
            .required_in_api = true, .initial = "today", IN(bp_plan_event_input, happened_on),               \
            OUT(BP_STORED_DATE, bp_plan_event, happened_on))
static const struct bp_field_def event_fields[] = {EVENT_ROWS};
RECORD(bp_record_plan_event, "event", "PlanEvent", "PlanEventEntry", event_fields);

/* Issue 10 item 7: the family's report, and the child's tick from 12 (rule R2, event.child_reports; the
 * page offers it only to the child from 12, the use case keeps it only for them) */
static const struct bp_field_def family_event_fields[] = {
    EVENT_ROWS,
    ROW("event", share_with_guardians, BP_FIELD_BOOL, N_("Visa för mina vårdnadshavare"),
        .hint = N_("Kryssa i om dina vårdnadshavare får läsa det du berättar."),
        IN(bp_plan_event_input, share_with_guardians),
        OUT(BP_STORED_BOOL, bp_plan_event, share_with_guardians)),
};
RECORD(bp_record_family_event, "family_event", NULL, NULL, family_event_fields);

/* ---- V-9.4: the coordinator's decision on an event ---- */
static const struct bp_field_def event_decision_fields[] = {
    ROW("event_decision", decision, BP_FIELD_CHOICE, N_("Beslut"), .required = true, .required_in_api = true,
        CHOICES("event_decision", decision_choices), .radio = true, IN(bp_event_decision_input, decision)),
    ROW("event_decision", meeting_id, BP_FIELD_REF, N_("Det tidigare uppföljningsmötet"),
        .hint = N_("Boka mötet först och välj det här."), .none = N_("Välj möte"),
        IN(bp_event_decision_input, meeting_id), OUT(BP_STORED_ID, bp_plan_event, meeting_id)),
    ROW("event_decision", note, BP_FIELD_LONG_TEXT, N_("Motivering"),
        .hint = N_("Varför räcker det bokade uppföljningsmötet? Eller vad ska det tidigare mötet ta upp?"),
        .max = BP_MAX_LONG_TEXT, IN(bp_event_decision_input, note),
        OUT(BP_STORED_STR, bp_plan_event, decision_note)),
};
RECORD(bp_record_event_decision, "event_decision", "EventDecision", NULL, event_decision_fields);
