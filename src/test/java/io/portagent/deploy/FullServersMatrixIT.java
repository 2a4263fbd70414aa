package io.portagent.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.portagent.testing.AppServer;
import io.portagent.testing.Await;
import io.portagent.testing.FakeAnthropic;
import io.portagent.testing.Http;
import io.portagent.testing.TestFiles;
import io.portagent.testing.WsClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The deploy matrix on the full Jakarta EE servers (profile {@code deploy-matrix}): the same thin
 * WAR as Payara's on WildFly 39 (set up with deploy/wildfly/portagent.cli) and on Open Liberty 25
 * (deploy/liberty/server.xml), both at once, each a real child process on free loopback ports
 * with its own data directory and the server's own DataSources. On each: the round trip at
 * /portagent, directly and through nginx's sub-path block, and a tool call; a restart that moves
 * the WAR to / keeps the sign-in, and the round trip runs through nginx's root block; then an
 * undeploy leaves no thread of Portagent in the server's JVM, the class loader is checked (on
 * WildFly it must go once every idle worker has ended, the pool has run a request after that, and
 * the idle HTTP/2 connection has closed; Open Liberty keeps it, and the probe WAR's likewise:
 * docs/deployment.md), and the documented uninstall runs. Open Liberty is set up,
 * started and stopped by docs/deployment.md's own commands; WildFly's uninstall is the docs' block.
 */
@EnabledIfSystemProperty(named = "portagent.matrix.dir", matches = ".+",
        disabledReason = "the deploy matrix runs with -Pdeploy-matrix (see .ci/run)")
class FullServersMatrixIT {

    // Generous: on a busy 2-core machine WildFly and Liberty each took up to 4 minutes to answer.
    private static final Duration START_DEADLINE = Duration.ofSeconds(360);
    private static final String SQLITE_JAR = "sqlite-jdbc-3.54.1.0.jar";

    /** One stand-in model per server: the two run at once, and each takes its scripts in order. */
    private static FakeAnthropic wildFlyModel;
    private static FakeAnthropic libertyModel;
    private static Path work;
    private static Path driver;

    @BeforeAll
    static void startFakeModel() throws IOException {
        wildFlyModel = FakeAnthropic.start();
        libertyModel = FakeAnthropic.start();
        work = Files.createTempDirectory(Servers.property("portagent.matrix.dir"), "full-");
        driver = work.resolve(SQLITE_JAR);
        try (var war = java.nio.file.FileSystems.newFileSystem(Servers.property("portagent.payara.war"))) {
            Files.copy(war.getPath("WEB-INF/lib/" + SQLITE_JAR), driver);
        }
    }

    @AfterAll
    static void stopFakeModel() {
        for (FakeAnthropic model : new FakeAnthropic[] {wildFlyModel, libertyModel}) {
            if (model != null) {
                model.close();
            }
        }
        if (work != null && !Boolean.getBoolean("portagent.matrix.keep")) {
            TestFiles.deleteTree(work);
        }
    }

    /** Both servers at the same time (about 1.5 GB together): each scenario runs on its own thread. */
    @Test
    void wildFlyAndOpenLiberty_thinWar_roundTripRestartAtRootUndeploy() throws Exception {
        ExecutorService both = Executors.newFixedThreadPool(2);
        long begin = System.nanoTime();
        try {
            // -Dportagent.matrix.only=WildFly (or "Open Liberty") runs one of them, while working on it.
            String only = System.getProperty("portagent.matrix.only", "");
            List<Future<?>> runs = new ArrayList<>();
            if (only.isEmpty() || only.equals("WildFly")) {
                runs.add(both.submit(() -> scenario(wildFly(), wildFlyModel)));
            }
            if (only.isEmpty() || only.equals("Open Liberty")) {
                runs.add(both.submit(() -> scenario(liberty(), libertyModel)));
            }
            assertTrue(!runs.isEmpty(), "portagent.matrix.only names no server: " + only);
            List<Throwable> failures = new ArrayList<>();
            for (Future<?> run : runs) {
                try {
                    run.get();
                } catch (ExecutionException e) {
                    failures.add(e.getCause());
                }
            }
            if (!failures.isEmpty()) {
                AssertionError all = new AssertionError(failures.size() + " server(s) failed: " + failures.get(0));
                failures.forEach(all::addSuppressed);
                throw all;
            }
        } finally {
            both.shutdownNow();
            report("WildFly and Open Liberty at once: whole run", Duration.ofNanos(System.nanoTime() - begin));
        }
    }

