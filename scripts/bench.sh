#!/usr/bin/env bash
# bench.sh — time retort against Alembic on generated revision graphs.
#
#   scripts/bench.sh [--sizes "1000 10000"] [--runs N] [--keep] [--seed N] [--slow SECONDS]
#                    [--upgrade-max N] [--no-alembic] [--no-jvm-variants] [--no-hyperfine]
#                    [--java-home DIR]
#
# For each size it generates one revision graph (scripts/bench/gen_graph.py, fixed seed): mostly
# linear, a branch point with 2-3 short lines and an empty merge revision about every 35
# revisions (one head at the end), branch labels "core" (base) and "reporting" (mid-graph); every
# other revision creates a small table or an index. It is written twice with the same ids and
# file names: <id>_<slug>.sql for retort and <id>_<slug>.py (Alembic 1.8.1's template,
# op.execute("...")) for Alembic. Then it times, wall clock including JVM / Python start-up:
#
#   heads | history | upgrade head (SQLite file, fresh each run) | current (at head) |
#   upgrade head --sql
#
# retort runs two ways: scripts/migrate.sh (the source tree) and bin/retort of the distribution
# (target/retort-*.tar.gz unpacked in the temporary directory, HOME there too, so its cache of the
# class-data archive and sqlite-jdbc's native library starts empty and is filled by the probe run);
# with --java-home DIR, bin/retort also runs on that Java (e.g. a JDK 25, which gets an AOT cache).
# The upgrade floor (sizes <= --upgrade-max): retort's own `upgrade head --sql` statements and
# version-row writes through one sqlite3 process, one transaction per revision (BEGIN/COMMIT
# around each "-- Running upgrade" block), on a fresh file like the others, timed like a command.
# From 1,000 revisions (the size of the floor target) also side by side: --runs rounds of the
# floor, M, D (and D2) in turn, each ratio the median of the rounds' ratios. The target is judged on
# these: the disk's sync time drifts within minutes (the same floor took 1.0-3.0 s), so two
# separate medians compare two moments; both are printed. The rounds also run P, the floor in
# the PERSIST journal retort's run uses (reference, not the target), and J,
# scripts/bench/JdbcFloor.java (compiled with the JDK's javac): the same work through the JVM and
# sqlite-jdbc without retort, with the launcher's JIT options and its cached native library, the
# JVM's own floor (reported, not a target).
#
# and prints a table: size, command, retort s, Alembic s, ratio retort/Alembic (< 1 = retort
# faster), CPU seconds (user+sys, less sensitive to a busy machine than wall time), number of
# timed runs; whether heads/history on 10,000 revisions stay under 1 s; a second table with
# other JVM flags; and whether retort's output equals Alembic's.
#
# How it times:
#   * every command first runs once untimed-for-the-median ("probe"): it checks the exit status,
#     keeps stdout for the output comparison, warms the page cache and writes Alembic's
#     __pycache__ (PYTHONDONTWRITEBYTECODE is unset so Alembic gets its usual warm-cache runs);
#   * if the probe took >= --slow seconds (default 10) the probe is the result (runs column
#     "1*"), which keeps the default run under ~10 minutes on 2 cores; otherwise --runs timed
#     runs (default 3), median wall, mean CPU;
#   * with hyperfine installed (Debian package `hyperfine`) it runs `hyperfine -N --runs N
#     [--prepare 'rm -f DB']`; without it, a bash loop with the `time` keyword (TIMEFORMAT gives
#     wall, user and sys).
#   * `upgrade head` on SQLite is fsync-bound (one commit per revision for retort, two for Alembic
#     1.8.1, whose DDL autocommits on pysqlite): on a shared 2-core VM (load average ~8) 10,000
#     revisions took ~2.3 min (retort) and ~5.3 min (Alembic) for a single run. It is therefore
#     timed only for sizes <= --upgrade-max (default 1000); --upgrade-max 10000 times it too.
#   * the default (sizes 1000 and 10000, 3 runs) took ~4.5 minutes on that VM.
#
# JVM flags: the retort column runs scripts/migrate.sh — what users run: serial GC, C1 only, low
# compile thresholds and retort's class-data-sharing archive target/retort-<key>.jsa (written by the
# first run after a build, i.e. by the untimed probe). RETORT_JAVA_OPTS is passed to it as
# JAVA_OPTS. The JVM table adds plain `java -jar` and migrate.sh without retort's archive
# (RETORT_CDS=0), which shows what the archive buys.
#
# Output checks (no timing): heads and history stdout, `upgrade head --sql` stdout, and the
# SQLite database after `upgrade head` (alembic_version rows and sqlite_master) are compared
# by scripts/bench/compare.py, and so are the "Running upgrade ..." progress lines on stderr
# (informational; Alembic's "Context impl"/"Will assume" lines are not compared). Alembic
# prints a revision's propagated branch labels from a Python set, so label order is ignored
# (and reported). Alembic 1.8.1 loads files in os.listdir order, retort in name order; with a
# single head that order does not change any output.
#
# Options:
#   --sizes "A B"      graph sizes (default "100 1000 10000")
#   --runs N           timed runs per command (default 3)
#   --keep             keep the temporary directory (graphs, outputs, databases, timings)
#   --seed N           generator seed (default 20251206)
#   --slow S           a command whose probe run takes >= S seconds is timed once (default 10)
#   --upgrade-max N    time `upgrade head` on SQLite only for sizes <= N (default 1000)
#   --no-alembic       retort only
#   --no-jvm-variants  skip the second table (plain java -jar / -Xshare:auto)
#   --no-hyperfine     use the bash timing loop even when hyperfine is installed
#   --java-home DIR    also time bin/retort with JAVA_HOME=DIR (a column of its own)
# Environment: JAVA (default java), RETORT_JAVA_OPTS (extra JVM options), PYTHON (default /usr/bin/python3, used for
# the generator, the checks and Alembic), MVN (default mvn; the jar is built when missing),
# TMPDIR (where the temporary directory goes; its disk decides the SQLite upgrade times).
#
# Exit status: 0 when everything ran (also when a target is missed or outputs differ — both are
# reported); 1 when a command failed; 2 on bad usage or a missing tool.
set -euo pipefail

