/* store_consent.c: the consent ledger's operations of store.h (V-2.6, V-2.8). The ledger is history:
 * rows are added and their status moves on (active -> withdrawn or replaced), never deleted. Must not
 * decide whether a consent is valid or in force (domain/consent.c does). */
#include <sodium.h>
#include "storage/store_impl.h"
#include "domain/scan.h"

#define CONSENT_COLUMNS                                                                                      \
    "k.id, k.case_id, k.org_id, k.giver, k.guardian1_id, k.guardian2_id, k.child_view, k.maturity_note, "    \
    "k.scope, k.covers_preparation, k.form, k.given_on, k.renew_on, k.obtained_by, k.status, "               \
    "k.withdrawn_on, k.withdrawn_by, k.withdrawal_note, k.ended_by_user, k.replaced_by, k.created_at, "      \
    "k.child_answer, k.child_answered_on, o.name, u.display_name"
#define CONSENT_FROM                                                                                         \
    " FROM consents k JOIN organisations o ON o.id = k.org_id JOIN users u ON u.id = k.obtained_by "

static struct bp_sql q_consent_add = {
    "INSERT INTO consents (case_id, org_id, giver, guardian1_id, guardian2_id, child_view, maturity_note, "
    "scope, covers_preparation, form, given_on, renew_on, obtained_by, status, created_at, child_answer, "
    "child_answered_on) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'active', ?, ?, ?) RETURNING id"};
static struct bp_sql q_consent_child_answer = {
    "UPDATE consents SET child_answer = ?, child_answered_on = ? WHERE id = ? AND status = 'active' "
    "RETURNING id"};
LIST_AND_MANY(q_consent_list, q_consent_list_many, CONSENT_COLUMNS CONSENT_FROM, "k.case_id",
              "k.created_at, k.id");
static struct bp_sql q_consent_get = {"SELECT " CONSENT_COLUMNS CONSENT_FROM "WHERE k.id = ?"};
static struct bp_sql q_consent_withdraw = {
    "UPDATE consents SET status = 'withdrawn', withdrawn_on = ?, withdrawn_by = ?, withdrawal_note = ?, "
    "ended_by_user = ? WHERE id = ? AND status = 'active' RETURNING id"};
static struct bp_sql q_consent_replace = {
    "UPDATE consents SET status = 'replaced', replaced_by = ?, "
    "ended_by_user = ? WHERE id = ? AND status = 'active' RETURNING id"};
static struct bp_sql q_consent_exists = {"SELECT id FROM consents WHERE id = ?"};

/* The two guardian columns: the ones given, in order. */
static void consent_guardians(void *item)
{
    struct bp_consent *k = item;
    size_t i;
    for (i = 0; i < 2; i++)
        if (k->guardian_ids[i])
            k->guardian_ids[k->n_guardians++] = k->guardian_ids[i];
    for (i = k->n_guardians; i < 2; i++)
        k->guardian_ids[i] = 0;
}

#define REC struct bp_consent
static const struct col consent_cols[] = {
    COL_INT(id),
    COL_INT(case_id),
    COL_INT(org_id),
    COL_CODE(giver, bp_consent_giver_codes),
    COL_INT(guardian_ids[0]),
    COL_INT(guardian_ids[1]),
    COL_STR(child_view),
    COL_STR(maturity_note),
    COL_STR(scope),
    COL_BOOL(covers_preparation),
    COL_CODE(form, bp_consent_form_codes),
    COL_DATE(given_on),
    COL_DATE_HAS(renew_on, has_renewal),
    COL_INT(obtained_by),
    COL_CODE(status, bp_consent_status_codes),
    COL_DATE(withdrawn_on),
    COL_CODE_WHEN(withdrawn_by, bp_consent_withdrawer_codes, status, BP_CONSENT_WITHDRAWN),
    COL_STR(withdrawal_note),
    COL_INT(ended_by_user),
    COL_INT(replaced_by),
    COL_INT(created_at),
    COL_STR(child_answer),
    COL_DATE(child_answered_on),
    COL_STR(org_name),
    COL_STR(obtained_by_name),
};
static const struct row consent_row = ROW(consent_cols, consent_guardians);
#undef REC

