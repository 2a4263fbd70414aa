package io.portagent.llm;

import java.net.URI;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.nio.AsyncRequestProducer;
import org.apache.hc.core5.http.nio.support.AsyncRequestBuilder;

/**
 * What every call of one {@link LlmClient} shares: the HTTP client and its pool, the retry
 * scheduler, the provider's protocol (endpoint, headers, decoder), and the register of calls still running (so closing the client
 * can cancel them).
 */
final class HttpTransport {

    /** JSON is UTF-8 by definition (RFC 8259), so no charset parameter. */
    private static final ContentType JSON = ContentType.create("application/json");

    private final CloseableHttpAsyncClient http;
    private final ScheduledExecutorService scheduler;
    private final LlmConfig config;
    private final Backoff backoff;
    private final WireProtocol protocol;
    private final URI endpoint;
    private final String where;
    private final LlmObserver.Calls observer;
    private final Set<StreamingCall> running = ConcurrentHashMap.newKeySet();

    HttpTransport(CloseableHttpAsyncClient http, ScheduledExecutorService scheduler, LlmConfig config,
            Proxies proxies, LlmObserver.Calls observer) {
        this.http = http;
        this.observer = observer;
        this.scheduler = scheduler;
        this.config = config;
        this.backoff = new Backoff(config.initialBackoff(), config.maxBackoff());
        this.protocol = config.type().protocol();
        this.endpoint = protocol.endpoint(config.displayUrl());
        this.where = config.displayUrl() + proxies.describeRoute(HttpHost.create(endpoint));
    }

    /** Starts one POST; outcomes arrive through the consumer and the callback. */
    Future<Void> send(RequestBody body, StreamConsumer consumer, FutureCallback<Void> callback) {
        HttpClientContext context = HttpClientContext.create();
        context.setAttribute(ExchangeAbort.ATTRIBUTE, consumer.abortHandle());
        return http.execute(request(body), consumer, null, context, callback);
    }

    Future<?> schedule(Runnable task, Duration delay) {
        return scheduler.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    void callStarted(StreamingCall call) {
        running.add(call);
    }

    void callEnded(StreamingCall call) {
        running.remove(call);
    }

    Set<StreamingCall> running() {
        return running;
    }

    LlmConfig config() {
        return config;
    }

    LlmObserver.Calls observer() {
        return observer;
    }

    WireProtocol protocol() {
        return protocol;
    }

    Backoff backoff() {
        return backoff;
    }

    /** The provider URL as sentences name it, with the proxy if one is used. */
    String where() {
        return where;
    }

    /** GETs the provider's model list with the key; the future never fails, an error is an outcome. */
    CompletableFuture<KeyCheck> checkKey() {
        CompletableFuture<KeyCheck> result = new CompletableFuture<>();
        SimpleRequestBuilder get = SimpleRequestBuilder.get(protocol.modelsEndpoint(config.displayUrl()));
        protocol.headers(config.apiKey(), get::setHeader);
        try {
            http.execute(get.build(), new FutureCallback<SimpleHttpResponse>() {
                @Override
                public void completed(SimpleHttpResponse response) {
                    result.complete(KeyCheck.ofStatus(response.getCode(), where));
                }

                @Override
                public void failed(Exception cause) {
                    result.complete(KeyCheck.unreachable(where, cause));
                }

                @Override
                public void cancelled() {
                    result.complete(KeyCheck.unreachable(where, new CancellationException()));
                }
            });
        } catch (RuntimeException e) { // the client is closed
            result.complete(KeyCheck.unreachable(where, e));
        }
        return result;
    }

    /** A JSON body for {@link #send}. */
    static RequestBody body(byte[] json) {
        return new RequestBody(json, JSON);
    }

    private AsyncRequestProducer request(RequestBody body) {
        AsyncRequestBuilder request = AsyncRequestBuilder.post(endpoint);
        protocol.headers(config.apiKey(), request::setHeader);
        return request.setHeader("accept", "text/event-stream")
                .setEntity(body)
                .build();
    }
}
