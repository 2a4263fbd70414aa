package io.portagent.testing;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Waiting with a deadline for something another thread or process makes true: the one place tests
 * wait. A timeout fails with what was awaited and the last value seen, so the message says how far
 * things got. Exceptions from the probe are not caught: a probe that knows the wait is hopeless (the
 * process died) throws at once.
 *
 * <pre>{@code
 * JsonObject health = Await.until("the silent peer dropped", WAIT, this::health, h -> h.getInt("connections") == 0);
 * }</pre>
 */
public final class Await {

    /** Polling starts fast, for conditions that are nearly true, and backs off to this. */
    private static final long MAX_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final long FIRST_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(2);
    private static final int SHOWN_CHARS = 4000;

    private Await() {
    }

    /** Polls {@code probe} until {@code done} accepts its value, and returns that value. */
    public static <T> T until(String what, Duration timeout, Supplier<T> probe, Predicate<? super T> done) {
        long[] pause = {FIRST_POLL_NANOS};
        return loop(what, timeout, probe, done, left -> {
            TimeUnit.NANOSECONDS.sleep(Math.min(left, pause[0]));
            pause[0] = Math.min(pause[0] * 2, MAX_POLL_NANOS);
        });
    }

    /** Polls {@code condition} until it holds. */
    public static void until(String what, Duration timeout, BooleanSupplier condition) {
        until(what, timeout, condition::getAsBoolean, Boolean::booleanValue);
    }

    /**
     * Waits on {@code monitor}, which the caller holds and whose owner calls {@code notifyAll} on
     * every change, until {@code done} accepts the value of {@code probe}; reacts at once, without
     * polling.
     */
    public static <T> T untilNotified(Object monitor, String what, Duration timeout, Supplier<T> probe,
            Predicate<? super T> done) {
        if (!Thread.holdsLock(monitor)) {
            throw new IllegalStateException("untilNotified needs the caller to hold the monitor it waits on");
        }
        return loop(what, timeout, probe, done, left -> TimeUnit.NANOSECONDS.timedWait(monitor, left));
    }

    private static <T> T loop(String what, Duration timeout, Supplier<T> probe, Predicate<? super T> done,
            Pause pause) {
        Objects.requireNonNull(what, "what");
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            T seen = probe.get();
            if (done.test(seen)) {
                return seen;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("waited " + timeout + " for " + what + "; last seen: " + shown(seen));
            }
            try {
                pause.pause(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what + "; last seen: " + shown(seen), e);
            }
        }
    }

    /** The value as text, its middle cut when long (a socket's frames, a child's output). */
    private static String shown(Object value) {
        String text = String.valueOf(value);
        if (text.length() <= SHOWN_CHARS) {
            return text;
        }
        int half = SHOWN_CHARS / 2;
        return text.substring(0, half) + " [... " + (text.length() - SHOWN_CHARS) + " characters left out ...] "
                + text.substring(text.length() - half);
    }

    @FunctionalInterface
    private interface Pause {
        void pause(long leftNanos) throws InterruptedException;
    }
}
