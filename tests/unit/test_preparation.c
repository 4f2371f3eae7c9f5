/* test_preparation.c: preparing the child (V-3.x) and the guardians (V-4.1, V-4.2), and readiness for
 * the invitation (V-4.3), as tables over domain/preparation.c. Each row starts from a valid input,
 * changes it, and states the exact set of field errors and warnings expected; its name cites the
 * requirement it checks. Must not read the clock: "today" is fixed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "domain/preparation.h"

static const struct bp_date TODAY = {2026, 3, 30};

static const struct bp_guardian guardians[] = {
    {.id = 11, .name = "Sara Ek", .custody = BP_CUSTODY_JOINT},
    {.id = 12, .name = "Johan Ek", .custody = BP_CUSTODY_JOINT, .interpreter_language = "arabiska"},
};
static const struct bp_child plain_child = {.id = 1, .given_name = "Alva"};
static const struct bp_child needs_support = {.id = 2,
                                              .given_name = "Omar",
                                              .needs_interpreter = true,
                                              .interpreter_language = "arabiska",
                                              .picture_support = true};

struct want {
    const char *field, *code;
};

/* Compares the errors with the exact set `want` (ended by a NULL field); fails with `name`. */
static void expect_set(const char *name, const char *what, const struct bp_field_errors *got,
                       const struct want *want)
{
    size_t i, n = 0;
    for (; want[n].field; n++) {
        const char *code = bp_field_errors_find(got, want[n].field);
        if (!code || strcmp(code, want[n].code) != 0)
            fail_msg("%s: %s: wanted %s %s, got %s", name, what, want[n].field, want[n].code,
                     code ? code : "none");
    }
    if (got->count != n) {
        for (i = 0; i < got->count; i++)
            print_message("  %s %s\n", got->items[i].field, got->items[i].code);
        fail_msg("%s: %s: wanted %zu, got %zu", name, what, n, got->count);
    }
}

/* ---- the child ---- */

static struct bp_child_prep_input child_input(void)
{
    struct bp_child_prep_input in = {
        .informed_on = "2026-03-27",
        .how_informed = "Samtal hemma med bilder, på barnets villkor.",
        .adapted = true,
        .answers = {"Att fröken lyssnar.", "Hjälp med läxor.", "", "Mamma och mentorn.",
                    "En stund i början."},
        .participation = "part",
        .wanted_participants = "Mamma, pappa och mentorn Lisa.",
        .place_wishes = "I skolans lilla rum, med saft.",
        .setting = "physical",
        .done = true,
    };
    return in;
}

struct child_row {
    const char *name;
    const struct bp_child *child;
    void (*change)(struct bp_child_prep_input *in);
    struct want errors[4], warnings[3];
    void (*check)(const char *name, const struct bp_child_prep *p); /* for valid rows */
};

