/* plan.c: the plan's use cases (V-7.x, K-7.x, V-0.5, V-6.9, V-8a.2-V-8a.5, K-8.1): read it, write its
 * parts, finish and sign it, and the pending decisions. Access is the case's one rule with FULL access
 * (bp_app_case_access): the plan is shared information. Each write, its timeline event, its
 * notifications and its audit entry are one transaction. Must not hold the plan's rules (domain/plan.c)
 * or any text users see. */
#include "app/app_impl.h"
#include "domain/followup.h"
#include "domain/checks.h"
#include "domain/tasks.h"

/* What every plan use case loads: the case under the access rule, the family and the newest version. */
struct plan_ctx {
    struct bp_unit u; /* u.ca: the case as the access check loaded it; u.audit: the entry */
    struct bp_guardian *guardians;
    size_t n_guardians;
    struct bp_plan plan;
    struct bp_plan_parts parts;
    struct bp_plan_ctx rules;
};

/* What a case without a plan has: an empty draft version 1 of the case's kind, not stored (id 0). */
static void empty_draft(struct plan_ctx *pc)
{
    memset(&pc->plan, 0, sizeof(pc->plan));
    memset(&pc->parts, 0, sizeof(pc->parts));
    pc->plan.case_id = pc->u.ca.kase.id;
    pc->plan.version = 1;
    pc->plan.status = BP_PLAN_DRAFT;
    pc->plan.kind = pc->u.ca.kase.plan_kind;
    pc->plan.followup_minute = -1;
}

/* Stores draft version 1 of the case's plan with its event ("plan_opened"), in the unit's transaction:
 * the plan exists from the first change someone makes to it, never from a read. */
static enum bp_err create_first(struct plan_ctx *pc)
{
    enum bp_err rc;
    empty_draft(pc);
    if ((rc = bp_plan_add(pc->u.s, &pc->plan, pc->u.actor->now)) != BP_OK)
        return rc;
    bp_unit_event(&pc->u, pc->u.ca.d.via_org_id, "plan_opened", NULL);
    return BP_OK;
}

/* The child's guardians and what the plan's rules need to know of the case. */
static enum bp_err load_family(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                               struct plan_ctx *pc)
{
    const struct bp_case_access *ca = &pc->u.ca;
    enum bp_err rc = bp_guardian_list(s, a, ca->kase.child_id, &pc->guardians, &pc->n_guardians);
    pc->rules = (struct bp_plan_ctx){ca->kase.model, bp_actor_today(actor), ca->orgs,
                                     ca->n_orgs,     pc->guardians,         pc->n_guardians};
    return rc;
}

/* Loads the case (FULL access) and its family for a read; pc->u.audit is the read's entry (or the
 * denial's), which the caller commits. */
static enum bp_err open_read(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                             int64_t case_id, struct plan_ctx *pc)
{
    enum bp_err rc;
    memset(pc, 0, sizeof(*pc));
    if ((rc = bp_app_case_read(s, a, actor, case_id, "plan", BP_ACCESS_FULL, &pc->u.ca, &pc->u.audit)) !=
        BP_OK)
        return rc;
    pc->u.audit.detail = "";
    return load_family(s, a, actor, pc);
}

static enum bp_err load_plan(struct bp_store *s, struct bp_arena *a, struct plan_ctx *pc)
{
    enum bp_err rc = bp_plan_current(s, a, pc->u.ca.kase.id, &pc->plan);
    if (rc != BP_OK)
        return rc;
    return bp_plan_parts_get(s, a, pc->plan.id, &pc->parts);
}

/* Opens the case (the unit of work, app/unit.c) and the plan for a write, and begins the transaction
 * (making version 1 if needed). On BP_OK the caller ends with bp_unit_finish(&pc->u, rc). */
static enum bp_err open_change(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                               int64_t case_id, const char *action, const char *detail, struct plan_ctx *pc,
                               struct bp_field_errors *errs)
{
    enum bp_err rc;
    memset(pc, 0, sizeof(*pc));
    if ((rc = bp_unit_open_change(&pc->u, s, a, actor, case_id, action, "plan", BP_ACCESS_FULL, errs,
                                  "plan")) != BP_OK)
        return rc; /* a refusal is on record (V-2.6) */
    pc->u.audit.detail = detail;
    return load_family(s, a, actor, pc);
}

/* Begins the transaction of a change opened by open_change and loads the newest version. */
static enum bp_err begin_write(struct bp_store *s, struct bp_arena *a, struct plan_ctx *pc)
{
    enum bp_err rc;
    if ((rc = bp_unit_begin(&pc->u)) != BP_OK)
        return rc;
    rc = load_plan(s, a, pc);
    if (rc == BP_ERR_NOT_FOUND && (rc = create_first(pc)) == BP_ERR_CONFLICT) {
        /* another first write made version 1 at the same moment (PostgreSQL): work on that one */
        (void)bp_unit_finish(&pc->u, rc);
        if ((rc = bp_unit_begin(&pc->u)) != BP_OK)
            return rc;
        rc = load_plan(s, a, pc);
    }
    return rc == BP_OK ? BP_OK : bp_unit_finish(&pc->u, rc);
}

static enum bp_err open_for_write(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                  int64_t case_id, const char *action, const char *detail,
                                  struct plan_ctx *pc, struct bp_field_errors *errs)
{
    enum bp_err rc = open_change(s, a, actor, case_id, action, detail, pc, errs);
    return rc != BP_OK ? rc : begin_write(s, a, pc);
}

/* Only a draft is edited (V-10.6: a finished plan changes through a new version). */
static bool draft_or_conflict(const struct plan_ctx *pc, struct bp_field_errors *errs)
{
    if (bp_plan_editable(&pc->plan))
        return true;
    bp_field_errors_add(errs, "plan.status", "not_draft");
    return false;
}

