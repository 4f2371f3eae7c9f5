/* meeting.c: meetings, invitations, answers, absence and the meeting's opening and close. Pure. */
#include "domain/meeting.h"
#include "domain/checks.h"

const char *const bp_meeting_kind_codes[BP_MEETING_KIND_COUNT] = {"preparation", "plan", "followup"};
const char *const bp_meeting_status_codes[BP_MEETING_STATUS_COUNT] = {"planned", "held", "cancelled"};
const char *const bp_invitee_kind_codes[BP_INVITEE_KIND_COUNT] = {"child", "guardian", "professional",
                                                                  "other_adult"};
const char *const bp_answer_codes[BP_ANSWER_COUNT] = {"pending", "yes", "no"};
const char *const bp_attendance_codes[BP_ATTEND_COUNT] = {"unrecorded", "present", "substitute", "absent"};
const char *const bp_absence_outcome_codes[BP_ABSENCE_OUTCOME_COUNT] = {"cancel", "hold"};
const char *const bp_absence_rule_codes[BP_ABSENCE_RULE_COUNT] = {"substitute", "decide_with_guardian"};
const char *const bp_absence_step_codes[BP_ABSENCE_STEP_COUNT] = {"none", "substitute", "decide", "done"};

static const char *field(struct bp_arena *a, size_t i, const char *name)
{
    return bp_arena_printf(a, "invitees.%zu.%s", i, name);
}

/* The plan and follow-up meetings are the family's; the professionals' preparation is not (V-5.1). */
static bool family_meeting(enum bp_meeting_kind kind)
{
    return kind != BP_MEETING_PREPARATION;
}

/* ---- names and rules by model ---- */

int64_t bp_meeting_latest_plan(const struct bp_meeting *ms, size_t n)
{
    size_t i;
    for (i = n; i > 0; i--)
        if (ms[i - 1].kind == BP_MEETING_PLAN && ms[i - 1].status != BP_MEETING_CANCELLED)
            return ms[i - 1].id;
    return 0;
}

bool bp_meeting_for_family(const struct bp_meeting *m)
{
    return m->kind != BP_MEETING_PREPARATION && m->status != BP_MEETING_CANCELLED;
}

bool bp_meeting_invites_guardian(const struct bp_meeting *m, const struct bp_invitee *inv, size_t n,
                                 int64_t guardian_id)
{
    size_t i;
    for (i = 0; guardian_id && bp_meeting_for_family(m) && i < n; i++)
        if (inv[i].kind == BP_INVITEE_GUARDIAN && inv[i].guardian_id == guardian_id)
            return true;
    return false;
}

const char *bp_meeting_name_code(enum bp_model model, enum bp_meeting_kind kind)
{
    switch (kind) {
    case BP_MEETING_PREPARATION:
        return "professionals_preparation";
    case BP_MEETING_FOLLOWUP:
        return "followup_meeting";
    case BP_MEETING_PLAN:
    case BP_MEETING_KIND_COUNT:
        break;
    }
    return model == BP_MODEL_KRONOBERG ? "collaboration_meeting" : "sip_meeting";
}

const char *bp_coordinator_role_code(enum bp_model model)
{
    return model == BP_MODEL_KRONOBERG ? "samverkansansvarig" : "samordningsansvarig"; /* K-7.1, V-7.4 */
}

const char *bp_caller_role_code(enum bp_model model)
{
    return model == BP_MODEL_KRONOBERG ? "named_person" : "initiator"; /* K-1.1, V-4.5 */
}

enum bp_absence_rule bp_absence_rule_for(enum bp_model model)
{
    return model == BP_MODEL_KRONOBERG ? BP_ABSENCE_RULE_DECIDE_WITH_GUARDIAN : BP_ABSENCE_RULE_SUBSTITUTE;
}

/* ---- the meeting form ---- */

