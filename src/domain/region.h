/* region.h: what the region learns (V-12.4): the measures over many cases, each a distribution of counts
 * with every count below five hidden (bp_hide_small_counts, domain/survey.h). The store groups the rows in
 * SQL and hands over one count per group (struct bp_region_count); these rules put each group in its
 * cell (the process step a case is at, V-6.1's and K-4.3's three weeks through domain/deadline.c, a
 * follow-up on time or not) and hide. Pure: no I/O, no clock ("today" is the caller's). */
#ifndef BP_REGION_H
#define BP_REGION_H
#include "util/date.h"
#include "domain/model.h"

#define BP_REGION_MAX_CELLS 8

/* The measures, in the order the page shows them. */
enum bp_region_measure {
    BP_REGION_STEPS,         /* open and closed cases by the step they are at (V-0.10) */
    BP_REGION_FIRST_MEETING, /* days from the need noticed to the first meeting held (V-6.1) */
    BP_REGION_INVITATIONS,   /* days from the invitation to the meeting, Kronoberg (K-4.3) */
    BP_REGION_CHILD_PRESENT, /* the child at the plan and follow-up meetings held (V-3.11, V-6.10) */
    BP_REGION_CHILD_HOW,     /* how the child took part, as prepared (V-3.11, V-3.12) */
    BP_REGION_FOLLOWUPS,     /* follow-ups booked in a plan and held on time (V-7.7, V-10.1) */
    BP_REGION_CLOSURES,      /* closures by reason (V-11.1, V-11.2) */
    BP_REGION_MEASURE_COUNT
};
extern const char *const bp_region_measure_codes[BP_REGION_MEASURE_COUNT];
/* A measure's cells' codes (stable: the CSV's and the labels' keys), and how many. */
const char *const *bp_region_cells(enum bp_region_measure m, size_t *n);

/* What the store knows of one case for its step: bits of these. */
#define BP_REGION_CLOSED             0x01u /* cases.status closed */
#define BP_REGION_FOLLOWUP_HELD      0x02u /* a follow-up meeting held */
#define BP_REGION_PLAN_FINISHED      0x04u /* a plan version finished */
#define BP_REGION_MEETING_HELD       0x08u /* the plan meeting held */
#define BP_REGION_MEETING_CALLED     0x10u /* a plan or preparation meeting planned or held */
#define BP_REGION_GUARDIANS_PREPARED 0x20u /* a guardian's preparation done */
#define BP_REGION_CHILD_PREPARED     0x40u /* the child's preparation done */
#define BP_REGION_STEP_FLAGS         0x7fu

/* One group the store counted: `code` a code column (attendance, participation, reason) or NULL, `a` and
 * `b` two numbers (flags; held or not; days), `n` how many. */
struct bp_region_count {
    const char *code, *code2;
    int64_t a, b, n;
};

/* Which cell a group belongs to (the measures' rules; table-tested in tests/unit/test_region.c). */
size_t bp_region_step(unsigned flags);
size_t bp_region_first_meeting_cell(bool held, int64_t days); /* days noticed→meeting, or →today */
size_t bp_region_invitation_cell(int64_t days);               /* days invitation→meeting */
size_t bp_region_followup_cell(bool held, int64_t days_late); /* held: meeting−booked; else today−booked */
/* Cells of these measures by code; -1 for a code the measure does not know. */
int bp_region_code_cell(enum bp_region_measure m, const char *code);

/* One measure: its total and cells, small ones hidden. */
struct bp_region_dist {
    int64_t total;
    bool total_shown;
    size_t n_cells;
    int64_t count[BP_REGION_MAX_CELLS];
    bool shown[BP_REGION_MAX_CELLS];
};
/* Puts the store's groups of measure m into their cells and hides (V-12.4). A group of the child measures
 * counts for the one named by its code (attendance into CHILD_PRESENT, code2 participation into
 * CHILD_HOW). */
void bp_region_tally(enum bp_region_measure m, const struct bp_region_count *c, size_t n,
                     struct bp_region_dist *out);
/* The sum of the cells in `mask` (bit i: cell i), only when every one of them is shown: a sum of shown
 * counts tells nothing the cells do not (V-6.1's "within three weeks", K-4.3's "in time"). */
bool bp_region_group(const struct bp_region_dist *d, unsigned mask, int64_t *sum);
/* The cells the "rule kept" group of a measure adds up (0: the measure has none). */
unsigned bp_region_kept_mask(enum bp_region_measure m);

/* The period a report covers: "" every date, "YYYY" a year, "YYYY-Qn" a quarter; [from, to) and the
 * survey's quarters in it (none for every date: the survey then takes every quarter). */
struct bp_region_period {
    bool all;
    struct bp_date from, to;
    char quarters[4][8];
    size_t n_quarters;
};
bool bp_region_period_parse(const char *s, struct bp_region_period *out);

/* What one report counts: the cases an organisation takes part in (0: the region's), of one model (-1:
 * both), in one period; today for what is late by now; the period's first and next day as unix seconds
 * (local midnight) for what is kept as a moment (closures). */
struct bp_region_filter {
    int64_t org_id;
    int model;
    struct bp_region_period period;
    struct bp_date today;
    int64_t from_at, to_at;
};

#endif
