/* forms.c: every record's field table in one list (bp_records), and finding a field by its path. The
 * tables themselves live beside their area (forms_plan.c, ...); the helpers a record's rules use are in
 * fields.c. Pure data. */
#include "domain/forms.h"
#include "util/find.h"

const char *const bp_field_kind_codes[BP_FIELD_KIND_COUNT] = {
    "text", "long_text", "email", "phone",    "date", "time", "choice",
    "bool", "org",       "orgs",  "guardian", "user", "ref",  "file"};

const struct bp_record_def *const bp_records[] = {
    &bp_record_plan,    &bp_record_goal,     &bp_record_intervention, &bp_record_commitment,
    &bp_record_contact, &bp_record_decision, &bp_record_decide,       &bp_record_signature,
};
const size_t bp_n_records = BP_ARRAY_LEN(bp_records);

const struct bp_field_def *bp_record_field(const struct bp_record_def *r, const char *name)
{
    return BP_FIND_NAME(struct bp_field_def, r->fields, r->n_fields, name, name);
}

const struct bp_field_def *bp_field_by_path(const char *path)
{
    size_t i, j;
    for (i = 0; i < bp_n_records; i++)
        for (j = 0; j < bp_records[i]->n_fields; j++)
            if (strcmp(bp_records[i]->fields[j].path, path) == 0)
                return &bp_records[i]->fields[j];
    return NULL;
}
