package io.portagent.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.portagent.testing.Await;
import io.portagent.testing.FakeAnthropic;
import io.portagent.testing.Http;
import io.portagent.testing.LauncherProcess;
import io.portagent.testing.PostgresServer;
import io.portagent.testing.Script;
import io.portagent.testing.TestUsers;
import io.portagent.testing.TestUsers.User;
import io.portagent.testing.WsClient;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two nodes of the built WAR ({@code java -jar}) on one PostgreSQL database, behind Debian's
 * nginx with the shipped round-robin configuration (no ip_hash). A client on node B watches a
 * turn that runs on node A, stops it, and then sees node A killed with {@code kill -9} mid-turn:
 * node B ends the turn with a recoverable error and keeps its text. Before that, a socket ticket
 * and a personal API key made on one node work on the other (the ticket once). The steps build
 * on each other, in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoNodesIT {

    private static final Duration START = Duration.ofSeconds(90);

    @TempDir
    static Path work;

    private static FakeAnthropic fake;
    private static LauncherProcess nodeA;
    private static LauncherProcess nodeB;
    private static ChildProcess nginx;
    private static URI a;
    private static URI b;
    private static URI proxy;
    private static User alice;
    private static String imageId;
    private static String database;

    @BeforeAll
    static void startTwoNodesAndNginx() throws IOException {
        fake = FakeAnthropic.start();
        database = PostgresServer.shared().newDatabase();
        int portA = ChildProcess.freePort();
        int portB = ChildProcess.freePort();
        nodeA = node("a", database, portA);
        nodeB = node("b", database, portB);
        a = nodeA.awaitListening(START);
        b = nodeB.awaitListening(START);
        int proxyPort = ChildProcess.freePort();
        Path prefix = Files.createDirectories(work.resolve("nginx"));
        String conf = Files.readString(Servers.deployDir().resolve("nginx/portagent-nodes.conf"), StandardCharsets.UTF_8)
                .replaceAll("(?m)^(\\s*)listen\\s+80;", "$1listen 127.0.0.1:" + proxyPort + ";")
                .replace("127.0.0.1:8080", "127.0.0.1:" + portA).replace("127.0.0.1:8081", "127.0.0.1:" + portB)
                .replace("/var/log/nginx/", prefix.resolve("logs") + "/");
        nginx = Nginx.start(prefix, List.of(conf));
        proxy = URI.create("http://127.0.0.1:" + proxyPort + "/");
        Await.until("nginx to answer", Duration.ofSeconds(20), () -> health(proxy) == 200);
    }

    private static LauncherProcess node(String name, String database, int port) throws IOException {
        Map<String, String> env = new HashMap<>(Map.of("LLM_PROVIDER_KEY", "sk-ant-api03-two-nodes",
                "LLM_PROVIDER_URL", fake.baseUri().toString(), "ENABLE_PROMPTX", "false", "DATABASE_URL", database));
        Path dir = Files.createDirectories(work.resolve("node-" + name));
        return LauncherProcess.start(dir, env, "--port", String.valueOf(port), "--data-dir", dir.resolve("agentx")
                .toString());
    }

    @AfterAll
    static void stopAll() {
        if (nginx != null) {
            nginx.close();
        }
        for (LauncherProcess node : new LauncherProcess[] {nodeA, nodeB}) {
            if (node != null) {
                node.close();
            }
        }
        if (fake != null) {
            fake.close();
        }
    }

    @Test
    @Order(1)
    void anAccountMadeThroughTheProxyWorksOnEveryNodeWithTheSharedGeneratedSecret() {
        alice = TestUsers.register(proxy);
        for (URI node : List.of(a, b, proxy, proxy)) {
            assertEquals(200, me(node, alice.token()).status(), "the token on " + node);
        }
        assertTrue(nodeA.stdout().contains("Generated a new token secret, stored in the shared database")
                ^ nodeB.stdout().contains("Generated a new token secret, stored in the shared database"),
                "exactly one node generated it:\n" + nodeA.stdout() + "\n" + nodeB.stdout());
    }

    @Test
    @Order(2)
    void aTurnOnNodeAStreamsToASubscriberOnNodeBInOrderAndSeqContinuesAcrossNodes() {
        try (WsClient onA = WsClient.connect(a, alice.token()); WsClient onB = WsClient.connect(b, alice.token())) {
            imageId = onA.request("image_create", Json.createObjectBuilder().add("name", "Across nodes"))
                    .getJsonObject("data").getJsonObject("image").getString("imageId");
            onA.request("subscribe", Json.createObjectBuilder().add("imageId", imageId));
            onB.request("subscribe", Json.createObjectBuilder().add("imageId", imageId));
            List<String> deltas = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                deltas.add("w" + i + " ");
            }
            fake.enqueue(Script.text(deltas.toArray(String[]::new)).deltaDelay(Duration.ofMillis(20)));
            send(onA, "Stream this across nodes");
            JsonObject endB = awaitEvent(onB, "conversation_end", 0, Duration.ofSeconds(30));
            awaitEvent(onA, "conversation_end", 0, Duration.ofSeconds(30));
            assertEquals("end_turn", endB.getJsonObject("data").getString("reason"));
            assertEquals(seqs(onA), seqs(onB), "node B saw node A's events, the same seqs");
            assertEquals(String.join("", deltas), text(onB), "every delta, in order, once");
            assertContiguous(seqs(onB));

            // the next turn runs on node B: node A sees it, and seq goes on from where node A's turn stopped
            long last = seqs(onB).get(seqs(onB).size() - 1);
            fake.enqueue(Script.text("from ", "node ", "B"));
            send(onB, "Now from B");
            awaitEvent(onA, "conversation_end", last, Duration.ofSeconds(30));
            awaitEvent(onB, "conversation_end", last, Duration.ofSeconds(30));
            assertEquals(seqs(onB), seqs(onA));
            assertEquals(last + 1, seqs(onA).stream().filter(s -> s > last).findFirst().orElseThrow());
            assertContiguous(seqs(onA));
        }
    }

    /**
     * The list follows across nodes too: a conversation created, renamed and deleted on node A,
     * and a turn running there, reach the same user's unsubscribed socket on node B as notices;
     * another user's socket on node B hears nothing.
     */
    @Test
    @Order(3)
    void aUsersSocketOnNodeBFollowsTheListAndTheRunningTurnOfNodeAAndNobodyElseDoes() {
        User bob = TestUsers.register(proxy);
        try (WsClient onA = WsClient.connect(a, alice.token()); WsClient onB = WsClient.connect(b, alice.token());
                WsClient bobOnB = WsClient.connect(b, bob.token())) {
            String listed = onA.request("image_create", Json.createObjectBuilder().add("name", "Made on A"))
                    .getJsonObject("data").getJsonObject("image").getString("imageId");
            JsonObject created = onB.await(f -> "image_created".equals(f.getString("type")), "image_created on B");
            assertEquals("Made on A", created.getJsonObject("data").getJsonObject("image").getString("name"));
            onA.request("image_update", Json.createObjectBuilder().add("imageId", listed).add("name", "Renamed on A"));
            onB.await(f -> "image_updated".equals(f.getString("type")) && "Renamed on A".equals(
                    f.getJsonObject("data").getJsonObject("image").getString("name")), "image_updated on B");
            fake.enqueue(Script.text("Quick."));
            send(onA, listed, "Run on A");
            onB.await(f -> "image_running".equals(f.getString("type")) && f.getJsonObject("data").getBoolean("running")
                    && listed.equals(f.getJsonObject("data").getString("imageId")), "image_running true on B");
            onB.await(f -> "image_running".equals(f.getString("type"))
                    && !f.getJsonObject("data").getBoolean("running"), "image_running false on B");
            onA.request("image_delete", Json.createObjectBuilder().add("imageId", listed));
            onB.await(f -> "image_deleted".equals(f.getString("type"))
                    && listed.equals(f.getJsonObject("data").getString("imageId")), "image_deleted on B");
            bobOnB.request("image_list", Json.createObjectBuilder());
            assertTrue(bobOnB.frames().stream().noneMatch(f -> f.toString().contains(listed)),
                    "another user on node B hears nothing: " + bobOnB.frames());
        }
    }

    @Test
    @Order(5)
    void aSecondTurnCannotStartOnTheOtherNodeAndAnInterruptFromNodeBStopsNodeAsTurnWithinASecond() {
        try (WsClient onA = WsClient.connect(a, alice.token()); WsClient onB = WsClient.connect(b, alice.token())) {
            onA.request("subscribe", Json.createObjectBuilder().add("imageId", imageId));
            JsonObject subscribed = onB.request("subscribe", Json.createObjectBuilder().add("imageId", imageId));
            long before = subscribed.getJsonObject("data").getJsonNumber("lastSeq").longValue();
            fake.enqueue(Script.text("slow ", "answer ", "that ", "goes ", "on ").deltaDelay(Duration.ofMillis(400))
                    .stallAfterDeltas(3));
            send(onA, "Take your time");
            awaitEvent(onB, "text_delta", before, Duration.ofSeconds(20));

            JsonObject busy = onB.request("message_send", Json.createObjectBuilder().add("imageId", imageId)
                    .add("content", "me too"));
            assertEquals("conversation_busy", busy.getJsonObject("error").getString("code"), busy.toString());

            long asked = System.nanoTime();
            JsonObject stop = onB.request("agent_interrupt", Json.createObjectBuilder().add("imageId", imageId));
            assertTrue(stop.getJsonObject("data").getBoolean("interrupted"), stop.toString());
            JsonObject end = awaitEvent(onB, "conversation_end", before, Duration.ofSeconds(5));
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - asked);
            assertEquals("interrupted", end.getJsonObject("data").getString("reason"));
            assertTrue(millis < 1_000, "stopped " + millis + " ms after the request on the other node");
            awaitEvent(onA, "conversation_end", before, Duration.ofSeconds(5));
            fake.releaseStalls();
        }
    }

    @Test
    @Order(6)
    void whenNodeADiesMidTurnNodeBEndsTheTurnWithinThirtySecondsKeepingItsText() throws Exception {
        User carol = TestUsers.register(b);
        try (WsClient onB = WsClient.connect(b, alice.token()); WsClient carolOnB = WsClient.connect(b, carol.token())) {
            long before = onB.request("subscribe", Json.createObjectBuilder().add("imageId", imageId))
                    .getJsonObject("data").getJsonNumber("lastSeq").longValue();
            List<String> deltas = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                deltas.add("k" + i + " ");
            }
            fake.enqueue(Script.text(deltas.toArray(String[]::new)).deltaDelay(Duration.ofMillis(150)));
            try (WsClient onA = WsClient.connect(a, alice.token())) {
                send(onA, "Answer while your node dies");
                // past two seconds of streaming: node A has checkpointed the answer (every second) at least once
                Await.until("twenty deltas on node B", Duration.ofSeconds(20),
                        () -> text(onB, before).startsWith(String.join("", deltas.subList(0, 20))));
                long killedAt = System.nanoTime();
                new ProcessBuilder("kill", "-9", String.valueOf(nodeA.pid())).start().waitFor();

                JsonObject error = awaitEvent(onB, "error", before, Duration.ofSeconds(40));
                long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - killedAt);
                assertTrue(seconds <= 30, "ended " + seconds + " s after the kill");
                assertEquals("node_lost", error.getJsonObject("data").getString("code"));
                assertTrue(error.getJsonObject("data").getBoolean("recoverable"));
                assertEquals("error", awaitEvent(onB, "conversation_end", before, Duration.ofSeconds(5))
                        .getJsonObject("data").getString("reason"));
                // the sidebar of every tab of hers stops showing it as running (node A never will say so)
                onB.await(f -> "image_running".equals(f.getString("type"))
                        && imageId.equals(f.getJsonObject("data").getString("imageId"))
                        && !f.getJsonObject("data").getBoolean("running"), "image_running false after node A died");
                assertTrue(carolOnB.frames().stream().noneMatch(f -> f.toString().contains(imageId)),
                        "another user hears nothing of it: " + carolOnB.frames());
            }
            fake.releaseStalls();
            JsonObject history = onB.request("image_messages", Json.createObjectBuilder().add("imageId", imageId))
                    .getJsonObject("data");
            String stored = history.getJsonArray("messages").toString();
            String kept = history.getJsonArray("messages").stream().map(JsonObject.class::cast)
                    .filter(m -> "assistant".equals(m.getString("subtype"))).reduce((x, y) -> y).orElseThrow()
                    .getString("content");
            assertTrue(kept.startsWith("k0 k1 "), "the partial answer of node A's last checkpoint is kept: " + stored);
            assertTrue(text(onB, before).startsWith(kept), "it is what node B streamed: " + kept);
            assertTrue(stored.contains("node_lost"), "the error is in the history: " + stored);

            // the proxy sends everyone to node B now, and the conversation goes on there
            fake.enqueue(Script.text("still ", "here"));
            try (WsClient viaProxy = WsClient.connect(proxy, alice.token())) {
                long now = viaProxy.request("subscribe", Json.createObjectBuilder().add("imageId", imageId))
                        .getJsonObject("data").getJsonNumber("lastSeq").longValue();
                send(viaProxy, "Are you there?");
                awaitEvent(viaProxy, "conversation_end", now, Duration.ofSeconds(20));
                assertEquals("still here", text(viaProxy, now));
            }
        }
    }

    @Test
    @Order(7)
    void theUsersCommandActsOnTheSharedDatabaseAndEveryNodeFollows() throws IOException {
        try (WsClient onB = WsClient.connect(b, alice.token())) {
            Path dir = Files.createDirectories(work.resolve("command"));
            try (LauncherProcess disable = LauncherProcess.start(dir, Map.of("DATABASE_URL", database), "users",
                    "disable", alice.username(), "--data-dir", dir.resolve("agentx").toString())) {
                assertEquals(0, disable.awaitExit(START), disable.stdout() + disable.stderr());
            }
            assertTrue(onB.awaitClose(Duration.ofSeconds(20)) > 0, "the disabled user's socket on node B is closed");
            assertEquals(401, me(b, alice.token()).status());
            assertEquals(401, me(proxy, alice.token()).status());
        }
    }

    @Test
    @Order(8)
    void diagnoseReportsTheSharedDatabaseWithoutItsPassword() throws IOException {
        Path dir = Files.createDirectories(work.resolve("diagnose"));
        try (LauncherProcess diagnose = LauncherProcess.start(dir, Map.of("DATABASE_URL", database), "diagnose",
                "--data-dir", dir.resolve("agentx").toString())) {
            assertEquals(0, diagnose.awaitExit(START), diagnose.stderr());
            String report = diagnose.stdout();
            assertTrue(report.contains("portagent.db: on postgresql://" + PostgresServer.USER + "@127.0.0.1:"), report);
            assertTrue(report.matches("(?s).*users [1-9][0-9]*, .*") && report.contains("schema 6 (current)"), report);
            assertFalse(report.contains(PostgresServer.PASSWORD), "no password in the report:\n" + report);
        }
    }

    private static Http.Reply post(URI node, String path, String bearer, String body) {
        return Http.send(HttpRequest.newBuilder(node.resolve(path)).header("Authorization", "Bearer " + bearer)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private static URI socket(URI node, String ticket) {
        return URI.create(node.resolve("ws").toString().replaceFirst("^http", "ws") + "?ticket=" + ticket);
    }

    @Test
    @Order(3)
    void aTicketFromOneNodeOpensASocketOnTheOtherOnceAndThenNowhere() {
        User alice = TestUsers.register(a);
        Http.Reply issued = post(a, "api/auth/ws-ticket", alice.token(), "");
        assertEquals(200, issued.status(), issued::body);
        String ticket = issued.json().getString("ticket");

        try (WsClient ws = WsClient.open(socket(b, ticket), null, null)) {
            ws.request("image_list", Json.createObjectBuilder());
        }
        for (URI node : new URI[] {a, b}) {
            assertEquals(401, assertThrows(WsClient.Refused.class, () -> WsClient.open(socket(node, ticket), null,
                    null).close()).status, "used up, on " + node);
        }
    }

    @Test
    @Order(4)
    void aKeyFromOneNodeWorksOnTheOtherUntilItIsRevokedAnywhere() {
        User bob = TestUsers.register(b);
        Http.Reply made = post(a, "api/keys", bob.token(), "{\"name\":\"cluster\"}");
        assertEquals(201, made.status(), made::body);
        String key = made.json().getString("key");
        fake.enqueue(Script.text("Hi from the cluster").usage(6, 4));

        Http.Reply answer = post(b, "v1/chat/completions", key, "{\"model\":\"claude-sonnet-4-20250514\","
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
        assertEquals(200, answer.status(), answer::body);
        assertEquals("Hi from the cluster", answer.json().getJsonArray("choices").getJsonObject(0)
                .getJsonObject("message").getString("content"));

        Http.Reply revoked = Http.send(HttpRequest.newBuilder(b.resolve("api/keys/" + made.json().getString("id")))
                .header("Authorization", "Bearer " + bob.token()).DELETE());
        assertEquals(200, revoked.status(), revoked::body);
        assertEquals(401, Http.send(HttpRequest.newBuilder(a.resolve("v1/models")).header("Authorization",
                "Bearer " + key)).status());
    }

    private static void send(WsClient ws, String content) {
        send(ws, imageId, content);
    }

    private static void send(WsClient ws, String conversation, String content) {
        JsonObject sent = ws.request("message_send", Json.createObjectBuilder().add("imageId", conversation)
                .add("content", content));
        assertFalse(sent.containsKey("error"), sent.toString());
    }

    private static JsonObject awaitEvent(WsClient ws, String type, long afterSeq, Duration timeout) {
        return Await.until(type + " after seq " + afterSeq, timeout, () -> ws.events().stream()
                .filter(e -> type.equals(e.getString("type")) && e.getJsonNumber("seq").longValue() > afterSeq)
                .findFirst().orElse(null), e -> e != null);
    }

    private static List<Long> seqs(WsClient ws) {
        return ws.events().stream().map(e -> e.getJsonNumber("seq").longValue()).toList();
    }

    private static void assertContiguous(List<Long> seqs) {
        for (int i = 1; i < seqs.size(); i++) {
            assertEquals(seqs.get(i - 1) + 1, seqs.get(i), "seq continuous: " + seqs);
        }
    }

    private static String text(WsClient ws) {
        return text(ws, 0);
    }

    private static String text(WsClient ws, long afterSeq) {
        StringBuilder text = new StringBuilder();
        ws.events().stream().filter(e -> "text_delta".equals(e.getString("type"))
                && e.getJsonNumber("seq").longValue() > afterSeq)
                .forEach(e -> text.append(e.getJsonObject("data").getString("text")));
        return text.toString();
    }

    private static int health(URI base) {
        try {
            return Http.get(base.resolve("health")).status();
        } catch (RuntimeException e) {
            return 0;
        }
    }

    private static Http.Reply me(URI base, String token) {
        return Http.send(HttpRequest.newBuilder(base.resolve("api/auth/me")).header("Authorization", "Bearer " + token));
    }
}
