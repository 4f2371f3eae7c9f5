/* fields.c: the field engine. From a record's table (domain/forms.h) it makes each field of a page's form
 * (the `field` partial draws it: label, hint, error, aria-describedby), decodes a form body and a JSON body
 * into the record's input struct, writes the error summary's lines and the record's JSON. Must not know
 * any one record: what differs between them is in their tables, and the choices that depend on the case
 * come from the page (bp_choices_fn). */
#include <jansson.h>
#include "http/http.h"
#include "util/date.h"

static void set_text_at(void *base, size_t off, const char *v)
{
    memcpy((char *)base + off, &v, sizeof(v));
}

static bool is_id_kind(enum bp_field_kind k)
{
    return k == BP_FIELD_ORG || k == BP_FIELD_ORGS || k == BP_FIELD_GUARDIAN || k == BP_FIELD_USER ||
           k == BP_FIELD_REF || k == BP_FIELD_GUARDIANS;
}

static bool is_list(const struct bp_field_def *f)
{
    return f->in_count != 0;
}

/* "plan.summary" -> "plan-summary": the id of the field's element, and where the summary links. */
static const char *element_id(struct bp_arena *a, const char *path)
{
    char *id = bp_arena_strdup(a, path), *p;
    for (p = id; *p; p++)
        if (*p == '.')
            *p = '-';
    return id;
}

/* The field's path in instance `index` of a repeated record: "guardians.name" -> "guardians.0.name". */
static const char *path_at(struct bp_arena *a, const struct bp_field_def *f, size_t index)
{
    size_t dot = strcspn(f->path, ".");
    if (index == BP_NO_INDEX || !f->path[dot])
        return f->path;
    return bp_arena_printf(a, "%.*s.%zu.%s", (int)dot, f->path, index, f->path + dot + 1);
}

/* The id of the field's element in one copy of a repeated form: "answer-answer-12". */
static const char *instance_id(struct bp_arena *a, const char *path, const char *instance)
{
    const char *id = element_id(a, path);
    return instance ? bp_arena_printf(a, "%s-%s", id, instance) : id;
}

/* The input struct's values (a page's prefilled form, or a body decoded): several for a list; none for a
 * NULL member (the field then shows what is stored, or its initial value). */
static size_t input_values(const struct bp_field_def *f, const void *in, const char **out, size_t max)
{
    size_t n, i;
    if (f->kind == BP_FIELD_BOOL) {
        bool v;
        memcpy(&v, (const char *)in + f->in, sizeof(v));
        out[0] = v ? "1" : "";
        return 1;
    }
    if (!is_list(f)) {
        out[0] = bp_text_at(in, f->in);
        return out[0] ? 1 : 0;
    }
    memcpy(&n, (const char *)in + f->in_count, sizeof(n));
    for (i = 0; i < n && i < max && i < f->in_cap; i++) {
        const char *v = bp_text_at((const char *)in + i * sizeof(const char *), f->in);
        out[i] = v ? v : "";
    }
    return i;
}

/* The values the field shows (several for a list): as typed, as in the input, as stored, or the
 * initial value. */
static size_t field_values(struct bp_ctx *c, const struct bp_field_def *f, const char *path,
                           const struct bp_form_src *src, const char **out, size_t max)
{
    size_t i, n = 0;
    if (src->typed) {
        for (i = 0; i < c->form.count && n < max; i++)
            if (strcmp(c->form.fields[i].name, path) == 0)
                out[n++] = c->form.fields[i].value;
        return n;
    }
    if (src->input && f->kind != BP_FIELD_FILE && (n = input_values(f, src->input, out, max)) > 0)
        return n;
    if (src->stored && f->stored != BP_STORED_NONE)
        return bp_stored_text(&c->arena, f, src->stored, out, max);
    if (f->initial && strcmp(f->initial, "today") == 0) {
        out[0] = bp_date_text(&c->arena, bp_actor_today(&c->actor));
        return 1;
    }
    out[0] = f->initial ? f->initial : "";
    return 1;
}

/* The hint beside a choice of the table's (choice_hints), or "". */
static const char *choice_hint(struct bp_ctx *c, const struct bp_field_def *f, const char *code)
{
    size_t i;
    for (i = 0; f->choice_hints && i < f->n_choices; i++)
        if (strcmp(f->choices[i], code) == 0)
            return f->choice_hints[i] ? bp_tr(c->lang, f->choice_hints[i]) : "";
    return "";
}

