#!/usr/bin/env bash
# bench/multi.sh: the figures of docs/scaling.md (issue 12 item 4). One PostgreSQL database of demo children,
# then the case page loaded with wrk through nginx (round robin, keep-alive to the servers) in front of one
# `barnplan serve`, then in front of two on the same database. Each server runs WORKERS workers. Everything
# runs on this machine, so two servers share its cores with nginx, wrk and PostgreSQL: the figure shows what
# a second server costs and that nothing serialises between servers, not what a second machine would add.
#
#   BARNPLAN_TEST_PG_URL=postgres://... bench/multi.sh [BIN]      (BIN: default build/dev/src/cli/barnplan)
#   env: CHILDREN (10000), WORKERS (1), DURATION (10 s), CONNS (32)
# Must not: touch the system nginx or any server it did not start; send traffic anywhere but 127.0.0.1.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BIN=${1:-$ROOT/build/dev/src/cli/barnplan}
CHILDREN=${CHILDREN:-10000}
WORKERS=${WORKERS:-1}
DURATION=${DURATION:-10}
CONNS=${CONNS:-32}
: "${BARNPLAN_TEST_PG_URL:?set BARNPLAN_TEST_PG_URL (scripts/pg-test.sh start)}"
RUN=$(mktemp -d /tmp/barnplan-multi-bench.XXXXXX)
DB=bp_multi_bench_$$
BASE_URL=${BARNPLAN_TEST_PG_URL%/*}
export BARNPLAN_DATABASE=$BASE_URL/$DB BARNPLAN_FAST_HASH=1 BARNPLAN_LOCALEDIR=${BARNPLAN_LOCALEDIR:-$ROOT/build/dev/locale}
PIDS=()
cleanup() {
    for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
    wait 2>/dev/null || true
    psql -X -q -d "$BARNPLAN_TEST_PG_URL" -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null || true
    rm -rf "$RUN"
}
trap cleanup EXIT
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
wait_up() { for _ in $(seq 100); do curl -fs "$1/healthz" >/dev/null 2>&1 && return 0; sleep 0.1; done; echo "no answer from $1" >&2; exit 1; }

psql -X -q -d "$BARNPLAN_TEST_PG_URL" -c "CREATE DATABASE $DB TEMPLATE template0 ENCODING 'UTF8'" >/dev/null
"$BIN" demo --children "$CHILDREN" >"$RUN/demo.txt" 2>&1
PA=$(port)
PB=$(port)
for p in "$PA" "$PB"; do
    BARNPLAN_REMIND_EVERY=0 "$BIN" serve --listen "127.0.0.1:$p" --workers "$WORKERS" >"$RUN/serve-$p.log" 2>&1 &
    PIDS+=($!)
    wait_up "http://127.0.0.1:$p"
done

# nginx_conf PORT UPSTREAM-PORTS...: a config in $RUN/nginx-PORT/
nginx_start() {
    local port=$1 dir=$RUN/nginx-$1 servers=""
    shift
    for p in "$@"; do servers+="        server 127.0.0.1:$p;"$'\n'; done
    mkdir -p "$dir/tmp"
    cat >"$dir/nginx.conf" <<EOF
user $(id -un);
worker_processes 1;
daemon off;
pid $dir/nginx.pid;
error_log $dir/error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    client_body_temp_path $dir/tmp; proxy_temp_path $dir/tmp; fastcgi_temp_path $dir/tmp;
    uwsgi_temp_path $dir/tmp; scgi_temp_path $dir/tmp;
    upstream barnplan {
$servers        keepalive 64;
    }
    server {
        listen 127.0.0.1:$port;
        location / {
            proxy_pass http://barnplan;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host \$http_host;
            proxy_next_upstream error timeout;
        }
    }
}
EOF
    nginx -c "$dir/nginx.conf" -p "$dir/" -e "$dir/error.log" &
    PIDS+=($!)
    wait_up "http://127.0.0.1:$port"
}

N1=$(port)
N2=$(port)
nginx_start "$N1" "$PA"
nginx_start "$N2" "$PA" "$PB"
TOKEN=$(curl -sS -D - -o /dev/null -H 'content-type: application/json' \
    -d '{"username":"anna","password":"Barnplan-demo-1"}' "http://127.0.0.1:$PA/api/v1/session" |
    sed -n 's/^[Ss]et-[Cc]ookie: bp_session=\([^;]*\).*/\1/p' | head -1)
[ -n "$TOKEN" ] || { echo "no session" >&2; exit 1; }
CASE=$(curl -sS -H "Cookie: bp_session=$TOKEN" "http://127.0.0.1:$PA/api/v1/cases?limit=1" | grep -o '"id":[0-9]*' | head -1 | cut -d: -f2)
echo "machine: $(nproc) cores; $CHILDREN children; $WORKERS worker(s) per server; wrk -t2 -c$CONNS -d${DURATION}s on /cases/$CASE"
for n in "1 $N1" "2 $N2"; do
    set -- $n
    curl -s -o /dev/null -w "warm-up: %{http_code}\n" -H "Cookie: bp_session=$TOKEN" "http://127.0.0.1:$2/cases/$CASE"
    wrk -t2 -c"$CONNS" -d"${DURATION}s" --latency -H "Cookie: bp_session=$TOKEN" "http://127.0.0.1:$2/cases/$CASE" >"$RUN/wrk-$1.txt"
    printf '%s server(s) through nginx: %s req/s, p99 %s, non-2xx: %s\n' "$1" \
        "$(awk '/Requests\/sec/ {print $2}' "$RUN/wrk-$1.txt")" \
        "$(awk '$1 == "99%" {print $2}' "$RUN/wrk-$1.txt")" \
        "$(awk '/Non-2xx/ {print $NF}' "$RUN/wrk-$1.txt" | grep . || echo 0)"
done
