/* test_personnummer.c: table-driven tests of bp_pnr_parse and bp_pnr_luhn (domain/personnummer.c):
 * every accepted form, century inference against a given "today", samordningsnummer, and every
 * kind of refusal. The tables hold literal numbers; a self-check recomputes their check digits
 * with an independent Luhn so that a typo in a table cannot pass as a test of the parser.
 * Must not read the clock: "today" is always a row's own fixed date. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "domain/personnummer.h"

/* The reference day of most rows: a Saturday in the middle of a leap year. A row may name another. */
#define TODAY "2024-06-15"

struct pnr_row {
    const char *name;
    const char *input;
    const char *today; /* "YYYY-MM-DD" */
    enum bp_pnr_result want;
    /* for BP_PNR_OK only */
    enum bp_id_kind kind;
    const char *birth;      /* "YYYY-MM-DD" */
    const char *normalized; /* "YYYYMMDD-NNNN" */
};

static const struct pnr_row accepted[] = {
    /* the four written forms of the same person (Skatteverket's example number) */
    {"12 digits with hyphen", "19811218-9876", TODAY, BP_PNR_OK, BP_ID_PERSONNUMMER, "1981-12-18",
     "19811218-9876"},
    {"12 digits without hyphen", "198112189876", TODAY, BP_PNR_OK, BP_ID_PERSONNUMMER, "1981-12-18",
     "19811218-9876"},
    {"10 digits with hyphen", "811218-9876", TODAY, BP_PNR_OK, BP_ID_PERSONNUMMER, "1981-12-18",
     "19811218-9876"},
    {"10 digits without separator", "8112189876", TODAY, BP_PNR_OK, BP_ID_PERSONNUMMER, "1981-12-18",
     "19811218-9876"},
    {"10 digits with plus: 100 or older", "811218+9876", TODAY, BP_PNR_OK, BP_ID_PERSONNUMMER, "1881-12-18",
     "18811218-9876"},
    /* a child, the usual case */
    {"child, 12 digits", "20180315-1230", TODAY, BP_PNR_OK, BP_ID_PERSONNUMMER, "2018-03-15",
     "20180315-1230"},
    {"child, 10 digits: this century", "180315-1230", TODAY, BP_PNR_OK, BP_ID_PERSONNUMMER, "2018-03-15",
     "20180315-1230"},
    {"child, 10 digits without separator", "1803151230", TODAY, BP_PNR_OK, BP_ID_PERSONNUMMER, "2018-03-15",
     "20180315-1230"},
    /* century inference at the boundary: the person is at most 99 on `today` */
    {"10 digits, birthday today: born today, not 100 years ago", "240615-1239", TODAY, BP_PNR_OK,
     BP_ID_PERSONNUMMER, "2024-06-15", "20240615-1239"},
    {"10 digits, birthday tomorrow: 99 years old, not unborn", "240616-1238", TODAY, BP_PNR_OK,
     BP_ID_PERSONNUMMER, "1924-06-16", "19240616-1238"},
    {"10 digits, birthday yesterday", "240614-1230", TODAY, BP_PNR_OK, BP_ID_PERSONNUMMER, "2024-06-14",
     "20240614-1230"},
    {"10 digits, next year's date: last century", "250101-1239", TODAY, BP_PNR_OK, BP_ID_PERSONNUMMER,
     "1925-01-01", "19250101-1239"},
    {"10 digits on New Year's Day: yesterday was last year", "231231-1232", "2024-01-01", BP_PNR_OK,
     BP_ID_PERSONNUMMER, "2023-12-31", "20231231-1232"},
    {"10 digits on New Year's Day: born today", "240101-1230", "2024-01-01", BP_PNR_OK, BP_ID_PERSONNUMMER,
     "2024-01-01", "20240101-1230"},
    {"10 digits on New Year's Day: tomorrow is a century back", "240102-1239", "2024-01-01", BP_PNR_OK,
     BP_ID_PERSONNUMMER, "1924-01-02", "19240102-1239"},
    {"10 digits, 99 on New Year's Eve", "991231-1231", "2024-01-01", BP_PNR_OK, BP_ID_PERSONNUMMER,
     "1999-12-31", "19991231-1231"},
    /* '+': the hyphen becomes a plus the year the person turns 100 (folkbokföringslagen 18 §) */
    {"plus, turns 100 tomorrow (this year): born 100 years ago", "240616+9876", TODAY, BP_PNR_OK,
     BP_ID_PERSONNUMMER, "1924-06-16", "19240616-9876"},
    {"plus, turned 100 today", "240615+1239", TODAY, BP_PNR_OK, BP_ID_PERSONNUMMER, "1924-06-15",
     "19240615-1239"},
    {"plus, turns 100 next year: two centuries back", "250101+9877", TODAY, BP_PNR_OK, BP_ID_PERSONNUMMER,
     "1825-01-01", "18250101-9877"},
    /* leap days */
    {"Feb 29 in a leap year (12 digits)", "20000229-1235", TODAY, BP_PNR_OK, BP_ID_PERSONNUMMER, "2000-02-29",
     "20000229-1235"},
    {"Feb 29 in a leap year (10 digits, 2000)", "000229-1235", TODAY, BP_PNR_OK, BP_ID_PERSONNUMMER,
     "2000-02-29", "20000229-1235"},
    /* samordningsnummer: day + 60, kept as written in the normalized form */
    {"samordningsnummer, 12 digits", "20180375-1237", TODAY, BP_PNR_OK, BP_ID_SAMORDNINGSNUMMER, "2018-03-15",
     "20180375-1237"},
    {"samordningsnummer, 10 digits", "180375-1237", TODAY, BP_PNR_OK, BP_ID_SAMORDNINGSNUMMER, "2018-03-15",
     "20180375-1237"},
    {"samordningsnummer, 10 digits without separator", "1803751237", TODAY, BP_PNR_OK,
     BP_ID_SAMORDNINGSNUMMER, "2018-03-15", "20180375-1237"},
    {"samordningsnummer, day 1 (61)", "180161-1235", TODAY, BP_PNR_OK, BP_ID_SAMORDNINGSNUMMER, "2018-01-01",
     "20180161-1235"},
    {"samordningsnummer, day 31 (91)", "180191-1239", TODAY, BP_PNR_OK, BP_ID_SAMORDNINGSNUMMER, "2018-01-31",
     "20180191-1239"},
    {"samordningsnummer born today", "20240675-1236", TODAY, BP_PNR_OK, BP_ID_SAMORDNINGSNUMMER, "2024-06-15",
     "20240675-1236"},
};

