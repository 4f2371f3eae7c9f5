/* region.c: what the region learns (region.h, V-12.4): the cells of each measure, the rules that put a
 * group of cases in one, and adding up with the survey's rule for small counts. Pure. */
#include "domain/region.h"
#include "domain/deadline.h"
#include "domain/survey.h"

const char *const bp_region_measure_codes[BP_REGION_MEASURE_COUNT] = {
    "steps", "first_meeting", "invitations", "child_present", "child_how", "followups", "closures"};

static const char *const step_cells[] = {"prepare_child", "prepare_guardians", "prepare_professionals",
                                         "meeting",       "implement",         "follow_up",
                                         "closed"};
static const char *const first_meeting_cells[] = {"days_0_7",   "days_8_14", "days_15_21", "days_22_42",
                                                  "days_43_up", "not_yet",   "overdue"};
static const char *const invitation_cells[] = {"days_21_up", "days_14_20", "days_7_13", "days_0_6"};
static const char *const child_present_cells[] = {"present", "absent", "not_invited", "unrecorded"};
static const char *const child_how_cells[] = {"whole",  "part",      "heard",       "representative",
                                              "letter", "undecided", "not_prepared"};
static const char *const followup_cells[] = {"on_time", "late_1_14", "late_15_up", "not_held"};
static const char *const closure_cells[] = {"goals_reached", "not_needed", "consent_withdrawn"};

const char *const *bp_region_cells(enum bp_region_measure m, size_t *n)
{
    static const struct {
        const char *const *codes;
        size_t n;
    } t[BP_REGION_MEASURE_COUNT] = {
        {step_cells, BP_ARRAY_LEN(step_cells)},
        {first_meeting_cells, BP_ARRAY_LEN(first_meeting_cells)},
        {invitation_cells, BP_ARRAY_LEN(invitation_cells)},
        {child_present_cells, BP_ARRAY_LEN(child_present_cells)},
        {child_how_cells, BP_ARRAY_LEN(child_how_cells)},
        {followup_cells, BP_ARRAY_LEN(followup_cells)},
        {closure_cells, BP_ARRAY_LEN(closure_cells)},
    };
    if ((unsigned)m >= BP_REGION_MEASURE_COUNT)
        BUG("no measure %d", (int)m);
    *n = t[m].n;
    return t[m].codes;
}

/* The step a case is at, as the case page's picture reads it (pages/cases.c): closed, followed up, carried
 * out once its plan is finished (or its meeting held), else the first preparation not behind it. */
size_t bp_region_step(unsigned flags)
{
    if (flags & BP_REGION_CLOSED)
        return 6;
    if (flags & BP_REGION_FOLLOWUP_HELD)
        return 5;
    if (flags & (BP_REGION_PLAN_FINISHED | BP_REGION_MEETING_HELD))
        return 4;
    if (!(flags & BP_REGION_CHILD_PREPARED))
        return 0;
    if (!(flags & BP_REGION_GUARDIANS_PREPARED))
        return 1;
    return flags & BP_REGION_MEETING_CALLED ? 3 : 2;
}

size_t bp_region_first_meeting_cell(bool held, int64_t days)
{
    bool kept = bp_deadline_kept(BP_MODEL_VASTERBOTTEN, days); /* V-6.1: within three weeks */
    if (!held)
        return kept ? 5 : 6;
    if (kept)
        return days <= 7 ? 0 : days <= 14 ? 1 : 2;
    return days <= 42 ? 3 : 4;
}

size_t bp_region_invitation_cell(int64_t days)
{
    if (bp_deadline_kept(BP_MODEL_KRONOBERG, days)) /* K-4.3: at least three weeks before */
        return 0;
    return days >= 14 ? 1 : days >= 7 ? 2 : 3;
}

size_t bp_region_followup_cell(bool held, int64_t days_late)
{
    if (!held)
        return 3;
    return days_late <= 0 ? 0 : days_late <= 14 ? 1 : 2;
}

