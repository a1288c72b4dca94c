#!/bin/bash
# Issue #20's s2s benchmark: one-way chat messages/s and latency from users of server X to users of
# Prosody over s2s, for X = Switchboard (sw.test) and X = ejabberd 23.01 (ej.test), against the same
# Prosody 0.12 (prosody.test), same load, same machine, runs in alternating order.
# Loopback only: a private dnsmasq answers the three .test domains (SRV records to the private ports;
# Prosody reads it through lua-unbound, ejabberd through an inetrc); Switchboard reaches Prosody
# through its static map (switchboard.s2s.hosts). Nothing on the machine changes (/etc/hosts untouched).
# s2s and c2s run without TLS on all three (dialback authenticates the s2s streams), MAM and offline
# storage are off, no server is rate-limited (Prosody without mod_limits, ejabberd without shapers).
#
#   s2s-bench.sh start            dnsmasq, Prosody, ejabberd, Switchboard (built distribution), accounts
#   s2s-bench.sh run R "RATES"    R rounds; each round, for each rate, both senders (order alternates by round)
#   s2s-bench.sh one sw|ej RATE   one run
#   s2s-bench.sh summary          medians and ratios of $DIR/results.jsonl
#   s2s-bench.sh stop
# Environment: S2S_DIR (default /tmp/s2sbench), S2S_BASE (port base, default 27000), USERS (20),
# DURATION (seconds of sending per run, 20), GAP (pause before each run, 10 s), ROOT (the repository with a built distribution).
set -u
ROOT=${ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
DIR=${S2S_DIR:-/tmp/s2sbench}; B=${S2S_BASE:-27000}
USERS=${USERS:-20}; DURATION=${DURATION:-20}
SW_C2S=$((B+222)); SW_S2S=$((B+269)); PR_C2S=$((B+322)); PR_S2S=$((B+369)); EJ_C2S=$((B+422)); EJ_S2S=$((B+469))
DNS=$((B+53))
LOAD="python3 $(cd "$(dirname "$0")" && pwd)/s2s_load.py"

sw_env() {
  export SWITCHBOARD_DATA_DIR=$DIR/sw/data SWITCHBOARD_NO_BUILD=1 SWITCHBOARD_TLS_REQUIRED=false \
    SWITCHBOARD_DOMAIN=sw.test SWITCHBOARD_MAM_ENABLED=false SWITCHBOARD_MAX_CONNECTIONS_PER_IP=20000 \
    SWITCHBOARD_C2S_PORT=$SW_C2S SWITCHBOARD_C2S_TLS_PORT=$((B+223)) SWITCHBOARD_S2S_PORT=$SW_S2S \
    SWITCHBOARD_COMPONENT_PORT=$((B+275)) SWITCHBOARD_HTTP_PORT=$((B+280)) SWITCHBOARD_MANAGEMENT_PORT=$((B+626)) \
    SWITCHBOARD_CLUSTER_PORT=$((B+355)) SWITCHBOARD_PROXY65_PORT=$((B+777)) \
    SWITCHBOARD_CASSANDRA_PORT=$((B+42)) SWITCHBOARD_CASSANDRA_STORAGE_PORT=$((B+100)) \
    SWITCHBOARD_S2S_TLS_REQUIRED=false SWITCHBOARD_S2S_HOSTS="prosody.test=127.0.0.1:$PR_S2S" \
    SWITCHBOARD_S2S_DNS_SERVER=127.0.0.1:$DNS SWITCHBOARD_S2S_BIDI=false
  export JAVA_OPTS=${JAVA_OPTS:--Xms256m -Xmx2g}
}
sw_pid() { pgrep -f "io.switchboard.node.Main" | while read -r p; do
  tr '\0' '\n' < /proc/$p/environ 2>/dev/null | grep -qx "SWITCHBOARD_DATA_DIR=$DIR/sw/data" && echo "$p"; done | head -1; }
pidof_file() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null && cat "$1"; }
wait_port() { for _ in $(seq 1 "${2:-240}"); do (exec 3<>/dev/tcp/127.0.0.1/"$1") 2>/dev/null && return 0; sleep 0.5; done; return 1; }
cpu_ticks() { local t=0 p; for p in "$@"; do [ -n "$p" ] && [ -r /proc/$p/stat ] && \
  t=$((t + $(awk '{print $14+$15}' /proc/$p/stat))); done; echo $t; }

start_dns() {
  mkdir -p "$DIR/dns"
  [ -n "$(pidof_file "$DIR/dns/dnsmasq.pid")" ] && return
  # SRV targets: ejabberd resolves a target with the C library (not this server), so prosody.test's
  # names the literal 127.0.0.1; Prosody resolves sw.test and ej.test through this server.
  dnsmasq --no-resolv --no-hosts --no-poll --listen-address=127.0.0.1 --bind-interfaces --port=$DNS --user=root \
    --pid-file="$DIR/dns/dnsmasq.pid" --address=/test/127.0.0.1 --local=/test/ \
    --srv-host=_xmpp-server._tcp.sw.test,sw.test,$SW_S2S --srv-host=_xmpp-server._tcp.ej.test,ej.test,$EJ_S2S \
    --srv-host=_xmpp-server._tcp.prosody.test,127.0.0.1,$PR_S2S
}

