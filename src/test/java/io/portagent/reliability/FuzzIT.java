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
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Property-based fuzzing with jqwik against the {@code java -jar} service: socket frames mutated
 * from valid requests (cut short, wrong types, huge numbers, deep nesting, broken UTF-16,
 * megabytes) and HTTP requests to every endpoint found in the code (methods, bodies, content
 * types, query strings, injection in every string). Properties: no 5xx, the socket answers or
 * closes with a named code, and afterwards no ERROR line with a stack trace, the server alive
 * and its heap after GC near where it started. The number of tries is jqwik's default,
 * {@code jqwik.tries.default}: 300 in {@code mvn verify}, 10,000 with {@code -Preliability}.
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

    @BeforeContainer
    static void start() throws Exception {
        service = Service.shared();
        user = TestUsers.register(service.base());
        try (WsClient ws = WsClient.connect(service.base(), user.token())) {
            imageId = ws.request("image_create", jakarta.json.Json.createObjectBuilder()).getJsonObject("data")
                    .getJsonObject("image").getString("imageId");
        }
        heapBefore = heapAfterGc();
    }

    @AfterContainer
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
            new Report("fuzzing").put("socket frames", FRAMES.get()).put("http requests", REQUESTS.get())
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

    @Property(shrinking = net.jqwik.api.ShrinkingMode.OFF)
    void aMutatedFrameIsAnsweredOrClosedWithANamedCodeNeverCrashes(@ForAll("frames") String frame) {
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
            assertTrue(code == 1009 || code == 1007 || code == 1002 || code == 1003, "closed with " + code);
        }
    }

    @Provide
    Arbitrary<String> frames() {
        Arbitrary<String> valid = Arbitraries.of(TYPES).map(t -> "{\"id\":\"f\",\"type\":\"" + t + "\",\"data\":{\"imageId\":\""
                + imageId + "\",\"content\":\"hi\",\"name\":\"n\",\"afterSeq\":0}}");
        Arbitrary<String> value = Arbitraries.oneOf(Arbitraries.of(INJECTIONS).map(FuzzIT::jsonString),
                Arbitraries.of("1e309", "-0", "18446744073709551616", "null", "true", "[]", "{}", "[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]"),
                Arbitraries.integers().between(1, 3000).map(n -> "[".repeat(n) + "]".repeat(n)),
                Arbitraries.strings().ofMaxLength(40).map(FuzzIT::jsonString));
        Arbitrary<String> mutated = Combinators.combine(valid, value, Arbitraries.integers().between(0, 5),
                Arbitraries.integers().between(0, 200)).as(FuzzIT::mutate);
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(20, mutated), net.jqwik.api.Tuple.of(2, valid),
                net.jqwik.api.Tuple.of(1, Arbitraries.just("x".repeat(3 * 1024 * 1024))),
                net.jqwik.api.Tuple.of(2, Arbitraries.strings().ofMaxLength(200)));
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

    @Property(shrinking = net.jqwik.api.ShrinkingMode.OFF)
    void anyRequestToAnyEndpointIsAnsweredWithoutA5xx(@ForAll("endpoints") Endpoint endpoint,
            @ForAll("methods") String method, @ForAll("strings") String value, @ForAll("contentTypes") String type,
            @ForAll boolean authenticated) {
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
        assertTrue(status < 500, method + " " + path + " with " + type + " -> " + status);
    }

    @Provide
    Arbitrary<Endpoint> endpoints() {
        return Arbitraries.of(ENDPOINTS);
    }

    @Provide
    Arbitrary<String> methods() {
        return Arbitraries.of("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD");
    }

    @Provide
    Arbitrary<String> strings() {
        return Arbitraries.oneOf(Arbitraries.of(INJECTIONS), Arbitraries.strings().ofMaxLength(60),
                Arbitraries.strings().ascii().ofMinLength(1).ofMaxLength(20));
    }

    @Provide
    Arbitrary<String> contentTypes() {
        return Arbitraries.of("application/json", "text/plain", "application/x-www-form-urlencoded",
                "multipart/form-data; boundary=x", "application/json; charset=latin1", "application/xml", "*/*");
    }
}