static bool check_clock(struct bp_field_errors *e, const char *name, const char *v, int *minutes)
{
    if (bp_text_empty(v)) {
        bp_field_errors_add(e, name, "required");
        return false;
    }
    if (!bp_clock_parse(v, minutes)) {
        bp_field_errors_add(e, name, "time");
        return false;
    }
    return true;
}

static int64_t calling_org(const struct bp_meeting_input *in, const struct bp_user *user,
                           struct bp_field_errors *e)
{
    int64_t org = 0;
    if (bp_text_empty(in->org_id)) {
        if (user && user->n_orgs == 1)
            return user->orgs[0].org_id;
        bp_field_errors_add(e, "meeting.org_id", "required");
        return 0;
    }
    org = bp_check_id(e, "meeting.org_id", in->org_id, true);
    if (org && !bp_user_acts_for(user, 0, org)) {
        bp_field_errors_add(e, "meeting.org_id", "not_member"); /* one calls for one's own organisation */
        return 0;
    }
    return org;
}

enum bp_err bp_meeting_validate(const struct bp_meeting_input *in, const struct bp_user *user,
                                struct bp_date today, struct bp_meeting *out, struct bp_field_errors *errs)
{
    int kind, setting;
    bool start_ok, end_ok;
    memset(out, 0, sizeof(*out));
    errs->count = 0;

    kind = bp_check_code(errs, "meeting.kind", in->kind, bp_meeting_kind_codes, BP_MEETING_KIND_COUNT, -1);
    out->kind = kind < 0 ? BP_MEETING_PLAN : (enum bp_meeting_kind)kind;
    out->status = BP_MEETING_PLANNED;
    if (bp_check_date(errs, "meeting.date", in->date, true, NULL, &out->date) &&
        bp_day(out->date) < bp_day(today))
        bp_field_errors_add(errs, "meeting.date", "past");
    start_ok = check_clock(errs, "meeting.start", in->start, &out->start_minute);
    end_ok = check_clock(errs, "meeting.end", in->end, &out->end_minute);
    if (start_ok && end_ok && out->end_minute <= out->start_minute)
        bp_field_errors_add(errs, "meeting.end", "end_before_start");

    bp_check_text(errs, "meeting.place", in->place, BP_MAX_SHORT_TEXT, false);
    out->place = bp_text_or_empty(in->place);
    setting = bp_check_code(errs, "meeting.setting", in->setting, bp_setting_codes, BP_SETTING_COUNT,
                            BP_SETTING_UNDECIDED);
    out->setting = setting < 0 ? BP_SETTING_UNDECIDED : (enum bp_setting)setting;
    out->setting_agreed = in->setting_agreed;
    bp_check_https_url(errs, "meeting.video_link", in->video_link, false);
    out->video_link = bp_text_or_empty(in->video_link);
    bp_check_text(errs, "meeting.purpose", in->purpose, BP_MAX_LONG_TEXT, false);
    bp_check_text(errs, "meeting.agenda", in->agenda, BP_MAX_LONG_TEXT, false);
    out->purpose = bp_text_or_empty(in->purpose);
    out->agenda = bp_text_or_empty(in->agenda);
    bp_check_text(errs, "meeting.deadline_reason", in->deadline_reason, BP_MAX_LONG_TEXT, false);
    bp_check_text(errs, "meeting.child_not_invited_reason", in->child_not_invited_reason, BP_MAX_LONG_TEXT,
                  false);
    out->deadline_reason = bp_text_or_empty(in->deadline_reason);
    out->child_not_invited_reason = bp_text_or_empty(in->child_not_invited_reason);

    out->called_by_user = user ? user->id : 0;
    out->called_by_org = calling_org(in, user, errs);
    out->chair_user_id = bp_check_id(errs, "meeting.chair_user_id", in->chair_user_id, false);
    if (!out->chair_user_id)
        out->chair_user_id = out->called_by_user; /* V-5.7: the caller chairs */
    out->note_taker_user_id = bp_check_id(errs, "meeting.note_taker_user_id", in->note_taker_user_id, false);
    out->binding = true; /* K-4.6 */
    out->child_addition = "";
    out->child_representative = "";
    return errs->count ? BP_ERR_INVALID : BP_OK;
}

