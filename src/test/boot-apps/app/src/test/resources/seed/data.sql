INSERT INTO app_user (name) VALUES ('seeded by data.sql');
