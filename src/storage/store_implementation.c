/* store_implementation.c: carrying out the plan in store.h (V-9.1-V-9.4): how interventions go, what the
 * child said meanwhile, events that affect the plan and the coordinator's decisions. Rows are only added;
 * an event is changed once, when it is decided. Must not decide who may record what
 * (domain/implementation.c). */
#include "storage/store_impl.h"

#define LIMIT_ROWS " LIMIT 200" /* BP_MAX_IMPL_ROWS */
_Static_assert(BP_MAX_IMPL_ROWS == 200, "LIMIT_ROWS follows BP_MAX_IMPL_ROWS");

static struct bp_sql q_progress_add = {
    "INSERT INTO intervention_progress (case_id, intervention_id, origin_id, org_id, status, status_on, "
    "note, "
    "recorded_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id"};
static struct bp_sql q_progress_list = {
    "SELECT p.id, p.case_id, p.intervention_id, p.origin_id, p.org_id, p.status, p.status_on, p.note, "
    "p.recorded_by, u.display_name, p.created_at FROM intervention_progress p JOIN users u ON u.id = "
    "p.recorded_by WHERE p.case_id = ? ORDER BY p.id DESC" LIMIT_ROWS};
static struct bp_sql q_voice_add = {"INSERT INTO child_voices (case_id, org_id, said_on, note, recorded_by, "
                                    "created_at, share_with_guardians) "
                                    "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id"};
static struct bp_sql q_voice_list = {
    "SELECT v.id, v.case_id, v.org_id, v.said_on, v.note, v.recorded_by, u.display_name, v.created_at, "
    "v.share_with_guardians "
    "FROM child_voices v JOIN users u ON u.id = v.recorded_by WHERE v.case_id = ? AND v.said_on >= ? "
    "ORDER BY v.said_on DESC, v.id DESC" LIMIT_ROWS};
static struct bp_sql q_event_add = {
    "INSERT INTO plan_events (case_id, org_id, what, happened_on, reported_by, created_at, "
    "share_with_guardians) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id"};
static struct bp_sql q_event_decide = {
    "UPDATE plan_events SET decision = ?, decision_note = ?, decided_by = ?, decided_on = ?, meeting_id = ? "
    "WHERE id = ? AND case_id = ? AND decision IS NULL RETURNING id"};
#define EVENT_SELECT(key)                                                                                    \
    "SELECT " key "e.id, e.case_id, e.org_id, e.what, e.happened_on, e.reported_by, r.display_name, "        \
    "e.created_at, e.decision, e.decision_note, e.decided_by, d.display_name, e.decided_on, "                \
    "e.meeting_id, r.family_child_id, r.family_guardian_id, e.share_with_guardians "                         \
    "FROM plan_events e JOIN users r ON r.id = e.reported_by LEFT JOIN users d ON d.id = e.decided_by "
#define EVENT_QUERY(where)                                                                                   \
    {                                                                                                        \
        EVENT_SELECT("") "WHERE e.case_id = ? " where " ORDER BY e.id DESC" LIMIT_ROWS                       \
    }
static struct bp_sql q_coordinator_members = {
    "SELECT DISTINCT u.id, u.username, u.display_name, u.email FROM users u JOIN memberships m ON m.user_id "
    "= "
    "u.id JOIN plan_coordinator_orgs c ON c.org_id = m.org_id WHERE c.plan_id = ? AND u.disabled = 0 "
    "ORDER BY u.id"};
static struct bp_sql q_event_list = EVENT_QUERY("");
static struct bp_sql q_event_undecided = EVENT_QUERY("AND e.decision IS NULL");
/* q_event_undecided for several cases: the case id first; LIMIT_ROWS per case is applied as they are read */
static struct bp_sql q_event_undecided_many = {EVENT_SELECT(
    "e.case_id, ") "WHERE e.case_id IN " IDS_IN " AND e.decision IS NULL ORDER BY e.case_id, e.id DESC"};

#define REC struct bp_progress
static const struct col progress_cols[] = {COL_INT(id),
                                           COL_INT(case_id),
                                           COL_INT(intervention_id),
                                           COL_INT(origin_id),
                                           COL_INT(org_id),
                                           COL_CODE(status, bp_progress_status_codes),
                                           COL_DATE(status_on),
                                           COL_NZ(note),
                                           COL_INT(recorded_by),
                                           COL_NZ(recorded_by_name),
                                           COL_INT(created_at)};
static const struct row progress_row = ROW(progress_cols, NULL);
#undef REC

#define REC struct bp_child_voice
static const struct col voice_cols[] = {COL_INT(id),
                                        COL_INT(case_id),
                                        COL_INT(org_id),
                                        COL_DATE(said_on),
                                        COL_NZ(note),
                                        COL_INT(recorded_by),
                                        COL_NZ(recorded_by_name),
                                        COL_INT(created_at),
                                        COL_BOOL(share_with_guardians)};
static const struct row voice_row = ROW(voice_cols, NULL);
#undef REC

