/* consent.c: the consent ledger's rules. Pure. */
#include "domain/consent.h"
#include "domain/checks.h"
#include "util/find.h"

const char *const bp_consent_giver_codes[BP_CONSENT_GIVER_COUNT] = {"guardians", "adult_student"};
const char *const bp_child_answer_codes[2] = {"yes", "no"};
const char *const bp_consent_form_codes[BP_CONSENT_FORM_COUNT] = {"hlt_vasterbotten", "kronobarnsmodellen",
                                                                  "other"};
const char *const bp_consent_status_codes[BP_CONSENT_STATUS_COUNT] = {"active", "withdrawn", "replaced"};
const char *const bp_consent_withdrawer_codes[BP_WITHDRAWER_COUNT] = {"guardians", "child", "adult_student"};

enum bp_consent_form bp_consent_form_for(enum bp_model model)
{
    return model == BP_MODEL_KRONOBERG ? BP_FORM_KRONOBARNSMODELLEN : BP_FORM_HLT_VASTERBOTTEN;
}

static int64_t day(struct bp_date d)
{
    return bp_days_from_civil(d.y, d.m, d.d);
}

/* Age in whole years on `on`. */
static int age_on(struct bp_date birth, struct bp_date on)
{
    int age = on.y - birth.y;
    if (on.m < birth.m || (on.m == birth.m && on.d < birth.d))
        age--;
    return age;
}

enum bp_err bp_consent_check(const struct bp_consent *c, const struct bp_guardian *guardians,
                             size_t n_guardians, struct bp_date birth, struct bp_date today,
                             struct bp_field_errors *errs)
{
    size_t i, j;
    errs->count = 0;
    if (c->org_id <= 0)
        bp_field_errors_add(errs, "consent.org_id", "required");
    if ((unsigned)c->form >= BP_CONSENT_FORM_COUNT)
        bp_field_errors_add(errs, "consent.form", "choice");
    if (!bp_date_valid(c->given_on.y, c->given_on.m, c->given_on.d))
        bp_field_errors_add(errs, "consent.given_on", "required");
    else if (day(c->given_on) > day(today))
        bp_field_errors_add(errs, "consent.given_on", "future");
    if (c->has_renewal &&
        (!bp_date_valid(c->renew_on.y, c->renew_on.m, c->renew_on.d) || day(c->renew_on) <= day(c->given_on)))
        bp_field_errors_add(errs, "consent.renew_on", "before_given");
    /* V-2.3: what may be shared is written down; V-2.2: the child's view and the maturity note */
    bp_check_text(errs, "consent.scope", c->scope, BP_MAX_LONG_TEXT, true);
    bp_check_text(errs, "consent.child_view", c->child_view, BP_MAX_LONG_TEXT,
                  c->giver != BP_CONSENT_BY_ADULT_STUDENT); /* an adult student's own consent is the view */
    bp_check_text(errs, "consent.maturity_note", c->maturity_note, BP_MAX_LONG_TEXT, false);

    switch (c->giver) {
    case BP_CONSENT_BY_ADULT_STUDENT:
        if (age_on(birth, c->given_on) < 18)
            bp_field_errors_add(errs, "consent.giver", "not_adult");
        break;
    case BP_CONSENT_BY_GUARDIANS:
        if (c->n_guardians == 0 || c->n_guardians > BP_MAX_CONSENT_GIVERS) {
            bp_field_errors_add(errs, "consent.guardians", "required");
            break;
        }
        for (i = 0; i < c->n_guardians; i++) {
            if (!bp_custodian_find(guardians, n_guardians, c->guardian_ids[i])) { /* never a parent without */
                bp_field_errors_add(errs, "consent.guardians", "not_guardian");
                return BP_ERR_INVALID; /* one message for the field: this one says what is wrong */
            }
        }
        /* V-2.1: every guardian with custody consents (both, in joint custody); a parent without does not */
        for (j = 0; j < n_guardians; j++) {
            if (bp_has_custody(&guardians[j]) &&
                !bp_id_in(c->guardian_ids, c->n_guardians, guardians[j].id)) {
                bp_field_errors_add(errs, "consent.guardians", "all_guardians");
                break;
            }
        }
        break;
    default:
        bp_field_errors_add(errs, "consent.giver", "choice");
    }
    return errs->count ? BP_ERR_INVALID : BP_OK;
}

