/* form.h: decoding of application/x-www-form-urlencoded bodies and query strings.
 * Pure (no I/O), bounded by util/limits.h, and fuzzed (tests/fuzz/fuzz_form.c). */
#ifndef BP_FORM_H
#define BP_FORM_H
#include "util/arena.h"
#include "util/limits.h"

/* Encoded bytes allowed in a field name before it is dropped. */
#define BP_FORM_NAME_ENCODED_MAX (BP_MAX_FORM_NAME * 3)

struct bp_form_field {
    const char *name;
    const char *value; /* NUL-terminated, valid UTF-8: at most max_value bytes are kept, then each invalid
                          byte among them becomes U+FFFD (3 bytes), so len <= 3 * max_value */
    size_t len;
    bool too_long; /* the value was cut at max_value: the field gets "too long", never silently shorter */
};

struct bp_form {
    struct bp_form_field *fields;
    size_t count;
    bool too_many; /* more than max_fields pairs: the request is refused (413) */
};

/* Decodes `data` into `out`, allocating from `a`. `max_fields` and `max_value` bound the work. */
void bp_form_decode(struct bp_arena *a, const char *data, size_t len, size_t max_fields, size_t max_value,
                    struct bp_form *out);
/* First value of `name`, or NULL. */
const struct bp_form_field *bp_form_field(const struct bp_form *f, const char *name);
/* First value of `name`, or "" when absent. */
const char *bp_form_get(const struct bp_form *f, const char *name);
/* `name` as a record id: 0 when absent or empty, -1 when it is no positive integer. */
int64_t bp_form_id(const struct bp_form *f, const char *name);
/* True when any value of `name` equals `value` (for checkbox lists). */
bool bp_form_has(const struct bp_form *f, const char *name, const char *value);

/* Number of code points in valid UTF-8. */
size_t bp_utf8_chars(const char *s, size_t n);
/* True when s[0..n) is valid UTF-8 without NUL or C0 controls other than tab, CR and LF. */
bool bp_utf8_valid_text(const char *s, size_t n);
/* Copies s with invalid UTF-8 replaced by U+FFFD into the arena. */
char *bp_utf8_sanitize(struct bp_arena *a, const char *s, size_t n, size_t *out_len);
/* Trims ASCII white space at both ends, in the arena. */
const char *bp_trim(struct bp_arena *a, const char *s);

#endif
