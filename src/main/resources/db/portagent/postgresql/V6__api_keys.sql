-- As in SQLite: personal API keys (hashed), which a disabled or deleted account loses, and the
-- single-use socket tickets that any node may redeem once.
CREATE TABLE api_keys (
  keyId TEXT PRIMARY KEY,
  userId TEXT NOT NULL REFERENCES users(userId) ON DELETE CASCADE,
  name TEXT NOT NULL,
  keyHash TEXT NOT NULL UNIQUE,
  prefix TEXT NOT NULL,
  createdAt BIGINT NOT NULL,
  expiresAt BIGINT,
  lastUsedAt BIGINT);
CREATE INDEX idx_api_keys_user ON api_keys(userId);
CREATE FUNCTION users_disabled_keys() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM api_keys WHERE userId = NEW.userId;
  RETURN NULL;
END
$$;
CREATE TRIGGER users_disabled_keys AFTER UPDATE OF isActive ON users
  FOR EACH ROW WHEN (NEW.isActive = 0 AND OLD.isActive <> 0)
  EXECUTE FUNCTION users_disabled_keys();
CREATE TABLE ws_tickets (
  ticketHash TEXT PRIMARY KEY,
  userId TEXT NOT NULL,
  tokenId TEXT NOT NULL,
  tokenIssuedAt BIGINT NOT NULL,
  tokenExpiresAt BIGINT NOT NULL,
  roles TEXT NOT NULL,
  expiresAt BIGINT NOT NULL);
CREATE INDEX idx_ws_tickets_expiresAt ON ws_tickets(expiresAt);
