#!/usr/bin/env bash
# bench-copy.sh — how fast does `retort copy` move a big SQLite database into PostgreSQL, compared with
# the floor (sqlite3 piped into `psql \copy`, table by table, same conversions done in SQL) and with
# pgloader (Debian package, when installed)?
#
#   scripts/bench-copy.sh                 # scale 1: ~1.05 M rows, ~1.7 GB of JSON text in the chat table
#   SCALE=0.05 RUNS=1 scripts/bench-copy.sh
#
# Environment: SCALE (default 1), RUNS (default 2; the best run of each tool is reported), TOOLS
# (default "floor floor_lz4 retort retort_pglz pgloader pgloader_lz4": each tool with the server's default
# TOAST compression, pglz, and with lz4 — retort's default, `--toast-compression`), BENCH_DIR (default /tmp/retort-bench-copy: the generated database
# and a throwaway PostgreSQL cluster live there), BENCH_PG_PORT (55433), PG_BIN
# (/usr/lib/postgresql/15/bin), RETORT_JAVA_OPTS (default "-XX:+UseSerialGC -Xms64m -Xmx160m"),
# KEEP=1 keeps the cluster running and the database, CHECK=0 skips the cross-tool content comparison.
#
# Needs: java 17, mvn (to build target/retort.jar), python3, sqlite3, PostgreSQL 15 server binaries
# (apt-get install postgresql sqlite3 time; pgloader optional: apt-get install pgloader).
# Every tool loads into a fresh database whose schema was made by `retort upgrade head`
# (scripts/bench/copy-revisions: the same tables, types, keys and foreign keys for all), so all do the
# same work on the server: parse JSON into jsonb, TOAST-compress it, check foreign keys, build indexes.
# Wall time and peak RSS come from /usr/bin/time; MB/s counts the bytes of the source's values.
set -euo pipefail

ROOT="$(cd -P "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SCALE="${SCALE:-1}"
RUNS="${RUNS:-2}"
TOOLS="${TOOLS:-floor floor_lz4 retort retort_pglz pgloader pgloader_lz4}"
WORK="${BENCH_DIR:-/tmp/retort-bench-copy}"
PORT="${BENCH_PG_PORT:-55433}"
PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
JOPTS="${RETORT_JAVA_OPTS:--XX:+UseSerialGC -Xms64m -Xmx160m}"
REVS="$ROOT/scripts/bench/copy-revisions"
JAR="$ROOT/target/retort.jar"
DB="$WORK/bench-$SCALE.db"
PGDATA="$WORK/pgdata"
TIME=/usr/bin/time
PSQL=(psql -h 127.0.0.1 -p "$PORT" -U postgres -v ON_ERROR_STOP=1 -qtA)

die() { echo "bench-copy.sh: $*" >&2; exit 2; }
for t in java python3 sqlite3 psql; do command -v "$t" >/dev/null || die "$t is missing"; done
[ -x "$TIME" ] || die "/usr/bin/time is missing (apt-get install time)"
[ -x "$PG_BIN/initdb" ] || die "no PostgreSQL server binaries in $PG_BIN (apt-get install postgresql)"
mkdir -p "$WORK"

if [ ! -f "$JAR" ] || [ -n "$(find "$ROOT/pom.xml" "$ROOT/src" -newer "$JAR" -print -quit)" ]; then
  echo "building $JAR ..." >&2
  mvn -q -B -f "$ROOT/pom.xml" package -DskipTests >&2
fi

# ---- the source database (generated once per scale)
if [ ! -f "$DB" ]; then
  echo "generating $DB (scale $SCALE) ..." >&2
  rm -f "$DB.tmp"
  java -jar "$JAR" --url "sqlite:///$DB.tmp" --revisions "$REVS" upgrade head 2>/dev/null
  python3 "$ROOT/scripts/bench/gen_copy_db.py" "$DB.tmp" --scale "$SCALE" >&2
  mv "$DB.tmp" "$DB"
fi
TABLES="user auth chat file knowledge knowledge_file chat_file tag"   # parents first
if [ ! -f "$DB.stats" ]; then
  rows=0; bytes=0
  for t in $TABLES; do
    cols=$(sqlite3 "$DB" "SELECT group_concat('coalesce(length(CAST(\"' || name || '\" AS BLOB)), 0)', ' + ') FROM pragma_table_info('$t')")
    read -r n b < <(sqlite3 -separator ' ' "$DB" "SELECT count(*), coalesce(sum($cols), 0) FROM \"$t\"")
    rows=$((rows + n)); bytes=$((bytes + b))
  done
  echo "$rows $bytes" > "$DB.stats"
