/* pdf.c: a calm A4 document as PDF with cairo and pango (pdf.h). The text is laid out once into blocks
 * (one pango layout each), then placed twice line by line: the first pass counts the pages, the second
 * draws them with "Sida n av m" in each footer (a PDF page cannot be changed once shown). A heading, and a
 * label above its text, is kept with the first lines after it. Fonts come from fontconfig (DejaVu Sans: å, ä,
 * ö and the rest). Must not know what the document is about, read a clock or touch anything but its output.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <cairo-pdf.h>
#include <fontconfig/fontconfig.h>
#include <pango/pangocairo.h>
#include "pdf/pdf.h"
#include "pdf/pictogram.h"
#include "util/limits.h"

/* A4 in points, and the page's frame: a wide margin for the holes of a folder on the left. */
#define PAGE_W     595.28
#define PAGE_H     841.89
#define LEFT       70.0
#define RIGHT      56.0
#define TOP        56.0
#define BOTTOM     (PAGE_H - 72.0)
#define TEXT_W     (PAGE_W - LEFT - RIGHT)
#define INDENT     14.0
#define PICTURE    250.0 /* the need areas' picture's height */
#define MAX_BLOCKS 4096
#define ICON       40.0 /* a pictogram beside a label (the child's copy) */

enum kind { TITLE, SUBTITLE, HEADING, PARA, FOOTER, LABEL, PICTURE_BLOCK };

struct block {
    enum kind kind;
    PangoLayout *layout;             /* NULL for the picture */
    double x, before;                /* its left edge, the space above it */
    const struct bp_pictogram *icon; /* drawn at the left margin beside this block's first line */
};

struct out {
    unsigned char *data;
    size_t len, cap;
    bool too_large;
};

struct render {
    cairo_t *cr;
    const struct bp_pdf_doc *d;
    struct block *blocks;
    size_t n;
    PangoFontDescription *fonts[PICTURE_BLOCK];
    bool draw;
    int page, pages;
    double y;
    double icon_bottom; /* the next label or heading starts below the last pictogram */
};

static cairo_status_t write_out(void *closure, const unsigned char *data, unsigned int length)
{
    struct out *o = closure;
    if (o->len + length > BP_MAX_PDF_BYTES) {
        o->too_large = true;
        return CAIRO_STATUS_WRITE_ERROR;
    }
    if (o->len + length > o->cap) {
        size_t cap = o->cap ? o->cap : 64 * 1024;
        unsigned char *more;
        while (cap < o->len + length)
            cap *= 2;
        if (!(more = realloc(o->data, cap)))
            BUG("out of memory");
        o->data = more;
        o->cap = cap;
    }
    memcpy(o->data + o->len, data, length);
    o->len += length;
    return CAIRO_STATUS_SUCCESS;
}

/* ---- laying out ---- */

static PangoLayout *layout(struct render *r, enum kind k, const char *text, double width)
{
    PangoLayout *l = pango_cairo_create_layout(r->cr);
    pango_layout_set_font_description(l, r->fonts[k]);
    pango_layout_set_width(l, (int)(width * PANGO_SCALE));
    pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
    pango_layout_set_spacing(l, k == PARA ? 2 * PANGO_SCALE : 0);
    pango_layout_set_text(l, text ? text : "", -1);
    return l;
}

static void add(struct render *r, enum kind k, PangoLayout *l, double x, double before)
{
    if (r->n == MAX_BLOCKS) { /* the callers' limits keep a plan far below this */
        if (l)
            g_object_unref(l);
        return;
    }
    r->blocks[r->n++] = (struct block){k, l, x, before};
}

