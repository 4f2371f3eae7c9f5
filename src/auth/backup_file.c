/* backup_file.c: the encrypted backup file and its key (backup_file.h). libsodium only; the caller owns the
 * file descriptors. Never prints. */
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>
#include "auth/backup_file.h"

#define ABYTES crypto_secretstream_xchacha20poly1305_ABYTES

static const char magic[8] = {'B', 'P', 'B', 'A', 'C', 'K', 'U', 'P'};

_Static_assert(crypto_secretstream_xchacha20poly1305_KEYBYTES == BP_BACKUP_KEY_BYTES, "key size");
_Static_assert(crypto_secretstream_xchacha20poly1305_HEADERBYTES == 24, "stream header size");
_Static_assert(BP_BACKUP_HEADER_SIZE == 48 + 24, "header layout");

/* Writes all n bytes (retrying short writes and EINTR). */
static bool write_all(int fd, const void *data, size_t n)
{
    const unsigned char *p = data;
    while (n) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return false;
        p += w;
        n -= (size_t)w;
    }
    return true;
}

/* Reads up to n bytes, fewer only at the end of the file; -1 on an error. */
static ssize_t read_full(int fd, void *data, size_t n)
{
    unsigned char *p = data;
    size_t got = 0;
    while (got < n) {
        ssize_t r = read(fd, p + got, n - got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            return -1;
        if (r == 0)
            break;
        got += (size_t)r;
    }
    return (ssize_t)got;
}

static void key_id(const unsigned char key[BP_BACKUP_KEY_BYTES], unsigned char id[BP_BACKUP_KEY_ID])
{
    static const unsigned char context[] = "barnplan backup key id";
    crypto_generichash_state st;
    crypto_generichash_init(&st, NULL, 0, BP_BACKUP_KEY_ID);
    crypto_generichash_update(&st, context, sizeof(context) - 1);
    crypto_generichash_update(&st, key, BP_BACKUP_KEY_BYTES);
    crypto_generichash_final(&st, id, BP_BACKUP_KEY_ID);
}

void bp_backup_key_id_text(const unsigned char id[BP_BACKUP_KEY_ID],
                           char out[static 2 * BP_BACKUP_KEY_ID + 1])
{
    sodium_bin2hex(out, 2 * BP_BACKUP_KEY_ID + 1, id, BP_BACKUP_KEY_ID);
}

enum bp_err bp_backup_key_new(const char *path, char *err, size_t errlen)
{
    unsigned char key[BP_BACKUP_KEY_BYTES];
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
    bool ok;
    if (fd < 0) {
        snprintf(err, errlen, "cannot create the key file %s: %s%s", path, strerror(errno),
                 errno == EEXIST ? " (a key is never replaced: keep it, or remove it yourself)" : "");
        return BP_ERR_INVALID;
    }
    randombytes_buf(key, sizeof(key));
    ok = fchmod(fd, 0600) == 0 && write_all(fd, key, sizeof(key)) && fsync(fd) == 0;
    sodium_memzero(key, sizeof(key));
    if (close(fd) != 0 || !ok) {
        snprintf(err, errlen, "cannot write the key file %s: %s", path, strerror(errno));
        unlink(path);
        return BP_ERR_INTERNAL;
    }
    return BP_OK;
}

enum bp_err bp_backup_key_load(const char *path, struct bp_backup_key *key, char *err, size_t errlen)
{
    struct stat st;
    unsigned char extra;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    enum bp_err rc = BP_ERR_INVALID;
    memset(key, 0, sizeof(*key));
    if (fd < 0) {
        snprintf(err, errlen, "cannot read the key file %s: %s", path, strerror(errno));
        return BP_ERR_INVALID;
    }
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))
        snprintf(err, errlen, "the key file %s is not a regular file", path);
    else if (st.st_mode & 077)
        snprintf(err, errlen, "the key file %s may be read by others (mode %03o): chmod 600 it", path,
                 (unsigned)(st.st_mode & 0777));
    else if (read_full(fd, key->key, sizeof(key->key)) != (ssize_t)sizeof(key->key) ||
             read_full(fd, &extra, 1) != 0)
        snprintf(err, errlen, "the key file %s does not hold a key (exactly %d bytes)", path,
                 BP_BACKUP_KEY_BYTES);
    else
        rc = BP_OK;
    close(fd);
    if (rc == BP_OK)
        key_id(key->key, key->id);
    else
        bp_backup_key_wipe(key);
    return rc;
}

void bp_backup_key_wipe(struct bp_backup_key *key)
{
    sodium_memzero(key, sizeof(*key));
}

static void put_u32(unsigned char *p, uint32_t v)
{
    int i;
    for (i = 0; i < 4; i++)
        p[i] = (unsigned char)(v >> (24 - 8 * i));
}

