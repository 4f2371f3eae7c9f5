/* demo.c: demo data for trying Barnplan and for benchmarks: organisations of every kind and
 * principal in both regions, staff with printed demo passwords, and children with guardians and
 * open cases. Every name and number is made up; personnummer are valid in form only. */
#include <time.h>
#include "app/app_impl.h"
#include "domain/personnummer.h"

#define DEMO_PASSWORD "Barnplan-demo-1"
/* children written in one transaction: fewer commits, and each page of the indexes written fewer times */
#define DEMO_CHILDREN_PER_COMMIT 10000

struct demo_org {
    const char *name;
    enum bp_org_kind kind;
    enum bp_principal principal;
    const char *municipality;
    enum bp_model model;
};

static const struct demo_org orgs[] = {
    {"Ålidhemsskolan", BP_ORG_SCHOOL, BP_PRINCIPAL_MUNICIPALITY, "Umeå kommun", BP_MODEL_VASTERBOTTEN},
    {"Förskolan Solrosen", BP_ORG_PRESCHOOL, BP_PRINCIPAL_MUNICIPALITY, "Umeå kommun", BP_MODEL_VASTERBOTTEN},
    {"Elevhälsan Umeå", BP_ORG_STUDENT_HEALTH, BP_PRINCIPAL_MUNICIPALITY, "Umeå kommun",
     BP_MODEL_VASTERBOTTEN},
    {"Socialtjänsten Umeå", BP_ORG_SOCIAL_SERVICES, BP_PRINCIPAL_MUNICIPALITY, "Umeå kommun",
     BP_MODEL_VASTERBOTTEN},
    {"Vårdcentralen Ålidhem", BP_ORG_PRIMARY_CARE, BP_PRINCIPAL_REGION, "Region Västerbotten",
     BP_MODEL_VASTERBOTTEN},
    {"BUP Umeå", BP_ORG_CHILD_PSYCHIATRY, BP_PRINCIPAL_REGION, "Region Västerbotten", BP_MODEL_VASTERBOTTEN},
    {"Montessoriskolan Linnea", BP_ORG_SCHOOL, BP_PRINCIPAL_PRIVATE, "Umeå", BP_MODEL_VASTERBOTTEN},
    {"Furutåskolan", BP_ORG_SCHOOL, BP_PRINCIPAL_MUNICIPALITY, "Växjö kommun", BP_MODEL_KRONOBERG},
    {"BVC Teleborg", BP_ORG_CHILD_HEALTH, BP_PRINCIPAL_REGION, "Region Kronoberg", BP_MODEL_KRONOBERG},
    {"Habiliteringen Kronoberg", BP_ORG_HABILITATION, BP_PRINCIPAL_REGION, "Region Kronoberg",
     BP_MODEL_KRONOBERG},
    {"Socialtjänsten Växjö", BP_ORG_SOCIAL_SERVICES, BP_PRINCIPAL_MUNICIPALITY, "Växjö kommun",
     BP_MODEL_KRONOBERG},
};

struct demo_user {
    const char *username, *name;
    int org; /* index in orgs, -1: none */
    enum bp_role role;
    bool admin;
};

static const struct demo_user users[] = {
    {"anna", "Anna Lindqvist (lärare)", 0, BP_ROLE_PROFESSIONAL, false},
    {"bertil", "Bertil Öberg (socialsekreterare)", 3, BP_ROLE_PROFESSIONAL, false},
    {"cecilia", "Cecilia Ahmadi (distriktssköterska)", 4, BP_ROLE_PROFESSIONAL, false},
    {"david", "David Nilsson (psykolog, BUP)", 5, BP_ROLE_PROFESSIONAL, false},
    {"elin", "Elin Sandberg (förskollärare)", 1, BP_ROLE_PROFESSIONAL, false},
    {"greta", "Greta Holm (rektor, enskild huvudman)", 6, BP_ROLE_MANAGER, false},
    {"karin", "Karin Johansson (rektor, barnensbästa-ansvarig)", 7, BP_ROLE_NAMED_PERSON, false},
    {"leo", "Leo Persson (BVC-sjuksköterska)", 8, BP_ROLE_NAMED_PERSON, false},
    {"maja", "Maja Svensson (socialsekreterare)", 10, BP_ROLE_PROFESSIONAL, false},
    {"admin", "Systemförvaltare", -1, BP_ROLE_PROFESSIONAL, true},
};

