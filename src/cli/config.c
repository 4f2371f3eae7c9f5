/* config.c: the program's configuration (cli/config.h) from defaults, a file of KEY = value lines, and
 * BARNPLAN_* variables (later wins). Keys: database, listen, workers, datadir, localedir, model,
 * secure_cookies, access_log, public_url, smtp_url, smtp_from, smtp_username, smtp_password,
 * smtp_require_tls, remind_every, closure_text (V-11.4: what the family reads when a case closes),
 * survey_at_closure (V-12.2), retention_days (issue 9 item 8: how long a closed case is kept),
 * audit_alert_children_per_hour (issue 11 item 3), oidc_issuer,
 * oidc_client_id, oidc_client_secret, oidc_redirect_url, oidc_name (issue 10 item 1: staff logins through an
 * identity provider over OpenID Connect; no issuer: passwords only), and the same for the families'
 * provider: oidc_family_issuer, oidc_family_client_id, oidc_family_client_secret, oidc_family_redirect_url,
 * oidc_family_name, oidc_family_claim (the personnummer's claim; no issuer: one-time codes only),
 * trusted_proxy (OWASP ASVS V15.3.4: the reverse proxies whose X-Forwarded-For is believed),
 * backup_key_file (issue 11 item 7: the key of `barnplan backup` and `restore`), and the seconds before a
 * slow or idle connection is cut (issue 11 item 6): header_timeout, body_timeout, idle_timeout, send_timeout.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <stddef.h>
#include <unistd.h>
#include "cli/config.h"
#include "util/date.h"
#include "util/limits.h"

#ifndef BP_DEFAULT_DATADIR
#define BP_DEFAULT_DATADIR "."
#endif
#ifndef BP_DEFAULT_LOCALEDIR
#define BP_DEFAULT_LOCALEDIR "./locale"
#endif

static bool copy(char *dst, size_t n, const char *v, const char *key, char *err, size_t errlen)
{
    if (strlen(v) >= n) {
        snprintf(err, errlen, "%s: value too long", key);
        return false;
    }
    memcpy(dst, v, strlen(v) + 1);
    return true;
}

/* The settings that are plain text, stored in a char array of struct bp_config. */
static const struct {
    const char *key;
    size_t offset, size;
} text_settings[] = {
#define TEXT_SETTING(name)                                                                                   \
    {                                                                                                        \
#name, offsetof(struct bp_config, name), sizeof(((struct bp_config *)0)->name)                       \
    }
    {"database", offsetof(struct bp_config, db_url), sizeof(((struct bp_config *)0)->db_url)},
    TEXT_SETTING(listen),
    TEXT_SETTING(datadir),
    TEXT_SETTING(localedir),
    TEXT_SETTING(access_log),
    TEXT_SETTING(trusted_proxy),
    TEXT_SETTING(public_url),
    TEXT_SETTING(smtp_url),
    TEXT_SETTING(smtp_from),
    TEXT_SETTING(smtp_username),
    TEXT_SETTING(smtp_password),
    TEXT_SETTING(closure_text),
    TEXT_SETTING(oidc_issuer),
    TEXT_SETTING(oidc_client_id),
    TEXT_SETTING(oidc_client_secret),
    TEXT_SETTING(oidc_redirect_url),
    TEXT_SETTING(oidc_name),
    TEXT_SETTING(oidc_family_issuer),
    TEXT_SETTING(oidc_family_client_id),
    TEXT_SETTING(oidc_family_client_secret),
    TEXT_SETTING(oidc_family_redirect_url),
    TEXT_SETTING(oidc_family_name),
    TEXT_SETTING(oidc_family_claim),
    TEXT_SETTING(backup_key_file),
#undef TEXT_SETTING
};

/* The settings that are whole numbers, stored in an int of struct bp_config. */
static const struct {
    const char *key;
    size_t offset;
    int min, max;
} int_settings[] = {
    {"workers", offsetof(struct bp_config, workers), 1, 256},
    {"remind_every", offsetof(struct bp_config, remind_every), 0, 86400},
    {"retention_days", offsetof(struct bp_config, retention_days), 0, 36500},
    {"audit_alert_children_per_hour", offsetof(struct bp_config, audit_alert_children_per_hour), 0, 1000000},
    {"header_timeout", offsetof(struct bp_config, header_timeout), 1, 3600},
    {"body_timeout", offsetof(struct bp_config, body_timeout), 1, 3600},
    {"idle_timeout", offsetof(struct bp_config, idle_timeout), 1, 3600},
    {"send_timeout", offsetof(struct bp_config, send_timeout), 1, 3600},
};

static bool is_yes(const char *v)
{
    return strcmp(v, "1") == 0 || strcmp(v, "true") == 0 || strcmp(v, "yes") == 0;
}

