/* test_tasks.c: the work list derived from one case (domain/tasks.c). The deadline boundaries of the
 * invitation, 20, 21 and 22 days, for both models (V-6.1 Västerbotten, K-4.3 Kronoberg) around the
 * summer-time changes of 2026-03-29 and 2026-10-25: calendar dates are counted, not hours. Then every
 * kind of task: consent (V-2.6, K-2.1, K-2.2), informing the named person (K-1.2), preparing the child
 * and the guardians (V-3.2, V-4.1, V-4.3), the professionals' preparation (V-5.3), answers and absence
 * (K-4.7, V-6.2, K-4.8), holding the meeting, finishing the plan (V-8a.1), telling the child (V-8a.6)
 * and pending decisions (V-8a.5). Must not read the clock: every "today" is given. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "domain/tasks.h"

enum { SCHOOL = 10, SOCIAL = 30, ANNA = 5, BO = 6, CARL = 7 };

static struct bp_date D(const char *s) {
    struct bp_date d;
    if (!bp_date_parse(s, &d))
        fail_msg("bad date %s", s);
    return d;
}

/* Unix seconds of a local time in Europe/Stockholm in 2026: UTC+2 from 2026-03-29 to 2026-10-24,
 * UTC+1 otherwise (the changes happen at night). Stands in for the caller's conversion. */
static int64_t
local(const char *date, int minute)
{
    struct bp_date d = D(date);
    int64_t day = bp_days_from_civil(d.y, d.m, d.d);
    bool summer = day >= bp_days_from_civil(2026, 3, 29) && day < bp_days_from_civil(2026, 10, 25);
    return day * 86400 + minute * 60 - (summer ? 7200 : 3600);
}

static const int64_t case_orgs[] = {SCHOOL, SOCIAL};
static const struct bp_guardian guardians[] = {{.id = 11, .name = "Sara Ek", .custody = BP_CUSTODY_JOINT},
                                               {.id = 12, .name = "Johan Ek", .custody = BP_CUSTODY_JOINT}};

struct fixture {
    struct bp_case kase;
    struct bp_consent consents[2];
    size_t n_consents;
    struct bp_child_prep child_prep;
    struct bp_guardian_prep gp[2];
    size_t n_gp;
    struct bp_meeting meetings[3];
    struct bp_invitee invitees[3][5];
    struct bp_absence_decision decisions[1];
    struct bp_meeting_view views[3];
    size_t n_meetings;
    struct bp_plan plan;
    struct bp_pending_decision pending[1];
    struct bp_case_snapshot s;
    struct bp_task_list list;
};

static void base(struct fixture *f, enum bp_model model, const char *noticed)
{
    memset(f, 0, sizeof(*f));
    f->kase = (struct bp_case){.id = 1,
                               .model = model,
                               .plan_kind = bp_plan_kind_for(model, false),
                               .status = BP_CASE_OPEN,
                               .initiating_org_id = SCHOOL,
                               .initiator_user_id = ANNA,
                               .noticed_on = noticed,
                               .route = model == BP_MODEL_KRONOBERG ? BP_ROUTE_KRONOBERG_NAMED_PERSON
                                                                    : BP_ROUTE_HLT};
    f->s = (struct bp_case_snapshot){.kase = &f->kase,
                                     .guardians = guardians,
                                     .n_guardians = 2,
                                     .case_orgs = case_orgs,
                                     .n_case_orgs = 2,
                                     .consents = f->consents,
                                     .child_preps = &f->child_prep,
                                     .guardian_preps = f->gp,
                                     .meetings = f->views};
}

/* Adds meeting i (kind, date) called by Anna for the school; `invited` NULL: not sent yet. */
static struct bp_meeting *meeting(struct fixture *f, enum bp_meeting_kind kind, const char *date,
                                  const char *invited)
{
    size_t i = f->n_meetings++;
    struct bp_meeting *m = &f->meetings[i];
    *m = (struct bp_meeting){.id = 100 + (int64_t)i,
                             .kind = kind,
                             .status = BP_MEETING_PLANNED,
                             .date = D(date),
                             .starts_at = local(date, 13 * 60),
                             .ends_at = local(date, 14 * 60),
                             .called_by_user = ANNA,
                             .called_by_org = SCHOOL,
                             .chair_user_id = ANNA,
                             .deadline_reason = "",
                             .child_addition = "",
                             .child_representative = ""};
    if (invited) {
        m->invited_on = D(invited);
        m->invitation_sent_at = local(invited, 9 * 60);
    }
    f->views[i] = (struct bp_meeting_view){m, f->invitees[i], 0, f->decisions, 0};
    f->s.n_meetings = f->n_meetings;
    return m;
}

static void add_invitee(struct fixture *f, size_t meeting_index, struct bp_invitee inv)
{
    struct bp_meeting_view *v = &f->views[meeting_index];
    f->invitees[meeting_index][v->n_invitees++] = inv;
}

static void run(struct fixture *f, const char *today)
{
    f->s.n_consents = f->n_consents;
    f->s.n_child_preps = f->child_prep.done ? 1 : 0;
    f->s.n_guardian_preps = f->n_gp;
    bp_tasks_for_case(&f->s, D(today), &f->list);
}