die() { echo "bench.sh: $*" >&2; exit 2; }

SIZES="100 1000 10000"
JAVA_HOME2=""
RUNS=3
KEEP=0
SEED=20251206
SLOW=10
UPGRADE_MAX=1000
USE_ALEMBIC=1
JVM_VARIANTS=1
NO_HYPERFINE=0
while [ $# -gt 0 ]; do
  case "$1" in
    --sizes) [ $# -ge 2 ] || die "--sizes needs a value"; SIZES="$2"; shift 2 ;;
    --runs) [ $# -ge 2 ] || die "--runs needs a value"; RUNS="$2"; shift 2 ;;
    --keep) KEEP=1; shift ;;
    --seed) [ $# -ge 2 ] || die "--seed needs a value"; SEED="$2"; shift 2 ;;
    --slow) [ $# -ge 2 ] || die "--slow needs a value"; SLOW="$2"; shift 2 ;;
    --upgrade-max) [ $# -ge 2 ] || die "--upgrade-max needs a value"; UPGRADE_MAX="$2"; shift 2 ;;
    --no-alembic) USE_ALEMBIC=0; shift ;;
    --no-jvm-variants) JVM_VARIANTS=0; shift ;;
    --no-hyperfine) NO_HYPERFINE=1; shift ;;
    --java-home) [ $# -ge 2 ] || die "--java-home needs a value"; JAVA_HOME2="$2"; shift 2 ;;
    -h|--help) sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown option '$1' (try --help)" ;;
  esac
done
case "$RUNS" in ''|*[!0-9]*) die "--runs must be a positive integer" ;; esac
[ "$RUNS" -ge 1 ] || die "--runs must be >= 1"
case "$UPGRADE_MAX" in ''|*[!0-9]*) die "--upgrade-max must be an integer" ;; esac
for n in $SIZES; do case "$n" in ''|*[!0-9]*) die "--sizes: '$n' is not a number" ;; esac; done
[ -n "${SIZES// /}" ] || die "--sizes is empty"
[ -z "$JAVA_HOME2" ] || [ -x "$JAVA_HOME2/bin/java" ] || die "--java-home: no $JAVA_HOME2/bin/java"
command -v sqlite3 >/dev/null 2>&1 || die "sqlite3 not found (the upgrade floor needs it; apt-get install sqlite3)"
awk -v s="$SLOW" 'BEGIN { exit !(s + 0 > 0) }' || die "--slow must be a positive number"