static void check_invitee(struct bp_arena *a, size_t i, const struct bp_invitee *v,
                          const struct bp_guardian *guardians, size_t n_guardians, struct bp_field_errors *e)
{
    switch (v->kind) {
    case BP_INVITEE_CHILD:
        break;
    case BP_INVITEE_GUARDIAN:
        if (!bp_guardian_find(guardians, n_guardians, v->guardian_id))
            bp_field_errors_add(e, field(a, i, "guardian_id"), v->guardian_id ? "not_guardian" : "required");
        break;
    case BP_INVITEE_PROFESSIONAL:
        if (v->org_id <= 0)
            bp_field_errors_add(e, field(a, i, "org_id"), "required");
        break;
    case BP_INVITEE_OTHER:
        bp_check_text(e, field(a, i, "name"), v->name, BP_MAX_NAME, true);
        break;
    default:
        bp_field_errors_add(e, field(a, i, "kind"), "choice");
    }
    if (v->kind != BP_INVITEE_OTHER)
        bp_check_text(e, field(a, i, "name"), v->name, BP_MAX_NAME, false);
    bp_check_email(e, field(a, i, "email"), v->email);
}

enum bp_err bp_invitee_validate(struct bp_arena *a, size_t index, const struct bp_invitee_input *in,
                                const struct bp_guardian *guardians, size_t n_guardians,
                                struct bp_invitee *out, struct bp_field_errors *errs)
{
    int kind;
    const struct bp_guardian *g;
    memset(out, 0, sizeof(*out));
    errs->count = 0;
    kind = bp_check_code(errs, field(a, index, "kind"), in->kind, bp_invitee_kind_codes,
                         BP_INVITEE_KIND_COUNT, -1);
    out->kind = kind < 0 ? BP_INVITEE_OTHER : (enum bp_invitee_kind)kind;
    out->name = bp_text_or_empty(in->name);
    out->email = bp_text_or_empty(in->email);
    out->decline_reason = "";
    out->substitute_name = "";
    switch (kind) {
    case BP_INVITEE_GUARDIAN:
        g = bp_check_guardian(errs, field(a, index, "guardian_id"), in->guardian_id, guardians, n_guardians,
                              &out->guardian_id);
        if (g && bp_text_empty(in->name))
            out->name = bp_text_or_empty(g->name);
        if (g && bp_text_empty(in->email))
            out->email = bp_text_or_empty(g->email);
        break;
    case BP_INVITEE_PROFESSIONAL:
        out->org_id = bp_check_id(errs, field(a, index, "org_id"), in->org_id, true);
        out->user_id = bp_check_id(errs, field(a, index, "user_id"), in->user_id, false);
        break;
    case BP_INVITEE_OTHER:
        bp_check_text(errs, field(a, index, "name"), in->name, BP_MAX_NAME, true);
        break;
    default:
        break;
    }
    if (kind != BP_INVITEE_OTHER)
        bp_check_text(errs, field(a, index, "name"), in->name, BP_MAX_NAME, false);
    bp_check_email(errs, field(a, index, "email"), in->email);
    return errs->count ? BP_ERR_INVALID : BP_OK;
}

/* ---- sending the invitation ---- */

/* The three-week rule for this meeting, if any: V-6.1 for the meeting where the plan is made
 * (Västerbotten); K-4.3 for every plan and follow-up meeting (Kronoberg: "always"). */
static bool deadline_applies(enum bp_model model, enum bp_meeting_kind kind)
{
    if (kind == BP_MEETING_PLAN)
        return true;
    return model == BP_MODEL_KRONOBERG && kind == BP_MEETING_FOLLOWUP;
}

