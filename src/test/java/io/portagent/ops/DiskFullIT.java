package io.portagent.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.portagent.testing.FakeAnthropic;
import io.portagent.testing.Http;
import io.portagent.testing.LauncherProcess;
import io.portagent.testing.Script;
import io.portagent.testing.Sqlite3;
import io.portagent.testing.TestUsers;
import io.portagent.testing.TestUsers.User;
import io.portagent.testing.Tmpfs;
import io.portagent.testing.WsClient;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A really full disk under a running service: {@code java -jar portagent.war} with its data
 * directory on a small tmpfs that the test fills with a file, first before a turn, then in the
 * middle of a streamed answer. Users get a {@code storage_full} answer or event, the service goes
 * on serving, the operator gets one log line per episode, and once the file is deleted the next
 * turn works without a restart. Afterwards the real {@code sqlite3} finds both databases intact,
 * every turn closed and the event history without a gap.
 */
class DiskFullIT {

    private static final Duration START = Duration.ofSeconds(90);
    private static final String OPERATOR_LINE = "Disk full: agentx.db cannot save anything";

    @TempDir
    Path work;

    @Test
    void aFullDiskBeforeAndDuringATurnIsReportedHarmlessAndOverOnceSpaceIsFreed() {
        try (Tmpfs disk = Tmpfs.mount("24m"); FakeAnthropic fake = FakeAnthropic.start()) {
            Path data = disk.dir().resolve("data");
            String stdout;
            String imageId;
            String partial;
            try (LauncherProcess service = LauncherProcess.start(work, Map.of("LLM_PROVIDER_KEY",
                    "sk-ant-api03-disk-full-test", "LLM_PROVIDER_URL", fake.baseUri().toString(), "ENABLE_PROMPTX",
                    "false"), "--port", "0", "--data-dir", disk.dir().toString())) {
                URI base = service.awaitListening(START);
                User alice = TestUsers.register(base);
                try (WsClient ws = WsClient.connect(base, alice.token())) {
                    imageId = ws.request("image_create", Json.createObjectBuilder().add("name", "Full disk"))
                            .getJsonObject("data").getJsonObject("image").getString("imageId");
                    ws.request("subscribe", Json.createObjectBuilder().add("imageId", imageId));
                    completeTurn(ws, fake, imageId, "first", "Stored ", "before.");

                    disk.fill();
                    fullBeforeTheTurn(ws, fake, base, alice, imageId, data);
                    disk.free();
                    completeTurn(ws, fake, imageId, "third", "Space ", "is back.");
                    // each database clears its own warning with its next write: a sign-in writes portagent.db
                    assertEquals(200, login(base, alice).status());
                    assertFalse(health(base).containsKey("warning"), "a successful write clears the warning");

                    partial = fullMidAnswer(ws, fake, disk, imageId);
                    disk.free();
                    storedOnceSpaceIsBack(ws, imageId, partial);
                    completeTurn(ws, fake, imageId, "fourth", "Working ", "again.");

                    replayFromTheStartMatches(base, alice, imageId, ws.events());
                }
                assertEquals(143, service.terminate(Duration.ofSeconds(60)), "SIGTERM, after a clean shutdown");
                stdout = service.stdout();
            }
            stdout.lines().filter(l -> l.contains("Disk full") || l.contains("writes succeed again"))
                    .forEach(System.out::println); // what the operator reads, for the record
            assertEquals(2, count(stdout, OPERATOR_LINE), "one operator line per episode:\n" + stdout);
            assertTrue(stdout.contains("free in " + data + ")"), "the line names the data directory:\n" + stdout);
            assertTrue(stdout.contains("Free disk space there"), stdout);
            assertEquals(2, count(stdout, "agentx.db: writes succeed again"), stdout);
            assertFalse(stdout.contains("\tat io.portagent"), "no stack trace for a full disk:\n" + stdout);
            nothingStoredWasDamaged(data, partial);
        }
    }

    private static Http.Reply login(URI base, User user) {
        return Http.send(HttpRequest.newBuilder(base.resolve("api/auth/login"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"usernameOrEmail\":\"" + user.username() + "\",\"password\":\"secret-pass\"}")));
    }

