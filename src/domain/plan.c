/* plan.c: the plan's parts, the finishing check, edit and read rights, pending decisions and
 * signatures. Pure. */
#include "domain/plan.h"
#include "domain/forms.h"
#include "domain/checks.h"

/* Each model's slice of bp_area_codes. */
#define VB_FIRST BP_AREA_HEALTH
#define VB_COUNT (BP_AREA_SAFETY - BP_AREA_HEALTH + 1)
#define KB_FIRST BP_AREA_SAFE
#define KB_COUNT (BP_AREA_NURTURED - BP_AREA_SAFE + 1)

size_t bp_plan_areas(enum bp_model model, const char *const **codes)
{
    if (model == BP_MODEL_KRONOBERG) {
        *codes = &bp_area_codes[KB_FIRST]; /* Barnets bästa-hjulet */
        return KB_COUNT;
    }
    *codes = &bp_area_codes[VB_FIRST]; /* V-0.5: hälsa, lärande, trygghet */
    return VB_COUNT;
}

bool bp_plan_area_allowed(enum bp_model model, const char *code)
{
    const char *const *codes;
    size_t n = bp_plan_areas(model, &codes);
    return bp_code_find(codes, n, code) >= 0;
}

bool bp_plan_kind_allowed(enum bp_model model, const char *kind)
{
    if (!kind)
        return false;
    return strcmp(kind, bp_plan_kind_for(model, false)) == 0 ||
           strcmp(kind, bp_plan_kind_for(model, true)) == 0;
}

static bool is_goal(const struct bp_goal *goals, size_t n, int64_t id)
{
    size_t i;
    for (i = 0; i < n; i++)
        if (goals[i].id == id)
            return true;
    return false;
}

/* ---- the forms ---- */

enum bp_err bp_plan_validate(const struct bp_plan_input *in, const struct bp_plan_ctx *ctx,
                             struct bp_plan *out, struct bp_field_errors *errs)
{
    size_t i;
    errs->count = 0;
    /* V-7.4: one coordinating organisation, or several sharing it */
    out->n_coordinator_orgs = 0;
    if (in->n_coordinator_orgs > BP_MAX_COORDINATORS)
        bp_field_errors_add(errs, "plan.coordinator_orgs", "too_many");
    for (i = 0; i < in->n_coordinator_orgs && i < BP_MAX_COORDINATORS; i++) {
        int64_t org;
        if (bp_text_empty(in->coordinator_orgs[i]))
            continue;
        org = bp_check_id(errs, "plan.coordinator_orgs", in->coordinator_orgs[i], false);
        if (!org)
            continue;
        if (!bp_id_in(ctx->case_orgs, ctx->n_case_orgs, org))
            bp_field_errors_add(errs, "plan.coordinator_orgs", "not_participant");
        else if (!bp_id_in(out->coordinator_orgs, out->n_coordinator_orgs, org))
            out->coordinator_orgs[out->n_coordinator_orgs++] = org;
    }
    out->coordinator_user_id = bp_check_id(errs, "plan.coordinator_user_id", in->coordinator_user_id, false);
    /* the texts (V-7.5, V-7.7, V-6.9): within their limits; bp_plan_check_finish asks for what is missing */
    bp_record_copy_texts(&bp_record_plan, in, out, false, errs);

    /* V-7.7: when, where and who of the follow-up meeting */
    out->has_followup =
        bp_check_date(errs, "plan.followup_on", in->followup_on, false, NULL, &out->followup_on);
    if (out->has_followup && bp_day(out->followup_on) < bp_day(ctx->today)) {
        bp_field_errors_add(errs, "plan.followup_on", "past");
        out->has_followup = false;
    }
    out->followup_minute = -1;
    if (!bp_text_empty(in->followup_time) && !bp_clock_parse(in->followup_time, &out->followup_minute)) {
        bp_field_errors_add(errs, "plan.followup_time", "time");
        out->followup_minute = -1;
    }
    return errs->count ? BP_ERR_INVALID : BP_OK;
}

