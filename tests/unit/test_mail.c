/* test_mail.c: composing e-mail (mail/mail.h) and the checks bp_smtp_send makes before it connects
 * (mail/smtp.h): CRLF and line lengths, RFC 2047 subjects that decode back to the UTF-8 original, no
 * header injection, the calendar part of an invitation, and the outbox's retry rule. The real SMTP
 * round trip is tests/mail/smtp.test.mjs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#include "mail/mail.h"
#include "mail/smtp.h"
#include "util/form.h"

#define DATE_2026_06_15_0800Z 1781510400

static struct bp_mail_msg message(void)
{
    struct bp_mail_msg m = {
        .from = "barnplan@kommun.example",
        .from_name = "Barnplan",
        .to = "anna@skolan.example",
        .subject = "Inbjudan till möte",
        .text = "Hej!\nDu är inbjuden till ett möte.\nLogga in: https://barnplan.example/meetings/17\n",
        .ics = NULL,
        .ics_method = BP_ICAL_REQUEST,
        .message_id = "<outbox-42.1781510400@barnplan.example>",
        .date = DATE_2026_06_15_0800Z,
    };
    return m;
}

static void compose(const struct bp_mail_msg *m, struct bp_buf *b)
{
    enum bp_err rc;
    bp_buf_init(b, BP_MAX_MAIL_BYTES);
    rc = bp_mail_compose(m, b);
    if (rc != BP_OK)
        fail_msg("bp_mail_compose: %s", bp_err_name(rc));
}

/* ---- small decoders, independent of the code under test ---- */

static int b64val(char c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    if (c == '+')
        return 62;
    if (c == '/')
        return 63;
    return -1;
}

/* Decodes base64 in s[0..n), skipping CR and LF; fails the test on anything else. */
static void unbase64(const char *s, size_t n, struct bp_buf *out)
{
    uint32_t acc = 0;
    int bits = 0;
    size_t i;
    for (i = 0; i < n; i++) {
        int v;
        if (s[i] == '\r' || s[i] == '\n')
            continue;
        if (s[i] == '=')
            break;
        v = b64val(s[i]);
        if (v < 0)
            fail_msg("not base64: 0x%02x", (unsigned char)s[i]);
        acc = (acc << 6) | (uint32_t)v;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            bp_buf_addc(out, (char)((acc >> bits) & 0xFF));
        }
    }
}

/* Decodes quoted-printable; hard line breaks come out as "\n". */
static void unqp(const char *s, size_t n, struct bp_buf *out)
{
    size_t i;
    for (i = 0; i < n; i++) {
        if (s[i] == '=' && i + 2 < n && s[i + 1] == '\r' && s[i + 2] == '\n') {
            i += 2;
        } else if (s[i] == '=' && i + 2 < n) {
            unsigned v;
            char hex[3] = {s[i + 1], s[i + 2], 0};
            if (sscanf(hex, "%2x", &v) != 1)
                fail_msg("bad quoted-printable escape =%s", hex);
            bp_buf_addc(out, (char)v);
            i += 2;
        } else if (s[i] == '\r' && i + 1 < n && s[i + 1] == '\n') {
            bp_buf_addc(out, '\n');
            i++;
        } else {
            bp_buf_addc(out, s[i]);
        }
    }
}

/* The value of header `name` ("Subject"), unfolded, from the header block of `msg`, into out. */
static bool header(const char *msg, const char *name, struct bp_buf *out)
{
    const char *end = strstr(msg, "\r\n\r\n"), *p = msg;
    size_t n = strlen(name);
    bp_buf_reset(out);
    while (p && p < end) {
        if (strncmp(p, name, n) == 0 && p[n] == ':') {
            p += n + 1;
            while (*p == ' ')
                p++;
            for (;;) {
                const char *nl = strstr(p, "\r\n");
                bp_buf_add(out, p, (size_t)(nl - p));
                if (nl[2] != ' ' && nl[2] != '\t')
                    return true;
                p = nl + 2; /* the folding white space stays */
            }
        }
        p = strstr(p, "\r\n");
        if (p)
            p += 2;
    }
    return false;
}