static bool set(struct bp_config *c, const char *key, const char *v, char *err, size_t errlen)
{
    int64_t n;
    size_t i;
    for (i = 0; i < BP_ARRAY_LEN(text_settings); i++)
        if (strcmp(key, text_settings[i].key) == 0)
            return copy((char *)c + text_settings[i].offset, text_settings[i].size, v, key, err, errlen);
    for (i = 0; i < BP_ARRAY_LEN(int_settings); i++) {
        if (strcmp(key, int_settings[i].key) != 0)
            continue;
        if (!bp_parse_int64(v, int_settings[i].min, int_settings[i].max, &n)) {
            snprintf(err, errlen, "%s: a number from %d to %d", key, int_settings[i].min,
                     int_settings[i].max);
            return false;
        }
        *(int *)((char *)c + int_settings[i].offset) = (int)n;
        return true;
    }
    if (strcmp(key, "model") == 0) {
        int m = BP_CODE_FIND(bp_model_codes, v);
        if (m < 0) {
            snprintf(err, errlen, "model: vasterbotten or kronoberg");
            return false;
        }
        c->default_model = (enum bp_model)m;
        return true;
    }
    if (strcmp(key, "secure_cookies") == 0) {
        c->secure_cookies = is_yes(v);
        return true;
    }
    if (strcmp(key, "survey_at_closure") == 0) {
        c->survey_at_closure = is_yes(v);
        return true;
    }
    if (strcmp(key, "smtp_require_tls") == 0) {
        c->smtp_require_tls = is_yes(v);
        return true;
    }
    snprintf(err, errlen, "unknown setting %s", key);
    return false;
}

/* An identity provider is reached over TLS (OWASP ASVS V12.3.1, docs/asvs.md): its issuer is an https:// URL.
 * Plain http:// is taken only for a provider on this host (the tests' provider on loopback). Empty: none. */
static bool issuer_ok(const char *issuer)
{
    static const char *const local[] = {"http://127.0.0.1:", "http://127.0.0.1/", "http://localhost:",
                                        "http://localhost/", "http://[::1]:",     "http://[::1]/"};
    size_t i;
    if (!issuer[0] || strncmp(issuer, "https://", 8) == 0)
        return true;
    for (i = 0; i < BP_ARRAY_LEN(local); i++)
        if (strncmp(issuer, local[i], strlen(local[i])) == 0)
            return true;
    return false;
}
/* trusted_proxy: addresses (IPv4 or IPv6) separated by commas or white space, at most
 * BP_MAX_TRUSTED_PROXIES; "" is none. */
static bool proxies_ok(const char *list, char *err, size_t errlen)
{
    unsigned char bin[16];
    char one[64];
    size_t n = 0, len;
    const char *p = list;
    for (;;) {
        while (*p == ',' || isspace((unsigned char)*p))
            p++;
        if (!*p)
            return true;
        len = strcspn(p, ", \t");
        if (len >= sizeof(one) || ++n > BP_MAX_TRUSTED_PROXIES) {
            snprintf(err, errlen, "trusted_proxy: at most %d addresses", BP_MAX_TRUSTED_PROXIES);
            return false;
        }
        memcpy(one, p, len);
        one[len] = '\0';
        if (inet_pton(AF_INET, one, bin) != 1 && inet_pton(AF_INET6, one, bin) != 1) {
            snprintf(err, errlen, "trusted_proxy: %s is not an IPv4 or IPv6 address", one);
            return false;
        }
        p += len;
    }
}

