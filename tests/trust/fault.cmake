# Issue 11 item 4, faults (docs/trust.md section 4): the fault-injection shim, preloaded into `barnplan serve`
# (tests/trust/fault/shim.c; never linked into barnplan), and the suite that walks it over five kinds of request
# (tests/trust/faults.test.mjs; BARNPLAN_TEST_SLOW: the longer waits of tests/lib/server.mjs, for the start
# under valgrind). A heavy suite: the dev build only (BP_HEAVY_SUITES); the long run, every N, is
# scripts/trust/faults.sh --all.
if(BP_HEAVY_SUITES)
  add_library(fault_shim SHARED ${CMAKE_CURRENT_LIST_DIR}/fault/shim.c)
  target_compile_options(fault_shim PRIVATE -Wno-missing-prototypes)
  target_link_libraries(fault_shim PRIVATE ${CMAKE_DL_LIBS})
  bp_trust_test(trust.faults TIMEOUT 900 FILES trust/faults.test.mjs
                ENV BARNPLAN_TEST_SLOW=1 BARNPLAN_FAULT_SHIM=$<TARGET_FILE:fault_shim>)
endif()
