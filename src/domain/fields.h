/* fields.h: field errors, shared by every form and API body. Field names are the same in HTML forms and
 * in API error bodies ("child.given_name", "guardians.0.email"); codes are stable and http/messages.c
 * has their text. Pure. */
#ifndef BP_FIELDS_H
#define BP_FIELDS_H
#include "util/common.h"
#include "util/limits.h"

struct bp_field_error {
    const char *field;
    const char *code; /* "required", "too_long", "invalid", "pnr_format", "pnr_date", "pnr_checksum",
                         "future", "choice", "email", "date", "second_guardian", "not_member", ... */
};

struct bp_field_errors {
    struct bp_field_error items[64];
    size_t count;
};
/* A text as typed or stored: NULL or "" is empty; bp_text_or_empty gives "" for NULL (a stored record's texts
 * are never NULL). */
static inline bool bp_text_empty(const char *s)
{
    return !s || !*s;
}
static inline const char *bp_text_or_empty(const char *s)
{
    return s ? s : "";
}

void bp_field_errors_add(struct bp_field_errors *e, const char *field, const char *code);
const char *bp_field_errors_find(const struct bp_field_errors *e, const char *field);

/* Checks one text field: required (when asked), valid UTF-8 without control characters, at most max
 * characters. Adds the error and returns false when it fails. */
bool bp_check_text(struct bp_field_errors *e, const char *field, const char *v, size_t max, bool required);
/* An optional e-mail address: empty passes. */
bool bp_check_email(struct bp_field_errors *e, const char *field, const char *v);

#endif
