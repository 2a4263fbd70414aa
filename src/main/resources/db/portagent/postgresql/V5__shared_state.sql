CREATE TABLE shared_secrets (
  name TEXT PRIMARY KEY,
  value TEXT NOT NULL,
  updatedAt BIGINT NOT NULL);
CREATE TABLE login_failures (
  key TEXT NOT NULL,
  at BIGINT NOT NULL);
CREATE INDEX idx_login_failures_key ON login_failures(key, at);
CREATE INDEX idx_login_failures_at ON login_failures(at);
