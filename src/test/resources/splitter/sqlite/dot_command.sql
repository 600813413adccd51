CREATE TABLE imported (id INTEGER, name TEXT);
.mode csv
.import data.csv imported
