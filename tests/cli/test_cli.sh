#!/bin/bash
# test_cli.sh BARNPLAN_BIN: the `barnplan` command as an administrator uses it, on a real SQLite file
# (and on PostgreSQL when BARNPLAN_TEST_PG_URL is set and "postgres" is the second argument):
# help and exit codes (0 ok, 1 failure, 2 usage), migrate, demo (with its progress), org add/list, user
# add/passwd/disable (each audited, with the operating-system user as the actor), audit search, check.
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
# the route table the trust tests replay (docs/trust.md): every route, with its flags
check "routes" 0 "$bin" routes
contains "routes: the case page" '"path": "/cases/{id}"'
contains "routes: the API is flagged" '"api"'
check "routes takes no arguments" 2 "$bin" routes extra
check "subcommand help" 0 "$bin" demo --help
contains "demo help" "--children"
check "bad option" 2 "$bin" demo --children lots
check "serve before migrate" 1 "$bin" serve --listen 127.0.0.1:1
contains "serve says migrate" "barnplan migrate"
check "migrate" 0 "$bin" migrate
contains "migrate reports version" "schema is at version"
check "migrate again" 0 "$bin" migrate
contains "second migrate applies nothing" "Applied 0 migration"
contains "second migrate says the schema is current" "already current"
check "org add" 0 "$bin" org add --name "Östra förskolan" --kind preschool --principal municipality --municipality "Umeå kommun"
org=$(cat "$work/out")
check "org add bad kind" 2 "$bin" org add --name X --kind castle --principal region
check "org list" 0 "$bin" org list
contains "org list shows Swedish name" "Östra förskolan"
# OWASP ASVS V12.3.1 (docs/asvs.md): an identity provider is reached over TLS; plain http only on this host
oidc_env="BARNPLAN_OIDC_CLIENT_ID=barnplan BARNPLAN_OIDC_REDIRECT_URL=https://barnplan.example.se/login/oidc/callback"
check "an oidc issuer over plain http is refused" 2 env $oidc_env BARNPLAN_OIDC_ISSUER=http://idp.region.se "$bin" org list
contains "the refusal says https" "https://"
check "a family oidc issuer over plain http is refused" 2 env BARNPLAN_OIDC_FAMILY_ISSUER=http://bankid.region.se BARNPLAN_OIDC_FAMILY_CLIENT_ID=barnplan BARNPLAN_OIDC_FAMILY_REDIRECT_URL=https://barnplan.example.se/family/login/oidc/callback "$bin" org list
check "an oidc issuer over https is taken" 0 env $oidc_env BARNPLAN_OIDC_ISSUER=https://idp.region.se "$bin" org list
check "an oidc issuer over http on this host is taken (the tests' provider)" 0 env $oidc_env BARNPLAN_OIDC_ISSUER=http://127.0.0.1:9999 "$bin" org list
# V15.3.4: trusted_proxy holds addresses only (a name would be looked up, and could change)
check "trusted_proxy: addresses are taken" 0 env BARNPLAN_TRUSTED_PROXY="10.0.0.5, 10.0.0.6 ::1" "$bin" org list
check "trusted_proxy: a name is refused" 2 env BARNPLAN_TRUSTED_PROXY=proxy.region.se "$bin" org list
contains "trusted_proxy: the refusal names the value" "trusted_proxy: proxy.region.se is not an IPv4 or IPv6 address"
check "trusted_proxy: a network is refused" 2 env BARNPLAN_TRUSTED_PROXY=10.0.0.0/8 "$bin" org list
check "user add" 0 sh -c "echo 'a-long-password-1' | '$bin' user add sara --name 'Sara Berg' --org $org:named_person"
check "user add unknown organisation" 1 sh -c "echo 'a-long-password-1' | '$bin' user add olle --name 'Olle' --org 999999"
check "user add duplicate" 1 sh -c "echo 'a-long-password-1' | '$bin' user add sara --name 'Sara Berg'"
check "user add short password" 1 sh -c "echo 'short' | '$bin' user add olle --name 'Olle'"
# OWASP ASVS V6.2.4, V6.2.12 (common and leaked passwords), V6.2.11 (context words): refused, and said why
check "user add common password" 1 sh -c "echo 'Password12345' | '$bin' user add olle --name 'Olle'"
contains "user add common password says why" "too common or too easy to guess"
check "user add context word" 1 sh -c "echo 'Samverkan2024' | '$bin' user add olle --name 'Olle'"
contains "user add context word says why" "easy to guess from Barnplan's words or the account's name"
check "user add the account's own name" 1 sh -c "echo 'Lindgren2024!' | '$bin' user add olle --name 'Olle Lindgren'"
check "user add a passphrase with spaces" 0 sh -c "echo 'kvittrande hallon simmar' | '$bin' user add pia --name 'Pia Lindgren'"
check "user add without name" 2 sh -c "echo 'a-long-password-1' | '$bin' user add olle"
sql() { # sql STATEMENT: one value from the test's database
    if [ "$backend" = postgres ]; then psql -XAtq "$BARNPLAN_DATABASE" -c "$1"; else sqlite3 "${BARNPLAN_DATABASE#sqlite:}" "$1"; fi
}
equals() { # equals NAME WANTED GOT
    if [ "$2" = "$3" ]; then passed=$((passed + 1)); else
        failed=$((failed + 1)); echo "FAIL $1: wanted '$2', got '$3'"; fi
}
lacks() { # lacks NAME TEXT: the last command's output does not have TEXT
    if grep -qF -- "$2" "$work/out" "$work/err"; then failed=$((failed + 1)); echo "FAIL $1: '$2' in:"
        cat "$work/out" "$work/err"; else passed=$((passed + 1)); fi
}
me=$(id -un)
# every administrative change is on record: the account it concerns, from the command line, by the
# operating-system user running it (there is no Barnplan user)
check "audit finds the new account" 0 "$bin" audit --user sara
contains "user add is audited" "$(printf 'sara\t0\t0\t0\tcreate\tuser\tcli\tcli:%s' "$me")"
contains "the membership is audited" "$(printf 'sara\t%s\t0\t0\tcreate\tmembership\tcli\tcli:%s\tnamed_person' "$org" "$me")"
check "audit finds the new organisation" 0 "$bin" audit --action create
contains "org add is audited" "$(printf -- '-\t%s\t0\t0\tcreate\torganisation\tcli\tcli:%s' "$org" "$me")"
uid=$(sql "SELECT id FROM users WHERE username = 'sara'")
sql "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, last_seen) VALUES ('h1', $uid, 'c', 1, 1)" >/dev/null
hash_before=$(sql "SELECT password_hash FROM users WHERE id = $uid")
check "user passwd" 0 sh -c "echo 'another-password-2' | '$bin' user passwd sara"
equals "passwd ends the sessions" 0 "$(sql "SELECT count(*) FROM sessions WHERE user_id = $uid")"
hash_after=$(sql "SELECT password_hash FROM users WHERE id = $uid")
[ "$hash_before" != "$hash_after" ]; equals "passwd changes the hash" 0 $?
check "audit finds the passwd" 0 "$bin" audit --user sara --action update
contains "user passwd is audited" "$(printf 'sara\t0\t0\t0\tupdate\tuser\tcli\tcli:%s\tpassword' "$me")"
lacks "the audit entry has no password" "another-password-2"
lacks "the audit entry has no hash" "$hash_after"
lacks "the audit entry has no hash (old)" "$hash_before"
lacks "the audit entry has no argon2id hash" 'argon2id'
equals "the trail holds no password or hash" 0 "$(sql "SELECT count(*) FROM audit WHERE detail LIKE '%argon2%' OR detail LIKE '%another-password%' OR address LIKE '%argon2%'")"
check "user passwd short password" 1 sh -c "echo 'short' | '$bin' user passwd sara"
check "user passwd common password" 1 sh -c "echo 'qwertyuiop123' | '$bin' user passwd sara"
contains "user passwd common password says why" "too common or too easy to guess"
check "user passwd the account's name" 1 sh -c "echo 'Saraberg2024' | '$bin' user passwd sara"
contains "user passwd context word says why" "easy to guess from Barnplan's words or the account's name"
check "user passwd unknown" 1 sh -c "echo 'another-password-2' | '$bin' user passwd nobody"
sql "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, last_seen) VALUES ('h2', $uid, 'c', 1, 1)" >/dev/null
check "user disable" 0 "$bin" user disable sara
equals "disable disables" 1 "$(sql "SELECT disabled FROM users WHERE id = $uid")"
equals "disable ends the sessions" 0 "$(sql "SELECT count(*) FROM sessions WHERE user_id = $uid")"
check "audit finds the disable" 0 "$bin" audit --user sara
contains "user disable is audited" "$(printf 'sara\t0\t0\t0\tupdate\tuser\tcli\tcli:%s\tdisabled' "$me")"
check "user disable unknown" 1 "$bin" user disable nobody
equals "nothing is audited for what did not happen" 2 "$(sql "SELECT count(*) FROM audit WHERE action = 'update' AND object = 'user'")"
# OWASP ASVS V7.4.5 (docs/asvs.md): an administrator ends every session of every account at once, even one used
# a moment ago
sql "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, last_seen) VALUES ('h3', $uid, 'c', 1, 4102444800)" >/dev/null
sql "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, last_seen) VALUES ('h4', $uid, 'c', 4102444800, 4102444800)" >/dev/null
check "sessions end" 0 "$bin" sessions end
equals "sessions end ends every session" 0 "$(sql "SELECT count(*) FROM sessions")"
check "audit finds sessions end" 0 "$bin" audit --action update
contains "sessions end is audited" "$(printf 'update\tsession\tcli\tcli:%s\tall_ended' "$me")"
check "sessions takes only end" 2 "$bin" sessions stop
check "demo refuses a database with data" 1 "$bin" demo --children 1
check "audit" 0 "$bin" audit --limit 5
contains "audit header" "action"
check "audit bad date" 2 "$bin" audit --from yesterday
check "audit search is audited" 0 "$bin" audit --action read
contains "the earlier search is on record" "$(printf 'read\taudit\tcli\tcli:%s' "$me")"
# the hash chain (issue 11 item 3; tests/trust/audit.test.mjs tampers with it): every command writes its own
check "audit verify" 0 "$bin" audit verify
contains "audit verify: intact" "; intact (0 problems)"
check "audit verify takes no arguments" 2 "$bin" audit verify --all
equals "every command wrote a chain of its own" "$(sql "SELECT count(*) FROM audit_chains")" "$(sql "SELECT count(DISTINCT chain_id) FROM audit")"
check "audit extract of a child" 0 "$bin" audit extract --child 880001
contains "extract header" "time,user_id,user,org_id,org,child_id,case_id,action,object,channel,address,detail"
check "audit extract of a time range" 0 "$bin" audit extract --from 2000-01-01 --to 2100-12-31T23:59
contains "the earlier verify is in the range" "$(printf 'read,audit,cli,cli:%s,verify' "$me")"
contains "the child's extract is on record" "$(printf ',880001,0,export,audit,cli,cli:%s,extract' "$me")"
check "audit extract needs a child or a range" 2 "$bin" audit extract --from 2000-01-01
check "audit extract bad time" 2 "$bin" audit extract --from 2000-01-01T25:00 --to 2000-01-02
check "audit verify after all that" 0 "$bin" audit verify
# retention (issue 9 item 8): without retention_days nothing is purged (tests/http/purge.test.mjs does the rest)
check "purge without retention_days" 1 "$bin" purge
contains "purge says what to set" "no retention time is set: set retention_days"
check "purge of a case that does not exist" 1 env BARNPLAN_RETENTION_DAYS=0 "$bin" purge --case 999999
contains "purge says there is no such case" "no case 999999; nothing was removed"
check "purge with nothing due" 0 env BARNPLAN_RETENTION_DAYS=3650 "$bin" purge --dry-run
contains "purge counts" "0 case(s) would be purged (dry run: nothing was changed)"
check "purge bad option" 2 "$bin" purge --case x
check "bad retention_days" 2 env BARNPLAN_RETENTION_DAYS=-1 "$bin" purge
# backups (issue 11 item 7; tests/trust/backup.test.mjs and scripts/trust/pg-pitr.sh do the rest)
check "backup without a key" 2 "$bin" backup "$work/x.bpb"
contains "backup says how to make a key" "backup --new-key FILE"
check "backup --new-key" 0 "$bin" backup --new-key "$work/backup.key"
check "backup --new-key with a file" 2 "$bin" backup --new-key "$work/k2" "$work/x.bpb"
check "backup bad step" 2 "$bin" backup "$work/x.bpb" --key "$work/backup.key" --step 0
check "restore without --to" 2 "$bin" restore "$work/x.bpb" --key "$work/backup.key"
if [ "$backend" = postgres ]; then
    check "backup refuses PostgreSQL" 1 "$bin" backup "$work/x.bpb" --key "$work/backup.key"
    contains "backup points at pg_basebackup" "pg_basebackup and WAL archiving"
    [ ! -e "$work/x.bpb" ] && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL: a backup file on PostgreSQL"; }
