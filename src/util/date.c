/* date.c: civil-date arithmetic (H. Hinnant's days_from_civil) and formatting. */
#include <time.h>
#include "util/date.h"

bool bp_date_valid(int y, int m, int d)
{
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int max;
    if (y < 1800 || y > 2200 || m < 1 || m > 12 || d < 1)
        return false;
    max = mdays[m - 1];
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        max = 29;
    return d <= max;
}

int64_t bp_days_from_civil(int y, int m, int d)
{
    int64_t yy = y - (m <= 2);
    int64_t era = (yy >= 0 ? yy : yy - 399) / 400;
    int64_t yoe = yy - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

struct bp_date bp_civil_from_days(int64_t z)
{
    struct bp_date r;
    int64_t era, doe, yoe, doy, mp;
    z += 719468;
    era = (z >= 0 ? z : z - 146096) / 146097;
    doe = z - era * 146097;
    yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    mp = (5 * doy + 2) / 153;
    r.d = (int)(doy - (153 * mp + 2) / 5 + 1);
    r.m = (int)(mp < 10 ? mp + 3 : mp - 9);
    r.y = (int)(yoe + era * 400 + (r.m <= 2));
    return r;
}

static bool digits(const char *s, int n, int *out)
{
    int i, v = 0;
    for (i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return true;
}

bool bp_date_parse(const char *s, struct bp_date *out)
{
    struct bp_date d;
    if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return false;
    if (!digits(s, 4, &d.y) || !digits(s + 5, 2, &d.m) || !digits(s + 8, 2, &d.d))
        return false;
    if (!bp_date_valid(d.y, d.m, d.d))
        return false;
    *out = d;
    return true;
}

void bp_date_format(struct bp_date d, char out[static 11])
{
    /* unsigned, so that the compiler can see the output always fits in 10 characters */
    snprintf(out, 11, "%04u-%02u-%02u", (unsigned)d.y % 10000u, (unsigned)d.m % 100u, (unsigned)d.d % 100u);
}

struct bp_date bp_date_today(int64_t unix_seconds)
{
    struct tm tm;
    time_t t = (time_t)unix_seconds;
    struct bp_date d = {1970, 1, 1};
    if (localtime_r(&t, &tm)) {
        d.y = tm.tm_year + 1900;
        d.m = tm.tm_mon + 1;
        d.d = tm.tm_mday;
    }
    return d;
}

void bp_time_format_local(int64_t unix_seconds, char out[static 17])
{
    struct tm tm;
    time_t t = (time_t)unix_seconds;
    if (!localtime_r(&t, &tm) || strftime(out, 17, "%Y-%m-%d %H:%M", &tm) == 0)
        snprintf(out, 17, "\?\?\?\?-\?\?-\?\? \?\?:\?\?"); /* escaped: "??-" is a trigraph in C17 */
}
