-- A revision that fails half-way
--
-- Revision ID: c3d4e5f6a7b8
-- Revises: b2c3d4e5f6a7
-- Create Date: 2026-12-01 12:00:00.000000

-- retort:upgrade
CREATE TABLE half_done (id INTEGER);
INSERT INTO no_such_table VALUES (1);

-- retort:downgrade
DROP TABLE half_done;
