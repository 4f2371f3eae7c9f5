/* named_person.c: Kronoberg's barnensbästa-ansvarig (BBA) as a person on the case (X-1, X-2, X-3, K-1.1,
 * K-1.2): the page's read, naming the BBA (the suggestion for the child's age confirmed, or another
 * person) and handing the role on when the child moves on, and the BBA's decision tree. Each write, its
 * timeline event, its notifications (in the app and through the outbox) and its audit entry are one
 * transaction (the unit of work). Must not weaken the access rule: a BBA whose organisation has no consent
 * in force sees nothing, and the page says so. The suggestion's rule is in domain/named_person.c. */
#include "app/app_impl.h"
#include "domain/named_person.h"
#include "domain/checks.h"

/* Opens a Kronoberg case for the BBA's writes; any other case is BP_ERR_NOT_FOUND (nothing of this shows
 * there) and nothing is written. */
static enum bp_err open_kronoberg(struct bp_unit *u, struct bp_store *s, struct bp_arena *a,
                                  const struct bp_actor *actor, int64_t case_id, const char *field,
                                  struct bp_field_errors *errs)
{
    enum bp_err rc =
        bp_unit_open_change(u, s, a, actor, case_id, "update", "named_person", BP_ACCESS_INTAKE, errs, NULL);
    if (rc != BP_OK)
        return rc;
    if (u->ca.kase.model != BP_MODEL_KRONOBERG)
        return bp_unit_lookup(u, BP_ERR_NOT_FOUND);
    return bp_unit_case_open(u, errs, field) ? BP_OK : BP_ERR_CONFLICT;
}

/* Who may name the next BBA once there is one: the BBA, or someone acting for the organisation that
 * calls the meetings (the samverkansansvarig's: K-1.2's responsible organisation, else the initiating). */
static bool may_name(const struct bp_case *k, const struct bp_user *user)
{
    int64_t responsible = k->responsible_org_id ? k->responsible_org_id : k->initiating_org_id;
    if (!k->named_person_user_id)
        return true;
    return user->id == k->named_person_user_id || bp_user_acts_for(user, 0, responsible);
}

static enum bp_err load_candidates(struct bp_store *s, struct bp_arena *a, const struct bp_case *k,
                                   struct bp_date today, struct bp_named_person_view *out)
{
    struct bp_child child;
    enum bp_bba_stage stage;
    enum bp_err rc;
    if ((rc = bp_child_get(s, a, k->child_id, &child)) != BP_OK ||
        (rc = bp_named_person_candidates(s, a, k->id, &out->candidates, &out->n_candidates)) != BP_OK)
        return rc;
    out->suggestion = bp_bba_suggest(child.birth_date, today, out->candidates, out->n_candidates,
                                     k->initiating_org_id, k->named_person_user_id, &stage);
    out->stage = (int)stage;
    return BP_OK;
}

enum bp_err bp_uc_named_person_view(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                    int64_t case_id, struct bp_named_person_view *out, struct bp_audit *audit)
{
    struct bp_case_access ca;
    size_t i;
    enum bp_err rc;

    memset(out, 0, sizeof(*out));
    if ((rc = bp_app_case_read(s, a, actor, case_id, "named_person", BP_ACCESS_INTAKE, &ca, audit)) != BP_OK)
        return rc;
    if (ca.kase.model != BP_MODEL_KRONOBERG) { /* as if it did not exist: nothing of this in Västerbotten */
        audit->action = "denied";
        audit->detail = "not_kronoberg";
        return BP_ERR_NOT_FOUND;
    }
    out->kase = ca.kase;
    out->access = ca.d.access;
    if ((rc = bp_named_person_list(s, a, case_id, &out->history, &out->n_history)) != BP_OK ||
        (rc = load_candidates(s, a, &ca.kase, bp_actor_today(actor), out)) != BP_OK)
        return rc;
    if (out->n_history && out->history[out->n_history - 1].ended_at == 0)
        out->current = &out->history[out->n_history - 1];
    out->orgs = bp_arena_alloc(a, sizeof(*out->orgs) * (ca.n_orgs ? ca.n_orgs : 1));
    for (i = 0; i < ca.n_orgs; i++)
        if ((rc = bp_org_get(s, a, ca.orgs[i], &out->orgs[out->n_orgs++])) != BP_OK)
            return rc;
    out->current_sees_case =
        out->current && bp_id_in(ca.orgs, ca.n_orgs, out->current->org_id) &&
        bp_consent_covers_org(ca.consents, ca.n_consents, out->current->org_id, bp_actor_today(actor));
    out->may_name = ca.kase.status == BP_CASE_OPEN && may_name(&ca.kase, actor->user);
    out->may_decide = ca.kase.status == BP_CASE_OPEN && out->current && !out->current->decision &&
                      out->current->user_id == actor->user->id;
    return BP_OK;
}

