/* family_prep.c: the child's voice and the guardians' own answers, given by the family on their own page
 * (issue 10 item 5; V-3.7-V-3.15, V-4.1, V-4.2; docs/family-access.md section 5.3 and rules R2-R4). The
 * answers land in the preparation the professionals keep (app/prep.c, migration 005), for the meeting where
 * the plan is made, so that they see them where they prepare and chair the meeting. Who the member is and
 * what they may see comes from app/family.c (the table); what of a preparation is the member's own and rule
 * R2 from domain/family_prep.c. Must not hold a text users see. */
#include "app/app_impl.h"
#include "domain/checks.h" /* bp_guardian_find */
#include "domain/family_prep.h"

static bool sees(const struct bp_family_member *who, enum bp_family_item item, struct bp_family_scope scope)
{
    return bp_family_sees(item, (enum bp_family_role)who->role, scope);
}

/* Only what the page needs of the case, the child and the guardians, as the table lets the member see it. */
static void keep_names(struct bp_family_case_view *c)
{
    const bool *show = c->who.show;
    struct bp_case k;
    struct bp_child child;
    size_t i, n = 0;
    memset(&k, 0, sizeof(k));
    k.id = c->kase.id;
    k.child_id = c->kase.child_id;
    k.status = c->kase.status;
    k.model = c->kase.model;
    if (show[BP_FI_CASE_INITIATIVE]) { /* the child's support person is the initiator by default (V-3.8) */
        k.initiator_name = c->kase.initiator_name;
        k.initiating_org_name = c->kase.initiating_org_name;
    }
    c->kase = k;
    memset(&child, 0, sizeof(child));
    child.id = c->child.id;
    if (show[BP_FI_CHILD_NAME]) {
        child.given_name = c->child.given_name;
        child.family_name = c->child.family_name;
    }
    c->child = child;
    for (i = 0; i < c->n_guardians && show[BP_FI_GUARDIANS_OTHER_NAME]; i++) {
        struct bp_guardian g;
        memset(&g, 0, sizeof(g));
        g.id = c->guardians[i].id;
        g.child_id = c->guardians[i].child_id;
        g.name = c->guardians[i].name;
        g.custody = c->guardians[i].custody;
        c->guardians[n++] = g;
    }
    c->n_guardians = n;
}

/* The child's preparation as the member may see it, item by item (R2 for the guardians). */
static void blank_child_prep(struct bp_family_prep_view *v)
{
    struct bp_child_prep *p = &v->child_prep.p;
    size_t i;
    if (!v->sees_answers) {
        for (i = 0; i < BP_PREP_QUESTIONS; i++)
            p->answers[i] = "";
        p->share_with_guardians = false;
        v->child_prep.answered_online_at = 0;
    }
    if (!v->sees_participation) {
        p->participation = BP_PART_UNDECIDED;
        p->rep_kind = BP_REP_GUARDIAN;
        p->rep_guardian_id = 0;
        p->rep_name = p->support_name = p->support_relation = "";
        p->setting = BP_SETTING_UNDECIDED;
        p->support_kind = BP_SUPPORT_INITIATOR;
    }
    if (!v->sees_wishes)
        p->wanted_participants = p->place_wishes = "";
    if (!v->sees_letter)
        p->letter_text = p->letter_note = "";
    if (!v->sees_record) {
        p->informed = false;
        p->how_informed = "";
        p->adapted = p->interpreter_used = p->picture_support_used = false;
    }
    p->prepared_by = 0; /* who prepared the child is the professionals' */
    v->child_prep.org_id = 0;
    v->child_prep.prepared_by_name = v->child_prep.org_name = NULL;
}

static enum bp_err load_child_prep(struct bp_store *s, struct bp_arena *a, struct bp_date today,
                                   struct bp_family_prep_view *v)
{
    const struct bp_family_member *who = &v->c.who;
    struct bp_family_scope scope = {.own = v->is_child, .invited = false, .shared = false};
    enum bp_err rc = bp_child_prep_get(s, a, v->c.kase.id, 0, &v->child_prep);
    bool open = v->c.kase.status == BP_CASE_OPEN;
    if (rc == BP_ERR_NOT_FOUND) {
        memset(&v->child_prep, 0, sizeof(v->child_prep));
        rc = BP_OK;
    } else if (rc == BP_OK) {
        v->has_child_prep = true;
    }
    if (rc != BP_OK)
        return rc;
    scope.shared =
        bp_family_prep_shared(bp_app_child_birth(&v->c.child), today, v->child_prep.p.share_with_guardians);
    v->sees_answers = sees(who, BP_FI_PREP_CHILD_ANSWERS, scope);
    v->sees_participation = sees(who, BP_FI_PREP_CHILD_PARTICIPATION, scope);
    v->sees_wishes = sees(who, BP_FI_PREP_CHILD_WISHES, scope);
    v->sees_letter = sees(who, BP_FI_PREP_CHILD_LETTER, scope);
    v->sees_record = sees(who, BP_FI_PREP_CHILD_RECORD, scope);
    v->child_may_answer =
        open && !v->child_prep.p.done &&
        bp_family_may_change(BP_FI_PREP_CHILD_ANSWERS, (enum bp_family_role)who->role, scope);
    v->may_share = v->child_may_answer && bp_family_prep_may_share(bp_app_child_birth(&v->c.child), today);
    v->guardians_see = bp_family_prep_shared(bp_app_child_birth(&v->c.child), today, false);
    blank_child_prep(v);
    v->has_child_prep = v->has_child_prep && (v->sees_answers || v->sees_participation || v->sees_wishes ||
                                              v->sees_letter || v->sees_record);
    return BP_OK;
}

