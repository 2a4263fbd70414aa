package io.portagent.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Proves retry delays: exponential with jitter, capped, and retry-after parsing. */
class BackoffTest {

    private final Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30));

    @Test
    void delayDoublesPerFailedAttemptWithinItsJitterBand() {
        for (int attempt = 1; attempt <= 4; attempt++) {
            long base = 1000L << (attempt - 1);
            for (int i = 0; i < 50; i++) {
                long delay = backoff.delay(attempt, null).toMillis();
                assertTrue(delay >= base / 2 && delay <= base, "attempt " + attempt + ": " + delay + " ms");
            }
        }
    }

    @Test
    void delayNeverExceedsTheMaximum() {
        for (int attempt = 1; attempt <= 64; attempt++) {
            assertTrue(backoff.delay(attempt, null).compareTo(Duration.ofSeconds(30)) <= 0);
        }
    }

    @Test
    void retryAfterIsUsedAsGivenButCappedAtTheMaximum() {
        assertEquals(Duration.ofSeconds(7), backoff.delay(1, Duration.ofSeconds(7)));
        assertEquals(Duration.ofSeconds(30), backoff.delay(1, Duration.ofMinutes(5)));
    }

    @Test
    void retryAfterParsesSecondsFractionsAndHttpDates() {
        Instant now = Instant.parse("2026-11-27T12:00:00Z");

        assertEquals(Duration.ofSeconds(12), Backoff.parseRetryAfter(" 12 ", now));
        assertEquals(Duration.ofMillis(300), Backoff.parseRetryAfter("0.3", now));
        assertEquals(Duration.ofSeconds(90), Backoff.parseRetryAfter("Fri, 27 Nov 2026 12:01:30 GMT", now));
        assertEquals(Duration.ZERO, Backoff.parseRetryAfter("Fri, 27 Nov 2026 11:00:00 GMT", now));
    }

    @Test
    void unreadableRetryAfterIsIgnored() {
        Instant now = Instant.now();

        assertNull(Backoff.parseRetryAfter(null, now));
        assertNull(Backoff.parseRetryAfter("soon", now));
        assertNull(Backoff.parseRetryAfter("-5", now));
        assertNull(Backoff.parseRetryAfter("NaN", now));
    }
}
