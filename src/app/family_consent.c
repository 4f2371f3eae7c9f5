/* family_consent.c: consent online for the family (issue 10 item 4; V-2.x, K-2.x): the consent ledger as the
 * member's role may see it (docs/family-access.md section 5.6, the rows consent.*) and the withdrawal,
 * which takes the professionals' own path (bp_app_consent_withdraw, app/consent.c): at once, everyone
 * involved told (V-2.8), closing proposed when none is left (V-2.9), in the ledger as if a professional had
 * recorded it. Must not hold a rule of the table (domain/family.c) or a text users see. */
#include "app/app_impl.h"
#include "domain/family.h"

static const struct bp_family_scope own_scope = {.own = true, .invited = true, .shared = true};

/* Who withdraws, in the ledger's words (withdrawal.by): the child, the adult student, or the guardians. */
static const char *withdrawer_of(const struct bp_family_member *who)
{
    if (who->guardian_id)
        return bp_consent_withdrawer_codes[BP_WITHDRAWN_BY_GUARDIANS];
    return bp_consent_withdrawer_codes[who->role == BP_FR_ADULT_STUDENT ? BP_WITHDRAWN_BY_ADULT_STUDENT
                                                                        : BP_WITHDRAWN_BY_CHILD];
}

/* One consent of the ledger as the role may see it (consent.scope, consent.child_view, consent.maturity_note,
 * consent.obtained_by); the scans (consent.scan) are not on the family pages. */
static void filter_consent(const bool *show, struct bp_consent *k)
{
    if (!show[BP_FI_CONSENT_SCOPE]) {
        k->scope = k->withdrawal_note = NULL;
        k->covers_preparation = false;
    }
    if (!show[BP_FI_CONSENT_CHILD_VIEW]) /* GCOVR_EXCL_BR_LINE: each role that sees the ledger (or its
                                          * anonymous rows) sees consent.child_view in today's table; kept to
                                          * follow it */
        k->child_view = NULL;
    if (!show[BP_FI_CONSENT_MATURITY_NOTE])
        k->maturity_note = NULL;
    if (!show[BP_FI_CONSENT_OBTAINED_BY]) {
        k->obtained_by = 0;
        k->obtained_by_name = NULL;
    }
    if (!show[BP_FI_CONSENT_CHILD_ANSWER])
        k->child_answer = NULL;
    k->ended_by_user = 0;
}

static enum bp_err load_asks(struct bp_store *s, struct bp_arena *a, const struct bp_case_access *ca,
                             struct bp_family_consents_view *out);

/* consent.scan (docs/family-access.md 5.6): the guardians see every consent's signed paper, the adult student
 * only their own (:own, the consents they gave); never a member someone is protected from, since the paper
 * names the organisation (section 6): mark_scans, the only caller, stops before for them. */
static bool may_see_scan(const struct bp_family_case_view *v, const struct bp_consent *k)
{
    struct bp_family_scope s = {
        .own = k->giver == (v->who.guardian_id ? BP_CONSENT_BY_GUARDIANS : BP_CONSENT_BY_ADULT_STUDENT)};
    return bp_family_sees(BP_FI_CONSENT_SCAN, (enum bp_family_role)v->who.role, s);
}

/* Marks the ledger's rows whose current scan the member may open (one query, only when any may). Never for a
 * member someone is protected from: bp_uc_family_consents answers them first (anonymous rows, or none). */
static enum bp_err mark_scans(struct bp_store *s, struct bp_arena *a, int64_t case_id,
                              struct bp_family_consents_view *out)
{
    struct bp_consent_scan *scans;
    size_t n, i, j;
    enum bp_err rc;
    if (!out->v.who.show[BP_FI_CONSENT_SCAN])
        return BP_OK;
    if ((rc = bp_consent_scan_list(s, a, case_id, &scans, &n)) != BP_OK)
        return rc;
    for (i = 0; i < out->n; i++)
        for (j = 0; j < n; j++)
            if (scans[j].consent_id == out->items[i].k.id && may_see_scan(&out->v, &out->items[i].k))
                out->items[i].has_scan = true;
    return BP_OK;
}

