package io.portagent.llm;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.core5.concurrent.DefaultThreadFactory;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.TimeValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams answers from one provider, in the protocol of its {@link ProviderType}. One instance
 * serves each configured provider: it owns
 * the I/O reactor threads ({@code llm-io-N}, one per core), the connection pool, and one retry
 * scheduler thread ({@code llm-retry-1}, which only starts HTTP requests and never runs listener
 * code except a failure to start). No thread is held per stream. Thread-safe.
 */
public final class LlmClient implements ModelProvider, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LlmClient.class);

    private static final TimeValue SHUTDOWN_GRACE = TimeValue.ofMilliseconds(500);

    private final LlmConfig config;
    private final CloseableHttpAsyncClient http;
    private final ScheduledThreadPoolExecutor scheduler;
    private final HttpTransport transport;
    private final AtomicLong callIds = new AtomicLong();
    private volatile boolean closed;

    /** Starts the I/O reactor; throws {@link IllegalArgumentException} if a proxy setting is malformed. */
    public LlmClient(LlmConfig config) {
        this(config, LlmObserver.Calls.NONE);
    }

    /** With each call's outcome told to {@code observer} (see {@link LlmObserver}). */
    public LlmClient(LlmConfig config, LlmObserver.Calls observer) {
        this.config = Objects.requireNonNull(config, "config");
        Proxies proxies = Proxies.from(config);
        // At most one pending retry per running call, so the queue is bounded by the number of calls.
        this.scheduler = new ScheduledThreadPoolExecutor(1, new DefaultThreadFactory("llm-retry", true));
        this.scheduler.setRemoveOnCancelPolicy(true);
        LazyTls tls = new LazyTls();
        this.http = AsyncClientFactory.create(config, proxies, tls, () -> closed);
        if (config.displayUrl().regionMatches(true, 0, "https:", 0, 6)) {
            scheduler.execute(tls::make); // ready before the first turn, made beside the rest of the start
        }
        this.transport = new HttpTransport(http, scheduler, config, proxies, observer);
        LOG.info("LLM client ready: {} ({} connections max)", transport.where(), config.maxConnections());
    }

    /**
     * Sends the request and streams the answer to the listener; returns at once. The listener's
     * methods run on the client's threads and must not block (see {@link LlmListener}).
     *
     * @throws IllegalArgumentException if a tool input or schema in the request is not JSON
     * @throws IllegalStateException    if the client is closed
     */
    @Override
    public LlmCall stream(LlmRequest request, LlmListener listener) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(listener, "listener");
        byte[] body = transport.protocol().render(request);
        if (closed) {
            throw new IllegalStateException("The LLM client is closed.");
        }
        StreamingCall call = new StreamingCall("llm-" + callIds.incrementAndGet(), transport, body, listener);
        transport.callStarted(call);
        call.start();
        return call;
    }

    /** One GET of the provider's model list with the key (see {@link KeyCheck}); never fails. */
    public CompletableFuture<KeyCheck> checkKey() {
        return transport.checkKey();
    }

    /** Calls not yet ended, e.g. for a health page. */
    public int activeCalls() {
        return transport.running().size();
    }

    public LlmConfig config() {
        return config;
    }

    /**
     * Cancels every running call (each listener gets {@code onFailure(cancelled)}), then stops the
     * reactor and the scheduler, closing all connections. Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        List.copyOf(transport.running()).forEach(StreamingCall::cancel);
        scheduler.shutdownNow();
        stopReactor();
        LOG.info("LLM client closed");
    }

    /**
     * Graceful first, so the reactor threads close their own idle connections; bounded, because a
     * cancelled exchange may still be draining; then immediate, for whatever is left.
     */
    private void stopReactor() {
        http.initiateShutdown();
        try {
            http.awaitShutdown(SHUTDOWN_GRACE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        http.close(CloseMode.IMMEDIATE);
    }
}
