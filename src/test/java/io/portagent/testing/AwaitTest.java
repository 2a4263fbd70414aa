package io.portagent.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The one waiting helper: what it returns, what its failure says, and that a notified wait reacts at once. */
class AwaitTest {

    @Test
    void returnsTheFirstValueTheConditionAccepts() {
        AtomicInteger polls = new AtomicInteger();
        assertEquals(3, Await.until("three polls", Duration.ofSeconds(5), polls::incrementAndGet, n -> n >= 3));
    }

    @Test
    void aTimeoutSaysWhatWasAwaitedAndTheLastValueSeen() {
        AssertionError timeout = assertThrows(AssertionError.class,
                () -> Await.until("the gauge to reach 10", Duration.ofMillis(50), () -> 7, n -> n == 10));
        assertEquals("waited PT0.05S for the gauge to reach 10; last seen: 7", timeout.getMessage());
    }

    @Test
    void aLongLastValueIsCutInTheMiddle() {
        String seen = "a".repeat(3000) + "b".repeat(3000);
        String message = assertThrows(AssertionError.class,
                () -> Await.until("nothing", Duration.ZERO, () -> seen, s -> false)).getMessage();
        assertTrue(message.endsWith("a".repeat(2000) + " [... 2000 characters left out ...] " + "b".repeat(2000)),
                message);
    }

    @Test
    void aProbeThatKnowsTheWaitIsHopelessFailsAtOnce() {
        IllegalStateException died = new IllegalStateException("the process exited");
        long start = System.nanoTime();
        assertSame(died, assertThrows(IllegalStateException.class,
                () -> Await.until("a process", Duration.ofSeconds(30), () -> {
                    throw died;
                }, x -> true)));
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 5, "no waiting for the deadline");
    }

    @Test
    void aNotifiedWaitWakesWhenTheOwnerNotifies() throws InterruptedException {
        Object lock = new Object();
        int[] value = {0};
        Thread owner = new Thread(() -> {
            synchronized (lock) {
                value[0] = 1;
                lock.notifyAll();
            }
        }, "await-test-owner");
        synchronized (lock) {
            owner.start();
            // a wait that kept the monitor would starve the owner until the deadline
            assertEquals(1, Await.untilNotified(lock, "the owner's change", Duration.ofSeconds(10), () -> value[0],
                    v -> v == 1));
        }
        owner.join();
    }

    @Test
    void aNotifiedWaitNeedsTheCallerToHoldTheMonitor() {
        assertThrows(IllegalStateException.class,
                () -> Await.untilNotified(new Object(), "anything", Duration.ofSeconds(1), () -> 1, v -> true));
    }
}
