/* limits.h: every bound on input and output in one place. A limit hit is an ordinary error
 * (400/413/431 or a message beside the field), never an abort. */
#ifndef BP_LIMITS_H
#define BP_LIMITS_H

/* HTTP */
#define BP_MAX_REQUEST_TARGET 2048        /* path + query; longer: 414 */
#define BP_MAX_HEADER_COUNT   64          /* request header lines; more: 431 */
#define BP_MAX_HEADER_BYTES   (16 * 1024) /* sum of header names and values; more: 431 */
#define BP_MAX_BODY                                                                                          \
    (16 * 1024 * 1024)           /* request body, enforced by h2o itself: 413. Large enough that an          \
                                    over-long form field reaches the form and gets its message */
#define BP_MAX_COOKIE_BYTES 4096 /* the Cookie header */

/* Forms (application/x-www-form-urlencoded) */
#define BP_MAX_FORM_FIELDS 200         /* name=value pairs per form; more: 413 */
#define BP_MAX_FORM_NAME   64          /* bytes in a field name; longer pairs are dropped */
#define BP_MAX_FORM_VALUE  (64 * 1024) /* decoded bytes kept of one value; the field is marked too long */

/* Uploads (multipart/form-data, util/multipart.h): a larger body part is an error or a field message */
#define BP_MAX_MULTIPART_PARTS 32                 /* parts of one body, text and files together; more: 413 */
#define BP_MAX_MULTIPART_FILES 4                  /* file parts of one body; more: 413 */
#define BP_MAX_PART_HEADER     2048               /* bytes of one part's header block; more: 400 */
#define BP_MAX_BOUNDARY        70                 /* RFC 2046 */
#define BP_MAX_UPLOAD_NAME     255                /* bytes kept of an uploaded file's name */
#define BP_MAX_UPLOAD_TYPE     127                /* bytes of a part's Content-Type */
#define BP_MAX_SCAN_BYTES      (10 * 1024 * 1024) /* a scanned consent form (V-2.5, K-2.1); under BP_MAX_BODY */

/* Domain fields (UTF-8 bytes) */
#define BP_MAX_NAME       200  /* a person's or organisation's name */
#define BP_MAX_SHORT_TEXT 200  /* language, phone, e-mail, username */
#define BP_MAX_LONG_TEXT  4000 /* free text: a description, a note */
#define BP_MAX_PASSWORD   1024 /* passwords are hashed; this only bounds the work */
#define BP_MIN_PASSWORD   10   /* characters in a new password */
#define BP_MAX_GUARDIANS  4    /* guardians registered with one child in one form */
#define BP_MAX_TRIGGERS   13   /* the V-1.3 checklist */

/* Process steps 3-8 (domain/preparation.h, meeting.h, plan.h, tasks.h) */
#define BP_MAX_URL               2000 /* a video-meeting link (V-3.16) */
#define BP_MAX_INVITEES          30   /* invitees of one meeting */
#define BP_MAX_CASE_ORGS         16   /* organisations taking part in one case */
#define BP_MAX_COORDINATORS      4    /* organisations sharing the coordination (V-7.4) */
#define BP_MAX_GOALS             30   /* goals in one plan version */
#define BP_MAX_INTERVENTIONS     60   /* interventions in one plan version */
#define BP_MAX_COMMITMENTS       60   /* commitments in one plan version */
#define BP_MAX_MEETINGS          30   /* meetings of one case seen by the work list */
#define BP_MAX_PENDING_DECISIONS 30   /* pending decisions of one case */
#define BP_MAX_TASKS             128  /* tasks derived for one case */
#define BP_MAX_BBA_CANDIDATES    500  /* people offered as barnensbästa-ansvarig */
#define BP_MAX_INTERVENTION_ORGS 4    /* organisations given for one intervention (one is valid, V-7.2) */

/* Carrying out the plan (domain/implementation.h) */
#define BP_MAX_CHILD_VOICE 1000 /* what the child said or asked, a short note (V-9.2) */
#define BP_MAX_IMPL_ROWS   200  /* progress notes, the child's words or events of one case read at once */

