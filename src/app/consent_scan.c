/* consent_scan.c: the scanned paper consent form (V-2.5, K-2.1) attached to a consent of the ledger,
 * and its download. Attaching writes the scan, a timeline event and the audit entry in one transaction;
 * a download is an audited read. Must not hold the file rules (domain/scan.c) or any text users see. */
#include "app/app_impl.h"

static enum bp_err scan_from(struct bp_arena *a, const struct bp_actor *actor, const struct bp_scan_input *in,
                             int64_t owner_id, struct bp_consent_scan *scan, struct bp_field_errors *errs)
{
    enum bp_scan_type type;
    if (!in || !in->present || (!in->too_large && in->len == 0)) {
        bp_field_errors_add(errs, "scan.file", "file_required");
        return BP_ERR_INVALID;
    }
    if (in->too_large || in->len > BP_MAX_SCAN_BYTES) {
        bp_field_errors_add(errs, "scan.file", "file_too_large");
        return BP_ERR_INVALID;
    }
    if ((type = bp_scan_sniff(in->data, in->len)) == BP_SCAN_NONE) {
        bp_field_errors_add(errs, "scan.file", "file_type");
        return BP_ERR_INVALID;
    }
    memset(scan, 0, sizeof(*scan));
    scan->consent_id = owner_id;
    scan->file_name = bp_scan_display_name(a, in->file_name);
    scan->content_type = bp_scan_mime(type);
    scan->size = in->len;
    scan->data = in->data;
    scan->uploaded_by = actor->user->id;
    scan->uploaded_at = actor->now;
    return BP_OK;
}

enum bp_err bp_app_scan_attach(struct bp_unit *u, const struct bp_scan_input *in, const char *owner,
                               int64_t owner_id,
                               enum bp_err (*add)(struct bp_store *, struct bp_consent_scan *),
                               int64_t org_id, const char *event, int64_t *scan_id,
                               struct bp_field_errors *errs)
{
    struct bp_consent_scan scan;
    enum bp_err rc;
    if ((rc = scan_from(u->a, u->actor, in, owner_id, &scan, errs)) != BP_OK)
        return rc;
    u->audit.detail = bp_arena_printf(u->a, "%s %lld", owner, (long long)owner_id);
    if ((rc = bp_unit_begin(u)) != BP_OK)
        return rc;
    rc = add(u->s, &scan);
    bp_unit_event(u, org_id, event, NULL);
    if ((rc = bp_unit_finish(u, rc)) == BP_OK)
        *scan_id = scan.id;
    return rc;
}

enum bp_err bp_uc_consent_scan_attach(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                      int64_t case_id, int64_t consent_id, const struct bp_scan_input *in,
                                      int64_t *scan_id, struct bp_field_errors *errs)
{
    struct bp_unit u;
    const struct bp_consent *k;
    enum bp_err rc;

    rc =
        bp_unit_open_change(&u, s, a, actor, case_id, "create", "consent_scan", BP_ACCESS_INTAKE, errs, NULL);
    if (rc != BP_OK)
        return rc;
    if (!(k = BP_FIND_ID(struct bp_consent, u.ca.consents, u.ca.n_consents, id, consent_id)))
        return bp_unit_lookup(&u, BP_ERR_NOT_FOUND);
    if (!bp_unit_case_open(&u, errs, "consent"))
        return BP_ERR_CONFLICT;
    return bp_app_scan_attach(&u, in, "consent", k->id, bp_consent_scan_add, k->org_id, "consent_scan_added",
                              scan_id, errs);
}

enum bp_err bp_uc_consent_scan_get(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                   int64_t case_id, int64_t consent_id, struct bp_consent_scan *out,
                                   struct bp_audit *audit)
{
    struct bp_case_access ca;
    enum bp_err rc;

    memset(out, 0, sizeof(*out));
    if ((rc = bp_app_case_read(s, a, actor, case_id, "consent_scan", BP_ACCESS_INTAKE, &ca, audit)) != BP_OK)
        return rc;
    if (!BP_FIND_ID(struct bp_consent, ca.consents, ca.n_consents, id, consent_id))
        return BP_ERR_NOT_FOUND;
    audit->detail = bp_arena_printf(a, "consent %lld", (long long)consent_id);
    return bp_consent_scan_get(s, a, consent_id, out);
}
