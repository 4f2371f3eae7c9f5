/* test_plan.c: the plan (domain/plan.c) as tables: areas by model (V-0.5, the wellbeing wheel), goals
 * (V-7.1), interventions with exactly one responsible organisation (V-7.2, V-0.5), commitments (V-7.3),
 * the shared parts, everything that stops a plan from being finished (V-7.1-V-7.7, K-7.1, K-7.2, V-6.9),
 * edit and read rights (V-8a.4, K-7.3), pending decisions (V-5.8, V-8a.5) and signatures (V-8a.2).
 * Each row names the requirement it checks. Must not read the clock: "today" is fixed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "domain/plan.h"
#include "domain/followup.h"

enum { SCHOOL = 10, SOCIAL = 30, BUP = 40, OUTSIDER = 50 };

static const struct bp_date TODAY = {2026, 4, 15};
static const int64_t case_orgs[] = {SCHOOL, SOCIAL, BUP};
static const struct bp_guardian guardians[] = {
    {.id = 11, .name = "Sara Ek", .custody = BP_CUSTODY_JOINT},
    {.id = 12, .name = "Johan Ek", .custody = BP_CUSTODY_JOINT},
};
static const struct bp_goal goals[] = {
    {.id = 101,
     .area = "learning",
     .need = "Alva behöver komma till skolan.",
     .goal = "Alva går i skolan varje dag."},
    {.id = 102, .area = "safety", .need = "Trygga kvällar hemma.", .goal = "Alva sover hemma."},
};

static struct bp_plan_ctx ctx_for(enum bp_model model)
{
    struct bp_plan_ctx c = {model, TODAY, case_orgs, BP_ARRAY_LEN(case_orgs), guardians, 2};
    return c;
}

struct want {
    const char *field, *code;
};

static void expect_set(const char *name, const struct bp_field_errors *got, const struct want *want)
{
    size_t i, n = 0;
    for (; want[n].field; n++) {
        bool found = false;
        for (i = 0; i < got->count && !found; i++)
            found = strcmp(got->items[i].field, want[n].field) == 0 &&
                    strcmp(got->items[i].code, want[n].code) == 0;
        if (!found)
            fail_msg("%s: wanted %s %s", name, want[n].field, want[n].code);
    }
    if (got->count != n) {
        for (i = 0; i < got->count; i++)
            print_message("  %s %s\n", got->items[i].field, got->items[i].code);
        fail_msg("%s: wanted %zu errors, got %zu", name, n, got->count);
    }
}

/* ---- areas and kinds ---- */

/* V-0.5: Västerbotten's health, learning and safety; Kronoberg's wellbeing wheel. */
static void test_areas(void **state)
{
    const char *const *codes;
    (void)state;
    assert_int_equal(bp_plan_areas(BP_MODEL_VASTERBOTTEN, &codes), 3);
    assert_string_equal(codes[0], "health");
    assert_string_equal(codes[2], "safety");
    assert_int_equal(bp_plan_areas(BP_MODEL_KRONOBERG, &codes), 8);
    assert_string_equal(codes[0], "safe");
    assert_string_equal(codes[7], "nurtured");
    assert_true(bp_plan_area_allowed(BP_MODEL_VASTERBOTTEN, "learning"));
    assert_false(bp_plan_area_allowed(BP_MODEL_VASTERBOTTEN, "included"));
    assert_true(bp_plan_area_allowed(BP_MODEL_KRONOBERG, "included"));
    assert_true(bp_plan_area_allowed(BP_MODEL_KRONOBERG, "responsible"));
    assert_false(bp_plan_area_allowed(BP_MODEL_KRONOBERG, "health"));
    assert_false(bp_plan_area_allowed(BP_MODEL_KRONOBERG, "Healthy"));
    assert_false(bp_plan_area_allowed(BP_MODEL_KRONOBERG, NULL));
}

/* K-0.8: Kronoberg makes Barnets plan, or a SIP when the guardians insist; Västerbotten SIP Barnets plan. */
static void test_kinds(void **state)
{
    (void)state;
    assert_true(bp_plan_kind_allowed(BP_MODEL_VASTERBOTTEN, "sip_child_plan"));
    assert_false(bp_plan_kind_allowed(BP_MODEL_VASTERBOTTEN, "child_plan"));
    assert_true(bp_plan_kind_allowed(BP_MODEL_KRONOBERG, "child_plan"));
    assert_true(bp_plan_kind_allowed(BP_MODEL_KRONOBERG, "sip"));
    assert_false(bp_plan_kind_allowed(BP_MODEL_KRONOBERG, "sip_child_plan"));
    assert_false(bp_plan_kind_allowed(BP_MODEL_KRONOBERG, NULL));
}

/* ---- one part at a time ---- */

struct goal_row {
    const char *name;
    enum bp_model model;
    struct bp_goal_input in;
    struct want errors[3];
};

/* clang-format off */
static const struct goal_row goal_rows[] = {
    {"V-7.1 V-0.5 a need and its goal in learning", BP_MODEL_VASTERBOTTEN, {"learning", "Stöd i matte.", "Godkänt i matte."}, {{0}}},
    {"V-7.1 the wellbeing wheel's 'included'", BP_MODEL_KRONOBERG, {"included", "Vänner på rasterna.", "Alva är med i leken."}, {{0}}},
    {"V-0.5 an area of the other model", BP_MODEL_VASTERBOTTEN, {"included", "x", "y"}, {{"goal.area", "area_model"}}},
    {"V-0.5 Kronoberg uses the wheel, not HLT", BP_MODEL_KRONOBERG, {"health", "x", "y"}, {{"goal.area", "area_model"}}},
    {"V-0.5 an unknown area", BP_MODEL_KRONOBERG, {"happy", "x", "y"}, {{"goal.area", "choice"}}},
    {"V-0.5 the area", BP_MODEL_KRONOBERG, {"", "x", "y"}, {{"goal.area", "required"}}},
    {"V-7.1 the child's need", BP_MODEL_VASTERBOTTEN, {"health", "", "y"}, {{"goal.need", "required"}}},
    {"V-7.1 the goal", BP_MODEL_VASTERBOTTEN, {"health", "x", NULL}, {{"goal.goal", "required"}}},
};
/* clang-format on */

static void test_goal_table(void **state)
{
    size_t i;
    (void)state;
    for (i = 0; i < BP_ARRAY_LEN(goal_rows); i++) {
        struct bp_goal g;
        struct bp_field_errors errs;
        bp_goal_validate(&goal_rows[i].in, goal_rows[i].model, &g, &errs);
        expect_set(goal_rows[i].name, &errs, goal_rows[i].errors);
    }
}

