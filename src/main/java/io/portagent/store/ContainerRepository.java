package io.portagent.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Optional;

/** The {@code containers} table of {@code agentx.db}: one private container per user. */
public final class ContainerRepository {

    private final Database db;

    public ContainerRepository(Database db) {
        this.db = db;
    }

    public void create(String containerId, String ownerId, long now) {
        db.write(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "INSERT INTO containers(containerId, ownerId, createdAt, updatedAt) VALUES (?, ?, ?, ?)")) {
                s.setString(1, containerId);
                s.setString(2, ownerId);
                s.setLong(3, now);
                s.setLong(4, now);
                return s.executeUpdate();
            }
        });
    }

    public void delete(String containerId) {
        db.write(c -> {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM containers WHERE containerId = ?")) {
                s.setString(1, containerId);
                return s.executeUpdate();
            }
        });
    }

    public boolean exists(String containerId) {
        return db.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM containers WHERE containerId = ?")) {
                s.setString(1, containerId);
                return s.executeQuery().next();
            }
        });
    }

    /** The user whose container it is; empty when there is no such container. */
    public Optional<String> ownerOf(String containerId) {
        return db.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT ownerId FROM containers WHERE containerId = ?")) {
                s.setString(1, containerId);
                try (ResultSet rows = s.executeQuery()) {
                    return rows.next() ? Optional.of(rows.getString(1)) : Optional.<String>empty();
                }
            }
        });
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