static const struct pnr_row refused[] = {
    /* check digit */
    {"wrong check digit, 10 digits", "811218-9875", TODAY, BP_PNR_CHECKSUM},
    {"wrong check digit, 12 digits", "19811218-9870", TODAY, BP_PNR_CHECKSUM},
    {"wrong check digit, no separator", "1803151231", TODAY, BP_PNR_CHECKSUM},
    {"swapped digits", "811218-9786", TODAY, BP_PNR_CHECKSUM},
    {"samordningsnummer, wrong check digit", "180375-1230", TODAY, BP_PNR_CHECKSUM},
    /* impossible dates (with a correct check digit, and with a wrong one: the date is named first) */
    {"Feb 29 in a non-leap year", "20230229-1238", TODAY, BP_PNR_DATE},
    {"Feb 29 in a non-leap year, wrong check digit too", "20230229-1230", TODAY, BP_PNR_DATE},
    {"Feb 29 of 1900 (not a leap year)", "19000229-1235", TODAY, BP_PNR_DATE},
    {"Feb 29 of 1900, wrong check digit too", "19000229-1234", TODAY, BP_PNR_DATE},
    {"Feb 29 with plus: 1900, not 2000", "000229+1235", TODAY, BP_PNR_DATE},
    {"month 13", "20181315-1238", TODAY, BP_PNR_DATE},
    {"month 13, 10 digits", "181315-1238", TODAY, BP_PNR_DATE},
    {"month 0", "20180015-1233", TODAY, BP_PNR_DATE},
    {"day 0", "20180300-1237", TODAY, BP_PNR_DATE},
    {"day 32", "20180132-1231", TODAY, BP_PNR_DATE},
    {"April 31", "20180431-1239", TODAY, BP_PNR_DATE},
    {"samordningsnummer day 0 (60)", "180360-1234", TODAY, BP_PNR_DATE},
    {"samordningsnummer day 32 (92)", "180392-1236", TODAY, BP_PNR_DATE},
    {"samordningsnummer Feb 29 in a non-leap year (89)", "20230289-1235", TODAY, BP_PNR_DATE},
    {"before 1800", "17991231-2312", TODAY, BP_PNR_DATE},
    /* born after today */
    {"12 digits, born tomorrow", "20240616-1238", TODAY, BP_PNR_FUTURE},
    {"12 digits, born next year", "20250101-1239", TODAY, BP_PNR_FUTURE},
    {"12 digits, next century", "21000101-1238", TODAY, BP_PNR_FUTURE},
    {"samordningsnummer born tomorrow", "20240676-1235", TODAY, BP_PNR_FUTURE},
    /* format */
    {"empty", "", TODAY, BP_PNR_FORMAT},
    {"NULL", NULL, TODAY, BP_PNR_FORMAT},
    {"letters", "abcdefghij", TODAY, BP_PNR_FORMAT},
    {"a letter among digits", "180315-12a0", TODAY, BP_PNR_FORMAT},
    {"too short: 9 digits", "180315-123", TODAY, BP_PNR_FORMAT},
    {"too short: 9 digits, no separator", "180315123", TODAY, BP_PNR_FORMAT},
    {"11 digits", "18031512300", TODAY, BP_PNR_FORMAT},
    {"11 digits with hyphen", "2018031-51230", TODAY, BP_PNR_FORMAT},
    {"13 digits", "2018031512300", TODAY, BP_PNR_FORMAT},
    {"12 digits and one more", "20180315-12300", TODAY, BP_PNR_FORMAT},
    {"14 digits", "20180315123000", TODAY, BP_PNR_FORMAT},
    {"two hyphens", "180315--1230", TODAY, BP_PNR_FORMAT},
    {"two separators", "1803-15-1230", TODAY, BP_PNR_FORMAT},
    {"hyphen and plus", "180315-+230", TODAY, BP_PNR_FORMAT},
    {"separator in the wrong place", "18031-51230", TODAY, BP_PNR_FORMAT},
    {"separator in the wrong place, 12 digits", "2018031-51230", TODAY, BP_PNR_FORMAT},
    {"separator at the start", "-1803151230", TODAY, BP_PNR_FORMAT},
    {"separator at the end", "1803151230-", TODAY, BP_PNR_FORMAT},
    {"plus with 12 digits", "20180315+1230", TODAY, BP_PNR_FORMAT},
    {"slash as separator", "180315/1230", TODAY, BP_PNR_FORMAT},
    {"underscore as separator", "180315_1230", TODAY, BP_PNR_FORMAT},
    {"space as separator", "180315 1230", TODAY, BP_PNR_FORMAT},
    {"leading space", " 180315-1230", TODAY, BP_PNR_FORMAT},
    {"trailing space", "180315-1230 ", TODAY, BP_PNR_FORMAT},
    {"trailing newline", "180315-1230\n", TODAY, BP_PNR_FORMAT},
    {"spaces only", "           ", TODAY, BP_PNR_FORMAT},
    {"full-width digits", "\xEF\xBC\x91\xEF\xBC\x98\xEF\xBC\x90\xEF\xBC\x93\xEF\xBC\x91\xEF\xBC\x95", TODAY,
     BP_PNR_FORMAT},
    {"UTF-8 minus sign",
     "180315\xE2\x88\x92"
     "1230",
     TODAY, BP_PNR_FORMAT},
    {"a long string of digits", "123456789012345678901234567890", TODAY, BP_PNR_FORMAT},
};