enum bp_err bp_consent_add(struct bp_store *s, struct bp_consent *k)
{
    char given[11], renew[11], answered[11];
    const char *giver = CODE_OF(bp_consent_giver_codes, k->giver);
    const char *form = CODE_OF(bp_consent_form_codes, k->form);
    struct bp_param params[] = {
        p_int(k->case_id),
        p_int(k->org_id),
        p_text(giver),
        p_ref(k->n_guardians > 0 ? k->guardian_ids[0] : 0),
        p_ref(k->n_guardians > 1 ? k->guardian_ids[1] : 0),
        p_text(k->child_view),
        p_text(k->maturity_note),
        p_text(k->scope),
        p_bool(k->covers_preparation),
        p_text(form),
        p_date(k->given_on, given),
        p_date(k->has_renewal ? k->renew_on : (struct bp_date){0}, renew),
        p_int(k->obtained_by),
        p_int(k->created_at),
        p_text(k->child_answer), /* a limited consent's new row carries the young person's answer */
        p_date(k->child_answer ? k->child_answered_on : (struct bp_date){0}, answered),
    };
    enum bp_err err;

    if (!giver || !form || k->n_guardians > BP_MAX_CONSENT_GIVERS || params[10].type == BP_PARAM_NULL)
        return set_error(s, BP_ERR_INVALID, __func__, "giver, form, guardians or date out of range");
    if ((err = INSERT(&q_consent_add, params, &k->id)))
        return err;
    k->status = BP_CONSENT_ACTIVE;
    return BP_OK;
}

enum bp_err bp_consent_list(struct bp_store *s, struct bp_arena *a, int64_t case_id, struct bp_consent **out,
                            size_t *n)
{
    return SELECT_ALL_BY_ID(&q_consent_list, case_id, a, &consent_row, out, n);
}

enum bp_err bp_consent_list_many(struct bp_store *s, struct bp_arena *a, const int64_t *case_ids, size_t n,
                                 struct bp_consent **out, size_t *n_out)
{
    return SELECT_GROUPED(&q_consent_list_many, case_ids, n, a, &consent_row, 0, out, n_out);
}

enum bp_err bp_consent_get(struct bp_store *s, struct bp_arena *a, int64_t id, struct bp_consent *out)
{
    return SELECT_ONE_BY_ID(&q_consent_get, id, a, &consent_row, out, "no such consent");
}

/* An UPDATE ... WHERE status = 'active' that changed nothing: a missing row or one no longer active. */
static enum bp_err not_active(struct bp_store *s, const char *op, int64_t id)
{
    struct bp_param params[] = {p_int(id)};
    struct bp_rows rows;
    enum bp_err err = run(s, op, &q_consent_exists, params, 1, scratch(s), &rows);
    if (err)
        return err;
    if (rows.nrows == 0)
        return set_error(s, BP_ERR_NOT_FOUND, op, "no such consent");
    return set_error(s, BP_ERR_CONFLICT, op, "the consent is no longer active");
}

enum bp_err bp_consent_withdraw(struct bp_store *s, const struct bp_consent *k)
{
    char on[11];
    const char *by = CODE_OF(bp_consent_withdrawer_codes, k->withdrawn_by);
    struct bp_param params[] = {p_date(k->withdrawn_on, on), p_text(by), p_text(k->withdrawal_note),
                                p_int(k->ended_by_user), p_int(k->id)};
    struct bp_rows rows;
    enum bp_err err;

    if (!by || params[0].type == BP_PARAM_NULL)
        return set_error(s, BP_ERR_INVALID, __func__, "withdrawer or date out of range");
    if ((err = RUN(&q_consent_withdraw, params, scratch(s), &rows)))
        return err;
    return rows.nrows ? BP_OK : not_active(s, __func__, k->id);
}

