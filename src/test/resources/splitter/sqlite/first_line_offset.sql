-- Split as if this section started on line 20 of its revision file.

CREATE TABLE offs (id INTEGER);    CREATE TABLE offs2 (id INTEGER);
  INSERT INTO offs
  VALUES (1);
