#!/usr/bin/env bash
# Sandbox benchmark: how long `bin/sandbox start` takes until ZooKeeper, HDFS and YARN serve, how much
# memory the sandbox JVM holds, how long `stop` takes, and what one Hadoop CLI call costs.
# Results belong in docs/benchmarks.md, section "Sandbox".
#
#   benchmarks/sandbox.sh [--runs N] [--idle SECONDS] [--nodemanagers N] [--dist DIR]
#
# Uses the assembled distribution (default scripts/target/sluice; build it first with
# mvn -B -DskipTests package) and a sandbox dir of its own (SLUICE_SANDBOX_DIR), so a sandbox
# started by hand is not touched.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
DIST="$ROOT/scripts/target/sluice"
runs=5 idle=30 nodemanagers=1
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    --idle) idle="$2"; shift 2 ;;
    --nodemanagers) nodemanagers="$2"; shift 2 ;;
    --dist) DIST="$2"; shift 2 ;;
    *) echo "usage: benchmarks/sandbox.sh [--runs N] [--idle SECONDS] [--nodemanagers N] [--dist DIR]" >&2; exit 2 ;;
  esac
done
[ -x "$DIST/bin/sandbox" ] || { echo "no distribution at $DIST: mvn -B -DskipTests package first" >&2; exit 1; }

export SLUICE_SANDBOX_DIR="${TMPDIR:-/tmp}/sluice-sandbox-bench-$$"
trap '"$DIST/bin/sandbox" stop >/dev/null 2>&1 || true; rm -rf "$SLUICE_SANDBOX_DIR"' EXIT

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
kb_to_mb() { echo $(( $1 / 1024 )); }
status_kb() { grep "^$2:" "/proc/$1/status" | awk '{print $2}'; }

printf '%-4s %-9s %-10s %-11s %-12s %-13s %-8s %-8s %-9s\n' run start_ms jvm_ms rss_ready_MB rss_idle_MB peak_rss_MB threads cli_ms stop_ms
for run in $(seq 1 "$runs"); do
  t0=$(now_ms)
  "$DIST/bin/sandbox" start --nodemanagers "$nodemanagers" >/dev/null
  t1=$(now_ms)
  state="$SLUICE_SANDBOX_DIR/sandbox.state"
  pid=$(grep '^pid=' "$state" | cut -d= -f2)
  jvm_ms=$(grep '^startup.ms=' "$state" | cut -d= -f2)
  rss_ready=$(kb_to_mb "$(status_kb "$pid" VmRSS)")
  threads=$(status_kb "$pid" Threads)
  c0=$(now_ms)
  "$DIST/bin/sandbox" hdfs dfs -ls / >/dev/null
  c1=$(now_ms)
  sleep "$idle"
  rss_idle=$(kb_to_mb "$(status_kb "$pid" VmRSS)")
  peak=$(kb_to_mb "$(status_kb "$pid" VmHWM)")
  s0=$(now_ms)
  "$DIST/bin/sandbox" stop >/dev/null
  s1=$(now_ms)
  printf '%-4s %-9s %-10s %-11s %-12s %-13s %-8s %-8s %-9s\n' "$run" $((t1 - t0)) "$jvm_ms" "$rss_ready" "$rss_idle" "$peak" "$threads" $((c1 - c0)) $((s1 - s0))
done
