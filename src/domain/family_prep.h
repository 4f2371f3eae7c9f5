/* family_prep.h: the child's voice and the guardians' own answers, given by the family themselves on their
 * own page (issue 10 item 5; docs/family-access.md section 5.3, rules R2-R4). Pure: what of a preparation
 * is the child's to give, and whom the child's own words reach. The preparation's rules themselves are
 * domain/preparation.c's; the table's cells are domain/family.c's. */
#ifndef BP_FAMILY_PREP_H
#define BP_FAMILY_PREP_H
#include "domain/preparation.h"

/* The child's own fields of `from` (the answers of V-3.7, how to take part V-3.11, V-3.12 and who speaks for
 * them, the letter, whom and where V-3.9, V-3.14, V-3.15, the support person V-3.8, the R2 tick), with the
 * professional's record of how the child was told left empty and `done` false: what
 * bp_child_prep_validate checks when the child answers online. */
void bp_child_prep_input_own(struct bp_child_prep_input *to, const struct bp_child_prep_input *from);
/* Copies the child's own fields of a validated preparation (`from`) to the stored one (`to`), leaving the
 * professional's record (when and how the child was told, who prepared, done) as it is. */
void bp_child_prep_take_own(struct bp_child_prep *to, const struct bp_child_prep *from);
/* Copies a guardian's own answers (V-4.2) likewise. */
void bp_guardian_prep_take_own(struct bp_guardian_prep *to, const struct bp_guardian_prep *from);
/* Rule R2: whether the child's own words (answers, wishes, letter) reach the guardians: always while the
 * child is under 12 on `today`, from 12 only when the child shares them. */
bool bp_family_prep_shared(struct bp_date birth, struct bp_date today, bool share_with_guardians);
/* Whether the child is offered the tick "Visa för mina vårdnadshavare": from 12, while the guardians can
 * read anything at all (before 18, section 7). */
bool bp_family_prep_may_share(struct bp_date birth, struct bp_date today);
#endif
