/* test_registration.c: table-driven tests of bp_registration_validate (domain/registration.c), the
 * rules for registering a child, the guardians and an initiative (a new case).
 *
 * Each row starts from a valid Västerbotten or Kronoberg registration, changes a few fields by
 * their form names ("child.given_name", "guardians.1.email", "initiative.route") and states either
 * the exact set of field errors expected or what the valid result must hold. Row names cite the
 * requirement they check (V-0.8, V-1.1, V-1.2, V-1.3, V-1.4, K-0.8, K-1.1, K-1.2, K-1.3).
 * Must not read the clock: "today" is fixed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "domain/registration.h"
#include "util/buf.h"

static const struct bp_date today = {2024, 6, 15};

static struct bp_membership two_orgs[] = {
    {10, BP_ROLE_PROFESSIONAL, "Björkskolan"},
    {20, BP_ROLE_NAMED_PERSON, "Elevhälsan Björkskolan"},
};
static struct bp_membership one_org[] = {{30, BP_ROLE_PROFESSIONAL, "Socialtjänsten"}};

enum which_user {
    ANNA,   /* member of organisations 10 and 20: must choose */
    SINGLE, /* member of organisation 30 only: it is the default */
    NO_USER,
};

static const struct bp_user anna = {1, "anna", "Anna Ek", "anna@example.se", false, false, two_orgs, 2};
static const struct bp_user single = {2, "sam", "Sam Berg", "sam@example.se", false, false, one_org, 1};

enum base {
    VB, /* Västerbotten, via HLT */
    KB, /* Kronoberg, the barnensbästa-ansvarig calls */
};

/* One change to the base input: `key` is the form name, `value` the raw string. Special keys:
 * "guardians.count", "guardians.N" (with "": empty the whole block), the booleans "child.needs_interpreter",
 * "child.picture_support" and "initiative.insist_on_sip" ("1" or ""), and "initiative.triggers" (letters
 * separated by commas,
 * "" for none). A value "*N:text" is `text` repeated N times. */
struct setting {
    const char *key, *value;
};

/* What a valid registration must hold; NULL and 0 mean "not checked". */
struct expect {
    const char *plan_kind, *model, *route, *requested_by, *triggers /* letters, "" for none */;
    int64_t initiating_org;
    size_t n_guardians;
    const char *id_kind, *id_number, *birth_date;
    const char *guardian0_name, *guardian0_id_number;
};

struct reg_row {
    const char *name;
    enum base base;
    enum which_user user;
    struct setting set[5];
    struct bp_field_error errors[4]; /* the exact set; none: the registration is valid */
    struct expect out;
};

