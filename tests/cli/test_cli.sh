#!/bin/bash
# test_cli.sh BARNPLAN_BIN: the `barnplan` command as an administrator uses it, on a real SQLite file
# (and on PostgreSQL when BARNPLAN_TEST_PG_URL is set and "postgres" is the second argument):
# help and exit codes (0 ok, 1 failure, 2 usage), migrate, demo, org add/list, user
# add/passwd/disable, audit search, check.
set -u
bin=$1
backend=${2:-sqlite}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export BARNPLAN_FAST_HASH=1
if [ "$backend" = postgres ]; then
    if [ -z "${BARNPLAN_TEST_PG_URL:-}" ]; then
        if [ -n "${CI:-}" ]; then echo "BARNPLAN_TEST_PG_URL is not set"; exit 1; fi
        echo "skipped: no PostgreSQL"; exit 77
    fi
    db="cli_$$_$RANDOM"
    base=${BARNPLAN_TEST_PG_URL%/*}
    psql -q "$BARNPLAN_TEST_PG_URL" -c "CREATE DATABASE $db" || exit 1
    trap 'psql -q "$BARNPLAN_TEST_PG_URL" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null; rm -rf "$work"' EXIT
    export BARNPLAN_DATABASE="$base/$db"
else
    export BARNPLAN_DATABASE="sqlite:$work/b.db"
fi

passed=0 failed=0
check() { # check NAME EXPECTED_STATUS CMD...
    local name=$1 want=$2
    shift 2
    "$@" >"$work/out" 2>"$work/err"
    local got=$?
    if [ "$got" = "$want" ]; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
        echo "FAIL $name: exit $got, wanted $want"; cat "$work/out" "$work/err"
    fi
}
contains() { # contains NAME TEXT: the last command's output has TEXT
    if grep -qF -- "$2" "$work/out" "$work/err"; then passed=$((passed + 1)); else
        failed=$((failed + 1)); echo "FAIL $1: no '$2' in:"; cat "$work/out" "$work/err"; fi
}

check "help" 0 "$bin" --help
contains "help lists commands" "audit"
check "no command" 2 "$bin"
check "unknown command" 2 "$bin" frobnicate
check "subcommand help" 0 "$bin" demo --help
contains "demo help" "--children"
check "bad option" 2 "$bin" demo --children lots
check "serve before migrate" 1 "$bin" serve --listen 127.0.0.1:1
contains "serve says migrate" "barnplan migrate"
check "migrate" 0 "$bin" migrate
contains "migrate reports version" "schema is at version"
check "migrate again" 0 "$bin" migrate
contains "second migrate applies nothing" "Applied 0 migration"
check "org add" 0 "$bin" org add --name "Östra förskolan" --kind preschool --principal municipality --municipality "Umeå kommun"
org=$(cat "$work/out")
check "org add bad kind" 2 "$bin" org add --name X --kind castle --principal region
check "org list" 0 "$bin" org list
contains "org list shows Swedish name" "Östra förskolan"
check "user add" 0 sh -c "echo 'a-long-password-1' | '$bin' user add sara --name 'Sara Berg' --org $org:named_person"
check "user add duplicate" 1 sh -c "echo 'a-long-password-1' | '$bin' user add sara --name 'Sara Berg'"
check "user add short password" 1 sh -c "echo 'short' | '$bin' user add olle --name 'Olle'"
check "user add without name" 2 sh -c "echo 'a-long-password-1' | '$bin' user add olle"
check "user passwd" 0 sh -c "echo 'another-password-2' | '$bin' user passwd sara"
check "user passwd unknown" 1 sh -c "echo 'another-password-2' | '$bin' user passwd nobody"
check "user disable" 0 "$bin" user disable sara
check "demo refuses a database with data" 1 "$bin" demo --children 1
check "audit" 0 "$bin" audit --limit 5
contains "audit header" "action"
check "audit bad date" 2 "$bin" audit --from yesterday
check "audit search is audited" 0 "$bin" audit --action read
contains "the earlier search is on record" "audit"
check "check" 0 "$bin" check
contains "check reports" "ok"
check "bad config" 2 env BARNPLAN_WORKERS=0 "$bin" check

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
