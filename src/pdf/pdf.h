/* pdf.h: a calm A4 document as PDF, made with cairo and pango (V-8a.3, K-8.1: the plan's copy a family keeps
 * in a folder): a title, a picture of the need areas (three, or the eight-part wellbeing wheel), sections of
 * labelled paragraphs, and on every page a footer with the caller's line (a version and its hash) and
 * "Sida n av m". Knows nothing of the plan, storage or HTTP: the caller gives every word, translated. */
#ifndef BP_PDF_H
#define BP_PDF_H
#include "util/common.h"

struct bp_pictogram; /* pdf/pictogram.h */

/* A paragraph: the label in bold, then the text; `apart` puts the text on its own lines under the label. */
struct bp_pdf_para {
    const char *label; /* NULL: the text alone */
    const char *text;  /* NULL or "": the label alone */
    bool apart;
    const struct bp_pictogram *icon; /* NULL: none; else drawn left of the label (the child's PDF) */
};
struct bp_pdf_section {
    const char *heading;
    const struct bp_pdf_para *paras;
    size_t n_paras;
};
/* One segment of the need areas' picture: its name and how many goals it has. */
struct bp_pdf_area {
    const char *label;
    int count;
};

struct bp_pdf_doc {
    const char *title, *subtitle;    /* "SIP Barnets plan: Name", "Version 2 · Färdigställd 2026-12-01" */
    const char *notice;              /* the confidentiality note under the title; NULL: none */
    const char *areas_heading;       /* the picture's heading */
    const struct bp_pdf_area *areas; /* 3 or 8 (at most 8); 0: no picture */
    size_t n_areas;
    const struct bp_pdf_section *sections;
    size_t n_sections;
    const char *footer;         /* on every page: "Version 2 · SHA-256 ab12..." */
    const char *page, *page_of; /* "Sida", "av": the footer's "Sida 1 av 3" */
    bool large;                 /* the child's copy: larger text (issue 10 item 6) */
};

/* Renders the document. On BP_OK *out is malloc'ed (the caller frees it) and holds *len bytes.
 * BP_ERR_TOO_LARGE past BP_MAX_PDF_BYTES; BP_ERR_INTERNAL when cairo fails. */
enum bp_err bp_pdf_render(const struct bp_pdf_doc *d, unsigned char **out, size_t *len);

/* Frees what pango, cairo and fontconfig keep for the whole process (the font map, the font caches), so
 * that a process that made a PDF exits with nothing left allocated (LeakSanitizer). Call once, at exit,
 * after the last bp_pdf_render; harmless when none was made. */
void bp_pdf_shutdown(void);

#endif
