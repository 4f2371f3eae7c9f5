/* test_audit_wire.c: the audit entries a worker sends the audit writer (domain/audit_wire.c; issue 12 item
 * 1). What is decoded is what was encoded, texts missing or empty included; a frame cut short waits for more;
 * anything malformed is refused, never read past its end; an entry over the limits is not encoded (the
 * worker then commits it itself). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "domain/audit_wire.h"

static const struct bp_audit entries[] = {
    {.at = 1796652000,
     .user_id = 5,
     .org_id = 10,
     .child_id = 77,
     .case_id = 41383,
     .action = "read",
     .object = "case",
     .channel = "web",
     .address = "127.0.0.1",
     .detail = "case_page"},
    {.at = -1,
     .user_id = 0,
     .org_id = 0,
     .child_id = 0,
     .case_id = INT64_MAX,
     .action = "denied",
     .object = "page",
     .channel = "api",
     .address = "",
     .detail = NULL},
};

static void same(const struct bp_audit *a, const struct bp_audit *b)
{
    const char *ta[] = {a->action, a->object, a->channel, a->address, a->detail};
    const char *tb[] = {b->action, b->object, b->channel, b->address, b->detail};
    size_t i;
    assert_int_equal(a->at, b->at);
    assert_int_equal(a->user_id, b->user_id);
    assert_int_equal(a->org_id, b->org_id);
    assert_int_equal(a->child_id, b->child_id);
    assert_int_equal(a->case_id, b->case_id);
    for (i = 0; i < 5; i++) {
        if (!ta[i])
            assert_null(tb[i]);
        else
            assert_string_equal(ta[i], tb[i]);
    }
}

static void test_round_trip(void **state)
{
    struct bp_buf b;
    struct bp_arena a;
    struct bp_audit *out;
    size_t n, used, cut;
    (void)state;
    bp_buf_init(&b, 1 << 22);
    bp_arena_init(&a, 4096);
    assert_true(bp_audit_wire_encode(&b, entries, 2));
    assert_true(bp_audit_wire_encode(&b, entries, 1)); /* a second frame behind it */
    assert_int_equal(bp_audit_wire_decode(&a, b.data, b.len, &out, &n, &used), BP_AUDIT_WIRE_OK);
    assert_int_equal(n, 2);
    same(&entries[0], &out[0]);
    same(&entries[1], &out[1]);
    assert_int_equal(out[0].chain_id, 0); /* the writer's chain fills these */
    assert_int_equal(bp_audit_wire_decode(&a, b.data + used, b.len - used, &out, &n, &cut), BP_AUDIT_WIRE_OK);
    assert_int_equal(n, 1);
    same(&entries[0], &out[0]);
    assert_int_equal(used + cut, b.len);
    for (cut = 0; cut < used; cut++) /* every prefix of a frame: not whole yet */
        assert_int_equal(bp_audit_wire_decode(&a, b.data, cut, &out, &n, &used), BP_AUDIT_WIRE_MORE);
    bp_arena_release(&a);
    bp_buf_release(&b);
}

static void test_malformed(void **state)
{
    struct bp_buf b;
    struct bp_arena a;
    struct bp_audit *out;
    size_t n, used, i;
    uint32_t v;
    char *copy;
    (void)state;
    bp_buf_init(&b, 1 << 22);
    bp_arena_init(&a, 4096);
    assert_true(bp_audit_wire_encode(&b, entries, 1));
    copy = bp_arena_alloc(&a, b.len);
    /* a length of zero entries, of more entries than the frame holds, a text longer than the frame */
    for (i = 0; i < 3; i++) {
        memcpy(copy, b.data, b.len);
        v = i == 0 ? 0 : i == 1 ? 1000 : 100000;
        memcpy(copy + (i < 2 ? 4 : 8 + 40), &v, sizeof(v));
        assert_int_equal(bp_audit_wire_decode(&a, copy, b.len, &out, &n, &used), BP_AUDIT_WIRE_BAD);
    }
    memcpy(copy, b.data, b.len); /* a NUL inside a text */
    copy[8 + 40 + 4] = '\0';
    assert_int_equal(bp_audit_wire_decode(&a, copy, b.len, &out, &n, &used), BP_AUDIT_WIRE_BAD);
    v = BP_AUDIT_WIRE_MAX_FRAME + 1; /* a frame over the limit is refused before it has all arrived */
    memcpy(copy, &v, sizeof(v));
    assert_int_equal(bp_audit_wire_decode(&a, copy, 4, &out, &n, &used), BP_AUDIT_WIRE_BAD);
    v = 4 + 60; /* a payload longer than its entries: bytes left over */
    memcpy(copy, b.data, b.len);
    memcpy(copy, &v, sizeof(v));
    copy = memcpy(bp_arena_alloc(&a, b.len + 64), copy, b.len);
    assert_int_equal(bp_audit_wire_decode(&a, copy, 4 + 64, &out, &n, &used), BP_AUDIT_WIRE_BAD);
    bp_arena_release(&a);
    bp_buf_release(&b);
}

static void test_limits(void **state)
{
    struct bp_buf b;
    struct bp_audit e = entries[0];
    char *big = test_malloc(BP_AUDIT_WIRE_MAX_TEXT + 2);
    (void)state;
    memset(big, 'x', BP_AUDIT_WIRE_MAX_TEXT + 1);
    big[BP_AUDIT_WIRE_MAX_TEXT + 1] = '\0';
    e.detail = big;
    bp_buf_init(&b, 1 << 22);
    assert_false(bp_audit_wire_encode(&b, &e, 1));
    assert_int_equal(b.len, 0);
    big[BP_AUDIT_WIRE_MAX_TEXT] = '\0'; /* at the limit: fine */
    assert_true(bp_audit_wire_encode(&b, &e, 1));
    bp_buf_release(&b);
    bp_buf_init(&b, 16); /* a buffer too small: nothing half-written */
    assert_false(bp_audit_wire_encode(&b, entries, 2));
    assert_int_equal(b.len, 0);
    bp_buf_release(&b);
    test_free(big);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_malformed),
        cmocka_unit_test(test_limits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
