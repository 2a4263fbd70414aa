package io.portagent.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.portagent.deploy.ChildProcess;
import io.portagent.deploy.Nginx;
import io.portagent.testing.Await;
import io.portagent.testing.Http;
import io.portagent.testing.Script;
import io.portagent.testing.SqliteWriteLock;
import io.portagent.testing.TestFiles;
import io.portagent.testing.TestUsers;
import io.portagent.testing.TestUsers.User;
import io.portagent.testing.Tmpfs;
import io.portagent.testing.WsClient;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The fault list, nothing lost: each fault of the model (HTTP errors, stalls, drops, malformed
 * SSE), of the client (a socket dropped mid-answer) and of the server (kill -9, another process
 * holding SQLite's write lock), then a normal turn. Per fault: user messages sent and stored,
 * whether the answer text a client got equals the stored one, whether the turn ended (no hung
 * spinner after 60 s), its error code, and the time until a turn works again.
 */
class FaultsIT {

    private static final Duration END_WITHIN = Duration.ofSeconds(60);

    private final Map<String, String> figures = new LinkedHashMap<>();
    private final List<String> broken = new ArrayList<>();
    private int sent;
    private int hung;

    @Test
    void everyFaultEndsItsTurnKeepsWhatTheClientSawAndLeavesTheServiceWorking() throws Exception {
        // the data directory on a small tmpfs of its own, so that the disk can be filled (needs root, as in CI)
        String[] noTmpfs = new String[1];
        Tmpfs disk = Tmpfs.mountOrNull("64m", why -> noTmpfs[0] = why);
        try (Tmpfs unmounted = disk; Service service = Service.start(Map.of("LLM_MAX_ATTEMPTS", "2",
                "LLM_IDLE_TIMEOUT", "3"), disk == null ? TestFiles.tempDir("portagent-reliability")
                        : disk.dir().resolve("portagent"))) {
            User user = TestUsers.register(service.base());
            String imageId;
            try (WsClient ws = WsClient.connect(service.base(), user.token())) {
                imageId = ws.request("image_create", Json.createObjectBuilder()).getJsonObject("data")
                        .getJsonObject("image").getString("imageId");
                ws.request("subscribe", Json.createObjectBuilder().add("imageId", imageId));
                modelFault(service, ws, imageId, "401", 1, () -> Script.httpError(401, "authentication_error", "bad key"));
                modelFault(service, ws, imageId, "403", 1, () -> Script.httpError(403, "permission_error", "no"));
                modelFault(service, ws, imageId, "429 retry-after 1 s", 2, () -> Script.rateLimited(Duration.ofSeconds(1)));
                modelFault(service, ws, imageId, "529", 2, Script::overloaded);
                for (int status : new int[] {500, 502, 503}) {
                    modelFault(service, ws, imageId, String.valueOf(status), 2,
                            () -> Script.httpError(status, "api_error", "upstream " + status));
                }
                modelFault(service, ws, imageId, "stall mid-stream", 1, () -> Script.text("a ", "b ", "c").stallAfterDeltas(2));
                modelFault(service, ws, imageId, "drop mid-stream", 1, () -> Script.text("a ", "b ", "c").dropAfterDeltas(2));
                modelFault(service, ws, imageId, "reset mid-stream", 1, () -> Script.text("a ", "b ", "c").resetAfterDeltas(2));
                modelFault(service, ws, imageId, "error event mid-stream", 1, () -> Script.text("a ", "b ", "c")
                        .overloadedAfterDeltas(2));
                modelFault(service, ws, imageId, "malformed SSE", 1, () -> Script.text("a ", "b ", "c").malformedAfterDeltas(2));
                sqliteLocked(service, ws, imageId);
                if (disk == null) {
                    figures.put("data disk full mid-answer", noTmpfs[0]);
                } else {
                    diskFull(service, ws, imageId, disk);
                }
            }
            socketDropped(service, user, imageId);
            nginxRestarted(service, user, imageId);
            killed(service, user, imageId);
            cycles(service, user, imageId);
            int stored = storedPrompts(service, user, imageId);
            figures.put("user messages sent / stored", sent + " / " + stored);
            figures.put("turns without an end event after 60 s", String.valueOf(hung));
            Report report = new Report("faults");
            figures.forEach(report::put);
            report.write();
            assertEquals(sent, stored, "user messages stored");
        }
        assertEquals(0, hung, "turns left without conversation_end");
        assertEquals(List.of(), broken, "faults that lost text or left the service broken");
    }

    /** The model fails {@code times} times in a row with {@code fault}; then a normal turn. */
    private void modelFault(Service service, WsClient ws, String imageId, String name, int times,
            Supplier<Script> fault) {
        for (int i = 0; i < times; i++) {
            service.model.enqueue(fault.get());
        }
        Turn turn = turn(ws, imageId, "fault " + name);
        String stored = lastAnswer(ws, imageId);
        boolean same = stored.equals(turn.text());
        long normalMs = normalAgain(service, ws, imageId);
        figures.put(name, "ended " + turn.ended() + ", error " + turn.error() + ", text seen '" + turn.text()
                + "' = stored " + same
                + ", normal again after " + normalMs + " ms");
        // with no error the model's answer (or, for a failure before any text reached the client, the retry's) is whole
        if (!same || normalMs < 0 || (turn.error() == null && turn.text().isEmpty())) {
            broken.add(name + ": seen '" + turn.text() + "', stored '" + stored + "'");
        }
    }

    private void sqliteLocked(Service service, WsClient ws, String imageId) throws InterruptedException {
        String[] deltas = new String[60];
        for (int i = 0; i < deltas.length; i++) {
            deltas[i] = "d" + i + " ";
        }
        service.model.enqueue(Script.text(deltas).deltaDelay(Duration.ofMillis(100)));
        int ends = ends(ws);
        int from = ws.events().size();
        ws.send("message_send", Json.createObjectBuilder().add("imageId", imageId).add("content", "locked"));
        sent++;
        try (SqliteWriteLock lock = SqliteWriteLock.take(service.dataDir.resolve("data/agentx.db"))) {
            Thread.sleep(10_000); // the fault under test: another process holds the lock this long
        }
        Turn turn = awaitEnd(ws, ends, from);
        String stored = lastAnswer(ws, imageId);
        boolean whole = stored.equals(String.join("", deltas)) && turn.text().equals(stored);
        figures.put("SQLite write lock held 10 s by sqlite3", "ended " + turn.ended() + ", error " + turn.error()
                + ", whole answer seen and stored " + whole);
        if (turn.error() != null || !whole) {
            broken.add("sqlite lock: error " + turn.error());
        }
    }

    /**
     * The data disk fills while an answer streams: the turn ends with {@code storage_full}; a
     * message sent while the disk is full is refused; once space is freed, what the client saw of
     * that turn (its partial answer and the error) reaches the history by itself, and a turn works
     * again without a restart. The disk is kept full (topped up) until a write has really failed:
     * SQLite may still find room in pages its files already hold, so writes can go on for a while
     * after the file system is full. Everything is read by the turn's own id, never as "the last".
     */
    private void diskFull(Service service, WsClient ws, String imageId, Tmpfs disk) {
        // an answer that keeps writing (about 600 KB of text and its events): SQLite's spare pages cannot hold it
        String[] deltas = new String[1200];
        String padding = "x".repeat(500);
        for (int i = 0; i < deltas.length; i++) {
            deltas[i] = "f" + i + padding + " ";
        }
        service.model.enqueue(Script.text(deltas).deltaDelay(Duration.ofMillis(40)));
        String turnId = sendTurn(ws, imageId, "fill up");
        ws.await(f -> turnId.equals(turnOf(f)) && "text_delta".equals(f.getString("type", null))
                && f.getJsonNumber("seq") != null, "a delta of the turn");
        long filled = System.nanoTime();
        disk.fill();
        Turn turn = awaitTurn(ws, turnId, disk);
        long endedMs = (System.nanoTime() - filled) / 1_000_000;
        // a message sent while full: refused once a write fails; one that finds room after all is a turn of its own
        String refusal = "accepted";
        int accepted = 0;
        for (int i = 0; i < 10 && "accepted".equals(refusal); i++) {
            disk.topUp();
            JsonObject refused = ws.request("message_send", Json.createObjectBuilder().add("imageId", imageId)
                    .add("content", "while full " + i));
            if (refused.containsKey("error")) {
                refusal = refused.getJsonObject("error").getString("code");
            } else { // answered by the model's default script: nothing was queued for it
                sent++;
                accepted++;
                awaitTurn(ws, turnOf(ws.await(f -> isUserMessage(f, refused.getJsonObject("data")
                        .getString("messageId")), "the user_message")), disk);
            }
        }
        long freed = System.nanoTime();
        disk.free();
        // nothing more is sent: the writer's own retry stores what the client saw
        String[] stored = {"", null};
        long storedMs;
        try {
            Await.until("the turn's partial answer and its error stored", Duration.ofSeconds(30), () -> {
                JsonArray messages = messages(ws, imageId);
                stored[0] = storedText(messages, turnId);
                stored[1] = storedError(messages, turnId);
                return stored[0].equals(turn.text()) && "storage_full".equals(stored[1]);
            }, Boolean::booleanValue);
            storedMs = (System.nanoTime() - freed) / 1_000_000;
        } catch (AssertionError notStored) {
            storedMs = -1;
        }
        long normalMs = normalAgain(service, ws, imageId);
        figures.put("data disk full mid-answer (tmpfs filled), then freed", "ended " + turn.ended() + " "
                + endedMs + " ms after the fill, error " + turn.error() + ", "
                + turn.text().split(" ").length + " of " + deltas.length + " deltas seen"
                + ", a message sent while full: " + refusal + (accepted > 0 ? " (after " + accepted
                        + " that still found room)" : "")
                + ", the text seen (" + turn.text().length() + " characters) and the error stored "
                + (storedMs < 0 ? "false (stored " + stored[0].length() + " characters, error " + stored[1] + ")"
                        : storedMs + " ms after the space was freed, with nothing sent")
                + ", normal again " + normalMs + " ms later");
        if (storedMs < 0 || normalMs < 0 || !"storage_full".equals(turn.error()) || !"storage_full".equals(refusal)) {
            broken.add("disk full: error " + turn.error() + ", refusal " + refusal + ", seen " + turn.text().length()
                    + " characters, stored " + stored[0].length() + ", stored error " + stored[1]);
        }
    }

    /** Sends a prompt; the id of the turn it started (its user_message event carries the message's id). */
    private String sendTurn(WsClient ws, String imageId, String prompt) {
        JsonObject answer = ws.request("message_send", Json.createObjectBuilder().add("imageId", imageId)
                .add("content", prompt));
        sent++;
        String messageId = answer.getJsonObject("data").getString("messageId");
        return turnOf(ws.await(f -> isUserMessage(f, messageId), "the turn's user_message"));
    }

    /** Waits up to 60 s for that turn's end, topping the disk up meanwhile; its text and error from its own events. */
    private Turn awaitTurn(WsClient ws, String turnId, Tmpfs disk) {
        try {
            Await.until("conversation_end of " + turnId, END_WITHIN, () -> {
                disk.topUp(); // whatever SQLite or the system gave back is taken again, until a write fails
                return ws.events().stream().anyMatch(e -> "conversation_end".equals(e.getString("type"))
                        && turnId.equals(turnOf(e)));
            }, Boolean::booleanValue);
        } catch (AssertionError e) {
            hung++;
            return new Turn(false, null, "");
        }
        StringBuilder text = new StringBuilder();
        String error = null;
        for (JsonObject e : ws.events()) {
            if (!turnId.equals(turnOf(e))) {
                continue;
            }
            if ("text_delta".equals(e.getString("type"))) {
                text.append(e.getJsonObject("data").getString("text"));
            } else if ("error".equals(e.getString("type"))) {
                error = e.getJsonObject("data").getString("code");
            }
        }
        return new Turn(true, error, text.toString());
    }

    private static boolean isUserMessage(JsonObject frame, String messageId) {
        return "user_message".equals(frame.getString("type", null)) && frame.get("data") instanceof JsonObject data
                && messageId.equals(data.getString("messageId", null));
    }

    private static String turnOf(JsonObject event) {
        return event.get("context") instanceof JsonObject context ? context.getString("turnId", null) : null;
    }

    /** The assistant text stored for that turn ("" when none). */
    private static String storedText(JsonArray messages, String turnId) {
        StringBuilder text = new StringBuilder();
        for (JsonObject m : messages.getValuesAs(JsonObject.class)) {
            if (turnId.equals(m.getString("turnId", null)) && "assistant".equals(m.getString("subtype"))
                    && m.get("content") instanceof JsonString s) {
                text.append(s.getString());
            }
        }
        return text.toString();
    }

    /** The code of the error message stored for that turn, or null. */
    private static String storedError(JsonArray messages, String turnId) {
        return messages.getValuesAs(JsonObject.class).stream().filter(m -> turnId.equals(m.getString("turnId", null))
                && "error".equals(m.getString("subtype"))).map(m -> m.getJsonObject("content").getString("code"))
                .findFirst().orElse(null);
    }

    /**
     * nginx (the shipped server block) in front of the service is stopped mid-answer and started
     * again: the socket through it drops; a new one through the restarted nginx subscribes with
     * {@code afterSeq} and gets the rest of the answer, each delta once, as stored.
     */
    private void nginxRestarted(Service service, User user, String imageId) {
        String[] deltas = new String[120];
        for (int i = 0; i < deltas.length; i++) {
            deltas[i] = "n" + i + " ";
        }
        int port = ChildProcess.freePort();
        Path prefix = Path.of("reliability-nginx").toAbsolutePath(); // under target/, failsafe's working directory
        TestFiles.deleteTree(prefix);
        String block = Nginx.serverBlock("portagent-root.conf", port, service.base().getPort(), null,
                prefix.resolve("logs"));
        URI proxied = URI.create("http://127.0.0.1:" + port + "/");
        ChildProcess nginx = Nginx.start(prefix, List.of(block));
        try {
            awaitThrough(proxied);
            service.model.enqueue(Script.text(deltas).deltaDelay(Duration.ofMillis(50)));
            StringBuilder seen = new StringBuilder();
            long lastSeq;
            try (WsClient first = WsClient.connect(proxied, user.token())) {
                first.request("subscribe", Json.createObjectBuilder().add("imageId", imageId));
                first.request("message_send", Json.createObjectBuilder().add("imageId", imageId)
                        .add("content", "through nginx"));
                sent++;
                first.await(f -> first.events().stream().filter(e -> "text_delta".equals(e.getString("type")))
                        .count() >= 10, "ten deltas through nginx");
                nginx.close(); // SIGTERM: nginx drops every connection it proxies
                first.awaitClose(WsClient.WAIT);
                List<JsonObject> events = first.events();
                lastSeq = events.get(events.size() - 1).getJsonNumber("seq").longValue();
                events.stream().filter(e -> "text_delta".equals(e.getString("type")))
                        .forEach(e -> seen.append(e.getJsonObject("data").getString("text")));
            }
            long stopped = System.nanoTime();
            nginx = Nginx.start(prefix, List.of(block));
            awaitThrough(proxied);
            long backMs = (System.nanoTime() - stopped) / 1_000_000;
            try (WsClient second = WsClient.connect(proxied, user.token())) {
                second.request("subscribe", Json.createObjectBuilder().add("imageId", imageId).add("afterSeq", lastSeq));
                JsonObject end = second.await(f -> "conversation_end".equals(f.getString("type", null)), "the end");
                second.events().stream().filter(e -> "text_delta".equals(e.getString("type")))
                        .forEach(e -> seen.append(e.getJsonObject("data").getString("text")));
                String stored = lastAnswer(second, imageId);
                boolean whole = seen.toString().equals(String.join("", deltas)) && stored.equals(seen.toString());
                long normalMs = normalAgain(service, second, imageId);
                figures.put("nginx stopped mid-answer and started again", "ended " + (end != null)
                        + ", every delta delivered once (before the stop and after resubscribing with afterSeq)"
                        + " and stored " + whole + ", nginx answering again " + backMs + " ms after the stop"
                        + ", a normal turn through it " + normalMs + " ms");
                if (!whole || normalMs < 0) {
                    broken.add("nginx restart: seen " + seen.length() + " chars, stored " + stored.length());
                }
            }
        } finally {
            nginx.close();
        }
    }

    private static void awaitThrough(URI proxied) {
        Await.until("the service through nginx", Duration.ofSeconds(30), () -> {
            try {
                return Http.get(proxied.resolve("health")).status();
            } catch (RuntimeException notYet) {
                return -1;
            }
        }, status -> status == 200);
    }

    /** The client's socket drops mid-answer; a new one subscribes with afterSeq and gets the rest. */
    private void socketDropped(Service service, User user, String imageId) {
        String[] deltas = new String[80];
        for (int i = 0; i < deltas.length; i++) {
            deltas[i] = "s" + i + " ";
        }
        service.model.enqueue(Script.text(deltas).deltaDelay(Duration.ofMillis(25)));
        StringBuilder seen = new StringBuilder();
        long lastSeq;
        try (WsClient first = WsClient.connect(service.base(), user.token())) {
            first.request("subscribe", Json.createObjectBuilder().add("imageId", imageId));
            first.request("message_send", Json.createObjectBuilder().add("imageId", imageId).add("content", "drop me"));
            sent++;
            first.await(f -> first.events().stream().filter(e -> "text_delta".equals(e.getString("type"))).count() >= 10,
                    "ten deltas");
            List<JsonObject> events = first.events();
            lastSeq = events.get(events.size() - 1).getJsonNumber("seq").longValue();
            events.stream().filter(e -> "text_delta".equals(e.getString("type")))
                    .forEach(e -> seen.append(e.getJsonObject("data").getString("text")));
        }
        try (WsClient second = WsClient.connect(service.base(), user.token())) {
            second.request("subscribe", Json.createObjectBuilder().add("imageId", imageId).add("afterSeq", lastSeq));
            JsonObject end = second.await(f -> "conversation_end".equals(f.getString("type", null)), "the end");
            second.events().stream().filter(e -> "text_delta".equals(e.getString("type")))
                    .forEach(e -> seen.append(e.getJsonObject("data").getString("text")));
            String stored = lastAnswer(second, imageId);
            boolean whole = seen.toString().equals(String.join("", deltas)) && stored.equals(seen.toString());
            figures.put("client socket dropped mid-answer, resubscribed with afterSeq", "ended " + (end != null)
                    + ", every delta delivered once and stored " + whole);
            if (!whole) {
                broken.add("socket drop: seen " + seen.length() + " chars");
            }
        }
    }

    /** kill -9 mid-answer, restart: the turn ends (interrupted, server_restarted) and the history says so. */
    private void killed(Service service, User user, String imageId) throws InterruptedException {
        String[] deltas = new String[400];
        for (int i = 0; i < deltas.length; i++) {
            deltas[i] = "k" + i + " ";
        }
        service.model.enqueue(Script.text(deltas).deltaDelay(Duration.ofMillis(25)));
        long lastSeq;
        try (WsClient ws = WsClient.connect(service.base(), user.token())) {
            ws.request("subscribe", Json.createObjectBuilder().add("imageId", imageId));
            ws.request("message_send", Json.createObjectBuilder().add("imageId", imageId).add("content", "kill me"));
            sent++;
            ws.await(f -> ws.events().stream().filter(e -> "text_delta".equals(e.getString("type"))).count() >= 5,
                    "five deltas");
            Thread.sleep(2_500); // past a checkpoint, as a crash usually is
            List<JsonObject> events = ws.events();
            lastSeq = events.get(events.size() - 1).getJsonNumber("seq").longValue();
        }
        long start = System.nanoTime();
        service.killAndRestart();
        try (WsClient ws = WsClient.connect(service.base(), user.token())) {
            ws.request("subscribe", Json.createObjectBuilder().add("imageId", imageId).add("afterSeq", lastSeq));
            ws.await(f -> "conversation_end".equals(f.getString("type", null)), "the closing events after the restart");
            String code = ws.events().stream().filter(e -> "error".equals(e.getString("type")))
                    .map(e -> e.getJsonObject("data").getString("code")).findFirst().orElse(null);
            JsonArray messages = messages(ws, imageId);
            JsonObject last = messages.getJsonObject(messages.size() - 1);
            boolean storedError = "error".equals(last.getString("subtype"))
                    && last.getJsonObject("content").getString("code").equals("server_restarted");
            long normalMs = normalAgain(service, ws, imageId);
            long totalMs = (System.nanoTime() - start) / 1_000_000;
            figures.put("kill -9 mid-answer, restart", "error event " + code + ", error message stored " + storedError
                    + ", normal again " + totalMs + " ms after the kill (the turn itself " + normalMs + " ms)");
            if (!storedError || !"server_restarted".equals(code) || normalMs < 0) {
                broken.add("kill -9: code " + code + ", stored " + storedError);
            }
        }
    }

    /** Connect, subscribe, drop, many times: the server lets go of every socket and session. */
    private void cycles(Service service, User user, String imageId) {
        int count = Reliability.count(100, 500);
        for (int i = 0; i < count; i++) {
            try (WsClient ws = WsClient.connect(service.base(), user.token())) {
                ws.request("subscribe", Json.createObjectBuilder().add("imageId", imageId));
            }
        }
        long start = System.nanoTime();
        Await.until("every socket and session released", Duration.ofSeconds(30),
                () -> Http.get(service.uri("health")).json(), h -> h.getInt("connections") == 0
                        && h.getInt("sessionsInMemory") == 0);
        figures.put(count + " connect/subscribe/drop cycles", "connections and sessions back to 0 after "
                + (System.nanoTime() - start) / 1_000_000 + " ms");
    }

    private record Turn(boolean ended, String error, String text) {
    }

    private Turn turn(WsClient ws, String imageId, String prompt) {
        int ends = ends(ws);
        int from = ws.events().size();
        ws.request("message_send", Json.createObjectBuilder().add("imageId", imageId).add("content", prompt));
        sent++;
        return awaitEnd(ws, ends, from);
    }

    /** Waits for the turn's end; its text and error from the events after the first {@code from}. */
    private Turn awaitEnd(WsClient ws, int endsBefore, int from) {
        try {
            Await.until("conversation_end", END_WITHIN, () -> ends(ws), n -> n > endsBefore);
        } catch (AssertionError e) {
            hung++;
            return new Turn(false, null, "");
        }
        List<JsonObject> events = ws.events();
        StringBuilder text = new StringBuilder();
        String error = null;
        for (JsonObject e : events.subList(from, events.size())) {
            if ("text_delta".equals(e.getString("type"))) {
                text.append(e.getJsonObject("data").getString("text"));
            } else if ("error".equals(e.getString("type"))) {
                error = e.getJsonObject("data").getString("code");
            }
        }
        return new Turn(true, error, text.toString());
    }

    private static int ends(WsClient ws) {
        return (int) ws.events().stream().filter(e -> "conversation_end".equals(e.getString("type"))).count();
    }

    /** A plain turn after the fault: how long until it completes, or -1 if it does not. */
    private long normalAgain(Service service, WsClient ws, String imageId) {
        service.model.enqueue(Script.text("fine"));
        long start = System.nanoTime();
        Turn turn = turn(ws, imageId, "are you back?");
        return turn.ended() && turn.error() == null && "fine".equals(turn.text())
                ? (System.nanoTime() - start) / 1_000_000 : -1;
    }

    private static JsonArray messages(WsClient ws, String imageId) {
        return ws.request("image_messages", Json.createObjectBuilder().add("imageId", imageId)).getJsonObject("data")
                .getJsonArray("messages");
    }

    /** The text of the last turn's stored answer ("" when it stored none). */
    private static String lastAnswer(WsClient ws, String imageId) {
        JsonArray messages = messages(ws, imageId);
        StringBuilder text = new StringBuilder();
        for (int i = messages.size() - 1; i >= 0; i--) {
            JsonObject m = messages.getJsonObject(i);
            if ("user".equals(m.getString("subtype"))) {
                break;
            }
            if ("assistant".equals(m.getString("subtype")) && m.get("content") instanceof JsonString s) {
                text.insert(0, s.getString());
            }
        }
        return text.toString();
    }

    private static int storedPrompts(Service service, User user, String imageId) {
        try (WsClient ws = WsClient.connect(service.base(), user.token())) {
            JsonArray messages = messages(ws, imageId);
            return (int) messages.stream().filter(m -> "user".equals(m.asJsonObject().getString("subtype"))).count();
        }
    }
}
