/* reminders.c: the scheduler's use case (issue 9, item 10): walk the open cases, work out each one's
 * reminders for today (domain/reminders.c, from the same work list people see), and decide each reminder
 * once: its unique key, its notifications and outbox e-mails (app/notify.c) and its audit entry are in one
 * transaction (with the case's other new reminders), so a reminder is never decided twice, and never
 * decided without its messages; the outbox
 * then delivers at least once under one Message-ID. The scheduler acts for no person: its audit entries
 * have channel "job" and address "scheduler". Must not send anything itself (the mailer does). */
#include "app/app_impl.h"
#include "domain/reminders.h"

#define CASES_PER_BATCH 200

/* Who a reminder is for: its person when known and enabled, else the members of its organisation. */
static enum bp_err recipients(struct bp_store *s, struct bp_arena *a, const struct bp_reminder *r,
                              struct bp_user **people, size_t *n)
{
    if (r->user_id) {
        struct bp_user *u = bp_arena_alloc(a, sizeof(*u));
        enum bp_err rc = bp_user_get(s, a, r->user_id, u);
        if (rc != BP_OK && rc != BP_ERR_NOT_FOUND)
            return rc;
        if (rc == BP_OK && !u->disabled) {
            *people = u;
            *n = 1;
            return BP_OK;
        }
    }
    return bp_org_members(s, a, r->org_id, people, n);
}

/* A reminder for a guardian: an e-mail with the neutral text and no link, when they have an address. */
static enum bp_err tell_guardian(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                 const struct bp_case *k, int64_t guardian_id, const char *kind)
{
    struct bp_guardian *g;
    size_t n, i, told;
    enum bp_err rc = bp_guardian_list(s, a, k->child_id, &g, &n);
    for (i = 0; rc == BP_OK && i < n; i++)
        if (g[i].id == guardian_id)
            rc = bp_app_tell_family(s, a, actor, k->id, &g[i], 1, kind, NULL, &told);
    return rc;
}

/* Decides one reminder in the caller's transaction: nothing when its key was decided before; *fresh says
 * whether it was decided now. */
static enum bp_err decide(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                          const struct bp_case *k, const struct bp_reminder *r, bool *fresh)
{
    const char *kind = bp_reminder_kind_codes[r->kind];
    struct bp_user *people = NULL;
    struct bp_audit audit;
    size_t n = 0;
    enum bp_err rc;

    if ((rc = bp_reminder_decide(s, r->key, k->id, kind, actor->now, fresh)) != BP_OK || !*fresh)
        return rc;
    if (r->guardian_id) /* the family: an e-mail without a link (the code is theirs alone) */
        rc = tell_guardian(s, a, actor, k, r->guardian_id, kind);
    else if ((rc = recipients(s, a, r, &people, &n)) == BP_OK)
        rc = bp_app_notify_users(s, a, actor, k->id, r->org_id, kind, people, n);
    if (rc != BP_OK)
        return rc;
    bp_app_audit_fill(&audit, actor, "create", "reminder");
    audit.case_id = k->id;
    audit.child_id = k->child_id;
    audit.org_id = r->org_id;
    audit.detail = kind;
    return bp_audit_add(s, &audit);
}

/* V-8a.2: the meeting where version p was made, among the snapshot's meetings (its other adults are asked
 * to sign too), or NULL. */
static const struct bp_meeting_view *made_at(struct bp_arena *a, const struct bp_case_snapshot *snap,
                                             const struct bp_plan *p)
{
    struct bp_meeting *ms = bp_arena_alloc(a, (snap->n_meetings + 1) * sizeof(*ms));
    size_t i;
    int64_t id;
    for (i = 0; i < snap->n_meetings; i++)
        ms[i] = *snap->meetings[i].meeting;
    id = bp_plan_made_at(p->id, snap->followups, snap->n_followups, ms, snap->n_meetings);
    for (i = 0; id && i < snap->n_meetings; i++)
        if (ms[i].id == id)
            return &snap->meetings[i];
    return NULL;
}

/* What the reminders need to know of the version in force (V-8a.2, V-8a.3): who has not answered it and
 * which of the family has no copy. Only the scheduler pays these reads. */
