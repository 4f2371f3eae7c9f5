/* family_prep.c: what of a preparation is the child's or a guardian's own to give online, and rule R2
 * (issue 10 item 5, docs/family-access.md). Pure. */
#include "domain/family_prep.h"
#include "domain/family.h"

/* The child's own part of a preparation (family_prep.h), the same member names in the typed input and the
 * stored preparation: the answers of V-3.7, how to take part and who speaks for the child, the letter, whom
 * and where, the support person. One list, so that both copies below take the same fields. */
#define COPY_CHILD_OWN(to, from)                                                                             \
    do {                                                                                                     \
        size_t i_;                                                                                           \
        for (i_ = 0; i_ < BP_PREP_QUESTIONS; i_++)                                                           \
            (to)->answers[i_] = (from)->answers[i_];                                                         \
        (to)->participation = (from)->participation;                                                         \
        (to)->rep_kind = (from)->rep_kind;                                                                   \
        (to)->rep_guardian_id = (from)->rep_guardian_id;                                                     \
        (to)->rep_name = (from)->rep_name;                                                                   \
        (to)->letter_text = (from)->letter_text;                                                             \
        (to)->letter_note = (from)->letter_note;                                                             \
        (to)->wanted_participants = (from)->wanted_participants;                                             \
        (to)->place_wishes = (from)->place_wishes;                                                           \
        (to)->setting = (from)->setting;                                                                     \
        (to)->support_kind = (from)->support_kind;                                                           \
        (to)->support_name = (from)->support_name;                                                           \
        (to)->support_relation = (from)->support_relation;                                                   \
    } while (0)

void bp_child_prep_input_own(struct bp_child_prep_input *out, const struct bp_child_prep_input *in)
{
    memset(out, 0, sizeof(*out)); /* informed_on, how_informed, adapted, ...: the professional's */
    COPY_CHILD_OWN(out, in);
    out->share_with_guardians = in->share_with_guardians;
}

void bp_child_prep_take_own(struct bp_child_prep *to, const struct bp_child_prep *from)
{
    COPY_CHILD_OWN(to, from); /* share_with_guardians: the caller's, by rule R2 */
}

void bp_guardian_prep_take_own(struct bp_guardian_prep *to, const struct bp_guardian_prep *from)
{
    size_t i;
    for (i = 0; i < BP_PREP_QUESTIONS; i++)
        to->answers[i] = from->answers[i];
}

bool bp_family_prep_shared(struct bp_date birth, struct bp_date today, bool share_with_guardians)
{
    return bp_family_age(birth, today) < 12 || share_with_guardians;
}

bool bp_family_prep_may_share(struct bp_date birth, struct bp_date today)
{
    int age = bp_family_age(birth, today);
    return age >= 12 && age < 18;
}
