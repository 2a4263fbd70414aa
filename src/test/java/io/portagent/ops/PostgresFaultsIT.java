package io.portagent.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL's faults as an operator meets them, against the built WAR: no server, a wrong
 * password, and a server lost while the service runs (503 and visible failures, then recovery
 * without a restart when it is back).
 */
class PostgresFaultsIT {

    private static final Duration START = Duration.ofSeconds(90);

    @TempDir
    Path work;

    private LauncherProcess start(String databaseUrl, String fakeUrl) {
        return LauncherProcess.start(work, Map.of("LLM_PROVIDER_KEY", "sk-ant-api03-pg-faults", "LLM_PROVIDER_URL",
                fakeUrl, "ENABLE_PROMPTX", "false", "DATABASE_URL", databaseUrl), "--port", "0", "--data-dir",
                work.resolve("agentx").toString());
    }

    @Test
    void noServerOrAWrongPasswordStopsTheStartWithTheCauseInOneLineAndNoPassword() {
        try (LauncherProcess down = start("postgresql://portagent:hunter2-secret@127.0.0.1:1/portagent",
                "http://127.0.0.1:9")) {
            assertNotEquals(0, down.awaitExit(START));
            String said = down.stdout() + down.stderr();
            assertTrue(said.contains("Error: Cannot open database portagent.db at postgresql://portagent@127.0.0.1:1/"
                    + "portagent (DATABASE_URL): Connection refused"), said);
            assertFalse(said.contains("hunter2-secret"), "no password in the output");
            assertFalse(said.contains("\tat "), "no stack trace");
        }
        String url = PostgresServer.shared().newDatabase().replace(PostgresServer.PASSWORD, "wrong-password");
        try (LauncherProcess refused = start(url, "http://127.0.0.1:9")) {
            assertNotEquals(0, refused.awaitExit(START));
            String said = refused.stdout() + refused.stderr();
            assertTrue(said.contains("password authentication failed for user \"" + PostgresServer.USER + "\""), said);
            assertFalse(said.contains("wrong-password"), said);
        }
    }

    @Test
    void aNodeWhoseFixedSecretTheOtherNodesDoNotShareRefusesToStartAndARotationIsAccepted() {
        String url = PostgresServer.shared().newDatabase();
        String first = "first-secret-first-secret-first-secret-0123";
        String second = "second-secret-second-secret-second-secret-45";
        try (LauncherProcess node = node(url, Map.of("JWT_SECRET", first))) {
            node.awaitListening(START);
        }
        try (LauncherProcess stranger = node(url, Map.of("JWT_SECRET", second))) {
            assertNotEquals(0, stranger.awaitExit(START));
            String said = stranger.stdout() + stranger.stderr();
            assertTrue(said.contains("JWT_SECRET of this node is neither the current nor the previous secret of the"
                    + " other nodes"), said);
            assertFalse(said.contains(second) || said.contains(first), "no secret in the output");
        }
        try (LauncherProcess rotated = node(url, Map.of("JWT_SECRET", second, "JWT_SECRET_PREVIOUS", first))) {
            rotated.awaitListening(START);
        }
        try (LauncherProcess old = node(url, Map.of("JWT_SECRET", first))) {
            old.awaitListening(START); // the previous secret of a rotation under way: still one of theirs
        }
    }

    private LauncherProcess node(String databaseUrl, Map<String, String> secrets) {
        Map<String, String> env = new java.util.HashMap<>(Map.of("LLM_PROVIDER_KEY", "sk-ant-api03-pg-faults",
                "LLM_PROVIDER_URL", "http://127.0.0.1:9", "ENABLE_PROMPTX", "false", "DATABASE_URL", databaseUrl));
        env.putAll(secrets);
        return LauncherProcess.start(work, env, "--port", "0", "--data-dir", work.resolve("agentx").toString());
    }

    @Test
    void aLostServerMakesHealth503AndSendsFailThenEverythingWorksAgainWithoutARestart() {
        try (PostgresServer own = PostgresServer.own(Path.of("target", "postgres-faults-" + ProcessHandle.current().pid())); FakeAnthropic fake = FakeAnthropic.start()) {
            String url = own.newDatabase();
            try (LauncherProcess service = start(url, fake.baseUri().toString())) {
                URI base = service.awaitListening(START);
                User alice = TestUsers.register(base);
                try (WsClient ws = WsClient.connect(base, alice.token())) {
                    String imageId = ws.request("image_create", Json.createObjectBuilder().add("name", "Faults"))
                            .getJsonObject("data").getJsonObject("image").getString("imageId");

                    own.stopFast();
                    Await.until("/health to say 503", Duration.ofSeconds(30),
                            () -> Http.get(base.resolve("health")).status() == 503);
                    JsonObject health = Http.get(base.resolve("health")).json();
                    assertEquals("error", health.getString("status"));
                    assertTrue(health.toString().contains("unreachable") || health.toString().contains("unusable"),
                            health.toString());
                    JsonObject refused = ws.request("message_send", Json.createObjectBuilder().add("imageId", imageId)
                            .add("content", "while the database is gone"));
                    assertTrue(refused.containsKey("error"), "the send fails visibly: " + refused);

                    own.restart();
                    Await.until("/health to say 200 again", Duration.ofSeconds(60),
                            () -> Http.get(base.resolve("health")).status() == 200);
                    fake.enqueue(Script.text("back ", "again"));
                    ws.request("subscribe", Json.createObjectBuilder().add("imageId", imageId));
                    JsonObject sent = ws.request("message_send", Json.createObjectBuilder().add("imageId", imageId)
                            .add("content", "and now?"));
                    assertFalse(sent.containsKey("error"), sent.toString());
                    assertEquals("end_turn", ws.awaitEvent("conversation_end").getJsonObject("data")
                            .getString("reason"));
                }
                assertEquals(200, Http.send(java.net.http.HttpRequest.newBuilder(base.resolve("api/auth/me"))
                        .header("Authorization", "Bearer " + alice.token())).status(), "sign-ins still work");
            }
        }
    }
}
