package io.portagent.auth;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts failed sign-ins per account and per client address in a sliding window; past the
 * limit, further attempts are refused until the oldest failure leaves the window. Memory is
 * bounded: at most {@link #MAX_KEYS} keys are tracked, the stalest dropped first.
 */
public final class LoginThrottle {

    static final int LIMIT = 10;
    static final Duration WINDOW = Duration.ofMinutes(15);
    static final int MAX_KEYS = 100_000;

    private final Clock clock;
    private final Map<String, Deque<Long>> failures = new ConcurrentHashMap<>();

    public LoginThrottle(Clock clock) {
        this.clock = clock;
    }

    /** How long the caller must wait, if any of these keys is over the limit. */
    public Optional<Duration> blockedFor(String... keys) {
        long now = clock.millis();
        long wait = 0;
        for (String key : keys) {
            Deque<Long> times = failures.get(key);
            if (times == null) {
                continue;
            }
            synchronized (times) {
                prune(times, now);
                if (times.size() >= LIMIT) {
                    wait = Math.max(wait, times.peekFirst() + WINDOW.toMillis() - now);
                }
            }
        }
        return wait > 0 ? Optional.of(Duration.ofMillis(wait)) : Optional.empty();
    }

    public void recordFailure(String... keys) {
        long now = clock.millis();
        if (failures.size() > MAX_KEYS) {
            failures.entrySet().removeIf(e -> stale(e.getValue(), now));
        }
        for (String key : keys) {
            Deque<Long> times = failures.computeIfAbsent(key, k -> new ArrayDeque<>());
            synchronized (times) {
                prune(times, now);
                times.addLast(now);
                while (times.size() > LIMIT) {
                    times.removeFirst();
                }
            }
        }
    }

    public void reset(String key) {
        failures.remove(key);
    }

    private static void prune(Deque<Long> times, long now) {
        while (!times.isEmpty() && times.peekFirst() <= now - WINDOW.toMillis()) {
            times.removeFirst();
        }
    }

    private static boolean stale(Deque<Long> times, long now) {
        synchronized (times) {
            prune(times, now);
            return times.isEmpty();
        }
    }
}
