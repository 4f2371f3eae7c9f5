# Backups (issue 11 item 7; docs/trust.md section 7), in the dev build only (BP_HEAVY_SUITES):
#   trust.backup   the restore drill on SQLite (tests/trust/backup.test.mjs): a server with demo data takes
#                  writes over HTTP while `barnplan backup` copies it; `barnplan restore` makes a new file; a
#                  server on it reads the data back; changed, cut and wrongly keyed backups are refused
#   trust.pg_pitr  PostgreSQL's WAL archiving and point-in-time recovery (scripts/trust/pg-pitr.sh): a cluster
#                  of its own (it needs archive_mode), pg_basebackup, a named restore point, recovery to it;
#                  skipped without PostgreSQL 15's programs, or a failure when CI is set
if(BP_HEAVY_SUITES)
  bp_trust_test(trust.backup FILES trust/backup.test.mjs)
  add_test(NAME trust.pg_pitr COMMAND ${CMAKE_SOURCE_DIR}/scripts/trust/pg-pitr.sh $<TARGET_FILE:barnplan>)
  set_tests_properties(trust.pg_pitr PROPERTIES TIMEOUT 300 LABELS trust SKIP_RETURN_CODE 77
    ENVIRONMENT "BARNPLAN_LOCALEDIR=${CMAKE_BINARY_DIR}/locale;BARNPLAN_FAST_HASH=1")
endif()