enum bp_err bp_goal_validate(const struct bp_goal_input *in, enum bp_model model, struct bp_goal *out,
                             struct bp_field_errors *errs)
{
    memset(out, 0, sizeof(*out));
    errs->count = 0;
    if (bp_text_empty(in->area))
        bp_field_errors_add(errs, "goal.area", "required");
    else if (BP_CODE_FIND(bp_area_codes, in->area) < 0)
        bp_field_errors_add(errs, "goal.area", "choice");
    else if (!bp_plan_area_allowed(model, in->area))
        bp_field_errors_add(errs, "goal.area", "area_model");           /* V-0.5 / the wellbeing wheel */
    bp_check_text(errs, "goal.need", in->need, BP_MAX_LONG_TEXT, true); /* V-7.1 */
    bp_check_text(errs, "goal.goal", in->goal, BP_MAX_LONG_TEXT, true);
    out->area = bp_text_or_empty(in->area);
    out->need = bp_text_or_empty(in->need);
    out->goal = bp_text_or_empty(in->goal);
    return errs->count ? BP_ERR_INVALID : BP_OK;
}

static int64_t goal_ref(struct bp_field_errors *e, const char *field, const char *v,
                        const struct bp_goal *goals, size_t n_goals)
{
    int64_t id = bp_check_id(e, field, v, false);
    if (id && !is_goal(goals, n_goals, id)) {
        bp_field_errors_add(e, field, "choice");
        return 0;
    }
    return id;
}

enum bp_err bp_intervention_validate(const struct bp_intervention_input *in, const struct bp_plan_ctx *ctx,
                                     const struct bp_goal *goals, size_t n_goals, struct bp_intervention *out,
                                     struct bp_field_errors *errs)
{
    size_t i, given = 0;
    const char *org = NULL;
    bool start_ok;
    memset(out, 0, sizeof(*out));
    errs->count = 0;
    bp_check_text(errs, "intervention.what", in->what, BP_MAX_LONG_TEXT, true);
    out->what = bp_text_or_empty(in->what);

    /* V-7.2: exactly one responsible organisation */
    for (i = 0; i < in->n_org_ids && i < BP_MAX_INTERVENTION_ORGS; i++) {
        if (!bp_text_empty(in->org_ids[i])) {
            given++;
            org = in->org_ids[i];
        }
    }
    if (given > 1 || in->n_org_ids > BP_MAX_INTERVENTION_ORGS) {
        bp_field_errors_add(errs, "intervention.org_id", "one_org");
    } else if (given == 0) {
        bp_field_errors_add(errs, "intervention.org_id", "required");
    } else if ((out->org_id = bp_check_id(errs, "intervention.org_id", org, true)) &&
               !bp_id_in(ctx->case_orgs, ctx->n_case_orgs, out->org_id)) {
        bp_field_errors_add(errs, "intervention.org_id", "not_participant");
        out->org_id = 0;
    }

    out->contact_user_id = bp_check_id(errs, "intervention.contact_user_id", in->contact_user_id, false);
    bp_check_text(errs, "intervention.contact_name", in->contact_name, BP_MAX_NAME, false);
    out->contact_name = bp_text_or_empty(in->contact_name);
    /* V-0.5: when and at what level */
    start_ok = bp_check_date(errs, "intervention.starts_on", in->starts_on, true, NULL, &out->starts_on);
    out->has_end = bp_check_date(errs, "intervention.ends_on", in->ends_on, false, NULL, &out->ends_on);
    if (start_ok && out->has_end && bp_day(out->ends_on) < bp_day(out->starts_on))
        bp_field_errors_add(errs, "intervention.ends_on", "end_before_start");
    bp_check_text(errs, "intervention.level", in->level, BP_MAX_LONG_TEXT, true);
    out->level = bp_text_or_empty(in->level);
    out->goal_id = goal_ref(errs, "intervention.goal_id", in->goal_id, goals, n_goals);
    return errs->count ? BP_ERR_INVALID : BP_OK;
}

