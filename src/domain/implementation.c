/* implementation.c: the rules of carrying out the plan (domain/implementation.h, V-9.1-V-9.4). Pure. */
#include "domain/implementation.h"
#include "domain/checks.h"
#include "domain/forms.h"
#include "util/limits.h"

enum bp_err bp_progress_validate(const struct bp_progress_input *in, struct bp_date today,
                                 struct bp_progress *out, struct bp_field_errors *errs)
{
    int status;
    memset(out, 0, sizeof(*out));
    errs->count = 0;
    status = bp_check_code(errs, "progress.status", in->status, bp_progress_status_codes,
                           BP_PROGRESS_STATUS_COUNT, -1);
    out->status = status < 0 ? BP_PROGRESS_STARTED : (enum bp_progress_status)status;
    bp_check_date(errs, "progress.status_on", in->status_on, true, &today, &out->status_on);
    bp_record_copy_texts(&bp_record_progress, in, out, true, errs); /* the note */
    return errs->count ? BP_ERR_INVALID : BP_OK;
}

enum bp_err bp_child_voice_validate(const struct bp_child_voice_input *in, struct bp_date today,
                                    struct bp_child_voice *out, struct bp_field_errors *errs)
{
    memset(out, 0, sizeof(*out));
    errs->count = 0;
    bp_record_copy_texts(&bp_record_child_voice, in, out, true, errs); /* the note, required */
    bp_check_date(errs, "voice.said_on", in->said_on, true, &today, &out->said_on);
    out->share_with_guardians = in->share_with_guardians;
    return errs->count ? BP_ERR_INVALID : BP_OK;
}

enum bp_err bp_plan_event_validate(const struct bp_plan_event_input *in, struct bp_date today,
                                   struct bp_plan_event *out, struct bp_field_errors *errs)
{
    memset(out, 0, sizeof(*out));
    errs->count = 0;
    bp_record_copy_texts(&bp_record_plan_event, in, out, true, errs); /* what happened, required */
    bp_check_date(errs, "event.happened_on", in->happened_on, true, &today, &out->happened_on);
    out->share_with_guardians = in->share_with_guardians; /* the use case keeps it for the child from 12 */
    return errs->count ? BP_ERR_INVALID : BP_OK;
}

bool bp_event_meeting_fits(const struct bp_meeting *m)
{
    return m->kind == BP_MEETING_FOLLOWUP && m->status == BP_MEETING_PLANNED;
}

enum bp_err bp_event_decide_validate(const struct bp_event_decision_input *in, const struct bp_plan_event *ev,
                                     const struct bp_meeting *meetings, size_t n_meetings,
                                     struct bp_plan_event *out, struct bp_field_errors *errs)
{
    int d;
    size_t i, before;
    bool bad_id;
    *out = *ev;
    errs->count = 0;
    if (ev->decision != BP_EVENT_UNDECIDED) {
        bp_field_errors_add(errs, "event_decision.decision", "already_decided");
        return BP_ERR_CONFLICT;
    }
    d = bp_check_code(errs, "event_decision.decision", in->decision, bp_event_decision_codes + 1,
                      BP_EVENT_DECISION_COUNT - 1, -1);
    out->decision = d < 0 ? BP_EVENT_UNDECIDED : (enum bp_event_decision)(d + 1);
    before = errs->count;
    out->meeting_id = bp_check_id(errs, "event_decision.meeting_id", in->meeting_id, false);
    bad_id = errs->count > before;
    bp_check_text(errs, "event_decision.note", in->note, BP_MAX_LONG_TEXT,
                  out->decision == BP_EVENT_BOOKED_ENOUGH); /* why the booked one is enough */
    out->decision_note = bp_text_or_empty(in->note);
    if (out->decision == BP_EVENT_EARLIER_FOLLOWUP && !out->meeting_id && !bad_id)
        bp_field_errors_add(errs, "event_decision.meeting_id", "meeting_required");
    if (out->meeting_id) {
        for (i = 0; i < n_meetings; i++)
            if (meetings[i].id == out->meeting_id && bp_event_meeting_fits(&meetings[i]))
                break;
        if (i == n_meetings)
            bp_field_errors_add(errs, "event_decision.meeting_id", "choice");
    }
    if (out->decision == BP_EVENT_BOOKED_ENOUGH)
        out->meeting_id = 0; /* the booked one: no meeting of its own */
    return errs->count ? BP_ERR_INVALID : BP_OK;
}

bool bp_plan_is_coordinator(const struct bp_plan *plan, const struct bp_user *user)
{
    size_t i;
    if (!plan || !user || user->disabled)
        return false;
    if (plan->coordinator_user_id)
        return plan->coordinator_user_id == user->id;
    for (i = 0; i < plan->n_coordinator_orgs; i++)
        if (bp_user_acts_for(user, 0, plan->coordinator_orgs[i]))
            return true;
    return false;
}

bool bp_progress_may_record(const struct bp_user *user, const struct bp_intervention *iv)
{
    return bp_intervention_may_edit(user, 0, iv); /* V-9.1: each organisation its own part, as V-8a.4 */
}

const struct bp_progress *bp_progress_latest(const struct bp_progress *list, size_t n, int64_t origin_id)
{
    const struct bp_progress *best = NULL;
    size_t i;
    for (i = 0; i < n; i++)
        if (list[i].origin_id == origin_id &&
            (!best || bp_day(list[i].status_on) > bp_day(best->status_on) ||
             (bp_day(list[i].status_on) == bp_day(best->status_on) && list[i].id > best->id)))
            best = &list[i];
    return best;
}
