-- Add display name to users
--
-- Revision ID: f5f670d9139f
-- Revises: f59700881d5a
-- Create Date: 2025-11-03 13:19:58.631740

-- retort:upgrade
ALTER TABLE users ADD COLUMN display_name VARCHAR(100);
-- Data migration: existing users get a display name derived from their username,
-- e.g. 'alice_smith' -> 'Alice smith', 'bob.jones' -> 'Bob jones'.
UPDATE users
   SET display_name = upper(substr(username, 1, 1))
                      || replace(replace(substr(username, 2), '_', ' '), '.', ' ')
 WHERE display_name IS NULL;

-- retort:downgrade
ALTER TABLE users DROP COLUMN display_name;