enum bp_err bp_uc_family_consents(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                  int64_t case_id, struct bp_family_consents_view *out,
                                  struct bp_audit *audit)
{
    struct bp_case_access ca;
    enum bp_family_role role;
    bool anonymous;
    size_t i;
    enum bp_err rc = bp_app_family_open(s, a, actor, case_id, "consents", &out->v, audit);
    out->items = NULL;
    out->n = 0;
    out->asks = NULL;
    out->n_asks = 0;
    if (rc != BP_OK)
        return rc;
    audit->object = "consent";
    role = (enum bp_family_role)out->v.who.role;
    /* docs/family-access.md section 6: for a member the child or a guardian is protected from, the ledger is
     * hidden, but each consent in force is listed as "en verksamhet", so that they can still withdraw it */
    anonymous = out->v.who.protected_from && bp_family_sees(BP_FI_CONSENT_LEDGER, role, own_scope);
    if (!out->v.who.show[BP_FI_CONSENT_LEDGER] && !anonymous) { /* every item none: as if it did not exist */
        audit->action = "denied";
        return BP_ERR_NOT_FOUND;
    }
    if ((rc = bp_app_case_load(s, a, case_id, &ca)) != BP_OK)
        return rc;
    out->items = bp_arena_alloc(a, sizeof(*out->items) * (ca.n_consents + 1));
    out->may_withdraw = bp_family_may_change(BP_FI_CONSENT_WITHDRAW, role, own_scope);
    for (i = 0; i < ca.n_consents; i++) {
        struct bp_family_consent *fc;
        if (anonymous && !bp_consent_in_force(&ca.consents[i], bp_actor_today(actor)))
            continue;
        fc = &out->items[out->n++];
        fc->k = ca.consents[i];
        if (anonymous) { /* no name: the page says "en verksamhet" */
            fc->k.org_id = 0;
            fc->k.org_name = NULL;
        }
        fc->in_force = bp_consent_in_force(&fc->k, bp_actor_today(actor));
        fc->may_withdraw = out->may_withdraw && fc->k.status == BP_CONSENT_ACTIVE;
        /* docs/family-access.md section 3: on a closed case every change is "see", but the withdrawal */
        fc->may_limit = fc->k.status == BP_CONSENT_ACTIVE && out->v.kase.status == BP_CASE_OPEN &&
                        bp_family_may_change(BP_FI_CONSENT_LIMIT, role, own_scope);
        fc->may_child_answer = fc->k.status == BP_CONSENT_ACTIVE && out->v.kase.status == BP_CASE_OPEN &&
                               bp_family_may_change(BP_FI_CONSENT_CHILD_ANSWER, role, own_scope);
        fc->has_scan = false;
        filter_consent(out->v.who.show, &fc->k);
    }
    if (anonymous)
        return BP_OK;
    if ((rc = mark_scans(s, a, case_id, out)) != BP_OK)
        return rc;
    return load_asks(s, a, &ca, out);
}

enum bp_err bp_uc_family_consent_scan_get(struct bp_store *s, struct bp_arena *a,
                                          const struct bp_actor *actor, int64_t case_id, int64_t consent_id,
                                          struct bp_consent_scan *out, struct bp_audit *audit)
{
    struct bp_family_consents_view fv;
    size_t i;
    enum bp_err rc = bp_uc_family_consents(s, a, actor, case_id, &fv, audit);
    memset(out, 0, sizeof(*out));
    if (rc != BP_OK)
        return rc;
    audit->object = "consent_scan";
    audit->detail = bp_arena_printf(a, "family:%s consent %lld", bp_family_role_codes[fv.v.who.role],
                                    (long long)consent_id);
    for (i = 0; i < fv.n && fv.items[i].k.id != consent_id; i++)
        ;
    if (i == fv.n || !fv.items[i].has_scan) {
        audit->action = "denied"; /* a forged id, no scan, or a paper not the member's: as if missing */
        return BP_ERR_NOT_FOUND;
    }
    return bp_consent_scan_get(s, a, consent_id, out);
}