/* "Label: text" with the label in bold, or the label on its own line and the text under it. */
static void add_para(struct render *r, const struct bp_pdf_para *p)
{
    bool has_text = p->text && *p->text, has_label = p->label && *p->label;
    if (p->icon && has_label) { /* the picture left, the label and the text beside it */
        add(r, LABEL, layout(r, LABEL, p->label, TEXT_W - ICON - INDENT), LEFT + ICON + INDENT, 12);
        r->blocks[r->n - 1].icon = p->icon;
        if (has_text)
            add(r, PARA, layout(r, PARA, p->text, TEXT_W - ICON - INDENT), LEFT + ICON + INDENT, 1);
    } else if (has_label && (p->apart || !has_text)) {
        add(r, LABEL, layout(r, LABEL, p->label, TEXT_W), LEFT, 8);
        if (has_text)
            add(r, PARA, layout(r, PARA, p->text, TEXT_W - INDENT), LEFT + INDENT, 1);
    } else if (has_label) {
        char *s = g_strdup_printf("%s: %s", p->label, p->text);
        PangoLayout *l = layout(r, PARA, s, TEXT_W);
        PangoAttrList *at = pango_attr_list_new();
        PangoAttribute *bold = pango_attr_weight_new(PANGO_WEIGHT_BOLD);
        bold->start_index = 0;
        bold->end_index = (guint)strlen(p->label) + 1;
        pango_attr_list_insert(at, bold);
        pango_layout_set_attributes(l, at);
        pango_attr_list_unref(at);
        g_free(s);
        add(r, PARA, l, LEFT, 5);
    } else if (has_text) {
        add(r, PARA, layout(r, PARA, p->text, TEXT_W), LEFT, 5);
    }
}

static void lay_out(struct render *r)
{
    const struct bp_pdf_doc *d = r->d;
    size_t i, j;
    add(r, TITLE, layout(r, TITLE, d->title, TEXT_W), LEFT, 0);
    add(r, SUBTITLE, layout(r, SUBTITLE, d->subtitle, TEXT_W), LEFT, 4);
    if (d->notice && *d->notice)
        add(r, SUBTITLE, layout(r, SUBTITLE, d->notice, TEXT_W), LEFT, 4);
    if (d->n_areas) {
        add(r, HEADING, layout(r, HEADING, d->areas_heading, TEXT_W), LEFT, 20);
        add(r, PICTURE_BLOCK, NULL, LEFT, 4);
    }
    for (i = 0; i < d->n_sections; i++) {
        const struct bp_pdf_section *s = &d->sections[i];
        add(r, HEADING, layout(r, HEADING, s->heading, TEXT_W), LEFT, 18);
        for (j = 0; j < s->n_paras; j++)
            add_para(r, &s->paras[j]);
    }
}

/* ---- placing and drawing ---- */

static void footer(struct render *r)
{
    cairo_t *cr = r->cr;
    PangoLayout *l;
    char *n;
    cairo_set_source_rgb(cr, 0.6, 0.6, 0.6);
    cairo_set_line_width(cr, 0.5);
    cairo_move_to(cr, LEFT, PAGE_H - 52);
    cairo_line_to(cr, PAGE_W - RIGHT, PAGE_H - 52);
    cairo_stroke(cr);
    cairo_set_source_rgb(cr, 0.25, 0.25, 0.25);
    l = layout(r, FOOTER, r->d->footer, TEXT_W); /* its first line is short: the page number beside it */
    cairo_move_to(cr, LEFT, PAGE_H - 46);
    pango_cairo_show_layout(cr, l);
    g_object_unref(l);
    n = g_strdup_printf("%s %d %s %d", r->d->page, r->page, r->d->page_of, r->pages);
    l = layout(r, FOOTER, n, 80);
    pango_layout_set_alignment(l, PANGO_ALIGN_RIGHT);
    cairo_move_to(cr, PAGE_W - RIGHT - 80, PAGE_H - 46);
    pango_cairo_show_layout(cr, l);
    g_object_unref(l);
    g_free(n);
}

static void next_page(struct render *r)
{
    if (r->draw) {
        footer(r);
        cairo_show_page(r->cr);
    }
    r->page++;
    r->y = TOP;
    r->icon_bottom = 0;
}

