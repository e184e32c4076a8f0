#!/usr/bin/env bash
# Runs Sluice's benchmarks from a built checkout. Results belong in docs/benchmarks.md.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TARGET="$ROOT/benchmarks/target"
CLASSES="$TARGET/classes"
CP_FILE="$TARGET/benchmarks.classpath"

usage() {
    cat <<EOF
usage: benchmarks/run.sh COMMAND [ARGS...]

commands:
  rpc [JMH-OPTIONS]        RpcAskBenchmark: ask round trip in-process and across JVMs (JMH, ~1 min)
  shuffle [OPTIONS]        ShuffleThroughputBenchmark: records/s of a chained stateless job and of a
                           keyed job with a network shuffle between two TaskManagers (parallelism 2)
                           options: --stateless-records 200000000 --keyed-records 20000000 --runs 3
                                    --jobs stateless,keyed,keyed-checkpointed
                                    --taskmanagers 2 (1: one TaskManager, two slots, as Flink local mode)
  checkpoint-state [OPTIONS]
                           CheckpointStateBenchmark: task-thread pause, write and restore time of a
                           checkpoint of heap keyed state; options: --sizes-mb 10,100,1000 --dir /tmp
  deployment [OPTIONS]     DeploymentBenchmark: submit -> all tasks RUNNING on a local cluster
                           options: --tasks 1,100 --runs 10 --warmups 2 --poll-ms 5
                                    --slots-per-taskmanager 25
  dataflow [OPTIONS]       DataflowThroughputBenchmark: jobs over generated text on a local cluster
                           options: --jobs read-text,wordcount --size-mb 200 --files 4
                                    --parallelism 2 --runs 3 --warmups 1 --taskmanagers 1
                                    --data-dir benchmarks/target/wordcount-data
  text-source [OPTIONS]    TextSourceBenchmark: the text file source alone on one thread vs the JDK's
                           BufferedReader; options: --size-mb 200 --files 4 --runs 5 --data-dir ...
  ha-failover [OPTIONS]    HaFailoverBenchmark: leader kill -> new leader -> job RUNNING again, with
                           the distribution (scripts/target/sluice) on ZooKeeper + HDFS in the JVM
                           options: --modes tuned,evict,default --runs 3 --session-timeout '2 s'
  yarn DIST [OPTIONS]      YarnDeploymentBenchmark: session deploy, per-job, N TaskManagers on an
                           embedded Hadoop cluster, using the distribution DIST (scripts/target/sluice)
                           options: --runs 3 --taskmanagers 1,4,16
  kafka [OPTIONS]          KafkaThroughputBenchmark: records/s Kafka -> Kafka at parallelism 2, at least
                           once and exactly once (1 s checkpoints), next to Kafka's producer and consumer
                           perf tools on the same broker (a KRaft broker started as a child JVM)
                           options: --records 2000000 --record-size 100 --runs 3
  jmh [JMH-OPTIONS]        JMH itself, e.g. 'jmh -l' (list), 'jmh -h' (help), 'jmh Rpc -f 2'
  classpath                print the classpath the benchmarks run with

Build first, from the repository root:
  mvn -B -DskipTests install                  (all modules), or
  mvn -B -DskipTests install -pl runtime,benchmarks -am

Environment: JAVA (default: java on PATH), JAVA_OPTS (extra JVM options of the
benchmark JVM; JMH forks inherit them).

Examples:
  benchmarks/run.sh rpc
  benchmarks/run.sh rpc -rf json -rff rpc.json
  benchmarks/run.sh deployment --tasks 100 --runs 20
  benchmarks/run.sh dataflow --jobs read-text,wordcount
EOF
}

die() {
    echo "run.sh: $*" >&2
    exit 1
}

# Dependencies as resolved by Maven for the benchmarks module, with this checkout's own module jars
# in place of the copies in the local repository (several checkouts may install the same snapshot).
build_classpath() {
    [[ -f "$CLASSES/META-INF/BenchmarkList" ]] \
        || die "$CLASSES/META-INF/BenchmarkList is missing; build first: (cd $ROOT && mvn -B -DskipTests install)"
    local pom="$ROOT/benchmarks/pom.xml"
    if [[ ! -s "$CP_FILE" || "$pom" -nt "$CP_FILE" || "$ROOT/pom.xml" -nt "$CP_FILE" ]]; then
        local log="$TARGET/benchmarks.classpath.log"
        # offline first (quick, works once the build has run); online if a plugin is still missing
        if ! (cd "$ROOT" && mvn -B -q -o -pl benchmarks dependency:build-classpath \
                -Dmdep.outputFile="$CP_FILE" >"$log" 2>&1); then
            (cd "$ROOT" && mvn -B -q -pl benchmarks dependency:build-classpath \
                -Dmdep.outputFile="$CP_FILE" >"$log" 2>&1) \
                || { cat "$log" >&2; die "could not resolve the classpath of the benchmarks module (see above)"; }
        fi
    fi
    local entries=() entry file module local_jar
    IFS=":" read -r -a entries <"$CP_FILE" || true  # no newline at the end of the file
    local cp="$CLASSES"
    for entry in "${entries[@]}"; do
        file="$(basename "$entry")"
        if [[ "$entry" == */io/sluice/sluice-* ]]; then
            module="${file#sluice-}"
            module="${module%%-[0-9]*}"
            local_jar="$ROOT/$module/target/$file"
            if [[ -f "$local_jar" ]]; then
                entry="$local_jar"
            elif [[ -f "$ROOT/$module/target/sluice-$module.jar" ]]; then
                entry="$ROOT/$module/target/sluice-$module.jar"   # a module with a fixed finalName (examples)
            fi
        fi
        cp="$cp:$entry"
    done
    printf '%s' "$cp"
}

