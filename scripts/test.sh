#!/bin/bash
# Installs what is needed, builds, and runs every test: unit tests, the storage contract on SQLite
# and on a throwaway PostgreSQL server, fuzz corpus replays, HTTP tests against the real server and
# browser tests in headless Chromium with axe-core. The suite runs twice: under ASan+UBSan, then in the
# development build; the heavy suites (the browser, the trust suites of docs/trust.md, the HTTP files in
# reverse order) run only in the second (BP_HEAVY_SUITES in tests/CMakeLists.txt), so that the whole run
# stays under 60 minutes on two cores. The last line is CTest's summary of the development build's run.
# Static analysis (scripts/static-analysis.sh: clang-tidy and cppcheck over src/) runs after the
# builds and fails the suite on any finding; it takes about 3 to 6 minutes on two cores.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

./scripts/install-deps.sh
(cd tests && if [ -d node_modules ] && [ node_modules -nt package-lock.json ]; then :; else npm ci --no-audit --no-fund --loglevel=error; fi)
./scripts/check-format.sh

# release is what the demo command runs: build it too, so its warnings (-O3, fortify) fail here first
for preset in release asan dev; do
    cmake --preset "$preset" >/dev/null
    cmake --build --preset "$preset"
done
./scripts/static-analysis.sh
python3 scripts/check-cycles.py build/dev # no two files of src/ call each other in a circle

pg_url=$(./scripts/pg-test.sh start)
trap './scripts/pg-test.sh stop >/dev/null 2>&1 || true' EXIT
export BARNPLAN_TEST_PG_URL="$pg_url"
export CI="${CI:-}"

ctest --preset asan --output-on-failure
ctest --preset dev --output-on-failure
