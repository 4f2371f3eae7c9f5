/* form_view.c: how pages and answers write a moment as text (the timeline's times; dates and ids are
 * record/record.h's). Must not know any one form: the field engine (fields.c) draws the forms. */
#include "http/http.h"
#include "util/date.h"

const char *bp_time_text(struct bp_arena *a, int64_t t)
{
    char buf[17];
    bp_time_format_local(t, buf);
    return bp_arena_strdup(a, buf);
}