/* A positive decimal id; 0 when it is not one. */
static int64_t parse_id(const char *s)
{
    int64_t v = 0;
    if (bp_text_empty(s) || strlen(s) > 18)
        return 0;
    for (; *s; s++) {
        if (*s < '0' || *s > '9')
            return 0;
        v = v * 10 + (*s - '0');
    }
    return v;
}

enum bp_err bp_consent_validate(const struct bp_consent_input *in, const struct bp_guardian *guardians,
                                size_t n_guardians, struct bp_date birth, struct bp_date today,
                                struct bp_consent *out, struct bp_field_errors *errs)
{
    struct bp_field_errors parse = {0};
    int v;
    size_t i;

    out->org_id = parse_id(in->org_id);
    if (!bp_text_empty(in->org_id) && out->org_id == 0)
        bp_field_errors_add(&parse, "consent.org_id", "choice");
    v = BP_CODE_FIND(bp_consent_giver_codes, in->giver ? in->giver : "");
    out->giver = v < 0 ? BP_CONSENT_GIVER_COUNT : (enum bp_consent_giver)v;
    v = BP_CODE_FIND(bp_consent_form_codes, in->form ? in->form : "");
    out->form = v < 0 ? BP_CONSENT_FORM_COUNT : (enum bp_consent_form)v;
    out->n_guardians = 0;
    if (out->giver == BP_CONSENT_BY_GUARDIANS) {
        for (i = 0; i < in->n_guardian_ids; i++) {
            int64_t id = parse_id(in->guardian_ids[i]);
            if (id == 0 || out->n_guardians == BP_MAX_CONSENT_GIVERS) {
                bp_field_errors_add(&parse, "consent.guardians", "not_guardian");
                break;
            }
            out->guardian_ids[out->n_guardians++] = id;
        }
    }
    out->child_view = in->child_view;
    out->maturity_note = in->maturity_note;
    out->scope = in->scope;
    out->covers_preparation = in->covers_preparation;
    memset(&out->given_on, 0, sizeof(out->given_on));
    if (!bp_text_empty(in->given_on) && !bp_date_parse(in->given_on, &out->given_on))
        bp_field_errors_add(&parse, "consent.given_on", "date");
    out->has_renewal = !bp_text_empty(in->renew_on);
    memset(&out->renew_on, 0, sizeof(out->renew_on));
    if (out->has_renewal && !bp_date_parse(in->renew_on, &out->renew_on))
        bp_field_errors_add(&parse, "consent.renew_on", "date");

    bp_consent_check(out, guardians, n_guardians, birth, today, errs);
    /* a field that did not parse says so, instead of the check's "required" */
    for (i = 0; i < parse.count; i++) {
        size_t j;
        for (j = 0; j < errs->count; j++)
            if (strcmp(errs->items[j].field, parse.items[i].field) == 0)
                errs->items[j].code = parse.items[i].code;
        if (!bp_field_errors_find(errs, parse.items[i].field))
            bp_field_errors_add(errs, parse.items[i].field, parse.items[i].code);
    }
    return errs->count ? BP_ERR_INVALID : BP_OK;
}

enum bp_err bp_consent_withdrawal_check(struct bp_consent *c, const struct bp_withdrawal_input *in,
                                        struct bp_date today, struct bp_field_errors *errs)
{
    struct bp_date on = {0};
    int by = BP_CODE_FIND(bp_consent_withdrawer_codes, in->by ? in->by : "");

    errs->count = 0;
    if (c->status != BP_CONSENT_ACTIVE)
        bp_field_errors_add(errs, "withdrawal.by", "not_active");
    else if (bp_text_empty(in->by))
        bp_field_errors_add(errs, "withdrawal.by", "required");
    else if (by < 0)
        bp_field_errors_add(errs, "withdrawal.by", "choice");
    if (bp_text_empty(in->on))
        bp_field_errors_add(errs, "withdrawal.on", "required");
    else if (!bp_date_parse(in->on, &on))
        bp_field_errors_add(errs, "withdrawal.on", "date");
    else if (day(on) > day(today))
        bp_field_errors_add(errs, "withdrawal.on", "future");
    else if (day(on) < day(c->given_on))
        bp_field_errors_add(errs, "withdrawal.on", "before_given");
    bp_check_text(errs, "withdrawal.note", in->note, BP_MAX_LONG_TEXT, false);
    if (errs->count)
        return BP_ERR_INVALID;
    c->status = BP_CONSENT_WITHDRAWN;
    c->withdrawn_on = on;
    c->withdrawn_by = (enum bp_consent_withdrawer)by;
    c->withdrawal_note = bp_text_empty(in->note) ? NULL : in->note;
    return BP_OK;
}