static const char *const given[] = {"Alva", "Elsa", "Maja",  "Ebba",  "Saga",    "Alice", "Wilma", "Ella",
                                    "Nora", "Liam", "Noah",  "Hugo",  "William", "Elias", "Oscar", "Lucas",
                                    "Adam", "Omar", "Amira", "Yusuf", "Åsa",     "Örjan", "Ängla", "Zainab"};
static const char *const family[] = {"Andersson", "Johansson", "Karlsson", "Nilsson",  "Eriksson",
                                     "Larsson",   "Olsson",    "Persson",  "Svensson", "Gustafsson",
                                     "Ali",       "Mohammed",  "Lindberg", "Åberg",    "Öhman",
                                     "Ekström",   "Hassan",    "Nguyen"};
static const char *const adults[] = {"Sara",  "Johan", "Linda", "Mikael", "Fatima", "Ahmed",
                                     "Maria", "Peter", "Jenny", "Daniel", "Leila",  "Tomas"};
static const char *const reasons[] = {
    "Hög frånvaro sedan höstlovet och oro för hur barnet mår.",
    "Barnet har svårt med koncentration i skolan och familjen vill ha samlat stöd.",
    "Behov av samordning mellan skola, socialtjänst och vården efter utskrivning.",
    "Vårdnadshavare upplever att de hänvisas runt mellan verksamheter.",
    "Oro för barnets språkutveckling och sociala samspel i förskolan.",
};
static const char *const languages[] = {"svenska",   "svenska", "svenska",  "arabiska",
                                        "somaliska", "dari",    "tigrinja", "engelska"};

/* The guardians' consent for one organisation, given on the day the need was noticed. `last` is the
 * last guardian added (its id - 1 is the other one in joint custody). */
static enum bp_err demo_consent(struct bp_store *s, const struct bp_case *k, int64_t org_id, int64_t by_user,
                                const struct bp_guardian *last, size_t n_guardians, struct bp_date given_on)
{
    struct bp_consent c = {.case_id = k->id,
                           .org_id = org_id,
                           .giver = BP_CONSENT_BY_GUARDIANS,
                           .guardian_ids = {last->id, last->id - 1},
                           .n_guardians = n_guardians,
                           .child_view = "Barnet vill att de vuxna pratar med varandra.",
                           .scope = "Det som behövs för planen: skolsituation, hälsa och stöd hemma.",
                           .covers_preparation = true,
                           .form = bp_consent_form_for(k->model),
                           .given_on = given_on,
                           .obtained_by = by_user,
                           .created_at = k->created_at};
    return bp_consent_add(s, &c);
}

/* A demo user of organisation orgs[org], else `fallback`. */
static int64_t member_of(const int64_t *user_ids, size_t org, int64_t fallback)
{
    size_t i;
    for (i = 0; i < BP_ARRAY_LEN(users); i++)
        if (users[i].org == (int)org)
            return user_ids[i];
    return fallback;
}

static uint32_t rnd(uint32_t *state)
{
    /* xorshift32: reproducible demo data from a seed */
    uint32_t x = *state;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return *state = x;
}

static void make_pnr(uint32_t *st, struct bp_date birth, char out[32])
{
    char d9[32];
    snprintf(d9, sizeof(d9), "%02d%02d%02d%03u", birth.y % 100, birth.m % 100, birth.d % 100, rnd(st) % 1000);
    snprintf(out, 32, "%04d%02d%02d-%.3s%d", birth.y % 10000, birth.m % 100, birth.d % 100, d9 + 6,
             bp_pnr_luhn(d9));
}

enum bp_err bp_demo_generate(struct bp_store *s, const struct bp_demo_options *o, FILE *out)
{
    int64_t org_ids[BP_ARRAY_LEN(orgs)], user_ids[BP_ARRAY_LEN(users)], n_existing = 0;
    int64_t now = (int64_t)time(NULL);
    struct bp_date today = bp_date_today(now);
    int64_t today_days = bp_days_from_civil(today.y, today.m, today.d);
    uint32_t st = o->seed ? o->seed : 2026;
    struct bp_arena a;
    enum bp_err rc;
    size_t i;

    if ((rc = bp_store_count(s, "organisations", &n_existing)) != BP_OK)
        return rc;
    if (n_existing > 0)
        return BP_ERR_CONFLICT;

