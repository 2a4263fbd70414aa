package io.portagent.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;

/**
 * Finds the user and assistant messages of one container whose stored text contains a string,
 * newest first. On SQLite the FTS5 trigram index {@code message_search} (agentx V8) answers
 * strings of three characters or more; shorter ones, and PostgreSQL (its pg_trgm index on
 * {@code lower(content)}), use LIKE on the container's own messages.
 */
public final class MessageSearch {

    /** A message that matched: its conversation and its content as stored (JSON text). */
    public record Match(String conversationId, String content, long timestamp) {
    }

    private static final String JOINS = " JOIN sessions s ON s.sessionId = m.sessionId"
            + " JOIN images i ON i.imageId = s.imageId";
    private static final String INDEXED = "SELECT i.imageId, m.content, m.timestamp FROM message_search"
            + " JOIN message_search_rows r ON r.searchRow = message_search.rowid"
            + " JOIN messages m ON m.messageId = r.messageId" + JOINS
            + " WHERE message_search MATCH ? AND i.containerId = ? ORDER BY m.timestamp DESC LIMIT ?";
    private static final String SCANNED = "SELECT i.imageId, m.content, m.timestamp FROM messages m" + JOINS
            + " WHERE i.containerId = ? AND m.subtype IN ('user', 'assistant') AND lower(m.content) LIKE ? ESCAPE '!'"
            + " ORDER BY m.timestamp DESC LIMIT ?";
    private static final int TRIGRAM = 3;

    private final Database db;

    public MessageSearch(Database db) {
        this.db = db;
    }

    /**
     * {@code stored}: the string as it appears inside the stored JSON text (quotes and backslashes
     * escaped the way the content is), at most {@code limit} messages.
     */
    public List<Match> find(String containerId, String stored, int limit) {
        if (db.dialect() == Dialect.SQLITE && stored.codePointCount(0, stored.length()) >= TRIGRAM) {
            String phrase = "\"" + stored.replace("\"", "\"\"") + "\"";
            return db.read(c -> Sql.list(c, INDEXED, MessageSearch::match, phrase, containerId, limit));
        }
        String pattern = "%" + stored.toLowerCase(Locale.ROOT).replace("!", "!!").replace("%", "!%").replace("_", "!_")
                + "%";
        return db.read(c -> Sql.list(c, SCANNED, MessageSearch::match, containerId, pattern, limit));
    }

    private static Match match(ResultSet r) throws SQLException {
        return new Match(r.getString(1), r.getString(2), r.getLong(3));
    }
}
