/* store_plan.c: the plan's operations of store.h (V-7.x, K-7.x, V-0.5, V-6.9, V-8a.2, V-8a.5): plan
 * versions, their goals, interventions, commitments, contacts and signatures, and a case's pending
 * decisions. Must not decide what a plan needs or who may change it (domain/plan.c does). */
#include "storage/store_impl.h"

#define PLAN_COLUMNS                                                                                         \
    "id, case_id, version, status, kind, coordinator_user_id, coordinator_name, contact_if_fails, "          \
    "followup_on, followup_minute, followup_place, followup_participants, summary, finished_on, "            \
    "finished_by, "                                                                                          \
    "child_view, content_sha256"

static struct bp_sql q_plan_add = {
    "INSERT INTO plans (case_id, version, status, kind, coordinator_user_id, coordinator_name, "
    "contact_if_fails, followup_on, followup_minute, followup_place, followup_participants, summary, "
    "child_view, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id"};
#define PLAN_QUERY(where)                                                                                    \
    {                                                                                                        \
        "SELECT " PLAN_COLUMNS " FROM plans WHERE case_id = ? " where                                        \
    }
static struct bp_sql q_plan_current = PLAN_QUERY("ORDER BY version DESC LIMIT 1");
static struct bp_sql q_plan_current_many = {
    "SELECT p.case_id, " PLAN_COLUMNS " FROM plans p WHERE p.case_id IN " IDS_IN
    " AND p.version = (SELECT MAX(x.version) FROM plans x WHERE x.case_id = p.case_id) ORDER BY p.case_id"};
static struct bp_sql q_plan_version = PLAN_QUERY("AND version = ?");
static struct bp_sql q_plan_versions = PLAN_QUERY("ORDER BY version");
static struct bp_sql q_plan_content = {
    "SELECT content FROM plans WHERE case_id = ? AND version = ? AND status <> 'draft' "
    "AND content IS NOT NULL"};
static struct bp_sql q_plan_update = {
    "UPDATE plans SET coordinator_user_id = ?, coordinator_name = ?, contact_if_fails = ?, followup_on = ?, "
    "followup_minute = ?, followup_place = ?, followup_participants = ?, summary = ?, child_view = ? "
    "WHERE id = ? RETURNING id"};
/* the content and its hash are written once, when the version is finished (migration 009 freezes them) */
static struct bp_sql q_plan_status = {
    "UPDATE plans SET status = ?, finished_on = ?, finished_by = ?, content = COALESCE(?, content), "
    "content_sha256 = COALESCE(?, content_sha256) WHERE id = ? RETURNING id"};
static struct bp_sql q_plan_replace_older = {
    "UPDATE plans SET status = 'replaced' WHERE case_id = ? AND version < ? AND status = 'finished'"};
static struct bp_sql q_coord_clear = {"DELETE FROM plan_coordinator_orgs WHERE plan_id = ?"};
static struct bp_sql q_coord_add = {"INSERT INTO plan_coordinator_orgs (plan_id, org_id) VALUES (?, ?)"};
LIST_AND_MANY(q_coord_list, q_coord_list_many, "org_id FROM plan_coordinator_orgs", "plan_id", "org_id");

static struct bp_sql q_goal_add = {
    "INSERT INTO plan_goals (plan_id, area, need, goal) VALUES (?, ?, ?, ?) RETURNING id"};
static struct bp_sql q_goal_update = {
    "UPDATE plan_goals SET area = ?, need = ?, goal = ? WHERE id = ? AND plan_id = ? RETURNING id"};
static struct bp_sql q_goal_unlink_iv = {
    "UPDATE plan_interventions SET goal_id = NULL WHERE plan_id = ? AND goal_id = ?"};
static struct bp_sql q_goal_unlink_cm = {
    "UPDATE plan_commitments SET goal_id = NULL WHERE plan_id = ? AND goal_id = ?"};
static struct bp_sql q_goal_delete = {"DELETE FROM plan_goals WHERE plan_id = ? AND id = ?"};
static struct bp_sql q_goal_list = {
    "SELECT id, plan_id, area, need, goal FROM plan_goals WHERE plan_id = ? ORDER BY id"};

static struct bp_sql q_iv_add = {
    "INSERT INTO plan_interventions (plan_id, what, org_id, contact_user_id, contact_name, starts_on, "
    "ends_on, level, goal_id, origin_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id"};
