package io.portagent.ops;

import io.portagent.config.ConfigReport;
import io.portagent.config.ConfigSource;
import io.portagent.config.Version;
import io.portagent.store.DatabaseReport;
import io.portagent.store.Schema;
import io.portagent.store.Schemas;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code diagnose}: everything the troubleshooting guide asks people to collect, in one run:
 * version, Java, OS, data directory and free disk, whether an instance runs, each database's
 * integrity, size, row counts and schema version, the logs, and the configuration with secrets
 * masked. One of the application's commands ({@code app.Commands}).
 */
public final class Diagnose {

    private static final Map<String, List<String>> TABLES = Map.of(
            "portagent", List.of("users", "revoked_tokens", "user_groups", "invites", "audit_log"),
            "agentx", List.of("containers", "images", "messages", "turns"));
    private static final Map<String, Schema> SCHEMAS = Map.of("portagent", Schemas.PORTAGENT, "agentx", Schemas.AGENTX);

    private Diagnose() {
    }

    public static void run(Path dataDir, List<ConfigSource> sources, PrintStream out) throws IOException {
        out.println("Portagent diagnostics, " + Instant.now());
        out.println("Version:    portagent " + Version.current());
        out.println("Java:       " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor")
                + ") at " + System.getProperty("java.home"));
        out.println("OS:         " + System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch") + ", user " + System.getProperty("user.name"));
        out.println("Data dir:   " + dataDir + " " + disk(dataDir));
        out.println("Instance:   " + instance(dataDir.resolve("data")));
        java.util.Optional<io.portagent.config.DatabaseUrl> shared = databaseUrl(sources);
        for (String db : List.of("portagent", "agentx")) {
            out.println(String.format("%-11s %s", db + ".db:", shared
                    .map(url -> DatabaseReport.of(url, SCHEMAS.get(db), TABLES.get(db)))
                    .orElseGet(() -> DatabaseReport.of(dataDir.resolve("data").resolve(db + ".db"), SCHEMAS.get(db),
                            TABLES.get(db)))));
        }
        out.println("Logs:       " + logs(dataDir.resolve("logs")));
        out.println("Configuration (secrets masked):");
        ConfigReport.lines(sources).forEach(out::println);
    }

    /** DATABASE_URL from the first source that sets it (an invalid one is left to the configuration report). */
    private static java.util.Optional<io.portagent.config.DatabaseUrl> databaseUrl(List<ConfigSource> sources) {
        try {
            return sources.stream().map(s -> s.get("DATABASE_URL")).flatMap(java.util.Optional::stream)
                    .filter(v -> !v.isBlank()).findFirst().map(io.portagent.config.DatabaseUrl::parse);
        } catch (IllegalArgumentException e) {
            return java.util.Optional.empty();
        }
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
