CREATE TABLE nt (id int, v text);
CREATE TYPE nt_mood AS ENUM ('sad', 'ok');
CREATE INDEX nt_plain ON nt (v);
CREATE INDEX CONCURRENTLY nt_id ON nt (id);
CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS nt_id_u ON nt (id);
/* comment first */ DROP INDEX CONCURRENTLY nt_id;
REINDEX TABLE CONCURRENTLY nt;
REINDEX (VERBOSE) INDEX CONCURRENTLY nt_id_u;
REINDEX TABLE nt;
REINDEX (CONCURRENTLY) TABLE nt;
-- a schema-wide reindex cannot run in a transaction either
REINDEX SCHEMA retort_splitter_nontransactional;
CREATE INDEX "concurrently" ON nt (v);
VACUUM (ANALYZE) nt;
vacuum;
ALTER TYPE nt_mood ADD VALUE 'happy';
DISCARD ALL;
SELECT 'CREATE INDEX CONCURRENTLY' AS not_it
