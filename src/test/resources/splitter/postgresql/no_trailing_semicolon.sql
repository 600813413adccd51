CREATE TABLE last_one (id int);
INSERT INTO last_one VALUES (1);
SELECT count(*)
  FROM last_one
-- a trailing comment is kept with the statement