/* Decodes a header value made of RFC 2047 UTF-8 B-words separated by folding white space. Each word must
 * decode to whole UTF-8 characters (RFC 2047 5) and be at most 75 characters long. */
static void decode_words(const char *v, struct bp_buf *out)
{
    while (*v) {
        const char *end;
        struct bp_buf one;
        while (*v == ' ' || *v == '\t')
            v++;
        if (strncmp(v, "=?UTF-8?B?", 10) != 0)
            fail_msg("not an encoded-word: %s", v);
        end = strstr(v + 10, "?=");
        assert_non_null(end);
        assert_true(end + 2 - v <= 75);
        bp_buf_init(&one, 1024);
        unbase64(v + 10, (size_t)(end - v - 10), &one);
        if (!bp_utf8_valid_text(bp_buf_str(&one), one.len))
            fail_msg("an encoded-word splits a character: %s", bp_buf_str(&one));
        bp_buf_add(out, one.data, one.len);
        bp_buf_release(&one);
        v = end + 2;
    }
}

/* CRLF line ends only, 7-bit only, no line over 998 octets (RFC 5322 2.1.1); returns the longest line. */
static size_t assert_wire_format(const char *msg)
{
    size_t i, col = 0, longest = 0, n = strlen(msg);
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)msg[i];
        if (c >= 0x80)
            fail_msg("8-bit byte at %zu", i);
        if (c == '\r') {
            if (msg[i + 1] != '\n')
                fail_msg("bare CR at %zu", i);
            if (col > longest)
                longest = col;
            col = 0;
            i++;
            continue;
        }
        if (c == '\n')
            fail_msg("bare LF at %zu", i);
        col++;
    }
    assert_int_equal(col, 0); /* ends with CRLF */
    assert_true(longest <= 998);
    return longest;
}

/* The body of the part whose headers contain `marker` (a Content-Type line). */
static const char *part_body(const char *msg, const char *marker, size_t *len)
{
    const char *p = strstr(msg, marker), *body, *end;
    if (!p)
        fail_msg("no part with %s in\n%s", marker, msg);
    body = strstr(p, "\r\n\r\n") + 4;
    end = strstr(body, "\r\n--=_");
    assert_non_null(end);
    *len = (size_t)(end - body); /* the CRLF before the delimiter belongs to the delimiter (RFC 2046 5.1.1) */
    return body;
}

static void assert_contains(const char *text, const char *needle)
{
    if (!strstr(text, needle))
        fail_msg("expected %s in\n%s", needle, text);
}

/* ---- tests ---- */

static void test_plain_message(void **state)
{
    struct bp_mail_msg m = message();
    struct bp_buf b, v;
    const char *body;
    size_t longest;
    (void)state;
    compose(&m, &b);
    longest = assert_wire_format(bp_buf_str(&b));
    assert_true(longest <= 78);
    bp_buf_init(&v, 4096);
    assert_true(header(bp_buf_str(&b), "Date", &v));
    assert_string_equal(bp_buf_str(&v), "Mon, 15 Jun 2026 08:00:00 +0000");
    assert_true(header(bp_buf_str(&b), "From", &v));
    assert_string_equal(bp_buf_str(&v), "\"Barnplan\" <barnplan@kommun.example>");
    assert_true(header(bp_buf_str(&b), "To", &v));
    assert_string_equal(bp_buf_str(&v), "anna@skolan.example");
    assert_true(header(bp_buf_str(&b), "Message-ID", &v));
    assert_string_equal(bp_buf_str(&v), "<outbox-42.1781510400@barnplan.example>");
    assert_true(header(bp_buf_str(&b), "MIME-Version", &v));
    assert_string_equal(bp_buf_str(&v), "1.0");
    assert_true(header(bp_buf_str(&b), "Content-Type", &v));
    assert_string_equal(bp_buf_str(&v), "text/plain; charset=UTF-8");
    assert_true(header(bp_buf_str(&b), "Content-Transfer-Encoding", &v));
    assert_string_equal(bp_buf_str(&v), "quoted-printable");
    assert_false(header(bp_buf_str(&b), "Bcc", &v));

    body = strstr(bp_buf_str(&b), "\r\n\r\n") + 4;
    bp_buf_reset(&v);
    unqp(body, strlen(body), &v);
    assert_string_equal(bp_buf_str(&v), m.text);
    bp_buf_release(&v);
    bp_buf_release(&b);
}