    if ((rc = bp_store_begin(s)) != BP_OK)
        return rc;
    for (i = 0; i < BP_ARRAY_LEN(orgs); i++) {
        struct bp_org org = {0, orgs[i].name, orgs[i].kind, orgs[i].principal, orgs[i].municipality};
        if ((rc = bp_org_add(s, &org)) != BP_OK) {
            bp_store_rollback(s);
            return rc;
        }
        org_ids[i] = org.id;
    }
    if ((rc = bp_store_commit(s)) != BP_OK)
        return rc;

    if (out)
        fprintf(out, "Demo accounts (password for all: %s)\n", DEMO_PASSWORD);
    for (i = 0; i < BP_ARRAY_LEN(users); i++) {
        int64_t org = users[i].org >= 0 ? org_ids[users[i].org] : 0;
        enum bp_role role = users[i].role;
        char email[64], hash[BP_PW_HASH_MAX];
        struct bp_user_input in = {users[i].username, users[i].name, email, DEMO_PASSWORD,
                                   users[i].admin,    &org,          &role, users[i].org >= 0 ? 1 : 0};
        snprintf(email, sizeof(email), "%s@demo.barnplan.invalid", users[i].username);
        /* made-up accounts: inserted without an audit entry, unlike an administrator's (app/admin.c) */
        if ((rc = bp_password_hash(DEMO_PASSWORD, hash)) != BP_OK || (rc = bp_store_begin(s)) != BP_OK)
            return rc;
        if ((rc = bp_app_user_insert(s, &in, hash, &user_ids[i])) != BP_OK) {
            bp_store_rollback(s);
            return rc;
        }
        if ((rc = bp_store_commit(s)) != BP_OK)
            return rc;
        if (out)
            fprintf(out, "  %-8s %s%s%s\n", users[i].username, users[i].name, users[i].org >= 0 ? ", " : "",
                    users[i].org >= 0 ? orgs[users[i].org].name : "");
    }

