/* consent.c: the consent ledger's use cases (V-2.1-V-2.9, K-2.1, K-2.2): record, change, withdraw.
 * Each write, its timeline event, its notifications and its audit entry are one transaction. Must not
 * hold the rules themselves (domain/consent.c) or any text users see. */
#include "app/app_impl.h"

/* The child's birth date and guardians, which the consent rules check against. */
static enum bp_err load_family(struct bp_store *s, struct bp_arena *a, const struct bp_case *k,
                               struct bp_date *birth, struct bp_guardian **g, size_t *n)
{
    struct bp_child child;
    enum bp_err rc;
    if ((rc = bp_child_get(s, a, k->child_id, &child)) != BP_OK)
        return rc;
    memset(birth, 0, sizeof(*birth));
    if (child.birth_date)
        bp_date_parse(child.birth_date, birth);
    return bp_guardian_list(s, a, k->child_id, g, n);
}

static const struct bp_consent *active_for_org(const struct bp_case_access *ca, int64_t org_id)
{
    size_t i;
    for (i = 0; i < ca->n_consents; i++)
        if (ca->consents[i].org_id == org_id && ca->consents[i].status == BP_CONSENT_ACTIVE)
            return &ca->consents[i];
    return NULL;
}

/* Opens the case for a consent write: consent is obtained without it, by an organisation asked to take
 * part (V-2.6) or the initiating one (K-2.1, K-2.2). */
static enum bp_err open_for_write(struct bp_unit *u, struct bp_store *s, struct bp_arena *a,
                                  const struct bp_actor *actor, int64_t case_id, const char *action,
                                  enum bp_access need, struct bp_field_errors *errs)
{
    return bp_unit_open_change(u, s, a, actor, case_id, action, "consent", need, errs, "consent");
}

/* Stores a validated consent k: the organisation takes part from now on; a pending closure proposal
 * is withdrawn when a consent is in force again. Inside the caller's transaction. */
static enum bp_err store_consent(struct bp_unit *u, struct bp_consent *k, const char *event_kind)
{
    struct bp_store *s = u->s;
    const struct bp_actor *actor = u->actor;
    const struct bp_case_access *ca = &u->ca;
    enum bp_err rc;
    k->case_id = ca->kase.id;
    k->obtained_by = actor->user->id;
    k->created_at = actor->now;
    if ((rc = bp_consent_add(s, k)) != BP_OK)
        return rc;
    if ((rc = bp_case_org_ask(s, ca->kase.id, k->org_id, actor->user->id, actor->now)) != BP_OK)
        return rc;
    if (ca->kase.closure_proposed_at && (rc = bp_case_propose_closure(s, ca->kase.id, 0)) != BP_OK)
        return rc;
    bp_unit_event(u, k->org_id, event_kind, NULL);
    return BP_OK;
}

/* Validates the input for the case's family; a foreign key on the organisation is a field error. */
static enum bp_err validate(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                            const struct bp_case_access *ca, const struct bp_consent_input *in,
                            struct bp_consent *k, struct bp_field_errors *errs)
{
    struct bp_guardian *g;
    struct bp_date birth;
    struct bp_org org;
    size_t n;
    enum bp_err rc;

    if ((rc = load_family(s, a, &ca->kase, &birth, &g, &n)) != BP_OK)
        return rc;
    memset(k, 0, sizeof(*k));
    rc = bp_consent_validate(in, g, n, birth, bp_actor_today(actor), k, errs);
    if (k->org_id > 0) { /* an id that parsed: the only error on consent.org_id is then its own */
        enum bp_err orc = bp_org_get(s, a, k->org_id, &org);
        if (orc == BP_ERR_NOT_FOUND)
            bp_field_errors_add(errs, "consent.org_id", "choice");
        else if (orc != BP_OK)
            return orc;
        /* V-2.6: in Västerbotten each organisation records its own; K-2.1, K-2.2 in Kronoberg */
        else if (!bp_access_may_record_consent(actor->user, ca->kase.model, &ca->d, k->org_id))
            bp_field_errors_add(errs, "consent.org_id", "own_org_only");
    }
    return errs->count ? BP_ERR_INVALID : rc;
}

