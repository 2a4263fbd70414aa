-- Roles, account state, identities, groups, invites and the audit log, beside the users table,
-- whose columns stay as the operator documentation has them. The trigger records a token cutoff
-- whenever isActive goes to 0, also from sqlite3: every token issued before it stays refused
-- after the account is enabled again.
CREATE TABLE user_state (
  userId TEXT PRIMARY KEY REFERENCES users(userId) ON DELETE CASCADE,
  lastLoginAt INTEGER,
  tokensValidAfter INTEGER NOT NULL DEFAULT 0,
  mustChangePassword INTEGER NOT NULL DEFAULT 0);
CREATE TRIGGER users_disabled_cutoff AFTER UPDATE OF isActive ON users
WHEN NEW.isActive = 0 AND OLD.isActive <> 0
BEGIN
  INSERT INTO user_state(userId, tokensValidAfter)
    VALUES (NEW.userId, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER))
    ON CONFLICT(userId) DO UPDATE SET
      tokensValidAfter = max(tokensValidAfter, excluded.tokensValidAfter);
END;
CREATE TABLE user_roles (
  userId TEXT NOT NULL REFERENCES users(userId) ON DELETE CASCADE,
  role TEXT NOT NULL,
  grantedAt INTEGER NOT NULL,
  PRIMARY KEY (userId, role));
CREATE TABLE user_identities (
  provider TEXT NOT NULL,
  subject TEXT NOT NULL,
  userId TEXT NOT NULL REFERENCES users(userId) ON DELETE CASCADE,
  createdAt INTEGER NOT NULL,
  PRIMARY KEY (provider, subject));
CREATE INDEX idx_user_identities_user ON user_identities(userId);
CREATE TABLE user_groups (
  groupId TEXT PRIMARY KEY,
  name TEXT UNIQUE NOT NULL,
  description TEXT,
  dailyTokenLimit INTEGER NOT NULL DEFAULT 0,
  createdAt INTEGER NOT NULL,
  updatedAt INTEGER NOT NULL);
CREATE TABLE group_models (
  groupId TEXT NOT NULL REFERENCES user_groups(groupId) ON DELETE CASCADE,
  model TEXT NOT NULL,
  PRIMARY KEY (groupId, model));
CREATE TABLE group_members (
  groupId TEXT NOT NULL REFERENCES user_groups(groupId) ON DELETE CASCADE,
  userId TEXT NOT NULL REFERENCES users(userId) ON DELETE CASCADE,
  addedAt INTEGER NOT NULL,
  PRIMARY KEY (groupId, userId));
CREATE INDEX idx_group_members_user ON group_members(userId);
CREATE TABLE invites (
  code TEXT PRIMARY KEY,
  note TEXT,
  createdAt INTEGER NOT NULL,
  createdBy TEXT,
  expiresAt INTEGER NOT NULL,
  maxUses INTEGER NOT NULL,
  uses INTEGER NOT NULL DEFAULT 0,
  revoked INTEGER NOT NULL DEFAULT 0);
CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  timestamp INTEGER NOT NULL,
  action TEXT NOT NULL,
  actorUserId TEXT,
  actorUsername TEXT,
  targetUserId TEXT,
  targetUsername TEXT,
  ip TEXT,
  detail TEXT NOT NULL DEFAULT '{}');
CREATE INDEX idx_audit_log_timestamp ON audit_log(timestamp);
CREATE INDEX idx_audit_log_actor ON audit_log(actorUserId);
CREATE INDEX idx_audit_log_target ON audit_log(targetUserId);
