/* store_consent_confirm.c: consent given online, one family member's confirmation at a time (issue 10 item 4,
 * migration 028). Must not decide who must confirm or when the consent is in force (app/family_consent.c and
 * domain/consent.c do). */
#include "storage/store_impl.h"

static struct bp_sql q_confirmation_add = {
    "INSERT INTO consent_confirmations (case_id, org_id, guardian_id, user_id, scope, covers_preparation, "
    "renew_on, confirmed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id"};
static struct bp_sql q_confirmations_pending = {
    "SELECT id, case_id, org_id, guardian_id, user_id, scope, covers_preparation, renew_on, confirmed_at, "
    "consent_id FROM consent_confirmations WHERE case_id = ? AND consent_id IS NULL ORDER BY confirmed_at, "
    "id"};
static struct bp_sql q_confirmations_close = {"UPDATE consent_confirmations SET consent_id = ? WHERE case_id "
                                              "= ? AND org_id = ? AND consent_id IS NULL"};

#define REC struct bp_consent_confirmation
static const struct col confirmation_cols[] = {
    COL_INT(id),
    COL_INT(case_id),
    COL_INT(org_id),
    COL_INT(guardian_id),
    COL_INT(user_id),
    COL_STR(scope),
    COL_BOOL(covers_preparation),
    COL_DATE_HAS(renew_on, has_renewal),
    COL_INT(confirmed_at),
    COL_INT(consent_id),
};
static const struct row confirmation_row = ROW(confirmation_cols, NULL);
#undef REC

enum bp_err bp_consent_confirmation_add(struct bp_store *s, struct bp_consent_confirmation *c)
{
    char renew[11];
    struct bp_param params[] = {
        p_int(c->case_id),
        p_int(c->org_id),
        p_ref(c->guardian_id),
        p_int(c->user_id),
        p_text(c->scope),
        p_bool(c->covers_preparation),
        p_date(c->has_renewal ? c->renew_on : (struct bp_date){0}, renew),
        p_int(c->confirmed_at),
    };
    return INSERT(&q_confirmation_add, params, &c->id);
}

enum bp_err bp_consent_confirmations_pending(struct bp_store *s, struct bp_arena *a, int64_t case_id,
                                             struct bp_consent_confirmation **out, size_t *n)
{
    return SELECT_ALL_BY_ID(&q_confirmations_pending, case_id, a, &confirmation_row, out, n);
}

enum bp_err bp_consent_confirmations_close(struct bp_store *s, int64_t case_id, int64_t org_id,
                                           int64_t consent_id)
{
    struct bp_param params[] = {p_int(consent_id), p_int(case_id), p_int(org_id)};
    return EXEC(&q_confirmations_close, params);
}
