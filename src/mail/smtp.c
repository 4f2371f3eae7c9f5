/* smtp.c: one SMTP transaction through libcurl (see smtp.h), and the mail module's global set-up.
 * Must not: put an address or any of the message into res->error or a log, follow a URL to another
 * protocol, turn off certificate checks, or send a password in clear. */
#include <strings.h>
#include <curl/curl.h>
#include <libical/ical.h>
#include "mail/smtp.h"
#include "mail/ical.h"
#include "mail/mail.h"
#include "util/buf.h"
#include "util/limits.h"

#define DEFAULT_TIMEOUT_MS 60000L
#define MAX_CONNECT_MS     30000L

enum bp_err bp_mail_global_init(void)
{
    icaltimezone *tz;
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
        return BP_ERR_INTERNAL;
    /* What libical cannot parse becomes X-LIC-ERROR properties, never an abort. */
    icalerror_set_errors_are_fatal(0);
    /* Load Sweden's zone now, so that a missing tzdata shows at start and not at the first invitation. */
    tz = icaltimezone_get_builtin_timezone(BP_ICAL_TZID);
    if (!tz || !icaltimezone_get_component(tz))
        return BP_ERR_INTERNAL;
    return BP_OK;
}

void bp_mail_global_release(void)
{
    icaltimezone_free_builtin_timezones();
    icalmemory_free_ring();
    curl_global_cleanup();
}

struct reader {
    const char *p;
    size_t left;
};

static size_t read_cb(char *dst, size_t size, size_t nmemb, void *userp)
{
    struct reader *r = userp;
    size_t n = size * nmemb < r->left ? size * nmemb : r->left;
    memcpy(dst, r->p, n);
    r->p += n;
    r->left -= n;
    return n;
}

static bool has_prefix(const char *s, const char *prefix)
{
    return strncasecmp(s, prefix, strlen(prefix)) == 0;
}

/* A mistake in the configuration or the call: the same attempt will fail again. */
static enum bp_err refuse(struct bp_smtp_result *res, enum bp_err rc, const char *why)
{
    res->permanent = true;
    snprintf(res->error, sizeof(res->error), "%s", why);
    return rc;
}

/* "<addr>" for the envelope (addresses are checked first: no CR, LF or '>' can reach a command). */
static const char *angle(struct bp_buf *b, const char *addr)
{
    bp_buf_reset(b);
    bp_buf_addf(b, "<%s>", addr);
    return bp_buf_str(b);
}

