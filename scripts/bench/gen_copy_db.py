#!/usr/bin/env python3
"""Fills the copy benchmark's SQLite database (schema: scripts/bench/copy-revisions, created first with
`retort upgrade head`). Deterministic (seeded). At scale 1: 1,050,000 rows, about 1.7 GB of JSON text in
the chat table (open-webui-like chat documents: a message tree and a message list).

    gen_copy_db.py DB [--scale S]
"""
import argparse
import json
import random
import sqlite3
import uuid

WORDS = ("the a of to and in is it you that he was for on are with as I his they be at one have this from or had by "
         "hot word but what some we can out other were all there when up use your how said an each she which do "
         "their time if will way about many then them write would like so these her long make thing see him two "
         "has look more day could go come did number sound no most people my over know water than call first who "
         "may down side been now find ünïcödé café naïve 你好 こんにちは привет مرحبا 🙂 🚀 \"quoted\" back\\slash "
         "tab\there new\nline {braces} [brackets] <tags> 3.14159 1e10 -42 null true").split(" ")


def chat_doc(rng, chat_id, ts, n):
    msgs = {}
    lst = []
    parent = None
    for i in range(n):
        mid = "%s-m%d" % (chat_id, i)
        content = " ".join(rng.choices(WORDS, k=rng.randint(60, 110)))
        m = {"id": mid, "parentId": parent, "childrenIds": [], "role": "user" if i % 2 == 0 else "assistant",
             "content": content, "timestamp": ts + i, "models": ["llama3:8b"]}
        if parent:
            msgs[parent]["childrenIds"].append(mid)
        msgs[mid] = m
        lst.append(m)
        parent = mid
    return json.dumps({"id": chat_id, "title": "Chat " + chat_id, "models": ["llama3:8b"], "params": {},
                       "history": {"messages": msgs, "currentId": parent}, "messages": lst, "tags": [],
                       "timestamp": ts * 1000}, ensure_ascii=False)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("db")
    ap.add_argument("--scale", type=float, default=1.0)
    a = ap.parse_args()
    s = a.scale
    users, chats, files, kbs = int(50_000 * s), int(200_000 * s), int(150_000 * s), int(50_000 * s)
    kfiles, cfiles = int(250_000 * s), int(300_000 * s)
    rng = random.Random(1)
    c = sqlite3.connect(a.db)
    c.execute("PRAGMA journal_mode = OFF")
    c.execute("PRAGMA synchronous = OFF")
    c.executemany('INSERT INTO "user" VALUES (?, ?, ?, ?, ?, ?, ?, ?)', (
        (i, "user%d@example.com" % i, "User %d %s" % (i, rng.choice(WORDS)), rng.choice(["user", "admin", "pending"]),
         rng.randint(0, 1), json.dumps({"ui": {"theme": "dark", "lang": "en"}, "n": i}) if i % 3 else None,
         1_690_000_000 + i * 60, rng.randbytes(64) if i % 4 else None) for i in range(1, users + 1)))
    c.executemany("INSERT INTO auth VALUES (?, ?, ?, ?)", (
        (str(uuid.UUID(int=rng.getrandbits(128))), i, "$2b$12$" + "%030x" % rng.getrandbits(120), rng.randint(0, 1))
        for i in range(1, users + 1)))
    chat_ids = ["%032x" % rng.getrandbits(128) for _ in range(chats)]
    c.executemany("INSERT INTO chat VALUES (?, ?, ?, ?, ?, ?, ?)", (
        (cid, rng.randint(1, users), "Chat about " + rng.choice(WORDS), chat_doc(rng, cid, 1_700_000_000 + n, 6),
         rng.randint(0, 1), 1_700_000_000 + n, 1_700_000_000 + n + 3600) for n, cid in enumerate(chat_ids)))
    c.executemany("INSERT INTO file VALUES (?, ?, ?, ?, ?, ?)", (
        (i, rng.randint(1, users), "file-%d.pdf" % i, rng.randbytes(rng.randint(100, 300)),
         json.dumps({"content_type": "application/pdf", "size": i}), 1_695_000_000 + i) for i in range(1, files + 1)))
    c.executemany("INSERT INTO knowledge VALUES (?, ?, ?, ?, ?, ?)", (
        (i, rng.randint(1, users), "KB %d" % i, "about " + " ".join(rng.choices(WORDS, k=8)),
         json.dumps({"file_ids": [rng.randint(1, files) for _ in range(3)]}), 1_696_000_000 + i)
        for i in range(1, kbs + 1)))
    # link rows, unique by construction: 5 files per knowledge base, 1 or 2 files per chat
    c.executemany("INSERT INTO knowledge_file VALUES (?, ?)",
                  ((k, 1 + (k * 31 + j * 997) % files) for k in range(1, kbs + 1) for j in range(kfiles // kbs)))
    c.executemany("INSERT INTO chat_file VALUES (?, ?, ?)",
                  ((cid, 1 + (n * 131 + j * 7) % files, 1_700_000_000 + n + j) for n, cid in enumerate(chat_ids)
                   for j in range(2 if n % 2 == 0 else 1)))
    c.commit()
    n = sum(c.execute('SELECT count(*) FROM "%s"' % t).fetchone()[0]
            for t in ("user", "auth", "chat", "file", "knowledge", "knowledge_file", "chat_file", "tag"))
    mb = c.execute("SELECT sum(length(CAST(chat AS BLOB))) FROM chat").fetchone()[0] / 1e6
    print("generated %s: %d rows, %.0f MB of JSON text in chat" % (a.db, n, mb))


if __name__ == "__main__":
    main()
