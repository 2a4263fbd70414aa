package io.portagent.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import javax.net.ssl.SSLHandshakeException;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.HttpHostConnectException;
import org.apache.hc.core5.http.ConnectionClosedException;
import org.junit.jupiter.api.Test;

/** Proves how socket-level errors become failure codes and errno-style sentences naming the URL. */
class TransportErrorsTest {

    private static final String WHERE = "https://api.anthropic.com";
    private static final LlmConfig CONFIG = LlmConfig.of(URI.create(WHERE), LlmTesting.API_KEY);

    @Test
    void refusedConnectionsAreRetryableAndSayEconnrefused() {
        assertEquals(AttemptFailure.retryable(FailureCode.CONNECTION_REFUSED,
                "Cannot connect to https://api.anthropic.com (ECONNREFUSED)"), map(new HttpHostConnectException("x")));
        assertEquals(FailureCode.CONNECTION_REFUSED, map(new ConnectException("refused")).code());
    }

    @Test
    void connectTimeoutIsRetryableAndQuotesTheTimeout() {
        assertEquals(AttemptFailure.retryable(FailureCode.TIMEOUT,
                "Cannot connect to https://api.anthropic.com (ETIMEDOUT after 10 s)"),
                map(new ConnectTimeoutException("timed out")));
    }

    @Test
    void readTimeoutIsAStallThatIsNotRetried() {
        assertEquals(AttemptFailure.fatal(FailureCode.STREAM_STALLED, "The provider stopped sending for 60 s"),
                map(new SocketTimeoutException("60,000 MILLISECONDS")));
    }

    @Test
    void unknownHostNamesTheHost() {
        assertEquals("Cannot connect to https://api.anthropic.com (ENOTFOUND: unknown host api.anthropic.com)",
                map(new UnknownHostException("api.anthropic.com")).message());
    }

    @Test
    void tlsFailureIsNotRetried() {
        assertEquals(AttemptFailure.fatal(FailureCode.CONNECTION_REFUSED,
                "Cannot connect to https://api.anthropic.com (TLS: PKIX path building failed)"),
                map(new SSLHandshakeException("PKIX path building failed")));
    }

    @Test
    void brokenStreamsAreDroppedAndRetryableBeforeTheFirstEvent() {
        for (IOException broken : new IOException[] {new ConnectionClosedException("Premature end"),
                new SocketException("Connection reset"), new IOException("whatever")}) {
            assertEquals(AttemptFailure.retryable(FailureCode.STREAM_DROPPED,
                    "The connection to https://api.anthropic.com closed before the answer was complete"), map(broken));
        }
    }

    @Test
    void malformedProviderDataIsAProviderError() {
        assertEquals(FailureCode.PROVIDER_ERROR,
                map(new ProviderDataException("invalid JSON in a message_start event", null)).code());
        assertEquals(FailureCode.PROVIDER_ERROR, map(new SseParser.TooLargeException(8)).code());
    }

    @Test
    void durationsReadTheWayPeopleSayThem() {
        assertEquals("60 s", TransportErrors.human(Duration.ofSeconds(60)));
        assertEquals("250 ms", TransportErrors.human(Duration.ofMillis(250)));
        assertEquals("1.5 s", TransportErrors.human(Duration.ofMillis(1500)));
    }

    private static AttemptFailure map(Throwable error) {
        return TransportErrors.from(error, WHERE, CONFIG);
    }
}