static void nothing(struct bp_child_prep_input *in)
{
    (void)in;
}
static void no_answers(struct bp_child_prep_input *in)
{
    size_t i;
    for (i = 0; i < BP_PREP_QUESTIONS; i++)
        in->answers[i] = NULL;
}
static void no_date(struct bp_child_prep_input *in)
{
    in->informed_on = "";
}
static void junk_date(struct bp_child_prep_input *in)
{
    in->informed_on = "27/3 2026";
}
static void future_date(struct bp_child_prep_input *in)
{
    in->informed_on = "2026-03-31";
}
static void no_how(struct bp_child_prep_input *in)
{
    in->how_informed = NULL;
}
static void not_adapted(struct bp_child_prep_input *in)
{
    in->adapted = false;
}
static void under_way(struct bp_child_prep_input *in)
{
    struct bp_child_prep_input empty_in = {.done = false};
    *in = empty_in;
}
static void under_way_told(struct bp_child_prep_input *in)
{
    under_way(in);
    in->informed_on = "2026-03-27";
}
static void undecided(struct bp_child_prep_input *in)
{
    in->participation = "";
}
static void junk_part(struct bp_child_prep_input *in)
{
    in->participation = "always";
}
static void rep_guardian(struct bp_child_prep_input *in)
{
    in->participation = "representative";
    in->rep_kind = "guardian";
    in->rep_guardian_id = "12";
}
static void rep_stranger(struct bp_child_prep_input *in)
{
    rep_guardian(in);
    in->rep_guardian_id = "99";
}
static void rep_guardian_none(struct bp_child_prep_input *in)
{
    rep_guardian(in);
    in->rep_guardian_id = "";
}
static void rep_other_unnamed(struct bp_child_prep_input *in)
{
    in->participation = "representative";
    in->rep_kind = "other_adult";
}
static void rep_other_named(struct bp_child_prep_input *in)
{
    rep_other_unnamed(in);
    in->rep_name = "Morfar Erik";
}
static void rep_no_kind(struct bp_child_prep_input *in)
{
    in->participation = "representative";
}
static void letter_empty(struct bp_child_prep_input *in)
{
    in->participation = "letter";
}
static void letter_note(struct bp_child_prep_input *in)
{
    in->participation = "letter";
    in->letter_note = "Brevet ligger i ett kuvert hos mentorn.";
}
static void letter_text(struct bp_child_prep_input *in)
{
    in->participation = "letter";
    in->letter_text = "Jag vill att ni pratar om rasterna.";
}
static void heard(struct bp_child_prep_input *in)
{
    in->participation = "heard";
    in->rep_kind = "other_adult"; /* left over from an earlier choice: ignored */
}
static void support_other_empty(struct bp_child_prep_input *in)
{
    in->support_kind = "other_adult";
}
static void support_other(struct bp_child_prep_input *in)
{
    in->support_kind = "other_adult";
    in->support_name = "Fotbollstränaren Ali";
    in->support_relation = "tränare";
}
static void digital(struct bp_child_prep_input *in)
{
    in->setting = "digital";
}
static void junk_setting(struct bp_child_prep_input *in)
{
    in->setting = "hybrid";
}
static void long_answer(struct bp_child_prep_input *in)
{
    static char buf[BP_MAX_LONG_TEXT + 2];
    memset(buf, 'a', sizeof(buf) - 1);
    in->answers[2] = buf;
}
static void long_wish(struct bp_child_prep_input *in)
{
    static char buf[BP_MAX_LONG_TEXT + 2];
    memset(buf, 'b', sizeof(buf) - 1);
    in->place_wishes = buf;
}
static void interpreter_used(struct bp_child_prep_input *in)
{
    in->interpreter_used = true;
    in->picture_support_used = true;
}

static void is_part(const char *name, const struct bp_child_prep *p)
{
    if (p->participation != BP_PART_PART || !p->done || p->done_on.d != 30 || p->prepared_by != 7 ||
        p->support_kind != BP_SUPPORT_INITIATOR || p->setting != BP_SETTING_PHYSICAL || !p->informed ||
        p->informed_on.d != 27 || strcmp(p->answers[0], "Att fröken lyssnar.") != 0 || p->answers[2][0] ||
        strcmp(p->wanted_participants, "Mamma, pappa och mentorn Lisa.") != 0 ||
        !strstr(p->place_wishes, "saft"))
        fail_msg("%s: record not as given", name);
}
static void is_rep_guardian(const char *name, const struct bp_child_prep *p)
{
    if (p->participation != BP_PART_REPRESENTATIVE || p->rep_kind != BP_REP_GUARDIAN ||
        p->rep_guardian_id != 12 || strcmp(p->rep_name, "Johan Ek") != 0)
        fail_msg("%s: the guardian's name is the representative's", name);
}
static void is_rep_other(const char *name, const struct bp_child_prep *p)
{
    if (p->rep_kind != BP_REP_OTHER_ADULT || strcmp(p->rep_name, "Morfar Erik") != 0 || p->rep_guardian_id)
        fail_msg("%s: representative", name);
}
static void is_heard(const char *name, const struct bp_child_prep *p)
{
    if (p->participation != BP_PART_HEARD || p->rep_name[0])
        fail_msg("%s: no representative for a child who is heard", name);
}
static void is_letter_note(const char *name, const struct bp_child_prep *p)
{
    if (p->participation != BP_PART_LETTER || p->letter_text[0] || !strstr(p->letter_note, "kuvert"))
        fail_msg("%s: letter note", name);
}
static void is_support_other(const char *name, const struct bp_child_prep *p)
{
    if (p->support_kind != BP_SUPPORT_OTHER_ADULT || strcmp(p->support_relation, "tränare") != 0)
        fail_msg("%s: support person", name);
}
static void is_under_way(const char *name, const struct bp_child_prep *p)
{
    if (p->done || p->participation != BP_PART_UNDECIDED || p->setting != BP_SETTING_UNDECIDED)
        fail_msg("%s: under way", name);
}
static void is_digital(const char *name, const struct bp_child_prep *p)
{
    if (p->setting != BP_SETTING_DIGITAL)
        fail_msg("%s: digital", name);
}

