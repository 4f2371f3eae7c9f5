/* http.h: the HTTP core (src/http) that the pages (src/pages) and the JSON API (src/api) stand on: its
 * configuration, the per-worker state, the per-request context handed to every handler, responses,
 * templates, translations and labels, and the field engine that draws and decodes every form and body.
 * Must not know any one page or resource: the route tables are data the program's entry hands in.
 * Nothing here runs SQL (storage/store.h refuses to compile under BP_LAYER_WEB). */
#ifndef BP_HTTP_H
#define BP_HTTP_H
#include "util/arena.h"
#include "util/buf.h"
#include "util/form.h"
#include "util/date.h"
#include "util/multipart.h" /* consent scans */
#include "domain/model.h"
#include "app/app.h"
#include "http/tmpl.h"
#include "domain/forms.h"
#include "record/record.h" /* bp_date_text, bp_id_text, a stored record as text and JSON */

struct st_h2o_req_t;

struct bp_http_route;

/* A route table: the pages' or the API's. */
struct bp_route_table {
    const struct bp_http_route *routes;
    size_t n;
};

/* Seconds before server.c cuts a connection (the configuration's header_timeout, body_timeout, idle_timeout,
 * send_timeout; docs/trust.md section 6). */
struct bp_timeouts {
    int header; /* from a request's first byte to the end of its headers */
    int body;   /* from the end of the headers to the end of the body */
    int idle;   /* a connection with no request under way and nothing left to send */
    int send;   /* a response the client does not take: bytes waiting in the worker that long */
};

/* What the HTTP server needs of the program's configuration (the program's entry reads the whole of it,
 * cli/config.h, and fills this in). */

struct bp_http_config {
    const char *db_url;                  /* sqlite:PATH or postgres://... */
    const char *listen;                  /* host:port */
    int workers;                         /* processes */
    const char *datadir;                 /* holds templates/ and static/ */
    const char *localedir;               /* holds LANG/LC_MESSAGES/barnplan.mo */
    enum bp_model default_model;         /* the installation's regional model, preselected for new cases */
    bool secure_cookies;                 /* set the Secure flag (behind TLS) */
    const char *access_log;              /* a file, "-" for stderr, "" for none */
    const char *trusted_proxy;           /* the reverse proxies' addresses (V15.3.4; cli/config.h) */
    struct bp_timeouts timeouts;         /* what cuts idle and slow connections (issue 11 item 6) */
    const struct bp_route_table *tables; /* the pages' and the API's (pages/routes.c, api/routes.c) */
    size_t n_tables;
    /* the audit writer's socket name in Linux's abstract namespace (leading NUL included), audit_writer_len
     * bytes of it; 0: none, each worker commits its own audit entries (cli/serve.c, jobs/audit_writer.c) */
    char audit_writer[108];
    size_t audit_writer_len;
};

/* Marks a Swedish msgid for translation where it is defined (scripts/msgids.py collects them). */
#define N_(s) s

/* The languages (docs/architecture.md, "Languages"). Adding one is adding its catalogue po/<code>.po and one
 * line here: X(enum suffix, code, native name, text direction, fallback). The code is the catalogue's
 * name and the value of <html lang>; the native name is what the chooser shows (never translated); the
 * direction "ltr" or "rtl" is <html dir>; the fallback is the catalogue shown where this one lacks a msgid
 * (NULL: Swedish, the msgid itself). Swedish comes first: it is the source language. */
#define BP_LANGUAGES(X)                                                                                      \
    X(SV, "sv", "Svenska", "ltr", NULL)                                                                      \
    X(EN, "en", "English", "ltr", NULL)                                                                      \
    X(AR, "ar", "العربية", "rtl", NULL)

#define BP_LANG_ENUM_(id, code, name, dir, fallback) BP_LANG_##id,
enum bp_lang { BP_LANGUAGES(BP_LANG_ENUM_) BP_LANG_COUNT };
#undef BP_LANG_ENUM_

