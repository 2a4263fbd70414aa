package io.portagent.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.portagent.testing.FakeAnthropic;
import io.portagent.testing.Http;
import io.portagent.testing.LauncherProcess;
import io.portagent.testing.PostgresServer;
import io.portagent.testing.Script;
import io.portagent.testing.TestUsers;
import io.portagent.testing.TestUsers.User;
import io.portagent.testing.WsClient;
import jakarta.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two nodes of the built WAR ({@code java -jar}) on one PostgreSQL database: a socket ticket
 * issued by one node is accepted by the other, once, and then by neither; a personal API key made
 * on one node works on the other, its tokens reach the shared ledger, and once revoked on one
 * node it is refused on the other at once.
 */
class TwoNodesKeysIT {

    private static final Duration START = Duration.ofSeconds(90);

    @TempDir
    static Path work;

    private static FakeAnthropic fake;
    private static LauncherProcess nodeA;
    private static LauncherProcess nodeB;
    private static URI a;
    private static URI b;

    @BeforeAll
    static void startTwoNodes() throws IOException {
        fake = FakeAnthropic.start();
        String database = PostgresServer.shared().newDatabase();
        nodeA = node("a", database, ChildProcess.freePort());
        nodeB = node("b", database, ChildProcess.freePort());
        a = nodeA.awaitListening(START);
        b = nodeB.awaitListening(START);
    }

    private static LauncherProcess node(String name, String database, int port) throws IOException {
        Map<String, String> env = Map.of("LLM_PROVIDER_KEY", "sk-ant-api03-two-nodes", "LLM_PROVIDER_URL",
                fake.baseUri().toString(), "ENABLE_PROMPTX", "false", "DATABASE_URL", database);
        Path dir = Files.createDirectories(work.resolve("node-" + name));
        return LauncherProcess.start(dir, env, "--port", String.valueOf(port), "--data-dir", dir.resolve("agentx")
                .toString());
    }

    @AfterAll
    static void stopAll() {
        for (LauncherProcess node : new LauncherProcess[] {nodeA, nodeB}) {
            if (node != null) {
                node.close();
            }
        }
        if (fake != null) {
            fake.close();
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
}
