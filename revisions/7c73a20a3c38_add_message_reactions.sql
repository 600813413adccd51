-- Add message reactions
--
-- Revision ID: 7c73a20a3c38
-- Revises: f5f670d9139f
-- Create Date: 2025-11-12 15:45:07.119862

-- retort:upgrade
CREATE TABLE message_reactions (
    message_id BIGINT NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    emoji VARCHAR(32) NOT NULL,
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (message_id, user_id, emoji)
);
CREATE INDEX ix_message_reactions_user_id ON message_reactions (user_id);

-- retort:downgrade
DROP INDEX ix_message_reactions_user_id;
DROP TABLE message_reactions;