struct bp_language {
    const char *code;     /* "ar": po/ar.po, <html lang="ar"> */
    const char *name;     /* in the language itself: "العربية" */
    const char *dir;      /* "ltr" or "rtl" */
    const char *fallback; /* a code whose catalogue fills this one's gaps; NULL: Swedish */
};
extern const struct bp_language bp_languages[BP_LANG_COUNT];
/* The language with this code ("en"), or -1 for none (NULL, unknown). */
int bp_lang_from_code(const char *code);

/* Loads the translations (gettext catalogues under localedir) for every language, and looks up at once
 * every msgid that each_msgid lists (NULL: none). Before fork. */
void bp_i18n_init(const char *localedir,
                  void (*each_msgid)(void (*fn)(void *ud, const char *msgid), void *ud));
/* Translation of Swedish msgid into lang; msgid itself when there is none. */
const char *bp_tr(int lang, const char *msgid);
/* As a bp_tmpl_translate_fn. */
const char *bp_tr_cb(void *ud, int lang, const char *msgid);

/* Everything loaded once before the workers fork (read-only afterwards). */
struct bp_site {
    const struct bp_http_config *cfg;
    struct bp_tmpl_set *tmpl;
    struct bp_static_file *files;
    size_t n_files;
};
enum bp_err bp_site_load(struct bp_site *site, const struct bp_http_config *cfg, char *err, size_t errlen);
void bp_site_free(struct bp_site *site);

struct bp_static_file {
    char *path; /* "/static/app.css" */
    char *body;
    size_t len;
    const char *content_type;
    char etag[24];
};

/* Per worker process. */
struct bp_worker {
    const struct bp_site *site;
    struct bp_store *store;
    struct bp_buf log; /* the access log, flushed once per loop iteration */
    int log_fd;
};

#define BP_MAX_ROUTE_PARAMS 4

/* One request. Lives in the request's memory pool until the response is sent. */
struct bp_ctx {
    struct bp_worker *w;
    struct st_h2o_req_t *req;
    const struct bp_http_route *route;
    struct bp_arena arena;

    /* the request */
    const char *method;
    const char *path;  /* without the query; NUL-terminated */
    const char *query; /* after '?', or "" */
    int64_t params[BP_MAX_ROUTE_PARAMS];
    int lang;
    bool is_api;
    struct bp_form form;       /* POST body (urlencoded) or, for GET, the query */
    struct bp_uploads uploads; /* consent scans: the files of a multipart/form-data body */
    const char *address;

    bool code_script; /* the page loads static/code.js: its CSP allows this site's scripts (bp_render) */

    /* the session */
    bool logged_in;
    struct bp_user user;
    struct bp_session session;
    struct bp_actor actor;

    /* the response */
    int status;
    const char *content_type;
    struct bp_buf body;
    const char *location;
    const char *allow; /* the Allow header of a 405 */
    const char *set_cookies[4];
    size_t n_set_cookies;
    const char *cache_control;
    const char *content_disposition; /* consent scans: a download's Content-Disposition */
    struct bp_audits audits;         /* the response waits until these are committed (http/server.c) */
    int64_t started_us;
};

typedef void (*bp_handler_fn)(struct bp_ctx *c);

enum bp_route_flags {
    BP_ROUTE_PUBLIC = 1 << 0,  /* no login needed */
    BP_ROUTE_API = 1 << 1,     /* JSON errors; CSRF by header */
    BP_ROUTE_NO_CSRF = 1 << 2, /* a state-changing route with its own CSRF rule (login) */
    /* issue 10 item 3: a family member's session reaches only public routes and these; any other answers
     * 404, audited as denied (docs/family-access.md, page.professional) */
    BP_ROUTE_FAMILY = 1 << 3,
    BP_ROUTE_FAMILY_ONLY = BP_ROUTE_FAMILY | 1 << 4, /* the family pages: a staff session is sent to log in */
};

