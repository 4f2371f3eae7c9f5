/* record.c: a stored record's values from its field table (domain/forms.h), as text (what a form shows and
 * a page reads) and as JSON (what the API answers and what a plan version's canonical content is made
 * of). Knows no HTTP and no page: the field engine (http/fields.c) and the use cases (app/) both call it.
 * Must not know any one record. */
#include <string.h>
#include "record/record.h"
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
    char buf[BP_INT_TEXT_MAX];
    size_t n;
    if (!id)
        return "";
    n = bp_int_text(buf, id);
    return bp_arena_strndup(a, buf, n);
}

const char *bp_text_at(const void *base, size_t off)
{
    const char *v;
    memcpy(&v, (const char *)base + off, sizeof(v));
    return v;
}

const char *bp_json_parent(struct bp_arena *a, const char *name, const char **member)
{
    const char *dot = strchr(name, '.');
    if (!dot)
        return NULL;
    *member = dot + 1;
    return bp_arena_strndup(a, name, (size_t)(dot - name));
}

size_t bp_stored_text(struct bp_arena *a, const struct bp_field_def *f, const void *rec, const char **out,
                      size_t max)
{
    const char *p = (const char *)rec + f->out;
    switch (f->stored) {
    case BP_STORED_STR:
        out[0] = bp_text_at(rec, f->out);
        return 1;
    case BP_STORED_ID: {
        int64_t id;
        memcpy(&id, p, sizeof(id));
        out[0] = bp_id_text(a, id);
        return 1;
    }
    case BP_STORED_IDS: {
        size_t n, i;
        memcpy(&n, (const char *)rec + f->out_count, sizeof(n));
        for (i = 0; i < n && i < max; i++) {
            int64_t id;
            memcpy(&id, p + i * sizeof(int64_t), sizeof(id));
            out[i] = bp_id_text(a, id);
        }
        return i;
    }
    case BP_STORED_DATE: {
        struct bp_date d;
        bool has = true;
        memcpy(&d, p, sizeof(d));
        if (f->out_has)
            memcpy(&has, (const char *)rec + f->out_has, sizeof(has));
        out[0] = has ? bp_date_text(a, d) : "";
        return 1;
    }
    case BP_STORED_MINUTE: {
        int m;
        memcpy(&m, p, sizeof(m));
        out[0] = m < 0 ? "" : bp_arena_printf(a, "%02d:%02d", m / 60, m % 60);
        return 1;
    }
    case BP_STORED_CODE: {
        int v;
        memcpy(&v, p, sizeof(v));
        out[0] = v >= 0 && (size_t)v < f->n_choices ? f->choices[v] : "";
        return 1;
    }
    case BP_STORED_BOOL: {
        bool v;
        memcpy(&v, p, sizeof(v));
        out[0] = v ? "1" : "";
        return 1;
    }
    case BP_STORED_NONE:
        break;
    }
    return 0;
}

static json_t *str_or_null(const char *s)
{
    return s ? json_string(s) : json_null();
}

/* Sets member `name` of o ("answers.q1": q1 of the object "answers", made when missing). */
static void set_member(struct bp_arena *a, json_t *o, const char *name, json_t *x)
{
    const char *member = NULL, *parent = bp_json_parent(a, name, &member);
    json_t *into = parent ? json_object_get(o, parent) : o;
    if (!into) {
        into = json_object();
        json_object_set_new(o, parent, into);
    }
    json_object_set_new(into, parent ? member : name, x);
}

json_t *bp_record_json(struct bp_arena *a, const struct bp_record_def *r, const void *rec)
{
    json_t *o = json_object();
    size_t i;
    for (i = 0; i < r->n_fields; i++) {
        const struct bp_field_def *f = &r->fields[i];
        const char *p = (const char *)rec + f->out;
        const char *v[1]; /* a date, clock time or code: one value */
        json_t *x = NULL;
        switch (f->stored) {
        case BP_STORED_NONE:
            continue;
        case BP_STORED_STR:
            x = str_or_null(bp_text_at(rec, f->out));
            break;
        case BP_STORED_ID: {
            int64_t id;
            memcpy(&id, p, sizeof(id));
            x = id ? json_integer(id) : json_null();
            break;
        }
        case BP_STORED_IDS: {
            size_t n, j;
            memcpy(&n, (const char *)rec + f->out_count, sizeof(n));
            x = json_array();
            for (j = 0; j < n; j++) {
                int64_t id;
                memcpy(&id, p + j * sizeof(int64_t), sizeof(id));
                json_array_append_new(x, json_integer(id));
            }
            break;
        }
        case BP_STORED_BOOL: {
            bool b;
            memcpy(&b, p, sizeof(b));
            x = json_boolean(b);
            break;
        }
        default: /* dates, clock times and codes: the text a form shows, null for none */
            x = bp_stored_text(a, f, rec, v, 1) && v[0] && *v[0] ? json_string(v[0]) : json_null();
        }
        set_member(a, o, f->name, x);
    }
    return o;
}
