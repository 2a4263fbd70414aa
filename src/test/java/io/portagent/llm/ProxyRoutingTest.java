package io.portagent.llm;

import static io.portagent.llm.LlmTesting.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.portagent.testing.FakeAnthropic;
import io.portagent.testing.RecordedRequest;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Proves HTTP_PROXY / HTTPS_PROXY / NO_PROXY routing end to end, with the fake standing in for
 * the proxy: it records what a proxy would receive (an absolute-form request, or a CONNECT).
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ProxyRoutingTest {

    /** Never resolved: with a proxy in the route, only the proxy's address is looked up. */
    private static final URI UNRESOLVABLE = URI.create("http://llm.example.invalid");

    private FakeAnthropic fake;
    private final RecordingListener listener = new RecordingListener();

    @BeforeEach
    void start() {
        fake = FakeAnthropic.start();
    }

    @AfterEach
    void stop() {
        fake.close();
        assertEquals(List.of(), fake.internalErrors());
    }

    @Test
    void httpTargetIsSentThroughHttpProxyInAbsoluteForm() {
        LlmFailure failure = streamAndFail(LlmConfig.of(UNRESOLVABLE, LlmTesting.API_KEY)
                .withRetries(1, LlmConfig.DEFAULT_INITIAL_BACKOFF, LlmConfig.DEFAULT_MAX_BACKOFF)
                .withProxies(Optional.of(fake.baseUri().toString()), Optional.empty(), Optional.empty()));

        RecordedRequest atProxy = fake.lastRequest();
        assertEquals("POST", atProxy.method());
        assertEquals("http://llm.example.invalid/v1/messages", atProxy.path());
        assertEquals(LlmTesting.API_KEY, atProxy.header("x-api-key"));
        assertEquals(404, failure.httpStatus()); // the fake is no real proxy
    }

    @Test
    void httpsTargetIsTunnelledThroughHttpsProxyWithConnect() {
        URI https = URI.create("https://llm.example.invalid");

        LlmFailure failure = streamAndFail(LlmConfig.of(https, LlmTesting.API_KEY)
                .withRetries(1, LlmConfig.DEFAULT_INITIAL_BACKOFF, LlmConfig.DEFAULT_MAX_BACKOFF)
                .withProxies(Optional.of("http://127.0.0.1:1"), Optional.of(fake.baseUri().toString()), Optional.empty()));

        RecordedRequest atProxy = fake.lastRequest();
        assertEquals("CONNECT", atProxy.method());
        assertEquals("llm.example.invalid:443", atProxy.path());
        assertEquals(404, failure.httpStatus()); // HttpClient hands a refused CONNECT's answer to the consumer
        assertEquals(1, fake.requests().size());
    }

    @Test
    void hostListedInNoProxyGoesDirect() throws IOException {
        LlmConfig config = LlmTesting.config(fake).withProxies(Optional.of("http://127.0.0.1:" + closedPort()),
                Optional.empty(), Optional.of("example.org, 127.0.0.1"));

        try (LlmClient client = new LlmClient(config)) {
            client.stream(LlmTesting.hello(), listener);
            listener.awaitCompletion(WAIT);
        }
        assertEquals("/v1/messages", fake.lastRequest().path());
    }

    @Test
    void unreachableProxyIsConnectionRefusedNamingTheUrlAndTheProxy() throws IOException {
        int port = closedPort();

        LlmFailure failure = streamAndFail(LlmConfig.of(UNRESOLVABLE, LlmTesting.API_KEY)
                .withRetries(1, LlmConfig.DEFAULT_INITIAL_BACKOFF, LlmConfig.DEFAULT_MAX_BACKOFF)
                .withProxies(Optional.of("127.0.0.1:" + port), Optional.empty(), Optional.empty()));

        assertEquals(new LlmFailure(FailureCode.CONNECTION_REFUSED, "Cannot connect to http://llm.example.invalid"
                + " via proxy http://127.0.0.1:" + port + " (ECONNREFUSED)", 0, true, 1), failure);
    }

    private LlmFailure streamAndFail(LlmConfig config) {
        try (LlmClient client = new LlmClient(config)) {
            client.stream(LlmTesting.hello(), listener);
            return listener.awaitFailure(WAIT);
        }
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
