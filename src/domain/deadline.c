/* deadline.c: the three-week rules (V-6.1, K-4.3). Pure. */
#include "domain/deadline.h"

int64_t bp_days_between(struct bp_date a, struct bp_date b)
{
    return bp_days_from_civil(b.y, b.m, b.d) - bp_days_from_civil(a.y, a.m, a.d);
}

bool bp_deadline_kept(enum bp_model model, int64_t days)
{
    if (model == BP_MODEL_KRONOBERG)
        return days >= BP_THREE_WEEKS_DAYS; /* K-4.3: at least three weeks before */
    return days <= BP_THREE_WEEKS_DAYS;     /* V-6.1: within three weeks */
}

struct bp_deadline bp_deadline_meeting(enum bp_model model, struct bp_date noticed, struct bp_date invited,
                                       struct bp_date meeting, bool has_reason)
{
    struct bp_deadline d;
    bool within;
    if (model == BP_MODEL_KRONOBERG) {
        d.days = bp_days_between(invited, meeting);
        d.limit =
            bp_civil_from_days(bp_days_from_civil(meeting.y, meeting.m, meeting.d) - BP_THREE_WEEKS_DAYS);
    } else {
        d.days = bp_days_between(noticed, meeting);
        d.limit =
            bp_civil_from_days(bp_days_from_civil(noticed.y, noticed.m, noticed.d) + BP_THREE_WEEKS_DAYS);
    }
    within = bp_deadline_kept(model, d.days);
    d.status = within ? BP_DEADLINE_OK : has_reason ? BP_DEADLINE_EXCEPTION : BP_DEADLINE_NEEDS_REASON;
    return d;
}
