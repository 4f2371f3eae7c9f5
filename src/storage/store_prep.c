/* store_prep.c: the preparations of store.h (V-3.x, V-4.1, V-4.2): the child's and each guardian's, one
 * row per case and meeting (and guardian), saved while under way and updated in place. Must not decide
 * what a valid or finished preparation is (domain/preparation.c does), nor hold another table's SQL. */
#include "storage/store_impl.h"

#define CHILD_PREP_COLUMNS                                                                                   \
    "p.id, p.case_id, p.meeting_id, p.informed_on, p.how_informed, p.adapted, p.interpreter_used, "          \
    "p.picture_support_used, p.answer_1, p.answer_2, p.answer_3, p.answer_4, p.answer_5, p.participation, "  \
    "p.rep_kind, p.rep_guardian_id, p.rep_name, p.letter_text, p.letter_note, p.wanted_participants, "       \
    "p.place_wishes, p.setting, p.support_kind, p.support_name, p.support_relation, p.prepared_by, "         \
    "p.org_id, p.done, p.done_on, p.created_at, p.updated_at, u.display_name, o.name, "                      \
    "p.share_with_guardians, p.answered_online_at"
#define GUARDIAN_PREP_COLUMNS                                                                                \
    "p.id, p.case_id, p.meeting_id, p.guardian_id, p.informed_on, p.answer_1, p.answer_2, p.answer_3, "      \
    "p.answer_4, p.answer_5, p.interpreter_used, p.prepared_by, p.org_id, p.done, p.done_on, p.created_at, " \
    "p.updated_at, u.display_name, o.name, p.answered_online_at"
#define PREP_JOIN " p JOIN users u ON u.id = p.prepared_by LEFT JOIN organisations o ON o.id = p.org_id "

static struct bp_sql q_child_prep_find = {
    "SELECT id FROM child_preps WHERE case_id = ? AND COALESCE(meeting_id, 0) = ?"};
static struct bp_sql q_child_prep_get = {"SELECT " CHILD_PREP_COLUMNS " FROM child_preps" PREP_JOIN
                                         "WHERE p.case_id = ? AND COALESCE(p.meeting_id, 0) = ?"};
static struct bp_sql q_child_prep_get_many = {"SELECT p.case_id, " CHILD_PREP_COLUMNS
                                              " FROM child_preps" PREP_JOIN "WHERE p.case_id IN " IDS_IN
                                              " AND COALESCE(p.meeting_id, 0) = 0 "
                                              "ORDER BY p.case_id, p.id"};
static struct bp_sql q_child_prep_insert = {
    "INSERT INTO child_preps (informed_on, how_informed, adapted, interpreter_used, picture_support_used, "
    "answer_1, answer_2, answer_3, answer_4, answer_5, participation, rep_kind, rep_guardian_id, rep_name, "
    "letter_text, letter_note, wanted_participants, place_wishes, setting, support_kind, support_name, "
    "support_relation, prepared_by, org_id, done, done_on, updated_at, case_id, meeting_id, created_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
    "RETURNING id"};
static struct bp_sql q_child_prep_update = {
    "UPDATE child_preps SET informed_on = ?, how_informed = ?, adapted = ?, interpreter_used = ?, "
    "picture_support_used = ?, answer_1 = ?, answer_2 = ?, answer_3 = ?, answer_4 = ?, answer_5 = ?, "
    "participation = ?, rep_kind = ?, rep_guardian_id = ?, rep_name = ?, letter_text = ?, letter_note = ?, "
    "wanted_participants = ?, place_wishes = ?, setting = ?, support_kind = ?, support_name = ?, "
    "support_relation = ?, prepared_by = ?, org_id = ?, done = ?, done_on = ?, updated_at = ? "
    "WHERE id = ? RETURNING id"};

static struct bp_sql q_guardian_prep_find = {
    "SELECT id FROM guardian_preps WHERE case_id = ? AND guardian_id = ? AND COALESCE(meeting_id, 0) = ?"};
