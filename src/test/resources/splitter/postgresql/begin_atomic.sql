CREATE TABLE scores (id int, points int);

-- SQL-standard function body (PostgreSQL 14+)
CREATE FUNCTION grade(p int) RETURNS text
LANGUAGE SQL
BEGIN ATOMIC
  SELECT CASE WHEN p >= 90 THEN 'A;' WHEN p >= 50 THEN 'B' ELSE 'C' END;
END;

CREATE PROCEDURE add_score(p_id int, p_points int)
LANGUAGE SQL
BEGIN ATOMIC
  INSERT INTO scores VALUES (p_id, p_points);
  UPDATE scores SET points = points + 0 WHERE id = p_id;
END;
CALL add_score(1, 95);
