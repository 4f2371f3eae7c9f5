/* test_implementation.c: the rules of carrying out the plan (domain/implementation.c) as tables: progress
 * (V-9.1), the child's words (V-9.2), events (V-9.3) and the coordinator's decision (V-9.4), who is the
 * coordinator, and the latest word on an intervention's line. Each row names the requirement it checks.
 * "Today" is fixed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "domain/implementation.h"

enum { SCHOOL = 10, SOCIAL = 30, ANNA = 5, BO = 6 };
static const struct bp_date TODAY = {2026, 4, 15};

static void expect_errors(const char *name, const struct bp_field_errors *e, const char *const *want)
{
    size_t i, n = 0;
    for (; want[n]; n += 2) {
        bool found = false;
        for (i = 0; i < e->count && !found; i++)
            found = strcmp(e->items[i].field, want[n]) == 0 && strcmp(e->items[i].code, want[n + 1]) == 0;
        if (!found)
            fail_msg("%s: wanted %s %s", name, want[n], want[n + 1]);
    }
    if (e->count != n / 2)
        fail_msg("%s: wanted %zu errors, got %zu", name, n / 2, e->count);
}

static void test_progress(void **state)
{
    static const struct {
        const char *name;
        struct bp_progress_input in;
        const char *want[6];
    } rows[] = {
        {"V-9.1 started today", {"started", "2026-04-15", "Första lektionen"}, {NULL}},
        {"V-9.1 paused, no note", {"paused", "2026-04-01", NULL}, {NULL}},
        {"V-9.1 no status", {NULL, "2026-04-15", NULL}, {"progress.status", "required", NULL}},
        {"V-9.1 unknown status", {"almost", "2026-04-15", NULL}, {"progress.status", "choice", NULL}},
        {"V-9.1 in the future", {"done", "2026-04-16", NULL}, {"progress.status_on", "future", NULL}},
        {"V-9.1 no date", {"done", "", NULL}, {"progress.status_on", "required", NULL}},
    };
    size_t i;
    (void)state;
    for (i = 0; i < BP_ARRAY_LEN(rows); i++) {
        struct bp_field_errors e = {0};
        struct bp_progress p;
        enum bp_err rc = bp_progress_validate(&rows[i].in, TODAY, &p, &e);
        expect_errors(rows[i].name, &e, rows[i].want);
        assert_int_equal(rc, e.count ? BP_ERR_INVALID : BP_OK);
    }
}

static void test_voice_and_event(void **state)
{
    struct bp_field_errors e = {0};
    struct bp_child_voice v;
    struct bp_plan_event ev;
    (void)state;
    assert_int_equal(
        bp_child_voice_validate(&(struct bp_child_voice_input){"Undrar varför", "2026-04-10"}, TODAY, &v, &e),
        BP_OK); /* V-9.2 */
    assert_string_equal(v.note, "Undrar varför");
    assert_int_equal(bp_child_voice_validate(&(struct bp_child_voice_input){"", "2026-04-16"}, TODAY, &v, &e),
                     BP_ERR_INVALID);
    expect_errors("V-9.2 empty, future", &e,
                  (const char *const[]){"voice.note", "required", "voice.said_on", "future", NULL});
    assert_int_equal(
        bp_plan_event_validate(&(struct bp_plan_event_input){"Flytt", "2026-04-15"}, TODAY, &ev, &e), BP_OK);
    assert_int_equal(bp_plan_event_validate(&(struct bp_plan_event_input){NULL, "x"}, TODAY, &ev, &e),
                     BP_ERR_INVALID); /* V-9.3 */
    expect_errors("V-9.3 nothing said", &e,
                  (const char *const[]){"event.what", "required", "event.happened_on", "date", NULL});
}

