package io.portagent.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.portagent.testing.RecordedRequest;
import java.net.URI;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Proves HTTP_PROXY / HTTPS_PROXY / NO_PROXY routing end to end, with the fake standing in for
 * the proxy: it records what a proxy would receive (an absolute-form request, or a CONNECT).
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ProxyRoutingTest {

    /** Never resolved: with a proxy in the route, only the proxy's address is looked up. */
    private static final URI UNRESOLVABLE = URI.create("http://llm.example.invalid");

    @RegisterExtension
    final LlmFixture llm = new LlmFixture();

    @Test
    void httpTargetIsSentThroughHttpProxyInAbsoluteForm() {
        LlmFailure failure = llm.streamToFailure(LlmConfig.of(UNRESOLVABLE, LlmTesting.API_KEY)
                .withRetries(1, LlmConfig.DEFAULT_INITIAL_BACKOFF, LlmConfig.DEFAULT_MAX_BACKOFF)
                .withProxies(Optional.of(llm.fake().baseUri().toString()), Optional.empty(), Optional.empty()));

        RecordedRequest atProxy = llm.fake().lastRequest();
        assertEquals("POST", atProxy.method());
        assertEquals("http://llm.example.invalid/v1/messages", atProxy.path());
        assertEquals(LlmTesting.API_KEY, atProxy.header("x-api-key"));
        assertEquals(404, failure.httpStatus()); // the fake is no real proxy
    }

    @Test
    void httpsTargetIsTunnelledThroughHttpsProxyWithConnect() {
        URI https = URI.create("https://llm.example.invalid");

        LlmFailure failure = llm.streamToFailure(LlmConfig.of(https, LlmTesting.API_KEY)
                .withRetries(1, LlmConfig.DEFAULT_INITIAL_BACKOFF, LlmConfig.DEFAULT_MAX_BACKOFF)
                .withProxies(Optional.of("http://127.0.0.1:1"), Optional.of(llm.fake().baseUri().toString()),
                        Optional.empty()));

        RecordedRequest atProxy = llm.fake().lastRequest();
        assertEquals("CONNECT", atProxy.method());
        assertEquals("llm.example.invalid:443", atProxy.path());
        assertEquals(404, failure.httpStatus()); // HttpClient hands a refused CONNECT's answer to the consumer
        assertEquals(1, llm.fake().requests().size());
    }

    @Test
    void hostListedInNoProxyGoesDirect() {
        llm.streamToCompletion(llm.config().withProxies(Optional.of("http://127.0.0.1:" + LlmTesting.closedPort()),
                Optional.empty(), Optional.of("example.org, 127.0.0.1")));

        assertEquals("/v1/messages", llm.fake().lastRequest().path());
    }

    @Test
    void unreachableProxyIsConnectionRefusedNamingTheUrlAndTheProxy() {
        int port = LlmTesting.closedPort();

        LlmFailure failure = llm.streamToFailure(LlmConfig.of(UNRESOLVABLE, LlmTesting.API_KEY)
                .withRetries(1, LlmConfig.DEFAULT_INITIAL_BACKOFF, LlmConfig.DEFAULT_MAX_BACKOFF)
                .withProxies(Optional.of("127.0.0.1:" + port), Optional.empty(), Optional.empty()));

        assertEquals(new LlmFailure(FailureCode.CONNECTION_REFUSED, "Cannot connect to http://llm.example.invalid"
                + " via proxy http://127.0.0.1:" + port + " (ECONNREFUSED)", 0, true, 1), failure);
    }
}
