/* forms.h: one table per editable record, the single description of its fields: the name used in forms
 * and in JSON, the label and hint (Swedish msgids, translated at the edge), the input kind, the limit
 * from util/limits.h, whether it is required, its choices, where the value lands in the record's input
 * struct (always text, as typed) and where the stored record keeps it. The web layer's field engine
 * (http/fields.c) draws each field, decodes form and JSON bodies, writes the error summary and the JSON
 * output from these tables; tests/api checks docs/openapi.yaml against them. Pure data and two pure
 * helpers; must not know HTML or JSON.
 *
 * Adding a field to a record: a row in its table (forms.c), the member in the input and the stored
 * struct, the store's SQL and both migrations, the msgids' translations. docs/architecture.md has the
 * recipe. */
#ifndef BP_FORMS_H
#define BP_FORMS_H
#include <stddef.h>
#include "util/common.h"
#include "domain/fields.h"

#ifndef N_
#define N_(s) s /* marks a Swedish msgid (scripts/msgids.py collects them) */
/* ---- closing a case and opening it again (V-11.1, V-11.2; forms_closure.c) ---- */
extern const struct bp_record_def bp_record_closure;  /* struct bp_closure_input -> struct bp_closure */
extern const struct bp_record_def bp_record_reopen;   /* struct bp_reopen_input */
extern const struct bp_record_def bp_record_new_case; /* struct bp_follow_on_input */

#endif

enum bp_field_kind {
    BP_FIELD_TEXT,      /* one line of text */
    BP_FIELD_LONG_TEXT, /* several lines */
    BP_FIELD_EMAIL,     /* an e-mail address */
    BP_FIELD_PHONE,     /* a telephone number */
    BP_FIELD_DATE,      /* "YYYY-MM-DD" */
    BP_FIELD_TIME,      /* "HH:MM" */
    BP_FIELD_CHOICE,    /* one code of `choices` */
    BP_FIELD_BOOL,      /* yes or no: a checkbox that sends "1" */
    BP_FIELD_ORG,       /* an organisation taking part (the page gives the options) */
    BP_FIELD_ORGS,      /* several organisations taking part */
    BP_FIELD_GUARDIAN,  /* a guardian of the child */
    BP_FIELD_USER,      /* a user (a professional) */
    BP_FIELD_REF,       /* another record of the case: a goal, a decision */
    BP_FIELD_FILE,      /* an uploaded file (forms only; `choices` are the media types it accepts) */
    BP_FIELD_URL,       /* a web address (the rules check the scheme) */
    BP_FIELD_GUARDIANS, /* several guardians of the child (checkboxes) */
    BP_FIELD_KIND_COUNT
};
extern const char *const bp_field_kind_codes[BP_FIELD_KIND_COUNT];

/* How the stored record keeps the value: the form's first value and the JSON output come from it. */
enum bp_stored {
    BP_STORED_NONE,   /* not kept as such (the field only feeds a use case) */
    BP_STORED_STR,    /* const char * */
    BP_STORED_ID,     /* int64_t; 0 is none */
    BP_STORED_IDS,    /* int64_t[], its size_t count at out_count */
    BP_STORED_DATE,   /* struct bp_date; none when the bool at out_has is false (or the date is invalid) */
    BP_STORED_MINUTE, /* int minutes after midnight; < 0 is none */
    BP_STORED_CODE,   /* an enum whose code is choices[value] */
    BP_STORED_BOOL,   /* bool */
};

struct bp_field_def {
    const char *name;  /* the JSON member: "summary"; "answers.q1" is member q1 of the object "answers" */
    const char *path;  /* the form's field and the errors' name: "plan.summary" */
    const char *label; /* msgid */
    const char *hint;  /* msgid, or NULL */
    enum bp_field_kind kind;
    size_t max;    /* characters of text; items of a list */
    bool required; /* shown as required, and required in the API's schema when `required_in_api` */
    bool required_in_api;
    const char *choice_kind;    /* http/messages.c's label kind for choices ("area") */
    const char *const *choices; /* CHOICE: the codes */
    size_t n_choices;           /* 0: the page gives the choices (they depend on the case) */
    const char *none;           /* a select's empty choice (msgid: "Välj verksamhet"); NULL: none */
    const char *initial;        /* a fresh form's value when nothing is stored ("app"); "today" for dates */
    bool api_only;              /* not on the page's form (the API takes it) */
    const char *const *choice_hints; /* CHOICE: a hint (msgid) beside each of `choices`, or NULL */
    /* Offsets. A count or flag is never a struct's first member, so 0 there means "none". */
    size_t in;             /* the input struct's const char * (bool for BOOL; const char *[max] for lists) */
    size_t in_count;       /* lists (several values of one name): the size_t count */
    size_t in_cap;         /* lists: how many values the input array holds */
    enum bp_stored stored; /* how the stored struct keeps it */
    size_t out, out_count; /* offsetof in the stored struct; IDS: the count */
    size_t out_has;        /* DATE: offsetof a bool "has a date" */
    /* How a page draws it, beyond its kind. A CHOICE whose input is a list (in_count) is a list of
     * checkboxes. */
    bool radio;               /* CHOICE: radio buttons, not a select */
    bool secret;              /* TEXT: a password: type "password", never drawn with its value */
    bool verbatim;            /* read from a form as sent, never trimmed (a password, a login name) */
    const char *autocomplete; /* the input's autocomplete attribute ("off", "username"), or NULL */
    const char *inputmode;    /* the input's inputmode attribute ("numeric"), or NULL */
};

