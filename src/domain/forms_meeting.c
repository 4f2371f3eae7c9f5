/* forms_meeting.c: the field tables of the meetings (domain/forms.h): the meeting form, an invitee, an
 * answer, the K-4.8 decision, the send step's confirmation, the chair's record of the child's last word
 * and the debriefing. Pure data: the words are Swedish msgids, translated where they are shown. Must not
 * hold a rule of the process (domain/meeting.c checks everything; the tables only describe the fields). */
#include "domain/forms.h"
#include "domain/forms_rows.h"
#include "domain/meeting.h"
#include "util/limits.h"

/* ---- the meeting (V-4.4, V-4.5, V-5.6, V-5.7, V-6.1, V-3.15, V-3.16, K-4.1-K-4.4) ---- */
static const struct bp_field_def meeting_fields[] = {
    /* the page names the kinds as the case's model names the meetings (bp_meeting_name_code) */
    ROW("meeting", kind, BP_FIELD_CHOICE, N_("Vilket möte"), .required = true,
        .choices = bp_meeting_kind_codes, .n_choices = BP_MEETING_KIND_COUNT, .initial = "plan",
        IN(bp_meeting_input, kind), OUT(BP_STORED_CODE, bp_meeting, kind)),
    ROW("meeting", date, BP_FIELD_DATE, N_("Datum"), .required = true, IN(bp_meeting_input, date),
        OUT(BP_STORED_DATE, bp_meeting, date)),
    ROW("meeting", start, BP_FIELD_TIME, N_("Börjar"), .required = true, IN(bp_meeting_input, start),
        OUT(BP_STORED_MINUTE, bp_meeting, start_minute)),
    ROW("meeting", end, BP_FIELD_TIME, N_("Slutar"), .required = true, IN(bp_meeting_input, end),
        OUT(BP_STORED_MINUTE, bp_meeting, end_minute)),
    ROW("meeting", setting, BP_FIELD_CHOICE, N_("Digitalt eller på plats"),
        .hint = N_("Bestäm det tillsammans med barnet och vårdnadshavarna."), .required = true, .radio = true,
        CHOICES("meeting_setting", bp_setting_codes), IN(bp_meeting_input, setting),
        OUT(BP_STORED_CODE, bp_meeting, setting)),
    ROW("meeting", setting_agreed, BP_FIELD_BOOL, N_("Vi har kommit överens om digitalt eller på plats"),
        IN(bp_meeting_input, setting_agreed), OUT(BP_STORED_BOOL, bp_meeting, setting_agreed)),
    ROW("meeting", place, BP_FIELD_TEXT, N_("Plats"), .max = BP_MAX_SHORT_TEXT, IN(bp_meeting_input, place),
        OUT(BP_STORED_STR, bp_meeting, place)),
    ROW("meeting", video_link, BP_FIELD_URL, N_("Länk till säkert videomöte"),
        .hint = N_("Bara en länk som börjar med https:// till en säker tjänst som verksamheten har godkänt."),
        .max = BP_MAX_URL, IN(bp_meeting_input, video_link), OUT(BP_STORED_STR, bp_meeting, video_link)),
    ROW("meeting", purpose, BP_FIELD_LONG_TEXT, N_("Varför mötet behövs"),
        .hint = N_("Skriv med enkla ord. Texten står i kallelsen."), .max = BP_MAX_LONG_TEXT,
        .required = true, IN(bp_meeting_input, purpose), OUT(BP_STORED_STR, bp_meeting, purpose)),
    ROW("meeting", agenda, BP_FIELD_LONG_TEXT, N_("Vad ska vi prata om"), .max = BP_MAX_LONG_TEXT,
        .required = true, IN(bp_meeting_input, agenda), OUT(BP_STORED_STR, bp_meeting, agenda)),
    ROW("meeting", org_id, BP_FIELD_ORG, N_("Kallar för verksamheten"), IN(bp_meeting_input, org_id),
        OUT(BP_STORED_ID, bp_meeting, called_by_org)),
    ROW("meeting", chair_user_id, BP_FIELD_USER, N_("Mötesordförande"), IN(bp_meeting_input, chair_user_id),
        OUT(BP_STORED_ID, bp_meeting, chair_user_id)),
    ROW("meeting", note_taker_user_id, BP_FIELD_USER, N_("Dokumenterar (skriver planen)"),
        .none = N_("Ingen ännu"), IN(bp_meeting_input, note_taker_user_id),
        OUT(BP_STORED_ID, bp_meeting, note_taker_user_id)),
    /* shown when the three-week rule asks for it; the page words the hint by model (V-6.1, K-4.3) */
    ROW("meeting", deadline_reason, BP_FIELD_LONG_TEXT, N_("Varför tre veckor inte räcker"),
        .hint =
            N_("Regeln: mötet ska hållas inom tre veckor från att behovet uppmärksammades. Om det inte går, "
               "skriv varför."),
        .max = BP_MAX_LONG_TEXT, .required = true, IN(bp_meeting_input, deadline_reason),
        OUT(BP_STORED_STR, bp_meeting, deadline_reason)),
    ROW("meeting", child_not_invited_reason, BP_FIELD_LONG_TEXT, N_("Om barnet inte bjuds in: varför"),
        .max = BP_MAX_LONG_TEXT, IN(bp_meeting_input, child_not_invited_reason),
        OUT(BP_STORED_STR, bp_meeting, child_not_invited_reason)),
};
RECORD(bp_record_meeting, "meeting", "MeetingInput", "Meeting", meeting_fields);

