/* backup.c: backup and restore (app.h; issue 11 item 7, docs/trust.md section 7). The backup is an online
 * copy of the SQLite database (storage) sealed with the installation's backup key (auth/backup_file.h); the
 * restore opens it, checks it and moves it into place. Both are on record: the backup in the database it
 * copies, before the copy; the restore in the database it makes. Must not print, read the terminal or name
 * files: the command (cli/main.c) does that and hands in the descriptors and the actor. */
#include <inttypes.h>
#include "app/app_impl.h"

/* What a backup's copy goes through: the sealer is made when the copy's size is known. */
struct backup_run {
    const struct bp_backup_options *o;
    struct bp_backup_header *h;
    struct bp_backup_sealer *w;
    uint64_t sealed;
};

static enum bp_err backup_begin(void *arg, uint64_t size)
{
    struct backup_run *r = arg;
    r->h->size = size;
    return bp_backup_seal_new(r->o->fd, r->o->key, r->h, &r->w);
}

static enum bp_err backup_write(void *arg, const void *data, size_t n)
{
    struct backup_run *r = arg;
    enum bp_err rc = bp_backup_seal_write(r->w, data, n);
    r->sealed += n;
    if (rc == BP_OK && r->o->progress)
        r->o->progress(r->o->progress_arg, "seal", r->sealed, r->h->size);
    return rc;
}

static void backup_progress(void *arg, const char *phase, uint64_t done, uint64_t total)
{
    struct backup_run *r = arg;
    if (r->o->progress && strcmp(phase, "copy") == 0) /* "read" is reported as "seal" by backup_write */
        r->o->progress(r->o->progress_arg, phase, done, total);
}

enum bp_err bp_uc_backup(struct bp_store *s, const struct bp_actor *actor, struct bp_backup_options *o,
                         struct bp_backup_header *out)
{
    struct backup_run run = {o, out, NULL, 0};
    struct bp_store_copy to = {
        backup_begin, backup_write, backup_progress, &run, o->step_pages, o->pause_ms, 0};
    char key_id[2 * BP_BACKUP_KEY_ID + 1], detail[32];
    struct bp_audit e;
    int current = 0, latest = 0;
    enum bp_err rc;

    memset(out, 0, sizeof(*out));
    if (!bp_actor_may_administer(actor)) {
        bp_app_audit_fill(&e, actor, "denied", "backup");
        rc = bp_uc_audit_commit(s, &e, 1);
        return rc ? rc : BP_ERR_FORBIDDEN;
    }
    if (strcmp(bp_store_backend(s), "sqlite") != 0)
        return BP_ERR_INVALID;
    if ((rc = bp_store_schema_version(s, &current, &latest)) != BP_OK)
        return rc;
    out->schema_version = (uint32_t)current;
    out->created = actor->now;
    snprintf(out->backend, sizeof(out->backend), "sqlite");
    bp_backup_key_id_text(o->key->id, key_id);
    snprintf(detail, sizeof(detail), "key %s", key_id);
    bp_app_audit_fill(&e, actor, "backup", "database");
    e.detail = detail;
    if ((rc = bp_uc_audit_commit(s, &e, 1)) != BP_OK) /* no copy without its record */
        return rc;
    rc = bp_store_copy(s, &to);
    o->restarts = to.restarts;
    if (rc == BP_OK)
        rc = bp_backup_seal_finish(run.w);
    bp_backup_seal_free(run.w);
    return rc;
}

/* ---- restore ---- */

struct first_problem {
    char *text;
    size_t len;
};

/* Keeps the first problem `audit verify` reports, as a line for the administrator. */
static void keep_first_problem(void *ctx, const struct bp_audit_problem *p)
{
    struct first_problem *f = ctx;
    if (!f->text[0])
        snprintf(f->text, f->len, "the audit trail is not intact: chain %" PRId64 " seq %" PRId64 ": %s: %s",
                 p->chain_id, p->seq, p->what, p->why);
}

/* The restored database's audit trail, checked as `barnplan audit verify` checks it (bp_uc_audit_verify:
 * every chain, and the entries before the chain); problem stays "" when the trail is intact. */
static enum bp_err restore_audit_verify(struct bp_store *s, const struct bp_actor *actor, char *problem,
                                        size_t problem_len)
{
    struct first_problem f = {problem, problem_len};
    struct bp_audit_verify_result res;
    enum bp_err rc = bp_uc_audit_verify(s, actor, keep_first_problem, &f, &res);
    if (rc != BP_OK && !problem[0])
        snprintf(problem, problem_len, "the audit trail cannot be verified: %s", bp_store_errmsg(s));
    return rc;
}

