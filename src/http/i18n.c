/* i18n.c: the languages and their translations through gettext. Swedish is the source language (the
 * msgids); every other language is a catalogue po/<code>.po, compiled to LOCALEDIR/<code>/LC_MESSAGES/
 * barnplan.mo, and a line in BP_LANGUAGES (http/http.h). Every msgid is looked up
 * once, at start (templates when they compile, and the msgids the caller lists, http/messages.c's labels),
 * and kept in a table; requests never call gettext, so no locale is switched while serving. Must not know
 * where the msgids come from. */
#include <libintl.h>
#include <locale.h>
#include "http/http.h"

/* glibc: bump after changing LANGUAGE so gettext drops its cache (the name is glibc's, so reserved) */
// NOLINTNEXTLINE(bugprone-reserved-identifier,cert-dcl37-c,cert-dcl51-cpp): glibc's own variable
extern int _nl_msg_cat_cntr;

#define BP_LANG_ROW_(id, code, name, dir, fallback) {code, name, dir, fallback},
const struct bp_language bp_languages[BP_LANG_COUNT] = {BP_LANGUAGES(BP_LANG_ROW_)};
#undef BP_LANG_ROW_

int bp_lang_from_code(const char *code)
{
    int l;
    for (l = 0; code && l < BP_LANG_COUNT; l++)
        if (strcmp(bp_languages[l].code, code) == 0)
            return l;
    return -1;
}

#define TABLE_SIZE 4096 /* power of two, well above the number of msgids */

struct entry {
    const char *msgid;
    const char *tr[BP_LANG_COUNT];
};

static struct entry table[TABLE_SIZE];
static bool ready;

static uint32_t hash(const char *s)
{
    uint32_t h = 2166136261u;
    while (*s)
        h = (h ^ (unsigned char)*s++) * 16777619u;
    return h;
}

static struct entry *slot(const char *msgid)
{
    uint32_t i = hash(msgid) & (TABLE_SIZE - 1), n;
    for (n = 0; n < TABLE_SIZE; n++, i = (i + 1) & (TABLE_SIZE - 1))
        if (!table[i].msgid || strcmp(table[i].msgid, msgid) == 0)
            return &table[i];
    BUG("translation table full");
}

static const char *lookup_gettext(int lang, const char *msgid)
{
    const struct bp_language *l = &bp_languages[lang];
    char chain[64]; /* "ar" or "ar:en": gettext tries each catalogue in turn, then gives the msgid back */
    const char *r;
    (void)snprintf(chain, sizeof(chain), "%s%s%s", l->code, l->fallback ? ":" : "",
                   l->fallback ? l->fallback : "");
    setenv("LANGUAGE", chain, 1);
    ++_nl_msg_cat_cntr;
    r = dgettext("barnplan", msgid);
    return r ? r : msgid;
}

static void add(void *ud, const char *msgid)
{
    struct entry *e = slot(msgid);
    int l;
    (void)ud;
    if (e->msgid)
        return;
    e->msgid = bp_xstrdup(msgid);
    e->tr[BP_LANG_SV] = e->msgid;
    for (l = 1; l < BP_LANG_COUNT; l++)
        e->tr[l] = bp_xstrdup(lookup_gettext(l, msgid));
}

void bp_i18n_init(const char *localedir,
                  void (*each_msgid)(void (*fn)(void *ud, const char *msgid), void *ud))
{
    const char *saved;
    char *keep;
    if (ready) /* once per process: a second call (a test's) changes nothing and allocates nothing */
        return;
    saved = getenv("LANGUAGE");
    keep = saved ? bp_xstrdup(saved) : NULL;
    /* C.UTF-8 is built into glibc; with it LANGUAGE picks the catalogue (it is ignored under "C") */
    if (!setlocale(LC_ALL, "C.UTF-8"))
        fprintf(stderr, "barnplan: the C.UTF-8 locale is missing: texts are shown in Swedish only\n");
    bindtextdomain("barnplan", localedir);
    bind_textdomain_codeset("barnplan", "UTF-8");
    ready = true;
    if (each_msgid)
        each_msgid(add, NULL);
    if (keep) {
        setenv("LANGUAGE", keep, 1);
        free(keep);
    } else {
        unsetenv("LANGUAGE");
    }
    /* numbers and dates are formatted by hand; keep the C rules for everything but messages */
    (void)setlocale(LC_NUMERIC, "C"); /* "C" always exists */
}

const char *bp_tr(int lang, const char *msgid)
{
    struct entry *e;
    if (lang <= 0 || lang >= BP_LANG_COUNT || !msgid || !*msgid)
        return msgid;
    e = slot(msgid);
    if (!e->msgid) {
        if (!ready)
            return msgid;
        add(NULL, msgid); /* a msgid outside the tables: looked up once, then kept */
    }
    return e->tr[lang];
}

const char *bp_tr_cb(void *ud, int lang, const char *msgid)
{
    (void)ud;
    return bp_tr(lang, msgid);
}
