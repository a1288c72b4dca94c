# Sourced by run.sh and jmh.sh: builds bench (unless BUILD=0 and a classpath exists) and sets CP.
# The build runs in the reactor (-am), so the classpath names this checkout's own modules
# (protocol/target/..., sharding/target/...), never stale copies in ~/.m2, and works offline
# on a fresh clone once `./switchboard start` (or any package build) has fetched the dependencies.
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
CP_FILE=$HERE/target/classpath.txt
if [ "${BUILD:-1}" = 1 ] || [ ! -f "$CP_FILE" ]; then
  # build-classpath runs in every module of the -am reactor; bench is built last, so its
  # classpath is the one left in the file.
  (cd "$ROOT" && mvn -B -o -q ${BENCH_MVN_OPTS:-} -pl bench -am -DskipTests package dependency:build-classpath \
      -Dmdep.outputFile="$CP_FILE" -Dmdep.includeScope=runtime) >&2 \
    || { echo "bench: build failed (run './switchboard start' or 'mvn -B -DskipTests package' once online)" >&2; exit 1; }
fi
CP="$HERE/target/classes:$(cat "$CP_FILE")"
