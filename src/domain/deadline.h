/* deadline.h: the three-week rules of the two regional models, as pure functions over calendar dates
 * in Europe/Stockholm (the caller turns timestamps into local dates; summer time cannot move a
 * calendar date count).
 *   Västerbotten (V-6.1): the meeting is held within three weeks of the date the need was noticed;
 *     otherwise a reason is recorded.
 *   Kronoberg (K-4.3): the invitation goes out at least three weeks before the meeting, unless a
 *     different agreement is recorded with its reason. */
#ifndef BP_DEADLINE_H
#define BP_DEADLINE_H
#include "util/date.h"
#include "domain/model.h"

#define BP_THREE_WEEKS_DAYS 21

enum bp_deadline_status {
    BP_DEADLINE_OK,           /* within the rule */
    BP_DEADLINE_NEEDS_REASON, /* outside the rule and no reason recorded: not allowed yet */
    BP_DEADLINE_EXCEPTION,    /* outside the rule with a recorded reason */
};

struct bp_deadline {
    enum bp_deadline_status status;
    int64_t days;         /* the days the rule counts (noticed→meeting, or invitation→meeting) */
    struct bp_date limit; /* the last meeting date (V-6.1), or the last day to invite (K-4.3) */
};

/* Checks a planned meeting. `noticed` is the case's noticed date, `invited` the local date the
 * invitation goes out, `meeting` the local date of the meeting; `has_reason` whether a reason
 * (V-6.1) or a different agreement (K-4.3) is recorded. */
struct bp_deadline bp_deadline_meeting(enum bp_model model, struct bp_date noticed, struct bp_date invited,
                                       struct bp_date meeting, bool has_reason);

/* Whether `days` keeps the model's rule: Kronoberg, the days from the invitation to the meeting are at least
 * three weeks (K-4.3); Västerbotten, the days from the need noticed to the meeting at most three weeks
 * (V-6.1). The region's statistics count with it too (domain/region.c). */
bool bp_deadline_kept(enum bp_model model, int64_t days);

/* The number of calendar days from a to b (b - a). */
int64_t bp_days_between(struct bp_date a, struct bp_date b);

#endif
