package io.portagent.agent;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code MESSAGE_RETENTION_DAYS}: once at start-up and then daily, deletes messages older than
 * that and every stored event of that age (deltas and tool results carry the same text), on its
 * own thread, {@code portagent-retention}.
 */
public final class Retention implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Retention.class);

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "portagent-retention");
        thread.setDaemon(true);
        return thread;
    });

    public Retention(AgentRuntime runtime, int days, Clock clock) {
        timer.scheduleAtFixedRate(() -> sweep(runtime, days, clock), 0, 1, TimeUnit.DAYS);
    }

    private static void sweep(AgentRuntime runtime, int days, Clock clock) {
        try {
            var deleted = runtime.deleteOlderThan(clock.millis() - Duration.ofDays(days).toMillis());
            LOG.info("Retention: deleted {} message(s) and {} event(s) older than {} days", deleted.messages(),
                    deleted.events(), days);
        } catch (RuntimeException e) {
            LOG.warn("Retention clean-up failed (it will run again tomorrow): {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
