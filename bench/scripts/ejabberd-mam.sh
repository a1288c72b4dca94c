#!/bin/bash
# A private ejabberd 23.01 (Debian apt) for issue #18's MAM benchmark, beside anything else on the machine:
# its own port, Erlang node name and directory, derived from the shared load-test config
# (../shared/tools/load/configs/ejabberd.yml: plain TCP, SASL PLAIN, vhost example.test).
#   ejabberd-mam.sh start on|off    on: mod_mam with db_type sql on SQLite (sql_type: sqlite, one file
#                                   under $DIR), default: always (ejabberd's own default is never);
#                                   off: the same config without mod_mam. Accounts stay in Mnesia.
#   ejabberd-mam.sh stop | pid | create-users N | ctl ARGS...
# Environment: EJ_DIR (default /tmp/b18-ejabberd), EJ_PORT (default 25422), EJ_NODE (default ejmam18),
# SERVER_CPUS (taskset list, default: no pinning).
set -u
SHARED=${SHARED:-/work/shared/tools/load/configs}
DIR=${EJ_DIR:-/tmp/b18-ejabberd}; PORT=${EJ_PORT:-25422}; NODE=${EJ_NODE:-ejmam18}@localhost
AS_EJ="setpriv --reuid=ejabberd --regid=ejabberd --init-groups env HOME=/var/lib/ejabberd"
CTL="ejabberdctl --config $DIR/ejabberd.yml --ctl-config $DIR/ejabberdctl.cfg --spool $DIR/db --logs $DIR/log"
ctl() { (cd "$DIR" && $AS_EJ $CTL "$@"); }
pid() { pgrep -u ejabberd -f "beam.*-sname $NODE" | head -1; }
config() {  # $1 = on|off
  mkdir -p "$DIR/db" "$DIR/log"
  sed -e "s#@WORK@#$DIR/..#g" -e "s#ERLANG_NODE=.*#ERLANG_NODE=$NODE#" \
      -e "s#EJABBERD_PID_PATH=.*#EJABBERD_PID_PATH=$DIR/ejabberd.pid#" "$SHARED/ejabberdctl.cfg" > "$DIR/ejabberdctl.cfg"
  # top-level SQL settings first; the shared file ends with its modules: list, mod_mam is appended to it
  printf 'sql_type: sqlite\nsql_database: "%s"\n' "$DIR/mam.sqlite" > "$DIR/ejabberd.yml"
  sed -e "s#port: 25222#port: $PORT#" "$SHARED/ejabberd.yml" >> "$DIR/ejabberd.yml"
  if [ "$1" = on ]; then
    cat >> "$DIR/ejabberd.yml" <<YML
  mod_mam:
    db_type: sql
    default: always
    assume_mam_usage: true
YML
  fi
  chown -R ejabberd "$DIR"
}
case "${1:-}" in
start)
  [ -n "$(pid)" ] && { echo "already running pid $(pid)"; exit 0; }
  config "${2:-on}"
  ulimit -n "$(ulimit -Hn)"
  (cd "$DIR" && exec setsid ${SERVER_CPUS:+taskset -c $SERVER_CPUS} $AS_EJ $CTL foreground) >>"$DIR/stdout.log" 2>&1 < /dev/null &
  for i in $(seq 1 300); do sleep 0.5; ctl status >/dev/null 2>&1 && break; done
  ctl status; echo "ejabberd (mam ${2:-on}) pid $(pid) port $PORT" ;;
stop)
  p=$(pid); ctl stop >/dev/null 2>&1
  for i in $(seq 1 75); do [ -n "$p" ] && kill -0 "$p" 2>/dev/null || break; sleep 0.4; done
  [ -n "$p" ] && kill -0 "$p" 2>/dev/null && kill "$p"; echo stopped ;;
pid) pid ;;
ctl) shift; ctl "$@" ;;
create-users)
  N=${2:-2000}
  COOKIE=$(cat /var/lib/ejabberd/.erlang.cookie)
  erl -noshell -sname bulkreg$$ -setcookie "$COOKIE" -eval "
    R = rpc:call('$NODE', lists, foldl, [fun(I, Acc) ->
          U = list_to_binary(\"user\" ++ integer_to_list(I)), P = list_to_binary(\"pass\" ++ integer_to_list(I)),
          case ejabberd_auth:try_register(U, <<\"example.test\">>, P) of ok -> Acc + 1; _ -> Acc end
        end, 0, lists:seq(1, $N)], infinity),
    io:format(\"created ~p~n\", [R]), halt()." ;;
*) echo "usage: $0 start on|off | stop | pid | ctl ARGS | create-users N"; exit 1;;
esac