enum bp_err bp_commitment_validate(const struct bp_commitment_input *in, const struct bp_plan_ctx *ctx,
                                   const struct bp_goal *goals, size_t n_goals, struct bp_commitment *out,
                                   struct bp_field_errors *errs)
{
    int who;
    memset(out, 0, sizeof(*out));
    errs->count = 0;
    who = bp_check_code(errs, "commitment.who", in->who, bp_committer_codes, BP_COMMITTER_COUNT, -1);
    out->who = who < 0 ? BP_COMMIT_OTHER : (enum bp_committer)who;
    out->name = bp_text_or_empty(in->name);
    if (who == BP_COMMIT_GUARDIAN) {
        const struct bp_guardian *g = bp_check_guardian(errs, "commitment.guardian_id", in->guardian_id,
                                                        ctx->guardians, ctx->n_guardians, &out->guardian_id);
        if (g)
            out->name = bp_text_or_empty(g->name);
        else
            out->guardian_id = 0;
    } else if (who == BP_COMMIT_OTHER) {
        bp_check_text(errs, "commitment.name", in->name, BP_MAX_NAME, true);
    }
    bp_check_text(errs, "commitment.what", in->what, BP_MAX_LONG_TEXT, true); /* V-7.3 */
    out->what = bp_text_or_empty(in->what);
    out->goal_id = goal_ref(errs, "commitment.goal_id", in->goal_id, goals, n_goals);
    return errs->count ? BP_ERR_INVALID : BP_OK;
}

/* ---- finishing ---- */

static const char *item(struct bp_arena *a, const char *list, size_t i, const char *name)
{
    return bp_arena_printf(a, "%s.%zu.%s", list, i, name);
}

static void finish_goals(struct bp_arena *a, const struct bp_plan_parts *p, const struct bp_plan_ctx *ctx,
                         struct bp_field_errors *e)
{
    size_t i;
    if (p->n_goals == 0)
        bp_field_errors_add(e, "plan.goals", "goal_required"); /* V-7.1 */
    for (i = 0; i < p->n_goals; i++) {
        if (!bp_plan_area_allowed(ctx->model, p->goals[i].area))
            bp_field_errors_add(e, item(a, "goals", i, "area"), "area_model");
        bp_check_text(e, item(a, "goals", i, "need"), p->goals[i].need, BP_MAX_LONG_TEXT, true);
        bp_check_text(e, item(a, "goals", i, "goal"), p->goals[i].goal, BP_MAX_LONG_TEXT, true);
    }
}

static void finish_interventions(struct bp_arena *a, const struct bp_plan_parts *p,
                                 const struct bp_plan_ctx *ctx, struct bp_field_errors *e)
{
    size_t i;
    if (p->n_interventions == 0)
        bp_field_errors_add(e, "plan.interventions", "intervention_required"); /* V-7.2 */
    for (i = 0; i < p->n_interventions; i++) {
        const struct bp_intervention *iv = &p->interventions[i];
        /* V-7.2: exactly one responsible organisation, and one that takes part in the case */
        if (iv->org_id <= 0)
            bp_field_errors_add(e, item(a, "interventions", i, "org_id"), "required");
        else if (!bp_id_in(ctx->case_orgs, ctx->n_case_orgs, iv->org_id))
            bp_field_errors_add(e, item(a, "interventions", i, "org_id"), "not_participant");
        bp_check_text(e, item(a, "interventions", i, "what"), iv->what, BP_MAX_LONG_TEXT, true);
        bp_check_text(e, item(a, "interventions", i, "level"), iv->level, BP_MAX_LONG_TEXT, true); /* V-0.5 */
        if (!bp_date_valid(iv->starts_on.y, iv->starts_on.m, iv->starts_on.d))
            bp_field_errors_add(e, item(a, "interventions", i, "starts_on"), "required");
        else if (iv->has_end && (!bp_date_valid(iv->ends_on.y, iv->ends_on.m, iv->ends_on.d) ||
                                 bp_day(iv->ends_on) < bp_day(iv->starts_on)))
            bp_field_errors_add(e, item(a, "interventions", i, "ends_on"), "end_before_start");
        if (iv->goal_id && !is_goal(p->goals, p->n_goals, iv->goal_id))
            bp_field_errors_add(e, item(a, "interventions", i, "goal_id"), "choice");
    }
}

