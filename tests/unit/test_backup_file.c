/* test_backup_file.c: the encrypted backup file and its key (src/auth/backup_file.c; issue 11 item 7,
 * docs/trust.md section 7): every length round-trips around the chunk size; every byte of the header, a byte
 * of every chunk and the last tag, when changed, is refused; a file cut or lengthened anywhere is refused;
 * the wrong key is named; a key file others may read, or of the wrong length, is refused; a key is never
 * replaced. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>
#include "rm_tree.h"
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
#include "auth/auth.h"
#include "auth/backup_file.h"

static char dir[] = "/tmp/bp-backup-file-XXXXXX";

/* A key file of its own in dir, loaded. */
static void key_new(const char *name, struct bp_backup_key *key)
{
    char path[256], err[512];
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    unlink(path);
    assert_int_equal(bp_backup_key_new(path, err, sizeof(err)), BP_OK);
    assert_int_equal(bp_backup_key_load(path, key, err, sizeof(err)), BP_OK);
}

/* Seals n bytes of data into a new file; returns its descriptor, at offset 0. */
static int seal(const struct bp_backup_key *key, const unsigned char *data, size_t n, size_t piece)
{
    char path[256];
    struct bp_backup_header h = {.schema_version = 35, .created = 1796633809, .size = n, .backend = "sqlite"};
    struct bp_backup_sealer *w;
    size_t at;
    int fd;
    snprintf(path, sizeof(path), "%s/sealed-XXXXXX", dir);
    fd = mkstemp(path);
    assert_true(fd >= 0);
    unlink(path);
    assert_int_equal(bp_backup_seal_new(fd, key, &h, &w), BP_OK);
    for (at = 0; at < n; at += piece)
        assert_int_equal(bp_backup_seal_write(w, data + at, n - at < piece ? n - at : piece), BP_OK);
    assert_int_equal(bp_backup_seal_finish(w), BP_OK);
    bp_backup_seal_free(w);
    assert_int_equal(lseek(fd, 0, SEEK_SET), 0);
    return fd;
}

/* Opens fd and reads it to the end into out (when not NULL); BP_OK or the refusal, its words in err. */
static enum bp_err open_all(int fd, const struct bp_backup_key *key, unsigned char *out, size_t *n, char *err,
                            size_t errlen)
{
    struct bp_backup_header h;
    struct bp_backup_opener *r;
    const void *data;
    size_t got, total = 0;
    enum bp_err rc;
    err[0] = '\0';
    assert_int_equal(lseek(fd, 0, SEEK_SET), 0);
    if ((rc = bp_backup_open_new(fd, key, &h, &r, err, errlen)) != BP_OK)
        return rc;
    assert_int_equal(h.schema_version, 35);
    assert_int_equal(h.created, 1796633809);
    assert_string_equal(h.backend, "sqlite");
    do {
        if ((rc = bp_backup_open_read(r, &data, &got, err, errlen)) != BP_OK)
            break;
        if (out)
            memcpy(out + total, data, got);
        total += got;
    } while (got);
    bp_backup_open_free(r);
    if (n)
        *n = total;
    return rc;
}

static unsigned char *random_bytes(size_t n)
{
    unsigned char *p = malloc(n ? n : 1);
    size_t i;
    for (i = 0; i < n; i++)
        p[i] = (unsigned char)(rand() & 0xff);
    return p;
}

static void test_round_trip(void **state)
{
    static const size_t sizes[] = {0,
                                   1,
                                   BP_BACKUP_CHUNK - 1,
                                   BP_BACKUP_CHUNK,
                                   BP_BACKUP_CHUNK + 1,
                                   3 * BP_BACKUP_CHUNK,
                                   3 * BP_BACKUP_CHUNK + 4096};
    struct bp_backup_key key;
    char err[512];
    size_t i, n;
    (void)state;
    key_new("round.key", &key);
    for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
        unsigned char *data = random_bytes(sizes[i]), *back = malloc(sizes[i] + 1);
        int fd = seal(&key, data, sizes[i], 4096 + i); /* pieces that straddle the chunks */
        struct stat st;
        print_message("%zu bytes\n", sizes[i]);
        assert_int_equal(fstat(fd, &st), 0);
        assert_int_equal(st.st_size,
                         BP_BACKUP_HEADER_SIZE + 17 + sizes[i] + (sizes[i] / BP_BACKUP_CHUNK + 1) * 17);
        assert_int_equal(open_all(fd, &key, back, &n, err, sizeof(err)), BP_OK);
        assert_int_equal(n, sizes[i]);
        assert_memory_equal(back, data, sizes[i]);
        close(fd);
        free(data);
        free(back);
    }
    bp_backup_key_wipe(&key);
}

/* Writes the bytes of fd, with the byte at `at` changed, into a new file. */
static int changed_copy(int fd, off_t at)
{
    struct stat st;
    unsigned char *all;
    char path[256];
    int out;
    assert_int_equal(fstat(fd, &st), 0);
    all = malloc((size_t)st.st_size);
    assert_int_equal(pread(fd, all, (size_t)st.st_size, 0), st.st_size);
    all[at] ^= 0x20;
    snprintf(path, sizeof(path), "%s/changed-XXXXXX", dir);
    out = mkstemp(path);
    unlink(path);
    assert_int_equal(write(out, all, (size_t)st.st_size), st.st_size);
    free(all);
    return out;
}