static struct bp_sql q_iv_update = {
    "UPDATE plan_interventions SET what = ?, org_id = ?, contact_user_id = ?, contact_name = ?, "
    "starts_on = ?, ends_on = ?, level = ?, goal_id = ? WHERE id = ? AND plan_id = ? RETURNING id"};
static struct bp_sql q_iv_delete = {"DELETE FROM plan_interventions WHERE plan_id = ? AND id = ?"};
static struct bp_sql q_iv_list = {
    "SELECT id, plan_id, what, org_id, contact_user_id, contact_name, starts_on, ends_on, level, goal_id, "
    "COALESCE(origin_id, id) FROM plan_interventions WHERE plan_id = ? ORDER BY id"};

static struct bp_sql q_cm_add = {
    "INSERT INTO plan_commitments (plan_id, who, guardian_id, name, what, goal_id) "
    "VALUES (?, ?, ?, ?, ?, ?) RETURNING id"};
static struct bp_sql q_cm_update = {
    "UPDATE plan_commitments SET who = ?, guardian_id = ?, name = ?, what = ?, goal_id = ? "
    "WHERE id = ? AND plan_id = ? RETURNING id"};
static struct bp_sql q_cm_delete = {"DELETE FROM plan_commitments WHERE plan_id = ? AND id = ?"};
static struct bp_sql q_cm_list = {"SELECT id, plan_id, who, guardian_id, name, what, goal_id "
                                  "FROM plan_commitments WHERE plan_id = ? ORDER BY id"};

static struct bp_sql q_contact_clear = {"DELETE FROM plan_contacts WHERE plan_id = ? AND org_id = ?"};
static struct bp_sql q_contact_add = {
    "INSERT INTO plan_contacts (plan_id, org_id, user_id, name, phone, email) VALUES (?, ?, ?, ?, ?, ?)"};
static struct bp_sql q_contact_list = {
    "SELECT org_id, user_id, name, phone, email FROM plan_contacts WHERE plan_id = ? ORDER BY org_id"};

#define DECISION_COLUMNS                                                                                     \
    "id, case_id, meeting_id, what, org_id, user_id, decider_name, due_on, status, outcome, decided_on"
static struct bp_sql q_decision_add = {
    "INSERT INTO pending_decisions (case_id, meeting_id, what, org_id, user_id, decider_name, due_on, "
    "status, outcome, decided_on, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id"};
static struct bp_sql q_decision_update = {
    "UPDATE pending_decisions SET what = ?, org_id = ?, user_id = ?, decider_name = ?, due_on = ?, "
    "status = ?, outcome = ?, decided_on = ? WHERE id = ? AND case_id = ? RETURNING id"};
LIST_AND_MANY(q_decision_list, q_decision_list_many, DECISION_COLUMNS " FROM pending_decisions", "case_id",
              "id");

#define SIGN_COLUMNS                                                                                         \
    "id, plan_id, version, kind, user_id, org_id, guardian_id, name, role, method, answer, reason, "         \
    "signed_on, recorded_by, created_at, content_sha256, "                                                   \
    "CASE WHEN EXISTS (SELECT 1 FROM plan_signature_scans c WHERE c.signature_id = plan_signatures.id) "     \
    "THEN 1 ELSE 0 END"
static struct bp_sql q_sign_add = {
    "INSERT INTO plan_signatures (plan_id, version, kind, user_id, org_id, guardian_id, name, role, method, "
    "answer, reason, signed_on, recorded_by, created_at, content_sha256) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id"};
/* V-8a.2: the answers to every version of a case, oldest version first */
static struct bp_sql q_sign_list = {"SELECT " SIGN_COLUMNS " FROM plan_signatures WHERE plan_id IN "
                                    "(SELECT id FROM plans WHERE case_id = ?) ORDER BY version, id"};

static struct bp_sql q_copy_add = {
    "INSERT INTO plan_copies (case_id, plan_id, version, recipient, guardian_id, name, method, given_on, "
    "recorded_by, org_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id"};