    /** The user message cannot be stored: the sender is told, nothing starts, everything else still answers. */
    private static void fullBeforeTheTurn(WsClient ws, FakeAnthropic fake, URI base, User alice, String imageId,
            Path data) {
        int requests = fake.requests().size();
        long seq = lastSeq(ws);
        JsonObject refused = ws.request("message_send", Json.createObjectBuilder().add("imageId", imageId)
                .add("content", "second")).getJsonObject("error");
        assertStorageFull(refused);
        assertEquals(requests, fake.requests().size(), "no model call for a message that was not stored");
        assertEquals(seq, lastSeq(ws), "no event for a turn that never began");
        assertStorageFull(ws.request("image_create", Json.createObjectBuilder().add("name", "More"))
                .getJsonObject("error"));

        Http.Reply register = Http.send(HttpRequest.newBuilder(base.resolve("api/auth/register"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"username\":\"late_user\",\"password\":\"secret-pass\"}")));
        assertEquals(503, register.status(), register.body());
        assertTrue(register.json().getString("error").startsWith("The server is out of disk space"), register.body());
        assertEquals("60", register.header("Retry-After"));

        Http.Reply login = login(base, alice);
        assertEquals(200, login.status(), "signing in needs no write: " + login.body());
        JsonObject health = health(base);
        assertEquals("ok", health.getString("status"));
        assertTrue(health.getString("warning").contains("the disk holding " + data + " is full"), health.toString());
        assertEquals(2, ws.request("image_messages", Json.createObjectBuilder().add("imageId", imageId))
                .getJsonObject("data").getJsonArray("messages").size());
    }

    /**
     * The disk fills while the answer streams (held by the fake after three deltas): the next
     * checkpoint fails, the user gets the error and the end, the model call is stopped. Returns
     * the text the user saw.
     */
    private static String fullMidAnswer(WsClient ws, FakeAnthropic fake, Tmpfs disk, String imageId) {
        String[] words = new String[200];
        Arrays.setAll(words, i -> "w" + i + " ");
        fake.enqueue(Script.text(words).deltaDelay(Duration.ofMillis(20)).stallAfterDeltas(3));
        long before = lastSeq(ws);
        JsonObject sent = ws.request("message_send", Json.createObjectBuilder().add("imageId", imageId)
                .add("content", "mid"));
        assertFalse(sent.containsKey("error"), sent.toString());
        // the three deltas' text (they may come as fewer events: deltas that meet a busy socket are joined)
        ws.await(f -> textAfter(ws, before).equals("w0 w1 w2 "), "the first three deltas");
        fake.awaitStalledStreams(1, WsClient.WAIT);
        disk.fill();
        fake.releaseStalls();

        JsonObject error = eventAfter(ws, "error", before).getJsonObject("data");
        assertStorageFull(error);
        assertTrue(error.getBoolean("recoverable"));
        assertEquals("error", eventAfter(ws, "conversation_end", before).getJsonObject("data").getString("reason"));
        fake.awaitActiveStreams(0, Duration.ofSeconds(10));
        String text = textAfter(ws, before);
        assertTrue(text.length() > 0 && text.length() < String.join("", words).length(), "stopped mid-answer: " + text);
        assertFalse(ws.request("image_list", Json.createObjectBuilder()).getJsonObject("data").getJsonArray("images")
                .getJsonObject(0).getBoolean("running"), "the turn is over");
        assertStorageFull(ws.request("message_send", Json.createObjectBuilder().add("imageId", imageId)
                .add("content", "again")).getJsonObject("error"));
        return text;
    }

    /** The text of the answer's deltas after {@code seq}, as seen so far. */
    private static String textAfter(WsClient ws, long seq) {
        StringBuilder text = new StringBuilder();
        ws.events().stream().filter(e -> e.containsKey("seq") && e.getJsonNumber("seq").longValue() > seq)
                .filter(e -> "text_delta".equals(e.getString("type")))
                .forEach(e -> text.append(e.getJsonObject("data").getString("text")));
        return text.toString();
    }

    /**
     * Once the space is back, what the user saw of the failed turn (its partial answer and the
     * {@code storage_full} error) reaches the history by itself: a reload shows it, without
     * waiting for the conversation's next turn to write it.
     */
    private static void storedOnceSpaceIsBack(WsClient ws, String imageId, String partial) {
        long freed = System.nanoTime();
        List<String> expected = List.of("user:\"mid\"", "assistant:" + Json.createValue(partial), "error:storage_full");
        List<String> last = io.portagent.testing.Await.until("the failed turn's answer and error in the history",
                Duration.ofSeconds(20), () -> {
                    jakarta.json.JsonArray messages = ws.request("image_messages", Json.createObjectBuilder()
                            .add("imageId", imageId)).getJsonObject("data").getJsonArray("messages");
                    return messages.stream().skip(Math.max(0, messages.size() - 3)).map(m -> {
                        JsonObject message = m.asJsonObject();
                        String subtype = message.getString("subtype");
                        return subtype + ":" + ("error".equals(subtype)
                                ? message.getJsonObject("content").getString("code") : message.get("content"));
                    }).toList();
                }, expected::equals);
        System.out.println("The failed turn's history stored " + (System.nanoTime() - freed) / 1_000_000
                + " ms after the space was freed: " + last.size() + " messages");
    }