/* The consent of the opened unit's case, or BP_ERR_NOT_FOUND with the refusal on record (R1: a forged id). */
static enum bp_err find_consent(struct bp_unit *u, const struct bp_family_case_view *v, int64_t consent_id,
                                struct bp_consent **k)
{
    enum bp_err rc;
    *k = (struct bp_consent *)BP_FIND_ID(struct bp_consent, u->ca.consents, u->ca.n_consents, id, consent_id);
    if (*k)
        return BP_OK;
    u->audit.action = "denied";
    u->audit.detail = bp_arena_printf(u->a, "family:%s no_consent", bp_family_role_codes[v->who.role]);
    rc = bp_uc_audit_commit(u->s, &u->audit, 1);
    return rc != BP_OK ? rc : BP_ERR_NOT_FOUND;
}

enum bp_err bp_uc_family_consent_withdraw(struct bp_store *s, struct bp_arena *a,
                                          const struct bp_actor *actor, int64_t case_id, int64_t consent_id,
                                          struct bp_withdrawal_result *res, struct bp_field_errors *errs)
{
    struct bp_family_case_view v;
    struct bp_withdrawal_input in = {0};
    struct bp_unit u;
    struct bp_consent *k;
    char on[11];
    enum bp_err rc;

    memset(res, 0, sizeof(*res));
    errs->count = 0;
    /* a consent may be withdrawn after closure too (docs/family-access.md section 3) */
    if ((rc = bp_unit_open_family(&u, s, a, actor, case_id, "update", "consent", BP_FI_CONSENT_WITHDRAW,
                                  &v)) != BP_OK)
        return rc;
    if ((rc = find_consent(&u, &v, consent_id, &k)) != BP_OK)
        return rc;
    bp_date_format(bp_actor_today(actor), on);
    in.by = withdrawer_of(&v.who);
    in.on = on;
    u.audit.detail = bp_arena_printf(a, "family:%s withdraw consent %lld", bp_family_role_codes[v.who.role],
                                     (long long)k->id);
    rc = bp_app_consent_withdraw(&u, k, &in, res, errs);
    res->actor_lost_access = false; /* the family's own pages stay theirs */
    return rc;
}

enum bp_err bp_uc_family_consent_limit(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                       int64_t case_id, int64_t consent_id, const struct bp_consent_input *in,
                                       int64_t *new_id, struct bp_field_errors *errs)
{
    struct bp_family_case_view v;
    struct bp_unit u;
    struct bp_consent *old, k;
    enum bp_err rc;

    errs->count = 0;
    if ((rc = bp_unit_open_family(&u, s, a, actor, case_id, "update", "consent", BP_FI_CONSENT_LIMIT, &v)) !=
            BP_OK ||
        (rc = find_consent(&u, &v, consent_id, &old)) != BP_OK)
        return rc;
    if (!bp_unit_case_open(&u, errs, "consent.scope"))
        return BP_ERR_CONFLICT;
    if ((rc = bp_consent_limit(old, in, bp_actor_today(actor), &k, errs)) != BP_OK)
        return rc;
    k.id = k.replaced_by = k.ended_by_user =
        0; /* a new row of the ledger; obtained_by stays who obtained it */
    k.created_at = actor->now;
    u.audit.detail = bp_arena_printf(a, "family:%s limit consent %lld", bp_family_role_codes[v.who.role],
                                     (long long)old->id);
    if ((rc = bp_unit_begin(&u)) != BP_OK)
        return rc;
    rc = bp_consent_add(s, &k);
    if (rc == BP_OK)
        rc = bp_consent_replace(s, old->id, k.id, actor->user->id);
    bp_unit_event(&u, k.org_id, "consent_changed", NULL);
    bp_unit_notify(&u, k.org_id, "consent_changed"); /* V-2.8: everyone involved is told at once */
    if ((rc = bp_unit_finish(&u, rc)) == BP_OK)
        *new_id = k.id;
    return rc;
}

