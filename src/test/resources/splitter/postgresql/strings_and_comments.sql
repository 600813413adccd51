CREATE TABLE notes (id int, body text, "odd;name" text);
INSERT INTO notes VALUES (1, 'semi; colon', 'it''s; fine');
INSERT INTO notes VALUES (2, E'escaped \' quote; still string', 'x');
INSERT INTO notes VALUES (3, '-- not a comment;', '/* not a comment; */');
/* a block comment; with a semicolon
   /* nested; too */ still comment;
*/
INSERT INTO notes VALUES (4, 'after block', 'y'); -- trailing; comment
-- a line comment; with a semicolon
INSERT INTO notes VALUES (5, 'C:\dir\', 'backslash is not an escape here');
UPDATE notes SET body = $$dollar; quoted$$ WHERE id = 1;
SELECT U&'d\0061t\+000061;' AS u, '${not_a_placeholder}' AS p
