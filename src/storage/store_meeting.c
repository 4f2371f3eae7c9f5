/* store_meeting.c: the meetings' operations of store.h (V-4.x, V-5.x, V-6.x, K-4.x): meetings, their
 * invitees and the K-4.8 absence decisions. Rows of meetings and decisions are never deleted (a meeting
 * is cancelled, not removed); an invitee may be removed before the meeting is held. Must not decide
 * anything about a meeting (domain/meeting.c does). */
#include "storage/store_impl.h"

#define MEETING_COLUMNS                                                                                      \
    "id, case_id, kind, status, starts_at, ends_at, meeting_date, start_minute, end_minute, place, "         \
    "setting, "                                                                                              \
    "setting_agreed, video_link, purpose, agenda, called_by_user, called_by_org, chair_user_id, "            \
    "note_taker_user_id, sequence, invitation_sent_at, invited_on, deadline_reason, "                        \
    "child_not_invited_reason, binding, child_asked, child_addition, child_representative, "                 \
    "child_debriefed, debriefed_on"

static struct bp_sql q_meeting_add = {
    "INSERT INTO meetings (case_id, kind, status, starts_at, ends_at, meeting_date, start_minute, "
    "end_minute, "
    "place, setting, setting_agreed, video_link, purpose, agenda, called_by_user, called_by_org, "
    "chair_user_id, note_taker_user_id, sequence, invitation_sent_at, invited_on, deadline_reason, "
    "child_not_invited_reason, binding, child_asked, child_addition, child_representative, child_debriefed, "
    "debriefed_on, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
    "?, ?, ?, ?, ?, ?, ?) RETURNING id"};
static struct bp_sql q_meeting_update = {
    "UPDATE meetings SET kind = ?, status = ?, starts_at = ?, ends_at = ?, meeting_date = ?, start_minute = "
    "?, "
    "end_minute = ?, place = ?, setting = ?, setting_agreed = ?, video_link = ?, purpose = ?, agenda = ?, "
    "called_by_user = ?, called_by_org = ?, chair_user_id = ?, note_taker_user_id = ?, sequence = ?, "
    "invitation_sent_at = ?, invited_on = ?, deadline_reason = ?, child_not_invited_reason = ?, binding = ?, "
    "child_asked = ?, child_addition = ?, child_representative = ?, child_debriefed = ?, debriefed_on = ? "
    "WHERE id = ? RETURNING id"};
static struct bp_sql q_meeting_get = {"SELECT " MEETING_COLUMNS " FROM meetings WHERE id = ?"};
LIST_AND_MANY(q_meeting_list, q_meeting_list_many, MEETING_COLUMNS " FROM meetings", "case_id",
              "starts_at, id");

#define INVITEE_COLUMNS                                                                                      \
    "id, meeting_id, kind, guardian_id, org_id, user_id, name, email, answer, answered_on, decline_reason, " \
    "substitute_name, substituted_on, attendance"
static struct bp_sql q_invitee_add = {
    "INSERT INTO meeting_invitees (meeting_id, kind, guardian_id, org_id, user_id, name, email, answer, "
    "answered_on, decline_reason, substitute_name, substituted_on, attendance) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id"};
static struct bp_sql q_invitee_update = {
    "UPDATE meeting_invitees SET name = ?, email = ?, answer = ?, answered_on = ?, decline_reason = ?, "
    "substitute_name = ?, substituted_on = ?, attendance = ? WHERE id = ? AND meeting_id = ? RETURNING id"};
static struct bp_sql q_invitee_remove = {
    "DELETE FROM meeting_invitees WHERE id = ? AND meeting_id = ? AND NOT EXISTS "
    "(SELECT 1 FROM meeting_absence_decisions d WHERE d.invitee_id = meeting_invitees.id) RETURNING id"};
LIST_AND_MANY(q_invitee_list, q_invitee_list_many, INVITEE_COLUMNS " FROM meeting_invitees", "meeting_id",
              "id");

#define DECISION_COLUMNS "id, meeting_id, invitee_id, outcome, guardian_id, decided_on, note, decided_by"
static struct bp_sql q_decision_add = {
    "INSERT INTO meeting_absence_decisions (meeting_id, invitee_id, outcome, guardian_id, decided_on, note, "
    "decided_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id"};
LIST_AND_MANY(q_decision_list, q_decision_list_many, DECISION_COLUMNS " FROM meeting_absence_decisions",
              "meeting_id", "id");

