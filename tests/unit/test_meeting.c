/* test_meeting.c: meetings and invitations (domain/meeting.c) as tables: the invitation's errors and
 * warnings (V-4.3-V-4.5, K-4.1-K-4.4, V-5.1-V-5.2, V-2.7, V-3.10, V-3.15, V-3.16, V-6.1, K-4.3), the
 * meeting form, invitees, answers and absence by model (V-6.2, K-4.7, K-4.8), the chair's opening (V-6.3),
 * the close (V-6.10) and the child's debriefing (V-8a.6). Each row names the requirement it checks.
 * Must not read the clock: "today" and "now" are fixed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "domain/meeting.h"

enum { SCHOOL = 10, SOCIAL = 30, BUP = 40, ANNA = 5, BO = 6 };

static const struct bp_date TODAY = {2026, 3, 30};
static const struct bp_date NOTICED = {2026, 3, 27};

/* Unix seconds of a local date and time in summer time (UTC+2; every meeting here is after
 * 2026-03-29). The domain never converts: the caller does, and these tests stand in for it. */
static int64_t at(const char *date, int minute)
{
    struct bp_date d;
    if (!bp_date_parse(date, &d))
        fail_msg("bad date %s", date);
    return bp_days_from_civil(d.y, d.m, d.d) * 86400 + minute * 60 - 7200;
}
#define NOW at("2026-03-30", 10 * 60)

static struct bp_date D(const char *s) {
    struct bp_date d;
    if (!bp_date_parse(s, &d))
        fail_msg("bad date %s", s);
    return d;
}

static const struct bp_guardian guardians[] = {
    {.id = 11, .name = "Sara Ek", .email = "sara@example.se", .custody = BP_CUSTODY_JOINT},
    {.id = 12, .name = "Johan Ek", .custody = BP_CUSTODY_JOINT},
};

/* docs/family-access.md R5: the same family with the parent without custody (custody "none") */
static const struct bp_guardian with_parent[] = {
    {.id = 11, .name = "Sara Ek", .custody = BP_CUSTODY_JOINT},
    {.id = 12, .name = "Johan Ek", .custody = BP_CUSTODY_JOINT},
    {.id = 13, .name = "Per Ek", .custody = BP_CUSTODY_NONE},
};

static struct bp_membership anna_orgs[] = {{SCHOOL, BP_ROLE_PROFESSIONAL, "Björkskolan"},
                                           {SOCIAL, BP_ROLE_PROFESSIONAL, "Socialtjänsten"}};
static struct bp_membership bo_orgs[] = {{SOCIAL, BP_ROLE_PROFESSIONAL, "Socialtjänsten"}};
static const struct bp_user anna = {ANNA, "anna", "Anna Ek", "", false, false, anna_orgs, 2};
static const struct bp_user bo = {BO, "bo", "Bo Lind", "", false, false, bo_orgs, 1};

struct want {
    const char *field, *code;
};

static void expect_set(const char *name, const char *what, const struct bp_field_errors *got,
                       const struct want *want)
{
    size_t i, n = 0;
    for (; want[n].field; n++) {
        bool found = false;
        for (i = 0; i < got->count && !found; i++)
            found = strcmp(got->items[i].field, want[n].field) == 0 &&
                    strcmp(got->items[i].code, want[n].code) == 0;
        if (!found)
            fail_msg("%s: %s: wanted %s %s", name, what, want[n].field, want[n].code);
    }
    if (got->count != n) {
        for (i = 0; i < got->count; i++)
            print_message("  %s %s\n", got->items[i].field, got->items[i].code);
        fail_msg("%s: %s: wanted %zu, got %zu", name, what, n, got->count);
    }
}

/* ---- the invitation ---- */

struct fixture {
    struct bp_meeting m;
    struct bp_invitee inv[BP_MAX_INVITEES + 2];
    size_t n;
    struct bp_child_prep child;
    struct bp_guardian_prep gp[2];
    struct bp_consent consents[2];
    struct bp_invitation_ctx ctx;
};

static void base(struct fixture *f)
{
    static const struct bp_invitee inv[] = {
        {.kind = BP_INVITEE_CHILD, .name = "Alva"},
        {.kind = BP_INVITEE_GUARDIAN, .guardian_id = 11, .name = "Sara Ek"},
        {.kind = BP_INVITEE_GUARDIAN, .guardian_id = 12, .name = "Johan Ek"},
        {.kind = BP_INVITEE_PROFESSIONAL, .org_id = SCHOOL, .user_id = ANNA, .name = "Anna Ek"},
        {.kind = BP_INVITEE_PROFESSIONAL,
         .org_id = SOCIAL,
         .name = "Socialtjänsten",
         .email = "soc@example.se"},
    };
    memset(f, 0, sizeof(*f));
    f->m = (struct bp_meeting){
        .kind = BP_MEETING_PLAN,
        .status = BP_MEETING_PLANNED,
        .starts_at = at("2026-04-15", 13 * 60),
        .ends_at = at("2026-04-15", 14 * 60 + 30),
        .date = D("2026-04-15"),
        .place = "Björkskolan, lilla rummet",
        .setting = BP_SETTING_PHYSICAL,
        .setting_agreed = true,
        .video_link = "",
        .purpose = "Alva är inte i skolan; vi behöver göra en plan tillsammans.",
        .agenda = "Vad som fungerar, skolan, stöd hemma.",
        .called_by_user = ANNA,
        .called_by_org = SCHOOL,
        .chair_user_id = ANNA,
        .note_taker_user_id = BO,
        .deadline_reason = "",
        .child_not_invited_reason = "",
        .binding = true,
    };
    memcpy(f->inv, inv, sizeof(inv));
    f->n = BP_ARRAY_LEN(inv);
    f->child =
        (struct bp_child_prep){.done = true, .participation = BP_PART_PART, .setting = BP_SETTING_PHYSICAL};
    f->gp[0] = (struct bp_guardian_prep){.guardian_id = 11, .done = true};
    f->gp[1] = (struct bp_guardian_prep){.guardian_id = 12, .done = true};
    f->consents[0] =
        (struct bp_consent){.org_id = SCHOOL, .covers_preparation = true, .given_on = {2026, 3, 28}};
    f->consents[1] =
        (struct bp_consent){.org_id = SOCIAL, .covers_preparation = true, .given_on = {2026, 3, 28}};
    f->ctx = (struct bp_invitation_ctx){
        .model = BP_MODEL_VASTERBOTTEN,
        .noticed = NOTICED,
        .today = TODAY,
        .now = NOW,
        .guardians = guardians,
        .n_guardians = 2,
        .child_prep = &f->child,
        .guardian_preps = f->gp,
        .n_guardian_preps = 2,
        .consents = f->consents,
        .n_consents = 2,
    };
}

