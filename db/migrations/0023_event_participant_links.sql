-- Matchmaking events (issue 9): a participant's personal link (个人链接), for those without an account.
-- The link carries a secret token (192 random bits, base64url); only its SHA-256 (hex) is kept here, so a copy of
-- the database opens no participant's page. Regenerating the link replaces the hash and the old link stops working.
-- A participant with an account, or one registered before this migration, has none until an organiser makes one.
ALTER TABLE event_participants ADD COLUMN token_hash text CHECK (token_hash ~ '^[0-9a-f]{64}$');
CREATE INDEX event_participants_token_idx ON event_participants (region_code, event_id, token_hash) WHERE token_hash IS NOT NULL;