static bool among(const char *code, const char *const *values, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++)
        if (values[i] && strcmp(values[i], code) == 0)
            return true;
    return false;
}

/* ---- a page's form ---- */

static struct bp_tv *options_tv(struct bp_ctx *c, const struct bp_field_def *f, bp_choices_fn choices,
                                void *ud, const char *const *values, size_t n_values)
{
    struct bp_arena *a = &c->arena;
    struct bp_tv *list = bp_tv_list(a);
    const struct bp_choice *ch = NULL;
    size_t n = 0, i;
    if (choices)
        n = choices(c, f, ud, &ch);
    if (!ch && f->n_choices) { /* the table's own codes */
        struct bp_choice *own = bp_arena_alloc(a, f->n_choices * sizeof(*own));
        for (i = 0; i < f->n_choices; i++)
            own[i] = (struct bp_choice){f->choices[i], bp_label(c->lang, f->choice_kind, f->choices[i])};
        ch = own;
        n = f->n_choices;
    }
    if (!ch)
        n = 0;
    for (i = 0; i < n; i++) {
        struct bp_tv *o = bp_tv_obj(a);
        bp_tv_set_str(a, o, "code", ch[i].code);
        bp_tv_set_str(a, o, "label", ch[i].label);
        bp_tv_set_str(a, o, "hint", choice_hint(c, f, ch[i].code));
        bp_tv_set_bool(a, o, "selected", among(ch[i].code, values, n_values));
        bp_tv_push(a, list, o);
    }
    return list;
}

/* Every key the partial reads is set on every field, so that no lookup falls through to the page's own
 * keys of the same name. */
/* The ids of what describes the field's element `id`: its hint, its error, its warning ("" for none). */
static const char *describedby(struct bp_arena *a, const struct bp_field_def *f, const char *id, bool error,
                               bool warning)
{
    const char *s = f->hint ? bp_arena_printf(a, "%s-hint", id) : "";
    if (error)
        s = bp_arena_printf(a, "%s%s%s-error", s, *s ? " " : "", id);
    if (warning)
        s = bp_arena_printf(a, "%s%s%s-warning", s, *s ? " " : "", id);
    return s;
}

/* The codes joined by commas (a file field's accepted media types). */
static const char *joined(struct bp_arena *a, const char *const *codes, size_t n)
{
    const char *s = "";
    size_t i;
    for (i = 0; i < n; i++)
        s = bp_arena_printf(a, "%s%s%s", s, i ? "," : "", codes[i]);
    return s;
}

static void set_kind(struct bp_ctx *c, struct bp_tv *o, const struct bp_field_def *f)
{
    struct bp_arena *a = &c->arena;
    static const char *const flags[] = {"is_long",   "is_check", "is_checks",
                                        "is_select", "is_input", "checked"};
    size_t i;
    for (i = 0; i < BP_ARRAY_LEN(flags); i++)
        bp_tv_set_bool(a, o, flags[i], false);
    bp_tv_set_str(a, o, "type", "");
    bp_tv_set_str(a, o, "choice_type", "checkbox");
    bp_tv_set_str(a, o, "accept", "");
    bp_tv_set_int(a, o, "maxlength", 0);
    bp_tv_set_str(a, o, "none", "");
    bp_tv_set(a, o, "options", bp_tv_list(a));
    bp_tv_set_str(a, o, "autocomplete", f->autocomplete ? f->autocomplete : "");
    bp_tv_set_str(a, o, "inputmode", f->inputmode ? f->inputmode : "");
    static const char *const input_types[BP_FIELD_KIND_COUNT] = {
        [BP_FIELD_TEXT] = "text", [BP_FIELD_EMAIL] = "email", [BP_FIELD_PHONE] = "tel",
        [BP_FIELD_DATE] = "date", [BP_FIELD_TIME] = "time",   [BP_FIELD_FILE] = "file",
        [BP_FIELD_URL] = "url"};
    switch (f->kind) {
    case BP_FIELD_LONG_TEXT:
        bp_tv_set_bool(a, o, "is_long", true);
        break;
    case BP_FIELD_BOOL:
        bp_tv_set_bool(a, o, "is_check", true);
        break;
    case BP_FIELD_ORGS:
    case BP_FIELD_GUARDIANS:
        bp_tv_set_bool(a, o, "is_checks", true);
        break;
    case BP_FIELD_CHOICE:
        /* several codes: checkboxes; one, in sight: radio buttons (the same list); else a select */
        bp_tv_set_bool(a, o, is_list(f) || f->radio ? "is_checks" : "is_select", true);
        if (f->radio && !is_list(f))
            bp_tv_set_str(a, o, "choice_type", "radio");
        break;
    case BP_FIELD_ORG:
    case BP_FIELD_GUARDIAN:
    case BP_FIELD_USER:
    case BP_FIELD_REF:
        bp_tv_set_bool(a, o, "is_select", true);
        break;
    default:
        bp_tv_set_bool(a, o, "is_input", true);
        bp_tv_set_str(a, o, "type", f->secret ? "password" : input_types[f->kind]);
        if (f->kind == BP_FIELD_FILE && f->n_choices) /* the media types the file may have */
            bp_tv_set_str(a, o, "accept", joined(a, f->choices, f->n_choices));
    }
    if (f->kind == BP_FIELD_TEXT || f->kind == BP_FIELD_LONG_TEXT || f->kind == BP_FIELD_EMAIL ||
        f->kind == BP_FIELD_PHONE || f->kind == BP_FIELD_URL)
        bp_tv_set_int(a, o, "maxlength", (int64_t)f->max);
}

