#!/bin/bash
# pg-pitr.sh BARNPLAN [--keep]: PostgreSQL's backups, tested (issue 11 item 7; docs/trust.md section 7): WAL
# archiving, a base backup with pg_basebackup and point-in-time recovery to a named restore point.
#   1. a throwaway cluster of its own (it needs archive_mode, which the shared test cluster has not) with
#      archive_mode = on and an archive_command that copies each finished WAL segment into an archive folder
#      (under a temporary name, renamed when complete: a copy cut short must never look archived)
#   2. `barnplan migrate` and `barnplan demo`, then pg_basebackup
#   3. writes through `barnplan org add` (each with its audit entry), a restore point
#      (pg_create_restore_point), further writes, pg_switch_wal so that the archive has it all; the cluster is
#      then stopped at once (-m immediate), as in a disaster
#   4. the base backup is restored into a new data folder with restore_command and recovery_target_name, and
#      started (recovery_target_action = promote); then again into another with recovery_target_time, the moment
#      taken right after the restore point
#   5. checks, of each: the writes before the target are there, the one after it is not, `barnplan check`
#      passes, and the audit trail passes its verification (audit_verify below)
# BARNPLAN is the barnplan binary. Runs initdb, pg_ctl and the servers as the postgres user when started as
# root (initdb refuses root). Everything lives under one temporary folder, removed at the end (--keep keeps it).
# Exits 77 (CTest's skip) without PostgreSQL 15's programs, or 1 when CI is set.
set -eu

BARNPLAN=$(realpath "${1:?usage: pg-pitr.sh BARNPLAN [--keep]}")
KEEP=${2:-}
POINT=barnplan-drill
T0=$(date +%s)

find_bin() {
    for d in ${PG_BIN:-} /usr/lib/postgresql/15/bin; do
        if [ -x "$d/pg_ctl" ] && [ -x "$d/pg_basebackup" ]; then
            echo "$d"
            return 0
        fi
    done
    return 1
}
if ! BIN=$(find_bin) || ! command -v psql >/dev/null; then
    echo "pg-pitr: PostgreSQL 15's programs not found (apt-get install postgresql-15, or set PG_BIN)" >&2
    if [ -n "${CI:-}" ] && [ "${CI:-}" != 0 ] && [ "${CI:-}" != false ]; then exit 1; fi
    exit 77
fi

if [ "$(id -u)" -eq 0 ]; then
    OWNER=postgres
    as_owner() { runuser -u "$OWNER" -- "$@"; }
else
    OWNER=$(id -un)
    as_owner() { "$@"; }
fi

WORK=$(mktemp -d /tmp/barnplan-pitr-XXXXXX)
chmod 700 "$WORK"
chown "$OWNER" "$WORK"
DATA=$WORK/data        # the cluster that is lost
ARCHIVE=$WORK/archive  # where archive_command puts the WAL segments
BASE=$WORK/base        # pg_basebackup's copy
RESTORED=$WORK/restored           # recovered to the restore point
RESTORED_TIME=$WORK/restored-time # recovered to a moment
as_owner mkdir "$ARCHIVE"

