/* personnummer.c: parsing and validation of personnummer and samordningsnummer. Pure. */
#include "domain/personnummer.h"

int bp_pnr_luhn(const char digits9[static 9])
{
    int i, sum = 0;
    for (i = 0; i < 9; i++) {
        int v = (digits9[i] - '0') * (i % 2 == 0 ? 2 : 1);
        sum += v > 9 ? v - 9 : v;
    }
    return (10 - sum % 10) % 10;
}

static int num(const char *s, int n)
{
    int v = 0, i;
    for (i = 0; i < n; i++)
        v = v * 10 + (s[i] - '0');
    return v;
}

enum bp_pnr_result bp_pnr_parse(const char *s, struct bp_date today, struct bp_pnr *out)
{
    char d[12];
    size_t n = 0, len;
    int sep = 0; /* '-' or '+' or 0 */
    size_t i;
    int year, month, day, century_given;
    bool coordination = false;

    if (!s)
        return BP_PNR_FORMAT;
    len = strlen(s);
    if (len < 10 || len > 13)
        return BP_PNR_FORMAT;
    for (i = 0; i < len; i++) {
        char c = s[i];
        if (c >= '0' && c <= '9') {
            if (n == sizeof(d))
                return BP_PNR_FORMAT;
            d[n++] = c;
        } else if ((c == '-' || c == '+') && !sep && len - i == 5) {
            sep = (unsigned char)c;
        } else {
            return BP_PNR_FORMAT;
        }
    }
    if (n != 10 && n != 12)
        return BP_PNR_FORMAT;
    if (n == 12 && sep == '+')
        return BP_PNR_FORMAT; /* '+' only makes sense with a two-digit year */

    century_given = n == 12;
    {
        const char *p = century_given ? d + 2 : d; /* YYMMDDNNNC */
        month = num(p + 2, 2);
        day = num(p + 4, 2);
        if (day > 60) {
            coordination = true;
            day -= 60;
        }
        if (bp_pnr_luhn(p) != p[9] - '0') {
            /* check the date first so that the message names the more basic fault; a 12-digit
             * number says its century, so 19000229 is no date even though 20000229 is */
            int y2 = num(p, 2);
            bool date_ok = century_given
                               ? bp_date_valid(num(d, 4), month, day)
                               : bp_date_valid(2000 + y2, month, day) || bp_date_valid(1900 + y2, month, day);
            if (!date_ok)
                return BP_PNR_DATE;
            return BP_PNR_CHECKSUM;
        }
        if (century_given) {
            year = num(d, 4);
        } else {
            int yy = num(p, 2);
            int age_years;
            year = (today.y / 100) * 100 + yy;
            if (year > today.y ||
                (year == today.y && (month > today.m || (month == today.m && day > today.d))))
                year -= 100;
            age_years = today.y - year;
            if (sep == '+' && age_years < 100)
                year -= 100;
        }
    }
    if (!bp_date_valid(year, month, day))
        return BP_PNR_DATE;
    if (bp_days_from_civil(year, month, day) > bp_days_from_civil(today.y, today.m, today.d))
        return BP_PNR_FUTURE;

    out->kind = coordination ? BP_ID_SAMORDNINGSNUMMER : BP_ID_PERSONNUMMER;
    out->birth.y = year;
    out->birth.m = month;
    out->birth.d = day;
    {
        /* "YYYYMMDD-NNNN": every part is known to be in range here, so write the digits directly */
        unsigned dd = (unsigned)(coordination ? day + 60 : day);
        const char *serial = century_given ? d + 8 : d + 6;
        char *o = out->normalized;
        o[0] = (char)('0' + year / 1000 % 10);
        o[1] = (char)('0' + year / 100 % 10);
        o[2] = (char)('0' + year / 10 % 10);
        o[3] = (char)('0' + year % 10);
        o[4] = (char)('0' + month / 10);
        o[5] = (char)('0' + month % 10);
        o[6] = (char)('0' + dd / 10);
        o[7] = (char)('0' + dd % 10);
        o[8] = '-';
        memcpy(o + 9, serial, 4);
        o[13] = '\0';
    }
    return BP_PNR_OK;
}
