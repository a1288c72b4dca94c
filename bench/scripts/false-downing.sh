#!/bin/bash
# False-downing run (issue #25): a 3-node cluster from this checkout (bin/cluster, node 1 with the
# embedded Cassandra) under chat load from the bench generator; every PERIOD seconds one node
# process, in rotation (1, 2, 3, 1, ...), is frozen with SIGSTOP for PAUSE seconds, then SIGCONT.
# At the end: how many members the split-brain resolver downed or the leader removed (none is the
# pass), how often a node was marked unreachable (near misses), the generator's sent/delivered
# (lost = sent - delivered, drain included), and the load average sampled at every pause.
#   bench/scripts/false-downing.sh            (30 minutes; everything bounded by timeouts)
# Environment: DURATION (1800 s of chat), PERIOD (60), PAUSE (2), USERS (300), RATE (1 msg/s per
#   user, so USERS x RATE msgs/s), OFFSET (33000: every port of ./switchboard cluster shifted),
#   OUT (bench/target/false-downing/<time>), NODE_HEAP (-Xmx512m), BUILD (1: build bench first).
# Node settings come from the checkout's application.conf; SWITCHBOARD_* variables in the
# environment (e.g. SWITCHBOARD_SBR_STABLE_AFTER) reach the nodes and override them.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd); ROOT=$(cd "$HERE/../.." && pwd)
DURATION=${DURATION:-1800}; PERIOD=${PERIOD:-60}; PAUSE=${PAUSE:-2}
USERS=${USERS:-300}; RATE=${RATE:-1}; OFFSET=${OFFSET:-33000}
OUT=${OUT:-$ROOT/bench/target/false-downing/$(date +%Y%m%d-%H%M%S)}
mkdir -p "$OUT"
DATA=$OUT/data
port() { echo $(( $1 + OFFSET + 10 * ($2 - 1) )); }
log() { echo "[$(date -u +%H:%M:%S)] $*" | tee -a "$OUT/events.log"; }

[ -n "$(ls "$ROOT"/node/target/switchboard-node-*.jar 2>/dev/null)" ] \
  || { echo "no node/target jar: mvn -B -o -DskipTests package -pl protocol,embedded-cassandra,persistence,sharding,node"; exit 2; }
for i in 1 2 3; do
  if ss -ltnH "sport = :$(port 5222 "$i")" | grep -q .; then echo "port $(port 5222 "$i") in use (OFFSET=$OFFSET)"; exit 2; fi
done
# Bench classes and classpath (no load yet, so the build does not compete with the cluster).
if [ "${BUILD:-1}" = 1 ]; then (source "$ROOT/bench/classpath.sh" >/dev/null); fi

CLUSTER_PID=; GEN=
cleanup() {
  [ -n "$GEN" ] && kill -TERM "$GEN" 2>/dev/null || true
  if [ -n "$CLUSTER_PID" ] && kill -0 "$CLUSTER_PID" 2>/dev/null; then
    for p in $(node_pids); do kill -CONT "$p" 2>/dev/null || true; done
    kill -TERM "$CLUSTER_PID" 2>/dev/null || true
    for _ in $(seq 1 150); do kill -0 "$CLUSTER_PID" 2>/dev/null || break; sleep 1; done
    kill -0 "$CLUSTER_PID" 2>/dev/null && kill -KILL "$CLUSTER_PID" 2>/dev/null || true
  fi
}
node_pid() { ss -ltnpH "sport = :$(port 7626 "$1")" | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2; }
node_pids() { for i in 1 2 3; do node_pid "$i"; done; }
trap cleanup EXIT

log "uptime: $(uptime)"
log "starting 3 nodes (offset $OFFSET, data $DATA)"
SWITCHBOARD_CLUSTER_DATA_DIR=$DATA SWITCHBOARD_CLUSTER_PORT_OFFSET=$OFFSET SWITCHBOARD_CLUSTER_READY_TIMEOUT=400 \
  JAVA_OPTS="${NODE_HEAP:--Xmx512m}" setsid "$ROOT/bin/cluster" 3 >"$OUT/cluster.log" 2>&1 &
CLUSTER_PID=$!
for _ in $(seq 1 450); do
  grep -q "node(s) ready" "$OUT/cluster.log" && break
  kill -0 "$CLUSTER_PID" 2>/dev/null || { cat "$OUT/cluster.log"; exit 1; }
  sleep 1
done
grep -q "node(s) ready" "$OUT/cluster.log" || { log "cluster not ready"; exit 1; }
declare -a PID
for i in 1 2 3; do PID[$i]=$(node_pid "$i"); done
log "cluster ready: node pids ${PID[*]}"

(cd "$ROOT" && SWITCHBOARD_DATA_DIR=$DATA/node-2 SWITCHBOARD_SECRETS_DIR=$DATA/secrets SWITCHBOARD_NO_BUILD=1 \
  SWITCHBOARD_CASSANDRA_CONTACT_POINTS=127.0.0.1:$((9042 + OFFSET)) timeout 300 ./switchboard bulk-adduser "$USERS") \
  >"$OUT/adduser.log" 2>&1 || { log "bulk-adduser failed"; cat "$OUT/adduser.log"; exit 1; }

