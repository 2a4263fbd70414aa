package io.portagent.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * Conversations (the {@code images} table) and their sessions in {@code agentx.db}. Every lookup is scoped
 * to a container, so an id from another user's container is simply not found.
 */
public final class ConversationRepository {

    private static final String COLUMNS = "SELECT i.imageId, i.containerId, s.sessionId, i.name, i.systemPrompt,"
            + " i.createdAt, i.updatedAt, i.model";
    private static final String FROM = " FROM images i JOIN sessions s ON s.imageId = i.imageId";
    private static final String SELECT = COLUMNS + FROM;

    private final Database db;

    public ConversationRepository(Database db) {
        this.db = db;
    }

    /** Most recent activity first. */
    public List<ConversationRecord> list(String containerId) {
        return db.read(c -> Sql.list(c, SELECT + " WHERE i.containerId = ? ORDER BY i.updatedAt DESC, i.rowid DESC",
                ConversationRepository::conversation, containerId));
    }

    /** Where a page of the list ends: the last conversation's activity time and row. */
    public record Position(long updatedAt, long rowid) {
    }

    /** Up to {@code limit} conversations in list order; {@code next} is null when none are left. */
    public record Page(List<ConversationRecord> conversations, Position next) {
    }

    /** The conversations after {@code after} (null: from the most recent), in list order. */
    public Page page(String containerId, Position after, int limit) {
        record Row(ConversationRecord conversation, Position position) {
        }
        List<Row> rows = db.read(c -> Sql.list(c, COLUMNS + ", i.rowid" + FROM
                + " WHERE i.containerId = ? AND (i.updatedAt < ? OR (i.updatedAt = ? AND i.rowid < ?))"
                + " ORDER BY i.updatedAt DESC, i.rowid DESC LIMIT ?",
                r -> new Row(conversation(r), new Position(r.getLong(7), r.getLong(9))), containerId,
                after == null ? Long.MAX_VALUE : after.updatedAt(), after == null ? Long.MAX_VALUE : after.updatedAt(),
                after == null ? Long.MAX_VALUE : after.rowid(), limit + 1));
        List<Row> shown = rows.subList(0, Math.min(limit, rows.size()));
        return new Page(shown.stream().map(Row::conversation).toList(),
                rows.size() > limit ? shown.get(shown.size() - 1).position() : null);
    }

    public Optional<ConversationRecord> find(String containerId, String conversationId) {
        return db.read(c -> Sql.one(c, SELECT + " WHERE i.containerId = ? AND i.imageId = ?",
                ConversationRepository::conversation, containerId, conversationId));
    }

    /** The conversation and its session, created together. */
    public void create(ConversationRecord conversation) {
        db.write(c -> {
            Sql.update(c, "INSERT INTO images(imageId, containerId, name, systemPrompt, createdAt, updatedAt, model)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?)", conversation.conversationId(), conversation.containerId(),
                    conversation.name(), conversation.systemPrompt(), conversation.createdAt(), conversation.updatedAt(),
                    conversation.model());
            return Sql.update(c, "INSERT INTO sessions(sessionId, imageId, lastSeq, createdAt, updatedAt)"
                    + " VALUES (?, ?, 0, ?, ?)", conversation.sessionId(), conversation.conversationId(), conversation.createdAt(),
                    conversation.updatedAt());
        });
    }

    public boolean rename(String containerId, String conversationId, String name, long now) {
        return db.write(c -> Sql.update(c, "UPDATE images SET name = ?, updatedAt = ? WHERE containerId = ? AND"
                + " imageId = ?", name, now, containerId, conversationId)) == 1;
    }

    public boolean changeModel(String containerId, String conversationId, String model, long now) {
        return db.write(c -> Sql.update(c, "UPDATE images SET model = ?, updatedAt = ? WHERE containerId = ? AND"
                + " imageId = ?", model, now, containerId, conversationId)) == 1;
    }

    /** Removes the conversation; its session, messages, turns and events go with it (foreign keys cascade). */
    public boolean delete(String containerId, String conversationId) {
        return db.write(c -> Sql.update(c, "DELETE FROM images WHERE containerId = ? AND imageId = ?", containerId,
                conversationId)) == 1;
    }

    private static ConversationRecord conversation(ResultSet r) throws SQLException {
        return new ConversationRecord(r.getString(1), r.getString(2), r.getString(3), r.getString(4), r.getString(5),
                r.getLong(6), r.getLong(7), r.getString(8));
    }
}