/* ---- an invitee: the child, a guardian, a professional or another adult (V-4.5, K-4.1, V-3.9) ---- */
static const struct bp_field_def invitee_fields[] = {
    ROW("invitee", kind, BP_FIELD_CHOICE, N_("Vem"), CHOICES("invitee_kind", bp_invitee_kind_codes),
        .initial = "professional", IN(bp_invitee_input, kind), OUT(BP_STORED_CODE, bp_invitee, kind)),
    ROW("invitee", guardian_id, BP_FIELD_GUARDIAN, N_("Vårdnadshavare (om vårdnadshavare)"), .none = N_("–"),
        IN(bp_invitee_input, guardian_id), OUT(BP_STORED_ID, bp_invitee, guardian_id)),
    ROW("invitee", org_id, BP_FIELD_ORG, N_("Verksamhet (om yrkesverksam)"), .none = N_("–"),
        IN(bp_invitee_input, org_id), OUT(BP_STORED_ID, bp_invitee, org_id)),
    ROW("invitee", user_id, BP_FIELD_USER, N_("Person i Barnplan (om yrkesverksam)"),
        .none = N_("Ingen ännu"), IN(bp_invitee_input, user_id), OUT(BP_STORED_ID, bp_invitee, user_id)),
    ROW("invitee", name, BP_FIELD_TEXT, N_("Namn"), .max = BP_MAX_NAME, IN(bp_invitee_input, name),
        OUT(BP_STORED_STR, bp_invitee, name)),
    ROW("invitee", email, BP_FIELD_EMAIL, N_("E-post"), .max = BP_MAX_MAIL_ADDR, IN(bp_invitee_input, email),
        OUT(BP_STORED_STR, bp_invitee, email)),
};
RECORD(bp_record_invitee, "invitee", "InviteeInput", "Invitee", invitee_fields);

/* ---- an answer; a substitute for a professional or another adult (V-6.2, K-4.7) ---- */
static const char *const answer_codes[] = {"yes", "no"}; /* "pending" is no answer */
static const struct bp_field_def answer_fields[] = {
    ROW("answer", answer, BP_FIELD_CHOICE, N_("Svar"), CHOICES("answer", answer_codes),
        IN(bp_answer_input, answer)),
    ROW("answer", reason, BP_FIELD_TEXT, N_("Varför inte"), .max = BP_MAX_LONG_TEXT,
        IN(bp_answer_input, reason)),
    ROW("answer", substitute_name, BP_FIELD_TEXT, N_("Ersättare"), .max = BP_MAX_NAME,
        IN(bp_answer_input, substitute_name)),
};
RECORD(bp_record_answer, "answer", "AnswerInput", NULL, answer_fields);
/* A family member's own answer (meeting.own_answer): the answer and the reason, never a substitute. */
const struct bp_record_def bp_record_family_answer = {"answer", NULL, NULL, answer_fields, 2, NULL};

/* ---- K-4.8: the inviter and the guardian decide to cancel or hold the meeting ---- */
static const struct bp_field_def absence_fields[] = {
    ROW("absence", outcome, BP_FIELD_CHOICE, N_("Beslut"),
        CHOICES("absence_outcome", bp_absence_outcome_codes), IN(bp_absence_decision_input, outcome)),
    ROW("absence", guardian_id, BP_FIELD_GUARDIAN, N_("Vårdnadshavare"),
        IN(bp_absence_decision_input, guardian_id)),
    ROW("absence", decided_on, BP_FIELD_DATE, N_("Datum"), .initial = "today",
        IN(bp_absence_decision_input, decided_on)),
    ROW("absence", note, BP_FIELD_TEXT, N_("Anteckning"), .max = BP_MAX_LONG_TEXT,
        IN(bp_absence_decision_input, note)),
};
RECORD(bp_record_absence, "absence", "AbsenceDecisionInput", NULL, absence_fields);

/* ---- sending the invitation: the warnings read, sent anyway (V-4.3, V-3.10) ---- */
static const struct bp_field_def send_fields[] = {
    ROW("send", confirm_warnings, BP_FIELD_BOOL, N_("Skicka ändå"), IN(bp_send_input, confirm_warnings)),
};
RECORD(bp_record_send, "send", "MeetingSend", NULL, send_fields);

/* ---- after the meeting: the child's last word (V-6.10) and who represented an absent child (V-8a.6).
 * Each invitee's attendance is the chair page's own list (one select per invitee, named by the row). */
static const struct bp_field_def closing_fields[] = {
    ROW("closing", child_asked, BP_FIELD_BOOL, N_("Barnet (eller den som företrädde barnet) fick frågan"),
        IN(bp_held_input, child_asked)),
    ROW("closing", child_addition, BP_FIELD_LONG_TEXT, N_("Vad barnet lade till"), .max = BP_MAX_LONG_TEXT,
        IN(bp_held_input, child_addition)),
    ROW("closing", child_representative, BP_FIELD_TEXT, N_("Om barnet inte var med: vem företrädde barnet"),
        .max = BP_MAX_NAME, IN(bp_held_input, child_representative)),
};
RECORD(bp_record_closing, "closing", NULL, NULL, closing_fields);

/* ---- V-8a.6: the child was told afterwards what was said ---- */
static const struct bp_field_def debrief_fields[] = {
    ROW("closing", debriefed_on, BP_FIELD_DATE, N_("Datum då barnet fick veta"), .initial = "today",
        IN(bp_debrief_input, debriefed_on)),
};
RECORD(bp_record_debrief, "debrief", NULL, NULL, debrief_fields);
