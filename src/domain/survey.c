/* survey.c: the survey's rules (survey.h): the answers' codes, the check of one answer, the quarter, and
 * adding up with every count below five hidden (V-12.3, V-12.4). Pure. */
#include "domain/survey.h"
#include "util/limits.h"

const char *const bp_survey_respondent_codes[BP_SURVEY_RESPONDENT_COUNT] = {"child", "guardian"};
const char *const bp_survey_occasion_codes[BP_SURVEY_OCCASION_COUNT] = {"plan", "follow_up", "closure"};
const char *const bp_survey_face_codes[5] = {"1", "2", "3", "4", "5"};
const char *const bp_survey_change_codes[4] = {"worse", "same", "better", "dont_know"};
const char *const bp_survey_help_codes[4] = {"none", "some", "much", "dont_know"};
const char *const bp_survey_question_keys[BP_SURVEY_QUESTIONS] = {"q1", "q2", "q3", "q4", "q5", "q6", "q7"};

const char *const *bp_survey_scale(size_t i, size_t *n)
{
    if (i == 3) {
        *n = BP_ARRAY_LEN(bp_survey_change_codes);
        return bp_survey_change_codes;
    }
    if (i == 4) {
        *n = BP_ARRAY_LEN(bp_survey_help_codes);
        return bp_survey_help_codes;
    }
    *n = BP_ARRAY_LEN(bp_survey_face_codes);
    return bp_survey_face_codes;
}

static const char *const paths[BP_SURVEY_QUESTIONS] = {"survey.q1", "survey.q2", "survey.q3", "survey.q4",
                                                       "survey.q5", "survey.q6", "survey.q7"};

enum bp_err bp_survey_validate(const struct bp_survey_input *in, struct bp_survey_answer *out,
                               struct bp_field_errors *errs)
{
    size_t i, answered = 0;
    errs->count = 0;
    for (i = 0; i < BP_SURVEY_CHOSEN; i++) {
        size_t n;
        const char *const *codes = bp_survey_scale(i, &n);
        const char *v = in->q[i];
        int k;
        out->q[i] = 0;
        if (!v || !*v)
            continue;
        if ((k = bp_code_find(codes, n, v)) < 0) {
            bp_field_errors_add(errs, paths[i], "choice");
            continue;
        }
        out->q[i] = k + 1;
        answered++;
    }
    bp_check_text(errs, paths[6], in->q[6], BP_MAX_LONG_TEXT, false);
    out->better = in->q[6] ? in->q[6] : "";
    if (*out->better)
        answered++;
    if (answered == 0 && errs->count == 0)
        bp_field_errors_add(errs, "survey", "empty");
    return errs->count ? BP_ERR_INVALID : BP_OK;
}

void bp_survey_quarter(struct bp_date d, char out[static 8])
{
    unsigned y = d.y < 0 ? 0U : d.y > 9999 ? 9999U : (unsigned)d.y;
    unsigned q = d.m < 1 ? 1U : d.m > 12 ? 4U : (unsigned)(d.m - 1) / 3 + 1;
    out[0] = (char)('0' + y / 1000), out[1] = (char)('0' + y / 100 % 10), out[2] = (char)('0' + y / 10 % 10);
    out[3] = (char)('0' + y % 10), out[4] = '-', out[5] = 'Q', out[6] = (char)('0' + q), out[7] = '\0';
}

bool bp_survey_quarter_valid(const char *s)
{
    size_t i;
    if (!s || strlen(s) != 7 || s[4] != '-' || s[5] != 'Q' || s[6] < '1' || s[6] > '4')
        return false;
    for (i = 0; i < 4; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

void bp_hide_small_counts(int64_t *total, bool *total_shown, int64_t *count, bool *shown, size_t n)
{
    size_t i, hidden = 0, smallest = n;
    *total_shown = *total >= BP_SURVEY_MIN_CELL;
    for (i = 0; i < n; i++) {
        shown[i] = *total_shown && count[i] >= BP_SURVEY_MIN_CELL;
        if (!shown[i])
            hidden++;
        else if (smallest == n || count[i] < count[smallest])
            smallest = i;
    }
    if (*total_shown && hidden == 1 && smallest < n)
        shown[smallest] = false;
    for (i = 0; i < n; i++)
        if (!shown[i])
            count[i] = 0;
    if (!*total_shown)
        *total = 0;
}

/* One question's cell: its answers' counts hidden by the rule above; the codes past the scale stay hidden. */
static void suppress(struct bp_survey_cell *c, size_t n_codes)
{
    size_t i;
    bp_hide_small_counts(&c->n, &c->shown, c->count, c->count_shown, n_codes);
    for (i = n_codes; i < BP_SURVEY_MAX_SCALE; i++) {
        c->count_shown[i] = false;
        c->count[i] = 0;
    }
}

void bp_survey_aggregate(const struct bp_survey_pattern *p, size_t n, struct bp_survey_results *out)
{
    size_t i, j, r;
    memset(out, 0, sizeof(*out));
    for (i = 0; i < n; i++) {
        if ((unsigned)p[i].respondent >= BP_SURVEY_RESPONDENT_COUNT || p[i].n <= 0)
            continue;
        out->total[p[i].respondent] += p[i].n;
        for (j = 0; j < BP_SURVEY_CHOSEN; j++) {
            int v = p[i].q[j];
            struct bp_survey_cell *c = &out->cells[p[i].respondent][j];
            if (v < 1 || v > BP_SURVEY_MAX_SCALE)
                continue;
            c->n += p[i].n;
            c->count[v - 1] += p[i].n;
        }
    }
    for (r = 0; r < BP_SURVEY_RESPONDENT_COUNT; r++) {
        out->total_shown[r] = out->total[r] >= BP_SURVEY_MIN_CELL;
        if (!out->total_shown[r])
            out->total[r] = 0;
        for (j = 0; j < BP_SURVEY_CHOSEN; j++) {
            size_t n_codes;
            (void)bp_survey_scale(j, &n_codes);
            suppress(&out->cells[r][j], n_codes);
        }
    }
}
