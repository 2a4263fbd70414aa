package io.portagent.llm;

import static io.portagent.llm.LlmTesting.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.portagent.testing.Dialect;
import io.portagent.testing.Script;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Proves, for each provider protocol, each failure code and the sentence the user sees, for
 * errors that are never retried:
 * HTTP 400/401/403 before the stream, and anything that breaks a stream after its first event.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
@ParameterizedClass
@EnumSource(Dialect.class)
class LlmClientFailureTest {

    @RegisterExtension
    final LlmFixture llm;

    LlmClientFailureTest(Dialect dialect) {
        llm = new LlmFixture(dialect, config -> config.withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(300)));
    }

    @Test
    void http401IsInvalidApiKeyWithTheFixedSentenceAndIsNotRetried() {
        llm.fake().enqueue(Script.httpError(401, "authentication_error", "invalid x-api-key"));

        LlmFailure failure = llm.streamToFailure();

        assertEquals(new LlmFailure(FailureCode.INVALID_API_KEY, "Invalid API key", 401, true, 1), failure);
        assertEquals(1, llm.fake().requests().size());
    }

    @Test
    void http403PassesTheProvidersPermissionMessageThrough() {
        llm.fake().enqueue(Script.httpError(403, "permission_error",
                "Your API key does not have permission to use the specified resource."));

        LlmFailure failure = llm.streamToFailure();

        assertEquals(new LlmFailure(FailureCode.PERMISSION_DENIED,
                "Your API key does not have permission to use the specified resource.", 403, true, 1), failure);
        assertEquals(1, llm.fake().requests().size());
    }

    @Test
    void http400PassesTheCreditBalanceMessageThrough() {
        String credit = "Your credit balance is too low to access the Anthropic API. "
                + "Please go to Plans & Billing to upgrade or purchase credits.";
        llm.fake().enqueue(Script.httpError(400, "invalid_request_error", credit));

        LlmFailure failure = llm.streamToFailure();

        assertEquals(new LlmFailure(FailureCode.INVALID_REQUEST, credit, 400, true, 1), failure);
        assertEquals(1, llm.fake().requests().size());
    }

    @Test
    void errorEventMidStreamFailsWithTheProviderMessageAndIsNotRetried() {
        llm.fake().enqueue(Script.text("a", "b", "c").errorAfterDeltas(2, "api_error", "Internal server error"));

        LlmFailure failure = llm.streamToFailure();

        assertEquals(new LlmFailure(FailureCode.PROVIDER_ERROR, "Provider error: Internal server error", 0, false, 1),
                failure);
        assertEquals("ab", llm.listener().text());
        assertEquals(1, llm.fake().requests().size());
    }

    @Test
    void overloadedErrorEventMidStreamIsOverloadedAndIsNotRetried() {
        llm.fake().enqueue(Script.text("a", "b").overloadedAfterDeltas(1));

        LlmFailure failure = llm.streamToFailure();

        assertEquals(FailureCode.OVERLOADED, failure.code());
        assertEquals("The provider is overloaded; try again in a moment", failure.message());
        assertFalse(failure.beforeFirstEvent());
        assertEquals(1, llm.fake().requests().size());
    }

    /**
     * Paced, so the first deltas are read before the drop: HttpClient discards whatever it decoded
     * in the same read that hit the premature end (see ChunkDecoder), so the last delta may be lost.
     */
    @Test
    void dropAfterDeltasIsStreamDroppedKeepsThePartialTextAndIsNotRetried() {
        llm.fake().enqueue(Script.text("par", "tial", " never finished").deltaDelay(Duration.ofMillis(50))
                .dropAfterDeltas(2));

        LlmFailure failure = llm.streamToFailure();

        assertEquals(FailureCode.STREAM_DROPPED, failure.code());
        assertEquals("The connection to " + llm.fake().baseUri() + " closed before the answer was complete",
                failure.message());
        assertFalse(failure.beforeFirstEvent());
        assertTrue(List.of("par", "partial").contains(llm.listener().text()), llm.listener().text());
        assertEquals(1, llm.fake().requests().size());
    }

    @Test
    void resetAfterDeltasIsStreamDroppedAndIsNotRetried() {
        llm.fake().enqueue(Script.text("a", "b", "c").deltaDelay(Duration.ofMillis(50)).resetAfterDeltas(2));

        LlmFailure failure = llm.streamToFailure();

        assertEquals(FailureCode.STREAM_DROPPED, failure.code());
        assertFalse(failure.beforeFirstEvent());
        assertEquals(1, llm.fake().requests().size());
    }

    @Test
    void stallLongerThanTheIdleTimeoutIsStreamStalledAndClosesTheStream() {
        llm.fake().enqueue(Script.text("a", "b", "c").stallAfterDeltas(1));

        LlmFailure failure = llm.streamToFailure();

        assertEquals(new LlmFailure(FailureCode.STREAM_STALLED, "The provider stopped sending for 300 ms", 0, false, 1),
                failure);
        assertEquals("a", llm.listener().text());
        llm.fake().awaitActiveStreams(0, WAIT);
        assertEquals(1, llm.fake().requests().size());
    }

    @Test
    void silenceBeforeTheFirstByteIsAlsoStreamStalledAndIsNotRetried() {
        llm.fake().enqueue(Script.text("late").firstByteDelay(Duration.ofSeconds(1)));

        LlmFailure failure = llm.streamToFailure();

        assertEquals(FailureCode.STREAM_STALLED, failure.code());
        assertTrue(failure.beforeFirstEvent());
        assertEquals(1, llm.fake().requests().size());
    }

    @Test
    void slowButSteadyStreamWithGapsBelowTheIdleTimeoutCompletes() {
        llm.fake().enqueue(Script.text("a", "b", "c", "d", "e").deltaDelay(Duration.ofMillis(150)));

        assertEquals("abcde", llm.streamToCompletion().text());
    }
}
