/* pictogram.h: the simple line pictures of the child's plan (issue 10 item 6): one for each need area of the
 * models (Västerbotten's three, Kronoberg's eight), one for each kind of organisation, and a few for the
 * page's parts. Drawn from the same data as inline SVG on the family pages (src/pages/family_child.c) and
 * with cairo in the child's PDF (pdf.c), so the page and the paper show the same pictures. No image files, no
 * emoji fonts. Each picture is on a 48 x 48 grid, drawn with a 3-unit round line. */
#ifndef BP_PICTOGRAM_H
#define BP_PICTOGRAM_H
#include "util/common.h"

#define BP_PICTOGRAM_GRID    48
#define BP_PICTOGRAM_CIRCLES 3

struct bp_pictogram_circle {
    double cx, cy, r;
    bool filled; /* an eye; else a line */
};

struct bp_pictogram {
    const char *name; /* "area:learning", "org:school", "part:meeting" */
    const char *path; /* an SVG path of absolute M, L, C and Z only (pdf.c reads the same) */
    struct bp_pictogram_circle circles[BP_PICTOGRAM_CIRCLES]; /* r == 0 ends the list */
};

/* The picture of `kind` ("area", "org", "part") and `code` (an area code, an org kind code, a part name),
 * or the kind's fallback ("org:other", "area:other") when the code has none; never NULL. */
const struct bp_pictogram *bp_pictogram_find(const char *kind, const char *code);

#endif
