#!/usr/bin/env bash
# bench/run.sh: Barnplan's benchmark. Builds a release binary, makes (once) a database of 100,000 demo
# children, serves it with 2 workers, logs in as `anna`, loads one case page with wrk over loopback and,
# in the same run, nginx (2 workers, sendfile, keep-alive, no access log) serving the same bytes as a
# static file. Then counts instructions per request under callgrind (the stable figure; timings on a
# shared 2-core machine are noisy) and writes bench/RESULTS.md.
#
#   bench/run.sh [options]          (see --help; about 3 minutes with the defaults)
#
# Work files live in bench/out/ (git-ignored): build/ (the binary), db/ (the pristine demo database,
# reused while the schema and the demo generator are unchanged), run/ (logs, wrk output, the saved page,
# the nginx config, callgrind files of the latest run). Every server it starts is stopped on exit.
# Must not: touch the system nginx or any server it did not start; send traffic anywhere but 127.0.0.1.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH=$ROOT/bench
OUT=${BENCH_OUT:-$BENCH/out}
RUN=$OUT/run

CHILDREN=100000
FORCE_DB=0
DURATION=15
WARMUP=3
THREADS=2
CONNS=64
C1_DURATION=5
CG_REQUESTS=1000
CG_CONC_DURATION=10
CG_PAGE_REQUESTS=20 # each of the other busy pages under callgrind (my tasks is the dearest)
SCALE_CHILDREN=1000000 # the case page again on a database of this many children (issue 12 item 5); 0: not
DO_CALLGRIND=1
DO_STRACE=1
DO_C1=1
DO_W1=1
USE_PRESET=0
PG_MODE=auto            # auto: PostgreSQL too when BARNPLAN_BENCH_PG_URL is set
RESULTS=$BENCH/RESULTS.md
PORT_BASE=${BENCH_PORT_BASE:-18480}
USER_NAME=anna
PASSWORD=Barnplan-demo-1
PG_URL=${BARNPLAN_BENCH_PG_URL:-}
PG_THROWAWAY_DIR=/tmp/barnplan-bench-pg

usage() {
    cat <<EOF
usage: bench/run.sh [options]
  --children N          demo children in the database (default $CHILDREN)
  --force-db            make the demo database again even when a matching one exists
  --duration S          seconds of each measured wrk run (default $DURATION)
  --warmup S            seconds of the warm-up before each (default $WARMUP)
  --threads T           wrk threads (default $THREADS)
  --connections C       wrk connections (default $CONNS)
  --callgrind-requests N  sequential requests counted under callgrind (default $CG_REQUESTS)
  --callgrind-page-requests N  sequential requests of each other busy page under callgrind (default $CG_PAGE_REQUESTS)
  --scale-children N    also load the case page from a database of N demo children, beside the first
                        (default $SCALE_CHILDREN; 0: not; made once and kept in bench/out/db, 1.9 GiB at 1,000,000)
  --no-callgrind        skip the callgrind measurement
  --no-strace           skip the system-call count (needs strace)
  --no-c1               skip the one-connection latency runs
  --no-one-worker       skip the run of Barnplan with one worker
  --pg                  also benchmark PostgreSQL: BARNPLAN_BENCH_PG_URL if set (an empty database, or
                        one already filled by this script), else a throwaway cluster from
                        scripts/pg-test.sh in $PG_THROWAWAY_DIR (stopped on exit)
  --no-pg               never PostgreSQL, even with BARNPLAN_BENCH_PG_URL set
  --use-preset          build with the project's release preset (build/release) instead of
                        bench/out/build (same flags, but warnings stay errors)
  --quick               a short trial (3 s runs, 200 callgrind requests); writes bench/out/run/RESULTS.md
  --results FILE        where to write the results (default bench/RESULTS.md)
Environment: BARNPLAN_BENCH_PG_URL, BENCH_PORT_BASE (default 18480; uses 4 ports from there),
BENCH_CASE_ID (a case id to load instead of anna's newest), BENCH_OUT (work folder).
EOF
}

ARGS_GIVEN="$*"
while [ $# -gt 0 ]; do
    case "$1" in
    --children) CHILDREN=$2; shift ;;
    --force-db) FORCE_DB=1 ;;
    --duration) DURATION=$2; shift ;;
    --warmup) WARMUP=$2; shift ;;
    --threads) THREADS=$2; shift ;;
    --connections) CONNS=$2; shift ;;
    --callgrind-requests) CG_REQUESTS=$2; shift ;;
    --callgrind-page-requests) CG_PAGE_REQUESTS=$2; shift ;;
    --scale-children) SCALE_CHILDREN=$2; shift ;;
    --no-callgrind) DO_CALLGRIND=0 ;;
    --no-strace) DO_STRACE=0 ;;
    --no-c1) DO_C1=0 ;;
    --no-one-worker) DO_W1=0 ;;
    --pg) PG_MODE=on ;;
    --no-pg) PG_MODE=off ;;
    --use-preset) USE_PRESET=1 ;;
    --quick) DURATION=3; WARMUP=1; C1_DURATION=2; CG_REQUESTS=200; CG_CONC_DURATION=3; CG_PAGE_REQUESTS=5; SCALE_CHILDREN=0; RESULTS=$RUN/RESULTS.md ;;
    --results) RESULTS=$2; shift ;;
    -h | --help) usage; exit 0 ;;
    *) echo "bench/run.sh: unknown option $1" >&2; usage >&2; exit 2 ;;
    esac
    shift
done
for v in CHILDREN DURATION WARMUP THREADS CONNS CG_REQUESTS; do
    [[ ${!v} =~ ^[0-9]+$ ]] && [ "${!v}" -gt 0 ] || { echo "bench/run.sh: $v must be a positive number" >&2; exit 2; }
done
if [ "$PG_MODE" = auto ]; then
    if [ -n "$PG_URL" ]; then PG_MODE=on; else PG_MODE=off; fi
fi

# Barnplan reads BARNPLAN_* from the environment and they win over the config file: run.sh's own
# config files are the only configuration.
unset BARNPLAN_DATABASE BARNPLAN_LISTEN BARNPLAN_WORKERS BARNPLAN_DATADIR BARNPLAN_LOCALEDIR \
    BARNPLAN_MODEL BARNPLAN_SECURE_COOKIES BARNPLAN_ACCESS_LOG

PORT_BP=$PORT_BASE
PORT_NGINX=$((PORT_BASE + 1))
PORT_CG=$((PORT_BASE + 2))
PORT_PG=$((PORT_BASE + 3))
PORT_W1=$((PORT_BASE + 4))
QUIET_BUDGET=${BENCH_QUIET_WAIT:-120}
RETRIES=${BENCH_RETRIES:-3}
T_START=$(date +%s)
CLK_TCK=$(getconf CLK_TCK)

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() {
    printf '[bench %s] FAILED: %s\n' "$(date +%H:%M:%S)" "$*" >&2
    exit 1
}

# ---- processes this script started; stopped on exit ----

STARTED=()
PG_STARTED=0

# stop_pid PID [SECONDS]: SIGTERM, wait, then SIGKILL for the process and its children.
stop_pid() {
    local pid=$1 limit=${2:-20} i kids
    kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null || true; return 0; }
    kids=$(pgrep -P "$pid" || true)
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < limit * 10; i++)); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
        log "process $pid did not stop after ${limit}s: SIGKILL"
        kill -KILL "$pid" $kids 2>/dev/null || true
    fi
    wait "$pid" 2>/dev/null || true
}

forget_pid() {
    local p keep=()
    for p in "${STARTED[@]}"; do [ "$p" = "$1" ] || keep+=("$p"); done
    STARTED=("${keep[@]+"${keep[@]}"}")
}

cleanup() {
    local rc=$? p
    set +e
    trap - EXIT INT TERM
    for p in "${STARTED[@]+"${STARTED[@]}"}"; do stop_pid "$p" 10; done
    if [ "$PG_STARTED" = 1 ]; then
        BARNPLAN_PG_TEST_DIR=$PG_THROWAWAY_DIR "$ROOT/scripts/pg-test.sh" stop >/dev/null 2>&1
    fi
    [ "$rc" = 0 ] || log "exit status $rc; logs in $RUN"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# wait_http URL SECONDS [PID]: until URL answers 200 (and PID is alive).
wait_http() {
    local url=$1 limit=$2 pid=${3:-} i
    for ((i = 0; i < limit * 10; i++)); do
        if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then return 1; fi
        [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$url" || true)" = 200 ] && return 0
        sleep 0.1
    done
    return 1
}

children_of() { pgrep -P "$1" | sort -n || true; }
# the master and its direct children (the workers)
proc_tree() { echo "$1"; children_of "$1"; }

# sum_status FIELD PIDS...: sum of a kB field of /proc/PID/status (VmRSS) or smaps_rollup (Pss).
sum_rss() {
    local p s=0 v
    for p in "$@"; do
        v=$(awk '/^VmRSS:/ {print $2}' "/proc/$p/status" 2>/dev/null || true)
        s=$((s + ${v:-0}))
    done
    echo "$s"
}
# max_anon PIDS...: the largest Anonymous (kB; smaps_rollup) of the processes: a process's own heap and
# stacks, not the database file's pages it maps or caches
max_anon() {
    local p m=0 v
    for p in "$@"; do
        v=$(awk '/^Anonymous:/ {print $2}' "/proc/$p/smaps_rollup" 2>/dev/null || true)
        [ "${v:-0}" -le "$m" ] || m=$v
    done
    echo "$m"
}
sum_pss() {
    local p s=0 v
    for p in "$@"; do
        v=$(awk '/^Pss:/ {print $2}' "/proc/$p/smaps_rollup" 2>/dev/null || true)
        s=$((s + ${v:-0}))
    done
    echo "$s"
}
# cpu_ticks PID: user+system clock ticks (0 once gone)
cpu_ticks() {
    local s
    s=$(cat "/proc/$1/stat" 2>/dev/null || true)
    [ -n "$s" ] || { echo 0; return; }
    s=${s##*) }
    awk '{print $12 + $13}' <<<"$s"
}
sum_ticks() {
    local p s=0
    for p in "$@"; do s=$((s + $(cpu_ticks "$p"))); done
    echo "$s"
}
# times_ticks FILE: the CPU clock ticks in the output of bash's `times` (this shell and its waited-for
# children: wrk, awk, ss, ...). `times` must run in the main shell (`times >FILE`), not in $(...).
times_ticks() {
    awk -v hz="$CLK_TCK" '{ for (i = 1; i <= NF; i++) { v = $i; m = v; sub(/m.*/, "", m); sub(/^[0-9]+m/, "", v); sub(/s$/, "", v); t += m * 60 + v } }
        END { printf "%.0f", t * hz }' "$1"
}
# machine-wide busy and total jiffies from /proc/stat
cpu_busy_total() { awk '/^cpu / {b = $2 + $3 + $4 + $7 + $8 + $9; print b, b + $5 + $6}' /proc/stat; }

# to_ms VALUE: wrk's 812.00us / 6.83ms / 1.02s / 2.00m -> milliseconds
to_ms() {
    awk -v v="$1" 'BEGIN {
        n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
        if (u == "us") n /= 1000; else if (u == "s") n *= 1000; else if (u == "m") n *= 60000; else if (u != "ms") n = -1
        printf "%.3f", n }'
}
# to_bytes VALUE: wrk's 307.04MB -> bytes (wrk uses powers of 1024)
to_bytes() {
    awk -v v="$1" 'BEGIN {
        n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
        m["B"] = 1; m["KB"] = 1024; m["MB"] = 1048576; m["GB"] = 1073741824; m["TB"] = 1099511627776
        printf "%.0f", (u in m) ? n * m[u] : -1 }'
}
fmt_ms() { awk -v v="$1" 'BEGIN { if (v < 1) printf "%.3f ms", v; else if (v < 10) printf "%.2f ms", v; else printf "%.1f ms", v }'; }
fmt_int() { LC_ALL=C awk -v v="$1" 'BEGIN { s = sprintf("%.0f", v); o = ""; while (length(s) > 3) { o = "," substr(s, length(s) - 2) o; s = substr(s, 1, length(s) - 3) } print s o }'; }
fmt_mib() { awk -v v="$1" 'BEGIN { printf "%.1f MiB", v / 1024 }'; }