static void put_u64(unsigned char *p, uint64_t v)
{
    int i;
    for (i = 0; i < 8; i++)
        p[i] = (unsigned char)(v >> (56 - 8 * i));
}

static uint32_t get_u32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static uint64_t get_u64(const unsigned char *p)
{
    return (uint64_t)get_u32(p) << 32 | get_u32(p + 4);
}

/* The header's bytes: magic, format, schema version, created, size, backend, key id; the stream header
 * (24 bytes) follows at 48. */
static void header_encode(const struct bp_backup_header *h, unsigned char out[BP_BACKUP_HEADER_SIZE])
{
    memcpy(out, magic, sizeof(magic));
    put_u32(out + 8, h->format);
    put_u32(out + 12, h->schema_version);
    put_u64(out + 16, (uint64_t)h->created);
    put_u64(out + 24, h->size);
    memcpy(out + 32, h->backend, sizeof(h->backend));
    memcpy(out + 40, h->key_id, BP_BACKUP_KEY_ID);
}

static void header_decode(const unsigned char in[BP_BACKUP_HEADER_SIZE], struct bp_backup_header *h)
{
    h->format = get_u32(in + 8);
    h->schema_version = get_u32(in + 12);
    h->created = (int64_t)get_u64(in + 16);
    h->size = get_u64(in + 24);
    memcpy(h->backend, in + 32, sizeof(h->backend));
    h->backend[sizeof(h->backend) - 1] = '\0';
    memcpy(h->key_id, in + 40, BP_BACKUP_KEY_ID);
}

/* The file's length for a database of size bytes: the header, the empty first message, size / CHUNK full
 * chunks and one last (maybe empty) chunk. */
static uint64_t file_length(uint64_t size)
{
    return BP_BACKUP_HEADER_SIZE + ABYTES + size + (size / BP_BACKUP_CHUNK + 1) * ABYTES;
}

struct bp_backup_sealer {
    int fd;
    crypto_secretstream_xchacha20poly1305_state st;
    unsigned char plain[BP_BACKUP_CHUNK];
    unsigned char sealed[BP_BACKUP_CHUNK + ABYTES];
    size_t have;
};

enum bp_err bp_backup_seal_new(int fd, const struct bp_backup_key *key, struct bp_backup_header *h,
                               struct bp_backup_sealer **out)
{
    struct bp_backup_sealer *w = sodium_malloc(sizeof(*w));
    unsigned char head[BP_BACKUP_HEADER_SIZE], first[ABYTES];
    *out = NULL;
    if (!w)
        return BP_ERR_INTERNAL;
    w->fd = fd;
    w->have = 0;
    h->format = BP_BACKUP_FORMAT;
    memcpy(h->key_id, key->id, BP_BACKUP_KEY_ID);
    header_encode(h, head);
    crypto_secretstream_xchacha20poly1305_init_push(&w->st, head + 48, key->key);
    crypto_secretstream_xchacha20poly1305_push(&w->st, first, NULL, NULL, 0, head, sizeof(head),
                                               crypto_secretstream_xchacha20poly1305_TAG_MESSAGE);
    if (!write_all(fd, head, sizeof(head)) || !write_all(fd, first, sizeof(first))) {
        bp_backup_seal_free(w);
        return BP_ERR_INTERNAL;
    }
    *out = w;
    return BP_OK;
}

static bool seal_chunk(struct bp_backup_sealer *w, unsigned char tag)
{
    unsigned long long len = 0;
    crypto_secretstream_xchacha20poly1305_push(&w->st, w->sealed, &len, w->plain, w->have, NULL, 0, tag);
    w->have = 0;
    return write_all(w->fd, w->sealed, (size_t)len);
}

enum bp_err bp_backup_seal_write(struct bp_backup_sealer *w, const void *data, size_t n)
{
    const unsigned char *p = data;
    while (n) {
        size_t take = BP_BACKUP_CHUNK - w->have < n ? BP_BACKUP_CHUNK - w->have : n;
        memcpy(w->plain + w->have, p, take);
        w->have += take;
        p += take;
        n -= take;
        if (w->have == BP_BACKUP_CHUNK && !seal_chunk(w, crypto_secretstream_xchacha20poly1305_TAG_MESSAGE))
            return BP_ERR_INTERNAL;
    }
    return BP_OK;
}

enum bp_err bp_backup_seal_finish(struct bp_backup_sealer *w)
{
    if (!seal_chunk(w, crypto_secretstream_xchacha20poly1305_TAG_FINAL) || fsync(w->fd) != 0)
        return BP_ERR_INTERNAL;
    return BP_OK;
}

void bp_backup_seal_free(struct bp_backup_sealer *w)
{
    if (w)
        sodium_free(w); /* sodium_free wipes it */
}

