/* ical.h: calendar invitations (iCalendar, RFC 5545/5546 iTIP) for Barnplan's meetings, built and read
 * with libical, never by pasting strings together.
 *
 * No personal data: a calendar entry leaves Barnplan and lands in calendars, phones and mail servers
 * that Barnplan does not control. Callers pass a neutral title ("Samordningsmöte"), a neutral text and
 * a link to the meeting in Barnplan, never the child's name, personnummer, school or reason for the
 * meeting. bp_ical_build writes exactly the fields it is given and nothing else.
 *
 * Threads: libical keeps its builtin time zone table and its error state in globals. Call these
 * functions from one thread only (Barnplan's workers are processes, each single-threaded).
 * Must not: do I/O other than libical's reading of the system's zoneinfo, or read the clock. */
#ifndef BP_ICAL_H
#define BP_ICAL_H
#include "util/buf.h"
#include "util/limits.h"

/* Every event is written in Sweden's time zone, with its VTIMEZONE, under this TZID. */
#define BP_ICAL_TZID "Europe/Stockholm"

enum bp_ical_method {
    BP_ICAL_REQUEST, /* a new or changed meeting (a change has the same uid and a higher sequence) */
    BP_ICAL_CANCEL,  /* the meeting is cancelled (same uid, higher sequence again) */
};

struct bp_ical_event {
    const char *uid; /* stable for the meeting's whole life: "<id>@<host>" */
    int sequence;    /* 0 for the first invitation, one more for every change and the cancel */
    enum bp_ical_method method;
    int64_t start, end;      /* unix seconds; written as local time in Europe/Stockholm (see below) */
    const char *summary;     /* a neutral title, no personal data */
    const char *description; /* NULL: none; a neutral text, no personal data */
    const char *location;    /* NULL: none */
    const char *url;         /* NULL: none; the meeting's page in Barnplan */
    const char *organizer_email;
    const char *organizer_name; /* NULL: none */
    const char *const *attendee_emails;
    size_t n_attendees;
    int64_t stamp; /* DTSTAMP, unix seconds: when this version of the invitation was made */
};

/* Appends a VCALENDAR (PRODID, VERSION, METHOD, the VTIMEZONE of Europe/Stockholm and one VEVENT) to
 * `out`. DTSTART and DTEND are local times with TZID=Europe/Stockholm, except in the hour that the
 * autumn change repeats: a local time there means its first instant (RFC 5545 3.3.5), so such a time
 * is written in UTC. The VEVENT is CLASS:PRIVATE (shared calendars show "busy"). BP_ERR_INVALID: a missing
 * uid, summary or organizer, start >= end, a bad address, invalid UTF-8 or control characters (newlines are
 * fine in summary and description), a text that starts or ends with a space or tab (readers drop those:
 * trim first). BP_ERR_TOO_LARGE: a field over its limit (util/limits.h) or `out` over
 * its cap. */
enum bp_err bp_ical_build(const struct bp_ical_event *ev, struct bp_buf *out);

/* What a calendar program would show of an invitation (tests, and the `barnplan` tools). */
struct bp_ical_info {
    enum bp_ical_method method;
    char uid[256];
    int sequence;
    char status[16]; /* "CONFIRMED", "CANCELLED", ...; "" when absent */
    char summary[1024];
    int64_t start, end;   /* unix seconds; end is 0 when absent */
    char start_local[17]; /* the start as "YYYY-MM-DD HH:MM" in Europe/Stockholm */
    char tzid[64];        /* the TZID DTSTART was written in, or "UTC" */
};

/* Parses `text` (one VCALENDAR with one VEVENT) with libical. The start is converted with the
 * VTIMEZONE the file itself carries, as a calendar program does. BP_ERR_INVALID: not a calendar, no
 * METHOD REQUEST/CANCEL, no VEVENT, no UID or DTSTART, a TZID without its VTIMEZONE; BP_ERR_TOO_LARGE:
 * over BP_MAX_ICS_BYTES or a field longer than its place in `out`. */
enum bp_err bp_ical_read(const char *text, struct bp_ical_info *out);

#endif