else
    check "backup" 0 env BARNPLAN_BACKUP_KEY_FILE="$work/backup.key" "$bin" backup "$work/x.bpb"
    check "restore" 0 env BARNPLAN_BACKUP_KEY_FILE="$work/backup.key" "$bin" restore "$work/x.bpb" --to "$work/r.db"
    contains "restore says what it checked" "integrity, foreign keys, schema and audit trail checked"
    check "backup and restore are audited" 0 env BARNPLAN_DATABASE="sqlite:$work/r.db" "$bin" audit --action restore
    contains "restore is on the restored trail" "$(printf 'restore\tdatabase\tcli\tcli:%s' "$me")"
fi
# issue 12 item 5: demo data in bulk into an empty database, with its progress (a line per 10,000 children where
# stderr is no terminal), every reference holding (foreign keys stay checked during the load)
if [ "$backend" = sqlite ]; then
    demo_db=$work/demo.db
    check "demo into an empty database" 0 env BARNPLAN_DATABASE="sqlite:$demo_db" "$bin" demo --children 20001
    contains "demo progress" "barnplan demo: 10000 of 20001"
    contains "demo progress at the end" "barnplan demo: 20001 of 20001"
    equals "demo children" 20001 "$(sqlite3 "$demo_db" 'SELECT count(*) FROM children')"
    equals "demo: a case per child" 20001 "$(sqlite3 "$demo_db" 'SELECT count(DISTINCT child_id) FROM cases')"
    equals "demo: a consent's guardian is the child's" 0 "$(sqlite3 "$demo_db" 'SELECT count(*) FROM consents k JOIN cases c ON c.id = k.case_id JOIN guardians g ON g.id = k.guardian1_id WHERE g.child_id <> c.child_id')"
    equals "demo: integrity" ok "$(sqlite3 "$demo_db" 'PRAGMA integrity_check')"
    equals "demo: every reference holds" "" "$(sqlite3 "$demo_db" 'PRAGMA foreign_key_check')"
    check "demo --quiet" 0 env BARNPLAN_DATABASE="sqlite:$work/quiet.db" "$bin" demo --children 10 --quiet
    lacks "demo --quiet prints no progress" "barnplan demo:"
else
    psql -q "$BARNPLAN_TEST_PG_URL" -c "CREATE DATABASE ${db}_demo" || exit 1
    trap 'psql -q "$BARNPLAN_TEST_PG_URL" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "DROP DATABASE IF EXISTS ${db}_demo WITH (FORCE)" >/dev/null; rm -rf "$work"' EXIT
    check "demo into an empty database" 0 env BARNPLAN_DATABASE="$base/${db}_demo" "$bin" demo --children 300
    contains "demo progress at the end" "barnplan demo: 300 of 300"
    equals "demo children" 300 "$(psql -XAtq "$base/${db}_demo" -c 'SELECT count(*) FROM children')"
fi
check "check" 0 "$bin" check
contains "check reports" "ok"
check "bad config" 2 env BARNPLAN_WORKERS=0 "$bin" check

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
