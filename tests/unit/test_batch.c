/* test_batch.c: "Mina uppgifter" reads the data of all its cases at once (issue 12 item 2). For several
 * cases and four readers, bp_app_load_snapshots must give what the one-case path gives case by case
 * (bp_app_case_access, then bp_app_load_snapshot): the same cases seen (V-2.3, V-2.6: the access rule), the
 * same snapshot, part by part and in the same order, and so the same tasks (domain/tasks.c). On a real
 * SQLite file (trust_fixture.h); the store's *_many functions are in the storage contract too.
 *
 * Seeded: the fixture's case (the school's; social services under consent; BUP asked, student health no
 * longer), a case of social services alone, a rich case of the school (more meetings than the work list
 * reads, one a follow-up with its follow-up saved, invitees, an absence decision, preparations of the coming
 * meeting and of another, a finished plan and a draft after it whose new coordinator has not accepted yet,
 * pending decisions, events decided and not) and a case with only a draft plan; an id of no case. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "trust_fixture.h"
#include "domain/tasks.h"

static int64_t rich, lone, small;
static int64_t meetings_seen; /* the rich case's meeting count, for the test's own check */

static int64_t add_case(int64_t org, int64_t user)
{
    struct bp_case k = {.child_id = fx.child,
                        .model = BP_MODEL_VASTERBOTTEN,
                        .plan_kind = bp_plan_kind_for(BP_MODEL_VASTERBOTTEN, false),
                        .status = BP_CASE_OPEN,
                        .initiating_org_id = org,
                        .initiator_user_id = user,
                        .noticed_on = "2026-11-02",
                        .route = BP_ROUTE_HLT,
                        .requested_by = BP_REQ_PROFESSIONAL,
                        .reason = "samordning",
                        .created_at = T0};
    assert_ok(bp_case_add(fx.s, &k));
    return k.id;
}

static int64_t add_meeting(int64_t k, enum bp_meeting_kind kind, int day)
{
    struct bp_meeting m = {.case_id = k,
                           .kind = kind,
                           .status = BP_MEETING_PLANNED,
                           .starts_at = T0 + (int64_t)day * 86400,
                           .ends_at = T0 + (int64_t)day * 86400 + 3600,
                           .date = {2026, 12, 1 + day % 28},
                           .start_minute = 600,
                           .end_minute = 660,
                           .place = "Skolan",
                           .setting = BP_SETTING_PHYSICAL,
                           .purpose = "Planen",
                           .called_by_user = fx.anna.id,
                           .called_by_org = fx.school,
                           .chair_user_id = fx.anna.id};
    assert_ok(bp_meeting_add(fx.s, &m, T0));
    return m.id;
}

static void add_invitees(int64_t meeting)
{
    struct bp_invitee g = {
        .meeting_id = meeting, .kind = BP_INVITEE_GUARDIAN, .guardian_id = fx.g2, .name = "Johan"};
    struct bp_invitee p = {.meeting_id = meeting,
                           .kind = BP_INVITEE_PROFESSIONAL,
                           .org_id = fx.social,
                           .user_id = fx.bo.id,
                           .name = "Bo"};
    assert_ok(bp_invitee_add(fx.s, &g));
    assert_ok(bp_invitee_add(fx.s, &p));
    p.answer = BP_ANSWER_NO;
    p.answered_on = (struct bp_date){2026, 11, 18};
    p.decline_reason = "Semester";
    p.attendance = BP_ATTEND_ABSENT;
    assert_ok(bp_invitee_update(fx.s, &p));
    if (meeting % 3 == 0) {
        struct bp_absence_decision d = {.meeting_id = meeting,
                                        .invitee_id = p.id,
                                        .outcome = BP_ABSENCE_HOLD,
                                        .decided_on = {2026, 11, 18},
                                        .note = "Vi kör",
                                        .decided_by = fx.anna.id};
        assert_ok(bp_absence_decision_add(fx.s, &d, T0));
    }
}

