CREATE TABLE t (id INTEGER);
\i more.sql
