package io.portagent.store;

import io.portagent.config.DatabaseUrl;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * Finds the DataSource for a database: the JNDI resource {@code java:comp/env/<name>} when the
 * server defines one, otherwise a {@link SQLiteDataSource} on the default file. A
 * {@code <resource-ref>} that the server left unconfigured (Tomcat then hands out an empty
 * pool with no URL) counts as absent.
 */
public final class DataSources {

    private static final Logger LOG = LoggerFactory.getLogger(DataSources.class);
    /**
     * Connections per database and node: the runtime's store threads (8) write at the same time,
     * requests read beside them, and one connection listens for the other nodes.
     */
    static final int POOL_SIZE = 16;

    private DataSources() {
    }

    public static DataSourceChoice lookupOrCreate(String jndiName, Path defaultFile) {
        return lookup(jndiName).orElseGet(() -> onFile(defaultFile));
    }

    /**
     * A pool on the PostgreSQL database of {@code DATABASE_URL}, one per database (they may name
     * the same one). Connections are made on first use; one that cannot be made within five
     * seconds fails the request (or the start-up) with PostgreSQL's cause.
     */
    public static DataSourceChoice forUrl(DatabaseUrl url, String name) {
        com.zaxxer.hikari.HikariConfig config = new com.zaxxer.hikari.HikariConfig();
        config.setPoolName("portagent-" + name.replace(".db", ""));
        config.setDriverClassName("org.postgresql.Driver");
        config.setJdbcUrl(url.jdbcUrl());
        url.user().ifPresent(config::setUsername);
        url.password().ifPresent(config::setPassword);
        config.setMaximumPoolSize(POOL_SIZE);
        config.setMinimumIdle(2);
        config.setConnectionTimeout(5_000);
        config.setInitializationFailTimeout(-1);
        config.addDataSourceProperty("ApplicationName", "portagent");
        return new DataSourceChoice(new com.zaxxer.hikari.HikariDataSource(config), Optional.empty(),
                url + " (DATABASE_URL)", true);
    }

    public static DataSourceChoice onFile(Path file) {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        config.enforceForeignKeys(true);
        config.setBusyTimeout(5_000);
        // nothing here reads generated keys, and the driver would run a query after every INSERT for them
        config.setGetGeneratedKeys(false);
        SQLiteDataSource dataSource = new SQLiteDataSource(config);
        dataSource.setUrl("jdbc:sqlite:" + file);
        return new DataSourceChoice(dataSource, Optional.of(file), "built-in");
    }

    private static Optional<DataSourceChoice> lookup(String jndiName) {
        Object found;
        try {
            found = new InitialContext().lookup("java:comp/env/" + jndiName);
        } catch (NamingException | RuntimeException e) {
            LOG.debug("No JNDI DataSource {}: {}", jndiName, e.toString());
            return Optional.empty();
        }
        if (!(found instanceof DataSource dataSource) || unconfigured(dataSource)) {
            LOG.debug("JNDI name {} holds no configured DataSource; using the built-in one", jndiName);
            return Optional.empty();
        }
        return Optional.of(new DataSourceChoice(dataSource, fileOf(dataSource), "JNDI " + jndiName));
    }

    /** Pools that expose their URL (DBCP {@code getUrl}, others {@code getJdbcUrl}) and have none. */
    private static boolean unconfigured(DataSource dataSource) {
        for (String getter : new String[] {"getUrl", "getJdbcUrl"}) {
            try {
                Method method = dataSource.getClass().getMethod(getter);
                Object url = method.invoke(dataSource);
                return url == null || url.toString().isBlank();
            } catch (ReflectiveOperationException | RuntimeException e) {
                LOG.trace("{} has no usable {}()", dataSource.getClass().getName(), getter);
            }
        }
        return false;
    }

    private static Optional<Path> fileOf(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            String url = connection.getMetaData().getURL();
            String prefix = "jdbc:sqlite:";
            if (url == null || !url.startsWith(prefix)) {
                return Optional.empty();
            }
            String rest = url.substring(prefix.length());
            int query = rest.indexOf('?');
            String path = (query >= 0 ? rest.substring(0, query) : rest).replaceFirst("^file:", "");
            return path.isEmpty() || path.startsWith(":memory:") ? Optional.empty() : Optional.of(Path.of(path));
        } catch (SQLException | RuntimeException e) {
            LOG.debug("Could not read the file of a JNDI DataSource: {}", e.toString());
            return Optional.empty();
        }
    }
}
