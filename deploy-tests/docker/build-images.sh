#!/usr/bin/env bash
# Builds the container images locally, from Debian packages and what Maven built, with no image
# registry: a machine that reaches only Debian's mirror (and Maven Central for the build) can
# build and test the image.
#
#   deploy-tests/docker/build-images.sh [base|cassandra|switchboard|all]...   (default: all)
#
#   base         local/debian:bookworm  debootstrap --variant=minbase, then docker import
#                local/jre:17           openjdk-17-jre-headless from Debian on it (build --network host)
#   cassandra    local/cassandra:5.0.6  Cassandra 5.0.6 from embedded-cassandra/target/lib on local/jre:17
#   switchboard  local/switchboard:dev  the repository's Dockerfile with BASE_IMAGE=local/jre:17
#                                       (needs node/target/lib: mvn -B -DskipTests package)
#
# Cache: an image that exists is not bootstrapped again (local/debian:bookworm), and the others
# are rebuilt through Docker's layer cache, so a second run takes seconds. Remove an image
# (docker rmi) to rebuild it from nothing. Needs root (debootstrap) and a running dockerd.
# Environment: DEBIAN_MIRROR (default http://deb.debian.org/debian), SWITCHBOARD_IMAGE (the
# switchboard tag, default local/switchboard:dev).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
debian_image=local/debian:bookworm
jre_image=local/jre:17
cassandra_image=local/cassandra:5.0.6
switchboard_image=${SWITCHBOARD_IMAGE:-local/switchboard:dev}
# The classic builder: it needs no frontend image from a registry (BuildKit's "# syntax=" would).
export DOCKER_BUILDKIT=0

scratch=()
trap 'rm -rf "${scratch[@]}"' EXIT
log() { printf '[build-images] %s\n' "$*" >&2; }
has_image() { docker image inspect "$1" >/dev/null 2>&1; }
# Runs a command; its output is shown only when it fails (docker build is chatty and the classic
# builder prints a deprecation notice on every run).
quiet() {
  local out
  out=$(mktemp "${TMPDIR:-/tmp}/switchboard-build.XXXXXX")
  scratch+=("$out")
  "$@" >"$out" 2>&1 || { tail -n 40 "$out" >&2; log "failed: $*"; exit 1; }
}
timed() {
  local what=$1 t0=$SECONDS
  shift
  "$@"
  log "$what: $((SECONDS - t0)) s"
}

debian() {
  if has_image "$debian_image"; then
    log "$debian_image present (cached)"
    return
  fi
  command -v debootstrap >/dev/null || { log "debootstrap missing: apt-get install debootstrap"; exit 2; }
  local dir
  dir=$(mktemp -d "${TMPDIR:-/tmp}/switchboard-rootfs.XXXXXX")
  scratch+=("$dir")
  log "debootstrap --variant=minbase bookworm from $mirror"
  quiet debootstrap --variant=minbase bookworm "$dir" "$mirror"
  rm -rf "$dir"/var/cache/apt/archives/*.deb "$dir"/var/lib/apt/lists/*
  tar --numeric-owner -C "$dir" -c . \
    | docker import --change 'CMD ["/bin/bash"]' --message "debootstrap --variant=minbase bookworm" - "$debian_image" >/dev/null
  rm -rf "$dir"
}

# Builds a tag and removes the image it replaced (if no container uses it), so rebuilds after
# every Maven build do not pile up untagged copies.
rebuild() {
  local tag=$1 old new
  shift
  old=$(docker image inspect --format '{{.Id}}' "$tag" 2>/dev/null || true)
  quiet "$@"
  new=$(docker image inspect --format '{{.Id}}' "$tag")
  if [ -n "$old" ] && [ "$old" != "$new" ]; then
    docker rmi "$old" >/dev/null 2>&1 || true
  fi
}

jre() {
  rebuild "$jre_image" docker build --network host --build-arg DEBIAN_IMAGE="$debian_image" -t "$jre_image" "$here/jre"
}

cassandra() {
  local lib="$root/embedded-cassandra/target/lib"
  [ -f "$(ls "$lib"/cassandra-all-*.jar 2>/dev/null | head -n 1)" ] \
    || { log "no Cassandra jars in $lib: mvn -B -DskipTests package"; exit 2; }
  # The context is the Dockerfile's folder plus the jars, linked in (hard links: no copy).
  local ctx
  ctx=$(mktemp -d "${TMPDIR:-/tmp}/switchboard-cassandra.XXXXXX")
  scratch+=("$ctx")
  cp "$here/cassandra/"* "$ctx/"
  mkdir "$ctx/lib"
  cp -l "$lib"/*.jar "$ctx/lib/" 2>/dev/null || cp "$lib"/*.jar "$ctx/lib/"
  rebuild "$cassandra_image" docker build --network none --build-arg BASE_IMAGE="$jre_image" -t "$cassandra_image" "$ctx"
}

switchboard() {
  ls "$root"/node/target/switchboard-node-*.jar >/dev/null 2>&1 && [ -d "$root/node/target/lib" ] \
    || { log "no node/target/lib or node jar: mvn -B -DskipTests package"; exit 2; }
  rebuild "$switchboard_image" docker build --network none --build-arg BASE_IMAGE="$jre_image" -t "$switchboard_image" "$root"
}

size() { docker image inspect --format '{{.Size}}' "$1" | awk -v n="$1" '{ printf "[build-images] %s: %.0f MB\n", n, $1 / 1e6 }' >&2; }

docker info >/dev/null 2>&1 || { log "no Docker daemon answers (dockerd --iptables=false &)"; exit 2; }
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(all)
for target in "${targets[@]}"; do
  case "$target" in
    base) timed "$debian_image" debian; timed "$jre_image" jre; size "$jre_image" ;;
    cassandra) timed "$debian_image" debian; timed "$jre_image" jre; timed "$cassandra_image" cassandra; size "$cassandra_image" ;;
    switchboard) timed "$debian_image" debian; timed "$jre_image" jre; timed "$switchboard_image" switchboard; size "$switchboard_image" ;;
    all) "$0" base cassandra switchboard ;;
    *) log "unknown target: $target (base, cassandra, switchboard, all)"; exit 2 ;;
  esac
done
