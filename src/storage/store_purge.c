/* store_purge.c: retention (store.h; issue 9 item 8): the closed cases past their time, what a purge removes
 * from each table, the purge itself and the anonymous statistics kept instead. The freeze triggers of
 * finished plan versions, closures and consent scans let a DELETE through only while the case has its row
 * in `purging` (migration 018), which the database accepts only for a closed case whose purge is already on
 * the audit trail. Must not decide whether a case is due (domain/retention.c does). */
#include "storage/store_impl.h"

/* One table a purge empties of the case's rows: how many there are, and the delete. Each WHERE has one
 * parameter, the case id. In an order the foreign keys accept: what points at a row goes before it. */
struct purge_step {
    const char *table;
    struct bp_sql count, remove;
};
#define STEP(table, where)                                                                                   \
    {                                                                                                        \
        table, {"SELECT COUNT(*) FROM " table " WHERE " where},                                              \
        {                                                                                                    \
            "DELETE FROM " table " WHERE " where                                                             \
        }                                                                                                    \
    }
#define OF_PLANS    "plan_id IN (SELECT id FROM plans WHERE case_id = ?)"
#define OF_MEETINGS "meeting_id IN (SELECT id FROM meetings WHERE case_id = ?)"
static struct purge_step steps[] = {
    STEP("survey_invitations", "case_id = ?"), /* the answers stay: nothing points from them to the case */
    STEP("reminders", "case_id = ?"),
    STEP("notifications", "case_id = ?"),
    STEP("outbox", "case_id = ?"),
    STEP("events", "case_id = ?"),
    STEP("followup_reviews", "followup_id IN (SELECT id FROM followups WHERE case_id = ?)"),
    STEP("followups", "case_id = ?"),
    STEP("coordination_answers", OF_PLANS),
    STEP("intervention_progress", "case_id = ?"),
    STEP("child_voices", "case_id = ?"),
    STEP("plan_events", "case_id = ?"),
    STEP("plan_copies", "case_id = ?"),
    STEP("plan_signature_scans", "signature_id IN (SELECT id FROM plan_signatures WHERE " OF_PLANS ")"),
    STEP("plan_signatures", OF_PLANS),
    STEP("pending_decisions", "case_id = ?"),
    STEP("plan_commitments", OF_PLANS),
    STEP("plan_interventions", OF_PLANS),
    STEP("plan_goals", OF_PLANS),
    STEP("plan_contacts", OF_PLANS),
    STEP("plan_coordinator_orgs", OF_PLANS),
    STEP("plans", "case_id = ?"),
    STEP("meeting_absence_decisions", OF_MEETINGS),
    STEP("meeting_invitees", OF_MEETINGS),
    STEP("meetings", "case_id = ?"),
    STEP("child_preps", "case_id = ?"),
    STEP("guardian_preps", "case_id = ?"),
    STEP("consent_confirmations", "case_id = ?"), /* consent given online (migration 028) */
    STEP("consent_scans", "consent_id IN (SELECT id FROM consents WHERE case_id = ?)"),
    STEP("consents", "case_id = ?"),
    STEP("case_closure_parties", "closure_id IN (SELECT id FROM case_closures WHERE case_id = ?)"),
    STEP("case_closures", "case_id = ?"),
    STEP("case_named_persons", "case_id = ?"),
    STEP("case_orgs", "case_id = ?"),
    STEP("cases", "id = ?"),
};
#undef STEP
#undef OF_PLANS
#undef OF_MEETINGS

/* The child and the guardians go with the child's last case. */
static struct bp_sql q_child_other_cases = {"SELECT COUNT(*) FROM cases WHERE child_id = ? AND id <> ?"};
static struct bp_sql q_guardians_count = {"SELECT COUNT(*) FROM guardians WHERE child_id = ?"};
/* What goes with the child, in an order the foreign keys accept; each has one parameter, the child's id.
 * The family members' accounts (migration 024) first, their codes and sessions before them. */
