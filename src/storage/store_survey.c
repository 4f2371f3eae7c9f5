/* store_survey.c: the survey's invitations and anonymous answers (store.h, V-12.x). An invitation row
 * knows its case and whom it is for; an answer row knows only its coarse dimensions, and nothing here
 * joins the two: no statement reads an invitation and an answer together. Must not decide who is asked
 * or what is hidden (app/survey.c and domain/survey.c do). */
#include "storage/store_impl.h"
#include "domain/survey.h"

/* ---- invitations ---- */

static struct bp_sql q_invitation_add = {
    "INSERT INTO survey_invitations (case_id, respondent, guardian_id, occasion, plan_version, token_hash, "
    "created_at, used) VALUES (?, ?, ?, ?, ?, ?, ?, 0) RETURNING id"};
#define INVITATION_SELECT                                                                                    \
    "SELECT i.id, i.case_id, COALESCE(i.guardian_id, 0), i.respondent, i.occasion, i.plan_version, "         \
    "i.created_at, i.used, CASE WHEN i.token_hash IS NULL THEN 0 ELSE 1 END, c.model "                       \
    "FROM survey_invitations i JOIN cases c ON c.id = i.case_id "
static struct bp_sql q_invitation_list = {INVITATION_SELECT "WHERE i.case_id = ? ORDER BY i.id"};
static struct bp_sql q_invitation_by_hash = {INVITATION_SELECT "WHERE i.token_hash = ?"};
static struct bp_sql q_invitation_set_code = {
    "UPDATE survey_invitations SET token_hash = ? WHERE id = ? AND case_id = ? AND used = 0 RETURNING id"};
static struct bp_sql q_invitation_use = {
    "UPDATE survey_invitations SET used = 1 WHERE id = ? AND used = 0 RETURNING id"};

#define REC struct bp_survey_invitation
static const struct col invitation_cols[] = {
    COL_INT(id),
    COL_INT(case_id),
    COL_INT(guardian_id),
    COL_CODE(respondent, bp_survey_respondent_codes),
    COL_CODE(occasion, bp_survey_occasion_codes),
    COL_SMALL(plan_version),
    COL_INT(created_at),
    COL_BOOL(used),
    COL_BOOL(has_code),
    COL_CODE(model, bp_model_codes),
};
static const struct row invitation_row = ROW(invitation_cols, NULL);
#undef REC

enum bp_err bp_survey_invitation_add(struct bp_store *s, struct bp_survey_invitation *inv)
{
    struct bp_param params[] = {
        p_int(inv->case_id),      p_text(CODE_OF(bp_survey_respondent_codes, inv->respondent)),
        p_ref(inv->guardian_id),  p_text(CODE_OF(bp_survey_occasion_codes, inv->occasion)),
        p_int(inv->plan_version), p_text(inv->token_hash),
        p_int(inv->created_at)};
    return INSERT(&q_invitation_add, params, &inv->id);
}

enum bp_err bp_survey_invitation_list(struct bp_store *s, struct bp_arena *a, int64_t case_id,
                                      struct bp_survey_invitation **out, size_t *n)
{
    return SELECT_ALL_BY_ID(&q_invitation_list, case_id, a, &invitation_row, out, n);
}

enum bp_err bp_survey_invitation_by_hash(struct bp_store *s, struct bp_arena *a, const char *token_hash,
                                         struct bp_survey_invitation *out)
{
    struct bp_param params[] = {p_text(token_hash)};
    return SELECT_ONE(&q_invitation_by_hash, params, a, &invitation_row, out, "no such invitation");
}

enum bp_err bp_survey_invitation_set_code(struct bp_store *s, int64_t case_id, int64_t id,
                                          const char *token_hash)
{
    struct bp_param params[] = {p_text(token_hash), p_int(id), p_int(case_id)};
    return CHANGE_ONE(&q_invitation_set_code, params);
}

enum bp_err bp_survey_invitation_use(struct bp_store *s, int64_t id)
{
    struct bp_param params[] = {p_int(id)};
    return CHANGE_ONE(&q_invitation_use, params);
}

/* ---- answers ---- */

static struct bp_sql q_answer_add = {
    "INSERT INTO survey_answers (id, model, respondent, quarter, q1, q2, q3, q4, q5, q6, q7) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"};
static struct bp_sql q_answer_org_add = {"INSERT INTO survey_answer_orgs (answer_id, org_id) VALUES (?, ?)"};