bool bp_consent_in_force(const struct bp_consent *c, struct bp_date today)
{
    if (c->status != BP_CONSENT_ACTIVE || day(c->given_on) > day(today))
        return false;
    return !c->has_renewal || day(today) <= day(c->renew_on);
}

bool bp_consent_covers_org(const struct bp_consent *consents, size_t n, int64_t org_id, struct bp_date today)
{
    size_t i;
    for (i = 0; i < n; i++)
        if (consents[i].org_id == org_id && bp_consent_in_force(&consents[i], today))
            return true;
    return false;
}

bool bp_consent_allows_preparation(const struct bp_consent *consents, size_t n, const int64_t *orgs,
                                   size_t n_orgs, struct bp_date today)
{
    size_t i, j;
    if (n_orgs == 0)
        return false;
    for (i = 0; i < n_orgs; i++) {
        bool ok = false;
        for (j = 0; j < n && !ok; j++)
            ok = consents[j].org_id == orgs[i] && consents[j].covers_preparation &&
                 bp_consent_in_force(&consents[j], today);
        if (!ok)
            return false;
    }
    return true;
}

bool bp_consent_all_withdrawn(const struct bp_consent *consents, size_t n, struct bp_date today)
{
    size_t i;
    bool any_withdrawn = false;
    for (i = 0; i < n; i++) {
        if (bp_consent_in_force(&consents[i], today))
            return false;
        any_withdrawn |= consents[i].status == BP_CONSENT_WITHDRAWN;
    }
    return any_withdrawn;
}

/* Whether b's renewal date is no later than a's (no date: for good). */
static bool lapses_no_later(const struct bp_consent *b, const struct bp_consent *a)
{
    if (!b->has_renewal)
        return !a->has_renewal;
    return !a->has_renewal || day(b->renew_on) <= day(a->renew_on);
}

enum bp_err bp_consent_limit(const struct bp_consent *old, const struct bp_consent_input *in,
                             struct bp_date today, struct bp_consent *out, struct bp_field_errors *errs)
{
    errs->count = 0;
    *out = *old;
    out->scope = in->scope;
    out->covers_preparation = old->covers_preparation && in->covers_preparation;
    out->has_renewal = !bp_text_empty(in->renew_on);
    memset(&out->renew_on, 0, sizeof(out->renew_on));
    if (old->status != BP_CONSENT_ACTIVE) {
        bp_field_errors_add(errs, "consent.scope", "not_active");
        return BP_ERR_INVALID;
    }
    bp_check_text(errs, "consent.scope", in->scope, BP_MAX_LONG_TEXT, true);
    if (in->covers_preparation && !old->covers_preparation) /* V-2.7: only the guardians together widen it */
        bp_field_errors_add(errs, "consent.covers_preparation", "not_narrower");
    if (out->has_renewal && !bp_date_parse(in->renew_on, &out->renew_on))
        bp_field_errors_add(errs, "consent.renew_on", "date");
    else if (out->has_renewal && day(out->renew_on) < day(today))
        bp_field_errors_add(errs, "consent.renew_on", "past");
    else if (!lapses_no_later(out, old))
        bp_field_errors_add(errs, "consent.renew_on", "not_narrower");
    /* no error: in->scope is there (required above); old->scope is NULL for terms no one confirmed yet */
    if (!errs->count && out->covers_preparation == old->covers_preparation && lapses_no_later(old, out) &&
        old->scope && strcmp(old->scope, in->scope) == 0)
        bp_field_errors_add(errs, "consent.scope", "unchanged");
    return errs->count ? BP_ERR_INVALID : BP_OK;
}

bool bp_consent_all_confirmed(const struct bp_guardian *guardians, size_t n, const int64_t *confirmed,
                              size_t n_confirmed)
{
    size_t i;
    for (i = 0; i < n; i++) /* V-2.1: the guardians with custody; a parent without custody never confirms */
        if (bp_has_custody(&guardians[i]) && !bp_id_in(confirmed, n_confirmed, guardians[i].id))
            return false;
    return bp_custodians_count(guardians, n) > 0;
}
