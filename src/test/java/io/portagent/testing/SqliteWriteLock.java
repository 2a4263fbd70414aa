package io.portagent.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Another process holding a SQLite database's write lock: the real {@code sqlite3} command in a
 * {@code BEGIN IMMEDIATE} transaction, as an operator's shell or a backup script would, until
 * {@link #close()} commits.
 */
public final class SqliteWriteLock implements AutoCloseable {

    private final Process process;
    private final OutputStream input;

    private SqliteWriteLock(Process process) {
        this.process = process;
        this.input = process.getOutputStream();
    }

    /** Returns once the other process holds the lock. */
    public static SqliteWriteLock take(Path file) {
        try {
            Process process = new ProcessBuilder("sqlite3", file.toString()).redirectErrorStream(true).start();
            SqliteWriteLock lock = new SqliteWriteLock(process);
            lock.send("PRAGMA busy_timeout=20000;\nBEGIN IMMEDIATE;\nSELECT 'locked';\n");
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine(); // the pragma echoes its value first
            while (line != null && !"locked".equals(line) && line.matches("\\d+")) {
                line = out.readLine();
            }
            if (!"locked".equals(line)) {
                process.destroyForcibly();
                throw new AssertionError("sqlite3 could not take the write lock of " + file + ": " + line);
            }
            return lock;
        } catch (IOException e) {
            throw new AssertionError("the sqlite3 command is needed (apt-get install sqlite3): " + e.getMessage(), e);
        }
    }

    private void send(String sql) throws IOException {
        input.write(sql.getBytes(StandardCharsets.UTF_8));
        input.flush();
    }

    /** Commits (releasing the lock) and waits for the process to end. */
    @Override
    public void close() {
        try {
            send("COMMIT;\n.quit\n");
            input.close();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (IOException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
