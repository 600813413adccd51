-- retort:upgrade
-- The comments above each statement are not part of it;
-- the statement's line is where its first token is.

/* block
   comment */
CREATE TABLE lc (id int);
   -- indented comment
   /* same-line comment */ CREATE INDEX lc_id ON lc (id);