static void check_family(struct bp_arena *a, const struct bp_meeting *m, const struct bp_invitee *inv,
                         size_t n, const struct bp_invitation_ctx *ctx, struct bp_field_errors *errs,
                         struct bp_field_errors *warns)
{
    bool child = false;
    size_t i, j, n_guardians_invited = 0;
    struct bp_prep_status prep;
    for (i = 0; i < n; i++) {
        if (inv[i].kind == BP_INVITEE_CHILD) {
            if (child)
                bp_field_errors_add(errs, field(a, i, "kind"), "duplicate");
            child = true;
        } else if (inv[i].kind == BP_INVITEE_GUARDIAN &&
                   bp_guardian_find(ctx->guardians, ctx->n_guardians, inv[i].guardian_id)) {
            bool twice = false;
            for (j = 0; j < i; j++)
                twice |= inv[j].kind == BP_INVITEE_GUARDIAN && inv[j].guardian_id == inv[i].guardian_id;
            if (twice)
                bp_field_errors_add(errs, field(a, i, "kind"), "duplicate");
            else if (bp_custodian_find(ctx->guardians, ctx->n_guardians, inv[i].guardian_id))
                n_guardians_invited++; /* a parent without custody is invited only when the guardians agree */
        }
    }
    /* V-4.5, K-4.1: the child (when possible: otherwise a reason) and every guardian with custody */
    if (!child && bp_text_empty(m->child_not_invited_reason))
        bp_field_errors_add(errs, "meeting.child_not_invited_reason", "child_not_invited");
    if (n > 0 && n_guardians_invited < bp_custodians_count(ctx->guardians, ctx->n_guardians))
        bp_field_errors_add(errs, "meeting.invitees", "guardians_not_invited");
    /* K-4.4: digital or physical agreed together */
    if (ctx->model == BP_MODEL_KRONOBERG && !m->setting_agreed)
        bp_field_errors_add(errs, "meeting.setting_agreed", "setting_agreed");

    /* V-4.3: send once the child and the guardians are prepared: a warning, not a block */
    prep = bp_prep_status_of(ctx->child_prep, ctx->guardian_preps, ctx->n_guardian_preps, ctx->guardians,
                             ctx->n_guardians);
    if (!prep.child_done)
        bp_field_errors_add(warns, "prep.child", "child_not_prepared");
    if (prep.n_missing)
        bp_field_errors_add(warns, "prep.guardians", "guardians_not_prepared");
    if (ctx->child_prep) {
        /* V-3.15: the child helped choose digital or physical */
        if (ctx->child_prep->setting != BP_SETTING_UNDECIDED && m->setting != BP_SETTING_UNDECIDED &&
            ctx->child_prep->setting != m->setting)
            bp_field_errors_add(warns, "meeting.setting", "child_setting");
        /* V-3.11: the child decides how to take part */
        if (!child && (ctx->child_prep->participation == BP_PART_WHOLE ||
                       ctx->child_prep->participation == BP_PART_PART))
            bp_field_errors_add(warns, "meeting.child_not_invited_reason", "child_wants_to_attend");
    }
    if (!m->note_taker_user_id)
        bp_field_errors_add(warns, "meeting.note_taker_user_id", "no_note_taker"); /* V-5.6 */
}

static void check_preparation(struct bp_arena *a, const struct bp_meeting *m, const struct bp_invitee *inv,
                              size_t n, const struct bp_invitation_ctx *ctx, struct bp_field_errors *errs)
{
    int64_t orgs[BP_MAX_INVITEES + 1];
    size_t i, n_orgs = 0;
    if (m->called_by_org > 0)
        orgs[n_orgs++] = m->called_by_org;
    for (i = 0; i < n && i < BP_MAX_INVITEES; i++) {
        if (inv[i].kind != BP_INVITEE_PROFESSIONAL) {
            bp_field_errors_add(errs, field(a, i, "kind"), "professionals_only"); /* V-5.1 */
            continue;
        }
        if (inv[i].org_id > 0 && !bp_id_in(orgs, n_orgs, inv[i].org_id))
            orgs[n_orgs++] = inv[i].org_id;
    }
    /* V-2.7, V-5.2: only when every organisation's consent covers the joint preparation */
    if (!bp_consent_allows_preparation(ctx->consents, ctx->n_consents, orgs, n_orgs, ctx->today))
        bp_field_errors_add(errs, "meeting.kind", "preparation_consent");
}