static struct bp_sql q_copy_list = {
    "SELECT c.id, c.case_id, c.plan_id, c.version, c.recipient, c.guardian_id, c.name, c.method, c.given_on, "
    "c.recorded_by, c.org_id, c.created_at, u.display_name FROM plan_copies c JOIN users u ON u.id = "
    "c.recorded_by WHERE c.case_id = ? ORDER BY c.id LIMIT ?"};
/* the case's PDF downloads, through the partial index of them (migration 040), oldest first: its WHERE
 * must name action and object as the index does */
static struct bp_sql q_downloads = {
    "SELECT a.user_id, a.org_id, a.at, a.detail, u.display_name FROM audit a JOIN users u ON u.id = "
    "a.user_id "
    "WHERE a.case_id = ? AND a.action = 'read' AND a.object = 'plan_pdf' AND a.child_id = ? ORDER BY a.id "
    "LIMIT ?"};

/* ---- plans ---- */

#define REC struct bp_plan
static const struct col plan_cols[] = {
    COL_INT(id),
    COL_INT(case_id),
    COL_SMALL(version),
    COL_CODE(status, bp_plan_status_codes),
    COL_STR(kind),
    COL_INT(coordinator_user_id),
    COL_STR(coordinator_name),
    COL_STR(contact_if_fails),
    COL_DATE_HAS(followup_on, has_followup),
    COL_MINUTE(followup_minute),
    COL_STR(followup_place),
    COL_STR(followup_participants),
    COL_STR(summary),
    COL_DATE(finished_on),
    COL_INT(finished_by),
    COL_STR(child_view),
    COL_STR(content_sha256),
};
static const struct row plan_row = ROW(plan_cols, NULL);
#undef REC

enum bp_err bp_plan_version_content(struct bp_store *s, struct bp_arena *a, int64_t case_id, int version,
                                    const char **content)
{
    struct bp_param params[] = {p_int(case_id), p_int(version)};
    struct bp_rows rows;
    struct cursor c;
    enum bp_err err = RUN_FIRST(&q_plan_content, params, a, &rows, "no such row", &c);
    if (err)
        return err;
    *content = c_str(&c);
    return BP_OK;
}

static enum bp_err set_coordinators(struct bp_store *s, const struct bp_plan *p)
{
    struct bp_param clear[] = {p_int(p->id)};
    enum bp_err err;
    if (p->n_coordinator_orgs > BP_MAX_COORDINATORS)
        return set_error(s, BP_ERR_INVALID, __func__, "too many coordinating organisations");
    if ((err = EXEC(&q_coord_clear, clear)))
        return err;
    return exec_links(s, __func__, &q_coord_add, p->id, p->coordinator_orgs, p->n_coordinator_orgs);
}

/* The columns every write of a plan sets, in the order of q_plan_update (coordinator_user_id ..
 * child_view). */
#define PLAN_PARAMS(p, on)                                                                                   \
    p_ref((p)->coordinator_user_id), p_text((p)->coordinator_name), p_text((p)->contact_if_fails),           \
        p_date((p)->has_followup ? (p)->followup_on : (struct bp_date){0}, on),                              \
        (p)->followup_minute >= 0 ? p_int((p)->followup_minute) : p_text(NULL), p_text((p)->followup_place), \
        p_text((p)->followup_participants), p_text((p)->summary), p_text((p)->child_view)

/* Writes the plan's row with q and then its coordinators, in one transaction: with id, q is an INSERT ...
 * RETURNING id and *id (p's own) becomes the new row's; without, q is an UPDATE ... RETURNING id of p. */
static enum bp_err plan_write(struct bp_store *s, const char *op, struct bp_sql *q,
                              const struct bp_param *params, size_t n, const struct bp_plan *p, int64_t *id)
{
    bool own;
    enum bp_err err;

    if ((err = begin_own(s, &own)))
        return err;
    err = id ? insert_one(s, op, q, params, n, id) : change_one(s, op, q, params, n);
    if (!err)
        err = set_coordinators(s, p);
    return end_own(s, own, err);
}

enum bp_err bp_plan_add(struct bp_store *s, struct bp_plan *p, int64_t created_at)
{
    char on[11];
    const char *status = CODE_OF(bp_plan_status_codes, p->status);
    struct bp_param params[] = {p_int(p->case_id), p_int(p->version),  p_text(status),
                                p_text(p->kind),   PLAN_PARAMS(p, on), p_int(created_at)};

