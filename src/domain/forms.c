/* forms.c: every record's field table in one list (bp_records), and finding a field by its path. The
 * tables themselves live beside their area (forms_plan.c, ...); the helpers a record's rules use are in
 * fields.c. Pure data. */
#include "domain/forms.h"
#include "util/find.h"

const char *const bp_field_kind_codes[BP_FIELD_KIND_COUNT] = {
    "text", "long_text", "email",    "phone", "date", "time", "choice", "bool",
    "org",  "orgs",      "guardian", "user",  "ref",  "file", "url",    "guardians"};

/* One line per area, so that the list merges easily. */
/* clang-format off */
const struct bp_record_def *const bp_records[] = {
    &bp_record_plan,
    &bp_record_goal,
    &bp_record_intervention,
    &bp_record_commitment,
    &bp_record_contact,
    &bp_record_decision,
    &bp_record_decide,
    &bp_record_signature,
    &bp_record_copy,
    /* registration, the case's forms, login and the audit search (forms_case.c) */
    &bp_record_child,
    &bp_record_guardian,
    &bp_record_initiative,
    &bp_record_named_person,
    &bp_record_responsibility,
    &bp_record_ask,
    &bp_record_bba,
    &bp_record_bba_decision,
    &bp_record_protection, /* issue 10 item 10 */
    &bp_record_login,
    &bp_record_family_login,
    &bp_record_family_link,
    &bp_record_family_signature,
    &bp_record_audit_query,
    /* administration in the browser (forms_admin.c) */
    &bp_record_org,
    &bp_record_invite,
    &bp_record_staff_role,
    &bp_record_invite_accept,
    &bp_record_password_change,
    /* the meetings (forms_meeting.c) */
    &bp_record_meeting,
    &bp_record_invitee,
    &bp_record_answer,
    &bp_record_absence,
    &bp_record_send,
    &bp_record_closing,
    &bp_record_debrief,
    /* the consent ledger (forms_consent.c) */
    &bp_record_consent,
    &bp_record_withdrawal,
    &bp_record_consent_terms, /* the family gives or narrows a consent (issue 10 item 4) */
    &bp_record_scan,
    /* following up the plan (forms_followup.c) */
    &bp_record_followup,
    &bp_record_review,
    &bp_record_coordination,
    /* the preparations (forms_prep.c) */
    &bp_record_child_prep,
    &bp_record_guardian_prep,
    /* carrying out the plan (forms_implementation.c) */
    &bp_record_progress,
    &bp_record_child_voice,
    &bp_record_plan_event,
    &bp_record_event_decision,
    /* closing a case and opening it again (forms_closure.c) */
    &bp_record_closure,
    &bp_record_reopen,
    &bp_record_new_case,
};
/* clang-format on */
const size_t bp_n_records = BP_ARRAY_LEN(bp_records);

const struct bp_field_def *bp_record_field(const struct bp_record_def *r, const char *name)
{
    return BP_FIND_NAME(struct bp_field_def, r->fields, r->n_fields, name, name);
}

const struct bp_field_def *bp_field_by_path_at(const char *path, const struct bp_record_def **rec,
                                               size_t *index)
{
    size_t i, j, dot = strcspn(path, "."), digits = 0;
    char plain[128]; /* a field's path is far shorter */
    *index = BP_NO_INDEX;
    for (i = 0; i < bp_n_records; i++)
        for (j = 0; j < bp_records[i]->n_fields; j++)
            if (strcmp(bp_records[i]->fields[j].path, path) == 0) {
                *rec = bp_records[i];
                return &bp_records[i]->fields[j];
            }
    /* "guardians.1.name": a repeated record's instance */
    if (path[dot] == '.')
        digits = strspn(path + dot + 1, "0123456789");
    if (!digits || digits > 6 || path[dot + 1 + digits] != '.' ||
        (size_t)snprintf(plain, sizeof(plain), "%.*s%s", (int)dot, path, path + dot + 1 + digits) >=
            sizeof(plain))
        return NULL;
    for (i = 0; i < bp_n_records; i++)
        for (j = 0; bp_records[i]->item && j < bp_records[i]->n_fields; j++)
            if (strcmp(bp_records[i]->fields[j].path, plain) == 0) {
                *rec = bp_records[i];
                *index = (size_t)strtoul(path + dot + 1, NULL, 10);
                return &bp_records[i]->fields[j];
            }
    return NULL;
}

const struct bp_field_def *bp_field_by_path(const char *path)
{
    const struct bp_record_def *r;
    size_t index;
    return bp_field_by_path_at(path, &r, &index);
}
