-- offset: this section starts on line 40 of its file
CREATE TABLE t (id int);
CREATE FUNCTION f() RETURNS int
LANGUAGE SQL
BEGIN ATOMIC
  SELECT 1;
