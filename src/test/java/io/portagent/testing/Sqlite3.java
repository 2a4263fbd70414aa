package io.portagent.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Runs the real {@code sqlite3} command, as the operator documentation does. */
public final class Sqlite3 {

    private Sqlite3() {
    }

    /** Output of {@code sqlite3 <file> <sql>}; fails the test on a non-zero exit. */
    public static String run(Path file, String sql) {
        try {
            Process process = new ProcessBuilder("sqlite3", file.toString(), sql).redirectErrorStream(true).start();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("sqlite3 did not finish: " + sql);
            }
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (process.exitValue() != 0) {
                throw new AssertionError("sqlite3 " + file + " \"" + sql + "\" failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new AssertionError("the sqlite3 command is needed (apt-get install sqlite3): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
