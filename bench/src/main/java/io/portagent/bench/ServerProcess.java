package io.portagent.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server under test: {@code java <options> -jar portagent.war} as its own process, with a
 * fresh data directory and the bench's fake model as its provider, so that its heap, RSS and CPU
 * are its own and not the bench's.
 */
final class ServerProcess implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("Portagent is listening on (http://\\S+)");

    private final Process process;
    private final Path dataDir;
    private final Path out;
    private final URI base;

    private ServerProcess(Process process, Path dataDir, Path out, URI base) {
        this.process = process;
        this.dataDir = dataDir;
        this.out = out;
        this.base = base;
    }

    /** Starts the WAR and waits until it listens (at most {@code timeout}). */
    static ServerProcess start(Path war, List<String> jvmOptions, Map<String, String> llm, Duration timeout) {
        try {
            Path dataDir = Files.createTempDirectory("portagent-bench-data");
            Path out = dataDir.resolveSibling(dataDir.getFileName() + ".out");
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(jvmOptions);
            command.addAll(List.of("-jar", war.toAbsolutePath().toString(), "--port", "0",
                    "--data-dir", dataDir.toString()));
            ProcessBuilder builder = new ProcessBuilder(command).directory(dataDir.toFile())
                    .redirectErrorStream(true).redirectOutput(out.toFile());
            Map<String, String> env = builder.environment();
            env.keySet().removeIf(key -> !key.equals("PATH") && !key.equals("HOME"));
            env.putAll(llm);
            env.put("JWT_SECRET", "bench-secret-bench-secret-bench-secret-0123");
            env.put("ENABLE_PROMPTX", "false");
            Process process = builder.start();
            return new ServerProcess(process, dataDir, out, awaitListening(process, out, timeout));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the server", e);
        }
    }

    private static URI awaitListening(Process process, Path out, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Matcher matcher = LISTENING.matcher(Files.readString(out, StandardCharsets.UTF_8));
            if (matcher.find()) {
                return URI.create(matcher.group(1));
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("the server exited with " + process.exitValue() + ":\n"
                        + Files.readString(out, StandardCharsets.UTF_8));
            }
            pause();
        }
        process.destroyForcibly();
        throw new IllegalStateException("the server did not listen within " + timeout);
    }

    private static void pause() {
        try {
            Thread.sleep(100); // polls a child's output file; there is nothing to await on
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    URI base() {
        return base;
    }

    long pid() {
        return process.pid();
    }

    /** The server's console output so far (for a failed run). */
    String output() {
        try {
            return Files.readString(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(output unreadable: " + e + ")";
        }
    }

    /** SIGTERM, a clean shutdown, and the data directory removed. */
    /** Copies the server's output to {@code file} (for a run with errors: the cause is in it). */
    void keepOutput(Path file) {
        try {
            Files.createDirectories(file.getParent());
            Files.copy(out, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            // the run's figures stand without it
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        deleteTree(dataDir);
        try {
            Files.deleteIfExists(out);
        } catch (IOException e) {
            // a leftover log file in the temp directory is harmless
        }
    }

    private static void deleteTree(Path root) {
        try (var paths = Files.walk(root)) {
            paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover temp directory is harmless
        }
    }
}
