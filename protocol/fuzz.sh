#!/usr/bin/env bash
# Fuzzes the wire format (decoder and writer) for longer than `mvn -B verify` does (20 s a target).
#   protocol/fuzz.sh [SECONDS_PER_TARGET]      (default 600)
# New coverage lands in protocol/.cifuzz-corpus/ (not committed). A finding stops the run and is
# written to protocol/crash-<sha1>: move it to
# src/test/resources/io/switchboard/protocol/fuzz/WireFormatFuzzTestInputs/<target>/ so every later
# build replays it, then fix the cause.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-600}"
for target in decode_anyBytes_elementsRoundTripOrStreamError write_anyTreeTheModelAccepts_wellFormedAndRoundTrips; do
  echo "fuzzing $target for ${seconds}s"
  JAZZER_FUZZ=1 mvn -B -q -pl protocol test -Dsurefire.failIfNoSpecifiedTests=false \
    -Dtest="WireFormatFuzzTest#$target" \
    -Djazzer.internal.arg.0=fuzz -Djazzer.internal.arg.1=-max_total_time="$seconds"
done
