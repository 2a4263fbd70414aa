package io.portagent.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;

/**
 * A local stand-in for a model provider, the one kind of fake in Portagent's tests: an HTTP/1.1
 * server on 127.0.0.1 (ephemeral port) that answers the streaming endpoint of its {@link Dialect}
 * ({@link FakeAnthropic}: {@code POST /v1/messages}; {@link FakeOpenAi}: {@code POST
 * /v1/chat/completions}) with {@code "stream": true} by playing scripted SSE streams in that
 * protocol, and records every request. The same {@link Script}s play in either dialect. It also
 * answers the model list ({@code GET /v1/models}, which both protocols have) that the application
 * checks its key with, and, after {@link #requireKey}, refuses a wrong key with 401 as the real
 * providers do.
 *
 * <p>Scripts are consumed first in, first out, one per streaming request; when the queue is
 * empty the default script answers ("Hello from the fake model."). The response {@code model}
 * echoes the request's. Streams use {@code Transfer-Encoding: chunked}, so a scripted drop is a
 * visible failure at the client, never a clean end; error responses use Content-Length.
 * Connections are kept alive unless the client sends {@code Connection: close}. Other paths get
 * 404, other methods 405, and bodies that are not a streaming request (or, for OpenAI, that break
 * the {@code tool_call_id} rule) 400, each with the dialect's JSON error body and without
 * consuming a script.
 *
 * <p>Built on a raw {@link ServerSocket} so scripts control the bytes on the wire. Each
 * connection has one platform thread with a small stack that sleeps between deltas; nothing
 * spins. {@link #close()} stops everything, including stalled streams.
 */
public class FakeModelServer implements AutoCloseable {

    private static final int BACKLOG = 2048;
    /** Connection threads mostly sleep or block in socket calls; a small stack lets 1,000+ live. */
    private static final long THREAD_STACK_BYTES = 256 * 1024;
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(2);

    private final Dialect dialect;
    private final String scheme;
    private final ServerSocket server;
    private final Thread acceptor;
    private final Ledger ledger = new Ledger();
    private final Queue<Reply> scripts = new ConcurrentLinkedQueue<>();
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    private final AtomicLong ids = new AtomicLong();
    private volatile Reply defaultReply;
    private volatile Consumer<DeltaSent> deltaListener = sent -> { };
    private volatile boolean closed;
    private volatile String requiredKey;
    private volatile List<String> models = List.of("fake-model");

    /** Binds 127.0.0.1 on an ephemeral port and starts accepting; see {@link Dialect#start()}. */
    FakeModelServer(Dialect dialect) {
        this(dialect, null);
    }

