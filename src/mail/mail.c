/* mail.c: composes one e-mail as RFC 5322 + MIME text (see mail.h), and the outbox's retry rule.
 * Must not: do I/O or read the clock, or copy a header value unchecked (every one is validated or
 * encoded, so that no caller's text can add a header or a MIME part). */
#include <time.h>
#include "mail/mail.h"
#include "util/form.h"

/* Cannot occur in base64 or quoted-printable text, so it cannot occur inside a part (RFC 2045 6.7). */
#define BOUNDARY "=_barnplan_mixed_7d1c"
#define MAX_LINE 76 /* encoded body lines (RFC 2045) */
/* Raw bytes in one encoded-word: 52 base64 characters, 64 in all, so that "Subject: " and a word fit in
 * the 76 characters RFC 2047 2 allows a line holding encoded-words. */
#define MAX_WORD_BYTES 39
#define MAX_MESSAGE_ID 250

static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/* Appends base64 of data; with `wrap`, a CRLF after every MAX_LINE characters and at the end. */
static void add_base64(struct bp_buf *b, const unsigned char *p, size_t n, bool wrap)
{
    size_t i, col = 0;
    for (i = 0; i < n; i += 3) {
        uint32_t v = (uint32_t)p[i] << 16;
        char q[4];
        if (i + 1 < n)
            v |= (uint32_t)p[i + 1] << 8;
        if (i + 2 < n)
            v |= p[i + 2];
        q[0] = b64[(v >> 18) & 63];
        q[1] = b64[(v >> 12) & 63];
        q[2] = (char)(i + 1 < n ? b64[(v >> 6) & 63] : '=');
        q[3] = (char)(i + 2 < n ? b64[v & 63] : '=');
        bp_buf_add(b, q, 4);
        col += 4;
        if (wrap && col >= MAX_LINE) {
            bp_buf_adds(b, "\r\n");
            col = 0;
        }
    }
    if (wrap && col)
        bp_buf_adds(b, "\r\n");
}

/* Quoted-printable (RFC 2045 6.7) of UTF-8 text with "\n" or "\r\n" line ends: hard line breaks
 * become CRLF, lines are soft-broken before MAX_LINE, and no raw CR, LF or 8-bit byte is left. */
static void add_qp(struct bp_buf *b, const char *s, size_t n)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t i, col = 0;
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        char tok[3];
        size_t len;
        bool eol_next;
        if (c == '\n' || (c == '\r' && i + 1 < n && s[i + 1] == '\n')) {
            if (c == '\r')
                i++;
            bp_buf_adds(b, "\r\n");
            col = 0;
            continue;
        }
        eol_next = i + 1 == n || s[i + 1] == '\n' || (s[i + 1] == '\r' && i + 2 < n && s[i + 2] == '\n');
        if ((c >= 33 && c <= 126 && c != '=') || ((c == ' ' || c == '\t') && !eol_next)) {
            tok[0] = (char)c;
            len = 1;
        } else {
            tok[0] = '=';
            tok[1] = hex[c >> 4];
            tok[2] = hex[c & 15];
            len = 3;
        }
        /* Leave room for the soft break's "=" unless this token ends the line. */
        if (col + len > (eol_next ? MAX_LINE : MAX_LINE - 1)) {
            bp_buf_adds(b, "=\r\n");
            col = 0;
        }
        bp_buf_add(b, tok, len);
        col += len;
    }
    if (col)
        bp_buf_adds(b, "\r\n");
}

/* RFC 2047 B-encoded words, each whole UTF-8 characters, folded onto lines of their own. */
static void add_encoded_words(struct bp_buf *b, const char *s)
{
    size_t n = strlen(s), i = 0;
    bool first = true;
    while (i < n) {
        size_t end = i + MAX_WORD_BYTES < n ? i + MAX_WORD_BYTES : n;
        while (end < n && end > i + 1 && ((unsigned char)s[end] & 0xC0) == 0x80)
            end--;
        if (!first)
            bp_buf_adds(b, "\r\n ");
        bp_buf_adds(b, "=?UTF-8?B?");
        add_base64(b, (const unsigned char *)s + i, end - i, false);
        bp_buf_adds(b, "?=");
        first = false;
        i = end;
    }
}

static bool is_ascii_printable(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || (unsigned char)*s > 0x7E)
            return false;
    return true;
}