# --- locations (this file's real directory; works from any cwd) -----------------------------
src="${BASH_SOURCE[0]}"
while [ -L "$src" ]; do
  dir="$(cd -P "$(dirname "$src")" && pwd)"
  src="$(readlink "$src")"
  case "$src" in /*) ;; *) src="$dir/$src" ;; esac
done
HERE="$(cd -P "$(dirname "$src")" && pwd)"
ROOT="$(cd -P "$HERE/.." && pwd)"
JAR="$ROOT/target/retort.jar"
JAVA="${JAVA:-java}"
PYTHON="${PYTHON:-/usr/bin/python3}"
export JAVA JAVA_OPTS="${RETORT_JAVA_OPTS:-}"

command -v "$JAVA" >/dev/null 2>&1 || die "java not found (set JAVA=/path/to/java)"
command -v "$PYTHON" >/dev/null 2>&1 || die "python3 not found at '$PYTHON' (needed by the generator; set PYTHON)"

if [ ! -f "$JAR" ] || ! ls "$ROOT"/target/retort-*.tar.gz >/dev/null 2>&1; then
  MVN="${MVN:-mvn}"
  command -v "$MVN" >/dev/null 2>&1 || die "$JAR is missing and mvn was not found to build it"
  echo "bench.sh: building $JAR ..." >&2
  "$MVN" -q -B -o -f "$ROOT/pom.xml" package -DskipTests >&2 \
    || "$MVN" -q -B -f "$ROOT/pom.xml" package -DskipTests >&2 \
    || die "build failed (mvn package in $ROOT)"
  [ -f "$JAR" ] || die "build finished but $JAR was not produced"
fi

ALEMBIC_VERSION=""
if [ "$USE_ALEMBIC" = 1 ]; then
  if ALEMBIC_VERSION="$("$PYTHON" -c 'import alembic; print(alembic.__version__)' 2>/dev/null)"; then
    [ "$ALEMBIC_VERSION" = 1.8.1 ] \
      || echo "bench.sh: warning: Alembic $ALEMBIC_VERSION is installed; retort's output targets 1.8.1" >&2
  else
    ALEMBIC_VERSION=""; USE_ALEMBIC=0
  fi
fi
# Alembic normally caches compiled revision files in versions/__pycache__; let it.
unset PYTHONDONTWRITEBYTECODE

HYPERFINE=""
if [ "$NO_HYPERFINE" = 0 ] && command -v hyperfine >/dev/null 2>&1 && hyperfine --help 2>/dev/null | grep -q -- '--shell'; then
  HYPERFINE=hyperfine
fi

TMP="$(mktemp -d "${TMPDIR:-/tmp}/retort-bench.XXXXXX")"
cleanup() {
  if [ "$KEEP" = 1 ]; then echo "bench.sh: kept $TMP" >&2; else rm -rf "$TMP"; fi
}
trap cleanup EXIT
RESULTS="$TMP/results.tsv"     # key <TAB> wall <TAB> cpu <TAB> runs
mkdir -p "$TMP/dist" "$TMP/home"
tar xzf "$(ls -t "$ROOT"/target/retort-*.tar.gz | head -n 1)" -C "$TMP/dist"
DIST="$(ls -d "$TMP"/dist/retort-*/)bin/retort"
: > "$RESULTS"
FAILED=0
TIMEFORMAT='%3R %3U %3S'
log() { echo "bench.sh: $*" >&2; }