static const struct bp_task *find(const struct fixture *f, enum bp_task_kind kind, int64_t ref)
{
    size_t i;
    for (i = 0; i < f->list.count; i++)
        if (f->list.items[i].kind == kind && f->list.items[i].ref_id == ref)
            return &f->list.items[i];
    return NULL;
}

static void expect(const char *name, const struct bp_task *t, enum bp_task_status status, const char *due)
{
    char got[11] = "-";
    if (!t)
        fail_msg("%s: no such task", name);
    if (t->has_due)
        bp_date_format(t->due, got);
    if (t->status != status || strcmp(got, due ? due : "-") != 0)
        fail_msg("%s: status %s due %s; wanted %s due %s", name, bp_task_status_codes[t->status], got,
                 bp_task_status_codes[status], due ? due : "-");
}

/* ---- the invitation's deadline at 20, 21 and 22 days ---- */

struct boundary_row {
    const char *name;
    enum bp_model model;
    const char *noticed, *meeting, *invited, *reason, *today;
    enum bp_task_status want;
    const char *due;
};

/* clang-format off */
static const struct boundary_row boundary_rows[] = {
    /* V-6.1: no meeting yet; the meeting's last day is three weeks after the need was noticed */
    {"V-6.1 day 20 across the spring change: open", BP_MODEL_VASTERBOTTEN, "2026-03-10", NULL, NULL, "", "2026-03-30", BP_TASK_OPEN, "2026-03-31"},
    {"V-6.1 day 21: due today", BP_MODEL_VASTERBOTTEN, "2026-03-10", NULL, NULL, "", "2026-03-31", BP_TASK_DUE_TODAY, "2026-03-31"},
    {"V-6.1 day 22: late", BP_MODEL_VASTERBOTTEN, "2026-03-10", NULL, NULL, "", "2026-04-01", BP_TASK_LATE, "2026-03-31"},
    {"V-6.1 day 20 across the autumn change: open", BP_MODEL_VASTERBOTTEN, "2026-10-10", NULL, NULL, "", "2026-10-30", BP_TASK_OPEN, "2026-10-31"},
    {"V-6.1 day 21 (autumn): due today", BP_MODEL_VASTERBOTTEN, "2026-10-10", NULL, NULL, "", "2026-10-31", BP_TASK_DUE_TODAY, "2026-10-31"},
    {"V-6.1 day 22 (autumn): late", BP_MODEL_VASTERBOTTEN, "2026-10-10", NULL, NULL, "", "2026-11-01", BP_TASK_LATE, "2026-10-31"},
    /* V-6.1: sent; what counts is the meeting's day */
    {"V-6.1 a meeting on day 20 (spring): done", BP_MODEL_VASTERBOTTEN, "2026-03-10", "2026-03-30", "2026-03-12", "", "2026-03-20", BP_TASK_DONE, "2026-03-31"},
    {"V-6.1 a meeting on day 21 (spring): done", BP_MODEL_VASTERBOTTEN, "2026-03-10", "2026-03-31", "2026-03-12", "", "2026-03-20", BP_TASK_DONE, "2026-03-31"},
    {"V-6.1 a meeting on day 22 (spring): done late", BP_MODEL_VASTERBOTTEN, "2026-03-10", "2026-04-01", "2026-03-12", "Pappa är bortrest till den 1 april.", "2026-03-20", BP_TASK_DONE_LATE, "2026-03-31"},
    {"V-6.1 a meeting on day 21 (autumn): done", BP_MODEL_VASTERBOTTEN, "2026-10-10", "2026-10-31", "2026-10-12", "", "2026-10-20", BP_TASK_DONE, "2026-10-31"},
    {"V-6.1 a meeting on day 22 (autumn): done late", BP_MODEL_VASTERBOTTEN, "2026-10-10", "2026-11-01", "2026-10-12", "", "2026-10-20", BP_TASK_DONE_LATE, "2026-10-31"},
    {"V-6.1 a meeting planned for day 25 with its reason, on day 20: open, no reason shown yet", BP_MODEL_VASTERBOTTEN, "2026-03-10", "2026-04-04", NULL, "Mormor kan först den 4:e.", "2026-03-30", BP_TASK_OPEN, "2026-03-31"},
    {"V-6.1 a meeting planned for day 25 and not sent, on day 22: late", BP_MODEL_VASTERBOTTEN, "2026-03-10", "2026-04-04", NULL, "Mormor kan först den 4:e.", "2026-04-01", BP_TASK_LATE, "2026-03-31"},
    /* K-4.3: the invitation at least three weeks before the meeting */
    {"K-4.3 22 days before a meeting across the spring change: open", BP_MODEL_KRONOBERG, "2026-02-01", "2026-04-10", NULL, "", "2026-03-19", BP_TASK_OPEN, "2026-03-20"},
    {"K-4.3 21 days before: due today", BP_MODEL_KRONOBERG, "2026-02-01", "2026-04-10", NULL, "", "2026-03-20", BP_TASK_DUE_TODAY, "2026-03-20"},
    {"K-4.3 20 days before: late", BP_MODEL_KRONOBERG, "2026-02-01", "2026-04-10", NULL, "", "2026-03-21", BP_TASK_LATE, "2026-03-20"},
    {"K-4.3 22 days before a meeting across the autumn change: open", BP_MODEL_KRONOBERG, "2026-09-01", "2026-11-05", NULL, "", "2026-10-14", BP_TASK_OPEN, "2026-10-15"},
    {"K-4.3 21 days before (autumn): due today", BP_MODEL_KRONOBERG, "2026-09-01", "2026-11-05", NULL, "", "2026-10-15", BP_TASK_DUE_TODAY, "2026-10-15"},
    {"K-4.3 20 days before (autumn): late", BP_MODEL_KRONOBERG, "2026-09-01", "2026-11-05", NULL, "", "2026-10-16", BP_TASK_LATE, "2026-10-15"},
    {"K-4.3 sent 22 days before (spring): done", BP_MODEL_KRONOBERG, "2026-02-01", "2026-04-10", "2026-03-19", "", "2026-03-25", BP_TASK_DONE, "2026-03-20"},
    {"K-4.3 sent 21 days before (spring): done", BP_MODEL_KRONOBERG, "2026-02-01", "2026-04-10", "2026-03-20", "", "2026-03-25", BP_TASK_DONE, "2026-03-20"},
    {"K-4.3 sent 20 days before (spring): done late", BP_MODEL_KRONOBERG, "2026-02-01", "2026-04-10", "2026-03-21", "", "2026-03-25", BP_TASK_DONE_LATE, "2026-03-20"},
    {"K-4.3 sent 21 days before (autumn): done", BP_MODEL_KRONOBERG, "2026-09-01", "2026-11-05", "2026-10-15", "", "2026-10-20", BP_TASK_DONE, "2026-10-15"},
    {"K-4.3 sent 20 days before (autumn), agreed otherwise: done late, with the agreement", BP_MODEL_KRONOBERG, "2026-09-01", "2026-11-05", "2026-10-16", "Överenskommet med vårdnadshavarna.", "2026-10-20", BP_TASK_DONE_LATE, "2026-10-15"},
    {"K-4.3 no meeting date yet: no due date", BP_MODEL_KRONOBERG, "2026-09-01", NULL, NULL, "", "2026-12-01", BP_TASK_OPEN, NULL},
};
/* clang-format on */

