/* preparation.h: the rules for preparing the child (V-3.x) and the guardians (V-4.1, V-4.2) before a
 * meeting, and whether everyone is prepared so the invitation can go out (V-4.3).
 * Pure: takes the raw strings of a form or a JSON body and returns the record to store, every field
 * error and every warning. Must not do I/O, read the clock or hold UI text: the five questions of
 * V-3.7 and V-4.2 are labelled by the web layer from their stable keys ("q1".."q5").
 *
 * A preparation may be saved while it is under way (done = false): then almost everything is
 * optional. Marking it done asks for what the step is about: when and how the child was told, in a
 * form the child understands (V-3.4), and how the child takes part (V-3.11). The child's answers stay
 * optional even then: a child may not answer, and there is no lower age limit (V-3.6). */
#ifndef BP_PREPARATION_H
#define BP_PREPARATION_H
#include "util/date.h"
#include "util/limits.h"
#include "domain/model.h"
#include "domain/fields.h"

/* The example questions to the child (V-3.7) and to the guardians (V-4.2): five each. */
#define BP_PREP_QUESTIONS 5
extern const char *const bp_prep_question_keys[BP_PREP_QUESTIONS]; /* "q1".."q5" */

/* Digital or physical meeting, chosen with the child (V-3.15) and agreed by everyone (K-4.4). */
enum bp_setting {
    BP_SETTING_UNDECIDED, /* "undecided": the child has not chosen, or it does not matter to them */
    BP_SETTING_PHYSICAL,  /* "physical" */
    BP_SETTING_DIGITAL,   /* "digital": a video meeting on a secure service (V-3.16) */
    BP_SETTING_COUNT
};
extern const char *const bp_setting_codes[BP_SETTING_COUNT];

/* How the child takes part in the meeting: the child decides (V-3.11, V-3.12, V-3.13). */
enum bp_participation {
    BP_PART_UNDECIDED,      /* "undecided": not yet asked; not allowed once the preparation is done */
    BP_PART_WHOLE,          /* "whole": the whole meeting */
    BP_PART_PART,           /* "part": part of it (the child may come and go, V-6.7) */
    BP_PART_HEARD,          /* "heard": not at all, but the child's views are brought (V-3.11) */
    BP_PART_REPRESENTATIVE, /* "representative": a guardian or another adult speaks for the child (V-3.12) */
    BP_PART_LETTER,         /* "letter": a letter from the child is read out at the meeting (V-3.12) */
    BP_PART_COUNT
};
extern const char *const bp_participation_codes[BP_PART_COUNT];

/* Who speaks for the child (V-3.12). */
enum bp_representative_kind {
    BP_REP_GUARDIAN,    /* "guardian": one of the child's guardians */
    BP_REP_OTHER_ADULT, /* "other_adult": another adult, by name */
    BP_REP_KIND_COUNT
};
extern const char *const bp_representative_kind_codes[BP_REP_KIND_COUNT];

/* The child's support person at the meeting (V-3.8). */
enum bp_support_kind {
    BP_SUPPORT_INITIATOR,   /* "initiator": the default */
    BP_SUPPORT_OTHER_ADULT, /* "other_adult": an adult the child trusts more: name and relation */
    BP_SUPPORT_KIND_COUNT
};
extern const char *const bp_support_kind_codes[BP_SUPPORT_KIND_COUNT];

/* The preparation of the child for one meeting. */
struct bp_child_prep {
    int64_t id, case_id;
    int64_t
        meeting_id; /* the meeting prepared for; 0 when not yet planned (V-10.2: again before follow-up) */
    bool informed;  /* informed_on is set */
    struct bp_date informed_on;
    const char *how_informed;               /* V-3.3a, V-3.4: what the child was told, and how */
    bool adapted;                           /* V-3.4, V-3.5: in a form the child understands */
    bool interpreter_used;                  /* V-3.5 */
    bool picture_support_used;              /* V-3.5 */
    const char *answers[BP_PREP_QUESTIONS]; /* V-3.7; "" when the child did not answer */
    enum bp_participation participation;    /* V-3.11 */
    enum bp_representative_kind rep_kind;   /* V-3.12, when participation is "representative" */
    int64_t rep_guardian_id;                /* when rep_kind is "guardian" */
    const char *rep_name;                   /* the representative's name (the guardian's, for a guardian) */
    const char *letter_text;                /* V-3.12: the letter, or ... */
    const char *letter_note;                /* ... a note that a letter exists and where it is */
    const char *wanted_participants;        /* V-3.9: whom the child wants at the meeting */
    const char *place_wishes;               /* V-3.14: place and setting the child wishes for */
    enum bp_setting setting;                /* V-3.15 */
    enum bp_support_kind support_kind;      /* V-3.8 */
    const char *support_name, *support_relation; /* when support_kind is "other_adult" */
    int64_t prepared_by;                         /* the professional (user id) */
    bool done;
    struct bp_date done_on; /* the day it was marked done */
    /* R2 (docs/family-access.md): from 12 the guardians see the child's own words only when the child
     * shares them; set by the child's own save online (app/family_prep.c), never by a professional's */
    bool share_with_guardians;
};