# other_load: percent of one core that other processes used over one second (call it while our servers idle)
other_load() {
    local b0 t0 b1 t1
    read -r b0 t0 <<<"$(cpu_busy_total)"
    sleep 1
    read -r b1 t1 <<<"$(cpu_busy_total)"
    awk -v b="$((b1 - b0))" -v t="$((t1 - t0))" -v n="$(nproc)" 'BEGIN {printf "%.0f", t ? 100 * n * b / t : 0}'
}
# wait_quiet NAME: waits (from a budget of BENCH_QUIET_WAIT seconds for the whole run) while other
# processes keep more than 30 % of a core busy; records the load seen last.
wait_quiet() {
    local l waited=0
    while :; do
        l=$(other_load)
        [ "$l" -gt 30 ] && [ "$QUIET_BUDGET" -gt 0 ] || break
        [ "$waited" -gt 0 ] || log "other processes use $l% of a core: waiting for a quieter moment (budget ${QUIET_BUDGET}s)"
        sleep 2
        waited=$((waited + 3))
        QUIET_BUDGET=$((QUIET_BUDGET - 3))
    done
    [ "$waited" = 0 ] || log "waited ${waited}s; other processes now use $l% of a core"
    R_QUIET[$1]="$l% before"
}

# ---- tools ----

need_tools() {
    local t missing=""
    for t in cmake ninja gcc wrk nginx valgrind callgrind_annotate callgrind_control curl sqlite3 msgfmt ss pgrep; do
        command -v "$t" >/dev/null 2>&1 || missing="$missing $t"
    done
    if [ -n "$missing" ]; then
        log "missing:$missing; running scripts/install-deps.sh"
        "$ROOT/scripts/install-deps.sh"
        for t in $missing; do command -v "$t" >/dev/null 2>&1 || die "$t is still missing"; done
    fi
    if [ "$PG_MODE" = on ] && ! command -v psql >/dev/null 2>&1; then die "--pg needs psql (postgresql-client-15)"; fi
    if [ "$DO_STRACE" = 1 ] && ! command -v strace >/dev/null 2>&1; then
        log "strace is not installed: no system-call count (apt-get install strace for it)"
        DO_STRACE=0
    fi
}

# ---- build ----

build() {
    local logf=$RUN/build.log t0
    t0=$(date +%s)
    if [ "$USE_PRESET" = 1 ]; then
        BUILD_DIR=$ROOT/build/release
        BUILD_CMD="cmake --preset release && cmake --build --preset release --target barnplan translations"
        log "building with the release preset ($BUILD_DIR)"
        (cd "$ROOT" && cmake --preset release && cmake --build --preset release --target barnplan translations) >"$logf" 2>&1 ||
            { tail -n 30 "$logf" >&2; die "the release build failed (log: $logf)"; }
    else
        BUILD_DIR=$OUT/build
        BUILD_CMD="cmake -S . -B bench/out/build -G Ninja -DCMAKE_BUILD_TYPE=Release -DBP_HARDEN=ON -DBP_WERROR=OFF && cmake --build bench/out/build --target barnplan translations"
        log "building a release binary in $BUILD_DIR"
        {
            cmake -S "$ROOT" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release -DBP_HARDEN=ON -DBP_WERROR=OFF &&
                cmake --build "$BUILD_DIR" --target barnplan translations
        } >"$logf" 2>&1 || { tail -n 30 "$logf" >&2; die "the build failed (log: $logf)"; }
    fi
    BIN=$BUILD_DIR/src/cli/barnplan
    LOCALEDIR=$BUILD_DIR/locale
    [ -x "$BIN" ] || die "no binary at $BIN"
    BUILD_SECONDS=$(($(date +%s) - t0))
    BUILD_WARNINGS=$(grep -c 'warning:' "$logf" || true)
}

# ---- the SQLite database ----

