package io.portagent.store;

import java.util.List;

/**
 * The schema history of both databases. Append new migrations; never edit a released one.
 * The {@code users} columns are fixed by the operator documentation (its sqlite3 commands).
 */
public final class Schemas {

    public static final Schema PORTAGENT = new Schema(List.of(
            new Migration(1, "users", List.of("""
                    CREATE TABLE users (
                      userId TEXT PRIMARY KEY,
                      username TEXT UNIQUE NOT NULL,
                      email TEXT UNIQUE NOT NULL,
                      passwordHash TEXT NOT NULL,
                      containerId TEXT NOT NULL,
                      displayName TEXT,
                      avatar TEXT,
                      isActive INTEGER NOT NULL DEFAULT 1,
                      createdAt INTEGER NOT NULL,
                      updatedAt INTEGER NOT NULL)""",
                    "CREATE INDEX idx_users_username ON users(username)",
                    "CREATE INDEX idx_users_email ON users(email)",
                    "CREATE INDEX idx_users_containerId ON users(containerId)")),
            new Migration(2, "revoked tokens", List.of("""
                    CREATE TABLE revoked_tokens (
                      tokenId TEXT PRIMARY KEY,
                      userId TEXT NOT NULL,
                      expiresAt INTEGER NOT NULL)""",
                    "CREATE INDEX idx_revoked_tokens_expiresAt ON revoked_tokens(expiresAt)")),
            // Accounts beside the users table, whose columns stay as the operator documentation has them.
            // The trigger records a token cutoff whenever isActive goes to 0, also from sqlite3: every
            // token issued before it stays refused after the account is enabled again.
            new Migration(3, "roles, account state, identities, groups, invites, audit log", List.of("""
                    CREATE TABLE user_state (
                      userId TEXT PRIMARY KEY REFERENCES users(userId) ON DELETE CASCADE,
                      lastLoginAt INTEGER,
                      tokensValidAfter INTEGER NOT NULL DEFAULT 0,
                      mustChangePassword INTEGER NOT NULL DEFAULT 0)""",
                    """
                    CREATE TRIGGER users_disabled_cutoff AFTER UPDATE OF isActive ON users
                    WHEN NEW.isActive = 0 AND OLD.isActive <> 0
                    BEGIN
                      INSERT INTO user_state(userId, tokensValidAfter)
                        VALUES (NEW.userId, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER))
                        ON CONFLICT(userId) DO UPDATE SET
                          tokensValidAfter = max(tokensValidAfter, excluded.tokensValidAfter);
                    END""",
                    """
                    CREATE TABLE user_roles (
                      userId TEXT NOT NULL REFERENCES users(userId) ON DELETE CASCADE,
                      role TEXT NOT NULL,
                      grantedAt INTEGER NOT NULL,
                      PRIMARY KEY (userId, role))""",
                    """
                    CREATE TABLE user_identities (
                      provider TEXT NOT NULL,
                      subject TEXT NOT NULL,
                      userId TEXT NOT NULL REFERENCES users(userId) ON DELETE CASCADE,
                      createdAt INTEGER NOT NULL,
                      PRIMARY KEY (provider, subject))""",
                    "CREATE INDEX idx_user_identities_user ON user_identities(userId)",
                    """
                    CREATE TABLE user_groups (
                      groupId TEXT PRIMARY KEY,
                      name TEXT UNIQUE NOT NULL,
                      description TEXT,
                      dailyTokenLimit INTEGER NOT NULL DEFAULT 0,
                      createdAt INTEGER NOT NULL,
                      updatedAt INTEGER NOT NULL)""",
                    """
                    CREATE TABLE group_models (
                      groupId TEXT NOT NULL REFERENCES user_groups(groupId) ON DELETE CASCADE,
                      model TEXT NOT NULL,
                      PRIMARY KEY (groupId, model))""",
                    """
                    CREATE TABLE group_members (
                      groupId TEXT NOT NULL REFERENCES user_groups(groupId) ON DELETE CASCADE,
                      userId TEXT NOT NULL REFERENCES users(userId) ON DELETE CASCADE,
                      addedAt INTEGER NOT NULL,
                      PRIMARY KEY (groupId, userId))""",
                    "CREATE INDEX idx_group_members_user ON group_members(userId)",
                    """
                    CREATE TABLE invites (
                      code TEXT PRIMARY KEY,
                      note TEXT,
                      createdAt INTEGER NOT NULL,
                      createdBy TEXT,
                      expiresAt INTEGER NOT NULL,
                      maxUses INTEGER NOT NULL,
                      uses INTEGER NOT NULL DEFAULT 0,
                      revoked INTEGER NOT NULL DEFAULT 0)""",
                    """
                    CREATE TABLE audit_log (
                      id INTEGER PRIMARY KEY AUTOINCREMENT,
                      timestamp INTEGER NOT NULL,
                      action TEXT NOT NULL,
                      actorUserId TEXT,
                      actorUsername TEXT,
                      targetUserId TEXT,
                      targetUsername TEXT,
                      ip TEXT,
                      detail TEXT NOT NULL DEFAULT '{}')""",
                    "CREATE INDEX idx_audit_log_timestamp ON audit_log(timestamp)",
                    "CREATE INDEX idx_audit_log_actor ON audit_log(actorUserId)",
                    "CREATE INDEX idx_audit_log_target ON audit_log(targetUserId)")),
            // Settings an admin stored in the console: the lowest source of configuration, below the
            // operator's; updatedBy is the admin's userId.
            new Migration(4, "settings stored in the console", List.of("""
                    CREATE TABLE settings (
                      key TEXT PRIMARY KEY,
                      value TEXT NOT NULL,
                      updatedAt INTEGER NOT NULL,
                      updatedBy TEXT)"""))));