struct bp_backup_opener {
    int fd;
    crypto_secretstream_xchacha20poly1305_state st;
    uint64_t left;  /* plaintext bytes still to come */
    uint64_t chunk; /* the next chunk's number, from 1 */
    bool done;
    unsigned char sealed[BP_BACKUP_CHUNK + ABYTES];
    unsigned char plain[BP_BACKUP_CHUNK];
};

/* The header's checks before any decryption: the magic, the format, the key and the file's length. */
static bool header_acceptable(const unsigned char *head, ssize_t got, const struct bp_backup_key *key,
                              const struct bp_backup_header *h, int fd, char *err, size_t errlen)
{
    char theirs[2 * BP_BACKUP_KEY_ID + 1], ours[2 * BP_BACKUP_KEY_ID + 1];
    struct stat st;
    if (got != BP_BACKUP_HEADER_SIZE || memcmp(head, magic, sizeof(magic)) != 0) {
        snprintf(err, errlen, "not a Barnplan backup (no backup header)");
        return false;
    }
    if (h->format != BP_BACKUP_FORMAT) {
        snprintf(err, errlen, "a backup of format %u: this program reads format %d", (unsigned)h->format,
                 BP_BACKUP_FORMAT);
        return false;
    }
    if (sodium_memcmp(h->key_id, key->id, BP_BACKUP_KEY_ID) != 0) {
        bp_backup_key_id_text(h->key_id, theirs);
        bp_backup_key_id_text(key->id, ours);
        snprintf(err, errlen, "the wrong key: this backup was made with key %s, the key file holds key %s",
                 theirs, ours);
        return false;
    }
    if (fstat(fd, &st) != 0 || h->size > INT64_MAX / 2 || (uint64_t)st.st_size != file_length(h->size)) {
        snprintf(err, errlen, "the backup is %s: %lld bytes where its header says %llu",
                 (uint64_t)st.st_size < file_length(h->size) ? "cut short" : "too long",
                 (long long)st.st_size, (unsigned long long)file_length(h->size));
        return false;
    }
    return true;
}

enum bp_err bp_backup_open_new(int fd, const struct bp_backup_key *key, struct bp_backup_header *h,
                               struct bp_backup_opener **out, char *err, size_t errlen)
{
    unsigned char head[BP_BACKUP_HEADER_SIZE], first[ABYTES], tag = 0;
    struct bp_backup_opener *r;
    ssize_t got = read_full(fd, head, sizeof(head));
    *out = NULL;
    memset(h, 0, sizeof(*h));
    if (got == BP_BACKUP_HEADER_SIZE)
        header_decode(head, h);
    if (!header_acceptable(head, got, key, h, fd, err, errlen))
        return BP_ERR_INVALID;
    if (!(r = sodium_malloc(sizeof(*r))))
        return BP_ERR_INTERNAL;
    r->fd = fd;
    r->left = h->size;
    r->chunk = 1;
    r->done = false;
    if (crypto_secretstream_xchacha20poly1305_init_pull(&r->st, head + 48, key->key) != 0 ||
        read_full(fd, first, sizeof(first)) != (ssize_t)sizeof(first) ||
        crypto_secretstream_xchacha20poly1305_pull(&r->st, NULL, NULL, &tag, first, sizeof(first), head,
                                                   sizeof(head)) != 0 ||
        tag != crypto_secretstream_xchacha20poly1305_TAG_MESSAGE) {
        snprintf(err, errlen, "the backup's header was changed (it fails its authentication)");
        bp_backup_open_free(r);
        return BP_ERR_INVALID;
    }
    *out = r;
    return BP_OK;
}

enum bp_err bp_backup_open_read(struct bp_backup_opener *r, const void **data, size_t *n, char *err,
                                size_t errlen)
{
    size_t want = (r->left < BP_BACKUP_CHUNK ? (size_t)r->left : BP_BACKUP_CHUNK) + ABYTES;
    unsigned long long len = 0;
    unsigned char tag = 0;
    bool last = r->left < BP_BACKUP_CHUNK;
    *data = r->plain;
    *n = 0;
    if (r->done)
        return BP_OK;
    if (read_full(r->fd, r->sealed, want) != (ssize_t)want) {
        snprintf(err, errlen, "the backup is cut short (it ends before its last chunk)");
        return BP_ERR_INVALID;
    }
    if (crypto_secretstream_xchacha20poly1305_pull(&r->st, r->plain, &len, &tag, r->sealed, want, NULL, 0) !=
            0 ||
        (last != (tag == crypto_secretstream_xchacha20poly1305_TAG_FINAL))) {
        snprintf(err, errlen, "the backup was changed or damaged (its chunk %llu fails its authentication)",
                 (unsigned long long)r->chunk);
        return BP_ERR_INVALID;
    }
    r->left -= len;
    r->chunk++;
    r->done = last;
    *n = (size_t)len;
    return BP_OK;
}

void bp_backup_open_free(struct bp_backup_opener *r)
{
    if (r)
        sodium_free(r);
}
