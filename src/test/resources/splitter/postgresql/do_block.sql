DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_class WHERE relname = 'do_target') THEN
    CREATE TABLE do_target (id int);
  END IF;
END
$$;
DO LANGUAGE plpgsql $do$
DECLARE
  n int := 0;
BEGIN
  FOR i IN 1..3 LOOP
    INSERT INTO do_target VALUES (i); n := n + 1;
  END LOOP;
  RAISE NOTICE '% rows; inserted', n;
END
$do$;
