# Issue 11 item 4, faults (docs/trust.md section 4): the fault-injection shim, preloaded into `barnplan serve`
# (tests/trust/fault/shim.c; never linked into barnplan), and the suite that walks it over five kinds of request
# (tests/trust/faults.test.mjs; BARNPLAN_TEST_SLOW: the longer waits of tests/lib/server.mjs, for the start
# under valgrind). A heavy suite: the dev build only (BP_HEAVY_SUITES); the long run, every N, is
# scripts/trust/faults.sh --all.
if(BP_HEAVY_SUITES)
  add_library(fault_shim SHARED ${CMAKE_CURRENT_LIST_DIR}/fault/shim.c)
  target_compile_options(fault_shim PRIVATE -Wno-missing-prototypes)
  target_link_libraries(fault_shim PRIVATE ${CMAKE_DL_LIBS})
  if(BP_NODE)
    add_test(NAME trust.faults
             COMMAND ${BP_NODE} --test trust/faults.test.mjs
             WORKING_DIRECTORY ${CMAKE_SOURCE_DIR}/tests)
  else()
    add_test(NAME trust.faults COMMAND sh -c "echo 'node not found (apt-get install nodejs npm)'; [ -z \"$CI\" ] && exit 77; exit 1")
  endif()
  set_tests_properties(trust.faults PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 900 LABELS trust RESOURCE_LOCK barnplan_node_suites
    ENVIRONMENT "BARNPLAN_BIN=$<TARGET_FILE:barnplan>;BARNPLAN_LOCALEDIR=${CMAKE_BINARY_DIR}/locale;BARNPLAN_FAST_HASH=1;BARNPLAN_TEST_SLOW=1;BARNPLAN_FAULT_SHIM=$<TARGET_FILE:fault_shim>")
endif()
