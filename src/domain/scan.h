/* scan.h: the rules for a scanned paper consent form (V-2.5, K-2.1): which files are accepted (PDF,
 * JPEG or PNG, recognised by their first bytes, never by the name or the type the client claims), how
 * large, and how the given file name is cleaned for display. Pure: no I/O. Must not decide who may
 * attach or read a scan (app/consent_scan.c does, under the access rule). */
#ifndef BP_SCAN_H
#define BP_SCAN_H
#include "util/arena.h"
#include "util/limits.h"

enum bp_scan_type {
    BP_SCAN_NONE, /* not a file type we accept */
    BP_SCAN_PDF,
    BP_SCAN_JPEG,
    BP_SCAN_PNG,
    BP_SCAN_TYPE_COUNT
};

/* The type of data[0..len) by its magic bytes. */
enum bp_scan_type bp_scan_sniff(const unsigned char *data, size_t len);
/* "application/pdf", "image/jpeg", "image/png"; NULL for BP_SCAN_NONE. */
const char *bp_scan_mime(enum bp_scan_type t);
/* The type of a stored MIME type; BP_SCAN_NONE when it is none of ours. */
enum bp_scan_type bp_scan_type_of_mime(const char *mime);
/* "pdf", "jpg", "png"; NULL for BP_SCAN_NONE. */
const char *bp_scan_ext(enum bp_scan_type t);
/* "PDF", "JPEG", "PNG" (for "Inskannad blankett (PDF, 230 kB)"); NULL for BP_SCAN_NONE. */
const char *bp_scan_label(enum bp_scan_type t);

/* The file name as given, for display only: the part after the last '/' or '\', invalid UTF-8 and
 * control characters replaced, white space trimmed, at most BP_MAX_UPLOAD_NAME bytes. Never NULL. */
const char *bp_scan_display_name(struct bp_arena *a, const char *name);

#endif