start_prosody() {
  local d=$DIR/prosody; mkdir -p "$d/data"
  [ -n "$(pidof_file "$d/prosody.pid")" ] && return
  cat > "$d/prosody.cfg.lua" <<EOF
run_as_root = true
pidfile = "$d/prosody.pid"
data_path = "$d/data"
log = { warn = "$d/prosody.log" }
interfaces = { "127.0.0.1" }
c2s_ports = { $PR_C2S }
s2s_ports = { $PR_S2S }
c2s_direct_tls_ports = { }
s2s_direct_tls_ports = { }
modules_enabled = { "roster"; "saslauth"; "dialback"; "disco"; "ping" }
modules_disabled = { "s2s_bidi"; "offline" }
authentication = "internal_plain"
storage = "internal"
c2s_require_encryption = false
allow_unencrypted_plain_auth = true
s2s_require_encryption = false
s2s_secure_auth = false
unbound = { forward = "127.0.0.1@$DNS"; resolvconf = false; hoststxt = false; options = { ["local-zone:"] = "test. transparent" } }
VirtualHost "prosody.test"
EOF
  for i in $(seq 1 "$USERS"); do
    [ -f "$d/data/prosody%2etest/accounts/user$i.dat" ] || \
      prosodyctl --config "$d/prosody.cfg.lua" register "user$i" prosody.test "pass$i" >/dev/null 2>&1
  done
  (setsid prosody --config "$d/prosody.cfg.lua" -F >"$d/prosody.out" 2>&1 < /dev/null &)
  wait_port $PR_C2S 60 || { echo "prosody did not start"; cat "$d/prosody.out"; exit 1; }
}

start_ejabberd() {
  local d=$DIR/ejabberd; mkdir -p "$d"
  [ -n "$(pidof_file "$d/ejabberd.pid")" ] && return
  rm -rf "$d/db"; mkdir -p "$d/db"
  printf '{resolv_conf, ""}.\n{hosts_file, ""}.\n{nameserver, {127,0,0,1}, %s}.\n{lookup, [dns]}.\n' $DNS > "$d/inetrc"
  cat > "$d/ejabberd.yml" <<EOF
hosts:
  - "ej.test"
loglevel: warning
log_rotate_count: 0
listen:
  - port: $EJ_C2S
    ip: "127.0.0.1"
    module: ejabberd_c2s
  - port: $EJ_S2S
    ip: "127.0.0.1"
    module: ejabberd_s2s_in
s2s_use_starttls: false
s2s_dns_timeout: 5
s2s_dns_retries: 1
auth_method: internal
modules:
  mod_roster: {}
  mod_disco: {}
  mod_s2s_dialback: {}
  mod_ping: {}
EOF
  local reg=""
  for i in $(seq 1 "$USERS"); do reg+="ok = ejabberd_auth:try_register(<<\"user$i\">>, <<\"ej.test\">>, <<\"pass$i\">>), "; done
  reg+='io:format("s2s-bench: ejabberd ready~n").'
  (cd "$d" && ERL_LIBS=/usr/lib/x86_64-linux-gnu EJABBERD_CONFIG_PATH=$d/ejabberd.yml EJABBERD_LOG_PATH=$d/ejabberd.log \
    ERL_INETRC=$d/inetrc ERL_CRASH_DUMP=$d/erl_crash.dump HOME=$d \
    setsid erl -noinput -noshell -mnesia dir "\"$d/db\"" -s ejabberd -eval "$reg" >"$d/ejabberd.out" 2>&1 < /dev/null &)
  for _ in $(seq 1 240); do
    if grep -q "ejabberd ready" "$d/ejabberd.out" 2>/dev/null; then
      pgrep -f "beam.smp.*-home $d " | head -1 > "$d/ejabberd.pid"; return
    fi
    sleep 0.5
  done
  echo "ejabberd did not start"; tail -20 "$d/ejabberd.out"; exit 1
}

start_sw() {
  mkdir -p "$DIR/sw"
  [ -n "$(sw_pid)" ] && return
  ( sw_env; ulimit -n "$(ulimit -Hn)"; cd "$DIR/sw" && exec setsid "$ROOT/switchboard" start ) >>"$DIR/sw/node.log" 2>&1 < /dev/null &
  wait_port $SW_C2S 1200 || { echo "switchboard did not start"; tail -30 "$DIR/sw/node.log"; exit 1; }
  ( sw_env; cd "$DIR/sw" && "$ROOT/switchboard" bulk-adduser "$USERS" ) | tail -1
}

