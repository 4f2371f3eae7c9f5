/* find.h: finding an item in an array by its id or its name, the loop that the use cases, the domain and
 * the form decoders would otherwise each write again. Pure. Must not grow searches with rules of their
 * own (the first active consent of an organisation, ...): those stay beside their rule. */
#ifndef BP_FIND_H
#define BP_FIND_H
#include "util/common.h"

/* The first of n items of `size` bytes whose int64_t at offset `off` is id; NULL when none. */
const void *bp_find_id(const void *items, size_t n, size_t size, size_t off, int64_t id);
/* The same for a const char * at offset `off` equal to name (a NULL one is never equal). */
const void *bp_find_name(const void *items, size_t n, size_t size, size_t off, const char *name);
/* Whether id is one of ids[0..n). */
bool bp_id_in(const int64_t *ids, size_t n, int64_t id);

/* Typed forms: BP_FIND_ID(struct bp_consent, ca->consents, ca->n_consents, id, consent_id) is the consent
 * whose id is consent_id, as a const pointer. items must point at T (a pointer type mismatch is an error
 * under -Werror) and member must be one of T's. */
#define BP_FIND_ID(T, items, n, member, id)                                                                  \
    ((const T *)bp_find_id(1 ? (items) : (const T *)NULL, (n), sizeof(T), offsetof(T, member), (id)))
#define BP_FIND_NAME(T, items, n, member, name)                                                              \
    ((const T *)bp_find_name(1 ? (items) : (const T *)NULL, (n), sizeof(T), offsetof(T, member), (name)))

#endif
