/* forms_prep.c: the preparations' records (domain/forms.h): the field tables of the child's preparation
 * (V-3.x) and of one guardian's (V-4.1, V-4.2), with the five example questions as the answers' labels.
 * Pure data: the words are Swedish msgids, translated where they are shown. Must not hold a rule
 * (domain/preparation.c has them). */
#include "domain/forms_rows.h"
#include "domain/preparation.h"
#include "util/limits.h"

/* Answer n (1..5) of the five questions: "answers.qn" in JSON (bp_prep_question_keys), "answer_n" in the
 * form and the errors. */
#define ANSWER(rec, intype, outtype, n, question)                                                            \
    {                                                                                                        \
        .name = "answers.q" #n, .path = rec ".answer_" #n, .label = (question), .kind = BP_FIELD_LONG_TEXT,  \
        .max = BP_MAX_LONG_TEXT, .in = offsetof(struct intype, answers) + ((n)-1) * sizeof(const char *),    \
        .stored = BP_STORED_STR, .out = offsetof(struct outtype, answers) + ((n)-1) * sizeof(const char *)   \
    }

/* The five questions of a preparation, answers.q1 to answers.q5 (V-3.7, V-4.2). */
#define ANSWERS(rec, intype, outtype, q1, q2, q3, q4, q5)                                                    \
    ANSWER(rec, intype, outtype, 1, q1), ANSWER(rec, intype, outtype, 2, q2),                                \
        ANSWER(rec, intype, outtype, 3, q3), ANSWER(rec, intype, outtype, 4, q4),                            \
        ANSWER(rec, intype, outtype, 5, q5)
/* The dream question is the same for the child and the guardians. */
#define DREAM N_("Om du fick drömma 1–2 år framåt, vad skulle vara förändrat då?")

/* The plain explanation under each way of taking part (V-3.11, V-3.12), by bp_participation. */
static const char *const participation_hints[BP_PART_COUNT] = {
    N_("Barnet har inte bestämt sig än."),
    N_("Barnet är med från början till slut."),
    N_("Barnet är med en stund och får gå när det vill."),
    N_("Barnet är inte med, men det barnet har sagt tas med till mötet."),
    N_("En vårdnadshavare eller en annan vuxen som barnet väljer talar för barnet."),
    N_("Barnet skriver ett brev som läses upp på mötet."),
};

/* ---- the child's preparation (V-3.2-V-3.16); the representative only when it is "representative", so the
 * page writes those three in answers ---- */
#define CHILD(member, kind_, label_, ...)                                                                    \
    ROW("prep", member, kind_, label_, IN(bp_child_prep_input, member), __VA_ARGS__)