enum bp_err bp_app_family_consent_waiting(struct bp_store *s, struct bp_arena *a,
                                          const struct bp_actor *actor, const struct bp_family_case_view *v,
                                          bool *confirm, bool *answer)
{
    struct bp_family_consents_view fv;
    struct bp_case_access ca;
    enum bp_family_role role = (enum bp_family_role)v->who.role;
    bool open = v->kase.status == BP_CASE_OPEN;
    bool may_answer = open && bp_family_may_change(BP_FI_CONSENT_CHILD_ANSWER, role, own_scope);
    size_t i;
    enum bp_err rc;
    *confirm = *answer = false;
    if (!may_answer && !(open && bp_family_may_change(BP_FI_CONSENT_GIVE, role, own_scope)))
        return BP_OK;
    if ((rc = bp_app_case_load(s, a, v->kase.id, &ca)) != BP_OK)
        return rc;
    for (i = 0; may_answer && i < ca.n_consents; i++)
        *answer = *answer || (bp_consent_in_force(&ca.consents[i], bp_actor_today(actor)) &&
                              !ca.consents[i].child_answer);
    memset(&fv, 0, sizeof(fv));
    fv.v = *v;
    if ((rc = load_asks(s, a, &ca, &fv)) != BP_OK)
        return rc;
    for (i = 0; i < fv.n_asks; i++)
        *confirm = *confirm || fv.asks[i].may_give;
    return BP_OK;
}

/* ---- the young person's own yes or no (consent.child_answer, V-2.2) ---- */

enum bp_err bp_uc_family_consent_child_answer(struct bp_store *s, struct bp_arena *a,
                                              const struct bp_actor *actor, int64_t case_id,
                                              int64_t consent_id,
                                              const struct bp_consent_child_answer_input *in,
                                              struct bp_field_errors *errs)
{
    struct bp_family_case_view v;
    struct bp_unit u;
    struct bp_consent *old, k;
    int answer;
    enum bp_err rc;

    errs->count = 0;
    if ((rc = bp_unit_open_family(&u, s, a, actor, case_id, "update", "consent", BP_FI_CONSENT_CHILD_ANSWER,
                                  &v)) != BP_OK ||
        (rc = find_consent(&u, &v, consent_id, &old)) != BP_OK)
        return rc;
    if (!bp_unit_case_open(&u, errs, "consent.child_answer"))
        return BP_ERR_CONFLICT;
    if (old->status != BP_CONSENT_ACTIVE) {
        bp_field_errors_add(errs, "consent.child_answer", "not_active");
        return BP_ERR_CONFLICT;
    }
    if ((answer = BP_CODE_FIND(bp_child_answer_codes, in->answer ? in->answer : "")) < 0) {
        bp_field_errors_add(errs, "consent.child_answer", in->answer && *in->answer ? "choice" : "required");
        return BP_ERR_INVALID;
    }
    k = *old;
    k.child_answer = bp_child_answer_codes[answer];
    k.child_answered_on = bp_actor_today(actor);
    u.audit.detail = bp_arena_printf(a, "family:%s child_answer %s consent %lld",
                                     bp_family_role_codes[v.who.role], k.child_answer, (long long)k.id);
    if ((rc = bp_unit_begin(&u)) != BP_OK)
        return rc;
    rc = bp_consent_child_answer_set(s, &k);
    bp_unit_event(&u, k.org_id, "consent_child_answered", NULL);
    if (answer == 1) /* a no does not block the consent: the organisation is told, to weigh it (V-2.2) */
        bp_unit_notify(&u, k.org_id, "consent_child_no");
    return bp_unit_finish(&u, rc);
}