static void finish_commitments(struct bp_arena *a, const struct bp_plan_parts *p,
                               const struct bp_plan_ctx *ctx, struct bp_field_errors *e)
{
    size_t i;
    for (i = 0; i < p->n_commitments; i++) {
        const struct bp_commitment *c = &p->commitments[i];
        bp_check_text(e, item(a, "commitments", i, "what"), c->what, BP_MAX_LONG_TEXT, true); /* V-7.3 */
        if (c->who == BP_COMMIT_GUARDIAN &&
            !bp_guardian_find(ctx->guardians, ctx->n_guardians, c->guardian_id))
            bp_field_errors_add(e, item(a, "commitments", i, "guardian_id"), "not_guardian");
    }
}

static void finish_coordination(struct bp_arena *a, const struct bp_plan *plan, const struct bp_plan_parts *p,
                                const struct bp_plan_ctx *ctx, struct bp_field_errors *e)
{
    size_t i, j;
    /* V-7.4: at least one coordinating organisation, each taking part */
    if (plan->n_coordinator_orgs == 0)
        bp_field_errors_add(e, "plan.coordinator_orgs", "required");
    for (i = 0; i < plan->n_coordinator_orgs && i < BP_MAX_COORDINATORS; i++) {
        if (!bp_id_in(ctx->case_orgs, ctx->n_case_orgs, plan->coordinator_orgs[i])) {
            bp_field_errors_add(e, "plan.coordinator_orgs", "not_participant");
            break;
        }
    }
    /* K-7.1, K-7.2: Kronoberg names the samverkansansvarig, the plan's contact person */
    if (ctx->model == BP_MODEL_KRONOBERG && bp_text_empty(plan->coordinator_name))
        bp_field_errors_add(e, "plan.coordinator_name", "coordinator_person");
    bp_check_text(e, "plan.contact_if_fails", plan->contact_if_fails, BP_MAX_LONG_TEXT, true); /* V-7.5 */
    /* V-7.6: a contact person in every participating organisation */
    for (i = 0; i < ctx->n_case_orgs; i++) {
        bool found = false;
        for (j = 0; j < p->n_contacts && !found; j++)
            found = p->contacts[j].org_id == ctx->case_orgs[i] && !bp_text_empty(p->contacts[j].name);
        if (!found)
            bp_field_errors_add(e, bp_arena_printf(a, "contacts.%lld.name", (long long)ctx->case_orgs[i]),
                                "contact_required");
    }
}

enum bp_err bp_plan_check_finish(struct bp_arena *a, const struct bp_plan *plan,
                                 const struct bp_plan_parts *parts, const struct bp_plan_ctx *ctx,
                                 struct bp_field_errors *errs)
{
    errs->count = 0;
    if (plan->status != BP_PLAN_DRAFT)
        bp_field_errors_add(errs, "plan.status", "not_draft");
    if (!bp_plan_kind_allowed(ctx->model, plan->kind))
        bp_field_errors_add(errs, "plan.kind", "choice"); /* K-0.8 */
    finish_goals(a, parts, ctx, errs);
    finish_interventions(a, parts, ctx, errs);
    finish_commitments(a, parts, ctx, errs);
    finish_coordination(a, plan, parts, ctx, errs);
    /* V-7.7: the follow-up's time, place and participants are decided when the plan is made */
    if (!plan->has_followup || !bp_date_valid(plan->followup_on.y, plan->followup_on.m, plan->followup_on.d))
        bp_field_errors_add(errs, "plan.followup_on", "required");
    else if (bp_day(plan->followup_on) < bp_day(ctx->today))
        bp_field_errors_add(errs, "plan.followup_on", "past");
    bp_check_text(errs, "plan.followup_place", plan->followup_place, BP_MAX_SHORT_TEXT, true);
    bp_check_text(errs, "plan.followup_participants", plan->followup_participants, BP_MAX_LONG_TEXT, true);
    bp_check_text(errs, "plan.summary", plan->summary, BP_MAX_LONG_TEXT, true); /* V-6.9 */
    return errs->count ? BP_ERR_INVALID : BP_OK;
}

