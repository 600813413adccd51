"""Reflects databases with SQLAlchemy 1.4's inspector, for retort's portable-revision differential tests.

Protocol: one JSON request per line on stdin ({"url": "sqlite:///..."}), one JSON reply per line on
stdout: every table but the version and history tables, with its columns (type, nullability,
default), primary key, foreign keys, unique constraints, check constraints, indexes and rows.
"""
import json
import sys
import warnings

import sqlalchemy as sa

warnings.simplefilter("ignore")
SKIP = {"alembic_version", "retort_history"}


def reflect(url):
    engine = sa.create_engine(url)
    try:
        insp = sa.inspect(engine)
        out = {}
        with engine.connect() as conn:
            for t in sorted(insp.get_table_names()):
                if t in SKIP:
                    continue
                cols = [[c["name"], repr(c["type"]), c["nullable"], c.get("default")] for c in insp.get_columns(t)]
                pk = insp.get_pk_constraint(t)["constrained_columns"]
                fks = sorted(json.dumps([f["constrained_columns"], f["referred_table"], f["referred_columns"],
                                         f.get("name"), (f.get("options") or {}).get("ondelete")])
                             for f in insp.get_foreign_keys(t))
                uqs = sorted(json.dumps([u.get("name"), u["column_names"]]) for u in insp.get_unique_constraints(t))
                cks = sorted(json.dumps([c.get("name"), c["sqltext"]]) for c in insp.get_check_constraints(t))
                idx = sorted(json.dumps([i["name"], i["column_names"], bool(i["unique"])]) for i in insp.get_indexes(t))
                rows = [[str(v) for v in r] for r in conn.execute(sa.text('SELECT * FROM "%s" ORDER BY 1' % t))]
                out[t] = {"columns": cols, "pk": pk, "fks": fks, "unique": uqs, "checks": cks, "indexes": idx,
                          "rows": rows}
                if engine.dialect.name == "sqlite":  # the text .schema prints, byte for byte
                    out[t]["sql"] = conn.execute(sa.text("SELECT sql FROM sqlite_master WHERE type = 'table'"
                                                         " AND name = :n"), {"n": t}).scalar()
        return out
    finally:
        engine.dispose()


for line in sys.stdin:
    req = json.loads(line)
    try:
        reply = {"ok": reflect(req["url"])}
    except Exception as e:  # reported to the test, which fails with it
        reply = {"error": repr(e)}
    sys.stdout.write(json.dumps(reply, default=str, sort_keys=True) + "\n")
    sys.stdout.flush()
