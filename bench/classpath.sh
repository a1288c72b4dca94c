# Sourced by run.sh and jmh.sh: builds bench (unless BUILD=0 and a classpath exists) and sets CP.
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
CP_FILE=$HERE/target/classpath.txt
if [ "${BUILD:-1}" = 1 ] || [ ! -f "$CP_FILE" ]; then
  (cd "$ROOT" && mvn -B -o -q -pl bench -DskipTests package && mvn -B -o -q -pl bench dependency:build-classpath -Dmdep.outputFile="$CP_FILE") >&2
fi
CP="$HERE/target/classes:$(cat "$CP_FILE")"
