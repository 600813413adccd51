-- COPY from a server file is plain SQL; only STDIN/STDOUT are refused.
COPY imported FROM '/tmp/data.csv' WITH (FORMAT csv);
SELECT 'COPY x FROM STDIN' AS text_only
