# The audit trail (issue 11 item 3, docs/trust.md section 3): trust/audit.test.mjs on SQLite and PostgreSQL.
# `barnplan audit verify` after a real workload, then every kind of tampering behind the triggers' back, and
# the scheduler's alerts. Light (about 15 s each): runs in every build, not only inside BP_HEAVY_SUITES.
# PostgreSQL needs BARNPLAN_TEST_PG_URL's superuser (ALTER TABLE ... DISABLE TRIGGER ALL); skipped without it
# (a failure when CI is set).
# On PostgreSQL also trust/pgroles.test.mjs (issue 12 item 3): the roles of docs/scaling.md "PostgreSQL in
# production", whose serving role cannot turn the audit trigger off (about 5 s).
bp_trust_test(trust.audit.sqlite BACKEND sqlite FILES trust/audit.test.mjs)
bp_trust_test(trust.audit.postgres BACKEND postgres FILES trust/audit.test.mjs trust/pgroles.test.mjs)
