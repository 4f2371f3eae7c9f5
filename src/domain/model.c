/* model.c: the code tables of model.h and the small rules that hang on them. Pure. */
#include "domain/model.h"
#include "domain/records.h"
#include <stddef.h>
#include <string.h>

const char *const bp_org_kind_codes[BP_ORG_KIND_COUNT] = {
    "preschool",        "school",       "student_health", "social_services", "child_health", "primary_care",
    "child_psychiatry", "habilitation", "maternity_care", "youth_outreach",  "other"};
const char *const bp_principal_codes[BP_PRINCIPAL_COUNT] = {"municipality", "region", "private"};
const char *const bp_role_codes[BP_ROLE_COUNT] = {"professional", "named_person", "manager", "regional",
                                                  "org_admin"};
const char *const bp_model_codes[BP_MODEL_COUNT] = {"vasterbotten", "kronoberg"};
/* records.h */
const char *const bp_outbox_status_codes[BP_OUTBOX_STATUS_COUNT] = {"pending", "sent", "failing"};
const char *const bp_route_codes[BP_ROUTE_COUNT] = {"hlt", "outside_hlt", "named_person", "other_org"};
const char *const bp_requester_codes[BP_REQ_COUNT] = {"professional", "guardian", "adult_student", "child"};
const char *const bp_id_kind_codes[BP_ID_COUNT] = {"personnummer", "samordningsnummer", "reserve"};
const char *const bp_custody_codes[BP_CUSTODY_COUNT] = {"joint", "sole", "appointed", "none"};
const char *const bp_case_status_codes[BP_CASE_STATUS_COUNT] = {"open", "closed"};
const char *const bp_trigger_codes[BP_TRIGGER_COUNT] = {"a", "b", "c", "d", "e", "f", "g",
                                                        "h", "i", "j", "k", "l", "m"};

bool bp_has_custody(const struct bp_guardian *g)
{
    return g && (unsigned)g->custody < BP_CUSTODY_NONE;
}

int bp_code_find(const char *const *codes, size_t n, const char *code)
{
    size_t i;
    if (!code)
        return -1;
    for (i = 0; i < n; i++)
        if (strcmp(codes[i], code) == 0)
            return (int)i;
    return -1;
}

const char *bp_plan_kind_for(enum bp_model model, bool guardians_insist_on_sip)
{
    if (model == BP_MODEL_KRONOBERG)
        return guardians_insist_on_sip ? "sip" : "child_plan"; /* K-0.8 */
    return "sip_child_plan";
}

bool bp_route_allowed(enum bp_model model, enum bp_route route)
{
    if (model == BP_MODEL_VASTERBOTTEN)
        return route == BP_ROUTE_HLT || route == BP_ROUTE_OUTSIDE_HLT; /* V-0.8 */
    return route == BP_ROUTE_KRONOBERG_NAMED_PERSON ||
           route == BP_ROUTE_KRONOBERG_OTHER_ORG; /* K-1.1, K-1.2 */
}

bool bp_case_via_other_org(const struct bp_case *k)
{
    return k->model == BP_MODEL_KRONOBERG && k->route == BP_ROUTE_KRONOBERG_OTHER_ORG;
}

/* The name of the element with `id` in an array of n structs of `size` bytes, whose int64_t id and
 * const char *name are at the offsets given; "" when it is not there. */
static const char *name_in(const void *items, size_t n, size_t size, size_t id_at, size_t name_at, int64_t id)
{
    size_t i;
    for (i = 0; i < n; i++) {
        const char *p = (const char *)items + i * size;
        int64_t its;
        memcpy(&its, p + id_at, sizeof(its));
        if (its == id) {
            const char *name;
            memcpy(&name, p + name_at, sizeof(name));
            return name;
        }
    }
    return "";
}

const char *bp_org_name_in(const struct bp_org *orgs, size_t n, int64_t id)
{
    return name_in(orgs, n, sizeof(*orgs), offsetof(struct bp_org, id), offsetof(struct bp_org, name), id);
}

const char *bp_guardian_name_in(const struct bp_guardian *guardians, size_t n, int64_t id)
{
    return name_in(guardians, n, sizeof(*guardians), offsetof(struct bp_guardian, id),
                   offsetof(struct bp_guardian, name), id);
}
