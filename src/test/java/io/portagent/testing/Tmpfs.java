package io.portagent.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A small tmpfs mounted on a temporary folder, so a test can fill a real file system and free it
 * again. Mounting needs root (CI runs as root); anywhere else the test is skipped with the reason.
 * Always {@link #close()} it: that unmounts.
 */
public final class Tmpfs implements AutoCloseable {

    private static final int CHUNK = 64 * 1024;

    private final Path dir;
    private final Path filler;

    private Tmpfs(Path dir) {
        this.dir = dir;
        this.filler = dir.resolve("filler.bin");
    }

    /** Mounts a tmpfs of {@code size} (e.g. {@code "16m"}); skips the calling test when that is not permitted. */
    public static Tmpfs mount(String size) {
        Path dir = TestFiles.tempDir("portagent-tmpfs");
        String output = run("mount", "-t", "tmpfs", "-o", "size=" + size + ",mode=0755", "tmpfs", dir.toString());
        if (output != null) {
            TestFiles.deleteTree(dir);
            Assumptions.abort(notPermitted(output));
        }
        return new Tmpfs(dir);
    }

    /**
     * For a test with more to do than fill a disk: the tmpfs, or null with {@code why} told the
     * reason when it cannot be mounted (not root).
     */
    public static Tmpfs mountOrNull(String size, java.util.function.Consumer<String> why) {
        Path dir = TestFiles.tempDir("portagent-tmpfs");
        String output = run("mount", "-t", "tmpfs", "-o", "size=" + size + ",mode=0755", "tmpfs", dir.toString());
        if (output != null) {
            TestFiles.deleteTree(dir);
            why.accept(notPermitted(output));
            return null;
        }
        return new Tmpfs(dir);
    }

    private static String notPermitted(String output) {
        return "Skipped: this test fills a real file system, a tmpfs it mounts, which needs root"
                + " (CI runs as root). `mount` said: " + output;
    }

    public Path dir() {
        return dir;
    }

    /** Writes a filler file until the file system refuses more: the next write that needs space fails. */
    public void fill() {
        try (OutputStream out = Files.newOutputStream(filler)) {
            byte[] chunk = new byte[CHUNK];
            while (true) {
                out.write(chunk);
            }
        } catch (IOException full) {
            if (!full.getMessage().contains("No space left")) {
                throw new UncheckedIOException("filling " + dir + " failed otherwise", full);
            }
        }
    }

    /**
     * Appends to the filler file until the file system refuses more: takes again whatever was
     * freed since {@link #fill()} (a file truncated, say), so the disk stays full.
     */
    public void topUp() {
        try (OutputStream out = Files.newOutputStream(filler, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND)) {
            byte[] chunk = new byte[4096];
            while (true) {
                out.write(chunk);
            }
        } catch (IOException full) {
            if (full.getMessage() == null || !full.getMessage().contains("No space left")) {
                throw new UncheckedIOException("filling " + dir + " failed otherwise", full);
            }
        }
    }

    /** Deletes the filler file: the space is back. */
    public void free() {
        try {
            Files.deleteIfExists(filler);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Bytes still free. */
    public long usable() {
        try {
            return Files.getFileStore(dir).getUsableSpace();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        String output = run("umount", dir.toString());
        if (output != null) {
            output = run("umount", "-l", dir.toString()); // something still holds a file: detach it anyway
        }
        if (output != null) {
            throw new IllegalStateException("could not unmount " + dir + ": " + output);
        }
        TestFiles.deleteTree(dir);
    }

    /** Runs a command; null when it succeeded, else what it printed. */
    private static String run(String... command) {
        try {
            Process process = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return String.join(" ", command) + " did not finish";
            }
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return process.exitValue() == 0 ? null : out;
        } catch (IOException e) {
            return e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }
}