/* clang-format off */
/* (a table reads best with one row per paragraph; clang-format would put every member on its own line) */
static const struct reg_row rows[] = {
    /* the two valid bases */
    {"V-0.8a valid Västerbotten case via HLT", VB, ANNA, {{0}}, {{0}},
     {.plan_kind = "sip_child_plan", .model = "vasterbotten", .route = "hlt", .requested_by = "professional",
      .triggers = "b,k", .initiating_org = 10, .n_guardians = 2, .id_kind = "personnummer",
      .id_number = "20180315-1230", .birth_date = "2018-03-15", .guardian0_name = "Karin Ek"}},
    {"K-1.1 valid Kronoberg case called by the barnensbästa-ansvarig", KB, ANNA, {{0}}, {{0}},
     {.plan_kind = "child_plan", .model = "kronoberg", .route = "named_person", .initiating_org = 20,
      .n_guardians = 2}},

    /* routes and models (V-0.8, K-1.1, K-1.2) */
    {"V-0.8b V-1.4 outside HLT: the initiator's organisation coordinates", VB, ANNA,
     {{"initiative.route", "outside_hlt"}}, {{0}},
     {.route = "outside_hlt", .initiating_org = 10, .plan_kind = "sip_child_plan"}},
    {"V-1.4 outside HLT from the initiator's other organisation", VB, ANNA,
     {{"initiative.route", "outside_hlt"}, {"initiative.org_id", "20"}}, {{0}},
     {.route = "outside_hlt", .initiating_org = 20}},
    {"V-1.4 outside HLT, a one-organisation initiator (independent provider)", VB, SINGLE,
     {{"initiative.route", "outside_hlt"}, {"initiative.org_id", ""}}, {{0}},
     {.route = "outside_hlt", .initiating_org = 30}},
    {"K-1.2 another organisation initiates and informs the barnensbästa-ansvarig", KB, ANNA,
     {{"initiative.route", "other_org"}}, {{0}},
     {.route = "other_org", .model = "kronoberg", .plan_kind = "child_plan", .initiating_org = 20}},
    {"V-0.8 a Kronoberg route in a Västerbotten case", VB, ANNA, {{"initiative.route", "named_person"}},
     {{"initiative.route", "route_model"}}},
    {"V-0.8 the other Kronoberg route in a Västerbotten case", VB, ANNA, {{"initiative.route", "other_org"}},
     {{"initiative.route", "route_model"}}},
    {"K-1.1 K-1.2 the HLT route in a Kronoberg case", KB, ANNA, {{"initiative.route", "hlt"}},
     {{"initiative.route", "route_model"}}},
    {"K-1.1 K-1.2 outside HLT in a Kronoberg case", KB, ANNA, {{"initiative.route", "outside_hlt"}},
     {{"initiative.route", "route_model"}}},
    {"V-0.8 unknown route", VB, ANNA, {{"initiative.route", "via_school"}}, {{"initiative.route", "choice"}}},
    {"V-0.8 route missing", VB, ANNA, {{"initiative.route", ""}}, {{"initiative.route", "required"}}},
    {"unknown model: the route is not judged against it", VB, ANNA, {{"initiative.model", "skane"}},
     {{"initiative.model", "choice"}}},
    {"model missing", KB, ANNA, {{"initiative.model", ""}}, {{"initiative.model", "required"}}},
    {"model code is case-sensitive", VB, ANNA, {{"initiative.model", "Vasterbotten"}},
     {{"initiative.model", "choice"}}},

    /* plan kind (K-0.8, requirements §13) */
    {"K-0.8 Kronoberg: guardians insist on a SIP, a SIP is made", KB, ANNA,
     {{"initiative.insist_on_sip", "1"}}, {{0}}, {.plan_kind = "sip"}},
    {"K-0.8 Kronoberg other_org route, guardians insist on a SIP", KB, ANNA,
     {{"initiative.insist_on_sip", "1"}, {"initiative.route", "other_org"}}, {{0}}, {.plan_kind = "sip"}},
    {"K-0.8 Västerbotten always makes a SIP Barnets plan", VB, ANNA, {{"initiative.insist_on_sip", "1"}},
     {{0}}, {.plan_kind = "sip_child_plan"}},

    /* who asked (V-1.1, V-1.2, K-1.3) */
    {"V-1.1 K-1.3 a professional takes the initiative", VB, ANNA,
     {{"initiative.requested_by", "professional"}}, {{0}}, {.requested_by = "professional"}},
    {"V-1.1 requester left empty: the professional registering", VB, ANNA, {{"initiative.requested_by", ""}},
     {{0}}, {.requested_by = "professional"}},
    {"V-1.2 K-1.3 the guardians ask", VB, ANNA, {{"initiative.requested_by", "guardian"}}, {{0}},
     {.requested_by = "guardian"}},
    {"V-1.2 the child asks", VB, ANNA,
     {{"initiative.requested_by", "child"}}, {{0}}, {.requested_by = "child"}},
    {"K-1.3 guardians start a samverkansmöte", KB, ANNA, {{"initiative.requested_by", "guardian"}}, {{0}},
     {.requested_by = "guardian"}},
    {"K-1.3 an adult student starts a samverkansmöte", KB, ANNA,
     {{"initiative.requested_by", "adult_student"}}, {{0}}, {.requested_by = "adult_student"}},
    {"K-1.3 unknown requester", KB, ANNA, {{"initiative.requested_by", "teacher"}},
     {{"initiative.requested_by", "choice"}}},

    /* the trigger checklist a-m (V-1.3) */
    {"V-1.3 every trigger a-m", VB, ANNA, {{"initiative.triggers", "a,b,c,d,e,f,g,h,i,j,k,l,m"}}, {{0}},
     {.triggers = "a,b,c,d,e,f,g,h,i,j,k,l,m"}},
    {"V-1.3 first and last trigger", VB, ANNA, {{"initiative.triggers", "a,m"}}, {{0}}, {.triggers = "a,m"}},
    {"V-1.3 no trigger ticked", VB, ANNA, {{"initiative.triggers", ""}}, {{0}}, {.triggers = ""}},
    {"V-1.3 a trigger ticked twice counts once", VB, ANNA, {{"initiative.triggers", "c,c"}}, {{0}},
     {.triggers = "c"}},
    {"V-1.3 unknown trigger n", VB, ANNA,
     {{"initiative.triggers", "a,n"}}, {{"initiative.triggers", "choice"}}},
    {"V-1.3 trigger codes are lower case", VB, ANNA, {{"initiative.triggers", "A"}},
     {{"initiative.triggers", "choice"}}},
    {"V-1.3 empty trigger code", VB, ANNA,
     {{"initiative.triggers", "b,"}}, {{"initiative.triggers", "choice"}}},
    {"V-1.3 Kronoberg cases keep the checklist too", KB, ANNA, {{"initiative.triggers", "d,j"}}, {{0}},
     {.triggers = "d,j"}},

    /* the initiating organisation (V-1.1: one's own organisation) */
    {"V-1.1 organisation not among the user's memberships", VB, ANNA, {{"initiative.org_id", "30"}},
     {{"initiative.org_id", "not_member"}}},
    {"V-1.1 no user: no organisation is one's own", VB, NO_USER,
     {{0}}, {{"initiative.org_id", "not_member"}}},
    {"organisation must be chosen by a member of two", VB, ANNA, {{"initiative.org_id", ""}},
     {{"initiative.org_id", "required"}}},
    {"the one organisation is the default", VB, SINGLE, {{"initiative.org_id", ""}}, {{0}},
     {.initiating_org = 30}},
    {"organisation id not a number", VB, ANNA,
     {{"initiative.org_id", "ten"}}, {{"initiative.org_id", "choice"}}},
    {"organisation id 0", VB, ANNA, {{"initiative.org_id", "0"}}, {{"initiative.org_id", "choice"}}},
    {"organisation id negative", VB, ANNA, {{"initiative.org_id", "-10"}}, {{"initiative.org_id", "choice"}}},
    {"organisation id with trailing junk", VB, ANNA, {{"initiative.org_id", "10x"}},
     {{"initiative.org_id", "choice"}}},
    {"organisation id too large", VB, ANNA, {{"initiative.org_id", "99999999999999999999"}},
     {{"initiative.org_id", "choice"}}},

    /* when the need was noticed (V-6.1 counts from it) */
    {"noticed today", VB, ANNA, {{"initiative.noticed_on", "2024-06-15"}}, {{0}}},
    {"noticed tomorrow: future", VB, ANNA, {{"initiative.noticed_on", "2024-06-16"}},
     {{"initiative.noticed_on", "future"}}},
    {"noticed next year: future", VB, ANNA, {{"initiative.noticed_on", "2025-01-01"}},
     {{"initiative.noticed_on", "future"}}},
    {"noticed on no such day", VB, ANNA, {{"initiative.noticed_on", "2024-02-30"}},
     {{"initiative.noticed_on", "date"}}},
    {"noticed on, not ISO", VB, ANNA, {{"initiative.noticed_on", "15/6/2024"}},
     {{"initiative.noticed_on", "date"}}},
    {"noticed on missing", VB, ANNA,
     {{"initiative.noticed_on", ""}}, {{"initiative.noticed_on", "required"}}},

    /* required fields, each with its own error */
    {"child given name missing", VB, ANNA, {{"child.given_name", ""}}, {{"child.given_name", "required"}}},
    {"child family name missing", VB, ANNA, {{"child.family_name", ""}}, {{"child.family_name", "required"}}},
    {"child personnummer missing", VB, ANNA, {{"child.id_number", ""}}, {{"child.id_number", "required"}}},
    {"reason missing", VB, ANNA, {{"initiative.reason", ""}}, {{"initiative.reason", "required"}}},
    {"guardian name missing in a filled block", VB, ANNA, {{"guardians.0.name", ""}},
     {{"guardians.0.name", "required"}}},
    {"guardian custody missing", VB, ANNA, {{"guardians.0.custody", ""}, {"guardians.1.custody", "sole"}},
     {{"guardians.0.custody", "required"}}},
    {"guardian custody unknown", VB, ANNA,
     {{"guardians.0.custody", "shared"}, {"guardians.1.custody", "sole"}},
     {{"guardians.0.custody", "choice"}}},
    {"several missing fields, one error each", KB, ANNA,
     {{"child.given_name", ""}, {"child.family_name", ""}, {"initiative.reason", ""},
      {"initiative.noticed_on", ""}},
     {{"child.given_name", "required"}, {"child.family_name", "required"}, {"initiative.reason", "required"},
      {"initiative.noticed_on", "required"}}},

    /* lengths: names are at most BP_MAX_NAME characters, not bytes */
    {"child given name of 200 characters", VB, ANNA, {{"child.given_name", "*200:a"}}, {{0}}},
    {"child given name of 200 two-byte characters", VB, ANNA, {{"child.given_name", "*200:\xC3\xA5"}}, {{0}}},
    {"child given name too long", VB, ANNA,
     {{"child.given_name", "*201:a"}}, {{"child.given_name", "too_long"}}},
    {"child family name too long", VB, ANNA, {{"child.family_name", "*201:\xC3\xB6"}},
     {{"child.family_name", "too_long"}}},
    {"guardian name too long", VB, ANNA,
     {{"guardians.0.name", "*201:x"}}, {{"guardians.0.name", "too_long"}}},
    {"language too long", VB, ANNA, {{"child.language", "*201:x"}}, {{"child.language", "too_long"}}},
    {"reason of 4000 characters", VB, ANNA, {{"initiative.reason", "*4000:x"}}, {{0}}},
    {"reason too long", VB, ANNA, {{"initiative.reason", "*4001:x"}}, {{"initiative.reason", "too_long"}}},
    {"control character in a name", VB, ANNA, {{"child.given_name", "Al\x01va"}},
     {{"child.given_name", "invalid"}}},
    {"invalid UTF-8 in a name", VB, ANNA,
     {{"child.family_name", "Ek\xFF"}}, {{"child.family_name", "invalid"}}},
    {"line breaks and tabs are text in a reason", VB, ANNA, {{"initiative.reason", "Rad ett\r\nRad\ttvå"}},
     {{0}}},

    /* the child's identity */
    {"personnummer in the wrong format", VB, ANNA, {{"child.id_number", "18031-51230"}},
     {{"child.id_number", "pnr_format"}}},
    {"personnummer with letters", VB, ANNA, {{"child.id_number", "ABCDEF-GHIJ"}},
     {{"child.id_number", "pnr_format"}}},
    {"personnummer on no such date", VB, ANNA, {{"child.id_number", "20230229-1238"}},
     {{"child.id_number", "pnr_date"}}},
    {"personnummer with a wrong check digit", VB, ANNA, {{"child.id_number", "180315-1231"}},
     {{"child.id_number", "pnr_checksum"}}},
    {"personnummer of a child born tomorrow", VB, ANNA, {{"child.id_number", "20240616-1238"}},
     {{"child.id_number", "future"}}},
    {"12-digit personnummer without hyphen is normalized", VB, ANNA, {{"child.id_number", "201803151230"}},
     {{0}}, {.id_number = "20180315-1230", .birth_date = "2018-03-15", .id_kind = "personnummer"}},
    {"samordningsnummer: the number tells the kind", VB, ANNA, {{"child.id_number", "180375-1237"}}, {{0}},
     {.id_kind = "samordningsnummer", .id_number = "20180375-1237", .birth_date = "2018-03-15"}},
    {"samordningsnummer chosen explicitly", VB, ANNA,
     {{"child.id_kind", "samordningsnummer"}, {"child.id_number", "20180375-1237"}}, {{0}},
     {.id_kind = "samordningsnummer", .birth_date = "2018-03-15"}},
    {"reserve identity with a birth date", VB, ANNA,
     {{"child.id_kind", "reserve"}, {"child.id_number", "RES-2024-17"}, {"child.birth_date", "2019-11-02"}},
     {{0}}, {.id_kind = "reserve", .id_number = "RES-2024-17", .birth_date = "2019-11-02"}},
    {"reserve identity without a number", VB, ANNA,
     {{"child.id_kind", "reserve"}, {"child.id_number", ""}, {"child.birth_date", "2019-11-02"}}, {{0}},
     {.id_kind = "reserve", .id_number = "", .birth_date = "2019-11-02"}},
    {"reserve identity needs a birth date", VB, ANNA,
     {{"child.id_kind", "reserve"}, {"child.id_number", "R1"}},
     {{"child.birth_date", "required"}}},
    {"reserve identity, birth date not a date", VB, ANNA,
     {{"child.id_kind", "reserve"}, {"child.birth_date", "2019-02-29"}}, {{"child.birth_date", "date"}}},
    {"reserve identity, born tomorrow", VB, ANNA,
     {{"child.id_kind", "reserve"}, {"child.birth_date", "2024-06-16"}}, {{"child.birth_date", "future"}}},
    {"unknown identity kind", VB, ANNA, {{"child.id_kind", "passport"}}, {{"child.id_kind", "choice"}}},

    /* interpreter (V-3.5) */
    {"V-3.5 interpreter needed, language given", VB, ANNA,
     {{"child.needs_interpreter", "1"}, {"child.interpreter_language", "arabiska"}}, {{0}}},
    {"V-3.5 interpreter needed, language missing", VB, ANNA, {{"child.needs_interpreter", "1"}},
     {{"child.interpreter_language", "required"}}},
    {"interpreter language given though not needed", VB, ANNA, {{"child.interpreter_language", "somaliska"}},
     {{0}}},
    {"interpreter language too long", VB, ANNA,
     {{"child.needs_interpreter", "1"}, {"child.interpreter_language", "*201:x"}},
     {{"child.interpreter_language", "too_long"}}},

    /* guardians' e-mail */
    {"guardian e-mail with sub-domains and plus", VB, ANNA,
     {{"guardians.0.email", "karin.ek+sip@mail.example.co.uk"}}, {{0}}},
    {"guardian without e-mail", VB, ANNA, {{"guardians.0.email", ""}}, {{0}}},
    {"guardian e-mail without @", VB, ANNA, {{"guardians.0.email", "karin.example.se"}},
     {{"guardians.0.email", "email"}}},
    {"guardian e-mail without domain dot", VB, ANNA, {{"guardians.0.email", "karin@example"}},
     {{"guardians.0.email", "email"}}},
    {"guardian e-mail without local part", VB, ANNA, {{"guardians.1.email", "@example.se"}},
     {{"guardians.1.email", "email"}}},
    {"guardian e-mail with two @", VB, ANNA, {{"guardians.0.email", "karin@ek@example.se"}},
     {{"guardians.0.email", "email"}}},
    {"guardian e-mail domain starting with a dot", VB, ANNA, {{"guardians.0.email", "karin@.example.se"}},
     {{"guardians.0.email", "email"}}},
    {"guardian e-mail ending with a dot", VB, ANNA, {{"guardians.0.email", "karin@example.se."}},
     {{"guardians.0.email", "email"}}},
    {"guardian e-mail with a space", VB, ANNA, {{"guardians.0.email", "karin ek@example.se"}},
     {{"guardians.0.email", "email"}}},
    {"guardian e-mail with markup", VB, ANNA, {{"guardians.0.email", "<karin>@example.se"}},
     {{"guardians.0.email", "email"}}},
    {"guardian e-mail too long", VB, ANNA,
     {{"guardians.0.email", "*201:k"}}, {{"guardians.0.email", "too_long"}}},
    {"guardian personnummer is normalized", VB, ANNA, {{"guardians.0.id_number", "8112189876"}}, {{0}},
     {.guardian0_id_number = "19811218-9876"}},
    {"guardian personnummer with a wrong check digit", VB, ANNA, {{"guardians.0.id_number", "811218-9875"}},
     {{"guardians.0.id_number", "pnr_checksum"}}},

    /* custody (V-2.1: with joint custody both guardians consent, so both are registered) */
    {"V-2.1 joint custody with only one guardian", VB, ANNA, {{"guardians.count", "1"}},
     {{"guardians.1.name", "second_guardian"}}},
    {"V-2.1 joint custody, second guardian's block left empty", VB, ANNA,
     {{"guardians.1.name", ""}, {"guardians.1.custody", ""}}, {{"guardians.1.name", "second_guardian"}}},
    {"V-2.1 joint custody, first block empty, one joint guardian", VB, ANNA, {{"guardians.0", ""}},
     {{"guardians.0.name", "second_guardian"}}},
    {"sole custody, one guardian", VB, ANNA,
     {{"guardians.count", "1"}, {"guardians.0.custody", "sole"}}, {{0}},
     {.n_guardians = 1}},
    {"appointed guardian", VB, ANNA, {{"guardians.count", "1"}, {"guardians.0.custody", "appointed"}}, {{0}},
     {.n_guardians = 1}},
    {"V-2.1 R5 a sole guardian and the parent without custody", VB, ANNA,
     {{"guardians.0.custody", "sole"}, {"guardians.1.custody", "none"}}, {{0}}, {.n_guardians = 2}},
    {"V-2.1 R5 a parent without custody is no guardian", VB, ANNA,
     {{"guardians.count", "1"}, {"guardians.0.custody", "none"}}, {{"guardians.0.name", "guardian_required"}}},
    {"V-2.1 R5 joint custody needs the second guardian, not the parent without", VB, ANNA,
     {{"guardians.1.custody", "none"}}, {{"guardians.1.name", "second_guardian"}}},
    {"no guardian at all", VB, ANNA, {{"guardians.count", "0"}}, {{"guardians.0.name", "guardian_required"}}},
    {"only empty guardian blocks", KB, ANNA,
     {{"guardians.count", "4"}, {"guardians.0", ""}, {"guardians.1", ""}},
     {{"guardians.0.name", "guardian_required"}}},
    {"empty guardian blocks are ignored", VB, ANNA,
     {{"guardians.count", "4"}, {"guardians.0", ""}, {"guardians.2.name", "Maja Ek"},
      {"guardians.2.custody", "joint"}},
     {{0}}, {.n_guardians = 2, .guardian0_name = "Olof Ek"}},
    {"an empty block keeps only its custody choice and is still ignored", VB, ANNA,
     {{"guardians.count", "3"}, {"guardians.2.custody", "joint"}}, {{0}}, {.n_guardians = 2}},
    {"guardian personnummer alone makes a block count", VB, ANNA,
     {{"guardians.count", "3"}, {"guardians.2.id_number", "8112189876"}, {"guardians.2.custody", "sole"}},
     {{"guardians.2.name", "required"}}},
};
/* clang-format on */

