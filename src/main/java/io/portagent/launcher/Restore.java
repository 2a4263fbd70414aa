package io.portagent.launcher;

import io.portagent.config.StartupException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * {@code restore}: puts a backup back, with the service stopped (the data directory's lock must
 * be free). Both backup files are checked first; the current files are kept beside, renamed
 * {@code <db>.db.before-restore-<time>}, never deleted.
 */
final class Restore {

    private Restore() {
    }

    static void run(Path dataDir, Path from, String stamp, SqliteDriver sqlite, PrintStream out) throws IOException {
        Path data = Files.createDirectories(dataDir.resolve("data"));
        String suffix = stamp == null ? "" : "-" + stamp;
        for (String db : Backup.DATABASES) {
            Path backup = from.resolve(db + "-backup" + suffix + ".db");
            if (!Files.isRegularFile(backup)) {
                throw new StartupException("No backup " + backup + " to restore from.");
            }
            Integrity.require(sqlite, backup);
        }
        try (FileChannel channel = FileChannel.open(data.resolve("portagent.lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock lock = tryLock(channel)) {
            if (lock == null) {
                throw new StartupException("Portagent is running on " + dataDir + " (see " + data.resolve("portagent.lock")
                        + "). Stop it first: restore replaces its database files.");
            }
            String aside = ".before-restore-" + Instant.now().toEpochMilli();
            for (String db : Backup.DATABASES) {
                for (String ext : new String[] {".db", ".db-wal", ".db-shm"}) {
                    Path current = data.resolve(db + ext);
                    if (Files.exists(current)) {
                        Files.move(current, data.resolve(db + ext + aside));
                    }
                }
                Files.copy(from.resolve(db + "-backup" + suffix + ".db"), data.resolve(db + ".db"),
                        StandardCopyOption.REPLACE_EXISTING);
            }
            out.println("Restored portagent.db and agentx.db of " + dataDir + " from " + from
                    + "; the previous files are kept as *" + aside);
        }
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (java.nio.channels.OverlappingFileLockException e) {
            return null;
        }
    }
}
