-- A plpgsql function whose body has semicolons, and a tagged body nesting $$.
CREATE FUNCTION add_credits(p_user bigint, p_amount int) RETURNS int
LANGUAGE plpgsql AS $$
DECLARE
  v_total int;
BEGIN
  UPDATE credits SET amount = amount + p_amount WHERE user_id = p_user;
  SELECT amount INTO v_total FROM credits WHERE user_id = p_user; -- comment;
  RETURN v_total;
END;
$$;

CREATE FUNCTION run_dynamic() RETURNS void
LANGUAGE plpgsql AS $body$
BEGIN
  EXECUTE $$SELECT 'a;b'; $$;
  RAISE NOTICE 'done; really';
END
$body$;
SELECT add_credits(1, 2) WHERE false; SELECT 1