/* ---- who may do what ---- */

bool bp_plan_editable(const struct bp_plan *plan)
{
    return plan && plan->status == BP_PLAN_DRAFT;
}

bool bp_intervention_may_edit(const struct bp_user *user, int64_t acting_org_id,
                              const struct bp_intervention *iv)
{
    return iv && bp_user_acts_for(user, acting_org_id, iv->org_id); /* V-8a.4 */
}

static bool participant(const struct bp_user *user, int64_t acting_org_id, const int64_t *case_orgs, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++)
        if (bp_user_acts_for(user, acting_org_id, case_orgs[i]))
            return true;
    return false;
}

bool bp_plan_may_edit_shared(const struct bp_user *user, int64_t acting_org_id, const int64_t *case_orgs,
                             size_t n_case_orgs, bool consent_ok)
{
    return consent_ok && participant(user, acting_org_id, case_orgs, n_case_orgs);
}

bool bp_plan_may_read(const struct bp_user *user, int64_t acting_org_id, const int64_t *case_orgs,
                      size_t n_case_orgs, bool consent_ok)
{
    return consent_ok && participant(user, acting_org_id, case_orgs, n_case_orgs); /* K-7.3, V-2.6 */
}

/* ---- pending decisions ---- */

enum bp_err bp_decision_validate(const struct bp_decision_input *in, const struct bp_plan_ctx *ctx,
                                 struct bp_pending_decision *out, struct bp_field_errors *errs)
{
    int status;
    memset(out, 0, sizeof(*out));
    errs->count = 0;
    bp_check_text(errs, "decision.what", in->what, BP_MAX_LONG_TEXT, true); /* V-5.8 */
    out->what = bp_text_or_empty(in->what);
    out->org_id = bp_check_id(errs, "decision.org_id", in->org_id, true);
    if (out->org_id && !bp_id_in(ctx->case_orgs, ctx->n_case_orgs, out->org_id)) {
        bp_field_errors_add(errs, "decision.org_id", "not_participant");
        out->org_id = 0;
    }
    out->user_id = bp_check_id(errs, "decision.user_id", in->user_id, false);
    bp_check_text(errs, "decision.decider_name", in->decider_name, BP_MAX_NAME, false);
    out->decider_name = bp_text_or_empty(in->decider_name);
    out->has_due = bp_check_date(errs, "decision.due_on", in->due_on, false, NULL, &out->due_on);
    status = bp_check_code(errs, "decision.status", in->status, bp_decision_status_codes,
                           BP_DECISION_STATUS_COUNT, BP_DECISION_PENDING);
    out->status = status < 0 ? BP_DECISION_PENDING : (enum bp_decision_status)status;
    out->outcome = bp_text_or_empty(in->outcome);
    if (status == BP_DECISION_DECIDED) {
        bp_check_text(errs, "decision.outcome", in->outcome, BP_MAX_LONG_TEXT, true); /* V-8a.5 */
        bp_check_date(errs, "decision.decided_on", in->decided_on, true, &ctx->today, &out->decided_on);
    } else {
        if (out->has_due && bp_day(out->due_on) < bp_day(ctx->today)) {
            bp_field_errors_add(errs, "decision.due_on", "past");
            out->has_due = false;
        }
        bp_check_text(errs, "decision.outcome", in->outcome, BP_MAX_LONG_TEXT, false);
    }
    return errs->count ? BP_ERR_INVALID : BP_OK;
}

size_t bp_decision_recipients(const struct bp_invitee *invitees, size_t n, size_t *out, size_t max)
{
    size_t i, count = 0;
    for (i = 0; i < n; i++) {
        if (invitees[i].attendance != BP_ATTEND_PRESENT && invitees[i].attendance != BP_ATTEND_SUBSTITUTE)
            continue;
        if (count < max)
            out[count] = i;
        count++;
    }
    return count;
}

/* ---- signatures ---- */