/* A pictogram (pictogram.h) in a box of ICON points at (x, y): its path of M, L, C and Z, and its circles. */
static void pictogram(cairo_t *cr, const struct bp_pictogram *p, double x, double y)
{
    const double k = ICON / BP_PICTOGRAM_GRID;
    const char *s = p->path;
    double v[6];
    size_t i;
    cairo_save(cr);
    cairo_translate(cr, x, y);
    cairo_scale(cr, k, k);
    cairo_set_source_rgb(cr, 0.12, 0.16, 0.2);
    cairo_set_line_width(cr, 3);
    cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    while (*s) {
        char op = *s++;
        int n = op == 'C' ? 6 : op == 'M' || op == 'L' ? 2 : 0, j;
        char *end;
        if (op == ' ')
            continue;
        for (j = 0; j < n; j++, s = end)
            v[j] = strtod(s, &end);
        if (op == 'M')
            cairo_move_to(cr, v[0], v[1]);
        else if (op == 'L')
            cairo_line_to(cr, v[0], v[1]);
        else if (op == 'C')
            cairo_curve_to(cr, v[0], v[1], v[2], v[3], v[4], v[5]);
        else if (op == 'Z')
            cairo_close_path(cr);
    }
    cairo_stroke(cr);
    for (i = 0; i < BP_PICTOGRAM_CIRCLES && p->circles[i].r > 0; i++) {
        cairo_new_sub_path(cr);
        cairo_arc(cr, p->circles[i].cx, p->circles[i].cy, p->circles[i].r, 0, 2 * M_PI);
        if (p->circles[i].filled)
            cairo_fill(cr);
        else
            cairo_stroke(cr);
    }
    cairo_restore(cr);
}

/* Light fills, as on the plan page: the dark text on them and the white lines between them stay readable. */
static const double fills[8][3] = {{0.81, 0.89, 0.96}, {0.84, 0.94, 0.85}, {0.99, 0.89, 0.77},
                                   {0.90, 0.86, 0.95}, {0.98, 0.84, 0.86}, {0.83, 0.93, 0.93},
                                   {0.95, 0.93, 0.76}, {0.87, 0.89, 0.91}};

/* The need areas as a wheel of equal segments from the top, clockwise, as the plan page's SVG draws them:
 * the number of goals in each segment, its name outside. */
static void picture(struct render *r, double top)
{
    cairo_t *cr = r->cr;
    size_t n = r->d->n_areas > 8 ? 8 : r->d->n_areas, i;
    double cx = LEFT + TEXT_W / 2, cy = top + PICTURE / 2, rad = 82, step = 2 * M_PI / (double)n;
    cairo_set_line_width(cr, 2);
    for (i = 0; i < n; i++) {
        double a0 = -M_PI / 2 + step * (double)i, a1 = a0 + step, mid = (a0 + a1) / 2;
        double lx = cx + (rad + 12) * cos(mid), ly = cy + (rad + 12) * sin(mid);
        char num[16];
        PangoLayout *l;
        int w, h;
        cairo_move_to(cr, cx, cy);
        cairo_arc(cr, cx, cy, rad, a0, a1);
        cairo_close_path(cr);
        cairo_set_source_rgb(cr, fills[i][0], fills[i][1], fills[i][2]);
        cairo_fill_preserve(cr);
        cairo_set_source_rgb(cr, 1, 1, 1);
        cairo_stroke(cr);
        cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
        snprintf(num, sizeof(num), "%d", r->d->areas[i].count);
        l = layout(r, HEADING, num, 40);
        pango_layout_get_pixel_size(l, &w, &h);
        cairo_move_to(cr, cx + rad * 0.6 * cos(mid) - w / 2.0, cy + rad * 0.6 * sin(mid) - h / 2.0);
        pango_cairo_show_layout(cr, l);
        g_object_unref(l);
        l = layout(r, PARA, r->d->areas[i].label, 150);
        pango_layout_get_pixel_size(l, &w, &h);
        if (fabs(cos(mid)) < 0.2) /* above or below the wheel: centred */
            lx -= w / 2.0;
        else if (cos(mid) < 0)
            lx -= w;
        if (sin(mid) < -0.2)
            ly -= h;
        else if (fabs(sin(mid)) <= 0.2)
            ly -= h / 2.0;
        cairo_move_to(cr, lx, ly);
        pango_cairo_show_layout(cr, l);
        g_object_unref(l);
    }
}

/* The height of a layout's first lines: a heading is kept with at least two lines of what follows. */
static double first_lines(const struct block *b)
{
    PangoRectangle log;
    if (!b->layout)
        return PICTURE;
    pango_layout_get_pixel_extents(b->layout, NULL, &log);
    return pango_layout_get_line_count(b->layout) > 2
               ? log.height * 2.0 / pango_layout_get_line_count(b->layout)
               : log.height;
}