/* A version holds at most BP_MAX_GOALS goals, BP_MAX_INTERVENTIONS interventions, ... */
static enum bp_err too_many(struct bp_field_errors *errs, const char *field)
{
    bp_field_errors_add(errs, field, "too_many");
    return BP_ERR_INVALID;
}

/* A user id given in a form must name a user. */
static enum bp_err check_user(struct bp_store *s, struct bp_arena *a, int64_t id, const char *field,
                              struct bp_field_errors *errs)
{
    struct bp_user u;
    enum bp_err rc;
    if (!id)
        return BP_OK;
    rc = bp_user_get(s, a, id, &u);
    if (rc == BP_ERR_NOT_FOUND) {
        bp_field_errors_add(errs, field, "choice");
        return BP_OK;
    }
    return rc;
}

/* ---- reading ---- */

/* The version in force (V-10.6: the newest finished one, also while a new draft is written) into *p, when
 * pc's newest version is a draft that follows one. */
static enum bp_err version_in_force(struct bp_store *s, struct bp_arena *a, const struct plan_ctx *pc,
                                    struct bp_plan *p)
{
    *p = pc->plan;
    if (pc->plan.status != BP_PLAN_DRAFT || pc->plan.version < 2)
        return BP_OK;
    return bp_plan_get_version(s, a, pc->plan.case_id, pc->plan.version - 1, p);
}

/* V-8a.2: the invitees of the meeting where version p was made (bp_plan_made_at): its other adults are
 * asked to sign too. Only the plan's pages pay these reads, never the case page. */
static enum bp_err made_at_invitees(struct bp_store *s, struct bp_arena *a, int64_t case_id,
                                    const struct bp_plan *p, struct bp_invitee **out, size_t *n)
{
    struct bp_meeting *ms;
    struct bp_followup *fs = NULL;
    size_t n_ms, n_fs = 0;
    int64_t meeting_id;
    enum bp_err rc = bp_meeting_list(s, a, case_id, &ms, &n_ms);
    *out = NULL;
    *n = 0;
    if (rc == BP_OK && p->version > 1) /* a carried-over version was made at its follow-up (V-10.6) */
        rc = bp_followup_list(s, a, case_id, &fs, &n_fs);
    if (rc != BP_OK || !(meeting_id = bp_plan_made_at(p->id, fs, n_fs, ms, n_ms)))
        return rc;
    return bp_invitee_list(s, a, meeting_id, out, n);
}

/* V-8a.2: the case's answers split into those to the version in force (its number in *version, 0 when no
 * version is finished yet) and those to older versions; and who is expected to answer the one in force,
 * each participating organisation named by its contact person in that version. */
static enum bp_err in_force(struct bp_store *s, struct bp_arena *a, const struct plan_ctx *pc,
                            struct bp_plan_view *out)
{
    struct bp_plan p;
    struct bp_plan_parts parts = pc->parts;
    struct bp_signature *all;
    struct bp_invitee *invitees = NULL;
    size_t n, i, n_invitees = 0;
    enum bp_err rc = version_in_force(s, a, pc, &p);
    if (rc != BP_OK || (rc = bp_signature_list(s, a, pc->u.ca.kase.id, &all, &n)) != BP_OK)
        return rc;
    out->signing_version = p.status != BP_PLAN_DRAFT ? p.version : 0;
    if (p.id != pc->plan.id && (rc = bp_plan_parts_get(s, a, p.id, &parts)) != BP_OK)
        return rc;
    for (i = 0; i < n && all[i].version < out->signing_version; i++)
        ;
    out->earlier_signatures = all;
    out->n_earlier_signatures = i;
    out->signatures = all + i;
    out->n_signatures = out->signing_version ? n - i : 0;
    if (out->signing_version &&
        (rc = made_at_invitees(s, a, pc->u.ca.kase.id, &p, &invitees, &n_invitees)) != BP_OK)
        return rc;
    if (out->signing_version)
        out->n_signers = bp_signers_expected(a, &pc->rules, parts.contacts, parts.n_contacts, invitees,
                                             n_invitees, out->signatures, out->n_signatures, &out->signers);
    return BP_OK;
}

/* V-10.7: the draft's coordinating organisations that did not coordinate the version before it and have
 * not accepted yet (none for version 1, whose coordinator is chosen at the meeting). */
static enum bp_err coordination_pending(struct bp_store *s, struct bp_arena *a, const struct bp_plan *draft,
                                        int64_t *out, size_t *n)
{
    struct bp_plan before;
    int64_t *accepted;
    size_t n_accepted;
    enum bp_err rc;
    *n = 0;
    if (draft->status != BP_PLAN_DRAFT || draft->version < 2 || !draft->id)
        return BP_OK;
    if ((rc = bp_plan_get_version(s, a, draft->case_id, draft->version - 1, &before)) != BP_OK ||
        (rc = bp_coordination_accepted(s, a, draft->id, &accepted, &n_accepted)) != BP_OK)
        return rc;
    *n = bp_coordination_pending(draft, &before, accepted, n_accepted, out, BP_MAX_COORDINATORS);
    return BP_OK;
}

enum bp_err bp_uc_plan_view(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                            int64_t case_id, struct bp_plan_view *out, struct bp_audit *audit)
{
    struct plan_ctx pc;
    struct bp_progress *progress = NULL;
    size_t i, n_progress = 0;
    enum bp_err rc;