    if ((rc = bp_store_bulk_load(s)) != BP_OK)
        return rc;
    bp_arena_init(&a, 16384);
    for (i = 0; i < o->children; i++) {
        size_t u = rnd(&st) % (BP_ARRAY_LEN(users) - 1); /* not the administrator */
        size_t org = (size_t)users[u].org;
        struct bp_child c;
        struct bp_guardian g;
        struct bp_case k;
        struct bp_event ev;
        struct bp_date birth = bp_civil_from_days(today_days - 365 - (int64_t)(rnd(&st) % (365 * 16)));
        struct bp_date noticed = bp_civil_from_days(today_days - (int64_t)(rnd(&st) % 40));
        const char *fam = family[rnd(&st) % BP_ARRAY_LEN(family)];
        char pnr[32], gpnr[32], nd[11];
        size_t n_guardians = 1 + rnd(&st) % 2, j;

        if (i % DEMO_CHILDREN_PER_COMMIT == 0) {
            if (i && (rc = bp_store_commit(s)) != BP_OK)
                goto out;
            if (i && o->progress)
                o->progress(o->progress_arg, i, o->children);
            bp_arena_reset(&a);
            if ((rc = bp_store_begin(s)) != BP_OK)
                goto out;
        }
        memset(&c, 0, sizeof(c));
        make_pnr(&st, birth, pnr);
        c.given_name = given[rnd(&st) % BP_ARRAY_LEN(given)];
        c.family_name = fam;
        c.id_kind = BP_ID_PERSONNUMMER;
        c.id_number = bp_arena_strdup(&a, pnr);
        c.birth_date = bp_arena_printf(&a, "%04d-%02d-%02d", birth.y, birth.m, birth.d);
        c.language = languages[rnd(&st) % BP_ARRAY_LEN(languages)];
        c.needs_interpreter = strcmp(c.language, "svenska") != 0 && rnd(&st) % 2;
        c.interpreter_language = c.needs_interpreter ? c.language : "";
        c.picture_support = rnd(&st) % 4 == 0;
        c.created_at = now - (int64_t)(rnd(&st) % (86400 * 30));
        if ((rc = bp_child_add(s, &c)) != BP_OK)
            goto fail;
        for (j = 0; j < n_guardians; j++) {
            struct bp_date gb = bp_civil_from_days(today_days - 365 * 25 - (int64_t)(rnd(&st) % (365 * 20)));
            memset(&g, 0, sizeof(g));
            make_pnr(&st, gb, gpnr);
            g.child_id = c.id;
            g.name = bp_arena_printf(&a, "%s %s", adults[rnd(&st) % BP_ARRAY_LEN(adults)], fam);
            g.id_number = bp_arena_strdup(&a, gpnr);
            g.custody = n_guardians == 2 ? BP_CUSTODY_JOINT : BP_CUSTODY_SOLE;
            g.phone =
                bp_arena_printf(&a, "070-%03u %02u %02u", rnd(&st) % 1000, rnd(&st) % 100, rnd(&st) % 100);
            g.email = bp_arena_printf(&a, "vardnadshavare%zu.%zu@example.invalid", i, j);
            g.address = "Storgatan 1, 900 00 Exempelstad";
            g.interpreter_language = c.interpreter_language;
            if ((rc = bp_guardian_add(s, &g)) != BP_OK)
                goto fail;
        }
        memset(&k, 0, sizeof(k));
        k.child_id = c.id;
        k.model = orgs[org].model;
        k.plan_kind = bp_plan_kind_for(k.model, false);
        k.status = BP_CASE_OPEN;
        k.initiating_org_id = org_ids[org];
        k.initiator_user_id = user_ids[u];
        bp_date_format(noticed, nd);
        k.noticed_on = bp_arena_strdup(&a, nd);
        k.route = k.model == BP_MODEL_KRONOBERG
                      ? (rnd(&st) % 2 ? BP_ROUTE_KRONOBERG_NAMED_PERSON : BP_ROUTE_KRONOBERG_OTHER_ORG)
                      : (rnd(&st) % 3 ? BP_ROUTE_HLT : BP_ROUTE_OUTSIDE_HLT);
        k.requested_by = (enum bp_requester)(rnd(&st) % BP_REQ_COUNT);
        k.triggers = (1u << (rnd(&st) % BP_TRIGGER_COUNT)) | (1u << (rnd(&st) % BP_TRIGGER_COUNT));
        k.reason = reasons[rnd(&st) % BP_ARRAY_LEN(reasons)];
        k.created_at = c.created_at;
        if ((rc = bp_case_add(s, &k)) != BP_OK)
            goto fail;
        memset(&ev, 0, sizeof(ev));
        ev.case_id = k.id;
        ev.at = k.created_at;
        ev.user_id = k.initiator_user_id;
        ev.org_id = k.initiating_org_id;
        ev.kind = "case_opened";
        ev.note = "";
        if ((rc = bp_event_add(s, &ev)) != BP_OK)
            goto fail;
        /* Most cases have the guardians' consent for the initiating organisation, and half of those
         * for a second organisation of the same region too (V-2.6: one consent per organisation). */
        if (rnd(&st) % 5 != 0) {
            size_t other = rnd(&st) % BP_ARRAY_LEN(orgs), tries;
            for (tries = 0; tries < BP_ARRAY_LEN(orgs) && (other == org || orgs[other].model != k.model);
                 tries++)
                other = (other + 1) % BP_ARRAY_LEN(orgs);
            if ((rc = demo_consent(s, &k, org_ids[org], k.initiator_user_id, &g, n_guardians, noticed)) !=
                BP_OK)
                goto fail;
            if (rnd(&st) % 2 && other != org) {
                /* V-2.6: the initiator asks the other organisation, and one of its own staff records its
                 * consent (the initiator, where the demo has nobody there) */
                int64_t by = member_of(user_ids, other, k.initiator_user_id);
                if ((rc = bp_case_org_ask(s, k.id, org_ids[other], k.initiator_user_id, k.created_at)) !=
                        BP_OK ||
                    (rc = demo_consent(s, &k, org_ids[other], by, &g, n_guardians, noticed)) != BP_OK)
                    goto fail;
            }
        }
    }
    if (o->children && (rc = bp_store_commit(s)) == BP_OK && o->progress)
        o->progress(o->progress_arg, o->children, o->children);
    goto out;
fail:
    bp_store_rollback(s);
out:
    bp_arena_release(&a);
    if (rc == BP_OK && out)
        fprintf(out, "Demo data: %zu organisations, %zu accounts, %zu children with cases.\n",
                BP_ARRAY_LEN(orgs), BP_ARRAY_LEN(users), o->children);
    return rc;
}
