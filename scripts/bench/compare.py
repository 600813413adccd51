#!/usr/bin/python3
"""Compare retort's and Alembic's results for scripts/bench.sh.

    compare.py text RETORT_OUT ALEMBIC_OUT     heads / history / upgrade --sql stdout
    compare.py sqlite RETORT_DB ALEMBIC_DB     databases after `upgrade head`
    compare.py log RETORT_ERR ALEMBIC_ERR      the "Running upgrade ..." progress lines on stderr

Prints one verdict line and exits 0 when equal, 1 when different:
  "identical"
  "identical after sorting branch labels (K lines ...)" - Alembic 1.8.1 prints a revision's
      propagated labels from a Python set, so "(core, reporting)" vs "(reporting, core)" is
      unspecified order, not a difference (alembic-behaviour.md 8.1)
  "equivalent ..." - databases: same rows and objects, stored CREATE text differs in whitespace
      (retort's own audit table retort_history is left out of the comparison)
  "DIFFERENT: ..." followed by the first differing lines
"""
import difflib
import re
import sqlite3
import sys

# "<parents> -> <rev> (<labels>) (head)..." or "<rev> (<labels>) (head)": the first
# parenthesised group right after the revision id, unless it is a status marker.
MARKERS = {"head", "effective head", "branchpoint", "mergepoint", "current"}
LABELS = re.compile(r"^((?:.* -> )?[^ ,()]+) \(([^()]*)\)")


def sort_labels(line):
    m = LABELS.match(line)
    if not m or m.group(2) in MARKERS:
        return line
    labels = ", ".join(sorted(m.group(2).split(", ")))
    return "%s (%s)%s" % (m.group(1), labels, line[m.end():])


def show_diff(a, b, name_a, name_b, limit=12):
    diff = list(difflib.unified_diff(a, b, name_a, name_b, lineterm="", n=1))
    for line in diff[:limit]:
        print("    " + line)
    if len(diff) > limit:
        print("    ... (%d more diff lines)" % (len(diff) - limit))


def text(path_r, path_a):
    with open(path_r, encoding="utf-8", errors="replace") as f:
        r = f.read().splitlines()
    with open(path_a, encoding="utf-8", errors="replace") as f:
        a = f.read().splitlines()
    if r == a:
        print("identical (%d lines)" % len(r))
        return 0
    rs, as_ = [sort_labels(x) for x in r], [sort_labels(x) for x in a]
    if rs == as_:
        k = sum(1 for x, y in zip(r, a) if x != y)
        print("identical after sorting branch labels (%d of %d lines differ only in label order;"
              " Alembic prints a set)" % (k, len(r)))
        return 0
    n = sum(1 for x, y in zip(rs, as_) if x != y) + abs(len(rs) - len(as_))
    print("DIFFERENT: retort %d lines, Alembic %d lines, %d differ (label order ignored)"
          % (len(r), len(a), n))
    show_diff(as_, rs, "alembic", "retort")
    return 1


def db_state(path):
    c = sqlite3.connect(path)
    try:
        rows = sorted(r[0] for r in c.execute("SELECT version_num FROM alembic_version"))
        # retort_history is retort's own audit table (one row per revision run), which Alembic lacks
        schema = sorted(c.execute("SELECT type, name, tbl_name, sql FROM sqlite_master"
                                  " WHERE name NOT LIKE 'sqlite_%' AND tbl_name <> 'retort_history'"))
    finally:
        c.close()
    return rows, schema


def dbs(path_r, path_a):
    rr, sr = db_state(path_r)
    ra, sa = db_state(path_a)
    tables = sum(1 for s in sr if s[0] == "table")
    indexes = sum(1 for s in sr if s[0] == "index")
    if rr == ra and sr == sa:
        print("identical (alembic_version %s; %d tables, %d indexes)" % (rr, tables, indexes))
        return 0
    ws = lambda rows: [s[:3] + (" ".join((s[3] or "").split()),) for s in rows]
    if rr == ra and ws(sr) == ws(sa):
        names = [r[1] for r, a in zip(sr, sa) if r != a]
        first = next(i for i, (r, a) in enumerate(zip(sr, sa)) if r != a)
        print("equivalent (alembic_version %s; %d tables, %d indexes) - but the stored DDL text of %s"
              " differs in whitespace only: retort %r vs Alembic %r"
              % (rr, tables, indexes, ", ".join(names), sr[first][3][:48] + "...", sa[first][3][:48] + "..."))
        return 0
    print("DIFFERENT: alembic_version retort %s vs Alembic %s; schema objects retort %d vs Alembic %d"
          % (rr, ra, len(sr), len(sa)))
    show_diff(["%s %s %s" % s[:3] for s in sa], ["%s %s %s" % s[:3] for s in sr], "alembic", "retort")
    return 1


def log(path_r, path_a):
    def running(path):
        with open(path, encoding="utf-8", errors="replace") as f:
            return [x for x in f.read().splitlines() if "] Running upgrade " in x]
    r, a = running(path_r), running(path_a)
    if r == a:
        print("identical (%d 'Running upgrade' lines)" % len(r))
        return 0
    print("DIFFERENT: retort %d 'Running upgrade' lines, Alembic %d" % (len(r), len(a)))
    show_diff(a, r, "alembic", "retort", limit=8)
    return 1


if __name__ == "__main__":
    mode, x, y = sys.argv[1:4]
    sys.exit({"text": text, "sqlite": dbs, "log": log}[mode](x, y))
