package io.portagent.llm;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Retry delays: exponential from the initial backoff with "equal jitter" (half fixed, half random,
 * so a burst of failed turns does not come back in lockstep), or the provider's
 * {@code retry-after} when it sent one; both capped at the maximum.
 */
final class Backoff {

    private final Duration initial;
    private final Duration max;

    Backoff(Duration initial, Duration max) {
        this.initial = initial;
        this.max = max;
    }

    /** The wait after {@code failedAttempts} (1, 2, ...) attempts failed. */
    Duration delay(int failedAttempts, Duration retryAfter) {
        if (retryAfter != null) {
            return min(retryAfter, max);
        }
        long base = min(initial.multipliedBy(1L << Math.min(failedAttempts - 1, 20)), max).toMillis();
        long half = base / 2;
        return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(base - half + 1));
    }

    /** A {@code retry-after} value, in (possibly fractional) seconds or as an HTTP date; null if absent or unreadable. */
    static Duration parseRetryAfter(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String text = value.trim();
        try {
            double seconds = Double.parseDouble(text);
            return seconds >= 0 && seconds < 1e9 ? Duration.ofMillis(Math.round(seconds * 1000)) : null;
        } catch (NumberFormatException notSeconds) {
            return parseDate(text, now);
        }
    }

    private static Duration parseDate(String text, Instant now) {
        try {
            Instant at = ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration wait = Duration.between(now, at);
            return wait.isNegative() ? Duration.ZERO : wait;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