struct bp_http_route {
    const char *method;
    const char *pattern; /* "/cases/{id}" */
    bp_handler_fn handler;
    unsigned flags;
    const char *name; /* for the access log (no ids, no personal data) */
    const void *data; /* what a handler shared by several routes needs of this one (a table's row), or NULL */
};

/* Finds the route for method + path in the site's table and fills params; NULL when none.
 * *method_mismatch is set when the path exists with another method (405). */
const struct bp_http_route *bp_route_match(const struct bp_http_config *cfg, const char *method,
                                           const char *path, int64_t *params, bool *method_mismatch);
/* The methods the table has for a path ("GET, HEAD, POST"), for a 405's Allow header. */
const char *bp_route_allow(const struct bp_http_config *cfg, struct bp_arena *a, const char *path);

/* ---- responses (http/http.c) ---- */
/* Sets a cookie: always HttpOnly, SameSite=Lax, Path=/; with secure_cookies Secure and named __Host-NAME
 * (which bp_cookie then reads). */
void bp_set_cookie(struct bp_ctx *c, const char *name, const char *value, int max_age);
/* Makes lang this request's language and remembers it: today a cookie for a year (bp_lang, read in
 * http/server.c). A family member's choice is also to be kept with their login: call this and store it
 * there too. An unknown lang (< 0) changes nothing. */
void bp_lang_remember(struct bp_ctx *c, int lang);
const char *bp_cookie(const struct bp_ctx *c, const char *name);
const char *bp_header(const struct bp_ctx *c, const char *name);
void bp_redirect(struct bp_ctx *c, const char *location);
/* Renders a template with the page context (user, language, CSRF token, navigation). */
void bp_render(struct bp_ctx *c, int status, const char *tmpl, struct bp_tv *data);
/* A plain error page (HTML) or JSON error ({"error": code, "message": ...}) for API routes. */
void bp_fail(struct bp_ctx *c, enum bp_err err);
void bp_fail_status(struct bp_ctx *c, int status, const char *code, const char *msg_sv);
/* A read that failed: the error, and for a refusal or a missing case its audit entry, committed before
 * the answer leaves (http.c). */
void bp_fail_read(struct bp_ctx *c, enum bp_err rc, const struct bp_audit *audit);
/* For the common "if it failed, answer the failure and stop": true (the answer made) when rc is not BP_OK,
 * by bp_fail, or by bp_fail_read with the read's audit entry. */
bool bp_failed(struct bp_ctx *c, enum bp_err rc);
bool bp_read_failed(struct bp_ctx *c, enum bp_err rc, const struct bp_audit *audit);
/* For a page that loads its view, then draws it: true when the read succeeded, its audit entry then to be
 * committed before the answer leaves (bp_audit_then_respond); false when the failure is answered. */
bool bp_read_ok(struct bp_ctx *c, enum bp_err rc, const struct bp_audit *audit);
/* V-8a.3, K-8.1: GET of a finished version as PDF, one handler for the page's download
 * (/cases/{id}/plan/versions/{n}.pdf) and the API's (.../versions/{n}/pdf), for an organisation's records
 * system: its audited read (committed before the bytes leave) is the download's line on the copies ledger
 * (http/plan_pdf.c). */
void bp_h_plan_pdf(struct bp_ctx *c);
/* The read of a finished version for its PDF: a professional's (bp_uc_plan_version_view) or a family
 * member's, whose view is filtered (bp_uc_family_plan_pdf, issue 10 item 7). */
struct bp_plan_view;
typedef enum bp_err (*bp_plan_version_read_fn)(struct bp_store *s, struct bp_arena *a,
                                               const struct bp_actor *actor, int64_t case_id, int64_t version,
                                               struct bp_plan_view *out, struct bp_audit *audit);
