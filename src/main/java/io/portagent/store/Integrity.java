package io.portagent.store;

import io.portagent.config.StartupException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/** The start-up integrity check and the operator messages for a database that cannot be used. */
final class Integrity {

    private Integrity() {
    }

    /** Runs {@code PRAGMA quick_check}; anything but "ok" stops start-up with the recovery steps. */
    static void check(String name, DataSourceChoice source, Connection connection) throws SQLException {
        List<String> findings = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("PRAGMA quick_check(5)")) {
            while (rows.next()) {
                findings.add(rows.getString(1));
            }
        }
        if (!findings.equals(List.of("ok"))) {
            throw corrupt(name, source, String.join("; ", findings));
        }
    }

    /** Turns an error met while opening a database into the sentence an operator needs. */
    static StartupException failure(String name, DataSourceChoice source, SQLException e) {
        if (isCorruption(e)) {
            return corrupt(name, source, e.getMessage());
        }
        return new StartupException("Cannot open database " + name + " at " + source.describe() + ": "
                + e.getMessage() + ". Check that the file and its directory are readable and writable by OS user '"
                + System.getProperty("user.name") + "'.", e);
    }

    private static boolean isCorruption(SQLException e) {
        if (e instanceof SQLiteException sqlite) {
            SQLiteErrorCode code = sqlite.getResultCode();
            if (code == SQLiteErrorCode.SQLITE_NOTADB || code == SQLiteErrorCode.SQLITE_CORRUPT) {
                return true;
            }
        }
        String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        return message.contains("not a database") || message.contains("malformed");
    }

    private static StartupException corrupt(String name, DataSourceChoice source, String detail) {
        String file = source.file().map(Object::toString).orElse(name);
        String dataDir = source.file().map(f -> f.toAbsolutePath().getParent()).map(p -> p.getParent())
                .map(Object::toString).orElse("$AGENTX_DIR");
        String salvaged = source.file()
                .map(f -> f.resolveSibling(name.replace(".db", "") + "-recovered.db").toString())
                .orElse(name.replace(".db", "") + "-recovered.db");
        return new StartupException("Database " + file + " is corrupt (" + detail + "). Stop the service, then"
                + " restore your latest backup: `java -jar portagent.war restore --data-dir " + dataDir
                + " --from /var/backups/portagent` (your backup folder); or salvage what SQLite can read with"
                + " `sqlite3 " + file + " .recover | sqlite3 " + salvaged + "` (where your sqlite3 lacks .recover,"
                + " use .dump), check it, and move it into place of " + file
                + ". See docs/troubleshooting.md (Database Corruption).");
    }
}
