/* model.h: the domain's records and the enumerations of the process, with their stable codes.
 * Codes (strings) are what the database, the API and the forms use; Swedish labels live in
 * http/messages.c and go through gettext. Pure declarations: no I/O. Glossary: docs/glossary.md. */
#ifndef BP_MODEL_H
#define BP_MODEL_H
#include "util/common.h"
#include "util/limits.h"

/* Organisation kinds (verksamhet) */
enum bp_org_kind {
    BP_ORG_PRESCHOOL,        /* förskola */
    BP_ORG_SCHOOL,           /* skola */
    BP_ORG_STUDENT_HEALTH,   /* elevhälsa */
    BP_ORG_SOCIAL_SERVICES,  /* socialtjänst */
    BP_ORG_CHILD_HEALTH,     /* BVC, barnavårdscentral */
    BP_ORG_PRIMARY_CARE,     /* vårdcentral */
    BP_ORG_CHILD_PSYCHIATRY, /* BUP */
    BP_ORG_HABILITATION,     /* habilitering */
    BP_ORG_MATERNITY_CARE,   /* mödrahälsovård, barnmorskemottagning (X-1: before birth) */
    BP_ORG_YOUTH_OUTREACH,   /* KAA, kommunala aktivitetsansvaret (X-1: outside upper-secondary school) */
    BP_ORG_OTHER,            /* annan */
    BP_ORG_KIND_COUNT
};

/* Principals (huvudman) */
enum bp_principal {
    BP_PRINCIPAL_MUNICIPALITY, /* kommun */
    BP_PRINCIPAL_REGION,       /* region */
    BP_PRINCIPAL_PRIVATE,      /* enskild huvudman */
    BP_PRINCIPAL_COUNT
};

/* A professional's role in one organisation */
enum bp_role {
    BP_ROLE_PROFESSIONAL, /* yrkesverksam */
    BP_ROLE_NAMED_PERSON, /* barnensbästa-ansvarig (Kronoberg) */
    BP_ROLE_MANAGER,      /* chef: rektor, enhetschef */
    BP_ROLE_REGIONAL,     /* regional uppföljning: the whole region's aggregates (V-12.4) */
    BP_ROLE_ORG_ADMIN,    /* administratör för verksamheten: manages its own staff (issue 10 item 9) */
    BP_ROLE_COUNT
};

/* The regional model of a case: names, deadlines and absence rules follow it (requirements §13). */
enum bp_model {
    BP_MODEL_VASTERBOTTEN, /* SIP Barnets plan */
    BP_MODEL_KRONOBERG,    /* Samverkansmöte och Barnets plan */
    BP_MODEL_COUNT
};

/* The route a case takes (V-0.8, K-1.1, K-1.2) */
enum bp_route {
    BP_ROUTE_HLT,                    /* Västerbotten: via the HLT meeting */
    BP_ROUTE_OUTSIDE_HLT,            /* Västerbotten: outside HLT; the initiator coordinates (V-1.4) */
    BP_ROUTE_KRONOBERG_NAMED_PERSON, /* Kronoberg: the barnensbästa-ansvarig calls (K-1.1) */
    BP_ROUTE_KRONOBERG_OTHER_ORG, /* Kronoberg: another organisation initiates and informs the BBA (K-1.2) */
    BP_ROUTE_COUNT
};

/* Who asked for coordination (V-1.1, V-1.2, K-1.3) */
enum bp_requester { BP_REQ_PROFESSIONAL, BP_REQ_GUARDIAN, BP_REQ_ADULT_STUDENT, BP_REQ_CHILD, BP_REQ_COUNT };

/* How the child is identified */
enum bp_id_kind {
    BP_ID_PERSONNUMMER,
    BP_ID_SAMORDNINGSNUMMER,
    BP_ID_RESERVE, /* reserve identity when the child has neither (a region's reservnummer, or none yet) */
    BP_ID_COUNT
};

/* Custody of a guardian (vårdnad) */
enum bp_custody {
    BP_CUSTODY_JOINT,     /* gemensam vårdnad: both guardians consent */
    BP_CUSTODY_SOLE,      /* ensam vårdnad */
    BP_CUSTODY_APPOINTED, /* särskilt förordnad vårdnadshavare */
    BP_CUSTODY_NONE, /* förälder utan vårdnad: not a guardian, never consents (V-2.1, docs/family-access.md
                        R5) */
    BP_CUSTODY_COUNT
};

