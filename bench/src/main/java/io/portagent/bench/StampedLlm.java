package io.portagent.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The benchmark's model: an HTTP/1.1 server on 127.0.0.1 that answers every streaming POST to the
 * endpoint of its {@link BenchProtocol} ({@code /v1/messages}, or {@code /v1/chat/completions})
 * with the same SSE answer of {@code deltas} text deltas,
 * {@code interval} apart, each carrying its send time ({@link Stamp}) in its text. The readers
 * (portal users and direct readers) run in this JVM, so receive time minus that stamp is the
 * delivery latency on one clock.
 *
 * <p>A blocking thread per connection with a small stack: the threads sleep between deltas, so
 * 1,000 streams cost about 1,000 wake-ups per interval and one small write each, which the
 * bench reports as part of the direct baseline rather than hiding. Unlike the test fixture's
 * fake, the bytes of each delta are rendered at send time (the stamp is in them).
 */
public final class StampedLlm implements AutoCloseable {

    private static final long STACK_BYTES = 128 * 1024;
    private static final byte[] CRLF = {'\r', '\n'};
    private static final String WORDS = " lorem ipsum dolor";
    /** The model list both protocols answer at {@code GET /v1/models}, in the shape they share. */
    private static final byte[] MODEL_LIST = "{\"object\":\"list\",\"data\":[{\"id\":\"bench-model\",\"type\":\"model\"}]}"
            .getBytes(StandardCharsets.UTF_8);

    private final ServerSocket server;
    private final BenchProtocol protocol;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicLong streams = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private volatile int deltas = 60;
    private volatile long intervalNanos = TimeUnit.MILLISECONDS.toNanos(15);
    private volatile boolean closed;

    private StampedLlm(ServerSocket server, BenchProtocol protocol) {
        this.server = server;
        this.protocol = protocol;
    }

    /** Binds 127.0.0.1 ({@code port} 0: any free port) and starts accepting, speaking {@code protocol}. */
    static StampedLlm start(int port, BenchProtocol protocol) {
        try {
            StampedLlm llm = new StampedLlm(new ServerSocket(port, 4096, InetAddress.getLoopbackAddress()), protocol);
            Thread acceptor = new Thread(llm::acceptLoop, "stamped-llm-accept");
            acceptor.setDaemon(true);
            acceptor.start();
            return llm;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind the benchmark's fake model on port " + port, e);
        }
    }

    /** The answer every later request gets. */
    public void answer(int deltaCount, long intervalMillis) {
        this.deltas = deltaCount;
        this.intervalNanos = TimeUnit.MILLISECONDS.toNanos(intervalMillis);
    }

    BenchProtocol protocol() {
        return protocol;
    }

    public int deltas() {
        return deltas;
    }

    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    /** Streams served to the end so far. */
    public long streams() {
        return streams.get();
    }

    /** Requests that were not a streaming POST to the protocol's endpoint, or broke mid-answer on our side. */
    public long failures() {
        return failures.get();
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            failures.incrementAndGet();
        }
        open.forEach(StampedLlm::closeQuietly);
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket socket = server.accept();
                socket.setTcpNoDelay(true);
                open.add(socket);
                Thread thread = new Thread(null, () -> serve(socket), "stamped-llm-conn", STACK_BYTES);
                thread.setDaemon(true);
                thread.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            InputStream in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
            OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 4 * 1024);
            while (!closed && readRequest(in, out)) {
                stream(out);
            }
        } catch (IOException e) {
            // the reader hung up (a cancelled turn, the end of a scenario) or we are closing
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            open.remove(socket);
        }
    }

    /**
     * Reads one request; answers the model list (the server's key check), and anything else but a
     * POST to the protocol's endpoint with 404. False at EOF.
     */
    private boolean readRequest(InputStream in, OutputStream out) throws IOException {
        while (true) {
            String requestLine = line(in);
            if (requestLine == null) {
                return false;
            }
            long length = 0;
            boolean chunked = false;
            for (String header = line(in); header != null && !header.isEmpty(); header = line(in)) {
                String lower = header.toLowerCase(Locale.ROOT);
                if (lower.startsWith("content-length:")) {
                    length = Long.parseLong(lower.substring(15).trim());
                } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                    chunked = true;
                }
            }
            skipBody(in, length, chunked);
            if (requestLine.startsWith("POST " + protocol.path() + " ")) {
                return true;
            }
            if (requestLine.startsWith("GET /v1/models ")) { // the server's key check, at start-up and every few minutes
                out.write(("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: " + MODEL_LIST.length
                        + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(MODEL_LIST);
                out.flush();
                continue;
            }
            failures.incrementAndGet();
            out.write("HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }
    }

    private void stream(OutputStream out) throws IOException, InterruptedException {
        int count = deltas;
        long interval = intervalNanos;
        out.write(("HTTP/1.1 200 OK\r\ncontent-type: text/event-stream; charset=utf-8\r\n"
                + "cache-control: no-cache\r\ntransfer-encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        for (String[] event : protocol.head()) {
            event(out, event, false);
        }
        long due = System.nanoTime();
        for (int i = 0; i < count; i++) {
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            // fixed rate, but a late delta restarts the schedule instead of bursting to catch up
            due = Math.max(due, System.nanoTime() - interval) + interval;
            event(out, protocol.delta(Stamp.render(System.nanoTime()) + WORDS), true);
        }
        for (String[] event : protocol.tail(count)) {
            event(out, event, false);
        }
        out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        streams.incrementAndGet();
    }

    /** One SSE event (name, data) as one HTTP chunk; flushed when a reader waits for it (each delta). */
    private static void event(OutputStream out, String[] event, boolean flush) throws IOException {
        String name = event[0] == null ? "" : "event: " + event[0] + "\n";
        byte[] bytes = (name + "data: " + event[1] + "\n\n").getBytes(StandardCharsets.UTF_8);
        out.write(Integer.toHexString(bytes.length).getBytes(StandardCharsets.US_ASCII));
        out.write(CRLF);
        out.write(bytes);
        out.write(CRLF);
        if (flush) {
            out.flush();
        }
    }

    private static void skipBody(InputStream in, long length, boolean chunked) throws IOException {
        if (!chunked) {
            in.skipNBytes(length);
            return;
        }
        for (long size = chunkSize(in); size > 0; size = chunkSize(in)) {
            in.skipNBytes(size);
            line(in);
        }
        for (String trailer = line(in); trailer != null && !trailer.isEmpty(); trailer = line(in)) {
            // trailers carry nothing we need
        }
    }

    private static long chunkSize(InputStream in) throws IOException {
        String size = line(in);
        if (size == null) {
            throw new IOException("the request body ended early");
        }
        int semicolon = size.indexOf(';');
        return Long.parseLong((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
    }

    /** A CRLF- or LF-terminated ASCII line without its end, or null at EOF. */
    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder(64);
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                return line.length() == 0 ? null : line.toString();
            }
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
