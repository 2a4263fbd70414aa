package io.portagent.store;

import io.portagent.config.StartupException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A database's migrations. {@link #migrate} applies the ones newer than the file's
 * {@code user_version}, each in its own transaction together with the version bump, so a
 * crash mid-way leaves a file at a known version and the next start carries on.
 */
public final class Schema {

    private static final Logger LOG = LoggerFactory.getLogger(Schema.class);

    private final List<Migration> migrations;

    public Schema(List<Migration> migrations) {
        this.migrations = List.copyOf(migrations);
        for (int i = 0; i < this.migrations.size(); i++) {
            if (this.migrations.get(i).version() != i + 1) {
                throw new IllegalArgumentException("migrations must be numbered 1, 2, 3...; found "
                        + this.migrations.get(i).version() + " at position " + (i + 1));
            }
        }
    }

    public int latestVersion() {
        return migrations.size();
    }

    void migrate(String name, Connection connection) throws SQLException {
        int current = userVersion(connection);
        if (current > latestVersion()) {
            throw new StartupException("Database " + name + " has schema version " + current
                    + ", newer than this Portagent knows (" + latestVersion() + "). Run the newer Portagent that"
                    + " wrote it, or restore a backup made by this version.");
        }
        for (Migration migration : migrations.subList(current, migrations.size())) {
            apply(connection, migration);
            LOG.info("{}: applied schema migration {} ({})", name, migration.version(), migration.description());
        }
    }

    private static void apply(Connection connection, Migration migration) throws SQLException {
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            for (String sql : migration.statements()) {
                statement.execute(sql);
            }
            statement.execute("PRAGMA user_version = " + migration.version());
            connection.commit();
        } catch (SQLException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    static int userVersion(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("PRAGMA user_version")) {
            return rows.next() ? rows.getInt(1) : 0;
        }
    }
}