/* clang-format off */
static const struct child_row child_rows[] = {
    {"V-3.3 V-3.4 V-3.9 V-3.14 a prepared child who takes part in part of the meeting, with whom and where", &plain_child, nothing, {{0}}, {{0}}, is_part},
    {"V-3.6 V-3.7 no answers at all: a child may not answer, and no age is too young", &plain_child, no_answers, {{0}}, {{0}}, NULL},
    {"V-3.7 an answer is bounded", &plain_child, long_answer, {{"prep.answer_3", "too_long"}}, {{0}}, NULL},
    {"V-3.4 done needs the date the child was told", &plain_child, no_date, {{"prep.informed_on", "required"}}, {{0}}, NULL},
    {"V-3.4 the date is a date", &plain_child, junk_date, {{"prep.informed_on", "date"}}, {{0}}, NULL},
    {"V-3.4 the child cannot have been told tomorrow", &plain_child, future_date, {{"prep.informed_on", "future"}}, {{0}}, NULL},
    {"V-3.4 done needs how the child was told", &plain_child, no_how, {{"prep.how_informed", "required"}}, {{0}}, NULL},
    {"V-3.4 V-3.5 done needs the confirmation that it was adapted to the child", &plain_child, not_adapted, {{"prep.adapted", "confirm"}}, {{0}}, NULL},
    {"V-3.2 a preparation under way can be saved empty", &plain_child, under_way, {{0}}, {{0}}, is_under_way},
    {"V-3.4 told on a date: how, too", &plain_child, under_way_told, {{"prep.how_informed", "required"}}, {{0}}, NULL},
    {"V-3.11 done needs how the child takes part", &plain_child, undecided, {{"prep.participation", "required"}}, {{0}}, NULL},
    {"V-3.11 an unknown way to take part", &plain_child, junk_part, {{"prep.participation", "choice"}}, {{0}}, NULL},
    {"V-3.11 not at all, but heard", &plain_child, heard, {{0}}, {{0}}, is_heard},
    {"V-3.12 a guardian speaks for the child", &plain_child, rep_guardian, {{0}}, {{0}}, is_rep_guardian},
    {"V-3.12 the representative guardian is one of the child's", &plain_child, rep_stranger, {{"prep.rep_guardian_id", "not_guardian"}}, {{0}}, NULL},
    {"V-3.12 which guardian", &plain_child, rep_guardian_none, {{"prep.rep_guardian_id", "required"}}, {{0}}, NULL},
    {"V-3.12 another adult needs a name", &plain_child, rep_other_unnamed, {{"prep.rep_name", "required"}}, {{0}}, NULL},
    {"V-3.12 another adult, named", &plain_child, rep_other_named, {{0}}, {{0}}, is_rep_other},
    {"V-3.12 who the representative is", &plain_child, rep_no_kind, {{"prep.rep_kind", "required"}}, {{0}}, NULL},
    {"V-3.12 a letter: its text or a note that it exists", &plain_child, letter_empty, {{"prep.letter_text", "letter_required"}}, {{0}}, NULL},
    {"V-3.12 a note that a letter exists is enough", &plain_child, letter_note, {{0}}, {{0}}, is_letter_note},
    {"V-3.12 the letter's text", &plain_child, letter_text, {{0}}, {{0}}, NULL},
    {"V-3.14 the child's wishes for the place are bounded", &plain_child, long_wish, {{"prep.place_wishes", "too_long"}}, {{0}}, NULL},
    {"V-3.8 another adult as support person: name and relation", &plain_child, support_other_empty, {{"prep.support_name", "required"}, {"prep.support_relation", "required"}}, {{0}}, NULL},
    {"V-3.8 the role handed to an adult the child trusts more", &plain_child, support_other, {{0}}, {{0}}, is_support_other},
    {"V-3.15 the child chose a video meeting", &plain_child, digital, {{0}}, {{0}}, is_digital},
    {"V-3.15 digital, physical or undecided only", &plain_child, junk_setting, {{"prep.setting", "choice"}}, {{0}}, NULL},
    {"V-3.5 interpreter and picture support needed and not used: warned, not blocked", &needs_support, nothing, {{0}},
     {{"prep.interpreter_used", "interpreter_needed"}, {"prep.picture_support_used", "picture_support_needed"}}, NULL},
    {"V-3.5 interpreter and picture support used", &needs_support, interpreter_used, {{0}}, {{0}}, NULL},
    {"V-3.5 nothing to warn about before the child is told", &needs_support, under_way, {{0}}, {{0}}, NULL},
};
/* clang-format on */

