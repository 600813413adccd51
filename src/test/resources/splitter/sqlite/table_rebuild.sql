-- SQLite's twelve-step ALTER TABLE, the usual way to change a column
PRAGMA foreign_keys = OFF;
CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT);
INSERT INTO users VALUES (1, 'a@example.com');
CREATE TABLE users_new (
  id INTEGER PRIMARY KEY,
  email TEXT NOT NULL UNIQUE, -- now required; and unique
  created_at TEXT NOT NULL DEFAULT (datetime('now'))
);
INSERT INTO users_new (id, email) SELECT id, email FROM users;
DROP TABLE users;
ALTER TABLE users_new RENAME TO users;
PRAGMA foreign_key_check;
PRAGMA foreign_keys = ON;
