/* signature_scan.c: the scanned paper of a signature recorded from paper (V-8a.2), attached to the
 * answer and downloaded; kept like a consent's scan (app/consent_scan.c's file rules, the store's scan
 * table). Shared information: FULL access only. Attaching writes the scan, a timeline event and the audit
 * entry in one transaction; a download is an audited read. Must not hold the file rules or any text. */
#include "app/app_impl.h"

/* The answer `id` among the case's, or NULL. */
static const struct bp_signature *answer_of(struct bp_store *s, struct bp_arena *a, int64_t case_id,
                                            int64_t id, enum bp_err *rc)
{
    struct bp_signature *all;
    size_t n;
    if ((*rc = bp_signature_list(s, a, case_id, &all, &n)) != BP_OK)
        return NULL;
    return BP_FIND_ID(struct bp_signature, all, n, id, id);
}

enum bp_err bp_uc_signature_scan_attach(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                        int64_t case_id, int64_t signature_id, const struct bp_scan_input *in,
                                        int64_t *scan_id, struct bp_field_errors *errs)
{
    struct bp_unit u;
    const struct bp_signature *sg;
    enum bp_err rc;

    if ((rc = bp_unit_open_change(&u, s, a, actor, case_id, "create", "plan_signature_scan", BP_ACCESS_FULL,
                                  errs, NULL)) != BP_OK)
        return rc;
    if (!(sg = answer_of(s, a, case_id, signature_id, &rc)))
        return bp_unit_lookup(&u, rc != BP_OK ? rc : BP_ERR_NOT_FOUND);
    if (sg->method != BP_SIGN_WET) { /* a professional's answer in the app has no paper */
        bp_field_errors_add(errs, "scan.file", "not_paper");
        return BP_ERR_INVALID;
    }
    return bp_app_scan_attach(&u, in, "signature", sg->id, bp_signature_scan_add, u.ca.d.via_org_id,
                              "plan_signature_scan_added", scan_id, errs);
}

enum bp_err bp_uc_signature_scan_get(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                     int64_t case_id, int64_t signature_id, struct bp_consent_scan *out,
                                     struct bp_audit *audit)
{
    struct bp_case_access ca;
    enum bp_err rc;

    memset(out, 0, sizeof(*out));
    if ((rc = bp_app_case_read(s, a, actor, case_id, "plan_signature_scan", BP_ACCESS_FULL, &ca, audit)) !=
        BP_OK)
        return rc;
    audit->detail = bp_arena_printf(a, "signature %lld", (long long)signature_id);
    if (!answer_of(s, a, case_id, signature_id, &rc))
        return rc != BP_OK ? rc : BP_ERR_NOT_FOUND;
    return bp_signature_scan_get(s, a, signature_id, out);
}
