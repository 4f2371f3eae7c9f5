/* tmpl.h: Barnplan's HTML template engine. Written here because no Debian-packaged C library offers
 * templates that are compiled once and escape by default (docs/architecture.md says so too).
 *
 * Syntax (a small Mustache dialect):
 *   {{name}} {{a.b}}     the value, HTML-escaped; a missing value prints nothing
 *   {{.}}                the current item (in a list of strings)
 *   {{#name}}..{{/name}} a list: once per item; an object: once, inside it; true, a non-empty string,
 *                        a non-zero number: once; otherwise not at all
 *   {{^name}}..{{/name}} once when the section above would not render
 *   {{>name}}            another template, inlined at load time
 *   {{_ Svensk text}}    text to translate: looked up once per language when the templates load
 *   {{! comment }}
 * There is no raw (unescaped) output at all: anything in a template value is text.
 *
 * Values (bp_tv) are built per request in an arena; templates (bp_tmpl_set) are loaded once at
 * start and are read-only afterwards, so forked workers share them. Names are resolved to integers when
 * the templates compile and when a key is set, so rendering compares no strings (issue 12): pass keys as
 * string literals where you can (found by their address); a key built at run time is found by its text. */
#ifndef BP_TMPL_H
#define BP_TMPL_H
#include "util/arena.h"
#include "util/buf.h"

/* ---- values ---- */
struct bp_tv;
struct bp_tv *bp_tv_obj(struct bp_arena *a);
struct bp_tv *bp_tv_list(struct bp_arena *a);
struct bp_tv *bp_tv_str(struct bp_arena *a, const char *s); /* not copied: must outlive the render */
/* Setters on an object; the key and string are not copied. Later sets of a key shadow earlier. */
void bp_tv_set(struct bp_arena *a, struct bp_tv *obj, const char *key, struct bp_tv *v);
void bp_tv_set_str(struct bp_arena *a, struct bp_tv *obj, const char *key, const char *s);
void bp_tv_set_int(struct bp_arena *a, struct bp_tv *obj, const char *key, int64_t v);
void bp_tv_set_bool(struct bp_arena *a, struct bp_tv *obj, const char *key, bool v);
void bp_tv_push(struct bp_arena *a, struct bp_tv *list, struct bp_tv *item);
/* Finds a key in an object (one level), or NULL. */
const struct bp_tv *bp_tv_get(const struct bp_tv *obj, const char *key);

/* ---- templates ---- */
struct bp_tmpl_set;

/* Translates Swedish `msgid` into language `lang` (0 = Swedish, the source language). */
typedef const char *(*bp_tmpl_translate_fn)(void *ud, int lang, const char *msgid);

/* Adds a template from a string, under `name` (partials refer to it by that name). */
void bp_tmpl_add(struct bp_tmpl_set *set, const char *name, const char *text, size_t len);
struct bp_tmpl_set *bp_tmpl_set_new(int n_langs, bp_tmpl_translate_fn tr, void *ud);
/* Adds every *.html file of `dir`, named by its file name without ".html". */
enum bp_err bp_tmpl_add_dir(struct bp_tmpl_set *set, const char *dir, char *err, size_t errlen);
/* Parses all added templates, inlines partials and translates. On a syntax error returns
 * BP_ERR_INVALID with "name:line: message" in err. */
enum bp_err bp_tmpl_compile(struct bp_tmpl_set *set, char *err, size_t errlen);
void bp_tmpl_set_free(struct bp_tmpl_set *set);
/* Renders template `name` in language `lang` with `ctx` appended to `out`. Unknown name: BUG. */
void bp_tmpl_render(const struct bp_tmpl_set *set, const char *name, int lang, const struct bp_tv *ctx,
                    struct bp_buf *out);
/* Collects every {{_ ...}} msgid (for po/ maintenance): calls fn once per occurrence. */
void bp_tmpl_each_msgid(const struct bp_tmpl_set *set, void (*fn)(void *ud, const char *msgid), void *ud);

#endif
