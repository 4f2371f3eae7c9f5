/* fuzz_personnummer.c: fuzz target for bp_pnr_parse (domain/personnummer.c). Each input is parsed
 * as a NUL-terminated string against fixed days (never the clock, so that a finding replays), and
 * the contract of personnummer.h is checked: a number accepted has a 13-character normalized form
 * with a correct check digit, a real birth date not after today, and parses back to itself; a
 * number refused for its check digit has a real date. Must not keep state between inputs. */
#include "fuzz.h"
#include "domain/personnummer.h"

#define MAX_INPUT 64 /* every accepted form is at most 13 bytes; longer inputs only test the length check */

static int digit(char c)
{
    return c - '0';
}

static void check_ok(const char *input, struct bp_date today, const struct bp_pnr *p)
{
    const char *n = p->normalized;
    struct bp_pnr again;
    int day;

    FUZZ_CHECK(p->kind == BP_ID_PERSONNUMMER || p->kind == BP_ID_SAMORDNINGSNUMMER);
    FUZZ_CHECK(memchr(n, '\0', sizeof(p->normalized)) == n + 13);
    for (int i = 0; i < 13; i++)
        FUZZ_CHECK(i == 8 ? n[i] == '-' : n[i] >= '0' && n[i] <= '9');
    FUZZ_CHECK(bp_date_valid(p->birth.y, p->birth.m, p->birth.d));
    FUZZ_CHECK(bp_days_from_civil(p->birth.y, p->birth.m, p->birth.d) <=
               bp_days_from_civil(today.y, today.m, today.d));
    /* the normalized form spells the birth date (day + 60 for a samordningsnummer) */
    day = digit(n[6]) * 10 + digit(n[7]);
    FUZZ_CHECK(digit(n[0]) * 1000 + digit(n[1]) * 100 + digit(n[2]) * 10 + digit(n[3]) == p->birth.y);
    FUZZ_CHECK(digit(n[4]) * 10 + digit(n[5]) == p->birth.m);
    FUZZ_CHECK(day == p->birth.d + (p->kind == BP_ID_SAMORDNINGSNUMMER ? 60 : 0));
    /* its check digit is right, and its last four digits are the input's */
    {
        char d9[9] = {n[2], n[3], n[4], n[5], n[6], n[7], n[9], n[10], n[11]};
        FUZZ_CHECK(bp_pnr_luhn(d9) == digit(n[12]));
    }
    FUZZ_CHECK(memcmp(n + 9, input + strlen(input) - 4, 4) == 0);
    /* and it is a fixed point */
    FUZZ_CHECK(bp_pnr_parse(n, today, &again) == BP_PNR_OK);
    FUZZ_CHECK(strcmp(again.normalized, n) == 0);
    FUZZ_CHECK(again.kind == p->kind);
    FUZZ_CHECK(again.birth.y == p->birth.y && again.birth.m == p->birth.m && again.birth.d == p->birth.d);
}

/* A number refused for its check digit alone has a real birth date: the date is judged first, and
 * a 12-digit number is judged in its own century. */
static void check_checksum_refusal(const char *input)
{
    char d[12];
    size_t n = 0;
    int y2, month, day;
    for (const char *s = input; *s; s++)
        if (*s >= '0' && *s <= '9' && n < sizeof(d))
            d[n++] = *s;
    FUZZ_CHECK(n == 10 || n == 12);
    y2 = digit(d[n - 10]) * 10 + digit(d[n - 9]);
    month = digit(d[n - 8]) * 10 + digit(d[n - 7]);
    day = digit(d[n - 6]) * 10 + digit(d[n - 5]);
    if (day > 60)
        day -= 60;
    if (n == 12)
        FUZZ_CHECK(bp_date_valid(digit(d[0]) * 1000 + digit(d[1]) * 100 + y2, month, day));
    else
        FUZZ_CHECK(bp_date_valid(1900 + y2, month, day) || bp_date_valid(2000 + y2, month, day));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* ordinary days, leap days, and the turns of a year and a century */
    static const struct bp_date days[] = {
        {2024, 6, 15}, {2024, 2, 29}, {2023, 12, 31}, {2000, 1, 1}, {2099, 12, 31}};
    char *s;

    if (size > MAX_INPUT)
        return 0;
    s = malloc(size + 1); /* exact size, so that AddressSanitizer sees any read past the end */
    if (!s)
        return 0;
    memcpy(s, data, size);
    s[size] = '\0';

    for (size_t i = 0; i < sizeof(days) / sizeof(days[0]); i++) {
        struct bp_pnr p;
        size_t len = strlen(s);
        enum bp_pnr_result r;
        memset(&p, 0, sizeof(p));
        r = bp_pnr_parse(s, days[i], &p);
        FUZZ_CHECK(r == BP_PNR_OK || r == BP_PNR_FORMAT || r == BP_PNR_DATE || r == BP_PNR_CHECKSUM ||
                   r == BP_PNR_FUTURE);
        if (len < 10 || len > 13)
            FUZZ_CHECK(r == BP_PNR_FORMAT);
        if (r == BP_PNR_OK)
            check_ok(s, days[i], &p);
        else if (r == BP_PNR_CHECKSUM)
            check_checksum_refusal(s);
    }
    free(s);
    return 0;
}
