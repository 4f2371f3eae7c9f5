# Issue 12 item 4 (docs/scaling.md, "PostgreSQL: a primary and a streaming standby"): two clusters of its own (a
# primary and a synchronous standby from pg_basebackup -R), `barnplan serve` on the multi-host URL with
# target_session_attrs=read-write; the primary killed under load and the standby promoted. Needs the PostgreSQL
# binaries, not BARNPLAN_TEST_PG_URL (skipped without them, a failure when CI is set). Heavy: the dev build only.
if(BP_HEAVY_SUITES)
  bp_trust_test(trust.failover.postgres TIMEOUT 240 FILES trust/failover.test.mjs)
endif()
