#!/bin/bash
# pg-test.sh start|stop|url|status: a throwaway PostgreSQL 15 cluster for the storage tests.
#   start   initialises a cluster under $BARNPLAN_PG_TEST_DIR (default /tmp/barnplan-pg-test), listening on
#           127.0.0.1 only (a free port from 55432 up; unix socket in that folder), trust authentication on
#           loopback only, with an empty database barnplan_test; prints the URL. Starting a running cluster
#           just prints its URL; the leftovers of a crashed run are removed first.
#   url     prints postgres://postgres@127.0.0.1:PORT/barnplan_test (fails when not running)
#   stop    stops the cluster and removes its folder
#   status  exits 0 when running
# Typical use:  scripts/pg-test.sh start && BARNPLAN_TEST_PG_URL="$(scripts/pg-test.sh url)" ctest ...
# Runs the server as the postgres user when started as root (initdb refuses root), else as the caller.
# Must not touch any other cluster, port or folder; never for production data (no passwords, no fsync
# tuning, everything under the folder is deleted by stop).
set -eu

DIR=${BARNPLAN_PG_TEST_DIR:-/tmp/barnplan-pg-test}
DATA="$DIR/data"
PORT_FILE="$DIR/port"
LOG="$DIR/server.log"
DB=barnplan_test
FIRST_PORT=55432

find_bin() {
    for d in ${PG_BIN:-} /usr/lib/postgresql/15/bin; do
        if [ -x "$d/pg_ctl" ]; then
            echo "$d"
            return 0
        fi
    done
    if command -v pg_ctl >/dev/null 2>&1; then
        dirname "$(command -v pg_ctl)"
        return 0
    fi
    echo "pg-test: PostgreSQL 15 binaries not found (apt-get install postgresql-15, or set PG_BIN)" >&2
    exit 1
}
BIN=$(find_bin)

# as_owner CMD...: runs a command as the cluster's owner.
if [ "$(id -u)" -eq 0 ]; then
    OWNER=postgres
    as_owner() { runuser -u "$OWNER" -- "$@"; }
else
    OWNER=$(id -un)
    as_owner() { "$@"; }
fi

# Running means answering: after a crash the pid file may name a zombie (containers without an init
# that reaps), which pg_ctl status alone takes for a live server.
running() {
    [ -f "$DATA/PG_VERSION" ] && [ -f "$PORT_FILE" ] &&
        as_owner "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1 &&
        "$BIN/pg_isready" -q -h 127.0.0.1 -p "$(cat "$PORT_FILE")" -U postgres -d "$DB" -t 5
}

port_in_use() {
    # A connection that succeeds means something listens there.
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

url() {
    echo "postgres://postgres@127.0.0.1:$(cat "$PORT_FILE")/$DB"
}

start() {
    if running; then
        url
        return 0
    fi
    # Leftovers of a crashed run: a server that died, a half-made folder.
    if [ -d "$DIR" ]; then
        if [ -f "$DATA/postmaster.pid" ]; then
            as_owner "$BIN/pg_ctl" -D "$DATA" stop -m immediate >/dev/null 2>&1 || true
        fi
        rm -rf "$DIR"
    fi
    mkdir -p "$DIR"
    chmod 700 "$DIR"
    chown "$OWNER" "$DIR"

    port=$FIRST_PORT
    while port_in_use "$port"; do
        port=$((port + 1))
        if [ "$port" -gt $((FIRST_PORT + 100)) ]; then
            echo "pg-test: no free port in $FIRST_PORT..$port" >&2
            exit 1
        fi
    done
    echo "$port" >"$PORT_FILE"

    as_owner "$BIN/initdb" -D "$DATA" -U postgres --auth=trust --encoding=UTF8 --no-locale >"$DIR/initdb.log" 2>&1 || {
        cat "$DIR/initdb.log" >&2
        exit 1
    }
    # Loopback and the private socket only.
    cat >"$DIR/pg_hba.conf.new" <<EOF
local all all trust
host all all 127.0.0.1/32 trust
EOF
    chown "$OWNER" "$DIR/pg_hba.conf.new"
    as_owner sh -c "cat '$DIR/pg_hba.conf.new' > '$DATA/pg_hba.conf'"
    rm -f "$DIR/pg_hba.conf.new"

    if ! as_owner "$BIN/pg_ctl" -D "$DATA" -l "$LOG" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $DIR -c max_connections=50" start >/dev/null; then
        cat "$LOG" >&2 || true
        exit 1
    fi
    as_owner "$BIN/createdb" -h 127.0.0.1 -p "$port" -U postgres -E UTF8 -T template0 "$DB"
    url
}

stop() {
    if [ -f "$DATA/PG_VERSION" ]; then
        as_owner "$BIN/pg_ctl" -D "$DATA" stop -m fast -w >/dev/null 2>&1 || true
    fi
    rm -rf "$DIR"
}

case "${1:-}" in
start) start ;;
stop) stop ;;
url)
    if ! running; then
        echo "pg-test: not running (scripts/pg-test.sh start)" >&2
        exit 1
    fi
    url
    ;;
status) running ;;
*)
    echo "usage: $0 start|stop|url|status" >&2
    exit 2
    ;;
esac
