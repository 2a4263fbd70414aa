package io.portagent.deploy;

import io.portagent.testing.Await;
import io.portagent.testing.Http;
import io.portagent.testing.Processes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A server the matrix starts as a child process (Tomcat, Payara Micro, nginx): exactly the given
 * environment (plus PATH and HOME), output to one log file, stopped with SIGTERM and, if it does
 * not go, SIGKILL, together with any process it started. {@link #close()} is idempotent, so a
 * test can stop it in a finally block or an {@code @AfterAll} whatever happened before.
 */
public record ChildProcess(String name, Process process, Path log) implements AutoCloseable {

    private static final Duration STOP_GRACE = Duration.ofSeconds(30);

    public static ChildProcess start(String name, Path workDir, Path log, Map<String, String> env, List<String> command) {
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            return new ChildProcess(name, Processes.withOnly(env, builder).start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + command, e);
        }
    }

    /** A free TCP port on the loopback interface (free now; the caller binds it soon after). */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Polls {@code health} until it answers 200 with {@code "status":"ok"}; fails with the end of
     * the log if the process exits first or the deadline passes. Returns the time it took.
     */
    Duration awaitHealthy(URI health, Duration timeout) {
        long start = System.nanoTime();
        try {
            Await.until(name + " healthy at " + health, timeout, () -> healthWhileAlive(health),
                    answer -> answer.startsWith("200 ") && answer.contains("\"status\":\"ok\""));
        } catch (AssertionError notHealthy) {
            throw new AssertionError(notHealthy.getMessage() + "\n" + tail(200), notHealthy);
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /** What {@code health} answers (status and body, or the failure), while the process runs. */
    private String healthWhileAlive(URI health) {
        if (!process.isAlive()) {
            throw new AssertionError(name + " exited with " + process.exitValue() + " before " + health + " answered");
        }
        try {
            Http.Reply reply = Http.get(health);
            return reply.status() + " " + reply.body();
        } catch (RuntimeException e) {
            return e.toString();
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    String output() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }

    String tail() {
        return tail(200);
    }

    /** The last {@code lines} lines of the output, for failure messages. */
    String tail(int lines) {
        List<String> all = output().lines().toList();
        return "---- " + name + " (" + log + ") ----\n"
                + String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    /** SIGTERM, wait, then SIGKILL the process and anything it started; returns the exit code (or -1). */
    @Override
    public void close() {
        List<ProcessHandle> children = process.descendants().toList();
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
