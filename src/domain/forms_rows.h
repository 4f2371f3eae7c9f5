/* forms_rows.h: the macros that write the rows of the field tables (domain/forms.h), for forms.c and the
 * areas' own table files (forms_<area>.c). Only those files include it; it must not grow anything but
 * the shorthand for a row. */
#ifndef BP_FORMS_ROWS_H
#define BP_FORMS_ROWS_H
#include <stddef.h>
#include "domain/forms.h"
#include "util/limits.h" /* BP_MAX_PASSWORD */

/* One row. `in` and `out` name the members of the record's input and stored structs. */
#define ROW(rec, member, kind_, label_, ...)                                                                 \
    {                                                                                                        \
        .name = #member, .path = rec "." #member, .label = label_, .kind = kind_, __VA_ARGS__                \
    }
/* A row whose name and path are the same plain name ("username"), as clients and links send them. */
#define PLAIN(name_, kind_, label_, ...)                                                                     \
    {                                                                                                        \
        .name = (name_), .path = (name_), .label = (label_), .kind = (kind_), __VA_ARGS__                    \
    }
#define IN(type, m) .in = offsetof(struct type, m)
#define IN_LIST(type, m, n)                                                                                  \
    .in = offsetof(struct type, m), .in_count = offsetof(struct type, n),                                    \
    .in_cap = sizeof(((struct type *)0)->m) / sizeof(const char *)
#define OUT(how, type, m) .stored = (how), .out = offsetof(struct type, m)
#define OUT_IDS(type, m, n)                                                                                  \
    .stored = BP_STORED_IDS, .out = offsetof(struct type, m), .out_count = offsetof(struct type, n)
#define OUT_DATE(type, m, has)                                                                               \
    .stored = BP_STORED_DATE, .out = offsetof(struct type, m), .out_has = offsetof(struct type, has)
/* A password's field: at most BP_MAX_PASSWORD, never drawn with its value (secret), read as sent (verbatim:
 * never trimmed), and the browser's hint `autocomplete_` ("current-password" or "new-password"). */
#define PASSWORD(autocomplete_)                                                                              \
    .max = BP_MAX_PASSWORD, .secret = true, .verbatim = true, .autocomplete = (autocomplete_)
#define CHOICES(kind, codes) .choice_kind = (kind), .choices = (codes), .n_choices = BP_ARRAY_LEN(codes)
#define RECORD(var, name_, schema_, answer_, rows)                                                           \
    const struct bp_record_def var = {name_, schema_, answer_, rows, BP_ARRAY_LEN(rows)}

#endif
