-- The same schema history as the SQLite files beside it, in PostgreSQL's types: times in epoch
-- milliseconds as bigint, flags as integer 0/1 (so the operator's UPDATE ... SET isActive = 0
-- reads the same on both).
CREATE TABLE users (
  userId TEXT PRIMARY KEY,
  username TEXT UNIQUE NOT NULL,
  email TEXT UNIQUE NOT NULL,
  passwordHash TEXT NOT NULL,
  containerId TEXT NOT NULL,
  displayName TEXT,
  avatar TEXT,
  isActive INTEGER NOT NULL DEFAULT 1,
  createdAt BIGINT NOT NULL,
  updatedAt BIGINT NOT NULL);
CREATE INDEX idx_users_username ON users(username);
CREATE INDEX idx_users_email ON users(email);
CREATE INDEX idx_users_containerId ON users(containerId);
