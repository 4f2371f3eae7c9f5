/* audit_chain.h: the audit trail's hash chain (issue 11 item 3), the pure part: an entry's canonical
 * encoding and its hash. Storage writes the chain (store.c, bp_audit_add), the use case `audit verify`
 * recomputes it (app/audit.c); both call these, so there is one definition of what an entry's hash covers.
 *
 * The hash is libsodium's crypto_generichash (BLAKE2b, 32 bytes, no key) over, in this order: the tag
 * "barnplan-audit-v1", then each of chain id, seq, at, user_id, org_id, child_id, case_id as 'i' and 8 bytes
 * big-endian (an absent id, stored as NULL, is 0), then each of action, object, channel, address, detail as
 * 'n' when NULL or 't', 4 bytes big-endian length and the bytes, then the previous entry's hash (32 zero
 * bytes for the first entry of a chain). Every column of the entry but its autoincrement id is covered:
 * the id is the database's, and a restore or a copy may number rows differently. Computation only: no I/O. */
#ifndef BP_DOMAIN_AUDIT_CHAIN_H
#define BP_DOMAIN_AUDIT_CHAIN_H
#include "util/common.h"
#include "domain/model.h"

#define BP_AUDIT_HASH_BYTES 32
#define BP_AUDIT_HASH_HEX   (2 * BP_AUDIT_HASH_BYTES + 1) /* lower-case hex and its NUL */

/* The hash of entry e as entry number seq of chain chain_id after the entry whose hash is prev (NULL: the
 * first entry of the chain). */
void bp_audit_hash(const struct bp_audit *e, int64_t chain_id, int64_t seq, const uint8_t *prev,
                   uint8_t out[BP_AUDIT_HASH_BYTES]);

/* A page of audit entries handed to a caller's function (the extracts); false stops the walk. */
typedef bool (*bp_audit_page_fn)(void *ctx, const struct bp_audit *rows, size_t n);

/* Lower-case hex of a hash, and back; the parse is false for anything but 64 hex digits. */
void bp_audit_hash_hex(const uint8_t h[BP_AUDIT_HASH_BYTES], char out[BP_AUDIT_HASH_HEX]);
bool bp_audit_hash_parse(const char *hex, uint8_t out[BP_AUDIT_HASH_BYTES]);

#endif
