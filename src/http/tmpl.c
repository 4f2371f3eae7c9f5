/* tmpl.c: the template engine of tmpl.h: a parser into a small tree, compiled once, and a renderer
 * that escapes every value. Must not do I/O at render time, and must not offer unescaped output. */
/* link.h declares dl_iterate_phdr (where the program's read-only memory lies) under _GNU_SOURCE only */
#define _GNU_SOURCE // NOLINT(bugprone-reserved-identifier,cert-dcl37-c,cert-dcl51-cpp): a feature macro
#include <dirent.h>
#include <errno.h>
#include <link.h>
#include "http/tmpl.h"

/* ---- names ----
 * Every key is a name, and every name a small integer (an atom) in one table per process: template
 * names get theirs when the templates compile, keys when C code sets them. Rendering then compares
 * integers and never strings (issue 12 item 2). C code passes string literals as keys, so an atom is
 * found from the key's address alone when that address lies in the program's read-only memory, where
 * the text behind an address never changes. Any other key (built in an arena) is looked up by its text
 * and never added: the table holds only names written in the program or its templates, so a request
 * cannot grow it. A key whose name is not in the table keeps atom 0 and is compared by its text, which
 * is also how a name added after such a key was set still finds it. The table is built in the master
 * before the workers fork, and each process is single-threaded (arena.c says the same of arenas). */
#define MAX_ATOMS   65536        /* bounds the table against template text from a fuzzer, not the program */
#define UNKNOWN_BIT (1ULL << 63) /* an object's mask: it holds a key of atom 0 */

struct ptr_slot {
    const char *p;
    uint32_t atom;
};

static struct {
    char **names; /* names[atom]; names[0] unused */
    uint32_t n, cap;
    uint32_t *slots; /* open addressing on the text's hash: atoms, 0 = empty */
    uint32_t slot_mask;
    struct ptr_slot *ptrs; /* open addressing on read-only addresses */
    uint32_t ptr_mask, n_ptrs;
    struct {
        uintptr_t lo, hi;
    } ro[8];
    int n_ro;
    bool ro_known;
} names;

