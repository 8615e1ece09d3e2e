#!/usr/bin/env bash
# Builds Buildline and starts `buildline dev`: embedded Kafka, coordinator, worker and dashboard on the local Docker
# daemon. On Debian without Docker, the build host script installs dockerd, buildx and a local registry first.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! { docker buildx version && docker info; } >/dev/null 2>&1; then
  if command -v apt-get >/dev/null; then
    scripts/build-host.sh
  else
    echo "dev: needs a Docker daemon and the docker buildx plugin (docker buildx version must work)" >&2
    exit 1
  fi
fi
mvn -B -q package -DskipTests
exec java -jar app/target/buildline.jar dev "$@"