static struct bp_tv *field_tv(struct bp_ctx *c, const struct bp_field_def *f, const char *path,
                              const struct bp_form_src *src, const struct bp_field_errors *errs,
                              bp_choices_fn choices, void *ud)
{
    struct bp_arena *a = &c->arena;
    struct bp_tv *o = bp_tv_obj(a);
    const char *id = instance_id(a, path, src->instance),
               *code = errs ? bp_field_errors_find(errs, path) : NULL;
    const char *values[BP_MAX_FORM_FIELDS];
    size_t n = field_values(c, f, path, src, values, BP_ARRAY_LEN(values));

    set_kind(c, o, f);
    bp_tv_set_str(a, o, "id", id);
    bp_tv_set_str(a, o, "name", path);
    bp_tv_set_str(a, o, "label", bp_tr(c->lang, f->label));
    bp_tv_set_bool(a, o, "required", f->required);
    bp_tv_set_str(a, o, "hint", "");
    bp_tv_set_str(a, o, "error", "");
    bp_tv_set_str(a, o, "warning", "");
    bp_tv_set_str(a, o, "describedby", describedby(a, f, id, code != NULL, false));
    if (f->hint)
        bp_tv_set_str(a, o, "hint", bp_tr(c->lang, f->hint));
    if (code)
        bp_tv_set_str(a, o, "error", bp_field_error_text(c->lang, path, code));
    bp_tv_set_str(a, o, "value", n && !f->secret ? values[0] : "");
    if (f->kind == BP_FIELD_BOOL)
        bp_tv_set_bool(a, o, "checked", n && values[0] && strcmp(values[0], "1") == 0);
    if (f->none)
        bp_tv_set_str(a, o, "none", bp_tr(c->lang, f->none));
    if (f->kind == BP_FIELD_CHOICE || is_id_kind(f->kind))
        bp_tv_set(a, o, "options", options_tv(c, f, choices, ud, values, n));
    return o;
}

/* "plan." or "guardians.0.": what the paths of the record (or its instance) start with; "" for a record
 * of plain names ("username"). */
static const char *record_prefix(struct bp_arena *a, const struct bp_record_def *r, size_t index)
{
    size_t dot = r->n_fields ? strcspn(r->fields[0].path, ".") : 0;
    if (!r->n_fields || !r->fields[0].path[dot])
        return "";
    if (index == BP_NO_INDEX)
        return bp_arena_printf(a, "%.*s.", (int)dot, r->fields[0].path);
    return bp_arena_printf(a, "%.*s.%zu.", (int)dot, r->fields[0].path, index);
}

/* The errors of the record that no field of its form shows ("signature.plan": the plan is not finished),
 * as {message}: the form shows them above its button. */
