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

    /** Locks the data directory (already {@link DataDirectory#prepare prepared}) and opens both databases. */
    public static Storage open(Settings settings) {
        InstanceLock lock = InstanceLock.acquire(settings.dataDir());
        Database users = null;
        try {
            users = Database.open("portagent.db",
                    DataSources.lookupOrCreate("jdbc/portagent", settings.portagentDb()), Schemas.PORTAGENT);
            Database agents = Database.open("agentx.db",
                    DataSources.lookupOrCreate("jdbc/agentx", settings.agentxDb()), Schemas.AGENTX);
            return new Storage(lock, users, agents);
        } catch (RuntimeException e) {
            if (users != null) {
                users.close();
            }
            release(lock);
            throw e;
        }
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
