/* fields.c: field errors and the text checks every form shares. Pure. */
#include "domain/fields.h"
#include "domain/forms.h"
#include "util/form.h"

void bp_field_errors_add(struct bp_field_errors *e, const char *field, const char *code)
{
    if (e->count < BP_ARRAY_LEN(e->items)) {
        e->items[e->count].field = field;
        e->items[e->count].code = code;
        e->count++;
    }
}

const char *bp_field_errors_find(const struct bp_field_errors *e, const char *field)
{
    size_t i;
    for (i = 0; i < e->count; i++)
        if (strcmp(e->items[i].field, field) == 0)
            return e->items[i].code;
    return NULL;
}

bool bp_check_text(struct bp_field_errors *e, const char *field, const char *v, size_t max, bool required)
{
    size_t n = v ? strlen(v) : 0;
    if (n == 0) {
        if (required)
            bp_field_errors_add(e, field, "required");
        return !required;
    }
    if (!bp_utf8_valid_text(v, n)) {
        bp_field_errors_add(e, field, "invalid");
        return false;
    }
    if (bp_utf8_chars(v, n) > max) {
        bp_field_errors_add(e, field, "too_long");
        return false;
    }
    return true;
}

bool bp_check_email(struct bp_field_errors *e, const char *field, const char *v)
{
    const char *at;
    if (bp_text_empty(v))
        return true;
    if (!bp_check_text(e, field, v, BP_MAX_SHORT_TEXT, false))
        return false;
    at = strchr(v, '@');
    if (!at || at == v || !strchr(at + 1, '.') || strchr(at + 1, '@') || strpbrk(v, " \t\r\n<>\"'") ||
        at[1] == '.' || v[strlen(v) - 1] == '.') {
        bp_field_errors_add(e, field, "email");
        return false;
    }
    return true;
}

void bp_record_copy_texts(const struct bp_record_def *r, const void *in, void *out, bool enforce_required,
                          struct bp_field_errors *errs)
{
    size_t i;
    for (i = 0; i < r->n_fields; i++) {
        const struct bp_field_def *f = &r->fields[i];
        const char *v;
        if ((f->kind != BP_FIELD_TEXT && f->kind != BP_FIELD_LONG_TEXT) || f->stored != BP_STORED_STR)
            continue;
        memcpy(&v, (const char *)in + f->in, sizeof(v));
        bp_check_text(errs, f->path, v, f->max, enforce_required && f->required);
        v = v ? v : "";
        memcpy((char *)out + f->out, &v, sizeof(v));
    }
}
