#!/usr/bin/env bash
# Sluice quickstart: on a machine with only Java 17 and Maven, build the distribution, start the sandbox
# (an embedded YARN + HDFS + ZooKeeper), put a sample text into HDFS and run WordCount on YARN.
#
#   ./quickstart.sh              build, start (or reuse) the sandbox, run the example
#   ./quickstart.sh --no-build   use the distribution already built in scripts/target/sluice
#   ./quickstart.sh --failover   also: a streaming job in a YARN session, its ApplicationMaster killed,
#                                attempt 2 recovering the job on the same TaskManager containers
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
failover=false
for arg in "$@"; do
  case "$arg" in
    --no-build) build=false ;;
    --failover) failover=true ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) echo "Error: unknown option '$arg' (use --no-build, --failover or --help)" >&2; exit 2 ;;
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

step "Running WordCount per-job on YARN: one application for the job, reading and writing HDFS"
mkdir -p "$ROOT/target"
wc_log="$ROOT/target/quickstart-wordcount.log"
if ! "$DIST/bin/sluice" run -t yarn-per-job -p 2 "$DIST/examples/wordcount.jar" \
    --input "$HDFS_DIR/input.txt" --output "$HDFS_DIR/wordcount" 2>&1 | tee "$wc_log"; then
  die "WordCount failed (exit code ${PIPESTATUS[0]}); the output above says why"
fi
app_id="$(grep -o 'application_[0-9]*_[0-9]*' "$wc_log" | head -1)"

step "Top 10 words (word, count), from $HDFS_DIR/wordcount on HDFS"
"$SANDBOX" hdfs dfs -cat "$HDFS_DIR/wordcount/part-*" | LC_ALL=C sort -t"$(printf '\t')" -k2,2nr -k1,1 | head -10

step "The application on YARN"
"$SANDBOX" yarn application -status "$app_id" 2>/dev/null \
  | grep -E '^[[:space:]]*(Application-Id|Application-Name|Application-Type|State|Final-State|Diagnostics)[[:space:]]*:' || true

if $failover; then
  # ---- JobManager failover: a session, a streaming job, the AM killed, attempt 2 takes over ----
  step "Starting a YARN session (bin/yarn-session.sh -d) with ZooKeeper high availability"
  session_log="$ROOT/target/quickstart-session.log"
  "$DIST/bin/yarn-session.sh" -d -nm quickstart-failover >"$session_log" 2>&1 \
    || { cat "$session_log" >&2; die "the session did not start"; }
  session="$(grep -o 'application_[0-9]*_[0-9]*' "$session_log" | tail -1)"
  echo "  session $session"
  numeric="${session#application_}"

  step "Running a streaming job in the session: 30,000 numbers at 750/s per instance, parallelism 2"
  "$SANDBOX" hdfs dfs -rm -r -f -skipTrash "$HDFS_DIR/failover" >/dev/null
  job="$("$DIST/bin/sluice" run -t yarn-session -yid "$session" -d -p 2 "$DIST/examples/sluice-examples.jar" \
      --output "$HDFS_DIR/failover" --to 30000 --rate 750 2>/dev/null | tail -1)"
  echo "  job $job"
  job_state() { "$DIST/bin/sluice" list -yid "$session" 2>/dev/null | awk -v j="$job" '$1 == j { print $2 }'; }
  tm_containers() { ps -eo args | grep -o "container_${numeric}_[0-9]*_[0-9]*/taskmanager.log" | sed 's|/taskmanager.log||' | sort -u; }
  for _ in $(seq 1 60); do [ "$(job_state)" = RUNNING ] && break; sleep 1; done
  [ "$(job_state)" = RUNNING ] || die "the job did not start in the session"
  sleep 3
  before="$(tm_containers)"
  echo "  TaskManager containers: $(echo $before)"

  step "Killing the ApplicationMaster (JobManager) with SIGKILL"
  pkill -9 -f "java.*container_${numeric}_01_000001/jobmanager.log" || die "no ApplicationMaster process found"
  killed_at=$SECONDS
  for _ in $(seq 1 120); do
    if "$SANDBOX" yarn applicationattempt -list "$session" 2>/dev/null | grep -q "_000002[[:space:]]*RUNNING" \
        && [ "$(job_state)" = RUNNING ]; then
      break
    fi
    sleep 1
  done
  [ "$(job_state)" = RUNNING ] || die "the job did not come back after the ApplicationMaster was killed"
  echo "  attempt 2 runs the job again after $((SECONDS - killed_at)) s (as seen by polling the CLI)"
  after="$(tm_containers)"
  echo "  TaskManager containers: $(echo $after)"
  if [ "$before" = "$after" ]; then
    echo "  the same TaskManager containers: YARN kept them across attempts and they re-registered"
  else
    echo "  Note: the TaskManager containers changed (before: $(echo $before); after: $(echo $after))"
  fi
  for _ in $(seq 1 120); do
    state="$(job_state)"
    case "$state" in FINISHED|FAILED|CANCELED) break ;; esac
    sleep 1
  done
  echo "  job $job: $state"
  output="$("$SANDBOX" hdfs dfs -cat "$HDFS_DIR/failover/part-*")"
  lines="$(printf '%s\n' "$output" | wc -l | tr -d ' ')"
  distinct="$(printf '%s\n' "$output" | sort -n | uniq | wc -l | tr -d ' ')"
  echo "  output: $lines lines, $distinct distinct, in $HDFS_DIR/failover (expected 10000 once each: the multiples of 3 up to 30000, doubled)"
  "$DIST/bin/yarn-session.sh" -id "$session" --stop >/dev/null 2>&1 || true
  [ "$state" = FINISHED ] && [ "$lines" = 10000 ] && [ "$distinct" = 10000 ] \
    || die "the job did not finish with the exact output"
fi

rm_web="$(grep -m1 '^rm.web=' "${SLUICE_SANDBOX_DIR:-$DIST/sandbox}/sandbox.state" | cut -d= -f2-)"
step "The sandbox keeps running"
cat <<EOF
  YARN ResourceManager UI   $rm_web   (applications, their logs, "Tracking UI" leads to Sluice's web UI)
  Use it from your shell:   eval "\$($SANDBOX env)"
  A session and its jobs:   $DIST/bin/yarn-session.sh -d     then   $DIST/bin/sluice run $DIST/examples/wordcount.jar ...
                            $DIST/bin/sluice list             $DIST/bin/yarn-session.sh -id <applicationId> --stop
  Hadoop's CLIs:            $SANDBOX yarn application -list      $SANDBOX yarn logs -applicationId ${app_id}
                            $SANDBOX hdfs dfs -ls $HDFS_DIR
  Stop it:                  $SANDBOX stop
EOF
