package io.portagent.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.portagent.testing.AppServer;
import io.portagent.testing.FakeAnthropic;
import io.portagent.testing.Http;
import io.portagent.testing.TestFiles;
import io.portagent.testing.WsClient;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The deploy matrix (profile {@code deploy-matrix}): the built WARs on standalone Tomcat 10.1.59
 * and 11.0.24 and on Payara Micro 6.2025.10, each a real child process on a free loopback port
 * with its own data directory, answering through the fake model; then Debian's nginx in front of
 * Tomcat 11 with the server blocks of deploy/nginx, at / and at /portagent/, including a
 * WebSocket left idle for 90 s under nginx's default 60 s proxy_read_timeout. Every process a
 * test starts is stopped in {@link #stopEverything()}, whatever happened.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@EnabledIfSystemProperty(named = "portagent.matrix.dir", matches = ".+",
        disabledReason = "the deploy matrix runs with -Pdeploy-matrix (see .ci/run)")
class DeployMatrixIT {

    private static final Duration START_DEADLINE = Duration.ofSeconds(150);
    /** Longer than nginx's default proxy_read_timeout (60 s): only the server's pings keep the socket open. */
    private static final Duration IDLE = Duration.ofSeconds(90);

    private static FakeAnthropic fake;
    private static Path work;
    private final List<ChildProcess> started = new ArrayList<>();

    @BeforeAll
    static void startFakeModel() throws IOException {
        fake = FakeAnthropic.start();
        Path target = Servers.property("portagent.matrix.dir");
        work = Files.createTempDirectory(target, "run-");
        Files.writeString(target.resolve("timings.txt"), "time to /health, and of the nginx part:\n", StandardCharsets.UTF_8);
    }

    @AfterAll
    static void stopFakeModel() {
        if (fake != null) {
            fake.close();
        }
    }

    @AfterEach
    void stopEverything() {
        // Reverse order: the proxy before the server behind it.
        for (int i = started.size() - 1; i >= 0; i--) {
            ChildProcess process = started.get(i);
            process.close();
            assertFalse(process.isAlive(), process.name() + " is still running");
        }
        started.clear();
    }

    private ChildProcess track(ChildProcess process) {
        started.add(process);
        return process;
    }

    private static Map<String, String> appEnvironment(Path dataDir) {
        return Map.of("AGENTX_DIR", dataDir.toString(), "LLM_PROVIDER_KEY", AppServer.TEST_API_KEY,
                "LLM_PROVIDER_URL", fake.baseUri().toString());
    }

    /** Tomcat 10.1: the WAR dropped into webapps/, settings from the environment through deploy/tomcat/setenv.sh. */
    @Test
    @org.junit.jupiter.api.Order(1)
    void tomcat10_1_fatWarWithSettingsFromTheEnvironment() throws IOException {
        Servers.Tomcat server = Servers.tomcat("tomcat10.home", work.resolve("tomcat10"));
        Files.copy(Servers.deployDir().resolve("tomcat/setenv.sh"), server.base().resolve("bin/setenv.sh"));
        Files.copy(Servers.property("portagent.war"), server.base().resolve("webapps/portagent.war"));
        Path data = Files.createDirectories(work.resolve("tomcat10-data"));

        ChildProcess tomcat = track(Servers.startTomcat("Tomcat 10.1", server, appEnvironment(data)));
        URI app = URI.create("http://127.0.0.1:" + server.port() + "/portagent/");
        Duration ready = tomcat.awaitHealthy(app.resolve("health"), START_DEADLINE);
        assertTrue(tomcat.output().contains("Apache Tomcat/10.1.59"), tomcat::tail);
        RoundTrip.full(app, fake, "Tomcat 10.1");
        assertTrue(Files.exists(data.resolve("data/agentx.db")), "the data directory came from the environment");
        report("Tomcat 10.1.59", ready);
        tomcat.close();
        assertTrue(tomcat.output().contains("Portagent stopped; databases checkpointed and closed"),
                () -> "SIGTERM stops Portagent cleanly\n" + tomcat.tail());
    }

