package io.portagent.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.function.IntPredicate;
import java.util.function.IntSupplier;

/**
 * The fixture's shared state: the request log, the connection and stream gauges, and the stall
 * latches. One monitor guards the log and gauges, and every change wakes waiters, so tests wait
 * on conditions with a deadline instead of polling.
 */
final class Ledger {

    private final Object lock = new Object();
    private final List<RecordedRequest> requests = new ArrayList<>();
    private final List<RecordedRequest> modelLists = new ArrayList<>();
    /** How many of the newest requests are kept; every request counts in {@code received}. */
    private int keep = Integer.MAX_VALUE;
    private int received;
    private int connectionsAccepted;
    private int openConnections;
    private int activeStreams;
    private int peakActiveStreams;
    private int stalledStreams;
    private final Set<CountDownLatch> stalls = ConcurrentHashMap.newKeySet();
    private final List<Throwable> internalErrors = Collections.synchronizedList(new ArrayList<>());
    private volatile boolean closed;

    // ---- requests ----

    void record(RecordedRequest request) {
        synchronized (lock) {
            requests.add(request);
            received++;
            if (requests.size() > keep) {
                requests.remove(0);
            }
            lock.notifyAll();
        }
    }

    void keepRequests(int newest) {
        synchronized (lock) {
            keep = newest;
            while (requests.size() > keep) {
                requests.remove(0);
            }
        }
    }

    void recordModelList(RecordedRequest request) {
        synchronized (lock) {
            modelLists.add(request);
        }
    }

    List<RecordedRequest> modelListRequests() {
        synchronized (lock) {
            return List.copyOf(modelLists);
        }
    }

    List<RecordedRequest> requests() {
        synchronized (lock) {
            return List.copyOf(requests);
        }
    }

    RecordedRequest lastRequest() {
        synchronized (lock) {
            if (requests.isEmpty()) {
                throw new AssertionError("FakeAnthropic has received no request");
            }
            return requests.get(requests.size() - 1);
        }
    }

    List<RecordedRequest> awaitRequests(int n, Duration timeout) {
        await("requests received", () -> received, count -> count >= n, ">= " + n, timeout);
        return requests();
    }

    // ---- gauges ----

    /** Counts a new connection and returns its id (1, 2, ...). */
    int connectionOpened() {
        synchronized (lock) {
            openConnections++;
            lock.notifyAll();
            return ++connectionsAccepted;
        }
    }

    void connectionClosed() {
        change(() -> openConnections--);
    }

    void streamStarted() {
        change(() -> {
            activeStreams++;
            peakActiveStreams = Math.max(peakActiveStreams, activeStreams);
        });
    }

    void streamEnded() {
        change(() -> activeStreams--);
    }

    int connectionsAccepted() {
        return read(() -> connectionsAccepted);
    }

    int openConnections() {
        return read(() -> openConnections);
    }

    int activeStreams() {
        return read(() -> activeStreams);
    }

    int peakActiveStreams() {
        return read(() -> peakActiveStreams);
    }

    int stalledStreams() {
        return read(() -> stalledStreams);
    }

    void awaitOpenConnections(int n, Duration timeout) {
        await("open connections", () -> openConnections, count -> count == n, "== " + n, timeout);
    }

    void awaitActiveStreams(int n, Duration timeout) {
        await("active streams", () -> activeStreams, count -> count == n, "== " + n, timeout);
    }

    void awaitStalledStreams(int n, Duration timeout) {
        await("stalled streams", () -> stalledStreams, count -> count == n, "== " + n, timeout);
    }

    // ---- stalls ----

    /** Registers a stall before counting it, so a waiter that sees the count can release it. */
    CountDownLatch stallBegan() {
        CountDownLatch release = new CountDownLatch(1);
        stalls.add(release);
        if (closed) {
            release.countDown(); // close() may already have swept the set
        }
        change(() -> stalledStreams++);
        return release;
    }

    void stallEnded(CountDownLatch release) {
        stalls.remove(release);
        change(() -> stalledStreams--);
    }

    void releaseStalls() {
        stalls.forEach(CountDownLatch::countDown);
    }

    /** From now on stalls end at once; the sockets are closed separately. */
    void close() {
        closed = true;
        releaseStalls();
    }

    // ---- errors ----

    void internalError(Throwable error) {
        internalErrors.add(error);
    }

    List<Throwable> internalErrors() {
        synchronized (internalErrors) {
            return List.copyOf(internalErrors);
        }
    }

    // ---- monitor helpers ----

    private void change(Runnable update) {
        synchronized (lock) {
            update.run();
            lock.notifyAll();
        }
    }

    private int read(IntSupplier gauge) {
        synchronized (lock) {
            return gauge.getAsInt();
        }
    }

    private void await(String what, IntSupplier gauge, IntPredicate done, String expectation, Duration timeout) {
        synchronized (lock) {
            Await.untilNotified(lock, what + " " + expectation, timeout, gauge::getAsInt, done::test);
        }
    }
}
