/* mail_tool.c: a test tool over the mail module, for the tests in tests/mail/ (and people trying a mail
 * server by hand). Not part of Barnplan: it is never installed and never sees a database.
 *
 *   mail_tool send URL FROM TO SUBJECT TEXT [ICS-START-UNIX ICS-END-UNIX METHOD SEQUENCE]
 *       composes one message (with an invitation when the four last arguments are given; METHOD is
 *       REQUEST or CANCEL; the uid follows from the start, so a cancel matches its request) and sends
 *       it. Exit 0: sent; 75 (EX_TEMPFAIL): a temporary failure; 1: a permanent one; 64: usage.
 *       The environment's BARNPLAN_SMTP_TIMEOUT_MS sets the timeout.
 *   mail_tool ical-read < file.ics
 *       prints what bp_ical_read finds as key=value lines: method, uid, sequence, status, summary,
 *       start_utc, start_local, tzid (end_utc too). Exit 0, or 1 when the file is refused.
 * Must not: print any of the message or an address to stderr beyond what the tests themselves pass. */
#include <time.h>
#include <unistd.h>
#include "mail/ical.h"
#include "mail/mail.h"
#include "mail/smtp.h"
#include "util/buf.h"
#include "util/limits.h"

#define EX_USAGE_    64
#define EX_TEMPFAIL_ 75

static int usage(void)
{
    fputs("usage: mail_tool send URL FROM TO SUBJECT TEXT [ICS-START-UNIX ICS-END-UNIX REQUEST|CANCEL "
          "SEQUENCE]\n"
          "       mail_tool ical-read < file.ics\n",
          stderr);
    return EX_USAGE_;
}

static int cmd_send(int argc, char **argv)
{
    const char *url = argv[2], *from = argv[3], *to = argv[4];
    struct bp_buf ics, msg, uid, mid;
    struct bp_mail_msg m = {0};
    struct bp_smtp_config cfg = {0};
    struct bp_smtp_result res;
    const char *rcpts[1];
    int64_t now = (int64_t)time(NULL), timeout = 10000;
    enum bp_err rc;
    int status = 1;

    if (argc != 7 && argc != 11)
        return usage();
    bp_buf_init(&ics, BP_MAX_ICS_BYTES);
    bp_buf_init(&msg, BP_MAX_MAIL_BYTES);
    bp_buf_init(&uid, 256);
    bp_buf_init(&mid, 256);
    m.from = from;
    m.from_name = "Barnplan";
    m.to = to;
    m.subject = argv[5];
    m.text = argv[6];
    m.date = now;
    bp_buf_addf(&mid, "<mail-tool-%ld-%lld@barnplan.test>", (long)getpid(), (long long)now);
    m.message_id = bp_buf_str(&mid);

    if (argc == 11) {
        struct bp_ical_event ev = {0};
        int64_t seq;
        const char *attendees[1] = {to};
        if (!bp_parse_int64(argv[7], 0, INT64_MAX, &ev.start) ||
            !bp_parse_int64(argv[8], 0, INT64_MAX, &ev.end) || !bp_parse_int64(argv[10], 0, 1000000, &seq)) {
            status = usage();
            goto out;
        }
        if (strcmp(argv[9], "REQUEST") == 0)
            ev.method = BP_ICAL_REQUEST;
        else if (strcmp(argv[9], "CANCEL") == 0)
            ev.method = BP_ICAL_CANCEL;
        else {
            status = usage();
            goto out;
        }
        bp_buf_addf(&uid, "mail-tool-%lld@barnplan.test", (long long)ev.start);
        ev.uid = bp_buf_str(&uid);
        ev.sequence = (int)seq;
        ev.summary = argv[5];
        ev.description = argv[6];
        ev.url = "https://barnplan.test/meetings/1";
        ev.organizer_email = from;
        ev.organizer_name = "Barnplan";
        ev.attendee_emails = attendees;
        ev.n_attendees = 1;
        ev.stamp = now;
        if ((rc = bp_ical_build(&ev, &ics))) {
            fprintf(stderr, "mail_tool: bp_ical_build: %s\n", bp_err_name(rc));
            goto out;
        }
        m.ics = bp_buf_str(&ics);
        m.ics_method = ev.method;
    }
    if ((rc = bp_mail_compose(&m, &msg))) {
        fprintf(stderr, "mail_tool: bp_mail_compose: %s\n", bp_err_name(rc));
        goto out;
    }
    if (getenv("BARNPLAN_SMTP_TIMEOUT_MS") &&
        !bp_parse_int64(getenv("BARNPLAN_SMTP_TIMEOUT_MS"), 1, BP_MAX_SMTP_TIMEOUT_MS, &timeout)) {
        status = usage();
        goto out;
    }
    cfg.url = url;
    cfg.timeout_ms = (long)timeout;
    rcpts[0] = to;
    rc = bp_smtp_send(&cfg, from, rcpts, 1, msg.data, msg.len, &res);
    if (rc == BP_OK) {
        status = 0;
        goto out;
    }
    fprintf(stderr, "mail_tool: bp_smtp_send: %s code=%ld permanent=%d error=%s\n", bp_err_name(rc), res.code,
            res.permanent, res.error);
    status = rc == BP_ERR_UNAVAILABLE && !res.permanent ? EX_TEMPFAIL_ : 1;
out:
    bp_buf_release(&ics);
    bp_buf_release(&msg);
    bp_buf_release(&uid);
    bp_buf_release(&mid);
    return status;
}

static int cmd_ical_read(void)
{
    struct bp_buf in;
    struct bp_ical_info info;
    char chunk[4096];
    size_t n;
    enum bp_err rc;
    int status = 1;

    bp_buf_init(&in, BP_MAX_ICS_BYTES);
    while ((n = fread(chunk, 1, sizeof(chunk), stdin)) > 0)
        bp_buf_add(&in, chunk, n);
    if (bp_buf_failed(&in) || memchr(bp_buf_str(&in), '\0', in.len)) {
        fputs("mail_tool: the input is too large or holds a NUL byte\n", stderr);
        goto out;
    }
    if ((rc = bp_ical_read(bp_buf_str(&in), &info))) {
        fprintf(stderr, "mail_tool: bp_ical_read: %s\n", bp_err_name(rc));
        goto out;
    }
    printf("method=%s\nuid=%s\nsequence=%d\nstatus=%s\nsummary=",
           info.method == BP_ICAL_CANCEL ? "CANCEL" : "REQUEST", info.uid, info.sequence, info.status);
    /* one line per key: a newline in the summary is printed as \n */
    for (const char *p = info.summary; *p; p++) {
        if (*p == '\n')
            fputs("\\n", stdout);
        else if (*p == '\\')
            fputs("\\\\", stdout);
        else
            putchar(*p);
    }
    printf("\nstart_utc=%lld\nend_utc=%lld\nstart_local=%s\ntzid=%s\n", (long long)info.start,
           (long long)info.end, info.start_local, info.tzid);
    status = 0;
out:
    bp_buf_release(&in);
    return status;
}

int main(int argc, char **argv)
{
    int status;
    if (argc < 2)
        return usage();
    if (bp_mail_global_init() != BP_OK) {
        fputs("mail_tool: bp_mail_global_init failed\n", stderr);
        return 1;
    }
    if (strcmp(argv[1], "send") == 0 && argc >= 7)
        status = cmd_send(argc, argv);
    else if (strcmp(argv[1], "ical-read") == 0 && argc == 2)
        status = cmd_ical_read();
    else
        status = usage();
    bp_mail_global_release();
    return status;
}
