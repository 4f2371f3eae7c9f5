/* audit_wire.c: audit entries as bytes (audit_wire.h). */
#include "domain/audit_wire.h"
#include <string.h>

#define N_INTS    5
#define N_TEXTS   5
#define ENTRY_MIN ((N_INTS * 8) + (N_TEXTS * 4)) /* an entry with every text empty */

static void put_u32(struct bp_buf *b, uint32_t v)
{
    bp_buf_add(b, &v, sizeof(v));
}

static void put_text(struct bp_buf *b, const char *s)
{
    if (!s) {
        put_u32(b, UINT32_MAX);
        return;
    }
    put_u32(b, (uint32_t)strlen(s));
    bp_buf_add(b, s, strlen(s));
}

bool bp_audit_wire_encode(struct bp_buf *b, const struct bp_audit *entries, size_t n)
{
    size_t start = b->len, i, payload = 4;
    uint32_t len;
    for (i = 0; i < n; i++) {
        const char *texts[N_TEXTS] = {entries[i].action, entries[i].object, entries[i].channel,
                                      entries[i].address, entries[i].detail};
        size_t t;
        payload += ENTRY_MIN;
        for (t = 0; t < N_TEXTS; t++) {
            size_t l = texts[t] ? strlen(texts[t]) : 0;
            if (l > BP_AUDIT_WIRE_MAX_TEXT)
                return false;
            payload += l;
        }
        if (payload > BP_AUDIT_WIRE_MAX_FRAME)
            return false;
    }
    len = (uint32_t)payload;
    put_u32(b, len);
    put_u32(b, (uint32_t)n);
    for (i = 0; i < n; i++) {
        const struct bp_audit *e = &entries[i];
        const int64_t ints[N_INTS] = {e->at, e->user_id, e->org_id, e->child_id, e->case_id};
        bp_buf_add(b, ints, sizeof(ints));
        put_text(b, e->action);
        put_text(b, e->object);
        put_text(b, e->channel);
        put_text(b, e->address);
        put_text(b, e->detail);
    }
    if (bp_buf_failed(b) || b->len - start != 4 + (size_t)len) {
        b->len = start; /* over the buffer's own cap */
        if (b->data)
            b->data[start] = '\0';
        return false;
    }
    return true;
}

struct reader {
    const char *p, *end;
    bool bad;
};

static uint32_t get_u32(struct reader *r)
{
    uint32_t v = 0;
    if ((size_t)(r->end - r->p) < sizeof(v)) {
        r->bad = true;
        return 0;
    }
    memcpy(&v, r->p, sizeof(v));
    r->p += sizeof(v);
    return v;
}

static const char *get_text(struct reader *r, struct bp_arena *a)
{
    uint32_t l = get_u32(r);
    char *s;
    if (r->bad || l == UINT32_MAX)
        return NULL;
    if (l > BP_AUDIT_WIRE_MAX_TEXT || (size_t)(r->end - r->p) < l || memchr(r->p, '\0', l)) {
        r->bad = true;
        return NULL;
    }
    s = bp_arena_alloc_raw(a, (size_t)l + 1);
    memcpy(s, r->p, l);
    s[l] = '\0';
    r->p += l;
    return s;
}

enum bp_audit_wire_rc bp_audit_wire_decode(struct bp_arena *a, const char *data, size_t len,
                                           struct bp_audit **out, size_t *n, size_t *used)
{
    struct reader r;
    uint32_t payload, count, i;
    *out = NULL;
    *n = *used = 0;
    if (len < 4)
        return BP_AUDIT_WIRE_MORE;
    memcpy(&payload, data, sizeof(payload));
    if (payload < 4 || payload > BP_AUDIT_WIRE_MAX_FRAME)
        return BP_AUDIT_WIRE_BAD;
    if (len - 4 < payload)
        return BP_AUDIT_WIRE_MORE;
    r = (struct reader){data + 4, data + 4 + payload, false};
    count = get_u32(&r);
    if (count == 0 || count > (payload - 4) / ENTRY_MIN)
        return BP_AUDIT_WIRE_BAD;
    *out = bp_arena_alloc(a, count * sizeof(**out));
    for (i = 0; i < count && !r.bad; i++) {
        struct bp_audit *e = &(*out)[i];
        int64_t ints[N_INTS];
        if ((size_t)(r.end - r.p) < sizeof(ints)) {
            r.bad = true;
            break;
        }
        memcpy(ints, r.p, sizeof(ints));
        r.p += sizeof(ints);
        e->at = ints[0], e->user_id = ints[1], e->org_id = ints[2], e->child_id = ints[3],
        e->case_id = ints[4];
        e->action = get_text(&r, a);
        e->object = get_text(&r, a);
        e->channel = get_text(&r, a);
        e->address = get_text(&r, a);
        e->detail = get_text(&r, a);
    }
    if (r.bad || r.p != r.end)
        return BP_AUDIT_WIRE_BAD;
    *n = count;
    *used = 4 + (size_t)payload;
    return BP_AUDIT_WIRE_OK;
}
