/* store_followup.c: following up the plan, of store.h (V-10.x): one follow-up per follow-up meeting, saved
 * in place (an upsert on the meeting), the reviews of the interventions, and the answers of organisations
 * asked to coordinate a new version (V-10.7). Must not decide what a follow-up needs (domain/followup.c). */
#include "storage/store_impl.h"

#define FOLLOWUP_COLUMNS                                                                                     \
    "id, case_id, meeting_id, plan_id, child_last_meeting, child_interventions, guardians_view, heard_on, "  \
    "heard_by, q_a, q_b, q_c, q_d, q_e, q_f, q_g, q_h, next_on, next_minute, next_place, "                   \
    "next_participants, "                                                                                    \
    "still_needed, new_coordinator_org, new_plan_id, updated_by, updated_at, child_share_with_guardians"

static struct bp_sql q_followup_save = {
    "INSERT INTO followups (case_id, meeting_id, plan_id, child_last_meeting, child_interventions, "
    "guardians_view, heard_on, heard_by, q_a, q_b, q_c, q_d, q_e, q_f, q_g, q_h, next_on, next_minute, "
    "next_place, next_participants, still_needed, new_coordinator_org, updated_by, updated_at, "
    "child_share_with_guardians) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (meeting_id) DO UPDATE SET child_last_meeting = excluded.child_last_meeting, "
    "child_interventions = excluded.child_interventions, guardians_view = excluded.guardians_view, "
    "heard_on = excluded.heard_on, heard_by = excluded.heard_by, q_a = excluded.q_a, q_b = excluded.q_b, "
    "q_c = excluded.q_c, q_d = excluded.q_d, q_e = excluded.q_e, q_f = excluded.q_f, q_g = excluded.q_g, "
    "q_h = excluded.q_h, next_on = excluded.next_on, next_minute = excluded.next_minute, "
    "next_place = excluded.next_place, next_participants = excluded.next_participants, "
    "still_needed = excluded.still_needed, new_coordinator_org = excluded.new_coordinator_org, "
    "updated_by = excluded.updated_by, updated_at = excluded.updated_at, "
    "child_share_with_guardians = excluded.child_share_with_guardians RETURNING id"};
static struct bp_sql q_followup_get = {"SELECT " FOLLOWUP_COLUMNS " FROM followups WHERE meeting_id = ?"};
LIST_AND_MANY(q_followup_list, q_followup_list_many, FOLLOWUP_COLUMNS " FROM followups", "case_id", "id");
static struct bp_sql q_followup_new_plan = {
    "UPDATE followups SET new_plan_id = ? WHERE id = ? AND new_plan_id IS NULL RETURNING id"};
static struct bp_sql q_review_save = {
    "INSERT INTO followup_reviews (followup_id, intervention_id, decision, note, reviewed_by, reviewed_at) "
    "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (followup_id, intervention_id) DO UPDATE SET "
    "decision = excluded.decision, note = excluded.note, reviewed_by = excluded.reviewed_by, "
    "reviewed_at = excluded.reviewed_at"};
static struct bp_sql q_review_list = {
    "SELECT followup_id, intervention_id, decision, note FROM followup_reviews "
    "WHERE followup_id = ? ORDER BY intervention_id"};
static struct bp_sql q_coordination_answer = {
    "INSERT INTO coordination_answers (plan_id, org_id, accepted, answered_by, answered_at) VALUES (?, ?, ?, "
    "?, "
    "?) ON CONFLICT (plan_id, org_id) DO UPDATE SET accepted = excluded.accepted, "
    "answered_by = excluded.answered_by, answered_at = excluded.answered_at"};
static struct bp_sql q_coordination_accepted = {
    "SELECT org_id FROM coordination_answers WHERE plan_id = ? AND accepted = 1 ORDER BY org_id"};

#define REC struct bp_followup
static const struct col followup_cols[] = {
    COL_INT(id),
    COL_INT(case_id),
    COL_INT(meeting_id),
    COL_INT(plan_id),
    COL_NZ(child_last_meeting),
    COL_NZ(child_interventions),
    COL_NZ(guardians_view),
    COL_DATE_HAS(heard_on, heard),
    COL_INT(heard_by),
    COL_NZ(q_a),
    COL_NZ(q_b),
    COL_NZ(q_c),
    COL_NZ(q_d),
    COL_NZ(q_e),
    COL_NZ(q_f),
    COL_NZ(q_g),
    COL_NZ(q_h),
    COL_DATE_HAS(next_on, has_next),
    COL_MINUTE(next_minute),
    COL_NZ(next_place),
    COL_NZ(next_participants),
    COL_CODE(still_needed, bp_still_needed_codes),
    COL_INT(new_coordinator_org),
    COL_INT(new_plan_id),
    COL_INT(updated_by),
    COL_INT(updated_at),
    COL_BOOL(child_share_with_guardians),
};
static const struct row followup_row = ROW(followup_cols, NULL);
#undef REC