static struct bp_sql q_guardian_prep_list = {"SELECT " GUARDIAN_PREP_COLUMNS " FROM guardian_preps" PREP_JOIN
                                             "WHERE p.case_id = ? AND COALESCE(p.meeting_id, 0) = ? "
                                             "ORDER BY p.guardian_id"};
static struct bp_sql q_guardian_prep_list_many = {
    "SELECT p.case_id, " GUARDIAN_PREP_COLUMNS " FROM guardian_preps" PREP_JOIN "WHERE p.case_id IN " IDS_IN
    " AND COALESCE(p.meeting_id, 0) = 0 ORDER BY p.case_id, p.guardian_id"};
static struct bp_sql q_guardian_prep_insert = {
    "INSERT INTO guardian_preps (informed_on, answer_1, answer_2, answer_3, answer_4, answer_5, "
    "interpreter_used, prepared_by, org_id, done, done_on, updated_at, case_id, meeting_id, guardian_id, "
    "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id"};
static struct bp_sql q_guardian_prep_update = {
    "UPDATE guardian_preps SET informed_on = ?, answer_1 = ?, answer_2 = ?, answer_3 = ?, answer_4 = ?, "
    "answer_5 = ?, interpreter_used = ?, prepared_by = ?, org_id = ?, done = ?, done_on = ?, updated_at = ? "
    "WHERE id = ? RETURNING id"};

/* What the family gives on their own pages (issue 10 item 5, migration 029): the child's R2 tick, and when.
 */
static struct bp_sql q_child_prep_online = {
    "UPDATE child_preps SET share_with_guardians = ?, answered_online_at = ? WHERE id = ? RETURNING id"};
static struct bp_sql q_guardian_prep_online = {
    "UPDATE guardian_preps SET answered_online_at = ? WHERE id = ? RETURNING id"};

static const char *nz(const char *s)
{
    return s ? s : "";
}

/* The columns both preparations share (for REC, which has the preparation in p). */
_Static_assert(BP_PREP_QUESTIONS == 5, "PREP_ANSWERS reads five answers");
#define PREP_ANSWERS                                                                                         \
    COL_NZ(p.answers[0]), COL_NZ(p.answers[1]), COL_NZ(p.answers[2]), COL_NZ(p.answers[3]),                  \
        COL_NZ(p.answers[4])
#define PREP_END                                                                                             \
    COL_INT(p.prepared_by), COL_INT(org_id), COL_BOOL(p.done), COL_DATE(p.done_on), COL_INT(created_at),     \
        COL_INT(updated_at), COL_NZ(prepared_by_name), COL_NZ(org_name)

#define REC struct bp_child_prep_record
static const struct col child_prep_cols[] = {
    COL_INT(p.id),
    COL_INT(p.case_id),
    COL_INT(p.meeting_id),
    COL_DATE_HAS(p.informed_on, p.informed),
    COL_NZ(p.how_informed),
    COL_BOOL(p.adapted),
    COL_BOOL(p.interpreter_used),
    COL_BOOL(p.picture_support_used),
    PREP_ANSWERS,
    COL_CODE(p.participation, bp_participation_codes),
    COL_CODE_OR_NULL(p.rep_kind, bp_representative_kind_codes),
    COL_INT(p.rep_guardian_id),
    COL_NZ(p.rep_name),
    COL_NZ(p.letter_text),
    COL_NZ(p.letter_note),
    COL_NZ(p.wanted_participants),
    COL_NZ(p.place_wishes),
    COL_CODE(p.setting, bp_setting_codes),
    COL_CODE(p.support_kind, bp_support_kind_codes),
    COL_NZ(p.support_name),
    COL_NZ(p.support_relation),
    PREP_END,
    COL_BOOL(p.share_with_guardians),
    COL_INT(answered_online_at),
};
static const struct row child_prep_row = ROW(child_prep_cols, NULL);
#undef REC

