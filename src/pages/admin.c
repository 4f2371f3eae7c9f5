/* admin.c: the administrators' pages: the audit search (also an organisation's members' activity for its
 * administrator) and the e-mails not sent yet. */
#include <time.h>
#include "pages/pages.h"
#include "util/date.h"
#include "domain/form_inputs.h"

/* The search and its rows; f->member_org_id limits it to one organisation's members (its administrator's
 * view of their activity, issue 10 item 9), whose page it is at `url`. */
static void audit_page(struct bp_ctx *c, struct bp_audit_filter *f, const char *url)
{
    struct bp_arena *a = &c->arena;
    struct bp_audit *rows, audit;
    struct bp_tv *d = bp_tv_obj(a), *list = bp_tv_list(a);
    const struct bp_form_src typed = {.typed = true};
    size_t n, i;
    enum bp_err rc;

    rc = bp_uc_audit_search(c->w->store, a, &c->actor, f, &rows, &n, &audit);
    if (bp_read_failed(c, rc, &audit))
        return;
    for (i = 0; i < n; i++) {
        struct bp_tv *o = bp_tv_obj(a);
        bp_tv_set_str(a, o, "at", bp_time_text(a, rows[i].at));
        bp_tv_set_str(a, o, "user", rows[i].username ? rows[i].username : "");
        bp_tv_set_str(a, o, "action", bp_label(c->lang, "audit_action", rows[i].action));
        bp_tv_set_bool(a, o, "denied",
                       strcmp(rows[i].action, "denied") == 0 || strcmp(rows[i].action, "login_failed") == 0);
        bp_tv_set_str(a, o, "object", bp_label(c->lang, "audit_object", rows[i].object));
        if (rows[i].child_id)
            bp_tv_set_int(a, o, "child_id", rows[i].child_id);
        if (rows[i].case_id)
            bp_tv_set_int(a, o, "case_id", rows[i].case_id);
        bp_tv_set_str(a, o, "org", rows[i].org_name ? rows[i].org_name : "");
        bp_tv_set_str(a, o, "channel", rows[i].channel);
        bp_tv_set_str(a, o, "address", rows[i].address);
        bp_tv_set_str(a, o, "detail", rows[i].detail);
        bp_tv_push(a, list, o);
    }
    bp_tv_set(a, d, "q", bp_form_view(c, &bp_record_audit_query, &typed, NULL, NULL, NULL));
    bp_tv_set(a, d, "rows", list);
    bp_tv_set_bool(a, d, "empty", n == 0);
    bp_tv_set_str(a, d, "search_url", url);
    if (f->member_org_id)
        bp_tv_set_int(a, d, "org_id", f->member_org_id);
    bp_render_page(c, "audit", f->member_org_id ? N_("Personalens aktivitet") : N_("Logg över åtkomst"), d);
    bp_audit_then_respond(c, &audit);
}

void bp_h_audit(struct bp_ctx *c)
{
    struct bp_audit_filter f;
    bp_audit_filter_from_form(c, &f);
    audit_page(c, &f, "/admin/audit");
}

/* GET /admin/orgs/{id}/audit: what the organisation's members did, for its administrator. */
void bp_h_admin_org_audit(struct bp_ctx *c)
{
    struct bp_audit_filter f;
    bp_audit_filter_from_form(c, &f);
    f.member_org_id = c->params[0];
    audit_page(c, &f, bp_arena_printf(&c->arena, "/admin/orgs/%lld/audit", (long long)c->params[0]));
}

static void outbox_row(struct bp_ctx *c, struct bp_tv *o, const void *item, size_t i, void *ud)
{
    const struct bp_outbox_msg *m = item;
    struct bp_arena *a = &c->arena;
    bp_tv_set_str(a, o, "created", bp_time_text(a, m->created_at));
    bp_tv_set_str(a, o, "next", bp_time_text(a, m->next_attempt_at));
    bp_tv_set_str(a, o, "recipient", m->recipient);
    bp_tv_set_str(a, o, "subject", m->subject);
    bp_tv_set_int(a, o, "attempts", m->attempts);
    bp_tv_set_bool(a, o, "failing", m->status == BP_OUTBOX_FAILING);
    bp_tv_set_str(a, o, "error", m->last_error);
}

/* E-mails waiting or failing: a failing one is still retried, and this is where someone sees it. */
void bp_h_admin_outbox(struct bp_ctx *c)
{
    struct bp_arena *a = &c->arena;
    struct bp_outbox_msg *msgs;
    struct bp_audit audit;
    struct bp_tv *d = bp_tv_obj(a);
    size_t n;
    enum bp_err rc = bp_uc_outbox_unsent(c->w->store, a, &c->actor, &msgs, &n, &audit);
    if (bp_read_failed(c, rc, &audit))
        return;
    bp_tv_set(a, d, "messages", bp_tv_each(c, msgs, n, sizeof(*msgs), outbox_row, NULL));
    bp_tv_set_bool(a, d, "empty", n == 0);
    bp_render_page(c, "admin_outbox", N_("E-post som inte har skickats"), d);
    bp_audit_then_respond(c, &audit);
}