bool bp_config_load(struct bp_config *c, const char *path, char *err, size_t errlen)
{
    /* every setting, also read from BARNPLAN_<KEY> (upper case) */
    static const char *const keys[] = {"database",
                                       "listen",
                                       "workers",
                                       "datadir",
                                       "localedir",
                                       "model",
                                       "secure_cookies",
                                       "access_log",
                                       "trusted_proxy",
                                       "public_url",
                                       "smtp_url",
                                       "smtp_from",
                                       "smtp_username",
                                       "smtp_password",
                                       "smtp_require_tls",
                                       "remind_every",
                                       "closure_text",
                                       "survey_at_closure",
                                       "retention_days",
                                       "audit_alert_children_per_hour",
                                       "oidc_issuer",
                                       "oidc_client_id",
                                       "oidc_client_secret",
                                       "oidc_redirect_url",
                                       "oidc_name",
                                       "oidc_family_issuer",
                                       "oidc_family_client_id",
                                       "oidc_family_client_secret",
                                       "oidc_family_redirect_url",
                                       "oidc_family_name",
                                       "oidc_family_claim",
                                       "backup_key_file",
                                       "header_timeout",
                                       "body_timeout",
                                       "idle_timeout",
                                       "send_timeout"};
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    size_t i;
    memset(c, 0, sizeof(*c));
    snprintf(c->db_url, sizeof(c->db_url), "sqlite:var/barnplan.db");
    snprintf(c->listen, sizeof(c->listen), "127.0.0.1:8080");
    snprintf(c->datadir, sizeof(c->datadir), "%s", BP_DEFAULT_DATADIR);
    snprintf(c->localedir, sizeof(c->localedir), "%s", BP_DEFAULT_LOCALEDIR);
    snprintf(c->access_log, sizeof(c->access_log), "-");
    snprintf(c->smtp_from, sizeof(c->smtp_from), "barnplan@localhost");
    c->workers = 0; /* decided below, once the database is known */
    c->remind_every = 300;
    c->retention_days = -1; /* not set: nothing is purged until the installation decides */
    c->audit_alert_children_per_hour = 40;
    c->header_timeout = 10; /* a browser sends its headers at once; 10 s is far beyond a slow mobile link */
    c->body_timeout = 60;   /* a 10 MB consent scan (BP_MAX_SCAN_BYTES) over about 1.5 Mbit/s */
    c->idle_timeout = 60;   /* a reverse proxy's upstream keep-alive must be shorter than this */
    c->send_timeout = 60;   /* a 10 MB scan or a plan's PDF to a slow reader */
    c->default_model = BP_MODEL_VASTERBOTTEN;

    if (path) {
        FILE *f = fopen(path, "r");
        char line[2048];
        int lineno = 0;
        if (!f) {
            snprintf(err, errlen, "%s: cannot open", path);
            return false;
        }
        while (fgets(line, sizeof(line), f)) {
            char *k = line, *eq, *v, *end;
            lineno++;
            while (isspace((unsigned char)*k))
                k++;
            if (*k == '#' || *k == '\0')
                continue;
            eq = strchr(k, '=');
            if (!eq) {
                snprintf(err, errlen, "%s:%d: expected KEY = value", path, lineno);
                (void)fclose(f); /* read only: nothing to flush */
                return false;
            }
            for (end = eq; end > k && isspace((unsigned char)end[-1]); end--)
                ;
            *end = '\0';
            for (v = eq + 1; isspace((unsigned char)*v); v++)
                ;
            for (end = v + strlen(v); end > v && isspace((unsigned char)end[-1]); end--)
                ;
            *end = '\0';
            if (!set(c, k, v, err, errlen)) {
                (void)fclose(f);
                return false;
            }
        }
        if (ferror(f)) {
            snprintf(err, errlen, "%s: cannot read", path);
            (void)fclose(f);
            return false;
        }
        (void)fclose(f);
    }
    for (i = 0; i < BP_ARRAY_LEN(keys); i++) {
        char env[64] = "BARNPLAN_";
        size_t j, at = strlen(env);
        const char *v;
        for (j = 0; keys[i][j] && at + 1 < sizeof(env); j++)
            env[at++] = (char)toupper((unsigned char)keys[i][j]);
        env[at] = '\0';
        v = getenv(env);
        /* an empty value is no value, except for the access log, where it means "none" */
        if (v && (*v || strcmp(keys[i], "access_log") == 0) && !set(c, keys[i], v, err, errlen))
            return false;
    }
    if (!issuer_ok(c->oidc_issuer) || !issuer_ok(c->oidc_family_issuer)) {
        snprintf(err, errlen, "an OpenID Connect issuer must be an https:// URL (http:// only on this host)");
        return false;
    }
    if (!proxies_ok(c->trusted_proxy, err, errlen))
        return false;
    if (c->oidc_issuer[0] && (!c->oidc_client_id[0] || !c->oidc_redirect_url[0])) {
        snprintf(err, errlen, "oidc_issuer needs oidc_client_id and oidc_redirect_url");
        return false;
    }
    if (c->oidc_family_issuer[0] && (!c->oidc_family_client_id[0] || !c->oidc_family_redirect_url[0])) {
        snprintf(err, errlen, "oidc_family_issuer needs oidc_family_client_id and oidc_family_redirect_url");
        return false;
    }
    if (!c->public_url[0])
        snprintf(c->public_url, sizeof(c->public_url), "http://%s", c->listen);
    /* One worker per core on both backends (issue 12 item 1). SQLite has one writer at a time and every read
     * writes its audit entry: there the workers hand their entries to one audit writer (jobs/audit_writer.c)
     * instead of taking turns at the write lock. PostgreSQL takes concurrent writers. */
    if (c->workers == 0)
        c->workers = cores > 0 && cores <= 256 ? (int)cores : 2;
    return true;
}
