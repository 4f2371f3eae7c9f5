/* test_deadline.c: the three-week rules at their boundaries: 20, 21 and 22 days, across months, leap
 * days and the summer-time changes in Europe/Stockholm (V-6.1 for Västerbotten, K-4.3 for Kronoberg). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <time.h>
#include <cmocka.h>
#include "domain/deadline.h"

static struct bp_date D(const char *s) {
    struct bp_date d;
    if (!bp_date_parse(s, &d))
        fail_msg("bad date %s", s);
    return d;
}

struct row {
    const char *name;
    enum bp_model model;
    const char *noticed, *invited, *meeting;
    bool reason;
    enum bp_deadline_status want;
    int64_t days;
    const char *limit;
};

static const struct row rows[] = {
    /* V-6.1: the meeting within three weeks of the noticed date */
    {"V-6.1 20 days", BP_MODEL_VASTERBOTTEN, "2026-11-02", "2026-11-03", "2026-11-22", false, BP_DEADLINE_OK,
     20, "2026-11-23"},
    {"V-6.1 21 days is within", BP_MODEL_VASTERBOTTEN, "2026-11-02", "2026-11-03", "2026-11-23", false,
     BP_DEADLINE_OK, 21, "2026-11-23"},
    {"V-6.1 22 days needs a reason", BP_MODEL_VASTERBOTTEN, "2026-11-02", "2026-11-03", "2026-11-24", false,
     BP_DEADLINE_NEEDS_REASON, 22, "2026-11-23"},
    {"V-6.1 22 days with a reason", BP_MODEL_VASTERBOTTEN, "2026-11-02", "2026-11-03", "2026-11-24", true,
     BP_DEADLINE_EXCEPTION, 22, "2026-11-23"},
    {"V-6.1 over the spring change to summer time", BP_MODEL_VASTERBOTTEN, "2026-03-15", "2026-03-16",
     "2026-04-05", false, BP_DEADLINE_OK, 21, "2026-04-05"},
    {"V-6.1 over the autumn change", BP_MODEL_VASTERBOTTEN, "2026-10-15", "2026-10-16", "2026-11-06", false,
     BP_DEADLINE_NEEDS_REASON, 22, "2026-11-05"},
    {"V-6.1 over a leap day", BP_MODEL_VASTERBOTTEN, "2028-02-15", "2028-02-16", "2028-03-07", false,
     BP_DEADLINE_OK, 21, "2028-03-07"},
    {"V-6.1 over the new year", BP_MODEL_VASTERBOTTEN, "2026-12-20", "2026-12-21", "2027-01-10", false,
     BP_DEADLINE_OK, 21, "2027-01-10"},
    /* K-4.3: the invitation at least three weeks before the meeting */
    {"K-4.3 20 days is too late", BP_MODEL_KRONOBERG, "2026-10-01", "2026-11-02", "2026-11-22", false,
     BP_DEADLINE_NEEDS_REASON, 20, "2026-11-01"},
    {"K-4.3 20 days with a recorded agreement", BP_MODEL_KRONOBERG, "2026-10-01", "2026-11-02", "2026-11-22",
     true, BP_DEADLINE_EXCEPTION, 20, "2026-11-01"},
    {"K-4.3 21 days is enough", BP_MODEL_KRONOBERG, "2026-10-01", "2026-11-02", "2026-11-23", false,
     BP_DEADLINE_OK, 21, "2026-11-02"},
    {"K-4.3 22 days", BP_MODEL_KRONOBERG, "2026-10-01", "2026-11-02", "2026-11-24", false, BP_DEADLINE_OK, 22,
     "2026-11-03"},
    {"K-4.3 over the spring change", BP_MODEL_KRONOBERG, "2026-01-01", "2026-03-09", "2026-03-30", false,
     BP_DEADLINE_OK, 21, "2026-03-09"},
    {"K-4.3 over the autumn change", BP_MODEL_KRONOBERG, "2026-01-01", "2026-10-06", "2026-10-26", false,
     BP_DEADLINE_NEEDS_REASON, 20, "2026-10-05"},
};

static void test_table(void **state)
{
    size_t i;
    (void)state;
    for (i = 0; i < BP_ARRAY_LEN(rows); i++) {
        const struct row *r = &rows[i];
        struct bp_deadline d =
            bp_deadline_meeting(r->model, D(r->noticed), D(r->invited), D(r->meeting), r->reason);
        char limit[11];
        bp_date_format(d.limit, limit);
        if (d.status != r->want || d.days != r->days || strcmp(limit, r->limit) != 0)
            fail_msg("%s: status %d days %lld limit %s; wanted %d, %lld, %s", r->name, d.status,
                     (long long)d.days, limit, r->want, (long long)r->days, r->limit);
    }
}

/* The calendar date of an invitation sent late in the evening is its date in Europe/Stockholm, not
 * in UTC: on 2026-03-28 at 23:30 UTC it is already the 29th in Sweden (K-4.3 counts from there). */
static void test_local_dates_around_summer_time(void **state)
{
    struct bp_date d;
    (void)state;
    setenv("TZ", "Europe/Stockholm", 1);
    tzset();
    d = bp_date_today(1774740600); /* 2026-03-28T23:30:00Z = 2026-03-29 00:30 CET */
    assert_int_equal(d.d, 29);
    d = bp_date_today(1774830600); /* 2026-03-30T00:30:00Z = 02:30 CEST, after the change */
    assert_int_equal(d.d, 30);
    d = bp_date_today(1792881000); /* 2026-10-24T22:30:00Z = 2026-10-25 00:30 CEST */
    assert_int_equal(d.m, 10);
    assert_int_equal(d.d, 25);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table),
        cmocka_unit_test(test_local_dates_around_summer_time),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
