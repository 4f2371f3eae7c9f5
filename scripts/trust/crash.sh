#!/bin/bash
# crash.sh [--long] [--kills N] [sqlite|postgres...]: issue 11 item 5 (docs/trust.md section 5). Kills the
# whole server with SIGKILL at random moments during writes and checks that every acknowledged write is
# there (tests/trust/crash.test.mjs). The suite's short run is 25 kills per backend; --long is 1,000.
# Uses build/dev (build it first). For PostgreSQL it uses BARNPLAN_TEST_PG_URL, or starts a throwaway
# cluster with scripts/pg-test.sh (in $BARNPLAN_PG_TEST_DIR, default /tmp/barnplan-pg-crash) and stops it after.
set -eu
cd "$(dirname "$0")/../.."
ROOT=$PWD
kills=25
backends=()
while [ $# -gt 0 ]; do
    case "$1" in
    --long) kills=1000 ;;
    --kills) kills=$2; shift ;;
    sqlite | postgres) backends+=("$1") ;;
    *) echo "usage: $0 [--long] [--kills N] [sqlite|postgres...]" >&2; exit 2 ;;
    esac
    shift
done
[ ${#backends[@]} -gt 0 ] || backends=(sqlite postgres)
. "$ROOT/scripts/trust/common.sh"
for b in "${backends[@]}"; do
    trust_pg_for "$b"
    echo "== crash: $b, $kills kills"
    (cd tests && BARNPLAN_TEST_DB=$b BARNPLAN_CRASH_KILLS=$kills node trust/crash.test.mjs)
done
