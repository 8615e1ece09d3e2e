#!/usr/bin/env bash
# Installs, idempotently, the tools the deployment tests use, from Debian trixie's packages (fetched as
# build-host.sh fetches buildx: scripts/debian-package.sh, then dpkg -x):
#   docker compose  trixie's docker-compose (v2) as a CLI plugin in /usr/libexec/docker/cli-plugins
#   kustomize       trixie's kustomize in /usr/local/bin
# Prints "deploy tools ready". Exits 3, after saying why and recording it in $STATE_DIR/deploy-tools-unavailable,
# when the Debian mirror cannot be reached; the tests that need a tool then skip with that reason.
set -euo pipefail
cd "$(dirname "$0")/.."

STATE_DIR=${BUILDLINE_HOST_STATE:-/var/lib/buildline-host}
PLUGIN_DIR=/usr/libexec/docker/cli-plugins
[ "$(id -u)" = 0 ] || SUDO=sudo
SUDO=${SUDO:-}
$SUDO mkdir -p "$STATE_DIR"
$SUDO rm -f "$STATE_DIR/deploy-tools-unavailable"

log() { printf 'deploy-tools: %s\n' "$*" >&2; }

# install_from_deb PACKAGE PATH-IN-PACKAGE TARGET
install_from_deb() {
  local package=$1 inside=$2 target=$3 tmp status=0
  [ -x "$target" ] && return 0
  log "fetching $package from Debian trixie"
  tmp=$(mktemp -d)
  scripts/debian-package.sh trixie "$package" "$tmp/debs" || status=$?
  if [ "$status" -ne 0 ]; then
    rm -rf "$tmp"
    echo "Debian mirror unreachable: could not download trixie/$package" | $SUDO tee "$STATE_DIR/deploy-tools-unavailable" >&2
    exit 3
  fi
  dpkg -x "$tmp"/debs/"$package"_*.deb "$tmp/root"
  $SUDO mkdir -p "$(dirname "$target")"
  $SUDO install -m 0755 "$tmp/root/$inside" "$target"
  rm -rf "$tmp"
}

install_from_deb docker-compose usr/libexec/docker/cli-plugins/docker-compose "$PLUGIN_DIR/docker-compose"
install_from_deb kustomize usr/bin/kustomize /usr/local/bin/kustomize
log "$(docker compose version), kustomize $(kustomize version)"
echo "deploy tools ready"