struct iv_row {
    const char *name;
    struct bp_intervention_input in;
    struct want errors[3];
};

#define IV_WHAT  "Anpassad studiegång och en mentor varje morgon."
#define IV_LEVEL "Varje skoldag, 20 minuter."

/* clang-format off */
static const struct iv_row iv_rows[] = {
    {"V-7.2 V-0.5 one responsible organisation, when, and at what level", {IV_WHAT, {"10"}, 1, "5", "Anna Ek", "2026-04-20", "2026-06-12", IV_LEVEL, "101"}, {{0}}},
    {"V-7.2 an intervention without a responsible organisation", {IV_WHAT, {""}, 1, "", "", "2026-04-20", "", IV_LEVEL, ""}, {{"intervention.org_id", "required"}}},
    {"V-7.2 no organisation given at all", {IV_WHAT, {NULL}, 0, "", "", "2026-04-20", "", IV_LEVEL, ""}, {{"intervention.org_id", "required"}}},
    {"V-7.2 V-8a.4 exactly one: not two", {IV_WHAT, {"10", "30"}, 2, "", "", "2026-04-20", "", IV_LEVEL, ""}, {{"intervention.org_id", "one_org"}}},
    {"V-7.2 an organisation that does not take part in the case", {IV_WHAT, {"50"}, 1, "", "", "2026-04-20", "", IV_LEVEL, ""}, {{"intervention.org_id", "not_participant"}}},
    {"V-7.2 an organisation id that is no id", {IV_WHAT, {"skolan"}, 1, "", "", "2026-04-20", "", IV_LEVEL, ""}, {{"intervention.org_id", "choice"}}},
    {"V-0.5 it ends before it starts", {IV_WHAT, {"30"}, 1, "", "", "2026-04-20", "2026-04-19", IV_LEVEL, ""}, {{"intervention.ends_on", "end_before_start"}}},
    {"V-0.5 one day is enough", {IV_WHAT, {"30"}, 1, "", "", "2026-04-20", "2026-04-20", IV_LEVEL, ""}, {{0}}},
    {"V-0.5 when it starts", {IV_WHAT, {"30"}, 1, "", "", "", "", IV_LEVEL, ""}, {{"intervention.starts_on", "required"}}},
    {"V-0.5 at what level", {IV_WHAT, {"30"}, 1, "", "", "2026-04-20", "", "", ""}, {{"intervention.level", "required"}}},
    {"V-7.2 what is done", {"", {"30"}, 1, "", "", "2026-04-20", "", IV_LEVEL, ""}, {{"intervention.what", "required"}}},
    {"V-7.1 linked to a goal of this plan", {IV_WHAT, {"30"}, 1, "", "", "2026-04-20", "", IV_LEVEL, "999"}, {{"intervention.goal_id", "choice"}}},
};
/* clang-format on */

static void test_intervention_table(void **state)
{
    size_t i;
    struct bp_plan_ctx ctx = ctx_for(BP_MODEL_VASTERBOTTEN);
    (void)state;
    for (i = 0; i < BP_ARRAY_LEN(iv_rows); i++) {
        struct bp_intervention iv;
        struct bp_field_errors errs;
        enum bp_err rc = bp_intervention_validate(&iv_rows[i].in, &ctx, goals, 2, &iv, &errs);
        expect_set(iv_rows[i].name, &errs, iv_rows[i].errors);
        if (rc == BP_OK && (iv.org_id <= 0 || iv.starts_on.d != 20))
            fail_msg("%s: record", iv_rows[i].name);
    }
}

struct commit_row {
    const char *name;
    struct bp_commitment_input in;
    struct want errors[3];
    const char *name_out;
};

/* clang-format off */
static const struct commit_row commit_rows[] = {
    {"V-7.3 what the child will do", {"child", "", "", "Säga till mentorn när det känns jobbigt.", "101"}, {{0}}, ""},
    {"V-7.3 what a guardian will do", {"guardian", "12", "", "Följa med till skolan på måndagar.", ""}, {{0}}, "Johan Ek"},
    {"V-7.3 what someone else will do", {"other", "", "Morfar Erik", "Skjutsa på torsdagar.", ""}, {{0}}, "Morfar Erik"},
    {"V-7.3 someone else, by name", {"other", "", "", "Skjutsa.", ""}, {{"commitment.name", "required"}}, NULL},
    {"V-7.3 the child's guardian", {"guardian", "13", "", "Följa med.", ""}, {{"commitment.guardian_id", "not_guardian"}}, NULL},
    {"V-7.3 which guardian", {"guardian", "", "", "Följa med.", ""}, {{"commitment.guardian_id", "required"}}, NULL},
    {"V-7.3 what", {"child", "", "", "", ""}, {{"commitment.what", "required"}}, NULL},
    {"V-7.3 who", {"teacher", "", "", "x", ""}, {{"commitment.who", "choice"}}, NULL},
};
/* clang-format on */

static void test_commitment_table(void **state)
{
    size_t i;
    struct bp_plan_ctx ctx = ctx_for(BP_MODEL_KRONOBERG);
    (void)state;
    for (i = 0; i < BP_ARRAY_LEN(commit_rows); i++) {
        struct bp_commitment c;
        struct bp_field_errors errs;
        enum bp_err rc = bp_commitment_validate(&commit_rows[i].in, &ctx, goals, 2, &c, &errs);
        expect_set(commit_rows[i].name, &errs, commit_rows[i].errors);
        if (rc == BP_OK && strcmp(c.name, commit_rows[i].name_out) != 0)
            fail_msg("%s: name %s", commit_rows[i].name, c.name);
    }
}