static void check_time_and_place(const struct bp_meeting *m, const struct bp_invitation_ctx *ctx,
                                 struct bp_field_errors *errs)
{
    if (m->ends_at <= m->starts_at)
        bp_field_errors_add(errs, "meeting.end", "end_before_start");
    if (m->starts_at <= ctx->now)
        bp_field_errors_add(errs, "meeting.date", "past");
    bp_check_text(errs, "meeting.place", m->place, BP_MAX_SHORT_TEXT, m->setting == BP_SETTING_PHYSICAL);
    switch (m->setting) {
    case BP_SETTING_PHYSICAL:
        break;
    case BP_SETTING_DIGITAL:
        bp_check_https_url(errs, "meeting.video_link", m->video_link, true); /* V-3.16 */
        break;
    default:
        bp_field_errors_add(errs, "meeting.setting", "required");
    }
}

enum bp_err bp_invitation_check(struct bp_arena *a, const struct bp_meeting *m,
                                const struct bp_invitee *invitees, size_t n,
                                const struct bp_invitation_ctx *ctx, struct bp_deadline *deadline,
                                struct bp_field_errors *errs, struct bp_field_errors *warns)
{
    struct bp_deadline d = {BP_DEADLINE_OK, 0, m->date};
    size_t i;
    errs->count = 0;
    warns->count = 0;

    if (m->status != BP_MEETING_PLANNED)
        bp_field_errors_add(errs, "meeting.status", "not_planned");
    /* V-4.4: why, what and who; K-4.2: a clear purpose */
    bp_check_text(errs, "meeting.purpose", m->purpose, BP_MAX_LONG_TEXT, true);
    bp_check_text(errs, "meeting.agenda", m->agenda, BP_MAX_LONG_TEXT, true);
    if (n == 0)
        bp_field_errors_add(errs, "meeting.invitees", "required");
    if (n > BP_MAX_INVITEES) {
        bp_field_errors_add(errs, "meeting.invitees", "too_many");
        n = BP_MAX_INVITEES;
    }
    if (m->called_by_user <= 0 || m->called_by_org <= 0)
        bp_field_errors_add(errs, "meeting.called_by", "required"); /* V-4.5, K-1.1, K-1.2 */
    for (i = 0; i < n; i++)
        check_invitee(a, i, &invitees[i], ctx->guardians, ctx->n_guardians, errs);
    if (family_meeting(m->kind))
        check_family(a, m, invitees, n, ctx, errs, warns);
    else
        check_preparation(a, m, invitees, n, ctx, errs);
    check_time_and_place(m, ctx, errs);

    bp_check_text(errs, "meeting.deadline_reason", m->deadline_reason, BP_MAX_LONG_TEXT, false);
    if (deadline_applies(ctx->model, m->kind)) {
        d = bp_deadline_meeting(ctx->model, ctx->noticed, ctx->today, m->date,
                                !bp_text_empty(m->deadline_reason));
        if (d.status == BP_DEADLINE_NEEDS_REASON)
            bp_field_errors_add(errs, "meeting.deadline_reason",
                                ctx->model == BP_MODEL_KRONOBERG ? "short_notice" : "late_meeting");
    }
    if (deadline)
        *deadline = d;

    if (n > BP_MEETING_CALM_PARTICIPANTS)
        bp_field_errors_add(warns, "meeting.invitees", "many_participants"); /* V-3.10 */
    return errs->count ? BP_ERR_INVALID : BP_OK;
}

