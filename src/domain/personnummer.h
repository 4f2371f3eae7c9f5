/* personnummer.h: Swedish personal identity numbers and coordination numbers (samordningsnummer).
 * Pure: "today" is a parameter. Fuzzed by tests/fuzz/fuzz_personnummer.c. */
#ifndef BP_PERSONNUMMER_H
#define BP_PERSONNUMMER_H
#include "util/date.h"
#include "domain/model.h"

enum bp_pnr_result {
    BP_PNR_OK = 0,
    BP_PNR_FORMAT,   /* not 10 or 12 digits with an optional - or + */
    BP_PNR_DATE,     /* no such date (after taking 60 off the day of a samordningsnummer) */
    BP_PNR_CHECKSUM, /* the Luhn check digit does not match */
    BP_PNR_FUTURE,   /* born after today */
};

struct bp_pnr {
    enum bp_id_kind kind; /* BP_ID_PERSONNUMMER or BP_ID_SAMORDNINGSNUMMER */
    struct bp_date birth;
    char normalized[14]; /* "YYYYMMDD-NNNN" as written (samordningsnummer keep their day + 60) */
};

/* Accepts YYYYMMDD-NNNN, YYYYMMDDNNNN, YYMMDD-NNNN, YYMMDDNNNN and YYMMDD+NNNN (from the year the person
 * turns 100). With two-digit years and '-' (or none) the century is the one that makes the person at most 99
 * years old on `today`; with '+' the person turns 100 or more in `today`'s year (folkbokföringslagen 18 §:
 * the hyphen becomes a plus the year the person turns 100, not on the birthday). */
enum bp_pnr_result bp_pnr_parse(const char *s, struct bp_date today, struct bp_pnr *out);
/* The Luhn check digit over the nine digits YYMMDDNNN. */
int bp_pnr_luhn(const char digits9[static 9]);

#endif
