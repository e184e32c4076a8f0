#!/usr/bin/env bash
# Recovery times under random faults: runs it-minicluster's RandomFaultsTest with N faults (default
# 100) on the embedded Hadoop cluster (per-job on YARN, ZooKeeper HA, checkpoints every 500 ms) and
# prints, per fault kind, the median, p95 and max of fault -> job RUNNING and fault -> first new
# completed checkpoint (its first new committed output). The run also checks the output exactly.
#
# usage: benchmarks/fault-injection.sh [FAULTS] [SEED]      (build first: mvn -B -DskipTests install)
#        benchmarks/fault-injection.sh --summarize FILE.csv  (the summary of an earlier run's CSV)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [[ "${1:-}" == "--summarize" ]]; then
    REPORT="$2"
else
    FAULTS="${1:-100}"
    REPORT="$ROOT/benchmarks/target/fault-injection-$(date -u +%Y%m%dT%H%M%S).csv"
    mkdir -p "$ROOT/benchmarks/target"
    SEED_ARG=()
    if [[ $# -ge 2 ]]; then
        SEED_ARG=("-Dsluice.faults.seed=$2")
    fi
    cd "$ROOT"
    mvn -B -o -q -pl it-minicluster test -Dtest=RandomFaultsTest -Dsurefire.failIfNoSpecifiedTests=false \
        -Dsluice.faults="$FAULTS" -Dsluice.faults.report="$REPORT" "${SEED_ARG[@]}"
    echo "per-fault times: $REPORT"
fi
# kind, count, median / p95 / max of both columns (nearest-rank percentiles)
for kind in $(tail -n +2 "$REPORT" | cut -d, -f2 | sort -u) ALL; do
    for col in 3 4; do
        if [[ $kind == ALL ]]; then
            tail -n +2 "$REPORT" | cut -d, -f"$col"
        else
            tail -n +2 "$REPORT" | awk -F, -v k="$kind" '$2 == k' | cut -d, -f"$col"
        fi | sort -n > "$REPORT.col"
        n=$(wc -l < "$REPORT.col")
        med=$(sed -n "$(( (n + 1) / 2 ))p" "$REPORT.col")
        p95=$(sed -n "$(( (n * 95 + 99) / 100 ))p" "$REPORT.col")
        max=$(tail -1 "$REPORT.col")
        label=$([[ $col == 3 ]] && echo "-> RUNNING" || echo "-> new checkpoint")
        printf '%-24s %-18s n=%-4s median %6s ms  p95 %6s ms  max %6s ms\n' "$kind" "$label" "$n" "$med" "$p95" "$max"
    done
done
rm -f "$REPORT.col"
