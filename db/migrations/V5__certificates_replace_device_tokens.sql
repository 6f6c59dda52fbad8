-- Devices authenticate with certificates (V4) now: the skeleton's bearer device tokens and its
-- bootstrap enrollment token are gone.
ALTER TABLE device DROP COLUMN token_hash;
DELETE FROM enrollment_token WHERE bootstrap;
ALTER TABLE enrollment_token DROP COLUMN bootstrap;
