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
# It then runs src/dist/bin/retort, the launcher of the distribution, which picks the JVM options
# for a short-lived CLI (serial GC, C1 only, low compile thresholds; the full JIT and a bounded
# heap for `copy`) and keeps a class-data-sharing archive of retort's classes (here in target/,
# written by a training pass on the first run after a build; RETORT_CDS=0 turns it off). Its
# header says why each option is there.
#
# Exit status: whatever retort returns; 2 if java (or mvn, when a build is needed) is missing
# or the build fails.
set -euo pipefail

die() { echo "migrate.sh: $*" >&2; exit 2; }

# --- repo root: this file's real location (follows symlinks, without GNU readlink -f) --------
src="${BASH_SOURCE[0]}"
dir_of() { case "$1" in */*) dir="${1%/*}" ;; *) dir=. ;; esac; }    # no dirname process: this runs every time
while [ -L "$src" ]; do
  dir_of "$src"
  dir="$(cd -P "$dir" && pwd)"
  src="$(readlink "$src")"
  case "$src" in /*) ;; *) src="$dir/$src" ;; esac
done
dir_of "$src"
ROOT="$(cd -P "$dir/.." && pwd)"
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

# --- run: the distribution's launcher (JVM options, class-data archive in target/) ----------
RETORT_JAR="$JAR" RETORT_JAVA="$JAVA" RETORT_CACHE_DIR="$ROOT/target" exec sh "$ROOT/src/dist/bin/retort" "$@"
