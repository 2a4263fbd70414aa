package io.portagent.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.portagent.testing.Http;
import io.portagent.testing.Script;
import io.portagent.testing.WsClient;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * After a session that signs in and out, streams over {@code ?token=} and over a ticket and uses
 * an API key: no password, token, API key or secret in any log file, the console or the access
 * log; no stack trace and no security header missing in any response; and a sign-in for an
 * unknown user takes as long as one with a wrong password (medians), so timing tells no names.
 */
class SecretsAndHeadersIT {

    private static final List<String> HEADERS = List.of("Content-Security-Policy", "X-Content-Type-Options",
            "X-Frame-Options", "Referrer-Policy");

    private final List<Http.Reply> replies = new ArrayList<>();

    @Test
    void noSecretReachesALogNoResponseLacksItsHeadersAndSignInTimingTellsNoNames() throws Exception {
        String password = "pw-" + UUID.randomUUID();
        Map<String, Object> figures = new LinkedHashMap<>();
        Service service = Service.shared();
        URI base = service.base();
        String username = "sec" + UUID.randomUUID().toString().substring(0, 8);
        JsonObject registered = call(base, "POST", "api/auth/register", null, Json.createObjectBuilder()
                .add("username", username).add("password", password).build().toString()).json();
        call(base, "POST", "api/auth/login", null, "{\"usernameOrEmail\":\"" + username + "\",\"password\":\"wrong-"
                + password + "\"}");
        String token = call(base, "POST", "api/auth/login", null, "{\"usernameOrEmail\":\"" + username
                + "\",\"password\":\"" + password + "\"}").json().getString("token");
        String apiKey = call(base, "POST", "api/keys", token, "{\"name\":\"suite\"}").json().getString("key");
        call(base, "GET", "v1/models", apiKey, null);
        String ticket = call(base, "POST", "api/auth/ws-ticket", token, null).json().getString("ticket");
        try (WsClient byToken = WsClient.connect(base, token);
                WsClient byTicket = WsClient.open(URI.create(base.resolve("ws").toString().replaceFirst("^http", "ws")
                        + "?ticket=" + ticket), null, null)) {
            String imageId = byToken.request("image_create", Json.createObjectBuilder()).getJsonObject("data")
                    .getJsonObject("image").getString("imageId");
            byTicket.request("subscribe", Json.createObjectBuilder().add("imageId", imageId));
            service.model.enqueue(Script.text("An answer."));
            byToken.request("message_send", Json.createObjectBuilder().add("imageId", imageId).add("content", "hi"));
            byTicket.awaitEvent("conversation_end");
        }
        for (String page : List.of("", "login", "studio/any-id", "settings", "no-such-page", "api/auth/config",
                "api/auth/verify", "health", "index.html")) {
            call(base, "GET", page, null, null);
        }
        call(base, "POST", "api/auth/register", null, "{not json");
        call(base, "POST", "api/auth/logout", token, null);
        String logs = service.logs();
        assertTrue(logs.contains("POST /api/auth/login 401") && logs.contains("GET /ws"),
                "the search covers the access log (else finding nothing proves nothing)");

        Map<String, String> secrets = Map.of("password", password, "token", token,
                "first token", registered.getString("token"), "API key", apiKey, "socket ticket", ticket,
                "provider key", Service.API_KEY, "JWT secret", Service.JWT_SECRET);
        List<String> inLogs = secrets.entrySet().stream().filter(e -> logs.contains(e.getValue()))
                .map(Map.Entry::getKey).toList();
        List<String> inResponses = new ArrayList<>();
        for (Http.Reply reply : replies) {
            String body = reply.body();
            for (String name : List.of("password", "provider key", "JWT secret")) {
                if (body.contains(secrets.get(name))) {
                    inResponses.add(name + " in " + reply.raw().request().uri().getPath());
                }
            }
        }
        long stackTraces = replies.stream().filter(r -> r.body().contains("\tat ") || r.body().contains("Exception"))
                .count();
        List<String> missingHeaders = new ArrayList<>();
        for (Http.Reply reply : replies) {
            for (String header : HEADERS) {
                if (reply.raw().headers().firstValue(header).isEmpty()) {
                    missingHeaders.add(header + " on " + reply.raw().request().method() + " "
                            + reply.raw().request().uri().getPath() + " (" + reply.status() + ")");
                }
            }
        }
        int samples = Reliability.count(20, 150);
        double[] medians = signInMedians(base, samples, password);
        figures.put("responses checked", replies.size());
        figures.put("secret values searched", secrets.size());
        figures.put("secrets found in logs", inLogs.toString());
        figures.put("secrets found in responses", inResponses.toString());
        figures.put("responses with a stack trace", stackTraces);
        figures.put("security headers missing", missingHeaders.size());
        figures.put("sign-ins timed per kind", samples);
        figures.put("median ms unknown user", medians[0]);
        figures.put("median ms known user, wrong password", medians[1]);
        Report report = new Report("secrets-and-headers");
        figures.forEach(report::put);
        report.write();
        assertEquals(List.of(), inLogs, "secrets in the logs");
        assertEquals(List.of(), inResponses, "secrets in responses");
        assertEquals(0, stackTraces, "responses with a stack trace");
        assertEquals(List.of(), missingHeaders, "responses without a security header");
        double gap = Math.abs(medians[0] - medians[1]);
        assertTrue(gap < Math.max(15, 0.35 * Math.max(medians[0], medians[1])),
                "sign-in medians differ by " + gap + " ms: unknown " + medians[0] + ", known " + medians[1]);
    }

