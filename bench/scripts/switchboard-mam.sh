#!/bin/bash
# One Switchboard node (with its embedded Cassandra) for issue #18's MAM benchmark, on its own ports and
# data dir, so it runs beside other nodes on the machine. Plain TCP c2s (SWITCHBOARD_TLS_REQUIRED=false,
# benchmark only), domain localhost.
#   switchboard-mam.sh start on|off     SWITCHBOARD_MAM_ENABLED=true|false; waits for the c2s port
#   switchboard-mam.sh stop | pid | bulk-adduser N
# Environment: SB_DIR (default /tmp/b18-sb), SB_BASE (port base, default 23000, below the ephemeral range: c2s = base+222, etc.),
# ROOT (the repository with a built distribution, default: this script's repository).
set -u
ROOT=${ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
DIR=${SB_DIR:-/tmp/b18-sb}; B=${SB_BASE:-23000}
export SWITCHBOARD_DATA_DIR=$DIR/data SWITCHBOARD_NO_BUILD=1 SWITCHBOARD_TLS_REQUIRED=false \
  SWITCHBOARD_MAX_CONNECTIONS_PER_IP=20000 \
  SWITCHBOARD_C2S_PORT=$((B+222)) SWITCHBOARD_C2S_TLS_PORT=$((B+223)) SWITCHBOARD_S2S_PORT=$((B+269)) \
  SWITCHBOARD_COMPONENT_PORT=$((B+275)) SWITCHBOARD_HTTP_PORT=$((B+280)) SWITCHBOARD_MANAGEMENT_PORT=$((B+626)) \
  SWITCHBOARD_CLUSTER_PORT=$((B+355)) SWITCHBOARD_PROXY65_PORT=$((B+777)) \
  SWITCHBOARD_CASSANDRA_PORT=$((B+42)) SWITCHBOARD_CASSANDRA_STORAGE_PORT=$((B+100))
pid() { pgrep -f "io.switchboard.node.Main" | while read -r p; do
  tr '\0' '\n' < /proc/$p/environ 2>/dev/null | grep -qx "SWITCHBOARD_DATA_DIR=$DIR/data" && echo "$p"; done | head -1; }
case "${1:-}" in
start)
  [ -n "$(pid)" ] && { echo "already running pid $(pid)"; exit 0; }
  case "${2:-on}" in on) export SWITCHBOARD_MAM_ENABLED=true;; off) export SWITCHBOARD_MAM_ENABLED=false;;
    *) echo "start on|off"; exit 1;; esac
  mkdir -p "$DIR"
  ulimit -n "$(ulimit -Hn)"
  (cd "$DIR" && exec setsid "$ROOT/switchboard" start) >>"$DIR/node.log" 2>&1 < /dev/null &
  for i in $(seq 1 400); do sleep 0.5
    (exec 3<>/dev/tcp/127.0.0.1/$((B+222))) 2>/dev/null && break; done
  echo "switchboard (mam ${2:-on}) pid $(pid) c2s $((B+222))" ;;
stop)
  p=$(pid); [ -z "$p" ] && { echo "not running"; exit 0; }
  kill "$p"; for i in $(seq 1 120); do kill -0 "$p" 2>/dev/null || break; sleep 0.5; done
  kill -0 "$p" 2>/dev/null && kill -9 "$p"; echo stopped ;;
pid) pid ;;
bulk-adduser) (cd "$DIR" && "$ROOT/switchboard" bulk-adduser "${2:-2000}") ;;
*) echo "usage: $0 start on|off | stop | pid | bulk-adduser N"; exit 1;;
esac
