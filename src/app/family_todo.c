/* family_todo.c: "what is asked of them now" (issue 10 item 3, docs/family-access.md family.todo): derived
 * from the case as the member sees it, never stored, each item only when the member may do it today. Read
 * under the case page's own audited read. Must not hold a text users see. */
#include "app/app_impl.h"
#include "domain/family.h"

enum bp_err bp_uc_family_todo(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                              const struct bp_family_case_view *v, struct bp_family_todo *out)
{
    enum bp_err rc;
    memset(out, 0, sizeof(*out));
    if (!v->who.show[BP_FI_FAMILY_TODO])
        return BP_OK;
    out->sign = v->may_sign;
    out->survey = v->survey_waiting;
    if (v->next) { /* meeting.own_answer: the invitation to the next meeting not answered yet */
        struct bp_family_invitation fi;
        if ((rc = bp_uc_family_invitation(s, a, actor, v, v->next->m.id, &fi)) != BP_OK)
            return rc;
        if (fi.may_answer && fi.own->answer == BP_ANSWER_PENDING)
            out->meeting_id = v->next->m.id;
    }
    if ((rc = bp_app_family_prep_waiting(s, a, bp_actor_today(actor), v, &out->prepare)) != BP_OK ||
        (rc = bp_app_family_consent_waiting(s, a, actor, v, &out->confirm_consent, &out->child_answer)) !=
            BP_OK)
        return rc;
    out->any = out->meeting_id || out->prepare || out->confirm_consent || out->child_answer || out->sign ||
               out->survey;
    return BP_OK;
}
