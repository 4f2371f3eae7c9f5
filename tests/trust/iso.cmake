# Issue 11 items 1 and 2 (docs/trust.md sections 1, 2): isolation by enumeration and consent as an oracle, over
# HTTP against the real server (node --test from tests/). trust.iso.sqlite always (in the dev build);
# trust.iso.postgres against BARNPLAN_TEST_PG_URL (scripts/pg-test.sh), skipped without it unless CI is set.
# BP_TRUST_ISO_POSTGRES=OFF leaves the PostgreSQL run out (about as long again as SQLite's; docs/trust.md).
option(BP_TRUST_ISO_POSTGRES "run the isolation and consent-oracle suites on PostgreSQL too" ON)
if(BP_HEAVY_SUITES)
  set(bp_iso_backends sqlite)
  if(BP_TRUST_ISO_POSTGRES)
    list(APPEND bp_iso_backends postgres)
  endif()
  foreach(backend ${bp_iso_backends})
    bp_trust_test(trust.iso.${backend} BACKEND ${backend} TIMEOUT 1200
                  FILES trust/isolation.test.mjs trust/consent_oracle.test.mjs)
  endforeach()
endif()
