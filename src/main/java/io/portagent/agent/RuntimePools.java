package io.portagent.agent;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The runtime's two pools, sized on purpose. Store: SQLite has one writer, but the writes that
 * queue for it meanwhile commit together, so the more sessions can queue a write at once, the
 * fewer transactions many turns need: with four threads, at 1,000 streams, a turn's start
 * waited over a second behind other sessions' checkpoints (the benchmark's first delta). The
 * threads mostly wait, so sixteen cost little. Tools: calls may block (files, processes, MCP
 * servers), so more threads, and a bounded queue either way.
 */
final class RuntimePools {

    static final int STORE_THREADS = 16;
    /** On PostgreSQL writes run side by side (and wait for the server's round trips): as many as pooled connections, less a few for requests. */
    static final int SHARED_STORE_THREADS = 8;
    static final int TOOL_THREADS = 16;

    private RuntimePools() {
    }

    static ExecutorService store(boolean shared) {
        return pool("portagent-store", shared ? SHARED_STORE_THREADS : STORE_THREADS, 100_000);
    }

    static ExecutorService tools() {
        return pool("portagent-tool", TOOL_THREADS, 10_000);
    }

    /**
     * The runtime's own timer (text held for a busy socket, a failed write's retry). Never the
     * JDK's shared delay thread: that thread outlives an undeploy, and the first caller's context
     * class loader, ours, with it.
     */
    static ScheduledExecutorService timer() {
        return Executors.newSingleThreadScheduledExecutor(named("portagent-timer"));
    }

    /** Lets queued work finish for a few seconds, then stops what is left. */
    static void shutdown(ExecutorService executor) {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private static ExecutorService pool(String name, int threads, int queue) {
        return new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(queue),
                named(name));
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + n.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