/* Pages and lists */
#define BP_MAX_PAGE_ROWS  200               /* rows per page in any list */
#define BP_MAX_PAGE_BYTES (4 * 1024 * 1024) /* a rendered response; bigger is a bug: 500 */
#define BP_MAX_JSON_BODY  (1024 * 1024)     /* API request body */

/* Sessions and login (see auth/) */
#define BP_SESSION_IDLE_SECONDS     (30 * 60)   /* idle timeout */
#define BP_SESSION_ABSOLUTE_SECONDS (10 * 3600) /* absolute timeout, a working day */
#define BP_LOGIN_WINDOW_SECONDS     (15 * 60)   /* failed logins counted over this window */
#define BP_FAMILY_LINK_SECONDS      (30 * 60)   /* issue 10 item 2: a family member's link by e-mail */
#define BP_FAMILY_CHOICE_SECONDS    (10 * 60)   /* ... a choice after a BankID login */
#define BP_FAMILY_FRESH_SECONDS     (15 * 60) /* a change of one's own contact details: a login this recent */
#define BP_FAMILY_LETTER_SECONDS    (14 * 24 * 60 * 60) /* ... and the code on a printed letter */
/* V6.1.1 (auth/throttle.h): a browser unknown to the account gets at most BP_LOGIN_MAX_PER_ACCOUNT failures
 * for the account from its address, BP_LOGIN_MAX_ACCOUNT_ALL for the account from all addresses, and
 * BP_LOGIN_MAX_PER_ADDRESS from its address; a browser that logged in to it before (the cookie bp_device),
 * BP_LOGIN_MAX_PER_DEVICE of its own. */
#define BP_LOGIN_MAX_PER_ACCOUNT 5                    /* failures per account and address in the window */
#define BP_LOGIN_MAX_ACCOUNT_ALL 20                   /* failures per account, all addresses */
#define BP_LOGIN_MAX_PER_ADDRESS 20                   /* failures per client address in the window */
#define BP_LOGIN_MAX_PER_DEVICE  5                    /* failures per known browser in the window */
#define BP_LOGIN_DEVICE_SECONDS  (180 * 24 * 60 * 60) /* a browser is known this long after a login */
#define BP_MAX_TRUSTED_PROXIES   16                   /* addresses in the setting trusted_proxy (V15.3.4) */
#define BP_MAX_FORWARDED_HOPS    32          /* X-Forwarded-For addresses looked at, from the right */
#define BP_INVITE_SECONDS        (72 * 3600) /* a colleague's invitation link works this long, once */
#define BP_OIDC_PENDING_SECONDS  (10 * 60)   /* a login at the identity provider must come back within */
#define BP_MAX_OIDC_CODE         2048        /* the provider's authorization code */

/* Audit */
#define BP_AUDIT_RETENTION_YEARS 5      /* HSLF-FS 2016:40; nothing deletes younger entries */
#define BP_MAX_AUDIT_BATCH       1024   /* reads committed together in one transaction */
#define BP_MAX_AUDIT_ROWS        100000 /* rows one audit search may return (the CLI's --limit) */
#define BP_AUDIT_EXTRACT_PAGE    5000   /* rows per page of an audit extract or verify (no limit in all) */

/* Mail and calendar invitations (src/mail) */
#define BP_MAX_MAIL_ADDR       254          /* an e-mail address (RFC 5321's path limit less the brackets) */
#define BP_MAX_MAIL_RCPTS      50           /* recipients of one message, attendees of one event */
#define BP_MAX_MAIL_TEXT       (64 * 1024)  /* the plain-text body of one message */
#define BP_MAX_MAIL_BYTES      (512 * 1024) /* one composed message, headers and attachments included */
#define BP_MAX_ICS_BYTES       (128 * 1024) /* one calendar file */
#define BP_MAX_SMTP_TIMEOUT_MS (5 * 60000)  /* one SMTP transaction, connection included */

/* Copies of the plan (V-8a.3, K-8.1) */
#define BP_MAX_PDF_BYTES (8 * 1024 * 1024) /* one plan version as PDF */
#define BP_MAX_COPIES    500               /* copies on one case's ledger, and downloads read back */

/* Work lists */
#define BP_MAX_TASK_CASES 100 /* open cases "my tasks" looks through */
#define BP_MAX_MY_TASKS   200 /* tasks it shows */

#endif