SERVERS=$(for i in 1 2 3; do printf '127.0.0.1:%s,' "$(port 5222 "$i")"; done)
log "chat load: $USERS users x $RATE msg/s for $DURATION s over ${SERVERS%,}"
GEN_CPUS="" BUILD=0 JAVA_OPTS="-Xms128m -Xmx768m -XX:+UseParallelGC" timeout $((DURATION + 600)) \
  "$ROOT/bench/run.sh" --server "${SERVERS%,}" --domain localhost --tls starttls --auth scram-sha-1 --users "$USERS" --login-rate 50 \
  --login-timeout 120 --scenario chat --rate "$RATE" --duration "$DURATION" --drain 60 --quiet --no-plots \
  --label "false-downing: SIGSTOP ${PAUSE}s every ${PERIOD}s" --out "$OUT/gen" >"$OUT/generator.log" 2>&1 &
GEN=$!

# The nodes require STARTTLS before SASL (switchboard.tls.required): without --tls starttls no
# mechanism is offered and every login fails (the first sessions' runs, "AUTH" failures).
# Pauses start after the generator's login ramp (USERS / 50 per second) and stop before its end.
sleep $((USERS / 50 + 30))
START=$SECONDS; k=0
echo "time,node,pid,load1,load5,load15" >"$OUT/pauses.csv"
while [ $((SECONDS - START)) -lt $((DURATION - PERIOD)) ] && kill -0 "$GEN" 2>/dev/null; do
  i=$(( k % 3 + 1 )); p=${PID[$i]}
  if kill -0 "$p" 2>/dev/null; then
    kill -STOP "$p"; sleep "$PAUSE"; kill -CONT "$p"
    read -r l1 l5 l15 _ </proc/loadavg
    echo "$(date -u +%H:%M:%S),$i,$p,$l1,$l5,$l15" >>"$OUT/pauses.csv"
    log "node $i (pid $p) paused ${PAUSE}s; load $l1 $l5 $l15"
    [ "$k" -eq $(( (DURATION / PERIOD) / 2 )) ] && log "uptime (middle): $(uptime)"
  else
    log "node $i (pid $p) is gone"
  fi
  k=$((k + 1))
  sleep $((PERIOD - PAUSE))
done
log "pauses done ($k); waiting for the generator"
wait "$GEN" || log "generator exit status $?"
log "uptime: $(uptime)"

# Verdict from the nodes' logs and the cluster's own view.
count() { cat "$DATA"/node-*/node.log | grep -c -E "$1" || true; }
MEMBERS=$(curl -s --max-time 5 -H "Authorization: Bearer $(cat "$DATA/secrets/management.token" 2>/dev/null)" \
  "http://127.0.0.1:$(port 7626 1)/switchboard/status" | grep -o '"status":"Up"' | wc -l || true)
{
  echo "== false-downing run: $k pauses of ${PAUSE}s (SIGSTOP/SIGCONT), one every ${PERIOD}s in rotation over 3 nodes"
  echo "settings: $(grep -h -E '^\s*(heartbeat-interval|acceptable-heartbeat-pause|stable-after|down-removal-margin|down-all-when-unstable) =' \
    "$ROOT/node/src/main/resources/application.conf" | tr -s ' ' | paste -sd';') (env overrides: $(env | grep -E '^SWITCHBOARD_(SBR|FD|DOWN)' | paste -sd' ' || true))"
  echo "SBR decisions (SBR took decision):            $(count 'SBR took decision')"
  echo "members marked Down by the leader:            $(count 'Marking unreachable node .* as \[Down\]|as \[Down\]')"
  echo "members removed (Leader is removing):         $(count 'Leader is removing (unreachable|confirmed Exiting|downed)')"
  echo "unreachable observations (near misses):       $(count 'Marking node\(s\)? as UNREACHABLE|Marking node as UNREACHABLE')"
  echo "node processes alive at the end:              $(for p in "${PID[@]}"; do kill -0 "$p" 2>/dev/null && echo x; done | wc -l) of 3"
  echo "Up members seen by node 1 at the end:         $MEMBERS"
  echo "load average at the pauses (1 min): min/median/max $(tail -n +2 "$OUT/pauses.csv" | cut -d, -f4 | sort -n \
    | awk '{a[NR]=$1} END {if (NR) printf "%s / %s / %s", a[1], a[int((NR+1)/2)], a[NR]}')"
  awk '/^traffic/ { for (i = 1; i <= NF; i++) { if ($i == "sent") s = $(i + 1); if ($i == "incl.") d = $(i - 1) } }
    END { if (s != "") printf "messages: sent %d, delivered %d (drain included), lost %d\n", s, d, s - d
          if (s == "" || s == 0) print "NO CHAT LOAD: the generator sent nothing (see generator.log): not a valid run" }' \
    "$OUT/gen/summary.txt" 2>/dev/null || true
  echo "--- generator"
  cat "$OUT/gen/summary.txt" 2>/dev/null || tail -20 "$OUT/generator.log"
  echo "--- resolver / downing lines"
  cat "$DATA"/node-*/node.log | grep -E "SBR took decision|as \[Down\]|Leader is removing|down-all" | head -20 || true
} | tee "$OUT/verdict.txt"
