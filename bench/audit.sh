#!/bin/bash
# bench/audit.sh: the audit trail's extracts on 10 million entries (issue 11 item 3; docs/trust.md section 3).
#
#   bench/audit.sh [--rows N] [--pg | --pg-only] [--bin PATH] [--reuse]
#
# Makes a database (barnplan migrate and a small demo, for the users and organisations the extract names),
# then adds N (10,000,000) audit entries with one INSERT ... SELECT in SQL: one entry every 3 seconds over
# about a year, 200 users, 100,000 children (child 1 is read in one entry of every thousand: 10,000 entries;
# the others about 100 each). The rows carry a chain id, seq and 64-character hashes like real ones, but
# the chain is NOT valid (the hashes are a constant): `audit verify` would report them; only the extracts'
# speed is measured here (--reuse: keep the SQLite database of an earlier run with as many rows). Then times,
# with the release binary (wall-clock seconds, and the CPU seconds the command used, user + system, which
# the machine's other work disturbs less):
#   1. `barnplan audit extract --child 1`           (target: under 10 s)
#   2. `barnplan audit extract --child 4242`        (a child with about 100 entries)
#   3. `barnplan audit extract --from D --to D+1`   (one day, about 29,000 entries)
#   4. `barnplan audit extract --from D --to D+30`  (thirty days, about 860,000 entries)
#   5. `barnplan audit extract --from .. --to ..`   (the whole trail, every entry; target: under 60 s)
# and prints a table (rows written, seconds, rows per second) for bench/RESULTS.md and docs/trust.md.
# SQLite always; PostgreSQL too with --pg (BARNPLAN_BENCH_PG_URL, an empty database, or a throwaway cluster
# by scripts/pg-test.sh in /tmp/barnplan-bench-audit-pg, stopped on exit). Works in bench/out/audit/.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/.." && pwd)
rows=10000000
pg=0
sqlite=1
reuse=0
bin=
while [ $# -gt 0 ]; do
    case $1 in
    --rows) rows=$2; shift ;;
    --pg) pg=1 ;;
    --pg-only) pg=1; sqlite=0 ;;
    --bin) bin=$2; shift ;;
    --reuse) reuse=1 ;;
    -h | --help) sed -n '2,20p' "$0"; exit 0 ;;
    *) echo "bench/audit.sh: unknown option $1" >&2; exit 2 ;;
    esac
    shift