cleanup() {
    for d in "$DATA" "$RESTORED" "$RESTORED_TIME"; do
        if [ -f "$d/postmaster.pid" ]; then as_owner "$BIN/pg_ctl" -D "$d" stop -m immediate >/dev/null 2>&1 || true; fi
    done
    if [ "$KEEP" = --keep ]; then echo "pg-pitr: kept $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

fail() {
    echo "pg-pitr: FAILED: $*" >&2
    for log in "$WORK"/*.log; do
        [ -f "$log" ] && { echo "--- $log" >&2; tail -30 "$log" >&2; }
    done
    exit 1
}

free_port() {
    local p=$1
    while (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; do p=$((p + 1)); done
    echo "$p"
}

# start DATADIR PORT LOG: starts a cluster on 127.0.0.1:PORT (its socket in $WORK) and waits for it.
start() {
    as_owner "$BIN/pg_ctl" -D "$1" -l "$3" -w -t 120 \
        -o "-c listen_addresses=127.0.0.1 -p $2 -k $WORK -c max_connections=20" start >/dev/null ||
        fail "the cluster in $1 did not start"
}

# sql PORT SQL: one query's rows, unaligned.
sql() {
    psql -X -A -t -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$1" -U postgres -d barnplan -c "$2"
}

# bp PORT ARGS...: barnplan on the database of the cluster at PORT.
bp() {
    local port=$1
    shift
    BARNPLAN_DATABASE="postgres://postgres@127.0.0.1:$port/barnplan" "$BARNPLAN" "$@"
}

# The restored cluster's audit trail passes `barnplan audit verify` (issue 11 item 3).
audit_verify() {
    bp "$1" audit verify >"$WORK/verify.log" 2>&1 || fail "barnplan audit verify on the restored cluster"
    echo "audit verify: ok"
}

# 1. the cluster, archiving every finished WAL segment
PORT=$(free_port 56432)
as_owner "$BIN/initdb" -D "$DATA" -U postgres --auth=trust --encoding=UTF8 --no-locale >"$WORK/initdb.log" 2>&1 ||
    fail initdb
as_owner sh -c "cat >> '$DATA/postgresql.auto.conf'" <<EOF
wal_level = replica
archive_mode = on
archive_command = 'test ! -f $ARCHIVE/%f && cp %p $ARCHIVE/%f.part && mv $ARCHIVE/%f.part $ARCHIVE/%f'
EOF
start "$DATA" "$PORT" "$WORK/primary.log"
psql -X -q -h 127.0.0.1 -p "$PORT" -U postgres -d postgres -c "CREATE DATABASE barnplan TEMPLATE template0 ENCODING 'UTF8'"

# 2. Barnplan's schema and demo data, then the base backup
bp "$PORT" migrate >/dev/null || fail "barnplan migrate"
bp "$PORT" demo --children 20 --quiet >/dev/null || fail "barnplan demo"
as_owner "$BIN/pg_basebackup" -h 127.0.0.1 -p "$PORT" -U postgres -D "$BASE" -c fast -X stream \
    >"$WORK/basebackup.log" 2>&1 || fail pg_basebackup

# 3. writes before the restore point (one of them after the base backup: only the archive has it), the point,
#    writes after it; then everything is archived and the cluster is lost
bp "$PORT" org add --name "PITR före" --kind school --principal municipality >/dev/null || fail "org add"
bp "$PORT" org add --name "PITR före två" --kind preschool --principal municipality >/dev/null || fail "org add"
sql "$PORT" "SELECT pg_create_restore_point('$POINT')" >/dev/null
MOMENT=$(sql "$PORT" "SELECT clock_timestamp()")
sleep 1.1 # the write after commits clearly later than the moment
bp "$PORT" org add --name "PITR efter" --kind school --principal municipality >/dev/null || fail "org add"
SEGMENT=$(sql "$PORT" "SELECT pg_walfile_name(pg_switch_wal())")
# archived: PostgreSQL says so (the archive_command finished), not merely a file of that name begun
archived() { [ "$(sql "$PORT" "SELECT last_archived_wal >= '$SEGMENT' FROM pg_stat_archiver")" = t ]; }
for _ in $(seq 1 600); do
    archived && break
    sleep 0.1
done
archived || fail "the WAL segment $SEGMENT was not archived"
as_owner "$BIN/pg_ctl" -D "$DATA" stop -m immediate >/dev/null

# 4. recovery: the base backup in a new data folder, replaying the archive up to a target
# recover DIR PORT TARGET LOGLINE: recovers the base backup into DIR with the recovery target setting TARGET,
# starts it on PORT, waits for its promotion and checks that its log says LOGLINE (where it stopped).
recover() {
    as_owner cp -a "$BASE" "$1"
    as_owner touch "$1/recovery.signal"
    as_owner sh -c "cat >> '$1/postgresql.auto.conf'" <<EOF
archive_mode = off
restore_command = 'cp $ARCHIVE/%f %p'
$3
recovery_target_action = 'promote'
EOF
    start "$1" "$2" "$1.log"
    for _ in $(seq 1 300); do
        [ "$(sql "$2" 'SELECT pg_is_in_recovery()' 2>/dev/null)" = f ] && break
        sleep 0.1
    done
    [ "$(sql "$2" 'SELECT pg_is_in_recovery()')" = f ] || fail "the cluster in $1 did not finish its recovery"
    grep -q "$4" "$1.log" || fail "the recovery in $1 did not stop where asked ($3)"
}

# 5. checks of the recovered cluster on PORT: the writes before the target with their audit entries, not the one
#    after it, `barnplan check`, the audit trail's verification
check_recovered() {
    local orgs audits
    orgs=$(sql "$1" "SELECT name FROM organisations WHERE name LIKE 'PITR%' ORDER BY name")
    [ "$orgs" = "$(printf 'PITR före\nPITR före två')" ] ||
        fail "the recovered cluster has the organisations [$orgs]; expected the two made before the target"
    audits=$(sql "$1" "SELECT COUNT(*) FROM audit WHERE action = 'create' AND object = 'organisation'")
    [ "$audits" -ge 2 ] || fail "the writes' audit entries are not there ($audits)"
    [ "$(sql "$1" "SELECT COUNT(*) FROM organisations WHERE name = 'PITR efter'")" = 0 ] ||
        fail "a write made after the target was restored"
    bp "$1" check >"$WORK/check.log" 2>&1 || fail "barnplan check on the recovered cluster"
    grep -qx ok "$WORK/check.log" || fail "barnplan check did not say ok"
    audit_verify "$1"
}

RPORT=$(free_port $((PORT + 1)))
recover "$RESTORED" "$RPORT" "recovery_target_name = '$POINT'" "recovery stopping at restore point \"$POINT\""
check_recovered "$RPORT"
as_owner "$BIN/pg_ctl" -D "$RESTORED" stop -m fast >/dev/null
# the same to the moment (recovery_target_time) taken between the writes before and after
TPORT=$(free_port $((RPORT + 1)))
recover "$RESTORED_TIME" "$TPORT" "recovery_target_time = '$MOMENT'" "recovery stopping before commit"
check_recovered "$TPORT"
echo "pg-pitr: ok in $(($(date +%s) - T0)) s: base backup, $(find "$ARCHIVE" -type f | wc -l) archived WAL segment(s), recovery to the restore point '$POINT' and to the time $MOMENT: the writes before it are there, the one after it is not; barnplan check passes"