one() { # one sw|ej RATE: one measured run, appended to results.jsonl
  local who=$1 rate=$2 port dom pids
  case $who in sw) port=$SW_C2S; dom=sw.test; pids="$(sw_pid) $(pgrep -P "$(sw_pid)" | tr '\n' ' ')";;
               ej) port=$EJ_C2S; dom=ej.test; pids=$(cat "$DIR/ejabberd/ejabberd.pid");; esac
  local pr; pr=$(cat "$DIR/prosody/prosody.pid")
  local load0 c0 p0 out load1 c1 p1 k0 k1 kids=""
  [ "$who" = sw ] && kids=$(pgrep -P "$(sw_pid)" | tr '\n' ' ')
  sleep "${GAP:-10}" # what an earlier run left queued goes out before this one
  load0=$(cut -d' ' -f1-3 /proc/loadavg); c0=$(cpu_ticks $pids); p0=$(cpu_ticks "$pr"); k0=$(cpu_ticks $kids)
  out=$(timeout $((DURATION * 3 + 120)) $LOAD --send 127.0.0.1:$port --send-domain $dom --recv 127.0.0.1:$PR_C2S \
    --recv-domain prosody.test --scram --users "$USERS" --rate "$rate" --duration "$DURATION" --label "$who->prosody $rate" \
    2>&1 | tail -1)
  load1=$(cut -d' ' -f1-3 /proc/loadavg); c1=$(cpu_ticks $pids); p1=$(cpu_ticks "$pr"); k1=$(cpu_ticks $kids)
  python3 - "$out" "$who" "$rate" "$load0" "$load1" "$((c1 - c0))" "$((p1 - p0))" "$((k1 - k0))" <<'EOF' | tee -a "$DIR/results.jsonl"
import json, sys, time
out, who, rate, l0, l1, c, p, k = sys.argv[1:]
try:
    r = json.loads(out)
except ValueError:
    r = {"error": out[-300:]}
r.update(sender=who, rate=float(rate), load_before=l0, load_after=l1, sender_cpu_s=int(c) / 100,
         prosody_cpu_s=int(p) / 100, cassandra_cpu_s=int(k) / 100, at=time.strftime("%H:%M:%S", time.gmtime()))
print(json.dumps(r))
EOF
}

summary() {
  python3 - "$DIR/results.jsonl" <<'EOF'
import json, statistics as st, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
by = {}
for r in rows:
    by.setdefault((r["rate"], r["sender"]), []).append(r)
def med(rs, k):
    v = [r[k] for r in rs if r.get(k) is not None]
    return round(st.median(v), 1) if v else None
print(f"{'rate':>6} {'sender':>6} {'runs':>4} {'deliv/s':>8} {'lost':>5} {'bounced':>7} {'p50 ms':>7} {'p99 ms':>7} {'cpu s':>6} {'prosody cpu s':>13} {'of it C* s':>9}")
for rate in sorted({k[0] for k in by}):
    m = {}
    for who in ("sw", "ej"):
        rs = by.get((rate, who), [])
        if not rs:
            continue
        m[who] = {k: med(rs, k) for k in ("delivered_per_s", "p50_ms", "p99_ms", "sender_cpu_s", "prosody_cpu_s",
                                          "cassandra_cpu_s")}
        lost = sum(r.get("lost", 0) or 0 for r in rs)
        bounced = sum(r.get("bounced", 0) or 0 for r in rs)
        print(f"{rate:>6.0f} {who:>6} {len(rs):>4} {m[who]['delivered_per_s']:>8} {lost:>5} {bounced:>7} {m[who]['p50_ms']:>7} "
              f"{m[who]['p99_ms']:>7} {m[who]['sender_cpu_s']:>6} {m[who]['prosody_cpu_s']:>13} {m[who]['cassandra_cpu_s'] or '':>9}")
    if len(m) == 2:
        f = lambda k: (m["sw"][k] / m["ej"][k]) if m["ej"][k] else float("nan")
        print(f"{rate:>6.0f}  sw/ej  delivered {f('delivered_per_s'):.2f}x  p50 {f('p50_ms'):.2f}x  p99 {f('p99_ms'):.2f}x"
              f"  sender cpu {f('sender_cpu_s'):.2f}x")
EOF
}

case "${1:-}" in
start) start_dns; start_prosody; start_ejabberd; start_sw
  echo "dnsmasq $DNS, prosody c2s $PR_C2S s2s $PR_S2S, ejabberd c2s $EJ_C2S s2s $EJ_S2S, switchboard c2s $SW_C2S s2s $SW_S2S (pid $(sw_pid))";;
peers) start_dns; start_prosody; start_ejabberd; echo "peers up";;
one) one "$2" "$3";;
run)
  rounds=${2:-2}; rates=${3:-"500 2000"}
  for r in $(seq 1 "$rounds"); do
    for rate in $rates; do
      if [ $((r % 2)) -eq 1 ]; then one sw "$rate"; one ej "$rate"; else one ej "$rate"; one sw "$rate"; fi
    done
  done
  summary;;
summary) summary;;
stop)
  p=$(sw_pid); [ -n "$p" ] && { kill "$p"; for _ in $(seq 1 60); do kill -0 "$p" 2>/dev/null || break; sleep 0.5; done; kill -9 "$p" 2>/dev/null; }
  for f in "$DIR/ejabberd/ejabberd.pid" "$DIR/prosody/prosody.pid" "$DIR/dns/dnsmasq.pid"; do
    p=$(pidof_file "$f") && [ -n "$p" ] && kill "$p"; done
  echo stopped;;
*) sed -n 2,20p "$0"; exit 1;;
esac