static struct bp_tv *other_errors(struct bp_ctx *c, const struct bp_record_def *r, size_t index,
                                  const struct bp_field_errors *errs)
{
    struct bp_arena *a = &c->arena;
    struct bp_tv *list = bp_tv_list(a);
    const char *prefix = record_prefix(a, r, index);
    size_t i, n = strlen(prefix);
    for (i = 0; errs && n && i < errs->count; i++) {
        const struct bp_field_def *f;
        struct bp_tv *o;
        if (strncmp(errs->items[i].field, prefix, n) != 0)
            continue;
        f = bp_record_field(r, errs->items[i].field + n);
        if ((f && !f->api_only) || (!f && r->item && index == BP_NO_INDEX))
            continue; /* drawn beside its field; or an instance's, drawn by that instance */
        o = bp_tv_obj(a);
        bp_tv_set_str(a, o, "message",
                      bp_field_error_text(c->lang, errs->items[i].field, errs->items[i].code));
        bp_tv_push(a, list, o);
    }
    return list;
}

struct bp_tv *bp_form_view_at(struct bp_ctx *c, const struct bp_record_def *r, size_t index,
                              const struct bp_form_src *src, const struct bp_field_errors *errs,
                              bp_choices_fn choices, void *ud)
{
    struct bp_arena *a = &c->arena;
    struct bp_tv *form = bp_tv_obj(a), *list = bp_tv_list(a);
    size_t i;
    bool has_errors = false;
    for (i = 0; i < r->n_fields; i++) {
        const struct bp_field_def *f = &r->fields[i];
        const char *path = path_at(a, f, index);
        struct bp_tv *o;
        if (f->api_only)
            continue;
        o = field_tv(c, f, path, src, errs, choices, ud);
        bp_tv_push(a, list, o);
        bp_tv_set(a, form, f->name, o); /* for a layout that places one field by itself */
        has_errors |= errs && bp_field_errors_find(errs, path) != NULL;
    }
    bp_tv_set(a, form, "fields", list);
    bp_tv_set_bool(a, form, "has_field_errors", has_errors);
    bp_tv_set(a, form, "other_errors", other_errors(c, r, index, errs));
    if (index != BP_NO_INDEX) {
        bp_tv_set_int(a, form, "index", (int64_t)index);
        bp_tv_set_int(a, form, "num", (int64_t)index + 1);
    }
    return form;
}

struct bp_tv *bp_form_view(struct bp_ctx *c, const struct bp_record_def *r, const struct bp_form_src *src,
                           const struct bp_field_errors *errs, bp_choices_fn choices, void *ud)
{
    return bp_form_view_at(c, r, BP_NO_INDEX, src, errs, choices, ud);
}

void bp_form_summary_at(struct bp_ctx *c, const struct bp_record_def *r, size_t index,
                        const struct bp_field_errors *errs, struct bp_tv *summary)
{
    size_t i;
    for (i = 0; errs && i < r->n_fields; i++) {
        const char *path = path_at(&c->arena, &r->fields[i], index);
        const char *code = bp_field_errors_find(errs, path);
        if (code && !r->fields[i].api_only)
            bp_form_summary_line(c, &(struct bp_field_error){.field = path, .code = code}, summary);
    }
}

void bp_form_warnings(struct bp_ctx *c, struct bp_tv *form, const struct bp_record_def *r,
                      const struct bp_field_errors *errs, const struct bp_field_errors *warns)
{
    struct bp_arena *a = &c->arena;
    size_t i;
    for (i = 0; warns && i < r->n_fields; i++) {
        const struct bp_field_def *f = &r->fields[i];
        struct bp_tv *o = (struct bp_tv *)bp_tv_get(form, f->name); /* also the list's item */
        const char *code = bp_field_errors_find(warns, f->path);
        if (!o || !code || f->api_only)
            continue;
        bp_tv_set_str(a, o, "warning", bp_field_error_text(c->lang, f->path, code));
        bp_tv_set_str(
            a, o, "describedby",
            describedby(a, f, element_id(a, f->path), errs && bp_field_errors_find(errs, f->path), true));
    }
}

struct bp_tv *bp_form_summary(struct bp_ctx *c, const struct bp_field_errors *errs)
{
    struct bp_tv *summary = bp_tv_list(&c->arena);
    size_t i;
    for (i = 0; errs && i < errs->count; i++)
        (void)bp_form_summary_line(c, &errs->items[i], summary);
    return summary;
}

