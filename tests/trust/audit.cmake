# The audit trail (issue 11 item 3, docs/trust.md section 3): trust/audit.test.mjs on SQLite and PostgreSQL.
# `barnplan audit verify` after a real workload, then every kind of tampering behind the triggers' back, and
# the scheduler's alerts. Light (about 15 s each): runs in every build, not only inside BP_HEAVY_SUITES.
# PostgreSQL needs BARNPLAN_TEST_PG_URL's superuser (ALTER TABLE ... DISABLE TRIGGER ALL); skipped without it
# (a failure when CI is set).
foreach(backend sqlite postgres)
  if(BP_NODE)
    add_test(NAME trust.audit.${backend}
             COMMAND sh -c "if [ ${backend} = postgres ] && [ -z \"\$BARNPLAN_TEST_PG_URL\" ]; then echo 'no BARNPLAN_TEST_PG_URL'; [ -n \"\$CI\" ] && exit 1; exit 77; fi; exec ${BP_NODE} --test trust/audit.test.mjs"
             WORKING_DIRECTORY ${CMAKE_SOURCE_DIR}/tests)
  else()
    add_test(NAME trust.audit.${backend} COMMAND sh -c "echo 'node not found'; [ -z \"$CI\" ] && exit 77; exit 1")
  endif()
  set_tests_properties(trust.audit.${backend} PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 300 LABELS trust
    RESOURCE_LOCK barnplan_node_suites
    ENVIRONMENT "BARNPLAN_TEST_DB=${backend};BARNPLAN_BIN=$<TARGET_FILE:barnplan>;BARNPLAN_LOCALEDIR=${CMAKE_BINARY_DIR}/locale;BARNPLAN_FAST_HASH=1")
endforeach()
