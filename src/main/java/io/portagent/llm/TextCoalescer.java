package io.portagent.llm;

/**
 * Joins the text deltas of one network read. When a provider's events arrive faster than they
 * are relayed (the reactor fell behind, so one read holds several), relaying each would cost a
 * socket frame per reader per delta for no gain to anyone; they reach the turn as one delta
 * instead. Nothing is held across reads: the consumer calls {@link #flush()} when a read's bytes
 * are decoded, so no text waits for the provider's next bytes. Any other event, and a failure,
 * first delivers the text held before it, so the order is kept.
 */
final class TextCoalescer implements StreamDecoder.Sink {

    private final StreamDecoder.Sink downstream;
    private StreamEvent.TextDelta held;

    TextCoalescer(StreamDecoder.Sink downstream) {
        this.downstream = downstream;
    }

    @Override
    public boolean event(StreamEvent event) {
        if (event instanceof StreamEvent.TextDelta text) {
            if (held != null && held.index() == text.index()) {
                held = new StreamEvent.TextDelta(text.index(), held.text() + text.text());
                return true;
            }
            boolean more = flush();
            held = text;
            return more;
        }
        return flush() && downstream.event(event);
    }

    @Override
    public void failed(AttemptFailure failure) {
        flush();
        downstream.failed(failure);
    }

    /** Delivers the text held from this read; false if the call wants no more. */
    boolean flush() {
        StreamEvent.TextDelta text = held;
        held = null;
        return text == null || downstream.event(text);
    }
}
