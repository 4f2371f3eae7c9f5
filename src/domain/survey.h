/* survey.h: the anonymous survey (V-12.1-V-12.4): its questions (V-12.3) and their answers' codes, what
 * an answer keeps (coarse dimensions only: the model, the respondent type, the quarter, the organisations),
 * and the rule that hides every count below five (V-12.4). Pure: no I/O, no clock (the quarter is worked
 * out from a date given). The questions' words are the web layer's (domain/forms_survey.c's tables). */
#ifndef BP_SURVEY_H
#define BP_SURVEY_H
#include "util/date.h"
#include "domain/model.h"
#include "domain/fields.h"

#define BP_SURVEY_QUESTIONS 7  /* V-12.3: q1..q7 */
#define BP_SURVEY_CHOSEN    6  /* q1..q6 are chosen from a scale; q7 is free text */
#define BP_SURVEY_MAX_SCALE 5  /* the faces: 1 (sad) .. 5 (happy) */
#define BP_SURVEY_MIN_CELL  5  /* V-12.4: a count below this is never shown */
#define BP_SURVEY_CODE_LEN  16 /* the invitation's code: 16 letters and digits (80 random bits) */

enum bp_survey_respondent { BP_SURVEY_CHILD, BP_SURVEY_GUARDIAN, BP_SURVEY_RESPONDENT_COUNT };
extern const char *const bp_survey_respondent_codes[BP_SURVEY_RESPONDENT_COUNT]; /* "child", "guardian" */

/* When the survey is offered (V-12.2): a finished plan, a follow-up, a closure (an installation's choice). */
enum bp_survey_occasion {
    BP_SURVEY_AT_PLAN,
    BP_SURVEY_AT_FOLLOW_UP,
    BP_SURVEY_AT_CLOSURE,
    BP_SURVEY_OCCASION_COUNT
};
extern const char *const bp_survey_occasion_codes[BP_SURVEY_OCCASION_COUNT];

/* The answers' codes, by scale: faces "1".."5" (q1-q3 and q6), the change "worse".."dont_know" (q4), the
 * help's part "none".."dont_know" (q5). An answer stores the code's index + 1. */
extern const char *const bp_survey_face_codes[5];
extern const char *const bp_survey_change_codes[4];
extern const char *const bp_survey_help_codes[4];
extern const char *const bp_survey_question_keys[BP_SURVEY_QUESTIONS]; /* "q1".."q7" */
/* The codes of question i (0..5), and how many. */
const char *const *bp_survey_scale(size_t i, size_t *n);

/* The form as typed (domain/forms_survey.c reads it): each of q1..q6 a code or empty, q7 free text. */
struct bp_survey_input {
    const char *q[BP_SURVEY_QUESTIONS];
};

/* One answer as stored: nothing that leads to the person, the case, the invitation or the moment. */
struct bp_survey_answer {
    int64_t id; /* random */
    enum bp_model model;
    enum bp_survey_respondent respondent;
    char quarter[8];         /* "2026-Q4" */
    int q[BP_SURVEY_CHOSEN]; /* 1..n; 0: not answered */
    const char *better;      /* q7, "" when not answered */
    const int64_t *orgs;     /* the organisations of the case */
    size_t n_orgs;
};

/* Checks the form into `out`'s answers (q and better): "survey.qN" "choice" for an unknown code,
 * "survey.q7" for a text that is too long or not text, "survey" "empty" when nothing at all was answered. */
enum bp_err bp_survey_validate(const struct bp_survey_input *in, struct bp_survey_answer *out,
                               struct bp_field_errors *errs);

/* "YYYY-Qn" for a date; whether a text is such a quarter. */
void bp_survey_quarter(struct bp_date d, char out[static 8]);
bool bp_survey_quarter_valid(const char *s);

/* How many gave each combination of answers (the store groups the answers). */
struct bp_survey_pattern {
    enum bp_survey_respondent respondent;
    int q[BP_SURVEY_CHOSEN];
    int64_t n;
};
/* One question for one kind of respondent: how many answered it, and how many chose each answer. A count
 * below BP_SURVEY_MIN_CELL is hidden (shown false, its value 0), and so is the next smallest when exactly
 * one would be hidden, so that no hidden count can be worked out from the total (V-12.4). */
struct bp_survey_cell {
    int64_t n;
    bool shown;
    int64_t count[BP_SURVEY_MAX_SCALE];
    bool count_shown[BP_SURVEY_MAX_SCALE];
};
struct bp_survey_results {
    int64_t total[BP_SURVEY_RESPONDENT_COUNT];
    bool total_shown[BP_SURVEY_RESPONDENT_COUNT];
    struct bp_survey_cell cells[BP_SURVEY_RESPONDENT_COUNT][BP_SURVEY_CHOSEN];
};
/* An invitation (V-12.2): for whom, on which occasion; only its code's hash, and whether it was used. */
struct bp_survey_invitation {
    int64_t id, case_id, guardian_id; /* guardian_id 0: the child */
    enum bp_survey_respondent respondent;
    enum bp_survey_occasion occasion;
    int plan_version;
    int64_t created_at;
    bool used;
    bool has_code;          /* read: a code was handed out (by e-mail or a letter) */
    const char *token_hash; /* written: the hash of the code, or NULL */
    enum bp_model model;    /* read by bp_survey_invitation_by_code: the case's model */
};

/* Which answers the results add up: one organisation's (0: the region's), one model's (-1: both), one
 * quarter's ("": every quarter). */
struct bp_survey_filter {
    int64_t org_id;
    int model;
    const char *quarter;
};

/* The one rule that hides small counts (V-12.4), for the survey and the region's statistics
 * (domain/region.c): a total below BP_SURVEY_MIN_CELL hides everything (*total_shown false, 0); else each
 * count below it is hidden (shown[i] false, its value 0), and when exactly one is, the smallest shown one
 * too, so that no hidden count is the total less the others. */
void bp_hide_small_counts(int64_t *total, bool *total_shown, int64_t *count, bool *shown, size_t n);

/* Adds up the patterns and hides what is below five. */
void bp_survey_aggregate(const struct bp_survey_pattern *p, size_t n, struct bp_survey_results *out);

#endif