/* The PDF of version c->params[1] of case c->params[0] as `read` loads it, answered after its audit entry is
 * committed; or the failed read (bp_h_plan_pdf, and the family member's download in pages/family.c). */
void bp_plan_pdf_download(struct bp_ctx *c, bp_plan_version_read_fn read);
/* Issue 10 item 6 (http/child_plan_pdf.c): the child's plan in easy words with pictures, from the member's
 * filtered view: its PDF (answered after the audit entry is committed), and the words the page shares. */
struct bp_family_case_view;
struct bp_pictogram;
void bp_child_plan_pdf_answer(struct bp_ctx *c, const struct bp_family_case_view *v,
                              const struct bp_audit *audit);
const struct bp_pictogram *bp_child_org_pictogram(const struct bp_family_case_view *v, int64_t org_id);
const char *bp_child_intervention_text(struct bp_ctx *c, const struct bp_intervention *iv);
const char *bp_child_committer(struct bp_ctx *c, const struct bp_family_case_view *v,
                               const struct bp_commitment *cm);
const char *bp_child_next_text(struct bp_ctx *c, const struct bp_family_case_view *v);
/* The reads a page and its API resource share (http/reads.c); false once the failed read is answered. The
 * family member's case c->params[0] as they see it, its audit entry for `what` ("case", "plan"...): */
bool bp_family_case_read(struct bp_ctx *c, const char *what, struct bp_family_case_view *v,
                         struct bp_audit *audit);
/* The follow-up (V-10.x) of meeting c->params[1] in case c->params[0]: */
struct bp_followup_view;
bool bp_followup_read(struct bp_ctx *c, struct bp_followup_view *v, struct bp_audit *audit);
/* JSON body (API). Takes ownership of the jansson value. */
struct json_t;
void bp_json(struct bp_ctx *c, int status, struct json_t *v);
/* The response waits until `e` (and any other entry it carries) is committed with the batch
 * (http/server.c). */
void bp_audit_then_respond(struct bp_ctx *c, const struct bp_audit *e);
/* A download's answer: status 200, the bytes as an attachment named `file_name` (ours, never one a
 * client sent), after its audit entry is committed. `max`: the body's cap for a file larger than a page
 * (BP_MAX_SCAN_BYTES + 1, ...); 0 keeps BP_MAX_PAGE_BYTES. */
void bp_send_file(struct bp_ctx *c, const char *content_type, const char *file_name, const void *data,
                  size_t len, size_t max, const struct bp_audit *audit);
/* Issue 10 item 10: a page about a case whose child or guardian is protected shows the marker and the
 * free-text warning (templates/protected_notice.html, field.html): "protected_case" and "protected_org" (the
 * initiating organisation, whom the others contact). */
void bp_tv_protected(struct bp_arena *a, struct bp_tv *d, const struct bp_case *k);
/* The page context: every template gets it under "page". */
struct bp_tv *bp_page_ctx(struct bp_ctx *c, const char *title_msgid);
/* Renders template `name` with status 200, its "page" (bp_page_ctx) set from the title. */
void bp_render_page(struct bp_ctx *c, const char *name, const char *title_msgid, struct bp_tv *d);
/* Whether the POSTed form carries this session's CSRF token. */
bool bp_csrf_ok(struct bp_ctx *c);

/* ---- Swedish sort order (http/collate.c, ICU) ---- */
int bp_collate_sv(const char *a, const char *b);
void bp_sort_orgs_sv(struct bp_org *orgs, size_t n);
void bp_sort_memberships_sv(struct bp_membership *m, size_t n);

/* ---- labels (http/messages.c) ---- */
const char *bp_label(int lang, const char *kind, const char *code); /* kind: "org_kind", "route", ... */
const char *bp_error_text(int lang, const char *code);              /* field error codes */
/* The text of a field error: a field's own words for the code when it has them, else the code's. */
const char *bp_field_error_text(int lang, const char *field, const char *code); /* the plan */
void bp_messages_msgids(void (*fn)(void *ud, const char *msgid), void *ud);

