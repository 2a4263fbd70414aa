package io.portagent.store;

import java.sql.PreparedStatement;

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
}
