/* reads.c: the audited reads a page and its API resource both make on the path's ids: the use case's read,
 * and its failure answered (bp_read_failed: a refusal's audit entry committed first). Each returns false once
 * the failure is answered; on true the caller answers and commits *audit. */
#include "http/http.h"

bool bp_family_case_read(struct bp_ctx *c, const char *what, struct bp_family_case_view *v,
                         struct bp_audit *audit)
{
    enum bp_err rc = bp_uc_family_case(c->w->store, &c->arena, &c->actor, c->params[0], what, v, audit);
    return !bp_read_failed(c, rc, audit);
}

bool bp_followup_read(struct bp_ctx *c, struct bp_followup_view *v, struct bp_audit *audit)
{
    enum bp_err rc =
        bp_uc_followup_view(c->w->store, &c->arena, &c->actor, c->params[0], c->params[1], v, audit);
    return !bp_read_failed(c, rc, audit);
}