/* ---- building inputs ---- */

static void base_input(enum base b, struct bp_registration_input *in)
{
    memset(in, 0, sizeof(*in));
    in->given_name = "Alva";
    in->family_name = "Ek";
    in->id_kind = "personnummer";
    in->id_number = "180315-1230";
    in->language = "svenska";
    in->interpreter_language = "";
    in->guardians[0] = (struct bp_guardian_input){
        "Karin Ek", "", "joint", "070-123 45 67", "karin@example.se", "Storgatan 1, 901 10 Umeå", ""};
    in->guardians[1] = (struct bp_guardian_input){"Olof Ek", "", "joint", "", "", "", ""};
    in->n_guardians = 2;
    in->model = b == VB ? "vasterbotten" : "kronoberg";
    in->route = b == VB ? "hlt" : "named_person";
    in->requested_by = "professional";
    in->noticed_on = "2024-06-10";
    in->reason = "Alva har inte varit i skolan sedan mars och familjen hänvisas runt.";
    in->org_id = b == VB ? "10" : "20";
    in->triggers[0] = "b";
    in->triggers[1] = "k";
    in->n_triggers = 2;
}

static const char *value_of(struct bp_arena *a, const char *v)
{
    struct bp_buf b;
    const char *colon;
    int64_t n;
    char count[16];
    if (v[0] != '*' || !(colon = strchr(v, ':')) || (size_t)(colon - v - 1) >= sizeof(count))
        return v;
    memcpy(count, v + 1, (size_t)(colon - v - 1));
    count[colon - v - 1] = '\0';
    assert_true(bp_parse_int64(count, 0, 100000, &n));
    const char *out;
    bp_buf_init(&b, 1 << 20);
    for (int64_t i = 0; i < n; i++)
        bp_buf_adds(&b, colon + 1);
    assert_false(bp_buf_failed(&b));
    out = bp_arena_strdup(a, bp_buf_str(&b));
    bp_buf_release(&b);
    return out;
}

