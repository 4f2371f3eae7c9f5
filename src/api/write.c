/* write.c: the one handler of the writes the JSON API makes alike (api.h's struct bp_api_write): read the
 * body into the record's input struct, run the write's use case, answer. Its routes name their write in
 * their data; what differs from one write to the next (the record, the use case, the answer) is there. */
#include <jansson.h>
#include "api/api.h"

void bp_h_api_write(struct bp_ctx *c)
{
    const struct bp_api_write *w = c->route->data;
    void *in = bp_arena_alloc(&c->arena, w->in_size); /* zeroed */
    struct bp_field_errors errs = {0};
    int64_t id = 0;
    enum bp_err rc;
    json_t *body = bp_api_read(c, w->rec, in);
    if (!body)
        return;
    rc = w->run(c, in, &id, &errs);
    json_decref(body); /* only now: the input's strings lived in it */
    if (rc != BP_OK)
        bp_api_write_failed(c, rc, &errs);
    else
        w->answer(c, id);
}

void bp_api_answer_created(struct bp_ctx *c, int64_t id)
{
    bp_json(c, 201, bp_api_ok_json(id));
}

void bp_api_answer_changed(struct bp_ctx *c, int64_t id)
{
    bp_json(c, 200, bp_api_ok_json(id));
}

void bp_api_answer_new_id(struct bp_ctx *c, int64_t id)
{
    bp_json(c, 201, json_pack("{s:I}", "id", (json_int_t)id));
}