static void move_to(struct fixture *f, const char *date)
{
    f->m.date = D(date);
    f->m.starts_at = at(date, 13 * 60);
    f->m.ends_at = at(date, 14 * 60);
}

static void nothing(struct fixture *f)
{
    (void)f;
}
static void kronoberg(struct fixture *f)
{
    f->ctx.model = BP_MODEL_KRONOBERG;
    move_to(f, "2026-04-20"); /* 21 days' notice */
}
static void no_purpose(struct fixture *f)
{
    f->m.purpose = "";
}
static void no_agenda(struct fixture *f)
{
    f->m.agenda = NULL;
}
static void nobody(struct fixture *f)
{
    f->n = 0;
}
static void drop(struct fixture *f, size_t i)
{
    memmove(&f->inv[i], &f->inv[i + 1], (f->n - i - 1) * sizeof(f->inv[0]));
    f->n--;
}
static void no_child(struct fixture *f)
{
    drop(f, 0);
}
static void no_child_reason(struct fixture *f)
{
    drop(f, 0);
    f->m.child_not_invited_reason = "Alva vill inte vara med; hennes brev läses upp.";
}
static void no_child_heard(struct fixture *f)
{
    no_child_reason(f);
    f->child.participation = BP_PART_LETTER;
}
static void one_guardian(struct fixture *f)
{
    drop(f, 2);
}
static void parent_not_invited(struct fixture *f)
{
    f->ctx.guardians = with_parent;
    f->ctx.n_guardians = BP_ARRAY_LEN(with_parent);
}
static void parent_invited_too(struct fixture *f)
{
    parent_not_invited(f);
    f->inv[f->n] = f->inv[1];
    f->inv[f->n++].guardian_id = 13;
}
static void parent_instead_of_guardian(struct fixture *f)
{
    parent_not_invited(f);
    f->inv[2].guardian_id = 13;
}
static void guardian_twice(struct fixture *f)
{
    f->inv[f->n++] = f->inv[1];
}
static void child_twice(struct fixture *f)
{
    f->inv[f->n++] = f->inv[0];
}
static void stranger(struct fixture *f)
{
    f->inv[2].guardian_id = 99;
}
static void professional_without_org(struct fixture *f)
{
    f->inv[4].org_id = 0;
}
static void other_unnamed(struct fixture *f)
{
    f->inv[f->n++] = (struct bp_invitee){.kind = BP_INVITEE_OTHER, .name = ""};
}
static void other_named(struct fixture *f)
{
    f->inv[f->n++] = (struct bp_invitee){.kind = BP_INVITEE_OTHER, .name = "Morfar Erik"};
}
static void bad_email(struct fixture *f)
{
    f->inv[4].email = "soc@";
}
static void end_first(struct fixture *f)
{
    f->m.ends_at = f->m.starts_at;
}
static void in_the_past(struct fixture *f)
{
    f->m.date = TODAY;
    f->m.starts_at = NOW - 3600;
    f->m.ends_at = NOW;
}
static void digital_no_link(struct fixture *f)
{
    f->m.setting = BP_SETTING_DIGITAL;
    f->m.place = "";
}
static void digital_http(struct fixture *f)
{
    digital_no_link(f);
    f->m.video_link = "http://video.example.se/rum/12";
}
static void digital_junk(struct fixture *f)
{
    digital_no_link(f);
    f->m.video_link = "rum 12";
}
static void digital_user_part(struct fixture *f)
{
    digital_no_link(f);
    f->m.video_link = "https://video.region.se@evil.example/rum";
}
static void digital_https(struct fixture *f)
{
    digital_no_link(f);
    f->m.video_link = "https://video.region.se/rum/12?pin=4711";
    f->child.setting = BP_SETTING_DIGITAL;
}
static void digital_not_chosen(struct fixture *f)
{
    digital_no_link(f);
    f->m.video_link = "HTTPS://video.region.se/rum/12";
}
static void no_place(struct fixture *f)
{
    f->m.place = "";
}
static void undecided_setting(struct fixture *f)
{
    f->m.setting = BP_SETTING_UNDECIDED;
    f->child.setting = BP_SETTING_UNDECIDED;
}
static void kronoberg_not_agreed(struct fixture *f)
{
    kronoberg(f);
    f->m.setting_agreed = false;
}
static void vasterbotten_not_agreed(struct fixture *f)
{
    f->m.setting_agreed = false;
}
static void vb_22_days(struct fixture *f)
{
    move_to(f, "2026-04-18");
}
static void vb_22_days_reason(struct fixture *f)
{
    vb_22_days(f);
    f->m.deadline_reason = "Mormor, som Alva vill ha med, kan först den 18:e.";
}
static void vb_21_days(struct fixture *f)
{
    move_to(f, "2026-04-17");
}
static void kb_20_days(struct fixture *f)
{
    f->ctx.model = BP_MODEL_KRONOBERG;
    move_to(f, "2026-04-19");
}
static void kb_20_days_agreed(struct fixture *f)
{
    kb_20_days(f);
    f->m.deadline_reason = "Vårdnadshavarna och skolan kom överens om ett tidigare möte.";
}
static void kb_far_after_noticed(struct fixture *f)
{
    f->ctx.model = BP_MODEL_KRONOBERG;
    move_to(f, "2026-05-10");
}
static void vb_far_after_noticed(struct fixture *f)
{
    move_to(f, "2026-05-10");
}
static void vb_followup(struct fixture *f)
{
    f->m.kind = BP_MEETING_FOLLOWUP;
    move_to(f, "2026-06-01");
}
static void kb_followup_20_days(struct fixture *f)
{
    kb_20_days(f);
    f->m.kind = BP_MEETING_FOLLOWUP;
}
static void child_not_prepared(struct fixture *f)
{
    f->ctx.child_prep = NULL;
}
static void guardian_not_prepared(struct fixture *f)
{
    f->gp[1].done = false;
}
static void nine(struct fixture *f)
{
    size_t i;
    for (i = 0; f->n < 9; i++)
        f->inv[f->n++] = (struct bp_invitee){.kind = BP_INVITEE_PROFESSIONAL, .org_id = 100 + (int64_t)i};
}
static void too_many(struct fixture *f)
{
    size_t i;
    for (i = 0; f->n < BP_MAX_INVITEES + 1; i++)
        f->inv[f->n++] = (struct bp_invitee){.kind = BP_INVITEE_PROFESSIONAL, .org_id = 100 + (int64_t)i};
}
static void no_note_taker(struct fixture *f)
{
    f->m.note_taker_user_id = 0;
}
static void preparation(struct fixture *f)
{
    f->m.kind = BP_MEETING_PREPARATION;
    f->m.note_taker_user_id = 0; /* nobody writes a plan at the professionals' preparation */
    drop(f, 0);
    drop(f, 0);
    drop(f, 0);
    f->ctx.child_prep = NULL; /* preparing the family is not this meeting's business */
}
static void preparation_not_covered(struct fixture *f)
{
    preparation(f);
    f->consents[1].covers_preparation = false;
}
static void preparation_bup(struct fixture *f)
{
    preparation(f);
    f->inv[f->n++] = (struct bp_invitee){.kind = BP_INVITEE_PROFESSIONAL, .org_id = BUP};
}
static void preparation_withdrawn(struct fixture *f)
{
    preparation(f);
    f->consents[0].status = BP_CONSENT_WITHDRAWN;
}
static void preparation_with_child(struct fixture *f)
{
    preparation(f);
    f->inv[f->n++] = (struct bp_invitee){.kind = BP_INVITEE_CHILD};
}
static void held(struct fixture *f)
{
    f->m.status = BP_MEETING_HELD;
}
static void no_caller(struct fixture *f)
{
    f->m.called_by_org = 0;
}

