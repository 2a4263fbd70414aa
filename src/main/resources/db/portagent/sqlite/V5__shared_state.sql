-- What several nodes on one database must share: a generated token secret and the fingerprints
-- of the fixed ones (name: 'jwt.generated', 'jwt.current', 'jwt.previous'), and failed sign-ins
-- for the login throttle (key: an account or a client address).
CREATE TABLE shared_secrets (
  name TEXT PRIMARY KEY,
  value TEXT NOT NULL,
  updatedAt INTEGER NOT NULL);
CREATE TABLE login_failures (
  key TEXT NOT NULL,
  at INTEGER NOT NULL);
CREATE INDEX idx_login_failures_key ON login_failures(key, at);
CREATE INDEX idx_login_failures_at ON login_failures(at);