struct key_offset {
    const char *key;
    size_t offset;
};

static void apply(struct bp_arena *a, struct bp_registration_input *in, const struct setting *s)
{
    static const struct key_offset top[] = {
        {"child.given_name", offsetof(struct bp_registration_input, given_name)},
        {"child.family_name", offsetof(struct bp_registration_input, family_name)},
        {"child.id_kind", offsetof(struct bp_registration_input, id_kind)},
        {"child.id_number", offsetof(struct bp_registration_input, id_number)},
        {"child.birth_date", offsetof(struct bp_registration_input, birth_date)},
        {"child.language", offsetof(struct bp_registration_input, language)},
        {"child.interpreter_language", offsetof(struct bp_registration_input, interpreter_language)},
        {"initiative.model", offsetof(struct bp_registration_input, model)},
        {"initiative.route", offsetof(struct bp_registration_input, route)},
        {"initiative.requested_by", offsetof(struct bp_registration_input, requested_by)},
        {"initiative.noticed_on", offsetof(struct bp_registration_input, noticed_on)},
        {"initiative.reason", offsetof(struct bp_registration_input, reason)},
        {"initiative.org_id", offsetof(struct bp_registration_input, org_id)},
    };
    static const struct key_offset guardian[] = {
        {"name", offsetof(struct bp_guardian_input, name)},
        {"id_number", offsetof(struct bp_guardian_input, id_number)},
        {"custody", offsetof(struct bp_guardian_input, custody)},
        {"phone", offsetof(struct bp_guardian_input, phone)},
        {"email", offsetof(struct bp_guardian_input, email)},
        {"address", offsetof(struct bp_guardian_input, address)},
        {"interpreter_language", offsetof(struct bp_guardian_input, interpreter_language)},
    };
    const char *v = value_of(a, s->value);

    for (size_t i = 0; i < BP_ARRAY_LEN(top); i++) {
        if (strcmp(s->key, top[i].key) == 0) {
            memcpy((char *)in + top[i].offset, &v, sizeof(v));
            return;
        }
    }
    if (strcmp(s->key, "child.needs_interpreter") == 0) {
        in->needs_interpreter = *v != '\0';
    } else if (strcmp(s->key, "child.picture_support") == 0) {
        in->picture_support = *v != '\0';
    } else if (strcmp(s->key, "initiative.insist_on_sip") == 0) {
        in->insist_on_sip = *v != '\0';
    } else if (strcmp(s->key, "guardians.count") == 0) {
        int64_t n;
        assert_true(bp_parse_int64(v, 0, BP_MAX_GUARDIANS_INPUT, &n));
        for (size_t g = in->n_guardians; g < (size_t)n; g++)
            in->guardians[g] = (struct bp_guardian_input){"", "", "", "", "", "", ""};
        in->n_guardians = (size_t)n;
    } else if (strcmp(s->key, "initiative.triggers") == 0) {
        char *list = bp_arena_strdup(a, v), *p = list;
        in->n_triggers = 0;
        while (*list) {
            char *comma = strchr(p, ',');
            assert_true(in->n_triggers < BP_ARRAY_LEN(in->triggers));
            in->triggers[in->n_triggers++] = p;
            if (!comma)
                break;
            *comma = '\0';
            p = comma + 1;
        }
    } else if (strncmp(s->key, "guardians.", 10) == 0 && s->key[10] >= '0' &&
               s->key[10] < '0' + BP_MAX_GUARDIANS_INPUT && s->key[11] == '\0') {
        assert_string_equal(v, "");
        in->guardians[s->key[10] - '0'] = (struct bp_guardian_input){"", "", "", "", "", "", ""};
    } else if (strncmp(s->key, "guardians.", 10) == 0 && s->key[10] >= '0' &&
               s->key[10] < '0' + BP_MAX_GUARDIANS_INPUT && s->key[11] == '.') {
        struct bp_guardian_input *g = &in->guardians[s->key[10] - '0'];
        for (size_t i = 0; i < BP_ARRAY_LEN(guardian); i++) {
            if (strcmp(s->key + 12, guardian[i].key) == 0) {
                memcpy((char *)g + guardian[i].offset, &v, sizeof(v));
                return;
            }
        }
        fail_msg("unknown guardian key %s", s->key);
    } else {
        fail_msg("unknown key %s", s->key);
    }
}

