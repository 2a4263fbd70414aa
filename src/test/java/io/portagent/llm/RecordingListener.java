package io.portagent.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * A listener for tests: records events, the terminal outcome and the threads used, and counts
 * breaches of the {@link LlmListener} contract (a second terminal call, anything after it).
 */
class RecordingListener implements LlmListener {

    private final List<StreamEvent> events = new CopyOnWriteArrayList<>();
    private final Set<String> threads = ConcurrentHashMap.newKeySet();
    private final CountDownLatch firstEvent = new CountDownLatch(1);
    private final CountDownLatch ended = new CountDownLatch(1);
    private final AtomicInteger terminalCalls = new AtomicInteger();
    private final AtomicInteger callsAfterEnd = new AtomicInteger();
    private volatile LlmFailure failure;
    private volatile boolean completed;

    @Override
    public void onEvent(StreamEvent event) {
        noteCall();
        events.add(event);
        firstEvent.countDown();
    }

    /** "next/max code" per announced retry, in order. */
    private final List<String> retries = new CopyOnWriteArrayList<>();

    @Override
    public void onRetry(int next, int maxAttempts, FailureCode code, long delayMillis) {
        noteCall();
        retries.add(next + "/" + maxAttempts + " " + code.wireName());
    }

    List<String> retries() {
        return retries;
    }

    @Override
    public void onComplete() {
        noteCall();
        completed = true;
        terminalCalls.incrementAndGet();
        ended.countDown();
    }

    @Override
    public void onFailure(LlmFailure failed) {
        noteCall();
        failure = failed;
        terminalCalls.incrementAndGet();
        ended.countDown();
    }

    /** Waits for onComplete; fails with the failure if the call failed instead. */
    void awaitCompletion(Duration timeout) {
        awaitEnd(timeout);
        if (!completed) {
            fail("expected completion, got " + failure);
        }
        assertContractKept();
    }

    /** Waits for onFailure and returns it; fails if the call completed instead. */
    LlmFailure awaitFailure(Duration timeout) {
        awaitEnd(timeout);
        assertNotNull(failure, "expected a failure, but the call completed: " + kinds() + " " + text());
        assertContractKept();
        return failure;
    }

    void awaitFirstEvent(Duration timeout) {
        await(firstEvent, timeout, "the first event");
    }

    boolean hasEnded() {
        return ended.getCount() == 0;
    }

    void assertContractKept() {
        assertEquals(1, terminalCalls.get(), "terminal calls");
        assertEquals(0, callsAfterEnd.get(), "listener calls after the terminal one");
    }

    List<StreamEvent> events() {
        return List.copyOf(events);
    }

    /** The event types in order, e.g. [MessageStart, TextStart, TextDelta, ...]. */
    List<String> kinds() {
        return events.stream().map(e -> e.getClass().getSimpleName()).collect(Collectors.toList());
    }

    /**
     * {@link #kinds()} with each run of text deltas counted once: deltas that arrive in one network
     * read reach the listener joined ({@code TextCoalescer}), so how many there are depends on timing.
     */
    List<String> kindsJoined() {
        List<String> kinds = new java.util.ArrayList<>();
        for (String kind : kinds()) {
            if (!(kind.equals("TextDelta") && !kinds.isEmpty() && kinds.get(kinds.size() - 1).equals("TextDelta"))) {
                kinds.add(kind);
            }
        }
        return kinds;
    }

    /** The last event of a type. */
    <T extends StreamEvent> T last(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).reduce((a, b) -> b).orElseThrow();
    }

    String text() {
        return events.stream().filter(StreamEvent.TextDelta.class::isInstance)
                .map(e -> ((StreamEvent.TextDelta) e).text()).collect(Collectors.joining());
    }

    String inputJson(int index) {
        return events.stream().filter(StreamEvent.InputJsonDelta.class::isInstance)
                .map(StreamEvent.InputJsonDelta.class::cast).filter(d -> d.index() == index)
                .map(StreamEvent.InputJsonDelta::partialJson).collect(Collectors.joining());
    }

    Set<String> threads() {
        return Set.copyOf(threads);
    }

    LlmFailure failure() {
        return failure;
    }

    boolean completed() {
        return completed;
    }

    private void noteCall() {
        threads.add(Thread.currentThread().getName());
        if (terminalCalls.get() > 0) {
            callsAfterEnd.incrementAndGet();
        }
    }

    void awaitEnd(Duration timeout) {
        await(ended, timeout, "the call to end");
    }

    private static void await(CountDownLatch latch, Duration timeout, String what) {
        try {
            assertTrue(latch.await(timeout.toMillis(), TimeUnit.MILLISECONDS), "timed out waiting for " + what);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail("interrupted waiting for " + what);
        }
    }
}
