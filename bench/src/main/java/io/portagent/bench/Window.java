package io.portagent.bench;

/**
 * The measured part of a phase, on {@link System#nanoTime()}. A turn counts when it ends inside
 * the window; each reader's first turn is its warm-up and adds no latency samples. Turns still
 * running when the window closes finish unmeasured: the server's heap is sampled (a full GC)
 * at that moment, and its pause must not reach the figures.
 */
record Window(long start, long end) {

    static Window from(long now, long durationMillis) {
        return new Window(now, now + durationMillis * 1_000_000L);
    }

    boolean open(long now) {
        return now < end;
    }

    double seconds() {
        return (end - start) / 1e9;
    }
}
