package io.portagent.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.portagent.testing.AppServer;
import io.portagent.testing.Await;
import io.portagent.testing.Http;
import io.portagent.testing.PortagentApp;
import io.portagent.testing.Script;
import io.portagent.testing.Sqlite3;
import io.portagent.testing.TestUsers;
import io.portagent.testing.TestUsers.User;
import io.portagent.testing.WsClient;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code /metrics} and {@code /health} with the real tools an operator uses: a Prometheus server
 * (Debian's {@code prometheus}) scraping the WAR in an embedded Tomcat, {@code promtool} checking
 * the scrape and the shipped alert rules, and the shipped nginx block in front, relaying a client
 * that is not local. Every address is loopback; the remote client exists only as the
 * {@code X-Forwarded-For} an outer proxy on loopback (this test) hands nginx.
 */
class MonitoringIT {

    private static final String TOKEN = "metrics-token-for-the-test-0123456789";
    /** A client on the internet (TEST-NET-3), as a front proxy names it to nginx. */
    private static final String REMOTE = "203.0.113.7";
    private static final Duration WAIT = Duration.ofSeconds(60);

    @RegisterExtension
    static final PortagentApp app = PortagentApp.with(AppServer.builder().set("METRICS_TOKEN", TOKEN));

    private static Path work;
    private static ChildProcess nginx;
    private static URI viaNginx;

    @BeforeAll
    static void nginxInFront() throws IOException {
        work = Files.createTempDirectory(Path.of("").toAbsolutePath(), "monitoring-it-");
        int port = ChildProcess.freePort();
        Path prefix = Files.createDirectories(work.resolve("nginx"));
        nginx = Nginx.start(prefix, List.of(Nginx.serverBlock("portagent-root.conf", port, app.baseUri().getPort(),
                null, Files.createDirectories(prefix.resolve("logs")))));
        viaNginx = URI.create("http://127.0.0.1:" + port + "/");
        nginx.awaitHealthy(viaNginx.resolve("health"), Duration.ofSeconds(20));
    }

    @AfterAll
    static void stopNginx() {
        if (nginx != null) {
            nginx.close();
        }
    }

    /** One whole turn through the socket, so every turn family has a sample. */
    private static User oneTurn() {
        User user = app.newUser();
        try (WsClient ws = app.connect(user)) {
            String imageId = ws.request("image_create", Json.createObjectBuilder().add("name", "Metrics"))
                    .getJsonObject("data").getJsonObject("image").getString("imageId");
            ws.request("subscribe", Json.createObjectBuilder().add("imageId", imageId));
            app.model().enqueue(Script.text("Counted ", "once."));
            ws.request("message_send", Json.createObjectBuilder().add("imageId", imageId).add("content", "Hi"));
            ws.awaitEvent("conversation_end");
        }
        return user;
    }

    private static Http.Reply get(URI uri, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET();
        headers.forEach(request::header);
        return Http.send(request);
    }

    private static String scrape() {
        Http.Reply reply = Http.get(app.uri("metrics"));
        assertEquals(200, reply.status(), reply.body());
        return reply.body();
    }

    @Test
    void aLoopbackScrapeAfterATurnHasEveryFamilyAndNoUser() {
        User user = oneTurn();
        Http.Reply reply = Http.get(app.uri("metrics"));
        assertEquals(200, reply.status());
        assertTrue(reply.header("content-type").replace(" ", "").startsWith("text/plain;version=0.0.4"),
                reply.header("content-type"));
        String text = reply.body();
        for (String family : List.of("portagent_turns_total{outcome=\"completed\"}", "portagent_turns_total{outcome=\"failed\"}",
                "portagent_turn_duration_seconds_bucket{le=", "portagent_first_delta_seconds_bucket{le=",
                "portagent_first_delta_seconds_count", "portagent_llm_requests_total{provider=\"default\",status=\"ok\"}",
                "portagent_llm_retries_total{cause=\"rate_limited\",provider=\"default\"}",
                "portagent_tokens_total{direction=\"input\",model=", "portagent_tokens_total{direction=\"output\",model=",
                "portagent_websocket_connections", "portagent_running_turns", "portagent_sessions_in_memory",
                "portagent_websocket_slow_consumer_closes_total", "portagent_db_commit_seconds_bucket{database=",
                "portagent_db_disk_full{database=", "portagent_db_up{database=", "portagent_logins_total{outcome=\"success\"}",
                "portagent_login_throttled_total", "portagent_provider_up{provider=\"default\"} 1",
                "jvm_memory_used_bytes", "jvm_gc_", "process_cpu_usage", "tomcat_threads_busy_threads{name=",
                "tomcat_threads_config_max_threads{name=")) {
            assertTrue(text.contains(family), family + " missing from\n" + text);
        }
        assertFalse(text.contains(user.username()) || text.contains(user.userId()), "no user in any label");
    }

    @Test
    void promtoolFindsNoLintProblemInTheScrape() throws Exception {
        oneTurn();
        Path scrape = Files.writeString(work.resolve("scrape.txt"), scrape());
        Process check = new ProcessBuilder("promtool", "check", "metrics").redirectInput(scrape.toFile())
                .redirectErrorStream(true).start();
        assertTrue(check.waitFor(60, TimeUnit.SECONDS));
        String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals("", output.strip(), "promtool's lint");
        assertEquals(0, check.exitValue(), output);
    }

    @Test
    void theShippedPrometheusConfigAndAlertRulesPassPromtool() throws Exception {
        Path dir = Servers.deployDir().resolve("prometheus");
        for (List<String> command : List.of(List.of("promtool", "check", "config", dir.resolve("prometheus.yml").toString()),
                List.of("promtool", "check", "rules", dir.resolve("portagent-alerts.yml").toString()))) {
            Process check = new ProcessBuilder(command).redirectErrorStream(true).start();
            assertTrue(check.waitFor(60, TimeUnit.SECONDS));
            String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, check.exitValue(), command + ":\n" + output);
            assertTrue(output.contains("SUCCESS"), output);
        }
    }

    /** Prometheus itself scrapes the service (the shipped scrape job, pointed at the test's port) and has our series. */
    @Test
    void aRealPrometheusScrapesAPortagentSeriesAfterATurn() throws Exception {
        oneTurn();
        Path dir = Files.createDirectories(work.resolve("prometheus"));
        String shipped = Files.readString(Servers.deployDir().resolve("prometheus/prometheus.yml"));
        String config = shipped.replace("scrape_interval: 15s", "scrape_interval: 1s")
                .replace("127.0.0.1:5200", "127.0.0.1:" + app.baseUri().getPort())
                .replace("portagent-alerts.yml", Servers.deployDir().resolve("prometheus/portagent-alerts.yml").toString());
        assertTrue(config.contains("127.0.0.1:" + app.baseUri().getPort()), "the shipped target was replaced");
        Path configFile = Files.writeString(dir.resolve("prometheus.yml"), config);
        int port = ChildProcess.freePort();
        try (ChildProcess prometheus = ChildProcess.start("prometheus", dir, dir.resolve("prometheus.log"), Map.of(),
                List.of("/usr/bin/prometheus", "--config.file=" + configFile, "--storage.tsdb.path=" + dir.resolve("data"),
                        "--web.listen-address=127.0.0.1:" + port))) {
            URI query = URI.create("http://127.0.0.1:" + port + "/api/v1/query?query="
                    + URLEncoder.encode("portagent_turns_total{outcome=\"completed\"}", StandardCharsets.UTF_8));
            JsonObject answer;
            try {
                answer = Await.until("Prometheus to have scraped portagent_turns_total", WAIT,
                        () -> queryWhileAlive(prometheus, query), a -> a != null
                                && !a.getJsonObject("data").getJsonArray("result").isEmpty());
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "\n" + prometheus.tail(), e);
            }
            JsonObject series = answer.getJsonObject("data").getJsonArray("result").getJsonObject(0);
            assertEquals("portagent", series.getJsonObject("metric").getString("job"));
            assertTrue(Double.parseDouble(series.getJsonArray("value").getString(1)) >= 1, series.toString());
            everyDashboardQueryRuns(port);
        }
    }

    /** Each query of the shipped Grafana dashboard is one Prometheus accepts (the variables filled in as Grafana would). */
    private static void everyDashboardQueryRuns(int port) throws IOException {
        JsonObject dashboard;
        try (var reader = Json.createReader(Files.newBufferedReader(Servers.deployDir().resolve("grafana/portagent.json")))) {
            dashboard = reader.readObject();
        }
        List<String> queries = dashboard.getJsonArray("panels").stream()
                .flatMap(p -> p.asJsonObject().getJsonArray("targets").stream())
                .map(t -> t.asJsonObject().getString("expr")).toList();
        assertTrue(queries.size() >= 10, queries.toString());
        for (String expr : queries) {
            String filled = expr.replace("$instance", ".*").replace("$__rate_interval", "1m");
            Http.Reply reply = Http.get(URI.create("http://127.0.0.1:" + port + "/api/v1/query?query="
                    + URLEncoder.encode(filled, StandardCharsets.UTF_8)));
            assertEquals(200, reply.status(), filled + ": " + reply.body());
            assertEquals("success", reply.json().getString("status"), filled);
        }
    }

    private static JsonObject queryWhileAlive(ChildProcess prometheus, URI query) {
        if (!prometheus.isAlive()) {
            throw new AssertionError("prometheus exited\n" + prometheus.tail());
        }
        try {
            Http.Reply reply = Http.get(query);
            return reply.status() == 200 ? reply.json() : null;
        } catch (RuntimeException e) {
            return null; // not listening yet
        }
    }

    /**
     * Through nginx (a trusted proxy) the client nginx names is the one that counts: loopback
     * passes; a remote one needs METRICS_TOKEN (403 without, 401 with a wrong one); the anonymous
     * /health shows it only status and timestamp, an admin's token the details.
     */
    @Test
    void behindNginxARemoteClientNeedsTheTokenAndSeesOnlyTheBriefHealth() {
        Map<String, String> remote = Map.of("X-Forwarded-For", REMOTE);
        URI metrics = viaNginx.resolve("metrics");
        assertEquals(200, get(metrics, Map.of()).status(), "nginx relaying a loopback client");
        Http.Reply refused = get(metrics, remote);
        assertEquals(403, refused.status());
        assertTrue(refused.body().contains("METRICS_TOKEN"), refused.body());
        assertEquals(401, get(metrics, Map.of("X-Forwarded-For", REMOTE, "Authorization", "Bearer wrong-token")).status());
        assertEquals(403, get(URI.create(metrics + "?token=" + TOKEN), remote).status(),
                "the token counts only in the Authorization header, never in a URL that logs keep");
        Http.Reply allowed = get(metrics, Map.of("X-Forwarded-For", REMOTE, "Authorization", "Bearer " + TOKEN));
        assertEquals(200, allowed.status());
        assertTrue(allowed.body().contains("portagent_running_turns"), allowed.body());

        JsonObject brief = get(viaNginx.resolve("health"), remote).json();
        assertEquals(List.of("status", "timestamp"), List.copyOf(brief.keySet()));
        User member = app.newUser();
        assertEquals(2, get(viaNginx.resolve("health"), Map.of("X-Forwarded-For", REMOTE,
                "Authorization", "Bearer " + member.token())).json().size(), "a user's token is not an admin's");
        JsonObject details = get(viaNginx.resolve("health"), Map.of("X-Forwarded-For", REMOTE,
                "Authorization", "Bearer " + admin().token())).json();
        assertTrue(details.containsKey("runningTurns") && details.containsKey("mcpServers"), details.toString());
        assertEquals("ok", details.getJsonObject("providers").getJsonObject("default").getString("status"));
        assertTrue(get(viaNginx.resolve("health"), Map.of()).json().containsKey("connections"),
                "a loopback client relayed by nginx sees the details");
    }

    /** A user made admin in the database, signed in again so the token carries the role. */
    private static User admin() {
        User user = TestUsers.register(app);
        Sqlite3.run(app.dataDir().resolve("data/portagent.db"), "INSERT INTO user_roles(userId, role, grantedAt)"
                + " VALUES ('" + user.userId() + "', 'admin', 0);");
        Http.Reply login = Http.send(HttpRequest.newBuilder(app.uri("api/auth/login"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        Json.createObjectBuilder().add("usernameOrEmail", user.username()).add("password", "secret-pass")
                                .build().toString())));
        assertEquals(200, login.status(), login.body());
        return new User(user.username(), user.userId(), user.containerId(), login.json().getString("token"));
    }
}
