/* form_inputs.h: the input structs of the small forms whose use case takes plain strings: the K-1.2
 * forms of a case, login and the audit search. Their fields are in domain/forms_case.c's tables; the
 * field engine (http/fields.c) fills them, as typed, from a form or a query. */
#ifndef BP_FORM_INPUTS_H
#define BP_FORM_INPUTS_H

/* K-1.2: the day the barnensbästa-ansvarig was informed ("named_person.on"). */
struct bp_named_person_input {
    const char *on;
};

/* K-0.8: the guardians ask for a SIP after all ("sip.explained": the purpose was explained first). */
struct bp_sip_input {
    bool explained;
};

/* K-1.2: the organisation taking over responsibility for later meetings ("responsibility.org_id"). */
struct bp_responsibility_input {
    const char *org_id;
};

/* V-2.6: the organisation asked to take part ("ask.org_id"). */
struct bp_ask_input {
    const char *org_id;
};

/* the barnensbästa-ansvarig named or handed on ("bba.user_id"). */
struct bp_bba_input {
    const char *user_id;
};

/* the barnensbästa-ansvarig's decision ("bba_decision.decision", "bba_decision.org_id"). */
struct bp_bba_decision_input {
    const char *decision, *org_id;
};

/* The login form ("username", "password"). */
struct bp_login_input {
    const char *username, *password;
};
/* Issue 10 item 2: a family member's code, and the e-mail address a link is asked for. */
struct bp_family_login_input {
    const char *code;
};
struct bp_family_link_input {
    const char *email;
};

/* The audit search (GET /admin/audit and the API's query: "user", "child", "case", "action", "from",
 * "to"), as typed; the page turns it into a struct bp_audit_filter. */
struct bp_audit_query {
    const char *user, *child, *case_id, *action, *from, *to;
};

/* ---- administration in the browser (issue 10 item 9; forms_admin.c) ---- */
/* An organisation, new or renamed ("org.name", "org.kind", "org.principal", "org.municipality"). */
struct bp_org_input {
    const char *name, *kind, *principal, *municipality;
};

/* A colleague invited by e-mail ("invite.display_name", "invite.email", "invite.role"). */
struct bp_invite_input {
    const char *display_name, *email, *role;
};

/* A member's role in the organisation ("staff.role"). */
struct bp_staff_role_input {
    const char *role;
};

/* The invited colleague's password, twice ("password", "password_again": plain names, as a login's). */
struct bp_invite_accept_input {
    const char *token; /* from the form's body only, never from a URL (OWASP ASVS V14.2.1) */
    const char *password, *password_again;
};

/* ASVS V6.2.2, V6.2.3: the logged-in professional's own password changed ("current_password", "password",
 * "password_again": plain names, as a login's, so that password managers know them). */
struct bp_password_change_input {
    const char *current_password, *password, *password_again;
};

#endif
