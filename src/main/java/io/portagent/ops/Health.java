package io.portagent.ops;

import io.portagent.store.Database;
import io.portagent.store.Storage;
import java.nio.file.Files;
import java.util.Optional;

/** What {@code /health} checks: each database answers a query, and its file is still there. */
final class Health {

    private Health() {
    }

    static Optional<String> problem(Storage storage) {
        return problem(storage.users()).or(() -> problem(storage.agents()));
    }

    private static Optional<String> problem(Database database) {
        if (database.file().isPresent() && !Files.isRegularFile(database.file().get())) {
            return Optional.of(database.name() + " is missing: " + database.file().get());
        }
        try {
            database.read(connection -> {
                try (var statement = connection.createStatement();
                     var rows = statement.executeQuery("SELECT count(*) FROM sqlite_master")) {
                    return rows.next();
                }
            });
            return Optional.empty();
        } catch (RuntimeException e) {
            return Optional.of(database.name() + " is unusable: " + e.getMessage());
        }
    }
}