enum bp_err bp_consent_replace(struct bp_store *s, int64_t id, int64_t replaced_by, int64_t by_user)
{
    struct bp_param params[] = {p_int(replaced_by), p_int(by_user), p_int(id)};
    struct bp_rows rows;
    enum bp_err err;

    if ((err = RUN(&q_consent_replace, params, scratch(s), &rows)))
        return err;
    return rows.nrows ? BP_OK : not_active(s, __func__, id);
}

enum bp_err bp_consent_child_answer_set(struct bp_store *s, const struct bp_consent *k)
{
    char on[11];
    struct bp_param params[] = {p_text(k->child_answer), p_date(k->child_answered_on, on), p_int(k->id)};
    struct bp_rows rows;
    enum bp_err err;

    if ((err = RUN(&q_consent_child_answer, params, scratch(s), &rows)))
        return err;
    return rows.nrows ? BP_OK : not_active(s, __func__, k->id);
}

/* ---- consent scans (migration 006; V-2.5, K-2.1) ----
 * The bytes travel as base64 text (the drivers bind and read text only), encoded and decoded here. */

/* A table of scans and its owner's column: consent_scans by consent_id, and (V-8a.2, migration 010) the
 * scanned paper of a signature recorded from paper, plan_signature_scans by signature_id, read as a
 * consent's. Both have the same columns but the owner's. SCAN_SELECT: a scan's columns, then more
 * (", sc.data" or ""), from the table. */
#define SCAN_SELECT(table, owner, more)                                                                      \
    "SELECT sc.id, sc." owner ", sc.file_name, sc.content_type, sc.size, sc.uploaded_by, u.display_name, "   \
    "sc.uploaded_at, sc.superseded_at" more " FROM " table " sc JOIN users u ON u.id = sc.uploaded_by "

/* What scan_add and scan_get run on one table of scans. */
struct scan_table {
    struct bp_sql supersede, add, get;
};
#define SCAN_TABLE(table, owner)                                                                             \
    {                                                                                                        \
        .supersede = {"UPDATE " table " SET superseded_at = ? WHERE " owner " = ? "                          \
                      "AND superseded_at IS NULL"},                                                          \
        .add = {"INSERT INTO " table " (" owner ", file_name, content_type, size, data, uploaded_by, "       \
                "uploaded_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id"},                                   \
        .get = {SCAN_SELECT(table, owner, ", sc.data") "WHERE sc." owner                                     \
                                                       " = ? AND sc.superseded_at IS NULL"},                 \
    }
static struct scan_table consent_scans = SCAN_TABLE("consent_scans", "consent_id");
static struct scan_table signature_scans = SCAN_TABLE("plan_signature_scans", "signature_id");

#define CONSENT_SCAN_SELECT SCAN_SELECT("consent_scans", "consent_id", "")
static struct bp_sql q_scan_list = {CONSENT_SCAN_SELECT "JOIN consents k ON k.id = sc.consent_id "
                                                        "WHERE k.case_id = ? AND sc.superseded_at IS NULL "
                                                        "ORDER BY sc.consent_id"};
static struct bp_sql q_scan_history = {CONSENT_SCAN_SELECT "WHERE sc.consent_id = ? ORDER BY sc.id DESC"};

#define REC struct bp_consent_scan
static const struct col scan_cols[] = {COL_INT(id),
                                       COL_INT(consent_id),
                                       COL_STR(file_name),
                                       COL_STR(content_type),
                                       COL_SIZE(size, 1, BP_MAX_SCAN_BYTES),
                                       COL_INT(uploaded_by),
                                       COL_STR(uploaded_by_name),
                                       COL_INT(uploaded_at),
                                       COL_INT(superseded_at)};
static const struct row scan_row = ROW(scan_cols, NULL);
#undef REC

/* Stores scan in t as the current one of its owner (scan->consent_id), superseding the one before. */
static enum bp_err scan_add(struct bp_store *s, struct scan_table *t, struct bp_consent_scan *scan)
{
    size_t b64len = sodium_base64_encoded_len(scan->size, sodium_base64_VARIANT_ORIGINAL);
    char *b64;
    struct bp_rows rows;
    enum bp_err err;
    bool own;

