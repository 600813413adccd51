CREATE TABLE accounts (id INTEGER PRIMARY KEY, balance INTEGER, status TEXT);
CREATE TABLE audit_log (account_id INTEGER, note TEXT);

CREATE TRIGGER accounts_audit AFTER UPDATE OF balance ON accounts
FOR EACH ROW WHEN new.balance <> old.balance
BEGIN
  INSERT INTO audit_log VALUES (new.id, 'balance changed; was ' || old.balance);
  UPDATE accounts
     SET status = CASE WHEN new.balance < 0 THEN 'overdrawn;' ELSE 'ok' END
   WHERE id = new.id;
END;

CREATE VIEW v_accounts AS SELECT id, balance FROM accounts;
CREATE TRIGGER v_accounts_insert INSTEAD OF INSERT ON v_accounts
BEGIN
  INSERT INTO accounts (id, balance, status) VALUES (new.id, new.balance, 'new');
END;
INSERT INTO v_accounts VALUES (1, 10);
UPDATE accounts SET balance = -5 WHERE id = 1;