    private static void completeTurn(WsClient ws, FakeAnthropic fake, String imageId, String content,
            String... deltas) {
        long before = lastSeq(ws);
        fake.enqueue(Script.text(deltas));
        JsonObject sent = ws.request("message_send", Json.createObjectBuilder().add("imageId", imageId)
                .add("content", content));
        assertFalse(sent.containsKey("error"), sent.toString());
        assertEquals("end_turn", eventAfter(ws, "conversation_end", before).getJsonObject("data").getString("reason"));
        // the end is announced once the closing write is staged; the disk must not fill before it is committed
        String answer = Json.createValue(String.join("", deltas)).toString();
        io.portagent.testing.Await.until("the turn's closing write", WsClient.WAIT, () -> {
            jakarta.json.JsonArray messages = ws.request("image_messages", Json.createObjectBuilder()
                    .add("imageId", imageId)).getJsonObject("data").getJsonArray("messages");
            JsonObject last = messages.getJsonObject(messages.size() - 1);
            return last.getString("subtype") + ":" + last.get("content");
        }, ("assistant:" + answer)::equals);
    }

    /** A tab opened afterwards, subscribing from seq 0, receives exactly the events the first tab saw. */
    private static void replayFromTheStartMatches(URI base, User alice, String imageId, List<JsonObject> seen) {
        long last = seen.get(seen.size() - 1).getJsonNumber("seq").longValue();
        try (WsClient later = WsClient.connect(base, alice.token())) {
            later.request("subscribe", Json.createObjectBuilder().add("imageId", imageId).add("afterSeq", 0));
            eventAfter(later, "conversation_end", last - 1);
            assertEquals(seqAndType(seen), seqAndType(later.events()));
        }
    }

    private static void nothingStoredWasDamaged(Path data, String partial) {
        Path agentx = data.resolve("agentx.db");
        assertEquals("ok", Sqlite3.run(agentx, "PRAGMA integrity_check;"));
        assertEquals("ok", Sqlite3.run(data.resolve("portagent.db"), "PRAGMA integrity_check;"));
        assertEquals("completed,completed,failed,completed",
                Sqlite3.run(agentx, "SELECT group_concat(status) FROM (SELECT status FROM turns ORDER BY rowid);"));
        assertEquals("user,assistant,user,assistant,user,assistant,error,user,assistant",
                Sqlite3.run(agentx, "SELECT group_concat(subtype) FROM (SELECT subtype FROM messages ORDER BY rowid);"));
        assertEquals("\"first\",\"third\",\"mid\",\"fourth\"", Sqlite3.run(agentx,
                "SELECT group_concat(content) FROM (SELECT content FROM messages WHERE subtype = 'user' ORDER BY rowid);"));
        assertEquals(Json.createValue(partial).toString(), Sqlite3.run(agentx,
                "SELECT content FROM messages WHERE subtype = 'assistant' ORDER BY rowid LIMIT 1 OFFSET 2;"),
                "the partial answer is stored as the user saw it");
        assertTrue(Sqlite3.run(agentx, "SELECT content FROM messages WHERE subtype = 'error';").contains("storage_full"));
        long expected = 1;
        for (String chunk : Sqlite3.run(agentx, "SELECT firstSeq || ' ' || lastSeq FROM turn_events ORDER BY firstSeq;")
                .split("\n")) {
            String[] range = chunk.split(" ");
            assertEquals(expected, Long.parseLong(range[0]), "no gap, no overlap in the stored events");
            expected = Long.parseLong(range[1]) + 1;
        }
        assertEquals(String.valueOf(expected - 1), Sqlite3.run(agentx, "SELECT lastSeq FROM sessions;"));
    }

    private static void assertStorageFull(JsonObject error) {
        assertEquals("storage_full", error.getString("code"), error.toString());
        assertTrue(error.getString("message").contains("out of disk space")
                && error.getString("message").contains("try again later"), error.toString());
    }

    private static JsonObject eventAfter(WsClient ws, String type, long afterSeq) {
        return ws.await(f -> type.equals(f.getString("type")) && f.containsKey("seq")
                && f.getJsonNumber("seq").longValue() > afterSeq, type + " after seq " + afterSeq);
    }

    private static long lastSeq(WsClient ws) {
        List<JsonObject> events = ws.events();
        return events.isEmpty() ? 0 : events.get(events.size() - 1).getJsonNumber("seq").longValue();
    }

    private static List<String> seqAndType(List<JsonObject> events) {
        return events.stream().map(e -> e.getJsonNumber("seq") + " " + e.getString("type")).toList();
    }

    private static JsonObject health(URI base) {
        return Http.get(base.resolve("health")).json();
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}
