/* date.h: calendar dates without time zones, as days since 1970-01-01. Pure: never reads the clock;
 * callers pass "today" in. */
#ifndef BP_DATE_H
#define BP_DATE_H
#include "util/common.h"

struct bp_date {
    int y, m, d;
};

bool bp_date_valid(int y, int m, int d);
int64_t bp_days_from_civil(int y, int m, int d);
struct bp_date bp_civil_from_days(int64_t days);
/* Parses exactly "YYYY-MM-DD" (a real date); false otherwise. */
bool bp_date_parse(const char *s, struct bp_date *out);
/* Writes "YYYY-MM-DD" into out (11 bytes). */
void bp_date_format(struct bp_date d, char out[static 11]);
/* Today's date in the process's local time zone (Europe/Stockholm in Barnplan): the one clock read. */
struct bp_date bp_date_today(int64_t unix_seconds);
/* "YYYY-MM-DD HH:MM" in local time (17 bytes). */
void bp_time_format_local(int64_t unix_seconds, char out[static 17]);

#endif