struct inv_row {
    const char *name;
    void (*change)(struct fixture *f);
    struct want errors[4], warnings[4];
};

/* clang-format off */
static const struct inv_row inv_rows[] = {
    {"V-4.4 V-4.5 a valid Västerbotten invitation: why, what, who", nothing, {{0}}, {{0}}},
    {"K-4.1 K-4.2 K-4.3 a valid Kronoberg invitation", kronoberg, {{0}}, {{0}}},
    {"V-4.4a K-4.2 an invitation without a purpose", no_purpose, {{"meeting.purpose", "required"}}, {{0}}},
    {"V-4.4b what will be discussed", no_agenda, {{"meeting.agenda", "required"}}, {{0}}},
    {"V-4.4c nobody invited", nobody, {{"meeting.invitees", "required"}, {"meeting.child_not_invited_reason", "child_not_invited"}},
     {{"meeting.child_not_invited_reason", "child_wants_to_attend"}}},
    {"V-4.5 K-4.1 the child is invited, or a reason is written", no_child, {{"meeting.child_not_invited_reason", "child_not_invited"}},
     {{"meeting.child_not_invited_reason", "child_wants_to_attend"}}},
    {"K-4.1 V-3.11 not inviting the child with a reason: allowed, but the child chose to take part", no_child_reason, {{0}},
     {{"meeting.child_not_invited_reason", "child_wants_to_attend"}}},
    {"K-4.1 V-3.12 the child sends a letter instead", no_child_heard, {{0}}, {{0}}},
    {"V-4.5 K-4.1 every guardian is invited", one_guardian, {{"meeting.invitees", "guardians_not_invited"}}, {{0}}},
    {"V-4.5 V-2.1 a parent without custody need not be invited nor prepared", parent_not_invited, {{0}}, {{0}}},
    {"V-3.9 V-4.2 a parent without custody invited when the guardians agree", parent_invited_too, {{0}}, {{0}}},
    {"V-4.5 a parent without custody does not stand in for a guardian", parent_instead_of_guardian,
     {{"meeting.invitees", "guardians_not_invited"}}, {{0}}},
    {"V-4.5 a guardian twice", guardian_twice, {{"invitees.5.kind", "duplicate"}}, {{0}}},
    {"V-4.5 the child twice", child_twice, {{"invitees.5.kind", "duplicate"}}, {{0}}},
    {"V-4.5 someone who is not the child's guardian", stranger, {{"invitees.2.guardian_id", "not_guardian"}, {"meeting.invitees", "guardians_not_invited"}}, {{0}}},
    {"V-4.5 an organisation is invited by its id", professional_without_org, {{"invitees.4.org_id", "required"}}, {{0}}},
    {"V-3.9 another adult important to the child needs a name", other_unnamed, {{"invitees.5.name", "required"}}, {{0}}},
    {"V-3.9 another adult important to the child", other_named, {{0}}, {{0}}},
    {"an invitee's e-mail address", bad_email, {{"invitees.4.email", "email"}}, {{0}}},
    {"the meeting ends after it starts", end_first, {{"meeting.end", "end_before_start"}}, {{0}}},
    {"a meeting in the past", in_the_past, {{"meeting.date", "past"}}, {{0}}},
    {"V-3.16 a video meeting needs its link", digital_no_link, {{"meeting.video_link", "required"}}, {{"meeting.setting", "child_setting"}}},
    {"V-3.16 a video link that is not https", digital_http, {{"meeting.video_link", "https"}}, {{"meeting.setting", "child_setting"}}},
    {"V-3.16 a video link that is no link", digital_junk, {{"meeting.video_link", "url"}}, {{"meeting.setting", "child_setting"}}},
    {"V-3.16 a user part can hide the real host", digital_user_part, {{"meeting.video_link", "url"}}, {{"meeting.setting", "child_setting"}}},
    {"V-3.15 V-3.16 the child chose video; the link is https", digital_https, {{0}}, {{0}}},
    {"V-3.15 not what the child chose: warned", digital_not_chosen, {{0}}, {{"meeting.setting", "child_setting"}}},
    {"a physical meeting needs a place", no_place, {{"meeting.place", "required"}}, {{0}}},
    {"K-4.4 digital or physical is decided before the invitation", undecided_setting, {{"meeting.setting", "required"}}, {{0}}},
    {"K-4.4 Kronoberg: digital or physical agreed together", kronoberg_not_agreed, {{"meeting.setting_agreed", "setting_agreed"}}, {{0}}},
    {"K-4.4 is Kronoberg's rule, not Västerbotten's", vasterbotten_not_agreed, {{0}}, {{0}}},
    {"V-6.1 22 days after the need was noticed needs a reason", vb_22_days, {{"meeting.deadline_reason", "late_meeting"}}, {{0}}},
    {"V-6.1 22 days with a reason", vb_22_days_reason, {{0}}, {{0}}},
    {"V-6.1 21 days is within three weeks", vb_21_days, {{0}}, {{0}}},
    {"K-4.3 20 days' notice needs an agreement", kb_20_days, {{"meeting.deadline_reason", "short_notice"}}, {{0}}},
    {"K-4.3 20 days' notice with a recorded agreement", kb_20_days_agreed, {{0}}, {{0}}},
    {"K-4.3 Kronoberg counts from the invitation, not from the noticed date", kb_far_after_noticed, {{0}}, {{0}}},
    {"V-6.1 Västerbotten counts from the noticed date", vb_far_after_noticed, {{"meeting.deadline_reason", "late_meeting"}}, {{0}}},
    {"V-6.1 is about the meeting where the plan is made, not follow-up", vb_followup, {{0}}, {{0}}},
    {"K-4.3 always: the follow-up meeting too", kb_followup_20_days, {{"meeting.deadline_reason", "short_notice"}}, {{0}}},
    {"V-4.3 the child not prepared: warned, not blocked", child_not_prepared, {{0}}, {{"prep.child", "child_not_prepared"}}},
    {"V-4.3 a guardian not prepared: warned, not blocked", guardian_not_prepared, {{0}}, {{"prep.guardians", "guardians_not_prepared"}}},
    {"V-3.10 more than eight participants: warned", nine, {{0}}, {{"meeting.invitees", "many_participants"}}},
    {"more invitees than the limit", too_many, {{"meeting.invitees", "too_many"}}, {{"meeting.invitees", "many_participants"}}},
    {"V-5.6 nobody documents the plan yet: warned", no_note_taker, {{0}}, {{"meeting.note_taker_user_id", "no_note_taker"}}},
    {"V-5.2 V-2.7 the professionals prepare together under consent", preparation, {{0}}, {{0}}},
    {"V-5.2 V-2.7 one organisation's consent does not cover the preparation", preparation_not_covered, {{"meeting.kind", "preparation_consent"}}, {{0}}},
    {"V-2.6 V-5.2 an organisation without consent of its own", preparation_bup, {{"meeting.kind", "preparation_consent"}}, {{0}}},
    {"V-2.8 V-5.2 the calling organisation's consent was withdrawn", preparation_withdrawn, {{"meeting.kind", "preparation_consent"}}, {{0}}},
    {"V-5.1 the child is not at the professionals' preparation", preparation_with_child, {{"invitees.2.kind", "professionals_only"}}, {{0}}},
    {"a held meeting is not invited to again", held, {{"meeting.status", "not_planned"}}, {{0}}},
    {"V-4.5 K-1.1 who calls the meeting", no_caller, {{"meeting.called_by", "required"}}, {{0}}},
};
/* clang-format on */

