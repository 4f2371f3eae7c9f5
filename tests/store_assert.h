/* store_assert.h: assert_ok(expr) for the tests that keep their store in fx.s (tests/storage/contract.c, the
 * trust unit tests through tests/unit/trust_fixture.h): a call that does not return BP_OK fails the test with
 * the call, the error and the store's own message. Include after <cmocka.h> and storage/store.h. */
#ifndef BP_TEST_STORE_ASSERT_H
#define BP_TEST_STORE_ASSERT_H

#define assert_ok(expr)                                                                                      \
    do {                                                                                                     \
        enum bp_err e_ = (expr);                                                                             \
        if (e_ != BP_OK)                                                                                     \
            fail_msg("%s: %s (%s)", #expr, bp_err_name(e_), bp_store_errmsg(fx.s));                          \
    } while (0)

#endif
