package io.portagent.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextCoalescerTest {

    private final List<Object> out = new ArrayList<>();
    private boolean wantsMore = true;
    private final TextCoalescer coalescer = new TextCoalescer(new StreamDecoder.Sink() {
        @Override
        public boolean event(StreamEvent event) {
            out.add(event);
            return wantsMore;
        }

        @Override
        public void failed(AttemptFailure failure) {
            out.add(failure);
        }
    });

    @Test
    void deltasOfOneReadLeaveAsOneAtTheReadsEnd() {
        coalescer.event(new StreamEvent.TextDelta(0, "Hel"));
        coalescer.event(new StreamEvent.TextDelta(0, "lo "));
        coalescer.event(new StreamEvent.TextDelta(0, "there"));
        assertEquals(List.of(), out, "held until the read is decoded");
        coalescer.flush();
        assertEquals(List.of(new StreamEvent.TextDelta(0, "Hello there")), out);
        coalescer.event(new StreamEvent.TextDelta(0, "!"));
        coalescer.flush();
        assertEquals(new StreamEvent.TextDelta(0, "!"), out.get(1), "nothing is held across reads");
    }

    @Test
    void anyOtherEventOrAFailureFirstDeliversTheTextBeforeIt() {
        coalescer.event(new StreamEvent.TextDelta(0, "a"));
        coalescer.event(new StreamEvent.TextDelta(1, "b"));
        coalescer.event(new StreamEvent.BlockStop(1));
        coalescer.event(new StreamEvent.TextDelta(2, "c"));
        AttemptFailure failure = AttemptFailure.retryable(FailureCode.STREAM_DROPPED, "gone");
        coalescer.failed(failure);
        assertEquals(List.of(new StreamEvent.TextDelta(0, "a"), new StreamEvent.TextDelta(1, "b"),
                new StreamEvent.BlockStop(1), new StreamEvent.TextDelta(2, "c"), failure), out);
    }

    @Test
    void aCallThatWantsNoMoreStopsTheDecoding() {
        coalescer.event(new StreamEvent.TextDelta(0, "a"));
        wantsMore = false;
        assertFalse(coalescer.event(new StreamEvent.MessageStop()));
    }
}
