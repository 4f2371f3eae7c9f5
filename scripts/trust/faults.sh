#!/bin/sh
# faults.sh: issue 11 item 4, the fault suite (docs/trust.md section 4), by hand.
#   scripts/trust/faults.sh          the short run, as CTest runs it (trust.faults): N sampled
#   scripts/trust/faults.sh --all    the long run: every N of every kind over every request, and every N of
#                                    the SQLite walk under valgrind
# Needs the dev build (cmake --preset dev && cmake --build --preset dev: barnplan and tests/trust/libfault_shim.so)
# and tests/node_modules. Prints the figures (calls per request and kind, N walked, answers) for docs/trust.md.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${BARNPLAN_BUILD:-$root/build/dev}
case "${1:-}" in
--all) export BARNPLAN_FAULTS_ALL=1 ;;
"") ;;
*) echo "usage: $0 [--all]" >&2; exit 2 ;;
esac
export BARNPLAN_BIN="${BARNPLAN_BIN:-$build/src/cli/barnplan}"
export BARNPLAN_LOCALEDIR="${BARNPLAN_LOCALEDIR:-$build/locale}"
export BARNPLAN_FAULT_SHIM="${BARNPLAN_FAULT_SHIM:-$build/tests/trust/libfault_shim.so}"
export BARNPLAN_FAST_HASH=1
export BARNPLAN_TEST_SLOW=1 # longer waits for a start under valgrind, nothing else
cd "$root/tests"
start=$(date +%s)
node --test --test-timeout=21600000 trust/faults.test.mjs
echo "faults.sh: $(($(date +%s) - start)) s"
