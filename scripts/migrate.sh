#!/usr/bin/env bash
# migrate.sh — run retort from a source checkout.
#
#   scripts/migrate.sh [retort options] COMMAND [ARGS]     e.g.  scripts/migrate.sh upgrade head
#
# Builds target/retort.jar when needed, then runs it with the caller's arguments unchanged and
# in the caller's working directory (so `sqlite:///data/retort.db`, `retort.yaml`, `alembic.ini`
# and the default `revisions/` all resolve against the directory you call it from).
#
# Rebuild rule (chosen: staleness, not just existence): the jar is rebuilt with
# `mvn -q -B package -DskipTests` when it is missing OR when pom.xml or any file under src/ is
# newer than it, so a `git pull` never leaves you running an old build. If the jar exists but
# looks stale and mvn is not installed, the existing jar is used with a warning.
#
# Environment:
#   JAVA       java executable (default: $JAVA_HOME/bin/java if JAVA_HOME is set, else `java`)
#   JAVA_OPTS  extra JVM options, appended after the defaults below (later options win; if
#              JAVA_OPTS picks a garbage collector, the default -XX:+UseSerialGC is left out)
#   MVN        maven executable (default: `mvn`)
#
# Default JVM options (for `copy`, see below), for a short-lived CLI: C1 only (-XX:TieredStopAtLevel=1: C2 never pays
# off in a run of a second or two; measured on JDK 17 with a JDBC/SQLite workload: about a
# quarter less CPU), serial GC (no GC worker threads, a little less memory; note that on JDK 17
# it makes the JVM skip the archived heap in the default CDS archive, about +20 ms CPU on
# `java -version`, neutral on a real run), compilation thresholds at 1/20 of the defaults
# (-XX:CompileThresholdScaling=0.05: a graph command walks 10,000 revisions a few times, in loops
# that run once per command; by default a loop is compiled only after 60,000 iterations, so they
# ran interpreted; measured on 10,000 revisions: history ~25% and heads ~10% faster) and
# class-data sharing (-Xshare:auto, the JDK's default, spelled out so JAVA_OPTS=-Xshare:off can be
# seen to override it).
#
# Exit status: whatever retort returns; 2 if java (or mvn, when a build is needed) is missing
# or the build fails.
set -euo pipefail

die() { echo "migrate.sh: $*" >&2; exit 2; }

# --- repo root: this file's real location (follows symlinks, without GNU readlink -f) --------
src="${BASH_SOURCE[0]}"
while [ -L "$src" ]; do
  dir="$(cd -P "$(dirname "$src")" && pwd)"
  src="$(readlink "$src")"
  case "$src" in /*) ;; *) src="$dir/$src" ;; esac
done
ROOT="$(cd -P "$(dirname "$src")/.." && pwd)"
JAR="$ROOT/target/retort.jar"

# --- java ----------------------------------------------------------------------------------
if [ -z "${JAVA:-}" ]; then
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then JAVA="$JAVA_HOME/bin/java"; else JAVA=java; fi
fi
command -v "$JAVA" >/dev/null 2>&1 \
  || die "java not found (looked for '$JAVA'). Install a JDK 17+ or set JAVA=/path/to/java."

# --- build if needed -----------------------------------------------------------------------
jar_stale() {
  [ ! -f "$JAR" ] && return 0
  [ -n "$(find "$ROOT/pom.xml" "$ROOT/src" -newer "$JAR" -print -quit 2>/dev/null)" ]
}

if jar_stale; then
  MVN="${MVN:-mvn}"
  if ! command -v "$MVN" >/dev/null 2>&1; then
    [ -f "$JAR" ] || die "$JAR is missing and mvn was not found to build it. Install Maven 3.8+ or set MVN=/path/to/mvn."
    echo "migrate.sh: warning: sources are newer than $JAR but mvn was not found; using the existing jar" >&2
  else
    mkdir -p "$ROOT/target"
    # Several runs may start at once (parallel deploy steps): build once, the others wait.
    if command -v flock >/dev/null 2>&1; then
      exec 9>"$ROOT/target/.migrate-build.lock"
      flock 9
    fi
    if jar_stale; then
      echo "migrate.sh: building $JAR (mvn package) ..." >&2
      # Maven's output is kept in a log and shown (on stderr) only if the build fails:
      # stdout is reserved for retort's command output.
      log="$ROOT/target/migrate-build.log"
      if ! "$MVN" -q -B -f "$ROOT/pom.xml" package -DskipTests >"$log" 2>&1; then
        cat "$log" >&2
        die "build failed (mvn package in $ROOT; log: $log)"
      fi
      [ -f "$JAR" ] || die "build finished but $JAR was not produced"
    fi
    if command -v flock >/dev/null 2>&1; then exec 9>&-; fi
  fi
fi

# --- run -----------------------------------------------------------------------------------
extra=()
read -r -a extra <<< "${JAVA_OPTS:-}"
opts=(-XX:TieredStopAtLevel=1 -XX:CompileThresholdScaling=0.05 -Xshare:auto)
# `copy` runs for minutes over gigabytes: the full JIT pays off there, and a bounded heap keeps its
# peak RSS near 120 MB whatever the table sizes (it streams; only one row is held at a time).
for a in "$@"; do
  if [ "$a" = copy ]; then opts=(-Xshare:auto -Xms64m -Xmx160m); break; fi
done
case " ${JAVA_OPTS:-} " in
  *" -XX:+Use"*GC*) ;;                  # caller chose a collector; two would conflict
  *) opts=(-XX:+UseSerialGC "${opts[@]}") ;;
esac

# Class-data sharing for retort's own classes (JDK 13+ dynamic archive): the first run after a build
# first runs a training pass (dev.retort.cli.CdsTraining: the everyday commands on a small graph in a
# temporary directory, about 2 s, once) that records the classes they load into target/retort.jsa
# (written at exit, then moved into place atomically, so parallel first runs cannot leave a broken
# archive); every run maps it, which cuts start-up of any command by 0.1-0.2 s. RETORT_CDS=0 turns
# this off; if the training fails, retort simply runs without the archive.
jsa="$ROOT/target/retort.jsa"
if [ "${RETORT_CDS:-1}" != 0 ] && { [ ! -f "$jsa" ] || [ "$JAR" -nt "$jsa" ]; } && [ -w "$ROOT/target" ]; then
  tmp="$jsa.$$.tmp"
  "$JAVA" "${opts[@]}" "-XX:ArchiveClassesAtExit=$tmp" -Xlog:cds=off -Xlog:cds+dynamic=off \
    ${extra[@]+"${extra[@]}"} -cp "$JAR" dev.retort.cli.CdsTraining >/dev/null 2>&1 || true
  if [ -s "$tmp" ]; then mv -f "$tmp" "$jsa"; else rm -f "$tmp"; fi
fi
if [ "${RETORT_CDS:-1}" != 0 ] && [ -f "$jsa" ] && [ "$jsa" -nt "$JAR" ]; then
  opts+=("-XX:SharedArchiveFile=$jsa" -Xlog:cds=off -Xlog:cds+dynamic=off)
fi

exec "$JAVA" "${opts[@]}" ${extra[@]+"${extra[@]}"} -jar "$JAR" "$@"