enum bp_err bp_survey_answer_add(struct bp_store *s, const struct bp_survey_answer *ans)
{
    struct bp_param params[] = {p_int(ans->id),
                                p_text(CODE_OF(bp_model_codes, ans->model)),
                                p_text(CODE_OF(bp_survey_respondent_codes, ans->respondent)),
                                p_text(ans->quarter),
                                p_ref(ans->q[0]),
                                p_ref(ans->q[1]),
                                p_ref(ans->q[2]),
                                p_ref(ans->q[3]),
                                p_ref(ans->q[4]),
                                p_ref(ans->q[5]),
                                p_text(ans->better ? ans->better : "")};
    enum bp_err err = EXEC(&q_answer_add, params);
    return err ? err : exec_links(s, __func__, &q_answer_org_add, ans->id, ans->orgs, ans->n_orgs);
}

/* ---- keeping no order of arrival ---- */

#define ANSWER_SELECT                                                                                        \
    "SELECT id, model, respondent, COALESCE(q1, 0), COALESCE(q2, 0), COALESCE(q3, 0), COALESCE(q4, 0), "     \
    "COALESCE(q5, 0), COALESCE(q6, 0), q7 FROM survey_answers "
static struct bp_sql q_quarter_answers = {ANSWER_SELECT "WHERE quarter = ? ORDER BY id"};
static struct bp_sql q_quarter_orgs = {
    "SELECT o.answer_id, o.org_id FROM survey_answer_orgs o JOIN survey_answers a ON a.id = o.answer_id "
    "WHERE a.quarter = ? ORDER BY o.answer_id, o.org_id"};
static struct bp_sql q_quarter_orgs_delete = {
    "DELETE FROM survey_answer_orgs WHERE answer_id IN (SELECT id FROM survey_answers WHERE quarter = ?)"};
static struct bp_sql q_quarter_delete = {"DELETE FROM survey_answers WHERE quarter = ?"};

struct answer_row {
    int64_t id;
    int model, respondent;
    int q[BP_SURVEY_CHOSEN];
    const char *better;
};
#define REC struct answer_row
static const struct col answer_cols[] = {
    COL_INT(id),
    COL_CODE(model, bp_model_codes),
    COL_CODE(respondent, bp_survey_respondent_codes),
    COL_INT32(q[0], 0, BP_SURVEY_MAX_SCALE),
    COL_INT32(q[1], 0, BP_SURVEY_MAX_SCALE),
    COL_INT32(q[2], 0, BP_SURVEY_MAX_SCALE),
    COL_INT32(q[3], 0, BP_SURVEY_MAX_SCALE),
    COL_INT32(q[4], 0, BP_SURVEY_MAX_SCALE),
    COL_INT32(q[5], 0, BP_SURVEY_MAX_SCALE),
    COL_STR(better),
};
static const struct row answer_row = ROW(answer_cols, NULL);
#undef REC

struct answer_org {
    int64_t answer_id, org_id;
};
#define REC struct answer_org
static const struct col answer_org_cols[] = {COL_INT(answer_id), COL_INT(org_id)};
static const struct row answer_org_row = ROW(answer_org_cols, NULL);
#undef REC

enum bp_err bp_survey_reorder(struct bp_store *s, struct bp_arena *a, const char *quarter)
{
    struct bp_param params[] = {p_text(quarter)};
    struct answer_row *rows;
    struct answer_org *orgs;
    size_t n, n_orgs, i, j = 0;
    enum bp_err err;
    if ((err = SELECT_ALL(&q_quarter_answers, params, a, &answer_row, &rows, &n)) ||
        (err = SELECT_ALL(&q_quarter_orgs, params, a, &answer_org_row, &orgs, &n_orgs)) ||
        (err = EXEC(&q_quarter_orgs_delete, params)) || (err = EXEC(&q_quarter_delete, params)))
        return err;
    for (i = 0; i < n && err == BP_OK; i++) { /* by id: random, whatever the order they came in */
        struct bp_survey_answer ans = {.id = rows[i].id,
                                       .model = (enum bp_model)rows[i].model,
                                       .respondent = (enum bp_survey_respondent)rows[i].respondent,
                                       .better = rows[i].better};
        int64_t *ids = bp_arena_alloc(a, (n_orgs + 1) * sizeof(*ids));
        memcpy(ans.q, rows[i].q, sizeof(ans.q));
        snprintf(ans.quarter, sizeof(ans.quarter), "%s", quarter);
        for (; j < n_orgs && orgs[j].answer_id == rows[i].id; j++)
            ids[ans.n_orgs++] = orgs[j].org_id;
        ans.orgs = ids;
        err = bp_survey_answer_add(s, &ans);
    }
    return err;
}