static void test_invitation_table(void **state)
{
    size_t i;
    struct bp_arena a;
    (void)state;
    bp_arena_init(&a, 4096);
    for (i = 0; i < BP_ARRAY_LEN(inv_rows); i++) {
        const struct inv_row *r = &inv_rows[i];
        struct fixture f;
        struct bp_field_errors errs, warns;
        enum bp_err rc;
        base(&f);
        r->change(&f);
        rc = bp_invitation_check(&a, &f.m, f.inv, f.n, &f.ctx, NULL, &errs, &warns);
        expect_set(r->name, "errors", &errs, r->errors);
        expect_set(r->name, "warnings", &warns, r->warnings);
        if ((rc == BP_OK) != (errs.count == 0))
            fail_msg("%s: return code %d", r->name, rc);
        bp_arena_reset(&a);
    }
    bp_arena_release(&a);
}

/* V-6.1, K-4.3: the invitation reports the rule's limit so the page can show it. */
static void test_invitation_deadline(void **state)
{
    struct bp_arena a;
    struct fixture f;
    struct bp_field_errors errs, warns;
    struct bp_deadline d;
    char limit[11];
    (void)state;
    bp_arena_init(&a, 4096);
    base(&f);
    bp_invitation_check(&a, &f.m, f.inv, f.n, &f.ctx, &d, &errs, &warns);
    bp_date_format(d.limit, limit);
    assert_string_equal(limit, "2026-04-17"); /* V-6.1: noticed 2026-03-27 + 21 */
    assert_int_equal(d.days, 19);
    kronoberg(&f);
    bp_invitation_check(&a, &f.m, f.inv, f.n, &f.ctx, &d, &errs, &warns);
    bp_date_format(d.limit, limit);
    assert_string_equal(limit, "2026-03-30"); /* K-4.3: meeting 2026-04-20 - 21 */
    assert_int_equal(d.status, BP_DEADLINE_OK);
    preparation(&f);
    bp_invitation_check(&a, &f.m, f.inv, f.n, &f.ctx, &d, &errs, &warns);
    assert_int_equal(d.status, BP_DEADLINE_OK); /* no three-week rule for the professionals' preparation */
    bp_arena_release(&a);
}

/* ---- the meeting form ---- */

struct change {
    const char *key, *value;
};

struct form_row {
    const char *name;
    const struct bp_user *user;
    struct change set[2];
    struct want errors[4];
};

static struct bp_meeting_input form_base(void)
{
    struct bp_meeting_input in = {.kind = "plan",
                                  .date = "2026-04-15",
                                  .start = "13:00",
                                  .end = "14:30",
                                  .place = "Björkskolan",
                                  .setting = "physical",
                                  .purpose = "Varför",
                                  .agenda = "Vad",
                                  .org_id = "10"};
    return in;
}

static const struct {
    const char *key;
    size_t offset;
} form_keys[] = {
    {"kind", offsetof(struct bp_meeting_input, kind)},
    {"date", offsetof(struct bp_meeting_input, date)},
    {"start", offsetof(struct bp_meeting_input, start)},
    {"end", offsetof(struct bp_meeting_input, end)},
    {"setting", offsetof(struct bp_meeting_input, setting)},
    {"video_link", offsetof(struct bp_meeting_input, video_link)},
    {"org_id", offsetof(struct bp_meeting_input, org_id)},
    {"chair_user_id", offsetof(struct bp_meeting_input, chair_user_id)},
    {"note_taker_user_id", offsetof(struct bp_meeting_input, note_taker_user_id)},
};

static void form_set(struct bp_meeting_input *in, const char *key, const char *value)
{
    size_t i;
    for (i = 0; i < BP_ARRAY_LEN(form_keys); i++) {
        if (strcmp(form_keys[i].key, key) == 0) {
            memcpy((char *)in + form_keys[i].offset, &value, sizeof(value));
            return;
        }
    }
    fail_msg("no form key %s", key);
}

/* clang-format off */
static const struct form_row form_rows[] = {
    {"V-4.4 a valid meeting form", &anna, {{0}}, {{0}}},
    {"the kind of meeting", &anna, {{"kind", ""}}, {{"meeting.kind", "required"}}},
    {"V-5.3 an unknown kind", &anna, {{"kind", "hlt"}}, {{"meeting.kind", "choice"}}},
    {"the date", &anna, {{"date", "15/4"}}, {{"meeting.date", "date"}}},
    {"a date before today", &anna, {{"date", "2026-03-29"}}, {{"meeting.date", "past"}}},
    {"today is allowed", &anna, {{"date", "2026-03-30"}}, {{0}}},
    {"the time is HH:MM", &anna, {{"start", "9:00"}}, {{"meeting.start", "time"}}},
    {"there is no 24:00", &anna, {{"end", "24:00"}}, {{"meeting.end", "time"}}},
    {"the meeting ends after it starts", &anna, {{"end", "13:00"}}, {{"meeting.end", "end_before_start"}}},
    {"the end time", &anna, {{"end", ""}}, {{"meeting.end", "required"}}},
    {"V-3.16 the link is checked as soon as it is given", &anna, {{"setting", "digital"}, {"video_link", "http://x.se/"}}, {{"meeting.video_link", "https"}}},
    {"V-3.15 digital, physical or undecided", &anna, {{"setting", "telefon"}}, {{"meeting.setting", "choice"}}},
    {"V-4.5 one calls for one's own organisation", &anna, {{"org_id", "40"}}, {{"meeting.org_id", "not_member"}}},
    {"V-4.5 which organisation, for a member of two", &anna, {{"org_id", ""}}, {{"meeting.org_id", "required"}}},
    {"V-4.5 a member of one organisation calls for it", &bo, {{"org_id", ""}}, {{0}}},
    {"V-5.6 the note-taker is a user", &anna, {{"note_taker_user_id", "Bo"}}, {{"meeting.note_taker_user_id", "choice"}}},
};
/* clang-format on */

