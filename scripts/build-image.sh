#!/usr/bin/env bash
# Builds the Buildline images from the Dockerfile on this machine's Docker daemon, where no image can be pulled:
#   1. a JRE base, made once per machine: Debian bookworm by `debootstrap --variant=minbase` with
#      openjdk-17-jre-headless, `docker import`ed as buildline-base/jre:<recipe hash>;
#   2. a docker CLI image laid out as the official docker:cli image is (/usr/local/bin/docker and
#      /usr/local/libexec/docker/cli-plugins/docker-buildx): the CLI from bookworm's docker.io package, the buildx
#      plugin from trixie's docker-buildx package (both `dpkg -x`), `docker import`ed as buildline-base/docker-cli;
#   3. the Dockerfile's targets with those two as its BASE_IMAGE and DOCKER_CLI_IMAGE build arguments:
#      buildline-worker:local (the jar, the JRE, docker CLI and buildx; runs every command, dev too) and
#      buildline-coordinator:local (the jar and the JRE).
# Needs app/target/buildline.jar (mvn -B package -DskipTests) and a running build host (scripts/build-host.sh).
# Steps 1 and 2 are skipped when the images exist (BUILDLINE_REBUILD_BASE=1 makes them again).
# Exits 3, after saying why, when the Debian mirror cannot be reached to make a base that is not cached yet.
set -euo pipefail
cd "$(dirname "$0")/.."

STATE_DIR=${BUILDLINE_HOST_STATE:-/var/lib/buildline-host}
MIRROR=${BUILDLINE_DEBIAN_MIRROR:-http://deb.debian.org/debian}
JRE_PACKAGES=openjdk-17-jre-headless,ca-certificates
# The recipe's hash names the base images, so a changed recipe makes new ones and an unchanged one is reused.
# Bump RECIPE_VERSION when make_jre_base or make_docker_cli changes what goes into an image.
RECIPE_VERSION=1
RECIPE=$(printf '%s\n' "$RECIPE_VERSION bookworm minbase $JRE_PACKAGES; docker.io bookworm; docker-buildx trixie" \
  | sha256sum | cut -c1-12)
JRE_IMAGE=buildline-base/jre:$RECIPE
CLI_IMAGE=buildline-base/docker-cli:$RECIPE
WORKER_IMAGE=${BUILDLINE_WORKER_IMAGE:-buildline-worker:local}
COORDINATOR_IMAGE=${BUILDLINE_COORDINATOR_IMAGE:-buildline-coordinator:local}

log() { printf 'build-image: %s\n' "$*" >&2; }
unreachable() { log "Debian mirror unreachable: $*"; exit 3; }

have_image() { docker image inspect "$1" >/dev/null 2>&1; }

check_mirror() {
  curl -fsS -o /dev/null --max-time 20 "$MIRROR/dists/bookworm/Release" \
    || unreachable "$MIRROR/dists/bookworm/Release did not answer"
}

fetch_deb() {
  scripts/debian-package.sh "$@" || unreachable "no $1/$2 package (see above)"
}

make_jre_base() {
  command -v debootstrap >/dev/null || {
    log "installing debootstrap"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends debootstrap >/dev/null \
      || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends debootstrap >/dev/null; }
  }
  local root; root=$(mktemp -d /var/tmp/buildline-rootfs.XXXXXX)
  log "debootstrap bookworm (minbase, $JRE_PACKAGES) into $root"
  debootstrap --variant=minbase --include="$JRE_PACKAGES" bookworm "$root" "$MIRROR" >"$STATE_DIR/debootstrap.log" 2>&1 \
    || { tail -20 "$STATE_DIR/debootstrap.log" >&2; rm -rf "$root"; check_mirror
         log "debootstrap failed with the mirror reachable (see $STATE_DIR/debootstrap.log)"; exit 1; }
  # What an image does not need: apt's lists and caches, docs, man pages, locales other than C.
  rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/* "$root"/usr/share/doc/* "$root"/usr/share/man/* \
         "$root"/usr/share/info/* "$root"/var/log/*.log
  find "$root/usr/share/locale" -mindepth 1 -maxdepth 1 ! -name 'locale.alias' -exec rm -rf {} + 2>/dev/null || true
  tar -C "$root" --numeric-owner -c . | docker import \
    -c 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' -c 'ENV LANG=C.UTF-8' \
    -c 'CMD ["/bin/bash"]' - "$JRE_IMAGE" >/dev/null
  rm -rf "$root"
}

make_docker_cli() {
  local tmp; tmp=$(mktemp -d)
  mkdir -p "$tmp/debs" "$tmp/x" "$tmp/root/usr/local/bin" "$tmp/root/usr/local/libexec/docker/cli-plugins"
  log "fetching the docker CLI (bookworm docker.io) and buildx (trixie docker-buildx)"
  fetch_deb bookworm docker.io "$tmp/debs"
  fetch_deb trixie docker-buildx "$tmp/debs"
  for deb in "$tmp"/debs/*.deb; do dpkg -x "$deb" "$tmp/x"; done
  install -m 0755 "$tmp/x/usr/bin/docker" "$tmp/root/usr/local/bin/docker"
  install -m 0755 "$tmp/x/usr/libexec/docker/cli-plugins/docker-buildx" \
    "$tmp/root/usr/local/libexec/docker/cli-plugins/docker-buildx"
  tar -C "$tmp/root" --numeric-owner --owner=0 --group=0 -c . | docker import - "$CLI_IMAGE" >/dev/null
  rm -rf "$tmp"
}

docker info >/dev/null 2>&1 || { log "no Docker daemon: run scripts/build-host.sh"; exit 1; }
mkdir -p "$STATE_DIR"

if [ "${BUILDLINE_REBUILD_BASE:-0}" = 1 ]; then docker image rm -f "$JRE_IMAGE" "$CLI_IMAGE" >/dev/null 2>&1 || true; fi
if ! have_image "$JRE_IMAGE" || ! have_image "$CLI_IMAGE"; then check_mirror; fi
start=$(date +%s)
have_image "$JRE_IMAGE" || make_jre_base
have_image "$CLI_IMAGE" || make_docker_cli
log "bases ready in $(( $(date +%s) - start )) s: $JRE_IMAGE, $CLI_IMAGE"

[ -f app/target/buildline.jar ] || { log "app/target/buildline.jar is missing: run mvn -B package -DskipTests"; exit 1; }
start=$(date +%s)
# No bridge network exists on the build host, so the Dockerfile's RUN steps run without a network (they need none).
for target in worker coordinator; do
  image=$WORKER_IMAGE; [ "$target" = coordinator ] && image=$COORDINATOR_IMAGE
  docker buildx build --builder default --load --network none --progress quiet \
    --build-arg BASE_IMAGE="$JRE_IMAGE" --build-arg DOCKER_CLI_IMAGE="$CLI_IMAGE" \
    --target "$target" --tag "$image" . >/dev/null
done
log "images built in $(( $(date +%s) - start )) s: $WORKER_IMAGE ($(docker image inspect -f '{{.Size}}' "$WORKER_IMAGE") bytes), $COORDINATOR_IMAGE ($(docker image inspect -f '{{.Size}}' "$COORDINATOR_IMAGE") bytes)"
echo "images ready $WORKER_IMAGE $COORDINATOR_IMAGE"
