/* fuzz_mail.c: fuzz target for bp_mail_compose (mail/mail.h). The input is up to four fields separated
 * by NUL bytes -- subject, display name, recipient, text -- and the contract is checked: a message is
 * refused, or it is 7-bit with CRLF line ends and no line over 998 octets, its header block holds
 * exactly Barnplan's headers in order (no caller's text added one: no header injection), and its
 * Subject decodes back to the subject given. Must not keep state between inputs. */
#include "fuzz.h"
#include "mail/mail.h"

static const char *const headers[] = {
    "Date",         "From",         "To",
    "Subject",      "Message-ID",   "Auto-Submitted",
    "MIME-Version", "Content-Type", "Content-Transfer-Encoding",
};

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

/* The Subject header's value (unfolded) decoded: raw, or RFC 2047 UTF-8 B-words. */
static void decode_subject(const char *v, size_t n, struct bp_buf *out)
{
    size_t i = 0;
    if (n < 10 || memcmp(v, "=?UTF-8?B?", 10) != 0) {
        bp_buf_add(out, v, n);
        return;
    }
    while (i < n) {
        uint32_t acc = 0;
        int bits = 0;
        while (i < n && (v[i] == ' ' || v[i] == '\r' || v[i] == '\n'))
            i++;
        if (i == n)
            break;
        FUZZ_CHECK(n - i > 12 && memcmp(v + i, "=?UTF-8?B?", 10) == 0);
        for (i += 10; i < n && v[i] != '?'; i++) {
            int d;
            if (v[i] == '=')
                continue;
            d = b64val(v[i]);
            FUZZ_CHECK(d >= 0);
            acc = (acc << 6) | (uint32_t)d;
            bits += 6;
            if (bits >= 8) {
                bits -= 8;
                bp_buf_addc(out, (char)((acc >> bits) & 0xFF));
            }
        }
        FUZZ_CHECK(i + 1 < n && v[i + 1] == '=');
        i += 2;
    }
}

static void check_message(const char *msg, size_t len, const char *subject)
{
    size_t i, col = 0, h = 0;
    const char *p = msg, *end;
    struct bp_buf got;

    for (i = 0; i < len; i++) {
        unsigned char c = (unsigned char)msg[i];
        FUZZ_CHECK(c != 0 && c < 0x80);
        if (c == '\n')
            FUZZ_CHECK(i > 0 && msg[i - 1] == '\r');
        if (c == '\r')
            FUZZ_CHECK(i + 1 < len && msg[i + 1] == '\n');
        col = c == '\n' ? 0 : col + 1;
        FUZZ_CHECK(col <= 999); /* 998 and the CR */
    }
    end = strstr(msg, "\r\n\r\n");
    FUZZ_CHECK(end != NULL);
    /* every line of the header block starts a known header, in order, or continues one */
    while (p < end + 2) {
        const char *nl = strstr(p, "\r\n");
        if (*p != ' ' && *p != '\t') {
            size_t n = strlen(headers[h < BP_ARRAY_LEN(headers) ? h : 0]);
            FUZZ_CHECK(h < BP_ARRAY_LEN(headers));
            FUZZ_CHECK(strncmp(p, headers[h], n) == 0 && p[n] == ':');
            if (strcmp(headers[h], "Subject") == 0) {
                const char *v = p + n + 2, *e = v;
                for (;;) { /* the value runs to a line that is not a continuation */
                    e = strstr(e, "\r\n");
                    if (e[2] != ' ')
                        break;
                    e += 2;
                }
                bp_buf_init(&got, 4 * BP_MAX_SHORT_TEXT);
                decode_subject(v, (size_t)(e - v), &got);
                FUZZ_CHECK(!bp_buf_failed(&got) && strcmp(bp_buf_str(&got), subject) == 0);
                bp_buf_release(&got);
            }
            h++;
        }
        p = nl + 2;
    }
    FUZZ_CHECK(h == BP_ARRAY_LEN(headers));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *copy = malloc(size + 1);
    const char *field[4] = {"Inbjudan", "Barnplan", "anna@skolan.example", "Hej"};
    struct bp_mail_msg m = {0};
    struct bp_buf out;
    size_t i, start = 0;
    int k = 0;

    if (!copy)
        return 0;
    memcpy(copy, data, size);
    copy[size] = '\0';
    for (i = 0; i <= size && k < 4; i++) {
        if (i == size || copy[i] == '\0') {
            field[k++] = copy + start;
            start = i + 1;
        }
    }
    m.from = "barnplan@kommun.example";
    m.subject = field[0];
    m.from_name = field[1];
    m.to = field[2];
    m.text = field[3];
    m.message_id = "<fuzz@barnplan.example>";
    m.date = 1781510400;
    bp_buf_init(&out, BP_MAX_MAIL_BYTES);
    if (bp_mail_compose(&m, &out) == BP_OK) {
        FUZZ_CHECK(!bp_buf_failed(&out));
        FUZZ_CHECK(bp_mail_addr_valid(m.to));
        check_message(bp_buf_str(&out), out.len, m.subject);
    }
    bp_buf_release(&out);
    free(copy);
    return 0;
}