enum bp_err bp_mail_text_check(const char *s, size_t max, bool required, unsigned allow)
{
    size_t n, i;
    if (!s)
        return required ? BP_ERR_INVALID : BP_OK;
    n = strlen(s);
    if (required && n == 0)
        return BP_ERR_INVALID;
    if (n > max)
        return BP_ERR_TOO_LARGE;
    if (!bp_utf8_valid_text(s, n)) /* no control character but tab, CR and LF */
        return BP_ERR_INVALID;
    if ((allow & BP_TEXT_TRIMMED) && n &&
        (s[0] == ' ' || s[0] == '\t' || s[n - 1] == ' ' || s[n - 1] == '\t'))
        return BP_ERR_INVALID;
    for (i = 0; i < n; i++)
        if (s[i] == '\r' || (s[i] == '\n' && !(allow & BP_TEXT_LF)) ||
            (s[i] == '\t' && !(allow & BP_TEXT_TAB)))
            return BP_ERR_INVALID;
    return BP_OK;
}

static bool addr_char(unsigned char c)
{
    return c > 0x20 && c < 0x7F && !strchr("()<>[]:;@\\,\"", c);
}

bool bp_mail_addr_valid(const char *addr)
{
    const char *at, *p;
    size_t n;
    if (!addr)
        return false;
    n = strlen(addr);
    at = strchr(addr, '@');
    if (n > BP_MAX_MAIL_ADDR || !at || at == addr || strchr(at + 1, '@') || at[1] == '\0')
        return false;
    if (at - addr > 64 || addr[0] == '.' || at[-1] == '.' || at[1] == '.' || addr[n - 1] == '.')
        return false;
    for (p = addr; *p; p++) {
        if (p == at)
            continue;
        if (!addr_char((unsigned char)*p) || (p[0] == '.' && p[1] == '.'))
            return false;
        if (p > at && !(*p == '.' || *p == '-' || (*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'z') ||
                        (*p >= 'A' && *p <= 'Z')))
            return false;
    }
    return true;
}

static bool message_id_valid(const char *id)
{
    size_t n, i;
    if (!id)
        return false;
    n = strlen(id);
    if (n < 5 || n > MAX_MESSAGE_ID || id[0] != '<' || id[n - 1] != '>')
        return false;
    if (!memchr(id + 1, '@', n - 2) || id[1] == '@' || id[n - 2] == '@')
        return false;
    for (i = 1; i < n - 1; i++)
        if (!addr_char((unsigned char)id[i]) && id[i] != '@')
            return false;
    return true;
}

/* RFC 5322 3.3: "Mon, 15 Jun 2026 08:00:00 +0000", in UTC; names in English whatever the locale. */
static enum bp_err add_date(struct bp_buf *b, int64_t t)
{
    static const char days[][4] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static const char months[][4] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                     "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    struct tm tm;
    time_t tt = (time_t)t;
    if (t < 0 || !gmtime_r(&tt, &tm) || tm.tm_wday < 0 || tm.tm_wday > 6 || tm.tm_mon < 0 || tm.tm_mon > 11)
        return BP_ERR_INVALID;
    bp_buf_addf(b, "Date: %s, %d %s %04d %02d:%02d:%02d +0000\r\n", days[tm.tm_wday], tm.tm_mday,
                months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
    return BP_OK;
}

/* The length of the header line being written (from the last CRLF). */
static size_t line_len(const struct bp_buf *b)
{
    size_t i = b->len;
    while (i > 0 && b->data[i - 1] != '\n')
        i--;
    return b->len - i;
}

static void add_from(struct bp_buf *b, const char *name, const char *addr)
{
    const char *p;
    bp_buf_adds(b, "From: ");
    if (!name || !*name) {
        bp_buf_addf(b, "%s\r\n", addr);
        return;
    }
    if (is_ascii_printable(name) && !strstr(name, "=?") && strlen("From: \"\"") + strlen(name) <= 78) {
        bp_buf_addc(b, '"');
        for (p = name; *p; p++) {
            if (*p == '"' || *p == '\\')
                bp_buf_addc(b, '\\');
            bp_buf_addc(b, *p);
        }
        bp_buf_addc(b, '"');
    } else {
        add_encoded_words(b, name);
    }
    /* Fold before the address rather than pass 78 octets where it can be helped. */
    if (line_len(b) + strlen(" <>") + strlen(addr) > 78)
        bp_buf_adds(b, "\r\n");
    bp_buf_addf(b, " <%s>\r\n", addr);
}

static void add_subject(struct bp_buf *b, const char *subject)
{
    bp_buf_adds(b, "Subject: ");
    if (is_ascii_printable(subject) && !strstr(subject, "=?") && strlen(subject) <= 78 - strlen("Subject: "))
        bp_buf_adds(b, subject);
    else
        add_encoded_words(b, subject);
    bp_buf_adds(b, "\r\n");
}

static void add_text_part_headers(struct bp_buf *b)
{
    bp_buf_adds(b, "Content-Type: text/plain; charset=UTF-8\r\n"
                   "Content-Transfer-Encoding: quoted-printable\r\n");
}

enum bp_err bp_mail_compose(const struct bp_mail_msg *m, struct bp_buf *out)
{
    enum bp_err rc;
    const char *method;
    size_t text_len;

