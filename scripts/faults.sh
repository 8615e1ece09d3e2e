#!/usr/bin/env bash
# The fault figures of issue 11 (a script, like the benchmarks; not part of .ci/run). Builds the launcher jar and the
# test classes (nothing is installed into ~/.m2), then runs dev.buildline.app.FaultRun: kafka, coordinator and two
# workers as processes of the jar, 50 signed pushes of 4 images per scenario (real buildx into 127.0.0.1:5000), one
# fault per scenario, bad input interleaved; prints a table.
#   scripts/faults.sh                                 all four scenarios
#   scripts/faults.sh worker-kill third-worker        some of them (worker-kill | third-worker | broker-restart |
#                                                     coordinator-restart)
#   scripts/faults.sh -Dfaults.pushes=20 worker-kill  fewer pushes
# Against a 3-node KRaft cluster (every node broker + controller, each its own process; replication 3,
# min.insync.replicas 2, unclean leader election off), coordinator and workers as above:
#   scripts/faults.sh cluster leader-kill controller-kill two-brokers-down two-coordinators partition
#     cluster: no fault (the baseline); leader-kill: the leader of most build-requests partitions killed, back after
#     20 s; controller-kill: the active controller killed, back after 20 s; two-brokers-down: two nodes killed at once,
#     back after 20 s; two-coordinators: two coordinators take deliveries in turn, each delivery redelivered to the
#     other one
#     partition (root): node 3 in a network namespace of its own, its veth taken down for 20 s
#   scripts/faults.sh start-cluster                   only start the cluster (three processes) and wait; Ctrl-C stops it
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build-host.sh >/dev/null

jvm_options=()
scenarios=()
for arg in "$@"; do
  case "$arg" in
    -D*|-X*) jvm_options+=("$arg") ;;
    worker-kill|third-worker|broker-restart|coordinator-restart|cluster|leader-kill|controller-kill|two-brokers-down\
      |two-coordinators|partition|start-cluster) scenarios+=("$arg") ;;
    *) echo "faults: unknown argument '$arg'" >&2; exit 2 ;;
  esac
done

mvn -B -q -pl app -am package -DskipTests \
  org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
  -Dmdep.outputFile=target/faults.classpath -Dmdep.includeScope=test </dev/null
classpath="app/target/test-classes:app/target/classes:$(cat app/target/faults.classpath)"
if [[ "${scenarios[*]:-}" == start-cluster ]]; then
  exec java "${jvm_options[@]}" -cp "$classpath" dev.buildline.app.ClusterNodes
fi
exec java "${jvm_options[@]}" -cp "$classpath" dev.buildline.app.FaultRun "${scenarios[@]}"
