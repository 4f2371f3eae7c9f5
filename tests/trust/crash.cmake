# Issue 11 items 5, 6 and 7's restart (docs/trust.md sections 5 and 6): kill -9 during writes, slow and hostile
# clients, a graceful restart under load. Node files run from tests/ like the HTTP suite (tests/lib/server.mjs);
# PostgreSQL runs need BARNPLAN_TEST_PG_URL (skipped without it, a failure when CI is set). Heavy: the dev
# build only. The long runs are scripts/trust/crash.sh --long and scripts/trust/slow.sh --long.
if(BP_HEAVY_SUITES)
  foreach(suite crash restart)
    foreach(backend sqlite postgres)
      bp_trust_test(trust.${suite}.${backend} SCRIPT BACKEND ${backend} TIMEOUT 600 FILES trust/${suite}.test.mjs)
    endforeach()
  endforeach()
endif()
find_program(BP_PYTHON3 python3)
if(BP_HEAVY_SUITES AND BP_PYTHON3)
  # a thousand slow connections with timeouts of 2 s (tests/trust/slow.py raises its own file limit)
  add_test(NAME trust.slow COMMAND ${BP_PYTHON3} trust/slow.py WORKING_DIRECTORY ${CMAKE_SOURCE_DIR}/tests)
  set_tests_properties(trust.slow PROPERTIES TIMEOUT 300 LABELS trust RESOURCE_LOCK barnplan_node_suites
                       ENVIRONMENT "BARNPLAN_BIN=$<TARGET_FILE:barnplan>;BARNPLAN_LOCALEDIR=${CMAKE_BINARY_DIR}/locale")
endif()
