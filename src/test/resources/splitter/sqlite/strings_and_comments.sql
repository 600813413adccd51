CREATE TABLE "odd;table" (id INTEGER, [br;acket] TEXT, `back;tick` TEXT);
INSERT INTO "odd;table" VALUES (1, 'semi; colon', 'it''s; fine');
INSERT INTO "odd;table" VALUES (2, '-- not a comment;', '/* not a comment; */');
/* block comment; with a semicolon */
INSERT INTO "odd;table" VALUES (3, 'x', 'y'); -- trailing; comment
-- line comment; with a semicolon
SELECT [br;acket], `back;tick`, "odd;table".id, '${kept}' FROM "odd;table"
