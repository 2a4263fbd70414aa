package io.portagent.launcher;

import io.portagent.config.StartupException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code backup}: a consistent copy of both databases, taken with SQLite's {@code VACUUM INTO}
 * from a read-only connection, so it works while the service runs. Files are named
 * {@code <db>-backup-<stamp>.db}; {@code <db>-backup.db} is the latest (what the troubleshooting
 * guide restores from); older stamped sets beyond {@code --keep} are deleted.
 */
final class Backup {

    static final List<String> DATABASES = List.of("portagent", "agentx");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS");

    private Backup() {
    }

    static void run(Path dataDir, Path outDir, int keep, SqliteDriver sqlite, PrintStream out)
            throws IOException, SQLException {
        Path data = dataDir.resolve("data");
        for (String db : DATABASES) {
            if (!Files.isRegularFile(data.resolve(db + ".db"))) {
                throw new StartupException("No " + db + ".db in " + data + ": is --data-dir the AGENTX_DIR of the"
                        + " service?");
            }
        }
        Files.createDirectories(outDir);
        String stamp = ZonedDateTime.now(ZoneOffset.UTC).format(STAMP);
        for (String db : DATABASES) {
            Path target = outDir.resolve(db + "-backup-" + stamp + ".db");
            try (Connection connection = sqlite.open(data.resolve(db + ".db"), true);
                 Statement statement = connection.createStatement()) {
                statement.execute("VACUUM INTO '" + target.toString().replace("'", "''") + "'");
            }
            Integrity.require(sqlite, target);
            Files.copy(target, outDir.resolve(db + "-backup.db"), StandardCopyOption.REPLACE_EXISTING);
        }
        copySecret(data.resolve("jwt.secret"), outDir.resolve("jwt-backup-" + stamp + ".secret"));
        prune(outDir, keep);
        out.println("Backed up portagent.db and agentx.db of " + dataDir + " to " + outDir + " (" + stamp + ")");
    }

    private static void copySecret(Path secret, Path target) throws IOException {
        if (Files.isRegularFile(secret)) {
            Files.copy(secret, target, StandardCopyOption.REPLACE_EXISTING);
            Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-------"));
        }
    }

    /** Keeps the newest {@code keep} stamped sets (all files of a stamp go together). */
    private static void prune(Path outDir, int keep) throws IOException {
        List<String> stamps;
        try (Stream<Path> files = Files.list(outDir)) {
            stamps = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith("portagent-backup-") && n.endsWith(".db"))
                    .map(n -> n.substring("portagent-backup-".length(), n.length() - ".db".length()))
                    .sorted(java.util.Comparator.reverseOrder()).toList();
        }
        for (String old : stamps.subList(Math.min(keep, stamps.size()), stamps.size())) {
            for (String db : DATABASES) {
                Files.deleteIfExists(outDir.resolve(db + "-backup-" + old + ".db"));
            }
            Files.deleteIfExists(outDir.resolve("jwt-backup-" + old + ".secret"));
        }
    }
}
