/* forms_survey.c: the survey's two forms (domain/forms.h): the same seven questions of V-12.3 for a
 * guardian and, in easy words, for the child. Both read into struct bp_survey_input under the same names
 * ("survey.q1".."survey.q7"), so that an answer is one kind of record whoever gave it. Pure data: the
 * words are Swedish msgids. Must not hold a rule (domain/survey.c has them). */
#include "domain/forms_rows.h"
#include "domain/survey.h"
#include "util/limits.h"

#define Q(n, label_, kind_, codes)                                                                           \
    {                                                                                                        \
        .name = "q" #n, .path = "survey.q" #n, .label = (label_), .kind = BP_FIELD_CHOICE,                   \
        CHOICES(kind_, codes), .radio = true,                                                                \
        .in = offsetof(struct bp_survey_input, q) + ((n)-1) * sizeof(const char *)                           \
    }
#define FREE(label_, hint_)                                                                                  \
    {                                                                                                        \
        .name = "q7", .path = "survey.q7", .label = (label_), .hint = (hint_), .kind = BP_FIELD_LONG_TEXT,   \
        .max = BP_MAX_LONG_TEXT, .in = offsetof(struct bp_survey_input, q) + 6 * sizeof(const char *)        \
    }

/* V-12.3, to a guardian */
static const struct bp_field_def guardian_fields[] = {
    Q(1, N_("Kände ni er lyssnade på?"), "survey_face", bp_survey_face_codes),
    Q(2, N_("Pratade vi om det som var viktigt för er?"), "survey_face", bp_survey_face_codes),
    Q(3, N_("Har ni fått vara med och bestämma vilken hjälp ni får?"), "survey_face", bp_survey_face_codes),
    Q(4, N_("Har familjens situation förändrats sedan vår hjälp började?"), "survey_change",
      bp_survey_change_codes),
    Q(5, N_("Om det har blivit bättre: hur mycket har hjälpen betytt?"), "survey_help", bp_survey_help_codes),
    Q(6, N_("Är ni nöjda eller missnöjda med hjälpen?"), "survey_satisfied", bp_survey_face_codes),
    FREE(N_("Har ni något mer att säga? Vad kan vi göra bättre?"),
         N_("Skriv inte namn. Det du skriver visas bara tillsammans med minst fyra andras svar.")),
};
RECORD(bp_record_survey_guardian, "survey", NULL, NULL, guardian_fields);

/* V-12.3, to the child, in easy Swedish */
static const struct bp_field_def child_fields[] = {
    Q(1, N_("Lyssnade de vuxna på dig?"), "survey_face", bp_survey_face_codes),
    Q(2, N_("Pratade vi om det som är viktigt för dig?"), "survey_face", bp_survey_face_codes),
    Q(3, N_("Fick du vara med och bestämma om hjälpen?"), "survey_face", bp_survey_face_codes),
    Q(4, N_("Är det annorlunda nu än innan du fick hjälp?"), "survey_change", bp_survey_change_codes),
    Q(5, N_("Om det är bättre nu: har hjälpen gjort det bättre?"), "survey_help", bp_survey_help_codes),
    Q(6, N_("Hur tycker du att hjälpen är?"), "survey_satisfied", bp_survey_face_codes),
    FREE(N_("Vill du säga något mer? Vad kan vi göra bättre?"), N_("Skriv inte ditt namn.")),
};
RECORD(bp_record_survey_child, "survey", NULL, NULL, child_fields);
