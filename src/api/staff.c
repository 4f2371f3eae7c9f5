/* staff.c: administration in the JSON API (issue 10 item 9): an organisation's staff for its administrator,
 * inviting a colleague, a member's role, disabling and enabling an account, withdrawing or resending an
 * invitation, removing a member. Thin: decode with the field engine
 * (bp_record_invite, bp_record_staff_role), call one use case (app/staff.c: the same rule as the pages,
 * another organisation's staff is 404 and on record as denied), answer JSON. */
#include <jansson.h>
#include "api/api.h"
#include "domain/form_inputs.h"

/* GET /api/v1/admin/orgs/{id}/staff: the organisation and its members (an audited read). */
void bp_h_api_staff(struct bp_ctx *c)
{
    struct bp_staff_view v;
    struct bp_audit audit;
    json_t *o, *list = json_array();
    size_t i;
    enum bp_err rc = bp_uc_staff_view(c->w->store, &c->arena, &c->actor, c->params[0], &v, &audit);
    if (bp_read_failed(c, rc, &audit)) {
        json_decref(list);
        return;
    }
    for (i = 0; i < v.n; i++) {
        const struct bp_staff_member *m = &v.members[i];
        json_array_append_new(list,
                              json_pack("{s:I, s:s, s:s, s:o, s:s, s:b, s:b}", "id", (json_int_t)m->user_id,
                                        "username", m->username, "display_name", m->display_name, "email",
                                        bp_api_str_or_null(m->email), "role", bp_role_codes[m->role],
                                        "disabled", m->disabled, "invited", m->invited));
    }
    o = json_pack("{s:I, s:s, s:o}", "org_id", (json_int_t)v.org.id, "org_name", v.org.name, "staff", list);
    bp_json_audited(c, o, &audit);
}

/* ---- the writes (api/write.c): an invitation (201) and a member's role (200) ---- */

enum bp_err bp_api_staff_invite(struct bp_ctx *c, const void *in, int64_t *id, struct bp_field_errors *errs)
{
    return bp_uc_staff_invite(c->w->store, &c->arena, &c->actor, c->params[0], in, errs);
}

enum bp_err bp_api_staff_role(struct bp_ctx *c, const void *in, int64_t *id, struct bp_field_errors *errs)
{
    const struct bp_staff_role_input *role = in;
    *id = c->params[1]; /* the answer names the member */
    return bp_uc_staff_set_role(c->w->store, &c->arena, &c->actor, c->params[0], c->params[1], role->role,
                                errs);
}

/* A change to one member that takes no body: the use case's answer as JSON. */
static void member_change(struct bp_ctx *c, enum bp_err (*uc)(struct bp_store *, struct bp_arena *,
                                                              const struct bp_actor *, int64_t, int64_t))
{
    struct bp_field_errors errs = {0};
    bp_api_write_done(c, NULL, uc(c->w->store, &c->arena, &c->actor, c->params[0], c->params[1]), &errs, 200,
                      bp_api_ok_json(c->params[1]));
}

void bp_h_api_staff_disable(struct bp_ctx *c)
{
    member_change(c, bp_uc_staff_disable);
}

void bp_h_api_staff_enable(struct bp_ctx *c)
{
    member_change(c, bp_uc_staff_enable);
}

void bp_h_api_staff_invite_withdraw(struct bp_ctx *c)
{
    member_change(c, bp_uc_staff_invite_withdraw);
}

void bp_h_api_staff_invite_resend(struct bp_ctx *c)
{
    member_change(c, bp_uc_staff_invite_resend);
}

void bp_h_api_staff_remove(struct bp_ctx *c)
{
    struct bp_field_errors errs = {0};
    bp_api_write_done(
        c, NULL, bp_uc_staff_remove(c->w->store, &c->arena, &c->actor, c->params[0], c->params[1], &errs),
        &errs, 200, bp_api_ok_json(c->params[1]));
}
