package io.portagent.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/** The {@code messages} of a session, in the order they were written. */
public final class MessageRepository {

    private final Database db;

    public MessageRepository(Database db) {
        this.db = db;
    }

    /** The stored messages and the last seq whose events they reflect, read as one snapshot. */
    public record Snapshot(List<MessageRecord> messages, long lastSeq) {
    }

    public Snapshot snapshot(String sessionId) {
        return db.readConsistent(c -> new Snapshot(messages(c, sessionId),
                Sql.one(c, "SELECT lastSeq FROM sessions WHERE sessionId = ?", r -> r.getLong(1), sessionId).orElse(0L)));
    }

    public List<MessageRecord> history(String sessionId) {
        return db.read(c -> messages(c, sessionId));
    }

    private static List<MessageRecord> messages(Connection c, String sessionId) throws SQLException {
        return Sql.list(c, "SELECT messageId, sessionId, role, subtype, content, timestamp, turnId"
                + " FROM messages WHERE sessionId = ? ORDER BY rowid", MessageRepository::message, sessionId);
    }

    /** Deletes messages older than {@code cutoff} (epoch ms); conversations stay. Returns how many went. */
    public int deleteOlderThan(long cutoff) {
        return db.write(c -> Sql.update(c, "DELETE FROM messages WHERE timestamp < ?", cutoff));
    }

    /** Inserts a message and marks the conversation active now (so it sorts first). */
    public void insert(MessageRecord message) {
        db.write(c -> insert(c, message));
    }

    /** Inserts or replaces the text of a message (a streaming answer, checkpointed as it grows). */
    static int upsert(Connection c, MessageRecord m) throws SQLException {
        int updated = Sql.update(c, "UPDATE messages SET content = ?, timestamp = ? WHERE messageId = ?",
                m.content(), m.timestamp(), m.messageId());
        return updated == 1 ? 1 : insert(c, m);
    }

    static int insert(Connection c, MessageRecord m) throws SQLException {
        Sql.update(c, "INSERT INTO messages(messageId, sessionId, role, subtype, content, timestamp, turnId)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?)", m.messageId(), m.sessionId(), m.role(), m.subtype(), m.content(),
                m.timestamp(), m.turnId());
        return Sql.update(c, "UPDATE images SET updatedAt = ? WHERE imageId = (SELECT imageId FROM sessions WHERE"
                + " sessionId = ?)", m.timestamp(), m.sessionId());
    }

    private static MessageRecord message(ResultSet r) throws SQLException {
        return new MessageRecord(r.getString(1), r.getString(2), r.getString(3), r.getString(4), r.getString(5),
                r.getLong(6), r.getString(7));
    }
}