/* V-7.4, V-7.7: the shared parts as a draft. */
static void test_plan_form(void **state)
{
    struct bp_plan_ctx ctx = ctx_for(BP_MODEL_VASTERBOTTEN);
    struct bp_plan p;
    struct bp_field_errors errs;
    struct bp_plan_input in = {.coordinator_orgs = {"10", "30", "10"},
                               .n_coordinator_orgs = 3,
                               .contact_if_fails = "Ring Anna på skolan.",
                               .followup_on = "2026-06-10",
                               .followup_time = "14:00",
                               .followup_place = "Skolan",
                               .followup_participants = "Alla som var med i dag."};
    (void)state;
    memset(&p, 0, sizeof(p));
    assert_int_equal(bp_plan_validate(&in, &ctx, &p, &errs), BP_OK);
    assert_int_equal(p.n_coordinator_orgs, 2); /* V-7.4: shared coordination; the same one once */
    assert_int_equal(p.coordinator_orgs[1], SOCIAL);
    assert_true(p.has_followup);
    assert_int_equal(p.followup_minute, 14 * 60);
    in.coordinator_orgs[2] = "50";
    in.followup_on = "2026-04-14";
    in.followup_time = "2 pm";
    assert_int_equal(bp_plan_validate(&in, &ctx, &p, &errs), BP_ERR_INVALID);
    assert_int_equal(errs.count, 3);
    assert_string_equal(bp_field_errors_find(&errs, "plan.coordinator_orgs"), "not_participant");
    assert_string_equal(bp_field_errors_find(&errs, "plan.followup_on"), "past"); /* V-7.7 */
    assert_string_equal(bp_field_errors_find(&errs, "plan.followup_time"), "time");
    in = (struct bp_plan_input){.coordinator_orgs = {"10", "30", "40", "10", "30"}, .n_coordinator_orgs = 5};
    assert_int_equal(bp_plan_validate(&in, &ctx, &p, &errs), BP_ERR_INVALID);
    assert_string_equal(bp_field_errors_find(&errs, "plan.coordinator_orgs"), "too_many");
    in = (struct bp_plan_input){0}; /* a draft may be empty */
    assert_int_equal(bp_plan_validate(&in, &ctx, &p, &errs), BP_OK);
    assert_false(p.has_followup);
    assert_int_equal(p.followup_minute, -1);
}

/* ---- finishing ---- */

struct fixture {
    struct bp_plan plan;
    struct bp_goal goals[2];
    struct bp_intervention iv[3];
    struct bp_commitment commitments[2];
    struct bp_plan_contact contacts[3];
    struct bp_plan_parts parts;
    struct bp_plan_ctx ctx;
};

static void base(struct fixture *f, enum bp_model model)
{
    memset(f, 0, sizeof(*f));
    f->ctx = ctx_for(model);
    f->plan = (struct bp_plan){
        .version = 1,
        .status = BP_PLAN_DRAFT,
        .kind = bp_plan_kind_for(model, false),
        .coordinator_orgs = {SCHOOL},
        .n_coordinator_orgs = 1,
        .coordinator_user_id = 5,
        .coordinator_name = "Anna Ek",
        .contact_if_fails = "Ring Anna Ek på skolan, 090-123 45.",
        .has_followup = true,
        .followup_on = {2026, 6, 10},
        .followup_minute = 14 * 60,
        .followup_place = "Björkskolan",
        .followup_participants = "Alva, Sara, Johan, Anna (skolan), Bo (socialtjänsten), BUP.",
        .summary = "Alva ska få börja senare på morgonen och träffa Anna varje dag.",
    };
    memcpy(f->goals, goals, sizeof(goals));
    if (model == BP_MODEL_KRONOBERG) {
        f->goals[0].area = "achieving";
        f->goals[1].area = "safe";
    }
    f->iv[0] = (struct bp_intervention){
        .what = IV_WHAT, .org_id = SCHOOL, .starts_on = {2026, 4, 20}, .level = IV_LEVEL, .goal_id = 101};
    f->iv[1] = (struct bp_intervention){.what = "Familjestöd",
                                        .org_id = SOCIAL,
                                        .starts_on = {2026, 5, 1},
                                        .has_end = true,
                                        .ends_on = {2026, 8, 31},
                                        .level = "En gång i veckan"};
    f->iv[2] = (struct bp_intervention){.what = "Samtal",
                                        .org_id = BUP,
                                        .starts_on = {2026, 4, 22},
                                        .level = "Varannan vecka",
                                        .goal_id = 102};
    f->commitments[0] =
        (struct bp_commitment){.who = BP_COMMIT_CHILD, .what = "Säga till när det är jobbigt."};
    f->commitments[1] =
        (struct bp_commitment){.who = BP_COMMIT_GUARDIAN, .guardian_id = 11, .what = "Väcka Alva i tid."};
    f->contacts[0] = (struct bp_plan_contact){.org_id = SCHOOL, .name = "Anna Ek"};
    f->contacts[1] = (struct bp_plan_contact){.org_id = SOCIAL, .name = "Bo Lind"};
    f->contacts[2] = (struct bp_plan_contact){.org_id = BUP, .name = "Cecilia Berg"};
    f->parts = (struct bp_plan_parts){f->goals, 2, f->iv, 3, f->commitments, 2, f->contacts, 3};
}

static void nothing(struct fixture *f)
{
    (void)f;
}
static void no_goals(struct fixture *f)
{
    f->parts.n_goals = 0;
    f->iv[0].goal_id = 0;
    f->iv[2].goal_id = 0;
}
static void goal_other_model(struct fixture *f)
{
    f->goals[1].area = "health"; /* Västerbotten's, in a Kronoberg plan */
}
static void iv_no_org(struct fixture *f)
{
    f->iv[0].org_id = 0;
}
static void iv_outsider(struct fixture *f)
{
    f->iv[2].org_id = OUTSIDER;
}
static void iv_end_first(struct fixture *f)
{
    f->iv[1].ends_on = (struct bp_date){2026, 4, 30};
}
static void iv_no_start(struct fixture *f)
{
    f->iv[2].starts_on = (struct bp_date){0, 0, 0};
}
static void iv_no_level(struct fixture *f)
{
    f->iv[1].level = "";
}
static void iv_lost_goal(struct fixture *f)
{
    f->iv[2].goal_id = 103;
}
static void no_interventions(struct fixture *f)
{
    f->parts.n_interventions = 0;
}
static void commitment_stranger(struct fixture *f)
{
    f->commitments[1].guardian_id = 13;
}
static void commitment_empty(struct fixture *f)
{
    f->commitments[0].what = "";
}
static void no_commitments(struct fixture *f)
{
    f->parts.n_commitments = 0;
}
static void no_coordinator(struct fixture *f)
{
    f->plan.n_coordinator_orgs = 0;
}
static void shared_coordination(struct fixture *f)
{
    f->plan.coordinator_orgs[1] = SOCIAL;
    f->plan.n_coordinator_orgs = 2;
}
static void coordinator_outsider(struct fixture *f)
{
    f->plan.coordinator_orgs[0] = OUTSIDER;
}
static void no_coordinator_person(struct fixture *f)
{
    f->plan.coordinator_user_id = 0;
    f->plan.coordinator_name = "";
}
static void no_contact_if_fails(struct fixture *f)
{
    f->plan.contact_if_fails = NULL;
}
static void no_contact_for_bup(struct fixture *f)
{
    f->parts.n_contacts = 2;
}
static void unnamed_contact(struct fixture *f)
{
    f->contacts[1].name = "";
}
static void no_followup_date(struct fixture *f)
{
    f->plan.has_followup = false;
}
static void followup_past(struct fixture *f)
{
    f->plan.followup_on = (struct bp_date){2026, 4, 14};
}
static void followup_today(struct fixture *f)
{
    f->plan.followup_on = TODAY;
}
static void no_followup_place(struct fixture *f)
{
    f->plan.followup_place = "";
}
static void no_followup_participants(struct fixture *f)
{
    f->plan.followup_participants = "";
}
static void no_summary(struct fixture *f)
{
    f->plan.summary = "";
}
static void finished(struct fixture *f)
{
    f->plan.status = BP_PLAN_FINISHED;
}
static void wrong_kind(struct fixture *f)
{
    f->plan.kind = "child_plan";
}
static void kronoberg_sip(struct fixture *f)
{
    f->plan.kind = "sip";
}

