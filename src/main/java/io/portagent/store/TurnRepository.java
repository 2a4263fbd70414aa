package io.portagent.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * Turns, their persisted event chunks, and the session's last {@code seq}. A session's writes
 * come as one {@link SessionWrite} each: its turn rows, its messages and its new events, in a
 * single transaction.
 */
public final class TurnRepository {

    /** Events persisted for replay: {@code lines} holds one event JSON per line; times are of the first and last. */
    public record EventChunk(long firstSeq, long lastSeq, long firstAt, long lastAt, String lines) {
    }

    /**
     * A turn's row, inserted or brought up to date. {@code endedAt} is 0 while it runs; {@code model}
     * (the model's id in the installation) is written with the first insert only. With a
     * {@code userId}, its tokens also go to the ledger ({@link UsageRepository}) under {@code day}.
     */
    public record TurnRow(String turnId, String status, long startedAt, long endedAt, int inputTokens,
            int outputTokens, String model, String userId, String day, String stopCause) {

        /** A row that says nothing of why the turn stopped (a stored cause is kept). */
        public TurnRow(String turnId, String status, long startedAt, long endedAt, int inputTokens,
                int outputTokens, String model, String userId, String day) {
            this(turnId, status, startedAt, endedAt, inputTokens, outputTokens, model, userId, day, null);
        }

        boolean isRunning() {
            return "running".equals(status);
        }
    }

    /** What a session's turn used: its model (null before models were stored) and its tokens. */
    public record TurnUse(String turnId, String model, int inputTokens, int outputTokens, String status,
            String stopCause) {
    }

    /**
     * One transaction of a session: turn rows (in order), then messages (upserted, in order), then
     * events (may be null); but an ended turn's own messages go just before its row. SQLite's
     * search index takes a turn's messages when its row leaves {@code running} (agentx V10): a
     * starting turn's row is in place before its prompt, so the prompt waits for the turn's end,
     * and a closing row comes after the final text, so that is what the index takes.
     */
    public record SessionWrite(String sessionId, List<TurnRow> turns, List<MessageRecord> messages,
            EventChunk events) {
        public SessionWrite {
            turns = List.copyOf(turns);
            messages = List.copyOf(messages);
        }
    }

    /** A turn that was running when the process (or its node) died, where it belongs, and its node. */
    public record RunningTurn(TurnRow turn, String sessionId, String conversationId, String containerId,
            String nodeId) {
    }

    /** The latest turn of a session, and the user message that started it (if it still has one). */
    public record LastTurn(TurnRow turn, Optional<MessageRecord> prompt) {
    }

    private static final String TURN_COLUMNS = "t.turnId, t.status, t.startedAt, coalesce(t.endedAt, 0),"
            + " t.inputTokens, t.outputTokens, t.model";

    private final Database db;
    /** The node whose turns this repository starts (recorded in {@code turns.nodeId}). */
    private final String nodeId;

    public TurnRepository(Database db) {
        this(db, null);
    }

    public TurnRepository(Database db, String nodeId) {
        this.db = db;
        this.nodeId = nodeId;
    }

    /** One session's write: rows by key and upserts only (the session has one writer), so row-level isolation. */
    public void save(SessionWrite write) {
        db.writeRows(c -> {
            List<MessageRecord> messages = new ArrayList<>(write.messages());
            for (TurnRow turn : write.turns()) {
                if (!turn.isRunning()) { // its final text first
                    for (Iterator<MessageRecord> i = messages.iterator(); i.hasNext(); ) {
                        MessageRecord message = i.next();
                        if (turn.turnId().equals(message.turnId())) {
                            MessageRepository.upsert(c, message);
                            i.remove();
                        }
                    }
                }
                upsert(c, write.sessionId(), turn);
            }
            for (MessageRecord message : messages) {
                MessageRepository.upsert(c, message);
            }
            return write.events() == null ? 0 : saveEvents(c, write.sessionId(), write.events());
        });
    }

    /** Brings the turn's row up to date, or inserts it: every write but a turn's first finds it there. */
    private void upsert(Connection c, String sessionId, TurnRow t) throws SQLException {
        Long endedAt = t.endedAt() > 0 ? t.endedAt() : null;
        if (t.userId() != null && t.inputTokens() + t.outputTokens() > 0) {
            UsageRepository.record(c, new UsageRepository.TurnTokens(t.turnId(), t.userId(), t.model(), t.day(),
                    t.startedAt(), t.inputTokens(), t.outputTokens()));
        }
        if (Sql.update(c, "UPDATE turns SET status = ?, endedAt = ?, inputTokens = ?, outputTokens = ?,"
                + " stopCause = coalesce(?, stopCause) WHERE turnId = ?", t.status(), endedAt, t.inputTokens(),
                t.outputTokens(), t.stopCause(), t.turnId()) == 0) {
            try {
                Sql.update(c, "INSERT INTO turns(turnId, sessionId, status, startedAt, endedAt, inputTokens,"
                        + " outputTokens, model, nodeId, stopCause) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", t.turnId(),
                        sessionId, t.status(), t.startedAt(), endedAt, t.inputTokens(), t.outputTokens(), t.model(),
                        nodeId, t.stopCause());
            } catch (SQLException e) {
                if (UniqueViolation.is(e) && "running".equals(t.status())) {
                    throw new TurnBusyException(sessionId);
                }
                throw e;
            }
        }
    }

