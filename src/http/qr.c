/* qr.c: a QR code for the survey's paper letter (V-12.1): libqrencode's modules as one SVG path, drawn by
 * the template (no raw markup: the path is text). Must not know the survey. */
#include <qrencode.h>
#include "http/http.h"

#define QUIET 4 /* the quiet zone's width in modules (ISO/IEC 18004) */

const char *bp_qr_svg_path(struct bp_arena *a, const char *text, int *size)
{
    QRcode *qr = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
    struct bp_buf *b;
    int x, y, run;
    if (!qr)
        return NULL;
    *size = qr->width + 2 * QUIET;
    b = bp_arena_buf(a, (size_t)qr->width * (size_t)qr->width * 12 + 64);
    for (y = 0; y < qr->width; y++)
        for (x = 0; x<qr->width; x += run> 0 ? run : 1) {
            for (run = 0; x + run < qr->width && (qr->data[y * qr->width + x + run] & 1); run++)
                ;
            if (run > 0) /* one rectangle for a row's run of dark modules */
                bp_buf_addf(b, "M%d %dh%dv1h-%dz", x + QUIET, y + QUIET, run, run);
        }
    QRcode_free(qr);
    return bp_buf_failed(b) ? NULL : bp_buf_str(b);
}
