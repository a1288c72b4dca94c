#!/bin/bash
# Private Prosody and ejabberd with a MUC service, for the muc benchmark (bench/README.md, "Issue #17: MUC").
#   bench/peers/muc-peers.sh prosody|ejabberd start|stop|pid|create-users N
# Prosody on 127.0.0.1:16322, ejabberd on 127.0.0.1:26322; vhost example.test, rooms at conference.example.test,
# accounts user1..userN / pass1..passN. State under $MUC_PEERS_DIR (default /tmp/sb-mucbench-peers/<server>).
# SERVER_CPUS (default 1) is the taskset CPU list of the server. Loopback only; no default XMPP port is bound.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
SERVER=${1:-}; CMD=${2:-}
D=${MUC_PEERS_DIR:-/tmp/sb-mucbench-peers}/$SERVER
CPUS=${SERVER_CPUS:-1}
case "$SERVER" in
  prosody) USER_ID=prosody; PORT=16322 ;;
  ejabberd) USER_ID=ejabberd; PORT=26322 ;;
  *) echo "usage: $0 prosody|ejabberd start|stop|pid|create-users N"; exit 2 ;;
esac
as_server() { setpriv --reuid=$USER_ID --regid=$USER_ID --init-groups env HOME=$D "$@"; }
layout() {
  [ -d "$D" ] && return
  mkdir -p "$D/data"
  if [ "$SERVER" = prosody ]; then
    sed "s#@DIR@#$D#g" "$HERE/prosody-muc.cfg.lua" > "$D/prosody.cfg.lua"
  else
    sed "s#@DIR@#$D#g" "$HERE/ejabberd-muc.yml" > "$D/ejabberd.yml"
    sed "s#@DIR@#$D#g" "$HERE/ejabberdctl-muc.cfg" > "$D/ejabberdctl.cfg"
    cp /var/lib/ejabberd/.erlang.cookie "$D/.erlang.cookie"
  fi
  chown -R $USER_ID "$D"; chmod 700 "$D"
}
ejctl() { (cd "$D" && as_server ejabberdctl --config "$D/ejabberd.yml" --ctl-config "$D/ejabberdctl.cfg" \
  --spool "$D/data" --logs "$D" "$@"); }
pid() {
  if [ "$SERVER" = prosody ]; then cat "$D/prosody.pid" 2>/dev/null
  else pgrep -u ejabberd -f 'beam.*-sname ejmuc@localhost' | head -1; fi
}
listening() { bash -c "exec 3<>/dev/tcp/127.0.0.1/$PORT" 2>/dev/null; }
case "$CMD" in
start)
  layout
  if [ -n "$(pid)" ] && kill -0 "$(pid)" 2>/dev/null; then echo "$SERVER already running, pid $(pid)"; exit 0; fi
  ulimit -n "$(ulimit -Hn)"
  if [ "$SERVER" = prosody ]; then
    (cd "$D" && exec setsid taskset -c "$CPUS" setpriv --reuid=prosody --regid=prosody --init-groups \
      prosody --config "$D/prosody.cfg.lua" -F) >> "$D/stdout.log" 2>&1 < /dev/null &
  else
    (cd "$D" && exec setsid taskset -c "$CPUS" setpriv --reuid=ejabberd --regid=ejabberd --init-groups env HOME=$D \
      ejabberdctl --config "$D/ejabberd.yml" --ctl-config "$D/ejabberdctl.cfg" --spool "$D/data" --logs "$D" \
      foreground) >> "$D/stdout.log" 2>&1 < /dev/null &
  fi
  for _ in $(seq 1 120); do sleep 0.5; listening && break; done
  listening || { echo "$SERVER did not open port $PORT (see $D)"; exit 1; }
  echo "$SERVER pid $(pid) on 127.0.0.1:$PORT" ;;
stop)
  p=$(pid)
  [ -z "$p" ] && { echo "$SERVER not running"; exit 0; }
  if [ "$SERVER" = ejabberd ]; then ejctl stop > /dev/null 2>&1 || kill "$p"; else kill "$p"; fi
  for _ in $(seq 1 60); do kill -0 "$p" 2>/dev/null || break; sleep 0.5; done
  kill -0 "$p" 2>/dev/null && kill -9 "$p"
  rm -f "$D/prosody.pid"; echo "$SERVER stopped" ;;
pid) pid ;;
create-users)
  N=${3:?create-users N}
  [[ "$N" =~ ^[0-9]+$ ]] && [ "$N" -le 20000 ] || { echo "N must be 1..20000"; exit 2; }
  if [ "$SERVER" = prosody ]; then
    # one Lua loop in the running server's admin shell, through its own user manager
    echo "> local users = require'core.usermanager'; local made = 0; for n = 1, $N do \
if not users.user_exists('user'..n, 'example.test') then users.create_user('user'..n, 'pass'..n, 'example.test'); \
made = made + 1 end end; return 'made '..made" | runuser -u prosody -- prosodyctl --config "$D/prosody.cfg.lua" shell
  else
    # one RPC into the running node that registers each account through ejabberd_auth
    erl -noshell -sname mucreg$$ -setcookie "$(cat "$D/.erlang.cookie")" -eval "
      Made = rpc:call('ejmuc@localhost', lists, foldl, [fun(N, Count) ->
        Name = iolist_to_binary([<<\"user\">>, integer_to_list(N)]),
        Pass = iolist_to_binary([<<\"pass\">>, integer_to_list(N)]),
        case ejabberd_auth:try_register(Name, <<\"example.test\">>, Pass) of ok -> Count + 1; _ -> Count end
      end, 0, lists:seq(1, $N)], infinity),
      io:format(\"made ~p~n\", [Made]), halt()."
  fi ;;
*) echo "usage: $0 prosody|ejabberd start|stop|pid|create-users N"; exit 2 ;;
esac