/* ---- giving (consent.give, V-2.1, V-2.6) ---- */

/* The asked organisations (V-2.6: asked, no consent yet) with the pending confirmations, when the role may
 * give consent. */
static enum bp_err load_asks(struct bp_store *s, struct bp_arena *a, const struct bp_case_access *ca,
                             struct bp_family_consents_view *out)
{
    struct bp_consent_confirmation *cs;
    size_t n, i, j;
    enum bp_family_role role = (enum bp_family_role)out->v.who.role;
    bool may =
        out->v.kase.status == BP_CASE_OPEN && bp_family_may_change(BP_FI_CONSENT_GIVE, role, own_scope);
    enum bp_err rc;
    if (!bp_family_sees(BP_FI_CONSENT_GIVE, role, own_scope))
        return BP_OK;
    if ((rc = bp_consent_confirmations_pending(s, a, ca->kase.id, &cs, &n)) != BP_OK)
        return rc;
    out->asks = bp_arena_alloc(a, sizeof(*out->asks) * (ca->n_asked_only + 1));
    for (i = 0; i < ca->n_asked_only; i++) {
        struct bp_family_ask *k = &out->asks[out->n_asks++];
        memset(k, 0, sizeof(*k));
        k->org_id = ca->asked_only[i];
        k->org_name = bp_app_case_org_name(ca, k->org_id); /* read with the case (bp_app_case_load) */
        for (j = 0; j < n; j++) {
            if (cs[j].org_id != k->org_id)
                continue;
            if (cs[j].guardian_id == out->v.who.guardian_id)
                k->mine = &cs[j];
            else if (cs[j].guardian_id && out->v.who.guardian_id)
                k->other = &cs[j]; /* the adult student's own counts for them alone */
        }
        k->may_give = may && !k->mine;
    }
    return BP_OK;
}

/* The terms the member may confirm: the typed ones, no wider than the other guardian's first confirmation. */
static enum bp_err give_terms(const struct bp_consent_confirmation *first, const struct bp_consent_input *in,
                              struct bp_date today, struct bp_consent *k, struct bp_field_errors *errs)
{
    struct bp_consent widest = {.status = BP_CONSENT_ACTIVE, .covers_preparation = true};
    enum bp_err rc;
    if (first) {
        widest.scope = first->scope;
        widest.covers_preparation = first->covers_preparation;
        widest.has_renewal = first->has_renewal;
        widest.renew_on = first->renew_on;
    }
    rc = bp_consent_limit(&widest, in, today, k, errs);
    if (rc == BP_ERR_INVALID && errs->count == 1 && strcmp(errs->items[0].code, "unchanged") == 0) {
        errs->count = 0; /* confirming the other guardian's terms as they are */
        rc = BP_OK;
    }
    return rc;
}

/* The consent the confirmations make, recorded, the confirmations closed by it, in the unit's transaction. */
static enum bp_err record_given(struct bp_unit *u, const struct bp_family_case_view *v, struct bp_consent *k,
                                int64_t org_id)
{
    const struct bp_actor *actor = u->actor;
    size_t i;
    enum bp_err rc;
    k->id = 0;
    k->case_id = u->ca.kase.id;
    k->org_id = org_id;
    k->giver = v->who.role == BP_FR_ADULT_STUDENT ? BP_CONSENT_BY_ADULT_STUDENT : BP_CONSENT_BY_GUARDIANS;
    k->n_guardians = 0;
    for (i = 0;
         k->giver == BP_CONSENT_BY_GUARDIANS && i < v->n_guardians && k->n_guardians < BP_MAX_CONSENT_GIVERS;
         i++)
        if (bp_has_custody(&v->guardians[i])) /* V-2.1: a parent without custody gives no consent */
            k->guardian_ids[k->n_guardians++] = v->guardians[i].id;
    k->child_view = k->maturity_note = NULL; /* V-2.2: the professionals record the child's view */
    k->form = BP_FORM_OTHER;
    k->given_on = bp_actor_today(actor);
    k->obtained_by = actor->user->id;
    k->created_at = actor->now;
    if ((rc = bp_consent_add(u->s, k)) != BP_OK ||
        (rc = bp_consent_confirmations_close(u->s, k->case_id, org_id, k->id)) != BP_OK ||
        (rc = bp_case_org_ask(u->s, k->case_id, org_id, actor->user->id, actor->now)) != BP_OK)
        return rc;
    if (u->ca.kase.closure_proposed_at && (rc = bp_case_propose_closure(u->s, k->case_id, 0)) != BP_OK)
        return rc;
    bp_unit_event(u, org_id, "consent_recorded", NULL);
    bp_unit_notify(u, org_id, "consent_given");
    return BP_OK;
}

