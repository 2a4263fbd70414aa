package io.portagent.agent;

import io.portagent.store.MessageRepository;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code MESSAGE_RETENTION_DAYS}: once at start-up and then daily, deletes messages older than
 * that, the same clean-up the operator guide shows as a sqlite3 command.
 */
final class Retention implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Retention.class);

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "portagent-retention");
        thread.setDaemon(true);
        return thread;
    });

    Retention(MessageRepository messages, int days, Clock clock) {
        timer.scheduleAtFixedRate(() -> sweep(messages, days, clock), 0, 1, TimeUnit.DAYS);
    }

    private static void sweep(MessageRepository messages, int days, Clock clock) {
        try {
            int deleted = messages.deleteOlderThan(clock.millis() - Duration.ofDays(days).toMillis());
            LOG.info("Retention: deleted {} message(s) older than {} days", deleted, days);
        } catch (RuntimeException e) {
            LOG.warn("Retention clean-up failed (it will run again tomorrow): {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