/* A guardian's own preparation, never another's (R3, R4). */
static enum bp_err load_own_prep(struct bp_store *s, struct bp_arena *a, struct bp_family_prep_view *v)
{
    const struct bp_family_member *who = &v->c.who;
    struct bp_family_scope own = {.own = true, .invited = false, .shared = false};
    struct bp_guardian_prep_record *ps;
    size_t n, i;
    enum bp_err rc;
    if (!who->guardian_id || !sees(who, BP_FI_GUARDIAN_PREP_ANSWERS, own))
        return BP_OK;
    if ((rc = bp_guardian_prep_list(s, a, v->c.kase.id, 0, &ps, &n)) != BP_OK)
        return rc;
    for (i = 0; i < n; i++)
        if (ps[i].p.guardian_id == who->guardian_id) {
            v->own_prep = ps[i];
            v->own_prep.prepared_by_name = v->own_prep.org_name = NULL;
            v->has_own_prep = true;
        }
    if (!sees(who, BP_FI_GUARDIAN_PREP_RECORD, own)) {
        v->own_prep.p.informed = false;
        v->own_prep.p.interpreter_used = false;
    }
    v->guardian_may_answer =
        v->c.kase.status == BP_CASE_OPEN && !(v->has_own_prep && v->own_prep.p.done) &&
        bp_family_may_change(BP_FI_GUARDIAN_PREP_ANSWERS, (enum bp_family_role)who->role, own);
    return BP_OK;
}

bool bp_family_prep_seen(const struct bp_family_member *who)
{
    static const enum bp_family_item items[] = {BP_FI_PREP_CHILD_ANSWERS,  BP_FI_PREP_CHILD_PARTICIPATION,
                                                BP_FI_PREP_CHILD_WISHES,   BP_FI_PREP_CHILD_LETTER,
                                                BP_FI_PREP_CHILD_RECORD,   BP_FI_GUARDIAN_PREP_ANSWERS,
                                                BP_FI_GUARDIAN_PREP_RECORD};
    size_t i;
    for (i = 0; i < BP_ARRAY_LEN(items); i++)
        if (who->show[items[i]])
            return true;
    return false;
}

enum bp_err bp_app_family_prep_waiting(struct bp_store *s, struct bp_arena *a, struct bp_date today,
                                       const struct bp_family_case_view *c, bool *waiting)
{
    struct bp_family_prep_view v;
    enum bp_err rc;
    *waiting = false;
    if (!bp_family_prep_seen(&c->who))
        return BP_OK;
    memset(&v, 0, sizeof(v));
    v.c = *c;
    v.is_child = c->who.guardian_id == 0;
    if ((rc = load_child_prep(s, a, today, &v)) != BP_OK || (rc = load_own_prep(s, a, &v)) != BP_OK)
        return rc;
    *waiting = v.is_child ? v.child_may_answer && !v.child_prep.answered_online_at
                          : v.guardian_may_answer && !(v.has_own_prep && v.own_prep.answered_online_at);
    return BP_OK;
}

enum bp_err bp_uc_family_prep(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                              int64_t case_id, struct bp_family_prep_view *out, struct bp_audit *audit)
{
    enum bp_err rc;
    memset(out, 0, sizeof(*out));
    rc = bp_app_family_open(s, a, actor, case_id, "prep", &out->c, audit);
    audit->object = "preparation";
    if (rc != BP_OK)
        return rc;
    if (!bp_family_prep_seen(&out->c.who)) {
        audit->action = "denied";
        return BP_ERR_NOT_FOUND;
    }
    out->is_child = out->c.who.guardian_id == 0;
    if ((rc = load_child_prep(s, a, bp_actor_today(actor), out)) != BP_OK ||
        (rc = load_own_prep(s, a, out)) != BP_OK)
        return rc;
    keep_names(&out->c);
    return BP_OK;
}

