package io.portagent.launcher;

import io.portagent.config.StartupException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** {@code PRAGMA integrity_check} for the launcher's commands. */
final class Integrity {

    private Integrity() {
    }

    static String check(SqliteDriver sqlite, Path file) {
        try (Connection connection = sqlite.open(file, true);
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("PRAGMA quick_check(3)")) {
            StringBuilder result = new StringBuilder();
            while (rows.next()) {
                result.append(result.length() > 0 ? "; " : "").append(rows.getString(1));
            }
            return result.toString();
        } catch (SQLException e) {
            return e.getMessage();
        }
    }

    static void require(SqliteDriver sqlite, Path file) {
        String result = check(sqlite, file);
        if (!"ok".equals(result)) {
            throw new StartupException(file + " failed its integrity check: " + result);
        }
    }
}