/* ---- the field engine (http/fields.c): pages and the API from the records' tables (domain/forms.h) ---- */
/* Where a form's values come from: as typed (the form failed and is shown again), else the stored record
 * (NULL: a new one, with the table's initial values). `input`, when set, is the record's input struct
 * instead: a form the page filled in itself, or one read back (the values as typed, trimmed). `instance`,
 * when not NULL, tells apart the copies of one form on one page (a form per row of a table): the elements'
 * ids end in "-<instance>", so that each label finds its own field; the names stay the record's. */
struct bp_form_src {
    bool typed;
    const void *stored;
    const void *input; /* else the record's input struct as the page filled it (NULL members: initial) */
    const char *instance;
};
/* A choice for a select or a list of checkboxes or radio buttons. */
struct bp_choice {
    const char *code, *label;
};
/* The page gives the choices that depend on the case (organisations, guardians, goals...): *out and their
 * count, or 0 with *out NULL for the table's own codes. */
typedef size_t (*bp_choices_fn)(struct bp_ctx *c, const struct bp_field_def *f, void *ud,
                                const struct bp_choice **out);
/* Room for n choices in the arena, for a bp_choices_fn to fill: never NULL, also for none. */
struct bp_choice *bp_choices_alloc(struct bp_arena *a, size_t n);
/* The form's fields for the `field` partial ({{#fields}}{{>field}}{{/fields}}), each also under its name:
 * id, name, label, hint, required, error, warning, describedby, value, checked, the kind (is_input with
 * type and accept, is_long, is_select with none, is_checks with choice_type "checkbox" (several codes,
 * organisations, guardians) or "radio" (a CHOICE marked `radio`), is_check), maxlength and options
 * {code, label, hint, selected}. (A template cannot name a nested JSON name's key, "answers.q1": it takes
 * the list, or the page looks the field up.) */
struct bp_tv *bp_form_view(struct bp_ctx *c, const struct bp_record_def *r, const struct bp_form_src *src,
                           const struct bp_field_errors *errs, bp_choices_fn choices, void *ud);
/* The same for instance `index` of a repeated record (bp_record_def.item): its paths carry the index
 * ("guardians.0.name", the element "guardians-0-name"); the view also has `index` and `num` (index + 1).
 * `src->input` is that instance's input struct. The *_at functions below do the same for an instance. */
struct bp_tv *bp_form_view_at(struct bp_ctx *c, const struct bp_record_def *r, size_t index,
                              const struct bp_form_src *src, const struct bp_field_errors *errs,
                              bp_choices_fn choices, void *ud);
/* Adds the summary's lines for the errors of the record's (or instance's) fields, in the form's order. */
void bp_form_summary_at(struct bp_ctx *c, const struct bp_record_def *r, size_t index,
                        const struct bp_field_errors *errs, struct bp_tv *summary);
/* Puts each warning (never blocking) of `warns` beside its field of `form` (bp_form_view of record r with
 * errors errs): the field's `warning`, joined to its aria-describedby. */
void bp_form_warnings(struct bp_ctx *c, struct bp_tv *form, const struct bp_record_def *r,
                      const struct bp_field_errors *errs, const struct bp_field_errors *warns);
/* Adds the error summary's line for a field of any record ("Mål: Fyll i fältet.", linking to the field);
 * false when the path is no table's field (the page words that line itself, with bp_summary_add). */
bool bp_form_summary_line(struct bp_ctx *c, const struct bp_field_error *e, struct bp_tv *summary);
void bp_summary_add(struct bp_ctx *c, struct bp_tv *summary, const char *anchor, const char *label,
                    const char *message);
/* The error summary's lines ({id, message}) for the errors on fields of the tables; a page shows the others
 * (the case is closed: "consent", "prep") where it words them. */
