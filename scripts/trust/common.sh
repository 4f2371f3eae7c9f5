# common.sh: sourced by scripts/trust/*.sh (issue 11's long runs). The dev build's binary and translations,
# and, for a PostgreSQL run without BARNPLAN_TEST_PG_URL, a throwaway cluster (scripts/pg-test.sh) stopped on exit.
export BARNPLAN_BIN=${BARNPLAN_BIN:-$ROOT/build/dev/src/cli/barnplan}
export BARNPLAN_LOCALEDIR=${BARNPLAN_LOCALEDIR:-$ROOT/build/dev/locale}
export BARNPLAN_FAST_HASH=1
[ -x "$BARNPLAN_BIN" ] || { echo "no $BARNPLAN_BIN: cmake --preset dev && cmake --build --preset dev" >&2; exit 1; }

trust_pg_for() {
    [ "$1" = postgres ] && [ -z "${BARNPLAN_TEST_PG_URL:-}" ] || return 0
    export BARNPLAN_PG_TEST_DIR=${BARNPLAN_PG_TEST_DIR:-/tmp/barnplan-pg-trust}
    BARNPLAN_TEST_PG_URL=$("$ROOT/scripts/pg-test.sh" start | tail -1)
    export BARNPLAN_TEST_PG_URL
    trap '"$ROOT/scripts/pg-test.sh" stop >/dev/null' EXIT
}
