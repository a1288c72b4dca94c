#!/bin/bash
# Runs the JMH micro-benchmarks of io.switchboard.bench.jmh (decoder, serializer, Router hop,
# cross-node envelope serialization), pinned to one core.
#   bench/jmh.sh                         all of them, with the GC profiler (allocation per op)
#   bench/jmh.sh RouterHop -f 1 -i 3     a subset, any JMH options (bench/jmh.sh -h lists them)
# Environment:
#   JMH_CPUS  taskset CPU list ("" = no pinning)   [1]
#   BUILD=0   skip the maven build
set -euo pipefail
source "$(cd "$(dirname "$0")" && pwd)/classpath.sh"
PIN=(); [ -n "${JMH_CPUS-1}" ] && PIN=(taskset -c "${JMH_CPUS-1}")
ARGS=("$@")
[ $# -eq 0 ] && ARGS=(-prof gc io.switchboard.bench.jmh)
exec "${PIN[@]}" java -cp "$CP" org.openjdk.jmh.Main "${ARGS[@]}"