struct bp_tv *bp_form_summary(struct bp_ctx *c, const struct bp_field_errors *errs);
/* Reads the form body into the record's input struct (zeroed by the caller): texts trimmed, lists with
 * every value given, checkboxes as bools. */
void bp_form_read(struct bp_ctx *c, const struct bp_record_def *r, void *in);
void bp_form_read_at(struct bp_ctx *c, const struct bp_record_def *r, size_t index, void *in);
/* Reads a JSON body into the input struct (zeroed by the caller): strings, integers for ids (an array,
 * or one integer, for lists), booleans; a member of another type is a "type" error on its path. */
bool bp_api_decode(struct bp_ctx *c, struct json_t *body, const struct bp_record_def *r, void *in,
                   struct bp_field_errors *errs);
bool bp_api_decode_at(struct bp_ctx *c, struct json_t *body, const struct bp_record_def *r, size_t index,
                      void *in, struct bp_field_errors *errs);
/* The request's JSON body decoded into the input struct (zeroed by the caller); the caller decrefs it
 * (the input's strings live in it). A body that is no object, or a member of the wrong type: answers the
 * error itself and returns NULL. */
struct json_t *bp_api_read(struct bp_ctx *c, const struct bp_record_def *r, void *in);
/* The stored record as JSON: every field the table keeps, null for none. */
struct json_t *bp_api_record(struct bp_ctx *c, const struct bp_record_def *r, const void *rec);
/* The stored record's values into a page's object `o`, as a reader sees them: texts, dates and clock
 * times as written ("" for none), yes/no as booleans, a code as its label (the field's choice_kind).
 * Ids are left to the page (it shows names). Set what the page shows otherwise after this call. */
void bp_tv_record(struct bp_ctx *c, struct bp_tv *o, const struct bp_record_def *r, const void *rec);
/* A list of one object per record of the array `recs` (n records of `size` bytes): each record's values
 * (bp_tv_record; none when r is NULL), then what `more` adds (ids, names, what the page works out), when not
 * NULL. */
typedef void (*bp_tv_more_fn)(struct bp_ctx *c, struct bp_tv *o, const void *rec, size_t i, void *ud);
struct bp_tv *bp_tv_records(struct bp_ctx *c, const struct bp_record_def *r, const void *recs, size_t n,
                            size_t size, bp_tv_more_fn more, void *ud);
/* A page's list of one object per element of the array `items` (n elements of `size` bytes), each filled by
 * `fill` (given the element, its index and ud): the loop every list of rows would otherwise write again. */
struct bp_tv *bp_tv_each(struct bp_ctx *c, const void *items, size_t n, size_t size, bp_tv_more_fn fill,
                         void *ud);

/* A moment as local "YYYY-MM-DD HH:MM" (Europe/Stockholm) in the arena. */
const char *bp_time_text(struct bp_arena *a, int64_t t);

/* ---- the JSON API's helpers (http/json.c) ---- */
struct json_t;
/* Answers 422 {"error":"invalid","fields":[{field,code,message}]}. */
void bp_api_field_errors(struct bp_ctx *c, const struct bp_field_errors *errs);
void bp_api_bad(struct bp_ctx *c, const char *field, const char *code);
/* Answers a write that failed: its field errors (422 invalid, 409 conflict, 403 a rule's refusal such as
 * another organisation's intervention), or the error when it has none. */
void bp_api_write_failed(struct bp_ctx *c, enum bp_err rc, const struct bp_field_errors *errs);
/* Answers a write: `ok` (owned) with ok_status, or as bp_api_write_failed (freeing `ok`); either way frees
 * `body`, the JSON the input was read from (its strings lived in it; NULL: none). */
void bp_api_write_done(struct bp_ctx *c, struct json_t *body, enum bp_err rc,
                       const struct bp_field_errors *errs, int ok_status, struct json_t *ok);