/* Writes the backup's bytes from r into f, reporting progress. */
static enum bp_err restore_bytes(struct bp_backup_opener *r, struct bp_restore_file *f,
                                 const struct bp_restore_options *o, struct bp_restore_report *out)
{
    uint64_t done = 0;
    const void *data;
    size_t n;
    enum bp_err rc;
    do {
        if ((rc = bp_backup_open_read(r, &data, &n, out->problem, sizeof(out->problem))) != BP_OK)
            return rc;
        if (n && (rc = bp_restore_file_write(f, data, n)) != BP_OK) {
            snprintf(out->problem, sizeof(out->problem), "cannot write beside %s", o->target);
            return rc;
        }
        done += n;
        if (o->progress)
            o->progress(o->progress_arg, "open", done, out->header.size);
    } while (n);
    return BP_OK;
}

/* The checks of the restored database, open in s, and its entry "restore" "database"; problem says what
 * failed. */
static enum bp_err restore_check(struct bp_store *s, const struct bp_actor *actor,
                                 struct bp_restore_report *out)
{
    char key_id[2 * BP_BACKUP_KEY_ID + 1], detail[96];
    int current = 0, latest = 0;
    struct bp_audit e;
    enum bp_err rc;
    if ((rc = bp_store_verify(s, out->problem, sizeof(out->problem))) != BP_OK || out->problem[0])
        return rc ? rc : BP_ERR_INVALID;
    if ((rc = bp_store_schema_version(s, &current, &latest)) != BP_OK)
        return rc;
    if ((uint32_t)current != out->header.schema_version || current > latest) {
        snprintf(out->problem, sizeof(out->problem),
                 "the database is at schema version %d, its header says %" PRIu32 " and this program knows "
                 "up to %d",
                 current, out->header.schema_version, latest);
        return BP_ERR_INVALID;
    }
    if ((rc = restore_audit_verify(s, actor, out->problem, sizeof(out->problem))) != BP_OK || out->problem[0])
        return rc ? rc : BP_ERR_INVALID;
    if (current < latest && (rc = bp_store_migrate(s, &out->migrations)) != BP_OK)
        return rc;
    bp_backup_key_id_text(out->header.key_id, key_id);
    snprintf(detail, sizeof(detail), "backup of %" PRId64 ", key %s", out->header.created, key_id);
    bp_app_audit_fill(&e, actor, "restore", "database");
    e.detail = detail;
    return bp_uc_audit_commit(s, &e, 1);
}

enum bp_err bp_uc_restore(const struct bp_actor *actor, const struct bp_restore_options *o,
                          struct bp_restore_report *out)
{
    struct bp_backup_opener *r = NULL;
    struct bp_restore_file *f = NULL;
    struct bp_store *s = NULL;
    enum bp_err rc;

    memset(out, 0, sizeof(*out));
    if (!bp_actor_may_administer(actor)) /* no database to put it on record in: the command line only */
        return BP_ERR_FORBIDDEN;
    if ((rc = bp_backup_open_new(o->fd, o->key, &out->header, &r, out->problem, sizeof(out->problem))) !=
        BP_OK)
        return rc;
    if (strcmp(out->header.backend, "sqlite") != 0) {
        snprintf(out->problem, sizeof(out->problem), "a backup of a %s database", out->header.backend);
        rc = BP_ERR_INVALID;
        goto out;
    }
    if ((rc = bp_restore_file_new(o->target, &f, out->problem, sizeof(out->problem))) != BP_OK ||
        (rc = restore_bytes(r, f, o, out)) != BP_OK)
        goto out;
    if ((rc = bp_store_open(bp_restore_file_url(f), &s, out->problem, sizeof(out->problem))) != BP_OK)
        goto out;
    rc = restore_check(s, actor, out);
    if (rc != BP_OK && !out->problem[0])
        snprintf(out->problem, sizeof(out->problem), "the restored database fails: %s", bp_store_errmsg(s));
    bp_store_close(s);
    if (rc == BP_OK)
        rc = bp_restore_file_place(f, o->force, out->problem, sizeof(out->problem));
out:
    bp_restore_file_free(f);
    bp_backup_open_free(r);
    return rc;
}
