#!/usr/bin/env bash
# The benchmark command: compiles the reactor (nothing is installed into ~/.m2) and runs the benchmark main classes,
# which live in app's test sources so they stay out of the shipped jar. Needs no input; only dispatch needs the
# build host (scripts/build-host.sh: dockerd, buildx, the registry on 127.0.0.1:5000).
#   scripts/bench.sh                      both benchmarks with their defaults
#   scripts/bench.sh intake               one of them (intake | planning | git | dispatch)
#   scripts/bench.sh -Dbench.webhooks=1000 -Dbench.clients=8 intake
# See docs/benchmarks.md for what each one measures and its system properties.
set -euo pipefail
cd "$(dirname "$0")/.."

jvm_options=()
benchmarks=()
for arg in "$@"; do
  case "$arg" in
    -D*|-X*) jvm_options+=("$arg") ;;
    intake) benchmarks+=(dev.buildline.app.IntakeBenchmark) ;;
    planning) benchmarks+=(dev.buildline.app.ChangePlanningBenchmark) ;;
    git) benchmarks+=(dev.buildline.app.GitSnapshotBenchmark) ;;
    dispatch) benchmarks+=(dev.buildline.app.DispatchBenchmark) ;;
    *) echo "bench: unknown argument '$arg' (expected intake, planning, git, dispatch, -Dname=value or -X...)" >&2; exit 2 ;;
  esac
done
if [ "${#benchmarks[@]}" -eq 0 ]; then
  benchmarks=(dev.buildline.app.IntakeBenchmark dev.buildline.app.ChangePlanningBenchmark)
fi

# dependency:build-classpath writes each module's classpath to its own target/; app's lists the reactor's
# target/classes directories and the jars of every scope app's tests use
mvn -B -q -pl app -am test-compile \
  org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test </dev/null
classpath="app/target/test-classes:app/target/classes:$(cat app/target/bench.classpath)"

for benchmark in "${benchmarks[@]}"; do
  java -Xms512m -Xmx1g -DBUILDLINE_LOG_LEVEL=WARN ${jvm_options[@]+"${jvm_options[@]}"} -cp "$classpath" \
    "$benchmark" </dev/null
done
