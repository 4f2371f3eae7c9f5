/* test_restore_checks.c: what a restore checks after the decryption (src/app/backup.c's restore_check;
 * issue 11 item 7, docs/trust.md section 7), on backups sealed here with the right key, so that only the
 * database inside is wrong: a header whose schema version is not the database's, a database newer than this
 * program, bytes that are no database, and a database whose foreign keys are broken. Each is refused with its
 * reason, and nothing is left at the target or beside it. The drill (tests/trust/backup.test.mjs) covers the
 * good path and the file's own refusals. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>
#include "rm_tree.h"
#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
#include <sqlite3.h>
#include "app/app.h"
#include "storage/store.h"

static char dir[] = "/tmp/bp-restore-checks-XXXXXX";
static struct bp_backup_key key;
static int latest;

/* A migrated, empty Barnplan database at dir/name; sql (when not NULL) is run on it afterwards. */
static void make_db(const char *name, const char *sql)
{
    char url[320], path[300], err[512];
    struct bp_store *s;
    int applied, current;
    sqlite3 *db;
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    snprintf(url, sizeof(url), "sqlite:%s", path);
    assert_int_equal(bp_store_open(url, &s, err, sizeof(err)), BP_OK);
    assert_int_equal(bp_store_migrate(s, &applied), BP_OK);
    assert_int_equal(bp_store_schema_version(s, &current, &latest), BP_OK);
    bp_store_close(s);
    if (sql) {
        assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
        assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
        sqlite3_close(db);
    }
}

/* Seals the bytes of dir/name (or, when name is NULL, the text "not a database") with the header's schema
 * version; returns the backup's descriptor at offset 0. */
static int seal_file(const char *name, uint32_t schema)
{
    char path[300];
    static unsigned char bytes[8 << 20];
    ssize_t n = 0;
    struct bp_backup_header h = {.schema_version = schema, .created = 1796633809, .backend = "sqlite"};
    struct bp_backup_sealer *w;
    int in, out;
    if (name) {
        snprintf(path, sizeof(path), "%s/%s", dir, name);
        assert_true((in = open(path, O_RDONLY)) >= 0);
        n = read(in, bytes, sizeof(bytes));
        assert_true(n > 0);
        close(in);
    } else {
        n = (ssize_t)snprintf((char *)bytes, sizeof(bytes), "not a database, but 4096 bytes of it");
    }
    h.size = (uint64_t)n;
    snprintf(path, sizeof(path), "%s/sealed-XXXXXX", dir);
    assert_true((out = mkstemp(path)) >= 0);
    unlink(path);
    assert_int_equal(bp_backup_seal_new(out, &key, &h, &w), BP_OK);
    assert_int_equal(bp_backup_seal_write(w, bytes, (size_t)n), BP_OK);
    assert_int_equal(bp_backup_seal_finish(w), BP_OK);
    bp_backup_seal_free(w);
    assert_int_equal(lseek(out, 0, SEEK_SET), 0);
    return out;
}

/* Restores fd to dir/target; returns the outcome with the report's reason in rep. */
static enum bp_err restore(int fd, const char *target, struct bp_restore_report *rep)
{
    char path[300], addr[64];
    struct bp_actor actor;
    struct bp_restore_options o = {.fd = fd, .key = &key, .target = path};
    snprintf(path, sizeof(path), "%s/%s", dir, target);
    bp_actor_cli(&actor, "tester", addr, sizeof(addr), 1796633900);
    return bp_uc_restore(&actor, &o, rep);
}

/* Nothing in dir but the databases the test made: no target, no temporary file. */
static void assert_nothing_written(const char *target)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    assert_non_null(d);
    while ((e = readdir(d)))
        if (strstr(e->d_name, ".restore-") || strcmp(e->d_name, target) == 0) {
            print_message("left behind: %s\n", e->d_name);
            fail();
        }
    closedir(d);
}

static void test_good(void **state)
{
    struct bp_restore_report rep;
    int fd;
    (void)state;
    make_db("good.db", NULL);
    fd = seal_file("good.db", (uint32_t)latest);
    assert_int_equal(restore(fd, "good-restored.db", &rep), BP_OK);
    assert_string_equal(rep.problem, "");
    close(fd);
}

static void test_schema_not_the_headers(void **state)
{
    struct bp_restore_report rep;
    int fd;
    (void)state;
    make_db("a.db", NULL);
    fd = seal_file("a.db", (uint32_t)latest - 1);
    assert_int_equal(restore(fd, "a-restored.db", &rep), BP_ERR_INVALID);
    assert_non_null(strstr(rep.problem, "its header says"));
    print_message("refused: %s\n", rep.problem);
    assert_nothing_written("a-restored.db");
    close(fd);
}

static void test_schema_newer_than_the_program(void **state)
{
    struct bp_restore_report rep;
    int fd;
    (void)state;
    make_db("b.db", "INSERT INTO schema_migrations (version, applied_at) VALUES (9999, 1)");
    fd = seal_file("b.db", 9999);
    assert_int_equal(restore(fd, "b-restored.db", &rep), BP_ERR_INVALID);
    assert_non_null(strstr(rep.problem, "this program knows up to"));
    print_message("refused: %s\n", rep.problem);
    assert_nothing_written("b-restored.db");
    close(fd);
}

static void test_not_a_database(void **state)
{
    struct bp_restore_report rep;
    int fd;
    (void)state;
    fd = seal_file(NULL, (uint32_t)latest);
    assert_int_not_equal(restore(fd, "c-restored.db", &rep), BP_OK);
    assert_string_not_equal(rep.problem, "");
    print_message("refused: %s\n", rep.problem);
    assert_nothing_written("c-restored.db");
    close(fd);
}

static void test_foreign_keys_broken(void **state)
{
    struct bp_restore_report rep;
    int fd;
    (void)state;
    /* a membership of a user and an organisation that do not exist, written with the checks off */
    make_db("d.db",
            "PRAGMA foreign_keys = OFF; INSERT INTO memberships (user_id, org_id, role) VALUES (777, 888, "
            "'professional')");
    fd = seal_file("d.db", (uint32_t)latest);
    assert_int_equal(restore(fd, "d-restored.db", &rep), BP_ERR_INVALID);
    assert_non_null(strstr(rep.problem, "foreign_key_check: memberships"));
    print_message("refused: %s\n", rep.problem);
    assert_nothing_written("d-restored.db");
    close(fd);
}

static int setup(void **state)
{
    char path[300], err[512];
    if (tmp_tree_make(dir, state) != 0 || bp_auth_init() != BP_OK)
        return -1;
    snprintf(path, sizeof(path), "%s/backup.key", dir);
    if (bp_backup_key_new(path, err, sizeof(err)) != BP_OK ||
        bp_backup_key_load(path, &key, err, sizeof(err)))
        return -1;
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_good),
        cmocka_unit_test(test_schema_not_the_headers),
        cmocka_unit_test(test_schema_newer_than_the_program),
        cmocka_unit_test(test_not_a_database),
        cmocka_unit_test(test_foreign_keys_broken),
    };
    return cmocka_run_group_tests(tests, setup, tmp_tree_teardown);
}