static void test_invitation_boundaries(void **state)
{
    size_t i;
    (void)state;
    for (i = 0; i < BP_ARRAY_LEN(boundary_rows); i++) {
        const struct boundary_row *r = &boundary_rows[i];
        struct fixture f;
        const struct bp_task *t;
        base(&f, r->model, r->noticed);
        if (r->meeting)
            meeting(&f, BP_MEETING_PLAN, r->meeting, r->invited)->deadline_reason = r->reason;
        run(&f, r->today);
        t = find(&f, BP_TASK_SEND_INVITATION, 0);
        expect(r->name, t, r->want, r->due);
        if (t->meeting_id != (r->meeting ? 100 : 0) || t->org_id != SCHOOL || t->user_id != ANNA)
            fail_msg("%s: falls on org %lld user %lld", r->name, (long long)t->org_id, (long long)t->user_id);
        /* the recorded reason comes with a late task, and only then */
        if (strcmp(t->reason,
                   (t->status == BP_TASK_LATE || t->status == BP_TASK_DONE_LATE) ? r->reason : "") != 0)
            fail_msg("%s: reason '%s'", r->name, t->reason);
        if (r->invited && (!t->has_done || bp_days_between(t->done_on, D(r->invited)) != 0))
            fail_msg("%s: done on the day it was sent", r->name);
    }
}

/* The rules count calendar days, not hours. K-4.3 across the spring change (a 23-hour day): sent at
 * 13:00 on 2026-03-20 to a meeting at 09:00 on 2026-04-10 is 20 days and 19 hours by the clock, and 21
 * calendar days: on time. */
static void test_calendar_days_not_hours(void **state)
{
    struct fixture f;
    struct bp_meeting *m;
    (void)state;
    base(&f, BP_MODEL_KRONOBERG, "2026-02-01");
    m = meeting(&f, BP_MEETING_PLAN, "2026-04-10", "2026-03-20");
    m->starts_at = local("2026-04-10", 9 * 60);
    m->invitation_sent_at = local("2026-03-20", 13 * 60);
    assert_true((m->starts_at - m->invitation_sent_at) / 86400 < BP_THREE_WEEKS_DAYS); /* by hours: 20 days */
    run(&f, "2026-03-25");
    expect("K-4.3 calendar days", find(&f, BP_TASK_SEND_INVITATION, 0), BP_TASK_DONE, "2026-03-20");
    /* V-6.1 the same over the autumn change (a 25-hour day): noticed 2026-10-04, a meeting at 23:30 on
     * 2026-10-25 is 22 days and half an hour later by the clock, and 21 calendar days: on time */
    base(&f, BP_MODEL_VASTERBOTTEN, "2026-10-04");
    m = meeting(&f, BP_MEETING_PLAN, "2026-10-25", "2026-10-06");
    m->starts_at = local("2026-10-25", 23 * 60 + 30);
    assert_true((m->starts_at - local("2026-10-04", 0)) / 86400 >
                BP_THREE_WEEKS_DAYS); /* by hours: 22 days */
    run(&f, "2026-10-07");
    expect("V-6.1 calendar days", find(&f, BP_TASK_SEND_INVITATION, 0), BP_TASK_DONE, "2026-10-25");
}

