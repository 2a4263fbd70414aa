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

    private final List<String> command;
    private final Map<String, String> env;
    private final Path dataDir;
    private final Path out;
    private Process process;
    private URI base;
    private long startedNanos;
    private long startedWallMillis;
    private long listeningNanos;

    private ServerProcess(List<String> command, Map<String, String> env, Path dataDir, Path out) {
        this.command = command;
        this.env = env;
        this.dataDir = dataDir;
        this.out = out;
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
            Map<String, String> env = new java.util.HashMap<>(llm);
            // the same secret on every start: tokens stay valid across restart()
            env.put("JWT_SECRET", "bench-secret-bench-secret-bench-secret-0123");
            env.put("ENABLE_PROMPTX", "false");
            ServerProcess server = new ServerProcess(List.copyOf(command), Map.copyOf(env), dataDir, out);
            server.launch(timeout);
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the server", e);
        }
    }

    /**
     * Stops the server (SIGTERM, a clean shutdown) and starts it again on the same data
     * directory, waiting until it listens: a server just started, with the accounts and
     * conversations of before. Its port and pid change.
     */
    void restart(Duration timeout) {
        stop();
        try {
            launch(timeout);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot restart the server", e);
        }
    }

    private void launch(Duration timeout) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(dataDir.toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile()));
        Map<String, String> environment = builder.environment();
        environment.keySet().removeIf(key -> !key.equals("PATH") && !key.equals("HOME"));
        environment.putAll(env);
        int outputBefore = Files.exists(out) ? Files.readString(out, StandardCharsets.UTF_8).length() : 0;
        startedWallMillis = System.currentTimeMillis();
        startedNanos = System.nanoTime();
        process = builder.start();
        base = awaitListening(process, out, outputBefore, timeout);
        listeningNanos = System.nanoTime();
    }

    /** Waits for the listening line this start printed (after {@code from}: a restart appends to the output). */
    private static URI awaitListening(Process process, Path out, int from, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            String output = Files.readString(out, StandardCharsets.UTF_8);
            Matcher matcher = LISTENING.matcher(output.substring(Math.min(from, output.length())));
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
            Thread.sleep(20); // polls a child's output file; there is nothing to await on (startup times it)
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

    /** {@link System#nanoTime()} just before the current process was started. */
    long startedNanos() {
        return startedNanos;
    }

    /** The same moment on the wall clock (to compare with the server's log timestamps). */
    long startedWallMillis() {
        return startedWallMillis;
    }

    /** {@link System#nanoTime()} when the bench saw the "listening" line (it polls the output every 20 ms). */
    long listeningNanos() {
        return listeningNanos;
    }

    /** The server's console output so far (for a failed run). */
    String output() {
        try {
            return Files.readString(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(output unreadable: " + e + ")";
        }
    }

    /** Copies the server's output to {@code file} (for a run with errors: the cause is in it). */
    void keepOutput(Path file) {
        try {
            Files.createDirectories(file.getParent());
            Files.copy(out, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            // the run's figures stand without it
        }
    }

    /** SIGTERM, a clean shutdown, and the data directory removed. */
    @Override
    public void close() {
        stop();
        deleteTree(dataDir);
        try {
            Files.deleteIfExists(out);
        } catch (IOException e) {
            // a leftover log file in the temp directory is harmless
        }
    }

    /** SIGTERM and a wait for the clean shutdown (30 s at most, then SIGKILL). */
    private void stop() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
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
