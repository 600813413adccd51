#!/usr/bin/env bash
# check-status.sh — the pre-deploy gate: exits 0 only if the database is at head and no applied
# revision has been edited since it ran; otherwise prints what is pending or wrong and exits with
# retort check's code (3 pending revisions, 4 database and revision files disagree, 7 no SQLite
# database at the configured path (nothing is created), 1 error such as an unreachable database,
# 2 bad configuration).
#
#   scripts/check-status.sh [retort options]      e.g. scripts/check-status.sh --url "$DATABASE_URL"
#
# Options are passed to retort unchanged (--url, --revisions, --config, --json, --wait-timeout ...).
set -euo pipefail

# migrate.sh (beside this file, symlinks followed) builds the jar if needed and runs retort.
exec "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/migrate.sh" "$@" check
