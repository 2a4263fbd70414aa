package io.portagent.launcher;

import io.portagent.config.ConfigReport;
import io.portagent.config.ConfigSource;
import io.portagent.config.Version;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code diagnose}: everything the troubleshooting guide asks people to collect, in one run:
 * version, Java, OS, data directory and free disk, whether an instance runs, each database's
 * integrity, size and row counts, the logs, and the configuration with secrets masked.
 */
final class Diagnose {

    private static final Map<String, List<String>> TABLES = Map.of(
            "portagent", List.of("users", "revoked_tokens"),
            "agentx", List.of("containers", "images", "messages", "turns"));

    private Diagnose() {
    }

    static void run(Path dataDir, List<ConfigSource> sources, SqliteDriver sqlite, PrintStream out) throws IOException {
        out.println("Portagent diagnostics, " + Instant.now());
        out.println("Version:    portagent " + Version.current());
        out.println("Java:       " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor")
                + ") at " + System.getProperty("java.home"));
        out.println("OS:         " + System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch") + ", user " + System.getProperty("user.name"));
        out.println("Data dir:   " + dataDir + " " + disk(dataDir));
        out.println("Instance:   " + instance(dataDir.resolve("data")));
        for (String db : Backup.DATABASES) {
            out.println(String.format("%-11s %s", db + ".db:", database(dataDir.resolve("data").resolve(db + ".db"),
                    TABLES.get(db), sqlite)));
        }
        out.println("Logs:       " + logs(dataDir.resolve("logs")));
        out.println("Configuration (secrets masked):");
        ConfigReport.lines(sources).forEach(out::println);
    }

    private static String disk(Path dir) {
        try {
            FileStore store = Files.getFileStore(Files.exists(dir) ? dir : dir.getRoot());
            return String.format("(%.1f GB free of %.1f GB)", store.getUsableSpace() / 1e9, store.getTotalSpace() / 1e9);
        } catch (IOException e) {
            return "(free space unknown: " + e.getMessage() + ")";
        }
    }

    private static String instance(Path data) {
        Path lockFile = data.resolve("portagent.lock");
        if (!Files.exists(lockFile)) {
            return "not running (no lock file)";
        }
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE); FileLock lock = channel.tryLock()) {
            return lock != null ? "not running" : "running: " + Files.readString(lockFile).strip();
        } catch (IOException | RuntimeException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    private static String database(Path file, List<String> tables, SqliteDriver sqlite) {
        if (!Files.isRegularFile(file)) {
            return "missing (" + file + ")";
        }
        StringBuilder text = new StringBuilder();
        try {
            text.append(String.format("%.1f KB", Files.size(file) / 1024.0));
        } catch (IOException e) {
            text.append("size unknown");
        }
        text.append(", integrity ").append(Integrity.check(sqlite, file));
        try (Connection connection = sqlite.open(file, true); Statement statement = connection.createStatement()) {
            for (String table : tables) {
                try (ResultSet rows = statement.executeQuery("SELECT count(*) FROM " + table)) {
                    text.append(", ").append(table).append(' ').append(rows.next() ? rows.getLong(1) : 0);
                }
            }
        } catch (SQLException e) {
            text.append(", counts unavailable: ").append(e.getMessage());
        }
        return text.toString();
    }

    private static String logs(Path logs) {
        Path log = logs.resolve("portagent.log");
        if (!Files.exists(log)) {
            return log + " (not written yet)";
        }
        try (Stream<Path> files = Files.list(logs)) {
            long rotated = files.filter(p -> p.getFileName().toString().startsWith("portagent.log.")).count();
            return String.format("%s (%.1f KB, %d rotated file(s))", log, Files.size(log) / 1024.0, rotated);
        } catch (IOException e) {
            return log + " (" + e.getMessage() + ")";
        }
    }
}