    /** WildFly as deploy/wildfly/portagent.cli sets it up; the settings are system properties it adds. */
    private static FullServers.Server wildFly() {
        try {
            Path dir = Files.createDirectories(work.resolve("wildfly"));
            Path data = Files.createDirectories(dir.resolve("data"));
            // Only the provider URL in the environment: the key and the data directory come from the script.
            FullServers.WildFly server = FullServers.WildFly.install(Servers.property("wildfly.home"), dir,
                    Servers.property("portagent.payara.war"), Map.of("LLM_PROVIDER_URL", wildFlyModel.baseUri().toString()));
            Path script = dir.resolve("portagent.cli");
            String shipped = Files.readString(Servers.deployDir().resolve("wildfly/portagent.cli"), StandardCharsets.UTF_8);
            String edited = shipped.replace("/tmp/" + SQLITE_JAR, driver.toString())
                    .replace("sk-ant-api03-xxxxx", AppServer.TEST_API_KEY).replace("/var/lib/portagent", data.toString());
            assertTrue(edited.contains(data + "/data/agentx.db"), "portagent.cli names the data directory");
            assertTrue(edited.contains("\nrun-batch\n"), "portagent.cli ends its batch with run-batch");
            // A request pool of known size whose idle threads end: see FullServers.WildFly.WORKERS_CLI.
            edited = edited.replace("\nrun-batch\n", "\n" + FullServers.WildFly.WORKERS_CLI + "\nrun-batch\n");
            Files.writeString(script, edited, StandardCharsets.UTF_8);
            return new Configured(server, script, data);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Open Liberty as the docs' commands set it up, with the stand-in model's URL added to server.env. */
    private static FullServers.Server liberty() {
        try {
            Path data = Files.createDirectories(work.resolve("liberty/data"));
            return FullServers.Liberty.install(Servers.property("liberty.home"), Servers.deployDir().getParent(), data,
                    Map.of("LLM_PROVIDER_URL", libertyModel.baseUri().toString()));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** WildFly with its first start followed by the CLI script and the deployment, as the docs say. */
    private record Configured(FullServers.WildFly server, Path script, Path data) implements FullServers.Server {
        @Override
        public String name() {
            return server.name();
        }

        @Override
        public int port() {
            return server.port();
        }

        @Override
        public ChildProcess start() {
            return server.start();
        }

        @Override
        public void moveToRoot() throws IOException {
            server.moveToRoot();
        }

        @Override
        public void undeploy() throws IOException {
            server.undeploy();
        }

        @Override
        public String undeployedLine() {
            return server.undeployedLine();
        }

        @Override
        public void uninstall(ChildProcess running) throws IOException {
            server.uninstall(running);
        }

        @Override
        public void checkClassLoader(ChildProcess running, Path dir) throws IOException {
            server.checkClassLoader(running, dir);
        }
    }

    private static void scenario(FullServers.Server server, FakeAnthropic fake) {
        long begin = System.nanoTime();
        List<ChildProcess> running = new ArrayList<>();
        try {
            ChildProcess first = server.start();
            running.add(first);
            URI sub = URI.create("http://127.0.0.1:" + server.port() + "/portagent/");
            if (server instanceof Configured wildFly) {
                Await.until("WildFly's management interface", START_DEADLINE,
                        () -> first.output().contains("WFLYSRV0025") || !first.isAlive());
                wildFly.server().cli(wildFly.script());
                wildFly.server().deploy("portagent.war");
            }
            Duration ready = first.awaitHealthy(sub.resolve("health"), START_DEADLINE);
            report(server.name() + ": start to /health", ready);
            RoundTrip.Session kept = RoundTrip.registerAndLogIn(sub);
            RoundTrip.full(sub, fake, server.name() + " at /portagent/");
            toolCall(sub, kept, fake);
            throughNginx(server, fake, "portagent-subpath.conf", "/portagent/");
            server.stop(first);
            assertTrue(first.output().contains("Portagent stopped; databases checkpointed and closed"),
                    () -> "SIGTERM stops Portagent cleanly\n" + first.tail());
            assertTrue(first.output().contains("(JNDI jdbc/portagent)") && first.output().contains("(JNDI jdbc/agentx)"),
                    () -> "the server's own DataSources\n" + first.tail());

            server.moveToRoot();
            ChildProcess second = server.start();
            running.add(second);
            URI root = URI.create("http://127.0.0.1:" + server.port() + "/");
            report(server.name() + ": restart at / to /health", second.awaitHealthy(root.resolve("health"), START_DEADLINE));
            Http.Reply stillSignedIn = Http.send(HttpRequest.newBuilder(root.resolve("agentx/info"))
                    .header("Authorization", "Bearer " + kept.token()).GET());
            assertEquals(200, stillSignedIn.status(), () -> "the restart kept the sign-in: " + stillSignedIn.body());
            throughNginx(server, fake, "portagent-root.conf", "/");

            server.undeploy();
            Await.until(server.name() + " undeployed", START_DEADLINE,
                    () -> second.output().contains(server.undeployedLine()));
            assertTrue(second.output().contains("Portagent stopped; databases checkpointed and closed"), second::tail);
            FullServers.assertNoThreadsLeft(second, Duration.ofSeconds(60));
            server.checkClassLoader(second, Files.createDirectories(work.resolve("probe-" + server.name().replace(' ', '-'))));
            server.uninstall(second);
            report(server.name() + ": whole scenario", Duration.ofNanos(System.nanoTime() - begin));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } finally {
            for (ChildProcess process : running) {
                process.close();
            }
        }
    }

    /** nginx with the shipped server block in front of the server: the whole round trip through it. */
    private static void throughNginx(FullServers.Server server, FakeAnthropic fake, String block, String path)
            throws IOException {
        int listen = ChildProcess.freePort();
        Path prefix = Files.createDirectories(work.resolve("nginx-" + server.name().replace(' ', '-') + "-"
                + block.replace(".conf", "")));
        Path logs = Files.createDirectories(prefix.resolve("logs"));
        try (ChildProcess nginx = Nginx.start(prefix, List.of(Nginx.serverBlock(block, listen, server.port(), "60s", logs)))) {
            URI via = URI.create("http://127.0.0.1:" + listen + path);
            nginx.awaitHealthy(via.resolve("health"), Duration.ofSeconds(20));
            RoundTrip.full(via, fake, server.name() + " behind nginx at " + path);
        }
        String access = Files.readString(logs.resolve("portagent.access.log"), StandardCharsets.UTF_8);
        assertTrue(access.contains("\"GET " + path + "ws HTTP/1.1\" 101"), () -> "the socket went through nginx:\n" + access);
    }

    /** The agent writes a file with its workspace tool: the tool's result comes back over the socket. */
    private static void toolCall(URI base, RoundTrip.Session session, FakeAnthropic fake) {
        try (WsClient ws = WsClient.connect(base, session.token())) {
            String imageId = RoundTrip.openConversation(ws, "Tool call");
            RoundTrip.toolCall(ws, fake, imageId);
        }
    }

    private static synchronized void report(String what, Duration took) {
        String line = String.format("%-45s %6.1f s%n", what, took.toMillis() / 1000.0);
        System.out.print(line);
        try {
            Files.writeString(work.getParent().resolve("timings.txt"), line, StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
