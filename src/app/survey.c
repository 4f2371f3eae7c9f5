/* survey.c: the anonymous survey (V-12.1-V-12.4). Offering it makes one invitation per person (the child
 * and each guardian with custody) with a single-use code of which only the hash is kept; a guardian with an
 * e-mail address gets the link at once, anyone else a letter the professional prints (a new code then).
 * Answering is public and anonymous by construction: the answer row gets a random id and only coarse
 * dimensions (the case's organisations and model, child or guardian, the quarter), the invitation is only
 * marked used, and nothing is audited or logged about it. Results are aggregates, every count below five
 * hidden (domain/survey.c). Must not write anything that joins an answer to an invitation, a person or a
 * case. */
#include "app/app_impl.h"
#include "domain/survey.h"

static bool survey_at_closure;

void bp_app_set_survey_at_closure(bool on)
{
    survey_at_closure = on;
}

/* One invitation; with an e-mail address, its code goes out in the link at once (in the unit's
 * transaction, through the outbox). */
static enum bp_err invite(struct bp_unit *u, struct bp_survey_invitation *inv, const char *email)
{
    char code[BP_SURVEY_CODE_CHARS + 1], hash[BP_TOKEN_HASH_LEN + 1];
    enum bp_err rc;
    inv->token_hash = NULL;
    if (email && *email) {
        bp_survey_code_new(code);
        bp_token_hash(code, hash);
        inv->token_hash = hash;
    }
    if ((rc = bp_survey_invitation_add(u->s, inv)) != BP_OK || !inv->token_hash)
        return rc;
    rc = bp_app_mail_code(u->s, u->a, u->actor, u->ca.kase.id, email, "survey", "/survey", code);
    explicit_bzero(code, sizeof(code));
    return rc;
}

enum bp_err bp_app_survey_offer(struct bp_unit *u, enum bp_survey_occasion occasion, int plan_version)
{
    struct bp_guardian *g;
    size_t n, i;
    enum bp_err rc;
    struct bp_survey_invitation inv = {.case_id = u->ca.kase.id,
                                       .respondent = BP_SURVEY_CHILD,
                                       .occasion = occasion,
                                       .plan_version = plan_version,
                                       .created_at = u->actor->now};
    if (occasion == BP_SURVEY_AT_CLOSURE && !survey_at_closure)
        return BP_OK;
    if ((rc = bp_guardian_list(u->s, u->a, u->ca.kase.child_id, &g, &n)) != BP_OK ||
        (rc = invite(u, &inv, NULL)) != BP_OK) /* the child: a letter */
        return rc;
    for (i = 0; i < n && rc == BP_OK; i++) {
        if (!bp_has_custody(&g[i]))
            continue; /* V-12.1 names the child and the guardians: a parent without custody is not offered it
                       */
        inv.respondent = BP_SURVEY_GUARDIAN;
        inv.guardian_id = g[i].id;
        rc = invite(u, &inv, g[i].email);
    }
    return rc;
}

enum bp_err bp_uc_survey_invitations(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                     int64_t case_id, struct bp_survey_case *out, struct bp_audit *audit)
{
    struct bp_case_access ca;
    enum bp_err rc;
    memset(out, 0, sizeof(*out));
    if ((rc = bp_app_case_read(s, a, actor, case_id, "survey_invitation", BP_ACCESS_FULL, &ca, audit)) !=
        BP_OK)
        return rc;
    out->kase = ca.kase;
    if ((rc = bp_guardian_list(s, a, ca.kase.child_id, &out->guardians, &out->n_guardians)) != BP_OK)
        return rc;
    return bp_survey_invitation_list(s, a, case_id, &out->invitations, &out->n_invitations);
}

enum bp_err bp_uc_survey_letter(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                int64_t case_id, int64_t invitation_id, struct bp_survey_letter *out)
{
    struct bp_unit u;
    struct bp_survey_invitation *inv;
    char hash[BP_TOKEN_HASH_LEN + 1];
    size_t n, i;
    enum bp_err rc;
    memset(out, 0, sizeof(*out));
    if ((rc = bp_unit_open(&u, s, a, actor, case_id, "update", "survey_invitation", BP_ACCESS_FULL)) != BP_OK)
        return rc;
    if ((rc = bp_survey_invitation_list(s, a, case_id, &inv, &n)) != BP_OK)
        return rc;
    for (i = 0; i < n && inv[i].id != invitation_id; i++)
        ;
    if (i == n || inv[i].used)
        return bp_unit_lookup(&u, i == n ? BP_ERR_NOT_FOUND
                                         : BP_ERR_CONFLICT); /* an answered one has no letter */
    out->respondent = inv[i].respondent;
    out->model = u.ca.kase.model;
    bp_survey_code_new(out->code);
    bp_token_hash(out->code, hash);
    u.audit.detail = "letter"; /* never the code */
    if ((rc = bp_unit_begin(&u)) != BP_OK)
        return rc;
    return bp_unit_finish(&u, bp_survey_invitation_set_code(s, case_id, invitation_id, hash));
}

/* The invitation a typed code opens: BP_ERR_NOT_FOUND for no such code, BP_ERR_CONFLICT once it was used. */
static enum bp_err find_invitation(struct bp_store *s, struct bp_arena *a, const char *typed,
                                   struct bp_survey_invitation *out)
{
    char code[BP_SURVEY_CODE_CHARS + 1], hash[BP_TOKEN_HASH_LEN + 1];
    enum bp_err rc;
    memset(out, 0, sizeof(*out));
    if (!bp_survey_code_canonical(typed, code))
        return BP_ERR_NOT_FOUND;
    bp_token_hash(code, hash);
    explicit_bzero(code, sizeof(code));
    if ((rc = bp_survey_invitation_by_hash(s, a, hash, out)) != BP_OK)
        return rc;
    return out->used ? BP_ERR_CONFLICT : BP_OK;
}

