/* pictogram.c: the pictures' data (pictogram.h). Only shapes: what each one means is said in words beside it
 * (its text alternative), by the caller, in the reader's language. */
#include <string.h>
#include "pdf/pictogram.h"

static const struct bp_pictogram pictures[] = {
    /* ---- need areas: Västerbotten (V-0.5) ---- */
    {"area:health", /* a heart */
     "M24 40 C10 30 6 22 6 16 C6 10 11 6 16 6 C20 6 23 9 24 12 C25 9 28 6 32 6 C37 6 42 10 42 16 C42 22 38 "
     "30 "
     "24 40 Z",
     {{0}}},
    {"area:learning", /* an open book */
     "M24 12 L24 40 M24 12 C18 8 10 8 6 10 L6 38 C10 36 18 36 24 40 C30 36 38 36 42 38 L42 10 C38 8 30 8 24 "
     "12 Z",
     {{0}}},
    {"area:safety", /* a house */
     "M6 24 L24 8 L42 24 M12 19 L12 40 L36 40 L36 19 M20 40 L20 29 L28 29 L28 40",
     {{0}}},
    /* ---- need areas: Kronoberg's wheel ---- */
    {"area:safe", /* a shield with a tick */
     "M24 6 L40 12 L40 24 C40 33 33 39 24 42 C15 39 8 33 8 24 L8 12 Z M17 24 L22 29 L31 19",
     {{0}}},
    {"area:healthy", /* a smiling face */
     "M16 28 C19 33 29 33 32 28",
     {{24, 24, 17, false}, {18, 19, 2, true}, {30, 19, 2, true}}},
    {"area:achieving", /* a growing plant */
     "M6 40 L42 40 M24 40 L24 20 M24 30 C16 30 11 24 11 17 C19 17 24 23 24 30 M24 22 C24 14 30 9 37 9 C37 17 "
     "31 "
     "22 24 22",
     {{0}}},
    {"area:active", /* a ball */
     "M12 12 C20 20 20 28 12 36 M36 12 C28 20 28 28 36 36 M7 24 L41 24",
     {{24, 24, 17, false}}},
    {"area:respected", /* a speech bubble */
     "M8 10 L40 10 L40 32 L22 32 L14 40 L14 32 L8 32 Z M15 18 L33 18 M15 25 L28 25",
     {{0}}},
    {"area:responsible", /* a star */
     "M24 6 L29 18 L42 19 L32 28 L35 41 L24 34 L13 41 L16 28 L6 19 L19 18 Z",
     {{0}}},
    {"area:included", /* two people side by side */
     "M8 40 C8 30 12 24 17 24 C22 24 26 30 26 40 M22 40 C22 30 26 24 31 24 C36 24 40 30 40 40",
     {{17, 14, 5, false}, {31, 14, 5, false}}},
    {"area:nurtured", /* a heart held in a bowl of hands */
     "M6 28 C6 37 14 42 24 42 C34 42 42 37 42 28 Z M24 23 C18 19 15 15 17 11 C19 8 23 9 24 12 C25 9 29 8 31 "
     "11 "
     "C33 15 30 19 24 23 Z",
     {{0}}},
    {"area:other", "M24 6 L24 42 M6 24 L42 24", {{24, 24, 17, false}}},
    /* ---- kinds of organisation (enum bp_org_kind) ---- */
    {"org:preschool", /* building blocks */
     "M8 26 L22 26 L22 40 L8 40 Z M26 26 L40 26 L40 40 L26 40 Z M17 12 L31 12 L31 26 L17 26 Z",
     {{0}}},
    {"org:school", /* a school house with a flag */
     "M6 40 L42 40 M10 40 L10 22 L24 14 L38 22 L38 40 M20 40 L20 31 L28 31 L28 40 M24 14 L24 5 L32 7 L24 9",
     {{24, 23, 3, false}}},
    {"org:student_health", /* a plus in a circle */
     "M24 15 L24 33 M15 24 L33 24",
     {{24, 24, 17, false}}},
    {"org:social_services", /* a family: two grown-ups and a child */
     "M6 40 C6 28 10 20 14 20 C18 20 20 26 20 30 M42 40 C42 28 38 20 34 20 C30 20 28 26 28 30 M18 40 C18 34 "
     "20 "
     "30 24 30 C28 30 30 34 30 40",
     {{14, 12, 5, false}, {34, 12, 5, false}, {24, 23, 4, false}}},
    {"org:child_health", /* a baby's bottle */
     "M18 17 L30 17 L30 42 L18 42 Z M20 17 L20 12 L28 12 L28 17 M22 12 L24 6 L26 12 M18 25 L24 25 M18 33 L24 "
     "33",
     {{0}}},
    {"org:primary_care", /* a health care cross */
     "M19 6 L29 6 L29 19 L42 19 L42 29 L29 29 L29 42 L19 42 L19 29 L6 29 L6 19 L19 19 Z",
     {{0}}},
    {"org:child_psychiatry", /* a speech bubble with a heart: someone to talk to about feelings */
     "M8 8 L40 8 L40 32 L22 32 L14 40 L14 32 L8 32 Z M24 27 C18 23 16 19 18 16 C20 13 23 14 24 17 C25 14 28 "
     "13 "
     "30 16 C32 19 30 23 24 27 Z",
     {{0}}},
    {"org:habilitation", /* a puzzle piece */
     "M10 10 L20 10 C20 4 28 4 28 10 L38 10 L38 20 C44 20 44 28 38 28 L38 38 L10 38 Z",
     {{0}}},
    {"org:maternity_care", /* a pram */
     "M6 12 L12 12 L16 32 L38 32 L40 18 L14 18",
     {{17, 38, 4, false}, {35, 38, 4, false}}},
    {"org:youth_outreach", /* a signpost */
     "M24 42 L24 6 M24 10 L38 10 L42 14 L38 18 L24 18 M24 22 L10 22 L6 26 L10 30 L24 30",
     {{0}}},
    {"org:other", /* two buildings */
     "M4 40 L44 40 M8 40 L8 14 L22 8 L22 40 M22 18 L40 18 L40 40 M13 20 L17 20 M13 28 L17 28 M28 26 L34 26 "
     "M28 "
     "33 L34 33",
     {{0}}},
    /* ---- the page's parts ---- */
    {"part:meeting", /* a calendar */
     "M8 12 L40 12 L40 40 L8 40 Z M8 20 L40 20 M16 7 L16 16 M32 7 L32 16",
     {{24, 30, 4, true}}},
    {"part:words", /* a speech bubble with a pencil line */
     "M8 10 L40 10 L40 32 L22 32 L14 40 L14 32 L8 32 Z M15 21 L33 21",
     {{0}}},
    {"part:talk", /* a telephone */
     "M14 6 L20 6 L23 15 L18 18 C20 24 24 28 30 30 L33 25 L42 28 L42 34 C42 38 38 42 34 42 C18 40 8 30 6 14 "
     "C6 "
     "10 10 6 14 6 Z",
     {{0}}},
    {"part:people", /* a person */
     "M10 42 C10 32 16 26 24 26 C32 26 38 32 38 42",
     {{24, 14, 8, false}}},
};

const struct bp_pictogram *bp_pictogram_find(const char *kind, const char *code)
{
    size_t i, k = strlen(kind);
    const struct bp_pictogram *fallback = NULL;
    for (i = 0; i < BP_ARRAY_LEN(pictures); i++) {
        const char *n = pictures[i].name;
        if (strncmp(n, kind, k) != 0 || n[k] != ':')
            continue;
        if (code && strcmp(n + k + 1, code) == 0)
            return &pictures[i];
        if (strcmp(n + k + 1, "other") == 0)
            fallback = &pictures[i];
    }
    return fallback ? fallback : &pictures[BP_ARRAY_LEN(pictures) - 1];
}
