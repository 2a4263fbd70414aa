package io.portagent.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.portagent.testing.Script;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Provider failures and interrupts: the user sees why, the partial answer is kept, nothing hangs. */
class TurnFailureTest extends ChatTest {

    TurnFailureTest() {
        super(ToolRegistry.NONE, Map.of("LLM_IDLE_TIMEOUT", "1", "LLM_MAX_ATTEMPTS", "2"));
    }

    private JsonObject errorOf(Script script) {
        fixture.fake.enqueue(script);
        fixture.runtime().send(alice, imageId, "hello");
        JsonObject error = CollectingSink.data(sink.await(EventType.ERROR, WAIT));
        assertEquals("error", CollectingSink.data(sink.await(EventType.CONVERSATION_END, WAIT)).getString("reason"));
        return error;
    }

    @Test
    void anInvalidKeyIsNamedAndNotRetried() {
        JsonObject error = errorOf(Script.httpError(401, "authentication_error", "invalid x-api-key"));
        assertEquals("invalid_api_key", error.getString("code"));
        assertEquals("Invalid API key", error.getString("message"));
        assertFalse(error.getBoolean("recoverable"));
        assertEquals(1, fixture.fake.requests().size());
    }

    @Test
    void aCreditProblemPassesTheProvidersMessageThrough() {
        JsonObject error = errorOf(Script.httpError(400, "invalid_request_error",
                "Your credit balance is too low to access the Anthropic API."));
        assertEquals("invalid_request", error.getString("code"));
        assertTrue(error.getString("message").contains("credit balance is too low"), error.toString());
    }

    @Test
    void overloadIsRetriedThenReported() {
        fixture.fake.enqueue(Script.overloaded().retryAfter(Duration.ofSeconds(0)));
        JsonObject error = errorOf(Script.overloaded().retryAfter(Duration.ofSeconds(0)));
        assertEquals("overloaded", error.getString("code"));
        assertTrue(error.getBoolean("recoverable"));
        assertEquals(2, fixture.fake.requests().size());
    }

    @Test
    void aStreamThatStallsFailsWithinTheIdleTimeoutAndKeepsThePartialAnswer() {
        JsonObject error = errorOf(Script.text("Partial ", "answer", " never ends").stallAfterDeltas(2));
        assertEquals("stream_stalled", error.getString("code"));
        List<Message> stored = awaitHistory(3);
        assertEquals("\"Partial answer\"", stored.get(1).content());
        assertEquals("error", stored.get(2).kind().wireName());
        assertTrue(stored.get(2).content().contains("stream_stalled"));
    }

    @Test
    void aDroppedStreamIsReportedAndNotRetriedAfterTokens() {
        // paced, so the two deltas reach the listener before the connection breaks
        JsonObject error = errorOf(Script.text("a", "b", "c", "d").deltaDelay(Duration.ofMillis(50)).dropAfterDeltas(2));
        assertEquals("stream_dropped", error.getString("code"));
        assertEquals(1, fixture.fake.requests().size());
        // what the reader saw is what is stored (the bytes that arrived with the break may be lost with it)
        assertTrue(sink.text().startsWith("a"), sink.text());
        assertEquals("\"" + sink.text() + "\"", awaitHistory(3).get(1).content());
    }

    @Test
    void anErrorEventMidStreamIsReported() {
        JsonObject error = errorOf(Script.text("x", "y", "z").overloadedAfterDeltas(1));
        assertEquals("overloaded", error.getString("code"));
        assertEquals(1, fixture.fake.requests().size());
    }

    @Test
    void anUnreachableProviderIsNamedWithItsAddress() throws Exception {
        fixture.close();
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        fixture = new RuntimeFixture(dialect, ToolRegistry.NONE, Map.of("LLM_PROVIDER_URL", "http://127.0.0.1:" + closedPort,
                "LLM_MAX_ATTEMPTS", "1"));
        alice = fixture.newUser();
        imageId = fixture.newConversation(alice);
        sink = new CollectingSink();
        fixture.runtime().subscribe(alice, imageId, null, sink);
        fixture.runtime().send(alice, imageId, "hello?");
        JsonObject error = CollectingSink.data(sink.await(EventType.ERROR, WAIT));
        assertEquals("connection_refused", error.getString("code"));
        assertTrue(error.getString("message").contains("127.0.0.1:" + closedPort), error.toString());
    }

    @Test
    void anInterruptClosesTheProviderStreamQuicklyAndKeepsThePartialText() {
        String[] words = new String[500];
        java.util.Arrays.setAll(words, i -> "w" + i + " ");
        // 20 ms apart: the fake notices a closed socket at its next write, so this bounds its own delay
        fixture.fake.enqueue(Script.text(words).deltaDelay(Duration.ofMillis(20)));
        fixture.runtime().send(alice, imageId, "count slowly");
        sink.awaitCount(EventType.TEXT_DELTA, 5, WAIT);
        fixture.fake.awaitActiveStreams(1, WAIT);
        long start = System.nanoTime();
        assertTrue(fixture.runtime().interrupt(alice, imageId));
        // The stream had ~10 s left; it must close at once. The 200 ms target is measured, not asserted
        // here (a loaded CI machine would make a tight bound flaky): the figure is printed.
        fixture.fake.awaitActiveStreams(0, Duration.ofSeconds(2));
        System.out.println("interrupt closed the provider stream in " + (System.nanoTime() - start) / 1_000_000 + " ms");

        List<String> types = sink.types();
        assertEquals(List.of("interrupted", "conversation_end"), types.subList(types.size() - 2, types.size()));
        assertEquals("interrupted", CollectingSink.data(sink.events().get(types.size() - 1)).getString("reason"));
        String partial = sink.text();
        assertEquals("\"" + partial + "\"", awaitHistory(2).get(1).content());
        assertFalse(fixture.runtime().interrupt(alice, imageId), "nothing left to interrupt");
    }

    private List<Message> awaitHistory(int n) {
        return fixture.awaitHistory(alice, imageId, n);
    }
}