    public static final Schema AGENTX = new Schema(List.of(
            new Migration(1, "containers, images, sessions, messages", List.of("""
                    CREATE TABLE containers (
                      containerId TEXT PRIMARY KEY,
                      ownerId TEXT NOT NULL,
                      createdAt INTEGER NOT NULL,
                      updatedAt INTEGER NOT NULL)""",
                    "CREATE INDEX idx_containers_owner ON containers(ownerId)",
                    """
                    CREATE TABLE images (
                      imageId TEXT PRIMARY KEY,
                      containerId TEXT NOT NULL REFERENCES containers(containerId) ON DELETE CASCADE,
                      name TEXT NOT NULL DEFAULT 'New Conversation',
                      systemPrompt TEXT,
                      createdAt INTEGER NOT NULL,
                      updatedAt INTEGER NOT NULL)""",
                    "CREATE INDEX idx_images_container ON images(containerId, updatedAt)",
                    """
                    CREATE TABLE sessions (
                      sessionId TEXT PRIMARY KEY,
                      imageId TEXT NOT NULL UNIQUE REFERENCES images(imageId) ON DELETE CASCADE,
                      lastSeq INTEGER NOT NULL DEFAULT 0,
                      createdAt INTEGER NOT NULL,
                      updatedAt INTEGER NOT NULL)""",
                    """
                    CREATE TABLE messages (
                      messageId TEXT PRIMARY KEY,
                      sessionId TEXT NOT NULL REFERENCES sessions(sessionId) ON DELETE CASCADE,
                      role TEXT NOT NULL,
                      subtype TEXT NOT NULL
                        CHECK (subtype IN ('user', 'assistant', 'tool-call', 'tool-result', 'error')),
                      content TEXT NOT NULL,
                      timestamp INTEGER NOT NULL,
                      turnId TEXT)""",
                    "CREATE INDEX idx_messages_session ON messages(sessionId, timestamp)")),
            new Migration(2, "turns and their events", List.of("""
                    CREATE TABLE turns (
                      turnId TEXT PRIMARY KEY,
                      sessionId TEXT NOT NULL REFERENCES sessions(sessionId) ON DELETE CASCADE,
                      status TEXT NOT NULL CHECK (status IN ('running', 'completed', 'interrupted', 'failed')),
                      startedAt INTEGER NOT NULL,
                      endedAt INTEGER,
                      inputTokens INTEGER NOT NULL DEFAULT 0,
                      outputTokens INTEGER NOT NULL DEFAULT 0)""",
                    "CREATE INDEX idx_turns_session ON turns(sessionId, startedAt)",
                    "CREATE INDEX idx_turns_running ON turns(status) WHERE status = 'running'",
                    """
                    CREATE TABLE turn_events (
                      sessionId TEXT NOT NULL REFERENCES sessions(sessionId) ON DELETE CASCADE,
                      firstSeq INTEGER NOT NULL,
                      lastSeq INTEGER NOT NULL,
                      events TEXT NOT NULL,
                      PRIMARY KEY (sessionId, firstSeq))""")),
            // The times of a chunk's first and last event, so that retention finds old events without
            // reading every chunk; NULL in chunks written before, which retention reads once and fills in.
            new Migration(3, "event times for retention", List.of(
                    "ALTER TABLE turn_events ADD COLUMN firstAt INTEGER",
                    "ALTER TABLE turn_events ADD COLUMN lastAt INTEGER",
                    "CREATE INDEX idx_turn_events_firstAt ON turn_events(firstAt)")),
            // The model a conversation uses, and the one each turn used: NULL before, read as the default model.
            new Migration(4, "a model per conversation and per turn", List.of(
                    "ALTER TABLE images ADD COLUMN model TEXT",
                    "ALTER TABLE turns ADD COLUMN model TEXT")),
            // The ledger of tokens: one row per turn, without foreign keys, so that it outlives the
            // conversation and the user; day is the turn's start date in the server's time zone.
            new Migration(5, "token usage ledger", List.of("""
                    CREATE TABLE token_usage (
                      turnId TEXT PRIMARY KEY,
                      userId TEXT NOT NULL,
                      model TEXT,
                      day TEXT NOT NULL,
                      startedAt INTEGER NOT NULL,
                      inputTokens INTEGER NOT NULL,
                      outputTokens INTEGER NOT NULL)""",
                    "CREATE INDEX idx_token_usage_user_day ON token_usage(userId, day)",
                    "CREATE INDEX idx_token_usage_day ON token_usage(day)"))));

    private Schemas() {
    }
}