static void test_child_table(void **state)
{
    size_t i;
    (void)state;
    for (i = 0; i < BP_ARRAY_LEN(child_rows); i++) {
        const struct child_row *r = &child_rows[i];
        struct bp_child_prep_input in = child_input();
        struct bp_child_prep out;
        struct bp_field_errors errs, warns;
        enum bp_err rc;
        r->change(&in);
        rc = bp_child_prep_validate(&in, r->child, guardians, 2, 7, TODAY, &out, &errs, &warns);
        expect_set(r->name, "errors", &errs, r->errors);
        expect_set(r->name, "warnings", &warns, r->warnings);
        if ((rc == BP_OK) != (errs.count == 0))
            fail_msg("%s: return code %d with %zu errors", r->name, rc, errs.count);
        if (r->check)
            r->check(r->name, &out);
    }
}

/* ---- the guardians ---- */

struct guardian_row {
    const char *name;
    struct bp_guardian_prep_input in;
    struct want errors[3], warnings[2];
};

/* clang-format off */
static const struct guardian_row guardian_rows[] = {
    {"V-4.1 V-4.2 a prepared guardian", {.guardian_id = "11", .informed_on = "2026-03-26",
     .answers = {"Att hon får vara med kompisar.", "Stöd i skolan.", "Att hon går i skolan.", "Mentorn.", "Att vi hinner prata."}, .done = true}, {{0}}, {{0}}},
    {"V-4.2 the guardian need not answer every question", {.guardian_id = "11", .informed_on = "2026-03-26", .done = true}, {{0}}, {{0}}},
    {"V-4.1 done needs the date", {.guardian_id = "11", .done = true}, {{"guardian_prep.informed_on", "required"}}, {{0}}},
    {"V-4.1 not in the future", {.guardian_id = "11", .informed_on = "2026-04-01", .done = true}, {{"guardian_prep.informed_on", "future"}}, {{0}}},
    {"V-4.1 which guardian", {.informed_on = "2026-03-26"}, {{"guardian_prep.guardian_id", "required"}}, {{0}}},
    {"V-4.1 someone who is not the child's guardian", {.guardian_id = "13", .done = false}, {{"guardian_prep.guardian_id", "not_guardian"}}, {{0}}},
    {"V-4.1 an id that is no id", {.guardian_id = "elva"}, {{"guardian_prep.guardian_id", "choice"}}, {{0}}},
    {"V-3.5 V-4.1 the guardian needs an interpreter: warned", {.guardian_id = "12", .informed_on = "2026-03-26", .done = true}, {{0}},
     {{"guardian_prep.interpreter_used", "interpreter_needed"}}},
    {"V-3.5 V-4.1 with an interpreter", {.guardian_id = "12", .informed_on = "2026-03-26", .interpreter_used = true, .done = true}, {{0}}, {{0}}},
};
/* clang-format on */

