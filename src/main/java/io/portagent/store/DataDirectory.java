package io.portagent.store;

import io.portagent.config.StartupException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Creates the data directory layout and proves the process can write to it. */
public final class DataDirectory {

    private DataDirectory() {
    }

    /** Creates {@code data/}, {@code containers/} and {@code logs/} under {@code root}; fails with the fix. */
    public static void prepare(Path root) {
        for (Path dir : new Path[] {root, root.resolve("data"), root.resolve("containers"), root.resolve("logs")}) {
            ensureWritable(dir, root);
        }
    }

    private static void ensureWritable(Path dir, Path root) {
        try {
            Files.createDirectories(dir);
            Path probe = Files.createTempFile(dir, ".write-check", ".tmp");
            Files.delete(probe);
        } catch (IOException | SecurityException e) {
            throw notWritable(dir, root, e);
        }
    }

    private static StartupException notWritable(Path dir, Path root, Exception cause) {
        String user = System.getProperty("user.name");
        return new StartupException("Data directory " + dir + " cannot be created or written by OS user '" + user
                + "' (" + describe(cause) + "). Fix the ownership, e.g. `sudo mkdir -p " + root + " && sudo chown -R "
                + user + " " + root + " && chmod -R u+rwX " + root + "`, or choose another directory with "
                + "AGENTX_DIR / --data-dir.", cause);
    }

    private static String describe(Exception e) {
        String type = e.getClass().getSimpleName();
        return e.getMessage() == null ? type : type + ": " + e.getMessage();
    }
}
