package io.portagent.llm;

import static io.portagent.llm.LlmTesting.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.portagent.testing.FakeAnthropic;
import io.portagent.testing.Script;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Proves cancel closes the provider stream promptly and keeps the listener contract. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class LlmClientCancelTest {

    /** The limit: the provider stream is closed this soon after the user interrupts. */
    private static final Duration CLOSE_LIMIT = Duration.ofMillis(200);

    private FakeAnthropic fake;
    private LlmClient client;
    private final RecordingListener listener = new RecordingListener();

    @BeforeEach
    void start() {
        fake = FakeAnthropic.start();
        client = new LlmClient(LlmTesting.config(fake));
    }

    @AfterEach
    void stop() {
        client.close();
        fake.close();
        assertEquals(List.of(), fake.internalErrors());
    }

    /**
     * Several rounds on one client: HttpClient's own Future.cancel leaves a stream running when its
     * exchange had to open a connection, which a single round can miss.
     */
    @Test
    void cancelMidStreamClosesTheProviderStreamWithin200MsEveryTime() {
        fake.defaultScript(slowStream());
        for (int round = 0; round < 5; round++) {
            RecordingListener each = new RecordingListener();
            LlmCall call = client.stream(LlmTesting.hello(), each);
            each.awaitFirstEvent(WAIT);
            fake.awaitActiveStreams(1, WAIT);

            assertTrue(call.cancel());

            fake.awaitActiveStreams(0, CLOSE_LIMIT);
            fake.awaitOpenConnections(0, CLOSE_LIMIT);
            assertEquals(FailureCode.CANCELLED, each.failure().code());
            assertFalse(each.failure().beforeFirstEvent());
            each.assertContractKept();
        }
    }

    @Test
    void cancelFromInsideOnEventClosesTheProviderStreamWithin200Ms() {
        fake.defaultScript(slowStream());
        for (int round = 0; round < 3; round++) {
            AtomicReference<LlmCall> call = new AtomicReference<>();
            RecordingListener cancelling = new RecordingListener() {
                @Override
                public void onEvent(StreamEvent event) {
                    super.onEvent(event);
                    if (event instanceof StreamEvent.TextDelta && call.get() != null) {
                        call.get().cancel();
                    }
                }
            };
            call.set(client.stream(LlmTesting.hello(), cancelling));

            assertEquals(FailureCode.CANCELLED, cancelling.awaitFailure(WAIT).code());
            fake.awaitActiveStreams(0, CLOSE_LIMIT);
        }
    }

    @Test
    void cancelDuringAStallClosesTheProviderStreamWithin200Ms() {
        fake.enqueue(Script.text("a", "b").stallAfterDeltas(1));
        LlmCall call = client.stream(LlmTesting.hello(), listener);
        fake.awaitStalledStreams(1, WAIT);

        call.cancel();

        fake.awaitActiveStreams(0, CLOSE_LIMIT);
        listener.assertContractKept();
    }

    @Test
    void cancelDeliversCancelledOnTheCancellingThreadBeforeReturning() {
        fake.enqueue(slowStream());
        LlmCall call = client.stream(LlmTesting.hello(), listener);
        listener.awaitFirstEvent(WAIT);

        call.cancel();

        assertTrue(listener.hasEnded(), "onFailure ran before cancel() returned");
        assertTrue(call.isDone());
        assertTrue(listener.threads().contains(Thread.currentThread().getName()));
        assertFalse(call.cancel(), "a second cancel finds the call already ended");
    }

    @Test
    void cancelAfterCompletionReturnsFalseAndCallsNothing() {
        LlmCall call = client.stream(LlmTesting.hello(), listener);
        listener.awaitCompletion(WAIT);

        assertFalse(call.cancel());
        listener.assertContractKept();
    }

    @Test
    void cancelWhileWaitingToRetryStopsFurtherAttempts() {
        fake.enqueue(Script.overloaded().retryAfter("0.3"), Script.text("never requested"));
        LlmCall call = client.stream(LlmTesting.hello(), listener);
        fake.awaitRequests(1, WAIT);

        call.cancel();

        LlmFailure failure = listener.awaitFailure(WAIT);
        assertEquals(FailureCode.CANCELLED, failure.code());
        assertTrue(failure.beforeFirstEvent());
        assertThrows(AssertionError.class, () -> fake.awaitRequests(2, Duration.ofMillis(600)),
                "no second attempt after cancel");
    }

    @Test
    void listenerThatThrowsAbandonsTheCallAndClosesTheStream() {
        fake.enqueue(slowStream());
        RecordingListener throwing = new RecordingListener() {
            @Override
            public void onEvent(StreamEvent event) {
                super.onEvent(event);
                if (event instanceof StreamEvent.TextDelta) {
                    throw new IllegalStateException("listener bug");
                }
            }
        };

        client.stream(LlmTesting.hello(), throwing);

        LlmFailure failure = throwing.awaitFailure(WAIT);
        assertEquals(FailureCode.CANCELLED, failure.code());
        fake.awaitActiveStreams(0, CLOSE_LIMIT);
    }

    @Test
    void closingTheClientCancelsRunningCallsAndClosesTheirStreams() {
        fake.enqueue(slowStream());
        client.stream(LlmTesting.hello(), listener);
        listener.awaitFirstEvent(WAIT);

        client.close();

        assertEquals(FailureCode.CANCELLED, listener.awaitFailure(WAIT).code());
        fake.awaitActiveStreams(0, CLOSE_LIMIT);
        assertThrows(IllegalStateException.class, () -> client.stream(LlmTesting.hello(), new RecordingListener()));
    }

    @Test
    void cancelRacingLiveStreamsNeverBreaksTheListenerContract() {
        fake.defaultScript(Script.text("a", "b", "c", "d", "e", "f", "g", "h").deltaDelay(Duration.ofMillis(2)));
        List<RecordingListener> listeners = new ArrayList<>();
        List<LlmCall> calls = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            RecordingListener each = new RecordingListener();
            listeners.add(each);
            calls.add(client.stream(LlmTesting.hello(), each));
        }
        for (int i = 0; i < calls.size(); i++) {
            if (i % 2 == 0) {
                listeners.get(i).awaitFirstEvent(WAIT);
            }
            calls.get(i).cancel();
        }

        for (RecordingListener each : listeners) {
            each.awaitEnd(WAIT);
            each.assertContractKept();
        }
        fake.awaitActiveStreams(0, WAIT);
        Set<Boolean> outcomes = Set.copyOf(listeners.stream().map(RecordingListener::completed).toList());
        assertTrue(outcomes.contains(false), "at least some calls were cancelled");
        assertEquals(0, client.activeCalls());
    }

    /** 200 deltas, one every 20 ms: far longer than any test waits. */
    private static Script slowStream() {
        String[] deltas = new String[200];
        java.util.Arrays.fill(deltas, "x");
        return Script.text(deltas).deltaDelay(Duration.ofMillis(20));
    }
}