static void test_subject_encoding(void **state)
{
    static const char *const subjects[] = {
        "Inbjudan till möte",
        "Ändrad tid: samordningsmöte på fredag",
        /* long, with two- and three-byte characters: several words, no character split */
        "Påminnelse: möte om samordnat stöd – ”Barnplan” – åäö ÅÄÖ åäö ÅÄÖ åäö ÅÄÖ åäö ÅÄÖ åäö ÅÄÖ åäö ÅÄÖ "
        "åäö ÅÄÖ €€€€€€€€€€",
        /* ASCII, but too long for one line */
        "A reminder about a meeting that has a rather long subject line, longer than seventy-eight",
        /* ASCII that looks like an encoded-word must not be taken for one */
        "=?UTF-8?B?SGVq?=",
    };
    size_t i;
    (void)state;
    for (i = 0; i < BP_ARRAY_LEN(subjects); i++) {
        struct bp_mail_msg m = message();
        struct bp_buf b, v, d;
        m.subject = subjects[i];
        compose(&m, &b);
        /* RFC 2047 2: a line holding an encoded-word is at most 76 characters */
        assert_true(assert_wire_format(bp_buf_str(&b)) <= 76);
        bp_buf_init(&v, 4096);
        bp_buf_init(&d, 4096);
        assert_true(header(bp_buf_str(&b), "Subject", &v));
        decode_words(bp_buf_str(&v), &d);
        assert_string_equal(bp_buf_str(&d), subjects[i]);
        bp_buf_release(&v);
        bp_buf_release(&d);
        bp_buf_release(&b);
    }
    {
        /* a short ASCII subject is written as it is */
        struct bp_mail_msg m = message();
        struct bp_buf b, v;
        m.subject = "Meeting invitation";
        compose(&m, &b);
        bp_buf_init(&v, 4096);
        assert_true(header(bp_buf_str(&b), "Subject", &v));
        assert_string_equal(bp_buf_str(&v), "Meeting invitation");
        bp_buf_release(&v);
        bp_buf_release(&b);
    }
}

static void test_from_display_name(void **state)
{
    struct bp_mail_msg m = message();
    struct bp_buf b, v, d;
    const char *lt;
    (void)state;
    bp_buf_init(&v, 4096);
    bp_buf_init(&d, 4096);

    m.from_name = "Barnplan Umeå kommun";
    compose(&m, &b);
    assert_true(header(bp_buf_str(&b), "From", &v));
    lt = strrchr(bp_buf_str(&v), '<');
    assert_non_null(lt);
    assert_string_equal(lt, "<barnplan@kommun.example>");
    {
        /* the words before the address */
        char *words = bp_xstrdup(bp_buf_str(&v));
        words[lt - bp_buf_str(&v)] = '\0';
        while (strlen(words) && (words[strlen(words) - 1] == ' '))
            words[strlen(words) - 1] = '\0';
        decode_words(words, &d);
        free(words);
    }
    assert_string_equal(bp_buf_str(&d), "Barnplan Umeå kommun");
    bp_buf_release(&b);

    m.from_name = "Barnplan \"test\" \\ 1";
    compose(&m, &b);
    assert_true(header(bp_buf_str(&b), "From", &v));
    assert_string_equal(bp_buf_str(&v), "\"Barnplan \\\"test\\\" \\\\ 1\" <barnplan@kommun.example>");
    bp_buf_release(&b);

    m.from_name = NULL;
    compose(&m, &b);
    assert_true(header(bp_buf_str(&b), "From", &v));
    assert_string_equal(bp_buf_str(&v), "barnplan@kommun.example");
    bp_buf_release(&b);
    bp_buf_release(&v);
    bp_buf_release(&d);
}

