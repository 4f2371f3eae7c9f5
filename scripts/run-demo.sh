#!/bin/bash
# Installs what Barnplan needs, builds it, creates an SQLite database with demo data (if there is
# none yet) and serves Barnplan at http://127.0.0.1:8080 until Ctrl-C.
# Environment: BARNPLAN_DEMO_CHILDREN (default 40), BARNPLAN_LISTEN (default 127.0.0.1:8080).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release
mkdir -p var
export BARNPLAN_DATABASE="${BARNPLAN_DATABASE:-sqlite:var/barnplan.db}"
export BARNPLAN_LOCALEDIR="${BARNPLAN_LOCALEDIR:-$PWD/build/release/locale}"
bin=build/release/src/cli/barnplan
if [ ! -s var/barnplan.db ] || [ "$($bin check >/dev/null 2>&1; echo $?)" != 0 ]; then
    $bin migrate
    $bin demo --children "${BARNPLAN_DEMO_CHILDREN:-40}" || true
fi
echo
echo "Open http://${BARNPLAN_LISTEN:-127.0.0.1:8080}/ and log in as one of the accounts above"
echo "(password Barnplan-demo-1; 'anna' and 'bertil' work in Västerbotten, 'karin' in Kronoberg)."
exec $bin serve