    if (!status || !p->kind)
        return set_error(s, BP_ERR_INVALID, __func__, "status or kind out of range");
    return plan_write(s, __func__, &q_plan_add, params, BP_ARRAY_LEN(params), p, &p->id);
}

enum bp_err bp_plan_replace_older(struct bp_store *s, int64_t case_id, int version)
{
    struct bp_param params[] = {p_int(case_id), p_int(version)};
    return EXEC(&q_plan_replace_older, params);
}

/* The coordinating organisations of rows (one org_id each, q_coord_list's or q_coord_current's) into the
 * plan read before them (ctx[0]). */
static enum bp_err coords_read(struct bp_store *s, const struct bp_batch_read *rd, const struct bp_rows *rows,
                               struct bp_arena *a)
{
    struct bp_plan *out = rd->ctx[0];
    size_t i;
    (void)a;
    for (i = 0; i < rows->nrows && i < BP_MAX_COORDINATORS; i++) {
        struct cursor c = cursor_at(rows, i);
        out->coordinator_orgs[out->n_coordinator_orgs++] = c_int(&c);
        if (c.bad)
            return bad_row(s, rd->op, &c);
    }
    return BP_OK;
}

/* The plan row found by q (its parameters in params) and its coordinating organisations. */
static enum bp_err plan_get(struct bp_store *s, const char *op, struct bp_sql *q,
                            const struct bp_param *params, size_t n, struct bp_arena *a, struct bp_plan *out)
{
    struct bp_param pp[1];
    struct bp_rows rows;
    enum bp_err err;

    if ((err = select_one(s, op, q, params, n, a, sizeof(*out), &plan_row, out, "the case has no such plan")))
        return err;
    pp[0] = p_int(out->id);
    if ((err = run(s, op, &q_coord_list, pp, 1, a, &rows)))
        return err;
    return coords_read(s, &(struct bp_batch_read){.op = op, .ctx = {out}}, &rows, a);
}

/* In a batch: the coordinating organisations of the newest version (coords_read). */
static struct bp_sql q_coord_current = {
    "SELECT org_id FROM plan_coordinator_orgs WHERE plan_id = "
    "(SELECT id FROM plans WHERE case_id = ? ORDER BY version DESC LIMIT 1) ORDER BY org_id"};

enum bp_err bp_plan_current(struct bp_store *s, struct bp_arena *a, int64_t case_id, struct bp_plan *out)
{
    struct bp_param params[] = {p_int(case_id)};
    enum bp_err err;
    if (s->batch.open) { /* the plan, then its coordinators by the same case: both queued */
        if ((err = SELECT_ONE(&q_plan_current, params, a, &plan_row, out, "the case has no such plan")))
            return err;
        return batch_add(s, &q_coord_current, params, 1, a,
                         &(struct bp_batch_read){.op = __func__, .decode = coords_read, .ctx = {out}});
    }
    return plan_get(s, __func__, &q_plan_current, params, BP_ARRAY_LEN(params), a, out);
}

struct coord_row {
    int64_t org_id;
};
#define REC struct coord_row
static const struct col coord_cols[] = {COL_INT(org_id)};
static const struct row coord_row = ROW(coord_cols, NULL);
#undef REC

enum bp_err bp_plan_current_many(struct bp_store *s, struct bp_arena *a, const int64_t *case_ids, size_t n,
                                 struct bp_plan **out, size_t *n_out)
{
    int64_t *plan_ids = bp_arena_alloc(a, (n + 1) * sizeof(*plan_ids));
    size_t *at = bp_arena_alloc(a, (n + 1) * sizeof(*at));
    struct coord_row **coords = bp_arena_alloc(a, (n + 1) * sizeof(*coords));
    size_t *n_coords = bp_arena_alloc(a, (n + 1) * sizeof(*n_coords));
    size_t i, j, np = 0;
    enum bp_err err = SELECT_GROUPED(&q_plan_current_many, case_ids, n, a, &plan_row, 1, out, n_out);
    if (err)
        return err;
    for (i = 0; i < n; i++) /* the coordinating organisations of the plans found (none: no query) */
        if (n_out[i]) {
            plan_ids[np] = out[i]->id;
            at[np++] = i;
        }
    if ((err = SELECT_GROUPED(&q_coord_list_many, plan_ids, np, a, &coord_row, BP_MAX_COORDINATORS, coords,
                              n_coords)))
        return err;
    for (i = 0; i < np; i++)
        for (j = 0; j < n_coords[i]; j++)
            out[at[i]]->coordinator_orgs[out[at[i]]->n_coordinator_orgs++] = coords[i][j].org_id;
    return BP_OK;
}

