CREATE TABLE docs (id INTEGER, body TEXT);
INSERT INTO docs VALUES (1, '{"a": [1, 2], "b": "x;y"}');
SELECT CASE WHEN json_extract(body, '$.b') = 'x;y' THEN 'match' ELSE 'no' END FROM docs;
SELECT id FROM docs WHERE body LIKE '%;%' ESCAPE '\';
