package io.portagent.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Failed sign-ins are counted per key in a sliding 15-minute window: the 10th failure blocks
 * the key until its oldest failure leaves the window; keys never affect each other; a
 * successful sign-in resets its account. Time moves by a test clock.
 */
class LoginThrottleTest {

    private static final String ALICE = "account:alice";
    private static final String BOB = "account:bob";
    private static final String HOME = "address:198.51.100.7";

    private final TestClock clock = new TestClock(Instant.parse("2026-03-10T12:00:00Z"));
    private final LoginThrottle throttle = new LoginThrottle(clock);

    private void fail(int times, String... keys) {
        for (int i = 0; i < times; i++) {
            throttle.recordFailure(keys);
            clock.advance(Duration.ofSeconds(1));
        }
    }

    @Test
    void nineFailuresStillAllowAnotherAttempt() {
        fail(9, ALICE, HOME);
        assertEquals(Optional.empty(), throttle.blockedFor(ALICE, HOME));
    }

    @Test
    void tenFailuresBlockTheEleventhAttemptForAtMostFifteenMinutes() {
        fail(10, ALICE, HOME);
        Duration wait = throttle.blockedFor(ALICE, HOME).orElseThrow();
        assertTrue(wait.compareTo(Duration.ofMinutes(15)) <= 0, wait::toString);
        assertEquals(Duration.ofMinutes(15).minusSeconds(10), wait); // the oldest failure was 10 s ago
    }

    @Test
    void theBlockLiftsWhenTheOldestFailureLeavesTheWindow() {
        fail(10, ALICE);
        Duration wait = throttle.blockedFor(ALICE).orElseThrow();
        clock.advance(wait.minusMillis(1));
        assertTrue(throttle.blockedFor(ALICE).isPresent());
        clock.advance(Duration.ofMillis(1));
        assertEquals(Optional.empty(), throttle.blockedFor(ALICE));
        throttle.recordFailure(ALICE); // nine left in the window plus this one: blocked again
        assertTrue(throttle.blockedFor(ALICE).isPresent());
    }

    @Test
    void failuresOlderThanTheWindowDoNotCount() {
        fail(9, ALICE);
        clock.advance(Duration.ofMinutes(15));
        fail(9, ALICE);
        assertEquals(Optional.empty(), throttle.blockedFor(ALICE));
    }

    @Test
    void keysAreIndependent() {
        fail(10, ALICE, HOME);
        assertEquals(Optional.empty(), throttle.blockedFor(BOB));
        assertEquals(Optional.empty(), throttle.blockedFor(BOB, "address:203.0.113.1"));
        assertTrue(throttle.blockedFor(BOB, HOME).isPresent(), "any blocked key blocks the attempt");
        assertTrue(throttle.blockedFor(ALICE, "address:203.0.113.1").isPresent());
    }

    @Test
    void theLongestWaitOfTheGivenKeysIsAnswered() {
        fail(10, ALICE);
        clock.advance(Duration.ofMinutes(5));
        fail(10, HOME);
        Duration aliceWait = throttle.blockedFor(ALICE).orElseThrow();
        Duration homeWait = throttle.blockedFor(HOME).orElseThrow();
        assertTrue(homeWait.compareTo(aliceWait) > 0);
        assertEquals(homeWait, throttle.blockedFor(ALICE, HOME).orElseThrow());
    }

    @Test
    void resetClearsOneAccountOnly() {
        fail(10, ALICE, HOME);
        fail(10, BOB);
        throttle.reset(ALICE);
        assertEquals(Optional.empty(), throttle.blockedFor(ALICE));
        assertTrue(throttle.blockedFor(HOME).isPresent(), "the address keeps its failures");
        assertTrue(throttle.blockedFor(BOB).isPresent());
    }

    @Test
    void aBlockedAttemptIsNotCountedSoTheWaitDoesNotGrow() {
        fail(10, ALICE);
        Duration first = throttle.blockedFor(ALICE).orElseThrow();
        clock.advance(Duration.ofMinutes(1));
        assertEquals(first.minusMinutes(1), throttle.blockedFor(ALICE).orElseThrow());
    }
}