static void add_preps(int64_t k, int64_t meeting)
{
    struct bp_child_prep_record c;
    struct bp_guardian_prep_record g;
    memset(&c, 0, sizeof(c));
    c.p = (struct bp_child_prep){.case_id = k,
                                 .meeting_id = meeting,
                                 .informed = true,
                                 .informed_on = {2026, 11, 10},
                                 .how_informed = "Med bilder",
                                 .participation = BP_PART_WHOLE,
                                 .setting = BP_SETTING_PHYSICAL,
                                 .support_kind = BP_SUPPORT_INITIATOR,
                                 .prepared_by = fx.anna.id};
    c.org_id = fx.school;
    c.created_at = c.updated_at = T0;
    assert_ok(bp_child_prep_save(fx.s, &c));
    memset(&g, 0, sizeof(g));
    g.p = (struct bp_guardian_prep){
        .case_id = k, .meeting_id = meeting, .guardian_id = fx.g2, .prepared_by = fx.anna.id};
    g.org_id = fx.school;
    g.created_at = g.updated_at = T0;
    assert_ok(bp_guardian_prep_save(fx.s, &g));
    if (!meeting) { /* the other guardian too, before the first in id order but after it in guardian order */
        g.p.id = 0;
        g.p.guardian_id = fx.g1;
        g.p.done = true;
        g.p.done_on = (struct bp_date){2026, 11, 12};
        assert_ok(bp_guardian_prep_save(fx.s, &g));
    }
}

static void add_plan_parts(int64_t k, bool full)
{
    struct bp_plan p = {
        .case_id = k, .version = 1, .status = BP_PLAN_DRAFT, .kind = "sip_child_plan", .followup_minute = -1};
    struct bp_pending_decision d = {.case_id = k,
                                    .what = "Beslut om stöd",
                                    .org_id = fx.social,
                                    .decider_name = "Enhetschefen",
                                    .has_due = true,
                                    .due_on = {2026, 12, 10},
                                    .status = BP_DECISION_PENDING};
    struct bp_plan_event ev = {.case_id = k,
                               .org_id = fx.social,
                               .what = "Flytt",
                               .happened_on = {2026, 11, 15},
                               .reported_by = fx.bo.id,
                               .created_at = T0};
    p.coordinator_orgs[p.n_coordinator_orgs++] = fx.school;
    assert_ok(bp_plan_add(fx.s, &p, T0));
    assert_ok(bp_decision_add(fx.s, &d, T0));
    if (!full)
        return;
    p.status = BP_PLAN_FINISHED;
    p.finished_on = (struct bp_date){2026, 11, 16};
    p.finished_by = fx.anna.id;
    assert_ok(bp_plan_set_status(fx.s, &p));
    p = (struct bp_plan){
        .case_id = k, .version = 2, .status = BP_PLAN_DRAFT, .kind = "sip_child_plan", .followup_minute = -1};
    p.coordinator_orgs[p.n_coordinator_orgs++] = fx.school;
    p.coordinator_orgs[p.n_coordinator_orgs++] = fx.social; /* V-10.7: new, has not accepted */
    p.coordinator_orgs[p.n_coordinator_orgs++] = fx.bup;
    assert_ok(bp_plan_add(fx.s, &p, T0));
    assert_ok(bp_coordination_answer(fx.s, p.id, fx.bup, true, fx.dora.id, T0));
    d.what = "Beslut om boende";
    d.has_due = false;
    assert_ok(bp_decision_add(fx.s, &d, T0));
    assert_ok(bp_plan_event_add(fx.s, &ev));
    ev.id = 0;
    ev.what = "Byter skola";
    assert_ok(bp_plan_event_add(fx.s, &ev));
    ev.decision = BP_EVENT_BOOKED_ENOUGH;
    ev.decided_by = fx.anna.id;
    ev.decided_on = (struct bp_date){2026, 11, 17};
    assert_ok(bp_plan_event_decide(fx.s, &ev));
    ev.id = 0;
    ev.what = "Ny kontakt";
    ev.decision = BP_EVENT_UNDECIDED;
    assert_ok(bp_plan_event_add(fx.s, &ev));
}