static const struct bp_field_def child_prep_fields[] = {
    CHILD(informed_on, BP_FIELD_DATE, N_("När berättade du för barnet om mötet?"),
          .hint = N_("Behövs när förberedelsen är klar."), OUT_DATE(bp_child_prep, informed_on, informed)),
    CHILD(how_informed, BP_FIELD_LONG_TEXT, N_("Vad berättade du, och hur?"),
          .hint = N_("Till exempel: varför mötet ska hållas, vilka som kommer, med bilder eller med tolk."),
          .max = BP_MAX_LONG_TEXT, OUT(BP_STORED_STR, bp_child_prep, how_informed)),
    CHILD(adapted, BP_FIELD_BOOL, N_("Barnet fick veta det på ett sätt som barnet förstår"),
          OUT(BP_STORED_BOOL, bp_child_prep, adapted)),
    CHILD(interpreter_used, BP_FIELD_BOOL, N_("Tolk användes"),
          OUT(BP_STORED_BOOL, bp_child_prep, interpreter_used)),
    CHILD(picture_support_used, BP_FIELD_BOOL, N_("Bildstöd användes"),
          OUT(BP_STORED_BOOL, bp_child_prep, picture_support_used)),
    /* V-3.7: the seed's example questions for school-age children, in its words */
    ANSWERS("prep", bp_child_prep_input, bp_child_prep,
            N_("Vad är viktigt för dig för att det ska kännas bra hemma eller i skolan?"),
            N_("Vilken hjälp skulle du vilja att du eller din familj får?"), DREAM,
            N_("Vilka vill du ska delta på mötet?"), N_("Hur vill du vara delaktig på mötet?")),
    CHILD(participation, BP_FIELD_CHOICE, N_("Hur vill barnet vara med på mötet?"),
          .hint = N_("Barnet bestämmer. Behövs när förberedelsen är klar."),
          CHOICES("participation", bp_participation_codes), .choice_hints = participation_hints,
          .radio = true, OUT(BP_STORED_CODE, bp_child_prep, participation)),
    CHILD(rep_kind, BP_FIELD_CHOICE, N_("Vem talar för barnet?"),
          CHOICES("rep_kind", bp_representative_kind_codes), .radio = true),
    CHILD(rep_guardian_id, BP_FIELD_GUARDIAN, N_("Vilken vårdnadshavare?"),
          .none = N_("Välj vårdnadshavare")),
    CHILD(rep_name, BP_FIELD_TEXT, N_("Den vuxnes namn"), .hint = N_("Om det är en annan vuxen."),
          .max = BP_MAX_NAME),
    CHILD(letter_text, BP_FIELD_LONG_TEXT, N_("Barnets brev"), .max = BP_MAX_LONG_TEXT,
          OUT(BP_STORED_STR, bp_child_prep, letter_text)),
    CHILD(letter_note, BP_FIELD_TEXT, N_("Eller: var finns brevet?"), .max = BP_MAX_LONG_TEXT,
          OUT(BP_STORED_STR, bp_child_prep, letter_note)),
    CHILD(wanted_participants, BP_FIELD_LONG_TEXT, N_("Vilka vill barnet ha med på mötet?"),
          .hint = N_("Personer som är viktiga för barnet. Försök hålla nere antalet vuxna."),
          .max = BP_MAX_LONG_TEXT, OUT(BP_STORED_STR, bp_child_prep, wanted_participants)),
    CHILD(place_wishes, BP_FIELD_LONG_TEXT, N_("Var och hur vill barnet att mötet ska vara?"),
          .hint = N_("Till exempel rummet, något att dricka och äta, något att pilla eller leka med, "
                     "få datorer."),
          .max = BP_MAX_LONG_TEXT, OUT(BP_STORED_STR, bp_child_prep, place_wishes)),
    CHILD(setting, BP_FIELD_CHOICE, N_("Digitalt eller på plats?"),
          .hint = N_("Välj tillsammans med barnet. Ett videomöte förbereds med barnet och hålls i en "
                     "säker tjänst."),
          CHOICES("setting", bp_setting_codes), .radio = true, .initial = "undecided",
          OUT(BP_STORED_CODE, bp_child_prep, setting)),
    CHILD(support_kind, BP_FIELD_CHOICE, N_("Barnets stödperson på mötet"),
          .hint = N_("Initiativtagaren är barnets stödperson, om barnet inte hellre vill ha en annan "
                     "vuxen som det litar på."),
          CHOICES("support_kind", bp_support_kind_codes), .radio = true, .initial = "initiator",
          OUT(BP_STORED_CODE, bp_child_prep, support_kind)),
    CHILD(support_name, BP_FIELD_TEXT, N_("Stödpersonens namn"), .max = BP_MAX_NAME,
          OUT(BP_STORED_STR, bp_child_prep, support_name)),
    CHILD(support_relation, BP_FIELD_TEXT, N_("Vem är stödpersonen för barnet?"), .max = BP_MAX_SHORT_TEXT,
          OUT(BP_STORED_STR, bp_child_prep, support_relation)),
    /* R2 (issue 10 item 5): the child's own tick on their page, from 12; a professional's save leaves it */
    CHILD(share_with_guardians, BP_FIELD_BOOL, N_("Visa för mina vårdnadshavare"),
          .hint = N_("Kryssa i om dina vårdnadshavare får läsa dina svar, dina önskemål och ditt brev."),
          OUT(BP_STORED_BOOL, bp_child_prep, share_with_guardians)),
    /* the page's buttons say it: "Spara för senare" or "Markera som klar" */
    CHILD(done, BP_FIELD_BOOL, N_("Klar"), .api_only = true, OUT(BP_STORED_BOOL, bp_child_prep, done)),
};
RECORD(bp_record_child_prep, "prep", "ChildPrepInput", "Preparation.child", child_prep_fields);

/* ---- one guardian's preparation (V-4.1, V-4.2); the guardian is the page's (its address) ---- */
#define GUARDIAN(member, kind_, label_, ...)                                                                 \
    ROW("guardian_prep", member, kind_, label_, IN(bp_guardian_prep_input, member), __VA_ARGS__)
static const struct bp_field_def guardian_prep_fields[] = {
    GUARDIAN(informed_on, BP_FIELD_DATE, N_("När pratade du med vårdnadshavaren?"),
             .hint = N_("Behövs när förberedelsen är klar."),
             OUT_DATE(bp_guardian_prep, informed_on, informed)),
    GUARDIAN(interpreter_used, BP_FIELD_BOOL, N_("Tolk användes"),
             OUT(BP_STORED_BOOL, bp_guardian_prep, interpreter_used)),
    /* V-4.2: the seed's example questions for guardians, in its words */
    ANSWERS("guardian_prep", bp_guardian_prep_input, bp_guardian_prep,
            N_("Vad är viktigt för att det ska bli bra för ditt barn och er familj?"),
            N_("Vilken hjälp skulle du vilja att ditt barn och din familj får?"), DREAM,
            N_("Vilka vill du ska delta på mötet?"), N_("Vad är viktigt för att mötet ska bli bra för dig?")),
    GUARDIAN(done, BP_FIELD_BOOL, N_("Klar"), .api_only = true, OUT(BP_STORED_BOOL, bp_guardian_prep, done)),
};
RECORD(bp_record_guardian_prep, "guardian_prep", "GuardianPrepInput", "Preparation.guardians[]",
       guardian_prep_fields);
