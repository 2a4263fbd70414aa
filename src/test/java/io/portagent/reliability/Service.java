package io.portagent.reliability;

import io.portagent.testing.FakeAnthropic;
import io.portagent.testing.LauncherProcess;
import io.portagent.testing.TestFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The service under attack: the built WAR as a {@code java -jar} process on a free port, with its
 * own data directory and a fake Anthropic server as its model. It can be killed and started
 * again on the same directory; its log files stay readable for the checks that scan them.
 */
final class Service implements AutoCloseable {

    static final Duration START = Duration.ofSeconds(240);
    static final String API_KEY = "sk-ant-api03-reliability-suite-0123456789";
    static final String JWT_SECRET = "reliability-suite-secret-of-enough-length-0123456789";

    final FakeAnthropic model;
    final Path dataDir;
    private final Path work;
    private final Map<String, String> env;
    private LauncherProcess process;
    private URI base;
    private static Service shared;

    private Service(Map<String, String> extra, Path dataDir) {
        model = FakeAnthropic.start();
        model.keepRequests(1_000); // no part reads them, and an hour's bodies would fill the test's heap
        this.dataDir = dataDir;
        work = TestFiles.tempDir("portagent-reliability-work");
        env = new HashMap<>(Map.of("LLM_PROVIDER_KEY", API_KEY, "LLM_PROVIDER_URL", model.baseUri().toString(),
                "ENABLE_PROMPTX", "false", "JWT_SECRET", JWT_SECRET));
        env.putAll(extra);
    }

    static Service start(Map<String, String> extra) {
        return start(extra, TestFiles.tempDir("portagent-reliability"));
    }

    /** A service of its own on {@code dataDir} (a directory that is deleted when it closes). */
    static Service start(Map<String, String> extra, Path dataDir) {
        Service service = new Service(extra, dataDir);
        try {
            service.launch();
        } catch (RuntimeException | Error notStarted) {
            service.close(); // else a process that started too slowly outlives the test
            throw notStarted;
        }
        return service;
    }

    /**
     * The one service with default settings that the parts which neither kill, restart nor
     * reconfigure it share (each part with its own users and conversations), so that the suite
     * starts one {@code java -jar} for them instead of one each. Started on first use, stopped
     * when the test JVM exits (the parts are test classes of their own, which share no JUnit
     * store). Its callers must not close it.
     */
    static synchronized Service shared() {
        if (shared == null) {
            Service service = start(Map.of());
            Runtime.getRuntime().addShutdownHook(new Thread(service::close, "reliability-shared-service"));
            shared = service;
        }
        return shared;
    }

    private void launch() {
        process = LauncherProcess.start(work, env, "--port", "0", "--data-dir", dataDir.toString());
        base = process.awaitListening(START);
    }

    URI base() {
        return base;
    }

    URI uri(String path) {
        return base.resolve(path);
    }

    long pid() {
        return process.pid();
    }

    /** SIGKILL, then a start on the same data directory (and port 0 again: the base URI changes). */
    void killAndRestart() {
        process.close();
        launch();
    }

    /** Stops it (SIGTERM), then starts it on the same data directory with these settings changed. */
    void restartWith(Map<String, String> changed) {
        process.terminate(START);
        process.close();
        env.putAll(changed);
        launch();
    }

    /** Everything the service logged so far: its stdout, stderr and every file under logs/. */
    String logs() {
        StringBuilder all = new StringBuilder(process.stdout()).append(process.stderr());
        try (Stream<Path> files = Files.walk(dataDir.resolve("logs"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                all.append(Files.readString(file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return all.toString();
    }

    @Override
    public void close() {
        try {
            if (process != null) {
                process.close();
            }
        } finally {
            model.close();
            TestFiles.deleteTree(dataDir);
            TestFiles.deleteTree(work);
        }
    }
}