struct finish_row {
    const char *name;
    enum bp_model model;
    void (*change)(struct fixture *f);
    struct want errors[4];
};

/* clang-format off */
static const struct finish_row finish_rows[] = {
    {"V-7.1-V-7.7 a complete Västerbotten plan", BP_MODEL_VASTERBOTTEN, nothing, {{0}}},
    {"K-7.1 K-7.2 a complete Kronoberg plan with its samverkansansvarig", BP_MODEL_KRONOBERG, nothing, {{0}}},
    {"V-7.1 a plan without goals", BP_MODEL_VASTERBOTTEN, no_goals, {{"plan.goals", "goal_required"}}},
    {"V-0.5 a goal in an area of the other model", BP_MODEL_KRONOBERG, goal_other_model, {{"goals.1.area", "area_model"}}},
    {"V-7.2 an intervention without a responsible organisation", BP_MODEL_VASTERBOTTEN, iv_no_org, {{"interventions.0.org_id", "required"}}},
    {"V-7.2 an intervention of an organisation outside the case", BP_MODEL_KRONOBERG, iv_outsider, {{"interventions.2.org_id", "not_participant"}}},
    {"V-0.5 an intervention that ends before it starts", BP_MODEL_VASTERBOTTEN, iv_end_first, {{"interventions.1.ends_on", "end_before_start"}}},
    {"V-0.5 when an intervention starts", BP_MODEL_VASTERBOTTEN, iv_no_start, {{"interventions.2.starts_on", "required"}}},
    {"V-0.5 at what level", BP_MODEL_VASTERBOTTEN, iv_no_level, {{"interventions.1.level", "required"}}},
    {"V-7.1 an intervention linked to a goal that is gone", BP_MODEL_VASTERBOTTEN, iv_lost_goal, {{"interventions.2.goal_id", "choice"}}},
    {"V-7.2 a plan without interventions", BP_MODEL_VASTERBOTTEN, no_interventions, {{"plan.interventions", "intervention_required"}}},
    {"V-7.3 a commitment of someone who is not a guardian", BP_MODEL_VASTERBOTTEN, commitment_stranger, {{"commitments.1.guardian_id", "not_guardian"}}},
    {"V-7.3 a commitment says what", BP_MODEL_VASTERBOTTEN, commitment_empty, {{"commitments.0.what", "required"}}},
    {"V-7.3 'possibly others': no commitment is allowed", BP_MODEL_VASTERBOTTEN, no_commitments, {{0}}},
    {"V-7.4 no coordinating organisation", BP_MODEL_VASTERBOTTEN, no_coordinator, {{"plan.coordinator_orgs", "required"}}},
    {"V-7.4 coordination shared in a complex case", BP_MODEL_VASTERBOTTEN, shared_coordination, {{0}}},
    {"V-7.4 the coordinator takes part in the case", BP_MODEL_VASTERBOTTEN, coordinator_outsider, {{"plan.coordinator_orgs", "not_participant"}}},
    {"K-7.1 K-7.2 Kronoberg without a named samverkansansvarig", BP_MODEL_KRONOBERG, no_coordinator_person, {{"plan.coordinator_name", "coordinator_person"}}},
    {"V-7.4 Västerbotten's samordningsansvar may rest with the organisation", BP_MODEL_VASTERBOTTEN, no_coordinator_person, {{0}}},
    {"V-7.5 whom to contact if the plan does not work", BP_MODEL_VASTERBOTTEN, no_contact_if_fails, {{"plan.contact_if_fails", "required"}}},
    {"V-7.6 a participating organisation without a contact person", BP_MODEL_VASTERBOTTEN, no_contact_for_bup, {{"contacts.40.name", "contact_required"}}},
    {"V-7.6 a contact person has a name", BP_MODEL_KRONOBERG, unnamed_contact, {{"contacts.30.name", "contact_required"}}},
    {"V-7.7 a plan without a follow-up date", BP_MODEL_VASTERBOTTEN, no_followup_date, {{"plan.followup_on", "required"}}},
    {"V-7.7 a follow-up in the past", BP_MODEL_KRONOBERG, followup_past, {{"plan.followup_on", "past"}}},
    {"V-7.7 a follow-up today is not in the past", BP_MODEL_KRONOBERG, followup_today, {{0}}},
    {"V-7.7 the follow-up's place", BP_MODEL_VASTERBOTTEN, no_followup_place, {{"plan.followup_place", "required"}}},
    {"V-7.7 the follow-up's participants", BP_MODEL_VASTERBOTTEN, no_followup_participants, {{"plan.followup_participants", "required"}}},
    {"V-6.9 the summary the child understands", BP_MODEL_KRONOBERG, no_summary, {{"plan.summary", "required"}}},
    {"a finished plan is not finished again", BP_MODEL_VASTERBOTTEN, finished, {{"plan.status", "not_draft"}}},
    {"K-0.8 the plan kind belongs to the model", BP_MODEL_VASTERBOTTEN, wrong_kind, {{"plan.kind", "choice"}}},
    {"K-0.8 a SIP when the guardians insist", BP_MODEL_KRONOBERG, kronoberg_sip, {{0}}},
};
/* clang-format on */

