/* retention.h: how long a closed case is kept and what is kept of it afterwards (issue 9 item 8). Pure: the
 * caller gives the times and the case's facts. `barnplan purge` (app/purge.c) removes a closed case once its
 * closure is older than the installation's retention time, and keeps only the anonymous statistics built
 * here: coarse dimensions, no id of the case, the child or any person, no time finer than the quarter. */
#ifndef BP_RETENTION_H
#define BP_RETENTION_H
#include "util/date.h"
#include "domain/model.h"
#include "domain/closure.h"
#include "domain/meeting.h"
#include "util/limits.h"

#define BP_RETENTION_UNSET    (-1)
#define BP_RETENTION_MAX_DAYS 36500

/* Whether a case closed at `closed_at` is past a retention of `days` days at `now` (days >= 0). */
bool bp_retention_due(int64_t closed_at, int days, int64_t now);
/* The first moment the case may be purged. */
int64_t bp_retention_until(int64_t closed_at, int days);

/* V-6.1 / K-4.3 for the first plan meeting, as the statistics keep it. */
enum bp_stat_deadline {
    BP_STAT_DEADLINE_NONE, /* no plan meeting, or no date the need was noticed: NULL */
    BP_STAT_DEADLINE_MET,
    BP_STAT_DEADLINE_EXCEPTION, /* outside the rule, with a recorded reason */
    BP_STAT_DEADLINE_MISSED,
};
extern const char *const bp_stat_deadline_codes[4]; /* NULL, "met", "exception", "missed" */

struct bp_case_statistic {
    int64_t id; /* random, set by the use case */
    enum bp_model model;
    enum bp_route route;
    char noticed_quarter[8]; /* "" : none */
    char closed_quarter[8];
    enum bp_closure_reason reason;
    int64_t days_to_first_meeting; /* -1: none */
    enum bp_stat_deadline deadline;
    int64_t plan_versions, followups;
    int64_t orgs[BP_MAX_CASE_ORGS]; /* the organisations taking part */
    size_t n_orgs;
};

/* Builds the statistics of case k closed on `closed_on` (local date) for `reason`, from its meetings, the
 * number of plan versions and follow-ups and the organisations taking part. */
void bp_case_statistic_of(const struct bp_case *k, struct bp_date closed_on, enum bp_closure_reason reason,
                          const struct bp_meeting *meetings, size_t n_meetings, int64_t plan_versions,
                          int64_t followups, const int64_t *orgs, size_t n_orgs,
                          struct bp_case_statistic *out);

/* What a purge removes (or would remove) from one table. */
struct bp_purge_count {
    const char *table;
    int64_t rows;
};

#endif