#define REC struct bp_plan_event
static const struct col event_cols[] = {COL_INT(id),
                                        COL_INT(case_id),
                                        COL_INT(org_id),
                                        COL_NZ(what),
                                        COL_DATE(happened_on),
                                        COL_INT(reported_by),
                                        COL_NZ(reported_by_name),
                                        COL_INT(created_at),
                                        COL_CODE_OR_NULL(decision, bp_event_decision_codes),
                                        COL_NZ(decision_note),
                                        COL_INT(decided_by),
                                        COL_NZ(decided_by_name),
                                        COL_DATE(decided_on),
                                        COL_INT(meeting_id),
                                        COL_INT(reporter_child_id),
                                        COL_INT(reporter_guardian_id),
                                        COL_BOOL(share_with_guardians)};
static const struct row event_row = ROW(event_cols, NULL);
#undef REC

enum bp_err bp_progress_add(struct bp_store *s, struct bp_progress *p)
{
    char on[11];
    const char *status = CODE_OF(bp_progress_status_codes, p->status);
    struct bp_param params[] = {
        p_int(p->case_id),   p_int(p->intervention_id), p_int(p->origin_id), p_int(p->org_id),
        p_text(status),      p_date(p->status_on, on),  p_text(p->note),     p_int(p->recorded_by),
        p_int(p->created_at)};
    if (!status)
        return set_error(s, BP_ERR_INVALID, __func__, "status out of range");
    return INSERT(&q_progress_add, params, &p->id);
}

enum bp_err bp_progress_list(struct bp_store *s, struct bp_arena *a, int64_t case_id,
                             struct bp_progress **out, size_t *n)
{
    return SELECT_ALL_BY_ID(&q_progress_list, case_id, a, &progress_row, out, n);
}

enum bp_err bp_child_voice_add(struct bp_store *s, struct bp_child_voice *v)
{
    char on[11];
    struct bp_param params[] = {
        p_int(v->case_id),     p_int(v->org_id),     p_date(v->said_on, on),         p_text(v->note),
        p_int(v->recorded_by), p_int(v->created_at), p_bool(v->share_with_guardians)};
    return INSERT(&q_voice_add, params, &v->id);
}

enum bp_err bp_child_voice_list(struct bp_store *s, struct bp_arena *a, int64_t case_id, struct bp_date since,
                                struct bp_child_voice **out, size_t *n)
{
    char on[11];
    struct bp_param params[] = {p_int(case_id), p_text("0000-00-00")};
    if (bp_date_valid(since.y, since.m, since.d))
        params[1] = p_date(since, on);
    return SELECT_ALL(&q_voice_list, params, a, &voice_row, out, n);
}

enum bp_err bp_plan_event_add(struct bp_store *s, struct bp_plan_event *e)
{
    char on[11];
    struct bp_param params[] = {p_int(e->case_id),
                                p_ref(e->org_id),
                                p_text(e->what),
                                p_date(e->happened_on, on),
                                p_int(e->reported_by),
                                p_int(e->created_at),
                                p_bool(e->share_with_guardians)};
    return INSERT(&q_event_add, params, &e->id);
}

enum bp_err bp_plan_event_decide(struct bp_store *s, const struct bp_plan_event *e)
{
    char on[11];
    const char *decision =
        e->decision == BP_EVENT_UNDECIDED ? NULL : CODE_OF(bp_event_decision_codes, e->decision);
    struct bp_param params[] = {p_text(decision),          p_text(e->decision_note), p_int(e->decided_by),
                                p_date(e->decided_on, on), p_ref(e->meeting_id),     p_int(e->id),
                                p_int(e->case_id)};
    if (!decision)
        return set_error(s, BP_ERR_INVALID, __func__, "no decision");
    return CHANGE_ONE(&q_event_decide, params);
}

enum bp_err bp_plan_event_list(struct bp_store *s, struct bp_arena *a, int64_t case_id, bool undecided_only,
                               struct bp_plan_event **out, size_t *n)
{
    return SELECT_ALL_BY_ID(undecided_only ? &q_event_undecided : &q_event_list, case_id, a, &event_row, out,
                            n);
}

enum bp_err bp_plan_event_undecided_many(struct bp_store *s, struct bp_arena *a, const int64_t *case_ids,
                                         size_t n, struct bp_plan_event **out, size_t *n_out)
{
    return SELECT_GROUPED(&q_event_undecided_many, case_ids, n, a, &event_row, BP_MAX_IMPL_ROWS, out, n_out);
}

#define REC struct bp_user
static const struct col member_cols[] = {COL_INT(id), COL_STR(username), COL_STR(display_name),
                                         COL_STR(email)};
static const struct row member_row = ROW(member_cols, NULL);
#undef REC

enum bp_err bp_plan_coordinator_members(struct bp_store *s, struct bp_arena *a, int64_t plan_id,
                                        struct bp_user **out, size_t *n)
{
    return SELECT_ALL_BY_ID(&q_coordinator_members, plan_id, a, &member_row, out, n);
}
