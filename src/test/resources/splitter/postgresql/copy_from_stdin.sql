CREATE TABLE imported (id int, name text);
-- data pasted from pg_dump
COPY imported (id, name) FROM stdin;
1	alice
2	bob
\.
SELECT 1;
