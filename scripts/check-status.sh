#!/usr/bin/env bash
# check-status.sh — the pre-deploy gate: exits 0 only if the database is at head and no applied
# revision has been edited since it ran; otherwise prints what is pending or wrong and exits with
# retort check's code (3 pending revisions, 4 database and revision files disagree, 1 error such as
# an unreachable database, 2 bad configuration).
#
#   scripts/check-status.sh [retort options]      e.g. scripts/check-status.sh --url "$DATABASE_URL"
#
# Options are passed to retort unchanged (--url, --revisions, --config, --json, --wait-timeout ...).
set -euo pipefail

src="${BASH_SOURCE[0]}"
while [ -L "$src" ]; do
  dir="$(cd -P "$(dirname "$src")" && pwd)"
  src="$(readlink "$src")"
  case "$src" in /*) ;; *) src="$dir/$src" ;; esac
done
here="$(cd -P "$(dirname "$src")" && pwd)"

exec "$here/migrate.sh" "$@" check