static void test_guardian_table(void **state)
{
    size_t i;
    (void)state;
    for (i = 0; i < BP_ARRAY_LEN(guardian_rows); i++) {
        const struct guardian_row *r = &guardian_rows[i];
        struct bp_guardian_prep out;
        struct bp_field_errors errs, warns;
        enum bp_err rc = bp_guardian_prep_validate(&r->in, guardians, 2, 7, TODAY, &out, &errs, &warns);
        int64_t id = 0;
        expect_set(r->name, "errors", &errs, r->errors);
        expect_set(r->name, "warnings", &warns, r->warnings);
        if ((rc == BP_OK) != (errs.count == 0))
            fail_msg("%s: return code %d", r->name, rc);
        if (rc == BP_OK)
            assert_true(bp_parse_int64(r->in.guardian_id, 1, INT64_MAX, &id));
        if (rc == BP_OK && (out.guardian_id != id || out.done != r->in.done || out.prepared_by != 7 ||
                            (out.done && out.done_on.d != 30)))
            fail_msg("%s: record not as given", r->name);
    }
}

/* V-4.3: the invitation goes out once the child and every guardian with custody are prepared. */
static void test_ready(void **state)
{
    struct bp_child_prep child = {.done = true}, child_open = {.done = false};
    struct bp_guardian_prep both[] = {{.guardian_id = 11, .done = true}, {.guardian_id = 12, .done = true}};
    struct bp_guardian_prep one[] = {{.guardian_id = 11, .done = true}, {.guardian_id = 12, .done = false}};
    struct bp_guardian_prep stranger[] = {{.guardian_id = 11, .done = true},
                                          {.guardian_id = 99, .done = true}};
    struct bp_prep_status s;
    (void)state;
    assert_true(bp_prep_ready(&child, both, 2, guardians, 2));
    assert_false(bp_prep_ready(NULL, both, 2, guardians, 2));        /* the child not prepared */
    assert_false(bp_prep_ready(&child_open, both, 2, guardians, 2)); /* under way is not prepared */
    assert_false(bp_prep_ready(&child, one, 2, guardians, 2));       /* one guardian under way */
    assert_false(bp_prep_ready(&child, stranger, 2, guardians, 2));  /* someone else's preparation */
    assert_false(bp_prep_ready(&child, NULL, 0, guardians, 2));
    assert_true(bp_prep_ready(&child, one, 1, guardians, 1)); /* a sole guardian */
    s = bp_prep_status_of(&child, one, 2, guardians, 2);
    assert_true(s.child_done);
    assert_int_equal(s.n_missing, 1);
    assert_int_equal(s.missing[0], 12);
    s = bp_prep_status_of(NULL, NULL, 0, guardians, 2);
    assert_false(s.child_done);
    assert_int_equal(s.n_missing, 2);
    assert_false(s.ready);
}

/* V-3.7, V-4.2: the web layer labels the five questions from stable keys. */
static void test_question_keys(void **state)
{
    (void)state;
    assert_int_equal(BP_PREP_QUESTIONS, 5);
    assert_string_equal(bp_prep_question_keys[0], "q1");
    assert_string_equal(bp_prep_question_keys[4], "q5");
    assert_int_equal(BP_CODE_FIND(bp_participation_codes, "letter"), BP_PART_LETTER);
    assert_int_equal(BP_CODE_FIND(bp_setting_codes, "digital"), BP_SETTING_DIGITAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_child_table),
        cmocka_unit_test(test_guardian_table),
        cmocka_unit_test(test_ready),
        cmocka_unit_test(test_question_keys),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