static int setup(void **state)
{
    struct bp_consent consent = {.case_id = 0,
                                 .org_id = 0,
                                 .giver = BP_CONSENT_BY_ADULT_STUDENT,
                                 .scope = "Allt",
                                 .form = BP_FORM_HLT_VASTERBOTTEN,
                                 .given_on = {2026, 11, 1},
                                 .created_at = T0};
    struct bp_followup f = {.next_minute = -1, .updated_at = T0};
    int64_t followup_meeting = 0;
    int i;
    (void)state;
    trust_db_open("bp-batch");
    trust_case_seed(false);
    trust_case_ask_others();

    lone = add_case(fx.social, fx.bo.id);
    small = add_case(fx.school, fx.anna.id);
    assert_ok(bp_case_org_ask(fx.s, small, fx.bup, fx.anna.id, T0));
    add_plan_parts(small, false);
    add_invitees(add_meeting(small, BP_MEETING_PLAN, 3));

    rich = add_case(fx.school, fx.anna.id);
    assert_ok(bp_case_org_ask(fx.s, rich, fx.social, fx.anna.id, T0));
    consent.case_id = rich;
    consent.org_id = fx.social;
    consent.obtained_by = fx.bo.id;
    assert_ok(bp_consent_add(fx.s, &consent));
    consent.id = 0;
    consent.org_id = fx.school; /* without it the school sees the intake only (V-2.3) */
    consent.obtained_by = fx.anna.id;
    assert_ok(bp_consent_add(fx.s, &consent));
    assert_ok(bp_case_org_ask(fx.s, rich, fx.bup, fx.anna.id, T0)); /* asked only: no consent */
    for (i = 0; i < BP_MAX_MEETINGS + 3; i++) {
        int64_t m = add_meeting(rich, i == BP_MAX_MEETINGS ? BP_MEETING_FOLLOWUP : BP_MEETING_PLAN, i);
        if (i % 4 == 0 || i == BP_MAX_MEETINGS)
            add_invitees(m);
        if (i == BP_MAX_MEETINGS)
            followup_meeting = m;
        if (i == 5)
            add_preps(rich, m);
    }
    meetings_seen = BP_MAX_MEETINGS + 3;
    add_preps(rich, 0);
    add_plan_parts(rich, true);
    f.case_id = rich;
    f.meeting_id = followup_meeting;
    f.plan_id = raw_int("SELECT id FROM plans WHERE case_id = %lld AND version = 1", (long long)rich);
    f.updated_by = fx.anna.id;
    assert_ok(bp_followup_save(fx.s, &f));
    return 0;
}

#define SAME_IDS(x, y, arr, n, field)                                                                        \
    do {                                                                                                     \
        size_t i_;                                                                                           \
        assert_int_equal((x)->n, (y)->n);                                                                    \
        for (i_ = 0; i_ < (x)->n; i_++)                                                                      \
            assert_int_equal((x)->arr[i_] field, (y)->arr[i_] field);                                        \
    } while (0)

static void same_tasks(const struct bp_case_snapshot *x, const struct bp_case_snapshot *y,
                       struct bp_date today)
{
    static struct bp_task_list tx, ty;
    size_t i;
    bp_tasks_for_case(x, today, &tx);
    bp_tasks_for_case(y, today, &ty);
    assert_int_equal(tx.count, ty.count);
    assert_int_equal(tx.truncated, ty.truncated);
    for (i = 0; i < tx.count; i++) {
        const struct bp_task *a = &tx.items[i], *b = &ty.items[i];
        assert_int_equal(a->kind, b->kind);
        assert_int_equal(a->status, b->status);
        assert_int_equal(a->case_id, b->case_id);
        assert_int_equal(a->org_id, b->org_id);
        assert_int_equal(a->user_id, b->user_id);
        assert_int_equal(a->meeting_id, b->meeting_id);
        assert_int_equal(a->ref_id, b->ref_id);
        assert_int_equal(a->has_due, b->has_due);
        assert_memory_equal(&a->due, &b->due, sizeof(a->due));
        assert_int_equal(a->has_done, b->has_done);
        assert_memory_equal(&a->done_on, &b->done_on, sizeof(a->done_on));
        assert_string_equal(a->reason ? a->reason : "", b->reason ? b->reason : "");
    }
}

