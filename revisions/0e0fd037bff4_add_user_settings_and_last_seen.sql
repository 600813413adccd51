-- Add user settings and last seen
--
-- Revision ID: 0e0fd037bff4
-- Revises: 7c73a20a3c38
-- Create Date: 2025-11-25 10:06:44.905318

-- retort:upgrade sqlite
ALTER TABLE users ADD COLUMN settings TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(settings));
ALTER TABLE users ADD COLUMN last_seen_at TIMESTAMP;
CREATE INDEX ix_users_last_seen_at ON users (last_seen_at);

-- retort:upgrade postgresql
ALTER TABLE users ADD COLUMN settings JSONB NOT NULL DEFAULT '{}'::jsonb;
ALTER TABLE users ADD COLUMN last_seen_at TIMESTAMP;
CREATE INDEX ix_users_last_seen_at ON users (last_seen_at);

-- retort:downgrade
-- SQLite cannot drop an indexed column: the index goes first.
DROP INDEX ix_users_last_seen_at;
ALTER TABLE users DROP COLUMN last_seen_at;
ALTER TABLE users DROP COLUMN settings;