#define REC struct bp_guardian_prep_record
static const struct col guardian_prep_cols[] = {
    COL_INT(p.id),
    COL_INT(p.case_id),
    COL_INT(p.meeting_id),
    COL_INT(p.guardian_id),
    COL_DATE_HAS(p.informed_on, p.informed),
    PREP_ANSWERS,
    COL_BOOL(p.interpreter_used),
    PREP_END,
    COL_INT(answered_online_at),
};
static const struct row guardian_prep_row = ROW(guardian_prep_cols, NULL);
#undef REC

/* The parameters both preparations write alike (p the preparation, r its record): the five answers; and
 * prepared_by .. updated_at followed by the insert's key, case_id and meeting_id (an update's parameters
 * end at case_id, which save_by_key replaces with the row's id). */
#define PREP_ANSWER_PARAMS(p)                                                                                \
    p_text(nz((p)->answers[0])), p_text(nz((p)->answers[1])), p_text(nz((p)->answers[2])),                   \
        p_text(nz((p)->answers[3])), p_text(nz((p)->answers[4]))
#define PREP_END_PARAMS(r, p, done_on)                                                                       \
    p_int((p)->prepared_by), p_ref((r)->org_id), p_bool((p)->done),                                          \
        p_date((p)->done ? (p)->done_on : (struct bp_date){0}, done_on), p_int((r)->updated_at),             \
        p_int((p)->case_id), p_ref((p)->meeting_id)

/* The id of the row there is for the key, or 0. */
static enum bp_err find_id(struct bp_store *s, const char *op, struct bp_sql *q,
                           const struct bp_param *params, size_t n, int64_t *id)
{
    struct bp_rows rows;
    enum bp_err err = run(s, op, q, params, n, scratch(s), &rows);
    *id = 0;
    if (err)
        return err;
    if (rows.nrows && !bp_rows_int64(&rows, 0, 0, id))
        return set_error(s, BP_ERR_STORAGE, op, "the id does not read");
    return BP_OK;
}

/* A preparation is one row per key: q_find looks for it; when there is one, q_update changes it (the
 * first n_update params, the last of which becomes its id), otherwise q_insert adds it (all n params).
 * *id is the row's. */
static enum bp_err save_by_key(struct bp_store *s, const char *op, struct bp_sql *q_find,
                               const struct bp_param *key, size_t n_key, struct bp_sql *q_update,
                               struct bp_sql *q_insert, struct bp_param *params, size_t n_update, size_t n,
                               int64_t *id)
{
    int64_t found;
    enum bp_err err;
    if ((err = find_id(s, op, q_find, key, n_key, &found)))
        return err;
    if (!found)
        return insert_one(s, op, q_insert, params, n, id);
    params[n_update - 1] = p_int(found);
    if ((err = change_one(s, op, q_update, params, n_update)))
        return err;
    *id = found;
    return BP_OK;
}

enum bp_err bp_child_prep_save(struct bp_store *s, struct bp_child_prep_record *r)
{
    const struct bp_child_prep *p = &r->p;
    char informed[11], done_on[11];
    const char *part = CODE_OF(bp_participation_codes, p->participation);
    const char *setting = CODE_OF(bp_setting_codes, p->setting);
    const char *support = CODE_OF(bp_support_kind_codes, p->support_kind);
    const char *rep_kind = p->participation == BP_PART_REPRESENTATIVE
                               ? CODE_OF(bp_representative_kind_codes, p->rep_kind)
                               : NULL;
    struct bp_param key[] = {p_int(p->case_id), p_int(p->meeting_id)};
    struct bp_param params[] = {
        p_date(p->informed ? p->informed_on : (struct bp_date){0}, informed),
        p_text(nz(p->how_informed)),
        p_bool(p->adapted),
        p_bool(p->interpreter_used),
        p_bool(p->picture_support_used),
        PREP_ANSWER_PARAMS(p),
        p_text(part),
        p_text(rep_kind),
        p_ref(rep_kind ? p->rep_guardian_id : 0),
        p_text(nz(p->rep_name)),
        p_text(nz(p->letter_text)),
        p_text(nz(p->letter_note)),
        p_text(nz(p->wanted_participants)),
        p_text(nz(p->place_wishes)),
        p_text(setting),
        p_text(support),
        p_text(nz(p->support_name)),
        p_text(nz(p->support_relation)),
        PREP_END_PARAMS(r, p, done_on), /* the update's id in place of case_id */
        p_int(r->created_at),
    };

