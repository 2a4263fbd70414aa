package io.portagent.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.portagent.llm.FailureCode;
import io.portagent.llm.LlmCall;
import io.portagent.llm.LlmFailure;
import io.portagent.llm.StopReason;
import io.portagent.llm.StreamEvent;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** How one stateless model call hands its stream to the thread that reads it. */
class CompletionTest {

    /** A call that ends, as the model client does, with {@code onFailure(cancelled)} when cancelled. */
    private static final class FakeCall implements LlmCall {
        final AtomicInteger cancels = new AtomicInteger();
        private final Completion listener;
        private boolean done;

        FakeCall(Completion listener) {
            this.listener = listener;
        }

        @Override
        public boolean cancel() {
            cancels.incrementAndGet();
            if (done) {
                return false;
            }
            done = true;
            listener.onFailure(new LlmFailure(FailureCode.CANCELLED, "cancelled", 0, false, 1));
            return true;
        }

        @Override
        public boolean isDone() {
            return done;
        }
    }

    @Test
    void textThenTheEndAndTheTokensOfBothReportsAreCounted() throws InterruptedException {
        AtomicInteger recorded = new AtomicInteger();
        Completion completion = new Completion(c -> recorded.addAndGet(c.inputTokens() + c.outputTokens()));
        completion.onEvent(new StreamEvent.MessageStart("m", "model", 10));
        completion.onEvent(new StreamEvent.TextDelta(0, "Hel"));
        completion.onEvent(new StreamEvent.TextDelta(0, "lo"));
        completion.onEvent(new StreamEvent.MessageDelta(StopReason.MAX_TOKENS, 0, 5));
        completion.onComplete();

        assertEquals(new Completion.Text("Hel"), completion.next(1));
        assertEquals(new Completion.Text("lo"), completion.next(1));
        assertEquals(new Completion.End(StopReason.MAX_TOKENS), completion.next(1));
        assertEquals(new Completion.End(StopReason.MAX_TOKENS), completion.next(1), "the end stays the end");
        completion.close();
        completion.close();
        assertEquals(15, recorded.get(), "recorded once");
    }

    @Test
    void nothingYetIsNullAfterTheWait() throws InterruptedException {
        assertNull(new Completion(c -> { }).next(5));
    }

    @Test
    void aReaderTooSlowForTheQueueEndsTheCallAndStillGetsEveryQueuedStepThenTheFailure()
            throws InterruptedException {
        Completion completion = new Completion(c -> { });
        FakeCall call = new FakeCall(completion);
        completion.begin(call);
        for (int i = 0; i <= Completion.QUEUE_LIMIT; i++) {
            completion.onEvent(new StreamEvent.TextDelta(0, "x"));
        }
        assertEquals(1, call.cancels.get());
        for (int i = 0; i < Completion.QUEUE_LIMIT; i++) {
            assertEquals(new Completion.Text("x"), completion.next(1));
        }
        Completion.Failure failure = assertInstanceOf(Completion.Failure.class, completion.next(1_000));
        assertTrue(failure.failure().message().contains("too slowly"), failure.toString());
    }

    @Test
    void closingARunningCallCancelsIt() {
        Completion completion = new Completion(c -> { });
        FakeCall call = new FakeCall(completion);
        completion.begin(call);
        completion.close();
        assertEquals(1, call.cancels.get());
        assertTrue(call.isDone());
    }
}