    if (!scan->data || scan->size == 0 || scan->size > BP_MAX_SCAN_BYTES || !scan->file_name ||
        bp_scan_type_of_mime(scan->content_type) == BP_SCAN_NONE)
        return set_error(s, BP_ERR_INVALID, __func__, "no bytes, too many, no name or a type not ours");
    b64 = bp_xmalloc(b64len);
    sodium_bin2base64(b64, b64len, scan->data, scan->size, sodium_base64_VARIANT_ORIGINAL);
    {
        struct bp_param sup[] = {p_int(scan->uploaded_at), p_int(scan->consent_id)};
        struct bp_param add[] = {p_int(scan->consent_id),
                                 p_text(scan->file_name),
                                 p_text(scan->content_type),
                                 p_int((int64_t)scan->size),
                                 p_text(b64),
                                 p_int(scan->uploaded_by),
                                 p_int(scan->uploaded_at)};
        if ((err = begin_own(s, &own)) == BP_OK) {
            err = RUN(&t->supersede, sup, scratch(s), &rows);
            if (err == BP_OK)
                err = RUN(&t->add, add, scratch(s), &rows);
            if (err == BP_OK)
                err = returned_id(s, __func__, &rows, &scan->id);
            err = end_own(s, own, err);
        }
    }
    sodium_memzero(b64, b64len); /* a child's consent form: do not leave it in freed memory */
    free(b64);
    return err;
}

enum bp_err bp_consent_scan_add(struct bp_store *s, struct bp_consent_scan *scan)
{
    return scan_add(s, &consent_scans, scan);
}

enum bp_err bp_signature_scan_add(struct bp_store *s, struct bp_consent_scan *scan)
{
    return scan_add(s, &signature_scans, scan);
}

enum bp_err bp_consent_scan_list(struct bp_store *s, struct bp_arena *a, int64_t case_id,
                                 struct bp_consent_scan **out, size_t *n)
{
    return SELECT_ALL_BY_ID(&q_scan_list, case_id, a, &scan_row, out, n);
}

enum bp_err bp_consent_scan_history(struct bp_store *s, struct bp_arena *a, int64_t consent_id,
                                    struct bp_consent_scan **out, size_t *n)
{
    return SELECT_ALL_BY_ID(&q_scan_history, consent_id, a, &scan_row, out, n);
}

/* The owner's current scan in t with its bytes. */
static enum bp_err scan_get(struct bp_store *s, struct bp_arena *a, struct scan_table *t, int64_t owner_id,
                            struct bp_consent_scan *out)
{
    struct bp_param params[] = {p_int(owner_id)};
    struct bp_rows rows;
    struct cursor c;
    const char *b64;
    unsigned char *bin;
    size_t bin_len = 0;
    enum bp_err err;

    memset(out, 0, sizeof(*out));
    if ((err = RUN(&t->get, params, a, &rows)) || (err = READ_FIRST(&rows, &scan_row, out, "no scan", &c)))
        return err;
    b64 = c_str(&c);
    if (c.bad || !b64)
        return bad_row(s, __func__, &c);
    bin = bp_arena_alloc(a, out->size);
    if (sodium_base642bin(bin, out->size, b64, strlen(b64), NULL, &bin_len, NULL,
                          sodium_base64_VARIANT_ORIGINAL) != 0 ||
        bin_len != out->size)
        return set_error(s, BP_ERR_STORAGE, __func__, "the stored scan does not decode to its size");
    out->data = bin;
    return BP_OK;
}

enum bp_err bp_consent_scan_get(struct bp_store *s, struct bp_arena *a, int64_t consent_id,
                                struct bp_consent_scan *out)
{
    return scan_get(s, a, &consent_scans, consent_id, out);
}

enum bp_err bp_signature_scan_get(struct bp_store *s, struct bp_arena *a, int64_t signature_id,
                                  struct bp_consent_scan *out)
{
    return scan_get(s, a, &signature_scans, signature_id, out);
}
