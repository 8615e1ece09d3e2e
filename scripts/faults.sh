#!/usr/bin/env bash
# The fault figures of issue 11 (a script, like the benchmarks; not part of .ci/run). Builds the launcher jar and the
# test classes (nothing is installed into ~/.m2), then runs dev.buildline.app.FaultRun: kafka, coordinator and two
# workers as processes of the jar, 50 signed pushes of 4 images per scenario (real buildx into 127.0.0.1:5000), one
# fault per scenario, bad input interleaved; prints a table.
#   scripts/faults.sh                                 all four scenarios
#   scripts/faults.sh worker-kill third-worker        some of them (worker-kill | third-worker | broker-restart |
#                                                     coordinator-restart)
#   scripts/faults.sh -Dfaults.pushes=20 worker-kill  fewer pushes
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build-host.sh >/dev/null

jvm_options=()
scenarios=()
for arg in "$@"; do
  case "$arg" in
    -D*|-X*) jvm_options+=("$arg") ;;
    worker-kill|third-worker|broker-restart|coordinator-restart) scenarios+=("$arg") ;;
    *) echo "faults: unknown argument '$arg'" >&2; exit 2 ;;
  esac
done

mvn -B -q -pl app -am package -DskipTests \
  org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
  -Dmdep.outputFile=target/faults.classpath -Dmdep.includeScope=test </dev/null
classpath="app/target/test-classes:app/target/classes:$(cat app/target/faults.classpath)"
exec java "${jvm_options[@]}" -cp "$classpath" dev.buildline.app.FaultRun "${scenarios[@]}"