enum bp_case_status { BP_CASE_OPEN, BP_CASE_CLOSED, BP_CASE_STATUS_COUNT };

/* The V-1.3 trigger reasons a-m, as bits. */
#define BP_TRIGGER_COUNT 13

/* Code tables: index = enum value. bp_code_find returns -1 for an unknown code. */
extern const char *const bp_org_kind_codes[BP_ORG_KIND_COUNT];
extern const char *const bp_principal_codes[BP_PRINCIPAL_COUNT];
extern const char *const bp_role_codes[BP_ROLE_COUNT];
extern const char *const bp_model_codes[BP_MODEL_COUNT];
extern const char *const bp_route_codes[BP_ROUTE_COUNT];
extern const char *const bp_requester_codes[BP_REQ_COUNT];
extern const char *const bp_id_kind_codes[BP_ID_COUNT];
extern const char *const bp_custody_codes[BP_CUSTODY_COUNT];
struct bp_guardian;
/* Whether a guardians row is a guardian with custody (joint, sole, appointed): the only ones who consent and
 * confirm (V-2.1), are prepared (V-4.1), are expected to sign and are offered the survey (V-12.1). A parent
 * without custody (BP_CUSTODY_NONE) takes part only when invited to a meeting (V-3.9, V-4.2, R5). */
bool bp_has_custody(const struct bp_guardian *g);
extern const char *const bp_case_status_codes[BP_CASE_STATUS_COUNT];
extern const char *const bp_trigger_codes[BP_TRIGGER_COUNT]; /* "a".."m" */
int bp_code_find(const char *const *codes, size_t n, const char *code);
#define BP_CODE_FIND(table, code) bp_code_find((table), BP_ARRAY_LEN(table), (code))

/* The plan kind a case's model produces (glossary): Västerbotten "sip_child_plan", Kronoberg
 * "child_plan", or "sip" when the guardians insist (K-0.8). */
const char *bp_plan_kind_for(enum bp_model model, bool guardians_insist_on_sip);
/* Whether a route belongs to a model. */
bool bp_route_allowed(enum bp_model model, enum bp_route route);

struct bp_org {
    int64_t id;
    const char *name;
    enum bp_org_kind kind;
    enum bp_principal principal;
    const char *municipality; /* kommun or region name, for display */
};

struct bp_membership {
    int64_t org_id;
    enum bp_role role;
    const char *org_name;
};

struct bp_user {
    int64_t id;
    const char *username;
    const char *display_name;
    const char *email;
    bool is_admin; /* system administration: users, organisations, audit search */
    bool disabled;
    struct bp_membership *orgs;
    size_t n_orgs;
    /* A family member's account (issue 10 items 2, 3; migration 024): the child it belongs to (0: staff)
     * and which guardian (0: the child themself). Reaches only the family pages. */
    int64_t family_child_id, family_guardian_id;
    const char *lang; /* the language the family member chose ("sv", "en", ...); NULL: not chosen */
};

struct bp_child {
    int64_t id;
    const char *given_name;
    const char *family_name;
    enum bp_id_kind id_kind;
    const char *id_number;  /* personnummer/samordningsnummer "YYYYMMDD-NNNN", or the reserve identity */
    const char *birth_date; /* "YYYY-MM-DD" */
    const char *language;   /* the child's language, free text ("svenska", "arabiska") */
    bool needs_interpreter;
    const char *interpreter_language;
    bool picture_support; /* bildstöd */
    int64_t created_at;
    /* Protected identity (skyddade personuppgifter, issue 10 item 10; domain/protection.h): whom the child is
     * protected from, some of its guardians' ids (none: only that the child is protected). */
    bool protected;
    int64_t protected_from[BP_MAX_GUARDIANS];
    size_t n_protected_from;
    bool protected_any; /* the child or one of its guardians is protected (bp_protected_any; kept with the
                           row) */
};

