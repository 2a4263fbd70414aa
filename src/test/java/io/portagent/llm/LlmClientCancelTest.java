package io.portagent.llm;

import static io.portagent.llm.LlmTesting.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.portagent.testing.Script;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Proves cancel closes the provider stream promptly and keeps the listener contract. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class LlmClientCancelTest {

    /** The limit: the provider stream is closed this soon after the user interrupts. */
    private static final Duration CLOSE_LIMIT = Duration.ofMillis(200);

    @RegisterExtension
    final LlmFixture llm = new LlmFixture();

    /**
     * Several rounds on one client: HttpClient's own Future.cancel leaves a stream running when its
     * exchange had to open a connection, which a single round can miss.
     */
    @Test
    void cancelMidStreamClosesTheProviderStreamWithin200MsEveryTime() {
        llm.fake().defaultScript(slowStream());
        for (int round = 0; round < 5; round++) {
            RecordingListener each = new RecordingListener();
            LlmCall call = llm.stream(each);
            each.awaitFirstEvent(WAIT);
            llm.fake().awaitActiveStreams(1, WAIT);

            assertTrue(call.cancel());

            llm.fake().awaitActiveStreams(0, CLOSE_LIMIT);
            llm.fake().awaitOpenConnections(0, CLOSE_LIMIT);
            assertEquals(FailureCode.CANCELLED, each.failure().code());
            assertFalse(each.failure().beforeFirstEvent());
            each.assertContractKept();
        }
    }

    @Test
    void cancelFromInsideOnEventClosesTheProviderStreamWithin200Ms() {
        llm.fake().defaultScript(slowStream());
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
            call.set(llm.stream(cancelling));

            assertEquals(FailureCode.CANCELLED, cancelling.awaitFailure(WAIT).code());
            llm.fake().awaitActiveStreams(0, CLOSE_LIMIT);
        }
    }

    @Test
    void cancelDuringAStallClosesTheProviderStreamWithin200Ms() {
        llm.fake().enqueue(Script.text("a", "b").stallAfterDeltas(1));
        LlmCall call = llm.stream();
        llm.fake().awaitStalledStreams(1, WAIT);

        call.cancel();

        llm.fake().awaitActiveStreams(0, CLOSE_LIMIT);
        llm.listener().assertContractKept();
    }

    @Test
    void cancelDeliversCancelledOnTheCancellingThreadBeforeReturning() {
        llm.fake().enqueue(slowStream());
        LlmCall call = llm.stream();
        llm.listener().awaitFirstEvent(WAIT);

        call.cancel();

        assertTrue(llm.listener().hasEnded(), "onFailure ran before cancel() returned");
        assertTrue(call.isDone());
        assertTrue(llm.listener().threads().contains(Thread.currentThread().getName()));
        assertFalse(call.cancel(), "a second cancel finds the call already ended");
    }

    @Test
    void cancelAfterCompletionReturnsFalseAndCallsNothing() {
        LlmCall call = llm.stream();
        llm.listener().awaitCompletion(WAIT);

        assertFalse(call.cancel());
        llm.listener().assertContractKept();
    }

    @Test
    void cancelWhileWaitingToRetryStopsFurtherAttempts() {
        llm.fake().enqueue(Script.overloaded().retryAfter("0.3"), Script.text("never requested"));
        LlmCall call = llm.stream();
        llm.fake().awaitRequests(1, WAIT);

        call.cancel();

        LlmFailure failure = llm.listener().awaitFailure(WAIT);
        assertEquals(FailureCode.CANCELLED, failure.code());
        assertTrue(failure.beforeFirstEvent());
        assertThrows(AssertionError.class, () -> llm.fake().awaitRequests(2, Duration.ofMillis(600)),
                "no second attempt after cancel");
    }

    @Test
    void listenerThatThrowsAbandonsTheCallAndClosesTheStream() {
        llm.fake().enqueue(slowStream());
        RecordingListener throwing = new RecordingListener() {
            @Override
            public void onEvent(StreamEvent event) {
                super.onEvent(event);
                if (event instanceof StreamEvent.TextDelta) {
                    throw new IllegalStateException("listener bug");
                }
            }
        };

        llm.stream(throwing);

        LlmFailure failure = throwing.awaitFailure(WAIT);
        assertEquals(FailureCode.CANCELLED, failure.code());
        llm.fake().awaitActiveStreams(0, CLOSE_LIMIT);
    }

    @Test
    void closingTheClientCancelsRunningCallsAndClosesTheirStreams() {
        llm.fake().enqueue(slowStream());
        llm.stream();
        llm.listener().awaitFirstEvent(WAIT);

        llm.client().close();

        assertEquals(FailureCode.CANCELLED, llm.listener().awaitFailure(WAIT).code());
        llm.fake().awaitActiveStreams(0, CLOSE_LIMIT);
        assertThrows(IllegalStateException.class, () -> llm.stream(new RecordingListener()));
    }

    @Test
    void cancelRacingLiveStreamsNeverBreaksTheListenerContract() {
        llm.fake().defaultScript(Script.text("a", "b", "c", "d", "e", "f", "g", "h").deltaDelay(Duration.ofMillis(2)));
        List<RecordingListener> listeners = new ArrayList<>();
        List<LlmCall> calls = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            RecordingListener each = new RecordingListener();
            listeners.add(each);
            calls.add(llm.stream(each));
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
        llm.fake().awaitActiveStreams(0, WAIT);
        Set<Boolean> outcomes = Set.copyOf(listeners.stream().map(RecordingListener::completed).toList());
        assertTrue(outcomes.contains(false), "at least some calls were cancelled");
        assertEquals(0, llm.client().activeCalls());
    }

    /** 200 deltas, one every 20 ms: far longer than any test waits. */
    private static Script slowStream() {
        String[] deltas = new String[200];
        java.util.Arrays.fill(deltas, "x");
        return Script.text(deltas).deltaDelay(Duration.ofMillis(20));
    }
}
