package io.portagent.bench;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Samples the server's RSS every 200 ms while a phase runs and keeps the highest value. */
final class PeakRss implements AutoCloseable {

    private final ProcStats proc;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "bench-rss-sampler");
        thread.setDaemon(true);
        return thread;
    });
    private volatile double peakMb = -1;

    PeakRss(ProcStats proc) {
        this.proc = proc;
        if (proc.available()) {
            timer.scheduleAtFixedRate(this::sample, 0, 200, TimeUnit.MILLISECONDS);
        }
    }

    private void sample() {
        peakMb = Math.max(peakMb, proc.rssMb());
    }

    double peakMb() {
        return peakMb;
    }

    @Override
    public void close() {
        timer.shutdownNow();
        if (proc.available()) {
            sample();
        }
    }
}