/* Tells one person (not the actor) in the app and by e-mail, inside the unit's transaction. */
static enum bp_err tell(struct bp_unit *u, int64_t user_id, int64_t org_id, const char *kind)
{
    struct bp_user p;
    enum bp_err rc = bp_user_get(u->s, u->a, user_id, &p);
    if (rc != BP_OK || p.disabled)
        return rc;
    return bp_app_notify_users(u->s, u->a, u->actor, u->ca.kase.id, org_id, kind, &p, 1);
}

/* The chosen person among the candidates: the suggestion when it is them, else their first organisation
 * taking part. NULL: not a member of any. */
static const struct bp_bba_candidate *find_candidate(const struct bp_named_person_view *v, int64_t user_id)
{
    size_t i;
    if (v->suggestion >= 0 && v->candidates[v->suggestion].user_id == user_id)
        return &v->candidates[v->suggestion];
    for (i = 0; i < v->n_candidates; i++)
        if (v->candidates[i].user_id == user_id)
            return &v->candidates[i];
    return NULL;
}

enum bp_err bp_uc_named_person_name(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                    int64_t case_id, const char *user_id, struct bp_field_errors *errs)
{
    struct bp_unit u;
    struct bp_named_person_view v;
    const struct bp_bba_candidate *who = NULL;
    struct bp_named_person np;
    int64_t uid = 0, previous;
    enum bp_err rc;

    if ((rc = open_kronoberg(&u, s, a, actor, case_id, "bba.user_id", errs)) != BP_OK)
        return rc;
    previous = u.ca.kase.named_person_user_id;
    if (!may_name(&u.ca.kase, actor->user)) /* the BBA or the coordinator hands the role on */
        return bp_unit_deny(&u, "named_person_not_holder");
    memset(&v, 0, sizeof(v));
    if ((rc = load_candidates(s, a, &u.ca.kase, bp_actor_today(actor), &v)) != BP_OK)
        return rc;
    if (!user_id || !*user_id)
        bp_field_errors_add(errs, "bba.user_id", "required");
    else if (!bp_parse_int64(user_id, 1, INT64_MAX, &uid) || !(who = find_candidate(&v, uid)))
        bp_field_errors_add(errs, "bba.user_id", "not_candidate");
    else if (uid == previous)
        bp_field_errors_add(errs, "bba.user_id", "already_named_person");
    if (errs->count || !who)
        return BP_ERR_INVALID;
    u.audit.detail = previous ? "named_person_handed_over" : "named_person_named";
    if ((rc = bp_unit_begin(&u)) != BP_OK)
        return rc;
    np = (struct bp_named_person){.case_id = case_id,
                                  .user_id = uid,
                                  .org_id = who->org_id,
                                  .suggested = v.suggestion >= 0 && v.candidates[v.suggestion].user_id == uid,
                                  .assigned_at = actor->now,
                                  .assigned_by = actor->user->id};
    rc = bp_named_person_add(s, &np);
    if (rc == BP_OK && bp_case_via_other_org(&u.ca.kase) && !u.ca.kase.named_person_informed_on)
        rc = bp_case_named_person_informed(s, case_id, bp_actor_today(actor), actor->user->id); /* K-1.2 */
    if (rc == BP_OK)
        rc = tell(&u, uid, who->org_id, "named_person_named");
    if (rc == BP_OK && previous) /* both are told */
        rc = tell(&u, previous, u.ca.kase.named_person_org_id, "named_person_replaced");
    bp_unit_event(&u, who->org_id, previous ? "named_person_handed_over" : "named_person_named", NULL);
    return bp_unit_finish(&u, rc);
}

