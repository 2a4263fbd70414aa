CREATE TABLE revoked_tokens (
  tokenId TEXT PRIMARY KEY,
  userId TEXT NOT NULL,
  expiresAt BIGINT NOT NULL);
CREATE INDEX idx_revoked_tokens_expiresAt ON revoked_tokens(expiresAt);