int bp_region_code_cell(enum bp_region_measure m, const char *code)
{
    size_t n;
    const char *const *codes = bp_region_cells(m, &n);
    if (!code)
        return -1;
    if (m == BP_REGION_CHILD_PRESENT && strcmp(code, "substitute") == 0)
        return 1; /* nobody stands in for the child (V-6.2): absent */
    return bp_code_find(codes, n, code);
}

static int cell_of(enum bp_region_measure m, const struct bp_region_count *c)
{
    switch (m) {
    case BP_REGION_STEPS:
        return (int)bp_region_step((unsigned)c->a & BP_REGION_STEP_FLAGS);
    case BP_REGION_FIRST_MEETING:
        return (int)bp_region_first_meeting_cell(c->a != 0, c->b);
    case BP_REGION_INVITATIONS:
        return (int)bp_region_invitation_cell(c->b);
    case BP_REGION_FOLLOWUPS:
        return (int)bp_region_followup_cell(c->a != 0, c->b);
    case BP_REGION_CHILD_HOW:
        return bp_region_code_cell(m, c->code2);
    case BP_REGION_CHILD_PRESENT:
    case BP_REGION_CLOSURES:
    case BP_REGION_MEASURE_COUNT:
        break;
    }
    return bp_region_code_cell(m, c->code);
}

void bp_region_tally(enum bp_region_measure m, const struct bp_region_count *c, size_t n,
                     struct bp_region_dist *out)
{
    size_t i;
    memset(out, 0, sizeof(*out));
    (void)bp_region_cells(m, &out->n_cells);
    for (i = 0; i < n; i++) {
        int cell = cell_of(m, &c[i]);
        if (cell < 0 || (size_t)cell >= out->n_cells || c[i].n <= 0)
            continue; /* a code this version does not count */
        out->count[cell] += c[i].n;
        out->total += c[i].n;
    }
    bp_hide_small_counts(&out->total, &out->total_shown, out->count, out->shown, out->n_cells);
}

bool bp_region_group(const struct bp_region_dist *d, unsigned mask, int64_t *sum)
{
    size_t i;
    *sum = 0;
    if (!mask || !d->total_shown)
        return false;
    for (i = 0; i < d->n_cells; i++) {
        if (!(mask & (1u << i)))
            continue;
        if (!d->shown[i])
            return false;
        *sum += d->count[i];
    }
    return true;
}

unsigned bp_region_kept_mask(enum bp_region_measure m)
{
    switch (m) {
    case BP_REGION_FIRST_MEETING:
        return 0x07u; /* V-6.1: held within three weeks */
    case BP_REGION_INVITATIONS:
    case BP_REGION_FOLLOWUPS:
        return 0x01u; /* K-4.3: invited in time; the follow-up held on time */
    default:
        return 0;
    }
}

bool bp_region_period_parse(const char *s, struct bp_region_period *out)
{
    int y, q, i;
    memset(out, 0, sizeof(*out));
    if (!s || !*s) {
        out->all = true;
        return true;
    }
    for (i = 0; i < 4; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    if (y < 1900)
        return false;
    if (s[4] == '\0') { /* a year: its four quarters */
        out->from = (struct bp_date){y, 1, 1};
        out->to = (struct bp_date){y + 1, 1, 1};
        for (q = 1; q <= 4; q++)
            bp_survey_quarter((struct bp_date){y, q * 3, 1}, out->quarters[out->n_quarters++]);
        return true;
    }
    if (!bp_survey_quarter_valid(s))
        return false;
    q = s[6] - '0';
    out->from = (struct bp_date){y, (q - 1) * 3 + 1, 1};
    out->to = q == 4 ? (struct bp_date){y + 1, 1, 1} : (struct bp_date){y, q * 3 + 1, 1};
    memcpy(out->quarters[0], s, 8);
    out->n_quarters = 1;
    return true;
}
