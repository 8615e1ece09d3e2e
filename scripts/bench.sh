#!/usr/bin/env bash
# The benchmark command: compiles the reactor (nothing is installed into ~/.m2) and runs the benchmark main classes,
# which live in app's test sources so they stay out of the shipped jar. Needs no input; only dispatch needs the
# build host (scripts/build-host.sh: dockerd, buildx, the registry on 127.0.0.1:5000).
#   scripts/bench.sh                      everything (same as: all), then one side-by-side table of figure,
#                                         limit, ratio and issue 14's target
#   scripts/bench.sh intake               one of them (intake | build | monorepo | context | rss | planning | git | dispatch)
#   scripts/bench.sh rss-images           RSS of the coordinator and worker images under docker run --memory (builds
#                                         the jar and the images first: scripts/build-image.sh; not part of all)
#   scripts/bench.sh -Dbench.webhooks=1000 -Dbench.senders=1,16,64 intake
# See docs/benchmarks.md for what each one measures and its system properties.
set -euo pipefail
cd "$(dirname "$0")/.."

jvm_options=()
benchmarks=()
images=no
all=(dev.buildline.app.IntakeBenchmark dev.buildline.app.DispatchBenchmark dev.buildline.app.BuildBenchmark
  dev.buildline.app.MonorepoBenchmark dev.buildline.app.ContextTarBenchmark
  dev.buildline.app.RssBenchmark dev.buildline.app.ChangePlanningBenchmark)
for arg in "$@"; do
  case "$arg" in
    -D*|-X*) jvm_options+=("$arg") ;;
    all) benchmarks+=("${all[@]}") ;;
    intake) benchmarks+=(dev.buildline.app.IntakeBenchmark) ;;
    build) benchmarks+=(dev.buildline.app.BuildBenchmark) ;;
    monorepo) benchmarks+=(dev.buildline.app.MonorepoBenchmark) ;;
    context) benchmarks+=(dev.buildline.app.ContextTarBenchmark) ;;
    rss) benchmarks+=(dev.buildline.app.RssBenchmark) ;;
    rss-images) benchmarks+=("-Dbench.rssIn=images dev.buildline.app.RssBenchmark"); images=yes ;;
    planning) benchmarks+=(dev.buildline.app.ChangePlanningBenchmark) ;;
    git) benchmarks+=(dev.buildline.app.GitSnapshotBenchmark) ;;
    dispatch) benchmarks+=(dev.buildline.app.DispatchBenchmark) ;;
    *) echo "bench: unknown argument '$arg' (expected all, intake, build, monorepo, context, rss, rss-images, planning, git, dispatch, -Dname=value or -X...)" >&2; exit 2 ;;
  esac
done
if [ "${#benchmarks[@]}" -eq 0 ]; then
  benchmarks=("${all[@]}")
fi

# dependency:build-classpath writes each module's classpath to its own target/; app's lists the reactor's
# target/classes directories and the jars of every scope app's tests use
# rss-images also needs the jar (package; its tests are not run here) and the images built from it
goal=test-compile
if [ "$images" = yes ]; then
  goal=package
fi
mvn -B -q -pl app -am "$goal" -DskipTests \
  org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test </dev/null
if [ "$images" = yes ]; then
  scripts/build-image.sh
fi
classpath="app/target/test-classes:app/target/classes:$(cat app/target/bench.classpath)"

summary=app/target/bench-summary.txt
: >"$summary"
# an entry is a main class, perhaps after options of its own ("-Dbench.rssIn=images dev.buildline.app.RssBenchmark")
for benchmark in "${benchmarks[@]}"; do
  read -r -a entry <<<"$benchmark"
  java -Xms512m -Xmx1g -DBUILDLINE_LOG_LEVEL=WARN -Dbench.summary="$summary" \
    ${jvm_options[@]+"${jvm_options[@]}"} -cp "$classpath" "${entry[@]}" </dev/null
done

# every benchmark appended its figure / limit / ratio / target rows; one table for the whole run
echo
echo "Side by side ($(date -u +%FT%TZ), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg))"
printf '%-48s %14s %14s %8s  %s\n' figure measured limit ratio "target (issue 14)"
cat "$summary"
