-- Personal API keys, stored as the SHA-256 of the key (keys are 32 random bytes, so a plain hash
-- is enough) with a short prefix to recognise them by; a disabled account loses its keys (the
-- trigger, also for sqlite3), a deleted one too (the foreign key). Socket tickets: single-use
-- and short-lived, kept here so that any node can redeem a ticket another node issued, once.
CREATE TABLE api_keys (
  keyId TEXT PRIMARY KEY,
  userId TEXT NOT NULL REFERENCES users(userId) ON DELETE CASCADE,
  name TEXT NOT NULL,
  keyHash TEXT NOT NULL UNIQUE,
  prefix TEXT NOT NULL,
  createdAt INTEGER NOT NULL,
  expiresAt INTEGER,
  lastUsedAt INTEGER);
CREATE INDEX idx_api_keys_user ON api_keys(userId);
CREATE TRIGGER users_disabled_keys AFTER UPDATE OF isActive ON users
WHEN NEW.isActive = 0 AND OLD.isActive <> 0
BEGIN
  DELETE FROM api_keys WHERE userId = NEW.userId;
END;
CREATE TABLE ws_tickets (
  ticketHash TEXT PRIMARY KEY,
  userId TEXT NOT NULL,
  tokenId TEXT NOT NULL,
  tokenIssuedAt INTEGER NOT NULL,
  tokenExpiresAt INTEGER NOT NULL,
  roles TEXT NOT NULL,
  expiresAt INTEGER NOT NULL);
CREATE INDEX idx_ws_tickets_expiresAt ON ws_tickets(expiresAt);