bool bp_form_summary_line(struct bp_ctx *c, const struct bp_field_error *e, struct bp_tv *summary)
{
    struct bp_arena *a = &c->arena;
    const struct bp_record_def *r;
    size_t index;
    const struct bp_field_def *f = bp_field_by_path_at(e->field, &r, &index);
    const char *label;
    if (!f)
        return false;
    label = bp_tr(c->lang, f->label);
    if (index != BP_NO_INDEX) /* "Vårdnadshavare 2, Namn" */
        label = bp_arena_printf(a, "%s %zu, %s", bp_tr(c->lang, r->item), index + 1, label);
    bp_summary_add(c, summary, element_id(a, e->field), label,
                   bp_field_error_text(c->lang, e->field, e->code));
    return true;
}

void bp_summary_add(struct bp_ctx *c, struct bp_tv *summary, const char *anchor, const char *label,
                    const char *message)
{
    struct bp_arena *a = &c->arena;
    struct bp_tv *s = bp_tv_obj(a);
    bp_tv_set_str(a, s, "id", anchor);
    bp_tv_set_str(a, s, "message", bp_arena_printf(a, "%s: %s", label, message));
    bp_tv_push(a, summary, s);
}

/* ---- decoding ---- */

void bp_form_read_at(struct bp_ctx *c, const struct bp_record_def *r, size_t index, void *in)
{
    size_t i, j;
    for (i = 0; i < r->n_fields; i++) {
        const struct bp_field_def *f = &r->fields[i];
        const char *path = path_at(&c->arena, f, index);
        if (f->kind == BP_FIELD_FILE || f->api_only)
            continue;
        if (f->kind == BP_FIELD_BOOL) {
            bool v = bp_form_has(&c->form, path, "1");
            memcpy((char *)in + f->in, &v, sizeof(v));
        } else if (is_list(f)) {
            size_t n = 0;
            for (j = 0; j < c->form.count && n < f->in_cap; j++)
                if (strcmp(c->form.fields[j].name, path) == 0)
                    set_text_at((char *)in + n++ * sizeof(const char *), f->in, c->form.fields[j].value);
            memcpy((char *)in + f->in_count, &n, sizeof(n));
        } else {
            const char *v = bp_form_get(&c->form, path);
            set_text_at(in, f->in, f->verbatim ? v : bp_trim(&c->arena, v));
        }
    }
}

void bp_form_read(struct bp_ctx *c, const struct bp_record_def *r, void *in)
{
    bp_form_read_at(c, r, BP_NO_INDEX, in);
}

/* An id member as decimal text (the use cases take what a form would send). */
static const char *id_text(struct bp_ctx *c, json_t *v)
{
    return bp_arena_printf(&c->arena, "%lld", (long long)json_integer_value(v));
}

/* A list: ids (an array of integers, or one integer) or codes (an array of strings). */
static void decode_list(struct bp_ctx *c, const struct bp_field_def *f, const char *path, json_t *v, void *in,
                        struct bp_field_errors *errs)
{
    size_t n = 0, i;
    json_t *x;
    bool ids = is_id_kind(f->kind);
    if (ids && json_is_integer(v)) { /* one value where several may stand */
        set_text_at(in, f->in, id_text(c, v));
        n = 1;
    } else if (!json_is_array(v)) {
        bp_field_errors_add(errs, path, "type");
    } else {
        json_array_foreach(v, i, x)
        {
            if (ids ? !json_is_integer(x) : !json_is_string(x)) {
                bp_field_errors_add(errs, path, "type");
                break;
            }
            if (n == f->in_cap) {
                bp_field_errors_add(errs, path, "too_many");
                break;
            }
            set_text_at((char *)in + n++ * sizeof(const char *), f->in,
                        ids ? id_text(c, x) : json_string_value(x));
        }
    }
    memcpy((char *)in + f->in_count, &n, sizeof(n));
}

/* The field's member of a JSON body, NULL when missing. When the object of a nested name is of another
 * type, that is a "type" error on the first of its fields. */
static json_t *member_of(struct bp_ctx *c, json_t *body, const struct bp_record_def *r, size_t i,
                         struct bp_field_errors *errs)
{
    const char *member = NULL, *parent = bp_json_parent(&c->arena, r->fields[i].name, &member);
    json_t *o;
    if (!parent)
        return json_object_get(body, r->fields[i].name);
    o = json_object_get(body, parent);
    if (o && !json_is_null(o) && !json_is_object(o)) {
        size_t n = strlen(parent);
        if (i == 0 || strncmp(r->fields[i - 1].name, parent, n) != 0 || r->fields[i - 1].name[n] != '.')
            bp_field_errors_add(errs, r->fields[i].path, "type");
        return NULL;
    }
    return json_object_get(o, member);
}

