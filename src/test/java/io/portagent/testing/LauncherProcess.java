package io.portagent.testing;

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

/** {@code java -jar target/portagent.war ...} as a real child process, its output captured to files. */
public final class LauncherProcess implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("Portagent is listening on (http://\\S+)");

    private final Process process;
    private final Path stdout;
    private final Path stderr;

    private LauncherProcess(Process process, Path stdout, Path stderr) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /**
     * Starts the launcher in {@code workDir} with exactly the given environment (plus PATH and
     * HOME), so nothing from the test machine's environment leaks in.
     */
    public static LauncherProcess start(Path workDir, Map<String, String> env, String... args) {
        return start(workDir, env, List.of(), args);
    }

    /** As above, with JVM options before {@code -jar}. */
    public static LauncherProcess start(Path workDir, Map<String, String> env, List<String> jvmOptions,
            String... args) {
        try {
            List<String> command = new ArrayList<>(List.of(javaBin(), "-Xmx256m"));
            command.addAll(jvmOptions);
            command.addAll(List.of("-jar", AppServer.war().toAbsolutePath().toString()));
            command.addAll(List.of(args));
            Path out = Files.createTempFile("launcher", ".out");
            Path err = Files.createTempFile("launcher", ".err");
            ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            return new LauncherProcess(Processes.withOnly(env, builder).start(), out, err);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Waits for the process to end; its exit code. */
    public int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("launcher still running after " + timeout + "\n" + stdout() + stderr());
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Waits until the launcher says where it listens; fails with its output if it exits first. */
    public URI awaitListening(Duration timeout) {
        Matcher listening = LISTENING.matcher(Await.until("the launcher to say where it listens", timeout,
                this::stdoutWhileAlive, out -> LISTENING.matcher(out).find()));
        listening.find();
        return URI.create(listening.group(1));
    }

    /** Its output so far; once it has exited without saying where it listens, a failure with all of it. */
    private String stdoutWhileAlive() {
        boolean alive = process.isAlive();
        String out = stdout();
        if (!alive && !LISTENING.matcher(out).find()) {
            throw new AssertionError("launcher exited with " + process.exitValue() + "\n" + out + stderr());
        }
        return out;
    }

    public long pid() {
        return process.pid();
    }

    /** Sends SIGTERM and waits for a clean exit. */
    public int terminate(Duration timeout) {
        process.destroy();
        return awaitExit(timeout);
    }

    public String stdout() {
        return read(stdout);
    }

    public String stderr() {
        return read(stderr);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
        try {
            Files.deleteIfExists(stdout);
            Files.deleteIfExists(stderr);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