static void test_form_table(void **state)
{
    size_t i, j;
    (void)state;
    for (i = 0; i < BP_ARRAY_LEN(form_rows); i++) {
        struct bp_meeting_input in = form_base();
        struct bp_meeting m;
        struct bp_field_errors errs;
        for (j = 0; j < BP_ARRAY_LEN(form_rows[i].set) && form_rows[i].set[j].key; j++)
            form_set(&in, form_rows[i].set[j].key, form_rows[i].set[j].value);
        bp_meeting_validate(&in, form_rows[i].user, TODAY, &m, &errs);
        expect_set(form_rows[i].name, "errors", &errs, form_rows[i].errors);
    }
}

/* V-5.7: the caller chairs unless someone else is chosen; K-4.6: the invitation is binding. */
static void test_form_defaults(void **state)
{
    struct bp_meeting_input in = form_base();
    struct bp_meeting m;
    struct bp_field_errors errs;
    (void)state;
    in.note_taker_user_id = "6";
    assert_int_equal(bp_meeting_validate(&in, &anna, TODAY, &m, &errs), BP_OK);
    assert_int_equal(m.chair_user_id, ANNA);
    assert_int_equal(m.called_by_user, ANNA);
    assert_int_equal(m.called_by_org, SCHOOL);
    assert_int_equal(m.note_taker_user_id, BO);
    assert_true(m.binding);
    assert_int_equal(m.status, BP_MEETING_PLANNED);
    assert_int_equal(m.start_minute, 13 * 60);
    assert_int_equal(m.end_minute, 14 * 60 + 30);
    assert_int_equal(m.date.d, 15);
    in.chair_user_id = "6";
    assert_int_equal(bp_meeting_validate(&in, &anna, TODAY, &m, &errs), BP_OK);
    assert_int_equal(m.chair_user_id, BO);
    in = form_base();
    in.org_id = "";
    assert_int_equal(bp_meeting_validate(&in, &bo, TODAY, &m, &errs), BP_OK);
    assert_int_equal(m.called_by_org, SOCIAL);
}

/* ---- invitees ---- */

static void test_invitee(void **state)
{
    struct bp_arena a;
    struct bp_invitee v;
    struct bp_field_errors errs;
    struct bp_invitee_input g = {.kind = "guardian", .guardian_id = "11"};
    struct bp_invitee_input stranger = {.kind = "guardian", .guardian_id = "13"};
    struct bp_invitee_input prof = {.kind = "professional", .org_id = "40", .user_id = "9"};
    struct bp_invitee_input no_org = {.kind = "professional"};
    struct bp_invitee_input other = {.kind = "other_adult"};
    struct bp_invitee_input junk = {.kind = "cat", .name = "Misse"};
    (void)state;
    bp_arena_init(&a, 4096);
    /* V-4.5: a guardian is invited with the guardian record's name and e-mail */
    assert_int_equal(bp_invitee_validate(&a, 1, &g, guardians, 2, &v, &errs), BP_OK);
    assert_string_equal(v.name, "Sara Ek");
    assert_string_equal(v.email, "sara@example.se");
    assert_int_equal(v.answer, BP_ANSWER_PENDING);
    assert_int_equal(bp_invitee_validate(&a, 1, &stranger, guardians, 2, &v, &errs), BP_ERR_INVALID);
    assert_string_equal(bp_field_errors_find(&errs, "invitees.1.guardian_id"), "not_guardian");
    assert_int_equal(bp_invitee_validate(&a, 3, &prof, guardians, 2, &v, &errs), BP_OK);
    assert_int_equal(v.org_id, BUP);
    assert_int_equal(v.user_id, 9);
    assert_int_equal(bp_invitee_validate(&a, 3, &no_org, guardians, 2, &v, &errs), BP_ERR_INVALID);
    assert_string_equal(bp_field_errors_find(&errs, "invitees.3.org_id"), "required");
    /* V-3.9: another adult important to the child, by name */
    assert_int_equal(bp_invitee_validate(&a, 4, &other, guardians, 2, &v, &errs), BP_ERR_INVALID);
    assert_string_equal(bp_field_errors_find(&errs, "invitees.4.name"), "required");
    assert_int_equal(errs.count, 1);
    assert_int_equal(bp_invitee_validate(&a, 0, &junk, guardians, 2, &v, &errs), BP_ERR_INVALID);
    assert_string_equal(bp_field_errors_find(&errs, "invitees.0.kind"), "choice");
    bp_arena_release(&a);
}

/* ---- answers and absence ---- */

struct answer_row {
    const char *name;
    enum bp_invitee_kind kind;
    struct bp_answer_input in;
    struct want errors[3];
    enum bp_answer want;
    const char *substitute;
};

/* clang-format off */
static const struct answer_row answer_rows[] = {
    {"K-4.6 yes", BP_INVITEE_PROFESSIONAL, {.answer = "yes"}, {{0}}, BP_ANSWER_YES, ""},
    {"K-4.7 a no says why: the inviter is told", BP_INVITEE_PROFESSIONAL, {.answer = "no"}, {{"invitees.2.reason", "required"}}, BP_ANSWER_PENDING, NULL},
    {"K-4.7 a no with its reason", BP_INVITEE_PROFESSIONAL, {.answer = "no", .reason = "Kurs den dagen."}, {{0}}, BP_ANSWER_NO, ""},
    {"V-6.2 a no with a substitute", BP_INVITEE_PROFESSIONAL, {.answer = "no", .reason = "Sjuk.", .substitute_name = "Eva Ström"}, {{0}}, BP_ANSWER_NO, "Eva Ström"},
    {"V-3.13 the child is never pressed for a reason", BP_INVITEE_CHILD, {.answer = "no"}, {{0}}, BP_ANSWER_NO, ""},
    {"V-6.2 nobody replaces a guardian", BP_INVITEE_GUARDIAN, {.answer = "no", .reason = "Jobb.", .substitute_name = "Moster"}, {{"invitees.2.substitute_name", "no_substitute"}}, BP_ANSWER_PENDING, NULL},
    {"an answer is yes or no", BP_INVITEE_PROFESSIONAL, {.answer = "pending"}, {{"invitees.2.answer", "choice"}}, BP_ANSWER_PENDING, NULL},
    {"an answer is given", BP_INVITEE_PROFESSIONAL, {.answer = ""}, {{"invitees.2.answer", "required"}}, BP_ANSWER_PENDING, NULL},
};
/* clang-format on */