/* ---- the tasks of a new case ---- */

/* V-2.6, V-3.2, V-4.1, V-4.5: a new Västerbotten case: consent per organisation, the child and each
 * guardian prepared by the initiator, and the invitation. */
static void test_new_case(void **state)
{
    struct fixture f;
    const struct bp_task *t;
    (void)state;
    base(&f, BP_MODEL_VASTERBOTTEN, "2026-03-10");
    run(&f, "2026-03-12");
    assert_int_equal(f.list.count, 6);
    t = find(&f, BP_TASK_OBTAIN_CONSENT, SCHOOL);
    expect("V-2.6 the school's consent", t, BP_TASK_OPEN, NULL);
    assert_int_equal(t->org_id, SCHOOL);
    assert_int_equal(t->user_id, ANNA);
    t = find(&f, BP_TASK_OBTAIN_CONSENT, SOCIAL);
    expect("V-2.6 social services' own consent", t, BP_TASK_OPEN, NULL);
    assert_int_equal(t->org_id, SOCIAL); /* every organisation obtains its own */
    assert_int_equal(t->user_id, 0);
    t = find(&f, BP_TASK_PREPARE_CHILD, 0);
    expect("V-3.2 V-4.3 prepare the child before the invitation", t, BP_TASK_OPEN, "2026-03-31");
    assert_int_equal(t->org_id, SCHOOL);
    expect("V-4.1 prepare a guardian", find(&f, BP_TASK_PREPARE_GUARDIAN, 11), BP_TASK_OPEN, "2026-03-31");
    expect("V-4.1 prepare the other guardian", find(&f, BP_TASK_PREPARE_GUARDIAN, 12), BP_TASK_OPEN,
           "2026-03-31");
    expect("V-6.1 send the invitation", find(&f, BP_TASK_SEND_INVITATION, 0), BP_TASK_OPEN, "2026-03-31");
    assert_null(find(&f, BP_TASK_INFORM_NAMED_PERSON, 0)); /* K-1.2 is Kronoberg's */
    /* dated tasks first, consents (no date yet) last */
    assert_int_equal(f.list.items[f.list.count - 1].kind, BP_TASK_OBTAIN_CONSENT);
    f.kase.status = BP_CASE_CLOSED;
    run(&f, "2026-03-12");
    assert_int_equal(f.list.count, 0); /* a closed case has no tasks */
}

/* K-1.2, K-2.1, K-2.2: another organisation initiates in Kronoberg: it obtains the consents and informs
 * the named person. */
static void test_kronoberg_other_org(void **state)
{
    struct fixture f;
    const struct bp_task *t;
    (void)state;
    base(&f, BP_MODEL_KRONOBERG, "2026-03-10");
    f.kase.route = BP_ROUTE_KRONOBERG_OTHER_ORG;
    run(&f, "2026-03-12");
    expect("K-1.2 inform the named person", find(&f, BP_TASK_INFORM_NAMED_PERSON, 0), BP_TASK_OPEN, NULL);
    t = find(&f, BP_TASK_OBTAIN_CONSENT, SOCIAL);
    expect("K-2.2 the initiating organisation obtains the consent", t, BP_TASK_OPEN, NULL);
    assert_int_equal(t->org_id, SCHOOL);
    assert_int_equal(t->user_id, ANNA);
    f.s.named_person_informed = true;
    f.s.named_person_informed_on = D("2026-03-11");
    run(&f, "2026-03-12");
    expect("K-1.2 informed", find(&f, BP_TASK_INFORM_NAMED_PERSON, 0), BP_TASK_DONE, NULL);
    f.kase.route = BP_ROUTE_KRONOBERG_NAMED_PERSON;
    run(&f, "2026-03-12");
    assert_null(find(&f, BP_TASK_INFORM_NAMED_PERSON, 0)); /* K-1.1: the named person called it */
}

/* a Kronoberg case without a barnensbästa-ansvarig asks the initiator to name one; X-3: the BBA then
 * has the decision on their own list until it is recorded. Nothing of this in Västerbotten. */