    memset(out, 0, sizeof(*out));
    rc = open_read(s, a, actor, case_id, &pc);
    *audit = pc.u.audit; /* the caller commits it, a denial too, before it answers */
    if (rc != BP_OK)
        return rc;
    rc = load_plan(s, a, &pc);
    if (rc == BP_ERR_NOT_FOUND && pc.u.ca.kase.status == BP_CASE_OPEN) {
        /* GET never writes: an open case without a plan shows the empty draft its first write will store */
        empty_draft(&pc);
        rc = BP_OK;
    }
    if (rc != BP_OK)
        return rc;
    out->kase = pc.u.ca.kase;
    out->guardians = pc.guardians;
    out->n_guardians = pc.n_guardians;
    out->plan = pc.plan;
    out->parts = pc.parts;
    out->via_org_id = pc.u.ca.d.via_org_id;
    if ((rc = bp_child_get(s, a, pc.u.ca.kase.child_id, &out->child)) != BP_OK ||
        (rc = bp_decision_list(s, a, case_id, &out->decisions, &out->n_decisions)) != BP_OK ||
        (rc = in_force(s, a, &pc, out)) != BP_OK ||
        (rc = bp_plan_versions(s, a, case_id, &out->versions, &out->n_versions)) != BP_OK ||
        (rc = coordination_pending(s, a, &pc.plan, out->coordination_pending,
                                   &out->n_coordination_pending)) != BP_OK ||
        (rc = bp_app_plan_copies(s, a, &out->kase, out)) != BP_OK) /* V-8a.3, K-8.1 */
        return rc;
    if ((rc = bp_app_case_org_names(a, &pc.u.ca, &out->orgs, &out->n_orgs)) != BP_OK)
        return rc;
    if (pc.plan.id && (rc = bp_progress_list(s, a, case_id, &progress, &n_progress)) != BP_OK)
        return rc; /* V-9.1: how each intervention goes, shown beside it */
    out->may_edit_intervention = bp_arena_alloc(a, sizeof(bool) * (pc.parts.n_interventions + 1));
    // NOLINTNEXTLINE(bugprone-sizeof-expression): an array of pointers, one per intervention
    out->latest_progress = bp_arena_alloc(a, sizeof(*out->latest_progress) * (pc.parts.n_interventions + 1));
    for (i = 0; i < pc.parts.n_interventions; i++) {
        out->may_edit_intervention[i] = pc.u.ca.kase.status == BP_CASE_OPEN && bp_plan_editable(&pc.plan) &&
                                        bp_intervention_may_edit(actor->user, 0, &pc.parts.interventions[i]);
        out->latest_progress[i] =
            bp_progress_latest(progress, n_progress, pc.parts.interventions[i].origin_id);
    }
    return BP_OK;
}

/* ---- the shared parts ---- */

enum bp_err bp_uc_plan_save(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                            int64_t case_id, const struct bp_plan_input *in, struct bp_field_errors *errs)
{
    struct plan_ctx pc;
    struct bp_plan p;
    enum bp_err rc;

    if ((rc = open_for_write(s, a, actor, case_id, "update", "shared", &pc, errs)) != BP_OK)
        return rc;
    p = pc.plan;
    rc = bp_plan_validate(in, &pc.rules, &p, errs);
    if (rc == BP_OK || rc == BP_ERR_INVALID)
        rc = check_user(s, a, p.coordinator_user_id, "plan.coordinator_user_id", errs);
    if (rc == BP_OK && !draft_or_conflict(&pc, errs))
        rc = BP_ERR_CONFLICT;
    if (rc == BP_OK && errs->count)
        rc = BP_ERR_INVALID;
    if (rc == BP_OK)
        rc = bp_plan_update_shared(s, &p);
    bp_unit_event(&pc.u, pc.u.ca.d.via_org_id, "plan_updated", NULL);
    return bp_unit_finish(&pc.u, rc);
}

/* ---- goals and commitments (V-7.3): lists of the draft, saved and removed alike ---- */

/* The two lists, and what differs between them besides the record: the audit details, the timeline
 * events, the limit, where "too_many" goes, and the store's removal. */
enum part_list { GOALS, COMMITMENTS };
static const struct {
    const char *object, *saved_event, *removed_detail, *removed_event, *full_field;
    size_t max;
    enum bp_err (*drop)(struct bp_store *s, int64_t plan_id, int64_t id);
} lists[] = {
    [GOALS] = {"goal", "plan_goal_saved", "goal_removed", "plan_goal_removed", "goal.goal", BP_MAX_GOALS,
               bp_goal_delete},
    [COMMITMENTS] = {"commitment", "plan_commitment_saved", "commitment_removed", "plan_commitment_removed",
                     "commitment.what", BP_MAX_COMMITMENTS, bp_commitment_delete},
};

/* One part of either list, as it is validated and stored. */
union plan_part {
    struct bp_goal goal;
    struct bp_commitment commitment;
};

static size_t list_len(const struct plan_ctx *pc, enum part_list l)
{
    return l == GOALS ? pc->parts.n_goals : pc->parts.n_commitments;
}

static bool list_has(const struct plan_ctx *pc, enum part_list l, int64_t id)
{
    if (l == GOALS)
        return BP_FIND_ID(struct bp_goal, pc->parts.goals, pc->parts.n_goals, id, id) != NULL;
    return BP_FIND_ID(struct bp_commitment, pc->parts.commitments, pc->parts.n_commitments, id, id) != NULL;
}

/* The record's rules (domain/plan.c): in is the list's input struct. */
static enum bp_err validate_part(const struct plan_ctx *pc, enum part_list l, const void *in,
                                 union plan_part *p, struct bp_field_errors *errs)
{
    if (l == GOALS)
        return bp_goal_validate(in, pc->u.ca.kase.model, &p->goal, errs);
    return bp_commitment_validate(in, &pc->rules, pc->parts.goals, pc->parts.n_goals, &p->commitment, errs);
}