static struct bp_sql child_removal[] = {
    {"DELETE FROM family_codes WHERE user_id IN (SELECT id FROM users WHERE family_child_id = ?)"},
    {"DELETE FROM sessions WHERE user_id IN (SELECT id FROM users WHERE family_child_id = ?)"},
    {"DELETE FROM users WHERE family_child_id = ?"},
    {"DELETE FROM guardians WHERE child_id = ?"},
    {"DELETE FROM children WHERE id = ?"},
};
/* A newer case for the same child linked back to this one (migration 014): the link goes, the case stays. */
static struct bp_sql q_unlink_successors = {
    "UPDATE cases SET previous_case_id = NULL WHERE previous_case_id = ?"};
static struct bp_sql q_purging_add = {"INSERT INTO purging (case_id) VALUES (?)"};
static struct bp_sql q_purging_remove = {"DELETE FROM purging WHERE case_id = ?"};

/* Closed cases whose latest closure was at or before closed_before, in id order. */
static struct bp_sql q_due = {
    "SELECT c.id FROM cases c JOIN case_closures l ON l.id = "
    "(SELECT MAX(x.id) FROM case_closures x WHERE x.case_id = c.id) "
    "WHERE c.status = 'closed' AND l.action = 'close' AND l.at <= ? AND c.id > ? ORDER BY c.id LIMIT ?"};

static struct bp_sql q_statistic_add = {
    "INSERT INTO case_statistics (id, model, route, noticed_quarter, closed_quarter, closure_reason, "
    "days_to_first_meeting, deadline, plan_versions, followups) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"};
static struct bp_sql q_statistic_org_add = {
    "INSERT INTO case_statistic_orgs (statistic_id, org_id) VALUES (?, ?)"};

/* The tables a purge changes besides steps' (the family members' accounts, the guardians, the child, the
 * purging mark), whose space bp_store_reclaim gives back with steps': every table a DELETE above names must
 * be in one of the two, or PostgreSQL keeps the deleted rows' bytes in its files (issue 12). */
static const char *const also_touched[] = {"family_codes", "sessions", "users",
                                           "guardians",    "children", "purging"};
#define N_TOUCHED (BP_ARRAY_LEN(steps) + BP_ARRAY_LEN(also_touched))

/* Fills tables with the name of every table a purge changes. */
static void touched(const char *tables[N_TOUCHED])
{
    size_t i;
    for (i = 0; i < BP_ARRAY_LEN(steps); i++)
        tables[i] = steps[i].table;
    for (i = 0; i < BP_ARRAY_LEN(also_touched); i++)
        tables[BP_ARRAY_LEN(steps) + i] = also_touched[i];
}

/* A count of the purge's: select_int, saying so when it returns no number. */
static enum bp_err count_of(struct bp_store *s, const char *op, struct bp_sql *q,
                            const struct bp_param *params, size_t n, int64_t *out)
{
    return select_int(s, op, q, params, n, out, "a count returned no number");
}

enum bp_err bp_purge_due_cases(struct bp_store *s, struct bp_arena *a, int64_t closed_before,
                               int64_t after_id, size_t limit, int64_t **out, size_t *n)
{
    struct bp_param params[] = {p_int(closed_before), p_int(after_id), p_int((int64_t)limit)};
    struct bp_rows rows;
    enum bp_err err;
    size_t i;
    *out = NULL;
    *n = 0;
    if ((err = RUN(&q_due, params, a, &rows)))
        return err;
    *out = bp_arena_alloc(a, (rows.nrows ? rows.nrows : 1) * sizeof(**out));
    for (i = 0; i < rows.nrows; i++)
        if (!bp_rows_int64(&rows, i, 0, &(*out)[i]))
            return set_error(s, BP_ERR_STORAGE, __func__, "an id that is no number");
    *n = rows.nrows;
    return BP_OK;
}

enum bp_err bp_purge_count(struct bp_store *s, struct bp_arena *a, int64_t case_id, int64_t child_id,
                           struct bp_purge_count **out, size_t *n)
{
    struct bp_param one[] = {p_int(case_id)}, child[] = {p_int(child_id), p_int(case_id)};
    struct bp_param of_child[] = {p_int(child_id)};
    size_t i, k = 0;
    int64_t others = 0;
    enum bp_err err;
    struct bp_purge_count *c = bp_arena_alloc(a, (BP_ARRAY_LEN(steps) + 2) * sizeof(*c));