enum bp_err bp_uc_family_consent_give(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                      int64_t case_id, int64_t org_id, const struct bp_consent_input *in,
                                      bool *in_force, struct bp_field_errors *errs)
{
    struct bp_family_consents_view fv = {0};
    struct bp_consent_confirmation c = {0};
    int64_t confirmed[BP_MAX_GUARDIANS + 1];
    size_t n = 0, i;
    struct bp_unit u;
    struct bp_consent k;
    const struct bp_family_ask *ask = NULL;
    enum bp_err rc;

    *in_force = false;
    errs->count = 0;
    if ((rc = bp_unit_open_family(&u, s, a, actor, case_id, "create", "consent", BP_FI_CONSENT_GIVE,
                                  &fv.v)) != BP_OK ||
        (rc = load_asks(s, a, &u.ca, &fv)) != BP_OK)
        return rc;
    for (i = 0; i < fv.n_asks && !ask; i++)
        ask = fv.asks[i].org_id == org_id ? &fv.asks[i] : NULL;
    if (!ask) { /* not asked, taking part already, or a forged id */
        u.audit.action = "denied";
        u.audit.detail = bp_arena_printf(a, "family:%s not_asked", bp_family_role_codes[fv.v.who.role]);
        rc = bp_uc_audit_commit(s, &u.audit, 1);
        return rc != BP_OK ? rc : BP_ERR_NOT_FOUND;
    }
    if (!bp_unit_case_open(&u, errs, "consent.scope"))
        return BP_ERR_CONFLICT;
    if (ask->mine) {
        bp_field_errors_add(errs, "consent.scope", "already_confirmed");
        return BP_ERR_CONFLICT;
    }
    if ((rc = give_terms(ask->other, in, bp_actor_today(actor), &k, errs)) != BP_OK)
        return rc;
    c = (struct bp_consent_confirmation){.case_id = case_id,
                                         .org_id = org_id,
                                         .guardian_id = fv.v.who.guardian_id,
                                         .user_id = actor->user->id,
                                         .scope = k.scope,
                                         .covers_preparation = k.covers_preparation,
                                         .has_renewal = k.has_renewal,
                                         .renew_on = k.renew_on,
                                         .confirmed_at = actor->now};
    if (ask->other)
        confirmed[n++] = ask->other->guardian_id;
    confirmed[n++] = fv.v.who.guardian_id;
    *in_force = fv.v.who.role == BP_FR_ADULT_STUDENT ||
                bp_consent_all_confirmed(fv.v.guardians, fv.v.n_guardians, confirmed, n);
    u.audit.detail = bp_arena_printf(a, "family:%s %s consent org %lld", bp_family_role_codes[fv.v.who.role],
                                     *in_force ? "give" : "confirm", (long long)org_id);
    if ((rc = bp_unit_begin(&u)) != BP_OK)
        return rc;
    rc = bp_consent_confirmation_add(s, &c);
    if (rc == BP_OK && *in_force)
        rc = record_given(&u, &fv.v, &k, org_id);
    else
        bp_unit_event(&u, org_id, "consent_confirmed", NULL);
    return bp_unit_finish(&u, rc);
}
