/* config.h: the program's configuration, read by its entry (cli/main.c) and handed in parts to the layers
 * that need them: the HTTP server (struct bp_http_config), the mailer (struct bp_mail_settings), the use
 * cases (the public address of links in e-mails). Must not be included below src/cli. */
#ifndef BP_CONFIG_H
#define BP_CONFIG_H
#include "util/common.h"
#include "domain/model.h"

struct bp_config {
    char db_url[1024];           /* sqlite:PATH or postgres://... */
    char listen[256];            /* host:port, default 127.0.0.1:8080 */
    int workers;                 /* processes; default: 1 on SQLite, the number of cores on PostgreSQL */
    char datadir[1024];          /* holds templates/ and static/ */
    char localedir[1024];        /* holds LANG/LC_MESSAGES/barnplan.mo */
    enum bp_model default_model; /* the installation's regional model, preselected for new cases */
    bool secure_cookies;         /* set the Secure flag (behind TLS) */
    char access_log[1024];       /* a file, "-" for stderr, "" for none */
    /* OWASP ASVS V15.3.4: the reverse proxies' addresses (IPv4 or IPv6, separated by commas or spaces; at
     * most BP_MAX_TRUSTED_PROXIES). A request whose socket peer is one of them has its client address from
     * X-Forwarded-For (http/server.c); "": the socket's address always. */
    char trusted_proxy[1024];
    char public_url[300];    /* what links in e-mails start with, "https://barnplan.example.se" */
    char smtp_url[256];      /* "smtp://host:port" or "smtps://..."; "" : no e-mail is sent */
    char smtp_from[256];     /* the sender address */
    char smtp_username[256]; /* "" : no AUTH */
    char smtp_password[256];
    bool smtp_require_tls;
    int remind_every; /* seconds between the scheduler's runs (default 300); 0: no scheduler */
    /* V-11.4: where the family turns if a new plan is needed, and that they are welcome back; shown on the
     * closing letter and in the family's e-mail. "": the Swedish default (app/closure.c). */
    char closure_text[2000];
    bool survey_at_closure; /* V-12.2: offer the survey at closure too (besides the plan and follow-ups) */
    /* Retention (issue 9 item 8): the days a closed case is kept before `barnplan purge` removes it; -1 (not
     * set): purge refuses. 0 purges a case as soon as it is closed. */
    int retention_days;
    /* Issue 11 item 7: the file holding the key `barnplan backup` seals with and `restore` opens with (32
     * random bytes, mode 0600, made by `barnplan backup --new-key FILE`); "": the commands need --key. */
    char backup_key_file[1024];
    int audit_alert_children_per_hour; /* issue 11 item 3: more distinct children read by one user in an
                                          hour is told to the administrators; 0: no such alert */
    /* Staff logins through an identity provider over OpenID Connect (issue 10 item 1): the provider's issuer
     * URL ("": none, passwords only), Barnplan's client id and secret there, the callback's full URL
     * (".../login/oidc/callback") and the button's name ("SITHS" when empty). */
    char oidc_issuer[1000];
    char oidc_client_id[256];
    char oidc_client_secret[256];
    char oidc_redirect_url[1000];
    char oidc_name[100];
    /* Issue 10 item 1: the families' provider (BankID through a broker; the same kinds of setting, and the ID
     * token's claim that holds the personnummer, "personal_number" when empty). No issuer: one-time codes. */
    char oidc_family_issuer[1000];
    char oidc_family_client_id[256];
    char oidc_family_client_secret[256];
    char oidc_family_redirect_url[1000];
    char oidc_family_name[100];
    char oidc_family_claim[64];
    /* Issue 11 item 6: seconds before a slow or idle connection is cut (header_timeout 10, body_timeout 60,
     * idle_timeout 60, send_timeout 60; docs/trust.md section 6). */
    int header_timeout, body_timeout, idle_timeout, send_timeout;
};

/* Reads defaults, then the file (when not NULL), then BARNPLAN_* environment variables.
 * Returns false with a message in err for a bad value. */
bool bp_config_load(struct bp_config *c, const char *path, char *err, size_t errlen);

/* `barnplan serve`: the master process (cli/serve.c) opens the socket, forks the HTTP workers, the
 * scheduler and, when smtp_url is set, the mailer; restarts whichever dies; passes SIGTERM/SIGINT on and
 * waits. */
struct bp_http_config; /* http/http.h */
int bp_serve(const struct bp_config *cfg);
/* The HTTP server's share of the configuration, with the route table of the pages and the API. */
struct bp_http_config bp_http_config_of(const struct bp_config *cfg);

#endif