/* An independent Luhn over YYMMDDNNN, so the tables are not checked by the code under test. */
static int luhn_ref(const char *d9)
{
    int sum = 0;
    for (int i = 0; i < 9; i++) {
        int v = (d9[i] - '0') * (i % 2 ? 1 : 2);
        sum += v / 10 + v % 10;
    }
    return (10 - sum % 10) % 10;
}

/* The ten digits YYMMDDNNNC of a well-formed row, or false when the input has another shape. */
static bool ten_digits(const char *s, char out[10])
{
    char d[12];
    size_t n = 0;
    for (; s && *s; s++) {
        if (*s >= '0' && *s <= '9') {
            if (n == sizeof(d))
                return false;
            d[n++] = *s;
        }
    }
    if (n != 10 && n != 12)
        return false;
    memcpy(out, d + (n - 10), 10);
    return true;
}

/* Checks one row; prints what differs and returns the number of mismatches, so that one run lists
 * every failing row rather than the first. */
static int check_row(const struct pnr_row *r)
{
    struct bp_pnr p;
    struct bp_date today;
    enum bp_pnr_result got;
    char birth[11];
    int bad = 0;

    memset(&p, 0x5A, sizeof(p));
    if (!bp_date_parse(r->today, &today)) {
        print_error("%s: bad today %s in the table\n", r->name, r->today);
        return 1;
    }
    got = bp_pnr_parse(r->input, today, &p);
    if (got != r->want) {
        print_error("%s: \"%s\" gave %d, want %d\n", r->name, r->input ? r->input : "(null)", (int)got,
                    (int)r->want);
        return 1;
    }
    if (r->want != BP_PNR_OK)
        return 0;
    bp_date_format(p.birth, birth);
    if (p.kind != r->kind) {
        print_error("%s: kind %d, want %d\n", r->name, (int)p.kind, (int)r->kind);
        bad++;
    }
    if (strcmp(birth, r->birth) != 0) {
        print_error("%s: birth %s, want %s\n", r->name, birth, r->birth);
        bad++;
    }
    if (memchr(p.normalized, '\0', sizeof(p.normalized)) == NULL ||
        strcmp(p.normalized, r->normalized) != 0) {
        print_error("%s: normalized %.14s, want %s\n", r->name, p.normalized, r->normalized);
        bad++;
    }
    return bad;
}