#define REC struct bp_meeting
static const struct col meeting_cols[] = {
    COL_INT(id),
    COL_INT(case_id),
    COL_CODE(kind, bp_meeting_kind_codes),
    COL_CODE(status, bp_meeting_status_codes),
    COL_INT(starts_at),
    COL_INT(ends_at),
    COL_DATE(date),
    COL_SMALL(start_minute),
    COL_SMALL(end_minute),
    COL_STR(place),
    COL_CODE(setting, bp_setting_codes),
    COL_BOOL(setting_agreed),
    COL_STR(video_link),
    COL_STR(purpose),
    COL_STR(agenda),
    COL_INT(called_by_user),
    COL_INT(called_by_org),
    COL_INT(chair_user_id),
    COL_INT(note_taker_user_id),
    COL_SMALL(sequence),
    COL_INT(invitation_sent_at),
    COL_DATE(invited_on),
    COL_STR(deadline_reason),
    COL_STR(child_not_invited_reason),
    COL_BOOL(binding),
    COL_BOOL(child_asked),
    COL_STR(child_addition),
    COL_STR(child_representative),
    COL_BOOL(child_debriefed),
    COL_DATE(debriefed_on),
};
static const struct row meeting_row = ROW(meeting_cols, NULL);
#undef REC

#define REC struct bp_invitee
static const struct col invitee_cols[] = {COL_INT(id),
                                          COL_INT(meeting_id),
                                          COL_CODE(kind, bp_invitee_kind_codes),
                                          COL_INT(guardian_id),
                                          COL_INT(org_id),
                                          COL_INT(user_id),
                                          COL_STR(name),
                                          COL_STR(email),
                                          COL_CODE(answer, bp_answer_codes),
                                          COL_DATE(answered_on),
                                          COL_STR(decline_reason),
                                          COL_STR(substitute_name),
                                          COL_DATE(substituted_on),
                                          COL_CODE(attendance, bp_attendance_codes)};
static const struct row invitee_row = ROW(invitee_cols, NULL);
#undef REC

#define REC struct bp_absence_decision
static const struct col decision_cols[] = {COL_INT(id),          COL_INT(meeting_id),
                                           COL_INT(invitee_id),  COL_CODE(outcome, bp_absence_outcome_codes),
                                           COL_INT(guardian_id), COL_DATE(decided_on),
                                           COL_STR(note),        COL_INT(decided_by)};
static const struct row decision_row = ROW(decision_cols, NULL);
#undef REC

static const char *text_or_empty(const char *s)
{
    return s ? s : "";
}

/* The columns every write of a meeting sets, in the order of q_meeting_update (kind .. debriefed_on). */
#define MEETING_PARAMS(m, date, invited, debriefed)                                                          \
    p_text(CODE_OF(bp_meeting_kind_codes, (m)->kind)),                                                       \
        p_text(CODE_OF(bp_meeting_status_codes, (m)->status)), p_int((m)->starts_at), p_int((m)->ends_at),   \
        p_date((m)->date, date), p_int((m)->start_minute), p_int((m)->end_minute),                           \
        p_text(text_or_empty((m)->place)), p_text(CODE_OF(bp_setting_codes, (m)->setting)),                  \
        p_bool((m)->setting_agreed), p_text(text_or_empty((m)->video_link)),                                 \
        p_text(text_or_empty((m)->purpose)), p_text(text_or_empty((m)->agenda)), p_int((m)->called_by_user), \
        p_ref((m)->called_by_org), p_ref((m)->chair_user_id), p_ref((m)->note_taker_user_id),                \
        p_int((m)->sequence), p_ref((m)->invitation_sent_at), p_date((m)->invited_on, invited),              \
        p_text(text_or_empty((m)->deadline_reason)), p_text(text_or_empty((m)->child_not_invited_reason)),   \
        p_bool((m)->binding), p_bool((m)->child_asked), p_text(text_or_empty((m)->child_addition)),          \
        p_text(text_or_empty((m)->child_representative)), p_bool((m)->child_debriefed),                      \
        p_date((m)->debriefed_on, debriefed)

static bool meeting_codes_ok(const struct bp_meeting *m)
{
    return CODE_OF(bp_meeting_kind_codes, m->kind) && CODE_OF(bp_meeting_status_codes, m->status) &&
           CODE_OF(bp_setting_codes, m->setting) && bp_date_valid(m->date.y, m->date.m, m->date.d);
}

enum bp_err bp_meeting_add(struct bp_store *s, struct bp_meeting *m, int64_t created_at)
{
    char date[11], invited[11], debriefed[11];
    struct bp_param params[] = {p_int(m->case_id), MEETING_PARAMS(m, date, invited, debriefed),
                                p_int(created_at)};
    if (!meeting_codes_ok(m))
        return set_error(s, BP_ERR_INVALID, __func__, "kind, status, setting or date out of range");
    return INSERT(&q_meeting_add, params, &m->id);
}

enum bp_err bp_meeting_update(struct bp_store *s, const struct bp_meeting *m)
{
    char date[11], invited[11], debriefed[11];
    struct bp_param params[] = {MEETING_PARAMS(m, date, invited, debriefed), p_int(m->id)};
    if (!meeting_codes_ok(m))
        return set_error(s, BP_ERR_INVALID, __func__, "kind, status, setting or date out of range");
    return CHANGE_ONE(&q_meeting_update, params);
}

enum bp_err bp_meeting_get(struct bp_store *s, struct bp_arena *a, int64_t id, struct bp_meeting *out)
{
    return SELECT_ONE_BY_ID(&q_meeting_get, id, a, &meeting_row, out, "no such meeting");
}

