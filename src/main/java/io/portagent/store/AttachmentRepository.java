package io.portagent.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** The {@code attachments} of a session: uploaded, then bound to the user message that sends them. */
public final class AttachmentRepository {

    private static final String SELECT = "SELECT attachmentId, sessionId, messageId, name, mediaType, size, createdAt"
            + " FROM attachments";

    private final Database db;

    public AttachmentRepository(Database db) {
        this.db = db;
    }

    public void insert(AttachmentRecord a) {
        db.write(c -> Sql.update(c, "INSERT INTO attachments(attachmentId, sessionId, messageId, name, mediaType,"
                + " size, createdAt) VALUES (?, ?, ?, ?, ?, ?, ?)", a.attachmentId(), a.sessionId(), a.messageId(),
                a.name(), a.mediaType(), a.size(), a.createdAt()));
    }

    public Optional<AttachmentRecord> find(String sessionId, String attachmentId) {
        return db.read(c -> Sql.one(c, SELECT + " WHERE sessionId = ? AND attachmentId = ?",
                AttachmentRepository::attachment, sessionId, attachmentId));
    }

    /** Every attachment of the session that was sent with a message, each message's in the order it sent them. */
    public List<AttachmentRecord> sent(String sessionId) {
        return db.read(c -> Sql.list(c, SELECT + " WHERE sessionId = ? AND messageId IS NOT NULL"
                + " ORDER BY messageId, position", AttachmentRepository::attachment, sessionId));
    }

    /**
     * Binds unsent attachments of the session to a message, all or none: false (nothing changed)
     * when one of them is missing, of another session, or already sent.
     */
    public boolean bind(String sessionId, List<String> attachmentIds, String messageId) {
        try {
            return db.write(c -> {
                int position = 0;
                for (String id : attachmentIds) {
                    if (Sql.update(c, "UPDATE attachments SET messageId = ?, position = ? WHERE sessionId = ?"
                            + " AND messageId IS NULL AND attachmentId = ?", messageId, position++, sessionId, id) != 1) {
                        throw new NotAllBound(); // undoes this write's updates, and only them
                    }
                }
                return true;
            });
        } catch (NotAllBound e) {
            return false;
        }
    }

    /**
     * Thrown out of a write to undo it: a write never rolls back its connection itself, which on
     * SQLite may hold other writes of the same transaction.
     */
    private static final class NotAllBound extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NotAllBound() {
            super(null, null, false, false);
        }
    }

    /** Frees a message's attachments again, when the message could not be stored. */
    public void unbind(String messageId) {
        db.write(c -> Sql.update(c, "UPDATE attachments SET messageId = NULL WHERE messageId = ?", messageId));
    }

    private static AttachmentRecord attachment(ResultSet r) throws SQLException {
        return new AttachmentRecord(r.getString(1), r.getString(2), r.getString(3), r.getString(4), r.getString(5),
                r.getLong(6), r.getLong(7));
    }
}