struct bp_record_def {
    const char *name;   /* "plan": paths start "plan." */
    const char *schema; /* docs/openapi.yaml's request body schema ("PlanShared"); NULL: a page's only */
    const char *answer; /* where answers show the stored record ("Plan", "Plan.goals[]"); NULL: nowhere */
    const struct bp_field_def *fields;
    size_t n_fields;
    /* A repeated record (several instances in one form or body: the guardians): the msgid naming one
     * instance ("Vårdnadshavare"). An instance's paths carry its index after the record's name
     * ("guardians.0.name" for the table's "guardians.name"); the summary names it "Vårdnadshavare 1,
     * Namn". NULL: the record is not repeated. */
    const char *item;
};

/* No instance index: the record's own paths ("plan.summary"). */
#define BP_NO_INDEX ((size_t)-1)

/* Every record with a table, for the checks that walk them all (translations, the API's schemas). */
extern const struct bp_record_def *const bp_records[];
extern const size_t bp_n_records;

/* The field of any record with this path ("plan.summary"), or NULL. An instance's path
 * ("guardians.1.name") finds the table's field ("guardians.name"). */
const struct bp_field_def *bp_field_by_path(const char *path);
/* The same, with the field's record and the instance's index (BP_NO_INDEX for none). */
const struct bp_field_def *bp_field_by_path_at(const char *path, const struct bp_record_def **rec,
                                               size_t *index);
const struct bp_field_def *bp_record_field(const struct bp_record_def *r, const char *name);

/* The plain text fields (TEXT, LONG_TEXT kept as STR): checks each against its limit (valid UTF-8, no
 * control characters; `required` ones must be given when `enforce_required`) and copies it, trimmed
 * as given, to the stored struct ("" for none). The rules of the record check everything else. */
void bp_record_copy_texts(const struct bp_record_def *r, const void *in, void *out, bool enforce_required,
                          struct bp_field_errors *errs);

/* ---- the plan's records (V-7.x, V-8a.x) ---- */
extern const struct bp_record_def bp_record_plan;         /* struct bp_plan_input -> struct bp_plan */
extern const struct bp_record_def bp_record_goal;         /* bp_goal_input -> bp_goal */
extern const struct bp_record_def bp_record_intervention; /* bp_intervention_input -> bp_intervention */
extern const struct bp_record_def bp_record_commitment;   /* bp_commitment_input -> bp_commitment */
extern const struct bp_record_def bp_record_contact;      /* bp_plan_contact_input -> bp_plan_contact */
extern const struct bp_record_def bp_record_decision;     /* bp_decision_input -> bp_pending_decision */
extern const struct bp_record_def bp_record_decide;       /* the same, when the decision is taken */
extern const struct bp_record_def bp_record_signature;    /* bp_signature_input -> bp_signature */
extern const struct bp_record_def bp_record_copy;         /* bp_plan_copy_input -> bp_plan_copy (V-8a.3) */

/* ---- registering a child, and the case's forms (K-1.2); login and the audit search (forms_case.c) ---- */
extern const struct bp_record_def bp_record_child;       /* bp_registration_input: the child */
extern const struct bp_record_def bp_record_guardian;    /* bp_guardian_input, repeated: "guardians.N." */
extern const struct bp_record_def bp_record_own_contact; /* bp_guardian_input: phone and email only */
extern const struct bp_record_def bp_record_consent_child_answer; /* bp_consent_child_answer_input */
extern const struct bp_record_def bp_record_initiative;           /* bp_registration_input: the initiative */
extern const struct bp_record_def bp_record_named_person;         /* bp_named_person_input */
extern const struct bp_record_def bp_record_responsibility;       /* bp_responsibility_input */
extern const struct bp_record_def bp_record_bba;                  /* bp_bba_input */
extern const struct bp_record_def bp_record_bba_decision;         /* bp_bba_decision_input */
extern const struct bp_record_def bp_record_sip;                  /* bp_sip_input (K-0.8) */
extern const struct bp_record_def bp_record_protection;           /* bp_protection_input (issue 10 item 10) */
extern const struct bp_record_def bp_record_login;            /* bp_login_input (plain names: "username") */
extern const struct bp_record_def bp_record_family_login;     /* bp_family_login_input (issue 10 item 2) */
extern const struct bp_record_def bp_record_family_link;      /* bp_family_link_input */
extern const struct bp_record_def bp_record_family_signature; /* bp_signature_input: answer, reason */
extern const struct bp_record_def bp_record_audit_query;      /* bp_audit_query (plain names: "user") */

