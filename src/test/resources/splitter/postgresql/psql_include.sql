CREATE TABLE before_include (id int);
\i other_file.sql
CREATE TABLE after_include (id int);
