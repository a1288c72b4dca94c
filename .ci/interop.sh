#!/usr/bin/env bash
# The XMPP interop suite (Smack's SINT, through ../shared/tools/run-sint.sh) against a real
# single node started with ./switchboard start, accounts by in-band registration. Runs the test
# classes issues #3, #5, #17 and #18 require; any failure fails CI. The node is stopped with SIGTERM at the end.
# The reply timeout is 15 s instead of SINT's 5 s: on a 2-core CI machine the node, its Cassandra
# and the suite's JVM share the cores, and a slow first reply is not what the suite tests.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
SINT="$ROOT/../shared/tools/run-sint.sh"
[ -f "$SINT" ] || SINT=/work/shared/tools/run-sint.sh
[ -f "$SINT" ] || { echo "interop: run-sint.sh not found beside the repository" >&2; exit 1; }

WORK=$(mktemp -d /tmp/switchboard-interop.XXXXXX)
export SWITCHBOARD_DATA_DIR="$WORK/data"
export SWITCHBOARD_BIND=127.0.0.1
# SINT creates its accounts by in-band registration, closed by default (#23 F2): open it here, with a
# per-address limit above the suite's accounts (all of them come from 127.0.0.1).
export SWITCHBOARD_REGISTRATION=open
export SWITCHBOARD_REGISTRATION_MAX_PER_ADDRESS=1000
LOG="$WORK/node.log"

"$ROOT/switchboard" start >"$LOG" 2>&1 &
NODE=$!
cleanup() {
  if kill -0 "$NODE" 2>/dev/null; then
    kill -TERM "$NODE"
    for _ in $(seq 1 60); do kill -0 "$NODE" 2>/dev/null || break; sleep 1; done
    kill -9 "$NODE" 2>/dev/null || true
  fi
}
trap cleanup EXIT

for _ in $(seq 1 240); do
  [ "$(curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:7626/ready || true)" = 200 ] && break
  kill -0 "$NODE" 2>/dev/null || { echo "interop: node exited" >&2; tail -40 "$LOG" >&2; exit 1; }
  sleep 1
done
[ "$(curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:7626/ready || true)" = 200 ] \
  || { echo "interop: node not ready" >&2; tail -40 "$LOG" >&2; exit 1; }

TESTS="ChatTest,ChatStateIntegrationTest,IncomingMessageListenerIntegrationTest,OutgoingMessageListenerIntegrationTest"
TESTS+=",LoginIntegrationTest,LowLevelRosterIntegrationTest,RosterIntegrationTest"
TESTS+=",ModularXmppClientToServerConnectionLowLevelIntegrationTest,SimpleXmppConnectionIntegrationTest"
TESTS+=",XmppConnectionIntegrationTest,WaitForClosingStreamElementTest,StreamManagementTest,PingIntegrationTest"
TESTS+=",VersionIntegrationTest,EntityCapsTest,FormTest,FileTransferIntegrationTest"
TESTS+=",IoTControlIntegrationTest,IoTDataIntegrationTest,AdHocCommandIntegrationTest"
# Issue #18: XEP-0313 message archive management (with XEP-0359 stanza-ids and RSM paging).
TESTS+=",MamIntegrationTest"
# SoftwareInfoIntegrationTest runs on its own: in one run with EntityCapsTest, EntityCapsTest's
# @AfterClass cancels the two accounts' subscriptions without waiting, and SoftwareInfo's
# @BeforeClass then trusts its local roster ("already subscribed") before the server's roster
# push has arrived, so its presence wait times out. Whether the push wins that race depends on
# the server's latency (ours persists the roster change to the Cassandra journal first), not on
# what the test checks. On its own accounts it runs deterministically.
run_sint() { # NAME TESTS
  SINT_ENABLED_TESTS="$2" SINT_SECURITY=required SINT_TLS_PIN=auto SINT_TIMEOUT=${SINT_TIMEOUT:-15000} \
    SINT_LOG="$WORK/sint-$1.log" timeout 1200 bash "$SINT" 127.0.0.1 5222 localhost
}

