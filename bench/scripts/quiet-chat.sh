#!/bin/bash
# One chat run of the quiet-machine comparison (bench/README.md, "Quiet machine: chat, archive, metrics"):
# the generator pinned to core 0 (GEN_CPUS, default 0) against a server started beforehand, pinned by its
# own start command. Prints uptime before/after, the generator's summary, the CPU of the server process
# and (Switchboard) of its embedded Cassandra over the whole run, and the longest GC pause of the node
# during the measured phase (from the node's -Xlog:gc file, see GC_LOG).
#   quiet-chat.sh sb|ej RATE_PER_USER FIRST_USER OUT [extra LoadGenerator options]
# Environment: SB_DIR / SB_BASE (Switchboard, as for switchboard-mam.sh), GC_LOG (default $SB_DIR/gc.log),
#   EJ_DIR (ejabberd, as for ejabberd-mam.sh), USERS (400), DURATION (25), DRAIN (10), LABEL.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd); ROOT=$(cd "$HERE/../.." && pwd)
KIND=$1; RATE=$2; FIRST=$3; OUT=$4; shift 4
USERS=${USERS:-400}; DURATION=${DURATION:-25}; DRAIN=${DRAIN:-10}
CASS_PID=; GC=
case "$KIND" in
  sb)
    SB_DIR=${SB_DIR:-/tmp/b18-sb}; SB_BASE=${SB_BASE:-23000}; export SB_DIR SB_BASE
    PID=$("$HERE/switchboard-mam.sh" pid)
    CASS_PID=$(for p in $(pgrep -f CassandraDaemon); do [ "$(readlink /proc/$p/cwd)" = "$SB_DIR/data/cassandra" ] && echo $p; done | head -1 || true)
    GC=${GC_LOG:-$SB_DIR/gc.log}
    TARGET=(--server 127.0.0.1:$((SB_BASE+222)) --domain localhost --auth scram-sha-1 --scram-cache "$SB_DIR/scram.cache") ;;
  ej)
    PID=$(EJ_DIR=${EJ_DIR:-/tmp/b18-ejabberd} "$HERE/ejabberd-mam.sh" pid)
    TARGET=(--server 127.0.0.1:${EJ_PORT:-25422} --domain example.test --auth plain) ;;
  *) echo "usage: $0 sb|ej RATE_PER_USER FIRST_USER OUT [options]"; exit 2 ;;
esac
[ -n "$PID" ] || { echo "$KIND is not running"; exit 1; }
ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
echo "uptime before: $(uptime)"
T0=$(date +%s.%N); S0=$(ticks "$PID"); C0=0; [ -z "$CASS_PID" ] || C0=$(ticks "$CASS_PID")
GEN_CPUS=${GEN_CPUS-0} BUILD=${BUILD:-0} timeout 300 "$ROOT/bench/run.sh" "${TARGET[@]}" --users "$USERS" \
  --first-user "$FIRST" --login-rate 200 --login-timeout 60 --scenario chat --rate "$RATE" --duration "$DURATION" \
  --drain "$DRAIN" --server-pid "$PID" --label "${LABEL:-$KIND chat $RATE/user}" --out "$OUT" --quiet --no-plots "$@" \
  | grep -v '^results in' || true
T1=$(date +%s.%N); S1=$(ticks "$PID"); C1=0; [ -z "$CASS_PID" ] || C1=$(ticks "$CASS_PID")
echo "uptime after: $(uptime)"
HZ=$(getconf CLK_TCK)
awk -v s=$((S1 - S0)) -v c=$((C1 - C0)) -v t="$(echo "$T1 - $T0" | bc)" -v hz="$HZ" -v cass="$CASS_PID" \
  'BEGIN { printf "whole run %.0f s: server process CPU %.0f%%", t, 100 * s / hz / t;
           if (cass != "") printf ", its Cassandra %.0f%%", 100 * c / hz / t; printf "\n" }'
python3 "$HERE/quiet-summary.py" "$OUT/result.json" ${GC:+"$GC"}
