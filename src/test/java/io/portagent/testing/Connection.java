package io.portagent.testing;

import io.portagent.testing.RequestReader.Head;
import io.portagent.testing.RequestReader.MalformedRequest;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringReader;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One accepted TCP connection, served by its own thread: reads requests in a keep-alive loop,
 * records each, and answers from the fixture's script queue. A blocked thread per connection is
 * cheap enough for ~1,000 concurrent streams, and it keeps pacing and faults easy to read.
 */
final class Connection implements Runnable {

    /** How often a stalled stream checks whether the client hung up; bounds release latency too. */
    private static final int STALL_PROBE_MILLIS = 50;

    private final FakeModelServer fake;
    private final Socket socket;
    private final int id;
    private final BufferedInputStream in;
    private final BufferedOutputStream out;
    private volatile Thread thread;

    Connection(FakeModelServer fake, Socket socket, int id) throws IOException {
        this.fake = fake;
        this.socket = socket;
        this.id = id;
        this.in = new BufferedInputStream(socket.getInputStream(), 8 * 1024);
        this.out = new BufferedOutputStream(socket.getOutputStream(), 8 * 1024);
    }

    void start(Thread serving) {
        this.thread = serving;
        serving.start();
    }

    @Override
    public void run() {
        try {
            serve();
        } catch (IOException | InterruptedException e) {
            // The peer hung up, the script broke the connection, or the fixture is closing.
        } catch (RuntimeException | Error e) {
            fake.ledger().internalError(e);
        } finally {
            closeQuietly();
            fake.connectionClosed(this);
        }
    }

    private void serve() throws IOException, InterruptedException {
        RequestReader reader = new RequestReader(in);
        while (!fake.isClosed()) {
            Head head;
            String body;
            try {
                head = reader.readHead();
                if (head == null) {
                    return;
                }
                if (head.expectsContinue()) {
                    writeRaw("HTTP/1.1 100 Continue\r\n\r\n");
                }
                body = reader.readBody(head);
            } catch (MalformedRequest e) {
                writeError(400, "invalid_request_error", e.getMessage(), fake.nextId("req_fake_"), Map.of(), false);
                return;
            }
            RecordedRequest recorded = RecordedRequest.of(id, head.method(), head.target(), head.headers(), body);
            if (isModelList(recorded)) {
                fake.ledger().recordModelList(recorded);
                if (!answerModelList(head, recorded)) {
                    return;
                }
                continue;
            }
            fake.ledger().record(recorded);
            if (!answer(head, recorded)) {
                return;
            }
        }
    }

    private boolean isModelList(RecordedRequest request) {
        return "GET".equals(request.method()) && fake.dialect().modelsPath().equals(request.path());
    }

    /** The model list, as the key check of the application asks for it; 401 for a key the fake refuses. */
    private boolean answerModelList(Head head, RecordedRequest request) throws IOException {
        String requestId = fake.nextId("req_fake_");
        if (!fake.accepts(fake.dialect().apiKey(request))) {
            return writeError(401, fake.dialect().wire().invalidKeyType(), "invalid x-api-key", requestId, Map.of(),
                    head.keepAlive());
        }
        return writeJson(200, fake.dialect().wire().modelList(fake.models()), requestId, head.keepAlive());
    }

    /** Returns whether the connection may serve another request. */
    private boolean answer(Head head, RecordedRequest request) throws IOException, InterruptedException {
        String requestId = fake.nextId("req_fake_");
        boolean keepAlive = head.keepAlive();
        if (fake.dialect().path().equals(request.path()) && !fake.accepts(fake.dialect().apiKey(request))) {
            return writeError(401, fake.dialect().wire().invalidKeyType(), "invalid x-api-key", requestId, Map.of(),
                    keepAlive);
        }
        if (!fake.dialect().path().equals(request.path())) {
            return writeError(404, "not_found_error", "Not found: " + request.path(), requestId, Map.of(), keepAlive);
        }
        if (!"POST".equals(request.method())) {
            return writeError(405, "invalid_request_error", "Method not allowed: " + request.method(),
                    requestId, Map.of(), keepAlive);
        }
        JsonObject json = parseObject(request.body());
        String problem = validate(json, fake.dialect().wire());
        if (problem != null) {
            return writeError(400, "invalid_request_error", problem, requestId, Map.of(), keepAlive);
        }
        Reply reply = fake.nextReply();
        if (reply instanceof ErrorReply error) {
            return writeError(error.status(), error.errorType(), error.message(), requestId, error.headers(),
                    keepAlive);
        }
        fake.ledger().streamStarted();
        try {
            StreamPlayer player = new StreamPlayer(this, (StreamPlan) reply, fake.nextId("msg_fake_"),
                    fake.deltaListener(), fake.dialect().wire());
            return player.play(json.getString("model"), requestId, keepAlive) && keepAlive;
        } finally {
            fake.ledger().streamEnded();
        }
    }