static void place(struct render *r, const struct block *b, const struct block *next)
{
    PangoLayoutIter *it;
    if (r->y > TOP)
        r->y += b->before;
    if ((b->kind == HEADING || b->kind == LABEL) && r->y < r->icon_bottom)
        r->y = r->icon_bottom + b->before / 2;
    if ((b->kind == HEADING || b->kind == LABEL) && next &&
        r->y + 24 + next->before + (next->icon ? fmax(ICON, first_lines(next)) : first_lines(next)) > BOTTOM)
        next_page(r);
    if (b->icon && r->y + ICON > BOTTOM)
        next_page(r);
    if (b->icon) {
        if (r->draw)
            pictogram(r->cr, b->icon, LEFT, r->y);
        r->icon_bottom = r->y + ICON;
    }
    if (!b->layout) {
        if (r->y + PICTURE > BOTTOM)
            next_page(r);
        if (r->draw)
            picture(r, r->y);
        r->y += PICTURE;
        return;
    }
    it = pango_layout_get_iter(b->layout);
    do {
        PangoRectangle log;
        double h;
        int baseline = pango_layout_iter_get_baseline(it);
        pango_layout_iter_get_line_extents(it, NULL, &log);
        h = (double)log.height / PANGO_SCALE;
        if (r->y + h > BOTTOM)
            next_page(r);
        if (r->draw) {
            cairo_set_source_rgb(r->cr, 0.1, 0.1, 0.1);
            cairo_move_to(r->cr, b->x + (double)log.x / PANGO_SCALE,
                          r->y + (double)(baseline - log.y) / PANGO_SCALE);
            pango_cairo_show_layout_line(r->cr, pango_layout_iter_get_line_readonly(it));
        }
        r->y += h;
    } while (pango_layout_iter_next_line(it));
    pango_layout_iter_free(it);
}

static void place_all(struct render *r)
{
    size_t i;
    r->page = 1;
    r->y = TOP;
    r->icon_bottom = 0;
    for (i = 0; i < r->n; i++)
        place(r, &r->blocks[i], i + 1 < r->n ? &r->blocks[i + 1] : NULL);
    r->pages = r->page;
}

enum bp_err bp_pdf_render(const struct bp_pdf_doc *d, unsigned char **out, size_t *len)
{
    static const char *const fonts[PICTURE_BLOCK] = {"DejaVu Sans Bold 17",   "DejaVu Sans 8.5",
                                                     "DejaVu Sans Bold 12.5", "DejaVu Sans 10",
                                                     "DejaVu Sans 7.5",       "DejaVu Sans Bold 10"};
    static const char *const large[PICTURE_BLOCK] = {"DejaVu Sans Bold 24", "DejaVu Sans 12",
                                                     "DejaVu Sans Bold 17", "DejaVu Sans 14",
                                                     "DejaVu Sans 8.5",     "DejaVu Sans Bold 14"};
    struct out o = {0};
    struct render r = {0};
    cairo_surface_t *surface = cairo_pdf_surface_create_for_stream(write_out, &o, PAGE_W, PAGE_H);
    cairo_status_t st;
    size_t i;
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "Barnplan");
    r.cr = cairo_create(surface);
    r.d = d;
    r.blocks = calloc(MAX_BLOCKS, sizeof(*r.blocks));
    if (!r.blocks)
        BUG("out of memory");
    for (i = 0; i < PICTURE_BLOCK; i++)
        r.fonts[i] = pango_font_description_from_string(d->large ? large[i] : fonts[i]);
    lay_out(&r);
    place_all(&r); /* counts the pages */
    r.draw = true;
    place_all(&r);
    footer(&r);
    cairo_show_page(r.cr);
    for (i = 0; i < r.n; i++)
        if (r.blocks[i].layout)
            g_object_unref(r.blocks[i].layout);
    for (i = 0; i < PICTURE_BLOCK; i++)
        pango_font_description_free(r.fonts[i]);
    free(r.blocks);
    cairo_destroy(r.cr);
    cairo_surface_finish(surface);
    st = cairo_surface_status(surface);
    cairo_surface_destroy(surface);
    if (st != CAIRO_STATUS_SUCCESS || o.too_large) {
        free(o.data);
        return o.too_large ? BP_ERR_TOO_LARGE : BP_ERR_INTERNAL;
    }
    *out = o.data;
    *len = o.len;
    return BP_OK;
}

void bp_pdf_shutdown(void)
{
    pango_cairo_font_map_set_default(NULL);
    cairo_debug_reset_static_data();
    FcFini();
}
