#!/usr/bin/env bash
# AM SIGKILL -> job RUNNING again, on the sandbox: a YARN session with ZooKeeper HA runs a detached
# job; the ApplicationMaster's JVM is killed with SIGKILL; the clock stops when the RM lists attempt 2
# and the job answers RUNNING through the RM proxy (i.e. from attempt 2's JobManager).
#
#   benchmarks/yarn-failover.sh [RUNS]      (default 3; needs a built distribution, starts the sandbox)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
DIST="$ROOT/scripts/target/sluice"
RUNS="${1:-3}"
cd "$DIST"
bin/sandbox start >/dev/null
eval "$(bin/sandbox env)"
export HADOOP_CONF_DIR SLUICE_CONF_DIR
rm_web="$(grep -m1 '^rm.web=' "${SLUICE_SANDBOX_DIR:-$DIST/sandbox}/sandbox.state" | cut -d= -f2- | sed 's|^http://||')"
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

for run in $(seq 1 "$RUNS"); do
  bin/sandbox hdfs dfs -rm -r -f -skipTrash bench/failover >/dev/null 2>&1 || true
  session="$(bin/yarn-session.sh -d -nm failover-bench 2>&1 | grep -o 'application_[0-9]*_[0-9]*' | tail -1)"
  numeric="${session#application_}"
  bin/sluice run -t yarn-session -yid "$session" -d -p 2 examples/sluice-examples.jar \
      --output bench/failover --to 60000 --rate 750 >/dev/null 2>&1
  until curl -s "http://$rm_web/proxy/$session/jobs/overview" | grep -q RUNNING; do sleep 0.5; done
  sleep 2
  start="$(now_ms)"
  pkill -9 -f "java.*container_${numeric}_01_000001/jobmanager.log"
  until curl -s -m 1 "http://$rm_web/ws/v1/cluster/apps/$session/appattempts" | grep -q '"id":2' \
      && curl -s -m 1 "http://$rm_web/proxy/$session/jobs/overview" | grep -q RUNNING; do
    sleep 0.05
  done
  echo "run $run: AM SIGKILL -> job RUNNING again: $(( $(now_ms) - start )) ms ($session)"
  bin/yarn-session.sh -id "$session" --stop >/dev/null 2>&1 || true
done
echo "The sandbox keeps running; stop it with $DIST/bin/sandbox stop"