static void test_accepted_forms(void **state)
{
    int bad = 0;
    (void)state;
    for (size_t i = 0; i < BP_ARRAY_LEN(accepted); i++)
        bad += check_row(&accepted[i]);
    assert_int_equal(bad, 0);
}

static void test_refused_inputs(void **state)
{
    int bad = 0;
    (void)state;
    for (size_t i = 0; i < BP_ARRAY_LEN(refused); i++)
        bad += check_row(&refused[i]);
    assert_int_equal(bad, 0);
}

/* The tables themselves: accepted, date and future rows carry a correct check digit (so they test
 * what their names say), checksum rows a wrong one. */
static void test_tables_have_the_check_digits_they_claim(void **state)
{
    (void)state;
    for (size_t i = 0; i < BP_ARRAY_LEN(accepted); i++) {
        char d[10] = {0};
        assert_true(ten_digits(accepted[i].input, d));
        if (luhn_ref(d) != d[9] - '0')
            fail_msg("table row \"%s\" has a wrong check digit (want %d)", accepted[i].name, luhn_ref(d));
    }
    for (size_t i = 0; i < BP_ARRAY_LEN(refused); i++) {
        const struct pnr_row *r = &refused[i];
        char d[10] = {0};
        bool wrong_on_purpose = strstr(r->name, "wrong check digit") != NULL;
        if (r->want == BP_PNR_FORMAT || !ten_digits(r->input, d))
            continue;
        if (r->want == BP_PNR_CHECKSUM || wrong_on_purpose) {
            if (luhn_ref(d) == d[9] - '0')
                fail_msg("table row \"%s\" should have a wrong check digit", r->name);
        } else if (luhn_ref(d) != d[9] - '0') {
            fail_msg("table row \"%s\" has a wrong check digit (want %d)", r->name, luhn_ref(d));
        }
    }
}

