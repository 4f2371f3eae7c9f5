/* ical.c: builds and reads Barnplan's calendar invitations with libical (see ical.h).
 * Must not: write iCalendar text by hand (libical escapes, folds and quotes), add any field the
 * caller did not pass, do I/O beyond libical's zoneinfo reading, or read the clock. */
#include <time.h>
#include <libical/ical.h>
#include "mail/ical.h"
#include "mail/mail.h"
#include "util/form.h"
#include "util/limits.h"

#define PRODID       "-//Barnplan//Barnplan//SV"
#define MAX_ICAL_URL 2048
/* Unix seconds accepted for a meeting: 2000-01-01 to 2100-01-01. */
#define MIN_TIME 946684800LL
#define MAX_TIME 4102444800LL

static icaltimezone *sweden(void)
{
    return icaltimezone_get_builtin_timezone(BP_ICAL_TZID);
}

/* Text for a property (bp_mail_text_check): no CR, a tab only inside, and no space or tab at either end:
 * readers drop those (libical does), so the text would not come back as it was given. */
#define PROP_TEXT (BP_TEXT_TAB | BP_TEXT_TRIMMED)

static enum bp_err check_event(const struct bp_ical_event *ev)
{
    enum bp_err rc;
    size_t i;
    if (ev->method != BP_ICAL_REQUEST && ev->method != BP_ICAL_CANCEL)
        return BP_ERR_INVALID;
    if (ev->sequence < 0)
        return BP_ERR_INVALID;
    if (ev->start < MIN_TIME || ev->end > MAX_TIME || ev->start >= ev->end)
        return BP_ERR_INVALID;
    if (ev->stamp < 0 || ev->stamp > MAX_TIME)
        return BP_ERR_INVALID;
    if ((rc = bp_mail_text_check(ev->uid, BP_MAX_SHORT_TEXT, true, PROP_TEXT)) ||
        (rc = bp_mail_text_check(ev->summary, BP_MAX_SHORT_TEXT, true, PROP_TEXT | BP_TEXT_LF)) ||
        (rc = bp_mail_text_check(ev->description, BP_MAX_LONG_TEXT, false, PROP_TEXT | BP_TEXT_LF)) ||
        (rc = bp_mail_text_check(ev->location, BP_MAX_SHORT_TEXT, false, PROP_TEXT)) ||
        (rc = bp_mail_text_check(ev->url, MAX_ICAL_URL, false, PROP_TEXT)) ||
        (rc = bp_mail_text_check(ev->organizer_name, BP_MAX_NAME, false, PROP_TEXT)))
        return rc;
    /* A parameter value cannot hold a double quote (RFC 5545 3.2). */
    if (ev->organizer_name && strchr(ev->organizer_name, '"'))
        return BP_ERR_INVALID;
    if (ev->url && strpbrk(ev->url, " \t\n"))
        return BP_ERR_INVALID;
    if (!ev->organizer_email || !bp_mail_addr_valid(ev->organizer_email))
        return BP_ERR_INVALID;
    if (ev->n_attendees > BP_MAX_MAIL_RCPTS)
        return BP_ERR_TOO_LARGE;
    if (ev->n_attendees && !ev->attendee_emails)
        return BP_ERR_INVALID;
    for (i = 0; i < ev->n_attendees; i++)
        if (!ev->attendee_emails[i] || !bp_mail_addr_valid(ev->attendee_emails[i]))
            return BP_ERR_INVALID;
    return BP_OK;
}

static bool same_wall_clock(struct icaltimetype a, struct icaltimetype b)
{
    return a.year == b.year && a.month == b.month && a.day == b.day && a.hour == b.hour &&
           a.minute == b.minute && a.second == b.second;
}

/* DTSTART or DTEND (`make` is icalproperty_new_dtstart or _dtend) for unix time `t`: local time in
 * Europe/Stockholm with TZID, except in the hour that autumn's change repeats, where a local time
 * means the first of its two instants (RFC 5545 3.3.5): there the value is written in UTC. */
static icalproperty *time_prop(icalproperty *(*make)(struct icaltimetype), int64_t t, icaltimezone *tz)
{
    struct icaltimetype local = icaltime_from_timet_with_zone((time_t)t, 0, tz);
    struct icaltimetype before = icaltime_from_timet_with_zone((time_t)(t - 3600), 0, tz);
    struct icaltimetype after = icaltime_from_timet_with_zone((time_t)(t + 3600), 0, tz);
    icalproperty *p;
    if (same_wall_clock(local, before) || same_wall_clock(local, after))
        return make(icaltime_from_timet_with_zone((time_t)t, 0, icaltimezone_get_utc_timezone()));
    /* libical 3.0 leaves the zone at UTC after converting; the value is local time in `tz`. */
    local.zone = tz;
    p = make(local);
    icalproperty_add_parameter(p, icalparameter_new_tzid(BP_ICAL_TZID));
    return p;
}

static icalproperty *person(icalproperty *(*make)(const char *), const char *email, struct bp_buf *tmp)
{
    bp_buf_reset(tmp);
    bp_buf_adds(tmp, "mailto:");
    bp_buf_adds(tmp, email);
    return make(bp_buf_str(tmp));
}

