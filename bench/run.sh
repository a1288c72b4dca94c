#!/bin/bash
# Runs the Switchboard load generator (io.switchboard.bench.LoadGenerator) on loopback.
#   bench/run.sh [LoadGenerator options]          e.g. bench/run.sh --server 127.0.0.1:15222 --users 2000 --scenario chat
#   bench/run.sh --help
# Environment:
#   GEN_CPUS   taskset CPU list for the generator ("" = no pinning)          [0]
#   SHARDS     run N generator processes, each with --shard i/N, in parallel  [1]
#              (each process is capped at 20,000 open files here; pass --out to name the directory prefix)
#   JAVA_OPTS  JVM options                                                    [-Xms256m -Xmx2g -XX:+UseParallelGC]
#   BUILD=0    skip the maven build (use the existing bench/target/classes)
set -euo pipefail
source "$(cd "$(dirname "$0")" && pwd)/classpath.sh"
ulimit -n "$(ulimit -Hn)"
PIN=(); [ -n "${GEN_CPUS-0}" ] && PIN=(taskset -c "${GEN_CPUS-0}")
JAVA_OPTS=${JAVA_OPTS:--Xms256m -Xmx2g -XX:+UseParallelGC}
SHARDS=${SHARDS:-1}
# Results go to bench/target/results/<time> unless --out is given.
OUT=$HERE/target/results/$(date +%Y%m%d-%H%M%S)
case " $* " in *" --out "*|*" --out="*) HAS_OUT=1;; *) HAS_OUT=0;; esac
if [ "$SHARDS" -le 1 ]; then
  [ $HAS_OUT = 1 ] && exec "${PIN[@]}" java $JAVA_OPTS -cp "$CP" io.switchboard.bench.LoadGenerator "$@"
  exec "${PIN[@]}" java $JAVA_OPTS -cp "$CP" io.switchboard.bench.LoadGenerator "$@" --out "$OUT"
fi
# Several processes: the same options plus --shard i/N and --out <dir>-shard<i>; waits for all.
ARGS=()
while [ $# -gt 0 ]; do
  if [ "$1" = --out ]; then OUT=$2; shift 2; else ARGS+=("$1"); shift; fi
done
PIDS=()
for i in $(seq 1 "$SHARDS"); do
  "${PIN[@]}" java $JAVA_OPTS -cp "$CP" io.switchboard.bench.LoadGenerator "${ARGS[@]}" --shard "$i/$SHARDS" \
    --out "$OUT-shard$i" --quiet > "$OUT-shard$i.log" 2>&1 &
  PIDS+=($!)
done
RC=0
for p in "${PIDS[@]}"; do wait "$p" || RC=$?; done
for i in $(seq 1 "$SHARDS"); do echo "--- shard $i/$SHARDS"; cat "$OUT-shard$i/summary.txt" 2>/dev/null || tail -5 "$OUT-shard$i.log"; done
java -cp "$CP" io.switchboard.bench.LoadGenerator --merge $(for i in $(seq 1 "$SHARDS"); do echo "$OUT-shard$i/result.json"; done) || RC=1
exit $RC
