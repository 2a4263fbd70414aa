package io.portagent.store;

import io.portagent.config.Settings;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything on disk that the service owns while it runs: the instance lock and both databases.
 * Opened in that order at start-up and closed in reverse at shutdown.
 */
public final class Storage implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Storage.class);

    private final InstanceLock lock;
    private final Database users;
    private final Database agents;

    private Storage(InstanceLock lock, Database users, Database agents) {
        this.lock = lock;
        this.users = users;
        this.agents = agents;
    }

    /**
     * Locks the data directory (already {@link DataDirectory#prepare prepared}) and opens both
     * databases: {@code DATABASE_URL}'s PostgreSQL when set, else the server's JNDI DataSources
     * when it defines them, else the SQLite files in the data directory. On PostgreSQL the lock
     * guards only what is local to this node (its logs): other nodes share the databases.
     */
    public static Storage open(Settings settings) {
        InstanceLock lock = InstanceLock.acquire(settings.dataDir());
        Database users = null;
        try {
            users = Database.open("portagent.db", choose(settings, "jdbc/portagent", settings.portagentDb()),
                    Schemas.PORTAGENT);
            Database agents = Database.open("agentx.db", choose(settings, "jdbc/agentx", settings.agentxDb()),
                    Schemas.AGENTX);
            return new Storage(lock, users, agents);
        } catch (RuntimeException e) {
            if (users != null) {
                users.close();
            }
            release(lock);
            throw e;
        }
    }

    private static DataSourceChoice choose(Settings settings, String jndiName, java.nio.file.Path file) {
        return settings.databaseUrl().map(url -> DataSources.forUrl(url, file.getFileName().toString()))
                .orElseGet(() -> DataSources.lookupOrCreate(jndiName, file));
    }

    /** Whether the databases are shared with other nodes (PostgreSQL), so that what one node keeps in memory is not enough. */
    public boolean shared() {
        return agents.dialect() == Dialect.POSTGRESQL;
    }

    /** {@code portagent.db}: users and authentication. */
    public Database users() {
        return users;
    }

    /** {@code agentx.db}: containers, conversations and their messages. */
    public Database agents() {
        return agents;
    }

    @Override
    public void close() {
        agents.close();
        users.close();
        release(lock);
    }

    private static void release(InstanceLock lock) {
        try {
            lock.close();
        } catch (IOException e) {
            LOG.warn("Releasing the data directory lock failed: {}", e.getMessage());
        }
    }
}
