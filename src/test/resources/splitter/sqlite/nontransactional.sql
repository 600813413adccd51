PRAGMA foreign_keys = OFF;
PRAGMA main.foreign_keys = ON;
pragma journal_mode = memory;
PRAGMA user_version = 3;
CREATE TABLE v (id INTEGER);
VACUUM;