/* The time zone's definition, under the TZID the events use, cut to the rules in force from the
 * meeting on (the full history starts in 1879 with offsets in seconds that some programs refuse). */
static icalcomponent *vtimezone(icaltimezone *tz, int64_t from)
{
    icalcomponent *vtz = icalcomponent_new_clone(icaltimezone_get_component(tz));
    icalproperty *p = icalcomponent_get_first_property(vtz, ICAL_TZID_PROPERTY);
    if (p)
        icalproperty_set_tzid(p, BP_ICAL_TZID);
    else
        icalcomponent_add_property(vtz, icalproperty_new_tzid(BP_ICAL_TZID));
    icaltimezone_truncate_vtimezone(
        vtz, icaltime_from_timet_with_zone((time_t)from, 0, icaltimezone_get_utc_timezone()),
        icaltime_null_time(), 1);
    return vtz;
}

enum bp_err bp_ical_build(const struct bp_ical_event *ev, struct bp_buf *out)
{
    icaltimezone *tz;
    icalcomponent *cal = NULL, *vev;
    icalproperty *p;
    struct bp_buf tmp;
    char *text = NULL;
    enum bp_err rc;
    size_t i;
    bool cancel;

    if (!ev || !out)
        BUG("bp_ical_build without an event or a buffer");
    if ((rc = check_event(ev)))
        return rc;
    tz = sweden();
    if (!tz || !icaltimezone_get_component(tz))
        return BP_ERR_INTERNAL; /* no zoneinfo for Europe/Stockholm (package tzdata) */
    cancel = ev->method == BP_ICAL_CANCEL;
    bp_buf_init(&tmp, BP_MAX_MAIL_ADDR + 16);

    cal = icalcomponent_vanew(ICAL_VCALENDAR_COMPONENT, icalproperty_new_prodid(PRODID),
                              icalproperty_new_version("2.0"), icalproperty_new_calscale("GREGORIAN"),
                              icalproperty_new_method(cancel ? ICAL_METHOD_CANCEL : ICAL_METHOD_REQUEST),
                              (void *)0);
    icalcomponent_add_component(cal, vtimezone(tz, ev->start));

    vev = icalcomponent_new(ICAL_VEVENT_COMPONENT);
    icalcomponent_add_property(vev, icalproperty_new_uid(ev->uid));
    icalcomponent_add_property(vev, icalproperty_new_sequence(ev->sequence));
    icalcomponent_add_property(vev, icalproperty_new_dtstamp(icaltime_from_timet_with_zone(
                                        (time_t)ev->stamp, 0, icaltimezone_get_utc_timezone())));
    icalcomponent_add_property(vev, time_prop(icalproperty_new_dtstart, ev->start, tz));
    icalcomponent_add_property(vev, time_prop(icalproperty_new_dtend, ev->end, tz));
    icalcomponent_add_property(vev, icalproperty_new_summary(ev->summary));
    if (ev->description)
        icalcomponent_add_property(vev, icalproperty_new_description(ev->description));
    if (ev->location)
        icalcomponent_add_property(vev, icalproperty_new_location(ev->location));
    if (ev->url)
        icalcomponent_add_property(vev, icalproperty_new_url(ev->url));

    p = person(icalproperty_new_organizer, ev->organizer_email, &tmp);
    if (ev->organizer_name && *ev->organizer_name)
        icalproperty_add_parameter(p, icalparameter_new_cn(ev->organizer_name));
    icalcomponent_add_property(vev, p);
    for (i = 0; i < ev->n_attendees; i++) {
        p = person(icalproperty_new_attendee, ev->attendee_emails[i], &tmp);
        icalproperty_add_parameter(p, icalparameter_new_cutype(ICAL_CUTYPE_INDIVIDUAL));
        icalproperty_add_parameter(p, icalparameter_new_role(ICAL_ROLE_REQPARTICIPANT));
        icalproperty_add_parameter(p, icalparameter_new_partstat(ICAL_PARTSTAT_NEEDSACTION));
        icalproperty_add_parameter(p, icalparameter_new_rsvp(ICAL_RSVP_TRUE));
        icalcomponent_add_property(vev, p);
    }
    icalcomponent_add_property(
        vev, icalproperty_new_status(cancel ? ICAL_STATUS_CANCELLED : ICAL_STATUS_CONFIRMED));
    /* Someone who shares a calendar with others shows them "busy", not the title. */
    icalcomponent_add_property(vev, icalproperty_new_class(ICAL_CLASS_PRIVATE));
    icalcomponent_add_property(vev, icalproperty_new_transp(ICAL_TRANSP_OPAQUE));
    icalcomponent_add_component(cal, vev);

