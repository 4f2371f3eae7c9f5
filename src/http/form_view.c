/* form_view.c: how pages and answers write a date, an id and a moment as text (the form's values, the
 * timeline's times). Must not know any one form: the field engine (fields.c) draws the forms. */
#include "http/http.h"
#include "util/date.h"

const char *bp_date_text(struct bp_arena *a, struct bp_date d)
{
    char buf[11];
    if (!bp_date_valid(d.y, d.m, d.d))
        return "";
    bp_date_format(d, buf);
    return bp_arena_strdup(a, buf);
}

const char *bp_id_text(struct bp_arena *a, int64_t id)
{
    return id ? bp_arena_printf(a, "%lld", (long long)id) : "";
}

const char *bp_time_text(struct bp_arena *a, int64_t t)
{
    char buf[17];
    bp_time_format_local(t, buf);
    return bp_arena_strdup(a, buf);
}
