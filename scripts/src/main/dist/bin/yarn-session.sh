#!/usr/bin/env bash
# Starts, attaches to or stops a Sluice session on YARN (yarn-session.sh -h for the options).
#   HADOOP_CONF_DIR / YARN_CONF_DIR  the cluster's Hadoop configuration (required)
#   HADOOP_CLASSPATH                 the cluster's Hadoop classes; without it the bundled lib/hadoop client is used
#   SLUICE_CONF_DIR                  configuration directory (default: <dist>/conf)
#   JVM_ARGS                         extra JVM options of this client
set -euo pipefail

bin="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
SLUICE_HOME="$(cd "$bin/.." && pwd -P)"
export SLUICE_CONF_DIR="${SLUICE_CONF_DIR:-$SLUICE_HOME/conf}"

if [ -n "${JAVA_HOME:-}" ]; then JAVA="$JAVA_HOME/bin/java"; else JAVA="java"; fi
if ! command -v "$JAVA" >/dev/null 2>&1; then
  echo "Error: no java found: install a Java 17 runtime or set JAVA_HOME" >&2
  exit 2
fi

classpath="$SLUICE_HOME/lib/sluice-dist.jar"
if [ -n "${HADOOP_CLASSPATH:-}" ]; then
  classpath="$classpath:$HADOOP_CLASSPATH"
else
  classpath="$classpath:$SLUICE_HOME/lib/hadoop/*"
fi

# A client: C1 alone and the serial collector halve the CPU its start takes (see bin/sluice)
# shellcheck disable=SC2206
client_jvm_opts=(-Xmx512m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC ${JVM_ARGS:-}
  "-Dlog4j.configuration=file:$SLUICE_CONF_DIR/log4j-cli.properties")
# shellcheck source=client-jvm.sh
. "$bin/client-jvm.sh"
exec_client_jvm "$(client_classpath "$classpath")" io.sluice.yarnclient.YarnSessionCli "$@"