enum bp_err bp_uc_consent_record(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                 int64_t case_id, const struct bp_consent_input *in, int64_t *consent_id,
                                 struct bp_field_errors *errs)
{
    struct bp_unit u;
    struct bp_consent k;
    enum bp_err rc;

    if ((rc = open_for_write(&u, s, a, actor, case_id, "create", BP_ACCESS_ASKED, errs)) != BP_OK)
        return rc;
    if ((rc = validate(s, a, actor, &u.ca, in, &k, errs)) != BP_OK)
        return rc;
    if (active_for_org(&u.ca, k.org_id)) {
        bp_field_errors_add(errs, "consent.org_id", "already_active");
        return BP_ERR_CONFLICT;
    }
    if ((rc = bp_unit_begin(&u)) != BP_OK)
        return rc;
    if ((rc = bp_unit_finish(&u, store_consent(&u, &k, "consent_recorded"))) == BP_OK)
        *consent_id = k.id;
    return rc;
}

enum bp_err bp_uc_consent_change(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                 int64_t case_id, int64_t consent_id, const struct bp_consent_input *in,
                                 int64_t *new_id, struct bp_field_errors *errs)
{
    struct bp_consent_input same_org = *in;
    const struct bp_consent *old;
    struct bp_unit u;
    struct bp_consent k;
    char org[24];
    enum bp_err rc;

    if ((rc = open_for_write(&u, s, a, actor, case_id, "update", BP_ACCESS_ASKED, errs)) != BP_OK)
        return rc;
    if (!(old = BP_FIND_ID(struct bp_consent, u.ca.consents, u.ca.n_consents, id, consent_id)))
        return bp_unit_lookup(&u, BP_ERR_NOT_FOUND);
    if (old->status != BP_CONSENT_ACTIVE) {
        bp_field_errors_add(errs, "consent.org_id", "not_active");
        return BP_ERR_CONFLICT;
    }
    snprintf(org, sizeof(org), "%lld", (long long)old->org_id); /* a change keeps the organisation */
    same_org.org_id = org;
    if ((rc = validate(s, a, actor, &u.ca, &same_org, &k, errs)) != BP_OK)
        return rc;
    if ((rc = bp_unit_begin(&u)) != BP_OK)
        return rc;
    rc = store_consent(&u, &k, "consent_changed");
    if (rc == BP_OK)
        rc = bp_consent_replace(s, old->id, k.id, actor->user->id);
    bp_unit_notify(&u, k.org_id, "consent_changed"); /* V-2.8: everyone involved is told at once */
    if ((rc = bp_unit_finish(&u, rc)) == BP_OK)
        *new_id = k.id;
    return rc;
}

enum bp_err bp_app_consent_withdraw(struct bp_unit *u, struct bp_consent *k,
                                    const struct bp_withdrawal_input *in, struct bp_withdrawal_result *res,
                                    struct bp_field_errors *errs)
{
    const struct bp_actor *actor = u->actor;
    struct bp_case_access_facts after;
    int64_t case_id = u->ca.kase.id;
    enum bp_err rc;
    size_t i;

    memset(res, 0, sizeof(*res));
    if ((rc = bp_consent_withdrawal_check(k, in, bp_actor_today(actor), errs)) != BP_OK)
        return rc;
    k->ended_by_user = actor->user->id;
    for (i = 0; i < u->ca.n_all_orgs; i++) /* V-2.6: the organisation sees nothing until it is asked again */
        if (u->ca.all_orgs[i] == k->org_id)
            u->ca.all_asked[i] = false;
    if ((rc = bp_unit_begin(u)) != BP_OK)
        return rc;
    rc = bp_consent_withdraw(u->s, k);
    if (rc == BP_OK)
        rc = bp_case_org_unask(u->s, case_id, k->org_id);
    bp_unit_event(u, k->org_id, "consent_withdrawn", NULL);
    bp_unit_notify(u, k->org_id, "consent_withdrawn"); /* V-2.8: the coordinator and everyone involved */
    /* V-2.9: when the child and the guardians have withdrawn altogether, propose closing the case */
    if (rc == BP_OK && u->ca.kase.status == BP_CASE_OPEN &&
        bp_consent_all_withdrawn(u->ca.consents, u->ca.n_consents, bp_actor_today(actor))) {
        res->closure_proposed = true;
        rc = bp_case_propose_closure(u->s, case_id, actor->now);
        bp_unit_event(u, 0, "closure_proposed", NULL);
        bp_unit_notify(u, 0, "closure_proposed");
    }
    after = bp_app_access_facts(&u->ca, bp_actor_today(actor));
    res->actor_lost_access = bp_access_case(actor->user, 0, &after).access == BP_ACCESS_DENIED;
    return bp_unit_finish(u, rc);
}

