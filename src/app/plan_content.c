/* plan_content.c: a finished plan version's content (V-10.6): the version and its parts as canonical
 * JSON, and the SHA-256 of it, kept with the version when it is finished (migration 009 freezes both).
 * The content is built from the field tables (record/record.h), so a field added to a record is in the
 * content at once. Canonical JSON is RFC 8785 (JCS): members sorted, no white space, strings as UTF-8
 * with only '"', '\' and control characters escaped. jansson's JSON_COMPACT | JSON_SORT_KEYS writes
 * exactly that for this content: every member name is ASCII (so byte order is UTF-16 order), every
 * number an integer, and the texts hold no control character but the newline and the tab (the field
 * checks refuse the others), which both write as \n and \t. */
#include <sodium.h>
#include "app/app_impl.h"
#include "record/record.h"

/* Each record of the array as JSON, with its id when it has one. */
static json_t *records(struct bp_arena *a, const struct bp_record_def *r, const void *recs, size_t n,
                       size_t size, size_t id_at)
{
    json_t *list = json_array();
    size_t i;
    for (i = 0; i < n; i++) {
        const char *rec = (const char *)recs + i * size;
        json_t *o = bp_record_json(a, r, rec);
        if (id_at != (size_t)-1) {
            int64_t id;
            memcpy(&id, rec + id_at, sizeof(id));
            json_object_set_new(o, "id", json_integer(id));
        }
        json_array_append_new(list, o);
    }
    return list;
}

enum bp_err bp_app_plan_content(struct bp_arena *a, struct bp_plan *p, const struct bp_plan_parts *parts)
{
    json_t *o = bp_record_json(a, &bp_record_plan, p);
    unsigned char sum[crypto_hash_sha256_BYTES];
    char hex[crypto_hash_sha256_BYTES * 2 + 1];
    char *text;
    json_object_set_new(o, "case_id", json_integer(p->case_id));
    json_object_set_new(o, "version", json_integer(p->version));
    json_object_set_new(o, "kind", json_string(p->kind));
    json_object_set_new(o, "finished_on", json_string(bp_date_text(a, p->finished_on)));
    json_object_set_new(o, "finished_by", json_integer(p->finished_by));
    json_object_set_new(o, "goals",
                        records(a, &bp_record_goal, parts->goals, parts->n_goals, sizeof(*parts->goals),
                                offsetof(struct bp_goal, id)));
    json_object_set_new(o, "interventions",
                        records(a, &bp_record_intervention, parts->interventions, parts->n_interventions,
                                sizeof(*parts->interventions), offsetof(struct bp_intervention, id)));
    json_object_set_new(o, "commitments",
                        records(a, &bp_record_commitment, parts->commitments, parts->n_commitments,
                                sizeof(*parts->commitments), offsetof(struct bp_commitment, id)));
    json_object_set_new(o, "contacts",
                        records(a, &bp_record_contact, parts->contacts, parts->n_contacts,
                                sizeof(*parts->contacts), (size_t)-1));
    text = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(o);
    if (!text)
        return BP_ERR_INTERNAL;
    p->content = bp_arena_strdup(a, text);
    free(text);
    crypto_hash_sha256(sum, (const unsigned char *)p->content, strlen(p->content));
    p->content_sha256 = bp_arena_strdup(a, sodium_bin2hex(hex, sizeof(hex), sum, sizeof(sum)));
    return BP_OK;
}
