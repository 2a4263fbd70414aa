package io.portagent.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.StringJoiner;
import java.util.function.Function;

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

    public Snapshot snapshot(String sessionId) {
        return db.readConsistent(c -> new Snapshot(messages(c, sessionId),
                Sql.one(c, "SELECT lastSeq FROM sessions WHERE sessionId = ?", r -> r.getLong(1), sessionId).orElse(0L)));
    }

    public List<MessageRecord> history(String sessionId) {
        return db.read(c -> messages(c, sessionId));
    }

    /** A context message and its place in the table ({@code rowid}: later messages have larger ones). */
    public record ContextRow(MessageRecord message, long rowid) {
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

    /** The context messages written after {@code rowid}, oldest first: what a kept window lacks. */
    public List<ContextRow> contextAfter(String sessionId, String excludedStatus, long rowid) {
        return db.read(c -> Sql.list(c, CONTEXT + " AND m.rowid > ? ORDER BY m.rowid", MessageRepository::row,
                sessionId, excludedStatus, rowid));
    }

    /**
     * What identifies the context messages from {@code fromRowid} to {@code toRowid}, both included:
     * how many, the sum of their rowids and of their lengths in UTF-8 bytes. A window kept in
     * memory is still what the table holds if these agree: a message deleted, replaced (a new
     * rowid), edited to another length, or left out because its turn failed changes them. Bytes,
     * not characters: SQLite reads a text's byte length from the row's header, where counting its
     * characters reads the whole text (for a window of 400 messages of 2 KB, 50 against 400 µs).
     * PostgreSQL counts the bytes of its database encoding: UTF-8, else every check disagrees and
     * each turn reads its window afresh, as without a kept one.
     */
    public RangeCheck contextCheck(String sessionId, String excludedStatus, long fromRowid, long toRowid) {
        return db.read(c -> Sql.one(c, "SELECT count(*), COALESCE(SUM(m.rowid), 0), COALESCE(SUM(octet_length(m.content)), 0)"
                + CONTEXT_FROM + " AND m.rowid BETWEEN ? AND ?", r -> new RangeCheck(r.getLong(1), r.getLong(2),
                r.getLong(3)), sessionId, excludedStatus, fromRowid, toRowid).orElseThrow());
    }

    /** See {@link #contextCheck}; {@link #of} computes the same from rows in memory. */
    public record RangeCheck(long count, long rowidSum, long byteSum) {

        public static RangeCheck of(List<ContextRow> rows) {
            long rowids = 0;
            long bytes = 0;
            for (ContextRow row : rows) {
                rowids += row.rowid();
                bytes += utf8Length(row.message().content());
            }
            return new RangeCheck(rows.size(), rowids, bytes);
        }

        /** The length of {@code text} in UTF-8, as stored (a lone surrogate is written as one byte, '?'). */
        public static long utf8Length(String text) {
            long bytes = 0;
            for (int i = 0, n = text.length(); i < n; i++) {
                char c = text.charAt(i);
                if (c < 0x80) {
                    bytes++;
                } else if (c < 0x800) {
                    bytes += 2;
                } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
                    bytes += 4;
                    i++;
                } else if (Character.isSurrogate(c)) {
                    bytes++;
                } else {
                    bytes += 3;
                }
            }
            return bytes;
        }
    }

    private static final String CONTEXT_FROM = " FROM messages m LEFT JOIN turns t ON t.turnId = m.turnId"
            + " WHERE m.sessionId = ? AND (t.status IS NULL OR t.status <> ?)";
    private static final String CONTEXT = "SELECT m.messageId, m.sessionId, m.role, m.subtype, m.content,"
            + " m.timestamp, m.turnId, m.rowid" + CONTEXT_FROM;

    private static ContextRow row(ResultSet r) throws SQLException {
        return new ContextRow(message(r), r.getLong(8));
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
