CREATE TABLE audited (id int, updated_at timestamptz);

CREATE OR REPLACE FUNCTION touch() RETURNS trigger AS $fn$
BEGIN
  NEW.updated_at := now(); -- ; inside the body
  RETURN NEW;
END;
$fn$ LANGUAGE plpgsql;

CREATE TRIGGER audited_touch BEFORE UPDATE ON audited
  FOR EACH ROW EXECUTE FUNCTION touch();

INSERT INTO audited VALUES (1, NULL); UPDATE audited SET id = 2;
