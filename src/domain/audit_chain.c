/* audit_chain.c: an audit entry's canonical encoding and hash (audit_chain.h). */
#include <sodium.h>
#include "domain/audit_chain.h"

static void put_int(crypto_generichash_state *st, int64_t v)
{
    unsigned char b[9];
    uint64_t u = (uint64_t)v;
    int i;
    b[0] = 'i';
    for (i = 8; i >= 1; i--, u >>= 8)
        b[i] = (unsigned char)(u & 0xff);
    crypto_generichash_update(st, b, sizeof(b));
}

static void put_text(crypto_generichash_state *st, const char *s)
{
    unsigned char b[5];
    size_t n;
    if (!s) {
        b[0] = 'n';
        crypto_generichash_update(st, b, 1);
        return;
    }
    n = strlen(s);
    b[0] = 't';
    b[1] = (unsigned char)((n >> 24) & 0xff);
    b[2] = (unsigned char)((n >> 16) & 0xff);
    b[3] = (unsigned char)((n >> 8) & 0xff);
    b[4] = (unsigned char)(n & 0xff);
    crypto_generichash_update(st, b, sizeof(b));
    crypto_generichash_update(st, (const unsigned char *)s, n);
}

void bp_audit_hash(const struct bp_audit *e, int64_t chain_id, int64_t seq, const uint8_t *prev,
                   uint8_t out[BP_AUDIT_HASH_BYTES])
{
    static const char tag[] = "barnplan-audit-v1";
    static const uint8_t zero[BP_AUDIT_HASH_BYTES];
    crypto_generichash_state st;
    crypto_generichash_init(&st, NULL, 0, BP_AUDIT_HASH_BYTES);
    crypto_generichash_update(&st, (const unsigned char *)tag, sizeof(tag));
    put_int(&st, chain_id);
    put_int(&st, seq);
    put_int(&st, e->at);
    put_int(&st, e->user_id);
    put_int(&st, e->org_id);
    put_int(&st, e->child_id);
    put_int(&st, e->case_id);
    put_text(&st, e->action);
    put_text(&st, e->object);
    put_text(&st, e->channel);
    put_text(&st, e->address);
    put_text(&st, e->detail);
    crypto_generichash_update(&st, prev ? prev : zero, BP_AUDIT_HASH_BYTES);
    crypto_generichash_final(&st, out, BP_AUDIT_HASH_BYTES);
}

void bp_audit_hash_hex(const uint8_t h[BP_AUDIT_HASH_BYTES], char out[BP_AUDIT_HASH_HEX])
{
    sodium_bin2hex(out, BP_AUDIT_HASH_HEX, h, BP_AUDIT_HASH_BYTES);
}

bool bp_audit_hash_parse(const char *hex, uint8_t out[BP_AUDIT_HASH_BYTES])
{
    if (!hex || strlen(hex) != 2 * BP_AUDIT_HASH_BYTES)
        return false;
    /* exactly 64 characters and no end pointer: success means every one was a hex digit, 32 bytes */
    return sodium_hex2bin(out, BP_AUDIT_HASH_BYTES, hex, 2 * BP_AUDIT_HASH_BYTES, NULL, NULL, NULL) == 0;
}