static void test_answer_table(void **state)
{
    size_t i;
    struct bp_arena a;
    (void)state;
    bp_arena_init(&a, 4096);
    for (i = 0; i < BP_ARRAY_LEN(answer_rows); i++) {
        const struct answer_row *r = &answer_rows[i];
        struct bp_invitee before = {
            .id = 3, .kind = r->kind, .org_id = SOCIAL, .substitute_name = "", .decline_reason = ""};
        struct bp_invitee out;
        struct bp_field_errors errs;
        enum bp_err rc = bp_answer_validate(&a, 2, &before, &r->in, TODAY, &out, &errs);
        expect_set(r->name, "errors", &errs, r->errors);
        if (rc != BP_OK)
            continue;
        if (out.answer != r->want || out.answered_on.d != 30 ||
            strcmp(out.substitute_name, r->substitute) != 0)
            fail_msg("%s: answer %d substitute %s", r->name, out.answer, out.substitute_name);
        if (r->substitute[0] && out.substituted_on.d != 30)
            fail_msg("%s: the day the substitute was named", r->name);
    }
    bp_arena_release(&a);
}

/* V-6.2, K-4.7: "the unit tells the one who invited": who may record a professional's answer. */
static void test_may_answer_for(void **state)
{
    struct bp_membership school = {.org_id = SCHOOL}, social = {.org_id = SOCIAL}, bup = {.org_id = BUP};
    struct bp_user invitee = {.id = 7, .orgs = &social, .n_orgs = 1};
    struct bp_user colleague = {.id = 8, .orgs = &social, .n_orgs = 1};
    struct bp_user caller = {.id = ANNA, .orgs = &school, .n_orgs = 1};
    struct bp_user stranger = {.id = 9, .orgs = &bup, .n_orgs = 1};
    struct bp_meeting m = {.called_by_user = ANNA, .called_by_org = SCHOOL};
    struct bp_invitee prof = {.kind = BP_INVITEE_PROFESSIONAL, .user_id = 7, .org_id = SOCIAL};
    struct bp_invitee guardian = {.kind = BP_INVITEE_GUARDIAN, .guardian_id = 11};
    (void)state;
    assert_true(bp_may_answer_for(&invitee, &m, &prof));      /* for oneself */
    assert_true(bp_may_answer_for(&colleague, &m, &prof));    /* V-6.2: the unit tells the inviter */
    assert_true(bp_may_answer_for(&caller, &m, &prof));       /* K-4.7: the inviter, told by phone */
    assert_false(bp_may_answer_for(&stranger, &m, &prof));    /* nobody else */
    assert_true(bp_may_answer_for(&stranger, &m, &guardian)); /* the family has no login: recorded for them */
}

/* §13: what happens when someone cannot attend depends on the model. */
static void test_absence_next(void **state)
{
    struct bp_invitee prof_no = {
        .id = 3, .kind = BP_INVITEE_PROFESSIONAL, .answer = BP_ANSWER_NO, .substitute_name = ""};
    struct bp_invitee prof_sub = prof_no, prof_yes = prof_no, child_no = prof_no, guardian_no = prof_no,
                      other_no = prof_no;
    struct bp_absence_decision decided = {.invitee_id = 3, .outcome = BP_ABSENCE_HOLD};
    struct bp_absence_decision about_other = {.invitee_id = 4, .outcome = BP_ABSENCE_HOLD};
    (void)state;
    prof_sub.substitute_name = "Eva Ström";
    prof_yes.answer = BP_ANSWER_YES;
    child_no.kind = BP_INVITEE_CHILD;
    guardian_no.kind = BP_INVITEE_GUARDIAN;
    other_no.kind = BP_INVITEE_OTHER;
    /* V-6.2 Västerbotten: a substitute shall be appointed */
    assert_int_equal(bp_absence_next(BP_MODEL_VASTERBOTTEN, BP_MEETING_PLAN, &prof_no, NULL),
                     BP_ABSENCE_STEP_SUBSTITUTE);
    assert_int_equal(bp_absence_next(BP_MODEL_VASTERBOTTEN, BP_MEETING_PLAN, &other_no, NULL),
                     BP_ABSENCE_STEP_SUBSTITUTE);
    assert_int_equal(bp_absence_next(BP_MODEL_VASTERBOTTEN, BP_MEETING_PLAN, &prof_sub, NULL),
                     BP_ABSENCE_STEP_DONE);
    assert_int_equal(bp_absence_next(BP_MODEL_VASTERBOTTEN, BP_MEETING_PREPARATION, &prof_no, NULL),
                     BP_ABSENCE_STEP_SUBSTITUTE);
    assert_int_equal(bp_absence_next(BP_MODEL_VASTERBOTTEN, BP_MEETING_PLAN, &prof_yes, NULL),
                     BP_ABSENCE_STEP_NONE);
    /* V-3.13: the child is never forced, and nobody replaces the child or a guardian */
    assert_int_equal(bp_absence_next(BP_MODEL_VASTERBOTTEN, BP_MEETING_PLAN, &child_no, NULL),
                     BP_ABSENCE_STEP_NONE);
    assert_int_equal(bp_absence_next(BP_MODEL_VASTERBOTTEN, BP_MEETING_PLAN, &guardian_no, NULL),
                     BP_ABSENCE_STEP_NONE);
    /* K-4.7, K-4.8 Kronoberg: the inviter is told and decides with the guardian; a substitute is not enough
     */
    assert_int_equal(bp_absence_next(BP_MODEL_KRONOBERG, BP_MEETING_PLAN, &prof_no, NULL),
                     BP_ABSENCE_STEP_DECIDE);
    assert_int_equal(bp_absence_next(BP_MODEL_KRONOBERG, BP_MEETING_PLAN, &prof_sub, NULL),
                     BP_ABSENCE_STEP_DECIDE);
    assert_int_equal(bp_absence_next(BP_MODEL_KRONOBERG, BP_MEETING_FOLLOWUP, &child_no, NULL),
                     BP_ABSENCE_STEP_DECIDE);
    assert_int_equal(bp_absence_next(BP_MODEL_KRONOBERG, BP_MEETING_PLAN, &prof_no, &decided),
                     BP_ABSENCE_STEP_DONE);
    assert_int_equal(bp_absence_next(BP_MODEL_KRONOBERG, BP_MEETING_PLAN, &prof_no, &about_other),
                     BP_ABSENCE_STEP_DECIDE);
    assert_int_equal(bp_absence_next(BP_MODEL_KRONOBERG, BP_MEETING_PLAN, &prof_yes, NULL),
                     BP_ABSENCE_STEP_NONE);
    assert_int_equal(bp_absence_next(BP_MODEL_KRONOBERG, BP_MEETING_PREPARATION, &prof_no, NULL),
                     BP_ABSENCE_STEP_NONE);
    assert_int_equal(bp_absence_rule_for(BP_MODEL_VASTERBOTTEN), BP_ABSENCE_RULE_SUBSTITUTE);
    assert_int_equal(bp_absence_rule_for(BP_MODEL_KRONOBERG), BP_ABSENCE_RULE_DECIDE_WITH_GUARDIAN);
    assert_string_equal(bp_absence_rule_codes[bp_absence_rule_for(BP_MODEL_KRONOBERG)],
                        "decide_with_guardian");
}

