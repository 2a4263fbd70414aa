package io.portagent.bench;

import java.util.Arrays;
import java.util.concurrent.CompletableFuture;

/**
 * One simulated reader doing turns one after another until its {@link Window} closes: the part
 * the portal user and the direct reader share. Subclasses start a turn ({@link #request()}) and
 * report its deltas and its end; this class keeps the clock. Calls for one reader come one at a
 * time (a socket's callbacks are sequential), but from changing threads, hence the monitor.
 */
abstract class StreamReader {

    private final TurnStats stats;
    private Window window;
    private final int expectedDeltas;
    private final Samples firstDelta = new Samples();
    private final Samples perDelta = new Samples();
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private long[] turnLatencies;
    private int seen;
    private int framesInTurn;
    private long sentAt;
    private long turnFirstDelta;
    private int turnIndex;
    private boolean inTurn;
    /** Turns still to run when the reader runs a fixed count ({@link #beginCounted}); -1 with a window. */
    private int turnsLeft = -1;

    StreamReader(TurnStats stats, int expectedDeltas) {
        this.stats = stats;
        this.expectedDeltas = expectedDeltas;
        this.turnLatencies = new long[expectedDeltas];
    }

    /** Sends the request that starts a turn (a frame, or an HTTP call). */
    abstract void request();

    /** Releases the connection once the reader is done. */
    abstract void close();

    /** Completes when the reader's last turn ended (or it failed). */
    CompletableFuture<Void> done() {
        return done;
    }

    /** Starts the first turn; turns follow each other until {@code measured} closes. */
    final synchronized void begin(Window measured) {
        this.window = measured;
        startTurn(System.nanoTime());
    }

    /**
     * Runs exactly {@code turns} turns, one after another, each of them measured (no warm-up
     * turn, no window). The first turn's time to first delta counts from {@code since} (a
     * {@link System#nanoTime()} at or before this call: a burst's common start), the others' from
     * their request.
     */
    final synchronized void beginCounted(int turns, long since) {
        this.turnsLeft = turns;
        startTurn(since);
    }

    private void startTurn(long since) {
        seen = 0;
        framesInTurn = 0;
        inTurn = true;
        sentAt = since;
        request();
    }

    /** One frame (or SSE event) of text arrived; its deltas follow through {@link #delta}. */
    final synchronized void textFrame() {
        framesInTurn++;
    }

    final synchronized void delta(long stamp) {
        long now = System.nanoTime();
        if (stamp < 0) {
            stats.error("a text delta without a stamp");
            return;
        }
        if (seen == 0) {
            turnFirstDelta = now - sentAt;
        }
        if (seen == turnLatencies.length) {
            turnLatencies = Arrays.copyOf(turnLatencies, seen * 2 + 1);
        }
        turnLatencies[seen++] = now - stamp;
    }

    /** The turn ended: normally ({@code problem} null) or with an error that the report names. */
    final synchronized void turnEnded(String problem) {
        if (!inTurn) {
            return;
        }
        inTurn = false;
        long now = System.nanoTime();
        if (problem == null && seen != expectedDeltas) {
            problem = "a turn ended after " + seen + " of " + expectedDeltas + " deltas";
        }
        boolean counted = turnsLeft >= 0;
        if (problem != null) {
            stats.error(problem);
        } else if (counted || window.open(now)) {
            stats.turns.incrementAndGet();
            stats.deltas.addAndGet(seen);
            stats.textFrames.addAndGet(framesInTurn);
            if (counted || turnIndex > 0) {
                firstDelta.add(turnFirstDelta);
                for (int i = 0; i < seen; i++) {
                    perDelta.add(turnLatencies[i]);
                }
            }
        }
        turnIndex++;
        boolean more = counted ? --turnsLeft > 0 : window.open(now);
        if (problem == null && more) {
            startTurn(System.nanoTime());
        } else {
            finish();
        }
    }

    /** The connection failed: the turn in flight (if any) is an error, and the reader stops. */
    final synchronized void failed(String problem) {
        if (done.isDone()) {
            return;
        }
        stats.error(problem);
        inTurn = false;
        finish();
    }

    final synchronized boolean finished() {
        return done.isDone();
    }

    private void finish() {
        if (!done.isDone()) {
            stats.merge(firstDelta, perDelta);
            done.complete(null);
        }
    }
}
