/* followup.c: the rules of following up the plan (V-10.x). Pure. */
#include "domain/followup.h"
#include "domain/forms.h"
#include "domain/checks.h"

/* The code tables are with the field tables (forms_followup.c), which draw their choices from them. */

static bool has_org(const int64_t *orgs, size_t n, int64_t id)
{
    size_t i;
    for (i = 0; i < n; i++)
        if (orgs[i] == id)
            return true;
    return false;
}

enum bp_err bp_followup_validate(const struct bp_followup_input *in, const struct bp_followup_ctx *ctx,
                                 struct bp_followup *out, struct bp_field_errors *errs)
{
    int code;
    bp_record_copy_texts(&bp_record_followup, in, out, true, errs);
    out->child_share_with_guardians = in->child_share_with_guardians;
    out->heard = bp_check_date(errs, "followup.heard_on", in->heard_on, false, &ctx->today, &out->heard_on);
    out->has_next = bp_check_date(errs, "followup.next_on", in->next_on, false, NULL, &out->next_on);
    if (out->has_next && bp_day(out->next_on) <= bp_day(ctx->meeting_on))
        bp_field_errors_add(errs, "followup.next_on", "not_after_meeting");
    out->next_minute = -1;
    if (in->next_time && *in->next_time && !bp_clock_parse(in->next_time, &out->next_minute)) {
        bp_field_errors_add(errs, "followup.next_time", "time");
        out->next_minute = -1;
    }
    code = bp_check_code(errs, "followup.still_needed", in->still_needed, bp_still_needed_codes,
                         BP_STILL_NEEDED_COUNT, BP_STILL_UNDECIDED);
    out->still_needed = code < 0 ? BP_STILL_UNDECIDED : (enum bp_still_needed)code;
    out->new_coordinator_org =
        bp_check_id(errs, "followup.new_coordinator_org", in->new_coordinator_org, false);
    if (out->new_coordinator_org && !has_org(ctx->case_orgs, ctx->n_case_orgs, out->new_coordinator_org))
        bp_field_errors_add(errs, "followup.new_coordinator_org", "not_participant");
    return errs->count ? BP_ERR_INVALID : BP_OK;
}

enum bp_err bp_review_validate(const struct bp_review_input *in, struct bp_review *out,
                               struct bp_field_errors *errs)
{
    int code;
    bp_record_copy_texts(&bp_record_review, in, out, true, errs);
    code = bp_check_code(errs, "review.decision", in->decision, bp_review_decision_codes,
                         BP_REVIEW_DECISION_COUNT, -1);
    out->decision = code < 0 ? BP_REVIEW_CONTINUE : (enum bp_review_decision)code;
    return errs->count ? BP_ERR_INVALID : BP_OK;
}

bool bp_review_carries(const struct bp_review *r)
{
    return !r || r->decision == BP_REVIEW_CONTINUE || r->decision == BP_REVIEW_CHANGE;
}

const struct bp_review *bp_review_of(const struct bp_review *reviews, size_t n, int64_t intervention_id)
{
    size_t i;
    for (i = 0; i < n; i++)
        if (reviews[i].intervention_id == intervention_id)
            return &reviews[i];
    return NULL;
}

enum bp_err bp_followup_check_carry(const struct bp_followup *f, const struct bp_plan_parts *followed,
                                    const struct bp_review *reviews, size_t n_reviews,
                                    struct bp_field_errors *errs)
{
    size_t i;
    if (f->new_plan_id)
        bp_field_errors_add(errs, "followup.new_plan", "exists");
    if (f->still_needed != BP_STILL_YES)
        bp_field_errors_add(errs, "followup.still_needed", "not_needed");
    if (!f->has_next)
        bp_field_errors_add(errs, "followup.next_on", "required");
    for (i = 0; i < followed->n_interventions; i++)
        if (!bp_review_of(reviews, n_reviews, followed->interventions[i].id)) {
            bp_field_errors_add(errs, "review.decision", "missing");
            break;
        }
    return errs->count ? BP_ERR_CONFLICT : BP_OK;
}

size_t bp_coordination_pending(const struct bp_plan *draft, const struct bp_plan *before,
                               const int64_t *accepted, size_t n_accepted, int64_t *out, size_t cap)
{
    size_t i, n = 0;
    if (!before || draft->status != BP_PLAN_DRAFT)
        return 0; /* the first version's coordinator is chosen at the meeting (V-7.4) */
    for (i = 0; i < draft->n_coordinator_orgs && n < cap; i++) {
        int64_t org = draft->coordinator_orgs[i];
        if (!has_org(before->coordinator_orgs, before->n_coordinator_orgs, org) &&
            !has_org(accepted, n_accepted, org))
            out[n++] = org;
    }
    return n;
}

int64_t bp_plan_made_at(int64_t plan_id, const struct bp_followup *fs, size_t n_fs,
                        const struct bp_meeting *ms, size_t n_ms)
{
    size_t i;
    for (i = 0; plan_id && i < n_fs; i++)
        if (fs[i].new_plan_id == plan_id)
            return fs[i].meeting_id;
    return bp_meeting_latest_plan(ms, n_ms);
}