enum bp_err bp_plan_get_version(struct bp_store *s, struct bp_arena *a, int64_t case_id, int version,
                                struct bp_plan *out)
{
    struct bp_param params[] = {p_int(case_id), p_int(version)};
    return plan_get(s, __func__, &q_plan_version, params, BP_ARRAY_LEN(params), a, out);
}

enum bp_err bp_plan_versions(struct bp_store *s, struct bp_arena *a, int64_t case_id, struct bp_plan **out,
                             size_t *n)
{
    return SELECT_ALL_BY_ID(&q_plan_versions, case_id, a, &plan_row, out, n);
}

enum bp_err bp_plan_update_shared(struct bp_store *s, const struct bp_plan *p)
{
    char on[11];
    struct bp_param params[] = {PLAN_PARAMS(p, on), p_int(p->id)};

    return plan_write(s, __func__, &q_plan_update, params, BP_ARRAY_LEN(params), p, NULL);
}

enum bp_err bp_plan_set_status(struct bp_store *s, const struct bp_plan *p)
{
    char on[11];
    const char *status = CODE_OF(bp_plan_status_codes, p->status);
    struct bp_param params[] = {p_text(status),     p_date(p->finished_on, on), p_ref(p->finished_by),
                                p_text(p->content), p_text(p->content_sha256),  p_int(p->id)};
    if (!status)
        return set_error(s, BP_ERR_INVALID, __func__, "status out of range");
    return CHANGE_ONE(&q_plan_status, params);
}

/* ---- the parts ---- */

#define REC struct bp_goal
static const struct col goal_cols[] = {COL_INT(id), COL_INT(plan_id), COL_STR(area), COL_STR(need),
                                       COL_STR(goal)};
static const struct row goal_row = ROW(goal_cols, NULL);
#undef REC

#define REC struct bp_intervention
static const struct col intervention_cols[] = {COL_INT(id),
                                               COL_INT(plan_id),
                                               COL_STR(what),
                                               COL_INT(org_id),
                                               COL_INT(contact_user_id),
                                               COL_STR(contact_name),
                                               COL_DATE(starts_on),
                                               COL_DATE_HAS(ends_on, has_end),
                                               COL_STR(level),
                                               COL_INT(goal_id),
                                               COL_INT(origin_id)};
static const struct row intervention_row = ROW(intervention_cols, NULL);
#undef REC

#define REC struct bp_commitment
static const struct col commitment_cols[] = {
    COL_INT(id),   COL_INT(plan_id), COL_CODE(who, bp_committer_codes), COL_INT(guardian_id), COL_STR(name),
    COL_STR(what), COL_INT(goal_id)};
static const struct row commitment_row = ROW(commitment_cols, NULL);
#undef REC

#define REC struct bp_plan_contact
static const struct col contact_cols[] = {COL_INT(org_id), COL_INT(user_id), COL_STR(name), COL_STR(phone),
                                          COL_STR(email)};
static const struct row contact_row = ROW(contact_cols, NULL);
#undef REC

enum bp_err bp_plan_parts_get(struct bp_store *s, struct bp_arena *a, int64_t plan_id,
                              struct bp_plan_parts *out)
{
    struct bp_param params[] = {p_int(plan_id)};
    struct bp_goal *goals;
    struct bp_intervention *ivs;
    struct bp_commitment *cms;
    struct bp_plan_contact *pcs;
    enum bp_err err;

    memset(out, 0, sizeof(*out));
    if ((err = SELECT_ALL(&q_goal_list, params, a, &goal_row, &goals, &out->n_goals)) ||
        (err = SELECT_ALL(&q_iv_list, params, a, &intervention_row, &ivs, &out->n_interventions)) ||
        (err = SELECT_ALL(&q_cm_list, params, a, &commitment_row, &cms, &out->n_commitments)) ||
        (err = SELECT_ALL(&q_contact_list, params, a, &contact_row, &pcs, &out->n_contacts)))
        return err;
    out->goals = goals;
    out->interventions = ivs;
    out->commitments = cms;
    out->contacts = pcs;
    return BP_OK;
}

