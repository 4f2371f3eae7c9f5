/* test_reminders.c: which reminders are due for a case on a day (domain/reminders.c, issue 9 item 10):
 * an invitation due soon (V-6.1, K-4.3), a late task once a week, a consent near its renewal date, a
 * follow-up coming up (V-10.1, V-10.2); each with a key that names its occasion, the same on every run of
 * the same day and a new one for a new occasion. Must not read the clock: every "today" is given. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "domain/reminders.h"

enum { SCHOOL = 10, SOCIAL = 30, ANNA = 5 };

static struct bp_date D(const char *s) {
    struct bp_date d;
    if (!bp_date_parse(s, &d))
        fail_msg("bad date %s", s);
    return d;
}

struct fixture {
    struct bp_case kase;
    struct bp_consent consents[2];
    struct bp_plan plan;
    struct bp_case_snapshot s;
    struct bp_task_list tasks;
    struct bp_reminder_facts facts;
    struct bp_reminder out[BP_MAX_REMINDERS];
};

static void base(struct fixture *f)
{
    memset(f, 0, sizeof(*f));
    f->kase = (struct bp_case){.id = 7, .status = BP_CASE_OPEN, .initiating_org_id = SCHOOL};
    f->s = (struct bp_case_snapshot){.kase = &f->kase, .consents = f->consents};
}

static void task(struct fixture *f, enum bp_task_kind kind, enum bp_task_status status, const char *due)
{
    f->tasks.items[f->tasks.count++] = (struct bp_task){.kind = kind,
                                                        .status = status,
                                                        .case_id = 7,
                                                        .org_id = SCHOOL,
                                                        .user_id = ANNA,
                                                        .meeting_id = 3,
                                                        .has_due = due != NULL,
                                                        .due = due ? D(due) : (struct bp_date){0}};
}

static size_t due(struct fixture *f, const char *today)
{
    return bp_reminders_due(&f->s, &f->tasks, &f->facts, D(today), f->out, BP_MAX_REMINDERS);
}

/* V-6.1, K-4.3: the invitation is reminded of from three days before it is due, under one key. */
static void test_invitation_soon(void **state)
{
    struct fixture f;
    char key[BP_REMINDER_KEY_LEN];
    (void)state;
    base(&f);
    task(&f, BP_TASK_SEND_INVITATION, BP_TASK_OPEN, "2026-12-10");
    assert_int_equal(due(&f, "2026-12-06"), 0); /* four days before: not yet */
    assert_int_equal(due(&f, "2026-12-07"), 1);
    assert_int_equal(f.out[0].kind, BP_REMIND_INVITATION_SOON);
    assert_int_equal(f.out[0].user_id, ANNA);
    assert_int_equal(f.out[0].org_id, SCHOOL);
    assert_string_equal(f.out[0].key, "invitation_soon:7:3:2026-12-10");
    memcpy(key, f.out[0].key, sizeof(key));
    assert_int_equal(due(&f, "2026-12-10"), 1); /* the same occasion the next days: the same key */
    assert_string_equal(f.out[0].key, key);
    /* other open tasks are not reminded of before they are late */
    base(&f);
    task(&f, BP_TASK_PREPARE_CHILD, BP_TASK_OPEN, "2026-12-10");
    assert_int_equal(due(&f, "2026-12-09"), 0);
}

/* A late task: a reminder on its first late day and one a week while it stays late; done: none. */
static void test_task_late_weekly(void **state)
{
    struct fixture f;
    (void)state;
    base(&f);
    task(&f, BP_TASK_FINISH_PLAN, BP_TASK_LATE, "2026-12-01");
    assert_int_equal(due(&f, "2026-12-02"), 1);
    assert_int_equal(f.out[0].kind, BP_REMIND_TASK_LATE);
    assert_string_equal(f.out[0].key, "task_late:7:finish_plan:3:0:2026-12-01:w0");
    assert_int_equal(due(&f, "2026-12-08"), 1);
    assert_string_equal(f.out[0].key, "task_late:7:finish_plan:3:0:2026-12-01:w0");
    assert_int_equal(due(&f, "2026-12-09"), 1);
    assert_string_equal(f.out[0].key, "task_late:7:finish_plan:3:0:2026-12-01:w1");
    f.tasks.items[0].status = BP_TASK_DONE_LATE;
    assert_int_equal(due(&f, "2026-12-09"), 0);
    /* a closed case has no reminders */
    f.tasks.items[0].status = BP_TASK_LATE;
    f.kase.status = BP_CASE_CLOSED;
    assert_int_equal(due(&f, "2026-12-09"), 0);
}

