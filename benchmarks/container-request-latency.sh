#!/usr/bin/env bash
# TaskManager container request -> launch in the ApplicationMaster: for every jobmanager.log under
# the given directories (YARN container log dirs, e.g. it-minicluster/target/yarn-it after the YARN
# integration tests, or the sandbox's), pairs each "Requested a TaskManager container" line with the
# next "Launching TaskManager in container" line (requests are served in order) and prints the
# count, median, min and max in ms. The span covers: the request reaching YARN (the AM heartbeat),
# YARN's scheduling on a NodeManager heartbeat, the allocation coming back on a later AM heartbeat,
# and building the launch context.
#
#   benchmarks/container-request-latency.sh DIR...
set -euo pipefail
[[ $# -ge 1 ]] || { sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
find "$@" -name jobmanager.log -print0 | while IFS= read -r -d '' log; do
  awk '
    function ms(t,   p, s) { split(t, p, ":"); split(p[3], s, ","); return ((p[1] * 60 + p[2]) * 60 + s[1]) * 1000 + s[2] }
    /Requested a TaskManager container/ { req[++r] = ms($2) }
    /Launching TaskManager in container/ { if (++l <= r) print ms($2) - req[l] }
  ' "$log"
done | sort -n | awk '
  { v[NR] = $1 }
  END {
    if (NR == 0) { print "no request/launch pairs found"; exit 1 }
    med = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
    printf "container request -> launch: n=%d median=%d ms min=%d ms max=%d ms\n", NR, med, v[1], v[NR]
  }'