static const struct bp_user *user_of(enum which_user u)
{
    return u == ANNA ? &anna : u == SINGLE ? &single : NULL;
}

/* ---- checking results ---- */

static uint32_t bits_of(struct bp_arena *a, const char *letters)
{
    uint32_t bits = 0;
    char *list = bp_arena_strdup(a, letters), *p, *save = NULL;
    for (p = strtok_r(list, ",", &save); p; p = strtok_r(NULL, ",", &save))
        bits |= 1u << BP_CODE_FIND(bp_trigger_codes, p);
    return bits;
}

static int check_str(const char *row, const char *what, const char *got, const char *want)
{
    if (!want || (got && strcmp(got, want) == 0))
        return 0;
    print_error("%s: %s is \"%s\", want \"%s\"\n", row, what, got ? got : "(null)", want);
    return 1;
}

static int check_output(struct bp_arena *a, const struct reg_row *r, const struct bp_registration *reg)
{
    const struct expect *x = &r->out;
    const struct bp_case *k = &reg->kase;
    int bad = 0;
    bad += check_str(r->name, "plan kind", k->plan_kind, x->plan_kind);
    bad += check_str(r->name, "model", bp_model_codes[k->model], x->model);
    bad += check_str(r->name, "route", bp_route_codes[k->route], x->route);
    bad += check_str(r->name, "requested by", bp_requester_codes[k->requested_by], x->requested_by);
    bad += check_str(r->name, "id kind", bp_id_kind_codes[reg->child.id_kind], x->id_kind);
    bad += check_str(r->name, "id number", reg->child.id_number, x->id_number);
    bad += check_str(r->name, "birth date", reg->child.birth_date, x->birth_date);
    bad += check_str(r->name, "first guardian", reg->guardians[0].name, x->guardian0_name);
    bad += check_str(r->name, "first guardian's id", reg->guardians[0].id_number, x->guardian0_id_number);
    if (x->triggers && k->triggers != bits_of(a, x->triggers)) {
        print_error("%s: triggers %#x, want %#x\n", r->name, k->triggers, bits_of(a, x->triggers));
        bad++;
    }
    if (x->initiating_org && k->initiating_org_id != x->initiating_org) {
        print_error("%s: initiating org %lld, want %lld\n", r->name, (long long)k->initiating_org_id,
                    (long long)x->initiating_org);
        bad++;
    }
    if (x->n_guardians && reg->n_guardians != x->n_guardians) {
        print_error("%s: %zu guardians, want %zu\n", r->name, reg->n_guardians, x->n_guardians);
        bad++;
    }
    /* always: the case is open, the initiator is the user, the identity and birth date are set */
    if (k->status != BP_CASE_OPEN || k->initiator_user_id != user_of(r->user)->id || !reg->child.birth_date ||
        !reg->child.id_number || !k->noticed_on || !k->reason || k->initiating_org_id <= 0) {
        print_error("%s: incomplete valid registration\n", r->name);
        bad++;
    }
    return bad;
}

