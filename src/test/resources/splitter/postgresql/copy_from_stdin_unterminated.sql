CREATE TABLE imported (id int, name text);
copy imported FROM STDIN WITH (FORMAT csv);
1,alice