/* The filter (struct bp_survey_filter): its six parameters, in the order of FILTER_WHERE. */
#define FILTER_WHERE                                                                                         \
    "WHERE (? = 0 OR EXISTS (SELECT 1 FROM survey_answer_orgs o WHERE o.answer_id = a.id AND o.org_id = "    \
    "?)) "                                                                                                   \
    "AND (? = '' OR a.model = ?) AND (? = '' OR a.quarter = ?) "
#define FILTER_PARAMS(f, model)                                                                              \
    p_int((f)->org_id), p_int((f)->org_id), p_text(model), p_text(model), p_text((f)->quarter),              \
        p_text((f)->quarter)

static struct bp_sql q_patterns = {
    "SELECT a.respondent, COALESCE(a.q1, 0), COALESCE(a.q2, 0), COALESCE(a.q3, 0), COALESCE(a.q4, 0), "
    "COALESCE(a.q5, 0), COALESCE(a.q6, 0), COUNT(*) FROM survey_answers a " FILTER_WHERE
    "GROUP BY 1, 2, 3, 4, 5, 6, 7 ORDER BY 1, 2, 3, 4, 5, 6, 7"};
static struct bp_sql q_comments = {"SELECT a.q7 FROM survey_answers a " FILTER_WHERE
                                   "AND a.respondent = ? AND a.q7 <> '' ORDER BY a.q7 LIMIT ?"};
static struct bp_sql q_quarters = {
    "SELECT DISTINCT quarter FROM survey_answers ORDER BY quarter DESC LIMIT 40"};

#define REC struct bp_survey_pattern
static const struct col pattern_cols[] = {
    COL_CODE(respondent, bp_survey_respondent_codes), COL_INT32(q[0], 0, BP_SURVEY_MAX_SCALE),
    COL_INT32(q[1], 0, BP_SURVEY_MAX_SCALE),          COL_INT32(q[2], 0, BP_SURVEY_MAX_SCALE),
    COL_INT32(q[3], 0, BP_SURVEY_MAX_SCALE),          COL_INT32(q[4], 0, BP_SURVEY_MAX_SCALE),
    COL_INT32(q[5], 0, BP_SURVEY_MAX_SCALE),          COL_INT(n),
};
static const struct row pattern_row = ROW(pattern_cols, NULL);
#undef REC

static const char *model_code(const struct bp_survey_filter *f)
{
    return f->model >= 0 && f->model < BP_MODEL_COUNT ? bp_model_codes[f->model] : "";
}

enum bp_err bp_survey_patterns(struct bp_store *s, struct bp_arena *a, const struct bp_survey_filter *f,
                               struct bp_survey_pattern **out, size_t *n)
{
    struct bp_param params[] = {FILTER_PARAMS(f, model_code(f))};
    return SELECT_ALL(&q_patterns, params, a, &pattern_row, out, n);
}

struct text_row {
    const char *text;
};
#define REC struct text_row
static const struct col text_cols[] = {COL_STR(text)};
static const struct row text_row = ROW(text_cols, NULL);
#undef REC

/* The rows' one text column as an array of strings. */
static void texts_of(struct bp_arena *a, const struct text_row *rows, size_t n, const char ***out)
{
    size_t i;
    *out = bp_arena_alloc(a, (n + 1) * sizeof(**out));
    for (i = 0; i < n; i++)
        (*out)[i] = rows[i].text;
}

enum bp_err bp_survey_comments(struct bp_store *s, struct bp_arena *a, const struct bp_survey_filter *f,
                               enum bp_survey_respondent who, size_t limit, const char ***out, size_t *n)
{
    struct bp_param params[] = {FILTER_PARAMS(f, model_code(f)),
                                p_text(CODE_OF(bp_survey_respondent_codes, who)), p_int((int64_t)limit)};
    struct text_row *rows;
    enum bp_err err = SELECT_ALL(&q_comments, params, a, &text_row, &rows, n);
    if (err == BP_OK)
        texts_of(a, rows, *n, out);
    return err;
}

enum bp_err bp_survey_quarters(struct bp_store *s, struct bp_arena *a, const char ***out, size_t *n)
{
    struct bp_rows rows;
    struct text_row *items;
    enum bp_err err;
    if ((err = RUN0(&q_quarters, a, &rows)) == BP_OK &&
        (err = READ_ALL(&rows, a, &text_row, &items, n)) == BP_OK)
        texts_of(a, items, *n, out);
    return err;
}