    for (i = 0; i < BP_ARRAY_LEN(steps); i++, k++) {
        c[k].table = steps[i].table;
        if ((err = count_of(s, __func__, &steps[i].count, one, 1, &c[k].rows)))
            return err;
    }
    if ((err = count_of(s, __func__, &q_child_other_cases, child, 2, &others)))
        return err;
    c[k].table = "guardians";
    c[k].rows = 0;
    if (!others && (err = count_of(s, __func__, &q_guardians_count, of_child, 1, &c[k].rows)))
        return err;
    c[++k].table = "children";
    c[k++].rows = others ? 0 : 1;
    *out = c;
    *n = k;
    return BP_OK;
}

enum bp_err bp_purge_case(struct bp_store *s, int64_t case_id, int64_t child_id, bool *child_removed)
{
    struct bp_param one[] = {p_int(case_id)}, child[] = {p_int(child_id), p_int(case_id)};
    struct bp_param of_child[] = {p_int(child_id)};
    int64_t others = 0;
    enum bp_err err;
    size_t i;

    *child_removed = false;
    if ((err = count_of(s, __func__, &q_child_other_cases, child, 2, &others)) ||
        (err = EXEC(&q_purging_add, one)) || (err = EXEC(&q_unlink_successors, one)))
        return err;
    for (i = 0; i < BP_ARRAY_LEN(steps) - 1 && !err; i++)
        err = exec_one(s, __func__, &steps[i].remove, one, 1);
    /* the case's own row last, after its purging row: nothing may point at it then */
    if (err || (err = EXEC(&q_purging_remove, one)) ||
        (err = exec_one(s, __func__, &steps[BP_ARRAY_LEN(steps) - 1].remove, one, 1)))
        return err;
    if (others)
        return BP_OK;
    for (i = 0; i < BP_ARRAY_LEN(child_removal) && !err; i++)
        err = exec_one(s, __func__, &child_removal[i], of_child, 1);
    *child_removed = !err;
    return err;
}

enum bp_err bp_case_statistic_add(struct bp_store *s, const struct bp_case_statistic *st)
{
    struct bp_param params[] = {p_int(st->id),
                                p_text(CODE_OF(bp_model_codes, st->model)),
                                p_text(CODE_OF(bp_route_codes, st->route)),
                                p_text(st->noticed_quarter[0] ? st->noticed_quarter : NULL),
                                p_text(st->closed_quarter),
                                p_text(CODE_OF(bp_closure_reason_codes, st->reason)),
                                st->days_to_first_meeting >= 0 ? p_int(st->days_to_first_meeting)
                                                               : p_text(NULL),
                                p_text(CODE_OF(bp_stat_deadline_codes, st->deadline)),
                                p_int(st->plan_versions),
                                p_int(st->followups)};
    enum bp_err err = EXEC(&q_statistic_add, params);
    return err ? err : exec_links(s, __func__, &q_statistic_org_add, st->id, st->orgs, st->n_orgs);
}

enum bp_err bp_store_reclaim(struct bp_store *s, char *warning, size_t warning_len)
{
    const char *tables[N_TOUCHED];
    enum bp_err err;
    if (s->in_tx)
        BUG("bp_store_reclaim inside a transaction");
    touched(tables);
    err = s->drv->reclaim(s->conn, tables, N_TOUCHED, warning, warning_len);
    if (err)
        return set_error(s, err, __func__, s->drv->errmsg(s->conn));
    return BP_OK;
}

enum bp_err bp_store_may_reclaim(struct bp_store *s, char *problem, size_t problem_len)
{
    const char *tables[N_TOUCHED];
    enum bp_err err;
    problem[0] = '\0';
    if (!s->drv->may_reclaim)
        return BP_OK;
    touched(tables);
    err = s->drv->may_reclaim(s->conn, tables, N_TOUCHED, problem, problem_len);
    if (err)
        return set_error(s, err, __func__, s->drv->errmsg(s->conn));
    return BP_OK;
}