enum bp_err bp_uc_family_child_prep_save(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                         int64_t case_id, const struct bp_child_prep_input *in,
                                         struct bp_field_errors *errs)
{
    struct bp_unit u;
    struct bp_family_case_view v;
    struct bp_child_prep_record r;
    struct bp_child_prep_input own;
    struct bp_child_prep typed;
    struct bp_field_errors warns = {0}; /* V-3.5's are about the professional's record: not the child's */
    struct bp_date today = bp_actor_today(actor);
    enum bp_err rc;

    if ((rc = bp_unit_open_family_change(&u, s, a, actor, case_id, "update", "child_prep",
                                         BP_FI_PREP_CHILD_ANSWERS, &v, errs, "prep")) != BP_OK)
        return rc;
    rc = bp_child_prep_get(s, a, case_id, 0, &r);
    if (rc == BP_ERR_NOT_FOUND) { /* the child answers first: the professional's record follows */
        memset(&r, 0, sizeof(r));
        r.p.case_id = case_id;
        r.p.prepared_by = actor->user->id;
        r.created_at = r.updated_at = actor->now;
        u.audit.action = "create";
    } else if (rc != BP_OK) {
        return rc;
    } else if (r.p.done) {
        bp_field_errors_add(errs, "prep", "prep_done");
        return BP_ERR_CONFLICT;
    }
    bp_child_prep_input_own(&own, in);
    if ((rc = bp_child_prep_validate(&own, &v.child, v.guardians, v.n_guardians, actor->user->id, today,
                                     &typed, errs, &warns)) != BP_OK)
        return rc;
    bp_child_prep_take_own(&r.p, &typed);
    /* R2: the tick counts from 12 (under 12 the guardians see the words anyway; at 18 not at all) */
    r.p.share_with_guardians =
        in->share_with_guardians && bp_family_prep_may_share(bp_app_child_birth(&v.child), today);
    if ((rc = bp_unit_begin(&u)) != BP_OK)
        return rc;
    if ((rc = bp_child_prep_save(s, &r)) == BP_OK)
        rc = bp_child_prep_online(s, r.p.id, r.p.share_with_guardians, actor->now);
    bp_unit_event(&u, 0, "child_prep_online", NULL); /* that the child answered, never what */
    return bp_unit_finish(&u, rc);
}

enum bp_err bp_uc_family_guardian_prep_save(struct bp_store *s, struct bp_arena *a,
                                            const struct bp_actor *actor, int64_t case_id,
                                            const struct bp_guardian_prep_input *in,
                                            struct bp_field_errors *errs)
{
    struct bp_unit u;
    struct bp_family_case_view v;
    struct bp_guardian_prep_record r, *ps;
    struct bp_guardian_prep_input own;
    struct bp_guardian_prep typed;
    struct bp_field_errors warns = {0};
    const struct bp_guardian *g;
    size_t n, i;
    enum bp_err rc;

    if ((rc = bp_unit_open_family_change(&u, s, a, actor, case_id, "update", "guardian_prep",
                                         BP_FI_GUARDIAN_PREP_ANSWERS, &v, errs, "guardian_prep")) != BP_OK)
        return rc;
    if ((rc = bp_guardian_prep_list(s, a, case_id, 0, &ps, &n)) != BP_OK)
        return rc;
    memset(&r, 0, sizeof(r));
    u.audit.action = "create";
    for (i = 0; i < n; i++)
        if (ps[i].p.guardian_id == v.who.guardian_id) {
            r = ps[i];
            u.audit.action = "update";
        }
    if (r.p.done) {
        bp_field_errors_add(errs, "guardian_prep", "prep_done");
        return BP_ERR_CONFLICT;
    }
    memset(&own, 0, sizeof(own)); /* only the answers are the guardian's; the rest is the professional's */
    own.guardian_id = bp_arena_printf(a, "%lld", (long long)v.who.guardian_id);
    for (i = 0; i < BP_PREP_QUESTIONS; i++)
        own.answers[i] = in->answers[i];
    if ((rc = bp_guardian_prep_validate(&own, v.guardians, v.n_guardians, actor->user->id,
                                        bp_actor_today(actor), &typed, errs, &warns)) != BP_OK)
        return rc;
    if (!r.p.id) {
        r.p.case_id = case_id;
        r.p.guardian_id = typed.guardian_id;
        r.p.prepared_by = actor->user->id;
        r.created_at = r.updated_at = actor->now;
    }
    bp_guardian_prep_take_own(&r.p, &typed);
    g = bp_guardian_find(v.guardians, v.n_guardians, r.p.guardian_id);
    if ((rc = bp_unit_begin(&u)) != BP_OK)
        return rc;
    if ((rc = bp_guardian_prep_save(s, &r)) == BP_OK)
        rc = bp_guardian_prep_online(s, r.p.id, actor->now);
    bp_unit_event(&u, 0, "guardian_prep_online", g ? g->name : ""); /* whose, never what */
    return bp_unit_finish(&u, rc);
}
