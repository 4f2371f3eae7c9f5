# trust.headers (issue 11 item 8): the crawl of every GET route by every kind of session, twice (secure_cookies
# off and on), with its header, cookie and no-state-change-on-GET checks (tests/trust/headers.test.mjs). About a
# minute and a half; a heavy suite (BP_HEAVY_SUITES): once, in the dev build. Disabling an account is checked by
# tests/http/session_disable.test.mjs (quick, in the HTTP suite on both backends).
if(BP_HEAVY_SUITES)
  bp_trust_test(trust.headers TIMEOUT 900 FILES trust/headers.test.mjs)
endif()