# --- timing -------------------------------------------------------------------------------
median() {  # the median of the numbers on stdin, "%.3f" ("-" for none)
  sort -n | awk '{ a[NR] = $1 } END { if (NR == 0) print "-"; else printf "%.3f", (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}
# measure KEY PREPARE CMD...   PREPARE: "" or a command run (without a shell) before each run.
# Leaves $TMP/out/KEY.out/.err from the probe run and appends "KEY wall cpu runs" to $RESULTS.
measure() {
  local key="$1" prep="$2"; shift 2
  local out="$TMP/out/$key.out" err="$TMP/out/$key.err" t wall cpu runs
  mkdir -p "$TMP/out"
  [ -z "$prep" ] || $prep
  if ! t="$( { time "$@" >"$out" 2>"$err"; } 2>&1 )"; then
    log "FAILED: $key: $*"; tail -n 5 "$err" | sed 's/^/    /' >&2
    printf '%s\tFAIL\tFAIL\t0\n' "$key" >> "$RESULTS"; FAILED=1; return 0
  fi
  read -r wall u s <<< "$t"
  cpu="$(awk -v u="$u" -v s="$s" 'BEGIN { printf "%.3f", u + s }')"
  runs="1*"
  if awk -v w="$wall" -v lim="$SLOW" 'BEGIN { exit !(w < lim) }'; then
    runs="$RUNS"
    if [ -n "$HYPERFINE" ]; then
      local json="$TMP/out/$key.json" cmd
      cmd="$(printf '%q ' "$@")"
      if ! hyperfine -N --style none --runs "$RUNS" ${prep:+--prepare "$prep"} \
          --export-json "$json" -- "$cmd" >"$TMP/out/$key.hyperfine" 2>&1; then
        log "FAILED (hyperfine): $key"; tail -n 5 "$TMP/out/$key.hyperfine" | sed 's/^/    /' >&2
        printf '%s\tFAIL\tFAIL\t0\n' "$key" >> "$RESULTS"; FAILED=1; return 0
      fi
      read -r wall cpu < <("$PYTHON" -c 'import json, sys
r = json.load(open(sys.argv[1]))["results"][0]
print("%.3f %.3f" % (r["median"], r["user"] + r["system"]))' "$json")
    else
      local walls=() cpus=() i
      for ((i = 0; i < RUNS; i++)); do
        [ -z "$prep" ] || $prep
        if ! t="$( { time "$@" >/dev/null 2>&1; } 2>&1 )"; then
          log "FAILED: $key (run $((i + 1)))"
          printf '%s\tFAIL\tFAIL\t0\n' "$key" >> "$RESULTS"; FAILED=1; return 0
        fi
        read -r w u s <<< "$t"
        walls+=("$w"); cpus+=("$(awk -v u="$u" -v s="$s" 'BEGIN { print u + s }')")
      done
      wall="$(printf '%s\n' "${walls[@]}" | median)"
      cpu="$(printf '%s\n' "${cpus[@]}" | awk '{ t += $1 } END { printf "%.3f", t / NR }')"
    fi
  fi
  printf '%s\t%s\t%s\t%s\n' "$key" "$wall" "$cpu" "$runs" >> "$RESULTS"
  log "$(printf '%-34s %8s s wall %8s s cpu  runs %s' "$key" "$wall" "$cpu" "$runs")"
}

# paired KEY ROUNDS -- NAME DB CMD... [-- NAME DB CMD...]
# The floor's table: ROUNDS rounds of every group in turn, each run on a fresh file (DB removed
# first); the first group is the floor, the denominator of each round's ratios, so the disk's drift
# (the same floor took from 1.0 to 3.0 s within minutes on the shared VM) falls on both sides of
# each ratio. Appends "KEY.NAME median-ratio median-wall ROUNDS" to $RESULTS for every group.
paired() {
  local key="$1" rounds="$2"; shift 2
  local names=() dbs=() cmds=() walls=() ratios=() i j t w f
  while [ $# -gt 0 ]; do
    [ "$1" = -- ] && shift
    names+=("$1"); dbs+=("$2"); shift 2
    local c=""
    while [ $# -gt 0 ] && [ "$1" != -- ]; do c+="$(printf '%q ' "$1")"; shift; done
    cmds+=("$c")
  done
  for ((i = 0; i < rounds; i++)); do
    for j in "${!names[@]}"; do
      rm -f "${dbs[$j]}" "${dbs[$j]}-journal"
      t="$( { time eval "${cmds[$j]}" >/dev/null 2>&1; } 2>&1 )" || { log "FAILED: $key ${names[$j]}"; FAILED=1; return 0; }
      w="${t%% *}"
      [ "$j" != 0 ] || f="$w"
      walls[$j]+="$w "
      ratios[$j]+="$(awk -v w="$w" -v f="$f" 'BEGIN { printf "%.3f", w / f }') "
    done
  done
  for j in "${!names[@]}"; do
    printf '%s\t%s\t%s\t%s\n' "$key.${names[$j]}" "$(tr ' ' '\n' <<< "${ratios[$j]}" | grep . | median)" \
      "$(tr ' ' '\n' <<< "${walls[$j]}" | grep . | median)" "$rounds" >> "$RESULTS"
    [ "$j" = 0 ] || log "$(printf '%-34s ratios %s' "$key.${names[$j]}" "${ratios[$j]}")"
  done
}

get() {  # get KEY FIELD(2 wall, 3 cpu, 4 runs) -> value or "-"
  awk -F'\t' -v k="$1" -v f="$2" '$1 == k { v = $f } END { print (v == "" ? "-" : v) }' "$RESULTS"
}

write_alembic_project() {  # DIR DB
  mkdir -p "$1"
  cat > "$1/alembic.ini" <<EOF
[alembic]
script_location = %(here)s
sqlalchemy.url = sqlite:///$2

[loggers]
keys = root,sqlalchemy,alembic

[handlers]
keys = console

[formatters]
keys = generic

[logger_root]
level = WARN
handlers = console
qualname =

[logger_sqlalchemy]
level = WARN
handlers =
qualname = sqlalchemy.engine

[logger_alembic]
level = INFO
handlers =
qualname = alembic

[handler_console]
class = StreamHandler
args = (sys.stderr,)
level = NOTSET
formatter = generic

[formatter_generic]
format = %(levelname)-5.5s [%(name)s] %(message)s
datefmt = %H:%M:%S
EOF
  # Alembic 1.8.1's generic env.py
  cat > "$1/env.py" <<'EOF'
from logging.config import fileConfig

from sqlalchemy import engine_from_config
from sqlalchemy import pool

from alembic import context

config = context.config
if config.config_file_name is not None:
    fileConfig(config.config_file_name)
target_metadata = None


def run_migrations_offline() -> None:
    url = config.get_main_option("sqlalchemy.url")
    context.configure(
        url=url,
        target_metadata=target_metadata,
        literal_binds=True,
        dialect_opts={"paramstyle": "named"},
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connectable = engine_from_config(
        config.get_section(config.config_ini_section),
        prefix="sqlalchemy.",
        poolclass=pool.NullPool,
    )
    with connectable.connect() as connection:
        context.configure(connection=connection, target_metadata=target_metadata)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
EOF
}

# The JVM's own floor for the side-by-side rounds: scripts/bench/JdbcFloor.java compiled once (a JDK's
# javac is needed; without one that column stays empty).
JDBC_FLOOR=""
for n in $SIZES; do   # only the side-by-side rounds (1,000 <= size <= --upgrade-max) run it
  if [ "$n" -ge 1000 ] && [ "$n" -le "$UPGRADE_MAX" ]; then JDBC_FLOOR="$TMP/jdbc-floor"; fi
done
if [ -n "$JDBC_FLOOR" ]; then
  JAVAC="$(dirname "$(command -v "$JAVA")")/javac"
  [ -x "$JAVAC" ] || JAVAC="$(command -v javac 2>/dev/null || true)"
  if [ -z "$JAVAC" ] || ! "$JAVAC" -cp "$JAR" -d "$JDBC_FLOOR" "$HERE/bench/JdbcFloor.java" 2>/dev/null; then
    log "no javac for $JAVA: the JdbcFloor column stays empty"; JDBC_FLOOR=""
  fi
fi

# --- run ----------------------------------------------------------------------------------
START=$(date +%s)
LOAD_START="$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')"
log "temp dir $TMP; timing with ${HYPERFINE:-a bash loop (time keyword)}; runs $RUNS; slow >= ${SLOW}s"
CHECKS=()
declare -A GRAPH_INFO
for n in $SIZES; do
  W="$TMP/$n"
  mkdir -p "$W"
  t0=$(date +%s%N)
  GRAPH_INFO[$n]="$("$PYTHON" "$HERE/bench/gen_graph.py" "$n" "$W/sql" "$W/alembic/versions" "$SEED")"
  log "[$n] generated in $(( ($(date +%s%N) - t0) / 1000000 )) ms: ${GRAPH_INFO[$n]}"
  write_alembic_project "$W/alembic" "$W/alembic.db"
  R=("$ROOT/scripts/migrate.sh" --url "sqlite:///$W/retort.db" --revisions "$W/sql")
  D=(env HOME="$TMP/home" "$DIST" --url "sqlite:///$W/retort-dist.db" --revisions "$W/sql")
  D2=(env HOME="$TMP/home" JAVA_HOME="$JAVA_HOME2" "$DIST" --url "sqlite:///$W/retort-dist2.db" --revisions "$W/sql")
  RP=("$JAVA" -jar "$JAR" --url "sqlite:///$W/retort-plain.db" --revisions "$W/sql")
  RX=(env RETORT_CDS=0 "$ROOT/scripts/migrate.sh" --url "sqlite:///$W/retort-xshare.db" --revisions "$W/sql")
  A=("$PYTHON" -m alembic -c "$W/alembic/alembic.ini")
  # warm-up, untimed: the launchers' first run trains their class-data archive / AOT cache (once)
  "${R[@]}" heads >/dev/null 2>&1 || true
  "${D[@]}" heads >/dev/null 2>&1 || true
  [ -z "$JAVA_HOME2" ] || "${D2[@]}" heads >/dev/null 2>&1 || true
  for c in heads history upgrade current sql; do
    case "$c" in
      heads) args=(heads) ;;
      history) args=(history) ;;
      upgrade) args=(upgrade head) ;;
      current) args=(current) ;;
      sql) args=(upgrade head --sql) ;;
    esac
    if [ "$c" = upgrade ] && [ "$n" -gt "$UPGRADE_MAX" ]; then
      log "[$n] upgrade head on SQLite skipped (size > --upgrade-max $UPGRADE_MAX); current runs on a stamped database"
      for db in retort retort-dist retort-dist2 retort-plain retort-xshare; do
        "$JAVA" -jar "$JAR" --url "sqlite:///$W/$db.db" --revisions "$W/sql" stamp head >/dev/null 2>&1
      done
      "${A[@]}" stamp head >/dev/null 2>&1
      continue
    fi
    prep_r="" prep_d="" prep_d2="" prep_p="" prep_x="" prep_a=""
    if [ "$c" = upgrade ]; then
      prep_r="rm -f $W/retort.db"; prep_d="rm -f $W/retort-dist.db"; prep_d2="rm -f $W/retort-dist2.db"
      prep_p="rm -f $W/retort-plain.db"; prep_x="rm -f $W/retort-xshare.db"; prep_a="rm -f $W/alembic.db"
    fi
    measure "$n.$c.retort" "$prep_r" "${R[@]}" "${args[@]}"
    measure "$n.$c.dist" "$prep_d" "${D[@]}" "${args[@]}"
    [ -z "$JAVA_HOME2" ] || measure "$n.$c.dist2" "$prep_d2" "${D2[@]}" "${args[@]}"
    if [ "$JVM_VARIANTS" = 1 ]; then
      measure "$n.$c.plain" "$prep_p" "${RP[@]}" "${args[@]}"
      measure "$n.$c.xshare" "$prep_x" "${RX[@]}" "${args[@]}"
    fi
    if [ "$c" = upgrade ]; then
      # the floor: the same statements and version-row writes, one transaction per revision
      "$JAVA" -jar "$JAR" --url "sqlite:///$W/floor-src.db" --revisions "$W/sql" upgrade head --sql 2>/dev/null \
        | awk '/^-- Running upgrade/ { if (t) print "COMMIT;"; print "BEGIN;"; t = 1; next } { print }
          END { if (t) print "COMMIT;" }' > "$W/floor.sql"
      measure "$n.upgrade.floor" "rm -f $W/floor.db" sh -c 'exec sqlite3 "$1" < "$2"' floor "$W/floor.db" "$W/floor.sql"
      if [ "$n" -ge 1000 ]; then   # the floor target's size: also side-by-side rounds
        # P: the floor in the journal mode retort's run uses (PERSIST), for reference
        { echo "PRAGMA journal_mode = PERSIST;"; cat "$W/floor.sql"; } > "$W/floor-persist.sql"
        pairs=(-- floor "$W/floor.db" sh -c 'exec sqlite3 "$1" < "$2"' floor "$W/floor.db" "$W/floor.sql"
          -- persist "$W/floor-persist.db" sh -c 'exec sqlite3 "$1" < "$2"' floor "$W/floor-persist.db" "$W/floor-persist.sql"
          -- retort "$W/retort.db" "${R[@]}" "${args[@]}" -- dist "$W/retort-dist.db" "${D[@]}" "${args[@]}")
        [ -z "$JAVA_HOME2" ] || pairs+=(-- dist2 "$W/retort-dist2.db" "${D2[@]}" "${args[@]}")
        if [ -n "$JDBC_FLOOR" ]; then
          # J gets what retort's launcher gives itself: its JIT options and the native library
          # extracted once (by the probe runs above), not sqlite-jdbc's extraction on every start
          lib=("$ROOT"/target/sqlite-jdbc-*/*sqlitejdbc*)
          jopts=(-XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 -XX:+UseSerialGC)
          if [ -f "${lib[0]}" ]; then
            jopts+=("-Dorg.sqlite.lib.path=${lib[0]%/*}" "-Dorg.sqlite.lib.name=${lib[0]##*/}" "-Dorg.sqlite.tmpdir=${lib[0]%/*}")
          else
            log "no cached sqlite-jdbc library under $ROOT/target: J extracts its own on every run"
          fi
          pairs+=(-- jdbc "$W/jdbc.db" "$JAVA" "${jopts[@]}" -cp "$JAR:$JDBC_FLOOR" JdbcFloor "$W/floor.sql" "$W/jdbc.db" history)
        fi
        paired "$n.pair" "$RUNS" "${pairs[@]}"
      fi
    fi
    if [ "$USE_ALEMBIC" = 1 ]; then
      measure "$n.$c.alembic" "$prep_a" "${A[@]}" "${args[@]}"
      o="$TMP/out/$n.$c"
      if [ "$(get "$n.$c.retort" 2)" = FAIL ] || [ "$(get "$n.$c.alembic" 2)" = FAIL ]; then
        CHECKS+=("$n $c: not compared (a run failed)")
      elif [ "$c" = upgrade ]; then
        CHECKS+=("$n upgrade head (SQLite db): $("$PYTHON" "$HERE/bench/compare.py" sqlite "$W/retort.db" "$W/alembic.db" || true)")
      else
        CHECKS+=("$n ${args[*]} (stdout): $("$PYTHON" "$HERE/bench/compare.py" text "$o.retort.out" "$o.alembic.out" || true)")
      fi
      if [ "$c" = upgrade ] || [ "$c" = sql ]; then
        CHECKS+=("$n ${args[*]} (stderr progress): $("$PYTHON" "$HERE/bench/compare.py" log "$o.retort.err" "$o.alembic.err" || true)")
      fi
    fi
  done
  rm -f "$W"/*.db   # keep --keep directories small; the graphs and outputs stay
done
LOAD_END="$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')"

# --- report -------------------------------------------------------------------------------
label() {
  case "$1" in heads) echo "heads" ;; history) echo "history" ;; upgrade) echo "upgrade head (SQLite)" ;;
    current) echo "current (at head)" ;; sql) echo "upgrade head --sql" ;; esac
}
ratio() {
  awk -v r="$1" -v a="$2" 'BEGIN { if (r == "-" || a == "-" || r == "FAIL" || a == "FAIL" || a + 0 == 0)
    print "-"; else printf "%.2f", r / a }'
}
TARGET=0.7        # every command at most 0.7x Alembic's wall time
FLOOR_TARGET=1.5  # upgrade head within 1.5x of the sqlite3 floor
over() { awk -v r="$1" -v t="$2" 'BEGIN { exit !(r != "-" && r + 0 > t) }'; }

echo
echo "retort benchmark — $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc 2>/dev/null || echo '?') CPUs," \
  "load average $LOAD_START at start, $LOAD_END at end"
echo "retort: scripts/migrate.sh${JAVA_OPTS:+ with JAVA_OPTS=$JAVA_OPTS} ($("$JAVA" -version 2>&1 | head -n 1))"
if [ "$USE_ALEMBIC" = 1 ]; then
  echo "Alembic $ALEMBIC_VERSION: $PYTHON -m alembic -c alembic.ini  ($("$PYTHON" --version 2>&1))"
else
  echo "Alembic: not installed (or --no-alembic) — retort numbers only"
fi
echo "timing: ${HYPERFINE:-bash time loop}; wall = median of $RUNS runs after one probe run;" \
  "'1*' = probe took >= ${SLOW}s, timed once; cpu = user+sys"
for n in $SIZES; do echo "graph $n: ${GRAPH_INFO[$n]}"; done
echo
echo "columns: M = scripts/migrate.sh, D = bin/retort of the tar.gz${JAVA_HOME2:+, D2 = bin/retort with JAVA_HOME=$JAVA_HOME2},"\
  "A = Alembic; ratios are wall times (target: <= $TARGET of Alembic; upgrade <= $FLOOR_TARGET of the floor)"
fmt='%-6s %-22s %8s %8s %8s %8s %6s %6s %6s %7s %7s %7s %7s %7s\n'
# shellcheck disable=SC2059
printf "$fmt" size command "M s" "D s" "D2 s" "A s" "M/A" "D/A" "D2/A" "M cpu" "D cpu" "D2 cpu" "A cpu" runs
MISSED=0
for n in $SIZES; do
  for c in heads history upgrade current sql; do
    if [ "$c" = upgrade ] && [ "$n" -gt "$UPGRADE_MAX" ]; then
      # shellcheck disable=SC2059
      printf "$fmt" "$n" "$(label "$c")" skipped - - - - - - - - - - -; continue
    fi
    m="$(get "$n.$c.retort" 2)"; d="$(get "$n.$c.dist" 2)"; d2="$(get "$n.$c.dist2" 2)"; a="$(get "$n.$c.alembic" 2)"
    runs="$(get "$n.$c.retort" 4)"
    [ "$USE_ALEMBIC" = 0 ] || runs="$runs/$(get "$n.$c.alembic" 4)"
    for r in "$(ratio "$m" "$a")" "$(ratio "$d" "$a")" "$(ratio "$d2" "$a")"; do
      over "$r" "$TARGET" && MISSED=$((MISSED + 1))
    done
    # shellcheck disable=SC2059
    printf "$fmt" "$n" "$(label "$c")" "$m" "$d" "$d2" "$a" "$(ratio "$m" "$a")" "$(ratio "$d" "$a")" \
      "$(ratio "$d2" "$a")" "$(get "$n.$c.retort" 3)" "$(get "$n.$c.dist" 3)" "$(get "$n.$c.dist2" 3)" \
      "$(get "$n.$c.alembic" 3)" "$runs"
  done
done
echo
echo "upgrade floor: the same statements and version-row writes through one sqlite3 process, one transaction per revision"
echo "separate: the floor's own median of $RUNS runs against the upgrade row above;" \
  "side by side (from 1,000 revisions, the target's size): $RUNS rounds of the floor, P, M, D${JAVA_HOME2:+, D2}${JDBC_FLOOR:+, J} in turn, median of the rounds' ratios"
fmt3='%-6s %-12s %8s %8s %8s %8s %8s %8s %8s %8s %8s %8s %8s %8s\n'
# shellcheck disable=SC2059
printf "$fmt3" size timing "floor s" "P s" "M s" "D s" "D2 s" "J s" "P/floor" "M/floor" "D/floor" "D2/floor" "J/floor" "M/P"
for n in $SIZES; do
  [ "$n" -gt "$UPGRADE_MAX" ] && continue
  f="$(get "$n.upgrade.floor" 2)"; m="$(get "$n.upgrade.retort" 2)"; d="$(get "$n.upgrade.dist" 2)"; d2="$(get "$n.upgrade.dist2" 2)"
  # shellcheck disable=SC2059
  printf "$fmt3" "$n" separate "$f" - "$m" "$d" "$d2" - - "$(ratio "$m" "$f")" "$(ratio "$d" "$f")" "$(ratio "$d2" "$f")" - -
  [ "$n" -ge 1000 ] || continue
  rm_="$(get "$n.pair.retort" 2)"; rd="$(get "$n.pair.dist" 2)"; rd2="$(get "$n.pair.dist2" 2)"
  for r in "$rm_" "$rd" "$rd2"; do   # the target is judged on the side-by-side rounds
    over "$r" "$FLOOR_TARGET" && MISSED=$((MISSED + 1))
  done
  # shellcheck disable=SC2059
  printf "$fmt3" "$n" "side by side" "$(get "$n.pair.floor" 3)" "$(get "$n.pair.persist" 3)" "$(get "$n.pair.retort" 3)" \
    "$(get "$n.pair.dist" 3)" "$(get "$n.pair.dist2" 3)" "$(get "$n.pair.jdbc" 3)" "$(get "$n.pair.persist" 2)" \
    "$rm_" "$rd" "$rd2" "$(get "$n.pair.jdbc" 2)" "$(ratio "$(get "$n.pair.retort" 3)" "$(get "$n.pair.persist" 3)")"
done
echo "P = the floor with PRAGMA journal_mode = PERSIST first, the journal retort's run uses (for reference; M/P compares the rounds' medians)"
echo "J = scripts/bench/JdbcFloor.java with history, compiled: the floor's statements through the JVM and sqlite-jdbc," \
  "in the PERSIST journal, re-reading the version rows and writing a history row per revision, like retort;" \
  "with the launcher's JIT options and its cached native library (the JVM's floor; not a target)"
case " $SIZES " in *" 10000 "*) ;; *) echo "(no 10000 size: the 1 s target is not checked)" ;; esac
for c in heads history; do
  case " $SIZES " in *" 10000 "*) ;; *) continue ;; esac
  v="$(get "10000.$c.retort" 2)"
  if [ "$v" = FAIL ] || [ "$v" = - ]; then verdict="not measured"
  elif awk -v v="$v" 'BEGIN { exit !(v < 1) }'; then verdict="yes"
  else verdict="NO"; fi
  echo "target: retort $c on 10,000 revisions < 1 s wall: $verdict ($v s)"
done
[ "$USE_ALEMBIC" = 0 ] || echo "target: every ratio <= $TARGET of Alembic and upgrade <= $FLOOR_TARGET of the floor: $([ "$MISSED" = 0 ] && echo yes || echo "NO ($MISSED ratios over)")"

if [ "$JVM_VARIANTS" = 1 ]; then
  echo
  echo "JVM flags (retort wall s, median): A = scripts/migrate.sh, B = plain java -jar," \
    "C = migrate.sh without retort's CDS archive (RETORT_CDS=0)"
  fmt2='%-7s %-22s %10s %10s %10s %10s\n'
  # shellcheck disable=SC2059
  printf "$fmt2" size command "A" "B" "C" "B/A"
  for n in $SIZES; do
    for c in heads history upgrade current sql; do
      [ "$c" = upgrade ] && [ "$n" -gt "$UPGRADE_MAX" ] && continue
      a="$(get "$n.$c.retort" 2)"; b="$(get "$n.$c.plain" 2)"
      # shellcheck disable=SC2059
      printf "$fmt2" "$n" "$(label "$c")" "$a" "$b" "$(get "$n.$c.xshare" 2)" \
        "$(awk -v a="$a" -v b="$b" 'BEGIN { if (a + 0 > 0 && b + 0 > 0) printf "%.2f", b / a; else print "-" }')"
    done
  done
fi

if [ "$USE_ALEMBIC" = 1 ]; then
  echo
  echo "output checks (retort vs Alembic):"
  for line in "${CHECKS[@]}"; do echo "  $line"; done
fi
echo
echo "total bench time $(( $(date +%s) - START )) s"
[ "$FAILED" = 0 ] || exit 1
