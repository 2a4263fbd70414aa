package io.portagent.bench;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the readers of one phase (portal or direct) measured: time to first delta, latency of
 * every delta (receive time minus the stamp), completed turns and errors, with the first few
 * error messages kept for the report.
 */
final class TurnStats {

    private static final int KEPT_ERRORS = 10;

    final Samples firstDelta = new Samples();
    final Samples perDelta = new Samples();
    final AtomicLong turns = new AtomicLong();
    final AtomicLong deltas = new AtomicLong();
    /** The frames (portal) or SSE events (direct) that carried those deltas: fewer when joined. */
    final AtomicLong textFrames = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final ConcurrentLinkedQueue<String> errorMessages = new ConcurrentLinkedQueue<>();

    void error(String what) {
        if (errors.incrementAndGet() <= KEPT_ERRORS) {
            errorMessages.add(what);
        }
    }

    long errors() {
        return errors.get();
    }

    List<String> errorMessages() {
        return List.copyOf(errorMessages);
    }

    /** Adds one reader's samples (each reader keeps its own, so the hot path shares no lock). */
    void merge(Samples readerFirstDelta, Samples readerPerDelta) {
        firstDelta.addAll(readerFirstDelta);
        perDelta.addAll(readerPerDelta);
    }
}
