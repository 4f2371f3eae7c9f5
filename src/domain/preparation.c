/* preparation.c: preparing the child (V-3.x) and the guardians (V-4.1, V-4.2). Pure. */
#include "domain/preparation.h"
#include "domain/checks.h"

const char *const bp_prep_question_keys[BP_PREP_QUESTIONS] = {"q1", "q2", "q3", "q4", "q5"};
const char *const bp_setting_codes[BP_SETTING_COUNT] = {"undecided", "physical", "digital"};
const char *const bp_participation_codes[BP_PART_COUNT] = {"undecided", "whole",          "part",
                                                           "heard",     "representative", "letter"};
const char *const bp_representative_kind_codes[BP_REP_KIND_COUNT] = {"guardian", "other_adult"};
const char *const bp_support_kind_codes[BP_SUPPORT_KIND_COUNT] = {"initiator", "other_adult"};

/* Field names as constants: no arena is needed for them. */
static const char *const child_answer_fields[BP_PREP_QUESTIONS] = {
    "prep.answer_1", "prep.answer_2", "prep.answer_3", "prep.answer_4", "prep.answer_5"};
static const char *const guardian_answer_fields[BP_PREP_QUESTIONS] = {
    "guardian_prep.answer_1", "guardian_prep.answer_2", "guardian_prep.answer_3", "guardian_prep.answer_4",
    "guardian_prep.answer_5"};

static void answers(struct bp_field_errors *e, const char *const *fields, const char *const *in,
                    const char **out)
{
    size_t i;
    for (i = 0; i < BP_PREP_QUESTIONS; i++) {
        bp_check_text(e, fields[i], in[i], BP_MAX_LONG_TEXT, false); /* V-3.6, V-3.7: never required */
        out[i] = bp_text_or_empty(in[i]);
    }
}

static void representative(const struct bp_child_prep_input *in, const struct bp_guardian *guardians,
                           size_t n_guardians, struct bp_child_prep *out, struct bp_field_errors *e)
{
    int kind =
        bp_check_code(e, "prep.rep_kind", in->rep_kind, bp_representative_kind_codes, BP_REP_KIND_COUNT, -1);
    out->rep_name = "";
    if (kind == BP_REP_GUARDIAN) {
        int64_t id;
        const struct bp_guardian *g =
            bp_check_guardian(e, "prep.rep_guardian_id", in->rep_guardian_id, guardians, n_guardians, &id);
        if (g) {
            out->rep_guardian_id = g->id;
            out->rep_name = g->name;
        }
    } else if (kind == BP_REP_OTHER_ADULT) {
        bp_check_text(e, "prep.rep_name", in->rep_name, BP_MAX_NAME, true);
        out->rep_name = bp_text_or_empty(in->rep_name);
    }
    if (kind >= 0)
        out->rep_kind = (enum bp_representative_kind)kind;
}

enum bp_err bp_child_prep_validate(const struct bp_child_prep_input *in, const struct bp_child *child,
                                   const struct bp_guardian *guardians, size_t n_guardians, int64_t user_id,
                                   struct bp_date today, struct bp_child_prep *out,
                                   struct bp_field_errors *errs, struct bp_field_errors *warns)
{
    int part, setting, support;
    memset(out, 0, sizeof(*out));
    errs->count = 0;
    warns->count = 0;

    /* V-3.3a, V-3.4: when and how the child was told; the confirmation that it was adapted to the child */
    out->informed =
        bp_check_date(errs, "prep.informed_on", in->informed_on, in->done, &today, &out->informed_on);
    bp_check_text(errs, "prep.how_informed", in->how_informed, BP_MAX_LONG_TEXT,
                  in->done || !bp_text_empty(in->informed_on));
    out->how_informed = bp_text_or_empty(in->how_informed);
    out->adapted = in->adapted;
    if (in->done && !in->adapted)
        bp_field_errors_add(errs, "prep.adapted", "confirm");
    out->interpreter_used = in->interpreter_used;
    out->picture_support_used = in->picture_support_used;

    answers(errs, child_answer_fields, in->answers, out->answers);

    /* V-3.11, V-3.12: how the child takes part; decided by the child, so required once done */
    part = bp_check_code(errs, "prep.participation", in->participation, bp_participation_codes, BP_PART_COUNT,
                         BP_PART_UNDECIDED);
    if (part == BP_PART_UNDECIDED && in->done)
        bp_field_errors_add(errs, "prep.participation", "required");
    out->participation = part < 0 ? BP_PART_UNDECIDED : (enum bp_participation)part;
    out->rep_name = "";
    out->letter_text = "";
    out->letter_note = "";
    if (part == BP_PART_REPRESENTATIVE)
        representative(in, guardians, n_guardians, out, errs);
    if (part == BP_PART_LETTER) {
        bool text_ok = bp_check_text(errs, "prep.letter_text", in->letter_text, BP_MAX_LONG_TEXT, false);
        bool note_ok = bp_check_text(errs, "prep.letter_note", in->letter_note, BP_MAX_LONG_TEXT, false);
        if (text_ok && note_ok && bp_text_empty(in->letter_text) && bp_text_empty(in->letter_note))
            bp_field_errors_add(errs, "prep.letter_text", "letter_required");
        out->letter_text = bp_text_or_empty(in->letter_text);
        out->letter_note = bp_text_or_empty(in->letter_note);
    }