static void test_finish_table(void **state)
{
    size_t i;
    struct bp_arena a;
    (void)state;
    bp_arena_init(&a, 4096);
    for (i = 0; i < BP_ARRAY_LEN(finish_rows); i++) {
        struct fixture f;
        struct bp_field_errors errs;
        enum bp_err rc;
        base(&f, finish_rows[i].model);
        finish_rows[i].change(&f);
        rc = bp_plan_check_finish(&a, &f.plan, &f.parts, &f.ctx, &errs);
        expect_set(finish_rows[i].name, &errs, finish_rows[i].errors);
        if ((rc == BP_OK) != (errs.count == 0))
            fail_msg("%s: return code %d", finish_rows[i].name, rc);
        bp_arena_reset(&a);
    }
    bp_arena_release(&a);
}

/* An empty draft lists everything at once, so the page can show it all. */
static void test_finish_lists_everything(void **state)
{
    struct bp_arena a;
    struct bp_plan empty_plan = {.status = BP_PLAN_DRAFT, .kind = "child_plan"};
    struct bp_plan_parts none = {0};
    struct bp_plan_ctx ctx = ctx_for(BP_MODEL_KRONOBERG);
    struct bp_field_errors errs;
    (void)state;
    bp_arena_init(&a, 4096);
    assert_int_equal(bp_plan_check_finish(&a, &empty_plan, &none, &ctx, &errs), BP_ERR_INVALID);
    assert_string_equal(bp_field_errors_find(&errs, "plan.goals"), "goal_required");
    assert_string_equal(bp_field_errors_find(&errs, "plan.interventions"), "intervention_required");
    assert_string_equal(bp_field_errors_find(&errs, "plan.coordinator_orgs"), "required");
    assert_string_equal(bp_field_errors_find(&errs, "plan.coordinator_name"), "coordinator_person");
    assert_string_equal(bp_field_errors_find(&errs, "plan.contact_if_fails"), "required");
    assert_string_equal(bp_field_errors_find(&errs, "contacts.10.name"), "contact_required");
    assert_string_equal(bp_field_errors_find(&errs, "contacts.40.name"), "contact_required");
    assert_string_equal(bp_field_errors_find(&errs, "plan.followup_on"), "required");
    assert_string_equal(bp_field_errors_find(&errs, "plan.followup_place"), "required");
    assert_string_equal(bp_field_errors_find(&errs, "plan.followup_participants"), "required");
    assert_string_equal(bp_field_errors_find(&errs, "plan.summary"), "required");
    assert_int_equal(errs.count, 12);
    bp_arena_release(&a);
}

/* ---- who may do what ---- */

static struct bp_membership anna_orgs[] = {{SCHOOL, BP_ROLE_PROFESSIONAL, "Björkskolan"},
                                           {SOCIAL, BP_ROLE_PROFESSIONAL, "Socialtjänsten"}};
static struct bp_membership bo_orgs[] = {{SOCIAL, BP_ROLE_PROFESSIONAL, "Socialtjänsten"}};
static struct bp_membership outsider_orgs[] = {{OUTSIDER, BP_ROLE_PROFESSIONAL, "Fritids"}};
static const struct bp_user anna = {5, "anna", "Anna Ek", "", false, false, anna_orgs, 2};
static const struct bp_user bo = {6, "bo", "Bo Lind", "", false, false, bo_orgs, 1}; /* the coordinator */
static const struct bp_user bo_left = {6, "bo", "Bo Lind", "", false, true, bo_orgs, 1};
static const struct bp_user eve = {7, "eve", "Eve", "", false, false, outsider_orgs, 1};
static const struct bp_user admin = {8, "admin", "Admin", "", true, false, NULL, 0};

struct edit_row {
    const char *name;
    const struct bp_user *user;
    int64_t acting, iv_org;
    bool want;
};

/* clang-format off */
static const struct edit_row edit_rows[] = {
    {"V-8a.4 a member of the responsible organisation edits its intervention", &anna, 0, SCHOOL, true},
    {"V-8a.4 acting for that organisation", &anna, SCHOOL, SCHOOL, true},
    {"V-8a.4 acting for another organisation of one's own: not this one", &anna, SOCIAL, SCHOOL, false},
    {"V-8a.4 editing another organisation's intervention", &bo, 0, SCHOOL, false},
    {"V-8a.4 the coordinator edits their own organisation's intervention", &bo, 0, SOCIAL, true},
    {"V-8a.4 a user who has left", &bo_left, 0, SOCIAL, false},
    {"V-8a.4 a system administrator is not a member", &admin, 0, SCHOOL, false},
    {"V-7.2 an intervention without an organisation is nobody's", &anna, 0, 0, false},
    {"not logged in", NULL, 0, SCHOOL, false},
};
/* clang-format on */

static void test_intervention_rights(void **state)
{
    size_t i;
    (void)state;
    for (i = 0; i < BP_ARRAY_LEN(edit_rows); i++) {
        struct bp_intervention iv = {.org_id = edit_rows[i].iv_org};
        if (bp_intervention_may_edit(edit_rows[i].user, edit_rows[i].acting, &iv) != edit_rows[i].want)
            fail_msg("%s", edit_rows[i].name);
    }
}

/* The shared parts and reading (K-7.3, K-8.1, V-8a.3): participants under their own consent (V-2.6). */
static void test_plan_rights(void **state)
{
    struct bp_plan draft = {.status = BP_PLAN_DRAFT}, done = {.status = BP_PLAN_FINISHED};
    (void)state;
    assert_true(bp_plan_may_edit_shared(&bo, 0, case_orgs, 3, true));
    assert_false(bp_plan_may_edit_shared(&bo, 0, case_orgs, 3, false)); /* V-2.3: no consent, no sharing */
    assert_false(bp_plan_may_edit_shared(&eve, 0, case_orgs, 3, true)); /* not a participant */
    assert_false(bp_plan_may_edit_shared(&anna, OUTSIDER, case_orgs, 3, true));
    assert_true(bp_plan_may_read(&anna, SOCIAL, case_orgs, 3, true)); /* K-7.3 */
    assert_false(bp_plan_may_read(&anna, SOCIAL, case_orgs, 3, false));
    assert_false(bp_plan_may_read(&eve, 0, case_orgs, 3, true));
    assert_false(bp_plan_may_read(&bo_left, 0, case_orgs, 3, true));
    assert_true(bp_plan_editable(&draft));
    assert_false(bp_plan_editable(&done)); /* V-10.6: a new version instead */
}

/* ---- pending decisions ---- */

struct decision_row {
    const char *name;
    struct bp_decision_input in;
    struct want errors[3];
};

