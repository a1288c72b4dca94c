#!/usr/bin/env bash
# smack-modular-stall.sh PORT [N] [--kick]: Smack's modular NIO connection (the client of SINT's
# ModularXmppClientToServerConnectionLowLevelIntegrationTest) connects N times (default 100) over
# STARTTLS to a c2s port on loopback; connects stalled over 2 s are inspected (SmackModularStall.java).
# Needs the Smack classpath run-sint.sh caches (run /work/shared/tools/run-sint.sh once) and `ss`.
set -euo pipefail
PORT=${1:?usage: $0 PORT [N] [--kick]}; N=${2:-100}; KICK=false; [ "${3:-}" = --kick ] && KICK=true
[ "$N" -ge 1 ] && [ "$N" -le 2000 ] || { echo "N must be 1..2000" >&2; exit 64; }
CPF=$HOME/.cache/run-sint/${SINT_VERSION:-4.5.0-beta5}/cp.txt
[ -s "$CPF" ] || { echo "no $CPF: run run-sint.sh once first" >&2; exit 1; }
OUT=$(mktemp -d /tmp/smack-stall.XXXXXX)
javac -nowarn -cp "$(cat "$CPF")" -d "$OUT" "$(dirname "$0")/SmackModularStall.java"
PIN=CERTSHA256:$(openssl s_client -starttls xmpp -xmpphost localhost -connect "127.0.0.1:$PORT" </dev/null 2>/dev/null \
  | openssl x509 -outform DER | sha256sum | cut -d' ' -f1 | tr a-f A-F | sed 's/../&:/g; s/:$//')
exec java -Dstall.kick=$KICK -cp "$OUT:$(cat "$CPF")" SmackModularStall "$N" "$PORT" "$PIN"