/* Adds the validated part (id 0) or updates part id of version plan_id; *saved_id is its id. */
static enum bp_err store_part(struct bp_store *s, enum part_list l, union plan_part *p, int64_t plan_id,
                              int64_t id, int64_t *saved_id)
{
    enum bp_err rc;
    if (l == GOALS) {
        p->goal.plan_id = plan_id;
        p->goal.id = id;
        rc = id ? bp_goal_update(s, &p->goal) : bp_goal_add(s, &p->goal);
        *saved_id = p->goal.id;
    } else {
        p->commitment.plan_id = plan_id;
        p->commitment.id = id;
        rc = id ? bp_commitment_update(s, &p->commitment) : bp_commitment_add(s, &p->commitment);
        *saved_id = p->commitment.id;
    }
    return rc;
}

/* Saves part part_id of the list (0: a new one) from in: it must be the plan's, the plan a draft, the
 * input valid, and a new part must fit. *id (when not NULL) is the saved part's. */
static enum bp_err save_part(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                             int64_t case_id, enum part_list l, int64_t part_id, const void *in, int64_t *id,
                             struct bp_field_errors *errs)
{
    union plan_part p;
    struct plan_ctx pc;
    int64_t saved_id = 0;
    enum bp_err rc;

    memset(&p, 0, sizeof(p));
    rc = open_for_write(s, a, actor, case_id, part_id ? "update" : "create", lists[l].object, &pc, errs);
    if (rc != BP_OK)
        return rc;
    if (part_id && !list_has(&pc, l, part_id))
        rc = BP_ERR_NOT_FOUND;
    else if (!draft_or_conflict(&pc, errs))
        rc = BP_ERR_CONFLICT;
    else if ((rc = validate_part(&pc, l, in, &p, errs)) == BP_OK && !part_id &&
             list_len(&pc, l) >= lists[l].max)
        rc = too_many(errs, lists[l].full_field);
    if (rc == BP_OK)
        rc = store_part(s, l, &p, pc.plan.id, part_id, &saved_id);
    bp_unit_event(&pc.u, pc.u.ca.d.via_org_id, lists[l].saved_event, NULL);
    if ((rc = bp_unit_finish(&pc.u, rc)) == BP_OK && id)
        *id = saved_id;
    return rc;
}

/* Removes the draft's part id of the list with its audit detail and timeline event. */
static enum bp_err remove_part(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                               int64_t case_id, enum part_list l, int64_t id, struct bp_field_errors *errs)
{
    struct plan_ctx pc;
    enum bp_err rc;
    if ((rc = open_for_write(s, a, actor, case_id, "update", lists[l].removed_detail, &pc, errs)) != BP_OK)
        return rc;
    if (!list_has(&pc, l, id))
        rc = BP_ERR_NOT_FOUND;
    else if (!draft_or_conflict(&pc, errs))
        rc = BP_ERR_CONFLICT;
    else
        rc = lists[l].drop(s, pc.plan.id, id);
    bp_unit_event(&pc.u, pc.u.ca.d.via_org_id, lists[l].removed_event, NULL);
    return bp_unit_finish(&pc.u, rc);
}

enum bp_err bp_uc_goal_save(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                            int64_t case_id, int64_t goal_id, const struct bp_goal_input *in, int64_t *id,
                            struct bp_field_errors *errs)
{
    return save_part(s, a, actor, case_id, GOALS, goal_id, in, id, errs);
}

enum bp_err bp_uc_goal_remove(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                              int64_t case_id, int64_t goal_id, struct bp_field_errors *errs)
{
    return remove_part(s, a, actor, case_id, GOALS, goal_id, errs);
}

enum bp_err bp_uc_commitment_save(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                  int64_t case_id, int64_t cm_id, const struct bp_commitment_input *in,
                                  int64_t *id, struct bp_field_errors *errs)
{
    return save_part(s, a, actor, case_id, COMMITMENTS, cm_id, in, id, errs);
}

enum bp_err bp_uc_commitment_remove(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                    int64_t case_id, int64_t cm_id, struct bp_field_errors *errs)
{
    return remove_part(s, a, actor, case_id, COMMITMENTS, cm_id, errs);
}

/* ---- interventions (V-7.2, V-8a.4) ---- */

static const struct bp_intervention *find_intervention(const struct plan_ctx *pc, int64_t id)
{
    return BP_FIND_ID(struct bp_intervention, pc->parts.interventions, pc->parts.n_interventions, id, id);
}

/* V-8a.4: another organisation's intervention. The write is rolled back and the attempt is audited as
 * denied. */
static enum bp_err not_own(struct plan_ctx *pc, struct bp_field_errors *errs)
{
    bp_field_errors_add(errs, "intervention.org_id", "not_own_org");
    return bp_unit_deny(&pc->u, "not_own_org");
}