/* clang-format off */
static const struct decision_row decision_rows[] = {
    {"V-5.8 V-8a.5 a decision that needs someone absent", {"Plats på korttidsboende", "30", "", "Enhetschefen", "2026-04-30", "", "", ""}, {{0}}},
    {"V-5.8 what is to be decided", {"", "30", "", "", "", "", "", ""}, {{"decision.what", "required"}}},
    {"V-5.8 by which organisation", {"x", "", "", "", "", "", "", ""}, {{"decision.org_id", "required"}}},
    {"V-8a.5 an organisation of the case gives the feedback", {"x", "50", "", "", "", "", "", ""}, {{"decision.org_id", "not_participant"}}},
    {"V-8a.5 a due date in the past", {"x", "30", "", "", "2026-04-14", "pending", "", ""}, {{"decision.due_on", "past"}}},
    {"V-8a.5 decided: the outcome and the day", {"x", "30", "", "", "", "decided", "", ""}, {{"decision.outcome", "required"}, {"decision.decided_on", "required"}}},
    {"V-8a.5 decided", {"x", "30", "", "", "2026-04-01", "decided", "Beviljat från 1 maj.", "2026-04-15"}, {{0}}},
    {"V-8a.5 not decided tomorrow", {"x", "30", "", "", "", "decided", "Beviljat.", "2026-04-16"}, {{"decision.decided_on", "future"}}},
    {"V-8a.5 pending or decided", {"x", "30", "", "", "", "maybe", "", ""}, {{"decision.status", "choice"}}},
};
/* clang-format on */

static void test_decision_table(void **state)
{
    size_t i;
    struct bp_plan_ctx ctx = ctx_for(BP_MODEL_VASTERBOTTEN);
    (void)state;
    for (i = 0; i < BP_ARRAY_LEN(decision_rows); i++) {
        struct bp_pending_decision d;
        struct bp_field_errors errs;
        bp_decision_validate(&decision_rows[i].in, &ctx, &d, &errs);
        expect_set(decision_rows[i].name, &errs, decision_rows[i].errors);
    }
}

/* V-8a.5: everyone who attended gets the feedback; those who were not there do not. */
static void test_decision_recipients(void **state)
{
    struct bp_invitee inv[] = {
        {.kind = BP_INVITEE_CHILD, .attendance = BP_ATTEND_ABSENT},
        {.kind = BP_INVITEE_GUARDIAN, .attendance = BP_ATTEND_PRESENT},
        {.kind = BP_INVITEE_PROFESSIONAL, .attendance = BP_ATTEND_SUBSTITUTE},
        {.kind = BP_INVITEE_PROFESSIONAL, .attendance = BP_ATTEND_UNRECORDED},
        {.kind = BP_INVITEE_PROFESSIONAL, .attendance = BP_ATTEND_PRESENT},
    };
    size_t out[4];
    (void)state;
    assert_int_equal(bp_decision_recipients(inv, 5, out, 4), 3);
    assert_int_equal(out[0], 1);
    assert_int_equal(out[1], 2);
    assert_int_equal(out[2], 4);
    assert_int_equal(bp_decision_recipients(inv, 5, out, 1), 3); /* the count, even past max */
    assert_int_equal(out[0], 1);
}

/* ---- signatures ---- */

struct sign_row {
    const char *name;
    const struct bp_user *user;
    int64_t acting;
    enum bp_plan_status status;
    struct bp_signature_input in;
    struct want errors[3];
};

/* The input as a form sends it: version 2 (the one in force), answered "signed" unless said. */
#define SIGN(k, g, nm, m, on)                                                                                \
    {                                                                                                        \
        .version = "2", .kind = (k), .guardian_id = (g), .name = (nm), .method = (m), .signed_on = (on)      \
    }
#define SIGN_AS(v, k, nm, r, ans, on)                                                                        \
    {                                                                                                        \
        .version = (v), .kind = (k), .name = (nm), .role = (r), .answer = (ans), .signed_on = (on)           \
    }

/* clang-format off */
static const struct sign_row sign_rows[] = {
    {"V-8a.2 a professional signs in the app", &bo, 0, BP_PLAN_FINISHED, SIGN("professional", "", "", "app", "2026-04-15"), {{0}}},
    {"V-8a.2 how is derived: a professional in the app", &bo, 0, BP_PLAN_FINISHED, SIGN("professional", "", "", "", "2026-04-15"), {{0}}},
    {"V-8a.2 a professional does not sign on paper", &bo, 0, BP_PLAN_FINISHED, SIGN("professional", "", "", "wet", "2026-04-15"), {{"signature.method", "choice"}}},
    {"V-8a.2 for which organisation, for a member of two", &anna, 0, BP_PLAN_FINISHED, SIGN("professional", "", "", "app", "2026-04-15"), {{"signature.org_id", "not_member"}}},
    {"V-8a.2 for an organisation of the case", &eve, 0, BP_PLAN_FINISHED, SIGN("professional", "", "", "app", "2026-04-15"), {{"signature.org_id", "not_participant"}}},
    {"V-8a.2 a guardian's signature on paper, recorded", &anna, SCHOOL, BP_PLAN_FINISHED, SIGN("guardian", "12", "", "wet", "2026-04-14"), {{0}}},
    {"V-8a.2 a guardian's is recorded from paper, not in the app", &anna, SCHOOL, BP_PLAN_FINISHED, SIGN("guardian", "12", "", "app", "2026-04-14"), {{"signature.method", "choice"}}},
    {"V-8a.2 a guardian who has already signed this version", &anna, SCHOOL, BP_PLAN_FINISHED, SIGN("guardian", "11", "", "wet", "2026-04-15"), {{"signature.kind", "already_signed"}}},
    {"V-8a.2 someone who is not the child's guardian", &anna, SCHOOL, BP_PLAN_FINISHED, SIGN("guardian", "13", "", "wet", "2026-04-15"), {{"signature.guardian_id", "not_guardian"}}},
    {"V-8a.2 the child signs too (signed version 1 only)", &anna, SCHOOL, BP_PLAN_FINISHED, SIGN("child", "", "Alva", "", "2026-04-15"), {{0}}},
    {"V-8a.2 only a finished plan is signed", &anna, SCHOOL, BP_PLAN_DRAFT, SIGN("child", "", "Alva", "wet", "2026-04-15"), {{"signature.plan", "not_finished"}}},
    {"V-8a.2 not signed tomorrow", &anna, SCHOOL, BP_PLAN_FINISHED, SIGN("child", "", "", "wet", "2026-04-16"), {{"signature.signed_on", "future"}}},
    {"V-8a.2 who signs", &anna, SCHOOL, BP_PLAN_FINISHED, SIGN("teacher", "", "", "app", "2026-04-15"), {{"signature.kind", "choice"}}},
    {"V-8a.2 the version is named", &anna, SCHOOL, BP_PLAN_FINISHED, SIGN_AS("", "child", "", "", "", "2026-04-15"), {{"signature.version", "required"}}},
    {"V-8a.2 not the draft being written", &anna, SCHOOL, BP_PLAN_FINISHED, SIGN_AS("3", "child", "", "", "", "2026-04-15"), {{"signature.version", "draft"}}},
    {"V-8a.2 not an older, replaced version", &anna, SCHOOL, BP_PLAN_FINISHED, SIGN_AS("1", "child", "", "", "", "2026-04-15"), {{"signature.version", "replaced"}}},
    {"V-8a.2 not a version that does not exist", &anna, SCHOOL, BP_PLAN_FINISHED, SIGN_AS("7", "child", "", "", "", "2026-04-15"), {{"signature.version", "choice"}}},
    {"V-8a.2 another participant, by name and role", &anna, SCHOOL, BP_PLAN_FINISHED, SIGN_AS("2", "other", "Stina Stöd", "stödperson", "", "2026-04-15"), {{0}}},
    {"V-8a.2 another participant needs name and role", &anna, SCHOOL, BP_PLAN_FINISHED, SIGN_AS("2", "other", "", "", "", "2026-04-15"), {{"signature.name", "required"}, {"signature.role", "required"}}},
    {"V-8a.2 a participant declines", &bo, 0, BP_PLAN_FINISHED, SIGN_AS("2", "professional", "", "", "declined", "2026-04-15"), {{0}}},
    {"V-8a.2 an answer is signed or declined", &bo, 0, BP_PLAN_FINISHED, SIGN_AS("2", "professional", "", "", "maybe", "2026-04-15"), {{"signature.answer", "choice"}}},
};
/* clang-format on */