/* A consent in force is reminded of 30 days before its renewal date, to the one who obtained it. */
static void test_consent_renewal(void **state)
{
    struct fixture f;
    (void)state;
    base(&f);
    f.consents[0] = (struct bp_consent){.id = 44,
                                        .case_id = 7,
                                        .org_id = SOCIAL,
                                        .status = BP_CONSENT_ACTIVE,
                                        .given_on = D("2026-01-10"),
                                        .has_renewal = true,
                                        .renew_on = D("2027-01-10"),
                                        .obtained_by = ANNA};
    f.s.n_consents = 1;
    assert_int_equal(due(&f, "2026-12-10"), 0); /* 31 days before */
    assert_int_equal(due(&f, "2026-12-11"), 1);
    assert_int_equal(f.out[0].kind, BP_REMIND_CONSENT_RENEWAL);
    assert_int_equal(f.out[0].org_id, SOCIAL);
    assert_string_equal(f.out[0].key, "consent_renewal:7:44:2027-01-10");
    f.consents[0].status = BP_CONSENT_WITHDRAWN;
    assert_int_equal(due(&f, "2026-12-11"), 0);
}

/* V-10.1, V-10.2: a follow-up booked in the finished plan is reminded of two weeks before, to each
 * coordinating organisation; a draft's date is not yet a booking. */
static void test_followup_soon(void **state)
{
    struct fixture f;
    (void)state;
    base(&f);
    f.plan = (struct bp_plan){.id = 2,
                              .case_id = 7,
                              .version = 1,
                              .status = BP_PLAN_FINISHED,
                              .coordinator_orgs = {SOCIAL},
                              .n_coordinator_orgs = 1,
                              .has_followup = true,
                              .followup_on = D("2027-02-01")};
    f.s.plan = &f.plan;
    assert_int_equal(due(&f, "2027-01-17"), 0);
    assert_int_equal(due(&f, "2027-01-18"), 1);
    assert_int_equal(f.out[0].kind, BP_REMIND_FOLLOWUP_SOON);
    assert_int_equal(f.out[0].org_id, SOCIAL);
    assert_string_equal(f.out[0].key, "followup_soon:7:1:2027-02-01:30");
    assert_int_equal(due(&f, "2027-02-02"), 0); /* past: the follow-up's own tasks take over */
    f.plan.status = BP_PLAN_DRAFT;
    assert_int_equal(due(&f, "2027-01-20"), 0);
}

/* V-8a.2, V-8a.3: a week after the version in force was finished, and weekly after, its coordinator is
 * reminded of answers and copies still missing; nothing when everyone has answered and has a copy. */
static void test_signatures_and_copies(void **state)
{
    struct fixture f;
    (void)state;
    base(&f);
    f.plan = (struct bp_plan){.id = 2,
                              .case_id = 7,
                              .version = 2,
                              .status = BP_PLAN_FINISHED,
                              .coordinator_orgs = {SOCIAL},
                              .n_coordinator_orgs = 1,
                              .coordinator_user_id = ANNA,
                              .finished_on = D("2026-12-01")};
    f.facts = (struct bp_reminder_facts){.in_force = &f.plan, .unanswered = 2, .family_without_copy = 1};
    assert_int_equal(due(&f, "2026-12-07"), 0); /* six days after */
    assert_int_equal(due(&f, "2026-12-08"), 2);
    assert_int_equal(f.out[0].kind, BP_REMIND_UNSIGNED);
    assert_string_equal(f.out[0].key, "plan_unsigned:7:2:w0");
    assert_int_equal(f.out[0].user_id, ANNA);
    assert_int_equal(f.out[1].kind, BP_REMIND_COPIES);
    assert_string_equal(f.out[1].key, "copies_missing:7:2:w0");
    assert_int_equal(due(&f, "2026-12-15"), 2);
    assert_string_equal(f.out[0].key, "plan_unsigned:7:2:w1");
    f.facts.unanswered = 0;
    f.facts.family_without_copy = 0;
    assert_int_equal(due(&f, "2026-12-15"), 0);
}

/* V-12.2: a guardian e-mailed the survey who has not answered in two weeks is reminded once, by e-mail;
 * the child's letter, an answered one and a fresh one are not. */
static void test_survey_unanswered(void **state)
{
    struct fixture f;
    struct bp_survey_fact sv[] = {
        {.id = 3, .guardian_id = 11, .on = D("2026-11-20"), .emailed = true},
        {.id = 4, .guardian_id = 12, .on = D("2026-11-20"), .emailed = true, .used = true},
        {.id = 5, .guardian_id = 0, .on = D("2026-11-20"), .emailed = true},
        {.id = 6, .guardian_id = 11, .on = D("2026-11-30"), .emailed = true}};
    (void)state;
    base(&f);
    f.facts = (struct bp_reminder_facts){.surveys = sv, .n_surveys = 4};
    assert_int_equal(due(&f, "2026-12-03"), 0);
    assert_int_equal(due(&f, "2026-12-04"), 1);
    assert_int_equal(f.out[0].kind, BP_REMIND_SURVEY);
    assert_int_equal(f.out[0].guardian_id, 11);
    assert_int_equal(f.out[0].org_id, 0);
    assert_string_equal(f.out[0].key, "survey_unanswered:7:3");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_invitation_soon),       cmocka_unit_test(test_task_late_weekly),
        cmocka_unit_test(test_consent_renewal),       cmocka_unit_test(test_followup_soon),
        cmocka_unit_test(test_signatures_and_copies), cmocka_unit_test(test_survey_unanswered),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