static bool same_text(const char *a, const char *b)
{
    return strcmp(bp_text_or_empty(a), bp_text_or_empty(b)) == 0;
}

bool bp_meeting_calendar_changed(const struct bp_meeting *before, const struct bp_meeting *after)
{
    if (!before->invitation_sent_at)
        return false;
    return before->starts_at != after->starts_at || before->ends_at != after->ends_at ||
           before->setting != after->setting || before->status != after->status ||
           !same_text(before->place, after->place) || !same_text(before->video_link, after->video_link);
}

/* ---- answers and absence ---- */

bool bp_may_answer_for(const struct bp_user *actor, const struct bp_meeting *m, const struct bp_invitee *inv)
{
    size_t i;
    if (inv->kind != BP_INVITEE_PROFESSIONAL || !inv->user_id || inv->user_id == actor->id ||
        m->called_by_user == actor->id)
        return true;
    for (i = 0; i < actor->n_orgs; i++)
        if (actor->orgs[i].org_id == inv->org_id)
            return true;
    return false;
}

enum bp_err bp_answer_validate(struct bp_arena *a, size_t index, const struct bp_invitee *invitee,
                               const struct bp_answer_input *in, struct bp_date today, struct bp_invitee *out,
                               struct bp_field_errors *errs)
{
    int ans;
    bool family = invitee->kind == BP_INVITEE_CHILD || invitee->kind == BP_INVITEE_GUARDIAN;
    *out = *invitee;
    errs->count = 0;
    ans = bp_check_code(errs, field(a, index, "answer"), in->answer, bp_answer_codes, BP_ANSWER_COUNT, -1);
    if (ans == BP_ANSWER_PENDING) {
        bp_field_errors_add(errs, field(a, index, "answer"), "choice"); /* an answer is yes or no */
        ans = -1;
    }
    if (ans == BP_ANSWER_NO) {
        /* K-4.7: the reason is what the inviter is told; the child is never pressed for one (V-3.13) */
        bp_check_text(errs, field(a, index, "reason"), in->reason, BP_MAX_LONG_TEXT,
                      invitee->kind != BP_INVITEE_CHILD);
        out->decline_reason = bp_text_or_empty(in->reason);
        if (!bp_text_empty(in->substitute_name) && family) {
            bp_field_errors_add(errs, field(a, index, "substitute_name"), "no_substitute");
        } else if (bp_check_text(errs, field(a, index, "substitute_name"), in->substitute_name, BP_MAX_NAME,
                                 false)) {
            out->substitute_name = bp_text_or_empty(in->substitute_name);
            if (!bp_text_empty(in->substitute_name) &&
                !same_text(in->substitute_name, invitee->substitute_name))
                out->substituted_on = today; /* V-6.2 */
        }
    } else if (ans == BP_ANSWER_YES) {
        out->decline_reason = "";
        out->substitute_name = "";
        memset(&out->substituted_on, 0, sizeof(out->substituted_on));
    }
    if (ans >= 0) {
        out->answer = (enum bp_answer)ans;
        out->answered_on = today;
    }
    return errs->count ? BP_ERR_INVALID : BP_OK;
}

enum bp_absence_step bp_absence_next(enum bp_model model, enum bp_meeting_kind kind,
                                     const struct bp_invitee *invitee,
                                     const struct bp_absence_decision *decision)
{
    if (invitee->answer != BP_ANSWER_NO)
        return BP_ABSENCE_STEP_NONE;
    if (model == BP_MODEL_KRONOBERG) {
        if (kind == BP_MEETING_PREPARATION)
            return BP_ABSENCE_STEP_NONE; /* K-4.7, K-4.8 are about the meeting with the family */
        if (decision && decision->invitee_id == invitee->id)
            return BP_ABSENCE_STEP_DONE;
        return BP_ABSENCE_STEP_DECIDE; /* K-4.7: the inviter has been told; K-4.8: decide with the guardian */
    }
    /* V-6.2: someone called who cannot attend is replaced; the child and the guardians are not (V-3.13) */
    if (invitee->kind != BP_INVITEE_PROFESSIONAL && invitee->kind != BP_INVITEE_OTHER)
        return BP_ABSENCE_STEP_NONE;
    return bp_text_empty(invitee->substitute_name) ? BP_ABSENCE_STEP_SUBSTITUTE : BP_ABSENCE_STEP_DONE;
}