#define REC struct bp_review
static const struct col review_cols[] = {COL_INT(followup_id), COL_INT(intervention_id),
                                         COL_CODE(decision, bp_review_decision_codes), COL_NZ(note)};
static const struct row review_row = ROW(review_cols, NULL);
#undef REC

enum bp_err bp_followup_save(struct bp_store *s, struct bp_followup *f)
{
    char heard[11], next[11];
    const char *still = CODE_OF(bp_still_needed_codes, f->still_needed);
    struct bp_param params[] = {
        p_int(f->case_id),
        p_int(f->meeting_id),
        p_int(f->plan_id),
        p_text(f->child_last_meeting ? f->child_last_meeting : ""),
        p_text(f->child_interventions ? f->child_interventions : ""),
        p_text(f->guardians_view ? f->guardians_view : ""),
        p_date(f->heard ? f->heard_on : (struct bp_date){0}, heard),
        p_ref(f->heard ? f->heard_by : 0),
        p_text(f->q_a ? f->q_a : ""),
        p_text(f->q_b ? f->q_b : ""),
        p_text(f->q_c ? f->q_c : ""),
        p_text(f->q_d ? f->q_d : ""),
        p_text(f->q_e ? f->q_e : ""),
        p_text(f->q_f ? f->q_f : ""),
        p_text(f->q_g ? f->q_g : ""),
        p_text(f->q_h ? f->q_h : ""),
        p_date(f->has_next ? f->next_on : (struct bp_date){0}, next),
        f->next_minute >= 0 ? p_int(f->next_minute) : p_text(NULL),
        p_text(f->next_place ? f->next_place : ""),
        p_text(f->next_participants ? f->next_participants : ""),
        p_text(still),
        p_ref(f->new_coordinator_org),
        p_int(f->updated_by),
        p_int(f->updated_at),
        p_bool(f->child_share_with_guardians),
    };
    if (!still)
        return set_error(s, BP_ERR_INVALID, __func__, "a code is out of range");
    return INSERT(&q_followup_save, params, &f->id);
}

enum bp_err bp_followup_get(struct bp_store *s, struct bp_arena *a, int64_t meeting_id,
                            struct bp_followup *out)
{
    return SELECT_ONE_BY_ID(&q_followup_get, meeting_id, a, &followup_row, out,
                            "no follow-up of the meeting");
}

enum bp_err bp_followup_list(struct bp_store *s, struct bp_arena *a, int64_t case_id,
                             struct bp_followup **out, size_t *n)
{
    return SELECT_ALL_BY_ID(&q_followup_list, case_id, a, &followup_row, out, n);
}

enum bp_err bp_followup_list_many(struct bp_store *s, struct bp_arena *a, const int64_t *case_ids, size_t n,
                                  struct bp_followup **out, size_t *n_out)
{
    return SELECT_GROUPED(&q_followup_list_many, case_ids, n, a, &followup_row, 0, out, n_out);
}

enum bp_err bp_followup_set_new_plan(struct bp_store *s, int64_t followup_id, int64_t plan_id)
{
    struct bp_param params[] = {p_int(plan_id), p_int(followup_id)};

    return CHANGE_ONE(&q_followup_new_plan, params);
}

enum bp_err bp_review_save(struct bp_store *s, const struct bp_review *r, int64_t by_user, int64_t at)
{
    const char *decision = CODE_OF(bp_review_decision_codes, r->decision);
    struct bp_param params[] = {p_int(r->followup_id), p_int(r->intervention_id),
                                p_text(decision),      p_text(r->note ? r->note : ""),
                                p_int(by_user),        p_int(at)};
    if (!decision)
        return set_error(s, BP_ERR_INVALID, __func__, "a code is out of range");
    return EXEC(&q_review_save, params);
}

enum bp_err bp_review_list(struct bp_store *s, struct bp_arena *a, int64_t followup_id,
                           struct bp_review **out, size_t *n)
{
    return SELECT_ALL_BY_ID(&q_review_list, followup_id, a, &review_row, out, n);
}

enum bp_err bp_coordination_answer(struct bp_store *s, int64_t plan_id, int64_t org_id, bool accepted,
                                   int64_t by_user, int64_t at)
{
    struct bp_param params[] = {p_int(plan_id), p_int(org_id), p_bool(accepted), p_int(by_user), p_int(at)};

    return EXEC(&q_coordination_answer, params);
}

enum bp_err bp_coordination_accepted(struct bp_store *s, struct bp_arena *a, int64_t plan_id, int64_t **out,
                                     size_t *n)
{
    struct bp_param params[] = {p_int(plan_id)};

    return SELECT_IDS(&q_coordination_accepted, params, a, out, n);
}
