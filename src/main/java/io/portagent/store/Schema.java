package io.portagent.store;

import io.portagent.config.StartupException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.ResourceProvider;
import org.flywaydb.core.api.output.MigrateOutput;
import org.flywaydb.core.api.output.MigrateResult;
import org.flywaydb.core.api.resource.LoadableResource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A database's schema history, applied by Flyway from the SQL files in
 * {@code db/<name>/<dialect>/} (the same versions for SQLite and PostgreSQL), recorded in the
 * table {@code <name>_schema_history}. The files are named here, not found by scanning the class
 * path, so every server's way of packaging a WAR reads them alike.
 *
 * <p>SQLite files from before Flyway recorded their version in {@code PRAGMA user_version}:
 * Flyway takes that version as its baseline. SQLite's {@code user_version} keeps following the
 * schema, so the seed's sqlite3 commands and {@code diagnose} read it as before.
 */
public final class Schema {

    private static final Logger LOG = LoggerFactory.getLogger(Schema.class);

    private final String name;
    private final List<String> migrations;

    /**
     * {@code migrations}: the file names without {@code .sql}, {@code V1__...}, {@code V2__...}, in
     * order. A number may be missing while branches that were given numbers are still apart (it is
     * filled in when they meet); the numbers only ever go up.
     */
    public Schema(String name, List<String> migrations) {
        this.name = name;
        this.migrations = List.copyOf(migrations);
        int previous = 0;
        for (String migration : this.migrations) {
            int version = version(migration);
            if (version <= previous) {
                throw new IllegalArgumentException("migrations must be numbered V1__, V2__... in rising order; found "
                        + migration + " after V" + previous);
            }
            previous = version;
        }
    }

    private static int version(String migration) {
        int end = migration.indexOf("__");
        try {
            return migration.startsWith("V") && end > 1 ? Integer.parseInt(migration.substring(1, end)) : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    public String name() {
        return name;
    }

    public int latestVersion() {
        return migrations.isEmpty() ? 0 : version(migrations.get(migrations.size() - 1));
    }

    /** The table Flyway records the history in: one per schema, so both may share one PostgreSQL database. */
    public String historyTable() {
        return name + "_schema_history";
    }

    /** The class-path folder of a dialect's files. */
    String folder(Dialect dialect) {
        return "db/" + name + "/" + dialect.folder();
    }

    /** The file names of the migrations, in order (for the test that both dialects have each). */
    public List<String> files(Dialect dialect) {
        return migrations.stream().map(m -> folder(dialect) + "/" + m + ".sql").toList();
    }

    /**
     * Brings the database {@code displayName} behind {@code source} up to the latest version.
     * When Flyway's history already records the latest version there is nothing to apply, and
     * Flyway is not started at all: its set-up (plugins, configuration copies) was a tenth of a
     * start. It still runs whenever a version is missing, as on a new database.
     */
    void migrate(String displayName, DataSource source, Dialect dialect) {
        int applied;
        boolean upToDate;
        try (Connection connection = source.getConnection()) {
            Optional<Integer> recorded = historyVersion(connection);
            applied = recorded.isPresent() ? recorded.get() : dialect == Dialect.SQLITE ? userVersion(connection) : 0;
            upToDate = recorded.isPresent() && recorded.get() == latestVersion()
                    && (dialect != Dialect.SQLITE || userVersion(connection) == latestVersion());
        } catch (SQLException e) {
            throw new StoreException(displayName + ": cannot read its schema version: " + e.getMessage(), e);
        }
        if (applied > latestVersion()) {
            throw new StartupException("Database " + displayName + " has schema version " + applied
                    + ", newer than this Portagent knows (" + latestVersion() + "). Run the newer Portagent that"
                    + " wrote it, or restore a backup made by this version.");
        }
        if (upToDate) {
            return;
        }
        MigrateResult result;
        try {
            result = flyway(source, dialect, applied).migrate();
        } catch (FlywayException e) {
            throw new StartupException("Database " + displayName + ": a schema migration failed: " + e.getMessage(), e);
        }
        for (MigrateOutput migration : result.migrations) {
            LOG.info("{}: applied schema migration {} ({})", displayName, migration.version, migration.description);
        }
        if (dialect == Dialect.SQLITE) {
            try (Connection connection = source.getConnection(); Statement statement = connection.createStatement()) {
                statement.execute("PRAGMA user_version = " + latestVersion());
            } catch (SQLException e) {
                throw new StoreException(displayName + ": cannot record its schema version: " + e.getMessage(), e);
            }
        }
    }

    /**
     * The highest version Flyway's history records as applied, or empty without a history (a new
     * database; SQLite from before Flyway, whose version is then its {@code PRAGMA user_version}).
     */
    private Optional<Integer> historyVersion(Connection connection) throws SQLException {
        try (ResultSet tables = connection.getMetaData().getTables(null, null, historyTable(), null)) {
            if (!tables.next()) {
                return Optional.empty();
            }
        }
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT version FROM " + historyTable()
                     + " WHERE success = " + (connection.getMetaData().getDatabaseProductName().contains("SQLite")
                             ? "1" : "true") + " AND version IS NOT NULL")) {
            int max = 0;
            while (rows.next()) {
                try {
                    max = Math.max(max, Integer.parseInt(rows.getString(1)));
                } catch (NumberFormatException e) {
                    LOG.debug("ignoring a history row with version {}", rows.getString(1));
                }
            }
            return Optional.of(max);
        }
    }