JAVA="${JAVA:-java}"
LOG_CONFIG="-Dlog4j2.configurationFile=log4j2-benchmarks.properties"

[[ $# -ge 1 ]] || { usage; exit 2; }
command="$1"
shift

case "$command" in
    rpc)
        CP="$(build_classpath)"
        # shellcheck disable=SC2086
        exec "$JAVA" "$LOG_CONFIG" ${JAVA_OPTS:-} -cp "$CP" org.openjdk.jmh.Main \
            'io\.sluice\.benchmarks\.RpcAskBenchmark\.' "$@"
        ;;
    jmh)
        CP="$(build_classpath)"
        # shellcheck disable=SC2086
        exec "$JAVA" "$LOG_CONFIG" ${JAVA_OPTS:-} -cp "$CP" org.openjdk.jmh.Main "$@"
        ;;
    shuffle)
        CP="$(build_classpath)"
        # shellcheck disable=SC2086
        exec "$JAVA" -Xms2g -Xmx2g "$LOG_CONFIG" ${JAVA_OPTS:-} -cp "$CP" \
            io.sluice.benchmarks.ShuffleThroughputBenchmark "$@"
        ;;
    checkpoint-state)
        CP="$(build_classpath)"
        # shellcheck disable=SC2086
        exec "$JAVA" -Xms8g -Xmx8g "$LOG_CONFIG" ${JAVA_OPTS:-} -cp "$CP" \
            io.sluice.benchmarks.CheckpointStateBenchmark "$@"
        ;;
    deployment)
        CP="$(build_classpath)"
        # shellcheck disable=SC2086
        exec "$JAVA" -Xms2g -Xmx2g "$LOG_CONFIG" ${JAVA_OPTS:-} -cp "$CP" \
            io.sluice.benchmarks.DeploymentBenchmark "$@"
        ;;
    dataflow)
        CP="$(build_classpath)"
        # shellcheck disable=SC2086
        exec "$JAVA" -Xms4g -Xmx4g -XX:+UseG1GC "$LOG_CONFIG" ${JAVA_OPTS:-} -cp "$CP" \
            io.sluice.benchmarks.DataflowThroughputBenchmark "$@"
        ;;
    kafka)
        CP="$(build_classpath)"
        # shellcheck disable=SC2086
        exec "$JAVA" -Xms2g -Xmx2g "$LOG_CONFIG" ${JAVA_OPTS:-} -cp "$CP" \
            io.sluice.benchmarks.KafkaThroughputBenchmark "$@"
        ;;
    text-source)
        CP="$(build_classpath)"
        # shellcheck disable=SC2086
        exec "$JAVA" -Xms1g -Xmx1g "$LOG_CONFIG" ${JAVA_OPTS:-} -cp "$CP" \
            io.sluice.benchmarks.TextSourceBenchmark "$@"
        ;;
    ha-failover)
        CP="$(build_classpath)"
        cd "$ROOT"
        # shellcheck disable=SC2086
        exec "$JAVA" --add-opens java.base/java.lang=ALL-UNNAMED "$LOG_CONFIG" ${JAVA_OPTS:-} -cp "$CP" \
            io.sluice.benchmarks.HaFailoverBenchmark "$@"
        ;;
    yarn)
        CP="$(build_classpath)"
        # shellcheck disable=SC2086
        exec "$JAVA" -Xmx1g --add-opens java.base/java.lang=ALL-UNNAMED --add-opens java.base/java.util=ALL-UNNAMED \
            --add-opens java.base/java.util.concurrent=ALL-UNNAMED "$LOG_CONFIG" ${JAVA_OPTS:-} -cp "$CP" \
            io.sluice.benchmarks.YarnDeploymentBenchmark "$@"
        ;;
    classpath)
        build_classpath
        echo
        ;;
    -h|--help|help)
        usage
        ;;
    *)
        echo "run.sh: unknown command '$command'" >&2
        usage >&2
        exit 2
        ;;
esac