enum bp_err bp_uc_intervention_save(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                    int64_t case_id, int64_t iv_id, const struct bp_intervention_input *in,
                                    int64_t *id, struct bp_field_errors *errs)
{
    const struct bp_intervention *old = NULL;
    struct bp_intervention iv;
    struct plan_ctx pc;
    enum bp_err rc;

    rc = open_for_write(s, a, actor, case_id, iv_id ? "update" : "create", "intervention", &pc, errs);
    if (rc != BP_OK)
        return rc;
    if (iv_id && !(old = find_intervention(&pc, iv_id))) {
        return bp_unit_finish(&pc.u, BP_ERR_NOT_FOUND);
    }
    if (old && !bp_intervention_may_edit(actor->user, 0, old))
        return not_own(&pc, errs);
    if (!draft_or_conflict(&pc, errs))
        return bp_unit_finish(&pc.u, BP_ERR_CONFLICT);
    rc = bp_intervention_validate(in, &pc.rules, pc.parts.goals, pc.parts.n_goals, &iv, errs);
    if (rc == BP_OK && !iv_id && pc.parts.n_interventions >= BP_MAX_INTERVENTIONS)
        rc = too_many(errs, "intervention.what");
    if (rc == BP_OK && !bp_intervention_may_edit(actor->user, 0, &iv)) /* added for, or moved to, another */
        return not_own(&pc, errs);
    if (rc == BP_OK || rc == BP_ERR_INVALID)
        rc = check_user(s, a, iv.contact_user_id, "intervention.contact_user_id", errs);
    if (rc == BP_OK && errs->count)
        rc = BP_ERR_INVALID;
    if (rc == BP_OK) {
        iv.plan_id = pc.plan.id;
        iv.id = iv_id;
        rc = iv_id ? bp_intervention_update(s, &iv) : bp_intervention_add(s, &iv);
    }
    bp_unit_event(&pc.u, iv.org_id, "plan_intervention_saved", NULL);
    if ((rc = bp_unit_finish(&pc.u, rc)) == BP_OK && id)
        *id = iv.id;
    return rc;
}

enum bp_err bp_uc_intervention_remove(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                      int64_t case_id, int64_t iv_id, struct bp_field_errors *errs)
{
    const struct bp_intervention *old;
    struct plan_ctx pc;
    enum bp_err rc;
    if ((rc = open_for_write(s, a, actor, case_id, "update", "intervention_removed", &pc, errs)) != BP_OK)
        return rc;
    if (!(old = find_intervention(&pc, iv_id))) {
        return bp_unit_finish(&pc.u, BP_ERR_NOT_FOUND);
    }
    if (!bp_intervention_may_edit(actor->user, 0, old))
        return not_own(&pc, errs);
    if (!draft_or_conflict(&pc, errs))
        rc = BP_ERR_CONFLICT;
    else
        rc = bp_intervention_delete(s, pc.plan.id, iv_id);
    bp_unit_event(&pc.u, old->org_id, "plan_intervention_removed", NULL);
    return bp_unit_finish(&pc.u, rc);
}

/* ---- contacts (V-7.6) ---- */

enum bp_err bp_uc_plan_contact_save(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                    int64_t case_id, const struct bp_plan_contact_input *in,
                                    struct bp_field_errors *errs)
{
    struct bp_plan_contact c = {0};
    struct plan_ctx pc;
    enum bp_err rc;
    if ((rc = open_for_write(s, a, actor, case_id, "update", "contact", &pc, errs)) != BP_OK)
        return rc;
    if (!draft_or_conflict(&pc, errs))
        return bp_unit_finish(&pc.u, BP_ERR_CONFLICT);
    c.org_id = bp_check_id(errs, "contact.org_id", in->org_id, true);
    if (c.org_id && !bp_id_in(pc.u.ca.orgs, pc.u.ca.n_orgs, c.org_id))
        bp_field_errors_add(errs, "contact.org_id", "not_participant");
    bp_check_text(errs, "contact.name", in->name, BP_MAX_NAME, true);
    bp_check_text(errs, "contact.phone", in->phone, BP_MAX_SHORT_TEXT, false);
    if (bp_check_text(errs, "contact.email", in->email, BP_MAX_SHORT_TEXT, false))
        bp_check_email(errs, "contact.email", in->email);
    c.name = in->name;
    c.phone = in->phone ? in->phone : "";
    c.email = in->email ? in->email : "";
    rc = errs->count ? BP_ERR_INVALID : bp_plan_contact_set(s, pc.plan.id, &c);
    bp_unit_event(&pc.u, c.org_id, "plan_contact_saved", NULL);
    return bp_unit_finish(&pc.u, rc);
}

/* ---- finishing and signing ---- */

enum bp_err bp_uc_plan_finish(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                              int64_t case_id, struct bp_field_errors *errs)
{
    struct plan_ctx pc;
    enum bp_err rc;
    if ((rc = open_for_write(s, a, actor, case_id, "update", "finish", &pc, errs)) != BP_OK)
        return rc;
    rc = bp_plan_check_finish(a, &pc.plan, &pc.parts, &pc.rules, errs);
    if (rc == BP_OK) { /* V-10.7: a new coordinating organisation has accepted */
        int64_t pending[BP_MAX_COORDINATORS];
        size_t n_pending;
        if ((rc = coordination_pending(s, a, &pc.plan, pending, &n_pending)) == BP_OK && n_pending) {
            bp_field_errors_add(errs, "plan.coordinator_orgs", "not_accepted");
            rc = BP_ERR_CONFLICT;
        }
    }
    if (rc == BP_OK) {
        pc.plan.status = BP_PLAN_FINISHED;
        pc.plan.finished_on = bp_actor_today(actor);
        pc.plan.finished_by = actor->user->id;
        if ((rc = bp_app_plan_content(a, &pc.plan, &pc.parts)) == BP_OK) /* V-10.6: frozen with its hash */
            rc = bp_plan_set_status(s, &pc.plan);
        if (rc == BP_OK) /* V-10.6: the version it follows is replaced now, not before */
            rc = bp_plan_replace_older(s, case_id, pc.plan.version);
        if (rc == BP_OK && pc.plan.version == 1) /* V-12.1, V-12.2: when the plan is made (a later version
                                                     is made at a follow-up, which offers it itself) */
            rc = bp_app_survey_offer(&pc.u, BP_SURVEY_AT_PLAN, pc.plan.version);
    }
    bp_unit_event(&pc.u, pc.u.ca.d.via_org_id, "plan_finished", NULL);
    bp_unit_notify(&pc.u, 0, "plan_finished"); /* K-8.1, V-8a.3: every participating party is told */
    return bp_unit_finish(&pc.u, rc);
}