    /* V-3.9, V-3.14, V-3.15: whom the child wants there, the place, digital or physical */
    bp_check_text(errs, "prep.wanted_participants", in->wanted_participants, BP_MAX_LONG_TEXT, false);
    bp_check_text(errs, "prep.place_wishes", in->place_wishes, BP_MAX_LONG_TEXT, false);
    out->wanted_participants = bp_text_or_empty(in->wanted_participants);
    out->place_wishes = bp_text_or_empty(in->place_wishes);
    setting = bp_check_code(errs, "prep.setting", in->setting, bp_setting_codes, BP_SETTING_COUNT,
                            BP_SETTING_UNDECIDED);
    out->setting = setting < 0 ? BP_SETTING_UNDECIDED : (enum bp_setting)setting;

    /* V-3.8: the initiator supports the child, unless the child trusts another adult more */
    support = bp_check_code(errs, "prep.support_kind", in->support_kind, bp_support_kind_codes,
                            BP_SUPPORT_KIND_COUNT, BP_SUPPORT_INITIATOR);
    out->support_kind = support < 0 ? BP_SUPPORT_INITIATOR : (enum bp_support_kind)support;
    out->support_name = "";
    out->support_relation = "";
    if (support == BP_SUPPORT_OTHER_ADULT) {
        bp_check_text(errs, "prep.support_name", in->support_name, BP_MAX_NAME, true);
        bp_check_text(errs, "prep.support_relation", in->support_relation, BP_MAX_SHORT_TEXT, true);
        out->support_name = bp_text_or_empty(in->support_name);
        out->support_relation = bp_text_or_empty(in->support_relation);
    }

    out->prepared_by = user_id;
    out->done = in->done;
    if (in->done)
        out->done_on = today;

    /* V-3.5: an interpreter and picture support when needed; the child's record says when */
    if (child && child->needs_interpreter && !in->interpreter_used && (in->done || out->informed))
        bp_field_errors_add(warns, "prep.interpreter_used", "interpreter_needed");
    if (child && child->picture_support && !in->picture_support_used && (in->done || out->informed))
        bp_field_errors_add(warns, "prep.picture_support_used", "picture_support_needed");
    return errs->count ? BP_ERR_INVALID : BP_OK;
}

enum bp_err bp_guardian_prep_validate(const struct bp_guardian_prep_input *in,
                                      const struct bp_guardian *guardians, size_t n_guardians,
                                      int64_t user_id, struct bp_date today, struct bp_guardian_prep *out,
                                      struct bp_field_errors *errs, struct bp_field_errors *warns)
{
    const struct bp_guardian *g = NULL;
    int64_t id;
    memset(out, 0, sizeof(*out));
    errs->count = 0;
    warns->count = 0;

    id = bp_check_id(errs, "guardian_prep.guardian_id", in->guardian_id, true);
    if (id && !(g = bp_custodian_find(guardians, n_guardians, id))) /* V-4.1: a guardian with custody */
        bp_field_errors_add(errs, "guardian_prep.guardian_id", "not_guardian");
    out->guardian_id = g ? g->id : 0;
    out->informed = bp_check_date(errs, "guardian_prep.informed_on", in->informed_on, in->done, &today,
                                  &out->informed_on);
    answers(errs, guardian_answer_fields, in->answers, out->answers); /* V-4.2 */
    out->interpreter_used = in->interpreter_used;
    out->prepared_by = user_id;
    out->done = in->done;
    if (in->done)
        out->done_on = today;
    if (g && !bp_text_empty(g->interpreter_language) && !in->interpreter_used && (in->done || out->informed))
        bp_field_errors_add(warns, "guardian_prep.interpreter_used", "interpreter_needed");
    return errs->count ? BP_ERR_INVALID : BP_OK;
}

struct bp_prep_status bp_prep_status_of(const struct bp_child_prep *child,
                                        const struct bp_guardian_prep *preps, size_t n_preps,
                                        const struct bp_guardian *guardians, size_t n_guardians)
{
    struct bp_prep_status s;
    size_t i, j;
    memset(&s, 0, sizeof(s));
    s.child_done = child && child->done;
    for (i = 0; i < n_guardians; i++) {
        bool done = !bp_has_custody(&guardians[i]); /* V-4.1: a parent without custody is not prepared */
        for (j = 0; j < n_preps && !done; j++)
            done = preps[j].guardian_id == guardians[i].id && preps[j].done;
        if (!done) {
            if (s.n_missing < BP_ARRAY_LEN(s.missing))
                s.missing[s.n_missing] = guardians[i].id;
            s.n_missing++;
        }
    }
    s.ready = s.child_done && s.n_missing == 0;
    return s;
}

bool bp_prep_ready(const struct bp_child_prep *child, const struct bp_guardian_prep *preps, size_t n_preps,
                   const struct bp_guardian *guardians, size_t n_guardians)
{
    return bp_prep_status_of(child, preps, n_preps, guardians, n_guardians).ready;
}