/* X-3's inputs checked against the case: the decision, and for a handover another organisation taking
 * part. *decision_org is set for a handover. */
static void check_decision(const struct bp_unit *u, const char *decision, const char *org_id, int *code,
                           int64_t *decision_org, struct bp_field_errors *errs)
{
    *code = decision && *decision ? BP_CODE_FIND(bp_bba_decision_codes, decision) : -1;
    *decision_org = 0;
    if (!decision || !*decision)
        bp_field_errors_add(errs, "bba_decision.decision", "required");
    else if (*code < 0)
        bp_field_errors_add(errs, "bba_decision.decision", "choice");
    if (*code != BP_BBA_HAND_OVER)
        return;
    if (!org_id || !*org_id)
        bp_field_errors_add(errs, "bba_decision.org_id", "required");
    else if (!bp_parse_int64(org_id, 1, INT64_MAX, decision_org) ||
             !bp_id_in(u->ca.orgs, u->ca.n_orgs, *decision_org))
        bp_field_errors_add(errs, "bba_decision.org_id", "not_participant");
    else if (*decision_org == u->ca.kase.named_person_org_id)
        bp_field_errors_add(errs, "bba_decision.org_id", "own_org");
}

enum bp_err bp_uc_named_person_decide(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                      int64_t case_id, const char *decision, const char *org_id,
                                      struct bp_field_errors *errs)
{
    static const char *const events[BP_BBA_DECISION_COUNT] = {"bba_own_org", "bba_hand_over",
                                                              "bba_collaborate"};
    struct bp_unit u;
    struct bp_named_person *hist;
    size_t n;
    int64_t org = 0;
    int code = -1;
    enum bp_err rc;

    if ((rc = open_kronoberg(&u, s, a, actor, case_id, "bba_decision.decision", errs)) != BP_OK)
        return rc;
    if (!u.ca.kase.named_person_user_id) {
        bp_field_errors_add(errs, "bba_decision.decision", "no_named_person");
        return BP_ERR_CONFLICT;
    }
    if (u.ca.kase.named_person_user_id != actor->user->id) /* the BBA's own decision */
        return bp_unit_deny(&u, "named_person_not_holder");
    if (u.ca.kase.named_person_decision) {
        bp_field_errors_add(errs, "bba_decision.decision", "already_decided");
        return BP_ERR_CONFLICT;
    }
    check_decision(&u, decision, org_id, &code, &org, errs);
    if (errs->count || code < 0)
        return BP_ERR_INVALID;
    if ((rc = bp_named_person_list(s, a, case_id, &hist, &n)) != BP_OK || n == 0)
        return bp_unit_lookup(&u, rc ? rc : BP_ERR_NOT_FOUND);
    u.audit.detail = events[code];
    if ((rc = bp_unit_begin(&u)) != BP_OK)
        return rc;
    rc = bp_named_person_decide(s, hist[n - 1].id, bp_bba_decision_codes[code], org, actor->now,
                                actor->user->id);
    if (rc == BP_OK && code == BP_BBA_HAND_OVER) { /* the organisation the need belongs to is told */
        struct bp_user *people;
        size_t np;
        if ((rc = bp_org_members(s, a, org, &people, &np)) == BP_OK)
            rc = bp_app_notify_users(s, a, actor, case_id, org, "bba_hand_over", people, np);
    }
    bp_unit_event(&u, org ? org : u.ca.kase.named_person_org_id, events[code], NULL);
    return bp_unit_finish(&u, rc);
}