/* The copy of goal `old` in the new draft (0 when it had none). */
static int64_t goal_copy(const struct bp_plan_parts *p, const int64_t *goal_ids, int64_t old)
{
    size_t j;
    for (j = 0; j < p->n_goals; j++)
        if (p->goals[j].id == old)
            return goal_ids[j];
    return 0;
}

/* The new draft's parts: a copy of the finished version's, the goals first, so that an intervention or a
 * commitment points at its goal's copy; an intervention whose review does not carry it over is left out
 * (V-10.6). In the caller's transaction. */
static enum bp_err copy_parts(struct bp_store *s, struct bp_arena *a, const struct bp_plan_parts *p,
                              int64_t plan_id, const struct bp_review *reviews, size_t n_reviews)
{
    int64_t *goal_ids = bp_arena_alloc(a, (p->n_goals + 1) * sizeof(*goal_ids));
    size_t i;
    enum bp_err rc = BP_OK;
    for (i = 0; i < p->n_goals && rc == BP_OK; i++) {
        struct bp_goal g = p->goals[i];
        g.plan_id = plan_id;
        rc = bp_goal_add(s, &g); /* a new row: bp_goal_add sets g.id */
        goal_ids[i] = g.id;
    }
    for (i = 0; i < p->n_interventions && rc == BP_OK; i++) {
        struct bp_intervention iv = p->interventions[i];
        if (!bp_review_carries(bp_review_of(reviews, n_reviews, iv.id)))
            continue;
        iv.plan_id = plan_id, iv.goal_id = goal_copy(p, goal_ids, iv.goal_id);
        rc = bp_intervention_add(s, &iv);
    }
    for (i = 0; i < p->n_commitments && rc == BP_OK; i++) {
        struct bp_commitment cm = p->commitments[i];
        cm.plan_id = plan_id, cm.goal_id = goal_copy(p, goal_ids, cm.goal_id);
        rc = bp_commitment_add(s, &cm);
    }
    for (i = 0; i < p->n_contacts && rc == BP_OK; i++)
        rc = bp_plan_contact_set(s, plan_id, &p->contacts[i]);
    return rc;
}

struct bp_plan bp_app_plan_next(const struct bp_plan *from, const char *kind)
{
    struct bp_plan next = *from;
    next.id = 0;
    next.version = from->version + 1;
    next.status = BP_PLAN_DRAFT;
    next.kind = kind; /* K-0.8: a SIP asked for since holds from the next version */
    next.finished_on = (struct bp_date){0};
    next.finished_by = 0;
    next.content = next.content_sha256 = NULL;
    return next;
}

enum bp_err bp_app_plan_store_copy(struct bp_store *s, struct bp_arena *a, struct bp_plan *next,
                                   const struct bp_plan_parts *parts, const struct bp_review *reviews,
                                   size_t n_reviews, int64_t now)
{
    enum bp_err rc = bp_plan_add(s, next, now);
    return rc == BP_OK ? copy_parts(s, a, parts, next->id, reviews, n_reviews) : rc;
}

enum bp_err bp_uc_plan_new_version(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                   int64_t case_id, int *version, struct bp_field_errors *errs)
{
    struct plan_ctx pc;
    struct bp_plan next;
    enum bp_err rc;
    if ((rc = open_for_write(s, a, actor, case_id, "create", "new_version", &pc, errs)) != BP_OK)
        return rc;
    if (pc.plan.status != BP_PLAN_FINISHED) { /* a draft is changed as it is; the first is made by a change */
        bp_field_errors_add(errs, "plan.status", "draft_exists");
        return bp_unit_finish(&pc.u, BP_ERR_CONFLICT);
    }
    next = bp_app_plan_next(&pc.plan, pc.u.ca.kase.plan_kind);
    if ((rc = bp_app_plan_store_copy(s, a, &next, &pc.parts, NULL, 0, actor->now)) == BP_OK)
        *version = next.version;
    bp_unit_event(&pc.u, pc.u.ca.d.via_org_id, "plan_new_version", NULL);
    return bp_unit_finish(&pc.u, rc);
}

/* The answers given to version `version` so far. */
static size_t answers_to(struct bp_signature *all, size_t n, int version, struct bp_signature **out)
{
    size_t i = 0, j;
    while (i < n && all[i].version != version)
        i++;
    for (j = i; j < n && all[j].version == version; j++)
        ;
    *out = all + i;
    return j - i;
}

/* V-8a.2: the answer checked against the version in force and the answers it has so far (pc->plan: the
 * newest version, loaded). */
static enum bp_err sign_check(struct plan_ctx *pc, const struct bp_signature_input *in,
                              struct bp_signature *sg, struct bp_field_errors *errs)
{
    struct bp_signature *all, *existing;
    struct bp_plan p;
    size_t n;
    enum bp_err rc = version_in_force(pc->u.s, pc->u.a, pc, &p); /* the finished one, while a draft follows */
    if (rc == BP_OK)
        rc = bp_signature_list(pc->u.s, pc->u.a, pc->u.ca.kase.id, &all, &n);
    if (rc != BP_OK)
        return rc;
    n = answers_to(all, n, p.version, &existing);
    return bp_signature_validate(in, &p, pc->plan.version, &pc->rules, pc->u.actor->user,
                                 pc->u.ca.d.via_org_id, existing, n, sg, errs);
}

