/* record_schemas.c: prints, as one JSON object, the OpenAPI schemas that the field tables of
 * domain/forms.h stand for: for each record with an API body, its request schema ("request") and the
 * properties its stored form has in answers ("answer"), and its fields as the pages name them ("fields":
 * name, path, label, kind, api_only, max). tests/api/records.test.mjs compares them with
 * docs/openapi.yaml, so that the document and the tables cannot drift apart. A nested name ("answers.q1")
 * is a property of an object property. A test tool; no I/O but standard output. scripts/openapi-records.py
 * writes the same into the document. */
#include <string.h>
#include <stdio.h>
#include <jansson.h>
#include "domain/forms.h"

static json_t *string_schema(const char *format)
{
    json_t *s = json_pack("{s:s}", "type", "string");
    if (format)
        json_object_set_new(s, "format", json_string(format));
    return s;
}

static json_t *enum_of(const struct bp_field_def *f)
{
    json_t *list = json_array();
    size_t i;
    for (i = 0; i < f->n_choices; i++)
        json_array_append_new(list, json_string(f->choices[i]));
    return list;
}

#define TIME_PATTERN "^[0-9]{2}:[0-9]{2}$"

/* What a request may send for the field. */
static json_t *request_property(const struct bp_field_def *f)
{
    json_t *s;
    switch (f->kind) {
    case BP_FIELD_TEXT:
    case BP_FIELD_LONG_TEXT:
    case BP_FIELD_PHONE:
    case BP_FIELD_URL:
        s = string_schema(NULL);
        json_object_set_new(s, "maxLength", json_integer((json_int_t)f->max));
        return s;
    case BP_FIELD_EMAIL:
        s = string_schema(NULL);
        json_object_set_new(s, "maxLength", json_integer((json_int_t)f->max));
        return s;
    case BP_FIELD_DATE:
        return string_schema("date");
    case BP_FIELD_TIME:
        s = string_schema(NULL);
        json_object_set_new(s, "pattern", json_string(TIME_PATTERN));
        return s;
    case BP_FIELD_CHOICE:
        s = string_schema(NULL);
        if (f->n_choices)
            json_object_set_new(s, "enum", enum_of(f));
        if (f->in_count) /* several codes */
            return json_pack("{s:s, s:o, s:I}", "type", "array", "items", s, "maxItems", (json_int_t)f->max);
        return s;
    case BP_FIELD_BOOL:
        return json_pack("{s:s}", "type", "boolean");
    case BP_FIELD_ORGS:
    case BP_FIELD_GUARDIANS:
        return json_pack("{s:s, s:{s:s}, s:I}", "type", "array", "items", "type", "integer", "maxItems",
                         (json_int_t)f->max);
    default: /* ids; a list-valued one takes one id or several */
        if (f->in_count)
            return json_pack("{s:[{s:s},{s:s, s:{s:s}}]}", "oneOf", "type", "integer", "type", "array",
                             "items", "type", "integer");
        return json_pack("{s:s}", "type", "integer");
    }
}

/* How an answer shows the stored value. */
static json_t *answer_property(const struct bp_field_def *f)
{
    json_t *s;
    switch (f->stored) {
    case BP_STORED_STR:
        s = string_schema(NULL);
        break;
    case BP_STORED_ID:
        s = json_pack("{s:s}", "type", "integer");
        break;
    case BP_STORED_IDS:
        return json_pack("{s:s, s:{s:s}}", "type", "array", "items", "type", "integer");
    case BP_STORED_DATE:
        s = string_schema("date");
        break;
    case BP_STORED_MINUTE:
        s = string_schema(NULL);
        json_object_set_new(s, "pattern", json_string(TIME_PATTERN));
        break;
    case BP_STORED_CODE:
        s = string_schema(NULL);
        json_object_set_new(s, "enum", enum_of(f));
        return s;
    case BP_STORED_BOOL:
        return json_pack("{s:s}", "type", "boolean");
    default:
        return NULL;
    }
    json_object_set_new(s, "nullable", json_true());
    return s;
}

/* Puts schema s under `name` in properties `props` ("answers.q1": in the object property "answers", whose
 * members an answer always has: `required` lists them when `all_required`). */
static void put(json_t *props, const char *name, json_t *s, bool all_required)
{
    const char *dot = strchr(name, '.');
    char parent[64];
    json_t *o;
    if (!dot || (size_t)(dot - name) >= sizeof(parent)) {
        json_object_set_new(props, name, s);
        return;
    }
    memcpy(parent, name, (size_t)(dot - name));
    parent[dot - name] = '\0';
    o = json_object_get(props, parent);
    if (!o) {
        o = json_pack("{s:s, s:{}}", "type", "object", "properties");
        if (all_required)
            json_object_set_new(o, "required", json_array());
        json_object_set_new(props, parent, o);
    }
    json_object_set_new(json_object_get(o, "properties"), dot + 1, s);
    if (all_required)
        json_array_append_new(json_object_get(o, "required"), json_string(dot + 1));
}

int main(void)
{
    json_t *out = json_object();
    size_t i, j;
    for (i = 0; i < bp_n_records; i++) {
        const struct bp_record_def *r = bp_records[i];
        json_t *req, *required, *answer, *fields;
        if (!r->schema) /* a page's form only */
            continue;
        req = json_pack("{s:s, s:{}}", "type", "object", "properties");
        required = json_array();
        answer = json_object();
        fields = json_array();
        for (j = 0; j < r->n_fields; j++) {
            const struct bp_field_def *f = &r->fields[j];
            json_t *a;
            if (f->kind == BP_FIELD_FILE)
                continue;
            a = answer_property(f);
            json_array_append_new(fields,
                                  json_pack("{s:s, s:s, s:s, s:s, s:b, s:I}", "name", f->name, "path",
                                            f->path, "label", f->label, "kind", bp_field_kind_codes[f->kind],
                                            "api_only", f->api_only, "max", (json_int_t)f->max));
            put(json_object_get(req, "properties"), f->name, request_property(f), false);
            if (f->required_in_api && !strchr(f->name, '.'))
                json_array_append_new(required, json_string(f->name));
            if (a)
                put(answer, f->name, a, true);
        }
        if (json_array_size(required))
            json_object_set_new(req, "required", required);
        else
            json_decref(required);
        json_object_set_new(out, r->schema,
                            json_pack("{s:s, s:s?, s:o, s:o, s:o}", "record", r->name, "answer_at", r->answer,
                                      "request", req, "answer", answer, "fields", fields));
    }
    json_dumpf(out, stdout, JSON_INDENT(2) | JSON_SORT_KEYS);
    putchar('\n');
    json_decref(out);
    return 0;
}