static bool same_signer(const struct bp_signature *a, const struct bp_signature *b)
{
    if (a->kind != b->kind)
        return false;
    switch (a->kind) {
    case BP_SIGNER_PROFESSIONAL:
        return a->user_id == b->user_id;
    case BP_SIGNER_GUARDIAN:
        return a->guardian_id == b->guardian_id;
    case BP_SIGNER_OTHER:
        return strcmp(a->name, b->name) == 0 && strcmp(a->role, b->role) == 0;
    default:
        return true; /* one child */
    }
}

static void signing_org(const struct bp_user *user, int64_t acting_org_id, const struct bp_plan_ctx *ctx,
                        struct bp_signature *out, struct bp_field_errors *e)
{
    int64_t org = acting_org_id;
    if (!org && user && user->n_orgs == 1)
        org = user->orgs[0].org_id;
    if (!bp_user_acts_for(user, 0, org))
        bp_field_errors_add(e, "signature.org_id", "not_member");
    else if (!bp_id_in(ctx->case_orgs, ctx->n_case_orgs, org))
        bp_field_errors_add(e, "signature.org_id", "not_participant");
    else
        out->org_id = org;
}

/* V-8a.2: the version one answers must be the finished one in force, named as such. */
static void check_version(const struct bp_signature_input *in, const struct bp_plan *plan, int newest,
                          struct bp_field_errors *errs)
{
    int64_t v = bp_check_id(errs, "signature.version", in->version, true);
    if (!v || plan->status != BP_PLAN_FINISHED || v == plan->version)
        return;
    if (v == newest)
        bp_field_errors_add(errs, "signature.version", "draft");
    else if (v < plan->version)
        bp_field_errors_add(errs, "signature.version", "replaced");
    else
        bp_field_errors_add(errs, "signature.version", "choice");
}

/* Who answers: the professional themselves (in the app), or someone recorded from paper. */
static void check_signer(const struct bp_signature_input *in, int kind, int method,
                         const struct bp_plan_ctx *ctx, const struct bp_user *user, int64_t acting_org_id,
                         struct bp_signature *out, struct bp_field_errors *errs)
{
    bool family = user && user->family_child_id; /* issue 10 item 7: a family member answers online */
    if (kind < 0)
        return;
    out->method = kind == BP_SIGNER_PROFESSIONAL || family ? BP_SIGN_APP : BP_SIGN_WET;
    if (method >= 0 && method != (int)out->method)
        bp_field_errors_add(errs, "signature.method", "choice");
    if (family &&
        (user->family_guardian_id ? kind != BP_SIGNER_GUARDIAN || !in->guardian_id ||
                                        strtoll(in->guardian_id, NULL, 10) != user->family_guardian_id
                                  : kind != BP_SIGNER_CHILD))
        bp_field_errors_add(errs, "signature.kind", "not_self"); /* a family member answers for themselves */
    if (kind == BP_SIGNER_PROFESSIONAL) {
        out->user_id = user ? user->id : 0;
        out->name = user ? bp_text_or_empty(user->display_name) : "";
        signing_org(user, acting_org_id, ctx, out, errs);
    } else if (kind == BP_SIGNER_GUARDIAN) {
        const struct bp_guardian *g = bp_check_guardian(errs, "signature.guardian_id", in->guardian_id,
                                                        ctx->guardians, ctx->n_guardians, &out->guardian_id);
        if (g)
            out->name = bp_text_or_empty(g->name);
    } else if (kind == BP_SIGNER_OTHER) {
        bp_check_text(errs, "signature.name", in->name, BP_MAX_NAME, true);
        bp_check_text(errs, "signature.role", in->role, BP_MAX_NAME, true);
        out->role = bp_text_or_empty(in->role);
    }
}

