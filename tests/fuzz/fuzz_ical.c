/* fuzz_ical.c: fuzz target for the calendar module (mail/ical.h). Each input is read as a calendar
 * file with bp_ical_read (which must refuse it or fill every field, NUL-terminated, with a start_local
 * of the form "YYYY-MM-DD HH:MM"), and used, cut to BP_MAX_SHORT_TEXT bytes, as the title of an
 * invitation: bp_ical_build must refuse it or write a file that bp_ical_read gives back with the same
 * title, uid, sequence and start. Must not keep state between inputs (libical's zone table is loaded
 * once and only read). */
#include "fuzz.h"
#include "mail/ical.h"

static void check_info(const struct bp_ical_info *info)
{
    const char *s = info->start_local;
    FUZZ_CHECK(info->method == BP_ICAL_REQUEST || info->method == BP_ICAL_CANCEL);
    FUZZ_CHECK(memchr(info->uid, '\0', sizeof(info->uid)) && info->uid[0] != '\0');
    FUZZ_CHECK(memchr(info->summary, '\0', sizeof(info->summary)));
    FUZZ_CHECK(memchr(info->status, '\0', sizeof(info->status)));
    FUZZ_CHECK(memchr(info->tzid, '\0', sizeof(info->tzid)));
    FUZZ_CHECK(strlen(s) == 16 && s[4] == '-' && s[7] == '-' && s[10] == ' ' && s[13] == ':');
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const attendees[] = {"anna@skolan.example"};
    char *text = malloc(size + 1);
    struct bp_ical_info info;
    struct bp_ical_event ev = {
        .uid = "fuzz@barnplan.example",
        .sequence = 3,
        .method = BP_ICAL_REQUEST,
        .start = 1781510400,
        .end = 1781514000,
        .organizer_email = "barnplan@kommun.example",
        .attendee_emails = attendees,
        .n_attendees = 1,
        .stamp = 1781000000,
    };
    struct bp_buf out;
    size_t n = size < BP_MAX_SHORT_TEXT ? size : BP_MAX_SHORT_TEXT;

    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    if (bp_ical_read(text, &info) == BP_OK)
        check_info(&info);

    text[n] = '\0';
    ev.summary = text;
    ev.description = text;
    bp_buf_init(&out, BP_MAX_ICS_BYTES);
    if (bp_ical_build(&ev, &out) == BP_OK) {
        FUZZ_CHECK(bp_ical_read(bp_buf_str(&out), &info) == BP_OK);
        check_info(&info);
        FUZZ_CHECK(strcmp(info.summary, text) == 0);
        FUZZ_CHECK(strcmp(info.uid, ev.uid) == 0);
        FUZZ_CHECK(info.sequence == 3 && info.start == ev.start && info.end == ev.end);
        FUZZ_CHECK(strcmp(info.start_local, "2026-06-15 10:00") == 0);
    }
    bp_buf_release(&out);
    free(text);
    return 0;
}
