package io.portagent.tools;

import java.time.Duration;

/**
 * The end of one tool call (TOOL_TIMEOUT), checked by loops that may run long: directory walks,
 * line scans and regex matching. A check also notices an interrupt, which means the user
 * stopped the turn.
 */
final class Deadline {

    private static final int CHARS_BETWEEN_CHECKS = 4096;

    private final Duration limit;
    private final long endNanos;

    private Deadline(Duration limit) {
        this.limit = limit;
        this.endNanos = System.nanoTime() + limit.toNanos();
    }

    static Deadline after(Duration limit) {
        return new Deadline(limit);
    }

    Duration limit() {
        return limit;
    }

    long remainingNanos() {
        return Math.max(0, endNanos - System.nanoTime());
    }

    void check() throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException("tool call interrupted");
        }
        checkTime();
    }

    private void checkTime() {
        if (System.nanoTime() - endNanos > 0) {
            throw new ToolException(timedOut());
        }
    }

    String timedOut() {
        return "The call ran longer than its limit of " + limit.toSeconds() + " s (TOOL_TIMEOUT) and was stopped.";
    }

    /**
     * Text for a regex to scan, checking the deadline every few thousand characters read, so a
     * pattern that backtracks without end is stopped too. An interrupt keeps its flag set.
     */
    CharSequence watch(CharSequence text) {
        return new Watched(text);
    }

    private final class Watched implements CharSequence {
        private final CharSequence text;
        private int reads;

        Watched(CharSequence text) {
            this.text = text;
        }

        @Override
        public char charAt(int index) {
            if (++reads % CHARS_BETWEEN_CHECKS == 0) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new ToolException("The call was stopped.");
                }
                checkTime();
            }
            return text.charAt(index);
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new Watched(text.subSequence(start, end));
        }

        @Override
        public String toString() {
            return text.toString();
        }
    }
}
