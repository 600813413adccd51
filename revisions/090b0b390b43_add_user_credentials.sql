-- Add user credentials
--
-- Revision ID: 090b0b390b43
-- Revises: d6a98527ac7c
-- Create Date: 2025-09-04 16:40:03.552917

-- retort:upgrade
CREATE TABLE user_credentials (
    user_id BIGINT NOT NULL PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    password_hash VARCHAR(255) NOT NULL,
    password_changed_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    failed_attempts INTEGER NOT NULL DEFAULT 0,
    locked_until TIMESTAMP
);

-- retort:downgrade
DROP TABLE user_credentials;
