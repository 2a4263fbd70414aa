package io.portagent.store;

import io.portagent.config.DatabaseUrl;
import io.portagent.testing.PostgresServer;
import java.nio.file.Path;

/**
 * Both databases opened on either engine, for the storage tests that run once per engine: SQLite
 * files in a test folder, or a fresh database on the test JVM's PostgreSQL cluster (both schemas
 * in one database, as {@code DATABASE_URL} has them).
 */
final class Engines implements AutoCloseable {

    final Database users;
    final Database agents;

    private Engines(Database users, Database agents) {
        this.users = users;
        this.agents = agents;
    }

    static Engines open(Dialect dialect, Path dir) {
        if (dialect == Dialect.SQLITE) {
            Database users = Database.open("portagent.db", DataSources.onFile(dir.resolve("portagent.db")),
                    Schemas.PORTAGENT);
            return new Engines(users, Database.open("agentx.db", DataSources.onFile(dir.resolve("agentx.db")),
                    Schemas.AGENTX));
        }
        DatabaseUrl url = DatabaseUrl.parse(PostgresServer.shared().newDatabase());
        Database users = Database.open("portagent.db", DataSources.forUrl(url, "portagent.db"), Schemas.PORTAGENT);
        return new Engines(users, Database.open("agentx.db", DataSources.forUrl(url, "agentx.db"), Schemas.AGENTX));
    }

    @Override
    public void close() {
        agents.close();
        users.close();
    }
}
