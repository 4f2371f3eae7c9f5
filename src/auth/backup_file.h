/* backup_file.h: the encrypted backup file (issue 11 item 7; docs/trust.md section 7) and its key. A backup
 * file is a header in the clear (no personal data: the format, the schema version, when it was made, how
 * many bytes the database has, the backend and the key's id) followed by the database's bytes sealed with
 * libsodium's crypto_secretstream_xchacha20poly1305 in chunks of BP_BACKUP_CHUNK bytes; the first sealed
 * message is empty and carries the header as its additional data, so that a changed header is refused like
 * a changed chunk, and the last chunk carries the FINAL tag, so that a cut file is refused too.
 * The key is 32 random bytes in a file of their own, mode 0600 (bp_backup_key_new). Knows nothing of the
 * database: it seals and opens bytes on a file descriptor. Never prints; errors are words in err. */
#ifndef BP_AUTH_BACKUP_FILE_H
#define BP_AUTH_BACKUP_FILE_H
#include "util/common.h"

#define BP_BACKUP_KEY_BYTES   32
#define BP_BACKUP_KEY_ID      8 /* BLAKE2b of the key, the first 8 bytes: names a key, reveals nothing */
#define BP_BACKUP_FORMAT      1
#define BP_BACKUP_CHUNK       (64 * 1024)
#define BP_BACKUP_HEADER_SIZE 72

struct bp_backup_key {
    unsigned char key[BP_BACKUP_KEY_BYTES];
    unsigned char id[BP_BACKUP_KEY_ID];
};

/* What the header says. */
struct bp_backup_header {
    uint32_t format;         /* BP_BACKUP_FORMAT */
    uint32_t schema_version; /* the database's migrations were applied up to this one */
    int64_t created;         /* Unix time the copy was taken */
    uint64_t size;           /* the database file's bytes */
    char backend[8];         /* "sqlite" */
    unsigned char key_id[BP_BACKUP_KEY_ID];
};

/* Writes a new key (32 random bytes) to path, readable by its owner only (0600); never replaces a file. */
enum bp_err bp_backup_key_new(const char *path, char *err, size_t errlen);
/* Reads the key at path: exactly 32 bytes, and refused when the group or others may read it. */
enum bp_err bp_backup_key_load(const char *path, struct bp_backup_key *key, char *err, size_t errlen);
/* Wipes the key from memory. */
void bp_backup_key_wipe(struct bp_backup_key *key);
/* A key id as 16 hex digits. */
void bp_backup_key_id_text(const unsigned char id[BP_BACKUP_KEY_ID],
                           char out[static 2 * BP_BACKUP_KEY_ID + 1]);

/* The sealing side: writes the header (h->key_id is set from the key) and the first message to fd, then
 * takes the database's bytes in any pieces (bp_backup_seal_write) and writes them as chunks; finish seals the
 * last one with the FINAL tag and fsyncs fd. The writer owns no file: the caller closes fd. free wipes its
 * buffers (after finish, or instead of it on failure). */
struct bp_backup_sealer;
enum bp_err bp_backup_seal_new(int fd, const struct bp_backup_key *key, struct bp_backup_header *h,
                               struct bp_backup_sealer **out);
enum bp_err bp_backup_seal_write(struct bp_backup_sealer *w, const void *data, size_t n);
enum bp_err bp_backup_seal_finish(struct bp_backup_sealer *w);
void bp_backup_seal_free(struct bp_backup_sealer *w);

/* The opening side: reads and checks the header (a backup of this format, made with this key, of the length
 * the header says), then hands out the database's bytes a chunk at a time (*n is 0 at the end, after the
 * FINAL chunk). Every refusal says why in err: not a backup, another format, another key, cut short, or
 * changed (a chunk or the header fails its authentication). */
struct bp_backup_opener;
enum bp_err bp_backup_open_new(int fd, const struct bp_backup_key *key, struct bp_backup_header *h,
                               struct bp_backup_opener **out, char *err, size_t errlen);
enum bp_err bp_backup_open_read(struct bp_backup_opener *r, const void **data, size_t *n, char *err,
                                size_t errlen);
void bp_backup_open_free(struct bp_backup_opener *r);

#endif