    if (!m || !out)
        BUG("bp_mail_compose without a message or a buffer");
    if (!bp_mail_addr_valid(m->from) || !bp_mail_addr_valid(m->to) || !message_id_valid(m->message_id))
        return BP_ERR_INVALID;
    /* header text: no control character at all (CR and LF would start a new header) */
    if ((rc = bp_mail_text_check(m->from_name, BP_MAX_NAME, false, 0)) ||
        (rc = bp_mail_text_check(m->subject, BP_MAX_SHORT_TEXT, true, 0)))
        return rc;
    if (!m->text)
        return BP_ERR_INVALID;
    text_len = strlen(m->text);
    if (text_len > BP_MAX_MAIL_TEXT)
        return BP_ERR_TOO_LARGE;
    if (!bp_utf8_valid_text(m->text, text_len))
        return BP_ERR_INVALID;
    if (m->ics) {
        size_t n = strlen(m->ics);
        if (n > BP_MAX_ICS_BYTES)
            return BP_ERR_TOO_LARGE;
        if (n == 0 || !bp_utf8_valid_text(m->ics, n))
            return BP_ERR_INVALID;
    }
    if (m->ics_method == BP_ICAL_REQUEST)
        method = "REQUEST";
    else if (m->ics_method == BP_ICAL_CANCEL)
        method = "CANCEL";
    else
        return BP_ERR_INVALID;

    if ((rc = add_date(out, m->date)))
        return rc;
    add_from(out, m->from_name, m->from);
    bp_buf_addf(out, "To: %s\r\n", m->to);
    add_subject(out, m->subject);
    bp_buf_addf(out, "Message-ID: %s\r\n", m->message_id);
    /* RFC 3834: no out-of-office replies to Barnplan's notifications. */
    bp_buf_adds(out, "Auto-Submitted: auto-generated\r\n"
                     "MIME-Version: 1.0\r\n");
    if (!m->ics) {
        add_text_part_headers(out);
        bp_buf_adds(out, "\r\n");
        add_qp(out, m->text, text_len);
    } else {
        bp_buf_adds(out, "Content-Type: multipart/mixed; boundary=\"" BOUNDARY "\"\r\n"
                         "\r\n"
                         "This is a message in MIME format.\r\n"
                         "\r\n--" BOUNDARY "\r\n");
        add_text_part_headers(out);
        bp_buf_adds(out, "\r\n");
        add_qp(out, m->text, text_len);
        bp_buf_addf(out,
                    "\r\n--" BOUNDARY "\r\n"
                    "Content-Type: text/calendar; charset=UTF-8; method=%s; name=\"invite.ics\"\r\n"
                    "Content-Disposition: attachment; filename=\"invite.ics\"\r\n"
                    "Content-Transfer-Encoding: base64\r\n"
                    "\r\n",
                    method);
        add_base64(out, (const unsigned char *)m->ics, strlen(m->ics), true);
        bp_buf_adds(out, "\r\n--" BOUNDARY "--\r\n");
    }
    return bp_buf_failed(out) ? BP_ERR_TOO_LARGE : BP_OK;
}

int64_t bp_mail_retry_delay(int attempts)
{
    static const int64_t delays[] = {60, 5 * 60, 30 * 60, 2 * 3600, 6 * 3600};
    if (attempts < 1)
        return 0;
    if ((size_t)attempts > BP_ARRAY_LEN(delays))
        return delays[BP_ARRAY_LEN(delays) - 1];
    return delays[attempts - 1];
}

bool bp_mail_give_up(int attempts)
{
    return attempts >= BP_MAIL_FAILING_AFTER;
}