struct decision_row {
    const char *name;
    struct bp_absence_decision_input in;
    struct want errors[3];
};

/* clang-format off */
static const struct decision_row decision_rows[] = {
    {"K-4.8 hold the meeting, decided with a guardian", {.outcome = "hold", .guardian_id = "11", .decided_on = "2026-03-30"}, {{0}}},
    {"K-4.8 cancel it", {.outcome = "cancel", .guardian_id = "12", .decided_on = "2026-03-29", .note = "Ny tid bokas."}, {{0}}},
    {"K-4.8 cancel or hold", {.guardian_id = "11", .decided_on = "2026-03-30"}, {{"absence.outcome", "required"}}},
    {"K-4.8 only cancel or hold", {.outcome = "postpone", .guardian_id = "11", .decided_on = "2026-03-30"}, {{"absence.outcome", "choice"}}},
    {"K-4.8 together with which guardian", {.outcome = "hold", .decided_on = "2026-03-30"}, {{"absence.guardian_id", "required"}}},
    {"K-4.8 with the child's guardian", {.outcome = "hold", .guardian_id = "99", .decided_on = "2026-03-30"}, {{"absence.guardian_id", "not_guardian"}}},
    {"K-4.8 when", {.outcome = "hold", .guardian_id = "11"}, {{"absence.decided_on", "required"}}},
    {"K-4.8 not tomorrow", {.outcome = "hold", .guardian_id = "11", .decided_on = "2026-03-31"}, {{"absence.decided_on", "future"}}},
};
/* clang-format on */

static void test_decision_table(void **state)
{
    size_t i;
    (void)state;
    for (i = 0; i < BP_ARRAY_LEN(decision_rows); i++) {
        struct bp_absence_decision d;
        struct bp_field_errors errs;
        enum bp_err rc =
            bp_absence_decision_validate(&decision_rows[i].in, guardians, 2, ANNA, TODAY, &d, &errs);
        expect_set(decision_rows[i].name, "errors", &errs, decision_rows[i].errors);
        if (rc == BP_OK && (d.decided_by != ANNA || !d.guardian_id))
            fail_msg("%s: record", decision_rows[i].name);
    }
}

/* ---- names, opening, close ---- */

/* §13: the model names the meeting and the coordinator. */
static void test_names(void **state)
{
    (void)state;
    assert_string_equal(bp_meeting_name_code(BP_MODEL_VASTERBOTTEN, BP_MEETING_PLAN), "sip_meeting");
    assert_string_equal(bp_meeting_name_code(BP_MODEL_KRONOBERG, BP_MEETING_PLAN), "collaboration_meeting");
    assert_string_equal(bp_meeting_name_code(BP_MODEL_KRONOBERG, BP_MEETING_PREPARATION),
                        "professionals_preparation");
    assert_string_equal(bp_meeting_name_code(BP_MODEL_VASTERBOTTEN, BP_MEETING_FOLLOWUP), "followup_meeting");
    assert_string_equal(bp_coordinator_role_code(BP_MODEL_VASTERBOTTEN), "samordningsansvarig"); /* V-7.4 */
    assert_string_equal(bp_coordinator_role_code(BP_MODEL_KRONOBERG), "samverkansansvarig");     /* K-7.1 */
    assert_string_equal(bp_caller_role_code(BP_MODEL_VASTERBOTTEN), "initiator");                /* V-4.5 */
    assert_string_equal(bp_caller_role_code(BP_MODEL_KRONOBERG), "named_person");                /* K-1.1 */
}

static bool has_step(const struct bp_opening *o, const char *code)
{
    size_t i;
    for (i = 0; i < o->n_steps; i++)
        if (strcmp(o->steps[i], code) == 0)
            return true;
    return false;
}

/* V-6.3: the chair opens with why, how the meeting is structured, and how long it takes. */
static void test_opening(void **state)
{
    struct fixture f;
    struct bp_opening o;
    (void)state;
    base(&f);
    bp_meeting_opening(&f.m, &o);
    assert_string_equal(o.purpose, f.m.purpose);                    /* V-6.3a */
    assert_int_equal(o.minutes, 90);                                /* V-6.3c */
    assert_string_equal(o.steps[0], "introductions");               /* V-6.4 */
    assert_string_equal(o.steps[o.n_steps - 1], "child_last_word"); /* V-6.10 */
    assert_true(has_step(&o, "summary"));                           /* V-6.9 */
    assert_true(has_step(&o, "followup"));                          /* V-7.7 */
    f.m.kind = BP_MEETING_FOLLOWUP;
    bp_meeting_opening(&f.m, &o);
    assert_true(has_step(&o, "previous_summary")); /* V-10.3 */
    assert_false(has_step(&o, "needs_and_goals"));
    f.m.kind = BP_MEETING_PREPARATION;
    bp_meeting_opening(&f.m, &o);
    assert_true(has_step(&o, "roles")); /* V-5.6 */
    assert_false(has_step(&o, "child_last_word"));
}

struct held_row {
    const char *name;
    enum bp_meeting_kind kind;
    const char *date;
    const char *attendance[6];
    bool asked;
    const char *representative;
    struct want errors[4];
};

