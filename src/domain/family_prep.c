/* family_prep.c: what of a preparation is the child's or a guardian's own to give online, and rule R2
 * (issue 10 item 5, docs/family-access.md). Pure. */
#include "domain/family_prep.h"
#include "domain/family.h"

/* The child's own members of a preparation (family_prep.h), with the same names in the typed input and the
 * stored preparation: how to take part and who speaks for the child, the letter, whom and where, the
 * support person; the answers (an array, copied whole) beside them. One list, so that both copies below
 * take the same. */
/* clang-format off */
#define CHILD_OWN_MEMBERS(X)                                                                                 \
    X(participation) X(rep_kind) X(rep_guardian_id) X(rep_name) X(letter_text) X(letter_note)              \
    X(wanted_participants) X(place_wishes) X(setting) X(support_kind) X(support_name) X(support_relation)
/* clang-format on */
#define TAKE(m) to->m = from->m;

void bp_child_prep_input_own(struct bp_child_prep_input *to, const struct bp_child_prep_input *from)
{
    memset(to, 0, sizeof(*to)); /* informed_on, how_informed, adapted, ...: the professional's */
    memcpy(to->answers, from->answers, sizeof(to->answers));
    CHILD_OWN_MEMBERS(TAKE)
    to->share_with_guardians = from->share_with_guardians;
}

void bp_child_prep_take_own(struct bp_child_prep *to, const struct bp_child_prep *from)
{
    memcpy(to->answers, from->answers, sizeof(to->answers));
    CHILD_OWN_MEMBERS(TAKE) /* share_with_guardians: the caller's, by rule R2 */
}

void bp_guardian_prep_take_own(struct bp_guardian_prep *to, const struct bp_guardian_prep *from)
{
    memcpy(to->answers, from->answers, sizeof(to->answers));
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
