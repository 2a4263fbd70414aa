package io.portagent.ops;

import io.portagent.store.Database;
import io.portagent.store.Storage;
import java.util.Optional;

/** What {@code /health} checks: each database answers a query, its file is still there, writes succeed. */
public final class Health {

    private Health() {
    }

    /** Whether the database answers a query and its file is there (the {@code portagent_db_up} gauge). */
    public static boolean isHealthy(Database database) {
        return problem(database).isEmpty();
    }

    static Optional<String> problem(Storage storage) {
        return problem(storage.users()).or(() -> problem(storage.agents()));
    }

    /**
     * Why writes fail right now although reads work (a full disk). Not a 503: logins, history and
     * running answers still work, and a restart an orchestrator might make would free no space.
     */
    static Optional<String> warning(Storage storage) {
        return storage.users().writeProblem().or(() -> storage.agents().writeProblem());
    }

    private static Optional<String> problem(Database database) {
        return database.problem();
    }
}