    /** As above; with {@code tls} (not null) it speaks TLS only, with that context's key, at https URIs. */
    FakeModelServer(Dialect dialect, SSLContext tls) {
        this.dialect = dialect;
        this.scheme = tls == null ? "http" : "https";
        try {
            this.server = tls == null ? new ServerSocket(0, BACKLOG, InetAddress.getLoopbackAddress())
                    : tls.getServerSocketFactory().createServerSocket(0, BACKLOG, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind the fake " + dialect.providerType() + " server", e);
        }
        this.acceptor = new Thread(this::acceptLoop, "fake-" + dialect.providerType() + "-accept-"
                + server.getLocalPort());
        this.acceptor.setDaemon(true);
        this.defaultReply = Script.text("Hello", " from the", " fake model.").plan(dialect);
        this.acceptor.start();
    }

    /** The protocol this fake speaks. */
    public Dialect dialect() {
        return dialect;
    }

    /** The bound port. */
    public int port() {
        return server.getLocalPort();
    }

    /**
     * The value for the provider URL setting: {@code http://127.0.0.1:<port>} for Anthropic,
     * {@code http://127.0.0.1:<port>/v1} for OpenAI ({@code https} when it speaks TLS).
     */
    public URI baseUri() {
        return URI.create(scheme + "://127.0.0.1:" + port() + dialect.basePath());
    }

    /** The streaming endpoint: {@code /v1/messages} or {@code /v1/chat/completions}. */
    public URI messagesUri() {
        return URI.create(scheme + "://127.0.0.1:" + port() + dialect.path());
    }

    /** Queues scripts, each answering one later streaming request; copies them now. */
    public FakeModelServer enqueue(Script... toQueue) {
        for (Script script : toQueue) {
            scripts.add(freeze(script, dialect));
        }
        return this;
    }

    /** Replaces the script used whenever the queue is empty. */
    public FakeModelServer defaultScript(Script script) {
        this.defaultReply = freeze(script, dialect);
        return this;
    }

    /** How many queued scripts no request has consumed yet. */
    public int pendingScripts() {
        return scripts.size();
    }

    /**
     * Sets the hook called on the connection thread after each delta is flushed (one listener;
     * a later call replaces it). Keep it cheap and thread-safe: it runs inside the stream's timing.
     */
    public FakeModelServer onDeltaSent(Consumer<DeltaSent> listener) {
        this.deltaListener = Objects.requireNonNull(listener, "listener");
        return this;
    }

    /** Resumes every currently stalled stream where its script left off. */
    public void releaseStalls() {
        ledger.releaseStalls();
    }

    /**
     * From now on refuses, like the real provider, any other key with 401 (the dialect's
     * authentication error), on the model list and on the streaming endpoint. By default any key,
     * or none, is accepted.
     */
    public FakeModelServer requireKey(String key) {
        this.requiredKey = Objects.requireNonNull(key, "key");
        return this;
    }

    /** The model ids the model list names (default: {@code fake-model}). */
    public FakeModelServer models(String... ids) {
        this.models = List.of(ids);
        return this;
    }

    /**
     * The model list's GETs received so far (the application checks its key with one at start-up
     * and every {@code PROVIDER_CHECK_INTERVAL}); they are not in {@link #requests()}, which holds
     * every other request.
     */
    public List<RecordedRequest> modelListRequests() {
        return ledger.modelListRequests();
    }

    /**
     * From now on keeps only the newest {@code n} requests in {@link #requests()}: a run of an
     * hour sends tens of thousands, each with its conversation's history, more than a test's heap
     * holds. {@link #awaitRequests} still counts every request.
     */
    public FakeModelServer keepRequests(int n) {
        ledger.keepRequests(n);
        return this;
    }

    /** Every request received so far except the model list's (the newest, see {@link #keepRequests}), oldest first (a snapshot). */
    public List<RecordedRequest> requests() {
        return ledger.requests();
    }

    /** The most recent request; fails the test if there was none. */
    public RecordedRequest lastRequest() {
        return ledger.lastRequest();
    }

    /** Waits until at least {@code n} requests arrived and returns them all; fails on timeout. */
    public List<RecordedRequest> awaitRequests(int n, Duration timeout) {
        return ledger.awaitRequests(n, timeout);
    }

    /** TCP connections accepted since start; one for several requests proves keep-alive. */
    public int connectionsAccepted() {
        return ledger.connectionsAccepted();
    }

    /** TCP connections currently open. */
    public int openConnections() {
        return ledger.openConnections();
    }

    /** SSE streams currently being served, stalled ones included. */
    public int activeStreams() {
        return ledger.activeStreams();
    }

    /** The most streams ever served at once, for load tests. */
    public int peakActiveStreams() {
        return ledger.peakActiveStreams();
    }

    /** Streams currently held by a stall. */
    public int stalledStreams() {
        return ledger.stalledStreams();
    }

    /** Waits until exactly {@code n} connections are open; fails on timeout. */
    public void awaitOpenConnections(int n, Duration timeout) {
        ledger.awaitOpenConnections(n, timeout);
    }

    /** Waits until exactly {@code n} streams are active, e.g. 0 after a client cancelled. */
    public void awaitActiveStreams(int n, Duration timeout) {
        ledger.awaitActiveStreams(n, timeout);
    }

    /** Waits until exactly {@code n} streams are stalled, e.g. before {@link #releaseStalls()}. */
    public void awaitStalledStreams(int n, Duration timeout) {
        ledger.awaitStalledStreams(n, timeout);
    }

    /** Failures inside the fixture itself (bugs, not client behaviour); tests can assert none. */
    public List<Throwable> internalErrors() {
        return ledger.internalErrors();
    }

    /**
     * Stops accepting and closes every connection: a running or stalled stream ends without its
     * terminating chunk, so its client sees an error. Waits up to 2 s for the threads to finish.
     */
    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // Already closed: nothing left to release.
        }
        connections.forEach(Connection::abort);
        ledger.close();
        long deadline = System.nanoTime() + CLOSE_GRACE.toNanos();
        joinUntil(acceptor, deadline);
        for (Connection connection : connections) {
            joinUntil(connection.thread(), deadline);
        }
    }

    // ---- used by Connection ----

    boolean accepts(String key) {
        String required = requiredKey;
        return required == null || required.equals(key);
    }

    List<String> models() {
        return models;
    }

    boolean isClosed() {
        return closed;
    }

    Ledger ledger() {
        return ledger;
    }

    Consumer<DeltaSent> deltaListener() {
        return deltaListener;
    }

    String nextId(String prefix) {
        return prefix + ids.incrementAndGet();
    }

    Reply nextReply() {
        Reply next = scripts.poll();
        return next != null ? next : defaultReply;
    }

    void connectionClosed(Connection connection) {
        connections.remove(connection);
        ledger.connectionClosed();
    }

    // ---- internals ----

    private void acceptLoop() {
        while (!closed) {
            try {
                serve(server.accept());
            } catch (IOException e) {
                return; // close() closed the server socket
            }
        }
    }

    private void serve(Socket socket) {
        int id = ledger.connectionOpened();
        Connection connection = null;
        try {
            // Each flush must leave as its own segment, or split writes and pacing would blur.
            socket.setTcpNoDelay(true);
            connection = new Connection(this, socket, id);
            connections.add(connection);
            Thread thread = new Thread(null, connection, "fake-" + dialect.providerType() + "-conn-" + id,
                    THREAD_STACK_BYTES);
            thread.setDaemon(true);
            connection.start(thread);
            if (closed) {
                connection.abort(); // close() may have swept the set before this connection joined it
            }
        } catch (IOException | RuntimeException | Error e) {
            // The socket died before it was served, or (under load) no thread could be started.
            if (!(e instanceof IOException)) {
                ledger.internalError(e);
            }
            closeQuietly(socket);
            if (connection != null) {
                connections.remove(connection);
            }
            ledger.connectionClosed();
        }
    }

    private static Reply freeze(Script script, Dialect dialect) {
        Objects.requireNonNull(script, "script");
        if (script instanceof StreamScript stream) {
            return stream.plan(dialect);
        }
        return ((ErrorScript) script).reply();
    }

    private static void joinUntil(Thread thread, long deadlineNanos) {
        long left = deadlineNanos - System.nanoTime();
        if (thread == null || left <= 0) {
            return;
        }
        try {
            TimeUnit.NANOSECONDS.timedJoin(thread, left);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Best effort: the connection never got served.
        }
    }
}
