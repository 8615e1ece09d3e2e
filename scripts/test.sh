#!/usr/bin/env bash
# The test command: sets up the build host (dockerd, buildx, registry, base image) and the browser (Debian chromium)
# for the dashboard test, and the deployment tools (docker compose, kustomize: scripts/deploy-tools.sh), then runs every
# test. The image tests build the images themselves (scripts/build-image.sh, on a base cached on the machine).
set -euo pipefail
cd "$(dirname "$0")/.."

status=0
scripts/build-host.sh || status=$?
if [ "$status" -eq 3 ]; then
  echo "test: this machine cannot run the build host; tests that need it skip with that reason" >&2
elif [ "$status" -ne 0 ]; then
  echo "test: scripts/build-host.sh failed with exit code $status" >&2
  exit "$status"
fi

status=0
scripts/browser-host.sh || status=$?
if [ "$status" -eq 3 ]; then
  echo "test: headless chromium cannot run here; the dashboard browser test skips with that reason" >&2
elif [ "$status" -ne 0 ]; then
  echo "test: scripts/browser-host.sh failed with exit code $status" >&2
  exit "$status"
fi

status=0
scripts/deploy-tools.sh || status=$?
if [ "$status" -eq 3 ]; then
  echo "test: the Debian mirror cannot be reached for docker compose and kustomize; the deployment tests skip with that reason" >&2
elif [ "$status" -ne 0 ]; then
  echo "test: scripts/deploy-tools.sh failed with exit code $status" >&2
  exit "$status"
fi

exec mvn -B verify "$@"