enum bp_err bp_uc_consent_withdraw(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                   int64_t case_id, int64_t consent_id, const struct bp_withdrawal_input *in,
                                   struct bp_withdrawal_result *res, struct bp_field_errors *errs)
{
    struct bp_unit u;
    struct bp_consent *k;
    enum bp_err rc;

    memset(res, 0, sizeof(*res));
    /* a family may withdraw after closure too: the organisation then no longer reads the closed case */
    if ((rc = bp_unit_open_change(&u, s, a, actor, case_id, "update", "consent", BP_ACCESS_INTAKE, errs,
                                  NULL)) != BP_OK)
        return rc;
    if (!(k = (struct bp_consent *)BP_FIND_ID(struct bp_consent, u.ca.consents, u.ca.n_consents, id,
                                              consent_id)))
        return bp_unit_lookup(&u, BP_ERR_NOT_FOUND);
    return bp_app_consent_withdraw(&u, k, in, res, errs);
}

enum bp_err bp_uc_case_ask_org(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                               int64_t case_id, const char *org_id, struct bp_field_errors *errs)
{
    struct bp_unit u;
    struct bp_org org;
    struct bp_user *members;
    size_t n_members, i;
    int64_t id = 0;
    enum bp_err rc;

    if ((rc = bp_unit_open_change(&u, s, a, actor, case_id, "update", "case", BP_ACCESS_INTAKE, errs,
                                  "ask.org_id")) != BP_OK)
        return rc;
    if (!org_id || !*org_id) {
        bp_field_errors_add(errs, "ask.org_id", "required");
        return BP_ERR_INVALID;
    }
    if (!bp_parse_int64(org_id, 1, INT64_MAX, &id) || (rc = bp_org_get(s, a, id, &org)) == BP_ERR_NOT_FOUND) {
        bp_field_errors_add(errs, "ask.org_id", "choice");
        return BP_ERR_INVALID;
    }
    if (rc != BP_OK)
        return rc;
    for (i = 0; i < u.ca.n_all_orgs; i++) {
        if (u.ca.all_orgs[i] == id && u.ca.all_asked[i]) {
            bp_field_errors_add(errs, "ask.org_id", "already_asked");
            return BP_ERR_CONFLICT;
        }
    }
    u.audit.detail = "org_asked";
    if ((rc = bp_unit_begin(&u)) != BP_OK)
        return rc;
    rc = bp_case_org_ask(s, case_id, id, actor->user->id, actor->now);
    bp_unit_event(&u, id, "org_asked", NULL);
    /* only the organisation asked is told: a neutral e-mail, the rest behind login */
    if (rc == BP_OK && (rc = bp_org_members(s, a, id, &members, &n_members)) == BP_OK)
        rc = bp_app_notify_users(s, a, actor, case_id, id, "org_asked", members, n_members);
    return bp_unit_finish(&u, rc);
}

enum bp_err bp_uc_consent_get(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                              int64_t case_id, int64_t consent_id, struct bp_case_view *view,
                              struct bp_consent *out, struct bp_audit *audit)
{
    enum bp_err rc;
    size_t i;
    if ((rc = bp_uc_case_view(s, a, actor, case_id, view, audit)) != BP_OK)
        return rc;
    audit->object = "consent";
    for (i = 0; i < view->n_consents; i++) {
        if (view->consents[i].id == consent_id) {
            *out = view->consents[i];
            return BP_OK;
        }
    }
    return BP_ERR_NOT_FOUND;
}
