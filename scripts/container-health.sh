#!/bin/bash
# The image's HEALTHCHECK: GET /health/ready of the process in this container, with bash alone (no curl in the
# image). Argument: coordinator or dev (BUILDLINE_HTTP_PORT, default 8080), worker (BUILDLINE_WORKER_HTTP_PORT,
# default 8081), or kafka (a TCP connect to BUILDLINE_KAFKA_PORT, default 9092). Exit 0 when ready.
set -u
case "${1:-coordinator}" in
  coordinator|dev) port=${BUILDLINE_HTTP_PORT:-8080} ;;
  worker) port=${BUILDLINE_WORKER_HTTP_PORT:-8081} ;;
  kafka) exec 3<>"/dev/tcp/127.0.0.1/${BUILDLINE_KAFKA_PORT:-9092}" || exit 1; exit 0 ;;
  *) echo "health: unknown role $1" >&2; exit 2 ;;
esac
exec 3<>"/dev/tcp/127.0.0.1/$port" || exit 1
printf 'GET /health/ready HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' >&3
IFS= read -r status <&3 || exit 1
case "$status" in
  "HTTP/1."?" 200 "*) exit 0 ;;
  *) echo "health: $status" >&2; exit 1 ;;
esac
