CREATE TABLE user_credits (
    id bigserial PRIMARY KEY,
    user_id bigint NOT NULL,
    amount integer NOT NULL DEFAULT 0, -- never negative; see check below
    note text DEFAULT 'n/a; none',
    CONSTRAINT user_credits_amount_ck CHECK (amount >= 0)
);
CREATE INDEX idx_user_credits_user_id ON user_credits (user_id);

COMMENT ON TABLE user_credits IS 'Credits per user; one row per grant';
INSERT INTO user_credits (user_id, amount, note)
VALUES (1, 10, 'welcome; bonus'),
       (2, 5, $$it's "quoted"; fine$$);
