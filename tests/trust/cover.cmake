# Issue 11 item 10 (docs/trust.md section 10): 100 % branch coverage of the access, consent, audit and
# protected-identity files, measured in a build tree of its own (build/coverage: only the listed files get
# --coverage) over the unit tests. About a minute with a warm ccache; once, in the dev build. The mutation run
# (scripts/mutate.py, about 12 minutes) is the long run, by hand.
find_program(BP_PYTHON3 python3)
find_program(BP_GCOVR gcovr)
if(BP_HEAVY_SUITES AND BP_PYTHON3)
  if(BP_GCOVR)
    add_test(NAME trust.coverage COMMAND ${BP_PYTHON3} ${CMAKE_SOURCE_DIR}/scripts/coverage.py
             WORKING_DIRECTORY ${CMAKE_SOURCE_DIR})
  else()
    add_test(NAME trust.coverage COMMAND sh -c "echo 'gcovr not found (scripts/install-deps.sh)'; [ -z \"$CI\" ] && exit 77; exit 1")
  endif()
  set_tests_properties(trust.coverage PROPERTIES TIMEOUT 900 LABELS trust SKIP_RETURN_CODE 77)
endif()