static enum bp_err load_facts(struct bp_store *s, struct bp_arena *a, const struct bp_case_snapshot *snap,
                              struct bp_date today, struct bp_reminder_facts *f)
{
    struct bp_plan *p = bp_arena_alloc(a, sizeof(*p));
    struct bp_plan_parts parts;
    struct bp_signature *answers;
    struct bp_plan_copy *copies;
    struct bp_signer_row *rows;
    const struct bp_meeting_view *at;
    size_t n_answers, n_copies, n_rows, i, j, kept = 0;
    struct bp_plan_ctx ctx = {snap->kase->model, today,           snap->case_orgs,
                              snap->n_case_orgs, snap->guardians, snap->n_guardians};
    enum bp_err rc;
    struct bp_survey_invitation *inv;
    struct bp_survey_fact *sv;
    size_t n_inv;
    memset(f, 0, sizeof(*f));
    if ((rc = bp_survey_invitation_list(s, a, snap->kase->id, &inv, &n_inv)) != BP_OK)
        return rc;
    sv = bp_arena_alloc(a, (n_inv + 1) * sizeof(*sv));
    for (i = 0; i < n_inv; i++) /* a guardian's invitation has its code e-mailed when it has one */
        sv[i] = (struct bp_survey_fact){inv[i].id, inv[i].guardian_id, bp_date_today(inv[i].created_at),
                                        inv[i].has_code, inv[i].used};
    f->surveys = sv;
    f->n_surveys = n_inv;
    if (!snap->plan || (snap->plan->status == BP_PLAN_DRAFT && snap->plan->version < 2))
        return BP_OK; /* nothing finished yet */
    if (snap->plan->status == BP_PLAN_DRAFT)
        rc = bp_plan_get_version(s, a, snap->kase->id, snap->plan->version - 1, p);
    else
        *p = *snap->plan, rc = BP_OK;
    if (rc != BP_OK || p->status != BP_PLAN_FINISHED)
        return rc;
    if ((rc = bp_plan_parts_get(s, a, p->id, &parts)) != BP_OK ||
        (rc = bp_signature_list(s, a, snap->kase->id, &answers, &n_answers)) != BP_OK ||
        (rc = bp_plan_copy_list(s, a, snap->kase->id, &copies, &n_copies)) != BP_OK)
        return rc;
    for (i = 0; i < n_answers; i++) /* the answers to this version */
        if (answers[i].version == p->version)
            answers[kept++] = answers[i];
    at = made_at(a, snap, p);
    n_rows = bp_signers_expected(a, &ctx, parts.contacts, parts.n_contacts, at ? at->invitees : NULL,
                                 at ? at->n_invitees : 0, answers, kept, &rows);
    for (i = 0; i < n_rows; i++)
        f->unanswered += rows[i].answer == NULL;
    for (i = 0; i <= snap->n_guardians; i++) { /* each guardian with custody, then the child */
        bool has = i < snap->n_guardians && !bp_has_custody(&snap->guardians[i]); /* K-8.1: not owed one */
        for (j = 0; j < n_copies && !has; j++)
            has = copies[j].version == p->version &&
                  (i < snap->n_guardians ? copies[j].recipient == BP_COPY_GUARDIAN &&
                                               copies[j].guardian_id == snap->guardians[i].id
                                         : copies[j].recipient == BP_COPY_CHILD);
        f->family_without_copy += !has;
    }
    f->in_force = p;
    return BP_OK;
}

static int key_order(const void *x, const void *y)
{
    return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* The reminders of one case (its snapshot read with the others of its batch) not decided before, in the
 * batch's write transaction (begun here if not yet: *in_tx); *decided counts them until it commits. */
static enum bp_err remind_case(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                               const struct bp_case_snapshot *snap, bool *in_tx, size_t *decided)
{
    struct bp_task_list *tasks = bp_arena_alloc(a, sizeof(*tasks));
    struct bp_reminder *due = bp_arena_alloc(a, BP_MAX_REMINDERS * sizeof(*due));
    struct bp_date today = bp_actor_today(actor);
    struct bp_reminder_facts facts;
    const char **known;
    size_t n, i, n_known;
    enum bp_err rc;

    memset(tasks, 0, sizeof(*tasks));
    bp_tasks_for_case(snap, today, tasks);
    if ((rc = load_facts(s, a, snap, today, &facts)) != BP_OK)
        return rc;
    n = bp_reminders_due(snap, tasks, &facts, today, due, BP_MAX_REMINDERS);
    if (n == 0)
        return BP_OK;
    /* Most of what is due was decided at an earlier run: skip those without taking the write lock, which the
     * workers' audit commits wait for (on SQLite one writer at a time). */
    if ((rc = bp_reminder_keys(s, a, snap->kase->id, &known, &n_known)) != BP_OK)
        return rc;
    for (i = 0; i < n; i++) {
        bool fresh = false;
        if (bsearch(&(const char *){due[i].key}, known, n_known, sizeof(*known), key_order))
            continue;
        if (!*in_tx) { /* the batch's transaction begins with its first new reminder */
            if ((rc = bp_store_begin(s)) != BP_OK)
                return rc;
            *in_tx = true;
        }
        if ((rc = decide(s, a, actor, snap->kase, &due[i], &fresh)) != BP_OK)
            return rc;
        *decided += fresh;
    }
    return BP_OK;
}

enum bp_err bp_uc_remind(struct bp_store *s, struct bp_arena *a, int64_t now, size_t *decided)
{
    const struct bp_actor actor = {.user = NULL, .address = "scheduler", .channel = "job", .now = now};
    struct bp_arena per_case; /* one case's reads, freed before the next */
    int64_t after = 0;
    enum bp_err rc;

    *decided = 0;
    bp_arena_init(&per_case, 64 * 1024);
    for (;;) {
        struct bp_case_snapshot *snaps;
        int64_t *ids;
        size_t n, i, pending;
        bool *ok, in_tx = false;
        bp_arena_reset(a);
        if ((rc = bp_case_open_ids(s, a, after, CASES_PER_BATCH, &ids, &n)) != BP_OK || n == 0)
            break;
        /* the batch's snapshots in a few statements per table (issue 12), not a dozen per case */
        snaps = bp_arena_alloc(a, n * sizeof(*snaps));
        ok = bp_arena_alloc(a, n * sizeof(*ok));
        if ((rc = bp_app_load_snapshots_whole(s, a, ids, n, snaps, ok)) != BP_OK)
            break;
        /* the batch's new reminders in one transaction: one commit (one fsync) for them all, not one each
         * (after a large import the first run decides one or two for nearly every case); a run with nothing
         * new takes no write lock at all */
        for (i = 0, pending = 0; i < n && rc == BP_OK; i++) {
            if (ok[i]) /* a case gone since the list was read has nothing due */
                rc = remind_case(s, &per_case, &actor, &snaps[i], &in_tx, &pending);
            bp_arena_reset(&per_case);
        }
        if (in_tx && rc != BP_OK)
            bp_store_rollback(s); /* decided again at the next run */
        else if (in_tx && (rc = bp_store_commit(s)) == BP_OK)
            *decided += pending;
        if (rc != BP_OK)
            break;
        after = ids[n - 1];
    }
    bp_arena_release(&per_case);
    return rc;
}