static void test_signature_table(void **state)
{
    size_t i;
    struct bp_plan_ctx ctx = ctx_for(BP_MODEL_VASTERBOTTEN);
    /* guardian 11 signed version 2; the child signed version 1 only */
    struct bp_signature existing[] = {
        {.version = 2, .kind = BP_SIGNER_GUARDIAN, .guardian_id = 11},
        {.version = 1, .kind = BP_SIGNER_CHILD},
    };
    (void)state;
    for (i = 0; i < BP_ARRAY_LEN(sign_rows); i++) {
        const struct sign_row *r = &sign_rows[i];
        /* version 2 is in force while version 3 is written */
        struct bp_plan plan = {.id = 3, .version = 2, .status = r->status, .content_sha256 = "ab12"};
        struct bp_signature s;
        struct bp_field_errors errs;
        enum bp_err rc =
            bp_signature_validate(&r->in, &plan, 3, &ctx, r->user, r->acting, existing, 2, &s, &errs);
        expect_set(r->name, &errs, r->errors);
        if (rc == BP_OK &&
            (s.version != 2 || strcmp(s.content_sha256, "ab12") != 0 || s.recorded_by != r->user->id ||
             (s.kind == BP_SIGNER_GUARDIAN && strcmp(s.name, "Johan Ek") != 0) ||
             (s.kind == BP_SIGNER_OTHER && strcmp(s.role, "stödperson") != 0) ||
             (s.kind != BP_SIGNER_PROFESSIONAL && s.method != BP_SIGN_WET) ||
             (s.kind == BP_SIGNER_PROFESSIONAL &&
              (s.user_id != r->user->id || s.org_id != SOCIAL || s.method != BP_SIGN_APP))))
            fail_msg("%s: record", r->name);
    }
}

/* ---- copies (V-8a.3, K-8.1) ---- */

struct copy_row {
    const char *name;
    struct bp_plan_copy_input in;
    struct want errors[3];
};

/* clang-format off */
static const struct copy_row copy_rows[] = {
    {"V-8a.3 a letter to a guardian", {"1", "guardian", "12", "", "letter", "2026-04-15"}, {{0}}},
    {"V-8a.3 a printed copy handed to the child", {"2", "child", "", "", "handed", "2026-04-14"}, {{0}}},
    {"V-8a.3 another participant, named", {"1", "other", "", "Märta Åström", "handed", "2026-04-15"}, {{0}}},
    {"V-8a.3 another participant needs a name", {"1", "other", "", "", "handed", "2026-04-15"}, {{"copy.name", "required"}}},
    {"V-8a.3 which guardian", {"1", "guardian", "", "", "letter", "2026-04-15"}, {{"copy.guardian_id", "required"}}},
    {"V-8a.3 the child's guardian only", {"1", "guardian", "13", "", "letter", "2026-04-15"}, {{"copy.guardian_id", "not_guardian"}}},
    {"V-8a.3 a draft is nobody's copy", {"3", "child", "", "", "handed", "2026-04-15"}, {{"copy.version", "choice"}}},
    {"V-8a.3 no such version", {"9", "child", "", "", "handed", "2026-04-15"}, {{"copy.version", "choice"}}},
    {"V-8a.3 which version", {"", "child", "", "", "handed", "2026-04-15"}, {{"copy.version", "required"}}},
    {"V-8a.3 how", {"1", "child", "", "", "", "2026-04-15"}, {{"copy.method", "required"}}},
    {"V-8a.3 downloading is not recorded by hand", {"1", "child", "", "", "downloaded", "2026-04-15"}, {{"copy.method", "choice"}}},
    {"V-8a.3 not given tomorrow", {"1", "child", "", "", "handed", "2026-04-16"}, {{"copy.given_on", "future"}}},
    {"V-8a.3 to whom", {"1", "teacher", "", "", "handed", "2026-04-15"}, {{"copy.recipient", "choice"}}},
};
/* clang-format on */

static void test_copy_table(void **state)
{
    size_t i;
    struct bp_plan_ctx ctx = ctx_for(BP_MODEL_VASTERBOTTEN);
    /* version 1 replaced, 2 finished (in force), 3 a draft */
    struct bp_plan versions[] = {{.id = 31, .version = 1, .status = BP_PLAN_REPLACED},
                                 {.id = 32, .version = 2, .status = BP_PLAN_FINISHED},
                                 {.id = 33, .version = 3, .status = BP_PLAN_DRAFT}};
    (void)state;
    for (i = 0; i < BP_ARRAY_LEN(copy_rows); i++) {
        const struct copy_row *r = &copy_rows[i];
        struct bp_plan_copy c;
        struct bp_field_errors errs;
        enum bp_err rc = bp_plan_copy_validate(&r->in, &ctx, versions, 3, &c, &errs);
        expect_set(r->name, &errs, r->errors);
        if (rc == BP_OK && (c.plan_id != versions[c.version - 1].id ||
                            (c.recipient == BP_COPY_GUARDIAN && strcmp(c.name, "Johan Ek") != 0)))
            fail_msg("%s: record", r->name);
    }
}

