package io.portagent.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Turns, their persisted event chunks, and the session's last {@code seq}. A checkpoint writes the
 * growing answer and the events since the last one in a single transaction.
 */
public final class TurnRepository {

    /** Events persisted for replay: {@code lines} holds one event JSON per line. */
    public record EventChunk(long firstSeq, long lastSeq, String lines) {
    }

    /** What a checkpoint or the end of a turn writes. Messages are upserted, in order. */
    public record Checkpoint(String sessionId, String turnId, List<MessageRecord> messages, EventChunk events,
            String status, long endedAt, int inputTokens, int outputTokens) {
    }

    private final Database db;

    public TurnRepository(Database db) {
        this.db = db;
    }

    /** Opens the turn and stores the user's message that starts it, together or not at all. */
    public void start(String turnId, MessageRecord userMessage) {
        db.write(c -> {
            Sql.update(c, "INSERT INTO turns(turnId, sessionId, status, startedAt) VALUES (?, ?, 'running', ?)",
                    turnId, userMessage.sessionId(), userMessage.timestamp());
            return MessageRepository.insert(c, userMessage);
        });
    }

    public void save(Checkpoint checkpoint) {
        db.write(c -> {
            for (MessageRecord message : checkpoint.messages()) {
                MessageRepository.upsert(c, message);
            }
            if (checkpoint.events() != null) {
                saveEvents(c, checkpoint.sessionId(), checkpoint.events());
            }
            return Sql.update(c, "UPDATE turns SET status = ?, endedAt = ?, inputTokens = ?, outputTokens = ?"
                    + " WHERE turnId = ?", checkpoint.status(), checkpoint.endedAt() > 0 ? checkpoint.endedAt() : null,
                    checkpoint.inputTokens(), checkpoint.outputTokens(), checkpoint.turnId());
        });
    }

    public long lastSeq(String sessionId) {
        return db.read(c -> Sql.one(c, "SELECT lastSeq FROM sessions WHERE sessionId = ?", r -> r.getLong(1),
                sessionId)).orElse(0L);
    }

    /** Persisted events with {@code lastSeq > afterSeq}, oldest first. */
    public List<EventChunk> eventsAfter(String sessionId, long afterSeq) {
        return db.read(c -> Sql.list(c, "SELECT firstSeq, lastSeq, events FROM turn_events WHERE sessionId = ? AND"
                + " lastSeq > ? ORDER BY firstSeq", r -> new EventChunk(r.getLong(1), r.getLong(2), r.getString(3)),
                sessionId, afterSeq));
    }

    /** A turn that was running when the process died, and where it belongs. */
    public record RunningTurn(String turnId, String sessionId, String imageId, String containerId) {
    }

    public List<RunningTurn> runningTurns() {
        return db.read(c -> Sql.list(c, "SELECT t.turnId, t.sessionId, i.imageId, i.containerId FROM turns t"
                + " JOIN sessions s ON s.sessionId = t.sessionId JOIN images i ON i.imageId = s.imageId"
                + " WHERE t.status = 'running'",
                r -> new RunningTurn(r.getString(1), r.getString(2), r.getString(3), r.getString(4))));
    }

    /** Closes a turn left running by a crash, skipping {@code seqGap} numbers, and records the closing events. */
    public void closeCrashed(String turnId, String sessionId, long seqGap, EventChunkFactory events, long now) {
        db.write(c -> {
            long last = Sql.one(c, "SELECT lastSeq FROM sessions WHERE sessionId = ?", r -> r.getLong(1), sessionId)
                    .orElse(0L);
            EventChunk chunk = events.create(last + seqGap + 1);
            saveEvents(c, sessionId, chunk);
            return Sql.update(c, "UPDATE turns SET status = 'interrupted', endedAt = ? WHERE turnId = ?", now, turnId);
        });
    }

    /** Builds the closing events of a crashed turn once the first free seq is known. */
    @FunctionalInterface
    public interface EventChunkFactory {
        EventChunk create(long firstSeq);
    }

    private static void saveEvents(Connection c, String sessionId, EventChunk events) throws SQLException {
        Sql.update(c, "INSERT INTO turn_events(sessionId, firstSeq, lastSeq, events) VALUES (?, ?, ?, ?)", sessionId,
                events.firstSeq(), events.lastSeq(), events.lines());
        Sql.update(c, "UPDATE sessions SET lastSeq = max(lastSeq, ?), updatedAt = ? WHERE sessionId = ?",
                events.lastSeq(), System.currentTimeMillis(), sessionId);
    }
}