done
out=$here/out/audit
mkdir -p "$out"
log() { printf '[audit-bench %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }

if [ -z "$bin" ]; then
    if [ -x "$here/out/build/src/cli/barnplan" ]; then bin=$here/out/build/src/cli/barnplan
    else
        log "building the release binary in build/release"
        cmake --preset release >/dev/null && cmake --build --preset release --target barnplan >/dev/null
        bin=$src/build/release/src/cli/barnplan
    fi
fi
export BARNPLAN_FAST_HASH=1 BARNPLAN_LOCALEDIR=$src/build/dev/locale
start=1767225600 # 2026-01-01T00:00:00Z
# the rows, in SQL both backends run (n is the generator's counter, 1..N)
select_rows() {
    cat <<EOF
SELECT $start + n * 3, 1 + n % 200, 1 + n % 11,
       CASE WHEN n % 1000 = 0 THEN 1 ELSE 2 + (n * 7919) % 99999 END,
       CASE WHEN n % 1000 = 0 THEN 1 ELSE 2 + (n * 7919) % 99999 END,
       CASE WHEN n % 50 = 0 THEN 'update' ELSE 'read' END, 'case', 'web', '10.0.' || (n % 200) || '.7', 'case',
       100000 + n / 1000000, n, '$(printf '%064d' 0)', '$(printf 'a%063d' 0)'
EOF
}
columns="at, user_id, org_id, child_id, case_id, action, object, channel, address, detail, chain_id, seq, prev_hash, hash"
day=$((start + 100 * 86400))
when() { date -u -d "@$1" +%Y-%m-%dT%H:%M; }

run_extracts() { # run_extracts BACKEND: the table rows
    local backend=$1 what args n t TIMEFORMAT='%R %U %S'
    for what in "child 1|--child 1" "child 4242|--child 4242" "one day|--from $(when $day) --to $(when $((day + 86400 - 60)))" \
        "thirty days|--from $(when $day) --to $(when $((day + 30 * 86400 - 60)))" \
        "all entries|--from 2025-12-31 --to 2027-12-31"; do
        args=${what#*|}
        # shellcheck disable=SC2086 # args are words
        t=$({ time TZ=UTC "$bin" audit extract $args >"$out/extract.csv"; } 2>&1)
        n=$(($(wc -l <"$out/extract.csv") - 1))
        set -- $t
        printf '| %s | `barnplan audit extract %s` | %s | %.1f | %.1f |\n' "$backend" "$args" \
            "$(printf "%'d" "$n")" "$1" "$(echo "$2 + $3" | bc)"
    done
}

results=$out/results.md
[ "$sqlite" = 1 ] && : >"$results"

# ---- SQLite ----
if [ "$sqlite" = 1 ]; then
db=$out/audit.db
export BARNPLAN_DATABASE=sqlite:$db
if [ "$reuse" = 1 ] && [ -f "$db" ] && [ "$(sqlite3 "$db" "SELECT COUNT(*) >= $rows FROM audit")" = 1 ]; then
    log "SQLite: reusing $db"
else
rm -f "$db" "$db-wal" "$db-shm"
"$bin" migrate >/dev/null
"$bin" demo --children 200 --quiet >/dev/null
log "SQLite: adding $rows audit entries in SQL"
t0=$(date +%s)
# the indexes are dropped for the insert and made again after it (a sort instead of random inserts), with
# their own definitions from the schema; no journal while generating
indexes=$(sqlite3 "$db" "SELECT sql || ';' FROM sqlite_master WHERE type = 'index' AND tbl_name = 'audit' AND sql IS NOT NULL")
drops=$(sqlite3 "$db" "SELECT 'DROP INDEX ' || name || ';' FROM sqlite_master WHERE type = 'index' AND tbl_name = 'audit' AND sql IS NOT NULL")
sqlite3 "$db" "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-524288; $drops
WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < $rows)
INSERT INTO audit ($columns) $(select_rows) FROM g;
$indexes
PRAGMA journal_mode=WAL;" >/dev/null
t1=$(date +%s)
log "SQLite: $rows entries in $((t1 - t0)) s; $(du -h "$db" | cut -f1) on disk; ANALYZE"
sqlite3 "$db" "ANALYZE; PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null
echo "SQLite: the indexes on audit after the insert: $(sqlite3 "$db" "SELECT group_concat(name, ', ') FROM sqlite_master WHERE type = 'index' AND tbl_name = 'audit'")" >&2
echo "SQLite: generated $rows entries in $((t1 - t0)) s" >>"$results"
fi
echo "| backend | command | rows | seconds | CPU seconds |" >>"$results"
echo "| --- | --- | ---: | ---: | ---: |" >>"$results"
run_extracts SQLite | tee -a "$results"
fi

# ---- PostgreSQL ----
if [ "$pg" = 1 ]; then
    pgdir=/tmp/barnplan-bench-audit-pg
    if [ -z "${BARNPLAN_BENCH_PG_URL:-}" ]; then
        BARNPLAN_BENCH_PG_URL=$(BARNPLAN_PG_TEST_DIR=$pgdir "$src/scripts/pg-test.sh" start | tail -1)
        trap 'BARNPLAN_PG_TEST_DIR=$pgdir "$src/scripts/pg-test.sh" stop >/dev/null 2>&1' EXIT
    fi
    base=${BARNPLAN_BENCH_PG_URL%/*}
    psql -Xq "$BARNPLAN_BENCH_PG_URL" -c "DROP DATABASE IF EXISTS bp_audit_bench WITH (FORCE)"
    psql -Xq "$BARNPLAN_BENCH_PG_URL" -c "CREATE DATABASE bp_audit_bench"
    export BARNPLAN_DATABASE=$base/bp_audit_bench
    "$bin" migrate >/dev/null
    "$bin" demo --children 200 --quiet >/dev/null
    log "PostgreSQL: adding $rows audit entries in SQL"
    t0=$(date +%s)
    psql -Xq "$BARNPLAN_DATABASE" -c "SET synchronous_commit = off" \
        -c "INSERT INTO audit ($columns) $(select_rows) FROM generate_series(1::bigint, $rows) AS g(n)" -c "ANALYZE audit"
    t1=$(date +%s)
    log "PostgreSQL: $rows entries in $((t1 - t0)) s"
    echo "PostgreSQL: generated $rows entries in $((t1 - t0)) s" >>"$results"
    echo "| backend | command | rows | seconds | CPU seconds |" >>"$results"
    echo "| --- | --- | ---: | ---: | ---: |" >>"$results"
    run_extracts PostgreSQL | tee -a "$results"
fi
log "done; the table is in $results"
