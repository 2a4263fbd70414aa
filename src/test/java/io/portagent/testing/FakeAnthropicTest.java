package io.portagent.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.StringReader;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Proves {@link FakeAnthropic} speaks the streaming protocol and its faults as scripted. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class FakeAnthropicTest {

    private static final Duration WAIT = Duration.ofSeconds(3);
    private static final String MODEL = "claude-sonnet-4-5";

    private FakeAnthropic fake;
    private HttpClient client;

    @BeforeEach
    void startFake() {
        fake = FakeAnthropic.start();
        client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(WAIT)
                .build();
    }

    @AfterEach
    void stopFake() {
        fake.close();
        assertEquals(List.of(), fake.internalErrors());
    }

    // ---- streams ----

    @Test
    void textStreamYieldsTheDocumentedEventSequenceAndConcatenatedText() throws Exception {
        fake.enqueue(Script.text("Hel", "lo, ", "world").usage(12, 3));

        HttpResponse<String> response = client.send(streamingRequest(MODEL), BodyHandlers.ofString());

        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("content-type").orElseThrow().startsWith("text/event-stream"));
        List<Sse> events = parseSse(response.body());
        assertEquals(List.of("message_start", "content_block_start", "content_block_delta", "content_block_delta",
                "content_block_delta", "content_block_stop", "message_delta", "message_stop"), names(events));
        JsonObject message = events.get(0).json().getJsonObject("message");
        assertEquals(MODEL, message.getString("model"));
        assertTrue(message.getString("id").startsWith("msg_"));
        assertEquals(12, message.getJsonObject("usage").getInt("input_tokens"));
        assertEquals("text", events.get(1).json().getJsonObject("content_block").getString("type"));
        assertEquals("Hello, world", concatenatedText(events));
        JsonObject messageDelta = events.get(6).json();
        assertEquals("end_turn", messageDelta.getJsonObject("delta").getString("stop_reason"));
        assertEquals(3, messageDelta.getJsonObject("usage").getInt("output_tokens"));
    }

    @Test
    void toolUseInputJsonChunksSplitAtAwkwardPlacesConcatenateToValidJson() throws Exception {
        fake.enqueue(Script.stream()
                .text("Let me check.")
                .toolUse("toolu_01", "get_weather", "", "{\"loc", "ation\": \"San Fr", "ancisco\", \"un", "it\": 1}")
                .toolUse("toolu_02", "get_time", "{\"tz\":\"Amer", "ica/Los_Angeles\"}"));

        List<Sse> events = parseSse(client.send(streamingRequest(MODEL), BodyHandlers.ofString()).body());

        JsonObject firstTool = events.stream().filter(e -> e.event().equals("content_block_start"))
                .map(Sse::json).filter(j -> j.getInt("index") == 1).findFirst().orElseThrow();
        assertEquals("tool_use", firstTool.getJsonObject("content_block").getString("type"));
        assertEquals("toolu_01", firstTool.getJsonObject("content_block").getString("id"));
        assertEquals("get_weather", firstTool.getJsonObject("content_block").getString("name"));
        JsonObject weatherInput = parseJson(partialJson(events, 1));
        assertEquals("San Francisco", weatherInput.getString("location"));
        assertEquals(1, weatherInput.getInt("unit"));
        assertEquals("America/Los_Angeles", parseJson(partialJson(events, 2)).getString("tz"));
        assertEquals("tool_use", stopReason(events));
    }

    @Test
    void pingsAndKeepAliveCommentsAreInterleavedWithoutChangingTheText() throws Exception {
        fake.enqueue(Script.text("a", "b", "c", "d").pingEvery(2).keepAliveEvery(1).ping());

        String body = client.send(streamingRequest(MODEL), BodyHandlers.ofString()).body();

        assertEquals(4, body.lines().filter(": keep-alive"::equals).count());
        List<Sse> events = parseSse(body);
        assertEquals(3, names(events).stream().filter("ping"::equals).count());
        assertEquals("{\"type\":\"ping\"}", events.stream().filter(e -> e.event().equals("ping")).findFirst()
                .orElseThrow().data());
        assertEquals("abcd", concatenatedText(events));
    }

    @Test
    void errorEventAfterNDeltasEndsTheResponseCleanly() throws Exception {
        fake.enqueue(Script.text("a", "b", "c").overloadedAfterDeltas(2));

        List<Sse> events = parseSse(client.send(streamingRequest(MODEL), BodyHandlers.ofString()).body());

        assertEquals(List.of("message_start", "content_block_start", "content_block_delta", "content_block_delta",
                "error"), names(events));
        JsonObject error = events.get(4).json();
        assertEquals("error", error.getString("type"));
        assertEquals("overloaded_error", error.getJsonObject("error").getString("type"));
        assertEquals("Overloaded", error.getJsonObject("error").getString("message"));
    }

    @Test
    void emptyQueueFallsBackToTheDefaultScriptAndEchoesTheModel() throws Exception {
        String first = concatenatedText(parseSse(
                client.send(streamingRequest("claude-opus-4-1"), BodyHandlers.ofString()).body()));
        fake.defaultScript(Script.text("changed"));
        List<Sse> second = parseSse(client.send(streamingRequest("claude-haiku-4-5"), BodyHandlers.ofString()).body());

        assertEquals("Hello from the fake model.", first);
        assertEquals("changed", concatenatedText(second));
        assertEquals("claude-haiku-4-5", second.get(0).json().getJsonObject("message").getString("model"));
    }

    // ---- HTTP errors and routing ----

    @ParameterizedTest
    @CsvSource({
        "400, invalid_request_error", "401, authentication_error", "403, permission_error",
        "429, rate_limit_error", "500, api_error", "529, overloaded_error"})
    void httpErrorCarriesStatusRetryAfterAndAnthropicErrorBody(int status, String type) throws Exception {
        fake.enqueue(Script.httpError(status, type, "scripted " + type).retryAfter(Duration.ofSeconds(7)));

        HttpResponse<String> response = client.send(streamingRequest(MODEL), BodyHandlers.ofString());

        assertEquals(status, response.statusCode());
        assertEquals("7", response.headers().firstValue("retry-after").orElseThrow());
        assertEquals("application/json", response.headers().firstValue("content-type").orElseThrow());
        JsonObject body = parseJson(response.body());
        assertEquals("error", body.getString("type"));
        assertEquals(type, body.getJsonObject("error").getString("type"));
        assertEquals("scripted " + type, body.getJsonObject("error").getString("message"));
        assertEquals(response.headers().firstValue("request-id").orElseThrow(), body.getString("request_id"));
    }

    @Test
    void unknownPathGets404AndNonStreamingRequestGets400WithoutConsumingAScript() throws Exception {
        fake.enqueue(Script.text("kept"));

        HttpResponse<String> notFound = client.send(
                HttpRequest.newBuilder(fake.baseUri().resolve("/v1/files")).GET().build(), BodyHandlers.ofString());
        HttpResponse<String> notStreaming = client.send(
                post(fake.messagesUri(), "{\"model\":\"" + MODEL + "\",\"max_tokens\":5,\"messages\":[]}"),
                BodyHandlers.ofString());

        assertEquals(404, notFound.statusCode());
        assertEquals("not_found_error", parseJson(notFound.body()).getJsonObject("error").getString("type"));
        assertEquals(400, notStreaming.statusCode());
        assertEquals("invalid_request_error",
                parseJson(notStreaming.body()).getJsonObject("error").getString("type"));
        assertEquals(1, fake.pendingScripts());
        assertEquals(2, fake.requests().size());
    }

    /** The application's key check: the model list answers any key until a key is required, then only that one. */
    @Test
    void modelListAnswersTheKeyCheckAndRefusesAWrongKeyOnceAKeyIsRequired() throws Exception {
        HttpRequest list = HttpRequest.newBuilder(fake.baseUri().resolve("/v1/models")).header("x-api-key", "sk-a")
                .header("anthropic-version", "2023-06-01").GET().build();
        HttpResponse<String> open = client.send(list, BodyHandlers.ofString());
        fake.requireKey("sk-b");
        HttpResponse<String> refused = client.send(list, BodyHandlers.ofString());
        HttpResponse<String> refusedStream = client.send(HttpRequest.newBuilder(fake.messagesUri())
                .header("x-api-key", "sk-a").POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"" + MODEL
                        + "\",\"max_tokens\":5,\"stream\":true,\"messages\":[]}")).build(), BodyHandlers.ofString());

        assertEquals(200, open.statusCode());
        assertEquals("fake-model", parseJson(open.body()).getJsonArray("data").getJsonObject(0).getString("id"));
        assertEquals(401, refused.statusCode());
        assertEquals("authentication_error", parseJson(refused.body()).getJsonObject("error").getString("type"));
        assertEquals(401, refusedStream.statusCode());
        assertEquals(2, fake.modelListRequests().size());
        assertEquals(1, fake.requests().size(), "the model list is kept apart from the other requests");
    }

    // ---- broken streams ----

    @Test
    void dropClosesTheSocketWithoutTheTerminatingChunkSoTheClientReadFails() throws Exception {
        Script drop = Script.text("one", "two", "three").dropAfterDeltas(2);
        fake.enqueue(drop, drop);

        // Raw bytes show exactly what was sent; HttpClient shows how a real client experiences it.
        RawResponse raw = rawExchange(rawStreamingRequest(false));
        assertThrows(IOException.class, () -> client.send(streamingRequest(MODEL), BodyHandlers.ofString()));

        assertFalse(raw.terminated(), "no zero-size last chunk before EOF");
        List<Sse> events = parseSse(new String(raw.body(), StandardCharsets.UTF_8));
        assertEquals("onetwo", concatenatedText(events));
        assertEquals("content_block_delta", events.get(events.size() - 1).event());
        fake.awaitOpenConnections(0, WAIT);
    }

    @Test
    void resetAbortsTheConnectionSoTheClientReadFails() {
        fake.enqueue(Script.text("one", "two", "three").resetAfterDeltas(1));

        assertThrows(IOException.class, () -> client.send(streamingRequest(MODEL), BodyHandlers.ofString()));
        fake.awaitOpenConnections(0, WAIT);
    }

    @Test
    void stallSendsNoBytesUntilCloseEndsTheStreamWithAnError() throws Exception {
        fake.enqueue(Script.text("first", "never").stallAfterDeltas(1));
        HttpResponse<InputStream> response = client.send(streamingRequest(MODEL), BodyHandlers.ofInputStream());
        BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
        readEventContaining(reader, "\"first\"");
        fake.awaitStalledStreams(1, WAIT);

        CompletableFuture<Integer> nextChar = readAsync(reader);
        assertThrows(TimeoutException.class, () -> nextChar.get(300, TimeUnit.MILLISECONDS));
        fake.close();

        ExecutionException ended = assertThrows(ExecutionException.class,
                () -> nextChar.get(WAIT.toMillis(), TimeUnit.MILLISECONDS));
        assertInstanceOf(IOException.class, ended.getCause());
        assertEquals(0, fake.stalledStreams());
    }

    @Test
    void releasedStallResumesTheScriptWhereItStopped() throws Exception {
        fake.enqueue(Script.text("a", "b", "c").stallAfterDeltas(2));

        CompletableFuture<HttpResponse<String>> pending = client.sendAsync(streamingRequest(MODEL),
                BodyHandlers.ofString());
        fake.awaitStalledStreams(1, WAIT);
        assertFalse(pending.isDone());
        fake.releaseStalls();

        assertEquals("abc", concatenatedText(parseSse(pending.get(WAIT.toMillis(), TimeUnit.MILLISECONDS).body())));
        fake.awaitStalledStreams(0, WAIT);
    }

    @Test
    void clientHangingUpDuringAStallEndsTheActiveStream() throws Exception {
        fake.enqueue(Script.text("a", "b").stallAfterDeltas(1));
        try (Socket socket = new Socket("127.0.0.1", fake.port())) {
            socket.getOutputStream().write(rawStreamingRequest(false).getBytes(StandardCharsets.UTF_8));
            fake.awaitStalledStreams(1, WAIT);
            assertEquals(1, fake.activeStreams());
        }

        fake.awaitActiveStreams(0, WAIT);
        fake.awaitOpenConnections(0, WAIT);
    }

    // ---- pacing and timing ----

    @Test
    void slowStreamDelaysTheFirstByteAndPacesDeltasReportingSendTimes() throws Exception {
        List<DeltaSent> sent = new CopyOnWriteArrayList<>();
        fake.onDeltaSent(sent::add);
        fake.enqueue(Script.text("a", "b", "c", "d").firstByteDelay(Duration.ofMillis(100))
                .deltaDelay(Duration.ofMillis(15)));

        long start = System.nanoTime();
        HttpResponse<InputStream> response = client.send(streamingRequest(MODEL), BodyHandlers.ofInputStream());
        long headersAfterMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        List<Sse> events;
        try (InputStream body = response.body()) {
            events = parseSse(new String(body.readAllBytes(), StandardCharsets.UTF_8));
        }

        assertTrue(headersAfterMillis >= 100, "headers came after " + headersAfterMillis + " ms");
        assertEquals(List.of(1, 2, 3, 4), sent.stream().map(DeltaSent::deltaNumber).collect(Collectors.toList()));
        String messageId = events.get(0).json().getJsonObject("message").getString("id");
        assertTrue(sent.stream().allMatch(d -> d.messageId().equals(messageId)));
        // Fixed-rate pacing guarantees delta k no earlier than firstByteDelay + (k-1) * delay after
        // the request arrived; gaps between single deltas may shrink after a late one, by design.
        long receivedAt = fake.lastRequest().receivedAtNanos();
        for (DeltaSent delta : sent) {
            long earliest = TimeUnit.MILLISECONDS.toNanos(100 + 15L * (delta.deltaNumber() - 1));
            assertTrue(delta.sentAtNanos() - receivedAt >= earliest, "delta " + delta.deltaNumber() + " too early");
        }
    }

    // ---- wire details ----

    @Test
    void crlfAndSplitWritesCutEventsAcrossChunksMidLineAndBetweenCrAndLf() throws Exception {
        fake.enqueue(Script.text("héllo", " wörld").crlf().splitWrites(Duration.ofMillis(1)));

        RawResponse response = rawExchange(rawStreamingRequest(true));

        String body = new String(response.body(), StandardCharsets.UTF_8);
        assertTrue(body.replace("\r\n", "").indexOf('\n') < 0, "every LF is preceded by CR");
        assertTrue(response.chunks().stream().anyMatch(FakeAnthropicTest::endsMidDataLine),
                "a chunk ends mid data line");
        assertTrue(response.chunks().stream().anyMatch(c -> c.endsWith("\r")), "a chunk ends between CR and LF");
        assertTrue(response.chunks().stream().anyMatch(c -> c.startsWith("event: ") && !c.contains("\r")),
                "a chunk ends mid event name");
        assertEquals("héllo wörld", concatenatedText(parseSse(body)));
    }

    // ---- recording and connections ----

    @Test
    void requestsAreRecordedWithCaseInsensitiveHeadersAndParsedBody() throws Exception {
        String body = "{\"model\":\"" + MODEL + "\",\"max_tokens\":256,\"stream\":true,\"system\":\"Be brief.\","
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Weather?\"}],"
                + "\"tools\":[{\"name\":\"get_weather\",\"input_schema\":{\"type\":\"object\"}}]}";

        client.send(post(URI.create(fake.messagesUri() + "?beta=true"), body), BodyHandlers.ofString());

        RecordedRequest request = fake.awaitRequests(1, WAIT).get(0);
        assertEquals(request, fake.lastRequest());
        assertEquals("POST", request.method());
        assertEquals("/v1/messages", request.path());
        assertEquals("beta=true", request.query());
        assertEquals("sk-ant-test", request.header("X-Api-Key"));
        assertEquals("2023-06-01", request.header("anthropic-version"));
        assertEquals(body, request.body());
        JsonObject json = request.bodyJson();
        assertEquals(MODEL, json.getString("model"));
        assertTrue(json.getBoolean("stream"));
        assertEquals(256, json.getInt("max_tokens"));
        assertEquals("Be brief.", json.getString("system"));
        assertEquals("Weather?", json.getJsonArray("messages").getJsonObject(0).getString("content"));
        assertEquals("get_weather", json.getJsonArray("tools").getJsonObject(0).getString("name"));
    }

    @Test
    void keepAliveServesSequentialRequestsOverOneConnectionInQueueOrder() throws Exception {
        fake.enqueue(Script.text("first"), Script.text("second"));

        String one = concatenatedText(parseSse(client.send(streamingRequest(MODEL), BodyHandlers.ofString()).body()));
        String two = concatenatedText(parseSse(client.send(streamingRequest(MODEL), BodyHandlers.ofString()).body()));

        assertEquals("first", one);
        assertEquals("second", two);
        List<RecordedRequest> requests = fake.awaitRequests(2, WAIT);
        assertEquals(requests.get(0).connectionId(), requests.get(1).connectionId());
        assertEquals(1, fake.connectionsAccepted());
    }

    @Test
    void connectionCloseRequestIsAnsweredAndThenTheSocketCloses() throws Exception {
        RawResponse response = rawExchange(rawStreamingRequest(true));

        assertTrue(response.head().startsWith("HTTP/1.1 200 OK\r\n"));
        assertEquals("close", response.headers().get("connection"));
        assertEquals("chunked", response.headers().get("transfer-encoding"));
        assertTrue(response.terminated(), "the zero-size last chunk was sent before closing");
        fake.awaitOpenConnections(0, WAIT);
    }

    @Test
    void manyConcurrentStreamsAreHeldOpenAtOnceAndAllComplete() throws Exception {
        int streams = 200;
        fake.defaultScript(Script.text("x", "y", "z").stallAfterDeltas(1));

        List<CompletableFuture<HttpResponse<String>>> responses = IntStream.range(0, streams)
                .mapToObj(i -> client.sendAsync(streamingRequest(MODEL), BodyHandlers.ofString()))
                .collect(Collectors.toList());
        fake.awaitStalledStreams(streams, WAIT);
        assertEquals(streams, fake.activeStreams());
        fake.releaseStalls();

        for (CompletableFuture<HttpResponse<String>> response : responses) {
            String body = response.get(WAIT.toMillis(), TimeUnit.MILLISECONDS).body();
            assertEquals("xyz", concatenatedText(parseSse(body)));
        }
        assertEquals(streams, fake.peakActiveStreams());
        fake.awaitActiveStreams(0, WAIT);
    }

    // ---- helpers: requests ----

    private HttpRequest streamingRequest(String model) {
        return post(fake.messagesUri(), "{\"model\":\"" + model + "\",\"max_tokens\":1024,\"stream\":true,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
    }

    private static HttpRequest post(URI uri, String body) {
        return HttpRequest.newBuilder(uri)
                .header("x-api-key", "sk-ant-test")
                .header("anthropic-version", "2023-06-01")
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    /** A request written by hand, because HttpClient forbids setting {@code Connection}. */
    private String rawStreamingRequest(boolean close) {
        String body = "{\"model\":\"" + MODEL + "\",\"max_tokens\":16,\"stream\":true,\"messages\":[]}";
        return "POST /v1/messages HTTP/1.1\r\n"
                + "Host: 127.0.0.1:" + fake.port() + "\r\n"
                + "Content-Type: application/json\r\n"
                + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n"
                + (close ? "Connection: close\r\n" : "")
                + "\r\n" + body;
    }

    /** The head, headers and chunks of a raw response read to EOF; chunks decoded as UTF-8. */
    private record RawResponse(String head, Map<String, String> headers, List<String> chunks, byte[] body,
            boolean terminated) {
    }

    private RawResponse rawExchange(String request) throws IOException {
        byte[] all;
        try (Socket socket = new Socket("127.0.0.1", fake.port())) {
            socket.setSoTimeout((int) WAIT.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.UTF_8));
            out.flush();
            all = socket.getInputStream().readAllBytes();
        }
        String text = new String(all, StandardCharsets.ISO_8859_1);
        int headEnd = text.indexOf("\r\n\r\n") + 4;
        String head = text.substring(0, headEnd);
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        head.lines().skip(1).filter(l -> l.contains(":"))
                .forEach(l -> headers.put(l.substring(0, l.indexOf(':')), l.substring(l.indexOf(':') + 1).trim()));
        List<String> chunks = new ArrayList<>();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int at = headEnd;
        while (at < all.length) {
            int lineEnd = text.indexOf("\r\n", at);
            int size = Integer.parseInt(text.substring(at, lineEnd), 16);
            if (size == 0) {
                return new RawResponse(head, headers, chunks, body.toByteArray(), true);
            }
            chunks.add(new String(all, lineEnd + 2, size, StandardCharsets.UTF_8));
            body.write(all, lineEnd + 2, size);
            at = lineEnd + 2 + size + 2;
        }
        return new RawResponse(head, headers, chunks, body.toByteArray(), false);
    }

    // ---- helpers: reading ----

    /** Reads through the line containing {@code marker} and the blank line ending its event. */
    private static void readEventContaining(BufferedReader reader, String marker) throws IOException {
        String line;
        do {
            line = reader.readLine();
            assertNotNull(line, "stream ended before " + marker);
        } while (!line.contains(marker));
        assertEquals("", reader.readLine());
    }

    /** Reads one char on another thread, so the test can wait for it with a deadline. */
    private static CompletableFuture<Integer> readAsync(BufferedReader reader) {
        CompletableFuture<Integer> result = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                result.complete(reader.read());
            } catch (IOException e) {
                result.completeExceptionally(e);
            }
        }, "test-reader");
        thread.setDaemon(true);
        thread.start();
        return result;
    }

    private static boolean endsMidDataLine(String chunk) {
        int dataStart = chunk.lastIndexOf("data: {");
        return dataStart >= 0 && chunk.indexOf('\r', dataStart) < 0;
    }

    // ---- helpers: SSE ----

    /** One dispatched SSE event, parsed as the SSE spec says (comments skipped, one space trimmed). */
    private record Sse(String event, String data) {
        JsonObject json() {
            return parseJson(data);
        }
    }

    private static List<Sse> parseSse(String body) {
        List<Sse> events = new ArrayList<>();
        String event = null;
        StringBuilder data = null;
        for (String line : body.split("\r\n|\r|\n", -1)) {
            if (line.isEmpty()) {
                if (data != null) {
                    events.add(new Sse(event == null ? "message" : event, data.toString()));
                }
                event = null;
                data = null;
            } else if (!line.startsWith(":")) {
                int colon = line.indexOf(':');
                String field = colon < 0 ? line : line.substring(0, colon);
                String value = colon < 0 ? "" : line.substring(colon + 1);
                value = value.startsWith(" ") ? value.substring(1) : value;
                if (field.equals("event")) {
                    event = value;
                } else if (field.equals("data")) {
                    data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                }
            }
        }
        return events;
    }

    private static List<String> names(List<Sse> events) {
        return events.stream().map(Sse::event).collect(Collectors.toList());
    }

    private static String concatenatedText(List<Sse> events) {
        return deltas(events).filter(d -> d.getString("type").equals("text_delta"))
                .map(d -> d.getString("text")).collect(Collectors.joining());
    }

    private static String partialJson(List<Sse> events, int index) {
        return events.stream().filter(e -> e.event().equals("content_block_delta")).map(Sse::json)
                .filter(j -> j.getInt("index") == index)
                .map(j -> j.getJsonObject("delta").getString("partial_json")).collect(Collectors.joining());
    }

    private static Stream<JsonObject> deltas(List<Sse> events) {
        return events.stream().filter(e -> e.event().equals("content_block_delta"))
                .map(e -> e.json().getJsonObject("delta"));
    }

    private static String stopReason(List<Sse> events) {
        return events.stream().filter(e -> e.event().equals("message_delta")).findFirst().orElseThrow()
                .json().getJsonObject("delta").getString("stop_reason");
    }

    private static JsonObject parseJson(String text) {
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }
}