    if (bp_buf_failed(&tmp)) {
        rc = BP_ERR_TOO_LARGE;
        goto out;
    }
    text = icalcomponent_as_ical_string_r(cal);
    if (!text) {
        rc = BP_ERR_INTERNAL;
        goto out;
    }
    bp_buf_adds(out, text);
    rc = bp_buf_failed(out) ? BP_ERR_TOO_LARGE : BP_OK;
out:
    free(text);
    icalcomponent_free(cal);
    bp_buf_release(&tmp);
    return rc;
}

/* Copies s into a field of bp_ical_info; false when it does not fit. */
static bool copy_field(char *dst, size_t size, const char *s)
{
    size_t n = s ? strlen(s) : 0;
    if (n >= size)
        return false;
    memcpy(dst, s ? s : "", n);
    dst[n] = '\0';
    return true;
}

/* A DTSTART or DTEND as unix seconds, converted with the VTIMEZONE that `cal` carries for its TZID.
 * `tzid` (may be NULL) receives the TZID or "UTC". */
static enum bp_err read_time(icalcomponent *cal, icalproperty *p, struct icaltimetype t, int64_t *out,
                             char *tzid, size_t tzid_size)
{
    icalparameter *param = icalproperty_get_first_parameter(p, ICAL_TZID_PARAMETER);
    icaltimezone *zone;
    const char *name;
    if (icaltime_is_null_time(t) || t.is_date || !icaltime_is_valid_time(t))
        return BP_ERR_INVALID;
    if (param) {
        name = icalparameter_get_tzid(param);
        zone = name ? icalcomponent_get_timezone(cal, name) : NULL;
        if (!zone)
            return BP_ERR_INVALID; /* a TZID the file does not define: no program can place it */
    } else if (icaltime_is_utc(t)) {
        name = "UTC";
        zone = icaltimezone_get_utc_timezone();
    } else {
        return BP_ERR_INVALID; /* floating time: not ours */
    }
    if (tzid && !copy_field(tzid, tzid_size, name))
        return BP_ERR_TOO_LARGE;
    *out = (int64_t)icaltime_as_timet_with_zone(t, zone);
    return BP_OK;
}

enum bp_err bp_ical_read(const char *text, struct bp_ical_info *out)
{
    icalcomponent *cal = NULL, *vev;
    icalproperty *p;
    icalproperty_method method;
    struct icaltimetype local;
    icaltimezone *tz;
    enum bp_err rc = BP_ERR_INVALID;

    if (!text || !out)
        BUG("bp_ical_read without text or a result");
    memset(out, 0, sizeof(*out));
    if (strlen(text) > BP_MAX_ICS_BYTES)
        return BP_ERR_TOO_LARGE;
    tz = sweden();
    if (!tz)
        return BP_ERR_INTERNAL;
    cal = icalparser_parse_string(text);
    if (!cal || icalcomponent_isa(cal) != ICAL_VCALENDAR_COMPONENT)
        goto out;
    /* libical records what it could not parse as X-LIC-ERROR properties rather than failing. */
    if (icalcomponent_count_errors(cal) > 0)
        goto out;
    method = icalcomponent_get_method(cal);
    if (method == ICAL_METHOD_REQUEST)
        out->method = BP_ICAL_REQUEST;
    else if (method == ICAL_METHOD_CANCEL)
        out->method = BP_ICAL_CANCEL;
    else
        goto out;
    vev = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT);
    if (!vev || icalcomponent_get_next_component(cal, ICAL_VEVENT_COMPONENT))
        goto out;
    if (!icalcomponent_get_uid(vev) || !*icalcomponent_get_uid(vev))
        goto out;
    rc = BP_ERR_TOO_LARGE;
    if (!copy_field(out->uid, sizeof(out->uid), icalcomponent_get_uid(vev)) ||
        !copy_field(out->summary, sizeof(out->summary), icalcomponent_get_summary(vev)))
        goto out;
    out->sequence = icalcomponent_get_sequence(vev);
    p = icalcomponent_get_first_property(vev, ICAL_STATUS_PROPERTY);
    if (p && !copy_field(out->status, sizeof(out->status),
                         icalproperty_status_to_string(icalproperty_get_status(p))))
        goto out;

    rc = BP_ERR_INVALID;
    p = icalcomponent_get_first_property(vev, ICAL_DTSTART_PROPERTY);
    if (!p)
        goto out;
    if ((rc = read_time(cal, p, icalproperty_get_dtstart(p), &out->start, out->tzid, sizeof(out->tzid))))
        goto out;
    p = icalcomponent_get_first_property(vev, ICAL_DTEND_PROPERTY);
    if (p && (rc = read_time(cal, p, icalproperty_get_dtend(p), &out->end, NULL, 0)))
        goto out;

    local = icaltime_from_timet_with_zone((time_t)out->start, 0, tz);
    snprintf(out->start_local, sizeof(out->start_local), "%04u-%02u-%02u %02u:%02u",
             (unsigned)local.year % 10000u, (unsigned)local.month % 100u, (unsigned)local.day % 100u,
             (unsigned)local.hour % 100u, (unsigned)local.minute % 100u);
    rc = BP_OK;
out:
    if (cal)
        icalcomponent_free(cal);
    if (rc)
        memset(out, 0, sizeof(*out));
    return rc;
}