enum bp_err bp_uc_plan_sign(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                            int64_t case_id, const struct bp_signature_input *in,
                            struct bp_field_errors *errs)
{
    struct bp_signature sg = {0};
    struct plan_ctx pc;
    bool self = in->kind && strcmp(in->kind, bp_signer_kind_codes[BP_SIGNER_PROFESSIONAL]) == 0;
    enum bp_err rc;
    if ((rc = open_change(s, a, actor, case_id, "update", "signature", &pc, errs)) != BP_OK)
        return rc;
    /* every mistake at once, before the password is tried */
    if ((rc = load_plan(s, a, &pc)) == BP_ERR_NOT_FOUND) {
        empty_draft(&pc);
        rc = BP_OK;
    }
    if (rc == BP_OK)
        rc = sign_check(&pc, in, &sg, errs);
    if (rc == BP_ERR_INVALID && self && (!in->password || !*in->password))
        bp_field_errors_add(errs, "signature.password", "required");
    if (rc != BP_OK)
        return rc;
    /* V-8a.2: a professional answers only after confirming who they are again; its own transaction, so
     * that a failure stays counted and on record whatever happens next */
    if (self &&
        (rc = bp_app_confirm_identity(s, a, actor, in->password, "signature.password", errs)) != BP_OK)
        return rc;
    if ((rc = begin_write(s, a, &pc)) != BP_OK)
        return rc;
    rc = sign_check(&pc, in, &sg, errs); /* again, in the transaction */
    if (rc == BP_OK) {
        struct bp_child child;
        if (sg.kind == BP_SIGNER_CHILD && !*sg.name &&
            (rc = bp_child_get(s, a, pc.u.ca.kase.child_id, &child)) == BP_OK)
            sg.name = bp_arena_printf(a, "%s %s", child.given_name, child.family_name);
    }
    if (rc == BP_OK)
        rc = bp_signature_add(s, &sg, actor->now);
    bp_unit_event(&pc.u, pc.u.ca.d.via_org_id,
                  sg.answer == BP_SIGN_DECLINED ? "plan_signature_declined" : "plan_signed", NULL);
    return bp_unit_finish(&pc.u, rc);
}

enum bp_err bp_uc_coordination_answer(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                      int64_t case_id, const char *answer, struct bp_field_errors *errs)
{
    int64_t pending[BP_MAX_COORDINATORS];
    struct plan_ctx pc;
    size_t n = 0, i;
    int code;
    enum bp_err rc;
    if ((rc = open_for_write(s, a, actor, case_id, "update", "coordination", &pc, errs)) != BP_OK)
        return rc;
    code = bp_check_code(errs, "coordination.answer", answer, bp_coordination_answer_codes,
                         BP_ARRAY_LEN(bp_coordination_answer_codes), -1);
    /* the organisations asked: the draft's new coordinators, whether they answered already or not */
    if (code >= 0 && pc.plan.status == BP_PLAN_DRAFT && pc.plan.version > 1) {
        struct bp_plan before;
        if ((rc = version_in_force(s, a, &pc, &before)) != BP_OK)
            return bp_unit_finish(&pc.u, rc);
        n = bp_coordination_pending(&pc.plan, &before, NULL, 0, pending, BP_ARRAY_LEN(pending));
    }
    for (i = 0; i < n && !bp_user_acts_for(actor->user, pc.u.ca.d.via_org_id, pending[i]); i++)
        ;
    if (code >= 0 && i == n)
        bp_field_errors_add(errs, "coordination.org", "not_asked");
    if (code < 0 || i == n)
        return bp_unit_finish(&pc.u, code < 0 ? BP_ERR_INVALID : BP_ERR_CONFLICT);
    rc = bp_coordination_answer(s, pc.plan.id, pending[i], code == 0, actor->user->id, actor->now);
    bp_unit_event(&pc.u, pending[i], code == 0 ? "coordination_accepted" : "coordination_declined", NULL);
    bp_unit_notify(&pc.u, 0, code == 0 ? "coordination_accepted" : "coordination_declined");
    return bp_unit_finish(&pc.u, rc);
}

/* ---- pending decisions (V-5.8, V-8a.5) ---- */

/* The meeting a pending decision came up at: the case's latest plan meeting that was not cancelled
 * (0: none). A read error counts as none: the decision is kept all the same. */
static int64_t latest_plan_meeting(struct bp_store *s, struct bp_arena *a, int64_t case_id)
{
    struct bp_meeting *ms;
    size_t n;
    return bp_meeting_list(s, a, case_id, &ms, &n) == BP_OK ? bp_meeting_latest_plan(ms, n) : 0;
}

