/* form_view.c: a form field's value and error for a template, and the error summary that names the
 * field, shared by every form page. Must not know any one form. */
#include "http/http.h"
#include "util/date.h"

void bp_field(struct bp_field_view *f, struct bp_tv *values, struct bp_tv *errors, const char *key,
              const char *name, const char *value, const char *label)
{
    struct bp_arena *a = &f->c->arena;
    const char *code = f->errs ? bp_field_errors_find(f->errs, name) : NULL;
    bp_tv_set_str(a, values, key, value ? value : "");
    if (code) {
        const char *msg = bp_field_error_text(f->c->lang, name, code);
        struct bp_tv *s = bp_tv_obj(a);
        char *id = bp_arena_strdup(a, name), *p;
        for (p = id; *p; p++)
            if (*p == '.')
                *p = '-';
        bp_tv_set_str(a, errors, key, msg);
        bp_tv_set_str(a, s, "id", id);
        bp_tv_set_str(a, s, "message", bp_arena_printf(a, "%s: %s", label, msg));
        bp_tv_push(a, f->summary, s);
    }
}

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
