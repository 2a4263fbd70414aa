package io.portagent.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.portagent.reliability.Endpoints.Endpoint;
import io.portagent.testing.Http;
import io.portagent.testing.TestUsers;
import io.portagent.testing.TestUsers.User;
import io.portagent.testing.WsClient;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Fuzzing against the {@code java -jar} service, with random inputs from one seed
 * ({@link RandomInputs}): socket frames mutated
 * from valid requests (cut short, wrong types, huge numbers, deep nesting, broken UTF-16,
 * megabytes) and HTTP requests to every endpoint found in the code (methods, bodies, content
 * types, query strings, injection in every string). Properties: no 5xx, the socket answers or
 * closes with a named code, and afterwards no ERROR line with a stack trace, the server alive
 * and its heap after GC near where it started. Tries per property: {@code portagent.fuzz.tries},
 * 300 in {@code mvn verify}, 10,000 with {@code -Preliability}.
 */
class FuzzIT {

    private static final List<String> INJECTIONS = List.of("' OR '1'='1", "\"; DROP TABLE users; --", "../../etc/passwd",
            "..%2f..%2fdata", "%00", "${jndi:ldap://127.0.0.1/x}", "<script>alert(1)</script>", "\uD800", "\uDFFF",
            "\u0000", "9".repeat(400), "-1", "1e999", "{{7*7}}", "*)(uid=*))(|(uid=*");

    private static Service service;
    private static User user;
    private static String imageId;
    private static WsClient socket;
    private static long heapBefore;
    private static final AtomicInteger FRAMES = new AtomicInteger();
    private static final AtomicInteger REQUESTS = new AtomicInteger();
    private static final AtomicInteger SERVER_ERRORS = new AtomicInteger();
    private static final AtomicInteger CLOSES = new AtomicInteger();
    private static final AtomicInteger TOO_BIG_RESETS = new AtomicInteger();
    private static final List<Endpoint> ENDPOINTS = Endpoints.http();
    private static final List<String> TYPES = Endpoints.webSocketRequests();
    private static final List<String> LITERALS = List.of("1e309", "-0", "18446744073709551616", "null", "true", "[]",
            "{}", "[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]");
    private static final List<String> METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD");
    private static final List<String> CONTENT_TYPES = List.of("application/json", "text/plain",
            "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/json; charset=latin1",
            "application/xml", "*/*");
    private static final RandomInputs RANDOM = new RandomInputs();

