#!/usr/bin/env bash
# Time from a JVM's first SLF4J call to its first log line written, with the distribution's backend
# (reload4j, conf/log4j.properties) and with Log4j 2 (the version the root pom pins, with the log4j2
# configuration of session 3, file + console). Results: docs/benchmarks.md, "Start-up work of session 4".
#
#   benchmarks/logging-startup.sh [RUNS]     (default 5; needs a built distribution and ~/.m2)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
DIST="$ROOT/scripts/target/sluice"
RUNS="${1:-5}"
M2="${M2_REPO:-$HOME/.m2/repository}"
slf4j="$(sed -n 's|.*<slf4j.version>\(.*\)</slf4j.version>.*|\1|p' "$ROOT/pom.xml")"
log4j="$(sed -n 's|.*<log4j.version>\(.*\)</log4j.version>.*|\1|p' "$ROOT/pom.xml")"
L="$M2/org/apache/logging/log4j"
log4j2_cp="$M2/org/slf4j/slf4j-api/$slf4j/slf4j-api-$slf4j.jar:$L/log4j-api/$log4j/log4j-api-$log4j.jar"
log4j2_cp="$log4j2_cp:$L/log4j-core/$log4j/log4j-core-$log4j.jar:$L/log4j-slf4j-impl/$log4j/log4j-slf4j-impl-$log4j.jar"
for jar in ${log4j2_cp//:/ } "$DIST/lib/sluice-dist.jar"; do
  [ -f "$jar" ] || { echo "missing $jar: build first (mvn -B -DskipTests install)" >&2; exit 1; }
done

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cat > "$work/FirstLogLine.java" <<'JAVA'
public class FirstLogLine {
    public static void main(String[] args) {
        long t0 = System.nanoTime();
        org.slf4j.LoggerFactory.getLogger(FirstLogLine.class).info("first line");
        System.out.println((System.nanoTime() - t0) / 1_000_000);
    }
}
JAVA
javac -d "$work" -cp "$DIST/lib/sluice-dist.jar" "$work/FirstLogLine.java"
cat > "$work/log4j2.properties" <<'PROPS'
status = warn
rootLogger.level = INFO
rootLogger.appenderRef.file.ref = file
rootLogger.appenderRef.console.ref = console
appender.file.type = RollingFile
appender.file.name = file
appender.file.fileName = ${sys:sluice.log.file}
appender.file.filePattern = ${sys:sluice.log.file}.%i
appender.file.layout.type = PatternLayout
appender.file.layout.pattern = %d{yyyy-MM-dd HH:mm:ss,SSS} %-5p %-40c{1.} [%t] %m%n
appender.file.policies.type = Policies
appender.file.policies.size.type = SizeBasedTriggeringPolicy
appender.file.policies.size.size = 100MB
appender.console.type = Console
appender.console.name = console
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = %d{HH:mm:ss,SSS} %-5p %-30c{1.} %m%n
PROPS

reload4j=() log4j2=()
for _ in $(seq 1 "$RUNS"); do
  reload4j+=("$(java -Dsluice.log.file="$work/r.log" -Dlog4j.configuration="file:$DIST/conf/log4j.properties" \
      -cp "$DIST/lib/sluice-dist.jar:$work" FirstLogLine | tail -1)")
  log4j2+=("$(java -Dsluice.log.file="$work/l.log" -Dlog4j.configurationFile="$work/log4j2.properties" \
      -cp "$log4j2_cp:$work" FirstLogLine | tail -1)")
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
echo "first log line, ms (runs: $RUNS, alternating)"
echo "  reload4j (distribution): ${reload4j[*]}  median $(median "${reload4j[@]}")"
echo "  Log4j 2 $log4j:          ${log4j2[*]}  median $(median "${log4j2[@]}")"