static void test_named_person_as_person(void **state)
{
    struct fixture f;
    const struct bp_task *t;
    (void)state;
    base(&f, BP_MODEL_KRONOBERG, "2026-03-10");
    run(&f, "2026-03-12");
    t = find(&f, BP_TASK_NAME_NAMED_PERSON, 0);
    expect("X-1 name the barnensbästa-ansvarig", t, BP_TASK_OPEN, NULL);
    assert_int_equal(t->user_id, ANNA);
    assert_null(find(&f, BP_TASK_NAMED_PERSON_DECIDE, 0));
    f.kase.named_person_user_id = CARL;
    f.kase.named_person_org_id = SOCIAL;
    run(&f, "2026-03-12");
    assert_null(find(&f, BP_TASK_NAME_NAMED_PERSON, 0));
    t = find(&f, BP_TASK_NAMED_PERSON_DECIDE, 0);
    expect("X-3 the BBA decides", t, BP_TASK_OPEN, NULL);
    assert_int_equal(t->user_id, CARL); /* on the BBA's own list */
    assert_int_equal(t->org_id, SOCIAL);
    f.kase.named_person_decision = "collaborate";
    f.s.named_person_decided_on = D("2026-03-13");
    run(&f, "2026-03-14");
    expect("X-3 decided", find(&f, BP_TASK_NAMED_PERSON_DECIDE, 0), BP_TASK_DONE, NULL);
    run(&f, "2026-04-14"); /* gone after the recent days */
    assert_null(find(&f, BP_TASK_NAMED_PERSON_DECIDE, 0));
    base(&f, BP_MODEL_VASTERBOTTEN, "2026-03-10");
    run(&f, "2026-03-12");
    assert_null(find(&f, BP_TASK_NAME_NAMED_PERSON, 0));
}

/* V-2.6, V-2.8: a consent in force is done (and leaves the list after two weeks); a withdrawn one is not
 * asked for again; one past its renewal date is. The plan meeting's date is when it is needed (V-2.3). */
static void test_consent(void **state)
{
    struct fixture f;
    (void)state;
    base(&f, BP_MODEL_VASTERBOTTEN, "2026-03-10");
    meeting(&f, BP_MEETING_PLAN, "2026-03-30", NULL);
    f.consents[0] =
        (struct bp_consent){.org_id = SCHOOL, .given_on = D("2026-03-11"), .status = BP_CONSENT_ACTIVE};
    f.consents[1] =
        (struct bp_consent){.org_id = SOCIAL, .given_on = D("2026-03-11"), .status = BP_CONSENT_WITHDRAWN};
    f.n_consents = 2;
    run(&f, "2026-03-12");
    expect("V-2.6 obtained", find(&f, BP_TASK_OBTAIN_CONSENT, SCHOOL), BP_TASK_DONE, "2026-03-30");
    assert_null(find(&f, BP_TASK_OBTAIN_CONSENT, SOCIAL)); /* V-2.8 */
    run(&f, "2026-03-26");
    assert_null(find(&f, BP_TASK_OBTAIN_CONSENT, SCHOOL)); /* done 15 days ago: off the list */
    f.consents[0].has_renewal = true;
    f.consents[0].renew_on = D("2026-03-20");
    f.n_consents = 1;
    run(&f, "2026-03-30");
    expect("V-2.6 lapsed: obtain it again, on the meeting's day", find(&f, BP_TASK_OBTAIN_CONSENT, SCHOOL),
           BP_TASK_DUE_TODAY, "2026-03-30");
    expect("V-2.6 no consent at all", find(&f, BP_TASK_OBTAIN_CONSENT, SOCIAL), BP_TASK_DUE_TODAY,
           "2026-03-30");
}

/* V-3.2, V-4.1, V-4.3: preparations done on time, and late (after the invitation was due). */
static void test_preparations(void **state)
{
    struct fixture f;
    (void)state;
    base(&f, BP_MODEL_KRONOBERG, "2026-03-01");
    meeting(&f, BP_MEETING_PLAN, "2026-04-10", NULL); /* the invitation is due 2026-03-20 (K-4.3) */
    f.child_prep = (struct bp_child_prep){.done = true, .done_on = D("2026-03-18")};
    f.gp[0] = (struct bp_guardian_prep){.guardian_id = 11, .done = true, .done_on = D("2026-03-21")};
    f.gp[1] = (struct bp_guardian_prep){.guardian_id = 12, .done = false};
    f.n_gp = 2;
    run(&f, "2026-03-22");
    expect("V-3.2 the child prepared", find(&f, BP_TASK_PREPARE_CHILD, 0), BP_TASK_DONE, "2026-03-20");
    expect("V-4.3 a guardian prepared after the invitation was due", find(&f, BP_TASK_PREPARE_GUARDIAN, 11),
           BP_TASK_DONE_LATE, "2026-03-20");
    expect("V-4.1 the other guardian not yet", find(&f, BP_TASK_PREPARE_GUARDIAN, 12), BP_TASK_LATE,
           "2026-03-20");
    f.child_prep.meeting_id = 999; /* prepared for another meeting: does not count */
    run(&f, "2026-03-22");
    expect("V-3.2 prepared for another meeting", find(&f, BP_TASK_PREPARE_CHILD, 0), BP_TASK_LATE,
           "2026-03-20");
    f.meetings[0].status = BP_MEETING_HELD;
    run(&f, "2026-04-11");
    assert_null(find(&f, BP_TASK_PREPARE_GUARDIAN, 12)); /* the meeting was held: moot */
}

