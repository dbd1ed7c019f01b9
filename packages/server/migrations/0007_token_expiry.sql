-- API tokens expire (HOMECOMING_TOKEN_DAYS, default 90 days from creation). Tokens made before this
-- migration get the default lifetime counted from now, so no running integration stops at once.
ALTER TABLE api_token ADD COLUMN expires_at timestamptz NOT NULL DEFAULT (now() + interval '90 days');
CREATE INDEX api_token_user ON api_token (user_id) WHERE revoked_at IS NULL;