fi
read -r ROWS BYTES < "$DB.stats"
CHAT_MB=$(sqlite3 "$DB" "SELECT sum(length(CAST(chat AS BLOB))) / 1000000 FROM chat")
echo "source: $DB, $(du -m "$DB" | cut -f1) MB file, $ROWS rows, $((BYTES / 1000000)) MB of values ($CHAT_MB MB of JSON in chat)" >&2

# ---- a throwaway PostgreSQL cluster on a loopback port
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
STARTED=0
stop_server() {
  if [ "$STARTED" = 1 ] && [ "${KEEP:-0}" != 1 ]; then
    as_pg "$PG_BIN/pg_ctl" -D "$PGDATA" -m fast -w stop >/dev/null || true
  fi
}
trap stop_server EXIT
if ! "${PSQL[@]}" -d postgres -c "SELECT 1" >/dev/null 2>&1; then
  if [ ! -f "$PGDATA/PG_VERSION" ]; then
    mkdir -p "$PGDATA"
    [ "$(id -u)" = 0 ] && chown postgres "$PGDATA"
    as_pg "$PG_BIN/initdb" -D "$PGDATA" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >/dev/null
  fi
  as_pg "$PG_BIN/pg_ctl" -D "$PGDATA" -l "$PGDATA/server.log" -w start \
    -o "-p $PORT -k /tmp -c listen_addresses=127.0.0.1 -c shared_buffers=256MB -c max_wal_size=8GB" >/dev/null
  STARTED=1
fi
url() { echo "postgresql://postgres@127.0.0.1:$PORT/$1"; }

fresh_target() {   # an empty database with the application's schema, made by retort
  "${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $1" -c "CREATE DATABASE $1"
  java -jar "$JAR" --url "$(url "$1")" --revisions "$REVS" upgrade head 2>/dev/null
  "${PSQL[@]}" -d "$1" -c "CHECKPOINT"
}

# ---- the tools
floor_sql() {   # what sqlite3 prints for each table: the same conversions, done by SQLite
  case "$1" in
    user) echo "SELECT id, email, name, role, is_active, settings, datetime(created_at, 'unixepoch'), CASE WHEN profile IS NOT NULL THEN '\\x' || hex(profile) END FROM \"user\"" ;;
    auth) echo "SELECT id, user_id, password, active FROM auth" ;;
    chat) echo "SELECT id, user_id, title, chat, archived, datetime(created_at, 'unixepoch'), datetime(updated_at, 'unixepoch') FROM chat" ;;
    file) echo "SELECT id, user_id, filename, CASE WHEN data IS NOT NULL THEN '\\x' || hex(data) END, meta, datetime(created_at, 'unixepoch') FROM file" ;;
    knowledge) echo "SELECT id, user_id, name, description, data, datetime(created_at, 'unixepoch') FROM knowledge" ;;
    knowledge_file) echo "SELECT knowledge_id, file_id FROM knowledge_file" ;;
    chat_file) echo "SELECT chat_id, file_id, datetime(created_at, 'unixepoch') FROM chat_file" ;;
    tag) echo "SELECT id, name, user_id FROM tag" ;;
  esac
}
run_floor() {
  local t cols
  for t in $TABLES; do
    cols=$(sqlite3 "$DB" "SELECT group_concat('\"' || name || '\"', ', ') FROM pragma_table_info('$t')")
    sqlite3 -csv "$DB" "$(floor_sql "$t")" \
      | PGTZ=UTC psql -h 127.0.0.1 -p "$PORT" -U postgres -v ON_ERROR_STOP=1 -q -d "$FLOOR_DB" \
          -c "\\copy \"$t\" ($cols) FROM STDIN (FORMAT csv)"
  done
}
export -f run_floor floor_sql
export DB PORT TABLES

pgloader_file() {
  cat <<LOAD
LOAD DATABASE
  FROM sqlite://$DB
  INTO postgresql://postgres@127.0.0.1:$PORT/$1
  WITH data only, create no tables, create no indexes, reset sequences, quote identifiers,
       workers = 2, concurrency = 1, batch rows = ${PGLOADER_BATCH_ROWS:-500},
       prefetch rows = ${PGLOADER_PREFETCH_ROWS:-500}, batch size = 16MB
  SET timezone TO 'UTC'${PGLOADER_SET:-}
  CAST column user.created_at to timestamptz using unix-timestamp-to-timestamptz,
       column chat.created_at to timestamptz using unix-timestamp-to-timestamptz,
       column chat.updated_at to timestamptz using unix-timestamp-to-timestamptz,
       column file.created_at to timestamptz using unix-timestamp-to-timestamptz,
       column knowledge.created_at to timestamptz using unix-timestamp-to-timestamptz,
       column chat_file.created_at to timestamptz using unix-timestamp-to-timestamptz,
       type boolean to boolean drop typemod
  EXCLUDING TABLE NAMES LIKE 'alembic_version', 'retort_history';
LOAD
}

