package io.portagent.auth;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import io.portagent.store.LoginFailureRepository;
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
    /** Where the failures are counted when nodes share a database, or null (this process's memory). */
    private final LoginFailureRepository shared;

    public LoginThrottle(Clock clock) {
        this(clock, null);
    }

    /** Failures counted in {@code shared} ({@code login_failures}), so every node throttles alike. */
    public LoginThrottle(Clock clock, LoginFailureRepository shared) {
        this.clock = clock;
        this.shared = shared;
    }

    /** How long the caller must wait, if any of these keys is over the limit. */
    public Optional<Duration> blockedFor(String... keys) {
        long now = clock.millis();
        if (shared != null) {
            long wait = 0;
            for (String key : keys) {
                java.util.List<Long> recent = shared.recent(key, now - WINDOW.toMillis(), LIMIT);
                if (recent.size() >= LIMIT) {
                    wait = Math.max(wait, recent.get(recent.size() - 1) + WINDOW.toMillis() - now);
                }
            }
            return wait > 0 ? Optional.of(Duration.ofMillis(wait)) : Optional.empty();
        }
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
        if (shared != null) {
            shared.add(java.util.List.of(keys), now, now - WINDOW.toMillis());
            return;
        }
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
        if (shared != null) {
            shared.clear(key);
            return;
        }
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
