/* records.h: the stored records that no rule of the process needs but that the layers above storage pass
 * around: sessions, preparations with who saved them, consent scans, notifications, outbox messages and
 * the audit search's filter. Types only: the operations on them are storage/store.h's, and only the use
 * cases (src/app) call those. Pure. */
#ifndef BP_RECORDS_H
#define BP_RECORDS_H
#include "domain/model.h"
#include "domain/preparation.h"

/* Sessions: only a hash of the token is stored. */
struct bp_session {
    int64_t id;
    int64_t user_id;
    int64_t created_at;
    int64_t last_seen;
    const char *csrf_token;
};

/* A preparation as stored (store_prep.c): who saved it last, for which organisation and when. */
struct bp_child_prep_record {
    struct bp_child_prep p;
    int64_t org_id, created_at, updated_at; /* created_at and updated_at set by the caller */
    const char *prepared_by_name, *org_name;
    int64_t answered_online_at; /* the child's last answers on their own page (issue 10 item 5); 0: never */
};
struct bp_guardian_prep_record {
    struct bp_guardian_prep p;
    int64_t org_id, created_at, updated_at;
    const char *prepared_by_name, *org_name;
    int64_t answered_online_at; /* the guardian's last answers on their own page; 0: never */
};

/* The scanned paper form of one consent (V-2.5, K-2.1). */
struct bp_consent_scan {
    int64_t id, consent_id;
    const char *file_name;     /* as given, cleaned for display by the caller; never used in a header */
    const char *content_type;  /* "application/pdf", "image/jpeg" or "image/png" */
    size_t size;               /* bytes */
    const unsigned char *data; /* bp_consent_scan_get only: size bytes */
    int64_t uploaded_by;
    const char *uploaded_by_name;
    int64_t uploaded_at, superseded_at; /* superseded_at 0: the current scan */
};

/* A notification in the app: a kind and a case, never free text. */
struct bp_notification {
    int64_t id, user_id, case_id, org_id, at, read_at;
    const char *kind;     /* "consent_withdrawn", "consent_changed", "closure_proposed", ... */
    const char *org_name; /* filled by the list */
};

/* An e-mail in the outbox (store_notify.c, app/outbox.c). */
enum bp_outbox_status { BP_OUTBOX_PENDING, BP_OUTBOX_SENT, BP_OUTBOX_FAILING, BP_OUTBOX_STATUS_COUNT };
extern const char *const bp_outbox_status_codes[BP_OUTBOX_STATUS_COUNT];
struct bp_outbox_msg {
    int64_t id, created_at, user_id, case_id;
    const char *recipient, *kind, *subject, *body;
    const char *ics, *ics_method; /* NULL: no calendar part */
    enum bp_outbox_status status;
    int attempts;
    int64_t next_attempt_at, sent_at;
    const char *last_error; /* an SMTP code and curl's words: never the message */
};

/* A professional's download of a plan version as PDF (V-8a.3, K-8.1): its audit entry, read back for the
 * copies ledger. */
struct bp_plan_download {
    int64_t user_id, org_id, at;
    const char *detail; /* "version <n>" */
    const char *name;   /* the user's display name */
    int64_t version;    /* from the detail (app/plan_copy.c) */
};

/* A member of an organisation as its administrator sees them (issue 10 item 9; store.h's bp_org_staff). */
struct bp_staff_member {
    int64_t user_id;
    const char *username, *display_name, *email;
    enum bp_role role;
    bool disabled;
    bool invited;    /* invited, and the invitation still works (not used, withdrawn or expired) */
    bool unaccepted; /* invited here and never accepted: the invitation may be sent again */
};

/* A colleague's invitation by e-mail (staff_invites, migration 025): only its token's hash is stored. */
struct bp_staff_invite {
    int64_t id, user_id, org_id, invited_by, created_at, expires_at;
    int64_t used_at, withdrawn_at; /* 0: not used; not withdrawn (migration 034) */
};

/* The audit search (store.h's bp_audit_search). */
struct bp_audit_filter {
    int64_t user_id, child_id, case_id; /* 0: any */
    int64_t member_org_id;              /* 0: any; else only entries about members of that organisation */
    const char *username;               /* NULL: any */
    const char *action;                 /* NULL: any */
    int64_t from, to;                   /* unix seconds, from <= at <= to; 0: open */
    size_t limit, offset;               /* limit: 0 is BP_MAX_PAGE_ROWS, at most BP_MAX_AUDIT_ROWS */
};

#endif
