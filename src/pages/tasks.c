/* tasks.c: "Mina uppgifter", the work list across the actor's cases, and the task rows the case page
 * shows (issue 4 item 9). Each task: what, for which child, by when, and its status in words and with a
 * symbol (never colour alone). Must not decide anything: app/tasks.c and domain/tasks.c do. */
#include "pages/pages.h"
#include "util/date.h"

/* The status with its symbol class, so that a late task stands out in text as well as in colour. */
static void set_status(struct bp_ctx *c, struct bp_tv *o, const struct bp_task *t)
{
    struct bp_arena *a = &c->arena;
    char due[11], done[11];
    bp_tv_set_str(a, o, "what", bp_label(c->lang, "task", bp_task_kind_codes[t->kind]));
    bp_tv_set_str(a, o, "status", bp_label(c->lang, "task_status", bp_task_status_codes[t->status]));
    bp_tv_set_str(a, o, "status_code", bp_task_status_codes[t->status]);
    bp_tv_set_bool(a, o, "late", t->status == BP_TASK_LATE || t->status == BP_TASK_DONE_LATE);
    bp_tv_set_bool(a, o, "done", t->status == BP_TASK_DONE || t->status == BP_TASK_DONE_LATE);
    if (t->has_due) {
        bp_date_format(t->due, due);
        bp_tv_set_str(a, o, "due", bp_arena_strdup(a, due));
    }
    if (t->has_done) {
        bp_date_format(t->done_on, done);
        bp_tv_set_str(a, o, "done_on", bp_arena_strdup(a, done));
    }
    bp_tv_set_str(a, o, "reason", t->reason && *t->reason ? t->reason : NULL);
    if (t->kind == BP_TASK_ANSWER_INVITATION) /* K-4.6, V-6.2, K-4.7 */
        bp_tv_set_str(a, o, "hint",
                      bp_tr(c->lang, N_("Kallelsen är bindande, som vid en SIP. Kan du inte komma: svara och "
                                        "säg vem från din verksamhet som kommer i stället.")));
    bp_tv_set_int(a, o, "case_id", t->case_id);
}

static void task_row(struct bp_ctx *c, struct bp_tv *o, const void *item, size_t i, void *ud)
{
    set_status(c, o, item);
}

struct bp_tv *bp_task_rows(struct bp_ctx *c, const struct bp_task_list *list)
{
    return list ? bp_tv_each(c, list->items, list->count, sizeof(*list->items), task_row, NULL)
                : bp_tv_list(&c->arena);
}

/* A row of "Mina uppgifter": the task, and the child it is for. */
static void my_task_row(struct bp_ctx *c, struct bp_tv *o, const void *item, size_t i, void *ud)
{
    const struct bp_my_task *t = item;
    set_status(c, o, &t->task);
    bp_tv_set_str(&c->arena, o, "child_name", t->child_name);
}

void bp_h_tasks(struct bp_ctx *c)
{
    struct bp_arena *a = &c->arena;
    struct bp_my_task *tasks;
    struct bp_audit audit;
    struct bp_tv *d = bp_tv_obj(a);
    size_t n;
    enum bp_err rc = bp_uc_my_tasks(c->w->store, a, &c->actor, &tasks, &n, &audit);
    if (bp_failed(c, rc))
        return;
    bp_tv_set(a, d, "tasks", bp_tv_each(c, tasks, n, sizeof(*tasks), my_task_row, NULL));
    bp_tv_set_bool(a, d, "has_tasks", n > 0);
    bp_render_page(c, "tasks", N_("Mina uppgifter"), d);
    bp_audit_then_respond(c, &audit);
}
