package io.portagent.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.function.Function;
import java.util.function.Supplier;

/** The {@code messages} of a session, in the order they were written. */
public final class MessageRepository {

    static final String SELECT = "SELECT messageId, sessionId, role, subtype, content, timestamp, turnId FROM messages";

    private final Database db;

    public MessageRepository(Database db) {
        this.db = db;
    }

    /** The stored messages and the last seq whose events they reflect, read as one snapshot. */
    public record Snapshot(List<MessageRecord> messages, long lastSeq) {
    }

    /** What a retention sweep removed. */
    public record Deleted(int messages, int events) {
    }

    /** An event line's seq and time, as its owner reads them (the store keeps the lines as text). */
    public record EventStamp(long seq, long timestamp) {
    }

    /** Runs {@code reads} of this store (any repository's) in one read transaction: {@link Database#readTogether}. */
    public <T> T readTogether(Supplier<T> reads) {
        return db.readTogether(reads);
    }

    public Snapshot snapshot(String sessionId) {
        return db.readConsistent(c -> new Snapshot(messages(c, sessionId),
                Sql.one(c, "SELECT lastSeq FROM sessions WHERE sessionId = ?", r -> r.getLong(1), sessionId).orElse(0L)));
    }

    public List<MessageRecord> history(String sessionId) {
        return db.read(c -> messages(c, sessionId));
    }

    /**
     * A context message, its place in the table ({@code rowid}: later messages have larger ones)
     * and whether its turn was running when it was read (such a message may still change).
     */
    public record ContextRow(MessageRecord message, long rowid, boolean running) {
    }

    /**
     * Up to {@code limit} of a session's context messages (those of failed turns left out), the
     * newest first, all older than {@code beforeRowid} (null: from the newest): a turn reads back
     * only as far as its budget.
     */
    public List<ContextRow> contextPage(String sessionId, String excludedStatus, Long beforeRowid, int limit) {
        return db.read(c -> Sql.list(c, CONTEXT + " AND m.rowid < ? ORDER BY m.rowid DESC LIMIT ?", MessageRepository::row,
                sessionId, excludedStatus, beforeRowid == null ? Long.MAX_VALUE : beforeRowid, limit));
    }

    /**
     * The session's context version (-1: no such session), a number the database itself raises
     * (agentx V11's triggers) on every change that can alter context messages already read: a
     * message deleted, or changed unless it stays in its running turn; an ended turn's status
     * changed; a turn deleted. Whoever makes the change: the server, another node, an operator's
     * sqlite3. New messages do not change it (they come after every row read before). Read it
     * before the rows it vouches for, so that a change between the two shows on the next check.
     */
    public long contextVersion(String sessionId) {
        return db.read(c -> version(c, sessionId));
    }

    /**
     * The context messages written after {@code rowid}, oldest first, if the session's context
     * version is still {@code version} (checked first, in the same read): what a window kept
     * since lacks. Empty if the version moved on: the rows the window holds may have changed.
     */
    public Optional<List<ContextRow>> contextAfter(String sessionId, String excludedStatus, long version, long rowid) {
        return db.read(c -> version(c, sessionId) != version ? Optional.empty()
                : Optional.of(Sql.list(c, CONTEXT + " AND m.rowid > ? ORDER BY m.rowid", MessageRepository::row,
                        sessionId, excludedStatus, rowid)));
    }

    private static long version(Connection c, String sessionId) throws SQLException {
        return Sql.one(c, "SELECT contextVersion FROM sessions WHERE sessionId = ?", r -> r.getLong(1), sessionId)
                .orElse(-1L);
    }

    private static final String CONTEXT_FROM = " FROM messages m LEFT JOIN turns t ON t.turnId = m.turnId"
            + " WHERE m.sessionId = ? AND (t.status IS NULL OR t.status <> ?)";
    private static final String CONTEXT = "SELECT m.messageId, m.sessionId, m.role, m.subtype, m.content,"
            + " m.timestamp, m.turnId, m.rowid, t.status" + CONTEXT_FROM;

    private static ContextRow row(ResultSet r) throws SQLException {
        return new ContextRow(message(r), r.getLong(8), "running".equals(r.getString(9)));
    }

    private static List<MessageRecord> messages(Connection c, String sessionId) throws SQLException {
        return Sql.list(c, SELECT + " WHERE sessionId = ? ORDER BY rowid", MessageRepository::message, sessionId);
    }

