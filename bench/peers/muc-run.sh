#!/bin/bash
# One stepped muc run of issue #17's table against one server (bench/README.md, "Issue #17: MUC").
#   bench/peers/muc-run.sh switchboard|prosody|ejabberd 10|100|2000 OUTDIR
# Room size 10: 20 rooms (200 users), base rate 300 msg/s; 100: 5 rooms (500 users), 10 msg/s;
# 2000: 1 room (2,000 users), 1 msg/s (RATE overrides). Three steps of STEP seconds (default 20) at 1x, 2x, 3x the base.
# Servers: Switchboard from bench/scripts/switchboard-mam.sh (SB_DIR, SB_BASE=24000: c2s 24222, domain
# localhost, SCRAM-SHA-1), Prosody and ejabberd from bench/peers/muc-peers.sh (16322 / 26322, example.test, PLAIN).
# Prints uptime before and after, and for Switchboard also its Cassandra's CPU over the whole run.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd); ROOT=$(cd "$HERE/../.." && pwd)
SERVER=$1; SIZE=$2; OUT=$3; STEP=${STEP:-20}
case "$SIZE" in
  10) USERS=200; ROOMS=20; RATE=${RATE:-300} ;;
  100) USERS=500; ROOMS=5; RATE=${RATE:-10} ;;
  2000) USERS=2000; ROOMS=1; RATE=${RATE:-1} ;;
  *) echo "size must be 10, 100 or 2000"; exit 2 ;;
esac
CASS_PID=
case "$SERVER" in
  switchboard)
    export SB_DIR=${SB_DIR:-/tmp/sb-mucbench-sb} SB_BASE=${SB_BASE:-24000}
    PID=$("$ROOT/bench/scripts/switchboard-mam.sh" pid)
    CASS_PID=$(for p in $(pgrep -f CassandraDaemon); do [ "$(readlink /proc/$p/cwd)" = "$SB_DIR/data/cassandra" ] && echo $p; done | head -1 || true)
    TARGET=(--server 127.0.0.1:$((SB_BASE+222)) --domain localhost --auth scram-sha-1 --scram-cache "$SB_DIR/scram.cache") ;;
  prosody) PID=$("$HERE/muc-peers.sh" prosody pid); TARGET=(--server 127.0.0.1:16322 --domain example.test) ;;
  ejabberd) PID=$("$HERE/muc-peers.sh" ejabberd pid); TARGET=(--server 127.0.0.1:26322 --domain example.test) ;;
  *) echo "server must be switchboard, prosody or ejabberd"; exit 2 ;;
esac
[ -n "$PID" ] || { echo "$SERVER is not running"; exit 1; }
ticks() { [ -z "$CASS_PID" ] || awk '{print $14 + $15}' /proc/$CASS_PID/stat || echo 0; }
echo "uptime before: $(uptime)"
T0=$(date +%s.%N); C0=$(ticks)
GEN_CPUS=${GEN_CPUS-0} BUILD=${BUILD:-0} timeout 900 "$ROOT/bench/run.sh" "${TARGET[@]}" --users $USERS --login-rate 100 \
  --login-timeout 60 --scenario muc --room-size $SIZE --rooms $ROOMS --room-prefix "r$(date +%H%M%S)" --rate $RATE \
  --steps 3 --step-seconds "$STEP" --duration $((3 * STEP)) --settle 3 --drain 10 --join-timeout 300 --server-pid "$PID" \
  --label "$SERVER muc size $SIZE" --out "$OUT" --quiet --no-plots | grep -v '^results in'
T1=$(date +%s.%N); C1=$(ticks)
echo "uptime after: $(uptime)"
[ -z "$CASS_PID" ] || awk -v c=$((C1 - C0)) -v t="$(echo "$T1 - $T0" | bc)" -v hz="$(getconf CLK_TCK)" \
  'BEGIN { printf "cassandra CPU over the whole run: %.0f%%\n", 100 * c / hz / t }'
python3 "$HERE/muc-steps.py" "$STEP" "$OUT/result.json"