/* ---- administration in the browser (issue 10 item 9; forms_admin.c) ---- */
extern const struct bp_record_def bp_record_org;             /* bp_org_input */
extern const struct bp_record_def bp_record_invite;          /* bp_invite_input */
extern const struct bp_record_def bp_record_staff_role;      /* bp_staff_role_input */
extern const struct bp_record_def bp_record_invite_accept;   /* bp_invite_accept_input (plain names) */
extern const struct bp_record_def bp_record_password_change; /* bp_password_change_input (plain names) */

/* ---- the meetings' records (V-4.x, K-4.x, V-6.x, V-8a.6; domain/forms_meeting.c) ---- */
extern const struct bp_record_def bp_record_meeting;       /* struct bp_meeting_input -> struct bp_meeting */
extern const struct bp_record_def bp_record_invitee;       /* bp_invitee_input -> bp_invitee */
extern const struct bp_record_def bp_record_answer;        /* bp_answer_input (an invitee's answer) */
extern const struct bp_record_def bp_record_family_answer; /* bp_answer_input: answer and reason only */
extern const struct bp_record_def bp_record_absence;       /* bp_absence_decision_input (K-4.8) */
extern const struct bp_record_def bp_record_send;          /* bp_send_input (the warnings confirmed) */
extern const struct bp_record_def bp_record_closing;       /* bp_held_input's last word (V-6.10, V-8a.6) */
extern const struct bp_record_def bp_record_debrief;       /* bp_debrief_input (V-8a.6) */

/* ---- the consent ledger's records (V-2.x, K-2.1; forms_consent.c) ---- */
extern const struct bp_record_def bp_record_consent;    /* struct bp_consent_input -> struct bp_consent */
extern const struct bp_record_def bp_record_withdrawal; /* bp_withdrawal_input (kept in bp_consent) */
extern const struct bp_record_def bp_record_ask;        /* bp_ask_input (V-2.6) */
extern const struct bp_record_def bp_record_scan;       /* the scanned form (a FILE; app.h's bp_scan_input) */
/* the terms a family member gives or narrows a consent on (issue 10 item 4) */
extern const struct bp_record_def bp_record_consent_terms;

/* ---- following up the plan (forms_followup.c; V-10.x) ---- */
extern const struct bp_record_def bp_record_followup;     /* bp_followup_input -> bp_followup */
extern const struct bp_record_def bp_record_review;       /* bp_review_input -> bp_review */
extern const struct bp_record_def bp_record_coordination; /* bp_coordination_input (V-10.7) */
/* ---- the preparations (V-3.x, V-4.1, V-4.2; forms_prep.c) ---- */
extern const struct bp_record_def bp_record_child_prep;    /* bp_child_prep_input -> bp_child_prep */
extern const struct bp_record_def bp_record_guardian_prep; /* bp_guardian_prep_input -> bp_guardian_prep */

/* ---- carrying out the plan (V-9.1-V-9.4; forms_implementation.c) ---- */
extern const struct bp_record_def bp_record_progress;    /* bp_progress_input -> bp_progress */
extern const struct bp_record_def bp_record_child_voice; /* bp_child_voice_input -> bp_child_voice */
extern const struct bp_record_def bp_record_plan_event;  /* bp_plan_event_input -> bp_plan_event */
/* issue 10 item 7: the family's report: what, when, and the child's tick (event.share_with_guardians) */
extern const struct bp_record_def bp_record_family_event;
extern const struct bp_record_def bp_record_event_decision; /* bp_event_decision_input -> bp_plan_event */
/* ---- closing a case and opening it again (V-11.1, V-11.2; forms_closure.c) ---- */
extern const struct bp_record_def bp_record_closure;  /* struct bp_closure_input -> struct bp_closure */
extern const struct bp_record_def bp_record_reopen;   /* struct bp_reopen_input */
extern const struct bp_record_def bp_record_new_case; /* struct bp_follow_on_input */
/* ---- the survey (V-12.3; forms_survey.c): a guardian's form and the child's, both bp_survey_input ---- */
extern const struct bp_record_def bp_record_survey_guardian, bp_record_survey_child;

#endif
