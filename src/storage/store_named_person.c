/* store_named_person.c: Kronoberg's barnensbästa-ansvarig as a person on the case (store.h,
 * migration 016): the history of BBAs, each one's decision, and who may be one. Rows are never deleted;
 * at most one per case is current (a unique partial index). Must not decide who is suggested
 * (domain/named_person.c) nor who may hand the role on (app/named_person.c). */
#include "storage/store_impl.h"

static struct bp_sql q_named_person_end = {
    "UPDATE case_named_persons SET ended_at = ? WHERE case_id = ? AND ended_at IS NULL"};
static struct bp_sql q_named_person_add = {
    "INSERT INTO case_named_persons (case_id, user_id, org_id, suggested, assigned_at, assigned_by) "
    "VALUES (?, ?, ?, ?, ?, ?) RETURNING id"};
static struct bp_sql q_named_person_decide = {
    "UPDATE case_named_persons SET decision = ?, decision_org_id = ?, decided_at = ?, decided_by = ? "
    "WHERE id = ? AND decision IS NULL RETURNING id"};
static struct bp_sql q_named_person_list = {
    "SELECT np.id, np.case_id, np.user_id, np.org_id, np.suggested, np.assigned_at, np.assigned_by, "
    "np.ended_at, np.decision, np.decision_org_id, np.decided_at, np.decided_by, u.display_name, o.name, "
    "b.display_name, (SELECT d.name FROM organisations d WHERE d.id = np.decision_org_id) "
    "FROM case_named_persons np JOIN users u ON u.id = np.user_id "
    "JOIN organisations o ON o.id = np.org_id JOIN users b ON b.id = np.assigned_by "
    "WHERE np.case_id = ? ORDER BY np.id"};
static struct bp_sql q_named_person_candidates = {
    "SELECT u.id, u.display_name, o.id, o.name, o.kind, m.role FROM case_orgs co "
    "JOIN organisations o ON o.id = co.org_id JOIN memberships m ON m.org_id = co.org_id "
    "JOIN users u ON u.id = m.user_id WHERE co.case_id = ? AND u.disabled = 0 "
    /* V-2.6: an organisation only asked to take part (no consent recorded) is not among them */
    "AND (EXISTS (SELECT 1 FROM consents k WHERE k.case_id = co.case_id AND k.org_id = co.org_id) "
    "OR EXISTS (SELECT 1 FROM cases i WHERE i.id = co.case_id AND i.initiating_org_id = co.org_id)) "
    "ORDER BY o.name, o.id, u.display_name, u.id LIMIT ?"};

enum bp_err bp_named_person_add(struct bp_store *s, struct bp_named_person *np)
{
    struct bp_param end[] = {p_int(np->assigned_at), p_int(np->case_id)};
    struct bp_param params[] = {p_int(np->case_id),    p_int(np->user_id),     p_int(np->org_id),
                                p_bool(np->suggested), p_int(np->assigned_at), p_int(np->assigned_by)};
    enum bp_err err = EXEC(&q_named_person_end, end);
    return err ? err : INSERT(&q_named_person_add, params, &np->id);
}

enum bp_err bp_named_person_decide(struct bp_store *s, int64_t id, const char *decision,
                                   int64_t decision_org_id, int64_t at, int64_t by_user)
{
    struct bp_param params[] = {p_text(decision), p_ref(decision_org_id), p_int(at), p_int(by_user),
                                p_int(id)};
    return CHANGE_ONE(&q_named_person_decide, params);
}

#define REC struct bp_named_person
static const struct col named_person_cols[] = {
    COL_INT(id),         COL_INT(case_id),         COL_INT(user_id),          COL_INT(org_id),
    COL_BOOL(suggested), COL_INT(assigned_at),     COL_INT(assigned_by),      COL_INT(ended_at),
    COL_STR(decision),   COL_INT(decision_org_id), COL_INT(decided_at),       COL_INT(decided_by),
    COL_STR(user_name),  COL_STR(org_name),        COL_STR(assigned_by_name), COL_STR(decision_org_name)};
static const struct row named_person_row = ROW(named_person_cols, NULL);
#undef REC

enum bp_err bp_named_person_list(struct bp_store *s, struct bp_arena *a, int64_t case_id,
                                 struct bp_named_person **out, size_t *n)
{
    return SELECT_ALL_BY_ID(&q_named_person_list, case_id, a, &named_person_row, out, n);
}

#define REC struct bp_bba_candidate
static const struct col candidate_cols[] = {COL_INT(user_id),
                                            COL_STR(name),
                                            COL_INT(org_id),
                                            COL_STR(org_name),
                                            COL_CODE(org_kind, bp_org_kind_codes),
                                            COL_CODE(role, bp_role_codes)};
static const struct row candidate_row = ROW(candidate_cols, NULL);
#undef REC

enum bp_err bp_named_person_candidates(struct bp_store *s, struct bp_arena *a, int64_t case_id,
                                       struct bp_bba_candidate **out, size_t *n)
{
    struct bp_param params[] = {p_int(case_id), p_int(BP_MAX_BBA_CANDIDATES)};
    return SELECT_ALL(&q_named_person_candidates, params, a, &candidate_row, out, n);
}
