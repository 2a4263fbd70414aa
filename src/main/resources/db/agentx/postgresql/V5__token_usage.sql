CREATE TABLE token_usage (
  turnId TEXT PRIMARY KEY,
  userId TEXT NOT NULL,
  model TEXT,
  day TEXT NOT NULL,
  startedAt BIGINT NOT NULL,
  inputTokens BIGINT NOT NULL,
  outputTokens BIGINT NOT NULL);
CREATE INDEX idx_token_usage_user_day ON token_usage(userId, day);
CREATE INDEX idx_token_usage_day ON token_usage(day);
