package io.portagent.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.portagent.testing.RecordedRequest;
import io.portagent.testing.Dialect;
import io.portagent.testing.Script;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Proves, for each provider protocol, retries: 429, 529, 5xx, connection refused and connect timeouts are retried with backoff
 * (honouring {@code retry-after}, capped) up to maxAttempts, counted as requests at the fake.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
@ParameterizedClass
@EnumSource(Dialect.class)
class LlmClientRetryTest {

    @RegisterExtension
    final LlmFixture llm;

    LlmClientRetryTest(Dialect dialect) {
        llm = new LlmFixture(dialect, config -> config);
    }

    @Test
    void rateLimitedIsRetriedAndThenSucceeds() {
        llm.fake().enqueue(
                Script.httpError(429, "rate_limit_error", "Number of requests has exceeded your rate limit."),
                Script.text("after ", "the wait"));

        assertEquals("after the wait", llm.streamToCompletion().text());
        assertEquals(2, llm.fake().requests().size());
        assertEquals(llm.fake().requests().get(0).body(), llm.fake().requests().get(1).body(),
                "the retry sends the whole request again");
    }

    @Test
    void serverErrorIsRetriedAndThenSucceeds() {
        llm.fake().enqueue(Script.httpError(500, "api_error", "Internal server error"), Script.text("fine"));

        assertEquals("fine", llm.streamToCompletion().text());
        assertEquals(2, llm.fake().requests().size());
    }

    @Test
    void serverErrorsUntilAttemptsRunOutFailWithTheProviderMessage() {
        for (int i = 0; i < 4; i++) {
            llm.fake().enqueue(Script.httpError(502, "api_error", "Bad gateway upstream"));
        }

        LlmFailure failure = llm.streamToFailure();

        assertEquals(new LlmFailure(FailureCode.PROVIDER_ERROR, "The provider failed (HTTP 502): Bad gateway upstream",
                502, true, 4), failure);
        assertEquals(4, llm.fake().requests().size());
        assertEquals(List.of("2/4 provider_error", "3/4 provider_error", "4/4 provider_error"),
                llm.listener().retries(), "each retry announced before it starts, none after the last attempt");
    }

    @Test
    void overloadedHonoursRetryAfterThenFailsAsOverloadedWhenAttemptsRunOut() {
        llm.fake().enqueue(Script.overloaded().retryAfter("1"), Script.overloaded().retryAfter("1"));

        LlmFailure failure = llm.streamToFailure(llm.config()
                .withRetries(2, Duration.ofMillis(10), Duration.ofSeconds(5)));

        assertEquals(new LlmFailure(FailureCode.OVERLOADED, "The provider is overloaded; try again in a moment (HTTP 529)",
                529, true, 2), failure);
        List<RecordedRequest> requests = llm.fake().requests();
        assertEquals(2, requests.size());
        long gapMillis = TimeUnit.NANOSECONDS.toMillis(requests.get(1).receivedAtNanos() - requests.get(0).receivedAtNanos());
        assertTrue(gapMillis >= 990, "second attempt came " + gapMillis + " ms after the first, before retry-after");
    }

    @Test
    void retryAfterLongerThanMaxBackoffIsCappedAtMaxBackoff() {
        llm.fake().enqueue(Script.rateLimited(Duration.ofSeconds(30)), Script.text("soon"));

        llm.stream();
        llm.listener().awaitCompletion(Duration.ofSeconds(2));

        List<RecordedRequest> requests = llm.fake().requests();
        long gapMillis = TimeUnit.NANOSECONDS.toMillis(requests.get(1).receivedAtNanos() - requests.get(0).receivedAtNanos());
        assertTrue(gapMillis < 1000, "gap " + gapMillis + " ms exceeds the 200 ms cap");
    }

    @Test
    void connectionRefusedIsRetriedThenNamesTheUrl() {
        URI closed = URI.create("http://127.0.0.1:" + LlmTesting.closedPort());

        LlmFailure failure = llm.streamToFailure(LlmConfig.of(closed, LlmTesting.API_KEY)
                .withRetries(3, Duration.ofMillis(10), Duration.ofMillis(50)));

        assertEquals(new LlmFailure(FailureCode.CONNECTION_REFUSED, "Cannot connect to " + closed + " (ECONNREFUSED)",
                0, true, 3), failure);
    }

    @Test
    void connectTimeoutIsRetriedThenReportsEtimedoutWithTheUrl() throws IOException {
        try (ServerSocket full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            List<Socket> queued = fillAcceptQueue(full);
            URI url = URI.create("http://127.0.0.1:" + full.getLocalPort());
            try {
                LlmFailure failure = llm.streamToFailure(LlmConfig.of(url, LlmTesting.API_KEY)
                        .withTimeouts(Duration.ofMillis(300), Duration.ofSeconds(5))
                        .withRetries(2, Duration.ofMillis(10), Duration.ofMillis(50)));

                assertEquals(new LlmFailure(FailureCode.TIMEOUT, "Cannot connect to " + url + " (ETIMEDOUT after 300 ms)",
                        0, true, 2), failure);
            } finally {
                for (Socket socket : queued) {
                    socket.close();
                }
            }
        }
    }

    /**
     * A listener that never accepts: once its accept queue is full, the kernel drops further SYNs,
     * so a new connect hangs until its timeout, which is what a black-holed provider looks like.
     */
    private static List<Socket> fillAcceptQueue(ServerSocket server) throws IOException {
        List<Socket> queued = new ArrayList<>();
        InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort());
        for (int i = 0; i < 16; i++) {
            Socket socket = new Socket();
            try {
                socket.connect(address, 200);
                queued.add(socket);
            } catch (SocketTimeoutException full) {
                socket.close();
                return queued;
            }
        }
        throw new IllegalStateException("the accept queue never filled; cannot simulate a connect timeout here");
    }
}
