/* audit_wire.h: audit entries as bytes, between the HTTP workers and the audit writer (jobs/audit_writer.c;
 * issue 12 item 1). Both ends are processes of the same `barnplan serve`, so integers travel in the host's
 * own order. A frame: its payload's length (uint32), then the payload: the number of entries (uint32) and
 * for each entry at, user_id, org_id, child_id, case_id (int64) and action, object, channel, address, detail
 * (each a uint32 length, UINT32_MAX for none, then that many bytes). Pure: no I/O. */
#ifndef BP_AUDIT_WIRE_H
#define BP_AUDIT_WIRE_H
#include "util/arena.h"
#include "util/buf.h"
#include "domain/model.h"

enum {
    BP_AUDIT_WIRE_MAX_FRAME = 1 << 20, /* bytes of one frame's payload: a batch of BP_MAX_AUDIT_BATCH fits */
    BP_AUDIT_WIRE_MAX_TEXT = 4096,     /* bytes of one text of an entry */
};

/* Appends one frame holding the n entries to b; false (b unchanged in length) when a text or the frame is
 * over its limit: the caller then commits the batch itself. */
bool bp_audit_wire_encode(struct bp_buf *b, const struct bp_audit *entries, size_t n);
/* The frame at the start of data[0..len): BP_AUDIT_WIRE_MORE when it is not whole yet, BP_AUDIT_WIRE_BAD when
 * it is malformed (the sender is then cut off), else BP_AUDIT_WIRE_OK with its entries decoded into *out
 * (texts copied to a, NUL-terminated), *n of them, and *used the frame's bytes. */
enum bp_audit_wire_rc { BP_AUDIT_WIRE_OK, BP_AUDIT_WIRE_MORE, BP_AUDIT_WIRE_BAD };
enum bp_audit_wire_rc bp_audit_wire_decode(struct bp_arena *a, const char *data, size_t len,
                                           struct bp_audit **out, size_t *n, size_t *used);
#endif