enum bp_err bp_goal_add(struct bp_store *s, struct bp_goal *g)
{
    struct bp_param params[] = {p_int(g->plan_id), p_text(g->area), p_text(g->need), p_text(g->goal)};
    return INSERT(&q_goal_add, params, &g->id);
}

enum bp_err bp_goal_update(struct bp_store *s, const struct bp_goal *g)
{
    struct bp_param params[] = {p_text(g->area), p_text(g->need), p_text(g->goal), p_int(g->id),
                                p_int(g->plan_id)};
    return CHANGE_ONE(&q_goal_update, params);
}

enum bp_err bp_goal_delete(struct bp_store *s, int64_t plan_id, int64_t goal_id)
{
    struct bp_param params[] = {p_int(plan_id), p_int(goal_id)};
    struct bp_rows rows;
    bool own;
    enum bp_err err;
    if ((err = begin_own(s, &own)))
        return err;
    if (!(err = RUN(&q_goal_unlink_iv, params, scratch(s), &rows)) &&
        !(err = RUN(&q_goal_unlink_cm, params, scratch(s), &rows)))
        err = RUN(&q_goal_delete, params, scratch(s), &rows);
    return end_own(s, own, err);
}

/* The columns every write of an intervention sets, in the order of q_iv_update (what .. goal_id). */
#define INTERVENTION_PARAMS(iv, st, en)                                                                      \
    p_text((iv)->what), p_int((iv)->org_id), p_ref((iv)->contact_user_id), p_text((iv)->contact_name),       \
        p_date((iv)->starts_on, st), p_date((iv)->has_end ? (iv)->ends_on : (struct bp_date){0}, en),        \
        p_text((iv)->level), p_ref((iv)->goal_id)

enum bp_err bp_intervention_add(struct bp_store *s, struct bp_intervention *iv)
{
    char st[11], en[11];
    /* V-9.1: a copy into a new version keeps its line (origin_id); a new intervention starts one (NULL) */
    struct bp_param params[] = {p_int(iv->plan_id), INTERVENTION_PARAMS(iv, st, en), p_ref(iv->origin_id)};
    if (iv->org_id <= 0) /* V-7.2: exactly one responsible organisation */
        return set_error(s, BP_ERR_INVALID, __func__, "an intervention needs its responsible organisation");
    return INSERT(&q_iv_add, params, &iv->id);
}

enum bp_err bp_intervention_update(struct bp_store *s, const struct bp_intervention *iv)
{
    char st[11], en[11];
    struct bp_param params[] = {INTERVENTION_PARAMS(iv, st, en), p_int(iv->id), p_int(iv->plan_id)};
    if (iv->org_id <= 0)
        return set_error(s, BP_ERR_INVALID, __func__, "an intervention needs its responsible organisation");
    return CHANGE_ONE(&q_iv_update, params);
}

enum bp_err bp_intervention_delete(struct bp_store *s, int64_t plan_id, int64_t id)
{
    struct bp_param params[] = {p_int(plan_id), p_int(id)};
    return EXEC(&q_iv_delete, params);
}

enum bp_err bp_commitment_add(struct bp_store *s, struct bp_commitment *cm)
{
    const char *who = CODE_OF(bp_committer_codes, cm->who);
    struct bp_param params[] = {p_int(cm->plan_id), p_text(who),      p_ref(cm->guardian_id),
                                p_text(cm->name),   p_text(cm->what), p_ref(cm->goal_id)};
    if (!who)
        return set_error(s, BP_ERR_INVALID, __func__, "who out of range");
    return INSERT(&q_cm_add, params, &cm->id);
}

enum bp_err bp_commitment_update(struct bp_store *s, const struct bp_commitment *cm)
{
    const char *who = CODE_OF(bp_committer_codes, cm->who);
    struct bp_param params[] = {p_text(who),       p_ref(cm->guardian_id), p_text(cm->name),
                                p_text(cm->what),  p_ref(cm->goal_id),     p_int(cm->id),
                                p_int(cm->plan_id)};
    if (!who)
        return set_error(s, BP_ERR_INVALID, __func__, "who out of range");
    return CHANGE_ONE(&q_cm_update, params);
}