/* x (one by one) and y (batched) part by part. */
static void same_snapshot(const struct bp_case_snapshot *x, const struct bp_case_snapshot *y)
{
    size_t i, j;
    assert_int_equal(x->kase->id, y->kase->id);
    assert_int_equal(x->kase->child_id, y->kase->child_id);
    assert_int_equal(x->kase->model, y->kase->model);
    assert_int_equal(x->kase->initiating_org_id, y->kase->initiating_org_id);
    assert_string_equal(x->kase->child_name, y->kase->child_name);
    assert_string_equal(x->kase->initiator_name, y->kase->initiator_name);
    assert_int_equal(x->kase->named_person_user_id, y->kase->named_person_user_id);
    SAME_IDS(x, y, guardians, n_guardians, .id);
    for (i = 0; i < x->n_guardians; i++)
        assert_string_equal(x->guardians[i].name, y->guardians[i].name);
    SAME_IDS(x, y, case_orgs, n_case_orgs, );
    for (i = 0; i < x->n_case_orgs; i++)
        assert_int_equal(x->case_orgs_asked[i], y->case_orgs_asked[i]);
    SAME_IDS(x, y, asked_only, n_asked_only, );
    SAME_IDS(x, y, consents, n_consents, .id);
    SAME_IDS(x, y, child_preps, n_child_preps, .id);
    SAME_IDS(x, y, guardian_preps, n_guardian_preps, .id);
    SAME_IDS(x, y, guardian_preps, n_guardian_preps, .done);
    SAME_IDS(x, y, meetings, n_meetings, .meeting->id);
    for (i = 0; i < x->n_meetings; i++) {
        const struct bp_meeting_view *a = &x->meetings[i], *b = &y->meetings[i];
        SAME_IDS(a, b, invitees, n_invitees, .id);
        for (j = 0; j < a->n_invitees; j++)
            assert_int_equal(a->invitees[j].answer, b->invitees[j].answer);
        SAME_IDS(a, b, decisions, n_decisions, .id);
    }
    assert_int_equal(x->plan != NULL, y->plan != NULL);
    if (x->plan) {
        assert_int_equal(x->plan->id, y->plan->id);
        assert_int_equal(x->plan->version, y->plan->version);
        assert_int_equal(x->plan->status, y->plan->status);
        SAME_IDS(x->plan, y->plan, coordinator_orgs, n_coordinator_orgs, );
    }
    SAME_IDS(x, y, decisions, n_decisions, .id);
    SAME_IDS(x, y, open_events, n_open_events, .id);
    SAME_IDS(x, y, followups, n_followups, .id);
    SAME_IDS(x, y, coordination_pending, n_coordination_pending, );
    assert_int_equal(x->named_person_informed, y->named_person_informed);
    assert_memory_equal(&x->named_person_named_on, &y->named_person_named_on, sizeof(struct bp_date));
}

/* Issue 12 item 2, V-2.3, V-2.6: for each reader, the batch and the one-case path agree on every case. */
static void test_batch_equals_one_by_one(void **state)
{
    const struct bp_user *readers[] = {&fx.anna, &fx.bo, &fx.dora, &fx.olle};
    int64_t ids[] = {rich, fx.kase, 987654, lone, small};
    struct bp_case_snapshot snaps[BP_ARRAY_LEN(ids)];
    bool ok[BP_ARRAY_LEN(ids)];
    size_t r, i, seen = 0, full_rich = 0;
    (void)state;
    for (r = 0; r < BP_ARRAY_LEN(readers); r++) {
        struct bp_actor actor = actor_of(readers[r]);
        memset(snaps, 0, sizeof(snaps));
        assert_ok(bp_app_load_snapshots(fx.s, &fx.a, &actor, ids, BP_ARRAY_LEN(ids), snaps, ok));
        for (i = 0; i < BP_ARRAY_LEN(ids); i++) {
            struct bp_case_access ca;
            struct bp_case_snapshot one;
            struct bp_audit audit;
            enum bp_err rc = bp_app_case_access(fx.s, &fx.a, &actor, ids[i], BP_ACCESS_ASKED, &ca, &audit);
            assert_true(rc == BP_OK || rc == BP_ERR_NOT_FOUND || rc == BP_ERR_FORBIDDEN);
            assert_int_equal(ok[i], rc == BP_OK);
            if (rc != BP_OK)
                continue;
            seen++;
            assert_ok(bp_app_load_snapshot(fx.s, &fx.a, &ca, &one));
            same_snapshot(&one, &snaps[i]);
            same_tasks(&one, &snaps[i], bp_actor_today(&actor));
            if (ids[i] == rich && ca.d.access == BP_ACCESS_FULL) {
                full_rich++; /* the test's own check: the rich case has every part */
                assert_int_equal(one.n_meetings, BP_MAX_MEETINGS);
                assert_true(meetings_seen > BP_MAX_MEETINGS);
                assert_int_equal(one.n_followups, 1);
                assert_int_equal(one.n_child_preps, 1);
                assert_int_equal(one.n_guardian_preps, 2);
                assert_int_equal(one.n_decisions, 2);
                assert_int_equal(one.n_open_events, 2);
                assert_int_equal(one.n_coordination_pending, 1);
                assert_int_equal(one.n_asked_only, 1);
            }
        }
    }
    assert_int_equal(full_rich, 2); /* Anna (the initiator) and Bo (under consent) */
    assert_true(seen >= 8);
    assert_false(ok[0] || ok[1] || ok[3] || ok[4]); /* Olle's school is in no case */
}