/* The base invitees: child, two guardians, two professionals (the last with a substitute named). */
/* clang-format off */
static const struct held_row held_rows[] = {
    {"V-6.10 everyone present, the child asked", BP_MEETING_PLAN, "2026-03-30", {"present", "present", "present", "present", "substitute"}, true, "", {{0}}},
    {"V-6.10 before closing, the child is asked", BP_MEETING_PLAN, "2026-03-30", {"present", "present", "present", "present", "present"}, false, "", {{"closing.child_asked", "ask_child"}}},
    {"V-8a.6 an absent child is represented", BP_MEETING_PLAN, "2026-03-30", {"absent", "present", "present", "present", "present"}, true, "", {{"closing.child_representative", "required"}}},
    {"V-8a.6 the child's representative", BP_MEETING_FOLLOWUP, "2026-03-30", {"absent", "present", "present", "present", "present"}, true, "Sara Ek", {{0}}},
    {"every invitee's attendance is recorded", BP_MEETING_PLAN, "2026-03-30", {"present", "present", "", "present", "present"}, true, "", {{"invitees.2.attendance", "required"}}},
    {"V-6.2 a substitute came: named", BP_MEETING_PLAN, "2026-03-30", {"present", "present", "present", "substitute", "present"}, true, "", {{"invitees.3.substitute_name", "required"}}},
    {"V-6.2 nobody replaces a guardian", BP_MEETING_PLAN, "2026-03-30", {"present", "substitute", "present", "present", "present"}, true, "", {{"invitees.1.attendance", "no_substitute"}}},
    {"a meeting is held on its day, not before", BP_MEETING_PLAN, "2026-03-31", {"present", "present", "present", "present", "present"}, true, "", {{"meeting.date", "not_yet"}}},
    {"V-5.1 the professionals' preparation has no last word from the child", BP_MEETING_PREPARATION, "2026-03-30", {"present", "present", "present", "present", "absent"}, false, "", {{0}}},
};
/* clang-format on */

static void test_held_table(void **state)
{
    size_t i;
    struct bp_arena a;
    (void)state;
    bp_arena_init(&a, 4096);
    for (i = 0; i < BP_ARRAY_LEN(held_rows); i++) {
        const struct held_row *r = &held_rows[i];
        struct fixture f;
        struct bp_held_input in = {.child_asked = r->asked,
                                   .child_addition = "Jag vill ha rast med Elsa.",
                                   .child_representative = r->representative};
        struct bp_meeting out;
        struct bp_invitee out_inv[BP_MAX_INVITEES];
        struct bp_field_errors errs;
        size_t j;
        base(&f);
        f.m.kind = r->kind;
        f.m.date = D(r->date);
        f.inv[4].substitute_name = "Eva Ström";
        f.inv[3].substitute_name = "";
        for (j = 0; j < f.n; j++)
            in.attendance[j] = r->attendance[j];
        bp_meeting_held_validate(&a, &f.m, f.inv, f.n, &in, TODAY, &out, out_inv, &errs);
        expect_set(r->name, "errors", &errs, r->errors);
        if (errs.count == 0 &&
            (out.status != BP_MEETING_HELD || out_inv[0].attendance == BP_ATTEND_UNRECORDED))
            fail_msg("%s: not recorded as held", r->name);
        bp_arena_reset(&a);
    }
    bp_arena_release(&a);
}

/* V-8a.6: a child who was not there is told afterwards what was said. */
static void test_debrief(void **state)
{
    struct fixture f;
    struct bp_meeting out;
    struct bp_field_errors errs;
    (void)state;
    base(&f);
    f.m.date = D("2026-03-25");
    assert_false(bp_meeting_needs_debrief(&f.m, f.inv, f.n)); /* not held yet */
    f.m.status = BP_MEETING_HELD;
    f.inv[0].attendance = BP_ATTEND_PRESENT;
    assert_false(bp_meeting_needs_debrief(&f.m, f.inv, f.n)); /* the child was there */
    f.inv[0].attendance = BP_ATTEND_ABSENT;
    assert_true(bp_meeting_needs_debrief(&f.m, f.inv, f.n));
    assert_true(bp_meeting_needs_debrief(&f.m, f.inv + 1, f.n - 1)); /* not invited at all */
    assert_int_equal(bp_debrief_validate(&f.m, "2026-03-24", TODAY, &out, &errs), BP_ERR_INVALID);
    assert_string_equal(bp_field_errors_find(&errs, "closing.debriefed_on"), "before_meeting");
    assert_int_equal(bp_debrief_validate(&f.m, "2026-03-31", TODAY, &out, &errs), BP_ERR_INVALID);
    assert_string_equal(bp_field_errors_find(&errs, "closing.debriefed_on"), "future");
    assert_int_equal(bp_debrief_validate(&f.m, "", TODAY, &out, &errs), BP_ERR_INVALID);
    assert_string_equal(bp_field_errors_find(&errs, "closing.debriefed_on"), "required");
    assert_int_equal(bp_debrief_validate(&f.m, "2026-03-25", TODAY, &out, &errs), BP_OK);
    assert_true(out.child_debriefed);
    assert_false(bp_meeting_needs_debrief(&out, f.inv, f.n));
    f.m.kind = BP_MEETING_PREPARATION;
    assert_false(bp_meeting_needs_debrief(&f.m, f.inv, f.n)); /* the child is never at that one */
}

/* A changed time, place or link after the invitation went out must reach the calendars (a new
 * sequence); a changed text alone does not. */
static void test_calendar_changed(void **state)
{
    struct fixture f;
    struct bp_meeting after;
    (void)state;
    base(&f);
    after = f.m;
    after.starts_at += 1800;
    assert_false(bp_meeting_calendar_changed(&f.m, &after)); /* not sent yet */
    f.m.invitation_sent_at = NOW;
    assert_true(bp_meeting_calendar_changed(&f.m, &after));
    after = f.m;
    after.agenda = "Något annat";
    assert_false(bp_meeting_calendar_changed(&f.m, &after));
    after.place = "Socialkontoret";
    assert_true(bp_meeting_calendar_changed(&f.m, &after));
    after = f.m;
    after.status = BP_MEETING_CANCELLED; /* K-4.8: a cancelled meeting leaves the calendars */
    assert_true(bp_meeting_calendar_changed(&f.m, &after));
    after = f.m;
    after.setting = BP_SETTING_DIGITAL;
    after.video_link = "https://video.region.se/x";
    assert_true(bp_meeting_calendar_changed(&f.m, &after));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_invitation_table), cmocka_unit_test(test_invitation_deadline),
        cmocka_unit_test(test_form_table),       cmocka_unit_test(test_form_defaults),
        cmocka_unit_test(test_invitee),          cmocka_unit_test(test_answer_table),
        cmocka_unit_test(test_may_answer_for),   cmocka_unit_test(test_absence_next),
        cmocka_unit_test(test_decision_table),   cmocka_unit_test(test_names),
        cmocka_unit_test(test_opening),          cmocka_unit_test(test_held_table),
        cmocka_unit_test(test_debrief),          cmocka_unit_test(test_calendar_changed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