/* V-8a.2: who is expected to answer: each organisation (named by its contact), each guardian, the child,
 * each other adult invited to the meeting where the version was made (answered or not), and everyone
 * else who answered; each with their answer or none. */
static void test_signers_expected(void **state)
{
    struct bp_plan_ctx ctx = ctx_for(BP_MODEL_VASTERBOTTEN);
    struct bp_plan_contact contacts[] = {{.org_id = SOCIAL, .name = "Bo Berg"}};
    struct bp_signature answers[] = {
        {.kind = BP_SIGNER_PROFESSIONAL, .org_id = SOCIAL, .name = "Bo Berg"},
        {.kind = BP_SIGNER_PROFESSIONAL, .org_id = SOCIAL, .name = "Cia Berg"},
        {.kind = BP_SIGNER_GUARDIAN, .guardian_id = 12, .answer = BP_SIGN_DECLINED},
        {.kind = BP_SIGNER_OTHER, .name = "Stina Stöd", .role = "stödperson"},
        {.kind = BP_SIGNER_OTHER, .name = "Morfar Olle", .role = "morfar"},
    };
    struct bp_invitee invitees[] = {
        {.kind = BP_INVITEE_GUARDIAN, .guardian_id = 12, .name = "Guardian"}, /* counted as a guardian */
        {.kind = BP_INVITEE_OTHER, .name = "Lisa Moster"},                    /* not answered yet */
        {.kind = BP_INVITEE_OTHER, .name = "Morfar Olle"},
        {.kind = BP_INVITEE_OTHER, .name = ""}, /* no name: nobody to ask */
    };
    struct bp_signer_row *rows;
    struct bp_arena arena, *a = &arena;
    size_t n, i, orgs = ctx.n_case_orgs, n_guard = ctx.n_guardians;
    (void)state;
    bp_arena_init(a, 4096);
    n = bp_signers_expected(a, &ctx, contacts, 1, NULL, 0, answers, 4, &rows);
    assert_int_equal(n, orgs + n_guard + 1 + 2); /* the second of SOCIAL and the other adult */
    for (i = 0; i < orgs; i++) {
        assert_int_equal(rows[i].kind, BP_SIGNER_PROFESSIONAL);
        assert_true(rows[i].org_id == SOCIAL
                        ? rows[i].answer == &answers[0] && strcmp(rows[i].name, "Bo Berg") == 0
                        : rows[i].answer == NULL);
    }
    for (i = orgs; i < orgs + n_guard; i++)
        assert_true(rows[i].guardian_id == 12 ? rows[i].answer == &answers[2] : rows[i].answer == NULL);
    assert_int_equal(rows[orgs + n_guard].kind, BP_SIGNER_CHILD);
    assert_null(rows[orgs + n_guard].answer);
    assert_ptr_equal(rows[n - 2].answer, &answers[1]);
    assert_ptr_equal(rows[n - 1].answer, &answers[3]);
    /* the other adults invited to the meeting are expected from the start, matched to answers by name */
    n = bp_signers_expected(a, &ctx, contacts, 1, invitees, 4, answers, 5, &rows);
    assert_int_equal(n, orgs + n_guard + 1 + 2 + 2); /* two invited adults; Cia Berg and Stina Stöd */
    i = orgs + n_guard + 1;
    assert_int_equal(rows[i].kind, BP_SIGNER_OTHER);
    assert_string_equal(rows[i].name, "Lisa Moster");
    assert_null(rows[i].answer);
    assert_string_equal(rows[i + 1].name, "Morfar Olle");
    assert_ptr_equal(rows[i + 1].answer, &answers[4]);
    assert_ptr_equal(rows[n - 2].answer, &answers[1]);
    assert_ptr_equal(rows[n - 1].answer, &answers[3]); /* answered without being invited */
    bp_arena_release(a);
}

/* V-8a.2, V-10.6: the meeting where a version was made: the follow-up that carried the plan over into it,
 * else the latest plan meeting not cancelled. */
static void test_plan_made_at(void **state)
{
    struct bp_meeting ms[] = {
        {.id = 1, .kind = BP_MEETING_PREPARATION, .status = BP_MEETING_HELD},
        {.id = 2, .kind = BP_MEETING_PLAN, .status = BP_MEETING_HELD},
        {.id = 3, .kind = BP_MEETING_PLAN, .status = BP_MEETING_CANCELLED},
        {.id = 4, .kind = BP_MEETING_FOLLOWUP, .status = BP_MEETING_HELD},
    };
    struct bp_followup fs[] = {{.meeting_id = 4, .new_plan_id = 70}, {.meeting_id = 5, .new_plan_id = 0}};
    (void)state;
    assert_int_equal(bp_plan_made_at(70, fs, 2, ms, 4), 4); /* carried over at the follow-up */
    assert_int_equal(bp_plan_made_at(69, fs, 2, ms, 4), 2); /* version 1: the plan meeting held */
    assert_int_equal(bp_plan_made_at(69, NULL, 0, ms, 2), 2);
    assert_int_equal(bp_plan_made_at(69, fs, 2, ms, 1), 0); /* no plan meeting */
    assert_int_equal(bp_meeting_latest_plan(ms, 3), 2);     /* a cancelled one does not count */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_areas),
        cmocka_unit_test(test_kinds),
        cmocka_unit_test(test_goal_table),
        cmocka_unit_test(test_intervention_table),
        cmocka_unit_test(test_commitment_table),
        cmocka_unit_test(test_plan_form),
        cmocka_unit_test(test_finish_table),
        cmocka_unit_test(test_finish_lists_everything),
        cmocka_unit_test(test_intervention_rights),
        cmocka_unit_test(test_plan_rights),
        cmocka_unit_test(test_decision_table),
        cmocka_unit_test(test_decision_recipients),
        cmocka_unit_test(test_signature_table),
        cmocka_unit_test(test_copy_table),
        cmocka_unit_test(test_signers_expected),
        cmocka_unit_test(test_plan_made_at),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