    /** Stores imported messages in one transaction; their conversation counts as active {@code now}. */
    public void insertAll(List<MessageRecord> records, long now) {
        if (records.isEmpty()) {
            return;
        }
        db.write(c -> {
            for (MessageRecord record : records) {
                upsert(c, record);
            }
            Sql.update(c, "UPDATE images SET updatedAt = ? WHERE imageId = (SELECT imageId FROM sessions WHERE"
                    + " sessionId = ?)", now, records.get(0).sessionId());
            return records.size();
        });
    }

    /** Deletes a turn's messages but {@code keepMessageId} (null: all of them), for an answer given again. */
    public int deleteTurn(String turnId, String keepMessageId) {
        return db.write(c -> keepMessageId == null ? Sql.update(c, "DELETE FROM messages WHERE turnId = ?", turnId)
                : Sql.update(c, "DELETE FROM messages WHERE turnId = ? AND messageId <> ?", turnId, keepMessageId));
    }

    /**
     * Deletes messages older than {@code cutoff} (epoch ms) and, in the same transaction, every stored
     * event older than it, so that no replay brings their text back; conversations stay. A chunk that
     * holds events on both sides of the cutoff keeps only the newer ones; {@code stamps} reads an
     * event line's seq and time.
     */
    public Deleted deleteOlderThan(long cutoff, Function<String, EventStamp> stamps) {
        return db.write(c -> {
            int messages = Sql.update(c, "DELETE FROM messages WHERE timestamp < ?", cutoff);
            String old = " FROM turn_events WHERE firstAt < ? AND lastAt < ?";
            int events = Sql.one(c, "SELECT coalesce(sum(lastSeq - firstSeq + 1), 0)" + old, r -> r.getInt(1), cutoff,
                    cutoff).orElse(0); // a chunk's seqs are consecutive
            Sql.update(c, "DELETE" + old, cutoff, cutoff);
            for (EventRows rows : Sql.list(c, "SELECT sessionId, firstSeq, events FROM turn_events"
                    + " WHERE firstAt IS NULL OR firstAt < ?", r -> new EventRows(r.getString(1), r.getLong(2),
                    r.getString(3)), cutoff)) {
                events += trim(c, rows, cutoff, stamps);
            }
            return new Deleted(messages, events);
        });
    }

    private record EventRows(String sessionId, long firstSeq, String lines) {
    }

    /** Rewrites one chunk without its events older than {@code cutoff}; returns how many went. */
    private static int trim(Connection c, EventRows rows, long cutoff, Function<String, EventStamp> stamps)
            throws SQLException {
        StringJoiner kept = new StringJoiner("\n", "", "\n");
        int dropped = 0;
        long firstAt = 0;
        long lastAt = 0;
        long firstSeq = -1;
        for (String line : rows.lines().split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            EventStamp stamp = stamps.apply(line);
            long at = stamp.timestamp();
            if (at < cutoff) {
                dropped++;
                continue;
            }
            firstSeq = firstSeq < 0 ? stamp.seq() : firstSeq;
            firstAt = firstAt == 0 ? at : firstAt;
            lastAt = at;
            kept.add(line);
        }
        if (firstSeq < 0) {
            Sql.update(c, "DELETE FROM turn_events WHERE sessionId = ? AND firstSeq = ?", rows.sessionId(),
                    rows.firstSeq());
        } else {
            Sql.update(c, "UPDATE turn_events SET firstSeq = ?, events = ?, firstAt = ?, lastAt = ? WHERE sessionId = ?"
                    + " AND firstSeq = ?", firstSeq, kept.toString(), firstAt, lastAt, rows.sessionId(), rows.firstSeq());
        }
        return dropped;
    }

    /**
     * Inserts a message, or brings a stored one up to date (a streaming answer, checkpointed as it
     * grows; a retried prompt, moved to its new turn). A new message marks its conversation active.
     */
    static void upsert(Connection c, MessageRecord m) throws SQLException {
        if (Sql.update(c, "UPDATE messages SET content = ?, timestamp = ?, turnId = ? WHERE messageId = ?",
                m.content(), m.timestamp(), m.turnId(), m.messageId()) == 1) {
            return;
        }
        Sql.update(c, "INSERT INTO messages(messageId, sessionId, role, subtype, content, timestamp, turnId)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?)", m.messageId(), m.sessionId(), m.role(), m.subtype(), m.content(),
                m.timestamp(), m.turnId());
        Sql.update(c, "UPDATE images SET updatedAt = ? WHERE imageId = (SELECT imageId FROM sessions WHERE"
                + " sessionId = ?)", m.timestamp(), m.sessionId());
    }

    static MessageRecord message(ResultSet r) throws SQLException {
        return new MessageRecord(r.getString(1), r.getString(2), r.getString(3), r.getString(4), r.getString(5),
                r.getLong(6), r.getString(7));
    }
}