db_key() {
    {
        echo "children=$CHILDREN"
        echo "reminders decided once"
        cat "$ROOT"/migrations/sqlite/*.sql "$ROOT/src/app/demo.c"
    } | sha256sum | cut -c1-16
}

make_conf() { # FILE DATABASE_URL
    cat >"$1" <<EOF
# written by bench/run.sh
database = $2
localedir = $LOCALEDIR
# empty: no access log (BARNPLAN_ACCESS_LOG= in the environment does not turn it off, see RESULTS.md)
access_log =
EOF
}

# settle CONF LOG: decides once the reminders a fresh demo database has due (about 50,000 at 100,000 children,
# each in a transaction of its own: 1-2 minutes), as a running installation has them decided already. Without it
# the scheduler's first run, at the server's start, takes the write lock for each and competes with the
# measurements (issue 12 item 2; bench/README.md).
# On PostgreSQL (a throwaway cluster made anew each run) the commits skip the wait for the disk
# (PGOPTIONS synchronous_commit=off: this load only, never the server's): 4-5 minutes become about one.
settle() {
    log "deciding the reminders due once: barnplan remind"
    PGOPTIONS='-c synchronous_commit=off' "$BIN" --config "$1" remind >"$2" 2>&1 ||
        { cat "$2" >&2; die "barnplan remind failed"; }
}

# prepare_sqlite_db [NAME]: the run's copy of the pristine database of $CHILDREN children, $RUN/NAME.db
# (default barnplan) with its NAME.conf; sets RUN_DB, DB_URL, DB_BYTES, DB_CREATED, DB_SECONDS
prepare_sqlite_db() {
    local dir=$OUT/db key tmp t0 conf name=${1:-barnplan}
    mkdir -p "$dir"
    PRISTINE=$dir/demo-$CHILDREN.db
    key=$(db_key)
    if [ "$FORCE_DB" = 0 ] && [ -s "$PRISTINE" ] && [ -f "$PRISTINE.info" ] && grep -qx "key=$key" "$PRISTINE.info"; then
        DB_CREATED="reused (made $(sed -n 's/^made=//p' "$PRISTINE.info") in $(sed -n 's/^seconds=//p' "$PRISTINE.info") s)"
        DB_SECONDS=$(sed -n 's/^seconds=//p' "$PRISTINE.info")
        log "reusing $PRISTINE: $DB_CREATED"
    else
        tmp=$dir/demo-$CHILDREN.tmp.db
        rm -f "$tmp" "$tmp-wal" "$tmp-shm" "$PRISTINE" "$PRISTINE-wal" "$PRISTINE-shm" "$PRISTINE.info"
        conf=$RUN/demo.conf
        make_conf "$conf" "sqlite:$tmp"
        log "making the demo database ($CHILDREN children): barnplan demo --children $CHILDREN --quiet"
        t0=$(date +%s.%N)
        "$BIN" --config "$conf" demo --children "$CHILDREN" --quiet >"$RUN/demo.log" 2>&1 ||
            { cat "$RUN/demo.log" >&2; die "barnplan demo failed"; }
        DB_SECONDS=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN {printf "%.1f", b - a}')
        settle "$conf" "$RUN/remind.log"
        sqlite3 "$tmp" 'PRAGMA wal_checkpoint(TRUNCATE);' >/dev/null
        [ ! -s "$tmp-wal" ] || die "the demo database still has a write-ahead log after a checkpoint"
        rm -f "$tmp-wal" "$tmp-shm"
        mv "$tmp" "$PRISTINE"
        printf 'key=%s\nmade=%s\nseconds=%s\n' "$key" "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$DB_SECONDS" >"$PRISTINE.info"
        DB_CREATED="made in this run in $DB_SECONDS s"
        log "made the database in $DB_SECONDS s"
    fi
    RUN_DB=$RUN/$name.db
    rm -f "$RUN_DB-wal" "$RUN_DB-shm"
    cp "$PRISTINE" "$RUN_DB"
    DB_URL=sqlite:$RUN_DB
    make_conf "$RUN/$name.conf" "$DB_URL"
    "$BIN" --config "$RUN/$name.conf" check >"$RUN/check.txt" 2>&1 || { cat "$RUN/check.txt" >&2; die "barnplan check failed"; }
    DB_BYTES=$(stat -c %s "$RUN_DB")
}

# count_rows URL TABLE
count_rows() {
    case "$1" in
    sqlite:*) sqlite3 -cmd '.timeout 10000' "${1#sqlite:}" "SELECT COUNT(*) FROM $2;" ;;
    *) psql "$1" -XAtqc "SELECT COUNT(*) FROM $2;" ;;
    esac
}

# ---- servers ----

# start_barnplan NAME CONF PORT WORKERS [WRAPPER...]: sets BP_PID
start_barnplan() {
    local name=$1 conf=$2 port=$3 workers=$4
    shift 4
    port_free "$port" || die "port $port is in use (set BENCH_PORT_BASE)"
    "$@" "$BIN" --config "$conf" serve --listen "127.0.0.1:$port" --workers "$workers" >"$RUN/$name.log" 2>&1 &
    BP_PID=$!
    STARTED+=("$BP_PID")
    wait_http "http://127.0.0.1:$port/healthz" 120 "$BP_PID" || { cat "$RUN/$name.log" >&2; die "$name did not start"; }
}

stop_server() {
    stop_pid "$1" 30
    forget_pid "$1"
}

# login BASE JAR: prints the session token
login() {
    local base=$1 jar=$2 page csrf code tok
    rm -f "$jar"
    page=$(curl -sS -c "$jar" -b "$jar" "$base/login")
    csrf=$(sed -n 's/.*name="login_csrf" value="\([^"]*\)".*/\1/p' <<<"$page" | awk 'NR == 1')
    [ -n "$csrf" ] || die "GET /login has no login_csrf field"
    code=$(curl -sS -c "$jar" -b "$jar" -o "$RUN/login-post.html" -w '%{http_code}' \
        --data-urlencode "login_csrf=$csrf" --data-urlencode "username=$USER_NAME" \
        --data-urlencode "password=$PASSWORD" --data-urlencode "next=/cases" "$base/login")
    [ "$code" = 303 ] || die "POST /login answered $code, not 303 (is $USER_NAME/$PASSWORD right?)"
    tok=$(awk '$6 == "bp_session" {print $7}' "$jar")
    [ -n "$tok" ] || die "POST /login set no bp_session cookie"
    echo "$tok"
}

# first_case BASE TOKEN: the id of the first case the user sees (the newest), or nothing
first_case() {
    curl -sS -H "Cookie: bp_session=$2" "$1/api/v1/cases" | { grep -o '"id":[0-9]*' || true; } | awk -F: 'NR == 1 {print $2}'
}

# fetch_page URL TOKEN FILE: saves the page; prints its status, header bytes and body bytes
fetch_page() {
    curl -sS -H "Cookie: bp_session=$2" -o "$3" -w '%{http_code} %{size_header} %{size_download}\n' "$1"
}

# open_case WHAT BASE NAME: logs in, takes the newest case the user sees and saves its page as
# $RUN/case-NAME.html; sets OC_TOKEN, OC_CASE, OC_HBYTES, OC_BBYTES. WHAT names the server in errors.
open_case() {
    local code
    OC_TOKEN=$(login "$2" "$RUN/cookies-$3.txt")
    OC_CASE=$(first_case "$2" "$OC_TOKEN")
    [[ $OC_CASE =~ ^[0-9]+$ ]] || die "$1: no case visible to $USER_NAME"
    read -r code OC_HBYTES OC_BBYTES < <(fetch_page "$2/cases/$OC_CASE" "$OC_TOKEN" "$RUN/case-$3.html")
    [ "$code" = 200 ] || die "$1: GET /cases/$OC_CASE answered $code"
}

# ---- wrk ----

declare -A R_RPS R_P50 R_P99 R_P50MS R_P99MS R_RSS R_PSS R_ANON R_NPROC R_REQS R_SECS R_BPR R_EXPECT R_CPU R_LOAD \
    R_SOCK R_CONNS R_WCPU R_OTHER R_CMD R_C R_AUDIT R_QUIET R_TRIES R_DB R_LABEL R_BUSY R_DBCPU
ROWS=()

check_wrk_output() { # FILE
    local f=$1 n
    grep -q '^Requests/sec:' "$f" || { cat "$f" >&2; die "wrk printed no Requests/sec ($f)"; }
    n=$(awk -F': *' '/Non-2xx or 3xx responses/ {print $2}' "$f")
    if [ -n "$n" ] && [ "$n" != 0 ]; then
        cat "$f" >&2
        die "wrk saw $n responses that were not 2xx/3xx ($f): a benchmark of error pages is worthless"
    fi
}

# bench NAME LABEL URL MASTER_PID EXPECTED_BYTES THREADS CONNS DURATION AUDIT_URL [wrk args...]
# One measured wrk run after a warm-up. When other processes took more than BENCH_DISTURBED (default
# 0.3) of a core on average during the run, it is run again, BENCH_RETRIES times at most in all.
bench() {
    local name=$1 label=$2 url=$3 master=$4 expect=$5 t=$6 c=$7 d=$8 audit_url=$9
    shift 9
    local -a extra=("$@") pids
    local f=$RUN/wrk-$name.txt wpid rss pss maxrss nproc cpu0 cpu1 sys0 sys1 tot0 tot1 maxpss
    local conns reqs bytes secs bpr a0=0 a1=0 p w port t0 sampled others try=1
    local best_try best_others best_other_text best_load best_busy v dbpids=() dbt0 dbt=0 dbrss=0 dbpss=0 r
    local maxanon best_maxanon best_maxrss best_maxpss best_nproc best_cpu0 best_cpu1 best_w best_conns best_a0 best_a1 best_dbt best_dbrss best_dbpss
    local -A wcpu0=()
    port=${url#http://127.0.0.1:}
    port=${port%%/*}
    R_CMD[$name]="wrk -t$t -c$c -d${d}s --latency"
    for p in "${extra[@]+"${extra[@]}"}"; do
        case "$p" in -*) R_CMD[$name]+=" $p" ;; *) R_CMD[$name]+=" '${p//bp_session=*/bp_session=...}'" ;; esac
    done
    R_CMD[$name]+=" $url"
    R_LABEL[$name]=$label

    while :; do
        wait_quiet "$name"
        log "$label: warm-up wrk -t$t -c$c -d${WARMUP}s"
        wrk -t"$t" -c"$c" -d"${WARMUP}s" "${extra[@]+"${extra[@]}"}" "$url" >"$RUN/wrk-$name-warmup.txt" 2>&1 ||
            { cat "$RUN/wrk-$name-warmup.txt" >&2; die "wrk failed"; }
        check_wrk_output "$RUN/wrk-$name-warmup.txt"

        read -r -a pids <<<"$(proc_tree "$master" | tr '\n' ' ')"
        nproc=${#pids[@]}
        for p in "${pids[@]}"; do wcpu0[$p]=$(cpu_ticks "$p"); done
        [ -z "$audit_url" ] || a0=$(count_rows "$audit_url" audit)
        R_LOAD[$name]=$(cut -d' ' -f1-3 /proc/loadavg)
        log "$label: ${R_CMD[$name]}"
        maxrss=0 maxpss=0 maxanon=0 sampled=0 conns="" dbrss=0 dbpss=0 dbt=0 dbpids=()
        if [ -n "${DB_ROOT_PID:-}" ]; then read -r -a dbpids <<<"$(proc_tree "$DB_ROOT_PID" | tr '\n' ' ')"; fi
        read -r sys0 tot0 <<<"$(cpu_busy_total)"
        times >"$RUN/.times0"
        cpu0=$(sum_ticks "${pids[@]}")
        dbt0=$(sum_ticks "${dbpids[@]+"${dbpids[@]}"}")
        t0=$SECONDS
        wrk -t"$t" -c"$c" -d"${d}s" --latency "${extra[@]+"${extra[@]}"}" "$url" >"$f" 2>&1 &
        wpid=$!
        STARTED+=("$wpid")
        while kill -0 "$wpid" 2>/dev/null; do
            rss=$(sum_rss "${pids[@]}")
            pss=$(sum_pss "${pids[@]}")
            [ "$rss" -le "$maxrss" ] || maxrss=$rss
            [ "$pss" -le "$maxpss" ] || maxpss=$pss
            r=$(max_anon "${pids[@]:1}")
            [ "$r" -le "$maxanon" ] || maxanon=$r
            if [ ${#dbpids[@]} -gt 0 ]; then
                r=$(sum_rss $(proc_tree "$DB_ROOT_PID"))
                [ "$r" -le "$dbrss" ] || dbrss=$r
                r=$(sum_pss $(proc_tree "$DB_ROOT_PID"))
                [ "$r" -le "$dbpss" ] || dbpss=$r
            fi
            # the connections each worker holds, once in the middle of the run
            if [ "$sampled" = 0 ] && [ $((SECONDS - t0)) -ge $((d / 2)) ]; then
                sampled=1
                ss -Htnp state established "( sport = :$port )" >"$RUN/ss-$name.txt" 2>&1 || true
                for p in "${pids[@]:1}"; do
                    conns="$conns${conns:+ / }$(grep -c "pid=$p," "$RUN/ss-$name.txt" || true)"
                done
            fi
            sleep 0.5
        done
        wait "$wpid" || { cat "$f" >&2; die "wrk failed"; }
        forget_pid "$wpid"
        cpu1=$(sum_ticks "${pids[@]}")
        [ ${#dbpids[@]} -eq 0 ] || dbt=$(($(sum_ticks $(proc_tree "$DB_ROOT_PID")) - dbt0))
        times >"$RUN/.times1"
        read -r sys1 tot1 <<<"$(cpu_busy_total)"
        w=""
        for p in "${pids[@]:1}"; do
            w="$w${w:+ / }$(awk -v t="$(($(cpu_ticks "$p") - ${wcpu0[$p]}))" -v hz="$CLK_TCK" 'BEGIN {printf "%.1f", t / hz}')"
        done
        [ -z "$audit_url" ] || { sleep 0.5; a1=$(count_rows "$audit_url" audit); }
        check_wrk_output "$f"
        # cores that processes other than the server and wrk kept busy, on average
        others=$(awk -v busy="$((sys1 - sys0))" -v tot="$((tot1 - tot0))" -v srv="$((cpu1 - cpu0 + dbt))" -v w="$(($(times_ticks "$RUN/.times1") - $(times_ticks "$RUN/.times0")))" \
            -v n="$(nproc)" 'BEGIN {o = busy - srv - w; if (o < 0) o = 0; printf "%.2f", tot ? n * o / tot : 0}')
        R_OTHER[$name]=$(awk -v busy="$((sys1 - sys0))" -v tot="$((tot1 - tot0))" -v o="$others" -v n="$(nproc)" -v q="${R_QUIET[$name]}" \
            'BEGIN {printf "%.0f%% busy; others used %.2f cores (%s)", 100 * busy / tot, o, q}')
        R_BUSY[$name]=$(awk -v busy="$((sys1 - sys0))" -v tot="$((tot1 - tot0))" 'BEGIN {printf "%.0f", 100 * busy / tot}')
        cp "$f" "$RUN/wrk-$name-attempt-$try.txt"
        # keep the attempt that other processes disturbed least
        if [ "$try" = 1 ] || awk -v o="$others" -v b="$best_others" 'BEGIN {exit !(o < b)}'; then
            best_try=$try best_others=$others
            for v in maxrss maxpss maxanon nproc cpu0 cpu1 w conns a0 a1 dbt dbrss dbpss; do eval "best_$v=\$$v"; done
            best_other_text=${R_OTHER[$name]} best_load=${R_LOAD[$name]} best_busy=${R_BUSY[$name]}
        fi
        if awk -v o="$others" -v lim="${BENCH_DISTURBED:-0.3}" 'BEGIN {exit !(o > lim)}' && [ "$RETRIES" -gt 0 ] && [ "$try" -lt 3 ]; then
            RETRIES=$((RETRIES - 1))
            log "$label: other processes used $others cores during the run: running it again ($RETRIES more repeats in this run)"
            try=$((try + 1))
            continue
        fi
        break
    done
    for v in maxrss maxpss maxanon nproc cpu0 cpu1 w conns a0 a1 dbt dbrss dbpss; do eval "$v=\$best_$v"; done
    R_OTHER[$name]=$best_other_text
    R_LOAD[$name]=$best_load
    R_BUSY[$name]=$best_busy
    f=$RUN/wrk-$name-attempt-$best_try.txt
    cp "$f" "$RUN/wrk-$name.txt"
    [ "$try" = 1 ] || log "$label: keeping attempt $best_try of $try (others used $best_others cores)"
    try="$best_try of $try"

    reqs=$(awk '/ requests in / {print $1}' "$f")
    secs=$(awk '/ requests in / {s = $4; sub(/s,$/, "", s); print s}' "$f")
    bytes=$(to_bytes "$(awk '/ requests in / {print $5}' "$f")")
    R_RPS[$name]=$(awk '/^Requests\/sec:/ {print $2}' "$f")
    R_P50[$name]=$(awk '$1 == "50%" {print $2}' "$f")
    R_P99[$name]=$(awk '$1 == "99%" {print $2}' "$f")
    R_P50MS[$name]=$(to_ms "${R_P50[$name]}")
    R_P99MS[$name]=$(to_ms "${R_P99[$name]}")
    [ -n "${R_RPS[$name]}" ] && [ -n "${R_P50[$name]}" ] && [ -n "${R_P99[$name]}" ] && [ -n "$reqs" ] ||
        { cat "$f" >&2; die "cannot read wrk's output ($f)"; }
    [ "$reqs" -gt 0 ] || die "wrk completed no requests"
    R_REQS[$name]=$reqs
    R_SECS[$name]=$secs
    R_C[$name]=$c
    R_TRIES[$name]=$try
    bpr=$(awk -v b="$bytes" -v n="$reqs" 'BEGIN {printf "%.0f", b / n}')
    R_BPR[$name]=$bpr
    R_EXPECT[$name]=$expect
    # 3xx counts as success for wrk: a lost session would be a fast 303 to /login. The bytes read per
    # response tell the real page from anything else.
    awk -v a="$bpr" -v e="$expect" 'BEGIN {exit !(a > e * 0.97 && a < e * 1.03)}' ||
        die "$label: $bpr bytes per response, the page is $expect: wrong responses (see $f)"
    R_SOCK[$name]=$(awk '/Socket errors/ {sub(/^ *Socket errors: */, ""); print}' "$f")
    if [ -n "${R_SOCK[$name]}" ]; then log "$label: socket errors: ${R_SOCK[$name]}"; fi
    R_RSS[$name]=$maxrss
    R_PSS[$name]=$maxpss
    R_ANON[$name]=$maxanon
    R_NPROC[$name]=$nproc
    R_CPU[$name]=$(awk -v t="$((cpu1 - cpu0 + dbt))" -v hz="$CLK_TCK" -v n="$reqs" 'BEGIN {printf "%.1f", t / hz / n * 1e6}')
    R_WCPU[$name]=$w
    R_DB[$name]=""
    if [ ${#dbpids[@]} -gt 0 ]; then
        R_WCPU[$name]+="; PostgreSQL $(awk -v t="$dbt" -v hz="$CLK_TCK" 'BEGIN {printf "%.1f", t / hz}')"
        R_DBCPU[$name]=$(awk -v t="$dbt" -v hz="$CLK_TCK" -v n="$reqs" 'BEGIN {printf "%.1f", t / hz / n * 1e6}')
        R_DB[$name]="; PostgreSQL's processes: RSS $(fmt_mib "$dbrss"), PSS $(fmt_mib "$dbpss")"
    fi
    R_CONNS[$name]=$conns
    R_AUDIT[$name]=$((a1 - a0))
    ROWS+=("$name")
    log "$label: ${R_RPS[$name]} req/s, p50 ${R_P50[$name]}, p99 ${R_P99[$name]}, RSS $(fmt_mib "$maxrss"), ${R_CPU[$name]} µs CPU/request"
}

# ---- system calls per request (strace -c on the workers, a separate short run) ----

strace_run() { # MASTER URL COOKIE_HEADER
    local master=$1 url=$2 hdr=$3 spid a0 a1 args=() p
    for p in $(children_of "$master"); do args+=(-p "$p"); done
    a0=$(count_rows "$DB_URL" audit)
    strace -c -f -o "$RUN/strace-barnplan.txt" "${args[@]}" 2>"$RUN/strace.log" &
    spid=$!
    STARTED+=("$spid")
    sleep 1
    log "system calls: strace -c -f on the workers during wrk -t$THREADS -c$CONNS -d4s"
    wrk -t"$THREADS" -c"$CONNS" -d4s -H "$hdr" "$url" >"$RUN/wrk-strace.txt" 2>&1 || die "wrk failed"
    check_wrk_output "$RUN/wrk-strace.txt"
    sleep 0.5
    kill -INT "$spid" 2>/dev/null || true
    wait "$spid" 2>/dev/null || true
    forget_pid "$spid"
    a1=$(count_rows "$DB_URL" audit)
    STRACE_REQS=$((a1 - a0))
    [ -s "$RUN/strace-barnplan.txt" ] || { log "strace wrote nothing (see $RUN/strace.log)"; DO_STRACE=0; return; }
    # "% time  seconds  usecs/call  calls  [errors]  syscall"
    STRACE_TABLE=$(awk -v n="$STRACE_REQS" '$1 ~ /^[0-9.]+$/ && $NF != "total" {
            e = (NF == 6) ? $5 : 0
            printf "| %s | %.2f | %.3f | %s |\n", $NF, $4 / n, e / n, $1 "%" }' "$RUN/strace-barnplan.txt" | sort -t'|' -k3 -rn)
    STRACE_TOTAL=$(awk -v n="$STRACE_REQS" '$1 ~ /^[0-9.]+$/ && $NF != "total" {c += $4} END {printf "%.1f", c / n}' "$RUN/strace-barnplan.txt")
    log "system calls: $STRACE_TOTAL per request over $STRACE_REQS requests"
}

# ---- callgrind ----

cg_file() { # DIR PID TRIGGER
    grep -l "^desc: Trigger: dump $3\$" "$1"/cg."$2".* 2>/dev/null | awk 'NR == 1'
}
cg_summary() { awk '/^summary:/ {print $2; exit}' "$1"; }

# exclusive cost per object, from callgrind_annotate's full list (frames that were on the stack when the
# counters were zeroed show as 100% and are left out)
# Who called FUNCTION during the sequential requests, and how often per request: "caller N.NN" lines
# (callgrind's caller tree). It shows where the case page commits: only flush_batch's group commit.
cg_callers() { # FILE N FUNCTION
    callgrind_annotate --tree=caller --inclusive=yes --threshold=100 --auto=no "$1" 2>/dev/null |
        awk -v n="$2" -v fn="$3" '
            /^ *[0-9,]+ .*  < / { caller = $0; sub(/.*< +[^:]*:/, "", caller); sub(/ .*/, "", caller)
                                 calls = $0; sub(/.*\(/, "", calls); sub(/x\).*/, "", calls); gsub(/,/, "", calls)
                                 pend[caller] = calls; next }
            /^ *[0-9,]+ .*\*  / { f = $0; sub(/.*\* +[^:]*:/, "", f); sub(/ .*/, "", f)
                                  if (f == fn) for (c in pend) printf "%s\t%.2f\n", c, pend[c] / n
                                  delete pend; next }
            /^$/ { delete pend }'
}

cg_objects() { # FILE N
    callgrind_annotate --threshold=100 --auto=no "$1" 2>/dev/null | awk -v n="$2" '
        /^ *[0-9,]+ \( *[0-9.]+%\)  / && !/PROGRAM TOTALS/ && $2 != "(100.0%)" {
            c = $1; gsub(",", "", c); o = $NF
            if (o !~ /^\[/) o = "[libc.so.6]"          # inlined glibc lines name a source file instead
            sub(/^\[.*\//, "", o); sub(/^\[/, "", o); sub(/\]$/, "", o); sub(/\.so.*/, "", o)
            s[o] += c; t += c }
        END { for (o in s) printf "%s\t%.0f\t%.1f\n", o, s[o] / n, 100 * s[o] / t }' | sort -t$'\t' -k2 -rn
}
cg_top_exclusive() { # FILE N COUNT
    local total
    total=$(cg_summary "$1")
    callgrind_annotate --threshold=100 --auto=no "$1" 2>/dev/null | awk -v n="$2" -v total="$total" '
        /^ *[0-9,]+ \( *[0-9.]+%\)  / && !/PROGRAM TOTALS/ && !/\(100\.0%\)/ {
            c = $1; gsub(",", "", c)
            f = $0; sub(/^ *[0-9,]+ \( *[0-9.]+%\)  /, "", f); o = f
            sub(/ \[.*$/, "", f); sub(/^.*:/, "", f); sub(/@@.*$/, "", f)
            if (o ~ /\[/) { sub(/^.*\[/, "", o); sub(/\]$/, "", o); sub(/^.*\//, "", o); sub(/\.so.*/, "", o) } else o = "libc"
            printf "%.0f\t%.1f%%\t%s\t%s\n", c / n, 100 * c / total, f, o }' | sort -t$'\t' -k1 -rn | awk -v k="$3" 'NR <= k'
}
cg_inclusive() { # FILE N FUNCTION...
    local file=$1 n=$2 total
    shift 2
    total=$(cg_summary "$file")
    callgrind_annotate --inclusive=yes --threshold=100 --auto=no "$file" 2>/dev/null | awk -v n="$n" -v total="$total" -v want="$*" '
        BEGIN { k = split(want, w, " "); for (i = 1; i <= k; i++) { ok[w[i]] = 1; ord[w[i]] = i } }
        /^ *[0-9,]+ \( *[0-9.]+%\)  / {
            c = $1; gsub(",", "", c)
            f = $0; sub(/^ *[0-9,]+ \( *[0-9.]+%\)  /, "", f); sub(/ \[.*$/, "", f); sub(/^.*:/, "", f)
            if ((f in ok) && !(f in seen)) { seen[f] = 1; printf "%d\t%.0f\t%.1f%%\t%s\n", ord[f], c / n, 100 * c / total, f } }' | sort -n | cut -f2-
}

callgrind_run() {
    local dir=$RUN/callgrind master worker a0 a1 a2 codes f_start f_seq f_conc i
    mkdir -p "$dir"
    log "callgrind: barnplan serve --workers 1 under valgrind --tool=callgrind (slow start)"
    CG_CMD="valgrind --tool=callgrind --trace-children=yes --callgrind-out-file=$dir/cg.%p barnplan --config barnplan.conf serve --listen 127.0.0.1:$PORT_CG --workers 1"
    start_barnplan callgrind-serve "$RUN/barnplan.conf" "$PORT_CG" 1 \
        valgrind --tool=callgrind --trace-children=yes "--callgrind-out-file=$dir/cg.%p"
    master=$BP_PID
    worker=$(children_of "$master" | awk 'NR == 1')
    [ -n "$worker" ] || die "callgrind: no worker process"
    callgrind_control --dump=startup "$worker" >/dev/null 2>&1
    # the request lists: curl keeps one connection and sends them one after another
    : >"$dir/warm.curl"
    for ((i = 0; i < 50; i++)); do printf 'url = "%s"\noutput = "/dev/null"\n' "$CASE_URL_CG" >>"$dir/warm.curl"; done
    : >"$dir/seq.curl"
    for ((i = 0; i < CG_REQUESTS; i++)); do printf 'url = "%s"\noutput = "/dev/null"\n' "$CASE_URL_CG" >>"$dir/seq.curl"; done
    codes=$({ curl -s -H "Cookie: bp_session=$TOKEN" -K "$dir/warm.curl" -w '%{http_code}\n' || true; } | sort | uniq -c | awk '{printf "%s×%s ", $1, $2}')
    [ "$codes" = "50×200 " ] || die "callgrind warm-up: responses $codes"
    callgrind_control --zero "$worker" >/dev/null 2>&1
    a0=$(count_rows "$DB_URL" audit)
    log "callgrind: $CG_REQUESTS sequential requests (curl, one connection)"
    codes=$({ curl -s -H "Cookie: bp_session=$TOKEN" -K "$dir/seq.curl" -w '%{http_code}\n' || true; } | sort | uniq -c | awk '{printf "%s×%s ", $1, $2}')
    [ "$codes" = "$CG_REQUESTS×200 " ] || die "callgrind run: responses $codes"
    callgrind_control --dump=sequential "$worker" >/dev/null 2>&1
    a1=$(count_rows "$DB_URL" audit)
    CG_SEQ_N=$((a1 - a0))
    [ "$CG_SEQ_N" = "$CG_REQUESTS" ] || log "callgrind: $CG_SEQ_N audit rows for $CG_REQUESTS requests"
    CG_SEQ_N=$CG_REQUESTS
    callgrind_control --zero "$worker" >/dev/null 2>&1
    log "callgrind: wrk -t1 -c16 -d${CG_CONC_DURATION}s (concurrent requests: audit entries committed in groups)"
    wrk -t1 -c16 -d"${CG_CONC_DURATION}s" -H "Cookie: bp_session=$TOKEN" "$CASE_URL_CG" >"$RUN/wrk-callgrind.txt" 2>&1 || die "wrk failed"
    check_wrk_output "$RUN/wrk-callgrind.txt"
    sleep 1
    callgrind_control --dump=concurrent "$worker" >/dev/null 2>&1
    a2=$(count_rows "$DB_URL" audit)
    CG_CONC_N=$((a2 - a1))
    # the other busy pages (issue 12 item 2), each alone: a few warm-ups, then CG_PAGE_REQUESTS one at a time
    for i in "${!CG_PAGE_NAMES[@]}"; do
        [ "$i" -gt 0 ] || continue # the case page: the sequential run above
        cg_page_requests "$dir" "$worker" "page$i" "http://127.0.0.1:$PORT_CG${CG_PAGE_PATHS[$i]}"
    done
    stop_server "$master"
    f_start=$(cg_file "$dir" "$worker" startup)
    f_seq=$(cg_file "$dir" "$worker" sequential)
    f_conc=$(cg_file "$dir" "$worker" concurrent)
    [ -n "$f_seq" ] && [ -n "$f_conc" ] || die "callgrind: dump files missing in $dir"
    CG_SEQ_FILE=$f_seq
    CG_SEQ_TOTAL=$(cg_summary "$f_seq")
    CG_CONC_TOTAL=$(cg_summary "$f_conc")
    CG_SEQ_PER=$((CG_SEQ_TOTAL / CG_SEQ_N))
    CG_CONC_PER=$((CG_CONC_TOTAL / (CG_CONC_N > 0 ? CG_CONC_N : 1)))
    CG_WORKER_START=$( [ -n "$f_start" ] && cg_summary "$f_start" || echo 0)
    CG_MASTER_TOTAL=$(awk '/^summary:/ {print $2; exit}' "$dir/cg.$master" 2>/dev/null || echo 0)
    log "callgrind: $(fmt_int "$CG_SEQ_PER") instructions/request sequential, $(fmt_int "$CG_CONC_PER") with 16 connections"
    CG_PAGE_IR=("$CG_SEQ_PER")
    for i in "${!CG_PAGE_NAMES[@]}"; do
        [ "$i" -gt 0 ] || continue
        f=$(cg_file "$dir" "$worker" "page$i")
        [ -n "$f" ] || die "callgrind: no dump for ${CG_PAGE_NAMES[$i]}"
        CG_PAGE_IR[$i]=$(($(cg_summary "$f") / CG_PAGE_REQUESTS))
    done
    cg_pages_compare
}

# The four busiest pages (issue 12 item 2): the case page, my cases, my tasks and the case's plan.
# CG_PAGE_PATHS is set once the case is known (CASE_PATH).
CG_PAGE_NAMES=("case page" "my cases" "my tasks" "the plan")
cg_page_requests() { # DIR WORKER TRIGGER URL
    local codes i
    : >"$1/page.curl"
    for ((i = 0; i < 3 + CG_PAGE_REQUESTS; i++)); do printf 'url = "%s"\noutput = "/dev/null"\n' "$4" >>"$1/page.curl"; done
    head -n 6 "$1/page.curl" >"$1/page-warm.curl"
    tail -n $((2 * CG_PAGE_REQUESTS)) "$1/page.curl" >"$1/page-seq.curl"
    codes=$({ curl -s -H "Cookie: bp_session=$TOKEN" -K "$1/page-warm.curl" -w '%{http_code}\n' || true; } | sort | uniq -c | awk '{printf "%s×%s ", $1, $2}')
    [ "$codes" = "3×200 " ] || die "callgrind warm-up of $4: responses $codes"
    callgrind_control --zero "$2" >/dev/null 2>&1
    log "callgrind: $CG_PAGE_REQUESTS sequential requests of $4"
    codes=$({ curl -s -H "Cookie: bp_session=$TOKEN" -K "$1/page-seq.curl" -w '%{http_code}\n' || true; } | sort | uniq -c | awk '{printf "%s×%s ", $1, $2}')
    [ "$codes" = "$CG_PAGE_REQUESTS×200 " ] || die "callgrind run of $4: responses $codes"
    callgrind_control --dump="$3" "$2" >/dev/null 2>&1
}

# Each page's figure beside the last run's (read from the results file this run replaces): CG_PAGE_LAST and
# CG_PAGE_CHANGE per page, and a RISE line in the output for any page more than 10 % dearer.
cg_pages_compare() {
    local i last
    CG_PAGE_LAST=() CG_PAGE_CHANGE=() CG_RISES=""
    for i in "${!CG_PAGE_NAMES[@]}"; do
        last=""
        if [ -f "$RESULTS" ]; then
            last=$(awk -F'|' -v n="${CG_PAGE_NAMES[$i]}" '$2 == " " n " " {v = $4; gsub(/[^0-9]/, "", v); print v; exit}' "$RESULTS")
            if [ -z "$last" ] && [ "$i" = 0 ]; then # a results file from before this table: its sequential row
                last=$(awk -F'|' '$2 ~ /^ sequential: curl/ {v = $5; gsub(/[^0-9]/, "", v); print v; exit}' "$RESULTS")
            fi
        fi
        CG_PAGE_LAST[$i]=$last
        if [ -n "$last" ] && [ "$last" -gt 0 ]; then
            CG_PAGE_CHANGE[$i]=$(awk -v a="${CG_PAGE_IR[$i]}" -v b="$last" 'BEGIN {printf "%+.1f%%", 100 * (a - b) / b}')
            if awk -v a="${CG_PAGE_IR[$i]}" -v b="$last" 'BEGIN {exit !(a > 1.10 * b)}'; then
                CG_RISES+="${CG_PAGE_NAMES[$i]} $(fmt_int "${CG_PAGE_IR[$i]}") Ir per request, $(fmt_int "$last") in the last run (${CG_PAGE_CHANGE[$i]}); "
            fi
        else
            CG_PAGE_CHANGE[$i]=""
        fi
        log "callgrind: ${CG_PAGE_NAMES[$i]} (${CG_PAGE_PATHS[$i]}): $(fmt_int "${CG_PAGE_IR[$i]}") Ir per request${last:+, last run $(fmt_int "$last") (${CG_PAGE_CHANGE[$i]})}"
    done
    [ -z "$CG_RISES" ] || log "callgrind: RISE of more than 10 % since the last run: ${CG_RISES%; }"
}

# ---- PostgreSQL (optional) ----

prepare_pg() {
    local conf=$RUN/barnplan-pg.conf n t0
    if [ -z "$PG_URL" ]; then
        log "PostgreSQL: starting a throwaway cluster (scripts/pg-test.sh, $PG_THROWAWAY_DIR)"
        PG_URL=$(BARNPLAN_PG_TEST_DIR=$PG_THROWAWAY_DIR "$ROOT/scripts/pg-test.sh" start) || die "pg-test.sh start failed"
        PG_STARTED=1
        PG_WHERE="a throwaway cluster from scripts/pg-test.sh in $PG_THROWAWAY_DIR"
    else
        PG_WHERE="BARNPLAN_BENCH_PG_URL"
    fi
    make_conf "$conf" "$PG_URL"
    PG_CONF=$conf
    n=$(psql "$PG_URL" -XAtqc "SELECT COUNT(*) FROM children" 2>/dev/null || echo none)
    if [ "$n" = "$CHILDREN" ]; then
        PG_DB_CREATED="reused (it already had $CHILDREN children)"
    elif [ "$n" = none ] || [ "$n" = 0 ]; then
        log "PostgreSQL: barnplan demo --children $CHILDREN --quiet"
        t0=$(date +%s.%N)
        "$BIN" --config "$conf" demo --children "$CHILDREN" --quiet >"$RUN/demo-pg.log" 2>&1 ||
            { cat "$RUN/demo-pg.log" >&2; die "barnplan demo on PostgreSQL failed (it needs an empty database)"; }
        PG_DB_CREATED="made in this run in $(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN {printf "%.1f", b - a}') s"
        settle "$conf" "$RUN/remind-pg.log"
        log "PostgreSQL: database $PG_DB_CREATED"
    else
        die "the PostgreSQL database has $n children, not $CHILDREN: give an empty database"
    fi
    PG_VERSION=$(psql "$PG_URL" -XAtqc "SHOW server_version" 2>/dev/null || echo "?")
    # statistics and visibility map now, so that autovacuum does not do it during the measured runs
    log "PostgreSQL: VACUUM ANALYZE"
    psql "$PG_URL" -XAtqc "VACUUM ANALYZE" >/dev/null || die "VACUUM ANALYZE failed"
}

# ==== the run ====

mkdir -p "$OUT"
rm -rf "$RUN"
mkdir -p "$RUN"
need_tools
for p in "$PORT_BP" "$PORT_NGINX" "$PORT_CG" "$PORT_PG" "$PORT_W1"; do port_free "$p" || die "port $p is in use (set BENCH_PORT_BASE)"; done
build
prepare_sqlite_db

CHILD_ROWS=$(count_rows "$DB_URL" children)
CASE_ROWS=$(count_rows "$DB_URL" cases)
GUARDIAN_ROWS=$(count_rows "$DB_URL" guardians)
EVENT_ROWS=$(count_rows "$DB_URL" events)
AUDIT_BEFORE=$(count_rows "$DB_URL" audit)

log "starting barnplan (SQLite, 2 workers) on 127.0.0.1:$PORT_BP"
start_barnplan barnplan-serve "$RUN/barnplan.conf" "$PORT_BP" 2
BP_MASTER=$BP_PID
BASE=http://127.0.0.1:$PORT_BP
TOKEN=$(login "$BASE" "$RUN/cookies.txt")
if [ -n "${BENCH_CASE_ID:-}" ]; then
    CASE_ID=$BENCH_CASE_ID
else
    CASE_ID=$(first_case "$BASE" "$TOKEN")
fi
[[ $CASE_ID =~ ^[0-9]+$ ]] || die "no case visible to $USER_NAME in /api/v1/cases"
CASE_PATH=/cases/$CASE_ID
CASE_URL=$BASE$CASE_PATH
CASE_URL_CG=http://127.0.0.1:$PORT_CG$CASE_PATH
CG_PAGE_PATHS=("$CASE_PATH" /cases /tasks "$CASE_PATH/plan")
read -r code hbytes bbytes < <(curl -sS -H "Cookie: bp_session=$TOKEN" -D "$RUN/case.headers" -o "$RUN/case.html" \
    -w '%{http_code} %{size_header} %{size_download}\n' "$CASE_URL")
[ "$code" = 200 ] || die "GET $CASE_PATH answered $code"
curl -sS -H "Cookie: bp_session=$TOKEN" -o "$RUN/case2.html" "$CASE_URL"
if cmp -s "$RUN/case.html" "$RUN/case2.html"; then PAGE_STABLE="the same bytes on every load"; else PAGE_STABLE="NOT the same bytes on a second load"; fi
BP_EXPECT=$((hbytes + bbytes))
PAGE_BYTES=$bbytes
BP_HEADER_BYTES=$hbytes
log "case page $CASE_PATH: $PAGE_BYTES bytes of HTML + $BP_HEADER_BYTES bytes of headers ($PAGE_STABLE)"

log "starting nginx (2 workers) on 127.0.0.1:$PORT_NGINX"
NGX=$RUN/nginx
mkdir -p "$NGX/tmp" "$RUN/www/cases"
cp "$RUN/case.html" "$RUN/www/cases/$CASE_ID"
sed -e "s|@NGINX_DIR@|$NGX|g" -e "s|@PORT@|$PORT_NGINX|g" -e "s|@DOCROOT@|$RUN/www|g" "$BENCH/nginx.conf.in" >"$NGX/nginx.conf"
NGINX_CMD="nginx -c $NGX/nginx.conf -p $NGX/ -e $NGX/error.log"
nginx -t -q -c "$NGX/nginx.conf" -p "$NGX/" -e "$NGX/error.log" 2>"$RUN/nginx-t.log" || { cat "$RUN/nginx-t.log" >&2; die "nginx -t failed"; }
nginx -c "$NGX/nginx.conf" -p "$NGX/" -e "$NGX/error.log" >"$RUN/nginx.log" 2>&1 &
NG_MASTER=$!
STARTED+=("$NG_MASTER")
NGINX_URL=http://127.0.0.1:$PORT_NGINX$CASE_PATH
wait_http "$NGINX_URL" 20 "$NG_MASTER" || { cat "$RUN/nginx.log" "$NGX/error.log" >&2; die "nginx did not start"; }
read -r code hbytes bbytes < <(curl -sS -D "$RUN/nginx.headers" -o "$RUN/nginx-case.html" -w '%{http_code} %{size_header} %{size_download}\n' "$NGINX_URL")
[ "$code" = 200 ] && cmp -s "$RUN/case.html" "$RUN/nginx-case.html" || die "nginx does not serve the saved page"
NG_EXPECT=$((hbytes + bbytes))
NG_HEADER_BYTES=$hbytes

COOKIE="Cookie: bp_session=$TOKEN"
bench barnplan "Barnplan (SQLite)" "$CASE_URL" "$BP_MASTER" "$BP_EXPECT" "$THREADS" "$CONNS" "$DURATION" "$DB_URL" -H "$COOKIE"
bench nginx "nginx" "$NGINX_URL" "$NG_MASTER" "$NG_EXPECT" "$THREADS" "$CONNS" "$DURATION" ""
if [ "$DO_C1" = 1 ]; then
    bench barnplan_c1 "Barnplan (SQLite), 1 connection" "$CASE_URL" "$BP_MASTER" "$BP_EXPECT" 1 1 "$C1_DURATION" "$DB_URL" -H "$COOKIE"
    bench nginx_c1 "nginx, 1 connection" "$NGINX_URL" "$NG_MASTER" "$NG_EXPECT" 1 1 "$C1_DURATION" ""
fi
if [ "$DO_STRACE" = 1 ]; then strace_run "$BP_MASTER" "$CASE_URL" "$COOKIE"; fi
# the session must still be good: the last answer is the page, not a redirect to /login
[ "$(curl -s -o /dev/null -w '%{http_code}' -H "$COOKIE" "$CASE_URL")" = 200 ] || die "the session ended during the run"
stop_server "$BP_MASTER"
if [ "$DO_W1" = 1 ]; then
    log "starting barnplan (SQLite, 1 worker) on 127.0.0.1:$PORT_W1"
    start_barnplan barnplan-w1-serve "$RUN/barnplan.conf" "$PORT_W1" 1
    W1_MASTER=$BP_PID
    bench barnplan_w1 "Barnplan (SQLite), 1 worker" "http://127.0.0.1:$PORT_W1$CASE_PATH" "$W1_MASTER" "$BP_EXPECT" \
        "$THREADS" "$CONNS" "$DURATION" "$DB_URL" -H "$COOKIE"
    stop_server "$W1_MASTER"
fi
stop_server "$NG_MASTER"
AUDIT_AFTER_WRK=$(count_rows "$DB_URL" audit)

if [ "$PG_MODE" = on ]; then
    prepare_pg
    log "starting barnplan (PostgreSQL, 2 workers) on 127.0.0.1:$PORT_PG"
    start_barnplan barnplan-pg-serve "$PG_CONF" "$PORT_PG" 2
    PG_MASTER=$BP_PID
    # the PostgreSQL server's processes count as part of the server when this script started them
    DB_ROOT_PID=""
    if [ "$PG_STARTED" = 1 ]; then DB_ROOT_PID=$(awk 'NR == 1' "$PG_THROWAWAY_DIR/data/postmaster.pid" 2>/dev/null || true); fi
    PG_BASE=http://127.0.0.1:$PORT_PG
    open_case PostgreSQL "$PG_BASE" pg
    PG_TOKEN=$OC_TOKEN PG_CASE=$OC_CASE hbytes=$OC_HBYTES bbytes=$OC_BBYTES
    PG_PAGE_BYTES=$bbytes
    PG_AUDIT_BEFORE=$(count_rows "$PG_URL" audit)
    bench pg "Barnplan (PostgreSQL)" "$PG_BASE/cases/$PG_CASE" "$PG_MASTER" "$((hbytes + bbytes))" "$THREADS" "$CONNS" "$DURATION" "$PG_URL" -H "Cookie: bp_session=$PG_TOKEN"
    if [ "$DO_C1" = 1 ]; then
        bench pg_c1 "Barnplan (PostgreSQL), 1 connection" "$PG_BASE/cases/$PG_CASE" "$PG_MASTER" "$((hbytes + bbytes))" 1 1 "$C1_DURATION" "$PG_URL" -H "Cookie: bp_session=$PG_TOKEN"
    fi
    stop_server "$PG_MASTER"
    DB_ROOT_PID=""
    PG_AUDIT_AFTER=$(count_rows "$PG_URL" audit)
fi

# The case page at $SCALE_CHILDREN children (issue 12 item 5: within 10 % of the first), with the same settings;
# its database copy is removed afterwards (1.9 GiB at 1,000,000).
scale_run() {
    local keep_children=$CHILDREN keep_db=$RUN_DB keep_url=$DB_URL keep_bytes=$DB_BYTES keep_created=$DB_CREATED
    local keep_seconds=$DB_SECONDS
    CHILDREN=$SCALE_CHILDREN
    prepare_sqlite_db scale
    SCALE_CREATED=$DB_CREATED
    SCALE_DB_BYTES=$DB_BYTES
    log "starting barnplan (SQLite, 2 workers, $SCALE_CHILDREN children) on 127.0.0.1:$PORT_W1"
    start_barnplan barnplan-scale-serve "$RUN/scale.conf" "$PORT_W1" 2
    open_case "$SCALE_CHILDREN children" "http://127.0.0.1:$PORT_W1" scale
    SCALE_PAGE_BYTES=$OC_BBYTES
    bench barnplan_scale "Barnplan (SQLite), $SCALE_CHILDREN children" "http://127.0.0.1:$PORT_W1/cases/$OC_CASE" "$BP_PID" \
        "$((OC_HBYTES + OC_BBYTES))" "$THREADS" "$CONNS" "$DURATION" "$DB_URL" -H "Cookie: bp_session=$OC_TOKEN"
    stop_server "$BP_PID"
    rm -f "$RUN_DB" "$RUN_DB-wal" "$RUN_DB-shm"
    CHILDREN=$keep_children RUN_DB=$keep_db DB_URL=$keep_url DB_BYTES=$keep_bytes DB_CREATED=$keep_created
    DB_SECONDS=$keep_seconds
}
SCALE_RAN=0
if [ "$SCALE_CHILDREN" -gt 0 ] && [ "$SCALE_CHILDREN" != "$CHILDREN" ]; then scale_run; SCALE_RAN=1; fi

if [ "$DO_CALLGRIND" = 1 ]; then callgrind_run; fi
AUDIT_AFTER=$(count_rows "$DB_URL" audit)
DB_BYTES_AFTER=$(($(stat -c %s "$RUN_DB") + $(stat -c %s "$RUN_DB-wal" 2>/dev/null || echo 0)))
T_TOTAL=$(($(date +%s) - T_START))


# ==== RESULTS.md ====

ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.3f", a / b}'; }
row() { # NAME LABEL REFERENCE_NAME
    local n=$1
    printf '| %s | %s | %s | %s | %s (%s procs; PSS %s%s) | %s | %s |\n' "$2" "$(fmt_int "${R_RPS[$n]}")" \
        "$(fmt_ms "${R_P50MS[$n]}")" "$(fmt_ms "${R_P99MS[$n]}")" "$(fmt_mib "${R_RSS[$n]}")" "${R_NPROC[$n]}" \
        "$(fmt_mib "${R_PSS[$n]}")" "${R_DB[$n]}" "$(ratio "${R_RPS[$n]}" "${R_RPS[$3]}")" "${R_CPU[$n]}"
}
detail_row() { # NAME LABEL
    local n=$1 audit=${R_AUDIT[$1]}
    [ "$audit" != 0 ] || audit="—"
    printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$2" "${R_C[$n]}" "$(fmt_int "${R_REQS[$n]}")" \
        "${R_BPR[$n]} (page ${R_EXPECT[$n]})" "${R_CONNS[$n]:-?}" "${R_WCPU[$n]}" "$audit" "${R_LOAD[$n]}" \
        "${R_OTHER[$n]}$([ "${R_TRIES[$n]}" = 1 ] || echo "; attempt ${R_TRIES[$n]}")"
}
# inclusive Ir per sequential request of one function (0 when absent)
cg_fn() { awk -F'\t' -v f="$1" '$3 == f {print $1; found = 1; exit} END {if (!found) print 0}' <<<"$CG_INCL"; }
cg_obj() { awk -F'\t' -v o="$1" '$1 == o {print $3; found = 1; exit} END {if (!found) print 0}' <<<"$CG_OBJS"; }
pct() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.0f%%", b ? 100 * a / b : 0}'; }
sc() { awk -v s="$1" '$1 == "|" && $2 == s {print $4; found = 1; exit} END {if (!found) print 0}' <<<"$STRACE_TABLE"; }

se() { awk -v s="$1" '$1 == "|" && $2 == s {print $6; found = 1; exit} END {if (!found) print 0}' <<<"$STRACE_TABLE"; }
gt() { awk -v a="$1" -v b="$2" 'BEGIN {exit !(a + 0 > b + 0)}'; }

interpret() {
    local bp=${R_RPS[barnplan]} ng=${R_RPS[nginx]} cpu_bp=${R_CPU[barnplan]} cpu_ng=${R_CPU[nginx]}
    echo "- **Throughput.** Barnplan serves $(fmt_int "$bp") case pages a second, nginx $(fmt_int "$ng") copies of the same bytes:"
    echo "  a ratio of $BP_RATIO ($BP_TIMES× fewer). Per request the Barnplan workers use $cpu_bp µs of CPU (user+system) against"
    echo "  nginx's $cpu_ng µs ($(awk -v a="$cpu_bp" -v b="$cpu_ng" 'BEGIN {printf "%.1f", a / b}')×). wrk, the servers and whatever else runs share two cores, so"
    echo "  the CPU per request and the instruction counts below are the figures to compare between runs, not req/s."
    if ! gt "${R_BUSY[barnplan]}" 85; then
        echo "- **Not CPU-bound.** During Barnplan's run the two cores were only ${R_BUSY[barnplan]}% busy (nginx's run: ${R_BUSY[nginx]}%),"
        echo "  although 64 connections always had a request waiting. The workers wait rather than compute: the audit"
        echo "  commit, with its fdatasync, runs inside the worker's event loop (flush_batch), so no other request of that"
        echo "  worker moves while the disk syncs, and a worker that wants the write lock while the other holds it sleeps."
    fi
    echo "- **Latency.** p50 ${R_P50[barnplan]} and p99 ${R_P99[barnplan]} for Barnplan against ${R_P50[nginx]} and ${R_P99[nginx]} for nginx with $CONNS connections."
    if [ "$DO_C1" = 1 ]; then
        echo "  Alone (one connection) a page takes ${R_P50[barnplan_c1]} at the median (nginx ${R_P50[nginx_c1]}); such a request commits its"
        echo "  audit entry in a transaction of its own and waits for that fsync of the WAL (synchronous=FULL)."
    fi
    if [ -n "${R_CONNS[barnplan]}" ]; then
        echo "- **Two workers.** The $CONNS connections were split ${R_CONNS[barnplan]} between the two workers (both accept from one"
        echo "  listening socket; one holding more than its share pauses accepting, http/accept_share.c), which used ${R_WCPU[barnplan]} s of CPU in the ${DURATION} s run."
    fi
    if [ "$DO_W1" = 1 ]; then
        echo "  With one worker instead of two: $(fmt_int "${R_RPS[barnplan_w1]}") req/s (two: $(fmt_int "$bp")), p99 ${R_P99[barnplan_w1]} (two: ${R_P99[barnplan]}),"
        echo "  ${R_CPU[barnplan_w1]} µs of CPU per request (two: $cpu_bp). The second worker changes the throughput by"
        echo "  $(awk -v a="$bp" -v b="${R_RPS[barnplan_w1]}" 'BEGIN {printf "%+.0f%%", 100 * (a / b - 1)}') (wrk needs a core too, so less than +100% is expected here)$(
            gt "${R_P99MS[barnplan]}" "$(awk -v b="${R_P99MS[barnplan_w1]}" 'BEGIN {print 1.5 * b}')" &&
            awk -v a="${R_P99MS[barnplan]}" -v b="${R_P99MS[barnplan_w1]}" 'BEGIN {printf " and makes the p99 %.1f× worse", a / b}')."
        echo "  With two workers the audit writer commits both workers' entries in one transaction (SQLite has one"
        echo "  writer at a time); with one the worker commits its own inside its event loop, so its connections"
        echo "  wait while the disk syncs."
    fi
    if [ "$PG_MODE" = on ]; then
        echo "- **PostgreSQL.** $(fmt_int "${R_RPS[pg]}") req/s, p50 ${R_P50[pg]}, p99 ${R_P99[pg]}: $(awk -v a="$bp" -v b="${R_RPS[pg]}" 'BEGIN {printf "%.1f", a / b}')× fewer than on SQLite."
        if [ -n "${R_DBCPU[pg]:-}" ]; then
            echo "  ${R_CPU[pg]} µs of CPU per request, ${R_DBCPU[pg]} of it in PostgreSQL's processes: each of the dozen or so"
            echo "  queries of a page is a round trip to another process, and the commit waits for PostgreSQL's WAL flush."
        fi
    fi
    echo "- **Memory.** Barnplan's master and workers peaked at $(fmt_mib "${R_RSS[barnplan]}") RSS ($(fmt_mib "${R_PSS[barnplan]}") PSS) under load; nginx at $(fmt_mib "${R_RSS[nginx]}") RSS ($(fmt_mib "${R_PSS[nginx]}") PSS)."
    echo "  Per process (issue 12 item 5 asks under 64 MB a worker): the largest of the master's children (workers, audit writer,"
    echo "  scheduler) held at most $(fmt_mib "${R_ANON[barnplan]}") of its own memory (smaps_rollup Anonymous: heap and stacks, sampled every"
    echo "  0.5 s); the rest of RSS is the database file's pages, SQLite's cache of them and shared libraries.$(
        [ "$SCALE_RAN" != 1 ] || echo " At $(fmt_int "$SCALE_CHILDREN") children: $(fmt_mib "${R_ANON[barnplan_scale]}")."
    )"
    if [ "$SCALE_RAN" = 1 ]; then
        echo "- **Scale.** At $(fmt_int "$SCALE_CHILDREN") children ($SCALE_CREATED; $(fmt_mib "$((SCALE_DB_BYTES / 1024))") on disk) the case page serves"
        echo "  $(fmt_int "${R_RPS[barnplan_scale]}") req/s, p99 ${R_P99[barnplan_scale]}, ${R_CPU[barnplan_scale]} µs CPU per request, against $(fmt_int "$bp") req/s at"
        echo "  $(fmt_int "$CHILDREN") ($(awk -v a="${R_RPS[barnplan_scale]}" -v b="$bp" 'BEGIN {printf "%+.1f%%", 100 * (a / b - 1)}'); issue 12 asks within 10 %). A different case (the newest anna sees), a page of $(fmt_int "$SCALE_PAGE_BYTES") bytes."
    fi
    if [ "$DO_CALLGRIND" = 1 ]; then
        local tot=$CG_SEQ_PER wal
        wal=$(cg_top_exclusive "$CG_SEQ_FILE" "$CG_SEQ_N" 60 | name_fix | awk -F'\t' '$3 ~ /^walChecksumBytes/ {print $1; exit}')
        echo "- **Instructions.** $(fmt_int "$CG_SEQ_PER") instructions per request when requests come one at a time, $(fmt_int "$CG_CONC_PER") with"
        echo "  16 concurrent connections, where one commit serves the audit entries of a whole event-loop iteration."
        echo "  By library: SQLite $(cg_obj libsqlite3)%, libc $(cg_obj libc)% (malloc/free, strcmp, the mutexes SQLite takes, printf),"
        echo "  Barnplan's own code $(cg_obj barnplan)%, h2o $(cg_obj libh2o-evloop)%, libsodium (the session token's hash) $(cg_obj libsodium)%."
        echo "  By step (inclusive): reading the case, child, guardians, events and organisations (bp_uc_case_view)"
        echo "  $(pct "$(cg_fn bp_uc_case_view)" "$tot"); the audit commit after the page is built (flush_batch: BEGIN IMMEDIATE, an INSERT per entry into"
        echo "  audit and its indexes, the chain head's UPDATE, COMMIT) $(pct "$(cg_fn flush_batch)" "$tot"); rendering the template (bp_render) $(pct "$(cg_fn bp_render)" "$tot"); the session"
        echo "  with its user and memberships (bp_uc_session, one query) $(pct "$(cg_fn bp_uc_session)" "$tot"); h2o's parsing and sending is small."
        echo "  SQLite's sqlite3_step is $(pct "$(cg_fn sqlite3_step)" "$tot") of the total, sqlite3_exec (BEGIN IMMEDIATE and COMMIT, parsed"
        echo "  anew each time) $(pct "$(cg_fn sqlite3_exec)" "$tot")."
        if [ -n "$wal" ]; then
            echo "  The largest single function is SQLite's WAL checksum, $(fmt_int "$wal") Ir per request: each commit writes every page"
            echo "  it changed to the WAL in full (the audit table's page, one page of each of its four indexes, sqlite_sequence"
            echo "  for AUTOINCREMENT: about 6 pages of 4 KiB for a row of about 100 bytes) and checksums it."
        fi
        echo "  The template side is mostly linear searches: bp_label (a strcmp loop over all labels) and the template's"
        echo "  name lookup account for most of the strcmp calls."
    fi
    if [ "$DO_STRACE" = 1 ]; then
        local fc fce pr fs ns
        fc=$(sc fcntl); fce=$(se fcntl); pr=$(sc pread64); fs=$(sc fdatasync); ns=$(sc clock_nanosleep)
        echo "- **System calls.** $STRACE_TOTAL per request under load (nginx: a read, a writev or sendfile, epoll)."
        if gt "$fc" 2; then
            echo "  fcntl $fc per request: SQLite's POSIX locks, taken and released for each statement, since every query of a"
            echo "  request runs in an autocommit read transaction of its own (the reads of one request share no transaction)."
        fi
        if gt "$fce" 0; then
            echo "  $fce per request failed, i.e. found a lock held by the other worker;"
        fi
        if gt "$ns" 0; then
            echo "  clock_nanosleep $ns per request: SQLite's busy handler sleeping while the other worker holds the write lock,"
            echo "  with the event loop and every connection of that worker stopped."
        fi
        if gt "$pr" 0.5; then
            echo "  pread64 $pr per request: pages read again through the kernel; in WAL mode a connection drops its whole page"
            echo "  cache whenever another connection has committed since its last transaction (no mmap_size is set)."
        fi
        if gt "$fs" 0; then
            echo "  fdatasync $fs per request: one commit for every $(awk -v f="$fs" 'BEGIN {printf "%.0f", 1 / f}') requests on average."
        fi
    fi
}

AWK_COMMAS='function commas(x,   s, o) { s = sprintf("%.0f", x); o = ""; while (length(s) > 3) { o = "," substr(s, length(s) - 2) o; s = substr(s, 1, length(s) - 3) } return s o }'
# Debian's libsqlite3 has no symbols for its static functions; the ones that matter here, found by
# disassembling this exact build (the loop is SQLite's WAL checksum: s1 += x[0] + s2; s2 += x[1] + s1).
name_fix() {
    if [ "$(dpkg-query -W -f='${Version}' libsqlite3-0 2>/dev/null || true)" = "3.40.1-2+deb12u2" ]; then
        sed 's/\t0x00000000000ff650\t/\twalChecksumBytes (no symbol; by disassembly)\t/'
    else
        cat
    fi
}
CG_INCL=""
CG_OBJS=""
CG_COMMITS=""
CG_AUDIT_COMMITS=""
if [ "$DO_CALLGRIND" = 1 ]; then
    CG_INCL=$(cg_inclusive "$CG_SEQ_FILE" "$CG_SEQ_N" on_req dispatch bp_uc_session bp_session_user_get \
        bp_h_case_show bp_uc_case_page bp_uc_case_view bp_case_get bp_case_orgs bp_child_get bp_guardian_list bp_event_list bp_org_get \
        bp_render bp_tmpl_render bp_label flush_batch bp_uc_audit_commit bp_store_begin bp_audit_add bp_store_commit \
        send_response sqlite3_step sqlite3_exec sqlite3_prepare_v2 h2o_send)
    CG_OBJS=$(cg_objects "$CG_SEQ_FILE" "$CG_SEQ_N")
    CG_COMMITS=$(cg_callers "$CG_SEQ_FILE" "$CG_SEQ_N" bp_store_commit)
    CG_AUDIT_COMMITS=$(cg_callers "$CG_SEQ_FILE" "$CG_SEQ_N" bp_uc_audit_commit)
fi

HOST_CPU=$(awk -F': *' '/^model name/ {print $2; exit}' /proc/cpuinfo)
HOST_MHZ=$(awk -F': *' '/^cpu MHz/ {printf "%.0f MHz", $2; exit}' /proc/cpuinfo)
HOST_MEM=$(awk '/^MemTotal:/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)
HOST_OS=$(. /etc/os-release && echo "$PRETTY_NAME")
V_GCC=$(gcc --version | awk 'NR == 1')
V_H2O=$(dpkg-query -W -f='${Package} ${Version}\n' 'libh2o-evloop0*' 2>/dev/null | awk 'NR == 1')
[ -n "$V_H2O" ] || V_H2O=$(pkg-config --modversion libh2o-evloop 2>/dev/null || echo "?")
V_SQLITE="$(sqlite3 --version | cut -d' ' -f1) (libsqlite3-0 $(dpkg-query -W -f='${Version}' libsqlite3-0 2>/dev/null || echo "?"))"
V_NGINX=$(nginx -v 2>&1 | sed 's/^nginx version: //')
V_NGINX_PKG=$(dpkg-query -W -f='${Package} ${Version}' nginx-light 2>/dev/null || echo "?")
V_WRK=$({ wrk -v 2>&1 || true; } | awk 'NR == 1 {print $2}')
V_VALGRIND=$(valgrind --version)
V_CURL=$(curl --version | awk 'NR == 1 {print $2}')
GIT_HEAD=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo "?")
GIT_DIRTY=$(git -C "$ROOT" status --porcelain 2>/dev/null | grep -vc ' bench/' || true)
FS=$(df -T "$RUN" | awk 'NR == 2 {print $2}')
BP_RATIO=$(ratio "${R_RPS[barnplan]}" "${R_RPS[nginx]}")
BP_TIMES=$(awk -v a="${R_RPS[nginx]}" -v b="${R_RPS[barnplan]}" 'BEGIN {printf "%.1f", a / b}')

{
    cat <<EOF
# Barnplan benchmark results

Written by \`bench/run.sh\` on $(date -u '+%Y-%m-%d %H:%M UTC') (the whole run took ${T_TOTAL} s). Every figure here was
measured in that run; running the script again overwrites this file.

## Machine

| | |
| --- | --- |
| CPU | $HOST_CPU, $(nproc) cores online ($HOST_MHZ reported) |
| memory | $HOST_MEM |
| system | $HOST_OS, Linux $(uname -r); the database on $FS |
| compiler | $V_GCC; release build (-O3 -DNDEBUG, hardening flags) |
| h2o | $V_H2O |
| SQLite | $V_SQLITE; journal_mode=WAL, synchronous=FULL |
| nginx | $V_NGINX ($V_NGINX_PKG) |
| tools | wrk $V_WRK, curl $V_CURL, $V_VALGRIND |
| source | commit $GIT_HEAD with $GIT_DIRTY changed or new files outside bench/ (others edit while this runs) |

The machine is shared: wrk, the server under test and other people's builds run on the same two cores, so
req/s and latencies move by tens of percent from run to run. The CPU time per request and, above all, the
instruction counts under callgrind are the stable figures. The "machine" column of the details says how
busy the machine was and how much of that was neither the server nor wrk.

## Data

- \`barnplan demo --children $CHILDREN --quiet\` into an empty SQLite file: $DB_CREATED.
- $(fmt_int "$CHILD_ROWS") children, $(fmt_int "$CASE_ROWS") cases, $(fmt_int "$GUARDIAN_ROWS") guardians, $(fmt_int "$EVENT_ROWS") events; the file is $(fmt_mib $((DB_BYTES / 1024))).
- Audit rows: $(fmt_int "$AUDIT_BEFORE") in the copy the run starts from, $(fmt_int "$AUDIT_AFTER_WRK") after the wrk runs, $(fmt_int "$AUDIT_AFTER") at the end
  (after callgrind); database and WAL $(fmt_mib $((DB_BYTES_AFTER / 1024))) at the end. Every case page read is committed to the audit
  trail before it is answered, so the runs add one row per request (the login and warm-ups add theirs too).
- The page: \`GET $CASE_PATH\` as \`$USER_NAME\` (Ålidhemsskolan), the newest case in her list: $PAGE_BYTES bytes of HTML and
  $BP_HEADER_BYTES bytes of response headers; $PAGE_STABLE. nginx serves the saved bytes from a file at the same
  path, with the same content type and security headers ($NG_HEADER_BYTES bytes of headers).
EOF
    if [ "$PG_MODE" = on ]; then
        echo "- PostgreSQL $PG_VERSION, $PG_WHERE (default settings): \`barnplan demo\` $PG_DB_CREATED; audit rows $(fmt_int "$PG_AUDIT_BEFORE")"
        echo "  before its runs, $(fmt_int "$PG_AUDIT_AFTER") after; the same case page, $PG_PAGE_BYTES bytes."
        if [ "$PG_STARTED" = 1 ]; then
            echo "  Its CPU time is in the PostgreSQL rows' CPU per request; its memory is given beside Barnplan's."
        else
            echo "  Its processes are not in the PostgreSQL rows' CPU and memory figures."
        fi
    fi
    cat <<EOF

## Results

\`wrk -t$THREADS -c$CONNS -d${DURATION}s --latency\` over loopback, each after a ${WARMUP} s warm-up with the same settings; Barnplan with
2 workers, nginx with 2 workers. Memory: the largest sum of VmRSS over the master and its workers, sampled
every 0.5 s during the run (PSS counts the pages they share once). CPU per request: user+system time of the
server's processes (for PostgreSQL, with the database server's when the script started it) over wrk's responses.

| server | req/s | p50 | p99 | memory RSS | ratio to nginx (req/s) | server CPU µs/request |
| --- | ---: | ---: | ---: | --- | ---: | ---: |
$(row barnplan "Barnplan, SQLite (case page, logged in)" nginx)
EOF
    [ "$PG_MODE" != on ] || row pg "Barnplan, PostgreSQL $PG_VERSION" nginx
    [ "$DO_W1" != 1 ] || row barnplan_w1 "Barnplan, SQLite, 1 worker (\`--workers 1\`)" nginx
    [ "$SCALE_RAN" != 1 ] || row barnplan_scale "Barnplan, SQLite, $(fmt_int "$SCALE_CHILDREN") children (page of $(fmt_int "$SCALE_PAGE_BYTES") bytes)" nginx
    row nginx "nginx, static file (same bytes)" nginx
    if [ "$DO_C1" = 1 ]; then
        row barnplan_c1 "Barnplan, SQLite, wrk -t1 -c1 -d${C1_DURATION}s" nginx_c1
        [ "$PG_MODE" != on ] || row pg_c1 "Barnplan, PostgreSQL, wrk -t1 -c1 -d${C1_DURATION}s" nginx_c1
        row nginx_c1 "nginx, wrk -t1 -c1 -d${C1_DURATION}s" nginx_c1
    fi
    cat <<EOF

**Barnplan: $BP_RATIO of nginx's requests per second ($BP_TIMES× fewer) for the same bytes.** The one-connection rows
are compared with nginx on one connection. Barnplan's default is one worker per core on both backends; on
SQLite the workers hand their audit entries to one audit writer process, which group-commits them for all
(SQLite has one writer at a time), and each worker answers a read once its entries are durable. The row
\`--workers 1\` is one worker committing its own entries, with no writer.

Details of each run. Connections per worker: counted with \`ss\` in the middle of the run. Worker CPU: user+system
seconds of each worker during the run. Bytes per response: wrk's bytes read divided by its responses, checked
against the page (within 3 %), because wrk counts 3xx answers as successes and a lost session would be a fast
303 to /login. Machine: how busy both cores were, and how many cores other processes (not the server, not
wrk) kept busy on average during the run, and just before the warm-up. A run where they used more than
${BENCH_DISTURBED:-0.3} of a core is repeated (twice at most; ${BENCH_RETRIES:-3} repeats in the whole script), and the
least disturbed attempt is the one reported.

| run | conns | requests | bytes/response | conns per worker | worker CPU s | audit rows added | load avg 1/5/15 | machine CPU |
| --- | ---: | ---: | ---: | --- | --- | ---: | --- | --- |
$(detail_row barnplan "Barnplan, SQLite")
EOF
    [ "$PG_MODE" != on ] || detail_row pg "Barnplan, PostgreSQL"
    [ "$DO_W1" != 1 ] || detail_row barnplan_w1 "Barnplan, SQLite, 1 worker"
    [ "$SCALE_RAN" != 1 ] || detail_row barnplan_scale "Barnplan, SQLite, $(fmt_int "$SCALE_CHILDREN") children"
    detail_row nginx "nginx"
    if [ "$DO_C1" = 1 ]; then
        detail_row barnplan_c1 "Barnplan, SQLite, c=1"
        [ "$PG_MODE" != on ] || detail_row pg_c1 "Barnplan, PostgreSQL, c=1"
        detail_row nginx_c1 "nginx, c=1"
    fi

    if [ "$DO_CALLGRIND" = 1 ]; then
        cat <<EOF

## Instructions per request (callgrind)

One worker (\`--workers 1\`) under callgrind on the same database. After 50 warm-up requests the counters were
zeroed (\`callgrind_control --zero\`), the requests sent, and the counters dumped (\`callgrind_control --dump\`), so
start-up is not in these figures.

| load | requests | instructions (Ir) | **Ir per request** |
| --- | ---: | ---: | ---: |
| sequential: curl, one keep-alive connection | $(fmt_int "$CG_SEQ_N") | $(fmt_int "$CG_SEQ_TOTAL") | **$(fmt_int "$CG_SEQ_PER")** |
| concurrent: wrk -t1 -c16 -d${CG_CONC_DURATION}s (requests = audit rows added) | $(fmt_int "$CG_CONC_N") | $(fmt_int "$CG_CONC_TOTAL") | **$(fmt_int "$CG_CONC_PER")** |

The four busiest pages (issue 12 item 2), each after 3 warm-up requests, one at a time; \`last run\` is the
figure in the results file this run replaced. A page more than 10 % dearer than in the last run is named in
the benchmark's output (\`RISE\`) and below.

| page | path | **Ir per request** | last run | change |
| --- | --- | ---: | ---: | ---: |
$(for i in "${!CG_PAGE_NAMES[@]}"; do printf '| %s | `GET %s` | **%s** | %s | %s |\n' "${CG_PAGE_NAMES[$i]}" "${CG_PAGE_PATHS[$i]}" "$(fmt_int "${CG_PAGE_IR[$i]}")" "$([ -n "${CG_PAGE_LAST[$i]}" ] && fmt_int "${CG_PAGE_LAST[$i]}" || echo "-")" "${CG_PAGE_CHANGE[$i]:--}"; done)
$([ -z "$CG_RISES" ] || printf '\n**Rise of more than 10 %%:** %s\n' "${CG_RISES%; }")

Start-up, left out above: the master process over its whole life (configuration, templates, translations,
schema check, fork, waiting) $(fmt_int "$CG_MASTER_TOTAL") Ir. The worker's counters at its first dump (after its
database connection, h2o set-up and first answer) were $(fmt_int "$CG_WORKER_START") Ir, which include what the master had
counted before fork(); so the worker's own start is about $(fmt_int $((CG_WORKER_START - CG_MASTER_TOTAL))) Ir.

Sequential requests by object (exclusive cost):

| object | Ir per request | share |
| --- | ---: | ---: |
$(awk -F'\t' "$AWK_COMMAS"'{printf "| %s | %s | %s%% |\n", $1, commas($2), $3}' <<<"$CG_OBJS")

Transactions committed per sequential request (callgrind's calls of \`bp_store_commit\`, by caller): the case
page's audit entries are committed only by the worker's group commit (\`flush_batch\` → \`bp_uc_audit_commit\`),
never by a handler while it builds the page.

| bp_store_commit called from | per request |
| --- | ---: |
$(awk -F'\t' '{printf "| %s | %s |\n", $1, $2}' <<<"$CG_COMMITS")

| bp_uc_audit_commit called from | per request |
| --- | ---: |
$(awk -F'\t' '{printf "| %s | %s |\n", $1, $2}' <<<"$CG_AUDIT_COMMITS")

Inclusive cost per sequential request of the main steps (the SQLite library has no symbols for its static
functions, so SQLite's internals show only as addresses below):

| function | Ir per request | share |
| --- | ---: | ---: |
$(awk -F'\t' "$AWK_COMMAS"'{printf "| %s | %s | %s |\n", $3, commas($1), $2}' <<<"$CG_INCL")

Top functions by exclusive cost (sequential requests):

| Ir per request | share | function | object |
| ---: | ---: | --- | --- |
$(cg_top_exclusive "$CG_SEQ_FILE" "$CG_SEQ_N" 25 | name_fix | awk -F'\t' "$AWK_COMMAS"'{printf "| %s | %s | %s | %s |\n", commas($1), $2, $3, $4}')

The full profiles stay in bench/out/run/callgrind/ (\`callgrind_annotate --inclusive=yes FILE\`).
EOF
    fi

    if [ "$DO_STRACE" = 1 ]; then
        cat <<EOF

## System calls per request

\`strace -c -f\` attached to both workers during a separate \`wrk -t$THREADS -c$CONNS -d4s\` (strace slows the server, so this
run is not in the tables above): $(fmt_int "$STRACE_REQS") requests (audit rows added), **$STRACE_TOTAL system calls per request**.

| system call | calls per request | failed calls per request | share of system-call time |
| --- | ---: | ---: | ---: |
$STRACE_TABLE
EOF
    fi

    cat <<EOF

## Interpretation

$(interpret)

## Commands

\`\`\`sh
bench/run.sh${ARGS_GIVEN:+ $ARGS_GIVEN}   # does all of the following
$BUILD_CMD   # ${BUILD_SECONDS} s; $BUILD_WARNINGS compiler warnings in what this run (re)compiled
barnplan --config demo.conf demo --children $CHILDREN --quiet      # once; each run works on a copy
barnplan --config barnplan.conf serve --listen 127.0.0.1:$PORT_BP --workers 2
#   barnplan.conf: database = sqlite:bench/out/run/barnplan.db, localedir = BUILD/locale, access_log = (empty: off)
curl GET /login (cookie bp_login, field login_csrf); curl POST /login login_csrf, username=$USER_NAME, password, next=/cases -> 303, bp_session
curl -H 'Cookie: bp_session=...' http://127.0.0.1:$PORT_BP$CASE_PATH -o case.html     # copied to www$CASE_PATH for nginx
$NGINX_CMD   # config from bench/nginx.conf.in
EOF
    for n in "${ROWS[@]}"; do printf '%s   # %s\n' "${R_CMD[$n]}" "${R_LABEL[$n]}"; done
    if [ "$DO_STRACE" = 1 ]; then
        echo "strace -c -f -p WORKER1 -p WORKER2 &  wrk -t$THREADS -c$CONNS -d4s -H 'Cookie: bp_session=...' $CASE_URL"
    fi
    if [ "$DO_CALLGRIND" = 1 ]; then
        cat <<EOF
$CG_CMD
callgrind_control --zero WORKER; curl -K seq.curl  # $CG_SEQ_N × GET $CASE_PATH, one connection
callgrind_control --dump=sequential WORKER
callgrind_control --zero WORKER; wrk -t1 -c16 -d${CG_CONC_DURATION}s -H 'Cookie: bp_session=...' http://127.0.0.1:$PORT_CG$CASE_PATH
callgrind_control --dump=concurrent WORKER
callgrind_annotate [--inclusive=yes] --threshold=100 --auto=no bench/out/run/callgrind/cg.WORKER.N
EOF
    fi
    echo '```'
} >"$RESULTS.tmp"
mv "$RESULTS.tmp" "$RESULTS"

# ---- summary on stdout ----
echo
echo "Barnplan benchmark, $(date -u '+%Y-%m-%d %H:%M UTC'): $CHILDREN children, GET $CASE_PATH ($PAGE_BYTES bytes)"
printf '%-40s %10s %10s %10s %12s %8s\n' server req/s p50 p99 RSS ratio
for n in "${ROWS[@]}"; do
    case "$n" in *_c1) ref=nginx_c1 ;; *) ref=nginx ;; esac
    printf '%-40s %10s %10s %10s %12s %8s\n' "$n (c=${R_C[$n]})" "$(fmt_int "${R_RPS[$n]}")" "${R_P50[$n]}" "${R_P99[$n]}" \
        "$(fmt_mib "${R_RSS[$n]}")" "$(ratio "${R_RPS[$n]}" "${R_RPS[$ref]}")"
done
if [ "$DO_CALLGRIND" = 1 ]; then
    echo "callgrind: $(fmt_int "$CG_SEQ_PER") instructions per request (sequential), $(fmt_int "$CG_CONC_PER") (16 connections)"
fi
[ "$DO_STRACE" = 1 ] && echo "system calls: $STRACE_TOTAL per request"
echo "audit rows: $(fmt_int "$AUDIT_BEFORE") -> $(fmt_int "$AUDIT_AFTER"); results in ${RESULTS#"$ROOT"/}; work files in ${RUN#"$ROOT"/}"