static bool has_error(const struct bp_field_errors *e, const char *field, const char *code)
{
    for (size_t i = 0; i < e->count; i++)
        if (strcmp(e->items[i].field, field) == 0 && strcmp(e->items[i].code, code) == 0)
            return true;
    return false;
}

static int run_row(const struct reg_row *r)
{
    struct bp_arena a;
    struct bp_registration_input in;
    struct bp_registration reg;
    struct bp_field_errors errs;
    enum bp_err rc;
    size_t n_want = 0;
    int bad = 0;

    bp_arena_init(&a, 0);
    base_input(r->base, &in);
    for (size_t i = 0; i < BP_ARRAY_LEN(r->set) && r->set[i].key; i++)
        apply(&a, &in, &r->set[i]);
    rc = bp_registration_validate(&a, &in, user_of(r->user), today, &reg, &errs);

    for (; n_want < BP_ARRAY_LEN(r->errors) && r->errors[n_want].field; n_want++) {
        if (!has_error(&errs, r->errors[n_want].field, r->errors[n_want].code)) {
            print_error("%s: missing error %s=%s\n", r->name, r->errors[n_want].field,
                        r->errors[n_want].code);
            bad++;
        }
    }
    if (errs.count != n_want) {
        print_error("%s: %zu errors, want %zu:", r->name, errs.count, n_want);
        for (size_t i = 0; i < errs.count; i++)
            print_error(" %s=%s", errs.items[i].field, errs.items[i].code);
        print_error("\n");
        bad++;
    }
    if (rc != (n_want ? BP_ERR_INVALID : BP_OK)) {
        print_error("%s: returned %s\n", r->name, bp_err_name(rc));
        bad++;
    }
    if (!bad && rc == BP_OK)
        bad += check_output(&a, r, &reg);
    bp_arena_release(&a);
    return bad;
}

