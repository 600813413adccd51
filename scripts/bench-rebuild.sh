#!/usr/bin/env bash
# bench-rebuild.sh — the SQLite table rebuild of a portable revision against the same rebuild
# written by hand in sqlite3 (the floor).
#
#   scripts/bench-rebuild.sh [--rows N] [--runs N]          defaults: 1,000,000 rows, 3 runs
#
# The table: t(id INTEGER PRIMARY KEY, a INTEGER, b VARCHAR(40), c FLOAT) with three indexes
# (on a, on b, on (a, c)), N rows, built once with sqlite3 and copied fresh for every run. The
# change: `alter_column: {table: t, name: a, nullable: false}` — a rebuild on SQLite.
#
#   retort:  scripts/migrate.sh upgrade head on a database stamped at the base revision; the
#            rebuild's own time is the step duration retort records (history --applied), the
#            wall time includes the JVM start;
#   floor:   sqlite3 running, in one transaction, CREATE TABLE of the new definition, INSERT ...
#            SELECT, DROP TABLE, ALTER TABLE RENAME, the three CREATE INDEX, PRAGMA
#            foreign_key_check — the SQLite documentation's procedure, what retort does.
#
# Prints the median of each and the ratio retort/floor (target: <= 1.3).
set -euo pipefail
ROWS=1000000
RUNS=3
while [[ $# -gt 0 ]]; do
  case "$1" in
    --rows) ROWS="$2"; shift 2 ;;
    --runs) RUNS="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/revisions"
cat > "$WORK/revisions/aaa000000001_base.sql" <<'SQL'
-- base (the table exists already: the database is stamped here)
--
-- Revision ID: aaa000000001
-- Revises:

-- retort:upgrade
SQL
cat > "$WORK/revisions/bbb000000002_a_not_null.yaml" <<'YAML'
message: a is required
revision: bbb000000002
revises: aaa000000001
upgrade:
  - alter_column: {table: t, name: a, nullable: false, existing_nullable: true}
YAML
sqlite3 "$WORK/seed.db" <<SQL
CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER, b VARCHAR(40), c FLOAT);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $ROWS)
INSERT INTO t SELECT i, i % 5000, 'value ' || (i * 7919 % 1000003), i / 3.0 FROM n;
CREATE INDEX ix_t_a ON t (a);
CREATE INDEX ix_t_b ON t (b);
CREATE INDEX ix_t_ac ON t (a, c);
SQL
cd "$WORK"
"$ROOT/scripts/migrate.sh" --url "sqlite:///$WORK/seed.db" --revisions "$WORK/revisions" stamp aaa000000001 2>/dev/null

floor_sql='BEGIN;
CREATE TABLE _new_t (id INTEGER NOT NULL, a INTEGER NOT NULL, b VARCHAR(40), c FLOAT, PRIMARY KEY (id));
INSERT INTO _new_t (id, a, b, c) SELECT id, a, b, c FROM t;
DROP TABLE t;
ALTER TABLE _new_t RENAME TO t;
CREATE INDEX ix_t_a ON t (a);
CREATE INDEX ix_t_b ON t (b);
CREATE INDEX ix_t_ac ON t (a, c);
PRAGMA foreign_key_check;
COMMIT;'

now() { date +%s.%N; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
floor_times=(); retort_steps=(); retort_walls=()
for ((r = 1; r <= RUNS; r++)); do
  cp seed.db floor.db
  t0=$(now); sqlite3 floor.db "$floor_sql" >/dev/null; t1=$(now)
  floor_times+=("$(echo "$t1 - $t0" | bc -l)")
  cp seed.db retort.db
  t0=$(now)
  "$ROOT/scripts/migrate.sh" --url "sqlite:///$WORK/retort.db" --revisions "$WORK/revisions" upgrade head 2>/dev/null
  t1=$(now)
  retort_walls+=("$(echo "$t1 - $t0" | bc -l)")
  ms=$(sqlite3 retort.db "SELECT duration_ms FROM retort_history WHERE revision = 'bbb000000002' AND success = 1")
  retort_steps+=("$(echo "$ms / 1000" | bc -l)")
  [[ "$(sqlite3 retort.db 'SELECT count(*) FROM t')" == "$ROWS" ]] || { echo "row count differs" >&2; exit 1; }
done
floor=$(printf '%s\n' "${floor_times[@]}" | median)
step=$(printf '%s\n' "${retort_steps[@]}" | median)
wall=$(printf '%s\n' "${retort_walls[@]}" | median)
printf 'rows %d, 3 indexes, %d runs (median)\n' "$ROWS" "$RUNS"
printf '  floor (sqlite3 by hand)      %7.2f s\n' "$floor"
printf '  retort rebuild step          %7.2f s   ratio %.2f\n' "$step" "$(echo "$step / $floor" | bc -l)"
printf '  retort upgrade head (wall)   %7.2f s   ratio %.2f\n' "$wall" "$(echo "$wall / $floor" | bc -l)"
