package io.portagent.bench;

import java.util.Arrays;

/**
 * The CPU time of some processes (the server, the bench itself) sampled every few milliseconds
 * while a burst runs, so the report can say how busy each was in the first 100 and 200 ms after
 * the release: two cores give at most 200 ms of CPU per 100 ms between them. A burst whose first
 * delta waits on a busy server shows the server near that ceiling; one that waits on the machine
 * shows both together near it. /proc counts CPU in clock ticks (10 ms), so a window's figure is
 * good to about a tick per core.
 */
final class CpuTimeline implements AutoCloseable {

    private static final long STEP_NANOS = 2_000_000;

    private final ProcStats[] procs;
    private final Thread sampler;
    private long[] at = new long[1024];
    private double[][] cpuSeconds = new double[1024][];
    private int samples;
    private volatile boolean running = true;

    CpuTimeline(ProcStats... procs) {
        this.procs = procs;
        this.sampler = new Thread(this::run, "bench-cpu-timeline");
        sampler.setDaemon(true);
        sampler.start();
    }

    private void run() {
        while (running) {
            double[] cpu = new double[procs.length];
            for (int p = 0; p < procs.length; p++) {
                cpu[p] = procs[p].cpuSeconds();
            }
            long now = System.nanoTime();
            synchronized (this) {
                if (samples == at.length) {
                    at = Arrays.copyOf(at, samples * 2);
                    cpuSeconds = Arrays.copyOf(cpuSeconds, samples * 2);
                }
                at[samples] = now;
                cpuSeconds[samples++] = cpu;
            }
            java.util.concurrent.locks.LockSupport.parkNanos(STEP_NANOS);
        }
    }

    /**
     * The CPU milliseconds of the {@code index}th process between {@code from} and
     * {@code from + millis} ({@link System#nanoTime()}), or -1 when not known.
     */
    synchronized double cpuMsIn(int index, long from, long millis) {
        double start = valueAt(index, from);
        double end = valueAt(index, from + millis * 1_000_000);
        return start < 0 || end < 0 ? -1 : Report.round((end - start) * 1000);
    }

    /** The last sample at or before {@code time}, or -1 when none is. */
    private double valueAt(int index, long time) {
        double found = -1;
        for (int i = 0; i < samples && at[i] <= time; i++) {
            found = cpuSeconds[i][index];
        }
        return found;
    }

    @Override
    public void close() {
        running = false;
        try {
            sampler.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
