#!/usr/bin/env bash
# Issue #16 before/after: one round of the three figures on one build, on its own ports and data dir.
#   bench/scripts/issue16-ab.sh before|after ROUND
# BEFORE_TREE (default /work/wt-fixture, commit 7c83ad7) and AFTER_TREE (default this worktree) must be
# built (mvn -B -q -o -DskipTests package). GEN_CP is the generator's classpath (the same generator
# binary for both builds). Run the builds alternately (before 1, after 1, before 2, after 2, ...).
# One round, node pinned to core 1 (its embedded Cassandra inherits it), generator on core 0:
#   1. start, wait for /ready (bounded), accounts once per data dir, 20 s, live-heap histogram H0;
#   2. idle: 3,500 users (ROUND's own range) at 200/s, held; histogram H1 125 s after the ramp began
#      and at least 30 s into the hold;
#      live heap per session = (H1 - H0) / sessions online;
#   3. warm logins: the same 3,500 users again (their entities still in memory), 2,000/s offered, two passes;
#   4. chat: 2,000 of them x CHAT_RATE msgs/s (default 4 = 8,000 msgs/s), 30 s; then x CHAT2_RATE
#      (default 1 = 2,000 msgs/s; empty = skip), 30 s;
#   (HEAP_ONLY=1: steps 1, 2 and 5 only; CHAT_ONLY=1: 4 and 5 only; TAG=x: results in before|after-x-rROUND,
#   e.g. TAG=mamoff SWITCHBOARD_MAM_ENABLED=false CHAT_ONLY=1 ... after 4)
#   5. SIGTERM, wait for the node (and its Cassandra) to end.
# Every step is bounded in time; everything is on loopback; nothing uses the default ports.
set -euo pipefail
WHICH=$1 ROUND=$2
HERE=$(cd "$(dirname "$0")/../.." && pwd)
case $WHICH in
  before) TREE=${BEFORE_TREE:-/work/wt-fixture}; P=41 ;;
  after)  TREE=${AFTER_TREE:-$HERE}; P=42 ;;
  *) echo "before|after" >&2; exit 2 ;;
esac
USERS=3500 ACCOUNTS=${ACCOUNTS:-10500} CHAT_RATE=${CHAT_RATE:-4} CHAT_USERS=2000
FIRST=$(( (ROUND - 1) * USERS + 1 ))
OUT=${OUT_ROOT:-/tmp/b16}/$WHICH${TAG:+-$TAG}-r$ROUND
GEN_CP=${GEN_CP:-/work/wt-fixture/bench/target/classes:$(cat /tmp/b16/cp.txt)}
mkdir -p "$OUT"
export SWITCHBOARD_DATA_DIR=${OUT_ROOT:-/tmp/b16}/data-$WHICH SWITCHBOARD_NO_BUILD=1 \
  SWITCHBOARD_TLS_REQUIRED=false SWITCHBOARD_MAX_CONNECTIONS_PER_IP=20000 \
  SWITCHBOARD_C2S_PORT=${P}222 SWITCHBOARD_C2S_TLS_PORT=${P}223 SWITCHBOARD_S2S_PORT=${P}269 \
  SWITCHBOARD_COMPONENT_PORT=${P}275 SWITCHBOARD_HTTP_PORT=${P}280 SWITCHBOARD_MANAGEMENT_PORT=${P}626 \
  SWITCHBOARD_CLUSTER_PORT=${P}355 SWITCHBOARD_PROXY65_PORT=${P}777 \
  SWITCHBOARD_CASSANDRA_PORT=${P}042 SWITCHBOARD_CASSANDRA_STORAGE_PORT=${P}000 SWITCHBOARD_CASSANDRA_CONTACT_POINTS=
ulimit -n "$(ulimit -Hn)"
log() { echo "$(date -u +%H:%M:%S) $* | load $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT/log.txt"; }
heap() { timeout 120 jcmd "$NPID" GC.class_histogram | tail -1 | awk '{print $3}'; }
gen() { taskset -c 0 timeout 400 java -Xms256m -Xmx2g -XX:+UseParallelGC -cp "$GEN_CP" io.switchboard.bench.LoadGenerator \
  --server 127.0.0.1:${P}222 --domain localhost --auth scram-sha-1 --tls none \
  --scram-cache "${OUT_ROOT:-/tmp/b16}/scram-$WHICH.cache" --server-pid "$NPID" --no-plots "$@"; }