/* A write's plain answer: {"id": id, "ok": true}, or {"ok": true} when id is 0. */
struct json_t *bp_api_ok_json(int64_t id);
/* The warnings of a write (never blocking; confirmed by the caller), as [{field, code, message}]. */
struct json_t *bp_api_warnings(struct bp_ctx *c, const struct bp_field_errors *warns);
/* A read's answer: the JSON with status 200, after its audit entry is committed. */
void bp_json_audited(struct bp_ctx *c, struct json_t *v, const struct bp_audit *audit);
/* The request body as a JSON object; answers the error itself and returns NULL. */
struct json_t *bp_api_body(struct bp_ctx *c);
/* A string member, or NULL when missing; a member of another type is an error on `path`. */
const char *bp_api_str(struct json_t *o, const char *key, const char *path, struct bp_field_errors *errs);
bool bp_api_bool(struct json_t *o, const char *key);
/* An integer member as decimal text (the use cases take form strings), or NULL when missing. */
const char *bp_api_id(struct bp_ctx *c, struct json_t *o, const char *key, const char *path,
                      struct bp_field_errors *errs);
struct json_t *bp_api_str_or_null(const char *s);

/* ---- the server (http/server.c): the program's entry supervises the processes (cli/serve.c) ---- */
/* Opens the listening socket (host:port) before the workers fork; -1 with a message in err. */
int bp_http_listen(const char *listen, char *err, size_t errlen);
/* One worker process: its own event loop and database connection; serves fd until SIGTERM or SIGINT, then
 * finishes what is under way (at most 10 s). Returns the process's exit status. */
/* Runs one HTTP worker on the listening socket fd until SIGTERM; slot: its place in the fair share of
 * connections (bp_accept_share_reserve), or -1. */
int bp_http_worker_run(const struct bp_site *site, int fd, int slot);

/* The workers' fair share of the connections (http/accept_share.c). The master: _init before forking
 * (a table in shared memory, for two workers or more), _reserve a slot for each worker it forks (-1: none
 * free), _assign it the worker's pid (0: the fork failed, the slot is free again), _release a worker's
 * slot when it has ended. A worker: _join its slot, _over with the connections it holds after each accept
 * and close (true: it holds more than its share while another worker accepts, so it should pause
 * accepting), _paused when it pauses or resumes, _leave when it stops accepting for good. */
void bp_accept_share_init(int workers);
int bp_accept_share_reserve(void);
void bp_accept_share_assign(int slot, int pid);
void bp_accept_share_release(int pid);
void bp_accept_share_join(int slot);
bool bp_accept_share_over(size_t held);
void bp_accept_share_paused(bool paused);
void bp_accept_share_leave(void);

/* The QR code (libqrencode, error correction M) of text as one SVG path of unit squares, one per dark
 * module, with a quiet zone of four; *size is the symbol's side with it (the viewBox). NULL when the text
 * cannot be encoded (http/qr.c). */
const char *bp_qr_svg_path(struct bp_arena *a, const char *text, int *size);

/* Reads the audit search form or query (http/audit_query.c: the page and the API) (user, child, case, action,
 * from, to, offset). */
void bp_audit_filter_from_form(struct bp_ctx *c, struct bp_audit_filter *f);

/* Runs the scan-attach use case `attach` (app/consent_scan.c, app/signature_scan.c) on the multipart
 * body's file part "scan.file" (*in: as the use case took it) for the case c->params[0] and its record
 * c->params[1]: what the pages and the API share of an attach. Returns 0 when it is stored (*id), the
 * status of a refusal with field errors in *errs (422, or 409 for a closed case), or -1 when the error is
 * answered already (bp_failed). And a consent's current scan in a case view, or NULL (http/upload.c). */
int bp_upload_attach(struct bp_ctx *c, bp_scan_attach_fn attach, struct bp_scan_input *in, int64_t *id,
                     struct bp_field_errors *errs);
const struct bp_consent_scan *bp_case_view_scan(const struct bp_case_view *v, int64_t consent_id);

#endif