/* V-5.3: one organisation's need is enough; the initiator calls the professionals' preparation. */
static void test_call_preparation(void **state)
{
    struct fixture f;
    const struct bp_task *t;
    (void)state;
    base(&f, BP_MODEL_VASTERBOTTEN, "2026-03-10");
    meeting(&f, BP_MEETING_PLAN, "2026-03-30", NULL);
    run(&f, "2026-03-12");
    assert_null(find(&f, BP_TASK_CALL_PREPARATION, 0)); /* nobody asked */
    f.s.preparation_requested = true;
    run(&f, "2026-03-12");
    t = find(&f, BP_TASK_CALL_PREPARATION, 0);
    expect("V-5.3 call the professionals' preparation", t, BP_TASK_OPEN, "2026-03-29");
    assert_int_equal(t->user_id, ANNA);
    meeting(&f, BP_MEETING_PREPARATION, "2026-03-20", "2026-03-13");
    run(&f, "2026-03-14");
    expect("V-5.3 called", find(&f, BP_TASK_CALL_PREPARATION, 0), BP_TASK_DONE, "2026-03-29");
    expect("the preparation's own invitation", find(&f, BP_TASK_HOLD_MEETING, 0), BP_TASK_OPEN, "2026-03-20");
}

/* K-4.6, K-4.7: a professional answers; V-6.2 Västerbotten finds a substitute for a no. */
static void test_answers_and_substitutes(void **state)
{
    struct fixture f;
    const struct bp_task *t;
    (void)state;
    base(&f, BP_MODEL_VASTERBOTTEN, "2026-03-10");
    meeting(&f, BP_MEETING_PLAN, "2026-03-30", "2026-03-12");
    add_invitee(&f, 0, (struct bp_invitee){.id = 1, .kind = BP_INVITEE_CHILD, .answer = BP_ANSWER_NO});
    add_invitee(&f, 0,
                (struct bp_invitee){.id = 2,
                                    .kind = BP_INVITEE_PROFESSIONAL,
                                    .org_id = SOCIAL,
                                    .user_id = BO,
                                    .substitute_name = ""});
    add_invitee(&f, 0,
                (struct bp_invitee){.id = 3,
                                    .kind = BP_INVITEE_PROFESSIONAL,
                                    .org_id = SOCIAL,
                                    .answer = BP_ANSWER_NO,
                                    .answered_on = D("2026-03-13"),
                                    .decline_reason = "Kurs",
                                    .substitute_name = ""});
    run(&f, "2026-03-14");
    t = find(&f, BP_TASK_ANSWER_INVITATION, 2);
    expect("K-4.6 answer the invitation before the meeting", t, BP_TASK_OPEN, "2026-03-29");
    assert_int_equal(t->org_id, SOCIAL);
    assert_int_equal(t->user_id, BO);
    expect("K-4.7 answered", find(&f, BP_TASK_ANSWER_INVITATION, 3), BP_TASK_DONE, "2026-03-29");
    t = find(&f, BP_TASK_FIND_SUBSTITUTE, 3);
    expect("V-6.2 a substitute shall be appointed", t, BP_TASK_OPEN, "2026-03-29");
    assert_int_equal(t->org_id, SOCIAL);
    assert_null(find(&f, BP_TASK_FIND_SUBSTITUTE, 1)); /* V-3.13: the child is never replaced or forced */
    assert_null(find(&f, BP_TASK_DECIDE_ABSENCE, 3));  /* K-4.8 is Kronoberg's */
    run(&f, "2026-03-30");
    expect("V-6.2 on the meeting's day: late", find(&f, BP_TASK_FIND_SUBSTITUTE, 3), BP_TASK_LATE,
           "2026-03-29");
    f.invitees[0][2].substitute_name = "Eva Ström";
    f.invitees[0][2].substituted_on = D("2026-03-16");
    run(&f, "2026-03-17");
    expect("V-6.2 substitute named", find(&f, BP_TASK_FIND_SUBSTITUTE, 3), BP_TASK_DONE, "2026-03-29");
    f.invitees[0][2].substitute_name = "";
    f.meetings[0].status = BP_MEETING_CANCELLED;
    run(&f, "2026-03-17");
    assert_null(find(&f, BP_TASK_FIND_SUBSTITUTE, 3)); /* nobody is replaced at a cancelled meeting */
    assert_null(find(&f, BP_TASK_ANSWER_INVITATION, 2));
}

/* K-4.7, K-4.8: in Kronoberg the inviter is told and decides with the guardian to cancel or hold. */
static void test_kronoberg_absence(void **state)
{
    struct fixture f;
    const struct bp_task *t;
    (void)state;
    base(&f, BP_MODEL_KRONOBERG, "2026-03-01");
    meeting(&f, BP_MEETING_PLAN, "2026-04-10", "2026-03-19");
    add_invitee(&f, 0,
                (struct bp_invitee){.id = 3,
                                    .kind = BP_INVITEE_PROFESSIONAL,
                                    .org_id = SOCIAL,
                                    .answer = BP_ANSWER_NO,
                                    .answered_on = D("2026-03-20"),
                                    .substitute_name = "Eva Ström"});
    run(&f, "2026-03-21");
    t = find(&f, BP_TASK_DECIDE_ABSENCE, 3);
    expect("K-4.8 decide with the guardian", t, BP_TASK_OPEN, "2026-04-09");
    assert_int_equal(t->org_id, SCHOOL); /* the inviter's */
    assert_int_equal(t->user_id, ANNA);
    assert_null(find(&f, BP_TASK_FIND_SUBSTITUTE, 3));
    f.decisions[0] = (struct bp_absence_decision){
        .invitee_id = 3, .outcome = BP_ABSENCE_CANCEL, .guardian_id = 11, .decided_on = D("2026-03-22")};
    f.views[0].n_decisions = 1;
    f.meetings[0].status = BP_MEETING_CANCELLED;
    run(&f, "2026-03-23");
    expect("K-4.8 decided: cancelled", find(&f, BP_TASK_DECIDE_ABSENCE, 3), BP_TASK_DONE, "2026-04-09");
    assert_null(find(&f, BP_TASK_HOLD_MEETING, 0)); /* a cancelled meeting is not held */
    /* the cancelled meeting leaves the case without one: a new invitation is due */
    expect("K-4.3 a new meeting to invite to", find(&f, BP_TASK_SEND_INVITATION, 0), BP_TASK_OPEN, NULL);
    assert_int_equal(find(&f, BP_TASK_SEND_INVITATION, 0)->meeting_id, 0);
}

