package io.portagent.llm;

import io.portagent.config.Version;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.config.TlsConfig;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClientBuilder;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManager;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.core5.concurrent.DefaultThreadFactory;
import org.apache.hc.core5.http2.HttpVersionPolicy;
import org.apache.hc.core5.reactor.IOReactorConfig;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the one HttpClient 5 async client behind an {@link LlmClient}: an I/O reactor with one
 * thread per core ({@code llm-io-N}), a connection pool sized by {@link LlmConfig#maxConnections()},
 * the idle timeout as socket timeout, the proxy route planner, and none of HttpClient's own retries,
 * redirects, cookies or compression (this package decides about retries; SSE must not be buffered).
 */
final class AsyncClientFactory {

    private static final Logger LOG = LoggerFactory.getLogger(AsyncClientFactory.class);

    /** How long a call may wait for a pooled connection when all are busy before failing with timeout. */
    private static final Duration POOL_WAIT = Duration.ofSeconds(30);
    /** A pooled connection unused this long is checked before reuse: the provider may have closed it. */
    private static final TimeValue VALIDATE_AFTER = TimeValue.ofSeconds(2);
    private static final TimeValue EVICT_IDLE = TimeValue.ofMinutes(1);

    private AsyncClientFactory() {
    }

    /**
     * @param closing tells whether the owner is shutting down: an immediate shutdown races the
     *                reactor threads over their selectors, and what they then report is noise
     */
    static CloseableHttpAsyncClient create(LlmConfig config, Proxies proxies, LazyTls tls, BooleanSupplier closing) {
        HttpAsyncClientBuilder builder = HttpAsyncClients.custom()
                .setConnectionManager(pool(config, tls))
                .setIOReactorConfig(IOReactorConfig.custom()
                        .setIoThreadCount(Runtime.getRuntime().availableProcessors())
                        .setSelectInterval(selectInterval(config))
                        .setTcpNoDelay(true)
                        .setSoKeepAlive(true)
                        .build())
                .setThreadFactory(new DefaultThreadFactory("llm-io", true))
                .setIoReactorExceptionCallback(error -> reactorError(error, closing))
                .setRoutePlanner(new ProxyRoutePlanner(proxies))
                .addExecInterceptorFirst(AbortInterceptor.NAME, new AbortInterceptor())
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setResponseTimeout(timeout(config.idleTimeout()))
                        .setConnectionRequestTimeout(timeout(POOL_WAIT))
                        .build())
                .setUserAgent("Portagent/" + Version.current())
                .evictIdleConnections(EVICT_IDLE)
                .disableAutomaticRetries()
                .disableRedirectHandling()
                .disableCookieManagement()
                .disableContentCompression();
        proxies.credentials().ifPresent(builder::setDefaultCredentialsProvider);
        CloseableHttpAsyncClient client = builder.build();
        client.start();
        return client;
    }

    private static void reactorError(Exception error, BooleanSupplier closing) {
        if (closing.getAsBoolean()) {
            LOG.debug("I/O reactor stopped while shutting down", error);
        } else {
            LOG.error("LLM I/O reactor failure", error);
        }
    }

    /**
     * HTTP/1.1 only: one stream per connection makes the socket timeout a per-stream idle timeout
     * and a cancel a plain connection close; HTTP/2 would multiplex streams onto one socket.
     */
    private static PoolingAsyncClientConnectionManager pool(LlmConfig config, LazyTls tls) {
        return PoolingAsyncClientConnectionManagerBuilder.create()
                .setTlsStrategy(tls)
                .setMaxConnTotal(config.maxConnections())
                .setMaxConnPerRoute(config.maxConnections())
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(timeout(config.connectTimeout()))
                        .setSocketTimeout(timeout(config.idleTimeout()))
                        .setValidateAfterInactivity(VALIDATE_AFTER)
                        .build())
                .setDefaultTlsConfig(TlsConfig.custom()
                        .setVersionPolicy(HttpVersionPolicy.FORCE_HTTP_1)
                        .setHandshakeTimeout(timeout(config.connectTimeout()))
                        .build())
                .build();
    }

    /**
     * Timeouts are checked once per select interval (HttpClient's default: 1 s). A tenth of the
     * shortest timeout, clamped to 50 ms..1 s, keeps a short timeout from overshooting by a second.
     */
    private static TimeValue selectInterval(LlmConfig config) {
        Duration shortest = config.connectTimeout().compareTo(config.idleTimeout()) < 0
                ? config.connectTimeout() : config.idleTimeout();
        long millis = Math.max(50, Math.min(1000, shortest.toMillis() / 10));
        return TimeValue.ofMilliseconds(millis);
    }

    private static Timeout timeout(Duration duration) {
        return Timeout.ofMilliseconds(duration.toMillis());
    }
}