    private Flyway flyway(DataSource source, Dialect dialect, int applied) {
        // Flyway's baseline stands for the versions applied before it kept a history: 0 on a new
        // database, the user_version of a SQLite file from before. The other schema's tables in a
        // shared PostgreSQL database make it "non-empty" to Flyway, hence baselineOnMigrate.
        return Flyway.configure(Schema.class.getClassLoader())
                .dataSource(source)
                .table(historyTable())
                .resourceProvider(new Files(dialect))
                .javaMigrationClassProvider(List::of)
                .baselineOnMigrate(true)
                .baselineVersion(String.valueOf(applied))
                .baselineDescription(applied == 0 ? "empty" : "schema before Flyway (user_version " + applied + ")")
                .cleanDisabled(true)
                .load();
    }

    /** The version each applied migration has, for tests and diagnostics. */
    public List<String> applied(DataSource source, Dialect dialect) {
        return Arrays.stream(flyway(source, dialect, 0).info().applied()).map(MigrationInfo::getVersion)
                .filter(v -> v != null).map(Object::toString).toList();
    }

    static int userVersion(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("PRAGMA user_version")) {
            return rows.next() ? rows.getInt(1) : 0;
        }
    }

    /** This schema's migration files of one dialect, read from the class path by name. */
    private final class Files implements ResourceProvider {

        private final Dialect dialect;

        Files(Dialect dialect) {
            this.dialect = dialect;
        }

        @Override
        public LoadableResource getResource(String file) {
            return migrations.stream().filter(m -> (m + ".sql").equals(file)).findFirst().map(this::resource)
                    .orElse(null);
        }

        @Override
        public Collection<LoadableResource> getResources(String prefix, String[] suffixes) {
            List<LoadableResource> found = new ArrayList<>();
            for (String migration : migrations) {
                String file = migration + ".sql";
                if (file.startsWith(prefix) && Arrays.stream(suffixes).anyMatch(file::endsWith)) {
                    found.add(resource(migration));
                }
            }
            return found;
        }

        private LoadableResource resource(String migration) {
            String path = folder(dialect) + "/" + migration + ".sql";
            return new LoadableResource() {
                @Override
                public Reader read() {
                    InputStream in = Schema.class.getClassLoader().getResourceAsStream(path);
                    if (in == null) {
                        throw new StoreException("missing migration " + path + " in the application", null);
                    }
                    return new InputStreamReader(in, StandardCharsets.UTF_8);
                }

                @Override
                public String getAbsolutePath() {
                    return path;
                }

                @Override
                public String getAbsolutePathOnDisk() {
                    return path;
                }

                @Override
                public String getFilename() {
                    return migration + ".sql";
                }

                @Override
                public String getRelativePath() {
                    return migration + ".sql";
                }
            };
        }
    }
}