/* Holding the meeting, finishing the plan (V-8a.1), telling the absent child (V-8a.6). */
static void test_meeting_and_after(void **state)
{
    struct fixture f;
    const struct bp_task *t;
    struct bp_meeting *m;
    (void)state;
    base(&f, BP_MODEL_VASTERBOTTEN, "2026-03-10");
    m = meeting(&f, BP_MEETING_PLAN, "2026-03-30", "2026-03-12");
    m->note_taker_user_id = CARL;
    add_invitee(&f, 0, (struct bp_invitee){.id = 1, .kind = BP_INVITEE_CHILD});
    run(&f, "2026-03-30");
    t = find(&f, BP_TASK_HOLD_MEETING, 0);
    expect("the meeting is held today", t, BP_TASK_DUE_TODAY, "2026-03-30");
    assert_int_equal(t->user_id, ANNA); /* V-5.7: the caller chairs */
    run(&f, "2026-03-31");
    expect("the meeting was not recorded", find(&f, BP_TASK_HOLD_MEETING, 0), BP_TASK_LATE, "2026-03-30");
    assert_null(find(&f, BP_TASK_FINISH_PLAN, 0));

    m->status = BP_MEETING_HELD;
    f.invitees[0][0].attendance = BP_ATTEND_ABSENT;
    run(&f, "2026-03-31");
    expect("held", find(&f, BP_TASK_HOLD_MEETING, 0), BP_TASK_DONE, "2026-03-30");
    t = find(&f, BP_TASK_FINISH_PLAN, 0);
    expect("V-8a.1 finish the plan", t, BP_TASK_OPEN, "2026-04-06");
    assert_int_equal(t->user_id, CARL); /* V-5.6: the note-taker documents it */
    t = find(&f, BP_TASK_DEBRIEF_CHILD, 0);
    expect("V-8a.6 tell the child what was said", t, BP_TASK_OPEN, "2026-04-06");
    run(&f, "2026-04-07");
    expect("V-8a.1 the plan is late", find(&f, BP_TASK_FINISH_PLAN, 0), BP_TASK_LATE, "2026-04-06");
    expect("V-8a.6 the child not yet told", find(&f, BP_TASK_DEBRIEF_CHILD, 0), BP_TASK_LATE, "2026-04-06");

    f.plan = (struct bp_plan){.id = 9, .status = BP_PLAN_DRAFT};
    f.s.plan = &f.plan;
    run(&f, "2026-04-02");
    expect("V-8a.1 a draft is not finished", find(&f, BP_TASK_FINISH_PLAN, 9), BP_TASK_OPEN, "2026-04-06");
    f.plan.status = BP_PLAN_FINISHED;
    f.plan.finished_on = D("2026-04-08");
    m->child_debriefed = true;
    m->debriefed_on = D("2026-04-01");
    run(&f, "2026-04-09");
    expect("V-8a.1 finished after a week", find(&f, BP_TASK_FINISH_PLAN, 9), BP_TASK_DONE_LATE, "2026-04-06");
    expect("V-8a.6 told", find(&f, BP_TASK_DEBRIEF_CHILD, 0), BP_TASK_DONE, "2026-04-06");

    f.invitees[0][0].attendance = BP_ATTEND_PRESENT;
    m->child_debriefed = false;
    run(&f, "2026-04-09");
    assert_null(find(&f, BP_TASK_DEBRIEF_CHILD, 0)); /* the child was there */
}

/* V-8a.5: a pending decision is the decider's task until decided. */
static void test_decision_feedback(void **state)
{
    struct fixture f;
    const struct bp_task *t;
    (void)state;
    base(&f, BP_MODEL_VASTERBOTTEN, "2026-03-10");
    f.pending[0] = (struct bp_pending_decision){.id = 4,
                                                .what = "Korttidsboende",
                                                .org_id = SOCIAL,
                                                .user_id = BO,
                                                .has_due = true,
                                                .due_on = D("2026-04-15")};
    f.s.decisions = f.pending;
    f.s.n_decisions = 1;
    run(&f, "2026-04-16");
    t = find(&f, BP_TASK_DECISION_FEEDBACK, 4);
    expect("V-8a.5 not decided by its date", t, BP_TASK_LATE, "2026-04-15");
    assert_int_equal(t->user_id, BO);
    f.pending[0].status = BP_DECISION_DECIDED;
    f.pending[0].decided_on = D("2026-04-14");
    run(&f, "2026-04-16");
    expect("V-8a.5 decided in time", find(&f, BP_TASK_DECISION_FEEDBACK, 4), BP_TASK_DONE, "2026-04-15");
}

