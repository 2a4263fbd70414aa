package io.portagent.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code java <options> -jar portagent.war class-archive FILE}: writes a class data sharing
 * archive of a start (JDK 17's {@code -XX:ArchiveClassesAtExit}), which the service then maps
 * with {@code -XX:SharedArchiveFile=FILE} instead of reading, parsing and verifying the same
 * ~10,000 classes at every start.
 *
 * <p>It runs the WAR once more, as a child JVM with the same JVM options, on a throwaway data
 * directory and a free loopback port, with a placeholder API key pointing at a closed port and
 * none of the caller's settings (no database URL, no MCP servers: nothing outside is touched);
 * it waits for the server to listen, requests a few pages, stops it, and moves the archive into
 * place. The JVM uses an archive only with the same JDK and the same WAR file (path, size and
 * time): after replacing either it prints one warning and starts as without it; a missing file
 * is ignored silently.
 */
final class ClassArchive {

    static final String NAME = "class-archive";
    private static final Duration START = Duration.ofMinutes(3);
    private static final Pattern LISTENING = Pattern.compile("Portagent is listening on (http://\\S+)");
    /** JVM options that name an archive: the child makes a new one, it must not map the old. */
    private static final Pattern ARCHIVE_OPTION = Pattern.compile(
            "-XX:(SharedArchiveFile|ArchiveClassesAtExit|SharedClassListFile)=.*|-Xshare:.*|-XX:[+-]AutoCreateSharedArchive");

    private ClassArchive() {
    }

    static String usage() {
        return """
                  java <JVM options> -jar portagent.war class-archive FILE
                      a start's classes in FILE; then add -XX:SharedArchiveFile=FILE to the same JVM options
                      (about a fifth off each start; make it again after replacing the WAR or the JDK)
                """;
    }

    static int run(List<String> args, Path war, PrintStream out, PrintStream err) {
        if (args.size() != 1 || args.get(0).startsWith("-")) {
            err.println("Error: class-archive takes one argument, the archive file to write, e.g."
                    + " /var/lib/portagent/portagent.jsa.\n" + usage());
            return Main.USAGE;
        }
        Path archive = Path.of(args.get(0)).toAbsolutePath();
        Path work = null;
        try {
            Files.createDirectories(archive.getParent());
            work = Files.createTempDirectory("portagent-class-archive");
            Path written = archive.resolveSibling(archive.getFileName() + ".new");
            Files.deleteIfExists(written);
            String log = trialStart(war, written, work);
            if (!Files.isRegularFile(written)) {
                err.println("Error: the trial start wrote no archive. Its output:\n" + log);
                return Main.STARTUP_FAILED;
            }
            Files.move(written, archive, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            out.println("Wrote " + archive + " (" + Files.size(archive) / (1024 * 1024) + " MB). Start Portagent with"
                    + " the same JVM options plus -XX:SharedArchiveFile=" + archive + ".");
            return 0;
        } catch (IOException | RuntimeException e) {
            err.println("Error: class-archive failed: " + e.getMessage());
            return Main.STARTUP_FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("Error: class-archive was interrupted");
            return Main.STARTUP_FAILED;
        } finally {
            if (work != null) {
                TempFiles.deleteTree(work);
            }
        }
    }

    /** Starts the WAR with {@code -XX:ArchiveClassesAtExit=archive}, requests a few pages, stops it; returns its output. */
    private static String trialStart(Path war, Path archive, Path work) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String option : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!ARCHIVE_OPTION.matcher(option).matches()) {
                command.add(option);
            }
        }
        command.add("-XX:ArchiveClassesAtExit=" + archive);
        command.add("-Xlog:cds=off"); // the classes it cannot archive (a few hundred) are no news
        command.addAll(List.of("-jar", war.toString(), "--port", "0", "--data-dir", work.resolve("data").toString()));
        Path output = work.resolve("output.log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(key -> !List.of("PATH", "HOME", UnpackedWar.CACHE_HOME, "TMPDIR").contains(key));
        env.put("LLM_PROVIDER_KEY", "class-archive-placeholder");
        env.put("LLM_PROVIDER_URL", "http://127.0.0.1:" + closedPort());
        env.put("ENABLE_PROMPTX", "false");
        Process server = builder.start();
        try {
            URI base = awaitListening(server, output);
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            for (String page : List.of("health", "", "api/auth/config", "api/conversations")) {
                http.send(HttpRequest.newBuilder(base.resolve(page)).timeout(Duration.ofSeconds(30)).build(),
                        HttpResponse.BodyHandlers.discarding());
            }
            server.destroy(); // SIGTERM: a clean shutdown, at whose end the JVM writes the archive
            if (!server.waitFor(2, TimeUnit.MINUTES)) {
                throw new IOException("the trial start did not stop within 2 minutes");
            }
            return Files.readString(output, StandardCharsets.UTF_8);
        } finally {
            server.destroyForcibly();
        }
    }

    private static URI awaitListening(Process server, Path output) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + START.toNanos();
        while (System.nanoTime() < deadline) {
            String text = Files.readString(output, StandardCharsets.UTF_8);
            Matcher matcher = LISTENING.matcher(text);
            if (matcher.find()) {
                return URI.create(matcher.group(1));
            }
            if (!server.isAlive()) {
                throw new IOException("the trial start exited with " + server.exitValue() + ":\n" + text);
            }
            Thread.sleep(50); // a child's output file: nothing to wait on
        }
        throw new IOException("the trial start did not listen within " + START.toMinutes() + " minutes");
    }

    /** A loopback port nobody listens on (bound, then released): the placeholder provider's key check fails at once. */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
