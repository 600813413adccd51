#!/usr/bin/env bash
# bench-graph.sh — time `retort graph` on generated revision graphs.
#
#   scripts/bench-graph.sh [--sizes "1000 10000"] [--runs N] [--seed N] [--keep]
#
# For each size it generates the graph scripts/bench.sh uses (scripts/bench/gen_graph.py, same
# default seed: mostly linear, a branch point with 2-3 lines and a merge about every 35 revisions,
# labels "core" and "reporting"; only the .sql files are used), stamps a SQLite file at head (for
# -i; no revision runs) and times, wall clock including JVM start-up, through scripts/migrate.sh
# as users run it, stdout to a file:
#
#   heads (the floor: start-up, reading and building the graph) | graph --format dot |
#   graph (mermaid) | graph --json | graph -i --format dot (reads the database too)
#
# Each command runs once untimed (exit status checked; it also writes retort's CDS archive after
# a build), then --runs times (default 5) with bash's `time`; it prints the median wall time and
# the mean CPU (user+sys) per command and whether `graph --format dot` on 10,000 revisions stays
# under 1 s. Exit status: 0 when every command ran; 1 when one failed; 2 on bad usage.
# Environment: PYTHON (default /usr/bin/python3, runs the generator), JAVA, JAVA_OPTS (passed on
# to scripts/migrate.sh), TMPDIR.
set -euo pipefail

die() { echo "bench-graph.sh: $*" >&2; exit 2; }

SIZES="1000 10000"
RUNS=5
SEED=20251206
KEEP=0
while [ $# -gt 0 ]; do
  case "$1" in
    --sizes) [ $# -ge 2 ] || die "--sizes needs a value"; SIZES="$2"; shift 2 ;;
    --runs) [ $# -ge 2 ] || die "--runs needs a value"; RUNS="$2"; shift 2 ;;
    --seed) [ $# -ge 2 ] || die "--seed needs a value"; SEED="$2"; shift 2 ;;
    --keep) KEEP=1; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown option '$1' (try --help)" ;;
  esac
done
case "$RUNS" in ''|*[!0-9]*|0) die "--runs must be a positive integer" ;; esac
for n in $SIZES; do case "$n" in ''|*[!0-9]*) die "--sizes: '$n' is not a number" ;; esac; done

HERE="$(cd -P "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
MIGRATE="$HERE/migrate.sh"
PYTHON="${PYTHON:-/usr/bin/python3}"
command -v "$PYTHON" >/dev/null 2>&1 || die "python3 not found at '$PYTHON' (set PYTHON)"

TMP="$(mktemp -d "${TMPDIR:-/tmp}/retort-bench-graph.XXXXXX")"
cleanup() { if [ "$KEEP" = 1 ]; then echo "bench-graph.sh: kept $TMP" >&2; else rm -rf "$TMP"; fi; }
trap cleanup EXIT
TIMEFORMAT='%3R %3U %3S'
FAILED=0
declare -A WALL CPU

# measure KEY CMD... : one untimed run, then $RUNS timed runs; sets WALL[KEY] (median), CPU[KEY] (mean)
measure() {
  local key="$1" t w u s i walls=() cpus=(); shift
  if ! "$@" >"$TMP/$key.out" 2>"$TMP/$key.err"; then
    echo "bench-graph.sh: FAILED: $key: $*" >&2; sed 's/^/    /' "$TMP/$key.err" | tail -n 5 >&2
    WALL[$key]=FAIL; CPU[$key]=FAIL; FAILED=1; return 0
  fi
  for ((i = 0; i < RUNS; i++)); do
    t="$( { time "$@" >"$TMP/$key.out" 2>/dev/null; } 2>&1 )"
    read -r w u s <<< "$t"
    walls+=("$w"); cpus+=("$(awk -v u="$u" -v s="$s" 'BEGIN { print u + s }')")
  done
  WALL[$key]="$(printf '%s\n' "${walls[@]}" | sort -n | awk '{ a[NR] = $1 }
    END { printf "%.3f", (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }')"
  CPU[$key]="$(printf '%s\n' "${cpus[@]}" | awk '{ t += $1 } END { printf "%.3f", t / NR }')"
  echo "bench-graph.sh: $(printf '%-28s %8s s wall %8s s cpu' "$key" "${WALL[$key]}" "${CPU[$key]}")" >&2
}

COMMANDS=("heads" "graph --format dot" "graph" "graph --json" "graph -i --format dot")
LOAD_START="$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')"
for n in $SIZES; do
  W="$TMP/$n"
  mkdir -p "$W"
  info="$("$PYTHON" "$HERE/bench/gen_graph.py" "$n" "$W/sql" "$W/py" "$SEED")"
  rm -rf "$W/py"
  echo "bench-graph.sh: [$n] $info" >&2
  R=("$MIGRATE" --url "sqlite:///$W/graph.db" --revisions "$W/sql")
  "${R[@]}" stamp head >/dev/null 2>&1 || { echo "bench-graph.sh: FAILED: stamp head" >&2; exit 1; }
  for c in "${COMMANDS[@]}"; do
    # shellcheck disable=SC2086
    measure "$n $c" "${R[@]}" $c
  done
  echo "bench-graph.sh: [$n] graph --format dot wrote $(wc -l < "$TMP/$n graph --format dot.out") lines," \
    "mermaid $(wc -c < "$TMP/$n graph.out") bytes" >&2
done

echo
echo "retort graph benchmark — $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc 2>/dev/null || echo '?') CPUs," \
  "load average $LOAD_START at start, $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?') at end"
echo "scripts/migrate.sh, wall = median of $RUNS runs after one untimed run, cpu = mean user+sys"
printf '%-7s %-24s %8s %8s\n' size command "wall s" "cpu s"
for n in $SIZES; do
  for c in "${COMMANDS[@]}"; do
    printf '%-7s %-24s %8s %8s\n' "$n" "$c" "${WALL[$n $c]}" "${CPU[$n $c]}"
  done
done
case " $SIZES " in
  *" 10000 "*)
    v="${WALL[10000 graph --format dot]}"
    if [ "$v" = FAIL ]; then verdict="not measured"
    elif awk -v v="$v" 'BEGIN { exit !(v < 1) }'; then verdict="yes"; else verdict="NO"; fi
    echo "target: graph --format dot on 10,000 revisions < 1 s wall: $verdict ($v s)" ;;
  *) echo "(no 10000 size: the 1 s target is not checked)" ;;
esac
[ "$FAILED" = 0 ] || exit 1
