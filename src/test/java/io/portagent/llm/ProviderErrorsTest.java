package io.portagent.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Proves the status and error-event table: code, user sentence, and whether a retry may help. */
class ProviderErrorsTest {

    @ParameterizedTest(name = "HTTP {0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            401 | INVALID_API_KEY    | false | Invalid API key
            403 | PERMISSION_DENIED  | false | the provider's words
            400 | INVALID_REQUEST    | false | the provider's words
            404 | MODEL_NOT_FOUND    | false | Model not found, or a wrong provider URL (HTTP 404): the provider's words
            407 | CONNECTION_REFUSED | false | The proxy refused the connection: it requires authentication (HTTP 407)
            429 | RATE_LIMITED       | true  | Rate limited by the provider (HTTP 429): the provider's words
            500 | PROVIDER_ERROR     | true  | The provider failed (HTTP 500): the provider's words
            503 | PROVIDER_ERROR     | true  | The provider failed (HTTP 503): the provider's words
            529 | OVERLOADED         | true  | The provider is overloaded; try again in a moment (HTTP 529)
            """)
    void statusMapsToCodeSentenceAndRetryability(int status, FailureCode code, boolean retryable, String sentence) {
        AttemptFailure failure = fromStatus(status, anthropicError("the provider's words"));

        assertEquals(new AttemptFailure(code, sentence, status, retryable, null), failure);
    }

    @Test
    void nonJsonErrorBodyFallsBackToTheStatusAlone() {
        assertEquals("The provider failed (HTTP 502)", fromStatus(502, "<html>Bad Gateway</html>").message());
        assertEquals("Permission denied by the provider (HTTP 403)", fromStatus(403, "").message());
    }

    @Test
    void retryAfterTravelsWithRetryableStatuses() {
        byte[] body = anthropicError("slow down").getBytes(StandardCharsets.UTF_8);

        AttemptFailure failure = ProviderErrors.fromStatus(429, "application/json", body, body.length, Duration.ofSeconds(3));

        assertEquals(Duration.ofSeconds(3), failure.retryAfter());
    }

    @Test
    void okWithoutAnEventStreamIsAProviderError() {
        AttemptFailure failure = fromStatus(200, "{}", "application/json");

        assertEquals(FailureCode.PROVIDER_ERROR, failure.code());
        assertEquals("The provider answered with application/json instead of an event stream", failure.message());
        assertFalse(failure.retryable());
    }

    @Test
    void retryableFailuresAreExactlyTheTransientOnes() {
        assertTrue(fromStatus(529, "").retryable());
        assertFalse(fromStatus(401, "").retryable());
    }

    private static AttemptFailure fromStatus(int status, String body) {
        return fromStatus(status, body, "application/json");
    }

    private static AttemptFailure fromStatus(int status, String body, String contentType) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return ProviderErrors.fromStatus(status, contentType, bytes, bytes.length, null);
    }

    private static String anthropicError(String message) {
        return "{\"type\":\"error\",\"error\":{\"type\":\"some_error\",\"message\":\"" + message
                + "\"},\"request_id\":\"req_1\"}";
    }
}
