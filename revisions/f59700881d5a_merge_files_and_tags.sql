-- Merge files and tags
--
-- Revision ID: f59700881d5a
-- Revises: 6e76ac56441a, 6069cd7e6ab6
-- Create Date: 2025-10-20 08:33:12.480915

-- retort:upgrade

-- retort:downgrade