run_tool() {   # tool run -> "wall_seconds max_rss_kb" or "FAILED"
  local tool=$1 target="bench_$1" log="$WORK/$1.log"
  fresh_target "$target"
  sync
  local cmd
  case "$tool" in
    retort) cmd=(java $JOPTS -jar "$JAR" copy --from "sqlite:///$DB" --to "$(url "$target")" --progress none) ;;
    retort_pglz) cmd=(java $JOPTS -jar "$JAR" copy --from "sqlite:///$DB" --to "$(url "$target")" --progress none
                      --toast-compression default) ;;
    floor) cmd=(env FLOOR_DB="$target" bash -c run_floor) ;;
    floor_lz4) cmd=(env FLOOR_DB="$target" PGOPTIONS="-c default_toast_compression=lz4" bash -c run_floor) ;;
    pgloader|pgloader_lz4)
      if [ "$tool" = pgloader_lz4 ]; then
        PGLOADER_SET=", default_toast_compression TO 'lz4'" pgloader_file "$target" > "$WORK/bench.load"
      else
        pgloader_file "$target" > "$WORK/bench.load"
      fi
      cmd=(pgloader --dynamic-space-size "${PGLOADER_HEAP_MB:-4096}" "$WORK/bench.load") ;;
  esac
  if "$TIME" -f "%e %M" -o "$WORK/time.txt" "${cmd[@]}" > "$log" 2>&1; then
    cat "$WORK/time.txt" | tail -1
  else
    echo "FAILED"
  fi
}

content() {   # per table: rows and an order-independent hash of every row's text, on the target
  local db=$1 t
  for t in $TABLES; do
    "${PSQL[@]}" -d "$db" -c "SELECT '$t', count(*), coalesce(sum(('x' || substr(md5(t::text), 1, 16))::bit(64)::bigint::numeric), 0) FROM \"$t\" t"
  done
}

declare -A BEST RSS
for run in $(seq 1 "$RUNS"); do
  for tool in $TOOLS; do
    case "$tool" in pgloader*) command -v pgloader >/dev/null || continue ;; esac
    r=$(run_tool "$tool")
    echo "run $run: $tool: $r (wall s, max RSS KB)" >&2
    if [ "$r" = FAILED ]; then
      echo "  $tool failed; see $WORK/$tool.log:" >&2; tail -5 "$WORK/$tool.log" >&2
      BEST[$tool]=${BEST[$tool]:-FAILED}; continue
    fi
    read -r wall rss <<< "$r"
    if [ -z "${BEST[$tool]:-}" ] || [ "${BEST[$tool]}" = FAILED ] || awk "BEGIN{exit !($wall < ${BEST[$tool]})}"; then
      BEST[$tool]=$wall; RSS[$tool]=$rss
    fi
    if [ "${CHECK:-1}" = 1 ] && [ "$run" = 1 ]; then
      content "bench_$tool" > "$WORK/content.$tool"
    fi
  done
done

echo
echo "| tool | TOAST compression | wall s | rows/s | MB/s | × floor | × floor, same compression | peak RSS MB | content = floor |"
echo "|---|---|---:|---:|---:|---:|---:|---:|---|"
for tool in $TOOLS; do
  b=${BEST[$tool]:-}
  [ -z "$b" ] && continue
  case "$tool" in *_lz4|retort) comp=lz4; base=floor_lz4 ;; *) comp=pglz; base=floor ;; esac
  name=${tool%_lz4}; name=${name%_pglz}
  if [ "$b" = FAILED ]; then echo "| $name | $comp | failed | | | | | | |"; continue; fi
  same="-"
  if [ -f "$WORK/content.$tool" ] && [ -f "$WORK/content.floor" ]; then
    if cmp -s "$WORK/content.$tool" "$WORK/content.floor"; then same=yes; else same="NO (see $WORK/content.*)"; fi
  fi
  ratio() { if [ -n "${BEST[$1]:-}" ] && [ "${BEST[$1]}" != FAILED ]; then awk "BEGIN{printf \"%.2f\", $b / ${BEST[$1]}}"; else echo -; fi; }
  awk -v t="$name" -v c="$comp" -v w="$b" -v r="$ROWS" -v by="$BYTES" -v x="$(ratio floor)" -v y="$(ratio "$base")" \
    -v m="${RSS[$tool]}" -v s="$same" \
    'BEGIN{printf "| %s | %s | %.1f | %.0f | %.1f | %s | %s | %.0f | %s |\n", t, c, w, r / w, by / 1e6 / w, x, y, m / 1024, s}'
done
echo
echo "($ROWS rows, $((BYTES / 1000000)) MB of values, $CHAT_MB MB of JSON in chat; best of $RUNS run(s); $(nproc) cores)"
if [ "${KEEP:-0}" != 1 ]; then
  for tool in $TOOLS; do "${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS bench_$tool" 2>/dev/null || true; done
fi