set +e
run_sint main "$TESTS"; rc1=$?
run_sint softwareinfo SoftwareInfoIntegrationTest; rc2=$?
# Pub-sub and PEP (issue #5) on their own accounts too: their caps and roster set-up stays out of
# the IM tests' way.
run_sint pep "PubSubIntegrationTest,GeolocationIntegrationTest,MoodIntegrationTest,UserTuneIntegrationTest,OXInstantMessagingIntegrationTest,OXSecretKeyBackupIntegrationTest"; rc4=$?
# Multi-user chat (issue #17): all 56 XEP-0045 tests of the suite, on their own accounts.
MUC_TESTS="MultiUserChatEntityIntegrationTest,MultiUserChatIntegrationTest,MultiUserChatLowLevelIntegrationTest"
MUC_TESTS+=",MultiUserChatOccupantIntegrationTest,MultiUserChatRolesAffiliationsPrivilegesIntegrationTest"
MUC_TESTS+=",ParticipantStatusIntegrationTest,UserStatusIntegrationTest"
run_sint muc "$MUC_TESTS"; rc5=$?
# XEP-0363 HTTP upload (issue #18): Smack's HttpFileUploadManager finds upload.localhost through
# disco, requests a slot, PUTs 128 KiB to the HTTP port and reads it back by the GET URL.
run_sint upload HttpFileUploadIntegrationTest; rc6=$?
set -e
# A test that failed is run once more, on fresh accounts and on its own (one SINT run per failed
# test). The roster tests clean up with roster removals whose unsubscribe presences reach the
# contact through two entities and the journal; a late one used to land in the next test's
# listener (RosterIntegrationTest.testPresenceDeliveredToRecipient: "expected subscribe but was
# unsubscribe"). The removal's result now waits for the contact's entity (RosterAnswers, at most
# 3 s), which closed that race; the retry stays for what a shared 2-core machine still throws at
# the suite. Alone, a test has no predecessor to race; a real fault fails twice. Every retried
# test is printed, so a flaky one never passes silently. The one still seen retried,
# ModularXmppClientToServerConnectionLowLevelIntegrationTest.testDisconnectAfterConnect (about 1 run
# in 10), is Smack 4.5.0-beta5's NIO reactor losing its interest in the socket after STARTTLS, a
# client defect the server cannot mask (bench/README.md, "Interop flake").
FAILED=$(cat "$WORK"/sint-main.results.tsv "$WORK"/sint-softwareinfo.results.tsv "$WORK"/sint-pep.results.tsv "$WORK"/sint-muc.results.tsv \
  "$WORK"/sint-upload.results.tsv 2>/dev/null \
  | awk -F'\t' '$1 != "PASS" { split($2, a, " "); print a[1] }' | sort -u | paste -sd, -)
rc3=0
if [ -n "$FAILED" ]; then
  echo "interop: retrying once, each on its own fresh accounts: $FAILED"
  set +e
  i=0
  for test in ${FAILED//,/ }; do
    i=$((i + 1))
    run_sint "retry$i" "$test" || rc3=1
  done
  set -e
fi
echo "interop: per-test results in $WORK/sint-*.results.tsv"
P=$(cat "$WORK"/sint-main.results.tsv "$WORK"/sint-softwareinfo.results.tsv "$WORK"/sint-pep.results.tsv "$WORK"/sint-muc.results.tsv \
  "$WORK"/sint-upload.results.tsv | grep -c '^PASS' || true)
if [ -n "$FAILED" ]; then
  R=$(cat "$WORK"/sint-retry*.results.tsv 2>/dev/null | grep -c '^PASS' || true)
  F=$(cat "$WORK"/sint-retry*.results.tsv 2>/dev/null | grep -vc '^PASS' || true)
  echo "interop: $P passed first time, $R passed on retry ($FAILED), $F failed twice"
else
  F=0
  echo "interop: $P passed, 0 failed"
fi
cleanup
trap - EXIT
rc=0
[ "$F" = 0 ] && [ "$rc3" = 0 ] || rc=1
[ -n "$FAILED" ] || { [ "$rc1" = 0 ] && [ "$rc2" = 0 ] && [ "$rc4" = 0 ] && [ "$rc5" = 0 ] && [ "$rc6" = 0 ]; } || rc=1
exit $rc