    /**
     * Payara Micro: the thin WAR, settings from the environment, the listener on the loopback
     * interface through deploy/payara/pre-boot-commands.asadmin.
     */
    @Test
    @org.junit.jupiter.api.Order(2)
    void payaraMicro6_thinWar() throws IOException {
        Path jar = Servers.property("payara.micro.jar");
        Path war = Servers.property("portagent.payara.war");
        int port = ChildProcess.freePort();
        Path root = Files.createDirectories(work.resolve("payara"));
        Path data = Files.createDirectories(work.resolve("payara-data"));

        ChildProcess payara = track(Servers.startPayaraMicro(jar, war, root, port, appEnvironment(data)));
        URI app = URI.create("http://127.0.0.1:" + port + "/portagent/");
        Duration ready = payara.awaitHealthy(app.resolve("health"), START_DEADLINE);
        assertTrue(payara.output().contains("started on Payara Micro"), payara::tail);
        assertTrue(payara.output().contains("127.0.0.1:" + port), () -> "pre-boot commands: listener on 127.0.0.1\n"
                + payara.tail());
        RoundTrip.full(app, fake, "Payara Micro");
        assertTrue(Files.exists(data.resolve("data/agentx.db")), "the data directory came from the environment");
        report("Payara Micro 6.2025.10", ready);
    }

    /**
     * Tomcat 11 with the operator's context files (deploy/tomcat/context.xml as ROOT.xml and
     * portagent.xml: settings and both databases in JNDI), each context with its own data
     * directory; round trips direct, then through nginx at / and at /portagent/, and a socket
     * through each left idle for 90 s behind a 60 s proxy_read_timeout.
     */
    @Test
    @org.junit.jupiter.api.Order(3)
    void tomcat11_contextFiles_thenNginxAtRootAndSubPath() throws IOException {
        Servers.Tomcat server = Servers.tomcat("tomcat11.home", work.resolve("tomcat11"));
        int port = server.port();
        Path rootData = Files.createDirectories(work.resolve("tomcat11-root-data"));
        Path subData = Files.createDirectories(work.resolve("tomcat11-portagent-data"));
        Path controlData = Files.createDirectories(work.resolve("tomcat11-control-data"));
        installWithContextFile(server.base(), "ROOT", rootData, Map.of());
        installWithContextFile(server.base(), "portagent", subData, Map.of());
        // The control: the same app with its pings 10 minutes apart, to show nginx does cut idle sockets.
        installWithContextFile(server.base(), "control", controlData, Map.of("WS_PING_INTERVAL", "600"));

        // No settings in the environment: everything comes from the context files.
        ChildProcess tomcat = track(Servers.startTomcat("Tomcat 11", server, Map.of()));
        URI root = URI.create("http://127.0.0.1:" + port + "/");
        URI sub = URI.create("http://127.0.0.1:" + port + "/portagent/");
        Duration ready = tomcat.awaitHealthy(root.resolve("health"), START_DEADLINE);
        tomcat.awaitHealthy(sub.resolve("health"), START_DEADLINE);
        tomcat.awaitHealthy(root.resolve("control/health"), START_DEADLINE);
        assertTrue(tomcat.output().contains("Apache Tomcat/11.0.24"), tomcat::tail);
        RoundTrip.full(root, fake, "Tomcat 11 at /");
        RoundTrip.full(sub, fake, "Tomcat 11 at /portagent/");
        assertTrue(Files.exists(rootData.resolve("data/agentx.db")) && Files.exists(subData.resolve("data/agentx.db")),
                "each context used the database its context file names");
        report("Tomcat 11.0.24 (two contexts)", ready);

        int rootProxy = ChildProcess.freePort();
        int subProxy = ChildProcess.freePort();
        int guideProxy = ChildProcess.freePort();
        long nginxStart = System.nanoTime();
        Path prefix = Files.createDirectories(work.resolve("nginx"));
        Path logs = Files.createDirectories(prefix.resolve("logs"));
        ChildProcess nginx = track(Nginx.start(prefix, List.of(
                Nginx.serverBlock("portagent-root.conf", rootProxy, port, "60s", logs),
                Nginx.serverBlock("portagent-subpath.conf", subProxy, port, "60s", logs),
                operatorGuideBlock(guideProxy, port))));
        URI viaRoot = URI.create("http://127.0.0.1:" + rootProxy + "/");
        URI viaSub = URI.create("http://127.0.0.1:" + subProxy + "/portagent/");
        nginx.awaitHealthy(viaRoot.resolve("health"), Duration.ofSeconds(20));
        nginx.awaitHealthy(viaSub.resolve("health"), Duration.ofSeconds(20));

        // Open the idle sockets first; the other checks run while they wait.
        RoundTrip.Session rootUser = RoundTrip.registerAndLogIn(viaRoot);
        RoundTrip.Session subUser = RoundTrip.registerAndLogIn(viaSub);
        URI viaRootControl = viaRoot.resolve("control/");
        RoundTrip.Session controlUser = RoundTrip.registerAndLogIn(viaRootControl);
        try (WsClient idleRoot = WsClient.connect(viaRoot, rootUser.token());
             WsClient idleSub = WsClient.connect(viaSub, subUser.token());
             WsClient idleControl = WsClient.connect(viaRootControl, controlUser.token())) {
            String rootImage = RoundTrip.openConversation(idleRoot, "Idle at /");
            String subImage = RoundTrip.openConversation(idleSub, "Idle at /portagent/");
            RoundTrip.openConversation(idleControl, "Idle without pings");
            long idleSince = System.nanoTime();

            RoundTrip.full(viaRoot, fake, "nginx at /");
            RoundTrip.full(viaSub, fake, "nginx at /portagent/");
            checkProxyHeaders(viaRoot);
            checkProxyHeaders(viaSub);
            browserSocket(viaRoot, rootUser, "http://127.0.0.1:" + rootProxy, "shipped block at /");
            browserSocket(viaSub, subUser, "http://127.0.0.1:" + subProxy, "shipped block at /portagent/");
            URI viaGuide = URI.create("http://127.0.0.1:" + guideProxy + "/");
            browserSocket(viaGuide, RoundTrip.registerAndLogIn(viaGuide), "http://127.0.0.1:" + guideProxy,
                    "the operator guide's minimal block");
            Http.Reply outside = Http.get(URI.create("http://127.0.0.1:" + subProxy + "/health"));
            assertFalse(outside.status() == 200 && outside.body().contains("\"status\":\"ok\""),
                    "the sub-path block passes only /portagent/ to Portagent");
            Http.Reply bare = Http.send(java.net.http.HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + subProxy + "/portagent")).GET());
            assertEquals(301, bare.status(), "/portagent redirects to /portagent/");

