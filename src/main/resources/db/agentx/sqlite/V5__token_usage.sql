-- The ledger of tokens: one row per turn, without foreign keys, so that it outlives the
-- conversation and the user; day is the turn's start date in the server's time zone.
CREATE TABLE token_usage (
  turnId TEXT PRIMARY KEY,
  userId TEXT NOT NULL,
  model TEXT,
  day TEXT NOT NULL,
  startedAt INTEGER NOT NULL,
  inputTokens INTEGER NOT NULL,
  outputTokens INTEGER NOT NULL);
CREATE INDEX idx_token_usage_user_day ON token_usage(userId, day);
CREATE INDEX idx_token_usage_day ON token_usage(day);