static void test_luhn_known_values(void **state)
{
    static const struct {
        const char *d9;
        int check;
    } rows[] = {
        {"811218987", 6}, /* Skatteverket's worked example 811218-9876 */
        {"000000000", 0}, {"180315123", 0}, {"240616123", 8},
        {"991231123", 1}, {"999999999", 9}, {"123456789", 7},
    };
    (void)state;
    for (size_t i = 0; i < BP_ARRAY_LEN(rows); i++) {
        assert_int_equal(bp_pnr_luhn(rows[i].d9), rows[i].check);
        assert_int_equal(luhn_ref(rows[i].d9), rows[i].check);
    }
}

/* bp_pnr_luhn agrees with the reference over many digit strings. */
static void test_luhn_matches_reference(void **state)
{
    (void)state;
    for (unsigned long x = 0; x < 1000000000UL; x += 7919UL * 13) {
        char d9[10];
        snprintf(d9, sizeof(d9), "%09lu", x);
        assert_int_equal(bp_pnr_luhn(d9), luhn_ref(d9));
    }
}

/* Every day of four years, written as a 10-digit number on that very day and on the day after,
 * parses back to the same birth date: the person born today is 0, not 100. */
static void test_every_birthday_parses_back(void **state)
{
    (void)state;
    int64_t start = bp_days_from_civil(2023, 1, 1), end = bp_days_from_civil(2027, 1, 1);
    for (int64_t day = start; day < end; day++) {
        struct bp_date b = bp_civil_from_days(day), next = bp_civil_from_days(day + 1);
        char in[32], d9[32];
        struct bp_pnr p;
        snprintf(d9, sizeof(d9), "%02d%02d%02d123", b.y % 100, b.m, b.d);
        snprintf(in, sizeof(in), "%.6s-%.3s%d", d9, d9 + 6, luhn_ref(d9)); /* "YYMMDD-NNNC" */
        assert_int_equal(bp_pnr_parse(in, b, &p), BP_PNR_OK);
        assert_int_equal(p.birth.y, b.y);
        assert_int_equal(bp_pnr_parse(in, next, &p), BP_PNR_OK);
        assert_int_equal(p.birth.y, b.y);
        assert_int_equal(p.birth.m, b.m);
        assert_int_equal(p.birth.d, b.d);
    }
}

/* A refused number leaves `out` alone: callers may not read half-filled results. */
static void test_refusal_leaves_output_alone(void **state)
{
    struct bp_pnr p, before;
    struct bp_date today = {2024, 6, 15};
    (void)state;
    memset(&p, 0x33, sizeof(p));
    before = p;
    assert_int_equal(bp_pnr_parse("811218-9875", today, &p), BP_PNR_CHECKSUM);
    assert_memory_equal(&p, &before, sizeof(p));
    assert_int_equal(bp_pnr_parse("20240616-1238", today, &p), BP_PNR_FUTURE);
    assert_memory_equal(&p, &before, sizeof(p));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_accepted_forms),
        cmocka_unit_test(test_refused_inputs),
        cmocka_unit_test(test_tables_have_the_check_digits_they_claim),
        cmocka_unit_test(test_luhn_known_values),
        cmocka_unit_test(test_luhn_matches_reference),
        cmocka_unit_test(test_every_birthday_parses_back),
        cmocka_unit_test(test_refusal_leaves_output_alone),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
