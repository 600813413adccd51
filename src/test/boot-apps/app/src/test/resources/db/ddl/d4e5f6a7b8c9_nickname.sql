-- Add a nickname: DDL that waits for a lock on app_user
--
-- Revision ID: d4e5f6a7b8c9
-- Revises: b2c3d4e5f6a7
-- Create Date: 2026-12-02 12:00:00.000000

-- retort:upgrade
ALTER TABLE app_user ADD COLUMN nickname VARCHAR(40);

-- retort:downgrade
ALTER TABLE app_user DROP COLUMN nickname;