enum bp_err bp_meeting_list(struct bp_store *s, struct bp_arena *a, int64_t case_id, struct bp_meeting **out,
                            size_t *n)
{
    return SELECT_ALL_BY_ID(&q_meeting_list, case_id, a, &meeting_row, out, n);
}

enum bp_err bp_meeting_list_many(struct bp_store *s, struct bp_arena *a, const int64_t *case_ids, size_t n,
                                 struct bp_meeting **out, size_t *n_out)
{
    return SELECT_GROUPED(&q_meeting_list_many, case_ids, n, a, &meeting_row, 0, out, n_out);
}

enum bp_err bp_invitee_list_many(struct bp_store *s, struct bp_arena *a, const int64_t *meeting_ids, size_t n,
                                 struct bp_invitee **out, size_t *n_out)
{
    return SELECT_GROUPED(&q_invitee_list_many, meeting_ids, n, a, &invitee_row, 0, out, n_out);
}

enum bp_err bp_absence_decision_list_many(struct bp_store *s, struct bp_arena *a, const int64_t *meeting_ids,
                                          size_t n, struct bp_absence_decision **out, size_t *n_out)
{
    return SELECT_GROUPED(&q_decision_list_many, meeting_ids, n, a, &decision_row, 0, out, n_out);
}

/* The columns every write of an invitee sets, in the order of q_invitee_update (name .. attendance). */
#define INVITEE_PARAMS(v, answer, answered, substituted, attendance)                                         \
    p_text(text_or_empty((v)->name)), p_text(text_or_empty((v)->email)), p_text(answer),                     \
        p_date((v)->answered_on, answered), p_text(text_or_empty((v)->decline_reason)),                      \
        p_text(text_or_empty((v)->substitute_name)), p_date((v)->substituted_on, substituted),               \
        p_text(attendance)

enum bp_err bp_invitee_add(struct bp_store *s, struct bp_invitee *v)
{
    char answered[11], substituted[11];
    const char *kind = CODE_OF(bp_invitee_kind_codes, v->kind);
    const char *answer = CODE_OF(bp_answer_codes, v->answer);
    const char *attendance = CODE_OF(bp_attendance_codes, v->attendance);
    struct bp_param params[] = {
        p_int(v->meeting_id),  p_text(kind),
        p_ref(v->guardian_id), p_ref(v->org_id),
        p_ref(v->user_id),     INVITEE_PARAMS(v, answer, answered, substituted, attendance)};
    if (!kind || !answer || !attendance)
        return set_error(s, BP_ERR_INVALID, __func__, "kind, answer or attendance out of range");
    return INSERT(&q_invitee_add, params, &v->id);
}

enum bp_err bp_invitee_update(struct bp_store *s, const struct bp_invitee *v)
{
    char answered[11], substituted[11];
    const char *answer = CODE_OF(bp_answer_codes, v->answer);
    const char *attendance = CODE_OF(bp_attendance_codes, v->attendance);
    struct bp_param params[] = {INVITEE_PARAMS(v, answer, answered, substituted, attendance), p_int(v->id),
                                p_int(v->meeting_id)};
    if (!answer || !attendance)
        return set_error(s, BP_ERR_INVALID, __func__, "answer or attendance out of range");
    return CHANGE_ONE(&q_invitee_update, params);
}

enum bp_err bp_invitee_remove(struct bp_store *s, int64_t meeting_id, int64_t invitee_id)
{
    struct bp_param params[] = {p_int(invitee_id), p_int(meeting_id)};
    return CHANGE_ONE(&q_invitee_remove, params);
}

enum bp_err bp_invitee_list(struct bp_store *s, struct bp_arena *a, int64_t meeting_id,
                            struct bp_invitee **out, size_t *n)
{
    return SELECT_ALL_BY_ID(&q_invitee_list, meeting_id, a, &invitee_row, out, n);
}

enum bp_err bp_absence_decision_add(struct bp_store *s, struct bp_absence_decision *d, int64_t created_at)
{
    char on[11];
    const char *outcome = CODE_OF(bp_absence_outcome_codes, d->outcome);
    struct bp_param params[] = {p_int(d->meeting_id),      p_int(d->invitee_id),
                                p_text(outcome),           p_ref(d->guardian_id),
                                p_date(d->decided_on, on), p_text(text_or_empty(d->note)),
                                p_int(d->decided_by),      p_int(created_at)};
    if (!outcome || params[4].type == BP_PARAM_NULL)
        return set_error(s, BP_ERR_INVALID, __func__, "outcome or date out of range");
    return INSERT(&q_decision_add, params, &d->id);
}

enum bp_err bp_absence_decision_list(struct bp_store *s, struct bp_arena *a, int64_t meeting_id,
                                     struct bp_absence_decision **out, size_t *n)
{
    return SELECT_ALL_BY_ID(&q_decision_list, meeting_id, a, &decision_row, out, n);
}