enum bp_err bp_uc_decision_save(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                int64_t case_id, int64_t decision_id, const struct bp_decision_input *in,
                                int64_t *id, struct bp_field_errors *errs)
{
    struct bp_pending_decision d, *list, *old = NULL;
    struct plan_ctx pc;
    size_t n, i;
    enum bp_err rc;
    rc = open_for_write(s, a, actor, case_id, decision_id ? "update" : "create", "decision", &pc, errs);
    if (rc != BP_OK)
        return rc;
    if ((rc = bp_decision_list(s, a, case_id, &list, &n)) != BP_OK)
        return bp_unit_finish(&pc.u, rc);
    for (i = 0; i < n; i++)
        if (list[i].id == decision_id)
            old = &list[i];
    if (decision_id && !old)
        return bp_unit_finish(&pc.u, BP_ERR_NOT_FOUND);
    if (!decision_id && n >= BP_MAX_PENDING_DECISIONS) {
        bp_field_errors_add(errs, "decision.what", "too_many");
        return bp_unit_finish(&pc.u, BP_ERR_INVALID);
    }
    if (old && !in->what) { /* a decision taken: what it was about stays as it was */
        struct bp_decision_input merged = *in;
        char due[11];
        merged.what = old->what;
        merged.org_id = bp_arena_printf(a, "%lld", (long long)old->org_id);
        merged.user_id = old->user_id ? bp_arena_printf(a, "%lld", (long long)old->user_id) : NULL;
        merged.decider_name = old->decider_name;
        if (old->has_due) {
            bp_date_format(old->due_on, due);
            merged.due_on = bp_arena_strdup(a, due);
        }
        rc = bp_decision_validate(&merged, &pc.rules, &d, errs);
    } else {
        rc = bp_decision_validate(in, &pc.rules, &d, errs);
    }
    if (rc == BP_OK || rc == BP_ERR_INVALID)
        rc = check_user(s, a, d.user_id, "decision.user_id", errs);
    if (rc == BP_OK && errs->count)
        rc = BP_ERR_INVALID;
    if (rc == BP_OK) {
        d.case_id = case_id;
        d.id = decision_id;
        d.meeting_id = old ? old->meeting_id : latest_plan_meeting(s, a, case_id);
        rc = decision_id ? bp_decision_update(s, &d) : bp_decision_add(s, &d, actor->now);
    }
    bp_unit_event(&pc.u, d.org_id, d.status == BP_DECISION_DECIDED ? "decision_taken" : "decision_pending",
                  NULL);
    /* V-8a.5: everyone who attended the meeting hears as soon as the decision is taken; when no
     * attendance is recorded (no meeting yet), everyone involved in the case */
    if (rc == BP_OK && d.status == BP_DECISION_DECIDED && (!old || old->status != BP_DECISION_DECIDED)) {
        size_t told = 0;
        if (d.meeting_id)
            rc = bp_app_notify_attendees(s, a, actor, case_id, d.meeting_id, "decision_taken",
                                         "decision_taken_family", &told);
        if (rc == BP_OK && told == 0)
            bp_unit_notify(&pc.u, 0, "decision_taken");
    }
    if ((rc = bp_unit_finish(&pc.u, rc)) == BP_OK && id)
        *id = d.id;
    return rc;
}

/* ---- the parts, alike for the pages and the API ---- */

/* The part's use case behind the shared signature: the one place its input is turned back from void.
 * `call` is the use case's call, with `typed` the input; the parts saved whole leave id and new_id. */
// NOLINTNEXTLINE(bugprone-macro-parentheses): `type` names a struct tag, `call` is a call expression
#define PART_SAVE(name, type, call)                                                                          \
    static enum bp_err name(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,            \
                            int64_t case_id, int64_t id, const void *in, int64_t *new_id,                    \
                            struct bp_field_errors *errs)                                                    \
    {                                                                                                        \
        const struct type *typed = in;                                                                       \
        (void)id;                                                                                            \
        (void)new_id;                                                                                        \
        return call;                                                                                         \
    }
#define BY_ID(uc) uc(s, a, actor, case_id, id, typed, new_id, errs)
#define WHOLE(uc) uc(s, a, actor, case_id, typed, errs)
PART_SAVE(goal_save, bp_goal_input, BY_ID(bp_uc_goal_save))
PART_SAVE(intervention_save, bp_intervention_input, BY_ID(bp_uc_intervention_save))
PART_SAVE(commitment_save, bp_commitment_input, BY_ID(bp_uc_commitment_save))
PART_SAVE(decision_save, bp_decision_input, BY_ID(bp_uc_decision_save))
PART_SAVE(shared_save, bp_plan_input, WHOLE(bp_uc_plan_save))
PART_SAVE(contact_save, bp_plan_contact_input, WHOLE(bp_uc_plan_contact_save))
PART_SAVE(signature_save, bp_signature_input, WHOLE(bp_uc_plan_sign))
PART_SAVE(copy_save, bp_plan_copy_input, WHOLE(bp_uc_plan_copy_record))

#define PART(rec, input, save, remove, section, in_place)                                                    \
    {                                                                                                        \
        &(rec), sizeof(struct input), save, remove, section, in_place                                        \
    }
const struct bp_plan_part bp_plan_goal_part =
    PART(bp_record_goal, bp_goal_input, goal_save, bp_uc_goal_remove, "goals", false);
const struct bp_plan_part bp_plan_intervention_part =
    PART(bp_record_intervention, bp_intervention_input, intervention_save, bp_uc_intervention_remove,
         "interventions", false);
const struct bp_plan_part bp_plan_commitment_part =
    PART(bp_record_commitment, bp_commitment_input, commitment_save, bp_uc_commitment_remove, "commitments",
         false);
const struct bp_plan_part bp_plan_decision_part =
    PART(bp_record_decision, bp_decision_input, decision_save, NULL, "decisions", false);
const struct bp_plan_part bp_plan_shared_part =
    PART(bp_record_plan, bp_plan_input, shared_save, NULL, "coordination", true);
const struct bp_plan_part bp_plan_contact_part =
    PART(bp_record_contact, bp_plan_contact_input, contact_save, NULL, "contacts", true);
const struct bp_plan_part bp_plan_signature_part =
    PART(bp_record_signature, bp_signature_input, signature_save, NULL, "signatures", false);
const struct bp_plan_part bp_plan_copy_part =
    PART(bp_record_copy, bp_plan_copy_input, copy_save, NULL, "copies", false);

/* ---- the work list ---- */

enum bp_err bp_app_snapshot_coordination(struct bp_store *s, struct bp_arena *a,
                                         struct bp_case_snapshot *snap)
{
    int64_t *pending = bp_arena_alloc(a, BP_MAX_COORDINATORS * sizeof(*pending));
    enum bp_err rc = coordination_pending(s, a, snap->plan, pending, &snap->n_coordination_pending);
    snap->coordination_pending = pending;
    return rc;
}
