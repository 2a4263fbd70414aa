package io.portagent.store;

import java.util.List;
import java.util.Optional;

/** The {@code containers} table of {@code agentx.db}: one private container per user. */
public final class ContainerRepository {

    private final Database db;

    public ContainerRepository(Database db) {
        this.db = db;
    }

    public void create(String containerId, String ownerId, long now) {
        db.write(c -> Sql.update(c, "INSERT INTO containers(containerId, ownerId, createdAt, updatedAt) VALUES (?, ?, ?, ?)",
                containerId, ownerId, now, now));
    }

    public void delete(String containerId) {
        db.write(c -> Sql.update(c, "DELETE FROM containers WHERE containerId = ?", containerId));
    }

    public boolean exists(String containerId) {
        return db.read(c -> Sql.exists(c, "SELECT 1 FROM containers WHERE containerId = ?", containerId));
    }

    /** The user whose container it is; empty when there is no such container. */
    public Optional<String> ownerOf(String containerId) {
        return db.read(c -> Sql.one(c, "SELECT ownerId FROM containers WHERE containerId = ?", r -> r.getString(1),
                containerId));
    }

    /** How much a container holds in agentx.db. */
    public record Usage(String containerId, String ownerId, int conversations, int messages) {
    }

    /** Every container's usage. */
    public List<Usage> usage() {
        return db.read(c -> Sql.list(c, "SELECT k.containerId, k.ownerId, (SELECT count(*) FROM images i"
                + " WHERE i.containerId = k.containerId), (SELECT count(*) FROM messages m JOIN sessions s"
                + " ON s.sessionId = m.sessionId JOIN images i ON i.imageId = s.imageId"
                + " WHERE i.containerId = k.containerId) FROM containers k",
                r -> new Usage(r.getString(1), r.getString(2), r.getInt(3), r.getInt(4))));
    }

    /** The usage of one container (zeros when it does not exist). */
    public Usage usage(String containerId) {
        return db.read(c -> Sql.one(c, "SELECT (SELECT count(*) FROM images WHERE containerId = ?),"
                + " (SELECT count(*) FROM messages m JOIN sessions s ON s.sessionId = m.sessionId JOIN images i"
                + " ON i.imageId = s.imageId WHERE i.containerId = ?)",
                r -> new Usage(containerId, "", r.getInt(1), r.getInt(2)), containerId, containerId)).orElseThrow();
    }
}
