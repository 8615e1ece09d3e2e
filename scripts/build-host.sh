#!/usr/bin/env bash
# Installs and starts, idempotently, what real builds need on a Debian machine:
#   dockerd (Debian docker.io) without a bridge network, the buildx plugin (Debian trixie's docker-buildx),
#   a registry on 127.0.0.1:5000 (Debian docker-registry) and a busybox base image 127.0.0.1:5000/busybox:local.
# Prints "build host ready" at the end. Exits 3 (after saying why) when this machine cannot run a build host,
# which is the one case where build tests skip themselves; any other failure is an error.
set -euo pipefail

STATE_DIR=${BUILDLINE_HOST_STATE:-/var/lib/buildline-host}
REGISTRY_ADDR=127.0.0.1:5000
BASE_IMAGE=$REGISTRY_ADDR/busybox:local
PLUGIN_DIR=/usr/libexec/docker/cli-plugins

log() { printf 'build-host: %s\n' "$*" >&2; }
cannot() { log "cannot run a build host here: $*"; mkdir -p "$STATE_DIR"; echo "$*" >"$STATE_DIR/unavailable"; exit 3; }

[ "$(id -u)" = 0 ] || SUDO=sudo
SUDO=${SUDO:-}
command -v apt-get >/dev/null || cannot "apt-get not found (the recipe needs Debian packages)"
$SUDO mkdir -p "$STATE_DIR"
$SUDO rm -f "$STATE_DIR/unavailable"

install_packages() {
  local missing=()
  command -v dockerd >/dev/null || missing+=(docker.io)
  command -v docker-registry >/dev/null || missing+=(docker-registry)
  [ -x /bin/busybox ] && /bin/busybox --help 2>&1 | head -1 | grep -q static || missing+=(busybox-static)
  dpkg -s busybox-static >/dev/null 2>&1 || missing+=(busybox-static)
  command -v curl >/dev/null || missing+=(curl)
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -qq
    # policy-rc.d stops the packages from starting their own services; this script starts them itself.
    printf '#!/bin/sh\nexit 101\n' | $SUDO tee /usr/sbin/policy-rc.d >/dev/null
    $SUDO chmod +x /usr/sbin/policy-rc.d
    $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    $SUDO rm -f /usr/sbin/policy-rc.d
  fi
}

install_buildx() {
  [ -x "$PLUGIN_DIR/docker-buildx" ] && return 0
  log "fetching docker-buildx from Debian trixie"
  local tmp; tmp=$(mktemp -d)
  mkdir -p "$tmp/lists/partial" "$tmp/archives/partial" "$tmp/pkg"
  cat >"$tmp/trixie.sources" <<EOF
Types: deb
URIs: http://deb.debian.org/debian
Suites: trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
  mkdir -p "$tmp/none"
  cp "$tmp/trixie.sources" "$tmp/none/trixie.sources"
  local opts
  opts=(-o "Dir::Etc::SourceList=/dev/null" -o "Dir::Etc::SourceParts=$tmp/none"
        -o "Dir::State::Lists=$tmp/lists" -o "Dir::Cache::Archives=$tmp/archives")
  $SUDO apt-get "${opts[@]}" update -qq
  (cd "$tmp/pkg" && $SUDO apt-get "${opts[@]}" download docker-buildx -qq)
  local deb; deb=$(ls "$tmp"/pkg/docker-buildx_*.deb)
  dpkg -x "$deb" "$tmp/root"
  $SUDO mkdir -p "$PLUGIN_DIR"
  $SUDO install -m 0755 "$tmp/root/usr/libexec/docker/cli-plugins/docker-buildx" "$PLUGIN_DIR/docker-buildx"
  rm -rf "$tmp"
}

start_dockerd() {
  if docker info >/dev/null 2>&1; then return 0; fi
  log "starting dockerd"
  # No bridge network exists on these machines; builds run with network none or the host network.
  $SUDO sh -c "nohup dockerd --bridge=none --iptables=false --ip-masq=false --ip6tables=false \
      >'$STATE_DIR/dockerd.log' 2>&1 &"
  for _ in $(seq 1 60); do
    docker info >/dev/null 2>&1 && return 0
    sleep 1
  done
  tail -20 "$STATE_DIR/dockerd.log" >&2 || true
  if grep -qiE 'operation not permitted|permission denied|cgroup' "$STATE_DIR/dockerd.log"; then
    cannot "dockerd does not start in this sandbox (see $STATE_DIR/dockerd.log)"
  fi
  log "dockerd did not answer within 60 s"
  exit 1
}

start_registry() {
  if curl -fsS "http://$REGISTRY_ADDR/v2/" >/dev/null 2>&1; then return 0; fi
  log "starting registry on $REGISTRY_ADDR"
  $SUDO mkdir -p "$STATE_DIR/registry"
  $SUDO tee "$STATE_DIR/registry.yml" >/dev/null <<EOF
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: $STATE_DIR/registry
  delete:
    enabled: true
http:
  addr: $REGISTRY_ADDR
EOF
  $SUDO sh -c "nohup docker-registry serve '$STATE_DIR/registry.yml' >'$STATE_DIR/registry.log' 2>&1 &"
  for _ in $(seq 1 30); do
    curl -fsS "http://$REGISTRY_ADDR/v2/" >/dev/null 2>&1 && return 0
    sleep 1
  done
  tail -20 "$STATE_DIR/registry.log" >&2 || true
  log "registry did not answer within 30 s"
  exit 1
}

base_image() {
  if curl -fsS "http://$REGISTRY_ADDR/v2/busybox/manifests/local" \
       -H 'Accept: application/vnd.docker.distribution.manifest.v2+json' >/dev/null 2>&1 \
     && docker image inspect "$BASE_IMAGE" >/dev/null 2>&1; then
    return 0
  fi
  log "importing $BASE_IMAGE from busybox-static"
  local tmp; tmp=$(mktemp -d)
  mkdir -p "$tmp/root/bin" "$tmp/root/tmp" "$tmp/root/etc"
  cp /bin/busybox "$tmp/root/bin/busybox"
  for applet in sh ls cat echo mkdir cp mv rm touch grep sed wc sleep test true false env find head tail sort; do
    ln -s busybox "$tmp/root/bin/$applet"
  done
  echo 'root:x:0:0:root:/root:/bin/sh' >"$tmp/root/etc/passwd"
  tar -C "$tmp/root" --numeric-owner --owner=0 --group=0 -cf "$tmp/rootfs.tar" .
  docker import -c 'ENV PATH=/bin' -c 'CMD ["/bin/sh"]' "$tmp/rootfs.tar" "$BASE_IMAGE" >/dev/null
  docker push -q "$BASE_IMAGE" >/dev/null
  rm -rf "$tmp"
}

install_packages
install_buildx
start_dockerd
start_registry
base_image
docker buildx version >/dev/null || { log "docker buildx does not run"; exit 1; }
log "$(docker buildx version)"
echo "build host ready"
