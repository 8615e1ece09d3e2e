#!/usr/bin/env bash
# The test command: sets up the build host (dockerd, buildx, registry, base image) and the browser (Debian chromium)
# for the dashboard test, and the deployment tools (docker compose, kustomize: scripts/deploy-tools.sh), then runs every
# test. The image tests build the images themselves (scripts/build-image.sh, on a base cached on the machine).
set -euo pipefail
cd "$(dirname "$0")/.."

# Runs one setup script; its exit code 3 means "this machine cannot", and the tests that need it skip with a reason.
setup() {
  local script=$1 cannot=$2 status=0
  "$script" || status=$?
  if [ "$status" -eq 3 ]; then
    echo "test: $cannot" >&2
  elif [ "$status" -ne 0 ]; then
    echo "test: $script failed with exit code $status" >&2
    exit "$status"
  fi
}

setup scripts/build-host.sh "this machine cannot run the build host; tests that need it skip with that reason"
setup scripts/browser-host.sh "headless chromium cannot run here; the dashboard browser test skips with that reason"
setup scripts/deploy-tools.sh "the Debian mirror cannot be reached for docker compose and kustomize; the deployment tests skip with that reason"

exec mvn -B verify "$@"
