/* config.c: configuration from defaults, a file of KEY = value lines, and BARNPLAN_* variables
 * (later wins). Keys: database, listen, workers, datadir, localedir, model, secure_cookies,
 * access_log, public_url, smtp_url, smtp_from, smtp_username, smtp_password, smtp_require_tls. */
#include <ctype.h>
#include <unistd.h>
#include "web/web.h"

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

static bool set(struct bp_config *c, const char *key, const char *v, char *err, size_t errlen)
{
    int64_t n;
    if (strcmp(key, "database") == 0)
        return copy(c->db_url, sizeof(c->db_url), v, key, err, errlen);
    if (strcmp(key, "listen") == 0)
        return copy(c->listen, sizeof(c->listen), v, key, err, errlen);
    if (strcmp(key, "datadir") == 0)
        return copy(c->datadir, sizeof(c->datadir), v, key, err, errlen);
    if (strcmp(key, "localedir") == 0)
        return copy(c->localedir, sizeof(c->localedir), v, key, err, errlen);
    if (strcmp(key, "access_log") == 0)
        return copy(c->access_log, sizeof(c->access_log), v, key, err, errlen);
    if (strcmp(key, "public_url") == 0)
        return copy(c->public_url, sizeof(c->public_url), v, key, err, errlen);
    if (strcmp(key, "smtp_url") == 0)
        return copy(c->smtp_url, sizeof(c->smtp_url), v, key, err, errlen);
    if (strcmp(key, "smtp_from") == 0)
        return copy(c->smtp_from, sizeof(c->smtp_from), v, key, err, errlen);
    if (strcmp(key, "smtp_username") == 0)
        return copy(c->smtp_username, sizeof(c->smtp_username), v, key, err, errlen);
    if (strcmp(key, "smtp_password") == 0)
        return copy(c->smtp_password, sizeof(c->smtp_password), v, key, err, errlen);
    if (strcmp(key, "smtp_require_tls") == 0) {
        c->smtp_require_tls = strcmp(v, "1") == 0 || strcmp(v, "true") == 0 || strcmp(v, "yes") == 0;
        return true;
    }
    if (strcmp(key, "workers") == 0) {
        if (!bp_parse_int64(v, 1, 256, &n)) {
            snprintf(err, errlen, "workers: a number from 1 to 256");
            return false;
        }
        c->workers = (int)n;
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
        c->secure_cookies = strcmp(v, "1") == 0 || strcmp(v, "true") == 0 || strcmp(v, "yes") == 0;
        return true;
    }
    snprintf(err, errlen, "unknown setting %s", key);
    return false;
}

bool bp_config_load(struct bp_config *c, const char *path, char *err, size_t errlen)
{
    static const struct {
        const char *env, *key;
    } envs[] = {
        {"BARNPLAN_DATABASE", "database"},
        {"BARNPLAN_LISTEN", "listen"},
        {"BARNPLAN_WORKERS", "workers"},
        {"BARNPLAN_DATADIR", "datadir"},
        {"BARNPLAN_LOCALEDIR", "localedir"},
        {"BARNPLAN_MODEL", "model"},
        {"BARNPLAN_SECURE_COOKIES", "secure_cookies"},
        {"BARNPLAN_ACCESS_LOG", "access_log"},
        {"BARNPLAN_PUBLIC_URL", "public_url"},
        {"BARNPLAN_SMTP_URL", "smtp_url"},
        {"BARNPLAN_SMTP_FROM", "smtp_from"},
        {"BARNPLAN_SMTP_USERNAME", "smtp_username"},
        {"BARNPLAN_SMTP_PASSWORD", "smtp_password"},
        {"BARNPLAN_SMTP_REQUIRE_TLS", "smtp_require_tls"},
    };
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
                fclose(f);
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
                fclose(f);
                return false;
            }
        }
        fclose(f);
    }
    for (i = 0; i < BP_ARRAY_LEN(envs); i++) {
        const char *v = getenv(envs[i].env);
        /* an empty value is no value, except for the access log, where it means "none" */
        if (v && (*v || strcmp(envs[i].key, "access_log") == 0) && !set(c, envs[i].key, v, err, errlen))
            return false;
    }
    /* SQLite has one writer at a time, and every read writes its audit entry: measured here
     * (bench/RESULTS.md), one worker answers more requests than two that take turns at the write
     * lock. PostgreSQL takes concurrent writers: one worker per core. */
    if (!c->public_url[0])
        snprintf(c->public_url, sizeof(c->public_url), "http://%s", c->listen);
    if (c->workers == 0)
        c->workers = strncmp(c->db_url, "sqlite:", 7) == 0 ? 1 : cores > 0 && cores <= 256 ? (int)cores : 2;
    return true;
}