    if (!part || !setting || !support || (p->participation == BP_PART_REPRESENTATIVE && !rep_kind))
        return set_error(s, BP_ERR_INVALID, __func__, "a code is out of range");
    return save_by_key(s, __func__, &q_child_prep_find, key, BP_ARRAY_LEN(key), &q_child_prep_update,
                       &q_child_prep_insert, params, 28, BP_ARRAY_LEN(params), &r->p.id);
}

enum bp_err bp_child_prep_get(struct bp_store *s, struct bp_arena *a, int64_t case_id, int64_t meeting_id,
                              struct bp_child_prep_record *out)
{
    struct bp_param params[] = {p_int(case_id), p_int(meeting_id)};

    return SELECT_ONE(&q_child_prep_get, params, a, &child_prep_row, out, "no preparation of the child");
}

enum bp_err bp_child_prep_get_many(struct bp_store *s, struct bp_arena *a, const int64_t *case_ids, size_t n,
                                   struct bp_child_prep_record **out, size_t *n_out)
{
    return SELECT_GROUPED(&q_child_prep_get_many, case_ids, n, a, &child_prep_row, 1, out, n_out);
}

enum bp_err bp_guardian_prep_list_many(struct bp_store *s, struct bp_arena *a, const int64_t *case_ids,
                                       size_t n, struct bp_guardian_prep_record **out, size_t *n_out)
{
    return SELECT_GROUPED(&q_guardian_prep_list_many, case_ids, n, a, &guardian_prep_row, 0, out, n_out);
}

enum bp_err bp_guardian_prep_save(struct bp_store *s, struct bp_guardian_prep_record *r)
{
    const struct bp_guardian_prep *p = &r->p;
    char informed[11], done_on[11];
    struct bp_param key[] = {p_int(p->case_id), p_int(p->guardian_id), p_int(p->meeting_id)};
    struct bp_param params[] = {
        p_date(p->informed ? p->informed_on : (struct bp_date){0}, informed),
        PREP_ANSWER_PARAMS(p),
        p_bool(p->interpreter_used),
        PREP_END_PARAMS(r, p, done_on), /* the update's id in place of case_id */
        p_int(p->guardian_id),
        p_int(r->created_at),
    };

    if (p->guardian_id <= 0)
        return set_error(s, BP_ERR_INVALID, __func__, "no guardian");
    return save_by_key(s, __func__, &q_guardian_prep_find, key, BP_ARRAY_LEN(key), &q_guardian_prep_update,
                       &q_guardian_prep_insert, params, 13, BP_ARRAY_LEN(params), &r->p.id);
}

enum bp_err bp_guardian_prep_list(struct bp_store *s, struct bp_arena *a, int64_t case_id, int64_t meeting_id,
                                  struct bp_guardian_prep_record **out, size_t *n)
{
    struct bp_param params[] = {p_int(case_id), p_int(meeting_id)};

    return SELECT_ALL(&q_guardian_prep_list, params, a, &guardian_prep_row, out, n);
}

enum bp_err bp_child_prep_online(struct bp_store *s, int64_t id, bool share_with_guardians, int64_t at)
{
    struct bp_param params[] = {p_bool(share_with_guardians), p_int(at), p_int(id)};
    return change_one(s, __func__, &q_child_prep_online, params, BP_ARRAY_LEN(params));
}

enum bp_err bp_guardian_prep_online(struct bp_store *s, int64_t id, int64_t at)
{
    struct bp_param params[] = {p_int(at), p_int(id)};
    return change_one(s, __func__, &q_guardian_prep_online, params, BP_ARRAY_LEN(params));
}