enum bp_err bp_smtp_send(const struct bp_smtp_config *c, const char *envelope_from, const char *const *rcpts,
                         size_t n_rcpts, const char *message, size_t len, struct bp_smtp_result *res)
{
    CURL *h = NULL;
    struct curl_slist *to = NULL;
    struct reader rd = {message, len};
    struct bp_buf addr;
    CURLcode cc = CURLE_OK;
    long code = 0, timeout;
    bool tls_url, ok = true;
    enum bp_err rc;
    size_t i;

    if (!c || !res)
        BUG("bp_smtp_send without a configuration or a result");
    memset(res, 0, sizeof(*res));
    if (!c->url || !(has_prefix(c->url, "smtp://") || has_prefix(c->url, "smtps://")))
        return refuse(res, BP_ERR_INVALID, "the mail server's URL must start with smtp:// or smtps://");
    tls_url = has_prefix(c->url, "smtps://");
    if ((c->username || c->password) && !(tls_url || c->require_tls))
        return refuse(res, BP_ERR_INVALID, "a mail server password needs TLS (smtps:// or require_tls)");
    if (c->timeout_ms < 0 || c->timeout_ms > BP_MAX_SMTP_TIMEOUT_MS)
        return refuse(res, BP_ERR_INVALID, "the mail server's timeout is out of range");
    timeout = c->timeout_ms ? c->timeout_ms : DEFAULT_TIMEOUT_MS;
    if (!bp_mail_addr_valid(envelope_from))
        return refuse(res, BP_ERR_INVALID, "invalid sender address");
    if (n_rcpts == 0 || !rcpts)
        return refuse(res, BP_ERR_INVALID, "no recipient");
    if (n_rcpts > BP_MAX_MAIL_RCPTS)
        return refuse(res, BP_ERR_TOO_LARGE, "too many recipients");
    for (i = 0; i < n_rcpts; i++)
        if (!bp_mail_addr_valid(rcpts[i]))
            return refuse(res, BP_ERR_INVALID, "invalid recipient address");
    if (!message || len == 0)
        return refuse(res, BP_ERR_INVALID, "empty message");
    if (len > BP_MAX_MAIL_BYTES)
        return refuse(res, BP_ERR_TOO_LARGE, "message too large");

    bp_buf_init(&addr, BP_MAX_MAIL_ADDR + 2);
    for (i = 0; i < n_rcpts; i++) {
        struct curl_slist *next = curl_slist_append(to, angle(&addr, rcpts[i]));
        if (!next) {
            rc = refuse(res, BP_ERR_INTERNAL, "out of memory");
            goto out;
        }
        to = next;
    }
    h = curl_easy_init();
    if (!h) {
        rc = refuse(res, BP_ERR_INTERNAL, "libcurl could not start");
        goto out;
    }
#define SET(opt, val) ok = ok && curl_easy_setopt(h, opt, val) == CURLE_OK
    SET(CURLOPT_URL, c->url);
    SET(CURLOPT_PROTOCOLS_STR, "smtp,smtps");
    SET(CURLOPT_NOSIGNAL, 1L); /* no SIGALRM for timeouts; the process ignores SIGPIPE (http/server.c) */
    SET(CURLOPT_TIMEOUT_MS, timeout);
    SET(CURLOPT_CONNECTTIMEOUT_MS, timeout < MAX_CONNECT_MS ? timeout : MAX_CONNECT_MS);
    /* smtp://: STARTTLS whenever the server offers it; only with require_tls is its absence a failure. */
    SET(CURLOPT_USE_SSL, c->require_tls ? (long)CURLUSESSL_ALL : (long)CURLUSESSL_TRY);
    SET(CURLOPT_SSLVERSION, (long)CURL_SSLVERSION_TLSv1_2);
    if (c->username)
        SET(CURLOPT_USERNAME, c->username);
    if (c->password)
        SET(CURLOPT_PASSWORD, c->password);
    SET(CURLOPT_MAIL_FROM, angle(&addr, envelope_from)); /* libcurl copies strings */
    SET(CURLOPT_MAIL_RCPT, to);
    SET(CURLOPT_UPLOAD, 1L);
    SET(CURLOPT_INFILESIZE_LARGE, (curl_off_t)len); /* the SIZE extension, when offered */
    SET(CURLOPT_READFUNCTION, read_cb);
    SET(CURLOPT_READDATA, &rd);
#undef SET
    if (!ok || bp_buf_failed(&addr)) {
        rc = refuse(res, BP_ERR_INTERNAL, "libcurl lacks an option Barnplan needs");
        goto out;
    }

    cc = curl_easy_perform(h);
    if (curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code) == CURLE_OK)
        res->code = code;
    if (cc == CURLE_OK) {
        rc = BP_OK;
        goto out;
    }
    snprintf(res->error, sizeof(res->error), "%s", curl_easy_strerror(cc));
    switch (cc) {
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_URL_MALFORMAT:
    case CURLE_USE_SSL_FAILED:
    case CURLE_PEER_FAILED_VERIFICATION:
        /* configuration: the administrator must act before a retry can succeed */
        res->permanent = true;
        break;
    default:
        res->permanent = res->code >= 500 && res->code <= 599;
        break;
    }
    rc = BP_ERR_UNAVAILABLE;
out:
    if (h)
        curl_easy_cleanup(h);
    curl_slist_free_all(to);
    bp_buf_release(&addr);
    return rc;
}