static void test_registration_table(void **state)
{
    int bad = 0;
    (void)state;
    for (size_t i = 0; i < BP_ARRAY_LEN(rows); i++)
        bad += run_row(&rows[i]);
    assert_int_equal(bad, 0);
}

/* V-1.3: each single trigger a-m sets exactly its own bit. */
static void test_each_trigger_sets_its_bit(void **state)
{
    (void)state;
    for (int t = 0; t < BP_TRIGGER_COUNT; t++) {
        struct bp_arena a;
        struct bp_registration_input in;
        struct bp_registration reg;
        struct bp_field_errors errs;
        bp_arena_init(&a, 0);
        base_input(t % 2 ? KB : VB, &in);
        in.triggers[0] = bp_trigger_codes[t];
        in.n_triggers = 1;
        assert_int_equal(bp_registration_validate(&a, &in, &anna, today, &reg, &errs), BP_OK);
        assert_int_equal(reg.kase.triggers, 1u << t);
        assert_int_equal(bp_trigger_codes[t][0], 'a' + t); /* the checklist is a-m in order */
        assert_int_equal(bp_trigger_codes[t][1], '\0');
        bp_arena_release(&a);
    }
}

/* An input with nothing in it names every required field at once, each once. */
static void test_empty_input_lists_every_required_field(void **state)
{
    static const struct bp_field_error want[] = {
        {"child.given_name", "required"},      {"child.family_name", "required"},
        {"child.id_number", "required"},       {"guardians.0.name", "guardian_required"},
        {"initiative.model", "required"},      {"initiative.route", "required"},
        {"initiative.noticed_on", "required"}, {"initiative.reason", "required"},
        {"initiative.org_id", "required"},
    };
    struct bp_arena a;
    struct bp_registration_input in;
    struct bp_registration reg;
    struct bp_field_errors errs;
    (void)state;
    memset(&in, 0, sizeof(in));
    bp_arena_init(&a, 0);
    assert_int_equal(bp_registration_validate(&a, &in, &anna, today, &reg, &errs), BP_ERR_INVALID);
    for (size_t i = 0; i < BP_ARRAY_LEN(want); i++) {
        if (!has_error(&errs, want[i].field, want[i].code))
            fail_msg("missing %s=%s", want[i].field, want[i].code);
        assert_string_equal(bp_field_errors_find(&errs, want[i].field), want[i].code);
    }
    assert_int_equal(errs.count, BP_ARRAY_LEN(want));
    bp_arena_release(&a);
}

