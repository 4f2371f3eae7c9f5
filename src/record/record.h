/* record.h: a stored record's values from its field table (domain/forms.h): as text, as a form shows it
 * and a page reads it, and as JSON. Used by the field engine (http/fields.c) and by the use cases that
 * need a record's content as data (app/plan_content.c: a plan version's canonical JSON; app/plan_version.c:
 * comparing versions). Knows no HTTP. */
#ifndef BP_RECORD_H
#define BP_RECORD_H
#include <jansson.h>
#include "domain/forms.h"
#include "util/arena.h"
#include "util/date.h"

/* A date as "YYYY-MM-DD" in the arena, "" for no date; an id as decimal text, "" for 0. */
const char *bp_date_text(struct bp_arena *a, struct bp_date d);
const char *bp_id_text(struct bp_arena *a, int64_t id);

/* The const char * at byte offset `off` of the struct at `base`. */
const char *bp_text_at(const void *base, size_t off);

/* "answers.q1" names member q1 of the object "answers": the object's name (in the arena), or NULL for a
 * plain name; *member is then the part after the dot. */
const char *bp_json_parent(struct bp_arena *a, const char *name, const char **member);

/* Field f's stored values in record `rec`, as text (at most max; one for all but lists): a date
 * "YYYY-MM-DD", a clock time "HH:MM", a code, an id, "1" or "" for yes/no; "" for none. Returns how many. */
size_t bp_stored_text(struct bp_arena *a, const struct bp_field_def *f, const void *rec, const char **out,
                      size_t max);

/* The stored record as a JSON object: every field the table keeps, under its name (a dotted name in its
 * object), null for none. */
json_t *bp_record_json(struct bp_arena *a, const struct bp_record_def *r, const void *rec);

#endif