    /**
     * Another turn of the session is running (the unique index {@code idx_turns_one_running}),
     * perhaps on another node: this one cannot start.
     */
    public static final class TurnBusyException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TurnBusyException(String sessionId) {
            super("a turn of session " + sessionId + " is already running");
        }
    }

    /** The model, tokens and status of each of the session's turns, oldest first. */
    public List<TurnUse> uses(String sessionId) {
        return db.read(c -> Sql.list(c, "SELECT turnId, model, inputTokens, outputTokens, status, stopCause"
                + " FROM turns WHERE sessionId = ? ORDER BY startedAt, rowid", r -> new TurnUse(r.getString(1),
                r.getString(2), r.getInt(3), r.getInt(4), r.getString(5), r.getString(6)), sessionId));
    }

    public long lastSeq(String sessionId) {
        return db.read(c -> Sql.one(c, "SELECT lastSeq FROM sessions WHERE sessionId = ?", r -> r.getLong(1),
                sessionId)).orElse(0L);
    }

    /** Persisted events with {@code lastSeq > afterSeq}, oldest first. */
    public List<EventChunk> eventsAfter(String sessionId, long afterSeq) {
        return db.read(c -> Sql.list(c, "SELECT firstSeq, lastSeq, coalesce(firstAt, 0), coalesce(lastAt, 0), events"
                + " FROM turn_events WHERE sessionId = ? AND lastSeq > ? ORDER BY firstSeq",
                r -> new EventChunk(r.getLong(1), r.getLong(2), r.getLong(3), r.getLong(4), r.getString(5)),
                sessionId, afterSeq));
    }

    static final String RUNNING = "SELECT " + TURN_COLUMNS + ", t.sessionId, i.imageId, i.containerId, t.nodeId"
            + " FROM turns t JOIN sessions s ON s.sessionId = t.sessionId JOIN images i ON i.imageId = s.imageId";

    public List<RunningTurn> runningTurns() {
        return db.read(c -> Sql.list(c, RUNNING + " WHERE t.status = 'running'", TurnRepository::running));
    }

    static RunningTurn running(ResultSet r) throws SQLException {
        return new RunningTurn(turn(r), r.getString(8), r.getString(9), r.getString(10), r.getString(11));
    }

    public Optional<LastTurn> lastTurn(String sessionId) {
        return db.readConsistent(c -> {
            Optional<TurnRow> turn = Sql.one(c, "SELECT " + TURN_COLUMNS + " FROM turns t WHERE t.sessionId = ?"
                    + " ORDER BY t.startedAt DESC, t.rowid DESC LIMIT 1", TurnRepository::turn, sessionId);
            if (turn.isEmpty()) {
                return Optional.empty();
            }
            Optional<MessageRecord> prompt = Sql.one(c, MessageRepository.SELECT + " WHERE turnId = ? AND"
                    + " subtype = 'user' ORDER BY rowid LIMIT 1", MessageRepository::message, turn.get().turnId());
            return Optional.of(new LastTurn(turn.get(), prompt));
        });
    }

    private static TurnRow turn(ResultSet r) throws SQLException {
        return new TurnRow(r.getString(1), r.getString(2), r.getLong(3), r.getLong(4), r.getInt(5), r.getInt(6),
                r.getString(7), null, null);
    }

    private static int saveEvents(Connection c, String sessionId, EventChunk events) throws SQLException {
        Sql.update(c, "INSERT INTO turn_events(sessionId, firstSeq, lastSeq, events, firstAt, lastAt)"
                + " VALUES (?, ?, ?, ?, ?, ?)", sessionId, events.firstSeq(), events.lastSeq(), events.lines(),
                events.firstAt(), events.lastAt());
        return Sql.update(c, "UPDATE sessions SET lastSeq = CASE WHEN lastSeq > ? THEN lastSeq ELSE ? END,"
                + " updatedAt = ? WHERE sessionId = ?", events.lastSeq(), events.lastSeq(), System.currentTimeMillis(),
                sessionId);
    }
}
