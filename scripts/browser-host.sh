#!/usr/bin/env bash
# Installs, idempotently, what the dashboard's browser test needs on a Debian machine: Debian's chromium and
# chromium-driver (/usr/bin/chromium, /usr/bin/chromedriver), then checks that chromium renders a page headless.
# Prints "browser ready" at the end. Exits 3 (after saying why, and recording it in $STATE_DIR/browser-unavailable)
# when this machine cannot run the browser, which is the one case where the browser test skips itself.
set -euo pipefail

STATE_DIR=${BUILDLINE_HOST_STATE:-/var/lib/buildline-host}

log() { printf 'browser-host: %s\n' "$*" >&2; }
cannot() { log "cannot run a headless browser here: $*"; mkdir -p "$STATE_DIR"; echo "$*" >"$STATE_DIR/browser-unavailable"; exit 3; }

[ "$(id -u)" = 0 ] || SUDO=sudo
SUDO=${SUDO:-}
command -v apt-get >/dev/null || cannot "apt-get not found (Debian's chromium and chromium-driver are needed)"
$SUDO mkdir -p "$STATE_DIR"
$SUDO rm -f "$STATE_DIR/browser-unavailable"

if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
  log "installing chromium chromium-driver"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends chromium chromium-driver fonts-dejavu-core >/dev/null
fi

# The flags the test uses: without the background-networking ones chromium keeps dialling out on a closed network.
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
if ! out=$(timeout 60 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
      --disable-background-networking --disable-component-update --disable-sync --user-data-dir="$profile" \
      --dump-dom 'data:text/html,<p id=ok>rendered</p>' 2>&1); then
  cannot "chromium does not render headless: $(printf '%s' "$out" | tail -3)"
fi
printf '%s' "$out" | grep -q 'rendered' || cannot "chromium printed no page: $(printf '%s' "$out" | tail -3)"
chromedriver --version >/dev/null || cannot "chromedriver does not run"
log "$(chromium --version) / $(chromedriver --version)"
echo "browser ready"