    @BeforeAll
    static void start() throws Exception {
        service = Service.shared();
        user = TestUsers.register(service.base());
        try (WsClient ws = WsClient.connect(service.base(), user.token())) {
            imageId = ws.request("image_create", jakarta.json.Json.createObjectBuilder()).getJsonObject("data")
                    .getJsonObject("image").getString("imageId");
        }
        heapBefore = heapAfterGc();
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (socket != null) {
                socket.close();
            }
            boolean alive = Http.get(service.uri("health")).status() == 200;
            long heapAfter = heapAfterGc();
            String logs = service.logs();
            long errorTraces = logs.lines().filter(l -> l.contains(" ERROR ")).count() == 0 ? 0
                    : countErrorsWithTraces(logs);
            long uncaught = logs.lines().filter(l -> l.startsWith("Exception in thread")).count();
            new Report("fuzzing").put("seed", RANDOM.seed()).put("socket frames", FRAMES.get()).put("http requests", REQUESTS.get())
                    .put("uncaught exceptions printed by the container", uncaught)
                    .put("5xx answers", SERVER_ERRORS.get()).put("sockets closed by the server", CLOSES.get())
                    .put("3 MB frames whose 1009 close arrived as a reset (1006)", TOO_BIG_RESETS.get())
                    .put("ERROR log lines with a stack trace", errorTraces).put("alive", alive)
                    .put("heap after GC before, KB", heapBefore / 1024).put("heap after GC after, KB", heapAfter / 1024)
                    .write();
            assertEquals(0, SERVER_ERRORS.get(), "5xx answers");
            assertEquals(0, errorTraces, "ERROR log lines with a stack trace");
            assertTrue(alive, "the server answers /health");
            assertTrue(heapAfter < heapBefore + 64L * 1024 * 1024, "heap after GC grew from " + heapBefore + " to "
                    + heapAfter);
        } finally {
            socket = null; // the shared service stays up for the other parts
        }
    }

    private static long countErrorsWithTraces(String logs) {
        List<String> lines = logs.lines().toList();
        long count = 0;
        for (int i = 0; i + 1 < lines.size(); i++) {
            if (lines.get(i).contains(" ERROR ") && lines.get(i + 1).startsWith("\tat ")
                    || lines.get(i).contains(" ERROR ") && lines.get(i + 1).matches("^[\\w.$]+(Exception|Error).*")) {
                count++;
            }
        }
        return count;
    }

    /** The service's used heap after a full GC, asked with jcmd. */
    private static long heapAfterGc() throws IOException, InterruptedException {
        run("jcmd", String.valueOf(service.pid()), "GC.run");
        String info = run("jcmd", String.valueOf(service.pid()), "GC.heap_info");
        java.util.regex.Matcher used = java.util.regex.Pattern.compile("used (\\d+)K").matcher(info);
        return used.find() ? Long.parseLong(used.group(1)) * 1024 : -1;
    }

    private static String run(String... command) throws IOException, InterruptedException {
        String jcmd = java.nio.file.Path.of(System.getProperty("java.home"), "bin", command[0]).toString();
        command[0] = jcmd;
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.waitFor(60, TimeUnit.SECONDS);
        return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    // ---- socket frames

    @Test
    void aMutatedFrameIsAnsweredOrClosedWithANamedCodeNeverCrashes() {
        for (int i = 0; i < RandomInputs.TRIES; i++) {
            String frame = frame();
            send(frame, "frame " + (i + 1) + " of seed " + RANDOM.seed() + ": "
                    + (frame.length() > 200 ? frame.substring(0, 200) + "..." : frame));
        }
    }

    private static void send(String frame, String which) {
        if (socket == null || socket.isClosed()) {
            socket = WsClient.connect(service.base(), user.token());
        }
        FRAMES.incrementAndGet();
        try {
            socket.sendRaw(frame);
        } catch (RuntimeException e) {
            // the server closed the socket meanwhile: checked below
        }
        if (socket.isClosed()) {
            CLOSES.incrementAndGet();
            int code = socket.awaitClose(java.time.Duration.ofSeconds(5));
            socket = null;
            if (code == 1006 && frame.length() > 1_048_576) {
                // known, open: about one close in 150 of a frame over the limit arrives as 1006 instead of 1009
                // (docs/reliability.md, ws.OversizedFrameIT reproduces it with -Preliability)
                TOO_BIG_RESETS.incrementAndGet();
                return;
            }
            assertTrue(code == 1009 || code == 1007 || code == 1002 || code == 1003, "closed with " + code + ", " + which);
        }
    }

    /** Mostly valid requests with one thing broken; some valid ones, a 3 MB frame, random text. */
    private static String frame() {
        String valid = "{\"id\":\"f\",\"type\":\"" + RANDOM.oneOf(TYPES) + "\",\"data\":{\"imageId\":\"" + imageId
                + "\",\"content\":\"hi\",\"name\":\"n\",\"afterSeq\":0}}";
        return switch (RANDOM.weighted(20, 2, 1, 2)) {
            case 0 -> mutate(valid, value(), RANDOM.between(0, 5), RANDOM.between(0, 200));
            case 1 -> valid;
            case 2 -> "x".repeat(3 * 1024 * 1024);
            default -> RANDOM.string(200);
        };
    }

    /** A JSON value to put where another was: injection, odd numbers and literals, deep nesting, random text. */
    private static String value() {
        return switch (RANDOM.between(0, 3)) {
            case 0 -> jsonString(RANDOM.oneOf(INJECTIONS));
            case 1 -> RANDOM.oneOf(LITERALS);
            case 2 -> {
                int depth = RANDOM.between(1, 3000);
                yield "[".repeat(depth) + "]".repeat(depth);
            }
            default -> jsonString(RANDOM.string(40));
        };
    }

    private static String mutate(String frame, String value, int how, int at) {
        int cut = Math.min(at, frame.length());
        return switch (how) {
            case 0 -> frame.substring(0, cut);
            case 1 -> frame.replace("\"hi\"", value);
            case 2 -> frame.replace("\"" + imageId + "\"", value);
            case 3 -> frame.replace("\"data\":{", "\"data\":" + value + ",\"x\":{");
            case 4 -> frame.replace("\"f\"", value);
            default -> frame.replace("_request", value.replace("\"", ""));
        };
    }

    private static String jsonString(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            out.append(c == '"' || c == '\\' ? "\\" + c : c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return out.append('"').toString();
    }

    // ---- HTTP requests

    @Test
    void anyRequestToAnyEndpointIsAnsweredWithoutA5xx() {
        for (int i = 0; i < RandomInputs.TRIES; i++) {
            request(RANDOM.oneOf(ENDPOINTS), RANDOM.oneOf(METHODS), string(), RANDOM.oneOf(CONTENT_TYPES),
                    RANDOM.bool(), "request " + (i + 1) + " of seed " + RANDOM.seed());
        }
    }

    private static void request(Endpoint endpoint, String method, String value, String type, boolean authenticated,
            String which) {
        String path = endpoint.fill(p -> URLEncoder.encode(value, StandardCharsets.UTF_8));
        String query = "?q=" + URLEncoder.encode(value, StandardCharsets.UTF_8) + "&limit=" + value.length() + "&offset=-1";
        String body = "{\"username\":" + jsonString(value) + ",\"password\":" + jsonString(value) + ",\"name\":"
                + jsonString(value) + ",\"imageId\":" + jsonString(value) + "}";
        HttpRequest.Builder request;
        try {
            request = HttpRequest.newBuilder(URI.create(service.base() + path + query)).method(method,
                    HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", type);
        } catch (IllegalArgumentException e) {
            return; // not a URI a client could send
        }
        if (authenticated) {
            request.header("Authorization", "Bearer " + user.token());
        }
        REQUESTS.incrementAndGet();
        int status = Http.send(request).status();
        if (status >= 500) {
            SERVER_ERRORS.incrementAndGet();
        }
        assertTrue(status < 500, method + " " + path + " with " + type + " -> " + status + ", " + which);
    }

    /** Injection, random text of every kind, or short ASCII. */
    private static String string() {
        return switch (RANDOM.between(0, 2)) {
            case 0 -> RANDOM.oneOf(INJECTIONS);
            case 1 -> RANDOM.string(60);
            default -> RANDOM.ascii(1, 20);
        };
    }
}
