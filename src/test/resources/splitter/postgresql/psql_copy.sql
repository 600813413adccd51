SELECT 1;

\copy imported FROM 'data.csv' WITH (FORMAT csv)
SELECT 2;
