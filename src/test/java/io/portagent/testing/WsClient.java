package io.portagent.testing;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A real WebSocket client (the JDK's) speaking Portagent's protocol: sends requests, keeps every
 * frame it receives, and lets a test wait with a deadline for a response, an event or the close.
 */
public final class WsClient implements AutoCloseable {

    public static final Duration WAIT = Duration.ofSeconds(20);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final WebSocket socket;
    private final Listener listener;
    private final AtomicInteger ids = new AtomicInteger();

    private WsClient(WebSocket socket, Listener listener) {
        this.socket = socket;
        this.listener = listener;
    }

    /** Connects to {@code base}/ws with {@code ?token=}. */
    public static WsClient connect(URI base, String token) {
        return open(wsUri(base, token), null, null);
    }

    public static URI wsUri(URI base, String token) {
        String http = base.resolve("ws").toString();
        return URI.create(http.replaceFirst("^http", "ws") + (token == null ? "" : "?token=" + token));
    }

    /** Connects with optional Authorization and Origin headers; throws {@link Refused} with the HTTP status if refused. */
    public static WsClient open(URI uri, String bearer, String origin) {
        Listener listener = new Listener();
        WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
        if (bearer != null) {
            builder.header("Authorization", "Bearer " + bearer);
        }
        if (origin != null) {
            builder.header("Origin", origin);
        }
        try {
            return new WsClient(builder.buildAsync(uri, listener).get(20, TimeUnit.SECONDS), listener);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException refused) {
                throw new Refused(refused.getResponse().statusCode());
            }
            throw new IllegalStateException(e.getCause());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The handshake was answered with an HTTP status instead of an upgrade. */
    public static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;
        public final int status;

        Refused(int status) {
            super("handshake refused with HTTP " + status);
            this.status = status;
        }
    }

    /** Sends {@code {id, type: <name>_request, data}}; returns the id. */
    public String send(String name, JsonObjectBuilder data) {
        String id = "r" + ids.incrementAndGet();
        sendRaw(Json.createObjectBuilder().add("id", id).add("type", name + "_request").add("data", data).build()
                .toString());
        return id;
    }

    public void sendRaw(String text) {
        socket.sendText(text, true).join();
    }

    /** Sends a request and waits for its response frame. */
    public JsonObject request(String name, JsonObjectBuilder data) {
        String id = send(name, data);
        return await(f -> id.equals(f.getString("id", null)) && f.getString("type").endsWith("_response"),
                "response to " + id);
    }

    public JsonObject await(Predicate<JsonObject> match, String what) {
        return listener.await(match, what, WAIT);
    }

    /** As {@link #await(Predicate, String)}, waiting up to {@code timeout}. */
    public JsonObject await(Predicate<JsonObject> match, String what, Duration timeout) {
        return listener.await(match, what, timeout);
    }

    public JsonObject awaitEvent(String type) {
        return await(f -> type.equals(f.getString("type")) && f.containsKey("seq"), "event " + type);
    }

    public List<JsonObject> frames() {
        return listener.frames();
    }

    public List<JsonObject> events() {
        return frames().stream().filter(f -> f.containsKey("seq")).toList();
    }

    /** The close code the server sent, waiting for it. */
    public int awaitClose(Duration timeout) {
        try {
            return listener.closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError("not closed within " + timeout, e);
        }
    }

    public String closeReason() {
        return listener.reason;
    }

    public boolean isClosed() {
        return listener.closed.isDone();
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").orTimeout(5, TimeUnit.SECONDS)
                    .exceptionally(e -> null).join();
        }
        socket.abort();
    }

    private static final class Listener implements WebSocket.Listener {
        private final List<JsonObject> frames = new ArrayList<>();
        private final StringBuilder partial = new StringBuilder();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        volatile String reason;

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                JsonObject frame = Json.createReader(new StringReader(partial.toString())).readObject();
                partial.setLength(0);
                synchronized (this) {
                    frames.add(frame);
                    notifyAll();
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String why) {
            reason = why;
            closed.complete(statusCode);
            synchronized (this) {
                notifyAll();
            }
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete(-1);
        }

        synchronized List<JsonObject> frames() {
            return List.copyOf(frames);
        }

        synchronized JsonObject await(Predicate<JsonObject> match, String what, Duration timeout) {
            return Await.untilNotified(this, what, timeout, () -> frames, all -> all.stream().anyMatch(match))
                    .stream().filter(match).findFirst().orElseThrow();
        }
    }
}