/* V-9.3, V-9.4: a reported event is the coordinator's task until decided: the plan's named person, else
 * each coordinating organisation. */
static void test_decide_event(void **state)
{
    struct fixture f;
    struct bp_plan plan = {.id = 9, .case_id = 1, .version = 1, .status = BP_PLAN_FINISHED};
    struct bp_plan_event ev = {.id = 7, .case_id = 1, .org_id = SOCIAL, .what = "Flytt"};
    const struct bp_task *t;
    (void)state;
    base(&f, BP_MODEL_VASTERBOTTEN, "2026-03-10");
    plan.coordinator_orgs[0] = SCHOOL;
    plan.n_coordinator_orgs = 1;
    plan.coordinator_user_id = ANNA;
    f.s.plan = &plan;
    f.s.open_events = &ev;
    f.s.n_open_events = 1;
    run(&f, "2026-04-16");
    t = find(&f, BP_TASK_DECIDE_EVENT, 7);
    expect("V-9.3 the event waits for the coordinator", t, BP_TASK_OPEN, NULL);
    assert_int_equal(t->user_id, ANNA);
    plan.coordinator_user_id = 0; /* no named person: the coordinating organisation */
    run(&f, "2026-04-16");
    t = find(&f, BP_TASK_DECIDE_EVENT, 7);
    assert_non_null(t);
    assert_int_equal(t->user_id, 0);
    assert_int_equal(t->org_id, SCHOOL);
    f.s.n_open_events = 0; /* V-9.4: decided */
    run(&f, "2026-04-16");
    assert_null(find(&f, BP_TASK_DECIDE_EVENT, 7));
}

/* The list is ordered most urgent first. */
static void test_order(void **state)
{
    struct fixture f;
    size_t i;
    (void)state;
    base(&f, BP_MODEL_VASTERBOTTEN, "2026-03-10");
    f.child_prep = (struct bp_child_prep){.done = true, .done_on = D("2026-04-01")}; /* after day 21 */
    f.pending[0] =
        (struct bp_pending_decision){.id = 4, .org_id = SOCIAL, .has_due = true, .due_on = D("2026-04-01")};
    f.s.decisions = f.pending;
    f.s.n_decisions = 1;
    run(&f, "2026-04-01");
    for (i = 1; i < f.list.count; i++)
        assert_true(f.list.items[i - 1].status <= f.list.items[i].status);
    assert_int_equal(f.list.items[0].status, BP_TASK_LATE);
    assert_int_equal(f.list.items[f.list.count - 1].status, BP_TASK_DONE_LATE);
    assert_int_equal(f.list.items[f.list.count - 1].kind, BP_TASK_PREPARE_CHILD);
}

/* "My tasks": one's own by name, or one's organisation's when no person is named. */
static void test_falls_on(void **state)
{
    static struct bp_membership anna_orgs[] = {{SCHOOL, BP_ROLE_PROFESSIONAL, "Skolan"}};
    static struct bp_membership bo_orgs[] = {{SOCIAL, BP_ROLE_PROFESSIONAL, "Socialtjänsten"}};
    struct bp_user anna = {ANNA, "anna", "Anna", "", false, false, anna_orgs, 1};
    struct bp_user bo = {BO, "bo", "Bo", "", false, false, bo_orgs, 1};
    struct bp_user bo_left = bo;
    struct bp_task mine = {.org_id = SCHOOL, .user_id = ANNA};
    struct bp_task social = {.org_id = SOCIAL};
    (void)state;
    bo_left.disabled = true;
    assert_true(bp_task_falls_on(&mine, &anna));
    assert_false(bp_task_falls_on(&mine, &bo));
    assert_true(bp_task_falls_on(&social, &bo));
    assert_false(bp_task_falls_on(&social, &anna));
    assert_false(bp_task_falls_on(&social, &bo_left));
    assert_false(bp_task_falls_on(&social, NULL));
    assert_string_equal(bp_task_kind_codes[BP_TASK_DECIDE_ABSENCE], "decide_absence");
    assert_string_equal(bp_task_status_codes[BP_TASK_DONE_LATE], "done_late");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_invitation_boundaries),
        cmocka_unit_test(test_calendar_days_not_hours),
        cmocka_unit_test(test_new_case),
        cmocka_unit_test(test_kronoberg_other_org),
        cmocka_unit_test(test_named_person_as_person), /* */
        cmocka_unit_test(test_consent),
        cmocka_unit_test(test_preparations),
        cmocka_unit_test(test_call_preparation),
        cmocka_unit_test(test_answers_and_substitutes),
        cmocka_unit_test(test_kronoberg_absence),
        cmocka_unit_test(test_meeting_and_after),
        cmocka_unit_test(test_decision_feedback),
        cmocka_unit_test(test_decide_event),
        cmocka_unit_test(test_order),
        cmocka_unit_test(test_falls_on),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
