/* forms_admin.c: the field tables (domain/forms.h) of administration in the browser (issue 10 item 9): an
 * organisation, a colleague's invitation, a member's role, the invited colleague's password, and one's own
 * password changed (ASVS V6.2.2). Pure data: the words are Swedish msgids; the rules are in the use cases
 * (app/staff.c). */
#include "domain/forms_rows.h"
#include "domain/form_inputs.h"
#include "domain/model.h"
#include "util/limits.h"

static const struct bp_field_def org_fields[] = {
    ROW("org", name, BP_FIELD_TEXT, N_("Verksamhetens namn"), .max = BP_MAX_NAME, .required = true,
        IN(bp_org_input, name)),
    ROW("org", kind, BP_FIELD_CHOICE, N_("Slag av verksamhet"), CHOICES("org_kind", bp_org_kind_codes),
        .required = true, IN(bp_org_input, kind)),
    ROW("org", principal, BP_FIELD_CHOICE, N_("Huvudman"), CHOICES("principal", bp_principal_codes),
        .required = true, IN(bp_org_input, principal)),
    ROW("org", municipality, BP_FIELD_TEXT, N_("Kommun eller region"), .max = BP_MAX_NAME,
        IN(bp_org_input, municipality)),
};
RECORD(bp_record_org, "org", NULL, NULL, org_fields);

static const struct bp_field_def invite_fields[] = {
    ROW("invite", display_name, BP_FIELD_TEXT, N_("Namn"),
        .hint = N_("Förnamn och efternamn, och gärna yrke."), .max = BP_MAX_NAME, .required = true,
        .required_in_api = true, .autocomplete = "off", IN(bp_invite_input, display_name)),
    ROW("invite", email, BP_FIELD_EMAIL, N_("E-postadress i arbetet"),
        .hint = N_("Inbjudan skickas hit. Adressen blir också kollegans användarnamn."),
        .max = BP_MAX_SHORT_TEXT, .required = true, .required_in_api = true, .autocomplete = "off",
        IN(bp_invite_input, email)),
    ROW("invite", role, BP_FIELD_CHOICE, N_("Roll i verksamheten"), CHOICES("role", bp_role_codes),
        .required = true, .required_in_api = true, .initial = "professional", IN(bp_invite_input, role)),
};
RECORD(bp_record_invite, "invite", "StaffInvite", NULL, invite_fields);

static const struct bp_field_def staff_role_fields[] = {
    ROW("staff", role, BP_FIELD_CHOICE, N_("Roll i verksamheten"), CHOICES("role", bp_role_codes),
        .required = true, .required_in_api = true, IN(bp_staff_role_input, role)),
};
RECORD(bp_record_staff_role, "staff", "StaffRole", NULL, staff_role_fields);

/* The invitation's token: the e-mail's link carries it after '#' (never sent, OWASP ASVS V14.2.1) and
 * static/code.js fills it in; without script the person pastes it from the e-mail. */
static const struct bp_field_def invite_accept_fields[] = {
    PLAIN("token", BP_FIELD_TEXT, N_("Inbjudningskod"),
          .hint =
              N_("Koden står i e-posten med inbjudan. Öppnar du länken i e-posten fylls den i av sig själv."),
          .max = 64, .required = true, .autocomplete = "off", /* trimmed: pasted with a space */
          IN(bp_invite_accept_input, token)),
    PLAIN("password", BP_FIELD_TEXT, N_("Nytt lösenord"), .hint = N_("Minst 10 tecken."), .required = true,
          PASSWORD("new-password"), IN(bp_invite_accept_input, password)),
    PLAIN("password_again", BP_FIELD_TEXT, N_("Samma lösenord en gång till"), .required = true,
          PASSWORD("new-password"), IN(bp_invite_accept_input, password_again)),
};
RECORD(bp_record_invite_accept, "invite_accept", NULL, NULL, invite_accept_fields);

static const struct bp_field_def password_change_fields[] = {
    PLAIN("current_password", BP_FIELD_TEXT, N_("Nuvarande lösenord"), .required = true,
          PASSWORD("current-password"), IN(bp_password_change_input, current_password)),
    PLAIN("password", BP_FIELD_TEXT, N_("Nytt lösenord"),
          .hint = N_("Minst 10 tecken. Gärna flera ord som bara du sätter ihop, mellanslag går bra."),
          .required = true, PASSWORD("new-password"), IN(bp_password_change_input, password)),
    PLAIN("password_again", BP_FIELD_TEXT, N_("Samma nya lösenord en gång till"), .required = true,
          PASSWORD("new-password"), IN(bp_password_change_input, password_again)),
};
RECORD(bp_record_password_change, "password_change", NULL, NULL, password_change_fields);
