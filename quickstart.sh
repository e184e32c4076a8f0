#!/usr/bin/env bash
# Sluice quickstart: on a machine with only Java 17 and Maven, build the distribution, start the sandbox
# (an embedded YARN + HDFS + ZooKeeper), put a sample text into HDFS and run WordCount on YARN.
#
#   ./quickstart.sh              build, start (or reuse) the sandbox, run the example
#   ./quickstart.sh --no-build   use the distribution already built in scripts/target/sluice
#
# Running it again is fine: the build runs again, a running sandbox is reused, the input is replaced
# and the previous output removed. Stop the sandbox with scripts/target/sluice/bin/sandbox stop.
# MAVEN_ARGS adds options to the Maven build (e.g. MAVEN_ARGS=-o for offline).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
DIST="$ROOT/scripts/target/sluice"
SANDBOX="$DIST/bin/sandbox"
SAMPLE="$DIST/examples/data/river.txt"
HDFS_DIR="quickstart"            # relative to the user's HDFS home, /user/<user>

build=true
for arg in "$@"; do
  case "$arg" in
    --no-build) build=false ;;
    --failover) echo "Error: --failover is not there yet (it needs the YARN deployment)" >&2; exit 2 ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) echo "Error: unknown option '$arg' (use --no-build or --help)" >&2; exit 2 ;;
  esac
done

step() { printf '\n==> %s\n' "$*"; }
die() { echo "Error: $*" >&2; exit 1; }

# Runs a long command with its output in a log file, printing a dot every 5 s and the elapsed time.
with_progress() { # log-file command...
  local log="$1"; shift
  local start=$SECONDS
  "$@" >"$log" 2>&1 &
  local pid=$!
  while kill -0 "$pid" 2>/dev/null; do
    sleep 5
    if kill -0 "$pid" 2>/dev/null; then printf '. %ds ' $((SECONDS - start)); fi
  done
  if ! wait "$pid"; then
    echo
    echo "Failed after $((SECONDS - start)) s; the last lines of $log:" >&2
    tail -n 40 "$log" >&2
    return 1
  fi
  echo "done in $((SECONDS - start)) s"
}

command -v java >/dev/null 2>&1 || [ -n "${JAVA_HOME:-}" ] || die "no Java found: install a Java 17 JDK (or set JAVA_HOME)"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
java_major="$("$JAVA" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -1)"
[ -n "$java_major" ] && [ "$java_major" -ge 17 ] || die "Java 17 or newer is needed, found: $("$JAVA" -version 2>&1 | head -1)"

if $build; then
  command -v mvn >/dev/null 2>&1 || die "no Maven found: install Maven 3.8+ (or run with --no-build on a built tree)"
  step "Building the distribution (mvn package; the first build downloads dependencies and takes a few minutes)"
  mkdir -p "$ROOT/target"
  # shellcheck disable=SC2086
  with_progress "$ROOT/target/quickstart-build.log" \
    mvn -B -f "$ROOT/pom.xml" -DskipTests ${MAVEN_ARGS:-} package || die "the build failed (see above)"
fi
[ -x "$SANDBOX" ] && [ -f "$SAMPLE" ] || die "no complete distribution at $DIST: run without --no-build"

step "Starting the sandbox (ZooKeeper, HDFS, YARN on this machine)"
"$SANDBOX" start
eval "$("$SANDBOX" env)"
export HADOOP_CONF_DIR SLUICE_CONF_DIR

step "Putting the sample text into HDFS ($HDFS_DIR/input.txt, $(wc -w <"$SAMPLE" | tr -d ' ') words)"
"$SANDBOX" hdfs dfs -mkdir -p "$HDFS_DIR"
"$SANDBOX" hdfs dfs -put -f "$SAMPLE" "$HDFS_DIR/input.txt"
"$SANDBOX" hdfs dfs -rm -r -f -skipTrash "$HDFS_DIR/wordcount" >/dev/null   # output of an earlier run

# TODO(coordinator, once the YARN deployment (issue 5) is merged): run WordCount per-job on YARN,
# attached, and show its result, e.g.
#   step "Running WordCount per-job on YARN"
#   "$DIST/bin/sluice" run -t yarn-per-job -c io.sluice.examples.WordCount "$DIST/examples/sluice-examples.jar" \
#       --input "$HDFS_DIR/input.txt" --output "$HDFS_DIR/wordcount"
#   step "Top words"
#   "$SANDBOX" hdfs dfs -cat "$HDFS_DIR/wordcount/part-*" | sort -k2,2nr -k1,1 | head -10
#   step "The application on YARN"
#   "$SANDBOX" yarn application -list -appStates FINISHED,FAILED,KILLED   (final status of the app just run)
# and --failover: a streaming job in a session (bin/yarn-session.sh -d), kill the AM container's JVM,
# show attempt 2 recovering the job with the same TaskManager containers.

rm_web="$(grep -m1 '^rm.web=' "${SLUICE_SANDBOX_DIR:-$DIST/sandbox}/sandbox.state" | cut -d= -f2-)"
step "The sandbox keeps running"
cat <<EOF
  YARN ResourceManager UI   $rm_web   (applications, their logs and tracking links)
  Use it from your shell:   eval "\$($SANDBOX env)"
  Hadoop's CLIs:            $SANDBOX yarn application -list      $SANDBOX hdfs dfs -ls $HDFS_DIR
  Stop it:                  $SANDBOX stop
EOF