bool bp_api_decode_at(struct bp_ctx *c, json_t *body, const struct bp_record_def *r, size_t index, void *in,
                      struct bp_field_errors *errs)
{
    size_t i, before = errs->count;
    for (i = 0; i < r->n_fields; i++) {
        const struct bp_field_def *f = &r->fields[i];
        json_t *v = member_of(c, body, r, i, errs);
        const char *path;
        if (f->kind == BP_FIELD_FILE || !v || json_is_null(v))
            continue;
        path = path_at(&c->arena, f, index);
        if (is_list(f))
            decode_list(c, f, path, v, in, errs);
        else if (f->kind == BP_FIELD_BOOL && json_is_boolean(v)) {
            bool b = json_is_true(v);
            memcpy((char *)in + f->in, &b, sizeof(b));
        } else if (is_id_kind(f->kind) && json_is_integer(v))
            set_text_at(in, f->in, id_text(c, v));
        else if (f->kind != BP_FIELD_BOOL && !is_id_kind(f->kind) && json_is_string(v))
            set_text_at(in, f->in, json_string_value(v));
        else
            bp_field_errors_add(errs, path, "type");
    }
    return errs->count == before;
}

bool bp_api_decode(struct bp_ctx *c, json_t *body, const struct bp_record_def *r, void *in,
                   struct bp_field_errors *errs)
{
    return bp_api_decode_at(c, body, r, BP_NO_INDEX, in, errs);
}

json_t *bp_api_read(struct bp_ctx *c, const struct bp_record_def *r, void *in)
{
    struct bp_field_errors errs = {0};
    json_t *body = bp_api_body(c);
    if (body && !bp_api_decode(c, body, r, in, &errs)) {
        json_decref(body);
        bp_api_field_errors(c, &errs);
        return NULL;
    }
    return body;
}

/* ---- the record as JSON ---- */

json_t *bp_api_record(struct bp_ctx *c, const struct bp_record_def *r, const void *rec)
{
    return bp_record_json(&c->arena, r, rec);
}

void bp_tv_record(struct bp_ctx *c, struct bp_tv *o, const struct bp_record_def *r, const void *rec)
{
    size_t i;
    for (i = 0; i < r->n_fields; i++) {
        const struct bp_field_def *f = &r->fields[i];
        const char *v[1];
        if (f->stored == BP_STORED_NONE || f->stored == BP_STORED_ID || f->stored == BP_STORED_IDS ||
            !bp_stored_text(&c->arena, f, rec, v, 1))
            continue;
        if (f->stored == BP_STORED_BOOL)
            bp_tv_set_bool(&c->arena, o, f->name, *v[0] != '\0');
        else
            bp_tv_set_str(&c->arena, o, f->name,
                          f->stored == BP_STORED_CODE && f->choice_kind && *v[0]
                              ? bp_label(c->lang, f->choice_kind, v[0])
                              : v[0]);
    }
}

struct bp_choice *bp_choices_alloc(struct bp_arena *a, size_t n)
{
    return bp_arena_alloc(a, (n ? n : 1) * sizeof(struct bp_choice));
}

struct bp_tv *bp_tv_records(struct bp_ctx *c, const struct bp_record_def *r, const void *recs, size_t n,
                            size_t size, bp_tv_more_fn more, void *ud)
{
    struct bp_tv *list = bp_tv_list(&c->arena);
    size_t i;
    for (i = 0; i < n; i++) {
        const void *rec = (const char *)recs + i * size;
        struct bp_tv *o = bp_tv_obj(&c->arena);
        if (r)
            bp_tv_record(c, o, r, rec);
        if (more)
            more(c, o, rec, i, ud);
        bp_tv_push(&c->arena, list, o);
    }
    return list;
}

struct bp_tv *bp_tv_each(struct bp_ctx *c, const void *items, size_t n, size_t size, bp_tv_more_fn fill,
                         void *ud)
{
    return bp_tv_records(c, NULL, items, n, size, fill, ud);
}
