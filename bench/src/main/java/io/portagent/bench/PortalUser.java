package io.portagent.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One simulated user on a real WebSocket: creates a conversation, subscribes, then sends
 * messages one after another, each as soon as the previous turn's {@code conversation_end}
 * arrives. Frames are recognised by their first bytes (events start with {@code type}, responses
 * with {@code id}) instead of being parsed: the reader must stay cheaper than what it measures.
 */
final class PortalUser extends StreamReader implements WebSocket.Listener {

    private final TurnStats stats;
    private final Map<String, CompletableFuture<String>> pending = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final StringBuilder partial = new StringBuilder();
    private volatile WebSocket socket;
    /** With two nodes: the socket on the node the turns run on, which only sends; null otherwise. */
    private volatile WebSocket sender;
    private CompletableFuture<?> senderSends = CompletableFuture.completedFuture(null);
    private volatile String imageId;
    private volatile boolean closing;
    private CompletableFuture<?> sends = CompletableFuture.completedFuture(null);

    PortalUser(TurnStats stats, int expectedDeltas) {
        super(stats, expectedDeltas);
        this.stats = stats;
    }

    /** Opens the socket; completes with this user once it is open. */
    CompletableFuture<PortalUser> connect(HttpClient client, URI base, String token) {
        URI ws = URI.create(base.resolve("ws").toString().replaceFirst("^http", "ws") + "?token=" + token);
        return client.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(30)).buildAsync(ws, this)
                .thenApply(opened -> {
                    socket = opened;
                    return this;
                });
    }

    /**
     * With two nodes: a second socket, on the node {@code base}, that sends the user's messages
     * (so their turns run there) while this user watches on the other node.
     */
    CompletableFuture<PortalUser> connectSender(HttpClient client, URI base, String token) {
        URI ws = URI.create(base.resolve("ws").toString().replaceFirst("^http", "ws") + "?token=" + token);
        WebSocket.Listener responses = new WebSocket.Listener() {
            private final StringBuilder part = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                part.append(data);
                if (last) {
                    String frame = part.toString();
                    part.setLength(0);
                    if (frame.startsWith("{\"id\":")) {
                        response(frame);
                    }
                }
                webSocket.request(1);
                return null;
            }
        };
        return client.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(30)).buildAsync(ws, responses)
                .thenApply(opened -> {
                    sender = opened;
                    return this;
                });
    }

    /** Creates the user's conversation and subscribes to it. */
    CompletableFuture<PortalUser> prepare() {
        return request("image_create", "{\"name\":\"bench\"}")
                .thenCompose(created -> open(field(created, "imageId")));
    }

    /** The conversation the user's turns go to (null before {@link #prepare} or {@link #open}). */
    String imageId() {
        return imageId;
    }

    /** Subscribes to the user's conversation {@code id} (an existing one); later turns go there. */
    CompletableFuture<PortalUser> open(String id) {
        imageId = id;
        return request("subscribe", "{\"imageId\":\"" + id + "\"}").thenApply(subscribed -> this);
    }

    @Override
    void request() {
        String id = "m" + ids.incrementAndGet();
        String frame = "{\"id\":\"" + id + "\",\"type\":\"message_send_request\",\"data\":{\"imageId\":\""
                + imageId + "\",\"content\":\"Bench message " + id + "\"}}";
        if (sender == null) {
            send(frame);
        } else {
            sendOnSender(frame);
        }
    }

    private synchronized void sendOnSender(String frame) {
        senderSends = senderSends.thenCompose(previous -> sender.sendText(frame, true))
                .whenComplete((sent, error) -> {
                    if (error != null) {
                        failed("portal: a send on the sending node failed: " + error);
                    }
                });
    }

    @Override
    void close() {
        closing = true;
        WebSocket other = sender;
        if (other != null && !other.isOutputClosed()) {
            other.sendClose(WebSocket.NORMAL_CLOSURE, "bench done").orTimeout(5, TimeUnit.SECONDS)
                    .exceptionally(e -> null);
        }
        WebSocket open = socket;
        if (open != null && !open.isOutputClosed()) {
            open.sendClose(WebSocket.NORMAL_CLOSURE, "bench done").orTimeout(5, TimeUnit.SECONDS)
                    .exceptionally(e -> null);
        }
    }

    /** Sends {@code <name>_request} with {@code data}; completes with the response frame (an error response fails it). */
    CompletableFuture<String> request(String name, String data) {
        String id = "r" + ids.incrementAndGet();
        CompletableFuture<String> response = new CompletableFuture<>();
        pending.put(id, response);
        send("{\"id\":\"" + id + "\",\"type\":\"" + name + "_request\",\"data\":" + data + "}");
        return response.orTimeout(60, TimeUnit.SECONDS);
    }

    /** The JDK socket allows one send in flight: sends queue behind each other. */
    private synchronized void send(String frame) {
        sends = sends.thenCompose(previous -> socket.sendText(frame, true))
                .whenComplete((sent, error) -> {
                    if (error != null) {
                        failed("portal: a send failed: " + error);
                    }
                });
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        if (!last) {
            partial.append(data);
        } else if (partial.length() > 0) {
            partial.append(data);
            String frame = partial.toString();
            partial.setLength(0);
            frame(frame);
        } else {
            frame(data.toString());
        }
        webSocket.request(1);
        return null;
    }

    private void frame(String frame) {
        if (frame.startsWith("{\"type\":\"text_delta\"")) {
            textFrame();
            for (long stamp : Stamp.all(frame)) {
                delta(stamp);
            }
        } else if (frame.startsWith("{\"type\":\"conversation_end\"")) {
            turnEnded(frame.contains("\"reason\":\"end_turn\"") ? null : "portal: " + frame);
        } else if (frame.startsWith("{\"type\":\"error\"")) {
            stats.error("portal: " + frame);
        } else if (frame.startsWith("{\"id\":")) {
            response(frame);
        }
    }

    private void response(String frame) {
        String id = field(frame, "id");
        boolean error = frame.contains("\"error\":{");
        CompletableFuture<String> waiting = id == null ? null : pending.remove(id);
        if (waiting != null) {
            if (error) {
                waiting.completeExceptionally(new IllegalStateException("portal: " + frame));
            } else {
                waiting.complete(frame);
            }
        } else if (error) {
            turnEnded("portal: " + frame);
        }
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        if (!closing) {
            failed("portal: the server closed the socket: " + statusCode + " " + reason);
        }
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        if (!closing) {
            failed("portal: socket error: " + error);
        }
    }

    /** The string value of the first {@code "name":"..."} in a frame, or null. */
    static String field(String json, String name) {
        String key = "\"" + name + "\":\"";
        int at = json.indexOf(key);
        if (at < 0) {
            return null;
        }
        int from = at + key.length();
        int to = json.indexOf('"', from);
        return to < 0 ? null : json.substring(from, to);
    }
}