    private Http.Reply call(URI base, String method, String path, String bearer, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        Http.Reply reply = Http.send(request);
        replies.add(reply);
        return reply;
    }

    /**
     * Medians (ms) of sign-ins with an unknown name and with a known name and a wrong password,
     * interleaved; each from its own loopback address (127.0.x.y) and the known ones spread over
     * accounts, so that the sign-in throttle (10 failures per address or account) never answers instead.
     */
    private static double[] signInMedians(URI base, int samples, String password) throws IOException {
        List<String> known = new ArrayList<>();
        for (int i = 0; i < samples / 5 + 1; i++) {
            String name = "timed" + i + UUID.randomUUID().toString().substring(0, 6);
            Http.send(HttpRequest.newBuilder(base.resolve("api/auth/register")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"" + name + "\",\"password\":\"" + password
                            + "\"}")));
            known.add(name);
        }
        List<Long> unknownMs = new ArrayList<>();
        List<Long> knownMs = new ArrayList<>();
        int address = 0;
        for (int i = 0; i < samples; i++) {
            unknownMs.add(timedLogin(base, ++address, "nobody" + UUID.randomUUID(), "wrong-password"));
            knownMs.add(timedLogin(base, ++address, known.get(i / 5), "wrong-password"));
        }
        return new double[] {median(unknownMs), median(knownMs)};
    }

    private static long timedLogin(URI base, int address, String name, String password) throws IOException {
        byte[] body = ("{\"usernameOrEmail\":\"" + name + "\",\"password\":\"" + password + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        InetAddress from = InetAddress.getByAddress(new byte[] {127, 0, (byte) (1 + address / 250),
            (byte) (2 + address % 250)});
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(from, 0));
            socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5_000);
            socket.setSoTimeout(30_000);
            long start = System.nanoTime();
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + base.getPath() + "api/auth/login HTTP/1.1\r\nHost: " + base.getAuthority()
                    + "\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: " + body.length
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] status = in.readNBytes(12);
            long ms = (System.nanoTime() - start) / 1_000_000;
            String line = new String(status, StandardCharsets.US_ASCII);
            if (!line.endsWith("401")) {
                throw new AssertionError("a wrong sign-in was answered " + line + " (the throttle?)");
            }
            return ms;
        }
    }

    private static double median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
    }
}
