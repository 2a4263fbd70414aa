package io.portagent.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * Conversations ({@code images}) and their sessions in {@code agentx.db}. Every lookup is scoped
 * to a container, so an id from another user's container is simply not found.
 */
public final class ImageRepository {

    private static final String SELECT = "SELECT i.imageId, i.containerId, s.sessionId, i.name, i.systemPrompt,"
            + " i.createdAt, i.updatedAt FROM images i JOIN sessions s ON s.imageId = i.imageId";

    private final Database db;

    public ImageRepository(Database db) {
        this.db = db;
    }

    /** Most recent activity first. */
    public List<ImageRecord> list(String containerId) {
        return db.read(c -> Sql.list(c, SELECT + " WHERE i.containerId = ? ORDER BY i.updatedAt DESC, i.rowid DESC",
                ImageRepository::image, containerId));
    }

    public Optional<ImageRecord> find(String containerId, String imageId) {
        return db.read(c -> Sql.one(c, SELECT + " WHERE i.containerId = ? AND i.imageId = ?", ImageRepository::image,
                containerId, imageId));
    }

    /** The image and its session, created together. */
    public void create(ImageRecord image) {
        db.write(c -> {
            Sql.update(c, "INSERT INTO images(imageId, containerId, name, systemPrompt, createdAt, updatedAt)"
                    + " VALUES (?, ?, ?, ?, ?, ?)", image.imageId(), image.containerId(), image.name(),
                    image.systemPrompt(), image.createdAt(), image.updatedAt());
            return Sql.update(c, "INSERT INTO sessions(sessionId, imageId, lastSeq, createdAt, updatedAt)"
                    + " VALUES (?, ?, 0, ?, ?)", image.sessionId(), image.imageId(), image.createdAt(), image.updatedAt());
        });
    }

    public boolean rename(String containerId, String imageId, String name, long now) {
        return db.write(c -> Sql.update(c, "UPDATE images SET name = ?, updatedAt = ? WHERE containerId = ? AND"
                + " imageId = ?", name, now, containerId, imageId)) == 1;
    }

    /** Removes the image; its session, messages, turns and events go with it (foreign keys cascade). */
    public boolean delete(String containerId, String imageId) {
        return db.write(c -> Sql.update(c, "DELETE FROM images WHERE containerId = ? AND imageId = ?", containerId,
                imageId)) == 1;
    }

    private static ImageRecord image(ResultSet r) throws SQLException {
        return new ImageRecord(r.getString(1), r.getString(2), r.getString(3), r.getString(4), r.getString(5),
                r.getLong(6), r.getLong(7));
    }
}