enum bp_err bp_uc_survey_open(struct bp_store *s, struct bp_arena *a, const char *typed,
                              enum bp_survey_respondent *respondent)
{
    struct bp_survey_invitation inv;
    enum bp_err rc = find_invitation(s, a, typed, &inv);
    *respondent = inv.respondent;
    return rc;
}

enum bp_err bp_uc_survey_answer(struct bp_store *s, struct bp_arena *a, int64_t now, const char *typed,
                                const struct bp_survey_input *in, enum bp_survey_respondent *respondent,
                                struct bp_field_errors *errs)
{
    struct bp_survey_invitation inv;
    struct bp_survey_answer ans = {0};
    int64_t *orgs;
    enum bp_err rc;
    errs->count = 0;
    rc = find_invitation(s, a, typed, &inv);
    *respondent = inv.respondent;
    if (rc != BP_OK || (rc = bp_survey_validate(in, &ans, errs)) != BP_OK)
        return rc;
    if ((rc = bp_case_orgs(s, a, inv.case_id, &orgs, NULL, &ans.n_orgs)) != BP_OK)
        return rc;
    /* nothing of the invitation but its coarse dimensions: no case, person, code or moment */
    ans.orgs = orgs;
    ans.id = bp_random_id();
    ans.model = inv.model;
    ans.respondent = inv.respondent;
    bp_survey_quarter(bp_date_today(now), ans.quarter);
    if ((rc = bp_store_begin(s)) != BP_OK)
        return rc;
    rc = bp_survey_invitation_use(s, inv.id);
    if (rc == BP_ERR_NOT_FOUND)
        rc = BP_ERR_CONFLICT; /* the same code answered at the same moment */
    if (rc == BP_OK && (rc = bp_survey_answer_add(s, &ans)) == BP_OK)
        rc = bp_survey_reorder(s, a, ans.quarter);
    if (rc != BP_OK) {
        bp_store_rollback(s);
        return rc;
    }
    return bp_store_commit(s);
}

enum bp_err bp_app_stats_scope(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                               bool *region, struct bp_org **orgs, size_t *n_orgs)
{
    const struct bp_user *u = actor->user;
    size_t i;
    *region = u->is_admin;
    *n_orgs = 0;
    for (i = 0; i < u->n_orgs; i++)
        *region = *region || u->orgs[i].role == BP_ROLE_REGIONAL;
    if (*region)
        return bp_org_list(s, a, orgs, n_orgs);
    *orgs = bp_arena_alloc(a, (u->n_orgs + 1) * sizeof(**orgs));
    for (i = 0; i < u->n_orgs; i++)
        if (u->orgs[i].role == BP_ROLE_MANAGER)
            (*orgs)[(*n_orgs)++] = (struct bp_org){.id = u->orgs[i].org_id, .name = u->orgs[i].org_name};
    return *n_orgs ? BP_OK : BP_ERR_FORBIDDEN;
}

enum bp_err bp_app_stats_open(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                              const char *object, struct bp_audit *audit, bool *region, struct bp_org **orgs,
                              size_t *n_orgs)
{
    enum bp_err rc;
    bp_app_audit_fill(audit, actor, "read", object);
    if (!actor->user)
        return BP_ERR_UNAUTHENTICATED;
    if ((rc = bp_app_stats_scope(s, a, actor, region, orgs, n_orgs)) != BP_OK) {
        audit->action = "denied";
        audit->detail = "not_manager";
    }
    return rc;
}

enum bp_err bp_uc_survey_results(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                 const struct bp_survey_filter *want, struct bp_survey_report *out,
                                 struct bp_audit *audit)
{
    struct bp_survey_pattern *p;
    size_t n, i;
    enum bp_err rc;
    memset(out, 0, sizeof(*out));
    if ((rc = bp_app_stats_open(s, a, actor, "survey_results", audit, &out->region, &out->orgs,
                                &out->n_orgs)) != BP_OK)
        return rc;
    out->f = *want;
    out->f.quarter = bp_survey_quarter_valid(want->quarter) ? want->quarter : "";
    out->f.model = want->model >= 0 && want->model < BP_MODEL_COUNT ? want->model : -1;
    for (i = 0; i < out->n_orgs && out->orgs[i].id != want->org_id; i++)
        ;
    if (i == out->n_orgs) /* the region's, or the first one the actor heads */
        out->f.org_id = out->region ? 0 : out->orgs[0].id;
    audit->org_id = out->f.org_id;
    if ((rc = bp_survey_patterns(s, a, &out->f, &p, &n)) != BP_OK ||
        (rc = bp_survey_quarters(s, a, &out->quarters, &out->n_quarters)) != BP_OK)
        return rc;
    bp_survey_aggregate(p, n, &out->results);
    /* a free text is one person's words: shown only among at least five of the same kind, whose answers
     * are shown (V-12.4) */
    for (i = 0; i < BP_SURVEY_RESPONDENT_COUNT && rc == BP_OK; i++)
        if (out->results.total_shown[i] &&
            (rc = bp_survey_comments(s, a, &out->f, (enum bp_survey_respondent)i, BP_MAX_PAGE_ROWS,
                                     &out->comments[i], &out->n_comments[i])) == BP_OK &&
            out->n_comments[i] < BP_SURVEY_MIN_CELL)
            out->n_comments[i] = 0;
    return rc;
}