static void expect_compose(const struct bp_mail_msg *m, enum bp_err want, const char *what)
{
    struct bp_buf b;
    enum bp_err rc;
    bp_buf_init(&b, BP_MAX_MAIL_BYTES);
    rc = bp_mail_compose(m, &b);
    if (rc != want)
        fail_msg("%s: %s, wanted %s", what, bp_err_name(rc), bp_err_name(want));
    if (rc != BP_OK)
        assert_int_equal(b.len, 0); /* nothing half-written... */
    bp_buf_release(&b);
}

static void test_header_injection(void **state)
{
    struct bp_mail_msg m;
    (void)state;
#define EXPECT(change, want)                                                                                 \
    do {                                                                                                     \
        m = message();                                                                                       \
        change;                                                                                              \
        expect_compose(&m, want, #change);                                                                   \
    } while (0)
    EXPECT(m.subject = "Hej\r\nBcc: evil@example.com", BP_ERR_INVALID);
    EXPECT(m.subject = "Hej\nBcc: evil@example.com", BP_ERR_INVALID);
    EXPECT(m.subject = "Hej\rBcc: evil@example.com", BP_ERR_INVALID);
    EXPECT(m.subject = "Hej\tdå", BP_ERR_INVALID);
    EXPECT(m.from_name = "Barnplan\r\nBcc: evil@example.com", BP_ERR_INVALID);
    EXPECT(m.from_name = "Bärnplan\n", BP_ERR_INVALID);
    EXPECT(m.to = "anna@skolan.example\r\nBcc: evil@example.com", BP_ERR_INVALID);
    EXPECT(m.to = "anna@skolan.example\n", BP_ERR_INVALID);
    EXPECT(m.from = "barnplan@kommun.example\r\nBcc: evil@example.com", BP_ERR_INVALID);
    EXPECT(m.message_id = "<a@b>\r\nBcc: evil@example.com", BP_ERR_INVALID);
    EXPECT(m.subject = "", BP_ERR_INVALID);
    EXPECT(m.subject = NULL, BP_ERR_INVALID);
    EXPECT(m.subject = "M\xC3", BP_ERR_INVALID); /* cut UTF-8 */
    EXPECT(m.text = NULL, BP_ERR_INVALID);
    EXPECT(m.text = "bad \xFF byte", BP_ERR_INVALID);
    EXPECT(m.message_id = NULL, BP_ERR_INVALID);
    EXPECT(m.message_id = "no-angles@host", BP_ERR_INVALID);
    EXPECT(m.message_id = "<no-at>", BP_ERR_INVALID);
    EXPECT(m.message_id = "<a b@host>", BP_ERR_INVALID);
    EXPECT(m.date = -1, BP_ERR_INVALID);
    EXPECT(m.ics_method = (enum bp_ical_method)9, BP_ERR_INVALID);
    EXPECT(m.ics = "", BP_ERR_INVALID);
    EXPECT(m.subject = "Hej", BP_OK);
#undef EXPECT
}

static void test_addresses(void **state)
{
    static const char *const good[] = {"a@b", "first.last+tag@sub.example.se", "x_y-z@kommun-1.se"};
    static const char *const bad[] = {
        "",     "a",     "a@",    "@b",      "a@@b",     "a@b@c",   "a b@c",         "<a@b>",
        "a@b>", "a,b@c", "a;b@c", "a@b\r\n", "a@b\n",    "\"a\"@b", "åsa@kommun.se", "a@b..se",
        ".a@b", "a.@b",  "a@.b",  "a@b.",    "a@b_c.se", "a(b)@c",
    };
    char long_addr[BP_MAX_MAIL_ADDR + 2];
    size_t i;
    (void)state;
    for (i = 0; i < BP_ARRAY_LEN(good); i++)
        if (!bp_mail_addr_valid(good[i]))
            fail_msg("refused %s", good[i]);
    for (i = 0; i < BP_ARRAY_LEN(bad); i++)
        if (bp_mail_addr_valid(bad[i]))
            fail_msg("accepted %s", bad[i]);
    assert_false(bp_mail_addr_valid(NULL));
    memset(long_addr, 'a', sizeof(long_addr) - 1);
    long_addr[sizeof(long_addr) - 1] = '\0';
    long_addr[10] = '@';
    assert_false(bp_mail_addr_valid(long_addr));
    long_addr[sizeof(long_addr) - 2] = '\0'; /* exactly BP_MAX_MAIL_ADDR */
    assert_true(bp_mail_addr_valid(long_addr));
}

/* The text part survives quoted-printable whatever its lines: long, with trailing spaces, '=', 8-bit
 * characters, CRLF or LF line ends; every encoded line is at most 76 octets (RFC 2045 6.7). */
static void test_quoted_printable(void **state)
{
    struct bp_mail_msg m = message();
    struct bp_buf text, b, v, want;
    const char *body, *line, *nl;
    size_t i;
    (void)state;
    bp_buf_init(&text, BP_MAX_MAIL_TEXT);
    bp_buf_adds(&text, "Rad med blanksteg på slutet   \n");
    bp_buf_adds(&text, "Tab på slutet\t\r\n");
    bp_buf_adds(&text, "a=b, 100% =3D\n");
    for (i = 0; i < 300; i++)
        bp_buf_adds(&text, i % 7 ? "å" : "x");
    bp_buf_adds(&text, "\n");
    for (i = 0; i < 2000; i++)
        bp_buf_addc(&text, (char)('a' + i % 26));
    bp_buf_adds(&text, "\n.\n..\nFrom here\nslut utan radbrytning");
    m.text = bp_buf_str(&text);
    compose(&m, &b);
    assert_true(assert_wire_format(bp_buf_str(&b)) <= 78);
    body = strstr(bp_buf_str(&b), "\r\n\r\n") + 4;
    for (line = body; (nl = strstr(line, "\r\n")) != NULL; line = nl + 2) {
        if (nl - line > 76)
            fail_msg("a body line of %d octets", (int)(nl - line));
        if (nl > line && (nl[-1] == ' ' || nl[-1] == '\t'))
            fail_msg("white space before a line break");
    }
    bp_buf_init(&v, BP_MAX_MAIL_TEXT);
    unqp(body, strlen(body), &v);
    bp_buf_init(&want, BP_MAX_MAIL_TEXT);
    for (i = 0; i < text.len; i++)
        if (!(text.data[i] == '\r' && text.data[i + 1] == '\n'))
            bp_buf_addc(&want, text.data[i]);
    bp_buf_adds(&want, "\n"); /* the body ends with a line break */
    assert_string_equal(bp_buf_str(&v), bp_buf_str(&want));
    bp_buf_release(&text);
    bp_buf_release(&b);
    bp_buf_release(&v);
    bp_buf_release(&want);
}

static void test_invitation_parts(void **state)
{
    static const enum bp_ical_method methods[] = {BP_ICAL_REQUEST, BP_ICAL_CANCEL};
    static const char *const names[] = {"REQUEST", "CANCEL"};
    static const char *const attendees[] = {"anna@skolan.example"};
    size_t i;
    (void)state;
    for (i = 0; i < BP_ARRAY_LEN(methods); i++) {
        struct bp_ical_event ev = {
            .uid = "meeting-17@barnplan.example",
            .sequence = (int)i,
            .method = methods[i],
            .start = DATE_2026_06_15_0800Z,
            .end = DATE_2026_06_15_0800Z + 3600,
            .summary = "Samordningsmöte",
            .url = "https://barnplan.example/meetings/17",
            .organizer_email = "barnplan@kommun.example",
            .attendee_emails = attendees,
            .n_attendees = 1,
            .stamp = DATE_2026_06_15_0800Z - 86400,
        };
        struct bp_mail_msg m = message();
        struct bp_buf ics, b, v, marker;
        const char *body;
        size_t len;
        struct bp_ical_info info;

        bp_buf_init(&ics, BP_MAX_ICS_BYTES);
        assert_int_equal(bp_ical_build(&ev, &ics), BP_OK);
        m.ics = bp_buf_str(&ics);
        m.ics_method = methods[i];
        compose(&m, &b);
        assert_true(assert_wire_format(bp_buf_str(&b)) <= 78);
        bp_buf_init(&v, BP_MAX_ICS_BYTES);
        assert_true(header(bp_buf_str(&b), "Content-Type", &v));
        assert_true(strncmp(bp_buf_str(&v), "multipart/mixed; boundary=\"", 27) == 0);

        body = part_body(bp_buf_str(&b), "Content-Type: text/plain; charset=UTF-8\r\n", &len);
        bp_buf_reset(&v);
        unqp(body, len, &v);
        assert_string_equal(bp_buf_str(&v), m.text);

        bp_buf_init(&marker, 256);
        bp_buf_addf(&marker,
                    "Content-Type: text/calendar; charset=UTF-8; method=%s; name=\"invite.ics\"\r\n"
                    "Content-Disposition: attachment; filename=\"invite.ics\"\r\n"
                    "Content-Transfer-Encoding: base64\r\n\r\n",
                    names[i]);
        body = part_body(bp_buf_str(&b), bp_buf_str(&marker), &len);
        bp_buf_reset(&v);
        unbase64(body, len, &v);
        assert_string_equal(bp_buf_str(&v), bp_buf_str(&ics)); /* byte for byte */
        assert_int_equal(bp_ical_read(bp_buf_str(&v), &info), BP_OK);
        assert_int_equal(info.method, methods[i]);
        assert_string_equal(info.start_local, "2026-06-15 10:00");
        assert_contains(bp_buf_str(&b), "\r\n--=_barnplan_mixed_7d1c--\r\n");

        bp_buf_release(&marker);
        bp_buf_release(&v);
        bp_buf_release(&b);
        bp_buf_release(&ics);
    }
}

static void test_limits(void **state)
{
    struct bp_mail_msg m = message();
    struct bp_buf b;
    char *big;
    (void)state;
    bp_buf_init(&b, 300);
    assert_int_equal(bp_mail_compose(&m, &b), BP_ERR_TOO_LARGE);
    bp_buf_release(&b);

    big = bp_xmalloc(BP_MAX_MAIL_TEXT + 2);
    memset(big, 'a', BP_MAX_MAIL_TEXT + 1);
    big[BP_MAX_MAIL_TEXT + 1] = '\0';
    m.text = big;
    expect_compose(&m, BP_ERR_TOO_LARGE, "text over BP_MAX_MAIL_TEXT");
    free(big);
}

/* The outbox never drops a message: the delay grows and is then capped; after BP_MAIL_FAILING_AFTER
 * failures the row is marked failing for the administrator (and still retried). */
static void test_retry_rule(void **state)
{
    int64_t prev = 0;
    int i;
    (void)state;
    assert_int_equal(bp_mail_retry_delay(0), 0);
    assert_int_equal(bp_mail_retry_delay(1), 60);
    assert_int_equal(bp_mail_retry_delay(2), 5 * 60);
    assert_int_equal(bp_mail_retry_delay(3), 30 * 60);
    assert_int_equal(bp_mail_retry_delay(4), 2 * 3600);
    for (i = 1; i <= 1000; i++) {
        int64_t d = bp_mail_retry_delay(i);
        assert_true(d >= prev);
        assert_true(d <= 6 * 3600);
        if (i <= 5)
            assert_true(d > prev);
        prev = d;
    }
    assert_int_equal(bp_mail_retry_delay(1000), 6 * 3600);
    assert_int_equal(bp_mail_retry_delay(2147483647), 6 * 3600);
    for (i = 0; i < BP_MAIL_FAILING_AFTER; i++)
        assert_false(bp_mail_give_up(i));
    assert_true(bp_mail_give_up(BP_MAIL_FAILING_AFTER));
    assert_true(bp_mail_give_up(1000));
}

/* bp_smtp_send refuses what must never reach a mail server before it connects. */
static void test_smtp_refuses_bad_calls(void **state)
{
    static const char msg[] = "Subject: x\r\n\r\nx\r\n";
    const char *rcpt[] = {"anna@skolan.example"};
    const char *bad_rcpt[] = {"anna@skolan.example>\r\nRCPT TO:<evil@example.com"};
    struct bp_smtp_config c = {.url = "smtp://127.0.0.1:9", .timeout_ms = 1000};
    struct bp_smtp_result res;
    (void)state;
    assert_int_equal(bp_smtp_send(&c, "a@b.example", bad_rcpt, 1, msg, sizeof(msg) - 1, &res),
                     BP_ERR_INVALID);
    assert_true(res.permanent);
    assert_int_equal(bp_smtp_send(&c, "a@b.example\r\nRSET", rcpt, 1, msg, sizeof(msg) - 1, &res),
                     BP_ERR_INVALID);
    assert_int_equal(bp_smtp_send(&c, "a@b.example", rcpt, 0, msg, sizeof(msg) - 1, &res), BP_ERR_INVALID);
    assert_int_equal(bp_smtp_send(&c, "a@b.example", rcpt, 1, msg, 0, &res), BP_ERR_INVALID);
    assert_int_equal(bp_smtp_send(&c, "a@b.example", rcpt, 1, msg, BP_MAX_MAIL_BYTES + 1, &res),
                     BP_ERR_TOO_LARGE);
    c.url = "http://127.0.0.1:9";
    assert_int_equal(bp_smtp_send(&c, "a@b.example", rcpt, 1, msg, sizeof(msg) - 1, &res), BP_ERR_INVALID);
    c.url = "file:///etc/passwd";
    assert_int_equal(bp_smtp_send(&c, "a@b.example", rcpt, 1, msg, sizeof(msg) - 1, &res), BP_ERR_INVALID);
    /* a password never goes over a connection that may be unencrypted */
    c.url = "smtp://127.0.0.1:9";
    c.username = "barnplan";
    c.password = "secret";
    assert_int_equal(bp_smtp_send(&c, "a@b.example", rcpt, 1, msg, sizeof(msg) - 1, &res), BP_ERR_INVALID);
    assert_null(strstr(res.error, "secret"));
    c.timeout_ms = BP_MAX_SMTP_TIMEOUT_MS + 1;
    c.username = c.password = NULL;
    assert_int_equal(bp_smtp_send(&c, "a@b.example", rcpt, 1, msg, sizeof(msg) - 1, &res), BP_ERR_INVALID);
}

/* No server on the port: a temporary failure with no reply code, and an error text without addresses. */
static void test_smtp_connection_refused(void **state)
{
    static const char msg[] = "Subject: x\r\n\r\nx\r\n";
    const char *rcpt[] = {"anna@skolan.example"};
    struct sockaddr_in sa = {.sin_family = AF_INET};
    socklen_t sl = sizeof(sa);
    struct bp_smtp_config c = {.timeout_ms = 5000};
    struct bp_smtp_result res;
    struct bp_buf url;
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    (void)state;
    /* a port that was free a moment ago and has no listener */
    assert_true(fd >= 0);
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
    assert_int_equal(getsockname(fd, (struct sockaddr *)&sa, &sl), 0);
    close(fd);
    bp_buf_init(&url, 64);
    bp_buf_addf(&url, "smtp://127.0.0.1:%u", (unsigned)ntohs(sa.sin_port));
    c.url = bp_buf_str(&url);
    assert_int_equal(bp_smtp_send(&c, "barnplan@kommun.example", rcpt, 1, msg, sizeof(msg) - 1, &res),
                     BP_ERR_UNAVAILABLE);
    assert_false(res.permanent);
    assert_int_equal(res.code, 0);
    assert_true(res.error[0] != '\0');
    assert_null(strstr(res.error, "example"));
    bp_buf_release(&url);
}

static int setup(void **state)
{
    (void)state;
    return bp_mail_global_init() == BP_OK ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    bp_mail_global_release();
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain_message),
        cmocka_unit_test(test_subject_encoding),
        cmocka_unit_test(test_from_display_name),
        cmocka_unit_test(test_header_injection),
        cmocka_unit_test(test_addresses),
        cmocka_unit_test(test_quoted_printable),
        cmocka_unit_test(test_invitation_parts),
        cmocka_unit_test(test_limits),
        cmocka_unit_test(test_retry_rule),
        cmocka_unit_test(test_smtp_refuses_bad_calls),
        cmocka_unit_test(test_smtp_connection_refused),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