enum bp_err bp_absence_decision_validate(const struct bp_absence_decision_input *in,
                                         const struct bp_guardian *guardians, size_t n_guardians,
                                         int64_t user_id, struct bp_date today,
                                         struct bp_absence_decision *out, struct bp_field_errors *errs)
{
    int outcome;
    memset(out, 0, sizeof(*out));
    errs->count = 0;
    outcome = bp_check_code(errs, "absence.outcome", in->outcome, bp_absence_outcome_codes,
                            BP_ABSENCE_OUTCOME_COUNT, -1);
    out->outcome = outcome < 0 ? BP_ABSENCE_HOLD : (enum bp_absence_outcome)outcome;
    out->guardian_id = bp_check_id(errs, "absence.guardian_id", in->guardian_id, true);     /* K-4.8 */
    if (out->guardian_id && !bp_custodian_find(guardians, n_guardians, out->guardian_id)) { /* with custody */
        bp_field_errors_add(errs, "absence.guardian_id", "not_guardian");
        out->guardian_id = 0;
    }
    bp_check_date(errs, "absence.decided_on", in->decided_on, true, &today, &out->decided_on);
    bp_check_text(errs, "absence.note", in->note, BP_MAX_LONG_TEXT, false);
    out->note = bp_text_or_empty(in->note);
    out->decided_by = user_id;
    return errs->count ? BP_ERR_INVALID : BP_OK;
}

/* ---- at the meeting ---- */

/* V-6.3b: the structure the chair presents, as step codes the web layer labels. */
static const char *const preparation_steps[] = {
    "roles",             /* V-5.6: who chairs, who documents */
    "responsibilities",  /* V-5.1: who does what, settled before the family meeting */
    "pending_decisions", /* V-5.8: decisions needing someone who will not attend */
    "meeting_plan",      /* V-5.4: short and clear */
};
static const char *const plan_steps[] = {
    "introductions",   /* V-6.4: each turns to the child */
    "whats_working",   /* V-6.5 */
    "needs_and_goals", /* V-7.1 */
    "interventions",   /* V-7.2, V-7.3 */
    "coordination",    /* V-7.4, V-7.5, K-7.1 */
    "followup",        /* V-7.7 */
    "summary",         /* V-6.9 */
    "child_last_word", /* V-6.10 */
};
static const char *const followup_steps[] = {
    "introductions",      /* V-6.4 */
    "previous_summary",   /* V-10.3 */
    "followup_questions", /* V-10.4 */
    "next_followup",      /* V-10.5 */
    "summary",            /* V-6.9 */
    "child_last_word",    /* V-6.10 */
};

void bp_meeting_opening(const struct bp_meeting *m, struct bp_opening *out)
{
    out->purpose = bp_text_or_empty(m->purpose); /* V-6.3a */
    out->agenda = bp_text_or_empty(m->agenda);
    out->minutes = m->ends_at > m->starts_at ? (m->ends_at - m->starts_at) / 60 : 0; /* V-6.3c */
    switch (m->kind) {
    case BP_MEETING_PREPARATION:
        out->steps = preparation_steps;
        out->n_steps = BP_ARRAY_LEN(preparation_steps);
        break;
    case BP_MEETING_FOLLOWUP:
        out->steps = followup_steps;
        out->n_steps = BP_ARRAY_LEN(followup_steps);
        break;
    default:
        out->steps = plan_steps;
        out->n_steps = BP_ARRAY_LEN(plan_steps);
    }
}

