#!/usr/bin/python3
"""Generate one revision graph twice: as retort .sql files and as Alembic 1.8.1 .py files.

    gen_graph.py N SQL_DIR PY_DIR [SEED [BRANCH_EVERY]]

Same ids, same file names (only the extension differs), so both tools see the same
"map order". The graph is deterministic for a given (N, SEED):

* mostly linear; about every BRANCH_EVERY-th (default 35; 0 = purely linear) revision opens a branch section: the current tip becomes a
  branch point with 2 (sometimes 3) lines of 1-4 revisions each, closed by an empty merge
  revision whose down_revision lists the line tips -> one head at the end;
* two branch labels: "core" on the base revision and "reporting" on the first revision of the
  second line of the first branch section after N/2 (so late revisions carry both labels);
* every non-merge revision creates a small table (2/3) or an index on the nearest table of
  its ancestry (1/3); downgrade drops it.

Prints one line: "<N> revisions, <B> branch points, <M> merges, head <id>".
"""
import datetime
import os
import random
import sys


def main():
    n = int(sys.argv[1])
    sql_dir, py_dir = sys.argv[2], sys.argv[3]
    seed = int(sys.argv[4]) if len(sys.argv) > 4 else 20251206
    branch_every = int(sys.argv[5]) if len(sys.argv) > 5 else 35
    if n < 1:
        sys.exit("N must be >= 1")
    rng = random.Random(seed)
    used = set()

    def new_id():
        while True:
            i = "%012x" % rng.getrandbits(48)
            if i not in used:
                used.add(i)
                return i

    revs = []          # dicts: id, down (list), labels (list), kind, table, anc_table, ...
    by_id = {}

    def add(down, labels=()):
        rid = new_id()
        parent = by_id[down[0]] if down else None
        anc_table = None
        if parent is not None:
            anc_table = parent["table"] or parent["anc_table"]
        r = {"id": rid, "down": list(down), "labels": list(labels), "table": None,
             "anc_table": anc_table, "n": len(revs)}
        if len(down) > 1:
            r["kind"] = "merge"
            r["msg"] = "merge " + ", ".join(down)
            r["up"], r["dn"] = [], []
        elif anc_table is not None and rng.random() < 1 / 3:
            r["kind"] = "index"
            col = rng.choice(["name", "created_at"])
            r["msg"] = "add index ix_%s on %s.%s" % (rid, anc_table, col)
            r["up"] = ["CREATE INDEX ix_%s ON %s (%s)" % (rid, anc_table, col)]
            r["dn"] = ["DROP INDEX ix_%s" % rid]
        else:
            r["kind"] = "table"
            r["table"] = "t_" + rid
            r["msg"] = "create table t_%s" % rid
            r["up"] = ["CREATE TABLE t_%s (id INTEGER PRIMARY KEY, name VARCHAR(80) NOT NULL, "
                       "created_at TIMESTAMP)" % rid]
            r["dn"] = ["DROP TABLE t_%s" % rid]
        revs.append(r)
        by_id[rid] = r
        return rid

    tip = add([], ["core"])
    branch_points = merges = 0
    reporting_done = False
    while len(revs) < n:
        left = n - len(revs)
        if branch_every > 0 and left >= 14 and rng.random() < 1 / branch_every:
            k = 3 if rng.random() < 0.2 else 2
            tips = []
            for line in range(k):
                t = tip
                for step in range(rng.randint(1, 4)):
                    labels = ()
                    if (not reporting_done and line == 1 and step == 0
                            and len(revs) >= n // 2):
                        labels, reporting_done = ("reporting",), True
                    t = add([t], labels)
                tips.append(t)
            branch_points += 1
            tip = add(tips)
            merges += 1
        else:
            tip = add([tip])

    base = datetime.datetime(2025, 1, 6, 9, 0, 0, 123456)
    os.makedirs(sql_dir, exist_ok=True)
    os.makedirs(py_dir, exist_ok=True)
    for r in revs:
        date = str(base + datetime.timedelta(minutes=7 * r["n"], microseconds=r["n"]))
        slug = "_".join(r["msg"].replace(",", " ").replace(".", " ").split()).lower()[:40]
        if len(slug) == 40 and "_" in slug:
            slug = slug[:slug.rindex("_")] + "_"
        name = "%s_%s" % (r["id"], slug)
        revises = ", ".join(r["down"])
        # --- retort SQL revision
        lines = ["-- " + r["msg"], "--", "-- Revision ID: " + r["id"], "-- Revises: " + revises,
                 "-- Create Date: " + date]
        if r["labels"]:
            lines.append("-- Branch Labels: " + ", ".join(r["labels"]))
        lines += ["", "-- retort:upgrade"] + [s + ";" for s in r["up"]]
        lines += ["", "-- retort:downgrade"] + [s + ";" for s in r["dn"]]
        with open(os.path.join(sql_dir, name + ".sql"), "w") as f:
            f.write("\n".join(lines) + "\n")
        # --- Alembic 1.8.1 template (alembic-behaviour.md 1.3)
        if not r["down"]:
            down = "None"
        elif len(r["down"]) == 1:
            down = repr(r["down"][0])
        else:
            down = repr(tuple(r["down"]))
        labels = repr(tuple(r["labels"])) if r["labels"] else "None"
        up = "\n".join('    op.execute("%s")' % s for s in r["up"]) or "    pass"
        dn = "\n".join('    op.execute("%s")' % s for s in r["dn"]) or "    pass"
        py = ('"""%s\n\nRevision ID: %s\nRevises: %s\nCreate Date: %s\n\n"""\n'
              "from alembic import op\nimport sqlalchemy as sa\n\n\n"
              "# revision identifiers, used by Alembic.\n"
              "revision = %r\ndown_revision = %s\nbranch_labels = %s\ndepends_on = None\n\n\n"
              "def upgrade() -> None:\n%s\n\n\ndef downgrade() -> None:\n%s\n"
              % (r["msg"], r["id"], revises, date, r["id"], down, labels, up, dn))
        with open(os.path.join(py_dir, name + ".py"), "w") as f:
            f.write(py)
    print("%d revisions, %d branch points, %d merges, head %s" % (len(revs), branch_points, merges, tip))


if __name__ == "__main__":
    main()