log "start $WHICH round $ROUND ($(git -C "$TREE" rev-parse --short HEAD))"
( cd "$TREE" && JAVA_OPTS="-Xms768m -Xmx768m -XX:+AlwaysPreTouch -XX:MarkSweepDeadRatio=0" \
  exec taskset -c 1 ./switchboard start ) > "$OUT/node.log" 2>&1 &
NPID=$!
stop() {
  kill -TERM "$NPID" 2>/dev/null || true
  for _ in $(seq 1 90); do kill -0 "$NPID" 2>/dev/null || break; sleep 1; done
  kill -0 "$NPID" 2>/dev/null && { log "node did not stop in 90 s, SIGKILL"; kill -KILL "$NPID"; }
  log "stopped"
}
trap stop EXIT
for i in $(seq 1 300); do
  curl -fs "http://127.0.0.1:${P}626/ready" >/dev/null 2>&1 && break
  kill -0 "$NPID" || { log "node died"; exit 1; }
  [ "$i" = 300 ] && { log "not ready in 300 s"; exit 1; }
  sleep 1
done
log "ready after ${SECONDS} s"
if [ ! -f "$SWITCHBOARD_DATA_DIR/.accounts-$ACCOUNTS" ]; then
  ( cd "$TREE" && JAVA_OPTS= timeout 900 ./switchboard bulk-adduser "$ACCOUNTS" ) > "$OUT/adduser.log" 2>&1
  touch "$SWITCHBOARD_DATA_DIR/.accounts-$ACCOUNTS"; log "accounts 1..$ACCOUNTS added"
fi
if [ -z "${CHAT_ONLY:-}" ]; then
sleep 20
H0=$(heap); log "H0 $H0"
T0=$SECONDS
gen --users $USERS --first-user $FIRST --login-rate 200 --login-timeout 60 --scenario idle --duration 135 \
  --out "$OUT/idle" > "$OUT/idle.txt" 2>&1 &
GPID=$!
# H1 at 125 s after the ramp began, but at least 30 s into the hold (a slow ramp on a loaded machine)
for _ in $(seq 1 400); do grep -q 's MEASURE' "$OUT/idle.txt" && break; sleep 1; done
T1=$((SECONDS - T0)); log "hold began ${T1} s after the ramp began"
WAIT=$((125 - T1)); [ $WAIT -lt 30 ] && WAIT=30
sleep $WAIT
H1=$(heap); log "H1 $H1 ($((SECONDS - T0)) s after the ramp began)"
wait $GPID || log "idle generator rc $?"
ONLINE=$(sed -n 's/.*attempted, \([0-9]*\) online at start.*/\1/p' "$OUT/idle/summary.txt" | head -1)
log "idle online=${ONLINE:-?} heap/session=$(( (H1 - H0) / ${ONLINE:-$USERS} )) B (H1-H0=$((H1 - H0)))"
if [ -n "${HEAP_ONLY:-}" ]; then log "round done (heap only)"; exit 0; fi
for pass in 1 2; do
  sleep 10
  log "warm pass $pass"
  gen --users $USERS --first-user $FIRST --login-rate 2000 --login-timeout 60 --scenario idle --duration 5 \
    --settle 1 --out "$OUT/warm$pass" > "$OUT/warm$pass.txt" 2>&1 || log "warm generator rc $?"
done
fi
sleep 10
log "chat $CHAT_USERS x $CHAT_RATE/s"
gen --users $CHAT_USERS --first-user $FIRST --login-rate 1000 --login-timeout 60 --scenario chat --rate "$CHAT_RATE" \
  --duration 30 --drain 10 --out "$OUT/chat" > "$OUT/chat.txt" 2>&1 || log "chat generator rc $?"
if [ -n "${CHAT2_RATE:-1}" ]; then
  sleep 10
  log "chat $CHAT_USERS x ${CHAT2_RATE:-1}/s"
  gen --users $CHAT_USERS --first-user $FIRST --login-rate 1000 --login-timeout 60 --scenario chat --rate "${CHAT2_RATE:-1}" \
    --duration 30 --drain 10 --out "$OUT/chat2" > "$OUT/chat2.txt" 2>&1 || log "chat2 generator rc $?"
fi
log "round done"