static uint32_t text_hash(const char *s)
{
    uint32_t h = 2166136261u; /* FNV-1a */
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

static uint32_t ptr_hash(const char *p)
{
    uint64_t x = (uint64_t)(uintptr_t)p * 0x9E3779B97F4A7C15ull;
    return (uint32_t)(x >> 32);
}

static int ro_segment(struct dl_phdr_info *info, size_t size, void *ud)
{
    int i;
    (void)size;
    (void)ud;
    for (i = 0; i < info->dlpi_phnum && names.n_ro < (int)BP_ARRAY_LEN(names.ro); i++) {
        const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
        if (ph->p_type == PT_LOAD && !(ph->p_flags & PF_W)) {
            names.ro[names.n_ro].lo = info->dlpi_addr + ph->p_vaddr;
            names.ro[names.n_ro].hi = info->dlpi_addr + ph->p_vaddr + ph->p_memsz;
            names.n_ro++;
        }
    }
    return 1; /* the first object is the program itself: its literals are the keys */
}

/* Whether the text at p cannot change for the life of the process: p lies in a read-only segment of
 * the program. */
static bool read_only(const char *p)
{
    uintptr_t u = (uintptr_t)p;
    int i;
    if (!names.ro_known) {
        names.ro_known = true;
        dl_iterate_phdr(ro_segment, NULL);
    }
    for (i = 0; i < names.n_ro; i++)
        if (u >= names.ro[i].lo && u < names.ro[i].hi)
            return true;
    return false;
}

static uint32_t find_text(const char *s, uint32_t h)
{
    uint32_t i, a;
    if (!names.slots)
        return 0;
    for (i = h & names.slot_mask; (a = names.slots[i]) != 0; i = (i + 1) & names.slot_mask)
        if (strcmp(names.names[a], s) == 0)
            return a;
    return 0;
}

static void put_slot(uint32_t a, uint32_t h)
{
    uint32_t i;
    for (i = h & names.slot_mask; names.slots[i]; i = (i + 1) & names.slot_mask)
        ;
    names.slots[i] = a;
}

/* The atom of s, added to the table if it is not there yet (0 when the table is full). */
static uint32_t intern(const char *s)
{
    uint32_t h = text_hash(s), a = find_text(s, h);
    if (a || names.n + 1 >= MAX_ATOMS)
        return a;
    if (names.n + 1 >= names.cap) {
        names.cap = names.cap ? names.cap * 2 : 512;
        names.names = bp_xrealloc(names.names, names.cap * sizeof(*names.names));
        if (names.n == 0)
            names.n = 1; /* atom 0: no name */
    }
    if (2 * (names.n + 1) > names.slot_mask) { /* keep the table at most half full */
        uint32_t size = names.slot_mask ? 2 * (names.slot_mask + 1) : 1024, i;
        free(names.slots);
        names.slots = bp_xcalloc(size, sizeof(*names.slots));
        names.slot_mask = size - 1;
        for (i = 1; i < names.n; i++)
            put_slot(i, text_hash(names.names[i]));
    }
    a = names.n++;
    names.names[a] = bp_xstrdup(s);
    put_slot(a, h);
    return a;
}

static void put_ptr(const char *p, uint32_t a)
{
    uint32_t i;
    if (2 * (names.n_ptrs + 1) > names.ptr_mask) {
        struct ptr_slot *old = names.ptrs;
        uint32_t old_size = names.ptrs ? names.ptr_mask + 1 : 0;
        uint32_t size = old_size ? 2 * old_size : 1024, j;
        names.ptrs = bp_xcalloc(size, sizeof(*names.ptrs));
        names.ptr_mask = size - 1;
        names.n_ptrs = 0;
        for (j = 0; j < old_size; j++)
            if (old[j].p)
                put_ptr(old[j].p, old[j].atom);
        free(old);
    }
    for (i = ptr_hash(p) & names.ptr_mask; names.ptrs[i].p; i = (i + 1) & names.ptr_mask)
        ;
    names.ptrs[i].p = p;
    names.ptrs[i].atom = a;
    names.n_ptrs++;
}

/* The atom of a key that C code passes: from its address when it is a literal, else from its text
 * (without adding it). */
static uint32_t key_atom(const char *key)
{
    uint32_t i, a;
    if (names.ptrs)
        for (i = ptr_hash(key) & names.ptr_mask; names.ptrs[i].p; i = (i + 1) & names.ptr_mask)
            if (names.ptrs[i].p == key)
                return names.ptrs[i].atom;
    if (!read_only(key))
        return find_text(key, text_hash(key));
    a = intern(key);
    if (a)
        put_ptr(key, a);
    return a;
}

static uint64_t atom_bit(uint32_t a)
{
    return a ? 1ULL << (a % 63) : UNKNOWN_BIT;
}

/* ---- values ---- */

enum tv_type { TV_OBJ, TV_LIST, TV_STR, TV_INT, TV_BOOL };

struct tv_item {
    struct bp_tv *v;
    struct tv_item *next;
};

/* An object of many keys gets an index from atom to its newest pair when it reaches INDEX_FROM keys, so a
 * lookup in the page's top object probes a slot instead of walking a hundred pairs. */
#define INDEX_FROM 12

struct tv_index {
    uint32_t mask; /* slots - 1; at most half the slots are used */
    struct tv_kv *slot[];
};

struct bp_tv {
    enum tv_type t;
    uint32_t n; /* TV_OBJ: its pairs */
    union {
        struct {
            struct tv_kv *kv;
            uint64_t mask;          /* atom_bit() of every key: most lookups in most objects end here */
            struct tv_index *index; /* from INDEX_FROM keys on; pairs of atom 0 are not in it */
        } obj;
        struct {
            struct tv_item *head, *tail;
        } list;
        const char *s;
        int64_t i;
        bool b;
    } u;
};

struct tv_kv {
    uint32_t atom;
    const char *key;
    struct bp_tv *v;
    struct tv_kv *next;
    struct bp_tv own; /* the value of set_str, set_int and set_bool: one allocation, not two */
};

static struct bp_tv *tv_new(struct bp_arena *a, enum tv_type t)
{
    struct bp_tv *v = bp_arena_alloc_raw(a, sizeof(*v));
    v->t = t;
    return v;
}

struct bp_tv *bp_tv_obj(struct bp_arena *a)
{
    struct bp_tv *v = tv_new(a, TV_OBJ);
    v->u.obj.kv = NULL;
    v->u.obj.mask = 0;
    v->u.obj.index = NULL;
    v->n = 0;
    return v;
}

struct bp_tv *bp_tv_list(struct bp_arena *a)
{
    struct bp_tv *v = tv_new(a, TV_LIST);
    v->u.list.head = v->u.list.tail = NULL;
    return v;
}

struct bp_tv *bp_tv_str(struct bp_arena *a, const char *s)
{
    struct bp_tv *v = tv_new(a, TV_STR);
    v->u.s = s ? s : "";
    return v;
}

static void index_put(struct tv_index *ix, struct tv_kv *kv)
{
    uint32_t i;
    for (i = kv->atom & ix->mask; ix->slot[i] && ix->slot[i]->atom != kv->atom; i = (i + 1) & ix->mask)
        ;
    ix->slot[i] = kv; /* a later set of a key shadows the earlier */
}

/* Builds obj's index anew for its n pairs (an old one stays in the arena unused: the sizes double, so the
 * waste is at most what the last index takes). */
static void index_build(struct bp_arena *a, struct bp_tv *obj)
{
    uint32_t size = 32, k = 0;
    struct tv_index *ix;
    // NOLINTNEXTLINE(bugprone-sizeof-expression): all is an array of pointers, one per pair
    struct tv_kv *kv, **all = bp_arena_alloc_raw(a, obj->n * sizeof(*all));
    while (size < 4 * obj->n)
        size *= 2;
    // NOLINTNEXTLINE(bugprone-sizeof-expression): the slots are pointers to pairs
    ix = bp_arena_alloc(a, sizeof(*ix) + size * sizeof(ix->slot[0])); /* empty slots are NULL */
    ix->mask = size - 1;
    for (kv = obj->u.obj.kv; kv && k < obj->n; kv = kv->next)
        all[k++] = kv;
    while (k--) /* oldest first: the list is newest first, and the newest of a key must end in its slot */
        if (all[k]->atom)
            index_put(ix, all[k]);
    obj->u.obj.index = ix;
}

/* A key-value pair in obj; `own`: with room for its own value (else the value is elsewhere). */
static struct tv_kv *kv_add(struct bp_arena *a, struct bp_tv *obj, const char *key, bool own)
{
    struct tv_kv *kv;
    if (obj->t != TV_OBJ)
        BUG("bp_tv_set on a non-object");
    kv = bp_arena_alloc_raw(a, own ? sizeof(*kv) : offsetof(struct tv_kv, own));
    kv->atom = key_atom(key);
    kv->key = key;
    kv->next = obj->u.obj.kv;
    obj->u.obj.kv = kv;
    obj->u.obj.mask |= atom_bit(kv->atom);
    obj->n++;
    if (obj->n == INDEX_FROM || (obj->u.obj.index && obj->n * 2 > obj->u.obj.index->mask))
        index_build(a, obj);
    else if (obj->u.obj.index && kv->atom)
        index_put(obj->u.obj.index, kv);
    return kv;
}

void bp_tv_set(struct bp_arena *a, struct bp_tv *obj, const char *key, struct bp_tv *v)
{
    kv_add(a, obj, key, false)->v = v;
}

void bp_tv_set_str(struct bp_arena *a, struct bp_tv *obj, const char *key, const char *s)
{
    struct tv_kv *kv = kv_add(a, obj, key, true);
    kv->own.t = TV_STR;
    kv->own.u.s = s ? s : "";
    kv->v = &kv->own;
}

void bp_tv_set_int(struct bp_arena *a, struct bp_tv *obj, const char *key, int64_t i)
{
    struct tv_kv *kv = kv_add(a, obj, key, true);
    kv->own.t = TV_INT;
    kv->own.u.i = i;
    kv->v = &kv->own;
}

void bp_tv_set_bool(struct bp_arena *a, struct bp_tv *obj, const char *key, bool b)
{
    struct tv_kv *kv = kv_add(a, obj, key, true);
    kv->own.t = TV_BOOL;
    kv->own.u.b = b;
    kv->v = &kv->own;
}

void bp_tv_push(struct bp_arena *a, struct bp_tv *list, struct bp_tv *item)
{
    struct tv_item *it;
    if (list->t != TV_LIST)
        BUG("bp_tv_push on a non-list");
    it = bp_arena_alloc_raw(a, sizeof(*it));
    it->v = item;
    it->next = NULL;
    if (list->u.list.tail)
        list->u.list.tail->next = it;
    else
        list->u.list.head = it;
    list->u.list.tail = it;
}

/* The value of the key named `name` (atom `atom`, 0 when the name is not in the table) in obj. */
static const struct bp_tv *obj_get(const struct bp_tv *obj, uint32_t atom, const char *name)
{
    const struct tv_kv *kv;
    if (!obj || obj->t != TV_OBJ || !(obj->u.obj.mask & (atom_bit(atom) | UNKNOWN_BIT)))
        return NULL;
    if (obj->u.obj.index && atom && !(obj->u.obj.mask & UNKNOWN_BIT)) {
        const struct tv_index *ix = obj->u.obj.index;
        uint32_t i;
        for (i = atom & ix->mask; (kv = ix->slot[i]) != NULL; i = (i + 1) & ix->mask)
            if (kv->atom == atom)
                return kv->v;
        return NULL;
    }
    for (kv = obj->u.obj.kv; kv; kv = kv->next) {
        if (kv->atom == atom) {
            if (atom || strcmp(kv->key, name) == 0)
                return kv->v;
        } else if (kv->atom == 0 && strcmp(kv->key, name) == 0) {
            return kv->v; /* set by a name that was not in the table then */
        }
    }
    return NULL;
}

const struct bp_tv *bp_tv_get(const struct bp_tv *obj, const char *key)
{
    return obj_get(obj, key_atom(key), key);
}

/* ---- templates ---- */

enum node_type { N_TEXT, N_VAR, N_SECTION, N_INVERTED, N_PARTIAL, N_TRANS };

#define MAX_PATH_SEGS 6
#define MAX_DEPTH     32 /* nested sections and partials */

struct node {
    enum node_type t;
    const char *text; /* N_TEXT */
    size_t len;
    const char *segs[MAX_PATH_SEGS]; /* N_VAR, N_SECTION, N_INVERTED; segs[0] == "." for the item */
    uint32_t atoms[MAX_PATH_SEGS];   /* the names' atoms, from the compile */
    int nsegs;
    bool dot;            /* {{.}}, {{#.}}: the current item */
    struct node *child;  /* N_SECTION, N_INVERTED: the body */
    const char *partial; /* N_PARTIAL: the name */
    struct tmpl *target; /* N_PARTIAL: resolved */
    const char *msgid;   /* N_TRANS */
    const char **trans;  /* N_TRANS: per language */
    struct node *next;
    int line;
};

struct tmpl {
    const char *name;
    const char *src;
    size_t len;
    struct node *root;
    bool compiled;
    int state; /* resolving partials: 0 not yet, 1 under way (a cycle if met again), 2 done */
};

struct bp_tmpl_set {
    struct bp_arena mem;
    struct tmpl *items;
    size_t n, cap;
    int n_langs;
    bp_tmpl_translate_fn tr;
    void *tr_ud;
};

struct bp_tmpl_set *bp_tmpl_set_new(int n_langs, bp_tmpl_translate_fn tr, void *ud)
{
    struct bp_tmpl_set *s = bp_xcalloc(1, sizeof(*s));
    bp_arena_init(&s->mem, 64 * 1024);
    s->n_langs = n_langs < 1 ? 1 : n_langs;
    s->tr = tr;
    s->tr_ud = ud;
    return s;
}

void bp_tmpl_set_free(struct bp_tmpl_set *s)
{
    if (!s)
        return;
    bp_arena_release(&s->mem);
    free(s->items);
    free(s);
}

static struct tmpl *find(const struct bp_tmpl_set *s, const char *name)
{
    size_t i;
    for (i = 0; i < s->n; i++)
        if (strcmp(s->items[i].name, name) == 0)
            return &s->items[i];
    return NULL;
}

void bp_tmpl_add(struct bp_tmpl_set *s, const char *name, const char *text, size_t len)
{
    struct tmpl *t = find(s, name);
    if (!t) {
        if (s->n == s->cap) {
            s->cap = s->cap ? s->cap * 2 : 32;
            s->items = bp_xrealloc(s->items, s->cap * sizeof(*s->items));
        }
        t = &s->items[s->n++];
    }
    memset(t, 0, sizeof(*t));
    t->name = bp_arena_strdup(&s->mem, name);
    t->src = bp_arena_strndup(&s->mem, text, len);
    t->len = len;
}

enum bp_err bp_tmpl_add_dir(struct bp_tmpl_set *s, const char *dir, char *err, size_t errlen)
{
    DIR *d = opendir(dir);
    struct dirent *de;
    enum bp_err rc = BP_OK;
    if (!d) {
        snprintf(err, errlen, "%s: %s", dir, strerror(errno));
        return BP_ERR_INTERNAL;
    }
    while ((de = readdir(d)) != NULL) {
        size_t n = strlen(de->d_name);
        char path[4096], name[256];
        FILE *f;
        struct bp_buf b;
        char chunk[8192];
        size_t got;
        if (n < 6 || strcmp(de->d_name + n - 5, ".html") != 0 || n - 5 >= sizeof(name))
            continue;
        snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
        memcpy(name, de->d_name, n - 5);
        name[n - 5] = '\0';
        if (!(f = fopen(path, "rb"))) {
            snprintf(err, errlen, "%s: %s", path, strerror(errno));
            rc = BP_ERR_INTERNAL;
            break;
        }
        bp_buf_init(&b, 1024 * 1024);
        while ((got = fread(chunk, 1, sizeof(chunk), f)) > 0)
            bp_buf_add(&b, chunk, got);
        if (ferror(f)) { /* a read error must not pass for the end of the template */
            snprintf(err, errlen, "%s: cannot read", path);
            (void)fclose(f);
            bp_buf_release(&b);
            rc = BP_ERR_INTERNAL;
            break;
        }
        (void)fclose(f); /* read only: nothing to flush */
        if (bp_buf_failed(&b)) {
            snprintf(err, errlen, "%s: too large", path);
            bp_buf_release(&b);
            rc = BP_ERR_TOO_LARGE;
            break;
        }
        bp_tmpl_add(s, name, bp_buf_str(&b), b.len);
        bp_buf_release(&b);
    }
    closedir(d);
    return rc;
}

struct parser {
    struct bp_tmpl_set *set;
    struct tmpl *t;
    const char *p, *end;
    int line;
    char *err;
    size_t errlen;
};

static int count_lines(const char *a, const char *b)
{
    int n = 0;
    for (; a < b; a++)
        n += *a == '\n';
    return n;
}

static bool fail(struct parser *ps, const char *msg)
{
    snprintf(ps->err, ps->errlen, "%s:%d: %s", ps->t->name, ps->line, msg);
    return false;
}

static bool split_path(struct parser *ps, struct node *n, const char *s)
{
    char *copy = bp_arena_strdup(&ps->set->mem, s), *seg;
    if (!*s)
        return fail(ps, "empty name");
    if (strcmp(s, ".") == 0) {
        n->segs[0] = ".";
        n->nsegs = 1;
        n->dot = true;
        return true;
    }
    for (seg = copy; *seg; seg++)
        if (!((*seg >= 'a' && *seg <= 'z') || (*seg >= 'A' && *seg <= 'Z') || (*seg >= '0' && *seg <= '9') ||
              *seg == '_' || *seg == '.'))
            return fail(ps, "a name may hold only letters, digits, _ and .");
    seg = copy;
    n->nsegs = 0;
    for (;;) {
        char *dot = strchr(seg, '.');
        if (dot)
            *dot = '\0';
        if (!*seg || n->nsegs == MAX_PATH_SEGS)
            return fail(ps, "bad name");
        n->atoms[n->nsegs] = intern(seg);
        n->segs[n->nsegs++] = seg;
        if (!dot)
            break;
        seg = dot + 1;
    }
    return true;
}

static struct node *new_node(struct parser *ps, enum node_type t)
{
    struct node *n = bp_arena_alloc(&ps->set->mem, sizeof(*n));
    n->t = t;
    n->line = ps->line;
    return n;
}

static void append(struct node ***tail, struct node *n)
{
    **tail = n;
    *tail = &n->next;
}

/* The text up to the next "{{" as a node; returns where that tag opens (ps->end when none). */
static const char *take_text(struct parser *ps, struct node ***tail)
{
    const char *open = strstr(ps->p, "{{");
    if (!open || open >= ps->end)
        open = ps->end;
    if (open > ps->p) {
        struct node *n = new_node(ps, N_TEXT);
        n->text = ps->p;
        n->len = (size_t)(open - ps->p);
        append(tail, n);
        ps->line += count_lines(ps->p, open);
        ps->p = open;
    }
    return open;
}

/* Reads the tag that opens at `open`: its kind ('#', '^', '/', '>', '_', '!', or 0 for a value) and its
 * name without the blanks around it. Moves ps->p past the tag. */
static bool read_tag(struct parser *ps, const char *open, char *kind, const char **name, size_t *len)
{
    const char *tag = open + 2, *tag_end = strstr(tag, "}}");
    if (!tag_end)
        return fail(ps, "unterminated {{");
    if (tag_end[2] == '}')
        return fail(ps, "{{{ }}} (unescaped output) is not supported");
    ps->p = tag_end + 2;
    *kind = '\0';
    if (strchr("#^/>_!", *tag))
        *kind = *tag++;
    while (tag < tag_end && (*tag == ' ' || *tag == '\t' || *tag == '\n'))
        tag++;
    *len = (size_t)(tag_end - tag);
    while (*len && (tag[*len - 1] == ' ' || tag[*len - 1] == '\t' || tag[*len - 1] == '\n'))
        (*len)--;
    *name = tag;
    ps->line += count_lines(open, ps->p);
    return true;
}

/* Parses until "{{/close}}" (or the end when close is NULL). */
static bool parse_list(struct parser *ps, const char *close, struct node **out, int depth)
{
    struct node **tail = out;
    if (depth > MAX_DEPTH)
        return fail(ps, "sections nested too deep");
    *out = NULL;
    while (ps->p < ps->end) {
        const char *open = take_text(ps, &tail), *tag;
        char name[512], kind;
        size_t nlen;
        struct node *n;
        if (open == ps->end)
            break;
        if (!read_tag(ps, open, &kind, &tag, &nlen))
            return false;
        if (kind == '!')
            continue;
        if (kind == '_') {
            n = new_node(ps, N_TRANS);
            n->msgid = bp_arena_strndup(&ps->set->mem, tag, nlen);
            append(&tail, n);
            continue;
        }
        if (nlen >= sizeof(name))
            return fail(ps, "name too long");
        memcpy(name, tag, nlen);
        name[nlen] = '\0';
        if (kind == '/') {
            if (!close || strcmp(close, name) != 0)
                return fail(ps, "unexpected closing tag");
            return true;
        }
        if (kind == '>') {
            n = new_node(ps, N_PARTIAL);
            n->partial = bp_arena_strdup(&ps->set->mem, name);
        } else {
            n = new_node(ps, kind == '#' ? N_SECTION : kind == '^' ? N_INVERTED : N_VAR);
            if (!split_path(ps, n, name))
                return false;
            if (kind && !parse_list(ps, bp_arena_strdup(&ps->set->mem, name), &n->child, depth + 1))
                return false;
        }
        append(&tail, n);
    }
    if (close)
        return fail(ps, "section not closed");
    return true;
}

static bool resolve_tmpl(struct bp_tmpl_set *s, struct tmpl *t, char *err, size_t errlen);

static bool resolve(struct bp_tmpl_set *s, struct tmpl *t, struct node *n, int depth, char *err,
                    size_t errlen)
{
    for (; n; n = n->next) {
        if (n->t == N_PARTIAL) {
            n->target = find(s, n->partial);
            if (!n->target) {
                snprintf(err, errlen, "%s:%d: no template named %s", t->name, n->line, n->partial);
                return false;
            }
            if (n->target->state == 1) {
                snprintf(err, errlen, "%s:%d: partial %s includes itself", t->name, n->line, n->partial);
                return false;
            }
            if (!resolve_tmpl(s, n->target, err, errlen))
                return false;
        } else if (n->t == N_TRANS) {
            int l;
            n->trans = bp_arena_alloc(&s->mem, sizeof(*n->trans) * (size_t)s->n_langs);
            for (l = 0; l < s->n_langs; l++) {
                const char *tr = l && s->tr ? s->tr(s->tr_ud, l, n->msgid) : n->msgid;
                n->trans[l] = bp_arena_strdup(&s->mem, tr ? tr : n->msgid);
            }
        } else if (n->child && !resolve(s, t, n->child, depth + 1, err, errlen)) {
            return false;
        }
    }
    return true;
}

static bool resolve_tmpl(struct bp_tmpl_set *s, struct tmpl *t, char *err, size_t errlen)
{
    if (t->state == 2)
        return true;
    t->state = 1;
    if (!resolve(s, t, t->root, 0, err, errlen))
        return false;
    t->state = 2;
    return true;
}

enum bp_err bp_tmpl_compile(struct bp_tmpl_set *s, char *err, size_t errlen)
{
    size_t i;
    for (i = 0; i < s->n; i++) {
        struct parser ps = {s, &s->items[i], s->items[i].src, s->items[i].src + s->items[i].len,
                            1, err,          errlen};
        if (strlen(s->items[i].src) != s->items[i].len) {
            snprintf(err, errlen, "%s: contains a NUL byte", s->items[i].name);
            return BP_ERR_INVALID;
        }
        if (!parse_list(&ps, NULL, &s->items[i].root, 0))
            return BP_ERR_INVALID;
        s->items[i].compiled = true;
    }
    for (i = 0; i < s->n; i++)
        if (!resolve_tmpl(s, &s->items[i], err, errlen))
            return BP_ERR_INVALID;
    return BP_OK;
}

struct render {
    const struct bp_tmpl_set *set;
    int lang;
    const struct bp_tv *stack[MAX_DEPTH * 2 + 2];
    int depth;
    struct bp_buf *out;
};

static const struct bp_tv *lookup(const struct render *r, const struct node *n)
{
    const struct bp_tv *v = NULL;
    int i, d;
    if (n->dot)
        return r->stack[r->depth - 1];
    for (d = r->depth - 1; d >= 0 && !v; d--)
        v = obj_get(r->stack[d], n->atoms[0], n->segs[0]);
    for (i = 1; v && i < n->nsegs; i++)
        v = obj_get(v, n->atoms[i], n->segs[i]);
    return v;
}

static bool truthy(const struct bp_tv *v)
{
    if (!v)
        return false;
    switch (v->t) {
    case TV_OBJ:
        return true;
    case TV_LIST:
        return v->u.list.head != NULL;
    case TV_STR:
        return v->u.s[0] != '\0';
    case TV_INT:
        return v->u.i != 0;
    case TV_BOOL:
        return v->u.b;
    }
    return false;
}

static void render_list(struct render *r, const struct node *n, int depth);

static void push_render(struct render *r, const struct bp_tv *scope, const struct node *body, int depth)
{
    if (r->depth == (int)BP_ARRAY_LEN(r->stack))
        BUG("template scope stack overflow");
    r->stack[r->depth++] = scope;
    render_list(r, body, depth + 1);
    r->depth--;
}

static void render_list(struct render *r, const struct node *n, int depth)
{
    for (; n; n = n->next) {
        const struct bp_tv *v;
        switch (n->t) {
        case N_TEXT:
            bp_buf_add(r->out, n->text, n->len);
            break;
        case N_TRANS:
            bp_buf_adds(r->out, n->trans[r->lang]);
            break;
        case N_VAR:
            v = lookup(r, n);
            if (v && v->t == TV_STR)
                bp_buf_add_html(r->out, v->u.s, strlen(v->u.s));
            else if (v && v->t == TV_INT) {
                char num[BP_INT_TEXT_MAX];
                bp_buf_add(r->out, num, bp_int_text(num, v->u.i));
            }
            break;
        case N_SECTION:
            v = lookup(r, n);
            if (!truthy(v))
                break;
            if (v->t == TV_LIST) {
                const struct tv_item *it;
                for (it = v->u.list.head; it; it = it->next)
                    push_render(r, it->v, n->child, depth);
            } else {
                push_render(r, v, n->child, depth);
            }
            break;
        case N_INVERTED:
            if (!truthy(lookup(r, n)))
                render_list(r, n->child, depth + 1);
            break;
        case N_PARTIAL:
            render_list(r, n->target->root, depth + 1);
            break;
        }
    }
}

void bp_tmpl_render(const struct bp_tmpl_set *s, const char *name, int lang, const struct bp_tv *ctx,
                    struct bp_buf *out)
{
    struct render r;
    const struct tmpl *t = find(s, name);
    if (!t || !t->compiled)
        BUG("no compiled template %s", name);
    if (lang < 0 || lang >= s->n_langs)
        lang = 0;
    r.set = s;
    r.lang = lang;
    r.depth = 0;
    r.out = out;
    r.stack[r.depth++] = ctx;
    render_list(&r, t->root, 0);
}

static void each_msgid(const struct node *n, void (*fn)(void *, const char *), void *ud)
{
    for (; n; n = n->next) {
        if (n->t == N_TRANS)
            fn(ud, n->msgid);
        if (n->child)
            each_msgid(n->child, fn, ud);
    }
}

void bp_tmpl_each_msgid(const struct bp_tmpl_set *s, void (*fn)(void *ud, const char *msgid), void *ud)
{
    size_t i;
    for (i = 0; i < s->n; i++)
        each_msgid(s->items[i].root, fn, ud);
}