            long left = IDLE.toNanos() - (System.nanoTime() - idleSince);
            if (left > 0) {
                ChildProcess.sleep(Duration.ofNanos(left));
            }
            assertTrue(idleControl.isClosed(), "control: without pings nginx closes an idle socket after 60 s,"
                    + " so the sockets below stayed open because of the server's pings");
            assertFalse(idleRoot.isClosed(), () -> "idle socket at / was closed: " + idleRoot.closeReason());
            assertFalse(idleSub.isClosed(), () -> "idle socket at /portagent/ was closed: " + idleSub.closeReason());
            RoundTrip.chat(idleRoot, fake, rootImage, "Still there at /?", "Yes, ", "after 90 s.");
            RoundTrip.chat(idleSub, fake, subImage, "Still there at /portagent/?", "Yes, ", "after 90 s too.");
        }
        report("nginx at / and /portagent/ (incl. 90 s idle)", Duration.ofNanos(System.nanoTime() - nginxStart));
        String accessLog = Files.readString(logs.resolve("portagent.access.log"), StandardCharsets.UTF_8);
        assertTrue(accessLog.contains("\"GET /portagent/ws HTTP/1.1\" 101")
                && accessLog.contains("\"GET /ws HTTP/1.1\" 101"), "the sockets went through nginx:\n" + accessLog);
        assertFalse(accessLog.contains("token="), "the access log format of deploy/nginx leaves the token out");
        String errorLog = Files.readString(work.resolve("nginx/logs/error.log"), StandardCharsets.UTF_8);
        assertTrue(errorLog.lines().anyMatch(l -> l.contains("upstream timed out") && l.contains("/control/ws")),
                "nginx itself cut the control socket for its read timeout");
        nginx.close();
        tomcat.close();
        assertEquals(3, tomcat.output().split("Portagent stopped; databases checkpointed and closed", -1).length - 1,
                () -> "SIGTERM stops all three contexts cleanly\n" + tomcat.tail());
    }

    /**
     * The location block of the operator guide's "Cannot Establish WebSocket Connection", as
     * written there: no Host, no forwarded headers.
     */
    private static String operatorGuideBlock(int listenPort, int upstreamPort) {
        return "server {\n    listen 127.0.0.1:" + listenPort + ";\n    location / {\n"
                + "        proxy_pass http://localhost:" + upstreamPort + ";\n"
                + "        proxy_http_version 1.1;\n"
                + "        proxy_set_header Upgrade $http_upgrade;\n"
                + "        proxy_set_header Connection \"upgrade\";\n    }\n}\n";
    }

    /** A socket opened as a browser on the proxy's own page would open it (with its Origin), and a chat over it. */
    private static void browserSocket(URI base, RoundTrip.Session user, String origin, String where) {
        try (WsClient browser = WsClient.open(WsClient.wsUri(base, user.token()), null, origin)) {
            String imageId = RoundTrip.openConversation(browser, "Browser via " + where);
            RoundTrip.chat(browser, fake, imageId, "Hello via " + where + "?", "Hello ", "from behind nginx.");
        }
    }

    /** The security headers of the shipped server blocks, and the app's answer passed through. */
    private static void checkProxyHeaders(URI base) {
        Http.Reply health = Http.get(base.resolve("health"));
        assertEquals(200, health.status());
        assertEquals("nosniff", health.header("X-Content-Type-Options"));
        assertNotNull(health.header("X-Frame-Options"));
        assertNotNull(health.header("Referrer-Policy"));
        assertNotNull(health.header("Content-Security-Policy"));
        assertFalse(String.valueOf(health.header("Server")).matches(".*\\d.*"), "server_tokens off");
    }

    /**
     * Puts the WAR into webapps/{name}.war and deploy/tomcat/context.xml into
     * conf/Catalina/localhost/{name}.xml with the data directory, key and provider URL of the test.
     */
    private static void installWithContextFile(Path base, String name, Path dataDir, Map<String, String> extra)
            throws IOException {
        Files.copy(Servers.property("portagent.war"), base.resolve("webapps/" + name + ".war"),
                StandardCopyOption.REPLACE_EXISTING);
        String shipped = Files.readString(Servers.deployDir().resolve("tomcat/context.xml"), StandardCharsets.UTF_8);
        String context = shipped.replace("sk-ant-api03-xxxxx", AppServer.TEST_API_KEY)
                .replace("/var/lib/portagent", dataDir.toString())
                .replace("</Context>", "  <Environment name=\"portagent/LLM_PROVIDER_URL\" type=\"java.lang.String\""
                        + " override=\"false\" value=\"" + fake.baseUri() + "\"/>\n</Context>");
        for (Map.Entry<String, String> entry : extra.entrySet()) {
            context = context.replace("</Context>", "  <Environment name=\"portagent/" + entry.getKey()
                    + "\" type=\"java.lang.String\" override=\"false\" value=\"" + entry.getValue() + "\"/>\n</Context>");
        }
        assertTrue(context.contains(dataDir + "/data/agentx.db"), "context.xml still names /var/lib/portagent");
        Files.writeString(base.resolve("conf/Catalina/localhost/" + name + ".xml"), context, StandardCharsets.UTF_8);
    }

    private static void report(String what, Duration took) {
        String line = String.format("%-45s %6.1f s%n", what, took.toMillis() / 1000.0);
        System.out.print(line);
        try {
            Files.writeString(work.getParent().resolve("timings.txt"), line, StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Removes the run's files unless asked to keep them ({@code -Dportagent.matrix.keep=true}). */
    @AfterAll
    static void cleanUp() {
        if (work != null && !Boolean.getBoolean("portagent.matrix.keep")) {
            TestFiles.deleteTree(work);
        }
    }
}
