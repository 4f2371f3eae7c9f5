/* replay.c: runs a fuzz target over saved inputs without libFuzzer, so that every build (gcc or
 * clang, sanitizers or not) replays the corpus and the regressions as a CTest test.
 *
 *   <target>_replay DIR|FILE...
 *
 * Every regular file in each folder (names starting with '.' are skipped) is one input, run in name
 * order. A folder that is missing, unreadable or holds no input is an error: a replay that replays
 * nothing must not pass. A violated invariant aborts inside the target, with its message. */
#include <dirent.h>
#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

/* Reads a whole file into a buffer of exactly its size (at least one byte to allocate), so that
 * AddressSanitizer catches a target reading past the end. */
static int run_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    uint8_t *data = NULL;
    size_t size = 0, cap = 0;
    int rc = -1;

    if (!f) {
        fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
        return -1;
    }
    for (;;) {
        size_t n;
        if (size == cap) {
            uint8_t *grown;
            cap = cap ? cap * 2 : 4096;
            grown = realloc(data, cap);
            if (!grown)
                goto out;
            data = grown;
        }
        n = fread(data + size, 1, cap - size, f);
        size += n;
        if (n == 0)
            break;
    }
    if (ferror(f)) {
        fprintf(stderr, "replay: %s: read error\n", path);
        goto out;
    }
    {
        uint8_t *exact = malloc(size ? size : 1);
        if (!exact)
            goto out;
        if (size)
            memcpy(exact, data, size);
        LLVMFuzzerTestOneInput(exact, size);
        free(exact);
    }
    rc = 0;
out:
    free(data);
    fclose(f);
    return rc;
}

static int skip_hidden(const struct dirent *e)
{
    return e->d_name[0] != '.';
}

/* Returns the number of inputs run, or -1 on an error. */
static long run_dir(const char *dir)
{
    struct dirent **names;
    long count = 0;
    int n = scandir(dir, &names, skip_hidden, alphasort);

    if (n < 0) {
        fprintf(stderr, "replay: %s: %s\n", dir, strerror(errno));
        return -1;
    }
    for (int i = 0; i < n; i++) {
        char path[4096];
        struct stat st;
        int len = snprintf(path, sizeof(path), "%s/%s", dir, names[i]->d_name);
        if (len < 0 || (size_t)len >= sizeof(path)) {
            fprintf(stderr, "replay: %s/%s: path too long\n", dir, names[i]->d_name);
            count = -1;
        } else if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
            if (count >= 0 && run_file(path) == 0)
                count++;
            else
                count = -1;
        }
        free(names[i]);
    }
    free(names);
    return count;
}

int main(int argc, char **argv)
{
    long total = 0;

    if (argc < 2) {
        fprintf(stderr, "usage: %s DIR|FILE...\n", argv[0]);
        return 2;
    }
    for (int i = 1; i < argc; i++) {
        struct stat st;
        long n;
        if (stat(argv[i], &st) != 0) {
            fprintf(stderr, "replay: %s: %s\n", argv[i], strerror(errno));
            return 1;
        }
        if (S_ISDIR(st.st_mode)) {
            n = run_dir(argv[i]);
            if (n < 0)
                return 1;
            if (n == 0) {
                fprintf(stderr, "replay: %s: no inputs; a replay of nothing proves nothing\n", argv[i]);
                return 1;
            }
        } else {
            if (run_file(argv[i]) != 0)
                return 1;
            n = 1;
        }
        printf("replay: %ld input%s from %s\n", n, n == 1 ? "" : "s", argv[i]);
        total += n;
    }
    printf("replay: %ld input%s, no invariant failed\n", total, total == 1 ? "" : "s");
    return 0;
}