/* V-9.4: an earlier follow-up names a planned follow-up meeting; the booked one is enough with a reason. */
static void test_decision(void **state)
{
    static const struct bp_meeting meetings[] = {
        {.id = 100, .kind = BP_MEETING_FOLLOWUP, .status = BP_MEETING_PLANNED},
        {.id = 101, .kind = BP_MEETING_FOLLOWUP, .status = BP_MEETING_CANCELLED},
        {.id = 102, .kind = BP_MEETING_PLAN, .status = BP_MEETING_PLANNED},
    };
    static const struct {
        const char *name;
        struct bp_event_decision_input in;
        enum bp_err rc;
        const char *want[6];
    } rows[] = {
        {"V-9.4 earlier, with its meeting", {"earlier_followup", NULL, "100"}, BP_OK, {NULL}},
        {"V-9.4 earlier, no meeting",
         {"earlier_followup", "Snart", NULL},
         BP_ERR_INVALID,
         {"event_decision.meeting_id", "meeting_required", NULL}},
        {"V-9.4 earlier, a cancelled meeting",
         {"earlier_followup", NULL, "101"},
         BP_ERR_INVALID,
         {"event_decision.meeting_id", "choice", NULL}},
        {"V-9.4 earlier, not a follow-up",
         {"earlier_followup", NULL, "102"},
         BP_ERR_INVALID,
         {"event_decision.meeting_id", "choice", NULL}},
        {"V-9.4 booked is enough, why", {"booked_enough", "Tas upp då", NULL}, BP_OK, {NULL}},
        {"V-9.4 booked is enough, no reason",
         {"booked_enough", "", NULL},
         BP_ERR_INVALID,
         {"event_decision.note", "required", NULL}},
        {"V-9.4 no decision",
         {NULL, NULL, NULL},
         BP_ERR_INVALID,
         {"event_decision.decision", "required", NULL}},
        {"V-9.4 unknown decision",
         {"maybe", NULL, NULL},
         BP_ERR_INVALID,
         {"event_decision.decision", "choice", NULL}},
    };
    const struct bp_plan_event open = {.id = 7, .case_id = 1, .what = "Flytt"};
    struct bp_plan_event decided = open, out;
    struct bp_field_errors e = {0};
    size_t i;
    (void)state;
    for (i = 0; i < BP_ARRAY_LEN(rows); i++) {
        enum bp_err rc =
            bp_event_decide_validate(&rows[i].in, &open, meetings, BP_ARRAY_LEN(meetings), &out, &e);
        expect_errors(rows[i].name, &e, rows[i].want);
        if (rc != rows[i].rc)
            fail_msg("%s: rc %d", rows[i].name, rc);
    }
    assert_int_equal(bp_event_decide_validate(&rows[0].in, &open, meetings, 3, &out, &e), BP_OK);
    assert_int_equal(out.decision, BP_EVENT_EARLIER_FOLLOWUP);
    assert_int_equal(out.meeting_id, 100);
    decided.decision = BP_EVENT_BOOKED_ENOUGH;
    assert_int_equal(bp_event_decide_validate(&rows[0].in, &decided, meetings, 3, &out, &e), BP_ERR_CONFLICT);
    expect_errors("V-9.4 once", &e,
                  (const char *const[]){"event_decision.decision", "already_decided", NULL});
}

/* V-9.3, V-9.4: the coordinator is the named person, else a member of a coordinating organisation; V-9.1:
 * the responsible organisation's members record progress. */
static void test_who(void **state)
{
    struct bp_membership school = {SCHOOL, BP_ROLE_PROFESSIONAL, "Skolan"},
                         social = {SOCIAL, BP_ROLE_PROFESSIONAL, "Soc"};
    struct bp_user anna = {.id = ANNA, .orgs = &school, .n_orgs = 1},
                   bo = {.id = BO, .orgs = &social, .n_orgs = 1},
                   colleague = {.id = 99, .orgs = &school, .n_orgs = 1};
    struct bp_plan p = {.n_coordinator_orgs = 1, .coordinator_orgs = {SCHOOL}};
    struct bp_intervention iv = {.id = 3, .org_id = SOCIAL};
    (void)state;
    assert_true(bp_plan_is_coordinator(&p, &colleague)); /* no named person: the organisation */
    assert_false(bp_plan_is_coordinator(&p, &bo));
    p.coordinator_user_id = ANNA;
    assert_true(bp_plan_is_coordinator(&p, &anna));
    assert_false(bp_plan_is_coordinator(&p, &colleague)); /* the plan names anna */
    anna.disabled = true;
    assert_false(bp_plan_is_coordinator(&p, &anna));
    assert_true(bp_progress_may_record(&bo, &iv));
    assert_false(bp_progress_may_record(&colleague, &iv)); /* V-9.1: not the school's */
}

/* V-9.1: the latest word on a line: the latest date, then the last recorded. */
static void test_latest(void **state)
{
    const struct bp_progress list[] = {
        {.id = 3, .origin_id = 1, .status = BP_PROGRESS_DONE, .status_on = {2026, 4, 10}},
        {.id = 2, .origin_id = 1, .status = BP_PROGRESS_ONGOING, .status_on = {2026, 4, 12}},
        {.id = 4, .origin_id = 1, .status = BP_PROGRESS_PAUSED, .status_on = {2026, 4, 12}},
        {.id = 5, .origin_id = 8, .status = BP_PROGRESS_STARTED, .status_on = {2026, 4, 14}},
    };
    (void)state;
    assert_int_equal(bp_progress_latest(list, 4, 1)->id, 4);
    assert_int_equal(bp_progress_latest(list, 4, 8)->id, 5);
    assert_null(bp_progress_latest(list, 4, 2));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_progress), cmocka_unit_test(test_voice_and_event),
        cmocka_unit_test(test_decision), cmocka_unit_test(test_who),
        cmocka_unit_test(test_latest),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
