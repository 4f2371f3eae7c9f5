# trust.headers (issue 11 item 8): the crawl of every GET route by every kind of session, twice (secure_cookies
# off and on), with its header, cookie and no-state-change-on-GET checks (tests/trust/headers.test.mjs). About a
# minute and a half; a heavy suite (BP_HEAVY_SUITES): once, in the dev build. Disabling an account is checked by
# tests/http/session_disable.test.mjs (quick, in the HTTP suite on both backends).
if(BP_HEAVY_SUITES)
  if(BP_NODE)
    add_test(NAME trust.headers COMMAND ${BP_NODE} --test trust/headers.test.mjs WORKING_DIRECTORY ${CMAKE_SOURCE_DIR}/tests)
  else()
    add_test(NAME trust.headers COMMAND sh -c "echo 'node not found (apt-get install nodejs npm)'; [ -z \"$CI\" ] && exit 77; exit 1")
  endif()
  set_tests_properties(trust.headers PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 900 LABELS trust RESOURCE_LOCK barnplan_node_suites
    ENVIRONMENT "BARNPLAN_BIN=$<TARGET_FILE:barnplan>;BARNPLAN_LOCALEDIR=${CMAKE_BINARY_DIR}/locale;BARNPLAN_FAST_HASH=1")
endif()
