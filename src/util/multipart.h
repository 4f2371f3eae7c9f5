/* multipart.h: decoding of multipart/form-data bodies (RFC 7578), for forms that carry a file (the
 * scanned consent form, V-2.5, K-2.1). Text parts become fields of the same struct bp_form that
 * form.h fills, with the same rules (names bounded, values cut at max_value and marked too long, UTF-8
 * made valid); file parts become struct bp_upload pointing into the body. Pure (no I/O), bounded by
 * util/limits.h and fuzzed (tests/fuzz/fuzz_multipart.c). Must not judge what a file is (the use case
 * does, by its first bytes) and must not copy file data. */
#ifndef BP_MULTIPART_H
#define BP_MULTIPART_H
#include "util/form.h"

struct bp_upload {
    const char *name;         /* the form field's name; valid UTF-8 */
    const char *filename;     /* as the client gave it (valid UTF-8, at most BP_MAX_UPLOAD_NAME bytes kept;
                                 "" when none was chosen); never trust it for anything but display */
    const char *content_type; /* as the client claimed it, or "" */
    const char *data;         /* points into the body; NULL when too_large */
    size_t len;               /* the part's size, also when too_large */
    bool too_large;           /* more than max_file bytes: data is dropped, the field gets a message */
};

struct bp_uploads {
    struct bp_upload *files;
    size_t count;
};

struct bp_multipart_limits {
    size_t max_fields; /* text fields (as form.h); more: form->too_many */
    size_t max_value;  /* bytes kept of a text value (as form.h) */
    size_t max_file;   /* bytes of one file; larger ones are kept as too_large */
};

/* The boundary parameter of a multipart/form-data Content-Type, quoted or not, into buf (at least
 * BP_MAX_BOUNDARY + 1 bytes). False when the type is not multipart/form-data or the boundary is
 * missing, empty, too long or holds characters RFC 2046 does not allow. */
bool bp_multipart_boundary(const char *content_type, char *buf);

/* Decodes `body` (len bytes) with `boundary` into `form` and `uploads`, allocating from `a`.
 * BP_ERR_INVALID: malformed (no opening delimiter, no closing one, a part without a
 * Content-Disposition: form-data with a name, a bad header line); BP_ERR_TOO_LARGE: more than
 * BP_MAX_MULTIPART_PARTS parts, BP_MAX_MULTIPART_FILES files or a part header over BP_MAX_PART_HEADER
 * bytes. On an error `form` and `uploads` are empty. Too many text fields is form->too_many, as in
 * form.h. */
enum bp_err bp_multipart_decode(struct bp_arena *a, const char *boundary, const char *body, size_t len,
                                const struct bp_multipart_limits *lim, struct bp_form *form,
                                struct bp_uploads *uploads);

/* The first upload of field `name`, or NULL. */
const struct bp_upload *bp_upload_get(const struct bp_uploads *u, const char *name);

#endif