    /**
     * The fixture only streams; a non-streaming request gets a 400 rather than a made-up answer,
     * and it does not consume a script, so the mistake shows up where it was made.
     */
    private static String validate(JsonObject json, Wire wire) {
        if (json == null) {
            return "Request body must be a JSON object.";
        }
        if (!(json.get("model") instanceof JsonString)) {
            return "model: Field required";
        }
        if (!JsonValue.TRUE.equals(json.get("stream"))) {
            return "The fake answers only streaming requests (\"stream\": true).";
        }
        return wire.validate(json);
    }

    private static JsonObject parseObject(String body) {
        try (JsonReader reader = AnthropicJson.PROVIDER.createReader(new StringReader(body))) {
            JsonValue value = reader.readValue();
            return value instanceof JsonObject object ? object : null;
        } catch (RuntimeException e) { // jakarta.json reports syntax errors as JsonException
            return null;
        }
    }

    private boolean writeError(int status, String type, String message, String requestId,
            Map<String, String> extraHeaders, boolean keepAlive) throws IOException {
        return writeJson(status, fake.dialect().wire().errorBody(type, message, requestId), requestId, extraHeaders,
                keepAlive);
    }

    private boolean writeJson(int status, String json, String requestId, boolean keepAlive) throws IOException {
        return writeJson(status, json, requestId, Map.of(), keepAlive);
    }

    private boolean writeJson(int status, String json, String requestId, Map<String, String> extraHeaders,
            boolean keepAlive) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder(256)
                .append("HTTP/1.1 ").append(status).append(' ').append(reasonPhrase(status)).append("\r\n")
                .append("content-type: application/json\r\n")
                .append("content-length: ").append(body.length).append("\r\n")
                .append("request-id: ").append(requestId).append("\r\n");
        extraHeaders.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        if (!keepAlive) {
            head.append("connection: close\r\n");
        }
        head.append("\r\n");
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
        out.flush();
        return keepAlive;
    }

    private void writeRaw(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /**
     * Holds a stalled stream: no bytes out until released, while probing the socket so a client
     * that gives up (read timeout, cancel) is noticed and the stream stops counting as active.
     */
    void holdStall() throws IOException, InterruptedException {
        CountDownLatch release = fake.ledger().stallBegan();
        try {
            socket.setSoTimeout(STALL_PROBE_MILLIS);
            while (!release.await(0, TimeUnit.MILLISECONDS)) {
                probePeer(release);
            }
        } finally {
            fake.ledger().stallEnded(release);
            if (!socket.isClosed()) {
                socket.setSoTimeout(0);
            }
        }
    }

    private void probePeer(CountDownLatch release) throws IOException, InterruptedException {
        in.mark(1);
        int b;
        try {
            b = in.read();
        } catch (SocketTimeoutException quiet) {
            return; // nothing from the peer: still connected
        }
        if (b < 0) {
            throw new EOFException("client closed the connection during a stall");
        }
        in.reset(); // the client sent its next request early; keep it for the reader
        release.await(STALL_PROBE_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Ends the connection mid-stream: FIN without the terminating chunk, or RST if {@code reset}. */
    void drop(boolean reset) throws IOException {
        out.flush();
        if (reset) {
            socket.setSoLinger(true, 0);
        }
        socket.close();
    }

    /** Called by the fixture on close: unblocks reads and writes, and wakes paced sleeps. */
    void abort() {
        closeQuietly();
        Thread serving = thread;
        if (serving != null) {
            serving.interrupt();
        }
    }

    int id() {
        return id;
    }

    Thread thread() {
        return thread;
    }

    OutputStream out() {
        return out;
    }

    private void closeQuietly() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Closing is best effort; the socket is unusable either way.
        }
    }

    private static String reasonPhrase(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 408 -> "Request Timeout";
            case 413 -> "Payload Too Large";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            case 529 -> "Overloaded";
            default -> status < 500 ? "Client Error" : "Server Error";
        };
    }
}