/* The preparation of one guardian for one meeting (V-4.1, V-4.2). */
struct bp_guardian_prep {
    int64_t id, case_id, meeting_id;
    int64_t guardian_id;
    bool informed;
    struct bp_date informed_on;
    const char *answers[BP_PREP_QUESTIONS]; /* V-4.2; "" when not answered */
    bool interpreter_used;
    int64_t prepared_by;
    bool done;
    struct bp_date done_on;
};

/* Raw input of the child's preparation form. Booleans are checkboxes. */
struct bp_child_prep_input {
    const char *informed_on, *how_informed;
    bool adapted, interpreter_used, picture_support_used;
    const char *answers[BP_PREP_QUESTIONS];
    const char *participation, *rep_kind, *rep_guardian_id, *rep_name, *letter_text, *letter_note;
    const char *wanted_participants, *place_wishes, *setting;
    const char *support_kind, *support_name, *support_relation;
    bool done;
    bool share_with_guardians; /* the child's own tick online; the professionals' use cases ignore it */
};

/* Raw input of one guardian's preparation form. */
struct bp_guardian_prep_input {
    const char *guardian_id, *informed_on;
    const char *answers[BP_PREP_QUESTIONS];
    bool interpreter_used, done;
};

/* Validates the child's preparation by `user_id` on `today` for `child` with `guardians`.
 * Field names: "prep.informed_on", "prep.how_informed", "prep.adapted", "prep.answer_1".."prep.answer_5",
 * "prep.participation", "prep.rep_kind", "prep.rep_guardian_id", "prep.rep_name", "prep.letter_text",
 * "prep.letter_note", "prep.wanted_participants", "prep.place_wishes", "prep.setting",
 * "prep.support_kind", "prep.support_name", "prep.support_relation".
 * Codes: "required", "too_long", "invalid", "choice", "date", "future", "not_guardian", plus
 * "confirm" (V-3.4: confirm the child was told in a form they understand) and "letter_required"
 * (V-3.12: the letter, or a note that there is one).
 * Warnings (never block): "prep.interpreter_used" "interpreter_needed", "prep.picture_support_used"
 * "picture_support_needed" (V-3.5: the child's record says it is needed, and it was not used).
 * Strings in `out` point into `in` or `guardians`. BP_OK, or BP_ERR_INVALID with every error. */
enum bp_err bp_child_prep_validate(const struct bp_child_prep_input *in, const struct bp_child *child,
                                   const struct bp_guardian *guardians, size_t n_guardians, int64_t user_id,
                                   struct bp_date today, struct bp_child_prep *out,
                                   struct bp_field_errors *errs, struct bp_field_errors *warns);

/* Validates one guardian's preparation. Field names: "guardian_prep.guardian_id",
 * "guardian_prep.informed_on", "guardian_prep.answer_1".."guardian_prep.answer_5". Codes as above.
 * Warning: "guardian_prep.interpreter_used" "interpreter_needed" (the guardian has an interpreter
 * language and no interpreter was used). */
enum bp_err bp_guardian_prep_validate(const struct bp_guardian_prep_input *in,
                                      const struct bp_guardian *guardians, size_t n_guardians,
                                      int64_t user_id, struct bp_date today, struct bp_guardian_prep *out,
                                      struct bp_field_errors *errs, struct bp_field_errors *warns);

/* Who is prepared for a meeting: the child, and every guardian (all registered guardians have custody). */
struct bp_prep_status {
    bool child_done;
    size_t n_missing;                  /* guardians not yet prepared */
    int64_t missing[BP_MAX_GUARDIANS]; /* their ids (the first BP_MAX_GUARDIANS) */
    bool ready;                        /* child_done && n_missing == 0 */
};

/* `child` may be NULL (not started). `preps` are the guardians' preparations for the same meeting. */
struct bp_prep_status bp_prep_status_of(const struct bp_child_prep *child,
                                        const struct bp_guardian_prep *preps, size_t n_preps,
                                        const struct bp_guardian *guardians, size_t n_guardians);

/* V-4.3: the child and every guardian with custody are prepared, so the invitation can go out. */
bool bp_prep_ready(const struct bp_child_prep *child, const struct bp_guardian_prep *preps, size_t n_preps,
                   const struct bp_guardian *guardians, size_t n_guardians);

#endif