struct bp_guardian {
    int64_t id;
    int64_t child_id;
    const char *name;
    const char *id_number; /* optional personnummer */
    enum bp_custody custody;
    const char *phone;
    const char *email;
    const char *address;
    const char *interpreter_language; /* empty: no interpreter needed */
    /* Protected identity (issue 10 item 10; domain/protection.h): whom the guardian is protected from (other
     * guardians' ids). */
    bool protected;
    int64_t protected_from[BP_MAX_GUARDIANS];
    size_t n_protected_from;
    bool contact_withheld; /* a view's, never stored: phone, e-mail and address left out for this reader */
};

struct bp_case {
    int64_t id;
    int64_t child_id;
    enum bp_model model;
    const char *plan_kind;
    enum bp_case_status status;
    int64_t initiating_org_id;
    int64_t initiator_user_id;
    const char *noticed_on; /* the date the need was noticed, "YYYY-MM-DD" (V-6.1 counts from it) */
    enum bp_route route;
    enum bp_requester requested_by;
    uint32_t triggers;  /* bit i = trigger bp_trigger_codes[i] (V-1.3) */
    const char *reason; /* why coordination is needed, in the initiator's words */
    int64_t created_at;
    int64_t closure_proposed_at;          /* V-2.9: every consent withdrawn; 0: not proposed */
    const char *named_person_informed_on; /* K-1.2: "YYYY-MM-DD", NULL: not yet (read by bp_case_get) */
    int64_t responsible_org_id;           /* K-1.2: calls later meetings; 0: the initiating organisation */
    const char *responsible_org_name;     /* read by bp_case_get */
    int64_t previous_case_id;             /* the closed case of the child this one follows; 0: none */
    /* the current barnensbästa-ansvarig, a person (read by bp_case_get; 0: nobody named yet) */
    int64_t named_person_user_id;
    int64_t named_person_org_id;
    const char *named_person_name;
    const char *named_person_org_name;
    const char *named_person_decision; /* a bp_bba_decision_codes code; NULL: not recorded yet */
    int64_t named_person_assigned_at;
    int64_t named_person_decided_at;
    bool protected; /* read by bp_case_get: the child or one of its guardians is protected (issue 10 item 10)
                     */
    /* filled by reads that join */
    const char *child_name;
    const char *initiating_org_name;
    const char *initiator_name;
};

/* V-2.6: who asked an organisation to take part in a case, and when. */
struct bp_case_ask {
    int64_t at;
    const char *by_name;  /* NULL: not known (asked before this was recorded) */
    const char *by_email; /* to reach them back */
};

/* Whether the case took Kronoberg's route where another organisation than the named person's took the
 * initiative (K-1.2): that organisation informs the named person, and may pass the responsibility on. */
bool bp_case_via_other_org(const struct bp_case *k);

struct bp_event {
    int64_t id;
    int64_t case_id;
    int64_t at;
    int64_t user_id;
    int64_t org_id;
    const char *kind; /* "case_opened", ... (http/messages.c has the labels) */
    const char *note;
    const char *user_name;
    const char *org_name;
};

/* One audit entry: who, in which organisation, which child and case, what, when, from where. */
struct bp_audit {
    int64_t id;
    int64_t at;
    int64_t user_id; /* 0: not logged in */
    int64_t org_id;  /* 0: none */
    int64_t child_id;
    int64_t case_id;
    const char
        *action; /* "read", "create", "update", "denied", "login", "login_failed", "logout", "export" */
    const char *object;   /* what was touched: "case", "child", "case_list", "audit", ... */
    const char *channel;  /* "web", "api", "cli" */
    const char *address;  /* client address */
    const char *detail;   /* no personal data: a route name, a field name */
    const char *username; /* filled by searches */
    const char *org_name; /* filled by searches */
    /* its place in the hash chain (domain/audit_chain.h), filled by bp_audit_chain_entries */
    int64_t chain_id, seq; /* 0: written before the chain (migration 036) */
    const char *prev_hash, *hash;
};

/* The name of organisation id among orgs ("" when it is not there): a page's or an answer's label. */
const char *bp_org_name_in(const struct bp_org *orgs, size_t n, int64_t id);
/* The same for guardian id among a child's guardians. */
const char *bp_guardian_name_in(const struct bp_guardian *guardians, size_t n, int64_t id);

#endif