static void test_changed(void **state)
{
    struct bp_backup_key key;
    size_t n = 3 * BP_BACKUP_CHUNK + 100, chunk;
    unsigned char *data = random_bytes(n);
    char err[512];
    off_t at, size;
    int fd, bad;
    (void)state;
    key_new("changed.key", &key);
    fd = seal(&key, data, n, n);
    size = lseek(fd, 0, SEEK_END);
    /* every byte of the header and of the first (empty) message: refused before any byte is handed out */
    for (at = 0; at < BP_BACKUP_HEADER_SIZE + 17; at++) {
        bad = changed_copy(fd, at);
        assert_int_not_equal(open_all(bad, &key, NULL, NULL, err, sizeof(err)), BP_OK);
        assert_true(strstr(err, "changed") || strstr(err, "not a Barnplan backup") || strstr(err, "format") ||
                    strstr(err, "wrong key") || strstr(err, "cut short") || strstr(err, "too long"));
        close(bad);
    }
    /* the first and last byte of every chunk (the last one's tag included) */
    for (chunk = 0; chunk <= n / BP_BACKUP_CHUNK; chunk++) {
        off_t first = BP_BACKUP_HEADER_SIZE + 17 + (off_t)chunk * (BP_BACKUP_CHUNK + 17);
        off_t last = first + BP_BACKUP_CHUNK + 16 < size ? first + BP_BACKUP_CHUNK + 16 : size - 1;
        for (at = first; at <= last; at += last - first) {
            print_message("chunk %zu, byte %lld\n", chunk + 1, (long long)at);
            bad = changed_copy(fd, at);
            assert_int_equal(open_all(bad, &key, NULL, NULL, err, sizeof(err)), BP_ERR_INVALID);
            assert_non_null(strstr(err, "changed or damaged"));
            close(bad);
        }
    }
    close(fd);
    free(data);
    bp_backup_key_wipe(&key);
}

static void test_cut_and_lengthened(void **state)
{
    struct bp_backup_key key;
    size_t n = 2 * BP_BACKUP_CHUNK + 5;
    unsigned char *data = random_bytes(n);
    char err[512];
    off_t size, at;
    int fd;
    (void)state;
    key_new("cut.key", &key);
    fd = seal(&key, data, n, n);
    size = lseek(fd, 0, SEEK_END);
    assert_int_equal(write(fd, "x", 1), 1);
    assert_int_equal(open_all(fd, &key, NULL, NULL, err, sizeof(err)), BP_ERR_INVALID);
    assert_non_null(strstr(err, "too long"));
    for (at = size - 1; at >= 0;
         at -= 4099) { /* every chunk boundary's neighbourhood is hit on the way down */
        assert_int_equal(ftruncate(fd, at), 0);
        assert_int_not_equal(open_all(fd, &key, NULL, NULL, err, sizeof(err)), BP_OK);
        assert_true(strstr(err, "cut short") || strstr(err, "not a Barnplan backup"));
    }
    close(fd);
    free(data);
    bp_backup_key_wipe(&key);
}

static void test_wrong_key(void **state)
{
    struct bp_backup_key mine, other;
    char err[512], want[128], a[17], b[17];
    unsigned char byte = 7;
    int fd;
    (void)state;
    key_new("mine.key", &mine);
    key_new("other.key", &other);
    fd = seal(&mine, &byte, 1, 1);
    assert_int_equal(open_all(fd, &other, NULL, NULL, err, sizeof(err)), BP_ERR_INVALID);
    bp_backup_key_id_text(mine.id, a);
    bp_backup_key_id_text(other.id, b);
    snprintf(want, sizeof(want), "the wrong key: this backup was made with key %s, the key file holds key %s",
             a, b);
    assert_string_equal(err, want);
    close(fd);
}

static void test_key_file(void **state)
{
    struct bp_backup_key key;
    char path[256], err[512];
    struct stat st;
    int fd;
    (void)state;
    snprintf(path, sizeof(path), "%s/k.key", dir);
    unlink(path);
    assert_int_equal(bp_backup_key_new(path, err, sizeof(err)), BP_OK);
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    assert_int_equal(st.st_size, BP_BACKUP_KEY_BYTES);
    assert_int_not_equal(bp_backup_key_new(path, err, sizeof(err)), BP_OK); /* never replaced */
    assert_non_null(strstr(err, "never replaced"));
    assert_int_equal(chmod(path, 0640), 0);
    assert_int_equal(bp_backup_key_load(path, &key, err, sizeof(err)), BP_ERR_INVALID);
    assert_non_null(strstr(err, "may be read by others"));
    assert_int_equal(chmod(path, 0600), 0);
    fd = open(path, O_WRONLY | O_APPEND);
    assert_int_equal(write(fd, "x", 1), 1);
    close(fd);
    assert_int_equal(bp_backup_key_load(path, &key, err, sizeof(err)), BP_ERR_INVALID);
    assert_non_null(strstr(err, "does not hold a key"));
    assert_int_equal(truncate(path, 31), 0);
    assert_int_equal(bp_backup_key_load(path, &key, err, sizeof(err)), BP_ERR_INVALID);
    assert_int_equal(bp_backup_key_load("/nonexistent/k", &key, err, sizeof(err)), BP_ERR_INVALID);
}

static int setup(void **state)
{
    if (tmp_tree_make(dir, state) != 0 || bp_auth_init() != BP_OK)
        return -1;
    srand(11);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip),         cmocka_unit_test(test_changed),
        cmocka_unit_test(test_cut_and_lengthened), cmocka_unit_test(test_wrong_key),
        cmocka_unit_test(test_key_file),
    };
    return cmocka_run_group_tests(tests, setup, tmp_tree_teardown);
}