bool bp_meeting_child_present(const struct bp_invitee *invitees, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++)
        if (invitees[i].kind == BP_INVITEE_CHILD && invitees[i].attendance == BP_ATTEND_PRESENT)
            return true;
    return false;
}

enum bp_err bp_meeting_held_validate(struct bp_arena *a, const struct bp_meeting *m,
                                     const struct bp_invitee *invitees, size_t n,
                                     const struct bp_held_input *in, struct bp_date today,
                                     struct bp_meeting *out, struct bp_invitee *out_invitees,
                                     struct bp_field_errors *errs)
{
    size_t i;
    *out = *m;
    errs->count = 0;
    if (n > BP_MAX_INVITEES) {
        bp_field_errors_add(errs, "meeting.invitees", "too_many");
        return BP_ERR_TOO_LARGE;
    }
    if (m->status != BP_MEETING_PLANNED)
        bp_field_errors_add(errs, "meeting.status", "not_planned");
    if (bp_day(m->date) > bp_day(today))
        bp_field_errors_add(errs, "meeting.date", "not_yet");
    for (i = 0; i < n; i++) {
        const char *f = field(a, i, "attendance");
        int att = bp_check_code(errs, f, in->attendance[i], bp_attendance_codes, BP_ATTEND_COUNT, -1);
        out_invitees[i] = invitees[i];
        if (att == BP_ATTEND_UNRECORDED) {
            bp_field_errors_add(errs, f, "required");
            continue;
        }
        if (att == BP_ATTEND_SUBSTITUTE) {
            if (invitees[i].kind == BP_INVITEE_CHILD || invitees[i].kind == BP_INVITEE_GUARDIAN) {
                bp_field_errors_add(errs, f, "no_substitute");
                continue;
            }
            if (bp_text_empty(invitees[i].substitute_name))
                bp_field_errors_add(errs, field(a, i, "substitute_name"), "required"); /* V-6.2 */
        }
        if (att > 0)
            out_invitees[i].attendance = (enum bp_attendance)att;
    }
    out->child_asked = in->child_asked;
    out->child_addition = bp_text_or_empty(in->child_addition);
    out->child_representative = bp_text_or_empty(in->child_representative);
    bp_check_text(errs, "closing.child_addition", in->child_addition, BP_MAX_LONG_TEXT, false);
    if (family_meeting(m->kind)) {
        /* V-6.10: before closing, the child (or the child's representative) is asked for a last word */
        if (!in->child_asked)
            bp_field_errors_add(errs, "closing.child_asked", "ask_child");
        /* V-8a.6: an absent child is represented by a guardian or another adult */
        bp_check_text(errs, "closing.child_representative", in->child_representative, BP_MAX_NAME,
                      !bp_meeting_child_present(out_invitees, n));
    }
    out->status = BP_MEETING_HELD;
    return errs->count ? BP_ERR_INVALID : BP_OK;
}

bool bp_meeting_needs_debrief(const struct bp_meeting *m, const struct bp_invitee *invitees, size_t n)
{
    return m->status == BP_MEETING_HELD && family_meeting(m->kind) && !m->child_debriefed &&
           !bp_meeting_child_present(invitees, n);
}

enum bp_err bp_debrief_validate(const struct bp_meeting *m, const char *debriefed_on, struct bp_date today,
                                struct bp_meeting *out, struct bp_field_errors *errs)
{
    struct bp_date d;
    *out = *m;
    errs->count = 0;
    if (bp_check_date(errs, "closing.debriefed_on", debriefed_on, true, &today, &d)) {
        if (bp_day(d) < bp_day(m->date)) {
            bp_field_errors_add(errs, "closing.debriefed_on", "before_meeting"); /* V-8a.6: afterwards */
        } else {
            out->child_debriefed = true;
            out->debriefed_on = d;
        }
    }
    return errs->count ? BP_ERR_INVALID : BP_OK;
}
