package io.portagent.store;

import java.util.List;

/** One step of a database's schema history: applied once, in order, recorded in {@code PRAGMA user_version}. */
public record Migration(int version, String description, List<String> statements) {

    public Migration {
        statements = List.copyOf(statements);
    }
}