/* Issue 12 item 2: more cases than one statement takes (BP_BATCH_IDS, 100), the fixture's case among them
 * twice apart: each id gets its own rows. */
static void test_batch_over_a_statement(void **state)
{
    enum { N = 130 };
    int64_t ids[N];
    struct bp_case_snapshot *snaps = bp_arena_alloc(&fx.a, N * sizeof(*snaps));
    bool ok[N];
    struct bp_actor actor = actor_of(&fx.anna);
    size_t i;
    (void)state;
    for (i = 0; i < N; i++)
        ids[i] = 5000 + (int64_t)i; /* no such cases */
    ids[3] = fx.kase;
    ids[120] = rich;
    ids[129] = lone;
    assert_ok(bp_app_load_snapshots(fx.s, &fx.a, &actor, ids, N, snaps, ok));
    for (i = 0; i < N; i++)
        assert_int_equal(ok[i], i == 3 || i == 120);
    assert_int_equal(snaps[3].kase->id, fx.kase);
    assert_int_equal(snaps[120].kase->id, rich);
    assert_int_equal(snaps[120].n_meetings, BP_MAX_MEETINGS);
    assert_int_equal(snaps[3].n_meetings, 0);
    assert_int_equal(snaps[3].n_guardians, 2);
}

/* Issue 12 item 2: a table the batch reads cannot be read: "my tasks" fails whole (BP_ERR_STORAGE, no
 * list), never a list with a case's part silently missing; and works again once the table is back. */
static void test_batch_failures(void **state)
{
    static const char *const tables[] = {"case_orgs",
                                         "consents",
                                         "guardians",
                                         "child_preps",
                                         "guardian_preps",
                                         "meetings",
                                         "meeting_invitees",
                                         "meeting_absence_decisions",
                                         "followups",
                                         "plans",
                                         "plan_coordinator_orgs",
                                         "pending_decisions",
                                         "plan_events"};
    struct bp_actor actor = actor_of(&fx.anna);
    struct bp_my_task *tasks;
    struct bp_audit audit;
    size_t i, n, before;
    (void)state;
    assert_ok(bp_uc_my_tasks(fx.s, &fx.a, &actor, &tasks, &n, &audit));
    assert_true(n > 0);
    before = n;
    for (i = 0; i < BP_ARRAY_LEN(tables); i++) {
        raw("ALTER TABLE %s RENAME TO gone", tables[i]);
        assert_int_equal(bp_uc_my_tasks(fx.s, &fx.a, &actor, &tasks, &n, &audit), BP_ERR_STORAGE);
        assert_int_equal(n, 0);
        raw("ALTER TABLE gone RENAME TO %s", tables[i]);
        assert_ok(bp_uc_my_tasks(fx.s, &fx.a, &actor, &tasks, &n, &audit));
        assert_int_equal(n, before);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_batch_equals_one_by_one, setup, trust_teardown),
        cmocka_unit_test_setup_teardown(test_batch_over_a_statement, setup, trust_teardown),
        cmocka_unit_test_setup_teardown(test_batch_failures, setup, trust_teardown),
    };
    return cmocka_run_group_tests(tests, trust_template_make, trust_template_remove);
}
