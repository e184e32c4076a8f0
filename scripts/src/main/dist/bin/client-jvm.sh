# Sourced (not run) by bin/sluice and bin/yarn-session.sh: starts a command-line client's JVM.
#
# A client JVM spends most of its few seconds loading classes (Hadoop's RPC and HDFS clients, Netty,
# Jackson). Its first run records the classes it loaded in an application class-data archive (AppCDS,
# JDK 13+); later runs map that archive instead of loading and verifying the classes again, which saves
# about half a second per command (docs/benchmarks.md). An archive belongs to one Java, one set of JVM
# options and one class path (every jar's size and time), so any change makes a new one.
#   SLUICE_CLIENT_CDS   off: no archive
#   SLUICE_CDS_DIR      where archives are kept (default ~/.sluice/cds); when a new one is written,
#                       those unused for 30 days are deleted
#
# The JVM writes the archive when it exits, under a name with its pid; the next run adopts it once that
# process is gone. So the client itself is always exec'd: exit code, signals and stdin are the JVM's.

# Prints a class path with its directories behind its jars. The JVM cannot write an archive while a
# non-empty directory comes before a jar it loaded classes from; the directories of a client's class
# path are Hadoop conf dirs, which hold *-site.xml files and no classes, so their place does not matter.
client_classpath() (
  set -f
  IFS=':'
  jars="" dirs=""
  for entry in $1; do
    [ -n "$entry" ] || continue
    if [ -d "$entry" ]; then dirs="$dirs:$entry"; else jars="$jars:$entry"; fi
  done
  printf '%s' "${jars#:}$dirs"
)

# Size and time of every jar on a class path (wildcards expanded as the JVM does), one line each.
classpath_stamps() (
  set -f
  IFS=':'
  for entry in $1; do
    case "$entry" in
      */\*) set +f
           for jar in "${entry%\*}"*.jar "${entry%\*}"*.JAR; do if [ -f "$jar" ]; then printf '%s\n' "$jar"; fi; done
           set -f ;;
      *) if [ -f "$entry" ]; then printf '%s\n' "$entry"; fi ;;
    esac
  done | xargs -r -d '\n' stat -L -c '%n %s %Y'
)

# A directory on the class path that holds classes: then no archive could be written, so none is tried.
classpath_dirs_hold_classes() (
  set -f
  IFS=':'
  for entry in $1; do
    if [ -d "$entry" ] && [ -n "$(find "$entry" -name '*.class' -print -quit 2>/dev/null)" ]; then exit 0; fi
  done
  exit 1
)

# exec_client_jvm <classpath> <main class> <program arguments...>
# The JVM options are in the array client_jvm_opts; they, the Java and the class path make the archive's key.
exec_client_jvm() {
  local classpath="$1"; shift
  local cmd=("$JAVA" ${client_jvm_opts[@]+"${client_jvm_opts[@]}"} -cp "$classpath")
  if [ "${SLUICE_CLIENT_CDS:-on}" = off ] || classpath_dirs_hold_classes "$classpath"; then
    exec "${cmd[@]}" "$@"
  fi
  local dir="${SLUICE_CDS_DIR:-$HOME/.sluice/cds}"
  local java_bin key archive
  # anything unexpected (no GNU stat, an unwritable home): run without an archive. One archive per
  # command: the main class and its first argument (run, list, -d ...) are part of the key.
  if ! mkdir -p "$dir" 2>/dev/null || [ ! -w "$dir" ] \
      || ! java_bin="$(readlink -f "$(command -v "$JAVA")" 2>/dev/null)" \
      || ! key="$( { printf '%s\n' "$java_bin" "${cmd[@]}" "$1" "${2:-}"; stat -L -c '%n %s %Y' "$java_bin"
                     classpath_stamps "$classpath"; } 2>/dev/null | cksum)"; then
    exec "${cmd[@]}" "$@"
  fi
  archive="$dir/client-${key%% *}.jsa"
  if [ ! -f "$archive" ]; then
    # adopt what an earlier run of this key wrote as it exited; a write that failed (a full disk: the JVM
    # then exits with 1 whatever the command did) or was cut off is not tried again for this key
    local attempt pid
    for attempt in "$archive".attempt.*; do
      [ -f "$attempt" ] || continue
      pid="${attempt##*.}"
      if kill -0 "$pid" 2>/dev/null; then continue; fi
      if [ "$(od -An -tx1 -N4 "$archive.$pid" 2>/dev/null)" = " a8 ab 0b f0" ]; then
        mv -f "$archive.$pid" "$archive" 2>/dev/null || true
      else
        rm -f "$archive.$pid"
        touch "$archive.failed" 2>/dev/null || true
      fi
      rm -f "$attempt"
    done
  fi
  # -Xlog:cds*=off: no CDS warnings on stdout, which scripts read (job ids, application ids)
  if [ -f "$archive" ]; then
    touch "$archive" 2>/dev/null || true
    exec "$JAVA" -XX:SharedArchiveFile="$archive" -Xlog:cds*=off "${cmd[@]:1}" "$@"
  fi
  # writing needs about 40 MB; without room the JVM would fail the command at its exit
  local free_kb
  free_kb="$(df -Pk "$dir" 2>/dev/null | awk 'NR == 2 { print $4 }')" || free_kb=0
  if [ -e "$archive.failed" ] || ! [ "${free_kb:-0}" -ge 262144 ] 2>/dev/null \
      || ! touch "$archive.attempt.$$" 2>/dev/null; then
    exec "${cmd[@]}" "$@"
  fi
  find "$dir" -maxdepth 1 -name 'client-*' -mtime +30 -delete 2>/dev/null || true
  exec "$JAVA" -XX:ArchiveClassesAtExit="$archive.$$" -Xlog:cds*=off "${cmd[@]:1}" "$@"
}