enum bp_err bp_signature_validate(const struct bp_signature_input *in, const struct bp_plan *plan, int newest,
                                  const struct bp_plan_ctx *ctx, const struct bp_user *user,
                                  int64_t acting_org_id, const struct bp_signature *existing,
                                  size_t n_existing, struct bp_signature *out, struct bp_field_errors *errs)
{
    int kind, method, answer;
    size_t i;
    memset(out, 0, sizeof(*out));
    errs->count = 0;
    out->plan_id = plan->id;
    out->version = plan->version;
    out->content_sha256 = bp_text_or_empty(plan->content_sha256);
    out->recorded_by = user ? user->id : 0;
    out->role = out->reason = "";
    if (plan->status != BP_PLAN_FINISHED)
        bp_field_errors_add(errs, "signature.plan", "not_finished");
    check_version(in, plan, newest, errs);
    kind = bp_check_code(errs, "signature.kind", in->kind, bp_signer_kind_codes, BP_SIGNER_KIND_COUNT, -1);
    method = in->method && *in->method ? bp_check_code(errs, "signature.method", in->method,
                                                       bp_sign_method_codes, BP_SIGN_METHOD_COUNT, -1)
                                       : -1;
    answer = bp_check_code(errs, "signature.answer", in->answer, bp_sign_answer_codes, BP_SIGN_ANSWER_COUNT,
                           BP_SIGN_SIGNED);
    out->kind = kind < 0 ? BP_SIGNER_CHILD : (enum bp_signer_kind)kind;
    out->answer = answer < 0 ? BP_SIGN_SIGNED : (enum bp_sign_answer)answer;
    out->name = bp_text_or_empty(in->name);
    bp_check_text(errs, "signature.name", in->name, BP_MAX_NAME, false);
    bp_check_text(errs, "signature.reason", in->reason, BP_MAX_LONG_TEXT, false);
    if (out->answer == BP_SIGN_DECLINED)
        out->reason = bp_text_or_empty(in->reason);
    check_signer(in, kind, method, ctx, user, acting_org_id, out, errs);
    bp_check_date(errs, "signature.signed_on", in->signed_on, true, &ctx->today, &out->signed_on);
    if (kind >= 0) {
        for (i = 0; i < n_existing; i++) {
            if (existing[i].version == plan->version && same_signer(&existing[i], out)) {
                bp_field_errors_add(errs, "signature.kind", "already_signed");
                break;
            }
        }
    }
    return errs->count ? BP_ERR_INVALID : BP_OK;
}

/* ---- copies (V-8a.3, K-8.1) ---- */

enum bp_err bp_plan_copy_validate(const struct bp_plan_copy_input *in, const struct bp_plan_ctx *ctx,
                                  const struct bp_plan *versions, size_t n_versions, struct bp_plan_copy *out,
                                  struct bp_field_errors *errs)
{
    int recipient, method;
    size_t i;
    memset(out, 0, sizeof(*out));
    errs->count = 0;
    out->version = bp_check_id(errs, "copy.version", in->version, true);
    for (i = 0; out->version && i < n_versions; i++)
        if (versions[i].version == out->version && versions[i].status != BP_PLAN_DRAFT)
            out->plan_id = versions[i].id;
    if (out->version && !out->plan_id) /* a draft is nobody's copy */
        bp_field_errors_add(errs, "copy.version", "choice");
    recipient = bp_check_code(errs, "copy.recipient", in->recipient, bp_copy_recipient_codes,
                              BP_COPY_RECIPIENT_COUNT, -1);
    method = bp_check_code(errs, "copy.method", in->method, bp_copy_method_codes, BP_COPY_METHOD_COUNT, -1);
    out->recipient = recipient < 0 ? BP_COPY_OTHER : (enum bp_copy_recipient)recipient;
    out->method = method < 0 ? BP_COPY_HANDED : (enum bp_copy_method)method;
    out->name = bp_text_or_empty(in->name);
    bp_check_text(errs, "copy.name", in->name, BP_MAX_NAME, recipient == BP_COPY_OTHER);
    if (recipient == BP_COPY_GUARDIAN) {
        const struct bp_guardian *g = bp_check_guardian(errs, "copy.guardian_id", in->guardian_id,
                                                        ctx->guardians, ctx->n_guardians, &out->guardian_id);
        if (g)
            out->name = bp_text_or_empty(g->name);
    }
    bp_check_date(errs, "copy.given_on", in->given_on, true, &ctx->today, &out->given_on);
    return errs->count ? BP_ERR_INVALID : BP_OK;
}