/* Errors from an earlier call do not leak into the next one. */
static void test_errors_are_reset_per_call(void **state)
{
    struct bp_arena a;
    struct bp_registration_input in;
    struct bp_registration reg;
    struct bp_field_errors errs;
    (void)state;
    bp_arena_init(&a, 0);
    memset(&in, 0, sizeof(in));
    assert_int_equal(bp_registration_validate(&a, &in, &anna, today, &reg, &errs), BP_ERR_INVALID);
    assert_true(errs.count > 0);
    base_input(VB, &in);
    assert_int_equal(bp_registration_validate(&a, &in, &anna, today, &reg, &errs), BP_OK);
    assert_int_equal(errs.count, 0);
    assert_null(bp_field_errors_find(&errs, "child.given_name"));
    bp_arena_release(&a);
}

/* The shared field checks other forms use. */
static void test_check_text_and_email(void **state)
{
    struct bp_field_errors e = {.count = 0};
    (void)state;
    assert_true(bp_check_text(&e, "f", NULL, 10, false));
    assert_true(bp_check_text(&e, "f", "", 10, false));
    assert_int_equal(e.count, 0);
    assert_false(bp_check_text(&e, "f", NULL, 10, true));
    assert_string_equal(bp_field_errors_find(&e, "f"), "required");
    assert_true(
        bp_check_text(&e, "g", "\xC3\xA5\xC3\xA4\xC3\xB6", 3, true)); /* three characters, six bytes */
    assert_false(bp_check_text(&e, "h", "abcd", 3, true));
    assert_string_equal(bp_field_errors_find(&e, "h"), "too_long");
    assert_false(bp_check_text(&e, "i", "a\x7F", 3, true));
    assert_string_equal(bp_field_errors_find(&e, "i"), "invalid");
    assert_true(bp_check_email(&e, "m", NULL));
    assert_true(bp_check_email(&e, "m", "a@b.se"));
    assert_false(bp_check_email(&e, "n", "a@b"));
    assert_string_equal(bp_field_errors_find(&e, "n"), "email");
    assert_null(bp_field_errors_find(&e, "m"));
}

/* The error list is bounded: a flood of errors is cut, never written past its end. */
static void test_field_errors_are_bounded(void **state)
{
    struct bp_field_errors e = {.count = 0};
    (void)state;
    for (int i = 0; i < 100; i++)
        bp_field_errors_add(&e, "f", "required");
    assert_int_equal(e.count, BP_ARRAY_LEN(e.items));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_registration_table),
        cmocka_unit_test(test_each_trigger_sets_its_bit),
        cmocka_unit_test(test_empty_input_lists_every_required_field),
        cmocka_unit_test(test_errors_are_reset_per_call),
        cmocka_unit_test(test_check_text_and_email),
        cmocka_unit_test(test_field_errors_are_bounded),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
