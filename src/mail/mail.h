/* mail.h: composing one e-mail (RFC 5322 headers, MIME body, optionally a calendar invitation) and
 * the outbox's retry rule. Pure: no I/O, no clock (the date is a parameter).
 *
 * No personal data: a message leaves Barnplan for mail servers it does not control and is kept there.
 * Callers write a neutral subject and text ("Du är inbjuden till ett möte", a link to log in), never
 * the child's name, personnummer or anything about the case.
 * Must not: send anything (smtp.h does), or let a header value start a new header. */
#ifndef BP_MAIL_H
#define BP_MAIL_H
#include "util/buf.h"
#include "util/limits.h"
#include "mail/ical.h"

struct bp_mail_msg {
    const char *from;               /* the sender's address, "barnplan@kommun.se" */
    const char *from_name;          /* NULL: none; UTF-8, encoded as RFC 2047 when not ASCII */
    const char *to;                 /* one recipient's address */
    const char *subject;            /* UTF-8, at most BP_MAX_SHORT_TEXT bytes */
    const char *text;               /* the plain-text body, UTF-8; "\n" or "\r\n" line ends */
    const char *ics;                /* NULL: none; a calendar from bp_ical_build */
    enum bp_ical_method ics_method; /* the ics's METHOD (the MIME type repeats it) */
    const char *message_id;         /* "<...@host>"; the outbox keeps it across retries */
    int64_t date;                   /* unix seconds, for the Date header */
};

/* Appends the whole message to `out`: CRLF line ends, 7-bit, no line over 78 octets but one holding
 * a long address or Message-ID (never over 998). Without ics: a text/plain part in quoted-printable. With
 * ics: multipart/mixed with that text and a text/calendar part (method=REQUEST|CANCEL, base64, invite.ics),
 * which calendar programs show as an invitation or a cancellation. BP_ERR_INVALID: a CR or LF (or other
 * control character) in from, from_name, to or subject, an address that is not one plain addr-spec, a bad
 * message_id, invalid UTF-8. BP_ERR_TOO_LARGE: a field over its limit or `out` over its cap. */
enum bp_err bp_mail_compose(const struct bp_mail_msg *m, struct bp_buf *out);

/* What bp_mail_text_check lets through beside printable UTF-8: LF, a tab, and (BP_TEXT_TRIMMED) asks for
 * no space or tab at either end. */
enum { BP_TEXT_LF = 1, BP_TEXT_TAB = 2, BP_TEXT_TRIMMED = 4 };
/* A header value's or a calendar property's text (mail.c, ical.c): NULL is fine when not `required`
 * (else BP_ERR_INVALID, as for an empty one); over `max` bytes BP_ERR_TOO_LARGE; BP_ERR_INVALID for
 * invalid UTF-8, a CR or any other control character `allow` does not let through, or (BP_TEXT_TRIMMED)
 * a space or tab at either end. */
enum bp_err bp_mail_text_check(const char *s, size_t max, bool required, unsigned allow);

/* True for a plain ASCII addr-spec "local@domain": one '@', no white space, controls, angle
 * brackets, quotes or other specials, at most BP_MAX_MAIL_ADDR bytes. Internationalised addresses
 * (SMTPUTF8) are refused. Also guards the SMTP envelope (smtp.h). */
bool bp_mail_addr_valid(const char *addr);

/* The outbox's retry rule. A message is never dropped, silently or otherwise: after a failed attempt
 * the outbox waits bp_mail_retry_delay(attempts) (attempts: failed attempts so far, 1 after the
 * first) -- 1 min, 5 min, 30 min, 2 h, then every 6 h for as long as the row exists. Once
 * bp_mail_give_up(attempts) is true (BP_MAIL_FAILING_AFTER failures, about 2.5 hours) or the server
 * gave a permanent (5xx) answer, the outbox marks the row "failing" so that the administrator sees
 * it, and keeps retrying on the capped delay until it is sent or the administrator acts on it. */
#define BP_MAIL_FAILING_AFTER 5
int64_t bp_mail_retry_delay(int attempts);
bool bp_mail_give_up(int attempts);

#endif
