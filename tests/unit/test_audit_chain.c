/* test_audit_chain.c: the audit trail's hash (src/domain/audit_chain.c; issue 11 item 3). The expected hashes
 * were computed independently from the encoding documented in audit_chain.h (Python's hashlib.blake2b with
 * digest_size=32), so a change to what the hash covers breaks every stored chain and this test both. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>
#include "domain/audit_chain.h"

static void hex_of(const struct bp_audit *e, int64_t chain, int64_t seq, const uint8_t *prev,
                   char out[BP_AUDIT_HASH_HEX])
{
    uint8_t h[BP_AUDIT_HASH_BYTES];
    bp_audit_hash(e, chain, seq, prev, h);
    bp_audit_hash_hex(h, out);
}

static void test_known_chain(void **state)
{
    struct bp_audit first = {.at = 1796600000,
                             .user_id = 42,
                             .org_id = 3,
                             .child_id = 1001,
                             .case_id = 2002,
                             .action = "read",
                             .object = "case",
                             .channel = "web",
                             .address = "127.0.0.1"};
    struct bp_audit second = {.at = 1796600001,
                              .action = "login_failed",
                              .object = "session",
                              .channel = "web",
                              .address = "",
                              .detail = "\xc3\x85sa"};
    uint8_t prev[BP_AUDIT_HASH_BYTES];
    char hex[BP_AUDIT_HASH_HEX];
    (void)state;
    hex_of(&first, 7, 1, NULL, hex);
    assert_string_equal(hex, "e20e540d8ab531368e6aef3df902102495c656d4825e8771cc8ad6d659ff8388");
    assert_true(bp_audit_hash_parse(hex, prev));
    hex_of(&second, 7, 2, prev, hex);
    assert_string_equal(hex, "53f596d500170d9a271c79ac1f84772b71be0307afbf6847711c634e9562a582");
}

/* Every column counts, NULL is not "", and the lengths keep neighbouring texts apart. */
static void test_every_column_counts(void **state)
{
    struct bp_audit base = {.at = 5,
                            .user_id = 1,
                            .org_id = 2,
                            .child_id = 3,
                            .case_id = 4,
                            .action = "ab",
                            .object = "c",
                            .channel = "web",
                            .address = "",
                            .detail = NULL};
    struct bp_audit v[9];
    char want[BP_AUDIT_HASH_HEX], got[BP_AUDIT_HASH_HEX];
    uint8_t prev[BP_AUDIT_HASH_BYTES] = {1};
    size_t i;
    (void)state;
    for (i = 0; i < 9; i++)
        v[i] = base;
    v[0].at = 6;
    v[1].user_id = 0;
    v[2].org_id = 0;
    v[3].child_id = 0;
    v[4].case_id = 0;
    v[5].action = "a";
    v[5].object = "bc"; /* the same bytes, split elsewhere */
    v[6].channel = "api";
    v[7].address = NULL; /* NULL is not "" */
    v[8].detail = "";
    hex_of(&base, 1, 1, NULL, want);
    for (i = 0; i < 9; i++) {
        hex_of(&v[i], 1, 1, NULL, got);
        assert_string_not_equal(got, want);
    }
    hex_of(&base, 2, 1, NULL, got); /* another chain */
    assert_string_not_equal(got, want);
    hex_of(&base, 1, 2, NULL, got); /* another place in it */
    assert_string_not_equal(got, want);
    hex_of(&base, 1, 1, prev, got); /* another entry before it */
    assert_string_not_equal(got, want);
    hex_of(&base, 1, 1, NULL, got);
    assert_string_equal(got, want);
}

static void test_hex_parse(void **state)
{
    uint8_t h[BP_AUDIT_HASH_BYTES];
    (void)state;
    assert_false(bp_audit_hash_parse(NULL, h));
    assert_false(bp_audit_hash_parse("", h));
    assert_false(bp_audit_hash_parse("e20e", h));
    assert_false(bp_audit_hash_parse("x20e540d8ab531368e6aef3df902102495c656d4825e8771cc8ad6d659ff8388", h));
    assert_true(bp_audit_hash_parse("e20e540d8ab531368e6aef3df902102495c656d4825e8771cc8ad6d659ff8388", h));
    assert_int_equal(h[0], 0xe2);
    assert_int_equal(h[31], 0x88);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_known_chain),
        cmocka_unit_test(test_every_column_counts),
        cmocka_unit_test(test_hex_parse),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