/* The first answer of `kind` not taken yet that is the participant's: the organisation's, the guardian's,
 * the other adult's by name (NULL: any other adult). */
static const struct bp_signature *take_answer(const struct bp_signature *answers, size_t n, bool *taken,
                                              enum bp_signer_kind kind, int64_t org_id, int64_t guardian_id,
                                              const char *name)
{
    size_t i;
    for (i = 0; i < n; i++) {
        const struct bp_signature *s = &answers[i];
        if (taken[i] || s->kind != kind || (kind == BP_SIGNER_PROFESSIONAL && s->org_id != org_id) ||
            (kind == BP_SIGNER_GUARDIAN && s->guardian_id != guardian_id) ||
            (kind == BP_SIGNER_OTHER && name && strcmp(bp_text_or_empty(s->name), name) != 0))
            continue;
        taken[i] = true;
        return s;
    }
    return NULL;
}

static bool invited_parent(const struct bp_invitee *invitees, size_t n, int64_t guardian_id)
{
    size_t i;
    for (i = 0; i < n; i++)
        if (invitees[i].kind == BP_INVITEE_GUARDIAN && invitees[i].guardian_id == guardian_id)
            return true;
    return false;
}

size_t bp_signers_expected(struct bp_arena *a, const struct bp_plan_ctx *ctx,
                           const struct bp_plan_contact *contacts, size_t n_contacts,
                           const struct bp_invitee *invitees, size_t n_invitees,
                           const struct bp_signature *answers, size_t n_answers, struct bp_signer_row **out)
{
    size_t cap = ctx->n_case_orgs + ctx->n_guardians + 1 + n_invitees + n_answers, n = 0, i, j;
    struct bp_signer_row *rows = bp_arena_alloc(a, cap * sizeof(*rows));
    bool *taken = bp_arena_alloc(a, (n_answers + 1) * sizeof(*taken)); /* zeroed */
    for (i = 0; i < ctx->n_case_orgs; i++) {
        int64_t org = ctx->case_orgs[i];
        const char *name = "";
        for (j = 0; j < n_contacts; j++)
            if (contacts[j].org_id == org)
                name = bp_text_or_empty(contacts[j].name);
        rows[n++] = (struct bp_signer_row){
            BP_SIGNER_PROFESSIONAL, org, 0, name,
            take_answer(answers, n_answers, taken, BP_SIGNER_PROFESSIONAL, org, 0, NULL)};
    }
    for (i = 0; i < ctx->n_guardians; i++) {
        const struct bp_guardian *g = &ctx->guardians[i];
        if (!bp_has_custody(g) && !invited_parent(invitees, n_invitees, g->id))
            continue; /* a parent without custody signs only the version made at a meeting they were invited
                         to */
        rows[n++] = (struct bp_signer_row){
            BP_SIGNER_GUARDIAN, 0, g->id, bp_text_or_empty(g->name),
            take_answer(answers, n_answers, taken, BP_SIGNER_GUARDIAN, 0, g->id, NULL)};
    }
    rows[n++] = (struct bp_signer_row){BP_SIGNER_CHILD, 0, 0, "",
                                       take_answer(answers, n_answers, taken, BP_SIGNER_CHILD, 0, 0, NULL)};
    for (i = 0; i < n_invitees; i++) { /* the other adults invited to the meeting, by name */
        const char *name = bp_text_or_empty(invitees[i].name);
        if (invitees[i].kind == BP_INVITEE_OTHER && *name)
            rows[n++] =
                (struct bp_signer_row){BP_SIGNER_OTHER, 0, 0, name,
                                       take_answer(answers, n_answers, taken, BP_SIGNER_OTHER, 0, 0, name)};
    }
    for (i = 0; i < n_answers; i++) /* the second professional of an organisation, another adult */
        if (!taken[i])
            rows[n++] = (struct bp_signer_row){answers[i].kind, answers[i].org_id, answers[i].guardian_id,
                                               bp_text_or_empty(answers[i].name), &answers[i]};
    *out = rows;
    return n;
}