enum bp_err bp_commitment_delete(struct bp_store *s, int64_t plan_id, int64_t id)
{
    struct bp_param params[] = {p_int(plan_id), p_int(id)};
    return EXEC(&q_cm_delete, params);
}

enum bp_err bp_plan_contact_set(struct bp_store *s, int64_t plan_id, const struct bp_plan_contact *pc)
{
    struct bp_param clear[] = {p_int(plan_id), p_int(pc->org_id)};
    struct bp_param params[] = {p_int(plan_id),   p_int(pc->org_id), p_ref(pc->user_id),
                                p_text(pc->name), p_text(pc->phone), p_text(pc->email)};
    struct bp_rows rows;
    bool own;
    enum bp_err err;
    if ((err = begin_own(s, &own)))
        return err;
    if (!(err = RUN(&q_contact_clear, clear, scratch(s), &rows)))
        err = RUN(&q_contact_add, params, scratch(s), &rows);
    return end_own(s, own, err);
}

/* ---- pending decisions ---- */

#define REC struct bp_pending_decision
static const struct col decision_cols[] = {COL_INT(id),
                                           COL_INT(case_id),
                                           COL_INT(meeting_id),
                                           COL_STR(what),
                                           COL_INT(org_id),
                                           COL_INT(user_id),
                                           COL_STR(decider_name),
                                           COL_DATE_HAS(due_on, has_due),
                                           COL_CODE(status, bp_decision_status_codes),
                                           COL_STR(outcome),
                                           COL_DATE(decided_on)};
static const struct row decision_row = ROW(decision_cols, NULL);
#undef REC

/* The columns every write of a decision sets, in the order of q_decision_update (what .. decided_on). */
#define DECISION_PARAMS(d, status, due, on)                                                                  \
    p_text((d)->what), p_int((d)->org_id), p_ref((d)->user_id), p_text((d)->decider_name),                   \
        p_date((d)->has_due ? (d)->due_on : (struct bp_date){0}, due), p_text(status), p_text((d)->outcome), \
        p_date((d)->decided_on, on)

enum bp_err bp_decision_add(struct bp_store *s, struct bp_pending_decision *d, int64_t created_at)
{
    char due[11], on[11];
    const char *status = CODE_OF(bp_decision_status_codes, d->status);
    struct bp_param params[] = {p_int(d->case_id), p_ref(d->meeting_id), DECISION_PARAMS(d, status, due, on),
                                p_int(created_at)};
    if (!status)
        return set_error(s, BP_ERR_INVALID, __func__, "status out of range");
    return INSERT(&q_decision_add, params, &d->id);
}

enum bp_err bp_decision_update(struct bp_store *s, const struct bp_pending_decision *d)
{
    char due[11], on[11];
    const char *status = CODE_OF(bp_decision_status_codes, d->status);
    struct bp_param params[] = {DECISION_PARAMS(d, status, due, on), p_int(d->id), p_int(d->case_id)};
    if (!status)
        return set_error(s, BP_ERR_INVALID, __func__, "status out of range");
    return CHANGE_ONE(&q_decision_update, params);
}

enum bp_err bp_decision_list_many(struct bp_store *s, struct bp_arena *a, const int64_t *case_ids, size_t n,
                                  struct bp_pending_decision **out, size_t *n_out)
{
    return SELECT_GROUPED(&q_decision_list_many, case_ids, n, a, &decision_row, 0, out, n_out);
}

enum bp_err bp_decision_list(struct bp_store *s, struct bp_arena *a, int64_t case_id,
                             struct bp_pending_decision **out, size_t *n)
{
    return SELECT_ALL_BY_ID(&q_decision_list, case_id, a, &decision_row, out, n);
}

/* ---- signatures ---- */

#define REC struct bp_signature
static const struct col signature_cols[] = {COL_INT(id),
                                            COL_INT(plan_id),
                                            COL_INT(version),
                                            COL_CODE(kind, bp_signer_kind_codes),
                                            COL_INT(user_id),
                                            COL_INT(org_id),
                                            COL_INT(guardian_id),
                                            COL_STR(name),
                                            COL_NZ(role),
                                            COL_CODE(method, bp_sign_method_codes),
                                            COL_CODE(answer, bp_sign_answer_codes),
                                            COL_NZ(reason),
                                            COL_DATE(signed_on),
                                            COL_INT(recorded_by),
                                            COL_INT(created_at),
                                            COL_NZ(content_sha256),
                                            COL_BOOL(has_scan)};
