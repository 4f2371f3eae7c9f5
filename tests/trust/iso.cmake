# Issue 11 items 1 and 2 (docs/trust.md sections 1, 2): isolation by enumeration and consent as an oracle, over
# HTTP against the real server (node --test from tests/). trust.iso.sqlite always (in the dev build);
# trust.iso.postgres against BARNPLAN_TEST_PG_URL (scripts/pg-test.sh), skipped without it unless CI is set.
# BP_TRUST_ISO_POSTGRES=OFF leaves the PostgreSQL run out (about as long again as SQLite's; docs/trust.md).
option(BP_TRUST_ISO_POSTGRES "run the isolation and consent-oracle suites on PostgreSQL too" ON)
if(BP_HEAVY_SUITES)
  set(bp_iso_files trust/isolation.test.mjs trust/consent_oracle.test.mjs)
  set(bp_iso_backends sqlite)
  if(BP_TRUST_ISO_POSTGRES)
    list(APPEND bp_iso_backends postgres)
  endif()
  foreach(backend ${bp_iso_backends})
    if(NOT BP_NODE)
      add_test(NAME trust.iso.${backend} COMMAND sh -c "echo 'node not found'; [ -z \"$CI\" ] && exit 77; exit 1")
    elseif(backend STREQUAL "postgres")
      add_test(NAME trust.iso.${backend}
               COMMAND sh -c "if [ -z \"$BARNPLAN_TEST_PG_URL\" ]; then echo 'BARNPLAN_TEST_PG_URL is not set'; [ -z \"$CI\" ] && exit 77; exit 1; fi; exec \"$0\" --test \"$@\"" ${BP_NODE} ${bp_iso_files}
               WORKING_DIRECTORY ${CMAKE_SOURCE_DIR}/tests)
    else()
      add_test(NAME trust.iso.${backend} COMMAND ${BP_NODE} --test ${bp_iso_files}
               WORKING_DIRECTORY ${CMAKE_SOURCE_DIR}/tests)
    endif()
    set_tests_properties(trust.iso.${backend} PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 1200 LABELS trust
                         RESOURCE_LOCK barnplan_node_suites
                         ENVIRONMENT "BARNPLAN_TEST_DB=${backend};BARNPLAN_BIN=$<TARGET_FILE:barnplan>;BARNPLAN_LOCALEDIR=${CMAKE_BINARY_DIR}/locale;BARNPLAN_FAST_HASH=1")
  endforeach()
endif()
