# Issue 12 item 4 (docs/scaling.md): nginx in front of two `barnplan serve` on one PostgreSQL; sessions, CSRF,
# uploads and the audit trail whichever server answers, each reminder decided and each message sent once while
# both schedulers and mailers run, one server killed under load. Needs BARNPLAN_TEST_PG_URL (skipped without
# it, a failure when CI is set) and nginx (scripts/install-deps.sh). Heavy: the dev build only.
if(BP_HEAVY_SUITES)
  bp_trust_test(trust.multi.postgres BACKEND postgres TIMEOUT 300 FILES trust/multi.test.mjs)
endif()