static const struct row signature_row = ROW(signature_cols, NULL);
#undef REC

enum bp_err bp_signature_add(struct bp_store *s, struct bp_signature *sg, int64_t created_at)
{
    char on[11];
    const char *kind = CODE_OF(bp_signer_kind_codes, sg->kind);
    const char *method = CODE_OF(bp_sign_method_codes, sg->method);
    const char *answer = CODE_OF(bp_sign_answer_codes, sg->answer);
    struct bp_param params[] = {p_int(sg->plan_id),     p_int(sg->version), p_text(kind),
                                p_ref(sg->user_id),     p_ref(sg->org_id),  p_ref(sg->guardian_id),
                                p_text(sg->name),       p_text(sg->role),   p_text(method),
                                p_text(answer),         p_text(sg->reason), p_date(sg->signed_on, on),
                                p_int(sg->recorded_by), p_int(created_at),  p_text(sg->content_sha256)};
    if (!kind || !method || !answer || params[11].type == BP_PARAM_NULL)
        return set_error(s, BP_ERR_INVALID, __func__, "kind, method, answer or date out of range");
    sg->created_at = created_at;
    return INSERT(&q_sign_add, params, &sg->id);
}

enum bp_err bp_signature_list(struct bp_store *s, struct bp_arena *a, int64_t case_id,
                              struct bp_signature **out, size_t *n)
{
    return SELECT_ALL_BY_ID(&q_sign_list, case_id, a, &signature_row, out, n);
}

/* ---- copies (V-8a.3, K-8.1) ---- */

#define REC struct bp_plan_copy
static const struct col copy_cols[] = {COL_INT(id),
                                       COL_INT(case_id),
                                       COL_INT(plan_id),
                                       COL_INT(version),
                                       COL_CODE(recipient, bp_copy_recipient_codes),
                                       COL_INT(guardian_id),
                                       COL_STR(name),
                                       COL_CODE(method, bp_copy_method_codes),
                                       COL_DATE(given_on),
                                       COL_INT(recorded_by),
                                       COL_INT(org_id),
                                       COL_INT(created_at),
                                       COL_STR(recorded_by_name)};
static const struct row copy_row = ROW(copy_cols, NULL);
#undef REC

#define REC struct bp_plan_download
static const struct col download_cols[] = {COL_INT(user_id), COL_INT(org_id), COL_INT(at), COL_STR(detail),
                                           COL_STR(name)};
static const struct row download_row = ROW(download_cols, NULL);
#undef REC

enum bp_err bp_plan_copy_add(struct bp_store *s, struct bp_plan_copy *c)
{
    char on[11];
    const char *recipient = CODE_OF(bp_copy_recipient_codes, c->recipient);
    const char *method = CODE_OF(bp_copy_method_codes, c->method);
    struct bp_param params[] = {p_int(c->case_id), p_int(c->plan_id),       p_int(c->version),
                                p_text(recipient), p_ref(c->guardian_id),   p_text(c->name),
                                p_text(method),    p_date(c->given_on, on), p_int(c->recorded_by),
                                p_ref(c->org_id),  p_int(c->created_at)};
    if (!recipient || !method || params[7].type == BP_PARAM_NULL)
        return set_error(s, BP_ERR_INVALID, __func__, "recipient, method or date out of range");
    return INSERT(&q_copy_add, params, &c->id);
}

enum bp_err bp_plan_copy_list(struct bp_store *s, struct bp_arena *a, int64_t case_id,
                              struct bp_plan_copy **out, size_t *n)
{
    struct bp_param params[] = {p_int(case_id), p_int(BP_MAX_COPIES)};
    return SELECT_ALL(&q_copy_list, params, a, &copy_row, out, n);
}

enum bp_err bp_plan_download_list(struct bp_store *s, struct bp_arena *a, int64_t child_id, int64_t case_id,
                                  struct bp_plan_download **out, size_t *n)
{
    struct bp_param params[] = {p_int(case_id), p_int(child_id), p_int(BP_MAX_COPIES)};
    return SELECT_ALL(&q_downloads, params, a, &download_row, out, n);
}
